//! `vanban build --theo-doi`: build, then rebuild on every save under data/, templates/,
//! fonts/ and vanban.yaml (debounced: a burst of saves is one rebuild), printing what was
//! rebuilt and every problem; the record makes each rebuild touch only what changed.
//! Ctrl-C lets a running build finish (a second one stops at once), then removes any
//! temporary file before leaving.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::Options;

/// Quiet time after the last change before rebuilding: an editor's save is several events.
const SETTLE: Duration = Duration::from_millis(300);

enum Event {
    Changed(Vec<PathBuf>),
    Stop,
}

pub fn run(given: &Path, opts: Options) -> ExitCode {
    // Events name absolute paths: compare them with an absolute root (`-w .`); messages keep
    // the workspace as the user gave it.
    let root = &std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    let (tx, rx) = mpsc::channel::<Event>();
    let output = root.join("output");
    let changes = tx.clone();
    let mut watcher = match notify::recommended_watcher(
        move |res: notify::Result<notify::Event>| {
            if let Ok(e) = res {
                if !matches!(e.kind, notify::EventKind::Access(_)) {
                    let _ = changes.send(Event::Changed(e.paths));
                }
            }
        },
    ) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("lỗi: không theo dõi được thư mục: {e}\n  gợi ý: chạy `vanban build` sau mỗi lần sửa");
            return ExitCode::from(super::EXIT_RUN);
        }
    };
    for (p, mode) in [
        ("data", RecursiveMode::Recursive),
        ("templates", RecursiveMode::Recursive),
        ("fonts", RecursiveMode::Recursive),
        ("vanban.yaml", RecursiveMode::NonRecursive),
    ] {
        let path = root.join(p);
        if path.exists() {
            if let Err(e) = watcher.watch(&path, mode) {
                eprintln!("cảnh báo: không theo dõi được {}: {e}", path.display());
            }
        }
    }
    // The root itself, for a vanban.yaml or templates/ created later.
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    stop_on_ctrl_c(tx, output.clone());

    let mut code = super::build_once(given, &opts);
    eprintln!("Đang theo dõi thay đổi (Ctrl-C để dừng)…");
    loop {
        let first = match rx.recv() {
            Ok(Event::Changed(p)) => p,
            Ok(Event::Stop) | Err(_) => break,
        };
        let mut changed: Vec<PathBuf> = first;
        // Debounce: gather what else changes until it has been quiet for SETTLE.
        let stop = loop {
            match rx.recv_timeout(SETTLE) {
                Ok(Event::Changed(p)) => changed.extend(p),
                Ok(Event::Stop) => break true,
                Err(mpsc::RecvTimeoutError::Timeout) => break false,
                Err(mpsc::RecvTimeoutError::Disconnected) => break true,
            }
        };
        changed.retain(|p| relevant(root, &output, p));
        changed.sort();
        changed.dedup();
        if !changed.is_empty() && !stop {
            for p in &changed {
                let shown = p.strip_prefix(root).unwrap_or(p);
                eprintln!("Đã sửa: {}", shown.display());
            }
            code = super::build_once(given, &opts);
            eprintln!("Đang theo dõi thay đổi (Ctrl-C để dừng)…");
        }
        if stop {
            break;
        }
    }
    crate::build::remove_temp_files(&output);
    code
}

/// A change that can alter an output: not the output folder itself, not an editor's swap
/// or backup file, not vanban's own state.
fn relevant(root: &Path, output: &Path, p: &Path) -> bool {
    if p.starts_with(output) || p.starts_with(root.join(".vanban")) {
        return false;
    }
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    !scratch
        && (p.starts_with(root.join("data"))
            || p.starts_with(root.join("templates"))
            || p.starts_with(root.join("fonts"))
            || name == "vanban.yaml")
}

/// Ctrl-C: the loop stops after the build under way; a second Ctrl-C removes the temporary
/// files and leaves at once.
fn stop_on_ctrl_c(tx: mpsc::Sender<Event>, output: PathBuf) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nĐang dừng…");
                let _ = tx.send(Event::Stop);
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                crate::build::remove_temp_files(&output);
                std::process::exit(130);
            }
        });
    });
}
