//! Driving `vanban serve`'s router in-process: requests with a session cookie, form posts,
//! and the values a page carries (CSRF token, version).

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;
use vanban::serve::{access, router, Server};

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn location(&self) -> Option<String> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// The value of the hidden input `name` on this page.
    pub fn hidden(&self, name: &str) -> String {
        let text = self.text();
        let key = format!("name=\"{name}\" value=\"");
        let at = text
            .find(&key)
            .unwrap_or_else(|| panic!("no field {name} in page:\n{text}"));
        let rest = &text[at + key.len()..];
        rest[..rest.find('"').expect("closing quote")].to_string()
    }
}

pub struct App {
    pub router: Router,
    pub server: Arc<Server>,
}

impl App {
    pub fn new(root: &Path) -> App {
        let server = Server::new(root, Default::default()).expect("server starts");
        App {
            router: router(server.clone()),
            server,
        }
    }

    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Reply {
        self.call_with(method, uri, &[], cookie, form).await
    }

    /// A request with extra headers.
    pub async fn call_with(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        cookie: Option<&str>,
        form: Option<String>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let body = match form {
            Some(f) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(f)
            }
            None => Body::empty(),
        };
        let resp = self
            .router
            .clone()
            .oneshot(req.body(body).expect("request"))
            .await
            .expect("router answers");
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Reply {
        self.call("GET", uri, cookie, None).await
    }

    pub async fn post(&self, uri: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Reply {
        self.call("POST", uri, cookie, Some(encode(fields))).await
    }

    /// Opens a session with `secret`; returns the cookie to send.
    pub async fn login(&self, secret: &str) -> String {
        let r = self.get(&format!("/vao/{secret}"), None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let set = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .expect("a cookie")
            .to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        set.split(';').next().unwrap_or_default().to_string()
    }
}

/// Issues links for `ids`; returns their secrets in order.
pub fn links(root: &Path, ids: &[&str]) -> Vec<String> {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    access::issue(root, &ids, false, "2026-01-01")
        .expect("links issued")
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// `application/x-www-form-urlencoded`.
pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Every named field of the page's main form (`id="van-ban"`), as a browser would post it
/// untouched: inputs, checked boxes, selected options, textareas.
pub fn form_fields(page: &str) -> Vec<(String, String)> {
    let start = page.find("id=\"van-ban\"").expect("the form");
    let end = page[start..]
        .find("</form>")
        .map(|e| start + e)
        .expect("form end");
    let mut form = page[start..end].to_string();
    // Row templates are not posted.
    while let Some(a) = form.find("<template") {
        let b = form[a..]
            .find("</template>")
            .map(|b| a + b + 11)
            .unwrap_or(form.len());
        form.replace_range(a..b, "");
    }
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        Some(unescape(&tag[at..at + tag[at..].find('"')?]))
    };
    let mut out = Vec::new();
    let mut rest = form.as_str();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let close = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[..=close];
        if tag.starts_with("<input") {
            if let Some(name) = attr(tag, "name") {
                let checkbox = tag.contains("type=\"checkbox\"");
                if !checkbox || tag.contains(" checked") {
                    out.push((name, attr(tag, "value").unwrap_or_default()));
                }
            }
        } else if tag.starts_with("<textarea") {
            if let Some(name) = attr(tag, "name") {
                let body = &rest[close + 1..];
                let end = body.find("</textarea>").unwrap_or(0);
                out.push((name, unescape(&body[..end])));
            }
        } else if tag.starts_with("<select") {
            if let Some(name) = attr(tag, "name") {
                let body = &rest[close + 1..];
                let end = body.find("</select>").unwrap_or(0);
                let options = &body[..end];
                let chosen = options
                    .split("<option")
                    .find(|o| o.contains(" selected"))
                    .and_then(|o| attr(o, "value"))
                    .unwrap_or_default();
                out.push((name, chosen));
            }
        }
        rest = &rest[close + 1..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A form's fields with some changed (or added).
pub fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields.to_vec();
    for (k, v) in changes {
        match out.iter_mut().find(|(n, _)| n == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => out.push((k.to_string(), v.to_string())),
        }
    }
    out
}

pub fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
