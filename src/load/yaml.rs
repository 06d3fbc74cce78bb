//! YAML files → typed values, with every problem of a file as a Vietnamese diagnostic at its
//! line and column: limits on size, characters XML cannot carry, comments that cut a value
//! (a warning), then deserialisation. Serde stops at the first error; to report the others
//! in the same run, the offending entry is commented out and the file parsed again.

use std::path::Path;

use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;

use crate::ground::diag::Diagnostic;
use crate::load::limits::{options, MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_WORD_CHARS};

/// Errors reported per file at most.
const MAX_ERRORS: usize = 30;

/// Reads `path`: the value when the file has no error, and every diagnostic (errors and
/// warnings) in file order.
pub fn read<T: DeserializeOwned>(path: &Path) -> (Option<T>, Vec<Diagnostic>) {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    read_str(path, &text)
}

/// Like `read` for text already in memory; `path` only names the source.
pub fn read_str<T: DeserializeOwned>(path: &Path, text: &str) -> (Option<T>, Vec<Diagnostic>) {
    let p = parse_str(path, text);
    (p.value, p.diags)
}

/// What a file gave.
pub struct Parsed<T> {
    /// The value, when the file has no error.
    pub value: Option<T>,
    /// When it has errors that were set aside (an unknown key, a wrong entry), the value of
    /// the rest: enough to run the checks that need values (dates, signers, figures), so one
    /// run reports those problems too.
    pub rest: Option<T>,
    /// Every diagnostic, errors and warnings, in file order.
    pub diags: Vec<Diagnostic>,
}

/// Reads `path` like `read`, keeping the value of what remains after errors (`Parsed::rest`).
pub fn parse<T: DeserializeOwned>(path: &Path) -> Parsed<T> {
    match read_text(path) {
        Ok(text) => parse_str(path, &text),
        Err(d) => Parsed {
            value: None,
            rest: None,
            diags: vec![d],
        },
    }
}

