//! Bounds that hold for any query: length and clause caps, the typo
//! automaton's cap, the result window, and the per-query work budget that
//! makes a pathological query return quickly with a partial result.

mod common;

use fihris::query::{Query, MAX_CLAUSES, MAX_QUERY_CHARS};
use fihris::search::{SearchOptions, MAX_LIMIT};
use fihris::typo::MAX_TYPO_CHARS;

/// The most expensive query we know how to write for the seeds: sixteen
/// two-letter prefixes of common Arabic beginnings (each expands to up to 64
/// terms), the last one still being typed, and long misspelt words that send
/// the whole query through the near-spelling retry.
fn worst_query() -> String {
    let mut q = String::new();
    for p in ["ال", "وا", "با", "من", "في", "عل", "كو", "مس", "قا", "تم"] {
        q.push_str(p);
        q.push_str("* ");
    }
    q.push_str("الكورييييين المسؤووولين الاستراتيجيييية روسسسيا اوكرانيييا ال");
    q
}

#[test]
fn long_queries_are_cut_to_the_caps_and_flagged() {
    let long = "كوريا ".repeat(10_000);
    let q = Query::parse(&long);
    assert_eq!(q.clauses.len(), MAX_CLAUSES);
    assert!(q.truncated);

    let one_word = "ك".repeat(100_000);
    let q = Query::parse(&one_word);
    assert!(q.truncated);
    assert!(q.clauses.iter().all(|c| c
        .words()
        .iter()
        .all(|w| w.text.chars().count() <= MAX_QUERY_CHARS)));

    let index = common::seeds_index();
    let result = index
        .search(&long, &SearchOptions::default())
        .expect("search");
    assert!(result.partial, "a cut query says its result may be partial");
    assert!(result.total > 0, "the words that were read still match");
}

#[test]
fn thousands_of_terms_quotes_dashes_and_controls_never_fail() {
    let index = common::seeds_index();
    let nasty = [
        "\"".repeat(5_000),
        "-".repeat(5_000),
        "-\"".repeat(3_000),
        "\"-كوريا\" ".repeat(800),
        "a ".repeat(20_000),
        "\u{202E}كوريا\u{202C}\u{2066}\u{200D}\u{200C}".repeat(200),
        "\u{FFFD}\u{0}\u{1}\u{7F}\u{FEFF}".repeat(300),
        "ـــــــــــــــــ".repeat(300),
        "\u{064B}\u{0651}\u{0670}".repeat(2_000),
        "KN-23-".repeat(2_000),
        "٢٠٢٤.".repeat(2_000),
    ];
    for q in &nasty {
        let result = index
            .search(q, &SearchOptions::default())
            .expect("no query is an error");
        assert!(result.hits.len() <= 10);
    }
}

#[test]
fn typo_matching_is_capped_by_word_length() {
    let index = common::seeds_index();
    let long = "كوريا".repeat(MAX_TYPO_CHARS);
    let result = index
        .search(&long, &SearchOptions::default())
        .expect("search");
    assert_eq!(
        result.total, 0,
        "a word too long for typo matching finds nothing"
    );
}

#[test]
fn the_result_window_is_capped() {
    let index = common::seeds_index();
    let all = SearchOptions {
        limit: usize::MAX,
        offset: 0,
        ..SearchOptions::default()
    };
    let result = index.search("ال", &all).expect("search");
    assert!(result.hits.len() <= MAX_LIMIT);
    let past = SearchOptions {
        limit: 10,
        offset: usize::MAX,
        ..SearchOptions::default()
    };
    let result = index.search("كوريا", &past).expect("search");
    assert!(result.hits.is_empty());
    assert!(result.total > 0);
}

#[test]
fn ordinary_queries_fit_the_default_budget() {
    let index = common::seeds_index();
    for q in [
        "كوريا",
        "الجنود الكوريين",
        "روس",
        "\"كوريا الشمالية\"",
        "Business",
        "كورياا",
    ] {
        let result = index.search(q, &SearchOptions::default()).expect("search");
        assert!(!result.partial, "{q} should not run out of budget");
        assert!(result.total > 0, "{q} finds something");
    }
}

#[test]
fn a_spent_budget_returns_known_words_and_says_partial() {
    let index = common::seeds_index();
    let full = index
        .search(&worst_query(), &SearchOptions::default())
        .expect("search");
    let tight = SearchOptions {
        work_budget: 50,
        ..SearchOptions::default()
    };
    let cut = index.search(&worst_query(), &tight).expect("search");
    assert!(cut.partial, "the tight budget runs out");

    // A known word still matches on a budget too small for anything else.
    let word = index.search("كوريا", &tight).expect("search");
    assert!(word.total > 0, "the first term of a word is always read");

    // The budget only ever removes matches: the cut result is a subset.
    assert!(cut.total <= full.total);
    let none = SearchOptions {
        work_budget: 0,
        ..SearchOptions::default()
    };
    let zero = index.search("كوري", &none).expect("search");
    assert!(zero.partial);
}
