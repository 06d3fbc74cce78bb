//! Province scale (issue 6): a generated workspace of 330 agencies (10× the sample, 990
//! documents, 1,980 files) builds to the end with every core and with one thread, and every
//! file it writes is a DOCX or PDF that a reader accepts. Before the fix the build died of a
//! stack overflow after 87 files on one thread.

use crate::support;

use std::path::{Path, PathBuf};

use support::*;
use vanban::build::{self, Options};

const AGENCIES: usize = 330;
const DOCUMENTS: [&str; 3] = ["ke-hoach", "bao-cao-6-thang", "bao-cao-nam"];

fn agency_dirs(ws: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(ws.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A DOCX is a zip whose every XML part is well-formed and which holds the parts Word needs.
fn assert_valid_docx(path: &Path) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{} is not a zip: {e}", path.display()));
    let names: Vec<String> = zip.file_names().map(|s| s.to_string()).collect();
    for required in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
        assert!(
            names.iter().any(|n| n == required),
            "{} lacks {required}",
            path.display()
        );
    }
    for name in names
        .iter()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{}: {name} is not well-formed XML: {e}", path.display()),
            }
        }
    }
    let document = zip_part(&std::fs::read(path).unwrap(), "word/document.xml").unwrap();
    assert!(
        document.contains("<w:body>"),
        "{}: empty body",
        path.display()
    );
}

/// A PDF poppler reads without complaint, with at least one page.
fn assert_valid_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{}: no PDF header",
        path.display()
    );
    assert!(pdf_pages(path) >= 1, "{}: no page", path.display());
}

/// Every agency folder has its three documents in both formats, and nothing else was left.
fn assert_complete(ws: &Path) {
    let out = ws.join("output");
    let mut checked = 0;
    for dir in agency_dirs(ws) {
        let id = dir.file_name().unwrap();
        for doc in DOCUMENTS {
            assert_valid_docx(&out.join(id).join(format!("{doc}.docx")));
            assert_valid_pdf(&out.join(id).join(format!("{doc}.pdf")));
            checked += 2;
        }
        let files = std::fs::read_dir(out.join(id)).unwrap().count();
        assert_eq!(files, 6, "{}: leftover files", id.to_string_lossy());
    }
    assert_eq!(checked, AGENCIES * 6);
}

#[test]
fn a_province_ten_times_the_sample_builds_with_a_helper_process_and_with_one_thread() {
    let ws = temp_dir("scale");
    vanban::synth::write_workspace(&ws, AGENCIES).unwrap();
    assert_eq!(agency_dirs(&ws).len(), AGENCIES);

    // Two workers, the second a helper process, as `vanban build` runs on two cores.
    let opts = Options {
        jobs: 2,
        helper: Some(env!("CARGO_BIN_EXE_vanban").into()),
        ..Options::default()
    };
    let outcome = build::run(&ws, &opts, &|_: &Path| {});
    assert_eq!(outcome.helpers, 1);
    assert!(
        outcome.errors.is_empty(),
        "{:#?}",
        &outcome.errors[..outcome.errors.len().min(5)]
    );
    assert_eq!(outcome.documents, AGENCIES * 3);
    assert_eq!(outcome.written.len(), AGENCIES * 6);
    assert_complete(&ws);
    let first: Vec<Vec<u8>> = outcome
        .written
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();

    // One thread, through the real binary (which also sizes typst's helper pool to one).
    std::fs::remove_dir_all(ws.join("output")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "-j", "1", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "exit {:?}: {stderr}",
        run.status.code()
    );
    assert!(
        stderr.contains(&format!(
            "{} văn bản, {} tệp đã ghi, 0 lỗi",
            AGENCIES * 3,
            AGENCIES * 6
        )),
        "{stderr}"
    );
    assert_complete(&ws);
    // Same inputs, same bytes, whatever the thread count.
    for (p, bytes) in outcome.written.iter().zip(first) {
        assert!(
            std::fs::read(p).unwrap() == bytes,
            "{} differs between runs",
            p.display()
        );
    }
    let _ = std::fs::remove_dir_all(&ws);
}
