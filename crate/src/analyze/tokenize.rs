//! Tokenizer: text → words → [`Token`]s with all their terms.
//!
//! In: any `&str`. Out: the tokens in text order (a token's position is its
//! index in the returned `Vec`).
//!
//! One pass over the characters finds the words:
//!
//! * a word is a run of letters and digits (marks alone do not make a word);
//! * marks, tatweel, joiners (ZWJ/ZWNJ) and bidi controls stay inside the word
//!   they are written in, attached to the letter before them (as in Unicode's
//!   default word boundaries, UAX #29); before any letter they are dropped;
//! * letters of scripts written without spaces (ideographs, kana, Thai…) are
//!   each a word of their own, as UAX #29 has it;
//! * everything else that is neither a letter, a digit nor such an invisible
//!   character separates words: spaces, NBSP, Arabic punctuation (، ؛ ؟ « » ٪
//!   ۔), quotes “ ”, commas even between digits;
//! * compounds: runs of letters/digits joined by exactly one of `-` `.` `/`
//!   `_` `:` `'` (or the Arabic decimal separator ٫, kept as `.`) form one
//!   token: `KN-23`, `28.04.2025`, `pic.twitter.com/01Z4jZIiOe`,
//!   `يونيو/حزيران`. Its surface is the folded whole with the joiners kept
//!   (`kn-23`), its `parts` the folded runs (`kn`, `23`). A chain of more
//!   than [`MAX_COMPOUND_PIECES`] runs is cut into compounds of that many.
//!
//! Terms of a token (each list free of terms already listed before it, in the
//! order surface, parts, stripped, stems):
//! * `surface`: the folded readings (two for Uthmani words, see [`super::fold`]);
//! * `parts`: for compounds, the folded readings of each run;
//! * `stripped`: clitic strippings (see [`super::stem`]) of each surface
//!   reading, or of each part for a compound;
//! * `stems`: light stems of all of those readings and strippings.
//!
//! Invariants: `start..end` lies on char boundaries and covers the word from
//! its first to its last letter or digit, with the marks and invisible
//! characters written among them; no term is empty or holds whitespace,
//! joiners, bidi controls or punctuation other than a compound's joiners.

use std::cell::Cell;

use super::fold::{fold_readings, is_base, is_ignorable};
use super::stem::{stem, strip_clitics};
use super::Token;

/// Most runs in one compound: a longer chain (`1-2-3-…` over a whole line)
/// is cut into compounds of this many runs, so that a token's terms stay few
/// and tokenizing stays linear in the length of the text.
pub(crate) const MAX_COMPOUND_PIECES: usize = 16;

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '/' | '_' | ':' | '\'' | '\u{066B}')
}

/// Where tokens go, and whether their derived terms (strippings, stems) are
/// computed. Without them tokenizing is several times cheaper, and the
/// tokens (boundaries, order, surface) are the same.
pub(crate) struct Sink<'a> {
    pub tokens: Vec<Token>,
    pub derive: bool,
    /// Stop after this many tokens.
    pub limit: usize,
    /// Set once `limit` tokens are out.
    pub full: &'a Cell<bool>,
}

pub(crate) fn tokenize(text: &str, derive: bool, limit: usize) -> Vec<Token> {
    let full = Cell::new(limit == 0);
    let mut out = Sink {
        tokens: Vec::new(),
        derive,
        limit,
        full: &full,
    };
    scan(text, &mut out);
    out.tokens
}

/// Letters of scripts written without spaces between words (ideographs,
/// kana, Thai and its neighbours): each is a word of its own, as Unicode's
/// default word boundaries have it.
fn is_standalone(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// A run of letters/digits (with their marks) inside a token.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    /// The joiner written before it (none for the first piece).
    joiner: Option<char>,
}

/// Separators seen since the last run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    None,
    One(char),
    Many,
}

