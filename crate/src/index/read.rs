//! Index bytes → a searchable [`Index`].
//!
//! In: untrusted bytes. [`Index::from_bytes`] verifies magic, version, length
//! and checksum ([`super::format::parse`]) before handing any section to `fst`
//! (which checks its own version and checksum too).
//! Out: dictionary lookups (exact, prefix, typo), postings lists and
//! stored documents. Every read is bounds-checked: damaged bytes give
//! [`Error::Corrupt`], never a panic.

use std::ops::Range;

use std::cell::Cell;

use fst::Automaton;
use fst::Map;

use super::dict::{Dictionary, Wanted};
use super::format::{
    self, corrupt, get_varint, unpack_term, Meta, ShardKind, Shards, SHARD_OFFSET_BITS,
};
use super::fst_check;
use super::postings::{self, List};
use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::typo::Typo;

/// Which dictionary a term lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dict {
    /// Folded word forms.
    Word,
    /// Light stems.
    Stem,
}

/// A dictionary entry: the term, where its postings are and how many documents it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermInfo {
    /// The dictionary.
    pub dict: Dict,
    /// The term as stored.
    pub term: String,
    /// Where its postings are: an offset in the `POST` section, or in a
    /// sharded index `(shard << 20) | offset in the shard`.
    pub offset: u64,
    /// Number of documents containing it.
    pub df: u32,
}

/// A loaded, verified index.
pub struct Index {
    bytes: Vec<u8>,
    meta: Meta,
    words: Dictionary,
    stems: Dictionary,
    /// Number of dictionary chunks (0 for a single file).
    dictionary_chunks: u32,
    /// Where postings and documents are.
    store: Store,
    /// Each document's language.
    languages: format::Languages,
}

/// Postings and stored documents: in the entry file, or in shards added as
/// queries need them.
enum Store {
    /// A single-file index: the `POST` section and the document store.
    Single { post: Range<usize>, docs: Docs },
    /// A sharded index: the shards added so far, by number.
    Sharded {
        layout: Shards,
        postings: Added<Vec<u8>>,
        documents: Added<(Vec<u8>, Docs)>,
    },
}

/// Shards added so far, by number, sorted: a session adds a few hundred at
/// most, and a sorted vector costs the wasm module less than a hash map.
#[derive(Debug)]
struct Added<T>(Vec<(u32, T)>);

impl<T> Default for Added<T> {
    fn default() -> Self {
        Added(Vec::new())
    }
}

impl<T> Added<T> {
    fn get(&self, n: &u32) -> Option<&T> {
        self.0
            .binary_search_by_key(n, |e| e.0)
            .ok()
            .map(|i| &self.0[i].1)
    }

    fn contains_key(&self, n: &u32) -> bool {
        self.get(n).is_some()
    }

    fn insert(&mut self, n: u32, value: T) {
        match self.0.binary_search_by_key(&n, |e| e.0) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (n, value)),
        }
    }
}

/// A document store inside some bytes: a table of `count + 1` little-endian
/// `u32` offsets into the records that follow it, checked when opened.
#[derive(Debug, Clone)]
struct Docs {
    table: Range<usize>,
    records: Range<usize>,
}

impl Docs {
    /// Checks the table: `count + 1` entries, ascending, inside the records.
    fn open(bytes: &[u8], table: Range<usize>, records: Range<usize>, count: u32) -> Result<Docs> {
        let docs = Docs { table, records };
        if docs.table.len() != (count as usize + 1) * 4 {
            return Err(corrupt(format!(
                "document table has {} bytes for {count} documents",
                docs.table.len()
            )));
        }
        let mut prev = 0;
        for i in 0..=count as usize {
            let off = docs.offset(bytes, i);
            if off < prev || off > docs.records.len() {
                return Err(corrupt(format!("document table entry {i} is out of order")));
            }
            prev = off;
        }
        Ok(docs)
    }

    fn offset(&self, bytes: &[u8], i: usize) -> usize {
        let at = self.table.start + 4 * i;
        let mut a = [0; 4];
        a.copy_from_slice(&bytes[at..at + 4]);
        u32::from_le_bytes(a) as usize
    }

    /// The record of document `i` of this store (`i < count`).
    fn record<'a>(&self, bytes: &'a [u8], i: u32) -> &'a [u8] {
        let (start, end) = (
            self.offset(bytes, i as usize),
            self.offset(bytes, i as usize + 1),
        );
        &bytes[self.records.clone()][start..end]
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("documents", &self.meta.doc_count)
            .field("words", &self.words.len())
            .field("stems", &self.stems.len())
            .field("chunks", &self.dictionary_chunks)
            .field("bytes", &self.bytes.len())
            .field("sharded", &self.meta.shards)
            .finish()
    }
}

