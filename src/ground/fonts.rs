//! Bundled fonts and text measurement.
//!
//! The PDF is set in Liberation Serif 2.x (metric-compatible with Times New Roman, OFL),
//! embedded in the binary; a workspace may drop Times New Roman into its `fonts/` to use it
//! instead. System fonts are never searched, so output never depends on the machine.

use std::path::Path;
use std::sync::Arc;

/// Family name the DOCX asks Word for.
pub const DOCX_FAMILY: &str = "Times New Roman";

const BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The four faces of one serif family.
#[derive(Clone)]
pub struct FontSet {
    /// Family name as the PDF template asks for it.
    pub family: String,
    /// Regular, bold, italic, bold italic.
    pub faces: [Arc<Vec<u8>>; 4],
    /// Which characters of the Basic Multilingual Plane each face draws, one bit each, worked
    /// out on first use: every document is checked for characters the font lacks, and a bit
    /// is cheaper than a cmap search per character.
    coverage: Arc<[std::sync::OnceLock<Vec<u64>>; 4]>,
}

/// Which face of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

impl Face {
    pub fn of(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }
}

impl FontSet {
    /// The fonts bundled in the binary.
    pub fn bundled() -> FontSet {
        // Copied out of the binary once: every DOCX measures with them.
        static FACES: std::sync::OnceLock<[Arc<Vec<u8>>; 4]> = std::sync::OnceLock::new();
        FontSet {
            family: "Liberation Serif".into(),
            faces: FACES
                .get_or_init(|| BUNDLED.map(|b| Arc::new(b.to_vec())))
                .clone(),
            coverage: Arc::default(),
        }
    }

    /// Times New Roman from `<workspace>/fonts/` when all four faces are there
    /// (times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf), else the bundled fonts.
    pub fn for_workspace(fonts_dir: &Path) -> Result<FontSet, String> {
        const NAMES: [&str; 4] = ["times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"];
        let found: Vec<_> = NAMES.iter().map(|n| find_ci(fonts_dir, n)).collect();
        if found.iter().all(|f| f.is_none()) {
            return Ok(FontSet::bundled());
        }
        let mut faces = Vec::new();
        for (name, path) in NAMES.iter().zip(found) {
            let path = path.ok_or_else(|| {
                format!(
                    "thư mục {} có phông Times New Roman nhưng thiếu tệp {name}; hãy chép đủ 4 tệp times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf (hoặc xóa hết để dùng phông Liberation Serif có sẵn)",
                    fonts_dir.display()
                )
            })?;
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("không đọc được phông {}: {e}", path.display()))?;
            ttf_parser::Face::parse(&bytes, 0)
                .map_err(|e| format!("tệp phông {} bị hỏng: {e}", path.display()))?;
            faces.push(Arc::new(bytes));
        }
        let family = family_name(&faces[0]).unwrap_or_else(|| "Times New Roman".into());
        let faces: [Arc<Vec<u8>>; 4] = faces.try_into().expect("four faces");
        Ok(FontSet {
            family,
            faces,
            coverage: Arc::default(),
        })
    }

    fn face(&self, face: Face) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(&self.faces[face as usize], 0).expect("validated font")
    }

    /// Advance width of `text` in points at `size_pt` (no kerning: what Word and the spec's
    /// measured widths use).
    pub fn width_pt(&self, text: &str, face: Face, size_pt: f64) -> f64 {
        let f = self.face(face);
        let upem = f.units_per_em() as f64;
        let units: f64 = text
            .chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .unwrap_or(0) as f64
            })
            .sum();
        units / upem * size_pt
    }

    /// Width in millimetres of the widest whitespace-separated word of `text` (one font
    /// parse for the whole text: this runs for every table cell).
    pub fn longest_word_mm(&self, text: &str, face: Face, size_pt: f64) -> f64 {
        let f = self.face(face);
        let scale = size_pt / f.units_per_em() as f64 * 25.4 / 72.0;
        text.split_whitespace()
            .map(|w| advance(&f, w) * scale)
            .fold(0.0, f64::max)
    }

    /// Width in millimetres.
    pub fn width_mm(&self, text: &str, face: Face, size_pt: f64) -> f64 {
        self.width_pt(text, face, size_pt) * 25.4 / 72.0
    }

    /// Characters of `text` that the given face cannot draw.
    pub fn missing_chars(&self, text: &str, face: Face) -> Vec<char> {
        let f = self.face(face);
        let bmp = self.coverage[face as usize].get_or_init(|| {
            let mut bits = vec![0u64; 0x10000 / 64];
            for c in (0..0x10000u32).filter_map(char::from_u32) {
                if f.glyph_index(c).is_some() {
                    bits[c as usize / 64] |= 1 << (c as usize % 64);
                }
            }
            bits
        });
        let draws = |c: char| match bmp.get(c as usize / 64) {
            Some(word) => word & (1 << (c as usize % 64)) != 0,
            None => f.glyph_index(c).is_some(),
        };
        let mut out: Vec<char> = text
            .chars()
            .filter(|&c| !c.is_control() && !draws(c))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Sum of the glyph advances of `text`, in font units (no kerning).
fn advance(f: &ttf_parser::Face, text: &str) -> f64 {
    text.chars()
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .unwrap_or(0) as f64
        })
        .sum()
}

/// The family name a font declares (typographic family first), which is what the PDF
/// layout must ask for.
fn family_name(data: &[u8]) -> Option<String> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let names = face.names();
    [
        ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
        ttf_parser::name_id::FAMILY,
    ]
    .iter()
    .find_map(|id| {
        names
            .into_iter()
            .filter(|n| n.name_id == *id && n.is_unicode())
            .find_map(|n| n.to_string())
    })
}

/// Case-insensitive file lookup, so "Times.TTF" copied from Windows is found too.
fn find_ci(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let rd = std::fs::read_dir(dir).ok()?;
    let mut hits: Vec<_> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .collect();
    hits.sort();
    hits.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coverage_bits_say_what_the_cmap_says() {
        let fonts = FontSet::bundled();
        let text = "Tây Ninh ệ ữ Ỹ đ € “” – 漢 \u{1F600} \u{10FFFF} Ω Ж";
        let missing = fonts.missing_chars(text, Face::Regular);
        assert_eq!(missing, vec!['漢', '\u{1F600}', '\u{10FFFF}']);
        // Every character of the plane and beyond, face by face, against the cmap itself.
        for face in [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic] {
            let f = fonts.face(face);
            let all: String = (0..0x10400u32)
                .filter_map(char::from_u32)
                .filter(|c| !c.is_control())
                .collect();
            let expected: Vec<char> = all
                .chars()
                .filter(|&c| f.glyph_index(c).is_none())
                .collect();
            assert_eq!(fonts.missing_chars(&all, face), expected);
        }
    }
}
