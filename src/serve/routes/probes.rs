//! A document composed from a text in a temporary copy (`compose_copy`: a save's check),
//! and what a document's template prints, found by composing the document with markers in its
//! fields: which prose fields it prints, and the outline it prints when the document writes
//! none of its own (so the form can show the template's sections as rows).

use std::collections::BTreeSet;

use std::sync::atomic::{AtomicU64, Ordering};

use super::target::Target;
use super::CHECK_SUFFIX;
use crate::document::context::template_reads;
use crate::ground::diag::Diagnostic;
use crate::load::workspace::DocSource;
use crate::serve::access;
use crate::serve::forms::{self, OutlineRow};
use crate::serve::yaml_edit::{self, Yaml};

/// What of the template's sections a document replaces with its own: the whole outline
/// (`noi_dung`) or named sections (`muc`).
#[derive(Hash, Default)]
struct Own {
    outline: bool,
    sections: Vec<String>,
}

impl Own {
    fn of(y: &Yaml) -> Own {
        let sections = match y.get("muc") {
            Some(Yaml::Map(m)) => m
                .iter()
                .filter(|(_, v)| !v.is_empty_value())
                .map(|(k, _)| k.clone())
                .collect(),
            _ => vec![],
        };
        Own {
            outline: own_outline(y),
            sections,
        }
    }
}

/// Whether the document writes its own outline (`noi_dung`).
fn own_outline(y: &Yaml) -> bool {
    y.get("noi_dung").is_some_and(|v| !v.is_empty_value())
}

/// What a print probe found: the prose fields the document prints, and those it prints
/// inside the template's own sections (which the outline's rows then carry).
#[derive(Clone, Default)]
struct Probe {
    printed: BTreeSet<String>,
    in_outline: BTreeSet<String>,
}

/// The marker a probe writes into field `key`.
fn marker(key: &str) -> String {
    format!("DOANMAU{}X", key.replace('_', ""))
}

/// Document `t` composed with `template` once with a marker in every prose field, the
/// markers looked for in what came out, and among the body's blocks between the opening
/// (`mo_dau`) and the closing (`ket_luan`), where the template's sections are. Kept by the
/// server per template text, agency and what the document replaces of the template's
/// sections (a template may print a part for one block only, or only in its own sections).
fn probe(t: &Target, template: &str, family: &str, own: &Own) -> Option<Probe> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        &t.snap.campaign.root,
        template,
        family,
        &t.agency().id,
        &t.doc,
        own,
    )
        .hash(&mut h);
    let key = h.finish();
    let kept = || PROBES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(p) = kept().get(&key) {
        return Some(p.clone());
    }
    let keys = forms::prose_keys();
    let mut y = Yaml::empty_map();
    y.set("mau", Some(Yaml::Str(template.to_string())));
    for k in keys.iter().filter(|k| **k != "ket_qua") {
        y.set(k, Some(Yaml::List(vec![Yaml::Str(marker(k))])));
    }
    // Other results in every group of the catalogue.
    if let Some(plan) = t.snap.campaign.plan.as_ref() {
        for g in &plan.catalogue.groups {
            y.entry("ket_qua")
                .set(&g.ma, Some(Yaml::List(vec![Yaml::Str(marker("ket_qua"))])));
        }
    }
    // Sections the document writes in its own way replace the template's.
    for section in &own.sections {
        let row = Yaml::Map(vec![("doan".into(), Yaml::Str("Dòng riêng.".into()))]);
        y.entry("muc").set(section, Some(Yaml::List(vec![row])));
    }
    // One-paragraph fields are text, not lists.
    for k in ["tu_danh_gia", "ket_luan"] {
        y.set(k, Some(Yaml::Str(marker(k))));
    }
    if own.outline {
        let row = Yaml::Map(vec![("doan".into(), Yaml::Str("Dòng dàn ý.".into()))]);
        y.set("noi_dung", Some(Yaml::List(vec![row])));
    }
    let text = yaml_edit::emit(&y, "").text;
    let (doc, _) = compose_copy(t, &text);
    let doc = doc?;
    let shown = serde_json::to_string(&doc).ok()?;
    let found = |text: &str| -> BTreeSet<String> {
        keys.iter()
            .filter(|k| text.contains(&marker(k)))
            .map(|k| k.to_string())
            .collect()
    };
    let sections = forms::between(&doc.body, &marker("mo_dau"), &marker("ket_luan"))
        .and_then(|b| serde_json::to_string(b).ok())
        .unwrap_or_default();
    let p = Probe {
        printed: found(&shown),
        in_outline: found(&sections),
    };
    let mut k = kept();
    // Bounded: a season has a few templates and agencies, not thousands of each.
    if k.len() > 20_000 {
        k.clear();
    }
    k.insert(key, p.clone());
    Some(p)
}

/// The probes made, by template text, agency, document and own outline.
static PROBES: std::sync::Mutex<std::collections::BTreeMap<u64, Probe>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// The prose fields document `t` (as `y` has it) prints with `template`.
pub(super) fn printed_fields(
    t: &Target,
    template: &str,
    family: &str,
    y: &Yaml,
) -> Option<BTreeSet<String>> {
    probe(t, template, family, &Own::of(y)).map(|p| p.printed)
}

