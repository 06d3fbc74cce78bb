//! The campaign as data: a second workspace (another province after the 2025
//! reorganisation, another year, xã and phường, its own indicators and quarterly periods)
//! builds with no Rust or template edit, and every document says only what its data gives.
//! Also: fields a template never reads, a plan that is the parent plan, agencies outside
//! their lifespan, and every missing key of an agency file in one run.

use crate::support;

use std::path::Path;

use support::*;
use vanban::build::{self, Options};

fn quiet() -> impl Fn(&Path) + Sync {
    |_: &Path| {}
}

/// The DOCX text and the PDF text (squashed) of one output document.
fn both(ws: &Path, doc: &str) -> (String, String) {
    let docx = docx_text(&ws.join(format!("output/{doc}.docx")));
    let pdf = squash(&pdf_text(
        &ws.join(format!("output/{doc}.pdf")),
        None,
        false,
    ));
    (docx, pdf)
}

fn has(texts: &(String, String), want: &str) -> bool {
    texts.0.contains(want) && texts.1.contains(&squash(want))
}

fn lacks(texts: &(String, String), unwanted: &str) -> bool {
    !texts.0.contains(unwanted) && !texts.1.contains(&squash(unwanted))
}

/// Whether a "0/0" stands alone (a zero figure over a zero total), not inside a date
/// such as "20/01/2026".
fn has_zero_over_zero(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices("0/0").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 3).copied();
        !before.is_some_and(|c| c.is_ascii_digit() || c == b'/')
            && !after.is_some_and(|c| c.is_ascii_digit() || c == b'/')
    })
}

