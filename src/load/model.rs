//! What the workspace's YAML files hold, as typed values. Unknown keys are errors (with a
//! did-you-mean hint), so a typo never silently drops a field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::ground::layout::Settings;

/// `vanban.yaml` at the workspace root (optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkspaceFile {
    /// Layout settings within ND30's ranges.
    pub trinh_bay: Settings,
    /// How the reporting body counts submissions.
    pub tong_hop: Consolidation,
}

/// `tong_hop:` in `vanban.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Consolidation {
    /// Whether a document sent on the deadline day itself ("trước ngày X", sent on X) is on
    /// time. Default yes.
    pub tinh_ca_ngay_han: bool,
    /// Last year's figures for the consolidated report's comparison: a workspace folder
    /// (relative to this one) or a `.yaml` file of totals (`PreviousFiguresFile`).
    pub nam_truoc: Option<String>,
    /// A deadline of its own for a document sent again after a return: this many days after
    /// the return. Absent (the default): only the first sending decides on time or late.
    pub han_gui_lai: Option<u32>,
}

impl Default for Consolidation {
    fn default() -> Self {
        Consolidation {
            tinh_ca_ngay_han: true,
            nam_truoc: None,
            han_gui_lai: None,
        }
    }
}

/// Last year's totals as a file (`tong_hop.nam_truoc: so-lieu-2024.yaml`): the province's
/// figures as last year's consolidated report gave them, by indicator id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousFiguresFile {
    /// The year they are of (default: the campaign's year − 1).
    #[serde(default)]
    pub nam: Option<i32>,
    pub so_lieu: Figures,
}

/// `data/<agency>/co-quan.yaml`: who issues and signs. Keys are checked after reading, so
/// every missing one is named in one run.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgencyFile {
    /// Lines of the issuing body's name as printed in the header (ô 2).
    pub ten: Vec<String>,
    /// Lines of the direct governing body's name (above, not bold); may be empty.
    pub co_quan_chu_quan: Vec<String>,
    /// The name as written in sentences ("Sở Nội vụ tỉnh Tây Ninh").
    pub ten_day_du: String,
    /// Abbreviation used in ký hiệu ("UBND", "SNV").
    pub ky_hieu: Option<Spanned<String>>,
    /// Place name for the date line (H-15).
    pub dia_danh: String,
    /// Block (khối) the agency belongs to, one the parent plan declares (or a built-in one).
    pub khoi: Option<Spanned<String>>,
    /// Drafting unit for "Lưu: VT, <unit>." (default "VP").
    pub don_vi_soan_thao: Option<String>,
    pub nguoi_ky: Vec<Signer>,
    /// Signer used when a document names none (default: the first).
    pub nguoi_ky_mac_dinh: Option<Spanned<String>>,
    /// Default Nơi nhận for documents that list none.
    pub noi_nhan: Vec<String>,
    /// The day the agency began to exist (a merger, a new ward), when after the campaign
    /// began: documents due before it are not expected of it.
    pub hoat_dong_tu: Option<Spanned<String>>,
    /// The last day the agency existed (cấp huyện ended 30/6/2025): documents due after it
    /// are not expected of it.
    pub hoat_dong_den: Option<Spanned<String>>,
}

