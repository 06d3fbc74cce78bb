//! What each output is made from, as one digest: vanban itself, the workspace's settings,
//! parent plan and score sheet, the fonts and the PDF layout, the document's template family,
//! its own file and its agency's `co-quan.yaml`; for a dossier or a report with figures every
//! file of its agency (evidence, the previous report), and for a consolidated document every
//! agency's files, what they sent (the submission store) and last year's figures. Each file is read and hashed once per build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::campaign::{Agency, Campaign};
use crate::document::compose::Composer;

pub type Hash = [u8; 32];

/// What a document's digest takes in beyond its own file, as the build found it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Deps {
    /// The template it was composed with (its family: extends and includes).
    pub template: String,
    /// It reads its agency's other files (a dossier's evidence).
    pub agency_wide: bool,
    /// Other files it reads (a report: the agency's previous report, for the plausibility
    /// of its figures).
    pub reads: Vec<PathBuf>,
    /// It reads every agency's files (a consolidated document).
    pub province_wide: bool,
    /// It reads the score sheet (a dossier, a consolidated document, a decision printing it).
    pub sheet: bool,
}

/// Digests of one build's inputs, computed on demand and kept.
pub struct Inputs<'a> {
    ws: &'a Campaign,
    composer: &'a Composer,
    common: Hash,
    /// The score sheet's file, apart: only the documents that read it depend on it.
    sheet: Option<PathBuf>,
    files: HashMap<PathBuf, Hash>,
    agencies: HashMap<String, Hash>,
    families: HashMap<String, Hash>,
    province: Option<Hash>,
}

impl<'a> Inputs<'a> {
    pub fn new(ws: &'a Campaign, composer: &'a Composer) -> Self {
        let mut h = Sha256::new();
        h.update(tool_key().as_bytes());
        h.update(file_bytes(
            &ws.root.join(crate::load::workspace::WORKSPACE_FILE),
        ));
        // The parent plan (and any other file directly in data/), but the score sheet.
        let sheet = ws
            .plan
            .as_ref()
            .and_then(|p| p.score_sheet.as_ref())
            .map(|s| s.file.clone());
        for f in sorted_files(&ws.root.join("data"))
            .into_iter()
            .filter(|f| Some(f) != sheet.as_ref())
        {
            h.update(relative(&ws.root, &f));
            h.update(Sha256::digest(file_bytes(&f)));
        }
        // Fonts by name, size and time (large files, replaced rather than edited).
        for f in sorted_files(&ws.fonts_dir()) {
            h.update(relative(&ws.root, &f));
            h.update(format!("{:?}", stamp(&f)).as_bytes());
        }
        h.update(file_bytes(&ws.templates_dir().join("nd30.typ")));
        Inputs {
            ws,
            composer,
            common: h.finalize().into(),
            sheet,
            files: HashMap::new(),
            agencies: HashMap::new(),
            families: HashMap::new(),
            province: None,
        }
    }

    /// The digest of everything the document `src` of `agency` is made from.
    pub fn of(&mut self, agency: &Agency, src: &Path, deps: &Deps) -> Hash {
        let mut h = Sha256::new();
        h.update(self.common);
        h.update(self.family(&deps.template));
        h.update(self.file(src));
        h.update(self.file(&agency.file));
        if deps.agency_wide {
            h.update(self.agency(agency));
        }
        if let (true, Some(sheet)) = (deps.sheet, self.sheet.clone()) {
            h.update(self.file(&sheet));
        }
        for f in &deps.reads {
            h.update(relative(&self.ws.root, f));
            h.update(self.file(f));
        }
        if deps.province_wide {
            h.update(self.province());
        }
        h.finalize().into()
    }

    fn file(&mut self, path: &Path) -> Hash {
        *self
            .files
            .entry(path.to_path_buf())
            .or_insert_with(|| Sha256::digest(file_bytes(path)).into())
    }

    fn family(&mut self, template: &str) -> Hash {
        let composer = self.composer;
        *self
            .families
            .entry(template.to_string())
            .or_insert_with(|| Sha256::digest(composer.family_text(template).as_bytes()).into())
    }

    /// Every file of the agency's folder, by name.
    fn agency(&mut self, agency: &Agency) -> Hash {
        if let Some(h) = self.agencies.get(&agency.id) {
            return *h;
        }
        let dir = agency.file.parent().unwrap_or(Path::new("."));
        let mut h = Sha256::new();
        for f in sorted_files(dir) {
            h.update(
                f.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .as_bytes(),
            );
            h.update(self.file(&f));
        }
        let h: Hash = h.finalize().into();
        self.agencies.insert(agency.id.clone(), h);
        h
    }

    /// Every agency's files, and last year's figures when vanban.yaml names them.
    fn province(&mut self) -> Hash {
        if let Some(h) = self.province {
            return h;
        }
        let ws = self.ws;
        let mut h = Sha256::new();
        for a in &ws.agencies {
            h.update(a.id.as_bytes());
            h.update(self.agency(a));
        }
        // What the agencies sent (the store's copies and records, not its rendered files),
        // and the closed periods.
        use crate::load::submissions as store;
        let sent = walkdir::WalkDir::new(store::store_dir(&ws.root))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let n = e.file_name();
                n == store::SENT_FILE || n == store::RECORD_FILE
            })
            .map(|e| e.into_path());
        let locks = ws.root.join(store::STATE_DIR).join(store::LOCKS_FILE);
        for f in sent.chain(std::iter::once(locks)) {
            h.update(relative(&ws.root, &f));
            h.update(self.file(&f));
        }
        if let Some(prev) = &ws.consolidation.nam_truoc {
            let p = ws.root.join(prev);
            let files: Vec<PathBuf> = if p.is_file() {
                vec![p]
            } else {
                walkdir::WalkDir::new(p.join("data"))
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .collect()
            };
            for f in files {
                h.update(relative(&ws.root, &f));
                h.update(self.file(&f));
            }
        }
        let h: Hash = h.finalize().into();
        self.province = Some(h);
        h
    }
}

/// vanban itself: its version and the program file's size and time, so a rebuilt program
/// (new templates or layout compiled in) rebuilds everything.
fn tool_key() -> String {
    let exe = std::env::current_exe().ok();
    let s = exe.as_deref().map(stamp).unwrap_or_default();
    format!("vanban {} {s:?}", env!("CARGO_PKG_VERSION"))
}

/// A file's size and modification time (ns since 1970), or none.
pub fn stamp(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), t))
}

/// A path as named inside the workspace, so `-w .` and `-w /full/path` digest alike.
fn relative(root: &Path, path: &Path) -> Vec<u8> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().as_bytes().to_vec()
}

/// A file's bytes as far as a digest needs them: only a regular file is read (a name the
/// record gives could lead to a device or a pipe, which never end), and never more than
/// `MAX_DIGESTED` bytes (past that, its size and time stand in for the rest).
fn file_bytes(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else {
        return Vec::new();
    };
    if !meta.is_file() {
        return b"\0not a regular file".to_vec();
    }
    let mut bytes = Vec::new();
    let _ = std::fs::File::open(path).and_then(|f| f.take(MAX_DIGESTED).read_to_end(&mut bytes));
    if bytes.len() as u64 >= MAX_DIGESTED {
        bytes.extend(format!("{:?}", stamp(path)).as_bytes());
    }
    bytes
}

/// The most of one file a digest reads: far above any input (data files stop at 1 MiB,
/// fonts are read by the font set, not here).
const MAX_DIGESTED: u64 = 64 << 20;

/// The regular files directly in `dir`, sorted by name.
fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

pub fn hex(h: &Hash) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}
