//! What a dossier claims, checked against the score sheet: the self-score of every leaf,
//! the bonus and penalty items, the appraiser's points. Out come plain values, or every
//! problem with its place, so the agency fixes its file in one pass.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::{points, Adjust, Criterion, NotArising, Pts, ScoreSheet};
use crate::ground::diag::{suggest, Diagnostic};
use crate::load::model::{Appraisal, Claim, DocFile, Evidence, LeafScore, SpannedMap};

/// A leaf's self-score.
pub struct Leaf {
    pub points: Pts,
    /// Left out as "không phát sinh": the other leaves are re-weighted.
    pub dropped: bool,
    /// Its evidence documents, as cited.
    pub evidence: Vec<String>,
    pub explanation: String,
}

/// A bonus or penalty item claimed.
pub struct Item {
    pub id: String,
    pub ten: String,
    /// Before the cap; a penalty's points times its occurrences.
    pub points: Pts,
    pub evidence: Vec<String>,
    /// The dossier's explanation (`giai_trinh`), printed with the item.
    pub explanation: String,
    /// A penalty incurred more than once: (times, points each).
    pub times: Option<(u32, Pts)>,
}

/// A dossier's claims, every one valid against the sheet.
pub struct Claims {
    /// Self-scores by leaf id.
    pub leaves: BTreeMap<String, Leaf>,
    pub bonus: Vec<Item>,
    pub penalty: Vec<Item>,
    /// The appraiser's points by leaf id; None until appraised.
    pub appraised: Option<BTreeMap<String, Pts>>,
    /// Evidence documents in order of first citation, with the ids citing each.
    pub evidence: Vec<(String, Vec<String>)>,
}

/// Reads one dossier's claims; collects the diagnostics and the evidence cited.
pub struct Reader<'a> {
    path: &'a Path,
    sheet: &'a ScoreSheet,
    block: Option<&'a str>,
    own: &'a dyn Fn(&Spanned<String>) -> Result<String, Diagnostic>,
    diags: Vec<Diagnostic>,
    evidence: Vec<(String, Vec<String>)>,
}

impl<'a> Reader<'a> {
    pub fn new(
        path: &'a Path,
        sheet: &'a ScoreSheet,
        block: Option<&'a str>,
        own: &'a dyn Fn(&Spanned<String>) -> Result<String, Diagnostic>,
    ) -> Self {
        Reader {
            path,
            sheet,
            block,
            own,
            diags: Vec::new(),
            evidence: Vec::new(),
        }
    }

    /// Every claim of the dossier, or every problem with them.
    pub fn read(mut self, d: &DocFile) -> Result<Claims, Vec<Diagnostic>> {
        let none = SpannedMap::default();
        let scores = d.cham_diem.as_ref().unwrap_or(&none);
        let leaves = self.self_scores(scores);
        self.missing(scores, &leaves);
        let sheet = self.sheet;
        let bonus = self.items(&d.diem_thuong, &sheet.bonus, true);
        let penalty = self.items(&d.diem_tru, &sheet.penalty, false);
        let appraised = d.tham_dinh.as_ref().map(|t| self.appraisal(t, &leaves));
        if !self.diags.is_empty() {
            return Err(self.diags);
        }
        Ok(Claims {
            leaves,
            bonus,
            penalty,
            appraised,
            evidence: self.evidence,
        })
    }

    /// The self-scores under `cham_diem`, by leaf id.
    fn self_scores(&mut self, scores: &SpannedMap<LeafScore>) -> BTreeMap<String, Leaf> {
        let mut leaves = BTreeMap::new();
        for (key, s) in &scores.0 {
            let id = key.value.trim();
            let Some((c, max)) = self.scored_leaf(key) else {
                continue;
            };
            let explanation = s.giai_trinh.clone().unwrap_or_default().trim().to_string();
            let Some((points, dropped)) = self.leaf_points(key, c, max, s, &explanation) else {
                continue;
            };
            let evidence = self.cite(&s.kiem_chung, id);
            leaves.insert(
                id.to_string(),
                Leaf {
                    points,
                    dropped,
                    evidence,
                    explanation,
                },
            );
        }
        leaves
    }

