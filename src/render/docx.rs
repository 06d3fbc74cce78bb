//! DOCX renderer: the document tree → a Word package laid out per ND30.
//!
//! The tree is built with docx-rs; `docx_fix` then repairs what docx-rs gets wrong
//! (element order, ids, footnote plumbing, deterministic zip). Every size and width
//! comes from `doc.geometry`; the few vertical gaps ND30 leaves open are the named
//! constants below.

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footnote, Header, HeightRule, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Style, StyleType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VertAlignType, WidthType,
};

use crate::doc::{Align, Appendix, Block, Document, Inline};
use crate::fonts::{Face, FontSet};
use crate::layout::{twips, Geometry, CELL_PAD_MM};
use crate::nd30;

#[path = "docx_fix.rs"]
mod docx_fix;

/// Character style for footnote marks (docx-rs does not superscript them).
pub(crate) const FOOTNOTE_REF_STYLE: &str = "FootnoteReference";
/// Paragraph style for footnote bodies.
pub(crate) const FOOTNOTE_TEXT_STYLE: &str = "FootnoteText";
/// Row-height sentinel that marks a repeated table header row; `docx_fix` turns it into
/// `w:tblHeader` (docx-rs cannot write that element).
pub(crate) const HEADER_ROW_SENTINEL: f32 = 1.0;
/// Paragraph style id that marks the last paragraph of a section; `docx_fix` drops it and
/// puts the section's `w:sectPr` in that paragraph's properties (docx-rs cannot).
pub(crate) const SECTION_BREAK_STYLE: &str = "VanbanSectionBreak";

/// Render `doc` to the bytes of a .docx package (deterministic for a given tree).
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let g = &doc.geometry;
    let fonts = FontSet::bundled();
    let ctx = Ctx {
        g,
        doc,
        fonts: &fonts,
        ascent: ascent_ratio(&fonts),
    };

    let family = g.docx_family.as_str();
    let mut docx = Docx::new()
        .page_size(
            twips(g.page_width_mm) as u32,
            twips(g.page_height_mm) as u32,
        )
        .page_margin(PageMargin {
            top: twips(g.margin_top_mm),
            left: twips(g.margin_left_mm),
            bottom: twips(g.margin_bottom_mm),
            right: twips(g.margin_right_mm),
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
        .created_at(docx_fix::FIXED_DATE)
        .updated_at(docx_fix::FIXED_DATE)
        .add_style(footnote_reference_style())
        .add_style(footnote_text_style(g))
        .header(page_number_header(g))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .title_pg();

    // LibreOffice pushes a table that opens the document one line down; a 1 pt paragraph
    // before it keeps the header block at the top margin there as in Word (the PDF adds
    // the same 1 pt).
    docx = docx.add_paragraph(hairline_paragraph());
    docx = docx.add_table(ctx.header_table());
    for p in ctx.title_block() {
        docx = docx.add_paragraph(p);
    }
    for p in ctx.kinh_gui() {
        docx = docx.add_paragraph(p);
    }
    // A table right before the signature table needs a spacer (Word would merge them).
    docx = ctx.add_blocks(docx, &doc.body, true)?;
    docx = docx.add_table(ctx.signature_table());

    // Each phụ lục is a section of its own: a new page, page numbers from 1 (O-1). docx-rs
    // writes only the final w:sectPr; the marker paragraph ending each earlier section gets
    // its sectPr in `docx_fix`.
    let n = doc.appendices.len();
    for (i, a) in doc.appendices.iter().enumerate() {
        docx = docx.add_paragraph(section_break());
        for p in ctx.appendix_head(a) {
            docx = docx.add_paragraph(p);
        }
        // The last appendix ends the document: keep a (small) paragraph after a table.
        docx = ctx.add_blocks(docx, &a.body, i + 1 == n)?;
    }

    let mut xml = docx.build();
    xml.doc_props.core = core_properties(&xml.doc_props.core, doc);
    docx_fix::finish(xml)
}

struct Ctx<'a> {
    g: &'a Geometry,
    doc: &'a Document,
    fonts: &'a FontSet,
    /// Ascender / em of the face (Word places the first baseline this far below the
    /// line top at single spacing); used to level baselines of different sizes.
    ascent: f64,
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

fn run(text: &str, size: f64, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().add_text(text).size(hp(size));
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

/// Single spacing with the given space before and nothing after.
fn spacing(before_pt: f64, line_multiple: f64) -> LineSpacing {
    LineSpacing::new()
        .before(pt20(before_pt))
        .after(0)
        .line((240.0 * line_multiple).round() as i32)
        .line_rule(LineSpacingType::Auto)
}

/// A centred line of text at single spacing.
fn centred(text: &str, size: f64, bold: bool, italic: bool, before_pt: f64) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(before_pt, 1.0))
        .size(hp(size))
        .add_run(run(text, size, bold, italic))
}

