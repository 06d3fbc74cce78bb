//! The page parts around the body: page size and headers, the header table (agency,
//! quốc hiệu, number and date), the title, Kính gửi, the signature with Nơi nhận, and the
//! heading and section break of each appendix.

use docx_rs::{
    BorderType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing, PageMargin,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    WidthType,
};

use super::styles::{level, style, twips_of_pt};
use super::{Ctx, NO_BREAK_HYPHEN, SECTION_BREAK_STYLE};
use crate::ground::fonts::{Face, FontSet};
use crate::ground::layout::{
    margin_twips, twips, Geometry, CELL_PAD_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
};
use crate::ground::tree::{Appendix, Block};

impl Ctx<'_> {
    /// Page size and margins, and the page number in the header of every page but the
    /// first (whose header is an empty line: `title_pg`).
    pub(super) fn page_setup(&self, docx: Docx) -> Docx {
        let g = self.g;
        docx.page_size(
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
        .header(page_number_header(self))
        .first_header(
            Header::new().add_paragraph(match self.doc.header.draft.as_str() {
                "" => self.p(style::SO_TRANG),
                mark => self.line(style::DU_THAO, mark),
            }),
        )
        .title_pg()
    }

    /// Ô 1–4: issuing body | Quốc hiệu and Tiêu ngữ, then number | place and date when
    /// `numbered` (an attached document, Mẫu 1.3, repeats the first row only). On a page
    /// wider than the two columns (a landscape attached document) an empty middle column
    /// keeps them at the text's edges.
    pub(super) fn header_table(&self, numbered: bool) -> Table {
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
        let mut number = TableCell::new()
            .width(twips(g.left_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(SO_KY_HIEU, &h.number_line));
        if !h.subject_line.is_empty() {
            number = number.add_paragraph(self.line(style::TRICH_YEU_CONG_VAN, &h.subject_line));
        }
        let date = TableCell::new()
            .width(twips(g.right_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(self.line(DIA_DANH_NGAY, &h.date_line));

        let middle_mm = self.text_width_mm - g.left_col_mm - g.right_col_mm;
        let wide = middle_mm > 0.5;
        let row = |a: TableCell, b: TableCell| {
            let cells = if wide {
                let gap = TableCell::new()
                    .width(twips(middle_mm) as usize, WidthType::Dxa)
                    .add_paragraph(self.p(DONG_DON));
                vec![a, gap, b]
            } else {
                vec![a, b]
            };
            TableRow::new(cells).cant_split()
        };
        let mut rows = vec![row(left, right)];
        if numbered {
            rows.push(row(number, date));
        }
        let cols: &[f64] = if wide {
            &[g.left_col_mm, middle_mm, g.right_col_mm]
        } else {
            &[g.left_col_mm, g.right_col_mm]
        };
        self.layout_table(rows, cols)
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

    pub(super) fn title_block(&self) -> Vec<Paragraph> {
        let g = self.g;
        let h = &self.doc.header;
        // A công văn has no type name and no rule under it (H-23).
        if h.type_name.is_empty() {
            return vec![];
        }
        let mut out = vec![self.line(style::TEN_LOAI, &h.type_name)];
        if !h.summary.is_empty() {
            out.push(self.line(style::TRICH_YEU, &h.summary));
        }
        out.push(rule(g, g.text_width_mm, g.summary_rule_mm));
        out
    }

    pub(super) fn kinh_gui(&self) -> Vec<Paragraph> {
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

    /// An appendix's heading (O-1): label, title, the "(Kèm theo …)" note, a short rule.
    pub(super) fn appendix_head(&self, a: &Appendix) -> Vec<Paragraph> {
        let g = self.g;
        // Under a repeated header block the type name stands as in ô 5a.
        let label = if a.header {
            style::TEN_LOAI
        } else {
            style::PHU_LUC
        };
        let mut out = vec![self.line(label, &a.label)];
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
                .line_spacing(LineSpacing::new().after(twips_of_pt(after)))
                .keep_next(true),
        );
        out
    }

    pub(super) fn signature_table(&self) -> Table {
        use style::*;
        let g = self.g;
        let s = &g.sizes;
        let sig = &self.doc.signature;
        let rec = &self.doc.recipients;
        let (_, title_before) = level(
            self.ascent,
            self.g.gaps.signature_before_pt,
            s.recipients_label,
            s.signature,
        );

        let mut left = TableCell::new().width(twips(g.left_col_mm) as usize, WidthType::Dxa);
        // No label over nothing (a draft that writes `noi_nhan: []` and `luu: ""`); a cell
        // still holds a paragraph.
        left = if rec.entries.is_empty() && rec.drafter.is_empty() {
            left.add_paragraph(self.p(SPACER))
        } else {
            left.add_paragraph(self.line(NOI_NHAN, "Nơi nhận:"))
        };
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
                p = p.line_spacing(LineSpacing::new().before(twips_of_pt(title_before)));
            }
            right = right.add_paragraph(p);
        }
        // The blank for signature and seal: the name's space-before (in its style).
        let mut name = self.line(HO_TEN_KY, &sig.name);
        if sig.title_lines.is_empty() {
            let gap_pt = g.signature_gap_mm * 72.0 / 25.4;
            name = name.line_spacing(LineSpacing::new().before(twips_of_pt(title_before + gap_pt)));
        }
        right = right.add_paragraph(name);

        let row = TableRow::new(vec![left, right]).cant_split();
        self.layout_table(vec![row], &[g.left_col_mm, g.right_col_mm])
    }
}

/// Where a Kính gửi list of several recipients sits (B-10): the label's left indent and
/// the recipients' (their dashes under the colon), the block roughly centred on the text
/// width. `None` for a single recipient (one centred line) or none. The style sheet
/// carries both indents.
pub(super) fn kinh_gui_indents(
    g: &Geometry,
    fonts: &FontSet,
    list: &[String],
) -> Option<(f64, f64)> {
    let n = list.len();
    if n < 2 {
        return None;
    }
    let size = g.sizes.kinh_gui;
    let label = list[0].trim_end_matches(':');
    let to_colon = fonts.width_mm(label, Face::Regular, size);
    let widest = list[1..]
        .iter()
        .map(|l| fonts.width_mm(l, Face::Regular, size))
        .fold(0.0_f64, f64::max);
    let block = (to_colon + widest).min(g.text_width_mm);
    let start = ((g.text_width_mm - block) / 2.0).max(0.0);
    let item_left = (start + to_colon).min(g.text_width_mm * 0.6);
    Some((start, item_left))
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

/// The (nearly invisible) paragraph that ends a section; `fix` gives it its sectPr.
pub(super) fn section_break() -> Paragraph {
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

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::super::tests::{doc, part};
    use super::*;

    #[test]
    fn an_attached_document_repeats_the_header_without_number_and_date() {
        let mut d = doc();
        d.appendices.push(Appendix {
            label: "QUY ĐỊNH".into(),
            title: "Tiêu chí đánh giá công tác dân vận".into(),
            note: "(Kèm theo Quyết định số 12/QĐ-UBND ngày 06/3/2025)".into(),
            body: vec![d.body[0].clone()],
            landscape: false,
            header: true,
        });
        let x = part(&render(&d).unwrap(), "word/document.xml");
        let tables: Vec<&str> = x.split("<w:tbl>").skip(1).collect();
        let with_quoc_hieu: Vec<&&str> = tables
            .iter()
            .filter(|t| t.contains(&format!(">{}<", d.header.quoc_hieu)))
            .collect();
        assert_eq!(with_quoc_hieu.len(), 2);
        let (main, attached) = (with_quoc_hieu[0], with_quoc_hieu[1]);
        assert!(main.contains(&d.header.number_line));
        assert!(main.contains(&d.header.date_line));
        // One row, the same two columns as the main header on a portrait page.
        let attached = &attached[..attached.find("</w:tbl>").unwrap()];
        assert!(!attached.contains(&d.header.number_line), "{attached}");
        assert!(!attached.contains(&d.header.date_line), "{attached}");
        assert_eq!(
            attached.matches("<w:tr>").count() + attached.matches("<w:tr ").count(),
            1
        );
        assert_eq!(attached.matches("<w:gridCol ").count(), 2);
        // The type name stands as in ô 5a, after the header.
        let label = x.rfind(">QUY ĐỊNH<").unwrap();
        let para = &x[x[..label].rfind("<w:p>").unwrap()..label];
        assert!(
            para.contains(&format!("w:val=\"{}\"", style::TEN_LOAI)),
            "{para}"
        );
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
                header: false,
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
        // Left-aligned as the plain line it is based on, which says so once.
        assert!(label.contains("<w:keepNext/>") && !label.contains("<w:jc "));
        assert!(label.contains(r#"<w:basedOn w:val="DongDon"/>"#));
        assert!(style("DongDon").contains(r#"<w:jc w:val="left"/>"#));
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
}
