//! Incremental builds (issue 21): the build record reuses every document whose inputs and
//! files are unchanged. Each kind of input changed in turn rebuilds exactly the documents that
//! depend on it, and the result is byte-identical to a full build from scratch.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;

use support::*;
use vanban::build::{self, Options, Outcome};

fn run(ws: &Path, force: bool) -> Outcome {
    let opts = Options {
        force,
        ..Options::default()
    };
    let out = build::run(ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    out
}

/// The documents written, as "agency/document", each once.
fn rebuilt(out: &Outcome, ws: &Path) -> BTreeSet<String> {
    out.written
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(ws.join("output")).unwrap();
            rel.with_extension("").to_string_lossy().into_owned()
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn edit(ws: &Path, rel: &str, from: &str, to: &str) {
    let p = ws.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

const CONSOLIDATED: [&str; 3] = [
    "tong-hop/bao-cao-tong-hop",
    "tong-hop/to-trinh-xep-loai",
    "tong-hop/du-thao-quyet-dinh",
];

#[test]
fn each_input_rebuilds_exactly_what_depends_on_it_and_equals_a_full_build() {
    let ws = sample_workspace("tang-dan");
    let first = run(&ws, false);
    assert_eq!(first.reused, 0);
    let all = first.documents;
    assert!(ws.join("output/.vanban/ban-ghi.json").is_file());

    // Nothing changed: nothing rebuilt, the warnings told again.
    let again = run(&ws, false);
    assert_eq!((again.reused, again.written.len()), (all, 0));
    assert_eq!(
        again.warnings, first.warnings,
        "warnings of reused documents"
    );
    // The same workspace named another way (`-w .` against a full path) is the same.
    let other_name = run(&ws.join("data").join(".."), false);
    assert_eq!((other_name.reused, other_name.written.len()), (all, 0));

    // A plan's data: it, the agency's dossier (its evidence cites the plan), the 6-month
    // report (its figures are checked against the document due before it) and the
    // consolidated documents (they track the plan's sending); not the annual report.
    edit(
        &ws,
        "data/so-tu-phap/ke-hoach.yaml",
        "ngay_gui: ",
        "ngay_gui:  ",
    );
    let mut want = set(&[
        "so-tu-phap/ke-hoach",
        "so-tu-phap/bao-cao-6-thang",
        "so-tu-phap/ho-so-cham-diem",
    ]);
    want.extend(set(&CONSOLIDATED));
    assert_eq!(rebuilt(&run(&ws, false), &ws), want);

    // An annual report: it, the dossier, the consolidated documents; not the 6-month report.
    edit(
        &ws,
        "data/so-tu-phap/bao-cao-nam.yaml",
        "van_ban_chi_dao: ",
        "van_ban_chi_dao: 1",
    );
    let mut want = set(&["so-tu-phap/bao-cao-nam", "so-tu-phap/ho-so-cham-diem"]);
    want.extend(set(&CONSOLIDATED));
    assert_eq!(rebuilt(&run(&ws, false), &ws), want);

    // co-quan.yaml: every document of that agency, and the consolidated documents.
    edit(
        &ws,
        "data/so-tu-phap/co-quan.yaml",
        "dia_danh: ",
        "dia_danh:  ",
    );
    let mut want = set(&[
        "so-tu-phap/ke-hoach",
        "so-tu-phap/bao-cao-6-thang",
        "so-tu-phap/bao-cao-nam",
        "so-tu-phap/ho-so-cham-diem",
    ]);
    want.extend(set(&CONSOLIDATED));
    assert_eq!(rebuilt(&run(&ws, false), &ws), want);

    // The score sheet: every dossier and the consolidated documents, no plan or report.
    edit(
        &ws,
        "data/bang-diem.yaml",
        "ten: Bảng điểm",
        "ten:  Bảng điểm",
    );
    let out = rebuilt(&run(&ws, false), &ws);
    assert!(
        out.iter()
            .all(|d| d.ends_with("ho-so-cham-diem") || d.starts_with("tong-hop/")),
        "{out:?}"
    );
    assert_eq!(out.len(), 33 + 3, "{out:?}");

    // A template of the workspace: only the documents of that template family.
    let own = std::fs::read_to_string(repo().join("templates/to-trinh-xep-loai.md")).unwrap();
    write(
        &ws,
        "templates/to-trinh-xep-loai.md",
        &own.replace("kính trình kết quả", "trân trọng kính trình kết quả"),
    );
    assert_eq!(
        rebuilt(&run(&ws, false), &ws),
        set(&["tong-hop/to-trinh-xep-loai"])
    );

    // A deleted output file is made again.
    std::fs::remove_file(ws.join("output/so-y-te/ke-hoach.pdf")).unwrap();
    assert_eq!(rebuilt(&run(&ws, false), &ws), set(&["so-y-te/ke-hoach"]));

    // The parent plan and vanban.yaml: everything.
    edit(&ws, "data/tinh.yaml", "nam: 2025", "nam:  2025");
    assert_eq!(run(&ws, false).reused, 0);
    write(&ws, "vanban.yaml", "tong_hop:\n  tinh_ca_ngay_han: true\n");
    assert_eq!(run(&ws, false).reused, 0);

    // A corrupt record is a full build.
    std::fs::write(ws.join("output/.vanban/ban-ghi.json"), "{ hỏng").unwrap();
    assert_eq!(run(&ws, false).reused, 0);
    assert_eq!(run(&ws, false).reused, all);

    // After all of that, byte for byte what a full build from scratch makes.
    let fresh = temp_dir("tang-dan-moi");
    copy_dir(&ws.join("data"), &fresh.join("data"));
    copy_dir(&ws.join("templates"), &fresh.join("templates"));
    std::fs::copy(ws.join("vanban.yaml"), fresh.join("vanban.yaml")).unwrap();
    let full = run(&fresh, true);
    assert_eq!(full.reused, 0);
    let (a, b) = (output_files(&ws), output_files(&fresh));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs from a full build", pa.display());
    }
    // --tat-ca rebuilds everything.
    assert_eq!(run(&ws, true).reused, 0);
    let _ = std::fs::remove_dir_all(&ws);
    let _ = std::fs::remove_dir_all(&fresh);
}

/// One agency's build, which must succeed; how many documents were reused.
fn run_one(ws: &Path) -> Outcome {
    let opts = Options {
        agencies: vec!["so-tu-phap".into()],
        ..Options::default()
    };
    let out = build::run(ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    out
}

#[test]
fn the_build_record_is_read_like_any_input() {
    let ws = sample_workspace("ban-ghi-la");
    let first = run_one(&ws);
    assert!(first.documents > 0 && first.reused == 0);
    let record = ws.join("output/.vanban/ban-ghi.json");
    let good = std::fs::read_to_string(&record).unwrap();

    // A link to an endless device, a pipe nobody writes, a folder: the build neither hangs
    // nor eats memory; it builds everything again and writes a sound record.
    for kind in ["zero", "fifo", "dir"] {
        std::fs::remove_file(&record).unwrap();
        match kind {
            "zero" => std::os::unix::fs::symlink("/dev/zero", &record).unwrap(),
            "fifo" => assert!(std::process::Command::new("mkfifo")
                .arg(&record)
                .status()
                .unwrap()
                .success()),
            _ => std::fs::create_dir(&record).unwrap(),
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let w = ws.clone();
        std::thread::spawn(move || {
            let opts = Options {
                agencies: vec!["so-tu-phap".into()],
                ..Options::default()
            };
            let _ = tx.send(build::run(&w, &opts, &|_: &Path| {}));
        });
        let out = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{kind}: the build hangs"));
        assert_eq!(out.reused, 0, "{kind}");
        if kind == "dir" {
            // The record cannot be written over a folder: said, not hidden.
            assert!(out.errors.is_empty(), "{kind}: {:#?}", out.errors);
            assert!(
                out.warnings
                    .iter()
                    .any(|w| w.message.contains("bản ghi lần dựng")),
                "{kind}: {:#?}",
                out.warnings
            );
            std::fs::remove_dir(&record).unwrap();
        } else {
            assert!(out.errors.is_empty(), "{kind}: {:#?}", out.errors);
            let _ = std::fs::remove_file(&record);
        }
        std::fs::write(&record, &good).unwrap();
    }

    // A file the record names as read is a device: read as "not a file", never hangs.
    let named = good.replacen("\"doc_them\":[", "\"doc_them\":[\"/dev/zero\",", 1);
    std::fs::write(&record, &named).unwrap();
    let out = run_one(&ws);
    assert!(out.reused < first.documents);

    // Forged warnings: a changed text, and one marked as an error. Neither is told; the
    // documents are built again and their real warnings found.
    let good = std::fs::read_to_string(&record).unwrap();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut forged = v.clone();
    for (_, e) in forged["van_ban"].as_object_mut().unwrap() {
        e["canh_bao"] = serde_json::json!([{
            "file": "data/so-tu-phap/bao-cao-nam.yaml", "line": 1, "col": 1,
            "message": "CẢNH BÁO GIẢ", "hint": null, "warning": false
        }]);
    }
    std::fs::write(&record, forged.to_string()).unwrap();
    let out = run_one(&ws);
    assert!(
        out.errors.is_empty(),
        "a forged error was replayed: {:#?}",
        out.errors
    );
    assert_eq!(out.reused, 0);
    let mut forged = v;
    for (_, e) in forged["van_ban"].as_object_mut().unwrap() {
        e["canh_bao"] = serde_json::json!([{
            "file": "data/so-tu-phap/bao-cao-nam.yaml", "line": 1, "col": 1,
            "message": "CẢNH BÁO GIẢ", "hint": null, "warning": true
        }]);
    }
    std::fs::write(&record, forged.to_string()).unwrap();
    let out = run_one(&ws);
    assert_eq!(out.reused, 0);
    assert!(
        !out.warnings
            .iter()
            .any(|w| w.message.contains("CẢNH BÁO GIẢ")),
        "a forged warning was replayed"
    );
    // And the record written then is sound: everything is reused.
    assert_eq!(run_one(&ws).reused, first.documents);
}
