//! Build: plan the targets (agency × document × format), render them in parallel, write
//! each file atomically (temp file, then rename), and report what happened. Uses
//! `document`, `province` (through the consolidated documents), `render` and below.

mod helpers;
mod inputs;
mod output;
mod pipeline;
mod record;
mod targets;
mod workers;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::campaign::{self, Agency};
use crate::ground::diag::Diagnostic;
use crate::load::workspace::DocSource;
use crate::render::{pdf, Format};

pub use helpers::{serve as serve_helper, HELPER_COMMAND};
pub use output::{remove_temp_files, write_atomic};
pub use pipeline::Pipeline;
pub use workers::{peak_memory_mb, worker_count, MAX_JOBS_PER_CORE};

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
    /// Rebuild every document, even those whose inputs and outputs are unchanged.
    pub force: bool,
    /// The vanban program to start helper processes with, one per worker beyond the first
    /// (see `helpers`); None builds on threads of this process only.
    pub helper: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: vec![Format::Docx, Format::Pdf],
            agencies: vec![],
            documents: vec![],
            jobs: 0,
            force: false,
            helper: None,
        }
    }
}

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
    /// Of those, documents whose inputs and files were unchanged: not rebuilt.
    pub reused: usize,
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
    /// Helper processes that built documents, and the sum of their peak memory in MB.
    pub helpers: usize,
    pub helper_peak_mb: u64,
}

/// What one document job produced.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct JobResult {
    written: Vec<PathBuf>,
    diags: Vec<Diagnostic>,
    failed: bool,
    fatal: bool,
    /// What it was made from (for the record), when it was assembled.
    deps: Option<inputs::Deps>,
}

