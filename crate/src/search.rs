//! Query → ranked, paged hits with excerpts.
//!
//! In: an [`Index`] and query text. Out: a [`SearchResult`]: the total number
//! of matching documents and one page of [`Hit`]s.
//!
//! Each query word is expanded into dictionary terms, tier by tier: its folded
//! forms (exact, then without clitics), their stems, then — for the word being
//! typed — terms it is a prefix of, and only when all of that finds nothing
//! (for the word, or else for the whole query) or when a query's words stand
//! side by side in no document, terms within edit distance 1 (2 for words of
//! [`LONG_WORD_CHARS`] or more letters) through a budgeted typo automaton
//! ([`crate::typo`]). Documents where the words then stand side by side, a
//! slip in one of each pair, rank first: that is the phrase the reader
//! meant. A word's score in a
//! document is the best of its terms' BM25 scores times their tier weights;
//! a document must match every required clause, none of the excluded ones, and
//! quoted phrases at consecutive positions; when the words of a query stand
//! side by side in a document, its score grows ([`Params::proximity_boost`]). Stop words are optional when the
//! query has other words, so they never make a query return nothing. Ties are
//! broken by document number, so results are deterministic.
//!
//! Every query is bounded, whatever its text: [`Query::parse`] caps its length
//! and clauses, expansions are capped ([`MAX_PREFIX_TERMS`], [`MAX_FUZZY_TERMS`],
//! [`TYPO_BUDGET`]), and one [`SearchOptions::work_budget`] caps the postings
//! entries decoded and dictionary bytes walked. Once it is spent, the query
//! stops expanding (each word still gets its first term, so known words keep
//! matching), skips the near-spelling retry and the suggestion, and the result
//! says [`SearchResult::partial`].

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::analyze::{is_stop_word, Token};
use crate::error::{Error, Result};
use crate::excerpt::{excerpt, highlight_positions, Match};
use crate::index::dict::Wanted;
use crate::index::format::HEAD_DOCS;
use crate::index::postings::List;
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
/// Default work one query may do: postings entries decoded (a document or a
/// position each) plus [`TYPO_BYTE_COST`] per dictionary byte walked by typo
/// lookups. A common word
/// of a 6,236-verse corpus costs about 3,000; this lets the longest query the
/// parser accepts run at full quality on corpora of tens of thousands of
/// documents, and stops a pathological one within tens of milliseconds.
pub const WORK_BUDGET: u64 = 4_000_000;
/// Work units one dictionary byte walked by a typo lookup costs: stepping the
/// automaton over a byte takes about as long as decoding eight postings
/// entries (measured: ~30 ns against ~4 ns natively).
pub const TYPO_BYTE_COST: u64 = 8;
/// A query of several words on a sharded index reads the full postings of
/// its common terms while they hold this many documents in all (about
/// 300 KB to download); past that it ranks the documents in their heads.
pub const EXACT_MAX_DOCS: u64 = 65_536;
/// Shortest prefix (in letters) that is expanded.
const MIN_PREFIX_CHARS: usize = 2;

/// Paging and scope of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits per page (at most [`MAX_LIMIT`]). Default 10.
    pub limit: usize,
    /// Hits to skip. Default 0.
    pub offset: usize,
    /// Work the query may do ([`WORK_BUDGET`] by default); past it the result
    /// is [`SearchResult::partial`].
    pub work_budget: u64,
    /// Documents the full postings of a several-word query's common terms
    /// may hold in all on a sharded index before it reads their heads
    /// instead ([`EXACT_MAX_DOCS`] by default).
    pub exact_docs: u64,
    /// Only documents in this language (a language tag; its primary subtag
    /// is compared, `en-US` matches `en`) and those that state none. A
    /// language no document has limits nothing: a reader on a page in
    /// another language still finds the site's pages. Default `None`: all.
    pub lang: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            work_budget: WORK_BUDGET,
            exact_docs: EXACT_MAX_DOCS,
            lang: None,
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
    /// The page's language as written, if stated.
    pub lang: Option<String>,
    /// The page's metadata (`data-fihris-meta`), in page order.
    pub meta: Vec<(String, String)>,
    /// The sections of the page that match best, at most [`MAX_SUB_RESULTS`].
    pub sub_results: Vec<SubResult>,
}

