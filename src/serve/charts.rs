//! Charts drawn as SVG on the server (no JavaScript chart library).
//!
//! Pure functions: data in, an SVG string out. The output is deterministic so pages can be
//! cached and compared byte for byte, and every piece of text is escaped because labels,
//! titles and series names are user data.

use chrono::{Days, NaiveDate};

use crate::ground::nd30::integer;
use crate::serve::words::day as short_date;

/// Colour of documents sent on time.
pub const ON_TIME: &str = "#2d7a2d";
/// Colour of documents sent after the deadline.
pub const LATE: &str = "#d08a00";
/// Colour of documents due but not sent.
pub const NOT_SENT: &str = "#a30000";
/// Colour of documents not yet due.
pub const NOT_DUE: &str = "#9e9e9e";
/// Colours for series without one of their own, cycled in order.
const PALETTE: [&str; 6] = [
    "#2b5c8a", "#7a4f9e", "#2a8c8c", "#b5562b", "#5c6b2b", "#8c2a5c",
];
const BAR_COLOUR: &str = "#2b5c8a";
const INK: &str = "#222";
const MUTED: &str = "#666";
const GRID: &str = "#999";
const FONT: &str = "Noto Sans, Arial, sans-serif";
const EMPTY_TEXT: &str = "Chưa có số liệu";

/// Sized for a 700 px column: a label column, the bars, then room for the value.
const WIDTH: f64 = 700.0;
const LABEL_W: f64 = 210.0;
const STACK_W: f64 = 420.0;
const BAR_W: f64 = 360.0;
const ROW_H: f64 = 26.0;
const BAR_H: f64 = 16.0;
/// Labels longer than this are cut (with the full text as a tooltip) to fit the column.
const LABEL_CHARS: usize = 24;
/// Where the plot area of `cumulative` lies, and the height of that chart.
const P_LEFT: f64 = 60.0;
const P_RIGHT: f64 = 660.0;
const P_TOP: f64 = 70.0;
const P_BOTTOM: f64 = 280.0;
const CUM_H: f64 = 310.0;

/// Horizontal stacked bars, one row per (label, values); `series` names and colours each
/// value index. Each row shows its total on the right; all rows share one scale.
pub fn stacked_bars(title: &str, rows: &[(String, Vec<u64>)], series: &[(&str, &str)]) -> String {
    if rows.is_empty() {
        return empty("stacked", title);
    }
    let count = rows
        .iter()
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0)
        .max(series.len());
    let names: Vec<(String, String)> = (0..count).map(|i| series_at(series, i)).collect();
    let (legend_svg, top) = legend(&names, 40.0);
    let max = rows.iter().map(|(_, v)| sum(v)).max().unwrap_or(0);
    let scale = if max == 0 { 0.0 } else { STACK_W / max as f64 };
    let mut out = open("stacked", title, top + rows.len() as f64 * ROW_H + 8.0);
    out += &legend_svg;
    for (i, (label, values)) in rows.iter().enumerate() {
        let y = top + i as f64 * ROW_H;
        out += &row_label(label, y);
        out += &stack_row(values, &names, scale, y);
        out += &format!(
            "<text x=\"{}\" y=\"{}\">{}</text>\n",
            num(LABEL_W + STACK_W + 8.0),
            num(y + BAR_H - 3.5),
            integer(sum(values))
        );
    }
    out + "</svg>\n"
}

/// Horizontal bars with the value and `unit` printed after each bar.
pub fn bars(title: &str, items: &[(String, u64)], unit: &str) -> String {
    if items.is_empty() {
        return empty("bars", title);
    }
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let scale = if max == 0 { 0.0 } else { BAR_W / max as f64 };
    let top = 36.0;
    let mut out = open("bars", title, top + items.len() as f64 * ROW_H + 8.0);
    for (i, (label, value)) in items.iter().enumerate() {
        let y = top + i as f64 * ROW_H;
        let w = round1(*value as f64 * scale);
        let text = match unit.trim() {
            "" => integer(*value),
            u => format!("{} {}", integer(*value), u),
        };
        out += &row_label(label, y);
        out += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_COLOUR}\"><title>{}: {}</title></rect>\n",
            num(LABEL_W),
            num(y),
            num(w),
            num(BAR_H),
            escape(label),
            escape(&text)
        );
        out += &format!(
            "<text x=\"{}\" y=\"{}\">{}</text>\n",
            num(LABEL_W + w + 6.0),
            num(y + BAR_H - 3.5),
            escape(&text)
        );
    }
    out + "</svg>\n"
}

