//! What each fuzz target does with one input, shared by the fuzz targets
//! (`crate/fuzz/`, included by path) and by `cargo test`, which replays the
//! regression corpus (`crate/fuzz/regressions/<target>/`) through the same
//! functions. A function returns normally for every input; a panic is a
//! finding. Besides "no panic", each checks the invariants the page relies
//! on: hits within the page size, highlight ranges inside their text, token
//! spans on character boundaries.
#![allow(dead_code)]

use std::sync::OnceLock;

use fihris::analyze::{analyze, analyze_surface};
use fihris::corpus::parse_document;
use std::collections::BTreeMap;

use fihris::index::build::{BuildOptions, MemoryOutput, ShardOptions};
use fihris::index::format::{reseal, reseal_chunk, shard_file, ShardKind};
use fihris::index::{Index, IndexBuilder};
use fihris::search::{SearchOptions, SearchResult};

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name: the folder names of the regression corpus.
pub const TARGETS: [(&str, Target); 5] = [
    ("index_bytes", index_bytes),
    ("index_sections", index_sections),
    ("shards", shards),
    ("query", query),
    ("analyze", analyze_text),
];

const SEEDS: [(&str, &str); 5] = [
    ("000", include_str!("../../seeds/000_b7e07c32124a421f.txt")),
    ("001", include_str!("../../seeds/001_dc7e6487002a072e.txt")),
    ("002", include_str!("../../seeds/002_8251fbba6d0163f5.txt")),
    ("003", include_str!("../../seeds/003_3c3e2ea9289a0a19.txt")),
    ("004", include_str!("../../seeds/004_00098d3f5a60200f.txt")),
];

/// Queries run against every index a target manages to open.
const PROBES: [&str; 6] = [
    "كوريا",
    "ك",
    "الجنود الكوريين",
    "\"كوريا الشمالية\"",
    "روسييا",
    "-كوريا بوتين",
];

/// The bytes of the seeds index (built once).
pub fn seeds_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut builder = IndexBuilder::new();
        for (name, text) in SEEDS {
            let doc = parse_document(&format!("{name}.txt"), text.as_bytes()).expect("seed parses");
            builder.add(&doc).expect("seed indexes");
        }
        builder.finish().expect("seeds index").0
    })
}

/// An entry file and its shards by name.
type Sharded = (Vec<u8>, BTreeMap<String, Vec<u8>>);

/// The seeds as a sharded index, split finely: its entry file and shards.
fn sharded_seeds() -> &'static Sharded {
    static SHARDED: OnceLock<Sharded> = OnceLock::new();
    SHARDED.get_or_init(|| {
        let options = BuildOptions {
            shards: Some(ShardOptions {
                docs_per_shard: 2,
                postings_bytes: 2048,
                dictionary_bytes: 1024,
            }),
            ..BuildOptions::default()
        };
        let mut builder = IndexBuilder::with_output(options, MemoryOutput::default());
        for (name, text) in SEEDS {
            let doc = parse_document(&format!("{name}.txt"), text.as_bytes()).expect("seed parses");
            builder.add(&doc).expect("seed indexes");
        }
        let (entry, _, out) = builder.finish_with_output().expect("sharded seeds");
        (entry, out.files)
    })
}

fn seeds_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::from_bytes(seeds_bytes().to_vec()).expect("seeds index opens"))
}

/// Arbitrary bytes as an index: rejected with an error, or opened and searchable.
pub fn index_bytes(data: &[u8]) {
    if let Ok(index) = Index::from_bytes(data.to_vec()) {
        exercise(&index);
    }
}

/// The seeds index with bytes of one region overwritten, then resealed so
/// the checksums agree: what a hostile host could serve. Input: a byte
/// choosing the region's start (as a fraction of the file, to reach every
/// section), then the bytes to write there.
pub fn index_sections(data: &[u8]) {
    let Some((&at, patch)) = data.split_first() else {
        return;
    };
    let mut bytes = seeds_bytes().to_vec();
    let start = bytes.len() * usize::from(at) / 256;
    let end = (start + patch.len()).min(bytes.len());
    bytes[start..end].copy_from_slice(&patch[..end - start]);
    reseal(&mut bytes);
    if let Ok(index) = Index::from_bytes(bytes) {
        exercise(&index);
    }
}

