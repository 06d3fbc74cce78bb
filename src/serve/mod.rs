//! `vanban serve`: the web front end. Agencies open a secret link, fill in their documents
//! in forms generated from the campaign's data, preview the real pages, and send. The
//! workspace's YAML files stay the one source of truth: every page reads them, every save
//! writes them (validated by the same checks as `vanban check`, atomically, versioned).
//! Uses `build` (the pipeline), `province` (the status), `campaign`, `document`, `load`.

pub mod access;
pub mod charts;
mod comments;
mod desk;
pub mod forms;
pub mod listen;
mod pages;
mod routes;
pub mod store;
mod words;
pub mod yaml_edit;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::build::Pipeline;
use crate::campaign::{self, Campaign};
use crate::ground::diag::Diagnostic;
pub use desk::{DeskData, Figures};

pub use routes::MAX_BODY_BYTES;

/// How one server runs: set on the command line of `vanban serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Send cookies only over HTTPS (behind a TLS reverse proxy), and ask browsers to keep to
    /// HTTPS.
    pub secure_cookie: bool,
    /// A session unused this long ends.
    pub idle: Duration,
    /// The address agencies open, for the links the desk issues ("https://vanban.tayninh.gov.vn"):
    /// never taken from a request, whose Host header anyone can write.
    pub origin: String,
    /// How long a client may take to send a request's headers, and its body.
    pub wait: Duration,
    /// Earlier versions kept of each document.
    pub keep_versions: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            secure_cookie: false,
            idle: access::DEFAULT_IDLE,
            origin: "http://127.0.0.1:8080".into(),
            wait: listen::DEFAULT_WAIT,
            keep_versions: store::DEFAULT_KEEP,
        }
    }
}

/// The workspace as the server last read it, and the pipeline for its templates and fonts.
pub struct Snapshot {
    keys: Keys,
    pub campaign: Arc<Campaign>,
    pub diags: Vec<Diagnostic>,
    pub pipeline: Arc<Pipeline>,
}

/// One server: its workspace, sessions, writer and pages.
pub struct Server {
    pub root: PathBuf,
    pub sessions: access::Sessions,
    /// The issued links, as last read.
    pub links: access::LinkBook,
    pub store: store::Store,
    /// The snapshot, and when its files were last looked at (None: look at the next request).
    snapshot: Mutex<Option<(Arc<Snapshot>, Option<Instant>)>>,
    pages: pages::Pages,
    /// Page images of recent previews, by "agency/document@version".
    pub previews: Mutex<Vec<(String, PreviewPages)>>,
    pub options: Options,
    /// What the desk reads of every agency, for the files' state it was read in.
    desk: Mutex<Option<(Keys, Arc<OnceLock<Arc<DeskData>>>)>>,
    /// Each agency's part of it, kept while the agency's files stay as they were.
    desk_parts: desk::Parts,
    /// Places for work on the blocking threads.
    pub lanes: Lanes,
    /// Pieces of work done, for evicting typst's caches every few.
    done: std::sync::atomic::AtomicUsize,
}

/// Typst's memoisation caches are evicted after this many pieces of blocking work (a save,
/// a preview, a download): a document's layout is hardly ever reused by the next request,
/// and kept it would grow the server by about a megabyte a request (issue 28).
const EVICT_EVERY: usize = 2;

/// How much blocking work runs at once: the agencies' requests (saves, previews) and the
/// desk's each get twice the cores, so neither can starve the other.
pub struct Lanes {
    pub agencies: tokio::sync::Semaphore,
    pub desk: tokio::sync::Semaphore,
}

impl Default for Lanes {
    fn default() -> Self {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        Lanes {
            agencies: tokio::sync::Semaphore::new(n),
            desk: tokio::sync::Semaphore::new(n),
        }
    }
}

