//! What the province counts of an agency's document: the document as the agency last sent
//! it, never a draft. With a submission store (`load::submissions`, written by `vanban
//! serve`), that is the copy of the last sending, whatever the agency's file says now; in a
//! workspace kept by hand, it is the agency's file when it records `ngay_gui`.
//!
//! Lateness is a fact of the first sending: a return and a resend after it never make an
//! agency late (unless the workspace sets `tong_hop.han_gui_lai`, a deadline of its own for
//! a resend).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::campaign::agency::Agency;
use crate::campaign::dates;
use crate::ground::diag::Diagnostic;
use crate::load::model::DocFile;
use crate::load::submissions;
use crate::load::workspace::DocSource;

/// A return by the reporting body: when and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub ngay: NaiveDate,
    pub ly_do: String,
}

/// The state of an agency's document as the province sees it.
#[derive(Debug, Clone)]
pub enum Sent {
    /// Never sent: no file (`drafted` false) or a draft only.
    No { drafted: bool },
    /// Sent, then returned, and not sent again: not counted.
    Returned {
        first: NaiveDate,
        back: Return,
        /// The agency has changed its file since (it is fixing it).
        editing: bool,
    },
    /// Counted: the document as last sent.
    Yes(Box<Submitted>),
}

/// A document as last sent.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub data: DocFile,
    /// The file the data was read from: the copy in the store, or the agency's own file.
    pub path: PathBuf,
    /// The first sending: decides on time or late.
    pub first: NaiveDate,
    /// The last sending, when there was more than one.
    pub again: Option<NaiveDate>,
    /// Returns before the last sending, oldest first.
    pub returns: Vec<Return>,
    /// The reporting body accepted the last sending as it is.
    pub accepted: Option<NaiveDate>,
    /// The agency's file differs from what it last sent (a draft not sent yet).
    pub changed_since: bool,
    /// Sendings in the store (0: a workspace kept by hand).
    pub count: usize,
}

impl Sent {
    pub fn submitted(&self) -> Option<&Submitted> {
        match self {
            Sent::Yes(s) => Some(s),
            _ => None,
        }
    }
    /// The first sending's date, sent or returned.
    pub fn first(&self) -> Option<NaiveDate> {
        match self {
            Sent::Yes(s) => Some(s.first),
            Sent::Returned { first, .. } => Some(*first),
            Sent::No { .. } => None,
        }
    }
}

/// What the province counts of document `src` of agency `a` (`src` none: no file). Problems
/// reading it are errors of the agency's own document, reported here only as errors (so the
/// caller can decide).
pub fn of(
    root: &std::path::Path,
    a: &Agency,
    name: &str,
    src: Option<&DocSource>,
) -> (Sent, Vec<Diagnostic>) {
    let (store, mut diags) = submissions::sendings(root, &a.id, name);
    if store.is_empty() {
        let Some(src) = src else {
            return (Sent::No { drafted: false }, diags);
        };
        let (sent, ds) = by_hand(src);
        diags.extend(ds);
        return (sent, diags);
    }
    let first = store
        .iter()
        .filter_map(|s| dates::parse_date(&s.record.ngay_gui))
        .min();
    let last = store.last().expect("not empty");
    let Some(first) = first else {
        diags.push(Diagnostic::file(
            &last.dir.join(submissions::RECORD_FILE),
            "bản ghi lần gửi không có ngày gửi đọc được",
        ));
        return (
            Sent::No {
                drafted: src.is_some(),
            },
            diags,
        );
    };
    let returned = |s: &submissions::Sending| {
        s.record.tra_lai.as_ref().and_then(|t| {
            Some(Return {
                ngay: dates::parse_date(&t.ngay)?,
                ly_do: t.ly_do.clone(),
            })
        })
    };
    let own_bytes = src.and_then(|s| std::fs::read(&s.path).ok());
    let sent_bytes = std::fs::read(last.file()).ok();
    let changed_since = !same_content(own_bytes.as_deref(), sent_bytes.as_deref());
    if let Some(back) = returned(last) {
        return (
            Sent::Returned {
                first,
                back,
                editing: changed_since,
            },
            diags,
        );
    }
    let (data, ds) = crate::load::yaml::read::<DocFile>(&last.file());
    diags.extend(ds.into_iter().filter(|d| !d.warning));
    let Some(data) = data else {
        return (
            Sent::No {
                drafted: src.is_some(),
            },
            diags,
        );
    };
    let again = dates::parse_date(&last.record.ngay_gui).filter(|_| store.len() > 1);
    let s = Submitted {
        data,
        path: last.file(),
        first,
        again,
        returns: store[..store.len() - 1]
            .iter()
            .filter_map(returned)
            .collect(),
        accepted: last
            .record
            .tiep_nhan
            .as_ref()
            .and_then(|t| dates::parse_date(&t.ngay)),
        changed_since,
        count: store.len(),
    };
    (Sent::Yes(Box::new(s)), diags)
}

