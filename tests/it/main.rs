//! The integration tests, one binary: each module is one area of vanban, and `support` holds
//! the helpers they share. One crate links vanban (and typst) once, not once per file.

mod support;

mod batch;
mod browser;
mod cong_van;
mod consolidation;
mod decision;
mod desk;
mod docx_styles;
mod dossier;
mod drafts;
mod forms;
mod headings;
mod helpers;
mod incremental;
mod invalid;
mod kh696;
mod layers;
mod levels;
mod line_breaks;
mod property;
mod real_documents;
mod scale;
mod season;
mod serve;
mod status;
mod submissions;
mod watch;
mod workspaces;