#[test]
fn a_ward_level_workspace_of_another_province_and_year_builds_from_data_alone() {
    let ws = example_workspace("dong-nai-2026", "dong-nai");
    let out = build::run(&ws, &Options::default(), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    // Only the note that the example's score sheet is a stand-in.
    assert_eq!(out.warnings.len(), 1, "{:#?}", out.warnings);
    assert!(out.warnings[0].message.contains("bảng minh họa"));
    assert_eq!(out.documents, 8);
    assert_eq!(out.written.len(), 16);

    // A quarterly report through the generic `bao-cao` template: the period's name and
    // dates come from the parent plan, the recipient from it too.
    let q1 = both(&ws, "ubnd-phuong-tran-bien/bao-cao-quy-1");
    for want in [
        "Kết quả thực hiện công tác dân vận chính quyền quý I năm 2026",
        "Kính gửi: Sở Nội vụ tỉnh Đồng Nai",
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Đồng Nai",
        "quý I năm 2026 (số liệu tính từ ngày 15/12/2025 đến ngày 14/3/2026) như sau:",
        "Đăng 14 tin, bài tuyên truyền về công tác dân vận chính quyền trên trang thông tin điện tử.",
        "40/42 khu phố, ấp đã tổ chức hội nghị nhân dân, đạt 95,2%.",
        "Giải quyết đúng hạn 1.869/1.873 hồ sơ, đạt 99,8%.",
        "Đã xử lý 57 phản ánh (100%).",
        "Duy trì chuyên mục “Chính quyền lắng nghe” trên kênh Zalo của phường.",
    ] {
        assert!(has(&q1, want), "quý I lacks {want:?}\n{}", q1.0);
    }
    // Not reported, so nowhere; no heading of the Tây Ninh campaign's catalogue.
    for unwanted in [
        "đối thoại trực tiếp",
        "Dân vận khéo",
        "ĐÁNH GIÁ CHUNG",
        "Không có.",
    ] {
        assert!(lacks(&q1, unwanted), "quý I has {unwanted:?}");
    }
    assert!(
        !has_zero_over_zero(&q1.0) && !has_zero_over_zero(&q1.1),
        "quý I has 0/0"
    );
    assert!(has_zero_over_zero("đạt 0/0 hồ sơ") && !has_zero_over_zero("ngày 20/01/2026"));

    // A commune reporting three indicators, two of them 0: the catalogue's wording for
    // "không phát sinh", its own items under a group, its own evaluation section.
    let xa = both(&ws, "ubnd-xa-phu-rieng/bao-cao-6-thang");
    for want in [
        "Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2026",
        "Trong kỳ không phát sinh hồ sơ thủ tục hành chính.",
        "Trong kỳ chưa tổ chức đối thoại trực tiếp với Nhân dân.",
        "vận động 35 hộ đồng bào S’tiêng",
        "Những việc làm được sau sắp xếp",
    ] {
        assert!(has(&xa, want), "xã lacks {want:?}\n{}", xa.0);
    }
    for unwanted in [
        "khu phố, ấp đã tổ chức",
        "Zalo",
        "Ưu điểm",
        "Tỷ lệ",
        "đạt 0",
    ] {
        assert!(lacks(&xa, unwanted), "xã has {unwanted:?}\n{}", xa.0);
    }
    assert!(
        !has_zero_over_zero(&xa.0) && !has_zero_over_zero(&xa.1),
        "xã has 0/0"
    );

    // `kinh_gui: []` means no Kính gửi, and so no "Như trên"; a whole body of its own.
    let nine = both(&ws, "ubnd-xa-phu-rieng/bao-cao-9-thang");
    assert!(
        lacks(&nine, "Kính gửi") && lacks(&nine, "Như trên"),
        "{}",
        nine.0
    );
    assert!(has(&nine, "KẾT QUẢ NỔI BẬT") && has(&nine, "9 tháng năm 2026"));
    assert!(lacks(&nine, "KẾT QUẢ THỰC HIỆN"), "{}", nine.0);

    // The parent plan itself never cites itself; its own opening and body are kept.
    let kh = both(&ws, "ubnd-tinh/ke-hoach");
    assert!(lacks(&kh, "Thực hiện Kế hoạch số 45"), "{}", kh.0);
    assert!(has(
        &kh,
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện công tác dân vận chính quyền năm 2026"
    ));
    assert!(has(&kh, "MỤC ĐÍCH, YÊU CẦU"));
    assert!(has(
        &kh,
        "đề nghị các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường nghiêm túc"
    ));

    // A ward's plan from the default skeleton: the block's wording, the parent plan's
    // deadlines by date, named from its periods.
    let plan = both(&ws, "ubnd-phuong-tran-bien/ke-hoach");
    for want in [
        "Các phòng chuyên môn, đơn vị thuộc Ủy ban nhân dân phường căn cứ chức năng",
        "Chế độ báo cáo về Sở Nội vụ tỉnh Đồng Nai",
        "Báo cáo quý I năm 2026: trước ngày 20/3/2026;",
        "Báo cáo năm 2026: trước ngày 20/11/2026.",
        "100% khu phố tổ chức đối thoại với Nhân dân ít nhất 01 lần trong năm.",
    ] {
        assert!(has(&plan, want), "plan lacks {want:?}\n{}", plan.0);
    }
    assert!(lacks(&plan, "Quyết định số"), "no score sheet in this plan");
}

#[test]
fn every_part_of_the_parent_plan_is_optional() {
    let ws = example_workspace("dong-nai-2026", "no-plan");
    std::fs::remove_file(ws.join("data/ke-hoach-cap-tren.yaml")).unwrap();
    // Nor is there a score sheet for a dossier.
    std::fs::remove_file(ws.join("data/ubnd-phuong-tran-bien/ho-so-cham-diem.yaml")).unwrap();
    // Without a parent plan the figures have nothing to report against: drop them.
    for f in [
        "ubnd-phuong-tran-bien/bao-cao-quy-1.yaml",
        "ubnd-phuong-tran-bien/bao-cao-nam.yaml",
        "ubnd-phuong-binh-phuoc/bao-cao-quy-1.yaml",
        "ubnd-xa-phu-rieng/bao-cao-6-thang.yaml",
    ] {
        let p = ws.join("data").join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .scan(false, |skip, l| {
                if l.starts_with("so_lieu:") || l.starts_with("ket_qua:") {
                    *skip = true;
                } else if !l.starts_with(' ') {
                    *skip = false;
                }
                Some((!*skip).then_some(l))
            })
            .flatten()
            .collect();
        std::fs::write(&p, kept.join("\n")).unwrap();
    }
    let out = build::run(&ws, &Options::default(), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let q1 = both(&ws, "ubnd-phuong-tran-bien/bao-cao-quy-1");
    assert!(
        lacks(&q1, "Thực hiện Kế hoạch"),
        "no parent plan, no citation"
    );
    assert!(lacks(&q1, "Kính gửi"), "no reporting body given");
    assert!(lacks(&q1, "số liệu tính từ"), "no period given");
    assert!(
        lacks(&q1, "KẾT QUẢ THỰC HIỆN"),
        "no figures, no results heading"
    );
    assert!(has(&q1, "Ủy ban nhân dân phường Trấn Biên báo cáo kết quả thực hiện công tác dân vận chính quyền như sau:"), "{}", q1.0);
    let annual = both(&ws, "ubnd-phuong-tran-bien/bao-cao-nam");
    assert!(
        has(&annual, "năm 2026"),
        "the year comes from the document's date"
    );
    let plan = both(&ws, "ubnd-phuong-tran-bien/ke-hoach");
    assert!(
        lacks(&plan, "Chế độ báo cáo"),
        "no deadlines, no reporting schedule"
    );
}

#[test]
fn fields_the_template_never_reads_are_named_in_a_warning() {
    let ws = example_workspace("dong-nai-2026", "unused");
    // Report fields in a plan, and a section the report skeleton does not have.
    write(
        &ws,
        "data/ubnd-phuong-tran-bien/ke-hoach.yaml",
        "so: 12\nngay: 2026-02-05\nuu_diem:\n  - Tốt\nso_lieu:\n  tin_bai: 3\n",
    );
    write(
        &ws,
        "data/ubnd-phuong-binh-phuoc/bao-cao-quy-1.yaml",
        "mau: bao-cao\nso: 22\nngay: 2026-03-16\nmuc:\n  ket_luan_rieng:\n    - tieu_de: A\n",
    );
    let bin = env!("CARGO_BIN_EXE_vanban");
    let run = std::process::Command::new(bin)
        .args(["check", "-w"])
        .arg(&ws)
        .output()
        .unwrap();
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        run.status.success(),
        "warnings do not fail the check:\n{err}"
    );
    assert!(
        err.contains("ke-hoach.yaml:3:1: mẫu `ke-hoach` không dùng `uu_diem`, `so_lieu`: nội dung đó sẽ không có trong văn bản"),
        "{err}"
    );
    assert!(err.contains("cảnh báo:"), "{err}");
    assert!(
        err.contains("mẫu `bao-cao` không dùng `muc.ket_luan_rieng`"),
        "{err}"
    );
    // The sample's files are all read by their templates.
    let clean = std::process::Command::new(bin)
        .args(["check", "-w"])
        .arg(repo())
        .output()
        .unwrap();
    assert!(!String::from_utf8(clean.stderr)
        .unwrap()
        .contains("không dùng"));
}

#[test]
fn a_document_due_outside_the_agency_s_life_is_flagged_not_failed() {
    let ws = example_workspace("dong-nai-2026", "lifespan");
    let file = ws.join("data/ubnd-xa-phu-rieng/co-quan.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "hoat_dong_tu: 2025-07-01",
            "hoat_dong_tu: 2025-07-01\nhoat_dong_den: 2026-06-30",
        ),
    )
    .unwrap();
    let out = build::run(&ws, &Options::default(), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let warnings: Vec<String> = out
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| !w.contains("bảng minh họa"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("bao-cao-9-thang.yaml"),
        "{warnings:#?}"
    );
    assert!(
        warnings[0].contains(
            "văn bản có hạn ngày 20/9/2026 nhưng cơ quan chấm dứt hoạt động sau ngày 30/6/2026"
        ),
        "{warnings:#?}"
    );
}

#[test]
fn every_missing_key_of_an_agency_file_is_named_in_one_run() {
    let ws = example_workspace("dong-nai-2026", "missing-keys");
    write(
        &ws,
        "data/ubnd-xa-phu-rieng/co-quan.yaml",
        "khoi: ubnd-xa\nnguoi_ky:\n  - ma: ct\n",
    );
    let out = build::run(&ws, &Options::default(), &quiet());
    let msgs: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    let all = msgs.join("\n");
    for key in ["`ten`", "`ten_day_du`", "`ky_hieu`", "`dia_danh`"] {
        assert!(
            all.contains(&format!("thiếu khóa bắt buộc {key}")),
            "{key}:\n{all}"
        );
    }
    assert!(
        all.contains("người ký thứ 1 thiếu `chuc_vu`, `ho_ten`"),
        "{all}"
    );
    assert!(out
        .failed
        .iter()
        .any(|f| f == "ubnd-xa-phu-rieng/bao-cao-6-thang"));
    // A block the parent plan does not declare, with the plan's file in the hint.
    write(
        &ws,
        "data/ubnd-xa-phu-rieng/co-quan.yaml",
        &std::fs::read_to_string(
            repo().join("tests/workspaces/dong-nai-2026/data/ubnd-xa-phu-rieng/co-quan.yaml"),
        )
        .unwrap()
        .replace("khoi: ubnd-xa", "khoi: ubnd-huyen"),
    );
    let out = build::run(&ws, &Options::default(), &quiet());
    let all = out
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains("co-quan.yaml:5:7: khối `ubnd-huyen` không có"),
        "{all}"
    );
    assert!(all.contains("ke-hoach-cap-tren.yaml"), "{all}");
}

