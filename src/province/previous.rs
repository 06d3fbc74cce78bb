//! Last year's figures beside this year's (`tong_hop.nam_truoc` in vanban.yaml): the sums of
//! last year's workspace for the same report, or the totals of a file written from last
//! year's consolidated report. Only indicators both years have are compared.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::campaign::plan::Plan;
use crate::campaign::Campaign;
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::load::model::PreviousFiguresFile;
use crate::province::sums;

/// One indicator's total: the sum, and Σ part / Σ whole when it is a rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total {
    pub tong: u64,
    pub phan_tren_tong: Option<(u64, u64)>,
}

impl Total {
    pub fn of(s: &sums::Sum) -> Total {
        Total {
            tong: s.tong,
            phan_tren_tong: s.phan_tren_tong,
        }
    }
}

/// Last year's totals by indicator id.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub nam: Option<i32>,
    pub totals: BTreeMap<String, Total>,
}

/// One row of the comparison table.
#[derive(Debug, Serialize)]
pub struct Compared {
    pub ten: String,
    pub don_vi: String,
    /// "1.650", or "1.650 (98,2%)" for a rate.
    pub nam_truoc: String,
    pub nam_nay: String,
    /// "+70", "−12", "0"; a rate's change in percentage points follows when it changed:
    /// "+70 (tỷ lệ +1,7 điểm %)".
    pub thay_doi: String,
}

/// The comparison section of the consolidated report.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub nam: Option<i32>,
    pub dong: Vec<Compared>,
}

/// Reads last year's totals for `report`, when vanban.yaml names them; problems are
/// warnings of the consolidated documents (the comparison is then left out).
pub fn read(ws: &Campaign, plan: &Plan, report: &str) -> (Option<Previous>, Vec<Diagnostic>) {
    let Some(rel) = ws.consolidation.nam_truoc.as_deref() else {
        return (None, vec![]);
    };
    let path = ws.root.join(rel);
    if path.join("data").is_dir() {
        from_workspace(&path, report)
    } else if path.is_file() {
        from_file(&path, plan)
    } else {
        (None, vec![]) // vanban.yaml's check has said so
    }
}

/// Sums of last year's workspace, as its own consolidated report would print them.
fn from_workspace(root: &Path, report: &str) -> (Option<Previous>, Vec<Diagnostic>) {
    let (prev, _) = crate::campaign::open(root);
    let Some(plan) = prev.plan.as_ref() else {
        let d = Diagnostic::file(
            &root.join("data"),
            "không gian làm việc năm trước không có kế hoạch cấp trên: không so sánh được với năm trước",
        )
        .warn();
        return (None, vec![d]);
    };
    let (values, _) = sums::values(&prev, plan, report);
    let totals = sums::totals(&prev, plan, report, &values)
        .into_iter()
        .filter(|t| t.toan_bo.bao_cao > 0)
        .map(|t| (t.ma, Total::of(&t.toan_bo)))
        .collect();
    (
        Some(Previous {
            nam: plan.nam,
            totals,
        }),
        vec![],
    )
}

/// A file of last year's totals; an id this year's catalogue lacks is a warning.
fn from_file(path: &Path, plan: &Plan) -> (Option<Previous>, Vec<Diagnostic>) {
    let (file, mut diags) = crate::load::yaml::read::<PreviousFiguresFile>(path);
    diags.iter_mut().for_each(|d| d.warning = true);
    let Some(file) = file else {
        return (None, diags);
    };
    let mut raw = BTreeMap::new();
    for (key, v) in &file.so_lieu.0 {
        let id = key.value.trim();
        if plan.catalogue.get(id).is_none() {
            let ids = plan.catalogue.indicators.iter().map(|i| i.ma.as_str());
            diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!("chỉ số `{id}` không có trong danh mục năm nay: không so sánh"),
                )
                .hint(crate::ground::diag::suggest(id, ids))
                .warn(),
            );
            continue;
        }
        raw.insert(id.to_string(), v.value.0);
    }
    let totals = raw
        .iter()
        .map(|(id, &tong)| {
            let whole = plan
                .catalogue
                .get(id)
                .filter(|i| i.ty_le)
                .and_then(|i| i.thuoc.as_deref())
                .and_then(|w| raw.get(w));
            let total = Total {
                tong,
                phan_tren_tong: whole.map(|&w| (tong, w)),
            };
            (id.clone(), total)
        })
        .collect();
    (
        Some(Previous {
            nam: file.nam,
            totals,
        }),
        diags,
    )
}

