//! Helper processes: a build on several cores runs one worker in this process and one
//! `vanban` process per further core, each building the documents it is handed.
//!
//! Why processes: typst memoises into caches shared by the whole process (comemo's global
//! tables behind read-write locks), so two threads rendering at once slow each other down.
//! On the 1,000-agency benchmark two threads did the work of 1.5 cores; two processes with
//! one thread each did the work of nearly 1.9 (21.9–23.8 s against 23.2–28.9 s, runs taken
//! in turn).
//!
//! The conversation, one JSON value per line. This process sends the plan (formats and the
//! key of every document of the build), then the index of each document the helper is to
//! build, one at a time, and closes its input when there are no more. The helper answers
//! `Ready` once it has loaded the workspace; for each document, `File` for each file it
//! wrote (or failed to) and `Done` with its diagnostics and what it was made from; and
//! `End` with its peak memory when its input is closed and its files are on disk. Files are
//! written by the helper itself, atomically, as in this process.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::output::{self, Written};
use super::workers::{self, Local, Upkeep, Worker};
use super::{build_document, Job, JobResult, Options, Progress};
use crate::campaign;
use crate::ground::diag::Diagnostic;
use crate::render::Format;

/// The hidden command a helper process is started with (`vanban <HELPER_COMMAND> -w …`).
pub const HELPER_COMMAND: &str = "__tro-giup";

/// Documents per helper below which starting one is not worth it (each loads the workspace
/// and the fonts again: 0.1–0.3 s for a province).
const MIN_DOCUMENTS_PER_HELPER: usize = 16;

/// How many of `threads` workers are helper processes for `documents` to build.
pub(super) fn count(opts: &Options, threads: usize, documents: usize) -> usize {
    if opts.helper.is_none() || opts.formats.is_empty() {
        return 0;
    }
    (threads.saturating_sub(1)).min(documents / MIN_DOCUMENTS_PER_HELPER)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Plan {
    formats: Vec<Format>,
    /// "agency/document", in the build's order; the indices sent later point into it.
    documents: Vec<String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
enum Message {
    Ready,
    File(Written),
    Done { job: usize, result: JobResult },
    End { peak_mb: u64 },
}

fn key(job: &Job) -> String {
    format!("{}/{}", job.0.id, job.1.name)
}

/// What the helpers of one build share with it.
pub(super) struct Shared<'a> {
    pub exe: &'a Path,
    pub root: &'a Path,
    pub formats: &'a [Format],
    pub jobs: &'a [Job<'a>],
    pub progress: &'a dyn Progress,
    /// Where each file written is told.
    pub file: &'a (dyn Fn(Written) + Sync),
    /// The sum of the helpers' peak memory, in MB.
    pub peak_mb: &'a AtomicU64,
    /// How many helpers started.
    pub started: &'a AtomicUsize,
}

/// A worker thread of this process that hands its documents to a helper process, started
/// when it takes its first document. If the helper cannot be started, or stops, the worker
/// builds the rest of its documents itself.
pub(super) struct Helper<'a> {
    shared: &'a Shared<'a>,
    child: Option<Running>,
    tried: bool,
    local: Local<'a, JobResult>,
}

