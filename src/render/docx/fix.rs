//! Post-pass over docx-rs output: schema order, ids, footnote plumbing, determinism.
//!
//! docx-rs writes several elements out of schema order, takes ids from process-global
//! counters and cannot write a few things ND30 needs (w:tblHeader, w:lang, the footnote
//! separators and w:footnoteRef). Each XML part is parsed into a small tree, repaired,
//! and written back; the package is then zipped with fixed names, order and timestamps.

use std::collections::HashMap;

use docx_rs::XMLDocx;
use quick_xml::events::Event;
use quick_xml::Reader;

// ---------------------------------------------------------------------------------------
// A minimal XML tree.

#[derive(Debug, Clone)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

#[derive(Debug, Clone)]
pub(crate) struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl El {
    fn new(name: &str) -> El {
        El {
            name: name.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }
    fn attr(mut self, k: &str, v: &str) -> El {
        self.set(k, v);
        self
    }
    fn child(mut self, c: El) -> El {
        self.children.push(Node::El(c));
        self
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn set(&mut self, k: &str, v: &str) {
        match self.attrs.iter_mut().find(|(a, _)| a == k) {
            Some(a) => a.1 = v.to_string(),
            None => self.attrs.push((k.to_string(), v.to_string())),
        }
    }
    fn remove_attr(&mut self, k: &str) {
        self.attrs.retain(|(a, _)| a != k);
    }
    fn els(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            _ => None,
        })
    }
    fn els_mut(&mut self) -> impl Iterator<Item = &mut El> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::El(e) => Some(e),
            _ => None,
        })
    }
    fn find(&self, name: &str) -> Option<&El> {
        self.els().find(|e| e.name == name)
    }
    fn find_mut(&mut self, name: &str) -> Option<&mut El> {
        self.els_mut().find(|e| e.name == name)
    }
    fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }
    fn remove(&mut self, name: &str) {
        self.children
            .retain(|n| !matches!(n, Node::El(e) if e.name == name));
    }
    /// Visit every element depth-first, parents before children.
    fn walk_mut(&mut self, f: &mut dyn FnMut(&mut El)) {
        f(self);
        for c in self.els_mut() {
            c.walk_mut(f);
        }
    }
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

pub(crate) fn parse(xml: &[u8]) -> Result<El, String> {
    let text = std::str::from_utf8(xml).map_err(|e| format!("XML không phải UTF-8: {e}"))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::new("#root")];
    let err = |e: &dyn std::fmt::Display| format!("lỗi đọc XML do docx-rs sinh ra: {e}");
    let start = |e: &quick_xml::events::BytesStart| -> Result<El, String> {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let mut el = El::new(&name);
        for a in e.attributes() {
            let a = a.map_err(|e| err(&e))?;
            let k = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let v = a.unescape_value().map_err(|e| err(&e))?.into_owned();
            el.attrs.push((k, v));
        }
        Ok(el)
    };
    let push_text = |stack: &mut Vec<El>, s: &str| {
        let top = stack.last_mut().expect("root");
        if let Some(Node::Text(t)) = top.children.last_mut() {
            t.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_string()));
        }
    };
    loop {
        match reader.read_event().map_err(|e| err(&e))? {
            Event::Start(e) => stack.push(start(&e)?),
            Event::Empty(e) => {
                let el = start(&e)?;
                stack.last_mut().expect("root").children.push(Node::El(el));
            }
            Event::End(_) => {
                let el = stack.pop().expect("balanced");
                stack
                    .last_mut()
                    .ok_or("XML lệch thẻ")?
                    .children
                    .push(Node::El(el));
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| err(&e))?;
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| err(&e))?;
                let c = entity(&name).ok_or_else(|| format!("thực thể XML lạ: &{name};"))?;
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::CData(c) => {
                let s = c.decode().map_err(|e| err(&e))?;
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("XML rỗng")?;
    root.children.retain(|n| matches!(n, Node::El(_)));
    match root.children.pop() {
        Some(Node::El(e)) if root.children.is_empty() => Ok(e),
        _ => Err("XML không có đúng một phần tử gốc".into()),
    }
}

fn escape(s: &str, attr: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
}

fn write_el(e: &El, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape(v, true, out);
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        match c {
            Node::El(c) => write_el(c, out),
            Node::Text(t) => escape(t, false, out),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

pub(crate) fn serialize(root: &El) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    write_el(root, &mut out);
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------
// Schema order of the children docx-rs writes out of order (ISO/IEC 29500-4 wml.xsd).

const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];
const RPR: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];
/// Header and footer references form one group at the start (any order among them).
const SECTPR: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];
const TBLPR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];
const TCPR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];
const BORDERS: &[&str] = &[
    "top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl",
    "between", "bar",
];
const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];
const SETTINGS: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

