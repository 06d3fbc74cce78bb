//! The score sheet and an agency's self-score: the sheet validated once per build; each
//! dossier validated against it and computed (group subtotals, "không phát sinh",
//! re-weighting, bonus and penalty after caps, total, class; the appraised total and class
//! when appraised). Points are kept in hundredths, so 89,99 never becomes 90.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_saphyr::Spanned;

pub mod dossier;

use crate::ground::diag::{suggest, Diagnostic};
use crate::load::model::{AdjustDecl, Claim, CriterionDecl, DocFile, Evidence, ScoreSheetFile};

/// Points in hundredths.
pub type Pts = i64;

/// "8,5", "92,25", "5".
pub fn show(p: Pts) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let (i, f) = (p.abs() / 100, p.abs() % 100);
    match f {
        0 => format!("{sign}{}", crate::ground::nd30::integer(i)),
        f if f % 10 == 0 => format!("{sign}{},{}", crate::ground::nd30::integer(i), f / 10),
        f => format!("{sign}{},{f:02}", crate::ground::nd30::integer(i)),
    }
}

/// A number of points from the data: not negative, at most two decimals.
pub fn points(path: &Path, v: &Spanned<f64>, what: &str) -> Result<Pts, Diagnostic> {
    let x = v.value;
    let h = (x * 100.0).round();
    if !x.is_finite() || x < 0.0 {
        return Err(Diagnostic::at(
            path,
            v.referenced,
            format!("{what} `{x}` âm hoặc không hợp lệ"),
        )
        .hint("điểm là số không âm, ví dụ 5 hoặc 4,5 (viết 4.5)"));
    }
    if (x * 100.0 - h).abs() > 1e-6 {
        return Err(Diagnostic::at(
            path,
            v.referenced,
            format!("{what} `{x}` có quá hai chữ số thập phân"),
        )
        .hint("điểm chấm đến 0,01; ví dụ 4.25"));
    }
    Ok(h as Pts)
}

/// How a leaf scores when its situation did not arise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum NotArising {
    /// Full marks.
    Max,
    /// Left out; the other leaves are re-weighted to the sheet's total.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub so: String,
    pub ten: String,
    pub depth: usize,
    /// Index (in `criteria`) of the parent criterion.
    pub parent: Option<usize>,
    /// Index of the top-level group.
    pub group: usize,
    /// Leaf: its maximum; a group or intermediate node: None.
    pub max: Option<Pts>,
    pub cach_cham: Option<String>,
    pub kiem_chung: Option<String>,
    pub khoi: Vec<String>,
    pub not_arising: Option<NotArising>,
}

impl Criterion {
    pub fn applies_to(&self, block: Option<&str>) -> bool {
        self.khoi.is_empty() || block.is_some_and(|b| self.khoi.iter().any(|k| k == b))
    }
}

#[derive(Debug, Clone)]
pub struct Adjust {
    pub cap: Option<Pts>,
    pub items: Vec<(String, String, Pts)>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub ten: String,
    pub from: Pts,
    pub no_zero_group: bool,
    pub no_penalty: Vec<String>,
}

/// The validated score sheet.
#[derive(Debug, Clone)]
pub struct ScoreSheet {
    pub file: PathBuf,
    pub ten: String,
    pub minh_hoa: bool,
    pub quyet_dinh: Option<String>,
    /// "bao-cao" or "to-trinh".
    pub loai_van_ban: String,
    /// Criteria in document order, groups first of their subtree.
    pub criteria: Vec<Criterion>,
    pub bonus: Adjust,
    pub penalty: Adjust,
    /// Bands, highest first.
    pub bands: Vec<Band>,
}

