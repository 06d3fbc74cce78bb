//! The layers of `src/` (lib.rs, docs/dev/architecture.md): data flows one way, and no import runs back up.
//! Every file's `crate::…` paths are read and checked against what its layer may use.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What each top folder of `src/` may use besides itself.
const MAY_USE: &[(&str, &[&str])] = &[
    ("ground", &[]),
    ("load", &["ground"]),
    ("campaign", &["load", "ground"]),
    ("document", &["campaign", "load", "ground"]),
    ("province", &["campaign", "load", "ground"]),
    // A renderer reads the tree, the layout numbers and the fonts: nothing else.
    (
        "render",
        &["ground::tree", "ground::layout", "ground::fonts"],
    ),
    (
        "build",
        &[
            "document", "province", "campaign", "load", "render", "ground",
        ],
    ),
    (
        "cli",
        &[
            "serve", "build", "document", "province", "campaign", "load", "render", "ground",
        ],
    ),
    // The web front end: beside the command line, on top of build.
    (
        "serve",
        &[
            "build", "document", "province", "campaign", "load", "render", "ground",
        ],
    ),
    // Synthetic workspaces for tests and benchmarks: only the file names of `load`.
    ("synth", &["load::workspace"]),
    ("lib", &[]),
    ("main", &[]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The layer a file belongs to: its top folder, or its own name at the top.
fn layer_of(rel: &Path) -> String {
    let first = rel.iter().next().unwrap().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its `#[cfg(test)]` modules and comments.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else {
            rest = "";
            break;
        };
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file names under `crate::`, as "a::b" (two segments at most), with
/// the members of `crate::a::{b, c::d}` groups expanded.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let after = &rest[path.len()..];
        if path.ends_with("::") && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let item = item.split(" as ").next().unwrap_or("").trim();
                let mut full: Vec<&str> = segments.clone();
                full.extend(item.split("::").filter(|s| !s.is_empty() && *s != "self"));
                if !full.is_empty() {
                    out.insert(full.iter().take(2).copied().collect::<Vec<_>>().join("::"));
                }
            }
        } else if !segments.is_empty() {
            out.insert(
                segments
                    .iter()
                    .take(2)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("::"),
            );
        }
    }
    out
}

fn allowed(layer: &str, path: &str) -> bool {
    let top = path.split("::").next().unwrap_or("");
    if top == layer {
        return true;
    }
    let Some((_, may)) = MAY_USE.iter().find(|(l, _)| *l == layer) else {
        return false;
    };
    may.iter().any(|m| {
        if m.contains("::") {
            path == *m || path.starts_with(&format!("{m}::"))
        } else {
            top == *m
        }
    })
}

#[test]
fn no_import_runs_back_up() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 20, "src/ read: {files:?}");
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(src()).unwrap();
        let layer = layer_of(rel);
        assert!(
            MAY_USE.iter().any(|(l, _)| *l == layer),
            "{} is in no layer: put it in one of the folders of lib.rs",
            rel.display()
        );
        let text = std::fs::read_to_string(f).unwrap();
        for p in crate_paths(&code(&text)) {
            if !allowed(&layer, &p) {
                wrong.push(format!("{} ({layer}) uses crate::{p}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run back up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn nothing_but_tests_and_benchmarks_reaches_synth() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for f in files {
        let rel = f.strip_prefix(src()).unwrap();
        if layer_of(rel) == "synth" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !crate_paths(&code(&text))
                .iter()
                .any(|p| p.starts_with("synth")),
            "{} reaches synth",
            rel.display()
        );
    }
}

#[test]
fn the_checker_sees_what_it_must_refuse() {
    let paths = crate_paths(&code(
        "use crate::document::assemble;\nuse crate::ground::{diag::Diagnostic, tree};\n// crate::cli\nfn f() { crate::province::sums::values(); }\n#[cfg(test)]\nmod tests { use crate::build; }",
    ));
    let want: BTreeSet<String> = [
        "document::assemble",
        "ground::diag",
        "ground::tree",
        "province::sums",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(paths, want);
    assert!(!allowed("campaign", "document::assemble"));
    assert!(!allowed("province", "document::assemble"));
    assert!(!allowed("load", "campaign::plan"));
    assert!(!allowed("render", "ground::nd30"));
    assert!(!allowed("render", "ground::diag"));
    assert!(allowed("render", "ground::tree"));
    assert!(allowed("build", "province::consolidated"));
    assert!(!allowed("synth", "build::run"));
}

/// A kind of document is named in one place (`ground/kinds.rs`): no other source file
/// writes a kind's slug as a string (tests aside). A slug that is also a template's name
/// (`templates/ke-hoach.md`) names that template elsewhere, which is not a kind.
#[test]
fn a_kind_is_named_only_in_the_registry() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found = Vec::new();
    for file in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        if file.path().ends_with("ground/kinds.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file.path()).unwrap();
        // Code only: not the tests, not the comments.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        for k in vanban::ground::kinds::KINDS {
            if templates.join(format!("{}.md", k.slug)).exists() {
                continue;
            }
            if code.contains(&format!("\"{}\"", k.slug)) {
                found.push(format!("{}: \"{}\"", file.path().display(), k.slug));
            }
        }
    }
    assert!(
        found.is_empty(),
        "kinds named outside the registry:\n{}",
        found.join("\n")
    );
}
