//! The reporting body's documents (consolidated report, tờ trình proposing the classes,
//! draft decision announcing them):
//! what their templates see as `tong_hop`, built from the whole workspace: submissions per
//! deadline with named late and missing agencies, summed indicators, classes per block, the
//! per-agency results, and the plan's measurable targets with đạt / không đạt.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::campaign::figures::Values;
use crate::campaign::plan::Plan;
use crate::campaign::Campaign;
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::load::model::TargetDecl;
use crate::province::previous;
use crate::province::sums::{self, ClassRow};
use crate::province::tracking::{self, Deadline, Status, Table};

#[derive(Debug, Serialize)]
pub struct Late {
    pub ten: String,
    pub ngay: i64,
}

#[derive(Debug, Serialize)]
pub struct DeadlineView {
    pub ten: String,
    pub han: String,
    /// Agencies that owed it.
    pub phai_nop: usize,
    pub dung_han: usize,
    pub tre_han: Vec<Late>,
    pub chua_gui: Vec<String>,
    /// Sent (on time or late) / owed.
    pub ty_le_da_gui: Option<String>,
    pub da_gui: usize,
    pub so_tre: usize,
    pub so_chua_gui: usize,
    /// The day the reporting body closed this deadline's period ("20/12/2025"), if it did.
    pub khoa: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub ten: String,
    pub don_vi: String,
    pub so: String,
    pub ty_le: Option<String>,
    pub bao_cao: usize,
    pub khong_bao_cao: Vec<String>,
    /// The figure of each block (in `Context::khoi`'s order), with its rate: "1.073 (99,9%)";
    /// empty when no agency of the block reported it.
    pub theo_khoi: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ClassCount {
    pub ten: String,
    pub so: usize,
    pub ty_le: String,
}

#[derive(Debug, Serialize)]
pub struct BlockClasses {
    pub khoi: String,
    pub tong: usize,
    pub dem: Vec<ClassCount>,
}

#[derive(Debug, Serialize)]
pub struct AgencyResult {
    pub stt: usize,
    pub ten: String,
    pub tu_cham: String,
    pub tham_dinh: String,
    pub chenh_lech: String,
    pub xep_loai: String,
}

#[derive(Debug, Serialize)]
pub struct BlockResults {
    pub khoi: String,
    pub dong: Vec<AgencyResult>,
}

/// One agency whose appraised score differs from its self-score.
#[derive(Debug, Serialize)]
pub struct Adjusted {
    pub ten: String,
    pub tu_cham: String,
    pub tham_dinh: String,
    pub xep_loai_tu_cham: String,
    pub xep_loai: String,
}

/// The appraisal step the tờ trình reports: how many dossiers were appraised, how many kept
/// their self-score, and each one adjusted.
#[derive(Debug, Serialize)]
pub struct Appraised {
    pub so: usize,
    pub giu_nguyen: usize,
    pub dieu_chinh: Vec<Adjusted>,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub noi_dung: String,
    /// "100%", when the data measures it.
    pub ket_qua: Option<String>,
    pub dat: Option<bool>,
}

/// Everything a consolidation template reads.
#[derive(Debug, Serialize)]
pub struct Context {
    /// The report whose figures are summed ("bao-cao-nam").
    pub bao_cao: String,
    pub so_co_quan: usize,
    pub han: Vec<DeadlineView>,
    pub chi_so: Vec<IndicatorView>,
    pub co_so_lieu: usize,
    /// The blocks with agencies, by name, in the plan's order (columns of the by-block table).
    pub khoi: Vec<String>,
    /// The groups whose items the agencies' reports list, each item with its agency.
    pub liet_ke: Vec<Listed>,
    /// Agencies with no figures at all, named once.
    pub khong_so_lieu: Vec<String>,
    pub xep_loai: Vec<BlockClasses>,
    pub ket_qua: Vec<BlockResults>,
    /// Whether any agency was appraised (the annex shows the appraisal columns only then).
    pub co_tham_dinh: bool,
    /// Last year's figures beside this year's, when vanban.yaml names them.
    pub so_sanh: Option<previous::Comparison>,
    /// The appraisal, once any classified agency was appraised.
    pub tham_dinh: Option<Appraised>,
    /// Agencies not classified, each "name (why)".
    pub khong_xep_loai: Vec<String>,
    /// Agencies whose sent, valid dossier the classification rests on.
    pub so_ho_so: usize,
    pub chi_tieu: Vec<TargetView>,
}

/// Builds the context. The errors of the reports it sums (a part larger than its whole, a
/// figure that is no number) are returned as its own: a province's figures are not printed
/// from them. Other problems of the agencies' files are left to their own documents; the
/// warnings are those of last year's figures.
pub fn context(ws: &Campaign, plan: &Plan, report: &str) -> (Context, Vec<Diagnostic>) {
    let agencies = sums::owing(ws, plan, report);
    let (table, _) = tracking::table(ws, plan, ws.consolidation.tinh_ca_ngay_han);
    let (locks, _) = crate::load::submissions::locks(&ws.root);
    let mut han = deadlines(ws, &table);
    for (v, d) in han.iter_mut().zip(&table.deadlines) {
        v.khoa = locks.get(&d.key).map(|l| {
            crate::campaign::dates::parse_date(&l.ngay)
                .map(nd30::short_date)
                .unwrap_or_else(|| l.ngay.clone())
        });
    }
    let (values, summed) = sums::values(ws, plan, report);
    let chi_so = indicators(ws, plan, report, &values);
    let totals = sums::totals(ws, plan, report, &values);
    let (rows, _) = if plan.score_sheet.is_some() {
        sums::classification(ws, plan)
    } else {
        (vec![], vec![])
    };
    let blocks = blocks_with_results(plan, &rows);
    let chi_tieu = targets(plan, &table, &han, &rows, &totals);
    let (prev, mut warnings) = previous::read(ws, plan, report);
    warnings.extend(summed.into_iter().filter(|d| !d.warning).map(|mut d| {
        let why = "văn bản tổng hợp không in số liệu sai: đề nghị cơ quan sửa rồi gửi lại (hoặc trả lại báo cáo)";
        d.hint = Some(match d.hint.take() {
            Some(h) => format!("{h}; {why}"),
            None => why.to_string(),
        });
        d
    }));
    let so_sanh = prev.map(|p| {
        let this: Vec<_> = totals
            .iter()
            .filter(|t| t.toan_bo.bao_cao > 0)
            .filter(|t| plan.catalogue.get(&t.ma).is_none_or(|i| i.bang))
            .map(|t| {
                let total = previous::Total::of(&t.toan_bo);
                (t.ma.clone(), t.ten.clone(), t.don_vi.clone(), total)
            })
            .collect();
        let mut c = previous::compare(&p, &this);
        c.nam = c.nam.or(plan.nam.map(|n| n - 1));
        c
    });
    let context = Context {
        bao_cao: report.to_string(),
        so_co_quan: agencies.len(),
        han,
        chi_so,
        co_so_lieu: values.len(),
        khoi: totals
            .first()
            .map(|t| t.khoi.iter().map(|(b, _)| block_name(plan, b)).collect())
            .unwrap_or_default(),
        khong_so_lieu: without_figures(ws, plan, report, &values),
        liet_ke: listed(ws, plan, report),
        xep_loai: classes(plan, &blocks, &rows),
        ket_qua: results(plan, &blocks, &rows),
        co_tham_dinh: rows.iter().any(|r| r.tham_dinh.is_some()),
        tham_dinh: appraised(&rows),
        khong_xep_loai: not_classified(&rows),
        so_ho_so: rows
            .iter()
            .filter(|r| r.xep_loai != sums::NOT_CLASSIFIED)
            .count(),
        chi_tieu,
        so_sanh,
    };
    (context, warnings)
}

/// The classified agencies that were appraised, in the classification's order.
fn appraised(rows: &[ClassRow]) -> Option<Appraised> {
    let done: Vec<&ClassRow> = rows
        .iter()
        .filter(|r| r.xep_loai != sums::NOT_CLASSIFIED && r.tham_dinh.is_some())
        .collect();
    if done.is_empty() {
        return None;
    }
    let dieu_chinh: Vec<Adjusted> = done
        .iter()
        .filter(|r| r.tham_dinh != r.tu_cham)
        .map(|r| Adjusted {
            ten: r.ten.clone(),
            tu_cham: ClassRow::shown(r.tu_cham),
            tham_dinh: ClassRow::shown(r.tham_dinh),
            xep_loai_tu_cham: r.xep_loai_tu_cham.clone().unwrap_or_default(),
            xep_loai: r.xep_loai.clone(),
        })
        .collect();
    Some(Appraised {
        so: done.len(),
        giu_nguyen: done.len() - dieu_chinh.len(),
        dieu_chinh,
    })
}

/// An agency's full name, or its id when no agency has it.
fn agency_name(ws: &Campaign, id: &str) -> String {
    ws.agencies
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.info.ten_day_du.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Submissions per deadline of the tracking table, naming the late and missing agencies.
fn deadlines(ws: &Campaign, table: &Table) -> Vec<DeadlineView> {
    table
        .deadlines
        .iter()
        .enumerate()
        .map(|(i, d)| deadline(ws, table, i, d))
        .collect()
}

/// Submissions for the `i`th deadline `d` of the table.
fn deadline(ws: &Campaign, table: &Table, i: usize, d: &Deadline) -> DeadlineView {
    let mut v = DeadlineView {
        ten: d.ten.clone(),
        han: nd30::short_date(d.ngay),
        phai_nop: 0,
        dung_han: 0,
        tre_han: vec![],
        chua_gui: vec![],
        ty_le_da_gui: None,
        da_gui: 0,
        so_tre: 0,
        so_chua_gui: 0,
        khoa: None,
    };
    for r in &table.rows {
        match r.status[i] {
            Status::NotDue => continue,
            Status::OnTime => v.dung_han += 1,
            Status::Late(n) => v.tre_han.push(Late {
                ten: agency_name(ws, &r.id),
                ngay: n,
            }),
            Status::Missing { .. } => v.chua_gui.push(agency_name(ws, &r.id)),
            // Named with why it is not counted although it was sent.
            Status::Returned => v.chua_gui.push(format!(
                "{} (bị trả lại{}, chưa gửi lại)",
                agency_name(ws, &r.id),
                r.tra_lai[i]
                    .map(|d| format!(" ngày {}", nd30::short_date(d)))
                    .unwrap_or_default()
            )),
        }
        v.phai_nop += 1;
    }
    v.so_tre = v.tre_han.len();
    v.so_chua_gui = v.chua_gui.len();
    v.da_gui = v.dung_han + v.so_tre;
    v.ty_le_da_gui = nd30::percent(v.da_gui as f64, v.phai_nop as f64);
    v
}

/// The workspace-wide sum of every indicator at least one agency reported.
fn indicators(
    ws: &Campaign,
    plan: &Plan,
    report: &str,
    values: &BTreeMap<String, Values>,
) -> Vec<IndicatorView> {
    let silent = without_figures(ws, plan, report, values);
    sums::totals(ws, plan, report, values)
        .into_iter()
        .filter(|t| t.toan_bo.bao_cao > 0)
        // `bang: false`: in no table of figures, the agencies' nor this one.
        .filter(|t| plan.catalogue.get(&t.ma).is_none_or(|i| i.bang))
        .map(|t| IndicatorView {
            ten: t.ten,
            don_vi: t.don_vi,
            so: t.toan_bo.so,
            ty_le: t.toan_bo.ty_le,
            bao_cao: t.toan_bo.bao_cao,
            theo_khoi: t
                .khoi
                .iter()
                .map(|(_, s)| match (&s.ty_le, s.bao_cao) {
                    (_, 0) => String::new(),
                    (Some(r), _) => format!("{} ({r})", s.so),
                    (None, _) => s.so.clone(),
                })
                .collect(),
            // Agencies with no figures at all are named once, not under every indicator.
            khong_bao_cao: t
                .toan_bo
                .khong_bao_cao
                .into_iter()
                .filter(|n| !silent.contains(n))
                .collect(),
        })
        .collect()
}

/// One group's items from every agency's report.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub ten: String,
    /// "Mô hình … (Sở Tư pháp tỉnh Tây Ninh)".
    pub muc: Vec<String>,
}

/// For each group marked `liet_ke`, the items the agencies' `report` gives under it, in
/// agency order, each with its agency's name.
fn listed(ws: &Campaign, plan: &Plan, report: &str) -> Vec<Listed> {
    let groups: Vec<&crate::campaign::plan::Group> =
        plan.catalogue.groups.iter().filter(|g| g.liet_ke).collect();
    if groups.is_empty() {
        return vec![];
    }
    let mut out: Vec<Listed> = groups
        .iter()
        .map(|g| Listed {
            ten: g.ten.clone(),
            muc: vec![],
        })
        .collect();
    for a in sums::owing(ws, plan, report) {
        let (sums::Sent::Yes(sent), _) = sums::sent(ws, a, report) else {
            continue;
        };
        let data = &sent.data;
        for (g, l) in groups.iter().zip(out.iter_mut()) {
            for item in data.ket_qua.get(&g.ma).into_iter().flatten() {
                let item = item.trim().trim_end_matches(['.', ';']);
                l.muc.push(format!("{item} ({})", a.info.ten_day_du));
            }
        }
    }
    out.retain(|l| !l.muc.is_empty());
    out
}

/// The reporting agencies that gave no figure at all (no report, or none in it).
fn without_figures(
    ws: &Campaign,
    plan: &Plan,
    report: &str,
    values: &BTreeMap<String, Values>,
) -> Vec<String> {
    sums::owing(ws, plan, report)
        .into_iter()
        .filter(|a| values.get(&a.id).is_none_or(|v| v.is_empty()))
        .map(|a| a.info.ten_day_du.clone())
        .collect()
}

/// The plan's block ids that have at least one agency's result, in the plan's order.
fn blocks_with_results<'a>(plan: &'a Plan, rows: &[ClassRow]) -> Vec<&'a str> {
    plan.block_ids()
        .into_iter()
        .filter(|b| rows.iter().any(|r| r.khoi == *b))
        .collect()
}

