//! What templates show of a dossier: the table's rows (groups, intermediate criteria,
//! leaves, subtotals, re-weighting, bonus and penalty, total), the group totals and the
//! evidence list, with every number printed.

use super::claims::{Claims, Item};
use super::tally::{Side, Tally, Totals};
use super::{Criterion, EvidenceRow, GroupTotal, Outcome, Pts, Row, ScoreSheet};

/// The computed result of a dossier whose claims are valid.
pub fn outcome(sheet: &ScoreSheet, block: Option<&str>, claims: &Claims, tally: &Tally) -> Outcome {
    let totals = tally.totals();
    let table = Table {
        sheet,
        block,
        claims,
        tally,
        totals: &totals,
    };
    Outcome {
        bang_diem: sheet.ten.clone(),
        quyet_dinh: sheet.quyet_dinh.clone(),
        loai_van_ban: sheet.loai_van_ban.clone(),
        thang_diem: tally.full.to_string(),
        diem_tieu_chi: totals.criteria.to_string(),
        quy_doi: totals.reweighted,
        diem_thuong: totals.bonus.to_string(),
        diem_tru: totals.penalty.to_string(),
        tong: totals.total.to_string(),
        tong_diem: totals.total,
        xep_loai: totals.class.clone(),
        tham_dinh: totals.appraised.map(|p| p.to_string()),
        tham_dinh_diem: totals.appraised,
        xep_loai_tham_dinh: totals.appraised_class.clone(),
        nhom: table.group_totals(),
        dong: table.rows(),
        tai_lieu: evidence_rows(&claims.evidence),
    }
}

/// The evidence list: each document once, with the criteria and items citing it.
fn evidence_rows(evidence: &[(String, Vec<String>)]) -> Vec<EvidenceRow> {
    evidence
        .iter()
        .enumerate()
        .map(|(i, (ten, crit))| EvidenceRow {
            stt: i + 1,
            ten: ten.clone(),
            tieu_chi: crit.join(", "),
        })
        .collect()
}

/// One dossier's table being laid out.
struct Table<'a> {
    sheet: &'a ScoreSheet,
    block: Option<&'a str>,
    claims: &'a Claims,
    tally: &'a Tally<'a>,
    totals: &'a Totals,
}

