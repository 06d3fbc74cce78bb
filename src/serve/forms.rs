//! Forms generated from the campaign's data, never written per campaign: the header every
//! document has, a report's indicators (from the parent plan's catalogue), the prose
//! sections the document's template reads, a plan's outline and assignment table, and a
//! dossier's score sheet. A form is always shown from the document's YAML tree, and a post
//! is applied back onto that tree, so what the user typed survives a failed check.

use std::collections::BTreeMap;

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
    ("chi_tieu", "Chỉ tiêu riêng của cơ quan", "Mỗi dòng một chỉ tiêu."),
    ("uu_diem", "Ưu điểm", "Mỗi dòng một ý."),
    ("han_che", "Hạn chế", "Mỗi dòng một ý."),
    ("nguyen_nhan", "Nguyên nhân", "Mỗi dòng một ý."),
    ("bai_hoc", "Bài học kinh nghiệm", "Mỗi dòng một ý."),
    ("phuong_huong", "Phương hướng, nhiệm vụ", "Mỗi dòng một ý."),
    ("kien_nghi", "Kiến nghị, đề xuất", "Mỗi dòng một kiến nghị."),
];

/// One-paragraph text fields.
const TEXTS: &[(&str, &str)] = &[
    ("tu_danh_gia", "Tự đánh giá"),
    ("ket_luan", "Đoạn kết"),
];

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
}

#[derive(Debug, Serialize)]
pub struct Prose {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub text: String,
    /// A one-paragraph field rather than a list.
    pub single: bool,
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
}

impl Spec<'_> {
    fn reads(&self, field: &str) -> bool {
        template_reads(&self.family, field)
    }

    fn has_figures(&self) -> bool {
        self.reads("so_lieu") && self.plan.is_some_and(|p| !p.catalogue.indicators.is_empty())
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
        ngay: text("ngay"),
        trich_yeu: text("trich_yeu"),
        nguoi_ky: text("nguoi_ky"),
        signers,
        kinh_gui: lines("kinh_gui"),
        noi_nhan: lines("noi_nhan"),
        noi_nhan_mac_dinh: info.noi_nhan.join("\n"),
        ..Form::default()
    };
    if spec.has_figures() {
        f.figures = figures(spec.plan.expect("has_figures"), y);
    }
    for (key, label, hint) in PROSE {
        if spec.reads(key) || y.get(key).is_some_and(|v| !v.is_empty_value()) {
            f.prose.push(Prose {
                key: key.to_string(),
                label: label.to_string(),
                hint: hint.to_string(),
                text: lines(key),
                single: false,
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
            });
        }
    }
    if spec.has_outline() || y.get("noi_dung").is_some_and(|v| !v.is_empty_value()) {
        f.outline = Some(outline_rows(y.get("noi_dung")));
    }
    if spec.has_tasks() {
        f.tasks = Some(tasks(y.get("phan_cong")));
    }
    if spec.has_dossier() {
        f.dossier = Some(dossier(spec, y));
    }
    f
}

fn figures(plan: &Plan, y: &Yaml) -> Vec<FigureGroup> {
    let cat = &plan.catalogue;
    let values = y.get("so_lieu");
    let value = |ma: &str| {
        values
            .and_then(|v| v.get(ma))
            .map(|v| v.scalar_text())
            .unwrap_or_default()
    };
    let ket_qua = |g: &str| {
        y.get("ket_qua")
            .and_then(|k| k.get(g))
            .map(|v| v.lines().join("\n"))
            .unwrap_or_default()
    };
    let row = |i: &crate::campaign::plan::Indicator| Figure {
        ma: i.ma.clone(),
        ten: i.ten.clone(),
        don_vi: i.don_vi.clone(),
        value: value(&i.ma),
        thuoc: i.thuoc.clone(),
        thuoc_ten: i
            .thuoc
            .as_ref()
            .and_then(|t| cat.get(t))
            .map(|w| w.ten.clone()),
        ty_le: i.ty_le,
    };
    let mut groups: Vec<FigureGroup> = cat
        .groups
        .iter()
        .map(|g| FigureGroup {
            ma: g.ma.clone(),
            ten: g.ten.clone(),
            rows: cat
                .indicators
                .iter()
                .filter(|i| i.nhom.as_deref() == Some(g.ma.as_str()))
                .map(row)
                .collect(),
            ket_qua: ket_qua(&g.ma),
        })
        .collect();
    let loose: Vec<Figure> = cat
        .indicators
        .iter()
        .filter(|i| i.nhom.as_deref().is_none_or(|n| cat.groups.iter().all(|g| g.ma != n)))
        .map(row)
        .collect();
    if !loose.is_empty() {
        groups.push(FigureGroup {
            ma: String::new(),
            ten: "Chỉ số khác".into(),
            rows: loose,
            ket_qua: String::new(),
        });
    }
    groups
}

