//! Every rule of Nghị định 30/2020/NĐ-CP that is text, not layout: the Quốc hiệu, date
//! lines, numbers and ký hiệu, point letters, Roman numerals,
//! Vietnamese number format, authority prefixes, list terminators. Templates reach these
//! through Tera filters (see `compose`), so the rules live here and nowhere else.

use chrono::{Datelike, NaiveDate};

/// Ô 1, line 1 (H-1). "HÒA", as in the decree's normative clause.
pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Ô 1, line 2 (H-2), with hyphen-minus separators.
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
/// The body's closing mark (B-5).
pub const CLOSING: &str = "./.";
/// Blank left for a number or day the document system fills in later (H-13).
pub const BLANK: &str = "      ";

/// Authority prefixes (S-1) with their meaning, for messages.
pub const AUTHORITY_PREFIXES: &[(&str, &str)] = &[
    ("TM.", "thay mặt tập thể"),
    ("KT.", "ký thay người đứng đầu"),
    ("TL.", "thừa lệnh"),
    ("TUQ.", "thừa ủy quyền"),
    ("Q.", "quyền"),
];

/// Two-digit day, and month padded only for January and February (H-16).
pub fn day_month(date: NaiveDate) -> (String, String) {
    let m = date.month();
    let month = if m < 3 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    (format!("{:02}", date.day()), month)
}

/// Ô 4: "Tây Ninh, ngày 06 tháng 3 năm 2025"; with no date, a line with room to write
/// the day and month in by hand (H-13), keeping the year.
pub fn date_line(place: &str, date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => {
            let (day, month) = day_month(d);
            format!("{place}, ngày {day} tháng {month} năm {}", d.year())
        }
        None => format!("{place}, ngày{BLANK}tháng{BLANK}năm {year}"),
    }
}

/// Ô 4 with its day left blank and its month given (a draft dated by month): "Hà Nội,
/// ngày      tháng 01 năm 2024" (the month padded as in H-16).
pub fn month_line(place: &str, month: u32, year: i32) -> String {
    let m = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("{place}, ngày{BLANK}tháng {m} năm {year}")
}

/// The short date of citations ("Kế hoạch số 696/KH-UBND ngày 06/3/2025"): as in the date
/// line (H-16), days below 10 and the months 1 and 2 take a leading zero, other months
/// none: 05/3/2021, 14/01/2025, 02/02/2018, 30/7/2021.
pub fn short_date(date: NaiveDate) -> String {
    if date.month() < 3 {
        format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
    } else {
        format!("{:02}/{}/{}", date.day(), date.month(), date.year())
    }
}

/// A document number: zero-padded below 10 (H-11).
pub fn number(n: u32) -> String {
    format!("{n:02}")
}

/// Ô 3: "Số: 05/KH-UBND"; with no number, blanks to fill in (H-13).
pub fn number_line(n: Option<u32>, ky_hieu: &str) -> String {
    match n {
        Some(n) => format!("Số: {}/{ky_hieu}", number(n)),
        None => format!("Số:{BLANK}/{ky_hieu}"),
    }
}

/// Ký hiệu of a typed document: type abbreviation, hyphen, issuer abbreviation (H-12). A
/// công văn (no type abbreviation) is the issuer's, hyphen, the drafting unit's: "UBND-VX".
pub fn ky_hieu(type_abbr: &str, issuer_abbr: &str, drafting_unit: &str) -> String {
    match (type_abbr, drafting_unit) {
        ("", "") => issuer_abbr.to_string(),
        ("", unit) => format!("{issuer_abbr}-{unit}"),
        (t, _) => format!("{t}-{issuer_abbr}"),
    }
}

/// A công văn's trích yếu as printed under its number (H-22): "V/v " and the summary.
pub fn subject_line(summary: &str) -> String {
    let s = summary.trim();
    if s.is_empty() || s.starts_with("V/v") {
        s.to_string()
    } else {
        format!("V/v {s}")
    }
}

