//! Postings → the documents a clause matches, with their scores and, on
//! demand, the positions of its words (phrases, proximity, excerpts).

use crate::error::Result;
use crate::index::postings::List;
use crate::index::{Index, TermInfo};
use crate::query::{Clause, ClauseKind};
use crate::rank::{Params, Tier};

use super::*;

/// A clause's occurrences in one document: its score there and the token
/// positions it matched, each with the weight of the best term found there.
/// Positions are decoded only for the documents that need them (phrases,
/// proximity, the page of hits): until then `ready` is false and `srcs` says
/// where they are.
#[derive(Debug, Clone, Default)]
pub(super) struct Occ {
    pub(super) score: f64,
    /// `(position, weight)` in the title, ascending by position.
    pub(super) title: Vec<(u32, u32)>,
    /// `(position, weight)` in the body, ascending by position.
    pub(super) body: Vec<(u32, u32)>,
    /// Whether `title` and `body` are filled in.
    pub(super) ready: bool,
    /// The first postings entry holding its positions; `more` the others.
    pub(super) first: Src,
    pub(super) more: Vec<Src>,
}

/// Where some positions of a clause in a document are: entry `entry` of
/// list `list` of the clause's lists, found by a term of weight `weight`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Src {
    pub(super) list: u32,
    pub(super) entry: u32,
    pub(super) weight: u32,
}

/// One clause's matches: its postings lists and its documents.
#[derive(Debug, Default)]
pub(super) struct Matches<'a> {
    pub(super) lists: Vec<List<'a>>,
    pub(super) docs: DocMap<Occ>,
    /// Documents matching the clause: counted from its lists, or, when some
    /// were heads, at least the document frequency of its commonest term.
    pub(super) df: u32,
    /// Whether some list was a head, so that `df` is an estimate.
    pub(super) from_heads: bool,
}

impl Matches<'_> {
    /// Decodes the positions of `doc`, if it matched and they are not yet.
    pub(super) fn materialize(&mut self, doc: u32) -> Result<()> {
        let Some(occ) = self.docs.get_mut(&doc) else {
            return Ok(());
        };
        if occ.ready {
            return Ok(());
        }
        for src in std::iter::once(occ.first).chain(occ.more.iter().copied()) {
            let (title, body) = self.lists[src.list as usize].positions(src.entry as usize)?;
            occ.title.extend(title.into_iter().map(|x| (x, src.weight)));
            occ.body.extend(body.into_iter().map(|x| (x, src.weight)));
        }
        if !occ.more.is_empty() {
            for v in [&mut occ.title, &mut occ.body] {
                // Keep each position once, with its best weight.
                crate::sort::sort_by(v, |a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                v.dedup_by_key(|x| x.0);
            }
        }
        occ.ready = true;
        Ok(())
    }
}