fn parse_str<T: DeserializeOwned>(path: &Path, text: &str) -> Parsed<T> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
    if blank {
        return Parsed {
            value: None,
            rest: None,
            diags: vec![
                Diagnostic::file(path, "tệp rỗng: chưa có dữ liệu nào").hint(
                    "ghi các khóa theo mẫu (xem phần mô tả tệp dữ liệu trong README), hoặc xóa tệp",
                ),
            ],
        };
    }
    let mut diags = scan(path, text);
    let errors_before = diags.iter().any(|d| !d.warning);
    // Characters already reported would only make YAML report them again, less clearly.
    let clean: String;
    let text = if errors_before {
        clean = text
            .chars()
            .map(|c| {
                if forbidden(c).is_some() || c == '\r' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        &clean
    } else {
        text
    };
    let (value, first_round, mut errors) = deserialize_all::<T>(path, text);
    diags.append(&mut errors);
    if diags.iter().all(|d| d.warning) {
        diags.extend(escaped_forbidden(path, text));
    }
    diags.sort_by_key(|d| (d.line, d.col));
    diags.dedup();
    let ok = first_round && !errors_before && diags.iter().all(|d| d.warning);
    let (value, rest) = if ok { (value, None) } else { (None, value) };
    Parsed { value, rest, diags }
}

/// Line and column (1-based) of the first `key:` in a file, for problems found after
/// parsing (keys of maps read without positions); (0, 0) names the whole file.
/// Line and column (1-based) of the first occurrence of `needle` in a file's text, or
/// (0, 0) when it is not there (text a template added, not the data).
pub fn text_place(path: &Path, needle: &str) -> (u64, u64) {
    let Ok(text) = read_text(path) else {
        return (0, 0);
    };
    text.lines()
        .enumerate()
        .find_map(|(n, line)| {
            line.find(needle)
                .map(|at| (n as u64 + 1, line[..at].chars().count() as u64 + 1))
        })
        .unwrap_or((0, 0))
}

/// Line and column of a nested key given as "a.b.c": each key searched below the one
/// before it, more deeply indented; (0, 0) when it is not found.
pub fn path_place(path: &Path, dotted: &str) -> (u64, u64) {
    let Ok(text) = read_text(path) else {
        return (0, 0);
    };
    let lines: Vec<&str> = text.lines().collect();
    let (mut from, mut indent, mut place) = (0usize, None::<usize>, (0, 0));
    for key in dotted.split('.') {
        let found = lines.iter().enumerate().skip(from).find_map(|(n, line)| {
            let depth = line.len() - line.trim_start().len();
            if indent.is_some_and(|i| depth <= i) && !line.trim().is_empty() {
                // Left the parent's block: stop at the first line not indented below it.
                return Some(None);
            }
            let t = line.trim_start();
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
                .then_some(Some((n, depth)))
        });
        match found.flatten() {
            Some((n, depth)) => {
                place = (n as u64 + 1, depth as u64 + 1);
                from = n + 1;
                indent = Some(depth);
            }
            None => return (0, 0),
        }
    }
    place
}

pub fn key_place(path: &Path, key: &str) -> (u64, u64) {
    let Ok(text) = read_text(path) else {
        return (0, 0);
    };
    text.lines()
        .enumerate()
        .find_map(|(n, line)| {
            let t = line.trim_start().trim_start_matches("- ");
            let bare = t
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'));
            let quoted = t
                .strip_prefix(&format!("\"{key}\""))
                .or_else(|| t.strip_prefix(&format!("'{key}'")))
                .is_some_and(|r| r.trim_start().starts_with(':'));
            (bare || quoted).then(|| {
                let col = line.chars().count() - line.trim_start().chars().count()
                    + if line.trim_start().starts_with("- ") {
                        2
                    } else {
                        0
                    };
                (n as u64 + 1, col as u64 + 1)
            })
        })
        .unwrap_or((0, 0))
}

/// A file vanban keeps for itself (links, the build record), read like any input: only a
/// regular file (a link to a device or a pipe could never end), never more than `max`
/// bytes, and UTF-8.
pub fn read_bounded(path: &Path, max: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "không phải tệp thường (thư mục, thiết bị hay đường ống)",
        ));
    }
    let too_big = || {
        Error::new(
            ErrorKind::InvalidData,
            format!("tệp lớn hơn {} KB", max / 1024),
        )
    };
    if meta.len() > max {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "tệp không phải UTF-8"))
}

/// The file's text, NFC-normalised; size and encoding errors name the place.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file(path, format!("không đọc được tệp: {}", io_vi(&e))))?;
    if !meta.is_file() {
        return Err(Diagnostic::file(
            path,
            "không phải tệp thường (thư mục, thiết bị hay đường ống)",
        )
        .hint("dữ liệu phải là tệp văn bản YAML; xóa hoặc thay liên kết này bằng tệp thật"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            path,
            format!(
                "tệp quá lớn ({} KB, tối đa {} KB)",
                meta.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        )
        .hint("dữ liệu một văn bản chỉ vài KB; kiểm tra xem có dán nhầm cả tệp khác vào không"));
    }
    // The size is checked again while reading: a file can grow, or lie about its size.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::file(path, format!("không đọc được tệp: {}", io_vi(&e))))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::file(
            path,
            format!("tệp quá lớn (hơn {} KB)", MAX_FILE_BYTES / 1024),
        )
        .hint("dữ liệu một văn bản chỉ vài KB; kiểm tra xem có dán nhầm cả tệp khác vào không"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = String::from_utf8_lossy(good);
        let line = good.matches('\n').count() as u64 + 1;
        let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        Diagnostic::new(path, line, col, "tệp không phải UTF-8: có byte không đọc được ở đây")
            .hint("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… → Mã hóa UTF-8)")
    })?;
    Ok(text.nfc().collect())
}

