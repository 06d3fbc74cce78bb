//! The foundation document, KH 696, end to end: every paragraph of the source comes back
//! out of both renderers, in order, in the ND30 layout.

use crate::support;

use std::path::PathBuf;
use std::sync::OnceLock;

use support::*;
use vanban::build::{self, Options};

fn only_kh696() -> Options {
    Options {
        agencies: vec!["ubnd-tinh".into()],
        ..Options::default()
    }
}

struct Built {
    docx: PathBuf,
    pdf: PathBuf,
}

/// Builds the sample workspace once for all tests of this file.
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let ws = sample_workspace("kh696");
        let out = build::run(&ws, &only_kh696(), &|_: &std::path::Path| {});
        assert!(out.errors.is_empty(), "{:#?}", out.errors);
        let dir = ws.join("output/ubnd-tinh");
        Built {
            docx: dir.join("ke-hoach.docx"),
            pdf: dir.join("ke-hoach.pdf"),
        }
    })
}

/// The reference text with the documented extraction artefacts repaired and the
/// Markdown-like marks removed: (paragraphs in order, footnote texts).
fn reference() -> (Vec<String>, Vec<String>) {
    let raw = std::fs::read_to_string(repo().join("tests/fixtures/kh-696-ubnd-tay-ninh-2025.txt"))
        .unwrap();
    let mut paras: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    for p in raw.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(n) = p
            .strip_prefix("1 Quyết định số 490")
            .map(|r| format!("Quyết định số 490{r}"))
        {
            notes.push(n);
            continue;
        }
        if let Some(n) = p
            .strip_prefix("2 Quyết định số 2631")
            .map(|r| format!("Quyết định số 2631{r}"))
        {
            notes.push(n);
            continue;
        }
        // A sentence split across a page break: join it back.
        let joins = paras
            .last()
            .is_some_and(|prev: &String| prev.ends_with(|c: char| c.is_alphanumeric()))
            && p.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
        if joins {
            let prev = paras.pop().unwrap();
            paras.push(format!("{prev} {p}"));
        } else {
            paras.push(p.to_string());
        }
    }
    let paras = paras
        .into_iter()
        .flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>())
        .map(|p| {
            p.replace("696 /", "696/")
                .replace("**", "")
                .replace(['*', '¹', '²'], "")
        })
        .flat_map(|p| match p.strip_suffix(" 7") {
            Some(l) if p.starts_with("- Lưu") => vec![l.to_string(), "7".to_string()],
            _ => vec![p],
        })
        .collect();
    (paras, notes)
}

#[test]
fn reference_repairs_are_what_the_readme_lists() {
    let (paras, notes) = reference();
    assert_eq!(notes.len(), 2);
    assert!(paras.iter().any(|p| p.contains("giai đoạn 2025 - 2030")));
    assert!(paras
        .iter()
        .any(|p| p.contains("tổ chức chính trị - xã hội cùng cấp và Nhân dân")));
    assert!(paras
        .iter()
        .any(|p| p.contains("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ")));
    assert!(paras.iter().any(|p| p == "Số: 696/KH-UBND"));
    assert_eq!(paras.last().unwrap(), "Nguyễn Hồng Thanh");
}

