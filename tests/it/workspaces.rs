//! Workspaces other than the sample: broken data, blank numbers, layout settings, fonts,
//! user text that looks like markup. Each test builds a small workspace of its own.

use crate::support;

use std::path::Path;

use support::*;
use vanban::build::{self, Options};
use vanban::render::Format;

const AGENCY: &str = "ten: [SỞ NỘI VỤ]\nco_quan_chu_quan: [UBND TỈNH TÂY NINH]\nten_day_du: Sở Nội vụ tỉnh Tây Ninh\nky_hieu: SNV\ndia_danh: Tây Ninh\nnguoi_ky:\n  - ma: gd\n    chuc_vu: Giám đốc\n    ho_ten: Trần Văn An\n";

fn doc(extra: &str) -> String {
    format!(
        "loai: ke-hoach\nmau: van-ban\ntrich_yeu: Thực hiện công tác dân vận chính quyền năm 2025\n{extra}noi_dung:\n  - tieu_de: Mục đích\n    muc:\n      - doan: Nội dung thứ nhất.\nket_luan: Trên đây là kế hoạch\nnguoi_ky: gd\nnoi_nhan: [Sở Nội vụ]\nluu: VT, VP\n"
    )
}

fn pdf_only() -> Options {
    Options {
        formats: vec![Format::Pdf],
        ..Options::default()
    }
}

#[test]
fn every_problem_is_reported_and_good_agencies_still_build() {
    let ws = temp_dir("broken");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-03-20\n"),
    );
    // A typo in a key, an unknown signer, a bad date, an unknown type: four files, one run.
    write(&ws, "data/typo/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/typo/ke-hoach.yaml",
        &doc("ngay: 2025-03-20\n").replace("trich_yeu", "trich_yue"),
    );
    write(&ws, "data/signer/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/signer/ke-hoach.yaml",
        &doc("ngay: 2025-03-20\n").replace("nguoi_ky: gd", "nguoi_ky: gđ"),
    );
    write(&ws, "data/date/co-quan.yaml", AGENCY);
    write(&ws, "data/date/ke-hoach.yaml", &doc("ngay: 2025-02-30\n"));
    write(&ws, "data/kind/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/kind/ke-hoach.yaml",
        &doc("ngay: 2025-03-20\n").replace("loai: ke-hoach", "loai: ke-hoac"),
    );
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    let text: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    let all = text.join("\n");
    assert_eq!(out.errors.len(), 4, "{all}");
    assert!(
        all.contains("typo/ke-hoach.yaml:3:1: khóa `trich_yue` không hợp lệ"),
        "{all}"
    );
    assert!(all.contains("có phải ý bạn là `trich_yeu`?"), "{all}");
    assert!(
        all.contains("signer/ke-hoach.yaml:")
            && all.contains("không có người ký mã `gđ`")
            && all.contains("`gd`"),
        "{all}"
    );
    assert!(
        all.contains("date/ke-hoach.yaml:4:7: ngày `2025-02-30` không hợp lệ"),
        "{all}"
    );
    assert!(
        all.contains("kind/ke-hoach.yaml:1:7: loại văn bản `ke-hoac`")
            && all.contains("`ke-hoach`"),
        "{all}"
    );
    assert!(
        ws.join("output/snv/ke-hoach.pdf").is_file(),
        "the good agency is written"
    );
    assert!(
        !ws.join("output/typo").exists(),
        "nothing half-written for a broken one"
    );
}

#[test]
fn blank_number_and_date_leave_room_to_write_in() {
    let ws = temp_dir("blank");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(&ws, "data/snv/ke-hoach.yaml", &doc("nam: 2025\n"));
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let layout = pdf_text(&ws.join("output/snv/ke-hoach.pdf"), Some(1), false);
    assert!(layout.contains("Số:"), "{layout}");
    assert!(layout.contains("/KH-SNV"));
    let docx = std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap();
    let paras = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap());
    assert!(paras.iter().any(|p| p == "Số:      /KH-SNV"), "{paras:?}");
    assert!(
        paras
            .iter()
            .any(|p| p == "Tây Ninh, ngày      tháng      năm 2025"),
        "{paras:?}"
    );
}

