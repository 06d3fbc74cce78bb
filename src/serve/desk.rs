//! What the desk's pages, charts and workbook read of every agency: the submissions table,
//! the classification and each report's sums. Each agency's part is kept with a key of its
//! files (sizes and times of its folder and of what it sent), so when one agency saves, only
//! its part is read again: a desk page at 1,000 agencies does not read 4,000 files.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::campaign::figures::Values;
use crate::campaign::plan::{self, Plan};
use crate::campaign::{Agency, Campaign};
use crate::province::sums::{self, ClassRow, IndicatorTotal};
use crate::province::tracking::{self, AgencyRow, Table};

/// One agency's part, for the state of its files.
struct Part {
    key: u64,
    row: Option<AgencyRow>,
    class: Option<ClassRow>,
    /// Its values in each of the plan's reports, as last sent.
    values: BTreeMap<String, Option<Values>>,
}

/// The parts kept between requests, for one state of the campaign's own files.
#[derive(Default)]
pub struct Parts(Mutex<(u64, HashMap<String, Arc<Part>>)>);

/// What the desk reads, for one state of the files.
pub struct DeskData {
    pub table: Table,
    pub classes: Vec<ClassRow>,
    parts: HashMap<String, Arc<Part>>,
    figures: Mutex<BTreeMap<String, Arc<Figures>>>,
}

/// One report's values per agency and sums.
pub struct Figures {
    pub values: BTreeMap<String, Values>,
    pub totals: Vec<IndicatorTotal>,
}

/// The key of an agency's files: its folder's and its sendings' names, sizes and times.
fn agency_key(root: &Path, a: &Agency) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let folder = a.file.parent().unwrap_or(Path::new("."));
    let sent = crate::load::submissions::store_dir(root).join(&a.id);
    for dir in [folder, sent.as_path()] {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
        {
            e.path().hash(&mut h);
            if let Some(m) = e.metadata().ok().filter(|m| m.is_file()) {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

fn part(c: &Campaign, plan: &Plan, a: &Agency, key: u64) -> Part {
    let inclusive = c.consolidation.tinh_ca_ngay_han;
    let row = tracking::agency_status(c, a, plan, inclusive).1;
    let owes = |name: &str| {
        plan.han
            .get(&plan::key(name))
            .is_none_or(|d| a.lifespan.expects(*d))
            && !plan
                .reference
                .as_ref()
                .is_some_and(|r| r.issued_by(&a.id, &a.info.ten_day_du))
    };
    let class = (plan.score_sheet.is_some() && owes(sums::DOSSIER))
        .then(|| sums::class_row(c, plan, a, &mut Vec::new()));
    let values = plan
        .reports()
        .into_iter()
        .map(|r| {
            let v = sums::agency_values(c, plan, a, &r, &mut Vec::new());
            (r, v)
        })
        .collect();
    Part {
        key,
        row: Some(row),
        class,
        values,
    }
}

impl DeskData {
    /// Reads what changed since `parts` were kept (everything when the campaign's own files,
    /// `campaign_key`, changed) and puts the desk's data together.
    pub fn new(c: &Campaign, campaign_key: u64, parts: &Parts) -> DeskData {
        let Some(plan) = c.plan.as_ref() else {
            return DeskData {
                table: Table {
                    deadlines: vec![],
                    rows: vec![],
                    totals: vec![],
                },
                classes: vec![],
                parts: HashMap::new(),
                figures: Mutex::new(BTreeMap::new()),
            };
        };
        let kept = {
            let mut slot = parts.0.lock().unwrap_or_else(|p| p.into_inner());
            if slot.0 != campaign_key {
                *slot = (campaign_key, HashMap::new());
            }
            slot.1.clone()
        };
        let now: HashMap<String, Arc<Part>> = c
            .agencies
            .par_iter()
            .map(|a| {
                let key = agency_key(&c.root, a);
                let p = match kept.get(&a.id).filter(|p| p.key == key) {
                    Some(p) => p.clone(),
                    None => Arc::new(part(c, plan, a, key)),
                };
                (a.id.clone(), p)
            })
            .collect();
        {
            let mut slot = parts.0.lock().unwrap_or_else(|p| p.into_inner());
            if slot.0 == campaign_key {
                slot.1 = now.clone();
            }
        }
        let rows = c
            .agencies
            .iter()
            .filter_map(|a| now.get(&a.id).and_then(|p| p.row.clone()))
            .collect();
        let classes = sums::owing(c, plan, sums::DOSSIER)
            .into_iter()
            .filter_map(|a| now.get(&a.id).and_then(|p| p.class.clone()))
            .collect();
        DeskData {
            table: tracking::from_rows(plan, rows),
            classes,
            parts: now,
            figures: Mutex::new(BTreeMap::new()),
        }
    }

    /// The sums of `report`, from the kept parts (a report the plan does not name is read
    /// afresh and not kept).
    pub fn figures(&self, c: &Campaign, report: &str) -> Arc<Figures> {
        let mut kept = self.figures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = kept.get(report) {
            return f.clone();
        }
        let Some(plan) = c.plan.as_ref() else {
            return Arc::new(Figures {
                values: BTreeMap::new(),
                totals: vec![],
            });
        };
        let known = plan.reports().iter().any(|r| r == report);
        let values: BTreeMap<String, Values> = if known {
            sums::owing(c, plan, report)
                .into_iter()
                .filter_map(|a| {
                    let v = self.parts.get(&a.id)?.values.get(report)?.clone()?;
                    Some((a.id.clone(), v))
                })
                .collect()
        } else {
            sums::values(c, plan, report).0
        };
        let totals = sums::totals(c, plan, report, &values);
        let f = Arc::new(Figures { values, totals });
        if known {
            kept.insert(report.to_string(), f.clone());
        }
        f
    }
}
