//! The scoring dossier: every sample agency's, its table holding every leaf with its points
//! in both formats, the landscape Phụ lục in both formats, totals that agree with what the
//! annual reports state, and a score sheet of another province (other numbering, tờ trình,
//! other classes) changed and rebuilt from data alone.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;
use vanban::build::{self, Options};
use vanban::render::Format;

fn quiet() -> impl Fn(&Path) + Sync {
    |_: &Path| {}
}

fn only(documents: &[&str]) -> Options {
    Options {
        documents: documents.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    }
}

/// Page sizes as (width, height) in points, page by page.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed: see .ci/run");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let dims: Vec<f64> = l
                .split("size:")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (dims[0], dims[1])
        })
        .collect()
}

#[test]
fn every_sample_agency_gets_a_dossier_whose_table_holds_every_leaf_in_both_formats() {
    let ws = sample_workspace("dossier");
    let out = build::run(&ws, &only(&["ho-so-cham-diem"]), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    // The stand-in score sheet says so, once.
    assert_eq!(out.warnings.len(), 1, "{:#?}", out.warnings);
    assert!(out.warnings[0].message.contains("bảng minh họa"));
    let agencies: Vec<String> = std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("ho-so-cham-diem.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(agencies.len() >= 30, "{agencies:?}");
    assert_eq!(out.written.len(), 2 * agencies.len());

    let sheet = std::fs::read_to_string(ws.join("data/bang-diem.yaml")).unwrap();
    let leaves: Vec<String> = sheet
        .lines()
        .filter(|l| l.trim_start().starts_with("ten:") && l.starts_with("        "))
        .map(|l| l.trim_start().trim_start_matches("ten:").trim().to_string())
        .collect();
    assert_eq!(leaves.len(), 21, "the sheet's leaves");
    for a in &agencies {
        let docx = docx_text(&ws.join(format!("output/{a}/ho-so-cham-diem.docx")));
        let pdf_path = ws.join(format!("output/{a}/ho-so-cham-diem.pdf"));
        let pdf = squash(&pdf_text(&pdf_path, None, false));
        for leaf in &leaves {
            assert!(docx.contains(leaf.as_str()), "{a}.docx lacks {leaf}");
            assert!(pdf.contains(&squash(leaf)), "{a}.pdf lacks {leaf}");
        }
        // The total and class are those the agency's annual report states.
        let annual =
            std::fs::read_to_string(ws.join(format!("data/{a}/bao-cao-nam.yaml"))).unwrap();
        let said = annual
            .lines()
            .find(|l| l.starts_with("tu_danh_gia:"))
            .unwrap();
        let stated = said
            .split("tự chấm ")
            .nth(1)
            .and_then(|r| r.split([' ', '/']).next())
            .unwrap()
            .to_string();
        let class = said
            .split("xếp loại ")
            .nth(1)
            .unwrap()
            .split(['.', ' '])
            .next()
            .unwrap()
            .to_string();
        let want = format!("Tổng điểm tự chấm: {stated} điểm");
        assert!(docx.contains(&want), "{a}: {want}\n{docx}");
        assert!(pdf.contains(&squash(&want)), "{a}.pdf: {want}");
        assert!(
            docx.contains(&format!("đề nghị xếp loại {class}")),
            "{a}: {class}"
        );
        assert!(
            docx.contains(&format!("Đề nghị xếp loại: {class}")),
            "{a}: table's class"
        );
        // Portrait letter, landscape Phụ lục I, portrait Phụ lục II.
        let sizes = page_sizes(&pdf_path);
        let landscape: Vec<bool> = sizes.iter().map(|(w, h)| w > h).collect();
        let first = landscape.iter().position(|l| *l).expect("a landscape page");
        let last = landscape.iter().rposition(|l| *l).unwrap();
        assert!(
            first >= 1 && landscape[first..=last].iter().all(|l| *l),
            "{a}: {landscape:?}"
        );
        assert!(
            !landscape[last + 1..].is_empty(),
            "{a}: Phụ lục II is portrait: {landscape:?}"
        );
        let xml = zip_part(
            &std::fs::read(ws.join(format!("output/{a}/ho-so-cham-diem.docx"))).unwrap(),
            "word/document.xml",
        )
        .unwrap();
        assert_eq!(xml.matches(r#"w:orient="landscape""#).count(), 1, "{a}");
    }
    // One leaf's points, in its row, in both formats.
    let docx = docx_text(&ws.join("output/so-noi-vu/ho-so-cham-diem.docx"));
    let row = "Mức độ hài lòng của người dân, doanh nghiệp\n4\n3\n\nMức độ hài lòng ở một số lĩnh vực chưa cao.";
    assert!(docx.contains(row), "{docx}");
    let pdf = pdf_text(&ws.join("output/so-noi-vu/ho-so-cham-diem.pdf"), None, true);
    let lines: Vec<&str> = pdf.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Mức độ hài lòng của"))
        .expect("the leaf's row");
    // The row's cells may wrap: its points are on the name's first line or the next.
    let tokens: Vec<&str> = lines[at..=at + 1]
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect();
    assert!(
        tokens.windows(2).any(|w| w == ["4", "3"]),
        "{:?}",
        &lines[at..=at + 1]
    );
}

#[test]
fn another_province_s_score_sheet_is_data_and_a_changed_threshold_changes_the_class() {
    let ws = example_workspace("dong-nai-2026", "sheet");
    let out = build::run(&ws, &only(&["ho-so-cham-diem"]), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let docx = docx_text(&ws.join("output/ubnd-phuong-tran-bien/ho-so-cham-diem.docx"));
    // A tờ trình, criteria numbered 1 / 1.1 / 1.1.1, its own classes; the bonus counted.
    for want in [
        "TỜ TRÌNH",
        "Số: 190/TTr-UBND",
        "1.1.1\nKế hoạch năm ban hành đúng hạn\n10\n10\nKế hoạch số 12/KH-UBND ngày 05/02/2026",
        "1.1\nBan hành kế hoạch\n20\n18,5",
        "Tổng điểm tự chấm: 101,5 điểm, gồm: điểm theo tiêu chí 96,5/100 điểm; điểm thưởng 5 điểm.",
        "đề nghị xếp loại Hoàn thành xuất sắc",
    ] {
        assert!(docx.contains(want), "lacks {want:?}\n{docx}");
    }
    let sheet = ws.join("data/bang-diem.yaml");
    let text = std::fs::read_to_string(&sheet).unwrap();
    std::fs::write(
        &sheet,
        text.replace(
            "{ ten: Hoàn thành xuất sắc, tu: 95 }",
            "{ ten: Hoàn thành xuất sắc, tu: 102 }",
        ),
    )
    .unwrap();
    let out = build::run(
        &ws,
        &Options {
            formats: vec![Format::Docx],
            ..only(&["ho-so-cham-diem"])
        },
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let docx = docx_text(&ws.join("output/ubnd-phuong-tran-bien/ho-so-cham-diem.docx"));
    assert!(docx.contains("đề nghị xếp loại Hoàn thành tốt"), "{docx}");
}

/// A penalty incurred twice, with an explanation, and a bonus with one: both print the
/// explanation, and the penalty its count, in both formats.
#[test]
fn penalties_and_bonuses_print_their_count_and_explanation() {
    let ws = sample_workspace("dossier-penalty");
    let file = ws.join("data/so-tu-phap/ho-so-cham-diem.yaml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("diem_thuong:\n  - { ma: sang_kien, giai_trinh: \"Sáng kiến tra cứu lý lịch tư pháp được nhân rộng.\" }\ndiem_tru:\n  - { ma: bao_cao_tre, so_lan: 2, giai_trinh: \"Báo cáo 6 tháng và báo cáo quý gửi trễ.\" }\n");
    std::fs::write(&file, text).unwrap();
    let out = build::run(
        &ws,
        &Options {
            agencies: vec!["so-tu-phap".into()],
            ..only(&["ho-so-cham-diem"])
        },
        &quiet(),
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let pdf = squash(&pdf_text(
        &ws.join("output/so-tu-phap/ho-so-cham-diem.pdf"),
        None,
        false,
    ));
    let docx = squash(&docx_text(
        &ws.join("output/so-tu-phap/ho-so-cham-diem.docx"),
    ));
    for (name, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        for want in [
            "(2 lần × 1)",
            "Báo cáo 6 tháng và báo cáo quý gửi trễ.",
            "Sáng kiến tra cứu lý lịch tư pháp được nhân rộng.",
        ] {
            assert!(
                text.contains(&squash(want)),
                "{name} lacks {want:?}:\n{text}"
            );
        }
    }
}

/// The documents with group rows: every dossier and the three consolidated documents.
const GROUPED: &[&str] = &[
    "ho-so-cham-diem",
    "bao-cao-tong-hop",
    "to-trinh-xep-loai",
    "du-thao-quyet-dinh",
];

/// The text of every group row in the tables of `doc` (body and appendices), squashed.
fn group_headings(doc: &vanban::ground::tree::Document) -> Vec<String> {
    use vanban::ground::tree::{plain, Block};
    let blocks = doc
        .body
        .iter()
        .chain(doc.appendices.iter().flat_map(|a| &a.body));
    let mut out = Vec::new();
    for b in blocks {
        if let Block::Table(t) = b {
            for &i in &t.group_rows {
                let text = t.rows[i].first().map(|c| plain(c)).unwrap_or_default();
                out.push(squash(&text));
            }
        }
    }
    out
}

/// Straight and curly quotes read alike (typst sets "…" as “…”).
fn unquote(s: &str) -> String {
    squash(s).replace(['“', '”'], "\"")
}

/// Pages (but the last) of `pdf` whose last line is the end of a group heading: a group row
/// left alone at the bottom of a page, its rows on the next.
fn pages_ending_with_a_group_row(pdf: &Path, headings: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for p in 1..pdf_pages(pdf) {
        let text = pdf_text(pdf, Some(p), true);
        let Some(last) = text.lines().rev().find(|l| !l.trim().is_empty()) else {
            continue;
        };
        let last = unquote(last);
        if let Some(h) = headings
            .iter()
            .find(|h| last.chars().count() >= 8 && unquote(h).ends_with(&last))
        {
            found.push(format!("{} trang {p}: {h}", pdf.display()));
        }
    }
    found
}

/// A group row stays with its first criterion (and a group's last row with its "Cộng nhóm"):
/// on no page of any sample dossier or consolidated annex does a group row end the page, in
/// our PDF or in LibreOffice's rendering of the DOCX (typst: a zero-width column of
/// unbreakable row spans; DOCX: keep-with-next on the row's paragraphs).
#[test]
fn no_page_ends_with_a_group_row_in_our_pdf_or_in_libreoffice() {
    let ws = sample_workspace("nhom-dong");
    let out = build::run(&ws, &only(GROUPED), &quiet());
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let (campaign, diags) = vanban::campaign::open(&ws);
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let kit = build::Pipeline::for_workspace(&campaign).unwrap();
    let lo_in = ws.join("lo-in");
    std::fs::create_dir_all(&lo_in).unwrap();
    let mut ours = Vec::new();
    let mut headings = Vec::new();
    for a in &campaign.agencies {
        for src in a
            .documents
            .iter()
            .filter(|d| GROUPED.contains(&d.name.as_str()))
        {
            let (doc, ds) = kit.assemble(&campaign, a, src);
            let doc = doc.unwrap_or_else(|| panic!("{}/{}: {ds:?}", a.id, src.name));
            headings.extend(group_headings(&doc));
            let folder = if src.name == "ho-so-cham-diem" {
                a.id.as_str()
            } else {
                "tong-hop"
            };
            let stem = format!("{}--{}", a.id, src.name);
            let built = ws.join("output").join(folder).join(&src.name);
            std::fs::copy(
                built.with_extension("docx"),
                lo_in.join(format!("{stem}.docx")),
            )
            .unwrap();
            ours.push((stem, built.with_extension("pdf")));
        }
    }
    headings.sort();
    headings.dedup();
    assert!(headings.len() >= 8 + 4, "{headings:?}");
    assert!(ours.len() >= 33 + 3, "{ours:?}");
    let docx: Vec<_> = ours
        .iter()
        .map(|(stem, _)| lo_in.join(format!("{stem}.docx")))
        .collect();
    let lo = soffice(&ws, "pdf", &docx);
    let mut bad = Vec::new();
    for (stem, pdf) in &ours {
        bad.extend(pages_ending_with_a_group_row(pdf, &headings));
        bad.extend(pages_ending_with_a_group_row(
            &lo.join(format!("{stem}.pdf")),
            &headings,
        ));
    }
    assert!(bad.is_empty(), "{bad:#?}");
    // In the DOCX: each of the 8 group rows (one cell) and each group's last row before its
    // "Cộng nhóm" (6 cells) keep with the next row; nothing else in the table does.
    let docx = std::fs::read(ws.join("output/so-noi-vu/ho-so-cham-diem.docx")).unwrap();
    let xml = zip_part(&docx, "word/document.xml").unwrap();
    let kept: Vec<usize> = xml
        .split("<w:tbl>")
        .skip(1)
        .map(|t| {
            t.split("</w:tbl>")
                .next()
                .unwrap()
                .matches("<w:keepNext")
                .count()
        })
        .collect();
    assert!(kept.contains(&(8 + 8 * 6)), "{kept:?}");
    let _ = std::fs::remove_dir_all(&ws);
}