/// A YAML double-quoted scalar of `s`, for files vanban writes itself (JSON's string syntax
/// is YAML's, so every character survives).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// An I/O error in Vietnamese.
pub fn io_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "không tìm thấy".into(),
        PermissionDenied => "không có quyền truy cập".into(),
        IsADirectory => "đây là thư mục, không phải tệp".into(),
        StorageFull => "ổ đĩa đã đầy".into(),
        ReadOnlyFilesystem => "ổ đĩa chỉ đọc".into(),
        NotADirectory => "một phần của đường dẫn là tệp, không phải thư mục".into(),
        AlreadyExists => "đã có tệp hay thư mục cùng tên".into(),
        DirectoryNotEmpty => "thư mục cùng tên đã có nội dung".into(),
        InvalidFilename => "tên tệp không hợp lệ".into(),
        _ => e.to_string(),
    }
}

/// Name of a character that XML 1.0 (and so a DOCX) cannot hold.
fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0B}' => Some("ngắt dòng thủ công (Shift+Enter khi dán từ Word)"),
        '\u{0C}' => Some("ngắt trang"),
        '\u{00}' => Some("ký tự rỗng (NUL)"),
        '\u{1B}' => Some("ký tự ESC"),
        '\u{01}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some("ký tự điều khiển"),
        '\u{FFFE}' | '\u{FFFF}' => Some("ký tự không hợp lệ"),
        _ => None,
    }
}

/// The character a YAML escape in a double-quoted scalar stands for (`\v`, `\x01`,
/// `\u000B`…), and the escape's length in characters after the backslash.
fn unescape(after: &str) -> Option<(char, usize)> {
    let mut it = after.chars();
    let simple = |c| match c {
        '0' => Some('\0'),
        'a' => Some('\u{07}'),
        'b' => Some('\u{08}'),
        't' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\u{0B}'),
        'f' => Some('\u{0C}'),
        'r' => Some('\r'),
        'e' => Some('\u{1B}'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{A0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    let first = it.next()?;
    let digits = match first {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        c => return simple(c).map(|ch| (ch, 1)),
    };
    let hex: String = it.take(digits).collect();
    if hex.len() != digits {
        return None;
    }
    let code = u32::from_str_radix(&hex, 16).ok()?;
    char::from_u32(code).map(|c| (c, 1 + digits))
}

/// Every escape in `text` that stands for `wanted(c)`, with its line and column (of the
/// backslash). Escaped backslashes (`\\`) are skipped.
fn escapes(text: &str, wanted: impl Fn(char) -> bool) -> Vec<(u64, u64, char)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '\\' {
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    continue;
                }
                let after: String = chars[i + 1..].iter().take(9).collect();
                if let Some((c, len)) = unescape(&after) {
                    if wanted(c) {
                        out.push((n as u64 + 1, i as u64 + 1, c));
                    }
                    i += 1 + len;
                    continue;
                }
            }
            i += 1;
        }
    }
    out
}

/// Line and column of a character in a file: where it is written, or where an escape
/// (`"\uFEFF"`) stands for it; `None` when neither is found.
pub fn char_place(path: &Path, c: char) -> Option<(u64, u64)> {
    let text = read_text(path).ok()?;
    text.lines()
        .enumerate()
        .find_map(|(n, line)| {
            line.chars()
                .position(|x| x == c)
                .map(|col| (n as u64 + 1, col as u64 + 1))
        })
        .or_else(|| {
            escapes(&text, |x| x == c)
                .first()
                .map(|&(l, col, _)| (l, col))
        })
}

