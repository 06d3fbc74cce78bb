//! `cargo bench --bench season [-- N CYCLES]`: a season on one `vanban serve`, in-process
//! (no network), with the binary's allocator. A generated province of N agencies (default
//! 1,000); CYCLES times (default 10,000) one agency edits its annual report, saves it, opens
//! the preview (laid out anew) and downloads the PDF, two at a time. The server's resident
//! memory is sampled as it goes. Prints the table the README shows.

#[path = "../tests/it/support/web.rs"]
#[allow(dead_code)]
mod web;

use std::sync::Arc;
use std::time::Instant;

use axum::http::StatusCode;
use web::*;

#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Resident memory of this process, MB.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// One cycle for agency `id`: the form, a save, the preview, the PDF.
async fn cycle(app: &App, id: &str, cookie: &str, n: usize) {
    let url = format!("/co-quan/{id}/bao-cao-nam");
    let page = app.get(&url, Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = format!("Lần sửa thứ {n} của cơ quan.");
    let fields = with(&form_fields(&page.text()), &[("dac_diem", &text)]);
    let r = app.post(&url, Some(cookie), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = app.get(&format!("{url}/xem"), Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.get(&format!("{url}/trang-1.svg"), Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.get(&format!("{url}/tep.pdf"), Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
}

fn main() {
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = nums.first().copied().unwrap_or(1_000);
    let cycles = nums.get(1).copied().unwrap_or(10_000);
    let root = std::env::temp_dir().join(format!("vanban-bench-season-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    vanban::synth::write_workspace(&root, n).expect("workspace written");
    let (campaign, _) = vanban::campaign::open(&root);
    let ids: Vec<String> = campaign.agencies.iter().map(|a| a.id.clone()).collect();
    drop(campaign);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let secrets = links(&root, &refs);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let app = Arc::new(App::new(&root));
        let mut cookies = Vec::new();
        for s in &secrets {
            cookies.push(app.login(s).await);
        }
        let ids = Arc::new(ids);
        let cookies = Arc::new(cookies);
        let start = Instant::now();
        let at_start = rss_mb();
        let every = (cycles / 20).max(1);
        let mut samples: Vec<(usize, f64, f64)> = vec![(0, at_start, 0.0)];
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        // Two clerks at a time, each taking the next cycle.
        let mut done = 0;
        while done < cycles {
            let upto = (done + every).min(cycles);
            let mut clerks = Vec::new();
            for _ in 0..2 {
                let (app, ids, cookies, next) =
                    (app.clone(), ids.clone(), cookies.clone(), next.clone());
                clerks.push(tokio::spawn(async move {
                    loop {
                        let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if c >= upto {
                            next.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                            break;
                        }
                        let k = c % ids.len();
                        cycle(&app, &ids[k], &cookies[k], c).await;
                    }
                }));
            }
            for c in clerks {
                c.await.expect("clerk");
            }
            done = upto;
            let rss = rss_mb();
            samples.push((done, rss, start.elapsed().as_secs_f64()));
            eprintln!("{done} chu kỳ: {rss:.0} MB, {:.0} s", start.elapsed().as_secs_f64());
        }
        let last = samples.last().expect("samples").1;
        let half = samples
            .iter()
            .find(|(c, _, _)| *c >= cycles / 2)
            .expect("half")
            .1;
        let peak = samples.iter().map(|s| s.1).fold(0.0, f64::max);
        let secs = start.elapsed().as_secs_f64();
        println!("\n{n} cơ quan, {cycles} chu kỳ (mở mẫu, lưu, xem trước, tải PDF), 2 người cùng lúc:");
        println!("| Sau … chu kỳ | Bộ nhớ thường trú |");
        println!("|---:|---:|");
        for (i, (c, rss, _)) in samples.iter().enumerate() {
            if i % 4 == 0 || i + 1 == samples.len() {
                println!("| {c} | {rss:.0} MB |");
            }
        }
        println!(
            "\nĐầu: {at_start:.0} MB; giữa chừng: {half:.0} MB; cuối: {last:.0} MB; cao nhất: {peak:.0} MB; nửa sau tăng {:.0} MB; {:.1} ms một chu kỳ.",
            last - half,
            secs * 1000.0 / cycles as f64
        );
    });
    let _ = std::fs::remove_dir_all(&root);
}
