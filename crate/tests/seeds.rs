#![cfg(not(target_arch = "wasm32"))]
//! Searches for real phrases of every seed article, in the forms readers type
//! them, and checks the right article comes first.

mod common;

use fihris::search::{SearchOptions, SearchResult};

const A0: &str = "000_b7e07c32124a421f"; // Russian MoD footage of training
const A1: &str = "001_dc7e6487002a072e"; // Moscow admits recruiting
const A2: &str = "002_8251fbba6d0163f5"; // Pyongyang confirms sending troops
const A3: &str = "003_3c3e2ea9289a0a19"; // Putin seems to confirm, KN-23
const A4: &str = "004_00098d3f5a60200f"; // video of a training base, Business Insider

fn search(index: &fihris::index::Index, q: &str) -> SearchResult {
    index
        .search(
            q,
            &SearchOptions {
                limit: 10,
                offset: 0,
                ..SearchOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
}

fn ids(r: &SearchResult) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

/// `(query, what it exercises, the article that must come first)`.
const FIRST: &[(&str, &str, &str)] = &[
    // article 000
    ("كلاشنيكوف", "exact word", A0),
    ("كلاشن", "prefix while typing", A0),
    ("قاذفات", "و prefix in the text (وقاذفات)", A0),
    ("خنادق", "ال in the text (الخنادق)", A0),
    ("اسقاط المسيرات", "إ written as ا", A0),
    ("بِيسْكُوف", "diacritics in the query", A0),
    ("كلاشنيكوق", "one-letter typo", A0),
    ("وبيسكوف", "و added in the query", A0),
    ("امتنانه للعسكريين", "two words, لل", A0),
    // article 001
    ("بسالة", "وال in the text (والبسالة)", A1),
    ("مستوي", "ى written as ي", A1),
    ("كييف", "exact word", A1),
    ("٩٠ آخرين", "Arabic-Indic digits", A1),
    ("تعترف بتجنيد", "title words", A1),
    ("الاحتراف والشجاعه", "ة written as ه", A1),
    // article 002
    ("korea", "Latin, case-folded", A2),
    ("Korea", "Latin as written", A2),
    ("28.04.2025", "a date typed as written", A2),
    ("\"النازية الجديدة\"", "a phrase", A2),
    ("اللجنه العسكرية المركزيه", "ة as ه in several words", A2),
    ("أكدت إدارة كوريا", "hamza forms as written", A2),
    // article 003
    ("KN-23", "compound as typed", A3),
    ("kn", "part of a compound", A3),
    ("تشاتام هاوس", "two words", A3),
    ("سفسطه", "without ال, ة as ه", A3),
    ("٢٠٢٢", "Arabic-Indic year", A3),
    ("الْيَاكُوت", "diacritics and ال in the query", A3),
    // article 004
    ("Business", "English word", A4),
    ("business insider", "English, lower case", A4),
    ("بروكسل", "exact word", A4),
    ("1950", "digits", A4),
    ("سيرجيفسكى", "ي written as ى", A4),
    ("ميجور", "without ال", A4),
    ("اوكرانيا روته", "two words", A4),
];

#[test]
fn the_right_article_comes_first() {
    let index = common::seeds_index();
    let mut failures = Vec::new();
    for &(q, what, expected) in FIRST {
        let r = search(&index, q);
        if r.hits.first().map(|h| h.id.as_str()) != Some(expected) {
            failures.push(format!(
                "{q:?} ({what}): expected {expected}, got {:?}",
                ids(&r)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn clitics_diacritics_and_alef_forms_find_every_article() {
    let index = common::seeds_index();
    for q in [
        "روسيا",
        "رُوسْيَا",
        "وروسيا",
        "لروسيا",
        "كوريا",
        "بكوريا",
        "كوري",
    ] {
        assert_eq!(search(&index, q).total, 5, "{q}");
    }
    // The seeds write جنود with ال, as جنودًا and بالجنود.
    let r = search(&index, "جنود");
    for id in [A0, A1, A2, A3, A4] {
        assert!(ids(&r).contains(&id), "جنود misses {id}: {:?}", ids(&r));
    }
}

#[test]
fn exact_forms_outrank_stem_only_matches() {
    let index = common::seeds_index();
    let r = search(&index, "الكوريين");
    let pos = |id| ids(&r).iter().position(|x| *x == id);
    // 000 and 004 contain الكوريين; 002 has only كوريا / الكورية.
    let stem_only = pos(A2).expect("stem matches are found too");
    for id in [A0, A4] {
        assert!(
            pos(id).expect("exact match found") < stem_only,
            "{:?}",
            ids(&r)
        );
    }
}

#[test]
fn stop_words_never_empty_a_query() {
    let index = common::seeds_index();
    assert_eq!(
        search(&index, "من كوريا").total,
        search(&index, "كوريا").total
    );
    assert!(search(&index, "في").total > 0);
    assert!(search(&index, "the Business").total > 0);
    // As the last word, still being typed (what the widget sends), a stop
    // word the document lacks does not hide it either.
    for (q, alone) in [
        ("كلاشنيكوف ثم", "كلاشنيكوف"),
        ("كلاشنيكوف هؤلاء", "كلاشنيكوف"),
        ("Business of", "Business"),
    ] {
        let with = index.search(q, &SearchOptions::default()).expect("search");
        let without = index
            .search(alone, &SearchOptions::default())
            .expect("search");
        assert!(without.total > 0, "{alone}");
        assert_eq!(with.total, without.total, "{q}");
        assert_eq!(with.hits[0].id, without.hits[0].id, "{q}");
    }
}

#[test]
fn phrases_need_consecutive_words_and_exclusions_remove() {
    let index = common::seeds_index();
    let phrase = search(&index, "\"بيونغ يانغ\"");
    assert!(phrase.total >= 2);
    assert_eq!(search(&index, "\"يانغ بيونغ\"").total, 0);
    let all = search(&index, "كوريا");
    let without = search(&index, "كوريا -Korea");
    assert_eq!(without.total, all.total - 1);
    assert!(!ids(&without).contains(&A2));
}

#[test]
fn highlights_cover_the_written_word_with_its_marks() {
    let index = common::seeds_index();
    // 002 writes رسميًا with tanween; the query has none.
    let r = search(&index, "رسميا");
    let hit = r.hits.iter().find(|h| h.id == A2).expect("002 found");
    let marked = common::marked_words(hit);
    assert!(!marked.is_empty());
    for m in &marked {
        assert!(m == "رسميًا" || m == "رسميا", "highlighted {m:?}");
    }
    assert!(marked.iter().any(|m| m == "رسميًا"), "{marked:?}");
}

#[test]
fn results_are_paged_and_totals_kept() {
    let index = common::seeds_index();
    let all = search(&index, "روسيا");
    let page = index
        .search(
            "روسيا",
            &SearchOptions {
                limit: 2,
                offset: 2,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert_eq!(page.total, all.total);
    assert_eq!(ids(&page), ids(&all)[2..4].to_vec());
    let past = index
        .search(
            "روسيا",
            &SearchOptions {
                limit: 2,
                offset: 50,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert!(past.hits.is_empty());
    assert_eq!(past.total, all.total);
}

#[test]
fn hits_carry_titles_and_dates_from_the_corpus() {
    let index = common::seeds_index();
    let r = search(&index, "كوريا");
    let a0 = r.hits.iter().find(|h| h.id == A0).unwrap();
    assert_eq!(
        a0.title,
        "الدفاع الروسية تبث لقطات لتدريب عسكريين كوريين شماليين"
    );
    assert_eq!(a0.date.as_deref(), Some("2025-04-28"));
    let a1 = r.hits.iter().find(|h| h.id == A1).unwrap();
    assert!(
        a1.title.starts_with("لأول مرة.. موسكو تعترف"),
        "{}",
        a1.title
    );
}

#[test]
fn a_query_with_no_hits_offers_a_suggestion() {
    let index = common::seeds_index();
    let r = search(&index, "كوريا زززززز");
    assert_eq!(r.total, 0);
    let s = r.suggestion.expect("a suggestion");
    assert!(search(&index, &s).total > 0, "{s}");
    // A word found only through its near spellings is corrected.
    let r = search(&index, "غيراسيموق زززززز");
    assert_eq!(r.total, 0);
    assert_eq!(r.suggestion.as_deref(), Some("غيراسيموف"));
}

#[test]
fn same_corpus_gives_byte_identical_index() {
    assert_eq!(common::seeds_index_bytes(), common::seeds_index_bytes());
}
