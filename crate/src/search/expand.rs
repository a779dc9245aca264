//! Query words → dictionary terms, tier by tier: exact forms, without
//! clitics, stems, prefixes of the word being typed, near spellings.

use crate::analyze::Token;
use crate::index::{Dict, Index, TermInfo};
use crate::query::{Clause, ClauseKind, QueryWord};
use crate::rank::Tier;

use super::*;

impl Index {
    /// The dictionary terms of each word of a clause: a word gets every
    /// tier, a phrase word only its own forms (no stems, prefixes or typos).
    pub(super) fn clause_terms(&self, clause: &Clause, typos: Typos, work: &Work) -> Plan {
        match &clause.kind {
            ClauseKind::Word(w) => vec![self.word_terms(w, !clause.negated, typos, work)],
            ClauseKind::Phrase(words) => words
                .iter()
                .map(|w| {
                    let mut terms = Vec::new();
                    self.push_forms(&mut terms, &w.token, work);
                    terms
                })
                .collect(),
        }
    }

    /// The dictionary terms of a word's own forms: as typed, then without clitics.
    pub(super) fn push_forms(&self, terms: &mut Vec<(TermInfo, Tier)>, t: &Token, work: &Work) {
        self.push_terms(terms, Dict::Word, t.surface.iter(), Tier::Exact, work);
        let (strong, weak): (Vec<&String>, Vec<&String>) =
            t.stripped.iter().partition(|s| strong_strip(t, s));
        self.push_terms(terms, Dict::Word, strong.into_iter(), Tier::Clitic, work);
        // A lone ب ك ل ف is as often the word's first letter as a clitic
        // (كوريا is not ك + وريا): such readings count no more than a stem.
        self.push_terms(terms, Dict::Word, weak.into_iter(), Tier::Stem, work);
    }

    /// Every tier for one word, typos only as a last resort.
    pub(super) fn word_terms(
        &self,
        w: &QueryWord,
        allow_loose: bool,
        typos: Typos,
        work: &Work,
    ) -> Vec<(TermInfo, Tier)> {
        let t = &w.token;
        let mut terms = Vec::new();
        let mark = work.wanted.len();
        self.push_forms(&mut terms, t, work);
        // A word of four letters or more that the dictionary has only as a
        // weak reading (a lone letter taken as a clitic), as a stem, or as
        // the start of longer words is likely a typo: its near spellings
        // join, at the lowest tier.
        let as_typed = terms
            .iter()
            .any(|(_, tier)| matches!(tier, Tier::Exact | Tier::Clitic));
        let all_forms = || t.surface.iter().chain(&t.stripped).chain(&t.stems);
        self.push_terms(&mut terms, Dict::Word, t.stems.iter(), Tier::Stem, work);
        self.push_terms(&mut terms, Dict::Stem, all_forms(), Tier::Stem, work);
        if work.wanted.since(mark) {
            // Whether the word needs its prefixes or near spellings depends
            // on the chunks being fetched: decide once they are here.
            return terms;
        }
        if allow_loose && w.prefix && work.allows() {
            let mut candidates = Vec::new();
            for form in t.surface.iter().chain(&t.stripped) {
                if form.chars().count() >= MIN_PREFIX_CHARS {
                    candidates.extend(self.find_prefixed(
                        Dict::Word,
                        form,
                        4 * MAX_PREFIX_TERMS,
                        &work.wanted,
                    ));
                }
            }
            keep_most_frequent(&mut candidates, MAX_PREFIX_TERMS);
            add_new(&mut terms, candidates, Tier::Prefix);
        }
        let suspect = !as_typed && t.surface[0].chars().count() >= 4;
        if allow_loose && (terms.is_empty() || suspect || typos == Typos::Always) && work.allows() {
            // One edit first; two only for long words with no one-edit neighbour.
            let mut candidates = Vec::new();
            for d in 1..=2 {
                for form in t.surface.iter().chain(&t.stripped) {
                    if d == 1 || form.chars().count() >= LONG_WORD_CHARS {
                        let limit = 4 * MAX_FUZZY_TERMS;
                        candidates.extend(self.typo_terms(form, d, limit, work));
                    }
                }
                if !candidates.is_empty() {
                    break;
                }
            }
            keep_most_frequent(&mut candidates, MAX_FUZZY_TERMS);
            add_new(&mut terms, candidates, Tier::Fuzzy);
        }
        terms
    }

    /// Terms within `distance` edits of `form`, walking the dictionary within
    /// what is left of the budget.
    pub(super) fn typo_terms(
        &self,
        form: &str,
        distance: u8,
        limit: usize,
        work: &Work,
    ) -> Vec<TermInfo> {
        if let Some((.., found)) = work
            .walked
            .borrow()
            .iter()
            .find(|(f, d, l, _)| f == form && *d == distance && *l == limit)
        {
            return found.clone();
        }
        let budget = work.typo_budget();
        if budget == 0 {
            // Too little left for one step of the walk.
            work.cut.set(true);
            return Vec::new();
        }
        let mark = work.wanted.len();
        let (found, spent) =
            self.find_fuzzy(Dict::Word, form, distance, budget, limit, &work.wanted);
        work.spend(u64::from(spent) * TYPO_BYTE_COST);
        // A walk that ran out of budget or met a missing dictionary chunk
        // found only part of its terms: it is not kept.
        if spent < budget && !work.wanted.since(mark) {
            let walk = (form.to_owned(), distance, limit, found.clone());
            work.walked.borrow_mut().push(walk);
        }
        found
    }

    pub(super) fn push_terms<'a>(
        &self,
        terms: &mut Vec<(TermInfo, Tier)>,
        dict: Dict,
        forms: impl Iterator<Item = &'a String>,
        tier: Tier,
        work: &Work,
    ) {
        let found: Vec<TermInfo> = forms
            .filter_map(|f| self.find(dict, f, &work.wanted))
            .collect();
        add_new(terms, found, tier);
    }
}

/// Whether `stripped` removed the article (ال and its combinations) or the
/// conjunction و from a surface reading, rather than a lone ب ك ل ف.
pub(super) fn strong_strip(token: &Token, stripped: &str) -> bool {
    token.surface.iter().any(|f| {
        f.strip_suffix(stripped)
            .is_some_and(|prefix| prefix.ends_with("ال") || prefix == "و" || prefix == "ف")
    })
}

/// Adds terms not already present, with the given tier.
pub(super) fn add_new(terms: &mut Vec<(TermInfo, Tier)>, found: Vec<TermInfo>, tier: Tier) {
    for t in found {
        if !terms
            .iter()
            .any(|(x, _)| x.dict == t.dict && x.term == t.term)
        {
            terms.push((t, tier));
        }
    }
}

/// Keeps the `n` terms with the highest document frequency (ties: dictionary order).
pub(super) fn keep_most_frequent(terms: &mut Vec<TermInfo>, n: usize) {
    crate::sort::sort_by(terms, |a, b| {
        b.df.cmp(&a.df).then_with(|| a.term.cmp(&b.term))
    });
    terms.dedup_by(|a, b| a.term == b.term && a.dict == b.dict);
    terms.truncate(n);
}
