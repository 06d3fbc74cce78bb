//! `vanban status`: the reporting body's view in the terminal. Submissions per deadline,
//! classes per block, summed figures of one report kind, and the CSV and XLSX files.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_DATA, EXIT_RUN};
use crate::campaign::plan::Plan;
use crate::campaign::Campaign;
use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::province::sums::{self, ClassRow};
use crate::province::tracking::{self, Table};

/// `vanban status`: the submission table in the terminal (and as CSV or XLSX on request).
pub fn run(root: &Path, csv: Option<&Path>, report: Option<&str>, xlsx: Option<&Path>) -> ExitCode {
    if !root.join("data").is_dir() {
        eprintln!("{}", crate::load::workspace::no_data_folder(root));
        return ExitCode::from(EXIT_RUN);
    }
    let (ws, diags) = crate::campaign::open(root);
    let errors: Vec<_> = diags.iter().filter(|d| !d.warning).collect();
    for e in &errors {
        eprintln!("{e}");
    }
    let Some(plan) = ws.plan.as_ref() else {
        eprintln!("Kế hoạch cấp trên có lỗi: chưa lập được bảng theo dõi.");
        return ExitCode::from(EXIT_DATA);
    };
    if plan.han.is_empty() {
        eprintln!("lỗi: kế hoạch cấp trên chưa có hạn nào\n  gợi ý: thêm `han:` (ví dụ `ke_hoach: 2025-03-28`) vào {}", plan.file_name());
        return ExitCode::from(EXIT_DATA);
    }
    if let Some(r) = report.filter(|r| !report_exists(&ws, plan, r)) {
        eprintln!("{}", unknown_report(&ws, r));
        return ExitCode::from(EXIT_RUN);
    }
    let inclusive = ws.consolidation.tinh_ca_ngay_han;
    let (t, mut problems) = tracking::table(&ws, plan, inclusive);
    print_all(&problems);
    let name_width = print_submissions(plan, &t, inclusive);
    if plan.score_sheet.is_some() {
        problems.extend(print_classes(&ws, plan, name_width));
    }
    if let Some(report) = report {
        problems.extend(print_figures(&ws, plan, report));
    }
    if let Some(path) = csv {
        if let Err(code) = write_out(path, tracking::csv(&t).as_bytes()) {
            return code;
        }
    }
    if let Some(path) = xlsx {
        let book =
            crate::province::spreadsheet::workbook(&ws, plan, report.unwrap_or("bao-cao-nam"));
        let written = book
            .map_err(|m| {
                eprintln!("lỗi: {}: {m}", path.display());
                ExitCode::from(EXIT_RUN)
            })
            .and_then(|bytes| write_out(path, &bytes));
        if let Err(code) = written {
            return code;
        }
    }
    if errors.is_empty() && problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DATA)
    }
}

