//! The DOCX as a file that văn thư staff keep editing in Word (issue 11): a real style sheet
//! that every paragraph refers to and that inherits from Normal, so a change there reaches
//! the whole body (issue 16), outline levels for the titles of parts and items, margins inside
//! the decree's ranges, dated core properties, abbreviations that never break at their
//! hyphen in Nơi nhận, and LibreOffice paginating the DOCX as our PDF.

use crate::support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use support::wml::{self, Para, Sheet};
use support::*;
use vanban::build::Pipeline;
use vanban::campaign::{self as workspace, Campaign as Workspace};
use vanban::ground::tree::{plain, Block, Document};
use vanban::render::docx::style;
use vanban::render::Format;

/// The sample workspace, loaded once (read-only).
fn sample() -> &'static (Workspace, Pipeline) {
    static S: OnceLock<(Workspace, Pipeline)> = OnceLock::new();
    S.get_or_init(|| load(&repo()))
}

fn load(root: &Path) -> (Workspace, Pipeline) {
    let (ws, diags) = workspace::open(root);
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let kit = Pipeline::for_workspace(&ws).expect("toolkit");
    (ws, kit)
}

fn assemble(ws: &Workspace, kit: &Pipeline, agency: &str, name: &str) -> Document {
    let a = ws
        .agencies
        .iter()
        .find(|a| a.id == agency)
        .unwrap_or_else(|| panic!("no agency {agency}"));
    let src = a
        .documents
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no document {agency}/{name}"));
    let (doc, diags) = kit.assemble(ws, a, src);
    doc.unwrap_or_else(|| panic!("{agency}/{name}: {diags:?}"))
}

fn docx_of(agency: &str, name: &str) -> (Document, Vec<u8>) {
    let (ws, kit) = sample();
    let doc = assemble(ws, kit, agency, name);
    let bytes = kit.render(&doc, Format::Docx, name).expect("docx");
    (doc, bytes)
}

/// KH 696 (căn cứ, parts, items, points, footnotes), an agency plan with its task table
/// as a phụ lục, and a report (Kính gửi, a figures table, a total row).
const SAMPLES: &[(&str, &str)] = &[
    ("ubnd-tinh", "ke-hoach"),
    ("so-noi-vu", "ke-hoach"),
    ("so-noi-vu", "bao-cao-6-thang"),
    ("ubnd-go-dau", "bao-cao-nam"),
    // Portrait, a landscape Phụ lục with group rows, then portrait again.
    ("so-noi-vu", "ho-so-cham-diem"),
    // Centred "QUYẾT ĐỊNH:", articles, the consolidated annex.
    ("ubnd-tinh", "du-thao-quyet-dinh"),
];