impl Index {
    /// Verifies and opens an index: a single-file index, or the entry file of
    /// a sharded one (whose shards are then added with [`Index::add_shard`]
    /// as [`Error::MissingShards`] asks for them).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Index> {
        let parsed = format::parse(&bytes)?;
        let whole = |kind| -> Result<Dictionary> {
            Ok(Dictionary::Whole(verified_map(
                kind,
                &bytes[parsed.section(kind)?],
            )?))
        };
        let (words, stems, dictionary_chunks) = match parsed.meta.shards {
            None => (whole(format::WORD)?, whole(format::STEM)?, 0),
            Some(layout) => {
                let dir = format::decode_directory(&bytes[parsed.section(format::TDIR)?])?;
                (
                    Dictionary::chunked(layout.build, dir.words),
                    Dictionary::chunked(layout.build, dir.stems),
                    dir.chunks,
                )
            }
        };
        let store = match parsed.meta.shards {
            Some(layout) => Store::Sharded {
                layout,
                postings: Added::default(),
                documents: Added::default(),
            },
            None => Store::Single {
                post: parsed.section(format::POST)?,
                docs: Docs::open(
                    &bytes,
                    parsed.section(format::DOCX)?,
                    parsed.section(format::DOCS)?,
                    parsed.meta.doc_count,
                )?,
            },
        };
        let languages = format::Languages::decode(
            &bytes[parsed.section(format::LANG)?],
            parsed.meta.doc_count,
        )?;
        Ok(Index {
            meta: parsed.meta,
            words,
            stems,
            dictionary_chunks,
            store,
            languages,
            bytes,
        })
    }

    /// Whether the index was built from a website's pages (`fihris build
    /// --site`): each document's url is its page.
    pub fn is_site(&self) -> bool {
        self.meta.site
    }

    /// The documents' languages, in runs.
    pub fn languages(&self) -> &format::Languages {
        &self.languages
    }

    /// The shard layout, if the index is sharded.
    pub fn shards(&self) -> Option<Shards> {
        self.meta.shards
    }

    /// Adds a shard of a sharded index: `name` as [`Error::MissingShards`]
    /// gave it (a path relative to the index folder), `bytes` the file. The
    /// shard is checked (header, build, checksum, document table, or the
    /// whole dictionary chunk) before it is kept; adding it again replaces it.
    pub fn add_shard(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let doc_count = self.meta.doc_count;
        let chunks = self.dictionary_chunks;
        let Store::Sharded {
            layout,
            postings,
            documents,
        } = &mut self.store
        else {
            return Err(Error::Shard {
                name: name.to_owned(),
                what: "this index is a single file and has no shards".into(),
            });
        };
        let (kind, n) = parse_shard_name(name, layout, chunks)?;
        let payload = format::parse_shard(&bytes, kind, n, layout.build)?;
        let damaged = |e: Error| Error::Shard {
            name: name.to_owned(),
            what: e.to_string(),
        };
        match kind {
            ShardKind::Dictionary => {
                let (words, stems) = format::split_chunk(&bytes[payload]).map_err(damaged)?;
                // Both parts are checked before either is kept: a chunk is
                // added whole or not at all.
                let words = chunk_part(&self.words, n, format::WORD, words).map_err(damaged)?;
                let stems = chunk_part(&self.stems, n, format::STEM, stems).map_err(damaged)?;
                if let Some(map) = words {
                    self.words.add(n, map);
                }
                if let Some(map) = stems {
                    self.stems.add(n, map);
                }
            }
            ShardKind::Postings => {
                postings.insert(n, bytes[payload].to_vec());
            }
            ShardKind::Documents => {
                let first = n * layout.docs_per_shard;
                let count = layout.docs_per_shard.min(doc_count - first);
                let table_end = payload.start + (count as usize + 1) * 4;
                if table_end > payload.end {
                    return Err(damaged(corrupt("document table runs past the end".into())));
                }
                let docs = Docs::open(
                    &bytes,
                    payload.start..table_end,
                    table_end..payload.end,
                    count,
                )
                .map_err(damaged)?;
                documents.insert(n, (bytes, docs));
            }
        }
        Ok(())
    }

    /// The shards, among those the given terms' postings and documents live
    /// in, that have not been added yet (names relative to the index folder).
    /// `heads`: whether the terms' heads are read instead of their full
    /// lists, where they have one.
    pub fn missing_shards<'a>(
        &self,
        terms: impl IntoIterator<Item = &'a TermInfo>,
        heads: bool,
        docs: &[u32],
    ) -> Vec<String> {
        let Store::Sharded {
            layout,
            postings,
            documents,
        } = &self.store
        else {
            return Vec::new();
        };
        let mut names = Vec::new();
        for t in terms {
            let n = (self.address(t, heads) >> SHARD_OFFSET_BITS) as u32;
            if !postings.contains_key(&n) {
                names.push(format::shard_name(ShardKind::Postings, n, layout.build));
            }
        }
        for &d in docs {
            let n = d / layout.docs_per_shard;
            if !documents.contains_key(&n) {
                names.push(format::shard_name(ShardKind::Documents, n, layout.build));
            }
        }
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.meta.doc_count
    }

    /// Average body length in tokens (at least 1).
    pub fn avg_body_len(&self) -> f64 {
        self.meta.avg_body_len()
    }

    /// Whether `term` has a head ([`format::HEAD_DOCS`] documents where it
    /// weighs most) besides its full postings list.
    pub fn has_head(&self, term: &TermInfo) -> bool {
        self.meta.shards.is_some() && term.df > format::HEAD_MIN_DOCS
    }

    /// The postings address to read for `term`: its head if `heads` and it
    /// has one, else its full list.
    fn address(&self, term: &TermInfo, heads: bool) -> u64 {
        if heads && self.has_head(term) {
            format::head_address(term.offset)
        } else {
            term.offset
        }
    }

    fn dictionary(&self, dict: Dict) -> &Dictionary {
        match dict {
            Dict::Word => &self.words,
            Dict::Stem => &self.stems,
        }
    }

    /// The dictionary chunks of a sharded index not added yet (names
    /// relative to the index folder), for a caller that wants the whole
    /// dictionary at hand.
    pub fn missing_dictionary_chunks(&self) -> Vec<String> {
        let mut names = self.words.missing();
        names.extend(self.stems.missing());
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// Looks up one exact term (in a sharded index, among the dictionary
    /// chunks added so far).
    pub fn get(&self, dict: Dict, term: &str) -> Option<TermInfo> {
        self.find(dict, term, &Wanted::default())
    }

    /// [`Index::get`], naming in `wanted` the dictionary chunk it lacked.
    pub fn find(&self, dict: Dict, term: &str, wanted: &Wanted) -> Option<TermInfo> {
        self.dictionary(dict)
            .get(term.as_bytes(), wanted)
            .map(|v| term_info(dict, term.to_owned(), v))
    }

    /// Terms starting with `prefix`, in dictionary order, at most `limit`.
    pub fn prefixed(&self, dict: Dict, prefix: &str, limit: usize) -> Vec<TermInfo> {
        self.find_prefixed(dict, prefix, limit, &Wanted::default())
    }

    /// [`Index::prefixed`], naming in `wanted` the dictionary chunks it lacked.
    pub fn find_prefixed(
        &self,
        dict: Dict,
        prefix: &str,
        limit: usize,
        wanted: &Wanted,
    ) -> Vec<TermInfo> {
        let automaton = || Prefix {
            prefix: prefix.as_bytes(),
            budget: Cell::new(PREFIX_BUDGET),
        };
        let found = self
            .dictionary(dict)
            .prefixed(prefix.as_bytes(), limit, automaton, wanted);
        terms(dict, found)
    }

    /// Terms within `distance` edits of `term` ([`Typo`]), at most `limit`,
    /// visiting at most `budget` dictionary bytes, with the bytes it walked
    /// (all of `budget` when it ran out and some matches may be missing).
    /// Words too long for typo matching give no terms.
    pub fn fuzzy(
        &self,
        dict: Dict,
        term: &str,
        distance: u8,
        budget: u32,
        limit: usize,
    ) -> (Vec<TermInfo>, u32) {
        self.find_fuzzy(dict, term, distance, budget, limit, &Wanted::default())
    }

    /// [`Index::fuzzy`], naming in `wanted` the dictionary chunks it lacked.
    pub fn find_fuzzy(
        &self,
        dict: Dict,
        term: &str,
        distance: u8,
        budget: u32,
        limit: usize,
        wanted: &Wanted,
    ) -> (Vec<TermInfo>, u32) {
        let Some(automaton) = Typo::new(term, distance, budget) else {
            return (Vec::new(), 0);
        };
        let found = self.dictionary(dict).search(&automaton, limit, wanted);
        (terms(dict, found), automaton.spent())
    }

    /// The postings of a term found in this index (positions decoded on
    /// demand): its head if `heads` and it has one ([`Index::has_head`]),
    /// else all of them.
    pub fn postings(&self, term: &TermInfo, heads: bool) -> Result<List<'_>> {
        let address = self.address(term, heads);
        let list = match &self.store {
            Store::Single { post, .. } => postings::read(&self.bytes[post.clone()], address)?,
            Store::Sharded {
                layout, postings, ..
            } => {
                let n = (address >> SHARD_OFFSET_BITS) as u32;
                if n >= layout.postings {
                    return Err(corrupt(format!(
                        "«{}» points past the last postings shard",
                        term.term
                    )));
                }
                let shard = postings.get(&n).ok_or_else(|| Error::MissingShards {
                    names: vec![format::shard_name(ShardKind::Postings, n, layout.build)],
                })?;
                let offset = address & ((1 << SHARD_OFFSET_BITS) - 1);
                postings::read(shard, offset)?
            }
        };
        if list
            .entries
            .last()
            .is_some_and(|p| p.doc >= self.meta.doc_count)
        {
            return Err(corrupt(format!(
                "postings of «{}» name a document past the last",
                term.term
            )));
        }
        Ok(list)
    }

    /// The stored fields of document number `doc`, as the corpus gave them.
    pub fn document(&self, doc: u32) -> Result<Document> {
        if doc >= self.meta.doc_count {
            return Err(corrupt(format!("no document number {doc}")));
        }
        let record = match &self.store {
            Store::Single { docs, .. } => docs.record(&self.bytes, doc),
            Store::Sharded {
                layout, documents, ..
            } => {
                let n = doc / layout.docs_per_shard;
                let (bytes, docs) = documents.get(&n).ok_or_else(|| Error::MissingShards {
                    names: vec![format::shard_name(ShardKind::Documents, n, layout.build)],
                })?;
                docs.record(bytes, doc - n * layout.docs_per_shard)
            }
        };
        let mut r = Record {
            bytes: record,
            pos: 0,
            doc,
        };
        let mut fields: [String; 6] = Default::default();
        for field in fields.iter_mut() {
            *field = r.string()?;
        }
        let [id, title, url, date, source, body] = fields;
        let opt = |s: String| if s.is_empty() { None } else { Some(s) };
        let lang = opt(r.string()?);
        let mut meta = Vec::new();
        for _ in 0..r.count()? {
            meta.push((r.string()?, r.string()?));
        }
        let mut sections = Vec::new();
        for _ in 0..r.count()? {
            sections.push(crate::corpus::Section {
                anchor: r.string()?,
                title: r.string()?,
                position: u32::try_from(get_varint(r.bytes, &mut r.pos)?).map_err(|_| {
                    corrupt(format!("stored document {doc} has a section past its end"))
                })?,
            });
        }
        Ok(Document {
            id,
            title,
            url: opt(url),
            date: opt(date),
            source: opt(source),
            body,
            lang,
            meta,
            sections,
            weights: Vec::new(),
        })
    }
}