/// Splits `text` into runs of letters and digits and emits one token per
/// chain of runs joined by single joiners.
fn scan(text: &str, out: &mut Sink<'_>) {
    let full = out.full;
    let (span, s, e) = (text, 0, text.len());
    let pieces = &mut Vec::new();
    let mut sep = Sep::None;
    let mut run: Option<(usize, bool)> = None; // (start, has a letter/digit)
    let mut close = |run_start: usize, has_base: bool, at: usize, sep: &mut Sep| {
        if !has_base {
            *sep = Sep::Many;
            return;
        }
        let joiner = match *sep {
            Sep::One(j) if !pieces.is_empty() && pieces.len() < MAX_COMPOUND_PIECES => Some(j),
            _ => {
                emit(text, pieces, out);
                None
            }
        };
        pieces.push(Piece {
            start: run_start,
            end: at,
            joiner,
        });
        *sep = Sep::None;
    };
    for (off, c) in span.char_indices() {
        if full.get() {
            return;
        }
        let base = is_base(c);
        if base && is_standalone(c) {
            if let Some((rs, has)) = run.take() {
                close(rs, has, s + off, &mut sep);
            }
            sep = Sep::Many;
            close(s + off, true, s + off + c.len_utf8(), &mut sep);
            sep = Sep::Many;
        } else if base || is_ignorable(c) {
            match &mut run {
                Some((_, has)) => *has |= base,
                // Marks and invisible characters belong to the letter before
                // them: before any letter they are not part of a word.
                None if base => run = Some((s + off, true)),
                None => {}
            }
        } else {
            if let Some((rs, has)) = run.take() {
                close(rs, has, s + off, &mut sep);
            }
            sep = match sep {
                Sep::None if is_joiner(c) => Sep::One(c),
                _ => Sep::Many,
            };
        }
    }
    if let Some((rs, has)) = run.take() {
        close(rs, has, e, &mut sep);
    }
    emit(text, pieces, out);
}

/// Makes the token of a chain of pieces (and clears it).
fn emit(text: &str, pieces: &mut Vec<Piece>, out: &mut Sink<'_>) {
    if out.full.get() {
        // Past the limit (one character can close two chains at once).
        pieces.clear();
        return;
    }
    let (Some(first), Some(last)) = (pieces.first().copied(), pieces.last().copied()) else {
        return;
    };
    let mut tok = Token {
        start: first.start,
        end: last.end,
        surface: Vec::with_capacity(2),
        stripped: Vec::new(),
        parts: Vec::new(),
        stems: Vec::new(),
    };
    let compound = pieces.len() > 1;
    if compound {
        let mut full = String::new();
        let mut bare = String::new();
        let mut any_bare = false;
        let mut folded = 0;
        for p in pieces.iter() {
            let (f, b) = fold_readings(text.get(p.start..p.end).unwrap_or(""));
            if f.is_empty() {
                continue;
            }
            folded += 1;
            if !full.is_empty() {
                let j = match p.joiner {
                    Some('\u{066B}') | None => '.',
                    Some(j) => j,
                };
                full.push(j);
                bare.push(j);
            }
            full.push_str(&f);
            bare.push_str(b.as_deref().unwrap_or(&f));
            any_bare |= b.is_some();
            push_new(&mut tok.parts, f);
            if let Some(b) = b {
                push_new(&mut tok.parts, b);
            }
        }
        if folded == 1 {
            // All but one run folded away: a simple word after all.
            tok.parts.clear();
        }
        if full.is_empty() {
            pieces.clear();
            return;
        }
        tok.surface.push(full);
        if any_bare {
            push_new(&mut tok.surface, bare);
        }
    } else {
        let (f, b) = fold_readings(text.get(first.start..first.end).unwrap_or(""));
        if f.is_empty() {
            pieces.clear();
            return;
        }
        tok.surface.push(f);
        if let Some(b) = b {
            tok.surface.push(b);
        }
    }
    pieces.clear();
    if out.derive {
        add_derived(&mut tok);
    }
    out.tokens.push(tok);
    if out.tokens.len() >= out.limit {
        out.full.set(true);
    }
}

fn push_new(list: &mut Vec<String>, term: String) {
    if !list.contains(&term) {
        list.push(term);
    }
}

fn has(tok: &Token, term: &str) -> bool {
    tok.surface
        .iter()
        .chain(&tok.parts)
        .chain(&tok.stripped)
        .chain(&tok.stems)
        .any(|t| t == term)
}

