//! `vanban serve` through a long season: stalled and half-open connections, Ctrl-C, links
//! revoked from the command line while people log in, a links file that cannot be read for
//! a moment, logging out, the headers every answer carries, forms too large to save.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use support::web::*;
use support::webdriver::{http, port_of, serve_with};
use support::*;

const A: &str = "so-tu-phap";

fn vanban(args: &[&str]) -> String {
    run_vanban(args)
}

/// The secret of `agency`'s link in `vanban lien-ket`'s output.
fn secret_of(printed: &str, agency: &str) -> String {
    printed
        .lines()
        .find(|l| l.starts_with(&format!("{agency}\t")))
        .and_then(|l| l.rsplit("/vao/").next())
        .unwrap_or_else(|| panic!("no link for {agency} in {printed}"))
        .to_string()
}

fn get(port: u16, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut headers = vec![];
    if let Some(c) = cookie {
        headers.push(("Cookie", c));
    }
    let (status, head, _) = http(port, "GET", path, &headers, b"").expect("server answers");
    (status, head)
}

/// The session cookie a login's answer sets.
fn cookie_of(head: &str) -> String {
    head.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie:")
                .then(|| l["set-cookie:".len()..].trim().to_string())
        })
        .and_then(|c| c.split(';').next().map(str::to_string))
        .expect("a cookie")
}

#[test]
fn stalled_connections_lock_nobody_out_and_ctrl_c_still_stops_the_server() {
    let ws = sample_workspace("season-conn");
    let w = ws.to_str().expect("utf-8 path");
    // This test holds 1,100 connections itself: raise its own soft limit where it is lower.
    let _ = Command::new("prlimit")
        .args(["--pid", &std::process::id().to_string(), "--nofile=4096:"])
        .status();
    let secret = secret_of(&vanban(&["lien-ket", "-w", w, "-a", A]), A);
    // The usual limit of open files, and a short wait so the test does not take long.
    let (mut server, base) = serve_with(&ws, &["prlimit", "--nofile=1024:1024"], &["--cho", "2"]);
    let port = port_of(&base);
    let (status, head) = get(port, &format!("/vao/{secret}"), None);
    assert_eq!(status, 303);
    let cookie = cookie_of(&head);
    assert_eq!(get(port, &format!("/co-quan/{A}"), Some(&cookie)).0, 200);

    // 1,100 connections that send nothing, more than the server may hold open.
    let idle: Vec<TcpStream> = (0..1100)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connects"))
        .collect();
    // Meanwhile the clerk is either served or told the server is busy, never logged out.
    let (status, _) = get(port, &format!("/co-quan/{A}"), Some(&cookie));
    assert!(status == 200 || status == 503, "status {status}");
    // The silent connections are closed after the wait, and the session still works.
    std::thread::sleep(Duration::from_secs(3));
    let mut closed = 0;
    for mut c in idle {
        c.set_read_timeout(Some(Duration::from_millis(200))).ok();
        let mut buf = Vec::new();
        if c.read_to_end(&mut buf).is_ok() {
            closed += 1;
        }
    }
    assert_eq!(closed, 1100, "silent connections left open");
    assert_eq!(get(port, &format!("/co-quan/{A}"), Some(&cookie)).0, 200);

    // A client that stops half way through its headers and one half way through its body
    // do not keep Ctrl-C from stopping the server.
    let mut half_head = TcpStream::connect(("127.0.0.1", port)).unwrap();
    half_head
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut half_body = TcpStream::connect(("127.0.0.1", port)).unwrap();
    half_body
        .write_all(
            b"POST /thoat HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n_csrf=",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // The server is the child of prlimit, which execs it: the same process.
    let pid = server.0.id().to_string();
    let t = Instant::now();
    // The shell's own kill: no procps needed.
    assert!(Command::new("sh")
        .args(["-c", &format!("kill -INT {pid}")])
        .status()
        .unwrap()
        .success());
    let code = server.0.wait().expect("server ends");
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "Ctrl-C took {:?}",
        t.elapsed()
    );
    assert!(code.success(), "{code:?}");
}

