//! The benchmark's known-item quality test, natively: reads the items a
//! browser run saved (`bench/work/site/<corpus>/browser.json`), runs each
//! query on an index folder with the same engine, and prints MRR@10 per
//! perturbation kind — seconds instead of a browser run, to try a ranking
//! change, with each kind's native p50 / p99 time per query (the shards
//! already loaded: the query is run twice and the second run is timed).
//! With a kind as third argument, also prints that kind's misses.
//!
//!     cargo run --release --example quality -- INDEX_DIR BROWSER_JSON [KIND]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use fihris::index::Index;
use fihris::search::SearchOptions;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(items)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: quality INDEX_DIR BROWSER_JSON [KIND]");
    };
    let dir = Path::new(dir);
    let entry = std::fs::read(dir.join("fihris.idx")).context("reading fihris.idx")?;
    let mut index = Index::from_bytes(entry)?;
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(items)?)?;
    let items = saved["quality"]["items"]
        .as_array()
        .context("no quality.items in that file")?;
    let show = args.get(3);
    let mut by_kind: BTreeMap<&str, (f64, usize, Vec<f64>)> = BTreeMap::new();
    for item in items {
        let (Some(query), Some(kind), Some(relevant)) = (
            item["query"].as_str(),
            item["kind"].as_str(),
            item["relevant"].as_array(),
        ) else {
            continue;
        };
        let relevant: Vec<&str> = relevant.iter().filter_map(|r| r.as_str()).collect();
        let mut run = || {
            index.search_loading(query, &SearchOptions::default(), |name| {
                std::fs::read(dir.join(name)).map_err(|e| fihris::Error::Shard {
                    name: name.into(),
                    what: e.to_string(),
                })
            })
        };
        run()?;
        let start = Instant::now();
        let result = run()?;
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let rank = result
            .hits
            .iter()
            .position(|h| relevant.contains(&h.id.as_str()));
        let rr = rank.map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
        let entry = by_kind.entry(kind).or_default();
        entry.0 += rr;
        entry.1 += 1;
        entry.2.push(ms);
        if show.is_some_and(|k| k == kind) && rr < 1.0 {
            let top: Vec<&str> = result.hits.iter().take(3).map(|h| h.id.as_str()).collect();
            println!(
                "rr {rr:.2}  {query}  (phrase {}, {} found, top {top:?})",
                item["phrase"], result.total
            );
        }
    }
    for (kind, (sum, n, mut ms)) in by_kind {
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        println!(
            "{kind:20} MRR@10 {:.3}  ({n} items)  p50 {:.3} ms  p99 {:.3} ms",
            sum / n as f64,
            at(0.5),
            at(0.99)
        );
    }
    Ok(())
}
