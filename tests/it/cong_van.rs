//! Công văn (Điều 7, Phụ lục III): its ký hiệu is the issuer's and the drafting unit's, its
//! trích yếu is "V/v …" under the number, and it has no type-name line (H-12, H-22, H-23), in
//! both formats; the DOCX is schema-valid and LibreOffice paginates it as our PDF.

use crate::support;

use std::path::Path;

use support::wml;
use support::*;

const TEXT: &str = "loai: cong-van
so: 512
ngay: 2025-11-05
trich_yeu: đôn đốc gửi báo cáo kết quả thực hiện công tác dân vận chính quyền năm 2025
kinh_gui:
  - Sở Y tế tỉnh Tây Ninh
  - Thuế tỉnh Tây Ninh
mo_dau:
  - Thực hiện Kế hoạch số 696/KH-UBND ngày 06/3/2025 của Ủy ban nhân dân tỉnh, các cơ quan gửi báo cáo năm 2025 về Sở Nội vụ trước ngày 01/11/2025. Đến nay, các cơ quan có tên trên chưa gửi báo cáo.
  - Sở Nội vụ đề nghị các cơ quan khẩn trương gửi báo cáo để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.
";

fn built(tag: &str) -> std::path::PathBuf {
    let ws = sample_workspace(tag);
    write(&ws, "data/so-noi-vu/cong-van-thu.yaml", TEXT);
    let opts = vanban::build::Options {
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["cong-van-thu".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    ws
}

#[test]
fn a_cong_van_has_its_subject_under_its_number_and_no_type_name() {
    let ws = built("cong-van");
    let docx = std::fs::read(ws.join("output/so-noi-vu/cong-van-thu.docx")).unwrap();
    let (_, paras) = wml::read(&docx, "word/document.xml");
    let styled = |id: &str| -> Vec<&str> {
        paras
            .iter()
            .filter(|p| p.style == id)
            .map(|p| p.text.as_str())
            .collect()
    };
    assert_eq!(styled("SoKyHieu"), ["Số: 512/SNV-XDCQ"]);
    assert_eq!(
        styled("TrichYeuCongVan"),
        ["V/v đôn đốc gửi báo cáo kết quả thực hiện công tác dân vận chính quyền năm 2025"]
    );
    assert!(styled("TenLoai").is_empty() && styled("TrichYeu").is_empty());
    let errors = support::ooxml::schema_errors(&docx);
    assert!(errors.is_empty(), "{errors:#?}");
    // The PDF: number, then V/v, then Kính gửi; no type name.
    let pdf = ws.join("output/so-noi-vu/cong-van-thu.pdf");
    let text = pdf_text(&pdf, Some(1), false);
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("no {s:?} in:\n{text}"))
    };
    assert!(at("Số: 512/SNV-XDCQ") < at("V/v đôn đốc") && at("V/v đôn đốc") < at("Kính gửi"));
    assert!(!text.contains("CÔNG VĂN"), "{text}");
    let title = pdf_info(&pdf)
        .into_iter()
        .find(|(k, _)| k == "Title")
        .map(|(_, v)| v)
        .unwrap_or_default();
    assert!(title.starts_with("V/v đôn đốc"), "{title}");
    // LibreOffice sets the DOCX in our font on as many pages as our PDF.
    let dir = temp_dir("cong-van-lo");
    let d = dir.join("cong-van-thu.docx");
    std::fs::write(&d, &docx).unwrap();
    let lo = soffice(&dir, "pdf", &[d]).join("cong-van-thu.pdf");
    assert_eq!(pdf_pages(&lo), pdf_pages(&pdf));
}