fn print_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` padded with spaces to `w` characters.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// A block's name for the tables; "" is the whole workspace.
fn block_name(plan: &Plan, id: &str) -> String {
    match id {
        "" => "Toàn bộ".to_string(),
        id => plan
            .block(id)
            .map(|b| b.ten)
            .unwrap_or_else(|| id.to_string()),
    }
}

/// The deadlines, one row per agency, and the counts per block; returns the width of the
/// block name column, which the classes table shares.
fn print_submissions(plan: &Plan, t: &Table, inclusive: bool) -> usize {
    println!(
        "Tình hình gửi văn bản ({}):",
        if inclusive {
            "gửi đúng ngày hạn là đúng hạn"
        } else {
            "gửi đúng ngày hạn là trễ hạn"
        }
    );
    for (i, d) in t.deadlines.iter().enumerate() {
        println!("  ({}) {}: hạn {}", i + 1, d.ten, nd30::short_date(d.ngay));
    }
    let first = t
        .rows
        .iter()
        .map(|r| width(&r.id))
        .max()
        .unwrap_or(8)
        .max(8)
        + 2;
    let col = t
        .rows
        .iter()
        .flat_map(|r| r.status.iter().map(|s| width(&s.label())))
        .max()
        .unwrap_or(14)
        .max(14)
        + 2;
    let mut head = pad("Cơ quan", first);
    for i in 0..t.deadlines.len() {
        head.push_str(&pad(&format!("({})", i + 1), col));
    }
    println!("\n{}", head.trim_end());
    for r in &t.rows {
        let mut line = pad(&r.id, first);
        for s in &r.status {
            line.push_str(&pad(&s.label(), col));
        }
        println!("{}", line.trim_end());
    }
    // Returns and resends, after the first sending that decided on time or late.
    let resent: Vec<String> = t
        .rows
        .iter()
        .flat_map(|r| {
            (0..r.status.len()).filter_map(move |i| {
                if r.gui_lai[i].is_none() && r.tra_lai[i].is_none() {
                    return None;
                }
                let mut line = format!("  {} ({}):", r.id, i + 1);
                if let Some(d) = r.ngay_gui[i] {
                    line.push_str(&format!(" gửi {}", nd30::short_date(d)));
                }
                if let Some(d) = r.tra_lai[i] {
                    line.push_str(&format!("; trả lại {}", nd30::short_date(d)));
                }
                if let Some(d) = r.gui_lai[i] {
                    line.push_str(&format!("; gửi lại {}", nd30::short_date(d)));
                }
                Some(line)
            })
        })
        .collect();
    if !resent.is_empty() {
        println!("\nTrả lại, gửi lại (đúng hạn hay trễ hạn tính theo lần gửi đầu):");
        for line in resent {
            println!("{line}");
        }
    }
    println!("\nTổng hợp (đúng hạn / trễ hạn / chưa gửi / không phải nộp):");
    let names: Vec<String> = t.totals.iter().map(|(k, _)| block_name(plan, k)).collect();
    let bw = names.iter().map(|n| width(n)).max().unwrap_or(8) + 2;
    for ((_, counts), name) in t.totals.iter().zip(&names) {
        let mut line = pad(name, bw);
        for (i, c) in counts.iter().enumerate() {
            let cell = format!(
                "({}) {}/{}/{}/{}",
                i + 1,
                c.dung_han,
                c.tre_han,
                c.chua_gui,
                c.khong_phai_nop
            );
            line.push_str(&pad(&cell, 22));
        }
        println!("{}", line.trim_end());
    }
    bw
}

/// Classes per block (appraised when appraised), and the agencies not classified; returns
/// the problems of the dossiers read.
fn print_classes(ws: &Campaign, plan: &Plan, bw: usize) -> Vec<Diagnostic> {
    let (rows, ds) = sums::classification(ws, plan);
    print_all(&ds);
    println!("\nKết quả xếp loại (theo điểm thẩm định khi đã thẩm định):");
    let mut blocks: Vec<String> = plan
        .block_ids()
        .into_iter()
        .filter(|b| rows.iter().any(|r| r.khoi == *b))
        .map(str::to_string)
        .collect();
    blocks.push(String::new());
    for b in &blocks {
        let set: Vec<&ClassRow> = rows
            .iter()
            .filter(|r| b.is_empty() || r.khoi == *b)
            .collect();
        let parts: Vec<String> = sums::class_counts(plan, &set)
            .iter()
            .filter(|(_, c, _)| *c > 0)
            .map(|(n, c, p)| format!("{n} {c} ({p})"))
            .collect();
        println!("{}{}", pad(&block_name(plan, b), bw), parts.join("; "));
    }
    let none: Vec<String> = rows
        .iter()
        .filter(|r| r.xep_loai == sums::NOT_CLASSIFIED)
        .map(|r| match &r.ly_do {
            Some(why) => format!("{} ({why})", r.id),
            None => r.id.clone(),
        })
        .collect();
    if !none.is_empty() {
        println!("Không xếp loại: {}", none.join(", "));
    }
    ds
}

/// The summed figures of the report kind `report`; returns the problems of the reports read.
fn print_figures(ws: &Campaign, plan: &Plan, report: &str) -> Vec<Diagnostic> {
    let (values, ds) = sums::values(ws, plan, report);
    print_all(&ds);
    let totals = sums::totals(ws, plan, report, &values);
    let n = sums::owing(ws, plan, report).len();
    println!(
        "\nSố liệu tổng hợp từ `{report}` ({} cơ quan có số liệu / {n} cơ quan):",
        values.len()
    );
    let tw = totals.iter().map(|t| width(&t.ten)).max().unwrap_or(8) + 2;
    for t in &totals {
        let s = &t.toan_bo;
        let mut line = format!("{}{} {}", pad(&t.ten, tw), s.so, t.don_vi);
        if let Some(r) = &s.ty_le {
            line.push_str(&format!(", tỷ lệ {r}"));
        }
        if !s.khong_bao_cao.is_empty() {
            line.push_str(&format!(
                " (không báo cáo: {} cơ quan)",
                s.khong_bao_cao.len()
            ));
        }
        println!("{line}");
    }
    ds
}

/// Whether any agency has a document named `report`, or the plan a deadline for it.
fn report_exists(ws: &Campaign, plan: &Plan, report: &str) -> bool {
    let key = crate::campaign::plan::key(report);
    plan.han.contains_key(&key)
        || ws.agencies.iter().any(|a| {
            a.documents
                .iter()
                .any(|d| crate::campaign::plan::key(&d.name) == key)
        })
}

/// `--so-lieu` names a report no agency has: say so, with the reports there are.
fn unknown_report(ws: &Campaign, report: &str) -> Diagnostic {
    let mut names: Vec<&str> = ws
        .agencies
        .iter()
        .flat_map(|a| a.documents.iter().map(|d| d.name.as_str()))
        .filter(|n| n.starts_with("bao-cao"))
        .collect();
    names.sort_unstable();
    names.dedup();
    Diagnostic::file(
        &ws.root.join("data"),
        format!("không có báo cáo `{report}` (--so-lieu)"),
    )
    .hint(crate::ground::diag::suggest(report, names.iter().copied()))
}

/// Writes a file `vanban status` was asked for (atomically), or says why not.
fn write_out(path: &Path, bytes: &[u8]) -> Result<(), ExitCode> {
    if path.is_dir() {
        eprintln!(
            "lỗi: {}: đây là thư mục, không phải tệp\n  gợi ý: ghi rõ tên tệp trong thư mục đó, ví dụ {} hoặc {}",
            path.display(),
            path.join("tinh-hinh-gui.csv").display(),
            path.join("tong-hop.xlsx").display()
        );
        return Err(ExitCode::from(EXIT_RUN));
    }
    match crate::build::write_atomic(path, bytes) {
        Ok(()) => {
            eprintln!("đã ghi {}", path.display());
            Ok(())
        }
        Err(e) => {
            eprintln!(
                "lỗi: {}: không ghi được tệp: {}",
                path.display(),
                crate::load::yaml::io_vi(&e)
            );
            Err(ExitCode::from(EXIT_RUN))
        }
    }
}
