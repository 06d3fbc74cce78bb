//! What a template sees besides the agency and the document: the parent plan (as
//! `cap_tren`, and `tinh` for older templates), the agency's block, the report period, the
//! figures, and the year. Also: which of the document's fields its template never reads.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::campaign::dates::{self, PeriodText};
use crate::campaign::figures;
use crate::campaign::plan::{self, Block, Plan};
use crate::document::compose::Composer;
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::load::model::DocFile;

/// The parent plan as templates see it: dates already written the ND30 way; absent parts
/// are null or empty, so a template can test them.
#[derive(Debug, Serialize)]
pub struct PlanView<'a> {
    pub nam: Option<i32>,
    /// "Kế hoạch số 696/KH-UBND ngày 06/3/2025 của …"; null in the plan itself, which never
    /// cites itself.
    pub trich_dan: Option<String>,
    pub so_ky_hieu: Option<String>,
    pub ngay: Option<String>,
    pub co_quan: Option<&'a str>,
    pub trich_yeu: Option<&'a str>,
    pub cong_tac: Option<&'a str>,
    /// Deadlines "28/3/2025" by document key.
    pub han: BTreeMap<&'a str, String>,
    /// Deadlines of documents other than the plan, by date: what an agency's plan lists.
    pub han_bao_cao: Vec<Deadline>,
    pub ky_so_lieu: &'a BTreeMap<String, PeriodText>,
    pub chi_tieu: &'a [String],
    pub bang_diem: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Deadline {
    pub ten: String,
    pub ngay: String,
}

impl<'a> PlanView<'a> {
    pub fn new(p: &'a Plan, is_the_plan: bool) -> Self {
        let r = p.reference.as_ref();
        let mut han_bao_cao: Vec<(NaiveDate, &String)> = p
            .han
            .iter()
            .filter(|(k, _)| *k != "ke_hoach")
            .map(|(k, d)| (*d, k))
            .collect();
        han_bao_cao.sort();
        PlanView {
            nam: p.nam,
            trich_dan: r.filter(|_| !is_the_plan).map(|r| r.citation()),
            so_ky_hieu: r.map(|r| r.so_ky_hieu()),
            ngay: r.map(|r| nd30::short_date(r.ngay)),
            co_quan: r.map(|r| r.co_quan.as_str()),
            trich_yeu: r.and_then(|r| r.trich_yeu.as_deref()),
            cong_tac: p.cong_tac.as_deref(),
            han: p
                .han
                .iter()
                .map(|(k, d)| (k.as_str(), nd30::short_date(*d)))
                .collect(),
            han_bao_cao: han_bao_cao
                .into_iter()
                .map(|(d, k)| Deadline {
                    ten: p.deadline_label(k),
                    ngay: nd30::short_date(d),
                })
                .collect(),
            ky_so_lieu: &p.ky,
            chi_tieu: &p.targets,
            bang_diem: p.bang_diem.as_deref(),
        }
    }
}

/// Whether a document is the parent plan itself: same number and same date.
pub fn is_the_plan(p: &Plan, d: &DocFile, date: Option<NaiveDate>) -> bool {
    p.reference
        .as_ref()
        .is_some_and(|r| d.so == Some(r.so) && date == Some(r.ngay))
}