#[test]
fn governing_body_number_padding_and_signer_without_prefix() {
    let ws = temp_dir("snv");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-01-05\n"),
    );
    let out = build::run(
        &ws,
        &Options {
            formats: vec![Format::Docx],
            ..Options::default()
        },
        &|_: &Path| {},
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let docx = std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap();
    let paras = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap());
    for want in [
        "UBND TỈNH TÂY NINH",
        "SỞ NỘI VỤ",
        "Số: 05/KH-SNV",
        "Tây Ninh, ngày 05 tháng 01 năm 2025",
        "GIÁM ĐỐC",
        "Trần Văn An",
        "- Sở Nội vụ;",
        "- Lưu: VT, VP.",
    ] {
        assert!(
            paras.iter().any(|p| p == want),
            "missing {want:?} in {paras:?}"
        );
    }
    assert!(
        paras.iter().any(|p| p.ends_with("Trên đây là kế hoạch./.")),
        "closing ./. added"
    );
}

#[test]
fn layout_profile_13_and_margins_reach_both_formats() {
    let ws = temp_dir("profile");
    write(
        &ws,
        "vanban.yaml",
        "trinh_bay:\n  co_chu: 13\n  le: { tren: 25, duoi: 20, trai: 35, phai: 20 }\n",
    );
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-03-20\n"),
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let docx = std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap();
    let xml = zip_part(&docx, "word/document.xml").unwrap();
    assert!(xml.contains("w:left=\"1984\""), "35 mm left margin");
    assert!(xml.contains("w:top=\"1417\""), "25 mm top margin");
    // Profile 13: Quốc hiệu 12 pt (24 half-points), body 13 pt (as Word shows them: the
    // style sheet's sizes under the runs' own).
    let (_, paras) = support::wml::read(&docx, "word/document.xml");
    let qh = paras
        .iter()
        .flat_map(|p| &p.runs)
        .find(|r| r.text == vanban::ground::nd30::QUOC_HIEU)
        .unwrap();
    assert_eq!(qh.size, Some(24), "Quốc hiệu at 12 pt");
    let layout = pdf_text(&ws.join("output/snv/ke-hoach.pdf"), Some(1), true);
    assert!(layout
        .lines()
        .any(|l| l.contains(vanban::ground::nd30::QUOC_HIEU)));
}

#[test]
fn margins_outside_the_decree_are_refused() {
    let ws = temp_dir("margins");
    write(
        &ws,
        "vanban.yaml",
        "trinh_bay:\n  le: { trai: 25 }\n  co_chu: 12\n",
    );
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(&ws, "data/snv/ke-hoach.yaml", &doc("ngay: 2025-03-20\n"));
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    let all: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        all.iter()
            .any(|e| e.contains("trinh_bay.le.trai") && e.contains("từ 30 đến 35")),
        "{all:?}"
    );
    assert!(
        all.iter().any(|e| e.contains("trinh_bay.co_chu")),
        "{all:?}"
    );
}

#[test]
fn user_text_is_never_markup() {
    let ws = temp_dir("inject");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    let tricky = "#set page(width: 1cm) {{ doc.so }} {% if true %}x{% endif %} # không phải tiêu đề [liên kết](http://x) `mã` <b>html</b> _gạch_";
    let d = doc("ngay: 2025-03-20\n").replace(
        "Nội dung thứ nhất.",
        &format!("\"{}\"", tricky.replace('"', "\\\"")),
    );
    write(&ws, "data/snv/ke-hoach.yaml", &d);
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let docx = std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap();
    let paras = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap());
    assert!(
        paras.iter().any(|p| p == &format!("1. {tricky}")),
        "{paras:?}"
    );
    let pdf = squash(&pdf_text(&ws.join("output/snv/ke-hoach.pdf"), None, false));
    assert!(pdf.contains(&squash(tricky)), "{pdf}");
}

#[test]
fn a_character_missing_from_the_font_is_named() {
    let ws = temp_dir("glyph");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("ngay: 2025-03-20\n").replace("Nội dung thứ nhất.", "Ký hiệu 漢 lạ."),
    );
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    let all: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert!(all.iter().any(|e| e.contains("`漢` (U+6F22)")), "{all:?}");
}

