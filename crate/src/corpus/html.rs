//! HTML pages → metadata and visible text lines, by a small hand-written scanner.
//!
//! In: the decoded text of an `.html`/`.htm` file (LF line ends).
//! Out: [`Parsed`]: `<title>`, `og:title`, the first `<h1>`, url, date and
//! source from `<meta>`/`<link>`, and the visible text as lines (`""` marks a
//! paragraph break).
//!
//! Rules:
//! - Dropped with their content: `<script>`, `<style>`, `<noscript>`,
//!   `<template>`, `<svg>`, `<iframe>`, `<textarea>`, comments, doctype and
//!   processing instructions, and any text inside `<head>`.
//! - `<title>` is raw text: tags inside it (even `<script>`) stay literal
//!   characters of the title, entities are decoded.
//! - Block elements (`p`, `div`, `br`, `li`, `h1`–`h6`, `tr`, `section`,
//!   `article`, …) end a paragraph; table cells are separated by a space;
//!   `<pre>` keeps its line breaks; other whitespace collapses.
//! - Entities: `&amp; &lt; &gt; &quot; &apos; &nbsp;`, a few typographic ones,
//!   and numeric `&#…;`/`&#x…;`. Anything else (unknown names, missing `;`,
//!   invalid code points) stays as written.
//! - `<link rel="canonical">` or `og:url` → url; `<meta name="date">`,
//!   `article:published_time`, `datePublished` → date; `og:site_name` → source.
//! - A `<` that does not open a tag is text.

use super::text::clean_line;

/// What an HTML page holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `<title>` text.
    pub title: Option<String>,
    /// `og:title`.
    pub og_title: Option<String>,
    /// The first `<h1>` text.
    pub h1: Option<String>,
    /// Canonical link, else `og:url`.
    pub url: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// `og:site_name`.
    pub source: Option<String>,
    /// Visible text lines, `""` between paragraphs.
    pub lines: Vec<String>,
    /// Markup that hid the rest of the file (unclosed comments, `<script>`,
    /// `<title>`…), each said with its line and how to fix it.
    pub warnings: Vec<String>,
}

pub(super) const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "textarea",
];

pub(super) const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

pub(super) struct Scanner<'a> {
    pub(super) text: &'a str,
    lower: String,
    pub(super) pos: usize,
    pub(super) warnings: Vec<String>,
}

pub(super) struct Tag {
    pub(super) name: String,
    pub(super) end: bool,
    pub(super) attrs: Vec<(String, String)>,
}

