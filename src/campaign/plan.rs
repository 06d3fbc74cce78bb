//! The parent plan as documents see it: validated once per build from `ParentPlanFile`,
//! its dates written the ND30 way, its blocks and indicator catalogue checked. Any level
//! issues one (tỉnh, xã, phường, a sở for its units); every part is optional.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_saphyr::Spanned;

use crate::campaign::dates::{self, PeriodText};
use crate::ground::diag::{repeated, suggest, Diagnostic};
use crate::ground::nd30;
use crate::load::model::{BlockDecl, IndicatorDecl, ParentPlanFile, Period, PlanRef, TargetDecl};

/// Placeholders an indicator's sentences may use.
pub const PLACEHOLDERS: &[&str] = &["so", "tong", "ty_le"];

/// Blocks when the parent plan declares none: the agencies of a province after the 2025
/// reorganisation (and before it: cấp huyện).
pub const DEFAULT_BLOCKS: &[(&str, &str)] = &[
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh"),
    ("so-ban-nganh", "Sở, ban, ngành tỉnh"),
    ("ubnd-huyen", "Ủy ban nhân dân cấp huyện"),
    ("ubnd-xa", "Ủy ban nhân dân xã"),
    ("ubnd-phuong", "Ủy ban nhân dân phường"),
    ("don-vi-su-nghiep", "Đơn vị sự nghiệp công lập"),
    ("co-quan-trung-uong", "Cơ quan Trung ương đóng trên địa bàn"),
];

/// What the documents call the work when the parent plan names none (`cong_tac`).
pub const DEFAULT_WORK: &str = "công tác dân vận chính quyền";

/// The validated parent plan. `Plan::default()` is the plan of a workspace that has none.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The file it came from, for hints.
    pub file: Option<PathBuf>,
    pub nam: Option<i32>,
    pub reference: Option<Reference>,
    pub cong_tac: Option<String>,
    /// Deadlines by document key (`bao_cao_nam`: the document name with `_` for `-`).
    pub han: BTreeMap<String, NaiveDate>,
    /// Report periods by document key.
    pub ky: BTreeMap<String, PeriodText>,
    pub gui_bao_cao: Option<Vec<String>>,
    /// Who agencies' plans ask to carry them out (a block's or the plan's own wins).
    pub don_vi_thuc_hien: Option<String>,
    /// The target sentences (`chi_tieu`), repeated in every agency plan.
    pub targets: Vec<String>,
    /// How some targets are measured (`do_chi_tieu`), for the consolidated report.
    pub measures: Vec<TargetDecl>,
    pub bang_diem: Option<String>,
    pub blocks: Vec<Block>,
    pub catalogue: Catalogue,
    /// The score sheet for dossiers, when the plan names one.
    pub score_sheet: Option<crate::campaign::scoring::ScoreSheet>,
    /// The named score sheet has errors (reported once): dossiers fail without repeating them.
    pub score_sheet_broken: bool,
}

/// The plan's own number, date and issuer.
#[derive(Debug, Clone)]
pub struct Reference {
    pub so: u32,
    /// "KH-UBND".
    pub ky_hieu: String,
    pub ngay: NaiveDate,
    pub co_quan: String,
    pub trich_yeu: Option<String>,
    /// The issuer's agency folder, when given (`ma_co_quan`).
    pub ma_co_quan: Option<String>,
}

