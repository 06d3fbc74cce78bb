//! Diagnostics: every problem of a run, with file, line and column, in Vietnamese, and
//! what to do about it. Stages push diagnostics and keep going; the CLI prints them all.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u64,
    pub col: u64,
    pub message: String,
    /// What the user should do.
    pub hint: Option<String>,
    /// A warning is printed but does not fail the document (e.g. a comment that cut a value).
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(file: &Path, line: u64, col: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            col,
            message: message.into(),
            hint: None,
            warning: false,
        }
    }

    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, 0, 0, message)
    }

    pub fn at(file: &Path, loc: serde_saphyr::Location, message: impl Into<String>) -> Self {
        Self::new(file, loc.line(), loc.column(), message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn warn(mut self) -> Self {
        self.warning = true;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = if self.warning { "cảnh báo" } else { "lỗi" };
        write!(f, "{label}: {}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  gợi ý: {h}")?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= 1.max(word.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// A hint for an unknown id: the near one, else every valid one.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match did_you_mean(word, candidates.clone()) {
        Some(s) => format!("có phải ý bạn là `{s}`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                "chưa có mã nào được khai".to_string()
            } else {
                format!("chọn một trong: {}", all.join(", "))
            }
        }
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One error per id declared a second time (`what`: "khối", "chỉ số", …).
pub fn repeated<'a>(
    path: &Path,
    ids: impl IntoIterator<Item = &'a serde_saphyr::Spanned<String>>,
    what: &str,
) -> Vec<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    ids.into_iter()
        .filter(|id| !seen.insert(id.value.as_str()))
        .map(|id| {
            Diagnostic::at(
                path,
                id.referenced,
                format!("{what} `{}` khai hai lần", id.value),
            )
            .hint("mỗi mục một mã riêng")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(
            did_you_mean("trich_yue", ["trich_yeu", "can_cu", "so"]),
            Some("trich_yeu")
        );
        assert_eq!(did_you_mean("xyz_abc_def", ["trich_yeu", "can_cu"]), None);
        assert_eq!(
            did_you_mean("bad", ["mau", "so"]),
            None,
            "short words need a close match"
        );
        assert_eq!(did_you_mean("gđ", ["gd", "pgd"]), Some("gd"));
    }

    #[test]
    fn display_names_place_and_hint() {
        let d = Diagnostic::new(Path::new("data/a/ke-hoach.yaml"), 3, 5, "thiếu trường")
            .hint("thêm vào");
        assert_eq!(
            d.to_string(),
            "lỗi: data/a/ke-hoach.yaml:3:5: thiếu trường\n  gợi ý: thêm vào"
        );
    }
}
