//! The headline of a text that does not state one in metadata.
//!
//! In: the body lines of a document (cleaned, boilerplate already removed,
//! `""` between paragraphs).
//! Out: a [`Title`]: either one of the lines (which the body then drops from
//! its start) or a short form of the first sentence.
//!
//! Rules, on the first [`date::HEADER_LINES`] non-empty lines:
//! - Skip site chrome that sits above headlines: boilerplate, datelines
//!   ("28.04.2025 07:41", "28 ابريل 2025 | آخر تحديث: 16:06"), bullet lines
//!   ("- …", "• …") and lines of fewer than [`MIN_WORDS`] words.
//! - The first line left is the headline if it has at most [`MAX_WORDS`] words
//!   and [`MAX_CHARS`] characters.
//! - If it is longer, it is article text: the title is its first sentence,
//!   cut at a clause comma or a word boundary to [`FALLBACK_CHARS`]
//!   characters and marked with "…" when cut. The body keeps the sentence.
//! - A text made only of short lines takes its first line.

use super::date;
use super::text::{cut_at_word, word_count};

/// Fewer words than this is a label, not a headline.
pub const MIN_WORDS: usize = 3;
/// More words than this is a paragraph, not a headline.
pub const MAX_WORDS: usize = 25;
/// More characters than this is a paragraph, not a headline.
pub const MAX_CHARS: usize = 200;
/// Longest title made from a sentence.
pub const FALLBACK_CHARS: usize = 120;

/// A title found in the text.
#[derive(Debug, PartialEq, Eq)]
pub enum Title {
    /// The line at this index of the input is the headline.
    Line(usize),
    /// Made from the first sentence; no line of the body is the title.
    Sentence(String),
}

/// The headline of `lines`, or `None` when they hold no text.
pub fn find(lines: &[String]) -> Option<Title> {
    let mut first = None;
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .take(date::HEADER_LINES)
    {
        first.get_or_insert(i);
        if skipped(line) {
            continue;
        }
        if reads_as_headline(line) {
            return Some(Title::Line(i));
        }
        return Some(Title::Sentence(first_sentence(line)));
    }
    first.map(Title::Line)
}

/// A line that sits above or around headlines without being one. Like
/// [`find`], it is given lines with the boilerplate already removed.
pub fn skipped(line: &str) -> bool {
    // Cheapest tests first: this runs on the first lines of every document.
    word_count(line) < MIN_WORDS || is_bullet(line) || date::dateline(line).is_some()
}

fn is_bullet(line: &str) -> bool {
    ["- ", "– ", "• ", "* ", "· "]
        .iter()
        .any(|b| line.starts_with(b))
}

fn reads_as_headline(line: &str) -> bool {
    let words = word_count(line);
    (MIN_WORDS..=MAX_WORDS).contains(&words) && line.chars().count() <= MAX_CHARS
}

/// The first sentence of `text`, shortened to a title.
pub fn first_sentence(text: &str) -> String {
    let sentence = sentence_end(text).map_or(text, |end| &text[..end]);
    let sentence = sentence.trim();
    if sentence.chars().count() <= FALLBACK_CHARS {
        return sentence.trim_end_matches(['.', '،', ',']).to_string();
    }
    let head = cut_at_word(sentence, FALLBACK_CHARS);
    // Prefer ending at a clause comma when it leaves a title worth reading.
    let clause = head
        .char_indices()
        .rev()
        .filter(|&(_, c)| matches!(c, '،' | ',' | '؛' | ';' | ':'))
        .map(|(i, _)| i)
        .find(|&i| head[..i].chars().count() >= FALLBACK_CHARS / 3);
    let cut = clause.map_or(head, |i| &head[..i]);
    format!("{}…", cut.trim_end())
}

/// Byte index just after the sentence's final mark, if the text has more after it.
fn sentence_end(text: &str) -> Option<usize> {
    let mut prev = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let at_space = next.is_none_or(char::is_whitespace);
        let ends = match c {
            '!' | '?' | '؟' => at_space,
            // Not "..", not "3.5", not an initial like "U.S.".
            '.' => at_space && prev != Some('.') && next != Some('.'),
            _ => false,
        };
        if ends {
            return Some(i + c.len_utf8());
        }
        prev = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn skips_chrome_above_the_headline() {
        let l = lines(
            "28.04.2025 07:41\n- bullet one here\nروسيا\n\nهذا هو العنوان الرئيسي للخبر\n\nنص",
        );
        assert_eq!(find(&l), Some(Title::Line(4)));
    }

    #[test]
    fn long_first_line_gives_a_sentence() {
        let long = "هذه جملة أولى طويلة جدا تتحدث عن أمور كثيرة ومتنوعة في السياسة والاقتصاد والمجتمع والثقافة والرياضة والعلوم والفنون والتاريخ والجغرافيا والطب والهندسة والزراعة والصناعة والتجارة. وهذه جملة ثانية.";
        let Some(Title::Sentence(t)) = find(&lines(long)) else {
            panic!("expected a sentence title");
        };
        assert!(t.starts_with("هذه جملة أولى"));
        assert!(!t.contains("ثانية"));
    }

    #[test]
    fn sentences_are_cut_at_words() {
        let s = "word ".repeat(40);
        let t = first_sentence(s.trim());
        assert!(t.ends_with("word…"), "{t}");
        assert!(t.chars().count() <= FALLBACK_CHARS + 1);
        assert_eq!(first_sentence("Short one. Next."), "Short one");
        assert_eq!(
            first_sentence("لأول مرة.. موسكو تعترف"),
            "لأول مرة.. موسكو تعترف"
        );
    }

    #[test]
    fn short_texts_take_the_first_line() {
        assert_eq!(find(&lines("Hello world")), Some(Title::Line(0)));
        assert_eq!(find(&[]), None);
    }
}
