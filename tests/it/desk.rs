//! The reporting body's desk over HTTP, in-process: who may reach it, appraisal, returning a
//! document, the figures against `vanban status --so-lieu`, the workbook and consolidated
//! documents against the CLI, links, history; and a province's load at once.

use crate::support;

use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use support::web::*;
use support::*;

const A: &str = "so-tu-phap";

fn read(ws: &Path, rel: &str) -> String {
    std::fs::read_to_string(ws.join(rel)).unwrap_or_default()
}

fn vanban(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "vanban {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every route of the desk, with its method.
fn desk_routes() -> Vec<(&'static str, String)> {
    let mut v: Vec<(&str, String)> = [
        "/tong-hop",
        "/tong-hop?khoi=so-ban-nganh&tinh_trang=tre&sap_xep=tre",
        "/tong-hop/so-lieu",
        "/tong-hop/so-lieu?bao_cao=bao-cao-6-thang&chi_so=cbccvc",
        "/tong-hop/tong-hop.xlsx",
        "/tong-hop/bieu-do/gui-0.svg",
        "/tong-hop/bieu-do/xep-loai.svg",
        "/tong-hop/bieu-do/chi-so.svg?bao_cao=bao-cao-nam&chi_so=cbccvc",
        "/tong-hop/lien-ket",
        "/co-quan/so-y-te/ho-so-cham-diem/tham-dinh",
    ]
    .into_iter()
    .map(|u| ("GET", u.to_string()))
    .collect();
    v.push(("POST", "/tong-hop/lien-ket".into()));
    v.push(("POST", "/co-quan/so-y-te/ho-so-cham-diem/tham-dinh".into()));
    v.push(("POST", "/co-quan/so-y-te/bao-cao-nam/tra-lai".into()));
    v.push(("POST", "/co-quan/so-y-te/bao-cao-nam/tiep-nhan".into()));
    v.push(("POST", "/tong-hop/khoa".into()));
    v.push(("POST", "/tong-hop/don-doc".into()));
    v
}

#[tokio::test]
async fn the_desk_refuses_agencies_and_no_session_and_its_reader_changes_nothing() {
    let ws = sample_workspace("desk-access");
    let secrets = links(&ws, &[A, "tong-hop", "tong-hop-xem"]);
    let app = App::new(&ws);
    let agency = app.login(&secrets[0]).await;
    let desk = app.login(&secrets[1]).await;
    let reader = app.login(&secrets[2]).await;
    let csrf = app
        .get("/co-quan/so-tu-phap/bao-cao-nam", Some(&agency))
        .await
        .hidden("_csrf");
    let before = read(&ws, "data/so-y-te/ho-so-cham-diem.yaml");
    for (method, url) in desk_routes() {
        let form = Some(encode(&[
            ("_csrf", &csrf),
            ("ma", A),
            ("ly_do", "x"),
            ("td/I.1/diem", "1"),
        ]));
        let none = app.call(method, &url, None, form.clone()).await;
        assert_eq!(
            none.status,
            StatusCode::UNAUTHORIZED,
            "no session: {method} {url}"
        );
        let r = app.call(method, &url, Some(&agency), form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "agency: {method} {url}");
        if method == "GET" {
            let manage = url.contains("tham-dinh") || url.contains("lien-ket");
            let r = app.get(&url, Some(&desk)).await;
            assert_eq!(r.status, StatusCode::OK, "desk: {url}: {}", r.text());
            let r = app.get(&url, Some(&reader)).await;
            let want = if manage {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::OK
            };
            assert_eq!(r.status, want, "reader: {url}");
        } else {
            let r = app.post(&url, Some(&reader), &[("ma", A)]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "reader: POST {url}");
        }
    }
    assert_eq!(read(&ws, "data/so-y-te/ho-so-cham-diem.yaml"), before);
}

#[tokio::test]
async fn appraisal_is_checked_written_and_seen_by_the_agency() {
    let ws = sample_workspace("desk-appraise");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[1]).await;
    let url = format!("/co-quan/{A}/ho-so-cham-diem/tham-dinh");
    let page = app.get(&url, Some(&desk)).await;
    assert_eq!(page.status, StatusCode::OK);
    let base = [
        ("_csrf", page.hidden("_csrf")),
        ("phien_ban", page.hidden("phien_ban")),
    ];
    let fields = |extra: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = base
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        f
    };
    // More than the maximum: refused, the error beside the field.
    let bad = fields(&[("td/I.2/diem", "7"), ("td/I.2/ly_do", "Thử")]);
    let r = app.post(&url, Some(&desk), &as_refs(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    let at = text
        .find("id=\"loi-td/I.2/diem\"")
        .expect("error beside the appraised score");
    assert!(text[at..at + 300].contains('7'), "{}", &text[at..at + 300]);
    // Different from the self-score without a reason: refused too.
    let r = app
        .post(
            &url,
            Some(&desk),
            &as_refs(&fields(&[("td/I.2/diem", "2")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"loi-td/I.2/"), "{}", r.text());
    // Valid: written as `tham_dinh`.
    let good = fields(&[
        ("td/I.2/diem", "2"),
        ("td/I.2/ly_do", "Thiếu biên bản hội nghị quán triệt."),
    ]);
    let r = app.post(&url, Some(&desk), &as_refs(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let yaml = read(&ws, &format!("data/{A}/ho-so-cham-diem.yaml"));
    assert!(
        yaml.ends_with(
            "tham_dinh:\n  I.2:\n    diem: 2\n    ly_do: Thiếu biên bản hội nghị quán triệt.\n"
        ),
        "{yaml}"
    );
    let audit = vanban::serve::store::audit_lines(&ws);
    assert!(
        audit.last().unwrap().contains("\ttong-hop [")
            && audit
                .last()
                .unwrap()
                .contains("\tthẩm định: đã gửi → đã thẩm định\t")
    );
    // The CLI classifies on the appraised score: 90 − 3 = 87, Khá.
    let out = String::from_utf8(vanban(&["status", "-w", ws.to_str().unwrap()])).unwrap();
    assert!(out.contains("Khá"), "{out}");
    // The agency sees the appraisal on its dossier.
    let agency = app.login(&secrets[0]).await;
    let form = app
        .get(&format!("/co-quan/{A}/ho-so-cham-diem"), Some(&agency))
        .await
        .text();
    assert!(
        form.contains("2 (Thiếu biên bản hội nghị quán triệt.)"),
        "the agency does not see the appraisal"
    );
}

#[tokio::test]
async fn a_return_and_a_new_sending_show_in_the_status() {
    let ws = sample_workspace("desk-return");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[1]).await;
    let agency = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let preview = app.get(&format!("{url}/xem"), Some(&desk)).await;
    assert!(preview.text().contains("Trả lại cho cơ quan"));
    let csrf = preview.hidden("_csrf");
    let version = preview.hidden("phien_ban");
    // A return needs a reason.
    let r = app
        .post(
            &format!("{url}/tra-lai"),
            Some(&desk),
            &[("_csrf", &csrf), ("phien_ban", &version), ("ly_do", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post(
            &format!("{url}/tra-lai"),
            Some(&desk),
            &[
                ("_csrf", &csrf),
                ("phien_ban", &version),
                (
                    "ly_do",
                    "Số liệu thủ tục hành chính chưa khớp phần mềm một cửa.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let yaml = read(&ws, &format!("data/{A}/bao-cao-nam.yaml"));
    let today = vanban::campaign::dates::today();
    let iso = today.format("%Y-%m-%d").to_string();
    assert!(!yaml.contains("\nngay_gui:"), "still sent: {yaml}");
    assert!(yaml.contains(&format!("tra_lai:\n  - ngay: {iso}\n    ly_do: Số liệu thủ tục hành chính chưa khớp phần mềm một cửa.\n    ngay_gui: 2025-10-22\n")), "{yaml}");
    let shown = vanban::ground::nd30::short_date(today);
    let status = app.get("/tong-hop", Some(&desk)).await.text();
    let row = &status[status.find(&format!("id=\"cq-{A}\"")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(&format!(
            "bị trả lại, chưa gửi lại (22/10/2025); trả lại {shown}"
        )),
        "{row}"
    );
    // The agency sees the note, and sends again.
    let home = app
        .get(&format!("/co-quan/{A}"), Some(&agency))
        .await
        .text();
    assert!(
        home.contains(&format!(
            "bị trả lại, cần sửa và gửi lại (trả lại ngày {shown})"
        )),
        "{home}"
    );
    let form = app.get(&url, Some(&agency)).await.text();
    assert!(form.contains("chưa khớp phần mềm một cửa"));
    let p = app.get(&format!("{url}/xem"), Some(&agency)).await;
    let r = app
        .post(
            &format!("{url}/gui"),
            Some(&agency),
            &[
                ("_csrf", &p.hidden("_csrf")),
                ("phien_ban", &p.hidden("phien_ban")),
                ("xac_nhan", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let status = app.get("/tong-hop", Some(&desk)).await.text();
    let row = &status[status.find(&format!("id=\"cq-{A}\"")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    // Still on time: the first sending (22/10) decides; the return and resend are shown.
    assert!(
        row.contains(&format!(
            "đúng hạn (22/10/2025); trả lại {shown}; gửi lại {shown}"
        )),
        "the new sending is not shown: {row}"
    );
    let actions: Vec<String> = vanban::serve::store::audit_lines(&ws)
        .iter()
        .map(|l| l.split('\t').nth(2).unwrap_or("").to_string())
        .collect();
    assert_eq!(
        actions,
        ["trả lại: đã gửi → bị trả lại", "gửi: bị trả lại → đã gửi"]
    );
    // The history page shows the steps and a diff.
    let history = app
        .get(
            &format!("/co-quan/{A}/lich-su?van_ban=bao-cao-nam&tu=&den=hien-tai"),
            Some(&desk),
        )
        .await
        .text();
    assert!(
        history.contains("trả lại") && history.contains("class=\"d-them\""),
        "{history}"
    );
}

#[tokio::test]
async fn figures_workbook_and_consolidated_documents_equal_the_cli() {
    let ws = sample_workspace("desk-figures");
    let w = ws.to_str().unwrap().to_string();
    let secrets = links(&ws, &["tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let page = app
        .get("/tong-hop/so-lieu?bao_cao=bao-cao-nam", Some(&desk))
        .await
        .text();
    let cli = String::from_utf8(vanban(&["status", "-w", &w, "--so-lieu", "bao-cao-nam"])).unwrap();
    let figures = cli
        .split("Số liệu tổng hợp")
        .nth(1)
        .expect("figures in the CLI output");
    let (campaign, _) = vanban::campaign::open(&ws);
    let plan = campaign.plan.as_ref().unwrap();
    let mut compared = 0;
    for ind in &plan.catalogue.indicators {
        let Some(line) = figures.lines().find(|l| {
            l.starts_with(&format!("{} ", ind.ten)) || l.starts_with(&format!("{}  ", ind.ten))
        }) else {
            continue;
        };
        let rest = line[ind.ten.len()..].trim();
        let number = rest.split_whitespace().next().unwrap();
        let row = &page[page
            .find(&format!("id=\"cs-{}\"", ind.ma))
            .expect("indicator row")..];
        let total = &row[row.find("class=\"num total\">").unwrap() + 18..];
        let total = &total[..total.find("</td>").unwrap()];
        assert!(
            total.starts_with(number),
            "{}: page {total}, CLI {number}",
            ind.ma
        );
        if let Some(rate) = rest
            .split("tỷ lệ ")
            .nth(1)
            .map(|r| r.split_whitespace().next().unwrap().trim_end_matches(','))
        {
            assert!(
                total.contains(rate),
                "{}: page {total}, CLI rate {rate}",
                ind.ma
            );
        }
        compared += 1;
    }
    assert_eq!(
        compared,
        plan.catalogue.indicators.len(),
        "every indicator compared"
    );
    // The workbook and the consolidated documents: byte for byte the CLI's.
    let xlsx = ws.join("cli.xlsx");
    vanban(&["status", "-w", &w, "--xlsx", xlsx.to_str().unwrap()]);
    let r = app.get("/tong-hop/tong-hop.xlsx", Some(&desk)).await;
    assert!(
        r.body == std::fs::read(&xlsx).unwrap(),
        "workbook differs from vanban status --xlsx"
    );
    vanban(&[
        "build",
        "-w",
        &w,
        "-d",
        "bao-cao-tong-hop",
        "-d",
        "to-trinh-xep-loai",
        "-d",
        "du-thao-quyet-dinh",
    ]);
    for (holder, doc) in [
        ("ubnd-tinh", "bao-cao-tong-hop"),
        ("so-noi-vu", "to-trinh-xep-loai"),
        ("ubnd-tinh", "du-thao-quyet-dinh"),
    ] {
        let status = app.get("/tong-hop", Some(&desk)).await.text();
        assert!(
            status.contains(&format!("/co-quan/{holder}/{doc}/xem")),
            "no link to {doc}"
        );
        for ext in ["pdf", "docx"] {
            let r = app
                .get(&format!("/co-quan/{holder}/{doc}/tep.{ext}"), Some(&desk))
                .await;
            assert_eq!(r.status, StatusCode::OK);
            assert!(
                r.body == std::fs::read(ws.join(format!("output/tong-hop/{doc}.{ext}"))).unwrap(),
                "{doc}.{ext} differs from vanban build"
            );
        }
    }
}

#[tokio::test]
async fn links_are_issued_revoked_and_their_last_use_shown() {
    let ws = sample_workspace("desk-links");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[1]).await;
    let agency = app.login(&secrets[0]).await;
    let page = app.get("/tong-hop/lien-ket", Some(&desk)).await;
    let text = page.text();
    let row = &text[text.find(&format!("id=\"lk-{A}\"")).unwrap()..];
    assert!(
        row[..row.find("</tr>").unwrap()].contains("UTC"),
        "last use not shown"
    );
    let r = app
        .post(
            "/tong-hop/lien-ket",
            Some(&desk),
            &[
                ("_csrf", &page.hidden("_csrf")),
                ("ma", A),
                ("thao_tac", "cap"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let new = r.text();
    let at = new.find("/vao/").expect("the new link shown once");
    let secret: String = new[at + 5..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(secret.len(), 64);
    // The old link and its session are gone; the new one works.
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&agency))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&format!("/vao/{}", secrets[0]), None).await.status,
        StatusCode::FORBIDDEN
    );
    let again = app.login(&secret).await;
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&again)).await.status,
        StatusCode::OK
    );
    assert!(
        !app.get("/tong-hop/lien-ket", Some(&desk))
            .await
            .text()
            .contains(&secret),
        "a secret shown twice"
    );
    let r = app
        .post(
            "/tong-hop/lien-ket",
            Some(&desk),
            &[
                ("_csrf", &page.hidden("_csrf")),
                ("ma", A),
                ("thao_tac", "thu_hoi"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&again)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// A province at once: 130 agencies saving while the desk refreshes (200 sessions): no
/// error, no lost write.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_province_saving_while_the_desk_refreshes() {
    let ws = temp_dir("desk-load");
    vanban::synth::write_workspace(&ws, 130).unwrap();
    let (campaign, _) = vanban::campaign::open(&ws);
    let ids: Vec<String> = campaign.agencies.iter().map(|a| a.id.clone()).collect();
    let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
    all.push("tong-hop");
    let secrets = links(&ws, &all);
    let app = std::sync::Arc::new(App::new(&ws));
    let mut jobs = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let cookie = app.login(&secrets[i]).await;
        let url = format!("/co-quan/{id}/bao-cao-nam");
        let fields = form_fields(&app.get(&url, Some(&cookie)).await.text());
        let text = format!("Lần lưu của {id}.");
        jobs.push((url, cookie, with(&fields, &[("dac_diem", &text)])));
    }
    let desk = app.login(secrets.last().unwrap()).await;
    let mut tasks = Vec::new();
    for (url, cookie, fields) in jobs {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.post(&url, Some(&cookie), &as_refs(&fields))
                .await
                .status
        }));
    }
    for i in 0..70 {
        let (app, desk) = (app.clone(), desk.clone());
        let url = if i % 2 == 0 {
            "/tong-hop"
        } else {
            "/tong-hop/so-lieu"
        };
        tasks.push(tokio::spawn(async move {
            app.get(url, Some(&desk)).await.status
        }));
    }
    let mut saved = 0;
    for t in tasks {
        let status = t.await.unwrap();
        assert!(
            status == StatusCode::SEE_OTHER || status == StatusCode::OK,
            "{status}"
        );
        saved += usize::from(status == StatusCode::SEE_OTHER);
    }
    assert_eq!(saved, ids.len());
    for id in &ids {
        let text = read(&ws, &format!("data/{id}/bao-cao-nam.yaml"));
        assert!(
            text.contains(&format!("Lần lưu của {id}.")),
            "{id}'s save was lost"
        );
    }
    assert_eq!(vanban::serve::store::audit_lines(&ws).len(), ids.len());
}

/// A province's desk is paged (100 agencies a page, the filter kept across pages) and
/// searchable by name.
#[tokio::test]
async fn the_desk_table_is_paged_and_searchable() {
    let ws = temp_dir("desk-pages");
    vanban::synth::write_workspace(&ws, 250).unwrap();
    let secrets = links(&ws, &["tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let rows = |page: &str| page.matches("<tr id=\"cq-").count();
    let first = app.get("/tong-hop", Some(&desk)).await.text();
    assert_eq!(rows(&first), 100);
    assert!(first.contains("250 cơ quan, trang 1/3"), "{first}");
    let last = app.get("/tong-hop?trang=3", Some(&desk)).await.text();
    assert_eq!(rows(&last), 50);
    let sorted = app.get("/tong-hop?sap_xep=ten", Some(&desk)).await.text();
    assert!(
        sorted.contains("/tong-hop?sap_xep=ten&amp;trang=2"),
        "{sorted}"
    );
    // Out of range: the last page.
    assert_eq!(
        rows(&app.get("/tong-hop?trang=99", Some(&desk)).await.text()),
        50
    );
    // The search keeps to names; the page links keep the filter.
    let sample = sample_workspace("desk-search");
    let secrets = links(&sample, &["tong-hop"]);
    let app = App::new(&sample);
    let desk = app.login(&secrets[0]).await;
    let found = app
        .get("/tong-hop?tim=y+t%E1%BA%BF", Some(&desk))
        .await
        .text();
    assert_eq!(rows(&found), 1, "{found}");
    assert!(found.contains("id=\"cq-so-y-te\""));
    assert!(!found.contains("<nav class=\"pages\""));
}
