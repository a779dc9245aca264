//! Native query latency (criterion). Every query's answer is checked before
//! it is timed, so a fast wrong answer cannot pass as a fast right one.
//!
//! Index: `FIHRIS_BENCH_INDEX` (an index file or directory) if set, else the
//! seeds corpus compiled in memory. Queries: `FIHRIS_BENCH_QUERIES` (one per
//! line) if set, else a fixed list over the seeds.
//!
//! The `bounds` group times the worst query we know how to write
//! ([`WORST_QUERY`]) next to a common word, with the default work budget and
//! with none, on the same index: what the budget saves a page.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use fihris::corpus::parse_document;
use fihris::index::{Index, IndexBuilder};
use fihris::search::SearchOptions;

/// `(category, query)` over the seeds; each must find at least one document.
const SEED_QUERIES: &[(&str, &str)] = &[
    ("single", "كوريا"),
    ("single", "بوتين"),
    ("two-word", "كوريا الشمالية"),
    ("diacritics", "رُوسْيَا"),
    ("article", "الجنود"),
    ("clitic", "وروسيا"),
    ("prefix", "كو"),
    ("prefix", "كلاش"),
    ("typo", "غيراسيموق"),
    ("english", "business"),
    ("phrase", "\"بيونغ يانغ\""),
];

/// Sixteen words (the parser's cap): long, unknown words with many clitic
/// readings, so that nothing matches and every word goes through one- and
/// two-edit typo lookups, the near-spelling retry and the suggestion; very
/// common words, whose postings are the longest; and a two-letter prefix.
const WORST_QUERY: &str = "وبالمستكشفينات فللمستوطنونها وكالمستشرقيات وبالاستراتيجيين \
     فالمتناقضاتهم وللمستفيدينها وبالمتطوعاتكم في من على الله ان ما لا الذين ال";

fn seeds_index() -> Index {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    let mut b = IndexBuilder::new();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        b.add(&parse_document(&name, &std::fs::read(&path).unwrap()).unwrap())
            .unwrap();
    }
    Index::from_bytes(b.finish().unwrap().0).unwrap()
}

/// The index, and the folder its shards are in (a sharded index).
fn load() -> (Index, Option<std::path::PathBuf>, Vec<(String, String)>) {
    let (index, dir) = match std::env::var_os("FIHRIS_BENCH_INDEX") {
        Some(p) => {
            let p = Path::new(&p);
            let file = if p.is_dir() {
                p.join("fihris.idx")
            } else {
                p.to_path_buf()
            };
            let dir = file.parent().map(Path::to_path_buf);
            let index =
                Index::from_bytes(std::fs::read(&file).expect("index file")).expect("index");
            (index, dir)
        }
        None => (seeds_index(), None),
    };
    let queries = match std::env::var_os("FIHRIS_BENCH_QUERIES") {
        Some(p) => std::fs::read_to_string(p)
            .expect("queries file")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| ("custom".to_owned(), l.to_owned()))
            .collect(),
        None => SEED_QUERIES
            .iter()
            .map(|(c, q)| (c.to_string(), q.to_string()))
            .collect(),
    };
    (index, dir, queries)
}

fn bench(c: &mut Criterion) {
    let (mut index, dir, queries) = load();
    let options = SearchOptions {
        limit: 10,
        offset: 0,
        ..SearchOptions::default()
    };
    let mut group = c.benchmark_group("search");
    for (category, q) in &queries {
        // Shards are loaded once, before timing: the browser keeps them too.
        let r = index
            .search_loading(q, &options, |name| {
                let dir = dir.as_deref().expect("a sharded index comes from a folder");
                Ok(std::fs::read(dir.join(name)).expect("shard file"))
            })
            .expect("search");
        assert!(
            r.total > 0,
            "{q:?} finds nothing: the benchmark would time a miss"
        );
        group.bench_function(format!("{category}/{q}"), |b| {
            b.iter(|| index.search(std::hint::black_box(q), &options).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("bounds");
    let unbounded = SearchOptions {
        work_budget: u64::MAX,
        ..options.clone()
    };
    index
        .search_loading(WORST_QUERY, &unbounded, |name| {
            let dir = dir.as_deref().expect("a sharded index comes from a folder");
            Ok(std::fs::read(dir.join(name)).expect("shard file"))
        })
        .expect("search");
    let partial = index.search(WORST_QUERY, &options).expect("search").partial;
    println!("worst query: partial={partial} with the default budget");
    for (name, q, opts) in [
        ("common word", queries[0].1.as_str(), &options),
        ("worst query", WORST_QUERY, &options),
        ("worst query, no budget", WORST_QUERY, &unbounded),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| index.search(std::hint::black_box(q), opts).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
