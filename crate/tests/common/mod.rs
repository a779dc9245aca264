//! Shared by the integration tests: the seeds corpus compiled in memory.
#![allow(dead_code)]

use std::path::Path;

use fihris::corpus::parse_document;
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
