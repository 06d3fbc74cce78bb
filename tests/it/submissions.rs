//! What an agency sent stays what it sent: the province's figures come from the last
//! sending (never a draft), lateness from the first sending, a ceased agency is neither
//! counted nor classified, a closed period refuses sending; over the library and over HTTP.

use crate::support;

use std::path::Path;

use axum::http::StatusCode;
use support::web::*;
use support::*;
use vanban::load::submissions::{self, Record};
use vanban::province::{sums, tracking};

const Y: &str = "so-y-te";
const Y_NAME: &str = "Sở Y tế tỉnh Tây Ninh";

fn read(ws: &Path, rel: &str) -> String {
    std::fs::read_to_string(ws.join(rel)).unwrap_or_default()
}

fn edit(ws: &Path, rel: &str, from: &str, to: &str) {
    let text = read(ws, rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(ws.join(rel), text.replacen(from, to, 1)).unwrap();
}

/// The province's total of `id` in the annual report, the agencies summed, and the agencies
/// that owe it.
fn province(ws: &Path, id: &str) -> (u64, usize, usize) {
    let (c, _) = vanban::campaign::open(ws);
    let plan = c.plan.as_ref().unwrap();
    let (values, _) = sums::values(&c, plan, "bao-cao-nam");
    let totals = sums::totals(&c, plan, "bao-cao-nam", &values);
    let t = totals.iter().find(|t| t.ma == id).unwrap().toan_bo.tong;
    (t, values.len(), sums::owing(&c, plan, "bao-cao-nam").len())
}

/// Sở Y tế's status for the annual report, with its first sending, resend and return.
fn status_of(ws: &Path) -> tracking::AgencyRow {
    let (c, _) = vanban::campaign::open(ws);
    let plan = c.plan.as_ref().unwrap();
    let (t, _) = tracking::table(&c, plan, true);
    let i = t
        .deadlines
        .iter()
        .position(|d| d.key == "bao_cao_nam")
        .unwrap();
    let r = t.rows.into_iter().find(|r| r.id == Y).unwrap();
    tracking::AgencyRow {
        status: vec![r.status[i]],
        ngay_gui: vec![r.ngay_gui[i]],
        gui_lai: vec![r.gui_lai[i]],
        tra_lai: vec![r.tra_lai[i]],
        thay_doi: vec![r.thay_doi[i]],
        ..r
    }
}

/// The consolidated report, built alone: its text and the build.
fn consolidated(ws: &Path) -> (String, vanban::build::Outcome) {
    let opts = vanban::build::Options {
        formats: vec![vanban::render::Format::Docx],
        documents: vec!["bao-cao-tong-hop".into()],
        ..Default::default()
    };
    let out = vanban::build::run(ws, &opts, &|_: &Path| {});
    let docx = ws.join("output/tong-hop/bao-cao-tong-hop.docx");
    let text = if docx.exists() {
        docx_text(&docx)
    } else {
        String::new()
    };
    (text, out)
}

/// Sends a document as the agency's page does (confirmation ticked), with the token and
/// version `page` carries.
async fn send(app: &App, cookie: &str, url: &str, page: &Reply) -> Reply {
    app.post(
        &format!("{url}/gui"),
        Some(cookie),
        &[
            ("_csrf", &page.hidden("_csrf")),
            ("phien_ban", &page.hidden("phien_ban")),
            ("xac_nhan", "1"),
        ],
    )
    .await
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A draft (no `ngay_gui`) is not summed; section I names it as not sent and section II
/// sums one agency fewer: both count the same agencies.
#[test]
fn a_draft_is_neither_summed_nor_counted_as_sent() {
    let ws = sample_workspace("sub-draft");
    let (total, summed, owing) = province(&ws, "cbccvc");
    assert_eq!(summed, owing, "every agency of the sample sent its report");
    edit(
        &ws,
        &format!("data/{Y}/bao-cao-nam.yaml"),
        "ngay_gui: 2025-10-17\n",
        "",
    );
    let (t, n, m) = province(&ws, "cbccvc");
    assert_eq!((t, n, m), (total - 97, summed - 1, owing));
    let (text, out) = consolidated(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let flat = text.replace('\n', " ");
    assert!(flat.contains(&format!("Chưa gửi: {Y_NAME}.")), "{flat}");
    assert!(
        flat.contains(&format!("Tổng hợp số liệu từ báo cáo của {n}/{m} cơ quan")),
        "{flat}"
    );
    assert!(
        flat.contains(&format!("{}/{m} cơ quan đã gửi", m - 1)),
        "{flat}"
    );
}

/// Kept by hand: a return moves `ngay_gui` into `tra_lai`; the report is out (named with
/// why) until sent again; a resend after the deadline keeps the first sending's "on time",
/// unless the workspace sets a deadline of its own for resends.
#[test]
fn a_return_takes_the_report_out_and_a_resend_keeps_it_on_time() {
    let ws = sample_workspace("sub-return");
    let rel = format!("data/{Y}/bao-cao-nam.yaml");
    let (total, ..) = province(&ws, "cbccvc");
    edit(&ws, &rel, "ngay_gui: 2025-10-17\n", "");
    edit(&ws, &rel, "  cbccvc: 97\n", "  cbccvc: 970\n");
    let text = read(&ws, &rel);
    std::fs::write(
        ws.join(&rel),
        format!("{text}tra_lai:\n  - ngay: 2025-10-20\n    ly_do: Số liệu sai.\n    ngay_gui: 2025-10-17\n"),
    )
    .unwrap();
    let (t, ..) = province(&ws, "cbccvc");
    assert_eq!(t, total - 97, "a returned report is not summed");
    let r = status_of(&ws);
    assert_eq!(r.status[0], tracking::Status::Returned);
    assert_eq!(
        (r.ngay_gui[0], r.tra_lai[0]),
        (Some(day(2025, 10, 17)), Some(day(2025, 10, 20)))
    );
    let (text, out) = consolidated(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert!(
        text.replace('\n', " ").contains(&format!(
            "Chưa gửi: {Y_NAME} (bị trả lại ngày 20/10/2025, chưa gửi lại)."
        )),
        "{text}"
    );
    // Sent again three weeks after the deadline: still on time (the first sending decides).
    let text = read(&ws, &rel);
    std::fs::write(ws.join(&rel), format!("ngay_gui: 2025-11-20\n{text}")).unwrap();
    let (t, ..) = province(&ws, "cbccvc");
    assert_eq!(t, total - 97 + 970, "the resend is summed");
    let r = status_of(&ws);
    assert_eq!(r.status[0], tracking::Status::OnTime);
    assert_eq!(
        (r.ngay_gui[0], r.gui_lai[0]),
        (Some(day(2025, 10, 17)), Some(day(2025, 11, 20)))
    );
    // `vanban status` says it the same way.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["status", "-w", ws.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains(&format!(
            "  {Y} (3): gửi 17/10/2025; trả lại 20/10/2025; gửi lại 20/11/2025"
        )),
        "{out}"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with(&format!("{Y} ")))
        .unwrap();
    assert_eq!(row.matches("đúng hạn").count(), 4, "{row}");
    // A province that gives 5 days after a return: 20/10 + 5 = 25/10, sent 20/11.
    write(&ws, "vanban.yaml", "tong_hop:\n  han_gui_lai: 5\n");
    assert_eq!(status_of(&ws).status[0], tracking::Status::Late(26));
}

/// With the submission store, the last sending is what counts: a draft saved over a sent
/// file does not move the province's figures; a new sending does; a return of it takes it
/// out; the first sending still decides lateness.
#[test]
fn the_last_sending_in_the_store_is_what_the_province_counts() {
    let ws = sample_workspace("sub-store");
    let rel = format!("data/{Y}/bao-cao-nam.yaml");
    let (total, ..) = province(&ws, "cbccvc");
    let sent = read(&ws, &rel);
    let record = |d: &str| Record {
        ngay_gui: d.into(),
        ..Record::default()
    };
    submissions::keep(
        &ws,
        Y,
        "bao-cao-nam",
        sent.as_bytes(),
        record("2025-10-17"),
        &[],
    )
    .unwrap();
    // A draft after sending.
    edit(&ws, &rel, "  cbccvc: 97\n", "  cbccvc: 970\n");
    assert_eq!(
        province(&ws, "cbccvc").0,
        total,
        "a draft moved the figures"
    );
    let r = status_of(&ws);
    assert_eq!(
        (r.status[0], r.thay_doi[0]),
        (tracking::Status::OnTime, true)
    );
    // Sent again, late: counted, still on time.
    let draft = read(&ws, &rel);
    submissions::keep(
        &ws,
        Y,
        "bao-cao-nam",
        draft.as_bytes(),
        record("2025-11-20"),
        &[],
    )
    .unwrap();
    assert_eq!(province(&ws, "cbccvc").0, total - 97 + 970);
    let r = status_of(&ws);
    assert_eq!(r.status[0], tracking::Status::OnTime);
    assert_eq!(
        (r.gui_lai[0], r.thay_doi[0]),
        (Some(day(2025, 11, 20)), false)
    );
    // Returned: out, with the return's date.
    let (mut all, _) = submissions::sendings(&ws, Y, "bao-cao-nam");
    let last = all.last_mut().unwrap();
    last.record.tra_lai = Some(submissions::Act {
        ngay: "2025-11-21".into(),
        ly_do: "Thiếu số liệu.".into(),
        ..Default::default()
    });
    submissions::update(last).unwrap();
    assert_eq!(province(&ws, "cbccvc").0, total - 97);
    let r = status_of(&ws);
    assert_eq!(
        (r.status[0], r.tra_lai[0]),
        (tracking::Status::Returned, Some(day(2025, 11, 21)))
    );
}

/// An agency that ceased before the report's deadline owes nothing: not in section I, not
/// summed in section II, not classified.
#[test]
fn a_ceased_agency_is_neither_counted_nor_classified() {
    let ws = sample_workspace("sub-ceased");
    let (total, summed, owing) = province(&ws, "cbccvc");
    let (c, _) = vanban::campaign::open(&ws);
    let classified = sums::classification(&c, c.plan.as_ref().unwrap()).0.len();
    edit(
        &ws,
        &format!("data/{Y}/co-quan.yaml"),
        "ten_day_du:",
        "hoat_dong_den: 2025-06-30\nten_day_du:",
    );
    assert_eq!(province(&ws, "cbccvc"), (total - 97, summed - 1, owing - 1));
    let (c, _) = vanban::campaign::open(&ws);
    let rows = sums::classification(&c, c.plan.as_ref().unwrap()).0;
    assert_eq!(rows.len(), classified - 1);
    assert!(rows.iter().all(|r| r.id != Y));
    let (text, out) = consolidated(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let flat = text.replace('\n', " ");
    assert!(!flat.contains(Y_NAME), "{flat}");
    assert!(
        flat.contains(&format!("{m}/{m} cơ quan đã gửi", m = owing - 1)),
        "{flat}"
    );
}

/// A part larger than its whole in a sent report stops the consolidated report, built
/// alone too, with the agency's file and line; nothing is written.
#[test]
fn a_part_larger_than_its_whole_stops_the_consolidated_report() {
    let ws = sample_workspace("sub-part");
    edit(
        &ws,
        &format!("data/{Y}/bao-cao-nam.yaml"),
        "  cbccvc_quan_triet: 96\n",
        "  cbccvc_quan_triet: 960\n",
    );
    let (_, out) = consolidated(&ws);
    let errors: Vec<String> = out.errors.iter().map(|d| d.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("so-y-te") && e.contains("bao-cao-nam.yaml") && e.contains("960")),
        "{errors:#?}"
    );
    assert!(!ws.join("output/tong-hop/bao-cao-tong-hop.docx").exists());
}

/// A closed period is stated in the consolidated report.
#[test]
fn a_closed_period_is_stated_in_the_consolidated_report() {
    let ws = sample_workspace("sub-closed");
    let mut locks = std::collections::BTreeMap::new();
    locks.insert(
        "bao_cao_nam".to_string(),
        submissions::Act {
            ngay: "2025-12-20".into(),
            ..Default::default()
        },
    );
    submissions::write_locks(&ws, &locks).unwrap();
    let (text, out) = consolidated(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let flat = text.replace('\n', " ");
    assert_eq!(
        flat.matches("Số liệu chốt đến ngày khóa sổ 20/12/2025.")
            .count(),
        1,
        "{flat}"
    );
}

/// Over HTTP: a save is a draft (the province's figures do not move), sending asks for
/// confirmation and keeps a copy with its DOCX and PDF, a return then a resend keeps the
/// agency on time, the desk accepts, and a closed period refuses a send until reopened.
/// Every transition is an audit line.
#[tokio::test]
async fn draft_send_return_resend_accept_and_close_over_http() {
    let ws = sample_workspace("sub-http");
    let secrets = links(&ws, &[Y, "tong-hop"]);
    let app = App::new(&ws);
    let agency = app.login(&secrets[0]).await;
    let desk = app.login(&secrets[1]).await;
    let url = format!("/co-quan/{Y}/bao-cao-nam");
    let rel = format!("data/{Y}/bao-cao-nam.yaml");
    let (total, ..) = province(&ws, "cbccvc");

    // A draft over the sent file: no resend, the figures stay.
    let form = app.get(&url, Some(&agency)).await;
    assert!(form.text().contains("Lưu nháp"));
    let all = form_fields(&form.text());
    let name = all
        .iter()
        .map(|(k, _)| k.as_str())
        .find(|k| *k == "so_lieu/cbccvc")
        .expect("a field for cbccvc")
        .to_string();
    let fields = with(&all, &[(name.as_str(), "970")]);
    let r = app.post(&url, Some(&agency), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let yaml = read(&ws, &rel);
    assert!(
        yaml.contains("cbccvc: 970") && !yaml.contains("ngay_gui_lai"),
        "{yaml}"
    );
    assert_eq!(
        province(&ws, "cbccvc").0,
        total,
        "a draft moved the province's figures"
    );
    let (kept, _) = submissions::sendings(&ws, Y, "bao-cao-nam");
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].record.tu_tep
            && read(&ws, &rel) != std::fs::read_to_string(kept[0].file()).unwrap()
    );
    let home = app
        .get(&format!("/co-quan/{Y}"), Some(&agency))
        .await
        .text();
    assert!(home.contains("có thay đổi chưa gửi"), "{home}");

    // Sending asks for confirmation.
    let p = app.get(&format!("{url}/xem"), Some(&agency)).await;
    assert!(
        p.text().contains("Gửi lại") && p.text().contains("name=\"xac_nhan\""),
        "{}",
        p.text()
    );
    let base = [
        ("_csrf", p.hidden("_csrf")),
        ("phien_ban", p.hidden("phien_ban")),
    ];
    let refs = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(String, String)> = base
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        v.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        v
    };
    let r = app
        .post(&format!("{url}/gui"), Some(&agency), &as_refs(&refs(&[])))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(province(&ws, "cbccvc").0, total);
    let r = app
        .post(
            &format!("{url}/gui"),
            Some(&agency),
            &as_refs(&refs(&[("xac_nhan", "1")])),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(province(&ws, "cbccvc").0, total - 97 + 970);
    let (kept, _) = submissions::sendings(&ws, Y, "bao-cao-nam");
    assert_eq!(kept.len(), 2);
    assert_eq!(
        std::fs::read_to_string(kept[1].file()).unwrap(),
        read(&ws, &rel)
    );
    let pdf = std::fs::read(kept[1].rendered("bao-cao-nam", "pdf")).unwrap();
    let docx = std::fs::read(kept[1].rendered("bao-cao-nam", "docx")).unwrap();
    assert!(pdf.starts_with(b"%PDF") && docx.starts_with(b"PK"));
    // The page offers what was sent, as it was.
    let page = app.get(&format!("{url}/xem"), Some(&agency)).await.text();
    assert!(page.contains("Tải bản đã gửi (PDF)"), "{page}");
    let got = app.get(&format!("{url}/da-gui.pdf"), Some(&desk)).await;
    assert_eq!((got.status, got.body == pdf), (StatusCode::OK, true));
    let got = app
        .get("/co-quan/so-tu-phap/bao-cao-nam/da-gui.pdf", Some(&agency))
        .await;
    assert_eq!(got.status, StatusCode::FORBIDDEN, "another agency's copy");
    let r = status_of(&ws);
    assert_eq!(
        r.status[0],
        tracking::Status::OnTime,
        "a resend made it late"
    );

    // The desk returns it: out of the figures; the agency sends again: in, still on time.
    let p = app.get(&format!("{url}/xem"), Some(&desk)).await;
    assert!(p.text().contains("Tiếp nhận"), "{}", p.text());
    let r = app
        .post(
            &format!("{url}/tra-lai"),
            Some(&desk),
            &[
                ("_csrf", &p.hidden("_csrf")),
                ("phien_ban", &p.hidden("phien_ban")),
                ("ly_do", "Kiểm tra lại số công chức."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(province(&ws, "cbccvc").0, total - 97);
    assert_eq!(status_of(&ws).status[0], tracking::Status::Returned);
    let d = app.get("/tong-hop", Some(&desk)).await.text();
    assert!(
        d.contains("Bị trả lại, chưa gửi lại: Báo cáo năm 2025 (1)</summary><ul><li>Sở Y tế tỉnh Tây Ninh</li></ul>"),
        "{d}"
    );
    let (kept, _) = submissions::sendings(&ws, Y, "bao-cao-nam");
    assert_eq!(
        kept[1].record.tra_lai.as_ref().unwrap().ly_do,
        "Kiểm tra lại số công chức."
    );
    let p = app.get(&format!("{url}/xem"), Some(&agency)).await;
    let r = send(&app, &agency, &url, &p).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(province(&ws, "cbccvc").0, total - 97 + 970);
    let r = status_of(&ws);
    assert_eq!(
        (r.status[0], r.ngay_gui[0]),
        (tracking::Status::OnTime, Some(day(2025, 10, 17)))
    );

    // Accepted as it is.
    let p = app.get(&format!("{url}/xem"), Some(&desk)).await;
    let r = app
        .post(
            &format!("{url}/tiep-nhan"),
            Some(&desk),
            &[("_csrf", &p.hidden("_csrf"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (kept, _) = submissions::sendings(&ws, Y, "bao-cao-nam");
    assert!(kept.last().unwrap().record.tiep_nhan.is_some());

    // The desk closes the annual report's period: a send is refused, then allowed again.
    let d = app.get("/tong-hop", Some(&desk)).await;
    assert!(d.text().contains("Khóa số liệu"), "{}", d.text());
    let csrf = d.hidden("_csrf");
    let r = app
        .post(
            "/tong-hop/khoa",
            Some(&desk),
            &[("_csrf", &csrf), ("han", "bao_cao_nam")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    edit(&ws, &rel, "  cbccvc: 970\n", "  cbccvc: 97\n");
    let shown = app.get(&format!("{url}/xem"), Some(&agency)).await.text();
    assert!(
        shown.contains("đã khóa số liệu") && !shown.contains("/gui\""),
        "{shown}"
    );
    // A send posted anyway (the page offers none): refused.
    let p = app.get(&url, Some(&agency)).await;
    let r = send(&app, &agency, &url, &p).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("khóa số liệu"), "{}", r.text());
    assert_eq!(
        province(&ws, "cbccvc").0,
        total - 97 + 970,
        "a closed period moved"
    );
    let r = app
        .post(
            "/tong-hop/khoa",
            Some(&desk),
            &[("_csrf", &csrf), ("han", "bao_cao_nam"), ("mo", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = send(&app, &agency, &url, &p).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(province(&ws, "cbccvc").0, total);

    let actions: Vec<String> = vanban::serve::store::audit_lines(&ws)
        .iter()
        .map(|l| l.split('\t').nth(2).unwrap_or("").to_string())
        .filter(|a| a.contains('→') || a.contains("khóa"))
        .collect();
    assert_eq!(
        actions,
        [
            "lưu nháp: đã gửi → đã gửi, có thay đổi chưa gửi",
            "gửi: đã gửi, có thay đổi chưa gửi → đã gửi",
            "trả lại: đã gửi → bị trả lại",
            "gửi: bị trả lại → đã gửi",
            "tiếp nhận: đã gửi → đã tiếp nhận",
            "khóa số liệu: Báo cáo năm 2025",
            "mở khóa số liệu: Báo cáo năm 2025",
            "gửi: đã gửi, có thay đổi chưa gửi → đã gửi",
        ]
    );
}

/// "Giữ nguyên điểm tự chấm": an unchanged dossier counts as appraised, at its own score;
/// the appraisal page shows the totals and classes before and after, and the evidence.
#[tokio::test]
async fn a_dossier_kept_as_scored_counts_as_appraised() {
    let ws = sample_workspace("sub-keep");
    const A: &str = "so-tu-phap";
    let secrets = links(&ws, &["tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let url = format!("/co-quan/{A}/ho-so-cham-diem/tham-dinh");
    let waiting = |page: &str| -> Vec<String> {
        let Some(at) = page.find("Hồ sơ chờ thẩm định") else {
            return vec![];
        };
        let list = &page[at..at + page[at..].find("</ul>").unwrap()];
        list.split("<li>")
            .skip(1)
            .map(|x| x.trim_end_matches("</li>").to_string())
            .collect()
    };
    let before = waiting(&app.get("/tong-hop", Some(&desk)).await.text());
    assert!(
        before.contains(&"Sở Tư pháp tỉnh Tây Ninh".to_string()),
        "{before:?}"
    );
    let page = app.get(&url, Some(&desk)).await;
    let text = page.text();
    assert!(
        text.contains("Tự chấm: <strong>90</strong>/100 điểm")
            && text.contains("Chưa thẩm định.")
            && text.contains("Giữ nguyên điểm tự chấm")
            && text.contains("51/TB-STP"),
        "{text}"
    );
    let r = app
        .post(
            &url,
            Some(&desk),
            &[
                ("_csrf", &page.hidden("_csrf")),
                ("phien_ban", &page.hidden("phien_ban")),
                ("giu_nguyen", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (c, _) = vanban::campaign::open(&ws);
    let rows = sums::classification(&c, c.plan.as_ref().unwrap()).0;
    let row = rows.iter().find(|r| r.id == A).unwrap();
    assert!(
        row.tham_dinh.is_some() && row.tham_dinh == row.tu_cham,
        "{row:?}"
    );
    let text = app.get(&url, Some(&desk)).await.text();
    assert!(
        text.contains("Sau thẩm định: <strong>90</strong>/100 điểm"),
        "{text}"
    );
    let after = waiting(&app.get("/tong-hop", Some(&desk)).await.text());
    assert_eq!(after.len(), before.len() - 1, "{after:?}");
    assert!(!after.contains(&"Sở Tư pháp tỉnh Tây Ninh".to_string()));
}

/// The desk keeps what it read of every agency, but follows the files: an edit by hand
/// shows within the server's recheck time, a send through the server at once; the figures
/// page, the workbook and the CLI agree after each.
#[tokio::test]
async fn the_desk_s_kept_figures_follow_a_hand_edit_and_a_send() {
    let ws = sample_workspace("sub-desk-cache");
    let secrets = links(&ws, &["tong-hop", Y]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let total = |page: &str| -> String {
        let at = page.find("id=\"cs-cbccvc\"").expect("the cbccvc row");
        let row = &page[at..at + page[at..].find("</tr>").unwrap()];
        let cell = &row[row.find("num total\">").unwrap() + 11..];
        cell[..cell.find(['<', ' ']).unwrap()].to_string()
    };
    let url = "/tong-hop/so-lieu?bao_cao=bao-cao-nam";
    let (sum, ..) = province(&ws, "cbccvc");
    let shown = |n: u64| vanban::ground::nd30::integer(n);
    assert_eq!(total(&app.get(url, Some(&desk)).await.text()), shown(sum));
    // By hand: Sở Y tế's sent report now says 970.
    edit(
        &ws,
        &format!("data/{Y}/bao-cao-nam.yaml"),
        "  cbccvc: 97\n",
        "  cbccvc: 970\n",
    );
    std::thread::sleep(vanban::serve::RECHECK + std::time::Duration::from_millis(100));
    assert_eq!(
        total(&app.get(url, Some(&desk)).await.text()),
        shown(sum + 873)
    );
    assert_eq!(province(&ws, "cbccvc").0, sum + 873);
    // Through the server: a draft (no change to the figures), then a send (at once).
    let agency = app.login(&secrets[1]).await;
    let form = app
        .get(&format!("/co-quan/{Y}/bao-cao-nam"), Some(&agency))
        .await;
    let fields = with(&form_fields(&form.text()), &[("so_lieu/cbccvc", "100")]);
    let r = app
        .post(
            &format!("/co-quan/{Y}/bao-cao-nam"),
            Some(&agency),
            &as_refs(&fields),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        total(&app.get(url, Some(&desk)).await.text()),
        shown(sum + 873)
    );
    let p = app
        .get(&format!("/co-quan/{Y}/bao-cao-nam/xem"), Some(&agency))
        .await;
    let r = send(&app, &agency, &format!("/co-quan/{Y}/bao-cao-nam"), &p).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        total(&app.get(url, Some(&desk)).await.text()),
        shown(sum + 3)
    );
    let (c, _) = vanban::campaign::open(&ws);
    let xlsx = vanban::province::spreadsheet::workbook(&c, c.plan.as_ref().unwrap(), "bao-cao-nam")
        .unwrap();
    let got = app.get("/tong-hop/tong-hop.xlsx", Some(&desk)).await;
    assert!(
        got.body == xlsx,
        "the desk's workbook differs from the CLI's"
    );
}

/// The appraisal page shows the bonus and penalty items the agency claimed, with their
/// evidence and explanation.
#[tokio::test]
async fn the_appraisal_page_shows_bonus_and_penalty_items() {
    let ws = sample_workspace("sub-adjust");
    let file = ws.join("data/so-tu-phap/ho-so-cham-diem.yaml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("diem_thuong:\n  - { ma: sang_kien, giai_trinh: \"Sáng kiến tra cứu lý lịch tư pháp được nhân rộng.\" }\ndiem_tru:\n  - { ma: bao_cao_tre, so_lan: 2, giai_trinh: \"Báo cáo 6 tháng và báo cáo quý gửi trễ.\" }\n");
    std::fs::write(&file, text).unwrap();
    let secrets = links(&ws, &["tong-hop"]);
    let app = App::new(&ws);
    let desk = app.login(&secrets[0]).await;
    let page = app
        .get("/co-quan/so-tu-phap/ho-so-cham-diem/tham-dinh", Some(&desk))
        .await
        .text();
    let at = page
        .find("id=\"thuong-tru\"")
        .expect("the bonus and penalty table");
    let table = &page[at..at + page[at..].find("</table>").unwrap()];
    assert!(
        table.contains("Điểm thưởng: ")
            && table.contains("Sáng kiến tra cứu lý lịch tư pháp được nhân rộng.")
            && table.contains("(2 lần × 1)")
            && table.contains("Báo cáo 6 tháng và báo cáo quý gửi trễ."),
        "{table}"
    );
}