/// A stored document's bytes, read field by field, every read checked.
struct Record<'a> {
    bytes: &'a [u8],
    pos: usize,
    doc: u32,
}

impl Record<'_> {
    fn string(&mut self) -> Result<String> {
        let len = get_varint(self.bytes, &mut self.pos)? as usize;
        let doc = self.doc;
        let bytes = self
            .pos
            .checked_add(len)
            .and_then(|e| self.bytes.get(self.pos..e))
            .ok_or_else(|| corrupt(format!("stored document {doc} runs past its end")))?;
        let s = std::str::from_utf8(bytes)
            .map_err(|_| corrupt(format!("stored document {doc} is not UTF-8")))?
            .to_owned();
        self.pos += len;
        Ok(s)
    }

    /// A count of entries, each at least one byte: no more than the bytes left.
    fn count(&mut self) -> Result<usize> {
        let n = get_varint(self.bytes, &mut self.pos)?;
        if n > (self.bytes.len() - self.pos.min(self.bytes.len())) as u64 {
            return Err(corrupt(format!(
                "stored document {} lists more entries than it has bytes",
                self.doc
            )));
        }
        Ok(n as usize)
    }
}

/// A dictionary (a whole section or a chunk) checked by `fst`'s checksum and
/// by a walk of every node, so that lookups cannot go astray.
fn verified_map(kind: format::Kind, bytes: &[u8]) -> Result<Map<Vec<u8>>> {
    format::check_fst(kind, bytes)?;
    fst_check::check(&format::kind_name(kind), bytes)?;
    Ok(Map::new(bytes.to_vec())?)
}

