//! What a clerk meets on the pages (issue 29): light previews, download names a person can
//! read, and the other habits of a page made for people rather than for the data file.

use crate::support;

use axum::http::StatusCode;
use support::web::*;
use support::*;

const A: &str = "so-tu-phap";

#[tokio::test]
async fn a_preview_is_light_and_kept_by_the_browser_while_its_version_lasts() {
    let ws = sample_workspace("forms-preview");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&format!("{url}/xem"), Some(&a)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    let at = text.find("trang-1.svg?v=").expect("a page image") + "trang-1.svg?v=".len();
    let version = text[at..at + text[at..].find('"').unwrap()].to_string();
    let n = page.text().matches("class=\"page\"").count();
    assert!(n >= 2, "{n} pages");
    let mut total = 0;
    for i in 1..=n {
        let r = app
            .call_with(
                "GET",
                &format!("{url}/trang-{i}.svg?v={version}"),
                &[("accept-encoding", "gzip, deflate, br")],
                Some(&a),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["content-encoding"], "gzip");
        assert!(r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        total += r.body.len();
    }
    assert!(total <= 300 * 1024, "a preview weighs {total} bytes");
    // Without gzip, the SVG itself; an old version's address is not kept.
    let r = app.get(&format!("{url}/trang-1.svg?v=cu"), Some(&a)).await;
    assert!(r.headers.get("content-encoding").is_none());
    assert!(r.text().starts_with("<svg") || r.text().starts_with("<?xml"));
    assert_eq!(r.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn downloads_are_named_with_their_accents() {
    let ws = sample_workspace("forms-names");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let r = app
        .get(&format!("/co-quan/{A}/bao-cao-nam/tep.pdf?tai=1"), Some(&a))
        .await;
    let d = r.headers["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        d.starts_with("attachment; filename=\"so-tu-phap-bao-cao-nam.pdf\""),
        "{d}"
    );
    // "Báo cáo năm" percent-encoded as UTF-8.
    assert!(d.contains("filename*=UTF-8''B%C3%A1o%20c%C3%A1o"), "{d}");
    assert!(d.contains("S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p"), "{d}");
}

#[tokio::test]
async fn the_desk_cannot_lock_itself_out_and_keeps_its_session_when_it_reissues_its_link() {
    let ws = sample_workspace("forms-own-link");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[1]).await;
    let page = app.get("/tong-hop/lien-ket", Some(&desk)).await;
    let text = page.text();
    // Revoke and re-issue ask first; the desk's own row offers no revoke.
    assert!(text.contains("data-hoi=\"Thu hồi liên kết của"));
    assert!(text.contains("data-hoi=\"Cấp lại liên kết cho"));
    let own = &text[text.find("id=\"lk-tong-hop\"").unwrap()..];
    let own = &own[..own.find("</tr>").unwrap()];
    assert!(!own.contains("thu_hoi"), "{own}");
    let csrf = page.hidden("_csrf");
    let r = app
        .post(
            "/tong-hop/lien-ket",
            Some(&desk),
            &[
                ("_csrf", &csrf),
                ("ma", "tong-hop"),
                ("thao_tac", "thu_hoi"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/tong-hop", Some(&desk)).await.status,
        StatusCode::OK
    );
    // Re-issued: the old link opens nothing, this session goes on.
    let r = app
        .post(
            "/tong-hop/lien-ket",
            Some(&desk),
            &[("_csrf", &csrf), ("ma", "tong-hop"), ("thao_tac", "cap")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        app.get("/tong-hop", Some(&desk)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/vao/{}", secrets[1]), None).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn checking_a_save_writes_nothing_into_data() {
    use notify::Watcher;
    let ws = sample_workspace("forms-check-copy");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e {
            let _ = tx.send(e);
        }
    })
    .unwrap();
    watcher
        .watch(&ws.join("data"), notify::RecursiveMode::Recursive)
        .unwrap();
    // A save the check refuses: only the check ran.
    let fields = with(&form_fields(&page.text()), &[("ngay", "31/02/2025")]);
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    std::thread::sleep(std::time::Duration::from_millis(300));
    // Reading is fine; creating, changing or removing a file is not.
    let seen: Vec<_> = rx
        .try_iter()
        .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
        .flat_map(|e| e.paths)
        .collect();
    assert!(seen.is_empty(), "the check wrote into data/: {seen:?}");
}

#[tokio::test]
async fn a_save_keeps_every_comment_and_changes_only_the_changed_line() {
    let ws = sample_workspace("forms-comments");
    let rel = format!("data/{A}/bao-cao-nam.yaml");
    let file = ws.join(&rel);
    let text = std::fs::read_to_string(&file).unwrap();
    // Comments at the top, after the first key, at a line's end, inside a map, at the end.
    let text = format!("# Báo cáo năm của Sở Tư pháp\n{text}")
        .replacen(
            "ngay: 2025-10-20\n",
            "ngay: 2025-10-20\n# Ngày ký: theo sổ văn thư\n",
            1,
        )
        .replacen(
            "  cuoc_kiem_tra: 4\n",
            "  cuoc_kiem_tra: 4   # gồm 1 cuộc đột xuất\n",
            1,
        )
        .replacen(
            "  cbccvc: 63\n",
            "  # Số người: theo bảng lương tháng 10\n  cbccvc: 63\n",
            1,
        )
        + "# Hết tệp.\n";
    std::fs::write(&file, &text).unwrap();
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let fields = with(
        &form_fields(&page.text()),
        &[("so_lieu/van_ban_chi_dao", "17")],
    );
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let after = std::fs::read_to_string(&file).unwrap();
    let before_lines: Vec<&str> = text.lines().collect();
    let after_lines: Vec<&str> = after.lines().collect();
    assert_eq!(before_lines.len(), after_lines.len(), "{after}");
    let changed: Vec<(&str, &str)> = before_lines
        .iter()
        .zip(&after_lines)
        .filter(|(b, a)| b != a)
        .map(|(b, a)| (*b, *a))
        .collect();
    assert_eq!(
        changed,
        [("  van_ban_chi_dao: 15", "  van_ban_chi_dao: 17")],
        "{after}"
    );
}

/// The messages on a form page: the summary above it and those beside the fields.
fn messages(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("<p class=\"loi\"", "</p>"), ("<li>", "</li>")] {
        let mut rest = page;
        while let Some(at) = rest.find(open) {
            let after = &rest[at..];
            let body = &after[after.find('>').unwrap() + 1..];
            let end = body.find(close).unwrap();
            let text = body[..end].to_string();
            // Tags inside (a summary's link) are not words.
            let mut plain = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            if !plain.trim().is_empty() {
                out.push(plain);
            }
            rest = &body[end..];
        }
    }
    out
}

/// What no message to a clerk may hold: code quotes, keys, English.
fn developer_words(m: &str) -> Vec<String> {
    let mut bad = Vec::new();
    if m.contains('`') {
        bad.push("`".into());
    }
    for w in m.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if w.contains('_') {
            bad.push(w.to_string());
        }
        let english = [
            "the", "is", "not", "error", "field", "line", "column", "expected", "invalid", "found",
            "null", "true", "false", "string", "integer", "map", "key", "value", "yaml", "YAML",
        ];
        if english.contains(&w) {
            bad.push(w.to_string());
        }
    }
    bad
}

#[tokio::test]
async fn every_message_a_clerk_meets_is_in_the_clerks_words() {
    let ws = sample_workspace("forms-words");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "bao-cao-nam",
            vec![
                ("so_lieu/cbccvc_quan_triet", "700"),
                ("so_lieu/cbccvc", "673"),
            ],
        ),
        (
            "bao-cao-nam",
            vec![("so_lieu/van_ban_chi_dao", "hai mươi tám")],
        ),
        ("bao-cao-nam", vec![("so_lieu/van_ban_chi_dao", "-3")]),
        ("bao-cao-nam", vec![("ngay", "2025-02-31")]),
        ("bao-cao-nam", vec![("so", "abc")]),
        ("bao-cao-6-thang", vec![("so_lieu/tthc_dung_han", "99999")]),
        ("ho-so-cham-diem", vec![("cd/I.1/diem", "99")]),
        ("ho-so-cham-diem", vec![("cd/I.1/diem", "năm")]),
        ("ke-hoach", vec![("ngay", "")]),
    ];
    let mut all = Vec::new();
    for (doc, changes) in cases {
        let url = format!("/co-quan/{A}/{doc}");
        let page = app.get(&url, Some(&a)).await;
        let fields = with(&form_fields(&page.text()), &changes);
        let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
        let text = r.text();
        let found = messages(&text);
        assert!(
            r.status == StatusCode::SEE_OTHER || !found.is_empty(),
            "{doc} {changes:?}: refused without a message"
        );
        for m in found {
            all.push((format!("{doc} {changes:?}"), m));
        }
    }
    // What a preview says of a file written by hand: a part the template does not print
    // (a warning), a signer the agency does not have (an error).
    let plan = ws.join(format!("data/{A}/ke-hoach.yaml"));
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("{text}noi_dung:\n  - tieu_de: Mục riêng\n    doan: Một đoạn.\n"),
    )
    .unwrap();
    let report = ws.join(format!("data/{A}/bao-cao-6-thang.yaml"));
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("nguoi_ky: khong-co\n{text}")).unwrap();
    for doc in ["ke-hoach", "bao-cao-6-thang"] {
        let page = app.get(&format!("/co-quan/{A}/{doc}/xem"), Some(&a)).await;
        let found = messages(&page.text());
        assert!(!found.is_empty(), "{doc}: the preview says nothing");
        for m in found {
            all.push((format!("{doc} (xem trước)"), m));
        }
    }
    let bad: Vec<String> = all
        .iter()
        .filter(|(_, m)| !developer_words(m).is_empty())
        .map(|(case, m)| format!("{case}: {m}  ⟵ {:?}", developer_words(m)))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[tokio::test]