fn order_for(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "w:pPr" => PPR,
        "w:rPr" => RPR,
        "w:sectPr" => SECTPR,
        "w:tblPr" => TBLPR,
        "w:tcPr" => TCPR,
        "w:tblBorders" | "w:tcBorders" | "w:pBdr" | "w:tblCellMar" | "w:tcMar" => BORDERS,
        "w:style" => STYLE,
        "w:settings" => SETTINGS,
        _ => return None,
    })
}

/// Stable-sort the children of every element whose content model is a sequence.
fn fix_order(root: &mut El) {
    root.walk_mut(&mut |e| {
        let Some(order) = order_for(&e.name) else {
            return;
        };
        let rank = |n: &Node| -> usize {
            match n {
                Node::El(c) => {
                    let local = c.name.strip_prefix("w:").unwrap_or(&c.name);
                    order
                        .iter()
                        .position(|o| o.split('|').any(|x| x == local))
                        .unwrap_or(order.len())
                }
                Node::Text(_) => order.len(),
            }
        };
        let mut kids: Vec<(usize, Node)> = e.children.drain(..).map(|n| (rank(&n), n)).collect();
        kids.sort_by_key(|(r, _)| *r);
        e.children = kids.into_iter().map(|(_, n)| n).collect();
    });
}

/// Split each `w:t` of a run at the placeholder for a non-breaking hyphen and put Word's
/// `w:noBreakHyphen` in its place.
fn no_break_hyphens(run: &mut El) {
    let mark = super::NO_BREAK_HYPHEN;
    let has = |n: &Node| {
        matches!(n, Node::El(t) if t.name == "w:t"
            && t.children.iter().any(|c| matches!(c, Node::Text(x) if x.contains(mark))))
    };
    if !run.children.iter().any(has) {
        return;
    }
    let mut out = Vec::new();
    for n in run.children.drain(..) {
        let Node::El(t) = &n else {
            out.push(n);
            continue;
        };
        if t.name != "w:t" {
            out.push(n);
            continue;
        }
        let text: String = t
            .children
            .iter()
            .filter_map(|c| match c {
                Node::Text(x) => Some(x.as_str()),
                _ => None,
            })
            .collect();
        for (i, part) in text.split(mark).enumerate() {
            if i > 0 {
                out.push(Node::El(El::new("w:noBreakHyphen")));
            }
            if !part.is_empty() {
                let mut piece = El::new("w:t").attr("xml:space", "preserve");
                piece.children.push(Node::Text(part.to_string()));
                out.push(Node::El(piece));
            }
        }
    }
    run.children = out;
}

/// Repairs shared by every WordprocessingML story (document, headers, footnotes).
fn fix_story(root: &mut El) {
    root.walk_mut(&mut |e| {
        // Paragraph ids come from a process-global counter: drop them.
        e.remove_attr("w14:paraId");
        e.remove_attr("w14:textId");
        // docx-rs writes an empty w:rPr in every run and paragraph mark: noise in Word's
        // "Reveal formatting", and nothing to keep.
        e.children.retain(|n| {
            !matches!(n, Node::El(c) if c.name == "w:rPr" && c.children.is_empty() && c.attrs.is_empty())
        });
        match e.name.as_str() {
            // CT_TblGridCol has no w:type.
            "w:gridCol" => e.remove_attr("w:type"),
            "w:r" => no_break_hyphens(e),
            // The header-row sentinel becomes a repeated header row.
            "w:trPr" => {
                let sentinel = e.els().any(|c| {
                    c.name == "w:trHeight"
                        && c.get("w:hRule") == Some("atLeast")
                        && c.get("w:val").and_then(|v| v.parse::<f32>().ok())
                            == Some(super::HEADER_ROW_SENTINEL)
                });
                if sentinel {
                    e.remove("w:trHeight");
                    e.children.push(Node::El(El::new("w:tblHeader")));
                }
            }
            _ => {}
        }
    });
    fix_order(root);
}

