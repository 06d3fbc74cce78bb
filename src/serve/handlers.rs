//! The routes: who is asking (session), what they may do (role), and the pages and files
//! they get. Work that reads files or renders runs on tokio's blocking threads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde_json::json;

use super::access::{self, Role, Session};
use super::forms::{self, Posted, Spec};
use super::store::{self, Saved};
use super::yaml_edit::{self, Emitted, Yaml};
use super::{Server, Snapshot};
use crate::campaign::plan::{self, Plan};
use crate::campaign::{dates, Agency};
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::load::workspace::DocSource;
use crate::province::tracking::{self, Status};
use crate::render::Format;

/// The suffix of the temporary copy a save is checked in (not `.yaml`: the loader never
/// sees it).
pub const CHECK_SUFFIX: &str = ".kiem-tra.tmp";

type S = State<Arc<Server>>;

// ---------------------------------------------------------------- responses

fn html(s: &Server, status: StatusCode, page: &str, ctx: serde_json::Value) -> Response {
    match s.pages.render(page, &ctx) {
        Ok(body) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("lỗi trang {page}: {e}")).into_response(),
    }
}

fn message(s: &Server, status: StatusCode, heading: &str, text: &str, hint: &str, details: Vec<String>) -> Response {
    html(
        s,
        status,
        "message.html",
        json!({"heading": heading, "message": text, "hint": hint, "details": details, "who": ""}),
    )
}

fn no_session(s: &Server) -> Response {
    message(
        s,
        StatusCode::UNAUTHORIZED,
        "Cần mở bằng liên kết",
        "Trang này chỉ mở được bằng liên kết riêng mà Sở Nội vụ đã gửi cho cơ quan bạn.",
        "Mở lại liên kết đó; nếu liên kết đã mất hoặc bị thu hồi, đề nghị Sở Nội vụ cấp lại.",
        vec![],
    )
}

fn forbidden(s: &Server) -> Response {
    message(
        s,
        StatusCode::FORBIDDEN,
        "Không có quyền",
        "Liên kết của bạn không cho phép xem hoặc sửa trang này.",
        "Mỗi cơ quan chỉ xem và sửa văn bản của chính mình.",
        vec![],
    )
}

pub async fn not_found(State(s): S) -> Response {
    message(&s, StatusCode::NOT_FOUND, "Không có trang này", "Địa chỉ không đúng.", "Quay lại trang đầu.", vec![])
}

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

fn internal(s: &Server, what: &str) -> Response {
    message(
        s,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Lỗi máy chủ",
        what,
        "Thử lại; nếu vẫn lỗi, báo Sở Nội vụ kèm thời điểm.",
        vec![],
    )
}

/// Runs blocking work (file reads, checks, rendering) off the async threads.
async fn blocking<F: FnOnce() -> Response + Send + 'static>(s: &Arc<Server>, f: F) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(_) => internal(s, "Việc xử lý bị dừng giữa chừng."),
    }
}

// ---------------------------------------------------------------- sessions

/// The request's session, if its cookie names a live one whose link is still issued.
fn session(s: &Server, headers: &HeaderMap) -> Option<Session> {
    let sess = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(access::cookie_value)
        .find_map(|id| s.sessions.get(id))?;
    let links = access::read_links(&s.root).ok()?;
    if !links.iter().any(|l| l.hash == sess.link) {
        s.sessions.prune(&links);
        return None;
    }
    Some(sess)
}

/// The session, if it may read (or, with `write`, change) `agency`'s documents.
fn allowed(s: &Server, headers: &HeaderMap, agency: &str, write: bool) -> Result<Session, Response> {
    let Some(sess) = session(s, headers) else {
        return Err(no_session(s));
    };
    let ok = if write { sess.role.writes(agency) } else { sess.role.reads(agency) };
    if ok {
        Ok(sess)
    } else {
        Err(forbidden(s))
    }
}

/// A state-changing request carries the session's token.
fn csrf_ok(sess: &Session, p: &Posted) -> bool {
    p.get("_csrf")
        .is_some_and(|t| access::constant_eq(t.as_bytes(), sess.csrf.as_bytes()))
}

