//! Typos that make another real word: a query of several words that finds
//! them side by side nowhere also gets its words' near spellings. Documents
//! where they then stand side by side, one slip to a pair, rank first; the
//! rest of what near spellings find ranks after what the query found as
//! typed. A word the dictionary lacks is looked up by its near spellings
//! even when a weak reading of it exists.

mod common;

use fihris::index::Index;
use fihris::search::SearchOptions;

fn ids(index: &Index, q: &str) -> Vec<String> {
    index
        .search(q, &SearchOptions::default())
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn a_slip_that_makes_another_word_ranks_the_phrase_it_spoils_first() {
    let index = common::index_of(&[
        "ولا أنا عابد ما عبدتم",
        "إلا عباد الله المخلصين",
        "وما كانوا عابدين لها",
        "قال عابد الله كلاما",
    ]);
    // «عابد» is a real word (d0, d3), and «عباد» with two letters swapped:
    // only d1 holds the words side by side.
    assert_eq!(ids(&index, "إلا عابد")[0], "d1");
    assert_eq!(ids(&index, "عابد إلا")[0], "d1");
    // Spelt right, the phrase is found as typed.
    assert_eq!(ids(&index, "إلا عباد")[0], "d1");
    // In the typed order first: «عابد الله» is in d3 as typed, and in d1
    // with one slip.
    assert_eq!(ids(&index, "عابد الله")[0], "d3");
}

#[test]
fn two_near_spellings_side_by_side_do_not_outrank_the_words_as_typed() {
    let index = common::index_of(&["سار الجنود نحو الميدان البعيد", "قال الجنون الميدار كلاما"]);
    // d1 has a near spelling of each word side by side: another phrase,
    // not the typed one with a slip.
    assert_eq!(ids(&index, "الجنود الميدان"), ["d0", "d1"]);
}

#[test]
fn a_typo_that_makes_another_word_still_finds_the_intended_document() {
    let index = common::index_of(&[
        "قال الجنود في الميدان كلاما كثيرا",
        "قال الجنود ان الميدار اسم قرية",
        "لا شيء هنا عن ذلك",
    ]);
    // «الميدار» is a real word (d1), and a typo of «الميدان» (d0).
    assert_eq!(ids(&index, "الجنود الميدار "), ["d1", "d0"]);
    // As typed, a correct query keeps its one document on top.
    assert_eq!(ids(&index, "الجنود الميدان ")[0], "d0");
}