/// Documents sent over time: a step line of the cumulative count, with the number
/// expected and the deadline as dashed guides, so lateness shows at a glance.
pub fn cumulative(title: &str, deadline: NaiveDate, sent: &[NaiveDate], expected: usize) -> String {
    if sent.is_empty() && expected == 0 {
        return empty("cumulative", title);
    }
    let mut dates = sent.to_vec();
    dates.sort_unstable();
    let plot = Plot::new(deadline, &dates, expected);
    let mut out = open("cumulative", title, CUM_H);
    out += &plot.axes();
    out += &plot.guides(deadline, expected);
    out += &plot.steps(&dates);
    out + "</svg>\n"
}

/// The date and count scales of `cumulative`.
struct Plot {
    start: NaiveDate,
    end: NaiveDate,
    days: f64,
    ymax: f64,
}

impl Plot {
    /// A week either side of the deadline at least, widened to every date sent; the count
    /// scale reaches `expected`, or more if more were sent.
    fn new(deadline: NaiveDate, sorted: &[NaiveDate], expected: usize) -> Plot {
        let before = deadline.checked_sub_days(Days::new(7)).unwrap_or(deadline);
        let after = deadline.checked_add_days(Days::new(7)).unwrap_or(deadline);
        let start = sorted.first().map_or(before, |d| (*d).min(before));
        let end = sorted.last().map_or(after, |d| (*d).max(after));
        let days = (end - start).num_days().max(1) as f64;
        let ymax = expected.max(sorted.len()).max(1) as f64;
        Plot {
            start,
            end,
            days,
            ymax,
        }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        round1(P_LEFT + (date - self.start).num_days() as f64 / self.days * (P_RIGHT - P_LEFT))
    }

    fn y(&self, n: usize) -> f64 {
        round1(P_BOTTOM - n as f64 / self.ymax * (P_BOTTOM - P_TOP))
    }

    /// Both axes, the count at the bottom and top, the first and last date.
    fn axes(&self) -> String {
        let (l, r, t, b) = (num(P_LEFT), num(P_RIGHT), num(P_TOP), num(P_BOTTOM));
        let mut out = format!(
            "<text x=\"0\" y=\"38\" font-size=\"12\" fill=\"{MUTED}\">Số văn bản đã gửi</text>\n\
             <path d=\"M{l} {t}V{b}H{r}\" fill=\"none\" stroke=\"{GRID}\"/>\n"
        );
        out += &format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\n",
            num(P_LEFT - 6.0),
            num(P_BOTTOM + 4.0)
        );
        out += &format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            num(P_LEFT - 6.0),
            num(P_TOP + 4.0),
            integer(self.ymax as u64)
        );
        let below = num(P_BOTTOM + 18.0);
        out += &format!(
            "<text x=\"{l}\" y=\"{below}\">{}</text>\n",
            escape(&short_date(self.start))
        );
        out += &format!(
            "<text x=\"{r}\" y=\"{below}\" text-anchor=\"end\">{}</text>\n",
            escape(&short_date(self.end))
        );
        out
    }

    /// The dashed line at the count expected and the one at the deadline, labelled.
    fn guides(&self, deadline: NaiveDate, expected: usize) -> String {
        let (ye, xd) = (num(self.y(expected)), num(self.x(deadline)));
        let dash = format!("fill=\"none\" stroke=\"{NOT_SENT}\" stroke-dasharray=\"6 4\"");
        let mut out = format!(
            "<path d=\"M{} {ye}H{}\" {dash}/>\n",
            num(P_LEFT),
            num(P_RIGHT)
        );
        out += &format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{NOT_SENT}\">phải gửi: {}</text>\n",
            num(P_RIGHT),
            num(self.y(expected) - 5.0),
            integer(expected as u64)
        );
        out += &format!(
            "<path d=\"M{xd} {}V{}\" {dash}/>\n",
            num(P_TOP - 12.0),
            num(P_BOTTOM)
        );
        out += &format!(
            "<text x=\"{xd}\" y=\"{}\" text-anchor=\"middle\" fill=\"{NOT_SENT}\">hạn {}</text>\n",
            num(P_TOP - 18.0),
            escape(&short_date(deadline))
        );
        out
    }

    /// The cumulative count as a step line (one step per day), with a dot and tooltip
    /// at each step.
    fn steps(&self, sorted: &[NaiveDate]) -> String {
        let mut points = vec![(self.x(self.start), self.y(0))];
        let mut dots = String::new();
        let mut i = 0;
        while i < sorted.len() {
            let day = sorted[i];
            let before = i;
            while i < sorted.len() && sorted[i] == day {
                i += 1;
            }
            let (x, y) = (self.x(day), self.y(i));
            points.push((x, self.y(before)));
            points.push((x, y));
            dots += &format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{BAR_COLOUR}\"><title>{}: đã gửi {}</title></circle>\n",
                num(x),
                num(y),
                escape(&short_date(day)),
                integer(i as u64)
            );
        }
        points.push((self.x(self.end), self.y(sorted.len())));
        let points: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{BAR_COLOUR}\" stroke-width=\"2\"/>\n{dots}",
            points.join(" ")
        )
    }
}