/// A workspace kept by hand: the agency's file is what was sent when it records `ngay_gui`;
/// the first sending is the earliest of its returns' `ngay_gui` and its own.
fn by_hand(src: &DocSource) -> (Sent, Vec<Diagnostic>) {
    let (data, ds) = src.load();
    let mut diags: Vec<Diagnostic> = ds.into_iter().filter(|x| !x.warning).collect();
    let Some(data) = data else {
        return (Sent::No { drafted: true }, diags);
    };
    let own = data.ngay.as_ref().and_then(|n| dates::parse_date(&n.value));
    let mut found = Vec::new();
    let today = dates::today();
    let mut read = |d: Option<&serde_saphyr::Spanned<String>>| {
        d.and_then(|d| dates::sent_date(&src.path, d, own, today, &mut found))
    };
    let sent = read(data.ngay_gui.as_ref());
    let again = sent.and(read(data.ngay_gui_lai.as_ref()));
    let earlier: Vec<NaiveDate> = data
        .tra_lai
        .iter()
        .filter_map(|r| r.ngay_gui.as_ref())
        .filter_map(|d| read(Some(d)))
        .collect();
    diags.extend(found.into_iter().filter(|x| !x.warning));
    let returns: Vec<Return> = data
        .tra_lai
        .iter()
        .filter_map(|r| {
            Some(Return {
                ngay: dates::parse_date(&r.ngay.value)?,
                ly_do: r.ly_do.clone(),
            })
        })
        .collect();
    let first = earlier.iter().copied().chain(sent).min();
    match (sent, first) {
        (Some(sent), Some(first)) => {
            // Sent again after a return, or after a change: the last of the two.
            let resent = if sent != first { Some(sent) } else { None };
            let again = match (resent, again) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            let s = Submitted {
                path: src.path.clone(),
                first,
                again,
                returns,
                accepted: None,
                changed_since: false,
                count: 0,
                data,
            };
            (Sent::Yes(Box::new(s)), diags)
        }
        (None, Some(first)) => match returns.last() {
            Some(back) => (
                Sent::Returned {
                    first,
                    back: back.clone(),
                    editing: false,
                },
                diags,
            ),
            None => (Sent::No { drafted: true }, diags),
        },
        _ => (Sent::No { drafted: true }, diags),
    }
}

/// Keys that record the sending itself, not what was sent.
const SENDING_KEYS: [&str; 3] = ["ngay_gui", "ngay_gui_lai", "tra_lai"];

/// Whether the agency's file says what was sent: the same bytes, or the same data but for
/// the sending's own keys (a return moves `ngay_gui` into `tra_lai`, which changes nothing
/// the agency wrote).
fn same_content(own: Option<&[u8]>, sent: Option<&[u8]>) -> bool {
    let (Some(own), Some(sent)) = (own, sent) else {
        return own.is_none() && sent.is_none();
    };
    if own == sent {
        return true;
    }
    let data = |b: &[u8]| {
        let text = std::str::from_utf8(b).ok()?;
        let mut v: serde_json::Value = serde_saphyr::from_str(text).ok()?;
        let m = v.as_object_mut()?;
        for k in SENDING_KEYS {
            m.remove(k);
        }
        Some(v)
    };
    matches!((data(own), data(sent)), (Some(a), Some(b)) if a == b)
}
