//! Compose: a Tera template turns the agency and document data into the body as Markdown.
//!
//! Data is escaped for Markdown by default, so user text can never become markup; the
//! `markup` filter is the one opt-in, and it lets through only **bold**, *italic* and
//! footnote references `[^id]`. ND30 text rules are exposed as filters.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::ground::nd30;
use crate::load::model::{DocFile, Node, Part};

/// Templates built into the binary; a workspace's `templates/<name>.md` overrides them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("van-ban.md", include_str!("../../templates/van-ban.md")),
    ("ke-hoach.md", include_str!("../../templates/ke-hoach.md")),
    (
        "bao-cao-6-thang.md",
        include_str!("../../templates/bao-cao-6-thang.md"),
    ),
    (
        "bao-cao-nam.md",
        include_str!("../../templates/bao-cao-nam.md"),
    ),
    ("bao-cao.md", include_str!("../../templates/bao-cao.md")),
    (
        "bao-cao-tong-hop.md",
        include_str!("../../templates/bao-cao-tong-hop.md"),
    ),
    (
        "du-thao-quyet-dinh.md",
        include_str!("../../templates/du-thao-quyet-dinh.md"),
    ),
    (
        "quyet-dinh.md",
        include_str!("../../templates/quyet-dinh.md"),
    ),
    (
        "to-trinh-xep-loai.md",
        include_str!("../../templates/to-trinh-xep-loai.md"),
    ),
    (
        "ho-so-cham-diem.md",
        include_str!("../../templates/ho-so-cham-diem.md"),
    ),
    ("_bao-cao.md", include_str!("../../templates/_bao-cao.md")),
    (
        "_ket-qua-xep-loai.md",
        include_str!("../../templates/_ket-qua-xep-loai.md"),
    ),
];

/// What a template produces: optional metadata blocks and the body.
#[derive(Debug, Default)]
pub struct Composed {
    /// Block `loai`: the ND30 type slug.
    pub loai: Option<String>,
    /// Block `trich_yeu`.
    pub trich_yeu: Option<String>,
    /// Block `kinh_gui`: one recipient per line.
    pub kinh_gui: Vec<String>,
    /// Block `noi_dung`: the body Markdown.
    pub body: String,
}

/// A compiled template set.
pub struct Composer {
    tera: Tera,
    /// Template sources by file name, to tell which data fields a template reads.
    sources: BTreeMap<String, String>,
}

/// A template failed: (template name, message).
#[derive(Debug)]
pub struct ComposeError {
    pub template: String,
    pub message: String,
}

