//! A plan's outline as rows (and back), and its task-assignment table.

use super::*;
use crate::ground::tree::{Block, Inline};

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
            for (i, p) in n
                .get("doan")
                .map(|d| d.lines())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
            {
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
            1 => m.push((
                "doan".into(),
                Yaml::Str(n.doan.into_iter().next().unwrap_or_default()),
            )),
            _ => m.push((
                "doan".into(),
                Yaml::List(n.doan.into_iter().map(Yaml::Str).collect()),
            )),
        }
        if !n.y.is_empty() {
            m.push((
                "y".into(),
                Yaml::List(n.y.into_iter().map(Yaml::Str).collect()),
            ));
        }
        if !n.muc.is_empty() {
            m.push((
                "muc".into(),
                Yaml::List(n.muc.into_iter().map(to_yaml).collect()),
            ));
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

/// The blocks of a composed body strictly between the paragraph that reads `opens` and
/// the last one that starts with `closes` (a probe's markers for the opening and the
/// closing paragraph, the closing one followed by "./."): the template's sections.
pub fn between<'b>(body: &'b [Block], opens: &str, closes: &str) -> Option<&'b [Block]> {
    let plain = |inl: &[Inline]| inl.iter().map(|i| i.text.as_str()).collect::<String>();
    let start = body
        .iter()
        .position(|b| matches!(b, Block::Paragraph { inlines, .. } if plain(inlines) == opens))?;
    let end = body.iter().rposition(
        |b| matches!(b, Block::Paragraph { inlines, .. } if plain(inlines).starts_with(closes)),
    )?;
    body.get(start + 1..end)
}

/// Sections as outline rows, in the words they print, so rows saved unchanged print the
/// same document. None when a block has no row form (a table, a centred line, a footnote).
pub fn stock_rows(sections: &[Block]) -> Option<Vec<OutlineRow>> {
    let mut rows = Vec::new();
    let mut cap = 1;
    for b in sections {
        let (loai, inlines, italic) = match b {
            Block::Heading {
                level,
                inlines,
                bold,
                ..
            } => {
                cap = usize::from(*level).clamp(1, 3);
                (if *bold { "tieu_de" } else { "muc" }, inlines, false)
            }
            Block::Paragraph { inlines, italic } => ("doan", inlines, *italic),
            Block::Item { inlines, .. } => ("y", inlines, false),
            _ => return None,
        };
        let mut text = runs_markup(inlines)?;
        if italic {
            text = format!("*{text}*");
        }
        rows.push(OutlineRow {
            cap,
            loai: loai.into(),
            text,
        });
    }
    Some(rows)
}

/// Runs back into the text a row holds: `**bold**`, `*italic*`, a literal `*` escaped.
/// None for a footnote reference (its label is not in the composed document).
fn runs_markup(inlines: &[Inline]) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < inlines.len() {
        let style = (inlines[i].bold, inlines[i].italic);
        let mut run = String::new();
        while i < inlines.len() && (inlines[i].bold, inlines[i].italic) == style {
            if inlines[i].footnote.is_some() {
                return None;
            }
            run.push_str(&inlines[i].text.replace('*', "\\*"));
            i += 1;
        }
        let mark = match style {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(&format!("{mark}{run}{mark}"));
    }
    Some(out)
}

/// Whether any unit of an outline has content in its own order (`noi_dung`).
pub(super) fn has_parts(nodes: Option<&Yaml>) -> bool {
    let Some(Yaml::List(nodes)) = nodes else {
        return false;
    };
    nodes
        .iter()
        .any(|n| n.get("noi_dung").is_some_and(|p| !p.is_empty_value()) || has_parts(n.get("muc")))
}

pub(super) fn tasks(y: Option<&Yaml>) -> Vec<Task> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_survives_rows_and_back() {
        let text = "noi_dung:\n  - tieu_de: MỤC ĐÍCH\n    muc:\n      - doan: Khoản không tiêu đề.\n      - doan: Một đoạn.\n        y:\n          - gạch một\n          - gạch hai\n      - tieu_de: Khoản có tiêu đề\n        doan:\n          - Đoạn một.\n          - Đoạn hai.\n  - tieu_de: YÊU CẦU\n    doan: Đoạn của mục.\n";
        let y = Yaml::parse(std::path::Path::new("t.yaml"), text).unwrap();
        let rows = outline_rows(y.get("noi_dung"));
        assert_eq!(rows.len(), 10, "{rows:#?}");
        assert_eq!(
            rows[2],
            OutlineRow {
                cap: 2,
                loai: "muc".into(),
                text: "Một đoạn.".into()
            }
        );
        assert_eq!(
            rows[3],
            OutlineRow {
                cap: 2,
                loai: "y".into(),
                text: "gạch một".into()
            }
        );
        assert_eq!(&outline_nodes(&rows), y.get("noi_dung").unwrap());
    }
}
