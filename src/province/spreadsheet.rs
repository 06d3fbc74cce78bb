//! The reporting body's workbook (XLSX) for the staff who work in Excel: the submission
//! table, every agency's figures, the scores and classes; one sheet each, header row
//! frozen, numbers as numbers. Same data as `vanban status` and the consolidated documents.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::campaign::plan::Plan;
use crate::campaign::Campaign;
use crate::province::sums;
use crate::province::tracking::{self, Status};

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

/// The first three columns of every sheet: who the row is about.
const AGENCY_HEAD: [&str; 3] = ["Mã cơ quan", "Cơ quan", "Khối"];

/// A header row that starts with the agency columns.
fn head_with(rest: impl IntoIterator<Item = String>) -> Vec<String> {
    AGENCY_HEAD
        .iter()
        .map(|s| s.to_string())
        .chain(rest)
        .collect()
}

/// Writes a row's agency columns: id, name, block name.
fn agency_cells(
    sheet: &mut Worksheet,
    row: u32,
    id: &str,
    ten: &str,
    block: &str,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, id)?;
    sheet.write_string(row, 1, ten)?;
    sheet.write_string(row, 2, block)?;
    Ok(())
}

/// What every sheet needs besides its data.
struct Sheets<'a> {
    ws: &'a Campaign,
    plan: &'a Plan,
    bold: Format,
}

impl Sheets<'_> {
    fn block_name(&self, k: &str) -> String {
        self.plan
            .block(k)
            .map(|b| b.ten)
            .unwrap_or_else(|| k.to_string())
    }

    /// One row per agency, three columns per deadline: state, date sent, days late.
    fn submissions(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let (t, _) = tracking::table(self.ws, self.plan, self.ws.consolidation.tinh_ca_ngay_han);
        sheet.set_name("Tình hình gửi")?;
        let head = head_with(
            t.deadlines
                .iter()
                .flat_map(|d| [d.heading(), "Ngày gửi".into(), "Số ngày trễ".into()]),
        );
        header(sheet, &head, &self.bold)?;
        for (i, r) in t.rows.iter().enumerate() {
            let row = i as u32 + 1;
            agency_cells(sheet, row, &r.id, &r.ten, &self.block_name(&r.khoi))?;
            for (j, (s, sent)) in r.status.iter().zip(&r.ngay_gui).enumerate() {
                let col = 3 + 3 * j as u16;
                sheet.write_string(row, col, s.label())?;
                if let Some(d) = sent {
                    sheet.write_string(row, col + 1, crate::ground::nd30::short_date(*d))?;
                }
                if let Status::Late(n) = s {
                    sheet.write_number(row, col + 2, *n as f64)?;
                }
            }
        }
        Ok(())
    }

    /// One row per agency that reported `report`, one column per indicator, and the totals.
    fn figures(&self, sheet: &mut Worksheet, report: &str) -> Result<(), XlsxError> {
        let (ws, plan) = (self.ws, self.plan);
        let (values, _) = sums::values(ws, plan, report);
        sheet.set_name("Số liệu")?;
        let indicators = &plan.catalogue.indicators;
        let head = head_with(
            indicators
                .iter()
                .map(|i| format!("{} ({})", i.ten, i.don_vi)),
        );
        header(sheet, &head, &self.bold)?;
        let mut row = 1;
        for a in sums::reporting(ws, plan) {
            let Some(v) = values.get(&a.id) else { continue };
            let k = a.info.khoi.as_ref().map(|k| k.value.as_str()).unwrap_or("");
            agency_cells(sheet, row, &a.id, &a.info.ten_day_du, &self.block_name(k))?;
            for (c, ind) in indicators.iter().enumerate() {
                if let Some(x) = v.get(&ind.ma) {
                    sheet.write_number(row, 3 + c as u16, *x as f64)?;
                }
            }
            row += 1;
        }
        let totals = sums::totals(ws, plan, &values);
        sheet.write_string_with_format(row, 1, "Tổng cộng", &self.bold)?;
        for (c, t) in totals.iter().enumerate() {
            if t.toan_bo.bao_cao > 0 {
                sheet.write_number_with_format(
                    row,
                    3 + c as u16,
                    t.toan_bo.tong as f64,
                    &self.bold,
                )?;
            }
        }
        Ok(())
    }

    /// Every agency's self-score, appraised score, difference and class.
    fn classes(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let (rows, _) = sums::classification(self.ws, self.plan);
        sheet.set_name("Xếp loại")?;
        let head = head_with(
            ["Điểm tự chấm", "Điểm thẩm định", "Chênh lệch", "Xếp loại"]
                .iter()
                .map(|s| s.to_string()),
        );
        header(sheet, &head, &self.bold)?;
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            agency_cells(sheet, row, &r.id, &r.ten, &self.block_name(&r.khoi))?;
            for (col, p) in [(3u16, r.tu_cham), (4, r.tham_dinh), (5, r.chenh_lech)] {
                if let Some(p) = p {
                    sheet.write_number(row, col, p.hundredths() as f64 / 100.0)?;
                }
            }
            sheet.write_string(row, 6, &r.xep_loai)?;
        }
        Ok(())
    }
}

/// The workbook's bytes; `report` is the agencies' report whose figures are listed.
pub fn workbook(ws: &Campaign, plan: &Plan, report: &str) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    // A fixed creation date keeps the file byte-identical from run to run.
    let year = plan.nam.unwrap_or(2000).clamp(1900, 9999) as u16;
    let when = ExcelDateTime::from_ymd(year, 1, 1).map_err(err)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let sheets = Sheets {
        ws,
        plan,
        bold: Format::new().set_bold(),
    };
    sheets.submissions(book.add_worksheet()).map_err(err)?;
    sheets.figures(book.add_worksheet(), report).map_err(err)?;
    if plan.score_sheet.is_some() {
        sheets.classes(book.add_worksheet()).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
