//! Build: plan the targets (agency × document × format), render them in parallel, write
//! each file atomically (temp file, then rename), and report what happened.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::assemble;
use crate::compose::Composer;
use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::fonts::FontSet;
use crate::render::pdf::{self, PdfEngine};
use crate::render::{docx, Format};
use crate::workspace::{self, Workspace};

#[derive(Debug, Clone)]
pub struct Options {
    /// Formats to write; empty checks the documents (load, validate, compose) without rendering.
    pub formats: Vec<Format>,
    /// Only these agencies (folder names); empty means all.
    pub agencies: Vec<String>,
    /// Only these documents (file names without .yaml, e.g. "bao-cao-nam"); empty means all.
    pub documents: Vec<String>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: vec![Format::Docx, Format::Pdf],
            agencies: vec![],
            documents: vec![],
            jobs: 0,
        }
    }
}

/// Stack of each document worker. Typst lays out nested content recursively; 16 MiB is what
/// typst's own CLI gives its main thread, and a worker never holds more than one document.
const WORKER_STACK: usize = 16 << 20;

/// Typst's memoisation caches are evicted after every `EVICT_EVERY` documents per worker.
/// What they hold per document (realised content, layouts, shaped text, krilla's font and
/// page work) is almost never reused by the next document: without eviction, 900 PDFs grew
/// the process to 2.2 GB (and ran slower); evicting after each document drops what all
/// documents share too (the evaluated layout template) and costs 45% more time. Every two
/// documents, keeping what was used since the previous eviction, is as fast as no eviction
/// at 70 MB (measured on 300 generated agencies, PDF only).
const EVICT_EVERY: usize = 2;

/// What a caller is told while the build runs.
pub trait Progress: Sync {
    /// The number of documents planned.
    fn start(&self, _documents: usize) {}
    /// One file was written.
    fn written(&self, path: &Path);
    /// One document is finished (written or failed).
    fn done(&self, _agency: &str, _document: &str) {}
}

impl<F: Fn(&Path) + Sync> Progress for F {
    fn written(&self, path: &Path) {
        self(path)
    }
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Documents attempted.
    pub documents: usize,
    /// Files written, in a stable order.
    pub written: Vec<PathBuf>,
    /// Every problem, in a stable order, each once.
    pub errors: Vec<Diagnostic>,
    /// Warnings: printed, but the documents were built.
    pub warnings: Vec<Diagnostic>,
    /// Documents that could not be produced, as "agency/document".
    pub failed: Vec<String>,
    /// Old output files removed: of failed documents (so no stale figures stay behind) and
    /// of documents that no input produces any more.
    pub removed: Vec<PathBuf>,
    /// The build could not run at all (no workspace, unreadable fonts or templates, a file
    /// that could not be written): exit code 2 rather than 1.
    pub fatal: bool,
    pub elapsed: Duration,
}

/// What one document job produced.
struct JobResult {
    written: Vec<PathBuf>,
    diags: Vec<Diagnostic>,
    failed: bool,
    fatal: bool,
}

/// Everything that stays the same across documents of one build.
pub struct Toolkit {
    pub fonts: FontSet,
    pub composer: Composer,
    pub pdf: PdfEngine,
    /// The whole-workspace context of the consolidated documents, by summed report: built
    /// once per build (it reads every agency's files), not once per document.
    consolidation: std::sync::Mutex<std::collections::BTreeMap<String, serde_json::Value>>,
}

impl Toolkit {
    /// Validates and composes one document of `ws` into its tree (no rendering).
    pub fn assemble(
        &self,
        ws: &Workspace,
        agency: &crate::workspace::Agency,
        src: &crate::workspace::DocSource,
    ) -> (Option<Document>, Vec<Diagnostic>) {
        let (data, mut diags) = src.load();
        let Some(data) = data else {
            return (None, diags);
        };
        // The reporting body's documents see the whole workspace.
        let whole = match (
            ws.plan.as_ref(),
            crate::consolidate::DOCUMENTS.contains(&src.name.as_str()),
        ) {
            (Some(plan), true) => {
                let report = data
                    .so_lieu_tu
                    .as_deref()
                    .unwrap_or("bao-cao-nam")
                    .to_string();
                let mut cache = self.consolidation.lock().unwrap_or_else(|p| p.into_inner());
                let value = cache.entry(report).or_insert_with_key(|report| {
                    serde_json::to_value(crate::consolidate::context(ws, plan, report))
                        .expect("plain data serialises")
                });
                Some(value.clone())
            }
            _ => None,
        };
        match assemble::document(
            &ws.settings,
            &self.fonts,
            &self.composer,
            ws.plan.as_ref(),
            agency,
            src,
            &data,
            whole,
        ) {
            Ok((doc, mut warnings)) => {
                diags.append(&mut warnings);
                (Some(doc), diags)
            }
            Err(mut errs) => {
                diags.append(&mut errs);
                (None, diags)
            }
        }
    }

