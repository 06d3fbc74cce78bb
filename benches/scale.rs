//! `cargo bench --bench scale [-- N …]`: full builds of generated workspaces of N agencies
//! (default 100, 1,000 and 3,000; three documents each, DOCX and PDF), each run as a fresh
//! `vanban build` process with every core and with one thread. Prints a Markdown table of
//! wall time, documents per second and the process's peak resident memory (VmHWM), the table
//! the README shows.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Row {
    agencies: usize,
    threads: String,
    documents: usize,
    files: usize,
    seconds: f64,
    peak_mb: u64,
}

fn build(ws: &Path, jobs: usize) -> (usize, usize, f64, u64) {
    let _ = std::fs::remove_dir_all(ws.join("output"));
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "-j", &jobs.to_string(), "-w"])
        .arg(ws)
        .output()
        .expect("run vanban");
    let seconds = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "vanban build failed: {stderr}");
    // "Tổng kết: 3000 văn bản, 6000 tệp đã ghi, 0 lỗi, 41234 ms, bộ nhớ tối đa 210 MB."
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("Tổng kết:"))
        .expect("summary line");
    let number_before = |word: &str| -> u64 {
        let i = summary.find(word).expect(word);
        summary[..i]
            .split_whitespace()
            .last()
            .and_then(|w| w.parse().ok())
            .expect("a number")
    };
    let documents = number_before(" văn bản") as usize;
    let files = number_before(" tệp đã ghi") as usize;
    let peak = summary
        .split("bộ nhớ tối đa ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (documents, files, seconds, peak)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000, 3000]
    } else {
        sizes
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for &n in &sizes {
        let ws = std::env::temp_dir().join(format!("vanban-scale-{n}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&ws);
        vanban::synth::write_workspace(&ws, n).expect("generate workspace");
        for (jobs, label) in [(0, format!("{cores} (mọi nhân)")), (1, "1".to_string())] {
            let (documents, files, seconds, peak_mb) = build(&ws, jobs);
            eprintln!("{n} cơ quan, {label} luồng: {seconds:.1} s, {peak_mb} MB");
            rows.push(Row {
                agencies: n,
                threads: label,
                documents,
                files,
                seconds,
                peak_mb,
            });
        }
        let _ = std::fs::remove_dir_all(&ws);
    }
    println!("| Cơ quan | Luồng | Văn bản | Tệp | Thời gian | Văn bản/giây | Bộ nhớ tối đa |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {:.1} s | {:.1} | {} MB |",
            r.agencies,
            r.threads,
            r.documents,
            r.files,
            r.seconds,
            r.documents as f64 / r.seconds,
            r.peak_mb
        );
    }
}
