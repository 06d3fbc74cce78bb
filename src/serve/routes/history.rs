//! An agency's documents through time: the versions kept, a diff between any two, and the
//! audit lines. Readable by the agency itself and by the reporting body.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::target::*;
use super::*;
use crate::serve::yaml_edit::Yaml;
use crate::serve::{store, PreviewPages};

#[derive(serde::Deserialize, Default)]
pub struct Compare {
    #[serde(default)]
    van_ban: String,
    #[serde(default)]
    tu: String,
    #[serde(default)]
    den: String,
}

/// The rendered pages of one version of document `t`: the version's text composed as the
/// document (the campaign as it is now) and laid out, kept like a preview. None when that
/// version does not compose or lay out.
fn version_pages(
    s: &Server,
    t: &Target,
    key: &str,
    path: &std::path::Path,
) -> Option<PreviewPages> {
    let text = crate::load::yaml::read_bounded(path, crate::load::limits::MAX_FILE_BYTES).ok()?;
    let stamp = if key == CURRENT {
        store::read_version(path).1
    } else {
        key.to_string()
    };
    s.preview_pages(&format!("{}@lich-su/{stamp}", t.url()), || {
        let (doc, _) = super::probes::compose_copy(t, &text);
        let doc = doc.ok_or_else(|| "bản này chưa tạo được văn bản".to_string())?;
        t.snap.pipeline.pdf.pages_svg(&doc)
    })
    .ok()
}

/// The file of version `key` of document `name` of agency `a` (a name from the list, never
/// a path from the address).
fn version_file(
    s: &Server,
    a: &crate::campaign::Agency,
    name: &str,
    key: &str,
) -> Option<std::path::PathBuf> {
    let folder = a.file.parent()?;
    let path = folder.join(format!("{name}.yaml"));
    if key == CURRENT {
        return path.is_file().then_some(path);
    }
    store::versions(&s.root, &path)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == key))
}

#[derive(serde::Deserialize, Default)]
pub struct PageOf {
    #[serde(default)]
    v: String,
}

/// A page image of one version: `/co-quan/{agency}/lich-su/{doc}/{version}/trang-N.svg`.
/// An earlier version never changes, so its pages are kept by the browser for good; the
/// current one's address carries its version (`?v=`).
pub async fn version_page(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc, key, file)): UrlPath<(String, String, String, String)>,
    Query(q): Query<PageOf>,
) -> Response {
    if let Err(r) = allowed(&s, &headers, &agency, false) {
        return r;
    }
    let Some(n) = super::files::page_number(&file) else {
        return not_found_page(&s);
    };
    let gzip_ok = super::files::takes_gzip(&headers);
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let Some(path) = version_file(&s2, t.agency(), &doc, &key) else {
            return not_found_page(&s2);
        };
        let lasting = key != CURRENT || q.v == store::read_version(&path).1;
        match version_pages(&s2, &t, &key, &path).and_then(|p| p.get(n.wrapping_sub(1)).cloned()) {
            Some(svg) => super::files::page_image(&svg, gzip_ok, lasting),
            None => not_found_page(&s2),
        }
    })
    .await
}

/// The key of the current file among the versions.
const CURRENT: &str = "hien-tai";

/// Unchanged lines shown around each change; longer unchanged runs fold into one line.
const CONTEXT: usize = 3;
/// Lines shown at most: past this the page says how many more changed.
const MAX_SHOWN: usize = 3_000;
/// The comparison's time budget: past it, the diff is coarser (whole blocks replaced), never
/// slower.
const DIFF_BUDGET: std::time::Duration = std::time::Duration::from_millis(300);