fn bad_csrf(s: &Server) -> Response {
    message(
        s,
        StatusCode::FORBIDDEN,
        "Phiên làm việc không khớp",
        "Yêu cầu không mang mã xác nhận của phiên làm việc này, nên không được thực hiện.",
        "Tải lại trang rồi làm lại; nếu vẫn lỗi, mở lại liên kết Sở Nội vụ đã gửi.",
        vec![],
    )
}

fn who(snap: &Snapshot, role: &Role) -> String {
    match role {
        Role::Agency(id) => snap
            .campaign
            .agencies
            .iter()
            .find(|a| a.id == *id)
            .map(|a| a.info.ten_day_du.clone())
            .unwrap_or_else(|| id.clone()),
        Role::Desk => "Cơ quan tổng hợp".into(),
    }
}

pub async fn home(State(s): S, headers: HeaderMap) -> Response {
    match session(&s, &headers).map(|x| x.role) {
        Some(Role::Agency(a)) => see_other(&format!("/co-quan/{a}")),
        Some(Role::Desk) => see_other("/tong-hop"),
        None => no_session(&s),
    }
}

pub async fn login(State(s): S, UrlPath(secret): UrlPath<String>) -> Response {
    let links = access::read_links(&s.root).unwrap_or_default();
    let Some((role, link)) = access::role_of(&links, &secret) else {
        return message(
            &s,
            StatusCode::FORBIDDEN,
            "Liên kết không dùng được",
            "Liên kết không đúng, hoặc đã bị thu hồi.",
            "Đề nghị Sở Nội vụ cấp lại liên kết cho cơ quan bạn.",
            vec![],
        );
    };
    let Ok(id) = s.sessions.open(role, link) else {
        return internal(&s, "Không tạo được phiên làm việc.");
    };
    let secure = if s.secure_cookie { "; Secure" } else { "" };
    let cookie = format!("{}={id}; Path=/; HttpOnly; SameSite=Lax{secure}", access::COOKIE);
    let mut r = see_other("/");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    // The secret is in this page's address: never pass it on.
    r.headers_mut()
        .insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    r
}