/// The segments of one stacked row. Edges are placed from the running sum so rounding
/// never opens gaps or shifts the row's end.
fn stack_row(values: &[u64], names: &[(String, String)], scale: f64, y: f64) -> String {
    let mut out = String::new();
    let mut before = 0u64;
    for (i, &value) in values.iter().enumerate() {
        let after = before.saturating_add(value);
        let x0 = round1(LABEL_W + before as f64 * scale);
        let x1 = round1(LABEL_W + after as f64 * scale);
        before = after;
        if value == 0 {
            continue;
        }
        let (name, colour) = &names[i];
        out += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
            num(x0),
            num(y),
            num(round1(x1 - x0)),
            num(BAR_H),
            escape(colour),
            escape(name),
            integer(value)
        );
    }
    out
}

/// One legend entry per series, wrapping to a new line when the width is used up.
/// Returns the SVG and the y where the rows can start.
fn legend(names: &[(String, String)], top: f64) -> (String, f64) {
    if names.is_empty() {
        return (String::new(), top);
    }
    let mut out = String::new();
    let (mut x, mut y) = (0.0, top);
    for (name, colour) in names {
        let w = 12.0 + 6.0 + name.chars().count() as f64 * 7.5 + 18.0;
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += 20.0;
        }
        out += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
            num(x),
            num(y),
            escape(colour),
            num(x + 18.0),
            num(y + 11.0),
            escape(name)
        );
        x += w;
    }
    (out, y + 28.0)
}

/// The name and colour of series `i`: a missing name gets its number, a missing colour
/// the next one of the palette.
fn series_at(series: &[(&str, &str)], i: usize) -> (String, String) {
    let fallback = PALETTE[i % PALETTE.len()];
    match series.get(i) {
        Some((name, colour)) if !colour.trim().is_empty() => (name.to_string(), colour.to_string()),
        Some((name, _)) => (name.to_string(), fallback.to_string()),
        None => (format!("#{}", i + 1), fallback.to_string()),
    }
}

/// A row's label, right-aligned against the bars; cut if too long, full text as tooltip.
fn row_label(label: &str, y: f64) -> String {
    let (x, y) = (num(LABEL_W - 8.0), num(y + BAR_H - 3.5));
    if label.chars().count() <= LABEL_CHARS {
        return format!(
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\">{}</text>\n",
            escape(label)
        );
    }
    let short: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!(
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\"><title>{}</title>{}…</text>\n",
        escape(label),
        escape(short.trim_end())
    )
}

