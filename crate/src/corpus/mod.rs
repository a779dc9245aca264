//! Corpus files → documents. The library takes a file's relative path and its
//! bytes; only the CLI walks directories.
//!
//! In: `(path relative to the corpus root, bytes)` for one `.txt`, `.md` or
//! `.html` file.
//! Out: a [`Document`]: its id (the path without extension), a title, optional
//! url/date/source, and the body text that is indexed and shown in excerpts,
//! with site boilerplate lines removed. Files that cannot be documents (not
//! UTF-8, binary, empty) give [`Error::Document`] naming the path and reason.

use crate::error::{Error, Result};

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
pub fn parse_document(path: &str, bytes: &[u8]) -> Result<Document> {
    let _ = (path, bytes);
    Err(Error::EmptyCorpus)
}
