//! Bytes → clean text, and the line-level whitespace rules shared by all formats.
//!
//! In: the raw bytes of one corpus file.
//! Out: [`Decoded`]: the text with the BOM stripped and every line end (CRLF,
//! CR, LF) turned into `\n`, plus warnings about what was repaired; or a
//! reason why the bytes are not a text document.
//!
//! Rules:
//! - Encoding: UTF-8, with or without BOM; UTF-16 LE/BE when the file starts
//!   with its BOM. UTF-32 and UTF-16 without a BOM are refused with a reason.
//! - Invalid sequences: a few are a damaged file, many are another encoding.
//!   Up to one invalid sequence per [`MAX_INVALID_PER`] characters is read as
//!   U+FFFD (not indexed) with a warning giving the count and the byte offset
//!   of the first; more refuse the file with that offset. A character cut off
//!   by the end of the file is dropped with a warning.
//! - NUL bytes and other control characters: more than one character in ten
//!   makes a binary file, refused; fewer are read as spaces, NULs with a
//!   warning.
//! - A file with nothing but whitespace is empty, refused.
//! - [`clean_line`] collapses whitespace runs (NBSP included, kept as one
//!   space), drops invisible format characters (zero-width space, soft hyphen,
//!   bidi controls, stray BOMs) and trims the line. ZWNJ/ZWJ are kept: they
//!   change how Persian and Urdu words are written.
//! - [`join_paragraphs`] trims blank lines and leaves exactly one blank line
//!   between paragraphs.

/// More invalid byte sequences than one per this many characters is a file in
/// another encoding, not a damaged UTF-8 one.
pub const MAX_INVALID_PER: usize = 100;

/// The text of a corpus file and what was repaired to read it.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, LF line ends, no BOM, NULs as spaces.
    pub text: String,
    /// One sentence per repair, saying what was done and how to fix the file.
    pub warnings: Vec<String>,
}

/// Undecodable input met while decoding.
#[derive(Default)]
struct Damage {
    /// Invalid sequences, each read as U+FFFD.
    invalid: usize,
    /// Byte offset (in the file) of the first one.
    first: Option<usize>,
    /// Byte offset of a sequence cut off by the end of the file.
    truncated: Option<usize>,
}

/// Decodes a corpus file, or says why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err("UTF-32 text: save the file as UTF-8".into());
    }
    let (text, damage, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, d) = utf16(rest, u16::from_le_bytes);
        (t, d, "UTF-16")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, d) = utf16(rest, u16::from_be_bytes);
        (t, d, "UTF-16")
    } else {
        let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let (t, d) = utf8(&bytes[bom..], bom);
        (t, d, "UTF-8")
    };
    let total = text.chars().count();
    if let Some(first) = damage.first {
        if damage.invalid.saturating_mul(MAX_INVALID_PER) > total && text.contains('\0') {
            return Err(format!(
                "binary file (NUL bytes, and invalid {encoding} from byte {first}): remove it from the corpus"
            ));
        }
        if damage.invalid.saturating_mul(MAX_INVALID_PER) > total {
            return Err(format!(
                "not {encoding} text ({} invalid byte sequence{}, the first at byte {first}; another encoding such as Windows-1256 or ISO-8859-1?): save the file as UTF-8 (e.g. `iconv -f WINDOWS-1256 -t UTF-8`), or remove it from the corpus if it is not text",
                damage.invalid,
                if damage.invalid == 1 { "" } else { "s" }
            ));
        }
    }
    if text.trim().is_empty() {
        return Err("empty file: add text or remove it".into());
    }
    let control = text.chars().filter(|&c| is_binary_control(c)).count();
    // Text has almost no control characters; a tenth of them is a binary file
    // that happens to decode.
    if control * 10 > total {
        let hint = if looks_like_utf16(bytes) {
            "UTF-16 without a byte order mark? save the file as UTF-8; "
        } else {
            ""
        };
        return Err(format!(
            "binary file ({control} control characters in {total}): {hint}remove it from the corpus"
        ));
    }
    let mut warnings = Vec::new();
    if let Some(first) = damage.first {
        warnings.push(format!(
            "{} invalid {encoding} byte sequence{}, the first at byte {first}, read as U+FFFD and not indexed: correct the bytes or save the file as UTF-8 again",
            damage.invalid,
            if damage.invalid == 1 { "" } else { "s" }
        ));
    }
    if let Some(at) = damage.truncated {
        warnings.push(format!(
            "the file ends inside a character (byte {at}), which is left out: the file may be truncated, copy it again"
        ));
    }
    let mut text = normalize_newlines(&text);
    let nuls = text.matches('\0').count();
    if nuls > 0 {
        let line = text
            .find('\0')
            .map_or(1, |i| text[..i].matches('\n').count() + 1);
        warnings.push(format!(
            "{nuls} NUL character{}, the first on line {line}, read as spaces: remove them from the file",
            if nuls == 1 { "" } else { "s" }
        ));
        text = text.replace('\0', " ");
    }
    Ok(Decoded { text, warnings })
}

