//! Who may do what: secret links (stored only as SHA-256 hashes in the workspace), the
//! sessions they open, and the CSRF token each session carries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::yaml_edit::{self, Yaml};
use crate::ground::diag::Diagnostic;

/// The server's own files live here, beside `data/`: link hashes, versions, the audit log.
pub use crate::load::submissions::STATE_DIR;
pub const LINKS_FILE: &str = "lien-ket.yaml";
/// The reporting body's link has this id in the links file.
pub const DESK: &str = "tong-hop";
/// A second reporting-body link that reads everything but appraises, returns and issues
/// nothing.
pub const VIEWER: &str = "tong-hop-xem";

/// Whom a link or session stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// An agency: its folder under `data/`.
    Agency(String),
    /// The reporting body (Sở Nội vụ): reads every agency, appraises, returns, issues links.
    Desk,
    /// The reporting body's reader: reads every agency, changes nothing.
    Viewer,
}

impl Role {
    pub fn id(&self) -> &str {
        match self {
            Role::Agency(a) => a,
            Role::Desk => DESK,
            Role::Viewer => VIEWER,
        }
    }

    /// Whether this is one of the reporting body's roles.
    pub fn is_desk(&self) -> bool {
        matches!(self, Role::Desk | Role::Viewer)
    }

    /// May this role appraise, return documents and manage links?
    pub fn manages(&self) -> bool {
        matches!(self, Role::Desk)
    }

    /// May this role read `agency`'s documents?
    pub fn reads(&self, agency: &str) -> bool {
        match self {
            Role::Agency(a) => a == agency,
            Role::Desk | Role::Viewer => true,
        }
    }

    /// May this role change `agency`'s documents? Only the agency itself.
    pub fn writes(&self, agency: &str) -> bool {
        matches!(self, Role::Agency(a) if a == agency)
    }
}

/// One issued link, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Agency id, or `tong-hop`.
    pub id: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    pub issued: String,
    /// When the link last opened a session ("2026-12-04T17:05:09Z"), if ever.
    pub last_used: String,
}

pub fn links_path(root: &Path) -> PathBuf {
    root.join(STATE_DIR).join(LINKS_FILE)
}

/// A fresh secret: 256 random bits, hex.
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("không lấy được số ngẫu nhiên: {e}"))?;
    Ok(hex(&bytes))
}

pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the links file; a missing file means no links.
pub fn read_links(root: &Path) -> Result<Vec<Link>, Vec<Diagnostic>> {
    let path = links_path(root);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(vec![]);
    };
    let value = Yaml::parse(&path, &text)?;
    let Some(Yaml::List(items)) = value.get("lien_ket") else {
        return Ok(vec![]);
    };
    Ok(items
        .iter()
        .filter_map(|i| {
            Some(Link {
                id: i.get("ma")?.scalar_text(),
                hash: i.get("bam")?.scalar_text(),
                issued: i
                    .get("cap_ngay")
                    .map(|d| d.scalar_text())
                    .unwrap_or_default(),
                last_used: i
                    .get("dung_lan_cuoi")
                    .map(|d| d.scalar_text())
                    .unwrap_or_default(),
            })
        })
        .collect())
}

pub fn write_links(root: &Path, links: &[Link]) -> std::io::Result<()> {
    let items = links
        .iter()
        .map(|l| {
            let mut m = vec![
                ("ma".into(), Yaml::Str(l.id.clone())),
                ("bam".into(), Yaml::Str(l.hash.clone())),
                ("cap_ngay".into(), Yaml::Str(l.issued.clone())),
            ];
            if !l.last_used.is_empty() {
                m.push(("dung_lan_cuoi".into(), Yaml::Str(l.last_used.clone())));
            }
            Yaml::Map(m)
        })
        .collect();
    let doc = Yaml::Map(vec![("lien_ket".into(), Yaml::List(items))]);
    let text = yaml_edit::emit(
        &doc,
        "# Liên kết truy cập `vanban serve`: chỉ lưu mã băm SHA-256, không lưu liên kết.\n# Cấp lại hoặc thu hồi bằng `vanban lien-ket`.\n",
    )
    .text;
    crate::build::write_atomic(&links_path(root), text.as_bytes())
}

