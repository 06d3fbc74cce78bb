//! Load: the workspace's files as read. YAML with positions (`yaml`), the file types
//! (`model`), and the workspace found on disk (`workspace`): typed and located, nothing
//! checked across files. Uses only `ground`.
pub mod limits;
pub mod messages;
pub mod model;
pub mod submissions;
pub mod workspace;
pub mod yaml;