    pub fn for_workspace(ws: &Workspace) -> Result<Toolkit, Diagnostic> {
        let fonts = FontSet::for_workspace(&ws.fonts_dir())
            .map_err(|m| Diagnostic::file(&ws.fonts_dir(), m))?;
        let composer = Composer::new(&ws.templates_dir()).map_err(|e| {
            Diagnostic::file(
                &ws.templates_dir().join(&e.template),
                format!("mẫu không hợp lệ: {}", e.message),
            )
            .hint("sửa cú pháp Tera của mẫu, hoặc xóa tệp để dùng mẫu có sẵn")
        })?;
        let layout_path = ws.templates_dir().join("nd30.typ");
        let layout =
            std::fs::read_to_string(&layout_path).unwrap_or_else(|_| pdf::LAYOUT.to_string());
        let pdf = PdfEngine::new(&fonts, &layout);
        Ok(Toolkit {
            fonts,
            composer,
            pdf,
            consolidation: Default::default(),
        })
    }

    /// Renders one document to one format.
    pub fn render(&self, doc: &Document, format: Format, ident: &str) -> Result<Vec<u8>, String> {
        match format {
            Format::Docx => docx::render(doc),
            Format::Pdf => self.pdf.render(doc, ident),
        }
    }
}

/// Builds the workspace at `root`; `progress` hears of every file written.
pub fn run(root: &Path, opts: &Options, progress: &dyn Progress) -> Outcome {
    let start = Instant::now();
    let (ws, load_diags) = workspace::open(root);
    let mut outcome = Outcome::default();
    if !ws.root.join("data").is_dir() {
        outcome.fatal = true;
    }
    let kit = match Toolkit::for_workspace(&ws) {
        Ok(k) => Some(k),
        Err(d) => {
            outcome.fatal = true;
            outcome.errors.push(d);
            None
        }
    };
    // With --agency, problems of agencies not asked for are none of this run's business.
    let selected = |file: &Path| -> bool {
        opts.agencies.is_empty()
            || agency_of(&ws, file).is_none_or(|id| opts.agencies.iter().any(|a| *a == id))
    };
    let mut diags: Vec<Diagnostic> = load_diags
        .into_iter()
        .filter(|d| selected(&d.file))
        .collect();
    diags.extend(unknown_filters(&ws, opts));
    let Some(kit) = kit else {
        outcome.errors.extend(diags);
        return finish(outcome, start);
    };
    let wanted = |id: &str, name: &str| {
        (opts.agencies.is_empty() || opts.agencies.iter().any(|a| a == id))
            && (opts.documents.is_empty() || opts.documents.iter().any(|d| d == name))
    };
    let jobs: Vec<(&workspace::Agency, &workspace::DocSource)> = ws
        .agencies
        .iter()
        .flat_map(|a| a.documents.iter().map(move |d| (a, d)))
        .filter(|(a, d)| wanted(&a.id, &d.name))
        .collect();
    // Documents of agencies whose co-quan.yaml is broken: read for their own errors only.
    let broken: Vec<(&str, &workspace::DocSource)> = ws
        .broken
        .iter()
        .flat_map(|b| b.documents.iter().map(move |d| (b.id.as_str(), d)))
        .filter(|(id, d)| wanted(id, &d.name))
        .collect();
    if !opts.formats.is_empty() {
        outcome.removed.extend(remove_temp_files(&ws.output_dir()));
    }
    progress.start(jobs.len() + broken.len());
    let build_one = |agency: &workspace::Agency, src: &workspace::DocSource| -> JobResult {
        let (doc, diags) = kit.assemble(&ws, agency, src);
        let mut result = JobResult {
            written: vec![],
            failed: doc.is_none(),
            diags,
            fatal: false,
        };
        let ident = format!("{}/{}", agency.id, src.name);
        for &format in doc.as_ref().map_or(&[][..], |_| &opts.formats[..]) {
            let doc = doc.as_ref().expect("checked");
            let out = output_path(&ws, &agency.id, &src.name, format);
            match kit.render(doc, format, &ident) {
                Ok(bytes) => match write_atomic(&out, &bytes) {
                    Ok(()) => {
                        progress.written(&out);
                        result.written.push(out);
                    }
                    Err(e) => {
                        result.fatal = true;
                        result.failed = true;
                        result.diags.push(
                            Diagnostic::file(&out, format!("không ghi được tệp: {}", crate::yaml::io_vi(&e)))
                                .hint("kiểm tra quyền ghi và chỗ trống trên ổ đĩa của thư mục output/; đóng tệp nếu đang mở trong Word"),
                        );
                    }
                },
                Err(m) => {
                    result.failed = true;
                    result.diags.push(
                        Diagnostic::file(
                            &src.path,
                            format!("không tạo được tệp {}: {m}", format.ext().to_uppercase()),
                        )
                        .hint("báo lỗi này cho nhóm phát triển kèm tệp dữ liệu"),
                    );
                }
            }
        }
        progress.done(&agency.id, &src.name);
        result
    };
    let results = run_workers(jobs.len(), worker_count(opts.jobs), |i| {
        let (agency, src) = jobs[i];
        build_one(agency, src)
    });
    pdf::evict_caches();

    outcome.documents = jobs.len() + broken.len();
    outcome.errors.extend(diags);
    // Agencies whose co-quan.yaml failed: every document of theirs fails, with its own errors.
    for (id, src) in &broken {
        let (_, ds) = src.load();
        outcome.errors.extend(ds);
        outcome.failed.push(format!("{id}/{}", src.name));
        progress.done(id, &src.name);
    }
    for ((agency, src), r) in jobs.iter().zip(results) {
        if r.failed {
            outcome.failed.push(format!("{}/{}", agency.id, src.name));
            if !opts.formats.is_empty() {
                // A failed document's old files would show old figures as if current.
                for format in [Format::Docx, Format::Pdf] {
                    let old = output_path(&ws, &agency.id, &src.name, format);
                    if std::fs::remove_file(&old).is_ok() {
                        outcome.removed.push(old);
                    }
                }
            }
        }
        outcome.fatal |= r.fatal;
        outcome.written.extend(r.written);
        outcome.errors.extend(r.diags);
    }
    if !opts.formats.is_empty() && opts.agencies.is_empty() && opts.documents.is_empty() {
        outcome.removed.extend(remove_orphans(&ws));
    }
    finish(outcome, start)
}