#[test]
fn times_new_roman_in_the_workspace_replaces_the_bundled_font() {
    let ws = temp_dir("fonts");
    let fonts = ws.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    // Stand-ins under Times New Roman's file names: the set must come from the workspace.
    for (from, to) in [
        ("Regular", "times.ttf"),
        ("Bold", "timesbd.ttf"),
        ("Italic", "timesi.ttf"),
        ("BoldItalic", "timesbi.ttf"),
    ] {
        std::fs::copy(
            repo().join(format!("fonts/LiberationSerif-{from}.ttf")),
            fonts.join(to),
        )
        .unwrap();
    }
    let set = vanban::ground::fonts::FontSet::for_workspace(&fonts).unwrap();
    assert_eq!(
        set.faces[1].as_slice(),
        std::fs::read(fonts.join("timesbd.ttf")).unwrap().as_slice()
    );
    assert_eq!(
        set.family, "Liberation Serif",
        "family is read from the font file"
    );
    std::fs::remove_file(fonts.join("timesi.ttf")).unwrap();
    let err = vanban::ground::fonts::FontSet::for_workspace(&fonts)
        .err()
        .expect("incomplete set refused");
    assert!(err.contains("timesi.ttf"), "{err}");
    let empty = temp_dir("nofonts");
    assert_eq!(
        vanban::ground::fonts::FontSet::for_workspace(&empty)
            .unwrap()
            .family,
        "Liberation Serif"
    );
}

#[test]
fn cli_builds_one_format_and_reports() {
    let ws = sample_workspace("cli");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "build",
            "--format",
            "pdf",
            "--agency",
            "ubnd-tinh",
            "--workspace",
        ])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Its plan (KH 696), and the consolidated report and draft decision it signs, which go
    // to tong-hop/.
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("đã ghi ")).count(),
        3,
        "{stdout}"
    );
    assert!(ws.join("output/ubnd-tinh/ke-hoach.pdf").is_file());
    assert!(ws.join("output/tong-hop/bao-cao-tong-hop.pdf").is_file());
    assert!(!ws.join("output/ubnd-tinh/ke-hoach.docx").exists());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("Tổng kết: 3 văn bản, 3 tệp đã ghi, 0 lỗi"));
    assert!(
        !ws.join("output/so-noi-vu").exists(),
        "--agency selects only ubnd-tinh"
    );
    // A broken workspace exits non-zero.
    write(
        &ws,
        "data/ubnd-tinh/bao-cao.yaml",
        "loai: bao-cao\nso: mười\n",
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8(bad.stderr)
        .unwrap()
        .contains("bao-cao.yaml:2:5: sai kiểu dữ liệu"));
}

#[test]
fn an_agency_file_is_checked_once_for_all_its_documents() {
    let ws = temp_dir("agency");
    let bad = AGENCY
        .replace("ky_hieu: SNV", "ky_hieu: S NV\nkhoi: so-ban-ngnh")
        .replace("  - ma: gd\n", "  - ma: gd\n    quyen_han: T/M\n");
    write(&ws, "data/snv/co-quan.yaml", &bad);
    write(&ws, "data/snv/ke-hoach.yaml", &doc("ngay: 2025-03-20\n"));
    write(&ws, "data/snv/to-trinh.yaml", &doc("ngay: 2025-03-21\n"));
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    let all: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(
        all.iter()
            .any(|e| e.contains("co-quan.yaml:4:10: ký hiệu cơ quan `S NV`")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|e| e.contains("khối `so-ban-ngnh`") && e.contains("`so-ban-nganh`")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|e| e.contains("quyền hạn ký `T/M`") && e.contains("TM.")),
        "{all:#?}"
    );
    // Each document of the agency is named as not built (and was read for its own errors).
    assert_eq!(
        out.failed,
        vec!["snv/ke-hoach".to_string(), "snv/to-trinh".to_string()]
    );
    assert!(out.written.is_empty());
}

