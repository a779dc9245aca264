//! A parsed query → its documents, scored: the required clauses
//! intersected rarest first, exclusions, optional stop words, the language
//! limit, then proximity.

use crate::analyze::is_stop_word;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::query::{Clause, ClauseKind, Query};
use crate::rank::{Params, Tier};

use super::*;

/// What evaluating a query yields before paging.
pub(super) struct Evaluation<'a> {
    /// `(document, score)`, in no order: [`top`] sorts the part a page needs.
    pub(super) ranked: Vec<(u32, f64)>,
    /// Per clause: whether it is excluded, and the documents it matched
    /// (among those every required clause matched).
    pub(super) clauses: Vec<(bool, Matches<'a>)>,
    /// Per clause: the dictionary terms of each of its words.
    pub(super) plans: Vec<Plan>,
    /// Whether some document has all the query's words side by side, as
    /// typed or without clitics: then the query is taken as spelt right.
    pub(super) adjacent: bool,
    /// After a retry with near spellings (else empty), per entry of
    /// `ranked`: 0, or how closely (the pairs' summed weights) its document
    /// holds every pair of neighbouring query words side by side, no pair
    /// being two near spellings. A vector, not a map: a map of another value type would
    /// add its own copy of the hash table code to the wasm module.
    pub(super) phrased: Vec<u32>,
}

impl Index {
    /// Matches, intersects and ranks, without paging.
    pub(super) fn evaluate(
        &self,
        query: &Query,
        params: &Params,
        typos: Typos,
        heads: Heads,
        options: &SearchOptions,
        work: &Work,
    ) -> Result<Evaluation<'_>> {
        let content_words = query
            .clauses
            .iter()
            .filter(|c| !c.negated && !is_stop_clause(c))
            .count();
        let (mut required, mut others) = (Vec::new(), Vec::new());
        let mut plans = Vec::with_capacity(query.clauses.len());
        for (i, clause) in query.clauses.iter().enumerate() {
            let plan = self.clause_terms(clause, typos, work);
            if clause.negated || (content_words > 0 && is_stop_clause(clause)) {
                others.push(i);
            } else {
                required.push((
                    plan.iter()
                        .flatten()
                        .map(|(t, _)| u64::from(t.df))
                        .sum::<u64>(),
                    i,
                ));
            }
            plans.push(plan);
        }
        // A sharded index decodes nothing until every dictionary chunk and
        // then every shard the query's terms live in is there: the caller
        // fetches each round's all at once.
        work.check_wanted()?;
        // Heads for the words searched for, never for excluded ones (a
        // document left out of a head would slip through the exclusion).
        let common: u64 = required
            .iter()
            .flat_map(|&(_, i)| plans[i].iter().flatten())
            .filter(|(t, _)| self.has_head(t))
            .map(|(t, _)| u64::from(t.df))
            .sum();
        let heads = match heads {
            Heads::Never => false,
            Heads::Exact => true,
            Heads::WhenCommon => common > options.exact_docs,
        };
        let heads_for = |i: usize| heads && !query.clauses[i].negated;
        let mut missing = Vec::new();
        for (i, plan) in plans.iter().enumerate() {
            missing.extend(self.missing_shards(
                plan.iter().flatten().map(|(t, _)| t),
                heads_for(i),
                &[],
            ));
        }
        if !missing.is_empty() {
            crate::sort::sort(&mut missing);
            missing.dedup();
            return Err(Error::MissingShards { names: missing });
        }
        let mut clauses: Vec<(bool, Matches<'_>)> = query
            .clauses
            .iter()
            .map(|c| (c.negated, Matches::default()))
            .collect();
        // Decode the required clauses rarest first, each only for the
        // documents every earlier one matched: a common word costs little
        // next to a rare one, and nothing once the intersection is empty.
        crate::sort::sort(&mut required);
        let mut candidates: Option<DocSet> = None;
        for &(_, i) in &required {
            if candidates.as_ref().is_some_and(DocSet::is_empty) {
                break;
            }
            let docs = self.clause_docs(
                &query.clauses[i],
                &plans[i],
                params,
                heads_for(i),
                work,
                candidates.as_ref(),
            )?;
            candidates = Some(docs.docs.keys().copied().collect());
            clauses[i].1 = docs;
        }
        if let Some(found) = candidates.as_ref().filter(|c| !c.is_empty()) {
            for &i in &others {
                clauses[i].1 = self.clause_docs(
                    &query.clauses[i],
                    &plans[i],
                    params,
                    heads_for(i),
                    work,
                    Some(found),
                )?;
            }
        }
        let optional: Vec<usize> = others
            .into_iter()
            .filter(|&i| !query.clauses[i].negated)
            .collect();
        let required: Vec<usize> = required.into_iter().map(|(_, i)| i).collect();
        let mut ranked = Vec::new();
        let mut adjacent = false;
        let mut phrased = Vec::new();
        if !required.is_empty() {
            let mut scores: Vec<(u32, f64)> = clauses[required[0]]
                .1
                .docs
                .iter()
                .map(|(&d, o)| (d, o.score))
                .collect();
            for &i in &required[1..] {
                let other = &clauses[i].1.docs;
                scores.retain_mut(|(d, s)| match other.get(d) {
                    Some(o) => {
                        *s += o.score;
                        true
                    }
                    None => false,
                });
            }
            for (negated, m) in &clauses {
                if *negated {
                    scores.retain(|(d, _)| !m.docs.contains_key(d));
                }
            }
            if let Some(lang) = self.language_filter(options) {
                let languages = self.languages();
                scores.retain(|&(d, _)| {
                    let l = languages.of(d);
                    l == 0 || l == lang
                });
            }
            for &i in &optional {
                for (d, s) in scores.iter_mut() {
                    *s += clauses[i].1.docs.get(d).map_or(0.0, |o| o.score);
                }
            }
            let words: Vec<usize> = (0..query.clauses.len())
                .filter(|&i| {
                    !query.clauses[i].negated
                        && matches!(query.clauses[i].kind, ClauseKind::Word(_))
                })
                .collect();
            if words.len() >= 2 && params.proximity_boost > 0.0 {
                for &(d, _) in &scores {
                    for &i in &words {
                        clauses[i].1.materialize(d)?;
                    }
                }
                // A slip is in one word: its neighbour must be as typed.
                let as_typed = tier_weight(params, Tier::Clitic);
                for (d, s) in scores.iter_mut() {
                    let mut phrase = true;
                    let mut strength = 0;
                    let near: u32 = words
                        .windows(2)
                        .map(|pair| {
                            let (a, b) = (&clauses[pair[0]].1.docs, &clauses[pair[1]].1.docs);
                            match (a.get(d), b.get(d)) {
                                (Some(a), Some(b)) => {
                                    let (near, sum) = adjacency(a, b, as_typed);
                                    phrase &= sum > 0;
                                    strength += sum;
                                    near
                                }
                                _ => {
                                    phrase = false;
                                    0
                                }
                            }
                        })
                        .sum();
                    if typos == Typos::Always {
                        phrased.push(if phrase { strength } else { 0 });
                    }
                    let share = f64::from(near) / 100.0 / (words.len() - 1) as f64;
                    adjacent |= share >= params.tier(Tier::Clitic);
                    *s *= 1.0 + params.proximity_boost * share;
                }
            }
            ranked = scores;
        }
        Ok(Evaluation {
            ranked,
            clauses,
            plans,
            adjacent,
            phrased,
        })
    }
}