/// Most sub-results a hit has.
pub const MAX_SUB_RESULTS: usize = 3;

/// A section of a hit's page (under a heading with an `id`) that matches.
#[derive(Debug, Clone, PartialEq)]
pub struct SubResult {
    /// The heading's text.
    pub title: String,
    /// The page's url with the heading's anchor (`#id`).
    pub url: String,
    /// The best-matching window of the section.
    pub excerpt: String,
    /// Matched words in `excerpt`, `[start, end)` in UTF-16 code units.
    pub highlights: Vec<[u32; 2]>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// Number of matching documents.
    pub total: usize,
    /// Whether `total` is a lower bound rather than a count: a one-word
    /// query on a sharded index reads only the heads of its common terms
    /// (the page is exact; see [`crate::index::format`]), and counts the
    /// documents of its commonest term.
    pub approximate: bool,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// A query that finds something, offered when this one found nothing.
    pub suggestion: Option<String>,
    /// Not everything was looked at, so hits may be missing: the query was
    /// longer than [`crate::query::MAX_QUERY_CHARS`] or [`crate::query::MAX_CLAUSES`]
    /// (the rest was ignored), or the work budget ran out before every
    /// lower-tier match (prefixes, stems, near spellings) was read.
    pub partial: bool,
}

/// The work a query has done against its budget, and the dictionary
/// chunks of a sharded index it found missing on the way.
#[derive(Debug)]
struct Work {
    spent: Cell<u64>,
    limit: u64,
    cut: Cell<bool>,
    wanted: Wanted,
    /// Typo lookups done in this search, complete ones only: the near-
    /// spelling retry looks up again the words the first pass looked up.
    walked: RefCell<Vec<Walk>>,
}

/// A finished typo lookup: form, distance, limit, and the terms found.
type Walk = (String, u8, usize, Vec<TermInfo>);

impl Work {
    fn new(limit: u64) -> Work {
        Work {
            spent: Cell::new(0),
            limit,
            cut: Cell::new(false),
            wanted: Wanted::default(),
            walked: RefCell::new(Vec::new()),
        }
    }

    /// Fails with the dictionary chunks the query needs and lacks, if any:
    /// what was planned without them is incomplete.
    fn check_wanted(&self) -> Result<()> {
        if self.wanted.is_empty() {
            Ok(())
        } else {
            Err(Error::MissingShards {
                names: self.wanted.names(),
            })
        }
    }

    fn spend(&self, units: u64) {
        self.spent.set(self.spent.get().saturating_add(units));
    }

    /// Whether more work may be done; the first refusal marks the result partial.
    fn allows(&self) -> bool {
        let ok = self.spent.get() < self.limit;
        if !ok {
            self.cut.set(true);
        }
        ok
    }

    /// Dictionary bytes a typo lookup may still walk.
    fn typo_budget(&self) -> u32 {
        let left = self.limit.saturating_sub(self.spent.get()) / TYPO_BYTE_COST;
        left.min(u64::from(TYPO_BUDGET)) as u32
    }
}

/// A clause's occurrences in one document: its score there and the token
/// positions it matched, each with the weight of the best term found there.
/// Positions are decoded only for the documents that need them (phrases,
/// proximity, the page of hits): until then `ready` is false and `srcs` says
/// where they are.
#[derive(Debug, Clone, Default)]
struct Occ {
    score: f64,
    /// `(position, weight)` in the title, ascending by position.
    title: Vec<(u32, u32)>,
    /// `(position, weight)` in the body, ascending by position.
    body: Vec<(u32, u32)>,
    /// Whether `title` and `body` are filled in.
    ready: bool,
    /// The first postings entry holding its positions; `more` the others.
    first: Src,
    more: Vec<Src>,
}

