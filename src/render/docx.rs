//! DOCX renderer: the document tree → a Word package laid out per ND30.
//!
//! The tree is built with docx-rs; `docx_fix` then repairs what docx-rs gets wrong
//! (element order, ids, footnote plumbing, deterministic zip). Every size and width
//! comes from `doc.geometry`; the few vertical gaps ND30 leaves open are the named
//! constants below.
//!
//! Every paragraph refers to a style of the document's own style sheet (`Sheet`): body
//! text is `Normal`, the parts, items and points are outline-level styles, and each block of
//! the header, the signature and the tables has a style named in Vietnamese. A paragraph
//! carries direct formatting only where it alone differs from its style (a rule's measured
//! indents, the first signature line's space before). So a clerk who edits the file in Word
//! or LibreOffice gets the same look for a new paragraph, and the navigation pane lists
//! the document's parts and items.

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footnote, Header, HeightRule, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Style, StyleType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VertAlignType, WidthType,
};

use crate::ground::fonts::{Face, FontSet};
use crate::ground::layout::{
    margin_twips, twips, Geometry, CELL_PAD_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
};
use crate::ground::tree::{Align, Appendix, Block, Document, Inline};

#[path = "docx_fix.rs"]
mod docx_fix;

/// Character style for footnote marks (docx-rs does not superscript them).
pub(crate) const FOOTNOTE_REF_STYLE: &str = "FootnoteReference";
/// Paragraph style for footnote bodies.
pub(crate) const FOOTNOTE_TEXT_STYLE: &str = "FootnoteText";
/// Row-height sentinel that marks a repeated table header row; `docx_fix` turns it into
/// `w:tblHeader` (docx-rs cannot write that element).
pub(crate) const HEADER_ROW_SENTINEL: f32 = 1.0;
/// Paragraph style id that marks the last paragraph of a section; `docx_fix` replaces it by
/// `style::HAIRLINE` and puts the section's `w:sectPr` in that paragraph's properties
/// (docx-rs cannot).
pub(crate) const SECTION_BREAK_STYLE: &str = "VanbanSectionBreak";
/// Stands for a non-breaking hyphen in run text; `docx_fix` writes it as `w:noBreakHyphen`
/// (Word's own element: the fonts need no U+2011 glyph).
pub(crate) const NO_BREAK_HYPHEN: char = '\u{2011}';

/// Style ids of the sheet. They are stable: tests, users' macros and templates may name
/// them. The display names (in `Sheet::new`) are Vietnamese.
pub mod style {
    /// Body text (ND30 B-1); the default paragraph style.
    pub const NORMAL: &str = "Normal";
    /// Căn cứ lines and other italic body paragraphs (B-3).
    pub const CAN_CU: &str = "CanCu";
    /// A bold centred body line ("QUYẾT ĐỊNH:").
    pub const GIUA: &str = "DongGiua";
    /// Parts "I., II." (outline level 1).
    pub const MUC: &str = "Muc";
    /// A part number leading a paragraph, not a title (outline level 1).
    pub const MUC_DOAN: &str = "MucDoan";
    /// Items "1., 2." with a title (outline level 2).
    pub const KHOAN: &str = "Khoan";
    /// A numbered paragraph "1. …" (outline level 2).
    pub const KHOAN_DOAN: &str = "KhoanDoan";
    /// Points "a), b)" with a title (outline level 3).
    pub const DIEM: &str = "Diem";
    /// A lettered paragraph "a) …" (outline level 3).
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
    /// The empty paragraph between two tables.
    pub const SPACER: &str = "DongDem";
    /// The 1 pt paragraph that opens the document and ends each section.
    pub const HAIRLINE: &str = "DongMoc";
    pub const FOOTNOTE_TEXT: &str = super::FOOTNOTE_TEXT_STYLE;
}

