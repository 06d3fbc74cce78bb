//! The reporting body's desk: submissions per deadline (filtered, sorted, counted by block),
//! the summed figures, charts, the workbook and the consolidated documents. The same
//! numbers as `vanban status`, read from the same files.

use std::collections::BTreeMap;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::target::not_found_page;
use super::*;
use crate::campaign::plan::Plan;
use crate::campaign::Campaign;
use crate::province::sums;
use crate::province::tracking::{self, Status, Table};
use crate::serve::charts;
use crate::serve::words::day;

/// The session, if it is one of the reporting body's.
fn desk_session(s: &Server, headers: &HeaderMap) -> Result<Session, Response> {
    match session(s, headers) {
        None => Err(no_session(s)),
        Some(x) if x.role.is_desk() => Ok(x),
        Some(_) => Err(forbidden(s)),
    }
}

/// The workspace and its parent plan, or the page saying there is none.
fn with_plan(s: &Server) -> Result<Arc<Snapshot>, Response> {
    let snap = s.snapshot().map_err(|d| internal(s, &d.to_string()))?;
    if snap.campaign.plan.is_none() {
        return Err(message(
            s,
            StatusCode::CONFLICT,
            "Chưa có kế hoạch cấp trên",
            "Kế hoạch cấp trên (data/tinh.yaml) chưa có hoặc đang có lỗi, nên chưa có hạn gửi, chỉ số hay bảng điểm.",
            "Chạy `vanban check` để xem lỗi.",
            vec![],
        ));
    }
    Ok(snap)
}

fn status_key(s: &Status) -> &'static str {
    match s {
        Status::OnTime => "dung-han",
        Status::Late(_) => "tre",
        Status::Missing { .. } => "chua-gui",
        Status::Returned => "tra-lai",
        Status::NotDue => "khong",
    }
}

#[derive(serde::Deserialize, Default, serde::Serialize)]
pub struct Filter {
    #[serde(default)]
    khoi: String,
    #[serde(default)]
    han: String,
    #[serde(default)]
    tinh_trang: String,
    #[serde(default)]
    sap_xep: String,
    /// Part of an agency's name.
    #[serde(default)]
    tim: String,
    /// Page of the table, from 1.
    #[serde(default)]
    trang: String,
}

/// Rows of the status table on one page: a province of 1,000 agencies is not one page.
pub const ROWS_PER_PAGE: usize = 100;

fn block_name(plan: &Plan, id: &str) -> String {
    match id {
        "" => "Toàn bộ".into(),
        id => plan
            .block(id)
            .map(|b| b.ten)
            .unwrap_or_else(|| id.to_string()),
    }
}

/// The status table's rows after the filter, in the order asked for.
fn rows(t: &Table, f: &Filter) -> Vec<serde_json::Value> {
    let han: Option<usize> = f.han.parse().ok().filter(|i| *i < t.deadlines.len());
    let mut rows: Vec<&tracking::AgencyRow> = t
        .rows
        .iter()
        .filter(|r| f.khoi.is_empty() || r.khoi == f.khoi)
        .filter(|r| {
            let q = f.tim.trim().to_lowercase();
            q.is_empty() || r.ten.to_lowercase().contains(&q) || r.id.contains(&q)
        })
        .filter(|r| {
            f.tinh_trang.is_empty()
                || r.status
                    .iter()
                    .enumerate()
                    .any(|(i, s)| han.is_none_or(|h| h == i) && status_key(s) == f.tinh_trang)
        })
        .collect();
    // Most behind first: documents still owed (never sent, or returned and not sent again)
    // before days late, over the deadline filtered on (or every deadline).
    let late = |r: &tracking::AgencyRow| -> (usize, i64) {
        let mine = r
            .status
            .iter()
            .enumerate()
            .filter(|(i, _)| han.is_none_or(|h| h == *i))
            .map(|(_, s)| s);
        mine.fold((0, 0), |(owed, days), s| match s {
            Status::Missing { .. } | Status::Returned => (owed + 1, days),
            Status::Late(n) => (owed, days + n),
            _ => (owed, days),
        })
    };
    match f.sap_xep.as_str() {
        "ten" => rows.sort_by(|a, b| a.ten.cmp(&b.ten)),
        "tre" => rows.sort_by(|a, b| late(b).cmp(&late(a)).then(a.id.cmp(&b.id))),
        _ => {}
    }
    rows.iter()
        .map(|r| {
            let cells: Vec<serde_json::Value> = r
                .status
                .iter()
                .enumerate()
                .map(|(i, st)| {
                    let mut text = match r.ngay_gui[i] {
                        Some(d) => format!("{} ({})", st.label(), day(d)),
                        None => st.label(),
                    };
                    if let Some(back) = r.tra_lai[i] {
                        text.push_str(&format!("; trả lại {}", day(back)));
                    }
                    if let Some(again) = r.gui_lai[i] {
                        text.push_str(&format!("; gửi lại {}", day(again)));
                    }
                    let doc = t.deadlines[i].key.replace('_', "-");
                    let exists = !matches!(st, Status::Missing { drafted: false } | Status::NotDue);
                    json!({
                        "text": text,
                        "key": status_key(st),
                        "url": exists.then(|| format!("/co-quan/{}/{doc}/xem", r.id)),
                    })
                })
                .collect();
            json!({"id": r.id, "ten": r.ten, "cells": cells})
        })
        .collect()
}

