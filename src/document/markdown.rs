//! Markdown (from a template) → the document tree's body blocks and footnotes.
//!
//! Numbering is done here, by the tool: "#" → I., II., "##" → 1., 2.,
//! "###" → a), b), … with the Vietnamese letter sequence; counters restart under each parent.
//! The last paragraph gets the closing "./.". A heading keeps the case it is written in;
//! `{.hoa}` prints it in capitals (the templates' own section titles ask for it).

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::ground::nd30;
use crate::ground::tree::{Align, Block, Column, Inline, Table};

/// The body, its footnotes, and the appendices that follow it.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Vec<Inline>>,
    /// (title in capitals, blocks) for each `# Title {.phu-luc}` section.
    pub appendices: Vec<AppendixPart>,
}

/// A `# Title {.phu-luc}` section; `{.phu-luc .ngang}` makes it landscape. With
/// `{.phu-luc .kem-theo loai=quy-dinh}` it is a document issued with the main one (Mẫu 1.3):
/// headed by its type name ("QUY ĐỊNH"), its title the summary as written.
#[derive(Debug)]
pub struct AppendixPart {
    pub title: String,
    pub landscape: bool,
    /// The type slug of an attached document ("quy-dinh"), none for a phụ lục.
    pub attached: Option<String>,
    pub blocks: Vec<Block>,
}

/// Marks a table row as a group row (one bold cell across the table). Raw HTML only comes
/// from templates: data is escaped, so a user's `<nhom/>` is text.
pub const GROUP_ROW: &str = "<nhom/>";

/// Marks a table row that closes a group (a "Cộng nhóm" row): it stays on the page of the row
/// before it, as a group row stays with the row after it.
pub const CLOSING_ROW: &str = "<cuoi-nhom/>";

/// Parses body Markdown. Errors are Vietnamese messages (e.g. an undefined footnote).
/// A footnote that does not match: what the Markdown cannot place, by its label.
#[derive(Debug, Clone, PartialEq)]
pub enum FootnoteError {
    /// `[^label]` in the text, no `label` in `chu_thich`.
    NoText(String),
    /// `label` in `chu_thich`, no `[^label]` in the text.
    Unused(String),
}

impl std::fmt::Display for FootnoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FootnoteError::NoText(label) => write!(
                f,
                "chú thích [^{label}] được dùng nhưng không có nội dung trong `chu_thich`"
            ),
            FootnoteError::Unused(label) => write!(
                f,
                "chú thích `{label}` trong `chu_thich` không được dùng ở đâu (thiếu [^{label}] trong văn bản)"
            ),
        }
    }
}

pub fn parse(md: &str) -> Result<Body, Vec<FootnoteError>> {
    parse_with(md, true)
}

/// As `parse`; `closing`: whether the body ends with "./." (B-5; a document may turn it off).
pub fn parse_with(md: &str, closing: bool) -> Result<Body, Vec<FootnoteError>> {
    let opts =
        Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES;
    let mut b = Builder {
        closing,
        ..Builder::default()
    };
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        if let Event::Start(Tag::Table(_)) = &ev {
            b.widths = delimiter_widths(&md[range]);
        }
        b.event(ev);
    }
    b.finish()
}

/// First-cell labels that make a table's last row its total row.
const TOTAL_LABELS: &[&str] = &["tổng cộng", "tổng số", "cộng", "tổng"];