/// The outline as rows: a node's heading, its paragraphs, its dash items, then its
/// children one level deeper (the order the document prints them in).
pub fn outline_rows(nodes: Option<&Yaml>) -> Vec<OutlineRow> {
    fn walk(nodes: &[Yaml], cap: usize, out: &mut Vec<OutlineRow>) {
        for n in nodes {
            let push = |out: &mut Vec<OutlineRow>, loai: &str, text: String| {
                out.push(OutlineRow {
                    cap,
                    loai: loai.into(),
                    text,
                })
            };
            let heading = n.get("tieu_de");
            if let Some(t) = heading {
                push(out, "tieu_de", t.scalar_text());
            }
            for (i, p) in n.get("doan").map(|d| d.lines()).unwrap_or_default().into_iter().enumerate() {
                let opens = i == 0 && heading.is_none();
                push(out, if opens { "muc" } else { "doan" }, p);
            }
            for p in n.get("y").map(|d| d.lines()).unwrap_or_default() {
                push(out, "y", p);
            }
            if let Some(Yaml::List(children)) = n.get("muc") {
                walk(children, cap + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(Yaml::List(nodes)) = nodes {
        walk(nodes, 1, &mut out);
    }
    out
}

/// Rows back into nodes: a heading opens a node at its level; a paragraph or dash item
/// joins the last node of its level (opening one without heading when there is none, or
/// when the node already has what comes after it: its dash items or children).
pub fn outline_nodes(rows: &[OutlineRow]) -> Yaml {
    #[derive(Default)]
    struct N {
        tieu_de: Option<String>,
        doan: Vec<String>,
        y: Vec<String>,
        muc: Vec<N>,
    }
    fn to_yaml(n: N) -> Yaml {
        let mut m = Vec::new();
        if let Some(t) = n.tieu_de {
            m.push(("tieu_de".to_string(), Yaml::Str(t)));
        }
        match n.doan.len() {
            0 => {}
            1 => m.push(("doan".into(), Yaml::Str(n.doan.into_iter().next().unwrap_or_default()))),
            _ => m.push(("doan".into(), Yaml::List(n.doan.into_iter().map(Yaml::Str).collect()))),
        }
        if !n.y.is_empty() {
            m.push(("y".into(), Yaml::List(n.y.into_iter().map(Yaml::Str).collect())));
        }
        if !n.muc.is_empty() {
            m.push(("muc".into(), Yaml::List(n.muc.into_iter().map(to_yaml).collect())));
        }
        Yaml::Map(m)
    }
    // The open path of nodes: path[d] is the last node at depth d+1.
    let mut top: Vec<N> = Vec::new();
    for r in rows.iter().filter(|r| !r.text.trim().is_empty()) {
        let cap = r.cap.clamp(1, 4);
        // Walk down the last nodes to depth cap-1, creating empty ones where missing.
        let mut level: &mut Vec<N> = &mut top;
        for _ in 1..cap {
            if level.is_empty() {
                level.push(N::default());
            }
            let last = level.len() - 1;
            level = &mut level[last].muc;
        }
        let text = r.text.trim().to_string();
        let needs_new = match (r.loai.as_str(), level.last()) {
            ("tieu_de" | "muc", _) | (_, None) => true,
            ("doan", Some(n)) => !n.y.is_empty() || !n.muc.is_empty(),
            (_, Some(n)) => !n.muc.is_empty(),
        };
        if needs_new {
            level.push(N::default());
        }
        let n = level.last_mut().expect("pushed");
        match r.loai.as_str() {
            "tieu_de" => n.tieu_de = Some(text),
            "y" => n.y.push(text),
            _ => n.doan.push(text),
        }
    }
    Yaml::List(top.into_iter().map(to_yaml).collect())
}

fn tasks(y: Option<&Yaml>) -> Vec<Task> {
    let Some(Yaml::List(items)) = y else {
        return vec![];
    };
    items
        .iter()
        .map(|t| {
            let g = |k: &str| t.get(k).map(|v| v.scalar_text()).unwrap_or_default();
            Task {
                noi_dung: g("noi_dung"),
                chu_tri: g("chu_tri"),
                phoi_hop: g("phoi_hop"),
                thoi_gian: g("thoi_gian"),
                san_pham: g("san_pham"),
            }
        })
        .collect()
}

fn pts(p: crate::campaign::scoring::Pts) -> String {
    let h = p.hundredths();
    if h % 100 == 0 {
        (h / 100).to_string()
    } else {
        format!("{}", h as f64 / 100.0)
    }
}

fn dossier(spec: &Spec, y: &Yaml) -> Dossier {
    let sheet = spec
        .plan
        .and_then(|p| p.score_sheet.as_ref())
        .expect("has_dossier");
    let block = spec.agency.info.khoi.as_ref().map(|k| k.value.as_str());
    let scores = y.get("cham_diem");
    let rows: Vec<Criterion> = sheet
        .criteria
        .iter()
        .filter(|c| c.applies_to(block))
        .map(|c| {
            let entry = scores.and_then(|s| s.get(&c.id));
            let g = |k: &str| {
                entry
                    .and_then(|e| e.get(k))
                    .map(|v| v.scalar_text())
                    .unwrap_or_default()
            };
            let evidence = match entry.and_then(|e| e.get("kiem_chung")) {
                Some(Yaml::List(l)) => l.clone(),
                _ => vec![],
            };
            let van_ban = evidence
                .iter()
                .filter_map(|e| e.get("van_ban").map(|v| v.scalar_text()))
                .collect();
            let khac = evidence
                .iter()
                .filter(|e| e.get("van_ban").is_none())
                .map(evidence_line)
                .collect::<Vec<_>>()
                .join("\n");
            Criterion {
                id: c.id.clone(),
                so: c.so.clone(),
                ten: c.ten.clone(),
                depth: c.depth,
                group: c.group,
                leaf: c.max.is_some(),
                toi_da: c.max.map(pts).unwrap_or_default(),
                cach_cham: c.cach_cham.clone().unwrap_or_default(),
                diem: g("diem"),
                giai_trinh: g("giai_trinh"),
                van_ban,
                khac,
                khong_phat_sinh: c.not_arising.map(|_| g("khong_phat_sinh") == "true"),
            }
        })
        .collect();
    let claims = |key: &str, amount: &str| -> BTreeMap<String, (String, String)> {
        match y.get(key) {
            Some(Yaml::List(l)) => l
                .iter()
                .filter_map(|c| {
                    let ma = c.get("ma")?.scalar_text();
                    // Without an amount, the claim counts the default (shown as such).
                    let v = c.get(amount).map(|v| v.scalar_text()).unwrap_or_default();
                    let gt = c.get("giai_trinh").map(|v| v.scalar_text()).unwrap_or_default();
                    Some((ma, (v, gt)))
                })
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    let adjust = |a: &crate::campaign::scoring::Adjust, key: &str, amount: &str| {
        let claimed = claims(key, amount);
        a.items
            .iter()
            .map(|(ma, ten, p)| {
                let (mut value, giai_trinh) = claimed.get(ma).cloned().unwrap_or_default();
                if value.is_empty() && claimed.contains_key(ma) {
                    value = default_amount(amount, *p);
                }
                Adjustment {
                    ma: ma.clone(),
                    ten: ten.clone(),
                    diem: pts(*p),
                    default: default_amount(amount, *p),
                    value,
                    giai_trinh,
                }
            })
            .collect::<Vec<_>>()
    };
    let documents = spec
        .agency
        .documents
        .iter()
        .filter(|d| d.name != spec.doc)
        .map(|d| Choice {
            value: d.name.clone(),
            label: spec
                .plan
                .map(|p| p.deadline_label(&crate::campaign::plan::key(&d.name)))
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| d.name.clone()),
        })
        .collect();
    let leaves: Vec<serde_json::Value> = sheet
        .criteria
        .iter()
        .filter(|c| c.max.is_some() && c.applies_to(block))
        .map(|c| {
            serde_json::json!({
                "id": c.id, "group": c.group, "max": c.max.map(|m| m.hundredths()).unwrap_or(0),
                "khong_phat_sinh": match c.not_arising {
                    Some(crate::campaign::scoring::NotArising::Max) => "toi_da",
                    Some(crate::campaign::scoring::NotArising::Drop) => "bo",
                    None => "",
                },
            })
        })
        .collect();
    let items = |a: &crate::campaign::scoring::Adjust| -> serde_json::Value {
        serde_json::json!({
            "cap": a.cap.map(|c| c.hundredths()),
            "items": a.items.iter().map(|(ma, _, p)| serde_json::json!({"ma": ma, "diem": p.hundredths()})).collect::<Vec<_>>(),
        })
    };
    let rules = serde_json::json!({
        "leaves": leaves,
        "full": sheet.full().hundredths(),
        "bonus": items(&sheet.bonus),
        "penalty": items(&sheet.penalty),
        "bands": sheet.bands.iter().map(|b| serde_json::json!({
            "ten": b.ten, "from": b.from.hundredths(), "no_zero_group": b.no_zero_group, "no_penalty": b.no_penalty,
        })).collect::<Vec<_>>(),
    });
    Dossier {
        rows,
        bonus: adjust(&sheet.bonus, "diem_thuong", "diem"),
        penalty: adjust(&sheet.penalty, "diem_tru", "so_lan"),
        documents,
        rules: rules.to_string(),
    }
}

/// What a claim without an amount counts: a bonus item's points, a penalty once.
fn default_amount(amount: &str, item: crate::campaign::scoring::Pts) -> String {
    if amount == "diem" {
        pts(item)
    } else {
        "1".into()
    }
}

/// A named evidence document as one line: "tên; số; ngày".
fn evidence_line(e: &Yaml) -> String {
    let g = |k: &str| e.get(k).map(|v| v.scalar_text()).unwrap_or_default();
    let mut parts = vec![g("ten"), g("so"), g("ngay")];
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.join("; ")
}

fn evidence_from_line(line: &str) -> Yaml {
    let mut parts = line.split(';').map(str::trim);
    let mut m = Vec::new();
    for k in ["ten", "so", "ngay"] {
        if let Some(p) = parts.next().filter(|p| !p.is_empty()) {
            m.push((k.to_string(), Yaml::Str(p.to_string())));
        }
    }
    Yaml::Map(m)
}

/// A posted form: its fields in order (repeated names keep every value).
pub struct Posted(pub Vec<(String, String)>);

impl Posted {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A text field as typed: trimmed, line breaks normalised, NFC.
fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.replace("\r\n", "\n").trim().nfc().collect()
}

/// A textarea: one item per non-empty line.
fn item_lines(s: &str) -> Vec<String> {
    clean(s)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn list_or_none(items: Vec<String>) -> Option<Yaml> {
    (!items.is_empty()).then(|| Yaml::List(items.into_iter().map(Yaml::Str).collect()))
}

/// Sets a list field from a textarea. Emptied, a key the file had stays as `[]` (for some
/// keys "none" differs from "the default"); one it never had stays absent.
fn set_items(y: &mut Yaml, key: &str, text: Option<&str>) {
    let Some(text) = text else { return };
    let items = list_or_none(item_lines(text));
    let had = y.get(key).is_some();
    y.set(key, items.or_else(|| had.then(|| Yaml::List(vec![]))));
}

/// Sets `key` in a map, a new key going after the last key that comes before it in
/// `order` (the catalogue's), so figures stay in the order the catalogue lists them.
fn set_ordered(map: &mut Yaml, key: &str, value: Option<Yaml>, order: &[&str]) {
    let exists = map.get(key).is_some();
    match value {
        Some(v) if !exists => {
            let Yaml::Map(m) = map else {
                *map = Yaml::Map(vec![(key.to_string(), v)]);
                return;
            };
            let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
            let mine = rank(key);
            let at = m
                .iter()
                .rposition(|(k, _)| rank(k) < mine)
                .map_or(0, |i| i + 1);
            m.insert(at, (key.to_string(), v));
        }
        other => map.set(key, other),
    }
}

/// A number as typed: digits (with Vietnamese thousands dots) become an integer; anything
/// else is kept as text, so the check reports it at its field and nothing is lost.
fn number(s: &str) -> Option<Yaml> {
    let t = clean(s);
    if t.is_empty() {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != '.' && *c != ' ').collect();
    let grouped = t.split('.').skip(1).all(|g| g.len() == 3);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && grouped {
        if let Ok(i) = digits.parse::<i64>() {
            return Some(Yaml::Int(i));
        }
    }
    Some(Yaml::Str(t))
}

/// Points as typed: "4,5" or "4.5".
fn points(s: &str) -> Option<Yaml> {
    let t = clean(s).replace(',', ".");
    if t.is_empty() {
        return None;
    }
    match (t.parse::<i64>(), t.parse::<f64>()) {
        (Ok(i), _) => Some(Yaml::Int(i)),
        (_, Ok(f)) if f.is_finite() => Some(Yaml::Float(f)),
        _ => Some(Yaml::Str(t)),
    }
}

fn text_or_none(s: &str) -> Option<Yaml> {
    let t = clean(s);
    (!t.is_empty()).then_some(Yaml::Str(t))
}

/// Applies a posted form onto the document's tree. Only the fields the form showed are
/// touched; every other key keeps its value and place.
pub fn apply(spec: &Spec, shown: &Form, p: &Posted, y: &mut Yaml) {
    if !matches!(y, Yaml::Map(_)) {
        *y = Yaml::empty_map();
    }
    y.set("so", p.get("so").and_then(number));
    y.set("ngay", p.get("ngay").and_then(text_or_none));
    if p.get("trich_yeu").is_some() {
        y.set("trich_yeu", p.get("trich_yeu").and_then(text_or_none));
    }
    y.set("nguoi_ky", p.get("nguoi_ky").and_then(text_or_none));
    set_items(y, "kinh_gui", p.get("kinh_gui"));
    set_items(y, "noi_nhan", p.get("noi_nhan"));
    let order: Vec<&str> = spec
        .plan
        .map(|pl| pl.catalogue.ids().collect())
        .unwrap_or_default();
    for g in &shown.figures {
        for r in &g.rows {
            let v = p.get(&format!("so_lieu/{}", r.ma)).and_then(number);
            set_ordered(y.entry("so_lieu"), &r.ma, v, &order);
        }
        if !g.ma.is_empty() {
            let v = p
                .get(&format!("ket_qua/{}", g.ma))
                .map(item_lines)
                .and_then(list_or_none);
            y.entry("ket_qua").set(&g.ma, v);
        }
    }
    for key in ["so_lieu", "ket_qua"] {
        if y.get(key).is_some_and(|v| v.is_empty_value()) {
            y.set(key, None);
        }
    }
    for f in &shown.prose {
        match (f.single, p.get(&f.key)) {
            (_, None) => continue,
            (true, Some(t)) => y.set(&f.key, text_or_none(t)),
            (false, Some(t)) => set_items(y, &f.key, Some(t)),
        }
    }
    if shown.outline.is_some() {
        let rows: Vec<OutlineRow> = p
            .all("dm_cap")
            .iter()
            .zip(p.all("dm_loai"))
            .zip(p.all("dm_noi_dung"))
            .map(|((cap, loai), text)| OutlineRow {
                cap: cap.parse().unwrap_or(1),
                loai: loai.to_string(),
                text: clean(text),
            })
            .collect();
        let nodes = outline_nodes(&rows);
        y.set("noi_dung", (!nodes.is_empty_value()).then_some(nodes));
    }
    if shown.tasks.is_some() {
        let cols = ["noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"];
        let values: Vec<Vec<&str>> = cols.iter().map(|c| p.all(&format!("pc_{c}"))).collect();
        let n = values.iter().map(Vec::len).min().unwrap_or(0);
        let rows: Vec<Yaml> = (0..n)
            .filter(|i| values.iter().any(|v| !v[*i].trim().is_empty()))
            .map(|i| {
                Yaml::Map(
                    cols.iter()
                        .zip(&values)
                        .filter(|(c, v)| **c != "phoi_hop" || !v[i].trim().is_empty())
                        .map(|(c, v)| (c.to_string(), Yaml::Str(clean(v[i]))))
                        .collect(),
                )
            })
            .collect();
        y.set("phan_cong", (!rows.is_empty()).then_some(Yaml::List(rows)));
    }
    if let Some(d) = &shown.dossier {
        apply_dossier(spec, d, p, y);
    }
}

fn apply_dossier(_spec: &Spec, d: &Dossier, p: &Posted, y: &mut Yaml) {
    for c in d.rows.iter().filter(|c| c.leaf) {
        let field = |k: &str| format!("cd/{}/{k}", c.id);
        let entry = y.entry("cham_diem").entry(&c.id);
        entry.set("diem", p.get(&field("diem")).and_then(points));
        if c.khong_phat_sinh.is_some() {
            let on = p.get(&field("kps")).is_some();
            entry.set("khong_phat_sinh", on.then_some(Yaml::Bool(true)));
        }
        let mut evidence: Vec<Yaml> = p
            .all(&field("vb"))
            .into_iter()
            .map(|v| Yaml::Map(vec![("van_ban".into(), Yaml::Str(clean(v)))]))
            .collect();
        evidence.extend(
            p.get(&field("khac"))
                .map(item_lines)
                .unwrap_or_default()
                .iter()
                .map(|l| evidence_from_line(l)),
        );
        entry.set("kiem_chung", (!evidence.is_empty()).then_some(Yaml::List(evidence)));
        entry.set("giai_trinh", p.get(&field("giai_trinh")).and_then(text_or_none));
        if entry.is_empty_value() {
            y.entry("cham_diem").set(&c.id, None);
        }
    }
    if y.get("cham_diem").is_some_and(|v| v.is_empty_value()) {
        y.set("cham_diem", None);
    }
    for (key, prefix, amount, items) in [
        ("diem_thuong", "dt", "diem", &d.bonus),
        ("diem_tru", "tru", "so_lan", &d.penalty),
    ] {
        let old = match y.get(key) {
            Some(Yaml::List(l)) => l.clone(),
            _ => vec![],
        };
        let mut out = Vec::new();
        for a in items {
            let value = p.get(&format!("{prefix}/{}/gia_tri", a.ma)).and_then(points);
            let Some(value) = value else { continue };
            // An existing claim keeps its other keys (evidence).
            let mut claim = old
                .iter()
                .find(|c| c.get("ma").map(|m| m.scalar_text()).as_deref() == Some(a.ma.as_str()))
                .cloned()
                .unwrap_or_else(|| Yaml::Map(vec![("ma".into(), Yaml::Str(a.ma.clone()))]));
            // A claim written without an amount keeps it so while the default is kept.
            let implicit = claim.get(amount).is_none()
                && points(&a.default).as_ref() == Some(&value);
            if !implicit {
                claim.set(amount, Some(value));
            }
            claim.set(
                "giai_trinh",
                p.get(&format!("{prefix}/{}/giai_trinh", a.ma))
                    .and_then(text_or_none),
            );
            out.push(claim);
        }
        y.set(key, (!out.is_empty()).then_some(Yaml::List(out)));
    }
}

/// The names of the fields a form shows (errors on other keys are shown above the form).
pub fn shown_fields(f: &Form) -> std::collections::BTreeSet<String> {
    let mut out: std::collections::BTreeSet<String> =
        ["so", "ngay", "trich_yeu", "nguoi_ky", "kinh_gui", "noi_nhan"]
            .into_iter()
            .map(String::from)
            .collect();
    for g in &f.figures {
        out.extend(g.rows.iter().map(|r| format!("so_lieu/{}", r.ma)));
        if !g.ma.is_empty() {
            out.insert(format!("ket_qua/{}", g.ma));
        }
    }
    out.extend(f.prose.iter().map(|p| p.key.clone()));
    if f.outline.is_some() {
        out.insert("noi_dung".into());
    }
    if f.tasks.is_some() {
        out.insert("phan_cong".into());
    }
    if let Some(d) = &f.dossier {
        for c in d.rows.iter().filter(|c| c.leaf) {
            for k in ["diem", "khac", "giai_trinh", "kps"] {
                out.insert(format!("cd/{}/{k}", c.id));
            }
        }
        for (prefix, items) in [("dt", &d.bonus), ("tru", &d.penalty)] {
            for a in items.iter() {
                out.insert(format!("{prefix}/{}/gia_tri", a.ma));
                out.insert(format!("{prefix}/{}/giai_trinh", a.ma));
            }
        }
    }
    out
}

/// The form field a YAML key path concerns (for errors shown beside it).
pub fn field_of(path: &[String], y: &Yaml) -> String {
    let seg = |i: usize| path.get(i).map(String::as_str).unwrap_or("");
    match seg(0) {
        "so_lieu" if !seg(1).is_empty() => format!("so_lieu/{}", seg(1)),
        "ket_qua" if !seg(1).is_empty() => format!("ket_qua/{}", seg(1)),
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
            let sub = if seg(2) == "giai_trinh" { "giai_trinh" } else { "gia_tri" };
            format!("{prefix}/{ma}/{sub}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_survives_rows_and_back() {
        let text = "noi_dung:\n  - tieu_de: MỤC ĐÍCH\n    muc:\n      - doan: Khoản không tiêu đề.\n      - doan: Một đoạn.\n        y:\n          - gạch một\n          - gạch hai\n      - tieu_de: Khoản có tiêu đề\n        doan:\n          - Đoạn một.\n          - Đoạn hai.\n  - tieu_de: YÊU CẦU\n    doan: Đoạn của mục.\n";
        let y = Yaml::parse(std::path::Path::new("t.yaml"), text).unwrap();
        let rows = outline_rows(y.get("noi_dung"));
        assert_eq!(rows.len(), 10, "{rows:#?}");
        assert_eq!(rows[2], OutlineRow { cap: 2, loai: "muc".into(), text: "Một đoạn.".into() });
        assert_eq!(rows[3], OutlineRow { cap: 2, loai: "y".into(), text: "gạch một".into() });
        assert_eq!(&outline_nodes(&rows), y.get("noi_dung").unwrap());
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number("1.073"), Some(Yaml::Int(1073)));
        assert_eq!(number(" 63 "), Some(Yaml::Int(63)));
        assert_eq!(number("6x"), Some(Yaml::Str("6x".into())));
        assert_eq!(number("1.5"), Some(Yaml::Str("1.5".into())));
        assert_eq!(number(""), None);
        assert_eq!(points("4,5"), Some(Yaml::Float(4.5)));
        assert_eq!(points("5"), Some(Yaml::Int(5)));
    }
}
