#![cfg(not(target_arch = "wasm32"))]
//! A sharded index answers exactly like a single file, loading only the
//! shards a query needs, across every kind of shard boundary; a missing,
//! damaged or foreign shard is an error that names it, and the rest of the
//! index keeps working.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fihris::corpus::parse_document;
use fihris::index::build::{BuildOptions, MemoryOutput, ShardOptions};
use fihris::index::dict::Wanted;
use fihris::index::{Dict, Index, IndexBuilder};
use fihris::search::SearchOptions;
use fihris::Error;

/// The seeds, sharded as finely as possible: one document per shard and
/// postings shards of 512 bytes, so that boundaries are everywhere.
fn sharded_seeds() -> (Vec<u8>, BTreeMap<String, Vec<u8>>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let options = BuildOptions {
        shards: Some(ShardOptions {
            docs_per_shard: 1,
            postings_bytes: 512,
            dictionary_bytes: 256,
        }),
        ..BuildOptions::default()
    };
    let mut builder = IndexBuilder::with_output(options, MemoryOutput::default());
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).expect("seed");
        builder
            .add(&parse_document(&name, &bytes).expect("seed parses"))
            .expect("added");
    }
    let (entry, _, out) = builder.finish_with_output().expect("sharded seeds");
    (entry, out.files)
}

/// Searches, loading shards from `files` (a shard not there is an error);
/// returns the JSON answer or the error, and the names of the shards asked for.
fn try_search(
    index: &mut Index,
    files: &BTreeMap<String, Vec<u8>>,
    q: &str,
) -> (Result<String, Error>, Vec<String>) {
    let mut loaded = Vec::new();
    let result = index.search_loading(q, &SearchOptions::default(), |name| {
        loaded.push(name.to_owned());
        files.get(name).cloned().ok_or_else(|| Error::Shard {
            name: name.into(),
            what: "HTTP 404".into(),
        })
    });
    (result.map(|r| r.to_json()), loaded)
}

/// The sharded index with every dictionary chunk added, to inspect its
/// whole dictionary (terms and where their postings are).
fn whole_dictionary(entry: &[u8], files: &BTreeMap<String, Vec<u8>>) -> Index {
    let mut index = Index::from_bytes(entry.to_vec()).expect("entry opens");
    for name in index.missing_dictionary_chunks() {
        index
            .add_shard(&name, files[&name].clone())
            .expect("chunk adds");
    }
    assert!(index.missing_dictionary_chunks().is_empty());
    index
}

/// [`try_search`] where every shard is there.
fn search(index: &mut Index, files: &BTreeMap<String, Vec<u8>>, q: &str) -> (String, Vec<String>) {
    let (result, loaded) = try_search(index, files, q);
    (result.expect("search"), loaded)
}

const QUERIES: &[&str] = &[
    "كوريا",
    "الجنود الكوريين",
    "كو",
    "روس",
    "غيراسيموق",
    "\"كوريا الشمالية\"",
    "كوريا -كورسك",
    "Business",
    "٢٠٢٤",
    "وبالمستكشفينات",
    "بيونغ يانغ",
];

#[test]
fn a_sharded_index_answers_like_the_single_file_and_loads_only_what_it_needs() {
    let single = common::seeds_index();
    let (entry, files) = sharded_seeds();
    assert!(
        entry.len() * 2 < common::seeds_index_bytes().len(),
        "the entry file holds no postings or documents"
    );
    let mut index = Index::from_bytes(entry).expect("entry opens");
    assert!(index.shards().is_some());
    let mut all_loaded = BTreeSet::new();
    for q in QUERIES {
        let expected = single
            .search(q, &SearchOptions::default())
            .expect("single")
            .to_json();
        let (got, loaded) = search(&mut index, &files, q);
        assert_eq!(got, expected, "{q}");
        assert!(
            loaded.len() < files.len(),
            "{q} loads {} of {} shards",
            loaded.len(),
            files.len()
        );
        all_loaded.extend(loaded);
        // Asked again, it needs nothing new: shards stay for the session.
        let (again, loaded) = search(&mut index, &files, q);
        assert_eq!(again, expected);
        assert!(loaded.is_empty(), "{q} again loads {loaded:?}");
    }
    assert!(all_loaded.len() > 5);
}

