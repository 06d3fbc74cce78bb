//! Saving a document from the browser: an optimistic version check (the content hash the
//! form was made from), the previous version kept, the new file written atomically, and an
//! audit line appended. Nothing here holds data the YAML files do not.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::access::{hex, STATE_DIR};

/// The version a form was made from: the content hash of the file, or this for no file.
pub const NO_FILE: &str = "moi";
const VERSIONS_DIR: &str = "phien-ban";
const AUDIT_FILE: &str = "nhat-ky.tsv";

/// The content hash that names a file's version.
pub fn version_of(bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(b) => hex(&Sha256::digest(b)),
        None => NO_FILE.to_string(),
    }
}

pub fn read_version(path: &Path) -> (Option<Vec<u8>>, String) {
    let bytes = std::fs::read(path).ok();
    let v = version_of(bytes.as_deref());
    (bytes, v)
}

/// What a save came to.
#[derive(Debug)]
pub enum Saved {
    /// Written; the new version.
    Done(String),
    /// The file changed since the form was made: its current text (empty when deleted) and
    /// version. Nothing was written.
    Conflict { current: String, version: String },
}

/// One workspace's writer: saves of one file are serialised, so its version check and
/// write are one step; saves of different files go on side by side.
pub struct Store {
    locks: Mutex<std::collections::HashMap<PathBuf, std::sync::Arc<Mutex<()>>>>,
    /// Earlier versions kept of each file (the oldest go first). What an agency sent is
    /// kept apart, every sending, in the submission store.
    keep: usize,
}

/// Earlier versions kept of each document unless `vanban serve --giu-ban-cu` says otherwise.
pub const DEFAULT_KEEP: usize = 50;

impl Default for Store {
    fn default() -> Self {
        Store::keeping(DEFAULT_KEEP)
    }
}

impl Store {
    pub fn keeping(keep: usize) -> Self {
        Store {
            locks: Mutex::default(),
            keep: keep.max(1),
        }
    }

    /// Writes `text` to `path` if the file is still at version `expected`; keeps the old
    /// version and appends an audit line (`who`, `action`).
    pub fn save(
        &self,
        root: &Path,
        path: &Path,
        expected: &str,
        text: &str,
        who: &str,
        action: &str,
    ) -> std::io::Result<Saved> {
        let file_lock = self
            .locks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        let _guard = file_lock.lock().unwrap_or_else(|p| p.into_inner());
        let (old, current) = read_version(path);
        if current != expected {
            return Ok(Saved::Conflict {
                current: old
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
                version: current,
            });
        }
        let stamp = now_stamp();
        if let Some(old) = &old {
            let kept = version_path(root, path, &stamp, &current);
            if let Some(dir) = kept.parent() {
                std::fs::create_dir_all(dir)?;
            }
            // A second name for the old file (its bytes are already on disk, nothing to
            // write); a copy where links are not possible.
            if std::fs::hard_link(path, &kept).is_err() {
                crate::build::write_atomic(&kept, old)?;
            }
            let all = versions(root, path);
            for gone in all.iter().take(all.len().saturating_sub(self.keep)) {
                let _ = std::fs::remove_file(gone);
            }
        }
        crate::build::write_atomic(path, text.as_bytes())?;
        let new = version_of(Some(text.as_bytes()));
        audit(root, &stamp, who, action, &relative(root, path), &new)?;
        Ok(Saved::Done(new))
    }
}

/// Where the version `hash` of `path`, replaced at `stamp`, is kept.
fn version_path(root: &Path, path: &Path, stamp: &str, hash: &str) -> PathBuf {
    let rel = relative(root, path);
    let rel = rel.strip_prefix("data/").unwrap_or(&rel);
    let short = &hash[..hash.len().min(12)];
    root.join(STATE_DIR)
        .join(VERSIONS_DIR)
        .join(rel.trim_end_matches(".yaml"))
        .join(format!("{stamp}-{short}.yaml"))
}

