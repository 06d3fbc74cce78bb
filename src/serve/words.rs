//! A diagnostic in the words of the person at the form. The checks speak to someone who
//! edits YAML files (keys in backticks, how to write a line); on a page the same problem is
//! told with the labels the form shows, and advice about writing the file is left out
//! (the form writes the file).

use std::collections::BTreeMap;

/// Advice that only makes sense to someone editing the file by hand.
const FILE_ADVICE: &[&str] = &[
    "xóa dòng",
    "thụt lề",
    "khóa",
    "ngoặc kép",
    "YAML",
    ".yaml",
    "dạng 2025-",
    "tệp",
    "`",
];

/// A day as every page shows it: day/month/year with two digits each ("06/03/2025"), the
/// form a date box takes, whatever the browser's language. (Documents keep Nghị định 30's
/// own short form, "06/3/2025".)
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `message` (and its `hint`) with every `key` named by its label in `labels` (a form
/// field's name, or an indicator's code under `so_lieu/`), other quoted words in “quotes”,
/// and file advice dropped.
pub fn for_clerk(message: &str, hint: Option<&str>, labels: &BTreeMap<String, String>) -> String {
    if message.contains("YAML") {
        return "Nội dung ô này không đọc được: kiểm tra lại chữ và số đã nhập.".into();
    }
    let mut out = named(message, labels);
    if let Some(h) = hint.filter(|h| !FILE_ADVICE.iter().any(|w| h.contains(w))) {
        out.push_str(". Cách sửa: ");
        out.push_str(&named(h, labels));
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// Backticked words replaced by labels or quoted.
fn named(text: &str, labels: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(a) = rest.find('`') {
        let Some(b) = rest[a + 1..].find('`') else {
            break;
        };
        out.push_str(&rest[..a]);
        let word = &rest[a + 1..a + 1 + b];
        let label = labels
            .get(word)
            .or_else(|| labels.get(&format!("so_lieu/{word}")));
        match label {
            Some(l) => {
                out.push('«');
                out.push_str(l);
                out.push('»');
            }
            None => {
                out.push('“');
                out.push_str(word);
                out.push('”');
            }
        }
        rest = &rest[a + 2 + b..];
    }
    out.push_str(&rest.replace('`', ""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_labels_and_file_advice_goes() {
        let labels: BTreeMap<String, String> = [
            ("so_lieu/cbccvc", "Tổng số cán bộ, công chức, viên chức"),
            ("so_lieu/cbccvc_quan_triet", "Số được quán triệt"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let m = for_clerk(
            "`cbccvc_quan_triet` (700) lớn hơn `cbccvc` (673), chỉ số mà nó là một phần",
            Some("kiểm tra lại số liệu"),
            &labels,
        );
        assert_eq!(
            m,
            "«Số được quán triệt» (700) lớn hơn «Tổng số cán bộ, công chức, viên chức» (673), chỉ số mà nó là một phần. Cách sửa: kiểm tra lại số liệu"
        );
        let m = for_clerk(
            "ngày `2025-02-31` không hợp lệ",
            Some("viết theo dạng 2025-03-06; bỏ trống (xóa dòng) nếu chưa có"),
            &labels,
        );
        assert_eq!(m, "Ngày “2025-02-31” không hợp lệ");
    }
}
