//! Sở Nội vụ's sums and classes, against hand-worked numbers: indicators summed by block
//! and overall, rates from the sums (not a mean of rates), agencies that did not report
//! named rather than taken as 0; every agency once in the classification, "không xếp loại"
//! without a dossier.

mod support;

use support::*;
use vanban::aggregate;

#[test]
fn indicators_are_summed_by_block_with_rates_from_the_sums() {
    let ws_dir = example_workspace("dong-nai-2026", "sums");
    let (ws, diags) = vanban::workspace::open(&ws_dir);
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let plan = ws.plan.as_ref().unwrap();
    let (values, diags) = aggregate::values(&ws, plan, "bao-cao-quy-1");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values.len(), 2, "two wards filed the quarterly report");
    let totals = aggregate::totals(&ws, plan, &values);
    let get = |id: &str| totals.iter().find(|t| t.ma == id).unwrap();

    // 14 + 6 news items; the commune did not report them and is named, not counted as 0.
    let news = get("tin_bai");
    assert_eq!((news.toan_bo.tong, news.toan_bo.bao_cao), (20, 2));
    assert_eq!(news.toan_bo.khong_bao_cao, ["Ủy ban nhân dân xã Phú Riềng"]);
    let by_block: Vec<(&str, u64, usize)> = news
        .khoi
        .iter()
        .map(|(b, s)| (b.as_str(), s.tong, s.bao_cao))
        .collect();
    assert_eq!(
        by_block,
        [("ubnd-phuong", 20, 2), ("ubnd-xa", 0, 0)],
        "in the plan's block order"
    );

    // (40 + 30) / (42 + 30) = 97,2%, not the mean of 95,2% and 100% (97,6%).
    let meetings = get("khu_pho_hoi_nghi");
    assert_eq!(meetings.toan_bo.tong, 70);
    assert_eq!(meetings.toan_bo.ty_le.as_deref(), Some("97,2%"));
    // Only one ward reported dossiers: its own rate, 1.869 / 1.873.
    let on_time = get("ho_so_dung_han");
    assert_eq!(
        (
            on_time.toan_bo.so.as_str(),
            on_time.toan_bo.ty_le.as_deref()
        ),
        ("1.869", Some("99,8%"))
    );
    assert_eq!(on_time.toan_bo.khong_bao_cao.len(), 2);
    // The issuer of the parent plan is not among the reporting agencies.
    assert!(!news
        .toan_bo
        .khong_bao_cao
        .iter()
        .any(|n| n.contains("tỉnh")));
}

#[test]
fn every_agency_appears_once_in_the_classification() {
    let ws_dir = example_workspace("dong-nai-2026", "classes");
    let (ws, _) = vanban::workspace::open(&ws_dir);
    let plan = ws.plan.as_ref().unwrap();
    let (rows, diags) = aggregate::classification(&ws, plan);
    assert!(diags.is_empty(), "{diags:?}");
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ubnd-phuong-binh-phuoc",
            "ubnd-phuong-tran-bien",
            "ubnd-xa-phu-rieng"
        ]
    );
    let tb = &rows[1];
    assert_eq!(
        (aggregate::ClassRow::shown(tb.tu_cham), tb.xep_loai.as_str()),
        ("101,5".to_string(), "Hoàn thành xuất sắc")
    );
    assert_eq!(rows[0].xep_loai, aggregate::NOT_CLASSIFIED);
    let all: Vec<&aggregate::ClassRow> = rows.iter().collect();
    let counts = aggregate::class_counts(plan, &all);
    assert_eq!(
        counts[0],
        ("Hoàn thành xuất sắc".to_string(), 1, "33,3%".to_string())
    );
    assert_eq!(
        counts.last().unwrap(),
        &(
            aggregate::NOT_CLASSIFIED.to_string(),
            2,
            "66,7%".to_string()
        )
    );
    assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), rows.len());

    // The sample: 33 agencies, each once; the appraised total decides when present.
    let (sample, _) = vanban::workspace::open(&repo());
    let plan = sample.plan.as_ref().unwrap();
    let (rows, diags) = aggregate::classification(&sample, plan);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(rows.len(), 33);
    let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 33);
    assert!(rows.iter().all(|r| r.xep_loai != aggregate::NOT_CLASSIFIED));
    let snv = rows.iter().find(|r| r.id == "so-noi-vu").unwrap();
    assert_eq!(
        (
            aggregate::ClassRow::shown(snv.tu_cham).as_str(),
            snv.xep_loai.as_str()
        ),
        ("92,5", "Tốt")
    );
}
