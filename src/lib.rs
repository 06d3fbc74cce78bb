//! vanban: YAML data → văn bản hành chính laid out per Nghị định 30/2020/NĐ-CP, as DOCX
//! and PDF. Data flows one way: workspace (load) → assemble (validate, compose via Tera,
//! parse to the tree) → render (DOCX, PDF) → build (write files).

pub mod aggregate;
pub mod assemble;
pub mod build;
pub mod compose;
pub mod compute;
pub mod consolidate;
pub mod diag;
pub mod doc;
pub mod figures;
pub mod fonts;
pub mod layout;
pub mod markdown;
pub mod model;
pub mod nd30;
pub mod plan;
pub mod render;
pub mod scoring;
pub mod spreadsheet;
pub mod synth;
pub mod tracking;
pub mod validate;
pub mod workspace;
pub mod yaml;
