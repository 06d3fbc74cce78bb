//! A report's figures against the parent plan's indicator catalogue: validation (unknown
//! ids, parts above their wholes) and what the report prints from them (one sentence per
//! reported indicator under its group, the summary table). An indicator the agency did not
//! report appears nowhere; one reported as 0 says 0 (or the catalogue's "không phát sinh").

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::campaign::plan::{fill, Catalogue, Indicator, Plan};
use crate::ground::diag::{suggest, Diagnostic};
use crate::ground::nd30;
use crate::load::model::Figures;

/// The largest figure a report may give (999.999.999.999): far above any count a province
/// reports, and low enough that the sum over every agency of the country cannot overflow.
pub const MAX_COUNT: u64 = 999_999_999_999;

/// Reported values by indicator id.
pub type Values = BTreeMap<String, u64>;

/// How many times the previous report's figure a figure may be before it is flagged.
pub const JUMP: u64 = 10;

/// Warnings for figures that are possible but unlikely against the same agency's previous
/// report (`before`): a year-to-date figure (`luy_ke`) that went down, and any figure more
/// than `JUMP` times the previous one. `previous` names that report in the message.
pub fn plausibility(
    path: &Path,
    plan: &Plan,
    now: &Values,
    before: &Values,
    previous: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ind in &plan.catalogue.indicators {
        let (Some(&n), Some(&b)) = (now.get(&ind.ma), before.get(&ind.ma)) else {
            continue;
        };
        let message = if ind.luy_ke && n < b {
            format!(
                "`{}` là số lũy kế nhưng {} nhỏ hơn {} của {previous}",
                ind.ma,
                nd30::integer(n),
                nd30::integer(b)
            )
        } else if b > 0 && n > b.saturating_mul(JUMP) {
            format!(
                "`{}` là {}, gấp hơn {JUMP} lần {} của {previous}",
                ind.ma,
                nd30::integer(n),
                nd30::integer(b)
            )
        } else {
            continue;
        };
        let (line, col) = crate::load::yaml::path_place(path, &format!("so_lieu.{}", ind.ma));
        out.push(
            Diagnostic::new(path, line, col, message)
                .hint("kiểm tra lại số liệu (thừa một chữ số? số của kỳ khác?); nếu đúng thì bỏ qua cảnh báo này")
                .warn(),
        );
    }
    out
}

/// Checks a report's values against the catalogue; every problem at once.
pub fn check(path: &Path, plan: &Plan, f: &Figures) -> (Values, Vec<Diagnostic>) {
    let cat = &plan.catalogue;
    let mut diags = Vec::new();
    let mut values = Values::new();
    for (id, v) in &f.0 {
        if cat.get(&id.value).is_none() {
            diags.push(unknown_indicator(path, plan, id));
        } else if v.value.0 > MAX_COUNT {
            diags.push(
                Diagnostic::at(
                    path,
                    v.referenced,
                    format!(
                        "số `{}` của `{}` quá lớn: số liệu tối đa {}",
                        v.value.0,
                        id.value,
                        nd30::integer(MAX_COUNT)
                    ),
                )
                .hint("kiểm tra lại số liệu (có gõ thừa chữ số không?)"),
            );
        } else {
            values.insert(id.value.clone(), v.value.0);
        }
    }
    for (id, v) in &f.0 {
        let Some(ind) = cat.get(&id.value) else {
            continue;
        };
        let Some(whole_id) = &ind.thuoc else { continue };
        match values.get(whole_id) {
            Some(&whole) if v.value.0 > whole => diags.push(
                Diagnostic::at(
                    path,
                    v.referenced,
                    format!(
                        "`{}` ({}) lớn hơn `{whole_id}` ({}), chỉ số mà nó là một phần",
                        id.value,
                        nd30::integer(v.value.0),
                        nd30::integer(whole)
                    ),
                )
                .hint(format!(
                    "kiểm tra lại số liệu: {} không thể nhiều hơn {}",
                    ind.ten.to_lowercase(),
                    cat.get(whole_id)
                        .map_or(whole_id.to_string(), |w| w.ten.to_lowercase())
                )),
            ),
            None if mentions_whole(ind) => diags.push(
                Diagnostic::at(
                    path,
                    id.referenced,
                    format!(
                        "chỉ số `{}` là phần của `{whole_id}` nhưng `{whole_id}` không được khai",
                        id.value
                    ),
                )
                .hint(format!("thêm dòng `{whole_id}: …` vào `so_lieu`")),
            ),
            _ => {}
        }
    }
    (values, diags)
}

