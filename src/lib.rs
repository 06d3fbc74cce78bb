//! vanban: YAML data → văn bản hành chính laid out per Nghị định 30/2020/NĐ-CP, as DOCX
//! and PDF.
//!
//! Data flows one way, and each folder says what it may use:
//!
//! ```text
//! cli, serve              the command line and its printouts | the web front end
//!   build                  targets, workers, atomic output files
//!     document  province   one document's tree | the reporting body's sums and tables
//!       campaign           the validated workspace: plan, catalogue, score sheet, agencies
//!         load             the files as read: YAML with positions, nothing checked across files
//!   render                 tree → DOCX / PDF
//! ground                   diag, nd30 (text rules), layout, fonts, the document tree
//! ```
//!
//! No import runs back up (tests/it/layers.rs checks it). `synth` writes generated workspaces
//! for tests and benchmarks; only `load`'s file names reach it.

pub mod build;
pub mod campaign;
pub mod cli;
pub mod document;
pub mod ground;
pub mod load;
pub mod province;
pub mod render;
pub mod serve;
pub mod synth;
