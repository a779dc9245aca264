//! Dates as written in articles → `YYYY-MM-DD`.
//!
//! In: a metadata value (front matter, HTML meta) or the first lines of a text.
//! Out: the date as `YYYY-MM-DD`, or `None`.
//!
//! Rules:
//! - Numeric forms `2025-04-28`, `2025/04/28`, `28.04.2025`, `28/04/2025`,
//!   `28-04-2025` (day first, as in Arabic and European usage), and ISO
//!   timestamps (`2025-04-28T07:41:00Z`).
//! - Written forms `28 أبريل 2025`, `28 أبريل، 2025`, `19 يونيو/حزيران 2024`,
//!   `28 نيسان 2025`, `April 28, 2025`, `28 April 2025`, with Egyptian/Gulf month
//!   names (يناير … ديسمبر, hamza and no-hamza spellings), Levantine ones
//!   (كانون الثاني … كانون الأول) and English ones.
//! - Arabic-Indic (٠–٩) and Persian (۰–۹) digits count as digits.
//! - Month must be 1–12 and day 1–31 (and fit the month); otherwise no date.
//! - In running text, only a dateline counts: one of the first lines, the date
//!   near the start of a short line (at most three words before it). A date deep
//!   in an article or inside a sentence is the article's subject, not its date.

use super::text::is_alphanumeric;

/// Lines at the top of a text that may hold the dateline.
pub const HEADER_LINES: usize = 10;
/// Longest line (in words) that still reads as a dateline.
const DATELINE_WORDS: usize = 15;
/// Words allowed before the date on a dateline ("نشر في", "آخر تحديث:").
const DATELINE_PREFIX_WORDS: usize = 3;

/// Parses a metadata value: the date it holds, or the value as written.
pub fn normalize_meta(value: &str) -> String {
    match find_date(value) {
        Some(found) => found.iso,
        None => value.trim().to_string(),
    }
}

/// The date stated on the first lines of a text, if one is a dateline.
pub fn from_header<S: AsRef<str>>(lines: &[S]) -> Option<String> {
    lines
        .iter()
        .map(AsRef::as_ref)
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_LINES)
        .find_map(dateline)
}

/// The date of a line that reads as a dateline.
pub fn dateline(line: &str) -> Option<String> {
    if line.split_whitespace().count() > DATELINE_WORDS {
        return None;
    }
    let found = find_date(line)?;
    (found.words_before <= DATELINE_PREFIX_WORDS).then_some(found.iso)
}

/// A date found in a string.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Whitespace-separated words before the date.
    pub words_before: usize,
}

/// The first valid date in `text`.
pub fn find_date(text: &str) -> Option<Found> {
    let ascii: String = text.chars().map(ascii_digit).collect();
    let tokens = tokenize(&ascii);
    for (i, tok) in tokens.iter().enumerate() {
        if let Some(iso) = numeric(tok) {
            return Some(Found {
                iso,
                words_before: words_before(&tokens, i),
            });
        }
        if let Some(iso) = written(&tokens[i..]) {
            return Some(Found {
                iso,
                words_before: words_before(&tokens, i),
            });
        }
    }
    None
}

fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06f0}'..='\u{06f9}' => char::from(b'0' + (c as u32 - 0x06f0) as u8),
        _ => c,
    }
}

/// A word of the text, with the punctuation around it removed, and whether it
/// was a word of its own in the text (not a piece like `|`).
struct Token<'a> {
    text: &'a str,
    word: bool,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    text.split_whitespace()
        .map(|w| {
            let trimmed = w.trim_matches(|c: char| {
                !(is_alphanumeric(c) || matches!(c, '.' | '/' | '-' | ':')) || c == '\u{060c}'
            });
            let trimmed = trimmed.trim_end_matches(['.', ':', '-', '/']);
            Token {
                text: trimmed,
                word: trimmed.chars().any(is_alphanumeric),
            }
        })
        .collect()
}