/// Characters XML cannot carry that reach a value through an escape of a double-quoted
/// scalar (`"Đầu\vcuối"`): the raw-text scan cannot see them, so the parsed values are
/// checked too, and each escape is named at its place.
fn escaped_forbidden(path: &Path, text: &str) -> Vec<Diagnostic> {
    if !text.contains('\\') {
        return vec![];
    }
    let Ok(value) = serde_saphyr::from_str_with_options::<serde_json::Value>(text, options())
    else {
        return vec![];
    };
    let mut bad = Vec::new();
    strings(&value, &mut |s| {
        bad.extend(s.chars().filter(|&c| forbidden(c).is_some()))
    });
    if bad.is_empty() {
        return vec![];
    }
    let hint = "xóa mã thoát này (viết trong ngoặc kép) hoặc thay bằng dấu cách; muốn xuống dòng thì tách thành một đoạn mới (một mục `- …` mới)";
    let places = escapes(text, |c| forbidden(c).is_some());
    if places.is_empty() {
        let c = bad[0];
        let name = forbidden(c).unwrap_or("ký tự điều khiển");
        return vec![Diagnostic::file(
            path,
            format!(
                "{name} (U+{:04X}) trong văn bản, viết bằng mã thoát",
                c as u32
            ),
        )
        .hint(hint)];
    }
    places
        .into_iter()
        .map(|(line, col, c)| {
            let name = forbidden(c).unwrap_or("ký tự điều khiển");
            Diagnostic::new(
                path,
                line,
                col,
                format!(
                    "{name} (U+{:04X}) trong văn bản, viết bằng mã thoát",
                    c as u32
                ),
            )
            .hint(hint)
        })
        .collect()
}

/// Calls `f` on every string of a value, keys included.
fn strings(v: &serde_json::Value, f: &mut impl FnMut(&str)) {
    match v {
        serde_json::Value::String(s) => f(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, f)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            f(k);
            strings(x, f)
        }),
        _ => {}
    }
}

/// Checks of the raw text that YAML itself does not make: characters XML cannot carry,
/// lines and words too long to lay out, and comments that silently cut a value.
pub fn scan(path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut block_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let ln = n as u64 + 1;
        out.extend(characters(path, ln, line));
        out.extend(lengths(path, ln, line));
        // Values: not inside a block scalar (`|`, `>`), whose lines are text.
        let indent = line.len() - line.trim_start().len();
        if let Some(bi) = block_indent {
            if line.trim().is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        if let Some((value_col, value)) = plain_value(line) {
            if value.starts_with(['|', '>']) {
                block_indent = Some(indent);
                continue;
            }
            out.extend(plain_value_checks(path, ln, line, value_col, value));
        }
    }
    out
}

/// Characters of one line that XML cannot carry, and a carriage return alone in it.
fn characters(path: &Path, ln: u64, line: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let last = line.chars().count().saturating_sub(1);
    for (col, c) in line.chars().enumerate() {
        if c == '\r' && col < last {
            out.push(
                Diagnostic::new(path, ln, col as u64 + 1, "ký tự về đầu dòng (CR, U+000D) đứng riêng giữa dòng")
                    .hint("tệp bị lẫn kiểu xuống dòng của máy Mac cũ: mở bằng trình soạn thảo và lưu lại (Notepad: Lưu thành…, kiểu xuống dòng Windows)"),
            );
        }
        if let Some(name) = forbidden(c) {
            out.push(
                Diagnostic::new(path, ln, col as u64 + 1, format!("{name} (U+{:04X}) trong văn bản", c as u32))
                    .hint("xóa ký tự này hoặc thay bằng dấu cách; muốn xuống dòng thì tách thành một đoạn mới (một mục `- …` mới)"),
            );
        }
    }
    out
}

/// A line, or a word of it, too long to lay out.
fn lengths(path: &Path, ln: u64, line: &str) -> Vec<Diagnostic> {
    let chars = line.chars().count();
    if chars > MAX_LINE_CHARS {
        return vec![Diagnostic::new(
            path,
            ln,
            1,
            format!("dòng dài {chars} ký tự, quá giới hạn {MAX_LINE_CHARS}"),
        )
        .hint("tách thành nhiều đoạn văn, mỗi đoạn một mục `- …`")];
    }
    let mut out = Vec::new();
    let mut col = 0;
    for word in line.split(' ') {
        let len = word.chars().count();
        if len > MAX_WORD_CHARS {
            out.push(
                Diagnostic::new(
                    path,
                    ln,
                    col as u64 + 1,
                    format!("một từ dài {len} ký tự liền nhau, quá giới hạn {MAX_WORD_CHARS}"),
                )
                .hint("thêm dấu cách để tách từ; đường dẫn dài nên rút gọn"),
            );
        }
        col += len + 1;
    }
    out
}

