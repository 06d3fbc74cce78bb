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
    /// Block (khối) the agency belongs to: so-ban-nganh, ubnd-huyen, ubnd-xa, don-vi-su-nghiep,
    /// co-quan-trung-uong (or ubnd-tinh for the province itself).
    #[serde(default)]
    pub khoi: Option<Spanned<String>>,
    /// Drafting unit for "Lưu: VT, <unit>." (default "VP").
    #[serde(default)]
    pub don_vi_soan_thao: Option<String>,
    pub nguoi_ky: Vec<Signer>,
    /// Signer used when a document names none (default: the first).
    #[serde(default)]
    pub nguoi_ky_mac_dinh: Option<Spanned<String>>,
    /// Default Nơi nhận for documents that list none.
    #[serde(default)]
    pub noi_nhan: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// Identifier documents use to pick the signer.
    pub ma: String,
    /// Collective a deputy signs on behalf of, printed first as "TM. <COLLECTIVE>" above a
    /// KT. line (UBND: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
    #[serde(default)]
    pub thay_mat: Option<String>,
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
    /// Document type slug from the ND30 table ("ke-hoach", "bao-cao", …); defaults to the
    /// template's `loai` block.
    #[serde(default)]
    pub loai: Option<Spanned<String>>,
    /// Template to compose the body with (default: the file's name when a template of that
    /// name exists, else "van-ban").
    #[serde(default)]
    pub mau: Option<Spanned<String>>,
    /// Number; omit while the document system has not numbered it yet. `05` is 5.
    #[serde(default, deserialize_with = "crate::yaml::number")]
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
    /// Signer id (default: the agency's default signer).
    #[serde(default)]
    pub nguoi_ky: Option<Spanned<String>>,
    /// Nơi nhận (default: the agency's list).
    #[serde(default)]
    pub noi_nhan: Option<Vec<String>>,
    /// Storage line after "Lưu:" (default "VT, <drafting unit>").
    #[serde(default)]
    pub luu: Option<String>,
    /// Plan: unit-specific targets added to the province's.
    #[serde(default)]
    pub chi_tieu: Vec<String>,
    /// Plan: the task-assignment table (appendix).
    #[serde(default)]
    pub phan_cong: Vec<Task>,
    /// Report: "đặc điểm tình hình" paragraphs.
    #[serde(default)]
    pub dac_diem: Vec<String>,
    /// Report: the figures of the period.
    #[serde(default)]
    pub so_lieu: Option<Figures>,
    /// Report: data period, overriding the province's.
    #[serde(default)]
    pub ky_so_lieu: Option<Period>,
    /// Report: "Dân vận khéo" models by name.
    #[serde(default)]
    pub mo_hinh: Vec<String>,
    #[serde(default)]
    pub uu_diem: Vec<String>,
    #[serde(default)]
    pub han_che: Vec<String>,
    #[serde(default)]
    pub nguyen_nhan: Vec<String>,
    #[serde(default)]
    pub bai_hoc: Vec<String>,
    #[serde(default)]
    pub phuong_huong: Vec<String>,
    #[serde(default)]
    pub kien_nghi: Vec<String>,
    /// Annual report: the self-assessment sentence.
    #[serde(default)]
    pub tu_danh_gia: Option<String>,
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

/// A row of the plan's task-assignment table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub noi_dung: String,
    pub chu_tri: String,
    #[serde(default)]
    pub phoi_hop: String,
    pub thoi_gian: String,
    pub san_pham: String,
}

/// A date range, "tu" to "den" (dates as in `ngay`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub tu: Spanned<String>,
    pub den: Spanned<String>,
}

/// Figures a report carries (domain §3.4). All counts; rates are computed, never typed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// Documents issued to direct the work (plans, letters, decisions).
    pub van_ban_chi_dao: Spanned<u64>,
    /// Inspections held.
    pub cuoc_kiem_tra: Spanned<u64>,
    /// Conferences/classes to study the texts.
    pub hoi_nghi_quan_triet: Spanned<u64>,
    /// Officials (CBCCVC) in the unit, and how many studied the texts.
    pub cbccvc: Spanned<u64>,
    pub cbccvc_quan_triet: Spanned<u64>,
    /// Contents made public; consultations of officials or citizens.
    pub noi_dung_cong_khai: Spanned<u64>,
    pub lay_y_kien: Spanned<u64>,
    /// Administrative-procedure dossiers: received (of which online), resolved, on time.
    pub tthc_tiep_nhan: Spanned<u64>,
    pub tthc_truc_tuyen: Spanned<u64>,
    pub tthc_giai_quyet: Spanned<u64>,
    pub tthc_dung_han: Spanned<u64>,
    /// Apology letters for late dossiers.
    pub thu_xin_loi: Spanned<u64>,
    /// Citizen reception: sessions and visits.
    pub tiep_cong_dan_buoi: Spanned<u64>,
    pub tiep_cong_dan_luot: Spanned<u64>,
    /// Petitions: received, within competence, resolved.
    pub don_tiep_nhan: Spanned<u64>,
    pub don_thuoc_tham_quyen: Spanned<u64>,
    pub don_da_giai_quyet: Spanned<u64>,
    /// Dialogues of the head with citizens or businesses.
    pub doi_thoai: Spanned<u64>,
    /// Feedback and proposals: received, handled.
    pub phan_anh_tiep_nhan: Spanned<u64>,
    pub phan_anh_da_xu_ly: Spanned<u64>,
    /// "Dân vận khéo": registered models, recognised ones.
    pub dan_van_kheo_dang_ky: Spanned<u64>,
    pub dan_van_kheo_cong_nhan: Spanned<u64>,
    /// Officials disciplined.
    pub cbccvc_ky_luat: Spanned<u64>,
}

/// `data/tinh.yaml`: the province's plan, which every agency document cites.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFile {
    pub nam: i32,
    /// The plan: number, ký hiệu, date, issuer, summary.
    pub ke_hoach: PlanRef,
    /// Deadlines by document kind.
    pub han: Deadlines,
    /// Data periods of the two reports.
    pub ky_so_lieu: ReportPeriods,
    /// The province's targets (chỉ tiêu), repeated in every agency plan.
    pub chi_tieu: Vec<String>,
    /// The score sheet in use, e.g. "908/QĐ-UBND ngày 14/4/2023".
    pub bang_diem: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRef {
    pub so: u32,
    pub ky_hieu: String,
    pub ngay: Spanned<String>,
    /// Issuer as written in sentences: "Ủy ban nhân dân tỉnh Tây Ninh".
    pub co_quan: String,
    pub trich_yeu: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deadlines {
    pub ke_hoach: Spanned<String>,
    pub bao_cao_6_thang: Spanned<String>,
    pub bao_cao_nam: Spanned<String>,
    pub ho_so_cham_diem: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportPeriods {
    pub bao_cao_6_thang: Period,
    pub bao_cao_nam: Period,
}
