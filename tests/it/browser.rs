//! The clerk's path, in a real browser (headless Chromium through WebDriver): open the
//! agency's link, fill in the annual report's figures and a prose section, meet a part >
//! whole error beside its field, fix it, save, preview, send; then one criterion of the
//! dossier. Checked on disk (the YAML), in the PDF's text and in `vanban status`.
//!
//! With `VANBAN_ANH=<folder>` it also saves the screenshots the README shows.

use crate::support;

use std::path::Path;

use support::webdriver::{serve, Browser};
use support::*;

const AGENCY: &str = "so-tu-phap";

fn vanban(args: &[&str]) -> String {
    run_vanban(args)
}

fn shot(b: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("VANBAN_ANH") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), b.screenshot())
            .expect("screenshot written");
    }
}

#[test]
fn a_clerk_fills_in_fixes_previews_and_sends_the_annual_report_and_a_criterion() {
    let ws = sample_workspace("browser");
    let w = ws.to_str().expect("utf-8 path");
    // The report is not written yet: the clerk starts from an empty form.
    std::fs::remove_file(ws.join(format!("data/{AGENCY}/bao-cao-nam.yaml"))).unwrap();
    let printed = vanban(&["lien-ket", "-w", w, "-a", AGENCY]);
    let link_path = printed
        .lines()
        .find(|l| l.starts_with(AGENCY))
        .and_then(|l| l.find("/vao/").map(|i| l[i..].trim().to_string()))
        .expect("a link");
    let (_server, base) = serve(&ws);
    let b = Browser::start(&ws);

    // The link opens the agency's page.
    b.goto(&format!("{base}{link_path}"));
    assert!(
        b.url().ends_with(&format!("/co-quan/{AGENCY}")),
        "{}",
        b.url()
    );
    assert!(b.text("h1").contains("Sở Tư pháp"));
    assert!(b.text("#vb-bao-cao-nam .state").contains("chưa có"));
    shot(&b, "1-trang-co-quan");

    // The annual report: header, figures, one prose section.
    b.click_to_page("#vb-bao-cao-nam a");
    b.type_into("#f-so", "301");
    b.type_into("#f-ngay", "20/10/2025");
    b.type_into("[id='f-so_lieu/cbccvc']", "63");
    b.type_into("[id='f-so_lieu/cbccvc_quan_triet']", "70");
    b.type_into("[id='f-so_lieu/tthc_giai_quyet']", "9430");
    b.type_into("[id='f-so_lieu/tthc_dung_han']", "9397");
    // Part > whole shows beside the field as it is typed, and the rate of a good part.
    let err = "[id='loi-so_lieu/cbccvc_quan_triet']";
    assert!(b.displayed(err), "no live error");
    assert!(b.text(err).contains("Lớn hơn"), "{}", b.text(err));
    // 9.397 / 9.430 = 99,65…%: the report prints "99,7%", and so does the form.
    assert_eq!(b.text("output[data-rate-of='tthc_dung_han']"), "= 99,7%");
    b.type_into(
        "#f-dac_diem",
        "Sở có 05 phòng chuyên môn và 02 đơn vị sự nghiệp.",
    );
    b.click_to_page("#van-ban button[type=submit]");
    // The server refuses it with the error beside the field; nothing typed is lost.
    assert!(b.displayed(err));
    assert!(b.text(err).contains("lớn hơn"), "{}", b.text(err));
    assert_eq!(b.value("[id='f-so_lieu/cbccvc_quan_triet']"), "70");
    assert!(b.value("#f-dac_diem").contains("05 phòng chuyên môn"));
    assert!(
        !ws.join(format!("data/{AGENCY}/bao-cao-nam.yaml")).exists(),
        "an invalid report was written"
    );
    shot(&b, "2-loi-canh-o-nhap");
    // The list of errors has the focus; its link puts the cursor in the field at fault,
    // which is marked for assistive technology.
    let active = "return document.activeElement.id || document.activeElement.className;";
    assert_eq!(
        b.script(active, serde_json::json!([])),
        serde_json::json!("errors summary")
    );
    b.click(".errors.summary a[href='#f-so_lieu/cbccvc_quan_triet']");
    assert_eq!(
        b.script(active, serde_json::json!([])),
        serde_json::json!("f-so_lieu/cbccvc_quan_triet")
    );
    assert_eq!(
        b.script(
            "return document.activeElement.getAttribute('aria-invalid');",
            serde_json::json!([])
        ),
        serde_json::json!("true")
    );
    b.type_into("[id='f-so_lieu/cbccvc_quan_triet']", "60");
    assert!(!b.displayed(err), "the fixed error still shows");
    b.click_to_page("#van-ban button[type=submit]");
    assert!(b.text("p.ok").contains("Đã lưu"));

    // Preview, then send.
    b.click_to_page("p.actions a[href$='/xem']");
    assert!(b.url().ends_with("/bao-cao-nam/xem"));
    // The real pages, as images of the same layout as the PDF.
    b.find("img.page");
    assert!(
        b.wait_for("const i = document.querySelector('img.page'); return i.complete && i.naturalWidth > 0;"),
        "the first page image did not load"
    );
    shot(&b, "3-xem-truoc");
    // Sending asks first: without the box ticked, the browser keeps the page.
    b.script("window.__old_page = true;", serde_json::json!([]));
    b.click("form.send button");
    assert_eq!(
        b.script("return window.__old_page === true;", serde_json::json!([])),
        serde_json::json!(true),
        "sent without the confirmation"
    );
    b.click("#xac-nhan");
    b.click_to_page("form.send button");
    let today = vanban::campaign::dates::today();
    // Pages write days as dd/mm/yyyy; the status file as the decree's short form.
    let shown = vanban::ground::nd30::short_date(today);
    let on_page = today.format("%d/%m/%Y").to_string();
    assert!(
        b.text("main")
            .contains("Đã gửi. Sở Nội vụ nhận đúng bản dưới đây")
            && b.text("main").contains(&format!("ngày {on_page}")),
        "{}",
        b.text("main")
    );

    // On disk: the YAML a person would write.
    let yaml = std::fs::read_to_string(ws.join(format!("data/{AGENCY}/bao-cao-nam.yaml"))).unwrap();
    assert_eq!(
        yaml,
        format!(
            "so: 301\nngay: 2025-10-20\nso_lieu:\n  cbccvc: 63\n  cbccvc_quan_triet: 60\n  tthc_giai_quyet: 9430\n  tthc_dung_han: 9397\ndac_diem:\n  - Sở có 05 phòng chuyên môn và 02 đơn vị sự nghiệp.\nngay_gui: {}\n",
            today.format("%Y-%m-%d")
        )
    );
    // In the PDF the build makes, and in the status.
    vanban(&[
        "build",
        "-w",
        w,
        "-a",
        AGENCY,
        "-d",
        "bao-cao-nam",
        "-f",
        "pdf",
    ]);
    let text = squash(&pdf_text(
        &ws.join(format!("output/{AGENCY}/bao-cao-nam.pdf")),
        None,
        false,
    ));
    assert!(
        text.contains(&squash("Sở có 05 phòng chuyên môn và 02 đơn vị sự nghiệp.")),
        "{text}"
    );
    assert!(text.contains("60"), "{text}");
    let csv = ws.join("gui.csv");
    vanban(&["status", "-w", w, "--csv", csv.to_str().unwrap()]);
    let row = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .find(|l| l.starts_with(AGENCY))
        .map(str::to_string)
        .unwrap();
    assert!(row.contains(&shown), "sent today not in the status: {row}");

    // Edited after sending: Enter in a figure does not submit; the save is a draft; what
    // was sent, which the province sums, stays as sent.
    b.goto(&format!("{base}/co-quan/{AGENCY}/bao-cao-nam"));
    assert!(b.text("main").contains("bản nháp"), "{}", b.text("main"));
    b.script("window.__old_page = true;", serde_json::json!([]));
    b.type_into("[id='f-so_lieu/cbccvc_quan_triet']", "61\u{E007}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        b.script("return window.__old_page === true;", serde_json::json!([])),
        serde_json::json!(true),
        "Enter submitted the form"
    );
    b.click_to_page("#van-ban button[type=submit]");
    assert!(b.text("p.ok").contains("Đã lưu nháp"), "{}", b.text("main"));
    let draft =
        std::fs::read_to_string(ws.join(format!("data/{AGENCY}/bao-cao-nam.yaml"))).unwrap();
    assert!(
        draft.contains("cbccvc_quan_triet: 61") && !draft.contains("ngay_gui_lai"),
        "{draft}"
    );
    let (sent, _) = vanban::load::submissions::sendings(&ws, AGENCY, "bao-cao-nam");
    assert_eq!(sent.len(), 1);
    assert!(std::fs::read_to_string(sent[0].file())
        .unwrap()
        .contains("cbccvc_quan_triet: 60"));
    b.goto(&format!("{base}/co-quan/{AGENCY}"));
    assert!(
        b.text("main").contains("có thay đổi chưa gửi"),
        "{}",
        b.text("main")
    );
    // The history, from the agency's page: the change in the form's words, and the two
    // versions' pages side by side.
    b.click_to_page("a[href$='/lich-su']");
    let previous = b.script(
        "return document.querySelector('#tu-bao-cao-nam option:nth-last-child(2)').value;",
        serde_json::json!([]),
    );
    b.set("#tu-bao-cao-nam", previous.as_str().unwrap());
    b.click_to_page("#ls-bao-cao-nam button[type=submit]");
    let changes = b.text("#ls-bao-cao-nam .changes");
    assert!(changes.contains("60 → 61"), "{changes}");
    assert!(!changes.contains("cbccvc"), "{changes}");
    assert!(
        b.wait_for("const i = document.querySelectorAll('#ls-bao-cao-nam .two img'); return i.length >= 2 && [...i].every(x => x.complete && x.naturalWidth > 0);"),
        "the two versions' pages did not load"
    );
    shot(&b, "3b-lich-su");

    // One criterion of the dossier: the total follows the typing; saved; in the PDF.
    b.goto(&format!("{base}/co-quan/{AGENCY}/ho-so-cham-diem"));
    let before = b.text("#tong-diem");
    b.type_into("[id='f-cd/I.2/diem']", "4");
    let after = b.text("#tong-diem");
    let n = |s: &str| s.replace(',', ".").parse::<f64>().unwrap_or(f64::NAN);
    assert_eq!(n(&before) - n(&after), 1.0, "total {before} → {after}");
    assert!(!b.text("#xep-loai").is_empty());
    b.type_into(
        "[id='f-cd/I.2/giai_trinh']",
        "Hội nghị quán triệt tổ chức muộn 10 ngày.",
    );
    shot(&b, "4-ho-so-cham-diem");
    b.click_to_page("#van-ban button[type=submit]");
    assert!(b.text("p.ok").contains("Đã lưu"), "{}", b.text("main"));
    let dossier =
        std::fs::read_to_string(ws.join(format!("data/{AGENCY}/ho-so-cham-diem.yaml"))).unwrap();
    assert!(
        dossier.contains("I.2: { diem: 4, kiem_chung: [{ ten: \"Thông báo kết luận hội nghị quán triệt\", so: 51/TB-STP, ngay: 2025-03-12 }], giai_trinh: \"Hội nghị quán triệt tổ chức muộn 10 ngày.\" }"),
        "{dossier}"
    );
    vanban(&[
        "build",
        "-w",
        w,
        "-a",
        AGENCY,
        "-d",
        "ho-so-cham-diem",
        "-f",
        "pdf",
    ]);
    let text = squash(&pdf_text(
        &ws.join(format!("output/{AGENCY}/ho-so-cham-diem.pdf")),
        None,
        false,
    ));
    assert!(
        text.contains(&squash("Hội nghị quán triệt tổ chức muộn 10 ngày.")),
        "{text}"
    );
}