impl Composer {
    /// Built-in templates plus the workspace's overrides in `templates_dir`.
    pub fn new(templates_dir: &Path) -> Result<Composer, ComposeError> {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_markdown);
        tera.autoescape_on([".md"]);
        register(&mut tera);
        let mut sources: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        if let Ok(rd) = std::fs::read_dir(templates_dir) {
            for e in rd.filter_map(|e| e.ok()) {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "md") {
                    let name = p.file_name().unwrap().to_string_lossy().to_string();
                    let text = std::fs::read_to_string(&p).map_err(|err| ComposeError {
                        template: p.display().to_string(),
                        message: format!("không đọc được mẫu: {err}"),
                    })?;
                    sources.insert(name, text);
                }
            }
        }
        for (name, text) in &sources {
            tera.add_raw_template(name, text)
                .map_err(|e| ComposeError {
                    template: name.clone(),
                    message: tera_message(&e),
                })?;
        }
        Ok(Composer { tera, sources })
    }

    /// The text of a template and of every template it extends, includes or imports: what
    /// can read a document's data when it is composed.
    pub fn family_text(&self, template: &str) -> String {
        let mut out = String::new();
        let mut todo = vec![format!("{template}.md")];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(text) = self.sources.get(&name) else {
                continue;
            };
            for tag in ["extends", "include", "import"] {
                let mut rest = text.as_str();
                while let Some(i) = rest.find(tag) {
                    rest = &rest[i + tag.len()..];
                    let t = rest.trim_start();
                    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
                        if let Some(end) = t[1..].find(q) {
                            todo.push(t[1..1 + end].to_string());
                        }
                    }
                }
            }
            out.push_str(text);
            out.push('\n');
        }
        out
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.contains_template(&format!("{template}.md"))
    }

    /// Renders one document's template: metadata blocks as plain text, the body as Markdown.
    pub fn compose(&self, template: &str, ctx: &Context) -> Result<Composed, ComposeError> {
        let name = format!("{template}.md");
        let block = |b: &str| -> Result<Option<String>, ComposeError> {
            match self.tera.render_block(&name, b, ctx) {
                Ok(s) => Ok(Some(s)),
                Err(e) if e.to_string().contains("not found in template") => Ok(None),
                Err(e) => Err(ComposeError {
                    template: name.clone(),
                    message: tera_message(&e),
                }),
            }
        };
        let text = |s: Option<String>| s.map(|s| unescape(s.trim())).filter(|s| !s.is_empty());
        let body = block("noi_dung")?.ok_or_else(|| ComposeError {
            template: name.clone(),
            message: "mẫu thiếu khối {% block noi_dung %}".into(),
        })?;
        Ok(Composed {
            loai: text(block("loai")?),
            trich_yeu: text(block("trich_yeu")?),
            kinh_gui: text(block("kinh_gui")?)
                .map(|s| {
                    s.lines()
                        .map(|l| l.trim().to_string())
                        .filter(|l| !l.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            body,
        })
    }
}

/// The template context every document gets.
pub fn context(
    agency: &impl Serialize,
    doc: &DocFile,
    extra: &[(&str, serde_json::Value)],
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("co_quan", agency);
    ctx.insert("doc", doc);
    ctx.insert("noi_dung", &flatten(&doc.noi_dung));
    let mut outline = nodes_markdown(&doc.noi_dung, 1);
    if doc.in_hoa_tieu_de == Some(true) {
        outline = with_capital_titles(&outline);
    }
    ctx.insert("noi_dung_md", &outline);
    let sections: BTreeMap<&str, String> = doc
        .muc
        .iter()
        .map(|(k, nodes)| (k.as_str(), nodes_markdown(nodes, 2)))
        .collect();
    ctx.insert("muc_md", &sections);
    ctx.insert("dieu_md", &articles_markdown(&doc.dieu));
    if let Some(q) = &doc.quy_dinh {
        ctx.insert("quy_dinh_md", &regulation_markdown(q));
    }
    let notes: Vec<_> = doc
        .chu_thich
        .iter()
        .map(|(id, text)| BTreeMap::from([("id", id.as_str()), ("text", text.as_str())]))
        .collect();
    ctx.insert("chu_thich", &notes);
    for (k, v) in extra {
        ctx.insert(k.to_string(), v);
    }
    ctx
}

/// Undoes `escape_markdown` for metadata blocks, which are plain text.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out
}

/// One body node with its depth, so a template needs no recursion.
#[derive(Serialize)]
struct FlatNode<'a> {
    cap: usize,
    tieu_de: Option<&'a str>,
    doan: Vec<&'a str>,
    y: &'a [String],
}

fn flatten(nodes: &[Node]) -> Vec<FlatNode<'_>> {
    fn walk<'a>(nodes: &'a [Node], depth: usize, out: &mut Vec<FlatNode<'a>>) {
        for n in nodes {
            out.push(FlatNode {
                cap: depth,
                tieu_de: n.tieu_de.as_deref(),
                doan: n.doan.list(),
                y: &n.y,
            });
            walk(&n.muc, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(nodes, 1, &mut out);
    out
}

/// A numbered tree as body Markdown, its top level at heading depth `base` (1: mục I.,
/// 2: khoản 1., 3: điểm a)). Text goes through `inline_markup`, so data stays data.
pub fn nodes_markdown(nodes: &[Node], base: usize) -> String {
    let mut out = String::new();
    for n in nodes {
        node_markdown(n, base, &mut out);
    }
    out
}

/// Outline Markdown with every level-1 title ("# Title", no attributes: not a numbered
/// paragraph, centred line or article) asking for capitals.
fn with_capital_titles(md: &str) -> String {
    md.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(t) if t.starts_with("# ") && !t.ends_with('}') => format!("{t} {{.hoa}}\n"),
            _ => l.to_string(),
        })
        .collect()
}

