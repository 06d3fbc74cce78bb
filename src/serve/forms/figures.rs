//! A report's figures: one field per indicator of the catalogue, grouped as it groups them.

use super::*;

/// The groups of the catalogue with their figures; `printed`: whether the document prints
/// each group's other results.
pub(super) fn figures(plan: &Plan, y: &Yaml, printed: bool) -> Vec<FigureGroup> {
    let cat = &plan.catalogue;
    let values = y.get("so_lieu");
    let raw = |ma: &str| values.and_then(|v| v.get(ma));
    // A count as the documents print it ("1.073"), which the form reads back as typed.
    let value = |ma: &str| match raw(ma) {
        Some(Yaml::Int(i)) => crate::ground::nd30::integer(*i),
        Some(v) => v.scalar_text(),
        None => String::new(),
    };
    let count = |ma: &str| match raw(ma) {
        Some(Yaml::Int(i)) if *i >= 0 => Some(*i as f64),
        _ => None,
    };
    // The rate shown beside a part, worked out here so it shows without the page's
    // script; the script keeps it current as the clerk types.
    let rate = |i: &crate::campaign::plan::Indicator| {
        let (part, whole) = (count(&i.ma)?, count(i.thuoc.as_deref()?)?);
        (part <= whole)
            .then(|| crate::ground::nd30::percent(part, whole))
            .flatten()
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
        rate: rate(i),
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
            ket_qua_shown: printed || !ket_qua(&g.ma).is_empty(),
            ket_qua_printed: printed,
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
            ket_qua_shown: false,
            ket_qua_printed: false,
        });
    }
    groups
}
