//! A file's comments kept through a save from the web. The form's tree is written anew
//! (`yaml_edit`), which knows no comments; this puts back every comment line of the file
//! before the line it stood before, and every unchanged line as it was written (with its
//! comment at the end), so a save changes only the lines whose values changed.

use similar::{Algorithm, DiffTag, TextDiff};

/// `new` (the tree written anew, its first `header` lines the file's leading comments) with
/// the comments of `old` put back. Returns the text and, for each line of `new`, the 0-based
/// line it became.
pub fn keep(old: &str, new: &str, header: usize) -> (String, Vec<usize>) {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    // The old file's lines that hold data, each with the comment lines just before it.
    let mut data: Vec<(usize, &str)> = Vec::new();
    let mut before: Vec<Vec<&str>> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let mut block: Option<usize> = None;
    let mut skipped_header = 0;
    for (i, line) in old_lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let inside_block = match block {
            Some(parent) if line.trim().is_empty() || indent > parent => true,
            _ => {
                block = None;
                false
            }
        };
        if !inside_block && is_comment_or_blank(line) {
            // The leading comments are already written at the top of `new`.
            if data.is_empty() && skipped_header < header && line.trim_start().starts_with('#') {
                skipped_header += 1;
                continue;
            }
            pending.push(line);
            continue;
        }
        if !inside_block && opens_block(line) {
            block = Some(indent);
        }
        data.push((i, line));
        before.push(std::mem::take(&mut pending));
    }
    let trailing = pending;

    let body = &new_lines[header.min(new_lines.len())..];
    let keys: Vec<&str> = data.iter().map(|(_, l)| without_end_comment(l)).collect();
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(std::time::Instant::now() + std::time::Duration::from_millis(200))
        .diff_slices(&keys, body);
    let mut out: Vec<&str> = new_lines[..header.min(new_lines.len())].to_vec();
    let mut moved: Vec<usize> = (0..out.len()).collect();
    for op in diff.ops() {
        let (tag, o, n) = (op.tag(), op.old_range(), op.new_range());
        // Comments before old lines that are gone go before what took their place.
        let mut comments: Vec<&str> = o.clone().flat_map(|i| before[i].iter().copied()).collect();
        match tag {
            DiffTag::Equal => {
                for (i, j) in o.zip(n) {
                    out.extend(before[i].iter().copied());
                    moved.push(out.len());
                    // Unchanged: the line as it was written, its end comment too.
                    out.push(if keys[i] == body[j] {
                        data[i].1
                    } else {
                        body[j]
                    });
                }
            }
            DiffTag::Delete => {
                out.append(&mut comments);
            }
            DiffTag::Insert | DiffTag::Replace => {
                out.append(&mut comments);
                for j in n {
                    moved.push(out.len());
                    out.push(body[j]);
                }
            }
        }
    }
    out.extend(trailing);
    let mut text = out.join("\n");
    text.push('\n');
    (text, moved)
}

fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// A line ending in a block scalar's indicator (`key: |`, `- >-`): the lines under it are
/// text, whatever they start with.
fn opens_block(line: &str) -> bool {
    let t = without_end_comment(line).trim_end();
    let Some(last) = t.rsplit([' ', '\t']).next() else {
        return false;
    };
    let mut c = last.chars();
    matches!(c.next(), Some('|' | '>'))
        && c.all(|x| matches!(x, '+' | '-' | '1'..='9'))
        && (t.len() == last.len() || t[..t.len() - last.len()].trim_end().ends_with([':', '-']))
}

/// The line without a comment at its end (` # …` outside quotes), trailing spaces dropped.
fn without_end_comment(line: &str) -> &str {
    let (mut single, mut double, mut prev) = (false, false, ' ');
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && prev != '\\' => double = !double,
            '#' if !single && !double && (prev == ' ' || prev == '\t') => {
                return line[..i].trim_end();
            }
            _ => {}
        }
        prev = c;
    }
    line.trim_end()
}

#[cfg(test)]
mod tests {
    use super::keep;

    #[test]
    fn every_comment_stays_where_it_was() {
        let old = "# đầu tệp\nso: 12  # số văn bản\n\n# Phần số liệu\nso_lieu:\n  # cán bộ\n  cbccvc: 63\n  ca_nhan: 2\nnoi_dung: |\n  # không phải chú thích\n  dòng hai\n# cuối tệp\n";
        let new = "# đầu tệp\nso: 12\nso_lieu:\n  cbccvc: 70\n  ca_nhan: 2\nnoi_dung: |\n  # không phải chú thích\n  dòng hai\n";
        let (text, moved) = keep(old, new, 1);
        assert_eq!(
            text,
            "# đầu tệp\nso: 12  # số văn bản\n\n# Phần số liệu\nso_lieu:\n  # cán bộ\n  cbccvc: 70\n  ca_nhan: 2\nnoi_dung: |\n  # không phải chú thích\n  dòng hai\n# cuối tệp\n"
        );
        assert_eq!(moved, [0, 1, 4, 6, 7, 8, 9, 10]);
    }

    #[test]
    fn a_removed_line_leaves_its_comment_before_the_next() {
        let old = "a: 1\n# về b\nb: 2\nc: 3\n";
        let new = "a: 1\nc: 3\n";
        let (text, _) = keep(old, new, 0);
        assert_eq!(text, "a: 1\n# về b\nc: 3\n");
    }

    #[test]
    fn a_hash_inside_quotes_is_no_comment() {
        assert_eq!(
            super::without_end_comment("a: \"x # y\" # z"),
            "a: \"x # y\""
        );
        assert_eq!(super::without_end_comment("a: 'x # y'"), "a: 'x # y'");
        assert_eq!(super::without_end_comment("a: x#y"), "a: x#y");
    }
}
