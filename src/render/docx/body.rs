//! The body of the main text and of each appendix: numbered headings, paragraphs, dash
//! items, centred lines, tables and footnotes.

use docx_rs::{
    BorderType, Docx, Footnote, HeightRule, Paragraph, Run, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::styles::{style, FOOTNOTE_REF_STYLE};
use super::{Ctx, HEADER_ROW_SENTINEL};
use crate::ground::layout::{twips, Geometry};
use crate::ground::tree::{self, Align, Block, Inline};

impl Ctx<'_> {
    /// Body blocks in order. A table followed by another table, or ending the list when
    /// `spacer_after_last_table`, gets a small empty paragraph after it: Word merges
    /// adjacent tables, and a document should not end in a table. With `keep_last`, the
    /// closing paragraph stays whole and on the signature's page (as in the PDF), so the
    /// signature and Nơi nhận never stand alone on a page.
    pub(super) fn add_blocks(
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
        // Runs split only to mark a whole number are one run again (as before the split).
        let mut pending: Option<(String, bool, bool)> = None;
        for i in inlines {
            let style = (bold || i.bold, italic || i.italic);
            match (i.footnote, &mut pending) {
                (Some(_), _) | (None, None) => {}
                (None, Some((text, b, it))) if (*b, *it) == style => {
                    text.push_str(&unbroken(i));
                    continue;
                }
                (None, Some(_)) => {}
            }
            if let Some((text, b, it)) = pending.take() {
                p = p.add_run(self.r(id, &text, b, it));
            }
            match i.footnote {
                Some(n) => p = p.add_run(self.footnote_ref(n)?),
                None if i.text.is_empty() => {}
                None => pending = Some((unbroken(i).into_owned(), style.0, style.1)),
            }
        }
        if let Some((text, b, it)) = pending {
            p = p.add_run(self.r(id, &text, b, it));
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
        // A space after the footnoteRef run that `fix` inserts in front.
        let mut para = self.p(id).add_run(Run::new().add_text(" "));
        let mut runs: Vec<(String, bool, bool)> = Vec::new();
        for i in body
            .iter()
            .filter(|i| i.footnote.is_none() && !i.text.is_empty())
        {
            match runs.last_mut() {
                Some((text, b, it)) if (*b, *it) == (i.bold, i.italic) => {
                    text.push_str(&unbroken(i))
                }
                _ => runs.push((unbroken(i).into_owned(), i.bold, i.italic)),
            }
        }
        for (text, b, it) in runs {
            para = para.add_run(self.r(id, &text, b, it));
        }
        let mut f = Footnote::new();
        f.add_content(para);
        Ok(Run::new()
            .add_footnote_reference(f)
            .style(FOOTNOTE_REF_STYLE))
    }

    /// A ruled table over the text width: a repeated header row, group rows spanning all
    /// columns, and a bold total row when the table has one. A row kept with the next has
    /// keep-with-next on its paragraphs (Word's and LibreOffice's way to tie table rows).
    fn body_table(&self, t: &tree::Table) -> Result<Table, String> {
        let grid = column_grid(t, self.text_width_mm)?;
        let mut rows = Vec::new();
        if !t.header.is_empty() {
            rows.push(self.header_row(t, &grid)?);
        }
        let last = t.rows.len().saturating_sub(1);
        for (r, row) in t.rows.iter().enumerate() {
            let keep = t.keep_with_next.contains(&r);
            if t.group_rows.contains(&r) {
                rows.push(self.group_row(row, &grid, keep)?);
                continue;
            }
            let bold = t.total_row && r == last;
            let cells = (0..grid.len())
                .map(|i| {
                    let content = cell_at(row, i);
                    self.table_cell(content, grid[i], bold, keep, column_style(t, i))
                })
                .collect::<Result<Vec<_>, _>>()?;
            rows.push(TableRow::new(cells).cant_split());
        }
        Ok(ruled_table(self.g, rows, grid))
    }

    /// The header row, marked to repeat on every page (`HEADER_ROW_SENTINEL`).
    fn header_row(&self, t: &tree::Table, grid: &[usize]) -> Result<TableRow, String> {
        let cells = (0..grid.len())
            .map(|i| {
                let content = cell_at(&t.header, i);
                self.table_cell(content, grid[i], true, false, style::BANG_TIEU_DE)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TableRow::new(cells)
            .cant_split()
            .row_height(HEADER_ROW_SENTINEL)
            .height_rule(HeightRule::AtLeast))
    }

    /// A group row: its first cell, bold, across all columns.
    fn group_row(
        &self,
        row: &[Vec<Inline>],
        grid: &[usize],
        keep: bool,
    ) -> Result<TableRow, String> {
        let content: Vec<Inline> = row.first().cloned().unwrap_or_default();
        let p = kept(self.p(style::BANG), keep);
        let p = self.add_inlines(p, style::BANG, &content, true, false)?;
        let cell = TableCell::new()
            .width(grid.iter().sum(), WidthType::Dxa)
            .grid_span(grid.len())
            .vertical_align(VAlignType::Center)
            .add_paragraph(p);
        Ok(TableRow::new(vec![cell]).cant_split())
    }

    fn table_cell(
        &self,
        content: &[Inline],
        width: usize,
        bold: bool,
        keep: bool,
        id: &str,
    ) -> Result<TableCell, String> {
        let p = self.add_inlines(kept(self.p(id), keep), id, content, bold, false)?;
        Ok(TableCell::new()
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(p))
    }
}

/// Column widths in twips: the text width shared out by the columns' weights (1 where
/// none is given), the rounding remainder to the last column so they fill it exactly.
fn column_grid(t: &tree::Table, text_width_mm: f64) -> Result<Vec<usize>, String> {
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
    let total = twips(text_width_mm) as usize;
    let mut grid: Vec<usize> = weights
        .iter()
        .map(|w| (w / sum * total as f64).floor() as usize)
        .collect();
    let used: usize = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last += total - used;
    }
    Ok(grid)
}

/// A run's text; a number with its symbol gets Word's non-breaking hyphen (`fix` writes
/// it as w:noBreakHyphen).
fn unbroken(i: &Inline) -> std::borrow::Cow<'_, str> {
    if i.whole {
        i.text
            .replace('-', &super::NO_BREAK_HYPHEN.to_string())
            .into()
    } else {
        i.text.as_str().into()
    }
}

/// Keep-with-next only where asked: docx-rs writes `w:keepNext` for `keep_next(false)` too.
fn kept(p: Paragraph, keep: bool) -> Paragraph {
    if keep {
        p.keep_next(true)
    } else {
        p
    }
}

/// The content of cell `i` of a row, empty past the row's end.
fn cell_at(row: &[Vec<Inline>], i: usize) -> &[Inline] {
    row.get(i).map(|c| c.as_slice()).unwrap_or(&[])
}

/// The paragraph style of column `i`, by its alignment.
fn column_style(t: &tree::Table, i: usize) -> &'static str {
    match t.columns.get(i).map(|c| &c.align) {
        Some(Align::Center) => style::BANG_GIUA,
        Some(Align::Right) => style::BANG_PHAI,
        _ => style::BANG,
    }
}

/// A fixed grid with single black rules all round and between cells, and the geometry's
/// cell padding.
fn ruled_table(g: &Geometry, rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    let total: usize = grid.iter().sum();
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
    Table::new(rows)
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
        .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::super::tests::doc;

    #[test]
    fn bad_footnote_index_is_an_error() {
        let mut d = doc();
        d.footnotes.clear();
        assert!(render(&d).is_err());
    }
}
