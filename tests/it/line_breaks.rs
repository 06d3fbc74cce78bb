//! Line breaks that do not mislead (issue 30): a spaced dash inside a phrase ("chính trị -
//! xã hội") never starts a line, where a reader would take it for a new dash item, in our PDF
//! and in LibreOffice's rendering of our DOCX.

use crate::support;

use std::path::Path;

use support::*;

/// A công văn whose paragraph and dash item repeat a phrase with a spaced dash at many
/// places of the line, so without the rule some line would start at one.
fn letter() -> String {
    let phrase = |i: usize| format!("tổ chức chính trị - xã hội thứ {i}");
    let long: Vec<String> = (1..=60).map(phrase).collect();
    format!(
        "loai: cong-van\nso: 9\nngay: 2025-11-05\ntrich_yeu: phối hợp với các tổ chức chính trị - xã hội\nkinh_gui: [Sở Y tế tỉnh Tây Ninh]\nnoi_dung:\n  - tieu_de: Phối hợp với Mặt trận Tổ quốc và các tổ chức chính trị - xã hội\n    doan: \"Đề nghị phối hợp với {}.\"\n    y:\n      - \"Mời {}.\"\n",
        long.join(", "),
        long[..30].join(", ")
    )
}

/// Lines of a PDF's text (layout kept) that start with the continuation of a spaced dash.
fn opened_by_a_dash(pdf: &Path) -> Vec<String> {
    pdf_text(pdf, None, true)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("- xã hội") || l.starts_with("-xã hội"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_spaced_dash_never_starts_a_line_in_either_format() {
    let ws = sample_workspace("dash");
    write(&ws, "data/so-noi-vu/cong-van-ghep.yaml", &letter());
    let opts = vanban::build::Options {
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["cong-van-ghep".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = ws.join("output/so-noi-vu/cong-van-ghep.pdf");
    let text = pdf_text(&pdf, None, true);
    // The phrase is there, 90 times and more, and the dash items are still dash items.
    assert!(squash(&text).matches("xãhộithứ").count() >= 90, "{text}");
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("- Mời")),
        "{text}"
    );
    assert_eq!(opened_by_a_dash(&pdf), Vec::<String>::new(), "our PDF");
    let docx = ws.join("output/so-noi-vu/cong-van-ghep.docx");
    let lo = soffice(&ws, "pdf", &[docx]);
    assert_eq!(
        opened_by_a_dash(&lo.join("cong-van-ghep.pdf")),
        Vec::<String>::new(),
        "LibreOffice's rendering of our DOCX"
    );
}

#[test]
fn a_table_cell_and_a_heading_bind_their_dashes_too() {
    let body = vanban::document::markdown::parse(
        "## Chính trị - xã hội\n\n| A | B |\n|:-|:-|\n| chính trị - xã hội | 1 |\n",
    )
    .unwrap();
    let json = serde_json::to_string(&body.blocks).unwrap();
    assert_eq!(json.matches("trị\u{a0}- xã").count(), 2, "{json}");
    assert!(!json.contains("trị - xã"), "{json}");
}