impl Tag {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses an HTML page.
pub fn parse(text: &str) -> Parsed {
    let mut s = Scanner::new(text);
    let mut out = Parsed::default();
    let mut og_url = None;
    let mut line = String::new();
    let mut in_head = false;
    let mut pre = 0usize;
    let mut h1: Option<String> = None;

    while s.pos < text.len() {
        let next = text[s.pos..].find('<').map_or(text.len(), |i| s.pos + i);
        if next > s.pos {
            let chunk = decode_entities(&text[s.pos..next]);
            if !in_head {
                push_text(&chunk, pre > 0, &mut line, &mut out.lines);
                if let Some(h) = h1.as_mut() {
                    h.push_str(&chunk);
                }
            }
            s.pos = next;
            continue;
        }
        let Some(tag) = s.tag() else {
            // Not markup: a literal `<`.
            if !in_head {
                line.push('<');
                if let Some(h) = h1.as_mut() {
                    h.push('<');
                }
            }
            s.pos += 1;
            continue;
        };
        let name = tag.name.as_str();
        if tag.end {
            match name {
                "head" => in_head = false,
                "pre" => pre = pre.saturating_sub(1),
                "h1" => {
                    if let Some(h) = h1.take() {
                        let h = clean_line(&h);
                        if out.h1.is_none() && !h.is_empty() {
                            out.h1 = Some(h);
                        }
                    }
                }
                _ => {}
            }
            if BLOCKS.contains(&name) {
                paragraph_break(&mut line, &mut out.lines);
            } else if matches!(name, "td" | "th") {
                line.push(' ');
            }
            continue;
        }
        match name {
            "head" => in_head = true,
            "title" => {
                let raw = s.raw_text("title");
                let title = clean_line(&decode_entities(raw));
                if out.title.is_none() && !title.is_empty() {
                    out.title = Some(title);
                }
            }
            "meta" => read_meta(&tag, &mut out, &mut og_url),
            "link" => {
                let canonical = tag.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    set(&mut out.url, tag.attr("href"));
                }
            }
            "pre" => pre += 1,
            "h1" if out.h1.is_none() => h1 = Some(String::new()),
            "td" | "th" => line.push(' '),
            _ if SKIPPED.contains(&name) => {
                s.raw_text(name);
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            in_head = false;
            paragraph_break(&mut line, &mut out.lines);
        }
    }
    paragraph_break(&mut line, &mut out.lines);
    if out.url.is_none() {
        out.url = og_url;
    }
    out.warnings = s.warnings;
    out
}

pub(super) fn read_meta(tag: &Tag, out: &mut Parsed, og_url: &mut Option<String>) {
    let key = tag
        .attr("property")
        .or_else(|| tag.attr("name"))
        .or_else(|| tag.attr("itemprop"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let content = tag.attr("content");
    match key.as_str() {
        "og:url" => set(og_url, content),
        "og:title" => set(&mut out.og_title, content),
        "og:site_name" => set(&mut out.source, content),
        "date"
        | "article:published_time"
        | "datepublished"
        | "pubdate"
        | "publishdate"
        | "dc.date"
        | "dcterms.date" => set(&mut out.date, content),
        _ => {}
    }
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none() {
        let value = value.map(clean_line).unwrap_or_default();
        if !value.is_empty() {
            *slot = Some(value);
        }
    }
}

pub(super) fn push_text(chunk: &str, pre: bool, line: &mut String, lines: &mut Vec<String>) {
    if !pre {
        line.push_str(chunk);
        return;
    }
    let mut parts = chunk.split('\n');
    if let Some(first) = parts.next() {
        line.push_str(first);
    }
    for part in parts {
        lines.push(clean_line(line));
        line.clear();
        line.push_str(part);
    }
}

pub(super) fn paragraph_break(line: &mut String, lines: &mut Vec<String>) {
    let cleaned = clean_line(line);
    line.clear();
    if !cleaned.is_empty() {
        lines.push(cleaned);
    }
    if lines.last().is_some_and(|l| !l.is_empty()) {
        lines.push(String::new());
    }
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            lower: text.to_ascii_lowercase(),
            pos: 0,
            warnings: Vec::new(),
        }
    }

    /// Reads the markup at `pos` (a `<`). Comments, doctypes and processing
    /// instructions are skipped and reported as a nameless end tag.
    pub(super) fn tag(&mut self) -> Option<Tag> {
        let rest = &self.text[self.pos..];
        let bytes = rest.as_bytes();
        if let Some(body) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` are empty comments; `-->` or `--!>` ends one.
            let len = if body.starts_with('>') {
                Some(1)
            } else if body.starts_with("->") {
                Some(2)
            } else {
                comment_end(body)
            };
            match len {
                Some(len) => self.pos += 4 + len,
                None => {
                    self.warn_unclosed("comment <!--", "-->");
                    self.pos = self.text.len();
                }
            }
            return Some(skipped());
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            self.pos = self.after(self.pos + 2, ">");
            return Some(skipped());
        }
        let end = bytes.get(1) == Some(&b'/');
        let start = if end { 2 } else { 1 };
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        let name = rest[start..start + name_len].to_ascii_lowercase();
        let mut i = start + name_len;
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            let key_len = bytes[i..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
                .count()
                .max(1);
            let key = rest[i..i + key_len].to_ascii_lowercase();
            i += key_len;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close = rest[i + 1..]
                            .find(q as char)
                            .map_or(rest.len(), |j| i + 1 + j);
                        value = decode_entities(&rest[i + 1..close]);
                        i = (close + 1).min(rest.len());
                    }
                    _ => {
                        let len = bytes[i..]
                            .iter()
                            .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                            .count();
                        value = decode_entities(&rest[i..i + len]);
                        i += len;
                    }
                }
            }
            attrs.push((key, value));
        }
        self.pos += i;
        Some(Tag { name, end, attrs })
    }

    /// Index just after the next `needle` from `from`, or the end of the text.
    fn after(&self, from: usize, needle: &str) -> usize {
        self.text[from..]
            .find(needle)
            .map_or(self.text.len(), |i| from + i + needle.len())
    }

    /// The raw content up to `</name`, and moves past the end tag.
    pub(super) fn raw_text(&mut self, name: &str) -> &'a str {
        let from = self.pos;
        let needle = format!("</{name}");
        let mut search = from;
        let close = loop {
            match self.lower[search..].find(&needle) {
                Some(i) => {
                    let at = search + i;
                    // `</title>` but not `</titles>`.
                    let next = self.lower.as_bytes().get(at + needle.len());
                    if next.is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/')) {
                        break at;
                    }
                    search = at + needle.len();
                }
                None => break self.text.len(),
            }
        };
        self.pos = if close < self.text.len() {
            self.after(close, ">")
        } else {
            self.warn_unclosed(&format!("<{name}>"), &format!("</{name}>"));
            close
        };
        &self.text[from..close]
    }

    /// Notes that `what`, opened before `pos`, runs to the end of the file.
    fn warn_unclosed(&mut self, what: &str, close: &str) {
        let line = line_of(self.text, self.pos);
        self.warnings.push(format!(
            "{what} on line {line} is never closed, so the rest of the file is not text (as in a browser): add {close} where it ends"
        ));
    }
}

/// The 1-based line of byte `pos`.
pub(super) fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Length of a comment's body and its end marker (`-->` or `--!>`).
fn comment_end(body: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = body[from..].find("--") {
        let at = from + i + 2;
        if body[at..].starts_with('>') {
            return Some(at + 1);
        }
        if body[at..].starts_with("!>") {
            return Some(at + 2);
        }
        from += i + 1;
    }
    None
}

fn skipped() -> Tag {
    Tag {
        name: String::new(),
        end: true,
        attrs: Vec::new(),
    }
}

/// Decodes character references; anything that is not a valid one stays as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Only the next few bytes can hold a reference: a text full of `&`
        // without `;` must not be searched to its end once per `&`.
        let decoded = rest.as_bytes()[1..]
            .iter()
            .take(MAX_ENTITY_LEN + 1)
            .position(|&b| b == b';')
            .and_then(|semi| entity(&rest[1..1 + semi]).map(|c| (c, semi + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Longest reference name read, `#` and digits included.
const MAX_ENTITY_LEN: usize = 32;

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        // As browsers read them: leading zeros allowed, anything too large,
        // a surrogate or NUL is U+FFFD, 0x80–0x9F are the Windows-1252
        // characters old pages meant.
        let code = digits.chars().fold(0u32, |n, c| {
            n.saturating_mul(radix)
                .saturating_add(c.to_digit(radix).unwrap_or(0))
        });
        return Some(match code {
            0 => '\u{fffd}',
            0x80..=0x9f => WINDOWS_1252[(code - 0x80) as usize],
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        });
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => return None,
    })
}

