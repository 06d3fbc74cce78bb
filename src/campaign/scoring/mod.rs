//! The score sheet and an agency's self-score: the sheet validated once per build; each
//! dossier validated against it and computed (group subtotals, "không phát sinh",
//! re-weighting, bonus and penalty after caps, total, class; the appraised total and class
//! when appraised). Points are kept in hundredths, so 89,99 never becomes 90.
//!
//! `sheet` reads the sheet; a dossier goes through `claims` (what it claims, checked),
//! `tally` (the arithmetic) and `table` (what templates show).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Sub};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_saphyr::Spanned;

mod claims;
pub mod dossier;
pub mod published;
mod sheet;
mod table;
mod tally;

use crate::ground::diag::Diagnostic;
use crate::load::model::DocFile;

/// Points in hundredths: whole numbers, so sums and thresholds are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize)]
#[serde(transparent)]
pub struct Pts(i64);

impl Pts {
    pub const ZERO: Pts = Pts(0);

    /// 8,5 points is 850 hundredths.
    pub const fn from_hundredths(h: i64) -> Pts {
        Pts(h)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }
}

/// "8,5", "92,25", "5", "-1": Vietnamese decimals, no trailing zero.
impl fmt::Display for Pts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let i = crate::ground::nd30::integer(self.0.abs() / 100);
        match self.0.abs() % 100 {
            0 => write!(f, "{sign}{i}"),
            h if h % 10 == 0 => write!(f, "{sign}{i},{}", h / 10),
            h => write!(f, "{sign}{i},{h:02}"),
        }
    }
}

impl Add for Pts {
    type Output = Pts;
    fn add(self, o: Pts) -> Pts {
        Pts(self.0 + o.0)
    }
}

impl Sub for Pts {
    type Output = Pts;
    fn sub(self, o: Pts) -> Pts {
        Pts(self.0 - o.0)
    }
}

/// A penalty's points per occurrence times its occurrences.
impl Mul<i64> for Pts {
    type Output = Pts;
    fn mul(self, n: i64) -> Pts {
        Pts(self.0 * n)
    }
}

impl Sum for Pts {
    fn sum<I: Iterator<Item = Pts>>(iter: I) -> Pts {
        iter.fold(Pts::ZERO, Add::add)
    }
}

/// Required by `PartialOrd<i64>`.
impl PartialEq<i64> for Pts {
    fn eq(&self, o: &i64) -> bool {
        self.0 == *o
    }
}

/// Against a plain number of hundredths, so a sign test reads `d > 0`.
impl PartialOrd<i64> for Pts {
    fn partial_cmp(&self, o: &i64) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(o)
    }
}

/// A number of points from the data: not negative, at most two decimals.
pub fn points(path: &Path, v: &Spanned<f64>, what: &str) -> Result<Pts, Diagnostic> {
    let x = v.value;
    let h = (x * 100.0).round();
    if !x.is_finite() || x < 0.0 {
        return Err(Diagnostic::at(
            path,
            v.referenced,
            format!("{what} `{x}` âm hoặc không hợp lệ"),
        )
        .hint("điểm là số không âm, ví dụ 5 hoặc 4,5 (viết 4.5)"));
    }
    if (x * 100.0 - h).abs() > 1e-6 {
        return Err(Diagnostic::at(
            path,
            v.referenced,
            format!("{what} `{x}` có quá hai chữ số thập phân"),
        )
        .hint("điểm chấm đến 0,01; ví dụ 4.25"));
    }
    Ok(Pts(h as i64))
}

/// How a leaf scores when its situation did not arise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum NotArising {
    /// Full marks.
    Max,
    /// Left out; the other leaves are re-weighted to the sheet's total.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub so: String,
    pub ten: String,
    pub depth: usize,
    /// Index (in `criteria`) of the parent criterion.
    pub parent: Option<usize>,
    /// Index of the top-level group.
    pub group: usize,
    /// Leaf: its maximum; a group or intermediate node: None.
    pub max: Option<Pts>,
    pub cach_cham: Option<String>,
    pub kiem_chung: Option<String>,
    pub khoi: Vec<String>,
    pub not_arising: Option<NotArising>,
}

impl Criterion {
    pub fn applies_to(&self, block: Option<&str>) -> bool {
        self.khoi.is_empty() || block.is_some_and(|b| self.khoi.iter().any(|k| k == b))
    }
}

#[derive(Debug, Clone)]
pub struct Adjust {
    pub cap: Option<Pts>,
    pub items: Vec<(String, String, Pts)>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub ten: String,
    pub from: Pts,
    pub no_zero_group: bool,
    pub no_penalty: Vec<String>,
}

