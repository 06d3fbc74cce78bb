//! Reading a WordprocessingML part back together with its style sheet: each paragraph's
//! style, outline level and direct properties, and each run's effective size, weight and
//! slant (docDefaults → paragraph style chain → character style → direct formatting), so
//! tests check what Word shows rather than where a property happens to be written.

#![allow(dead_code)]

use std::collections::HashMap;

/// A parsed XML element (text content kept in `text`, in document order with children
/// flattened away: enough for WordprocessingML reading).
#[derive(Debug, Clone, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<El>,
    pub text: String,
}

impl El {
    pub fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    pub fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// `w:val` of a child, e.g. `val("w:pStyle")`.
    pub fn val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("w:val"))
    }
    /// Every descendant named `name`, depth-first in document order, not looking inside a
    /// match.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            } else {
                c.find_all(name, out);
            }
        }
    }
}

/// Parses an XML document into its root element.
pub fn parse(xml: &str) -> El {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut stack = vec![El::default()];
    let start = |e: &quick_xml::events::BytesStart| El {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect(),
        ..El::default()
    };
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(start(&e)),
            Event::Empty(e) => {
                let el = start(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) => {
                stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(super::xml_entity(&g));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap().children.pop().expect("a root element")
}

/// Run properties that matter to the tests; `None` = not set at this level.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunProps {
    pub size: Option<u32>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
}

impl RunProps {
    fn of(rpr: Option<&El>) -> RunProps {
        let Some(rpr) = rpr else {
            return RunProps::default();
        };
        let on = |name: &str| {
            rpr.child(name)
                .map(|c| !matches!(c.attr("w:val"), Some("0" | "false" | "off")))
        };
        RunProps {
            size: rpr.val("w:sz").and_then(|v| v.parse().ok()),
            bold: on("w:b"),
            italic: on("w:i"),
        }
    }
    /// `self` overridden by what `top` sets.
    fn under(self, top: RunProps) -> RunProps {
        RunProps {
            size: top.size.or(self.size),
            bold: top.bold.or(self.bold),
            italic: top.italic.or(self.italic),
        }
    }
}

/// One style of styles.xml.
#[derive(Debug, Clone)]
pub struct StyleDef {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub based_on: Option<String>,
    pub next: Option<String>,
    pub is_default: bool,
    pub ppr: Option<El>,
    pub rpr: RunProps,
}

impl StyleDef {
    /// `w:val` (or another attribute) of a paragraph property of this style itself.
    pub fn ppr_attr(&self, element: &str, attr: &str) -> Option<String> {
        self.ppr
            .as_ref()
            .and_then(|p| p.child(element))
            .and_then(|c| c.attr(attr))
            .map(str::to_string)
    }
    pub fn has_ppr(&self, element: &str) -> bool {
        self.ppr
            .as_ref()
            .is_some_and(|p| p.child(element).is_some())
    }
}

/// The style sheet of a package.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub defaults: RunProps,
    pub styles: HashMap<String, StyleDef>,
}

impl Sheet {
    pub fn parse(styles_xml: &str) -> Sheet {
        let root = parse(styles_xml);
        let defaults = RunProps::of(
            root.child("w:docDefaults")
                .and_then(|d| d.child("w:rPrDefault"))
                .and_then(|d| d.child("w:rPr")),
        );
        let mut styles = HashMap::new();
        for s in root.children_named("w:style") {
            let id = s.attr("w:styleId").unwrap_or_default().to_string();
            styles.insert(
                id.clone(),
                StyleDef {
                    id,
                    kind: s.attr("w:type").unwrap_or_default().to_string(),
                    name: s.val("w:name").unwrap_or_default().to_string(),
                    based_on: s.val("w:basedOn").map(str::to_string),
                    next: s.val("w:next").map(str::to_string),
                    is_default: matches!(s.attr("w:default"), Some("1" | "true")),
                    ppr: s.child("w:pPr").cloned(),
                    rpr: RunProps::of(s.child("w:rPr")),
                },
            );
        }
        Sheet { defaults, styles }
    }

    /// The default paragraph style's id.
    pub fn default_paragraph_style(&self) -> Option<&str> {
        self.styles
            .values()
            .find(|s| s.kind == "paragraph" && s.is_default)
            .map(|s| s.id.as_str())
    }

    /// A style and its ancestors, the root first.
    fn chain(&self, id: &str) -> Vec<&StyleDef> {
        let mut out = Vec::new();
        let mut cur = self.styles.get(id);
        while let Some(s) = cur {
            if out.iter().any(|o: &&StyleDef| o.id == s.id) {
                break;
            }
            out.push(s);
            cur = s.based_on.as_deref().and_then(|b| self.styles.get(b));
        }
        out.reverse();
        out
    }

    /// Run properties a paragraph of style `id` gives its text.
    pub fn style_run_props(&self, id: &str) -> RunProps {
        self.chain(id)
            .iter()
            .fold(self.defaults, |acc, s| acc.under(s.rpr))
    }