/// Articles (Điều 1, 2 …): each unit at level 1 as an article, its children khoản and điểm.
pub fn articles_markdown(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        unit_markdown(n, 1, true, &mut out);
    }
    out
}

/// A regulation's body: chapters ("Chương I" and the title in capitals, centred) with their
/// articles, numbered on through the chapters, then articles outside any chapter.
pub fn regulation_markdown(q: &crate::load::model::Regulation) -> String {
    let mut out = String::new();
    for (i, c) in q.chuong.iter().enumerate() {
        out.push_str(&format!(
            "# Chương {} {{.giua}}\n\n",
            nd30::roman(i as u32 + 1)
        ));
        out.push_str(&format!(
            "# {} {{.giua}}\n\n",
            inline_markup(&nd30::upper(&c.ten))
        ));
        out.push_str(&articles_markdown(&c.dieu));
    }
    out.push_str(&articles_markdown(&q.dieu));
    out
}

/// One unit: heading (or its first paragraph numbered), paragraphs, dash items, its
/// ordered parts, then its children.
fn node_markdown(n: &Node, depth: usize, out: &mut String) {
    unit_markdown(n, depth, false, out)
}

/// A unit; `article` makes a level-1 unit "Điều n." instead of "I.".
fn unit_markdown(n: &Node, depth: usize, article: bool, out: &mut String) {
    let h = "#".repeat(depth.min(3));
    let doan = n.doan.list();
    let dieu = if article && depth == 1 { ".dieu " } else { "" };
    match n.tieu_de.as_deref() {
        Some(t) if dieu.is_empty() => {
            out.push_str(&format!("{h} {}\n\n", inline_markup(t)));
            for p in &doan {
                out.push_str(&format!("{}\n\n", inline_markup(p)));
            }
        }
        Some(t) => {
            out.push_str(&format!("{h} {} {{.dieu}}\n\n", inline_markup(t)));
            for p in &doan {
                out.push_str(&format!("{}\n\n", inline_markup(p)));
            }
        }
        None => {
            for (i, p) in doan.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("{h} {} {{{dieu}.doan}}\n\n", inline_markup(p)));
                } else {
                    out.push_str(&format!("{}\n\n", inline_markup(p)));
                }
            }
        }
    }
    for y in &n.y {
        out.push_str(&format!("- {}\n", inline_markup(y)));
    }
    if !n.y.is_empty() {
        out.push('\n');
    }
    parts_markdown(&n.noi_dung, depth, out);
    for child in &n.muc {
        node_markdown(child, depth + 1, out);
    }
}

/// Ordered parts: consecutive dash and "+" items make one list ("+" items nest under
/// the dash item before them); anything else ends it.
fn parts_markdown(parts: &[Part], depth: usize, out: &mut String) {
    let mut in_list = false;
    for p in parts {
        let list_item = matches!(p, Part::Y(_) | Part::Cong(_));
        if in_list && !list_item {
            out.push('\n');
        }
        in_list = list_item;
        match p {
            Part::Doan(t) => out.push_str(&format!("{}\n\n", inline_markup(t))),
            Part::Y(t) => out.push_str(&format!("- {}\n", inline_markup(t))),
            Part::Cong(t) => out.push_str(&format!("  - {}\n", inline_markup(t))),
            Part::Giua(t) => out.push_str(&format!("# {} {{.giua}}\n\n", inline_markup(t))),
            Part::Muc(child) => node_markdown(child, depth + 1, out),
            Part::Bang(t) => table_markdown(t, out),
        }
    }
    if in_list {
        out.push('\n');
    }
}

