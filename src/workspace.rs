//! Finds and loads a workspace: `vanban.yaml`, `data/**/co-quan.yaml` with the document
//! files beside it, `templates/` and `fonts/` overrides. Every file that fails to load
//! becomes a diagnostic; the agencies that did load are still returned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;
use crate::layout::Settings;
use crate::model::{AgencyFile, DocFile, ParentPlanFile, ScoreSheetFile, WorkspaceFile};
use crate::plan::Plan;
use crate::validate::Lifespan;

/// The agency identity file inside each agency folder.
pub const AGENCY_FILE: &str = "co-quan.yaml";
pub const WORKSPACE_FILE: &str = "vanban.yaml";
/// The parent plan, under `data/`: its name, then the older name a province workspace may
/// still use.
pub const PARENT_FILES: [&str; 2] = ["ke-hoach-cap-tren.yaml", "tinh.yaml"];

#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
    /// How submissions are counted (`tong_hop` in vanban.yaml).
    pub consolidation: crate::model::Consolidation,
    /// The parent plan: empty when the workspace has none, `None` when its file has errors
    /// (reported once; the documents then fail without repeating them).
    pub plan: Option<Plan>,
    /// The parent plan as read, before `validate` turns it into `plan`.
    pub plan_file: Option<(PathBuf, ParentPlanFile)>,
    /// The score sheet the parent plan names, as read; `Err(())` when its file has errors
    /// (reported once).
    pub score_file: Option<Result<(PathBuf, ScoreSheetFile), ()>>,
    /// Agencies that loaded, sorted by id.
    pub agencies: Vec<Agency>,
    /// Agencies whose `co-quan.yaml` has errors: their documents are still read for errors
    /// of their own, but cannot be built.
    pub broken: Vec<BrokenAgency>,
}

#[derive(Debug)]
pub struct BrokenAgency {
    pub id: String,
    pub documents: Vec<DocSource>,
}

#[derive(Debug)]
pub struct Agency {
    /// Folder name: "ubnd-tinh".
    pub id: String,
    pub file: PathBuf,
    pub info: AgencyFile,
    pub documents: Vec<DocSource>,
    /// When the agency exists (set by `validate`).
    pub lifespan: Lifespan,
}

/// A document file found in an agency folder. Its data is read when the document is built,
/// not at load time, so memory does not grow with the number of agencies.
#[derive(Debug)]
pub struct DocSource {
    /// File stem: "ke-hoach"; also the output file name.
    pub name: String,
    pub path: PathBuf,
}

impl DocSource {
    /// Reads and parses the document's YAML file: the data when it has no error, and every
    /// diagnostic (errors and warnings).
    pub fn load(&self) -> (Option<DocFile>, Vec<Diagnostic>) {
        crate::yaml::read::<DocFile>(&self.path)
    }
}

impl Workspace {
    /// Document names by agency id, broken agencies included: what the workspace produces.
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

/// The folder under `output/` a document is written to: its agency's, or `tong-hop` for the
/// reporting body's consolidated documents.
pub fn output_folder<'a>(agency: &'a str, document: &str) -> &'a str {
    if crate::consolidate::DOCUMENTS.contains(&document) {
        crate::consolidate::FOLDER
    } else {
        agency
    }
}

/// Loads and validates the workspace at `root`, collecting every problem.
pub fn open(root: &Path) -> (Workspace, Vec<Diagnostic>) {
    let (mut ws, mut diags) = load(root);
    diags.extend(crate::validate::workspace(&mut ws));
    (ws, diags)
}

