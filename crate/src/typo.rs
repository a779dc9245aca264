//! Typo tolerance: an automaton that walks the term dictionary and accepts
//! every term within a small edit distance of a query word.
//!
//! In: a folded query word, a maximum distance and a work budget. Out: an
//! [`fst::Automaton`] whose matches are the dictionary terms within that
//! distance, counting insertions, deletions, substitutions and transpositions
//! of adjacent letters (optimal string alignment) — all in *characters*, so an
//! Arabic letter (two UTF-8 bytes) costs one edit like a Latin one.
//!
//! An edit that touches the word's first character (changing or dropping
//! it, a letter before it, swapping it with the second) costs two, as in
//! Meilisearch: readers seldom get the first letter wrong, and a word with
//! one typo then only meets terms of its own first letter. That keeps the
//! false neighbours out (one edit away from «فرعون» is not «عرعون»), and a
//! sharded index's typo walk fetches the dictionary chunks of one letter
//! instead of one or two of every letter's.
//!
//! Why not `fst`'s own Levenshtein automaton: it matches nothing for Arabic
//! words (fst issue #160), and building its DFA up front takes milliseconds
//! per query word. This one computes the edit-distance row on the fly as the
//! dictionary is walked, so it costs nothing to build and its work grows with
//! the part of the dictionary it visits, which the budget caps: a hostile
//! word stops early and says so ([`Typo::exhausted`]).

use std::cell::Cell;

use fst::Automaton;

/// Longest word (in characters) typo matching is tried for.
pub const MAX_TYPO_CHARS: usize = 32;
/// The cost of an edit that touches the word's first character.
const FIRST: u8 = 2;
const ROW: usize = MAX_TYPO_CHARS + 1;

/// The automaton.
#[derive(Debug)]
pub struct Typo {
    word: Vec<char>,
    distance: u8,
    initial: u32,
    budget: Cell<u32>,
    exhausted: Cell<bool>,
}

/// A state: the last two rows of the edit-distance table, the last character
/// read, and any bytes of a character not yet complete.
#[derive(Debug, Clone)]
pub struct State {
    prev: [u8; ROW],
    row: [u8; ROW],
    last: char,
    pending: u32,
    needed: u8,
    dead: bool,
}

impl Typo {
    /// An automaton for `word` (at most [`MAX_TYPO_CHARS`] characters, else
    /// `None`) accepting terms within `distance` edits, visiting at most
    /// `budget` dictionary bytes.
    pub fn new(word: &str, distance: u8, budget: u32) -> Option<Typo> {
        let word: Vec<char> = word.chars().collect();
        if word.is_empty() || word.len() > MAX_TYPO_CHARS {
            return None;
        }
        Some(Typo {
            word,
            distance,
            initial: budget,
            budget: Cell::new(budget),
            exhausted: Cell::new(false),
        })
    }

    /// Whether the budget ran out, so that some matches may be missing.
    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }

    /// Dictionary bytes walked so far.
    pub fn spent(&self) -> u32 {
        self.initial - self.budget.get()
    }

    fn step(&self, state: &State, c: char) -> State {
        let n = self.word.len();
        let mut row = [u8::MAX; ROW];
        // A letter before the word's first: an edit of the first character.
        row[0] = state.row[0].saturating_add(FIRST);
        for j in 1..=n {
            let qc = self.word[j - 1];
            // Substituting or dropping the j-th character of the word.
            let edit = if j == 1 { FIRST } else { 1 };
            let cost = if qc != c { edit } else { 0 };
            let mut v = (state.row[j - 1].saturating_add(cost))
                .min(state.row[j].saturating_add(1))
                .min(row[j - 1].saturating_add(edit));
            if j >= 2 && c == self.word[j - 2] && state.last == qc && state.row[0] > 0 {
                let swap = if j == 2 { FIRST } else { 1 };
                v = v.min(state.prev[j - 2].saturating_add(swap));
            }
            row[j] = v;
        }
        let d = self.distance;
        let live = |r: &[u8]| r[..=n].iter().any(|&x| x <= d);
        let dead = !live(&row) && !state.row[..=n].iter().any(|&x| x < d);
        State {
            prev: state.row,
            row,
            last: c,
            pending: 0,
            needed: 0,
            dead,
        }
    }
}

impl Automaton for Typo {
    type State = State;

    fn start(&self) -> State {
        let mut row = [u8::MAX; ROW];
        // Dropping the word's first j characters: the first costs two.
        for (j, v) in row.iter_mut().enumerate().take(self.word.len() + 1) {
            *v = if j == 0 { 0 } else { j as u8 + FIRST - 1 };
        }
        State {
            prev: [u8::MAX; ROW],
            row,
            last: '\0',
            pending: 0,
            needed: 0,
            dead: false,
        }
    }

    fn is_match(&self, s: &State) -> bool {
        s.needed == 0 && !s.dead && s.row[self.word.len()] <= self.distance
    }

    fn can_match(&self, s: &State) -> bool {
        !s.dead && !self.exhausted.get()
    }

