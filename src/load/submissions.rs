//! The submission store: what an agency sent, kept exactly as sent, apart from the file it
//! goes on editing. Each sending of a document is a numbered folder
//! `.vanban/gui/<agency>/<document>/<n>/` holding `van-ban.yaml` (the document's file, byte
//! for byte, as it was when sent), `ban-ghi.yaml` (when, by whom, and what the reporting
//! body did with it: returned, accepted) and, when the server sent it, the rendered
//! `<document>.docx` and `.pdf`. The periods the reporting body has closed are in
//! `.vanban/khoa-so-lieu.yaml`.
//!
//! All plain files: git, backups and the command line keep working, and a workspace without
//! a store (documents marked sent by hand with `ngay_gui`) keeps its meaning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ground::diag::Diagnostic;
use crate::ground::files::write_atomic;
use crate::load::yaml::quoted;

/// The folder of the workspace's own state (the server's links, versions, audit log and
/// the submission store).
pub const STATE_DIR: &str = ".vanban";
const SENT_DIR: &str = "gui";
/// The document's file as sent.
pub const SENT_FILE: &str = "van-ban.yaml";
/// The sending's record.
pub const RECORD_FILE: &str = "ban-ghi.yaml";
/// The periods closed by the reporting body.
pub const LOCKS_FILE: &str = "khoa-so-lieu.yaml";

/// One act on a sending or a period: the day, who did it and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Act {
    /// "YYYY-MM-DD".
    pub ngay: String,
    #[serde(default)]
    pub nguoi: String,
    #[serde(default)]
    pub ly_do: String,
}

/// What the store knows of one sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// 1 for the first sending.
    pub lan: u32,
    /// "YYYY-MM-DD".
    pub ngay_gui: String,
    /// The moment, for the history ("2025-10-17T08-15-02.123456Z").
    #[serde(default)]
    pub luc: String,
    #[serde(default)]
    pub nguoi_gui: String,
    /// Taken from a file already marked sent by hand (`ngay_gui`) when the server first
    /// changed it, so that the change stays a draft.
    #[serde(default)]
    pub tu_tep: bool,
    /// The reporting body returned it.
    #[serde(default)]
    pub tra_lai: Option<Act>,
    /// The reporting body accepted it as it is.
    #[serde(default)]
    pub tiep_nhan: Option<Act>,
}

/// One sending in the store.
#[derive(Debug, Clone)]
pub struct Sending {
    pub dir: PathBuf,
    pub record: Record,
}

impl Sending {
    /// The document's file as sent.
    pub fn file(&self) -> PathBuf {
        self.dir.join(SENT_FILE)
    }
    /// A rendered copy, when the server made one ("pdf", "docx").
    pub fn rendered(&self, document: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{document}.{ext}"))
    }
}

/// The store's folder for one document of one agency.
pub fn folder(root: &Path, agency: &str, document: &str) -> PathBuf {
    root.join(STATE_DIR)
        .join(SENT_DIR)
        .join(agency)
        .join(document)
}

/// The whole store's folder (for digests of what a consolidated document reads).
pub fn store_dir(root: &Path) -> PathBuf {
    root.join(STATE_DIR).join(SENT_DIR)
}

