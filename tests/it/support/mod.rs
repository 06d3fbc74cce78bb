//! Shared test helpers: temporary workspaces and reading outputs back.
#![allow(dead_code)]

pub mod ooxml;
pub mod web;
pub mod webdriver;
pub mod wml;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary directory (removed at the start of the next run with the same name).
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "vanban-test-{}-{tag}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A copy of the sample workspace's data in a temporary workspace.
pub fn sample_workspace(tag: &str) -> PathBuf {
    let dir = temp_dir(tag);
    copy_dir(&repo().join("data"), &dir.join("data"));
    dir
}

/// A copy of a workspace under tests/workspaces in a temporary workspace.
pub fn example_workspace(name: &str, tag: &str) -> PathBuf {
    let dir = temp_dir(tag);
    copy_dir(
        &repo().join("tests/workspaces").join(name).join("data"),
        &dir.join("data"),
    );
    dir
}

/// Runs the `vanban` program, which must succeed; its standard output.
pub fn run_vanban(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs");
    assert!(
        out.status.success(),
        "vanban {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` to `ws/rel`, creating folders.
pub fn write(ws: &Path, rel: &str, text: &str) {
    let p = ws.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A DOCX's body paragraphs, one per line.
pub fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    docx_paragraphs(&zip_part(&bytes, "word/document.xml").unwrap()).join("\n")
}

/// One part of a zip package as text.
pub fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut f = z.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

pub fn zip_names(bytes: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    z.file_names().map(|s| s.to_string()).collect()
}

/// Paragraph texts of a WordprocessingML part, in order (`w:t` joined, `w:br`/`w:tab` as space).
pub fn docx_paragraphs(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_t = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"w:t" => in_t = true,
            Ok(Event::End(e)) if e.name().as_ref() == b"w:t" => in_t = false,
            Ok(Event::Empty(e)) if matches!(e.name().as_ref(), b"w:br" | b"w:tab") => cur.push(' '),
            Ok(Event::Empty(e)) if e.name().as_ref() == b"w:noBreakHyphen" => cur.push('-'),
            Ok(Event::Text(t)) if in_t => cur.push_str(&t.decode().unwrap()),
            Ok(Event::GeneralRef(g)) if in_t => {
                cur.push_str(xml_entity(&g));
            }
            Ok(Event::End(e)) if e.name().as_ref() == b"w:p" => out.push(std::mem::take(&mut cur)),
            Ok(Event::Eof) => break,
            Err(e) => panic!("bad XML: {e}"),
            _ => {}
        }
    }
    out
}

/// Text of a PDF via poppler's pdftotext (one page, or all with `None`): with `layout`, as
/// laid out on the page; without, in content-stream order (`-raw`), which is reading order.
pub fn pdf_text(pdf: &Path, page: Option<u32>, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.arg(if layout { "-layout" } else { "-raw" });
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: see .ci/run");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What poppler's `pdfinfo` says of a PDF, as "Key: value" pairs; panics if poppler cannot
/// read the file (a broken PDF).
pub fn pdf_info(pdf: &Path) -> Vec<(String, String)> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed: see .ci/run");
    // Poppler misreads typst's valid `/MarkInfo <</Suspects false>>` and says so; anything
    // else it prints is a real complaint.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let complaints: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains("Suspects object is wrong type"))
        .collect();
    assert!(
        out.status.success() && complaints.is_empty(),
        "pdfinfo rejects {}: {}",
        pdf.display(),
        complaints.join("\n")
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The page count of a PDF, read by poppler.
pub fn pdf_pages(pdf: &Path) -> u32 {
    pdf_info(pdf)
        .iter()
        .find(|(k, _)| k == "Pages")
        .and_then(|(_, v)| v.parse().ok())
        .expect("pdfinfo prints Pages")
}

/// Text with all white space removed (for order checks that ignore line breaking).
pub fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

/// Checks that `expected` appears in `actual` as a subsequence with at most `extra`
/// characters of `actual` between its first and last matched character left unmatched.
/// Returns the unmatched count, or the first expected position that could not be matched.
pub fn subsequence_with_extras(expected: &str, actual: &str) -> Result<usize, String> {
    let e: Vec<char> = expected.chars().collect();
    let a: Vec<char> = actual.chars().collect();
    let Some(start) = (0..a.len()).find(|&i| a[i..].starts_with(&e[..e.len().min(12)])) else {
        return Err(format!(
            "start not found: {}",
            e.iter().take(40).collect::<String>()
        ));
    };
    let (mut i, mut j, mut skipped) = (0, start, 0);
    while i < e.len() {
        if j >= a.len() {
            return Err(format!(
                "ran out at: {}",
                e[i..].iter().take(60).collect::<String>()
            ));
        }
        if a[j] == e[i] {
            i += 1;
        } else {
            skipped += 1;
        }
        j += 1;
    }
    Ok(skipped)
}

/// The text of one of XML's predefined entities (`amp`, `lt`, …), as quick-xml hands them
/// over apart from the text around them; "" for any other.
pub fn xml_entity(name: &[u8]) -> &'static str {
    match name {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => "",
    }
}

/// A fontconfig file that adds the bundled Liberation Serif (metric-compatible with Times
/// New Roman) to the system's fonts, so LibreOffice sets the DOCX in the PDF's font without
/// any font package installed.
pub fn fontconfig(dir: &Path) -> PathBuf {
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  \
             <cachedir>{}</cachedir>\n</fontconfig>\n",
            repo().join("fonts").display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    conf
}

/// Converts `files` with LibreOffice (to "pdf", "fodt", …) in the bundled fonts, with a
/// profile of its own under `dir`; returns the folder of the results.
pub fn soffice(dir: &Path, to: &str, files: &[PathBuf]) -> PathBuf {
    let out = dir.join(format!("lo-{to}"));
    let status = Command::new("soffice")
        .env("FONTCONFIG_FILE", fontconfig(dir))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(&out)
        .args(files)
        .output()
        .expect("soffice (Debian: libreoffice-writer-nogui) must be installed: see .ci/run");
    assert!(status.status.success(), "{status:?}");
    out
}

/// Every DOCX and PDF under `output/`, by path relative to the workspace, with its bytes.
pub fn output_files(ws: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(ws.join("output"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "docx" || x == "pdf")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(ws).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}