impl Reference {
    /// Whether `agency` issued the parent document, and so owes nothing under it: named by
    /// folder (`ma_co_quan`), or by its full name, alone or after a title ("Chủ tịch Ủy ban
    /// nhân dân tỉnh Tây Ninh" for a decision of the chairman of that agency).
    pub fn issued_by(&self, id: &str, full_name: &str) -> bool {
        if let Some(m) = &self.ma_co_quan {
            return m == id;
        }
        let issuer = self.co_quan.trim().to_lowercase();
        let name = full_name.trim().to_lowercase();
        !name.is_empty() && (issuer == name || issuer.ends_with(&format!(" {name}")))
    }
    /// "696/KH-UBND".
    pub fn so_ky_hieu(&self) -> String {
        format!("{}/{}", nd30::number(self.so), self.ky_hieu)
    }
    /// "Kế hoạch số 696/KH-UBND ngày 06/3/2025 của Ủy ban nhân dân tỉnh Tây Ninh".
    pub fn citation(&self) -> String {
        format!(
            "Kế hoạch số {} ngày {} của {}",
            self.so_ky_hieu(),
            nd30::short_date(self.ngay),
            self.co_quan
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub ma: String,
    pub ten: String,
    pub gui_bao_cao: Option<Vec<String>>,
    pub don_vi_thuc_hien: Option<String>,
}

/// Indicator groups and indicators, in report order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub ma: String,
    pub ten: String,
    /// The consolidated report lists the agencies' items of this group by name.
    pub liet_ke: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub ma: String,
    pub ten: String,
    pub don_vi: String,
    pub nhom: Option<String>,
    /// The whole this indicator is a part of.
    pub thuoc: Option<String>,
    /// Whether the part/whole rate is printed.
    pub ty_le: bool,
    pub cau: Option<String>,
    pub cau_ty_le: String,
    pub khong_phat_sinh: Option<String>,
    pub bang: bool,
    /// A year-to-date figure: never less in a later report.
    pub luy_ke: bool,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.ma == id)
    }
    pub fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.indicators.iter().map(|i| i.ma.as_str())
    }
    pub fn group_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.groups.iter().map(|g| g.ma.as_str())
    }
}

/// The document key of a document name: "bao-cao-nam" → "bao_cao_nam".
pub fn key(name: &str) -> String {
    name.replace('-', "_")
}

impl Plan {
    /// Validates a parent plan file; every problem of the file at once.
    pub fn from_file(path: &Path, f: &ParentPlanFile) -> Result<Plan, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        check_year(path, f.nam, &mut diags);
        let reference = f
            .ke_hoach
            .as_ref()
            .and_then(|r| reference(path, r, &mut diags));
        let han = deadlines(path, &f.han, &mut diags);
        let ky = periods(path, &f.ky_so_lieu, &mut diags);
        let blocks = blocks(path, &f.khoi, &mut diags);
        check_measures(path, f, &mut diags);
        let catalogue = catalogue(path, f, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(Plan {
            file: Some(path.to_path_buf()),
            nam: f.nam.or(reference.as_ref().map(|r| r.ngay.year())),
            reference,
            cong_tac: f.cong_tac.clone().filter(|s| !s.trim().is_empty()),
            han,
            ky,
            gui_bao_cao: f.gui_bao_cao.clone(),
            don_vi_thuc_hien: f.don_vi_thuc_hien.clone().filter(|s| !s.trim().is_empty()),
            targets: f.chi_tieu.clone(),
            measures: f.do_chi_tieu.clone(),
            bang_diem: f.bang_diem.clone().filter(|s| !s.trim().is_empty()),
            blocks,
            catalogue,
            score_sheet: None,
            score_sheet_broken: false,
        })
    }

    /// The blocks agencies may name: the plan's, else the built-in ones.
    pub fn block(&self, id: &str) -> Option<Block> {
        if self.blocks.is_empty() {
            DEFAULT_BLOCKS.iter().find(|b| b.0 == id).map(|b| Block {
                ma: b.0.into(),
                ten: b.1.into(),
                gui_bao_cao: None,
                don_vi_thuc_hien: None,
            })
        } else {
            self.blocks.iter().find(|b| b.ma == id).cloned()
        }
    }

    /// The work the documents report on: the plan's `cong_tac`, else `DEFAULT_WORK`.
    /// The reports agencies send with figures (deadlines named `bao_cao…`), as document
    /// names ("bao-cao-nam"), in key order.
    pub fn reports(&self) -> Vec<String> {
        self.han
            .keys()
            .filter(|k| k.starts_with("bao_cao"))
            .map(|k| k.replace('_', "-"))
            .collect()
    }

    pub fn work(&self) -> &str {
        self.cong_tac.as_deref().unwrap_or(DEFAULT_WORK)
    }

    pub fn block_ids(&self) -> Vec<&str> {
        if self.blocks.is_empty() {
            DEFAULT_BLOCKS.iter().map(|b| b.0).collect()
        } else {
            self.blocks.iter().map(|b| b.ma.as_str()).collect()
        }
    }

