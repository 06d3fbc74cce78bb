//! Forms generated from the campaign's data, never written per campaign: the header every
//! document has, a report's indicators (from the parent plan's catalogue), the prose
//! sections the document's template reads, a plan's outline and assignment table, and a
//! dossier's score sheet. A form is always shown from the document's YAML tree, and a post
//! is applied back onto that tree, so what the user typed survives a failed check.

mod apply;
mod dossier;
mod figures;
mod outline;

pub use apply::{apply, typed_errors, Posted};
pub use outline::{between, outline_nodes, outline_rows, stock_rows};

use serde::Serialize;

use super::yaml_edit::Yaml;
use crate::campaign::plan::Plan;
use crate::campaign::Agency;
use crate::document::context::template_reads;

/// Multi-line list fields, in the order a document reads, with their labels.
const PROSE: &[(&str, &str, &str)] = &[
    ("can_cu", "Căn cứ", "Mỗi dòng một căn cứ."),
    ("mo_dau", "Mở đầu", "Mỗi dòng một đoạn."),
    ("dac_diem", "Đặc điểm tình hình", "Mỗi dòng một đoạn."),
    (
        "chi_tieu",
        "Chỉ tiêu riêng của cơ quan",
        "Mỗi dòng một chỉ tiêu.",
    ),
    ("uu_diem", "Ưu điểm", "Mỗi dòng một ý."),
    ("han_che", "Hạn chế", "Mỗi dòng một ý."),
    ("nguyen_nhan", "Nguyên nhân", "Mỗi dòng một ý."),
    ("bai_hoc", "Bài học kinh nghiệm", "Mỗi dòng một ý."),
    ("phuong_huong", "Phương hướng, nhiệm vụ", "Mỗi dòng một ý."),
    ("kien_nghi", "Kiến nghị, đề xuất", "Mỗi dòng một kiến nghị."),
];

/// A date as the form shows it, whatever way the file writes it: day/month/year with two
/// digits each ("06/03/2025"), the one form on every page, never the browser's locale.
pub fn day_shown(text: &str) -> String {
    match crate::campaign::dates::parse_date(text) {
        Some(d) => crate::serve::words::day(d),
        None => text.to_string(),
    }
}

/// One-paragraph text fields.
const TEXTS: &[(&str, &str)] = &[("tu_danh_gia", "Tự đánh giá"), ("ket_luan", "Đoạn kết")];