/// The prose fields `template` prints inside its own sections (a plan's own targets inside
/// its "Chỉ tiêu"): shown as the outline's rows, not as boxes of their own.
pub(super) fn outline_fields(t: &Target, template: &str, family: &str) -> BTreeSet<String> {
    probe(t, template, family, &Own::default())
        .map(|p| p.in_outline)
        .unwrap_or_default()
}

/// Markers around the outline in a stock probe: the opening and closing paragraphs.
const OPENS: &str = "MODAUDANYMAU";
const CLOSES: &str = "KETLUANDANYMAU";

/// The sections the template prints for document `y` when it writes no outline of its own,
/// as outline rows: the document composed with a marker for its opening and its closing
/// paragraph, and the blocks between them read back as rows (whether or not the document
/// writes its own, which the form may offer to go back to). None when the template reads
/// no outline, the document does not compose, or the template's sections hold what rows
/// cannot show (a table, a footnote).
pub(super) fn stock_outline(t: &Target, family: &str, y: &Yaml) -> Option<Vec<OutlineRow>> {
    if !template_reads(family, "noi_dung") {
        return None;
    }
    let mut probe = y.clone();
    probe.set("noi_dung", None);
    probe.set("mo_dau", Some(Yaml::List(vec![Yaml::Str(OPENS.into())])));
    probe.set("ket_luan", Some(Yaml::Str(CLOSES.into())));
    let text = yaml_edit::emit(&probe, "").text;
    let (doc, _) = compose_copy(t, &text);
    forms::stock_rows(forms::between(&doc?.body, OPENS, CLOSES)?)
}

/// A marker for the căn cứ in a sentence probe.
const CITES: &str = "CANCUDANYMAU";

/// The sentences the template writes when the document gives none of its own: its opening
/// (`mo_dau`) and its closing (`ket_luan`), as they print, for the form to show in the empty
/// boxes. The document composed without either (its căn cứ a marker, so the opening is what
/// follows it, up to the first heading); a closing without its "./.". None for a part the
/// document writes itself, or where the layout does not tell (no heading).
pub(super) fn stock_sentences(t: &Target, y: &Yaml) -> (Option<String>, Option<String>) {
    use crate::ground::tree::Block;
    let mut probe = y.clone();
    probe.set("mo_dau", None);
    probe.set("ket_luan", None);
    probe.set("can_cu", Some(Yaml::List(vec![Yaml::Str(CITES.into())])));
    let text = yaml_edit::emit(&probe, "").text;
    let Some(doc) = compose_copy(t, &text).0 else {
        return (None, None);
    };
    let plain = |inl: &[crate::ground::tree::Inline]| -> String {
        inl.iter().map(|i| i.text.as_str()).collect()
    };
    let paragraph = |b: &Block| match b {
        Block::Paragraph { inlines, .. } => Some(plain(inlines)),
        _ => None,
    };
    let body = &doc.body;
    let first_heading = body.iter().position(|b| matches!(b, Block::Heading { .. }));
    let after_cites = body
        .iter()
        .rposition(|b| paragraph(b).is_some_and(|p| p.contains(CITES)))
        .map_or(0, |i| i + 1);
    let opening = match (y.get("mo_dau"), first_heading) {
        (None, Some(h)) if after_cites <= h => {
            let lines: Vec<String> = body[after_cites..h].iter().filter_map(paragraph).collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
        _ => None,
    };
    let closing = match (y.get("ket_luan"), first_heading) {
        (None, Some(_)) => body
            .last()
            .and_then(paragraph)
            .map(|p| p.trim_end_matches(crate::ground::nd30::CLOSING).to_string())
            .filter(|p| !p.is_empty() && !p.contains(CITES)),
        _ => None,
    };
    (opening, closing)
}

/// Where a save's check copy is written.
pub(super) const CHECK_DIR: &str = "kiem-tra";

/// Counter for check files, so two checks never share one.
static CHECKS: AtomicU64 = AtomicU64::new(0);

/// Composes `text` as the document `t` from a temporary copy under `.vanban/kiem-tra/`;
/// diagnostics name the real file.
pub(super) fn compose_copy(
    t: &Target,
    text: &str,
) -> (Option<crate::ground::tree::Document>, Vec<Diagnostic>) {
    let n = CHECKS.fetch_add(1, Ordering::Relaxed);
    let folder = t.snap.campaign.root.join(access::STATE_DIR).join(CHECK_DIR);
    let tmp = folder.join(format!(
        "{}.{}.{}-{n}{CHECK_SUFFIX}",
        t.agency().id,
        t.doc,
        std::process::id()
    ));
    if let Err(e) = std::fs::create_dir_all(&folder).and_then(|_| std::fs::write(&tmp, text)) {
        return (
            None,
            vec![Diagnostic::file(
                &t.path,
                format!(
                    "không ghi được tệp tạm để kiểm tra: {}",
                    crate::load::yaml::io_vi(&e)
                ),
            )],
        );
    }
    let src = DocSource {
        name: t.doc.clone(),
        path: tmp.clone(),
    };
    let (doc, mut diags) = t.snap.pipeline.assemble(&t.snap.campaign, t.agency(), &src);
    let _ = std::fs::remove_file(&tmp);
    for d in &mut diags {
        if d.file == tmp {
            d.file = t.path.clone();
        }
    }
    (doc, diags)
}
