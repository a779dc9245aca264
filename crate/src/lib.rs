//! Fihris (فهرس, "index"): Arabic-first full-text search that runs in the browser.
//!
//! A corpus is compiled into one index file at build time; the same code then
//! answers queries natively (the `fihris` CLI) and in the browser (the wasm
//! module in [`wasm`], built for `wasm32`). One analyzer serves both, so a
//! query typed in a page meets the terms written at build time.
//!
//! ```
//! use fihris::corpus::parse_document;
//! use fihris::index::{Index, IndexBuilder};
//! use fihris::search::SearchOptions;
//!
//! let mut builder = IndexBuilder::new();
//! let doc = parse_document("news/1.txt", "جنود كوريون في روسيا\n\nوصل الجنودُ إلى كورسك.".as_bytes())?;
//! builder.add(&doc)?;
//! let (bytes, _stats) = builder.finish()?;
//!
//! let index = Index::from_bytes(bytes)?;
//! // Diacritics, the article ال and clitics do not stand in the way.
//! let result = index.search("الجُنود", &SearchOptions::default())?;
//! assert_eq!(result.total, 1);
//! assert_eq!(result.hits[0].id, "news/1");
//! # Ok::<(), fihris::Error>(())
//! ```
//!
//! The pipeline, one module per stage:
//!
//! * [`corpus`] — file bytes → [`corpus::Document`] (txt, md, html; title, date,
//!   boilerplate removal).
//! * [`analyze`] — text → tokens and their terms (Arabic folding, clitics,
//!   light stems, Uthmani readings, Latin folding and stemming).
//! * [`index`] — documents → index bytes (`build`), the byte layout (`format`),
//!   bytes → [`index::Index`] (`read`).
//! * [`query`] — query text → clauses (words, prefix, phrases, exclusions).
//! * [`search`] — clauses → ranked hits, using [`rank`] (BM25, tiers) and
//!   [`typo`] (the typo automaton), then [`excerpt`] for excerpts and
//!   highlights in UTF-16 units.
//!
//! The library never touches files: it takes bytes and `&str`. Errors are one
//! type, [`Error`], whose messages say how to fix the problem.

pub mod analyze;
pub mod corpus;
pub mod error;
pub mod excerpt;
pub mod index;
pub mod json;
pub mod query;
pub mod rank;
pub mod search;
mod sort;
pub mod typo;

pub use error::{Error, Result};

/// `parts` with `sep` between them, like `[&str]::join`. The standard
/// library's join is a ~1 KB copy per element type in the wasm module; this
/// loop is a fraction of that, and error messages and suggestions are all
/// it builds.
pub(crate) fn join(parts: impl IntoIterator<Item = impl AsRef<str>>, sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

#[cfg(target_arch = "wasm32")]
pub mod wasm;
