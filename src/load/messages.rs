//! serde-saphyr's English messages, each turned into a Vietnamese diagnostic that says
//! what to do. One row per message the library gives; a test per row feeds YAML that
//! produces it, so an upgrade that rewords a message fails loudly instead of falling
//! through to the generic "lỗi cú pháp YAML".

use std::path::Path;

use crate::ground::diag::{did_you_mean, Diagnostic};

/// What a row sees of one error.
struct Said<'a> {
    /// The library's message, without its own "line N column M" prefix.
    raw: &'a str,
    /// The source text from the error's place to the end of its line, trimmed.
    at: &'a str,
}

/// One kind of message: how to recognise it, and what to tell the user. `explain` returns
/// the message, its hint, and whether reading can go on past it (a wrong entry, not broken
/// YAML syntax).
struct Row {
    /// A name for tests.
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    recognise: fn(&str) -> bool,
    explain: fn(&Said) -> (String, Option<String>, bool),
}

const ROWS: &[Row] = &[
    Row {
        name: "unknown field",
        recognise: |raw| raw.starts_with("unknown field `"),
        explain: unknown_field,
    },
    Row {
        name: "missing field",
        recognise: |raw| raw.starts_with("missing field `"),
        explain: |s| {
            let field = after(s.raw, "missing field `")
                .split('`')
                .next()
                .unwrap_or("");
            (
                format!("thiếu khóa bắt buộc `{field}`"),
                Some(format!(
                    "thêm dòng `{field}: …` (xem phần mô tả tệp dữ liệu trong README)"
                )),
                false,
            )
        },
    },
    Row {
        name: "duplicate key",
        recognise: |raw| raw.starts_with("duplicate mapping key: "),
        explain: |s| {
            let rest = after(s.raw, "duplicate mapping key: ");
            let key = rest.split(',').next().unwrap_or(rest).trim();
            (
                format!("khóa `{key}` xuất hiện hai lần"),
                Some("mỗi khóa chỉ ghi một lần; xóa hoặc gộp một trong hai dòng".into()),
                true,
            )
        },
    },
    Row {
        name: "colon in plain text",
        recognise: |raw| raw.contains("mapping values are not allowed"),
        explain: |_| {
            (
                "dấu `: ` trong văn bản bị YAML hiểu là bắt đầu một khóa mới".into(),
                Some("đặt cả giá trị trong ngoặc kép, ví dụ `- \"Kết quả: đạt 100%\"`".into()),
                false,
            )
        },
    },
    Row {
        name: "tab",
        recognise: |raw| raw.contains("tab"),
        explain: |_| {
            (
                "có ký tự tab ở đầu dòng hoặc trong văn bản không đặt trong ngoặc kép".into(),
                Some("YAML chỉ thụt lề bằng dấu cách: thay tab bằng dấu cách".into()),
                false,
            )
        },
    },
    Row {
        name: "invalid type",
        recognise: |raw| raw.starts_with("invalid type: "),
        explain: invalid_type,
    },
    Row {
        name: "invalid value",
        recognise: |raw| raw.starts_with("invalid value: "),
        explain: |s| {
            let rest = after(s.raw, "invalid value: ");
            let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
            (
                format!(
                    "giá trị không hợp lệ: {}, cần {}",
                    vi_type(got),
                    vi_type(want)
                ),
                None,
                true,
            )
        },
    },
    Row {
        name: "invalid number",
        recognise: |raw| number_type(raw).is_some() || raw.contains("out of range"),
        explain: invalid_number,
    },
    Row {
        name: "empty file",
        recognise: |raw| raw.starts_with("unexpected end of input"),
        explain: |_| {
            (
                "tệp rỗng hoặc thiếu nội dung".into(),
                Some("ghi các khóa theo mẫu (xem phần mô tả tệp dữ liệu trong README)".into()),
                false,
            )
        },
    },
    Row {
        name: "mapping expected",
        recognise: |raw| raw.starts_with("expected mapping start"),
        explain: |_| {
            (
                "cần các cặp `khóa: giá trị` ở đây".into(),
                Some(
                    "mỗi dòng dạng `ten_khoa: giá trị`; danh sách `- …` chỉ đặt dưới một khóa"
                        .into(),
                ),
                true,
            )
        },
    },
    Row {
        name: "sequence expected",
        recognise: |raw| raw.starts_with("expected sequence start"),
        explain: |_| {
            (
                "cần một danh sách ở đây".into(),
                Some(
                    "mỗi phần tử một dòng `- …` thụt vào dưới khóa, hoặc `[a, b]` trên một dòng"
                        .into(),
                ),
                true,
            )
        },
    },
    Row {
        name: "string expected",
        recognise: |raw| raw.starts_with("expected string scalar"),
        explain: |_| {
            (
                "cần một chuỗi văn bản ở đây".into(),
                Some("văn bản bắt đầu bằng `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%`, `@` hay dấu nháy phải đặt trong ngoặc kép".into()),
                true,
            )
        },
    },
    Row {
        name: "unknown escape",
        recognise: |raw| raw.contains("unknown escape character"),
        explain: |_| {
            (
                "mã thoát `\\…` trong chuỗi ngoặc kép không hợp lệ".into(),
                Some("trong ngoặc kép, dấu `\\` bắt đầu một mã thoát: viết `\\\\` cho một dấu `\\`, hoặc dùng ngoặc đơn `'…'`".into()),
                false,
            )
        },
    },
    Row {
        name: "alias fan-out",
        recognise: |raw| raw.starts_with("alias replay"),
        explain: |_| {
            (
                format!(
                    "các bí danh YAML (`*tên`) nhân nội dung lên quá nhiều (quá {} phần tử)",
                    crate::ground::nd30::integer(crate::load::limits::MAX_REPLAYED_EVENTS as u64)
                ),
                Some("viết thẳng nội dung thay cho `&tên`/`*tên`; một văn bản không cần lặp lại cả khối".into()),
                false,
            )
        },
    },
    Row {
        name: "too deep",
        recognise: |raw| raw.starts_with("budget breached: Depth"),
        explain: |_| {
            (
                format!(
                    "dữ liệu lồng nhau quá sâu (quá {} cấp)",
                    crate::load::limits::MAX_DEPTH
                ),
                Some("dàn ý văn bản chỉ cần vài cấp: mục, khoản, điểm; kiểm tra thụt lề".into()),
                false,
            )
        },
    },
    Row {
        name: "too big",
        recognise: |raw| raw.starts_with("budget breached"),
        explain: |_| {
            (
                "tệp có quá nhiều phần tử để đọc".into(),
                Some("dữ liệu một văn bản chỉ vài trang; tách bớt hoặc kiểm tra xem có dán nhầm không".into()),
                false,
            )
        },
    },
    Row {
        name: "paragraphs",
        recognise: |raw| raw.contains("untagged enum Paragraphs"),
        explain: |_| {
            (
                "`doan` phải là một đoạn văn hoặc danh sách đoạn văn".into(),
                Some("viết `doan: Nội dung…` hoặc `doan:` rồi mỗi đoạn một dòng `- …`".into()),
                true,
            )
        },
    },
];