/// UTF-8 with each invalid sequence as U+FFFD; `base` is the offset of `bytes` in the file.
fn utf8(bytes: &[u8], base: usize) -> (String, Damage) {
    let mut out = String::with_capacity(bytes.len());
    let mut damage = Damage::default();
    let mut rest = bytes;
    let mut offset = base;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                match e.error_len() {
                    Some(len) => {
                        damage.invalid += 1;
                        damage.first.get_or_insert(offset + good);
                        out.push('\u{fffd}');
                        rest = &rest[good + len..];
                        offset += good + len;
                    }
                    None => {
                        damage.truncated = Some(offset + good);
                        break;
                    }
                }
            }
        }
    }
    (out, damage)
}

/// UTF-16 after its BOM, with unpaired surrogates as U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, Damage) {
    let mut damage = Damage::default();
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut out = String::with_capacity(bytes.len());
    let mut at = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => {
                damage.invalid += 1;
                damage.first.get_or_insert(at);
                out.push('\u{fffd}');
                at += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        damage.truncated = Some(bytes.len() + 1);
    }
    (out, damage)
}

/// NUL bytes in most even or most odd positions, few in the others: UTF-16
/// text without its byte order mark.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return false;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let (more, less) = (even.max(odd), even.min(odd));
    more * 10 > pairs * 4 && less * 20 < pairs
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

/// `char::is_alphanumeric`, answering ASCII and the Arabic letters without
/// the Unicode table lookup: the corpus heuristics run it on every character
/// of the first lines of every document.
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0621}'..='\u{063a}' | '\u{0641}'..='\u{064a}' => {
            true
        }
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// `needle` occurs in `haystack`. A plain scan: the corpus heuristics look
/// for a few short phrases in short lines, where setting up
/// `str::contains`'s two-way search costs more than the search.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find_from(haystack, needle, 0).is_some()
}

