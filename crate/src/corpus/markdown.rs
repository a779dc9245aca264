//! Markdown files → metadata, a heading and plain text lines.
//!
//! In: the decoded text of a `.md` file (LF line ends).
//! Out: [`Parsed`]: front-matter fields, the first `# Heading`, and the body as
//! plain lines (`""` marks a paragraph break).
//!
//! Rules:
//! - Front matter is optional: a first line `---`, `key: value` lines, and a
//!   closing `---` (or `...`). Keys `title`, `url` (`link`, `canonical`),
//!   `date` (`published`), `source` (`site`, `publisher`), case-insensitive;
//!   values plain, `"double"` (with `\"` escapes) or `'single'` (with `''`)
//!   quoted; other keys are ignored. Without a closing line there is no front
//!   matter and the text is all body.
//! - Headings lose their `#` marks (and setext underlines); the first level-1
//!   heading is the title candidate.
//! - Emphasis markers `*`, `_`, `~~` and code backticks are dropped (`_` inside
//!   a word stays), `[text](url)` and `[text][ref]` become `text`, images and
//!   reference definitions are dropped, `<https://…>` becomes the address.
//! - Code fences keep their content as text; quote marks `>` and horizontal
//!   rules are dropped; list items stay one per line as `- item`.
//! - Lines of one paragraph (soft-wrapped) are joined with a space.

use super::text::clean_line;

/// What a markdown file holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Front matter `title`.
    pub title: Option<String>,
    /// Front matter `url`.
    pub url: Option<String>,
    /// Front matter `date`, as written.
    pub date: Option<String>,
    /// Front matter `source`.
    pub source: Option<String>,
    /// The first level-1 heading, cleaned.
    pub heading: Option<String>,
    /// Body lines, `""` between paragraphs.
    pub lines: Vec<String>,
}

/// Parses a markdown document.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let body = match split_front_matter(text) {
        Some((front, body)) => {
            read_front_matter(front, &mut parsed);
            body
        }
        None => text,
    };
    parsed.lines = body_lines(body, &mut parsed.heading);
    parsed
}

/// `(front matter, body)` when the text opens with a closed front matter block.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("--- \n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

fn read_front_matter(front: &str, parsed: &mut Parsed) {
    for line in front.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let value = unquote(value.trim());
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut parsed.title,
            "url" | "link" | "canonical" | "canonical_url" => &mut parsed.url,
            "date" | "published" | "published_at" => &mut parsed.date,
            "source" | "site" | "publisher" => &mut parsed.source,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

fn unquote(value: &str) -> String {
    let inner = |q: char| {
        value
            .strip_prefix(q)
            .and_then(|v| v.rfind(q).map(|end| &v[..end]))
    };
    if let Some(v) = inner('"') {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push(' '),
                    Some('t') => out.push(' '),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        return clean_line(&out);
    }
    if let Some(v) = inner('\'') {
        return clean_line(&v.replace("''", "'"));
    }
    // Plain scalar: a ` #` starts a comment.
    let v = value.split(" #").next().unwrap_or(value);
    clean_line(v)
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Break,
    Text,
    Item,
    Block,
}

fn body_lines(body: &str, heading: &mut Option<String>) -> Vec<String> {
    let mut out: Vec<(Kind, String)> = Vec::new();
    let mut fence: Option<String> = None;
    for raw in body.lines() {
        let indented = raw.trim_start();
        if let Some(marker) = &fence {
            if indented.starts_with(marker.as_str())
                && indented
                    .trim_start_matches(marker.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                fence = None;
                out.push((Kind::Break, String::new()));
            } else {
                out.push((Kind::Block, clean_line(raw)));
            }
            continue;
        }
        if indented.starts_with("```") || indented.starts_with("~~~") {
            let c = indented.chars().next().unwrap_or('`');
            let len = indented.chars().take_while(|&x| x == c).count();
            fence = Some(c.to_string().repeat(len));
            out.push((Kind::Break, String::new()));
            continue;
        }
        let mut line = indented;
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        if line.is_empty() {
            out.push((Kind::Break, String::new()));
            continue;
        }
        if is_rule(line) {
            // A setext underline makes the text above it a heading.
            if line.starts_with('=') || line.starts_with('-') {
                if let Some((kind, prev)) = out.last_mut() {
                    if *kind == Kind::Text {
                        if line.starts_with('=') && heading.is_none() {
                            *heading = Some(prev.clone());
                        }
                        *kind = Kind::Block;
                    }
                }
            }
            out.push((Kind::Break, String::new()));
            continue;
        }
        if is_reference_definition(line) {
            continue;
        }
        if let Some((level, text)) = atx_heading(line) {
            let text = clean_line(&inline(text));
            if level == 1 && heading.is_none() && !text.is_empty() {
                *heading = Some(text.clone());
            }
            out.push((Kind::Break, String::new()));
            out.push((Kind::Block, text));
            out.push((Kind::Break, String::new()));
            continue;
        }
        if let Some(item) = list_item(line) {
            out.push((Kind::Item, clean_line(&inline(&item))));
            continue;
        }
        let text = clean_line(&inline(line));
        if text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((Kind::Text | Kind::Item, prev)) if !prev.is_empty() => {
                prev.push(' ');
                prev.push_str(&text);
            }
            _ => out.push((Kind::Text, text)),
        }
    }
    out.into_iter().map(|(_, l)| l).collect()
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && ['-', '*', '_', '=']
            .iter()
            .any(|&m| t.chars().all(|c| c == m))
}

fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[')
        && line
            .find("]:")
            .is_some_and(|i| !line[1..i].contains(['[', ']']))
}

fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let rest = rest.trim_end_matches('#');
    Some((level, rest.trim_end()))
}

fn list_item(line: &str) -> Option<String> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(format!("- {rest}"));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(line.to_string());
        }
    }
    None
}

/// Inline markup → text: code spans, images, links, autolinks, emphasis.
pub fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let run = count(&chars, i, '`');
                if let Some(end) = find_run(&chars, i + run, '`', run) {
                    out.extend(&chars[i + run..end]);
                    i = end + run;
                } else {
                    out.extend(&chars[i..i + run]);
                    i += run;
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link(&chars, i + 1) {
                Some((_, end)) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link(&chars, i) {
                Some((label, end)) => {
                    out.push_str(&inline(&label));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => {
                let end = chars[i + 1..].iter().position(|&x| x == '>' || x == ' ');
                let inner: String = end
                    .filter(|&e| chars[i + 1 + e] == '>')
                    .map(|e| chars[i + 1..i + 1 + e].iter().collect())
                    .unwrap_or_default();
                if inner.starts_with("http://")
                    || inner.starts_with("https://")
                    || inner.starts_with("mailto:")
                {
                    out.push_str(&inner);
                    i += inner.chars().count() + 2;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '*' | '_' | '~' => {
                let run = count(&chars, i, c);
                let prev = i.checked_sub(1).map(|p| chars[p]);
                let next = chars.get(i + run).copied();
                let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
                let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                let literal = (space(prev) && space(next))
                    || (c == '_' && word(prev) && word(next))
                    || (c == '~' && run == 1);
                if literal {
                    out.extend(&chars[i..i + run]);
                }
                i += run;
            }
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn count(chars: &[char], from: usize, c: char) -> usize {
    chars[from..].iter().take_while(|&&x| x == c).count()
}

/// Start of the next run of exactly `len` times `c` from `from`.
fn find_run(chars: &[char], from: usize, c: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = count(chars, i, c);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// A link starting at `[`: its label and the index after it.
/// `[label](dest)` and `[label][ref]` are links; anything else is not.
fn link(chars: &[char], open: usize) -> Option<(String, usize)> {
    let close = matching(chars, open, '[', ']')?;
    let label: String = chars[open + 1..close].iter().collect();
    match chars.get(close + 1) {
        Some('(') => {
            let end = matching(chars, close + 1, '(', ')')?;
            Some((label, end + 1))
        }
        Some('[') => {
            let end = matching(chars, close + 1, '[', ']')?;
            Some((label, end + 1))
        }
        _ => None,
    }
}

fn matching(chars: &[char], open: usize, o: char, c: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &x) in chars.iter().enumerate().skip(open) {
        if x == o {
            depth += 1;
        } else if x == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_variants() {
        let p = parse("---\ntitle: \"عنوان \\\"مقتبس\\\"\"\nurl: https://example.com/a?b=1#c\ndate: '2025-04-28'\nsource: الجزيرة # comment\nauthor: x\n---\nنص المقال.\n");
        assert_eq!(p.title.as_deref(), Some("عنوان \"مقتبس\""));
        assert_eq!(p.url.as_deref(), Some("https://example.com/a?b=1#c"));
        assert_eq!(p.date.as_deref(), Some("2025-04-28"));
        assert_eq!(p.source.as_deref(), Some("الجزيرة"));
        assert_eq!(p.lines, ["نص المقال."]);

        let p = parse("---\nTitle: It''s\n---\nx");
        assert_eq!(p.title.as_deref(), Some("It''s"));
        let p = parse("---\ntitle: 'It''s'\n...\nx");
        assert_eq!(p.title.as_deref(), Some("It's"));

        // Not closed: no front matter, all body.
        let p = parse("---\ntitle: x\nbody");
        assert_eq!(p.title, None);
        assert!(p.lines.iter().any(|l| l == "title: x body"));
    }

    #[test]
    fn markup_is_removed() {
        let p = parse(
            "# العنوان *الكبير*\n\nنص **غامق** _مائل_ مع [رابط](https://x.y/(a)) و![صورة](i.png) snake_case.\nسطر ثانٍ `code_here`.\n\n* بند أول\n* بند [ثانٍ][ref]\n\n[ref]: https://x.y\n\n```\nlet a = *b;\n```\n\n> اقتباس ~~محذوف~~\n\n---\n\n## فرعي ##\n<https://a.b/c>",
        );
        assert_eq!(p.heading.as_deref(), Some("العنوان الكبير"));
        let body = crate::corpus::text::join_paragraphs(&p.lines);
        assert_eq!(
            body,
            "العنوان الكبير\n\nنص غامق مائل مع رابط و snake_case. سطر ثانٍ code_here.\n\n- بند أول\n- بند ثانٍ\n\nlet a = *b;\n\nاقتباس محذوف\n\nفرعي\n\nhttps://a.b/c"
        );
    }

    #[test]
    fn setext_heading() {
        let p = parse("Title here\n==========\n\nText.");
        assert_eq!(p.heading.as_deref(), Some("Title here"));
        assert_eq!(
            crate::corpus::text::join_paragraphs(&p.lines),
            "Title here\n\nText."
        );
    }
}