/// A block's name, or its id when the plan has no such block.
fn block_name(plan: &Plan, k: &str) -> String {
    plan.block(k)
        .map(|b| b.ten)
        .unwrap_or_else(|| k.to_string())
}

/// The classes present in `set`, with their counts and shares.
fn class_counts(plan: &Plan, set: &[&ClassRow]) -> Vec<ClassCount> {
    sums::class_counts(plan, set)
        .into_iter()
        .filter(|c| c.1 > 0)
        .map(|(ten, so, ty_le)| ClassCount { ten, so, ty_le })
        .collect()
}

/// Classes per block, then "Tổng cộng" over every agency (none without results).
fn classes(plan: &Plan, blocks: &[&str], rows: &[ClassRow]) -> Vec<BlockClasses> {
    let mut xep_loai: Vec<BlockClasses> = blocks
        .iter()
        .map(|b| {
            let set: Vec<&ClassRow> = rows.iter().filter(|r| r.khoi == *b).collect();
            BlockClasses {
                khoi: block_name(plan, b),
                tong: set.len(),
                dem: class_counts(plan, &set),
            }
        })
        .collect();
    if !rows.is_empty() {
        let all: Vec<&ClassRow> = rows.iter().collect();
        xep_loai.push(BlockClasses {
            khoi: "Tổng cộng".into(),
            tong: all.len(),
            dem: class_counts(plan, &all),
        });
    }
    xep_loai
}