/// The opening tag and title. The id is derived from the kind and title, so several
/// charts on one page keep distinct ids while the output stays deterministic.
fn open(kind: &str, title: &str, height: f64) -> String {
    let id = format!("chart-{kind}-{:08x}", fnv1a(title));
    let t = escape(title);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}\" \
         font-family=\"{FONT}\" font-size=\"13\" fill=\"{INK}\">\n<title id=\"{id}\">{t}</title>\n\
         <text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">{t}</text>\n",
        num(WIDTH),
        num(height)
    )
}

/// The small chart shown when there is nothing to draw.
fn empty(kind: &str, title: &str) -> String {
    open(kind, title, 60.0)
        + &format!("<text x=\"0\" y=\"46\" fill=\"{MUTED}\">{EMPTY_TEXT}</text>\n</svg>\n")
}

/// Escapes text for XML content and attributes, dropping control characters XML 1.0
/// cannot hold at all.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A sum that saturates rather than panics on absurd input.
fn sum(values: &[u64]) -> u64 {
    values.iter().fold(0u64, |a, &v| a.saturating_add(v))
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A coordinate with at most one decimal and no trailing ".0", for compact output.
fn num(v: f64) -> String {
    let r = round1(v);
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// FNV-1a: a fixed hash (std's hasher is seeded per process, which would break determinism).
fn fnv1a(s: &str) -> u32 {
    s.bytes()
        .fold(0x811c_9dc5, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    /// Reads every event; panics on malformed XML (quick-xml also checks end-tag names).
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 700 "));
        let mut reader = Reader::from_str(svg);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth -= 1,
                Ok(_) => {}
                Err(e) => panic!("not XML at {}: {e}\n{svg}", reader.buffer_position()),
            }
        }
        assert_eq!(depth, 0, "unclosed elements in\n{svg}");
    }

    /// The value of `name` in every tag starting with `tag` that contains `filter`.
    fn attrs(svg: &str, tag: &str, filter: &str, name: &str) -> Vec<String> {
        svg.split('<')
            .filter(|t| t.starts_with(tag) && t.contains(filter))
            .filter_map(|t| {
                let rest = &t[t.find(&format!(" {name}=\""))? + name.len() + 3..];
                Some(rest[..rest.find('"')?].to_string())
            })
            .collect()
    }

    fn all_charts(label: &str) -> Vec<String> {
        let rows = vec![
            (label.to_string(), vec![2, 1, 0]),
            ("Sở Y tế".to_string(), vec![0, 0, 0]),
        ];
        let series = [("Đúng hạn", ON_TIME), ("Trễ hạn", LATE), (label, NOT_SENT)];
        vec![
            stacked_bars(label, &rows, &series),
            bars(
                label,
                &[(label.to_string(), 1073), ("B".to_string(), 0)],
                label,
            ),
            cumulative(label, day(3, 15), &[day(3, 10), day(3, 20)], 3),
        ]
    }

    #[test]
    fn text_is_escaped() {
        for svg in all_charts("<b>&\"x\"") {
            assert!(!svg.contains("<b>&\"x\""), "raw label in\n{svg}");
            assert!(
                svg.contains("&lt;b&gt;&amp;&quot;x&quot;"),
                "no escaped label in\n{svg}"
            );
            assert_well_formed(&svg);
        }
        assert_eq!(escape("a'b\u{1}c"), "a&#39;bc");
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(all_charts("Ủy ban nhân dân"), all_charts("Ủy ban nhân dân"));
        let a = cumulative("t", day(3, 15), &[day(3, 20), day(3, 10), day(3, 10)], 5);
        let b = cumulative("t", day(3, 15), &[day(3, 10), day(3, 20), day(3, 10)], 5);
        assert_eq!(a, b, "input order must not matter");
    }

    #[test]
    fn empty_inputs_give_a_small_valid_svg() {
        let empties = [
            stacked_bars("Tiến độ", &[], &[]),
            bars("Số văn bản", &[], "văn bản"),
            cumulative("Đã gửi", day(3, 15), &[], 0),
        ];
        for svg in &empties {
            assert_well_formed(svg);
            assert!(svg.contains(EMPTY_TEXT));
            assert!(svg.contains("<title id=\"chart-"));
        }
        // Zeros everywhere: no division by zero, no NaN, labels still shown.
        let zeros = [
            stacked_bars(
                "t",
                &[
                    ("Sở Tư pháp".to_string(), vec![0, 0]),
                    ("Rỗng".to_string(), vec![]),
                ],
                &[],
            ),
            bars("t", &[("Sở Tư pháp".to_string(), 0)], ""),
            cumulative("t", day(1, 1), &[], 4),
        ];
        for svg in &zeros {
            assert_well_formed(svg);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
        assert!(zeros[0].contains(">Sở Tư pháp</text>") && zeros[0].contains(">Rỗng</text>"));
        assert!(zeros[1].contains(">Sở Tư pháp</text>"));
    }

    #[test]
    fn cumulative_ends_at_the_count_sent() {
        let sent = [day(3, 20), day(3, 10), day(3, 10), day(3, 12)];
        let svg = cumulative("Đã gửi", day(3, 15), &sent, 6);
        assert_well_formed(&svg);
        let points = attrs(&svg, "polyline", "", "points").pop().unwrap();
        let points: Vec<&str> = points.split(' ').collect();
        let mut sorted = sent.to_vec();
        sorted.sort();
        let plot = Plot::new(day(3, 15), &sorted, 6);
        // Start, two points per distinct day (3), end.
        assert_eq!(points.len(), 2 + 2 * 3, "{points:?}");
        assert_eq!(
            points[0],
            format!("{},{}", num(plot.x(day(3, 8))), num(plot.y(0)))
        );
        assert_eq!(
            points.last().unwrap(),
            &format!("{},{}", num(plot.x(day(3, 22))), num(plot.y(4)))
        );
        // Both ends of the x axis and the guides are labelled.
        for text in ["08/03/2025", "22/03/2025", "hạn 15/03/2025", "phải gửi: 6"] {
            assert!(svg.contains(text), "no {text} in\n{svg}");
        }
        // Dates outside the default window widen it.
        let wide = cumulative("t", day(3, 15), &[day(1, 2)], 1);
        assert!(wide.contains(">02/01/2025</text>") && wide.contains(">22/03/2025</text>"));
    }

    #[test]
    fn stacked_segments_are_proportional() {
        let rows = vec![
            ("A".to_string(), vec![1, 3]),
            ("B".to_string(), vec![1073, 0]),
        ];
        let svg = stacked_bars(
            "Tiến độ",
            &rows,
            &[("Đúng hạn", ON_TIME), ("Trễ hạn", LATE)],
        );
        assert_well_formed(&svg);
        let width = |colour: &str| -> Vec<f64> {
            attrs(&svg, "rect", &format!("fill=\"{colour}\">"), "width")
                .iter()
                .map(|w| w.parse().unwrap())
                .collect()
        };
        let (on_time, late) = (width(ON_TIME), width(LATE));
        assert_eq!(late.len(), 1, "a zero value draws no segment");
        let ratio = late[0] / on_time[0];
        assert!((ratio - 3.0).abs() < 0.05, "ratio {ratio}");
        assert!(
            (on_time[1] - STACK_W).abs() < 0.05,
            "the largest total fills the width"
        );
        assert!(svg.contains("<title>Trễ hạn: 3</title>"));
        assert!(
            svg.contains(">1.073</text>"),
            "totals use Vietnamese thousands"
        );
    }

    #[test]
    fn bars_print_value_and_unit() {
        let svg = bars(
            "Số văn bản",
            &[("Sở Nội vụ".to_string(), 1073), ("Sở Y tế".to_string(), 2)],
            "văn bản",
        );
        assert_well_formed(&svg);
        assert!(svg.contains(">1.073 văn bản</text>"));
        let widths = attrs(&svg, "rect", "", "width");
        assert_eq!(widths[0], num(BAR_W));
    }
}