    fn accept(&self, s: &State, byte: u8) -> State {
        match self.budget.get().checked_sub(1) {
            Some(left) => self.budget.set(left),
            None => {
                self.exhausted.set(true);
                let mut dead = s.clone();
                dead.dead = true;
                return dead;
            }
        }
        if s.needed > 0 {
            if byte & 0xc0 != 0x80 {
                return self.step(s, char::REPLACEMENT_CHARACTER);
            }
            let mut next = s.clone();
            next.pending = (s.pending << 6) | u32::from(byte & 0x3f);
            next.needed -= 1;
            if next.needed == 0 {
                let c = char::from_u32(next.pending).unwrap_or(char::REPLACEMENT_CHARACTER);
                return self.step(s, c);
            }
            return next;
        }
        let (needed, bits) = match byte {
            0x00..=0x7f => return self.step(s, char::from(byte)),
            0xc0..=0xdf => (1, byte & 0x1f),
            0xe0..=0xef => (2, byte & 0x0f),
            0xf0..=0xf7 => (3, byte & 0x07),
            _ => return self.step(s, char::REPLACEMENT_CHARACTER),
        };
        let mut next = s.clone();
        next.pending = u32::from(bits);
        next.needed = needed;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    /// Optimal string alignment distance from the query `a` to the term
    /// `b`, the slow obvious way, an edit touching `a`'s first character
    /// costing two: substituting or deleting it, inserting before it,
    /// swapping it with the second.
    fn osa(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let first = |i: usize| if i == 1 { 2 } else { 1 };
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            d[i][0] = d[i - 1][0] + first(i);
        }
        for j in 1..=b.len() {
            d[0][j] = d[0][j - 1] + 2;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = if a[i - 1] != b[j - 1] { first(i) } else { 0 };
                d[i][j] = (d[i - 1][j] + first(i))
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + first(i - 1));
                }
            }
        }
        d[a.len()][b.len()]
    }

    fn matches(set: &Set<Vec<u8>>, word: &str, d: u8) -> Vec<String> {
        let aut = Typo::new(word, d, u32::MAX).unwrap();
        let mut s = set.search(aut).into_stream();
        let mut out = Vec::new();
        while let Some(k) = s.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    const WORDS: &[&str] = &[
        "غيراسيموف",
        "غراسيموف",
        "زيلينسكي",
        "زيلنسكي",
        "كلاشنيكوف",
        "كوريا",
        "كوريين",
        "روسيا",
        "روس",
        "مصر",
        "business",
        "busines",
        "soldier",
        "soldiers",
        "kn-23",
        "abc",
        "acb",
        "ab",
        "b",
        "naïve",
        "😀x",
    ];

    #[test]
    fn matches_exactly_the_words_within_the_distance() {
        let mut sorted: Vec<&str> = WORDS.to_vec();
        sorted.sort();
        let set = Set::from_iter(sorted.iter()).unwrap();
        for query in WORDS.iter().chain(&[
            "غيراسيموق",
            "كلاشنيكوق",
            "مضر",
            "bsuiness",
            "x😀",
            "ظيلنسكي",
            "يلنسكي",
            "ززيلنسكي",
            "يزلنسكي",
            "oldier",
            "ssoldier",
            "osldier",
        ]) {
            for d in 0..=2u8 {
                let mut expected: Vec<String> = sorted
                    .iter()
                    .filter(|w| osa(query, w) <= d as usize)
                    .map(|w| w.to_string())
                    .collect();
                expected.sort();
                assert_eq!(matches(&set, query, d), expected, "{query} d={d}");
            }
        }
    }

    #[test]
    fn an_edit_of_the_first_letter_costs_two() {
        let set = Set::from_iter(["soldier", "زيلنسكي"]).unwrap();
        for typo in ["ظيلنسكي", "يلنسكي", "ازيلنسكي", "يزلنسكي"] {
            assert!(matches(&set, typo, 1).is_empty(), "{typo}");
            assert_eq!(matches(&set, typo, 2), ["زيلنسكي"], "{typo}");
        }
        // A doubled first letter is the second one too many.
        for typo in ["زيلنصكي", "زلنسكي", "زييلنسكي", "زلينسكي", "ززيلنسكي"]
        {
            assert_eq!(matches(&set, typo, 1), ["زيلنسكي"], "{typo}");
        }
        assert!(matches(&set, "oldier", 1).is_empty());
        assert_eq!(matches(&set, "sodlier", 1), ["soldier"]);
    }

    #[test]
    fn a_spent_budget_stops_the_walk_and_says_so() {
        let set = Set::from_iter(["aaaa", "aaab", "aaac"]).unwrap();
        let aut = Typo::new("aaaa", 2, 3).unwrap();
        let mut s = set.search(&aut).into_stream();
        while s.next().is_some() {}
        assert!(aut.exhausted());
        assert!(Typo::new(&"x".repeat(MAX_TYPO_CHARS + 1), 1, 10).is_none());
    }
}
