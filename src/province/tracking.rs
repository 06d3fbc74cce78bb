//! Submission tracking for the reporting body (Sở Nội vụ): for each deadline of the parent
//! plan and each agency, whether its document was sent on time, late by how many days, not
//! sent, returned and not sent again, or not due (outside the agency's lifespan, or the agency
//! issued the parent plan). What counts as sent, and when, is `submitted`'s: the first
//! sending decides; whether "trước ngày X" admits X itself is the workspace's setting.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::campaign::agency::Agency;
use crate::campaign::plan::{self, Plan};
use crate::campaign::Campaign;
use crate::ground::diag::Diagnostic;
use crate::province::submitted::{self, Sent, Submitted};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    OnTime,
    /// Days after the last day that was on time.
    Late(i64),
    /// No file, or a file that records no sending date.
    Missing {
        drafted: bool,
    },
    /// Sent, returned by the reporting body and not sent again: not counted as sent.
    Returned,
    /// Due outside the agency's lifespan.
    NotDue,
}

impl Status {
    /// As printed: "đúng hạn", "trễ 3 ngày", "chưa gửi", "không phải nộp".
    pub fn label(&self) -> String {
        match self {
            Status::OnTime => "đúng hạn".into(),
            Status::Late(d) => format!("trễ {d} ngày"),
            Status::Missing { .. } => "chưa gửi".into(),
            Status::Returned => "bị trả lại, chưa gửi lại".into(),
            Status::NotDue => "không phải nộp".into(),
        }
    }
}

/// Whether a document sent on `sent` meets `due`. With `inclusive`, "trước ngày X" admits X.
pub fn judge(sent: NaiveDate, due: NaiveDate, inclusive: bool) -> Status {
    let last_ok = if inclusive {
        due
    } else {
        due - chrono::Duration::days(1)
    };
    let late = (sent - last_ok).num_days();
    if late <= 0 {
        Status::OnTime
    } else {
        Status::Late(late)
    }
}

/// One deadline: the document key, its label and date.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub key: String,
    pub ten: String,
    pub ngay: NaiveDate,
}

impl Deadline {
    /// "Kế hoạch (hạn 28/3/2025)": the column heading in the CSV and the workbook.
    pub fn heading(&self) -> String {
        format!(
            "{} (hạn {})",
            self.ten,
            crate::ground::nd30::short_date(self.ngay)
        )
    }
}

/// One agency's row.
#[derive(Debug, Clone)]
pub struct AgencyRow {
    pub id: String,
    pub ten: String,
    pub khoi: String,
    /// Status per deadline, in the order of `Table::deadlines`.
    pub status: Vec<Status>,
    /// Sending date per deadline, when sent.
    pub ngay_gui: Vec<Option<NaiveDate>>,
    /// The last re-sending date per deadline, when sent again after a change.
    pub gui_lai: Vec<Option<NaiveDate>>,
    /// The last time the reporting body returned the document, per deadline.
    pub tra_lai: Vec<Option<NaiveDate>>,
    /// The agency's file differs from what it last sent (unsent changes), per deadline.
    pub thay_doi: Vec<bool>,
}

/// Counts of one block for one deadline.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    pub dung_han: usize,
    pub tre_han: usize,
    pub chua_gui: usize,
    pub khong_phai_nop: usize,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub deadlines: Vec<Deadline>,
    /// Agencies sorted by block, then id.
    pub rows: Vec<AgencyRow>,
    /// Per block (and "" for the whole workspace last): counts per deadline.
    pub totals: Vec<(String, Vec<Counts>)>,
}

/// The status table of a loaded, validated workspace; problems reading sending dates are
/// returned with it.
pub fn table(ws: &Campaign, plan: &Plan, inclusive: bool) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let deadlines = deadlines(plan);
    let rows: Vec<AgencyRow> = ws
        .agencies
        .iter()
        .map(|a| agency_row(ws, a, plan, &deadlines, inclusive, &mut diags))
        .collect();
    (from_rows(plan, rows), diags)
}

/// The table from every agency's row (as `agency_status` gives them, in any order).
pub fn from_rows(plan: &Plan, mut rows: Vec<AgencyRow>) -> Table {
    let deadlines = deadlines(plan);
    let order = |k: &str| {
        plan.block_ids()
            .iter()
            .position(|b| *b == k)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| (order(&a.khoi), &a.id).cmp(&(order(&b.khoi), &b.id)));
    let totals = totals(&rows, deadlines.len(), order);
    Table {
        deadlines,
        rows,
        totals,
    }
}

/// One agency's row (the status table without reading every other agency's files).
pub fn agency_status(
    ws: &Campaign,
    a: &Agency,
    plan: &Plan,
    inclusive: bool,
) -> (Vec<Deadline>, AgencyRow) {
    let deadlines = deadlines(plan);
    let row = agency_row(ws, a, plan, &deadlines, inclusive, &mut Vec::new());
    (deadlines, row)
}

/// The plan's deadlines, earliest first (then by key, so equal dates keep one order).
fn deadlines(plan: &Plan) -> Vec<Deadline> {
    let mut deadlines: Vec<Deadline> = plan
        .han
        .iter()
        .map(|(k, d)| Deadline {
            key: k.clone(),
            ten: plan.deadline_label(k),
            ngay: *d,
        })
        .collect();
    deadlines.sort_by(|a, b| (a.ngay, &a.key).cmp(&(b.ngay, &b.key)));
    deadlines
}