/// Every sending of a document, first first; a record that cannot be read is reported and
/// left out.
pub fn sendings(root: &Path, agency: &str, document: &str) -> (Vec<Sending>, Vec<Diagnostic>) {
    let dir = folder(root, agency, document);
    let mut numbered: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| {
                    let n = e.file_name().to_str()?.parse::<u32>().ok()?;
                    e.path().is_dir().then(|| (n, e.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    numbered.sort();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (_, d) in numbered {
        let (record, ds) = crate::load::yaml::read::<Record>(&d.join(RECORD_FILE));
        diags.extend(ds.into_iter().filter(|x| !x.warning));
        if let Some(record) = record {
            out.push(Sending { dir: d, record });
        }
    }
    (out, diags)
}

/// Keeps a new sending: the file's bytes as sent and its record (numbered after the last).
/// The files are written whole before the record, so a half-made sending has no record
/// and is not one.
pub fn keep(
    root: &Path,
    agency: &str,
    document: &str,
    sent: &[u8],
    mut record: Record,
    rendered: &[(&str, &[u8])],
) -> std::io::Result<Sending> {
    let dir = folder(root, agency, document);
    let last = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    record.lan = last + 1;
    let here = dir.join(record.lan.to_string());
    write_atomic(&here.join(SENT_FILE), sent)?;
    for (ext, bytes) in rendered {
        write_atomic(&here.join(format!("{document}.{ext}")), bytes)?;
    }
    write_atomic(&here.join(RECORD_FILE), emit_record(&record).as_bytes())?;
    Ok(Sending { dir: here, record })
}

/// Rewrites a sending's record (a return, an acceptance).
pub fn update(s: &Sending) -> std::io::Result<()> {
    write_atomic(&s.dir.join(RECORD_FILE), emit_record(&s.record).as_bytes())
}

/// The closed periods: deadline key → who closed it and when.
pub fn locks(root: &Path) -> (BTreeMap<String, Act>, Vec<Diagnostic>) {
    let path = root.join(STATE_DIR).join(LOCKS_FILE);
    if !path.exists() {
        return (BTreeMap::new(), vec![]);
    }
    let (m, diags) = crate::load::yaml::read::<BTreeMap<String, Act>>(&path);
    (m.unwrap_or_default(), diags)
}

/// Writes the closed periods.
pub fn write_locks(root: &Path, locks: &BTreeMap<String, Act>) -> std::io::Result<()> {
    let mut out = String::from("# Kỳ đã khóa số liệu (vanban serve ghi; mỗi dòng một hạn nộp).\n");
    if locks.is_empty() {
        out.push_str("{}\n");
    }
    for (k, a) in locks {
        out.push_str(&format!("{}:\n{}", quoted(k), act_lines(a, "  ")));
    }
    write_atomic(&root.join(STATE_DIR).join(LOCKS_FILE), out.as_bytes())
}

fn act_lines(a: &Act, indent: &str) -> String {
    let mut s = format!("{indent}ngay: {}\n", quoted(&a.ngay));
    if !a.nguoi.is_empty() {
        s.push_str(&format!("{indent}nguoi: {}\n", quoted(&a.nguoi)));
    }
    if !a.ly_do.is_empty() {
        s.push_str(&format!("{indent}ly_do: {}\n", quoted(&a.ly_do)));
    }
    s
}

/// A record as a person would write it (only the keys that say something).
fn emit_record(r: &Record) -> String {
    let mut s = format!("lan: {}\nngay_gui: {}\n", r.lan, quoted(&r.ngay_gui));
    if !r.luc.is_empty() {
        s.push_str(&format!("luc: {}\n", quoted(&r.luc)));
    }
    if !r.nguoi_gui.is_empty() {
        s.push_str(&format!("nguoi_gui: {}\n", quoted(&r.nguoi_gui)));
    }
    if r.tu_tep {
        s.push_str("tu_tep: true\n");
    }
    for (key, act) in [("tra_lai", &r.tra_lai), ("tiep_nhan", &r.tiep_nhan)] {
        if let Some(a) = act {
            s.push_str(&format!("{key}:\n{}", act_lines(a, "  ")));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendings_are_numbered_kept_whole_and_read_back() {
        let root = std::env::temp_dir().join(format!("vanban-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let r = Record {
            ngay_gui: "2025-10-17".into(),
            nguoi_gui: "Sở Tư pháp \"A\"\nx".into(),
            ..Record::default()
        };
        let a = keep(
            &root,
            "so-a",
            "bao-cao-nam",
            b"x: 1\n",
            r.clone(),
            &[("pdf", b"%PDF")],
        )
        .unwrap();
        let mut b = keep(&root, "so-a", "bao-cao-nam", b"x: 2\n", r, &[]).unwrap();
        assert_eq!((a.record.lan, b.record.lan), (1, 2));
        b.record.tra_lai = Some(Act {
            ngay: "2025-10-20".into(),
            nguoi: "Sở Nội vụ".into(),
            ly_do: "thiếu số liệu: mục 2".into(),
        });
        update(&b).unwrap();
        let (all, diags) = sendings(&root, "so-a", "bao-cao-nam");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].record.nguoi_gui, "Sở Tư pháp \"A\"\nx");
        assert_eq!(std::fs::read(all[0].file()).unwrap(), b"x: 1\n");
        assert_eq!(
            std::fs::read(all[0].rendered("bao-cao-nam", "pdf")).unwrap(),
            b"%PDF"
        );
        assert_eq!(all[1].record, b.record);
        // A folder without a record (a sending cut off half-way) is not a sending.
        std::fs::create_dir_all(folder(&root, "so-a", "bao-cao-nam").join("3")).unwrap();
        assert_eq!(sendings(&root, "so-a", "bao-cao-nam").0.len(), 2);
        let mut l = BTreeMap::new();
        l.insert(
            "bao-cao-nam".to_string(),
            Act {
                ngay: "2025-12-20".into(),
                ..Act::default()
            },
        );
        write_locks(&root, &l).unwrap();
        assert_eq!(locks(&root).0, l);
        let _ = std::fs::remove_dir_all(&root);
    }
}