#[test]
fn a_plan_outline_is_built_with_the_row_buttons() {
    let ws = sample_workspace("browser-plan");
    let w = ws.to_str().expect("utf-8 path");
    let printed = vanban(&["lien-ket", "-w", w, "-a", AGENCY]);
    let link_path = printed
        .lines()
        .find(|l| l.starts_with(AGENCY))
        .and_then(|l| l.find("/vao/").map(|i| l[i..].trim().to_string()))
        .expect("a link");
    let (_server, base) = serve(&ws);
    let b = Browser::start(&ws);
    b.goto(&format!("{base}{link_path}"));
    b.goto(&format!("{base}/co-quan/{AGENCY}/ke-hoach"));
    // The outline opens with the template's own sections as rows.
    let count = "return document.querySelectorAll('#outline li').length;";
    let stock = b.script(count, serde_json::json!([])).as_u64().unwrap();
    assert!(stock > 15, "{stock} rows");
    assert_eq!(
        b.value("#outline li:first-child textarea"),
        "MỤC ĐÍCH, YÊU CẦU"
    );
    // Three rows at the end: a heading, a numbered paragraph under it, one more heading;
    // then the paragraph is indented one level and the last heading moved above it and back.
    for (kind, text) in [
        ("tieu_de", "SƠ KẾT QUÝ"),
        ("muc", "Sơ kết công tác dân vận quý III."),
        ("tieu_de", "TỔNG KẾT NĂM"),
    ] {
        b.click("button[data-add='outline']");
        b.set("#outline li:last-child select[name='dm_loai']", kind);
        b.type_into("#outline li:last-child textarea", text);
    }
    assert_eq!(
        b.script(count, serde_json::json!([])).as_u64().unwrap(),
        stock + 3
    );
    b.click("#outline li:nth-last-child(2) button[data-indent='1']");
    assert_eq!(
        b.value("#outline li:nth-last-child(2) select[name='dm_cap']"),
        "2"
    );
    b.click("#outline li:last-child button[data-move='-1']");
    assert_eq!(
        b.value("#outline li:nth-last-child(2) textarea"),
        "TỔNG KẾT NĂM"
    );
    b.click("#outline li:nth-last-child(2) button[data-move='1']");
    assert_eq!(b.value("#outline li:last-child textarea"), "TỔNG KẾT NĂM");
    // A task row added and one removed.
    let rows_before = b.script(
        "return document.querySelectorAll('#tasks tr').length;",
        serde_json::json!([]),
    );
    b.click("button[data-add='tasks']");
    b.type_into(
        "#tasks tr:last-child textarea[name='pc_noi_dung']",
        "Sơ kết 6 tháng",
    );
    b.type_into(
        "#tasks tr:last-child input[name='pc_chu_tri']",
        "Văn phòng Sở",
    );
    b.type_into(
        "#tasks tr:last-child input[name='pc_thoi_gian']",
        "Tháng 6/2025",
    );
    b.type_into(
        "#tasks tr:last-child input[name='pc_san_pham']",
        "Báo cáo sơ kết",
    );
    b.click("#tasks tr:first-child button[data-remove]");
    let rows_after = b.script(
        "return document.querySelectorAll('#tasks tr').length;",
        serde_json::json!([]),
    );
    assert_eq!(rows_before, rows_after);
    b.click_to_page("#van-ban button[type=submit]");
    assert!(b.text("p.ok").contains("Đã lưu"), "{}", b.text("main"));
    let yaml = std::fs::read_to_string(ws.join(format!("data/{AGENCY}/ke-hoach.yaml"))).unwrap();
    assert!(
        yaml.contains("\nnoi_dung:\n  - tieu_de: MỤC ĐÍCH, YÊU CẦU\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  - tieu_de: SƠ KẾT QUÝ\n    muc:\n      - doan: Sơ kết công tác dân vận quý III.\n  - tieu_de: TỔNG KẾT NĂM\n"),
        "{yaml}"
    );
    assert!(
        !yaml.contains("Quán triệt Kế hoạch và các văn bản"),
        "the removed task is still there"
    );
    assert!(yaml.contains("  - noi_dung: Sơ kết 6 tháng\n    chu_tri: Văn phòng Sở\n    thoi_gian: Tháng 6/2025\n    san_pham: Báo cáo sơ kết\n"), "{yaml}");
    vanban(&[
        "build", "-w", w, "-a", AGENCY, "-d", "ke-hoach", "-f", "pdf",
    ]);
    let text = squash(&pdf_text(
        &ws.join(format!("output/{AGENCY}/ke-hoach.pdf")),
        None,
        false,
    ));
    // The template's sections still print, then the new ones.
    for line in [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CHỈ TIÊU",
        "III. NỘI DUNG, NHIỆM VỤ",
        "IV. TỔ CHỨC THỰC HIỆN",
        "V. SƠ KẾT QUÝ",
        "1. Sơ kết công tác dân vận quý III.",
        "VI. TỔNG KẾT NĂM",
    ] {
        assert!(text.contains(&squash(line)), "{line}: {text}");
    }
}