/// Where some positions of a clause in a document are: entry `entry` of
/// list `list` of the clause's lists, found by a term of weight `weight`.
#[derive(Debug, Clone, Copy, Default)]
struct Src {
    list: u32,
    entry: u32,
    weight: u32,
}

/// One clause's matches: its postings lists and its documents.
#[derive(Debug, Default)]
struct Matches<'a> {
    lists: Vec<List<'a>>,
    docs: DocMap<Occ>,
    /// Documents matching the clause: counted from its lists, or, when some
    /// were heads, at least the document frequency of its commonest term.
    df: u32,
    /// Whether some list was a head, so that `df` is an estimate.
    from_heads: bool,
}

impl Matches<'_> {
    /// Decodes the positions of `doc`, if it matched and they are not yet.
    fn materialize(&mut self, doc: u32) -> Result<()> {
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

/// When a word is also matched to its near spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typos {
    /// Only when nothing else matches the word.
    WhenUnknown,
    /// Always (the query found nothing otherwise).
    Always,
}

/// What evaluating a query yields before paging.
struct Evaluation<'a> {
    /// `(document, score)`, in no order: [`top`] sorts the part a page needs.
    ranked: Vec<(u32, f64)>,
    /// Per clause: whether it is excluded, and the documents it matched
    /// (among those every required clause matched).
    clauses: Vec<(bool, Matches<'a>)>,
    /// Per clause: the dictionary terms of each of its words.
    plans: Vec<Plan>,
    /// Whether some document has all the query's words side by side, as
    /// typed or without clitics: then the query is taken as spelt right.
    adjacent: bool,
    /// After a retry with near spellings (else empty), per entry of
    /// `ranked`: 0, or how closely (the pairs' summed weights) its document
    /// holds every pair of neighbouring query words side by side, no pair
    /// being two near spellings. A vector, not a map: a map of another value type would
    /// add its own copy of the hash table code to the wasm module.
    phrased: Vec<u32>,
}

/// Hashes a document number with one multiplication (Fibonacci hashing):
/// the maps and sets of document numbers are the hot path of a common word,
/// and need no protection against chosen keys (they come from the index).
#[derive(Default)]
struct DocHasher(u64);

impl Hasher for DocHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type DocMap<V> = HashMap<u32, V, BuildHasherDefault<DocHasher>>;
type DocSet = HashSet<u32, BuildHasherDefault<DocHasher>>;

/// The dictionary terms a clause's words were expanded to, word by word.
type Plan = Vec<Vec<(TermInfo, Tier)>>;

impl Index {
    /// The language number a search is limited to, if it is limited.
    fn language_filter(&self, options: &SearchOptions) -> Option<u32> {
        let tag = crate::index::format::primary_language(options.lang.as_deref()?)?;
        self.languages().find(&tag)
    }

