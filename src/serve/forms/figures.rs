//! A report's figures: one field per indicator of the catalogue, grouped as it groups them.

use super::*;

pub(super) fn figures(plan: &Plan, y: &Yaml) -> Vec<FigureGroup> {
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
        .filter(|i| {
            i.nhom
                .as_deref()
                .is_none_or(|n| cat.groups.iter().all(|g| g.ma != n))
        })
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
