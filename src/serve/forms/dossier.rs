//! A dossier's score sheet: criteria, evidence, bonus and penalty items, and the rules the
//! page's script totals and classifies with.

use std::collections::BTreeMap;

use super::*;

/// Points as Vietnamese write them ("4,5"); the forms read a comma or a point back.
pub(super) fn pts(p: crate::campaign::scoring::Pts) -> String {
    p.to_string()
}

pub(super) fn dossier(spec: &Spec, y: &Yaml) -> Dossier {
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
                // Shown with a decimal comma, as typed; read back either way.
                diem: g("diem").replace('.', ","),
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
                    let gt = c
                        .get("giai_trinh")
                        .map(|v| v.scalar_text())
                        .unwrap_or_default();
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
                value = value.replace('.', ",");
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
    Dossier {
        rows,
        bonus: adjust(&sheet.bonus, "diem_thuong", "diem"),
        penalty: adjust(&sheet.penalty, "diem_tru", "so_lan"),
        documents,
        rules: rules(sheet, block),
    }
}

/// What the page's script needs to total and classify as the user types: leaves with
/// their groups and maxima, bonus and penalty items with caps, bands (points in
/// hundredths), as JSON.
fn rules(sheet: &crate::campaign::scoring::ScoreSheet, block: Option<&str>) -> String {
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
    rules.to_string()
}

/// What a claim without an amount counts: a bonus item's points, a penalty once.
pub(super) fn default_amount(amount: &str, item: crate::campaign::scoring::Pts) -> String {
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