pub async fn asset(UrlPath(file): UrlPath<String>) -> Response {
    match super::pages::ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

// ---------------------------------------------------------------- targets

/// One document of one agency, as a URL names it: only the agency's own files and the
/// documents its parent plan asks of it can be named, so no path leaves its folder.
struct Target {
    snap: Arc<Snapshot>,
    agency: usize,
    doc: String,
    path: PathBuf,
}

impl Target {
    fn agency(&self) -> &Agency {
        &self.snap.campaign.agencies[self.agency]
    }

    fn url(&self) -> String {
        format!("/co-quan/{}/{}", self.agency().id, self.doc)
    }

    fn source(&self) -> DocSource {
        DocSource {
            name: self.doc.clone(),
            path: self.path.clone(),
        }
    }

    fn label(&self) -> String {
        label(self.snap.campaign.plan.as_ref(), &self.doc)
    }
}

fn label(plan: Option<&Plan>, doc: &str) -> String {
    let key = plan::key(doc);
    match plan {
        Some(p) => p.deadline_label(&key),
        None => {
            let words = doc.replace('-', " ");
            let mut c = words.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// The documents an agency has or is asked for: the plan's deadlines in order, then its
/// other files.
fn document_names(plan: Option<&Plan>, a: &Agency) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if let Some(p) = plan {
        let mut due: Vec<(&String, &chrono::NaiveDate)> = p.han.iter().collect();
        due.sort_by_key(|(k, d)| (**d, (*k).clone()));
        names.extend(due.into_iter().map(|(k, _)| k.replace('_', "-")));
    }
    let mut own: Vec<String> = a
        .documents
        .iter()
        .map(|d| d.name.clone())
        .filter(|n| !names.contains(n))
        .collect();
    own.sort();
    names.extend(own);
    names
}

fn target(s: &Server, agency: &str, doc: &str) -> Result<Target, Response> {
    let snap = s
        .snapshot()
        .map_err(|d| internal(s, &d.to_string()))?;
    let Some(i) = snap.campaign.agencies.iter().position(|a| a.id == agency) else {
        if snap.campaign.broken.iter().any(|b| b.id == agency) {
            return Err(message(
                s,
                StatusCode::CONFLICT,
                "Hồ sơ cơ quan có lỗi",
                "Tệp co-quan.yaml của cơ quan đang có lỗi nên chưa soạn được văn bản.",
                "Sở Nội vụ sửa tệp đó (chạy `vanban check` để xem lỗi).",
                snap.diags.iter().filter(|d| d.file.starts_with(s.root.join("data").join(agency))).map(|d| d.to_string()).collect(),
            ));
        }
        return Err(not_found_page(s));
    };
    let a = &snap.campaign.agencies[i];
    if !doc.is_empty() && !document_names(snap.campaign.plan.as_ref(), a).iter().any(|n| n == doc) {
        return Err(not_found_page(s));
    }
    let folder = a.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = a
        .documents
        .iter()
        .find(|d| d.name == doc)
        .map(|d| d.path.clone())
        .unwrap_or_else(|| folder.join(format!("{doc}.yaml")));
    Ok(Target {
        snap: snap.clone(),
        agency: i,
        doc: doc.to_string(),
        path,
    })
}

fn not_found_page(s: &Server) -> Response {
    message(s, StatusCode::NOT_FOUND, "Không có trang này", "Không có cơ quan hoặc văn bản này.", "Quay lại trang đầu.", vec![])
}

// ---------------------------------------------------------------- lists

/// A document's state, as an agency reads it.
fn state_text(status: Option<Status>, sent: Option<chrono::NaiveDate>, again: Option<chrono::NaiveDate>, exists: bool, due: Option<chrono::NaiveDate>, inclusive: bool) -> (String, &'static str) {
    let day = |d: chrono::NaiveDate| nd30::short_date(d);
    let again = again.map(|d| format!("; gửi lại ngày {}", day(d))).unwrap_or_default();
    match (status, sent) {
        (Some(Status::NotDue), _) => ("không phải nộp".into(), "khong"),
        (Some(Status::Late(n)), Some(d)) => (format!("đã gửi ngày {}, trễ {n} ngày{again}", day(d)), "tre"),
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
        let row = plan.map(|p| tracking::agency_status(a, p, inclusive));
        let docs: Vec<serde_json::Value> = document_names(plan, a)
            .into_iter()
            .map(|name| {
                // A file deleted by hand since the workspace was read is not there.
                let src = a.documents.iter().find(|d| d.name == name).filter(|d| d.path.exists());
                let key = plan::key(&name);
                let at = row.as_ref().and_then(|(ds, _)| ds.iter().position(|d| d.key == key));
                let due = at.and_then(|i| row.as_ref().map(|(ds, _)| ds[i].ngay));
                let (status, sent, again) = match (at, &row) {
                    (Some(i), Some((_, r))) => (Some(r.status[i]), r.ngay_gui[i], r.gui_lai[i]),
                    _ => {
                        let (sent, again) = src.map(own_sent).unwrap_or_default();
                        (None, sent, again)
                    }
                };
                let (state, key) = state_text(status, sent, again, src.is_some(), due, inclusive);
                json!({
                    "name": name,
                    "label": label(plan, &name),
                    "deadline": due.map(nd30::short_date).unwrap_or_default(),
                    "state": state,
                    "state_key": key,
                    "exists": src.is_some(),
                    "editable": sess.role.writes(&a.id),
                    "url": format!("/co-quan/{}/{}", a.id, name),
                })
            })
            .collect();
        let parent = plan.and_then(|p| p.reference.as_ref()).map(|r| r.citation());
        html(
            &s2,
            StatusCode::OK,
            "agency.html",
            json!({
                "who": who(&t.snap, &sess.role),
                "agency": a.info.ten_day_du,
                "work": plan.map(|p| p.work().to_string()).unwrap_or_default(),
                "parent": parent,
                "documents": docs,
            }),
        )
    })
    .await
}

/// A document's own sending dates, when it has no deadline in the plan.
fn own_sent(src: &DocSource) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let (Some(d), _) = src.load() else {
        return (None, None);
    };
    let p = |x: &Option<serde_saphyr::Spanned<String>>| x.as_ref().and_then(|v| dates::parse_date(&v.value));
    (p(&d.ngay_gui), p(&d.ngay_gui_lai))
}

pub async fn desk(State(s): S, headers: HeaderMap) -> Response {
    let Some(sess) = session(&s, &headers) else {
        return no_session(&s);
    };
    if sess.role != Role::Desk {
        return forbidden(&s);
    }
    let s2 = s.clone();
    blocking(&s, move || {
        let snap = match s2.snapshot() {
            Ok(x) => x,
            Err(d) => return internal(&s2, &d.to_string()),
        };
        let Some(plan) = snap.campaign.plan.as_ref() else {
            return message(&s2, StatusCode::OK, "Chưa có kế hoạch cấp trên", "Không gian làm việc chưa có tệp kế hoạch cấp trên (tinh.yaml) nên chưa có hạn gửi nào.", "", vec![]);
        };
        let (t, _) = tracking::table(&snap.campaign, plan, snap.campaign.consolidation.tinh_ca_ngay_han);
        let rows: Vec<serde_json::Value> = t
            .rows
            .iter()
            .map(|r| {
                let cells: Vec<serde_json::Value> = r
                    .status
                    .iter()
                    .zip(&r.ngay_gui)
                    .map(|(st, d)| {
                        let text = match d {
                            Some(d) => format!("{} ({})", st.label(), nd30::short_date(*d)),
                            None => st.label(),
                        };
                        let key = match st {
                            Status::OnTime => "dung-han",
                            Status::Late(_) => "tre",
                            Status::Missing { .. } => "chua-gui",
                            Status::NotDue => "khong",
                        };
                        json!({"text": text, "key": key})
                    })
                    .collect();
                json!({"id": r.id, "ten": r.ten, "cells": cells})
            })
            .collect();
        html(
            &s2,
            StatusCode::OK,
            "desk.html",
            json!({"who": who(&snap, &sess.role), "deadlines": t.deadlines.iter().map(|d| d.heading()).collect::<Vec<_>>(), "rows": rows}),
        )
    })
    .await
}

// ---------------------------------------------------------------- the form

/// A document's file as a tree, with its version, text and leading comments.
struct Current {
    yaml: Yaml,
    version: String,
    text: String,
    comments: String,
    exists: bool,
}

fn current(t: &Target) -> Result<Current, Vec<Diagnostic>> {
    let (bytes, version) = store::read_version(&t.path);
    let text = bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    let yaml = match &text {
        Some(text) => Yaml::parse(&t.path, text)?,
        None => Yaml::empty_map(),
    };
    Ok(Current {
        comments: text.as_deref().map(yaml_edit::leading_comments).unwrap_or_default(),
        exists: text.is_some(),
        text: text.unwrap_or_default(),
        yaml,
        version,
    })
}

fn unreadable(s: &Server, t: &Target, diags: Vec<Diagnostic>) -> Response {
    message(
        s,
        StatusCode::CONFLICT,
        "Tệp dữ liệu có lỗi cú pháp",
        &format!("Tệp {} đang có lỗi nên chưa mở được trong mẫu nhập.", t.path.strip_prefix(&s.root).unwrap_or(&t.path).display()),
        "Sửa các lỗi dưới đây trong tệp (hoặc đề nghị Sở Nội vụ sửa), rồi tải lại trang.",
        diags.iter().map(|d| d.to_string()).collect(),
    )
}

fn spec<'a>(t: &'a Target, y: &Yaml) -> Spec<'a> {
    let snap = &t.snap;
    let composer = &snap.pipeline.composer;
    let template = match y.get("mau") {
        Some(m) => m.scalar_text(),
        None if composer.has(&t.doc) => t.doc.clone(),
        None => crate::document::assemble::DEFAULT_TEMPLATE.to_string(),
    };
    Spec {
        plan: snap.campaign.plan.as_ref(),
        agency: t.agency(),
        doc: &t.doc,
        family: composer.family_text(&template),
    }
}