/// A line diff of two versions: ("giu" | "them" | "bot" | "gap", sign, line). Memory grows
/// with the files, not with their product; unchanged runs are folded.
pub fn diff(old: &str, new: &str) -> Vec<(&'static str, &'static str, String)> {
    use similar::{Algorithm, ChangeTag, TextDiff};
    let d = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(std::time::Instant::now() + DIFF_BUDGET)
        .diff_lines(old, new);
    let all: Vec<(ChangeTag, &str)> = d
        .iter_all_changes()
        .map(|c| (c.tag(), c.value().trim_end_matches(['\n', '\r'])))
        .collect();
    // Which unchanged lines are near a change.
    let mut near = vec![false; all.len()];
    for (i, (tag, _)) in all.iter().enumerate() {
        if *tag != ChangeTag::Equal {
            for n in near
                .iter_mut()
                .take((i + CONTEXT + 1).min(all.len()))
                .skip(i.saturating_sub(CONTEXT))
            {
                *n = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut folded = 0;
    for (i, (tag, text)) in all.iter().enumerate() {
        if *tag == ChangeTag::Equal && !near[i] {
            folded += 1;
            continue;
        }
        if folded > 0 {
            out.push(("gap", "…", format!("({} dòng không đổi)", vn_count(folded))));
            folded = 0;
        }
        if out.len() >= MAX_SHOWN {
            let left = all[i..]
                .iter()
                .filter(|(t, _)| *t != ChangeTag::Equal)
                .count();
            out.push((
                "gap",
                "…",
                format!("(còn {} dòng thay đổi không hiện ở đây)", vn_count(left)),
            ));
            return out;
        }
        out.push(match tag {
            ChangeTag::Equal => ("giu", " ", text.to_string()),
            ChangeTag::Insert => ("them", "+", text.to_string()),
            ChangeTag::Delete => ("bot", "-", text.to_string()),
        });
    }
    if folded > 0 {
        out.push(("gap", "…", format!("({} dòng không đổi)", vn_count(folded))));
    }
    out
}

/// What changed between two versions, field by field, in the form's labels: "Văn bản chỉ
/// đạo, triển khai: 21 → 23".
fn field_changes(t: &Target, old: &str, new: &str) -> Vec<serde_json::Value> {
    let path = std::path::Path::new("lich-su.yaml");
    let (Ok(a), Ok(b)) = (Yaml::parse(path, old), Yaml::parse(path, new)) else {
        return vec![];
    };
    let (fa, fb) = (
        crate::serve::forms::form(&super::edit::spec(t, &a), &a),
        crate::serve::forms::form(&super::edit::spec(t, &b), &b),
    );
    let labels = crate::serve::forms::shown_fields(&fb);
    let (va, vb) = (
        crate::serve::forms::values(&fa),
        crate::serve::forms::values(&fb),
    );
    let short = |s: &str| {
        let s = s.replace('\n', " · ");
        if s.chars().count() > 160 {
            format!("{}…", s.chars().take(160).collect::<String>())
        } else {
            s
        }
    };
    labels
        .iter()
        .filter_map(|(name, label)| {
            let (x, y) = (
                va.get(name).cloned().unwrap_or_default(),
                vb.get(name).cloned().unwrap_or_default(),
            );
            (x != y).then(|| {
                json!({
                    "label": label,
                    "old": if x.is_empty() { "(trống)".into() } else { short(&x) },
                    "new": if y.is_empty() { "(trống)".into() } else { short(&y) },
                })
            })
        })
        .collect()
}

/// A moment the server recorded (UTC, "2026-12-04T17-05-09.123456Z") in Vietnam's time, as
/// people write it: "05/12/2026 00:05".
fn local_time(stamp: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H-%M-%S%.fZ")
        .map(|t| {
            (t + chrono::Duration::hours(7))
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// Who did it, by name: the audit's "id [link]" (the link's first characters are for the
/// audit file, not for people).
fn who_did(snap: &crate::serve::Snapshot, who: &str) -> String {
    let id = who.split(' ').next().unwrap_or(who);
    match id {
        crate::serve::access::DESK => "Sở Nội vụ (cơ quan tổng hợp)".into(),
        crate::serve::access::VIEWER => "Sở Nội vụ (chỉ xem)".into(),
        id => snap
            .campaign
            .agencies
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.info.ten_day_du.clone())
            .unwrap_or_else(|| "người sửa tệp trên máy chủ".into()),
    }
}

/// A count with Vietnamese thousands dots.
fn vn_count(n: usize) -> String {
    crate::ground::nd30::integer(n as i64)
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
                // Names only: the two versions compared are the only ones read.
                let mut versions: Vec<(String, String, std::path::PathBuf)> = kept
                    .iter()
                    .map(|p| {
                        let file = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        let stamp = file.trim_end_matches(".yaml").rsplit_once('-').map_or("", |(s, _)| s);
                        let label = format!("Bản lưu trước lúc {}", local_time(stamp));
                        (file, label, p.clone())
                    })
                    .collect();
                if path.is_file() {
                    versions.push((CURRENT.into(), "Bản hiện tại".into(), path.clone()));
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
                let mut changes: Vec<serde_json::Value> = vec![];
                let mut side_by_side: Vec<serde_json::Value> = vec![];
                let lines: Vec<serde_json::Value> = if chosen {
                    let text = |p: &std::path::Path| {
                        crate::load::yaml::read_bounded(p, crate::load::limits::MAX_FILE_BYTES)
                            .unwrap_or_default()
                    };
                    let (old, new) = (text(&versions[tu].2), text(&versions[den].2));
                    if let Ok(doc) = target(&s2, &agency, &name) {
                        changes = field_changes(&doc, &old, &new);
                        // The printed pages of both, side by side.
                        let side = |i: usize| {
                            let (key, _, path) = &versions[i];
                            let n = version_pages(&s2, &doc, key, path).map_or(0, |p| p.len());
                            let v = if key == CURRENT { store::read_version(path).1 } else { String::new() };
                            let base = format!("/co-quan/{}/lich-su/{name}/{key}", a.id);
                            (n, base, v)
                        };
                        let (l, r) = (side(tu), side(den));
                        let img = |(n, base, v): &(usize, String, String), i: usize| {
                            (i <= *n).then(|| format!("{base}/trang-{i}.svg?v={v}"))
                        };
                        side_by_side = (1..=l.0.max(r.0))
                            .map(|i| json!({"n": i, "tu": img(&l, i), "den": img(&r, i)}))
                            .collect();
                    }
                    diff(&old, &new)
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
                        (f.len() == 5 && f[3] == rel).then(|| json!({"time": local_time(f[0]), "who": who_did(&t.snap, f[1]), "action": f[2]}))
                    })
                    .collect();
                json!({
                    "name": name,
                    "label": label(plan, &name),
                    "versions": if versions.len() > 1 { versions.iter().map(|(k, l, _)| json!({"key": k, "label": l})).collect::<Vec<_>>() } else { vec![] },
                    "tu": versions.get(tu).map(|v| v.0.clone()).unwrap_or_default(),
                    "den": versions.get(den).map(|v| v.0.clone()).unwrap_or_default(),
                    "diff": lines,
                    "changes": changes,
                    "pages": side_by_side,
                    "tu_label": versions.get(tu).map(|v| v.1.clone()).unwrap_or_default(),
                    "den_label": versions.get(den).map(|v| v.1.clone()).unwrap_or_default(),
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
        assert_eq!(signs, " -+ +");
        assert_eq!(text, ["a", "b", "x", "c", "d"]);
    }

    #[test]
    fn long_unchanged_runs_fold_and_huge_diffs_stop() {
        let old: String = (0..100).map(|i| format!("dòng {i}\n")).collect();
        let new = old.replace("dòng 50\n", "dòng năm mươi\n");
        let d = super::diff(&old, &new);
        let kinds: Vec<&str> = d.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(kinds.iter().filter(|k| **k == "giu").count(), 6);
        assert_eq!(d.first().unwrap().2, "(47 dòng không đổi)");
        assert_eq!(d.last().unwrap().2, "(46 dòng không đổi)");
        // Two 20,000-line files with nothing in common.
        let a: String = (0..20_000).map(|i| format!("a{i}\n")).collect();
        let b: String = (0..20_000).map(|i| format!("b{i}\n")).collect();
        let d = super::diff(&a, &b);
        assert_eq!(d.len(), super::MAX_SHOWN + 1);
        assert_eq!(
            d.last().unwrap().2,
            "(còn 37.000 dòng thay đổi không hiện ở đây)"
        );
    }
}