/// Adds the clitic strippings and stems of the token's words.
fn add_derived(tok: &mut Token) {
    let use_parts = !tok.parts.is_empty();
    let n = if use_parts {
        tok.parts.len()
    } else {
        tok.surface.len()
    };
    let mut found = Vec::new();
    for i in 0..n {
        let w = if use_parts {
            &tok.parts[i]
        } else {
            &tok.surface[i]
        };
        strip_clitics(w, |s| {
            if !has(tok, s) && !found.iter().any(|f: &String| f == s) {
                found.push(s.to_string());
            }
        });
    }
    tok.stripped = found;
    for i in 0..n + tok.stripped.len() {
        let w = match i.checked_sub(n) {
            Some(j) => &tok.stripped[j],
            None if use_parts => &tok.parts[i],
            None => &tok.surface[i],
        };
        if let Some(s) = stem(w) {
            if !has(tok, &s) {
                tok.stems.push(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{analyze, fold};

    fn surfaces(text: &str) -> Vec<String> {
        analyze(text)
            .into_iter()
            .map(|t| t.surface[0].clone())
            .collect()
    }

    fn one(text: &str) -> Token {
        let mut toks = analyze(text);
        assert_eq!(toks.len(), 1, "{text:?}: {toks:?}");
        toks.remove(0)
    }

    /// Whether the main folded reading of `query` is an exact-tier term of
    /// the document word `doc`.
    fn finds(doc: &str, query: &str) -> bool {
        let q = one(query).surface[0].clone();
        one(doc).words().any(|w| w == q)
    }

    #[test]
    fn words_are_split_on_spaces_and_punctuation() {
        for (text, want) in [
            ("تدريب جنود كوريين", &["تدريب", "جنود", "كوريين"][..]),
            ("في روسيا، 28 إبريل", &["في", "روسيا", "28", "ابريل"][..]),
            ("«روسيا»؛ كوريا؟", &["روسيا", "كوريا"][..]),
            ("روسيا\u{00A0}كوريا", &["روسيا", "كوريا"][..]),
            ("“روسيا” ٪٥٠", &["روسيا", "50"][..]),
            ("روسيا۔ كوريا", &["روسيا", "كوريا"][..]),
            ("(توقيت القدس)", &["توقيت", "القدس"][..]),
            ("1,000 و١،٢", &["1", "000", "و1", "2"][..]),
            ("Business Insider", &["business", "insider"][..]),
            ("+ الخط -", &["الخط"][..]),
        ] {
            assert_eq!(surfaces(text), want, "{text}");
        }
    }

    #[test]
    fn compounds_are_one_token() {
        for (text, surface, parts) in [
            ("KN-23", "kn-23", &["kn", "23"][..]),
            ("28.04.2025", "28.04.2025", &["28", "04", "2025"][..]),
            (
                "pic.twitter.com/01Z4jZIiOe",
                "pic.twitter.com/01z4jziioe",
                &["pic", "twitter", "com", "01z4jziioe"][..],
            ),
            ("يونيو/حزيران", "يونيو/حزيران", &["يونيو", "حزيران"][..]),
            ("أغسطس/آب", "اغسطس/اب", &["اغسطس", "اب"][..]),
            ("1950-1953.", "1950-1953", &["1950", "1953"][..]),
            ("16:06", "16:06", &["16", "06"][..]),
            ("don't", "don't", &["don", "t"][..]),
            ("a_b", "a_b", &["a", "b"][..]),
            ("٣٫٥", "3.5", &["3", "5"][..]),
        ] {
            let t = one(text);
            assert_eq!(t.surface, vec![surface.to_string()], "{text}");
            assert_eq!(t.parts, parts, "{text}");
            assert_eq!((t.start, t.end), (0, text.trim_end_matches('.').len()));
        }
    }

    #[test]
    fn long_chains_are_cut_into_compounds() {
        let chain: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let toks = analyze(&chain.join("-"));
        assert_eq!(toks.len(), 3);
        assert_eq!(toks[0].surface[0], chain[..16].join("-"));
        assert_eq!(toks[1].surface[0], chain[16..32].join("-"));
        assert_eq!(toks[2].surface[0], chain[32..].join("-"));
        assert_eq!(toks[2].parts.len(), 8);
        // Linear: 200 000 distinct parts are not compared with each other.
        let long: Vec<String> = (0..200_000).map(|i| i.to_string()).collect();
        assert_eq!(analyze(&long.join("-")).len(), 200_000 / 16);
    }

    #[test]
    fn doubled_or_spaced_joiners_do_not_make_compounds() {
        assert_eq!(surfaces("KN--23"), ["kn", "23"]);
        assert_eq!(surfaces("KN - 23"), ["kn", "23"]);
        assert_eq!(surfaces("-KN-"), ["kn"]);
        assert_eq!(surfaces("KN-/23"), ["kn", "23"]);
    }

    #[test]
    fn compound_parts_get_their_own_terms() {
        let t = one("يونيو/حزيران");
        assert!(t.words().any(|w| w == "حزيران"));
        let t = one("والجنود/الروسية");
        assert!(t.stripped.contains(&"جنود".to_string()), "{t:?}");
        assert!(t.stripped.contains(&"روسيه".to_string()), "{t:?}");
        assert!(t.stems.contains(&"روس".to_string()), "{t:?}");
        let t = one("soldiers-Business");
        assert!(t.stems.contains(&"soldier".to_string()), "{t:?}");
    }

    #[test]
    fn range_covers_marks_tatweel_and_joiners() {
        for word in [
            "رُوسْيَا",
            "جنودًا",
            "روســيا",
            "رو\u{200C}سيا",
            "رو\u{200D}سيا",
            "رو\u{200F}سيا",
            "ٱلرَّحۡمَٰنِ",
            "إِبۡرَٰهِـۧمَ",
            "مُوسَىٰٓ",
            "ءَامَنُواْ",
        ] {
            let text = format!("قال {word}، ثم");
            let toks = analyze(&text);
            assert_eq!(toks.len(), 3, "{word}: {toks:?}");
            let t = &toks[1];
            assert_eq!(&text[t.start..t.end], word);
        }
    }

    #[test]
    fn query_with_diacritics_equals_plain() {
        assert_eq!(one("رُوسْيَا").surface, one("روسيا").surface);
        assert_eq!(one("مُحَمَّدٌ").surface, one("محمد").surface);
        assert_eq!(one("٢٠٢٤").surface, ["2024"]);
    }

    #[test]
    fn uthmani_words_are_found_by_plain_spelling() {
        for (doc, query) in [
            ("ٱلۡكِتَٰبُ", "الكتاب"),
            ("ٱلسَّمَٰوَٰتِ", "السماوات"),
            ("ٱلصَّلَوٰةَ", "الصلاة"),
            ("ءَامَنُواْ", "آمنوا"),
            ("إِبۡرَٰهِـۧمَ", "ابراهيم"),
            ("إِبۡرَٰهِـۧمَ", "إبراهيم"),
            ("ٱلرَّحۡمَٰنِ", "الرحمن"),
            ("مُوسَىٰٓ", "موسى"),
            ("ٱللَّهُ", "الله"),
            ("ٱلصَّمَدُ", "الصمد"),
            ("أَحَدٌ", "احد"),
            ("ٱلدِّينِ", "الدين"),
            ("ٱلدِّينِ", "دين"),
            ("هَٰذَا", "هذا"),
        ] {
            assert!(finds(doc, query), "{doc} by {query}: {:?}", one(doc));
        }
        // full reading first
        assert_eq!(one("ٱلرَّحۡمَٰنِ").surface, ["الرحمان", "الرحمن"]);
    }

    #[test]
    fn news_variants_are_found() {
        for (doc, query) in [
            ("استعدادًا", "استعدادا"),
            ("رسميًا", "رسميا"),
            ("أكد", "اكد"),
            ("إسقاط", "اسقاط"),
            ("آسيوية", "اسيوية"),
            ("ابريل", "أبريل"),
            ("مقاطعة", "مقاطعه"),
            ("مستوى", "مستوي"),
            ("أخرى", "أخري"),
            ("الخنادق", "خنادق"),
            ("الجنود", "جنود"),
            ("بالجنود", "جنود"),
            ("للجنود", "جنود"),
            ("وقاذفات", "قاذفات"),
            ("والبسالة", "بسالة"),
            ("وروسيا", "روسيا"),
            ("لروسيا", "روسيا"),
            ("بكوريا", "كوريا"),
            ("Korea", "korea"),
            ("KN-23", "kn-23"),
            ("KN-23", "KN"),
        ] {
            assert!(finds(doc, query), "{doc} by {query}: {:?}", one(doc));
        }
    }

    #[test]
    fn stems_bridge_inflections() {
        let stems_of = |w: &str| {
            let t = one(w);
            t.words()
                .chain(t.stems.iter().map(String::as_str))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert!(stems_of("جنودًا").contains(&"جنود".to_string()));
        for w in ["الكوريين", "كوريا", "الكورية", "كوري", "كوريين"] {
            assert!(
                stems_of(w).contains(&"كور".to_string()),
                "{w}: {:?}",
                one(w)
            );
        }
        for w in ["الروسية", "روسيا", "روسي"] {
            assert!(
                stems_of(w).contains(&"روس".to_string()),
                "{w}: {:?}",
                one(w)
            );
        }
        assert!(stems_of("Insiders").contains(&"insider".to_string()));
        assert!(stems_of("soldiers").contains(&"soldier".to_string()));
        assert!(one("2024").stems.is_empty());
        assert!(one("2024").stripped.is_empty());
    }

    #[test]
    fn lists_do_not_repeat_terms() {
        for w in ["الجنود", "جنود", "ٱلرَّحۡمَٰنِ", "وزارة", "1-1", "الكورية"]
        {
            let t = one(w);
            let all: Vec<&String> = t
                .surface
                .iter()
                .chain(&t.parts)
                .chain(&t.stripped)
                .chain(&t.stems)
                .collect();
            for (i, a) in all.iter().enumerate() {
                assert!(!all[..i].contains(a), "{w}: {t:?}");
            }
        }
        let t = one("وزارة");
        assert_eq!(t.surface, ["وزاره"]);
        assert_eq!(t.stripped, ["زاره"]);
    }

    fn check_invariants(text: &str) {
        let toks = analyze(text);
        for t in &toks {
            assert!(t.start < t.end && t.end <= text.len(), "{t:?}");
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(!t.surface.is_empty());
            let compound = !t.parts.is_empty();
            for term in t
                .surface
                .iter()
                .chain(&t.parts)
                .chain(&t.stripped)
                .chain(&t.stems)
            {
                assert!(!term.is_empty(), "{t:?}");
                for c in term.chars() {
                    let ok = c.is_alphanumeric() || (compound && is_joiner(c) && c != '\u{066B}');
                    assert!(ok, "{c:?} in {term:?} of {:?}", &text[t.start..t.end]);
                }
            }
        }
        // same input, same tokens
        assert_eq!(toks, analyze(text));
    }

    #[test]
    fn invariants_hold_on_the_seeds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds");
        let mut n = 0;
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    check_invariants(&text);
                    n += 1;
                }
            }
        }
        assert!(n > 0, "no seeds in {dir}");
    }

    #[test]
    fn nasty_input_does_not_panic() {
        let long = "ب".repeat(10_000);
        let long_marks = "\u{064E}".repeat(10_000);
        for text in [
            "",
            " ",
            "\u{064E}",
            "\u{0670}",
            "\u{0654}\u{0655}\u{0653}",
            " \u{064B}\u{0651} ",
            "ـــــ",
            "\u{200F}\u{200E}\u{061C}\u{202B}\u{2067}\u{FEFF}",
            "\u{200C}\u{200D}",
            "\0",
            "a\0b",
            "روسيا😀كوريا",
            "👨‍👩‍👧 العائلة",
            "Москва موسكو Moscow 莫斯科 モスクワ",
            "-./_:'",
            "a-.b",
            "ۥ ۦ ۧ",
            "\u{06DD}١٢٣",
            "ء",
            "ءا",
            "\u{FE70}\u{FDFA}\u{FDF2}",
            long.as_str(),
            long_marks.as_str(),
        ] {
            check_invariants(text);
        }
        assert!(analyze("\u{064E}").is_empty());
        assert!(analyze("ـــــ").is_empty());
        assert!(analyze("\u{200F}\u{200E}").is_empty());
        assert_eq!(analyze(&long).len(), 1);
        assert_eq!(fold("ۥ"), "و");
    }

    #[cfg(feature = "nfkc")]
    #[test]
    fn presentation_forms_are_found() {
        // ﺭﻭﺳﻴﺎ written with presentation forms
        let t = one("\u{FEAD}\u{FEED}\u{FEB3}\u{FEF4}\u{FE8E}");
        assert_eq!(t.surface, ["روسيا"]);
        assert_eq!(one("\u{FDF2}").surface, ["الله"]);
    }
}
