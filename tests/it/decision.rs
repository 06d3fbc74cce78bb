//! A decision written as data (issue 19): authority line, căn cứ, "QUYẾT ĐỊNH:", articles
//! with khoản, and the regulation it issues with its own heading, its chapters and the score
//! sheet's table printed from the same `bang-diem.yaml` the dossiers are scored against.
//! Made from Quảng Bình's Quyết định 2964/QĐ-UBND (tests/workspaces/qd-quang-binh/README.md).

use crate::support;

use support::*;
use vanban::build::{self, Options};

fn built(tag: &str) -> std::path::PathBuf {
    let ws = example_workspace("qd-quang-binh", tag);
    let out = build::run(&ws, &Options::default(), &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    ws
}

#[test]
fn a_decision_from_data_has_its_articles_and_the_regulation_it_issues() {
    let ws = built("qd");
    let pdf = ws.join("output/ubnd-tinh/quyet-dinh.pdf");
    let text = squash(&pdf_text(&pdf, None, false));
    // In order: authority, căn cứ, the centred "QUYẾT ĐỊNH:", the three articles (untitled,
    // label bold in the DOCX), the regulation's heading, chapters, articles numbered afresh.
    let expected = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
        "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ",
        "tại Công văn số 840/SNV-XDCQ&TCBC ngày 28/6/2019.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy định tiêu chí",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "chịu trách nhiệm thi hành Quyết định này./.",
        // The regulation repeats the header block (Mẫu 1.3), without number and date.
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "QUY ĐỊNH",
        "Tiêu chí, thang điểm và phương pháp đánh giá công tác dân vận",
        "(Kèm theo Quyết định số 2964/QĐ-UBND ngày 02 tháng 8 năm 2019 của Ủy ban nhân dân tỉnh Quảng Bình)",
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng",
        "1. Quy định này quy định tiêu chí",
        "2. Áp dụng đối với",
        "Chương II",
        "Điều 2. Tiêu chí và thang điểm",
        "STT Tiêu chí Điểm tối đa Cách chấm điểm",
        "I. Lãnh đạo, chỉ đạo, tổ chức thực hiện (15 điểm)",
        "Cộng điểm các tiêu chí 100",
        "Điểm thưởng (tối đa 5 điểm)",
        "Điểm trừ (tối đa 20 điểm)",
        "Xếp loại:",
        "- Tốt: từ 90 điểm trở lên, không có nhóm tiêu chí nào 0 điểm, không bị trừ điểm vì vi phạm quy chế dân chủ bị cấp có thẩm quyền kết luận;",
        "- Khá: từ 70 điểm đến dưới 90 điểm;",
        "- Yếu: dưới 50 điểm.",
    ];
    let mut at = 0;
    for e in expected {
        let e = squash(e);
        let found = text[at..]
            .find(&e)
            .unwrap_or_else(|| panic!("missing after {at}: {e}\n{}", &text[at..]));
        at += found + e.len();
    }
    let regulation = text
        .rfind(&squash("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        .unwrap();
    let heading_end = text.find(&squash("Chương I")).unwrap();
    assert!(regulation < heading_end);
    let head = &text[regulation..heading_end];
    assert!(!head.contains("Số:"), "no number on the regulation: {head}");
    assert!(
        !head.contains(&squash("Quảng Bình, ngày")),
        "no date line: {head}"
    );
    // Every criterion of the sheet is in the table with its maximum and how it is scored.
    let sheet = std::fs::read_to_string(ws.join("data/bang-diem.yaml")).unwrap();
    let names: Vec<&str> = sheet
        .lines()
        .filter(|l| l.starts_with(' '))
        .filter_map(|l| l.trim().strip_prefix("ten: "))
        .collect();
    assert!(names.len() >= 25, "{names:?}");
    for n in names {
        assert!(text.contains(&squash(n)), "{n}");
    }
    assert!(text.contains(&squash(
        "Đúng hạn: 5; trễ hạn: 3; trễ trên 30 ngày: 1; không ban hành: 0"
    )));
    // Nothing the data did not give: no report or plan sentence.
    for stock in [
        "Trên đây là",
        "Nơi nhận:Nơi nhận",
        "báo cáo kết quả",
        "không phát sinh",
    ] {
        assert!(!text.contains(&squash(stock)), "{stock}");
    }
}

/// The DOCX: the untitled article's label is bold and its text plain, the regulation is a
/// landscape section of its own, and LibreOffice paginates it as our PDF.
#[test]
fn the_decision_s_docx_has_bold_labels_and_paginates_as_our_pdf() {
    let ws = built("qd-docx");
    let docx = ws.join("output/ubnd-tinh/quyet-dinh.docx");
    let xml = zip_part(&std::fs::read(&docx).unwrap(), "word/document.xml").unwrap();
    let label = xml.find(">Điều 1. </w:t>").expect("label run");
    let run_start = xml[..label].rfind("<w:r>").unwrap();
    assert!(xml[run_start..label].contains("<w:b/>"), "label not bold");
    let text_at = xml.find(">Ban hành kèm theo Quyết định này").unwrap();
    let run_start = xml[..text_at].rfind("<w:r>").unwrap();
    assert!(
        !xml[run_start..text_at].contains("<w:b/>"),
        "article text bold"
    );
    assert!(
        xml.contains("w:orient=\"landscape\""),
        "the regulation is landscape"
    );
    // Its header block: a second one, after the section break, without a number row; on the
    // landscape page an empty middle column keeps its two columns at the text's edges.
    let rest = &xml[xml
        .find("</w:sectPr>")
        .expect("the main text's section ends")..];
    assert_eq!(
        xml.matches(">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<").count(),
        2
    );
    let table = &rest[rest.find("<w:tbl>").unwrap()..rest.find("</w:tbl>").unwrap()];
    assert!(
        table.contains(">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<"),
        "{table}"
    );
    assert!(!table.contains("Số:"), "{table}");
    assert_eq!(table.matches("<w:gridCol ").count(), 3, "{table}");
    let errors = support::ooxml::schema_errors(&std::fs::read(&docx).unwrap());
    assert!(errors.is_empty(), "{errors:#?}");
    let lo = soffice(&ws, "pdf", &[docx]);
    let ours = pdf_pages(&ws.join("output/ubnd-tinh/quyet-dinh.pdf"));
    assert_eq!(pdf_pages(&lo.join("quyet-dinh.pdf")), ours);
}

/// A regulation of an unknown type is an error at its line.
#[test]
fn an_unknown_regulation_type_is_an_error_at_its_line() {
    let ws = example_workspace("qd-quang-binh", "qd-loai");
    let f = ws.join("data/ubnd-tinh/quyet-dinh.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace("quy_dinh:\n", "quy_dinh:\n  loai: quy-dinhh\n"),
    )
    .unwrap();
    let out = build::run(&ws, &Options::default(), &|_: &std::path::Path| {});
    let e = out
        .errors
        .iter()
        .find(|e| e.message.contains("quy-dinhh"))
        .unwrap_or_else(|| panic!("{:#?}", out.errors));
    let line = text.lines().position(|l| l == "quy_dinh:").unwrap() as u64 + 2;
    assert_eq!(e.line, line, "{e:?}");
}

/// The README's decision example builds without a warning: every field it writes is read
/// (a false warning once advised deleting `tham_quyen`, and the authority line with it).
#[test]
fn no_warning_names_a_field_the_decision_prints() {
    let ws = example_workspace("qd-quang-binh", "qd-warnings");
    let out = build::run(&ws, &Options::default(), &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let named: Vec<String> = out
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("không dùng"))
        .collect();
    assert!(named.is_empty(), "{named:#?}");
}

/// Without `tham_quyen`, the authority line is the collective a TM. signer signs for, or the
/// head who decides with the agency's name: never "CHỦ TỊCH" of an agency that has none.
#[test]
fn the_authority_line_follows_the_signer() {
    let ws = example_workspace("qd-quang-binh", "qd-tham-quyen");
    let f = ws.join("data/ubnd-tinh/quyet-dinh.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace("tham_quyen: Ủy ban nhân dân tỉnh Quảng Bình\n", ""),
    )
    .unwrap();
    let authority = |ws: &std::path::Path| {
        let out = build::run(ws, &Options::default(), &|_: &std::path::Path| {});
        assert!(out.errors.is_empty(), "{:#?}", out.errors);
        let text = pdf_text(&ws.join("output/ubnd-tinh/quyet-dinh.pdf"), None, false);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let at = lines.iter().position(|l| l.starts_with("Căn cứ")).unwrap();
        lines[at - 1].to_string()
    };
    // TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH: the collective decides.
    assert_eq!(authority(&ws), "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH");
    // KT. CHỦ TỊCH alone: the chairman decides.
    let co_quan = ws.join("data/ubnd-tinh/co-quan.yaml");
    let text = std::fs::read_to_string(&co_quan).unwrap();
    std::fs::write(
        &co_quan,
        text.replace("    thay_mat: Ủy ban nhân dân\n", ""),
    )
    .unwrap();
    assert_eq!(authority(&ws), "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH");
    // A Sở's director signing himself: the director decides.
    let text = std::fs::read_to_string(&co_quan).unwrap();
    let director = text
        .replace(
            "ten_day_du: Ủy ban nhân dân tỉnh Quảng Bình",
            "ten_day_du: Sở Nội vụ tỉnh Quảng Bình",
        )
        .replace(
            "    quyen_han: KT.\n    chuc_vu_thu_truong: Chủ tịch\n    chuc_vu: Phó Chủ tịch\n",
            "    chuc_vu: Giám đốc\n",
        );
    assert_ne!(director, text);
    std::fs::write(&co_quan, director).unwrap();
    assert_eq!(authority(&ws), "GIÁM ĐỐC SỞ NỘI VỤ TỈNH QUẢNG BÌNH");
}