/// Turn each section-break marker paragraph into the end of a section.
///
/// docx-rs writes one `w:sectPr`, at the end of `w:body`; it describes the last section.
/// Every marker paragraph (pStyle `SECTION_BREAK_STYLE`) ends an earlier section: the first
/// one the main text, each later one an appendix. The marker becomes a 1 pt paragraph
/// (style `HAIRLINE`). All sections share page size, margins and
/// header references (the same relationship ids); each appendix section starts on a new
/// page and numbers its pages from 1. `landscape[i]` turns appendix i's page (P-2: the
/// margins stay as written, top stays top).
fn fix_sections(doc: &mut El, landscape: &[bool]) -> Result<(), String> {
    let Some(body) = doc.find_mut("w:body") else {
        return Ok(());
    };
    let is_marker = |p: &El| {
        p.name == "w:p"
            && p.find("w:pPr")
                .and_then(|ppr| ppr.find("w:pStyle"))
                .and_then(|s| s.get("w:val"))
                == Some(super::SECTION_BREAK_STYLE)
    };
    if !body.els().any(is_marker) {
        return Ok(());
    }
    let mut base = body
        .els()
        .filter(|e| e.name == "w:sectPr")
        .last()
        .cloned()
        .ok_or("docx-rs không sinh ra w:sectPr")?;
    base.remove("w:pgNumType");
    base.remove("w:type");
    let appendix = |i: usize| {
        let mut s = base.clone();
        if landscape.get(i).copied().unwrap_or(false) {
            if let Some(sz) = s.find_mut("w:pgSz") {
                let (w, h) = (
                    sz.get("w:w").map(str::to_string),
                    sz.get("w:h").map(str::to_string),
                );
                if let (Some(w), Some(h)) = (w, h) {
                    sz.set("w:w", &h);
                    sz.set("w:h", &w);
                    sz.set("w:orient", "landscape");
                }
            }
        }
        s.children
            .push(Node::El(El::new("w:type").attr("w:val", "nextPage")));
        s.children
            .push(Node::El(El::new("w:pgNumType").attr("w:start", "1")));
        s
    };
    let mut section = 0;
    let markers = body.els().filter(|e| is_marker(e)).count();
    for e in body.els_mut() {
        if e.name == "w:sectPr" {
            // The body's own sectPr describes the last section: the last appendix.
            *e = appendix(markers.saturating_sub(1));
        } else if is_marker(e) {
            let ppr = e.find_mut("w:pPr").expect("marker has w:pPr");
            if let Some(st) = ppr.find_mut("w:pStyle") {
                st.set("w:val", super::style::HAIRLINE);
            }
            ppr.children.push(Node::El(if section == 0 {
                base.clone()
            } else {
                appendix(section - 1)
            }));
            section += 1;
        }
    }
    Ok(())
}

/// Ids of footnote references in document order.
fn footnote_order(doc: &El) -> Vec<String> {
    fn go(e: &El, out: &mut Vec<String>) {
        if e.name == "w:footnoteReference" {
            if let Some(id) = e.get("w:id") {
                out.push(id.to_string());
            }
        }
        for c in e.els() {
            go(c, out);
        }
    }
    let mut out = Vec::new();
    go(doc, &mut out);
    out
}

fn renumber_footnote_refs(doc: &mut El, map: &HashMap<String, String>) {
    doc.walk_mut(&mut |e| {
        if e.name == "w:footnoteReference" {
            if let Some(new) = e.get("w:id").and_then(|id| map.get(id)).cloned() {
                e.set("w:id", &new);
            }
        }
    });
}