#[test]
fn check_validates_without_writing_and_help_is_vietnamese() {
    let ws = sample_workspace("check");
    let bin = env!("CARGO_BIN_EXE_vanban");
    let ok = std::process::Command::new(bin)
        .args(["check", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8(ok.stderr).unwrap().contains(" 0 lỗi"));
    assert!(!ws.join("output").exists(), "check writes nothing");
    write(
        &ws,
        "data/so-noi-vu/bao-cao-nam.yaml",
        "so: 1\nso_lieu: {van_ban_chi_dau: 3}\n",
    );
    let bad = std::process::Command::new(bin)
        .args(["check", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("bao-cao-nam.yaml:2:11: không có chỉ số `van_ban_chi_dau`")
            && err.contains("có phải ý bạn là `van_ban_chi_dao`?"),
        "{err}"
    );
    let help = std::process::Command::new(bin)
        .args(["build", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("Cách dùng: vanban build [TÙY CHỌN]") && help.contains("--agency"),
        "{help}"
    );
}

#[test]
fn malformed_files_are_named_not_panicked_on() {
    let ws = temp_dir("malformed");
    write(&ws, "data/tinh.yaml", "nam: 2025\nke_hoach: [1]\n");
    write(&ws, "data/a/co-quan.yaml", "");
    write(&ws, "data/b/co-quan.yaml", AGENCY);
    write(&ws, "data/b/ke-hoach.yaml", "- một\n- hai\n");
    write(&ws, "data/b/to-trinh.yaml", "\u{0}\u{1}loai: x");
    write(&ws, "data/b/bao-cao.yaml", "so: 99999999999999999999\n");
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    let all = out
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains("tinh.yaml:2:11: cần các cặp `khóa: giá trị`"),
        "{all}"
    );
    assert!(all.contains("a/co-quan.yaml: tệp rỗng"), "{all}");
    assert!(
        all.contains("b/ke-hoach.yaml:1:1: cần các cặp `khóa: giá trị`"),
        "{all}"
    );
    assert!(all.contains("b/to-trinh.yaml"), "{all}");
    assert!(
        all.contains("b/bao-cao.yaml:1:5: sai kiểu dữ liệu"),
        "{all}"
    );
    assert!(out.written.is_empty());
}

#[test]
fn the_closing_paragraph_goes_with_the_signature_in_both_formats() {
    // Documents of growing length: wherever the page breaks, the signature page starts no
    // later than the closing paragraph, in the PDF; the DOCX asks Word for the same.
    let ws = temp_dir("closing");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    let filler = "Đoạn số {i}: tiếp tục quán triệt, triển khai thực hiện nghiêm các văn bản của Trung ương, của tỉnh về công tác dân vận chính quyền; phát huy vai trò người đứng đầu trong tiếp xúc, đối thoại với Nhân dân.";
    for n in 8..26 {
        let items: String = (0..n)
            .map(|i| {
                format!(
                    "      - doan: \"{}\"\n",
                    filler.replace("{i}", &i.to_string())
                )
            })
            .collect();
        let body = format!(
            "loai: ke-hoach\nmau: van-ban\nso: 5\nngay: 2025-03-20\ntrich_yeu: Thử\nnoi_dung:\n  - tieu_de: Nội dung\n    muc:\n{items}ket_luan: Trên đây là kế hoạch thực hiện công tác dân vận chính quyền năm 2025 của Sở Nội vụ, đề nghị các phòng, đơn vị thuộc Sở nghiêm túc triển khai thực hiện\nnguoi_ky: gd\nnoi_nhan: [Sở Nội vụ]\n"
        );
        write(&ws, &format!("data/snv/vb-{n:02}.yaml"), &body);
    }
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let mut moved = 0;
    for n in 8..26 {
        let pdf = ws.join(format!("output/snv/vb-{n:02}.pdf"));
        let pages = pdf_pages(&pdf);
        let last = squash(&pdf_text(&pdf, Some(pages), false));
        assert!(
            last.contains("Nơinhận:"),
            "vb-{n:02}: no signature on the last page"
        );
        assert!(
            last.contains("Trênđâylàkếhoạch"),
            "vb-{n:02}: the signature page lacks the start of the closing paragraph"
        );
        if pages > 1 && !last.contains("Đoạnsố") {
            moved += 1;
        }
        let docx = std::fs::read(ws.join(format!("output/snv/vb-{n:02}.docx"))).unwrap();
        let xml = zip_part(&docx, "word/document.xml").unwrap();
        let at = xml.find("Trên đây là kế hoạch").expect("closing paragraph");
        let start = xml[..at]
            .rfind("<w:p>")
            .or_else(|| xml[..at].rfind("<w:p "))
            .unwrap();
        let para = &xml[start..at];
        assert!(
            para.contains("<w:keepNext") && para.contains("<w:keepLines"),
            "vb-{n:02}: DOCX closing paragraph is not kept with the signature: {para}"
        );
    }
    assert!(
        moved > 0,
        "no length put the closing paragraph at a page break"
    );
}

#[test]
fn stale_outputs_and_temporary_files_do_not_survive_a_build() {
    let ws = temp_dir("stale");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-03-20\n"),
    );
    write(
        &ws,
        "data/snv/to-trinh.yaml",
        &doc("so: 6\nngay: 2025-03-21\n"),
    );
    let first = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(first.errors.is_empty(), "{:#?}", first.errors);
    assert_eq!(first.written.len(), 4);
    // An interrupted build's leftovers, a renamed agency and a now broken document.
    write(&ws, "output/snv/.ke-hoach.pdf.4242.tmp", "half");
    std::fs::rename(ws.join("data/snv"), ws.join("data/so-noi-vu")).unwrap();
    std::fs::create_dir_all(ws.join("output/so-noi-vu")).unwrap();
    std::fs::copy(
        ws.join("output/snv/to-trinh.pdf"),
        ws.join("output/so-noi-vu/to-trinh.pdf"),
    )
    .unwrap();
    write(
        &ws,
        "data/so-noi-vu/to-trinh.yaml",
        &doc("so: 6\nngay: 2025-02-30\n"),
    );
    write(&ws, "output/ghi-chu.txt", "not ours");
    let second = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert_eq!(second.failed, vec!["so-noi-vu/to-trinh".to_string()]);
    let removed: Vec<String> = second
        .removed
        .iter()
        .map(|p| p.strip_prefix(&ws).unwrap().display().to_string())
        .collect();
    for gone in [
        "output/snv/.ke-hoach.pdf.4242.tmp",
        "output/snv/ke-hoach.docx",
        "output/snv/to-trinh.pdf",
        "output/so-noi-vu/to-trinh.pdf",
    ] {
        assert!(
            removed.iter().any(|r| r == gone),
            "{gone} not removed: {removed:?}"
        );
        assert!(!ws.join(gone).exists(), "{gone} still there");
    }
    assert!(
        !ws.join("output/snv").exists(),
        "the renamed agency's folder stays"
    );
    assert!(ws.join("output/so-noi-vu/ke-hoach.pdf").exists());
    assert!(
        ws.join("output/ghi-chu.txt").exists(),
        "a file not ours was removed"
    );
    // The summary names them, and the exit code says the data has a problem.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["build", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("Văn bản chưa tạo được (1): so-noi-vu/to-trinh"),
        "{text}"
    );
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["help", "check"])
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8(help.stdout)
        .unwrap()
        .contains("Cách dùng: vanban check"));
}

