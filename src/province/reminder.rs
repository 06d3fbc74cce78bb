//! The công văn đôn đốc: a reminder from the reporting body to the agencies that have not
//! sent a document (or had it returned and not sent again), written from the status table
//! as the YAML of an ordinary công văn in the reporting body's folder. The clerk can still
//! edit it before it is built, numbered and signed.

use chrono::NaiveDate;

use crate::campaign::plan::{self, Plan};
use crate::campaign::{Agency, Campaign};
use crate::ground::nd30;
use crate::province::tracking::{self, Status};

/// A reminder ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    /// The reporting body's folder.
    pub agency: String,
    /// The document's name: "cong-van-don-doc-bao-cao-nam".
    pub document: String,
    /// The agencies reminded, in the table's order.
    pub agencies: Vec<String>,
    pub yaml: String,
}

/// Why there is no reminder to write.
#[derive(Debug, Clone, PartialEq)]
pub enum NoReminder {
    /// The plan has no such deadline.
    UnknownDeadline(Vec<String>),
    /// Every agency that owes it has sent it.
    NobodyMissing,
    /// No agency could be taken as the reporting body.
    NoReportingBody,
}

/// The reporting body: the agency named `body`, else the one whose full name begins with
/// the plan's first "gửi báo cáo" recipient ("Sở Nội vụ").
pub fn reporting_body<'a>(ws: &'a Campaign, plan: &Plan, body: Option<&str>) -> Option<&'a Agency> {
    match body {
        Some(id) => ws.agencies.iter().find(|a| a.id == id),
        None => {
            let to = plan.gui_bao_cao.as_ref()?.first()?.trim().to_lowercase();
            ws.agencies
                .iter()
                .find(|a| !to.is_empty() && a.info.ten_day_du.to_lowercase().starts_with(&to))
        }
    }
}

/// The reminder for `document` ("bao-cao-nam"), dated `today`.
pub fn draft(
    ws: &Campaign,
    plan: &Plan,
    document: &str,
    body: Option<&str>,
    today: NaiveDate,
) -> Result<Reminder, NoReminder> {
    let key = plan::key(document);
    let (table, _) = tracking::table(ws, plan, ws.consolidation.tinh_ca_ngay_han);
    let Some(i) = table.deadlines.iter().position(|d| d.key == key) else {
        return Err(NoReminder::UnknownDeadline(
            table
                .deadlines
                .iter()
                .map(|d| d.key.replace('_', "-"))
                .collect(),
        ));
    };
    let deadline = &table.deadlines[i];
    let body = reporting_body(ws, plan, body).ok_or(NoReminder::NoReportingBody)?;
    let mut names = Vec::new();
    let mut returned = Vec::new();
    for r in &table.rows {
        match r.status[i] {
            Status::Missing { .. } => names.push(r.ten.clone()),
            Status::Returned => {
                names.push(r.ten.clone());
                returned.push(r.ten.clone());
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(NoReminder::NobodyMissing);
    }
    let label = deadline.ten.clone();
    let lower = lower_first(&label);
    let cited = plan
        .reference
        .as_ref()
        .map(|r| format!("Thực hiện {}, c", r.citation()))
        .unwrap_or_else(|| "C".to_string());
    // One agency is named; several are "các cơ quan, đơn vị có tên trên" (Kính gửi lists them).
    let who = match names.as_slice() {
        [one] => one.clone(),
        _ => "các cơ quan, đơn vị có tên trên".to_string(),
    };
    let mut first = format!(
        "{cited}ác cơ quan, đơn vị gửi {lower} về {} trước ngày {}. Đến ngày {}, {who} chưa gửi",
        body.info.ten_day_du,
        nd30::short_date(deadline.ngay),
        nd30::short_date(today),
    );
    if !returned.is_empty() {
        first.push_str(&format!(
            " (trong đó {} đã bị trả lại, chưa gửi lại)",
            returned.join(", ")
        ));
    }
    first.push('.');
    let second = format!(
        "{} đề nghị {} khẩn trương hoàn thành, gửi {lower} để tổng hợp theo quy định.",
        body.info.ten_day_du,
        if names.len() == 1 {
            names[0].as_str()
        } else {
            "các cơ quan, đơn vị"
        }
    );
    let q = crate::load::yaml::quoted;
    let mut yaml = format!(
        "# Công văn đôn đốc vanban soạn từ tình hình gửi ngày {}: sửa nếu cần, rồi tạo văn bản.\nloai: cong-van\nngay: {}\ntrich_yeu: {}\nkinh_gui:\n",
        nd30::short_date(today),
        today.format("%Y-%m-%d"),
        q(&format!("đôn đốc gửi {lower}")),
    );
    for n in &names {
        yaml.push_str(&format!("  - {}\n", q(n)));
    }
    yaml.push_str(&format!("mo_dau:\n  - {}\n  - {}\n", q(&first), q(&second)));
    Ok(Reminder {
        agency: body.id.clone(),
        document: format!("cong-van-don-doc-{}", key.replace('_', "-")),
        agencies: names,
        yaml,
    })
}

/// "Báo cáo năm 2025" → "báo cáo năm 2025" (a label inside a sentence).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
