#![cfg(not(target_arch = "wasm32"))]
//! Heads: in a sharded index, a term in more than `HEAD_MIN_DOCS` documents
//! also has a short list of its most relevant ones. A one-word query reads
//! only those for its first pages, and must show exactly the hits the full
//! lists give, in the same order, while downloading far fewer bytes; deeper
//! pages and queries of several words read the full lists.

use std::collections::BTreeMap;
use std::path::Path;

use fihris::corpus::Document;
use fihris::index::build::{BuildOptions, MemoryOutput, ShardOptions};
use fihris::index::format::{HEAD_DOCS, HEAD_MIN_DOCS};
use fihris::index::{Dict, Index, IndexBuilder};
use fihris::search::{SearchOptions, SearchResult};

const DOCS: usize = 1_500;

/// 1,500 documents of real text: each is three lines of the seed articles,
/// picked by a fixed rule, so the seeds' common words are in hundreds of
/// documents, with every mix of lengths and counts.
fn documents() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    let lines: Vec<String> = names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("seed")
                .lines()
                .map(str::trim)
                .filter(|l| l.chars().count() > 20)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let n = lines.len();
    (0..DOCS)
        .map(|i| Document {
            id: format!("d{i:04}"),
            title: lines[(i * 11 + 3) % n].chars().take(40).collect(),
            url: None,
            date: None,
            source: None,
            body: [i * 7 % n, (i * 13 + 1) % n, (i * 29 + 2) % n]
                .map(|k| lines[k].as_str())
                .join("\n"),
            ..Document::default()
        })
        .collect()
}

fn build(shards: Option<ShardOptions>) -> (Vec<u8>, BTreeMap<String, Vec<u8>>) {
    let options = BuildOptions {
        shards,
        ..BuildOptions::default()
    };
    let mut builder = IndexBuilder::with_output(options, MemoryOutput::default());
    for doc in documents() {
        builder.add(&doc).expect("added");
    }
    let (entry, _, out) = builder.finish_with_output().expect("built");
    (entry, out.files)
}

/// Searches the sharded index, loading what it asks for; also gives the
/// bytes of postings shards it loaded.
fn search(
    entry: &[u8],
    files: &BTreeMap<String, Vec<u8>>,
    q: &str,
    offset: usize,
) -> (SearchResult, usize) {
    let options = SearchOptions {
        offset,
        ..SearchOptions::default()
    };
    search_with(entry, files, q, &options)
}

fn search_with(
    entry: &[u8],
    files: &BTreeMap<String, Vec<u8>>,
    q: &str,
    options: &SearchOptions,
) -> (SearchResult, usize) {
    let mut index = Index::from_bytes(entry.to_vec()).expect("entry opens");
    let mut postings = 0;
    let result = index
        .search_loading(q, options, |name| {
            let bytes = files[name].clone();
            if name.contains("/p") {
                postings += bytes.len();
            }
            Ok(bytes)
        })
        .expect("search");
    (result, postings)
}

fn ids(r: &SearchResult) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn a_common_word_shows_the_hits_of_its_full_lists_from_its_heads() {
    let (single, _) = build(None);
    let single = Index::from_bytes(single).expect("single opens");
    let (entry, files) = build(Some(ShardOptions::default()));
    let mut whole = Index::from_bytes(entry.clone()).expect("entry opens");
    for name in whole.missing_dictionary_chunks() {
        whole.add_shard(&name, files[&name].clone()).expect("chunk");
    }
    // The commonest words of the corpus, as a reader would type them.
    let mut common: Vec<_> = whole
        .prefixed(Dict::Word, "", usize::MAX)
        .into_iter()
        .filter(|t| t.df > HEAD_MIN_DOCS && t.term.chars().count() >= 3)
        .collect();
    common.sort_by_key(|t| std::cmp::Reverse(t.df));
    assert!(common.len() >= 5, "{} terms with heads", common.len());
    let mut checked = 0;
    let mut bytes = (0, 0);
    for t in common.iter().take(12) {
        for q in [format!("{} ", t.term), t.term.clone()] {
            let exact = single
                .search(&q, &SearchOptions::default())
                .expect("single");
            let (heads, head_bytes) = search(&entry, &files, &q, 0);
            assert_eq!(ids(&heads), ids(&exact), "«{q}»: the same hits, in order");
            assert!(heads.approximate, "«{q}» counted from heads");
            assert!(
                heads.total <= exact.total && heads.total >= t.df as usize,
                "«{q}»: {} of {}",
                heads.total,
                exact.total
            );
            for hit in &heads.hits {
                assert!(!hit.highlights.is_empty() || !hit.title_highlights.is_empty());
            }
            // The last page the heads cover, and the first past them.
            let last = HEAD_DOCS - 10;
            let exact_last = single
                .search(
                    &q,
                    &SearchOptions {
                        offset: last,
                        ..SearchOptions::default()
                    },
                )
                .expect("single");
            assert_eq!(
                ids(&search(&entry, &files, &q, last).0),
                ids(&exact_last),
                "«{q}» at {last}"
            );
            let past = HEAD_DOCS;
            let exact_past = single
                .search(
                    &q,
                    &SearchOptions {
                        offset: past,
                        ..SearchOptions::default()
                    },
                )
                .expect("single");
            let (deep, full_bytes) = search(&entry, &files, &q, past);
            assert_eq!(deep.to_json(), exact_past.to_json(), "«{q}» past the heads");
            assert!(!deep.approximate);
            assert!(
                head_bytes < full_bytes,
                "«{q}»: heads {head_bytes} bytes, full lists {full_bytes}"
            );
            bytes.0 += head_bytes;
            bytes.1 += full_bytes;
            checked += 1;
        }
    }
    assert!(checked >= 10);
    // The words' rarer forms have no head; in all, heads cost under half,
    // at only 1,500 documents (the full lists grow with the corpus, heads do not).
    assert!(
        bytes.0 * 2 < bytes.1,
        "heads {} bytes, full lists {}",
        bytes.0,
        bytes.1
    );
}