fn separator_footnote(kind: &str, id: &str, mark: &str) -> El {
    El::new("w:footnote")
        .attr("w:type", kind)
        .attr("w:id", id)
        .child(
            El::new("w:p")
                // Normal is body text (indent, space before): the separator line is a plain
                // line, by its style rather than by formatting of its own.
                .child(
                    El::new("w:pPr")
                        .child(El::new("w:pStyle").attr("w:val", super::style::DONG_DON)),
                )
                .child(El::new("w:r").child(El::new(mark))),
        )
}

/// Renumber footnotes 1..n in reference order, add the separator footnotes and the
/// `w:footnoteRef` mark at the start of each body.
fn fix_footnotes(notes: &mut El, map: &HashMap<String, String>) {
    let mut bodies: Vec<(usize, El)> = Vec::new();
    for n in notes.children.drain(..) {
        let Node::El(mut f) = n else { continue };
        let Some(new) = f.get("w:id").and_then(|id| map.get(id)).cloned() else {
            continue;
        };
        f.set("w:id", &new);
        if let Some(p) = f.find_mut("w:p") {
            let mark = El::new("w:r")
                .child(
                    El::new("w:rPr")
                        .child(El::new("w:rStyle").attr("w:val", super::FOOTNOTE_REF_STYLE)),
                )
                .child(El::new("w:footnoteRef"));
            let at = p
                .children
                .iter()
                .position(|c| matches!(c, Node::El(e) if e.name == "w:pPr"))
                .map_or(0, |i| i + 1);
            p.children.insert(at, Node::El(mark));
        }
        bodies.push((new.parse().unwrap_or(usize::MAX), f));
    }
    bodies.sort_by_key(|(k, _)| *k);
    notes.children.push(Node::El(separator_footnote(
        "separator",
        "-1",
        "w:separator",
    )));
    notes.children.push(Node::El(separator_footnote(
        "continuationSeparator",
        "0",
        "w:continuationSeparator",
    )));
    notes
        .children
        .extend(bodies.into_iter().map(|(_, f)| Node::El(f)));
}

/// A style's paragraph and run properties: (`w:pPr` or `w:rPr`, element, attribute) → value;
/// the attribute is "" for an element that has none (an on/off property such as `w:b`).
type Props = HashMap<(String, String, String), String>;

fn own_props(style: &El) -> Props {
    let mut out = Props::new();
    for part in ["w:pPr", "w:rPr"] {
        for e in style.find(part).into_iter().flat_map(El::els) {
            let key = |a: &str| (part.to_string(), e.name.clone(), a.to_string());
            if e.attrs.is_empty() {
                out.insert(key(""), String::new());
            }
            for (k, v) in &e.attrs {
                out.insert(key(k), v.clone());
            }
        }
    }
    out
}