/// A word that is a stop word as typed. Also while it is being typed (the
/// last word): it is optional next to other words either way, so that
/// «كلاشنيكوف ثم» finds what «كلاشنيكوف» finds, and its prefix matches only
/// add to the score.
pub(super) fn is_stop_clause(c: &Clause) -> bool {
    matches!(&c.kind, ClauseKind::Word(w) if w.token.surface.iter().all(|s| is_stop_word(s)))
}

pub(super) fn tier_weight(params: &Params, tier: Tier) -> u32 {
    (params.tier(tier) * 100.0).round() as u32
}

/// How closely two words stand side by side (in either order) in the same
/// field: the best such pair's lower weight, 0–100, or 0 if they never do,
/// and the best sum of a pair's weights among the pairs with one word of
/// weight `as_typed` or more (in reverse order, nine tenths of it). Exact
/// words next to each other count fully, their stems side by side less.
pub(super) fn adjacency(a: &Occ, b: &Occ, as_typed: u32) -> (u32, u32) {
    let best = |x: &[(u32, u32)], y: &[(u32, u32)]| {
        let (mut least, mut sum) = (0, 0);
        for &(p, wx) in x {
            for (q, tenths) in [(p + 1, 10), (p.wrapping_sub(1), 9)] {
                if let Ok(i) = y.binary_search_by_key(&q, |e| e.0) {
                    let wy = y[i].1;
                    least = least.max(wx.min(wy));
                    if wx.max(wy) >= as_typed {
                        sum = sum.max((wx + wy) * tenths / 10);
                    }
                }
            }
        }
        (least, sum)
    };
    let (t, b) = (best(&a.title, &b.title), best(&a.body, &b.body));
    (t.0.max(b.0), t.1.max(b.1))
}
