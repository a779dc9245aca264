//! Query → ranked, paged hits with excerpts.
//!
//! In: an [`Index`] and query text. Out: a [`SearchResult`]: the total number
//! of matching documents and one page of [`Hit`]s.
//!
//! Each query word is expanded into dictionary terms, tier by tier: its folded
//! forms (exact, then without clitics), their stems, then — for the word being
//! typed — terms it is a prefix of, and only when all of that finds nothing
//! (for the word, or else for the whole query), terms within edit distance 1 (2 for words of [`LONG_WORD_CHARS`] or more
//! letters) through a budgeted typo automaton ([`crate::typo`]). A word's score in a
//! document is the best of its terms' BM25 scores times their tier weights;
//! a document must match every required clause, none of the excluded ones, and
//! quoted phrases at consecutive positions; when the words of a query stand
//! side by side in a document, its score grows ([`Params::proximity_boost`]). Stop words are optional when the
//! query has other words, so they never make a query return nothing. Ties are
//! broken by document number, so results are deterministic.

use std::collections::{BTreeMap, HashMap};

use crate::analyze::{is_stop_word, Token};
use crate::error::Result;
use crate::excerpt::{excerpt, highlight_positions, Match};
use crate::index::{Dict, Index, TermInfo};
use crate::query::{Clause, ClauseKind, Query, QueryWord};
use crate::rank::{Params, Tier};

/// Words this long (in letters) tolerate two typos instead of one.
pub const LONG_WORD_CHARS: usize = 7;
/// Most terms a prefix expands to (the most frequent are kept).
pub const MAX_PREFIX_TERMS: usize = 64;
/// Most terms a typo expands to (the most frequent are kept).
pub const MAX_FUZZY_TERMS: usize = 32;
/// Dictionary bytes one typo lookup may visit; past that it stops with what it found.
pub const TYPO_BUDGET: u32 = 200_000;
/// Largest page a search returns.
pub const MAX_LIMIT: usize = 100;
/// Shortest prefix (in letters) that is expanded.
const MIN_PREFIX_CHARS: usize = 2;

/// Paging of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits per page (at most [`MAX_LIMIT`]). Default 10.
    pub limit: usize,
    /// Hits to skip. Default 0.
    pub offset: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Document id (its path in the corpus without extension).
    pub id: String,
    /// Document title.
    pub title: String,
    /// Link to the original, if the document has one.
    pub url: Option<String>,
    /// Publication date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Publisher, if known.
    pub source: Option<String>,
    /// Relevance; higher is better, comparable within one result list only.
    pub score: f64,
    /// The best-matching window of the text.
    pub excerpt: String,
    /// Matched words in `excerpt`, `[start, end)` in UTF-16 code units.
    pub highlights: Vec<[u32; 2]>,
    /// Matched words in `title`, same units.
    pub title_highlights: Vec<[u32; 2]>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// Number of matching documents.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// A query that finds something, offered when this one found nothing.
    pub suggestion: Option<String>,
}

/// A clause's occurrences in one document: its score there and the token
/// positions it matched, each with the weight of the best term found there.
#[derive(Debug, Clone, Default)]
struct Occ {
    score: f64,
    /// `(position, weight)` in the title, ascending by position.
    title: Vec<(u32, u32)>,
    /// `(position, weight)` in the body, ascending by position.
    body: Vec<(u32, u32)>,
}

/// When a word is also matched to its near spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typos {
    /// Only when nothing else matches the word.
    WhenUnknown,
    /// Always (the query found nothing otherwise).
    Always,
}

/// What evaluating a query yields before paging.
struct Evaluation {
    /// `(document, score)`, best first.
    ranked: Vec<(u32, f64)>,
    /// Per clause: whether it is excluded, and the documents it matched.
    clauses: Vec<(bool, HashMap<u32, Occ>)>,
}

