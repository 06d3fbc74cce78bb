//! Output files: where each document goes, atomic writes, and the clean-up of temporary
//! files and of outputs no input produces any more.

use std::path::{Path, PathBuf};

use crate::campaign::Campaign;
use crate::render::Format;

/// `output/<agency>/<document>.<ext>`; the reporting body's documents in
/// `output/tong-hop/`.
pub(super) fn output_path(ws: &Campaign, agency: &str, document: &str, format: Format) -> PathBuf {
    ws.output_dir()
        .join(crate::load::workspace::output_folder(agency, document))
        .join(format!("{document}.{}", format.ext()))
}

/// Temporary files an interrupted build left in `output/` (ours start with "." and end
/// with ".tmp").
pub fn remove_temp_files(output: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for e in walkdir::WalkDir::new(output)
        .max_depth(2)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file()
            && name.starts_with('.')
            && name.ends_with(".tmp")
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed.push(e.path().to_path_buf());
        }
    }
    removed
}

/// DOCX and PDF files in `output/` that no document of the workspace produces any more (a
/// renamed agency or document), and the folders they leave empty. Nothing else is touched.
pub(super) fn remove_orphans(ws: &Campaign) -> Vec<PathBuf> {
    let docs = ws.documents_by_agency();
    let produced = |agency: &str, stem: &str| docs.get(agency).is_some_and(|d| d.contains(&stem));
    let mut removed = Vec::new();
    let Ok(dirs) = std::fs::read_dir(ws.output_dir()) else {
        return removed;
    };
    let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let agency = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Ok(files) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = files.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let ours = f.extension().is_some_and(|e| e == "docx" || e == "pdf");
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            if f.is_file() && ours && !produced(&agency, &stem) && std::fs::remove_file(&f).is_ok()
            {
                removed.push(f);
            }
        }
        // Only removes the folder when it is empty now.
        let _ = std::fs::remove_dir(dir);
    }
    removed
}

pub use crate::ground::files::write_atomic;

/// A rendered file on its way to the disk, for document `job` of the build.
pub(super) struct Pending {
    pub job: usize,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// What became of one pending file: written, or why not (in Vietnamese).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Written {
    pub job: usize,
    pub path: PathBuf,
    pub result: Result<(), String>,
}

/// Writes each file it is handed, atomically, and tells `written` what became of it.
pub(super) fn writer(from: std::sync::mpsc::Receiver<Pending>, written: impl Fn(Written)) {
    for p in from {
        let result = write_atomic(&p.path, &p.bytes).map_err(|e| crate::load::yaml::io_vi(&e));
        written(Written {
            job: p.job,
            path: p.path,
            result,
        });
    }
}