/// An id the catalogue does not declare, with the near one or where to declare it.
fn unknown_indicator(path: &Path, plan: &Plan, id: &serde_saphyr::Spanned<String>) -> Diagnostic {
    let cat = &plan.catalogue;
    let hint = if cat.indicators.is_empty() {
        match &plan.file {
            Some(f) => format!("kế hoạch cấp trên chưa khai chỉ số nào; khai danh sách `chi_so` trong {}", f.display()),
            None => format!(
                "không gian làm việc chưa có kế hoạch cấp trên; tạo data/{} với danh sách `chi_so` (xem README), hoặc bỏ `so_lieu`",
                crate::load::workspace::PARENT_FILES[0]
            ),
        }
    } else {
        format!(
            "{} (chỉ số khai trong {})",
            suggest(&id.value, cat.ids()),
            plan.file_name()
        )
    };
    Diagnostic::at(
        path,
        id.referenced,
        format!("không có chỉ số `{}`", id.value),
    )
    .hint(hint)
}

fn mentions_whole(i: &Indicator) -> bool {
    [&i.cau, &i.khong_phat_sinh]
        .into_iter()
        .flatten()
        .any(|c| c.contains("{tong}"))
}

/// One reported indicator as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub ma: String,
    pub ten: String,
    pub don_vi: String,
    pub gia_tri: u64,
    /// "1.073".
    pub so: String,
    /// "97,5%", when the indicator has a whole that is not 0.
    pub ty_le: Option<String>,
    /// The report's sentence, with its full stop.
    pub cau: String,
}

/// An indicator group's part of a report: its sentences and the agency's own items.
#[derive(Debug, Clone, Serialize)]
pub struct GroupShown {
    pub ma: String,
    pub ten: String,
    pub cau: Vec<String>,
    pub them: Vec<String>,
}

/// Everything a report template gets from the figures.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    /// Reported indicators by id.
    pub chi_so: BTreeMap<String, Shown>,
    /// Groups that have a sentence or an item, in catalogue order.
    pub nhom: Vec<GroupShown>,
    /// Summary table rows, in catalogue order.
    pub bang: Vec<Shown>,
    /// Whether any table row has a rate (the rate column is left out otherwise).
    pub bang_co_ty_le: bool,
}

/// The report's view of `values` (checked) and the agency's items by group.
pub fn report(cat: &Catalogue, values: &Values, items: &BTreeMap<String, Vec<String>>) -> Report {
    let mut shown = BTreeMap::new();
    for ind in &cat.indicators {
        let Some(&v) = values.get(&ind.ma) else {
            continue;
        };
        let whole = ind.thuoc.as_ref().and_then(|w| values.get(w)).copied();
        let rate = whole
            .filter(|_| ind.ty_le)
            .and_then(|w| nd30::percent(v as f64, w as f64));
        let so = nd30::integer(v);
        let tong = whole.map(nd30::integer).unwrap_or_default();
        let pct = rate.clone().unwrap_or_default();
        let subs = [
            ("so", so.as_str()),
            ("tong", tong.as_str()),
            ("ty_le", pct.as_str()),
        ];
        let sentence = match (&ind.khong_phat_sinh, v) {
            (Some(k), 0) => fill(k, &subs),
            _ => {
                let base = match &ind.cau {
                    Some(c) => fill(c, &subs),
                    None => format!("{}: {} {}", ind.ten, so, ind.don_vi)
                        .trim_end()
                        .to_string(),
                };
                match &rate {
                    Some(_) => format!("{base}{}", fill(&ind.cau_ty_le, &subs)),
                    None => base,
                }
            }
        };
        // A part of a zero whole is zero too: the whole's sentence already says it, and
        // "0/0" says nothing.
        let sentence = if whole == Some(0) {
            String::new()
        } else {
            sentence
        };
        shown.insert(
            ind.ma.clone(),
            Shown {
                ma: ind.ma.clone(),
                ten: ind.ten.clone(),
                don_vi: ind.don_vi.clone(),
                gia_tri: v,
                so,
                ty_le: rate,
                cau: if sentence.is_empty() {
                    sentence
                } else {
                    full_stop(&sentence)
                },
            },
        );
    }
    let nhom = cat
        .groups
        .iter()
        .map(|g| GroupShown {
            ma: g.ma.clone(),
            ten: g.ten.clone(),
            cau: cat
                .indicators
                .iter()
                .filter(|i| i.nhom.as_deref() == Some(&g.ma))
                .filter_map(|i| shown.get(&i.ma).map(|s: &Shown| s.cau.clone()))
                .filter(|c| !c.is_empty())
                .collect(),
            them: items.get(&g.ma).cloned().unwrap_or_default(),
        })
        .filter(|g| !g.cau.is_empty() || !g.them.is_empty())
        .collect();
    let bang: Vec<Shown> = cat
        .indicators
        .iter()
        .filter(|i| i.bang)
        .filter_map(|i| shown.get(&i.ma).cloned())
        .collect();
    Report {
        bang_co_ty_le: bang.iter().any(|s| s.ty_le.is_some()),
        chi_so: shown,
        nhom,
        bang,
    }
}