/// The role a presented secret opens, if any.
pub fn role_of(links: &[Link], secret: &str) -> Option<(Role, String)> {
    let h = hash(secret);
    links
        .iter()
        .find(|l| constant_eq(l.hash.as_bytes(), h.as_bytes()))
        .map(|l| {
            let role = match l.id.as_str() {
                DESK => Role::Desk,
                VIEWER => Role::Viewer,
                id => Role::Agency(id.to_string()),
            };
            (role, l.hash.clone())
        })
}

/// Comparison whose time does not depend on where the inputs differ.
pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One signed-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    pub role: Role,
    /// The hash of the link that opened it: revoking the link ends the session.
    pub link: String,
    pub csrf: String,
}

/// Sessions live in memory only: a restart asks people to open their link again.
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

/// The session cookie's name.
pub const COOKIE: &str = "vanban_phien";

impl Sessions {
    /// Opens a session; returns its id (the cookie value).
    pub fn open(&self, role: Role, link: String) -> Result<String, String> {
        let id = new_secret()?;
        let csrf = new_secret()?;
        self.lock().insert(id.clone(), Session { role, link, csrf });
        Ok(id)
    }

    pub fn get(&self, id: &str) -> Option<Session> {
        self.lock().get(id).cloned()
    }

    /// Ends every session opened by a link no longer in `links`.
    pub fn prune(&self, links: &[Link]) {
        self.lock()
            .retain(|_, s| links.iter().any(|l| l.hash == s.link));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The session id in a `Cookie` header.
pub fn cookie_value(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// Issues new links for `ids` (replacing theirs) or revokes them; returns (id, secret)
/// of each link issued.
pub fn issue(
    root: &Path,
    ids: &[String],
    revoke: bool,
    today: &str,
) -> Result<Vec<(String, String)>, String> {
    let _guard = LINKS_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut links = read_links(root).map_err(|d| {
        d.first()
            .map(|d| d.to_string())
            .unwrap_or_else(|| "tệp liên kết hỏng".into())
    })?;
    links.retain(|l| !ids.contains(&l.id));
    let mut issued = Vec::new();
    if !revoke {
        for id in ids {
            let secret = new_secret()?;
            links.push(Link {
                id: id.clone(),
                hash: hash(&secret),
                issued: today.to_string(),
                last_used: String::new(),
            });
            issued.push((id.clone(), secret));
        }
    }
    links.sort_by(|a, b| a.id.cmp(&b.id));
    write_links(root, &links).map_err(|e| {
        format!(
            "không ghi được {}: {}",
            links_path(root).display(),
            crate::load::yaml::io_vi(&e)
        )
    })?;
    Ok(issued)
}

/// Serialises changes to the links file (issuing, revoking, recording a use).
static LINKS_LOCK: Mutex<()> = Mutex::new(());

/// Records that the link with `hash` opened a session at `when`.
pub fn record_use(root: &Path, hash: &str, when: &str) -> std::io::Result<()> {
    let _guard = LINKS_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let Ok(mut links) = read_links(root) else {
        return Ok(());
    };
    if let Some(l) = links.iter_mut().find(|l| l.hash == hash) {
        l.last_used = when.to_string();
        write_links(root, &links)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_opens_only_its_role_and_only_its_hash_is_stored() {
        let dir = std::env::temp_dir().join(format!("vanban-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let issued = issue(
            &dir,
            &["so-tu-phap".into(), DESK.into()],
            false,
            "2026-12-04",
        )
        .unwrap();
        assert_eq!(issued.len(), 2);
        let stored = std::fs::read_to_string(links_path(&dir)).unwrap();
        for (_, secret) in &issued {
            assert_eq!(secret.len(), 64, "256 bits in hex");
            assert!(!stored.contains(secret.as_str()), "secret stored in clear");
        }
        let links = read_links(&dir).unwrap();
        assert_eq!(
            role_of(&links, &issued[0].1).map(|r| r.0),
            Some(Role::Agency("so-tu-phap".into()))
        );
        assert_eq!(role_of(&links, &issued[1].1).map(|r| r.0), Some(Role::Desk));
        assert_eq!(role_of(&links, "0000"), None);
        // Revoked: the old secret opens nothing.
        issue(&dir, &["so-tu-phap".into()], true, "2026-12-04").unwrap();
        let links = read_links(&dir).unwrap();
        assert_eq!(role_of(&links, &issued[0].1), None);
        assert!(role_of(&links, &issued[1].1).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