fn words_before(tokens: &[Token<'_>], i: usize) -> usize {
    tokens[..i].iter().filter(|t| t.word).count()
}

fn numeric(token: &Token<'_>) -> Option<String> {
    let t = token.text;
    // ISO timestamps: keep the date part.
    let t = t.split_once('T').map_or(t, |(d, _)| d);
    let sep = t.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        return None;
    };
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    iso(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn written(tokens: &[Token<'_>]) -> Option<String> {
    // Every written form has a day number among its first three tokens:
    // checking that first spares folding month names at every word of a text.
    if !tokens.iter().take(3).any(|t| day(t.text).is_some()) {
        return None;
    }
    // Day Month Year.
    if let Some(day) = tokens.first().and_then(|t| day(t.text)) {
        if let Some((month, used)) = month_at(&tokens[1..]) {
            let year = tokens.get(1 + used).and_then(|t| year(t.text))?;
            return iso(year, month, day);
        }
    }
    // Month Day, Year.
    if let Some((month, used)) = month_at(tokens) {
        let day = tokens.get(used).and_then(|t| day(t.text))?;
        let year = tokens.get(used + 1).and_then(|t| year(t.text))?;
        return iso(year, month, day);
    }
    None
}

fn day(t: &str) -> Option<u32> {
    let t = t
        .strip_suffix("st")
        .or_else(|| t.strip_suffix("nd"))
        .or_else(|| t.strip_suffix("rd"))
        .or_else(|| t.strip_suffix("th"))
        .unwrap_or(t);
    if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn year(t: &str) -> Option<u32> {
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Month names, each with its number. Levantine names of two words are
/// listed as such; hamza spellings are folded before lookup.
const MONTHS: &[(&str, u32)] = &[
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("افريل", 4),
    ("مايو", 5),
    ("ماي", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الاول", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn fold(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ى' => Some('ي'),
            '\u{0640}' | '\u{064b}'..='\u{0652}' => None,
            _ => Some(c.to_lowercase().next().unwrap_or(c)),
        })
        .collect()
}

/// The month named at the start of `tokens`, and how many tokens it took.
/// `يونيو/حزيران` (two names for one month) counts as one token.
fn month_at(tokens: &[Token<'_>]) -> Option<(u32, usize)> {
    let first = tokens.first()?.text;
    let first = first.split('/').next().unwrap_or(first);
    let first = fold(first.trim_end_matches('.'));
    if let Some(second) = tokens.get(1) {
        let second = fold(second.text.split('/').next().unwrap_or(second.text));
        let two = format!("{first} {second}");
        if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == two) {
            return Some((m, 2));
        }
    }
    // "كانون" or "تشرين" alone is ambiguous.
    MONTHS
        .iter()
        .find(|(name, _)| *name == first)
        .map(|&(_, m)| (m, 1))
}

fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1000..=2999).contains(&year) {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<String> {
        find_date(s).map(|f| f.iso)
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(date("28.04.2025 07:41").as_deref(), Some("2025-04-28"));
        assert_eq!(date("2025-04-28").as_deref(), Some("2025-04-28"));
        assert_eq!(date("28/04/2025").as_deref(), Some("2025-04-28"));
        assert_eq!(
            date("2025-04-28T07:41:00+03:00").as_deref(),
            Some("2025-04-28")
        );
        assert_eq!(date("٢٨/٠٤/٢٠٢٥").as_deref(), Some("2025-04-28"));
        assert_eq!(date("۲۸.۰۴.۲۰۲۵").as_deref(), Some("2025-04-28"));
    }

    #[test]
    fn written_forms() {
        for s in [
            "28 ابريل 2025",
            "28 أبريل 2025",
            "28 إبريل 2025",
            "28 أبريل، 2025",
            "28 نيسان 2025",
            "28 نيسان/أبريل 2025",
            "٢٨ أبريل ٢٠٢٥",
            "April 28, 2025",
            "28 April 2025",
        ] {
            assert_eq!(date(s).as_deref(), Some("2025-04-28"), "{s}");
        }
        assert_eq!(date("1 كانون الثاني 2024").as_deref(), Some("2024-01-01"));
        assert_eq!(date("5 تشرين الأول 2023").as_deref(), Some("2023-10-05"));
        assert_eq!(date("19 يونيو/حزيران 2024").as_deref(), Some("2024-06-19"));
        assert_eq!(date("3 آب 2024").as_deref(), Some("2024-08-03"));
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(date("32.01.2025"), None);
        assert_eq!(date("12.13.2025"), None);
        assert_eq!(date("30 فبراير 2025"), None);
        assert_eq!(date("2025-00-10"), None);
        assert_eq!(date("1950-1953"), None);
        assert_eq!(date("في عام 2022"), None);
        assert_eq!(date("12 ألف جندي"), None);
    }

    #[test]
    fn datelines_only() {
        assert_eq!(
            dateline("28 ابريل 2025   |  آخر تحديث: 16:06 (توقيت القدس)").as_deref(),
            Some("2025-04-28")
        );
        assert_eq!(
            dateline("آخر تحديث: 28.04.2025").as_deref(),
            Some("2025-04-28")
        );
        assert_eq!(
            dateline("– سبرافدي – مركز ستراتكوم (@StratcomCentre) 18 أكتوبر 2024"),
            None
        );
        let header = ["عنوان الخبر هنا", "", "نشر في 2024-01-05"];
        assert_eq!(from_header(&header).as_deref(), Some("2024-01-05"));
    }

    #[test]
    fn meta_values() {
        assert_eq!(normalize_meta("2025-04-28T10:00:00Z"), "2025-04-28");
        assert_eq!(normalize_meta(" spring 2025 "), "spring 2025");
    }
}