impl Server {
    pub fn new(root: &Path, options: Options) -> Result<Arc<Server>, String> {
        if !root.join("data").is_dir() {
            return Err(crate::load::workspace::no_data_folder(root).to_string());
        }
        remove_stale_checks(root);
        store::reconcile(root).map_err(|e| {
            format!(
                "không ghi được nhật ký .vanban/nhat-ky.tsv: {}",
                crate::load::yaml::io_vi(&e)
            )
        })?;
        let server = Server {
            root: root.to_path_buf(),
            sessions: access::Sessions::with_idle(options.idle),
            links: Default::default(),
            store: store::Store::keeping(options.keep_versions),
            snapshot: Mutex::new(None),
            pages: pages::Pages::new()?,
            previews: Mutex::new(Vec::new()),
            options,
            desk: Mutex::new(None),
            desk_parts: Default::default(),
            lanes: Default::default(),
            done: Default::default(),
        };
        server.snapshot().map_err(|d| d.to_string())?;
        Ok(Arc::new(server))
    }

    /// The current workspace: read again when a file under `data/`, `vanban.yaml` or a
    /// parent-plan file changed (by the server or by hand); the pipeline is rebuilt only
    /// when templates or fonts changed.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, Diagnostic> {
        {
            let slot = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((s, _)) = slot
                .as_ref()
                .filter(|(_, t)| t.is_some_and(|t| t.elapsed() < RECHECK))
            {
                return Ok(s.clone());
            }
        }
        let keys = fingerprint(&self.root);
        let mut slot = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some((s, _)) = slot
            .as_ref()
            .filter(|(s, _)| s.keys.campaign == keys.campaign && s.keys.engine == keys.engine)
        {
            // Only documents changed: the campaign holds no document's content (they are
            // read when used), so it stays; the consolidated sums do not.
            let s = if s.keys.documents != keys.documents {
                s.pipeline.forget_consolidation();
                Arc::new(Snapshot {
                    keys,
                    campaign: s.campaign.clone(),
                    diags: s.diags.clone(),
                    pipeline: s.pipeline.clone(),
                })
            } else {
                s.clone()
            };
            *slot = Some((s.clone(), Some(now)));
            return Ok(s);
        }
        let (campaign, diags) = campaign::open(&self.root);
        let pipeline = match slot.as_ref().filter(|(s, _)| s.keys.engine == keys.engine) {
            Some((s, _)) => {
                s.pipeline.forget_consolidation();
                s.pipeline.clone()
            }
            None => Arc::new(Pipeline::for_workspace(&campaign)?),
        };
        let s = Arc::new(Snapshot {
            keys,
            campaign: Arc::new(campaign),
            diags,
            pipeline,
        });
        *slot = Some((s.clone(), Some(now)));
        Ok(s)
    }

    /// The desk's data for this snapshot: kept while the files are as they were; when
    /// several requests need it at once, one reads and the others wait for it.
    pub fn desk_data(&self, snap: &Snapshot) -> Arc<DeskData> {
        let cell = {
            let mut slot = self.desk.lock().unwrap_or_else(|p| p.into_inner());
            match slot.as_ref().filter(|(k, _)| *k == snap.keys) {
                Some((_, cell)) => cell.clone(),
                None => {
                    let cell = Arc::new(OnceLock::new());
                    *slot = Some((snap.keys, cell.clone()));
                    cell
                }
            }
        };
        cell.get_or_init(|| {
            Arc::new(DeskData::new(
                &snap.campaign,
                snap.keys.campaign,
                &self.desk_parts,
            ))
        })
        .clone()
    }

    /// After the server itself changed a document: the consolidated sums are stale, and a
    /// new file changes the campaign's list of documents (read again at the next request).
    pub fn changed(&self, new_file: bool) {
        *self.desk.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let mut slot = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((s, checked)) = slot.as_mut() {
            s.pipeline.forget_consolidation();
            if new_file {
                *checked = None;
            }
        }
    }
}

/// How long the workspace's files are taken as unchanged: a file edited by hand shows
/// within this time, and a burst of requests does not look at every file each time.
pub const RECHECK: Duration = Duration::from_millis(1000);

/// Previews kept in memory (the most recent ones; each page ~350 kB of SVG, ~20 % of that
/// gzipped, which is how they are kept and sent).
pub const PREVIEWS_KEPT: usize = 32;

/// A preview's pages: each page's SVG, gzipped.
pub type PreviewPages = Arc<Vec<Vec<u8>>>;