async fn errors_are_listed_on_top_with_links_to_their_marked_fields() {
    let ws = sample_workspace("forms-summary");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let fields = with(
        &form_fields(&page.text()),
        &[("so_lieu/van_ban_chi_dao", "hai"), ("so", "x")],
    );
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    let summary = &text[text.find("errors summary").expect("a summary")..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    for id in ["f-so_lieu/van_ban_chi_dao", "f-so"] {
        assert!(summary.contains(&format!("href=\"#{id}\"")), "{summary}");
        let field = &text[text.find(&format!("id=\"{id}\"")).expect("the field")..];
        let tag = &field[..field.find('>').unwrap()];
        assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
    }
    // The summary names the field by its label.
    assert!(summary.contains("Số văn bản: "), "{summary}");
}

#[tokio::test]
async fn a_date_is_shown_and_typed_day_first_and_an_unchanged_one_keeps_its_line() {
    let ws = sample_workspace("forms-date");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let file = ws.join(format!("data/{A}/bao-cao-nam.yaml"));
    let page = app.get(&url, Some(&a)).await;
    let fields = form_fields(&page.text());
    // The file says 2025-10-20; the form says 20/10/2025, in a plain text box.
    assert!(fields.iter().any(|(k, v)| k == "ngay" && v == "20/10/2025"));
    let text = page.text();
    let tag = &text[text.find("id=\"f-ngay\"").unwrap()..];
    assert!(!tag[..tag.find('>').unwrap()].contains("type=\"date\""));
    // Saved untouched with another change: the date's line stays as written.
    let r = app
        .post(&url, Some(&a), &as_refs(&with(&fields, &[("so", "288")])))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\nngay: 2025-10-20\n"));
    // A new day typed day first is written as the file writes dates.
    let page = app.get(&url, Some(&a)).await;
    let r = app
        .post(
            &url,
            Some(&a),
            &as_refs(&with(&form_fields(&page.text()), &[("ngay", "5/11/2025")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("\nngay: 2025-11-05\n"));
}

#[tokio::test]
async fn the_history_says_what_changed_in_the_forms_words_and_is_linked_from_the_clerks_page() {
    let ws = sample_workspace("forms-history");
    let secrets = links(&ws, &[A, "so-y-te"]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let home = app.get(&format!("/co-quan/{A}"), Some(&a)).await;
    assert!(home
        .text()
        .contains(&format!("href=\"/co-quan/{A}/lich-su\"")));
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let fields = with(
        &form_fields(&page.text()),
        &[("so_lieu/van_ban_chi_dao", "23")],
    );
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let h = app
        .get(
            &format!("/co-quan/{A}/lich-su?van_ban=bao-cao-nam"),
            Some(&a),
        )
        .await;
    assert_eq!(h.status, StatusCode::OK);
    let text = h.text();
    // "<label>: 15 → 23", the label being the indicator's name in the catalogue.
    let at = text.find("→ 23").expect("the change, old → new");
    let line = &text[text[..at].rfind("<li>").unwrap()..at + 5];
    assert!(line.contains(": 15 "), "{line}");
    assert!(!line.contains("van_ban_chi_dao"), "{line}");
    // Who by name, when in local time (dd/mm/yyyy hh:mm), no hash column.
    assert!(text.contains("Sở Tư pháp"), "no name");
    assert!(!text.contains("Mã nội dung"));
    assert!(!text.contains("(UTC)"));
    let audit = &text[text.find("class=\"audit\"").expect("the audit table")..];
    let cell = &audit[audit.find("<td>").unwrap() + 4..];
    let when = &cell[..cell.find("</td>").unwrap()];
    assert!(
        when.len() == 16 && when.as_bytes()[2] == b'/' && when.as_bytes()[10] == b' ',
        "{when}"
    );
    // The printed pages of both versions side by side: the earlier one's page shows 15,
    // the current one's 23, each an image of its own.
    let images: Vec<String> = text
        .split("src=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .filter(|src| src.starts_with(&format!("/co-quan/{A}/lich-su/bao-cao-nam/")))
        .collect();
    assert!(images.len() >= 4, "{images:?}");
    let (old, new) = (&images[0], &images[1]);
    assert!(new.contains("/hien-tai/trang-1.svg?v="), "{new}");
    assert!(!old.contains("hien-tai"), "{old}");
    let mut pages = Vec::new();
    for src in [old, new] {
        let r = app
            .call_with("GET", src, &[("accept-encoding", "gzip")], Some(&a), None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{src}");
        assert!(r.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        pages.push(r.body.clone());
    }
    assert_ne!(pages[0], pages[1], "the two versions print alike");
    // Another agency's session reaches none of these pages.
    let other = app.login(&secrets[1]).await;
    for src in [old, new] {
        let r = app.get(src, Some(&other)).await;
        assert!(r.status.is_client_error(), "{src}: {}", r.status);
    }
    // A version that is not in the list is no file.
    let r = app
        .get(
            &format!("/co-quan/{A}/lich-su/bao-cao-nam/..%2F..%2Fco-quan.yaml/trang-1.svg"),
            Some(&a),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_text_box_a_form_shows_is_printed_in_the_pdf() {
    let ws = sample_workspace("forms-markers");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let six = app
        .get(&format!("/co-quan/{A}/bao-cao-6-thang"), Some(&a))
        .await
        .text();
    // The 6-month report's template prints neither lessons nor a self-assessment.
    assert!(!six.contains("name=\"bai_hoc\""), "a box that never prints");
    assert!(
        !six.contains("name=\"tu_danh_gia\""),
        "a box that never prints"
    );
    let year = app
        .get(&format!("/co-quan/{A}/bao-cao-nam"), Some(&a))
        .await
        .text();
    assert!(year.contains("name=\"bai_hoc\""));
    for doc in ["ke-hoach", "bao-cao-6-thang", "bao-cao-nam"] {
        let url = format!("/co-quan/{A}/{doc}");
        let page = app.get(&url, Some(&a)).await;
        let fields = form_fields(&page.text());
        let prose: Vec<String> = fields
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| {
                [
                    "can_cu",
                    "mo_dau",
                    "dac_diem",
                    "chi_tieu",
                    "uu_diem",
                    "han_che",
                    "nguyen_nhan",
                    "bai_hoc",
                    "phuong_huong",
                    "kien_nghi",
                    "tu_danh_gia",
                    "ket_luan",
                ]
                .contains(&k.as_str())
            })
            .collect();
        assert!(!prose.is_empty(), "{doc}");
        let marks: Vec<(String, String)> = prose
            .iter()
            .map(|k| (k.clone(), format!("Dấu{}", k.replace('_', ""))))
            .collect();
        let changes: Vec<(&str, &str)> = marks
            .iter()
            .map(|(k, m)| (k.as_str(), m.as_str()))
            .collect();
        let r = app
            .post(&url, Some(&a), &as_refs(&with(&fields, &changes)))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{doc}: {}", r.text());
        let pdf = app.get(&format!("{url}/tep.pdf"), Some(&a)).await;
        assert_eq!(pdf.status, StatusCode::OK);
        let file = ws.join(format!("{doc}-dau.pdf"));
        std::fs::write(&file, &pdf.body).unwrap();
        let text = squash(&pdf_text(&file, None, false));
        for (k, m) in &marks {
            assert!(
                text.contains(&squash(m)),
                "{doc}: the box {k} is not printed"
            );
        }
    }
}

/// The plan's text from its opening sentence to its closing one, white space removed.
async fn plan_body(app: &App, ws: &std::path::Path, url: &str, cookie: &str, tag: &str) -> String {
    let pdf = app.get(&format!("{url}/tep.pdf"), Some(cookie)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let file = ws.join(format!("{tag}.pdf"));
    std::fs::write(&file, &pdf.body).unwrap();
    let text = squash(&pdf_text(&file, None, false));
    let from = text.find("cụthểnhưsau:").expect("the opening sentence");
    let to = text.find("TrênđâylàKếhoạch").expect("the closing sentence");
    text[from..to].to_string()
}

#[tokio::test]
async fn a_plans_outline_starts_from_the_templates_sections_and_a_new_row_adds_a_row() {
    let ws = sample_workspace("forms-outline");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/ke-hoach");
    let file = ws.join(format!("data/{A}/ke-hoach.yaml"));
    let before = plan_body(&app, &ws, &url, &a, "truoc").await;
    let page = app.get(&url, Some(&a)).await.text();
    let fields = form_fields(&page);
    let rows: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "dm_noi_dung")
        .map(|(_, v)| v.as_str())
        .collect();
    // The template's sections, the province's targets and the agency's own are rows.
    assert!(rows.len() > 15, "{rows:?}");
    assert!(rows.contains(&"MỤC ĐÍCH, YÊU CẦU"), "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("100% đơn thư thuộc thẩm quyền")),
        "the agency's own target is a row: {rows:?}"
    );
    assert!(rows.iter().any(|r| r.contains("Dân vận khéo")), "{rows:?}");
    assert!(page.contains("Các dòng dưới đây là các mục có sẵn của mẫu"));
    // The opening and closing sentences the template writes show in their empty boxes.
    assert!(
        page.contains("placeholder=\"Thực hiện Kế hoạch số 696/KH-UBND ngày 06/3/2025"),
        "no opening sentence"
    );
    assert!(
        page.contains("placeholder=\"Trên đây là Kế hoạch thực hiện"),
        "no closing sentence"
    );
    assert!(
        !page.contains("./.\""),
        "the closing mark is the document's, not the box's"
    );
    // The targets are rows, not a box of their own as well.
    assert!(!page.contains("name=\"chi_tieu\""));
    assert!(!page.contains("name=\"dm_mac_dinh\""));
    // Saved untouched, the plan keeps following the template: no outline is written.
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("\nnoi_dung:"));
    // One row added at the end of the last section: every section still prints, then it.
    let mut added = form_fields(&app.get(&url, Some(&a)).await.text());
    added.extend(
        [
            ("dm_cap", "2"),
            ("dm_loai", "muc"),
            ("dm_noi_dung", "Dòng thêm của cơ quan về sơ kết quý."),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    let r = app.post(&url, Some(&a), &as_refs(&added)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let yaml = std::fs::read_to_string(&file).unwrap();
    assert!(yaml.contains("\nnoi_dung:"), "{yaml}");
    // The agency's own targets live in the outline now, once.
    assert!(!yaml.contains("\nchi_tieu:"), "{yaml}");
    assert_eq!(
        yaml.matches("100% đơn thư thuộc thẩm quyền").count(),
        1,
        "{yaml}"
    );
    let after = plan_body(&app, &ws, &url, &a, "sau").await;
    let new = squash("Dòng thêm của cơ quan về sơ kết quý.");
    assert!(
        after.ends_with(&new),
        "the new row closes the last section: {after}"
    );
    // Every line the template printed is printed again, in the same order, numbers too.
    let kept = &after[..after.len() - new.len()];
    assert!(
        kept.starts_with(&before),
        "the template's sections changed when a row was added:\n{before}\n{kept}"
    );
    // What is left is the new row's number (and a page number if it opened a page).
    assert!(kept.len() - before.len() <= 4, "{kept}");
    // The form now offers the way back; taking it removes the clerk's outline.
    let page = app.get(&url, Some(&a)).await.text();
    assert!(page.contains("name=\"dm_mac_dinh\""));
    let fields = form_fields(&page);
    let back = with(&fields, &[("dm_mac_dinh", "1")]);
    let r = app.post(&url, Some(&a), &as_refs(&back)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("\nnoi_dung:"));
    // The template's sections again; the agency's own targets went with its rows.
    let again = plan_body(&app, &ws, &url, &a, "lai").await;
    assert!(again.contains("II.CHỈTIÊU1.100%cánbộ"), "{again}");
    assert!(again.contains("IV.TỔCHỨCTHỰCHIỆN1.Cácphòng"), "{again}");
    assert!(!again.contains("100%đơnthư"), "{again}");
}

/// Whether a posted field holds text the document prints (not a number, date, choice or
/// the form's own bookkeeping).
fn prints_text(name: &str) -> bool {
    let numeric = name == "so"
        || name == "ngay"
        || name.starts_with("so_lieu/")
        || name.ends_with("/diem")
        || name.ends_with("/gia_tri");
    let choice = ["nguoi_ky", "dm_cap", "dm_loai", "dm_mac_dinh"].contains(&name)
        || name.ends_with("/kps")
        || name.ends_with("/vb");
    !numeric && !choice && !name.starts_with('_') && name != "phien_ban"
}

/// Fills every text box of document `doc`'s form with a marker of its own, saves, and
/// returns the boxes whose marker the PDF does not show.
async fn unprinted_boxes(app: &App, ws: &std::path::Path, cookie: &str, url: &str) -> Vec<String> {
    let page = app.get(url, Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{url}");
    let html = page.text();
    // A box that holds text the document does not print says so beside it.
    let said_unprinted = |name: &str| {
        let at = html.find(&format!(" name=\"{name}\"")).unwrap_or(0);
        let rest = &html[at..];
        rest[..rest.find("</div>").unwrap_or(rest.len())].contains("không in phần")
    };
    let mut fields = form_fields(&html);
    let mut marks = Vec::new();
    for (i, (name, value)) in fields.iter_mut().enumerate() {
        if prints_text(name) && !said_unprinted(name) {
            let m = format!("mk{i}q");
            *value = if name.ends_with("/khac") {
                format!("{m}; 12/KH-UBND; 01/02/2025")
            } else {
                m.clone()
            };
            marks.push((name.clone(), m));
        }
    }
    // A bonus or penalty is printed only when claimed.
    let claimed: Vec<String> = marks
        .iter()
        .filter_map(|(n, _)| n.strip_suffix("/giai_trinh"))
        .filter(|b| b.starts_with("dt/") || b.starts_with("tru/"))
        .map(|b| format!("{b}/gia_tri"))
        .collect();
    for (name, value) in fields.iter_mut() {
        if claimed.contains(name) {
            *value = "1".into();
        }
    }
    assert!(!marks.is_empty(), "{url}: no text box");
    let r = app.post(url, Some(cookie), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{url}: {}", r.text());
    let pdf = app.get(&format!("{url}/tep.pdf"), Some(cookie)).await;
    assert_eq!(pdf.status, StatusCode::OK, "{url}");
    let file = ws.join(format!("{}.pdf", url.replace('/', "_")));
    std::fs::write(&file, &pdf.body).unwrap();
    let text = squash(&pdf_text(&file, None, false)).to_lowercase();
    marks
        .into_iter()
        .filter(|(_, m)| !text.contains(m.as_str()))
        .map(|(n, _)| n)
        .collect()
}

/// Every document an agency's page offers, by its form's address.
async fn agency_documents(app: &App, cookie: &str, agency: &str) -> Vec<String> {
    let page = app
        .get(&format!("/co-quan/{agency}"), Some(cookie))
        .await
        .text();
    let mut out: Vec<String> = page
        .match_indices(&format!("href=\"/co-quan/{agency}/"))
        .map(|(at, m)| {
            let rest = &page[at + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .filter(|d| !d.contains('/') && !d.contains('?') && d != "lich-su")
        .map(|d| format!("/co-quan/{agency}/{d}"))
        .collect();
    out.dedup();
    out
}

#[tokio::test]
async fn every_box_of_every_kind_prints_in_the_sample_and_in_dong_nai() {
    for (ws, agencies) in [
        (sample_workspace("forms-every-box"), vec![A, "ubnd-go-dau"]),
        (
            example_workspace("dong-nai-2026", "forms-every-box-dn"),
            vec!["ubnd-phuong-tran-bien", "ubnd-xa-phu-rieng"],
        ),
    ] {
        let secrets = links(&ws, &agencies);
        let app = App::new(&ws);
        let mut kinds = 0;
        let mut missing = Vec::new();
        for (agency, secret) in agencies.iter().zip(&secrets) {
            let cookie = app.login(secret).await;
            let docs = agency_documents(&app, &cookie, agency).await;
            assert!(docs.len() >= 2, "{agency}: {docs:?}");
            for url in docs {
                kinds += 1;
                for box_ in unprinted_boxes(&app, &ws, &cookie, &url).await {
                    missing.push(format!("{url}: {box_}"));
                }
            }
        }
        assert!(kinds >= 5, "{kinds} documents");
        assert!(
            missing.is_empty(),
            "boxes the PDF does not print:\n{}",
            missing.join("\n")
        );
    }
}
