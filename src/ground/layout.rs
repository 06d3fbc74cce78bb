//! The ND30 layout in numbers: size profile, margins, spacing, and the widths measured
//! from the font (column split, rule lengths). Both renderers read only these numbers, so
//! DOCX and PDF paginate alike and no size is typed twice.

use serde::{Deserialize, Serialize};

use crate::ground::fonts::{Face, FontSet};
use crate::ground::nd30;

/// Workspace layout settings (`trinh_bay` in vanban.yaml), validated against ND30's ranges.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Size profile: 13 or 14 (spec §11).
    pub co_chu: u8,
    /// Margins in millimetres.
    pub le: Margins,
    /// Line spacing as a multiple of single (1.0–1.5).
    pub gian_dong: f64,
    /// Space before each paragraph, in points (≥ 6).
    pub cach_doan: f64,
    /// First-line indent in centimetres (1 or 1.27).
    pub thut_dau_dong: f64,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Margins {
    pub tren: f64,
    pub duoi: f64,
    pub trai: f64,
    pub phai: f64,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            tren: 20.0,
            duoi: 20.0,
            trai: 30.0,
            phai: 15.0,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            co_chu: 14,
            le: Margins::default(),
            gian_dong: 1.0,
            cach_doan: 6.0,
            thut_dau_dong: 1.0,
        }
    }
}

impl Settings {
    /// Every value outside the decree's ranges, as (field, message) pairs.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut check = |field: &str, v: f64, lo: f64, hi: f64, what: &str| {
            if !(lo..=hi).contains(&v) {
                out.push((
                    field.to_string(),
                    format!(
                        "{what} phải từ {} đến {} (Nghị định 30), đang là {}",
                        nd30::decimal(lo, 2),
                        nd30::decimal(hi, 2),
                        nd30::decimal(v, 2)
                    ),
                ));
            }
        };
        check(
            "trinh_bay.le.tren",
            self.le.tren,
            MARGIN_TOP_MM.0,
            MARGIN_TOP_MM.1,
            "lề trên (mm)",
        );
        check(
            "trinh_bay.le.duoi",
            self.le.duoi,
            MARGIN_BOTTOM_MM.0,
            MARGIN_BOTTOM_MM.1,
            "lề dưới (mm)",
        );
        check(
            "trinh_bay.le.trai",
            self.le.trai,
            MARGIN_LEFT_MM.0,
            MARGIN_LEFT_MM.1,
            "lề trái (mm)",
        );
        check(
            "trinh_bay.le.phai",
            self.le.phai,
            MARGIN_RIGHT_MM.0,
            MARGIN_RIGHT_MM.1,
            "lề phải (mm)",
        );
        check(
            "trinh_bay.gian_dong",
            self.gian_dong,
            1.0,
            1.5,
            "giãn dòng (lần)",
        );
        check(
            "trinh_bay.cach_doan",
            self.cach_doan,
            6.0,
            24.0,
            "khoảng cách đoạn (pt)",
        );
        check(
            "trinh_bay.thut_dau_dong",
            self.thut_dau_dong,
            1.0,
            1.27,
            "thụt đầu dòng (cm)",
        );
        if self.co_chu != 13 && self.co_chu != 14 {
            out.push((
                "trinh_bay.co_chu".into(),
                format!("cỡ chữ chỉ được chọn 13 hoặc 14, đang là {}", self.co_chu),
            ));
        }
        out
    }
}

/// Font sizes (pt) of every component, from the chosen profile (spec §10–11).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sizes {
    pub quoc_hieu: f64,
    pub tieu_ngu: f64,
    pub agency: f64,
    pub number: f64,
    /// A công văn's "V/v …" line (ô 5b, H-22).
    pub subject: f64,
    pub date: f64,
    pub type_name: f64,
    pub body: f64,
    pub heading: f64,
    pub signature: f64,
    pub kinh_gui: f64,
    pub page_number: f64,
    pub recipients_label: f64,
    pub recipients: f64,
    pub drafter: f64,
    pub footnote: f64,
    pub table: f64,
}

