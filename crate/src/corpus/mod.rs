//! Corpus files → documents. The library takes a file's relative path and its
//! bytes; only the CLI walks directories.
//!
//! In: `(path relative to the corpus root, bytes)` for one `.txt`, `.md` or
//! `.html` file.
//! Out: a [`Document`]: its id (the path without extension), a title, optional
//! url/date/source, and the body text that is indexed and shown in excerpts,
//! with site boilerplate removed; with [`parse_file`], also warnings about
//! what was repaired, and with [`parse_file_explained`] each piece of
//! boilerplate removed, with its rule ([`Removed`]). Files that cannot be documents give
//! [`Error::Document`] naming the path and a reason that says how to fix it.
//!
//! A document is never dropped without a reason, and no input makes parsing
//! panic or take more than linear time and memory (a 10 MB line, unbalanced
//! brackets, `&` or `<` by the million, a chain `1-2-3-…` over a whole line).
//!
//! Refused (an error, the file is skipped):
//! - another extension than `.txt`, `.md`/`.markdown`, `.html`/`.htm`;
//! - not text: more than one invalid byte sequence per
//!   [`text::MAX_INVALID_PER`] characters (another encoding — the reason gives
//!   the byte offset of the first), UTF-32, or more than one control
//!   character in ten (a binary file);
//! - empty: nothing but whitespace. An empty document could never be found,
//!   so it is reported rather than indexed;
//! - no text once markup and boilerplate are removed (the reason names an
//!   unclosed comment or `<script>` that hid the rest of the page).
//!
//! Read, with a warning (the document is indexed):
//! - a few invalid UTF-8 sequences (a damaged file): each becomes U+FFFD,
//!   which is not indexed; the warning gives the count and the first offset.
//!   Refusing the whole article for one bad byte would lose it for a typo in
//!   the bytes; indexing a file in another encoding would fill the index with
//!   U+FFFD, hence the threshold. A character cut off at the end of the file
//!   is dropped;
//! - NUL bytes, read as spaces;
//! - an unclosed HTML comment, `<script>`, `<style>` or `<title>`: as in a
//!   browser, the rest of the file is inside it;
//! - markdown front matter that is never closed (read as text), or that sets
//!   a key twice (the first value is kept);
//! - a `url` that a browser could run or that leaves the web (`javascript:`,
//!   `data:`, `file:`…): left out; only http(s) and relative links are kept.
//!
//! Decoding (`text.rs`): UTF-8 with or without BOM, UTF-16 LE/BE with BOM;
//! CRLF and lone CR → LF.
//!
//! Rules for text and metadata:
//! - Each format gives metadata and text lines: `.txt` as is, `.md` through
//!   `markdown.rs` (front matter, markup removed), `.html` through `html.rs`
//!   (visible text, `<title>`, `<meta>`; script, style, comments and CDATA
//!   are not text; entities decoded as browsers do, and markup written with
//!   entities stays text).
//! - Lines are trimmed and their whitespace collapsed; site chrome is
//!   removed (`boilerplate.rs`) and never article text: a line goes whole
//!   only when it is nothing but a label, a chrome phrase or a cookie
//!   banner, and otherwise only its banner sentences go (rules `symbols`,
//!   `label`, `chrome-phrase`, `cookie-banner`; see [`Removed`]). A
//!   paragraph that mentions cookies, privacy or GDPR is article text.
//!   Paragraphs are separated by exactly one blank line.
//! - Title: front matter or `<title>` (site name removed), else the first
//!   `# heading`/`<h1>`, else the first line that reads as a headline
//!   (`title.rs`). Title lines at the start of the body are removed from it.
//!   Titles and sources longer than [`MAX_TITLE_CHARS`] are cut at a word.
//! - Date: metadata, else a dateline at the top of the text (`date.rs`), as
//!   `YYYY-MM-DD`. Source: metadata only.
//!
//! Corpus walking (the `fihris build` command): every entry under the corpus
//! directory is counted once, as indexed, skipped with a reason, or ignored
//! for its extension; names starting with `.` are not read (and are listed).
//! Skipped with a reason: files that cannot be read, are not regular files
//! (FIFOs, devices), are larger than 64 MiB, have a name that is not UTF-8,
//! give the same id as an earlier file in path order (`a.md` and `a.txt`,
//! or ids that differ only in letter case or Unicode normalization, which
//! would collide as page files on macOS and Windows), symlinks whose target is
//! missing or outside the corpus (a corpus cannot publish files from
//! elsewhere on the machine), links to a file already indexed under its own
//! path, and directories that cannot be listed. Symlinks to directories inside
//! the corpus are not followed (their target is indexed where it is), which
//! also ends symlink loops. The walk is iterative and sorted, so depth does
//! not matter and the same corpus gives the same index, byte for byte.