/// A real report's own opening and no stock closing: `can_cu` and `mo_dau` as plans take
/// them, `ket_luan: ""` ends with the last section, a period with only a name; and
/// `mo_dau: []` prints no opening at all.
#[test]
fn a_report_opens_and_closes_with_its_own_words_only() {
    let ws = example_workspace("dong-nai-2026", "own-words");
    let dir = ws.join("data/ubnd-phuong-tran-bien");
    let report = "mau: bao-cao\nso: 27\nngay: 2026-03-25\ntrich_yeu: Kết quả thực hiện cải cách hành chính quý I năm 2026\nky_so_lieu: { ten: quý I năm 2026 }\ncan_cu:\n  - Căn cứ Kế hoạch số 45/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Đồng Nai\nmo_dau:\n  - \"Ủy ban nhân dân phường Trấn Biên báo cáo kết quả quý I như sau:\"\ndac_diem:\n  - Phường có 42 khu phố.\nket_luan: \"\"\n";
    std::fs::write(dir.join("bao-cao-rieng.yaml"), report).unwrap();
    let bare = report.replace(
        "mo_dau:\n  - \"Ủy ban nhân dân phường Trấn Biên báo cáo kết quả quý I như sau:\"\n",
        "mo_dau: []\n",
    );
    std::fs::write(dir.join("bao-cao-tran.yaml"), bare).unwrap();
    let out = build::run(
        &ws,
        &Options {
            agencies: vec!["ubnd-phuong-tran-bien".into()],
            documents: vec!["bao-cao-rieng".into(), "bao-cao-tran".into()],
            ..Options::default()
        },
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    // No warning about the documents themselves (the example's score sheet is illustrative).
    let own_warnings: Vec<_> = out
        .warnings
        .iter()
        .filter(|w| w.file.starts_with(&dir))
        .collect();
    assert!(own_warnings.is_empty(), "{own_warnings:#?}");
    let own = both(&ws, "ubnd-phuong-tran-bien/bao-cao-rieng");
    for want in [
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Đồng Nai.",
        "Ủy ban nhân dân phường Trấn Biên báo cáo kết quả quý I như sau:",
        "Phường có 42 khu phố.",
    ] {
        assert!(has(&own, want), "lacks {want:?}\n{}", own.0);
    }
    for unwanted in [
        "Trên đây là báo cáo",
        "số liệu tính từ",
        "báo cáo kết quả thực hiện công tác",
    ] {
        assert!(lacks(&own, unwanted), "has {unwanted:?}\n{}", own.0);
    }
    let bare = both(&ws, "ubnd-phuong-tran-bien/bao-cao-tran");
    assert!(
        lacks(&bare, "như sau:"),
        "an opening printed for mo_dau: []\n{}",
        bare.0
    );
    assert!(has(&bare, "Phường có 42 khu phố."));
}