/// Point letters (B-8): a b c d đ e g h i k l m n o p q r s t u v x y, then aa, bb …
pub fn point_letter(n: usize) -> String {
    const LETTERS: [&str; 23] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "x", "y",
    ];
    assert!(n >= 1, "point letters start at 1");
    let i = (n - 1) % LETTERS.len();
    LETTERS[i].repeat((n - 1) / LETTERS.len() + 1)
}

/// Roman numerals for parts and mục (I, II, … up to 3999).
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// An integer with "." as the thousands separator: 1073 → "1.073".
pub fn integer(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A decimal with "," as the decimal mark and at most `places` decimals, trailing zeros
/// dropped: 97.5 → "97,5", 100.0 → "100", 1234.56 → "1.234,56".
pub fn decimal(v: f64, places: usize) -> String {
    let s = format!("{:.*}", places, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let neg = v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = integer(int.parse::<i64>().unwrap_or(0));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// A table cell that holds only a number, in the Vietnamese form (P-5 practice): a decimal
/// point becomes a comma ("812.5" → "812,5", "97.5%" → "97,5%") and a count of five digits or
/// more is grouped with dots ("12500" → "12.500"). Left as written: text, four-digit counts
/// (a year, "2025"), and a point followed by exactly three digits ("1.073"), which a
/// Vietnamese writer means as grouping already.
pub fn table_number(cell: &str) -> String {
    let t = cell.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n, "%"),
        None => (t, ""),
    };
    let (sign, digits) = match num.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", num),
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let group = |int: &str| match int.parse::<i128>() {
        Ok(n) if int.len() >= 5 => integer(n),
        _ => int.to_string(),
    };
    match digits.split_once('.') {
        Some((int, frac)) if all_digits(int) && all_digits(frac) && frac.len() != 3 => {
            format!("{sign}{},{frac}{pct}", group(int))
        }
        None if all_digits(digits) => format!("{sign}{}{pct}", group(digits)),
        _ => cell.to_string(),
    }
}

/// A rate as a percentage with one decimal: (39, 40) → "97,5%". `None` when the
/// denominator is zero (nothing to rate).
///
/// A rate is never rounded to 100% or 0% unless it is exactly that: 19.999 of 20.000 prints
/// "99,99%", not "100%" (the missing case would vanish), and 1 of 30.000 prints "0,003%".
pub fn percent(part: f64, whole: f64) -> Option<String> {
    if whole == 0.0 {
        return None;
    }
    let v = part / whole * 100.0;
    let mut text = decimal(v, 1);
    if text == "100" && part != whole {
        // Truncate instead of rounding: two places are enough to stay below 100.
        text = decimal((v * 100.0).floor() / 100.0, 2);
    } else if text == "0" && part != 0.0 {
        let mut places = 2;
        while decimal(v, places) == "0" && places < 12 {
            places += 1;
        }
        text = decimal(v, places);
    }
    Some(format!("{text}%"))
}

/// The no-break space that binds a spaced dash to the word before it.
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// A spaced dash inside a phrase ("chính trị - xã hội", "2021 – 2025") bound to the word
/// before it by a no-break space, so no line starts with it: a line that starts with "- "
/// reads as a new dash item (B-4). A dash that opens the text is left alone.
pub fn bind_dashes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let spaced_dash = c == ' '
                && i > 0
                && !chars[i - 1].is_whitespace()
                && matches!(chars.get(i + 1), Some('-' | '–'))
                && chars.get(i + 2).is_none_or(|n| n.is_whitespace());
            if spaced_dash {
                NO_BREAK_SPACE
            } else {
                c
            }
        })
        .collect()
}

/// Ends a list line with ";" or, for the last one, "." (căn cứ B-3, Nơi nhận R-2/R-3),
/// replacing whatever terminator the data already had.
pub fn terminate(text: &str, last: bool) -> String {
    let core = text.trim_end().trim_end_matches([';', '.', ',']).trim_end();
    // Keep an abbreviation's own full stop ("VP. UBND tỉnh." keeps "tỉnh" + ".").
    format!("{core}{}", if last { "." } else { ";" })
}