/// Every agency's scores and class, by block (the annex).
fn results(plan: &Plan, blocks: &[&str], rows: &[ClassRow]) -> Vec<BlockResults> {
    blocks
        .iter()
        .map(|b| BlockResults {
            khoi: block_name(plan, b),
            dong: rows
                .iter()
                .filter(|r| r.khoi == *b)
                .enumerate()
                .map(|(i, r)| AgencyResult {
                    stt: i + 1,
                    ten: r.ten.clone(),
                    tu_cham: ClassRow::shown(r.tu_cham),
                    tham_dinh: ClassRow::shown(r.tham_dinh),
                    chenh_lech: r
                        .chenh_lech
                        .map(|d| {
                            if d > 0 {
                                format!("+{d}")
                            } else {
                                d.to_string()
                            }
                        })
                        .unwrap_or_default(),
                    // The annex says why an agency has no class.
                    xep_loai: match &r.ly_do {
                        Some(why) => format!("{} ({why})", r.xep_loai),
                        None => r.xep_loai.clone(),
                    },
                })
                .collect(),
        })
        .collect()
}

/// Agencies without a class, each with the reason: "Thuế tỉnh Tây Ninh (chưa gửi hồ sơ
/// chấm điểm)".
fn not_classified(rows: &[ClassRow]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.xep_loai == sums::NOT_CLASSIFIED)
        .map(|r| match &r.ly_do {
            Some(why) => format!("{} ({why})", r.ten),
            None => r.ten.clone(),
        })
        .collect()
}

