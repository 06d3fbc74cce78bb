//! `cargo bench --bench serve [-- N]`: `vanban serve`'s server time on a generated province
//! of N agencies (default 100), in-process (no network): an agency's page, a report's form,
//! a report's preview (laid out anew each time), a save, and N agencies saving their annual
//! report at the same moment (each its own file: none may be lost). Prints the table the
//! README shows.

#[path = "../tests/it/support/web.rs"]
#[allow(dead_code)]
mod web;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use web::*;

fn stats(mut d: Vec<Duration>) -> (f64, f64, f64) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(d[((d.len() as f64 - 1.0) * q).round() as usize]);
    (p(0.5), p(0.95), ms(*d.last().expect("samples")))
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let root = std::env::temp_dir().join(format!("vanban-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    vanban::synth::write_workspace(&root, n).expect("workspace written");
    let (campaign, _) = vanban::campaign::open(&root);
    let ids: Vec<String> = campaign.agencies.iter().map(|a| a.id.clone()).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let secrets = links(&root, &refs);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let t = Instant::now();
        let app = App::new(&root);
        let start_ms = t.elapsed().as_secs_f64() * 1000.0;
        let mut cookies = Vec::new();
        for s in &secrets {
            cookies.push(app.login(s).await);
        }
        let mut rows: Vec<(String, usize, (f64, f64, f64))> = Vec::new();
        let mut time = |label: &str, samples: Vec<Duration>| {
            rows.push((label.to_string(), samples.len(), stats(samples)));
        };
        // Warm: the first request reads the workspace.
        let _ = app
            .get(&format!("/co-quan/{}", ids[0]), Some(&cookies[0]))
            .await;

        let mut d = Vec::new();
        for (id, c) in ids.iter().zip(&cookies) {
            let t = Instant::now();
            let r = app.get(&format!("/co-quan/{id}"), Some(c)).await;
            d.push(t.elapsed());
            assert_eq!(r.status, StatusCode::OK);
        }
        time("Trang của cơ quan", d);

        let mut d = Vec::new();
        for (id, c) in ids.iter().zip(&cookies) {
            let t = Instant::now();
            let r = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            d.push(t.elapsed());
            assert_eq!(r.status, StatusCode::OK);
        }
        time("Mẫu nhập báo cáo năm", d);

        let mut d = Vec::new();
        for (id, c) in ids.iter().zip(&cookies).take(30) {
            let t = Instant::now();
            let r = app
                .get(&format!("/co-quan/{id}/bao-cao-nam/xem"), Some(c))
                .await;
            d.push(t.elapsed());
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
        time("Xem trước báo cáo năm (dàn trang)", d);

        // One save at a time, then everyone at once.
        let mut forms = Vec::new();
        for (id, c) in ids.iter().zip(&cookies) {
            let page = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            forms.push(form_fields(&page.text()));
        }
        let mut d = Vec::new();
        for ((id, c), f) in ids.iter().zip(&cookies).zip(&forms).take(20) {
            let mut fields = with(f, &[("dac_diem", "Lần lưu thứ nhất.")]);
            let t = Instant::now();
            let r = app
                .post(
                    &format!("/co-quan/{id}/bao-cao-nam"),
                    Some(c),
                    &as_refs(&fields),
                )
                .await;
            d.push(t.elapsed());
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
            // The next round starts from the saved version.
            let page = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            fields = form_fields(&page.text());
            let _ = fields;
        }
        time("Lưu một văn bản (kiểm tra + ghi)", d);

        let mut forms = Vec::new();
        for (id, c) in ids.iter().zip(&cookies) {
            let page = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            forms.push(form_fields(&page.text()));
        }
        let app = std::sync::Arc::new(app);
        let wall = Instant::now();
        let mut tasks = Vec::new();
        for ((id, c), f) in ids.iter().cloned().zip(cookies.iter().cloned()).zip(forms) {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!("Lưu đồng thời của {id}.");
                let fields = with(&f, &[("dac_diem", &text)]);
                let t = Instant::now();
                let r = app
                    .post(
                        &format!("/co-quan/{id}/bao-cao-nam"),
                        Some(&c),
                        &as_refs(&fields),
                    )
                    .await;
                (id, r.status, t.elapsed())
            }));
        }
        let mut d = Vec::new();
        for t in tasks {
            let (id, status, took) = t.await.expect("task");
            assert_eq!(status, StatusCode::SEE_OTHER, "{id}");
            d.push(took);
        }
        let wall = wall.elapsed();
        let lost = ids
            .iter()
            .filter(|id| {
                let text =
                    std::fs::read_to_string(root.join(format!("data/{id}/bao-cao-nam.yaml")))
                        .unwrap_or_default();
                !text.contains(&format!("Lưu đồng thời của {id}."))
            })
            .count();
        time(&format!("{n} cơ quan lưu cùng lúc (mỗi yêu cầu)"), d);

        // The desk refreshing while every agency saves again: 200 sessions at once.
        let desk = app.login(&links(&root, &["tong-hop"])[0]).await;
        let mut forms = Vec::new();
        for (id, c) in ids.iter().zip(&cookies) {
            let page = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            forms.push(form_fields(&page.text()));
        }
        let mut tasks = Vec::new();
        for ((id, c), f) in ids.iter().cloned().zip(cookies.iter().cloned()).zip(forms) {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!("Lưu lần hai của {id}.");
                let fields = with(&f, &[("dac_diem", &text)]);
                let t = Instant::now();
                let r = app
                    .post(
                        &format!("/co-quan/{id}/bao-cao-nam"),
                        Some(&c),
                        &as_refs(&fields),
                    )
                    .await;
                (true, r.status, t.elapsed())
            }));
        }
        let desk_sessions = 200usize.saturating_sub(n).max(20);
        for i in 0..desk_sessions {
            let (app, desk) = (app.clone(), desk.clone());
            tasks.push(tokio::spawn(async move {
                let url = if i % 2 == 0 {
                    "/tong-hop"
                } else {
                    "/tong-hop/so-lieu"
                };
                let t = Instant::now();
                let r = app.get(url, Some(&desk)).await;
                (false, r.status, t.elapsed())
            }));
        }
        let (mut saves, mut reads) = (Vec::new(), Vec::new());
        for t in tasks {
            let (save, status, took) = t.await.expect("task");
            assert!(
                status == StatusCode::SEE_OTHER || status == StatusCode::OK,
                "{status}"
            );
            if save {
                saves.push(took)
            } else {
                reads.push(took)
            }
        }
        let lost2 = ids
            .iter()
            .filter(|id| {
                let text =
                    std::fs::read_to_string(root.join(format!("data/{id}/bao-cao-nam.yaml")))
                        .unwrap_or_default();
                !text.contains(&format!("Lưu lần hai của {id}."))
            })
            .count();
        assert_eq!(lost2, 0, "a save was lost while the desk refreshed");
        time(&format!("Cùng lúc: {n} lần lưu…"), saves);
        time(&format!("…và {desk_sessions} lần mở trang tổng hợp"), reads);

        // The desk's pages, one after another, then while 100 agencies save at once (each
        // save changes the files, so the desk's kept data is read again).
        let desk_urls = [
            ("Trang tổng hợp", "/tong-hop"),
            ("Trang số liệu", "/tong-hop/so-lieu"),
            ("Một biểu đồ", "/tong-hop/bieu-do/gui-2.svg"),
            ("Bảng tính XLSX", "/tong-hop/tong-hop.xlsx"),
        ];
        for (label, url) in desk_urls {
            let mut d = Vec::new();
            for _ in 0..20 {
                let t = Instant::now();
                let r = app.get(url, Some(&desk)).await;
                assert_eq!(r.status, StatusCode::OK, "{url}");
                d.push(t.elapsed());
            }
            time(&format!("{label} (không ai lưu)"), d);
        }
        let savers = n.min(100);
        let mut forms = Vec::new();
        for (id, c) in ids.iter().zip(&cookies).take(savers) {
            let page = app
                .get(&format!("/co-quan/{id}/bao-cao-nam"), Some(c))
                .await;
            forms.push(form_fields(&page.text()));
        }
        let mut tasks = Vec::new();
        for ((id, c), f) in ids.iter().cloned().zip(cookies.iter().cloned()).zip(forms) {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!("Lưu lần ba của {id}.");
                let fields = with(&f, &[("dac_diem", &text)]);
                let r = app
                    .post(
                        &format!("/co-quan/{id}/bao-cao-nam"),
                        Some(&c),
                        &as_refs(&fields),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::SEE_OTHER);
            }));
        }
        for (label, url) in desk_urls {
            let mut d = Vec::new();
            for _ in 0..10 {
                let t = Instant::now();
                let r = app.get(url, Some(&desk)).await;
                assert_eq!(r.status, StatusCode::OK, "{url}");
                d.push(t.elapsed());
            }
            time(&format!("{label} (trong lúc {savers} cơ quan lưu)"), d);
        }
        for t in tasks {
            t.await.expect("save");
        }

        println!(
            "vanban serve, {n} cơ quan, thời gian phía máy chủ (ms); khởi động {start_ms:.0} ms\n"
        );
        println!("| Việc | Số lần | Trung vị | p95 | Lâu nhất |");
        println!("|---|---:|---:|---:|---:|");
        for (label, count, (p50, p95, max)) in &rows {
            println!("| {label} | {count} | {p50:.1} | {p95:.1} | {max:.1} |");
        }
        println!(
            "\n{n} lần lưu đồng thời xong sau {:.0} ms; mất {lost} lần lưu.",
            wall.as_secs_f64() * 1000.0
        );
        assert_eq!(lost, 0, "a save was lost");
    });
    let _ = std::fs::remove_dir_all(&root);
}