/// A căn cứ line: as `terminate`, but the last one keeps a ";" the writer put there (a
/// report's "Căn cứ …;" goes on with "Thực hiện …, báo cáo như sau:").
pub fn terminate_citation(text: &str, last: bool) -> String {
    let t = text.trim_end();
    if last && t.ends_with(';') {
        t.to_string()
    } else {
        terminate(t, last)
    }
}

/// Byte ranges of the numbers with a symbol in running text ("696/KH-UBND", "04/2015/NĐ-CP",
/// "290-QĐ/TW", "19/6/2015"): a word holding a digit and a "/" or "-" between two of its
/// characters, without the punctuation around it. Such a number is never broken at its
/// hyphen or slash at a line end (H-9: the number and symbol are one).
pub fn whole_numbers(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes_end = text.len();
    let check = |from: usize, to: usize, out: &mut Vec<(usize, usize)>| {
        let word = &text[from..to];
        let lead = word.len() - word.trim_start_matches(['(', '“', '"', '[']).len();
        let inner =
            word[lead..].trim_end_matches([',', '.', ';', ':', ')', '”', '"', ']', '!', '?']);
        let joined = inner
            .char_indices()
            .any(|(i, c)| (c == '/' || c == '-') && i > 0 && i + c.len_utf8() < inner.len());
        if joined && inner.chars().any(|c| c.is_ascii_digit()) {
            out.push((from + lead, from + lead + inner.len()));
        }
    };
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                check(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        check(s, bytes_end, &mut out);
    }
    out
}

/// Appends the closing "./." to the body's last sentence (B-5), once.
pub fn close(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(CLOSING) {
        t.to_string()
    } else {
        format!("{}{CLOSING}", t.trim_end_matches('.'))
    }
}

/// Capitals as ND30 prints titles and names (Unicode-aware, NFC preserved).
pub fn upper(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.to_uppercase().nfc().collect()
}

/// Lines of the signature title block (ô 7a): the authority prefix joins the head's title
/// on the first line ("KT. CHỦ TỊCH"), the signer's own title goes on the next.
pub fn signature_lines(prefix: &str, head_title: &str, title: &str) -> Vec<String> {
    let prefix = prefix.trim();
    let head = upper(head_title.trim());
    let own = upper(title.trim());
    let mut out = Vec::new();
    if prefix.is_empty() {
        if !head.is_empty() && head != own {
            out.push(head);
        }
    } else {
        out.push(format!("{prefix} {head}"));
    }
    if !own.is_empty() {
        out.push(own);
    }
    out
}

/// Signature lines with a collective on top: "TM. ỦY BAN NHÂN DÂN" then the usual lines.
pub fn signature_lines_for(
    collective: Option<&str>,
    prefix: &str,
    head_title: &str,
    title: &str,
) -> Vec<String> {
    let mut out: Vec<String> = collective
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("TM. {}", upper(c)))
        .into_iter()
        .collect();
    out.extend(signature_lines(prefix, head_title, title));
    out
}

