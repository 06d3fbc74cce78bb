//! Reading a score sheet: the criteria tree with ids, maxima, blocks and "không phát sinh"
//! rules; bonus and penalty items with caps; the bands; the cover document's type. Every
//! problem is collected, so one run names them all.

use std::collections::BTreeSet;
use std::path::Path;

use super::{points, Adjust, Band, Criterion, NotArising, Pts, ScoreSheet};
use crate::ground::diag::{suggest, Diagnostic};
use crate::load::model::{AdjustDecl, BandDecl, CriterionDecl, ScoreSheetFile};

impl ScoreSheet {
    /// Validates a score sheet; `blocks` are the block ids the parent plan knows.
    pub fn from_file(
        path: &Path,
        f: &ScoreSheetFile,
        blocks: &[&str],
    ) -> Result<ScoreSheet, Vec<Diagnostic>> {
        let mut read = Reader {
            path,
            blocks,
            criteria: Vec::new(),
            diags: Vec::new(),
        };
        read.criteria(&f.tieu_chi, None, 0, None);
        read.repeated_ids();
        let bonus = read.adjust(f.diem_thuong.as_ref());
        let penalty = read.adjust(f.diem_tru.as_ref());
        let bands = read.bands(&f.xep_loai, &bonus, &penalty);
        let loai = read.doc_type(f);
        if !read.diags.is_empty() {
            return Err(read.diags);
        }
        Ok(ScoreSheet {
            file: path.to_path_buf(),
            ten: f.ten.clone(),
            minh_hoa: f.minh_hoa,
            quyet_dinh: f.quyet_dinh.clone(),
            loai_van_ban: loai,
            criteria: read.criteria,
            bonus,
            penalty,
            bands,
        })
    }
}

/// The parent of criteria being read: its id, its number, its index.
type Parent<'p> = Option<(&'p str, &'p str, usize)>;