#[test]
fn the_style_sheet_names_every_block_and_body_text_is_the_default() {
    let (_, bytes) = docx_of("ubnd-tinh", "ke-hoach");
    let sheet = Sheet::parse(&zip_part(&bytes, "word/styles.xml").unwrap());
    assert_eq!(sheet.default_paragraph_style(), Some(style::NORMAL));

    // The default paragraph style is ND30 body text (B-1) in the 14 pt profile.
    let n = style::NORMAL;
    assert_eq!(
        sheet.style_ppr_attr(n, "w:jc", "w:val").as_deref(),
        Some("both")
    );
    assert_eq!(
        sheet.style_ppr_attr(n, "w:ind", "w:firstLine").as_deref(),
        Some("567"),
        "1 cm first-line indent"
    );
    assert_eq!(
        sheet.style_ppr_attr(n, "w:spacing", "w:before").as_deref(),
        Some("120"),
        "6 pt before"
    );
    assert_eq!(
        sheet.style_ppr_attr(n, "w:spacing", "w:line").as_deref(),
        Some("240")
    );
    assert_eq!(sheet.style_run_props(n).size, Some(28));
    assert!(sheet.style_has_ppr(n, "w:jc") && sheet.style_has_ppr(n, "w:ind"));

    let ids = [
        style::NORMAL,
        style::DONG_DON,
        style::CAN_CU,
        style::MUC,
        style::MUC_DOAN,
        style::KHOAN,
        style::KHOAN_DOAN,
        style::DIEM,
        style::DIEM_DOAN,
        style::GACH,
        style::GACH_2,
        style::CO_QUAN_CHU_QUAN,
        style::CO_QUAN,
        style::QUOC_HIEU,
        style::TIEU_NGU,
        style::RULE,
        style::SO_KY_HIEU,
        style::DIA_DANH_NGAY,
        style::TEN_LOAI,
        style::TRICH_YEU,
        style::KINH_GUI,
        style::KINH_GUI_DONG,
        style::BANG,
        style::BANG_GIUA,
        style::BANG_PHAI,
        style::BANG_TIEU_DE,
        style::NOI_NHAN,
        style::NOI_NHAN_DONG,
        style::KY_HIEU_SOAN,
        style::CHUC_VU_KY,
        style::HO_TEN_KY,
        style::PHU_LUC,
        style::PHU_LUC_TEN,
        style::PHU_LUC_GHI_CHU,
        style::SO_TRANG,
        style::FOOTNOTE_TEXT,
    ];
    for id in ids {
        let s = sheet
            .styles
            .get(id)
            .unwrap_or_else(|| panic!("style {id} missing"));
        assert_eq!(s.kind, "paragraph", "{id}");
        assert!(!s.name.is_empty(), "{id} has a display name");
    }
    // Display names a clerk recognises (Vietnamese), built-in names where Word relies on
    // them (Normal; "footnote text" is what Word gives a footnote it inserts).
    assert_eq!(sheet.styles[style::MUC].name, "Mục (I., II.)");
    assert_eq!(sheet.styles[style::CAN_CU].name, "Căn cứ");
    assert_eq!(sheet.styles[style::NOI_NHAN].name, "Nơi nhận");
    assert_eq!(sheet.styles[style::FOOTNOTE_TEXT].name, "footnote text");
    let vietnamese = ids
        .iter()
        .filter(|id| !sheet.styles[**id].name.is_ascii())
        .count();
    assert!(vietnamese >= ids.len() - 4, "{vietnamese} of {}", ids.len());
    let char_style = &sheet.styles["FootnoteReference"];
    assert_eq!(char_style.kind, "character");
    assert_eq!(char_style.name, "footnote reference");

    // Outline levels: the titles of parts, items, points, and nothing else (a numbered
    // paragraph is body text, not a heading of the navigation pane or a table of contents).
    for (id, level) in [(style::MUC, "0"), (style::KHOAN, "1"), (style::DIEM, "2")] {
        assert_eq!(
            sheet.style_ppr_attr(id, "w:outlineLvl", "w:val").as_deref(),
            Some(level),
            "{id}"
        );
    }
    for id in ids {
        if ![style::MUC, style::KHOAN, style::DIEM].contains(&id) {
            assert!(
                !sheet.style_has_ppr(id, "w:outlineLvl"),
                "{id} is not a heading"
            );
        }
    }
    // Titles stay with what follows; a numbered paragraph does not.
    for id in [style::MUC, style::KHOAN, style::DIEM, style::TEN_LOAI] {
        assert!(
            sheet.style_has_ppr(id, "w:keepNext"),
            "{id} keeps with next"
        );
    }
    for id in [
        style::KHOAN_DOAN,
        style::DIEM_DOAN,
        style::NORMAL,
        style::GACH,
    ] {
        assert!(!sheet.style_has_ppr(id, "w:keepNext"), "{id}");
    }

    // Enter continues in the right style.
    let next = |id: &str| sheet.styles[id].next.clone();
    for id in [
        style::NORMAL,
        style::MUC,
        style::KHOAN,
        style::KHOAN_DOAN,
        style::DIEM,
    ] {
        assert_eq!(next(id).as_deref(), Some(style::NORMAL), "after {id}");
    }
    for id in [
        style::GACH,
        style::GACH_2,
        style::CAN_CU,
        style::FOOTNOTE_TEXT,
        style::NOI_NHAN_DONG,
        style::BANG,
    ] {
        assert_eq!(next(id).as_deref(), Some(id), "after {id}");
    }
    assert_eq!(next(style::TEN_LOAI).as_deref(), Some(style::TRICH_YEU));
    assert_eq!(next(style::NOI_NHAN).as_deref(), Some(style::NOI_NHAN_DONG));

    // A dash item, a numbered paragraph and a căn cứ line are body text in layout.
    for id in [style::GACH, style::KHOAN_DOAN, style::CAN_CU] {
        for (el, attr) in [
            ("w:jc", "w:val"),
            ("w:ind", "w:firstLine"),
            ("w:ind", "w:left"),
            ("w:spacing", "w:before"),
            ("w:spacing", "w:line"),
        ] {
            assert_eq!(
                sheet.style_ppr_attr(id, el, attr),
                sheet.style_ppr_attr(n, el, attr),
                "{id} {el}@{attr}"
            );
        }
        assert_eq!(sheet.style_run_props(id).size, Some(28), "{id}");
    }
}

/// The text a block shows, as the DOCX reader reads it back.
fn block_text(b: &Block) -> String {
    match b {
        Block::Heading {
            number, inlines, ..
        } => format!("{number} {}", plain(inlines)),
        Block::Paragraph { inlines, .. } | Block::Centred { inlines } => plain(inlines),
        Block::Item {
            marker, inlines, ..
        } => format!("{marker} {}", plain(inlines)),
        Block::Table(_) => String::new(),
    }
}

fn expected_style(b: &Block) -> &'static str {
    match b {
        Block::Heading {
            level, keep_next, ..
        } => match (level, keep_next) {
            (1, true) => style::MUC,
            (1, false) => style::MUC_DOAN,
            (2, true) => style::KHOAN,
            (2, false) => style::KHOAN_DOAN,
            (_, true) => style::DIEM,
            (_, false) => style::DIEM_DOAN,
        },
        Block::Paragraph { italic: true, .. } => style::CAN_CU,
        Block::Paragraph { .. } => style::NORMAL,
        Block::Item { level: 1, .. } => style::GACH,
        Block::Item { .. } => style::GACH_2,
        Block::Centred { .. } => style::GIUA,
        Block::Table(_) => unreachable!(),
    }
}

fn body_blocks(doc: &Document) -> Vec<&Block> {
    doc.body
        .iter()
        .chain(doc.appendices.iter().flat_map(|a| a.body.iter()))
        .filter(|b| !matches!(b, Block::Table(_)))
        .collect()
}

/// Direct paragraph properties allowed, by style: only where one paragraph differs from
/// the others of its style.
fn allowed_direct(style_id: &str, props: &[String]) -> bool {
    let ok: &[&str] = match style_id {
        // Each rule's measured indents and its border; the appendix rule's space after.
        s if s == style::RULE => &["w:ind", "w:pBdr", "w:spacing", "w:keepNext"],
        // The first signature line is level with "Nơi nhận:".
        s if s == style::CHUC_VU_KY || s == style::HO_TEN_KY => &["w:spacing"],
        // The paragraph that ends a section carries that section's properties.
        s if s == style::HAIRLINE => &["w:sectPr"],
        // A group row and a group's last row keep with the next row: pagination of the row,
        // not formatting of its text.
        s if [style::BANG, style::BANG_GIUA, style::BANG_PHAI].contains(&s) => &["w:keepNext"],
        _ => &[],
    };
    props.iter().all(|p| ok.contains(&p.as_str()))
}