/// What a form page shows besides the form itself.
#[derive(Default)]
struct FormState {
    saved: bool,
    conflict: Option<String>,
    general: Vec<String>,
    errors: BTreeMap<String, String>,
}

fn form_page(s: &Server, t: &Target, sess: &Session, y: &Yaml, version: &str, exists: bool, st: FormState, status: StatusCode) -> Response {
    let spec = spec(t, y);
    let f = forms::form(&spec, y);
    let sent = y.get("ngay_gui").map(|d| format!("Văn bản đã gửi ngày {}; lần lưu này được ghi là gửi lại.", d.scalar_text()));
    html(
        s,
        status,
        "form.html",
        json!({
            "who": who(&t.snap, &sess.role),
            "label": t.label(),
            "agency_id": t.agency().id,
            "url": t.url(),
            "exists": exists,
            "saved": st.saved,
            "sent": sent,
            "conflict": st.conflict,
            "general": st.general,
            "field_errors": st.errors.len(),
            "errors": st.errors,
            "csrf": sess.csrf,
            "version": version,
            "show_trich_yeu": y.get("trich_yeu").is_some() || !spec.family.contains("block trich_yeu"),
            "f": f,
            "total": "",
            "class": "",
        }),
    )
}

#[derive(serde::Deserialize, Default)]
pub struct Flags {
    #[serde(rename = "da-luu")]
    da_luu: Option<String>,
    tai: Option<String>,
}