/// Render `doc` to the bytes of a .docx package (deterministic for a given tree).
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let g = &doc.geometry;
    let fonts = FontSet::bundled();
    let mut ctx = Ctx {
        g,
        text_width_mm: g.text_width_mm,
        doc,
        fonts: &fonts,
        ascent: ascent_ratio(&fonts),
        sheet: Sheet::default(),
    };
    ctx.sheet = Sheet::new(&ctx);

    let family = g.docx_family.as_str();
    let stamp = format!("{}T00:00:00Z", doc.meta_date);
    let mut docx = Docx::new()
        .page_size(
            twips(g.page_width_mm) as u32,
            twips(g.page_height_mm) as u32,
        )
        .page_margin(PageMargin {
            top: margin_twips(g.margin_top_mm, MARGIN_TOP_MM),
            left: margin_twips(g.margin_left_mm, MARGIN_LEFT_MM),
            bottom: margin_twips(g.margin_bottom_mm, MARGIN_BOTTOM_MM),
            right: margin_twips(g.margin_right_mm, MARGIN_RIGHT_MM),
            header: twips(g.header_distance_mm),
            footer: twips(g.header_distance_mm),
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii(family)
                .hi_ansi(family)
                .cs(family)
                .east_asia(family),
        )
        .default_size(hp(g.sizes.body))
        .default_tab_stop(twips(12.7) as usize)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(footnote_reference_style())
        .header(page_number_header(&ctx))
        .first_header(Header::new().add_paragraph(ctx.p(style::SO_TRANG)))
        .title_pg();
    for s in ctx.sheet.styles() {
        docx = docx.add_style(s);
    }

    // LibreOffice pushes a table that opens the document one line down; a 1 pt paragraph
    // before it keeps the header block at the top margin there as in Word (the PDF adds
    // the same 1 pt).
    docx = docx.add_paragraph(ctx.p(style::HAIRLINE));
    docx = docx.add_table(ctx.header_table());
    for p in ctx.title_block() {
        docx = docx.add_paragraph(p);
    }
    for p in ctx.kinh_gui() {
        docx = docx.add_paragraph(p);
    }
    // A table right before the signature table needs a spacer (Word would merge them).
    docx = ctx.add_blocks(docx, &doc.body, true, true)?;
    docx = docx.add_table(ctx.signature_table());

    // Each phụ lục is a section of its own: a new page, page numbers from 1 (O-1). docx-rs
    // writes only the final w:sectPr; the marker paragraph ending each earlier section gets
    // its sectPr in `docx_fix`.
    let n = doc.appendices.len();
    for (i, a) in doc.appendices.iter().enumerate() {
        docx = docx.add_paragraph(section_break());
        ctx.text_width_mm = if a.landscape {
            g.landscape_text_width_mm()
        } else {
            g.text_width_mm
        };
        for p in ctx.appendix_head(a) {
            docx = docx.add_paragraph(p);
        }
        // The last appendix ends the document: keep a (small) paragraph after a table.
        docx = ctx.add_blocks(docx, &a.body, i + 1 == n, false)?;
    }

    let mut xml = docx.build();
    xml.doc_props.core = core_properties(&xml.doc_props.core, doc);
    let landscape: Vec<bool> = doc.appendices.iter().map(|a| a.landscape).collect();
    docx_fix::finish(xml, &doc.meta_date, &landscape)
}

struct Ctx<'a> {
    g: &'a Geometry,
    /// Width of the text block of the section being written (wider in a landscape one).
    text_width_mm: f64,
    doc: &'a Document,
    fonts: &'a FontSet,
    /// Ascender / em of the face (Word places the first baseline this far below the
    /// line top at single spacing); used to level baselines of different sizes.
    ascent: f64,
    sheet: Sheet,
}