#[test]
fn several_kinh_gui_recipients_go_below_the_label_in_the_pdf_as_in_the_docx() {
    let ws = temp_dir("kinhgui");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/bao-cao.yaml",
        &doc("so: 5\nngay: 2025-03-20\nkinh_gui: [Ủy ban nhân dân tỉnh;, Sở Nội vụ]\n")
            .replace("loai: ke-hoach", "loai: bao-cao"),
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let text = pdf_text(&ws.join("output/snv/bao-cao.pdf"), Some(1), true);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("Kính gửi"))
        .expect("Kính gửi line");
    assert_eq!(
        lines[at], "Kính gửi:",
        "B-10: a line break after the colon: {lines:?}"
    );
    assert_eq!(lines[at + 1], "- Ủy ban nhân dân tỉnh;");
    assert_eq!(lines[at + 2], "- Sở Nội vụ.");
    let docx = std::fs::read(ws.join("output/snv/bao-cao.docx")).unwrap();
    let paras = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap());
    let at = paras
        .iter()
        .position(|p| p.starts_with("Kính gửi"))
        .expect("Kính gửi paragraph");
    assert_eq!(paras[at], "Kính gửi:");
    assert_eq!(paras[at + 1], "- Ủy ban nhân dân tỉnh;");
    assert_eq!(paras[at + 2], "- Sở Nội vụ.");
}

