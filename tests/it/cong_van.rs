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

fn vanban(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `vanban don-doc`: a công văn from Sở Nội vụ to exactly the agencies that owe the document
/// and have not sent it (a returned one named as such, a ceased one left out), in both
/// formats; an existing one is not overwritten unless asked.
#[test]
fn the_reminder_names_exactly_the_agencies_that_have_not_sent() {
    let ws = sample_workspace("don-doc");
    let w = ws.to_str().unwrap();
    // Sở Y tế's annual report returned; Sở Tư pháp's a draft; Thuế tỉnh ceased in June.
    let edit = |rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(ws.join(rel)).unwrap();
        assert!(text.contains(from), "{rel}");
        std::fs::write(ws.join(rel), text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "data/so-y-te/bao-cao-nam.yaml",
        "ngay_gui: 2025-10-17\n",
        "tra_lai:\n  - ngay: 2025-10-20\n    ly_do: Thiếu số liệu.\n    ngay_gui: 2025-10-17\n",
    );
    edit(
        "data/so-tu-phap/bao-cao-nam.yaml",
        "ngay_gui: 2025-10-22\n",
        "",
    );
    edit(
        "data/cuc-thue/co-quan.yaml",
        "ten_day_du:",
        "hoat_dong_den: 2025-06-30\nten_day_du:",
    );
    let (code, out, err) = vanban(&["don-doc", "-w", w, "-d", "bao-cao-nam"]);
    assert_eq!(code, 0, "{out}{err}");
    let rel = "data/so-noi-vu/cong-van-don-doc-bao-cao-nam.yaml";
    let yaml = std::fs::read_to_string(ws.join(rel)).unwrap();
    let (doc, diags) = vanban::load::yaml::read::<vanban::load::model::DocFile>(&ws.join(rel));
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let doc = doc.unwrap();
    assert_eq!(
        doc.kinh_gui.unwrap(),
        ["Sở Tư pháp tỉnh Tây Ninh", "Sở Y tế tỉnh Tây Ninh"],
        "{yaml}"
    );
    assert!(
        yaml.contains("(trong đó Sở Y tế tỉnh Tây Ninh đã bị trả lại, chưa gửi lại)"),
        "{yaml}"
    );
    let pdf = ws.join("output/so-noi-vu/cong-van-don-doc-bao-cao-nam.pdf");
    let text = squash(&pdf_text(&pdf, None, false));
    assert!(
        text.contains(&squash("V/v đôn đốc gửi báo cáo năm 2025"))
            && text.contains(&squash("Số: /SNV-XDCQ"))
            && text.contains(&squash("- Sở Tư pháp tỉnh Tây Ninh;"))
            && !text.contains("Thuế tỉnh"),
        "{text}"
    );
    let docx =
        std::fs::read(ws.join("output/so-noi-vu/cong-van-don-doc-bao-cao-nam.docx")).unwrap();
    let errors = support::ooxml::schema_errors(&docx);
    assert!(errors.is_empty(), "{errors:#?}");
    // Kept once written (the clerk may have edited it); --ghi-de writes it anew.
    std::fs::write(ws.join(rel), format!("{yaml}# đã sửa\n")).unwrap();
    let (code, _, err) = vanban(&["don-doc", "-w", w, "-d", "bao-cao-nam"]);
    assert_eq!(code, 2);
    assert!(err.contains("--ghi-de"), "{err}");
    assert!(std::fs::read_to_string(ws.join(rel))
        .unwrap()
        .ends_with("# đã sửa\n"));
    let (code, _, _) = vanban(&["don-doc", "-w", w, "-d", "bao-cao-nam", "--ghi-de"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(ws.join(rel)).unwrap(), yaml);
    // Nobody missing: nothing to write.
    let (code, out, _) = vanban(&["don-doc", "-w", w, "-d", "ke-hoach"]);
    assert_eq!(code, 0);
    assert!(out.contains("không cần đôn đốc"), "{out}");
    assert!(!ws
        .join("data/so-noi-vu/cong-van-don-doc-ke-hoach.yaml")
        .exists());
}

/// The desk's "Soạn công văn đôn đốc" writes the same công văn and opens its preview;
/// an agency cannot.
#[tokio::test]
async fn the_desk_drafts_the_reminder_and_previews_it() {
    use axum::http::StatusCode;
    use support::web::*;
    let ws = sample_workspace("don-doc-desk");
    let secrets = links(&ws, &["tong-hop", "so-y-te"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let agency = app.login(&secrets[1]).await;
    let page = app.get("/tong-hop", Some(&desk)).await;
    assert!(page.text().contains("Soạn công văn đôn đốc"));
    let csrf = page.hidden("_csrf");
    let fields = [("_csrf", csrf.as_str()), ("han", "ho_so_cham_diem")];
    let r = app.post("/tong-hop/don-doc", Some(&agency), &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post("/tong-hop/don-doc", Some(&desk), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.location().unwrap();
    assert_eq!(
        to,
        "/co-quan/so-noi-vu/cong-van-don-doc-ho-so-cham-diem/xem"
    );
    let p = app.get(&to, Some(&desk)).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text());
    let yaml =
        std::fs::read_to_string(ws.join("data/so-noi-vu/cong-van-don-doc-ho-so-cham-diem.yaml"))
            .unwrap();
    assert!(
        yaml.contains("kinh_gui:\n  - \"Thuế tỉnh Tây Ninh\"\n"),
        "{yaml}"
    );
    // One agency reminded is named, not "các cơ quan, đơn vị có tên trên".
    assert!(
        yaml.contains(", Thuế tỉnh Tây Ninh chưa gửi.") && !yaml.contains("có tên trên"),
        "{yaml}"
    );
}

/// A thư công, the other kind without an abbreviation (Điều 7), is laid out as a công văn.
#[test]
fn a_thu_cong_is_numbered_and_headed_as_a_cong_van() {
    let ws = sample_workspace("thu-cong");
    write(
        &ws,
        "data/so-noi-vu/thu-cong.yaml",
        &TEXT.replace("loai: cong-van", "loai: thu-cong"),
    );
    let opts = vanban::build::Options {
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["thu-cong".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let text = pdf_text(&ws.join("output/so-noi-vu/thu-cong.pdf"), Some(1), false);
    assert!(text.contains("Số: 512/SNV-XDCQ"), "{text}");
    assert!(text.contains("V/v đôn đốc gửi báo cáo"), "{text}");
    assert!(!text.contains("THƯ CÔNG"), "{text}");
}

/// A giấy giới thiệu prints its type name and rule with no trích yếu (H-21), and says so of
/// a trích yếu written anyway; a biên bản has no date line in its header (H-17).
#[test]
fn kinds_without_a_summary_or_a_header_date_follow_their_model() {
    let ws = sample_workspace("giay-gioi-thieu");
    let letter = TEXT
        .replace("loai: cong-van", "loai: giay-gioi-thieu")
        .replace(
            "kinh_gui:\n  - Sở Y tế tỉnh Tây Ninh\n  - Thuế tỉnh Tây Ninh\n",
            "",
        );
    write(&ws, "data/so-noi-vu/gioi-thieu.yaml", &letter);
    write(
        &ws,
        "data/so-noi-vu/bien-ban.yaml",
        &TEXT
            .replace("loai: cong-van", "loai: bien-ban")
            .replace("trich_yeu: đôn đốc", "trich_yeu: Họp đôn đốc"),
    );
    let opts = vanban::build::Options {
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["gioi-thieu".into(), "bien-ban".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let warned: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned.iter().any(|w| w.contains("gioi-thieu.yaml:4:")
            && w.contains("Giấy giới thiệu không có trích yếu")),
        "{warned:#?}"
    );
    let text = pdf_text(&ws.join("output/so-noi-vu/gioi-thieu.pdf"), Some(1), false);
    assert!(text.contains("GIẤY GIỚI THIỆU"), "{text}");
    assert!(!text.contains("đôn đốc gửi báo cáo kết quả"), "{text}");
    assert!(text.contains("Số: 512/GGT-SNV"), "{text}");
    let minutes = pdf_text(&ws.join("output/so-noi-vu/bien-ban.pdf"), Some(1), false);
    assert!(
        minutes.contains("BIÊN BẢN") && minutes.contains("Họp đôn đốc"),
        "{minutes}"
    );
    assert!(!minutes.contains("ngày 05 tháng 11 năm 2025"), "{minutes}");
}