impl AgencyFile {
    /// "UBND": the agency's ký hiệu, empty when missing (a checked error).
    pub fn ky_hieu(&self) -> &str {
        self.ky_hieu.as_ref().map_or("", |k| k.value.as_str())
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Signer {
    /// Identifier documents use to pick the signer.
    pub ma: String,
    /// Collective a deputy signs on behalf of, printed first as "TM. <COLLECTIVE>" above a
    /// KT. line (UBND: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
    pub thay_mat: Option<String>,
    /// Authority prefix: TM., KT., TL., TUQ., Q. or empty.
    pub quyen_han: Option<Spanned<String>>,
    /// Head's title (or collective's name for TM.) that follows the prefix.
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
    #[serde(default, deserialize_with = "crate::load::yaml::number")]
    pub so: Option<u32>,
    /// Date "YYYY-MM-DD" (or "DD/MM/YYYY"); omit for a blank date line.
    #[serde(default)]
    pub ngay: Option<Spanned<String>>,
    /// The day the document was sent to the reporting body (for `vanban status`).
    #[serde(default)]
    pub ngay_gui: Option<Spanned<String>>,
    /// The last day the document was sent again after a change (the first sending, in
    /// `ngay_gui`, decides whether it was on time).
    #[serde(default)]
    pub ngay_gui_lai: Option<Spanned<String>>,
    /// Each time the reporting body returned the document with a note (newest last).
    #[serde(default, skip_serializing)]
    pub tra_lai: Vec<Returned>,
    /// Year for a blank date line (defaults to the date's year).
    #[serde(default)]
    pub nam: Option<i32>,
    /// Month of a date line whose day is left blank ("ngày      tháng 01 năm 2024").
    #[serde(default)]
    pub thang: Option<u32>,
    #[serde(default)]
    pub trich_yeu: String,
    /// Ô 9a recipients ("Kính gửi"); absent: the template's (for reports, the block's or the
    /// parent plan's reporting body); `[]`: none.
    #[serde(default)]
    pub kinh_gui: Option<Vec<String>>,
    #[serde(default)]
    pub can_cu: Vec<String>,
    /// The opening paragraphs in place of the template's; `[]` prints no opening at all.
    #[serde(default)]
    pub mo_dau: Option<Vec<String>>,
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
    /// A draft's mark at the top of the first page: `true` prints "DỰ THẢO", a text prints
    /// that text in capitals ("Dự thảo lần 2").
    #[serde(default)]
    pub du_thao: Option<DraftMark>,
    /// `true`: the document's own section titles (level 1, "I.") print in capitals; by
    /// default a title keeps the case it is written in.
    #[serde(default)]
    pub in_hoa_tieu_de: Option<bool>,
    /// `false`: the body ends without "./." (an excerpt, a draft of a part).
    #[serde(default)]
    pub dau_ket_thuc: Option<bool>,
    /// Plan: who the default closing asks to carry it out ("các sở, ban, ngành tỉnh; …"),
    /// over the block's and the parent plan's `don_vi_thuc_hien`.
    #[serde(default)]
    pub don_vi_thuc_hien: Option<String>,
    /// Plan: unit-specific targets added to the province's.
    #[serde(default)]
    pub chi_tieu: Vec<String>,
    /// Plan: the task-assignment table (appendix).
    #[serde(default)]
    pub phan_cong: Vec<Task>,
    /// Report: "đặc điểm tình hình" paragraphs.
    #[serde(default)]
    pub dac_diem: Vec<String>,
    /// Report: values of the parent plan's indicators, by indicator id. An indicator left out
    /// is not reported (it appears nowhere); 0 is a value.
    #[serde(default, skip_serializing)]
    pub so_lieu: Option<Figures>,
    /// Report: data period, overriding the parent plan's.
    #[serde(default)]
    pub ky_so_lieu: Option<Period>,
    /// Report: items added under an indicator group's heading, by group id.
    #[serde(default)]
    pub ket_qua: BTreeMap<String, Vec<String>>,
    /// Report: a section's own content (numbered tree) in place of the default one, by
    /// section: dac_diem, ket_qua, danh_gia, phuong_huong, kien_nghi.
    #[serde(default)]
    pub muc: BTreeMap<String, Vec<Node>>,
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
    /// Decision: the authority line above the căn cứ (default "CHỦ TỊCH <issuer>").
    #[serde(default)]
    pub tham_quyen: Option<String>,
    /// Decision: who carries it out (Điều 3).
    #[serde(default)]
    pub thi_hanh: Option<String>,
    /// Decision: its articles (Điều 1, 2 …) in order; a unit's children are its khoản, theirs
    /// its điểm.
    #[serde(default)]
    pub dieu: Vec<Node>,
    /// Decision: the document it issues (a Quy định), attached with its own heading.
    #[serde(default)]
    pub quy_dinh: Option<Regulation>,
    /// Consolidated report: the agencies' report whose figures are summed (default
    /// "bao-cao-nam").
    #[serde(default)]
    pub so_lieu_tu: Option<String>,
    /// Dossier: the self-score per leaf criterion, by criterion id ("I.1", "1.1.2").
    #[serde(default, skip_serializing)]
    pub cham_diem: Option<SpannedMap<LeafScore>>,
    /// Dossier: bonus items claimed.
    #[serde(default, skip_serializing)]
    pub diem_thuong: Vec<Claim>,
    /// Dossier: penalty items incurred.
    #[serde(default, skip_serializing)]
    pub diem_tru: Vec<Claim>,
    /// Dossier: the appraised points per leaf (điểm thẩm định), once appraised.
    #[serde(default, skip_serializing)]
    pub tham_dinh: Option<SpannedMap<Appraisal>>,
}

/// A document issued by a decision (Mẫu 1.3): its type and summary, then its chapters or
/// articles, and the score sheet's table when it is the sheet's regulation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    /// Its type (default "quy-dinh"; "quy-che", "huong-dan" …).
    #[serde(default)]
    pub loai: Option<String>,
    /// The summary under the type name: "Đánh giá, xếp loại công tác dân vận chính quyền".
    pub trich_yeu: String,
    /// On landscape pages (a wide table).
    #[serde(default)]
    pub ngang: bool,
    /// Chapters, each with its articles (numbered on through the chapters).
    #[serde(default)]
    pub chuong: Vec<Chapter>,
    /// Articles, when there are no chapters (or after them).
    #[serde(default)]
    pub dieu: Vec<Node>,
    /// Print the workspace's score sheet (`bang-diem.yaml`) after the articles: criteria,
    /// maximum points, how each is scored, bonus and penalty items, bands.
    #[serde(default)]
    pub bang_diem: bool,
}

/// "Chương I" and its title, centred, then its articles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub ten: String,
    #[serde(default)]
    pub dieu: Vec<Node>,
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
    /// The unit's content in the order written, after its heading, paragraphs, dash
    /// items and before its children: for a section that goes paragraph, dash, paragraph.
    #[serde(default)]
    pub noi_dung: Vec<Part>,
}

