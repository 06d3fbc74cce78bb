//! Document: one document of one agency, from its data to the tree. The Tera context
//! (`context`), the template composed to Markdown (`compose`), Markdown parsed to blocks
//! (`markdown`), and the header, signature and recipients put together (`assemble`). Uses
//! `campaign`, `load` and `ground`.
pub mod assemble;
pub mod compose;
pub mod context;
pub mod markdown;
