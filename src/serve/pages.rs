//! The server's HTML pages: Tera templates built into the binary, escaped for HTML, so no
//! user text can become markup. The vendored script and style sheet are served from here too.

use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("pages/base.html")),
    ("agency.html", include_str!("pages/agency.html")),
    ("desk.html", include_str!("pages/desk.html")),
    ("form.html", include_str!("pages/form.html")),
    ("outline_row.html", include_str!("pages/outline_row.html")),
    ("task_row.html", include_str!("pages/task_row.html")),
    ("preview.html", include_str!("pages/preview.html")),
    ("message.html", include_str!("pages/message.html")),
    ("figures.html", include_str!("pages/figures.html")),
    ("history.html", include_str!("pages/history.html")),
    ("appraise.html", include_str!("pages/appraise.html")),
    ("links.html", include_str!("pages/links.html")),
    ("logout.html", include_str!("pages/logout.html")),
];

/// Static files: (name, content type, bytes).
pub const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("assets/app.css"),
    ),
];

pub struct Pages {
    tera: tera::Tera,
}

impl Pages {
    pub fn new() -> Result<Pages, String> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .map_err(|e| format!("trang web lỗi: {e}"))?;
        Ok(Pages { tera })
    }

    /// Renders page `name` with `ctx` (a serialisable map of values).
    pub fn render(&self, name: &str, ctx: &impl Serialize) -> Result<String, String> {
        let ctx = tera::Context::from_serialize(ctx).map_err(|e| e.to_string())?;
        self.tera.render(name, &ctx).map_err(|e| {
            let mut m = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                m.push_str(": ");
                m.push_str(&s.to_string());
                src = s.source();
            }
            m
        })
    }
}
