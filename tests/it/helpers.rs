//! Helper processes (issue 21): a build on two workers hands half its documents to a second
//! `vanban` process. The files are byte-identical to a build in one process; a helper that
//! cannot start leaves its work to this process, and one that stops fails only the document
//! it was building.

use crate::support;

use std::path::{Path, PathBuf};

use support::*;
use vanban::build::{self, Options, Outcome};
use vanban::render::Format;

fn run(ws: &Path, jobs: usize, helper: Option<PathBuf>, documents: &[&str]) -> Outcome {
    let opts = Options {
        jobs,
        helper,
        force: true,
        documents: documents.iter().map(|d| d.to_string()).collect(),
        ..Options::default()
    };
    build::run(ws, &opts, &|_: &Path| {})
}

fn vanban() -> Option<PathBuf> {
    Some(PathBuf::from(env!("CARGO_BIN_EXE_vanban")))
}

/// Diagnostics with the workspace's own path taken out, to compare two workspaces.
fn told(out: &Outcome, ws: &Path) -> Vec<String> {
    out.warnings
        .iter()
        .chain(&out.errors)
        .map(|d| d.to_string().replace(&ws.display().to_string(), "WS"))
        .collect()
}

#[test]
fn a_helper_process_builds_the_same_files_as_one_process() {
    let one = sample_workspace("helpers-one");
    let two = sample_workspace("helpers-two");
    let alone = run(&one, 1, None, &[]);
    let shared = run(&two, 2, vanban(), &[]);
    assert_eq!(alone.helpers, 0);
    assert_eq!(shared.helpers, 1, "the second worker is a helper process");
    assert!(shared.helper_peak_mb > 0, "the helper tells its memory");
    assert!(shared.errors.is_empty(), "{:#?}", shared.errors);
    assert!(!shared.fatal);
    assert_eq!(alone.documents, shared.documents);
    let rel = |o: &Outcome, ws: &Path| -> Vec<PathBuf> {
        o.written
            .iter()
            .map(|p| p.strip_prefix(ws).unwrap().to_path_buf())
            .collect()
    };
    // The same files, told in the same order, with the same bytes.
    assert_eq!(rel(&alone, &one), rel(&shared, &two));
    assert_eq!(output_files(&one), output_files(&two));
    assert!(output_files(&two).len() > 200);
    // The same warnings (the helper's are told as its own), in the same order.
    assert_eq!(told(&alone, &one), told(&shared, &two));
    assert!(!shared.warnings.is_empty());

    // The record the helper's documents went into reuses them all next time.
    let again = build::run(
        &two,
        &Options {
            jobs: 2,
            helper: vanban(),
            ..Options::default()
        },
        &|_: &Path| {},
    );
    assert_eq!(again.reused, again.documents);
    assert!(again.written.is_empty());
    assert_eq!(told(&again, &two), told(&shared, &two));
}

#[test]
fn a_helper_that_cannot_start_leaves_its_documents_to_this_process() {
    let ws = sample_workspace("helpers-missing");
    let missing = ws.join("khong-co-chuong-trinh-nay");
    let out = run(&ws, 2, Some(missing), &["ke-hoach", "bao-cao-nam"]);
    assert_eq!(out.helpers, 0);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert!(out.failed.is_empty());
    assert_eq!(out.written.len(), 2 * out.documents);
    assert!(out.documents > 32, "enough documents for a helper");
}