    /// A paragraph property of style `id`, inherited through `w:basedOn`.
    pub fn style_ppr_attr(&self, id: &str, element: &str, attr: &str) -> Option<String> {
        self.chain(id)
            .iter()
            .rev()
            .find_map(|s| s.ppr_attr(element, attr))
    }

    pub fn style_has_ppr(&self, id: &str, element: &str) -> bool {
        self.chain(id).iter().any(|s| s.has_ppr(element))
    }
}

/// A run with its effective formatting.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFmt {
    pub text: String,
    pub size: Option<u32>,
    pub bold: bool,
    pub italic: bool,
    /// The run has its own w:sz.
    pub direct_size: bool,
}

/// A paragraph read back.
#[derive(Debug, Clone)]
pub struct Para {
    /// `w:pStyle`, or the default paragraph style when there is none.
    pub style: String,
    /// Whether `w:pStyle` was written.
    pub explicit_style: bool,
    pub text: String,
    pub runs: Vec<RunFmt>,
    /// Effective outline level (0-based), from the paragraph or its style.
    pub outline: Option<u8>,
    /// Names of the direct paragraph properties other than w:pStyle (e.g. "w:jc").
    pub direct: Vec<String>,
    /// Inside a table cell.
    pub in_table: bool,
    /// The paragraph holds a footnote reference.
    pub has_footnote_ref: bool,
}

/// Plain text of a run: w:t, w:noBreakHyphen as "-", w:tab/w:br as a space.
fn run_text(r: &El) -> String {
    let mut s = String::new();
    for c in &r.children {
        match c.name.as_str() {
            "w:t" => s.push_str(&c.text),
            "w:noBreakHyphen" => s.push('-'),
            "w:tab" | "w:br" => s.push(' '),
            _ => {}
        }
    }
    s
}

fn collect_paras(e: &El, in_table: bool, out: &mut Vec<(El, bool)>) {
    for c in &e.children {
        if c.name == "w:p" {
            out.push((c.clone(), in_table));
        } else {
            collect_paras(c, in_table || c.name == "w:tbl", out);
        }
    }
}

/// Every paragraph of a story part (document, header, footnotes), in document order.
pub fn paragraphs(part_xml: &str, sheet: &Sheet) -> Vec<Para> {
    let root = parse(part_xml);
    let mut raw = Vec::new();
    collect_paras(&root, false, &mut raw);
    let default = sheet
        .default_paragraph_style()
        .unwrap_or("Normal")
        .to_string();
    raw.into_iter()
        .map(|(p, in_table)| {
            let ppr = p.child("w:pPr");
            let explicit = ppr.and_then(|x| x.val("w:pStyle")).map(str::to_string);
            let style = explicit.clone().unwrap_or_else(|| default.clone());
            let base = sheet.style_run_props(&style);
            let mut runs = Vec::new();
            let mut has_footnote_ref = false;
            for r in p.children_named("w:r") {
                let rpr = r.child("w:rPr");
                if r.child("w:footnoteReference").is_some() {
                    has_footnote_ref = true;
                }
                let char_style = rpr
                    .and_then(|x| x.val("w:rStyle"))
                    .map(|id| sheet.style_run_props_char(id))
                    .unwrap_or_default();
                let direct = RunProps::of(rpr);
                let eff = base.under(char_style).under(direct);
                let text = run_text(r);
                if text.is_empty() {
                    continue;
                }
                runs.push(RunFmt {
                    text,
                    size: eff.size,
                    bold: eff.bold.unwrap_or(false),
                    italic: eff.italic.unwrap_or(false),
                    direct_size: direct.size.is_some(),
                });
            }
            let outline = ppr
                .and_then(|x| x.val("w:outlineLvl"))
                .map(str::to_string)
                .or_else(|| sheet.style_ppr_attr(&style, "w:outlineLvl", "w:val"))
                .and_then(|v| v.parse().ok())
                .filter(|l: &u8| *l < 9);
            let direct = ppr
                .map(|x| {
                    x.children
                        .iter()
                        .map(|c| c.name.clone())
                        .filter(|n| n != "w:pStyle" && n != "w:rPr")
                        .collect()
                })
                .unwrap_or_default();
            Para {
                text: runs.iter().map(|r| r.text.as_str()).collect(),
                style,
                explicit_style: explicit.is_some(),
                runs,
                outline,
                direct,
                in_table,
                has_footnote_ref,
            }
        })
        .collect()
}

impl Sheet {
    /// Run properties of a character style (its own chain only).
    pub fn style_run_props_char(&self, id: &str) -> RunProps {
        self.chain(id)
            .iter()
            .fold(RunProps::default(), |acc, s| acc.under(s.rpr))
    }
}

/// The style sheet and the paragraphs of one part of a .docx package.
pub fn read(docx: &[u8], part: &str) -> (Sheet, Vec<Para>) {
    let sheet = Sheet::parse(&super::zip_part(docx, "word/styles.xml").expect("styles.xml"));
    let xml = super::zip_part(docx, part).unwrap_or_else(|| panic!("no {part}"));
    let paras = paragraphs(&xml, &sheet);
    (sheet, paras)
}
