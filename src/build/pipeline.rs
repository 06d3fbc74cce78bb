//! The pipeline one build runs every document through: fonts, templates and the typst
//! engine loaded once; a document's data assembled into its tree, then rendered.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::inputs::Deps;
use crate::campaign::{Agency, Campaign};
use crate::document::assemble;
use crate::document::compose::Composer;
use crate::ground::diag::Diagnostic;
use crate::ground::fonts::FontSet;
use crate::ground::tree::Document;
use crate::load::workspace::DocSource;
use crate::render::pdf::{self, PdfEngine};
use crate::render::{docx, Format};

/// Whether the workspace's score sheet classifies agencies at all.
fn plan_classifies(ws: &Campaign) -> bool {
    ws.plan.as_ref().is_some_and(|p| p.score_sheet.is_some())
}

/// Everything that stays the same across documents of one build.
pub struct Pipeline {
    pub fonts: FontSet,
    pub composer: Composer,
    pub pdf: PdfEngine,
    /// The whole-workspace context of the consolidated documents, by summed report: built
    /// once per build (it reads every agency's files), not once per document.
    consolidation: Mutex<BTreeMap<String, (serde_json::Value, Vec<Diagnostic>)>>,
}

impl Pipeline {
    /// Validates and composes one document of `ws` into its tree (no rendering).
    pub fn assemble(
        &self,
        ws: &Campaign,
        agency: &Agency,
        src: &DocSource,
    ) -> (Option<Document>, Vec<Diagnostic>) {
        let (doc, diags, _) = self.assemble_with_deps(ws, agency, src);
        (doc, diags)
    }

    /// As `assemble`, and what the document was made from beyond its own file (for the
    /// build record).
    pub(super) fn assemble_with_deps(
        &self,
        ws: &Campaign,
        agency: &Agency,
        src: &DocSource,
    ) -> (Option<Document>, Vec<Diagnostic>, Deps) {
        let parsed = src.parse();
        let mut diags = parsed.diags;
        let Some(data) = parsed.value else {
            // The rest of a file with errors still gets the checks that need values (dates,
            // signers, figures), so one run reports those too; only problems with a place
            // count, as the missing parts would otherwise cause follow-up errors.
            if let (Some(rest), Some(plan)) = (parsed.rest, ws.plan.as_ref()) {
                let more = match assemble::document(
                    &ws.settings,
                    &self.fonts,
                    &self.composer,
                    Some(plan),
                    agency,
                    src,
                    &rest,
                    None,
                ) {
                    Ok((_, more)) | Err(more) => more,
                };
                for d in more.into_iter().filter(|d| d.line > 0) {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
            return (None, diags, Deps::default());
        };
        let deps = Deps {
            template: assemble::template_for(&self.composer, ws.plan.as_ref(), src, &data),
            agency_wide: data.cham_diem.is_some(),
            reads: match (&data.so_lieu, ws.plan.as_ref()) {
                (Some(_), Some(plan)) => assemble::previous_report(plan, agency, &src.name)
                    .map(|d| vec![d.path.clone()])
                    .unwrap_or_default(),
                _ => vec![],
            },
            province_wide: crate::load::workspace::CONSOLIDATED_DOCUMENTS
                .contains(&src.name.as_str()),
            sheet: data.cham_diem.is_some()
                || data.quy_dinh.as_ref().is_some_and(|q| q.bang_diem)
                || crate::load::workspace::CONSOLIDATED_DOCUMENTS.contains(&src.name.as_str()),
        };
        // The reporting body's documents see the whole workspace.
        let whole = match (
            ws.plan.as_ref(),
            crate::load::workspace::CONSOLIDATED_DOCUMENTS.contains(&src.name.as_str()),
        ) {
            (Some(plan), true) => {
                let report = data
                    .so_lieu_tu
                    .as_deref()
                    .unwrap_or("bao-cao-nam")
                    .to_string();
                let mut cache = self.consolidation.lock().unwrap_or_else(|p| p.into_inner());
                let (value, warnings) = cache.entry(report).or_insert_with_key(|report| {
                    let (c, warnings) = crate::province::consolidated::context(ws, plan, report);
                    let value = serde_json::to_value(c).expect("plain data serialises");
                    (value, warnings)
                });
                diags.extend(warnings.iter().cloned());
                Some(value.clone())
            }
            _ => None,
        };
        // Figures the agencies sent wrong (a part larger than its whole) are not printed.
        if whole.is_some() && diags.iter().any(|d| !d.warning) {
            return (None, diags, deps);
        }
        // A document that rests on the classification names every agency left out, and why.
        if let Some(left_out) = whole
            .as_ref()
            .and_then(|w| w.get("khong_xep_loai"))
            .and_then(|k| k.as_array())
            .filter(|_| plan_classifies(ws))
        {
            for who in left_out.iter().filter_map(|w| w.as_str()) {
                diags.push(
                    Diagnostic::file(&src.path, format!("không xếp loại: {who}"))
                        .hint("cơ quan được xếp loại khi hồ sơ chấm điểm đã gửi (`ngay_gui`) và không có lỗi: chạy `vanban check -a <mã cơ quan>` để xem lỗi")
                        .warn(),
                );
            }
        }
        match assemble::document(
            &ws.settings,
            &self.fonts,
            &self.composer,
            ws.plan.as_ref(),
            agency,
            src,
            &data,
            whole,
        ) {
            Ok((doc, mut warnings)) => {
                diags.append(&mut warnings);
                (Some(doc), diags, deps)
            }
            Err(mut errs) => {
                diags.append(&mut errs);
                (None, diags, deps)
            }
        }
    }

    pub fn for_workspace(ws: &Campaign) -> Result<Pipeline, Diagnostic> {
        let fonts = FontSet::for_workspace(&ws.fonts_dir())
            .map_err(|m| Diagnostic::file(&ws.fonts_dir(), m))?;
        let composer = Composer::new(&ws.templates_dir()).map_err(|e| {
            Diagnostic::file(
                &ws.templates_dir().join(&e.template),
                format!("mẫu không hợp lệ: {}", e.message),
            )
            .hint("sửa cú pháp Tera của mẫu, hoặc xóa tệp để dùng mẫu có sẵn")
        })?;
        let layout_path = ws.templates_dir().join("nd30.typ");
        let layout =
            std::fs::read_to_string(&layout_path).unwrap_or_else(|_| pdf::LAYOUT.to_string());
        let pdf = PdfEngine::new(&fonts, &layout);
        Ok(Pipeline {
            fonts,
            composer,
            pdf,
            consolidation: Default::default(),
        })
    }

    /// Drops the consolidated contexts, after the agencies' files changed (the web server
    /// keeps one pipeline across edits).
    pub fn forget_consolidation(&self) {
        self.consolidation
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Renders one document to one format.
    pub fn render(&self, doc: &Document, format: Format, ident: &str) -> Result<Vec<u8>, String> {
        match format {
            Format::Docx => docx::render(doc),
            Format::Pdf => self.pdf.render(doc, ident),
        }
    }
}