/// Splits warnings from errors, drops repeats, and stamps the time.
fn finish(mut outcome: Outcome, start: Instant) -> Outcome {
    let all = std::mem::take(&mut outcome.errors);
    for d in all {
        let list = if d.warning {
            &mut outcome.warnings
        } else {
            &mut outcome.errors
        };
        if !list.contains(&d) {
            list.push(d);
        }
    }
    outcome.elapsed = start.elapsed();
    outcome
}

/// `output/<agency>/<document>.<ext>`; the reporting body's documents in
/// `output/tong-hop/`.
fn output_path(ws: &Workspace, agency: &str, document: &str, format: Format) -> PathBuf {
    ws.output_dir()
        .join(crate::workspace::output_folder(agency, document))
        .join(format!("{document}.{}", format.ext()))
}

/// The agency folder a data file belongs to, if any (`data/<id>/…`).
fn agency_of(ws: &Workspace, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(ws.root.join("data")).ok()?;
    let mut parts = rel.iter();
    let first = parts.next()?;
    parts.next()?;
    Some(first.to_string_lossy().to_string())
}

/// Temporary files an interrupted build left in `output/` (ours start with "." and end
/// with ".tmp").
fn remove_temp_files(output: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for e in walkdir::WalkDir::new(output)
        .max_depth(2)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && name.starts_with('.') && name.ends_with(".tmp") {
            if std::fs::remove_file(e.path()).is_ok() {
                removed.push(e.path().to_path_buf());
            }
        }
    }
    removed
}

/// DOCX and PDF files in `output/` that no document of the workspace produces any more (a
/// renamed agency or document), and the folders they leave empty. Nothing else is touched.
fn remove_orphans(ws: &Workspace) -> Vec<PathBuf> {
    let docs = ws.documents_by_agency();
    let produced = |agency: &str, stem: &str| docs.get(agency).is_some_and(|d| d.contains(&stem));
    let mut removed = Vec::new();
    let Ok(dirs) = std::fs::read_dir(ws.output_dir()) else {
        return removed;
    };
    let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let agency = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Ok(files) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = files.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let ours = f.extension().is_some_and(|e| e == "docx" || e == "pdf");
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            if f.is_file() && ours && !produced(&agency, &stem) && std::fs::remove_file(&f).is_ok()
            {
                removed.push(f);
            }
        }
        // Only removes the folder when it is empty now.
        let _ = std::fs::remove_dir(dir);
    }
    removed
}