    /// The place a hint about the plan should send the user to.
    pub fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| format!("data/{}", crate::load::workspace::PARENT_FILES[0]))
    }

    /// What the plan's deadline for a document is called in a plan's reporting schedule.
    pub fn deadline_label(&self, key: &str) -> String {
        if let Some(t) = self.ky.get(key).and_then(|p| p.ten.as_ref()) {
            return format!("Báo cáo {t}");
        }
        match key {
            "ke_hoach" => "Kế hoạch".into(),
            "bao_cao_6_thang" => "Báo cáo 6 tháng".into(),
            "bao_cao_nam" => match self.nam {
                Some(n) => format!("Báo cáo năm {n}"),
                None => "Báo cáo năm".into(),
            },
            "ho_so_cham_diem" => "Hồ sơ tự đánh giá, chấm điểm".into(),
            other => {
                let words = other.replace('_', " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// A year outside `dates::YEARS` is a typo (two digits, a date), not a campaign.
fn check_year(path: &Path, nam: Option<i32>, diags: &mut Vec<Diagnostic>) {
    if let Some(n) = nam.filter(|n| !dates::YEARS.contains(n)) {
        let (line, col) = crate::load::yaml::key_place(path, "nam");
        diags.push(
            Diagnostic::new(path, line, col, format!("năm `{n}` không hợp lệ"))
                .hint("viết năm đủ bốn chữ số, ví dụ `nam: 2025`"),
        );
    }
}

/// The plan's own reference, only when complete: documents cite all of it or none.
fn reference(path: &Path, r: &PlanRef, diags: &mut Vec<Diagnostic>) -> Option<Reference> {
    let mut missing = Vec::new();
    for (k, absent) in [
        ("so", r.so.is_none()),
        (
            "ky_hieu",
            r.ky_hieu.as_deref().is_none_or(|s| s.trim().is_empty()),
        ),
        ("ngay", r.ngay.is_none()),
        (
            "co_quan",
            r.co_quan.as_deref().is_none_or(|s| s.trim().is_empty()),
        ),
    ] {
        if absent {
            missing.push(format!("`{k}`"));
        }
    }
    let at = crate::load::yaml::key_place(path, "ke_hoach");
    if !missing.is_empty() {
        diags.push(
            Diagnostic::new(path, at.0, at.1, format!("`ke_hoach` thiếu {}", missing.join(", ")))
                .hint("kế hoạch cấp trên cần đủ so, ky_hieu, ngay, co_quan; hoặc xóa cả khối `ke_hoach` nếu không dẫn chiếu kế hoạch nào"),
        );
    }
    let ngay = r.ngay.as_ref().and_then(|n| {
        dates::date(path, n, "ngày ban hành kế hoạch")
            .map_err(|d| diags.push(d))
            .ok()
    });
    Some(Reference {
        so: r.so?,
        ky_hieu: r.ky_hieu.clone()?.trim().to_string(),
        ngay: ngay?,
        co_quan: r.co_quan.clone()?.trim().to_string(),
        trich_yeu: r.trich_yeu.clone().filter(|s| !s.trim().is_empty()),
        ma_co_quan: r
            .ma_co_quan
            .clone()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty()),
    })
    .filter(|_| missing.is_empty())
}

/// Deadlines by document key; a date that does not parse is reported and left out.
fn deadlines(
    path: &Path,
    decls: &BTreeMap<String, Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, NaiveDate> {
    let mut han = BTreeMap::new();
    for (k, v) in decls {
        if let Ok(d) = dates::date(path, v, "hạn").map_err(|d| diags.push(d)) {
            han.insert(key(k), d);
        }
    }
    han
}

/// Report periods by document key; a period that does not parse is reported and left out.
fn periods(
    path: &Path,
    decls: &BTreeMap<String, Period>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PeriodText> {
    let mut ky = BTreeMap::new();
    for (k, p) in decls {
        if let Some(t) = dates::period(path, p, diags) {
            ky.insert(key(k), t);
        }
    }
    ky
}

/// Each measure (`do_chi_tieu`) must point at an existing target and measure one thing.
fn check_measures(path: &Path, f: &ParentPlanFile, diags: &mut Vec<Diagnostic>) {
    for t in &f.do_chi_tieu {
        let n = t.chi_tieu.value;
        if n == 0 || n > f.chi_tieu.len() {
            diags.push(
                Diagnostic::at(
                    path,
                    t.chi_tieu.referenced,
                    format!(
                        "`do_chi_tieu` trỏ tới chỉ tiêu thứ {n}, nhưng `chi_tieu` có {} chỉ tiêu",
                        f.chi_tieu.len()
                    ),
                )
                .hint("đánh số chỉ tiêu từ 1 theo thứ tự trong `chi_tieu`"),
            );
        }
        let ways = [
            t.van_ban.is_some(),
            t.xep_loai.is_some(),
            t.chi_so.is_some(),
        ];
        if ways.iter().filter(|w| **w).count() != 1 {
            diags.push(
                Diagnostic::at(
                    path,
                    t.chi_tieu.referenced,
                    "mỗi cách đo chỉ tiêu ghi đúng một trong `van_ban`, `xep_loai` hoặc `chi_so`",
                )
                .hint("ví dụ `{ chi_tieu: 2, van_ban: ke_hoach, toi_thieu: 100 }` hoặc `{ chi_tieu: 1, chi_so: cbccvc_quan_triet, toi_thieu: 100 }`"),
            );
        }
        if let Some(id) = t
            .chi_so
            .as_deref()
            .filter(|id| !f.chi_so.iter().any(|c| c.ma.value == *id))
        {
            diags.push(
                Diagnostic::at(path, t.chi_tieu.referenced, format!("`do_chi_tieu` đo bằng chỉ số `{id}`, nhưng danh mục `chi_so` không có chỉ số đó"))
                    .hint("dùng `ma` của một chỉ số trong `chi_so`"),
            );
        }
    }
}

fn blocks(path: &Path, decls: &[BlockDecl], diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    diags.extend(repeated(path, decls.iter().map(|b| &b.ma), "khối"));
    let mut out = Vec::new();
    for b in decls {
        out.push(Block {
            ma: b.ma.value.clone(),
            ten: b.ten.clone(),
            gui_bao_cao: b.gui_bao_cao.clone(),
            don_vi_thuc_hien: b.don_vi_thuc_hien.clone(),
        });
    }
    out
}

/// The indicator catalogue; every indicator is checked before any is used.
fn catalogue(path: &Path, f: &ParentPlanFile, diags: &mut Vec<Diagnostic>) -> Catalogue {
    diags.extend(repeated(
        path,
        f.nhom_chi_so.iter().map(|g| &g.ma),
        "nhóm chỉ số",
    ));
    diags.extend(repeated(path, f.chi_so.iter().map(|i| &i.ma), "chỉ số"));
    let mut groups = Vec::new();
    for g in &f.nhom_chi_so {
        groups.push(Group {
            ma: g.ma.value.clone(),
            ten: g.ten.clone(),
            liet_ke: g.liet_ke,
        });
    }
    let group_ids: Vec<&str> = groups.iter().map(|g| g.ma.as_str()).collect();
    let ids: Vec<&str> = f.chi_so.iter().map(|i| i.ma.value.as_str()).collect();
    let mut indicators = Vec::new();
    for i in &f.chi_so {
        check_group(path, i, &group_ids, diags);
        check_whole(path, i, &ids, diags);
        check_placeholders(path, i, diags);
        indicators.push(indicator(i));
    }
    check_part_cycles(path, &f.chi_so, diags);
    Catalogue { groups, indicators }
}

/// An indicator's group must be declared in `nhom_chi_so`.
fn check_group(path: &Path, i: &IndicatorDecl, group_ids: &[&str], diags: &mut Vec<Diagnostic>) {
    let Some(n) = &i.nhom else { return };
    if !group_ids.contains(&n.value.as_str()) {
        diags.push(
            Diagnostic::at(
                path,
                n.referenced,
                format!("chỉ số `{}` thuộc nhóm `{}` chưa khai", i.ma.value, n.value),
            )
            .hint(format!(
                "{} (nhóm khai trong `nhom_chi_so`)",
                suggest(&n.value, group_ids.iter().copied())
            )),
        );
    }
}

/// The whole an indicator is a part of (`thuoc`) must be another declared indicator.
fn check_whole(path: &Path, i: &IndicatorDecl, ids: &[&str], diags: &mut Vec<Diagnostic>) {
    let Some(t) = &i.thuoc else { return };
    if t.value == i.ma.value || !ids.contains(&t.value.as_str()) {
        diags.push(
            Diagnostic::at(
                path,
                t.referenced,
                format!(
                    "chỉ số `{}` là phần của `{}`, nhưng không có chỉ số đó",
                    i.ma.value, t.value
                ),
            )
            .hint(suggest(
                &t.value,
                ids.iter().copied().filter(|x| *x != i.ma.value),
            )),
        );
    }
}

/// An indicator's sentences may use only `PLACEHOLDERS`, and `{tong}`/`{ty_le}` only when
/// the indicator has a whole to divide by.
fn check_placeholders(path: &Path, i: &IndicatorDecl, diags: &mut Vec<Diagnostic>) {
    for (field, text) in [
        ("cau", &i.cau),
        ("cau_ty_le", &i.cau_ty_le),
        ("khong_phat_sinh", &i.khong_phat_sinh),
    ] {
        let Some(text) = text else { continue };
        for p in placeholders(&text.value) {
            let needs_whole = p == "tong" || p == "ty_le";
            if !PLACEHOLDERS.contains(&p.as_str()) || (needs_whole && i.thuoc.is_none()) {
                diags.push(
                    Diagnostic::at(path, text.referenced, format!("`{field}` của chỉ số `{}` dùng `{{{p}}}` không có", i.ma.value))
                        .hint(if needs_whole {
                            "`{tong}` và `{ty_le}` chỉ dùng được khi chỉ số có `thuoc`".to_string()
                        } else {
                            "chỉ dùng `{so}` (giá trị), `{tong}` (giá trị của chỉ số tổng) và `{ty_le}` (tỷ lệ)".to_string()
                        }),
                );
            }
        }
    }
}

/// The indicator as documents use it, its defaults filled in.
fn indicator(i: &IndicatorDecl) -> Indicator {
    Indicator {
        ma: i.ma.value.clone(),
        ten: i.ten.clone(),
        don_vi: i.don_vi.clone(),
        nhom: i.nhom.as_ref().map(|n| n.value.clone()),
        thuoc: i.thuoc.as_ref().map(|t| t.value.clone()),
        ty_le: i.thuoc.is_some() && i.ty_le.unwrap_or(true),
        cau: i.cau.as_ref().map(|c| c.value.clone()),
        cau_ty_le: i
            .cau_ty_le
            .as_ref()
            .map_or(", đạt {ty_le}".to_string(), |c| c.value.clone()),
        khong_phat_sinh: i.khong_phat_sinh.as_ref().map(|c| c.value.clone()),
        bang: i.bang,
        luy_ke: i.luy_ke,
    }
}

/// A part-of chain that loops never ends in a whole.
fn check_part_cycles(path: &Path, decls: &[IndicatorDecl], diags: &mut Vec<Diagnostic>) {
    for i in decls {
        let mut cur = i.thuoc.as_ref().map(|t| t.value.as_str());
        let mut steps = 0;
        while let Some(c) = cur {
            if c == i.ma.value || steps > decls.len() {
                diags.push(
                    Diagnostic::at(
                        path,
                        i.ma.referenced,
                        format!("chỉ số `{}` nằm trong vòng `thuoc` khép kín", i.ma.value),
                    )
                    .hint("một chỉ số không thể là phần của chính nó qua các chỉ số khác"),
                );
                break;
            }
            cur = decls
                .iter()
                .find(|x| x.ma.value == c)
                .and_then(|x| x.thuoc.as_ref().map(|t| t.value.as_str()));
            steps += 1;
        }
    }
}

/// The `{name}` placeholders of a sentence.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                out.push(after[..j].trim().to_string());
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// Fills `{so}`, `{tong}`, `{ty_le}`.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_fill() {
        assert_eq!(
            placeholders("Đã xử lý {so}/{tong}, đạt {ty_le}"),
            ["so", "tong", "ty_le"]
        );
        assert_eq!(
            fill("{so}/{tong}", &[("so", "1.073"), ("tong", "2.000")]),
            "1.073/2.000"
        );
    }
}
