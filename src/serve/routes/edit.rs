//! A document's form: shown from its YAML tree, posted back, checked like `vanban check`,
//! saved with a version check; errors placed beside their fields.

use std::collections::BTreeMap;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde_json::json;

use super::probes;
use super::target::*;
use super::*;
use crate::campaign::dates;
use crate::ground::diag::Diagnostic;
use crate::serve::access::Session;
use crate::serve::forms::{self, Posted, Spec};
use crate::serve::store::{self, Saved};
use crate::serve::yaml_edit::{self, Emitted, Yaml};
use crate::serve::Server;

/// A document's file as a tree, with its version, text and leading comments.
pub(super) struct Current {
    pub(super) yaml: Yaml,
    pub(super) version: String,
    pub(super) text: String,
    pub(super) comments: String,
    pub(super) exists: bool,
}

pub(super) fn current(t: &Target) -> Result<Current, Vec<Diagnostic>> {
    let (bytes, version) = store::read_version(&t.path);
    let text = bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    let yaml = match &text {
        Some(text) => Yaml::parse(&t.path, text)?,
        None => Yaml::empty_map(),
    };
    Ok(Current {
        comments: text
            .as_deref()
            .map(yaml_edit::leading_comments)
            .unwrap_or_default(),
        exists: text.is_some(),
        text: text.unwrap_or_default(),
        yaml,
        version,
    })
}

pub(super) fn unreadable(s: &Server, t: &Target, diags: Vec<Diagnostic>) -> Response {
    message(
        s,
        StatusCode::CONFLICT,
        "Tệp dữ liệu có lỗi cú pháp",
        &format!(
            "Tệp {} đang có lỗi nên chưa mở được trong mẫu nhập.",
            t.path.strip_prefix(&s.root).unwrap_or(&t.path).display()
        ),
        "Sửa các lỗi dưới đây trong tệp (hoặc đề nghị Sở Nội vụ sửa), rồi tải lại trang.",
        diags.iter().map(|d| d.to_string()).collect(),
    )
}

pub(super) fn spec<'a>(t: &'a Target, y: &Yaml) -> Spec<'a> {
    let snap = &t.snap;
    let composer = &snap.pipeline.composer;
    let template = t.template(y);
    let family = composer.family_text(&template);
    let printed = probes::printed_fields(t, &template, &family, y);
    let stock = probes::stock_outline(t, &family, y);
    let in_outline = probes::outline_fields(t, &template, &family);
    let (opening, closing) = probes::stock_sentences(t, y);
    let sentences = [("mo_dau", opening), ("ket_luan", closing)]
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .collect();
    Spec {
        plan: snap.campaign.plan.as_ref(),
        agency: t.agency(),
        doc: &t.doc,
        family,
        printed,
        stock,
        in_outline,
        sentences,
    }
}

/// What a form page shows besides the form itself.
#[derive(Default)]
pub(super) struct FormState {
    pub(super) saved: bool,
    pub(super) conflict: Option<String>,
    pub(super) general: Vec<String>,
    pub(super) errors: BTreeMap<String, String>,
}

/// The last return's date and note, while the document has not been sent again.
pub(super) fn returned(y: &Yaml) -> Option<serde_json::Value> {
    if y.get("ngay_gui").is_some() {
        return None;
    }
    let Some(Yaml::List(l)) = y.get("tra_lai") else {
        return None;
    };
    let last = l.last()?;
    let g = |k: &str| last.get(k).map(|v| v.scalar_text()).unwrap_or_default();
    let day = dates::parse_date(&g("ngay"))
        .map(crate::serve::words::day)
        .unwrap_or_else(|| g("ngay"));
    Some(json!({"ngay": day, "ly_do": g("ly_do")}))
}

/// The appraisal of each criterion, for the agency to see: id → "4 (lý do)".
fn appraised(y: &Yaml) -> BTreeMap<String, String> {
    let Some(Yaml::Map(m)) = y.get("tham_dinh") else {
        return BTreeMap::new();
    };
    m.iter()
        .map(|(id, v)| {
            let g = |k: &str| v.get(k).map(|x| x.scalar_text()).unwrap_or_default();
            let why = g("ly_do");
            let points = g("diem").replace('.', ",");
            let text = if why.is_empty() {
                points
            } else {
                format!("{points} ({why})")
            };
            (id.clone(), text)
        })
        .collect()
}