    /// Runs a query with the default ranking.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        self.search_with(query, options, &Params::default())
    }

    /// Runs a query on an index whose shards are loaded on demand: whenever
    /// the query needs shards it does not have ([`Error::MissingShards`]),
    /// `load` is asked for each by name (a path relative to the index
    /// folder), they are added, and the query runs again. A single-file index
    /// never calls `load`. The browser does the same in JavaScript, fetching
    /// a round's shards in parallel.
    pub fn search_loading(
        &mut self,
        query: &str,
        options: &SearchOptions,
        mut load: impl FnMut(&str) -> Result<Vec<u8>>,
    ) -> Result<SearchResult> {
        // Rounds: the dictionary chunks of its words, their postings, the
        // chunks and postings of near spellings or of the suggestion, the
        // page's documents. Each round must add shards not added before in
        // this search, so the loop ends; one that asks again for a shard it
        // was given means the index's files disagree.
        let mut added = std::collections::BTreeSet::new();
        loop {
            match self.search(query, options) {
                Err(Error::MissingShards { names }) => {
                    if let Some(again) = names.iter().find(|n| added.contains(*n)) {
                        return Err(crate::index::format::corrupt(format!(
                            "a query asked again for shard {again} after it was added: the index folder may mix files of two builds"
                        )));
                    }
                    for name in names {
                        let bytes = load(&name)?;
                        self.add_shard(&name, bytes)?;
                        added.insert(name);
                    }
                }
                other => return other,
            }
        }
    }

    /// Runs a query with explicit ranking parameters.
    pub fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
        params: &Params,
    ) -> Result<SearchResult> {
        let parsed = Query::parse(query);
        let work = Work::new(options.work_budget);
        let limit = options.limit.min(MAX_LIMIT);
        // A page within the heads of a sharded index: one word reads the
        // heads of its common terms, which hold every document that can
        // rank there (see index::format); several words only when their
        // full lists are too long to read.
        let heads = if self.shards().is_none() || options.offset.saturating_add(limit) > HEAD_DOCS {
            Heads::Never
        } else if matches!(parsed.clauses.as_slice(), [c] if !c.negated && matches!(c.kind, ClauseKind::Word(_)))
        {
            Heads::Exact
        } else {
            Heads::WhenCommon
        };
        let mut eval = self.evaluate(&parsed, params, Typos::WhenUnknown, heads, options, &work)?;
        let words = parsed.clauses.iter().filter(|c| !c.negated).count();
        let scattered = words >= 2 && !eval.adjacent;
        if (eval.ranked.is_empty() || scattered) && work.allows() {
            // A typo can make another word of the dictionary (الوقود → القود)
            // or the start of one: then nothing matches, or several words
            // match nowhere side by side (إلا عابد, typed for إلا عباد).
            // Each word is then given its near spellings too.
            let retry = self.evaluate(&parsed, params, Typos::Always, heads, options, &work)?;
            // Empty when the query has fewer than two words.
            let strength = |i: usize| retry.phrased.get(i).copied().unwrap_or(0);
            let phrased: DocSet = (retry.ranked.iter().enumerate())
                .filter(|&(i, _)| strength(i) > 0)
                .map(|(_, &(d, _))| d)
                .collect();
            if retry.ranked.len() > eval.ranked.len() || !phrased.is_empty() {
                // Documents where the words, some of them near spellings,
                // stand side by side rank first: the reader most likely
                // meant that phrase. The closer the match (in order, at
                // higher tiers), the higher, then in the retry's order.
                // Then what the query found as typed, in its order; then
                // the rest of what near spellings found, in theirs, scored
                // below the last of the first.
                let found: DocSet = eval.ranked.iter().map(|&(d, _)| d).collect();
                let floor = eval
                    .ranked
                    .iter()
                    .filter(|(d, _)| !phrased.contains(d))
                    .map(|&(_, s)| s)
                    .reduce(f64::min)
                    .unwrap_or(f64::INFINITY);
                let best = retry
                    .ranked
                    .iter()
                    .map(|&(_, s)| s)
                    .fold(f64::MIN_POSITIVE, f64::max);
                let above = eval.ranked.iter().map(|&(_, s)| s).fold(best, f64::max);
                let mut ranked: Vec<(u32, f64)> = std::mem::take(&mut eval.ranked)
                    .into_iter()
                    .filter(|(d, _)| !phrased.contains(d))
                    .collect();
                for (i, &(d, s)) in retry.ranked.iter().enumerate() {
                    if strength(i) > 0 {
                        ranked.push((d, above * (1.0 + f64::from(strength(i))) + s));
                    } else if !found.contains(&d) {
                        let s = if floor.is_finite() {
                            floor * 0.99 * s / best
                        } else {
                            s
                        };
                        ranked.push((d, s));
                    }
                }
                eval = Evaluation { ranked, ..retry };
            }
        }
        // From heads, the count is at least what the commonest term has;
        // for several words, hits may be missing too.
        let approximate = eval.clauses.iter().any(|(_, m)| m.from_heads);
        let sampled = approximate && heads == Heads::WhenCommon;
        // One word: its commonest term's count is a lower bound; several:
        // the documents found in the heads are.
        let total = eval
            .clauses
            .iter()
            .filter(|(_, m)| m.from_heads && heads == Heads::Exact)
            .map(|(_, m)| m.df as usize)
            .fold(eval.ranked.len(), usize::max);
        top(&mut eval.ranked, options.offset.saturating_add(limit));
        let page: Vec<u32> = eval
            .ranked
            .iter()
            .skip(options.offset)
            .take(limit)
            .map(|&(d, _)| d)
            .collect();
        let missing = self.missing_shards([], false, &page);
        if !missing.is_empty() {
            return Err(Error::MissingShards { names: missing });
        }
        let mut hits = Vec::with_capacity(limit);
        for &(doc, score) in eval.ranked.iter().skip(options.offset).take(limit) {
            hits.push(self.hit(doc, score, &mut eval.clauses)?);
        }
        let suggestion = if total == 0 && work.allows() {
            // Whether each clause matches anything on its own (the
            // intersection may have stopped before decoding it).
            let mut found = Vec::with_capacity(parsed.clauses.len());
            for (clause, plan) in parsed.clauses.iter().zip(&eval.plans) {
                found.push(match clause.kind {
                    ClauseKind::Word(_) => plan.iter().all(|terms| !terms.is_empty()),
                    ClauseKind::Phrase(_) => !self
                        .clause_docs(clause, plan, params, false, &work, None)?
                        .docs
                        .is_empty(),
                });
            }
            self.suggest(&parsed, &found, params, heads, options, &work)?
        } else {
            None
        };
        Ok(SearchResult {
            total,
            approximate,
            hits,
            suggestion,
            partial: parsed.truncated || work.cut.get() || sampled,
        })
    }

    /// Matches, intersects and ranks, without paging.
    fn evaluate(
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
                scores.retain(|&(d, _)| matches!(languages.of(d), 0) || languages.of(d) == lang);
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

    /// The dictionary terms of each word of a clause: a word gets every
    /// tier, a phrase word only its own forms (no stems, prefixes or typos).
    fn clause_terms(&self, clause: &Clause, typos: Typos, work: &Work) -> Plan {
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

    /// Documents matching one clause (among `only`, if given), with its
    /// score and positions in each.
    fn clause_docs(
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

    /// The dictionary terms of a word's own forms: as typed, then without clitics.
    fn push_forms(&self, terms: &mut Vec<(TermInfo, Tier)>, t: &Token, work: &Work) {
        self.push_terms(terms, Dict::Word, t.surface.iter(), Tier::Exact, work);
        let (strong, weak): (Vec<&String>, Vec<&String>) =
            t.stripped.iter().partition(|s| strong_strip(t, s));
        self.push_terms(terms, Dict::Word, strong.into_iter(), Tier::Clitic, work);
        // A lone ب ك ل ف is as often the word's first letter as a clitic
        // (كوريا is not ك + وريا): such readings count no more than a stem.
        self.push_terms(terms, Dict::Word, weak.into_iter(), Tier::Stem, work);
    }

    /// Every tier for one word, typos only as a last resort.
    fn word_terms(
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
    fn typo_terms(&self, form: &str, distance: u8, limit: usize, work: &Work) -> Vec<TermInfo> {
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

    fn push_terms<'a>(
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

    /// Reads the postings of every term: each document's score (the best
    /// of its terms) and where its positions are, for the documents in
    /// `only` if given.
    fn collect_docs(
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

    fn hit(&self, doc: u32, score: f64, clauses: &mut [(bool, Matches<'_>)]) -> Result<Hit> {
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

    /// When a query finds nothing: the query with each unknown word replaced by
    /// its most frequent near spelling (edit distance 1, 2 for words of
    /// [`LONG_WORD_CHARS`] letters or more) or dropped, if that finds something.
    fn suggest(
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

/// When a search may read heads instead of full postings lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heads {
    /// Never: a single file, or a page past the heads.
    Never,
    /// Always: one word, whose first pages the heads give exactly.
    Exact,
    /// When the words' common terms are in more than
    /// [`SearchOptions::exact_docs`] documents in all: the hits are then the best of the documents in
    /// their heads, and the result is partial.
    WhenCommon,
}

/// Puts the best `k` of `ranked` first, in order (score, then document
/// number, so that results are deterministic); the rest stay unordered. A
/// common word's thousands of documents are never sorted: one pass keeps
/// the `k` best seen so far, the next moves everything up to the `k`-th to
/// the front.
/// The sections of a page holding the most distinct query words (then the
/// greatest weight, then the earliest), at most [`MAX_SUB_RESULTS`], in page
/// order, each with its own excerpt. `body` are the page's matches, ascending.
fn sub_results(doc: &crate::corpus::Document, body: &[Match]) -> Vec<SubResult> {
    let sections = &doc.sections;
    if sections.is_empty() || body.is_empty() {
        return Vec::new();
    }
    // (distinct clauses, weight, section), for sections with a match.
    let mut ranked: Vec<(usize, u32, usize)> = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        let end = sections.get(i + 1).map_or(u32::MAX, |s| s.position);
        let inside = body
            .iter()
            .filter(|m| m.position >= section.position && m.position < end);
        let weight = inside.clone().map(|m| m.weight * m.weight).sum::<u32>();
        let mut clauses: Vec<usize> = inside.map(|m| m.clause).collect();
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
            let section = &sections[i];
            let end = sections.get(i + 1).map_or(u32::MAX, |s| s.position);
            let matches: Vec<Match> = body
                .iter()
                .filter(|m| m.position >= section.position && m.position < end)
                .copied()
                .collect();
            let excerpt = excerpt(&doc.body, &matches);
            SubResult {
                title: section.title.clone(),
                url: format!("{page}#{}", section.anchor),
                excerpt: excerpt.text,
                highlights: excerpt.highlights,
            }
        })
        .collect()
}

fn top(ranked: &mut [(u32, f64)], k: usize) {
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

/// Whether `stripped` removed the article (ال and its combinations) or the
/// conjunction و from a surface reading, rather than a lone ب ك ل ف.
fn strong_strip(token: &Token, stripped: &str) -> bool {
    token.surface.iter().any(|f| {
        f.strip_suffix(stripped)
            .is_some_and(|prefix| prefix.ends_with("ال") || prefix == "و" || prefix == "ف")
    })
}

/// A word that is a stop word as typed. Also while it is being typed (the
/// last word): it is optional next to other words either way, so that
/// «كلاشنيكوف ثم» finds what «كلاشنيكوف» finds, and its prefix matches only
/// add to the score.
fn is_stop_clause(c: &Clause) -> bool {
    matches!(&c.kind, ClauseKind::Word(w) if w.token.surface.iter().all(|s| is_stop_word(s)))
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
    crate::sort::sort_by(terms, |a, b| {
        b.df.cmp(&a.df).then_with(|| a.term.cmp(&b.term))
    });
    terms.dedup_by(|a, b| a.term == b.term && a.dict == b.dict);
    terms.truncate(n);
}

/// How closely two words stand side by side (in either order) in the same
/// field: the best such pair's lower weight, 0–100, or 0 if they never do,
/// and the best sum of a pair's weights among the pairs with one word of
/// weight `as_typed` or more (in reverse order, nine tenths of it). Exact
/// words next to each other count fully, their stems side by side less.
fn adjacency(a: &Occ, b: &Occ, as_typed: u32) -> (u32, u32) {
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

/// Where the words of a phrase follow each other in the same field: the
/// merged occurrences of those places, or `None` if there are none.
fn phrase(first: &Occ, rest: &[&Occ], params: &Params) -> Option<Occ> {
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