impl Index {
    /// Runs a query with the default ranking.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        self.search_with(query, options, &Params::default())
    }

    /// Runs a query with explicit ranking parameters.
    pub fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
        params: &Params,
    ) -> Result<SearchResult> {
        let parsed = Query::parse(query);
        let mut eval = self.evaluate(&parsed, params, Typos::WhenUnknown)?;
        if eval.ranked.is_empty() {
            // A typo can make another word of the dictionary (الوقود → القود)
            // or the start of one: then nothing matches, and each word is
            // given its near spellings too before giving up.
            let retry = self.evaluate(&parsed, params, Typos::Always)?;
            if !retry.ranked.is_empty() {
                eval = retry;
            }
        }
        let total = eval.ranked.len();
        let limit = options.limit.min(MAX_LIMIT);
        let mut hits = Vec::with_capacity(limit);
        for &(doc, score) in eval.ranked.iter().skip(options.offset).take(limit) {
            hits.push(self.hit(doc, score, &eval.clauses)?);
        }
        let suggestion = if total == 0 {
            let found: Vec<bool> = eval.clauses.iter().map(|(_, d)| !d.is_empty()).collect();
            self.suggest(&parsed, &found, params)?
        } else {
            None
        };
        Ok(SearchResult {
            total,
            hits,
            suggestion,
        })
    }

    /// Matches, intersects and ranks, without paging.
    fn evaluate(&self, query: &Query, params: &Params, typos: Typos) -> Result<Evaluation> {
        let content_words = query
            .clauses
            .iter()
            .filter(|c| !c.negated && !is_stop_clause(c))
            .count();
        let mut clauses = Vec::with_capacity(query.clauses.len());
        let (mut required, mut optional) = (Vec::new(), Vec::new());
        for (i, clause) in query.clauses.iter().enumerate() {
            clauses.push((clause.negated, self.clause_docs(clause, params, typos)?));
            if clause.negated {
                continue;
            } else if content_words > 0 && is_stop_clause(clause) {
                optional.push(i);
            } else {
                required.push(i);
            }
        }
        let mut ranked = Vec::new();
        if !required.is_empty() {
            // Intersect, starting from the smallest set.
            required.sort_unstable_by_key(|&i| (clauses[i].1.len(), i));
            let mut scores: BTreeMap<u32, f64> = clauses[required[0]]
                .1
                .iter()
                .map(|(&d, o)| (d, o.score))
                .collect();
            for &i in &required[1..] {
                let other = &clauses[i].1;
                scores.retain(|d, s| match other.get(d) {
                    Some(o) => {
                        *s += o.score;
                        true
                    }
                    None => false,
                });
            }
            for (negated, docs) in &clauses {
                if *negated {
                    scores.retain(|d, _| !docs.contains_key(d));
                }
            }
            for &i in &optional {
                for (d, s) in scores.iter_mut() {
                    *s += clauses[i].1.get(d).map_or(0.0, |o| o.score);
                }
            }
            let words: Vec<usize> = (0..query.clauses.len())
                .filter(|&i| {
                    !query.clauses[i].negated
                        && matches!(query.clauses[i].kind, ClauseKind::Word(_))
                })
                .collect();
            if words.len() >= 2 && params.proximity_boost > 0.0 {
                for (d, s) in scores.iter_mut() {
                    let near: u32 = words
                        .windows(2)
                        .map(
                            |pair| match (clauses[pair[0]].1.get(d), clauses[pair[1]].1.get(d)) {
                                (Some(a), Some(b)) => adjacency(a, b),
                                _ => 0,
                            },
                        )
                        .sum();
                    let share = f64::from(near) / 100.0 / (words.len() - 1) as f64;
                    *s *= 1.0 + params.proximity_boost * share;
                }
            }
            ranked = scores.into_iter().collect();
            ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        Ok(Evaluation { ranked, clauses })
    }

    /// Documents matching one clause, with its score and positions in each.
    fn clause_docs(
        &self,
        clause: &Clause,
        params: &Params,
        typos: Typos,
    ) -> Result<HashMap<u32, Occ>> {
        match &clause.kind {
            ClauseKind::Word(w) => self.word_match(w, params, !clause.negated, typos),
            ClauseKind::Phrase(words) => {
                let mut matches = Vec::with_capacity(words.len());
                for w in words {
                    // Phrase words match their own forms only: no stems, prefixes or typos.
                    matches.push(self.exact_match(w, params)?);
                }
                let mut out = HashMap::new();
                if let Some((first, rest)) = matches.split_first() {
                    for (&doc, occ) in first {
                        let others: Option<Vec<&Occ>> = rest.iter().map(|m| m.get(&doc)).collect();
                        let Some(others) = others else { continue };
                        if let Some(merged) = phrase(occ, &others, params) {
                            out.insert(doc, merged);
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// Exact and clitic-stripped forms of a word (what a phrase word matches).
    fn exact_match(&self, w: &QueryWord, params: &Params) -> Result<HashMap<u32, Occ>> {
        let mut terms = Vec::new();
        self.push_forms(&mut terms, &w.token);
        self.collect_docs(terms, params)
    }

    /// The dictionary terms of a word's own forms: as typed, then without clitics.
    fn push_forms(&self, terms: &mut Vec<(TermInfo, Tier)>, t: &Token) {
        self.push_terms(terms, Dict::Word, t.surface.iter(), Tier::Exact);
        let (strong, weak): (Vec<&String>, Vec<&String>) =
            t.stripped.iter().partition(|s| strong_strip(t, s));
        self.push_terms(terms, Dict::Word, strong.into_iter(), Tier::Clitic);
        // A lone ب ك ل ف is as often the word's first letter as a clitic
        // (كوريا is not ك + وريا): such readings count no more than a stem.
        self.push_terms(terms, Dict::Word, weak.into_iter(), Tier::Stem);
    }

    /// Every tier for one word, typos only as a last resort.
    fn word_match(
        &self,
        w: &QueryWord,
        params: &Params,
        allow_loose: bool,
        typos: Typos,
    ) -> Result<HashMap<u32, Occ>> {
        let t = &w.token;
        let mut terms = Vec::new();
        self.push_forms(&mut terms, t);
        let all_forms = || t.surface.iter().chain(&t.stripped).chain(&t.stems);
        self.push_terms(&mut terms, Dict::Word, t.stems.iter(), Tier::Stem);
        self.push_terms(&mut terms, Dict::Stem, all_forms(), Tier::Stem);
        if allow_loose && w.prefix {
            let mut candidates = Vec::new();
            for form in t.surface.iter().chain(&t.stripped) {
                if form.chars().count() >= MIN_PREFIX_CHARS {
                    candidates.extend(self.prefixed(Dict::Word, form, 4 * MAX_PREFIX_TERMS));
                }
            }
            keep_most_frequent(&mut candidates, MAX_PREFIX_TERMS);
            add_new(&mut terms, candidates, Tier::Prefix);
        }
        if allow_loose && (terms.is_empty() || typos == Typos::Always) {
            // One edit first; two only for long words with no one-edit neighbour.
            let mut candidates = Vec::new();
            for d in 1..=2 {
                for form in t.surface.iter().chain(&t.stripped) {
                    if d == 1 || form.chars().count() >= LONG_WORD_CHARS {
                        let limit = 4 * MAX_FUZZY_TERMS;
                        candidates.extend(self.fuzzy(Dict::Word, form, d, TYPO_BUDGET, limit).0);
                    }
                }
                if !candidates.is_empty() {
                    break;
                }
            }
            keep_most_frequent(&mut candidates, MAX_FUZZY_TERMS);
            add_new(&mut terms, candidates, Tier::Fuzzy);
        }
        self.collect_docs(terms, params)
    }

    fn push_terms<'a>(
        &self,
        terms: &mut Vec<(TermInfo, Tier)>,
        dict: Dict,
        forms: impl Iterator<Item = &'a String>,
        tier: Tier,
    ) {
        let found: Vec<TermInfo> = forms.filter_map(|f| self.get(dict, f)).collect();
        add_new(terms, found, tier);
    }

    /// Decodes the postings of every term: each document's score (the best
    /// of its terms) and weighted positions.
    fn collect_docs(
        &self,
        terms: Vec<(TermInfo, Tier)>,
        params: &Params,
    ) -> Result<HashMap<u32, Occ>> {
        // Decode first: the word's document frequency is that of all its terms
        // together. Scoring each term with its own idf would let a rare,
        // loosely related term (a stem, a typo) outscore the word itself.
        let mut lists = Vec::with_capacity(terms.len());
        let mut docs: HashMap<u32, Occ> = HashMap::new();
        for (term, tier) in &terms {
            let list = self.postings(term)?;
            let weight = tier_weight(params, *tier);
            for p in &list {
                let occ = docs.entry(p.doc).or_default();
                occ.title.extend(p.title.iter().map(|&x| (x, weight)));
                occ.body.extend(p.body.iter().map(|&x| (x, weight)));
            }
            lists.push((params.tier(*tier), list));
        }
        let idf = params.idf(self.doc_count(), docs.len() as u32);
        let avg = self.avg_body_len();
        for (w, list) in &lists {
            for p in list {
                let s = w * params.score(idf, p.title.len(), p.body.len(), p.body_len, avg);
                if let Some(occ) = docs.get_mut(&p.doc) {
                    occ.score = occ.score.max(s);
                }
            }
        }
        for occ in docs.values_mut() {
            for v in [&mut occ.title, &mut occ.body] {
                // Keep each position once, with its best weight.
                v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                v.dedup_by_key(|x| x.0);
            }
        }
        Ok(docs)
    }

    fn hit(&self, doc: u32, score: f64, clauses: &[(bool, HashMap<u32, Occ>)]) -> Result<Hit> {
        let stored = self.document(doc)?;
        let mut body = Vec::new();
        let mut title = Vec::new();
        for (clause, (negated, docs)) in clauses.iter().enumerate() {
            let Some(occ) = docs.get(&doc).filter(|_| !negated) else {
                continue;
            };
            body.extend(occ.body.iter().map(|&(position, weight)| Match {
                position,
                clause,
                weight,
            }));
            title.extend(occ.title.iter().map(|&(p, _)| p));
        }
        body.sort_unstable_by_key(|m| (m.position, std::cmp::Reverse(m.weight)));
        body.dedup_by_key(|m| m.position);
        title.sort_unstable();
        title.dedup();
        let excerpt = excerpt(&stored.body, &body);
        let title_highlights = highlight_positions(&stored.title, &title);
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
        })
    }

    /// When a query finds nothing: the query with each unknown word replaced by
    /// its most frequent near spelling (edit distance up to 2) or dropped, if
    /// that finds something.
    fn suggest(&self, query: &Query, found: &[bool], params: &Params) -> Result<Option<String>> {
        let mut parts = Vec::new();
        let mut changed = false;
        for (clause, &ok) in query.clauses.iter().zip(found) {
            if clause.negated {
                continue;
            }
            let typed: Vec<&str> = clause.words().iter().map(|w| w.text.as_str()).collect();
            let text = match &clause.kind {
                ClauseKind::Phrase(_) => format!("\"{}\"", typed.join(" ")),
                ClauseKind::Word(_) => typed.join(" "),
            };
            // A word the dictionary knows stays as typed; one found only
            // through its near spellings is replaced by the likeliest.
            let known = |w: &QueryWord| {
                w.token
                    .surface
                    .iter()
                    .chain(&w.token.stripped)
                    .any(|f| self.get(Dict::Word, f).is_some())
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
                for d in 1..=2 {
                    candidates = self.fuzzy(Dict::Word, form, d, TYPO_BUDGET, 256).0;
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
        if !changed || parts.is_empty() {
            return Ok(None);
        }
        let text = parts.join(" ");
        let check = self.evaluate(
            &Query::parse(&format!("{text} ")),
            params,
            Typos::WhenUnknown,
        )?;
        Ok((!check.ranked.is_empty()).then_some(text))
    }
}

/// Whether `stripped` removed the article (ال and its combinations) or the
/// conjunction و from a surface reading, rather than a lone ب ك ل ف.
fn strong_strip(token: &Token, stripped: &str) -> bool {
    token.surface.iter().any(|f| {
        f.strip_suffix(stripped)
            .is_some_and(|prefix| prefix.ends_with("ال") || prefix == "و" || prefix == "ف")
    })
}

fn is_stop_clause(c: &Clause) -> bool {
    matches!(&c.kind, ClauseKind::Word(w) if !w.prefix && w.token.surface.iter().all(|s| is_stop_word(s)))
}

fn tier_weight(params: &Params, tier: Tier) -> u32 {
    (params.tier(tier) * 100.0).round() as u32
}

/// Adds terms not already present, with the given tier.
fn add_new(terms: &mut Vec<(TermInfo, Tier)>, found: Vec<TermInfo>, tier: Tier) {
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
fn keep_most_frequent(terms: &mut Vec<TermInfo>, n: usize) {
    terms.sort_unstable_by(|a, b| b.df.cmp(&a.df).then_with(|| a.term.cmp(&b.term)));
    terms.dedup_by(|a, b| a.term == b.term && a.dict == b.dict);
    terms.truncate(n);
}

/// How closely two words stand side by side (in either order) in the same
/// field: the best such pair's lower weight, 0–100, or 0 if they never do.
/// Exact words next to each other count fully, their stems side by side less.
fn adjacency(a: &Occ, b: &Occ) -> u32 {
    let best = |x: &[(u32, u32)], y: &[(u32, u32)]| {
        let mut best = 0;
        for &(p, wx) in x {
            for q in [p + 1, p.wrapping_sub(1)] {
                if let Ok(i) = y.binary_search_by_key(&q, |e| e.0) {
                    best = best.max(wx.min(y[i].1));
                }
            }
        }
        best
    };
    best(&a.title, &b.title).max(best(&a.body, &b.body))
}

/// Where the words of a phrase follow each other in the same field: the
/// merged occurrences of those places, or `None` if there are none.
fn phrase(first: &Occ, rest: &[&Occ], params: &Params) -> Option<Occ> {
    let has = |v: &[(u32, u32)], p: u32| v.binary_search_by_key(&p, |x| x.0).is_ok();
    let mut out = Occ {
        score: (first.score + rest.iter().map(|o| o.score).sum::<f64>()) * params.phrase_boost,
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
        out_field.sort_unstable();
        out_field.dedup_by_key(|x| x.0);
    }
    (!out.title.is_empty() || !out.body.is_empty()).then_some(out)
}