/// A plain value that YAML would read otherwise than a person: a number in base 16, 8 or 2,
/// and a ` #` that starts a comment cutting the text (a warning).
fn plain_value_checks(
    path: &Path,
    ln: u64,
    line: &str,
    value_col: usize,
    value: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(decimal) = radix_number(value) {
        let col = line[..value_col].chars().count() as u64 + 1;
        out.push(
            Diagnostic::new(
                path,
                ln,
                col,
                format!("`{}` là số viết theo hệ 16, 8 hoặc 2", value.trim()),
            )
            .hint(format!(
                "viết số thập phân ({decimal}), hoặc đặt trong ngoặc kép nếu là chữ"
            )),
        );
    }
    if let Some(at) = cut_comment(value) {
        let cut: String = value[at..].to_string();
        let col = line[..value_col + at].chars().count() as u64 + 1;
        out.push(
            Diagnostic::new(
                path,
                ln,
                col,
                format!("phần `{cut}` bị YAML hiểu là chú thích và bị bỏ"),
            )
            .hint("đặt cả giá trị trong ngoặc kép, ví dụ `- \"… #1 …\"`")
            .warn(),
        );
    }
    out
}

/// A plain value that YAML reads as a hexadecimal, octal or binary integer (`0x10`, `0o17`,
/// `0b11`), with its decimal value: nobody means 16 when typing 0x10 in a report.
fn radix_number(value: &str) -> Option<u64> {
    let v = value.trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    let unsigned = v.strip_prefix('+').unwrap_or(v);
    let (radix, digits) = match unsigned.get(..2)? {
        "0x" => (16, &unsigned[2..]),
        "0o" => (8, &unsigned[2..]),
        "0b" => (2, &unsigned[2..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    u64::from_str_radix(&digits, radix).ok()
}

/// The plain (unquoted) value of a `key: value` or `- value` line, with its byte offset.
fn plain_value(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return None;
    }
    let mut start = line.len() - trimmed.len();
    let mut rest = trimmed;
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start();
        start += rest.len() - r2.len();
        rest = r2;
    }
    // A key: the first ": " outside quotes, with a key that is a plain identifier.
    if let Some(i) = rest.find(": ") {
        let key = &rest[..i];
        if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            let r2 = rest[i + 2..].trim_start();
            start += rest.len() - r2.len();
            rest = r2;
        }
    }
    if rest.is_empty() || rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    Some((start, rest))
}

/// Where a plain value is cut by ` #` followed by text: YAML starts a comment there, but
/// "#1" or "#chuyen_doi_so" were meant as text. A comment written as `  # …` (a space after
/// the `#`) is taken as intended.
fn cut_comment(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    (1..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'#' && bytes[i - 1] == b' ' && !bytes[i + 1].is_ascii_whitespace())
}

/// Deserialises `T`, collecting as many errors as possible: after an error inside an entry,
/// that entry (its line and the lines nested under it) is commented out and the text parsed
/// again. Follow-up errors that the removal itself causes are not reported.
fn deserialize_all<T: DeserializeOwned>(
    path: &Path,
    text: &str,
) -> (Option<T>, bool, Vec<Diagnostic>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut removed: Vec<String> = Vec::new();
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut current = text.to_string();
    for round in 0..MAX_ERRORS {
        match serde_saphyr::from_str_with_options::<T>(&current, options()) {
            Ok(v) => return (Some(v), round == 0, out),
            Err(e) => {
                let (d, recoverable) = crate::load::messages::translate(path, &e, &lines);
                // A removed entry can leave its list empty (null) or a required key
                // missing: those are consequences, not the user's errors.
                let missing = d.message.starts_with("thiếu khóa bắt buộc");
                let follow_up = round > 0
                    && ((!recoverable && !missing)
                        || d.message.contains("giá trị rỗng")
                        || removed
                            .iter()
                            .any(|k| d.message.contains(&format!("`{k}`"))));
                if !follow_up {
                    out.push(d.clone());
                }
                if d.line == 0 {
                    break;
                }
                // A list item missing a key goes as a whole, so the next items are read.
                let removal = if missing {
                    comment_out_item(&mut lines, d.line as usize)
                } else if recoverable {
                    comment_out(&mut lines, d.line as usize)
                } else {
                    None
                };
                let Some(key) = removal else {
                    break;
                };
                // An item's first key says nothing about what later errors are about.
                if !missing {
                    removed.push(key);
                }
                current = lines.join("\n");
                current.push('\n');
            }
        }
    }
    (None, false, out)
}

