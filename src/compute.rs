//! Compute: values derived from the data, never typed by the user: the province plan's
//! citation and formatted deadlines, report periods, and rates from raw counts.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use serde_saphyr::Spanned;

use crate::assemble::parse_date;
use crate::diag::Diagnostic;
use crate::model::{Figures, Period, ProvinceFile};
use crate::nd30;

/// The province plan as templates see it: every date already written the ND30 way.
#[derive(Debug, Clone, Serialize)]
pub struct Province {
    pub nam: i32,
    /// "Kế hoạch số 696/KH-UBND ngày 06/3/2025 của Ủy ban nhân dân tỉnh Tây Ninh".
    pub trich_dan: String,
    /// "696/KH-UBND".
    pub so_ky_hieu: String,
    pub ngay: String,
    pub co_quan: String,
    pub trich_yeu: String,
    /// Deadlines "28/3/2025" by kind.
    pub han: BTreeMap<String, String>,
    /// Report periods by kind: {tu, den} as "15/12/2024".
    pub ky_so_lieu: BTreeMap<String, PeriodText>,
    pub chi_tieu: Vec<String>,
    pub bang_diem: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodText {
    pub tu: String,
    pub den: String,
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
    let tu = date(path, &p.tu, "ngày bắt đầu kỳ số liệu");
    let den = date(path, &p.den, "ngày kết thúc kỳ số liệu");
    match (tu, den) {
        (Ok(t), Ok(d)) if t <= d => Some(PeriodText {
            tu: nd30::short_date(t),
            den: nd30::short_date(d),
        }),
        (Ok(_), Ok(_)) => {
            diags.push(
                Diagnostic::at(
                    path,
                    p.den.referenced,
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

impl Province {
    pub fn from_file(path: &Path, f: &ProvinceFile) -> Result<Province, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let plan_date = date(path, &f.ke_hoach.ngay, "ngày ban hành kế hoạch")
            .map_err(|d| diags.push(d))
            .ok();
        let mut han = BTreeMap::new();
        for (k, v) in [
            ("ke_hoach", &f.han.ke_hoach),
            ("bao_cao_6_thang", &f.han.bao_cao_6_thang),
            ("bao_cao_nam", &f.han.bao_cao_nam),
            ("ho_so_cham_diem", &f.han.ho_so_cham_diem),
        ] {
            match date(path, v, "hạn") {
                Ok(d) => {
                    han.insert(k.to_string(), nd30::short_date(d));
                }
                Err(d) => diags.push(d),
            }
        }
        let mut ky = BTreeMap::new();
        for (k, p) in [
            ("bao_cao_6_thang", &f.ky_so_lieu.bao_cao_6_thang),
            ("bao_cao_nam", &f.ky_so_lieu.bao_cao_nam),
        ] {
            if let Some(t) = period(path, p, &mut diags) {
                ky.insert(k.to_string(), t);
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let plan_date = plan_date.expect("checked");
        let so_ky_hieu = format!("{}/{}", nd30::number(f.ke_hoach.so), f.ke_hoach.ky_hieu);
        Ok(Province {
            nam: f.nam,
            trich_dan: format!(
                "Kế hoạch số {so_ky_hieu} ngày {} của {}",
                nd30::short_date(plan_date),
                f.ke_hoach.co_quan
            ),
            so_ky_hieu,
            ngay: nd30::short_date(plan_date),
            co_quan: f.ke_hoach.co_quan.clone(),
            trich_yeu: f.ke_hoach.trich_yeu.clone(),
            han,
            ky_so_lieu: ky,
            chi_tieu: f.chi_tieu.clone(),
            bang_diem: f.bang_diem.clone(),
        })
    }
}

/// Rates from raw counts, as printed ("97,5%"); absent when there is nothing to rate.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Rates {
    pub quan_triet: Option<String>,
    pub tthc_dung_han: Option<String>,
    pub tthc_truc_tuyen: Option<String>,
    pub don_giai_quyet: Option<String>,
    pub phan_anh_xu_ly: Option<String>,
}

/// Pairs (part, whole, message) that must satisfy part ≤ whole.
fn bounds(f: &Figures) -> [(&Spanned<u64>, &Spanned<u64>, &'static str); 7] {
    [
        (
            &f.cbccvc_quan_triet,
            &f.cbccvc,
            "số CBCCVC được quán triệt lớn hơn tổng số CBCCVC",
        ),
        (
            &f.tthc_truc_tuyen,
            &f.tthc_tiep_nhan,
            "số hồ sơ trực tuyến lớn hơn số hồ sơ tiếp nhận",
        ),
        (
            &f.tthc_giai_quyet,
            &f.tthc_tiep_nhan,
            "số hồ sơ đã giải quyết lớn hơn số hồ sơ tiếp nhận",
        ),
        (
            &f.tthc_dung_han,
            &f.tthc_giai_quyet,
            "số hồ sơ đúng hạn lớn hơn số hồ sơ đã giải quyết",
        ),
        (
            &f.don_da_giai_quyet,
            &f.don_thuoc_tham_quyen,
            "số đơn đã giải quyết lớn hơn số đơn thuộc thẩm quyền",
        ),
        (
            &f.don_thuoc_tham_quyen,
            &f.don_tiep_nhan,
            "số đơn thuộc thẩm quyền lớn hơn số đơn tiếp nhận",
        ),
        (
            &f.phan_anh_da_xu_ly,
            &f.phan_anh_tiep_nhan,
            "số phản ánh đã xử lý lớn hơn số phản ánh tiếp nhận",
        ),
    ]
}

/// Checks that parts never exceed their wholes; one diagnostic per broken pair.
pub fn check_figures(path: &Path, f: &Figures) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = bounds(f)
        .iter()
        .filter(|(part, whole, _)| part.value > whole.value)
        .map(|(part, whole, msg)| {
            Diagnostic::at(
                path,
                part.referenced,
                format!(
                    "{msg} ({} > {})",
                    nd30::integer(part.value as i64),
                    nd30::integer(whole.value as i64)
                ),
            )
            .hint("kiểm tra lại số liệu: phần không thể lớn hơn tổng")
        })
        .collect();
    if f.dan_van_kheo_cong_nhan.value > f.dan_van_kheo_dang_ky.value {
        out.push(
            Diagnostic::at(
                path,
                f.dan_van_kheo_cong_nhan.referenced,
                "số mô hình được công nhận lớn hơn số mô hình đăng ký",
            )
            .hint("kiểm tra lại số liệu \"Dân vận khéo\""),
        );
    }
    out
}

pub fn rates(f: &Figures) -> Rates {
    let r = |a: &Spanned<u64>, b: &Spanned<u64>| nd30::percent(a.value as f64, b.value as f64);
    Rates {
        quan_triet: r(&f.cbccvc_quan_triet, &f.cbccvc),
        tthc_dung_han: r(&f.tthc_dung_han, &f.tthc_giai_quyet),
        tthc_truc_tuyen: r(&f.tthc_truc_tuyen, &f.tthc_tiep_nhan),
        don_giai_quyet: r(&f.don_da_giai_quyet, &f.don_thuoc_tham_quyen),
        phan_anh_xu_ly: r(&f.phan_anh_da_xu_ly, &f.phan_anh_tiep_nhan),
    }
}