#[test]
fn every_paragraph_refers_to_its_style_and_carries_no_formatting_of_its_own() {
    for (agency, name) in SAMPLES {
        let (doc, bytes) = docx_of(agency, name);
        let (sheet, paras) = wml::read(&bytes, "word/document.xml");
        let what = format!("{agency}/{name}");

        // Every paragraph names a style that exists, and formats itself only where allowed.
        for p in &paras {
            assert!(p.explicit_style, "{what}: no style on {:?}", p.text);
            assert!(
                sheet.styles.contains_key(&p.style),
                "{what}: unknown style {}",
                p.style
            );
            // The closing paragraph (the one ending in "./.") alone is kept whole and with the
            // signature: the one paragraph that differs from the other body paragraphs.
            let closing_keep = |d: &String| {
                p.text.trim_end().ends_with("./.") && (d == "w:keepNext" || d == "w:keepLines")
            };
            let direct: Vec<String> = p
                .direct
                .iter()
                .filter(|d| !closing_keep(d))
                .cloned()
                .collect();
            assert!(
                allowed_direct(&p.style, &direct),
                "{what}: {:?} ({}) has direct {:?}",
                p.text,
                p.style,
                p.direct
            );
            for r in &p.runs {
                assert!(!r.direct_size, "{what}: run {:?} sets its own size", r.text);
            }
        }

        // Each body block is its own paragraph in its own style, in order.
        let body: Vec<&Para> = paras.iter().filter(|p| !p.in_table).collect();
        let mut at = 0;
        for b in body_blocks(&doc) {
            let want = squash(&block_text(b));
            let found = body[at..]
                .iter()
                .position(|p| squash(&p.text) == want)
                .unwrap_or_else(|| panic!("{what}: no paragraph {want:?} after #{at}"));
            let p = body[at + found];
            assert_eq!(p.style, expected_style(b), "{what}: {want:?}");
            let closing = want.ends_with("./.");
            assert!(
                p.direct
                    .iter()
                    .all(|d| closing && (d == "w:keepNext" || d == "w:keepLines")),
                "{what}: {want:?} has {:?}",
                p.direct
            );
            if closing {
                assert_eq!(
                    p.direct.len(),
                    2,
                    "{what}: the closing paragraph is kept with the signature"
                );
            }
            at += found + 1;
        }

        // Tables: header cells in the header style, the others in a table text style.
        let cells: Vec<&Para> = paras.iter().filter(|p| p.in_table).collect();
        let table_styles = [
            style::BANG,
            style::BANG_GIUA,
            style::BANG_PHAI,
            style::BANG_TIEU_DE,
        ];
        let has_table = doc
            .body
            .iter()
            .chain(doc.appendices.iter().flat_map(|a| a.body.iter()))
            .any(|b| matches!(b, Block::Table(_)));
        assert_eq!(
            cells
                .iter()
                .any(|p| p.style == style::BANG_TIEU_DE && p.text == "STT"),
            has_table,
            "{what}: table header"
        );
        for p in cells
            .iter()
            .filter(|p| table_styles.contains(&p.style.as_str()))
        {
            assert!(
                p.runs.iter().all(|r| r.size == Some(26)),
                "{what}: 13 pt table"
            );
        }

        // Header block, Nơi nhận and signature.
        let style_of = |text: &str| {
            paras
                .iter()
                .find(|p| p.text == text)
                .unwrap_or_else(|| panic!("{what}: no {text:?}"))
                .style
                .clone()
        };
        assert_eq!(style_of(vanban::ground::nd30::QUOC_HIEU), style::QUOC_HIEU);
        assert_eq!(style_of(vanban::ground::nd30::TIEU_NGU), style::TIEU_NGU);
        assert_eq!(style_of(&doc.header.number_line), style::SO_KY_HIEU);
        assert_eq!(style_of(&doc.header.date_line), style::DIA_DANH_NGAY);
        assert_eq!(style_of(&doc.header.type_name), style::TEN_LOAI);
        assert_eq!(style_of("Nơi nhận:"), style::NOI_NHAN);
        for e in &doc.recipients.entries {
            assert_eq!(style_of(e), style::NOI_NHAN_DONG);
        }
        assert_eq!(style_of(&doc.signature.name), style::HO_TEN_KY);
        for l in &doc.signature.title_lines {
            assert_eq!(style_of(l), style::CHUC_VU_KY);
        }
        for l in &doc.header.agency_lines {
            assert_eq!(style_of(l), style::CO_QUAN);
        }
        for a in &doc.appendices {
            assert_eq!(style_of(&a.label), style::PHU_LUC);
        }

        // Footnotes and the page-number header.
        if !doc.footnotes.is_empty() {
            let (_, notes) = wml::read(&bytes, "word/footnotes.xml");
            let bodies: Vec<&Para> = notes.iter().filter(|p| !p.text.is_empty()).collect();
            assert_eq!(bodies.len(), doc.footnotes.len(), "{what}");
            for p in bodies {
                assert_eq!(p.style, style::FOOTNOTE_TEXT, "{what}: {:?}", p.text);
                assert!(p.direct.is_empty(), "{what}: footnote {:?}", p.direct);
                assert!(p.runs.iter().all(|r| r.size == Some(22)), "11 pt footnotes");
            }
        }
        for part in ["word/header1.xml", "word/header2.xml"] {
            let (_, hs) = wml::read(&bytes, part);
            assert!(
                hs.iter().all(|p| p.style == style::SO_TRANG),
                "{what}: {part}"
            );
        }
    }
}

