//! `vanban serve` over HTTP, in-process: access (no session, another agency, the desk,
//! CSRF, traversal, oversize bodies), saves (checked, versioned, audited, optimistic),
//! errors beside their fields, previews and downloads identical to `vanban build`, sending.

use crate::support;

use std::path::Path;

use axum::http::StatusCode;
use support::web::*;
use support::*;

const A: &str = "so-tu-phap";
const B: &str = "so-y-te";

fn read(ws: &Path, rel: &str) -> String {
    std::fs::read_to_string(ws.join(rel)).unwrap_or_default()
}

/// Every URL of agency `agency`, with the methods a browser uses on it.
fn urls(agency: &str) -> Vec<(&'static str, String)> {
    let mut v = vec![("GET", format!("/co-quan/{agency}"))];
    for doc in ["ke-hoach", "bao-cao-nam", "ho-so-cham-diem"] {
        let base = format!("/co-quan/{agency}/{doc}");
        v.push(("GET", base.clone()));
        v.push(("POST", base.clone()));
        v.push(("GET", format!("{base}/xem")));
        v.push(("GET", format!("{base}/tep.pdf")));
        v.push(("GET", format!("{base}/tep.docx")));
        v.push(("POST", format!("{base}/gui")));
    }
    v
}

fn snapshot(ws: &Path, agency: &str) -> Vec<(String, String)> {
    let dir = ws.join("data").join(agency);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn nothing_without_a_session_and_no_agency_reaches_another() {
    let ws = sample_workspace("serve-access");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let before = snapshot(&ws, B);
    // No session: refused everywhere, the home page and the desk included.
    let mut all = urls(B);
    all.push(("GET", "/".into()));
    all.push(("GET", "/tong-hop".into()));
    for (method, url) in &all {
        let r = app.call(method, url, None, Some(String::new())).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {url}");
    }
    // Agency A against B: refused, even with A's valid CSRF token.
    let a = app.login(&secrets[0]).await;
    let page = app
        .get(&format!("/co-quan/{A}/bao-cao-nam"), Some(&a))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.hidden("_csrf");
    for (method, url) in urls(B) {
        let form = encode(&[("_csrf", &csrf), ("so", "1"), ("phien_ban", "moi")]);
        let r = app.call(method, &url, Some(&a), Some(form)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {url}");
    }
    assert_eq!(
        app.get("/tong-hop", Some(&a)).await.status,
        StatusCode::FORBIDDEN
    );
    // The desk reads B but changes nothing of it.
    let desk = app.login(&secrets[1]).await;
    assert_eq!(
        app.get("/tong-hop", Some(&desk)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/co-quan/{B}/bao-cao-nam/xem"), Some(&desk))
            .await
            .status,
        StatusCode::OK
    );
    for (method, url) in urls(B).into_iter().filter(|(m, _)| *m == "POST") {
        let r = app
            .call(method, &url, Some(&desk), Some(encode(&[("so", "1")])))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "desk {method} {url}");
    }
    assert_eq!(
        app.get(&format!("/co-quan/{B}/bao-cao-nam"), Some(&desk))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(snapshot(&ws, B), before, "B's files changed");
    // A wrong secret opens nothing; a revoked link ends its sessions.
    assert_eq!(
        app.get("/vao/00ff", None).await.status,
        StatusCode::FORBIDDEN
    );
    vanban::serve::access::issue(&ws, &[A.to_string()], true, "2026-01-01").unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/vao/".to_string().as_str(), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn csrf_traversal_and_oversize_bodies_are_refused() {
    let ws = sample_workspace("serve-csrf");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let before = snapshot(&ws, A);
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let fields = form_fields(&page.text());
    let changed = with(&fields, &[("so_lieu/cbccvc", "64")]);
    for csrf in [None, Some("sai"), Some("")] {
        let mut f: Vec<(String, String)> = changed
            .iter()
            .filter(|(k, _)| k != "_csrf")
            .cloned()
            .collect();
        if let Some(c) = csrf {
            f.push(("_csrf".into(), c.into()));
        }
        let r = app.post(&url, Some(&a), &as_refs(&f)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "csrf {csrf:?}");
        let r = app
            .post(&format!("{url}/gui"), Some(&a), &as_refs(&f))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "send, csrf {csrf:?}");
    }
    for bad in [
        format!("/co-quan/{A}/..%2F..%2Fvanban.yaml"),
        format!("/co-quan/{A}/..%2Fso-y-te%2Fbao-cao-nam"),
        format!("/co-quan/{A}/co-quan"),
        format!("/co-quan/{A}/bao-cao-nam.yaml"),
        "/co-quan/..%2Fdata/bao-cao-nam".to_string(),
        format!("/co-quan/{A}/bao-cao-nam/..%2F..%2Fco-quan.yaml"),
    ] {
        let r = app.get(&bad, Some(&a)).await;
        assert!(
            r.status == StatusCode::NOT_FOUND || r.status == StatusCode::FORBIDDEN,
            "{bad}: {}",
            r.status
        );
        let r = app.post(&bad, Some(&a), &as_refs(&changed)).await;
        assert!(r.status.is_client_error(), "POST {bad}: {}", r.status);
    }
    let huge = "x".repeat(vanban::serve::MAX_BODY_BYTES + 1);
    let r = app
        .post(
            &url,
            Some(&a),
            &[("_csrf", &page.hidden("_csrf")), ("dac_diem", &huge)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(snapshot(&ws, A), before, "a refused request changed a file");
}

#[tokio::test]
async fn a_save_is_checked_kept_audited_and_never_loses_an_update() {
    let ws = sample_workspace("serve-save");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let rel = format!("data/{A}/bao-cao-nam.yaml");
    let original = read(&ws, &rel);

    // Untouched form: nothing written, no version, no audit line.
    let page = app.get(&url, Some(&a)).await;
    let fields = form_fields(&page.text());
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(read(&ws, &rel), original);
    assert!(vanban::serve::store::audit_lines(&ws).is_empty());

    // Part > whole: refused, the error beside the part's field, what was typed kept.
    let bad = with(
        &fields,
        &[
            ("so_lieu/cbccvc_quan_triet", "70"),
            ("dac_diem", "Dòng mới đã gõ."),
        ],
    );
    let r = app.post(&url, Some(&a), &as_refs(&bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    let at = text
        .find("id=\"loi-so_lieu/cbccvc_quan_triet\"")
        .expect("error beside the field");
    let beside = &text[at..at + 400];
    assert!(
        beside.contains("lớn hơn") && !beside.contains("hidden"),
        "{beside}"
    );
    assert!(
        text.contains("value=\"70\"") && text.contains("Dòng mới đã gõ."),
        "typed values lost"
    );
    assert_eq!(read(&ws, &rel), original);

    // Fixed: saved; the old version kept, an audit line, the same YAML a person writes.
    let good = with(
        &fields,
        &[
            ("so_lieu/cbccvc_quan_triet", "60"),
            ("so_lieu/cbccvc", "1.073"),
        ],
    );
    let r = app.post(&url, Some(&a), &as_refs(&good)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let now = read(&ws, &rel);
    assert!(
        now.contains("  cbccvc: 1073\n") && now.contains("  cbccvc_quan_triet: 60\n"),
        "{now}"
    );
    // Sent before: the change is a draft, never a re-sending; what was sent is kept as
    // the first sending.
    assert!(!now.contains("ngay_gui_lai"), "{now}");
    let changed_lines = now.lines().filter(|l| !original.contains(l)).count();
    assert_eq!(changed_lines, 2, "only what was edited changes:\n{now}");
    let (sent, _) = vanban::load::submissions::sendings(&ws, A, "bao-cao-nam");
    assert_eq!(sent.len(), 1);
    assert_eq!(std::fs::read_to_string(sent[0].file()).unwrap(), original);
    let kept = vanban::serve::store::versions(&ws, &ws.join(&rel));
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), original);
    let audit = vanban::serve::store::audit_lines(&ws);
    assert_eq!(audit.len(), 1);
    assert!(
        audit[0].contains(&format!("\t{A} [")) && audit[0].contains(&rel),
        "{}",
        audit[0]
    );

    // Two people on the same version: the second gets a conflict with both versions.
    let first = with(&fields, &[("so_lieu/thu_xin_loi", "30")]);
    let second = with(&fields, &[("so_lieu/thu_xin_loi", "29")]);
    let stale_version = fields
        .iter()
        .find(|(k, _)| k == "phien_ban")
        .unwrap()
        .1
        .clone();
    let page = app.get(&url, Some(&a)).await;
    let fresh = with(&first, &[("phien_ban", &page.hidden("phien_ban"))]);
    assert_eq!(
        app.post(&url, Some(&a), &as_refs(&fresh)).await.status,
        StatusCode::SEE_OTHER
    );
    let saved_by_first = read(&ws, &rel);
    let r = app
        .post(
            &url,
            Some(&a),
            &as_refs(&with(&second, &[("phien_ban", &stale_version)])),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text();
    assert!(
        text.contains("thu_xin_loi: 30"),
        "the other version is shown"
    );
    assert!(
        text.contains("value=\"29\""),
        "what this user typed is kept"
    );
    assert_eq!(read(&ws, &rel), saved_by_first, "last write won");
    // Saving again from the conflict page is a deliberate overwrite.
    let again = with(&form_fields(&text), &[]);
    assert_eq!(
        app.post(&url, Some(&a), &as_refs(&again)).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(read(&ws, &rel).contains("thu_xin_loi: 29"));
    // A change made by hand shows in the form (the server looks at the files again after
    // at most RECHECK).
    let by_hand = read(&ws, &rel).replace("thu_xin_loi: 29", "thu_xin_loi: 28");
    std::fs::write(ws.join(&rel), by_hand).unwrap();
    std::thread::sleep(vanban::serve::RECHECK + std::time::Duration::from_millis(50));
    let page = app.get(&url, Some(&a)).await;
    assert!(
        page.text().contains("value=\"28\""),
        "a hand edit is not picked up"
    );
    // No check file is left behind.
    let stray: Vec<_> = std::fs::read_dir(ws.join("data").join(A))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[tokio::test]
async fn downloads_equal_the_build_and_sending_shows_in_the_status() {
    let ws = sample_workspace("serve-files");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let out = vanban::build::run(&ws, &vanban::build::Options::default(), &|_: &Path| {});
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    for doc in [
        "ke-hoach",
        "bao-cao-6-thang",
        "bao-cao-nam",
        "ho-so-cham-diem",
    ] {
        for ext in ["pdf", "docx"] {
            let r = app
                .get(&format!("/co-quan/{A}/{doc}/tep.{ext}?tai=1"), Some(&a))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{doc}.{ext}");
            let built = std::fs::read(ws.join(format!("output/{A}/{doc}.{ext}"))).unwrap();
            assert!(r.body == built, "{doc}.{ext} differs from vanban build");
        }
    }
    // A new document: drafted, previewed, sent; the status and the desk show it.
    std::fs::remove_file(ws.join(format!("data/{A}/bao-cao-nam.yaml"))).unwrap();
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let home = app.get(&format!("/co-quan/{A}"), Some(&a)).await.text();
    assert!(home.contains("chưa có"), "{home}");
    let page = app.get(&url, Some(&a)).await;
    assert_eq!(page.hidden("phien_ban"), "moi");
    let fields = with(
        &form_fields(&page.text()),
        &[
            ("so", "301"),
            ("ngay", "2025-10-20"),
            ("so_lieu/cbccvc", "63"),
            ("so_lieu/cbccvc_quan_triet", "63"),
            ("dac_diem", "Đặc điểm thứ nhất.\nĐặc điểm thứ hai."),
        ],
    );
    let r = app.post(&url, Some(&a), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let yaml = read(&ws, &format!("data/{A}/bao-cao-nam.yaml"));
    assert_eq!(
        yaml,
        "so: 301\nngay: 2025-10-20\nso_lieu:\n  cbccvc: 63\n  cbccvc_quan_triet: 63\ndac_diem:\n  - Đặc điểm thứ nhất.\n  - Đặc điểm thứ hai.\n"
    );
    let home = app.get(&format!("/co-quan/{A}"), Some(&a)).await.text();
    assert!(home.contains("đang soạn"), "{home}");
    let preview = app.get(&format!("{url}/xem"), Some(&a)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let r = app
        .post(
            &format!("{url}/gui"),
            Some(&a),
            &[
                ("_csrf", &preview.hidden("_csrf")),
                ("phien_ban", &preview.hidden("phien_ban")),
                ("xac_nhan", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let today = vanban::campaign::dates::today();
    let yaml = read(&ws, &format!("data/{A}/bao-cao-nam.yaml"));
    assert!(
        yaml.ends_with(&format!("ngay_gui: {}\n", today.format("%Y-%m-%d"))),
        "{yaml}"
    );
    let shown = vanban::ground::nd30::short_date(today);
    let home = app.get(&format!("/co-quan/{A}"), Some(&a)).await.text();
    assert!(home.contains(&format!("đã gửi ngày {shown}")), "{home}");
    let desk = app.login(&secrets[1]).await;
    let status = app.get("/tong-hop", Some(&desk)).await.text();
    assert!(
        status.contains(&format!("({shown})")),
        "the desk shows the sending"
    );
}

#[tokio::test]
async fn every_form_of_the_sample_and_the_dong_nai_example_opens() {
    for (ws, tag) in [
        (sample_workspace("serve-forms"), "sample"),
        (
            example_workspace("dong-nai-2026", "serve-forms-dn"),
            "dong-nai",
        ),
    ] {
        let (campaign, _) = vanban::campaign::open(&ws);
        let ids: Vec<String> = campaign.agencies.iter().map(|a| a.id.clone()).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let secrets = links(&ws, &refs);
        let app = App::new(&ws);
        let mut figures = 0;
        let mut criteria = 0;
        for (agency, secret) in campaign.agencies.iter().zip(&secrets) {
            let c = app.login(secret).await;
            let home = app.get(&format!("/co-quan/{}", agency.id), Some(&c)).await;
            assert_eq!(home.status, StatusCode::OK, "{tag} {}", agency.id);
            for d in &agency.documents {
                let r = app
                    .get(&format!("/co-quan/{}/{}", agency.id, d.name), Some(&c))
                    .await;
                assert_eq!(
                    r.status,
                    StatusCode::OK,
                    "{tag} {}/{}: {}",
                    agency.id,
                    d.name,
                    r.text()
                );
                let text = r.text();
                figures += text.matches("name=\"so_lieu/").count();
                criteria += text.matches("class=\"diem\"").count();
                // A form posted back untouched changes nothing.
                let before = std::fs::read(&d.path).unwrap();
                let post = app
                    .post(
                        &format!("/co-quan/{}/{}", agency.id, d.name),
                        Some(&c),
                        &as_refs(&form_fields(&text)),
                    )
                    .await;
                assert_eq!(
                    post.status,
                    StatusCode::SEE_OTHER,
                    "{tag} {}/{}: {}",
                    agency.id,
                    d.name,
                    post.text()
                );
                assert!(
                    std::fs::read(&d.path).unwrap() == before,
                    "{tag} {}/{} rewritten",
                    agency.id,
                    d.name
                );
            }
        }
        let catalogue = campaign
            .plan
            .as_ref()
            .map_or(0, |p| p.catalogue.indicators.len());
        assert!(
            catalogue > 0 && figures >= catalogue,
            "{tag}: {figures} figure fields"
        );
        assert!(criteria > 0, "{tag}: no dossier form");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_saves_on_one_version_exactly_one_wins() {
    let ws = sample_workspace("serve-race");
    let secrets = links(&ws, &[A]);
    let app = std::sync::Arc::new(App::new(&ws));
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let fields = form_fields(&app.get(&url, Some(&a)).await.text());
    let mut tasks = Vec::new();
    for i in 0..12 {
        let (app, a, url) = (app.clone(), a.clone(), url.clone());
        let mine = with(&fields, &[("so_lieu/thu_xin_loi", &(100 + i).to_string())]);
        tasks.push(tokio::spawn(async move {
            (i, app.post(&url, Some(&a), &as_refs(&mine)).await.status)
        }));
    }
    let mut won = Vec::new();
    for t in tasks {
        let (i, status) = t.await.unwrap();
        match status {
            StatusCode::SEE_OTHER => won.push(i),
            StatusCode::CONFLICT => {}
            other => panic!("save {i}: {other}"),
        }
    }
    assert_eq!(won.len(), 1, "winners: {won:?}");
    let now = read(&ws, &format!("data/{A}/bao-cao-nam.yaml"));
    assert!(
        now.contains(&format!("thu_xin_loi: {}\n", 100 + won[0])),
        "{now}"
    );
    assert_eq!(vanban::serve::store::audit_lines(&ws).len(), 1);
}

/// A server killed in the middle of saves leaves each file whole (the old or a new
/// version), and its next start clears the temporary files.
#[test]
fn a_killed_server_leaves_whole_files() {
    use support::webdriver::{http, port_of, serve};
    let ws = sample_workspace("serve-kill");
    let secrets = links(&ws, &[A]);
    let rel = format!("data/{A}/bao-cao-nam.yaml");
    let mut known = vec![read(&ws, &rel)];
    let (mut server, base) = serve(&ws);
    let port = port_of(&base);
    let (_, head, _) = http(port, "GET", &format!("/vao/{}", secrets[0]), &[], b"").unwrap();
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let (cookie, url, stop) = (cookie.clone(), url.clone(), stop.clone());
        writers.push(std::thread::spawn(move || {
            let mut texts = Vec::new();
            for i in 0.. {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let Ok((_, _, page)) = http(port, "GET", &url, &[("Cookie", &cookie)], b"") else {
                    break;
                };
                let page = String::from_utf8_lossy(&page).into_owned();
                if !page.contains("id=\"van-ban\"") {
                    break;
                }
                let text = format!("Lần lưu {i} của người {w}: {}", "dài ".repeat(200));
                let fields = with(&form_fields(&page), &[("dac_diem", &text)]);
                let body = encode(&as_refs(&fields));
                texts.push(text);
                let sent = http(
                    port,
                    "POST",
                    &url,
                    &[
                        ("Cookie", &cookie),
                        ("Content-Type", "application/x-www-form-urlencoded"),
                    ],
                    body.as_bytes(),
                );
                if sent.is_err() {
                    break;
                }
            }
            texts
        }));
    }
    std::thread::sleep(std::time::Duration::from_millis(700));
    // SIGKILL: no chance to clean up.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut saved = 0;
    for w in writers {
        let texts = w.join().unwrap();
        saved += texts.len();
        known.extend(texts);
    }
    assert!(saved > 3, "too few saves before the kill: {saved}");
    let now = read(&ws, &rel);
    let parsed: Result<serde_json::Value, _> = serde_saphyr::from_str(&now);
    assert!(parsed.is_ok(), "torn file:\n{now}");
    let first = parsed.unwrap()["dac_diem"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        known.iter().any(|k| k.trim() == first) || first.starts_with("Sở Tư pháp có 05"),
        "not one of the versions written:\n{now}"
    );
    // The next start removes what the killed one left half-done, and logs the file's
    // version if the kill fell between writing it and logging it.
    let (_again, _) = serve(&ws);
    let mut last = std::collections::BTreeMap::new();
    for line in vanban::serve::store::audit_lines(&ws) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "audit line: {line}");
        last.insert(f[3].to_string(), f[4].to_string());
    }
    assert_eq!(
        last.get(&rel).map(String::as_str),
        Some(vanban::serve::store::version_of(Some(now.as_bytes())).as_str()),
        "the audit log's last version of the file is not the file"
    );
    let stray: Vec<String> = std::fs::read_dir(ws.join("data").join(A))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

/// Keys written empty on purpose (`mo_dau: []`, `ket_luan: ""`: no opening, no closing)
/// survive a form posted back untouched.
#[tokio::test]
async fn empty_on_purpose_stays_empty() {
    let ws = sample_workspace("serve-empty");
    let rel = format!("data/{A}/bao-cao-6-thang.yaml");
    let text = read(&ws, &rel) + "mo_dau: []\nket_luan: \"\"\n";
    std::fs::write(ws.join(&rel), &text).unwrap();
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-6-thang");
    let page = app.get(&url, Some(&a)).await;
    let r = app
        .post(&url, Some(&a), &as_refs(&form_fields(&page.text())))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(read(&ws, &rel), text);
}

/// An outline with content in its own order is kept as the file has it.
#[tokio::test]
async fn an_outline_with_ordered_parts_is_left_as_written() {
    let ws = sample_workspace("serve-parts");
    let rel = format!("data/{A}/ke-hoach.yaml");
    let text = read(&ws, &rel) + "noi_dung:\n  - tieu_de: NHIỆM VỤ\n    noi_dung:\n      - doan: Một đoạn.\n      - y: Một gạch.\n      - doan: Đoạn sau gạch.\n";
    std::fs::write(ws.join(&rel), &text).unwrap();
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/ke-hoach");
    let page = app.get(&url, Some(&a)).await;
    assert!(
        page.text().contains("được giữ nguyên như đã soạn"),
        "{}",
        page.text()
    );
    let changed = with(&form_fields(&page.text()), &[("so", "4")]);
    let r = app.post(&url, Some(&a), &as_refs(&changed)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let now = read(&ws, &rel);
    assert!(
        now.starts_with("so: 4\n") && now.contains("      - doan: Đoạn sau gạch.\n"),
        "{now}"
    );
}
