//! What the workspace's YAML files hold, as typed values. Unknown keys are errors (with a
//! did-you-mean hint), so a typo never silently drops a field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::layout::Settings;

/// `vanban.yaml` at the workspace root (optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkspaceFile {
    /// Layout settings within ND30's ranges.
    pub trinh_bay: Settings,
}

/// `data/<agency>/co-quan.yaml`: who issues and signs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyFile {
    /// Lines of the issuing body's name as printed in the header (ô 2).
    pub ten: Vec<String>,
    /// Lines of the direct governing body's name (above, not bold); may be empty.
    #[serde(default)]
    pub co_quan_chu_quan: Vec<String>,
    /// The name as written in sentences ("Sở Nội vụ tỉnh Tây Ninh").
    pub ten_day_du: String,
    /// Abbreviation used in ký hiệu ("UBND", "SNV").
    pub ky_hieu: Spanned<String>,
    /// Place name for the date line (H-15).
    pub dia_danh: String,
    /// Block (khối) the agency belongs to.
    #[serde(default)]
    pub khoi: Option<String>,
    pub nguoi_ky: Vec<Signer>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Identifier documents use to pick the signer.
    pub ma: String,
    /// Authority prefix: TM., KT., TL., TUQ., Q. or empty.
    #[serde(default)]
    pub quyen_han: Option<Spanned<String>>,
    /// Head's title (or collective's name for TM.) that follows the prefix.
    #[serde(default)]
    pub chuc_vu_thu_truong: String,
    /// The signer's own title.
    pub chuc_vu: String,
    pub ho_ten: String,
}

/// A document file: `data/<agency>/<document>.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocFile {
    /// Document type slug from the ND30 table ("ke-hoach", "bao-cao", …).
    pub loai: Spanned<String>,
    /// Template to compose the body with (default "van-ban").
    #[serde(default)]
    pub mau: Option<Spanned<String>>,
    /// Number; omit while the document system has not numbered it yet.
    #[serde(default)]
    pub so: Option<u32>,
    /// Date "YYYY-MM-DD" (or "DD/MM/YYYY"); omit for a blank date line.
    #[serde(default)]
    pub ngay: Option<Spanned<String>>,
    /// Year for a blank date line (defaults to the date's year).
    #[serde(default)]
    pub nam: Option<i32>,
    #[serde(default)]
    pub trich_yeu: String,
    /// Ô 9a recipients ("Kính gửi").
    #[serde(default)]
    pub kinh_gui: Vec<String>,
    #[serde(default)]
    pub can_cu: Vec<String>,
    #[serde(default)]
    pub mo_dau: Vec<String>,
    #[serde(default)]
    pub noi_dung: Vec<Node>,
    #[serde(default)]
    pub ket_luan: Option<String>,
    /// Footnote texts by id, referenced as `[^id]` in the text.
    #[serde(default)]
    pub chu_thich: BTreeMap<String, String>,
    pub nguoi_ky: Spanned<String>,
    pub noi_nhan: Vec<String>,
    /// Storage line after "Lưu:" (e.g. "VT, VP").
    pub luu: String,
    #[serde(default)]
    pub ky_hieu_nguoi_soan: Option<String>,
}

/// One numbered unit of the body: a mục, khoản or điểm by depth.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Heading text; without it the first paragraph carries the number.
    #[serde(default)]
    pub tieu_de: Option<String>,
    #[serde(default)]
    pub doan: Paragraphs,
    /// Dash items.
    #[serde(default)]
    pub y: Vec<String>,
    /// Children, one level deeper.
    #[serde(default)]
    pub muc: Vec<Node>,
}

/// One paragraph or several.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Paragraphs {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Paragraphs {
    pub fn list(&self) -> Vec<&str> {
        match self {
            Paragraphs::None => vec![],
            Paragraphs::One(s) => vec![s.as_str()],
            Paragraphs::Many(v) => v.iter().map(|s| s.as_str()).collect(),
        }
    }
}