/// The rows of the comparison: this year's indicators in table order that last year also has.
/// `this` gives (id, name, unit, total) in the table's order.
pub fn compare(prev: &Previous, this: &[(String, String, String, Total)]) -> Comparison {
    let dong = this
        .iter()
        .filter_map(|(id, ten, don_vi, now)| {
            let before = prev.totals.get(id)?;
            Some(Compared {
                ten: ten.clone(),
                don_vi: don_vi.clone(),
                nam_truoc: shown(before),
                nam_nay: shown(now),
                thay_doi: change(before, now),
            })
        })
        .collect();
    Comparison {
        nam: prev.nam,
        dong,
    }
}

/// "1.073", or "1.073 (99,9%)" for a rate.
fn shown(t: &Total) -> String {
    let n = nd30::integer(t.tong as i64);
    match rate(t).and_then(|r| nd30::percent(r.0 as f64, r.1 as f64)) {
        Some(r) => format!("{n} ({r})"),
        None => n,
    }
}

fn rate(t: &Total) -> Option<(u64, u64)> {
    t.phan_tren_tong.filter(|(_, w)| *w > 0)
}

/// The signed difference ("+70", "−12", "0"), and for a rate its change in percentage
/// points, never rounded to zero unless it is zero.
fn change(before: &Total, now: &Total) -> String {
    let diff = now.tong as i64 - before.tong as i64;
    let mut s = signed(diff);
    if let (Some((p0, w0)), Some((p1, w1))) = (rate(before), rate(now)) {
        // Exact comparison of p1/w1 with p0/w0 in integers; the printed points in tenths.
        let (a, b) = (p1 as i128 * w0 as i128, p0 as i128 * w1 as i128);
        let points = (p1 as f64 / w1 as f64 - p0 as f64 / w0 as f64) * 100.0;
        if a != b {
            let mut t = nd30::decimal(points.abs(), 1);
            if t == "0" {
                t = nd30::decimal(points.abs(), 2);
            }
            if t == "0" {
                t = "dưới 0,01".to_string();
            }
            let sign = if a > b { "+" } else { "−" };
            s = format!("{s} (tỷ lệ {sign}{t} điểm %)");
        }
    }
    s
}

fn signed(n: i64) -> String {
    match n {
        0 => "0".to_string(),
        n if n > 0 => format!("+{}", nd30::integer(n)),
        n => format!("−{}", nd30::integer(-n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tong: u64, r: Option<(u64, u64)>) -> Total {
        Total {
            tong,
            phan_tren_tong: r,
        }
    }

    #[test]
    fn changes_are_signed_and_rates_in_points() {
        assert_eq!(change(&t(1650, None), &t(1720, None)), "+70");
        assert_eq!(change(&t(1720, None), &t(1650, None)), "−70");
        assert_eq!(change(&t(5, None), &t(5, None)), "0");
        assert_eq!(
            change(&t(90, Some((90, 100))), &t(99, Some((99, 100)))),
            "+9 (tỷ lệ +9 điểm %)"
        );
        assert_eq!(
            change(&t(90, Some((90, 100))), &t(180, Some((180, 200)))),
            "+90"
        );
        // A tiny but real change is not printed as 0.
        let s = change(
            &t(99990, Some((99990, 100000))),
            &t(99991, Some((99991, 100000))),
        );
        assert!(s.ends_with("(tỷ lệ +dưới 0,01 điểm %)"), "{s}");
        assert_eq!(shown(&t(13927, Some((13927, 13939)))), "13.927 (99,9%)");
    }
}
