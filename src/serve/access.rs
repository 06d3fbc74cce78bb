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

/// The address that opens a session with `secret`, under the server's address `origin`.
pub fn link_url(origin: &str, secret: &str) -> String {
    format!("{}/vao/{secret}", origin.trim_end_matches('/'))
}

pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the links file could not be read. The server never takes this as "no links": it
/// keeps the links it read last and tries again at the next request.
#[derive(Debug)]
pub enum LinksError {
    Unreadable(std::io::Error),
    Damaged(Vec<Diagnostic>),
}

impl std::fmt::Display for LinksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinksError::Unreadable(e) => write!(
                f,
                "không đọc được tệp liên kết .vanban/{LINKS_FILE}: {}",
                crate::load::yaml::io_vi(e)
            ),
            LinksError::Damaged(d) => match d.first() {
                Some(d) => write!(f, "{d}"),
                None => write!(f, "tệp liên kết .vanban/{LINKS_FILE} hỏng"),
            },
        }
    }
}

/// The largest links file read (a province's ~3,500 links take ~700 kB).
const MAX_LINKS_BYTES: u64 = 8 << 20;

/// Reads the links file. A file that is not there means no link was ever issued; one that
/// cannot be read, or is damaged, is an error.
pub fn read_links(root: &Path) -> Result<Vec<Link>, LinksError> {
    let path = links_path(root);
    let text = match crate::load::yaml::read_bounded(&path, MAX_LINKS_BYTES) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(LinksError::Unreadable(e)),
    };
    let value = Yaml::parse(&path, &text).map_err(LinksError::Damaged)?;
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

/// The links the server goes by: read again only when the file changed (a revoke from the
/// command line replaces the file, so it shows at the next request). When the file cannot
/// be read (gone for a moment, no file handles left, damaged), the links read last stay in
/// force, the problem is reported once, and the next request tries again: nobody is logged
/// out by a file that could not be read.
#[derive(Default)]
pub struct LinkBook {
    slot: Mutex<Option<(FileStamp, std::sync::Arc<Vec<Link>>)>>,
    reported: Mutex<String>,
}

/// What tells one version of a file from another without reading it.
type FileStamp = (u64, Option<std::time::SystemTime>, u64);

fn file_stamp(m: &std::fs::Metadata) -> FileStamp {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(m);
    #[cfg(not(unix))]
    let ino = 0;
    (m.len(), m.modified().ok(), ino)
}

impl LinkBook {
    pub fn current(&self, root: &Path) -> std::sync::Arc<Vec<Link>> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        let last = || slot.as_ref().map(|(_, l)| l.clone());
        let problem = match std::fs::metadata(links_path(root)) {
            Ok(m) => {
                let stamp = file_stamp(&m);
                if let Some((s, l)) = slot.as_ref() {
                    if *s == stamp {
                        return l.clone();
                    }
                }
                match read_links(root) {
                    Ok(links) => {
                        let links = std::sync::Arc::new(links);
                        *slot = Some((stamp, links.clone()));
                        self.reported
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .clear();
                        return links;
                    }
                    Err(e) => e.to_string(),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && slot.is_none() => {
                return Default::default();
            }
            Err(e) => LinksError::Unreadable(e).to_string(),
        };
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        if *reported != problem {
            eprintln!(
                "cảnh báo: {problem}; vẫn dùng các liên kết đọc được lần trước và sẽ đọc lại ở yêu cầu sau"
            );
            *reported = problem;
        }
        last().unwrap_or_default()
    }
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

/// Sessions live in memory only: a restart asks people to open their link again. A session
/// unused for the idle time ends, so the table holds only the people at work.
pub struct Sessions {
    map: Mutex<HashMap<String, (Session, std::time::Instant)>>,
    idle: std::time::Duration,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::with_idle(DEFAULT_IDLE)
    }
}

/// How long an unused session lasts unless `vanban serve --het-phien` says otherwise.
pub const DEFAULT_IDLE: std::time::Duration = std::time::Duration::from_secs(8 * 3600);

/// The session cookie's name.
pub const COOKIE: &str = "vanban_phien";

impl Sessions {
    pub fn with_idle(idle: std::time::Duration) -> Self {
        Sessions {
            map: Mutex::default(),
            idle,
        }
    }

