//! A document's preview (page images) and its DOCX and PDF; sending is `sending`'s.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::edit::*;
use super::target::*;
use super::*;
use crate::ground::diag::Diagnostic;
use crate::render::Format;
use crate::serve::forms;
use crate::serve::{store, PreviewPages};

pub async fn preview(
    State(s): S,
    headers: HeaderMap,
    UrlPath((agency, doc)): UrlPath<(String, String)>,
    Query(q): Query<Flags>,
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
        // Problems in the words of the form the clerk fills in (the form's probes run only
        // when there is something to say).
        let labels = current(&t)
            .ok()
            .filter(|_| !diags.is_empty())
            .map(|c| {
                let f = forms::form(&spec(&t, &c.yaml), &c.yaml);
                forms::message_words(&forms::shown_fields(&f), &t.template(&c.yaml), &t.label())
            })
            .unwrap_or_default();
        let show =
            |d: &Diagnostic| crate::serve::words::for_clerk(&d.message, d.hint.as_deref(), &labels);
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
        let view = super::states::sending_view(&t, &sess);
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
                "send": view.send && errors.is_empty(),
                "again": view.again,
                "sent": view.text,
                "locked": view.locked,
                "accept": view.accept,
                "just_sent": q.da_gui.is_some(),
                "sent_copy": view.sent_copy,
                "recipient": view.recipient,
                "csrf": sess.csrf,
                "manages": view.returnable,
                "appraisable": sess.role.manages() && built.as_ref().is_some() && t.snap.pipeline.composer.family_text(&template_of(&t)).contains("cham_diem"),
                "returned": current(&t).ok().and_then(|c| returned(&c.yaml)),
                "version": version,
                "pages": (1..=pages).collect::<Vec<_>>(),
            }),
        )
    })
    .await
}

/// The template a document is composed with, as its file stands.
fn template_of(t: &Target) -> String {
    match current(t) {
        Ok(c) => t.template(&c.yaml),
        Err(_) => t.template(&crate::serve::yaml_edit::Yaml::empty_map()),
    }
}

/// Whether the browser takes gzipped answers.
pub(super) fn takes_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")))
}

/// A page image: gzipped when the browser takes it; kept by the browser for good when its
/// address names the current version (a new version has a new address).
pub(super) fn page_image(gz: &[u8], gzip_ok: bool, current: bool) -> Response {
    let cache = if current {
        "private, max-age=31536000, immutable"
    } else {
        "no-store"
    };
    let mut r = if gzip_ok {
        (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            gz.to_vec(),
        )
            .into_response()
    } else {
        use std::io::Read;
        let mut svg = Vec::new();
        let _ = flate2::read::GzDecoder::new(gz).read_to_end(&mut svg);
        ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
    };
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    h.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Encoding"),
    );
    r
}

/// A download's Content-Disposition: the name a person reads, accents kept (RFC 6266's
/// `filename*`), and an ASCII name for the rare program that reads only `filename`.
pub(super) fn disposition(how: &str, name: &str, ascii: &str) -> String {
    use std::fmt::Write;
    let mut encoded = String::new();
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                encoded.push(b as char)
            }
            _ => {
                let _ = write!(encoded, "%{b:02X}");
            }
        }
    }
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// One page image of a preview: "trang-3.svg".
pub(super) fn page_number(file: &str) -> Option<usize> {
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
    if let Some(ext) = file.strip_prefix("da-gui.") {
        return sent_copy(&s, &headers, agency, doc, ext.to_string()).await;
    }
    let format = match file.as_str() {
        "tep.pdf" => Some(Format::Pdf),
        "tep.docx" => Some(Format::Docx),
        f if page_number(f).is_some() => None,
        _ => return not_found_page(&s),
    };
    if let Err(r) = allowed(&s, &headers, &agency, false) {
        return r;
    }
    let gzip_ok = takes_gzip(&headers);
    let s2 = s.clone();
    blocking(&s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let (_, version) = store::read_version(&t.path);
        let key = format!("{}@{version}", t.url());
        let page = |pages: &PreviewPages| {
            let n = page_number(&file).unwrap_or(0);
            match pages.get(n.wrapping_sub(1)) {
                Some(svg) => page_image(svg, gzip_ok, q.v.as_deref() == Some(version.as_str())),
                None => not_found_page(&s2),
            }
        };
        // A page image of a kept preview needs no composing.
        if format.is_none() {
            if let Some(pages) = s2.kept_preview(&key) {
                return page(&pages);
            }
        }
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
            return match s2.preview_pages(&key, || t.snap.pipeline.pdf.pages_svg(&built)) {
                Ok(pages) => page(&pages),
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
                let disposition = disposition(
                    how,
                    &format!("{} - {}.{ext}", t.label(), t.agency().info.ten_day_du),
                    &format!("{}-{}.{ext}", t.agency().id, t.doc),
                );
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

/// The DOCX or PDF of the last sending, as kept when it was sent ("da-gui.pdf").
async fn sent_copy(
    s: &Arc<Server>,
    headers: &HeaderMap,
    agency: String,
    doc: String,
    ext: String,
) -> Response {
    let kind = match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => return not_found_page(s),
    };
    if let Err(r) = allowed(s, headers, &agency, false) {
        return r;
    }
    let s2 = s.clone();
    blocking(s, move || {
        let t = match target(&s2, &agency, &doc) {
            Ok(t) => t,
            Err(r) => return r,
        };
        let (all, _) =
            crate::load::submissions::sendings(&t.snap.campaign.root, &t.agency().id, &t.doc);
        let Some(bytes) = all
            .last()
            .and_then(|l| std::fs::read(l.rendered(&t.doc, &ext)).ok())
        else {
            return not_found_page(&s2);
        };
        let name = disposition(
            "attachment",
            &format!(
                "{} - {} (bản đã gửi).{ext}",
                t.label(),
                t.agency().info.ten_day_du
            ),
            &format!("{}-{}-da-gui.{ext}", t.agency().id, t.doc),
        );
        (
            [
                (header::CONTENT_TYPE, kind.to_string()),
                (header::CONTENT_DISPOSITION, name),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response()
    })
    .await
}
