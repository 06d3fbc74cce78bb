//! `vanban build --theo-doi` (issue 21): after the first build it waits; a save is rebuilt
//! (only what changed), an error is reported with its place, its fix builds again, and
//! Ctrl-C leaves no temporary file.

use crate::support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::*;

/// Waits for a stderr line containing `what`; returns the lines read on the way.
fn wait_for(rx: &mpsc::Receiver<String>, what: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let hit = line.contains(what);
                seen.push(line);
                if hit {
                    return seen;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    panic!("no line with {what:?}; saw:\n{}", seen.join("\n"));
}

#[test]
fn watch_rebuilds_on_save_reports_an_error_then_its_fix_and_stops_cleanly() {
    let ws = sample_workspace("theo-doi");
    // Run from the workspace itself (`-w .`), as a clerk would.
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "--theo-doi", "-f", "pdf", "-w", "."])
        .current_dir(&ws)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = wait_for(&rx, "Đang theo dõi");
    assert!(
        first
            .iter()
            .any(|l| l.starts_with("Tổng kết:") && l.contains(" 0 lỗi")),
        "{first:?}"
    );

    // A save with an error: named with its file and line.
    let f = ws.join("data/so-y-te/ke-hoach.yaml");
    let good = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, good.replacen("ngay: ", "ngay: 2025-02-30 #", 1)).unwrap();
    let broken = wait_for(&rx, "Đang theo dõi");
    assert!(
        broken
            .iter()
            .any(|l| l.contains("Đã sửa: data/so-y-te/ke-hoach.yaml")),
        "{broken:?}"
    );
    assert!(
        broken
            .iter()
            .any(|l| l.starts_with("lỗi:") && l.contains("so-y-te/ke-hoach.yaml:")),
        "{broken:?}"
    );
    assert!(
        broken
            .iter()
            .any(|l| l.starts_with("Tổng kết:") && l.contains(" 1 lỗi")),
        "{broken:?}"
    );

    // Its fix: built again, and only that document (with the consolidated ones it feeds).
    std::fs::write(&f, &good).unwrap();
    let fixed = wait_for(&rx, "Đang theo dõi");
    let summary = fixed.iter().find(|l| l.starts_with("Tổng kết:")).unwrap();
    assert!(
        summary.contains(" 0 lỗi") && summary.contains("không đổi, dùng lại"),
        "{summary}"
    );
    assert!(ws.join("output/so-y-te/ke-hoach.pdf").is_file());

    // Ctrl-C: the process ends, leaving no temporary file.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        code.code().is_some(),
        "ended by its own exit, not killed: {code:?}"
    );
    let temps: Vec<_> = walkdir::WalkDir::new(ws.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    let _ = std::fs::remove_dir_all(&ws);
}