/// One piece of a unit's ordered content.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Part {
    /// A paragraph.
    Doan(String),
    /// A dash item ("- …").
    Y(String),
    /// A "+" item under the dash item before it.
    Cong(String),
    /// A bold centred line ("QUYẾT ĐỊNH:").
    Giua(String),
    /// A numbered unit one level deeper.
    Muc(Box<Node>),
    /// A ruled table: its header and its rows.
    Bang(TableDecl),
}

/// A table in a unit's content: header cells and rows, each a list of cells.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableDecl {
    pub cot: Vec<String>,
    #[serde(default)]
    pub dong: Vec<Vec<String>>,
}

/// `du_thao`: a flag or the mark's own words.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum DraftMark {
    Flag(bool),
    Text(String),
}

impl DraftMark {
    /// The mark as printed; empty for `false`.
    pub fn text(&self) -> String {
        match self {
            DraftMark::Flag(true) => "DỰ THẢO".into(),
            DraftMark::Flag(false) => String::new(),
            DraftMark::Text(t) => crate::ground::nd30::upper(t.trim()),
        }
    }
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

/// A date range, "tu" to "den" (dates as in `ngay`), with the period's name in sentences
/// ("6 tháng đầu năm 2025", "quý I năm 2026").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default)]
    pub ten: Option<String>,
    /// With `den`; a period may have only a name ("quý I năm 2026").
    #[serde(default)]
    pub tu: Option<Spanned<String>>,
    #[serde(default)]
    pub den: Option<Spanned<String>>,
}

/// A map read in file order with each key's place, so problems found after reading can
/// point at the key: a report's figures, a dossier's scores.
#[derive(Debug, Clone)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry::<Spanned<String>, V>()? {
                    out.push(entry);
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// A report's indicator values in file order, each with its place in the file.
pub type Figures = SpannedMap<Spanned<Count>>;

/// A figure of a report: a whole number, not negative; `05` is 5 (ND30 writes leading
/// zeros), `"12"` is 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Count(pub u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::load::yaml::count(d).map(Count)
    }
}

/// The parent plan every document of the workspace answers to (`data/ke-hoach-cap-tren.yaml`,
/// or `data/tinh.yaml`): issued at any level, every part optional. An absent part leaves no
/// trace in any document.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParentPlanFile {
    /// Year of the campaign (default: the plan's year).
    pub nam: Option<i32>,
    /// The plan itself: number, ký hiệu, date, issuer, summary.
    pub ke_hoach: Option<PlanRef>,
    /// The work the campaign is about, as in sentences ("công tác dân vận chính quyền").
    pub cong_tac: Option<String>,
    /// Deadlines by document name (ke_hoach, bao_cao_6_thang, …).
    pub han: BTreeMap<String, Spanned<String>>,
    /// Named report periods by document name (bao_cao_quy_1, bao_cao_6_thang, bao_cao_nam, …).
    pub ky_so_lieu: BTreeMap<String, Period>,
    /// The body reports go to ("Kính gửi" of reports), unless a block or document says.
    pub gui_bao_cao: Option<Vec<String>>,
    /// Who agencies' plans ask to carry them out, unless a block or the plan says.
    pub don_vi_thuc_hien: Option<String>,
    /// Targets (chỉ tiêu), repeated in every agency plan.
    pub chi_tieu: Vec<String>,
    /// Targets that the data can measure, and how (for the consolidated report).
    pub do_chi_tieu: Vec<TargetDecl>,
    /// The score sheet in use, e.g. "908/QĐ-UBND ngày 14/4/2023 …".
    pub bang_diem: Option<String>,
    /// The score sheet's file under `data/` (criteria, points, classes), for dossiers.
    pub bang_diem_tep: Option<Spanned<String>>,
    /// Blocks (khối) agencies belong to; default: the built-in list.
    pub khoi: Vec<BlockDecl>,
    /// Indicator groups, in report order.
    pub nhom_chi_so: Vec<GroupDecl>,
    /// The indicator catalogue.
    pub chi_so: Vec<IndicatorDecl>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanRef {
    #[serde(deserialize_with = "crate::load::yaml::number")]
    pub so: Option<u32>,
    pub ky_hieu: Option<String>,
    pub ngay: Option<Spanned<String>>,
    /// Issuer as written in sentences: "Ủy ban nhân dân tỉnh Tây Ninh".
    pub co_quan: Option<String>,
    pub trich_yeu: Option<String>,
    /// The issuer's folder under `data/`, when its name in sentences is not its agency's
    /// full name (a decision "của Chủ tịch Ủy ban nhân dân tỉnh"): it owes no document.
    pub ma_co_quan: Option<String>,
}

