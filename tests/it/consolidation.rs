//! Sở Nội vụ's sums and classes, against hand-worked numbers: indicators summed by block
//! and overall, rates from the sums (not a mean of rates), agencies that did not report
//! named rather than taken as 0; every agency once in the classification, "không xếp loại"
//! without a dossier.

use crate::support;

use support::*;
use vanban::province::sums as aggregate;

#[test]
fn indicators_are_summed_by_block_with_rates_from_the_sums() {
    let ws_dir = example_workspace("dong-nai-2026", "sums");
    let (ws, diags) = vanban::campaign::open(&ws_dir);
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let plan = ws.plan.as_ref().unwrap();
    let (values, diags) = aggregate::values(&ws, plan, "bao-cao-quy-1");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(values.len(), 2, "two wards filed the quarterly report");
    let totals = aggregate::totals(&ws, plan, "bao-cao-quy-1", &values);
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
    let (ws, _) = vanban::campaign::open(&ws_dir);
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
    let (sample, _) = vanban::campaign::open(&repo());
    let plan = sample.plan.as_ref().unwrap();
    let (rows, diags) = aggregate::classification(&sample, plan);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(rows.len(), 33);
    let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 33);
    // Every agency but Thuế tỉnh, whose dossier was never sent (no `ngay_gui`).
    let unclassified: Vec<(&str, Option<&str>)> = rows
        .iter()
        .filter(|r| r.xep_loai == aggregate::NOT_CLASSIFIED)
        .map(|r| (r.id.as_str(), r.ly_do.as_deref()))
        .collect();
    assert_eq!(
        unclassified,
        [("cuc-thue", Some("chưa gửi hồ sơ chấm điểm"))]
    );
    let snv = rows.iter().find(|r| r.id == "so-noi-vu").unwrap();
    assert_eq!(
        (
            aggregate::ClassRow::shown(snv.tu_cham).as_str(),
            snv.xep_loai.as_str()
        ),
        ("92,5", "Tốt")
    );
}

