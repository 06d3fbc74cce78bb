//! An agency's page: its documents with their deadlines and states.

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::target::*;
use super::*;
use crate::campaign::dates;
use crate::campaign::plan;
use crate::load::workspace::DocSource;
use crate::province::tracking::{self, Status};
use crate::serve::words::day;

/// A document's state, as an agency reads it.
pub(super) fn state_text(
    status: Option<Status>,
    sent: Option<chrono::NaiveDate>,
    again: Option<chrono::NaiveDate>,
    exists: bool,
    due: Option<chrono::NaiveDate>,
    inclusive: bool,
) -> (String, &'static str) {
    let again = again
        .map(|d| format!("; gửi lại ngày {}", day(d)))
        .unwrap_or_default();
    match (status, sent) {
        (Some(Status::NotDue), _) => ("không phải nộp".into(), "khong"),
        (Some(Status::Returned), Some(d)) => (
            format!("đã gửi ngày {}; bị trả lại, cần sửa và gửi lại", day(d)),
            "tra-lai",
        ),
        (Some(Status::Late(n)), Some(d)) => (
            format!("đã gửi ngày {}, trễ {n} ngày{again}", day(d)),
            "tre",
        ),
        (_, Some(d)) => (format!("đã gửi ngày {}{again}", day(d)), "da-gui"),
        _ => {
            let over = due
                .map(|due| tracking::judge(dates::today(), due, inclusive))
                .and_then(|s| match s {
                    Status::Late(n) => Some(format!(", quá hạn {n} ngày")),
                    _ => None,
                })
                .unwrap_or_default();
            if exists {
                (format!("đang soạn{over}"), "chua-gui")
            } else {
                (format!("chưa có{over}"), "chua-gui")
            }
        }
    }
}

pub async fn agency(State(s): S, headers: HeaderMap, UrlPath(agency): UrlPath<String>) -> Response {
    let sess = match allowed(&s, &headers, &agency, false) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, "") {
            Ok(t) => t,
            Err(r) => return r,
        };
        let a = t.agency();
        let plan = t.snap.campaign.plan.as_ref();
        let inclusive = t.snap.campaign.consolidation.tinh_ca_ngay_han;
        let row = plan.map(|p| tracking::agency_status(&t.snap.campaign, a, p, inclusive));
        let docs: Vec<serde_json::Value> = document_names(plan, a)
            .into_iter()
            .map(|name| {
                // A file deleted by hand since the workspace was read is not there.
                let src = a
                    .documents
                    .iter()
                    .find(|d| d.name == name)
                    .filter(|d| d.path.exists());
                let key = plan::key(&name);
                let at = row
                    .as_ref()
                    .and_then(|(ds, _)| ds.iter().position(|d| d.key == key));
                let due = at.and_then(|i| row.as_ref().map(|(ds, _)| ds[i].ngay));
                let (status, sent, again, back, changed) = match (at, &row) {
                    (Some(i), Some((_, r))) => (
                        Some(r.status[i]),
                        r.ngay_gui[i],
                        r.gui_lai[i],
                        r.tra_lai[i],
                        r.thay_doi[i],
                    ),
                    _ => {
                        let (sent, again) = src.map(own_sent).unwrap_or_default();
                        (None, sent, again, None, false)
                    }
                };
                let (mut state, key) =
                    state_text(status, sent, again, src.is_some(), due, inclusive);
                if let Some(back) = back {
                    state = format!("{state} (trả lại ngày {})", day(back));
                }
                if changed && sent.is_some() {
                    state.push_str("; có thay đổi chưa gửi");
                }
                json!({
                    "name": name,
                    "label": label(plan, &name),
                    "deadline": due.map(day).unwrap_or_default(),
                    "state": state,
                    "state_key": key,
                    "exists": src.is_some(),
                    "editable": sess.role.writes(&a.id),
                    "url": format!("/co-quan/{}/{}", a.id, name),
                })
            })
            .collect();
        let parent = plan
            .and_then(|p| p.reference.as_ref())
            .map(|r| r.citation());
        html(
            &s2,
            StatusCode::OK,
            "agency.html",
            json!({
                "who": who(&t.snap, &sess.role),
                "agency": a.info.ten_day_du,
                "agency_id": a.id,
                "work": plan.map(|p| p.work().to_string()).unwrap_or_default(),
                "parent": parent,
                "documents": docs,
            }),
        )
    })
    .await
}

/// A document's own sending dates, when it has no deadline in the plan.
pub(super) fn own_sent(src: &DocSource) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let (Some(d), _) = src.load() else {
        return (None, None);
    };
    let p = |x: &Option<serde_saphyr::Spanned<String>>| {
        x.as_ref().and_then(|v| dates::parse_date(&v.value))
    };
    (p(&d.ngay_gui), p(&d.ngay_gui_lai))
}