impl Sizes {
    pub fn profile(p: u8) -> Sizes {
        let (small, big) = if p == 13 { (12.0, 13.0) } else { (13.0, 14.0) };
        Sizes {
            quoc_hieu: small,
            tieu_ngu: big,
            agency: small,
            number: 13.0,
            subject: small,
            date: big,
            type_name: big,
            body: big,
            heading: big,
            signature: big,
            kinh_gui: big,
            page_number: big,
            recipients_label: 12.0,
            recipients: 11.0,
            drafter: 11.0,
            footnote: 11.0,
            table: big - 1.0,
        }
    }
}

/// Vertical gaps between the blocks of a document, in points.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Gaps {
    /// Above the type name (ô 5a).
    pub title_before_pt: f64,
    /// Above the number/date row of the header.
    pub number_row_before_pt: f64,
    /// Above "Kính gửi".
    pub kinh_gui_before_pt: f64,
    /// Between the number and a công văn's "V/v …" line (H-22).
    pub subject_before_pt: f64,
    /// Above the Nơi nhận / signature row.
    pub signature_before_pt: f64,
    /// Font size of the empty line that carries a rule, so the rule hugs the text above.
    pub rule_mark_pt: f64,
    /// Size of the "Phụ lục" label (fixed, spec §10).
    pub appendix_label_pt: f64,
    /// Between an appendix's heading rule and its first block.
    pub appendix_body_gap_pt: f64,
}

impl Default for Gaps {
    fn default() -> Self {
        Gaps {
            title_before_pt: 12.0,
            number_row_before_pt: 6.0,
            kinh_gui_before_pt: 12.0,
            subject_before_pt: 6.0,
            signature_before_pt: 12.0,
            rule_mark_pt: 2.0,
            appendix_label_pt: 14.0,
            appendix_body_gap_pt: 12.0,
        }
    }
}

/// Every number a renderer needs, computed once per document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Geometry {
    pub page_width_mm: f64,
    pub page_height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    /// Distance of the page-number header from the top edge.
    pub header_distance_mm: f64,
    pub text_width_mm: f64,
    /// Text width of a landscape section (P-2: the margins apply as written).
    pub landscape_text_width_mm: f64,
    /// Left (ô 2, 3, Nơi nhận) and right (ô 1, 4, signature) columns.
    pub left_col_mm: f64,
    pub right_col_mm: f64,
    /// Rule under the Tiêu ngữ: as long as its text.
    pub tieu_ngu_rule_mm: f64,
    /// Rule under the issuing body's name: 40 % of its longest line.
    pub agency_rule_mm: f64,
    /// Rule under the trích yếu: 40 % of its longest line.
    pub summary_rule_mm: f64,
    pub rule_stroke_pt: f64,
    /// Cell padding of body tables (horizontal, vertical).
    pub table_pad_x_mm: f64,
    pub table_pad_y_mm: f64,
    pub line_spacing: f64,
    pub para_spacing_pt: f64,
    pub indent_mm: f64,
    /// Height left blank for the signature and seal (spec S-4).
    pub signature_gap_mm: f64,
    pub sizes: Sizes,
    /// Vertical gaps ND30 leaves open (spec §8), the same in both renderers.
    pub gaps: Gaps,
    /// Family the PDF uses.
    pub pdf_family: String,
    pub docx_family: String,
}

/// Fraction of a text line used for the short rules (ND30: 1/3 to 1/2).
pub const SHORT_RULE_FRACTION: f64 = 0.4;
/// Horizontal cell padding the renderers apply on each side of a header column.
pub const CELL_PAD_MM: f64 = 1.0;

impl Geometry {
    pub fn landscape_text_width_mm(&self) -> f64 {
        self.landscape_text_width_mm
    }