/// Writes in each paragraph style only what differs from its `w:basedOn` parent.
///
/// docx-rs writes every property of a style (and always `w:left`/`w:right`); a property
/// repeated from the parent would hide a change the clerk makes to the parent. Line and
/// line rule go together (LibreOffice reads them as one property); the other attributes
/// are inherited one by one, in Word as in LibreOffice. The plain line (`DongDon`) alone
/// keeps its whole paragraph layout: it is what shields the header block, the tables and
/// the signature from a change to Normal's spacing or indent.
fn inherit_styles(styles: &mut El) {
    let mut own: HashMap<String, (Option<String>, Props)> = HashMap::new();
    for e in styles.els().filter(|e| e.name == "w:style") {
        if let Some(id) = e.get("w:styleId") {
            let parent = e.find("w:basedOn").and_then(|b| b.get("w:val"));
            own.insert(id.to_string(), (parent.map(str::to_string), own_props(e)));
        }
    }
    // The parent's properties resolved through its own parents (a cycle stops the walk).
    let resolved = |id: &str| -> Props {
        let mut chain = Vec::new();
        let mut cur = Some(id.to_string());
        while let Some(c) = cur.filter(|c| !chain.contains(c)) {
            cur = own.get(&c).and_then(|(p, _)| p.clone());
            chain.push(c);
        }
        let mut out = Props::new();
        for c in chain.iter().rev() {
            if let Some((_, p)) = own.get(c) {
                out.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        out
    };
    for st in styles.els_mut().filter(|e| e.name == "w:style") {
        let Some(parent) = st.find("w:basedOn").and_then(|b| b.get("w:val")) else {
            continue;
        };
        let given = resolved(parent);
        let pinned = st.get("w:styleId") == Some(super::style::DONG_DON);
        let parts: &[&str] = if pinned {
            &["w:rPr"]
        } else {
            &["w:pPr", "w:rPr"]
        };
        for &part in parts {
            let Some(props) = st.find_mut(part) else {
                continue;
            };
            let same = |e: &El, a: &str| {
                given.get(&(part.to_string(), e.name.clone(), a.to_string()))
                    == e.get(a)
                        .or(a.is_empty().then_some(""))
                        .map(str::to_string)
                        .as_ref()
            };
            props.children.retain_mut(|n| {
                let Node::El(e) = n else { return true };
                if e.attrs.is_empty() {
                    return !same(e, "");
                }
                let line = ["w:line", "w:lineRule"];
                let line_same = line.iter().all(|a| e.get(a).is_none() || same(e, a));
                let keep: Vec<(String, String)> = e
                    .attrs
                    .iter()
                    .filter(|(k, _)| {
                        if line.contains(&k.as_str()) {
                            !line_same
                        } else {
                            !same(e, k)
                        }
                    })
                    .cloned()
                    .collect();
                e.attrs = keep;
                !e.attrs.is_empty()
            });
        }
    }
    // Nothing left to say: no empty property elements.
    for st in styles.els_mut().filter(|e| e.name == "w:style") {
        st.children.retain(|n| {
            !matches!(n, Node::El(c) if (c.name == "w:pPr" || c.name == "w:rPr") && c.children.is_empty())
        });
    }
}

fn fix_styles(styles: &mut El) {
    // docx-rs always writes an empty Normal first; ours (body text) follows it.
    let is_normal = |n: &Node| {
        matches!(n, Node::El(e) if e.name == "w:style"
            && e.get("w:type") == Some("paragraph")
            && e.get("w:styleId") == Some(super::style::NORMAL))
    };
    if styles.children.iter().filter(|n| is_normal(n)).count() > 1 {
        let first = styles.children.iter().position(is_normal).expect("counted");
        styles.children.remove(first);
    }
    for e in styles.els_mut() {
        if e.name == "w:style" && e.get("w:styleId") == Some(super::style::NORMAL) {
            e.set("w:default", "1");
        }
    }
    if let Some(rpr) = styles
        .find_mut("w:docDefaults")
        .and_then(|d| d.find_mut("w:rPrDefault"))
        .and_then(|d| d.find_mut("w:rPr"))
    {
        rpr.remove("w:color");
        rpr.remove("w:lang");
        rpr.remove("w:kern");
        rpr.children
            .push(Node::El(El::new("w:color").attr("w:val", "000000")));
        // Pair kerning at every size, as the PDF (typst) sets text: without it Word and
        // LibreOffice measure lines a little wider and break some of them elsewhere.
        rpr.children
            .push(Node::El(El::new("w:kern").attr("w:val", "2")));
        rpr.children.push(Node::El(
            El::new("w:lang")
                .attr("w:val", "vi-VN")
                .attr("w:eastAsia", "vi-VN")
                .attr("w:bidi", "ar-SA"),
        ));
    }
    // Widow and orphan control, as Word's Normal template has it (and as the PDF does).
    if let Some(ppr) = styles
        .find_mut("w:docDefaults")
        .and_then(|d| d.find_mut("w:pPrDefault"))
        .and_then(|d| d.find_mut("w:pPr"))
    {
        ppr.remove("w:widowControl");
        ppr.children.push(Node::El(El::new("w:widowControl")));
    }
    // In styles.xml w:pPr is CT_PPrGeneral, which has no w:rPr.
    styles.walk_mut(&mut |e| {
        if e.name == "w:pPr" {
            e.remove("w:rPr");
        }
    });
    inherit_styles(styles);
    fix_order(styles);
}

fn fix_settings(settings: &mut El, has_footnotes: bool) {
    if has_footnotes && !settings.has("w:footnotePr") {
        settings.children.push(Node::El(
            El::new("w:footnotePr")
                .child(El::new("w:footnote").attr("w:id", "-1"))
                .child(El::new("w:footnote").attr("w:id", "0")),
        ));
    }
    fix_order(settings);
}

// ---------------------------------------------------------------------------------------
// The package.

const REL_DROP: &[&str] = &[
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
];

/// Repair and zip the parts; `date` ("YYYY-MM-DD", the document's metadata date) stamps
/// the zip entries.
pub(super) fn finish(x: XMLDocx, date: &str, landscape: &[bool]) -> Result<Vec<u8>, String> {
    let parts = package_parts(x);
    let mut trees: Trees = HashMap::new();
    for (name, data) in &parts {
        trees.insert(
            name.clone(),
            parse(data).map_err(|e| format!("{name}: {e}"))?,
        );
    }
    let keep = prune_relationships(&mut trees, &parts)?;
    let has_footnotes = fix_stories(&mut trees, &keep, landscape)?;
    if let Some(s) = trees.get_mut("word/styles.xml") {
        fix_styles(s);
    }
    if let Some(s) = trees.get_mut("word/settings.xml") {
        fix_settings(s, has_footnotes);
    }
    if let Some(ct) = trees.get_mut("[Content_Types].xml") {
        fix_content_types(ct, &keep);
    }

    let mut out = Vec::new();
    for (name, _) in &parts {
        if keep.iter().any(|k| k == name) {
            let t = trees
                .get(name)
                .ok_or_else(|| format!("thiếu phần {name}"))?;
            out.push((name.clone(), serialize(t)));
        }
    }
    super::package::zip(&out, date)
}

/// The parsed parts of the package, by name.
type Trees = HashMap<String, El>;

/// Every part docx-rs wrote, named, in the order they are zipped.
fn package_parts(x: XMLDocx) -> Vec<(String, Vec<u8>)> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), x.content_type),
        ("_rels/.rels".into(), x.rels),
        ("docProps/app.xml".into(), x.doc_props.app),
        ("docProps/core.xml".into(), x.doc_props.core),
        ("docProps/custom.xml".into(), x.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), x.document_rels),
        ("word/document.xml".into(), x.document),
        ("word/styles.xml".into(), x.styles),
        ("word/settings.xml".into(), x.settings),
        ("word/fontTable.xml".into(), x.font_table),
        ("word/comments.xml".into(), x.comments),
        ("word/numbering.xml".into(), x.numberings),
        ("word/commentsExtended.xml".into(), x.comments_extended),
        ("word/footnotes.xml".into(), x.footnotes),
    ];
    for (i, h) in x.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
    }
    for (i, r) in x.header_rels.into_iter().enumerate() {
        parts.push((format!("word/_rels/header{}.xml.rels", i + 1), r));
    }
    for (i, h) in x.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), h));
    }
    for (i, r) in x.footer_rels.into_iter().enumerate() {
        parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), r));
    }
    parts
}

