//! A YAML file as an ordered tree the server can change and write back the way a person
//! writes it: keys in the file's order, block style, plain scalars where plain reads back
//! the same. Writing records the line of every key, so a diagnostic's line leads back to
//! the form field it concerns.

use std::fmt::Write as _;
use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::ground::diag::Diagnostic;

/// One YAML value; maps keep their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn empty_map() -> Yaml {
        Yaml::Map(vec![])
    }

    /// Reads a file's text; its problems are the loader's diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<Yaml, Vec<Diagnostic>> {
        if text.trim().is_empty() {
            return Ok(Yaml::empty_map());
        }
        // YAML 1.2 booleans here: `y:` or `yes` stay the text they are (the typed model
        // still reads them as it always does, as they are written back unquoted).
        let mut opts = crate::load::limits::options();
        opts.strict_booleans = true;
        match serde_saphyr::from_str_with_options::<Yaml>(text, opts) {
            Ok(Yaml::Null) => Ok(Yaml::empty_map()),
            Ok(v) => Ok(v),
            // The loader's reading gives the errors in Vietnamese, with their places.
            Err(_) => match crate::load::yaml::read_str::<Yaml>(path, text) {
                (_, diags) if diags.iter().any(|d| !d.warning) => Err(diags),
                (_, _) => Err(vec![Diagnostic::file(path, "tệp không đọc được")]),
            },
        }
    }

    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The map entry `key`, created (at the end) when missing; a non-map becomes a map.
    pub fn entry(&mut self, key: &str) -> &mut Yaml {
        if !matches!(self, Yaml::Map(_)) {
            *self = Yaml::empty_map();
        }
        let Yaml::Map(m) = self else { unreachable!() };
        let i = match m.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                m.push((key.to_string(), Yaml::Null));
                m.len() - 1
            }
        };
        &mut m[i].1
    }

    /// Sets `key` to `value`, or removes it when `value` is None. An existing key keeps its
    /// place.
    pub fn set(&mut self, key: &str, value: Option<Yaml>) {
        match value {
            Some(v) => *self.entry(key) = v,
            None => {
                if let Yaml::Map(m) = self {
                    m.retain(|(k, _)| k != key);
                }
            }
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as a person reads it in a form field.
    pub fn scalar_text(&self) -> String {
        match self {
            Yaml::Null => String::new(),
            Yaml::Bool(b) => b.to_string(),
            Yaml::Int(i) => i.to_string(),
            Yaml::Float(f) => f.to_string(),
            Yaml::Str(s) => s.clone(),
            Yaml::List(_) | Yaml::Map(_) => String::new(),
        }
    }

    /// A list of scalars as lines (one item per line).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Yaml::List(items) => items.iter().map(|i| i.scalar_text()).collect(),
            Yaml::Str(s) => vec![s.clone()],
            _ => vec![],
        }
    }

    pub fn is_empty_value(&self) -> bool {
        match self {
            Yaml::Null => true,
            Yaml::Str(s) => s.is_empty(),
            Yaml::List(l) => l.is_empty(),
            Yaml::Map(m) => m.is_empty(),
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yaml, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Yaml;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_none<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
                Yaml::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Yaml, E> {
                Ok(Yaml::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Yaml, E> {
                Ok(Yaml::Int(i))
            }
            fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Yaml, E> {
                i64::try_from(u)
                    .map(Yaml::Int)
                    .map_err(|_| E::custom("số quá lớn"))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Yaml, E> {
                Ok(Yaml::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<Yaml, E> {
                Ok(Yaml::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Yaml, E> {
                Ok(Yaml::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Yaml, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element::<Yaml>()? {
                    v.push(x);
                }
                Ok(Yaml::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Yaml, A::Error> {
                let mut m: Vec<(String, Yaml)> = Vec::new();
                while let Some((k, v)) = a.next_entry::<Yaml, Yaml>()? {
                    let k = k.scalar_text();
                    m.retain(|(old, _)| *old != k);
                    m.push((k, v));
                }
                Ok(Yaml::Map(m))
            }
        }
        d.deserialize_any(V)
    }
}

/// A written file: its text, and the path of keys that each line starts.
#[derive(Debug, Default)]
pub struct Emitted {
    pub text: String,
    /// (1-based line, key path), in line order.
    pub lines: Vec<(u64, Vec<String>)>,
}

impl Emitted {
    /// The key path a diagnostic at `line` concerns: the last one starting at or before it.
    pub fn path_at(&self, line: u64) -> Option<&[String]> {
        self.lines
            .iter()
            .rev()
            .find(|(l, _)| *l <= line)
            .map(|(_, p)| p.as_slice())
    }
}

/// Writes a document in block style, with `header` (comment lines) kept on top.
pub fn emit(value: &Yaml, header: &str) -> Emitted {
    emit_like(value, header, "")
}

/// Like `emit`, keeping the flow style (`{ diem: 5 }`) of the keys that `original` wrote
/// that way, its comments wherever they stood and its unchanged lines as written, so a save
/// changes only what was edited.
pub fn emit_like(value: &Yaml, header: &str, original: &str) -> Emitted {
    let mut e = Emitted {
        text: header.to_string(),
        lines: vec![],
    };
    let style = Style {
        flows: flow_paths(original),
        quoted: quoted_strings(original),
    };
    match value {
        Yaml::Map(m) => emit_map(&mut e, m, 0, &mut vec![], &style),
        other => {
            let _ = writeln!(e.text, "{}", scalar(other, &style));
        }
    }
    if original.trim().is_empty() {
        return e;
    }
    // The file's comments, wherever they were, and its unchanged lines as written.
    let (text, moved) = super::comments::keep(original, &e.text, header.lines().count());
    Emitted {
        text,
        lines: e
            .lines
            .into_iter()
            .map(|(l, p)| (moved.get(l as usize - 1).map_or(l, |m| *m as u64 + 1), p))
            .collect(),
    }
}

fn line_no(e: &Emitted) -> u64 {
    e.text.matches('\n').count() as u64 + 1
}

/// How the file being rewritten was written: which keys in flow style, which strings in
/// double quotes. Both are kept.
struct Style {
    flows: Vec<Vec<String>>,
    quoted: std::collections::HashSet<String>,
}

fn quoted_strings(text: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut rest = text;
    while let Some(a) = rest.find('"') {
        let body = &rest[a + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                '\n' => break,
                _ => escaped = false,
            }
        }
        let Some(e) = end else {
            rest = body;
            continue;
        };
        if let Ok(Yaml::Str(s)) = serde_saphyr::from_str::<Yaml>(&rest[a..a + 1 + e + 1]) {
            out.insert(s);
        }
        rest = &body[e + 1..];
    }
    out
}

/// Key paths (through block maps only) whose value the text writes in flow style.
fn flow_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if body.starts_with("- ") || body == "-" {
            // Inside a list: paths through it are not tracked.
            stack.retain(|(i, _)| *i < indent);
            stack.push((indent, "\u{0}".into()));
            continue;
        }
        let Some((key, rest)) = body.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let key = match key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
            Some(k) => k,
            None => key.trim_matches('\''),
        };
        if key.contains(['{', '[', '"']) {
            continue;
        }
        stack.retain(|(i, _)| *i < indent);
        stack.push((indent, key.to_string()));
        if rest.trim_start().starts_with(['{', '[']) && stack.iter().all(|(_, k)| k != "\u{0}") {
            out.push(stack.iter().map(|(_, k)| k.clone()).collect());
        }
    }
    out
}

/// A value on one line: `{ k: v, l: [a, b] }`.
fn flow(v: &Yaml, style: &Style) -> String {
    match v {
        Yaml::Map(m) if !m.is_empty() => format!(
            "{{ {} }}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", key_text(k), flow(v, style)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Yaml::List(l) if !l.is_empty() => format!(
            "[{}]",
            l.iter()
                .map(|i| flow(i, style))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // Text with spaces is quoted on one line, as people write it there.
        Yaml::Str(s) if plain_ok(s) && !s.contains([',', '[', ']', '{', '}', ' ']) => s.clone(),
        Yaml::Str(s) => quote(s),
        other => scalar(other, style),
    }
}

fn emit_map(
    e: &mut Emitted,
    m: &[(String, Yaml)],
    indent: usize,
    path: &mut Vec<String>,
    style: &Style,
) {
    for (i, (k, v)) in m.iter().enumerate() {
        // The first key of a map inside a list sits on the dash's line.
        if !(i == 0 && e.text.ends_with("- ")) {
            e.text.push_str(&" ".repeat(indent));
        }
        path.push(k.clone());
        e.lines.push((line_no(e), path.clone()));
        let key = if style.quoted.contains(k) {
            quote(k)
        } else {
            key_text(k)
        };
        match v {
            Yaml::List(_) | Yaml::Map(_) if style.flows.contains(path) => {
                let _ = writeln!(e.text, "{key}: {}", flow(v, style));
            }
            Yaml::List(items) if !items.is_empty() => {
                let _ = writeln!(e.text, "{key}:");
                emit_list(e, items, indent + 2, path, style);
            }
            Yaml::Map(inner) if !inner.is_empty() => {
                let _ = writeln!(e.text, "{key}:");
                emit_map(e, inner, indent + 2, path, style);
            }
            other => {
                let _ = writeln!(e.text, "{key}: {}", scalar(other, style));
            }
        }
        path.pop();
    }
}

fn emit_list(
    e: &mut Emitted,
    items: &[Yaml],
    indent: usize,
    path: &mut Vec<String>,
    style: &Style,
) {
    for (i, item) in items.iter().enumerate() {
        path.push(i.to_string());
        e.lines.push((line_no(e), path.clone()));
        e.text.push_str(&" ".repeat(indent));
        match item {
            Yaml::Map(inner) if !inner.is_empty() => {
                e.text.push_str("- ");
                emit_map(e, inner, indent + 2, path, style);
            }
            Yaml::List(inner) if !inner.is_empty() => {
                e.text.push_str("-\n");
                emit_list(e, inner, indent + 2, path, style);
            }
            other => {
                let _ = writeln!(e.text, "- {}", scalar(other, style));
            }
        }
        path.pop();
    }
}

fn key_text(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !looks_typed(k)
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn scalar(v: &Yaml, style: &Style) -> String {
    match v {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Int(i) => i.to_string(),
        Yaml::Float(f) => {
            let s = f.to_string();
            if s.contains(['.', 'e', 'i', 'N']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Yaml::Str(s) if plain_ok(s) && !style.quoted.contains(s) => s.clone(),
        Yaml::Str(s) => quote(s),
        Yaml::List(_) => "[]".into(),
        Yaml::Map(_) => "{}".into(),
    }
}

/// Whether a YAML reader would take `s` as something other than a string.
fn looks_typed(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    // YAML 1.1's yes/no/on/off are left plain: the model reads them as text or as a
    // boolean, whichever its field is, just as in a hand-written file.
    matches!(lower.as_str(), "~" | "null" | "true" | "false")
        || s.parse::<f64>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || lower.starts_with(".inf")
        || lower.starts_with("-.inf")
        || lower == ".nan"
}

/// A plain scalar reads back as the same string: no indicator first, no `: ` or ` #`, no
/// edge spaces, nothing a reader would type as a number, boolean or null.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(|c| c.is_control() || is_yaml_break(c))
        && !looks_typed(s)
        && (s.contains(' ') || reads_back_as_text(s))
}

/// Line and page separators some readers take as line breaks, and the byte-order mark:
/// written escaped, so nobody's reader splits or drops them.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// The reader's own word on a word without spaces (the only kind that can be typed as a
/// number, a boolean, null, an infinity, …): does it read back as this very text?
fn reads_back_as_text(s: &str) -> bool {
    let mut opts = crate::load::limits::options();
    opts.strict_booleans = true;
    matches!(
        serde_saphyr::from_str_with_options::<Yaml>(&format!("v: {s}\n"), opts),
        Ok(Yaml::Map(m)) if m.len() == 1 && m[0].1 == Yaml::Str(s.to_string())
    )
}

/// A double-quoted scalar: user text is never read as YAML syntax.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_yaml_break(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The comment lines at the top of a file, kept when the server rewrites it.
pub fn leading_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') {
            out.push_str(line);
            out.push('\n');
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(text: &str) -> Yaml {
        Yaml::parse(Path::new("t.yaml"), text).expect("parses")
    }

    #[test]
    fn writes_what_it_reads_back() {
        let text = "so: 287\nngay: 2025-10-20\ndac_diem:\n  - \"Câu có: dấu hai chấm\"\n  - Câu thường.\nso_lieu:\n  cbccvc: 63\ncham_diem:\n  I.1:\n    diem: 4.5\n    kiem_chung:\n      - van_ban: ke-hoach\n      - ten: Biên bản\n        so: 12/BB-STP\n";
        let v = round(text);
        let e = emit(&v, "");
        assert_eq!(e.text, text);
        assert_eq!(round(&e.text), v);
        assert_eq!(
            e.path_at(7),
            Some(&["so_lieu".to_string(), "cbccvc".to_string()][..])
        );
        assert_eq!(
            e.path_at(13).map(|p| p.join("/")),
            Some("cham_diem/I.1/kiem_chung/1/ten".to_string())
        );
    }

    #[test]
    fn flow_style_is_kept_where_the_file_used_it() {
        let text = "cham_diem:\n  I.1: { diem: 5, kiem_chung: [{ van_ban: ke-hoach }] }\n  I.2: { diem: 4.5, giai_trinh: \"Còn ít, chưa đủ.\" }\nso_lieu:\n  a: 1\n";
        let v = round(text);
        let e = emit_like(&v, "", text);
        assert_eq!(e.text, text);
        assert_eq!(
            e.path_at(3).map(|p| p.join("/")),
            Some("cham_diem/I.2".into())
        );
    }

    #[test]
    fn hostile_text_stays_text() {
        let nasty = [
            "- not a list",
            "key: value",
            "#hash",
            "yes",
            "y",
            "012",
            "a\nb",
            "  edge ",
            "{{ tera }}",
            "\"quoted\" and \\ back",
            "#set page(width: 1cm)",
            "",
        ];
        let v = Yaml::Map(
            nasty
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("k{i}"), Yaml::Str(s.to_string())))
                .collect(),
        );
        let e = emit(&v, "# đầu tệp\n");
        assert_eq!(round(&e.text), v, "{}", e.text);
    }

    #[test]
    fn any_string_reads_back_as_written() {
        // Pieces a reader might take for something else, drawn at random (fixed seed).
        const PIECES: &[&str] = &[
            "+.inf",
            "-.Inf",
            ".NaN",
            ".nan",
            "0x1F",
            "0o17",
            "0b1",
            "~",
            "yes",
            "No",
            "on",
            "=",
            "<<",
            "null",
            "NULL",
            "true",
            "1e3",
            "1_000",
            "012",
            "1.073",
            "8,5",
            "2025-01-01",
            "12:30",
            "-",
            ":",
            "#",
            "'",
            "\"",
            "\\",
            "!",
            "&",
            "*",
            "|",
            ">",
            "%",
            "@",
            "`",
            "[",
            "]",
            "{",
            "}",
            ",",
            "?",
            "0",
            "1",
            ".",
            "_",
            " ",
            "  ",
            "\n",
            "\t",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\u{2029}",
            "\u{FEFF}",
            "\u{1}",
            "ế",
            "Sở",
            "a",
            "x: y",
            "---",
            "...",
            "{{ x }}",
            "#set",
            "*a",
            "&a",
            "!!str",
        ];
        let mut seed = 0x5eedu64;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for turn in 0..400 {
            let values: Vec<(String, Yaml)> = (0..50)
                .map(|i| {
                    let n = 1 + below(5);
                    let s: String = (0..n).map(|_| PIECES[below(PIECES.len())]).collect();
                    (format!("k{i}"), Yaml::Str(s))
                })
                .collect();
            let list = Yaml::List(values.iter().map(|(_, v)| v.clone()).collect());
            let mut map = values;
            map.push(("ds".into(), list));
            let v = Yaml::Map(map);
            let e = emit(&v, "");
            assert_eq!(round(&e.text), v, "turn {turn}:\n{}", e.text);
        }
    }
}