/// The sharded seeds with one shard's payload overwritten and the shard
/// re-wrapped with a sound header and checksum, as a hostile host could
/// serve it: added (or refused), then searched with every probe. Input: a
/// byte choosing the shard, one choosing where in it, then the bytes.
pub fn shards(data: &[u8]) {
    let [which, at, patch @ ..] = data else {
        return;
    };
    let (entry, files) = sharded_seeds();
    let mut files = files.clone();
    let Some(name) = files.keys().nth(usize::from(*which) % files.len()).cloned() else {
        return;
    };
    // `<build>/c/p12.bin`: kind, number and build from the name.
    let (dir, rest) = name.split_once('/').expect("shard names have a folder");
    let file = rest.rsplit('/').next().expect("a file name");
    let build = u64::from_str_radix(dir, 16).expect("the folder is the build hash");
    let kind = [
        ShardKind::Dictionary,
        ShardKind::Postings,
        ShardKind::Documents,
    ]
    .into_iter()
    .find(|k| file.as_bytes()[0] == k.letter())
    .expect("a known shard kind");
    let n: u32 = file[1..file.len() - 4].parse().expect("a shard number");
    let mut payload = files[&name][36..].to_vec();
    let start = payload.len() * usize::from(*at) / 256;
    let end = (start + patch.len()).min(payload.len());
    payload[start..end].copy_from_slice(&patch[..end - start]);
    if kind == ShardKind::Dictionary {
        // A dictionary chunk's parts are fsts with checksums of their own.
        reseal_chunk(&mut payload);
    }
    files.insert(name, shard_file(kind, n, build, &payload));
    let mut index = Index::from_bytes(entry.clone()).expect("the entry file opens");
    let options = SearchOptions::default();
    for q in PROBES {
        let result = index.search_loading(q, &options, |n| {
            files.get(n).cloned().ok_or_else(|| fihris::Error::Shard {
                name: n.into(),
                what: "missing".into(),
            })
        });
        if let Ok(result) = result {
            check_result(&result, &options);
        }
    }
}

/// Arbitrary text as a query over the seeds, with paging taken from the
/// input. The text is read both as UTF-8 and as UTF-16 (lone surrogates
/// become U+FFFD, as they do on their way in from JavaScript).
pub fn query(data: &[u8]) {
    let Some((&paging, rest)) = data.split_first() else {
        return;
    };
    let options = SearchOptions {
        limit: usize::from(paging & 0x0f) * 9,
        offset: usize::from(paging >> 4),
        ..SearchOptions::default()
    };
    let utf16: Vec<u16> = rest
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    for text in [
        String::from_utf8_lossy(rest).into_owned(),
        String::from_utf16_lossy(&utf16),
    ] {
        let result = seeds_index()
            .search(&text, &options)
            .expect("a sound index never fails a query");
        check_result(&result, &options);
    }
}

/// Arbitrary text through the analyzer and the three document parsers.
pub fn analyze_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tokens = analyze(&text);
    for t in &tokens {
        assert!(
            t.start < t.end && t.end <= text.len(),
            "token span inside the text"
        );
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(!t.surface.is_empty() && t.surface.iter().all(|s| !s.is_empty()));
    }
    let surface = analyze_surface(&text, 64);
    assert_eq!(
        surface.len(),
        tokens.len().min(64),
        "the first 64 words, no more"
    );
    for (a, b) in surface.iter().zip(&tokens) {
        assert_eq!(
            (a.start, a.end, &a.surface),
            (b.start, b.end, &b.surface),
            "same words either way"
        );
    }
    for name in ["doc.txt", "doc.md", "doc.html"] {
        if let Ok(doc) = parse_document(name, data) {
            assert_eq!(doc.id, "doc");
        }
    }
}

/// Every probe query and every stored document of an opened index: errors
/// are fine (the index may be damaged), panics and broken results are not.
fn exercise(index: &Index) {
    let options = SearchOptions::default();
    for q in PROBES {
        if let Ok(result) = index.search(q, &options) {
            check_result(&result, &options);
        }
    }
    for doc in 0..index.doc_count().min(16) {
        let _ = index.document(doc);
    }
}

fn check_result(result: &SearchResult, options: &SearchOptions) {
    assert!(result.hits.len() <= options.limit.min(fihris::search::MAX_LIMIT));
    for hit in &result.hits {
        let excerpt_len = hit.excerpt.encode_utf16().count() as u32;
        let title_len = hit.title.encode_utf16().count() as u32;
        for (ranges, len) in [
            (&hit.highlights, excerpt_len),
            (&hit.title_highlights, title_len),
        ] {
            let mut last = 0;
            for &[s, e] in ranges.iter() {
                assert!(
                    last <= s && s < e && e <= len,
                    "highlight {s}..{e} inside a text of {len}, in order"
                );
                last = e;
            }
        }
    }
}