/// Turns a serde-saphyr error into a Vietnamese diagnostic; `true` when parsing can go on
/// past it (a wrong entry, not broken YAML syntax).
pub fn translate(path: &Path, e: &serde_saphyr::Error, lines: &[String]) -> (Diagnostic, bool) {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let raw = message(e);
    // The text at the error, for messages that quote the value.
    let at: String = lines
        .get((line as usize).saturating_sub(1))
        .map(|l| l.chars().skip((col as usize).saturating_sub(1)).collect())
        .unwrap_or_default();
    let said = Said {
        raw: &raw,
        at: at.trim(),
    };
    let (msg, hint, recoverable) = match row_for(&raw) {
        Some(row) => (row.explain)(&said),
        None => (
            format!("lỗi cú pháp YAML: {raw}"),
            Some("kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu `:` sau mỗi khóa, và đặt văn bản có ký tự đặc biệt trong ngoặc kép".into()),
            false,
        ),
    };
    let mut d = Diagnostic::new(path, line, col, msg);
    if let Some(h) = hint.filter(|h| !h.is_empty()) {
        d = d.hint(h);
    }
    (d, recoverable)
}

/// The library's message without its own "error: line N column M: " prefix (we print the
/// place ourselves).
fn message(e: &serde_saphyr::Error) -> String {
    let raw = match e {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    };
    match raw.strip_prefix("error: ") {
        Some(r) => r
            .split_once(": ")
            .filter(|(p, _)| p.starts_with("line "))
            .map_or(r, |(_, m)| m)
            .to_string(),
        None => raw,
    }
}

