//! The DOCX as a file that văn thư staff keep editing in Word (issue 11): a real style sheet
//! that every paragraph refers to, outline levels for the parts and items, margins inside
//! the decree's ranges, dated core properties, abbreviations that never break at their
//! hyphen in Nơi nhận, and LibreOffice paginating the DOCX as our PDF.

mod support;

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

    // Outline levels: parts, items, points.
    for (id, level) in [
        (style::MUC, "0"),
        (style::MUC_DOAN, "0"),
        (style::KHOAN, "1"),
        (style::KHOAN_DOAN, "1"),
        (style::DIEM, "2"),
        (style::DIEM_DOAN, "2"),
    ] {
        assert_eq!(
            sheet.style_ppr_attr(id, "w:outlineLvl", "w:val").as_deref(),
            Some(level),
            "{id}"
        );
    }
    for id in [style::NORMAL, style::CAN_CU, style::GACH, style::TEN_LOAI] {
        assert!(
            !sheet.style_has_ppr(id, "w:outlineLvl"),
            "{id} is not a heading"
        );
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
    for (agency, name) in SAMPLES {
        let (doc, bytes) = docx_of(agency, name);
        let (_, paras) = wml::read(&bytes, "word/document.xml");
        let want: Vec<(u8, String)> = body_blocks(&doc)
            .into_iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some((level - 1, squash(&block_text(b)))),
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
    assert_eq!(
        xml.matches("<w:noBreakHyphen/>").count(),
        doc.recipients
            .entries
            .iter()
            .map(|e| e.matches(|c: char| c == '-').count() - 1)
            .sum::<usize>(),
        "only hyphens inside words, and only in Nơi nhận"
    );

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

/// A fontconfig file that adds the bundled Liberation Serif (metric-compatible with Times
/// New Roman) to the system's fonts, so LibreOffice sets the DOCX in the PDF's font without
/// any font package installed.
fn fontconfig(dir: &Path) -> PathBuf {
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  \
             <cachedir>{}</cachedir>\n</fontconfig>\n",
            repo().join("fonts").display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    conf
}

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
    let out = dir.join("lo");
    let status = Command::new("soffice")
        .env("FONTCONFIG_FILE", fontconfig(&dir))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(&docx_files)
        .output()
        .expect("soffice (Debian: libreoffice-writer-nogui) must be installed: see .ci/run");
    assert!(status.status.success(), "{status:?}");
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
