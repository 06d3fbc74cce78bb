//! Property: any text a user writes reaches both outputs exactly as written, or gets an
//! error at its place. Random strings are drawn from every character the bundled font
//! covers (Latin, Vietnamese, Greek, Cyrillic, punctuation and symbols), with ASCII
//! punctuation over-weighted so that Markdown, Typst and Tera syntax come up often, plus
//! control characters. Deterministic (fixed seeds), so a failure reproduces.

use crate::support;

use std::path::Path;

use support::*;
use unicode_normalization::UnicodeNormalization;
use vanban::build::{self, Options};

const AGENCY: &str = "ten: [SỞ NỘI VỤ]\nten_day_du: Sở Nội vụ tỉnh Tây Ninh\nky_hieu: SNV\ndia_danh: Tây Ninh\nnguoi_ky:\n  - ma: gd\n    chuc_vu: Giám đốc\n    ho_ten: Trần Văn An\n";

use vanban::synth::Rng;

/// Characters the bundled regular face maps, that stand for themselves in text: not
/// controls, spaces, format characters, combining marks, or characters NFC rewrites.
fn font_alphabet() -> Vec<char> {
    let fonts = vanban::ground::fonts::FontSet::for_workspace(Path::new("/nonexistent")).unwrap();
    let face = ttf_parser::Face::parse(&fonts.faces[0], 0).unwrap();
    let mut chars = Vec::new();
    for sub in face.tables().cmap.unwrap().subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            if let Some(c) = char::from_u32(cp) {
                chars.push(c);
            }
        });
    }
    chars.sort_unstable();
    chars.dedup();
    // Left-to-right scripts and common symbols (right-to-left text comes back reordered
    // from pdftotext; private-use code points are no text).
    chars.retain(|&c| {
        let cp = c as u32;
        cp < 0x0590 || (0x1E00..0x1F00).contains(&cp) || "‘’“”–—…•†‡‰‹›€₫№™←→↑↓∑√∞≈≠≤≥".contains(c)
    });
    chars.retain(|&c| {
        !c.is_control()
            && !c.is_whitespace()
            && c != '\u{AD}'
            && c != '*'
            && !unicode_normalization::char::is_combining_mark(c)
            && c.to_string().nfc().eq(std::iter::once(c))
    });
    chars
}

fn random_text(rng: &mut Rng, alphabet: &[char], len: usize) -> String {
    const SYNTAX: &[char] = &[
        '#', '[', ']', '^', '_', '`', '$', '{', '}', '%', '<', '>', '|', '\\', '@', '!', '&', '=',
        ':', '-', '+', '~', '"', '\'',
    ];
    let mut s = String::new();
    for i in 0..len {
        let c = match rng.below(10) {
            0..=1 => SYNTAX[rng.below(SYNTAX.len())],
            2 if i > 0 => ' ',
            _ => alphabet[rng.below(alphabet.len())],
        };
        s.push(c);
    }
    // A footnote reference is markup by design; keep random text from forming one.
    s.replace("[^", "[ ^").trim().to_string()
}

