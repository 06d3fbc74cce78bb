//! The workspace as read: `vanban.yaml`, the parent plan and its score sheet,
//! `data/**/co-quan.yaml` with the document files beside it. Every file that fails to load
//! becomes a diagnostic; the agencies that did load are still returned. Nothing is checked
//! across files here: `campaign` does that.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::ground::diag::Diagnostic;
use crate::ground::layout::Settings;
use crate::load::model::{
    AgencyFile, Consolidation, DocFile, ParentPlanFile, ScoreSheetFile, WorkspaceFile,
};

/// The agency identity file inside each agency folder.
pub const AGENCY_FILE: &str = "co-quan.yaml";
pub const WORKSPACE_FILE: &str = "vanban.yaml";
/// The parent plan, under `data/`: its name, then the older name a province workspace may
/// still use.
pub const PARENT_FILES: [&str; 2] = ["ke-hoach-cap-tren.yaml", "tinh.yaml"];
/// The reporting body's consolidated documents: whichever agency holds them, they are
/// written to one folder, `output/tong-hop/`.
pub const CONSOLIDATED_DOCUMENTS: &[&str] = &[
    "bao-cao-tong-hop",
    "to-trinh-xep-loai",
    "du-thao-quyet-dinh",
];
pub const CONSOLIDATED_FOLDER: &str = "tong-hop";
/// Folder names no agency may take: the consolidated documents' output folder, and the
/// reporting body's two roles in `vanban serve` (an agency so named would get the desk's
/// powers and share its files).
pub const RESERVED_IDS: &[&str] = &[CONSOLIDATED_FOLDER, "tong-hop-xem"];

/// The files of a workspace as read, each typed and located, none checked against another.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
    /// How submissions are counted (`tong_hop` in vanban.yaml).
    pub consolidation: Consolidation,
    /// The parent plan as read; `None` when the workspace has none.
    pub plan_file: Option<(PathBuf, ParentPlanFile)>,
    /// The parent plan's file has errors (reported once).
    pub plan_broken: bool,
    /// The score sheet the parent plan names, as read; `Err(())` when its file has errors
    /// (reported once).
    pub score_file: Option<Result<(PathBuf, ScoreSheetFile), ()>>,
    /// Agencies whose `co-quan.yaml` read, sorted by id.
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
        crate::load::yaml::read::<DocFile>(&self.path)
    }

    /// Like `load`, keeping the value of what remains after errors that could be set aside.
    pub fn parse(&self) -> crate::load::yaml::Parsed<DocFile> {
        crate::load::yaml::parse::<DocFile>(&self.path)
    }
}

/// The folder under `output/` a document is written to: its agency's, or `tong-hop` for the
/// reporting body's consolidated documents.
pub fn output_folder<'a>(agency: &'a str, document: &str) -> &'a str {
    if CONSOLIDATED_DOCUMENTS.contains(&document) {
        CONSOLIDATED_FOLDER
    } else {
        agency
    }
}

/// Reads the workspace's files at `root` into model types, collecting every problem; no
/// validation across files (see `campaign`).
pub fn load(root: &Path) -> (Workspace, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (settings, consolidation) = read_settings(root, &mut diags);
    let data = root.join("data");
    let parent = read_parent(&data, &mut diags);
    if !data.is_dir() {
        diags.push(no_data_folder(root));
    }
    let (agencies, broken) = read_agencies(&data, &mut diags);
    let ws = Workspace {
        root: root.to_path_buf(),
        settings,
        consolidation,
        plan_file: parent.plan_file,
        plan_broken: parent.plan_broken,
        score_file: parent.score_file,
        agencies,
        broken,
    };
    (ws, diags)
}