/// Characters 0x80–0x9F of Windows-1252 (C1 controls where it has none).
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::text::join_paragraphs;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; f&nbsp;g"),
            "a & b <c> \"d\" 'e' f\u{a0}g"
        );
        assert_eq!(decode_entities("&#1593;&#x0644;&#X645;"), "علم");
        assert_eq!(
            decode_entities("&bogus; & &amp &#xZZ; &#; &#x; &#12a;"),
            "&bogus; & &amp &#xZZ; &#; &#x; &#12a;"
        );
        // Numeric references as browsers read them.
        assert_eq!(
            decode_entities(
                "&#0;|&#x110000;|&#xD800;|&#99999999999999999999;|&#x0000000644;|&#150;|&#x80;"
            ),
            "\u{fffd}|\u{fffd}|\u{fffd}|\u{fffd}|ل|–|€"
        );
        // Only the next 32 bytes can hold the `;`.
        let long = format!("&#{};", "0".repeat(40));
        assert_eq!(decode_entities(&long), long);
        assert_eq!(decode_entities(&"&a".repeat(50_000)), "&a".repeat(50_000));
        assert_eq!(decode_entities("&&amp;"), "&&");
    }

    #[test]
    fn visible_text_and_metadata() {
        let page = r#"<!DOCTYPE html>
<html lang="ar"><head>
<meta charset="utf-8">
<title>عنوان الصفحة &amp; الموقع</title>
<meta property="og:url" content="https://example.com/og">
<link rel="canonical" href="https://example.com/a?x=1&amp;y=2">
<meta property="article:published_time" content="2025-04-28T07:41:00Z">
<meta property="og:site_name" content="المثال">
<style>body { color: red }</style>
<script>var x = "<p>not text</p>";</script>
stray head text
</head>
<body>
<!-- a comment <p>hidden</p> -->
<nav><ul><li>الرئيسية</li><li>أخبار</li></ul></nav>
<h1>العنوان <em>الرئيسي</em></h1>
<p>الفقرة   الأولى<br>سطر ثانٍ</p>
<div>فقرة <b>ثانية</b> 3 &lt; 4</div>
<noscript>enable js</noscript><template><p>tpl</p></template>
<table><tr><td>a</td><td>b</td></tr></table>
<pre>line 1
line 2</pre>
<p>if a < b and c > d</p>
</body></html>"#;
        let p = parse(page);
        assert_eq!(p.title.as_deref(), Some("عنوان الصفحة & الموقع"));
        assert_eq!(p.h1.as_deref(), Some("العنوان الرئيسي"));
        assert_eq!(p.url.as_deref(), Some("https://example.com/a?x=1&y=2"));
        assert_eq!(p.date.as_deref(), Some("2025-04-28T07:41:00Z"));
        assert_eq!(p.source.as_deref(), Some("المثال"));
        assert_eq!(
            join_paragraphs(&p.lines),
            "الرئيسية\n\nأخبار\n\nالعنوان الرئيسي\n\nالفقرة الأولى\n\nسطر ثانٍ\n\nفقرة ثانية 3 < 4\n\na b\n\nline 1\nline 2\n\nif a < b and c > d"
        );
    }

    #[test]
    fn title_is_raw_text() {
        let p = parse("<title>a <script>alert(1)</script> &amp; b</title><p>x</p>");
        assert_eq!(p.title.as_deref(), Some("a <script>alert(1)</script> & b"));
        assert_eq!(p.lines, ["x", ""]);
    }

    #[test]
    fn og_url_without_canonical_and_unclosed_things() {
        let p = parse("<meta property='og:url' content=https://e.com/x><p>t<script>never closed");
        assert_eq!(p.url.as_deref(), Some("https://e.com/x"));
        assert_eq!(join_paragraphs(&p.lines), "t");
        let p = parse("<p>a <!-- unclosed");
        assert_eq!(join_paragraphs(&p.lines), "a");
        let p = parse("<p class=\"unclosed>text");
        assert!(p.lines.is_empty());
    }

    #[test]
    fn comments_and_cdata_as_browsers_read_them() {
        let p =
            parse("<p>a<!-->b<!--->c<!-- x -- y --!>d<!-- <p>z</p> -->e<![CDATA[hidden]]>f</p>");
        assert_eq!(join_paragraphs(&p.lines), "abcdef");
        assert!(p.warnings.is_empty());
        let p = parse("<p>a</p>\n<p>b<!-- never\nclosed <p>c</p>");
        assert_eq!(join_paragraphs(&p.lines), "a\n\nb");
        assert_eq!(
            p.warnings,
            ["comment <!-- on line 2 is never closed, so the rest of the file is not text (as in a browser): add --> where it ends"]
        );
        let p = parse("<p>a</p><script>x\n<p>b</p>");
        assert!(p.warnings[0].starts_with("<script> on line 1 is never closed"));
    }

    #[test]
    fn entity_encoded_markup_stays_text() {
        let p = parse("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;</p>");
        assert_eq!(
            join_paragraphs(&p.lines),
            "<script>alert(1)</script> &lt;b&gt;"
        );
    }
}
