//! Dates and periods read from the data and written the ND30 way.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use serde_saphyr::Spanned;

use crate::ground::diag::Diagnostic;
use crate::ground::nd30;
use crate::load::model::Period;

#[derive(Debug, Clone, Serialize)]
pub struct PeriodText {
    /// The period's name in sentences, when the data names it: "quý I năm 2026".
    pub ten: Option<String>,
    pub tu: Option<String>,
    pub den: Option<String>,
}

/// A date field, or a diagnostic at its position.
pub fn date(path: &Path, s: &Spanned<String>, what: &str) -> Result<NaiveDate, Diagnostic> {
    parse_date(&s.value).ok_or_else(|| {
        Diagnostic::at(
            path,
            s.referenced,
            format!("{what} `{}` không phải ngày hợp lệ", s.value),
        )
        .hint("viết theo dạng 2025-03-28 hoặc 28/3/2025")
    })
}

pub fn period(path: &Path, p: &Period, diags: &mut Vec<Diagnostic>) -> Option<PeriodText> {
    let ten = p.ten.clone().filter(|s| !s.trim().is_empty());
    let (tu, den) = match (&p.tu, &p.den) {
        (None, None) if ten.is_some() => {
            return Some(PeriodText {
                ten,
                tu: None,
                den: None,
            })
        }
        (Some(tu), Some(den)) => (tu, den),
        (one, _) => {
            let (missing, at) = match one {
                Some(t) => ("den", Some(t.referenced)),
                None => ("tu", p.den.as_ref().map(|d| d.referenced)),
            };
            let msg = match at {
                Some(_) => format!("kỳ số liệu thiếu `{missing}`"),
                None => "kỳ số liệu không có tên cũng không có ngày".to_string(),
            };
            let d = match at {
                Some(at) => Diagnostic::at(path, at, msg),
                None => Diagnostic::file(path, msg),
            };
            diags.push(d.hint("ghi cả `tu` và `den` (ví dụ tu: 2025-12-15, den: 2026-03-14), hoặc chỉ `ten` (ví dụ ten: quý I năm 2026)"));
            return None;
        }
    };
    let t = date(path, tu, "ngày bắt đầu kỳ số liệu");
    let d = date(path, den, "ngày kết thúc kỳ số liệu");
    match (t, d) {
        (Ok(t), Ok(d)) if t <= d => Some(PeriodText {
            ten,
            tu: Some(nd30::short_date(t)),
            den: Some(nd30::short_date(d)),
        }),
        (Ok(_), Ok(_)) => {
            diags.push(
                Diagnostic::at(
                    path,
                    den.referenced,
                    "kỳ số liệu kết thúc trước khi bắt đầu",
                )
                .hint("đổi chỗ `tu` và `den`"),
            );
            None
        }
        (a, b) => {
            diags.extend(a.err());
            diags.extend(b.err());
            None
        }
    }
}

/// Today's date (UTC), for checks only: never written into a document, so outputs stay the
/// same from day to day.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(secs / 86_400)))
        .unwrap_or(NaiveDate::MIN)
}

/// A document's sending date (`ngay_gui`): a real date, not after `today`; a warning when it
/// is before the document's own date (sent before it was signed). `None` after an error.
pub fn sent_date(
    path: &Path,
    s: &Spanned<String>,
    own: Option<NaiveDate>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let sent = date(path, s, "ngày gửi").map_err(|d| diags.push(d)).ok()?;
    if sent > today {
        diags.push(
            Diagnostic::at(
                path,
                s.referenced,
                format!(
                    "ngày gửi {} ở sau hôm nay ({})",
                    nd30::short_date(sent),
                    nd30::short_date(today)
                ),
            )
            .hint("ghi ngày đã gửi thật; văn bản chưa gửi thì xóa dòng `ngay_gui`"),
        );
        return None;
    }
    if let Some(own) = own.filter(|o| sent < *o) {
        diags.push(
            Diagnostic::at(
                path,
                s.referenced,
                format!(
                    "ngày gửi {} trước ngày của văn bản ({})",
                    nd30::short_date(sent),
                    nd30::short_date(own)
                ),
            )
            .hint("kiểm tra lại `ngay_gui` và `ngay`: văn bản được gửi sau khi ký")
            .warn(),
        );
    }
    Some(sent)
}

/// The years a document's date may fall in: a date outside is a typing mistake ("năm 0").
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// "2025-03-06" or "06/3/2025", in `YEARS`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(
            parse_date("2025-03-06"),
            NaiveDate::from_ymd_opt(2025, 3, 6)
        );
        assert_eq!(parse_date("06/3/2025"), NaiveDate::from_ymd_opt(2025, 3, 6));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("0000-01-01"), None, "năm 0");
        assert_eq!(parse_date("9999-12-31"), None);
    }
}
