//! What the reporting body sums up from every agency: each indicator of the catalogue by
//! block and for the whole workspace (rates from the sums, never a mean of rates; agencies
//! that did not report an indicator counted and named, not taken as 0), and every agency's
//! self-score, appraised score and class ("không xếp loại" without a dossier).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::campaign::figures::Values;
use crate::campaign::plan::{self, Plan};
use crate::campaign::scoring::Pts;
use crate::campaign::{Agency, Campaign};
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::province::submitted;
pub use crate::province::submitted::Sent;

/// Agencies that owe documents to the plan: all but its issuer.
pub fn reporting<'a>(ws: &'a Campaign, plan: &Plan) -> Vec<&'a Agency> {
    ws.agencies
        .iter()
        .filter(|a| {
            !plan
                .reference
                .as_ref()
                .is_some_and(|r| r.issued_by(&a.id, &a.info.ten_day_du))
        })
        .collect()
}

/// Agencies that owe the document `name`: the reporting agencies that exist on its
/// deadline (all of them when the plan sets none). The consolidated report counts these in
/// its submissions and in its figures alike.
pub fn owing<'a>(ws: &'a Campaign, plan: &Plan, name: &str) -> Vec<&'a Agency> {
    let due = plan.han.get(&plan::key(name)).copied();
    reporting(ws, plan)
        .into_iter()
        .filter(|a| due.is_none_or(|d| a.lifespan.expects(d)))
        .collect()
}

/// Agency `a`'s document `name` as the province counts it (its last sending).
pub fn sent(ws: &Campaign, a: &Agency, name: &str) -> (Sent, Vec<Diagnostic>) {
    let src = a
        .documents
        .iter()
        .find(|d| plan::key(&d.name) == plan::key(name));
    let name = src.map_or(name, |s| s.name.as_str());
    submitted::of(&ws.root, a, name, src)
}

