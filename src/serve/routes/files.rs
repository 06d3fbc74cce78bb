//! A document's preview (page images), its DOCX and PDF, and sending it.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde_json::json;

use super::edit::*;
use super::lists::own_sent;
use super::target::*;
use super::*;
use crate::campaign::dates;
use crate::ground::nd30;
use crate::render::Format;
use crate::serve::forms::Posted;
use crate::serve::store;
use crate::serve::yaml_edit::{self, Yaml};

pub async fn preview(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
) -> Response {
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
        let show = diag_text;
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
                "manages": sess.role.manages(),
                "appraisable": sess.role.manages() && built.as_ref().is_some() && t.snap.pipeline.composer.family_text(&template_of(&t)).contains("cham_diem"),
                "returned": current(&t).ok().and_then(|c| returned(&c.yaml)),
                "version": version,
                "pages": (1..=pages).collect::<Vec<_>>(),
            }),
        )
    })
    .await
}

/// The template a document is composed with (its `mau`, else its name's, else the default).
fn template_of(t: &Target) -> String {
    let mau = current(t)
        .ok()
        .and_then(|c| c.yaml.get("mau").map(|m| m.scalar_text()));
    match mau {
        Some(m) => m,
        None if t.snap.pipeline.composer.has(&t.doc) => t.doc.clone(),
        None => crate::document::assemble::DEFAULT_TEMPLATE.to_string(),
    }
}

/// One page image of a preview: "trang-3.svg".
fn page_number(file: &str) -> Option<usize> {
    file.strip_prefix("trang-")?
        .strip_suffix(".svg")?
        .parse()
        .ok()
}

pub async fn file(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc, file)): UrlPath<(String, String, String)>,
    Query(q): Query<Flags>,
) -> Response {
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
        let (built, diags) = t
            .snap
            .pipeline
            .assemble(&t.snap.campaign, t.agency(), &t.source());
        let Some(built) = built else {
            return message(
                &s2,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Văn bản chưa tạo được",
                "Dữ liệu còn lỗi:",
                "Sửa trong mẫu nhập rồi thử lại.",
                diags
                    .iter()
                    .filter(|d| !d.warning)
                    .map(|d| d.message.clone())
                    .collect(),
            );
        };
        let Some(format) = format else {
            let n = page_number(&file).unwrap_or(0);
            let (_, version) = store::read_version(&t.path);
            let key = format!("{}@{version}", t.url());
            return match s2.preview_pages(&key, || t.snap.pipeline.pdf.pages_svg(&built)) {
                Ok(pages) if n >= 1 && n <= pages.len() => (
                    [
                        (header::CONTENT_TYPE, "image/svg+xml"),
                        (header::CACHE_CONTROL, "no-store"),
                    ],
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
                    Format::Docx => (
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "docx",
                    ),
                };
                let how = if q.tai.is_some() || format == Format::Docx {
                    "attachment"
                } else {
                    "inline"
                };
                let disposition = format!("{how}; filename=\"{}-{}.{ext}\"", t.agency().id, t.doc);
                (
                    [
                        (header::CONTENT_TYPE, kind.to_string()),
                        (header::CONTENT_DISPOSITION, disposition),
                        (header::CACHE_CONTROL, "no-store".to_string()),
                    ],
                    bytes,
                )
                    .into_response()
            }
            Err(m) => internal(&s2, &format!("Không tạo được tệp: {m}")),
        }
    })
    .await
}

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
            if c.yaml.get("ngay_gui").is_some() {
                return see_other(&format!("{}/xem", t.url()));
            }
            let mut y = c.yaml.clone();
            y.set(
                "ngay_gui",
                Some(Yaml::Str(dates::today().format("%Y-%m-%d").to_string())),
            );
            let emitted = yaml_edit::emit_like(&y, &c.comments, &c.text);
            let diags = check(&t, &emitted.text);
            if diags.iter().any(|d| !d.warning) {
                return see_other(&format!("{}/xem", t.url()));
            }
            let conflict = (
                "Văn bản vừa được lưu lại trong lúc bạn xem nên chưa gửi.",
                "Xem trước lại bản mới nhất rồi bấm «Gửi».",
            );
            save_state(s2, sess, &t, posted, &emitted.text, "gửi", conflict)
        },
    )
    .await
}