/// The validated score sheet.
#[derive(Debug, Clone)]
pub struct ScoreSheet {
    pub file: PathBuf,
    pub ten: String,
    pub minh_hoa: bool,
    pub quyet_dinh: Option<String>,
    /// "bao-cao" or "to-trinh".
    pub loai_van_ban: String,
    /// Criteria in document order, groups first of their subtree.
    pub criteria: Vec<Criterion>,
    pub bonus: Adjust,
    pub penalty: Adjust,
    /// Bands, highest first.
    pub bands: Vec<Band>,
}

impl ScoreSheet {
    /// Whether criterion `i` lies under criterion `ancestor`.
    pub fn under(&self, i: usize, ancestor: usize) -> bool {
        let mut cur = self.criteria[i].parent;
        while let Some(p) = cur {
            if p == ancestor {
                return true;
            }
            cur = self.criteria[p].parent;
        }
        false
    }

    pub fn leaves(&self) -> impl Iterator<Item = &Criterion> + Clone {
        self.criteria.iter().filter(|c| c.max.is_some())
    }

    /// The sheet's total: every leaf's maximum.
    pub fn full(&self) -> Pts {
        self.leaves().filter_map(|c| c.max).sum()
    }

    /// The class for a total, lowered past the bands a condition blocks; None without bands.
    pub fn class(&self, total: Pts, zero_group: bool, penalties: &[String]) -> Option<String> {
        self.bands
            .iter()
            .filter(|b| total >= b.from)
            .find(|b| {
                !(b.no_zero_group && zero_group)
                    && !b.no_penalty.iter().any(|p| penalties.contains(p))
            })
            .map(|b| b.ten.clone())
    }
}

/// One row of the self-score table, as templates see it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Row {
    /// A group row (spans the table).
    pub nhom: bool,
    /// Bold: an intermediate criterion, a subtotal.
    pub dam: bool,
    /// A group's subtotal ("Cộng nhóm"), kept on the page of the group's last row.
    pub cuoi_nhom: bool,
    pub so: String,
    pub ten: String,
    pub toi_da: String,
    pub tu_cham: String,
    pub tham_dinh: String,
    pub kiem_chung: String,
    pub giai_trinh: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupTotal {
    pub so: String,
    pub ten: String,
    pub toi_da: String,
    pub tu_cham: String,
    pub tham_dinh: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub stt: usize,
    pub ten: String,
    pub tieu_chi: String,
}

/// A dossier's computed result, as templates see it (`cham_diem`).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub bang_diem: String,
    pub quyet_dinh: Option<String>,
    pub loai_van_ban: String,
    pub thang_diem: String,
    /// Points of the criteria (re-weighted when leaves were left out).
    pub diem_tieu_chi: String,
    pub quy_doi: bool,
    pub diem_thuong: String,
    pub diem_tru: String,
    pub tong: String,
    pub tong_diem: Pts,
    pub xep_loai: Option<String>,
    /// Appraised total and class, once appraised.
    pub tham_dinh: Option<String>,
    pub tham_dinh_diem: Option<Pts>,
    pub xep_loai_tham_dinh: Option<String>,
    pub nhom: Vec<GroupTotal>,
    pub dong: Vec<Row>,
    pub tai_lieu: Vec<EvidenceRow>,
}

/// Computes a dossier; every problem with its place. `block` is the agency's block; `own`
/// turns `van_ban: <name>` into the citation of the agency's own document.
pub fn score(
    path: &Path,
    sheet: &ScoreSheet,
    block: Option<&str>,
    d: &DocFile,
    own: &dyn Fn(&Spanned<String>) -> Result<String, Diagnostic>,
) -> Result<Outcome, Vec<Diagnostic>> {
    let claims = claims::Reader::new(path, sheet, block, own).read(d)?;
    let tally = tally::Tally::new(sheet, block, &claims);
    Ok(table::outcome(sheet, block, &claims, &tally))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_vietnamese_style() {
        assert_eq!(Pts(850).to_string(), "8,5");
        assert_eq!(Pts(9225).to_string(), "92,25");
        assert_eq!(Pts(500).to_string(), "5");
        assert_eq!(Pts(10000).to_string(), "100");
        assert_eq!(Pts(0).to_string(), "0");
    }

    #[test]
    fn negative_points_print_with_a_minus() {
        assert_eq!(Pts(-100).to_string(), "-1");
        assert_eq!(Pts(-850).to_string(), "-8,5");
        assert_eq!(format!("{}", Pts(-5)), "-0,05");
    }
}

