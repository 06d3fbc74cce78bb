//! The routes: who is asking (session), what they may do (role), and the pages and files
//! they get. Work that reads files or renders runs on tokio's blocking threads.
//!
//! `lists` (the agency's page), `edit` (the form and its save), `files` (preview,
//! downloads), `sending` (sending as a record, accepting, closing a period) and `states` (a
//! document's state and the store's side of each act), `history` (versions, diffs, audit); the reporting body's `desk`
//! (status, figures, charts, workbook), `appraise` (appraisal, returning) and `accounts`
//! (links); `target` names one document of one agency; `probes` finds what a template prints.

mod accounts;
mod appraise;
mod desk;
mod edit;
mod files;
mod guard;
mod history;
mod lists;
mod probes;
mod sending;
mod states;
mod target;

pub use accounts::{change as change_links, links};
pub use appraise::{appraisal, appraise, give_back};
pub use desk::{chart, desk, figures, workbook};
pub use edit::{edit, save};
pub use files::{file, preview};
pub use guard::{guard, MAX_BODY_BYTES};
pub use history::{history, version_page};
pub use lists::agency;
pub use sending::{accept, lock, remind, send};

use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::serve::access::{self, Role, Session};
use crate::serve::forms::Posted;
use crate::serve::{Server, Snapshot};

pub const CHECK_SUFFIX: &str = ".kiem-tra.tmp";

type S = State<Arc<Server>>;

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
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("lỗi trang {page}: {e}"),
        )
            .into_response(),
    }
}

fn message(
    s: &Server,
    status: StatusCode,
    heading: &str,
    text: &str,
    hint: &str,
    details: Vec<String>,
) -> Response {
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
    message(
        &s,
        StatusCode::NOT_FOUND,
        "Không có trang này",
        "Địa chỉ không đúng.",
        "Quay lại trang đầu.",
        vec![],
    )
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
    in_lane(s, &s.lanes.agencies, f).await
}

/// Runs `f` on the blocking threads once `lane` has room: the agencies' work and the desk's
/// each have their own few places, so a hundred saves at once queue among themselves and
/// the desk still answers.
async fn in_lane<F: FnOnce() -> Response + Send + 'static>(
    s: &Arc<Server>,
    lane: &tokio::sync::Semaphore,
    f: F,
) -> Response {
    let Ok(_place) = lane.acquire().await else {
        return internal(s, "Máy chủ đang dừng.");
    };
    let s2 = s.clone();
    match tokio::task::spawn_blocking(move || {
        let r = f();
        s2.upkeep();
        r
    })
    .await
    {
        Ok(r) => r,
        Err(_) => internal(s, "Việc xử lý bị dừng giữa chừng."),
    }
}

/// The session id the request's cookie names, if it is live.
fn session_id(s: &Server, headers: &HeaderMap) -> Option<(String, Session)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(access::cookie_value)
        .find_map(|id| s.sessions.get(id).map(|x| (id.to_string(), x)))
}

/// The request's session, if its cookie names a live one whose link is still issued.
fn session(s: &Server, headers: &HeaderMap) -> Option<Session> {
    let (_, sess) = session_id(s, headers)?;
    let links = s.links.current(&s.root);
    if !links.iter().any(|l| l.hash == sess.link) {
        s.sessions.prune(&links);
        return None;
    }
    Some(sess)
}

/// The session, if it may read (or, with `write`, change) `agency`'s documents.
fn allowed(
    s: &Server,
    headers: &HeaderMap,
    agency: &str,
    write: bool,
) -> Result<Session, Response> {
    let Some(sess) = session(s, headers) else {
        return Err(no_session(s));
    };
    let ok = if write {
        sess.role.writes(agency)
    } else {
        sess.role.reads(agency)
    };
    if ok {
        Ok(sess)
    } else {
        Err(forbidden(s))
    }
}

/// The session, if it may appraise and return.
fn manager(s: &Server, headers: &HeaderMap) -> Result<Session, Response> {
    match session(s, headers) {
        None => Err(no_session(s)),
        Some(x) if x.role.manages() => Ok(x),
        Some(_) => Err(forbidden(s)),
    }
}

/// The audit's "who": the role and the first characters of its link's hash (which link,
/// without the secret).
fn audit_who(sess: &Session) -> String {
    format!(
        "{} [{}]",
        sess.role.id(),
        &sess.link[..sess.link.len().min(8)]
    )
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
        Role::Viewer => "Cơ quan tổng hợp (chỉ xem)".into(),
    }
}

pub async fn home(State(s): S, headers: HeaderMap) -> Response {
    match session(&s, &headers).map(|x| x.role) {
        Some(Role::Agency(a)) => see_other(&format!("/co-quan/{a}")),
        Some(Role::Desk | Role::Viewer) => see_other("/tong-hop"),
        None => no_session(&s),
    }
}

pub async fn login(State(s): S, UrlPath(secret): UrlPath<String>) -> Response {
    let links = s.links.current(&s.root);
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
    let Ok(id) = s.sessions.open(role, link.clone()) else {
        return internal(&s, "Không tạo được phiên làm việc.");
    };
    // Who last used each link, and when: shown on the desk's links page.
    let when = crate::serve::store::now_minute();
    let _ = access::record_use(&s.root, &link, &when);
    let secure = if s.options.secure_cookie {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Lax{secure}",
        access::COOKIE
    );
    let mut r = see_other("/");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    // The secret is in this page's address: never pass it on.
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// "Thoát": asks first, on a page whose form carries the session's token.
pub async fn logout_page(State(s): S, headers: HeaderMap) -> Response {
    let Some(sess) = session(&s, &headers) else {
        return see_other("/");
    };
    let s2 = s.clone();
    blocking(&s, move || {
        let who = match s2.snapshot() {
            Ok(snap) => who(&snap, &sess.role),
            Err(_) => String::new(),
        };
        html(
            &s2,
            StatusCode::OK,
            "logout.html",
            json!({"who": who, "csrf": sess.csrf}),
        )
    })
    .await
}

/// Ends the session and clears its cookie.
pub async fn logout(
    State(s): S,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    let Some((id, sess)) = session_id(&s, &headers) else {
        return see_other("/");
    };
    if !csrf_ok(&sess, &Posted(pairs)) {
        return bad_csrf(&s);
    }
    s.sessions.close(&id);
    let mut r = message(
        &s,
        StatusCode::OK,
        "Đã thoát",
        "Phiên làm việc đã kết thúc trên trình duyệt này.",
        "Muốn làm tiếp, mở lại liên kết riêng của cơ quan bạn.",
        vec![],
    );
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        access::COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

pub async fn asset(UrlPath(file): UrlPath<String>) -> Response {
    match super::pages::ASSETS.iter().find(|(n, _, _)| *n == file) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