#[test]
fn outline_levels_follow_the_parts_items_and_points() {
    let mut points = 0;
    let mut numbered = 0;
    for (agency, name) in SAMPLES {
        let (doc, bytes) = docx_of(agency, name);
        let (_, paras) = wml::read(&bytes, "word/document.xml");
        // Titles only: a numbered paragraph (not kept with the next block) is body text.
        let want: Vec<(u8, String)> = body_blocks(&doc)
            .into_iter()
            .filter_map(|b| match b {
                Block::Heading {
                    level,
                    keep_next: true,
                    ..
                } => Some((level - 1, squash(&block_text(b)))),
                Block::Heading { .. } => {
                    numbered += 1;
                    None
                }
                _ => None,
            })
            .collect();
        let got: Vec<(u8, String)> = paras
            .iter()
            .filter_map(|p| p.outline.map(|l| (l, squash(&p.text))))
            .collect();
        assert_eq!(got, want, "{agency}/{name}");
        // Every sample but the decision (articles, not mục) has mục I., II.
        assert!(
            *name == "du-thao-quyet-dinh" || want.iter().filter(|(l, _)| *l == 0).count() >= 2,
            "{agency}/{name}"
        );
        // The numbering a reader sees matches the level: I. / 1. / a).
        for (l, t) in &got {
            let number = t.split(['.', ')']).next().unwrap();
            let ok = match l {
                0 => {
                    number.chars().all(|c| "IVXLC".contains(c))
                        && t[number.len()..].starts_with('.')
                }
                1 => {
                    number.chars().all(|c| c.is_ascii_digit()) && t[number.len()..].starts_with('.')
                }
                _ => number.chars().count() == 1 && t[number.len()..].starts_with(')'),
            };
            assert!(ok, "{agency}/{name}: level {l} {t:?}");
            points += usize::from(*l == 2);
        }
    }
    assert!(points > 0, "the samples include points a), b)");
    assert!(numbered > 0, "the samples include numbered paragraphs");
}

fn margins_mm(document_xml: &str) -> Vec<[f64; 4]> {
    let root = wml::parse(document_xml);
    let mut found = Vec::new();
    root.find_all("w:pgMar", &mut found);
    found
        .iter()
        .map(|m| {
            let mm = |k: &str| m.attr(k).unwrap().parse::<f64>().unwrap() * 25.4 / 1440.0;
            [mm("w:top"), mm("w:bottom"), mm("w:left"), mm("w:right")]
        })
        .collect()
}

#[test]
fn margins_read_back_inside_the_decree_ranges() {
    let ranges = [(20.0, 25.0), (20.0, 25.0), (30.0, 35.0), (15.0, 20.0)];
    let (_, kit) = sample();
    let (ws0, _) = sample();
    for le in [
        [20.0, 20.0, 30.0, 15.0],
        [25.0, 25.0, 35.0, 20.0],
        [22.5, 21.3, 32.7, 17.9],
    ] {
        let mut ws = workspace::open(&ws0.root).0;
        ws.settings.le.tren = le[0];
        ws.settings.le.duoi = le[1];
        ws.settings.le.trai = le[2];
        ws.settings.le.phai = le[3];
        // so-noi-vu's plan has a phụ lục: its section has margins of its own.
        let doc = assemble(&ws, kit, "so-noi-vu", "ke-hoach");
        let bytes = kit.render(&doc, Format::Docx, "ke-hoach").unwrap();
        let all = margins_mm(&zip_part(&bytes, "word/document.xml").unwrap());
        assert!(all.len() >= 2, "one w:pgMar per section: {all:?}");
        for m in all {
            for i in 0..4 {
                assert!(
                    (ranges[i].0..=ranges[i].1).contains(&m[i]),
                    "margin {i} = {} mm for {} mm, outside {:?}",
                    m[i],
                    le[i],
                    ranges[i]
                );
                assert!((m[i] - le[i]).abs() < 0.03, "{} mm for {} mm", m[i], le[i]);
            }
        }
    }
}

fn core_date(docx: &[u8]) -> (String, String) {
    let core = zip_part(docx, "docProps/core.xml").unwrap();
    let get = |tag: &str| {
        let start = core.find(&format!("<{tag} ")).unwrap();
        let from = start + core[start..].find('>').unwrap() + 1;
        core[from..from + core[from..].find('<').unwrap()].to_string()
    };
    (get("dcterms:created"), get("dcterms:modified"))
}