/// A data table as a Markdown table: every cell escaped, column widths by the longest text
/// (a number column stays narrow, centred), the header repeated on every page.
fn table_markdown(t: &crate::load::model::TableDecl, out: &mut String) {
    let n = t
        .cot
        .len()
        .max(t.dong.iter().map(Vec::len).max().unwrap_or(0));
    if n == 0 {
        return;
    }
    let cell = |row: &[String], i: usize| {
        row.get(i)
            .map(|c| inline_markup(&nd30::table_number(c)))
            .unwrap_or_default()
    };
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..n).map(|i| cell(row, i)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&line(&t.cot));
    let delims: Vec<String> = (0..n)
        .map(|i| {
            let longest = std::iter::once(&t.cot)
                .chain(&t.dong)
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(1);
            let numeric = t.dong.iter().filter_map(|r| r.get(i)).all(|c| {
                c.trim()
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ".,%".contains(ch))
            });
            let dashes = "-".repeat(longest.clamp(3, 30));
            if numeric {
                format!(":{dashes}:")
            } else {
                dashes
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", delims.join("|")));
    for r in &t.dong {
        out.push_str(&line(r));
    }
    out.push('\n');
}

/// A Tera error in Vietnamese, with the template's line and column when Tera gives them;
/// Tera's own English wording is kept only as a detail for syntax errors in a template.
fn tera_message(e: &tera::Error) -> String {
    use std::error::Error;
    let mut full = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        full.push_str(&format!("\n{s}"));
        src = s.source();
    }
    let place = full
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .map(|p| format!(" (tại {})", p.trim()))
        .unwrap_or_default();
    let quoted = |after: &str| -> Option<String> {
        let i = full.find(after)? + after.len();
        let rest = &full[i..];
        Some(rest[..rest.find('`')?].to_string())
    };
    let first = full.lines().next().unwrap_or("").trim();
    let msg = if let Some(var) = quoted("Variable `") {
        if full.contains("undefined") {
            format!("mẫu dùng `{var}` nhưng dữ liệu để trống hoặc không có giá trị đó")
        } else {
            format!("mẫu cần `{var}` nhưng dữ liệu không có")
        }
    } else if let Some(f) = quoted("Filter `") {
        format!("mẫu dùng bộ lọc `{f}` không có")
    } else if let Some(f) = quoted("Function `") {
        format!("mẫu dùng hàm `{f}` không có")
    } else if let Some(t) = quoted("Template `") {
        format!("mẫu `{t}` không có")
    } else {
        format!("mẫu sai cú pháp Tera (chi tiết: {first})")
    };
    format!("{msg}{place}")
}

/// Escapes ASCII punctuation for CommonMark and folds line breaks, so data is only text.
fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 8);
    push_escaped(&mut buf, input);
    out.write_all(buf.as_bytes())
}

fn push_escaped(buf: &mut String, input: &str) {
    for c in input.chars() {
        match c {
            '\n' | '\r' | '\t' => buf.push(' '),
            c if c.is_ascii_punctuation() => {
                buf.push('\\');
                buf.push(c);
            }
            c => buf.push(c),
        }
    }
}

/// The `markup` filter: escapes everything but `**`, `*` and `[^id]`. A `*` between two
/// letters or digits ("7*7") is text, not emphasis, and `\*` writes a literal `*` anywhere.
pub fn inline_markup(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    let mut rest = input;
    let mut prev: Option<char> = None;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("\\*") {
            out.push_str("\\*");
            rest = r;
            prev = Some('*');
        } else if let Some(r) = rest.strip_prefix("**") {
            out.push_str("**");
            rest = r;
            prev = Some('*');
        } else if let Some(r) = rest.strip_prefix('*') {
            let next = r.chars().next();
            let intraword =
                prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            out.push_str(if intraword { "\\*" } else { "*" });
            rest = r;
            prev = Some('*');
        } else if let Some(id) = footnote_ref(rest) {
            out.push_str(&format!("[^{id}]"));
            rest = &rest[id.len() + 3..];
            prev = Some(']');
        } else {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..]
                .find(['*', '[', '\\'])
                .map(|i| i + first)
                .unwrap_or(rest.len());
            push_escaped(&mut out, &rest[..next]);
            prev = rest[..next].chars().last();
            rest = &rest[next..];
        }
    }
    out
}

