//! `cargo bench --bench scale [-- N …]`: for generated workspaces of N agencies (default 100
//! and 1,000; three documents each, DOCX and PDF), each run a fresh `vanban build` process:
//! a full build with every core and with one thread (`--tat-ca`), a rebuild with nothing
//! changed, and a rebuild after one agency's annual report changed. Prints a Markdown table
//! of wall time, documents built per second and the process's peak resident memory (VmHWM),
//! the table the README shows.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Row {
    agencies: usize,
    run: String,
    documents: usize,
    files: usize,
    seconds: f64,
    peak_mb: u64,
}

/// One `vanban build` with `args`: (documents, files written, seconds, peak MB).
fn build(ws: &Path, args: &[&str]) -> (usize, usize, f64, u64) {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("build")
        .args(args)
        .arg("-w")
        .arg(ws)
        .output()
        .expect("run vanban");
    let seconds = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "vanban build failed: {stderr}");
    // "Tổng kết: 3000 văn bản (2999 không đổi, dùng lại), 2 tệp đã ghi, 0 lỗi, … 210 MB."
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("Tổng kết:"))
        .expect("summary line");
    let number_before = |word: &str| -> u64 {
        let i = summary.find(word).expect(word);
        summary[..i]
            .split_whitespace()
            .last()
            .and_then(|w| w.trim_start_matches('(').parse().ok())
            .expect("a number")
    };
    let documents = number_before(" văn bản") as usize;
    let reused = if summary.contains(" không đổi") {
        number_before(" không đổi") as usize
    } else {
        0
    };
    let files = number_before(" tệp đã ghi") as usize;
    let peak = summary
        .split("bộ nhớ tối đa ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (documents - reused, files, seconds, peak)
}

/// Changes one figure of one agency's annual report (the middle agency's).
fn change_one_report(ws: &Path) {
    let mut dirs: Vec<_> = std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("bao-cao-nam.yaml").is_file())
        .collect();
    dirs.sort();
    let f = dirs[dirs.len() / 2].join("bao-cao-nam.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    // The first figure line "  id: n" gets one more.
    let mut done = false;
    let changed: Vec<String> = text
        .lines()
        .map(|l| match l.rsplit_once(": ") {
            Some((k, v)) if !done && l.starts_with("  ") && v.parse::<u64>().is_ok() => {
                done = true;
                format!("{k}: {}", v.parse::<u64>().unwrap() + 1)
            }
            _ => l.to_string(),
        })
        .collect();
    assert!(done, "no figure in {}", f.display());
    std::fs::write(&f, changed.join("\n") + "\n").unwrap();
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000]
    } else {
        sizes
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for &n in &sizes {
        let ws = std::env::temp_dir().join(format!("vanban-scale-{n}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&ws);
        vanban::synth::write_workspace(&ws, n).expect("generate workspace");
        let all = match cores {
            1 => "toàn bộ, mọi nhân (1)".to_string(),
            _ => format!("toàn bộ, mọi nhân ({cores} tiến trình)"),
        };
        let runs: [(&str, Vec<&str>, bool); 4] = [
            ("toàn bộ, 1 luồng", vec!["--tat-ca", "-j", "1"], false),
            (all.as_str(), vec!["--tat-ca"], false),
            ("không đổi gì", vec![], false),
            ("sửa 1 báo cáo", vec![], true),
        ];
        for (label, args, change) in runs {
            if change {
                change_one_report(&ws);
            }
            let (documents, files, seconds, peak_mb) = build(&ws, &args);
            eprintln!("{n} cơ quan, {label}: {seconds:.2} s, {documents} văn bản, {peak_mb} MB");
            rows.push(Row {
                agencies: n,
                run: label.to_string(),
                documents,
                files,
                seconds,
                peak_mb,
            });
        }
        let _ = std::fs::remove_dir_all(&ws);
    }
    println!(
        "| Cơ quan | Lần chạy | Văn bản tạo | Tệp ghi | Thời gian | Văn bản/giây | Bộ nhớ tối đa |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for r in rows {
        let rate = if r.documents > 0 {
            format!("{:.1}", r.documents as f64 / r.seconds)
        } else {
            "–".to_string()
        };
        println!(
            "| {} | {} | {} | {} | {:.2} s | {rate} | {} MB |",
            r.agencies, r.run, r.documents, r.files, r.seconds, r.peak_mb
        );
    }
}
