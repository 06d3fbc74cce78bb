//! An agency of the campaign: its files as read, and the dates it exists between, checked
//! once (not once per document) against the parent plan.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::campaign::dates;
use crate::campaign::plan::Plan;
use crate::ground::diag::{suggest, Diagnostic};
use crate::ground::nd30;
use crate::load::model::AgencyFile;
use crate::load::workspace::DocSource;

/// A validated agency: its `co-quan.yaml` passed every check.
#[derive(Debug)]
pub struct Agency {
    /// Folder name: "ubnd-tinh".
    pub id: String,
    pub file: PathBuf,
    pub info: AgencyFile,
    pub documents: Vec<DocSource>,
    /// When the agency exists.
    pub lifespan: Lifespan,
}

/// The dates an agency exists between (both ends included); open ends are unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lifespan {
    pub tu: Option<NaiveDate>,
    pub den: Option<NaiveDate>,
}

impl Lifespan {
    /// Whether a document due on `due` is expected of the agency: not when the agency had
    /// ceased before, or did not exist yet.
    pub fn expects(&self, due: NaiveDate) -> bool {
        self.den.is_none_or(|d| due <= d) && self.tu.is_none_or(|t| due >= t)
    }
}

/// Checks an agency file once (not once per document): required keys, authority
/// prefixes, block, ký hiệu, dates.
pub fn check(
    path: &Path,
    a: &AgencyFile,
    plan: &Plan,
    check_block: bool,
) -> Result<Lifespan, Vec<Diagnostic>> {
    let mut diags = required_keys(path, a);
    diags.extend(ky_hieu(path, a));
    diags.extend(signers(path, a));
    if check_block {
        diags.extend(block(path, a, plan));
    }
    let life = lifespan(path, a, &mut diags);
    if diags.is_empty() {
        Ok(life)
    } else {
        Err(diags)
    }
}

/// Every key a document needs from the agency, each missing one named with an example.
fn required_keys(path: &Path, a: &AgencyFile) -> Vec<Diagnostic> {
    let mut missing = Vec::new();
    if a.ten.iter().all(|l| l.trim().is_empty()) {
        missing.push("`ten` (tên in ở đầu văn bản, mỗi dòng một phần tử: `ten: [SỞ NỘI VỤ]`)");
    }
    if a.ten_day_du.trim().is_empty() {
        missing.push("`ten_day_du` (tên viết trong câu: `Sở Nội vụ tỉnh Tây Ninh`)");
    }
    if a.ky_hieu.is_none() {
        missing.push("`ky_hieu` (chữ viết tắt trong ký hiệu văn bản: `SNV`)");
    }
    if a.dia_danh.trim().is_empty() {
        missing.push("`dia_danh` (địa danh ở dòng ngày tháng: `Tây Ninh`)");
    }
    if a.nguoi_ky.is_empty() {
        missing.push("`nguoi_ky` (danh sách người ký với ma, chuc_vu, ho_ten)");
    }
    missing
        .iter()
        .map(|m| {
            Diagnostic::file(
                path,
                format!("thiếu khóa bắt buộc {}", m.split(' ').next().unwrap_or(m)),
            )
            .hint(format!("thêm {m}"))
        })
        .collect()
}

/// The agency's ký hiệu: one word, no slash.
fn ky_hieu(path: &Path, a: &AgencyFile) -> Option<Diagnostic> {
    let k = a.ky_hieu.as_ref()?;
    let kh = k.value.trim();
    let valid = !kh.is_empty() && !kh.contains(char::is_whitespace) && !kh.contains('/');
    (!valid).then(|| {
        Diagnostic::at(
            path,
            k.referenced,
            format!("ký hiệu cơ quan `{kh}` không hợp lệ"),
        )
        .hint(
            "ký hiệu viết liền, không có dấu cách hay dấu `/` (Nghị định 30, ví dụ `SNV`, `UBND`)",
        )
    })
}