/// One agency's status and sending date for every deadline.
fn agency_row(
    ws: &Campaign,
    a: &Agency,
    plan: &Plan,
    deadlines: &[Deadline],
    inclusive: bool,
    diags: &mut Vec<Diagnostic>,
) -> AgencyRow {
    let khoi = a
        .info
        .khoi
        .as_ref()
        .map(|k| k.value.clone())
        .unwrap_or_default();
    // The body that issued the parent plan reports to no one under it.
    let issuer = plan
        .reference
        .as_ref()
        .is_some_and(|r| r.issued_by(&a.id, &a.info.ten_day_du));
    let root = ws.root.as_path();
    let resend_days = ws.consolidation.han_gui_lai;
    let mut row = AgencyRow {
        id: a.id.clone(),
        ten: a.info.ten_day_du.clone(),
        khoi,
        status: vec![],
        ngay_gui: vec![],
        gui_lai: vec![],
        tra_lai: vec![],
        thay_doi: vec![],
    };
    for d in deadlines {
        let src = a.documents.iter().find(|s| plan::key(&s.name) == d.key);
        let name = src.map_or_else(|| d.key.replace('_', "-"), |s| s.name.clone());
        let (sent, ds) = submitted::of(root, a, &name, src);
        diags.extend(ds);
        row.ngay_gui.push(sent.first());
        let (again, back, changed) = match &sent {
            Sent::Yes(s) => (s.again, s.returns.last().map(|r| r.ngay), s.changed_since),
            Sent::Returned { back, editing, .. } => (None, Some(back.ngay), *editing),
            Sent::No { .. } => (None, None, false),
        };
        row.gui_lai.push(again);
        row.tra_lai.push(back);
        row.thay_doi.push(changed);
        row.status.push(if issuer || !a.lifespan.expects(d.ngay) {
            Status::NotDue
        } else {
            match &sent {
                Sent::Yes(s) => judge_sent(s, d.ngay, inclusive, resend_days),
                Sent::Returned { .. } => Status::Returned,
                Sent::No { drafted } => Status::Missing { drafted: *drafted },
            }
        });
    }
    row
}

/// On time or late by the first sending; with `resend_days` (the workspace's
/// `tong_hop.han_gui_lai`), a resend after a return is also late past that many days after
/// the return.
fn judge_sent(s: &Submitted, due: NaiveDate, inclusive: bool, resend_days: Option<u32>) -> Status {
    let first = judge(s.first, due, inclusive);
    let (Some(days), Some(back), Some(again)) = (resend_days, s.returns.last(), s.again) else {
        return first;
    };
    match (
        first,
        judge(again, back.ngay + chrono::Duration::days(days.into()), true),
    ) {
        (Status::Late(a), Status::Late(b)) => Status::Late(a.max(b)),
        (_, Status::Late(b)) => Status::Late(b),
        (f, _) => f,
    }
}

/// Counts per block in block `order` (then by block id), and for the whole workspace last.
fn totals(
    rows: &[AgencyRow],
    n: usize,
    order: impl Fn(&str) -> usize,
) -> Vec<(String, Vec<Counts>)> {
    let mut by_block: BTreeMap<(usize, String), Vec<Counts>> = BTreeMap::new();
    let mut all = vec![Counts::default(); n];
    for r in rows {
        let counts = by_block
            .entry((order(&r.khoi), r.khoi.clone()))
            .or_insert_with(|| vec![Counts::default(); n]);
        for (i, s) in r.status.iter().enumerate() {
            for c in [&mut counts[i], &mut all[i]] {
                match s {
                    Status::OnTime => c.dung_han += 1,
                    Status::Late(_) => c.tre_han += 1,
                    Status::Missing { .. } | Status::Returned => c.chua_gui += 1,
                    Status::NotDue => c.khong_phai_nop += 1,
                }
            }
        }
    }
    let mut totals: Vec<(String, Vec<Counts>)> =
        by_block.into_iter().map(|((_, k), v)| (k, v)).collect();
    totals.push((String::new(), all));
    totals
}

/// The table as CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese right):
/// one row per agency, two columns per deadline (status, sending date).
pub fn csv(t: &Table) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("\u{FEFF}");
    let mut head = vec!["Mã cơ quan".to_string(), "Cơ quan".into(), "Khối".into()];
    for d in &t.deadlines {
        head.push(d.heading());
        head.push(format!("Ngày gửi {}", d.ten.to_lowercase()));
    }
    out.push_str(&head.iter().map(|h| field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in &t.rows {
        let mut cells = vec![r.id.clone(), r.ten.clone(), r.khoi.clone()];
        for (s, d) in r.status.iter().zip(&r.ngay_gui) {
            cells.push(s.label());
            cells.push(d.map(crate::ground::nd30::short_date).unwrap_or_default());
        }
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_arithmetic_with_and_without_the_day_itself() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert_eq!(judge(d(3, 27), d(3, 28), true), Status::OnTime);
        assert_eq!(judge(d(3, 28), d(3, 28), true), Status::OnTime);
        assert_eq!(judge(d(3, 31), d(3, 28), true), Status::Late(3));
        // "Trước ngày 28/3" not admitting 28/3: sent that day is one day late.
        assert_eq!(judge(d(3, 28), d(3, 28), false), Status::Late(1));
        assert_eq!(judge(d(3, 27), d(3, 28), false), Status::OnTime);
        assert_eq!(judge(d(4, 2), d(3, 28), false), Status::Late(6));
        assert_eq!(Status::Late(6).label(), "trễ 6 ngày");
    }
}