#[test]
fn docx_holds_every_paragraph_in_order() {
    let bytes = std::fs::read(&built().docx).unwrap();
    let doc = zip_part(&bytes, "word/document.xml").unwrap();
    let text = docx_paragraphs(&doc).join("\n");
    let (paras, notes) = reference();
    let skipped = subsequence_with_extras(&squash(&paras.join("\n")), &squash(&text)).unwrap();
    assert_eq!(skipped, 0, "the DOCX body has text the source does not");
    for l in [
        "ỦY BAN NHÂN DÂN",
        "TỈNH TÂY NINH",
        vanban::ground::nd30::QUOC_HIEU,
        vanban::ground::nd30::TIEU_NGU,
    ] {
        assert!(
            docx_paragraphs(&doc).iter().any(|p| p == l),
            "missing header line {l}"
        );
    }
    let footnotes = zip_part(&bytes, "word/footnotes.xml").expect("footnotes part");
    let fn_text = docx_paragraphs(&footnotes).join("\n");
    for n in &notes {
        assert!(fn_text.contains(n.as_str()), "footnote missing: {n}");
    }
    assert_eq!(doc.matches("<w:footnoteReference").count(), 2);
    let core = zip_part(&bytes, "docProps/core.xml").unwrap();
    assert!(
        core.contains("<dc:title>KẾ HOẠCH Thực hiện công tác dân vận chính quyền năm 2025"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>ỦY BAN NHÂN DÂN TỈNH TÂY NINH</dc:creator>"),
        "{core}"
    );
}

#[test]
fn pdf_holds_every_paragraph_in_order() {
    let text = pdf_text(&built().pdf, None, false);
    let (paras, notes) = reference();
    let start = paras.iter().position(|p| p == "KẾ HOẠCH").unwrap();
    let end = paras.iter().position(|p| p.ends_with("./.")).unwrap();
    let body = squash(&paras[start..=end].join("\n"));
    let actual = squash(&text);
    let skipped = subsequence_with_extras(&body, &actual).unwrap();
    // Allowed extras: footnote texts at the page foot, their two marks, the page numbers.
    let allowance: usize = notes
        .iter()
        .map(|n| squash(n).chars().count() + 1)
        .sum::<usize>()
        + 2
        + 20;
    assert!(
        skipped <= allowance,
        "{skipped} unexpected characters in the PDF body (allowed {allowance})"
    );
    for p in paras[..start].iter().chain(&paras[end + 1..]) {
        assert!(actual.contains(&squash(p)), "PDF is missing: {p}");
    }
    for n in &notes {
        assert!(actual.contains(&squash(n)), "PDF footnote missing: {n}");
    }
}

fn attr(xml: &str, element: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let key = format!("{name}=\"");
    let v = &tag[tag.find(&key)? + key.len()..];
    Some(v[..v.find('"')?].to_string())
}

#[test]
fn docx_page_margins_and_first_page_header() {
    let bytes = std::fs::read(&built().docx).unwrap();
    let doc = zip_part(&bytes, "word/document.xml").unwrap();
    assert_eq!(attr(&doc, "w:pgSz", "w:w").as_deref(), Some("11906"));
    assert_eq!(attr(&doc, "w:pgSz", "w:h").as_deref(), Some("16838"));
    assert_eq!(attr(&doc, "w:pgMar", "w:top").as_deref(), Some("1134"));
    assert_eq!(attr(&doc, "w:pgMar", "w:bottom").as_deref(), Some("1134"));
    assert_eq!(attr(&doc, "w:pgMar", "w:left").as_deref(), Some("1701"));
    // 15 mm is 850.39 twips: 851, since 850 would be 14.994 mm, under the minimum.
    assert_eq!(attr(&doc, "w:pgMar", "w:right").as_deref(), Some("851"));
    assert!(doc.contains("<w:titlePg"), "different first page");
    let rels = zip_part(&bytes, "word/_rels/document.xml.rels").unwrap();
    let header_of = |kind: &str| -> String {
        let at = doc
            .find(&format!("w:type=\"{kind}\""))
            .unwrap_or_else(|| panic!("no {kind} header"));
        let tag_start = doc[..at].rfind('<').unwrap();
        let tag = &doc[tag_start..tag_start + doc[tag_start..].find('>').unwrap()];
        let id = tag
            .split("r:id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let rel = rels
            .split("<Relationship ")
            .find(|r| r.contains(&format!("Id=\"{id}\"")))
            .unwrap();
        let target = rel
            .split("Target=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        zip_part(&bytes, &format!("word/{target}")).unwrap()
    };
    let first = header_of("first");
    let default = header_of("default");
    assert!(!first.contains("PAGE"), "page 1 must show no number");
    assert!(docx_paragraphs(&first).iter().all(|p| p.trim().is_empty()));
    assert!(default.contains("PAGE"), "default header has a PAGE field");
    // Centred by the paragraph's style (or its own w:jc).
    let sheet = support::wml::Sheet::parse(&zip_part(&bytes, "word/styles.xml").unwrap());
    let number = &support::wml::paragraphs(&default, &sheet)[0];
    let jc = sheet.style_ppr_attr(&number.style, "w:jc", "w:val");
    assert!(
        default.contains("<w:jc w:val=\"center\"") || jc.as_deref() == Some("center"),
        "page number centred"
    );
}

/// (text, half-point size, bold, italic) of every run of the document, as Word shows it:
/// the style sheet's values under the run's own.
fn runs(docx: &[u8]) -> Vec<(String, Option<u32>, bool, bool)> {
    let (_, paras) = support::wml::read(docx, "word/document.xml");
    paras
        .into_iter()
        .flat_map(|p| p.runs)
        .map(|r| (r.text, r.size, r.bold, r.italic))
        .collect()
}

fn run_with<'a>(
    rs: &'a [(String, Option<u32>, bool, bool)],
    text: &str,
) -> &'a (String, Option<u32>, bool, bool) {
    rs.iter()
        .find(|r| r.0 == text)
        .unwrap_or_else(|| panic!("no run {text:?} in {rs:?}"))
}

#[test]
fn docx_fonts_and_sizes_of_each_block() {
    let bytes = std::fs::read(&built().docx).unwrap();
    let styles = zip_part(&bytes, "word/styles.xml").unwrap();
    assert!(
        styles.contains("w:ascii=\"Times New Roman\""),
        "Times New Roman named"
    );
    let rs = runs(&bytes);
    // Profile 14: Quốc hiệu and agency 13 pt, Tiêu ngữ 14, số 13, date 14 italic.
    assert_eq!(run_with(&rs, vanban::ground::nd30::QUOC_HIEU).1, Some(26));
    assert!(run_with(&rs, vanban::ground::nd30::QUOC_HIEU).2);
    assert_eq!(run_with(&rs, vanban::ground::nd30::TIEU_NGU).1, Some(28));
    assert_eq!(run_with(&rs, "ỦY BAN NHÂN DÂN").1, Some(26));
    assert!(run_with(&rs, "ỦY BAN NHÂN DÂN").2);
    assert_eq!(run_with(&rs, "Số: 696/KH-UBND").1, Some(26));
    let date = run_with(&rs, "Tây Ninh, ngày 06 tháng 3 năm 2025");
    assert_eq!((date.1, date.3), (Some(28), true));
    let title = run_with(&rs, "KẾ HOẠCH");
    assert_eq!((title.1, title.2), (Some(28), true));
    let label = run_with(&rs, "Nơi nhận:");
    assert_eq!((label.1, label.2, label.3), (Some(24), true, true));
    assert_eq!(run_with(&rs, "- Bộ Nội vụ;").1, Some(22));
    assert_eq!(run_with(&rs, "7").1, Some(22));
    let signer = run_with(&rs, "KT. CHỦ TỊCH");
    assert_eq!((signer.1, signer.2), (Some(28), true));
    assert!(run_with(&rs, "Nguyễn Hồng Thanh").2);
    let bold = run_with(&rs, "chậm nhất 28/3/2025");
    assert!(bold.2, "source bold span stays bold");
    let italic = run_with(
        &rs,
        "Dân biết, dân bàn, dân làm, dân kiểm tra, giám sát, dân thụ hưởng",
    );
    assert!(italic.3, "source italic span stays italic");
}

#[test]
fn docx_parts_are_schema_valid() {
    let bytes = std::fs::read(&built().docx).unwrap();
    let errors = support::ooxml::schema_errors(&bytes);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn a_part_the_schema_check_knows_no_schema_of_is_an_error() {
    use std::io::Write;
    let bytes = std::fs::read(&built().docx).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        out.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
    }
    out.start_file("word/people.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(b"<?xml version=\"1.0\"?><people/>").unwrap();
    let with_extra = out.finish().unwrap().into_inner();
    let errors = support::ooxml::schema_errors(&with_extra);
    assert_eq!(
        errors,
        vec!["word/people.xml: no schema to check this part against".to_string()]
    );
}

#[test]
fn pdf_is_a4_with_embedded_fonts() {
    let pdf = &built().pdf;
    let pages = pdf_pages(pdf);
    assert!(pages >= 3, "KH 696 runs to several pages, got {pages}");
    // Every page, not only the first: `pdfinfo -f 1 -l N` prints one size line per page.
    let out = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", &pages.to_string()])
        .arg(pdf)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let sizes: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .collect();
    assert_eq!(sizes.len(), pages as usize, "{text}");
    for line in sizes {
        let v: Vec<f64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (w, h) = (v[v.len() - 2], v[v.len() - 1]);
        assert!(
            (w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5,
            "not A4: {line}"
        );
    }
    // pdffonts: name type encoding emb sub uni object ID; "emb" must be "yes" on every row.
    let out = std::process::Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "a font is not embedded: {row}");
    }
    let faces: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, f)| f))
        .collect();
    assert!(
        faces.contains(&"LiberationSerif")
            && faces.contains(&"LiberationSerif-Bold")
            && faces.contains(&"LiberationSerif-Italic"),
        "regular, bold and italic faces expected:\n{text}"
    );
}