/// The context entries beyond the agency and the document; every problem found on the way
/// (figures, period, groups) is pushed to `diags`.
#[allow(clippy::too_many_arguments)]
pub fn extra(
    path: &Path,
    plan: &Plan,
    block: Option<&Block>,
    doc_name: &str,
    d: &DocFile,
    date: Option<NaiveDate>,
    nam: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(&'static str, serde_json::Value)> {
    let mut out: Vec<(&'static str, serde_json::Value)> = Vec::new();
    let view = PlanView::new(plan, is_the_plan(plan, d, date));
    out.push(("cap_tren", json(&view)));
    out.push(("tinh", json(&view)));
    out.push(("nam", json(&nam)));
    out.push(("cong_tac", json(&plan.work())));
    out.push(("khoi", json(&block)));
    // Who a plan's closing addresses: the plan's own key, else its block's, else the
    // parent plan's.
    out.push((
        "don_vi_thuc_hien",
        json(
            &d.don_vi_thuc_hien
                .as_ref()
                .or(block.and_then(|b| b.don_vi_thuc_hien.as_ref()))
                .or(plan.don_vi_thuc_hien.as_ref()),
        ),
    ));
    let recipients: Vec<String> = block
        .and_then(|b| b.gui_bao_cao.clone())
        .or_else(|| plan.gui_bao_cao.clone())
        .unwrap_or_default();
    out.push(("gui_bao_cao", json(&recipients)));
    let period = match &d.ky_so_lieu {
        Some(own) => dates::period(path, own, diags),
        None => plan.ky.get(&plan::key(doc_name)).cloned(),
    };
    // Always an object, so templates can test `ky.ten` without a period.
    let period = period.unwrap_or(PeriodText {
        ten: None,
        tu: None,
        den: None,
    });
    out.push(("ky", json(&period)));

    let values = match &d.so_lieu {
        Some(f) => {
            let (v, ds) = figures::check(path, plan, f);
            diags.extend(ds);
            v
        }
        None => figures::Values::new(),
    };
    diags.extend(figures::check_items(path, plan, &d.ket_qua));
    let report = figures::report(&plan.catalogue, &values, &d.ket_qua);
    out.push(("so_lieu", json(&values)));
    out.push(("chi_so", json(&report.chi_so)));
    out.push(("ket_qua_nhom", json(&report.nhom)));
    out.push(("bang_so_lieu", json(&report.bang)));
    out.push(("bang_co_ty_le", json(&report.bang_co_ty_le)));
    out
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("plain data serialises")
}

/// Fields the builder itself reads, whatever the template.
const READ_BY_BUILDER: &[&str] = &[
    "loai",
    "mau",
    "so",
    "ngay",
    "ngay_gui",
    "ngay_gui_lai",
    "tra_lai",
    "nam",
    "trich_yeu",
    "kinh_gui",
    "nguoi_ky",
    "noi_nhan",
    "luu",
    "ky_hieu_nguoi_soan",
    "chu_thich",
    "du_thao",
    "dau_ket_thuc",
    "thang",
    "in_hoa_tieu_de",
];

/// Whether a template family's text (`Composer::family_text`) reads the document field
/// `field`: the web forms offer exactly the fields a document's template prints.
pub fn template_reads(family_text: &str, field: &str) -> bool {
    markers(field)
        .iter()
        .any(|m| family_text.contains(m.as_str()))
}

/// What in a template's text shows that it reads a field.
fn markers(field: &str) -> Vec<String> {
    match field {
        "so_lieu" => vec![
            "so_lieu".into(),
            "chi_so".into(),
            "ket_qua_nhom".into(),
            "bang_so_lieu".into(),
        ],
        "ket_qua" => vec!["ket_qua_nhom".into(), "doc.ket_qua".into()],
        "ky_so_lieu" => vec!["ky.".into()],
        "noi_dung" => vec![
            "noi_dung_md".into(),
            "in noi_dung".into(),
            "doc.noi_dung".into(),
        ],
        "muc" => vec!["muc_md".into(), "doc.muc".into()],
        "dieu" => vec!["dieu_md".into(), "doc.dieu".into()],
        // The builder reads it into the context's authority line (`assemble::authority`).
        "tham_quyen" => vec!["tham_quyen".into()],
        f => vec![format!("doc.{f}")],
    }
}

/// A warning naming the document's fields that `template` never reads: their content would
/// silently be missing from the document.
pub fn unused_fields(
    path: &Path,
    composer: &Composer,
    template: &str,
    d: &DocFile,
) -> Option<Diagnostic> {
    let full = composer.family_text(template);
    // With its own `noi_dung`, a report's body replaces the sections: what only they read
    // is not used.
    let replaced = !d.noi_dung.is_empty() && full.contains("if doc.noi_dung");
    let text = if replaced {
        without_else_of(&full, "if doc.noi_dung")
    } else {
        full
    };
    let reads = |f: &str| markers(f).iter().any(|m| text.contains(m.as_str()));
    let serde_json::Value::Object(fields) = serde_json::to_value(d).ok()? else {
        return None;
    };
    let mut unused: Vec<String> = fields
        .iter()
        .filter(|(k, v)| !READ_BY_BUILDER.contains(&k.as_str()) && !is_empty(v) && !reads(k))
        .map(|(k, _)| k.clone())
        .collect();
    if d.so_lieu.as_ref().is_some_and(|f| !f.0.is_empty()) && !reads("so_lieu") {
        unused.push("so_lieu".into());
    }
    let dossier = [
        (
            "cham_diem",
            d.cham_diem.as_ref().is_some_and(|c| !c.0.is_empty()),
        ),
        ("diem_thuong", !d.diem_thuong.is_empty()),
        ("diem_tru", !d.diem_tru.is_empty()),
        ("tham_dinh", d.tham_dinh.is_some()),
    ];
    for (k, present) in dossier {
        if present && !text.contains("cham_diem") {
            unused.push(k.into());
        }
    }
    if reads("muc") && !text.contains("doc.muc") {
        for k in d.muc.keys() {
            if !text.contains(&format!("muc_md.{k}")) {
                unused.push(format!("muc.{k}"));
            }
        }
    }
    if unused.is_empty() {
        return None;
    }
    unused
        .sort_by_key(|k| crate::load::yaml::key_place(path, k.split('.').next_back().unwrap_or(k)));
    let first = unused[0]
        .split('.')
        .next_back()
        .unwrap_or(&unused[0])
        .to_string();
    let (line, col) = crate::load::yaml::key_place(path, &first);
    let names = unused
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let (message, hint) = if replaced {
        (
            format!("văn bản có `noi_dung` nên mẫu `{template}` in nội dung đó thay cho các mục và không dùng {names}: nội dung đó sẽ không có trong văn bản"),
            "đưa nội dung các khóa đó vào `noi_dung`, hoặc bỏ `noi_dung` để mẫu tự dựng các mục",
        )
    } else {
        (
            format!("mẫu `{template}` không dùng {names}: nội dung đó sẽ không có trong văn bản"),
            "xóa các khóa đó, hoặc chọn mẫu có dùng chúng bằng `mau:` (ví dụ `mau: van-ban`)",
        )
    };
    Some(Diagnostic::new(path, line, col, message).hint(hint).warn())
}

/// `text` without the `else` branches of the Tera conditions that start with `condition`
/// (`{% if doc.noi_dung %}…{% else %}…{% endif %}` keeps only the first part).
fn without_else_of(text: &str, condition: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    // (depth of `if`s open, depth at which a dropped `else` started)
    let mut depth = 0usize;
    let mut watched: Vec<usize> = Vec::new();
    let mut dropping: Option<usize> = None;
    while let Some(open) = rest.find("{%") {
        let Some(close) = rest[open..].find("%}").map(|c| open + c + 2) else {
            break;
        };
        let tag = rest[open + 2..close - 2].trim_matches(['-', ' ', '\n']);
        if dropping.is_none() {
            out.push_str(&rest[..close]);
        }
        if tag.starts_with("if ") {
            depth += 1;
            if tag.starts_with(condition) {
                watched.push(depth);
            }
        } else if tag.starts_with("else") || tag.starts_with("elif") {
            if dropping.is_none() && watched.last() == Some(&depth) {
                dropping = Some(depth);
            }
        } else if tag.starts_with("endif") {
            if dropping == Some(depth) {
                dropping = None;
                out.push_str(&rest[open..close]);
            }
            if watched.last() == Some(&depth) {
                watched.pop();
            }
            depth = depth.saturating_sub(1);
        }
        rest = &rest[close..];
    }
    if dropping.is_none() {
        out.push_str(rest);
    }
    out
}

fn is_empty(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod branch_tests {
    use super::without_else_of;

    #[test]
    fn the_else_branch_of_the_condition_is_dropped_with_what_it_nests() {
        let t = "a {% if doc.noi_dung -%}B{%- else -%}{% if x %}C{% endif %}D{% endif %} e {% if y %}F{% else %}G{% endif %}";
        assert_eq!(
            without_else_of(t, "if doc.noi_dung"),
            "a {% if doc.noi_dung -%}B{%- else -%}{% endif %} e {% if y %}F{% else %}G{% endif %}"
        );
    }
}