/// The process's peak resident memory in MB (Linux: VmHWM), for the build summary and the
/// scale benchmark.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.div_ceil(1024))
}

/// glibc's allocator is asked to hand freed memory back after this many documents per worker.
const TRIM_EVERY: usize = 8;

/// Returns the allocator's free pages to the system. With glibc, the many mid-sized buffers
/// of each document (zip parts, XML, fonts subsets) leave the heap fragmented: without this,
/// resident memory grew by about 0,3 MB per document (300 MB for 900 DOCX files on one
/// thread); with it, it stays flat. Elsewhere it does nothing.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only releases memory the allocator holds unused; it has no
        // preconditions and is thread-safe in glibc.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// How many document workers to start: `requested`, or one per core.
pub fn worker_count(requested: usize) -> usize {
    if requested > 0 {
        requested
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// Runs `job(0..count)` on `threads` plain worker threads that pull indices from a shared
/// counter, and returns the results in index order.
///
/// Why not rayon: typst-pdf (krilla) and typst wait on deferred work with
/// `rayon::yield_now()`, which on a rayon worker runs *other queued jobs of the pool* on the
/// same stack. If documents were rayon jobs, each waiting document would start the next one
/// on top of itself and the stack would grow with the number of queued documents until it
/// overflowed (issue 6). On a thread outside the pool `yield_now()` does nothing, so a
/// worker holds one document at a time; the pool only ever runs typst's own small jobs.
fn run_workers<T: Send>(count: usize, threads: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let threads = threads.clamp(1, count.max(1));
    let mut slots: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|n| {
                std::thread::Builder::new()
                    .name(format!("vanban-{n}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, || {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= count {
                                break;
                            }
                            out.push((i, job(i)));
                            let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                            if done % (EVICT_EVERY * threads) == 0 {
                                pdf::evict_caches();
                            }
                            if done % (TRIM_EVERY * threads) == 0 {
                                release_free_memory();
                            }
                        }
                        out
                    })
                    .expect("spawn a document worker")
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    slots.sort_by_key(|(i, _)| *i);
    slots.into_iter().map(|(_, t)| t).collect()
}

/// Filters that name no agency or document of the workspace are errors, not silence.
fn unknown_filters(ws: &Workspace, opts: &Options) -> Vec<Diagnostic> {
    use crate::diag::did_you_mean;
    let mut out = Vec::new();
    let docs = ws.documents_by_agency();
    let ids: Vec<&str> = docs.keys().copied().collect();
    for a in &opts.agencies {
        if !ids.contains(&a.as_str()) {
            let hint = match did_you_mean(a, ids.iter().copied()) {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => "mã cơ quan là tên thư mục trong data/".to_string(),
            };
            out.push(
                Diagnostic::file(
                    &ws.root.join("data"),
                    format!("không có cơ quan `{a}` (--agency)"),
                )
                .hint(hint),
            );
        }
    }
    let docs_of = |id: &str| -> Vec<&str> { docs.get(id).cloned().unwrap_or_default() };
    let mut names: Vec<&str> = docs.values().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    for d in &opts.documents {
        if !names.contains(&d.as_str()) {
            let hint = match did_you_mean(d, names.iter().copied()) {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => format!("các văn bản có: {}", names.join(", ")),
            };
            out.push(
                Diagnostic::file(
                    &ws.root.join("data"),
                    format!("không có văn bản `{d}` (--document)"),
                )
                .hint(hint),
            );
        }
    }
    // Every agency asked for must have at least one of the documents asked for; otherwise
    // the run would build nothing for it and still say it succeeded.
    if !opts.documents.is_empty() {
        for a in opts.agencies.iter().filter(|a| ids.contains(&a.as_str())) {
            let own = docs_of(a);
            if !opts.documents.iter().any(|d| own.contains(&d.as_str())) {
                out.push(
                    Diagnostic::file(
                        &ws.root.join("data").join(a),
                        format!(
                            "cơ quan `{a}` không có văn bản {}",
                            opts.documents
                                .iter()
                                .map(|d| format!("`{d}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .hint(format!("văn bản của `{a}`: {}", own.join(", "))),
                );
            }
        }
    }
    out
}

/// Writes via a temporary file in the same folder and a rename, so a reader never sees a
/// half-written document.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