/// An empty paragraph whose bottom border is a rule of `rule_mm`, centred in a box of
/// `box_mm` (the cell's or the page's text width).
fn rule(g: &Geometry, box_mm: f64, rule_mm: f64) -> Paragraph {
    let side = twips(((box_mm - rule_mm) / 2.0).max(0.0));
    let stroke = ((g.rule_stroke_pt * 8.0).round() as usize).clamp(2, 96);
    Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(spacing(0.0, 1.0))
        .size(hp(g.gaps.rule_mark_pt))
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

/// An empty paragraph between two tables.
fn spacer(g: &Geometry) -> Paragraph {
    Paragraph::new()
        .line_spacing(spacing(0.0, 1.0))
        .size(hp(g.para_spacing_pt))
}

/// An empty paragraph exactly 1 pt high.
fn hairline_paragraph() -> Paragraph {
    Paragraph::new()
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(20)
                .line_rule(LineSpacingType::Exact),
        )
        .size(hp(1.0))
}

/// The (nearly invisible) paragraph that ends a section; `docx_fix` gives it its sectPr.
fn section_break() -> Paragraph {
    hairline_paragraph().style(SECTION_BREAK_STYLE)
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

fn page_number_header(g: &Geometry) -> Header {
    let size = g.sizes.page_number;
    let p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 1.0))
        .size(hp(size))
        .add_run(
            Run::new()
                .size(hp(size))
                .add_field_char(FieldCharType::Begin, false),
        )
        .add_run(
            Run::new()
                .size(hp(size))
                .add_instr_text(InstrText::PAGE(InstrPAGE::new())),
        )
        .add_run(
            Run::new()
                .size(hp(size))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(Run::new().size(hp(size)).add_text("2"))
        .add_run(
            Run::new()
                .size(hp(size))
                .add_field_char(FieldCharType::End, false),
        );
    Header::new().add_paragraph(p)
}