/// `vanban.yaml`: the layout settings (checked against ND30's ranges) and how submissions
/// are counted; the defaults when the file is absent or broken.
fn read_settings(root: &Path, diags: &mut Vec<Diagnostic>) -> (Settings, Consolidation) {
    let ws_file = root.join(WORKSPACE_FILE);
    if !ws_file.is_file() {
        return Default::default();
    }
    let (value, ds) = crate::load::yaml::read::<WorkspaceFile>(&ws_file);
    diags.extend(ds);
    let Some(w) = value else {
        return Default::default();
    };
    for (field, msg) in w.trinh_bay.problems() {
        let (line, col) = crate::load::yaml::path_place(&ws_file, &field);
        diags.push(
            Diagnostic::new(&ws_file, line, col, format!("{field}: {msg}"))
                .hint("sửa giá trị trong vanban.yaml cho nằm trong khoảng cho phép"),
        );
    }
    if let Some(prev) = &w.tong_hop.nam_truoc {
        let p = root.join(prev);
        let usable =
            p.join("data").is_dir() || (p.is_file() && p.extension().is_some_and(|e| e == "yaml"));
        if !usable {
            let (line, col) = crate::load::yaml::path_place(&ws_file, "tong_hop.nam_truoc");
            diags.push(
                Diagnostic::new(
                    &ws_file,
                    line,
                    col,
                    format!("tong_hop.nam_truoc: không có không gian làm việc (thư mục có `data/`) hay tệp .yaml `{prev}`"),
                )
                .hint("ghi đường dẫn (tính từ thư mục có vanban.yaml) đến không gian làm việc năm trước, hoặc đến tệp số liệu năm trước có `so_lieu:`"),
            );
        }
    }
    (w.trinh_bay, w.tong_hop)
}

/// The parent plan and the score sheet it names, as read.
struct Parent {
    plan_file: Option<(PathBuf, ParentPlanFile)>,
    plan_broken: bool,
    score_file: Option<Result<(PathBuf, ScoreSheetFile), ()>>,
}

fn read_parent(data: &Path, diags: &mut Vec<Diagnostic>) -> Parent {
    let mut parent = Parent {
        plan_file: None,
        plan_broken: false,
        score_file: None,
    };
    let found: Vec<PathBuf> = PARENT_FILES
        .iter()
        .map(|n| data.join(n))
        .filter(|p| p.is_file())
        .collect();
    for name in PARENT_FILES {
        let yml = data.join(name).with_extension("yml");
        if yml.is_file() {
            diags.push(
                Diagnostic::file(
                    &yml,
                    "kế hoạch cấp trên phải có đuôi .yaml: tệp này không được đọc",
                )
                .hint(format!("đổi tên thành {name}")),
            );
        }
    }
    let Some(path) = found.first() else {
        return parent;
    };
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
    let (value, ds) = crate::load::yaml::read::<ParentPlanFile>(path);
    diags.extend(ds);
    let Some(f) = value else {
        parent.plan_broken = true;
        return parent;
    };
    if let Some(rel) = &f.bang_diem_tep {
        let sheet = data.join(rel.value.trim());
        parent.score_file = Some(if sheet.is_file() {
            let (value, ds) = crate::load::yaml::read::<ScoreSheetFile>(&sheet);
            diags.extend(ds);
            value.map(|v| (sheet, v)).ok_or(())
        } else {
            diags.push(
                Diagnostic::at(
                    path,
                    rel.referenced,
                    format!("không tìm thấy tệp bảng điểm {}", sheet.display()),
                )
                .hint("đặt tệp bảng điểm trong thư mục data/, hoặc sửa `bang_diem_tep`"),
            );
            Err(())
        });
    }
    parent.plan_file = Some((path.clone(), f));
    parent
}

