//! Headings as written (issue 30): a section title keeps the case its writer gave it; the
//! document asks for capitals with `in_hoa_tieu_de: true`; the templates' own titles ask with
//! `{.hoa}`. Either way the title keeps its heading style and outline level in the DOCX.

use crate::support;

use std::path::Path;

use support::wml;
use support::*;

const LETTER: &str = "loai: bao-cao
mau: van-ban
so: 7
ngay: 2025-11-05
trich_yeu: Kết quả công tác dân vận chính quyền
kinh_gui: [Sở Nội vụ tỉnh Tây Ninh]
noi_dung:
  - tieu_de: \"Kết quả đạt được:\"
    doan: Một đoạn.
  - tieu_de: Phương hướng
    y: [Một ý.]
";

fn built(tag: &str, extra: &str) -> (std::path::PathBuf, String, Vec<wml::Para>) {
    let ws = sample_workspace(tag);
    write(
        &ws,
        "data/so-noi-vu/bao-cao-thu.yaml",
        &format!("{extra}{LETTER}"),
    );
    let opts = vanban::build::Options {
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["bao-cao-thu".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = pdf_text(&ws.join("output/so-noi-vu/bao-cao-thu.pdf"), None, false);
    let docx = std::fs::read(ws.join("output/so-noi-vu/bao-cao-thu.docx")).unwrap();
    let (_, paras) = wml::read(&docx, "word/document.xml");
    (ws, pdf, paras)
}

#[test]
fn a_title_keeps_its_case_unless_the_document_asks_for_capitals() {
    let (_, pdf, paras) = built("headings", "");
    assert!(pdf.contains("I. Kết quả đạt được:"), "{pdf}");
    assert!(pdf.contains("II. Phương hướng"), "{pdf}");
    let title = paras
        .iter()
        .find(|p| p.text.contains("Kết quả đạt được:"))
        .expect("the title");
    let (style, outline) = (title.style.clone(), title.outline);
    assert_eq!(outline, Some(0), "a mục title is outline level 1");
    let (_, pdf, paras) = built("headings-caps", "in_hoa_tieu_de: true\n");
    assert!(pdf.contains("I. KẾT QUẢ ĐẠT ĐƯỢC:"), "{pdf}");
    assert!(pdf.contains("II. PHƯƠNG HƯỚNG"), "{pdf}");
    // The same heading style (and so the same outline level) either way.
    let caps = paras
        .iter()
        .find(|p| p.text.contains("KẾT QUẢ ĐẠT ĐƯỢC:"))
        .expect("the title in capitals");
    assert_eq!((caps.style.clone(), caps.outline), (style, outline));
}