/// Relative column widths from a table's delimiter row: the number of dashes per column,
/// so `|:-:|:----------|` makes the second column ten times the first.
fn delimiter_widths(table_src: &str) -> Vec<f64> {
    let Some(row) = table_src.lines().nth(1) else {
        return vec![];
    };
    let row = row.trim().trim_start_matches('|').trim_end_matches('|');
    row.split('|')
        .map(|c| c.chars().filter(|&ch| ch == '-').count().max(1) as f64)
        .collect()
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// Footnote bodies by label, and labels in order of first reference.
    definitions: BTreeMap<String, Vec<Inline>>,
    order: Vec<String>,
    counters: [usize; 3],
    /// Runs of the block being read.
    runs: Vec<Inline>,
    bold: usize,
    italic: usize,
    quote: usize,
    list_depth: usize,
    ordered: Vec<Option<u64>>,
    /// (level, bold, keep with next) of the heading being read.
    heading: Option<(usize, bool, bool)>,
    in_footnote: Option<String>,
    table: Option<Table>,
    row: Vec<Vec<Inline>>,
    in_head: bool,
    /// Column widths of the table being read.
    widths: Vec<f64>,
    /// Blocks of the main body while an appendix is being read.
    main: Option<Vec<Block>>,
    appendix_titles: Vec<String>,
    appendix_landscape: Vec<bool>,
    appendix_attached: Vec<Option<String>>,
    /// The table row being read is a group row.
    group_row: bool,
    /// The table row being read closes a group.
    closing_row: bool,
    appendix_blocks: Vec<Vec<Block>>,
    in_appendix_title: bool,
    /// The heading being read is a `{.giua}` centred line.
    centred: bool,
    /// The heading being read is an article (`{.dieu}`).
    article: bool,
    /// The heading being read asks for capitals (`{.hoa}`).
    capitals: bool,
    errors: Vec<FootnoteError>,
    /// Whether the body ends with "./.".
    closing: bool,
}