/// A program that answers as a helper would, then stops while building its first document.
fn stopping_helper(dir: &Path) -> PathBuf {
    let path = dir.join("tro-giup-dung.sh");
    std::fs::write(
        &path,
        "#!/bin/sh\nread plan\necho '\"Ready\"'\nread job\nexit 3\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

#[cfg(unix)]
#[test]
fn a_helper_that_stops_fails_only_the_document_it_was_building() {
    let ws = sample_workspace("helpers-stop");
    let helper = stopping_helper(&temp_dir("helpers-stop-exe"));
    let out = run(&ws, 2, Some(helper), &["ke-hoach", "bao-cao-nam"]);
    assert_eq!(out.helpers, 1);
    assert_eq!(out.failed.len(), 1, "{:?}", out.failed);
    assert!(out.fatal, "a stopped helper is not a data error");
    let e = out
        .errors
        .iter()
        .find(|e| e.message.contains("tiến trình phụ"))
        .expect("the stop is reported");
    let failed = out.failed[0].clone();
    let (agency, document) = failed.split_once('/').unwrap();
    assert!(e
        .file
        .ends_with(Path::new(agency).join(format!("{document}.yaml"))));
    assert!(e.hint.as_deref().unwrap_or("").contains("-j 1"));
    // Every other document was built here, in both formats.
    assert_eq!(out.written.len(), 2 * (out.documents - 1));
    for f in [Format::Docx, Format::Pdf] {
        let p = ws
            .join("output")
            .join(agency)
            .join(format!("{document}.{}", f.ext()));
        assert!(
            !p.exists(),
            "no file for the failed document: {}",
            p.display()
        );
    }
}

#[test]
fn vanban_build_starts_its_helpers_from_its_own_program() {
    let ws = sample_workspace("helpers-cli");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "build",
            "-j",
            "2",
            "-f",
            "pdf",
            "-d",
            "ke-hoach",
            "-d",
            "bao-cao-nam",
            "-w",
        ])
        .arg(&ws)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("Tổng kết:"))
        .expect("a summary");
    // Two processes, and the memory of both counted.
    assert!(summary.contains(" MB (2 tiến trình)."), "{summary}");
    assert!(summary.contains(" 0 lỗi"), "{summary}");
    let pdfs = walkdir::WalkDir::new(ws.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert!(pdfs > 32, "{pdfs} PDF files");
    // Sequential builds of one document leave no helper: one process.
    let one = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "--tat-ca", "-j", "2", "-a", "so-noi-vu", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert!(one.status.success(), "{stderr}");
    assert!(!stderr.contains("tiến trình)"), "{stderr}");
}

/// The helper processes still running for workspace `ws`.
#[cfg(target_os = "linux")]
fn helpers_of(ws: &Path) -> usize {
    let ws = ws.display().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(build::HELPER_COMMAND) && c.contains(&ws))
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_build_and_its_helpers_leave_no_half_written_file() {
    use std::os::unix::process::CommandExt;
    let ws = temp_dir("helpers-ctrl-c");
    vanban::synth::write_workspace(&ws, 60).unwrap();
    // In a process group of its own, as a terminal would start it.
    let mut build = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"));
    build
        .args(["build", "-j", "2", "-w"])
        .arg(&ws)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0);
    let mut child = build.spawn().unwrap();
    // Until files are being written by both processes.
    let start = std::time::Instant::now();
    while helpers_of(&ws) == 0 || count_files(&ws) < 20 {
        assert!(start.elapsed().as_secs() < 60, "the build never got going");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Ctrl-C at the terminal: SIGINT to the build's process group.
    let pgid = format!("-{}", child.id());
    let killed = std::process::Command::new("kill")
        .args(["-INT", "--", &pgid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was stopped");
    // The helper finishes the document under way and leaves.
    let start = std::time::Instant::now();
    while helpers_of(&ws) > 0 {
        assert!(start.elapsed().as_secs() < 30, "a helper did not stop");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let temp: Vec<_> = walkdir::WalkDir::new(ws.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.path().to_path_buf())
        .collect();
    // The parent may have been stopped mid-file (the next build removes its temp files, as
    // before); the helper, told nothing more, never is.
    let of_helpers: Vec<_> = temp
        .iter()
        .filter(|p| !p.to_string_lossy().contains(&format!(".{}-", child.id())))
        .collect();
    assert!(of_helpers.is_empty(), "{of_helpers:?}");
    // Every file there is whole: the next build reuses or rebuilds, and reports no error.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

fn count_files(ws: &Path) -> usize {
    walkdir::WalkDir::new(ws.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count()
}

#[test]
fn a_helper_told_of_a_document_no_longer_there_says_so() {
    use std::io::{BufRead, Write};
    let ws = sample_workspace("helpers-gone");
    let mut helper = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([build::HELPER_COMMAND, "-w"])
        .arg(&ws)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = helper.stdin.take().unwrap();
    writeln!(
        input,
        r#"{{"formats":["Pdf"],"documents":["so-noi-vu/ke-hoach","khong-co/ke-hoach"]}}"#
    )
    .unwrap();
    writeln!(input, "1").unwrap();
    drop(input);
    let lines: Vec<String> = std::io::BufReader::new(helper.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .collect();
    assert!(helper.wait().unwrap().success());
    assert_eq!(lines.first().map(String::as_str), Some(r#""Ready""#));
    let done = lines
        .iter()
        .find(|l| l.starts_with(r#"{"Done""#))
        .expect("an answer for the document");
    assert!(done.contains(r#""job":1"#), "{done}");
    assert!(done.contains(r#""failed":true"#), "{done}");
    assert!(done.contains("đổi tên hay xóa"), "{done}");
    assert!(done.contains("khong-co/ke-hoach.yaml"), "{done}");
    assert!(lines.last().unwrap().starts_with(r#"{"End""#));
    // It built nothing it was not asked for.
    assert!(!ws.join("output/so-noi-vu/ke-hoach.pdf").exists());
}
