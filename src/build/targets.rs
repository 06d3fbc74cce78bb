//! Targets: which agencies and documents a build is asked for, and the filters that name
//! none of them.

use std::path::Path;

use super::Options;
use crate::campaign::{Agency, Campaign};
use crate::ground::diag::Diagnostic;
use crate::load::workspace::DocSource;

/// The agency folder a data file belongs to, if any (`data/<id>/…`).
pub(super) fn agency_of(ws: &Campaign, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(ws.root.join("data")).ok()?;
    let mut parts = rel.iter();
    let first = parts.next()?;
    parts.next()?;
    Some(first.to_string_lossy().to_string())
}

/// Filters that name no agency or document of the workspace are errors, not silence.
pub(super) fn unknown_filters(ws: &Campaign, opts: &Options) -> Vec<Diagnostic> {
    use crate::ground::diag::did_you_mean;
    let mut out = Vec::new();
    let docs = ws.documents_by_holder();
    let ids: Vec<&str> = docs.keys().copied().collect();
    for a in &opts.agencies {
        if !ids.contains(&a.as_str()) {
            let hint = match did_you_mean(a, ids.iter().copied()) {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => "mã cơ quan là tên thư mục trong data/".to_string(),
            };
            out.push(
                Diagnostic::file(
                    &ws.root.join("data"),
                    format!("không có cơ quan `{a}` (--agency)"),
                )
                .hint(hint),
            );
        }
    }
    let docs_of = |id: &str| -> Vec<&str> { docs.get(id).cloned().unwrap_or_default() };
    let mut names: Vec<&str> = docs.values().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    for d in &opts.documents {
        if !names.contains(&d.as_str()) {
            let hint = match did_you_mean(d, names.iter().copied()) {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => format!("các văn bản có: {}", names.join(", ")),
            };
            out.push(
                Diagnostic::file(
                    &ws.root.join("data"),
                    format!("không có văn bản `{d}` (--document)"),
                )
                .hint(hint),
            );
        }
    }
    // Every agency asked for must have at least one of the documents asked for; otherwise
    // the run would build nothing for it and still say it succeeded.
    if !opts.documents.is_empty() {
        for a in opts.agencies.iter().filter(|a| ids.contains(&a.as_str())) {
            let own = docs_of(a);
            if !opts.documents.iter().any(|d| own.contains(&d.as_str())) {
                out.push(
                    Diagnostic::file(
                        &ws.root.join("data").join(a),
                        format!(
                            "cơ quan `{a}` không có văn bản {}",
                            opts.documents
                                .iter()
                                .map(|d| format!("`{d}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .hint(format!("văn bản của `{a}`: {}", own.join(", "))),
                );
            }
        }
    }
    out
}

/// The documents to build, and those of agencies whose `co-quan.yaml` is broken (read for
/// their own errors only), as the filters ask.
pub(super) fn select<'a>(
    ws: &'a Campaign,
    opts: &Options,
) -> (
    Vec<(&'a Agency, &'a DocSource)>,
    Vec<(&'a str, &'a DocSource)>,
) {
    let wanted = |id: &str, name: &str| {
        (opts.agencies.is_empty() || opts.agencies.iter().any(|a| a == id))
            && (opts.documents.is_empty() || opts.documents.iter().any(|d| d == name))
    };
    let jobs = ws
        .agencies
        .iter()
        .flat_map(|a| a.documents.iter().map(move |d| (a, d)))
        .filter(|(a, d)| wanted(&a.id, &d.name))
        .collect();
    let broken = ws
        .broken
        .iter()
        .flat_map(|b| b.documents.iter().map(move |d| (b.id.as_str(), d)))
        .filter(|(id, d)| wanted(id, &d.name))
        .collect();
    (jobs, broken)
}
