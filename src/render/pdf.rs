//! PDF through the typst crates, in-process, with our own `World`: one ND30 layout
//! (`templates/nd30.typ`) reads the document tree as JSON from a virtual file, so user text
//! is only ever data. Fonts come from the `FontSet` only; system fonts are never searched.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::ground::fonts::FontSet;
use crate::ground::tree::Document;

/// The built-in layout; a workspace's `templates/nd30.typ` replaces it.
pub const LAYOUT: &str = include_str!("../../templates/nd30.typ");

/// What stays the same across documents: library, fonts, layout source.
pub struct PdfEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    main_id: FileId,
    data_id: FileId,
}

struct DocWorld<'a> {
    engine: &'a PdfEngine,
    data: Bytes,
}

fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid virtual path"),
    ))
}

impl PdfEngine {
    pub fn new(fonts: &FontSet, layout: &str) -> PdfEngine {
        let fonts: Vec<Font> = fonts
            .faces
            .iter()
            .flat_map(|f| Font::iter(Bytes::new(f.as_ref().clone())))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        let main_id = file_id("/main.typ");
        PdfEngine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            main: Source::new(main_id, layout.to_string()),
            main_id,
            data_id: file_id("/data.json"),
        }
    }

    /// Lays out and exports one document. Errors are the typst diagnostics as text.
    pub fn render(&self, doc: &Document, ident: &str) -> Result<Vec<u8>, String> {
        let paged = self.layout(doc)?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("vanban {}", env!("CARGO_PKG_VERSION")))),
            timestamp: None,
            ..Default::default()
        };
        typst_pdf::pdf(&paged, &options).map_err(|errs| {
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// The same pages as `render`'s PDF, one SVG image each (for a browser's preview).
    pub fn pages_svg(&self, doc: &Document) -> Result<Vec<String>, String> {
        let paged = self.layout(doc)?;
        let options = typst_svg::SvgOptions::default();
        Ok(paged
            .pages()
            .iter()
            .map(|p| typst_svg::svg(p, &options))
            .collect())
    }

    /// Lays out one document into pages.
    fn layout(&self, doc: &Document) -> Result<PagedDocument, String> {
        let mut value = serde_json::to_value(doc).map_err(|e| e.to_string())?;
        if has_long_word(&value) {
            if let serde_json::Value::Object(root) = &mut value {
                root.insert("long_words".into(), serde_json::Value::Bool(true));
            }
        }
        let json = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
        let world = DocWorld {
            engine: self,
            data: Bytes::new(json),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let paged = warned.output.map_err(|errs| {
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        if let Some(w) = warned.warnings.iter().find(|w| w.message.contains("font")) {
            return Err(format!(
                "cảnh báo phông chữ khi dàn trang PDF: {}",
                w.message
            ));
        }
        if paged.pages().len() > MAX_PAGES {
            return Err(format!(
                "văn bản dài {} trang, quá giới hạn {MAX_PAGES} trang: kiểm tra dữ liệu có bị lặp hay dán nhầm không",
                paged.pages().len()
            ));
        }
        Ok(paged)
    }
}

/// Most pages one document may have: a report or a dossier runs to tens of pages; hundreds
/// mean data repeated by mistake, and the file would be no use to anyone.
pub const MAX_PAGES: usize = 300;

/// Words at least this long (a link, a code) may break where they meet the right edge, as
/// Word breaks a word that is wider than its line; typst would let it run off the page.
/// The layout (`fit` in `templates/nd30.typ`) uses the same length: `\S{25,}`.
const LONG_WORD: usize = 25;

/// Whether any string of the tree holds a long word; `render` then sets `long_words`, and
/// the layout sets long words in boxes (whole if the word fits a line, else one box per
/// character, so a line may end between two). The text itself is never changed, so the
/// PDF's text layer holds the word as written. Documents without one (nearly all) skip the
/// layout's regex show rule, which would cost every document a pass over all its text.
fn has_long_word(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => s
            .split(char::is_whitespace)
            .any(|w| w.chars().count() >= LONG_WORD),
        Value::Array(a) => a.iter().any(has_long_word),
        Value::Object(o) => o.values().any(has_long_word),
        _ => false,
    }
}

/// Drops typst's memoisation entries that were not used since the previous eviction: what
/// every document shares stays warm, one document's own layout goes (see `build`).
pub fn evict_caches() {
    typst::comemo::evict(1);
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }
    fn main(&self) -> FileId {
        self.engine.main_id
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.main_id {
            Ok(self.engine.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed: output must not depend on the day it is built.
        None
    }
}