/// Whether `p` is an ND30 authority prefix (empty means the head signs in own name).
pub fn is_authority_prefix(p: &str) -> bool {
    p.is_empty() || AUTHORITY_PREFIXES.iter().any(|(a, _)| *a == p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_dates_follow_h16() {
        let d = |y, m, day| short_date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        assert_eq!(d(2021, 3, 5), "05/3/2021");
        assert_eq!(d(2025, 1, 14), "14/01/2025");
        assert_eq!(d(2018, 2, 2), "02/02/2018");
        assert_eq!(d(2021, 7, 30), "30/7/2021");
        assert_eq!(d(2025, 12, 31), "31/12/2025");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_vectors_from_spec() {
        assert_eq!(
            date_line("Tây Ninh", Some(d(2025, 3, 6)), 2025),
            "Tây Ninh, ngày 06 tháng 3 năm 2025"
        );
        assert_eq!(
            date_line("Hà Nội", Some(d(2020, 1, 5)), 2020),
            "Hà Nội, ngày 05 tháng 01 năm 2020"
        );
        assert!(date_line("X", Some(d(2019, 6, 29)), 2019).ends_with("ngày 29 tháng 6 năm 2019"));
        assert!(date_line("X", Some(d(2024, 2, 10)), 2024).ends_with("ngày 10 tháng 02 năm 2024"));
        assert!(date_line("X", Some(d(2025, 12, 1)), 2025).ends_with("ngày 01 tháng 12 năm 2025"));
        assert!(date_line("X", Some(d(2025, 10, 15)), 2025).ends_with("ngày 15 tháng 10 năm 2025"));
    }

    #[test]
    fn months_three_to_twelve_are_never_padded() {
        for m in 3..=12 {
            let (_, month) = day_month(d(2025, m, 1));
            assert_eq!(month, m.to_string());
        }
        assert_eq!(day_month(d(2025, 1, 9)).1, "01");
        assert_eq!(day_month(d(2025, 2, 9)).1, "02");
    }

    #[test]
    fn blank_date_and_number() {
        assert_eq!(
            date_line("Tây Ninh", None, 2025),
            "Tây Ninh, ngày      tháng      năm 2025"
        );
        assert_eq!(number_line(None, "KH-UBND"), "Số:      /KH-UBND");
    }

    #[test]
    fn number_vectors_from_spec() {
        assert_eq!(
            number_line(Some(5), &ky_hieu("KH", "UBND", "")),
            "Số: 05/KH-UBND"
        );
        assert_eq!(
            number_line(Some(696), &ky_hieu("KH", "UBND", "")),
            "Số: 696/KH-UBND"
        );
        assert_eq!(number_line(Some(12), "UBND-VX"), "Số: 12/UBND-VX");
        // A công văn: issuer and drafting unit, no type abbreviation (H-12).
        assert_eq!(ky_hieu("", "UBND", "VX"), "UBND-VX");
        assert_eq!(ky_hieu("", "SNV", ""), "SNV");
        assert_eq!(
            subject_line("đôn đốc gửi báo cáo"),
            "V/v đôn đốc gửi báo cáo"
        );
        assert_eq!(subject_line("V/v đôn đốc"), "V/v đôn đốc");
        assert_eq!(number(10), "10");
    }

    #[test]
    fn a_date_line_may_give_the_month_alone() {
        assert_eq!(
            month_line("Hà Nội", 1, 2024),
            format!("Hà Nội, ngày{BLANK}tháng 01 năm 2024")
        );
        assert_eq!(
            month_line("Tây Ninh", 11, 2025),
            format!("Tây Ninh, ngày{BLANK}tháng 11 năm 2025")
        );
    }

    #[test]
    fn numbers_in_table_cells_take_the_vietnamese_form() {
        for (typed, shown) in [
            ("812.5", "812,5"),
            ("97.5%", "97,5%"),
            ("12500", "12.500"),
            ("12500.25", "12.500,25"),
            ("-3.5", "-3,5"),
            ("2025", "2025"),
            ("1.073", "1.073"),
            ("812,5", "812,5"),
            ("Quý I/2025", "Quý I/2025"),
            ("1.2.3", "1.2.3"),
        ] {
            assert_eq!(table_number(typed), shown, "{typed}");
        }
    }

    #[test]
    fn a_spaced_dash_is_bound_to_the_word_before_it() {
        assert_eq!(
            bind_dashes("tổ chức chính trị - xã hội, giai đoạn 2021 – 2025"),
            "tổ chức chính trị\u{a0}- xã hội, giai đoạn 2021\u{a0}– 2025"
        );
        // A dash item's own dash, a hyphen in a word and a number's are not spaced dashes.
        assert_eq!(bind_dashes("- Đảng ủy"), "- Đảng ủy");
        assert_eq!(bind_dashes("KH-UBND, vừa -3"), "KH-UBND, vừa -3");
    }

    #[test]
    fn point_letters_skip_f_j_w_z_and_vowel_marks() {
        let seq: Vec<String> = (1..=23).map(point_letter).collect();
        assert_eq!(
            seq.join(" "),
            "a b c d đ e g h i k l m n o p q r s t u v x y"
        );
        assert_eq!(point_letter(24), "aa");
    }

    #[test]
    fn roman_numerals() {
        let seq: Vec<String> = (1..=12).map(roman).collect();
        assert_eq!(seq.join(" "), "I II III IV V VI VII VIII IX X XI XII");
        assert_eq!(roman(40), "XL");
        assert_eq!(roman(1999), "MCMXCIX");
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(integer(1073), "1.073");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1_234_567), "1.234.567");
        assert_eq!(integer(-1500), "-1.500");
        assert_eq!(decimal(97.5, 1), "97,5");
        assert_eq!(decimal(100.0, 1), "100");
        assert_eq!(decimal(1234.56, 2), "1.234,56");
        assert_eq!(percent(39.0, 40.0).as_deref(), Some("97,5%"));
        assert_eq!(percent(1.0, 3.0).as_deref(), Some("33,3%"));
        assert_eq!(percent(5.0, 0.0), None);
    }

    #[test]
    fn rates_never_round_to_all_or_nothing() {
        assert_eq!(percent(19_999.0, 20_000.0).as_deref(), Some("99,99%"));
        assert_eq!(percent(1_999.0, 2_000.0).as_deref(), Some("99,95%"));
        assert_eq!(percent(999_999.0, 1_000_000.0).as_deref(), Some("99,99%"));
        assert_eq!(percent(20_000.0, 20_000.0).as_deref(), Some("100%"));
        assert_eq!(percent(1.0, 20_000.0).as_deref(), Some("0,01%"));
        assert_eq!(percent(1.0, 30_000.0).as_deref(), Some("0,003%"));
        assert_eq!(percent(1.0, 2_000.0).as_deref(), Some("0,1%"));
        assert_eq!(percent(0.0, 2_000.0).as_deref(), Some("0%"));
        // Ordinary rates keep one decimal.
        assert_eq!(percent(1_998.0, 2_000.0).as_deref(), Some("99,9%"));
    }

    #[test]
    fn terminators_and_closing() {
        assert_eq!(terminate("Bộ Nội vụ", false), "Bộ Nội vụ;");
        assert_eq!(terminate("Bộ Nội vụ;", true), "Bộ Nội vụ.");
        assert_eq!(terminate_citation("Căn cứ Luật A;", true), "Căn cứ Luật A;");
        let words = |t: &str| -> Vec<String> {
            whole_numbers(t)
                .iter()
                .map(|&(a, b)| t[a..b].to_string())
                .collect()
        };
        assert_eq!(
            words("Kế hoạch số 696/KH-UBND ngày 06/3/2025 (Quyết định số 290-QĐ/TW), công-tác và 2/3."),
            ["696/KH-UBND", "06/3/2025", "290-QĐ/TW", "2/3"]
        );
        assert!(words("chính trị - xã hội; CT-XH; a/b").is_empty());
        assert_eq!(terminate_citation("Căn cứ Luật A,", true), "Căn cứ Luật A.");
        assert_eq!(
            terminate_citation("Căn cứ Luật A.", false),
            "Căn cứ Luật A;"
        );
        assert_eq!(
            terminate("Lưu: VT, VP. UBND tỉnh", true),
            "Lưu: VT, VP. UBND tỉnh."
        );
        assert_eq!(close("triển khai thực hiện"), "triển khai thực hiện./.");
        assert_eq!(close("triển khai thực hiện./."), "triển khai thực hiện./.");
        assert_eq!(close("triển khai thực hiện."), "triển khai thực hiện./.");
    }

    #[test]
    fn signature_titles() {
        assert_eq!(
            signature_lines("KT.", "Chủ tịch", "Phó Chủ tịch"),
            vec!["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(
            signature_lines("", "GIÁM ĐỐC", "GIÁM ĐỐC"),
            vec!["GIÁM ĐỐC"]
        );
        assert_eq!(
            signature_lines("TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        );
        assert_eq!(
            signature_lines_for(Some("Ủy ban nhân dân"), "KT.", "Chủ tịch", "Phó Chủ tịch"),
            vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert!(is_authority_prefix("TUQ."));
        assert!(!is_authority_prefix("T/M"));
    }
}