#[derive(Debug, Serialize, Default)]
pub struct Form {
    pub so: String,
    pub ngay: String,
    pub trich_yeu: String,
    pub nguoi_ky: String,
    pub signers: Vec<Choice>,
    pub kinh_gui: String,
    pub noi_nhan: String,
    pub noi_nhan_mac_dinh: String,
    pub figures: Vec<FigureGroup>,
    pub prose: Vec<Prose>,
    pub outline: Option<Vec<OutlineRow>>,
    /// The rows shown are the template's own sections (the document writes no outline);
    /// saved only once the clerk changes them.
    pub outline_stock: bool,
    /// The template has sections of its own the clerk may go back to.
    pub has_stock: bool,
    /// The outline is kept as written in the file (it has ordered parts the rows can't
    /// show).
    pub outline_in_file: bool,
    pub tasks: Option<Vec<Task>>,
    pub dossier: Option<Dossier>,
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct FigureGroup {
    pub ma: String,
    pub ten: String,
    pub rows: Vec<Figure>,
    /// Items under the group's heading (`ket_qua.<group>`), one per line.
    pub ket_qua: String,
    /// Whether the form has a box for them: the document prints them, or they hold text
    /// (shown then with a note that they do not print).
    pub ket_qua_shown: bool,
    /// Whether the document prints them.
    pub ket_qua_printed: bool,
}

#[derive(Debug, Serialize)]
pub struct Figure {
    pub ma: String,
    pub ten: String,
    pub don_vi: String,
    pub value: String,
    /// The whole this figure is part of, and its name.
    pub thuoc: Option<String>,
    pub thuoc_ten: Option<String>,
    /// Whether the report prints the rate of this part.
    pub ty_le: bool,
    /// The part's rate of its whole as saved ("97,5%"), when both are counts.
    pub rate: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Prose {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub text: String,
    /// A one-paragraph field rather than a list.
    pub single: bool,
    /// Whether the document prints it (shown anyway when it holds text, with a note).
    pub printed: bool,
    /// What the template prints when the box is empty (shown in the empty box).
    pub stock: String,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct OutlineRow {
    /// Depth: 1 = mục (I, II), 2 = khoản (1, 2), 3 = điểm (a, b).
    pub cap: usize,
    /// "tieu_de" (a heading that opens a numbered unit), "muc" (a paragraph that opens
    /// one and carries its number), "doan" (a further paragraph) or "y" (a dash item).
    pub loai: String,
    pub text: String,
}

#[derive(Debug, Serialize, Clone, Default)]
pub struct Task {
    pub noi_dung: String,
    pub chu_tri: String,
    pub phoi_hop: String,
    pub thoi_gian: String,
    pub san_pham: String,
}

#[derive(Debug, Serialize)]
pub struct Dossier {
    pub rows: Vec<Criterion>,
    pub bonus: Vec<Adjustment>,
    pub penalty: Vec<Adjustment>,
    /// The documents of the agency evidence can point to.
    pub documents: Vec<Choice>,
    /// What the page's script needs to total and classify as the user types (JSON).
    pub rules: String,
}

#[derive(Debug, Serialize)]
pub struct Criterion {
    pub id: String,
    pub so: String,
    pub ten: String,
    pub depth: usize,
    pub group: usize,
    pub leaf: bool,
    pub toi_da: String,
    pub cach_cham: String,
    pub diem: String,
    pub giai_trinh: String,
    pub van_ban: Vec<String>,
    pub khac: String,
    pub khong_phat_sinh: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Adjustment {
    pub ma: String,
    pub ten: String,
    pub diem: String,
    /// What the item counts when claimed without an amount.
    pub default: String,
    pub value: String,
    pub giai_trinh: String,
}

/// What decides a document's form: its template's text and the campaign around it.
pub struct Spec<'a> {
    pub plan: Option<&'a Plan>,
    pub agency: &'a Agency,
    pub doc: &'a str,
    /// `Composer::family_text` of the document's template.
    pub family: String,
    /// The prose fields the template was seen to print (a probe composed the document with
    /// a marker in each); None when no probe ran, and the template's text decides.
    pub printed: Option<std::collections::BTreeSet<String>>,
    /// The template's own sections as rows (a probe composed the document without its
    /// outline); None when no probe could read them.
    pub stock: Option<Vec<OutlineRow>>,
    /// Prose fields the template prints inside its own sections: the outline's rows carry
    /// them, so they have no box of their own while the outline is shown.
    pub in_outline: std::collections::BTreeSet<String>,
    /// The template's own opening and closing sentences, printed when the document writes
    /// none: field → text.
    pub sentences: std::collections::BTreeMap<String, String>,
}

/// The prose and one-paragraph fields a form may show, and a report's other results by
/// group (`ket_qua`): what a print probe tries.
pub fn prose_keys() -> Vec<&'static str> {
    PROSE
        .iter()
        .map(|p| p.0)
        .chain(TEXTS.iter().map(|t| t.0))
        .chain(["ket_qua"])
        .collect()
}

impl Spec<'_> {
    fn reads(&self, field: &str) -> bool {
        match &self.printed {
            Some(p) if prose_keys().contains(&field) => p.contains(field),
            _ => template_reads(&self.family, field),
        }
    }

    fn has_figures(&self) -> bool {
        self.reads("so_lieu")
            && self
                .plan
                .is_some_and(|p| !p.catalogue.indicators.is_empty())
    }

    fn has_dossier(&self) -> bool {
        self.family.contains("cham_diem") && self.plan.is_some_and(|p| p.score_sheet.is_some())
    }

    fn has_outline(&self) -> bool {
        self.reads("noi_dung") && !self.has_figures() && !self.has_dossier()
    }

