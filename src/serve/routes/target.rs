//! One document of one agency, as a URL names it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;

use super::*;
use crate::campaign::plan::{self, Plan};
use crate::campaign::Agency;
use crate::load::workspace::DocSource;
use crate::serve::{Server, Snapshot};

/// One document of one agency, as a URL names it: only the agency's own files and the
/// documents its parent plan asks of it can be named, so no path leaves its folder.
pub(super) struct Target {
    pub(super) snap: Arc<Snapshot>,
    pub(super) agency: usize,
    pub(super) doc: String,
    pub(super) path: PathBuf,
}

impl Target {
    pub(super) fn agency(&self) -> &Agency {
        &self.snap.campaign.agencies[self.agency]
    }

    /// The template the document is composed with, as the build chooses it
    /// (`assemble::template_named`) from its tree's `mau`.
    pub(super) fn template(&self, y: &crate::serve::yaml_edit::Yaml) -> String {
        let mau = y.get("mau").map(|m| m.scalar_text());
        crate::document::assemble::template_named(
            &self.snap.pipeline.composer,
            self.snap.campaign.plan.as_ref(),
            &self.doc,
            mau.as_deref(),
        )
    }

    pub(super) fn url(&self) -> String {
        format!("/co-quan/{}/{}", self.agency().id, self.doc)
    }

    pub(super) fn source(&self) -> DocSource {
        DocSource {
            name: self.doc.clone(),
            path: self.path.clone(),
        }
    }

    pub(super) fn label(&self) -> String {
        label(self.snap.campaign.plan.as_ref(), &self.doc)
    }
}

pub(super) fn label(plan: Option<&Plan>, doc: &str) -> String {
    let key = plan::key(doc);
    match plan {
        Some(p) => p.deadline_label(&key),
        None => {
            let words = doc.replace('-', " ");
            let mut c = words.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// The documents an agency has or is asked for: the plan's deadlines in order, then its
/// other files.
pub(super) fn document_names(plan: Option<&Plan>, a: &Agency) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if let Some(p) = plan {
        let mut due: Vec<(&String, &chrono::NaiveDate)> = p.han.iter().collect();
        due.sort_by_key(|(k, d)| (**d, (*k).clone()));
        names.extend(due.into_iter().map(|(k, _)| k.replace('_', "-")));
    }
    let mut own: Vec<String> = a
        .documents
        .iter()
        .map(|d| d.name.clone())
        .filter(|n| !names.contains(n))
        .collect();
    own.sort();
    names.extend(own);
    names
}

pub(super) fn target(s: &Server, agency: &str, doc: &str) -> Result<Target, Response> {
    let snap = s.snapshot().map_err(|d| internal(s, &d.to_string()))?;
    let Some(i) = snap.campaign.agencies.iter().position(|a| a.id == agency) else {
        if snap.campaign.broken.iter().any(|b| b.id == agency) {
            return Err(message(
                s,
                StatusCode::CONFLICT,
                "Hồ sơ cơ quan có lỗi",
                "Tệp co-quan.yaml của cơ quan đang có lỗi nên chưa soạn được văn bản.",
                "Sở Nội vụ sửa tệp đó (chạy `vanban check` để xem lỗi).",
                snap.diags
                    .iter()
                    .filter(|d| d.file.starts_with(s.root.join("data").join(agency)))
                    .map(|d| d.to_string())
                    .collect(),
            ));
        }
        return Err(not_found_page(s));
    };
    let a = &snap.campaign.agencies[i];
    if !doc.is_empty()
        && !document_names(snap.campaign.plan.as_ref(), a)
            .iter()
            .any(|n| n == doc)
    {
        return Err(not_found_page(s));
    }
    let folder = a.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = a
        .documents
        .iter()
        .find(|d| d.name == doc)
        .map(|d| d.path.clone())
        .unwrap_or_else(|| folder.join(format!("{doc}.yaml")));
    Ok(Target {
        snap: snap.clone(),
        agency: i,
        doc: doc.to_string(),
        path,
    })
}

pub(super) fn not_found_page(s: &Server) -> Response {
    message(
        s,
        StatusCode::NOT_FOUND,
        "Không có trang này",
        "Không có cơ quan hoặc văn bản này.",
        "Quay lại trang đầu.",
        vec![],
    )
}
