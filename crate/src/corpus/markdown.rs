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

use std::collections::HashMap;

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
    /// Front matter that was not read as written (unclosed, repeated keys),
    /// each said with its line and how to fix it.
    pub warnings: Vec<String>,
}

/// Parses a markdown document.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let body = match split_front_matter(text) {
        Some((front, body)) => {
            read_front_matter(front, &mut parsed);
            body
        }
        None => {
            if opens_front_matter(text) {
                parsed.warnings.push(
                    "front matter opened by --- on line 1 is never closed, so it is read as text: add a --- line after it"
                        .into(),
                );
            }
            text
        }
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

/// A first line `---` followed by a `key: value` line.
fn opens_front_matter(text: &str) -> bool {
    let mut lines = text.lines();
    lines.next().is_some_and(|l| l.trim_end() == "---")
        && lines.next().is_some_and(|l| {
            l.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            })
        })
}

fn read_front_matter(front: &str, parsed: &mut Parsed) {
    for (n, line) in front.lines().enumerate() {
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
        let key = key.trim().to_ascii_lowercase();
        let slot = match key.as_str() {
            "title" => &mut parsed.title,
            "url" | "link" | "canonical" | "canonical_url" => &mut parsed.url,
            "date" | "published" | "published_at" => &mut parsed.date,
            "source" | "site" | "publisher" => &mut parsed.source,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value);
        } else {
            parsed.warnings.push(format!(
                "front matter line {} sets `{key}` again: the first value is kept, remove the other",
                n + 2
            ));
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
///
/// Linear in the length of the line (up to a log factor), whatever it holds:
/// bracket partners and backtick runs are found in one pass each, link labels
/// are read in place rather than recursively, and the search for the end of
/// an autolink is shared by the `<` it covers.
pub fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let square = partners(&chars, '[', ']');
    let round = partners(&chars, '(', ')');
    let runs = backtick_runs(&chars);
    let mut out = String::with_capacity(text.len());
    // Links whose label is being read: at the label's `]`, continue after the link.
    let mut labels: Vec<(usize, usize)> = Vec::new();
    // The last search for the end of an autolink: (from, position of `>` or ` `).
    let mut autolink: Option<(usize, Option<usize>)> = None;
    let mut i = 0;
    loop {
        while let Some(&(close, end)) = labels.last() {
            if i < close {
                break;
            }
            i = i.max(end);
            labels.pop();
        }
        let Some(&c) = chars.get(i) else {
            break;
        };
        match c {
            '`' => {
                let run = count(&chars, i, '`');
                if let Some(end) = find_run(&runs, i + run, run) {
                    out.extend(&chars[i + run..end]);
                    i = end + run;
                } else {
                    out.extend(&chars[i..i + run]);
                    i += run;
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link(&chars, &square, &round, i + 1) {
                Some((_, end)) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link(&chars, &square, &round, i) {
                Some((close, end)) => {
                    // The label is read as text; its `]` jumps past the link.
                    labels.push((close, end));
                    i += 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => {
                let from = i + 1;
                let stop = match autolink {
                    Some((f, stop)) if f <= from && stop.is_none_or(|s| from <= s) => stop,
                    _ => {
                        let stop = chars[from..]
                            .iter()
                            .position(|&x| x == '>' || x == ' ')
                            .map(|p| from + p);
                        autolink = Some((from, stop));
                        stop
                    }
                };
                let inner: String = stop
                    .filter(|&s| chars[s] == '>')
                    .map(|s| chars[from..s].iter().collect())
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

/// Start positions of the runs of backticks, by run length.
fn backtick_runs(chars: &[char]) -> HashMap<usize, Vec<usize>> {
    let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = count(chars, i, '`');
            runs.entry(run).or_default().push(i);
            i += run;
        } else {
            i += 1;
        }
    }
    runs
}

/// Start of the next run of exactly `len` backticks from `from`.
fn find_run(runs: &HashMap<usize, Vec<usize>>, from: usize, len: usize) -> Option<usize> {
    let starts = runs.get(&len)?;
    starts.get(starts.partition_point(|&s| s < from)).copied()
}

/// For each `o` that has one, the position of its matching `c` (nesting counted).
fn partners(chars: &[char], o: char, c: char) -> HashMap<usize, usize> {
    let mut open = Vec::new();
    let mut pairs = HashMap::new();
    for (i, &x) in chars.iter().enumerate() {
        if x == o {
            open.push(i);
        } else if x == c {
            if let Some(start) = open.pop() {
                pairs.insert(start, i);
            }
        }
    }
    pairs
}

/// A link starting at `[`: the position of the label's `]` and the index
/// after the link. `[label](dest)` and `[label][ref]` are links; anything
/// else is not.
fn link(
    chars: &[char],
    square: &HashMap<usize, usize>,
    round: &HashMap<usize, usize>,
    open: usize,
) -> Option<(usize, usize)> {
    let close = *square.get(&open)?;
    let end = match chars.get(close + 1) {
        Some('(') => *round.get(&(close + 1))?,
        Some('[') => *square.get(&(close + 1))?,
        _ => return None,
    };
    Some((close, end + 1))
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

    #[test]
    fn links_nest_without_recursion() {
        assert_eq!(inline("[a [b](u) c](v) [x][r] [no"), "a b c x [no");
        assert_eq!(inline("![img](a.png)[`co]de`](u)"), "[co]de](u)");
        let deep = format!("{}x{}", "[".repeat(20_000), "](u)".repeat(20_000));
        assert_eq!(inline(&deep), "x");
    }

    #[test]
    fn hostile_lines_take_linear_time() {
        // Each of these took seconds to minutes per 400 KB when every `[`,
        // `<` or backtick run searched to the end of the line.
        let n = 200_000;
        for (line, kept) in [
            ("[a".repeat(n), "[a".repeat(n)),
            ("<a".repeat(n), "<a".repeat(n)),
            ("(a".repeat(n), "(a".repeat(n)),
            ("`a".repeat(n), "a".repeat(n)),
        ] {
            assert_eq!(inline(&line), kept);
        }
        // Backtick runs of distinct lengths, none closed.
        let runs: String = (1..600).map(|k| "`".repeat(k) + "a").collect();
        assert_eq!(inline(&runs), runs);
    }

    #[test]
    fn front_matter_problems_are_warned() {
        let p = parse("---\ntitle: أول\ntitle: ثان\nURL: https://a.b\nlink: https://c.d\n---\nنص");
        assert_eq!(p.title.as_deref(), Some("أول"));
        assert_eq!(p.url.as_deref(), Some("https://a.b"));
        assert_eq!(
            p.warnings,
            [
                "front matter line 3 sets `title` again: the first value is kept, remove the other",
                "front matter line 5 sets `link` again: the first value is kept, remove the other",
            ]
        );
        let p = parse("---\ntitle: x\nbody text");
        assert_eq!(p.title, None);
        assert!(p.warnings[0].contains("never closed"), "{:?}", p.warnings);
        // A rule at the top is not front matter.
        assert!(parse("---\nJust text.\n").warnings.is_empty());
    }
}
