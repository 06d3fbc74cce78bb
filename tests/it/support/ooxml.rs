//! Schema validation of a .docx package for tests.
//!
//! `schema_errors` unzips the package into a fresh temporary directory, drops the markup
//! that `mc:Ignorable` lets a consumer ignore (xmllint knows nothing about markup
//! compatibility), and validates each part with `xmllint --schema` against
//! `tests/ooxml-schemas/`: WordprocessingML parts against ISO/IEC 29500-4 `wml.xsd`, package
//! parts against the ECMA-376 Part 2 (OPC) schemas. Needs `xmllint` (Debian:
//! libxml2-utils). Uses only std and the `zip` dev-dependency.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every xmllint complaint about the parts of `docx`, prefixed with the part name; empty
/// when every checked part is valid.
pub fn schema_errors(docx: &[u8]) -> Vec<String> {
    let dir = TempDir::new();
    let mut errors = Vec::new();
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(docx)) {
        Ok(a) => a,
        Err(e) => return vec![format!("not a zip archive: {e}")],
    };
    let schemas = schema_dir();
    let core_xsd = match core_properties_schema(&schemas, &dir.0) {
        Ok(p) => p,
        Err(e) => return vec![e],
    };
    let mut names: Vec<String> = archive.file_names().map(String::from).collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        let Some(schema) = schema_for(name, &schemas, &core_xsd) else {
            // Media and fonts are not markup; any XML part must have its schema here, so a
            // new part cannot slip through unchecked.
            if name.ends_with(".xml") || name.ends_with(".rels") {
                errors.push(format!("{name}: no schema to check this part against"));
            }
            continue;
        };
        let mut bytes = Vec::new();
        if let Err(e) = archive
            .by_name(name)
            .and_then(|mut f| Ok(f.read_to_end(&mut bytes)?))
        {
            errors.push(format!("{name}: cannot read: {e}"));
            continue;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{name}: not UTF-8: {e}"));
                continue;
            }
        };
        let stripped = match strip_ignorable(&text) {
            Ok(s) => s,
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                continue;
            }
        };
        // A flat file name per part, keeping the part name readable in messages.
        let file = dir
            .0
            .join(format!("{i:03}-{}", name.replace(['/', '[', ']'], "_")));
        if let Err(e) = std::fs::write(&file, stripped) {
            errors.push(format!("{name}: cannot write temp file: {e}"));
            continue;
        }
        errors.extend(xmllint(&file, &schema, name));
    }
    errors
}

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("ooxml-schemas")
}

/// Which schema validates a part; `None` for a part this check knows no schema of.
fn schema_for(name: &str, schemas: &Path, core_xsd: &Path) -> Option<PathBuf> {
    let wml = schemas.join("ISO-IEC29500-4_2016").join("wml.xsd");
    let opc = schemas.join("ecma").join("fouth-edition");
    let file = name.rsplit('/').next().unwrap_or(name);
    if name == "[Content_Types].xml" {
        return Some(opc.join("opc-contentTypes.xsd"));
    }
    if name.ends_with(".rels") {
        return Some(opc.join("opc-relationships.xsd"));
    }
    if name == "docProps/core.xml" {
        return Some(core_xsd.to_path_buf());
    }
    let iso = schemas.join("ISO-IEC29500-4_2016");
    match name {
        "docProps/app.xml" => return Some(iso.join("shared-documentPropertiesExtended.xsd")),
        "docProps/custom.xml" => return Some(iso.join("shared-documentPropertiesCustom.xsd")),
        _ if name.starts_with("word/theme/") && file.ends_with(".xml") => {
            return Some(iso.join("dml-main.xsd"))
        }
        _ => {}
    }
    let is_wml = name.starts_with("word/")
        && !name[5..].contains('/')
        && (matches!(
            file,
            "document.xml"
                | "styles.xml"
                | "footnotes.xml"
                | "endnotes.xml"
                | "settings.xml"
                | "fontTable.xml"
                | "numbering.xml"
                | "comments.xml"
                | "webSettings.xml"
        ) || ((file.starts_with("header") || file.starts_with("footer"))
            && file.ends_with(".xml")));
    is_wml.then_some(wml)
}

