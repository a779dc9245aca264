//! Corpus files → documents. The library takes a file's relative path and its
//! bytes; only the CLI walks directories.
//!
//! In: `(path relative to the corpus root, bytes)` for one `.txt`, `.md` or
//! `.html` file.
//! Out: a [`Document`]: its id (the path without extension), a title, optional
//! url/date/source, and the body text that is indexed and shown in excerpts,
//! with site boilerplate lines removed. Files that cannot be documents (not
//! UTF-8, binary, empty) give [`Error::Document`] naming the path and reason.
//!
//! Rules:
//! - Decoding ([`text`]): UTF-8 only, BOM stripped, CRLF/CR → LF; NUL bytes or
//!   many control characters mean a binary file.
//! - Each format gives metadata and text lines: `.txt` as is, `.md` through
//!   [`markdown`] (front matter, markup removed), `.html` through [`html`]
//!   (visible text, `<title>`, `<meta>`).
//! - Lines are trimmed and their whitespace collapsed; whole lines of site
//!   chrome are dropped ([`boilerplate`]); paragraphs are separated by exactly
//!   one blank line.
//! - Title: front matter or `<title>` (site name removed), else the first
//!   `# heading`/`<h1>`, else the first line that reads as a headline
//!   ([`title`]). Title lines at the start of the body are removed from it.
//! - Date: metadata, else a dateline at the top of the text ([`date`]), as
//!   `YYYY-MM-DD`. Source: metadata only.

mod boilerplate;
mod date;
mod html;
mod markdown;
mod text;
mod title;

use crate::error::{Error, Result};
use boilerplate::is_boilerplate;
use text::{clean_line, join_paragraphs};
use title::Title;

/// One document of the corpus, as indexed and stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Path relative to the corpus root, `/`-separated, without extension.
    pub id: String,
    /// Headline: front matter, `<title>`/`<h1>`, or the first line that reads as one.
    pub title: String,
    /// Link to the original, when the document states one.
    pub url: Option<String>,
    /// Publication date as `YYYY-MM-DD` (or as written when it cannot be parsed).
    pub date: Option<String>,
    /// Publisher or site name, when stated.
    pub source: Option<String>,
    /// Article text: paragraphs separated by blank lines, boilerplate dropped.
    pub body: String,
}

/// The file kinds a corpus may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain UTF-8 text.
    Text,
    /// Markdown with optional front matter.
    Markdown,
    /// An HTML page.
    Html,
}

impl Format {
    /// The format for a file name by its extension, or `None` if Fihris does not index it.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Parses one corpus file. `path` is relative to the corpus root and `/`-separated.
///
/// Never panics: any bytes give a document or an [`Error::Document`].
pub fn parse_document(path: &str, bytes: &[u8]) -> Result<Document> {
    let fail = |reason: String| Error::Document {
        path: path.to_string(),
        reason,
    };
    let format = Format::from_path(path).ok_or_else(|| {
        fail("not a .txt, .md or .html file: rename it or remove it from the corpus".into())
    })?;
    let text = text::decode(bytes).map_err(fail)?;
    let mut meta = Meta::default();
    let lines = match format {
        Format::Text => text.lines().map(clean_line).collect(),
        Format::Markdown => {
            let md = markdown::parse(&text);
            meta = Meta {
                title: md.title,
                url: md.url,
                date: md.date,
                source: md.source,
                heading: md.heading,
            };
            md.lines
        }
        Format::Html => {
            let page = html::parse(&text);
            let title = page
                .title
                .or(page.og_title)
                .map(|t| strip_site_name(&t, page.source.as_deref()));
            meta = Meta {
                title,
                url: page.url,
                date: page.date,
                source: page.source,
                heading: page.h1,
            };
            page.lines
        }
    };
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| if is_boilerplate(&l) { String::new() } else { l })
        .collect();
    if lines.iter().all(String::is_empty) {
        return Err(fail(
            "no text after removing markup and boilerplate: add article text or remove the file"
                .into(),
        ));
    }
    let date = match meta.date {
        Some(d) => Some(date::normalize_meta(&d)),
        None => date::from_header(&lines),
    };
    let title = match meta.title.or(meta.heading) {
        Some(t) => {
            remove_title_lines(&mut lines, &t);
            t
        }
        None => match title::find(&lines) {
            Some(Title::Line(i)) => {
                let t = lines[i].clone();
                remove_title_lines(&mut lines, &t);
                t
            }
            Some(Title::Sentence(s)) => s,
            None => document_id(path).to_string(),
        },
    };
    Ok(Document {
        id: document_id(path).to_string(),
        title,
        url: meta.url,
        date,
        source: meta.source,
        body: join_paragraphs(&lines),
    })
}

/// What a file states about itself, before the text is looked at.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
    source: Option<String>,
    /// A heading of the markup (`# …`, `<h1>`), the title when `title` is absent.
    heading: Option<String>,
}

/// The path without the extension of its file name.
fn document_id(path: &str) -> &str {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &path[..name_start + dot],
        _ => path,
    }
}

/// Drops the site name from a page title: "Headline | Site" → "Headline".
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "] {
        let suffix = format!("{sep}{site}");
        let prefix = format!("{site}{sep}");
        let stripped = title
            .strip_suffix(&suffix)
            .or_else(|| title.strip_prefix(&prefix));
        if let Some(rest) = stripped.filter(|r| !r.trim().is_empty()) {
            return rest.trim().to_string();
        }
    }
    title.to_string()
}

/// Removes the title, and copies of it, from the start of the body: lines
/// equal to the title among the first lines, past only chrome such as a
/// dateline. Keeps them if nothing else would be left.
fn remove_title_lines(lines: &mut [String], title: &str) {
    let title = clean_line(title);
    let mut found = Vec::new();
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .take(date::HEADER_LINES)
    {
        if *line == title {
            found.push(i);
        } else if !title::skipped(line) {
            break;
        }
    }
    let others = lines.iter().filter(|l| !l.is_empty()).count() - found.len();
    if others > 0 {
        for i in found {
            lines[i].clear();
        }
    }
}