#[test]
fn a_key_in_both_dictionaries_is_one_chunk_and_neighbouring_postings() {
    let (entry, files) = sharded_seeds();
    let whole = whole_dictionary(&entry, &files);
    let fresh = Index::from_bytes(entry.clone()).expect("entry opens");
    let stems = whole.prefixed(Dict::Stem, "", usize::MAX);
    let mut both = 0;
    for stem in &stems {
        let Some(word) = whole.get(Dict::Word, &stem.term) else {
            continue;
        };
        both += 1;
        // A query looks every form of a word up in both dictionaries: the
        // one chunk of the key answers both.
        let (w, s) = (Wanted::default(), Wanted::default());
        assert_eq!(fresh.find(Dict::Word, &stem.term, &w), None);
        assert_eq!(fresh.find(Dict::Stem, &stem.term, &s), None);
        assert_eq!(w.names().len(), 1, "«{}»", stem.term);
        assert_eq!(w.names(), s.names(), "«{}»", stem.term);
        // The stem's list follows the word's, in its shard or the next.
        let (ws, ss) = (word.offset >> 20, stem.offset >> 20);
        assert!(ss == ws || ss == ws + 1, "«{}»: p{ws} and p{ss}", stem.term);
    }
    assert!(both > 20, "{both} keys are words and stems");
}

#[test]
fn shards_live_in_sixteen_subfolders_and_a_misplaced_one_is_refused() {
    let (entry, files) = sharded_seeds();
    let mut folders = BTreeSet::new();
    for name in files.keys() {
        // <build>/<n % 16 in hex>/<letter><n>.bin
        let parts: Vec<&str> = name.split('/').collect();
        assert_eq!(parts.len(), 3, "{name}");
        let n: u32 = parts[2][1..parts[2].len() - 4].parse().expect("a number");
        assert_eq!(parts[1], format!("{:x}", n % 16), "{name}");
        folders.insert(parts[1].to_owned());
    }
    assert_eq!(folders.len(), 16);
    let mut index = Index::from_bytes(entry).expect("entry opens");
    let name = files.keys().next().expect("a shard").clone();
    let (build, rest) = name.split_once('/').expect("a folder");
    let (folder, file) = rest.split_once('/').expect("a subfolder");
    let next = format!(
        "{:x}",
        (u32::from_str_radix(folder, 16).expect("hex") + 1) % 16
    );
    for wrong in [
        format!("{build}/{file}"),
        format!("{build}/{next}/{file}"),
        format!("{build}/g/{file}"),
        format!("{build}/x/y/{file}"),
    ] {
        let err = index
            .add_shard(&wrong, files[&name].clone())
            .expect_err("misplaced");
        assert!(err.to_string().contains(&wrong), "{err}");
    }
    index
        .add_shard(&name, files[&name].clone())
        .expect("in its place");
}

#[test]
fn terms_at_the_edges_of_shards_are_found() {
    let (entry, files) = sharded_seeds();
    let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
    let single = common::seeds_index();
    // Every term of both dictionaries in the order the build writes their
    // postings (by key, the word first), with its shard: a term whose
    // neighbour lives in another shard sits at an edge.
    let whole = whole_dictionary(&entry, &files);
    let mut terms = whole.prefixed(Dict::Word, "", usize::MAX);
    terms.extend(whole.prefixed(Dict::Stem, "", usize::MAX));
    terms.sort_by(|a, b| a.term.cmp(&b.term).then(a.dict.cmp(&b.dict)));
    let mut edges = 0;
    for pair in terms.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.offset >> 20 != b.offset >> 20 {
            assert_eq!(b.offset & 0xf_ffff, 0, "a shard starts with a whole list");
            for t in [a, b] {
                let q = format!("{} ", t.term);
                let expected = single
                    .search(&q, &SearchOptions::default())
                    .expect("single");
                let (got, _) = search(&mut index, &files, &q);
                assert_eq!(got, expected.to_json(), "«{}»", t.term);
                assert!(
                    expected.total > 0 || t.term.chars().count() < 2,
                    "«{}» finds its documents",
                    t.term
                );
            }
            edges += 1;
        }
    }
    assert!(edges > 10, "{edges} shard edges");
}