impl Server {
    /// After a piece of blocking work: what typst kept of it goes every few pieces; what
    /// every document shares is used again before the next eviction and stays.
    pub fn upkeep(&self) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(EVICT_EVERY) {
            crate::render::pdf::evict_caches();
        }
    }

    /// A preview's pages if they are kept.
    pub fn kept_preview(&self, key: &str) -> Option<PreviewPages> {
        let cache = self.previews.lock().unwrap_or_else(|p| p.into_inner());
        cache.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone())
    }

    /// A preview's pages, from the cache or made by `make` (SVG text), gzipped and kept.
    pub fn preview_pages(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<Vec<String>, String>,
    ) -> Result<PreviewPages, String> {
        if let Some(p) = self.kept_preview(key) {
            return Ok(p);
        }
        let pages: PreviewPages =
            Arc::new(make()?.iter().map(|svg| gzip(svg.as_bytes())).collect());
        let mut cache = self.previews.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|(k, _)| k != key);
        cache.push((key.to_string(), pages.clone()));
        if cache.len() > PREVIEWS_KEPT {
            cache.remove(0);
        }
        Ok(pages)
    }
}

/// Gzipped bytes (a fast level: the pages are made on request).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

/// Cheap keys of the workspace's files (paths, sizes, modification times): what the
/// campaign is read from (every path under `data/`, agency and parent files' contents,
/// `vanban.yaml`), the documents' contents, and the templates and fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Keys {
    campaign: u64,
    documents: u64,
    engine: u64,
}

fn fingerprint(root: &Path) -> Keys {
    use std::collections::hash_map::DefaultHasher;
    let stamp = |m: &std::fs::Metadata, h: &mut DefaultHasher| {
        m.len().hash(h);
        m.modified().ok().hash(h);
    };
    let mut campaign = DefaultHasher::new();
    let mut documents = DefaultHasher::new();
    let mut engine = DefaultHasher::new();
    if let Ok(m) = std::fs::metadata(root.join(crate::load::workspace::WORKSPACE_FILE)) {
        stamp(&m, &mut campaign);
    }
    let data = root.join("data");
    for e in walkdir::WalkDir::new(&data)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !is_temporary(e.path()))
    {
        e.path().hash(&mut campaign);
        let Ok(m) = e.metadata() else { continue };
        // A folder's time changes with every save in it (a rename); its files tell.
        if m.is_dir() {
            continue;
        }
        // data/<agency>/<document>.yaml: a document; anything else shapes the campaign.
        let document =
            e.depth() == 2 && e.file_name() != crate::load::workspace::AGENCY_FILE && m.is_file();
        stamp(
            &m,
            if document {
                &mut documents
            } else {
                &mut campaign
            },
        );
    }
    // What the agencies sent and the closed periods count as documents.
    let state = root.join(crate::load::submissions::STATE_DIR);
    for e in walkdir::WalkDir::new(crate::load::submissions::store_dir(root))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        e.path().hash(&mut documents);
        if let Ok(m) = e.metadata() {
            stamp(&m, &mut documents);
        }
    }
    if let Ok(m) = std::fs::metadata(state.join(crate::load::submissions::LOCKS_FILE)) {
        stamp(&m, &mut documents);
    }
    for name in ["templates", "fonts"] {
        for e in walkdir::WalkDir::new(root.join(name))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            e.path().hash(&mut engine);
            if let Ok(m) = e.metadata() {
                stamp(&m, &mut engine);
            }
        }
    }
    Keys {
        campaign: campaign.finish(),
        documents: documents.finish(),
        engine: engine.finish(),
    }
}

/// A save's temporary file (its check copy, the first half of an atomic write): not part
/// of the workspace, so its coming and going changes no key.
fn is_temporary(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".tmp"))
}

