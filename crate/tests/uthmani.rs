#![cfg(not(target_arch = "wasm32"))]
//! Text in the Uthmani script is found by the modern spelling readers type.

mod common;

use fihris::corpus::parse_document;
use fihris::index::{Index, IndexBuilder};
use fihris::search::SearchOptions;

/// `(document text in Uthmani script, modern query that must find it)`.
const CASES: &[(&str, &str)] = &[
    ("ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ", "الكتاب"),
    ("لَهُۥ مُلۡكُ ٱلسَّمَٰوَٰتِ وَٱلۡأَرۡضِ", "السماوات"),
    ("وَيُقِيمُونَ ٱلصَّلَوٰةَ", "الصلاة"),
    ("وَٱلَّذِينَ ءَامَنُواْ وَعَمِلُواْ ٱلصَّٰلِحَٰتِ", "آمنوا"),
    ("وَإِذِ ٱبۡتَلَىٰٓ إِبۡرَٰهِـۧمَ رَبُّهُۥ", "ابراهيم"),
    ("بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ", "الرحمن"),
    ("بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ", "الرحمن الرحيم"),
    ("وَإِذۡ وَٰعَدۡنَا مُوسَىٰٓ أَرۡبَعِينَ لَيۡلَةٗ", "موسى"),
    ("قُلۡ هُوَ ٱللَّهُ أَحَدٌ", "قل هو الله احد"),
    ("مَٰلِكِ يَوۡمِ ٱلدِّينِ", "يوم الدين"),
];

#[test]
fn modern_spelling_finds_uthmani_text() {
    let mut builder = IndexBuilder::new();
    for (i, (text, _)) in CASES.iter().enumerate() {
        let doc = parse_document(&format!("{i:02}.txt"), text.as_bytes()).unwrap();
        builder.add(&doc).unwrap();
    }
    let index = Index::from_bytes(builder.finish().unwrap().0).unwrap();
    let mut failures = Vec::new();
    for (i, (text, query)) in CASES.iter().enumerate() {
        // A trailing space: the word is complete, no prefix matching helps.
        let r = index
            .search(&format!("{query} "), &SearchOptions::default())
            .unwrap();
        let id = format!("{i:02}");
        if !r.hits.iter().any(|h| h.id == id) {
            failures.push(format!("{query} does not find {text}"));
        } else if let Some(hit) = r.hits.iter().find(|h| h.id == id) {
            if hit.highlights.is_empty() && hit.title_highlights.is_empty() {
                failures.push(format!("{query} finds {text} but marks nothing"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Highlights cover the word as written: tatweel, marks and all.
#[test]
fn highlights_cover_words_written_with_tatweel_and_marks() {
    let text = "خبر عن الجنود اليوم\n\nوصل جنود كـــوريـا إلى ٱلۡكِتَٰبُ ثم رُوسْيَا.";
    let mut builder = IndexBuilder::new();
    builder
        .add(&parse_document("t.txt", text.as_bytes()).unwrap())
        .unwrap();
    let index = Index::from_bytes(builder.finish().unwrap().0).unwrap();
    for (query, written) in [
        ("كوريا ", "كـــوريـا"),
        ("الكتاب ", "ٱلۡكِتَٰبُ"),
        ("روسيا ", "رُوسْيَا"),
    ] {
        let r = index.search(query, &SearchOptions::default()).unwrap();
        let hit = &r.hits[0];
        let marked = common::marked_words(hit);
        assert_eq!(marked, vec![written.to_string()], "{query}");
    }
}