#[test]
fn a_prefix_and_a_typo_gather_terms_from_several_shards() {
    let (entry, files) = sharded_seeds();
    let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
    let whole = whole_dictionary(&entry, &files);
    let single = common::seeds_index();
    // A prefix whose terms live in more than one shard.
    let prefix = ["ال", "كو", "رو", "من", "ا"]
        .into_iter()
        .find(|p| {
            let shards: BTreeSet<u64> = whole
                .prefixed(Dict::Word, p, 64)
                .iter()
                .map(|t| t.offset >> 20)
                .collect();
            shards.len() > 1
        })
        .expect("a prefix spanning shards");
    let expected = single
        .search(prefix, &SearchOptions::default())
        .expect("single");
    let (got, loaded) = search(&mut index, &files, prefix);
    assert_eq!(got, expected.to_json());
    assert!(
        loaded.iter().filter(|n| n.contains("/p")).count() > 1,
        "{loaded:?}"
    );

    // Misspellings whose near spellings live in different shards: words of
    // the dictionary with one letter changed. Each answers as the single
    // file does, and some gather postings from more than one shard.
    let typos: Vec<String> = whole
        .prefixed(Dict::Word, "", usize::MAX)
        .iter()
        .filter(|t| t.term.chars().count() >= 5)
        .filter_map(|t| {
            let mut chars: Vec<char> = t.term.chars().collect();
            chars[2] = 'ث';
            let typo: String = chars.into_iter().collect();
            let (candidates, _) = whole.fuzzy(Dict::Word, &typo, 1, 200_000, 32);
            let shards: BTreeSet<u64> = candidates.iter().map(|c| c.offset >> 20).collect();
            (whole.get(Dict::Word, &typo).is_none() && shards.len() > 1).then_some(typo)
        })
        .take(20)
        .collect();
    let mut spanning = 0;
    for typo in &typos {
        let q = format!("{typo} ");
        let expected = single
            .search(&q, &SearchOptions::default())
            .expect("single");
        assert!(expected.total > 0, "{typo} finds its near spellings");
        let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
        let (got, loaded) = search(&mut index, &files, &q);
        assert_eq!(got, expected.to_json(), "{typo}");
        if loaded.iter().filter(|n| n.contains("/p")).count() > 1 {
            spanning += 1;
        }
    }
    assert!(spanning > 0, "none of {typos:?} read two postings shards");
}

/// The word chunk each term of the whole dictionary lives in, in key order.
fn word_chunks(entry: &[u8], files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let empty = Index::from_bytes(entry.to_vec()).expect("entry opens");
    whole_dictionary(entry, files)
        .prefixed(Dict::Word, "", usize::MAX)
        .into_iter()
        .map(|t| {
            // Looked up in an index with no chunk, it names the one it needs.
            let wanted = Wanted::default();
            assert!(empty.find(Dict::Word, &t.term, &wanted).is_none());
            let names = wanted.names();
            assert_eq!(names.len(), 1, "«{}» needs one chunk", t.term);
            (t.term, names[0].clone())
        })
        .collect()
}

#[test]
fn a_query_fetches_only_the_dictionary_chunks_its_words_need() {
    let (entry, files) = sharded_seeds();
    let chunks = word_chunks(&entry, &files);
    let all: BTreeSet<&String> = chunks.iter().map(|(_, c)| c).collect();
    assert!(all.len() > 20, "{} word chunks", all.len());
    let single = common::seeds_index();
    // Terms at both edges of every chunk: the last of one, the first of the next.
    let mut edges = 0;
    for pair in chunks.windows(2) {
        let ((a, ca), (b, cb)) = (&pair[0], &pair[1]);
        if ca == cb {
            continue;
        }
        edges += 1;
        for term in [a, b] {
            let q = format!("{term} ");
            let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
            let (got, loaded) = search(&mut index, &files, &q);
            let expected = single.search(&q, &SearchOptions::default()).unwrap();
            assert_eq!(got, expected.to_json(), "«{term}»");
            assert!(expected.total > 0 || term.chars().count() < 2, "«{term}»");
            let words: Vec<&String> = loaded.iter().filter(|n| n.contains("/w")).collect();
            assert!(
                words.len() * 4 < all.len(),
                "«{term}» fetched {} of {} word chunks",
                words.len(),
                all.len()
            );
        }
    }
    assert!(edges > 20, "{edges} chunk edges");
}

#[test]
fn prefixes_and_typos_walk_every_dictionary_chunk_they_span() {
    let (entry, files) = sharded_seeds();
    let chunks = word_chunks(&entry, &files);
    let single = common::seeds_index();
    // A prefix of two letters whose words span at least three chunks.
    let prefix = chunks
        .iter()
        .filter_map(|(t, _)| {
            let p: String = t.chars().take(2).collect();
            (p.chars().count() == 2).then_some(p)
        })
        .find(|p| {
            chunks
                .iter()
                .filter(|(t, _)| t.starts_with(p.as_str()))
                .map(|(_, c)| c)
                .collect::<BTreeSet<_>>()
                .len()
                >= 3
        })
        .expect("a prefix spanning chunks");
    let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
    let (got, loaded) = search(&mut index, &files, &prefix);
    assert_eq!(
        got,
        single
            .search(&prefix, &SearchOptions::default())
            .unwrap()
            .to_json(),
        "{prefix}"
    );
    assert!(loaded.iter().filter(|n| n.contains("/t")).count() >= 3);

    // Misspellings whose near spellings live in different chunks: the
    // answer is the single file's, whatever chunks had to be fetched.
    let mut tried = 0;
    for (term, _) in chunks
        .iter()
        .filter(|(t, _)| t.chars().count() >= 5)
        .step_by(7)
    {
        let mut chars: Vec<char> = term.chars().collect();
        chars[0] = 'ث';
        let q = format!("{} ", chars.into_iter().collect::<String>());
        let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
        let (got, _) = search(&mut index, &files, &q);
        assert_eq!(
            got,
            single
                .search(&q, &SearchOptions::default())
                .unwrap()
                .to_json(),
            "{q}"
        );
        tried += 1;
    }
    assert!(tried > 20);
}