/// A desk page: the session checked (one of the reporting body's), then `work` on the
/// blocking threads with the workspace and its parent plan.
async fn on_desk<F>(s: &Arc<Server>, headers: &HeaderMap, work: F) -> Response
where
    F: FnOnce(&Server, &Session, &Snapshot, &Plan) -> Response + Send + 'static,
{
    let sess = match desk_session(s, headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    in_lane(s, &s.lanes.desk, move || {
        let snap = match with_plan(&s2) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let plan = snap.campaign.plan.as_ref().expect("with_plan");
        work(&s2, &sess, &snap, plan)
    })
    .await
}

/// Where each consolidated document lives (the agency whose folder holds its data).
fn consolidated(c: &Campaign) -> Vec<serde_json::Value> {
    let holders = c.documents_by_holder();
    crate::load::workspace::CONSOLIDATED_DOCUMENTS
        .iter()
        .filter_map(|doc| {
            let holder = holders.iter().find(|(_, docs)| docs.contains(doc))?.0;
            let label = match *doc {
                "bao-cao-tong-hop" => "Báo cáo tổng hợp",
                "to-trinh-xep-loai" => "Tờ trình xếp loại",
                "du-thao-quyet-dinh" => "Dự thảo quyết định",
                other => other,
            };
            Some(json!({"label": label, "url": format!("/co-quan/{holder}/{doc}")}))
        })
        .collect()
}

pub async fn desk(State(s): S, headers: HeaderMap, Query(f): Query<Filter>) -> Response {
    on_desk(&s, &headers, move |s2, sess, snap, plan| {
        let data = s2.desk_data(snap);
        let t = &data.table;
        let counts: Vec<serde_json::Value> = t
            .totals
            .iter()
            .map(|(b, cs)| {
                let cells: Vec<String> = cs
                    .iter()
                    .map(|c| {
                        format!(
                            "{}/{}/{}/{}",
                            c.dung_han, c.tre_han, c.chua_gui, c.khong_phai_nop
                        )
                    })
                    .collect();
                json!({"ten": block_name(plan, b), "cells": cells})
            })
            .collect();
        let blocks: Vec<serde_json::Value> = t
            .totals
            .iter()
            .filter(|(b, _)| !b.is_empty())
            .map(|(b, _)| json!({"ma": b, "ten": block_name(plan, b)}))
            .collect();
        let lists = lists(plan, t, &data.classes);
        let all_rows = rows(t, &f);
        let found = all_rows.len();
        let page_count = found.div_ceil(ROWS_PER_PAGE).max(1);
        let page = f.trang.parse::<usize>().unwrap_or(1).clamp(1, page_count);
        let page_rows: Vec<serde_json::Value> = all_rows
            .into_iter()
            .skip((page - 1) * ROWS_PER_PAGE)
            .take(ROWS_PER_PAGE)
            .collect();
        // Links to every page, keeping the filter.
        let pages: Vec<serde_json::Value> = (1..=page_count)
            .filter(|_| page_count > 1)
            .map(|n| {
                let q = query_string(&[
                    ("khoi", &f.khoi),
                    ("han", &f.han),
                    ("tinh_trang", &f.tinh_trang),
                    ("sap_xep", &f.sap_xep),
                    ("tim", &f.tim),
                    ("trang", &n.to_string()),
                ]);
                json!({"n": n, "url": format!("/tong-hop?{q}"), "current": n == page})
            })
            .collect();
        let (locks, _) = crate::load::submissions::locks(&snap.campaign.root);
        let periods: Vec<serde_json::Value> = t
            .deadlines
            .iter()
            .map(|d| {
                let closed = locks.get(&d.key).map(|l| {
                    crate::campaign::dates::parse_date(&l.ngay)
                        .map(day)
                        .unwrap_or_else(|| l.ngay.clone())
                });
                json!({"key": d.key, "label": d.heading(), "closed": closed})
            })
            .collect();
        html(
            s2,
            StatusCode::OK,
            "desk.html",
            json!({
                "periods": periods,
                "lists": lists,
                "csrf": sess.csrf,
                "who": who(snap, &sess.role),
                "manages": sess.role.manages(),
                "deadlines": t.deadlines.iter().map(|d| d.heading()).collect::<Vec<_>>(),
                "rows": page_rows,
                "found": found,
                "pages": pages,
                "counts": counts,
                "blocks": blocks,
                "filter": f,
                "classes": plan.score_sheet.is_some(),
                "consolidated": consolidated(&snap.campaign),
            }),
        )
    })
    .await
}

/// The desk's lists by state and by class: who was returned and has not sent again (per
/// deadline), whose dossier waits for appraisal, and who is in each class.
fn lists(plan: &Plan, t: &Table, rows: &[sums::ClassRow]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (i, d) in t.deadlines.iter().enumerate() {
        let names: Vec<&str> = t
            .rows
            .iter()
            .filter(|r| r.status[i] == Status::Returned)
            .map(|r| r.ten.as_str())
            .collect();
        if !names.is_empty() {
            out.push(
                json!({"ten": format!("Bị trả lại, chưa gửi lại: {}", d.ten), "co_quan": names}),
            );
        }
    }
    if plan.score_sheet.is_none() {
        return out;
    }
    let waiting: Vec<&str> = rows
        .iter()
        .filter(|r| r.xep_loai != sums::NOT_CLASSIFIED && r.tham_dinh.is_none())
        .map(|r| r.ten.as_str())
        .collect();
    if !waiting.is_empty() {
        out.push(json!({"ten": "Hồ sơ chờ thẩm định", "co_quan": waiting}));
    }
    let all: Vec<&sums::ClassRow> = rows.iter().collect();
    for (class, n, _) in sums::class_counts(plan, &all) {
        if n > 0 {
            let names: Vec<&str> = rows
                .iter()
                .filter(|r| r.xep_loai == class)
                .map(|r| r.ten.as_str())
                .collect();
            out.push(json!({"ten": format!("Xếp loại: {class}"), "co_quan": names}));
        }
    }
    out
}

#[derive(serde::Deserialize, Default)]
pub struct Report {
    #[serde(default)]
    bao_cao: String,
    #[serde(default)]
    chi_so: String,
}

fn report_of(q: &Report) -> String {
    if q.bao_cao.is_empty() {
        "bao-cao-nam".into()
    } else {
        q.bao_cao.clone()
    }
}

/// The reports agencies send (the deadlines whose documents carry figures).
fn reports(plan: &Plan) -> Vec<serde_json::Value> {
    plan.reports()
        .into_iter()
        .map(|r| json!({"label": plan.deadline_label(&crate::campaign::plan::key(&r)), "value": r}))
        .collect()
}

pub async fn figures(State(s): S, headers: HeaderMap, Query(q): Query<Report>) -> Response {
    on_desk(&s, &headers, move |s2, sess, snap, plan| {
        let report = report_of(&q);
        let figures = s2.desk_data(snap).figures(&snap.campaign, &report);
        let (values, totals) = (&figures.values, &figures.totals);
        let blocks: Vec<String> = totals
            .first()
            .map(|t| t.khoi.iter().map(|(b, _)| block_name(plan, b)).collect())
            .unwrap_or_default();
        let rows: Vec<serde_json::Value> = totals
            .iter()
            .map(|t| {
                json!({
                    "ma": t.ma, "ten": t.ten, "don_vi": t.don_vi,
                    "blocks": t.khoi.iter().map(|(_, s)| s).collect::<Vec<_>>(),
                    "all": t.toan_bo,
                })
            })
            .collect();
        let chart = (!q.chi_so.is_empty() && totals.iter().any(|t| t.ma == q.chi_so)).then(|| {
            format!(
                "/tong-hop/bieu-do/chi-so.svg?bao_cao={report}&chi_so={}",
                q.chi_so
            )
        });
        html(
            s2,
            StatusCode::OK,
            "figures.html",
            json!({
                "who": who(snap, &sess.role),
                "report": report,
                "report_label": plan.deadline_label(&crate::campaign::plan::key(&report)),
                "reports": reports(plan),
                "reporting": values.len(),
                "total_agencies": sums::owing(&snap.campaign, plan, &report).len(),
                "blocks": blocks,
                "totals": rows,
                "chart": chart,
            }),
        )
    })
    .await
}

pub async fn workbook(State(s): S, headers: HeaderMap, Query(q): Query<Report>) -> Response {
    on_desk(&s, &headers, move |s2, _, snap, plan| {
        let res = {
            let report = report_of(&q);
            let data = s2.desk_data(snap);
            let figures = data.figures(&snap.campaign, &report);
            let read = crate::province::spreadsheet::Read {
                table: &data.table,
                values: &figures.values,
                classes: &data.classes,
            };
            crate::province::spreadsheet::workbook_from(&snap.campaign, plan, &report, &read)
        };
        match res {
            Ok(bytes) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        super::files::disposition(
                            "attachment",
                            "Tổng hợp tình hình gửi văn bản.xlsx",
                            "tong-hop.xlsx",
                        )
                        .as_str(),
                    ),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                bytes,
            )
                .into_response(),
            Err(m) => internal(s2, &format!("Không tạo được bảng tính: {m}")),
        }
    })
    .await
}

