//! Shared by the integration tests: the seeds corpus compiled in memory, and
//! small indexes of given bodies.
#![allow(dead_code)]

use std::path::Path;

use fihris::corpus::{parse_document, Document};
use fihris::index::{Index, IndexBuilder};

/// The bytes of the index of every file in `seeds/`, in path order.
pub fn seeds_index_bytes() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("seeds/ is readable")
        .map(|e| {
            e.expect("seeds/ entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut builder = IndexBuilder::new();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).expect("seed file is readable");
        let doc = parse_document(&name, &bytes).expect("seed file is a document");
        builder.add(&doc).expect("seed document is indexed");
    }
    builder.finish().expect("seeds give an index").0
}

/// The seeds index, opened.
pub fn seeds_index() -> Index {
    Index::from_bytes(seeds_index_bytes()).expect("the seeds index opens")
}

/// The words a hit highlights in its excerpt, cut out of the excerpt by
/// their UTF-16 ranges as JavaScript would.
pub fn marked_words(hit: &fihris::search::Hit) -> Vec<String> {
    let units: Vec<u16> = hit.excerpt.encode_utf16().collect();
    hit.highlights
        .iter()
        .map(|&[s, e]| {
            String::from_utf16(&units[s as usize..e as usize]).expect("whole characters")
        })
        .collect()
}

/// An index of one document per body, ids `d0`, `d1`, … and titles «عنوان n».
pub fn index_of(bodies: &[&str]) -> Index {
    let mut b = IndexBuilder::new();
    for (i, body) in bodies.iter().enumerate() {
        b.add(&Document {
            id: format!("d{i}"),
            title: format!("عنوان {i}"),
            url: None,
            date: None,
            source: None,
            body: (*body).to_owned(),
            ..Document::default()
        })
        .expect("added");
    }
    Index::from_bytes(b.finish().expect("built").0).expect("opens")
}