/// Half-points for w:sz.
fn hp(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// Twentieths of a point.
fn pt20(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

fn ascent_ratio(fonts: &FontSet) -> f64 {
    ttf_parser::Face::parse(&fonts.faces[0], 0)
        .map(|f| f.ascender() as f64 / f.units_per_em() as f64)
        .unwrap_or(0.891)
}

/// Single spacing with the given space before and nothing after.
fn spacing(before_pt: f64, line_multiple: f64) -> LineSpacing {
    LineSpacing::new()
        .before(pt20(before_pt))
        .after(0)
        .line((240.0 * line_multiple).round() as i32)
        .line_rule(LineSpacingType::Auto)
}

// ---------------------------------------------------------------------------------------
// The style sheet.

/// How the lines of a paragraph are spaced.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lines {
    /// A multiple of single spacing.
    Auto(f64),
    /// Exactly this many points.
    Exact(f64),
}

/// One paragraph style: everything a paragraph of it looks like. Every property is written
/// out (none is left to inheritance), so Word and LibreOffice read the same values whatever
/// they assume for a style's parent.
#[derive(Debug, Clone)]
struct ParaStyle {
    id: &'static str,
    name: &'static str,
    size: f64,
    bold: bool,
    italic: bool,
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
    based_on_normal: bool,
}

impl ParaStyle {
    /// A left-aligned, single-spaced line with no indent; Enter continues in the same style.
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
            based_on_normal: false,
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
            based_on_normal: id != style::NORMAL,
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

    fn to_docx(&self) -> Style {
        let line = match self.lines {
            Lines::Auto(m) => spacing(self.before_pt, m),
            Lines::Exact(pt) => LineSpacing::new()
                .before(pt20(self.before_pt))
                .after(0)
                .line(pt20(pt) as i32)
                .line_rule(LineSpacingType::Exact),
        };
        let mut s = Style::new(self.id, StyleType::Paragraph)
            .name(self.name)
            .size(hp(self.size))
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
        if self.based_on_normal {
            s = s.based_on(style::NORMAL);
        }
        s.paragraph_property = s.paragraph_property.keep_next(self.keep_next);
        s
    }
}

/// The document's paragraph styles, computed from its geometry.
#[derive(Debug, Default)]
struct Sheet {
    styles: Vec<ParaStyle>,
}

impl Sheet {
    fn new(ctx: &Ctx) -> Sheet {
        use style::*;
        let g = ctx.g;
        let s = &g.sizes;
        let gaps = &g.gaps;
        let (num_before, date_before) = ctx.level(gaps.number_row_before_pt, s.number, s.date);
        let (label_before, _) =
            ctx.level(gaps.signature_before_pt, s.recipients_label, s.signature);
        let gap_pt = g.signature_gap_mm * 72.0 / 25.4;
        let body = |id, name| ParaStyle::body(id, name, s.body, g);
        let heading = |id, name| ParaStyle::body(id, name, s.heading, g);
        let (kinh_gui, kinh_gui_dong) = match ctx.kinh_gui_indents() {
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
        let styles = vec![
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
            heading(MUC_DOAN, "Đoạn đánh số I.").outline(0, NORMAL),
            heading(KHOAN, "Khoản (1., 2.)")
                .bold()
                .keep_next()
                .outline(1, NORMAL),
            heading(KHOAN_DOAN, "Đoạn đánh số 1.").outline(1, NORMAL),
            heading(DIEM, "Điểm (a), b))")
                .keep_next()
                .outline(2, NORMAL),
            heading(DIEM_DOAN, "Đoạn đánh số a)").outline(2, NORMAL),
            body(GACH, "Gạch đầu dòng (-)"),
            body(GACH_2, "Gạch cấp hai (+)"),
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
            ParaStyle::new(BANG, "Chữ trong bảng", s.table),
            ParaStyle::centred(BANG_GIUA, "Chữ trong bảng (giữa)", s.table),
            ParaStyle {
                align: AlignmentType::Right,
                ..ParaStyle::new(BANG_PHAI, "Số trong bảng (phải)", s.table)
            },
            ParaStyle::centred(BANG_TIEU_DE, "Tiêu đề bảng", s.table).bold(),
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
            ParaStyle::centred(PHU_LUC, "Phụ lục", gaps.appendix_label_pt)
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
            ParaStyle::new(SPACER, "Dòng đệm", g.para_spacing_pt),
            ParaStyle::new(HAIRLINE, "Dòng mốc (1 pt)", 1.0).lines(Lines::Exact(1.0)),
            ParaStyle {
                align: AlignmentType::Both,
                ..ParaStyle::new(FOOTNOTE_TEXT, "footnote text", s.footnote)
            },
        ];
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
        Sheet { styles }
    }

    fn get(&self, id: &str) -> &ParaStyle {
        self.styles
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no paragraph style {id}"))
    }

    fn styles(&self) -> Vec<Style> {
        self.styles.iter().map(ParaStyle::to_docx).collect()
    }
}

impl Ctx<'_> {
    /// An empty paragraph of style `id`.
    fn p(&self, id: &str) -> Paragraph {
        Paragraph::new().style(id)
    }

    /// A run in a paragraph of style `id`, with direct bold/italic only where it differs.
    fn r(&self, id: &str, text: &str, bold: bool, italic: bool) -> Run {
        let s = self.sheet.get(id);
        let mut r = Run::new().add_text(text);
        match (bold, s.bold) {
            (true, false) => r = r.bold(),
            (false, true) => r = r.disable_bold(),
            _ => {}
        }
        match (italic, s.italic) {
            (true, false) => r = r.italic(),
            (false, true) => r = r.disable_italic(),
            _ => {}
        }
        r
    }

    /// A one-run paragraph in its style's own weight and slant.
    fn line(&self, id: &str, text: &str) -> Paragraph {
        let s = self.sheet.get(id);
        self.p(id).add_run(self.r(id, text, s.bold, s.italic))
    }
}

/// An empty paragraph whose bottom border is a rule of `rule_mm`, centred in a box of
/// `box_mm` (the cell's or the page's text width). The border and the measured indents
/// are the paragraph's own: they differ for every rule.
fn rule(g: &Geometry, box_mm: f64, rule_mm: f64) -> Paragraph {
    let side = twips(((box_mm - rule_mm) / 2.0).max(0.0));
    let stroke = ((g.rule_stroke_pt * 8.0).round() as usize).clamp(2, 96);
    Paragraph::new()
        .style(style::RULE)
        .indent(Some(side), None, Some(side), None)
        .set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(stroke)
                    .space(0)
                    .color("000000"),
            ),
        )
}

/// The (nearly invisible) paragraph that ends a section; `docx_fix` gives it its sectPr.
fn section_break() -> Paragraph {
    Paragraph::new().style(SECTION_BREAK_STYLE)
}

/// Intra-word hyphens ("CT-XH", "KH-UBND") made non-breaking; a dash standing alone
/// ("- Bộ Nội vụ") stays as it is.
fn no_break_hyphens(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let inside = i > 0
                && i + 1 < chars.len()
                && !chars[i - 1].is_whitespace()
                && !chars[i + 1].is_whitespace();
            if c == '-' && inside {
                NO_BREAK_HYPHEN
            } else {
                c
            }
        })
        .collect()
}