/// The versions kept of `path`, oldest first (file names sort by time).
pub fn versions(root: &Path, path: &Path) -> Vec<PathBuf> {
    let rel = relative(root, path);
    let rel = rel.strip_prefix("data/").unwrap_or(&rel);
    let dir = root
        .join(STATE_DIR)
        .join(VERSIONS_DIR)
        .join(rel.trim_end_matches(".yaml"));
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The audit log's lines.
pub fn audit_lines(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join(STATE_DIR).join(AUDIT_FILE))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Makes the audit log agree with the files: a file whose content is not the last version
/// the log records for it (changed by hand, or a server killed between writing it and
/// logging it) gets a line "thay đổi ngoài trang web" with its current hash. Files the log
/// never mentions are left out. Returns the files so recorded.
pub fn reconcile(root: &Path) -> std::io::Result<Vec<String>> {
    let mut last: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for line in audit_lines(root) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 5 && f[4] != "-" {
            last.insert(f[3].to_string(), f[4].to_string());
        }
    }
    let mut changed = Vec::new();
    for (file, hash) in last {
        let (bytes, now) = read_version(&root.join(&file));
        if now != hash {
            let what = if bytes.is_some() {
                "thay đổi ngoài trang web"
            } else {
                "xóa ngoài trang web"
            };
            audit(root, &now_stamp(), "máy chủ", what, &file, &now)?;
            changed.push(file);
        }
    }
    Ok(changed)
}

/// An audit line for something that is not a file's new version (a link issued or
/// revoked): the file column names what it concerned, the hash column is "-".
pub fn audit_event(root: &Path, who: &str, action: &str, what: &str) -> std::io::Result<()> {
    audit(root, &now_stamp(), who, action, what, "-")
}

/// Appends one line: time, who, action, file, content hash (tab-separated; fields never
/// hold a tab or a line break).
fn audit(
    root: &Path,
    stamp: &str,
    who: &str,
    action: &str,
    file: &str,
    hash: &str,
) -> std::io::Result<()> {
    let dir = root.join(STATE_DIR);
    std::fs::create_dir_all(&dir)?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let line = format!(
        "{}\t{}\t{}\t{}\t{}\n",
        stamp,
        clean(who),
        clean(action),
        clean(file),
        hash
    );
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(AUDIT_FILE))?;
    // One write call per line: appends from one process never interleave within it.
    f.write_all(line.as_bytes())?;
    f.sync_data()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// UTC time to the microsecond, sortable and fit for a file name:
/// "2026-12-04T17-05-09.123456Z".
pub fn now_stamp() -> String {
    now().format("%Y-%m-%dT%H-%M-%S%.6fZ").to_string()
}

/// UTC time to the minute, for people: "2026-12-04 17:05 UTC".
pub fn now_minute() -> String {
    now().format("%Y-%m-%d %H:%M UTC").to_string()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    chrono::DateTime::from_timestamp(d.as_secs() as i64, d.subsec_nanos()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_version_is_refused_and_old_versions_are_kept() {
        let root = std::env::temp_dir().join(format!("vanban-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = root.join("data/a/bao-cao-nam.yaml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "so: 1\n").unwrap();
        let store = Store::default();
        let v1 = version_of(Some(b"so: 1\n"));
        let Saved::Done(v2) = store
            .save(&root, &file, &v1, "so: 2\n", "a", "lưu")
            .unwrap()
        else {
            panic!("first save refused")
        };
        // A second writer still holding v1 gets a conflict with the current text.
        match store
            .save(&root, &file, &v1, "so: 3\n", "a", "lưu")
            .unwrap()
        {
            Saved::Conflict { current, version } => {
                assert_eq!(current, "so: 2\n");
                assert_eq!(version, v2);
            }
            Saved::Done(_) => panic!("last write won"),
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "so: 2\n");
        let kept = versions(&root, &file);
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "so: 1\n");
        let log = audit_lines(&root);
        assert_eq!(log.len(), 1);
        assert!(
            log[0].contains("\ta\tlưu\tdata/a/bao-cao-nam.yaml\t"),
            "{}",
            log[0]
        );
        assert!(log[0].ends_with(&v2));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn only_the_last_versions_are_kept() {
        let root = std::env::temp_dir().join(format!("vanban-keep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = root.join("data/a/bao-cao-nam.yaml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "so: 0\n").unwrap();
        let store = Store::keeping(3);
        for n in 1..=6 {
            let (_, v) = read_version(&file);
            let r = store.save(&root, &file, &v, &format!("so: {n}\n"), "a", "lưu");
            assert!(matches!(r, Ok(Saved::Done(_))));
        }
        let kept: Vec<String> = versions(&root, &file)
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        assert_eq!(kept, ["so: 3\n", "so: 4\n", "so: 5\n"]);
        let _ = std::fs::remove_dir_all(&root);
    }
}
