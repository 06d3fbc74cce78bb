//! Province: the reporting body's view over every agency. Submissions against deadlines
//! (`tracking`), indicator sums and classes (`sums`), the consolidated documents' context
//! (`consolidated`) and the workbook (`spreadsheet`). Sums outcomes the campaign computed;
//! assembles no document. Uses `campaign`, `load` and `ground`.
pub mod consolidated;
pub mod previous;
pub mod reminder;
pub mod spreadsheet;
pub mod submitted;
pub mod sums;
pub mod tracking;
pub mod workflow;