fn row_for(raw: &str) -> Option<&'static Row> {
    ROWS.iter().find(|r| (r.recognise)(raw))
}

fn after<'a>(raw: &'a str, prefix: &str) -> &'a str {
    raw.strip_prefix(prefix).unwrap_or(raw)
}

fn unknown_field(s: &Said) -> (String, Option<String>, bool) {
    let rest = after(s.raw, "unknown field `");
    let field = rest.split('`').next().unwrap_or("");
    let list = rest.split_once("expected ").map_or("", |(_, l)| l);
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let expected: Vec<&str> = list
        .split(", ")
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty() && *k != "nothing")
        .collect();
    let mut hint = String::new();
    if let Some(near) = did_you_mean(field, expected.iter().copied()) {
        hint.push_str(&format!("có phải ý bạn là `{near}`? "));
    }
    if !expected.is_empty() {
        hint.push_str(&format!("các khóa hợp lệ: {}", expected.join(", ")));
    }
    (
        format!("khóa `{field}` không hợp lệ ở đây"),
        Some(hint.trim().to_string()),
        true,
    )
}

fn invalid_type(s: &Said) -> (String, Option<String>, bool) {
    let rest = after(s.raw, "invalid type: ");
    let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
    if let Some(num) = got.strip_prefix("floating point ") {
        return (
            format!("sai kiểu dữ liệu: {num} không phải số nguyên"),
            Some(NOT_A_COUNT.into()),
            true,
        );
    }
    (
        format!(
            "sai kiểu dữ liệu: có {}, cần {}",
            vi_type(got),
            vi_type(want)
        ),
        Some("kiểm tra lại giá trị ở vị trí này (văn bản có dấu `: ` hoặc ` #` nên đặt trong ngoặc kép)".into()),
        true,
    )
}

const NOT_A_COUNT: &str = "số liệu là số đếm: không có phần thập phân, không có dấu chấm phân cách hàng nghìn (viết 1073, không viết 1.073)";

/// "invalid u32" and the like: the number type the library wanted.
fn number_type(raw: &str) -> Option<&str> {
    raw.strip_prefix("invalid ").filter(|t| {
        matches!(
            *t,
            "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "f64" | "bool" | "boolean"
        )
    })
}

fn invalid_number(s: &Said) -> (String, Option<String>, bool) {
    let ty = number_type(s.raw).unwrap_or("u64");
    let value =
        s.at.split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(',');
    let (msg, hint) = if ty == "bool" || ty == "boolean" {
        (
            "cần đúng/sai (true/false)".to_string(),
            "viết `true` hoặc `false`",
        )
    } else if ty == "f64" {
        (
            "cần một số".to_string(),
            "viết số bằng chữ số, dùng dấu chấm cho phần thập phân (ví dụ 8.5)",
        )
    } else if value.starts_with('-') {
        (format!("số `{value}` âm"), "số đếm không thể âm")
    } else if value.chars().all(|c| c.is_ascii_digit()) && !value.is_empty() {
        (format!("số `{value}` quá lớn"), "kiểm tra lại số liệu")
    } else if value.contains(['.', ',']) && value.chars().any(|c| c.is_ascii_digit()) {
        (format!("`{value}` không phải số nguyên"), NOT_A_COUNT)
    } else {
        (
            format!("`{value}` không phải số nguyên không âm"),
            "viết số bằng chữ số (ví dụ 15)",
        )
    };
    (
        format!("sai kiểu dữ liệu: {msg}"),
        Some(hint.to_string()),
        true,
    )
}

