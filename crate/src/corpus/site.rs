//! A website's built pages → documents that link to those pages (`fihris
//! build --site`).
//!
//! In: a page's path relative to the site's folder, its bytes, and what the
//! whole site says ([`SiteOptions`], from a first pass over every page with
//! [`survey`]). Out: a [`Page`]: a [`Document`] whose url is the page's own
//! (`akhbar/korea/index.html` → `/akhbar/korea/`), or the rule that leaves
//! the page out.
//!
//! What is indexed on a page is its content only, never the site's chrome
//! that every page repeats:
//! - the elements marked `data-fihris-body`, when any page of the site has
//!   one (pages without it are then left out, with a note);
//! - else `<main>`, else the `<article>`s, else `<body>`; inside them, `nav`,
//!   `aside`, `form` and the landmarks of those roles are left out, and in
//!   `<body>` also `header` and `footer` (inside an article they are the
//!   article's own);
//! - never an element marked `data-fihris-ignore` or matched by one of the
//!   owner's [`Selector`]s, nor scripts, styles, templates or comments.
//!
//! Left out, each with the reason: redirect pages, pages without
//! `data-fihris-body` on a site that uses it, pages with no text in their
//! content, and listings (home, section and tag pages, whose content is
//! mostly links: they would match every title they list, above the
//! articles) unless the owner marks their content.
//!
//! The line filter of folder mode (`boilerplate.rs`) is not applied: the
//! chrome is left out by structure, and a line of article text that mentions
//! cookies is article text.
//!
//! Title: `data-fihris-meta="title:…"`, else `og:title`, else the content's
//! first `<h1>`, else `<title>` without the suffix every page's title shares
//! (« | اسم الموقع»). Date: the content's first `<time datetime>`, else the
//! usual `<meta>` tags. `data-fihris-meta` adds metadata (`key:value`, `key`
//! for the element's text, `key[attr]` for an attribute), returned with each
//! hit. Headings with an `id` become the page's sections (sub-results).
//! Weights: a heading's words weigh more than the text's ([`HEADING_TENTHS`]),
//! and `data-fihris-weight="N"` (0–10) sets an element's; the innermost wins.
//! Language: `<html lang>`.
//!
//! Like the rest of the corpus readers: linear in the page, never panics.

use super::date;
use super::html::{self, Scanner, Tag, BLOCKS, SKIPPED};
use super::text::{self, clean_line};
use super::{document_id, Document, Parsed, Section, Weight, MAX_TITLE_CHARS};
use crate::error::{Error, Result};

/// What the whole site says, for reading one page.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Prefix of every page's URL: `/` at the root, `/blog/` below it, or an
    /// absolute `https://…/` base.
    pub base_url: String,
    /// Elements the owner excludes (`--exclude-selectors`).
    pub exclude: Vec<Selector>,
    /// Some page marks its content with `data-fihris-body`: pages without
    /// it are left out.
    pub marked_body: bool,
    /// The end every page's `<title>` shares (` | Site`), removed from titles.
    pub title_suffix: Option<String>,
}

/// One page, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// A document to index, with what was repaired to read it.
    Indexed(Box<Parsed>),
    /// Not content by a rule of site mode (a redirect, a page without the
    /// site's `data-fihris-body`, no text in its content): why, for the note.
    LeftOut(String),
}

/// What the first pass learns of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Survey {
    /// Whether an element of the page has `data-fihris-body`.
    pub marked_body: bool,
    /// Its `<title>`.
    pub title: Option<String>,
}

/// A simple selector of `--exclude-selectors`: a tag, classes, an id and
/// attributes, all of which an element must have (`div.share`, `#comments`,
/// `[data-ad]`, `aside`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<String>,
}

/// Reads `--exclude-selectors`: a comma-separated list of simple selectors.
/// The error says which one cannot be read and what is accepted.
pub fn parse_selectors(list: &str) -> std::result::Result<Vec<Selector>, String> {
    let mut out = Vec::new();
    for raw in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = || {
            format!(
                "selector {raw:?} is not a simple selector: use a tag (aside), .class, #id or [attribute], or several joined (div.share), without spaces or combinators"
            )
        };
        let mut sel = Selector::default();
        let mut rest = raw;
        let name_len = |s: &str| {
            s.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(s.len())
        };
        let n = name_len(rest);
        if n > 0 {
            sel.tag = Some(rest[..n].to_ascii_lowercase());
            rest = &rest[n..];
        }
        while let Some(c) = rest.chars().next() {
            match c {
                '.' | '#' => {
                    let n = name_len(&rest[1..]);
                    if n == 0 {
                        return Err(bad());
                    }
                    let name = rest[1..1 + n].to_string();
                    if c == '.' {
                        sel.classes.push(name);
                    } else {
                        sel.id = Some(name);
                    }
                    rest = &rest[1 + n..];
                }
                '[' => {
                    let end = rest.find(']').ok_or_else(bad)?;
                    let name = rest[1..end].trim().to_ascii_lowercase();
                    if name.is_empty() || name_len(&name) != name.len() {
                        return Err(bad());
                    }
                    sel.attrs.push(name);
                    rest = &rest[end + 1..];
                }
                _ => return Err(bad()),
            }
        }
        out.push(sel);
    }
    Ok(out)
}