#[test]
fn several_words_and_single_files_read_full_lists() {
    let (single, _) = build(None);
    let single = Index::from_bytes(single).expect("single opens");
    let (entry, files) = build(Some(ShardOptions::default()));
    for q in ["كوريا الشمالية", "روسيا -كوريا", "\"كوريا الشمالية\""]
    {
        let exact = single.search(q, &SearchOptions::default()).expect("single");
        let (sharded, _) = search(&entry, &files, q, 0);
        assert!(exact.total > 0, "{q}");
        assert_eq!(sharded.to_json(), exact.to_json(), "{q}");
        assert!(!sharded.approximate);
    }
    let one = single
        .search("كوريا", &SearchOptions::default())
        .expect("single");
    assert!(!one.approximate, "a single file counts exactly");
}

/// Every document a query finds in an index, paging through all of them.
fn all_ids(index: &Index, q: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    loop {
        let page = index
            .search(
                q,
                &SearchOptions {
                    limit: 100,
                    offset: out.len(),
                    ..SearchOptions::default()
                },
            )
            .expect("search");
        if page.hits.is_empty() {
            return out;
        }
        out.extend(page.hits.into_iter().map(|h| h.id));
    }
}

#[test]
fn several_very_common_words_rank_the_documents_of_their_heads_and_say_so() {
    let (single, _) = build(None);
    let single = Index::from_bytes(single).expect("single opens");
    let (entry, files) = build(Some(ShardOptions::default()));
    // What a million documents do to two common words, at 1,500: their
    // full lists hold more documents than the query may read.
    let tight = SearchOptions {
        exact_docs: 100,
        ..SearchOptions::default()
    };
    let q = "كوريا الشمالية";
    let both = all_ids(&single, q);
    assert!(both.len() > 300, "{} documents have both words", both.len());
    let (exact, exact_bytes) = search(&entry, &files, q, 0);
    assert!(!exact.partial && !exact.approximate);
    assert_eq!(
        ids(&exact),
        ids(&single.search(q, &SearchOptions::default()).expect("single"))
    );
    let (sampled, sampled_bytes) = search_with(&entry, &files, q, &tight);
    assert!(
        sampled.partial && sampled.approximate,
        "{}",
        sampled.to_json()
    );
    assert_eq!(sampled.hits.len(), 10);
    assert!(sampled.total <= both.len());
    for id in ids(&sampled) {
        assert!(
            both.contains(id),
            "{id} has both words: heads only leave documents out"
        );
    }
    assert!(
        sampled_bytes < exact_bytes,
        "{sampled_bytes} < {exact_bytes}"
    );

    // An excluded word is read whole, heads or not: nothing it is in shows.
    let russia = all_ids(&single, "روسيا ");
    assert!(russia.len() > 100);
    let (excluding, _) = search_with(&entry, &files, "كوريا الشمالية -روسيا", &tight);
    assert!(excluding.total > 0);
    for id in ids(&excluding) {
        assert!(!russia.contains(id), "{id} has روسيا");
    }
}
