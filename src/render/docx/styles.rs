//! The document's own style sheet, computed from its geometry.
//!
//! Every paragraph refers to a style of the sheet (`Sheet`): body text is `Normal`, the
//! part, item and point titles are outline-level styles, and each block of the header, the
//! signature and the tables has a style named in Vietnamese. A paragraph carries direct
//! formatting only where it alone differs from its style (a rule's measured indents, the
//! first signature line's space before). So a clerk who edits the file in Word or
//! LibreOffice gets the same look for a new paragraph, and the navigation pane lists the
//! document's parts and items.
//!
//! The styles inherit (`w:basedOn`): the body styles are based on `Normal`, the header,
//! table, signature and footnote styles on `DongDon` (a plain line, itself based on
//! `Normal`), and styles.xml writes for each only what differs from its parent (`fix`
//! strips the rest). So a clerk who changes Normal's spacing or size sees every body
//! paragraph, dash item and title follow, while the header block keeps its own spacing.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType, VertAlignType,
};

use crate::ground::layout::{twips, Geometry};

/// Character style for footnote marks (docx-rs does not superscript them).
pub(crate) const FOOTNOTE_REF_STYLE: &str = "FootnoteReference";

/// Style ids of the sheet. They are stable: tests, users' macros and templates may name
/// them. The display names (in `Sheet::new`) are Vietnamese.
pub mod style {
    /// Body text (ND30 B-1); the default paragraph style, the root of every other.
    pub const NORMAL: &str = "Normal";
    /// A plain line (left, no indent, no space, single spacing) based on Normal: the parent
    /// of the header, table, signature, appendix, page and footnote styles. It states its
    /// whole layout, so they keep it when Normal's spacing or indent changes; its font and
    /// size come from Normal.
    pub const DONG_DON: &str = "DongDon";
    /// Căn cứ lines and other italic body paragraphs (B-3).
    pub const CAN_CU: &str = "CanCu";
    /// A bold centred body line ("QUYẾT ĐỊNH:").
    pub const GIUA: &str = "DongGiua";
    /// Parts "I., II." (outline level 1).
    pub const MUC: &str = "Muc";
    /// A part number leading a paragraph, not a title: body text, no outline level.
    pub const MUC_DOAN: &str = "MucDoan";
    /// Items "1., 2." with a title (outline level 2).
    pub const KHOAN: &str = "Khoan";
    /// A numbered paragraph "1. …": body text, no outline level.
    pub const KHOAN_DOAN: &str = "KhoanDoan";
    /// Points "a), b)" with a title (outline level 3).
    pub const DIEM: &str = "Diem";
    /// A lettered paragraph "a) …": body text, no outline level.
    pub const DIEM_DOAN: &str = "DiemDoan";
    /// Dash item "- …".
    pub const GACH: &str = "GachDauDong";
    /// Second-level item "+ …".
    pub const GACH_2: &str = "GachCapHai";
    pub const CO_QUAN_CHU_QUAN: &str = "CoQuanChuQuan";
    pub const CO_QUAN: &str = "CoQuanBanHanh";
    pub const QUOC_HIEU: &str = "QuocHieu";
    pub const TIEU_NGU: &str = "TieuNgu";
    /// An empty paragraph whose bottom border is a rule.
    pub const RULE: &str = "DuongKe";
    pub const SO_KY_HIEU: &str = "SoKyHieu";
    pub const DIA_DANH_NGAY: &str = "DiaDanhNgay";
    pub const TEN_LOAI: &str = "TenLoai";
    pub const TRICH_YEU: &str = "TrichYeu";
    /// A công văn's "V/v …" under its number (ô 5b).
    pub const TRICH_YEU_CONG_VAN: &str = "TrichYeuCongVan";
    pub const KINH_GUI: &str = "KinhGui";
    pub const KINH_GUI_DONG: &str = "KinhGuiDong";
    pub const BANG: &str = "BangChu";
    pub const BANG_GIUA: &str = "BangChuGiua";
    pub const BANG_PHAI: &str = "BangChuPhai";
    pub const BANG_TIEU_DE: &str = "BangTieuDe";
    pub const NOI_NHAN: &str = "NoiNhan";
    pub const NOI_NHAN_DONG: &str = "NoiNhanDong";
    pub const KY_HIEU_SOAN: &str = "KyHieuNguoiSoan";
    pub const CHUC_VU_KY: &str = "ChucVuNguoiKy";
    pub const HO_TEN_KY: &str = "HoTenNguoiKy";
    pub const PHU_LUC: &str = "PhuLuc";
    pub const PHU_LUC_TEN: &str = "TenPhuLuc";
    pub const PHU_LUC_GHI_CHU: &str = "PhuLucKemTheo";
    pub const SO_TRANG: &str = "SoTrang";
    /// A draft's mark in the first page's header ("DỰ THẢO"), right-aligned, bold.
    pub const DU_THAO: &str = "DuThao";
    /// The empty paragraph between two tables.
    pub const SPACER: &str = "DongDem";
    /// The 1 pt paragraph that opens the document and ends each section.
    pub const HAIRLINE: &str = "DongMoc";
    /// Paragraph style for footnote bodies (Word's built-in id and name).
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
}

