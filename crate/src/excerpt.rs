//! Matched words → excerpts and highlight ranges.
//!
//! In: a stored text and a [`Matcher`] (the terms a query matched).
//! Out: the best window of the original text (diacritics, tatweel and all)
//! and `[start, end)` ranges of the matched words in UTF-16 code units, the
//! unit JavaScript strings are indexed in.
//!
//! The text is re-analysed with the same analyzer that built the index, so a
//! highlight covers exactly the written word, marks included.

use crate::analyze::{analyze, analyze_surface, Token};
use crate::query::Query;

/// Tokens in an excerpt window.
pub const WINDOW_TOKENS: usize = 30;
/// Tokens shown before the first match of the window.
const LEAD_TOKENS: usize = 5;

/// Which query clause, if any, a token of a text answers.
///
/// Each term carries the clause it answers and a weight (how closely it
/// answers it, in hundredths): excerpts prefer windows with the query's own
/// words over windows with only their stems.
///
/// The terms are kept in vectors sorted by term and looked up by binary
/// search: a query has a few dozen, and a hash map of strings would bring
/// SipHash and another hash table into the wasm module.
#[derive(Debug, Default, Clone)]
pub struct Matcher {
    words: Terms,
    stems: Terms,
    prefixes: Vec<(String, usize)>,
}

/// `(term, (clause, weight))`, sorted by term, each term once.
type Terms = Vec<(String, (usize, u32))>;

/// The clause and weight of `term`, if it is among `terms`.
fn lookup<'a>(terms: &'a Terms, term: &str) -> Option<&'a (usize, u32)> {
    terms
        .binary_search_by(|(t, _)| t.as_str().cmp(term))
        .ok()
        .map(|i| &terms[i].1)
}

impl Matcher {
    /// A matcher with no terms.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks word-dictionary `term` as answering clause `clause` with `weight` (0–100).
    pub fn add_word(&mut self, term: &str, clause: usize, weight: u32) {
        add(&mut self.words, term, clause, weight);
    }

    /// Marks stem-dictionary `term` as answering clause `clause` with `weight` (0–100).
    pub fn add_stem(&mut self, term: &str, clause: usize, weight: u32) {
        add(&mut self.stems, term, clause, weight);
    }

    /// A matcher built from the query alone, without an index: a token
    /// matches when it shares a form or stem with a query word, or starts
    /// with the word being typed. Used to highlight whole documents.
    pub fn from_query(query: &Query) -> Matcher {
        let mut m = Matcher::new();
        for (i, clause) in query.clauses.iter().enumerate() {
            if clause.negated {
                continue;
            }
            for w in clause.words() {
                for term in &w.token.surface {
                    m.add_word(term, i, 100);
                }
                let t = &w.token;
                for term in t.words().chain(t.stems.iter().map(String::as_str)) {
                    m.add_word(term, i, 50);
                    m.add_stem(term, i, 50);
                }
                if w.prefix {
                    for form in w.token.surface.iter().chain(&w.token.stripped) {
                        if form.chars().count() >= 2 {
                            m.prefixes.push((form.clone(), i));
                        }
                    }
                }
            }
        }
        m
    }

    /// Whether the matcher has no terms at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.stems.is_empty() && self.prefixes.is_empty()
    }

    /// The clause a token answers and how closely (the best of its terms).
    pub fn clause_of(&self, token: &Token) -> Option<(usize, u32)> {
        let words = token.words().filter_map(|w| lookup(&self.words, w));
        let stems = token.stems.iter().filter_map(|s| lookup(&self.stems, s));
        words
            .chain(stems)
            .copied()
            .max_by_key(|&(_, w)| w)
            .or_else(|| {
                self.prefixes
                    .iter()
                    .find(|(p, _)| token.words().any(|w| w.starts_with(p.as_str())))
                    .map(|(_, c)| (*c, 40))
            })
    }
}

/// Adds `term` for `clause`, or raises its weight (and takes the new clause)
/// if it is there with a lower one.
fn add(terms: &mut Terms, term: &str, clause: usize, weight: u32) {
    match terms.binary_search_by(|(t, _)| t.as_str().cmp(term)) {
        Ok(i) => {
            let entry = &mut terms[i].1;
            if weight > entry.1 {
                *entry = (clause, weight);
            }
        }
        Err(i) => terms.insert(i, (term.to_owned(), (clause, weight))),
    }
}

/// An excerpt of a text with its highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The window of the original text, `…` marking cuts, line breaks as spaces.
    pub text: String,
    /// Matched words as `[start, end)` UTF-16 offsets into `text`.
    pub highlights: Vec<[u32; 2]>,
}

/// A matched word of a stored text: its token position (as counted by the
/// analyzer, the same numbering the postings use), the query clause it
/// answers and how closely (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Token position in the text.
    pub position: u32,
    /// Index of the query clause.
    pub clause: usize,
    /// Tier weight in hundredths.
    pub weight: u32,
}

