//! Drafts and excerpts (issue 30): a "DỰ THẢO" mark at the top right of the first page, a
//! body without "./.", no Nơi nhận at all, in both formats; the DOCX stays schema-valid and
//! LibreOffice lays it out on as many pages as our PDF.

use crate::support;

use std::path::Path;

use support::*;

const A: &str = "so-tu-phap";

fn built(tag: &str, extra: &str) -> std::path::PathBuf {
    let ws = sample_workspace(tag);
    let f = ws.join(format!("data/{A}/ke-hoach.yaml"));
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("{extra}{text}")).unwrap();
    let opts = vanban::build::Options {
        agencies: vec![A.into()],
        documents: vec!["ke-hoach".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    ws
}

#[test]
fn a_draft_has_its_mark_and_may_drop_the_closing_mark_and_its_recipients() {
    let ws = built(
        "draft",
        "du_thao: true\ndau_ket_thuc: false\nnoi_nhan: []\nluu: \"\"\n",
    );
    let pdf = ws.join(format!("output/{A}/ke-hoach.pdf"));
    let first = pdf_text(&pdf, Some(1), false);
    assert_eq!(
        first.lines().next().map(str::trim),
        Some("DỰ THẢO"),
        "{first}"
    );
    let pages = pdf_pages(&pdf);
    assert!(pages >= 2);
    for p in 2..=pages {
        assert!(
            !pdf_text(&pdf, Some(p), false).contains("DỰ THẢO"),
            "page {p}"
        );
    }
    let all = pdf_text(&pdf, None, false);
    assert!(!all.contains("./."), "{all}");
    assert!(!all.contains("Nơi nhận"), "{all}");
    assert!(!all.contains("Lưu: VT"), "{all}");
    let docx_path = ws.join(format!("output/{A}/ke-hoach.docx"));
    let docx = std::fs::read(&docx_path).unwrap();
    let headers: Vec<String> = zip_names(&docx)
        .into_iter()
        .filter(|n| n.starts_with("word/header"))
        .filter_map(|n| zip_part(&docx, &n))
        .filter(|x| x.contains("DỰ THẢO"))
        .collect();
    assert_eq!(
        headers.len(),
        1,
        "the mark is in the first page's header only"
    );
    assert!(headers[0].contains("w:val=\"DuThao\""), "{}", headers[0]);
    let body = zip_part(&docx, "word/document.xml").unwrap();
    assert!(!body.contains("./.") && !body.contains("Nơi nhận"));
    let errors = support::ooxml::schema_errors(&docx);
    assert!(errors.is_empty(), "{errors:#?}");
    let lo = soffice(&ws, "pdf", &[docx_path]);
    let theirs = lo.join("ke-hoach.pdf");
    assert_eq!(pdf_pages(&theirs), pages, "LibreOffice's pages");
    let first = pdf_text(&theirs, Some(1), false);
    assert_eq!(
        first.lines().next().map(str::trim),
        Some("DỰ THẢO"),
        "{first}"
    );
}

#[test]
fn a_mark_may_be_written_and_an_ordinary_plan_has_none() {
    let ws = built("draft-text", "du_thao: Dự thảo lần 2\n");
    let pdf = ws.join(format!("output/{A}/ke-hoach.pdf"));
    let first = pdf_text(&pdf, Some(1), false);
    assert_eq!(
        first.lines().next().map(str::trim),
        Some("DỰ THẢO LẦN 2"),
        "{first}"
    );
    let all = pdf_text(&pdf, None, false);
    assert!(all.contains("./.") && all.contains("Nơi nhận"), "{all}");
    let plain = built("draft-none", "");
    let all = pdf_text(&plain.join(format!("output/{A}/ke-hoach.pdf")), None, false);
    assert!(!all.contains("DỰ THẢO"), "{all}");
}

#[test]
fn a_date_line_may_give_the_month_and_leave_the_day_blank() {
    let ws = sample_workspace("draft-month");
    let f = ws.join(format!("data/{A}/ke-hoach.yaml"));
    let text = std::fs::read_to_string(&f).unwrap();
    let undated: String = text
        .lines()
        .filter(|l| !l.starts_with("ngay:") && !l.starts_with("ngay_gui:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&f, format!("thang: 1\nnam: 2026\n{undated}")).unwrap();
    let opts = vanban::build::Options {
        agencies: vec![A.into()],
        documents: vec!["ke-hoach".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let first = pdf_text(&ws.join(format!("output/{A}/ke-hoach.pdf")), Some(1), false);
    assert!(
        squash(&first).contains("TâyNinh,ngàytháng01năm2026"),
        "{first}"
    );
    // A month that is none is an error at its line, in Vietnamese.
    std::fs::write(&f, format!("thang: 13\nnam: 2026\n{undated}")).unwrap();
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    let errors: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("ke-hoach.yaml:1:") && e.contains("tháng `13` không hợp lệ")),
        "{errors:#?}"
    );
}