#[cfg(test)]
mod computed {
    use super::*;
    use crate::load::model::{DocFile, ScoreSheetFile};

    const SHEET: &str = r#"
ten: Bảng điểm thử
tieu_chi:
  - so: "1"
    ten: Nhóm một
    tieu_chi:
      - { so: "1.1", ten: Lá một, diem: 40 }
      - { so: "1.2", ten: Lá hai, diem: 10, khong_phat_sinh: bo }
  - so: "2"
    ten: Nhóm hai
    tieu_chi:
      - { so: "2.1", ten: Lá ba, diem: 40, khong_phat_sinh: toi_da }
      - { so: "2.2", ten: Chỉ cho xã, diem: 10, khoi: [ubnd-xa] }
diem_thuong:
  toi_da: 5
  muc:
    - { ma: a, ten: Thưởng A, diem: 3 }
    - { ma: b, ten: Thưởng B, diem: 4 }
diem_tru:
  toi_da: 6
  muc:
    - { ma: tre, ten: Trễ hạn, diem: 2 }
    - { ma: nang, ten: Vi phạm nặng, diem: 1 }
xep_loai:
  - { ten: Tốt, tu: 90, chan_nhom_0: true, chan_diem_tru: [nang] }
  - { ten: Khá, tu: 70 }
  - { ten: Yếu, tu: 0 }
"#;

    fn sheet() -> ScoreSheet {
        let f: ScoreSheetFile = serde_saphyr::from_str(SHEET).unwrap();
        ScoreSheet::from_file(
            Path::new("bang-diem.yaml"),
            &f,
            &["ubnd-xa", "so-ban-nganh"],
        )
        .unwrap()
    }

    fn run(doc: &str, block: &str) -> Result<Outcome, Vec<String>> {
        let d: DocFile = serde_saphyr::from_str(doc).unwrap();
        let own = |_: &Spanned<String>| Ok("Kế hoạch số 1/KH-X ngày 01/3/2025".to_string());
        score(Path::new("ho-so.yaml"), &sheet(), Some(block), &d, &own)
            .map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
    }

    /// A dossier of the three leaves a sở has, with `extra` lines after them.
    fn sở(p11: &str, p12: &str, p21: &str, extra: &str) -> Result<Outcome, Vec<String>> {
        let why = "giai_trinh: lý do";
        run(
            &format!("cham_diem:\n  \"1.1\": {{ diem: {p11}, {why} }}\n  \"1.2\": {{ {p12}, {why} }}\n  \"2.1\": {{ {p21}, {why} }}\n{extra}"),
            "so-ban-nganh",
        )
    }

    #[test]
    fn band_edges_are_exact() {
        // A sở has 90 of the sheet's 100 points (2.2 is for xã only): totals are re-weighted
        // to 100. 81 of 90 is exactly 90; 80,99 of 90 is 89,9889, shown 89,99.
        let r = sở("31", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("90", Some("Tốt")),
            "{r:?}"
        );
        assert!(r.quy_doi);
        let r = sở("30.99", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("89,99", Some("Khá"))
        );
        // 70 of 90 is 77,78; 60 of 90 is 66,67.
        let r = sở("20", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("77,78", Some("Khá"))
        );
        let r = sở("20", "diem: 0", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("66,67", Some("Yếu"))
        );
        // 1.2 left out ("không phát sinh", re-weighted): 79,99 of 80 is 99,9875, shown 99,99.
        let r = sở("39.99", "khong_phat_sinh: true", "diem: 40", "").unwrap();
        assert_eq!(r.tong, "99,99");
    }

    #[test]
    fn blocking_conditions_lower_the_class() {
        let s = sheet();
        assert_eq!(s.class(Pts(9000), false, &[]).as_deref(), Some("Tốt"));
        assert_eq!(s.class(Pts(8999), false, &[]).as_deref(), Some("Khá"));
        assert_eq!(
            s.class(Pts(9500), true, &[]).as_deref(),
            Some("Khá"),
            "a group at 0"
        );
        assert_eq!(
            s.class(Pts(9500), false, &["nang".into()]).as_deref(),
            Some("Khá")
        );
        assert_eq!(
            s.class(Pts(9500), false, &["tre".into()]).as_deref(),
            Some("Tốt")
        );
        assert_eq!(s.class(Pts(0), true, &[]).as_deref(), Some("Yếu"));
        // Every band edge: the threshold itself is in the band, 0,01 below is not.
        assert_eq!(s.class(Pts(7000), false, &[]).as_deref(), Some("Khá"));
        assert_eq!(s.class(Pts(6999), false, &[]).as_deref(), Some("Yếu"));
        assert_eq!(
            s.class(Pts(10500), false, &[]).as_deref(),
            Some("Tốt"),
            "above the scale with a bonus"
        );
    }