/// Builds the workspace at `root`; `progress` hears of every file written.
pub fn run(root: &Path, opts: &Options, progress: &dyn Progress) -> Outcome {
    let start = Instant::now();
    let (ws, load_diags) = campaign::open(root);
    let mut outcome = Outcome::default();
    if !ws.root.join("data").is_dir() {
        outcome.fatal = true;
    }
    let pipeline = match Pipeline::for_workspace(&ws) {
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
            || targets::agency_of(&ws, file).is_none_or(|id| opts.agencies.contains(&id))
    };
    let mut diags: Vec<Diagnostic> = load_diags
        .into_iter()
        .filter(|d| selected(&d.file))
        .collect();
    diags.extend(targets::unknown_filters(&ws, opts));
    let Some(pipeline) = pipeline else {
        outcome.errors.extend(diags);
        return finish(outcome, start);
    };
    let (all_jobs, broken) = targets::select(&ws, opts);
    if !opts.formats.is_empty() {
        outcome
            .removed
            .extend(output::remove_temp_files(&ws.output_dir()));
    }
    // Documents whose inputs and files are as recorded are reused, their warnings told again.
    let writing = !opts.formats.is_empty();
    let mut record = if writing && !opts.force {
        record::Record::read(&ws.output_dir())
    } else {
        record::Record::default()
    };
    let mut digests = inputs::Inputs::new(&ws, &pipeline.composer);
    let jobs = if writing {
        unchanged(
            &ws,
            opts,
            &record,
            &mut digests,
            all_jobs,
            &mut outcome,
            &mut diags,
        )
    } else {
        all_jobs
    };
    progress.start(jobs.len() + broken.len());
    let (results, writer_failed) = render_all(&pipeline, &ws, &jobs, opts, progress, &mut outcome);
    outcome.fatal |= writer_failed;

    outcome.documents = jobs.len() + broken.len() + outcome.reused;
    outcome.errors.extend(diags);
    // Agencies whose co-quan.yaml failed: every document of theirs fails, with its own errors.
    for (id, src) in &broken {
        let (_, ds) = src.load();
        outcome.errors.extend(ds);
        outcome.failed.push(format!("{id}/{}", src.name));
        progress.done(id, &src.name);
    }
    for ((agency, src), r) in jobs.iter().zip(results) {
        if writing {
            remember(&mut record, &mut digests, &ws, opts, agency, src, &r);
        }
        if r.failed {
            outcome.failed.push(format!("{}/{}", agency.id, src.name));
            if !opts.formats.is_empty() {
                // A failed document's old files would show old figures as if current.
                for format in [Format::Docx, Format::Pdf] {
                    let old = output::output_path(&ws, &agency.id, &src.name, format);
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
        outcome.removed.extend(output::remove_orphans(&ws));
        record.keep_only(&ws);
    }
    if writing {
        // A record that cannot be written only costs the next build its reuse: said, so
        // the slow next build is no surprise.
        if let Err(e) = record.write(&ws.output_dir()) {
            outcome.errors.push(
                Diagnostic::file(
                    &record::path(&ws.output_dir()),
                    format!(
                        "không ghi được bản ghi lần dựng: {}; lần dựng sau sẽ dựng lại mọi văn bản",
                        crate::load::yaml::io_vi(&e)
                    ),
                )
                .hint("xóa thứ đang chiếm chỗ tệp này (ví dụ một thư mục cùng tên)")
                .warn(),
            );
        }
    }
    finish(outcome, start)
}

type Job<'a> = (&'a Agency, &'a DocSource);

/// The jobs whose documents are not as recorded; each one that is gets counted as reused and
/// its warnings told again.
fn unchanged<'a>(
    ws: &campaign::Campaign,
    opts: &Options,
    record: &record::Record,
    digests: &mut inputs::Inputs,
    all_jobs: Vec<Job<'a>>,
    outcome: &mut Outcome,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Job<'a>> {
    let mut jobs = Vec::with_capacity(all_jobs.len());
    for (agency, src) in all_jobs {
        let key = format!("{}/{}", agency.id, src.name);
        let current = record.van_ban.get(&key).filter(|e| {
            opts.formats.iter().all(|&f| {
                e.file_current(f.ext(), &output::output_path(ws, &agency.id, &src.name, f))
            }) && inputs::hex(&digests.of(agency, &src.path, &e.deps(&ws.root))) == e.dau_vao
        });
        match current {
            Some(e) => {
                outcome.reused += 1;
                diags.extend(e.canh_bao.iter().cloned());
            }
            None => jobs.push((agency, src)),
        }
    }
    jobs
}

/// Builds every job on the workers: one in this process, and a helper process for each
/// further one when the build has a helper program and enough documents. Files are written
/// (and flushed to disk) by a writer thread of their own (a helper's by its own), so the
/// workers never wait on the disk. Returns each job's result and whether the writer itself
/// failed.
fn render_all(
    pipeline: &Pipeline,
    ws: &campaign::Campaign,
    jobs: &[Job],
    opts: &Options,
    progress: &dyn Progress,
    outcome: &mut Outcome,
) -> (Vec<JobResult>, bool) {
    if jobs.is_empty() {
        return (Vec::new(), false);
    }
    let threads = worker_count(opts.jobs).clamp(1, jobs.len());
    let helpers = helpers::count(opts, threads, jobs.len());
    let files = std::sync::Mutex::new(Vec::<output::Written>::new());
    let file = |w: output::Written| {
        if w.result.is_ok() {
            progress.written(&w.path);
        }
        files.lock().unwrap_or_else(|p| p.into_inner()).push(w);
    };
    let peak_mb = std::sync::atomic::AtomicU64::new(0);
    let started = std::sync::atomic::AtomicUsize::new(0);
    let (to_disk, from_workers) = std::sync::mpsc::sync_channel::<output::Pending>(8);
    let (mut results, writer_ok) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| output::writer(from_workers, file));
        let results = {
            let to_disk = to_disk;
            let build = |i: usize| -> JobResult {
                let (agency, src) = jobs[i];
                let r = build_document(pipeline, ws, i, agency, src, &opts.formats, &to_disk);
                progress.done(&agency.id, &src.name);
                r
            };
            let upkeep = workers::Upkeep::new(threads - helpers);
            let shared = helpers::Shared {
                exe: opts.helper.as_deref().unwrap_or(Path::new("")),
                root: &ws.root,
                formats: &opts.formats,
                jobs,
                progress,
                file: &file,
                peak_mb: &peak_mb,
                started: &started,
            };
            let mut all: Vec<Box<dyn workers::Worker<JobResult> + Send>> = Vec::new();
            for _ in 0..threads - helpers {
                all.push(Box::new(workers::Local::new(&upkeep, &build)));
            }
            // Each helper starts on its worker's thread, so this process's worker is busy
            // while the helpers load the workspace.
            for _ in 0..helpers {
                let local = workers::Local::new(&upkeep, &build);
                all.push(Box::new(helpers::Helper::new(&shared, local)));
            }
            let names: Vec<&str> = jobs.iter().map(|(_, src)| src.name.as_str()).collect();
            workers::run_workers(&by_kind(&names), all)
        };
        (results, writer.join().is_ok())
    });
    pdf::evict_caches();
    outcome.helper_peak_mb = peak_mb.into_inner();
    outcome.helpers = started.into_inner();
    // A writer that panicked wrote what it said and no more: the run could not finish.
    if !writer_ok {
        return (results, true);
    }
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    // Told in the order written, which varies between runs; kept in job order.
    files.sort_by(|a, b| (a.job, &a.path).cmp(&(b.job, &b.path)));
    for w in files {
        let r = &mut results[w.job];
        match w.result {
            Ok(()) => r.written.push(w.path),
            Err(e) => {
                r.fatal = true;
                r.failed = true;
                r.diags.push(
                    Diagnostic::file(&w.path, format!("không ghi được tệp: {e}"))
                        .hint("kiểm tra quyền ghi và chỗ trống trên ổ đĩa của thư mục output/; đóng tệp nếu đang mở trong Word"),
                );
            }
        }
    }
    (results, false)
}

