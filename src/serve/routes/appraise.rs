//! The reporting body's changes to an agency's document: the appraisal of a dossier
//! (`tham_dinh`, checked like any save) and returning a document with a note (`tra_lai`).
//! Only the reporting body's managing role may do either.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde_json::json;

use super::edit::*;
use super::target::*;
use super::*;
use crate::campaign::dates;
use crate::serve::forms::{self, Posted};
use crate::serve::store::Saved;
use crate::serve::yaml_edit::{self, Yaml};

/// The appraisal table: each leaf's self-score, explanation, and appraised points.
fn rows(t: &Target, y: &Yaml) -> Option<Vec<serde_json::Value>> {
    let spec = spec(t, y);
    let form = forms::form(&spec, y);
    let d = form.dossier?;
    let td = y.get("tham_dinh");
    Some(
        d.rows
            .iter()
            .map(|c| {
                let entry = td.and_then(|m| m.get(&c.id));
                let g = |k: &str| {
                    entry
                        .and_then(|e| e.get(k))
                        .map(|v| v.scalar_text())
                        .unwrap_or_default()
                };
                json!({
                    "id": c.id, "so": c.so, "ten": c.ten, "leaf": c.leaf, "toi_da": c.toi_da,
                    "diem": c.diem.replace('.', ","), "giai_trinh": c.giai_trinh,
                    "tham_dinh": g("diem").replace('.', ","), "ly_do": g("ly_do"),
                })
            })
            .collect(),
    )
}

fn page(
    s: &Server,
    t: &Target,
    sess: &Session,
    y: &Yaml,
    version: &str,
    st: FormState,
    status: StatusCode,
) -> Response {
    let Some(mut rows) = rows(t, y) else {
        return message(
            s,
            StatusCode::NOT_FOUND,
            "Không phải hồ sơ chấm điểm",
            "Văn bản này không có bảng tự chấm điểm để thẩm định.",
            "",
            vec![],
        );
    };
    // The dossier as computed now: totals and classes before and after, evidence per row.
    let outcome = t.snap.campaign.plan.as_ref().and_then(|plan| {
        let (d, _) = t.source().load();
        crate::campaign::scoring::dossier::outcome_of(
            &t.path,
            plan,
            t.agency(),
            &d?,
            &mut Vec::new(),
        )
    });
    if let Some(o) = &outcome {
        for r in rows.iter_mut() {
            let so = r["so"].as_str().unwrap_or_default().to_string();
            if let Some(row) = o.dong.iter().find(|x| x.so == so && !x.nhom) {
                r["kiem_chung"] = json!(row.kiem_chung);
            }
        }
    }
    // The bonus and penalty rows as the agency claimed them (read only: the appraisal is per
    // criterion).
    let adjust: Vec<serde_json::Value> = outcome
        .as_ref()
        .map(|o| {
            o.dong
                .iter()
                .filter(|r| r.ten.starts_with("Điểm thưởng") || r.ten.starts_with("Điểm trừ"))
                .map(|r| {
                    json!({"ten": r.ten, "diem": r.tu_cham, "kiem_chung": r.kiem_chung, "giai_trinh": r.giai_trinh})
                })
                .collect()
        })
        .unwrap_or_default();
    let summary = outcome.as_ref().map(|o| {
        json!({
            "tong": o.tong, "thang": o.thang_diem, "xep_loai": o.xep_loai,
            "thuong": (o.diem_thuong != "0").then_some(&o.diem_thuong),
            "tru": (o.diem_tru != "0").then_some(&o.diem_tru),
            "tham_dinh": o.tham_dinh, "xep_loai_tham_dinh": o.xep_loai_tham_dinh,
        })
    });
    html(
        s,
        status,
        "appraise.html",
        json!({
            "summary": summary,
            "adjust": adjust,
            "who": who(&t.snap, &sess.role),
            "agency": t.agency().info.ten_day_du,
            "url": t.url(),
            "rows": rows,
            "saved": st.saved,
            "conflict": st.conflict,
            "general": st.general,
            "field_errors": st.errors.len(),
            "errors": st.errors,
            "csrf": sess.csrf,
            "version": version,
        }),
    )
}

