//! Bytes → clean text, and the line-level whitespace rules shared by all formats.
//!
//! In: the raw bytes of one corpus file.
//! Out: a `String` with the UTF-8 BOM stripped and every line end (CRLF, CR, LF)
//! turned into `\n`, or a reason why the bytes are not a text document.
//!
//! Rules:
//! - UTF-16 (by its BOM) and any NUL byte or a high share of control characters
//!   mean "not a UTF-8 text file"; invalid UTF-8 names the first bad byte.
//! - A file with nothing but whitespace is empty.
//! - [`clean_line`] collapses whitespace runs (NBSP included, kept as one
//!   space), drops invisible format characters (zero-width space, soft hyphen,
//!   bidi controls, stray BOMs) and trims the line. ZWNJ/ZWJ are kept: they
//!   change how Persian and Urdu words are written.
//! - [`join_paragraphs`] trims blank lines and leaves exactly one blank line
//!   between paragraphs.

/// Decodes a corpus file, or says why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text: save the file as UTF-8".into());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes): remove it from the corpus".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 at byte {}: save the file as UTF-8",
            e.valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        return Err("empty file: add text or remove it".into());
    }
    let total = text.chars().count();
    let control = text.chars().filter(|&c| is_binary_control(c)).count();
    // Text has almost no control characters; a tenth of them is a binary file
    // that happens to be valid UTF-8.
    if control * 10 > total {
        return Err(format!(
            "binary file ({control} control characters in {total}): remove it from the corpus"
        ));
    }
    Ok(normalize_newlines(text))
}

fn is_binary_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}')) || c == '\u{fffd}'
}

/// Turns CRLF and lone CR into LF.
pub fn normalize_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// True for characters that take no room on screen and carry no meaning for search.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Collapses whitespace runs to one space, drops invisible characters, trims.
pub fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Joins lines into the body text: blank lines (empty strings) separate
/// paragraphs, never more than one in a row, none at the start or end.
pub fn join_paragraphs<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    let mut pending_break = false;
    for line in lines {
        let line = line.as_ref();
        if line.is_empty() {
            pending_break = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        pending_break = false;
        out.push_str(line);
    }
    out
}

/// Number of whitespace-separated words.
pub fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// The longest prefix of `text` of at most `max` chars that ends at a word
/// boundary, or the first `max` chars when the first word is already longer.
pub fn cut_at_word(text: &str, max: usize) -> &str {
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    if end == text.len() {
        return text;
    }
    let head = &text[..end];
    // Cut at the last space inside the limit unless the next char starts a word anyway.
    if text[end..].starts_with(char::is_whitespace) {
        return head.trim_end();
    }
    match head.rfind(char::is_whitespace) {
        Some(i) if i > 0 => head[..i].trim_end(),
        _ => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_ends() {
        let bytes = b"\xEF\xBB\xBFone\r\ntwo\rthree\n";
        assert_eq!(decode(bytes).unwrap(), "one\ntwo\nthree\n");
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let err = decode(b"abc\xFFdef").unwrap_err();
        assert_eq!(err, "not valid UTF-8 at byte 3: save the file as UTF-8");
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(
            decode(b"").unwrap_err(),
            "empty file: add text or remove it"
        );
        assert_eq!(
            decode(b" \n\r\n\t").unwrap_err(),
            "empty file: add text or remove it"
        );
        assert!(decode(b"PK\x03\x04\x00\x00").unwrap_err().contains("NUL"));
        assert!(decode(b"\x01\x02\x03\x04abc")
            .unwrap_err()
            .starts_with("binary file"));
        assert!(decode(b"\xFF\xFEa\x00b\x00")
            .unwrap_err()
            .contains("UTF-16"));
    }

    #[test]
    fn lines_are_collapsed_and_trimmed() {
        assert_eq!(clean_line("  a \u{a0}\u{a0} b\t c  "), "a b c");
        assert_eq!(clean_line("x\u{200b}y\u{200f}"), "xy");
        assert_eq!(clean_line("\u{a0}"), "");
        assert_eq!(clean_line("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }

    #[test]
    fn paragraphs_get_one_blank_line() {
        let lines = ["", "a", "b", "", "", "c", ""];
        assert_eq!(join_paragraphs(&lines), "a\nb\n\nc");
    }

    #[test]
    fn cuts_at_words() {
        assert_eq!(cut_at_word("alpha beta gamma", 12), "alpha beta");
        assert_eq!(cut_at_word("alpha beta gamma", 10), "alpha beta");
        assert_eq!(cut_at_word("alpha", 10), "alpha");
        assert_eq!(cut_at_word("alphabet", 3), "alp");
    }
}
