//! `vanban status`: who sent which document on time, late (by how many days) or not at
//! all, per agency and per block, in the terminal and as CSV; the "trước ngày X" setting;
//! agencies outside their lifespan and the plan's own issuer owe nothing.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

fn status(ws: &Path, extra: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["status", "-w"])
        .arg(ws)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The statuses printed for one agency.
fn row(table: &str, agency: &str) -> Vec<String> {
    let line = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(agency))
        .unwrap_or_else(|| panic!("no row for {agency}:\n{table}"));
    line[agency.len()..]
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_sample_s_late_and_missing_documents_are_named_with_their_days() {
    let ws = sample_workspace("status");
    let csv_path = ws.join("gui.csv");
    let (ok, out, err) = status(&ws, &["--csv", csv_path.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("(1) Kế hoạch: hạn 28/3/2025"), "{out}");
    assert!(
        out.contains("(4) Hồ sơ tự đánh giá, chấm điểm: hạn 15/11/2025"),
        "{out}"
    );
    assert_eq!(row(&out, "so-tai-chinh")[0], "trễ 5 ngày");
    assert_eq!(row(&out, "ubnd-tan-chau")[1], "trễ 3 ngày");
    assert_eq!(row(&out, "cuc-thue")[3], "chưa gửi");
    // Sent on the deadline day itself: on time by default.
    assert_eq!(row(&out, "ubnd-ben-cau")[2], "đúng hạn");
    // The issuer of the parent plan owes it nothing.
    assert_eq!(row(&out, "ubnd-tinh"), vec!["không phải nộp"; 4]);
    // Totals: every agency once per deadline, by block and overall.
    let agencies = std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("co-quan.yaml").is_file())
        .count();
    let overall = out.lines().find(|l| l.starts_with("Toàn bộ")).unwrap();
    for part in overall.split('(').skip(1) {
        let nums: Vec<usize> = part
            .split(')')
            .nth(1)
            .unwrap()
            .trim()
            .split('/')
            .map(|n| n.trim().parse().unwrap())
            .collect();
        assert_eq!(nums.iter().sum::<usize>(), agencies, "{overall}");
    }
    assert!(overall.contains("(1) 29/4/0/1"), "{overall}");
    // The CSV: a byte-order mark for Excel, a header, one row per agency, same statuses.
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), agencies + 1);
    let tc = lines
        .iter()
        .find(|l| l.starts_with("so-tai-chinh,"))
        .unwrap();
    assert!(tc.contains(",trễ 5 ngày,02/4/2025,"), "{tc}");
    let ct = lines.iter().find(|l| l.starts_with("cuc-thue,")).unwrap();
    assert!(ct.ends_with(",chưa gửi,"), "{ct}");
}