/// Every `co-quan.yaml` under `data/` with the documents beside it, sorted by folder:
/// those that read, and those whose identity file has errors.
fn read_agencies(data: &Path, diags: &mut Vec<Diagnostic>) -> (Vec<Agency>, Vec<BrokenAgency>) {
    let mut broken = Vec::new();
    let mut agencies = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let walker = walkdir::WalkDir::new(data).sort_by_file_name().into_iter();
    for entry in walker.filter_map(|e| e.ok()) {
        if entry.file_type().is_dir() && entry.path() != data {
            if let Some(b) = without_identity(entry.path(), diags) {
                broken.push(b);
            }
            continue;
        }
        if entry.file_name() != AGENCY_FILE {
            continue;
        }
        let file = entry.path().to_path_buf();
        let dir = file.parent().unwrap_or(data).to_path_buf();
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if RESERVED_IDS.contains(&id.as_str()) {
            diags.push(
                Diagnostic::file(
                    &file,
                    format!("thư mục cơ quan không được tên là `{id}`: tên này dành cho cơ quan tổng hợp"),
                )
                .hint(format!(
                    "đổi tên thư mục data/{id}/ thành tên riêng của cơ quan (ví dụ so-noi-vu); các văn bản tổng hợp đặt trong thư mục của cơ quan nhận báo cáo"
                )),
            );
            continue;
        }
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
        let documents = one_file_per_document(document_files(&dir), diags)
            .into_iter()
            .map(doc_source)
            .collect();
        let (value, ds) = crate::load::yaml::read::<AgencyFile>(&file);
        diags.extend(ds);
        match value {
            Some(info) => agencies.push(Agency {
                id,
                file,
                info,
                documents,
            }),
            None => broken.push(BrokenAgency { id, documents }),
        }
    }
    (agencies, broken)
}

/// The workspace at `root` has no `data/`: nothing can be built or counted.
pub fn no_data_folder(root: &Path) -> Diagnostic {
    Diagnostic::file(root, "không tìm thấy thư mục data/ của không gian làm việc")
        .hint("chạy lệnh trong thư mục có data/ hoặc chỉ rõ bằng --workspace THƯ_MỤC")
}

/// A folder of documents without its `co-quan.yaml`: an agency whose identity file was
/// lost or misnamed. Its documents would otherwise vanish from the build in silence.
fn without_identity(dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<BrokenAgency> {
    if dir.join(AGENCY_FILE).is_file() {
        return None;
    }
    let (misnamed, docs): (Vec<PathBuf>, Vec<PathBuf>) =
        document_files(dir).into_iter().partition(|p| {
            p.file_stem()
                .is_some_and(|n| n.to_string_lossy().replace('_', "-") == "co-quan")
        });
    if docs.is_empty() && misnamed.is_empty() {
        return None;
    }
    let id = dir.file_name()?.to_string_lossy().to_string();
    let hint = match misnamed.first().and_then(|p| p.file_name()) {
        Some(n) => format!("đổi tên `{}` thành `{AGENCY_FILE}`", n.to_string_lossy()),
        None => format!(
            "thêm tệp {AGENCY_FILE} (tên cơ quan, ký hiệu, người ký: xem README), hoặc chuyển các văn bản ra khỏi data/"
        ),
    };
    diags.push(
        Diagnostic::file(
            dir,
            format!(
                "thư mục `{id}` có {} văn bản nhưng không có {AGENCY_FILE}: chưa tạo được văn bản nào của cơ quan này",
                docs.len()
            ),
        )
        .hint(hint),
    );
    let documents = docs.into_iter().map(doc_source).collect();
    Some(BrokenAgency { id, documents })
}

fn doc_source(path: PathBuf) -> DocSource {
    DocSource {
        name: path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string(),
        path,
    }
}

/// Two files of one folder that would make the same document (`bao-cao-nam.yaml` and
/// `bao-cao-nam.yml`): one would overwrite the other's output. The second is dropped, with
/// an error.
fn one_file_per_document(files: Vec<PathBuf>, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = Vec::new();
    for f in files {
        match kept.iter().find(|k| k.file_stem() == f.file_stem()) {
            Some(first) => diags.push(
                Diagnostic::file(
                    &f,
                    format!(
                        "{} và {} là cùng một văn bản: tệp này không được đọc",
                        first.display(),
                        f.display()
                    ),
                )
                .hint("xóa một trong hai tệp (vanban đọc tệp .yaml)"),
            ),
            None => kept.push(f),
        }
    }
    kept
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
    let (value, diags) = crate::load::yaml::read::<T>(path);
    value.ok_or_else(|| diags.into_iter().filter(|d| !d.warning).collect())
}
