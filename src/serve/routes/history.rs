//! An agency's documents through time: the versions kept, a diff between any two, and the
//! audit lines. Readable by the agency itself and by the reporting body.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::target::*;
use super::*;
use crate::serve::store;

#[derive(serde::Deserialize, Default)]
pub struct Compare {
    #[serde(default)]
    van_ban: String,
    #[serde(default)]
    tu: String,
    #[serde(default)]
    den: String,
}

/// The key of the current file among the versions.
const CURRENT: &str = "hien-tai";

/// A line diff (longest common subsequence): ("giu" | "them" | "bot", sign, line).
pub fn diff(old: &str, new: &str) -> Vec<(&'static str, &'static str, String)> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Files are a few hundred lines: the quadratic table is small.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(("giu", " ", a[i].to_string()));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(("them", "+", b[j].to_string()));
            j += 1;
        } else {
            out.push(("bot", "-", a[i].to_string()));
            i += 1;
        }
    }
    out
}

pub async fn history(
    State(s): S,
    headers: HeaderMap,
    UrlPath(agency): UrlPath<String>,
    Query(q): Query<Compare>,
) -> Response {
    let sess = match allowed(&s, &headers, &agency, false) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, "") {
            Ok(t) => t,
            Err(r) => return r,
        };
        let a = t.agency();
        let plan = t.snap.campaign.plan.as_ref();
        let audit = store::audit_lines(&s2.root);
        let folder = a.file.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let documents: Vec<serde_json::Value> = document_names(plan, a)
            .into_iter()
            .map(|name| {
                let path = folder.join(format!("{name}.yaml"));
                let kept = store::versions(&s2.root, &path);
                let mut versions: Vec<(String, String, String)> = kept
                    .iter()
                    .map(|p| {
                        let file = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        let label = format!("bản trước {}", file.trim_end_matches(".yaml").replace('T', " ").replacen('-', ":", 0));
                        (file, label, std::fs::read_to_string(p).unwrap_or_default())
                    })
                    .collect();
                if let Ok(text) = std::fs::read_to_string(&path) {
                    versions.push((CURRENT.into(), "bản hiện tại".into(), text));
                }
                let pick = |key: &str, default: usize| {
                    versions.iter().position(|(k, _, _)| k == key).unwrap_or(default)
                };
                let chosen = q.van_ban == name && versions.len() > 1;
                let (tu, den) = if chosen {
                    (pick(&q.tu, 0), pick(&q.den, versions.len() - 1))
                } else {
                    (versions.len().saturating_sub(2), versions.len().saturating_sub(1))
                };
                let lines: Vec<serde_json::Value> = if chosen {
                    diff(&versions[tu].2, &versions[den].2)
                        .into_iter()
                        .map(|(kind, sign, text)| json!({"kind": kind, "sign": sign, "text": text}))
                        .collect()
                } else {
                    vec![]
                };
                let rel = format!("data/{}/{name}.yaml", a.id);
                let lines_of: Vec<serde_json::Value> = audit
                    .iter()
                    .filter_map(|l| {
                        let f: Vec<&str> = l.split('\t').collect();
                        (f.len() == 5 && f[3] == rel).then(|| json!({"time": f[0], "who": f[1], "action": f[2], "hash": &f[4][..f[4].len().min(12)]}))
                    })
                    .collect();
                json!({
                    "name": name,
                    "label": label(plan, &name),
                    "versions": if versions.len() > 1 { versions.iter().map(|(k, l, _)| json!({"key": k, "label": l})).collect::<Vec<_>>() } else { vec![] },
                    "tu": versions.get(tu).map(|v| v.0.clone()).unwrap_or_default(),
                    "den": versions.get(den).map(|v| v.0.clone()).unwrap_or_default(),
                    "diff": lines,
                    "audit": lines_of,
                })
            })
            .collect();
        html(
            &s2,
            StatusCode::OK,
            "history.html",
            json!({
                "who": who(&t.snap, &sess.role),
                "agency": a.info.ten_day_du,
                "agency_id": a.id,
                "desk": sess.role.is_desk(),
                "documents": documents,
            }),
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_diff_marks_what_changed() {
        let d = super::diff("a\nb\nc\n", "a\nx\nc\nd\n");
        let signs: String = d.iter().map(|(_, s, _)| *s).collect();
        let text: Vec<&str> = d.iter().map(|(_, _, t)| t.as_str()).collect();
        assert_eq!(signs, " +- +");
        assert_eq!(text, ["a", "x", "b", "c", "d"]);
    }
}