#[test]
fn a_report_with_only_its_figures_invents_no_heading_or_sentence() {
    let ws = temp_dir("sparse");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    for f in ["tinh.yaml", "bang-diem.yaml"] {
        std::fs::copy(repo().join("data").join(f), ws.join("data").join(f)).unwrap();
    }
    let keys = [
        "van_ban_chi_dao",
        "cuoc_kiem_tra",
        "hoi_nghi_quan_triet",
        "cbccvc",
        "cbccvc_quan_triet",
        "noi_dung_cong_khai",
        "lay_y_kien",
        "tthc_tiep_nhan",
        "tthc_truc_tuyen",
        "tthc_giai_quyet",
        "tthc_dung_han",
        "thu_xin_loi",
        "tiep_cong_dan_buoi",
        "tiep_cong_dan_luot",
        "don_tiep_nhan",
        "don_thuoc_tham_quyen",
        "don_da_giai_quyet",
        "doi_thoai",
        "phan_anh_tiep_nhan",
        "phan_anh_da_xu_ly",
        "dan_van_kheo_dang_ky",
        "dan_van_kheo_cong_nhan",
        "cbccvc_ky_luat",
    ];
    let figures: String = keys.iter().map(|k| format!("  {k}: 0\n")).collect();
    write(
        &ws,
        "data/snv/bao-cao-6-thang.yaml",
        &format!("ngay: 2025-05-20\nso_lieu:\n{figures}"),
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = pdf_text(&ws.join("output/snv/bao-cao-6-thang.pdf"), None, false);
    let docx = std::fs::read(ws.join("output/snv/bao-cao-6-thang.docx")).unwrap();
    let docx = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap()).join("\n");
    for text in [&pdf, &docx] {
        for invented in [
            "Không có.",
            "Không có hạn chế",
            "ĐẶC ĐIỂM TÌNH HÌNH",
            "ĐÁNH GIÁ CHUNG",
            "PHƯƠNG HƯỚNG",
            "KIẾN NGHỊ",
            "đạt 0%",
            "đạt không phát sinh",
            "0/0",
        ] {
            assert!(!text.contains(invented), "invented `{invented}`:\n{text}");
        }
        assert!(text.contains("KẾT QUẢ THỰC HIỆN"), "{text}");
    }
}

/// Each word of a PDF with its right edge and its line's top, in points, from
/// `pdftotext -bbox`, in reading order; and the page width.
fn pdf_words(pdf: &Path) -> (Vec<(String, f64, f64)>, f64) {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: see .ci/run");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let width = html
        .lines()
        .find(|l| l.contains("<page "))
        .map(|l| attr(l, "width"))
        .expect("a page");
    let words = html
        .lines()
        .filter(|l| l.contains("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap().split("</word").next().unwrap();
            (text.replace("&amp;", "&"), attr(l, "xMax"), attr(l, "yMin"))
        })
        .collect();
    (words, width)
}