/// One indicator summed over a set of agencies.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sum {
    pub tong: u64,
    /// "1.073".
    pub so: String,
    /// Agencies that reported it.
    pub bao_cao: usize,
    /// Agencies that did not (names as in sentences).
    pub khong_bao_cao: Vec<String>,
    /// Σ part / Σ whole over the agencies that reported both.
    pub ty_le: Option<String>,
    /// Those two sums, when there are any.
    #[serde(skip)]
    pub phan_tren_tong: Option<(u64, u64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorTotal {
    pub ma: String,
    pub ten: String,
    pub don_vi: String,
    /// By block id, in the plan's block order.
    pub khoi: Vec<(String, Sum)>,
    pub toan_bo: Sum,
}

/// Each agency's reported values in the report named `report` ("bao-cao-nam") as it last
/// sent it (never a draft), checked against the catalogue; agencies that owe no such report,
/// have not sent it, or had it returned are absent.
pub fn values(
    ws: &Campaign,
    plan: &Plan,
    report: &str,
) -> (BTreeMap<String, Values>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    for a in owing(ws, plan, report) {
        if let Some(v) = agency_values(ws, plan, a, report, &mut diags) {
            out.insert(a.id.clone(), v);
        }
    }
    (out, diags)
}

/// One agency's values in `report` as last sent, if it sent figures (whether it owes the
/// report is the caller's: see `owing`).
pub fn agency_values(
    ws: &Campaign,
    plan: &Plan,
    a: &Agency,
    report: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Values> {
    let (s, ds) = sent(ws, a, report);
    diags.extend(ds);
    let Sent::Yes(s) = s else {
        return None;
    };
    let f = s.data.so_lieu.as_ref()?;
    let (v, ds) = crate::campaign::figures::check(&s.path, plan, f);
    diags.extend(ds);
    Some(v)
}

/// Sums of every indicator by block and overall.
pub fn totals(
    ws: &Campaign,
    plan: &Plan,
    report: &str,
    values: &BTreeMap<String, Values>,
) -> Vec<IndicatorTotal> {
    let agencies = owing(ws, plan, report);
    let block_of = |a: &Agency| {
        a.info
            .khoi
            .as_ref()
            .map(|k| k.value.clone())
            .unwrap_or_default()
    };
    let mut blocks: Vec<String> = plan
        .block_ids()
        .into_iter()
        .map(str::to_string)
        .filter(|b| agencies.iter().any(|a| block_of(a) == *b))
        .collect();
    if agencies.iter().any(|a| block_of(a).is_empty()) {
        blocks.push(String::new());
    }
    let sum = |id: &str, whole: Option<&str>, set: &[&&Agency]| -> Sum {
        let mut tong = 0;
        let mut bao_cao = 0;
        let mut khong = Vec::new();
        let (mut part_sum, mut whole_sum, mut both) = (0u64, 0u64, 0usize);
        for a in set {
            let v = values.get(&a.id);
            match v.and_then(|v| v.get(id)) {
                Some(x) => {
                    tong += x;
                    bao_cao += 1;
                    if let Some(w) = whole.and_then(|w| v.and_then(|v| v.get(w))) {
                        part_sum += x;
                        whole_sum += w;
                        both += 1;
                    }
                }
                None => khong.push(a.info.ten_day_du.clone()),
            }
        }
        Sum {
            tong,
            so: nd30::integer(tong),
            bao_cao,
            khong_bao_cao: khong,
            ty_le: (both > 0)
                .then(|| nd30::percent(part_sum as f64, whole_sum as f64))
                .flatten(),
            phan_tren_tong: (both > 0).then_some((part_sum, whole_sum)),
        }
    };
    plan.catalogue
        .indicators
        .iter()
        .map(|ind| {
            let whole = ind.thuoc.as_deref().filter(|_| ind.ty_le);
            let all: Vec<&&Agency> = agencies.iter().collect();
            IndicatorTotal {
                ma: ind.ma.clone(),
                ten: ind.ten.clone(),
                don_vi: ind.don_vi.clone(),
                khoi: blocks
                    .iter()
                    .map(|b| {
                        let set: Vec<&&Agency> =
                            agencies.iter().filter(|a| block_of(a) == *b).collect();
                        (b.clone(), sum(&ind.ma, whole, &set))
                    })
                    .collect(),
                toan_bo: sum(&ind.ma, whole, &all),
            }
        })
        .collect()
}

/// One agency's result.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub id: String,
    pub ten: String,
    pub khoi: String,
    pub tu_cham: Option<Pts>,
    pub tham_dinh: Option<Pts>,
    /// Appraised − self.
    pub chenh_lech: Option<Pts>,
    /// The class (on the appraised total when appraised), or "Không xếp loại".
    pub xep_loai: String,
    /// The class of the self-score, when classified.
    pub xep_loai_tu_cham: Option<String>,
    /// Why an agency is not classified: no dossier, a dossier not sent, or one with errors.
    pub ly_do: Option<String>,
}

impl ClassRow {
    pub fn shown(p: Option<Pts>) -> String {
        p.map(|p| p.to_string()).unwrap_or_default()
    }
}

/// The scoring dossier's file name.
pub const DOSSIER: &str = "ho-so-cham-diem";

/// Label of an agency with no (valid) dossier.
pub const NOT_CLASSIFIED: &str = "Không xếp loại";

/// Every reporting agency's score and class; agencies whose dossier is missing or has
/// errors are "không xếp loại" (the errors are returned).
pub fn classification(ws: &Campaign, plan: &Plan) -> (Vec<ClassRow>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let rows = owing(ws, plan, DOSSIER)
        .into_iter()
        .map(|a| class_row(ws, plan, a, &mut diags))
        .collect();
    (rows, diags)
}

/// One agency's score and class (whether it owes a dossier is the caller's: see `owing`).
pub fn class_row(ws: &Campaign, plan: &Plan, a: &Agency, diags: &mut Vec<Diagnostic>) -> ClassRow {
    // Only the dossier as last sent is classified (a draft in the folder is not one).
    let (state, ds) = sent(ws, a, DOSSIER);
    let (outcome, ly_do) = match state {
        _ if !ds.is_empty() => {
            diags.extend(ds);
            (None, Some("hồ sơ chấm điểm có lỗi"))
        }
        Sent::No { drafted: false } => (None, Some("không có hồ sơ chấm điểm")),
        Sent::No { drafted: true } => (None, Some("chưa gửi hồ sơ chấm điểm")),
        Sent::Returned { .. } => (None, Some("hồ sơ bị trả lại, chưa gửi lại")),
        Sent::Yes(s) => {
            let mut found = Vec::new();
            let o = crate::campaign::scoring::dossier::outcome_of(
                &s.path, plan, a, &s.data, &mut found,
            );
            found.retain(|x| !x.warning);
            match o {
                Some(o) if found.is_empty() => (Some(o), None),
                _ => {
                    diags.extend(found);
                    (None, Some("hồ sơ chấm điểm có lỗi"))
                }
            }
        }
    };
    let class = outcome
        .as_ref()
        .and_then(|o| o.xep_loai_tham_dinh.clone().or(o.xep_loai.clone()))
        .unwrap_or_else(|| NOT_CLASSIFIED.to_string());
    let self_total = outcome.as_ref().map(|o| o.tong_diem);
    let self_class = outcome.as_ref().and_then(|o| o.xep_loai.clone());
    let appraised = outcome.as_ref().and_then(|o| o.tham_dinh_diem);
    ClassRow {
        id: a.id.clone(),
        ten: a.info.ten_day_du.clone(),
        khoi: a
            .info
            .khoi
            .as_ref()
            .map(|k| k.value.clone())
            .unwrap_or_default(),
        tu_cham: self_total,
        tham_dinh: appraised,
        chenh_lech: appraised.zip(self_total).map(|(t, s)| t - s),
        ly_do: (class == NOT_CLASSIFIED).then(|| {
            ly_do
                .unwrap_or("bảng điểm không có mức xếp loại")
                .to_string()
        }),
        xep_loai: class,
        xep_loai_tu_cham: self_class,
    }
}

/// Counts per class, in the sheet's band order then "Không xếp loại", for a set of rows:
/// (class, count, share as printed).
pub fn class_counts(plan: &Plan, rows: &[&ClassRow]) -> Vec<(String, usize, String)> {
    let mut names: Vec<String> = plan
        .score_sheet
        .as_ref()
        .map(|s| s.bands.iter().map(|b| b.ten.clone()).collect())
        .unwrap_or_default();
    names.push(NOT_CLASSIFIED.to_string());
    names
        .into_iter()
        .map(|n| {
            let c = rows.iter().filter(|r| r.xep_loai == n).count();
            let share = nd30::percent(c as f64, rows.len() as f64).unwrap_or_default();
            (n, c, share)
        })
        .collect()
}