/// A block (khối) of agencies, with the defaults it chooses for their documents.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BlockDecl {
    pub ma: Spanned<String>,
    /// Name in reports: "Ủy ban nhân dân cấp xã".
    pub ten: String,
    /// Reports' "Kính gửi" for agencies of this block.
    #[serde(default)]
    pub gui_bao_cao: Option<Vec<String>>,
    /// Who carries out an agency's plan, as its plan says ("Các phòng, đơn vị").
    #[serde(default)]
    pub don_vi_thuc_hien: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDecl {
    pub ma: Spanned<String>,
    /// Heading of the group's part of a report.
    pub ten: String,
    /// The consolidated report lists every agency's own items under this group
    /// (`ket_qua.<group>` of their reports), each with its agency: named models, works.
    #[serde(default)]
    pub liet_ke: bool,
}

/// One indicator of the catalogue. Sentences take `{so}` (the value), `{tong}` (the whole's
/// value) and `{ty_le}` (the rate), never anything else.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDecl {
    pub ma: Spanned<String>,
    /// Label in tables: "Hồ sơ thủ tục hành chính tiếp nhận".
    pub ten: String,
    /// Unit: "hồ sơ", "người".
    #[serde(default)]
    pub don_vi: String,
    /// Group id (default: none; the indicator is then only in the summary table).
    #[serde(default)]
    pub nhom: Option<Spanned<String>>,
    /// Id of the indicator this one is a part of: the value may not exceed it, and the rate
    /// part/whole is computed.
    #[serde(default)]
    pub thuoc: Option<Spanned<String>>,
    /// Whether the part/whole rate is printed (default yes when `thuoc` is given).
    #[serde(default)]
    pub ty_le: Option<bool>,
    /// The report's sentence; default "<ten>: <so> <don_vi>".
    #[serde(default)]
    pub cau: Option<Spanned<String>>,
    /// What follows the sentence when a rate is known; default ", đạt {ty_le}".
    #[serde(default)]
    pub cau_ty_le: Option<Spanned<String>>,
    /// The sentence when the value is 0 ("Trong kỳ không phát sinh …").
    #[serde(default)]
    pub khong_phat_sinh: Option<Spanned<String>>,
    /// In the summary table (default yes).
    #[serde(default = "yes")]
    pub bang: bool,
    /// Counted from the start of the year (a later report's figure includes the earlier's):
    /// a later report with less is flagged.
    #[serde(default)]
    pub luy_ke: bool,
}

fn yes() -> bool {
    true
}

/// The self-score of one leaf criterion.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafScore {
    #[serde(default)]
    pub diem: Option<Spanned<f64>>,
    /// The leaf's situation did not arise ("không phát sinh"); scored as the sheet says.
    #[serde(default)]
    pub khong_phat_sinh: Option<Spanned<bool>>,
    #[serde(default)]
    pub kiem_chung: Vec<Evidence>,
    /// Why points were lost, or why the situation did not arise.
    #[serde(default)]
    pub giai_trinh: Option<String>,
}

/// An evidence document: one of the agency's own (`van_ban: ke-hoach`), or named with its
/// number and date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    #[serde(default)]
    pub van_ban: Option<Spanned<String>>,
    /// "Biên bản hội nghị quán triệt".
    #[serde(default)]
    pub ten: Option<String>,
    /// Số, ký hiệu: "12/BB-SNV".
    #[serde(default)]
    pub so: Option<String>,
    #[serde(default)]
    pub ngay: Option<Spanned<String>>,
}

