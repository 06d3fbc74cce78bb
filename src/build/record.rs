//! The build record (`output/.vanban/ban-ghi.json`): for each document, the digest of what
//! it was made from, its template and reach, each output file's size and time as written, and
//! its warnings. A document whose digest and files are unchanged is reused, its warnings told
//! again. Written atomically; a missing, unreadable or foreign record means a full build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::inputs::{self, Deps};
use crate::ground::diag::Diagnostic;

/// Bumped when the record's shape changes: an older record is then ignored.
const SHAPE: u32 = 3;
/// The largest record read: ~500 bytes a document, so a country's 14,000 documents fit
/// many times over.
const MAX_BYTES: u64 = 64 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    pub dang: u32,
    /// By "agency/document".
    pub van_ban: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The digest of its inputs (hex).
    pub dau_vao: String,
    pub mau: String,
    pub ca_co_quan: bool,
    pub ca_tinh: bool,
    pub bang_diem: bool,
    /// Other files it read, relative to the workspace (`-w .` and a full path alike).
    pub doc_them: Vec<PathBuf>,
    /// Output file by format ("docx", "pdf") → (size, modification time in ns).
    pub tep: BTreeMap<String, (u64, u128)>,
    pub canh_bao: Vec<Diagnostic>,
    /// The warnings sealed with the inputs' digest: a warning edited by hand no longer
    /// matches, and the document is built again.
    pub niem_phong: String,
}

/// The seal of `warnings` told for inputs `digest`.
pub fn seal(digest: &str, warnings: &[Diagnostic]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(digest.as_bytes());
    h.update(serde_json::to_vec(warnings).unwrap_or_default());
    inputs::hex(&h.finalize().into())
}

impl Entry {
    pub fn deps(&self, root: &Path) -> Deps {
        Deps {
            template: self.mau.clone(),
            agency_wide: self.ca_co_quan,
            province_wide: self.ca_tinh,
            sheet: self.bang_diem,
            reads: self.doc_them.iter().map(|p| root.join(p)).collect(),
        }
    }

    /// Whether the entry is one a build could have written: warnings only, sealed with
    /// its inputs. (The files it names are read only as regular files, within a size.)
    fn sound(&self) -> bool {
        self.canh_bao.iter().all(|d| d.warning)
            && seal(&self.dau_vao, &self.canh_bao) == self.niem_phong
    }

    /// Whether the file written for `format` is still there as written.
    pub fn file_current(&self, format: &str, path: &Path) -> bool {
        self.tep
            .get(format)
            .is_some_and(|s| inputs::stamp(path) == Some(*s))
    }
}

pub fn path(output: &Path) -> PathBuf {
    output.join(".vanban").join("ban-ghi.json")
}

impl Record {
    /// The record under `output`, or an empty one. It is read like any input: only a
    /// regular file, at most `MAX_BYTES`; an entry whose warnings are not what a build
    /// records (an error, text not sealed with its inputs) is dropped, so its document is
    /// built again and its warnings found anew.
    pub fn read(output: &Path) -> Record {
        let mut record = crate::load::yaml::read_bounded(&path(output), MAX_BYTES)
            .ok()
            .and_then(|t| serde_json::from_str::<Record>(&t).ok())
            .filter(|r| r.dang == SHAPE)
            .unwrap_or_default();
        record.van_ban.retain(|_, e| e.sound());
        record
    }

    /// Documents no input produces any more leave the record with their files.
    pub fn keep_only(&mut self, ws: &crate::campaign::Campaign) {
        let live: std::collections::BTreeSet<String> = ws
            .agencies
            .iter()
            .flat_map(|a| {
                a.documents
                    .iter()
                    .map(move |d| format!("{}/{}", a.id, d.name))
            })
            .collect();
        self.van_ban.retain(|k, _| live.contains(k));
    }

    pub fn write(&mut self, output: &Path) -> std::io::Result<()> {
        self.dang = SHAPE;
        let p = path(output);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        super::write_atomic(&p, &bytes)
    }
}