#[test]
fn the_consolidated_report_and_the_proposal_agree_with_the_agencies_files() {
    use vanban::build::{self, Options};
    let ws = sample_workspace("tong-hop");
    let only = |docs: &[&str]| Options {
        documents: docs.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    };
    let docs = [
        "bao-cao-tong-hop",
        "to-trinh-xep-loai",
        "du-thao-quyet-dinh",
    ];
    let out = build::run(&ws, &only(&docs), &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    for d in docs {
        for ext in ["docx", "pdf"] {
            assert!(
                ws.join(format!("output/tong-hop/{d}.{ext}")).is_file(),
                "{d}.{ext}"
            );
        }
    }
    let report = docx_text(&ws.join("output/tong-hop/bao-cao-tong-hop.docx"));
    // Late and missing agencies by name, with their days.
    assert!(
        report.contains("Sở Tài chính tỉnh Tây Ninh (5 ngày)"),
        "{report}"
    );
    assert!(
        report.contains("Ủy ban nhân dân huyện Tân Châu (3 ngày)"),
        "{report}"
    );
    assert!(
        report.contains("- Chưa gửi: Thuế tỉnh Tây Ninh."),
        "{report}"
    );
    // A sum worked out from the agencies' own files.
    let mut on_time = 0u64;
    let mut solved = 0u64;
    for e in std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
    {
        let Ok(text) = std::fs::read_to_string(e.path().join("bao-cao-nam.yaml")) else {
            continue;
        };
        let num = |k: &str| -> u64 {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{k}:")))
                .map(|v| v.trim().parse().unwrap())
                .unwrap_or(0)
        };
        on_time += num("tthc_dung_han");
        solved += num("tthc_giai_quyet");
    }
    let want = format!(
        "Hồ sơ giải quyết đúng hạn\nhồ sơ\n{}\n{}",
        vanban::ground::nd30::integer(on_time as i64),
        vanban::ground::nd30::percent(on_time as f64, solved as f64).unwrap()
    );
    assert!(report.contains(&want), "{want}\n{report}");
    // Targets measured, the rest said to be unmeasured, none guessed.
    assert!(
        report.contains("đạt hiệu quả cao: kết quả 100%, đạt;"),
        "{report}"
    );
    assert!(
        report.contains(
            "mức Tốt trong thực hiện công tác dân vận chính quyền: kết quả 84,8%, không đạt."
        ),
        "{report}"
    );
    // A ratio target measured from the indicators' sums (Σ quán triệt / Σ cán bộ).
    assert!(
        report.contains(
            "liên quan đến công tác dân vận: kết quả 99,9% (13.927/13.939 người), không đạt;"
        ),
        "{report}"
    );
    assert_eq!(
        report
            .matches("chưa đo được từ số liệu các cơ quan gửi")
            .count(),
        1
    );
    // Every reporting agency exactly once in the annex of both documents.
    let proposal = docx_text(&ws.join("output/tong-hop/to-trinh-xep-loai.docx"));
    let decision = docx_text(&ws.join("output/tong-hop/du-thao-quyet-dinh.docx"));
    for want in [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TÂY NINH\n",
        "\nQUYẾT ĐỊNH:\n",
        "Điều 1. Công bố kết quả",
        "Điều 2.",
        "Điều 3.",
    ] {
        assert!(
            decision.contains(want),
            "decision lacks {want:?}\n{decision}"
        );
    }
    assert!(
        decision.contains(
            "đối với 33 cơ quan, đơn vị, địa phương, trong đó: Tốt 28 (84,8%); Khá 4 (12,1%); Không xếp loại 1 (3%)"
        ),
        "{decision}"
    );
    // The unsent dossier: not classified, with the reason, in all three documents; the
    // tờ trình rests on the 32 dossiers sent.
    for (name, text) in [
        ("report", &report),
        ("proposal", &proposal),
        ("decision", &decision),
    ] {
        assert!(
            text.contains("Thuế tỉnh Tây Ninh") && text.contains("chưa gửi hồ sơ chấm điểm"),
            "{name} does not say why Thuế tỉnh has no class"
        );
    }
    assert!(
        proposal.contains("hồ sơ tự đánh giá, chấm điểm của 32 cơ quan"),
        "{proposal}"
    );
    for text in [&report, &proposal, &decision] {
        let annex = &text[text.rfind("Xếp loại").unwrap()..];
        for e in std::fs::read_dir(ws.join("data"))
            .unwrap()
            .filter_map(|e| e.ok())
        {
            let Ok(info) = std::fs::read_to_string(e.path().join("co-quan.yaml")) else {
                continue;
            };
            let name = info
                .lines()
                .find_map(|l| l.strip_prefix("ten_day_du: "))
                .unwrap()
                .trim()
                .to_string();
            let n = annex.lines().filter(|l| *l == name).count();
            let want = usize::from(e.file_name() != "ubnd-tinh");
            assert_eq!(n, want, "{name} in the annex");
        }
    }
    assert!(
        proposal.contains(
            "Tổng cộng (33 cơ quan): Tốt 28 (84,8%); Khá 4 (12,1%); Không xếp loại 1 (3%)."
        ),
        "{proposal}"
    );

    // One agency's figure changes: the consolidated figure follows on the next build.
    let f = ws.join("data/so-noi-vu/bao-cao-nam.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replace("  van_ban_chi_dao: 17", "  van_ban_chi_dao: 1017"),
    )
    .unwrap();
    let out = build::run(&ws, &only(&["bao-cao-tong-hop"]), &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let after = docx_text(&ws.join("output/tong-hop/bao-cao-tong-hop.docx"));
    assert!(
        report.contains("Văn bản chỉ đạo, triển khai\nvăn bản\n720\n"),
        "{report}"
    );
    assert!(
        after.contains("Văn bản chỉ đạo, triển khai\nvăn bản\n1.720\n"),
        "{after}"
    );
}

#[test]
fn appraisal_columns_appear_only_once_an_agency_is_appraised() {
    use vanban::build::{self, Options};
    let ws = sample_workspace("tham-dinh");
    let only = Options {
        documents: vec!["to-trinh-xep-loai".into()],
        ..Options::default()
    };
    let out = build::run(&ws, &only, &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let before = docx_text(&ws.join("output/tong-hop/to-trinh-xep-loai.docx"));
    assert!(
        !before.contains("Điểm thẩm định") && !before.contains("Chênh lệch"),
        "{before}"
    );
    // Sở Nội vụ's dossier appraised one point lower on I.1: 92,5 → 91,5.
    let f = ws.join("data/so-noi-vu/ho-so-cham-diem.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        format!(
            "{text}tham_dinh:\n  I.1: {{ diem: 4, ly_do: Kế hoạch thiếu phân công cụ thể. }}\n"
        ),
    )
    .unwrap();
    let out = build::run(&ws, &only, &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let after = docx_text(&ws.join("output/tong-hop/to-trinh-xep-loai.docx"));
    assert!(
        after.contains("Điểm thẩm định") && after.contains("Chênh lệch"),
        "{after}"
    );
    assert!(
        after.contains("Sở Nội vụ tỉnh Tây Ninh\n92,5\n91,5\n-1\nTốt"),
        "{after}"
    );
    // The tờ trình tells the appraisal step: one dossier appraised, adjusted, class kept.
    let flat = after.replace('\n', " ");
    assert!(
        flat.contains("cơ quan, đơn vị, địa phương và kết quả thẩm định,")
            && flat.contains("đã thẩm định hồ sơ của 1 cơ quan, đơn vị, địa phương và điều chỉnh điểm như sau:")
            && flat.contains("Sở Nội vụ tỉnh Tây Ninh: tự chấm 92,5 điểm, thẩm định 91,5 điểm; xếp loại Tốt không đổi.")
            && flat.contains("Kết quả xếp loại dưới đây tính theo điểm thẩm định."),
        "{flat}"
    );
    assert!(!before.contains("thẩm định"), "{before}");
}

#[test]
fn a_consolidated_document_is_chosen_by_the_agency_that_holds_it() {
    let ws = temp_dir("holder");
    for d in ["data", "fonts"] {
        copy_dir(&repo().join(d), &ws.join(d));
    }
    let opts = vanban::build::Options {
        formats: vec![vanban::render::Format::Pdf],
        agencies: vec!["so-noi-vu".into()],
        documents: vec!["to-trinh-xep-loai".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert_eq!(
        out.written,
        vec![ws.join("output/tong-hop/to-trinh-xep-loai.pdf")]
    );
    // `tong-hop` is an output folder, not an agency: choosing it is an error, not silence.
    let opts = vanban::build::Options {
        agencies: vec!["tong-hop".into()],
        ..opts
    };
    let out = vanban::build::run(&ws, &opts, &|_: &std::path::Path| {});
    assert!(
        out.errors
            .iter()
            .any(|e| e.message.contains("không có cơ quan `tong-hop`")),
        "{:#?}",
        out.errors
    );
    let _ = std::fs::remove_dir_all(&ws);
}

/// `bang: false` keeps an indicator out of the consolidated table as out of the agencies';
/// an agency without figures is named once, not under every indicator.
#[test]
fn the_consolidated_table_honours_bang_false_and_names_a_silent_agency_once() {
    let ws = sample_workspace("bang-false");
    std::fs::remove_file(ws.join("data/so-y-te/bao-cao-nam.yaml")).unwrap();
    let (report, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let (campaign, _) = vanban::campaign::open(&ws);
    let plan = campaign.plan.as_ref().unwrap();
    let hidden: Vec<&str> = plan
        .catalogue
        .indicators
        .iter()
        .filter(|i| !i.bang)
        .map(|i| i.ten.as_str())
        .collect();
    assert!(
        !hidden.is_empty(),
        "the sample has `bang: false` indicators"
    );
    let table_start = report
        .find("Tổng hợp số liệu từ báo cáo")
        .expect("the figures section");
    let table = &report[table_start
        ..table_start
            + report[table_start..]
                .find("KẾT QUẢ ĐÁNH GIÁ")
                .expect("the classes section")];
    for name in &hidden {
        assert!(
            !table.contains(&format!("\n{name}\n")),
            "{name} in the table:\n{table}"
        );
    }
    let shown = plan.catalogue.indicators.iter().filter(|i| i.bang).count();
    assert!(
        table.contains(&format!("\n{shown}\n")),
        "{shown} rows expected:\n{table}"
    );
    assert_eq!(table.matches("Sở Y tế tỉnh Tây Ninh").count(), 1, "{table}");
    assert!(
        table.contains("Chưa có số liệu của: Sở Y tế tỉnh Tây Ninh."),
        "{table}"
    );
}

/// A build of a document resting on the classification names each agency left out, and
/// why: a dossier never sent, and one made invalid by a deleted report its evidence cites.
#[test]
fn a_consolidated_build_names_every_agency_left_out() {
    let ws = sample_workspace("left-out");
    std::fs::remove_file(ws.join("data/so-tu-phap/bao-cao-nam.yaml")).unwrap();
    let opts = vanban::build::Options {
        formats: vec![],
        documents: vec!["bao-cao-tong-hop".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &opts, &|_: &std::path::Path| {});
    let warnings: Vec<String> = out.warnings.iter().map(|w| w.message.clone()).collect();
    for want in [
        "không xếp loại: Thuế tỉnh Tây Ninh (chưa gửi hồ sơ chấm điểm)",
        "không xếp loại: Sở Tư pháp tỉnh Tây Ninh (hồ sơ chấm điểm có lỗi)",
    ] {
        assert!(
            warnings.iter().any(|w| w == want),
            "{want:?} not in {warnings:#?}"
        );
    }
}

/// Targets measured by an indicator: a rate across its threshold, and a sum.
#[test]
fn ratio_and_sum_targets_are_judged_from_the_sums() {
    let ws = sample_workspace("targets");
    let file = ws.join("data/tinh.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "  - { chi_tieu: 1, chi_so: cbccvc_quan_triet, toi_thieu: 100 }\n",
        "  - { chi_tieu: 1, chi_so: cbccvc_quan_triet, toi_thieu: 99 }\n  - { chi_tieu: 3, chi_so: van_ban_chi_dao, toi_thieu: 100000 }\n",
    );
    assert!(text.contains("toi_thieu: 99 }"));
    std::fs::write(&file, text).unwrap();
    let (report, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert!(
        report.contains(": kết quả 99,9% (13.927/13.939 người), đạt;"),
        "{report}"
    );
    let (campaign, _) = vanban::campaign::open(&ws);
    let plan = campaign.plan.as_ref().unwrap();
    let (values, _) = aggregate::values(&campaign, plan, "bao-cao-nam");
    let total: u64 = values
        .values()
        .filter_map(|v| v.get("van_ban_chi_dao"))
        .sum();
    let want = format!(
        ": kết quả {} văn bản, không đạt",
        vanban::ground::nd30::integer(total)
    );
    assert!(report.contains(&want), "{want}\n{report}");
    assert_eq!(
        report
            .matches("chưa đo được từ số liệu các cơ quan gửi")
            .count(),
        0
    );
}

/// The consolidated report's assessment and next year's tasks come from its data file, and
/// only when given.
#[test]
fn the_consolidated_report_takes_its_assessment_from_data() {
    let ws = sample_workspace("assessment");
    let (plain, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert!(
        !plain.contains("ĐÁNH GIÁ CHUNG") && !plain.contains("PHƯƠNG HƯỚNG"),
        "{plain}"
    );
    let file = ws.join("data/ubnd-tinh/bao-cao-tong-hop.yaml");
    let text = std::fs::read_to_string(&file).unwrap()
        + "uu_diem: [Các cơ quan gửi báo cáo đầy đủ hơn năm trước.]\nhan_che: [Một số báo cáo còn trễ hạn.]\nphuong_huong: [Tiếp tục nhân rộng mô hình Dân vận khéo.]\n";
    std::fs::write(&file, text).unwrap();
    let (report, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    for want in [
        "ĐÁNH GIÁ CHUNG",
        "Ưu điểm",
        "- Các cơ quan gửi báo cáo đầy đủ hơn năm trước.",
        "Hạn chế, tồn tại",
        "- Một số báo cáo còn trễ hạn.",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
        "- Tiếp tục nhân rộng mô hình Dân vận khéo.",
    ] {
        assert!(report.contains(want), "lacks {want:?}:\n{report}");
    }
    assert!(!report.contains("Nguyên nhân"), "an empty section printed");
    assert!(
        out.warnings
            .iter()
            .all(|w| !w.message.contains("không dùng")),
        "{:#?}",
        out.warnings
    );
}

/// The by-block annex: each block's figure is the sum over the agencies of that block.
#[test]
fn figures_by_block_equal_the_sums_of_their_agencies() {
    let ws = sample_workspace("by-block");
    let (report, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let annex = &report[report
        .find("SỐ LIỆU TỔNG HỢP THEO KHỐI")
        .expect("the by-block annex")..];
    let (campaign, _) = vanban::campaign::open(&ws);
    let plan = campaign.plan.as_ref().unwrap();
    let (values, _) = aggregate::values(&campaign, plan, "bao-cao-nam");
    for block in ["so-ban-nganh", "ubnd-huyen"] {
        let sum: u64 = campaign
            .agencies
            .iter()
            .filter(|a| a.info.khoi.as_ref().is_some_and(|k| k.value == block))
            .filter_map(|a| values.get(&a.id).and_then(|v| v.get("van_ban_chi_dao")))
            .sum();
        let row = annex
            .lines()
            .skip_while(|l| *l != "Văn bản chỉ đạo, triển khai")
            .take(8)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            row.contains(&format!("\n{}\n", vanban::ground::nd30::integer(sum))),
            "{block}: {sum} not in\n{row}"
        );
    }
}

/// A group marked `liet_ke` lists every agency's items by name in the consolidated report.
#[test]
fn the_consolidated_report_names_each_agency_s_models() {
    let ws = sample_workspace("models");
    let (report, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert!(
        report.contains("- Mô hình “Trợ giúp pháp lý lưu động cho người dân các xã biên giới” (Sở Tư pháp tỉnh Tây Ninh);"),
        "{report}"
    );
    // As many items as the agencies' annual reports give.
    let mut given = 0;
    for e in std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
    {
        let Ok(text) = std::fs::read_to_string(e.path().join("bao-cao-nam.yaml")) else {
            continue;
        };
        let Some(at) = text.find("  dan_van_kheo:\n") else {
            continue;
        };
        given += text[at + 16..]
            .lines()
            .take_while(|l| l.starts_with("    - "))
            .count();
    }
    assert!(given > 0);
    let (campaign, _) = vanban::campaign::open(&ws);
    let names: Vec<String> = campaign
        .agencies
        .iter()
        .map(|a| a.info.ten_day_du.clone())
        .collect();
    let listed = report
        .lines()
        .filter(|l| {
            l.starts_with("- ")
                && names
                    .iter()
                    .any(|n| l.ends_with(&format!("({n});")) || l.ends_with(&format!("({n}).")))
        })
        .count();
    assert_eq!(listed, given, "every model, once");
}

/// Plausibility warnings against the same agency's previous report: a year-to-date figure
/// that went down, and one more than ten times the previous; no warning on the sample.
#[test]
fn unlikely_figures_are_warned_of_at_their_line() {
    let ws = sample_workspace("plausible");
    let only_check = vanban::build::Options {
        formats: vec![],
        agencies: vec!["so-tu-phap".into()],
        ..Default::default()
    };
    let out = vanban::build::run(&ws, &only_check, &|_: &std::path::Path| {});
    let unlikely = |out: &vanban::build::Outcome| -> Vec<String> {
        out.warnings
            .iter()
            .filter(|w| w.message.contains("lũy kế") || w.message.contains("gấp hơn"))
            .map(|w| {
                format!(
                    "{}:{}: {}",
                    w.file.file_name().unwrap().to_string_lossy(),
                    w.line,
                    w.message
                )
            })
            .collect()
    };
    assert!(unlikely(&out).is_empty(), "{:#?}", unlikely(&out));
    let plan = ws.join("data/tinh.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "  - ma: doi_thoai\n",
        "  - ma: doi_thoai\n    luy_ke: true\n",
    );
    std::fs::write(&plan, text).unwrap();
    let report = ws.join("data/so-tu-phap/bao-cao-nam.yaml");
    let text = std::fs::read_to_string(&report)
        .unwrap()
        .replace("  doi_thoai: 4\n", "  doi_thoai: 2\n")
        .replace("  van_ban_chi_dao: 15\n", "  van_ban_chi_dao: 150\n");
    std::fs::write(&report, text).unwrap();
    let out = vanban::build::run(&ws, &only_check, &|_: &std::path::Path| {});
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let got = unlikely(&out);
    assert_eq!(
        got,
        [
            "bao-cao-nam.yaml:7: `van_ban_chi_dao` là 150, gấp hơn 10 lần 4 của báo cáo 6 tháng đầu năm 2025",
            "bao-cao-nam.yaml:24: `doi_thoai` là số lũy kế nhưng 2 nhỏ hơn 3 của báo cáo 6 tháng đầu năm 2025",
        ],
        "{got:#?}"
    );
}

/// Builds the consolidated report alone and returns its DOCX text and the build's problems.
fn consolidated_report(ws: &std::path::Path) -> (String, vanban::build::Outcome) {
    let opts = vanban::build::Options {
        formats: vec![vanban::render::Format::Docx],
        documents: vec!["bao-cao-tong-hop".into()],
        ..Default::default()
    };
    let out = vanban::build::run(ws, &opts, &|_: &std::path::Path| {});
    let text = docx_text(&ws.join("output/tong-hop/bao-cao-tong-hop.docx"));
    (text, out)
}

/// This year's province total of one indicator of the annual report, as the library sums it.
fn total_of(ws: &std::path::Path, id: &str) -> u64 {
    let (c, _) = vanban::campaign::open(ws);
    let plan = c.plan.as_ref().unwrap();
    let (values, _) = aggregate::values(&c, plan, "bao-cao-nam");
    let totals = aggregate::totals(&c, plan, "bao-cao-nam", &values);
    totals.iter().find(|t| t.ma == id).unwrap().toan_bo.tong
}

/// Last year's workspace named in vanban.yaml gives a "Năm trước" column and the change;
/// so does a file of last year's totals; a wrong path is an error at its line.
#[test]
fn last_year_s_figures_stand_beside_this_year_s_with_the_change() {
    let ws = sample_workspace("nam-truoc");
    let (before, _) = consolidated_report(&ws);
    assert!(!before.contains("Năm trước"), "no comparison unless asked");
    // Last year: the same province, Sở Nội vụ with 10 documents fewer.
    let prev = ws.join("nam-2024");
    copy_dir(&ws.join("data"), &prev.join("data"));
    let f = prev.join("data/so-noi-vu/bao-cao-nam.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains("van_ban_chi_dao: 17\n"));
    std::fs::write(
        &f,
        text.replace("van_ban_chi_dao: 17\n", "van_ban_chi_dao: 7\n"),
    )
    .unwrap();
    let f = prev.join("data/tinh.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replacen("nam: 2025", "nam: 2024", 1)).unwrap();
    write(&ws, "vanban.yaml", "tong_hop:\n  nam_truoc: nam-2024\n");
    let now = total_of(&ws, "van_ban_chi_dao");
    let (after, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let int = |n: u64| vanban::ground::nd30::integer(n);
    assert!(after.contains("So với năm 2024:\nSTT\nNội dung\nĐơn vị tính\nNăm trước (2024)\nNăm 2025\nTăng (+), giảm (−)"), "{after}");
    let row = format!(
        "Văn bản chỉ đạo, triển khai\nvăn bản\n{}\n{}\n+10\n",
        int(now - 10),
        int(now)
    );
    assert!(after.contains(&row), "{row}\n{after}");
    // Unchanged figures say so; a rate that did not move adds nothing.
    assert!(after.contains("Lượt tiếp công dân\nlượt\n"), "{after}");
    assert!(!after.contains("tỷ lệ 0"), "{after}");

    // A file of last year's totals: an id this year lacks is a warning at its line.
    write(
        &ws,
        "so-lieu-2024.yaml",
        "nam: 2024\nso_lieu:\n  van_ban_chi_dao: 1000\n  van_ban_chi_dao_cu: 3\n",
    );
    write(
        &ws,
        "vanban.yaml",
        "tong_hop:\n  nam_truoc: so-lieu-2024.yaml\n",
    );
    let (from_file, out) = consolidated_report(&ws);
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    let diff = now as i64 - 1000;
    let change = match diff {
        0 => "0".to_string(),
        d if d > 0 => format!("+{}", vanban::ground::nd30::integer(d)),
        d => format!("−{}", vanban::ground::nd30::integer(-d)),
    };
    let row = format!(
        "Văn bản chỉ đạo, triển khai\nvăn bản\n1.000\n{}\n{change}\n",
        int(now)
    );
    assert!(from_file.contains(&row), "{row}\n{from_file}");
    assert_eq!(from_file.matches("Tăng (+), giảm (−)").count(), 1);
    // Only what the file gives is compared: the other rows stay in the main table alone.
    let rows = |t: &str| t.matches("Lượt tiếp công dân\n").count();
    assert_eq!(rows(&after), rows(&from_file) + 1, "{from_file}");
    let warned = out
        .warnings
        .iter()
        .find(|w| w.message.contains("van_ban_chi_dao_cu"))
        .unwrap_or_else(|| panic!("{:#?}", out.warnings));
    assert_eq!(warned.line, 4, "{warned:?}");

    // A path that is neither: an error in vanban.yaml at the key.
    write(&ws, "vanban.yaml", "tong_hop:\n  nam_truoc: nam-2023\n");
    let (_, out) = consolidated_report(&ws);
    let e = out
        .errors
        .iter()
        .find(|e| e.message.contains("nam_truoc"))
        .unwrap_or_else(|| panic!("{:#?}", out.errors));
    assert!(e.file.ends_with("vanban.yaml") && e.line == 2, "{e:?}");
    let _ = std::fs::remove_dir_all(&ws);
}