fn footnote_reference_style() -> Style {
    let mut s = Style::new(FOOTNOTE_REF_STYLE, StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}

fn footnote_text_style(g: &Geometry) -> Style {
    Style::new(FOOTNOTE_TEXT_STYLE, StyleType::Paragraph)
        .name("footnote text")
        .size(hp(g.sizes.footnote))
        .align(AlignmentType::Both)
        .line_spacing(spacing(0.0, 1.0))
}

impl Ctx<'_> {
    fn header_table(&self) -> Table {
        let g = self.g;
        let h = &self.doc.header;
        let s = &g.sizes;
        let inner_left = g.left_col_mm - 2.0 * CELL_PAD_MM;
        let inner_right = g.right_col_mm - 2.0 * CELL_PAD_MM;

        let mut left = TableCell::new().width(twips(g.left_col_mm) as usize, WidthType::Dxa);
        for l in &h.parent_lines {
            left = left.add_paragraph(centred(l, s.agency, false, false, 0.0));
        }
        for l in &h.agency_lines {
            left = left.add_paragraph(centred(l, s.agency, true, false, 0.0));
        }
        left = left.add_paragraph(rule(g, inner_left, g.agency_rule_mm));

        let right = TableCell::new()
            .width(twips(g.right_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(centred(nd30::QUOC_HIEU, s.quoc_hieu, true, false, 0.0))
            .add_paragraph(centred(nd30::TIEU_NGU, s.tieu_ngu, true, false, 0.0))
            .add_paragraph(rule(g, inner_right, g.tieu_ngu_rule_mm));

        // Row 2: number | date on one baseline. Both cells are top-aligned, so the
        // smaller line gets extra space equal to the difference of the ascents.
        let (num_before, date_before) =
            self.level(self.g.gaps.number_row_before_pt, s.number, s.date);
        let number = TableCell::new()
            .width(twips(g.left_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(centred(&h.number_line, s.number, false, false, num_before));
        let date = TableCell::new()
            .width(twips(g.right_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(centred(&h.date_line, s.date, false, true, date_before));

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
        let mut out = vec![centred(
            &h.type_name,
            g.sizes.type_name,
            true,
            false,
            self.g.gaps.title_before_pt,
        )
        .keep_next(true)];
        if !h.summary.is_empty() {
            out.push(centred(&h.summary, g.sizes.type_name, true, false, 0.0).keep_next(true));
        }
        out.push(rule(g, g.text_width_mm, g.summary_rule_mm));
        out
    }

    /// Body blocks in order. A table followed by another table, or ending the list when
    /// `spacer_after_last_table`, gets a small empty paragraph after it: Word merges
    /// adjacent tables, and a document should not end in a table.
    fn add_blocks(
        &self,
        mut docx: Docx,
        blocks: &[Block],
        spacer_after_last_table: bool,
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
                        docx = docx.add_paragraph(spacer(self.g));
                    }
                }
                other => docx = docx.add_paragraph(self.body_paragraph(other)?),
            }
        }
        Ok(docx)
    }

    /// An appendix's heading (O-1): label, title, the "(Kèm theo …)" note, a short rule.
    fn appendix_head(&self, a: &Appendix) -> Vec<Paragraph> {
        let g = self.g;
        let s = &g.sizes;
        let mut out = vec![
            centred(&a.label, self.g.gaps.appendix_label_pt, true, false, 0.0).keep_next(true),
        ];
        if !a.title.is_empty() {
            out.push(centred(&a.title, s.type_name, true, false, 0.0).keep_next(true));
        }
        if !a.note.is_empty() {
            out.push(centred(&a.note, s.body, false, true, 0.0).keep_next(true));
        }
        // Body paragraphs bring their own space before; tables do not.
        let first_before = match a.body.first() {
            Some(Block::Table(_)) | None => 0.0,
            Some(_) => g.para_spacing_pt,
        };
        let after = (self.g.gaps.appendix_body_gap_pt - first_before).max(0.0);
        out.push(
            rule(g, g.text_width_mm, g.summary_rule_mm)
                .line_spacing(spacing(0.0, 1.0).after(pt20(after)))
                .keep_next(true),
        );
        out
    }

    fn kinh_gui(&self) -> Vec<Paragraph> {
        let g = self.g;
        let list = &self.doc.header.kinh_gui;
        let size = g.sizes.kinh_gui;
        match list.len() {
            0 => vec![],
            1 => vec![centred(
                &format!("Kính gửi: {}", list[0]),
                size,
                false,
                false,
                self.g.gaps.kinh_gui_before_pt,
            )],
            n => {
                // "Kính gửi:" then one line per recipient, the dashes under the colon; the
                // block as a whole roughly centred on the text width.
                let label = "Kính gửi:";
                let to_colon = self.fonts.width_mm("Kính gửi", Face::Regular, size);
                let lines: Vec<String> = list
                    .iter()
                    .enumerate()
                    .map(|(i, r)| format!("- {}", nd30::terminate(r, i + 1 == n)))
                    .collect();
                let widest = lines
                    .iter()
                    .map(|l| self.fonts.width_mm(l, Face::Regular, size))
                    .fold(0.0_f64, f64::max);
                let block = (to_colon + widest).min(g.text_width_mm);
                let start = ((g.text_width_mm - block) / 2.0).max(0.0);
                let item_left = (start + to_colon).min(g.text_width_mm * 0.6);
                let mut out = vec![Paragraph::new()
                    .align(AlignmentType::Left)
                    .indent(Some(twips(start)), None, None, None)
                    .line_spacing(spacing(self.g.gaps.kinh_gui_before_pt, 1.0))
                    .size(hp(size))
                    .keep_next(true)
                    .add_run(run(label, size, false, false))];
                for l in &lines {
                    out.push(
                        Paragraph::new()
                            .align(AlignmentType::Left)
                            .indent(Some(twips(item_left)), None, None, None)
                            .line_spacing(spacing(0.0, 1.0))
                            .size(hp(size))
                            .add_run(run(l, size, false, false)),
                    );
                }
                out
            }
        }
    }

    /// A justified body paragraph with the first-line indent.
    fn body_base(&self, size: f64) -> Paragraph {
        let g = self.g;
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(twips(g.indent_mm))),
                None,
                None,
            )
            .line_spacing(spacing(g.para_spacing_pt, g.line_spacing))
            .size(hp(size))
    }

    fn body_paragraph(&self, block: &Block) -> Result<Paragraph, String> {
        let s = &self.g.sizes;
        Ok(match block {
            Block::Heading {
                number,
                inlines,
                bold,
                keep_next,
                ..
            } => {
                let mut p = self.body_base(s.heading).keep_next(*keep_next);
                if !number.is_empty() {
                    p = p.add_run(run(&format!("{number} "), s.heading, *bold, false));
                }
                self.add_inlines(p, inlines, s.heading, *bold, false)?
            }
            Block::Paragraph { inlines, italic } => {
                self.add_inlines(self.body_base(s.body), inlines, s.body, false, *italic)?
            }
            Block::Item {
                marker, inlines, ..
            } => {
                let p = self.body_base(s.body).add_run(run(
                    &format!("{marker} "),
                    s.body,
                    false,
                    false,
                ));
                self.add_inlines(p, inlines, s.body, false, false)?
            }
            Block::Table(_) => unreachable!("tables are rendered by body_table"),
        })
    }

    /// Append runs; `bold`/`italic` are the paragraph's own style OR-ed into each run.
    fn add_inlines(
        &self,
        mut p: Paragraph,
        inlines: &[Inline],
        size: f64,
        bold: bool,
        italic: bool,
    ) -> Result<Paragraph, String> {
        for i in inlines {
            match i.footnote {
                Some(n) => p = p.add_run(self.footnote_ref(n, size)?),
                None if i.text.is_empty() => {}
                None => p = p.add_run(run(&i.text, size, bold || i.bold, italic || i.italic)),
            }
        }
        Ok(p)
    }

    fn footnote_ref(&self, n: usize, size: f64) -> Result<Run, String> {
        let g = self.g;
        let body = self.doc.footnotes.get(n).ok_or_else(|| {
            format!(
                "chú thích số {} không tồn tại (chỉ có {})",
                n + 1,
                self.doc.footnotes.len()
            )
        })?;
        let fs = g.sizes.footnote;
        let mut para = Paragraph::new()
            .style(FOOTNOTE_TEXT_STYLE)
            .align(AlignmentType::Both)
            .line_spacing(spacing(0.0, 1.0))
            .size(hp(fs))
            // A space after the footnoteRef run that docx_fix inserts in front.
            .add_run(Run::new().size(hp(fs)).add_text(" "));
        for i in body {
            if i.footnote.is_none() && !i.text.is_empty() {
                para = para.add_run(run(&i.text, fs, i.bold, i.italic));
            }
        }
        let mut f = Footnote::new();
        f.add_content(para);
        // add_footnote_reference resets the run properties to the reference style; size after.
        Ok(Run::new()
            .add_footnote_reference(f)
            .style(FOOTNOTE_REF_STYLE)
            .size(hp(size)))
    }

    fn body_table(&self, t: &crate::doc::Table) -> Result<Table, String> {
        let g = self.g;
        let size = g.sizes.table;
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
        let total = twips(g.text_width_mm) as usize;
        let mut grid: Vec<usize> = weights
            .iter()
            .map(|w| (w / sum * total as f64).floor() as usize)
            .collect();
        let used: usize = grid.iter().sum();
        if let Some(last) = grid.last_mut() {
            *last += total - used;
        }
        let align_of = |i: usize| match t.columns.get(i).map(|c| &c.align) {
            Some(Align::Center) => AlignmentType::Center,
            Some(Align::Right) => AlignmentType::Right,
            _ => AlignmentType::Left,
        };
        let cell = |content: &[Inline],
                    i: usize,
                    bold: bool,
                    align: AlignmentType|
         -> Result<TableCell, String> {
            let p = Paragraph::new()
                .align(align)
                .line_spacing(spacing(0.0, 1.0))
                .size(hp(size));
            let p = self.add_inlines(p, content, size, bold, false)?;
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
                        AlignmentType::Center,
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
            let bold = t.total_row && r == last;
            let cells = (0..ncols)
                .map(|i| {
                    cell(
                        row.get(i).map(|c| c.as_slice()).unwrap_or(&[]),
                        i,
                        bold,
                        align_of(i),
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
        let g = self.g;
        let s = &g.sizes;
        let sig = &self.doc.signature;
        let rec = &self.doc.recipients;
        let (label_before, title_before) = self.level(
            self.g.gaps.signature_before_pt,
            s.recipients_label,
            s.signature,
        );

        let left_para = |text: &str, size: f64, bold: bool, italic: bool, before: f64| {
            Paragraph::new()
                .align(AlignmentType::Left)
                .line_spacing(spacing(before, 1.0))
                .size(hp(size))
                .add_run(run(text, size, bold, italic))
        };
        let mut left = TableCell::new()
            .width(twips(g.left_col_mm) as usize, WidthType::Dxa)
            .add_paragraph(left_para(
                "Nơi nhận:",
                s.recipients_label,
                true,
                true,
                label_before,
            ));
        for e in &rec.entries {
            left = left.add_paragraph(left_para(e, s.recipients, false, false, 0.0));
        }
        if !rec.drafter.is_empty() {
            left = left.add_paragraph(left_para(&rec.drafter, s.drafter, false, false, 0.0));
        }

        let mut right = TableCell::new().width(twips(g.right_col_mm) as usize, WidthType::Dxa);
        for (i, l) in sig.title_lines.iter().enumerate() {
            right = right.add_paragraph(centred(
                l,
                s.signature,
                true,
                false,
                if i == 0 { title_before } else { 0.0 },
            ));
        }
        // The blank for signature and seal: the name's space-before.
        let gap_pt = g.signature_gap_mm * 72.0 / 25.4;
        let first = sig.title_lines.is_empty();
        right = right.add_paragraph(centred(
            &sig.name,
            s.signature,
            true,
            false,
            if first { title_before + gap_pt } else { gap_pt },
        ));

        let row = TableRow::new(vec![left, right]).cant_split();
        self.layout_table(vec![row], &[g.left_col_mm, g.right_col_mm])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Header as DocHeader, Recipients, Signature};
    use crate::layout::Settings;
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
                kinh_gui: vec!["Bộ Nội vụ".into()],
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
                Block::Table(crate::doc::Table {
                    columns: vec![
                        crate::doc::Column {
                            width: 1.0,
                            align: Align::Center,
                        },
                        crate::doc::Column {
                            width: 3.0,
                            align: Align::Right,
                        },
                    ],
                    header: vec![vec![Inline::plain("STT")], vec![Inline::plain("Số")]],
                    rows: vec![vec![vec![Inline::plain("1")], vec![Inline::plain("1.073")]]],
                    total_row: false,
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
        for label in ["Phụ lục I", "Phụ lục II"] {
            d.appendices.push(Appendix {
                label: label.into(),
                title: "DANH MỤC NHIỆM VỤ".into(),
                note: "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20/3/2025 của Sở Nội vụ)".into(),
                body: vec![table.clone()],
            });
        }
        let a = render(&d).unwrap();
        assert_eq!(a, render(&d).unwrap());
        let x = part(&a, "word/document.xml");
        // Three sections: main text, then each appendix restarting at page 1.
        assert_eq!(x.matches("<w:sectPr>").count(), 3, "{x}");
        assert_eq!(x.matches(r#"<w:pgNumType w:start="1"/>"#).count(), 2);
        assert_eq!(x.matches("<w:titlePg/>").count(), 3);
        assert_eq!(
            x.matches(r#"<w:headerReference w:type="default""#).count(),
            3
        );
        assert!(!x.contains(SECTION_BREAK_STYLE));
        // The main section ends after the signature table, without a page-number restart.
        let first = &x[x.find("<w:sectPr>").unwrap()..];
        let first = &first[..first.find("</w:sectPr>").unwrap()];
        assert!(!first.contains("pgNumType"));
        assert!(x.find("Nơi nhận:").unwrap() < x.find("<w:sectPr>").unwrap());
        assert!(x.find("<w:sectPr>").unwrap() < x.find("Phụ lục I").unwrap());
        assert!(x.contains("Phụ lục II"));
        assert_eq!(x.matches("<w:tblHeader/>").count(), 3);
        // The body ends in a paragraph, not in the appendix's table.
        let tail = &x[x.rfind("</w:tbl>").unwrap()..];
        assert!(tail.contains("<w:p>") || tail.contains("<w:p "), "{tail}");
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
