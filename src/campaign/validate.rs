//! Validation: what the loaded workspace's files mean together. The parent plan becomes a
//! `Plan` with its score sheet; each agency is checked against it (block, signers, ký hiệu,
//! the dates it exists between). Agencies with errors move to `broken`: their documents are
//! still read for errors of their own, but not built.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::campaign::agency::{self, Agency};
use crate::campaign::plan::Plan;
use crate::campaign::scoring::ScoreSheet;
use crate::campaign::Campaign;
use crate::ground::diag::Diagnostic;
use crate::load::workspace::{BrokenAgency, Workspace, CONSOLIDATED_DOCUMENTS};

/// Turns the workspace as read into the campaign: the parent plan and its score sheet
/// validated, every agency checked against them; every problem collected.
pub fn campaign(ws: Workspace) -> (Campaign, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut plan = match (&ws.plan_file, ws.plan_broken) {
        (_, true) => None,
        (None, false) => Some(Plan::default()),
        (Some((path, file)), false) => Plan::from_file(path, file)
            .map_err(|ds| diags.extend(ds))
            .ok(),
    };
    if let (Some(plan), Some(sheet)) = (plan.as_mut(), ws.score_file) {
        match sheet {
            Err(()) => plan.score_sheet_broken = true,
            Ok((path, file)) => match ScoreSheet::from_file(&path, &file, &plan.block_ids()) {
                Ok(s) => {
                    if s.minh_hoa {
                        diags.push(
                            Diagnostic::file(&path, "bảng điểm đang dùng là bảng minh họa (`minh_hoa: true`), không phải bảng điểm thật của tỉnh")
                                .hint("thay tệp này bằng bảng điểm theo quyết định của tỉnh, rồi xóa dòng `minh_hoa: true`")
                                .warn(),
                        );
                    }
                    plan.score_sheet = Some(s);
                }
                Err(ds) => {
                    diags.extend(ds);
                    plan.score_sheet_broken = true;
                }
            },
        }
    }
    // A broken plan still lets agencies be checked for the problems of their own files.
    let default_plan = Plan::default();
    let against = plan.as_ref().unwrap_or(&default_plan);
    let mut agencies = Vec::new();
    let mut broken = ws.broken;
    for a in ws.agencies {
        match agency::check(&a.file, &a.info, against, plan.is_some()) {
            Ok(lifespan) => agencies.push(Agency {
                id: a.id,
                file: a.file,
                info: a.info,
                documents: a.documents,
                lifespan,
            }),
            Err(ds) => {
                diags.extend(ds);
                broken.push(BrokenAgency {
                    id: a.id,
                    documents: a.documents,
                });
            }
        }
    }
    broken.sort_by(|a, b| a.id.cmp(&b.id));
    diags.extend(one_consolidation_each(&mut agencies));
    diags.extend(one_ky_hieu_each(&agencies));
    let campaign = Campaign {
        root: ws.root,
        settings: ws.settings,
        consolidation: ws.consolidation,
        plan,
        agencies,
        broken,
    };
    (campaign, diags)
}

/// Two agencies with the same full name and ký hiệu issue documents no one can tell apart
/// ("05/KH-SNV" of "Sở Nội vụ" twice): most likely a copied folder left unchanged, so a
/// warning (a test province may copy one agency on purpose). The same ký hiệu alone is
/// normal (every Ủy ban nhân dân writes "UBND").
fn one_ky_hieu_each(agencies: &[Agency]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<(String, String), &Agency> = BTreeMap::new();
    let mut diags = Vec::new();
    for a in agencies {
        let Some(k) = &a.info.ky_hieu else { continue };
        let key = (
            k.value.trim().to_string(),
            a.info.ten_day_du.trim().to_string(),
        );
        match first.get(&key) {
            None => {
                first.insert(key, a);
            }
            Some(earlier) => {
                // Said at both files: either may be the one to fix.
                for (this, other) in [(a, *earlier), (*earlier, a)] {
                    let Some(k) = &this.info.ky_hieu else {
                        continue;
                    };
                    let d = Diagnostic::at(
                        &this.file,
                        k.referenced,
                        format!(
                            "cơ quan `{}` có cùng tên \"{}\" và ký hiệu `{}` với cơ quan `{}`",
                            this.id, key.1, key.0, other.id
                        ),
                    )
                    .hint(format!(
                        "văn bản của hai cơ quan sẽ không phân biệt được; sửa `ten_day_du` và `ky_hieu` cho đúng cơ quan này, hoặc xóa thư mục chép thừa ({})",
                        other.file.display()
                    ))
                    .warn();
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
        }
    }
    diags
}

/// The consolidated documents go to one place (`output/tong-hop/`): two agencies holding the
/// same one would overwrite each other's file, so the second is an error and is not built.
fn one_consolidation_each(agencies: &mut [Agency]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut diags = Vec::new();
    for a in agencies {
        a.documents.retain(|d| {
            if !CONSOLIDATED_DOCUMENTS.contains(&d.name.as_str()) {
                return true;
            }
            match first.get(&d.name) {
                None => {
                    first.insert(d.name.clone(), d.path.clone());
                    true
                }
                Some(earlier) => {
                    diags.push(
                        Diagnostic::file(&d.path, format!("văn bản tổng hợp `{}` đã có ở {}", d.name, earlier.display()))
                            .hint("mỗi không gian làm việc chỉ một cơ quan tổng hợp; xóa hoặc đổi tên một trong hai tệp"),
                    );
                    false
                }
            }
        });
    }
    diags
}
