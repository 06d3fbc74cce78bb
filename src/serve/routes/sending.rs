//! Sending as a record: "Gửi" keeps a copy of exactly what was sent (the YAML and the
//! rendered DOCX and PDF) in the submission store; the reporting body accepts a sending
//! and closes or reopens a period. Every act asks `province::workflow` first (through
//! `states`) and leaves an audit line "act: before → after".

use std::collections::BTreeMap;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;

use super::edit::{check, on_document};
use super::states::*;
use super::*;
use crate::load::submissions::{self, Record};
use crate::province::workflow::Act;
use crate::render::Format;
use crate::serve::store::{self, Saved};
use crate::serve::yaml_edit::{self, Yaml};

pub async fn send(
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
            if !c.exists {
                return see_other(&t.url());
            }
            if posted.get("xac_nhan") != Some("1") {
                return message(
                    s2,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Chưa gửi",
                    "Văn bản chưa được gửi: chưa đánh dấu ô xác nhận.",
                    "Quay lại trang Xem trước, xem lại văn bản, đánh dấu «Tôi đã xem lại văn bản này» rồi bấm Gửi.",
                    vec![],
                );
            }
            let (before, after) = match permit(s2, sess, &t, Act::Gui, "Chưa gửi được") {
                Ok(x) => x,
                Err(r) => return r,
            };
            let mut y = c.yaml.clone();
            // The first sending stays in `ngay_gui`; a later one is `ngay_gui_lai`.
            let key = if y.get("ngay_gui").is_some() {
                "ngay_gui_lai"
            } else {
                "ngay_gui"
            };
            y.set(key, Some(Yaml::Str(today())));
            let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
            let diags = check(&t, &emitted.text);
            if diags.iter().any(|d| !d.warning) {
                return see_other(&format!("{}/xem", t.url()));
            }
            let expected = posted.get("phien_ban").unwrap_or("");
            let who = audit_who(sess);
            let saved = s2
                .store
                .save(&s2.root, &t.path, expected, &emitted.text, &who, &transition(Act::Gui, before, after));
            match saved {
                Ok(Saved::Done(_)) => {}
                Ok(Saved::Conflict { .. }) => {
                    return message(
                        s2,
                        StatusCode::CONFLICT,
                        "Văn bản vừa được sửa",
                        "Văn bản vừa được lưu lại trong lúc bạn xem nên chưa gửi.",
                        "Xem trước lại bản mới nhất rồi bấm «Gửi».",
                        vec![],
                    )
                }
                Err(e) => {
                    return internal(
                        s2,
                        &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e)),
                    )
                }
            }
            // What was sent, rendered now from the file just written.
            let (built, _) = t.snap.pipeline.assemble(&t.snap.campaign, t.agency(), &t.source());
            let ident = format!("{}/{}", t.agency().id, t.doc);
            let mut rendered: Vec<(&str, Vec<u8>)> = Vec::new();
            if let Some(doc) = &built {
                for (ext, f) in [("docx", Format::Docx), ("pdf", Format::Pdf)] {
                    if let Ok(bytes) = t.snap.pipeline.render(doc, f, &ident) {
                        rendered.push((ext, bytes));
                    }
                }
            }
            let files: Vec<(&str, &[u8])> = rendered.iter().map(|(e, b)| (*e, b.as_slice())).collect();
            let record = Record {
                ngay_gui: today(),
                luc: store::now_stamp(),
                nguoi_gui: who,
                ..Record::default()
            };
            if let Err(e) = submissions::keep(
                &t.snap.campaign.root,
                &t.agency().id,
                &t.doc,
                emitted.text.as_bytes(),
                record,
                &files,
            ) {
                return internal(
                    s2,
                    &format!("Không lưu được bản đã gửi: {}", crate::load::yaml::io_vi(&e)),
                );
            }
            s2.changed(false);
            see_other(&format!("{}/xem?da-gui=1", t.url()))
        },
    )
    .await
}

