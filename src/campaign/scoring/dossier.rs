//! A dossier scored: the agency's self-score read from its file and computed against the
//! parent plan's score sheet, its evidence cited from the agency's own documents. Used by
//! the dossier document and by the reporting body's classification alike.

use std::path::Path;

use super::Outcome;
use crate::campaign::dates::parse_date;
use crate::campaign::plan::Plan;
use crate::campaign::Agency;
use crate::ground::diag::{suggest, Diagnostic};
use crate::ground::{kinds, nd30};
use crate::load::model::DocFile;
use crate::load::workspace::DocSource;

/// A dossier's self-score against the parent plan's score sheet; None after an error
/// (pushed to `diags`, unless the sheet itself is broken and was reported once).
pub fn outcome_of(
    path: &Path,
    plan: &Plan,
    agency: &Agency,
    d: &DocFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Outcome> {
    let Some(sheet) = &plan.score_sheet else {
        if !plan.score_sheet_broken {
            let (l, c) = crate::load::yaml::key_place(path, "cham_diem");
            diags.push(
                Diagnostic::new(
                    path,
                    l,
                    c,
                    "có `cham_diem` nhưng kế hoạch cấp trên chưa có bảng điểm",
                )
                .hint(format!(
                    "thêm `bang_diem_tep: bang-diem.yaml` vào {} và đặt tệp bảng điểm trong data/",
                    plan.file_name()
                )),
            );
        }
        return None;
    };
    let block = agency.info.khoi.as_ref().map(|k| k.value.as_str());
    let own = |name: &serde_saphyr::Spanned<String>| own_citation(path, agency, name);
    super::score(path, sheet, block, d, &own)
        .map_err(|ds| diags.extend(ds))
        .ok()
}

/// A dossier's computed result outside a build (for the reporting body's consolidation):
/// the file read and scored, or every problem of it.
pub fn outcome(plan: &Plan, agency: &Agency, src: &DocSource) -> Result<Outcome, Vec<Diagnostic>> {
    let (data, mut diags) = src.load();
    diags.retain(|d| !d.warning);
    let Some(d) = data else {
        return Err(diags);
    };
    match outcome_of(&src.path, plan, agency, &d, &mut diags) {
        Some(o) if diags.is_empty() => Ok(o),
        _ => Err(diags),
    }
}

/// "Kế hoạch số 38/KH-SNV ngày 20/3/2025": one of the agency's own documents, cited by its
/// file name in a dossier's evidence.
fn own_citation(
    path: &Path,
    agency: &Agency,
    name: &serde_saphyr::Spanned<String>,
) -> Result<String, Diagnostic> {
    let names = agency.documents.iter().map(|s| s.name.as_str());
    let Some(src) = agency
        .documents
        .iter()
        .find(|s| s.name == name.value.trim())
    else {
        return Err(Diagnostic::at(
            path,
            name.referenced,
            format!("cơ quan không có văn bản `{}`", name.value),
        )
        .hint(format!(
            "{} (tên tệp trong thư mục của cơ quan, không có .yaml)",
            suggest(&name.value, names)
        )));
    };
    let (data, _) = src.load();
    let Some(other) = data else {
        return Err(Diagnostic::at(
            path,
            name.referenced,
            format!("văn bản `{}` có lỗi nên không dẫn được", name.value),
        )
        .hint(format!("sửa lỗi của {}", src.path.display())));
    };
    let slug = other
        .loai
        .as_ref()
        .map(|l| l.value.clone())
        .unwrap_or_else(|| {
            // A campaign document without `loai` is of the kind its name starts with
            // ("bao-cao-nam" is a báo cáo).
            [kinds::BAO_CAO, kinds::KE_HOACH]
                .into_iter()
                .find(|k| src.name.starts_with(k))
                .unwrap_or_default()
                .to_string()
        });
    let Some(kind) = kinds::find(&slug) else {
        return Err(Diagnostic::at(
            path,
            name.referenced,
            format!("không biết loại của văn bản `{}`", name.value),
        )
        .hint(format!("ghi `loai:` trong {}", src.path.display())));
    };
    let (type_name, abbr) = (kind.name, kind.abbr);
    let ky_hieu = nd30::ky_hieu(abbr, agency.info.ky_hieu(), "");
    let number = match other.so {
        Some(n) => format!("số {}/{ky_hieu}", nd30::number(n)),
        None => format!("số …/{ky_hieu} (chưa cấp số)"),
    };
    let when = other
        .ngay
        .as_ref()
        .and_then(|n| parse_date(&n.value))
        .map(|d| format!(" ngày {}", nd30::short_date(d)))
        .unwrap_or_default();
    Ok(format!("{type_name} {number}{when}"))
}
