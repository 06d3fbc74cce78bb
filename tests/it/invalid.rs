//! One small broken workspace per error vanban promises to catch (`tests/workspaces/invalid/`).
//! Each folder holds the workspace and an `expect.txt`:
//!
//! ```text
//! # what the case shows
//! args: check -a snv        (the command, run with `-w <copy of the folder>`)
//! exit: 1                   (0 clean, 1 data problems, 2 could not run)
//! expect: ke-hoach.yaml:5:1: khóa `trich_yue`   (must appear in the messages)
//! once: …                   (must appear exactly once)
//! absent: …                 (must not appear)
//! place: none, <why>        (the error has no line and column: a whole file, the command)
//! ```
//!
//! A case either pins a line and column (`file:line:col` in an `expect` or `once`) or says
//! why it has none.

use crate::support;

use std::path::Path;

use support::*;

struct Case {
    name: String,
    args: Vec<String>,
    exit: i32,
    expect: Vec<String>,
    once: Vec<String>,
    absent: Vec<String>,
    /// Why the error has no line and column, when it has none.
    no_place: Option<String>,
}

impl Case {
    /// `vanban check` of a workspace a test writes itself.
    fn check(name: &str) -> Case {
        Case {
            name: name.into(),
            args: vec!["check".into()],
            exit: 1,
            expect: vec![],
            once: vec![],
            absent: vec![],
            no_place: None,
        }
    }
}

fn cases() -> Vec<Case> {
    let root = repo().join("tests/workspaces/invalid");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("expect.txt"))
                .unwrap_or_else(|_| panic!("{} has no expect.txt", dir.display()));
            let mut case = Case::check(&dir.file_name().unwrap().to_string_lossy());
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let Some((key, value)) = line.split_once(": ") else {
                    continue;
                };
                match key {
                    "args" => case.args = value.split_whitespace().map(String::from).collect(),
                    "exit" => case.exit = value.parse().unwrap(),
                    "expect" => case.expect.push(value.to_string()),
                    "once" => case.once.push(value.to_string()),
                    "absent" => case.absent.push(value.to_string()),
                    "place" => {
                        assert!(
                            value.starts_with("none, "),
                            "{}: `place: none, <why>`",
                            case.name
                        );
                        case.no_place = Some(value.to_string());
                    }
                    other => panic!("{}: unknown line `{other}`", case.name),
                }
            }
            assert!(
                !case.expect.is_empty() || !case.once.is_empty(),
                "{}: a case must expect something",
                case.name
            );
            case
        })
        .collect()
}

/// Whether an expected text pins a place: "…:12:5…".
fn pins_place(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        let digits = |mut j: usize| {
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            (j > start).then_some(j)
        };
        b[i] == b':'
            && digits(i + 1).is_some_and(|j| j < b.len() && b[j] == b':' && digits(j + 1).is_some())
    })
}

/// The case folders on disk.
fn folders() -> usize {
    std::fs::read_dir(repo().join("tests/workspaces/invalid"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count()
}

fn run(case: &Case, ws: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(&case.args)
        .arg("-w")
        .arg(ws)
        .output()
        .unwrap();
    let mut text = String::from_utf8(out.stderr).expect("messages are UTF-8");
    text.push_str(&String::from_utf8(out.stdout).expect("output is UTF-8"));
    (out.status.code().expect("exited, not killed"), text)
}

#[test]
fn every_promised_error_is_caught_with_its_place_and_exit_code() {
    let cases = cases();
    assert_eq!(cases.len(), folders(), "every folder is a case");
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        checked += 1;
        let ws = temp_dir(&case.name);
        copy_dir(
            &repo().join("tests/workspaces/invalid").join(&case.name),
            &ws,
        );
        let (code, text) = run(case, &ws);
        let mut problems = Vec::new();
        let pinned = case.expect.iter().chain(&case.once).any(|e| pins_place(e));
        match (pinned, &case.no_place) {
            (false, None) => problems.push(
                "pins no line:col; add one to an `expect`, or say `place: none, <why>`".into(),
            ),
            (true, Some(_)) => problems.push("pins a line:col but says `place: none`".into()),
            _ => {}
        }
        if code != case.exit {
            problems.push(format!("exit {code}, expected {}", case.exit));
        }
        for e in &case.expect {
            if !text.contains(e.as_str()) {
                problems.push(format!("missing `{e}`"));
            }
        }
        for e in &case.once {
            let n = text.matches(e.as_str()).count();
            if n != 1 {
                problems.push(format!("`{e}` appears {n} times, expected once"));
            }
        }
        for e in &case.absent {
            if text.contains(e.as_str()) {
                problems.push(format!("unexpected `{e}`"));
            }
        }
        // Nothing leaks from the libraries underneath.
        for leak in ["DuplicateKeyPolicy", "i64", "u32", "panicked", "Variable `"] {
            if text.contains(leak) {
                problems.push(format!("leaks `{leak}`"));
            }
        }
        if ws.join("output").exists() && case.args.first().is_some_and(|a| a == "check") {
            problems.push("check wrote output/".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n--- output ---\n{text}",
                case.name,
                problems.join("\n  ")
            ));
        }
        let _ = std::fs::remove_dir_all(&ws);
    }
    assert_eq!(checked, folders());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_place_is_file_line_column() {
    assert!(pins_place("ke-hoach.yaml:5:1: khóa"));
    assert!(!pins_place("ke-hoach.yaml: tệp rỗng"));
    assert!(!pins_place("lúc 10:30"));
}

#[test]
fn files_too_large_or_lines_too_long_are_refused_with_their_place() {
    let ws = temp_dir("limits");
    let agency = "ten: [SỞ NỘI VỤ]\nten_day_du: Sở Nội vụ\nky_hieu: SNV\ndia_danh: Tây Ninh\nnguoi_ky:\n  - ma: gd\n    chuc_vu: Giám đốc\n    ho_ten: Trần Văn An\n";
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    std::fs::write(ws.join("data/snv/co-quan.yaml"), agency).unwrap();
    let big = format!(
        "mo_dau:\n{}",
        "  - Một đoạn văn bình thường có độ dài vừa phải.\n".repeat(30_000)
    );
    std::fs::write(ws.join("data/snv/lon.yaml"), big).unwrap();
    let long = format!("mo_dau:\n  - {}\n", "Rất dài ".repeat(3_000));
    std::fs::write(ws.join("data/snv/dai.yaml"), long).unwrap();
    let case = Case::check("limits");
    let (code, text) = run(&case, &ws);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("lon.yaml: tệp quá lớn"), "{text}");
    assert!(text.contains("dai.yaml:2:1: dòng dài"), "{text}");
}

#[cfg(unix)]
#[test]
fn an_identity_file_linked_to_an_endless_device_is_refused_at_once() {
    let ws = temp_dir("device");
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", ws.join("data/snv/co-quan.yaml")).unwrap();
    std::fs::write(ws.join("data/snv/ke-hoach.yaml"), "so: 1\n").unwrap();
    let case = Case::check("device");
    let (code, text) = run(&case, &ws);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("co-quan.yaml: không phải tệp thường"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&ws);
}