/// A bonus or penalty item claimed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub ma: Spanned<String>,
    /// Points claimed (bonus; default the item's points).
    #[serde(default)]
    pub diem: Option<Spanned<f64>>,
    /// How many times (penalty; default 1).
    #[serde(default)]
    pub so_lan: Option<Spanned<u32>>,
    #[serde(default)]
    pub kiem_chung: Vec<Evidence>,
    #[serde(default)]
    pub giai_trinh: Option<String>,
}

/// A document returned to its agency ("trả lại"): when, why, and the sending it undid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Returned {
    pub ngay: Spanned<String>,
    pub ly_do: String,
    #[serde(default)]
    pub ngay_gui: Option<Spanned<String>>,
}

/// The appraiser's points for one leaf, with the reason when they differ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appraisal {
    pub diem: Spanned<f64>,
    #[serde(default)]
    pub ly_do: Option<String>,
}

/// The score sheet (`data/bang-diem.yaml`, named by the parent plan's `bang_diem_tep`):
/// criteria tree, bonus and penalty items with caps, classification bands.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheetFile {
    /// "Bảng điểm đánh giá, xếp loại công tác dân vận chính quyền".
    pub ten: String,
    /// An illustrative stand-in, not a province's real sheet: every build warns.
    #[serde(default)]
    pub minh_hoa: bool,
    /// The decision that issued it, as cited ("Quyết định số 908/QĐ-UBND ngày …").
    #[serde(default)]
    pub quyet_dinh: Option<String>,
    /// Type of the dossier's cover document: bao-cao (default) or to-trinh.
    #[serde(default)]
    pub loai_van_ban: Option<Spanned<String>>,
    pub tieu_chi: Vec<CriterionDecl>,
    #[serde(default)]
    pub diem_thuong: Option<AdjustDecl>,
    #[serde(default)]
    pub diem_tru: Option<AdjustDecl>,
    #[serde(default)]
    pub xep_loai: Vec<BandDecl>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDecl {
    /// The number as the source prints it: "I", "1", "1.1", "a".
    pub so: Spanned<String>,
    /// Id used by self-scores (default: the path of numbers, "I.1.a"; a number that
    /// already starts with its parent's, like "1.1" under "1", stands alone).
    #[serde(default)]
    pub ma: Option<Spanned<String>>,
    pub ten: String,
    /// Maximum points (leaves only).
    #[serde(default)]
    pub diem: Option<Spanned<f64>>,
    /// How it is scored.
    #[serde(default)]
    pub cach_cham: Option<String>,
    /// Evidence expected: a leaf that names it needs at least one document when it scores.
    #[serde(default)]
    pub kiem_chung: Option<String>,
    /// Blocks it applies to (default: all).
    #[serde(default)]
    pub khoi: Vec<Spanned<String>>,
    /// "Không phát sinh" allowed: `toi_da` scores the maximum, `bo` leaves the leaf out and
    /// re-weights the others.
    #[serde(default)]
    pub khong_phat_sinh: Option<Spanned<String>>,
    #[serde(default)]
    pub tieu_chi: Vec<CriterionDecl>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustDecl {
    /// Cap on the sum of the items.
    #[serde(default)]
    pub toi_da: Option<Spanned<f64>>,
    pub muc: Vec<AdjustItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustItem {
    pub ma: Spanned<String>,
    pub ten: String,
    /// Points: for a bonus the most one claim gives; for a penalty, per occurrence.
    pub diem: Spanned<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandDecl {
    pub ten: String,
    /// Lowest total of the band.
    pub tu: Spanned<f64>,
    /// Not this class when a group of criteria scores 0.
    #[serde(default)]
    pub chan_nhom_0: bool,
    /// Not this class when one of these penalty items is incurred.
    #[serde(default)]
    pub chan_diem_tru: Vec<Spanned<String>>,
}

/// How one of the plan's targets (chỉ tiêu) is measured from the data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetDecl {
    /// Which target: its position in `chi_tieu`, from 1.
    pub chi_tieu: Spanned<usize>,
    /// Share of agencies that sent this document ("ke_hoach").
    #[serde(default)]
    pub van_ban: Option<String>,
    /// Share of agencies rated this class ("Tốt").
    #[serde(default)]
    pub xep_loai: Option<String>,
    /// An indicator: a part's rate Σpart/Σwhole (in percent), or a whole's sum (a number).
    #[serde(default)]
    pub chi_so: Option<String>,
    /// The share to reach, in percent (the sum to reach, for an indicator without a whole).
    pub toi_thieu: f64,
    /// "Trên 90%": strictly more than `toi_thieu`.
    #[serde(default)]
    pub vuot: bool,
}