#[test]
fn long_words_break_in_the_pdf_layout_not_in_its_text() {
    // Issue 16, item 9: words of 25 or more characters used to get U+200B between their
    // characters, so the PDF's text held no address that could be searched or copied.
    let ws = temp_dir("long-words");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    let email = "phongxaydungchinhquyen.sonoivu@tayninh.gov.vn";
    // Fits a line: it may move to the next line, but stays whole.
    let url = "https://dichvucong.tayninh.gov.vn/thu-tuc/dan-van/ke-hoach25";
    assert_eq!(url.chars().count(), 60);
    // Wider than a line: it breaks where it meets the right margin.
    let code: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(110)
        .collect();
    let para = format!(
        "Mọi góp ý xin gửi về hộp thư điện tử {email} trước ngày 30/4/2025; tài liệu đăng \
         tại {url} và mã hồ sơ {code} để tra cứu."
    );
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-03-20\n").replace("Nội dung thứ nhất.", &format!("\"{para}\"")),
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = ws.join("output/snv/ke-hoach.pdf");

    let text = pdf_text(&pdf, None, false);
    assert!(
        !text.contains('\u{200B}'),
        "U+200B in the PDF text:\n{text}"
    );
    assert!(
        text.contains(email),
        "the e-mail address is not whole:\n{text}"
    );
    assert!(
        text.contains(url),
        "the 60-character word is not whole:\n{text}"
    );
    assert!(
        !text.contains(&code),
        "the 110-character word is not broken:\n{text}"
    );
    assert!(
        squash(&text).contains(&squash(&para)),
        "the paragraph's text is not as written:\n{text}"
    );

    // None of the three runs past the right margin (15 mm; only punctuation may hang into
    // it), and the 110-character word is split over two lines, nothing added between its
    // two parts.
    let (words, page_width) = pdf_words(&pdf);
    let right = page_width - 15.0 / 25.4 * 72.0;
    let long: Vec<_> = words
        .iter()
        .filter(|(w, ..)| w.len() > 3 && [email, url, &code].iter().any(|l| l.contains(w.as_str())))
        .collect();
    assert_eq!(long.len(), 4, "{words:?}");
    for (w, x_max, _) in long {
        assert!(
            *x_max <= right + 0.01,
            "`{w}` ends at {x_max} pt, past {right}"
        );
    }
    let at = words
        .iter()
        .position(|(w, ..)| w.len() > 1 && code.starts_with(w.as_str()))
        .expect("the start of the 110-character word");
    let (head, _, head_y) = &words[at];
    let (tail, _, tail_y) = &words[at + 1];
    assert_eq!(format!("{head}{tail}"), code, "{words:?}");
    assert!(tail_y > head_y, "one line: {head} {tail}");

    // The DOCX holds the paragraph as written; Word breaks the words itself.
    let docx = std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap();
    let paras = docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap());
    assert!(
        paras.iter().any(|p| p == &format!("1. {para}")),
        "{paras:?}"
    );
}

/// A unit's content in the order written: paragraph, dash, "+" item, paragraph, dash, a
/// centred line, a table (its cells data, never markup), a numbered sub-item; the same order
/// in both formats.
#[test]
fn body_parts_come_out_in_the_order_written() {
    let ws = temp_dir("parts");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        "loai: ke-hoach\nmau: van-ban\nso: 5\nngay: 2025-03-20\ntrich_yeu: Thứ tự tự do\nnoi_dung:\n  - tieu_de: NHIỆM VỤ\n    noi_dung:\n      - doan: Đoạn mở đầu của mục.\n      - y: Gạch thứ nhất.\n      - cong: Cộng dưới gạch thứ nhất.\n      - doan: Đoạn giữa hai gạch.\n      - y: Gạch thứ hai.\n      - giua: DÒNG GIỮA IN ĐẬM\n      - bang:\n          cot: [STT, Nội dung, Số lượng]\n          dong:\n            - [1, Hội nghị | quán triệt, 12]\n            - [2, \"**Không** đậm\", 1073]\n            - [3, Kinh phí (triệu đồng), 812.5]\n            - [4, Lượt người, 12500]\n      - muc: { tieu_de: Khoản con, doan: Nội dung khoản con. }\n      - doan: Đoạn cuối mục.\nnguoi_ky: gd\nnoi_nhan: [Sở Nội vụ]\n",
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let order = [
        "I. NHIỆM VỤ",
        "Đoạn mở đầu của mục.",
        "- Gạch thứ nhất.",
        "+ Cộng dưới gạch thứ nhất.",
        "Đoạn giữa hai gạch.",
        "- Gạch thứ hai.",
        "DÒNG GIỮA IN ĐẬM",
        "STT",
        "Nội dung",
        "Số lượng",
        "Hội nghị | quán triệt",
        "12",
        "Không đậm",
        "1073",
        // A number alone in its cell takes the Vietnamese form.
        "Kinh phí (triệu đồng)",
        "812,5",
        "Lượt người",
        "12.500",
        "1. Khoản con",
        "Nội dung khoản con.",
        "Đoạn cuối mục.",
    ];
    let pdf = squash(&pdf_text(&ws.join("output/snv/ke-hoach.pdf"), None, false));
    let docx_xml = zip_part(
        &std::fs::read(ws.join("output/snv/ke-hoach.docx")).unwrap(),
        "word/document.xml",
    )
    .unwrap();
    let docx = squash(&docx_paragraphs(&docx_xml).join("\n"));
    for (name, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        let mut at = 0;
        for want in order {
            let w = squash(want);
            let found = text[at..]
                .find(&w)
                .unwrap_or_else(|| panic!("{name}: {want:?} not after position {at}:\n{text}"));
            at += found + w.len();
        }
    }
    // The table is a real table in the DOCX, with its three columns.
    let table = docx_xml
        .split("<w:tbl>")
        .find(|t| t.contains("Số lượng"))
        .expect("the data table is a table");
    assert_eq!(table.matches("<w:gridCol ").count(), 3, "{table}");
}