fn form_page(
    s: &Server,
    t: &Target,
    sess: &Session,
    y: &Yaml,
    version: &str,
    exists: bool,
    st: FormState,
    status: StatusCode,
) -> Response {
    let spec = spec(t, y);
    let f = forms::form(&spec, y);
    // The summary above the form: each error with a link to its field, labelled.
    let labels = forms::shown_fields(&f);
    let error_links: Vec<serde_json::Value> = st
        .errors
        .iter()
        .map(|(name, text)| {
            json!({
                "id": format!("f-{name}"),
                "label": labels.get(name).cloned().unwrap_or_default(),
                "text": text,
            })
        })
        .collect();
    // The score as saved, so the total shows without the page's script; the script keeps
    // it current as the clerk types.
    let saved_score = match (&f.dossier, t.snap.campaign.plan.as_ref()) {
        (Some(_), Some(plan)) if status == StatusCode::OK && exists => {
            crate::campaign::scoring::dossier::outcome(plan, t.agency(), &t.source()).ok()
        }
        _ => None,
    };
    let sent = y.get("ngay_gui").map(|_| {
        "Văn bản đã gửi Sở Nội vụ. Những gì bạn sửa và lưu ở đây là bản nháp: Sở Nội vụ vẫn dùng bản đã gửi cho đến khi bạn bấm «Gửi lại» ở trang Xem trước.".to_string()
    });
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
            "error_links": error_links,
            "errors": st.errors,
            "csrf": sess.csrf,
            "returned": returned(y),
            "appraised": appraised(y),
            "version": version,
            "show_trich_yeu": y.get("trich_yeu").is_some() || !spec.family.contains("block trich_yeu"),
            "total": saved_score.as_ref().map(|o| o.tong_diem.to_string()).unwrap_or_default(),
            "class": saved_score.as_ref().and_then(|o| o.xep_loai.clone()).unwrap_or_default(),
            "group_totals": saved_score.as_ref().map(|o| o.nhom.iter().map(|g| (g.so.clone(), format!("{}/{}", g.tu_cham, g.toi_da))).collect::<BTreeMap<_, _>>()).unwrap_or_default(),
            "f": f,
        }),
    )
}

#[derive(serde::Deserialize, Default)]
pub struct Flags {
    #[serde(rename = "da-luu")]
    pub(super) da_luu: Option<String>,
    pub(super) tai: Option<String>,
    #[serde(rename = "da-gui")]
    pub(super) da_gui: Option<String>,
    /// The version a page image's address names.
    pub(super) v: Option<String>,
}

pub async fn edit(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
    Query(q): Query<Flags>,
) -> Response {
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
            Ok(c) => form_page(
                &s2,
                &t,
                &sess,
                &c.yaml,
                &c.version,
                c.exists,
                FormState {
                    saved: q.da_luu.is_some(),
                    ..Default::default()
                },
                StatusCode::OK,
            ),
            Err(d) => unreadable(&s2, &t, d),
        }
    })
    .await
}

/// Checks `text` as the document `t` with the same checks as `vanban check`, in a temporary
/// copy under `.vanban/kiem-tra/` (never in `data/`, where a watcher, a backup or a build
/// would see it); diagnostics name the real file.
pub(super) fn check(t: &Target, text: &str) -> Vec<Diagnostic> {
    probes::compose_copy(t, text).1
}

/// Errors beside their fields; the rest (and those of other files) above the form.
pub(super) fn place(
    s: &Server,
    t: &Target,
    diags: &[Diagnostic],
    e: &Emitted,
    y: &Yaml,
    shown: &std::collections::BTreeMap<String, String>,
) -> FormState {
    let mut st = FormState::default();
    let words = forms::message_words(shown, &t.template(y), &t.label());
    for d in diags.iter().filter(|d| !d.warning) {
        let text = crate::serve::words::for_clerk(&d.message, d.hint.as_deref(), &words);
        let field = (d.file == t.path && d.line > 0)
            .then(|| e.path_at(d.line))
            .flatten()
            .map(|p| forms::field_of(p, y))
            .filter(|f| shown.contains_key(f));
        match field {
            Some(f) => {
                let slot = st.errors.entry(f).or_default();
                if !slot.is_empty() {
                    slot.push_str("; ");
                }
                slot.push_str(&text);
            }
            None if d.file == t.path => st.general.push(text),
            None => st.general.push(format!(
                "{}: {text}",
                d.file.strip_prefix(&s.root).unwrap_or(&d.file).display()
            )),
        }
    }
    st
}

/// A field longer than this, in a document over the size limit, is named as the cause.
const LONG_FIELD_CHARS: usize = 20_000;

/// A document over the size a data file may have (`load::limits::MAX_FILE_BYTES`) is not
/// checked or saved: the form comes back with what was typed, the long fields marked.
fn too_long(
    posted: &Posted,
    text: &str,
    shown: &std::collections::BTreeMap<String, String>,
) -> Option<FormState> {
    let max = crate::load::limits::MAX_FILE_BYTES as usize;
    if text.len() <= max {
        return None;
    }
    let kb = |n: usize| crate::ground::nd30::integer(n.div_ceil(1024) as i64);
    let mut st = FormState::default();
    st.general.push(format!(
        "Văn bản dài {} KB, quá mức tối đa {} KB của một văn bản nên chưa lưu. Rút gọn phần dài nhất, hoặc đưa phụ lục, danh sách dài thành tệp đính kèm riêng.",
        kb(text.len()),
        kb(max)
    ));
    for (name, value) in &posted.0 {
        let chars = value.chars().count();
        if chars > LONG_FIELD_CHARS && shown.contains_key(name) {
            st.errors.insert(
                name.clone(),
                format!(
                    "Ô này dài {} ký tự (khoảng {} trang); hãy rút gọn.",
                    crate::ground::nd30::integer(chars as i64),
                    crate::ground::nd30::integer((chars / 3_000).max(1) as i64)
                ),
            );
        }
    }
    Some(st)
}

