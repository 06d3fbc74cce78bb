//! The reporting body's workbook (XLSX) for the staff who work in Excel: the submission
//! table, every agency's figures, the scores and classes; one sheet each, header row
//! frozen, numbers as numbers, dates as dates, agencies in block order, a subtotal row per
//! block. Same data as `vanban status` and the consolidated documents.

use chrono::Datelike;
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
/// What the workbook is made from, read from every agency's files (the server keeps it
/// between requests).
pub struct Read<'a> {
    pub table: &'a tracking::Table,
    pub values: &'a std::collections::BTreeMap<String, crate::campaign::figures::Values>,
    pub classes: &'a [sums::ClassRow],
}

struct Sheets<'a> {
    ws: &'a Campaign,
    plan: &'a Plan,
    read: &'a Read<'a>,
    bold: Format,
    /// A date cell shown as 18/03/2025 (it sorts and filters as a date).
    date: Format,
    /// A rate shown as a percentage with one decimal.
    rate: Format,
    rate_bold: Format,
}

impl Sheets<'_> {
    /// The position of a block in the plan's order (unknown blocks last).
    fn block_rank(&self, k: &str) -> usize {
        self.plan
            .block_ids()
            .iter()
            .position(|b| *b == k)
            .unwrap_or(usize::MAX)
    }

    fn block_name(&self, k: &str) -> String {
        self.plan
            .block(k)
            .map(|b| b.ten)
            .unwrap_or_else(|| k.to_string())
    }

    /// One row per agency, three columns per deadline: state, date sent, days late.
    fn submissions(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let t = self.read.table;
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
                    let when =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(row, col + 1, &when, &self.date)?;
                }
                if let Status::Late(n) = s {
                    sheet.write_number(row, col + 2, *n as f64)?;
                }
            }
        }
        Ok(())
    }

    /// One row per agency that reported `report`, one column per indicator (and a rate
    /// column after each part that has a rate), a subtotal row per block and the total.
    fn figures(&self, sheet: &mut Worksheet, report: &str) -> Result<(), XlsxError> {
        let (ws, plan) = (self.ws, self.plan);
        let values = self.read.values;
        sheet.set_name("Số liệu")?;
        let columns = figure_columns(plan);
        let head = head_with(columns.iter().map(|c| match c {
            Col::Value(i) => format!("{} ({})", i.ten, i.don_vi),
            Col::Rate(i, _) => format!("Tỷ lệ: {}", i.ten),
        }));
        header(sheet, &head, &self.bold)?;
        let mut agencies: Vec<_> = sums::owing(ws, plan, report)
            .into_iter()
            .filter(|a| values.contains_key(&a.id))
            .collect();
        let block_of = |a: &crate::campaign::Agency| {
            a.info
                .khoi
                .as_ref()
                .map(|k| k.value.clone())
                .unwrap_or_default()
        };
        agencies.sort_by(|a, b| {
            (self.block_rank(&block_of(a)), &a.id).cmp(&(self.block_rank(&block_of(b)), &b.id))
        });
        let mut row = 1;
        let mut i = 0;
        while i < agencies.len() {
            let block = block_of(agencies[i]);
            let start = i;
            while i < agencies.len() && block_of(agencies[i]) == block {
                let a = agencies[i];
                agency_cells(
                    sheet,
                    row,
                    &a.id,
                    &a.info.ten_day_du,
                    &self.block_name(&block),
                )?;
                self.figure_cells(
                    sheet,
                    row,
                    &columns,
                    &[values.get(&a.id).expect("filtered")],
                    false,
                )?;
                row += 1;
                i += 1;
            }
            let set: Vec<_> = agencies[start..i]
                .iter()
                .filter_map(|a| values.get(&a.id))
                .collect();
            sheet.write_string_with_format(
                row,
                1,
                format!("Cộng {}", self.block_name(&block)),
                &self.bold,
            )?;
            sheet.write_string_with_format(row, 2, self.block_name(&block), &self.bold)?;
            self.figure_cells(sheet, row, &columns, &set, true)?;
            row += 1;
        }
        let all: Vec<_> = agencies.iter().filter_map(|a| values.get(&a.id)).collect();
        sheet.write_string_with_format(row, 1, "Tổng cộng", &self.bold)?;
        self.figure_cells(sheet, row, &columns, &all, true)?;
        Ok(())
    }

    /// One row's figures: each value summed over `set` (one agency, a block, all), and
    /// each rate from the sums over the agencies that gave both part and whole.
    fn figure_cells(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        columns: &[Col],
        set: &[&crate::campaign::figures::Values],
        total: bool,
    ) -> Result<(), XlsxError> {
        for (c, col) in columns.iter().enumerate() {
            let at = 3 + c as u16;
            match col {
                Col::Value(ind) => {
                    let got: Vec<u64> =
                        set.iter().filter_map(|v| v.get(&ind.ma).copied()).collect();
                    if !got.is_empty() {
                        let sum = got.iter().sum::<u64>() as f64;
                        if total {
                            sheet.write_number_with_format(row, at, sum, &self.bold)?;
                        } else {
                            sheet.write_number(row, at, sum)?;
                        }
                    }
                }
                Col::Rate(ind, whole) => {
                    let (part, of): (u64, u64) = set
                        .iter()
                        .filter_map(|v| Some((*v.get(&ind.ma)?, *v.get(whole.as_str())?)))
                        .fold((0, 0), |(p, w), (x, y)| (p + x, w + y));
                    if of > 0 {
                        let f = if total { &self.rate_bold } else { &self.rate };
                        sheet.write_number_with_format(row, at, part as f64 / of as f64, f)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Every agency's self-score, appraised score, difference and class.
    fn classes(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let mut rows = self.read.classes.to_vec();
        rows.sort_by(|a, b| {
            (self.block_rank(&a.khoi), &a.id).cmp(&(self.block_rank(&b.khoi), &b.id))
        });
        sheet.set_name("Xếp loại")?;
        let head = head_with(
            [
                "Điểm tự chấm",
                "Điểm thẩm định",
                "Chênh lệch",
                "Xếp loại",
                "Lý do không xếp loại",
            ]
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
            if let Some(why) = &r.ly_do {
                sheet.write_string(row, 7, why)?;
            }
        }
        Ok(())
    }
}

/// A column of the figures sheet: an indicator's value, or the rate of a part to its
/// whole (for indicators whose rate the reports print).
enum Col<'a> {
    Value(&'a crate::campaign::plan::Indicator),
    Rate(&'a crate::campaign::plan::Indicator, String),
}

fn figure_columns(plan: &Plan) -> Vec<Col<'_>> {
    let mut out = Vec::new();
    for i in &plan.catalogue.indicators {
        out.push(Col::Value(i));
        if let Some(whole) = i.thuoc.as_ref().filter(|_| i.ty_le) {
            out.push(Col::Rate(i, whole.clone()));
        }
    }
    out
}

/// The workbook's bytes; `report` is the agencies' report whose figures are listed.
pub fn workbook(ws: &Campaign, plan: &Plan, report: &str) -> Result<Vec<u8>, String> {
    let (table, _) = tracking::table(ws, plan, ws.consolidation.tinh_ca_ngay_han);
    let (values, _) = sums::values(ws, plan, report);
    let classes = if plan.score_sheet.is_some() {
        sums::classification(ws, plan).0
    } else {
        vec![]
    };
    let read = Read {
        table: &table,
        values: &values,
        classes: &classes,
    };
    workbook_from(ws, plan, report, &read)
}

/// The workbook from what was already read.
pub fn workbook_from(
    ws: &Campaign,
    plan: &Plan,
    report: &str,
    read: &Read,
) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    // A fixed creation date keeps the file byte-identical from run to run.
    let year = plan.nam.unwrap_or(2000).clamp(1900, 9999) as u16;
    let when = ExcelDateTime::from_ymd(year, 1, 1).map_err(err)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let sheets = Sheets {
        ws,
        plan,
        read,
        bold: Format::new().set_bold(),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        rate: Format::new().set_num_format("0.0%"),
        rate_bold: Format::new().set_num_format("0.0%").set_bold(),
    };
    sheets.submissions(book.add_worksheet()).map_err(err)?;
    sheets.figures(book.add_worksheet(), report).map_err(err)?;
    if plan.score_sheet.is_some() {
        sheets.classes(book.add_worksheet()).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
