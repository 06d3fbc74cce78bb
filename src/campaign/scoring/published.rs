//! The score sheet as the regulation that issues it prints it: every criterion with its
//! maximum and how it is scored, the bonus and penalty items, the bands and what blocks
//! them. Read from the same `bang-diem.yaml` the dossiers are scored against.

use serde::Serialize;

use super::{NotArising, Pts, ScoreSheet};

/// One row of the criteria table.
#[derive(Debug, Serialize)]
pub struct SheetRow {
    /// A group row (spans the table).
    pub nhom: bool,
    /// An intermediate criterion (bold, its points the sum of its leaves).
    pub dam: bool,
    pub so: String,
    pub ten: String,
    pub toi_da: String,
    pub cach_cham: String,
}

/// A bonus or penalty section.
#[derive(Debug, Serialize)]
pub struct AdjustView {
    /// The cap, "5"; empty without one.
    pub toi_da: String,
    /// (item, points) in the sheet's order.
    pub muc: Vec<(String, String)>,
}

/// One band as a sentence: "Tốt: từ 90 điểm trở lên; không nhóm tiêu chí nào 0 điểm; …".
#[derive(Debug, Serialize)]
pub struct BandView {
    pub ten: String,
    pub dieu_kien: String,
}

/// What a template reads as `bang_diem`.
#[derive(Debug, Serialize)]
pub struct Published {
    pub ten: String,
    pub thang_diem: String,
    pub dong: Vec<SheetRow>,
    pub diem_thuong: Option<AdjustView>,
    pub diem_tru: Option<AdjustView>,
    pub xep_loai: Vec<BandView>,
}

/// The sheet as published; `block_name` names a block id ("so-ban-nganh" → "Sở, ban, ngành").
pub fn published(sheet: &ScoreSheet, block_name: &dyn Fn(&str) -> String) -> Published {
    let leaves_under = |i: usize| -> Pts {
        sheet
            .criteria
            .iter()
            .enumerate()
            .filter(|(j, c)| (*j == i || sheet.under(*j, i)) && c.khoi.is_empty())
            .filter_map(|(_, c)| c.max)
            .sum()
    };
    let dong = sheet
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| SheetRow {
            nhom: c.depth == 0,
            dam: c.depth > 0 && c.max.is_none(),
            so: c.so.clone(),
            ten: c.ten.clone(),
            toi_da: match c.max {
                Some(m) => m.to_string(),
                None => leaves_under(i).to_string(),
            },
            cach_cham: how(c, block_name),
        })
        .collect();
    let adjust = |a: &super::Adjust| {
        (!a.items.is_empty()).then(|| AdjustView {
            toi_da: a.cap.map(|p| p.to_string()).unwrap_or_default(),
            muc: a
                .items
                .iter()
                .map(|(_, ten, p)| (ten.clone(), p.to_string()))
                .collect(),
        })
    };
    Published {
        ten: sheet.ten.clone(),
        thang_diem: sheet
            .criteria
            .iter()
            .filter(|c| c.khoi.is_empty())
            .filter_map(|c| c.max)
            .sum::<Pts>()
            .to_string(),
        dong,
        diem_thuong: adjust(&sheet.bonus),
        diem_tru: adjust(&sheet.penalty),
        xep_loai: bands(sheet),
    }
}

/// How a criterion is scored: the sheet's own words, then what it says for the blocks it
/// is limited to and for a criterion that does not arise.
fn how(c: &super::Criterion, block_name: &dyn Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = c.cach_cham.iter().cloned().collect();
    if !c.khoi.is_empty() {
        let names: Vec<String> = c.khoi.iter().map(|k| block_name(k)).collect();
        parts.push(format!("Chỉ áp dụng đối với: {}", names.join("; ")));
    }
    match c.not_arising {
        Some(NotArising::Max) => parts.push("Không phát sinh: được điểm tối đa".into()),
        Some(NotArising::Drop) => {
            parts.push("Không phát sinh: không chấm, quy đổi điểm các tiêu chí còn lại".into())
        }
        None => {}
    }
    parts.join(". ")
}

/// "Vi phạm …" inside a sentence: "vi phạm …".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Each band with its lower bound, the next band's as its upper, and its blocking rules.
fn bands(sheet: &ScoreSheet) -> Vec<BandView> {
    let penalty_name = |id: &str| {
        sheet
            .penalty
            .items
            .iter()
            .find(|(m, _, _)| m == id)
            .map_or(id.to_string(), |(_, ten, _)| ten.clone())
    };
    sheet
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let upper = i.checked_sub(1).map(|j| sheet.bands[j].from);
            let mut cond = match (b.from == Pts::ZERO, upper) {
                (true, Some(u)) => format!("dưới {u} điểm"),
                (true, None) => "mọi mức điểm".to_string(),
                (false, Some(u)) => format!("từ {} điểm đến dưới {u} điểm", b.from),
                (false, None) => format!("từ {} điểm trở lên", b.from),
            };
            if b.no_zero_group {
                cond.push_str(", không có nhóm tiêu chí nào 0 điểm");
            }
            for p in &b.no_penalty {
                cond.push_str(&format!(
                    ", không bị trừ điểm vì {}",
                    lower_first(&penalty_name(p))
                ));
            }
            BandView {
                ten: b.ten.clone(),
                dieu_kien: cond,
            }
        })
        .collect()
}