/// `[^id]` at the start of `s`, with an id of letters, digits, `-` or `_`.
fn footnote_ref(s: &str) -> Option<&str> {
    let body = s.strip_prefix("[^")?;
    let end = body.find(']')?;
    let id = &body[..end];
    (!id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    .then_some(id)
}

fn register(tera: &mut Tera) {
    tera.register_filter("markup", |s: &str, _: Kwargs, _: &State| {
        Value::safe_string(&inline_markup(s))
    });
    tera.register_filter(
        "dau_cuoi",
        |s: &str, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let last: bool = kw.get("cuoi")?.unwrap_or(false);
            Ok(nd30::terminate_citation(s, last))
        },
    );
    tera.register_filter("so", |n: i64, _: Kwargs, _: &State| nd30::integer(n));
    tera.register_filter(
        "thap_phan",
        |v: f64, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let places: i64 = kw.get("chu_so")?.unwrap_or(1);
            Ok(nd30::decimal(v, places.clamp(0, 6) as usize))
        },
    );
    tera.register_filter("la_ma", |n: i64, _: Kwargs, _: &State| {
        nd30::roman(n.clamp(0, 3999) as u32)
    });
    tera.register_filter("chu_cai", |n: i64, _: Kwargs, _: &State| {
        nd30::point_letter(n.max(1) as usize)
    });
    tera.register_filter("in_hoa", |s: &str, _: Kwargs, _: &State| nd30::upper(s));
    tera.register_filter("thuong_dau", |s: &str, _: Kwargs, _: &State| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    });
    tera.register_filter(
        "phan_tram",
        |part: f64, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
            let whole: f64 = kw.must_get("tren")?;
            Ok(nd30::percent(part, whole).unwrap_or_else(|| "không phát sinh".into()))
        },
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn tera_errors_are_vietnamese_and_located() {
        let dir = std::env::temp_dir().join(format!("vanban-tera-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("thu.md"),
            "{% block noi_dung %}\nDòng một\n{{ doc.khong_co.x }}\n{% endblock %}\n",
        )
        .unwrap();
        let c = Composer::new(&dir).unwrap();
        let ctx = Context::new();
        let e = c.compose("thu", &ctx).unwrap_err();
        assert!(e.message.starts_with("mẫu cần `doc"), "{}", e.message);
        assert!(!e.message.contains("Variable"), "{}", e.message);
        std::fs::write(
            dir.join("hong.md"),
            "{% block noi_dung %}{{ x | khong_co }}{% endblock %}",
        )
        .unwrap();
        let e = Composer::new(&dir)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            e.contains("bộ lọc `khong_co`") || e.contains("cú pháp"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    use super::*;

    #[test]
    fn markup_keeps_only_emphasis_and_footnotes() {
        assert_eq!(
            inline_markup("**chậm nhất 28/3/2025**"),
            "**chậm nhất 28\\/3\\/2025**"
        );
        assert_eq!(inline_markup("a[^1]; b"), "a[^1]\\; b");
        assert_eq!(
            inline_markup("# x [link](y) `c` #set"),
            "\\# x \\[link\\]\\(y\\) \\`c\\` \\#set"
        );
        assert_eq!(inline_markup("[^bad id]"), "\\[\\^bad id\\]");
        assert_eq!(inline_markup("Đẩy [Đ] *Ư*"), "Đẩy \\[Đ\\] *Ư*");
    }

    #[test]
    fn asterisks_between_letters_and_escaped_ones_are_text() {
        let md = inline_markup("7*7 = 49 và 7*7 là *nhân*; \\*ghi chú\\*");
        assert_eq!(md, "7\\*7 \\= 49 và 7\\*7 là *nhân*\\; \\*ghi chú\\*");
        let blocks = crate::document::markdown::parse(&md).unwrap();
        let text = format!("{blocks:?}");
        assert!(text.contains("7*7 = 49 và 7*7 là "), "{text}");
        assert!(text.contains("*ghi chú*"), "{text}");
    }

    #[test]
    fn escape_neutralises_markdown_and_line_breaks() {
        let mut out = Vec::new();
        escape_markdown("- 1. {{ x }}\n# y", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\\- 1\\. \\{\\{ x \\}\\} \\# y"
        );
    }
}