/// The window of `text` with the most distinct matched clauses (then the
/// greatest weight, then the earliest), or its beginning when nothing
/// matches. `matches` are ascending by position; positions past the text's
/// last token are ignored.
///
/// Only token boundaries are needed here, not terms: the positions come from
/// the postings, so the text is tokenized with [`analyze_surface`].
pub fn excerpt(text: &str, matches: &[Match]) -> Excerpt {
    let first = best_start(matches);
    // One token more than the window, to know whether the text goes on.
    let tokens = analyze_surface(text, first + WINDOW_TOKENS + 1);
    let spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.start, t.end)).collect();
    window(text, &spans, matches, first)
}

/// The first token of the window with the most distinct clauses, then the
/// greatest weight, then the earliest.
fn best_start(matches: &[Match]) -> usize {
    let mut best = (0usize, 0u32, 0usize); // (distinct clauses, weight, start token)
    for (k, m) in matches.iter().enumerate() {
        let start = (m.position as usize).saturating_sub(LEAD_TOKENS);
        let end = start + WINDOW_TOKENS;
        let window = matches[k..]
            .iter()
            .take_while(|m| (m.position as usize) < end);
        // Squared, so one exact word outweighs two of its stems.
        let weight = window.clone().map(|m| m.weight * m.weight).sum::<u32>();
        let mut clauses: Vec<usize> = window.map(|m| m.clause).collect();
        crate::sort::sort(&mut clauses);
        clauses.dedup();
        if (clauses.len(), weight) > (best.0, best.1) {
            best = (clauses.len(), weight, start);
        }
    }
    best.2
}

/// Cuts the window starting at token `first` out of `text` (whose first
/// tokens are `tokens`) and places the highlights.
fn window(text: &str, tokens: &[(usize, usize)], matches: &[Match], first: usize) -> Excerpt {
    if tokens.is_empty() {
        return Excerpt {
            text: String::new(),
            highlights: Vec::new(),
        };
    }
    // Positions past the text (only a damaged index has them) fall back to its start.
    let first = if first < tokens.len() { first } else { 0 };
    let last = (first + WINDOW_TOKENS).min(tokens.len()) - 1;
    let from = if first == 0 { 0 } else { tokens[first].0 };
    let to = if last + 1 == tokens.len() {
        text.len()
    } else {
        tokens[last].1
    };

    let mut out = String::new();
    let lead = if first > 0 { "… " } else { "" };
    out.push_str(lead);
    // Token boundaries are char boundaries; get rather than indexing keeps
    // the slicing panic's formatting out of the wasm module.
    let cut = text.get(from..to).unwrap_or_default();
    out.extend(cut.trim_end().chars().map(|c| match c {
        '\n' | '\r' | '\t' => ' ',
        c => c,
    }));
    let body_end = out.len();
    if to < text.len() {
        out.push_str(" …");
    }
    let offset = lead.len() as isize - from as isize;
    let mut ranges: Vec<(usize, usize)> = matches
        .iter()
        .filter_map(|m| tokens.get(m.position as usize))
        .filter(|&&(s, e)| s >= from && e <= to)
        .map(|&(s, e)| {
            let s = (s as isize + offset) as usize;
            let e = ((e as isize + offset) as usize).min(body_end);
            (s, e)
        })
        .collect();
    ranges.dedup();
    let highlights = utf16_ranges(&out, &ranges);
    Excerpt {
        text: out,
        highlights,
    }
}

/// Highlight ranges (UTF-16) of the tokens at `positions` (ascending) of `text`.
pub fn highlight_positions(text: &str, positions: &[u32]) -> Vec<[u32; 2]> {
    let Some(&last) = positions.last() else {
        return Vec::new();
    };
    let tokens = analyze_surface(text, last as usize + 1);
    let ranges: Vec<(usize, usize)> = positions
        .iter()
        .filter_map(|&p| tokens.get(p as usize))
        .map(|t| (t.start, t.end))
        .collect();
    utf16_ranges(text, &ranges)
}

/// Highlight ranges (UTF-16) of every matched word in the whole of `text`.
pub fn highlight(text: &str, matcher: &Matcher) -> Vec<[u32; 2]> {
    let ranges: Vec<(usize, usize)> = analyze(text)
        .iter()
        .filter(|t| matcher.clause_of(t).is_some())
        .map(|t| (t.start, t.end))
        .collect();
    utf16_ranges(text, &ranges)
}

/// Converts ascending byte ranges of `text` into UTF-16 ranges.
pub fn utf16_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<[u32; 2]> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut unit = 0u32;
    let mut chars = text.char_indices().peekable();
    let mut to_unit = |target: usize| -> u32 {
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            unit += c.len_utf16() as u32;
            chars.next();
        }
        unit
    };
    for &(s, e) in ranges {
        let s16 = to_unit(s);
        let e16 = to_unit(e);
        if e16 > s16 {
            out.push([s16, e16]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_ranges_count_code_units() {
        // "a😀b": 😀 is one char, two UTF-16 units, four bytes.
        let text = "a😀b";
        assert_eq!(
            utf16_ranges(text, &[(0, 1), (1, 5), (5, 6)]),
            vec![[0, 1], [1, 3], [3, 4]]
        );
        let ar = "كوريا";
        assert_eq!(utf16_ranges(ar, &[(0, ar.len())]), vec![[0, 5]]);
    }
}