/// A number with its symbol never breaks at its hyphen or slash at a line end, in our PDF
/// and in LibreOffice's rendering of the DOCX (H-9; issue 19): forty paragraphs shift
/// "12/KH-UBND" along the line one word at a time, so without the rule some would break.
#[test]
fn a_number_with_its_symbol_is_never_broken_at_a_line_end() {
    let ws = temp_dir("so-ky-hieu");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    let paragraphs: String = (0..40)
        .map(|k| {
            format!(
                "      - doan: {}theo Kế hoạch số 12/KH-UBND và Quyết định số 290-QĐ/TW ngày 25/02/2010.\n",
                "công tác ".repeat(k % 20) + &"a ".repeat(k / 20)
            )
        })
        .collect();
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &format!(
            "loai: ke-hoach\nmau: van-ban\nso: 5\nngay: 2025-03-20\ntrich_yeu: Thử số và ký hiệu\nnoi_dung:\n  - tieu_de: Nội dung\n    muc:\n{paragraphs}nguoi_ky: gd\nnoi_nhan: [Sở Nội vụ]\nluu: VT, VP\n"
        ),
    );
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let docx = ws.join("output/snv/ke-hoach.docx");
    let lo = soffice(&ws, "pdf", &[docx]);
    for pdf in [ws.join("output/snv/ke-hoach.pdf"), lo.join("ke-hoach.pdf")] {
        let text = pdf_text(&pdf, None, false).replace('\u{2011}', "-");
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut whole = 0;
        for (i, l) in lines.iter().enumerate() {
            let next = lines.get(i + 1).copied().unwrap_or("");
            for (head, tail) in [
                ("12/KH-", "UBND"),
                ("12/", "KH-UBND"),
                ("290-", "QĐ/TW"),
                ("290-QĐ/", "TW"),
            ] {
                assert!(
                    !(l.ends_with(head) && next.starts_with(tail)),
                    "{}: broken at line {i}: {l} / {next}",
                    pdf.display()
                );
            }
            whole += l.matches("12/KH-UBND").count();
        }
        assert_eq!(
            whole,
            40,
            "{}: every number whole on one line",
            pdf.display()
        );
    }
    let _ = std::fs::remove_dir_all(&ws);
}

/// `luu: ""` leaves out the filing line; the last recipient then ends with ".".
#[test]
fn an_empty_filing_line_is_left_out() {
    let ws = temp_dir("luu");
    write(&ws, "data/snv/co-quan.yaml", AGENCY);
    write(
        &ws,
        "data/snv/ke-hoach.yaml",
        &doc("so: 5\nngay: 2025-03-20\n").replace("luu: VT, VP\n", "luu: \"\"\n"),
    );
    let out = build::run(&ws, &pdf_only(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let text = pdf_text(&ws.join("output/snv/ke-hoach.pdf"), None, false);
    assert!(!text.contains("Lưu"), "{text}");
    assert!(text.contains("- Sở Nội vụ."), "{text}");
    let _ = std::fs::remove_dir_all(&ws);
}
