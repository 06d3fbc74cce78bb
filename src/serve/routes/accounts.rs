//! The reporting body's links page: every agency's link (issued when, last used when),
//! issued, re-issued or revoked with one click; a new link is shown once.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde_json::json;

use super::target::not_found_page;
use super::*;
use crate::serve::forms::Posted;
use crate::serve::store;

fn manager(s: &Server, headers: &HeaderMap) -> Result<Session, Response> {
    match session(s, headers) {
        None => Err(no_session(s)),
        Some(x) if x.role.manages() => Ok(x),
        Some(_) => Err(forbidden(s)),
    }
}

/// Every id a link can be issued to, with its name: the agencies, then the desk's two
/// roles.
fn holders(snap: &Snapshot) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = snap
        .campaign
        .agencies
        .iter()
        .map(|a| (a.id.clone(), a.info.ten_day_du.clone()))
        .collect();
    v.push((access::DESK.into(), "Cơ quan tổng hợp".into()));
    v.push((access::VIEWER.into(), "Cơ quan tổng hợp (chỉ xem)".into()));
    v
}

fn page(
    s: &Server,
    sess: &Session,
    issued: Option<(String, String)>,
    revoked: Option<String>,
) -> Response {
    let snap = match s.snapshot() {
        Ok(x) => x,
        Err(d) => return internal(s, &d.to_string()),
    };
    let links = s.links.current(&s.root);
    let uses = access::last_uses(&s.root);
    let rows: Vec<serde_json::Value> = holders(&snap)
        .into_iter()
        .map(|(id, ten)| {
            let l = links.iter().find(|l| l.id == id);
            json!({
                "id": id, "ten": ten, "active": l.is_some(),
                "issued": l.map(|l| l.issued.clone()).unwrap_or_default(),
                "last_used": l.map(|l| uses.get(&l.hash).cloned().unwrap_or_else(|| l.last_used.clone())).filter(|u| !u.is_empty()).unwrap_or_else(|| if l.is_some() { "chưa dùng".into() } else { String::new() }),
            })
        })
        .collect();
    html(
        s,
        StatusCode::OK,
        "links.html",
        json!({
            "who": who(&snap, &sess.role),
            "links": rows,
            "csrf": sess.csrf,
            "issued": issued.map(|(ten, url)| json!({"ten": ten, "url": url})),
            "revoked": revoked,
        }),
    )
}

pub async fn links(State(s): S, headers: HeaderMap) -> Response {
    let sess = match manager(&s, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let s2 = s.clone();
    blocking(&s, move || page(&s2, &sess, None, None)).await
}

pub async fn change(
    State(s): S,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let sess = match manager(&s, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let posted = Posted(pairs);
    if !csrf_ok(&sess, &posted) {
        return bad_csrf(&s);
    }
    let s2 = s.clone();
    blocking(&s, move || {
        let snap = match s2.snapshot() {
            Ok(x) => x,
            Err(d) => return internal(&s2, &d.to_string()),
        };
        let id = posted.get("ma").unwrap_or("").to_string();
        let Some((_, ten)) = holders(&snap).into_iter().find(|(h, _)| *h == id) else {
            return not_found_page(&s2);
        };
        let revoke = posted.get("thao_tac") == Some("thu_hoi");
        // The desk revoking its own link from the web would lock itself out.
        if revoke && id == access::DESK {
            return message(
                &s2,
                StatusCode::FORBIDDEN,
                "Không thu hồi được",
                "Liên kết của cơ quan tổng hợp không thu hồi được trên trang web: trang web sẽ tự khóa mình lại.",
                "Muốn đổi liên kết này, bấm «Cấp lại» (phiên đang mở của bạn vẫn giữ); muốn thu hồi hẳn, người quản trị máy chủ dùng lệnh vanban lien-ket -a tong-hop --thu-hoi.",
                vec![],
            );
        }
        let today = crate::campaign::dates::today()
            .format("%Y-%m-%d")
            .to_string();
        match access::issue(&s2.root, std::slice::from_ref(&id), revoke, &today) {
            Ok(issued) => {
                let _ = store::audit_event(
                    &s2.root,
                    &audit_who(&sess),
                    if revoke {
                        "thu hồi liên kết"
                    } else {
                        "cấp liên kết"
                    },
                    &id,
                );
                // Re-issuing its own link keeps the desk's own session, now on the new link.
                if let (Some((_, secret)), true) = (issued.first(), id == sess.role.id()) {
                    if let Some((sid, _)) = session_id(&s2, &headers) {
                        s2.sessions.relink(&sid, access::hash(secret));
                    }
                }
                s2.sessions.prune(&s2.links.current(&s2.root));
                let shown = issued.into_iter().next().map(|(_, secret)| {
                    (ten.clone(), access::link_url(&s2.options.origin, &secret))
                });
                page(&s2, &sess, shown, revoke.then_some(ten))
            }
            Err(m) => internal(&s2, &m),
        }
    })
    .await
}