    /// Measure the header texts and split the columns.
    pub fn compute(
        settings: &Settings,
        fonts: &FontSet,
        agency_lines: &[String],
        summary: &str,
    ) -> Geometry {
        let sizes = Sizes::profile(settings.co_chu);
        let m = settings.le;
        let text_width = 210.0 - m.trai - m.phai;
        // The right column must hold the Quốc hiệu on one line, plus padding and a margin of
        // safety for renderers that round differently.
        let qh = fonts.width_mm(nd30::QUOC_HIEU, Face::Bold, sizes.quoc_hieu);
        let right = (qh + 2.0 * CELL_PAD_MM + 4.0).max(text_width * 0.55);
        let left = text_width - right;
        let inner_left = left - 2.0 * CELL_PAD_MM;
        let longest = |lines: &[String], face: Face, size: f64, room: f64| {
            lines
                .iter()
                .map(|l| fonts.width_mm(l, face, size).min(room))
                .fold(0.0_f64, f64::max)
        };
        let agency = longest(agency_lines, Face::Bold, sizes.agency, inner_left);
        let summary_w = fonts
            .width_mm(summary, Face::Bold, sizes.type_name)
            .min(text_width);
        let tieu_ngu = fonts.width_mm(nd30::TIEU_NGU, Face::Bold, sizes.tieu_ngu);
        Geometry {
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_top_mm: m.tren,
            margin_bottom_mm: m.duoi,
            margin_left_mm: m.trai,
            margin_right_mm: m.phai,
            header_distance_mm: 8.0,
            text_width_mm: round2(text_width),
            landscape_text_width_mm: round2(297.0 - m.trai - m.phai),
            left_col_mm: round2(left),
            right_col_mm: round2(right),
            tieu_ngu_rule_mm: round2(tieu_ngu),
            agency_rule_mm: round2(agency * SHORT_RULE_FRACTION),
            summary_rule_mm: round2(if summary.is_empty() {
                text_width * 0.2
            } else {
                summary_w * SHORT_RULE_FRACTION
            }),
            rule_stroke_pt: 0.6,
            table_pad_x_mm: TABLE_CELL_PAD_MM,
            table_pad_y_mm: TABLE_CELL_PAD_Y_MM,
            line_spacing: settings.gian_dong,
            para_spacing_pt: settings.cach_doan,
            indent_mm: settings.thut_dau_dong * 10.0,
            signature_gap_mm: 25.0,
            sizes,
            gaps: Gaps::default(),
            pdf_family: fonts.family.clone(),
            docx_family: crate::ground::fonts::DOCX_FAMILY.to_string(),
        }
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Millimetres to twentieths of a point (DOCX units).
pub fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// ND30's margin ranges in millimetres (P-3): top, bottom, left, right.
pub const MARGIN_TOP_MM: (f64, f64) = (20.0, 25.0);
pub const MARGIN_BOTTOM_MM: (f64, f64) = (20.0, 25.0);
pub const MARGIN_LEFT_MM: (f64, f64) = (30.0, 35.0);
pub const MARGIN_RIGHT_MM: (f64, f64) = (15.0, 20.0);

/// A margin in whole twips that reads back inside `range` (mm): the nearest twip, moved one
/// twip inwards when rounding crossed a bound. Plain rounding writes 15 mm as 850 twips,
/// which is 14.994 mm, under the decree's minimum.
pub fn margin_twips(mm: f64, range: (f64, f64)) -> i32 {
    let to_mm = |t: i32| t as f64 * 25.4 / 1440.0;
    let mut t = twips(mm);
    if to_mm(t) < range.0 && to_mm(t + 1) <= range.1 {
        t += 1;
    } else if to_mm(t) > range.1 && to_mm(t - 1) >= range.0 {
        t -= 1;
    }
    t
}

/// Horizontal padding of a table cell on each side (both renderers).
pub const TABLE_CELL_PAD_MM: f64 = 1.5;
/// Vertical padding of a table cell (both renderers).
pub const TABLE_CELL_PAD_Y_MM: f64 = 0.5;

/// Column widths in millimetres: the relative `widths` scaled to `total_mm`, then every
/// column narrower than its `min_mm` (its longest word) widened, the room taken from the
/// other columns in proportion to their slack. So "STT" never breaks into "ST/T".
pub fn fit_columns(widths: &[f64], min_mm: &[f64], total_mm: f64) -> Vec<f64> {
    let sum: f64 = widths.iter().sum::<f64>().max(f64::EPSILON);
    let mut mm: Vec<f64> = widths.iter().map(|w| w / sum * total_mm).collect();
    let min = |i: usize| min_mm.get(i).copied().unwrap_or(0.0);
    let deficit: f64 = mm
        .iter()
        .enumerate()
        .map(|(i, w)| (min(i) - w).max(0.0))
        .sum();
    if deficit <= 0.0 {
        return mm;
    }
    let slack: f64 = mm
        .iter()
        .enumerate()
        .map(|(i, w)| (w - min(i)).max(0.0))
        .sum();
    if slack <= deficit {
        // Not enough room for every word: share the width by the minimums.
        let total_min: f64 = (0..mm.len()).map(min).sum::<f64>().max(f64::EPSILON);
        return (0..mm.len())
            .map(|i| min(i) / total_min * total_mm)
            .collect();
    }
    for (i, w) in mm.iter_mut().enumerate() {
        if *w < min(i) {
            *w = min(i);
        } else {
            *w -= (*w - min(i)) / slack * deficit;
        }
    }
    mm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_columns_are_widened_from_the_slack() {
        let mm = fit_columns(&[1.0, 10.0, 1.0], &[12.0, 20.0, 5.0], 120.0);
        assert!((mm[0] - 12.0).abs() < 1e-9, "{mm:?}");
        assert!((mm.iter().sum::<f64>() - 120.0).abs() < 1e-9);
        assert!(mm[1] > 20.0 && mm[2] >= 5.0, "{mm:?}");
    }

    #[test]
    fn wide_enough_columns_keep_their_proportions() {
        assert_eq!(
            fit_columns(&[1.0, 3.0], &[1.0, 1.0], 100.0),
            vec![25.0, 75.0]
        );
    }

    #[test]
    fn margins_in_twips_stay_inside_the_decree() {
        let mm = |t: i32| t as f64 * 25.4 / 1440.0;
        for (range, step) in [
            (MARGIN_TOP_MM, 0.1),
            (MARGIN_LEFT_MM, 0.1),
            (MARGIN_RIGHT_MM, 0.1),
        ] {
            let mut v = range.0;
            while v <= range.1 + 1e-9 {
                let t = margin_twips(v, range);
                assert!(
                    mm(t) >= range.0 && mm(t) <= range.1,
                    "{v} mm -> {t} twips = {} mm",
                    mm(t)
                );
                assert!((mm(t) - v).abs() < 0.03, "{v} mm -> {t}");
                v += step;
            }
        }
        assert_eq!(margin_twips(15.0, MARGIN_RIGHT_MM), 851);
        assert_eq!(margin_twips(20.0, MARGIN_RIGHT_MM), 1133);
        assert_eq!(margin_twips(30.0, MARGIN_LEFT_MM), 1701);
        assert_eq!(margin_twips(20.0, MARGIN_TOP_MM), 1134);
    }

    #[test]
    fn measured_header_geometry_matches_the_spec() {
        let fonts = FontSet::bundled();
        // Spec §12: Quốc hiệu 13 pt bold 95.7 mm; Tiêu ngữ 14 pt bold 60.5 mm (±1 mm).
        assert!((fonts.width_mm(nd30::QUOC_HIEU, Face::Bold, 13.0) - 95.7).abs() < 1.0);
        let g = Geometry::compute(
            &Settings::default(),
            &fonts,
            &["ỦY BAN NHÂN DÂN".into()],
            "Thực hiện",
        );
        assert!(
            (g.tieu_ngu_rule_mm - 60.5).abs() < 1.0,
            "{}",
            g.tieu_ngu_rule_mm
        );
        assert!(
            g.right_col_mm >= 95.7 + 2.0 * CELL_PAD_MM,
            "Quốc hiệu fits its column"
        );
        assert!((g.left_col_mm + g.right_col_mm - 165.0).abs() < 0.01);
        let agency = fonts.width_mm("ỦY BAN NHÂN DÂN", Face::Bold, 13.0);
        assert!(g.agency_rule_mm >= agency / 3.0 && g.agency_rule_mm <= agency / 2.0);
    }
}
