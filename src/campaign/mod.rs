//! Campaign: the workspace validated. The parent plan (`plan`) with its deadlines, periods
//! (`dates`), blocks and indicator catalogue (`figures`), the score sheet and dossier scores
//! (`scoring`), and every agency checked against them (`validate`). A loaded workspace goes
//! in, a `Campaign` comes out. Uses `load` and `ground`; never `document` or `province`.
pub mod agency;
pub mod dates;
pub mod figures;
pub mod plan;
pub mod scoring;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::ground::diag::Diagnostic;
use crate::ground::layout::Settings;
use crate::load::model::Consolidation;
use crate::load::workspace::{output_folder, BrokenAgency};

pub use agency::Agency;
use plan::Plan;

/// The validated workspace: what every document, the reporting body's sums and the build
/// work from.
#[derive(Debug)]
pub struct Campaign {
    pub root: PathBuf,
    pub settings: Settings,
    /// How submissions are counted (`tong_hop` in vanban.yaml).
    pub consolidation: Consolidation,
    /// The parent plan: empty when the workspace has none, `None` when its file has errors
    /// (reported once; the documents then fail without repeating them).
    pub plan: Option<Plan>,
    /// Agencies that passed validation, sorted by id.
    pub agencies: Vec<Agency>,
    /// Agencies whose `co-quan.yaml` has errors: their documents are still read for errors
    /// of their own, but cannot be built.
    pub broken: Vec<BrokenAgency>,
}

/// Loads the workspace at `root` and validates it, collecting every problem.
pub fn open(root: &Path) -> (Campaign, Vec<Diagnostic>) {
    let (ws, mut diags) = crate::load::workspace::load(root);
    let (campaign, more) = validate::campaign(ws);
    diags.extend(more);
    (campaign, diags)
}

impl Campaign {
    /// Document names by output folder, broken agencies included: what the workspace
    /// produces.
    pub fn documents_by_agency(&self) -> BTreeMap<&str, Vec<&str>> {
        let agencies = self.agencies.iter().map(|a| (a.id.as_str(), &a.documents));
        let broken = self.broken.iter().map(|b| (b.id.as_str(), &b.documents));
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (id, docs) in agencies.chain(broken) {
            for d in docs {
                out.entry(output_folder(id, &d.name))
                    .or_default()
                    .push(d.name.as_str());
            }
            out.entry(id).or_default();
        }
        out
    }

    /// Document names by the agency that holds them (its folder under `data/`), broken
    /// agencies included: what `-a` and `-d` choose from. The reporting body's consolidated
    /// documents are its own here, though they are written to `output/tong-hop/`.
    pub fn documents_by_holder(&self) -> BTreeMap<&str, Vec<&str>> {
        let agencies = self.agencies.iter().map(|a| (a.id.as_str(), &a.documents));
        let broken = self.broken.iter().map(|b| (b.id.as_str(), &b.documents));
        agencies
            .chain(broken)
            .map(|(id, docs)| (id, docs.iter().map(|d| d.name.as_str()).collect()))
            .collect()
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub fn fonts_dir(&self) -> PathBuf {
        self.root.join("fonts")
    }
    pub fn output_dir(&self) -> PathBuf {
        self.root.join("output")
    }
}
