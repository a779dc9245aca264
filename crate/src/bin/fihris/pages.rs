//! Documents → readable static HTML pages, one per document.
//!
//! Every page is RTL, shows the title, date and source, and the body as
//! paragraphs; all corpus text is HTML-escaped, so markup in a document is
//! shown as text, and every field is a bidi isolate (`dir` on the blocks,
//! `<bdi>` for the source), so direction controls in it do not reorder the
//! rest of the page. The page loads `fihris-page.js` from the site root,
//! which highlights the words of the `?q=` query it was opened with; it has
//! no inline script or style, so it runs under a strict
//! `Content-Security-Policy`.

use std::path::Path;

use anyhow::{Context, Result};
use fihris::corpus::Document;

/// Writes `dir/<id>.html` for `doc`.
pub fn write(dir: &Path, doc: &Document) -> Result<()> {
    let file = dir.join(format!("{}.html", doc.id));
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&file, render(doc)).with_context(|| format!("cannot write {}", file.display()))
}

/// The HTML of a document page.
pub fn render(doc: &Document) -> String {
    // Pages live in <site>/<pages dir>/<id>.html: one level for the pages
    // directory plus one per directory in the id.
    let root = "../".repeat(1 + doc.id.matches('/').count());
    let mut meta = Vec::new();
    if let Some(date) = &doc.date {
        meta.push(format!("<time datetime=\"{0}\">{0}</time>", escape(date)));
    }
    if let Some(source) = &doc.source {
        meta.push(format!("<bdi>{}</bdi>", escape(source)));
    }
    if let Some(url) = doc.url.as_deref().filter(|u| is_web_url(u)) {
        meta.push(format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">المصدر</a>",
            escape(url)
        ));
    }
    let mut html = format!(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{root}fihris.css\">\n\
         <script type=\"module\" src=\"{root}fihris-page.js\"></script>\n</head>\n<body>\n\
         <main class=\"fihris-page\" dir=\"rtl\" lang=\"ar\">\n<article>\n<h1 dir=\"{dir}\">{title}</h1>\n",
        title = escape(&doc.title),
        dir = direction(&doc.title),
        root = root,
    );
    if !meta.is_empty() {
        html.push_str(&format!(
            "<p class=\"fihris-page-meta\">{}</p>\n",
            meta.join(" · ")
        ));
    }
    for para in doc
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        html.push_str(&format!("<p dir=\"{}\">", direction(para)));
        html.push_str(&escape(para).replace('\n', "<br>\n"));
        html.push_str("</p>\n");
    }
    html.push_str("</article>\n</main>\n</body>\n</html>\n");
    html
}

/// `rtl` for text with Arabic letters (a paragraph that starts with a Latin
/// word, like «Korea الشمالية…», is still Arabic), else `auto`.
fn direction(text: &str) -> &'static str {
    let arabic = text
        .chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'));
    if arabic {
        "rtl"
    } else {
        "auto"
    }
}

/// Only http(s) links are rendered; `javascript:` and the like are dropped.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_documents_is_escaped_and_bad_links_dropped() {
        let doc = Document {
            id: "a/b".into(),
            title: "<script>alert(1)</script>".into(),
            url: Some("javascript:alert(1)".into()),
            source: Some("\u{202E}<b>".into()),
            body: "x <img src=x onerror=alert(1)>\n\nفقرة\n\nKorea الشمالية".into(),
            ..Document::default()
        };
        let html = render(&doc);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("src=\"../../fihris-page.js\""));
        assert!(html.contains("<p dir=\"rtl\">فقرة</p>"));
        assert!(html.contains("<p dir=\"rtl\">Korea الشمالية</p>"));
        assert!(html.contains("<p dir=\"auto\">x &lt;img"));
        assert!(html.contains("<bdi>\u{202E}&lt;b&gt;</bdi>"));
        assert!(!html.contains(" style=") && !html.contains("<script>"));
    }
}