#[test]
fn a_revoke_from_the_command_line_holds_while_people_log_in() {
    let ws = sample_workspace("season-revoke");
    let w = ws.to_str().expect("utf-8 path");
    let others = ["so-y-te", "so-tai-chinh", "so-noi-vu", "tong-hop"];
    let mut args = vec!["lien-ket", "-w", w];
    for o in others {
        args.extend(["-a", o]);
    }
    let printed = vanban(&args);
    let other_secrets: Vec<String> = others.iter().map(|o| secret_of(&printed, o)).collect();
    let (_server, base) = serve_with(&ws, &[], &[]);
    let port = port_of(&base);
    // Four loops logging in with other links all the while.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loops: Vec<_> = other_secrets
        .into_iter()
        .map(|secret| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    assert_eq!(get(port, &format!("/vao/{secret}"), None).0, 303);
                    n += 1;
                }
                n
            })
        })
        .collect();
    for round in 0..30 {
        let secret = secret_of(&vanban(&["lien-ket", "-w", w, "-a", A]), A);
        assert_eq!(
            get(port, &format!("/vao/{secret}"), None).0,
            303,
            "round {round}: a newly issued link does not open"
        );
        vanban(&["lien-ket", "-w", w, "-a", A, "--thu-hoi"]);
        assert_eq!(
            get(port, &format!("/vao/{secret}"), None).0,
            403,
            "round {round}: a revoked link still opens a session"
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let logins: usize = loops.into_iter().map(|l| l.join().expect("loop")).sum();
    assert!(logins > 30, "the logins did not run alongside ({logins})");
    // Logins never rewrote the links file: it holds what the command line wrote last.
    let links = vanban::serve::access::read_links(&ws).expect("links readable");
    assert!(links.iter().all(|l| l.id != A));
    assert_eq!(links.len(), others.len());
}

#[tokio::test]
async fn a_links_file_that_cannot_be_read_logs_nobody_out() {
    let ws = sample_workspace("season-links-file");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let file = vanban::serve::access::links_path(&ws);
    let kept = std::fs::read(&file).unwrap();
    // Gone for a moment, then damaged, then a folder: the session goes on.
    std::fs::remove_file(&file).unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
    std::fs::write(&file, "lien_ket: [\n").unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
    std::fs::remove_dir(&file).unwrap();
    std::fs::write(&file, kept).unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
    // A revoke still ends it.
    vanban::serve::access::issue(&ws, &[A.to_string()], true, "2026-01-01").unwrap();
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn logging_out_asks_first_and_ends_the_session() {
    let ws = sample_workspace("season-logout");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let page = app.get(&format!("/co-quan/{A}"), Some(&a)).await;
    assert!(page.text().contains("href=\"/thoat\""), "no way out");
    let ask = app.get("/thoat", Some(&a)).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.text().contains("Thoát khỏi vanban"));
    // Without the page's token nothing happens.
    let r = app.post("/thoat", Some(&a), &[("_csrf", "sai")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
    let r = app
        .post("/thoat", Some(&a), &[("_csrf", &ask.hidden("_csrf"))])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Đã thoát"));
    assert!(r
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains("Max-Age=0")));
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn links_issued_on_the_web_use_the_servers_address_not_the_requests() {
    let ws = sample_workspace("season-origin");
    let secrets = links(&ws, &["tong-hop"]);
    let server = vanban::serve::Server::new(
        &ws,
        vanban::serve::Options {
            origin: "https://vanban.tayninh.gov.vn".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let app = App {
        router: vanban::serve::router(server.clone()),
        server,
    };
    let desk = app.login(&secrets[0]).await;
    let page = app.get("/tong-hop/lien-ket", Some(&desk)).await;
    let r = app
        .call_with(
            "POST",
            "/tong-hop/lien-ket",
            &[("host", "ke-gian.example")],
            Some(&desk),
            Some(encode(&[
                ("_csrf", &page.hidden("_csrf")),
                ("ma", A),
                ("thao_tac", "cap"),
            ])),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(
        text.contains("https://vanban.tayninh.gov.vn/vao/"),
        "{text}"
    );
    assert!(!text.contains("ke-gian"));
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let ws = sample_workspace("season-headers");
    let secrets = links(&ws, &[A, "tong-hop"]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let desk = app.login(&secrets[1]).await;
    let mut urls: Vec<(&str, String)> = vec![
        ("", "/".into()),
        ("", "/khong-co".into()),
        ("", "/vao/sai".into()),
        ("", "/tai-nguyen/app.css".into()),
        ("a", "/thoat".into()),
        ("a", format!("/co-quan/{A}")),
        ("a", format!("/co-quan/{A}/bao-cao-nam")),
        ("a", format!("/co-quan/{A}/bao-cao-nam/xem")),
        ("a", format!("/co-quan/{A}/bao-cao-nam/trang-1.svg")),
        ("a", format!("/co-quan/{A}/bao-cao-nam/tep.pdf")),
        ("a", format!("/co-quan/{A}/lich-su")),
        ("d", "/tong-hop".into()),
        ("d", "/tong-hop/so-lieu".into()),
        ("d", "/tong-hop/lien-ket".into()),
        ("d", "/tong-hop/bieu-do/xep-loai.svg".into()),
        ("d", "/tong-hop/tong-hop.xlsx".into()),
    ];
    urls.push(("a", "/co-quan/so-y-te/bao-cao-nam".into()));
    for (who, url) in urls {
        let cookie = match who {
            "a" => Some(a.as_str()),
            "d" => Some(desk.as_str()),
            _ => None,
        };
        let r = app.get(&url, cookie).await;
        let h = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(h("x-content-type-options"), "nosniff", "{url}");
        assert_eq!(h("x-frame-options"), "DENY", "{url}");
        let csp = h("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{url}: {csp}");
        assert!(!csp.contains("script-src 'unsafe"), "{url}: {csp}");
        assert!(!h("referrer-policy").is_empty(), "{url}");
        // No HSTS without --https.
        assert!(h("strict-transport-security").is_empty(), "{url}");
    }
    // Posts, refused or not, carry them too.
    for (cookie, url) in [
        (&a, format!("/co-quan/{A}/bao-cao-nam")),
        (&a, format!("/co-quan/{A}/bao-cao-nam/gui")),
        (&a, "/thoat".to_string()),
        (&desk, "/tong-hop/khoa".to_string()),
        (&desk, "/tong-hop/lien-ket".to_string()),
        (&desk, format!("/co-quan/{A}/bao-cao-nam/tra-lai")),
    ] {
        let r = app.post(&url, Some(cookie), &[("_csrf", "sai")]).await;
        let csp = r
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "POST {url}: {csp}");
        assert!(
            r.headers.get("x-content-type-options").is_some(),
            "POST {url}"
        );
    }
}

#[tokio::test]
async fn a_form_too_large_gets_a_vietnamese_page() {
    let ws = sample_workspace("season-oversize");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let huge = "x".repeat(vanban::serve::MAX_BODY_BYTES + 1);
    let r = app
        .post(
            &url,
            Some(&a),
            &[("_csrf", &page.hidden("_csrf")), ("dac_diem", &huge)],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let text = r.text();
    assert!(
        text.contains("quá lớn") && text.contains("Quay lại"),
        "{text}"
    );
    assert!(text.contains("lang=\"vi\""));
}

#[tokio::test]
async fn text_that_looks_like_yaml_in_any_field_saves_and_the_form_opens_again() {
    let ws = sample_workspace("season-inf");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let mut saved = 0;
    for doc in [
        "ke-hoach",
        "bao-cao-6-thang",
        "bao-cao-nam",
        "ho-so-cham-diem",
    ] {
        let url = format!("/co-quan/{A}/{doc}");
        let page = app.get(&url, Some(&a)).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        let fields = form_fields(&page.text());
        let names: Vec<String> = fields
            .iter()
            .map(|(k, _)| k.clone())
            // Choices of a list (an outline row's level and kind) take no typed text.
            .filter(|k| {
                !k.starts_with('_') && !["phien_ban", "dm_cap", "dm_loai"].contains(&k.as_str())
            })
            .collect();
        for name in names {
            let page = app.get(&url, Some(&a)).await;
            assert_eq!(page.status, StatusCode::OK, "{url} after {name}");
            let fields = form_fields(&page.text());
            // A bonus's or penalty's explanation is kept with its amount.
            let amount = name
                .strip_suffix("/giai_trinh")
                .filter(|p| p.starts_with("dt/") || p.starts_with("tru/"))
                .map(|p| format!("{p}/gia_tri"));
            let mut changes = vec![(name.as_str(), "+.inf")];
            if let Some(a) = &amount {
                changes.push((a.as_str(), "1"));
            }
            let posted = with(&fields, &changes);
            let r = app.post(&url, Some(&a), &as_refs(&posted)).await;
            if r.status == StatusCode::SEE_OTHER {
                saved += 1;
                let again = app.get(&url, Some(&a)).await;
                assert_eq!(again.status, StatusCode::OK, "{url}: {name} = +.inf");
                let back = form_fields(&again.text());
                assert!(
                    back.iter().any(|(k, v)| *k == name && v == "+.inf"),
                    "{url}: {name} did not come back as typed"
                );
                // And the build reads it as the same text.
                let (campaign, diags) = vanban::campaign::open(&ws);
                assert!(
                    !diags.iter().any(|d| !d.warning),
                    "{name}: {:?}",
                    diags.iter().filter(|d| !d.warning).collect::<Vec<_>>()
                );
                drop(campaign);
            } else {
                // A number field refuses it with an error beside the field; the file stays.
                assert!(r.status.is_client_error(), "{url} {name}: {}", r.status);
            }
        }
    }
    assert!(saved > 20, "only {saved} fields took text");
}

#[tokio::test]
async fn a_document_over_the_size_limit_is_refused_at_its_field_with_the_text_kept() {
    let ws = sample_workspace("season-long");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/bao-cao-nam");
    let page = app.get(&url, Some(&a)).await;
    let before = std::fs::read(ws.join(format!("data/{A}/bao-cao-nam.yaml"))).unwrap();
    // 1.2 MB of Vietnamese in one box: under the form limit, over a document's.
    let long = "Tiếp tục quán triệt. ".repeat(52_000);
    let fields = form_fields(&page.text());
    let name = fields
        .iter()
        .map(|(k, _)| k.as_str())
        .find(|k| *k == "dac_diem")
        .expect("a prose field");
    let posted = with(&fields, &[(name, long.trim())]);
    let r = app.post(&url, Some(&a), &as_refs(&posted)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("quá mức tối đa 1.024 KB"), "no size message");
    assert!(text.contains("Ô này dài"), "the field is not named");
    let back = form_fields(&text);
    assert!(
        back.iter()
            .any(|(k, v)| k == "dac_diem" && v == long.trim()),
        "the typed text was lost"
    );
    assert_eq!(
        std::fs::read(ws.join(format!("data/{A}/bao-cao-nam.yaml"))).unwrap(),
        before
    );
}

#[tokio::test]
async fn comparing_two_huge_versions_ten_times_at_once_keeps_the_server_up() {
    let ws = sample_workspace("season-history");
    let secrets = links(&ws, &[A]);
    let app = App::new(&ws);
    let a = app.login(&secrets[0]).await;
    // Two kept versions of 20,000 lines each with nothing in common, as the store keeps them.
    let file = ws.join(format!("data/{A}/bao-cao-nam.yaml"));
    let kept = ws.join(format!(".vanban/phien-ban/{A}/bao-cao-nam"));
    std::fs::create_dir_all(&kept).unwrap();
    for (stamp, tag) in [("20250101T000000", "a"), ("20250102T000000", "b")] {
        let text: String = (0..20_000)
            .map(|i| format!("# dòng {tag}{i}\n"))
            .collect::<String>()
            + &std::fs::read_to_string(&file).unwrap();
        std::fs::write(kept.join(format!("{stamp}-{tag}.yaml")), text).unwrap();
    }
    let url = format!(
        "/co-quan/{A}/lich-su?van_ban=bao-cao-nam&tu=20250101T000000-a.yaml&den=20250102T000000-b.yaml"
    );
    let app = std::sync::Arc::new(app);
    let mut all = Vec::new();
    for _ in 0..10 {
        let (app, a, url) = (app.clone(), a.clone(), url.clone());
        all.push(tokio::spawn(async move { app.get(&url, Some(&a)).await }));
    }
    for r in all {
        let r = r.await.unwrap();
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("dòng thay đổi không hiện ở đây"));
    }
    assert_eq!(
        app.get(&format!("/co-quan/{A}"), Some(&a)).await.status,
        StatusCode::OK
    );
}

#[test]
fn a_damaged_links_file_stops_the_start_with_advice_to_restore_it() {
    let ws = sample_workspace("season-links-damaged");
    let w = ws.to_str().expect("utf-8 path");
    vanban(&["lien-ket", "-w", w, "-a", A]);
    std::fs::write(
        vanban::serve::access::links_path(&ws),
        "lien_ket: [\n  - ma: a\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "-w", w, "--dia-chi", "127.0.0.1:0"])
        .output()
        .expect("vanban runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("khôi phục .vanban/lien-ket.yaml"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Chưa có liên kết nào"));
}