pub async fn edit(State(s): S, headers: HeaderMap, UrlPath((agency, doc)): UrlPath<(String, String)>, Query(q): Query<Flags>) -> Response {
    let sess = match allowed(&s, &headers, &agency, true) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        match current(&t) {
            Ok(c) => form_page(&s2, &t, &sess, &c.yaml, &c.version, c.exists, FormState { saved: q.da_luu.is_some(), ..Default::default() }, StatusCode::OK),
            Err(d) => unreadable(&s2, &t, d),
        }
    })
    .await
}

/// Counter for check files, so two checks never share one.
static CHECKS: AtomicU64 = AtomicU64::new(0);

/// Checks `text` as the document `t` with the same checks as `vanban check` (in a
/// temporary copy beside the real file); diagnostics name the real file.
fn check(t: &Target, text: &str) -> Vec<Diagnostic> {
    let n = CHECKS.fetch_add(1, Ordering::Relaxed);
    let folder = t.path.parent().unwrap_or(Path::new("."));
    let tmp = folder.join(format!(".{}.{}-{n}{CHECK_SUFFIX}", t.doc, std::process::id()));
    if let Err(e) = std::fs::write(&tmp, text) {
        return vec![Diagnostic::file(&t.path, format!("không ghi được tệp tạm để kiểm tra: {}", crate::load::yaml::io_vi(&e)))];
    }
    let src = DocSource { name: t.doc.clone(), path: tmp.clone() };
    let (_, mut diags) = t.snap.pipeline.assemble(&t.snap.campaign, t.agency(), &src);
    let _ = std::fs::remove_file(&tmp);
    for d in &mut diags {
        if d.file == tmp {
            d.file = t.path.clone();
        }
    }
    diags
}

/// Errors beside their fields; the rest (and those of other files) above the form.
fn place(s: &Server, t: &Target, diags: &[Diagnostic], e: &Emitted, y: &Yaml, shown: &std::collections::BTreeSet<String>) -> FormState {
    let mut st = FormState::default();
    for d in diags.iter().filter(|d| !d.warning) {
        let text = match &d.hint {
            Some(h) => format!("{} (cách sửa: {h})", d.message),
            None => d.message.clone(),
        };
        let field = (d.file == t.path && d.line > 0)
            .then(|| e.path_at(d.line))
            .flatten()
            .map(|p| forms::field_of(p, y))
            .filter(|f| shown.contains(f));
        match field {
            Some(f) => {
                let slot = st.errors.entry(f).or_default();
                if !slot.is_empty() {
                    slot.push_str("; ");
                }
                slot.push_str(&text);
            }
            None if d.file == t.path => st.general.push(text),
            None => st.general.push(format!("{}: {text}", d.file.strip_prefix(&s.root).unwrap_or(&d.file).display())),
        }
    }
    st
}