/// The jobs' indices, one kind of document after another (every plan, then every report
/// …), each kind in the build's order. Typst's caches keep what the last documents used:
/// a run of one kind reuses its template's layout, where the agency-by-agency order made
/// each kind wait three other documents and lose it (the sample ten times over: one thread
/// 24.9 s in agency order, 10 s by kind). Results still come back in the build's order.
fn by_kind(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| (names[i], i));
    order
}

/// Records what a built document was made from and its files as written; a failed one
/// leaves the record.
fn remember(
    record: &mut record::Record,
    digests: &mut inputs::Inputs,
    ws: &campaign::Campaign,
    opts: &Options,
    agency: &Agency,
    src: &DocSource,
    r: &JobResult,
) {
    let key = format!("{}/{}", agency.id, src.name);
    let Some(deps) = r.deps.as_ref().filter(|_| !r.failed) else {
        record.van_ban.remove(&key);
        return;
    };
    let mut tep = record
        .van_ban
        .remove(&key)
        .filter(|e| e.mau == deps.template)
        .map(|e| e.tep)
        .unwrap_or_default();
    for &f in &opts.formats {
        let out = output::output_path(ws, &agency.id, &src.name, f);
        match inputs::stamp(&out) {
            Some(s) => tep.insert(f.ext().to_string(), s),
            None => tep.remove(f.ext()),
        };
    }
    let dau_vao = inputs::hex(&digests.of(agency, &src.path, deps));
    let canh_bao: Vec<Diagnostic> = r.diags.iter().filter(|d| d.warning).cloned().collect();
    let entry = record::Entry {
        niem_phong: record::seal(&dau_vao, &canh_bao),
        dau_vao,
        mau: deps.template.clone(),
        ca_co_quan: deps.agency_wide,
        ca_tinh: deps.province_wide,
        bang_diem: deps.sheet,
        doc_them: deps
            .reads
            .iter()
            .map(|p| p.strip_prefix(&ws.root).unwrap_or(p).to_path_buf())
            .collect(),
        tep,
        canh_bao,
    };
    record.van_ban.insert(key, entry);
}

/// One document: assembled, then rendered in each format and handed to the writer.
fn build_document(
    pipeline: &Pipeline,
    ws: &campaign::Campaign,
    job: usize,
    agency: &Agency,
    src: &DocSource,
    formats: &[Format],
    to_disk: &std::sync::mpsc::SyncSender<output::Pending>,
) -> JobResult {
    let (doc, diags, deps) = pipeline.assemble_with_deps(ws, agency, src);
    let mut result = JobResult {
        written: vec![],
        failed: doc.is_none(),
        diags,
        fatal: false,
        deps: Some(deps),
    };
    let Some(doc) = doc else {
        return result;
    };
    let ident = format!("{}/{}", agency.id, src.name);
    for &format in formats {
        let path = output::output_path(ws, &agency.id, &src.name, format);
        match pipeline.render(&doc, format, &ident) {
            Ok(bytes) => {
                // The writer outlives the workers: a send fails only if it panicked.
                let _ = to_disk.send(output::Pending { job, path, bytes });
            }
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
    result
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

#[cfg(test)]
mod tests {
    #[test]
    fn documents_are_built_one_kind_after_another_in_the_build_s_order() {
        let names = [
            "ke-hoach",
            "bao-cao-nam",
            "ke-hoach",
            "ho-so",
            "bao-cao-nam",
        ];
        assert_eq!(super::by_kind(&names), vec![1, 4, 3, 0, 2]);
    }
}