#[test]
fn pdf_page_numbers_start_on_page_two_and_quoc_hieu_is_one_line() {
    let first = pdf_text(&built().pdf, Some(1), true);
    let top = first.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        top.trim().parse::<u32>().is_err(),
        "page 1 starts with a page number: {top}"
    );
    assert!(
        first
            .lines()
            .any(|l| l.contains(vanban::ground::nd30::QUOC_HIEU)),
        "Quốc hiệu wraps:\n{first}"
    );
    assert!(
        first
            .lines()
            .any(|l| l.contains("Số: 696/KH-UBND")
                && l.contains("Tây Ninh, ngày 06 tháng 3 năm 2025")),
        "ô 3 and ô 4 not on one line"
    );
    let second = pdf_text(&built().pdf, Some(2), true);
    let top2 = second.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert_eq!(top2.trim(), "2");
}

#[test]
fn builds_are_byte_identical() {
    let ws = sample_workspace("determinism");
    let out = build::run(&ws, &only_kh696(), &|_: &std::path::Path| {});
    assert!(out.errors.is_empty());
    for ext in ["docx", "pdf"] {
        let a = std::fs::read(ws.join(format!("output/ubnd-tinh/ke-hoach.{ext}"))).unwrap();
        let b = std::fs::read(built().docx.with_extension(ext)).unwrap();
        assert!(a == b, "{ext} differs between two builds");
    }
}

