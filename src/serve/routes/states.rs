//! A document's state in the server's eyes, and the little every act needs around it: who
//! acts (`actor`), where the document stands (`doc_state`), whether its period is closed
//! (`lock_of`), the audit words of a transition, and the store's side of a save, a return
//! and an appraisal. The rules themselves are `province::workflow`'s.

use axum::http::StatusCode;
use axum::response::Response;

use super::target::*;
use super::*;
use crate::campaign::dates;
use crate::campaign::plan;
use crate::load::submissions::{self, Record};
use crate::province::submitted::{self, Sent};
use crate::province::workflow::{self, Act, Actor, State as DocState};
use crate::serve::store;
use crate::serve::yaml_edit::{self, Yaml};

/// The workflow's actor for a session's role.
pub(super) fn actor(role: &Role) -> Actor {
    match role {
        Role::Agency(_) => Actor::CoQuan,
        Role::Desk => Actor::SoNoiVu,
        Role::Viewer => Actor::XemTongHop,
    }
}

/// What the province sees of a document, and its state.
pub(super) fn doc_state(t: &Target) -> (Sent, DocState) {
    let root = &t.snap.campaign.root;
    let exists = t.path.exists();
    let src = exists.then(|| t.source());
    let (sent, _) = submitted::of(root, t.agency(), &t.doc, src.as_ref());
    let appraised = sent.submitted().is_some_and(|s| s.data.tham_dinh.is_some());
    let state = workflow::state_of(&sent, exists, appraised);
    (sent, state)
}

/// The closed period the document falls in, if any: who closed it and when.
pub(super) fn lock_of(t: &Target) -> Option<submissions::Act> {
    let (locks, _) = submissions::locks(&t.snap.campaign.root);
    locks.get(&plan::key(&t.doc)).cloned()
}

pub(super) fn today() -> String {
    dates::today().format("%Y-%m-%d").to_string()
}

/// The refusal page of an act the workflow does not allow.
pub(super) fn refused(s: &Server, heading: &str, r: workflow::Refusal) -> Response {
    message(s, StatusCode::CONFLICT, heading, r.message, r.hint, vec![])
}

/// The audit log's words for a transition: "gửi: bị trả lại → đã gửi".
pub(super) fn transition(act: Act, from: DocState, to: DocState) -> String {
    format!("{}: {} → {}", act.label(), from.label(), to.label())
}

/// Writes the audit line of a transition that writes no file of the agency's.
pub(super) fn audit_act(
    s: &Server,
    sess: &Session,
    t: &Target,
    act: Act,
    from: DocState,
    to: DocState,
) {
    let what = format!("data/{}/{}.yaml", t.agency().id, t.doc);
    let _ = store::audit_event(&s.root, &audit_who(sess), &transition(act, from, to), &what);
}

/// Before a draft is saved over a file that was marked sent by hand (no copy in the
/// store), that file is kept as the first sending, so the change stays a draft.
pub(super) fn keep_hand_sent(t: &Target, yaml: &Yaml, text: &str) -> std::io::Result<()> {
    let Some(day) = yaml.get("ngay_gui").map(|d| d.scalar_text()) else {
        return Ok(());
    };
    let root = &t.snap.campaign.root;
    if !submissions::sendings(root, &t.agency().id, &t.doc)
        .0
        .is_empty()
    {
        return Ok(());
    }
    let record = Record {
        ngay_gui: dates::parse_date(&day)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or(day),
        luc: store::now_stamp(),
        nguoi_gui: "ghi trong tệp".into(),
        tu_tep: true,
        ..Record::default()
    };
    submissions::keep(root, &t.agency().id, &t.doc, text.as_bytes(), record, &[])?;
    Ok(())
}

/// Whether `act` may be done on the document now: its state before and after, or the page
/// saying why not (under `heading`).
pub(super) fn permit(
    s: &Server,
    sess: &Session,
    t: &Target,
    act: Act,
    heading: &str,
) -> Result<(DocState, DocState), Response> {
    let (_, before) = doc_state(t);
    workflow::next(before, act, actor(&sess.role), lock_of(t).is_some())
        .map(|after| (before, after))
        .map_err(|r| refused(s, heading, r))
}

/// The audit words of a draft save: the transition when the state changes, else "lưu nháp".
pub(super) fn draft_action(sess: &Session, before: DocState) -> Result<String, workflow::Refusal> {
    let after = workflow::next(before, Act::LuuNhap, actor(&sess.role), false)?;
    Ok(if after != before {
        transition(Act::LuuNhap, before, after)
    } else {
        Act::LuuNhap.label().to_string()
    })
}