/// Each signer has an id of its own, a title and a name, and signs with an authority ND30
/// knows.
fn signers(path: &Path, a: &AgencyFile) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, s) in a.nguoi_ky.iter().enumerate() {
        let ma = s.ma.trim();
        if !ma.is_empty() && !seen.insert(ma) {
            // The second `ma: <id>` line of the file is this signer's.
            let (line, col) = nth_value_place(path, "ma", ma, 2);
            diags.push(
                Diagnostic::new(
                    path,
                    line,
                    col,
                    format!(
                        "người ký thứ {} có mã `{ma}` trùng với người ký trước",
                        i + 1
                    ),
                )
                .hint(
                    "mỗi người ký một mã riêng: văn bản chọn người ký theo mã (`nguoi_ky: <mã>`)",
                ),
            );
        }
    }
    for (i, s) in a.nguoi_ky.iter().enumerate() {
        let absent: Vec<&str> = [
            ("ma", &s.ma),
            ("chuc_vu", &s.chuc_vu),
            ("ho_ten", &s.ho_ten),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
        if !absent.is_empty() {
            diags.push(
                Diagnostic::file(
                    path,
                    format!(
                        "người ký thứ {} thiếu {}",
                        i + 1,
                        absent
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .hint("mỗi người ký cần ma, chuc_vu và ho_ten"),
            );
        }
    }
    for q in a.nguoi_ky.iter().filter_map(|s| s.quyen_han.as_ref()) {
        if !nd30::is_authority_prefix(q.value.trim()) {
            diags.push(
                Diagnostic::at(
                    path,
                    q.referenced,
                    format!("quyền hạn ký `{}` không đúng Nghị định 30", q.value),
                )
                .hint(
                    "dùng một trong: TM., KT., TL., TUQ., Q. (hoặc bỏ trống khi người đứng đầu ký)",
                ),
            );
        }
    }
    diags
}

/// Line and column of the `nth` line `key: value` of a file (1-based), or (0, 0).
fn nth_value_place(path: &Path, key: &str, value: &str, nth: usize) -> (u64, u64) {
    let Ok(text) = crate::load::yaml::read_text(path) else {
        return (0, 0);
    };
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let t = line.trim_start().trim_start_matches("- ");
            let v = t.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            (v.trim().trim_matches(['"', '\'']) == value).then(|| {
                let col = line.len() - t.len();
                (n as u64 + 1, line[..col].chars().count() as u64 + 1)
            })
        })
        .nth(nth - 1)
        .unwrap_or((0, 0))
}

/// The agency's block is one the parent plan declares.
fn block(path: &Path, a: &AgencyFile, plan: &Plan) -> Option<Diagnostic> {
    let k = a.khoi.as_ref()?;
    if plan.block(&k.value).is_some() {
        return None;
    }
    let ids = plan.block_ids();
    let whence = if plan.blocks.is_empty() {
        String::new()
    } else {
        format!(" (khối khai trong `khoi` của {})", plan.file_name())
    };
    Some(
        Diagnostic::at(path, k.referenced, format!("khối `{}` không có", k.value)).hint(format!(
            "{}{whence}",
            suggest(&k.value, ids.iter().copied())
        )),
    )
}

/// The dates the agency exists between; problems pushed to `diags`.
fn lifespan(path: &Path, a: &AgencyFile, diags: &mut Vec<Diagnostic>) -> Lifespan {
    let mut day = |s: &Option<serde_saphyr::Spanned<String>>, what: &str| {
        s.as_ref()
            .and_then(|s| dates::date(path, s, what).map_err(|d| diags.push(d)).ok())
    };
    let life = Lifespan {
        tu: day(&a.hoat_dong_tu, "ngày bắt đầu hoạt động"),
        den: day(&a.hoat_dong_den, "ngày chấm dứt hoạt động"),
    };
    if let (Some(t), Some(d), Some(at)) = (life.tu, life.den, &a.hoat_dong_den) {
        if d < t {
            diags.push(
                Diagnostic::at(
                    path,
                    at.referenced,
                    "ngày chấm dứt hoạt động trước ngày bắt đầu",
                )
                .hint("đổi chỗ `hoat_dong_tu` và `hoat_dong_den`"),
            );
        }
    }
    life
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_due_outside_the_agency_s_life_is_not_expected() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let huyen = Lifespan {
            tu: None,
            den: Some(d(6, 30)),
        };
        assert!(
            huyen.expects(d(5, 20)),
            "6-month report due before it ceased"
        );
        assert!(huyen.expects(d(6, 30)), "its last day is still a day of it");
        assert!(
            !huyen.expects(d(11, 1)),
            "annual report due after it ceased"
        );
        let xa_moi = Lifespan {
            tu: Some(d(7, 1)),
            den: None,
        };
        assert!(
            !xa_moi.expects(d(3, 28)),
            "plan due before the new ward existed"
        );
        assert!(xa_moi.expects(d(11, 1)));
        assert!(Lifespan::default().expects(d(1, 1)));
    }
}