pub async fn appraisal(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
    Query(q): Query<Flags>,
) -> Response {
    let sess = match manager(&s, &headers) {
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
            Ok(c) => page(
                &s2,
                &t,
                &sess,
                &c.yaml,
                &c.version,
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

/// Writes the posted appraisal into `tham_dinh`: a leaf with appraised points gets
/// `{ diem, ly_do }`; an emptied one is removed (it keeps its self-score).
fn apply_appraisal(y: &mut Yaml, leaves: &[String], p: &Posted) {
    for id in leaves {
        let diem = p.get(&format!("td/{id}/diem")).map(str::trim).unwrap_or("");
        let ly_do = p
            .get(&format!("td/{id}/ly_do"))
            .map(str::trim)
            .unwrap_or("");
        let map = y.entry("tham_dinh");
        if diem.is_empty() {
            map.set(id, None);
            continue;
        }
        let t = diem.replace(',', ".");
        let value = t
            .parse::<i64>()
            .map(Yaml::Int)
            .or_else(|_| t.parse::<f64>().map(Yaml::Float))
            .unwrap_or(Yaml::Str(t));
        let entry = map.entry(id);
        entry.set("diem", Some(value));
        entry.set(
            "ly_do",
            (!ly_do.is_empty()).then(|| Yaml::Str(ly_do.to_string())),
        );
    }
    if y.get("tham_dinh").is_some_and(|v| v.is_empty_value()) {
        y.set("tham_dinh", None);
    }
}

pub async fn appraise(
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
        move |s2, sess, t, c, posted| {
            let Some(rows) = rows(&t, &c.yaml) else {
                return not_found_page(s2);
            };
            let leaves: Vec<String> = rows
                .iter()
                .filter(|r| r["leaf"] == json!(true))
                .filter_map(|r| r["id"].as_str().map(str::to_string))
                .collect();
            let act = crate::province::workflow::Act::ThamDinh;
            let (before, after) =
                match super::states::permit(s2, sess, &t, act, "Chưa thẩm định được") {
                    Ok(x) => x,
                    Err(r) => return r,
                };
            let mut y = c.yaml.clone();
            if posted.get("giu_nguyen") == Some("1") {
                // "Giữ nguyên điểm tự chấm": every leaf appraised at its own self-score.
                let mut kept: Vec<(String, String)> = posted.0.clone();
                kept.retain(|(k, _)| !k.starts_with("td/"));
                for r in rows.iter().filter(|r| r["leaf"] == json!(true)) {
                    let id = r["id"].as_str().unwrap_or_default();
                    let own = r["diem"].as_str().unwrap_or_default();
                    kept.push((format!("td/{id}/diem"), own.to_string()));
                }
                apply_appraisal(&mut y, &leaves, &Posted(kept));
            } else {
                apply_appraisal(&mut y, &leaves, posted);
            }
            let expected = posted.get("phien_ban").unwrap_or("").to_string();
            if y == c.yaml {
                return see_other(&format!("{}/tham-dinh?da-luu=1", t.url()));
            }
            let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
            let diags = check(&t, &emitted.text);
            if diags.iter().any(|d| !d.warning) {
                let shown: std::collections::BTreeMap<String, String> = leaves
                    .iter()
                    .flat_map(|id| {
                        [
                            (
                                format!("td/{id}/diem"),
                                format!("Điểm thẩm định, tiêu chí {id}"),
                            ),
                            (
                                format!("td/{id}/ly_do"),
                                format!("Lý do điều chỉnh, tiêu chí {id}"),
                            ),
                        ]
                    })
                    .collect();
                let st = place(s2, &t, &diags, &emitted, &y, &shown);
                return page(
                    s2,
                    &t,
                    sess,
                    &y,
                    &expected,
                    st,
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            }
            match s2.store.save(
                &s2.root,
                &t.path,
                &expected,
                &emitted.text,
                &audit_who(sess),
                &super::states::transition(act, before, after),
            ) {
                Ok(Saved::Done(_)) => {
                    // The appraisal goes with what was sent, which the province counts.
                    if let Err(e) = super::states::appraise_sent(&t, y.get("tham_dinh")) {
                        return internal(
                            s2,
                            &format!(
                                "Không ghi được bản đã gửi: {}",
                                crate::load::yaml::io_vi(&e)
                            ),
                        );
                    }
                    s2.changed(false);
                    see_other(&format!("{}/tham-dinh?da-luu=1", t.url()))
                }
                Ok(Saved::Conflict { current, version }) => page(
                    s2,
                    &t,
                    sess,
                    &y,
                    &version,
                    FormState {
                        conflict: Some(current),
                        ..Default::default()
                    },
                    StatusCode::CONFLICT,
                ),
                Err(e) => internal(
                    s2,
                    &format!("Không ghi được tệp: {}", crate::load::yaml::io_vi(&e)),
                ),
            }
        },
    )
    .await
}

/// Returns a sent document to its agency: the sending moves into `tra_lai` with the date
/// and the note, so the agency sees why, edits, and sends again.
pub async fn give_back(
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
        move |s2, sess, t, c, posted| {
            let note = posted.get("ly_do").map(str::trim).unwrap_or("").to_string();
            if note.is_empty() {
                return message(
                    s2,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Cần ghi lý do trả lại",
                    "Văn bản chưa được trả lại: chưa có lý do.",
                    "Quay lại, ghi lý do (cơ quan sẽ đọc lý do này) rồi bấm Trả lại.",
                    vec![],
                );
            }
            let act = crate::province::workflow::Act::TraLai;
            let (before, after) =
                match super::states::permit(s2, sess, &t, act, "Chưa trả lại được") {
                    Ok(x) => x,
                    Err(r) => return r,
                };
            let Some(sent) = c.yaml.get("ngay_gui").cloned() else {
                return message(
                    s2,
                    StatusCode::CONFLICT,
                    "Văn bản chưa gửi",
                    "Chỉ trả lại được văn bản cơ quan đã gửi.",
                    "",
                    vec![],
                );
            };
            // A document marked sent by hand gets its copy first: the return is of it.
            if let Err(e) = super::states::keep_hand_sent(&t, &c.yaml, &c.text) {
                return internal(s2, &crate::load::yaml::io_vi(&e));
            }
            let mut y = c.yaml.clone();
            let entry = vec![
                (
                    "ngay".to_string(),
                    Yaml::Str(dates::today().format("%Y-%m-%d").to_string()),
                ),
                ("ly_do".to_string(), Yaml::Str(note.clone())),
                ("ngay_gui".to_string(), sent),
            ];
            let mut list = match y.get("tra_lai") {
                Some(Yaml::List(l)) => l.clone(),
                _ => vec![],
            };
            list.push(Yaml::Map(entry));
            y.set("ngay_gui", None);
            y.set("ngay_gui_lai", None);
            y.set("tra_lai", Some(Yaml::List(list)));
            let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
            let diags = check(&t, &emitted.text);
            if let Some(d) = diags.iter().find(|d| !d.warning) {
                return message(
                    s2,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Chưa trả lại được",
                    &d.message,
                    "",
                    vec![],
                );
            }
            let conflict = (
                "Cơ quan vừa lưu lại văn bản trong lúc bạn xem nên chưa trả lại.",
                "Xem lại bản mới nhất rồi làm lại.",
            );
            let action = super::states::transition(act, before, after);
            let r = save_state(s2, sess, &t, posted, &emitted.text, &action, conflict);
            if r.status() == StatusCode::SEE_OTHER {
                if let Err(e) = super::states::record_return(&t, &note, &audit_who(sess)) {
                    return internal(s2, &crate::load::yaml::io_vi(&e));
                }
                s2.changed(false);
            }
            r
        },
    )
    .await
}