#[test]
fn before_the_day_can_exclude_the_day_and_a_ceased_agency_owes_nothing() {
    let ws = sample_workspace("status-setting");
    write(&ws, "vanban.yaml", "tong_hop:\n  tinh_ca_ngay_han: false\n");
    let (ok, out, err) = status(&ws, &[]);
    assert!(ok, "{err}");
    assert!(out.contains("gửi đúng ngày hạn là trễ hạn"), "{out}");
    assert_eq!(row(&out, "ubnd-ben-cau")[2], "trễ 1 ngày");
    // A district that ceased on 30/6/2025 owes the annual report and dossier nothing; its
    // missing 6-month report is still missing.
    let f = ws.join("data/ubnd-go-dau/co-quan.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, format!("{text}hoat_dong_den: 2025-06-30\n")).unwrap();
    std::fs::remove_file(ws.join("data/ubnd-go-dau/bao-cao-6-thang.yaml")).unwrap();
    let (_, out, _) = status(&ws, &[]);
    assert_eq!(
        row(&out, "ubnd-go-dau"),
        ["đúng hạn", "chưa gửi", "không phải nộp", "không phải nộp"]
    );
    // A sending date that is not a date is an error with its place.
    let f = ws.join("data/so-y-te/bao-cao-nam.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let bad: String = text
        .lines()
        .map(|l| {
            if l.starts_with("ngay_gui:") {
                "ngay_gui: 31/11/2025"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&f, bad).unwrap();
    let (ok, _, err) = status(&ws, &[]);
    assert!(!ok);
    assert!(
        err.contains("so-y-te/bao-cao-nam.yaml:3:11: ngày gửi `31/11/2025` không phải ngày hợp lệ"),
        "{err}"
    );
}

#[test]
fn classes_per_block_and_summed_figures_are_printed_on_request() {
    let ws = example_workspace("dong-nai-2026", "status-sums");
    let (ok, out, err) = status(&ws, &["--so-lieu", "bao-cao-quy-1"]);
    assert!(ok, "{err}");
    assert!(out.contains("Kết quả xếp loại"), "{out}");
    let overall = out.lines().rfind(|l| l.starts_with("Toàn bộ")).unwrap();
    assert!(
        overall.contains("Hoàn thành xuất sắc 1 (33,3%); Không xếp loại 2 (66,7%)"),
        "{overall}"
    );
    assert!(
        out.contains(
            "Không xếp loại: ubnd-phuong-binh-phuoc (không có hồ sơ chấm điểm), ubnd-xa-phu-rieng (không có hồ sơ chấm điểm)"
        ),
        "{out}"
    );
    assert!(
        out.contains("Số liệu tổng hợp từ `bao-cao-quy-1` (2 cơ quan có số liệu / 3 cơ quan):"),
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("Khu phố, ấp đã tổ chức hội nghị nhân dân"))
        .unwrap();
    assert!(
        line.ends_with("70 khu phố, ấp, tỷ lệ 97,2% (không báo cáo: 1 cơ quan)"),
        "{line}"
    );
}

#[test]
fn the_workbook_has_three_sheets_with_frozen_headers_and_numbers_as_numbers() {
    let ws = sample_workspace("xlsx");
    let path = ws.join("tong-hop.xlsx");
    let (ok, _, err) = status(&ws, &["--xlsx", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    let book = zip_part(&bytes, "xl/workbook.xml").unwrap();
    for name in ["Tình hình gửi", "Số liệu", "Xếp loại"] {
        assert!(book.contains(&format!("name=\"{name}\"")), "{book}");
    }
    let strings = zip_part(&bytes, "xl/sharedStrings.xml").unwrap();
    let shared: Vec<String> = strings
        .split("<t>")
        .skip(1)
        .chain(strings.split("<t xml:space=\"preserve\">").skip(1))
        .map(|s| s[..s.find("</t>").unwrap()].to_string())
        .collect();
    for (n, sheet) in [(1, "Tình hình gửi"), (2, "Số liệu"), (3, "Xếp loại")] {
        let xml = zip_part(&bytes, &format!("xl/worksheets/sheet{n}.xml")).unwrap();
        assert!(
            xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
            "{sheet}: header row frozen"
        );
    }
    // Numbers are numeric cells: so-noi-vu's 17 directive documents, its 92,5 points, and
    // the total row equal to the sum over the agencies' own files.
    let figures = zip_part(&bytes, "xl/worksheets/sheet2.xml").unwrap();
    assert!(figures.contains("<v>17</v>"), "{figures}");
    let sum: u64 = std::fs::read_dir(ws.join("data"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("bao-cao-nam.yaml")).ok())
        .filter_map(|t| {
            t.lines()
                .find_map(|l| l.trim().strip_prefix("van_ban_chi_dao:"))
                .map(|v| v.trim().parse::<u64>().unwrap())
        })
        .sum();
    assert!(figures.contains(&format!("<v>{sum}</v>")), "total {sum}");
    let scores = zip_part(&bytes, "xl/worksheets/sheet3.xml").unwrap();
    assert!(scores.contains("<v>92.5</v>"), "{scores}");
    assert!(shared.iter().any(|s| s == "trễ 5 ngày") || strings.contains("trễ 5 ngày"));
    // The same inputs give the same bytes.
    let (ok, _, _) = status(&ws, &["--xlsx", path.to_str().unwrap()]);
    assert!(ok);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

/// A parent that is a decision of the chairman ("Chủ tịch Ủy ban nhân dân tỉnh …"): its
/// issuer owes nothing, whether named after a title or by `ma_co_quan`.
#[test]
fn the_issuer_of_a_decision_owes_nothing() {
    for (co_quan, extra) in [
        ("Chủ tịch Ủy ban nhân dân tỉnh Tây Ninh", ""),
        ("Chủ tịch UBND tỉnh", "  ma_co_quan: ubnd-tinh\n"),
    ] {
        let ws = sample_workspace("issuer-decision");
        let file = ws.join("data/tinh.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text
            .replace(
                "  so: 696\n  ky_hieu: KH-UBND\n",
                "  so: 908\n  ky_hieu: QĐ-UBND\n",
            )
            .replace(
                "  co_quan: Ủy ban nhân dân tỉnh Tây Ninh\n",
                &format!("  co_quan: {co_quan}\n{extra}"),
            );
        assert!(text.contains("QĐ-UBND") && text.contains(co_quan));
        std::fs::write(&file, text).unwrap();
        let (_, out, err) = status(&ws, &[]);
        let cells = row(&out, "ubnd-tinh");
        assert!(!cells.is_empty(), "{out}\n{err}");
        assert!(
            cells.iter().all(|c| c == "không phải nộp"),
            "{co_quan}: {cells:?}"
        );
        let unclassified = out
            .lines()
            .find(|l| l.starts_with("Không xếp loại"))
            .unwrap_or("");
        assert!(!unclassified.contains("ubnd-tinh"), "{unclassified}");
    }
}

/// The workbook's cells, row by row: column letters → (value, is a shared string).
fn cells(xml: &str) -> Vec<Vec<(String, String, bool)>> {
    xml.split("<row ")
        .skip(1)
        .map(|r| {
            r.split("<c ")
                .skip(1)
                .map(|c| {
                    let col: String = c["r=\"".len()..]
                        .chars()
                        .take_while(|ch| ch.is_ascii_uppercase())
                        .collect();
                    let shared = c.contains("t=\"s\"");
                    let v = c
                        .split("<v>")
                        .nth(1)
                        .map(|v| v[..v.find("</v>").unwrap()].to_string())
                        .unwrap_or_default();
                    (col, v, shared)
                })
                .collect()
        })
        .collect()
}

/// Dates are date cells; agencies come in block order with a subtotal row per block that
/// equals its rows; each part with a rate has a rate column.
#[test]
fn the_workbook_has_real_dates_block_subtotals_and_rates() {
    let ws = sample_workspace("xlsx-blocks");
    let path = ws.join("tong-hop.xlsx");
    let (ok, _, err) = status(&ws, &["--xlsx", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    let strings = zip_part(&bytes, "xl/sharedStrings.xml").unwrap();
    let shared: Vec<String> = strings
        .split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .skip(1)
                .map(|t| {
                    let t = &t[t.find('>').unwrap() + 1..];
                    t[..t.find("</t>").unwrap()].to_string()
                })
                .collect::<String>()
        })
        .collect();
    let text = |v: &str| shared[v.parse::<usize>().unwrap()].clone();
    // Sending dates: numbers (Excel serials) with a date format, never text.
    let sheet1 = zip_part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 10, 22).unwrap(); // Sở Tư pháp's annual report
    let serial = (day - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
    assert!(
        sheet1.contains(&format!("<v>{serial}</v>")),
        "no date cell {serial}"
    );
    assert!(
        !shared.iter().any(|s| s == "22/10/2025"),
        "a date written as text"
    );
    let styles = zip_part(&bytes, "xl/styles.xml").unwrap();
    assert!(styles.contains("dd/mm/yyyy"), "{styles}");
    // Figures: block order, a subtotal per block equal to its rows, the total equal to them.
    let sheet2 = zip_part(&bytes, "xl/worksheets/sheet2.xml").unwrap();
    let rows = cells(&sheet2);
    let value = |row: &Vec<(String, String, bool)>, col: &str| -> Option<f64> {
        row.iter()
            .find(|(c, _, s)| c == col && !s)
            .map(|(_, v, _)| v.parse().unwrap())
    };
    let name = |row: &Vec<(String, String, bool)>| -> String {
        row.iter()
            .find(|(c, _, s)| c == "B" && *s)
            .map(|(_, v, _)| text(v))
            .unwrap_or_default()
    };
    let (campaign, _) = vanban::campaign::open(&ws);
    let plan = campaign.plan.as_ref().unwrap();
    let mut subtotals = Vec::new();
    let mut running = 0.0;
    let mut grand = 0.0;
    for r in rows.iter().skip(1) {
        let n = name(r);
        if let Some(block) = n.strip_prefix("Cộng ") {
            assert_eq!(value(r, "D").unwrap_or(0.0), running, "subtotal of {block}");
            subtotals.push(block.to_string());
            grand += running;
            running = 0.0;
        } else if n == "Tổng cộng" {
            assert_eq!(value(r, "D").unwrap(), grand, "total");
        } else {
            running += value(r, "D").unwrap_or(0.0);
        }
    }
    let order: Vec<String> = plan
        .block_ids()
        .iter()
        .filter_map(|b| plan.block(b).map(|b| b.ten))
        .filter(|t| subtotals.contains(t))
        .collect();
    assert_eq!(subtotals, order, "blocks out of order");
    let rates = plan
        .catalogue
        .indicators
        .iter()
        .filter(|i| i.ty_le && i.thuoc.is_some())
        .count();
    assert_eq!(
        shared.iter().filter(|s| s.starts_with("Tỷ lệ: ")).count(),
        rates
    );
    assert!(
        shared.iter().any(|s| s == "chưa gửi hồ sơ chấm điểm"),
        "no reason for Thuế tỉnh"
    );
}