/// The library's type names in Vietnamese.
fn vi_type(s: &str) -> String {
    let s = s.trim();
    match s {
        "a string" | "string" => "chuỗi văn bản".into(),
        "a sequence" | "sequence" => "danh sách (các dòng `- …`)".into(),
        "a map" | "map" => "bảng khóa: giá trị".into(),
        "u32" | "i32" | "u64" | "an integer" | "integer" => "số nguyên".into(),
        "a boolean" | "boolean" => "đúng/sai".into(),
        "unit value" | "null" => "giá trị rỗng".into(),
        _ if s.starts_with("struct ") => "bảng khóa: giá trị".into(),
        _ if s.starts_with("string ") => format!("chuỗi {}", &s[7..]),
        _ if s.starts_with("integer ") => format!("số {}", &s[8..]),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        a: u32,
        #[serde(default)]
        b: Option<String>,
        #[serde(default)]
        c: Option<bool>,
        #[serde(default)]
        d: Option<f64>,
        #[serde(default)]
        e: Option<Inner>,
        #[serde(default)]
        f: Option<Vec<String>>,
        #[serde(default)]
        g: Option<Paragraphs>,
        #[serde(default, deserialize_with = "crate::load::yaml::number")]
        so: Option<u32>,
        #[serde(default)]
        v: Option<serde_json::Value>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        x: u32,
    }

    /// The same shape as the model's `doan`: one paragraph or several.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Paragraphs {
        One(String),
        Many(Vec<String>),
    }

    /// serde-saphyr's message for `yaml`, and the row it falls in.
    fn row(yaml: &str) -> (String, Option<&'static str>) {
        let e = serde_saphyr::from_str_with_options::<Sample>(yaml, crate::load::limits::options())
            .expect_err(yaml);
        let raw = message(&e);
        let name = row_for(&raw).map(|r| r.name);
        (raw, name)
    }

    #[test]
    fn every_row_is_what_serde_saphyr_says_today() {
        // Four levels of a list repeated 13 times: 13^4 replayed events from a few lines.
        fn fan_out() -> String {
            let mut s = String::from("a: 1\nv:\n  - &l0 [x, x, x, x, x, x, x, x, x, x, x, x, x]\n");
            for lvl in 1..4 {
                let refs = vec![format!("*l{}", lvl - 1); 13].join(", ");
                s.push_str(&format!("  - &l{lvl} [{refs}]\n"));
            }
            s
        }
        fn deep(levels: usize) -> String {
            let mut s = String::from("a: 1\nv:\n");
            for i in 0..levels {
                s.push_str(&format!("{}- \n", "  ".repeat(i + 1)));
            }
            s
        }
        fn wide(items: usize) -> String {
            format!("a: 1\nf: [{}]\n", vec!["x"; items].join(","))
        }
        let (fan, deep, wide) = (fan_out(), deep(40), wide(400_000));
        let cases: Vec<(&str, &str)> = vec![
            ("a: 1\nzz: 2\n", "unknown field"),
            ("b: x\n", "missing field"),
            ("a: 1\na: 2\n", "duplicate key"),
            ("a: 1\nb: Kết quả: đạt\n", "colon in plain text"),
            ("a: 1\nb:\n\t- x\n", "tab"),
            ("a: 1\nso: [1]\n", "invalid type"),
            ("a: 1\nf: 5\n", "sequence expected"),
            ("a: -3\n", "invalid number"),
            ("a: 99999999999\n", "invalid number"),
            ("a: 1\nc: có\n", "invalid number"),
            ("", "empty file"),
            ("- a\n- b\n", "mapping expected"),
            ("a: 1\nf: [[x]]\n", "string expected"),
            ("a: 1\ng: {x: 1}\n", "paragraphs"),
            ("a: 1\nb: \"C:\\qua\"\n", "unknown escape"),
            (&fan, "alias fan-out"),
            (&deep, "too deep"),
            (&wide, "too big"),
        ];
        let mut wrong = Vec::new();
        let mut seen = Vec::new();
        for (yaml, want) in cases.iter().copied() {
            let (raw, got) = row(yaml);
            if got != Some(want) {
                wrong.push(format!(
                    "{yaml:?}: serde-saphyr says {raw:?}: row {got:?}, expected {want:?}"
                ));
            }
            seen.push(want);
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        for r in ROWS {
            if r.name != "invalid value" {
                assert!(seen.contains(&r.name), "no case for row {:?}", r.name);
            }
        }
    }

    #[test]
    fn invalid_value_is_our_own_message_shape() {
        // serde's own wording for `invalid_value`, which serde-saphyr passes through.
        let raw = "invalid value: string \"x\", expected a date";
        assert_eq!(row_for(raw).map(|r| r.name), Some("invalid value"));
    }

    #[test]
    fn an_unknown_message_falls_through_to_the_generic_error() {
        assert!(row_for("something the library never said").is_none());
    }
}
