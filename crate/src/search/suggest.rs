//! A query that found nothing → a corrected query that finds something.

use crate::error::Result;
use crate::index::{Dict, Index};
use crate::query::{ClauseKind, Query, QueryWord};
use crate::rank::Params;

use super::*;

impl Index {
    /// When a query finds nothing: the query with each unknown word replaced by
    /// its most frequent near spelling (edit distance 1, 2 for words of
    /// [`LONG_WORD_CHARS`] letters or more) or dropped, if that finds something.
    pub(super) fn suggest(
        &self,
        query: &Query,
        found: &[bool],
        params: &Params,
        heads: Heads,
        options: &SearchOptions,
        work: &Work,
    ) -> Result<Option<String>> {
        let mut parts = Vec::new();
        let mut changed = false;
        for (clause, &ok) in query.clauses.iter().zip(found) {
            if clause.negated {
                continue;
            }
            let typed: Vec<&str> = clause.words().iter().map(|w| w.text.as_str()).collect();
            let text = match &clause.kind {
                ClauseKind::Phrase(_) => format!("\"{}\"", crate::join(typed.iter().copied(), " ")),
                ClauseKind::Word(_) => crate::join(typed.iter().copied(), " "),
            };
            // A word the dictionary knows stays as typed; one found only
            // through its near spellings is replaced by the likeliest.
            let known = |w: &QueryWord| {
                w.token
                    .surface
                    .iter()
                    .chain(&w.token.stripped)
                    .any(|f| self.find(Dict::Word, f, &work.wanted).is_some())
            };
            let misspelt = match &clause.kind {
                ClauseKind::Word(w) => !known(w),
                ClauseKind::Phrase(_) => false,
            };
            if ok && !misspelt {
                parts.push(text);
                continue;
            }
            changed = true;
            if let ClauseKind::Word(w) = &clause.kind {
                let form = &w.token.surface[0];
                let mut candidates = Vec::new();
                // Two edits only for long words, as in matching: two edits
                // of a short word reach too much of the dictionary.
                let most = if form.chars().count() >= LONG_WORD_CHARS {
                    2
                } else {
                    1
                };
                for d in 1..=most {
                    candidates = self.typo_terms(form, d, 256, work);
                    if !candidates.is_empty() {
                        break;
                    }
                }
                keep_most_frequent(&mut candidates, 1);
                if let Some(best) = candidates.pop() {
                    parts.push(best.term);
                }
            }
        }
        work.check_wanted()?;
        if !changed || parts.is_empty() {
            return Ok(None);
        }
        let text = crate::join(parts.iter().map(String::as_str), " ");
        let check = self.evaluate(
            &Query::parse(&format!("{text} ")),
            params,
            Typos::WhenUnknown,
            heads,
            options,
            work,
        )?;
        Ok((!check.ranked.is_empty()).then_some(text))
    }
}