/// Take part `n` out of `trees` to repair it (put it back after).
fn take(trees: &mut Trees, n: &str) -> Result<El, String> {
    trees
        .remove(n)
        .ok_or_else(|| format!("docx-rs không sinh ra {n}"))
}

/// Relationships: drop parts we never use, then keep only what is referenced. Returns the
/// names of the parts to keep.
fn prune_relationships(
    trees: &mut Trees,
    parts: &[(String, Vec<u8>)],
) -> Result<Vec<String>, String> {
    let mut keep: Vec<String> = vec!["[Content_Types].xml".into()];
    for (rels_name, base) in [
        ("_rels/.rels", ""),
        ("word/_rels/document.xml.rels", "word/"),
    ] {
        let mut rels = take(trees, rels_name)?;
        rels.children.retain(|n| match n {
            Node::El(r) => !REL_DROP.contains(&r.get("Type").unwrap_or("")),
            Node::Text(_) => false,
        });
        for r in rels.els() {
            if r.get("TargetMode") != Some("External") {
                keep.push(format!("{base}{}", r.get("Target").unwrap_or("")));
            }
        }
        keep.push(rels_name.to_string());
        trees.insert(rels_name.to_string(), rels);
    }
    // Header/footer rels only when they hold relationships.
    for (name, _) in parts {
        if name.starts_with("word/_rels/header") || name.starts_with("word/_rels/footer") {
            let part = name
                .replace("_rels/", "")
                .trim_end_matches(".rels")
                .to_string();
            if trees.get(name).is_some_and(|t| t.els().next().is_some()) && keep.contains(&part) {
                keep.push(name.clone());
            }
        }
    }
    Ok(keep)
}