    /// Opens a session; returns its id (the cookie value). Sessions past their idle time
    /// are dropped here.
    pub fn open(&self, role: Role, link: String) -> Result<String, String> {
        let id = new_secret()?;
        let csrf = new_secret()?;
        let now = std::time::Instant::now();
        let mut map = self.lock();
        map.retain(|_, (_, seen)| now.duration_since(*seen) < self.idle);
        map.insert(id.clone(), (Session { role, link, csrf }, now));
        Ok(id)
    }

    /// The live session `id`; using it restarts its idle time.
    pub fn get(&self, id: &str) -> Option<Session> {
        let now = std::time::Instant::now();
        let mut map = self.lock();
        let (sess, seen) = map.get_mut(id)?;
        if now.duration_since(*seen) >= self.idle {
            map.remove(id);
            return None;
        }
        *seen = now;
        Some(sess.clone())
    }

    /// Moves session `id` to the link with hash `link` (its link was re-issued by itself).
    pub fn relink(&self, id: &str, link: String) {
        if let Some((s, _)) = self.lock().get_mut(id) {
            s.link = link;
        }
    }

    /// Ends one session (logging out).
    pub fn close(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Ends every session opened by a link no longer in `links`.
    pub fn prune(&self, links: &[Link]) {
        self.lock()
            .retain(|_, (s, _)| links.iter().any(|l| l.hash == s.link));
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Session, std::time::Instant)>> {
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
    let _guard = lock_links(root).map_err(|e| {
        format!(
            "không khóa được tệp liên kết: {}",
            crate::load::yaml::io_vi(&e)
        )
    })?;
    let mut links = read_links(root).map_err(|e| e.to_string())?;
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

/// Holds the links file's lock: the command line and every server on the workspace take it
/// before they read, change and write the file, so no change is lost between them.
fn lock_links(root: &Path) -> std::io::Result<std::fs::File> {
    let dir = root.join(STATE_DIR);
    std::fs::create_dir_all(&dir)?;
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("lien-ket.khoa"))?;
    f.lock()?;
    Ok(f)
}

/// Where each link's uses are noted, one line per login ("hash<TAB>when"): logging in never
/// rewrites the links file, so it cannot undo a revoke made meanwhile.
const USES_FILE: &str = "lien-ket-dung.tsv";
/// Past this size the uses file is rewritten with only each link's last use.
const USES_COMPACT_AT: u64 = 256 << 10;
static USES_LOCK: Mutex<()> = Mutex::new(());

/// Records that the link with `hash` opened a session at `when`.
pub fn record_use(root: &Path, hash: &str, when: &str) -> std::io::Result<()> {
    use std::io::Write;
    let _guard = USES_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let path = root.join(STATE_DIR).join(USES_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > USES_COMPACT_AT) {
        let mut uses: Vec<(String, String)> = last_uses(root).into_iter().collect();
        uses.sort();
        let text: String = uses.iter().map(|(h, w)| format!("{h}\t{w}\n")).collect();
        crate::build::write_atomic(&path, text.as_bytes())?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    f.write_all(format!("{hash}\t{when}\n").as_bytes())
}

/// Each link's last use, by hash.
pub fn last_uses(root: &Path) -> HashMap<String, String> {
    let path = root.join(STATE_DIR).join(USES_FILE);
    let text = crate::load::yaml::read_bounded(&path, 4 * USES_COMPACT_AT).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(h, w)| (h.to_string(), w.to_string()))
        .collect()
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

    #[test]
    fn a_session_unused_for_its_idle_time_ends_and_use_keeps_it() {
        let s = Sessions::with_idle(std::time::Duration::from_millis(300));
        let a = s.open(Role::Desk, "h".into()).unwrap();
        let b = s.open(Role::Desk, "h".into()).unwrap();
        for _ in 0..4 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            assert!(s.get(&a).is_some(), "a session in use ended");
        }
        assert!(s.get(&b).is_none(), "an idle session lived on");
        // Opening a session drops the idle ones, so the table does not grow.
        std::thread::sleep(std::time::Duration::from_millis(350));
        let _c = s.open(Role::Desk, "h".into()).unwrap();
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn the_desks_ids_are_names_no_agency_may_take() {
        for id in [DESK, VIEWER] {
            assert!(crate::load::workspace::RESERVED_IDS.contains(&id), "{id}");
        }
    }
}
