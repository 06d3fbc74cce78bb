//! The document tree: what both renderers draw.
//!
//! Every string here is final text (numbers, dates, terminators already applied by
//! `nd30`), so a renderer only decides *where* and *how big*, never *what*.

use serde::Serialize;

use crate::ground::layout::Geometry;

/// One rendered document, header to drafter code.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub header: Header,
    /// Body blocks, from the căn cứ to the paragraph ending "./.".
    pub body: Vec<Block>,
    /// Footnote bodies; `Inline::footnote` indexes into this (0-based).
    pub footnotes: Vec<Vec<Inline>>,
    pub signature: Signature,
    pub recipients: Recipients,
    /// Phụ lục after the signature, each starting a new page and numbered on its own.
    pub appendices: Vec<Appendix>,
    /// All sizes and widths, shared by both renderers so they paginate alike.
    pub geometry: Geometry,
    /// Date written into the files' metadata, "YYYY-MM-DD": the document's own date, else
    /// (an undated draft) the parent plan's date, else 1 January of its year. Never the
    /// clock, so the same inputs give the same bytes.
    pub meta_date: String,
}

/// Ô 1–5 and 9a of the first page.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Cơ quan chủ quản lines (upright, not bold); may be empty.
    pub parent_lines: Vec<String>,
    /// Issuing body lines (bold).
    pub agency_lines: Vec<String>,
    /// Ô 2: quốc hiệu and tiêu ngữ.
    pub quoc_hieu: String,
    pub tieu_ngu: String,
    /// Ô 3, e.g. "Số: 696/KH-UBND" or "Số:      /KH-UBND".
    pub number_line: String,
    /// Ô 4, e.g. "Tây Ninh, ngày 06 tháng 3 năm 2025".
    pub date_line: String,
    /// Ô 5a type name in capitals, e.g. "KẾ HOẠCH".
    pub type_name: String,
    /// Trích yếu (may be empty for types without one).
    pub summary: String,
    /// Ô 5b of a công văn: "V/v …" under the number; then `type_name` and `summary` are
    /// empty (H-23).
    pub subject_line: String,
    /// Ô 9a as printed: one line "Kính gửi: X", or the label "Kính gửi:" followed by one
    /// line per recipient ("- X;" … "- Y."); empty when the document has none.
    pub kinh_gui: Vec<String>,
    /// A draft's mark at the top right of the first page ("DỰ THẢO"); empty for none.
    #[serde(default)]
    pub draft: String,
}

/// A phụ lục (O-1): label, title, the "(Kèm theo …)" line, then its own blocks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Appendix {
    /// "Phụ lục", or "Phụ lục I", "Phụ lục II" … when there are several.
    pub label: String,
    /// Title in capitals.
    pub title: String,
    /// "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20/3/2025 của Sở Nội vụ tỉnh Tây Ninh)".
    pub note: String,
    pub body: Vec<Block>,
    /// A landscape section (P-2: wide tables); margins stay as written.
    #[serde(default)]
    pub landscape: bool,
    /// A document issued with the main one (Mẫu 1.3: a Quy định): it opens with the main
    /// document's header block, without number and date, and its type name as ô 5a.
    #[serde(default)]
    pub header: bool,
}

/// Ô 7a/7b: the signature block, centred in the right column.
#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    /// Capitalised authority and title lines, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"].
    pub title_lines: Vec<String>,
    pub name: String,
}

/// Ô 9b and ô 12.
#[derive(Debug, Clone, Serialize)]
pub struct Recipients {
    /// Entries with their dash and terminator, e.g. "- Bộ Nội vụ;", last "- Lưu: VT, VP.".
    pub entries: Vec<String>,
    /// Ký hiệu người soạn thảo và số lượng bản, e.g. "PL.(300)"; may be empty.
    pub drafter: String,
}

/// A body block.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A numbered line: "I. MỤC ĐÍCH, YÊU CẦU", "1. Tiêu đề", "a) Sở Nội vụ".
    /// `bold` is false for an untitled khoản/điểm (a numbered body paragraph) and for
    /// điểm titles; `keep_next` holds a title (not a numbered paragraph) to what follows.
    Heading {
        level: u8,
        number: String,
        inlines: Vec<Inline>,
        bold: bool,
        keep_next: bool,
    },
    /// A body paragraph (justified, first-line indent).
    Paragraph { inlines: Vec<Inline>, italic: bool },
    /// A dash item: "- …" (level 1) or "+ …" (level 2).
    Item {
        level: u8,
        marker: String,
        inlines: Vec<Inline>,
    },
    /// A table with a header row that repeats on every page.
    Table(Table),
    /// A bold centred line in the body: a decision's "QUYẾT ĐỊNH:" and the authority that
    /// issues it (Mẫu 1.1).
    Centred { inlines: Vec<Inline> },
}

/// A run of text with one style, or a footnote reference.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Inline {
    pub text: String,
    #[serde(skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub italic: bool,
    /// When set, this inline is a footnote reference (text is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footnote: Option<usize>,
    /// A number with its symbol ("12/KH-UBND"): never broken at a line end.
    #[serde(skip_serializing_if = "is_false")]
    pub whole: bool,
}

