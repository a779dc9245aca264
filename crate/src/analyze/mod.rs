//! Text → tokens with their index terms. The one analyzer, used to build the
//! index, to parse queries and to find the words to highlight in excerpts.
//!
//! In: any `&str` (document text or a typed query).
//! Out: [`Token`]s in text order, each with its byte range in the input and the
//! terms it is indexed / searched under:
//!
//! * `surface`: the folded word (see [`fold`]): diacritics, tatweel, joiners and
//!   bidi marks removed, alef/yeh/teh-marbuta forms unified, digits made ASCII,
//!   Latin lower-cased and accent-folded. A word written in the Uthmani script
//!   with a superscript (dagger) alef has two readings, with and without a full
//!   alef, and both are listed.
//! * `stripped`: the surface forms with attached clitics (و ف ب ك ل, the article
//!   ال and their combinations) removed, when what is left is long enough.
//! * `parts`: for compound tokens such as `KN-23` or `28.04.2025`, the
//!   alphanumeric parts (`kn`, `23`; `28`, `04`, `2025`).
//! * `stems`: light stems of the stripped forms (Arabic suffixes; English
//!   plural -s), used by the lower-ranked stem tier.
//!
//! Invariants: every term is non-empty, contains no whitespace, control,
//! joiner, bidi or punctuation character other than the joiners kept inside
//! compounds; the same input always gives the same tokens; `start..end` is a
//! char-boundary range of the input covering the whole written word, its
//! diacritics and tatweel included (so highlights land on the word as written).

mod fold;
mod stem;
mod stopwords;
mod tokenize;

pub use fold::fold;
pub use stopwords::is_stop_word;

/// One word of a text and the terms it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte of the word in the analysed text.
    pub start: usize,
    /// Byte offset one past the word's last byte.
    pub end: usize,
    /// Folded readings of the whole word; never empty. The first is the main one.
    pub surface: Vec<String>,
    /// Readings with clitic prefixes removed (not repeating `surface`).
    pub stripped: Vec<String>,
    /// Parts of a compound token (empty for simple words).
    pub parts: Vec<String>,
    /// Light stems (not repeating the terms above).
    pub stems: Vec<String>,
}

impl Token {
    /// Every exact-tier term of the token: surface, stripped and parts.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.surface
            .iter()
            .chain(&self.stripped)
            .chain(&self.parts)
            .map(String::as_str)
    }
}

/// Splits `text` into words and computes their terms.
pub fn analyze(text: &str) -> Vec<Token> {
    tokenize::tokenize(text, true, usize::MAX)
}

/// The first `limit` tokens of [`analyze`] (same boundaries, same positions,
/// same `surface`), without `stripped` and `stems`: for finding where the
/// words of a stored text are, which excerpts need on every query.
pub fn analyze_surface(text: &str, limit: usize) -> Vec<Token> {
    tokenize::tokenize(text, false, limit)
}