/// The plan's targets, with the result and đạt / không đạt of those the data measures.
fn targets(
    plan: &Plan,
    table: &Table,
    han: &[DeadlineView],
    rows: &[ClassRow],
    totals: &[sums::IndicatorTotal],
) -> Vec<TargetView> {
    plan.targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let measured = plan
                .measures
                .iter()
                .find(|m| m.chi_tieu.value == i + 1)
                .and_then(|m| match &m.chi_so {
                    Some(id) => by_indicator(m, plan, id, totals),
                    None => measure(m, table, han, rows),
                });
            TargetView {
                noi_dung: t.clone(),
                ket_qua: measured.as_ref().map(|m| m.0.clone()),
                dat: measured.map(|m| m.1),
            }
        })
        .collect()
}

/// A measurable target's result as printed and whether it is reached; `None` when the data
/// cannot measure it.
fn measure(
    m: &TargetDecl,
    table: &Table,
    han: &[DeadlineView],
    rows: &[ClassRow],
) -> Option<(String, bool)> {
    let share = share(m, table, han, rows)?;
    let pct = nd30::percent(share.0, share.1)?;
    let value = share.0 * 100.0 / share.1;
    let ok = if m.vuot {
        value > m.toi_thieu
    } else {
        value >= m.toi_thieu
    };
    Some((pct, ok))
}