    #[test]
    fn caps_and_not_arising() {
        // Bonus 3 + 4 capped at 5; penalty 2 × 4 capped at 6: 100 + 5 − 6.
        let r = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "diem_thuong: [{ ma: a }, { ma: b }]\ndiem_tru: [{ ma: tre, so_lan: 4 }]\n",
        )
        .unwrap();
        assert_eq!(
            (r.diem_thuong.as_str(), r.diem_tru.as_str(), r.tong.as_str()),
            ("5", "6", "99")
        );
        assert!(r
            .dong
            .iter()
            .any(|x| x.ten == "Điểm thưởng được tính (tối đa 5 điểm)"));
        // A penalty that blocks Tốt: 99 is Khá.
        let r = sở("40", "diem: 10", "diem: 40", "diem_tru: [{ ma: nang }]\n").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("99", Some("Khá"))
        );
        // A group at 0.
        let r = sở(
            "0",
            "diem: 0",
            "khong_phat_sinh: true",
            "diem_thuong: [{ ma: a }, { ma: b }]\n",
        )
        .unwrap();
        assert_eq!(r.nhom[0].tu_cham, "0");
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("49,44", Some("Yếu"))
        );
        // "Không phát sinh" at full marks counts the maximum.
        let r = sở("40", "diem: 10", "khong_phat_sinh: true", "").unwrap();
        assert_eq!(r.tong, "100");
        // The block-only leaf is required of a xã and absent from a sở's table.
        assert!(!r.dong.iter().any(|x| x.ten == "Chỉ cho xã"));
        let e = run("cham_diem:\n  \"1.1\": { diem: 40 }\n  \"1.2\": { diem: 10 }\n  \"2.1\": { diem: 40 }\n", "ubnd-xa").unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("thiếu điểm tự chấm của tiêu chí `2.2` (Chỉ cho xã)")),
            "{e:?}"
        );
    }

    #[test]
    fn appraisal_classifies_on_the_appraised_total() {
        let r = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "tham_dinh:\n  \"1.1\": { diem: 25, ly_do: thiếu biên bản }\n",
        )
        .unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("100", Some("Tốt"))
        );
        // 75 of 90.
        assert_eq!(
            (r.tham_dinh.as_deref(), r.xep_loai_tham_dinh.as_deref()),
            (Some("83,33"), Some("Khá"))
        );
        let e = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "tham_dinh:\n  \"1.1\": { diem: 25 }\n",
        )
        .unwrap_err();
        assert!(e[0].contains("thiếu `ly_do`"), "{e:?}");
    }

    #[test]
    fn every_validation_error_names_the_criterion_and_the_place() {
        let e = sở("41", "diem: -1", "diem: 40", "").unwrap_err();
        assert!(
            e.iter().any(|m| m.contains("ho-so.yaml:2:18:")
                && m.contains("tiêu chí `1.1` (Lá một): điểm tự chấm 41 vượt điểm tối đa 40")),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.contains("âm")), "{e:?}");
        let e = run("cham_diem:\n  \"1.1\": { diem: 30 }\n  \"1.3\": { diem: 1 }\n  \"2.1\": { diem: 40, khong_phat_sinh: true }\n", "so-ban-nganh").unwrap_err();
        assert!(
            e.iter().any(|m| m.contains(
                "tiêu chí `1.1` (Lá một): chấm 30 dưới điểm tối đa 40 nhưng thiếu `giai_trinh`"
            )),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.contains("không có tiêu chí `1.3`") && m.contains("có phải ý bạn là")),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.contains("không ghi cả hai")), "{e:?}");
        assert!(
            e.iter()
                .any(|m| m.contains("thiếu điểm tự chấm của tiêu chí `1.2`")),
            "{e:?}"
        );
        let e = run("cham_diem:\n  \"1\": { diem: 3 }\n  \"1.1\": { diem: 40, khong_phat_sinh: true, giai_trinh: x }\n", "so-ban-nganh").unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("`1` (Nhóm một) là nhóm tiêu chí")),
            "{e:?}"
        );
        let e = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "diem_thuong: [{ ma: a, diem: 4 }, { ma: c }]\n",
        )
        .unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("điểm thưởng `a` (Thưởng A): 4 vượt mức 3")),
            "{e:?}"
        );
        assert!(
            e.iter().any(|m| m.contains("không có mục điểm thưởng `c`")),
            "{e:?}"
        );
    }
}