impl ScoreSheet {
    /// Validates a score sheet; `blocks` are the block ids the parent plan knows.
    pub fn from_file(
        path: &Path,
        f: &ScoreSheetFile,
        blocks: &[&str],
    ) -> Result<ScoreSheet, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut criteria = Vec::new();
        fn walk(
            path: &Path,
            decls: &[CriterionDecl],
            parent: Option<(&str, &str, usize)>,
            depth: usize,
            group: Option<usize>,
            blocks: &[&str],
            out: &mut Vec<Criterion>,
            diags: &mut Vec<Diagnostic>,
        ) {
            for d in decls {
                let so = d.so.value.trim().trim_end_matches(['.', ')']).to_string();
                let id = match (&d.ma, parent) {
                    (Some(m), _) => m.value.trim().to_string(),
                    (None, None) => so.clone(),
                    (None, Some((_, pso, _))) if so.starts_with(&format!("{pso}.")) => so.clone(),
                    (None, Some((pid, _, _))) => format!("{pid}.{so}"),
                };
                let g = group.unwrap_or(out.iter().filter(|c| c.depth == 0).count());
                let leaf = d.tieu_chi.is_empty();
                let max = match (&d.diem, leaf) {
                    (Some(v), true) => points(path, v, "điểm tối đa")
                        .map_err(|e| diags.push(e))
                        .ok(),
                    (None, true) => {
                        diags.push(
                            Diagnostic::at(path, d.so.referenced, format!("tiêu chí `{id}` không có tiêu chí con nhưng thiếu `diem` (điểm tối đa)"))
                                .hint("thêm `diem: 5`, hoặc thêm `tieu_chi:` con"),
                        );
                        None
                    }
                    (Some(v), false) => {
                        diags.push(
                            Diagnostic::at(
                                path,
                                v.referenced,
                                format!("tiêu chí `{id}` có tiêu chí con nên không ghi `diem`"),
                            )
                            .hint("điểm tối đa của nhóm là tổng điểm các tiêu chí con"),
                        );
                        None
                    }
                    (None, false) => None,
                };
                for k in &d.khoi {
                    if !blocks.contains(&k.value.as_str()) {
                        diags.push(
                            Diagnostic::at(
                                path,
                                k.referenced,
                                format!("tiêu chí `{id}` áp dụng cho khối `{}` không có", k.value),
                            )
                            .hint(suggest(&k.value, blocks.iter().copied())),
                        );
                    }
                }
                let not_arising = d.khong_phat_sinh.as_ref().and_then(|k| match k.value.as_str() {
                    "toi_da" => Some(NotArising::Max),
                    "bo" => Some(NotArising::Drop),
                    other => {
                        diags.push(
                            Diagnostic::at(path, k.referenced, format!("`khong_phat_sinh: {other}` không hợp lệ"))
                                .hint("`toi_da`: tính đủ điểm tối đa; `bo`: bỏ tiêu chí và quy đổi điểm các tiêu chí khác"),
                        );
                        None
                    }
                });
                let me = out.len();
                out.push(Criterion {
                    id: id.clone(),
                    so: d.so.value.trim().to_string(),
                    ten: d.ten.clone(),
                    depth,
                    parent: parent.map(|p| p.2),
                    group: g,
                    max: if leaf { max.or(Some(0)) } else { None },
                    cach_cham: d.cach_cham.clone(),
                    kiem_chung: d.kiem_chung.clone(),
                    khoi: d.khoi.iter().map(|k| k.value.clone()).collect(),
                    not_arising,
                });
                walk(
                    path,
                    &d.tieu_chi,
                    Some((&id, &so, me)),
                    depth + 1,
                    Some(g),
                    blocks,
                    out,
                    diags,
                );
            }
        }
        walk(
            path,
            &f.tieu_chi,
            None,
            0,
            None,
            blocks,
            &mut criteria,
            &mut diags,
        );
        let mut seen = BTreeSet::new();
        for c in &criteria {
            if !seen.insert(c.id.clone()) {
                diags.push(
                    Diagnostic::file(path, format!("mã tiêu chí `{}` trùng", c.id))
                        .hint("ghi `ma:` riêng cho một trong hai tiêu chí"),
                );
            }
        }
        let bonus = adjust(path, f.diem_thuong.as_ref(), &mut diags);
        let penalty = adjust(path, f.diem_tru.as_ref(), &mut diags);
        let mut bands = Vec::new();
        for b in &f.xep_loai {
            let from = points(path, &b.tu, "ngưỡng xếp loại")
                .map_err(|e| diags.push(e))
                .unwrap_or(0);
            for p in &b.chan_diem_tru {
                if !penalty.items.iter().any(|i| i.0 == p.value) {
                    diags.push(
                        Diagnostic::at(
                            path,
                            p.referenced,
                            format!(
                                "xếp loại `{}` chặn bởi điểm trừ `{}` không có",
                                b.ten, p.value
                            ),
                        )
                        .hint(suggest(
                            &p.value,
                            penalty.items.iter().map(|i| i.0.as_str()),
                        )),
                    );
                }
            }
            bands.push(Band {
                ten: b.ten.clone(),
                from,
                no_zero_group: b.chan_nhom_0,
                no_penalty: b.chan_diem_tru.iter().map(|p| p.value.clone()).collect(),
            });
        }
        bands.sort_by(|a, b| b.from.cmp(&a.from));
        let loai = match &f.loai_van_ban {
            None => "bao-cao".to_string(),
            Some(l) if l.value == "bao-cao" || l.value == "to-trinh" => l.value.clone(),
            Some(l) => {
                diags.push(
                    Diagnostic::at(
                        path,
                        l.referenced,
                        format!("`loai_van_ban: {}` không hợp lệ", l.value),
                    )
                    .hint(
                        "hồ sơ chấm điểm gửi kèm `bao-cao` (báo cáo tự đánh giá) hoặc `to-trinh`",
                    ),
                );
                "bao-cao".into()
            }
        };
        if !diags.is_empty() {
            return Err(diags);
        }
        Ok(ScoreSheet {
            file: path.to_path_buf(),
            ten: f.ten.clone(),
            minh_hoa: f.minh_hoa,
            quyet_dinh: f.quyet_dinh.clone(),
            loai_van_ban: loai,
            criteria,
            bonus,
            penalty,
            bands,
        })
    }

    /// Whether criterion `i` lies under criterion `ancestor`.
    pub fn under(&self, i: usize, ancestor: usize) -> bool {
        let mut cur = self.criteria[i].parent;
        while let Some(p) = cur {
            if p == ancestor {
                return true;
            }
            cur = self.criteria[p].parent;
        }
        false
    }

    pub fn leaves(&self) -> impl Iterator<Item = &Criterion> + Clone {
        self.criteria.iter().filter(|c| c.max.is_some())
    }

    /// The sheet's total: every leaf's maximum.
    pub fn full(&self) -> Pts {
        self.leaves().filter_map(|c| c.max).sum()
    }

    /// The class for a total, lowered past the bands a condition blocks; None without bands.
    pub fn class(&self, total: Pts, zero_group: bool, penalties: &[String]) -> Option<String> {
        self.bands
            .iter()
            .filter(|b| total >= b.from)
            .find(|b| {
                !(b.no_zero_group && zero_group)
                    && !b.no_penalty.iter().any(|p| penalties.contains(p))
            })
            .map(|b| b.ten.clone())
    }
}