/// Reads the workspace's files at `root` into model types, collecting every problem; no
/// validation across files (see `validate`).
pub fn load(root: &Path) -> (Workspace, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let ws_file = root.join(WORKSPACE_FILE);
    let (settings, consolidation) = if ws_file.is_file() {
        let (value, ds) = crate::yaml::read::<WorkspaceFile>(&ws_file);
        diags.extend(ds);
        match value {
            Some(w) => {
                for (field, msg) in w.trinh_bay.problems() {
                    diags.push(
                        Diagnostic::file(&ws_file, format!("{field}: {msg}"))
                            .hint("sửa giá trị trong vanban.yaml cho nằm trong khoảng cho phép"),
                    );
                }
                (w.trinh_bay, w.tong_hop)
            }
            None => Default::default(),
        }
    } else {
        Default::default()
    };

    let data = root.join("data");
    let mut plan = Some(Plan::default());
    let mut plan_file = None;
    let mut score_file = None;
    let found: Vec<PathBuf> = PARENT_FILES
        .iter()
        .map(|n| data.join(n))
        .filter(|p| p.is_file())
        .collect();
    if let Some(path) = found.first() {
        if let Some(other) = found.get(1) {
            diags.push(
                Diagnostic::file(
                    other,
                    format!(
                        "có cả {} và {}: chỉ một kế hoạch cấp trên được dùng",
                        path.display(),
                        other.display()
                    ),
                )
                .hint(format!("xóa hoặc đổi tên {}", other.display())),
            );
        }
        let (value, ds) = crate::yaml::read::<ParentPlanFile>(path);
        diags.extend(ds);
        match value {
            Some(f) => {
                if let Some(rel) = &f.bang_diem_tep {
                    let sheet = data.join(rel.value.trim());
                    score_file = Some(if sheet.is_file() {
                        let (value, ds) = crate::yaml::read::<ScoreSheetFile>(&sheet);
                        diags.extend(ds);
                        value.map(|v| (sheet, v)).ok_or(())
                    } else {
                        diags.push(
                            Diagnostic::at(
                                path,
                                rel.referenced,
                                format!("không tìm thấy tệp bảng điểm {}", sheet.display()),
                            )
                            .hint(
                                "đặt tệp bảng điểm trong thư mục data/, hoặc sửa `bang_diem_tep`",
                            ),
                        );
                        Err(())
                    });
                }
                plan_file = Some((path.clone(), f))
            }
            None => plan = None,
        }
    }
    let mut broken = Vec::new();
    let mut agencies = Vec::new();
    if !data.is_dir() {
        diags.push(
            Diagnostic::file(root, "không tìm thấy thư mục data/ của không gian làm việc")
                .hint("chạy lệnh trong thư mục có data/ hoặc chỉ rõ bằng --workspace THƯ_MỤC"),
        );
    }
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&data).sort_by_file_name().into_iter();
    for entry in walker.filter_map(|e| e.ok()) {
        if entry.file_name() != AGENCY_FILE {
            continue;
        }
        let file = entry.path().to_path_buf();
        let dir = file.parent().unwrap_or(&data).to_path_buf();
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(first) = seen.get(&id) {
            diags.push(
                Diagnostic::file(
                    &file,
                    format!("mã cơ quan \"{id}\" trùng với {}", first.display()),
                )
                .hint("mỗi cơ quan một thư mục có tên riêng; đổi tên một trong hai thư mục"),
            );
            continue;
        }
        seen.insert(id.clone(), file.clone());
        let documents: Vec<DocSource> = document_files(&dir)
            .into_iter()
            .map(|path| DocSource {
                name: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("")
                    .to_string(),
                path,
            })
            .collect();
        let (value, ds) = crate::yaml::read::<AgencyFile>(&file);
        diags.extend(ds);
        let Some(info) = value else {
            broken.push(BrokenAgency { id, documents });
            continue;
        };
        agencies.push(Agency {
            id,
            file,
            info,
            documents,
            lifespan: Lifespan::default(),
        });
    }
    (
        Workspace {
            root: root.to_path_buf(),
            settings,
            consolidation,
            plan,
            plan_file,
            score_file,
            agencies,
            broken,
        },
        diags,
    )
}

/// The `.yaml` files of an agency folder other than its identity file.
fn document_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && p.file_name().is_some_and(|n| n != AGENCY_FILE)
        })
        .collect();
    out.sort();
    out
}

/// Reads a YAML file into `T`, or every error found in it (warnings dropped); see `yaml`.
pub fn parse<T: DeserializeOwned>(path: &Path) -> Result<T, Vec<Diagnostic>> {
    let (value, diags) = crate::yaml::read::<T>(path);
    value.ok_or_else(|| diags.into_iter().filter(|d| !d.warning).collect())
}