/// The document, its footnotes (renumbered in reference order), headers and footers.
/// Returns whether the package has footnotes.
fn fix_stories(trees: &mut Trees, keep: &[String], landscape: &[bool]) -> Result<bool, String> {
    let mut document = take(trees, "word/document.xml")?;
    let order = footnote_order(&document);
    let map: HashMap<String, String> = order
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), (i + 1).to_string()))
        .collect();
    let has_footnotes = !order.is_empty() && keep.iter().any(|k| k == "word/footnotes.xml");
    renumber_footnote_refs(&mut document, &map);
    fix_sections(&mut document, landscape)?;
    fix_story(&mut document);
    trees.insert("word/document.xml".into(), document);
    if has_footnotes {
        let mut notes = take(trees, "word/footnotes.xml")?;
        fix_footnotes(&mut notes, &map);
        fix_story(&mut notes);
        trees.insert("word/footnotes.xml".into(), notes);
    }
    for (name, t) in trees.iter_mut() {
        if name.starts_with("word/header") || name.starts_with("word/footer") {
            fix_story(t);
        }
    }
    Ok(has_footnotes)
}

/// Content types: overrides only for parts that exist.
fn fix_content_types(ct: &mut El, keep: &[String]) {
    ct.children.retain(|n| match n {
        Node::El(o) if o.name == "Override" => {
            let p = o.get("PartName").unwrap_or("").trim_start_matches('/');
            keep.iter().any(|k| k == p)
        }
        Node::El(_) => true,
        Node::Text(_) => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style_of(styles: &El, id: &str) -> String {
        let s = styles
            .els()
            .find(|e| e.get("w:styleId") == Some(id))
            .unwrap();
        let mut out = String::new();
        write_el(s, &mut out);
        out
    }

    #[test]
    fn a_style_keeps_only_what_differs_from_its_parent() {
        let xml = br#"<w:styles>
<w:style w:type="paragraph" w:styleId="Normal"><w:pPr><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="567"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="DongDon"><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Gach"><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="567"/><w:jc w:val="both"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Moc"><w:basedOn w:val="DongDon"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="exact"/><w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="2"/></w:rPr></w:style>
</w:styles>"#;
        let mut styles = parse(xml).unwrap();
        inherit_styles(&mut styles);
        // Only the weight is the dash item's own; an empty w:pPr goes.
        assert!(!style_of(&styles, "Gach").contains("w:pPr"));
        assert!(style_of(&styles, "Gach").contains("<w:rPr><w:b/></w:rPr>"));
        // The plain line states its whole layout; its size is Normal's.
        let plain = style_of(&styles, "DongDon");
        assert!(plain.contains(r#"w:after="0" w:line="240""#) && plain.contains(r#"w:left="0""#));
        assert!(!plain.contains("w:rPr"));
        // Line and rule go together: a different rule keeps the line too.
        let moc = style_of(&styles, "Moc");
        assert!(
            moc.contains(r#"<w:spacing w:line="240" w:lineRule="exact"/>"#),
            "{moc}"
        );
        assert!(!moc.contains("w:ind") && moc.contains(r#"<w:jc w:val="center"/>"#));
    }
}