impl Selector {
    fn matches(&self, tag: &Tag) -> bool {
        self.tag.as_ref().is_none_or(|t| *t == tag.name)
            && self.id.as_ref().is_none_or(|id| tag.attr("id") == Some(id))
            && self.classes.iter().all(|c| {
                tag.attr("class")
                    .is_some_and(|list| list.split_ascii_whitespace().any(|k| k == c))
            })
            && self.attrs.iter().all(|a| tag.attr(a).is_some())
    }
}

/// The URL of the page at `rel` (relative to the site folder, `/`-separated):
/// `index.html` files give their folder (`a/index.html` → `a/`), others keep
/// their name; characters that would end or break a URL path (`%`, `?`, `#`,
/// spaces, quotes, controls) are percent-encoded.
pub fn page_url(rel: &str, base_url: &str) -> String {
    let path = match rel.rsplit_once('/') {
        Some((dir, "index.html")) => format!("{dir}/"),
        None if rel == "index.html" => String::new(),
        _ => rel.to_string(),
    };
    let mut out = base_url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    for c in path.chars() {
        match c {
            '%' | '?' | '#' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `--base-url` as a prefix: a path gets its leading and trailing `/`
/// (`blog` → `/blog/`); an absolute `http(s)://` URL its trailing `/`.
pub fn normalize_base_url(base: &str) -> std::result::Result<String, String> {
    let base = base.trim();
    if base.contains(['?', '#', ' ']) {
        return Err(format!(
            "--base-url {base:?} cannot hold ?, # or spaces: give the path the site is served from, e.g. /blog/"
        ));
    }
    let lower = base.to_ascii_lowercase();
    let mut out = if lower.starts_with("http://") || lower.starts_with("https://") {
        base.to_string()
    } else if base.contains(':') {
        return Err(format!(
            "--base-url {base:?} is not a path or an http(s) URL: give e.g. /blog/ or https://example.com/blog/"
        ));
    } else {
        format!("/{}", base.trim_start_matches('/'))
    };
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

/// The first pass over a page: whether it marks its content, and its title.
pub fn survey(bytes: &[u8]) -> Survey {
    let Ok(decoded) = text::decode(bytes) else {
        return Survey::default();
    };
    let text = decoded.text.as_str();
    let mut s = Scanner::new(text);
    let mut out = Survey::default();
    while let Some(i) = text[s.pos..].find('<') {
        s.pos += i;
        match s.tag() {
            Some(tag) if !tag.end => {
                out.marked_body |= tag.attr("data-fihris-body").is_some();
                if tag.name == "title" {
                    let title = clean_line(&html::decode_entities(s.raw_text("title")));
                    if out.title.is_none() && !title.is_empty() {
                        out.title = Some(title);
                    }
                } else if SKIPPED.contains(&tag.name.as_str()) {
                    s.raw_text(&tag.name);
                }
            }
            Some(_) => {}
            None => s.pos += 1,
        }
    }
    out
}

/// Separators between a page's title and the site's name.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

/// The end (` | Site`) that every title shares, when there are two titles
/// or more and each either ends with it or is the site's name alone.
pub fn common_title_suffix<'a>(titles: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    let first = titles
        .clone()
        .find(|t| TITLE_SEPARATORS.iter().any(|sep| t.contains(sep)))?;
    if titles.clone().count() < 2 {
        return None;
    }
    TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| {
            first
                .rfind(sep)
                .map(|i| (&first[i..], &first[i + sep.len()..]))
        })
        .filter(|(suffix, name)| first.len() > suffix.len() && !name.trim().is_empty())
        .find(|(suffix, name)| {
            titles
                .clone()
                .all(|t| (t.ends_with(suffix) && t.len() > suffix.len()) || t == name.trim())
        })
        .map(|(suffix, _)| suffix.to_string())
}

/// Where text goes, by which part of the page is the content.
#[derive(Clone, Copy)]
enum Region {
    /// The elements marked `data-fihris-body`.
    Marked,
    /// `<main>`.
    Main,
    /// The `<article>`s.
    Article,
    /// `<body>`, chrome left out.
    Body,
}

const REGIONS: [Region; 4] = [Region::Marked, Region::Main, Region::Article, Region::Body];

/// The text of one candidate region.
#[derive(Default)]
struct Lines {
    line: String,
    lines: Vec<String>,
    /// `(line index, anchor, title)` of its headings with an id.
    sections: Vec<(usize, String, String)>,
    h1: Option<String>,
    time: Option<String>,
    /// Letters and digits of its text, and of those inside links.
    letters: usize,
    linked: usize,
    /// Weighted elements: start and end, each `(line, tokens before it in
    /// that line)`, and the weight in tenths.
    weights: Vec<(Mark, Mark, u16)>,
}

/// A place in a region's text: the line, and the tokens before it in that line.
type Mark = (usize, usize);

impl Lines {
    fn mark(&self) -> Mark {
        let before = if self.line.trim().is_empty() {
            0
        } else {
            crate::analyze::analyze_surface(&self.line, usize::MAX).len()
        };
        (self.lines.len(), before)
    }
}

/// An open element and what it changes for its content.
struct Open {
    name: String,
    ignored: bool,
    marked: bool,
    main: bool,
    article: bool,
    /// `nav`, `aside`, `form` and their roles: left out of every region but `Marked`.
    chrome: bool,
    /// `header`, `footer` and their roles: left out of `Body`.
    frame: bool,
    /// A link (`<a href>`).
    link: bool,
    /// Metadata keys that take this element's text.
    text_meta: Vec<String>,
    text: String,
    /// Its weight in tenths, when not one: the index of its range in each
    /// region's `weights`.
    weight: Option<usize>,
}

/// A heading being read.
struct OpenHeading {
    /// The line it starts in each region that takes its text.
    at: [Option<usize>; 4],
    /// Its `id`.
    anchor: Option<String>,
    h1: bool,
    text: String,
}

/// Elements that have no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A page whose content region (not marked by the owner) has at least this
/// share of its letters inside links is a listing (the home page, a section
/// or tag page of a generator): it would match every title it lists and push
/// the articles down, so it is left out, with a note. An article with many
/// links stays far below: its sentences are mostly not links.
const LISTING_LINKED_PERCENT: usize = 60;

/// How much a heading's words weigh in its page, h1 to h6, in tenths: a
/// word in a section's heading says more about the page than one in its
/// text, less than one in its title (3).
const HEADING_TENTHS: [u16; 6] = [20, 18, 15, 12, 12, 12];

/// Longest heading or text metadata kept, in bytes (an unclosed `<h2>` must
/// not copy the rest of the page).
const MAX_CAPTURE: usize = 1024;

#[derive(Default)]
struct Depth {
    ignored: u32,
    marked: u32,
    main: u32,
    article: u32,
    chrome: u32,
    frame: u32,
    link: u32,
}

impl Depth {
    fn change(&mut self, o: &Open, up: bool) {
        let d = |n: &mut u32, on: bool| {
            if on {
                *n = if up { *n + 1 } else { n.saturating_sub(1) };
            }
        };
        d(&mut self.ignored, o.ignored);
        d(&mut self.marked, o.marked);
        d(&mut self.main, o.main);
        d(&mut self.article, o.article);
        d(&mut self.chrome, o.chrome);
        d(&mut self.frame, o.frame);
        d(&mut self.link, o.link);
    }

    /// Whether text here belongs to `region`'s text.
    fn takes(&self, region: Region) -> bool {
        if self.ignored > 0 {
            return false;
        }
        match region {
            Region::Marked => self.marked > 0,
            Region::Main => self.main > 0 && self.chrome == 0,
            Region::Article => self.article > 0 && self.chrome == 0,
            Region::Body => self.chrome == 0 && self.frame == 0,
        }
    }
}

/// Reads one page of a site.
///
/// Never panics: any bytes give a page or an [`Error::Document`] (bytes that
/// are not text).
pub fn parse_page(rel: &str, bytes: &[u8], options: &SiteOptions) -> Result<Page> {
    let fail = |reason: String| Error::Document {
        path: rel.to_string(),
        reason,
    };
    let text::Decoded { text, mut warnings } = text::decode(bytes).map_err(fail)?;
    let mut s = Scanner::new(&text);
    let mut head = html::Parsed::default();
    let mut og_url = None;
    let mut regions: [Lines; 4] = Default::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = Depth::default();
    let mut seen = [false; 4];
    let mut in_head = false;
    let mut pre = 0usize;
    let mut lang = None;
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut redirect = false;

    while s.pos < text.len() {
        let next = text[s.pos..].find('<').map_or(text.len(), |i| s.pos + i);
        if next > s.pos {
            let chunk = html::decode_entities(&text[s.pos..next]);
            s.pos = next;
            if in_head {
                continue;
            }
            let letters = chunk.chars().filter(|c| c.is_alphanumeric()).count();
            for (r, lines) in REGIONS.iter().zip(regions.iter_mut()) {
                if depth.takes(*r) {
                    html::push_text(&chunk, pre > 0, &mut lines.line, &mut lines.lines);
                    lines.letters += letters;
                    if depth.link > 0 {
                        lines.linked += letters;
                    }
                }
            }
            if depth.ignored == 0 {
                if let Some(h) = heading.as_mut() {
                    capture(&mut h.text, &chunk);
                }
            }
            for o in stack.iter_mut().filter(|o| !o.text_meta.is_empty()) {
                capture(&mut o.text, &chunk);
            }
            continue;
        }
        let Some(tag) = s.tag() else {
            s.pos += 1;
            if !in_head {
                for (r, lines) in REGIONS.iter().zip(regions.iter_mut()) {
                    if depth.takes(*r) {
                        lines.line.push('<');
                    }
                }
            }
            continue;
        };
        let name = tag.name.as_str();
        if name.is_empty() {
            continue;
        }
        if tag.end {
            match name {
                "head" => in_head = false,
                "pre" => pre = pre.saturating_sub(1),
                _ => {}
            }
            if is_heading(name) {
                if let Some(OpenHeading {
                    at,
                    anchor,
                    h1,
                    text: title,
                }) = heading.take()
                {
                    let title = clean_line(&title);
                    for (k, lines) in regions.iter_mut().enumerate() {
                        let Some(line) = at[k] else { continue };
                        if h1 && lines.h1.is_none() && !title.is_empty() {
                            lines.h1 = Some(title.clone());
                        }
                        if let Some(anchor) = anchor.as_ref().filter(|_| !title.is_empty()) {
                            lines.sections.push((line, anchor.clone(), title.clone()));
                        }
                    }
                }
            }
            if let Some(i) = stack.iter().rposition(|o| o.name == name) {
                for o in stack.drain(i..).rev() {
                    depth.change(&o, false);
                    if let Some(w) = o.weight {
                        for lines in &mut regions {
                            lines.weights[w].1 = lines.mark();
                        }
                    }
                    for key in &o.text_meta {
                        add_meta(&mut meta, key, &o.text);
                    }
                }
            }
            if BLOCKS.contains(&name) {
                for lines in &mut regions {
                    html::paragraph_break(&mut lines.line, &mut lines.lines);
                }
            } else if matches!(name, "td" | "th") {
                for lines in &mut regions {
                    lines.line.push(' ');
                }
            }
            continue;
        }
        let text_meta = match tag.attr("data-fihris-meta") {
            Some(spec) => read_meta_attr(spec, &tag, &mut meta),
            None => Vec::new(),
        };
        match name {
            "html" => {
                if let Some(l) = tag.attr("lang").map(str::trim).filter(|l| !l.is_empty()) {
                    lang.get_or_insert_with(|| l.to_string());
                }
            }
            "head" => in_head = true,
            "title" => {
                let title = clean_line(&html::decode_entities(s.raw_text("title")));
                if head.title.is_none() && !title.is_empty() {
                    head.title = Some(title);
                }
                continue;
            }
            "meta" => {
                if tag
                    .attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                {
                    redirect = true;
                }
                html::read_meta(&tag, &mut head, &mut og_url);
            }
            "time" if depth.ignored == 0 => {
                if let Some(dt) = tag.attr("datetime").filter(|d| !d.trim().is_empty()) {
                    for (r, lines) in REGIONS.iter().zip(regions.iter_mut()) {
                        if depth.takes(*r) && lines.time.is_none() {
                            lines.time = Some(dt.trim().to_string());
                        }
                    }
                }
            }
            _ if SKIPPED.contains(&name) => {
                s.raw_text(name);
                continue;
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            in_head = false;
            for lines in &mut regions {
                html::paragraph_break(&mut lines.line, &mut lines.lines);
            }
        }
        if is_heading(name) && heading.is_none() {
            let mut at = [None; 4];
            for (k, r) in REGIONS.iter().enumerate() {
                if depth.takes(*r) {
                    at[k] = Some(regions[k].lines.len());
                }
            }
            let anchor = tag
                .attr("id")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string);
            heading = Some(OpenHeading {
                at,
                anchor,
                h1: name == "h1",
                text: String::new(),
            });
        }
        if name == "pre" {
            pre += 1;
        }
        if !VOID.contains(&name) {
            let mut open = open_element(&tag, options, text_meta);
            if let Some(tenths) = weight_of(&tag, &mut s.warnings) {
                open.weight = Some(regions[0].weights.len());
                for lines in &mut regions {
                    let at = lines.mark();
                    lines.weights.push((at, at, tenths));
                }
            }
            for (k, on) in [open.marked, open.main, open.article, true]
                .into_iter()
                .enumerate()
            {
                seen[k] |= on;
            }
            depth.change(&open, true);
            stack.push(open);
        }
    }
    for lines in &mut regions {
        html::paragraph_break(&mut lines.line, &mut lines.lines);
    }
    warnings.extend(s.warnings);

    if redirect {
        return Ok(Page::LeftOut(
            "a redirect page (<meta http-equiv=\"refresh\">), not content".into(),
        ));
    }
    let has_text = |k: usize| !regions[k].lines.iter().all(String::is_empty);
    // The first region the page has; an empty <main> or <article> gives way
    // to the next, so that a page's text is never lost to an empty landmark.
    let chosen = if seen[0] {
        0
    } else if options.marked_body {
        return Ok(Page::LeftOut(
            "no element with data-fihris-body, which other pages of the site have: add it to this page's content, or remove it from the others".into(),
        ));
    } else {
        (1..4).find(|&k| seen[k] && has_text(k)).unwrap_or(3)
    };
    let content = std::mem::take(&mut regions[chosen]);
    let where_ = [
        "its data-fihris-body elements",
        "<main>",
        "<article>",
        "<body>",
    ][chosen];
    if content.lines.iter().all(String::is_empty) {
        let why: String = warnings.iter().map(|w| format!(" ({w})")).collect();
        return Ok(Page::LeftOut(format!(
            "no text in {where_}{why}: add content, or mark it with data-fihris-body"
        )));
    }
    if chosen != 0 && content.linked * 100 >= content.letters * LISTING_LINKED_PERCENT {
        return Ok(Page::LeftOut(format!(
            "a list of links (most of the text of {where_} is in links: a home, section or tag page), not content: mark its content with data-fihris-body to index it"
        )));
    }
    let (body, sections, weights) =
        join_with_sections(&content.lines, &content.sections, &content.weights);
    let meta_title = take_meta(&mut meta, "title");
    let title = meta_title
        .or(head.og_title.clone())
        .or(content.h1.clone())
        .or_else(|| head.title_from(options.title_suffix.as_deref()))
        .or_else(|| {
            text::cut_at_word(&body, 80)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| document_id(rel).to_string());
    let date = content
        .time
        .or(head.date.clone())
        .map(|d| date::normalize_meta(&d));
    Ok(Page::Indexed(Box::new(Parsed {
        document: Document {
            id: document_id(rel).to_string(),
            title: super::shorten(title, MAX_TITLE_CHARS),
            url: Some(page_url(rel, &options.base_url)),
            date,
            source: head.source.clone(),
            body,
            lang,
            meta,
            sections,
            weights,
        },
        warnings,
    })))
}

impl html::Parsed {
    /// `<title>` without the site's common suffix.
    fn title_from(&self, suffix: Option<&str>) -> Option<String> {
        let title = self.title.as_deref()?;
        let title = suffix
            .and_then(|s| title.strip_suffix(s))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(title);
        Some(title.trim().to_string())
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn capture(into: &mut String, chunk: &str) {
    if into.len() < MAX_CAPTURE {
        into.push_str(chunk);
    }
}

fn open_element(tag: &Tag, options: &SiteOptions, text_meta: Vec<String>) -> Open {
    let name = tag.name.as_str();
    let role = tag.attr("role").unwrap_or("").to_ascii_lowercase();
    Open {
        name: tag.name.clone(),
        ignored: tag.attr("data-fihris-ignore").is_some()
            || options.exclude.iter().any(|sel| sel.matches(tag)),
        marked: tag.attr("data-fihris-body").is_some(),
        main: name == "main" || role == "main",
        article: name == "article",
        chrome: matches!(name, "nav" | "aside" | "form")
            || matches!(role.as_str(), "navigation" | "search" | "complementary"),
        frame: matches!(name, "header" | "footer")
            || matches!(role.as_str(), "banner" | "contentinfo"),
        link: name == "a" && tag.attr("href").is_some(),
        text_meta,
        text: String::new(),
        weight: None,
    }
}

/// How much the words of an element weigh, in tenths: `data-fihris-weight`
/// (a number from 0 to 10), else a heading's default ([`HEADING_TENTHS`]).
/// A weight that cannot be read is reported and left out.
fn weight_of(tag: &Tag, warnings: &mut Vec<String>) -> Option<u16> {
    if let Some(raw) = tag.attr("data-fihris-weight") {
        match raw.trim().parse::<f64>() {
            Ok(w) if (0.0..=10.0).contains(&w) => return Some((w * 10.0).round() as u16),
            _ => warnings.push(format!(
                "data-fihris-weight={raw:?} on <{}> is not a number from 0 to 10: its words weigh one; write e.g. data-fihris-weight=\"2\"",
                tag.name
            )),
        }
    }
    let level = tag.name.strip_prefix('h')?.parse::<usize>().ok()?;
    HEADING_TENTHS.get(level.checked_sub(1)?).copied()
}

/// Reads `data-fihris-meta="key:value, key[attr], key"`: adds the first two
/// kinds, returns the keys that take the element's text.
fn read_meta_attr(spec: &str, tag: &Tag, meta: &mut Vec<(String, String)>) -> Vec<String> {
    let mut from_text = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some((key, value)) = part.split_once(':') {
            add_meta(meta, key, value);
        } else if let Some((key, attr)) = part.strip_suffix(']').and_then(|p| p.split_once('[')) {
            if let Some(value) = tag.attr(&attr.trim().to_ascii_lowercase()) {
                add_meta(meta, key, value);
            }
        } else {
            from_text.push(part.to_string());
        }
    }
    from_text
}

/// Adds `key: value`, cleaned, unless the key is already there or either is empty.
fn add_meta(meta: &mut Vec<(String, String)>, key: &str, value: &str) {
    let key = key.trim();
    let value = clean_line(value);
    if !key.is_empty() && !value.is_empty() && !meta.iter().any(|(k, _)| k == key) {
        meta.push((
            key.to_string(),
            text::cut_at_word(&value, MAX_TITLE_CHARS).to_string(),
        ));
    }
}

fn take_meta(meta: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let i = meta.iter().position(|(k, _)| k == key)?;
    Some(meta.remove(i).1)
}

/// Joins the lines as [`text::join_paragraphs`] does, and turns each
/// section's line and each weighted element's marks into token positions
/// of the body.
fn join_with_sections(
    lines: &[String],
    sections: &[(usize, String, String)],
    weights: &[(Mark, Mark, u16)],
) -> (String, Vec<Section>, Vec<Weight>) {
    let mut body = String::new();
    let mut starts = Vec::with_capacity(lines.len());
    let mut pending_break = false;
    for line in lines {
        if line.is_empty() {
            pending_break = true;
            starts.push(body.len() + usize::from(!body.is_empty()) * 2);
            continue;
        }
        if !body.is_empty() {
            body.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        pending_break = false;
        starts.push(body.len());
        body.push_str(line);
    }
    if sections.is_empty() && weights.is_empty() {
        return (body, Vec::new(), Vec::new());
    }
    let tokens = crate::analyze::analyze_surface(&body, usize::MAX);
    let position = |(line, before): Mark| {
        let offset = starts.get(line).copied().unwrap_or(body.len());
        (tokens.partition_point(|t| t.start < offset) + before).min(tokens.len()) as u32
    };
    let mut out: Vec<Section> = Vec::new();
    for (line, anchor, title) in sections {
        if out.iter().any(|s| s.anchor == *anchor) {
            continue;
        }
        out.push(Section {
            anchor: anchor.clone(),
            title: super::shorten(title.clone(), MAX_TITLE_CHARS),
            position: position((*line, 0)),
        });
    }
    let weights = weights
        .iter()
        .map(|&(start, end, tenths)| Weight {
            start: position(start),
            end: position(end),
            tenths,
        })
        .filter(|w| w.end > w.start)
        .collect();
    (body, out, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str, options: &SiteOptions) -> Document {
        match parse_page("a/index.html", html.as_bytes(), options).unwrap() {
            Page::Indexed(p) => p.document,
            Page::LeftOut(why) => panic!("left out: {why}"),
        }
    }

    const CHROME: &str = r#"<!doctype html><html lang="ar"><head><title>الخبر | الموقع</title></head>
<body><header><a href="/">الموقع</a><nav><a>أخبار</a><a>رياضة</a></nav></header>
<aside><h3>وسوم</h3><a>كوريا</a></aside>
MAIN
<footer>جميع الحقوق محفوظة زبرجد</footer></body></html>"#;

    #[test]
    fn main_is_the_content_and_chrome_is_left_out() {
        let html = CHROME.replace(
            "MAIN",
            "<main><article><h1>عنوان المقال</h1><time datetime=\"2025-03-02T10:00\">٢ مارس</time><p>نص المقال الأول.</p><nav>روابط داخلية</nav></article></main>",
        );
        let d = page(
            &html,
            &SiteOptions {
                base_url: "/".into(),
                ..SiteOptions::default()
            },
        );
        assert_eq!(d.title, "عنوان المقال");
        assert_eq!(d.url.as_deref(), Some("/a/"));
        assert_eq!(d.date.as_deref(), Some("2025-03-02"));
        assert_eq!(d.lang.as_deref(), Some("ar"));
        assert!(d.body.contains("نص المقال الأول."), "{}", d.body);
        for chrome in ["زبرجد", "رياضة", "وسوم", "روابط داخلية"] {
            assert!(!d.body.contains(chrome), "{chrome} in {}", d.body);
        }
    }

    #[test]
    fn without_main_the_body_without_its_frame() {
        let html = CHROME.replace("MAIN", "<div><p>فقرة أولى</p><p data-fihris-ignore>إعلان <b>ياقوت</b></p><div class=\"share\">شارك</div></div>");
        let options = SiteOptions {
            base_url: "/blog/".into(),
            exclude: parse_selectors("div.share").unwrap(),
            title_suffix: Some(" | الموقع".into()),
            ..SiteOptions::default()
        };
        let d = page(&html, &options);
        assert_eq!(d.body, "فقرة أولى");
        assert_eq!(d.title, "الخبر");
        assert_eq!(d.url.as_deref(), Some("/blog/a/"));
    }

    #[test]
    fn marked_bodies_win_and_unmarked_pages_are_left_out() {
        let html = CHROME.replace("MAIN", "<main><p>خارج</p><section data-fihris-body><p>داخل</p></section><div data-fihris-body>وهنا</div></main>");
        let options = SiteOptions {
            marked_body: true,
            ..SiteOptions::default()
        };
        assert_eq!(page(&html, &options).body, "داخل\n\nوهنا");
        let other = CHROME.replace("MAIN", "<main><p>نص</p></main>");
        assert!(matches!(
            parse_page("b.html", other.as_bytes(), &options).unwrap(),
            Page::LeftOut(why) if why.contains("data-fihris-body")
        ));
        assert!(survey(html.as_bytes()).marked_body);
        assert!(!survey(other.as_bytes()).marked_body);
        assert_eq!(
            survey(other.as_bytes()).title.as_deref(),
            Some("الخبر | الموقع")
        );
    }

    #[test]
    fn headings_with_ids_become_sections_at_their_token_positions() {
        let html = "<main><h1>الدليل</h1><p>مقدمة قصيرة</p><h2 id=\"awal\">القسم الأول</h2><p>نص واحد اثنان</p><h2>بلا معرف</h2><p>ثلاثة</p><h2 id=\"thani\">القسم الثاني</h2><p>أربعة</p></main>";
        let d = page(html, &SiteOptions::default());
        let found: Vec<(&str, &str, u32)> = d
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.title.as_str(), s.position))
            .collect();
        // الدليل مقدمة قصيرة | القسم الأول نص واحد اثنان بلا معرف ثلاثة | القسم الثاني أربعة
        assert_eq!(
            found,
            [("awal", "القسم الأول", 3), ("thani", "القسم الثاني", 11)]
        );
    }

    #[test]
    fn metadata_from_attributes_text_and_values() {
        let html = "<head><meta property=\"og:title\" content=\"عنوان og\"></head><main><img src=\"/i.png\" data-fihris-meta=\"image[src], kind:صورة\"><span data-fihris-meta=\"author\">سارة <b>الخطيب</b></span><p>نص</p></main>";
        let d = page(html, &SiteOptions::default());
        assert_eq!(d.title, "عنوان og");
        assert_eq!(
            d.meta,
            [
                ("image".to_string(), "/i.png".to_string()),
                ("kind".to_string(), "صورة".to_string()),
                ("author".to_string(), "سارة الخطيب".to_string())
            ]
        );
        let titled = page(
            "<main><p data-fihris-meta=\"title:مختار\">نص</p></main>",
            &SiteOptions::default(),
        );
        assert_eq!(titled.title, "مختار");
        assert!(titled.meta.is_empty());
    }

    #[test]
    fn headings_and_marked_elements_weigh_their_words() {
        let html = "<main><h2>عنوان القسم</h2><p>نص <span data-fihris-weight=\"5\">مهم جدا</span> هنا</p><p data-fihris-weight=\"0\">هامش</p><p data-fihris-weight=\"كثير\">عادي</p></main>";
        let p = match parse_page("a.html", html.as_bytes(), &SiteOptions::default()).unwrap() {
            Page::Indexed(p) => p,
            Page::LeftOut(w) => panic!("{w}"),
        };
        let d = &p.document;
        // عنوان القسم | نص مهم جدا هنا | هامش | عادي
        let w: Vec<(u32, u32, u16)> = d
            .weights
            .iter()
            .map(|w| (w.start, w.end, w.tenths))
            .collect();
        assert_eq!(w, [(0, 2, 18), (3, 5, 50), (6, 7, 0)]);
        assert!(
            p.warnings[0].contains("data-fihris-weight=\"كثير\""),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn listing_pages_are_left_out_unless_marked() {
        let list = "<main><h1>أخبار</h1><ul><li><a href=\"/a/\">عنوان المقال الأول هنا</a></li><li><a href=\"/b/\">عنوان المقال الثاني هنا</a></li></ul></main>";
        assert!(
            matches!(parse_page("l.html", list.as_bytes(), &SiteOptions::default()).unwrap(), Page::LeftOut(w) if w.contains("a list of links"))
        );
        let marked = list.replace("<main>", "<main data-fihris-body>");
        assert!(matches!(
            parse_page("l.html", marked.as_bytes(), &SiteOptions::default()).unwrap(),
            Page::Indexed(_)
        ));
        let article = "<main><p>نص طويل عن الموضوع فيه <a href=\"/x/\">رابط واحد</a> وجمل كثيرة أخرى لا روابط فيها أبدا.</p></main>";
        assert!(matches!(
            parse_page("a.html", article.as_bytes(), &SiteOptions::default()).unwrap(),
            Page::Indexed(_)
        ));
    }

    #[test]
    fn redirects_and_empty_content_are_left_out_with_the_reason() {
        let redirect = "<html><head><meta http-equiv=\"refresh\" content=\"0; url=/b/\"></head><body><a href=\"/b/\">/b/</a></body></html>";
        assert!(
            matches!(parse_page("a.html", redirect.as_bytes(), &SiteOptions::default()).unwrap(), Page::LeftOut(w) if w.contains("redirect"))
        );
        let empty = "<body><nav>قائمة</nav><main>  </main><footer>ذيل</footer></body>";
        assert!(
            matches!(parse_page("a.html", empty.as_bytes(), &SiteOptions::default()).unwrap(), Page::LeftOut(w) if w.contains("no text in <body>"))
        );
        assert!(parse_page(
            "a.html",
            &[0xff, 0xfe, 0, 0xd8, 0, 0, 0, 0],
            &SiteOptions::default()
        )
        .is_err());
    }

    #[test]
    fn broken_markup_never_panics_and_keeps_text() {
        for html in [
            "<main><p>أ<h2 id=x>ب",
            "<main></nav></main>ج",
            "<<<>>><main data-fihris-meta=\"x[\">د",
            "<h1><h1>ه</h1>",
            "<main><script>never",
        ] {
            let _ = parse_page("a.html", html.as_bytes(), &SiteOptions::default()).unwrap();
        }
        assert_eq!(
            page("<main></nav></main>ج", &SiteOptions::default()).body,
            "ج"
        );
    }

    #[test]
    fn urls_of_pages() {
        assert_eq!(page_url("index.html", "/"), "/");
        assert_eq!(page_url("akhbar/korea/index.html", "/"), "/akhbar/korea/");
        assert_eq!(page_url("about.html", "/blog/"), "/blog/about.html");
        assert_eq!(page_url("a b/%?#.html", "/"), "/a%20b/%25%3F%23.html");
        assert_eq!(
            page_url("أخبار/index.html", "https://e.com/"),
            "https://e.com/أخبار/"
        );
        assert_eq!(normalize_base_url("blog").unwrap(), "/blog/");
        assert_eq!(
            normalize_base_url("https://e.com/x").unwrap(),
            "https://e.com/x/"
        );
        assert!(normalize_base_url("javascript:alert(1)").is_err());
        assert!(normalize_base_url("/a?b").is_err());
    }

    #[test]
    fn selectors() {
        assert!(parse_selectors("aside, .share, #comments, [data-ad], div.a.b").is_ok());
        for bad in ["div > p", "a b", ".", "[", "a:hover"] {
            let e = parse_selectors(bad).unwrap_err();
            assert!(e.contains("simple selector"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_suffix_every_title_shares() {
        let titles = ["أ | الموقع", "ب | الموقع", "الموقع"];
        assert_eq!(
            common_title_suffix(titles.iter().copied()).as_deref(),
            Some(" | الموقع")
        );
        let mixed = ["أ | الموقع", "ب - آخر"];
        assert_eq!(common_title_suffix(mixed.iter().copied()), None);
        assert_eq!(common_title_suffix(["أ | الموقع"].iter().copied()), None);
    }
}