#[test]
fn core_properties_carry_the_document_date() {
    let (_, kh696) = docx_of("ubnd-tinh", "ke-hoach");
    let when = "2025-03-06T00:00:00Z".to_string();
    assert_eq!(core_date(&kh696), (when.clone(), when));
    let (_, plan) = docx_of("so-noi-vu", "ke-hoach");
    assert_eq!(core_date(&plan).0, "2025-03-20T00:00:00Z");
    // Zip entries are stamped with the same day.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&plan)).unwrap();
    for i in 0..z.len() {
        let t = z.by_index(i).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2025, 3, 20));
    }

    // An undated draft takes the parent plan's date (KH 696 of 06/3/2025), still the same
    // bytes every time.
    let ws_dir = sample_workspace("undated");
    let file = ws_dir.join("data/so-noi-vu/ke-hoach.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let undated: String = text
        .lines()
        .filter(|l| !l.starts_with("ngay:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(undated, text, "the sample plan has a date to remove");
    std::fs::write(&file, undated).unwrap();
    let (ws, kit) = load(&ws_dir);
    let doc = assemble(&ws, &kit, "so-noi-vu", "ke-hoach");
    assert!(
        !doc.header.date_line.contains("20 tháng 3"),
        "an undated draft: {}",
        doc.header.date_line
    );
    let a = kit.render(&doc, Format::Docx, "a").unwrap();
    let b = kit.render(&doc, Format::Docx, "b").unwrap();
    assert!(a == b, "deterministic");
    assert_eq!(core_date(&a).0, "2025-03-06T00:00:00Z");
}

#[test]
fn abbreviations_in_noi_nhan_never_break_at_their_hyphen() {
    let (doc, bytes) = docx_of("ubnd-tinh", "ke-hoach");
    let entry = doc
        .recipients
        .entries
        .iter()
        .find(|e| e.contains("CT-XH"))
        .expect("KH 696 sends to the CT-XH organisations");
    let xml = zip_part(&bytes, "word/document.xml").unwrap();
    assert!(
        xml.contains("CT</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">XH"),
        "CT-XH written with a non-breaking hyphen"
    );
    let (_, paras) = wml::read(&bytes, "word/document.xml");
    let p = paras.iter().find(|p| &p.text == entry).unwrap();
    assert!(
        p.text.starts_with("- "),
        "the list dash stays a dash: {:?}",
        p.text
    );
    // Numbers with a symbol in running text ("696/KH-UBND") keep their hyphens too.
    let blocks = doc
        .body
        .iter()
        .chain(doc.appendices.iter().flat_map(|a| &a.body));
    let in_numbers: usize = blocks
        .filter_map(|b| match b {
            Block::Paragraph { inlines, .. }
            | Block::Item { inlines, .. }
            | Block::Heading { inlines, .. }
            | Block::Centred { inlines } => Some(inlines),
            Block::Table(_) => None,
        })
        .flatten()
        .filter(|i| i.whole)
        .map(|i| i.text.matches('-').count())
        .sum();
    assert!(in_numbers > 0, "KH 696 cites numbers with hyphens");
    assert_eq!(
        xml.matches("<w:noBreakHyphen/>").count(),
        doc.recipients
            .entries
            .iter()
            .map(|e| e.matches('-').count() - 1)
            .sum::<usize>()
            + in_numbers,
        "only hyphens inside words of Nơi nhận and inside numbers with a symbol"
    );
    let in_footnotes: usize = doc
        .footnotes
        .iter()
        .flatten()
        .filter(|i| i.whole)
        .map(|i| i.text.matches('-').count())
        .sum();
    let notes = zip_part(&bytes, "word/footnotes.xml").unwrap();
    assert_eq!(notes.matches("<w:noBreakHyphen/>").count(), in_footnotes);

    // The PDF keeps "CT-XH" on one line too.
    let (_, kit) = sample();
    let pdf = kit.render(&doc, Format::Pdf, "kh696").unwrap();
    let dir = temp_dir("nbh");
    let path = dir.join("kh696.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = pdf_text(&path, None, true);
    assert!(
        text.lines().any(|l| l.contains("CT-XH")),
        "CT-XH broken across lines in the PDF"
    );
}

// ---------------------------------------------------------------------------------------
// LibreOffice: the DOCX paginates as our PDF.

#[test]
fn libreoffice_paginates_the_docx_as_our_pdf() {
    let (_, kit) = sample();
    let dir = temp_dir("lo");
    let mut docx_files = Vec::new();
    let mut ours = Vec::new();
    for (agency, name) in SAMPLES.iter().chain(&[("ubnd-tx-hoa-thanh", "ke-hoach")]) {
        let (doc, docx) = docx_of(agency, name);
        let stem = format!("{agency}__{name}");
        let pdf = dir.join(format!("{stem}.ours.pdf"));
        std::fs::write(&pdf, kit.render(&doc, Format::Pdf, &stem).unwrap()).unwrap();
        let d = dir.join(format!("{stem}.docx"));
        std::fs::write(&d, docx).unwrap();
        docx_files.push(d);
        ours.push((stem, pdf_pages(&pdf)));
    }
    let out = soffice(&dir, "pdf", &docx_files);
    for (stem, pages) in ours {
        let lo = out.join(format!("{stem}.pdf"));
        assert!(lo.exists(), "LibreOffice did not convert {stem}");
        let fonts = Command::new("pdffonts").arg(&lo).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(
            fonts.contains("LiberationSerif") && !fonts.contains("DejaVu"),
            "{stem}: LibreOffice set the DOCX in another font:\n{fonts}"
        );
        assert_eq!(pdf_pages(&lo), pages, "{stem}: LibreOffice pages vs ours");
    }
}

// ---------------------------------------------------------------------------------------
// The sheet inherits: a clerk who changes Normal sees the whole body follow (issue 16).

/// The body text's styles besides Normal: each based on Normal, so it follows Normal.
const BODY_STYLES: &[&str] = &[
    style::CAN_CU,
    style::GIUA,
    style::MUC,
    style::MUC_DOAN,
    style::KHOAN,
    style::KHOAN_DOAN,
    style::DIEM,
    style::DIEM_DOAN,
    style::GACH,
    style::GACH_2,
];

#[test]
fn styles_inherit_from_normal_and_write_only_what_differs() {
    for (agency, name) in SAMPLES {
        let (_, bytes) = docx_of(agency, name);
        let sheet = Sheet::parse(&zip_part(&bytes, "word/styles.xml").unwrap());
        let what = format!("{agency}/{name}");
        let parent = |id: &str| sheet.styles.get(id).and_then(|s| s.based_on.clone());
        assert_eq!(parent(style::NORMAL), None, "{what}");
        for id in BODY_STYLES.iter().chain(&[style::DONG_DON]) {
            assert_eq!(parent(id).as_deref(), Some(style::NORMAL), "{what}: {id}");
        }
        for id in [style::BANG_GIUA, style::BANG_PHAI, style::BANG_TIEU_DE] {
            assert_eq!(parent(id).as_deref(), Some(style::BANG), "{what}: {id}");
        }
        for s in sheet.styles.values().filter(|s| s.kind == "paragraph") {
            // Every style reaches Normal; the header, table, signature, appendix, page and
            // footnote styles through the plain line, which resets the body's spacing and
            // indent.
            let mut chain = vec![s.id.clone()];
            while let Some(p) = sheet.styles[chain.last().unwrap()].based_on.clone() {
                assert!(
                    !chain.contains(&p) && sheet.styles.contains_key(&p),
                    "{what}: {chain:?} based on {p}"
                );
                chain.push(p);
            }
            assert_eq!(chain.last().unwrap(), style::NORMAL, "{what}: {}", s.id);
            let body = [style::NORMAL, style::DONG_DON].contains(&s.id.as_str())
                || BODY_STYLES.contains(&s.id.as_str());
            assert!(
                body || chain.iter().any(|c| c == style::DONG_DON),
                "{what}: {} is not based on the plain line",
                s.id
            );

            // Nothing its parent gives is written again (it would hide a change there); the
            // plain line alone states its whole layout, to shield its children from Normal's.
            let Some(p) = &s.based_on else { continue };
            if s.id == style::DONG_DON {
                for (el, attrs) in [
                    (
                        "w:spacing",
                        &["w:before", "w:after", "w:line", "w:lineRule"][..],
                    ),
                    ("w:ind", &["w:left", "w:right", "w:firstLine"]),
                    ("w:jc", &["w:val"]),
                ] {
                    for a in attrs {
                        assert!(s.ppr_attr(el, a).is_some(), "{what}: DongDon {el}@{a}");
                    }
                }
            }
            let pinned = s.id == style::DONG_DON;
            for e in s
                .ppr
                .iter()
                .flat_map(|ppr| &ppr.children)
                .filter(|_| !pinned)
            {
                if e.attrs.is_empty() {
                    assert!(
                        !sheet.style_has_ppr(p, &e.name),
                        "{what}: {} repeats {}",
                        s.id,
                        e.name
                    );
                }
                let same =
                    |a: &str| e.attr(a).map(str::to_string) == sheet.style_ppr_attr(p, &e.name, a);
                for (a, _) in &e.attrs {
                    // Line and line rule go together.
                    let repeated = match a.as_str() {
                        "w:line" | "w:lineRule" => same("w:line") && same("w:lineRule"),
                        _ => same(a),
                    };
                    assert!(!repeated, "{what}: {} repeats {}@{a} of {p}", s.id, e.name);
                }
            }
            let given = sheet.style_run_props(p);
            let own = s.rpr;
            assert!(
                own.size.is_none() || own.size != given.size,
                "{what}: {} repeats its size",
                s.id
            );
            assert!(
                own.bold.is_none() || own.bold != Some(given.bold.unwrap_or(false)),
                "{what}: {} repeats bold",
                s.id
            );
            assert!(
                own.italic.is_none() || own.italic != Some(given.italic.unwrap_or(false)),
                "{what}: {} repeats italic",
                s.id
            );
        }
    }
}

/// styles.xml with Normal's properties changed, as a clerk does in the Modify Style
/// dialog: each (from, to) pair is XML text that occurs once in Normal; nothing else moves.
fn change_normal(styles: &str, changes: &[(&str, &str)]) -> String {
    let start = styles.find(r#"w:styleId="Normal""#).expect("Normal");
    let end = start + styles[start..].find("</w:style>").unwrap();
    let mut normal = styles[start..end].to_string();
    for (from, to) in changes {
        assert_eq!(normal.matches(from).count(), 1, "{from} in {normal}");
        normal = normal.replace(from, to);
    }
    format!("{}{normal}{}", &styles[..start], &styles[end..])
}

/// The package with part `name` replaced by `text`, every other part copied as it is.
fn with_part(docx: &[u8], name: &str, text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        if f.name() == name {
            drop(f);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(name, opts).unwrap();
            out.write_all(text.as_bytes()).unwrap();
            replaced = true;
        } else {
            out.raw_copy_file(f).unwrap();
        }
    }
    assert!(replaced, "no {name}");
    out.finish().unwrap().into_inner()
}

/// A paragraph of a flat ODT as LibreOffice wrote it: `text:h` (what the Navigator and a
/// table of contents list) or `text:p`, its style, and its text without footnotes.
#[derive(Debug)]
struct OdtPara {
    heading: bool,
    style: String,
    text: String,
}

/// The paragraphs of the text body, in order (table cells included, headers and footnote
/// bodies not).
fn odt_paragraphs(fodt: &str) -> Vec<OdtPara> {
    use quick_xml::events::{BytesStart, Event};
    let para = |e: &BytesStart| {
        let heading = match e.name().as_ref() {
            b"text:p" => false,
            b"text:h" => true,
            _ => return None,
        };
        let style = e
            .try_get_attribute("text:style-name")
            .unwrap()
            .map(|a| a.unescape_value().unwrap().into_owned())
            .unwrap_or_default();
        Some(OdtPara {
            heading,
            style,
            text: String::new(),
        })
    };
    let mut r = quick_xml::Reader::from_str(fodt);
    let (mut in_text, mut in_note) = (false, 0usize);
    let mut cur: Option<OdtPara> = None;
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed FODT") {
            Event::Start(e) => match e.name().as_ref() {
                b"office:text" => in_text = true,
                b"text:note" => in_note += 1,
                _ if in_text && in_note == 0 => cur = para(&e).or(cur),
                _ => {}
            },
            Event::Empty(e) if in_text && in_note == 0 => match (para(&e), cur.as_mut()) {
                (Some(p), _) => out.push(p),
                (None, Some(c)) if e.name().as_ref() != b"text:soft-page-break" => c.text.push(' '),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"office:text" => in_text = false,
                b"text:note" => in_note -= 1,
                b"text:p" | b"text:h" if in_note == 0 => out.extend(cur.take()),
                _ => {}
            },
            Event::Text(t) if in_note == 0 => {
                if let Some(c) = cur.as_mut() {
                    c.text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(g) if in_note == 0 => {
                if let Some(c) = cur.as_mut() {
                    c.text.push_str(support::xml_entity(&g));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A length of ODF ("0.0835in", "0.212cm", "14pt") in points.
fn odf_pt(len: &str) -> f64 {
    let at = len
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(len.len());
    let v: f64 = len[..at].parse().unwrap_or_else(|_| panic!("length {len}"));
    v * match &len[at..] {
        "pt" => 1.0,
        "in" => 72.0,
        "cm" => 72.0 / 2.54,
        "mm" => 72.0 / 25.4,
        _ => panic!("unit of {len}"),
    }
}

/// What LibreOffice resolves for a paragraph: font size, space before and after (pt).
#[derive(Debug, Clone, Copy, Default)]
struct Resolved {
    size: f64,
    before: f64,
    after: f64,
}

/// One paragraph style of a flat ODT: its parent and what it sets itself.
struct OdtStyle {
    parent: Option<String>,
    size: Option<f64>,
    before: Option<f64>,
    after: Option<f64>,
}

/// LibreOffice's paragraph styles, named and automatic.
struct OdtStyles {
    styles: HashMap<String, OdtStyle>,
    default_size: f64,
}

impl OdtStyles {
    fn parse(fodt: &str) -> OdtStyles {
        let root = wml::parse(fodt);
        let style = |s: &wml::El| {
            let para = |k: &str| {
                s.child("style:paragraph-properties")
                    .and_then(|p| p.attr(k))
                    .map(odf_pt)
            };
            OdtStyle {
                parent: s.attr("style:parent-style-name").map(str::to_string),
                size: s
                    .child("style:text-properties")
                    .and_then(|t| t.attr("fo:font-size"))
                    .map(odf_pt),
                before: para("fo:margin-top"),
                after: para("fo:margin-bottom"),
            }
        };
        let mut found = Vec::new();
        root.find_all("style:default-style", &mut found);
        let default_size = found
            .iter()
            .find(|d| d.attr("style:family") == Some("paragraph"))
            .and_then(|d| style(d).size)
            .expect("a default paragraph size");
        let mut found = Vec::new();
        root.find_all("style:style", &mut found);
        let styles = found
            .iter()
            .filter(|s| s.attr("style:family") == Some("paragraph"))
            .map(|s| (s.attr("style:name").unwrap().to_string(), style(s)))
            .collect();
        OdtStyles {
            styles,
            default_size,
        }
    }

    /// What a paragraph of style `name` gets, through its parents down to the defaults.
    fn resolve(&self, name: &str) -> Resolved {
        let (mut size, mut before, mut after) = (None, None, None);
        let mut cur = Some(name);
        let mut depth = 0;
        while let Some(n) = cur {
            let s = &self.styles[n];
            size = size.or(s.size);
            before = before.or(s.before);
            after = after.or(s.after);
            cur = s.parent.as_deref();
            depth += 1;
            assert!(depth < 20, "style cycle at {name}");
        }
        Resolved {
            size: size.unwrap_or(self.default_size),
            before: before.unwrap_or(0.0),
            after: after.unwrap_or(0.0),
        }
    }
}

/// The words poppler finds in a PDF: (page index, top, bottom) in pt. A word's height is
/// proportional to its font size.
fn pdf_words(pdf: &Path) -> Vec<(usize, f64, f64)> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext -bbox {}", pdf.display());
    let html = String::from_utf8(out.stdout).unwrap();
    let mut words = Vec::new();
    for (page, text) in html.split("<page ").skip(1).enumerate() {
        for w in text.split("<word ").skip(1) {
            let get = |k: &str| -> f64 {
                let from = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                w[from..from + w[from..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            words.push((page, get("yMin"), get("yMax")));
        }
    }
    words
}

#[test]
fn a_change_to_normal_reaches_every_body_paragraph_in_libreoffice() {
    // KH 696: căn cứ, titles of parts, items and points, numbered paragraphs, dash items.
    let (_, docx) = docx_of("ubnd-tinh", "ke-hoach");
    let (_, ours) = wml::read(&docx, "word/document.xml");
    let styles = zip_part(&docx, "word/styles.xml").unwrap();
    // In styles.xml only: Normal's space before 6 → 9 pt, after 0 → 3 pt, size 14 → 12 pt.
    let changes = [
        (r#"w:before="120""#, r#"w:before="180""#),
        (r#"w:after="0""#, r#"w:after="60""#),
        (r#"<w:sz w:val="28"/>"#, r#"<w:sz w:val="24"/>"#),
        (r#"<w:szCs w:val="28"/>"#, r#"<w:szCs w:val="24"/>"#),
    ];
    let changed = with_part(&docx, "word/styles.xml", &change_normal(&styles, &changes));
    let dir = temp_dir("normal");
    let files: Vec<PathBuf> = [("before", &docx), ("after", &changed)]
        .iter()
        .map(|(n, bytes)| {
            let p = dir.join(format!("{n}.docx"));
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect();
    let fodt = soffice(&dir, "fodt", &files);
    let pdf = soffice(&dir, "pdf", &files);

    // What LibreOffice resolves for each paragraph, before and after.
    let read = |n: &str| {
        let x = std::fs::read_to_string(fodt.join(format!("{n}.fodt"))).unwrap();
        (OdtStyles::parse(&x), odt_paragraphs(&x))
    };
    let ((s0, p0), (s1, p1)) = (read("before"), read("after"));
    assert_eq!(p0.len(), ours.len(), "LibreOffice's paragraphs are ours");
    assert_eq!(p1.len(), ours.len());
    let text = |t: &str| squash(&t.replace('\u{2011}', "-"));
    let near = |a: f64, b: f64| (a - b).abs() < 0.05;
    // Every problem is collected, so a failure shows all of them, body text first.
    let (mut followed, mut stayed) = (HashMap::new(), HashMap::new());
    let (mut listed, mut other) = (Vec::new(), Vec::new());
    for ((o, a), b) in ours.iter().zip(&p0).zip(&p1) {
        let what = format!(
            "{} {:?}",
            o.style,
            o.text.chars().take(50).collect::<String>()
        );
        assert_eq!(text(&a.text), text(&o.text), "{what}");
        assert_eq!(text(&b.text), text(&o.text), "{what}");
        // The Navigator lists the titles of parts, items and points, and nothing else.
        let title = [style::MUC, style::KHOAN, style::DIEM].contains(&o.style.as_str());
        if a.heading != title {
            listed.push(what.clone());
        }
        let (r0, r1) = (s0.resolve(&a.style), s1.resolve(&b.style));
        let is = |r: Resolved, size, before, after| {
            near(r.size, size) && near(r.before, before) && near(r.after, after)
        };
        if o.style == style::NORMAL || BODY_STYLES.contains(&o.style.as_str()) {
            assert!(is(r0, 14.0, 6.0, 0.0), "{what}: {r0:?}");
            let tally = if is(r1, 12.0, 9.0, 3.0) {
                &mut followed
            } else {
                &mut stayed
            };
            *tally.entry(style_name(&o.style)).or_insert(0) += 1;
        } else {
            // The header block, the tables and the signature keep their own spacing; a part
            // in the body's size keeps being in it.
            let size = if near(r0.size, 14.0) { 12.0 } else { r0.size };
            if !is(r1, size, r0.before, r0.after) {
                other.push(format!("{what}: {r0:?} → {r1:?}"));
            }
        }
    }
    assert!(
        stayed.is_empty(),
        "body paragraphs that kept Normal's old size or spacing: {stayed:?} (followed: {followed:?})"
    );
    for (id, at_least) in [
        (style::NORMAL, 3),
        (style::CAN_CU, 1),
        (style::MUC, 2),
        (style::KHOAN, 1),
        (style::KHOAN_DOAN, 1),
        (style::DIEM, 1),
        (style::GACH, 39),
    ] {
        let n = followed.get(style_name(id)).copied().unwrap_or(0);
        assert!(
            n >= at_least,
            "{n} paragraphs of {id} followed: {followed:?}"
        );
    }
    assert!(
        listed.is_empty(),
        "wrongly in the Navigator or out of it: {listed:#?}"
    );
    assert!(other.is_empty(), "outside the body: {other:#?}");

    // On the printed page: no word is left in the old size, and the document is shorter.
    let words = |n: &str| pdf_words(&pdf.join(format!("{n}.pdf")));
    let (w0, w1) = (words("before"), words("after"));
    let height = |w: &(usize, f64, f64)| w.2 - w.1;
    let mut heights: Vec<f64> = w0.iter().map(height).collect();
    heights.sort_by(f64::total_cmp);
    let body = heights[heights.len() / 2];
    let count = |ws: &[(usize, f64, f64)], h: f64| ws.iter().filter(|w| near(height(w), h)).count();
    assert!(count(&w0, body) > w0.len() / 2, "most words are body text");
    assert_eq!(count(&w1, body), 0, "words left at the old size");
    assert!(
        count(&w1, body * 12.0 / 14.0) >= count(&w0, body),
        "every body word is now 12 pt"
    );
    let page_h = 297.0 * 72.0 / 25.4;
    let length = |ws: &[(usize, f64, f64)]| {
        ws.iter()
            .map(|w| w.0 as f64 * page_h + w.2)
            .fold(0.0, f64::max)
    };
    assert!(
        length(&w1) < length(&w0) - page_h / 2.0,
        "12 pt text with 12 pt between paragraphs is shorter: {} → {} pt",
        length(&w0),
        length(&w1)
    );
}

/// One key per style for the counts (ids are `&'static str`).
fn style_name(id: &str) -> &'static str {
    [style::NORMAL]
        .iter()
        .chain(BODY_STYLES)
        .find(|s| **s == id)
        .copied()
        .unwrap_or("other")
}