/// Temporary files a killed server left: check copies (`.vanban/kiem-tra/`, and in agency
/// folders from older versions), and the temporary halves of atomic writes (the real files
/// are whole: old or new).
fn remove_stale_checks(root: &Path) {
    let _ = std::fs::remove_dir_all(root.join(access::STATE_DIR).join("kiem-tra"));
    for e in walkdir::WalkDir::new(root.join("data"))
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") && e.file_type().is_file() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Every route. Agency pages live under `/co-quan/<agency>`; the session decides whether a
/// request may read or write there.
pub fn router(server: Arc<Server>) -> Router {
    use routes as h;
    Router::new()
        .route("/", get(h::home))
        .route("/vao/{secret}", get(h::login))
        .route("/tai-nguyen/{file}", get(h::asset))
        .route("/tong-hop", get(h::desk))
        .route("/tong-hop/so-lieu", get(h::figures))
        .route("/tong-hop/tong-hop.xlsx", get(h::workbook))
        .route("/tong-hop/bieu-do/{name}", get(h::chart))
        .route("/tong-hop/lien-ket", get(h::links).post(h::change_links))
        .route("/co-quan/{agency}/lich-su", get(h::history))
        .route(
            "/co-quan/{agency}/lich-su/{doc}/{version}/{file}",
            get(h::version_page),
        )
        .route(
            "/co-quan/{agency}/{doc}/tham-dinh",
            get(h::appraisal).post(h::appraise),
        )
        .route(
            "/co-quan/{agency}/{doc}/tra-lai",
            axum::routing::post(h::give_back),
        )
        .route(
            "/co-quan/{agency}/{doc}/tiep-nhan",
            axum::routing::post(h::accept),
        )
        .route("/tong-hop/khoa", axum::routing::post(h::lock))
        .route("/tong-hop/don-doc", axum::routing::post(h::remind))
        .route("/co-quan/{agency}", get(h::agency))
        .route("/co-quan/{agency}/{doc}", get(h::edit).post(h::save))
        .route("/co-quan/{agency}/{doc}/xem", get(h::preview))
        .route("/co-quan/{agency}/{doc}/gui", axum::routing::post(h::send))
        .route("/co-quan/{agency}/{doc}/{file}", get(h::file))
        .route("/thoat", get(h::logout_page).post(h::logout))
        .fallback(h::not_found)
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            h::guard,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(server)
}

/// `vanban serve`: serves until Ctrl-C.
pub fn run(root: &Path, addr: &str, options: Options) -> ExitCode {
    let server = match Server::new(root, options) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("lỗi: {m}");
            return ExitCode::from(2);
        }
    };
    // A links file that cannot be read is not "no links": started so, the server would
    // open for nobody, and re-issuing every link is the last thing to do.
    if let Err(e) = access::read_links(root) {
        eprintln!("lỗi: {e}");
        eprintln!(
            "gợi ý: khôi phục .vanban/{} từ bản sao lưu (hoặc sửa chỗ hỏng); chỉ khi không khôi phục được mới cấp lại mọi liên kết bằng `vanban lien-ket`",
            access::LINKS_FILE
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lỗi: không khởi động được máy chủ: {e}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lỗi: không mở được địa chỉ {addr}: {e}");
                eprintln!(
                    "gợi ý: chọn địa chỉ khác bằng --dia-chi, ví dụ --dia-chi 127.0.0.1:8081"
                );
                return ExitCode::from(2);
            }
        };
        use std::io::Write;
        let links = server.links.current(root).len();
        let local = listener.local_addr().ok();
        // A closed standard output (a service manager, a pipe) must not stop the server.
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "vanban serve: http://{} (không gian làm việc {}, {} liên kết đang cấp)",
            local
                .map(|a| a.to_string())
                .unwrap_or_else(|| addr.to_string()),
            root.display(),
            links
        );
        if local.is_some_and(|a| !a.ip().is_loopback()) && !server.options.secure_cookie {
            eprintln!(
                "cảnh báo: máy chủ mở cho cả mạng mà không có HTTPS: liên kết và phiên làm việc đi qua mạng không mã hóa, ai nghe được có thể dùng. Đặt máy chủ sau một reverse proxy có TLS rồi chạy với --https."
            );
        }
        if links == 0 {
            let _ = writeln!(
                out,
                "Chưa có liên kết nào: cấp bằng `vanban lien-ket -w {}`.",
                root.display()
            );
        }
        let _ = writeln!(out, "Dừng bằng Ctrl-C.");
        let _ = out.flush();
        let net = listen::Net::new(server.options.wait);
        let app = router(server);
        listen::serve(listener, app, net, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        ExitCode::SUCCESS
    });
    // Work still running on the blocking threads (a layout) is not waited for: every file
    // is written whole or not at all.
    runtime.shutdown_timeout(Duration::from_millis(500));
    code
}