fn adjust(path: &Path, a: Option<&AdjustDecl>, diags: &mut Vec<Diagnostic>) -> Adjust {
    let Some(a) = a else {
        return Adjust {
            cap: None,
            items: vec![],
        };
    };
    let cap = a.toi_da.as_ref().and_then(|c| {
        points(path, c, "mức tối đa")
            .map_err(|e| diags.push(e))
            .ok()
    });
    diags.extend(crate::ground::diag::repeated(
        path,
        a.muc.iter().map(|i| &i.ma),
        "mục",
    ));
    let items = a
        .muc
        .iter()
        .filter_map(|i| {
            let p = points(path, &i.diem, "điểm")
                .map_err(|e| diags.push(e))
                .ok()?;
            Some((i.ma.value.clone(), i.ten.clone(), p))
        })
        .collect();
    Adjust { cap, items }
}

/// One row of the self-score table, as templates see it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Row {
    /// A group row (spans the table).
    pub nhom: bool,
    /// Bold: an intermediate criterion, a subtotal.
    pub dam: bool,
    pub so: String,
    pub ten: String,
    pub toi_da: String,
    pub tu_cham: String,
    pub tham_dinh: String,
    pub kiem_chung: String,
    pub giai_trinh: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupTotal {
    pub so: String,
    pub ten: String,
    pub toi_da: String,
    pub tu_cham: String,
    pub tham_dinh: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub stt: usize,
    pub ten: String,
    pub tieu_chi: String,
}

/// A dossier's computed result, as templates see it (`cham_diem`).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub bang_diem: String,
    pub quyet_dinh: Option<String>,
    pub loai_van_ban: String,
    pub thang_diem: String,
    /// Points of the criteria (re-weighted when leaves were left out).
    pub diem_tieu_chi: String,
    pub quy_doi: bool,
    pub diem_thuong: String,
    pub diem_tru: String,
    pub tong: String,
    pub tong_diem: Pts,
    pub xep_loai: Option<String>,
    /// Appraised total and class, once appraised.
    pub tham_dinh: Option<String>,
    pub tham_dinh_diem: Option<Pts>,
    pub xep_loai_tham_dinh: Option<String>,
    pub nhom: Vec<GroupTotal>,
    pub dong: Vec<Row>,
    pub tai_lieu: Vec<EvidenceRow>,
}