impl Builder {
    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::InlineHtml(t) if self.table.is_some() && t.as_ref() == GROUP_ROW => {
                self.group_row = true
            }
            Event::InlineHtml(t) if self.table.is_some() && t.as_ref() == CLOSING_ROW => {
                self.closing_row = true
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.text(&t)
            }
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let idx = match self.order.iter().position(|l| *l == label) {
                    Some(i) => i,
                    None => {
                        self.order.push(label);
                        self.order.len() - 1
                    }
                };
                self.runs.push(Inline {
                    text: String::new(),
                    bold: false,
                    italic: false,
                    footnote: Some(idx),
                    whole: false,
                });
            }
            Event::Rule => {}
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        if let Some(last) = self.runs.last_mut() {
            if last.footnote.is_none() && last.bold == bold && last.italic == italic {
                last.text.push_str(t);
                return;
            }
        }
        self.runs.push(Inline {
            text: t.to_string(),
            bold,
            italic,
            footnote: None,
            whole: false,
        });
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading {
                level,
                classes,
                attrs,
                ..
            } => {
                let lvl = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                let has = |name: &str| classes.iter().any(|c| c.as_ref() == name);
                if lvl == 1 && has("phu-luc") {
                    self.in_appendix_title = true;
                    self.appendix_landscape.push(has("ngang"));
                    let kind = attrs
                        .iter()
                        .find(|(k, _)| k.as_ref() == "loai")
                        .and_then(|(_, v)| v.as_ref())
                        .map(|v| v.to_string());
                    self.appendix_attached.push(
                        has("kem-theo")
                            .then(|| kind.unwrap_or(crate::ground::kinds::QUY_DINH.into())),
                    );
                    return;
                }
                // "Điều 1. Title" (B-6): an article numbers level 1 as "Điều n.", in normal
                // case; untitled ({.dieu .doan}) its label alone is bold.
                self.article = lvl == 1 && has("dieu");
                // Điểm (level 3) are plain per ND30 B-7; an untitled numbered paragraph too,
                // which is also not a title to keep with the next block.
                if classes.iter().any(|c| c.as_ref() == "giua") {
                    self.centred = true;
                    return;
                }
                self.capitals = has("hoa");
                let numbered_paragraph = classes.iter().any(|c| c.as_ref() == "doan");
                let plain = lvl == 3 || numbered_paragraph;
                self.heading = Some((lvl, !plain, !numbered_paragraph));
            }
            Tag::BlockQuote(_) => self.quote += 1,
            Tag::List(start) => {
                // A tight item's own text comes before its nested list: it is an item of
                // its own, at its own depth.
                if self.list_depth > 0 && !self.runs.is_empty() {
                    self.end_paragraph();
                }
                self.list_depth += 1;
                self.ordered.push(start);
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::FootnoteDefinition(label) => self.in_footnote = Some(label.to_string()),
            Tag::Table(aligns) => {
                let columns = aligns
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Column {
                        width: self.widths.get(i).copied().unwrap_or(1.0),
                        align: match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                            _ => Align::Left,
                        },
                    })
                    .collect();
                self.table = Some(Table {
                    columns,
                    header: vec![],
                    rows: vec![],
                    total_row: false,
                    group_rows: vec![],
                    keep_with_next: vec![],
                });
            }
            Tag::TableHead => self.in_head = true,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.in_appendix_title => self.end_appendix_title(),
            TagEnd::Heading(_) if self.centred => self.end_centred(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Item
                // Tight list items carry no Paragraph events.
                if !self.runs.is_empty() => {
                    self.end_paragraph();
                }
            TagEnd::BlockQuote(_) => self.quote = self.quote.saturating_sub(1),
            TagEnd::List(_) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.ordered.pop();
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::FootnoteDefinition => self.end_footnote(),
            TagEnd::TableCell => {
                let cell = trim(std::mem::take(&mut self.runs));
                self.row.push(cell);
            }
            TagEnd::TableHead => self.end_table_head(),
            TagEnd::TableRow => self.end_table_row(),
            TagEnd::Table => self.end_table(),
            _ => {}
        }
    }

    /// A `# Title {.phu-luc}` closes the body (or the previous appendix) and starts an
    /// appendix with its own numbering.
    fn end_appendix_title(&mut self) {
        self.in_appendix_title = false;
        let text = crate::ground::tree::plain(&trim(std::mem::take(&mut self.runs)));
        // A phụ lục's title is in capitals (O-1); an attached document's summary is not.
        let attached = self.appendix_attached.last().is_some_and(|a| a.is_some());
        let title = if attached { text } else { nd30::upper(&text) };
        let finished = std::mem::take(&mut self.blocks);
        match self.main {
            None => self.main = Some(finished),
            Some(_) => self.appendix_blocks.push(finished),
        }
        self.appendix_titles.push(title);
        self.counters = [0; 3];
    }

    /// A `{.giua}` heading is a centred line, not numbered.
    fn end_centred(&mut self) {
        self.centred = false;
        let inlines = trim(std::mem::take(&mut self.runs));
        self.blocks.push(Block::Centred { inlines });
    }

    /// A numbered heading: I., 1., a) by level; counters below it restart.
    fn end_heading(&mut self) {
        let (lvl, bold, keep_next) = self.heading.take().unwrap_or((1, true, true));
        self.counters[lvl - 1] += 1;
        for c in &mut self.counters[lvl..] {
            *c = 0;
        }
        let n = self.counters[lvl - 1];
        let article = std::mem::take(&mut self.article);
        let mut number = match lvl {
            1 if article => format!("Điều {n}."),
            1 => format!("{}.", nd30::roman(n as u32)),
            2 => format!("{n}."),
            _ => format!("{})", nd30::point_letter(n)),
        };
        let mut inlines = trim(std::mem::take(&mut self.runs));
        // A heading keeps the case its writer gave it; `{.hoa}` asks for capitals.
        if std::mem::take(&mut self.capitals) {
            for i in &mut inlines {
                i.text = nd30::upper(&i.text);
            }
        }
        if article && !bold {
            // An untitled article: "**Điều 1.** Text …", the label bold, the text plain.
            inlines.insert(
                0,
                Inline {
                    text: format!("{} ", std::mem::take(&mut number)),
                    bold: true,
                    italic: false,
                    footnote: None,
                    whole: false,
                },
            );
        }
        self.blocks.push(Block::Heading {
            level: lvl as u8,
            number,
            inlines,
            bold,
            keep_next,
        });
    }

    /// A paragraph becomes a list item, a body paragraph, or stays with the footnote or
    /// table cell it belongs to.
    fn end_paragraph(&mut self) {
        let inlines = trim(std::mem::take(&mut self.runs));
        if self.in_footnote.is_some() {
            // A footnote body: keep its runs until the definition ends.
            self.runs = inlines;
            return;
        }
        if self.table.is_some() {
            return;
        }
        if self.list_depth > 0 {
            let depth = self.list_depth;
            let marker = match self.ordered.last().copied().flatten() {
                Some(n) => format!("{n}."),
                None => {
                    if depth == 1 {
                        "-".to_string()
                    } else {
                        "+".to_string()
                    }
                }
            };
            if let Some(Some(n)) = self.ordered.last_mut() {
                *n += 1;
            }
            self.blocks.push(Block::Item {
                level: depth.min(2) as u8,
                marker,
                inlines,
            });
        } else {
            self.blocks.push(Block::Paragraph {
                inlines,
                italic: self.quote > 0,
            });
        }
    }

    /// A footnote definition's runs are kept by label, placed in order of first use later.
    fn end_footnote(&mut self) {
        if let Some(label) = self.in_footnote.take() {
            let runs = trim(std::mem::take(&mut self.runs));
            self.definitions.insert(label, runs);
        }
    }

    fn end_table_head(&mut self) {
        if let Some(t) = &mut self.table {
            t.header = std::mem::take(&mut self.row);
        }
        self.in_head = false;
    }

    /// A row marked with `GROUP_ROW` is remembered by its index, and kept with the next; one
    /// marked with `CLOSING_ROW` keeps the row before it with itself.
    fn end_table_row(&mut self) {
        if let Some(t) = &mut self.table {
            let i = t.rows.len();
            if std::mem::take(&mut self.group_row) {
                t.group_rows.push(i);
                t.keep_with_next.push(i);
            }
            if std::mem::take(&mut self.closing_row)
                && i > 0
                && !t.keep_with_next.contains(&(i - 1))
            {
                t.keep_with_next.push(i - 1);
            }
            t.rows.push(std::mem::take(&mut self.row));
        }
    }

    /// The last row is a total row when its first text cell is one of `TOTAL_LABELS`.
    fn end_table(&mut self) {
        if let Some(mut t) = self.table.take() {
            t.total_row = t.rows.last().is_some_and(|r| {
                r.iter()
                    .map(|c| crate::ground::tree::plain(c))
                    .find(|c| !c.is_empty() && c.parse::<u64>().is_err())
                    .is_some_and(|c| {
                        TOTAL_LABELS.contains(&c.trim_end_matches(':').to_lowercase().as_str())
                    })
            });
            self.blocks.push(Block::Table(t));
        }
    }

    fn finish(mut self) -> Result<Body, Vec<FootnoteError>> {
        let mut footnotes = Vec::new();
        for label in &self.order {
            match self.definitions.get(label) {
                Some(runs) => footnotes.push(runs.clone()),
                None => self.errors.push(FootnoteError::NoText(label.clone())),
            }
        }
        // pulldown-cmark leaves a reference without a definition as plain text.
        for b in &self.blocks {
            let text = match b {
                Block::Paragraph { inlines, .. }
                | Block::Item { inlines, .. }
                | Block::Heading { inlines, .. }
                | Block::Centred { inlines } => crate::ground::tree::plain(inlines),
                Block::Table(_) => continue,
            };
            for label in dangling_refs(&text) {
                self.errors.push(FootnoteError::NoText(label));
            }
        }
        for label in self.definitions.keys() {
            if !self.order.contains(label) {
                self.errors.push(FootnoteError::Unused(label.clone()));
            }
        }
        let (mut blocks, mut appendices) = match self.main.take() {
            None => (std::mem::take(&mut self.blocks), vec![]),
            Some(main) => {
                self.appendix_blocks.push(std::mem::take(&mut self.blocks));
                let apps = self
                    .appendix_titles
                    .drain(..)
                    .zip(self.appendix_landscape.drain(..))
                    .zip(self.appendix_attached.drain(..))
                    .zip(self.appendix_blocks.drain(..))
                    .map(|(((title, landscape), attached), blocks)| AppendixPart {
                        title,
                        landscape,
                        attached,
                        blocks,
                    })
                    .collect();
                (main, apps)
            }
        };
        if self.closing {
            close_body(&mut blocks);
        }
        // Numbers with a symbol stay whole in running text; table cells (narrow) may break.
        let mut footnotes = footnotes;
        let running = blocks
            .iter_mut()
            .chain(
                appendices
                    .iter_mut()
                    .flat_map(|a: &mut AppendixPart| a.blocks.iter_mut()),
            )
            .filter_map(|b| match b {
                Block::Paragraph { inlines, .. }
                | Block::Item { inlines, .. }
                | Block::Heading { inlines, .. }
                | Block::Centred { inlines } => Some(inlines),
                Block::Table(_) => None,
            });
        for inlines in running.chain(footnotes.iter_mut()) {
            crate::ground::tree::bind_dashes(inlines);
            crate::ground::tree::mark_whole_numbers(inlines);
        }
        // A spaced dash never opens a line in a table cell either.
        let cells = blocks
            .iter_mut()
            .chain(appendices.iter_mut().flat_map(|a| a.blocks.iter_mut()))
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .flat_map(|t| t.header.iter_mut().chain(t.rows.iter_mut().flatten()));
        for cell in cells {
            crate::ground::tree::bind_dashes(cell);
        }
        if self.errors.is_empty() {
            Ok(Body {
                blocks,
                footnotes,
                appendices,
            })
        } else {
            Err(self.errors)
        }
    }
}

