//! A posted form applied onto the document's tree: typed values cleaned, numbers read as
//! Vietnamese write them, emptied lists kept as the file had them.

use super::*;

/// A posted form: its fields in order (repeated names keep every value).
pub struct Posted(pub Vec<(String, String)>);

impl Posted {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
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
pub(super) fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.replace("\r\n", "\n").trim().nfc().collect()
}

/// A textarea: one item per non-empty line.
pub(super) fn item_lines(s: &str) -> Vec<String> {
    clean(s)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn list_or_none(items: Vec<String>) -> Option<Yaml> {
    (!items.is_empty()).then(|| Yaml::List(items.into_iter().map(Yaml::Str).collect()))
}

/// Sets a list field from a textarea. Emptied, a key the file had stays as `[]` (for some
/// keys "none" differs from "the default"); one it never had stays absent.
pub(super) fn set_items(y: &mut Yaml, key: &str, text: Option<&str>) {
    let Some(text) = text else { return };
    let items = list_or_none(item_lines(text));
    let had = y.get(key).is_some();
    y.set(key, items.or_else(|| had.then(|| Yaml::List(vec![]))));
}

/// Sets `key` in a map, a new key going after the last key that comes before it in
/// `order` (the catalogue's), so figures stay in the order the catalogue lists them.
pub(super) fn set_ordered(map: &mut Yaml, key: &str, value: Option<Yaml>, order: &[&str]) {
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
pub(super) fn number(s: &str) -> Option<Yaml> {
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
pub(super) fn points(s: &str) -> Option<Yaml> {
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

/// Fields where the form asks for a number and was given something else, each with what to
/// do, in the clerk's words: told at the field before any check (the check would speak of
/// types and keys).
pub fn typed_errors(
    p: &Posted,
    shown: &std::collections::BTreeMap<String, String>,
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (name, value) in &p.0 {
        if !shown.contains_key(name) {
            continue;
        }
        let whole = name == "so" || name.starts_with("so_lieu/");
        let decimal =
            (name.starts_with("cd/") && name.ends_with("/diem")) || name.ends_with("/gia_tri");
        let t = clean(value);
        if t.is_empty() || !(whole || decimal) {
            continue;
        }
        let ok = if whole {
            matches!(number(&t), Some(Yaml::Int(_)))
        } else {
            matches!(points(&t), Some(Yaml::Int(_) | Yaml::Float(_)))
        };
        if ok {
            continue;
        }
        let negative = t.starts_with('-')
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        let message = if negative {
            "Số không được âm.".to_string()
        } else if whole {
            format!(
                "“{t}” không phải là số. Nhập bằng chữ số, ví dụ 28; số lớn viết 1.073 hoặc 1073."
            )
        } else {
            format!("“{t}” không phải là số điểm. Nhập bằng chữ số, ví dụ 4 hoặc 4,5.")
        };
        out.insert(name.clone(), message);
    }
    // A bonus or penalty explained but not claimed would be dropped on save: said instead.
    for (name, value) in &p.0 {
        let Some(base) = name.strip_suffix("/giai_trinh") else {
            continue;
        };
        let amount = format!("{base}/gia_tri");
        let claimed = p.get(&amount).is_some_and(|v| !clean(v).is_empty());
        if shown.contains_key(&amount) && !claimed && !clean(value).is_empty() {
            let what = if base.starts_with("tru/") {
                "số lần bị trừ"
            } else {
                "số điểm đề nghị"
            };
            out.entry(amount).or_insert(format!(
                "Đã ghi giải trình nhưng chưa ghi {what}: ghi vào ô này, hoặc xóa giải trình nếu không đề nghị."
            ));
        }
    }
    out
}

pub(super) fn text_or_none(s: &str) -> Option<Yaml> {
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
    let day = p.get("ngay").and_then(text_or_none).map(|typed| {
        let t = typed.scalar_text();
        let old = y.get("ngay").map(|v| v.scalar_text());
        match crate::campaign::dates::parse_date(&t) {
            // The same day as the file says: the file's line stays as written.
            Some(d) if old.as_deref().and_then(crate::campaign::dates::parse_date) == Some(d) => {
                y.get("ngay").cloned().unwrap_or(typed)
            }
            Some(d) => Yaml::Str(d.format("%Y-%m-%d").to_string()),
            // Not a date: kept as typed, for the check to say so at the field.
            None => typed,
        }
    });
    y.set("ngay", day);
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
        if g.ket_qua_shown {
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
            // An empty text the file wrote on purpose (`ket_luan: ""`: no closing) stays.
            (true, Some(t))
                if clean(t).is_empty() && y.get(&f.key) == Some(&Yaml::Str(String::new())) => {}
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
        let as_shown = shown.outline.as_deref().is_some_and(|s| {
            let kept = |r: &&OutlineRow| !r.text.trim().is_empty();
            s.iter()
                .filter(kept)
                .map(|r| (r.cap, r.loai.as_str(), clean(&r.text)))
                .eq(rows
                    .iter()
                    .filter(kept)
                    .map(|r| (r.cap, r.loai.as_str(), r.text.clone())))
        });
        if p.get("dm_mac_dinh").is_some() {
            // Back to the template's own sections, on purpose.
            y.set("noi_dung", None);
        } else if !as_shown {
            // Rows left as shown change nothing: the template's sections stay the
            // template's (they follow it and the campaign) until the clerk edits them.
            let nodes = outline_nodes(&rows);
            let own = !nodes.is_empty_value();
            if own && shown.outline_stock {
                // The template's sections become the document's own: what they printed
                // from other fields (a plan's own targets) is in the rows now.
                for k in &spec.in_outline {
                    y.set(k, None);
                }
            }
            y.set("noi_dung", own.then_some(nodes));
        }
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
        entry.set(
            "kiem_chung",
            (!evidence.is_empty()).then_some(Yaml::List(evidence)),
        );
        entry.set(
            "giai_trinh",
            p.get(&field("giai_trinh")).and_then(text_or_none),
        );
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
            let value = p
                .get(&format!("{prefix}/{}/gia_tri", a.ma))
                .and_then(points);
            let Some(value) = value else { continue };
            // An existing claim keeps its other keys (evidence).
            let mut claim = old
                .iter()
                .find(|c| c.get("ma").map(|m| m.scalar_text()).as_deref() == Some(a.ma.as_str()))
                .cloned()
                .unwrap_or_else(|| Yaml::Map(vec![("ma".into(), Yaml::Str(a.ma.clone()))]));
            // A claim written without an amount keeps it so while the default is kept.
            let implicit =
                claim.get(amount).is_none() && points(&a.default).as_ref() == Some(&value);
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn an_explanation_without_its_amount_is_said_not_dropped() {
        let shown: std::collections::BTreeMap<String, String> = [
            "dt/a/gia_tri",
            "dt/a/giai_trinh",
            "tru/b/gia_tri",
            "tru/b/giai_trinh",
        ]
        .iter()
        .map(|k| (k.to_string(), "nhãn".to_string()))
        .collect();
        let posted = |pairs: &[(&str, &str)]| {
            Posted(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        let e = typed_errors(
            &posted(&[
                ("dt/a/gia_tri", ""),
                ("dt/a/giai_trinh", "Được Bộ khen"),
                ("tru/b/gia_tri", " "),
                ("tru/b/giai_trinh", "Hai vụ việc"),
            ]),
            &shown,
        );
        assert!(e["dt/a/gia_tri"].contains("số điểm đề nghị"), "{e:?}");
        assert!(e["tru/b/gia_tri"].contains("số lần bị trừ"), "{e:?}");
        let e = typed_errors(
            &posted(&[("dt/a/gia_tri", "1"), ("dt/a/giai_trinh", "Được Bộ khen")]),
            &shown,
        );
        assert!(e.is_empty(), "{e:?}");
    }
}
