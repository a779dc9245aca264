//! Ranking across documents of different lengths: the words of a query side
//! by side, as typed, outweigh BM25's preference for short documents.

mod common;

use fihris::search::SearchOptions;

#[test]
fn a_longer_document_holding_the_whole_phrase_ranks_above_short_ones_holding_part() {
    // The phrase runs from the end of one verse into the next in d0, a
    // passage of several verses; d1–d3 are single verses with two of the
    // three words together.
    let index = common::index_of(&[
        "فمن اضطر غير باغ ولا عاد فإن ربك غفور رحيم وعلى الذين هادوا حرمنا كل ذي ظفر",
        "وعلى الله فليتوكل المؤمنون إن الله غفور رحيم",
        "وعلى ربهم يتوكلون والله غفور رحيم",
        "والله غفور رحيم وما على الرسول إلا البلاغ وعلى",
    ]);
    let hits = index
        .search("غفور رحيم وعلى", &SearchOptions::default())
        .expect("search")
        .hits;
    assert_eq!(hits.len(), 4);
    assert_eq!(hits[0].id, "d0");
}
