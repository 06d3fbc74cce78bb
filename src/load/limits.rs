//! Limits on what one data file may hold, and how every file is parsed: a real document's
//! data is a few kilobytes; anything far bigger is a mistake or an attack, refused with its
//! place before it costs time or memory.

/// Largest data file read (1 MiB): a real document's data is a few kilobytes; a bigger file
/// is a mistake (a pasted export, a binary) and would make the build slow and huge.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Longest line of a data file, in characters: a paragraph of ~3 pages.
pub const MAX_LINE_CHARS: usize = 20_000;
/// Longest word (run of characters without a space), in characters: longer cannot be a
/// Vietnamese word or a reasonable link, and no line could hold it.
pub const MAX_WORD_CHARS: usize = 120;
/// Most events aliases may replay in one file. A real document uses an anchor or two; a
/// few hundred bytes of aliases nested four deep would otherwise expand into thousands of
/// pages (issue 16).
pub const MAX_REPLAYED_EVENTS: usize = 20_000;
/// Most nodes (parser events) in one file: far above the 1 MiB of text a file may hold.
pub const MAX_EVENTS: usize = 300_000;
/// Deepest nesting of one file: a document's outline is a few levels deep.
pub const MAX_DEPTH: usize = 32;

/// How every file is parsed. Numbers are read as a person reads them: `05` is 5 (ND30
/// writes leading zeros) and `2_214` is not a number; aliases and nesting are bounded.
pub fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.leading_zero_numbers_as_strings = true;
    o.underscored_numbers_as_strings = true;
    o.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    o.alias_limits.max_replay_stack_depth = MAX_DEPTH;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = MAX_EVENTS;
    budget.max_depth = MAX_DEPTH;
    o.budget = Some(budget);
    o
}