mod boilerplate;
mod date;
mod html;
mod markdown;
pub mod site;
mod text;
mod title;

use crate::error::{Error, Result};
pub use boilerplate::{Removed, RULES as BOILERPLATE_RULES};
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
    /// The page's language as written in `<html lang>` (site mode), if stated.
    pub lang: Option<String>,
    /// Metadata returned with each hit (`data-fihris-meta`: image, author…),
    /// in page order, keys unique.
    pub meta: Vec<(String, String)>,
    /// Headings with an `id` in the body, in order: a hit's sub-results.
    pub sections: Vec<Section>,
    /// Body token ranges whose words weigh other than one (headings and
    /// `data-fihris-weight` of a site's pages), in order of their starts: a
    /// later range inside an earlier one wins. Used when indexing, not stored.
    pub weights: Vec<Weight>,
}

/// Body tokens `start..end` weigh `tenths / 10` each in scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weight {
    /// First token position.
    pub start: u32,
    /// Token position after the last.
    pub end: u32,
    /// The weight in tenths: 10 is one, 0 makes the words count for nothing.
    pub tenths: u16,
}

/// A heading of a page that carries an `id`: where a sub-result points.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading element's `id`, the anchor of its URL.
    pub anchor: String,
    /// The heading's text.
    pub title: String,
    /// Token position in the body where the section (its heading) starts,
    /// numbered as the analyzer numbers the body's tokens.
    pub position: u32,
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

/// A document and what was repaired or left out to read its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// One sentence per problem, each saying what was done and how to fix
    /// the file; the document is indexed all the same.
    pub warnings: Vec<String>,
}

/// Parses one corpus file. `path` is relative to the corpus root and `/`-separated.
///
/// Never panics: any bytes give a document or an [`Error::Document`].
pub fn parse_document(path: &str, bytes: &[u8]) -> Result<Document> {
    parse_file(path, bytes).map(|p| p.document)
}

/// [`parse_document`], with the warnings about the file.
///
/// Time and memory are linear in the size of the file, whatever it holds.
pub fn parse_file(path: &str, bytes: &[u8]) -> Result<Parsed> {
    parse_file_explained(path, bytes).map(|(parsed, _)| parsed)
}

