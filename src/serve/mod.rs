//! `vanban serve`: the web front end. Agencies open a secret link, fill in their documents
//! in forms generated from the campaign's data, preview the real pages, and send. The
//! workspace's YAML files stay the one source of truth: every page reads them, every save
//! writes them (validated by the same checks as `vanban check`, atomically, versioned).
//! Uses `build` (the pipeline), `province` (the status), `campaign`, `document`, `load`.

pub mod access;
mod handlers;
mod pages;
pub mod forms;
pub mod store;
pub mod yaml_edit;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::build::Pipeline;
use crate::campaign::{self, Campaign};
use crate::ground::diag::Diagnostic;

/// The largest form a browser may post (a dossier of a large score sheet is ~40 kB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The workspace as the server last read it, and the pipeline for its templates and fonts.
pub struct Snapshot {
    data_key: u64,
    engine_key: u64,
    pub campaign: Campaign,
    pub diags: Vec<Diagnostic>,
    pub pipeline: Arc<Pipeline>,
}

/// One server: its workspace, sessions, writer and pages.
pub struct Server {
    pub root: PathBuf,
    pub sessions: access::Sessions,
    pub store: store::Store,
    snapshot: Mutex<Option<Arc<Snapshot>>>,
    pages: pages::Pages,
    /// Page images of recent previews, by "agency/document@version".
    pub previews: Mutex<Vec<(String, Arc<Vec<String>>)>>,
    /// Send cookies only over HTTPS (behind a TLS reverse proxy).
    pub secure_cookie: bool,
}

impl Server {
    pub fn new(root: &Path, secure_cookie: bool) -> Result<Arc<Server>, String> {
        if !root.join("data").is_dir() {
            return Err(crate::load::workspace::no_data_folder(root).to_string());
        }
        remove_stale_checks(root);
        let server = Server {
            root: root.to_path_buf(),
            sessions: Default::default(),
            store: Default::default(),
            snapshot: Mutex::new(None),
            pages: pages::Pages::new()?,
            previews: Mutex::new(Vec::new()),
            secure_cookie,
        };
        server.snapshot().map_err(|d| d.to_string())?;
        Ok(Arc::new(server))
    }

    /// The current workspace: read again when a file under `data/`, `vanban.yaml` or a
    /// parent-plan file changed (by the server or by hand); the pipeline is rebuilt only
    /// when templates or fonts changed.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, Diagnostic> {
        let data_key = fingerprint(&self.root, &["data", "vanban.yaml", "tinh.yaml", "ke-hoach-cap-tren.yaml"]);
        let engine_key = fingerprint(&self.root, &["templates", "fonts"]);
        let mut slot = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slot.as_ref().filter(|s| s.data_key == data_key && s.engine_key == engine_key) {
            return Ok(s.clone());
        }
        let (campaign, diags) = campaign::open(&self.root);
        let pipeline = match slot.as_ref().filter(|s| s.engine_key == engine_key) {
            Some(s) => {
                s.pipeline.forget_consolidation();
                s.pipeline.clone()
            }
            None => Arc::new(Pipeline::for_workspace(&campaign)?),
        };
        let s = Arc::new(Snapshot {
            data_key,
            engine_key,
            campaign,
            diags,
            pipeline,
        });
        *slot = Some(s.clone());
        Ok(s)
    }
}

/// Previews kept in memory (the most recent ones; each is a few hundred kB of SVG).
pub const PREVIEWS_KEPT: usize = 32;

impl Server {
    /// A preview's page images, from the cache or made by `make` and kept.
    pub fn preview_pages(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<Vec<String>, String>,
    ) -> Result<Arc<Vec<String>>, String> {
        let lock = || self.previews.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, pages)) = lock().iter().find(|(k, _)| k == key) {
            return Ok(pages.clone());
        }
        let pages = Arc::new(make()?);
        let mut cache = lock();
        cache.retain(|(k, _)| k != key);
        cache.push((key.to_string(), pages.clone()));
        if cache.len() > PREVIEWS_KEPT {
            cache.remove(0);
        }
        Ok(pages)
    }
}

/// A cheap key of a set of files: every path, size and modification time under `names`.
fn fingerprint(root: &Path, names: &[&str]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for name in names {
        for e in walkdir::WalkDir::new(root.join(name))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            e.path().hash(&mut h);
            if let Ok(m) = e.metadata() {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Check files a killed server left in agency folders.
fn remove_stale_checks(root: &Path) {
    for e in walkdir::WalkDir::new(root.join("data"))
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') && name.ends_with(handlers::CHECK_SUFFIX) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Every route. Agency pages live under `/co-quan/<agency>`; the session decides whether a
/// request may read or write there.
pub fn router(server: Arc<Server>) -> Router {
    use handlers as h;
    Router::new()
        .route("/", get(h::home))
        .route("/vao/{secret}", get(h::login))
        .route("/tai-nguyen/{file}", get(h::asset))
        .route("/tong-hop", get(h::desk))
        .route("/co-quan/{agency}", get(h::agency))
        .route("/co-quan/{agency}/{doc}", get(h::edit).post(h::save))
        .route("/co-quan/{agency}/{doc}/xem", get(h::preview))
        .route("/co-quan/{agency}/{doc}/gui", axum::routing::post(h::send))
        .route("/co-quan/{agency}/{doc}/{file}", get(h::file))
        .fallback(h::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(server)
}

/// `vanban serve`: serves until Ctrl-C.
pub fn run(root: &Path, addr: &str, secure_cookie: bool) -> ExitCode {
    let server = match Server::new(root, secure_cookie) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("lỗi: {m}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lỗi: không khởi động được máy chủ: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lỗi: không mở được địa chỉ {addr}: {e}");
                eprintln!("gợi ý: chọn địa chỉ khác bằng --dia-chi, ví dụ --dia-chi 127.0.0.1:8081");
                return ExitCode::from(2);
            }
        };
        use std::io::Write;
        let links = access::read_links(root).map(|l| l.len()).unwrap_or(0);
        // A closed standard output (a service manager, a pipe) must not stop the server.
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "vanban serve: http://{} (không gian làm việc {}, {} liên kết đang cấp)",
            listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| addr.to_string()),
            root.display(),
            links
        );
        if links == 0 {
            let _ = writeln!(out, "Chưa có liên kết nào: cấp bằng `vanban lien-ket -w {}`.", root.display());
        }
        let _ = writeln!(out, "Dừng bằng Ctrl-C.");
        let _ = out.flush();
        let app = router(server);
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
        match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lỗi: máy chủ dừng: {e}");
                ExitCode::from(2)
            }
        }
    })
}
