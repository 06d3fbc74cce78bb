//! `cargo bench`: time to render the sample workspace's documents in-process, after
//! start-up (fonts, templates and the typst library loaded once), per format.

use std::path::Path;
use std::time::{Duration, Instant};

use vanban::build::Pipeline;
use vanban::campaign as workspace;
use vanban::render::Format;

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = v.iter().sum::<Duration>() / v.len() as u32;
    format!(
        "min {:.2} ms, median {:.2} ms, mean {:.2} ms (n={})",
        ms(v[0]),
        ms(v[v.len() / 2]),
        ms(mean),
        v.len()
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t0 = Instant::now();
    let (ws, diags) = workspace::open(root);
    assert!(diags.iter().all(|d| d.warning), "{diags:?}");
    let kit = Pipeline::for_workspace(&ws).expect("toolkit");
    println!(
        "start-up (load workspace, fonts, templates, typst library): {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let iterations = 30;
    // Per-document timings for the province plan and one agency's three documents.
    for agency in ws
        .agencies
        .iter()
        .filter(|a| a.id == "ubnd-tinh" || a.id == "so-noi-vu")
    {
        for src in &agency.documents {
            let mut assemble_t = Vec::new();
            let mut docx_t = Vec::new();
            let mut pdf_t = Vec::new();
            let mut both_t = Vec::new();
            let mut pdf_cold = None;
            for i in 0..iterations {
                let t = Instant::now();
                let doc = kit.assemble(&ws, agency, src).0.expect("document");
                assemble_t.push(t.elapsed());
                let t = Instant::now();
                kit.render(&doc, Format::Docx, "bench").expect("docx");
                docx_t.push(t.elapsed());
                let t = Instant::now();
                kit.render(&doc, Format::Pdf, "bench").expect("pdf");
                let e = t.elapsed();
                if i == 0 {
                    pdf_cold = Some(e);
                }
                pdf_t.push(e);
                both_t.push(assemble_t[i] + docx_t[i] + e);
            }
            println!("{}/{}:", agency.id, src.name);
            println!(
                "  assemble (validate + Tera + Markdown): {}",
                stats(assemble_t)
            );
            println!("  DOCX:                                  {}", stats(docx_t));
            println!("  PDF (typst memoisation warm):          {}", stats(pdf_t));
            println!(
                "  first PDF after start-up:              {:.2} ms",
                pdf_cold.unwrap().as_secs_f64() * 1000.0
            );
            println!("  both formats, end to end:              {}", stats(both_t));
        }
    }

    // The whole sample workspace, both formats, as `vanban build` runs it (into a temp dir).
    let out = std::env::temp_dir().join(format!("vanban-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    copy(&root.join("data"), &out.join("data"));
    let mut runs = Vec::new();
    let mut files = 0;
    for _ in 0..3 {
        // Forced: since builds are incremental, a second run would reuse every document.
        let opts = vanban::build::Options {
            force: true,
            ..vanban::build::Options::default()
        };
        let o = vanban::build::run(&out, &opts, &|_: &Path| {});
        assert!(o.errors.is_empty(), "{:?}", o.errors);
        files = o.written.len();
        runs.push(o.elapsed);
    }
    println!(
        "whole sample ({} documents, {files} files, {} threads): {}",
        files / 2,
        vanban::build::worker_count(0),
        stats(runs)
    );
    let _ = std::fs::remove_dir_all(&out);
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