fn svg(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The charts: `gui-<i>.svg` (sendings over time for deadline i), `xep-loai.svg` (classes
/// per block), `chi-so.svg?bao_cao=…&chi_so=…` (an indicator's total by block).
pub async fn chart(
    State(s): S,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
    Query(q): Query<Report>,
) -> Response {
    on_desk(&s, &headers, move |s2, _, snap, plan| {
        let c = &snap.campaign;
        if let Some(i) = name
            .strip_prefix("gui-")
            .and_then(|n| n.strip_suffix(".svg"))
            .and_then(|n| n.parse::<usize>().ok())
        {
            let data = s2.desk_data(snap);
            let t = &data.table;
            let Some(d) = t.deadlines.get(i) else {
                return not_found_page(s2);
            };
            let sent: Vec<chrono::NaiveDate> =
                t.rows.iter().filter_map(|r| r.ngay_gui[i]).collect();
            let expected = t
                .rows
                .iter()
                .filter(|r| r.status[i] != Status::NotDue)
                .count();
            return svg(charts::cumulative(
                &format!("Đã gửi: {}", d.heading()),
                d.ngay,
                &sent,
                expected,
            ));
        }
        match name.as_str() {
            "xep-loai.svg" => {
                let data = s2.desk_data(snap);
                let rows = &data.classes;
                let names: Vec<String> = plan
                    .score_sheet
                    .as_ref()
                    .map(|sh| sh.bands.iter().map(|b| b.ten.clone()).collect())
                    .unwrap_or_default();
                let mut names = names;
                names.push(sums::NOT_CLASSIFIED.to_string());
                let mut by_block: BTreeMap<usize, (String, Vec<u64>)> = BTreeMap::new();
                let order = plan.block_ids();
                for r in rows.iter() {
                    let at = order
                        .iter()
                        .position(|b| *b == r.khoi)
                        .unwrap_or(order.len());
                    let entry = by_block
                        .entry(at)
                        .or_insert_with(|| (block_name(plan, &r.khoi), vec![0; names.len()]));
                    if let Some(k) = names.iter().position(|n| *n == r.xep_loai) {
                        entry.1[k] += 1;
                    }
                }
                let palette = [
                    "#2d7a2d", "#1c5fd1", "#d08a00", "#a30000", "#7a1d1d", "#555555", "#9e9e9e",
                ];
                let series: Vec<(&str, &str)> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        (
                            n.as_str(),
                            if i + 1 == names.len() {
                                "#9e9e9e"
                            } else {
                                palette[i % (palette.len() - 1)]
                            },
                        )
                    })
                    .collect();
                let rows: Vec<(String, Vec<u64>)> = by_block.into_values().collect();
                svg(charts::stacked_bars("Xếp loại theo khối", &rows, &series))
            }
            "chi-so.svg" => {
                let report = report_of(&q);
                let figures = s2.desk_data(snap).figures(c, &report);
                let Some(t) = figures.totals.iter().find(|t| t.ma == q.chi_so) else {
                    return not_found_page(s2);
                };
                let items: Vec<(String, u64)> = t
                    .khoi
                    .iter()
                    .map(|(b, s)| (block_name(plan, b), s.tong))
                    .collect();
                svg(charts::bars(&t.ten, &items, &t.don_vi))
            }
            _ => not_found_page(s2),
        }
    })
    .await
}

/// A query string from pairs (empty values left out).
fn query_string(pairs: &[(&str, &String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}
