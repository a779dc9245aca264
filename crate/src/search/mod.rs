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

mod evaluate;
mod expand;
mod matches;
mod page;
mod retry;
mod suggest;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};
use crate::index::dict::Wanted;
use crate::index::format::HEAD_DOCS;
use crate::index::{Index, TermInfo};
use crate::query::{ClauseKind, Query};
use crate::rank::{Params, Tier};

use evaluate::{tier_weight, Evaluation};
use expand::keep_most_frequent;
use matches::{Matches, Occ};
use page::top;

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

/// When a word is also matched to its near spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typos {
    /// Only when nothing else matches the word.
    WhenUnknown,
    /// Always (the query found nothing otherwise).
    Always,
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
            if let Some(ranked) = retry::merge(&eval.ranked, &retry.ranked, &retry.phrased) {
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