/// The first shard whose name starts with `letter` (in its folder) that a
/// fresh index downloads for `query`.
fn needed_shard(
    entry: &[u8],
    files: &BTreeMap<String, Vec<u8>>,
    query: &str,
    letter: char,
) -> String {
    let (_, needed) = search(
        &mut Index::from_bytes(entry.to_vec()).expect("entry"),
        files,
        query,
    );
    needed
        .into_iter()
        .find(|n| n.contains(&format!("/{letter}")))
        .unwrap_or_else(|| panic!("{query} needs a shard {letter}…"))
}

/// Without `victim`, `query` fails with an error that names it.
fn missing_is_named(
    index: &mut Index,
    files: &BTreeMap<String, Vec<u8>>,
    victim: &str,
    query: &str,
) {
    let mut missing = files.clone();
    missing.remove(victim);
    let err = try_search(index, &missing, query)
        .0
        .expect_err("the shard is missing");
    assert!(err.to_string().contains(victim), "{err}");
}

#[test]
fn a_missing_or_damaged_dictionary_chunk_is_named() {
    let (entry, files) = sharded_seeds();
    let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
    let victim = needed_shard(&entry, &files, "كوريا", 't');
    missing_is_named(&mut index, &files, &victim, "كوريا");
    let mut bytes = files[&victim].clone();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    let err = index.add_shard(&victim, bytes).expect_err("damaged");
    assert!(err.to_string().contains(&victim), "{err}");
    // The index still answers, as the single file does.
    let (got, _) = search(&mut index, &files, "روسيا");
    let expected = common::seeds_index()
        .search("روسيا", &SearchOptions::default())
        .unwrap()
        .to_json();
    assert_eq!(got, expected);
}

#[test]
fn a_missing_damaged_or_foreign_shard_is_named_and_the_rest_keeps_working() {
    let (entry, mut files) = sharded_seeds();
    let mut index = Index::from_bytes(entry.clone()).expect("entry opens");
    let victim = needed_shard(&entry, &files, "كوريا", 'p');
    missing_is_named(&mut index, &files, &victim, "كوريا");

    // Damaged: one byte flipped in the payload.
    let mut bytes = files[&victim].clone();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    let err = index.add_shard(&victim, bytes).expect_err("damaged");
    assert!(err.to_string().contains("checksum"), "{err}");
    assert!(err.to_string().contains(&victim), "{err}");

    // Another build's shard under this build's name.
    let other = files
        .keys()
        .find(|n| n.contains("/p") && **n != victim)
        .expect("another shard")
        .clone();
    let err = index
        .add_shard(&victim, files[&other].clone())
        .expect_err("another shard");
    assert!(err.to_string().contains("another shard"), "{err}");
    let foreign = victim.replacen(&victim[..16], "0123456789abcdef", 1);
    let err = index
        .add_shard(&foreign, files[&victim].clone())
        .expect_err("another build");
    assert!(err.to_string().contains("shard folder"), "{err}");

    // A query that does not need the broken shard still works.
    let single = common::seeds_index();
    files.remove(&victim);
    let untouched = QUERIES
        .iter()
        .find(|q| {
            let mut probe = Index::from_bytes(entry.clone()).expect("entry");
            let (result, used) = try_search(&mut probe, &files, q);
            result.is_ok() && !used.contains(&victim)
        })
        .expect("some query avoids the shard");
    let (got, _) = search(&mut index, &files, untouched);
    assert_eq!(
        got,
        single
            .search(untouched, &SearchOptions::default())
            .unwrap()
            .to_json()
    );
}

#[test]
fn a_single_file_index_has_no_shards_to_add() {
    let mut index = common::seeds_index();
    let err = index
        .add_shard("0123456789abcdef/p0.bin", vec![])
        .expect_err("no shards");
    assert!(err.to_string().contains("single file"), "{err}");
}
