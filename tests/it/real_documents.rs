//! Workspaces made from real published documents (issue 19). Each tests/workspaces/<name>/
//! holds one document of another province or campaign written as vanban data, its text as
//! published in VAN-BAN.txt (one paragraph a line) and its source in README.md. The PDF
//! must hold that text, in order, and nothing else but the ND30 furniture built from the
//! data: Quốc hiệu, tiêu ngữ, agency name lines, "Số: …", place and date, type name, trích
//! yếu, "Kính gửi", "Nơi nhận:" and recipients, signer lines, page numbers and "./.". Any
//! character left over is a sentence vanban made up.

use crate::support;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use support::*;
use vanban::build::{self, Options};

/// (workspace under tests/workspaces, agency folder, document file stem)
const CASES: [(&str, &str, &str); 3] = [
    ("phuong-bao-cao-nam", "ubnd-phuong-long-anh", "bao-cao-nam"),
    ("xa-bao-cao-quy", "ubnd-xa-dung-knor", "bao-cao-quy-1"),
    ("tinh-ke-hoach", "ubnd-tinh-bac-kan", "ke-hoach"),
];

/// The keys of `co-quan.yaml` the furniture is made of (others are ignored here).
#[derive(Deserialize, Default)]
#[serde(default)]
struct Agency {
    ten: Vec<String>,
    co_quan_chu_quan: Vec<String>,
    ky_hieu: String,
    dia_danh: String,
    don_vi_soan_thao: Option<String>,
    nguoi_ky: Vec<Signer>,
    nguoi_ky_mac_dinh: Option<String>,
    noi_nhan: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Signer {
    ma: String,
    thay_mat: Option<String>,
    quyen_han: Option<String>,
    chuc_vu_thu_truong: String,
    chuc_vu: String,
    ho_ten: String,
}

/// The keys of a document file the furniture is made of.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Doc {
    loai: Option<String>,
    so: Option<u32>,
    ngay: Option<String>,
    nam: Option<i32>,
    trich_yeu: String,
    kinh_gui: Option<Vec<String>>,
    nguoi_ky: Option<String>,
    noi_nhan: Option<Vec<String>>,
    luu: Option<String>,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The published text: one paragraph a line, blank lines skipped.
fn published(name: &str) -> Vec<String> {
    let text = read(
        &repo()
            .join("tests/workspaces")
            .join(name)
            .join("VAN-BAN.txt"),
    );
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    assert!(!paragraphs.is_empty(), "{name}/VAN-BAN.txt is empty");
    paragraphs
}

/// A paragraph without its number or dash ("I. ", "1. ", "a) ", "- ", "+ "): the part the
/// data holds (vanban numbers the units itself).
fn without_label(p: &str) -> &str {
    for dash in ["- ", "+ "] {
        if let Some(rest) = p.strip_prefix(dash) {
            return rest;
        }
    }
    let (head, rest) = p.split_once(' ').unwrap_or((p, ""));
    let roman = |s: &str| !s.is_empty() && s.chars().all(|c| "IVXLC".contains(c));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let letter = |s: &str| s.chars().count() == 1 && s.chars().all(char::is_alphabetic);
    match (head.strip_suffix('.'), head.strip_suffix(')')) {
        (Some(n), _) if roman(n) || digits(n) => rest,
        (_, Some(l)) if letter(l) => rest,
        _ => p,
    }
}

/// "Đưng K’Nớ, ngày 07 tháng 3 năm 2025": day below 10 and months 1, 2 with a leading
/// zero (ND30); a blank date keeps only the year.
fn place_and_date(place: &str, ngay: Option<&str>, nam: Option<i32>) -> String {
    match ngay {
        Some(d) => {
            let parts: Vec<u32> = d.split('-').map(|p| p.parse().unwrap()).collect();
            let (y, m, day) = (parts[0], parts[1], parts[2]);
            let m = if m <= 2 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            format!("{place}, ngày {day:02} tháng {m} năm {y}")
        }
        None => format!(
            "{place}, ngày tháng năm {}",
            nam.expect("`nam` without `ngay`")
        ),
    }
}

/// Every piece of ND30 furniture the document may print, as built from its data.
fn furniture(agency: &Agency, doc: &Doc) -> Vec<String> {
    let (type_name, code) = match doc.loai.as_deref() {
        Some("bao-cao") | None => ("BÁO CÁO", "BC"),
        Some("ke-hoach") => ("KẾ HOẠCH", "KH"),
        Some(other) => panic!("no furniture known for `loai: {other}`"),
    };
    let mut f = vec![
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
        "Độc lập - Tự do - Hạnh phúc".to_string(),
        type_name.to_string(),
        format!(
            "Số: {}/{code}-{}",
            doc.so.map(|n| n.to_string()).unwrap_or_default(),
            agency.ky_hieu
        ),
        place_and_date(&agency.dia_danh, doc.ngay.as_deref(), doc.nam),
        doc.trich_yeu.clone(),
        "Nơi nhận:".to_string(),
        // The end mark: "./." after a text ending without a period, "/." after its own one.
        "./.".to_string(),
        "/.".to_string(),
    ];
    f.extend(agency.ten.iter().cloned());
    f.extend(agency.co_quan_chu_quan.iter().cloned());
    if let Some(to) = doc.kinh_gui.as_ref().filter(|k| !k.is_empty()) {
        f.push("Kính gửi:".into());
        f.extend(to.iter().cloned());
    }
    for r in doc.noi_nhan.as_ref().unwrap_or(&agency.noi_nhan) {
        f.push(format!("- {r}"));
    }
    let unit = agency.don_vi_soan_thao.as_deref().unwrap_or("VP");
    f.push(format!(
        "- Lưu: {}.",
        doc.luu.clone().unwrap_or(format!("VT, {unit}"))
    ));
    let id = doc
        .nguoi_ky
        .as_ref()
        .or(agency.nguoi_ky_mac_dinh.as_ref())
        .cloned()
        .unwrap_or_else(|| agency.nguoi_ky[0].ma.clone());
    let s = agency
        .nguoi_ky
        .iter()
        .find(|s| s.ma == id)
        .unwrap_or_else(|| panic!("no signer `{id}`"));
    if let Some(tm) = &s.thay_mat {
        f.push(format!("TM. {tm}"));
    }
    if let Some(q) = s.quyen_han.as_ref().filter(|q| !q.is_empty()) {
        f.push(format!("{q} {}", s.chuc_vu_thu_truong));
    }
    f.push(s.chuc_vu.clone());
    f.push(s.ho_ten.clone());
    f
}

/// Builds one example workspace (both formats) and returns it with the PDF and DOCX paths.
fn build(name: &str, agency: &str, document: &str) -> (PathBuf, PathBuf, PathBuf) {
    let ws = example_workspace(name, name);
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{name}: {:#?}", out.errors);
    assert!(out.warnings.is_empty(), "{name}: {:#?}", out.warnings);
    let base = ws.join("output").join(agency).join(document);
    let (pdf, docx) = (base.with_extension("pdf"), base.with_extension("docx"));
    assert!(
        pdf.is_file() && docx.is_file(),
        "{name}: {}",
        base.display()
    );
    (ws, pdf, docx)
}

/// Removes each paragraph from `text` in order (each must follow the one before); returns
/// the text with every removed stretch replaced by `\u{1}`.
fn take_in_order(name: &str, what: &str, text: &str, paragraphs: &[String]) -> String {
    let mut rest = text.to_string();
    let mut from = 0;
    for p in paragraphs {
        let p = squash(p);
        let Some(at) = rest[from..].find(&p).map(|i| i + from) else {
            panic!(
                "{name}: the {what} lacks, or has out of order, the published paragraph\n  {p}\nafter\n  {}",
                &rest[..from]
            );
        };
        rest.replace_range(at..at + p.len(), "\u{1}");
        from = at + 1;
    }
    rest
}

fn check(name: &str, agency_id: &str, document: &str) {
    let data = repo().join("tests/workspaces").join(name).join("data");
    let agency_yaml = read(&data.join(agency_id).join("co-quan.yaml"));
    let doc_yaml = read(&data.join(agency_id).join(format!("{document}.yaml")));
    let agency: Agency = serde_saphyr::from_str(&agency_yaml).unwrap();
    let doc: Doc = serde_saphyr::from_str(&doc_yaml).unwrap();
    let text = published(name);

    // The data is the published text: every paragraph, less the number vanban adds, is
    // written in the document's YAML.
    let yaml = squash(&doc_yaml);
    for p in &text {
        assert!(
            yaml.contains(&squash(without_label(p))),
            "{name}: {document}.yaml does not hold the published paragraph\n  {p}"
        );
    }

    let (_ws, pdf, docx) = build(name, agency_id, document);

    // The PDF holds the published text in order; once it and the furniture are taken out,
    // nothing is left: no stock sentence, no stray number or punctuation.
    let raw = pdf_text(&pdf, None, false);
    let without_page_numbers: String = raw
        .lines()
        .filter(|l| !(l.trim().chars().all(|c| c.is_ascii_digit()) && !l.trim().is_empty()))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = take_in_order(name, "PDF", &squash(&without_page_numbers), &text);
    let mut pieces: Vec<String> = furniture(&agency, &doc)
        .iter()
        .flat_map(|f| [squash(f), squash(&f.to_uppercase())])
        .filter(|f| !f.is_empty())
        .collect();
    pieces.sort_by_key(|f| std::cmp::Reverse(f.chars().count()));
    pieces.dedup();
    for f in &pieces {
        rest = rest.replace(f.as_str(), "\u{1}");
    }
    let extra: String = rest.chars().filter(|&c| c != '\u{1}').collect();
    assert!(
        extra.is_empty(),
        "{name}: the PDF has {} characters that are neither the published text nor ND30 furniture: {extra:?}\nPDF text:\n{raw}",
        extra.chars().count()
    );

    // The DOCX holds the same paragraphs in the same order.
    take_in_order(name, "DOCX", &squash(&docx_text(&docx)), &text);
}

#[test]
fn a_ward_annual_report_in_prose_prints_its_own_text_only() {
    let (name, agency, document) = CASES[0];
    check(name, agency, document);
}

#[test]
fn a_commune_quarterly_report_opening_with_can_cu_prints_its_own_text_only() {
    let (name, agency, document) = CASES[1];
    check(name, agency, document);
}

#[test]
fn a_province_plan_prints_its_own_text_only() {
    let (name, agency, document) = CASES[2];
    check(name, agency, document);
}

#[test]
fn libreoffice_lays_each_docx_out_on_as_many_pages_as_our_pdf() {
    let dir = temp_dir("real-lo");
    let built: Vec<(PathBuf, PathBuf)> = CASES
        .iter()
        .map(|(name, agency, document)| {
            let (_, pdf, docx) = build(name, agency, document);
            (pdf, docx)
        })
        .collect();
    let docx: Vec<PathBuf> = built.iter().map(|(_, d)| d.clone()).collect();
    let lo = soffice(&dir, "pdf", &docx);
    for (pdf, docx) in &built {
        let stem = docx.file_stem().unwrap().to_str().unwrap();
        let theirs = pdf_pages(&lo.join(format!("{stem}.pdf")));
        let ours = pdf_pages(pdf);
        assert_eq!(
            theirs,
            ours,
            "{}: LibreOffice lays the DOCX out on {theirs} pages, our PDF has {ours}",
            docx.display()
        );
    }
}

#[test]
fn labels_are_taken_off_published_paragraphs() {
    assert_eq!(without_label("I. MỤC ĐÍCH, YÊU CẦU"), "MỤC ĐÍCH, YÊU CẦU");
    assert_eq!(without_label("1. Mục đích"), "Mục đích");
    assert_eq!(without_label("a) Điểm"), "Điểm");
    assert_eq!(without_label("- Ý gạch đầu dòng"), "Ý gạch đầu dòng");
    assert_eq!(
        without_label("Ngày 06/01/2023, UBND phường"),
        "Ngày 06/01/2023, UBND phường"
    );
    assert_eq!(
        place_and_date("Bắc Kạn", Some("2025-01-16"), None),
        "Bắc Kạn, ngày 16 tháng 01 năm 2025"
    );
    assert_eq!(
        place_and_date("Đưng K’Nớ", Some("2025-03-07"), None),
        "Đưng K’Nớ, ngày 07 tháng 3 năm 2025"
    );
}