/// Comments out the list item (`- …` and what is nested under it) that holds 1-based
/// `line`; returns the item's first key. `None` outside a list.
fn comment_out_item(lines: &mut [String], line: usize) -> Option<String> {
    let at = line.checked_sub(1).filter(|&i| i < lines.len())?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let key_indent = indent(&lines[at]);
    let start = (0..=at).rev().find(|&j| {
        lines[j].trim_start().starts_with("- ") && (j == at || indent(&lines[j]) < key_indent)
    })?;
    let key = comment_out_from(lines, start, indent(&lines[start]));
    // A list left with no item would read as null: make it an empty list.
    let live = |l: &String| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    if let Some(parent) = (0..start).rev().find(|&j| live(&lines[j])) {
        let p = lines[parent].trim_end().to_string();
        let empty = lines[parent + 1..]
            .iter()
            .take_while(|l| !live(l) || indent(l) > indent(&p) || l.trim_start().starts_with("- "))
            .all(|l| !live(l));
        if p.ends_with(':') && empty {
            lines[parent] = format!("{p} []");
        }
    }
    key
}

/// Comments out the entry at 1-based `line` (or the key line it belongs to, when the error
/// points at the first line of a nested value) and the lines nested under it; returns its
/// key. `None` when there is nothing left to remove.
fn comment_out(lines: &mut [String], line: usize) -> Option<String> {
    let mut i = line.checked_sub(1)?;
    if i >= lines.len() {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    // A value that starts on its own line belongs to the `key:` line above it.
    if let Some(prev) = (0..i).rev().find(|&j| !lines[j].trim().is_empty()) {
        let p = lines[prev].trim_end();
        if p.ends_with(':') && indent(&lines[prev]) < indent(&lines[i]) {
            i = prev;
        }
    }
    let base = indent(&lines[i]);
    comment_out_from(lines, i, base)
}

/// Comments out line `i` and the lines after it indented deeper than `base`; returns the
/// key on line `i`.
fn comment_out_from(lines: &mut [String], i: usize, base: usize) -> Option<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let key = lines[i]
        .trim_start()
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let mut end = i + 1;
    while end < lines.len() {
        let l = &lines[end];
        if !l.trim().is_empty() && indent(l) <= base {
            break;
        }
        end += 1;
    }
    for l in &mut lines[i..end] {
        if !l.trim_start().starts_with('#') {
            *l = format!("{}# {}", " ".repeat(indent(l)), l.trim_start());
        }
    }
    Some(key)
}

/// A count: a whole number, not negative. Leading zeros are allowed (`05`), as ND30 writes
/// them; anything else fails with serde-saphyr's own wording ("invalid u64"), which the
/// message table explains at the value.
pub fn count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("u64")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::custom("invalid u64"))
        }
        fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::custom("invalid u64"))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<u64, E> {
            Err(E::custom("invalid u64"))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
            let t = v.trim();
            if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
                t.parse().map_err(|_| E::custom("invalid u64"))
            } else {
                Err(E::custom("invalid u64"))
            }
        }
    }
    d.deserialize_any(V)
}