/// The control characters a DOCX cannot hold (tab, line feed, carriage return and NEL are
/// whitespace YAML itself handles).
fn controls() -> Vec<char> {
    (0u32..0x20)
        .chain(0x7F..0xA0)
        .filter_map(char::from_u32)
        .filter(|c| !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
        .collect()
}

fn document(paragraphs: &[String]) -> String {
    let mut s = String::from(
        "loai: ke-hoach\nmau: van-ban\nso: 5\nngay: 2025-03-20\ntrich_yeu: Thử văn bản\nmo_dau:\n",
    );
    for p in paragraphs {
        s.push_str(&format!("  - {}\n", vanban::synth::yaml_quote(p)));
    }
    s.push_str("ket_luan: Trên đây là kế hoạch\nnguoi_ky: gd\nnoi_nhan: [Sở Nội vụ]\n");
    s
}

#[test]
fn random_text_reaches_both_outputs_literally() {
    let alphabet = font_alphabet();
    assert!(
        alphabet.len() > 500,
        "font alphabet of {} characters",
        alphabet.len()
    );
    assert!(alphabet.contains(&'ự') && alphabet.contains(&'Ж') && alphabet.contains(&'λ'));
    let ws = temp_dir("property");
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    std::fs::write(ws.join("data/snv/co-quan.yaml"), AGENCY).unwrap();
    let mut rng = Rng(7);
    let fixed = [
        "#set text(fill: red) #let x = 1 $x^2$ {{ doc.so }} {% raw %} <b>đậm</b>",
        "7*7 = 49; a*b*c; 100% đạt; `mã` _x_ ~~y~~ [liên kết](http://x) \\n",
        "- không phải gạch đầu dòng; 1. không phải số thứ tự; # không phải tiêu đề",
    ];
    let mut all = Vec::new();
    for doc_no in 0..24 {
        let mut paragraphs: Vec<String> = (0..8)
            .map(|_| {
                let len = 1 + rng.below(60);
                random_text(&mut rng, &alphabet, len)
            })
            .filter(|p| !p.is_empty())
            .collect();
        if doc_no == 0 {
            paragraphs.extend(fixed.iter().map(|s| s.to_string()));
        }
        std::fs::write(
            ws.join(format!("data/snv/vb-{doc_no:02}.yaml")),
            document(&paragraphs),
        )
        .unwrap();
        all.push(paragraphs);
    }
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(
        out.errors.is_empty(),
        "{:#?}",
        &out.errors[..out.errors.len().min(3)]
    );
    for (doc_no, paragraphs) in all.iter().enumerate() {
        let stem = ws.join(format!("output/snv/vb-{doc_no:02}"));
        let docx = std::fs::read(stem.with_extension("docx")).unwrap();
        let docx_text =
            squash(&docx_paragraphs(&zip_part(&docx, "word/document.xml").unwrap()).join(" "));
        let pdf_text = squash(&pdf_text(&stem.with_extension("pdf"), None, false));
        for p in paragraphs {
            let want = squash(p);
            assert!(docx_text.contains(&want), "DOCX vb-{doc_no:02} lacks {p:?}");
            assert!(pdf_text.contains(&want), "PDF vb-{doc_no:02} lacks {p:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn control_characters_in_random_text_are_errors_at_their_place() {
    let ws = temp_dir("property-ctl");
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    std::fs::write(ws.join("data/snv/co-quan.yaml"), AGENCY).unwrap();
    let mut rng = Rng(11);
    let controls = controls();
    for (i, &c) in controls.iter().enumerate() {
        let len = 5 + rng.below(10);
        let before = random_text(&mut rng, &['a', 'ă', 'Đ', ' ', 'x'], len);
        let text = format!("{before}{c}z");
        // Written raw into the file, as pasted text would be.
        let file = format!("mo_dau:\n  - \"{}\"\n", text.replace('"', "'"));
        let path = ws.join(format!("data/snv/ctl-{i:02}.yaml"));
        std::fs::write(
            &path,
            format!("loai: ke-hoach\nmau: van-ban\nso: 1\nngay: 2025-03-20\n{file}nguoi_ky: gd\n"),
        )
        .unwrap();
    }
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.written.is_empty(), "{:?}", out.written);
    for (i, &c) in controls.iter().enumerate() {
        let name = format!("ctl-{i:02}.yaml");
        let hit = out.errors.iter().find(|e| {
            e.file.ends_with(&name)
                && e.line == 6
                && e.message.contains(&format!("U+{:04X}", c as u32))
        });
        assert!(
            hit.is_some(),
            "U+{:04X} in {name}: {:#?}",
            c as u32,
            out.errors
                .iter()
                .filter(|e| e.file.ends_with(&name))
                .collect::<Vec<_>>()
        );
    }
    let _ = std::fs::remove_dir_all(&ws);
}

/// A control character written as a YAML escape of a double-quoted string, in one of the
/// forms YAML reads (`\v`, `\x0B`, `\u000B`).
fn escape_of(rng: &mut Rng, c: char) -> String {
    let short = match c {
        '\0' => Some("\\0"),
        '\u{07}' => Some("\\a"),
        '\u{08}' => Some("\\b"),
        '\u{1B}' => Some("\\e"),
        '\u{0C}' => Some("\\f"),
        '\u{0B}' => Some("\\v"),
        _ => None,
    };
    let cp = c as u32;
    match (rng.below(3), short) {
        (0, Some(s)) => s.to_string(),
        (1, _) if cp < 0x100 => format!("\\x{cp:02x}"),
        _ => format!("\\u{cp:04X}"),
    }
}

#[test]
fn escaped_control_characters_are_errors_at_their_escape() {
    let ws = temp_dir("property-esc");
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    std::fs::write(ws.join("data/snv/co-quan.yaml"), AGENCY).unwrap();
    let mut rng = Rng(13);
    let controls = controls();
    let mut cols = Vec::new();
    for (i, &c) in controls.iter().enumerate() {
        let len = 3 + rng.below(10);
        // Inside double quotes, `\\` and `"` are syntax of their own.
        let before =
            random_text(&mut rng, &['a', 'ă', 'Đ', ' ', 'x', 'ư'], len).replace(['\\', '"'], "-");
        let prefix = format!("  - \"{before}");
        cols.push(prefix.chars().count() as u64 + 1);
        let file = format!("mo_dau:\n{prefix}{}z\"\n", escape_of(&mut rng, c));
        std::fs::write(
            ws.join(format!("data/snv/esc-{i:02}.yaml")),
            format!("loai: ke-hoach\nmau: van-ban\nso: 1\nngay: 2025-03-20\n{file}nguoi_ky: gd\n"),
        )
        .unwrap();
    }
    let out = build::run(&ws, &Options::default(), &|_: &Path| {});
    assert!(out.written.is_empty(), "{:?}", out.written);
    for (i, &c) in controls.iter().enumerate() {
        let name = format!("esc-{i:02}.yaml");
        let hit = out.errors.iter().find(|e| {
            e.file.ends_with(&name)
                && (e.line, e.col) == (6, cols[i])
                && e.message.contains(&format!("U+{:04X}", c as u32))
        });
        assert!(
            hit.is_some(),
            "U+{:04X} in {name} at 6:{}: {:#?}",
            c as u32,
            cols[i],
            out.errors
                .iter()
                .filter(|e| e.file.ends_with(&name))
                .collect::<Vec<_>>()
        );
    }
    let _ = std::fs::remove_dir_all(&ws);
}

#[test]
fn numbers_at_the_edges_are_read_as_written_or_refused_at_their_place() {
    let ws = temp_dir("property-num");
    std::fs::create_dir_all(ws.join("data/snv")).unwrap();
    let plan = std::fs::read_to_string(repo().join("data/tinh.yaml")).unwrap();
    let plan: String = plan
        .lines()
        .filter(|l| !l.starts_with("bang_diem_tep"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(ws.join("data/tinh.yaml"), plan).unwrap();
    std::fs::write(ws.join("data/snv/co-quan.yaml"), AGENCY).unwrap();
    // (as written, the value it means, or None when it must be refused)
    let cases: &[(&str, Option<u64>)] = &[
        ("0", Some(0)),
        ("05", Some(5)),
        ("007", Some(7)),
        ("999999999999", Some(999_999_999_999)),
        ("\"12\"", Some(12)),
        ("1000000000000", None),
        ("9223372036854775808", None),
        ("18446744073709551615", None),
        ("100000000000000000000", None),
        ("-1", None),
        ("0x10", None),
        ("0o17", None),
        ("0b11", None),
        ("2_214", None),
        ("1.5", None),
        ("1.073", None),
        ("1e3", None),
        (".inf", None),
        ("mười", None),
    ];
    for (i, (v, _)) in cases.iter().enumerate() {
        std::fs::write(
            ws.join(format!("data/snv/bc-{i:02}.yaml")),
            format!(
                "loai: bao-cao\nmau: bao-cao-nam\nso: 1\nngay: 2025-10-20\nso_lieu:\n  cuoc_kiem_tra: {v}\nnguoi_ky: gd\n"
            ),
        )
        .unwrap();
    }
    let check = Options {
        formats: vec![],
        ..Options::default()
    };
    let out = build::run(&ws, &check, &|_: &Path| {});
    for (i, (v, want)) in cases.iter().enumerate() {
        let name = format!("bc-{i:02}.yaml");
        let errs: Vec<_> = out
            .errors
            .iter()
            .filter(|e| e.file.ends_with(&name))
            .collect();
        match want {
            Some(_) => assert!(errs.is_empty(), "`{v}` refused: {errs:#?}"),
            None => assert!(
                errs.iter().any(|e| (e.line, e.col) == (6, 18)),
                "`{v}` not refused at 6:18: {errs:#?}"
            ),
        }
    }
    // What is read is the number as written, printed the Vietnamese way.
    let pdf_only = Options {
        formats: vec![vanban::render::Format::Pdf],
        documents: vec!["bc-01".into(), "bc-03".into()],
        ..Options::default()
    };
    let out = build::run(&ws, &pdf_only, &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let five = squash(&pdf_text(&ws.join("output/snv/bc-01.pdf"), None, false));
    assert!(five.contains(&squash("Tổ chức 5 cuộc kiểm tra")), "{five}");
    let max = squash(&pdf_text(&ws.join("output/snv/bc-03.pdf"), None, false));
    assert!(
        max.contains(&squash("Tổ chức 999.999.999.999 cuộc kiểm tra")),
        "{max}"
    );
    let _ = std::fs::remove_dir_all(&ws);
}