/// [`parse_file`], with the boilerplate removed from the body: each whole
/// line, or sentence cut out of a line, in file order with the name of the
/// rule that removed it, so an owner can check that no article text went.
pub fn parse_file_explained(path: &str, bytes: &[u8]) -> Result<(Parsed, Vec<Removed>)> {
    let fail = |reason: String| Error::Document {
        path: path.to_string(),
        reason,
    };
    let format = Format::from_path(path).ok_or_else(|| {
        fail("not a .txt, .md or .html file: rename it or remove it from the corpus".into())
    })?;
    let text::Decoded { text, mut warnings } = text::decode(bytes).map_err(fail)?;
    let mut meta = Meta::default();
    let lines = match format {
        Format::Text => text.lines().map(clean_line).collect(),
        Format::Markdown => {
            let md = markdown::parse(&text);
            warnings.extend(md.warnings);
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
            warnings.extend(page.warnings);
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
    let mut removed = Vec::new();
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| boilerplate::strip(&l, &mut removed))
        .collect();
    if lines.iter().all(String::is_empty) {
        // What hid the text, when the parser saw something (an unclosed comment…).
        let why = warnings
            .iter()
            .map(|w| format!(" ({w})"))
            .collect::<String>();
        return Err(fail(format!(
            "no text after removing markup and boilerplate{why}: add article text or remove the file"
        )));
    }
    let url = match meta.url {
        Some(u) => match safe_url(&u) {
            Some(u) => Some(u),
            None => {
                warnings.push(format!(
                    "url {:?} is left out: only http(s) and relative links are kept, write it as https://…",
                    text::cut_at_word(&u, 80)
                ));
                None
            }
        },
        None => None,
    };
    let date = match meta.date {
        Some(d) => Some(date::normalize_meta(&d)),
        None => date::from_header(&lines),
    };
    let title = match meta.title.or(meta.heading) {
        Some(t) => {
            remove_title_lines(&mut lines, &t);
            shorten_title(t)
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
    let parsed = Parsed {
        document: Document {
            id: document_id(path).to_string(),
            title,
            url,
            date,
            source: meta.source.map(|s| shorten(s, MAX_TITLE_CHARS)),
            body: join_paragraphs(&lines),
            ..Document::default()
        },
        warnings,
    };
    Ok((parsed, removed))
}

/// Longest title or source kept; longer ones (an unclosed `<title>`, a
/// paragraph in front matter) are cut at a word and end with "…".
pub const MAX_TITLE_CHARS: usize = 300;

fn shorten_title(title: String) -> String {
    shorten(title, MAX_TITLE_CHARS)
}

fn shorten(text: String, max: usize) -> String {
    let cut = text::cut_at_word(&text, max);
    if cut.len() == text.len() {
        return text;
    }
    format!("{cut}…")
}

/// The link if a browser may open it from a result: `http:`/`https:`
/// absolute, protocol-relative or relative. `javascript:`, `data:` and any
/// other scheme give `None`. Whitespace and controls that browsers ignore
/// inside a URL (`java\tscript:`) are removed before the scheme is read.
pub fn safe_url(url: &str) -> Option<String> {
    let url: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.is_empty() {
        return None;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https").then_some(url)
        }
        _ => Some(url),
    }
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
/// A document's id: its path relative to the corpus root, without extension.
pub fn document_id(path: &str) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<Document>) -> String {
        match result {
            Err(Error::Document { reason, .. }) => reason,
            other => panic!("expected a document error, got {other:?}"),
        }
    }

    const SEEDS: [(&str, &str); 5] = [
        (
            "000_b7e07c32124a421f",
            include_str!("../../../seeds/000_b7e07c32124a421f.txt"),
        ),
        (
            "001_dc7e6487002a072e",
            include_str!("../../../seeds/001_dc7e6487002a072e.txt"),
        ),
        (
            "002_8251fbba6d0163f5",
            include_str!("../../../seeds/002_8251fbba6d0163f5.txt"),
        ),
        (
            "003_3c3e2ea9289a0a19",
            include_str!("../../../seeds/003_3c3e2ea9289a0a19.txt"),
        ),
        (
            "004_00098d3f5a60200f",
            include_str!("../../../seeds/004_00098d3f5a60200f.txt"),
        ),
    ];

    fn seed(i: usize) -> Document {
        let (name, text) = SEEDS[i];
        parse_document(&format!("seeds/{name}.txt"), text.as_bytes()).unwrap()
    }

    /// Per seed: expected title, date, and the lines that are site chrome.
    const EXPECTED: [(&str, Option<&str>, &[&str]); 5] = [
        (
            "الدفاع الروسية تبث لقطات لتدريب عسكريين كوريين شماليين",
            Some("2025-04-28"),
            &["+ الخط -", "استمع إلى الملخص", "اظهر الملخص", "المساهمون"],
        ),
        (
            "لأول مرة.. موسكو تعترف بتجنيد كوريين شماليين في حرب أوكرانيا",
            None,
            &["عاجل", "تم نسخ الرابط"],
        ),
        (
            "Korea الشمالية أكدت لأول مرة أنها أرسلت جنودًا إلى روسيا.",
            Some("2025-04-28"),
            &["In order to provide you with a better service, we position cookies on our site."],
        ),
        (
            "وبدا أن الرئيس الروسي فلاديمير بوتين يؤكد، الخميس، إرسال جنود كوريين شماليين للقتال في روسيا…",
            None,
            &[
                "ابق على اطلاع بالتحديثات المجانية",
                "شاركها.",
                "اترك تعليقاً",
                "Exit mobile version",
            ],
        ),
        (
            "يبدو أن الفيديو يظهر جنودًا كوريين شماليين يستعدون لحرب أوكرانيا في قاعدة تدريب عسكرية روسية",
            None,
            &[],
        ),
    ];

    #[test]
    fn seed_titles_and_dates() {
        for (i, (title, date, _)) in EXPECTED.iter().enumerate() {
            let doc = seed(i);
            assert_eq!(doc.title, *title, "seed {i}");
            assert_eq!(doc.date.as_deref(), *date, "seed {i}");
            assert_eq!(doc.id, format!("seeds/{}", SEEDS[i].0));
            assert_eq!((doc.url, doc.source), (None, None));
        }
    }

    #[test]
    fn seed_bodies_keep_every_article_line_and_drop_chrome() {
        for (i, (title, _, chrome)) in EXPECTED.iter().enumerate() {
            let doc = seed(i);
            let body_lines: Vec<&str> = doc.body.lines().collect();
            for line in SEEDS[i].1.lines().map(clean_line) {
                if line.is_empty() || line == *title {
                    continue;
                }
                let is_chrome = chrome.iter().any(|c| line.starts_with(c));
                assert_eq!(
                    body_lines.contains(&line.as_str()),
                    !is_chrome,
                    "seed {i}: {line}"
                );
            }
            // The headline is not repeated at the start of the body.
            assert!(!doc.body.starts_with(title), "seed {i}");
            assert!(!doc.body.contains("\n\n\n") && !doc.body.contains("  "));
            assert_eq!(doc.body.trim(), doc.body);
        }
    }

    #[test]
    fn seed_sentences_are_in_the_body() {
        let sentences: [&[&str]; 5] = [
            &[
                "تداولت وزارة الدفاع الروسية، اليوم الاثنين، مقطع فيديو",
                "كما تظهر بعض اللقطات تدريب الجنود على التصويب إلى الأعلى",
                "تدريب جنود كوريين شماليين في روسيا، 28 إبريل 2025 (إكس)",
                "- أكد دميتري بيسكوف، الناطق باسم الرئاسة الروسية",
            ],
            &[
                "اعترفت موسكو لأول مرة بأنها نشرت جنودا من كوريا الشمالية",
                "وهنأ بوتين الجنود على \"نصرهم\"",
                "مما أسفر عن مقتل 12 شخصا وإصابة 90 آخرين، وفقا للسلطات المحلية.",
                "صواريخ باليستية من كوريا الشمالية",
            ],
            &[
                "كوريا الشمالية تؤكد لأول مرة أنها أرسلت جنودًا إلى روسيا للقتال ضد أوكرانيا",
                "\"جنودنا كتبوا قصص البطولة\"",
                "إلا أن كوريا الشمالية لم تؤكد رسميًا هذا الإرسال للجنود.",
            ],
            &[
                "وبدا أن الرئيس الروسي فلاديمير بوتين يؤكد، الخميس، إرسال جنود كوريين شماليين للقتال في روسيا",
                "ويقدر مسؤولو المخابرات الكورية الجنوبية أن 12 ألف جندي كوري شمالي موجودون الآن في روسيا.",
                "“تظهر الأدلة التاريخية أن روسيا ماهرة في السفسطة القانونية في محاولاتها لتبرير أفعالها”.",
            ],
            &[
                "- نشرت أوكرانيا مقطع فيديو تقول إنه يظهر قوات كورية شمالية في روسيا.",
                "– سبرافدي – مركز ستراتكوم (@StratcomCentre) 18 أكتوبر 2024",
                "منذ الحرب الكورية في الفترة 1950-1953.",
            ],
        ];
        for (i, list) in sentences.iter().enumerate() {
            let doc = seed(i);
            for s in *list {
                assert!(doc.body.contains(s), "seed {i}: {s}");
            }
        }
        // Seed 002's duplicated headline is gone entirely; its dateline stays.
        let doc = seed(2);
        assert!(!doc.body.contains("Korea"));
        assert!(doc.body.starts_with("28.04.2025 07:41\n\n"));
        assert!(!doc.body.contains("cookies"));
        // Seed 001's caption stays; its NBSP-only lines are gone.
        assert!(seed(1).body.starts_with("روسيا تجندد كوريين\n"));
    }

    #[test]
    fn plain_text() {
        let doc = parse_document(
            "news/a.txt",
            "\u{feff}عنوان الخبر المهم هنا\r\n\r\nالفقرة   الأولى\u{a0}من النص.\r\n\r\n\r\n\rالفقرة الثانية.\r".as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.id, "news/a");
        assert_eq!(doc.title, "عنوان الخبر المهم هنا");
        assert_eq!(doc.body, "الفقرة الأولى من النص.\n\nالفقرة الثانية.");
        assert_eq!(doc.date, None);
    }

    #[test]
    fn markdown_with_front_matter() {
        let md = "---\ntitle: \"عنوان من الترويسة\"\nurl: https://example.com/x\ndate: 28 أبريل 2025\nsource: 'المصدر'\n---\n# عنوان من الترويسة\n\nنص **المقال** مع [رابط](https://a.b).\n";
        let doc = parse_document("a/b.md", md.as_bytes()).unwrap();
        assert_eq!(doc.id, "a/b");
        assert_eq!(doc.title, "عنوان من الترويسة");
        assert_eq!(doc.url.as_deref(), Some("https://example.com/x"));
        assert_eq!(doc.date.as_deref(), Some("2025-04-28"));
        assert_eq!(doc.source.as_deref(), Some("المصدر"));
        assert_eq!(doc.body, "نص المقال مع رابط.");

        // No front matter: the heading is the title.
        let doc = parse_document("c.md", b"# Heading here\n\nSome *text*.").unwrap();
        assert_eq!(doc.title, "Heading here");
        assert_eq!(doc.body, "Some text.");
        assert_eq!(doc.url, None);

        // Unparseable front matter date stays as written.
        let doc = parse_document("d.md", b"---\ndate: spring\n---\nText body here.").unwrap();
        assert_eq!(doc.date.as_deref(), Some("spring"));
    }

    #[test]
    fn html_page() {
        let page = "<html lang=\"ar\"><head><title>الخبر الأول &amp; الأهم | الموقع</title>\n<meta property=\"og:site_name\" content=\"الموقع\">\n<meta name=\"date\" content=\"2025-04-28\">\n<link rel=\"canonical\" href=\"https://e.com/1\">\n<script>alert('x')</script><style>p{}</style></head>\n<body><h1>الخبر الأول &amp; الأهم</h1><p>نص <b>الخبر</b>&nbsp;هنا.</p><p>شاركها</p><p>In order to provide you with a better service, we use cookies. By using our site, you agree to our cookie policy.</p></body></html>";
        let doc = parse_document("x/page.html", page.as_bytes()).unwrap();
        assert_eq!(doc.id, "x/page");
        assert_eq!(doc.title, "الخبر الأول & الأهم");
        assert_eq!(doc.url.as_deref(), Some("https://e.com/1"));
        assert_eq!(doc.date.as_deref(), Some("2025-04-28"));
        assert_eq!(doc.source.as_deref(), Some("الموقع"));
        assert_eq!(doc.body, "نص الخبر هنا.");

        // No <title>: the first <h1>; script text in a title stays literal.
        let doc = parse_document("y.htm", b"<h1>Only heading</h1><p>Body text.</p>").unwrap();
        assert_eq!(doc.title, "Only heading");
        assert_eq!(doc.body, "Body text.");
        let doc = parse_document(
            "z.html",
            b"<title>News <script>alert(1)</script></title><p>Body.</p>",
        )
        .unwrap();
        assert_eq!(doc.title, "News <script>alert(1)</script>");
        assert_eq!(doc.body, "Body.");
    }

    #[test]
    fn errors_name_the_problem() {
        let r = reason(parse_document("a.txt", b"ok\xC3\x28"));
        assert!(
            r.starts_with("not UTF-8 text (1 invalid byte sequence, the first at byte 2;")
                && r.contains("save the file as UTF-8"),
            "{r}"
        );
        assert_eq!(
            reason(parse_document("a.txt", b"")),
            "empty file: add text or remove it"
        );
        assert_eq!(
            reason(parse_document("a.md", b"\xEF\xBB\xBF \r\n")),
            "empty file: add text or remove it"
        );
        assert!(reason(parse_document("a.txt", b"ab\x00cd")).starts_with("binary file"));
        assert!(reason(parse_document("a.pdf", b"text")).starts_with("not a .txt"));
        for (path, bytes) in [
            ("a.html", &b"<script>x</script><!-- c -->"[..]),
            ("a.md", b"---\ntitle: x\n---\n![img](a.png)"),
            (
                "a.txt",
                b"Exit mobile version\n\n+ \xD8\xA7\xD9\x84\xD8\xAE\xD8\xB7 -",
            ),
        ] {
            assert_eq!(
                reason(parse_document(path, bytes)),
                "no text after removing markup and boilerplate: add article text or remove the file",
                "{path}"
            );
        }
        let err = parse_document("dir/a.txt", b"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "dir/a.txt: empty file: add text or remove it"
        );
    }

    #[test]
    fn ids_and_formats() {
        assert_eq!(document_id("news/a.md"), "news/a");
        assert_eq!(document_id("a.b/c"), "a.b/c");
        assert_eq!(document_id("x/.hidden"), "x/.hidden");
        assert_eq!(document_id("x/y.tar.txt"), "x/y.tar");
        assert_eq!(Format::from_path("A.HTM"), Some(Format::Html));
    }

    #[test]
    fn never_panics_on_any_bytes() {
        // Deterministic pseudo-random bytes and markup fragments.
        let pieces: [&[u8]; 14] = [
            b"<",
            b">",
            b"&#x",
            b";",
            b"<title>",
            b"</",
            b"---\n",
            b"[",
            b"](",
            b"`",
            b"\xD8\xA7",
            b"\r",
            b"<!--",
            b"\xF0\x9F",
        ];
        let mut state = 0x2545_f491_u32;
        for round in 0..2000 {
            let mut bytes = Vec::new();
            for _ in 0..(round % 40) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let p = pieces[state as usize % pieces.len()];
                bytes.extend_from_slice(p);
                if state.is_multiple_of(7) {
                    bytes.push((state >> 8) as u8);
                }
            }
            for path in ["f.txt", "f.md", "f.html"] {
                let _ = parse_document(path, &bytes);
            }
        }
    }

    #[test]
    fn unsafe_urls_are_left_out_with_a_warning() {
        for (url, kept) in [
            ("https://e.com/a", Some("https://e.com/a")),
            ("HTTP://e.com", Some("HTTP://e.com")),
            ("//e.com/a", Some("//e.com/a")),
            ("/news/a.html", Some("/news/a.html")),
            ("a/b?c=d:e", Some("a/b?c=d:e")),
            ("javascript:alert(1)", None),
            (" JavaScript:alert(1)", None),
            ("java\tscript:alert(1)", None),
            ("data:text/html,<script>", None),
            ("vbscript:x", None),
            ("file:///etc/passwd", None),
            ("mailto:a@b.c", None),
        ] {
            assert_eq!(safe_url(url).as_deref(), kept, "{url:?}");
        }
        let p = parse_file(
            "a.md",
            b"---\ntitle: t\nurl: javascript:alert(document.cookie)\n---\nText of the article.",
        )
        .unwrap();
        assert_eq!(p.document.url, None);
        assert!(
            p.warnings[0].starts_with("url \"javascript:alert(document.cookie)\" is left out"),
            "{:?}",
            p.warnings
        );
        let p = parse_file(
            "a.html",
            b"<link rel=canonical href=' javascript:x'><p>Text of the page.</p>",
        )
        .unwrap();
        assert_eq!(p.document.url, None);
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn warnings_reach_the_caller_and_hidden_text_is_explained() {
        let p = parse_file("a.html", b"<p>Visible text.</p><!-- open").unwrap();
        assert_eq!(p.document.body, "Visible text.");
        assert_eq!(p.warnings.len(), 1);
        let r = reason(parse_document("a.html", b"<!-- all of it <p>text</p>"));
        assert!(
            r.starts_with("no text after removing markup and boilerplate (comment <!-- on line 1 is never closed"),
            "{r}"
        );
        // A front matter after the BOM is still front matter.
        let doc = parse_document("b.md", "\u{feff}---\ntitle: عنوان\n---\nنص".as_bytes()).unwrap();
        assert_eq!(doc.title, "عنوان");
    }

    #[test]
    fn long_titles_are_cut() {
        let title = "كلمة ".repeat(200);
        let page = format!("<title>{title}</title><p>Body.</p>");
        let doc = parse_document("a.html", page.as_bytes()).unwrap();
        assert!(doc.title.ends_with("كلمة…"), "{}", doc.title);
        assert!(doc.title.chars().count() <= MAX_TITLE_CHARS + 1);
        // An unclosed <title> takes the page, as in a browser, and is cut.
        let r = reason(parse_document(
            "b.html",
            format!("<title>{title}<p>Body.</p>").as_bytes(),
        ));
        assert!(r.contains("<title> on line 1 is never closed"), "{r}");
    }
}
