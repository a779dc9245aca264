//! Typos that make another real word: a query of several words that finds
//! few documents as typed also gets its words' near spellings, ranked after
//! what it found as typed; a word the dictionary lacks is looked up by its
//! near spellings even when a weak reading of it exists.

use fihris::corpus::Document;
use fihris::index::{Index, IndexBuilder};
use fihris::search::SearchOptions;

fn index(bodies: &[&str]) -> Index {
    let mut b = IndexBuilder::new();
    for (i, body) in bodies.iter().enumerate() {
        b.add(&Document {
            id: format!("d{i}"),
            title: format!("عنوان {i}"),
            url: None,
            date: None,
            source: None,
            body: (*body).to_owned(),
        })
        .expect("added");
    }
    Index::from_bytes(b.finish().expect("built").0).expect("opens")
}

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
fn a_typo_that_makes_another_word_still_finds_the_intended_document() {
    let index = index(&[
        "قال الجنود في الميدان كلاما كثيرا",
        "قال الجنود ان الميدار اسم قرية",
        "لا شيء هنا عن ذلك",
    ]);
    // «الميدار» is a real word (d1), and a typo of «الميدان» (d0).
    assert_eq!(ids(&index, "الجنود الميدار "), ["d1", "d0"]);
    // As typed, a correct query keeps its one document on top.
    assert_eq!(ids(&index, "الجنود الميدان ")[0], "d0");
}
