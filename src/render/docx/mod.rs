//! DOCX renderer: `styles` (the style sheet), `page` (the parts around the body), `body`
//! and `fix` (the XML post-pass); it reads only the tree, the layout and the fonts.

use docx_rs::{Docx, Paragraph, Run};

use crate::ground::fonts::FontSet;
use crate::ground::layout::Geometry;
use crate::ground::tree::Document;

mod body;
mod fix;
mod package;
mod page;
mod styles;

pub use styles::style;
// `fix` names the footnote mark's style as `super::FOOTNOTE_REF_STYLE`.
use styles::{Sheet, FOOTNOTE_REF_STYLE};

// Markers the builders leave for `fix`, which writes what docx-rs cannot.

/// Row-height sentinel that marks a repeated table header row; `fix` turns it into
/// `w:tblHeader` (docx-rs cannot write that element).
pub(crate) const HEADER_ROW_SENTINEL: f32 = 1.0;
/// Paragraph style id that marks the last paragraph of a section; `fix` replaces it by
/// `style::HAIRLINE` and puts the section's `w:sectPr` in that paragraph's properties
/// (docx-rs cannot).
pub(crate) const SECTION_BREAK_STYLE: &str = "VanbanSectionBreak";
/// Stands for a non-breaking hyphen in run text; `fix` writes it as `w:noBreakHyphen`
/// (Word's own element: the fonts need no U+2011 glyph).
pub(crate) const NO_BREAK_HYPHEN: char = '\u{2011}';

/// Render `doc` to the bytes of a .docx package (deterministic for a given tree).
///
/// The tree is built with docx-rs; `fix` then repairs what docx-rs gets wrong (element
/// order, ids, footnote plumbing, deterministic zip). Every size and width comes from
/// `doc.geometry`.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let fonts = FontSet::bundled();
    let mut ctx = Ctx::new(doc, &fonts);
    let stamp = format!("{}T00:00:00Z", doc.meta_date);
    let mut docx = Docx::new().created_at(&stamp).updated_at(&stamp);
    docx = ctx.page_setup(docx);
    docx = styles::add_style_sheet(docx, ctx.g, &ctx.sheet);
    docx = ctx.add_main_text(docx)?;
    docx = ctx.add_appendices(docx)?;

    let mut xml = docx.build();
    xml.doc_props.core = core_properties(&xml.doc_props.core, doc);
    let landscape: Vec<bool> = doc.appendices.iter().map(|a| a.landscape).collect();
    fix::finish(xml, &doc.meta_date, &landscape)
}

/// What the builders of every part share: the tree, its geometry and its style sheet.
struct Ctx<'a> {
    g: &'a Geometry,
    /// Width of the text block of the section being written (wider in a landscape one).
    text_width_mm: f64,
    doc: &'a Document,
    /// Ascender / em of the face (Word places the first baseline this far below the
    /// line top at single spacing); used to level baselines of different sizes.
    ascent: f64,
    sheet: Sheet,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, fonts: &FontSet) -> Ctx<'a> {
        let g = &doc.geometry;
        let ascent = ascent_ratio(fonts);
        let kinh_gui = page::kinh_gui_indents(g, fonts, &doc.header.kinh_gui);
        Ctx {
            g,
            text_width_mm: g.text_width_mm,
            doc,
            ascent,
            sheet: Sheet::new(g, ascent, kinh_gui, !doc.header.subject_line.is_empty()),
        }
    }

    /// The main text: header block, title, Kính gửi, body, signature and Nơi nhận.
    fn add_main_text(&self, mut docx: Docx) -> Result<Docx, String> {
        // LibreOffice pushes a table that opens the document one line down; a 1 pt paragraph
        // before it keeps the header block at the top margin there as in Word (the PDF adds
        // the same 1 pt).
        docx = docx.add_paragraph(self.p(style::HAIRLINE));
        docx = docx.add_table(self.header_table(true));
        for p in self.title_block() {
            docx = docx.add_paragraph(p);
        }
        for p in self.kinh_gui() {
            docx = docx.add_paragraph(p);
        }
        // A table right before the signature table needs a spacer (Word would merge them).
        docx = self.add_blocks(docx, &self.doc.body, true, true)?;
        Ok(docx.add_table(self.signature_table()))
    }

    /// Each phụ lục is a section of its own: a new page, page numbers from 1 (O-1). docx-rs
    /// writes only the final w:sectPr; the marker paragraph ending each earlier section gets
    /// its sectPr in `fix`.
    fn add_appendices(&mut self, mut docx: Docx) -> Result<Docx, String> {
        let (g, doc) = (self.g, self.doc);
        let n = doc.appendices.len();
        for (i, a) in doc.appendices.iter().enumerate() {
            docx = docx.add_paragraph(page::section_break());
            self.text_width_mm = if a.landscape {
                g.landscape_text_width_mm()
            } else {
                g.text_width_mm
            };
            if a.header {
                docx = docx.add_table(self.header_table(false));
            }
            for p in self.appendix_head(a) {
                docx = docx.add_paragraph(p);
            }
            // The last appendix ends the document: keep a (small) paragraph after a table.
            docx = self.add_blocks(docx, &a.body, i + 1 == n, false)?;
        }
        Ok(docx)
    }

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

fn ascent_ratio(fonts: &FontSet) -> f64 {
    ttf_parser::Face::parse(&fonts.faces[0], 0)
        .map(|f| f.ascender() as f64 / f.units_per_em() as f64)
        .unwrap_or(0.891)
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
    let title = if h.type_name.is_empty() {
        esc(&h.subject_line)
    } else {
        esc(format!("{} {}", h.type_name, h.summary).trim())
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::layout::Settings;
    use crate::ground::tree::{Align, Block, Header as DocHeader, Inline, Recipients, Signature};
    use std::io::Read;

    pub(super) fn doc() -> Document {
        let agency = vec!["ỦY BAN NHÂN DÂN".to_string(), "TỈNH TÂY NINH".to_string()];
        let summary = "Thực hiện công tác dân vận chính quyền năm 2025".to_string();
        let geometry =
            Geometry::compute(&Settings::default(), &FontSet::bundled(), &agency, &summary);
        let fn_ref = Inline {
            text: String::new(),
            bold: false,
            italic: false,
            footnote: Some(0),
            whole: false,
        };
        Document {
            header: DocHeader {
                parent_lines: vec![],
                agency_lines: agency,
                number_line: "Số: 696/KH-UBND".into(),
                date_line: "Tây Ninh, ngày 06 tháng 3 năm 2025".into(),
                type_name: "KẾ HOẠCH".into(),
                summary,
                subject_line: String::new(),
                draft: String::new(),
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
                    keep_with_next: vec![],
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

    pub(super) fn part(docx: &[u8], name: &str) -> String {
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
}