fn no_borders() -> TableBorders {
    let none = |p| {
        TableBorder::new(p)
            .border_type(BorderType::None)
            .size(0)
            .color("auto")
    };
    TableBorders::with_empty()
        .set(none(TableBorderPosition::Top))
        .set(none(TableBorderPosition::Left))
        .set(none(TableBorderPosition::Bottom))
        .set(none(TableBorderPosition::Right))
        .set(none(TableBorderPosition::InsideH))
        .set(none(TableBorderPosition::InsideV))
}

fn page_number_header(ctx: &Ctx) -> Header {
    let p = ctx
        .p(style::SO_TRANG)
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        .add_run(Run::new().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().add_text("2"))
        .add_run(Run::new().add_field_char(FieldCharType::End, false));
    Header::new().add_paragraph(p)
}

fn footnote_reference_style() -> Style {
    let mut s = Style::new(FOOTNOTE_REF_STYLE, StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}

impl Ctx<'_> {
    fn header_table(&self) -> Table {
        use style::*;
        let g = self.g;
        let h = &self.doc.header;
        let inner_left = g.left_col_mm - 2.0 * CELL_PAD_MM;
        let inner_right = g.right_col_mm - 2.0 * CELL_PAD_MM;

        let mut left = TableCell::new().width(twips(g.left_col_mm) as usize, WidthType::Dxa);
        for l in &h.parent_lines {
            left = left.add_paragraph(self.line(CO_QUAN_CHU_QUAN, l));
        }
        for l in &h.agency_lines {
            left = left.add_paragraph(self.line(CO_QUAN, l));
        }
        left = left.add_paragraph(rule(g, inner_left, g.agency_rule_mm));

        let right = TableCell::new()
            .width(twips(g.right_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(QUOC_HIEU, &h.quoc_hieu))
            .add_paragraph(self.line(TIEU_NGU, &h.tieu_ngu))
            .add_paragraph(rule(g, inner_right, g.tieu_ngu_rule_mm));

        // Row 2: number | date on one baseline. Both cells are top-aligned, so the
        // smaller line gets extra space equal to the difference of the ascents (the
        // styles' space before, see `Sheet::new`).
        let number = TableCell::new()
            .width(twips(g.left_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(SO_KY_HIEU, &h.number_line));
        let date = TableCell::new()
            .width(twips(g.right_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(DIA_DANH_NGAY, &h.date_line));

        let rows = vec![
            TableRow::new(vec![left, right]).cant_split(),
            TableRow::new(vec![number, date]).cant_split(),
        ];
        self.layout_table(rows, &[g.left_col_mm, g.right_col_mm])
    }

    /// Spaces before two top-aligned first lines of sizes `a` and `b` so their baselines
    /// coincide, the larger one getting `before_pt`.
    fn level(&self, before_pt: f64, a: f64, b: f64) -> (f64, f64) {
        let d = (a - b) * self.ascent;
        if d >= 0.0 {
            (before_pt, before_pt + d)
        } else {
            (before_pt - d, before_pt)
        }
    }

    /// A borderless fixed two-column grid table with 1 mm side padding.
    fn layout_table(&self, rows: Vec<TableRow>, cols_mm: &[f64]) -> Table {
        let pad = twips(CELL_PAD_MM) as usize;
        let grid: Vec<usize> = cols_mm.iter().map(|c| twips(*c) as usize).collect();
        let total: usize = grid.iter().sum();
        Table::new(rows)
            .set_grid(grid)
            .width(total, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(no_borders())
            .margins(TableCellMargins::new().margin(0, pad, 0, pad))
    }

    fn title_block(&self) -> Vec<Paragraph> {
        let g = self.g;
        let h = &self.doc.header;
        let mut out = vec![self.line(style::TEN_LOAI, &h.type_name)];
        if !h.summary.is_empty() {
            out.push(self.line(style::TRICH_YEU, &h.summary));
        }
        out.push(rule(g, g.text_width_mm, g.summary_rule_mm));
        out
    }

    /// Body blocks in order. A table followed by another table, or ending the list when
    /// `spacer_after_last_table`, gets a small empty paragraph after it: Word merges
    /// adjacent tables, and a document should not end in a table. With `keep_last`, the
    /// closing paragraph stays whole and on the signature's page (as in the PDF), so the
    /// signature and Nơi nhận never stand alone on a page.
    fn add_blocks(
        &self,
        mut docx: Docx,
        blocks: &[Block],
        spacer_after_last_table: bool,
        keep_last: bool,
    ) -> Result<Docx, String> {
        for (i, block) in blocks.iter().enumerate() {
            match block {
                Block::Table(t) => {
                    docx = docx.add_table(self.body_table(t)?);
                    let spacer_needed = match blocks.get(i + 1) {
                        None => spacer_after_last_table,
                        Some(Block::Table(_)) => true,
                        Some(_) => false,
                    };
                    if spacer_needed {
                        docx = docx.add_paragraph(self.p(style::SPACER));
                    }
                }
                other => {
                    let mut p = self.body_paragraph(other)?;
                    if keep_last && i + 1 == blocks.len() {
                        p = p.keep_next(true).keep_lines(true);
                    }
                    docx = docx.add_paragraph(p)
                }
            }
        }
        Ok(docx)
    }

    /// An appendix's heading (O-1): label, title, the "(Kèm theo …)" note, a short rule.
    fn appendix_head(&self, a: &Appendix) -> Vec<Paragraph> {
        let g = self.g;
        let mut out = vec![self.line(style::PHU_LUC, &a.label)];
        if !a.title.is_empty() {
            out.push(self.line(style::PHU_LUC_TEN, &a.title));
        }
        if !a.note.is_empty() {
            out.push(self.line(style::PHU_LUC_GHI_CHU, &a.note));
        }
        // Body paragraphs bring their own space before; tables do not.
        let first_before = match a.body.first() {
            Some(Block::Table(_)) | None => 0.0,
            Some(_) => g.para_spacing_pt,
        };
        let after = (self.g.gaps.appendix_body_gap_pt - first_before).max(0.0);
        out.push(
            rule(g, self.text_width_mm, g.summary_rule_mm)
                .line_spacing(LineSpacing::new().after(pt20(after)))
                .keep_next(true),
        );
        out
    }

    /// Where a Kính gửi list of several recipients sits (B-10): the label's left indent and
    /// the recipients' (their dashes under the colon), the block roughly centred on the text
    /// width. `None` for a single recipient (one centred line) or none.
    fn kinh_gui_indents(&self) -> Option<(f64, f64)> {
        let g = self.g;
        let list = &self.doc.header.kinh_gui;
        let n = list.len();
        if n < 2 {
            return None;
        }
        let size = g.sizes.kinh_gui;
        let label = list[0].trim_end_matches(':');
        let to_colon = self.fonts.width_mm(label, Face::Regular, size);
        let widest = list[1..]
            .iter()
            .map(|l| self.fonts.width_mm(l, Face::Regular, size))
            .fold(0.0_f64, f64::max);
        let block = (to_colon + widest).min(g.text_width_mm);
        let start = ((g.text_width_mm - block) / 2.0).max(0.0);
        let item_left = (start + to_colon).min(g.text_width_mm * 0.6);
        Some((start, item_left))
    }

    fn kinh_gui(&self) -> Vec<Paragraph> {
        let list = &self.doc.header.kinh_gui;
        match list.len() {
            0 => vec![],
            1 => vec![self.line(style::KINH_GUI, &list[0])],
            _ => {
                // The label, then one line per recipient, the dashes under the colon (the
                // indents are in the two styles, see `kinh_gui_indents`).
                let mut out = vec![self.line(style::KINH_GUI, &list[0])];
                for l in &list[1..] {
                    out.push(self.line(style::KINH_GUI_DONG, l));
                }
                out
            }
        }
    }

    /// The style of a numbered line: its level, and whether it is a title (kept with the
    /// next block) or a numbered paragraph.
    fn heading_style(level: u8, keep_next: bool) -> &'static str {
        use style::*;
        match (level, keep_next) {
            (1, true) => MUC,
            (1, false) => MUC_DOAN,
            (2, true) => KHOAN,
            (2, false) => KHOAN_DOAN,
            (_, true) => DIEM,
            (_, false) => DIEM_DOAN,
        }
    }

    fn body_paragraph(&self, block: &Block) -> Result<Paragraph, String> {
        Ok(match block {
            Block::Heading {
                level,
                number,
                inlines,
                bold,
                keep_next,
            } => {
                let id = Self::heading_style(*level, *keep_next);
                let mut p = self.p(id);
                if !number.is_empty() {
                    p = p.add_run(self.r(id, &format!("{number} "), *bold, false));
                }
                self.add_inlines(p, id, inlines, *bold, false)?
            }
            Block::Paragraph { inlines, italic } => {
                let id = if *italic {
                    style::CAN_CU
                } else {
                    style::NORMAL
                };
                self.add_inlines(self.p(id), id, inlines, false, *italic)?
            }
            Block::Item {
                level,
                marker,
                inlines,
            } => {
                let id = if *level >= 2 {
                    style::GACH_2
                } else {
                    style::GACH
                };
                let p = self
                    .p(id)
                    .add_run(self.r(id, &format!("{marker} "), false, false));
                self.add_inlines(p, id, inlines, false, false)?
            }
            Block::Centred { inlines } => {
                self.add_inlines(self.p(style::GIUA), style::GIUA, inlines, true, false)?
            }
            Block::Table(_) => unreachable!("tables are rendered by body_table"),
        })
    }

    /// Append runs to a paragraph of style `id`; `bold`/`italic` are the paragraph's own
    /// weight and slant, OR-ed into each run.
    fn add_inlines(
        &self,
        mut p: Paragraph,
        id: &str,
        inlines: &[Inline],
        bold: bool,
        italic: bool,
    ) -> Result<Paragraph, String> {
        for i in inlines {
            match i.footnote {
                Some(n) => p = p.add_run(self.footnote_ref(n)?),
                None if i.text.is_empty() => {}
                None => p = p.add_run(self.r(id, &i.text, bold || i.bold, italic || i.italic)),
            }
        }
        Ok(p)
    }

    /// The footnote mark takes its size from the paragraph it stands in.
    fn footnote_ref(&self, n: usize) -> Result<Run, String> {
        let body = self.doc.footnotes.get(n).ok_or_else(|| {
            format!(
                "chú thích số {} không tồn tại (chỉ có {})",
                n + 1,
                self.doc.footnotes.len()
            )
        })?;
        let id = style::FOOTNOTE_TEXT;
        // A space after the footnoteRef run that docx_fix inserts in front.
        let mut para = self.p(id).add_run(Run::new().add_text(" "));
        for i in body {
            if i.footnote.is_none() && !i.text.is_empty() {
                para = para.add_run(self.r(id, &i.text, i.bold, i.italic));
            }
        }
        let mut f = Footnote::new();
        f.add_content(para);
        Ok(Run::new()
            .add_footnote_reference(f)
            .style(FOOTNOTE_REF_STYLE))
    }

    fn body_table(&self, t: &crate::ground::tree::Table) -> Result<Table, String> {
        let g = self.g;
        let ncols = t
            .columns
            .len()
            .max(t.header.len())
            .max(t.rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if ncols == 0 {
            return Err("bảng không có cột nào".into());
        }
        let weights: Vec<f64> = (0..ncols)
            .map(|i| {
                t.columns
                    .get(i)
                    .map(|c| c.width)
                    .filter(|w| *w > 0.0)
                    .unwrap_or(1.0)
            })
            .collect();
        let sum: f64 = weights.iter().sum();
        let total = twips(self.text_width_mm) as usize;
        let mut grid: Vec<usize> = weights
            .iter()
            .map(|w| (w / sum * total as f64).floor() as usize)
            .collect();
        let used: usize = grid.iter().sum();
        if let Some(last) = grid.last_mut() {
            *last += total - used;
        }
        let style_of = |i: usize| match t.columns.get(i).map(|c| &c.align) {
            Some(Align::Center) => style::BANG_GIUA,
            Some(Align::Right) => style::BANG_PHAI,
            _ => style::BANG,
        };
        let cell =
            |content: &[Inline], i: usize, bold: bool, id: &str| -> Result<TableCell, String> {
                let p = self.add_inlines(self.p(id), id, content, bold, false)?;
                Ok(TableCell::new()
                    .width(grid[i], WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(p))
            };
        let mut rows = Vec::new();
        if !t.header.is_empty() {
            let cells = (0..ncols)
                .map(|i| {
                    cell(
                        t.header.get(i).map(|c| c.as_slice()).unwrap_or(&[]),
                        i,
                        true,
                        style::BANG_TIEU_DE,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(
                TableRow::new(cells)
                    .cant_split()
                    .row_height(HEADER_ROW_SENTINEL)
                    .height_rule(HeightRule::AtLeast),
            );
        }
        let last = t.rows.len().saturating_sub(1);
        for (r, row) in t.rows.iter().enumerate() {
            if t.group_rows.contains(&r) {
                let content: Vec<Inline> = row.first().cloned().unwrap_or_default();
                let p =
                    self.add_inlines(self.p(style::BANG), style::BANG, &content, true, false)?;
                let cell = TableCell::new()
                    .width(grid.iter().sum(), WidthType::Dxa)
                    .grid_span(ncols)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(p);
                rows.push(TableRow::new(vec![cell]).cant_split());
                continue;
            }
            let bold = t.total_row && r == last;
            let cells = (0..ncols)
                .map(|i| {
                    cell(
                        row.get(i).map(|c| c.as_slice()).unwrap_or(&[]),
                        i,
                        bold,
                        style_of(i),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(TableRow::new(cells).cant_split());
        }
        let single = |p| {
            TableBorder::new(p)
                .border_type(BorderType::Single)
                .size(4)
                .color("000000")
        };
        let (pad_x, pad_y) = (
            twips(g.table_pad_x_mm) as usize,
            twips(g.table_pad_y_mm) as usize,
        );
        Ok(Table::new(rows)
            .set_grid(grid)
            .width(total, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(
                TableBorders::with_empty()
                    .set(single(TableBorderPosition::Top))
                    .set(single(TableBorderPosition::Left))
                    .set(single(TableBorderPosition::Bottom))
                    .set(single(TableBorderPosition::Right))
                    .set(single(TableBorderPosition::InsideH))
                    .set(single(TableBorderPosition::InsideV)),
            )
            .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x)))
    }

    fn signature_table(&self) -> Table {
        use style::*;
        let g = self.g;
        let s = &g.sizes;
        let sig = &self.doc.signature;
        let rec = &self.doc.recipients;
        let (_, title_before) = self.level(
            self.g.gaps.signature_before_pt,
            s.recipients_label,
            s.signature,
        );

        let mut left = TableCell::new()
            .width(twips(g.left_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(NOI_NHAN, "Nơi nhận:"));
        for e in &rec.entries {
            left = left.add_paragraph(self.line(NOI_NHAN_DONG, &no_break_hyphens(e)));
        }
        if !rec.drafter.is_empty() {
            left = left.add_paragraph(self.line(KY_HIEU_SOAN, &rec.drafter));
        }

        // The first line of the signature is level with "Nơi nhận:": its own space before.
        let mut right = TableCell::new().width(twips(g.right_col_mm) as usize, WidthType::Dxa);
        for (i, l) in sig.title_lines.iter().enumerate() {
            let mut p = self.line(CHUC_VU_KY, l);
            if i == 0 {
                p = p.line_spacing(LineSpacing::new().before(pt20(title_before)));
            }
            right = right.add_paragraph(p);
        }
        // The blank for signature and seal: the name's space-before (in its style).
        let mut name = self.line(HO_TEN_KY, &sig.name);
        if sig.title_lines.is_empty() {
            let gap_pt = g.signature_gap_mm * 72.0 / 25.4;
            name = name.line_spacing(LineSpacing::new().before(pt20(title_before + gap_pt)));
        }
        right = right.add_paragraph(name);

        let row = TableRow::new(vec![left, right]).cant_split();
        self.layout_table(vec![row], &[g.left_col_mm, g.right_col_mm])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::layout::Settings;
    use crate::ground::tree::{Header as DocHeader, Recipients, Signature};
    use std::io::Read;

    fn doc() -> Document {
        let agency = vec!["ỦY BAN NHÂN DÂN".to_string(), "TỈNH TÂY NINH".to_string()];
        let summary = "Thực hiện công tác dân vận chính quyền năm 2025".to_string();
        let geometry =
            Geometry::compute(&Settings::default(), &FontSet::bundled(), &agency, &summary);
        let fn_ref = Inline {
            text: String::new(),
            bold: false,
            italic: false,
            footnote: Some(0),
        };
        Document {
            header: DocHeader {
                parent_lines: vec![],
                agency_lines: agency,
                number_line: "Số: 696/KH-UBND".into(),
                date_line: "Tây Ninh, ngày 06 tháng 3 năm 2025".into(),
                type_name: "KẾ HOẠCH".into(),
                summary,
                quoc_hieu: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                tieu_ngu: "Độc lập - Tự do - Hạnh phúc".into(),
                kinh_gui: vec!["Kính gửi: Bộ Nội vụ".into()],
            },
            body: vec![
                Block::Heading {
                    level: 1,
                    number: "I.".into(),
                    inlines: vec![Inline::plain("MỤC ĐÍCH")],
                    bold: true,
                    keep_next: true,
                },
                Block::Paragraph {
                    inlines: vec![Inline::plain("Nội dung"), fn_ref],
                    italic: false,
                },
                Block::Table(crate::ground::tree::Table {
                    columns: vec![
                        crate::ground::tree::Column {
                            width: 1.0,
                            align: Align::Center,
                        },
                        crate::ground::tree::Column {
                            width: 3.0,
                            align: Align::Right,
                        },
                    ],
                    header: vec![vec![Inline::plain("STT")], vec![Inline::plain("Số")]],
                    rows: vec![vec![vec![Inline::plain("1")], vec![Inline::plain("1.073")]]],
                    total_row: false,
                    group_rows: vec![],
                }),
            ],
            footnotes: vec![vec![Inline::plain("Chú thích.")]],
            signature: Signature {
                title_lines: vec!["CHỦ TỊCH".into()],
                name: "Nguyễn Văn A".into(),
            },
            recipients: Recipients {
                entries: vec!["- Lưu: VT, VP.".into()],
                drafter: String::new(),
            },
            appendices: vec![],
            geometry,
            meta_date: "2025-03-06".into(),
        }
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn deterministic_and_complete() {
        let d = doc();
        let a = render(&d).unwrap();
        let b = render(&d).unwrap();
        assert_eq!(a, b);
        let x = part(&a, "word/document.xml");
        assert!(x.contains(r#"<w:headerReference w:type="default""#), "{x}");
        assert!(x.contains(r#"<w:headerReference w:type="first""#));
        assert!(x.contains("<w:titlePg/>"));
        assert!(x.contains("<w:tblHeader/>"));
        assert!(x.contains(r#"<w:footnoteReference w:id="1"/>"#));
        assert!(!x.contains("w14:paraId"));
        assert!(x.contains("Kính gửi: Bộ Nội vụ"));
        let f = part(&a, "word/footnotes.xml");
        assert!(f.contains(r#"w:type="separator" w:id="-1""#));
        assert!(f.contains(r#"w:type="continuationSeparator" w:id="0""#));
        assert!(f.contains("<w:footnoteRef/>"));
        let s = part(&a, "word/styles.xml");
        assert!(s.contains(r#"<w:vertAlign w:val="superscript"/>"#));
        assert!(s.contains(r#"w:lang w:val="vi-VN""#));
        assert!(part(&a, "word/header1.xml").contains("PAGE"));
    }

    #[test]
    fn appendices_are_sections_numbered_from_one() {
        let mut d = doc();
        let table = d.body[2].clone();
        for label in ["Phụ lục I", "Phụ lục II", "Phụ lục III"] {
            d.appendices.push(Appendix {
                label: label.into(),
                title: "DANH MỤC NHIỆM VỤ".into(),
                note: "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20/3/2025 của Sở Nội vụ)".into(),
                body: vec![table.clone()],
                // The middle one landscape: the switch there and back.
                landscape: label == "Phụ lục II",
            });
        }
        let a = render(&d).unwrap();
        assert_eq!(a, render(&d).unwrap());
        let x = part(&a, "word/document.xml");
        // Four sections: main text, then each appendix restarting at page 1, all with the
        // page-number header; only the landscape one turned, with its width and height.
        assert_eq!(x.matches("<w:sectPr>").count(), 4, "{x}");
        assert_eq!(x.matches(r#"<w:pgNumType w:start="1"/>"#).count(), 3);
        assert_eq!(x.matches("<w:titlePg/>").count(), 4);
        assert_eq!(
            x.matches(r#"<w:headerReference w:type="default""#).count(),
            4
        );
        let sections: Vec<&str> = x.split("</w:sectPr>").collect();
        let turned: Vec<bool> = sections[..4]
            .iter()
            .map(|s| s.contains(r#"w:orient="landscape""#))
            .collect();
        assert_eq!(turned, [false, false, true, false]);
        assert!(sections[2].contains(r#"w:w="16838""#) && sections[2].contains(r#"w:h="11906""#));
        assert!(!x.contains(SECTION_BREAK_STYLE));
        // The main section ends after the signature table, without a page-number restart.
        let first = &x[x.find("<w:sectPr>").unwrap()..];
        let first = &first[..first.find("</w:sectPr>").unwrap()];
        assert!(!first.contains("pgNumType"));
        assert!(x.find("Nơi nhận:").unwrap() < x.find("<w:sectPr>").unwrap());
        assert!(x.find("<w:sectPr>").unwrap() < x.find("Phụ lục I").unwrap());
        assert!(x.contains("Phụ lục II"));
        assert_eq!(x.matches("<w:tblHeader/>").count(), 4);
        // The body ends in a paragraph, not in the appendix's table.
        let tail = &x[x.rfind("</w:tbl>").unwrap()..];
        assert!(tail.contains("<w:p>") || tail.contains("<w:p "), "{tail}");
    }

    #[test]
    fn a_kinh_gui_list_has_its_indents_in_its_styles() {
        let mut d = doc();
        d.header.kinh_gui = vec![
            "Kính gửi:".into(),
            "- Bộ Nội vụ;".into(),
            "- Ủy ban nhân dân tỉnh.".into(),
        ];
        let a = render(&d).unwrap();
        let x = part(&a, "word/document.xml");
        assert!(x.contains(
            r#"<w:pPr><w:pStyle w:val="KinhGui"/></w:pPr><w:r><w:t xml:space="preserve">Kính gửi:</w:t>"#
        ), "{x}");
        assert_eq!(x.matches(r#"<w:pStyle w:val="KinhGuiDong"/>"#).count(), 2);
        assert!(x.contains("- Ủy ban nhân dân tỉnh."));
        let s = part(&a, "word/styles.xml");
        let style = |id: &str| {
            let at = s.find(&format!(r#"w:styleId="{id}""#)).unwrap();
            s[at..at + s[at..].find("</w:style>").unwrap()].to_string()
        };
        let label = style("KinhGui");
        assert!(label.contains("<w:keepNext/>") && label.contains(r#"<w:jc w:val="left"/>"#));
        let left = |style: &str| -> i32 {
            style
                .split(r#"w:left=""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let (l1, l2) = (left(&label), left(&style("KinhGuiDong")));
        assert!(l1 > 0 && l2 > l1, "dashes under the colon: {l1} < {l2}");
        assert!(!x.contains("<w:rPr/>"), "no empty run properties");
    }

    #[test]
    fn bad_footnote_index_is_an_error() {
        let mut d = doc();
        d.footnotes.clear();
        assert!(render(&d).is_err());
    }
}

/// Names the document and its issuer in docProps/core.xml (docx-rs writes "unknown"), so
/// a file manager or document system shows "KẾ HOẠCH …" by the issuing agency.
fn core_properties(core: &[u8], doc: &Document) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let h = &doc.header;
    let title = esc(&format!("{} {}", h.type_name, h.summary).trim().to_string());
    let creator = esc(&h.agency_lines.join(" "));
    let text = String::from_utf8_lossy(core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"),
        );
    text.into_bytes()
}