/// A target measured by an indicator: a part's rate from the sums (Σpart/Σwhole over the
/// agencies that reported both) against a share, or a whole's sum against a number.
fn by_indicator(
    m: &TargetDecl,
    plan: &Plan,
    id: &str,
    totals: &[sums::IndicatorTotal],
) -> Option<(String, bool)> {
    let ind = plan.catalogue.get(id)?;
    let t = totals.iter().find(|t| t.ma == id)?;
    if t.toan_bo.bao_cao == 0 {
        return None;
    }
    let reached = |v: f64| {
        if m.vuot {
            v > m.toi_thieu
        } else {
            v >= m.toi_thieu
        }
    };
    match ind.thuoc.as_deref() {
        // The same rate as the report's table: over the agencies that gave both figures.
        Some(_) => {
            let (part, of) = t.toan_bo.phan_tren_tong?;
            let pct = nd30::percent(part as f64, of as f64)?;
            let text = format!(
                "{pct} ({}/{} {})",
                nd30::integer(part),
                nd30::integer(of),
                ind.don_vi
            );
            Some((text, reached(part as f64 * 100.0 / of as f64)))
        }
        None => Some((
            format!("{} {}", t.toan_bo.so, ind.don_vi),
            reached(t.toan_bo.tong as f64),
        )),
    }
}

/// What a target measures, as (part, whole): agencies that sent its document / agencies
/// that owed it, or agencies rated its class / every agency in the classification.
fn share(
    m: &TargetDecl,
    table: &Table,
    han: &[DeadlineView],
    rows: &[ClassRow],
) -> Option<(f64, f64)> {
    match (&m.van_ban, &m.xep_loai) {
        (Some(doc), _) => {
            let d = han
                .iter()
                .zip(&table.deadlines)
                .find(|(_, d)| d.key == crate::campaign::plan::key(doc))?
                .0;
            Some(((d.dung_han + d.tre_han.len()) as f64, d.phai_nop as f64))
        }
        (None, Some(class)) if !rows.is_empty() => Some((
            rows.iter().filter(|r| &r.xep_loai == class).count() as f64,
            rows.len() as f64,
        )),
        _ => None,
    }
}