/// Font sizes in WordprocessingML (`w:sz`) count half-points.
pub(super) fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// Spacing in WordprocessingML counts twentieths of a point (twips); never negative.
pub(super) fn twips_of_pt(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

/// Spaces before two top-aligned first lines of sizes `a` and `b` so their baselines
/// coincide, the larger one getting `before_pt`. `ascent` is the face's ascender / em:
/// Word places the first baseline this far below the line top at single spacing.
pub(super) fn level(ascent: f64, before_pt: f64, a: f64, b: f64) -> (f64, f64) {
    let d = (a - b) * ascent;
    if d >= 0.0 {
        (before_pt, before_pt + d)
    } else {
        (before_pt - d, before_pt)
    }
}

/// Single spacing with the given space before and nothing after.
fn spacing(before_pt: f64, line_multiple: f64) -> LineSpacing {
    LineSpacing::new()
        .before(twips_of_pt(before_pt))
        .after(0)
        .line((240.0 * line_multiple).round() as i32)
        .line_rule(LineSpacingType::Auto)
}

/// The sheet's defaults (font family and body size, tab stop) and all its styles, in the
/// order styles.xml lists them.
pub(super) fn add_style_sheet(mut docx: Docx, g: &Geometry, sheet: &Sheet) -> Docx {
    let family = g.docx_family.as_str();
    docx = docx
        .default_fonts(
            RunFonts::new()
                .ascii(family)
                .hi_ansi(family)
                .cs(family)
                .east_asia(family),
        )
        .default_size(half_points(g.sizes.body))
        .default_tab_stop(twips(12.7) as usize)
        .add_style(footnote_reference_style());
    for s in sheet.styles() {
        docx = docx.add_style(s);
    }
    docx
}

fn footnote_reference_style() -> Style {
    let mut s = Style::new(FOOTNOTE_REF_STYLE, StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}

/// How the lines of a paragraph are spaced.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lines {
    /// A multiple of single spacing.
    Auto(f64),
    /// Exactly this many points.
    Exact(f64),
}

/// One paragraph style: everything a paragraph of it looks like, resolved (so the renderer
/// knows a style's weight and slant without walking the chain). docx-rs writes every
/// property; `fix` then removes from styles.xml what the parent already gives, so only
/// the differences stay in the style and a change to the parent reaches it.
#[derive(Debug, Clone)]
pub(super) struct ParaStyle {
    id: &'static str,
    name: &'static str,
    size: f64,
    pub(super) bold: bool,
    pub(super) italic: bool,
    align: AlignmentType,
    before_pt: f64,
    lines: Lines,
    left_mm: f64,
    first_line_mm: f64,
    keep_next: bool,
    /// 0-based outline level (Word's navigation pane, TOC, LibreOffice's Navigator).
    outline: Option<usize>,
    /// Style of the paragraph Word starts when Enter is pressed at the end of this one.
    next: &'static str,
    /// Listed in the quick style gallery.
    quick: bool,
    /// The style this one inherits from (`None` for Normal alone).
    parent: Option<&'static str>,
}

impl ParaStyle {
    /// A left-aligned, single-spaced line with no indent, based on the plain line;
    /// Enter continues in the same style.
    fn new(id: &'static str, name: &'static str, size: f64) -> ParaStyle {
        ParaStyle {
            id,
            name,
            size,
            bold: false,
            italic: false,
            align: AlignmentType::Left,
            before_pt: 0.0,
            lines: Lines::Auto(1.0),
            left_mm: 0.0,
            first_line_mm: 0.0,
            keep_next: false,
            outline: None,
            next: id,
            quick: false,
            parent: Some(style::DONG_DON),
        }
    }
    fn centred(id: &'static str, name: &'static str, size: f64) -> ParaStyle {
        ParaStyle {
            align: AlignmentType::Center,
            ..ParaStyle::new(id, name, size)
        }
    }
    /// Body text: justified, first-line indent, the paragraph spacing and line spacing.
    fn body(id: &'static str, name: &'static str, size: f64, g: &Geometry) -> ParaStyle {
        ParaStyle {
            align: AlignmentType::Both,
            before_pt: g.para_spacing_pt,
            lines: Lines::Auto(g.line_spacing),
            first_line_mm: g.indent_mm,
            quick: true,
            parent: (id != style::NORMAL).then_some(style::NORMAL),
            ..ParaStyle::new(id, name, size)
        }
    }
    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
    fn before(mut self, pt: f64) -> Self {
        self.before_pt = pt;
        self
    }
    fn keep_next(mut self) -> Self {
        self.keep_next = true;
        self
    }
    fn outline(mut self, level: usize, next: &'static str) -> Self {
        self.outline = Some(level);
        self.next = next;
        self
    }
    fn next(mut self, next: &'static str) -> Self {
        self.next = next;
        self
    }
    fn left(mut self, mm: f64) -> Self {
        self.left_mm = mm;
        self
    }
    fn lines(mut self, l: Lines) -> Self {
        self.lines = l;
        self
    }
    fn based_on(mut self, parent: &'static str) -> Self {
        self.parent = Some(parent);
        self
    }

    fn to_docx(&self) -> Style {
        let line = match self.lines {
            Lines::Auto(m) => spacing(self.before_pt, m),
            Lines::Exact(pt) => LineSpacing::new()
                .before(twips_of_pt(self.before_pt))
                .after(0)
                .line(twips_of_pt(pt) as i32)
                .line_rule(LineSpacingType::Exact),
        };
        let mut s = Style::new(self.id, StyleType::Paragraph)
            .name(self.name)
            .size(half_points(self.size))
            .align(self.align)
            .line_spacing(line)
            .indent(
                Some(twips(self.left_mm)),
                Some(SpecialIndentType::FirstLine(twips(self.first_line_mm))),
                Some(0),
                None,
            )
            .next(self.next)
            .q_format(self.quick);
        if self.bold {
            s = s.bold();
        }
        if self.italic {
            s = s.italic();
        }
        if let Some(l) = self.outline {
            s = s.outline_lvl(l);
        }
        if let Some(p) = self.parent {
            s = s.based_on(p);
        }
        s.paragraph_property = s.paragraph_property.keep_next(self.keep_next);
        s
    }
}

/// The document's paragraph styles, computed from its geometry.
#[derive(Debug)]
pub(super) struct Sheet {
    styles: Vec<ParaStyle>,
}

impl Sheet {
    /// `ascent` levels the baselines of the number/date row and of Nơi nhận/signature;
    /// `kinh_gui` is the label's and the recipients' left indent of a Kính gửi list
    /// (`None`: one centred line); `subject`: a công văn, whose "V/v …" line has a style of
    /// its own (the other documents' sheets stay as they were).
    pub(super) fn new(
        g: &Geometry,
        ascent: f64,
        kinh_gui: Option<(f64, f64)>,
        subject: bool,
    ) -> Sheet {
        let mut styles = text_styles(g);
        styles.push(ParaStyle {
            parent: Some(style::NORMAL),
            ..ParaStyle::new(
                style::DONG_DON,
                "Dòng đơn (đầu, bảng, chữ ký)",
                g.sizes.body,
            )
        });
        styles.extend(header_styles(g, ascent, kinh_gui));
        if subject {
            styles.push(
                ParaStyle::centred(
                    style::TRICH_YEU_CONG_VAN,
                    "Trích yếu công văn",
                    g.sizes.subject,
                )
                .before(g.gaps.subject_before_pt),
            );
        }
        styles.extend(table_styles(g));
        styles.extend(closing_styles(g, ascent));
        styles.extend(appendix_and_page_styles(g));
        debug_assert_eq!(
            {
                let mut ids: Vec<_> = styles.iter().map(|s| s.id).collect();
                ids.sort();
                ids.dedup();
                ids.len()
            },
            styles.len(),
            "style ids are unique"
        );
        // A parent comes before its children in styles.xml and turns on none of the on/off
        // properties: `fix` only drops what a child repeats, it never writes an "off".
        debug_assert!(styles.iter().enumerate().all(|(i, s)| {
            s.parent.is_none_or(|p| {
                styles[..i].iter().any(|q| {
                    q.id == p && !q.bold && !q.italic && !q.keep_next && q.outline.is_none()
                })
            })
        }));
        Sheet { styles }
    }

    pub(super) fn get(&self, id: &str) -> &ParaStyle {
        self.styles
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no paragraph style {id}"))
    }

    fn styles(&self) -> Vec<Style> {
        self.styles.iter().map(ParaStyle::to_docx).collect()
    }
}

/// Body text, its parts, items and points, and the dash lists.
fn text_styles(g: &Geometry) -> Vec<ParaStyle> {
    use style::*;
    let s = &g.sizes;
    let body = |id, name| ParaStyle::body(id, name, s.body, g);
    let heading = |id, name| ParaStyle::body(id, name, s.heading, g);
    vec![
        body(NORMAL, "Normal"),
        body(CAN_CU, "Căn cứ").italic(),
        ParaStyle {
            align: AlignmentType::Center,
            first_line_mm: 0.0,
            ..body(GIUA, "Dòng giữa (QUYẾT ĐỊNH:)").bold().keep_next()
        },
        heading(MUC, "Mục (I., II.)")
            .bold()
            .keep_next()
            .outline(0, NORMAL),
        // A numbered paragraph is body text: not listed with the titles.
        heading(MUC_DOAN, "Đoạn đánh số I.").next(NORMAL),
        heading(KHOAN, "Khoản (1., 2.)")
            .bold()
            .keep_next()
            .outline(1, NORMAL),
        heading(KHOAN_DOAN, "Đoạn đánh số 1.").next(NORMAL),
        heading(DIEM, "Điểm (a), b))")
            .keep_next()
            .outline(2, NORMAL),
        heading(DIEM_DOAN, "Đoạn đánh số a)").next(NORMAL),
        body(GACH, "Gạch đầu dòng (-)"),
        body(GACH_2, "Gạch cấp hai (+)"),
    ]
}

/// The header block (agency, quốc hiệu, number and date on one baseline), the title and
/// Kính gửi.
fn header_styles(g: &Geometry, ascent: f64, kinh_gui: Option<(f64, f64)>) -> Vec<ParaStyle> {
    use style::*;
    let s = &g.sizes;
    let gaps = &g.gaps;
    let (num_before, date_before) = level(ascent, gaps.number_row_before_pt, s.number, s.date);
    let (kinh_gui, kinh_gui_dong) = match kinh_gui {
        None => (
            ParaStyle::centred(KINH_GUI, "Kính gửi", s.kinh_gui),
            ParaStyle::new(KINH_GUI_DONG, "Kính gửi - các nơi", s.kinh_gui),
        ),
        Some((start, item_left)) => (
            ParaStyle::new(KINH_GUI, "Kính gửi", s.kinh_gui)
                .left(start)
                .keep_next()
                .next(KINH_GUI_DONG),
            ParaStyle::new(KINH_GUI_DONG, "Kính gửi - các nơi", s.kinh_gui).left(item_left),
        ),
    };
    vec![
        ParaStyle::centred(CO_QUAN_CHU_QUAN, "Tên cơ quan chủ quản", s.agency).next(CO_QUAN),
        ParaStyle::centred(CO_QUAN, "Tên cơ quan ban hành", s.agency).bold(),
        ParaStyle::centred(QUOC_HIEU, "Quốc hiệu", s.quoc_hieu)
            .bold()
            .next(TIEU_NGU),
        ParaStyle::centred(TIEU_NGU, "Tiêu ngữ", s.tieu_ngu).bold(),
        ParaStyle::centred(RULE, "Đường kẻ", gaps.rule_mark_pt),
        ParaStyle::centred(SO_KY_HIEU, "Số, ký hiệu", s.number).before(num_before),
        ParaStyle::centred(DIA_DANH_NGAY, "Địa danh, ngày tháng", s.date)
            .italic()
            .before(date_before),
        ParaStyle::centred(TEN_LOAI, "Tên loại văn bản", s.type_name)
            .bold()
            .before(gaps.title_before_pt)
            .keep_next()
            .next(TRICH_YEU),
        ParaStyle::centred(TRICH_YEU, "Trích yếu", s.type_name)
            .bold()
            .keep_next(),
        kinh_gui.before(gaps.kinh_gui_before_pt),
        kinh_gui_dong,
    ]
}

/// Text in table cells, by the column's alignment, and the header row; all based on the
/// left-aligned one, so the table's size is set in one place.
fn table_styles(g: &Geometry) -> Vec<ParaStyle> {
    use style::*;
    let s = &g.sizes;
    vec![
        ParaStyle::new(BANG, "Chữ trong bảng", s.table),
        ParaStyle::centred(BANG_GIUA, "Chữ trong bảng (giữa)", s.table).based_on(BANG),
        ParaStyle {
            align: AlignmentType::Right,
            ..ParaStyle::new(BANG_PHAI, "Số trong bảng (phải)", s.table).based_on(BANG)
        },
        ParaStyle::centred(BANG_TIEU_DE, "Tiêu đề bảng", s.table)
            .bold()
            .based_on(BANG),
    ]
}

/// Nơi nhận and the signature, "Nơi nhận:" level with the first signature line.
fn closing_styles(g: &Geometry, ascent: f64) -> Vec<ParaStyle> {
    use style::*;
    let s = &g.sizes;
    let (label_before, _) = level(
        ascent,
        g.gaps.signature_before_pt,
        s.recipients_label,
        s.signature,
    );
    let gap_pt = g.signature_gap_mm * 72.0 / 25.4;
    vec![
        ParaStyle::new(NOI_NHAN, "Nơi nhận", s.recipients_label)
            .bold()
            .italic()
            .before(label_before)
            .next(NOI_NHAN_DONG),
        ParaStyle::new(NOI_NHAN_DONG, "Nơi nhận - các nơi", s.recipients),
        ParaStyle::new(KY_HIEU_SOAN, "Ký hiệu người soạn thảo", s.drafter),
        ParaStyle::centred(CHUC_VU_KY, "Quyền hạn, chức vụ người ký", s.signature).bold(),
        ParaStyle::centred(HO_TEN_KY, "Họ tên người ký", s.signature)
            .bold()
            .before(gap_pt),
    ]
}

/// An appendix's heading, the page number, the spacer and hairline paragraphs, footnotes.
fn appendix_and_page_styles(g: &Geometry) -> Vec<ParaStyle> {
    use style::*;
    let s = &g.sizes;
    vec![
        ParaStyle::centred(PHU_LUC, "Phụ lục", g.gaps.appendix_label_pt)
            .bold()
            .keep_next()
            .next(PHU_LUC_TEN),
        ParaStyle::centred(PHU_LUC_TEN, "Tên phụ lục", s.type_name)
            .bold()
            .keep_next()
            .next(PHU_LUC_GHI_CHU),
        ParaStyle::centred(PHU_LUC_GHI_CHU, "Phụ lục - kèm theo", s.body)
            .italic()
            .keep_next(),
        ParaStyle::centred(SO_TRANG, "Số trang", s.page_number),
        ParaStyle {
            align: AlignmentType::Right,
            bold: true,
            ..ParaStyle::new(DU_THAO, "Dự thảo", s.page_number)
        },
        ParaStyle::new(SPACER, "Dòng đệm", g.para_spacing_pt),
        ParaStyle::new(HAIRLINE, "Dòng mốc (1 pt)", 1.0).lines(Lines::Exact(1.0)),
        ParaStyle {
            align: AlignmentType::Both,
            ..ParaStyle::new(FOOTNOTE_TEXT, "footnote text", s.footnote)
        },
    ]
}