/// The ECMA core-properties schema imports the Dublin Core schemas from dublincore.org;
/// write a copy that imports the offline stand-ins in `ooxml-schemas/dublincore/`.
fn core_properties_schema(schemas: &Path, tmp: &Path) -> Result<PathBuf, String> {
    let src = schemas
        .join("ecma")
        .join("fouth-edition")
        .join("opc-coreProperties.xsd");
    let text =
        std::fs::read_to_string(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    let dc = schemas.join("dublincore");
    let text = text
        .replace(
            "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd",
            &file_url(&dc.join("dc.xsd")),
        )
        .replace(
            "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd",
            &file_url(&dc.join("dcterms.xsd")),
        )
        // The xml namespace import has no location; point it at the bundled xml.xsd.
        .replace(
            r#"<xs:import id="xml" namespace="http://www.w3.org/XML/1998/namespace"/>"#,
            &format!(
                r#"<xs:import id="xml" namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="{}"/>"#,
                file_url(&schemas.join("ISO-IEC29500-4_2016").join("xml.xsd"))
            ),
        );
    let out = tmp.join("opc-coreProperties.local.xsd");
    std::fs::write(&out, text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

fn file_url(p: &Path) -> String {
    let s = p.to_string_lossy().replace(' ', "%20");
    format!("file://{s}")
}

fn xmllint(file: &Path, schema: &Path, part: &str) -> Vec<String> {
    let out = match Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema)
        .arg(file)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            return vec![format!(
                "{part}: cannot run xmllint (install libxml2-utils): {e}"
            )]
        }
    };
    let file_s = file.to_string_lossy().to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut errs: Vec<String> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !l.ends_with(" validates"))
        .filter(|l| !l.ends_with(" fails to validate"))
        .map(|l| format!("{part}: {}", l.replace(&file_s, part)))
        .collect();
    if !out.status.success() && errs.is_empty() {
        errs.push(format!("{part}: xmllint failed ({})", out.status));
    }
    errs
}

// -----------------------------------------------------------------------------------------
// Markup compatibility: remove what mc:Ignorable allows a consumer to ignore.

/// Drops elements and attributes whose prefix the root lists in `mc:Ignorable`, and the
/// `mc:Ignorable` attribute itself. A small tokenizer is enough: OOXML parts are
/// machine-written, without DTDs.
fn strip_ignorable(xml: &str) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len());
    let mut ignorable: Option<BTreeSet<String>> = None;
    let mut skip_depth = 0usize;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if skip_depth == 0 {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        // Comments, CDATA, processing instructions and declarations pass through whole.
        for (open, close) in [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<?", "?>"),
            ("<!", ">"),
        ] {
            if rest.starts_with(open) {
                let end = rest.find(close).ok_or("unterminated markup")? + close.len();
                if skip_depth == 0 {
                    out.push_str(&rest[..end]);
                }
                rest = &rest[end..];
                break;
            }
        }
        if !rest.starts_with('<') || rest.starts_with("<!") || rest.starts_with("<?") {
            continue;
        }
        let end = tag_end(rest).ok_or("unterminated tag")?;
        let tag = &rest[..end];
        rest = &rest[end..];
        let closing = tag.starts_with("</");
        let self_closing = tag.ends_with("/>");
        let body = tag
            .trim_start_matches("</")
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = &body[..name_end];
        let attrs = parse_attrs(&body[name_end..])?;
        if ignorable.is_none() && !closing {
            // The root element declares what may be ignored.
            let set = attrs
                .iter()
                .find(|(k, _)| k == "mc:Ignorable")
                .map(|(_, v)| v.split_whitespace().map(String::from).collect())
                .unwrap_or_default();
            ignorable = Some(set);
        }
        let ign = ignorable.as_ref().expect("set at the root");
        let prefix_ignored = |n: &str| n.split_once(':').is_some_and(|(p, _)| ign.contains(p));
        if skip_depth > 0 {
            if closing {
                skip_depth -= 1;
            } else if !self_closing {
                skip_depth += 1;
            }
            continue;
        }
        if prefix_ignored(name) {
            if !closing && !self_closing {
                skip_depth = 1;
            }
            continue;
        }
        if closing {
            out.push_str(tag);
            continue;
        }
        out.push('<');
        out.push_str(name);
        for (k, v) in &attrs {
            if k == "mc:Ignorable" || prefix_ignored(k) {
                continue;
            }
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(v);
            out.push('"');
        }
        out.push_str(if self_closing { "/>" } else { ">" });
    }
    if skip_depth == 0 {
        out.push_str(rest);
    }
    Ok(out)
}

/// Index just past the `>` that ends the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Attributes as (name, raw value still escaped, with `"` quoting).
fn parse_attrs(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("bad attribute list: {s}"))?;
        let key = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let q = rest.chars().next().ok_or("missing attribute value")?;
        if q != '"' && q != '\'' {
            return Err(format!("unquoted attribute value in: {s}"));
        }
        let close = rest[1..].find(q).ok_or("unterminated attribute value")? + 1;
        let mut val = rest[1..close].to_string();
        if q == '\'' {
            val = val.replace('"', "&quot;");
        }
        out.push((key, val));
        rest = rest[close + 1..].trim_start();
    }
    Ok(out)
}

// -----------------------------------------------------------------------------------------

/// A uniquely named directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("vanban-ooxml-{}-{nanos}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod self_tests {
    use super::strip_ignorable;

    #[test]
    fn strips_ignorable_markup() {
        let x = r#"<?xml version="1.0"?><w:document xmlns:w="w" xmlns:w14="x" xmlns:mc="m" mc:Ignorable="w14"><w:p w14:paraId="1" w:rsidR="0"><w14:foo a="b"><w:r/></w14:foo><w:r/></w:p></w:document>"#;
        let s = strip_ignorable(x).unwrap();
        assert!(
            !s.contains("w14:paraId") && !s.contains("w14:foo") && !s.contains("mc:Ignorable"),
            "{s}"
        );
        assert!(s.contains(r#"<w:p w:rsidR="0"><w:r/></w:p>"#), "{s}");
    }
}