impl Table<'_> {
    /// An appraised number, left blank until appraised.
    fn appraised(&self, p: Pts) -> String {
        if self.totals.appraised.is_some() {
            p.to_string()
        } else {
            String::new()
        }
    }

    /// The groups of the agency's block with their sums.
    fn group_totals(&self) -> Vec<GroupTotal> {
        self.tally
            .groups()
            .filter(|(gi, _)| self.tally.block_has(*gi))
            .map(|(gi, g)| {
                let (m, s) = self.tally.group_sum(gi, Side::Own);
                GroupTotal {
                    so: g.so.clone(),
                    ten: g.ten.clone(),
                    toi_da: m.to_string(),
                    tu_cham: s.to_string(),
                    tham_dinh: self
                        .totals
                        .appraised
                        .map(|_| self.tally.group_sum(gi, Side::Final).1.to_string()),
                }
            })
            .collect()
    }

    /// Every row: each group of the agency's block with its criteria and subtotal, then the
    /// re-weighting, bonus, penalty and total.
    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for (gi, g) in self.tally.groups() {
            if self.tally.block_has(gi) {
                self.group_rows(gi, g, &mut rows);
            }
        }
        if self.totals.reweighted {
            rows.push(self.reweight_row());
        }
        let (claims, sheet) = (self.claims, self.sheet);
        let bonus = ("Điểm thưởng", &claims.bonus, sheet.bonus.cap, "");
        let penalty = ("Điểm trừ", &claims.penalty, sheet.penalty.cap, "-");
        for (label, items, cap, sign) in [bonus, penalty] {
            self.adjust_rows(label, items, cap, sign, &mut rows);
        }
        rows.push(self.total_row());
        rows
    }

    /// A group's heading, its criteria in sheet order, its subtotal.
    fn group_rows(&self, gi: usize, g: &Criterion, rows: &mut Vec<Row>) {
        rows.push(Row {
            nhom: true,
            so: g.so.clone(),
            ten: g.ten.clone(),
            ..Row::default()
        });
        let criteria = self.sheet.criteria.iter().enumerate();
        for (ci, c) in criteria.filter(|(_, c)| c.group == gi && c.depth > 0) {
            match c.max {
                None => rows.extend(self.intermediate_row(ci, c)),
                Some(max) if c.applies_to(self.block) => rows.push(self.leaf_row(c, max)),
                Some(_) => {}
            }
        }
        let (gmax, gself) = self.tally.group_sum(gi, Side::Own);
        let (_, gapp) = self.tally.group_sum(gi, Side::Final);
        rows.push(Row {
            dam: true,
            cuoi_nhom: true,
            ten: format!("Cộng nhóm {}", g.so),
            toi_da: gmax.to_string(),
            tu_cham: gself.to_string(),
            tham_dinh: self.appraised(gapp),
            ..Row::default()
        });
    }

    /// An intermediate criterion: the sums of the counted leaves under it; none when no leaf
    /// under it is of the agency's block.
    fn intermediate_row(&self, ci: usize, c: &Criterion) -> Option<Row> {
        let sheet = self.sheet;
        let any = sheet
            .criteria
            .iter()
            .enumerate()
            .any(|(li, l)| l.max.is_some() && l.applies_to(self.block) && sheet.under(li, ci));
        if !any {
            return None;
        }
        let under: Vec<&Criterion> = self
            .tally
            .counted
            .iter()
            .copied()
            .filter(|l| {
                sheet
                    .criteria
                    .iter()
                    .position(|x| x.id == l.id)
                    .is_some_and(|li| sheet.under(li, ci))
            })
            .collect();
        let sum = |side| {
            under
                .iter()
                .map(|l| self.tally.points(l, side))
                .sum::<Pts>()
        };
        Some(Row {
            dam: true,
            so: c.so.clone(),
            ten: c.ten.clone(),
            toi_da: under.iter().filter_map(|l| l.max).sum::<Pts>().to_string(),
            tu_cham: sum(Side::Own).to_string(),
            tham_dinh: self.appraised(sum(Side::Final)),
            ..Row::default()
        })
    }

    /// A leaf: its maximum, its points or "Không phát sinh", its evidence and explanation.
    fn leaf_row(&self, c: &Criterion, max: Pts) -> Row {
        let leaf = &self.claims.leaves[&c.id];
        Row {
            so: c.so.clone(),
            ten: c.ten.clone(),
            toi_da: max.to_string(),
            tu_cham: if leaf.dropped {
                "Không phát sinh".into()
            } else {
                leaf.points.to_string()
            },
            tham_dinh: if leaf.dropped {
                String::new()
            } else {
                self.appraised(self.tally.points(c, Side::Final))
            },
            kiem_chung: leaf.evidence.join("; "),
            giai_trinh: leaf.explanation.clone(),
            ..Row::default()
        }
    }

    /// The criteria's points brought to the sheet's scale.
    fn reweight_row(&self) -> Row {
        let full = self.tally.full;
        Row {
            dam: true,
            ten: format!("Điểm theo tiêu chí quy đổi về thang {full} điểm"),
            toi_da: full.to_string(),
            tu_cham: self.totals.criteria.to_string(),
            tham_dinh: self.appraised(self.totals.criteria_appraised),
            ..Row::default()
        }
    }

    /// Bonus or penalty items (`sign` "-" for a penalty), and the capped sum when the cap bit.
    fn adjust_rows(
        &self,
        label: &str,
        items: &[Item],
        cap: Option<Pts>,
        sign: &str,
        rows: &mut Vec<Row>,
    ) {
        if items.is_empty() {
            return;
        }
        for i in items {
            // "2 lần × 0,5": the count a penalty's points come from.
            let times = i
                .times
                .map(|(n, each)| format!(" ({n} lần × {each})"))
                .unwrap_or_default();
            rows.push(Row {
                ten: format!("{label}: {}{times}", i.ten),
                tu_cham: format!("{sign}{}", i.points),
                tham_dinh: if self.totals.appraised.is_some() {
                    format!("{sign}{}", i.points)
                } else {
                    String::new()
                },
                kiem_chung: i.evidence.join("; "),
                giai_trinh: i.explanation.clone(),
                ..Row::default()
            });
        }
        let sum: Pts = items.iter().map(|i| i.points).sum();
        if let Some(c) = cap.filter(|c| sum > *c) {
            rows.push(Row {
                ten: format!("{label} được tính (tối đa {c} điểm)"),
                tu_cham: format!("{sign}{c}"),
                ..Row::default()
            });
        }
    }

    fn total_row(&self) -> Row {
        let t = self.totals;
        Row {
            ten: "Tổng cộng".into(),
            toi_da: self.tally.full.to_string(),
            tu_cham: t.total.to_string(),
            tham_dinh: t.appraised.map(|p| p.to_string()).unwrap_or_default(),
            giai_trinh: match (&t.class, &t.appraised_class) {
                (Some(c), Some(a)) => format!("Tự đánh giá: {c}; thẩm định: {a}"),
                (Some(c), None) => format!("Đề nghị xếp loại: {c}"),
                _ => String::new(),
            },
            ..Row::default()
        }
    }
}
