//! `cargo run --release --example fuzz -- [SECONDS] [SEED]`: a mutation fuzzer for the loader
//! (YAML → model, with every check) and the Markdown stage (compose → tree), run for SECONDS
//! (default 60). Inputs start from every YAML file of the sample and of the broken test
//! workspaces, and are mutated by byte flips, insertions of YAML, Markdown, Typst and Tera
//! tokens, control characters (raw and as YAML escapes), numbers at the edges, alias fan-outs,
//! deletions, and splices of lines from other files. Any input slower than 5 s fails too. Any
//! panic is a failure: the input is saved and the run exits 1. Not coverage-guided (cargo
//! fuzz needs a nightly compiler), but cheap enough to run for as long as one likes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vanban::build::Pipeline;
use vanban::load::model::{AgencyFile, DocFile, ParentPlanFile};

use vanban::synth::Rng;

const TOKENS: &[&str] = &[
    ": ",
    " #",
    "- ",
    "\n",
    "\n  ",
    "\t",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "*",
    "**",
    "[^1]",
    "[^",
    "|",
    ">",
    "&a",
    "*a",
    "!!str ",
    "---",
    "...",
    "%YAML",
    "\u{0B}",
    "\u{0C}",
    "\u{00}",
    "\u{1B}",
    "\u{85}",
    "\u{2028}",
    "\u{FEFF}",
    "#set text(red)",
    "$x$",
    "{{ x }}",
    "{% if %}",
    "\\",
    "\\*",
    "# ",
    "## ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n",
    "~~~",
    "```",
    "<b>",
    "&amp;",
    "ự",
    "Đ",
    "9999999999999999999999",
    "-1",
    "1.073",
    "05",
    "2025-02-30",
    "null",
    "~",
    "true",
    "[]",
    "{}",
    "so: ",
    "noi_dung:\n  - ",
    "muc:\n      - ",
    "doan: ",
    "tieu_de: ",
    "chu_thich: {\"1\": x}",
    // Control characters and others written as escapes of double-quoted strings.
    "\"a\\vb\"",
    "\"\\x01\"",
    "\"\\e\\0\"",
    "\"\\u000B\"",
    "\"\\uFEFF\"",
    "\"\\N\\L\"",
    "\"C:\\q\"",
    // Numbers YAML reads otherwise than a person does, and at the edges.
    "0x10",
    "0o17",
    "0b11",
    "2_214",
    "18446744073709551615",
    "9223372036854775808",
    "999999999999",
    "\r",
];

/// Anchors and aliases that multiply: a list of `width` items, then `depth` lists each
/// holding `width` aliases of the one before (width^depth items from a few lines).
fn fan_out(rng: &mut Rng) -> String {
    let width = 2 + rng.below(14);
    let depth = 1 + rng.below(5);
    let mut s = format!("\n  - &f0 [{}]\n", vec!["x"; width].join(", "));
    for d in 1..=depth {
        let refs = vec![format!("*f{}", d - 1); width].join(", ");
        s.push_str(&format!("  - &f{d} [{refs}]\n"));
    }
    s
}

/// One input that takes longer than this to read and assemble is a failure: the loader
/// must stay bounded whatever the input (aliases, nesting, size).
const SLOW: Duration = Duration::from_secs(5);

fn mutate(rng: &mut Rng, text: &str, corpus: &[String]) -> String {
    let mut s: Vec<u8> = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(7) {
            0 if !s.is_empty() => {
                let i = rng.below(s.len());
                s[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                s.splice(at..at, t.iter().copied());
            }
            3 if !s.is_empty() => {
                let end = (at + rng.below(40)).min(s.len());
                s.drain(at.min(end)..end);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let lines: Vec<&str> = other.lines().collect();
                if !lines.is_empty() {
                    let l = lines[rng.below(lines.len())];
                    let mut ins = l.as_bytes().to_vec();
                    ins.push(b'\n');
                    s.splice(at..at, ins);
                }
            }
            5 => {
                let ins = fan_out(rng);
                s.splice(at..at, ins.bytes());
            }
            _ => {
                let n = rng.below(2000);
                let filler = if rng.below(2) == 0 { "x" } else { "ơ " };
                let ins = filler.repeat(n);
                s.splice(at..at, ins.bytes());
            }
        }
    }
    String::from_utf8_lossy(&s).into_owned()
}