/// Adds "./." after the last sentence of the body (B-5).
fn close_body(blocks: &mut [Block]) {
    let last = blocks.iter_mut().rev().find_map(|b| match b {
        Block::Paragraph { inlines, .. }
        | Block::Item { inlines, .. }
        | Block::Heading { inlines, .. } => Some(inlines),
        Block::Table(_) | Block::Centred { .. } => None,
    });
    if let Some(inlines) = last {
        match inlines.iter_mut().rev().find(|i| i.footnote.is_none()) {
            Some(run) => run.text = nd30::close(&run.text),
            None => inlines.push(Inline::plain(nd30::CLOSING)),
        }
    }
}

/// Labels of `[^label]` left as text.
fn dangling_refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("[^") {
        let rest = &text[i + 2..];
        if let Some(end) = rest.find(']') {
            let label = &rest[..end];
            if !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                out.push(label.to_string());
            }
        }
    }
    out
}

/// Drops leading/trailing spaces of a run list and empty runs.
fn trim(mut runs: Vec<Inline>) -> Vec<Inline> {
    if let Some(f) = runs.first_mut() {
        f.text = f.text.trim_start().to_string();
    }
    if let Some(l) = runs.iter_mut().rev().find(|r| r.footnote.is_none()) {
        l.text = l.text.trim_end().to_string();
    }
    runs.retain(|r| r.footnote.is_some() || !r.text.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ground::tree::plain;

    fn heading(b: &Block) -> (String, String, bool) {
        match b {
            Block::Heading {
                number,
                inlines,
                bold,
                ..
            } => (number.clone(), plain(inlines), *bold),
            other => panic!("not a heading: {other:?}"),
        }
    }

    #[test]
    fn numbers_sections_items_and_points() {
        let md = "# Mục đích {.hoa}\n\n## Một {.doan}\n\n## Hai\n\n### A\n\n### B\n\n### C\n\n### D\n\n### Đ\n\n### E\n\n# Nội dung\n\n## Ba\n";
        let body = parse(md).unwrap();
        let hs: Vec<_> = body.blocks.iter().map(heading).collect();
        let numbers: Vec<&str> = hs.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(
            numbers,
            ["I.", "1.", "2.", "a)", "b)", "c)", "d)", "đ)", "e)", "II.", "1."]
        );
        // `{.hoa}` asks for capitals; without it a title keeps its case.
        assert_eq!(hs[0].1, "MỤC ĐÍCH");
        assert_eq!(hs[9].1, "Nội dung");
        assert!(!hs[1].2, "a {{.doan}} heading is not bold");
        let keeps: Vec<bool> = body
            .blocks
            .iter()
            .map(|b| {
                matches!(
                    b,
                    Block::Heading {
                        keep_next: true,
                        ..
                    }
                )
            })
            .collect();
        assert!(
            !keeps[1],
            "a numbered paragraph does not hold to the next block"
        );
        assert!(
            keeps[0] && keeps[2] && keeps[3],
            "titles keep with the next block"
        );
        assert!(hs[2].2);
    }

    #[test]
    fn footnotes_bold_italic_quote_and_closing() {
        let md = "> Căn cứ luật;\n\nVăn bản **đậm** và *nghiêng*[^1] hết\n\n- Gạch\n\n[^1]: Chú thích một;\n";
        let body = parse(md).unwrap();
        assert!(matches!(
            &body.blocks[0],
            Block::Paragraph { italic: true, .. }
        ));
        match &body.blocks[1] {
            Block::Paragraph {
                inlines,
                italic: false,
            } => {
                assert!(inlines.iter().any(|i| i.bold && i.text == "đậm"));
                assert!(inlines.iter().any(|i| i.italic && i.text == "nghiêng"));
                assert!(inlines.iter().any(|i| i.footnote == Some(0)));
            }
            other => panic!("{other:?}"),
        }
        match &body.blocks[2] {
            Block::Item {
                marker, inlines, ..
            } => {
                assert_eq!(marker, "-");
                assert_eq!(plain(inlines), "Gạch./.");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(plain(&body.footnotes[0]), "Chú thích một;");
    }

    #[test]
    fn undefined_and_unused_footnotes_are_errors() {
        let errs = parse("Một[^x]\n\n[^y]: dư\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
    }

    #[test]
    fn appendices_split_off_with_their_own_numbering() {
        let md = "# Một\n\nKết thúc\n\n# Bảng phân công {.phu-luc}\n\n# Hai\n\n| A | B |\n|:-|--:|\n| x | 1 |\n| Tổng cộng | 1 |\n";
        let body = parse(md).unwrap();
        assert_eq!(body.blocks.len(), 2);
        assert_eq!(
            plain(match &body.blocks[1] {
                Block::Paragraph { inlines, .. } => inlines,
                _ => panic!(),
            }),
            "Kết thúc./."
        );
        assert_eq!(body.appendices.len(), 1);
        assert_eq!(body.appendices[0].title, "BẢNG PHÂN CÔNG");
        assert!(!body.appendices[0].landscape);
        assert_eq!(heading(&body.appendices[0].blocks[0]).0, "I.");
        match &body.appendices[0].blocks[1] {
            Block::Table(t) => assert!(t.total_row),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn column_widths_come_from_the_delimiter_row() {
        let body = parse("| A | B | C |\n|:-:|:----------|--|\n| x | y | z |\n").unwrap();
        match &body.blocks[0] {
            Block::Table(t) => {
                let w: Vec<f64> = t.columns.iter().map(|c| c.width).collect();
                assert_eq!(w, vec![1.0, 10.0, 2.0]);
                assert!(!t.total_row);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tables_keep_header_rows_and_alignment() {
        let body = parse("| A | B |\n|:--|--:|\n| x | 1 |\n| y | 2 |\n").unwrap();
        match &body.blocks[0] {
            Block::Table(t) => {
                assert_eq!(t.header.len(), 2);
                assert_eq!(t.rows.len(), 2);
                assert_eq!(t.columns[1].align, Align::Right);
            }
            other => panic!("{other:?}"),
        }
    }
}
