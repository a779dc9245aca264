//! Query text → query tree.
//!
//! In: what a reader typed. Out: a [`Query`]: clauses that are single words
//! or quoted phrases, each possibly negated, every word already analysed by
//! the same analyzer as the documents.
//!
//! Syntax: words are ANDed; `"quoted words"` is a phrase (an unclosed quote
//! runs to the end); `-word` and `-"a phrase"` exclude; the last word is also
//! matched as a prefix while the reader is still typing it (no trailing
//! space). Anything else — punctuation, stray quotes or dashes, bidi marks —
//! is just a separator. Bounds: at most [`MAX_QUERY_CHARS`] characters and
//! [`MAX_CLAUSES`] clauses are read; the rest is ignored and the query is
//! flagged as truncated.

use crate::analyze::{analyze, Token};

/// Characters of a query that are read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 512;
/// Clauses (words and phrases) of a query that are used.
pub const MAX_CLAUSES: usize = 16;
/// Words of one phrase that are used.
pub const MAX_PHRASE_WORDS: usize = 16;

/// One analysed word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The analyser's token for the word.
    pub token: Token,
    /// The word as typed.
    pub text: String,
    /// Whether to match the word as a prefix too (the word being typed).
    pub prefix: bool,
}

/// What a clause asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseKind {
    /// A single word.
    Word(QueryWord),
    /// Words that must follow each other.
    Phrase(Vec<QueryWord>),
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Word or phrase.
    pub kind: ClauseKind,
    /// Excluded (`-`) rather than required.
    pub negated: bool,
}

impl Clause {
    /// The clause's words.
    pub fn words(&self) -> &[QueryWord] {
        match &self.kind {
            ClauseKind::Word(w) => std::slice::from_ref(w),
            ClauseKind::Phrase(ws) => ws,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Clauses in the order typed.
    pub clauses: Vec<Clause>,
    /// Whether part of the query was ignored because of the bounds.
    pub truncated: bool,
}

impl Query {
    /// Parses query text. Never fails: unusable input gives an empty query.
    pub fn parse(text: &str) -> Query {
        let mut truncated = false;
        let text = match text.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => {
                truncated = true;
                // Sliced with get (cut is a char boundary): indexing would
                // bring the slicing panic's formatting into the wasm module.
                text.get(..cut).unwrap_or(text)
            }
            None => text,
        };
        let mut clauses = Vec::new();
        let mut rest = text;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let mut negated = false;
            if let Some(after) = rest.strip_prefix('-') {
                if after.starts_with(|c: char| !c.is_whitespace() && c != '-') {
                    negated = true;
                    rest = after;
                }
            }
            let (chunk, phrase, next) = if let Some(after) = rest.strip_prefix('"') {
                match after.split_once('"') {
                    Some((inside, next)) => (inside, true, next),
                    None => (after, true, ""),
                }
            } else {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '"')
                    .unwrap_or(rest.len());
                let (chunk, next) = rest.split_at_checked(end).unwrap_or((rest, ""));
                (chunk, false, next)
            };
            let at_end = next.is_empty();
            rest = next;
            let tokens = analyze(chunk);
            if tokens.is_empty() {
                continue;
            }
            let word = |t: Token| QueryWord {
                text: chunk.get(t.start..t.end).unwrap_or_default().to_owned(),
                token: t,
                prefix: false,
            };
            if phrase && tokens.len() > 1 {
                truncated |= tokens.len() > MAX_PHRASE_WORDS;
                let words = tokens.into_iter().take(MAX_PHRASE_WORDS).map(word);
                clauses.push(Clause {
                    kind: ClauseKind::Phrase(words.collect()),
                    negated,
                });
            } else {
                let n = tokens.len();
                for (i, t) in tokens.into_iter().enumerate() {
                    let mut w = word(t);
                    // Only a bare word still being typed is a prefix.
                    w.prefix = !phrase && !negated && at_end && i + 1 == n;
                    clauses.push(Clause {
                        kind: ClauseKind::Word(w),
                        negated,
                    });
                }
            }
        }
        if clauses.len() > MAX_CLAUSES {
            clauses.truncate(MAX_CLAUSES);
            truncated = true;
        }
        Query { clauses, truncated }
    }
}