/// The first byte offset at or after `from` where `needle` occurs in
/// `haystack`. An empty needle is never found (unlike `str::find`), so a
/// caller that steps past each match always moves on.
pub fn find_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    let last_start = h.len().checked_sub(n.len())?;
    (from..=last_start).find(|&i| h[i] == first && &h[i + 1..i + n.len()] == rest)
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

    fn text(bytes: &[u8]) -> String {
        let d = decode(bytes).unwrap();
        assert_eq!(d.warnings, Vec::<String>::new());
        d.text
    }

    #[test]
    fn bom_and_line_ends() {
        assert_eq!(
            text(b"\xEF\xBB\xBFone\r\ntwo\rthree\n"),
            "one\ntwo\nthree\n"
        );
        assert_eq!(text(b"a\r\r\nb\n\rc"), "a\n\nb\n\nc");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let word = "كوريا 𝐀\r\nب";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(word.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(word.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&le), "كوريا 𝐀\nب");
        assert_eq!(text(&be), "كوريا 𝐀\nب");
        // An odd last byte is a cut character.
        let mut cut = le.clone();
        cut.push(0x41);
        let d = decode(&cut).unwrap();
        assert_eq!(d.text, "كوريا 𝐀\nب");
        assert!(
            d.warnings[0].contains("ends inside a character"),
            "{:?}",
            d.warnings
        );
        assert!(decode(b"\xFF\xFE\x00\x00a\x00\x00\x00")
            .unwrap_err()
            .starts_with("UTF-32"));
    }

    #[test]
    fn many_invalid_sequences_refuse_the_file_with_the_first_offset() {
        let err = decode(b"abc\xFFdef").unwrap_err();
        assert!(
            err.starts_with("not UTF-8 text (1 invalid byte sequence, the first at byte 3;"),
            "{err}"
        );
        assert!(err.contains("save the file as UTF-8"), "{err}");
        // Windows-1256 Arabic: every letter is invalid.
        let err = decode(b"\xEF\xBB\xBF\xDF\xE6\xD1\xED\xC7 \xD1\xE6\xD3\xED\xC7").unwrap_err();
        assert!(err.contains("the first at byte 3"), "{err}");
    }

    #[test]
    fn a_few_invalid_sequences_are_read_with_a_warning() {
        let mut bytes = "كلمة ".repeat(100).into_bytes();
        bytes.splice(9..9, [0xFF, 0xC3]);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text.matches('\u{fffd}').count(), 2);
        assert_eq!(d.warnings.len(), 1);
        assert!(
            d.warnings[0].starts_with("2 invalid UTF-8 byte sequences, the first at byte 9,"),
            "{:?}",
            d.warnings
        );
        // A multi-byte character cut by the end of the file: dropped, warned.
        let mut bytes = "كلمة".repeat(3).into_bytes();
        bytes.extend_from_slice(&[0xD9]);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "كلمة".repeat(3));
        assert!(d.warnings[0].contains("byte 24"), "{:?}", d.warnings);
    }

    #[test]
    fn a_few_nuls_are_spaces() {
        let mut bytes = b"first line of text here\n".repeat(3);
        bytes[30] = 0;
        let d = decode(&bytes).unwrap();
        assert!(!d.text.contains('\0'));
        assert_eq!(
            d.warnings,
            ["1 NUL character, the first on line 2, read as spaces: remove them from the file"]
        );
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
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap_err(),
            "binary file (NUL bytes, and invalid UTF-8 from byte 0): remove it from the corpus"
        );
        assert!(decode(b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .starts_with("binary file"));
        assert!(decode(b"a\x00b\x00c\x00d\x00e\x00")
            .unwrap_err()
            .contains("UTF-16 without a byte order mark"));
        assert!(decode(b"\x01\x02\x03\x04abc")
            .unwrap_err()
            .starts_with("binary file"));
        assert_eq!(
            decode(b"\xFF\xFE \x00\n\x00").unwrap_err(),
            "empty file: add text or remove it"
        );
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

    #[test]
    fn the_fast_helpers_agree_with_the_standard_library() {
        for c in [
            'a', 'Z', '7', ' ', '-', 'ء', 'ي', 'ـ', 'َ', '٣', 'é', 'ß', '中', '،',
        ] {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        let line = "اترك تعليقا على الخبر، اترك تعليقا";
        for needle in [
            "اترك",
            "تعليقا",
            "الخبر،",
            "غير",
            "ا",
            "اترك تعليقا على الخبر، اترك تعليقا!",
        ] {
            assert_eq!(contains(line, needle), line.contains(needle), "{needle}");
            assert_eq!(find_from(line, needle, 0), line.find(needle), "{needle}");
        }
        let second = line.rfind("اترك").unwrap_or(0);
        assert_eq!(find_from(line, "اترك", 1), Some(second));
        assert_eq!(find_from(line, "", 0), None);
        assert_eq!(find_from("", "a", 0), None);
    }
}