/// The reporting body in the browser: an agency's sending shows within one refresh; one
/// criterion appraised; the consolidated report, built from the desk, carries the class.
/// The desk works at `localhost`, the agency at `127.0.0.1`: two hosts, two sessions.
#[test]
fn the_desk_sees_a_sending_appraises_and_builds_the_consolidated_report() {
    use support::webdriver::{http, port_of};
    let ws = sample_workspace("browser-desk");
    let w = ws.to_str().expect("utf-8 path");
    // Not sent yet.
    let report = ws.join(format!("data/{AGENCY}/bao-cao-nam.yaml"));
    let text = std::fs::read_to_string(&report)
        .unwrap()
        .replace("ngay_gui: 2025-10-22\n", "");
    std::fs::write(&report, text).unwrap();
    let printed = vanban(&["lien-ket", "-w", w, "-a", AGENCY, "-a", "tong-hop"]);
    let link = |id: &str| {
        printed
            .lines()
            .find(|l| l.starts_with(&format!("{id}\t")))
            .and_then(|l| l.find("/vao/").map(|i| l[i..].trim().to_string()))
            .expect("a link")
    };
    let (_server, base) = serve(&ws);
    let port = port_of(&base);
    let desk_base = format!("http://localhost:{port}");
    let b = Browser::start(&ws);

    b.goto(&format!("{desk_base}{}", link("tong-hop")));
    assert!(b.url().ends_with("/tong-hop"), "{}", b.url());
    let row = format!("#cq-{AGENCY}");
    assert!(!b.text(&row).contains(&vanban::ground::nd30::short_date(
        vanban::campaign::dates::today()
    )));
    shot(&b, "5-tong-hop");

    // The agency sends.
    b.goto(&format!("{base}{}", link(AGENCY)));
    b.goto(&format!("{base}/co-quan/{AGENCY}/bao-cao-nam/xem"));
    b.click("#xac-nhan");
    b.click_to_page("form.send button");
    // One refresh of the desk shows it.
    b.goto(&format!("{desk_base}/tong-hop"));
    let today = vanban::ground::nd30::short_date(vanban::campaign::dates::today());
    assert!(
        b.text(&row).contains(&format!("({today})")),
        "{}",
        b.text(&row)
    );

    // Appraise one criterion.
    b.goto(&format!(
        "{desk_base}/co-quan/{AGENCY}/ho-so-cham-diem/tham-dinh"
    ));
    b.type_into("[id='f-td/I.2/diem']", "2");
    b.type_into(
        "[id='f-td/I.2/ly_do']",
        "Thiếu biên bản hội nghị quán triệt.",
    );
    shot(&b, "6-tham-dinh");
    b.click_to_page("#van-ban button[type=submit]");
    assert!(b.text("p.ok").contains("Đã lưu"), "{}", b.text("main"));

    // The desk returns the annual report; the agency reads why and sends it again; it is
    // still on time; the desk accepts it and closes the period; the agency can send no more.
    b.goto(&format!("{desk_base}/co-quan/{AGENCY}/bao-cao-nam/xem"));
    b.type_into("#ly-do-tra-lai", "Bổ sung số liệu tiếp công dân.");
    let asked = b.click_confirm_to_page("form.give-back button");
    assert!(asked.starts_with("Trả lại văn bản này"), "{asked}");
    b.goto(&format!("{base}/co-quan/{AGENCY}/bao-cao-nam/xem"));
    assert!(
        b.text("main").contains("Bổ sung số liệu tiếp công dân."),
        "{}",
        b.text("main")
    );
    b.resize(390, 900);
    let over = b
        .script(
            "return document.querySelector('form.send').getBoundingClientRect().right - document.documentElement.clientWidth;",
            serde_json::json!([]),
        )
        .as_f64()
        .unwrap();
    assert!(
        over <= 0.5,
        "the send form runs {over} px off a phone screen"
    );
    b.resize(1366, 900);
    b.click("#xac-nhan");
    b.click_to_page("form.send button");
    b.goto(&format!("{desk_base}/tong-hop"));
    assert!(
        // Late as the first sending was (the sample's deadline is past), no later.
        b.text(&row)
            .contains(&format!("({today}); trả lại {today}; gửi lại {today}")),
        "{}",
        b.text(&row)
    );
    b.goto(&format!("{desk_base}/co-quan/{AGENCY}/bao-cao-nam/xem"));
    b.click_to_page("form.accept button");
    assert!(
        b.text("main").contains("Sở đã tiếp nhận"),
        "{}",
        b.text("main")
    );
    b.goto(&format!("{desk_base}/tong-hop"));
    // At phone width the closing and reminder buttons stay on the screen.
    b.resize(390, 900);
    let right = |css: &str| {
        b.script(
            &format!("return Math.max(...[...document.querySelectorAll('{css}')].map(e => e.getBoundingClientRect().right));"),
            serde_json::json!([]),
        )
        .as_f64()
        .unwrap()
    };
    let width = b
        .script(
            "return document.documentElement.clientWidth;",
            serde_json::json!([]),
        )
        .as_f64()
        .unwrap();
    assert!(
        right("table.periods button") <= width + 0.5,
        "{} > {width}",
        right("table.periods button")
    );
    b.resize(1366, 900);
    b.click_to_page("table.periods tr:nth-child(3) form button");
    assert!(
        b.text("table.periods")
            .contains(&format!("Đã khóa ngày {today}")),
        "{}",
        b.text("table.periods")
    );
    b.goto(&format!("{base}/co-quan/{AGENCY}/bao-cao-nam/xem"));
    assert!(
        b.text("main").contains("đã khóa số liệu"),
        "{}",
        b.text("main")
    );
    assert!(!b
        .script(
            "return !!document.querySelector('form.send');",
            serde_json::json!([])
        )
        .as_bool()
        .unwrap());

    // The consolidated report from the desk: its pages, and its PDF with the new class.
    b.goto(&format!("{desk_base}/tong-hop"));
    b.click_to_page("ul.consolidated li:first-child a[href$='/xem']");
    assert!(b.wait_for("const i = document.querySelector('img.page'); return !!i && i.complete && i.naturalWidth > 0;"), "no page image");
    let cookie = format!("vanban_phien={}", b.cookie("vanban_phien"));
    let path = b.url().replace(&desk_base, "").replace("/xem", "/tep.pdf");
    let (status, _, pdf) = http(port, "GET", &path, &[("Cookie", &cookie)], b"").unwrap();
    assert_eq!(status, 200, "{path}");
    let file = ws.join("tong-hop.pdf");
    std::fs::write(&file, pdf).unwrap();
    let text = pdf_text(&file, None, true);
    let line = text
        .lines()
        .find(|l| l.contains("Sở Tư pháp tỉnh Tây Ninh") && l.contains("87"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("Khá") && line.contains("-3"), "{line}");
}

/// The elements that run past the window's right edge (for a failure's message).
fn wide(b: &Browser) -> String {
    b.script(
        "var w = document.documentElement.clientWidth, out = []; document.querySelectorAll('main *').forEach(function (e) { var r = e.getBoundingClientRect(); if (r.right > w + 0.5 && out.length < 8) out.push(e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(r.right)); }); return out.join(', ');",
        serde_json::json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// How far the page runs past the window's width, in px (0: no sideways scrolling).
fn sideways(b: &Browser) -> f64 {
    b.script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        serde_json::json!([]),
    )
    .as_f64()
    .unwrap_or(f64::MAX)
}

#[test]
fn on_a_phone_no_page_scrolls_sideways_and_a_score_over_its_maximum_is_flagged_at_once() {
    let ws = sample_workspace("browser-phone");
    let w = ws.to_str().expect("utf-8 path");
    let printed = vanban(&["lien-ket", "-w", w, "-a", AGENCY, "-a", "tong-hop"]);
    let link = |id: &str| {
        printed
            .lines()
            .find(|l| l.starts_with(&format!("{id}\t")))
            .and_then(|l| l.find("/vao/").map(|i| l[i..].trim().to_string()))
            .expect("a link")
    };
    let (_server, base) = serve(&ws);
    let b = Browser::start(&ws);
    b.resize(390, 844);
    b.goto(&format!("{base}{}", link(AGENCY)));
    for page in [
        format!("/co-quan/{AGENCY}"),
        format!("/co-quan/{AGENCY}/ke-hoach"),
        format!("/co-quan/{AGENCY}/bao-cao-nam"),
        format!("/co-quan/{AGENCY}/ho-so-cham-diem"),
        format!("/co-quan/{AGENCY}/bao-cao-nam/xem"),
        format!("/co-quan/{AGENCY}/lich-su"),
    ] {
        b.goto(&format!("{base}{page}"));
        let over = sideways(&b);
        shot(&b, &format!("dt{}", page.replace('/', "-")));
        assert!(
            over <= 0.5,
            "{page} runs {over} px sideways at 390 px: {}",
            wide(&b)
        );
    }
    // The plan's outline rows fit the phone's width: each row's text box is as wide as the
    // row, not squeezed beside its buttons.
    b.goto(&format!("{base}/co-quan/{AGENCY}/ke-hoach"));
    b.script(
        "document.querySelector('#outline li:nth-child(3)').scrollIntoView();",
        serde_json::json!([]),
    );
    shot(&b, "dt-dan-y");
    let narrow = b.script(
        "var t = document.querySelector('#outline li:nth-child(3) textarea'); return t.getBoundingClientRect().width / t.closest('li').getBoundingClientRect().width;",
        serde_json::json!([]),
    );
    assert!(
        narrow.as_f64().unwrap() > 0.9,
        "an outline box is {narrow} of its row"
    );
    // The dossier: a score over its maximum is said before any save, and the total and
    // class stay in view with each group's subtotal.
    b.goto(&format!("{base}/co-quan/{AGENCY}/ho-so-cham-diem"));
    b.type_into("[id='f-cd/I.1/diem']", "6");
    assert!(
        b.wait_for("var p = document.querySelector('tr[data-id=\"I.1\"] p.over'); return !!p && !p.hidden;"),
        "no warning for 6 of 5 points"
    );
    assert!(b
        .text("tr[data-id='I.1'] p.over")
        .contains("Vượt điểm tối đa (5)"));
    let summary_visible = b
        .script(
            "var r = document.querySelector('.score-summary').getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0;",
            serde_json::json!([]),
        )
        .as_bool()
        .unwrap_or(false);
    assert!(summary_visible, "the total is out of view");
    let groups = b.text(".score-summary .group-totals");
    assert!(groups.contains('/'), "no group subtotals: {groups}");
    b.type_into("[id='f-cd/I.1/diem']", "4,5");
    assert!(b.wait_for(
        "var p = document.querySelector('tr[data-id=\"I.1\"] p.over'); return !p || p.hidden;"
    ));
    assert!(
        b.text("#tong-diem").contains(','),
        "{}",
        b.text("#tong-diem")
    );
    // The desk's pages too; late and on-time cells do not look alike.
    b.goto(&format!("{base}{}", link("tong-hop")));
    let look = |css: &str| {
        b.script(
            &format!("var e = document.querySelector('{css}'); if (!e) return ''; var s = getComputedStyle(e); var a = e.querySelector('a'); return s.backgroundColor + ' ' + (a ? getComputedStyle(a).color : s.color);"),
            serde_json::json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    let (late, on_time) = (look("td.state-tre"), look("td.state-dung-han"));
    assert!(
        !late.is_empty() && !on_time.is_empty(),
        "the sample has both"
    );
    assert_ne!(late, on_time, "late and on-time cells look alike");
    for page in ["/tong-hop", "/tong-hop/so-lieu", "/tong-hop/lien-ket"] {
        b.goto(&format!("{base}{page}"));
        let over = sideways(&b);
        shot(&b, &format!("dt{}", page.replace('/', "-")));
        assert!(over <= 0.5, "{page} runs {over} px sideways at 390 px");
    }
}