/// Document numbers as ND30 writes them: `so: 05` (a leading zero under 10) is the number 5,
/// and so is `so: "05"`.
pub fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("u32")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("invalid u32"))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("invalid u32"))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            // `05` can reach us as 5.0; 1.073 (a thousands separator) cannot pass.
            if v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&v) {
                Ok(Some(v as u32))
            } else {
                Err(E::custom("invalid u32"))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
                t.parse().map(Some).map_err(|_| E::custom("invalid u32"))
            } else {
                Err(E::custom("invalid u32"))
            }
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::model::DocFile;

    fn diags(text: &str) -> Vec<Diagnostic> {
        read_str::<DocFile>(Path::new("x.yaml"), text).1
    }

    #[test]
    fn a_device_is_refused_not_read_until_memory_runs_out() {
        let e = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(e.message.contains("không phải tệp thường"), "{e}");
    }

    #[test]
    fn control_characters_are_errors_at_their_place() {
        let d = diags("trich_yeu: \"a\"\nmo_dau:\n  - Dòng một\u{0B}dòng hai\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (3, 13));
        assert!(d[0].message.contains("U+000B") && !d[0].warning);
    }

    #[test]
    fn a_comment_that_cuts_a_value_warns_but_an_intended_one_does_not() {
        let d = diags(
            "mo_dau:\n  - Cấp ủy quan tâm lãnh đạo #1 trong huyện\n  - Thường xuyên  # ghi chú\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].warning && d[0].message.contains("#1 trong huyện"));
        assert_eq!((d[0].line, d[0].col), (2, 30));
        let (v, _) = read_str::<DocFile>(Path::new("x.yaml"), "mo_dau:\n  - a #1\n");
        assert!(v.is_some(), "a warning does not stop the document");
    }

    #[test]
    fn block_scalars_and_quoted_values_are_not_comments() {
        assert!(diags("mo_dau:\n  - |\n    Mục #1 ở đây\n  - \"b #2\"\n").is_empty());
    }

    #[test]
    fn every_wrong_key_of_a_file_is_reported_in_one_run() {
        let d = diags("trich_yue: a\nso: 5\nngya: 2025-01-01\nso_lieu_x: 3\nmo_dau: [a]\n");
        let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(d.len(), 3, "{msgs:?}");
        assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), vec![1, 3, 4]);
    }

    #[test]
    fn wrong_types_and_unknown_keys_together() {
        let d = diags("so: abc\nnoi_dung:\n  - tieu_de: a\n    doann: b\nkinh_gui: 5x\nluu: [1\n");
        assert!(d.len() >= 2, "{d:?}");
        assert_eq!(d[0].line, 1);
        assert!(d[1].message.contains("doann"), "{d:?}");
    }

    #[test]
    fn internals_do_not_leak() {
        for (text, want) in [
            ("so: 1\nso: 2\n", "xuất hiện hai lần"),
            ("so: 99999999999999\n", "quá lớn"),
            ("so: -3\n", "âm"),
            ("so: 1.073\n", "không phải số nguyên"),
            ("trich_yeu: Kết quả: tốt\n", "dấu `: `"),
        ] {
            let d = diags(text);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert!(d[0].message.contains(want), "{text}: {}", d[0].message);
            let all = format!("{} {:?}", d[0].message, d[0].hint);
            for leak in ["DuplicateKeyPolicy", "i64", "u32", "Options"] {
                assert!(!all.contains(leak), "{text}: leaks {leak}: {all}");
            }
        }
    }

    #[test]
    fn nd30_numbers_with_a_leading_zero_are_numbers() {
        let (v, d) = read_str::<DocFile>(Path::new("x.yaml"), "so: 05\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(v.unwrap().so, Some(5));
    }

    #[test]
    fn long_words_and_lines_are_refused_with_their_place() {
        let word = "x".repeat(MAX_WORD_CHARS + 1);
        let d = diags(&format!("trich_yeu: ab {word}\n"));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (1, 15));
    }

    #[test]
    fn bad_utf8_names_line_and_column() {
        let dir = std::env::temp_dir().join(format!("vanban-yaml-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.yaml");
        std::fs::write(&p, b"so: 1\ntrich_yeu: ab\xffc\n").unwrap();
        let d = read_text(&p).unwrap_err();
        assert_eq!((d.line, d.col), (2, 14));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