    /// The leaf a self-score names, with its maximum: not a group, and for the agency's block.
    fn scored_leaf(&mut self, key: &Spanned<String>) -> Option<(&'a Criterion, Pts)> {
        let (path, sheet) = (self.path, self.sheet);
        let id = key.value.trim();
        let Some(ci) = sheet.criteria.iter().position(|c| c.id == id) else {
            self.diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!("không có tiêu chí `{id}` trong bảng điểm"),
                )
                .hint(format!(
                    "{} (bảng điểm: {})",
                    suggest(id, sheet.leaves().map(|c| c.id.as_str())),
                    sheet.file.display()
                )),
            );
            return None;
        };
        let c = &sheet.criteria[ci];
        let Some(max) = c.max else {
            let under: Vec<&str> = sheet
                .criteria
                .iter()
                .enumerate()
                .filter(|(li, l)| l.max.is_some() && sheet.under(*li, ci))
                .map(|(_, l)| l.id.as_str())
                .collect();
            self.diags.push(
                Diagnostic::at(
                    path,
                    key.referenced,
                    format!(
                        "`{id}` ({}) là nhóm tiêu chí: chấm ở từng tiêu chí con",
                        c.ten
                    ),
                )
                .hint(format!("các tiêu chí con: {}", under.join(", "))),
            );
            return None;
        };
        if !c.applies_to(self.block) {
            self.diags.push(
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
            return None;
        }
        Some((c, max))
    }

    /// A leaf's points and whether it is left out: `diem`, or `khong_phat_sinh` as the
    /// sheet allows it.
    fn leaf_points(
        &mut self,
        key: &Spanned<String>,
        c: &Criterion,
        max: Pts,
        s: &LeafScore,
        explanation: &str,
    ) -> Option<(Pts, bool)> {
        let path = self.path;
        let label = format!("tiêu chí `{}` ({})", key.value.trim(), c.ten);
        match (&s.diem, s.khong_phat_sinh.as_ref().filter(|k| k.value)) {
            (Some(_), Some(k)) => {
                self.diags.push(
                    Diagnostic::at(
                        path,
                        k.referenced,
                        format!("{label}: ghi `diem` hoặc `khong_phat_sinh`, không ghi cả hai"),
                    )
                    .hint("không phát sinh thì xóa `diem`"),
                );
                None
            }
            (None, Some(k)) => self.not_arising(k, c, max, &label, explanation),
            (Some(v), None) => {
                let p = self.given_points(v, c, max, &label, explanation, s)?;
                Some((p, false))
            }
            (None, None) => {
                self.diags.push(
                    Diagnostic::at(path, key.referenced, format!("{label} thiếu `diem`"))
                        .hint("ghi `diem: …`, hoặc `khong_phat_sinh: true` nếu bảng điểm cho phép"),
                );
                None
            }
        }
    }

    /// "Không phát sinh": full marks or left out, as the sheet says; never without a reason.
    fn not_arising(
        &mut self,
        k: &Spanned<bool>,
        c: &Criterion,
        max: Pts,
        label: &str,
        explanation: &str,
    ) -> Option<(Pts, bool)> {
        let Some(n) = c.not_arising else {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    k.referenced,
                    format!("{label} không có trường hợp \"không phát sinh\" trong bảng điểm"),
                )
                .hint("ghi `diem` cho tiêu chí này"),
            );
            return None;
        };
        if explanation.is_empty() {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    k.referenced,
                    format!("{label} không phát sinh nhưng thiếu `giai_trinh`"),
                )
                .hint("ghi lý do không phát sinh trong `giai_trinh`"),
            );
        }
        let p = if n == NotArising::Max { max } else { Pts::ZERO };
        Some((p, n == NotArising::Drop))
    }

    /// Points given: within the maximum; a reason for points lost; evidence for points won
    /// where the sheet asks for it.
    fn given_points(
        &mut self,
        v: &Spanned<f64>,
        c: &Criterion,
        max: Pts,
        label: &str,
        explanation: &str,
        s: &LeafScore,
    ) -> Option<Pts> {
        let path = self.path;
        let p = points(path, v, &format!("điểm {label}"))
            .map_err(|e| self.diags.push(e))
            .ok()?;
        if p > max {
            self.diags.push(
                Diagnostic::at(
                    path,
                    v.referenced,
                    format!("{label}: điểm tự chấm {p} vượt điểm tối đa {max}"),
                )
                .hint(format!("chấm từ 0 đến {max}")),
            );
            return None;
        }
        if p < max && explanation.is_empty() {
            self.diags.push(
                Diagnostic::at(
                    path,
                    v.referenced,
                    format!("{label}: chấm {p} dưới điểm tối đa {max} nhưng thiếu `giai_trinh`"),
                )
                .hint("ghi lý do bị trừ điểm trong `giai_trinh`"),
            );
        }
        if p > Pts::ZERO && c.kiem_chung.is_some() && s.kiem_chung.is_empty() {
            self.diags.push(
                Diagnostic::at(path, v.referenced, format!("{label} cần tài liệu kiểm chứng ({})", c.kiem_chung.clone().unwrap_or_default()))
                    .hint("thêm `kiem_chung:` với `van_ban: <tên văn bản của cơ quan>` hoặc `ten`, `so`, `ngay` của tài liệu"),
            );
        }
        Some(p)
    }

    /// Every leaf of the agency's block needs a self-score (a broken one was reported already).
    fn missing(&mut self, scores: &SpannedMap<LeafScore>, leaves: &BTreeMap<String, Leaf>) {
        let at = crate::load::yaml::key_place(self.path, "cham_diem");
        for c in self.sheet.leaves().filter(|c| c.applies_to(self.block)) {
            if !leaves.contains_key(&c.id) && !scores.0.iter().any(|(k, _)| k.value.trim() == c.id)
            {
                self.diags.push(
                    Diagnostic::new(
                        self.path,
                        at.0,
                        at.1,
                        format!("thiếu điểm tự chấm của tiêu chí `{}` ({})", c.id, c.ten),
                    )
                    .hint(format!("thêm `{}: {{ diem: … }}` vào `cham_diem`", c.id)),
                );
            }
        }
    }

    /// Bonus (`bonus`) or penalty items claimed: each of the sheet, each once.
    fn items(&mut self, claims: &[Claim], adj: &Adjust, bonus: bool) -> Vec<Item> {
        let what = if bonus {
            "điểm thưởng"
        } else {
            "điểm trừ"
        };
        let mut out: Vec<Item> = Vec::new();
        for cl in claims {
            let Some((ma, ten, each)) = self.item_of(cl, adj, what, bonus, &out) else {
                continue;
            };
            let p = if bonus {
                self.bonus_points(cl, ma, ten, *each, what)
            } else {
                self.penalty_points(cl, ma, *each, what)
            };
            let Some(p) = p else {
                continue;
            };
            let evidence = self.cite(&cl.kiem_chung, ma);
            let n = cl.so_lan.as_ref().map_or(1, |n| n.value);
            out.push(Item {
                id: ma.clone(),
                ten: ten.clone(),
                points: p,
                evidence,
                explanation: cl.giai_trinh.clone().unwrap_or_default().trim().to_string(),
                times: (!bonus && n > 1).then_some((n, *each)),
            });
        }
        out
    }

    /// The sheet's item a claim names, unless unknown or claimed already.
    fn item_of<'s>(
        &mut self,
        cl: &Claim,
        adj: &'s Adjust,
        what: &str,
        bonus: bool,
        so_far: &[Item],
    ) -> Option<&'s (String, String, Pts)> {
        let Some(item) = adj.items.iter().find(|i| i.0 == cl.ma.value) else {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    cl.ma.referenced,
                    format!("không có mục {what} `{}` trong bảng điểm", cl.ma.value),
                )
                .hint(suggest(
                    &cl.ma.value,
                    adj.items.iter().map(|i| i.0.as_str()),
                )),
            );
            return None;
        };
        let ma = &item.0;
        if so_far.iter().any(|o| o.id == *ma) {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    cl.ma.referenced,
                    format!("mục {what} `{ma}` ghi hai lần"),
                )
                .hint(if bonus {
                    "mỗi mục điểm thưởng ghi một lần"
                } else {
                    "ghi một lần với `so_lan`"
                }),
            );
            return None;
        }
        Some(item)
    }

    /// A bonus: the item's points, or fewer when the claim says so.
    fn bonus_points(
        &mut self,
        cl: &Claim,
        ma: &str,
        ten: &str,
        each: Pts,
        what: &str,
    ) -> Option<Pts> {
        let Some(v) = &cl.diem else {
            return Some(each);
        };
        let p = points(self.path, v, what)
            .map_err(|e| self.diags.push(e))
            .ok()?;
        if p > each {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    v.referenced,
                    format!("{what} `{ma}` ({ten}): {p} vượt mức {each} của mục"),
                )
                .hint(format!("ghi tối đa {each}")),
            );
            return None;
        }
        Some(p)
    }

    /// A penalty: its points per occurrence times `so_lan` (default 1, never 0).
    fn penalty_points(&mut self, cl: &Claim, ma: &str, each: Pts, what: &str) -> Option<Pts> {
        let n = cl.so_lan.as_ref().map_or(1, |n| n.value);
        if n == 0 {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    cl.so_lan.as_ref().unwrap().referenced,
                    format!("{what} `{ma}` có `so_lan: 0`"),
                )
                .hint("xóa mục nếu không bị trừ"),
            );
            return None;
        }
        Some(each * i64::from(n))
    }

    /// The appraiser's points by leaf id: within the maximum, with a reason where they
    /// differ from the self-score.
    fn appraisal(
        &mut self,
        t: &SpannedMap<Appraisal>,
        leaves: &BTreeMap<String, Leaf>,
    ) -> BTreeMap<String, Pts> {
        let mut appraised = BTreeMap::new();
        for (key, a) in &t.0 {
            let id = key.value.trim();
            let Some(c) = self.sheet.leaves().find(|c| c.id == id) else {
                self.diags.push(
                    Diagnostic::at(
                        self.path,
                        key.referenced,
                        format!("điểm thẩm định cho tiêu chí `{id}` không có trong bảng điểm"),
                    )
                    .hint(suggest(id, self.sheet.leaves().map(|c| c.id.as_str()))),
                );
                continue;
            };
            let own = leaves.get(id).map(|l| l.points);
            if let Some(p) = self.appraised_points(id, c, a, own) {
                appraised.insert(id.to_string(), p);
            }
        }
        appraised
    }

    fn appraised_points(
        &mut self,
        id: &str,
        c: &Criterion,
        a: &Appraisal,
        own: Option<Pts>,
    ) -> Option<Pts> {
        let max = c.max.unwrap_or(Pts::ZERO);
        let p = points(self.path, &a.diem, "điểm thẩm định")
            .map_err(|e| self.diags.push(e))
            .ok()?;
        if p > max {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    a.diem.referenced,
                    format!("tiêu chí `{id}`: điểm thẩm định {p} vượt điểm tối đa {max}"),
                )
                .hint(format!("chấm từ 0 đến {max}")),
            );
            return None;
        }
        if own != Some(p) && a.ly_do.as_deref().is_none_or(|l| l.trim().is_empty()) {
            self.diags.push(
                Diagnostic::at(
                    self.path,
                    a.diem.referenced,
                    format!(
                        "tiêu chí `{id}`: điểm thẩm định khác điểm tự chấm nhưng thiếu `ly_do`"
                    ),
                )
                .hint("ghi lý do điều chỉnh trong `ly_do`"),
            );
        }
        Some(p)
    }

    /// Cites `ev` for criterion or item `id`: the citations, each document also listed
    /// once in the dossier's evidence table with every id citing it.
    fn cite(&mut self, ev: &[Evidence], id: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for e in ev {
            match evidence(self.path, e, self.own) {
                Ok(t) => {
                    match self.evidence.iter_mut().find(|(x, _)| *x == t) {
                        Some((_, crit)) => crit.push(id.to_string()),
                        None => self.evidence.push((t.clone(), vec![id.to_string()])),
                    }
                    texts.push(t);
                }
                Err(e) => self.diags.push(e),
            }
        }
        texts
    }
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