/// Marks the last sending returned (the desk's return also moves `ngay_gui` into the
/// file's `tra_lai`, as a workspace kept by hand records it).
pub(super) fn record_return(t: &Target, note: &str, who: &str) -> std::io::Result<()> {
    let root = &t.snap.campaign.root;
    let (mut all, _) = submissions::sendings(root, &t.agency().id, &t.doc);
    if let Some(last) = all.last_mut() {
        last.record.tra_lai = Some(submissions::Act {
            ngay: today(),
            nguoi: who.to_string(),
            ly_do: note.to_string(),
        });
        submissions::update(last)?;
    }
    Ok(())
}

/// Writes the appraisal (`tham_dinh`, or none) into the last sending's copy, so the
/// classification, which reads what was sent, sees it.
pub(super) fn appraise_sent(t: &Target, appraisal: Option<&Yaml>) -> std::io::Result<()> {
    let root = &t.snap.campaign.root;
    let (all, _) = submissions::sendings(root, &t.agency().id, &t.doc);
    let Some(last) = all.last() else {
        return Ok(());
    };
    let path = last.file();
    let text = std::fs::read_to_string(&path)?;
    let Ok(mut y) = Yaml::parse(&path, &text) else {
        return Ok(());
    };
    y.set("tham_dinh", appraisal.cloned());
    let emitted = yaml_edit::emit_like(&y, &yaml_edit::leading_comments(&text), &text);
    crate::ground::files::write_atomic(&path, emitted.text.as_bytes())
}

/// What a document's preview says and offers about sending it.
pub(super) struct SendingView {
    /// The agency may send it now.
    pub(super) send: bool,
    /// It was sent before (the button says "Gửi lại").
    pub(super) again: bool,
    /// Its sendings in a sentence.
    pub(super) text: String,
    /// Why it cannot be sent: its period is closed (for the agency only).
    pub(super) locked: Option<String>,
    /// The desk may accept it as it is.
    pub(super) accept: bool,
    /// The desk may return it (sent and counted).
    pub(super) returnable: bool,
    /// The last sending's PDF is kept.
    pub(super) sent_copy: bool,
    /// Who it is sent to.
    pub(super) recipient: String,
}

pub(super) fn sending_view(t: &Target, sess: &Session) -> SendingView {
    let recipient = t
        .snap
        .campaign
        .plan
        .as_ref()
        .and_then(|p| p.gui_bao_cao.as_ref())
        .and_then(|g| g.first().cloned())
        .unwrap_or_else(|| "cơ quan tổng hợp".into());
    let (sent, state) = doc_state(t);
    let lock = lock_of(t);
    let who = actor(&sess.role);
    let may = |act| workflow::next(state, act, who, lock.is_some()).is_ok();
    let locked = lock
        .as_ref()
        .filter(|_| sess.role.writes(&t.agency().id))
        .map(|l| {
            format!(
                "Sở Nội vụ đã khóa số liệu của kỳ này ngày {}: chưa gửi được cho đến khi Sở mở khóa.",
                dates::parse_date(&l.ngay)
                    .map(crate::serve::words::day)
                    .unwrap_or_else(|| l.ngay.clone())
            )
        });
    let (kept, _) = submissions::sendings(&t.snap.campaign.root, &t.agency().id, &t.doc);
    SendingView {
        send: may(Act::Gui),
        again: sent.first().is_some(),
        text: sent_text(&sent, state, &recipient),
        locked,
        accept: may(Act::TiepNhan) && state != DocState::DaTiepNhan,
        returnable: sess.role.manages() && matches!(sent, Sent::Yes(_)),
        sent_copy: kept
            .last()
            .is_some_and(|l| l.rendered(&t.doc, "pdf").exists()),
        recipient,
    }
}

/// What the page says of the document's sendings: "Đã gửi Sở Nội vụ ngày 17/10/2025 (đúng
/// như bản dưới đây)", returns and resends, and unsent changes.
fn sent_text(sent: &Sent, state: DocState, recipient: &str) -> String {
    let day = crate::serve::words::day;
    match sent {
        Sent::No { .. } => String::new(),
        Sent::Returned { first, back, .. } => format!(
            "Đã gửi {recipient} ngày {}; bị trả lại ngày {}. Sửa theo yêu cầu rồi gửi lại.",
            day(*first),
            day(back.ngay)
        ),
        Sent::Yes(s) => {
            let mut t = format!("Đã gửi {recipient} ngày {}", day(s.first));
            for r in &s.returns {
                t.push_str(&format!("; trả lại ngày {}", day(r.ngay)));
            }
            if let Some(a) = s.again {
                t.push_str(&format!("; gửi lại ngày {}", day(a)));
            }
            if let Some(a) = s.accepted {
                t.push_str(&format!("; Sở đã tiếp nhận ngày {}", day(a)));
            }
            t.push('.');
            if state == DocState::DaGuiCoThayDoi {
                t.push_str(" Bản dưới đây có thay đổi chưa gửi: Sở Nội vụ vẫn dùng bản đã gửi cho đến khi bạn bấm «Gửi lại».");
            }
            t
        }
    }
}
