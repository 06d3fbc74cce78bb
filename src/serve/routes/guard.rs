//! What every request passes through: its body must arrive in time and within the size a
//! form can reach (a Vietnamese page otherwise), and every answer carries the headers that
//! keep the pages from being framed, sniffed or made to run another site's script.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::*;

/// The largest form body read. A document's data file may hold at most 1 MiB
/// (`load::limits::MAX_FILE_BYTES`); the same text posted from a form is percent-encoded,
/// at most three times as long (a Vietnamese letter is three bytes, each written `%XX`), so
/// a form that could still be saved never reaches this.
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// For pages: scripts and styles only from the server's own files (no page has inline
/// script or style), never in a frame, forms only to the server.
const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// For images (page previews, charts): their own inline styles and embedded fonts, nothing
/// that runs.
const IMAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'";

pub async fn guard(State(s): S, req: Request, next: Next) -> Response {
    let req = match read_body(&s, req).await {
        Ok(r) => r,
        Err(refused) => return with_headers(&s, refused),
    };
    with_headers(&s, next.run(req).await)
}

/// The request with its body read in full, within the size limit and the server's wait.
async fn read_body(s: &Server, req: Request) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let wait = s.options.wait;
    let bytes = match tokio::time::timeout(wait, axum::body::to_bytes(body, MAX_BODY_BYTES)).await
    {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return Err(message(
                s,
                StatusCode::PAYLOAD_TOO_LARGE,
                "Nội dung gửi lên quá lớn",
                &format!(
                    "Biểu mẫu gửi lên lớn hơn {} MB nên máy chủ không nhận; dữ liệu một văn bản chỉ được tối đa 1 MB.",
                    MAX_BODY_BYTES >> 20
                ),
                "Bấm nút Quay lại của trình duyệt để lấy lại nội dung đã nhập, rồi bỏ bớt phần dán nhầm (ví dụ cả một tệp khác) trước khi lưu.",
                vec![],
            ))
        }
        Err(_) => {
            return Err(message(
                s,
                StatusCode::REQUEST_TIMEOUT,
                "Gửi quá lâu",
                "Máy chủ chờ nội dung biểu mẫu quá lâu nên đã dừng nhận.",
                "Kiểm tra kết nối mạng rồi bấm lưu lại.",
                vec![],
            ))
        }
    };
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn with_headers(s: &Server, mut r: Response) -> Response {
    let image = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("image/"));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if image { IMAGE_POLICY } else { PAGE_POLICY }),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A login page sets its own (stricter) policy: its address holds the secret.
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    if s.options.secure_cookie {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    r
}