/// Computes a dossier; every problem with its place. `block` is the agency's block; `own`
/// turns `van_ban: <name>` into the citation of the agency's own document.
pub fn score(
    path: &Path,
    sheet: &ScoreSheet,
    block: Option<&str>,
    d: &DocFile,
    own: &dyn Fn(&Spanned<String>) -> Result<String, Diagnostic>,
) -> Result<Outcome, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let scores = d.cham_diem.clone().unwrap_or_default();
    let ids: Vec<&str> = sheet.leaves().map(|c| c.id.as_str()).collect();
    // Self points per leaf id: (points, dropped, evidence texts, explanation).
    let mut got: BTreeMap<String, (Pts, bool, Vec<String>, String)> = BTreeMap::new();
    let mut evidence_rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut cite =
        |texts: &mut Vec<String>, ev: &[Evidence], id: &str, diags: &mut Vec<Diagnostic>| {
            for e in ev {
                match evidence(path, e, own) {
                    Ok(t) => {
                        match evidence_rows.iter_mut().find(|(x, _)| *x == t) {
                            Some((_, crit)) => crit.push(id.to_string()),
                            None => evidence_rows.push((t.clone(), vec![id.to_string()])),
                        }
                        texts.push(t);
                    }
                    Err(e) => diags.push(e),
                }
            }
        };
    for (key, s) in &scores.0 {
        let id = key.value.trim();
        let Some(c) = sheet.criteria.iter().find(|c| c.id == id) else {
            diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!("không có tiêu chí `{id}` trong bảng điểm"),
                )
                .hint(format!(
                    "{} (bảng điểm: {})",
                    suggest(id, ids.iter().copied()),
                    sheet.file.display()
                )),
            );
            continue;
        };
        let Some(max) = c.max else {
            diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!(
                        "`{id}` ({}) là nhóm tiêu chí: chấm ở từng tiêu chí con",
                        c.ten
                    ),
                )
                .hint(format!(
                    "các tiêu chí con: {}",
                    sheet
                        .criteria
                        .iter()
                        .enumerate()
                        .filter(|(li, l)| l.max.is_some()
                            && sheet
                                .criteria
                                .iter()
                                .position(|x| x.id == id)
                                .is_some_and(|ci| sheet.under(*li, ci)))
                        .map(|(_, l)| l.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            continue;
        };
        if !c.applies_to(block) {
            diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!(
                        "tiêu chí `{id}` ({}) không áp dụng cho khối của cơ quan",
                        c.ten
                    ),
                )
                .hint(format!(
                    "tiêu chí chỉ áp dụng cho khối: {}; xóa dòng này",
                    c.khoi.join(", ")
                )),
            );
            continue;
        }
        let label = format!("tiêu chí `{id}` ({})", c.ten);
        let explanation = s.giai_trinh.clone().unwrap_or_default().trim().to_string();
        let kps = s.khong_phat_sinh.as_ref().filter(|k| k.value);
        let (p, dropped) = match (&s.diem, kps) {
            (Some(_), Some(k)) => {
                diags.push(
                    Diagnostic::at(
                        path,
                        k.referenced,
                        format!("{label}: ghi `diem` hoặc `khong_phat_sinh`, không ghi cả hai"),
                    )
                    .hint("không phát sinh thì xóa `diem`"),
                );
                continue;
            }
            (None, Some(k)) => {
                match c.not_arising {
                    None => {
                        diags.push(Diagnostic::at(path, k.referenced, format!("{label} không có trường hợp \"không phát sinh\" trong bảng điểm")).hint("ghi `diem` cho tiêu chí này"));
                        continue;
                    }
                    Some(n) => {
                        if explanation.is_empty() {
                            diags.push(
                                Diagnostic::at(
                                    path,
                                    k.referenced,
                                    format!("{label} không phát sinh nhưng thiếu `giai_trinh`"),
                                )
                                .hint("ghi lý do không phát sinh trong `giai_trinh`"),
                            );
                        }
                        (
                            if n == NotArising::Max { max } else { 0 },
                            n == NotArising::Drop,
                        )
                    }
                }
            }
            (Some(v), None) => {
                match points(path, v, &format!("điểm {label}")) {
                    Err(e) => {
                        diags.push(e);
                        continue;
                    }
                    Ok(p) if p > max => {
                        diags.push(
                            Diagnostic::at(
                                path,
                                v.referenced,
                                format!(
                                    "{label}: điểm tự chấm {} vượt điểm tối đa {}",
                                    show(p),
                                    show(max)
                                ),
                            )
                            .hint(format!("chấm từ 0 đến {}", show(max))),
                        );
                        continue;
                    }
                    Ok(p) => {
                        if p < max && explanation.is_empty() {
                            diags.push(
                            Diagnostic::at(path, v.referenced, format!("{label}: chấm {} dưới điểm tối đa {} nhưng thiếu `giai_trinh`", show(p), show(max)))
                                .hint("ghi lý do bị trừ điểm trong `giai_trinh`"),
                        );
                        }
                        if p > 0 && c.kiem_chung.is_some() && s.kiem_chung.is_empty() {
                            diags.push(
                            Diagnostic::at(path, v.referenced, format!("{label} cần tài liệu kiểm chứng ({})", c.kiem_chung.clone().unwrap_or_default()))
                                .hint("thêm `kiem_chung:` với `van_ban: <tên văn bản của cơ quan>` hoặc `ten`, `so`, `ngay` của tài liệu"),
                        );
                        }
                        (p, false)
                    }
                }
            }
            (None, None) => {
                diags.push(
                    Diagnostic::at(path, key.referenced, format!("{label} thiếu `diem`"))
                        .hint("ghi `diem: …`, hoặc `khong_phat_sinh: true` nếu bảng điểm cho phép"),
                );
                continue;
            }
        };
        let mut texts = Vec::new();
        cite(&mut texts, &s.kiem_chung, id, &mut diags);
        got.insert(id.to_string(), (p, dropped, texts, explanation));
    }
    let at_scores = crate::load::yaml::key_place(path, "cham_diem");
    for c in sheet.leaves().filter(|c| c.applies_to(block)) {
        if !got.contains_key(&c.id) && !scores.0.iter().any(|(k, _)| k.value.trim() == c.id) {
            diags.push(
                Diagnostic::new(
                    path,
                    at_scores.0,
                    at_scores.1,
                    format!("thiếu điểm tự chấm của tiêu chí `{}` ({})", c.id, c.ten),
                )
                .hint(format!("thêm `{}: {{ diem: … }}` vào `cham_diem`", c.id)),
            );
        }
    }
    // Bonus and penalty claims.
    let mut claimed = |claims: &[Claim],
                       adj: &Adjust,
                       bonus: bool,
                       diags: &mut Vec<Diagnostic>|
     -> Vec<(String, String, Pts, Vec<String>)> {
        let what = if bonus {
            "điểm thưởng"
        } else {
            "điểm trừ"
        };
        let mut out: Vec<(String, String, Pts, Vec<String>)> = Vec::new();
        for cl in claims {
            let Some((ma, ten, each)) = adj.items.iter().find(|i| i.0 == cl.ma.value) else {
                diags.push(
                    Diagnostic::at(
                        path,
                        cl.ma.referenced,
                        format!("không có mục {what} `{}` trong bảng điểm", cl.ma.value),
                    )
                    .hint(suggest(
                        &cl.ma.value,
                        adj.items.iter().map(|i| i.0.as_str()),
                    )),
                );
                continue;
            };
            if out.iter().any(|o| o.0 == *ma) {
                diags.push(
                    Diagnostic::at(
                        path,
                        cl.ma.referenced,
                        format!("mục {what} `{ma}` ghi hai lần"),
                    )
                    .hint(if bonus {
                        "mỗi mục điểm thưởng ghi một lần"
                    } else {
                        "ghi một lần với `so_lan`"
                    }),
                );
                continue;
            }
            let p = if bonus {
                match cl.diem.as_ref().map(|v| points(path, v, what)) {
                    None => *each,
                    Some(Err(e)) => {
                        diags.push(e);
                        continue;
                    }
                    Some(Ok(p)) if p > *each => {
                        diags.push(
                            Diagnostic::at(
                                path,
                                cl.diem.as_ref().unwrap().referenced,
                                format!(
                                    "{what} `{ma}` ({ten}): {} vượt mức {} của mục",
                                    show(p),
                                    show(*each)
                                ),
                            )
                            .hint(format!("ghi tối đa {}", show(*each))),
                        );
                        continue;
                    }
                    Some(Ok(p)) => p,
                }
            } else {
                let n = cl.so_lan.as_ref().map_or(1, |n| n.value);
                if n == 0 {
                    diags.push(
                        Diagnostic::at(
                            path,
                            cl.so_lan.as_ref().unwrap().referenced,
                            format!("{what} `{ma}` có `so_lan: 0`"),
                        )
                        .hint("xóa mục nếu không bị trừ"),
                    );
                    continue;
                }
                each * n as Pts
            };
            let mut texts = Vec::new();
            cite(&mut texts, &cl.kiem_chung, ma, diags);
            out.push((ma.clone(), ten.clone(), p, texts));
        }
        out
    };
    let bonus = claimed(&d.diem_thuong, &sheet.bonus, true, &mut diags);
    let penalty = claimed(&d.diem_tru, &sheet.penalty, false, &mut diags);
    drop(claimed);
    drop(cite);
    // Appraisal.
    let mut appraised: BTreeMap<String, Pts> = BTreeMap::new();
    if let Some(t) = &d.tham_dinh {
        for (key, a) in &t.0 {
            let id = key.value.trim();
            let Some(c) = sheet.leaves().find(|c| c.id == id) else {
                diags.push(
                    Diagnostic::at(
                        path,
                        key.referenced,
                        format!("điểm thẩm định cho tiêu chí `{id}` không có trong bảng điểm"),
                    )
                    .hint(suggest(id, ids.iter().copied())),
                );
                continue;
            };
            let max = c.max.unwrap_or(0);
            match points(path, &a.diem, "điểm thẩm định") {
                Err(e) => diags.push(e),
                Ok(p) if p > max => diags.push(
                    Diagnostic::at(
                        path,
                        a.diem.referenced,
                        format!(
                            "tiêu chí `{id}`: điểm thẩm định {} vượt điểm tối đa {}",
                            show(p),
                            show(max)
                        ),
                    )
                    .hint(format!("chấm từ 0 đến {}", show(max))),
                ),
                Ok(p) => {
                    let own = got.get(id).map(|g| g.0);
                    if own != Some(p) && a.ly_do.as_deref().is_none_or(|l| l.trim().is_empty()) {
                        diags.push(Diagnostic::at(path, a.diem.referenced, format!("tiêu chí `{id}`: điểm thẩm định khác điểm tự chấm nhưng thiếu `ly_do`")).hint("ghi lý do điều chỉnh trong `ly_do`"));
                    }
                    appraised.insert(id.to_string(), p);
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    // Computation.
    let applicable: Vec<&Criterion> = sheet.leaves().filter(|c| c.applies_to(block)).collect();
    // Leaves that count: applicable, and not left out as "không phát sinh".
    let counted: Vec<&Criterion> = applicable
        .iter()
        .copied()
        .filter(|c| !got[&c.id].1)
        .collect();
    let full = sheet.full();
    let counted_max: Pts = counted.iter().filter_map(|c| c.max).sum();
    let reweight = |raw: Pts| -> Pts {
        if counted_max == 0 || counted_max == full {
            raw
        } else {
            (raw * full * 2 + counted_max) / (2 * counted_max)
        }
    };
    let raw_self: Pts = counted.iter().map(|c| got[&c.id].0).sum();
    let final_of = |c: &Criterion| appraised.get(&c.id).copied().unwrap_or(got[&c.id].0);
    let raw_final: Pts = counted.iter().map(|c| final_of(c)).sum();
    let cap = |v: Pts, c: Option<Pts>| c.map_or(v, |c| v.min(c));
    let b_total = cap(bonus.iter().map(|b| b.2).sum(), sheet.bonus.cap);
    let p_total = cap(penalty.iter().map(|p| p.2).sum(), sheet.penalty.cap);
    let total = (reweight(raw_self) + b_total - p_total).max(0);
    let penalties: Vec<String> = penalty.iter().map(|p| p.0.clone()).collect();
    let groups: Vec<&Criterion> = sheet.criteria.iter().filter(|c| c.depth == 0).collect();
    let group_sum = |gi: usize, f: &dyn Fn(&Criterion) -> Pts| -> (Pts, Pts) {
        let leaves = counted.iter().filter(|c| c.group == gi);
        leaves.fold((0, 0), |(m, s), c| (m + c.max.unwrap_or(0), s + f(c)))
    };
    let zero_group = |f: &dyn Fn(&Criterion) -> Pts| {
        (0..groups.len()).any(|gi| {
            let (m, s) = group_sum(gi, f);
            m > 0 && s == 0
        })
    };
    let self_pts = |c: &Criterion| got[&c.id].0;
    let class = sheet.class(total, zero_group(&self_pts), &penalties);
    let appraised_total = (!appraised.is_empty() || d.tham_dinh.is_some())
        .then(|| (reweight(raw_final) + b_total - p_total).max(0));
    let appraised_class =
        appraised_total.and_then(|t| sheet.class(t, zero_group(&final_of), &penalties));

    // Rows of the table.
    let mut rows = Vec::new();
    let shown_app = |c: &Criterion| {
        if appraised_total.is_some() {
            show(final_of(c))
        } else {
            String::new()
        }
    };
    for (gi, g) in groups.iter().enumerate() {
        let (gmax, gself) = group_sum(gi, &self_pts);
        if !applicable.iter().any(|c| c.group == gi) {
            continue;
        }
        rows.push(Row {
            nhom: true,
            so: g.so.clone(),
            ten: g.ten.clone(),
            ..Row::default()
        });
        for (ci, c) in sheet
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.group == gi && c.depth > 0)
        {
            match c.max {
                None => {
                    let any = sheet.criteria.iter().enumerate().any(|(li, l)| {
                        l.max.is_some() && l.applies_to(block) && sheet.under(li, ci)
                    });
                    if !any {
                        continue;
                    }
                    // An intermediate criterion: the sums of the leaves under it.
                    let under: Vec<&Criterion> = counted
                        .iter()
                        .copied()
                        .filter(|l| {
                            sheet
                                .criteria
                                .iter()
                                .position(|x| x.id == l.id)
                                .is_some_and(|li| sheet.under(li, ci))
                        })
                        .collect();
                    rows.push(Row {
                        dam: true,
                        so: c.so.clone(),
                        ten: c.ten.clone(),
                        toi_da: show(under.iter().filter_map(|l| l.max).sum()),
                        tu_cham: show(under.iter().map(|l| got[&l.id].0).sum()),
                        tham_dinh: if appraised_total.is_some() {
                            show(under.iter().map(|l| final_of(l)).sum())
                        } else {
                            String::new()
                        },
                        ..Row::default()
                    });
                }
                Some(max) if c.applies_to(block) => {
                    let (p, dropped, texts, expl) = &got[&c.id];
                    rows.push(Row {
                        so: c.so.clone(),
                        ten: c.ten.clone(),
                        toi_da: show(max),
                        tu_cham: if *dropped {
                            "Không phát sinh".into()
                        } else {
                            show(*p)
                        },
                        tham_dinh: if *dropped {
                            String::new()
                        } else {
                            shown_app(c)
                        },
                        kiem_chung: texts.join("; "),
                        giai_trinh: expl.clone(),
                        ..Row::default()
                    });
                }
                Some(_) => {}
            }
        }
        let (_, gapp) = group_sum(gi, &final_of);
        rows.push(Row {
            dam: true,
            ten: format!("Cộng nhóm {}", g.so),
            toi_da: show(gmax),
            tu_cham: show(gself),
            tham_dinh: if appraised_total.is_some() {
                show(gapp)
            } else {
                String::new()
            },
            ..Row::default()
        });
    }
    if reweight(raw_self) != raw_self {
        rows.push(Row {
            dam: true,
            ten: format!("Điểm theo tiêu chí quy đổi về thang {} điểm", show(full)),
            toi_da: show(full),
            tu_cham: show(reweight(raw_self)),
            tham_dinh: appraised_total
                .map(|_| show(reweight(raw_final)))
                .unwrap_or_default(),
            ..Row::default()
        });
    }
    for (label, list, capv, sign) in [
        ("Điểm thưởng", &bonus, sheet.bonus.cap, ""),
        ("Điểm trừ", &penalty, sheet.penalty.cap, "-"),
    ] {
        if list.is_empty() {
            continue;
        }
        for (_, ten, p, texts) in list.iter() {
            rows.push(Row {
                ten: format!("{label}: {ten}"),
                tu_cham: format!("{sign}{}", show(*p)),
                tham_dinh: if appraised_total.is_some() {
                    format!("{sign}{}", show(*p))
                } else {
                    String::new()
                },
                kiem_chung: texts.join("; "),
                ..Row::default()
            });
        }
        let sum: Pts = list.iter().map(|x| x.2).sum();
        if let Some(c) = capv.filter(|c| sum > *c) {
            rows.push(Row {
                ten: format!("{label} được tính (tối đa {} điểm)", show(c)),
                tu_cham: format!("{sign}{}", show(c)),
                ..Row::default()
            });
        }
    }
    rows.push(Row {
        ten: "Tổng cộng".into(),
        toi_da: show(full),
        tu_cham: show(total),
        tham_dinh: appraised_total.map(show).unwrap_or_default(),
        giai_trinh: match (&class, &appraised_class) {
            (Some(c), Some(a)) => format!("Tự đánh giá: {c}; thẩm định: {a}"),
            (Some(c), None) => format!("Đề nghị xếp loại: {c}"),
            _ => String::new(),
        },
        ..Row::default()
    });

    Ok(Outcome {
        bang_diem: sheet.ten.clone(),
        quyet_dinh: sheet.quyet_dinh.clone(),
        loai_van_ban: sheet.loai_van_ban.clone(),
        thang_diem: show(full),
        diem_tieu_chi: show(reweight(raw_self)),
        quy_doi: reweight(raw_self) != raw_self,
        diem_thuong: show(b_total),
        diem_tru: show(p_total),
        tong: show(total),
        tong_diem: total,
        xep_loai: class,
        tham_dinh: appraised_total.map(show),
        tham_dinh_diem: appraised_total,
        xep_loai_tham_dinh: appraised_class,
        nhom: groups
            .iter()
            .enumerate()
            .filter(|(gi, _)| applicable.iter().any(|c| c.group == *gi))
            .map(|(gi, g)| {
                let (m, s) = group_sum(gi, &self_pts);
                GroupTotal {
                    so: g.so.clone(),
                    ten: g.ten.clone(),
                    toi_da: show(m),
                    tu_cham: show(s),
                    tham_dinh: appraised_total.map(|_| show(group_sum(gi, &final_of).1)),
                }
            })
            .collect(),
        dong: rows,
        tai_lieu: evidence_rows
            .into_iter()
            .enumerate()
            .map(|(i, (ten, crit))| EvidenceRow {
                stt: i + 1,
                ten,
                tieu_chi: crit.join(", "),
            })
            .collect(),
    })
}

/// An evidence document as cited: the agency's own by name, or "Tên số X ngày Y".
fn evidence(
    path: &Path,
    e: &Evidence,
    own: &dyn Fn(&Spanned<String>) -> Result<String, Diagnostic>,
) -> Result<String, Diagnostic> {
    if let Some(v) = &e.van_ban {
        return own(v);
    }
    let Some(ten) = e.ten.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        let msg = "tài liệu kiểm chứng thiếu `ten` (hoặc `van_ban`)";
        return Err(match &e.ngay {
            Some(n) => Diagnostic::at(path, n.referenced, msg),
            None => Diagnostic::new(path, crate::load::yaml::key_place(path, "kiem_chung").0, 0, msg),
        }
        .hint("ghi `van_ban: ke-hoach` cho văn bản của chính cơ quan, hoặc `ten`, `so`, `ngay` của tài liệu"));
    };
    let mut out = ten.to_string();
    if let Some(so) = e.so.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        out.push_str(&format!(" số {so}"));
    }
    if let Some(n) = &e.ngay {
        let d = crate::campaign::dates::date(path, n, "ngày tài liệu kiểm chứng")?;
        out.push_str(&format!(" ngày {}", crate::ground::nd30::short_date(d)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_vietnamese_style() {
        assert_eq!(show(850), "8,5");
        assert_eq!(show(9225), "92,25");
        assert_eq!(show(500), "5");
        assert_eq!(show(10000), "100");
        assert_eq!(show(0), "0");
    }
}

#[cfg(test)]
mod computed {
    use super::*;
    use crate::load::model::{DocFile, ScoreSheetFile};

    const SHEET: &str = r#"
ten: Bảng điểm thử
tieu_chi:
  - so: "1"
    ten: Nhóm một
    tieu_chi:
      - { so: "1.1", ten: Lá một, diem: 40 }
      - { so: "1.2", ten: Lá hai, diem: 10, khong_phat_sinh: bo }
  - so: "2"
    ten: Nhóm hai
    tieu_chi:
      - { so: "2.1", ten: Lá ba, diem: 40, khong_phat_sinh: toi_da }
      - { so: "2.2", ten: Chỉ cho xã, diem: 10, khoi: [ubnd-xa] }
diem_thuong:
  toi_da: 5
  muc:
    - { ma: a, ten: Thưởng A, diem: 3 }
    - { ma: b, ten: Thưởng B, diem: 4 }
diem_tru:
  toi_da: 6
  muc:
    - { ma: tre, ten: Trễ hạn, diem: 2 }
    - { ma: nang, ten: Vi phạm nặng, diem: 1 }
xep_loai:
  - { ten: Tốt, tu: 90, chan_nhom_0: true, chan_diem_tru: [nang] }
  - { ten: Khá, tu: 70 }
  - { ten: Yếu, tu: 0 }
"#;

    fn sheet() -> ScoreSheet {
        let f: ScoreSheetFile = serde_saphyr::from_str(SHEET).unwrap();
        ScoreSheet::from_file(
            Path::new("bang-diem.yaml"),
            &f,
            &["ubnd-xa", "so-ban-nganh"],
        )
        .unwrap()
    }

    fn run(doc: &str, block: &str) -> Result<Outcome, Vec<String>> {
        let d: DocFile = serde_saphyr::from_str(doc).unwrap();
        let own = |_: &Spanned<String>| Ok("Kế hoạch số 1/KH-X ngày 01/3/2025".to_string());
        score(Path::new("ho-so.yaml"), &sheet(), Some(block), &d, &own)
            .map_err(|ds| ds.iter().map(|d| d.to_string()).collect())
    }

    /// A dossier of the three leaves a sở has, with `extra` lines after them.
    fn sở(p11: &str, p12: &str, p21: &str, extra: &str) -> Result<Outcome, Vec<String>> {
        let why = "giai_trinh: lý do";
        run(
            &format!("cham_diem:\n  \"1.1\": {{ diem: {p11}, {why} }}\n  \"1.2\": {{ {p12}, {why} }}\n  \"2.1\": {{ {p21}, {why} }}\n{extra}"),
            "so-ban-nganh",
        )
    }

    #[test]
    fn band_edges_are_exact() {
        // A sở has 90 of the sheet's 100 points (2.2 is for xã only): totals are re-weighted
        // to 100. 81 of 90 is exactly 90; 80,99 of 90 is 89,9889, shown 89,99.
        let r = sở("31", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("90", Some("Tốt")),
            "{r:?}"
        );
        assert!(r.quy_doi);
        let r = sở("30.99", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("89,99", Some("Khá"))
        );
        // 70 of 90 is 77,78; 60 of 90 is 66,67.
        let r = sở("20", "diem: 10", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("77,78", Some("Khá"))
        );
        let r = sở("20", "diem: 0", "diem: 40", "").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("66,67", Some("Yếu"))
        );
        // 1.2 left out ("không phát sinh", re-weighted): 79,99 of 80 is 99,9875, shown 99,99.
        let r = sở("39.99", "khong_phat_sinh: true", "diem: 40", "").unwrap();
        assert_eq!(r.tong, "99,99");
    }

    #[test]
    fn blocking_conditions_lower_the_class() {
        let s = sheet();
        assert_eq!(s.class(9000, false, &[]).as_deref(), Some("Tốt"));
        assert_eq!(s.class(8999, false, &[]).as_deref(), Some("Khá"));
        assert_eq!(
            s.class(9500, true, &[]).as_deref(),
            Some("Khá"),
            "a group at 0"
        );
        assert_eq!(
            s.class(9500, false, &["nang".into()]).as_deref(),
            Some("Khá")
        );
        assert_eq!(
            s.class(9500, false, &["tre".into()]).as_deref(),
            Some("Tốt")
        );
        assert_eq!(s.class(0, true, &[]).as_deref(), Some("Yếu"));
        // Every band edge: the threshold itself is in the band, 0,01 below is not.
        assert_eq!(s.class(7000, false, &[]).as_deref(), Some("Khá"));
        assert_eq!(s.class(6999, false, &[]).as_deref(), Some("Yếu"));
        assert_eq!(
            s.class(10500, false, &[]).as_deref(),
            Some("Tốt"),
            "above the scale with a bonus"
        );
    }

    #[test]
    fn caps_and_not_arising() {
        // Bonus 3 + 4 capped at 5; penalty 2 × 4 capped at 6: 100 + 5 − 6.
        let r = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "diem_thuong: [{ ma: a }, { ma: b }]\ndiem_tru: [{ ma: tre, so_lan: 4 }]\n",
        )
        .unwrap();
        assert_eq!(
            (r.diem_thuong.as_str(), r.diem_tru.as_str(), r.tong.as_str()),
            ("5", "6", "99")
        );
        assert!(r
            .dong
            .iter()
            .any(|x| x.ten == "Điểm thưởng được tính (tối đa 5 điểm)"));
        // A penalty that blocks Tốt: 99 is Khá.
        let r = sở("40", "diem: 10", "diem: 40", "diem_tru: [{ ma: nang }]\n").unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("99", Some("Khá"))
        );
        // A group at 0.
        let r = sở(
            "0",
            "diem: 0",
            "khong_phat_sinh: true",
            "diem_thuong: [{ ma: a }, { ma: b }]\n",
        )
        .unwrap();
        assert_eq!(r.nhom[0].tu_cham, "0");
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("49,44", Some("Yếu"))
        );
        // "Không phát sinh" at full marks counts the maximum.
        let r = sở("40", "diem: 10", "khong_phat_sinh: true", "").unwrap();
        assert_eq!(r.tong, "100");
        // The block-only leaf is required of a xã and absent from a sở's table.
        assert!(!r.dong.iter().any(|x| x.ten == "Chỉ cho xã"));
        let e = run("cham_diem:\n  \"1.1\": { diem: 40 }\n  \"1.2\": { diem: 10 }\n  \"2.1\": { diem: 40 }\n", "ubnd-xa").unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("thiếu điểm tự chấm của tiêu chí `2.2` (Chỉ cho xã)")),
            "{e:?}"
        );
    }

    #[test]
    fn appraisal_classifies_on_the_appraised_total() {
        let r = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "tham_dinh:\n  \"1.1\": { diem: 25, ly_do: thiếu biên bản }\n",
        )
        .unwrap();
        assert_eq!(
            (r.tong.as_str(), r.xep_loai.as_deref()),
            ("100", Some("Tốt"))
        );
        // 75 of 90.
        assert_eq!(
            (r.tham_dinh.as_deref(), r.xep_loai_tham_dinh.as_deref()),
            (Some("83,33"), Some("Khá"))
        );
        let e = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "tham_dinh:\n  \"1.1\": { diem: 25 }\n",
        )
        .unwrap_err();
        assert!(e[0].contains("thiếu `ly_do`"), "{e:?}");
    }

    #[test]
    fn every_validation_error_names_the_criterion_and_the_place() {
        let e = sở("41", "diem: -1", "diem: 40", "").unwrap_err();
        assert!(
            e.iter().any(|m| m.contains("ho-so.yaml:2:18:")
                && m.contains("tiêu chí `1.1` (Lá một): điểm tự chấm 41 vượt điểm tối đa 40")),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.contains("âm")), "{e:?}");
        let e = run("cham_diem:\n  \"1.1\": { diem: 30 }\n  \"1.3\": { diem: 1 }\n  \"2.1\": { diem: 40, khong_phat_sinh: true }\n", "so-ban-nganh").unwrap_err();
        assert!(
            e.iter().any(|m| m.contains(
                "tiêu chí `1.1` (Lá một): chấm 30 dưới điểm tối đa 40 nhưng thiếu `giai_trinh`"
            )),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.contains("không có tiêu chí `1.3`") && m.contains("có phải ý bạn là")),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.contains("không ghi cả hai")), "{e:?}");
        assert!(
            e.iter()
                .any(|m| m.contains("thiếu điểm tự chấm của tiêu chí `1.2`")),
            "{e:?}"
        );
        let e = run("cham_diem:\n  \"1\": { diem: 3 }\n  \"1.1\": { diem: 40, khong_phat_sinh: true, giai_trinh: x }\n", "so-ban-nganh").unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("`1` (Nhóm một) là nhóm tiêu chí")),
            "{e:?}"
        );
        let e = sở(
            "40",
            "diem: 10",
            "diem: 40",
            "diem_thuong: [{ ma: a, diem: 4 }, { ma: c }]\n",
        )
        .unwrap_err();
        assert!(
            e.iter()
                .any(|m| m.contains("điểm thưởng `a` (Thưởng A): 4 vượt mức 3")),
            "{e:?}"
        );
        assert!(
            e.iter().any(|m| m.contains("không có mục điểm thưởng `c`")),
            "{e:?}"
        );
    }
}