    fn has_tasks(&self) -> bool {
        self.reads("phan_cong")
    }
}

/// The form of document `spec.doc`, filled from its tree.
pub fn form(spec: &Spec, y: &Yaml) -> Form {
    let text = |k: &str| y.get(k).map(|v| v.scalar_text()).unwrap_or_default();
    let lines = |k: &str| y.get(k).map(|v| v.lines().join("\n")).unwrap_or_default();
    let info = &spec.agency.info;
    let signers = info
        .nguoi_ky
        .iter()
        .map(|s| Choice {
            value: s.ma.clone(),
            label: format!("{} {}", s.chuc_vu, s.ho_ten),
        })
        .collect();
    let mut f = Form {
        so: text("so"),
        ngay: day_shown(&text("ngay")),
        trich_yeu: text("trich_yeu"),
        nguoi_ky: text("nguoi_ky"),
        signers,
        kinh_gui: lines("kinh_gui"),
        noi_nhan: lines("noi_nhan"),
        noi_nhan_mac_dinh: info.noi_nhan.join("\n"),
        ..Form::default()
    };
    if spec.has_figures() {
        f.figures = figures::figures(spec.plan.expect("has_figures"), y, spec.reads("ket_qua"));
    }
    let wanted = spec.has_outline() || y.get("noi_dung").is_some_and(|v| !v.is_empty_value());
    for (key, label, hint) in PROSE {
        if wanted && spec.in_outline.contains(*key) {
            continue;
        }
        if spec.reads(key) || y.get(key).is_some_and(|v| !v.is_empty_value()) {
            f.prose.push(Prose {
                key: key.to_string(),
                label: label.to_string(),
                hint: hint.to_string(),
                text: lines(key),
                single: false,
                printed: spec.reads(key),
                stock: spec.sentences.get(*key).cloned().unwrap_or_default(),
            });
        }
    }
    for (key, label) in TEXTS {
        if spec.reads(key) || y.get(key).is_some_and(|v| !v.is_empty_value()) {
            f.prose.push(Prose {
                key: key.to_string(),
                label: label.to_string(),
                hint: "Để trống để dùng câu có sẵn của mẫu.".into(),
                text: text(key),
                single: true,
                printed: spec.reads(key),
                stock: spec.sentences.get(*key).cloned().unwrap_or_default(),
            });
        }
    }
    // Units with content in their own order (`noi_dung` inside a unit) have no rows here:
    // the outline is left as the file has it.
    if wanted && outline::has_parts(y.get("noi_dung")) {
        f.outline_in_file = true;
    } else if wanted {
        let own = outline_rows(y.get("noi_dung"));
        f.has_stock = spec.stock.as_ref().is_some_and(|s| !s.is_empty());
        f.outline_stock = own.is_empty() && f.has_stock;
        f.outline = Some(match &spec.stock {
            Some(stock) if own.is_empty() => stock.clone(),
            _ => own,
        });
    }
    if spec.has_tasks() {
        f.tasks = Some(outline::tasks(y.get("phan_cong")));
    }
    if spec.has_dossier() {
        f.dossier = Some(dossier::dossier(spec, y));
    }
    f
}

/// The words a message about a document may name, by key: the fields its form shows
/// (`shown_fields`), every prose field and part the document's file may hold even when the
/// form shows no box for it, and the template by the document's name (`label`), so no key
/// reaches the page.
pub fn message_words(
    shown: &std::collections::BTreeMap<String, String>,
    template: &str,
    label: &str,
) -> std::collections::BTreeMap<String, String> {
    let mut out = shown.clone();
    for (k, l, _) in PROSE {
        out.entry(k.to_string()).or_insert_with(|| l.to_string());
    }
    for (k, l) in TEXTS.iter().chain(OTHER_PARTS) {
        out.entry(k.to_string()).or_insert_with(|| l.to_string());
    }
    out.entry(template.to_string())
        .or_insert_with(|| label.to_string());
    out
}

/// Parts of a document's file with no box of their own, as a message names them.
const OTHER_PARTS: &[(&str, &str)] = &[
    ("noi_dung", "Nội dung"),
    ("muc", "Các mục viết riêng"),
    ("phan_cong", "Phân công thực hiện"),
    ("so_lieu", "Số liệu"),
    ("ket_qua", "Kết quả khác"),
    ("cham_diem", "Điểm tự chấm"),
    ("diem_thuong", "Điểm thưởng"),
    ("diem_tru", "Điểm trừ"),
    ("tham_dinh", "Kết quả thẩm định"),
    ("mau", "Mẫu văn bản"),
    ("loai", "Loại văn bản"),
];

/// The names of the fields a form shows (errors on other keys are shown above the form).
pub fn shown_fields(f: &Form) -> std::collections::BTreeMap<String, String> {
    let mut out: std::collections::BTreeMap<String, String> = [
        ("so", "Số văn bản"),
        ("ngay", "Ngày ban hành"),
        ("trich_yeu", "Trích yếu"),
        ("nguoi_ky", "Người ký"),
        ("kinh_gui", "Kính gửi"),
        ("noi_nhan", "Nơi nhận"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for g in &f.figures {
        out.extend(
            g.rows
                .iter()
                .map(|r| (format!("so_lieu/{}", r.ma), r.ten.clone())),
        );
        if g.ket_qua_shown {
            out.insert(
                format!("ket_qua/{}", g.ma),
                format!("Kết quả khác của phần «{}»", g.ten),
            );
        }
    }
    out.extend(f.prose.iter().map(|p| (p.key.clone(), p.label.clone())));
    if f.outline.is_some() {
        out.insert("noi_dung".into(), "Nội dung".into());
    }
    if f.tasks.is_some() {
        out.insert("phan_cong".into(), "Phân công thực hiện".into());
    }
    if let Some(d) = &f.dossier {
        for c in d.rows.iter().filter(|c| c.leaf) {
            let name = format!("tiêu chí {} ({})", c.so, c.ten);
            for (k, what) in [
                ("diem", "Điểm tự chấm"),
                ("khac", "Tài liệu kiểm chứng"),
                ("giai_trinh", "Giải trình"),
                ("kps", "Không phát sinh"),
            ] {
                out.insert(format!("cd/{}/{k}", c.id), format!("{what}, {name}"));
            }
        }
        for (prefix, what, items) in [
            ("dt", "Điểm thưởng", &d.bonus),
            ("tru", "Điểm trừ", &d.penalty),
        ] {
            for a in items.iter() {
                out.insert(
                    format!("{prefix}/{}/gia_tri", a.ma),
                    format!("{what}: {}", a.ten),
                );
                out.insert(
                    format!("{prefix}/{}/giai_trinh", a.ma),
                    format!("Giải trình {}: {}", what.to_lowercase(), a.ten),
                );
            }
        }
    }
    out
}

/// What each field of `f` holds, by field name (as `shown_fields` names them): what two
/// versions of a document are compared by, in the form's own words.
pub fn values(f: &Form) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (k, v) in [
        ("so", &f.so),
        ("ngay", &f.ngay),
        ("trich_yeu", &f.trich_yeu),
        ("nguoi_ky", &f.nguoi_ky),
        ("kinh_gui", &f.kinh_gui),
        ("noi_nhan", &f.noi_nhan),
    ] {
        out.insert(k.to_string(), v.clone());
    }
    for g in &f.figures {
        for r in &g.rows {
            out.insert(format!("so_lieu/{}", r.ma), r.value.clone());
        }
        if g.ket_qua_shown {
            out.insert(format!("ket_qua/{}", g.ma), g.ket_qua.clone());
        }
    }
    for p in &f.prose {
        out.insert(p.key.clone(), p.text.clone());
    }
    if let Some(rows) = &f.outline {
        let text: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        out.insert("noi_dung".into(), text.join("\n"));
    }
    if let Some(tasks) = &f.tasks {
        let text: Vec<String> = tasks
            .iter()
            .map(|t| {
                [
                    &t.noi_dung,
                    &t.chu_tri,
                    &t.phoi_hop,
                    &t.thoi_gian,
                    &t.san_pham,
                ]
                .map(|x| x.as_str())
                .join("; ")
            })
            .collect();
        out.insert("phan_cong".into(), text.join("\n"));
    }
    if let Some(d) = &f.dossier {
        for c in d.rows.iter().filter(|c| c.leaf) {
            let base = format!("cd/{}", c.id);
            out.insert(format!("{base}/diem"), c.diem.clone());
            let mut evidence = c.van_ban.clone();
            if !c.khac.is_empty() {
                evidence.push(c.khac.clone());
            }
            out.insert(format!("{base}/khac"), evidence.join("; "));
            out.insert(format!("{base}/giai_trinh"), c.giai_trinh.clone());
            out.insert(
                format!("{base}/kps"),
                if c.khong_phat_sinh == Some(true) {
                    "có".into()
                } else {
                    String::new()
                },
            );
        }
        for (prefix, items) in [("dt", &d.bonus), ("tru", &d.penalty)] {
            for a in items.iter() {
                out.insert(format!("{prefix}/{}/gia_tri", a.ma), a.value.clone());
                out.insert(
                    format!("{prefix}/{}/giai_trinh", a.ma),
                    a.giai_trinh.clone(),
                );
            }
        }
    }
    out
}

pub fn field_of(path: &[String], y: &Yaml) -> String {
    let seg = |i: usize| path.get(i).map(String::as_str).unwrap_or("");
    match seg(0) {
        "so_lieu" if !seg(1).is_empty() => format!("so_lieu/{}", seg(1)),
        "ket_qua" if !seg(1).is_empty() => format!("ket_qua/{}", seg(1)),
        "tham_dinh" if !seg(1).is_empty() => {
            let sub = if seg(2) == "ly_do" { "ly_do" } else { "diem" };
            format!("td/{}/{sub}", seg(1))
        }
        "cham_diem" if !seg(1).is_empty() => {
            let sub = match seg(2) {
                "kiem_chung" => "khac",
                "giai_trinh" => "giai_trinh",
                "khong_phat_sinh" => "kps",
                _ => "diem",
            };
            format!("cd/{}/{sub}", seg(1))
        }
        k @ ("diem_thuong" | "diem_tru") => {
            let prefix = if k == "diem_thuong" { "dt" } else { "tru" };
            let ma = seg(1)
                .parse::<usize>()
                .ok()
                .and_then(|i| match y.get(k) {
                    Some(Yaml::List(l)) => l.get(i),
                    _ => None,
                })
                .and_then(|c| c.get("ma"))
                .map(|m| m.scalar_text())
                .unwrap_or_default();
            let sub = if seg(2) == "giai_trinh" {
                "giai_trinh"
            } else {
                "gia_tri"
            };
            format!("{prefix}/{ma}/{sub}")
        }
        other => other.to_string(),
    }
}