pub async fn save(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let sess = match allowed(&s, &headers, &agency, true) {
        Ok(x) => x,
        Err(r) => return r,
    };
    on_document(
        &s,
        sess,
        Posted(pairs),
        agency,
        doc,
        move |s2, sess, t, c, posted| {
            let spec = spec(&t, &c.yaml);
            let shown = forms::form(&spec, &c.yaml);
            let mut y = c.yaml.clone();
            forms::apply(&spec, &shown, posted, &mut y);
            if c.exists && y == c.yaml {
                // Nothing changed: no new version.
                return see_other(&format!("{}?da-luu=1", t.url()));
            }
            // A save is a draft: it never sends, whatever the document's state.
            let (_, before) = super::states::doc_state(&t);
            let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
            let expected = posted.get("phien_ban").unwrap_or("").to_string();
            let labels = forms::shown_fields(&shown);
            // Refused: the form again, with what was typed and where it went wrong.
            let refuse = |st: FormState| {
                form_page(
                    s2,
                    &t,
                    sess,
                    &y,
                    &expected,
                    c.exists,
                    st,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            };
            if let Some(st) = too_long(posted, &emitted.text, &labels) {
                return refuse(st);
            }
            let diags = check(&t, &emitted.text);
            // Text where a number belongs is told in the clerk's words, in place of what
            // the check says of it.
            let typed = forms::typed_errors(posted, &labels);
            if !typed.is_empty() || diags.iter().any(|d| !d.warning) {
                let mut st = place(s2, &t, &diags, &emitted, &y, &labels);
                st.errors.extend(typed);
                return refuse(st);
            }
            // A file marked sent by hand keeps what it said as its first sending.
            if let Err(e) = super::states::keep_hand_sent(&t, &c.yaml, &c.text) {
                return internal(
                    s2,
                    &format!(
                        "Không lưu được bản đã gửi: {}",
                        crate::load::yaml::io_vi(&e)
                    ),
                );
            }
            let action = match super::states::draft_action(sess, before) {
                Ok(a) => a,
                Err(r) => return super::states::refused(s2, "Chưa lưu được", r),
            };
            match s2.store.save(
                &s2.root,
                &t.path,
                &expected,
                &emitted.text,
                &audit_who(sess),
                &action,
            ) {
                Ok(Saved::Done(_)) => {
                    s2.changed(!c.exists);
                    see_other(&format!("{}?da-luu=1", t.url()))
                }
                Ok(Saved::Conflict { current, version }) => {
                    let st = FormState {
                        conflict: Some(if current.is_empty() {
                            "(tệp đã bị xóa)".into()
                        } else {
                            current
                        }),
                        ..Default::default()
                    };
                    form_page(
                        s2,
                        &t,
                        sess,
                        &y,
                        &version,
                        c.exists,
                        st,
                        StatusCode::CONFLICT,
                    )
                }
                Err(e) => internal(
                    s2,
                    &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e)),
                ),
            }
        },
    )
    .await
}

/// A change to one document: the CSRF token checked, then `work` on the blocking threads
/// with the document and its file as it is now (save, send, appraise, return).
pub(super) async fn on_document<F>(
    s: &Arc<Server>,
    sess: Session,
    posted: Posted,
    agency: String,
    doc: String,
    work: F,
) -> Response
where
    F: FnOnce(&Server, &Session, Target, Current, &Posted) -> Response + Send + 'static,
{
    if !csrf_ok(&sess, &posted) {
        return bad_csrf(s);
    }
    let s2 = s.clone();
    blocking(s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        match current(&t) {
            Ok(c) => work(&s2, &sess, t, c, &posted),
            Err(d) => unreadable(&s2, &t, d),
        }
    })
    .await
}

/// Saves a change of a document's state made from its page (sending it, giving it back):
/// back to the page, or, when the file changed meanwhile, a message saying nothing was done.
pub(super) fn save_state(
    s2: &Server,
    sess: &Session,
    t: &Target,
    posted: &Posted,
    text: &str,
    action: &str,
    conflict: (&str, &str),
) -> Response {
    let expected = posted.get("phien_ban").unwrap_or("");
    match s2
        .store
        .save(&s2.root, &t.path, expected, text, &audit_who(sess), action)
    {
        Ok(Saved::Done(_)) => {
            s2.changed(false);
            see_other(&format!("{}/xem", t.url()))
        }
        Ok(Saved::Conflict { .. }) => message(
            s2,
            StatusCode::CONFLICT,
            "Văn bản vừa được sửa",
            conflict.0,
            conflict.1,
            vec![],
        ),
        Err(e) => internal(
            s2,
            &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e)),
        ),
    }
}
