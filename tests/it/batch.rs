//! Every agency's plan, 6-month report and annual report from the sample workspace:
//! kinds, figures and computed rates, the province file as the single source, filters,
//! and one broken agency not stopping the others.

use crate::support;

use std::path::{Path, PathBuf};

use support::*;
use vanban::build::{self, Options};
use vanban::ground::nd30;
use vanban::load::model::DocFile;
use vanban::render::Format;

fn quiet() -> impl Fn(&Path) + Sync {
    |_: &Path| {}
}

fn opts(formats: &[Format], agencies: &[&str], documents: &[&str]) -> Options {
    Options {
        formats: formats.to_vec(),
        agencies: agencies.iter().map(|s| s.to_string()).collect(),
        documents: documents.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    }
}

/// Agencies of the sample workspace that file the three documents.
fn reporting_agencies() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(repo().join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("bao-cao-nam.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn the_sample_has_thirty_agencies_in_every_block_each_with_three_documents() {
    let agencies = reporting_agencies();
    assert!(agencies.len() >= 30, "only {} agencies", agencies.len());
    let mut blocks = std::collections::BTreeSet::new();
    for a in &agencies {
        for kind in ["ke-hoach", "bao-cao-6-thang", "bao-cao-nam"] {
            assert!(
                repo().join(format!("data/{a}/{kind}.yaml")).is_file(),
                "{a} lacks {kind}"
            );
        }
        let info: vanban::load::model::AgencyFile =
            vanban::load::workspace::parse(&repo().join(format!("data/{a}/co-quan.yaml"))).unwrap();
        blocks.insert(info.khoi.map(|k| k.value).unwrap_or_default());
    }
    for b in [
        "so-ban-nganh",
        "ubnd-huyen",
        "don-vi-su-nghiep",
        "co-quan-trung-uong",
    ] {
        assert!(blocks.contains(b), "no agency in block {b}");
    }
}

#[test]
fn each_kind_renders_with_figures_and_computed_rates() {
    let ws = sample_workspace("kinds");
    let out = build::run(
        &ws,
        &opts(&[Format::Docx, Format::Pdf], &["so-noi-vu"], &[]),
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    // Its four documents, and its tờ trình to UBND tỉnh in output/tong-hop/.
    assert_eq!(out.written.len(), 10);
    assert!(ws.join("output/tong-hop/to-trinh-xep-loai.pdf").is_file());
    let dir = ws.join("output/so-noi-vu");
    // The dossier too: landscape section, group rows spanning the table.
    for kind in [
        "ke-hoach",
        "bao-cao-6-thang",
        "bao-cao-nam",
        "ho-so-cham-diem",
    ] {
        let errors = support::ooxml::schema_errors(
            &std::fs::read(dir.join(format!("{kind}.docx"))).unwrap(),
        );
        assert!(errors.is_empty(), "{kind}: {}", errors.join("\n"));
    }
    // The plan cites the province plan, repeats its targets and carries the task table.
    let plan = docx_text(&dir.join("ke-hoach.docx"));
    assert!(plan.contains(
        "Thực hiện Kế hoạch số 696/KH-UBND ngày 06/3/2025 của Ủy ban nhân dân tỉnh Tây Ninh"
    ));
    assert!(plan.contains("Số: 38/KH-SNV"));
    assert!(plan.contains("Phụ lục") && plan.contains("Chủ trì") && plan.contains("Sản phẩm"));
    assert!(plan.contains(
        "(Kèm theo Kế hoạch số 38/KH-SNV ngày 20 tháng 3 năm 2025 của Sở Nội vụ tỉnh Tây Ninh)"
    ));
    for kind in ["bao-cao-6-thang", "bao-cao-nam"] {
        let data: DocFile =
            vanban::load::workspace::parse(&repo().join(format!("data/so-noi-vu/{kind}.yaml")))
                .unwrap();
        let f = data.so_lieu.unwrap();
        let v = |id: &str| f.0.iter().find(|(k, _)| k.value == id).unwrap().1.value.0;
        let rate = nd30::percent(v("tthc_dung_han") as f64, v("tthc_giai_quyet") as f64).unwrap();
        let trained = nd30::percent(v("cbccvc_quan_triet") as f64, v("cbccvc") as f64).unwrap();
        let docx = docx_text(&dir.join(format!("{kind}.docx")));
        let pdf = squash(&pdf_text(&dir.join(format!("{kind}.pdf")), None, false));
        for want in [
            format!(
                "Giải quyết đúng hạn {}/{} hồ sơ, đạt {rate}.",
                nd30::integer(v("tthc_dung_han") as i64),
                nd30::integer(v("tthc_giai_quyet") as i64)
            ),
            format!(
                "quán triệt cho {}/{} cán bộ, công chức, viên chức, đạt {trained}.",
                v("cbccvc_quan_triet"),
                v("cbccvc")
            ),
            "Kính gửi".to_string(),
            "số liệu tính từ ngày".to_string(),
        ] {
            assert!(docx.contains(&want), "{kind}.docx lacks {want:?}");
            assert!(pdf.contains(&squash(&want)), "{kind}.pdf lacks {want:?}");
        }
        assert!(
            docx.contains("- Như trên;"),
            "a report sent upward lists “Như trên” first"
        );
    }
    // Free text from data keeps its bold and italic spans.
    let xml = zip_part(
        &std::fs::read(dir.join("bao-cao-6-thang.docx")).unwrap(),
        "word/document.xml",
    )
    .unwrap();
    let run_of = |text: &str| {
        let at = xml
            .find(&format!(">{text}</w:t>"))
            .unwrap_or_else(|| panic!("no run {text}"));
        xml[xml[..at].rfind("<w:r>").unwrap()..at].to_string()
    };
    assert!(
        run_of("Ban Giám đốc").contains("<w:b/>"),
        "bold span from data"
    );
    assert!(
        run_of("Khách quan:").contains("<w:i/>"),
        "italic span from data"
    );
    let annual = docx_text(&dir.join("bao-cao-nam.docx"));
    assert!(annual.contains("Phương hướng, nhiệm vụ năm 2026".to_uppercase().as_str()));
    assert!(annual.contains("số liệu tính từ ngày 15/12/2024 đến ngày 14/10/2025"));
}

#[test]
fn a_target_or_deadline_changed_in_the_province_file_reaches_every_plan() {
    let ws = sample_workspace("province");
    let tinh = ws.join("data/tinh.yaml");
    let text = std::fs::read_to_string(&tinh).unwrap();
    let changed = text
        .replace("Phấn đấu trên 90% cơ quan", "Phấn đấu trên 95% cơ quan")
        .replace("bao_cao_nam: 2025-11-01", "bao_cao_nam: 2025-10-27");
    assert_ne!(text, changed);
    std::fs::write(&tinh, changed).unwrap();
    let out = build::run(&ws, &opts(&[Format::Docx], &[], &["ke-hoach"]), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let agencies = reporting_agencies();
    for a in &agencies {
        let plan = docx_text(&ws.join(format!("output/{a}/ke-hoach.docx")));
        assert!(
            plan.contains("Phấn đấu trên 95% cơ quan"),
            "{a}'s plan misses the new target"
        );
        assert!(
            !plan.contains("Phấn đấu trên 90% cơ quan"),
            "{a}'s plan keeps the old target"
        );
        assert!(
            plan.contains("Báo cáo năm 2025: trước ngày 27/10/2025;"),
            "{a}'s plan misses the new deadline"
        );
    }
}

fn written_set(out: &build::Outcome, ws: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = out
        .written
        .iter()
        .map(|p| p.strip_prefix(ws).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

#[test]
fn filters_select_exactly_what_they_say() {
    let ws = sample_workspace("filters");
    let out = build::run(
        &ws,
        &opts(
            &[Format::Docx],
            &["so-noi-vu", "ubnd-tinh"],
            &["ke-hoach", "bao-cao-nam"],
        ),
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert_eq!(
        written_set(&out, &ws),
        vec![
            PathBuf::from("output/so-noi-vu/bao-cao-nam.docx"),
            PathBuf::from("output/so-noi-vu/ke-hoach.docx"),
            PathBuf::from("output/ubnd-tinh/ke-hoach.docx"),
        ]
    );
    assert_eq!(out.documents, 3);
    // A filter that names nothing is an error with a hint, not an empty success.
    let bad = build::run(
        &ws,
        &opts(&[Format::Docx], &["so-noi-vuu"], &["bao-cao-6thang"]),
        &quiet(),
    );
    let all: Vec<String> = bad.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        all.iter()
            .any(|e| e.contains("không có cơ quan `so-noi-vuu`") && e.contains("`so-noi-vu`")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|e| e.contains("không có văn bản `bao-cao-6thang`")
                && e.contains("`bao-cao-6-thang`")),
        "{all:?}"
    );
}

#[test]
fn a_failing_agency_leaves_the_others_written() {
    let ws = sample_workspace("failing");
    let report = ws.join("data/so-noi-vu/bao-cao-6-thang.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    // More dossiers on time than resolved: impossible figures.
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("tthc_dung_han:"))
        .unwrap()
        + 1;
    let broken: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("tthc_dung_han:") {
                "  tthc_dung_han: 999999".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&report, broken).unwrap();
    let agencies = reporting_agencies();
    let out = build::run(
        &ws,
        &opts(&[Format::Docx], &[], &["bao-cao-6-thang"]),
        &quiet(),
    );
    assert_eq!(
        out.failed,
        vec!["so-noi-vu/bao-cao-6-thang".to_string()],
        "{:#?}",
        out.errors
    );
    let msg = out
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        msg.contains(&format!("so-noi-vu/bao-cao-6-thang.yaml:{line}:")),
        "{msg}"
    );
    assert!(
        msg.contains("`tthc_dung_han` (") && msg.contains("lớn hơn `tthc_giai_quyet` ("),
        "{msg}"
    );
    assert!(!ws.join("output/so-noi-vu/bao-cao-6-thang.docx").exists());
    assert_eq!(out.written.len(), agencies.len() - 1);
    for a in agencies.iter().filter(|a| *a != "so-noi-vu") {
        assert!(
            ws.join(format!("output/{a}/bao-cao-6-thang.docx"))
                .is_file(),
            "{a} not written"
        );
    }
}

#[test]
fn a_deputy_of_a_ubnd_signs_on_behalf_of_the_committee() {
    let ws = sample_workspace("tm");
    let out = build::run(
        &ws,
        &opts(&[Format::Docx], &["ubnd-go-dau"], &["ke-hoach"]),
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let plan = docx_text(&ws.join("output/ubnd-go-dau/ke-hoach.docx"));
    assert!(
        plan.contains("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
        "{plan}"
    );
    assert!(
        plan.contains("Gò Dầu, ngày"),
        "the district's own place name"
    );
}

#[test]
fn a_long_task_table_repeats_its_header_and_keeps_rows_whole() {
    let ws = sample_workspace("longtable");
    let plan = ws.join("data/so-noi-vu/ke-hoach.yaml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    for i in 1..=40 {
        text.push_str(&format!(
            "  - noi_dung: Nhiệm vụ bổ sung số {i} về tuyên truyền, vận động Nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước\n    chu_tri: Phòng {i}\n    phoi_hop: Các phòng, đơn vị\n    thoi_gian: Quý {}/2025\n    san_pham: Báo cáo kết quả\n",
            i % 4 + 1
        ));
    }
    std::fs::write(&plan, text).unwrap();
    let out = build::run(
        &ws,
        &opts(&[Format::Docx, Format::Pdf], &["so-noi-vu"], &["ke-hoach"]),
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = ws.join("output/so-noi-vu/ke-hoach.pdf");
    let pages = pdf_pages(&pdf);
    // The appendix starts after the signature page; find its pages and check each one.
    let appendix_pages: Vec<u32> = (1..=pages)
        .filter(|p| pdf_text(&pdf, Some(*p), false).contains("Nhiệm vụ bổ sung số"))
        .collect();
    assert!(
        appendix_pages.len() >= 2,
        "the table should span pages: {appendix_pages:?}"
    );
    for p in &appendix_pages {
        let t = pdf_text(&pdf, Some(*p), false);
        assert!(
            t.contains("Chủ trì") && t.contains("Phối hợp") && t.contains("Sản phẩm"),
            "page {p} lacks the header row"
        );
        // A whole row: every "số N" row on the page carries its own product cell.
        let t = squash(&t);
        let rows = t.matches("Nhiệmvụbổsungsố").count();
        assert!(
            t.matches("Báocáokếtquả").count() >= rows,
            "a row is split on page {p}"
        );
    }
    let docx = std::fs::read(ws.join("output/so-noi-vu/ke-hoach.docx")).unwrap();
    let xml = zip_part(&docx, "word/document.xml").unwrap();
    assert!(xml.contains("<w:tblHeader"), "DOCX header row repeats");
    let rows = xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count();
    assert!(
        xml.matches("<w:cantSplit").count() >= rows - 2,
        "DOCX rows do not split"
    );
}

#[test]
fn noi_nhan_is_level_with_the_signers_title_in_the_pdf() {
    let ws = sample_workspace("level");
    let out = build::run(
        &ws,
        &opts(&[Format::Pdf], &["so-noi-vu"], &["bao-cao-nam"]),
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = ws.join("output/so-noi-vu/bao-cao-nam.pdf");
    let pages = pdf_pages(&pdf);
    let html = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", &pages.to_string(), "-l", &pages.to_string()])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    let y_max = |word: &str| -> f64 {
        let at = html
            .find(&format!(">{word}</word>"))
            .unwrap_or_else(|| panic!("no {word}"));
        let tag = &html[html[..at].rfind("<word").unwrap()..at];
        tag.split("yMax=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Baselines (bottom of the glyph boxes) of the label and of the first title line.
    let label = y_max("nhận:");
    let title = y_max("KT.");
    assert!(
        (label - title).abs() < 3.0,
        "Nơi nhận at {label}, title at {title}"
    );
}

/// A figure of 0 prints the sentence the catalogue gives for "none", never "Có 0 …".
#[test]
fn a_zero_prints_the_catalogues_none_sentence_not_a_zero() {
    let ws = sample_workspace("khong-phat-sinh");
    let opts = vanban::build::Options {
        agencies: vec!["so-tai-chinh".into()],
        documents: vec!["bao-cao-nam".into()],
        ..vanban::build::Options::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let text = squash(&pdf_text(
        &ws.join("output/so-tai-chinh/bao-cao-nam.pdf"),
        None,
        false,
    ));
    assert!(text.contains(&squash(
        "Chưa có mô hình, điển hình “Dân vận khéo” được công nhận"
    )));
    assert!(!text.contains(&squash("Có 0 ")), "a sentence about nothing");
}