/// Lengths (mm) of the rules drawn as bottom borders, in document order: agency, Tiêu ngữ,
/// trích yếu. Each is its cell (or the text block) minus the paragraph's indents.
#[test]
fn docx_rules_have_the_measured_lengths() {
    use vanban::ground::fonts::{Face, FontSet};
    let bytes = std::fs::read(&built().docx).unwrap();
    let doc = zip_part(&bytes, "word/document.xml").unwrap();
    let tw = |v: &str| v.parse::<f64>().unwrap() * 25.4 / 1440.0;
    let cols: Vec<f64> = doc
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .take(2)
        .map(|c| tw(c.split('"').next().unwrap()))
        .collect();
    let pad = tw(doc
        .split("<w:tblCellMar>")
        .nth(1)
        .unwrap()
        .split("<w:left w:w=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap());
    let rules: Vec<f64> = doc
        .split("<w:p>")
        .filter(|p| p.contains("<w:pBdr>"))
        .map(|p| {
            let ind = p.split("<w:ind ").nth(1).unwrap();
            let side = |k: &str| {
                tw(ind
                    .split(&format!("w:{k}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap())
            };
            side("left") + side("right")
        })
        .collect();
    assert_eq!(rules.len(), 3, "agency, Tiêu ngữ and trích yếu rules");
    let fonts = FontSet::bundled();
    let agency_len = cols[0] - 2.0 * pad - rules[0];
    let agency_text = fonts.width_mm("ỦY BAN NHÂN DÂN", Face::Bold, 13.0);
    assert!(
        agency_len >= agency_text / 3.0 - 0.2 && agency_len <= agency_text / 2.0 + 0.2,
        "{agency_len} vs {agency_text}"
    );
    let tieu_ngu = cols[1] - 2.0 * pad - rules[1];
    assert!(
        (tieu_ngu - 60.5).abs() < 1.0,
        "Tiêu ngữ rule {tieu_ngu} mm, spec 60.5 mm at 14 pt"
    );
    let summary = 165.0 - rules[2];
    assert!(
        (165.0 / 3.0..=165.0 / 2.0).contains(&summary),
        "trích yếu rule {summary} mm"
    );
}

/// The same rules in the PDF, measured on a 300 dpi rendering of page 1: every horizontal
/// dark run longer than 10 mm is a rule (letters are far shorter).
#[test]
fn pdf_rules_have_the_measured_lengths() {
    let dir = temp_dir("raster");
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "300", "-f", "1", "-l", "1"])
        .arg(&built().pdf)
        .arg(dir.join("p"))
        .status()
        .expect("pdftoppm (poppler-utils) must be installed: see .ci/run");
    assert!(status.success());
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let data = std::fs::read(file).unwrap();
    // Binary PGM: "P5\n<w> <h>\n255\n" then w*h bytes.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..pos]).to_string());
    }
    pos += 1;
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = &data[pos..pos + w * h];
    let mm = |n: usize| n as f64 * 25.4 / 300.0;
    // (last row, first x, length) of each stroke; pixel rows of one stroke count once.
    let mut rules: Vec<(usize, usize, f64)> = Vec::new();
    for y in 0..h / 3 {
        let row = &px[y * w..(y + 1) * w];
        let mut x = 0;
        while x < w {
            if row[x] >= 128 {
                x += 1;
                continue;
            }
            let start = x;
            while x < w && row[x] < 128 {
                x += 1;
            }
            let len = mm(x - start);
            if len <= 10.0 {
                continue;
            }
            match rules
                .iter_mut()
                .find(|r| y - r.0 <= 3 && r.1.abs_diff(start) <= 3)
            {
                Some(r) => {
                    r.0 = y;
                    r.2 = r.2.max(len);
                }
                None => rules.push((y, start, len)),
            }
        }
    }
    let lens: Vec<f64> = rules.iter().map(|r| r.2).collect();
    assert_eq!(lens.len(), 3, "agency, Tiêu ngữ, trích yếu rules: {lens:?}");
    // Sorted by position: agency and Tiêu ngữ share a row band, the trích yếu rule is lower.
    let mut top = lens[..2].to_vec();
    top.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert!((top[1] - 60.5).abs() < 1.0, "Tiêu ngữ rule {} mm", top[1]);
    let agency_text = vanban::ground::fonts::FontSet::bundled().width_mm(
        "ỦY BAN NHÂN DÂN",
        vanban::ground::fonts::Face::Bold,
        13.0,
    );
    assert!(
        top[0] >= agency_text / 3.0 - 0.5 && top[0] <= agency_text / 2.0 + 0.5,
        "agency rule {}",
        top[0]
    );
    assert!(
        (165.0 / 3.0..=165.0 / 2.0).contains(&lens[2]),
        "trích yếu rule {}",
        lens[2]
    );
}
