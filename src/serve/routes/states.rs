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
