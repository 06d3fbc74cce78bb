//! The reporting body's workbook (XLSX) for the staff who work in Excel: the submission
//! table, every agency's figures, the scores and classes; one sheet each, header row
//! frozen, numbers as numbers. Same data as `vanban status` and the consolidated documents.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::aggregate;
use crate::plan::Plan;
use crate::tracking::{self, Status};
use crate::workspace::Workspace;

fn err(e: XlsxError) -> String {
    format!("không tạo được bảng tính: {e}")
}

/// Writes a header row in bold, freezes it, and sets readable column widths.
fn header(ws: &mut Worksheet, cells: &[String], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in cells.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, bold)?;
        ws.set_column_width(c as u16, if c == 1 { 42 } else { 16 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook's bytes; `report` is the agencies' report whose figures are listed.
pub fn workbook(ws: &Workspace, plan: &Plan, report: &str) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    // A fixed creation date keeps the file byte-identical from run to run.
    let year = plan.nam.unwrap_or(2000).clamp(1900, 9999) as u16;
    let when = ExcelDateTime::from_ymd(year, 1, 1).map_err(err)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let bold = Format::new().set_bold();
    let block_name = |k: &str| {
        plan.block(k)
            .map(|b| b.ten)
            .unwrap_or_else(|| k.to_string())
    };

    // 1. Submissions.
    let (t, _) = tracking::table(ws, plan, ws.consolidation.tinh_ca_ngay_han);
    let sheet = book.add_worksheet();
    sheet.set_name("Tình hình gửi").map_err(err)?;
    let mut head = vec!["Mã cơ quan".to_string(), "Cơ quan".into(), "Khối".into()];
    for d in &t.deadlines {
        head.push(d.heading());
        head.push("Ngày gửi".into());
        head.push("Số ngày trễ".into());
    }
    header(sheet, &head, &bold).map_err(err)?;
    for (i, r) in t.rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &r.id).map_err(err)?;
        sheet.write_string(row, 1, &r.ten).map_err(err)?;
        sheet
            .write_string(row, 2, block_name(&r.khoi))
            .map_err(err)?;
        for (j, (s, sent)) in r.status.iter().zip(&r.ngay_gui).enumerate() {
            let col = 3 + 3 * j as u16;
            sheet.write_string(row, col, s.label()).map_err(err)?;
            if let Some(d) = sent {
                sheet
                    .write_string(row, col + 1, crate::nd30::short_date(*d))
                    .map_err(err)?;
            }
            if let Status::Late(n) = s {
                sheet.write_number(row, col + 2, *n as f64).map_err(err)?;
            }
        }
    }

    // 2. Figures: one row per agency that reported, one column per indicator.
    let (values, _) = aggregate::values(ws, plan, report);
    let sheet = book.add_worksheet();
    sheet.set_name("Số liệu").map_err(err)?;
    let mut head = vec!["Mã cơ quan".to_string(), "Cơ quan".into(), "Khối".into()];
    head.extend(
        plan.catalogue
            .indicators
            .iter()
            .map(|i| format!("{} ({})", i.ten, i.don_vi)),
    );
    header(sheet, &head, &bold).map_err(err)?;
    let mut row = 1;
    for a in aggregate::reporting(ws, plan) {
        let Some(v) = values.get(&a.id) else { continue };
        sheet.write_string(row, 0, &a.id).map_err(err)?;
        sheet
            .write_string(row, 1, &a.info.ten_day_du)
            .map_err(err)?;
        let k = a.info.khoi.as_ref().map(|k| k.value.as_str()).unwrap_or("");
        sheet.write_string(row, 2, block_name(k)).map_err(err)?;
        for (c, ind) in plan.catalogue.indicators.iter().enumerate() {
            if let Some(x) = v.get(&ind.ma) {
                sheet
                    .write_number(row, 3 + c as u16, *x as f64)
                    .map_err(err)?;
            }
        }
        row += 1;
    }
    let totals = aggregate::totals(ws, plan, &values);
    sheet
        .write_string_with_format(row, 1, "Tổng cộng", &bold)
        .map_err(err)?;
    for (c, t) in totals.iter().enumerate() {
        if t.toan_bo.bao_cao > 0 {
            sheet
                .write_number_with_format(row, 3 + c as u16, t.toan_bo.tong as f64, &bold)
                .map_err(err)?;
        }
    }

    // 3. Scores and classes.
    if plan.score_sheet.is_some() {
        let (rows, _) = aggregate::classification(ws, plan);
        let sheet = book.add_worksheet();
        sheet.set_name("Xếp loại").map_err(err)?;
        let head: Vec<String> = [
            "Mã cơ quan",
            "Cơ quan",
            "Khối",
            "Điểm tự chấm",
            "Điểm thẩm định",
            "Chênh lệch",
            "Xếp loại",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header(sheet, &head, &bold).map_err(err)?;
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string(row, 0, &r.id).map_err(err)?;
            sheet.write_string(row, 1, &r.ten).map_err(err)?;
            sheet
                .write_string(row, 2, block_name(&r.khoi))
                .map_err(err)?;
            for (col, p) in [(3u16, r.tu_cham), (4, r.tham_dinh), (5, r.chenh_lech)] {
                if let Some(p) = p {
                    sheet
                        .write_number(row, col, p as f64 / 100.0)
                        .map_err(err)?;
                }
            }
            sheet.write_string(row, 6, &r.xep_loai).map_err(err)?;
        }
    }
    book.save_to_buffer().map_err(err)
}
