//! Ground: what every layer may use and that uses nothing of vanban above it. Diagnostics,
//! the ND30 text rules (dates, numbers), the kinds of document and their abbreviations (`kinds`), the layout numbers both renderers
//! share, the bundled fonts, and the document tree that `document` produces and renderers
//! read.
pub mod diag;
pub mod files;
pub mod fonts;
pub mod kinds;
pub mod layout;
pub mod nd30;
pub mod tree;