/// `dictionary`'s part of chunk `n`, verified: `None` when the directory
/// says the chunk has no keys of it, an error when the bytes disagree.
fn chunk_part(
    dictionary: &Dictionary,
    n: u32,
    kind: format::Kind,
    bytes: &[u8],
) -> Result<Option<Map<Vec<u8>>>> {
    if dictionary.has_part(n) == bytes.is_empty() {
        return Err(corrupt(
            "its word and stem parts do not match the index's directory".into(),
        ));
    }
    if bytes.is_empty() {
        return Ok(None);
    }
    verified_map(kind, bytes).map(Some)
}

fn term_info(dict: Dict, term: String, value: u64) -> TermInfo {
    let (offset, df) = unpack_term(value);
    TermInfo {
        dict,
        term,
        offset,
        df,
    }
}

/// Dictionary keys and values as terms. Keys were written from `&str`; a
/// damaged key is skipped, not trusted.
fn terms(dict: Dict, found: Vec<(Vec<u8>, u64)>) -> Vec<TermInfo> {
    found
        .into_iter()
        .filter_map(|(key, v)| Some(term_info(dict, String::from_utf8(key).ok()?, v)))
        .collect()
}

/// `(kind, number)` of a shard name `<build>/<n % 16>/<letter><n>.bin` of
/// this index (`chunks`: how many dictionary chunks it has), or an error
/// saying why it is none.
fn parse_shard_name(name: &str, layout: &Shards, chunks: u32) -> Result<(ShardKind, u32)> {
    let bad = |what: &str| Error::Shard {
        name: name.to_owned(),
        what: what.to_owned(),
    };
    let rest = name
        .strip_prefix(&format::shard_dir(layout.build))
        .and_then(|r| r.strip_prefix('/'))
        .ok_or_else(|| bad("it is not in this build's shard folder"))?;
    let (folder, rest) = rest
        .split_once('/')
        .ok_or_else(|| bad("it is not in one of this build's sixteen subfolders"))?;
    // The letter and the rest, split by get (the letter is ASCII) rather than
    // by indexing, whose panic would bring its formatting into the wasm module.
    let number = rest.get(1..).unwrap_or_default();
    let (kind, count) = match rest.as_bytes().first() {
        Some(b'p') => (ShardKind::Postings, layout.postings),
        Some(b'd') => (ShardKind::Documents, layout.documents),
        Some(b't') => (ShardKind::Dictionary, chunks),
        _ => return Err(bad("it is not a dictionary, postings or document shard")),
    };
    let n: u32 = number
        .strip_suffix(".bin")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad("its name has no shard number"))?;
    if n >= count {
        return Err(bad("this index has no shard of that number"));
    }
    // Compared by characters, not by formatting the expected name: that
    // would bring formatting into the wasm module for one check.
    if folder.chars().ne([format::shard_folder(n)]) {
        return Err(bad("it is not where this index keeps that shard"));
    }
    Ok((kind, n))
}

/// Dictionary bytes one prefix lookup may walk. A sound dictionary yields its
/// `limit` terms long before; the cap is for a damaged one whose nodes loop
/// back on themselves (checksums catch accidents, not a hostile host).
const PREFIX_BUDGET: u32 = 1 << 20;

/// Accepts the terms that start with `prefix`, walking at most
/// [`PREFIX_BUDGET`] bytes of the dictionary.
struct Prefix<'a> {
    prefix: &'a [u8],
    budget: Cell<u32>,
}

impl Automaton for Prefix<'_> {
    /// Bytes of the prefix matched so far; `None` once it cannot match.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, s: &Option<usize>) -> bool {
        *s == Some(self.prefix.len())
    }

    fn can_match(&self, s: &Option<usize>) -> bool {
        s.is_some() && self.budget.get() > 0
    }

    fn will_always_match(&self, _: &Option<usize>) -> bool {
        false
    }

    fn accept(&self, s: &Option<usize>, byte: u8) -> Option<usize> {
        let left = self.budget.get().checked_sub(1)?;
        self.budget.set(left);
        let n = (*s)?;
        match self.prefix.get(n) {
            Some(&b) if b == byte => Some(n + 1),
            Some(_) => None,
            None => Some(n),
        }
    }
}