/// "Tiếp nhận": the desk accepts the last sending as it is.
pub async fn accept(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let sess = match manager(&s, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    on_document(
        &s,
        sess,
        Posted(pairs),
        agency,
        doc,
        move |s2, sess, t, c, _| {
            let (before, after) = match permit(s2, sess, &t, Act::TiepNhan, "Chưa tiếp nhận được")
            {
                Ok(x) => x,
                Err(r) => return r,
            };
            let root = &t.snap.campaign.root;
            // A document marked sent by hand gets its copy first, so there is a sending.
            if let Err(e) = keep_hand_sent(&t, &c.yaml, &c.text) {
                return internal(s2, &crate::load::yaml::io_vi(&e));
            }
            let (mut all, _) = submissions::sendings(root, &t.agency().id, &t.doc);
            let Some(last) = all.last_mut() else {
                return see_other(&format!("{}/xem", t.url()));
            };
            last.record.tiep_nhan = Some(submissions::Act {
                ngay: today(),
                nguoi: audit_who(sess),
                ly_do: String::new(),
            });
            if let Err(e) = submissions::update(last) {
                return internal(s2, &crate::load::yaml::io_vi(&e));
            }
            audit_act(s2, sess, &t, Act::TiepNhan, before, after);
            s2.changed(false);
            see_other(&format!("{}/xem", t.url()))
        },
    )
    .await
}

/// An act posted from the desk page: the managing session and its token checked, then
/// `work` in the desk's lane with the current workspace.
async fn desk_post<F>(
    s: &Arc<Server>,
    headers: &HeaderMap,
    pairs: Vec<(String, String)>,
    work: F,
) -> Response
where
    F: FnOnce(&Server, &Session, &Snapshot, &Posted) -> Response + Send + 'static,
{
    let sess = match manager(s, headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let posted = Posted(pairs);
    if !csrf_ok(&sess, &posted) {
        return bad_csrf(s);
    }
    let s2 = s.clone();
    in_lane(s, &s.lanes.desk, move || match s2.snapshot() {
        Ok(snap) => work(&s2, &sess, &snap, &posted),
        Err(d) => internal(&s2, &d.to_string()),
    })
    .await
}

/// "Khóa số liệu" / "Mở khóa": the desk closes or reopens a deadline's period.
pub async fn lock(
    State(s): S,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    desk_post(&s, &headers, pairs, move |s2, sess, snap, posted| {
        let key = posted.get("han").unwrap_or("").to_string();
        let Some(plan) = snap
            .campaign
            .plan
            .as_ref()
            .filter(|p| p.han.contains_key(&key))
        else {
            return message(
                s2,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Không có hạn nộp này",
                "Kế hoạch của tỉnh không có hạn nộp này.",
                "Quay lại trang tổng hợp và chọn một hạn nộp.",
                vec![],
            );
        };
        let (mut locks, _): (BTreeMap<String, submissions::Act>, _) = submissions::locks(&s2.root);
        let open = posted.get("mo") == Some("1");
        let label = plan.deadline_label(&key);
        if open {
            locks.remove(&key);
        } else {
            locks.insert(
                key.clone(),
                submissions::Act {
                    ngay: today(),
                    nguoi: audit_who(sess),
                    ly_do: String::new(),
                },
            );
        }
        if let Err(e) = submissions::write_locks(&s2.root, &locks) {
            return internal(s2, &crate::load::yaml::io_vi(&e));
        }
        let what = if open {
            "mở khóa số liệu"
        } else {
            "khóa số liệu"
        };
        let _ = store::audit_event(&s2.root, &audit_who(sess), &format!("{what}: {label}"), "-");
        s2.changed(false);
        see_other("/tong-hop")
    })
    .await
}

/// "Soạn công văn đôn đốc": the reminder to the agencies that have not sent a deadline's
/// document, written in the reporting body's folder (an existing one is kept: it may have
/// been edited), then its preview.
pub async fn remind(
    State(s): S,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    use crate::province::reminder::{self, NoReminder};
    desk_post(&s, &headers, pairs, move |s2, sess, snap, posted| {
        let Some(plan) = snap.campaign.plan.as_ref() else {
            return super::target::not_found_page(s2);
        };
        let doc = posted.get("han").unwrap_or("").replace('_', "-");
        let r = match reminder::draft(&snap.campaign, plan, &doc, None, today_date()) {
            Ok(r) => r,
            Err(NoReminder::NobodyMissing) => {
                return message(
                    s2,
                    StatusCode::OK,
                    "Không cần đôn đốc",
                    "Mọi cơ quan phải gửi văn bản này đều đã gửi.",
                    "",
                    vec![],
                )
            }
            Err(_) => {
                return message(
                    s2,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Chưa soạn được công văn đôn đốc",
                    "Không có hạn gửi này, hoặc không tìm được cơ quan nhận báo cáo trong danh sách cơ quan.",
                    "Kiểm tra nơi nhận báo cáo ghi trong kế hoạch cấp trên: tên đó phải là phần đầu tên đầy đủ của một cơ quan (ví dụ Sở Nội vụ).",
                    vec![],
                )
            }
        };
        let path = s2
            .root
            .join("data")
            .join(&r.agency)
            .join(format!("{}.yaml", r.document));
        if !path.exists() {
            if let Err(e) = crate::ground::files::write_atomic(&path, r.yaml.as_bytes()) {
                return internal(s2, &crate::load::yaml::io_vi(&e));
            }
            let _ = store::audit_event(
                &s2.root,
                &audit_who(sess),
                &format!("soạn công văn đôn đốc ({} cơ quan)", r.agencies.len()),
                &format!("data/{}/{}.yaml", r.agency, r.document),
            );
            s2.changed(true);
        }
        see_other(&format!("/co-quan/{}/{}/xem", r.agency, r.document))
    })
    .await
}

fn today_date() -> chrono::NaiveDate {
    crate::campaign::dates::today()
}