struct Running {
    process: Child,
    /// None once closed: the helper then has no more documents.
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl<'a> Helper<'a> {
    pub(super) fn new(shared: &'a Shared<'a>, local: Local<'a, JobResult>) -> Helper<'a> {
        Helper {
            shared,
            child: None,
            tried: false,
            local,
        }
    }

    /// The helper's next message; None when it has stopped.
    fn next(&mut self) -> Option<Message> {
        let child = self.child.as_mut()?;
        let mut line = String::new();
        match child.output.read_line(&mut line) {
            Ok(n) if n > 0 => serde_json::from_str(&line).ok(),
            _ => None,
        }
    }

    fn take(&self, message: Message) {
        match message {
            Message::File(w) => (self.shared.file)(w),
            Message::End { peak_mb } => {
                self.shared.peak_mb.fetch_add(peak_mb, Ordering::Relaxed);
            }
            Message::Ready | Message::Done { .. } => {}
        }
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.process.kill();
            let _ = c.process.wait();
        }
    }
}

/// Starts a helper and waits for it to have loaded the workspace.
fn spawn(shared: &Shared) -> Option<Running> {
    let mut cmd = Command::new(shared.exe);
    cmd.arg(HELPER_COMMAND)
        .arg("-w")
        .arg(shared.root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    // Ctrl-C at the terminal stops this process, not its helpers mid-file: a helper sees
    // its input close, finishes the document under way and leaves.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    #[cfg(windows)]
    {
        // CREATE_NEW_PROCESS_GROUP: Ctrl-C is not delivered to the helper.
        std::os::windows::process::CommandExt::creation_flags(&mut cmd, 0x0000_0200);
    }
    let mut process = cmd.spawn().ok()?;
    let mut input = process.stdin.take()?;
    let mut output = BufReader::new(process.stdout.take()?);
    let plan = Plan {
        formats: shared.formats.to_vec(),
        documents: shared.jobs.iter().map(key).collect(),
    };
    // One write: the plan of a province runs to a hundred kilobytes.
    let sent = serde_json::to_string(&plan).is_ok_and(|text| {
        writeln!(input, "{text}")
            .and_then(|_| input.flush())
            .is_ok()
    });
    let mut line = String::new();
    let ready = sent
        && output.read_line(&mut line).is_ok()
        && matches!(serde_json::from_str(&line), Ok(Message::Ready));
    if !ready {
        let _ = process.kill();
        let _ = process.wait();
        return None;
    }
    Some(Running {
        process,
        input: Some(input),
        output,
    })
}

impl Worker<JobResult> for Helper<'_> {
    fn work(&mut self, i: usize) -> JobResult {
        if !self.tried {
            self.tried = true;
            self.child = spawn(self.shared);
            if self.child.is_some() {
                self.shared.started.fetch_add(1, Ordering::Relaxed);
            }
        }
        let Some(child) = self.child.as_mut() else {
            return self.local.work(i);
        };
        let sent = child
            .input
            .as_mut()
            .is_some_and(|w| writeln!(w, "{i}").and_then(|_| w.flush()).is_ok());
        if !sent {
            self.stop();
            return self.local.work(i);
        }
        loop {
            match self.next() {
                Some(Message::Done { job, result }) if job == i => {
                    let (agency, src) = self.shared.jobs[i];
                    self.shared.progress.done(&agency.id, &src.name);
                    return result;
                }
                Some(m) => self.take(m),
                None => {
                    // It stopped while building this document: the document may be what
                    // stopped it, so it is not tried again here; the rest are.
                    self.stop();
                    let (agency, src) = self.shared.jobs[i];
                    self.shared.progress.done(&agency.id, &src.name);
                    return JobResult {
                        failed: true,
                        fatal: true,
                        diags: vec![Diagnostic::file(
                            &src.path,
                            "tiến trình phụ của vanban dừng đột ngột khi đang tạo văn bản này",
                        )
                        .hint("chạy lại `vanban build -j 1` để xem lỗi; nếu vẫn lỗi, báo cho nhóm phát triển kèm tệp dữ liệu")],
                        ..JobResult::default()
                    };
                }
            }
        }
    }

    fn end(mut self: Box<Self>) {
        let Some(child) = self.child.as_mut() else {
            return;
        };
        // Closing its input tells it there are no more documents; it then finishes its
        // files and says so.
        drop(child.input.take());
        while let Some(m) = self.next() {
            self.take(m);
        }
        if let Some(mut c) = self.child.take() {
            let _ = c.process.wait();
        }
    }
}

/// The helper side: `vanban __tro-giup -w <workspace>`. Reads the plan and the indices on
/// its input, builds each document with one worker, and answers on its output.
pub fn serve(root: &Path) -> ExitCode {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = String::new();
    if input.read_line(&mut line).is_err() {
        return ExitCode::from(2);
    }
    let Ok(plan) = serde_json::from_str::<Plan>(&line) else {
        return ExitCode::from(2);
    };
    let (ws, _) = campaign::open(root);
    let Ok(pipeline) = super::Pipeline::for_workspace(&ws) else {
        return ExitCode::from(2);
    };
    let all = super::targets::select(&ws, &Options::default()).0;
    let by_key: std::collections::HashMap<String, Job> = all.iter().map(|j| (key(j), *j)).collect();
    let jobs: Vec<Option<Job>> = plan
        .documents
        .iter()
        .map(|k| by_key.get(k).copied())
        .collect();

    let out = Mutex::new(std::io::stdout());
    // A parent that has gone away only ends this helper: writes to it fail, quietly.
    let say = |m: &Message| {
        if let Ok(text) = serde_json::to_string(m) {
            let mut o = out.lock().unwrap_or_else(|p| p.into_inner());
            let _ = writeln!(o, "{text}").and_then(|_| o.flush());
        }
    };
    say(&Message::Ready);
    let (to_disk, from_worker) = std::sync::mpsc::sync_channel::<output::Pending>(8);
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| output::writer(from_worker, |w| say(&Message::File(w))));
        {
            let to_disk = to_disk;
            let upkeep = Upkeep::new(1);
            let build = |i: usize| -> JobResult {
                match jobs.get(i).copied().flatten() {
                    Some((agency, src)) => {
                        build_document(&pipeline, &ws, i, agency, src, &plan.formats, &to_disk)
                    }
                    // Renamed or removed since this build began.
                    None => JobResult {
                        failed: true,
                        diags: vec![Diagnostic::file(
                            &ws.root.join("data").join(format!(
                                "{}.yaml",
                                plan.documents.get(i).map_or("", String::as_str)
                            )),
                            "tệp dữ liệu đã bị đổi tên hay xóa trong lúc đang tạo văn bản",
                        )
                        .hint("chạy lại `vanban build`")],
                        ..JobResult::default()
                    },
                }
            };
            let mut local = Local::new(&upkeep, &build);
            let mut line = String::new();
            loop {
                line.clear();
                match input.read_line(&mut line) {
                    Ok(n) if n > 0 => {}
                    _ => break,
                }
                let Ok(i) = line.trim().parse::<usize>() else {
                    break;
                };
                let result = local.work(i);
                say(&Message::Done { job: i, result });
            }
        }
        let _ = writer.join();
    });
    say(&Message::End {
        peak_mb: workers::peak_memory_mb().unwrap_or(0),
    });
    ExitCode::SUCCESS
}