impl Index {
    /// Documents matching one clause (among `only`, if given), with its
    /// score and positions in each.
    pub(super) fn clause_docs(
        &self,
        clause: &Clause,
        plan: &Plan,
        params: &Params,
        heads: bool,
        work: &Work,
        only: Option<&DocSet>,
    ) -> Result<Matches<'_>> {
        let mut matches = Vec::with_capacity(plan.len());
        for terms in plan {
            matches.push(self.collect_docs(terms, params, heads, work, only)?);
        }
        if let ClauseKind::Word(_) = clause.kind {
            return Ok(matches.pop().unwrap_or_default());
        }
        // A phrase: the documents of every word, positions decoded there.
        let mut out = Matches::default();
        let Some(first) = matches.first() else {
            return Ok(out);
        };
        let mut docs: Vec<u32> = first
            .docs
            .keys()
            .copied()
            .filter(|d| matches[1..].iter().all(|m| m.docs.contains_key(d)))
            .collect();
        crate::sort::sort(&mut docs);
        for doc in docs {
            for m in matches.iter_mut() {
                m.materialize(doc)?;
            }
            let occs: Vec<&Occ> = matches.iter().filter_map(|m| m.docs.get(&doc)).collect();
            if let Some((first, rest)) = occs.split_first() {
                if let Some(merged) = phrase(first, rest, params) {
                    out.docs.insert(doc, merged);
                }
            }
        }
        Ok(out)
    }

    /// Reads the postings of every term: each document's score (the best
    /// of its terms) and where its positions are, for the documents in
    /// `only` if given.
    pub(super) fn collect_docs(
        &self,
        terms: &[(TermInfo, Tier)],
        params: &Params,
        heads: bool,
        work: &Work,
        only: Option<&DocSet>,
    ) -> Result<Matches<'_>> {
        // Read first: the word's document frequency is that of all its terms
        // together. Scoring each term with its own idf would let a rare,
        // loosely related term (a stem, a typo) outscore the word itself.
        // It counts every document, also those outside `only`.
        let mut m = Matches::default();
        let mut weights = Vec::with_capacity(terms.len());
        let mut seen = vec![0u64; (self.doc_count() as usize).div_ceil(64)];
        let mut df = 0u32;
        for (i, (term, tier)) in terms.iter().enumerate() {
            // The first term (the word's best form) is always read, so that a
            // word the dictionary knows still matches once the budget is spent.
            if i > 0 && !work.allows() {
                break;
            }
            let list = self.postings(term, heads)?;
            if heads && self.has_head(term) {
                m.from_heads = true;
                m.df = m.df.max(term.df);
            }
            work.spend(
                list.entries
                    .iter()
                    .map(|e| 1 + u64::from(e.title) + u64::from(e.body))
                    .sum::<u64>(),
            );
            let weight = tier_weight(params, *tier);
            let l = m.lists.len() as u32;
            if m.docs.is_empty() {
                m.docs
                    .reserve(only.map_or(list.entries.len(), |o| o.len().min(list.entries.len())));
            }
            for (k, e) in list.entries.iter().enumerate() {
                // `postings` checked that every document number is in range.
                let (word, bit) = (e.doc as usize / 64, 1u64 << (e.doc % 64));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    df += 1;
                }
                if only.is_some_and(|o| !o.contains(&e.doc)) {
                    continue;
                }
                let src = Src {
                    list: l,
                    entry: k as u32,
                    weight,
                };
                match m.docs.entry(e.doc) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(Occ {
                            first: src,
                            ..Occ::default()
                        });
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => {
                        o.get_mut().more.push(src)
                    }
                }
            }
            weights.push(params.tier(*tier));
            m.lists.push(list);
        }
        // A head's documents are a sample: the term's own frequency is
        // the lower bound of the word's.
        m.df = m.df.max(df);
        let idf = params.idf(self.doc_count(), m.df);
        let avg = self.avg_body_len();
        for (w, list) in weights.iter().zip(&m.lists) {
            for e in &list.entries {
                if let Some(occ) = m.docs.get_mut(&e.doc) {
                    let s = w * params.score(idf, e.title as usize, e.body_tf(), e.body_len, avg);
                    occ.score = occ.score.max(s);
                }
            }
        }
        Ok(m)
    }
}

/// Where the words of a phrase follow each other in the same field: the
/// merged occurrences of those places, or `None` if there are none.
pub(super) fn phrase(first: &Occ, rest: &[&Occ], params: &Params) -> Option<Occ> {
    let has = |v: &[(u32, u32)], p: u32| v.binary_search_by_key(&p, |x| x.0).is_ok();
    let mut out = Occ {
        score: (first.score + rest.iter().map(|o| o.score).sum::<f64>()) * params.phrase_boost,
        ready: true,
        ..Occ::default()
    };
    type Field = fn(&Occ) -> &Vec<(u32, u32)>;
    let title: Field = |o| &o.title;
    let body: Field = |o| &o.body;
    for (field, out_field) in [(title, &mut out.title), (body, &mut out.body)] {
        for &(start, w) in field(first) {
            let follows = rest
                .iter()
                .enumerate()
                .all(|(k, o)| has(field(o), start + k as u32 + 1));
            if follows {
                out_field.push((start, w));
                for (k, o) in rest.iter().enumerate() {
                    let p = start + k as u32 + 1;
                    if let Ok(i) = field(o).binary_search_by_key(&p, |x| x.0) {
                        out_field.push(field(o)[i]);
                    }
                }
            }
        }
        crate::sort::sort(out_field);
        out_field.dedup_by_key(|x| x.0);
    }
    (!out.title.is_empty() || !out.body.is_empty()).then_some(out)
}