fn corpus(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["data", "tests/workspaces/invalid"] {
        for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let Ok(e) = e else { continue };
            if e.path().extension().is_some_and(|x| x == "yaml") {
                if let Ok(t) = std::fs::read(e.path()) {
                    out.push(String::from_utf8_lossy(&t).into_owned());
                }
            }
        }
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus(&root);
    // A workspace with one good agency; each input is written as its document file.
    let ws_dir = std::env::temp_dir().join(format!("vanban-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&ws_dir);
    std::fs::create_dir_all(ws_dir.join("data/snv")).unwrap();
    for f in ["tinh.yaml", "bang-diem.yaml"] {
        std::fs::copy(root.join("data").join(f), ws_dir.join("data").join(f)).unwrap();
    }
    std::fs::copy(
        root.join("data/so-noi-vu/co-quan.yaml"),
        ws_dir.join("data/snv/co-quan.yaml"),
    )
    .unwrap();
    let names = ["ke-hoach", "bao-cao-6-thang", "bao-cao-nam", "van-ban-khac"];
    for n in names {
        std::fs::write(ws_dir.join(format!("data/snv/{n}.yaml")), "so: 1\n").unwrap();
    }
    let (ws, _) = vanban::campaign::open(&ws_dir);
    let kit = Pipeline::for_workspace(&ws).expect("toolkit");
    let agency = &ws.agencies[0];
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed);
    let start = Instant::now();
    let (mut runs, mut built, mut rejected) = (0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    while start.elapsed() < Duration::from_secs(seconds) {
        let one = Instant::now();
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, &corpus);
        let src = &agency.documents[rng.below(agency.documents.len())];
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let p = Path::new("fuzz.yaml");
            let _ = vanban::load::yaml::read_str::<AgencyFile>(p, &input);
            let _ = vanban::load::yaml::read_str::<ParentPlanFile>(p, &input);
            let _ = vanban::load::yaml::read_str::<DocFile>(p, &input);
            let _ = vanban::document::markdown::parse(&vanban::document::compose::inline_markup(
                &input,
            ));
            let _ = vanban::document::markdown::parse(&input);
            std::fs::write(&src.path, &input).unwrap();
            kit.assemble(&ws, agency, src).0.is_some()
        }));
        runs += 1;
        let took = one.elapsed();
        slowest = slowest.max(took);
        if took > SLOW {
            let slow = std::env::temp_dir().join(format!("vanban-fuzz-slow-{seed}-{runs}.yaml"));
            std::fs::write(&slow, &input).unwrap();
            eprintln!(
                "SLOW: one input took {:.1} s (limit {} s)\ninput saved to {}",
                took.as_secs_f64(),
                SLOW.as_secs(),
                slow.display()
            );
            std::process::exit(1);
        }
        match result {
            Ok(true) => built += 1,
            Ok(false) => rejected += 1,
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let crash =
                    std::env::temp_dir().join(format!("vanban-fuzz-crash-{seed}-{runs}.yaml"));
                std::fs::write(&crash, &input).unwrap();
                eprintln!(
                    "PANIC after {runs} inputs ({}): {msg}\ninput saved to {}",
                    src.name,
                    crash.display()
                );
                std::process::exit(1);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&ws_dir);
    println!(
        "fuzz: {runs} inputs in {:.0} s (seed {seed}): {built} built a document, {rejected} rejected with diagnostics, 0 panics; slowest input {:.0} ms",
        start.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
}