/// A sentence ends with a full stop unless it already ends a sentence.
fn full_stop(s: &str) -> String {
    let t = s.trim_end().trim_end_matches([';', ',']);
    if t.ends_with(['.', '!', '?', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Items under groups the catalogue does not have: errors at the key's line.
pub fn check_items(
    path: &Path,
    plan: &Plan,
    items: &BTreeMap<String, Vec<String>>,
) -> Vec<Diagnostic> {
    items
        .keys()
        .filter(|k| !plan.catalogue.groups.iter().any(|g| &g.ma == *k))
        .map(|k| {
            let (l, c) = crate::load::yaml::key_place(path, k);
            Diagnostic::new(
                path,
                l,
                c,
                format!("`ket_qua` có nhóm `{k}` không có trong kế hoạch cấp trên"),
            )
            .hint(format!(
                "{} (nhóm khai trong `nhom_chi_so` của {})",
                suggest(k, plan.catalogue.group_ids()),
                plan.file_name()
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::plan::{Group, Indicator};

    fn ind(ma: &str, thuoc: Option<&str>, cau: Option<&str>, kps: Option<&str>) -> Indicator {
        Indicator {
            ma: ma.into(),
            ten: format!("Tên {ma}"),
            don_vi: "hồ sơ".into(),
            nhom: Some("g".into()),
            thuoc: thuoc.map(Into::into),
            ty_le: thuoc.is_some(),
            cau: cau.map(Into::into),
            cau_ty_le: ", đạt {ty_le}".into(),
            khong_phat_sinh: kps.map(Into::into),
            bang: true,
            luy_ke: false,
        }
    }

    fn cat() -> Catalogue {
        Catalogue {
            groups: vec![
                Group {
                    ma: "g".into(),
                    ten: "Nhóm".into(),
                    liet_ke: false,
                },
                Group {
                    ma: "h".into(),
                    ten: "Trống".into(),
                    liet_ke: false,
                },
            ],
            indicators: vec![
                ind(
                    "tong",
                    None,
                    Some("Tiếp nhận {so} hồ sơ"),
                    Some("Không phát sinh hồ sơ"),
                ),
                ind(
                    "dung_han",
                    Some("tong"),
                    Some("Đúng hạn {so}/{tong} hồ sơ"),
                    None,
                ),
                ind("khac", None, None, None),
            ],
        }
    }

    #[test]
    fn only_reported_indicators_print_and_zero_says_so() {
        let values = Values::from([("tong".into(), 2000), ("dung_han".into(), 1999)]);
        let r = report(&cat(), &values, &BTreeMap::new());
        assert_eq!(r.nhom.len(), 1, "an empty group is left out");
        assert_eq!(
            r.nhom[0].cau,
            [
                "Tiếp nhận 2.000 hồ sơ.",
                "Đúng hạn 1.999/2.000 hồ sơ, đạt 99,95%."
            ]
        );
        assert!(!r.chi_so.contains_key("khac"));
        assert!(r.bang_co_ty_le);
        let zero = report(
            &cat(),
            &Values::from([("tong".into(), 0), ("dung_han".into(), 0)]),
            &BTreeMap::new(),
        );
        assert_eq!(
            zero.nhom[0].cau,
            ["Không phát sinh hồ sơ."],
            "never \"0/0\""
        );
        assert!(!zero.bang_co_ty_le, "no rate over a zero whole");
        let plain = report(
            &cat(),
            &Values::from([("khac".into(), 3)]),
            &BTreeMap::new(),
        );
        assert_eq!(plain.nhom[0].cau, ["Tên khac: 3 hồ sơ."]);
    }
}