/// One sheet being read: the criteria so far and every problem found.
struct Reader<'a> {
    path: &'a Path,
    blocks: &'a [&'a str],
    criteria: Vec<Criterion>,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Appends `decls` and their subtrees in document order, each group before its children.
    fn criteria(
        &mut self,
        decls: &[CriterionDecl],
        parent: Parent,
        depth: usize,
        group: Option<usize>,
    ) {
        for d in decls {
            let so = d.so.value.trim().trim_end_matches(['.', ')']).to_string();
            let id = criterion_id(d, &so, parent);
            let g = group.unwrap_or(self.criteria.iter().filter(|c| c.depth == 0).count());
            let max = self.max(d, &id);
            self.check_blocks(d, &id);
            let not_arising = self.not_arising(d);
            let me = self.criteria.len();
            self.criteria.push(Criterion {
                id: id.clone(),
                so: d.so.value.trim().to_string(),
                ten: d.ten.clone(),
                depth,
                parent: parent.map(|p| p.2),
                group: g,
                max,
                cach_cham: d.cach_cham.clone(),
                kiem_chung: d.kiem_chung.clone(),
                khoi: d.khoi.iter().map(|k| k.value.clone()).collect(),
                not_arising,
            });
            self.criteria(&d.tieu_chi, Some((&id, &so, me)), depth + 1, Some(g));
        }
    }

    /// A leaf's maximum (0 when missing or broken, so reading goes on); None for a group.
    fn max(&mut self, d: &CriterionDecl, id: &str) -> Option<Pts> {
        let leaf = d.tieu_chi.is_empty();
        match (&d.diem, leaf) {
            (Some(v), true) => Some(
                points(self.path, v, "điểm tối đa")
                    .map_err(|e| self.diags.push(e))
                    .unwrap_or(Pts::ZERO),
            ),
            (None, true) => {
                self.diags.push(
                    Diagnostic::at(self.path, d.so.referenced, format!("tiêu chí `{id}` không có tiêu chí con nhưng thiếu `diem` (điểm tối đa)"))
                        .hint("thêm `diem: 5`, hoặc thêm `tieu_chi:` con"),
                );
                Some(Pts::ZERO)
            }
            (Some(v), false) => {
                self.diags.push(
                    Diagnostic::at(
                        self.path,
                        v.referenced,
                        format!("tiêu chí `{id}` có tiêu chí con nên không ghi `diem`"),
                    )
                    .hint("điểm tối đa của nhóm là tổng điểm các tiêu chí con"),
                );
                None
            }
            (None, false) => None,
        }
    }

    fn check_blocks(&mut self, d: &CriterionDecl, id: &str) {
        for k in &d.khoi {
            if !self.blocks.contains(&k.value.as_str()) {
                self.diags.push(
                    Diagnostic::at(
                        self.path,
                        k.referenced,
                        format!("tiêu chí `{id}` áp dụng cho khối `{}` không có", k.value),
                    )
                    .hint(suggest(&k.value, self.blocks.iter().copied())),
                );
            }
        }
    }

    fn not_arising(&mut self, d: &CriterionDecl) -> Option<NotArising> {
        let k = d.khong_phat_sinh.as_ref()?;
        match k.value.as_str() {
            "toi_da" => Some(NotArising::Max),
            "bo" => Some(NotArising::Drop),
            other => {
                self.diags.push(
                    Diagnostic::at(self.path, k.referenced, format!("`khong_phat_sinh: {other}` không hợp lệ"))
                        .hint("`toi_da`: tính đủ điểm tối đa; `bo`: bỏ tiêu chí và quy đổi điểm các tiêu chí khác"),
                );
                None
            }
        }
    }

    /// Self-scores name criteria by id, so two with one id would be ambiguous.
    fn repeated_ids(&mut self) {
        let mut seen = BTreeSet::new();
        for c in &self.criteria {
            if !seen.insert(c.id.clone()) {
                self.diags.push(
                    Diagnostic::file(self.path, format!("mã tiêu chí `{}` trùng", c.id))
                        .hint("ghi `ma:` riêng cho một trong hai tiêu chí"),
                );
            }
        }
    }

    /// Bonus or penalty items with their cap; none when the sheet has no such section.
    fn adjust(&mut self, a: Option<&AdjustDecl>) -> Adjust {
        let Some(a) = a else {
            return Adjust {
                cap: None,
                items: vec![],
            };
        };
        let path = self.path;
        let cap = a.toi_da.as_ref().and_then(|c| {
            points(path, c, "mức tối đa")
                .map_err(|e| self.diags.push(e))
                .ok()
        });
        self.diags.extend(crate::ground::diag::repeated(
            path,
            a.muc.iter().map(|i| &i.ma),
            "mục",
        ));
        let items = a
            .muc
            .iter()
            .filter_map(|i| {
                let p = points(path, &i.diem, "điểm")
                    .map_err(|e| self.diags.push(e))
                    .ok()?;
                Some((i.ma.value.clone(), i.ten.clone(), p))
            })
            .collect();
        Adjust { cap, items }
    }

    /// The bands, highest first; a band may only be blocked by a penalty item that exists.
    /// Each band has a name and a threshold of its own, within reach of a total (the
    /// criteria's full marks plus the bonus): otherwise a class would never be given, or two
    /// would claim the same totals.
    fn bands(&mut self, decls: &[BandDecl], bonus: &Adjust, penalty: &Adjust) -> Vec<Band> {
        let full: Pts = self.criteria.iter().filter_map(|c| c.max).sum();
        let extra = bonus
            .cap
            .unwrap_or_else(|| bonus.items.iter().map(|i| i.2).sum());
        let reach = full + extra;
        let mut bands: Vec<Band> = Vec::new();
        for b in decls {
            let from = points(self.path, &b.tu, "ngưỡng xếp loại")
                .map_err(|e| self.diags.push(e))
                .unwrap_or(Pts::ZERO);
            let at = |msg: String, hint: &str| {
                Diagnostic::at(self.path, b.tu.referenced, msg).hint(hint.to_string())
            };
            if let Some(other) = bands.iter().find(|o| o.ten.trim() == b.ten.trim()) {
                let msg = format!(
                    "xếp loại `{}` khai hai lần (ngưỡng {} và {from})",
                    b.ten.trim(),
                    other.from
                );
                self.diags.push(at(msg, "mỗi mức xếp loại một tên riêng"));
            } else if let Some(other) = bands.iter().find(|o| o.from == from) {
                let msg = format!(
                    "xếp loại `{}` và `{}` cùng ngưỡng {from} điểm",
                    other.ten, b.ten
                );
                self.diags.push(at(
                    msg,
                    "mỗi mức xếp loại một ngưỡng riêng; mức cao hơn có ngưỡng cao hơn",
                ));
            }
            if from > reach {
                let msg = format!(
                    "ngưỡng {from} của xếp loại `{}` cao hơn tổng điểm tối đa {reach}",
                    b.ten
                );
                self.diags.push(at(
                    msg,
                    "ngưỡng phải không vượt tổng điểm các tiêu chí cộng điểm thưởng tối đa",
                ));
            }
            for p in &b.chan_diem_tru {
                if !penalty.items.iter().any(|i| i.0 == p.value) {
                    self.diags.push(
                        Diagnostic::at(
                            self.path,
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
        bands.sort_by_key(|b| std::cmp::Reverse(b.from));
        bands
    }

    /// The dossier's cover document: a báo cáo unless the sheet says tờ trình.
    fn doc_type(&mut self, f: &ScoreSheetFile) -> String {
        use crate::ground::kinds::{BAO_CAO, TO_TRINH};
        match &f.loai_van_ban {
            None => BAO_CAO.to_string(),
            Some(l) if l.value == BAO_CAO || l.value == TO_TRINH => l.value.clone(),
            Some(l) => {
                self.diags.push(
                    Diagnostic::at(
                        self.path,
                        l.referenced,
                        format!("`loai_van_ban: {}` không hợp lệ", l.value),
                    )
                    .hint(
                        "hồ sơ chấm điểm gửi kèm `bao-cao` (báo cáo tự đánh giá) hoặc `to-trinh`",
                    ),
                );
                BAO_CAO.into()
            }
        }
    }
}

/// A criterion's id: its `ma`; else its number, after its parent's id unless the number
/// already starts with the parent's ("1.1" under "1").
fn criterion_id(d: &CriterionDecl, so: &str, parent: Parent) -> String {
    match (&d.ma, parent) {
        (Some(m), _) => m.value.trim().to_string(),
        (None, None) => so.to_string(),
        (None, Some((_, pso, _))) if so.starts_with(&format!("{pso}.")) => so.to_string(),
        (None, Some((pid, _, _))) => format!("{pid}.{so}"),
    }
}