pub async fn save(State(s): S, headers: HeaderMap, UrlPath((agency, doc)): UrlPath<(String, String)>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let sess = match allowed(&s, &headers, &agency, true) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let posted = Posted(pairs);
    if !csrf_ok(&sess, &posted) {
        return bad_csrf(&s);
    }
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let c = match current(&t) {
            Ok(c) => c,
            Err(d) => return unreadable(&s2, &t, d),
        };
        let spec = spec(&t, &c.yaml);
        let shown = forms::form(&spec, &c.yaml);
        let mut y = c.yaml.clone();
        forms::apply(&spec, &shown, &posted, &mut y);
        if c.exists && y == c.yaml {
            // Nothing changed: no new version, and a sent document is not re-sent.
            return see_other(&format!("{}?da-luu=1", t.url()));
        }
        let sent_before = y.get("ngay_gui").is_some();
        if sent_before {
            y.set("ngay_gui_lai", Some(Yaml::Str(dates::today().format("%Y-%m-%d").to_string())));
        }
        let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
        let diags = check(&t, &emitted.text);
        let expected = posted.get("phien_ban").unwrap_or("").to_string();
        if diags.iter().any(|d| !d.warning) {
            let st = place(&s2, &t, &diags, &emitted, &y, &forms::shown_fields(&shown));
            return form_page(&s2, &t, &sess, &y, &expected, c.exists, st, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let action = if sent_before { "lưu (gửi lại)" } else { "lưu" };
        match s2.store.save(&s2.root, &t.path, &expected, &emitted.text, &audit_who(&sess), action) {
            Ok(Saved::Done(_)) => {
                s2.changed(!c.exists);
                see_other(&format!("{}?da-luu=1", t.url()))
            }
            Ok(Saved::Conflict { current, version }) => {
                let st = FormState { conflict: Some(if current.is_empty() { "(tệp đã bị xóa)".into() } else { current }), ..Default::default() };
                form_page(&s2, &t, &sess, &y, &version, c.exists, st, StatusCode::CONFLICT)
            }
            Err(e) => internal(&s2, &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e))),
        }
    })
    .await
}

/// The audit's "who": the role and the first characters of its link's hash (which link,
/// without the secret).
fn audit_who(sess: &Session) -> String {
    format!("{} [{}]", sess.role.id(), &sess.link[..sess.link.len().min(8)])
}

// ---------------------------------------------------------------- preview, files, send

pub async fn preview(State(s): S, headers: HeaderMap, UrlPath((agency, doc)): UrlPath<(String, String)>) -> Response {
    let sess = match allowed(&s, &headers, &agency, false) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let (_, version) = store::read_version(&t.path);
        let (built, diags) = t.snap.pipeline.assemble(&t.snap.campaign, t.agency(), &t.source());
        let show = |d: &Diagnostic| match &d.hint {
            Some(h) => format!("{} (cách sửa: {h})", d.message),
            None => d.message.clone(),
        };
        let mut errors: Vec<String> = diags.iter().filter(|d| !d.warning).map(show).collect();
        if !t.path.exists() {
            errors = vec!["Văn bản chưa có dữ liệu: bấm «Soạn» để nhập.".into()];
        } else if built.is_none() && errors.is_empty() {
            errors.push("Văn bản chưa tạo được.".into());
        }
        let pages = match &built {
            Some(doc) if errors.is_empty() => {
                let key = format!("{}@{version}", t.url());
                match s2.preview_pages(&key, || t.snap.pipeline.pdf.pages_svg(doc)) {
                    Ok(p) => p.len(),
                    Err(m) => {
                        errors.push(format!("Không dàn trang được: {m}"));
                        0
                    }
                }
            }
            _ => 0,
        };
        let (sent, again) = own_sent(&t.source());
        let recipient = t.snap.campaign.plan.as_ref().and_then(|p| p.gui_bao_cao.as_ref()).and_then(|g| g.first().cloned()).unwrap_or_else(|| "cơ quan tổng hợp".into());
        let sent_text = match (sent, again) {
            (Some(d), Some(a)) => format!("Đã gửi ngày {}; gửi lại ngày {}.", nd30::short_date(d), nd30::short_date(a)),
            (Some(d), None) => format!("Đã gửi ngày {}.", nd30::short_date(d)),
            _ => String::new(),
        };
        html(
            &s2,
            if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY },
            "preview.html",
            json!({
                "who": who(&t.snap, &sess.role),
                "label": t.label(),
                "agency_id": t.agency().id,
                "url": t.url(),
                "editable": sess.role.writes(&t.agency().id),
                "errors": errors,
                "warnings": diags.iter().filter(|d| d.warning).map(show).collect::<Vec<_>>(),
                "send": sess.role.writes(&t.agency().id) && sent.is_none(),
                "sent": sent_text,
                "recipient": recipient,
                "csrf": sess.csrf,
                "version": version,
                "pages": (1..=pages).collect::<Vec<_>>(),
            }),
        )
    })
    .await
}

