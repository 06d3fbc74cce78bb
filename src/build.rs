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
    /// Every problem, in a stable order.
    pub errors: Vec<Diagnostic>,
    /// Documents that could not be produced, as "agency/document".
    pub failed: Vec<String>,
    pub elapsed: Duration,
}

/// Everything that stays the same across documents of one build.
pub struct Toolkit {
    pub fonts: FontSet,
    pub composer: Composer,
    pub pdf: PdfEngine,
}

impl Toolkit {
    /// Validates and composes one document of `ws` into its tree (no rendering).
    pub fn assemble(
        &self,
        ws: &Workspace,
        agency: &crate::workspace::Agency,
        src: &crate::workspace::DocSource,
    ) -> Result<Document, Vec<Diagnostic>> {
        let data = src.load().map_err(|d| vec![d])?;
        assemble::document(
            &ws.settings,
            &self.fonts,
            &self.composer,
            ws.province.as_ref(),
            agency,
            src,
            &data,
        )
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

/// Builds the workspace at `root`; `on_written` is called once per file written.
pub fn run(root: &Path, opts: &Options, progress: &dyn Progress) -> Outcome {
    let start = Instant::now();
    let (ws, mut errors) = workspace::load(root);
    let kit = match Toolkit::for_workspace(&ws) {
        Ok(k) => k,
        Err(d) => {
            errors.push(d);
            return Outcome {
                errors,
                elapsed: start.elapsed(),
                ..Default::default()
            };
        }
    };
    errors.extend(unknown_filters(&ws, opts));
    let jobs: Vec<_> = ws
        .agencies
        .iter()
        .filter(|a| opts.agencies.is_empty() || opts.agencies.contains(&a.id))
        .flat_map(|a| a.documents.iter().map(move |d| (a, d)))
        .filter(|(_, d)| opts.documents.is_empty() || opts.documents.contains(&d.name))
        .collect();
    progress.start(jobs.len());
    let build_one = |agency: &workspace::Agency, src: &workspace::DocSource| {
        let doc = match kit.assemble(&ws, agency, src) {
            Ok(d) => d,
            Err(diags) => {
                progress.done(&agency.id, &src.name);
                return (vec![], diags);
            }
        };
        let mut written = Vec::new();
        let mut diags = Vec::new();
        let ident = format!("{}/{}", agency.id, src.name);
        for &format in &opts.formats {
            let out =
                ws.output_dir()
                    .join(&agency.id)
                    .join(format!("{}.{}", src.name, format.ext()));
            let res = kit.render(&doc, format, &ident).and_then(|bytes| {
                write_atomic(&out, &bytes)
                    .map_err(|e| format!("không ghi được {}: {e}", out.display()))
            });
            match res {
                Ok(()) => {
                    progress.written(&out);
                    written.push(out);
                }
                Err(m) => diags.push(
                    Diagnostic::file(
                        &src.path,
                        format!("không tạo được tệp {}: {m}", format.ext().to_uppercase()),
                    )
                    .hint("báo lỗi này cho nhóm phát triển kèm tệp dữ liệu"),
                ),
            }
        }
        progress.done(&agency.id, &src.name);
        (written, diags)
    };
    let results = run_workers(jobs.len(), worker_count(opts.jobs), |i| {
        let (agency, src) = jobs[i];
        build_one(agency, src)
    });
    pdf::evict_caches();
    let mut outcome = Outcome {
        documents: jobs.len(),
        errors,
        ..Default::default()
    };
    // Files that did not even load are failed documents too ("agency/*" for an agency file).
    let data = ws.root.join("data");
    for e in &outcome.errors {
        let Ok(rel) = e.file.strip_prefix(&data) else {
            continue;
        };
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        if let [.., agency, file] = parts.as_slice() {
            let doc = file.trim_end_matches(".yaml").trim_end_matches(".yml");
            let doc = if file == workspace::AGENCY_FILE {
                "*"
            } else {
                doc
            };
            let name = format!("{agency}/{doc}");
            if !outcome.failed.contains(&name) {
                outcome.failed.push(name);
            }
        }
    }
    for ((agency, src), (w, d)) in jobs.iter().zip(results) {
        if !d.is_empty() {
            outcome.failed.push(format!("{}/{}", agency.id, src.name));
        }
        outcome.written.extend(w);
        outcome.errors.extend(d);
    }
    outcome.elapsed = start.elapsed();
    outcome
}

/// The process's peak resident memory in MB (Linux: VmHWM), for the build summary and the
/// scale benchmark.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.div_ceil(1024))
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
    let ids: Vec<&str> = ws.agencies.iter().map(|a| a.id.as_str()).collect();
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
    let mut names: Vec<&str> = ws
        .agencies
        .iter()
        .flat_map(|a| a.documents.iter().map(|d| d.name.as_str()))
        .collect();
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