/// Splits runs so each number with a symbol (`nd30::whole_numbers`) is a run of its own,
/// marked `whole`.
pub fn mark_whole_numbers(inlines: &mut Vec<Inline>) {
    if !inlines
        .iter()
        .any(|i| i.footnote.is_none() && !crate::ground::nd30::whole_numbers(&i.text).is_empty())
    {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len() + 2);
    for i in inlines.drain(..) {
        let spans = crate::ground::nd30::whole_numbers(&i.text);
        if i.footnote.is_some() || i.whole || spans.is_empty() {
            out.push(i);
            continue;
        }
        let mut at = 0;
        let piece = |text: &str, whole: bool| Inline {
            text: text.to_string(),
            whole,
            ..i.clone()
        };
        for (a, b) in spans {
            if a > at {
                out.push(piece(&i.text[at..a], false));
            }
            out.push(piece(&i.text[a..b], true));
            at = b;
        }
        if at < i.text.len() {
            out.push(piece(&i.text[at..], false));
        }
    }
    *inlines = out;
}

/// Binds every spaced dash of a line of runs to the word before it (`nd30::bind_dashes`),
/// across runs too ("chính trị " bold, "- xã hội" upright).
pub fn bind_dashes(inlines: &mut [Inline]) {
    for i in 0..inlines.len() {
        if inlines[i].footnote.is_some() {
            continue;
        }
        inlines[i].text = crate::ground::nd30::bind_dashes(&inlines[i].text);
        let opens_with_dash = {
            let mut c = inlines[i].text.chars();
            matches!(c.next(), Some('-' | '–')) && c.next().is_none_or(char::is_whitespace)
        };
        if i > 0 && opens_with_dash && inlines[i - 1].footnote.is_none() {
            let prev = &mut inlines[i - 1].text;
            let bound = prev
                .strip_suffix(' ')
                .filter(|p| p.chars().next_back().is_some_and(|c| !c.is_whitespace()));
            if let Some(p) = bound {
                *prev = format!("{p}{}", crate::ground::nd30::NO_BREAK_SPACE);
            }
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            text: text.into(),
            bold: false,
            italic: false,
            footnote: None,
            whole: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Column {
    /// Relative width (the renderers scale all columns to the text width).
    pub width: f64,
    pub align: Align,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// The header row (bold, centred, repeated on every page).
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Whether the last row is a total row (bold).
    pub total_row: bool,
    /// Rows (indices into `rows`) drawn as one bold cell across the whole table: the
    /// group rows of a score table. Their text is the row's cells joined.
    #[serde(default)]
    pub group_rows: Vec<usize>,
    /// Rows kept on the same page as the row after them: a group row with its first row,
    /// the last row of a group with its "Cộng nhóm" row.
    #[serde(default)]
    pub keep_with_next: Vec<usize>,
}

impl Document {
    /// Every paragraph's plain text in reading order (header, body, footnotes, signature,
    /// recipients): what a reader sees, used by tests and the glyph check.
    pub fn paragraphs(&self) -> Vec<String> {
        let h = &self.header;
        let mut out: Vec<String> = Vec::new();
        out.extend(h.parent_lines.iter().cloned());
        out.extend(h.agency_lines.iter().cloned());
        out.push(h.quoc_hieu.clone());
        out.push(h.tieu_ngu.clone());
        out.push(h.number_line.clone());
        out.push(h.date_line.clone());
        out.push(h.type_name.clone());
        if !h.summary.is_empty() {
            out.push(h.summary.clone());
        }
        out.extend(h.kinh_gui.iter().cloned());
        blocks_text(&self.body, &mut out);
        out.extend(self.footnotes.iter().map(|f| plain(f)));
        out.push("Nơi nhận:".to_string());
        out.extend(self.recipients.entries.iter().cloned());
        if !self.recipients.drafter.is_empty() {
            out.push(self.recipients.drafter.clone());
        }
        out.extend(self.signature.title_lines.iter().cloned());
        out.push(self.signature.name.clone());
        for a in &self.appendices {
            out.push(a.label.clone());
            out.push(a.title.clone());
            out.push(a.note.clone());
            blocks_text(&a.body, &mut out);
        }
        out
    }
}

/// Plain text of each block, tables cell by cell.
fn blocks_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading {
                number, inlines, ..
            } => out.push(format!("{number} {}", plain(inlines))),
            Block::Paragraph { inlines, .. } | Block::Centred { inlines } => {
                out.push(plain(inlines))
            }
            Block::Item {
                marker, inlines, ..
            } => out.push(format!("{marker} {}", plain(inlines))),
            Block::Table(t) => {
                for row in std::iter::once(&t.header).chain(t.rows.iter()) {
                    out.extend(row.iter().map(|c| plain(c)));
                }
            }
        }
    }
}

/// The visible text of a run list (footnote references excluded).
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .filter(|i| i.footnote.is_none())
        .map(|i| i.text.as_str())
        .collect()
}