/// One page image of a preview: "trang-3.svg".
fn page_number(file: &str) -> Option<usize> {
    file.strip_prefix("trang-")?.strip_suffix(".svg")?.parse().ok()
}

pub async fn file(State(s): S, headers: HeaderMap, UrlPath((agency, doc, file)): UrlPath<(String, String, String)>, Query(q): Query<Flags>) -> Response {
    let format = match file.as_str() {
        "tep.pdf" => Some(Format::Pdf),
        "tep.docx" => Some(Format::Docx),
        f if page_number(f).is_some() => None,
        _ => return not_found_page(&s),
    };
    if let Err(r) = allowed(&s, &headers, &agency, false) {
        return r;
    }
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let (built, diags) = t.snap.pipeline.assemble(&t.snap.campaign, t.agency(), &t.source());
        let Some(built) = built else {
            return message(&s2, StatusCode::UNPROCESSABLE_ENTITY, "Văn bản chưa tạo được", "Dữ liệu còn lỗi:", "Sửa trong mẫu nhập rồi thử lại.", diags.iter().filter(|d| !d.warning).map(|d| d.message.clone()).collect());
        };
        let Some(format) = format else {
            let n = page_number(&file).unwrap_or(0);
            let (_, version) = store::read_version(&t.path);
            let key = format!("{}@{version}", t.url());
            return match s2.preview_pages(&key, || t.snap.pipeline.pdf.pages_svg(&built)) {
                Ok(pages) if n >= 1 && n <= pages.len() => (
                    [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")],
                    pages[n - 1].clone(),
                )
                    .into_response(),
                Ok(_) => not_found_page(&s2),
                Err(m) => internal(&s2, &format!("Không dàn trang được: {m}")),
            };
        };
        let ident = format!("{}/{}", t.agency().id, t.doc);
        match t.snap.pipeline.render(&built, format, &ident) {
            Ok(bytes) => {
                let (kind, ext) = match format {
                    Format::Pdf => ("application/pdf", "pdf"),
                    Format::Docx => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
                };
                let how = if q.tai.is_some() || format == Format::Docx { "attachment" } else { "inline" };
                let disposition = format!("{how}; filename=\"{}-{}.{ext}\"", t.agency().id, t.doc);
                ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition), (header::CACHE_CONTROL, "no-store".to_string())], bytes).into_response()
            }
            Err(m) => internal(&s2, &format!("Không tạo được tệp: {m}")),
        }
    })
    .await
}

pub async fn send(State(s): S, headers: HeaderMap, UrlPath((agency, doc)): UrlPath<(String, String)>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let sess = match allowed(&s, &headers, &agency, true) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let posted = Posted(pairs);
    if !csrf_ok(&sess, &posted) {
        return bad_csrf(&s);
    }
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let c = match current(&t) {
            Ok(c) if c.exists => c,
            Ok(_) => return see_other(&t.url()),
            Err(d) => return unreadable(&s2, &t, d),
        };
        if c.yaml.get("ngay_gui").is_some() {
            return see_other(&format!("{}/xem", t.url()));
        }
        let mut y = c.yaml.clone();
        y.set("ngay_gui", Some(Yaml::Str(dates::today().format("%Y-%m-%d").to_string())));
        let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
        let diags = check(&t, &emitted.text);
        if diags.iter().any(|d| !d.warning) {
            return see_other(&format!("{}/xem", t.url()));
        }
        let expected = posted.get("phien_ban").unwrap_or("");
        match s2.store.save(&s2.root, &t.path, expected, &emitted.text, &audit_who(&sess), "gửi") {
            Ok(Saved::Done(_)) => {
                s2.changed(false);
                see_other(&format!("{}/xem", t.url()))
            }
            Ok(Saved::Conflict { .. }) => message(&s2, StatusCode::CONFLICT, "Văn bản vừa được sửa", "Văn bản vừa được lưu lại trong lúc bạn xem nên chưa gửi.", "Xem trước lại bản mới nhất rồi bấm «Gửi».", vec![]),
            Err(e) => internal(&s2, &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e))),
        }
    })
    .await
}
