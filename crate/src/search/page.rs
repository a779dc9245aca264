//! Ranked documents → the page of hits: the top of the ranking, each hit's
//! stored fields, excerpt, highlights and sub-results.

use crate::error::Result;
use crate::excerpt::{excerpt, highlight_positions, Match};
use crate::index::Index;

use super::*;

impl Index {
    pub(super) fn hit(
        &self,
        doc: u32,
        score: f64,
        clauses: &mut [(bool, Matches<'_>)],
    ) -> Result<Hit> {
        let stored = self.document(doc)?;
        let mut body = Vec::new();
        let mut title = Vec::new();
        for (clause, (negated, m)) in clauses.iter_mut().enumerate() {
            if *negated {
                continue;
            }
            m.materialize(doc)?;
            let Some(occ) = m.docs.get(&doc) else {
                continue;
            };
            body.extend(occ.body.iter().map(|&(position, weight)| Match {
                position,
                clause,
                weight,
            }));
            title.extend(occ.title.iter().map(|&(p, _)| p));
        }
        // Of two clauses matching a position with the same weight, the first
        // is kept, as a stable sort of the clauses' positions would.
        crate::sort::sort_by_key(&mut body, |m| {
            (m.position, std::cmp::Reverse(m.weight), m.clause)
        });
        body.dedup_by_key(|m| m.position);
        crate::sort::sort(&mut title);
        title.dedup();
        let excerpt = excerpt(&stored.body, &body);
        let title_highlights = highlight_positions(&stored.title, &title);
        let sub_results = sub_results(&stored, &body);
        Ok(Hit {
            id: stored.id,
            title: stored.title,
            url: stored.url,
            date: stored.date,
            source: stored.source,
            score: (score * 1e6).round() / 1e6,
            excerpt: excerpt.text,
            highlights: excerpt.highlights,
            title_highlights,
            lang: stored.lang,
            meta: stored.meta,
            sub_results,
        })
    }
}

/// Puts the best `k` of `ranked` first, in order (score, then document
/// number, so that results are deterministic); the rest stay unordered. A
/// common word's thousands of documents are never sorted: one pass keeps
/// the `k` best seen so far, the next moves everything up to the `k`-th to
/// the front.
/// The sections of a page holding the most distinct query words (then the
/// greatest weight, then the earliest), at most [`MAX_SUB_RESULTS`], in page
/// order, each with its own excerpt. `body` are the page's matches, ascending.
pub(super) fn sub_results(doc: &crate::corpus::Document, body: &[Match]) -> Vec<SubResult> {
    let sections = &doc.sections;
    if sections.is_empty() || body.is_empty() {
        return Vec::new();
    }
    // Each section's matches: `body` is ascending, so a slice.
    let inside = |i: usize| {
        let end = sections.get(i + 1).map_or(u32::MAX, |s| s.position);
        let from = body.partition_point(|m| m.position < sections[i].position);
        let to = body.partition_point(|m| m.position < end);
        &body[from..to.max(from)]
    };
    // (distinct clauses, weight, section), for sections with a match.
    let mut ranked: Vec<(usize, u32, usize)> = Vec::new();
    for i in 0..sections.len() {
        let matches = inside(i);
        let weight = matches.iter().map(|m| m.weight * m.weight).sum::<u32>();
        let mut clauses: Vec<usize> = matches.iter().map(|m| m.clause).collect();
        crate::sort::sort(&mut clauses);
        clauses.dedup();
        if !clauses.is_empty() {
            ranked.push((clauses.len(), weight, i));
        }
    }
    crate::sort::sort_by_key(&mut ranked, |&(c, w, i)| {
        (std::cmp::Reverse(c), std::cmp::Reverse(w), i)
    });
    ranked.truncate(MAX_SUB_RESULTS);
    crate::sort::sort_by_key(&mut ranked, |r| r.2);
    let page = doc.url.as_deref().unwrap_or("");
    ranked
        .into_iter()
        .map(|(_, _, i)| {
            let excerpt = excerpt(&doc.body, inside(i));
            SubResult {
                title: sections[i].title.clone(),
                url: format!("{page}#{}", sections[i].anchor),
                excerpt: excerpt.text,
                highlights: excerpt.highlights,
            }
        })
        .collect()
}

pub(super) fn top(ranked: &mut [(u32, f64)], k: usize) {
    let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if k > 0 && k < ranked.len() / 4 {
        let mut best: Vec<(u32, f64)> = Vec::with_capacity(k + 1);
        for x in ranked.iter() {
            if best.len() < k || order(x, &best[k - 1]).is_lt() {
                let at = best.partition_point(|b| order(b, x).is_lt());
                best.insert(at, *x);
                best.truncate(k);
            }
        }
        let last = best[k - 1];
        let mut front = 0;
        for i in 0..ranked.len() {
            if order(&ranked[i], &last).is_le() {
                ranked.swap(front, i);
                front += 1;
            }
        }
        crate::sort::sort_by(&mut ranked[..k], order);
    } else {
        crate::sort::sort_by(ranked, order);
    }
}
