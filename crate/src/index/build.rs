//! Documents → index files, streaming, in bounded memory.
//!
//! In: [`Document`]s, one at a time, in the order they should be numbered
//! (or already analysed by [`analyze_document`], which may run on other
//! threads). Out: the entry file's bytes, the shard files of a sharded index
//! written through an [`Output`], and a [`BuildStats`] summary.
//!
//! How memory stays bounded ([`BuildOptions::memory`]):
//! - A document's stored fields go straight to the document store: a scratch
//!   area of the [`Output`], one document shard at a time.
//! - Its terms' postings are appended, already encoded, to an in-memory run.
//!   When the run outgrows the budget it is sorted by term and spilled to a
//!   scratch area. At the end the runs are merged term by term (the `fst`
//!   needs sorted keys), so only one term's postings are in memory at a time,
//!   and written out as the `POST` section or as postings shards.
//!
//! Runs hold documents in ascending order, so merging a term's pieces only
//! re-bases the first document delta of each piece. Terms sort the same way
//! whatever the runs were, so the output is byte-identical for the same
//! corpus and options, whatever the memory budget.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;

use super::format::{
    self, pack_term, put_varint, shard_name, BuildHash, Meta, ShardKind, Shards, SHARD_OFFSET_BITS,
};
use super::postings;
use crate::analyze::{analyze, Token};
use crate::corpus::Document;
use crate::error::{Error, Result};

/// Figures about a finished index, for the build summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Documents indexed.
    pub documents: u32,
    /// Distinct word forms in the dictionary.
    pub words: usize,
    /// Distinct stems in the dictionary.
    pub stems: usize,
    /// Tokens indexed (titles and bodies).
    pub tokens: u64,
    /// Bytes of each section of the entry file, in file order.
    pub sections: Vec<(String, usize)>,
    /// Bytes of the entry file.
    pub total_bytes: usize,
    /// Postings shards written and their bytes (0 for a single file).
    pub postings_shards: (u32, u64),
    /// Document shards written and their bytes (0 for a single file).
    pub document_shards: (u32, u64),
    /// Dictionary chunks (words and stems) written and their bytes (0 for a
    /// single file).
    pub dictionary_shards: (u32, u64),
    /// Sorted runs spilled because postings outgrew the memory budget.
    pub runs: u32,
}

/// How to split a sharded index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardOptions {
    /// Documents per document shard: a page of hits fetches the shards of
    /// its documents, so aim at a few KiB per shard.
    pub docs_per_shard: u32,
    /// Target bytes of a postings shard (at most 1 MiB; a longer postings
    /// list gets a shard of its own).
    pub postings_bytes: usize,
    /// Target bytes of a dictionary chunk: a query word fetches the chunks
    /// that hold its forms, so small chunks mean few bytes per query and
    /// more, smaller requests.
    pub dictionary_bytes: usize,
}

impl Default for ShardOptions {
    fn default() -> Self {
        ShardOptions {
            docs_per_shard: 16,
            postings_bytes: 8 * 1024,
            dictionary_bytes: 4 * 1024,
        }
    }
}

/// Options of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// `None`: one file. `Some`: an entry file plus shards.
    pub shards: Option<ShardOptions>,
    /// Bytes of encoded postings held in memory before a sorted run is
    /// spilled to the [`Output`]'s scratch space.
    pub memory: usize,
    /// The documents are a website's pages (their urls are the pages):
    /// recorded in `META` so that results open them.
    pub site: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            shards: None,
            memory: 256 << 20,
            site: false,
        }
    }
}

/// A scratch area of a build: written once by appending, then read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scratch {
    /// Sorted run number n of postings.
    Run(u32),
    /// The document store, shard payload after shard payload.
    Documents,
}

/// Where a build puts what does not stay in memory: scratch areas it
/// reads back, and the shard files of a sharded index. The CLI keeps them in
/// files; [`MemoryOutput`] keeps them in memory.
pub trait Output {
    /// Appends bytes to a scratch area, creating it on first use.
    fn append(&mut self, scratch: Scratch, bytes: &[u8]) -> Result<()>;
    /// Reads a scratch area from its start (it is not written to again).
    /// Several may be open at once: the merge reads every run together.
    fn read(&mut self, scratch: Scratch) -> Result<Box<dyn Read>>;
    /// Writes a shard file at `name`, relative to the index folder.
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()>;
}

/// An [`Output`] in memory: for tests and small corpora.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    scratch: HashMap<Scratch, Vec<u8>>,
    /// Shard files written, by name.
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Output for MemoryOutput {
    fn append(&mut self, scratch: Scratch, bytes: &[u8]) -> Result<()> {
        self.scratch
            .entry(scratch)
            .or_default()
            .extend_from_slice(bytes);
        Ok(())
    }

    fn read(&mut self, scratch: Scratch) -> Result<Box<dyn Read>> {
        let bytes = self.scratch.remove(&scratch).unwrap_or_default();
        Ok(Box::new(std::io::Cursor::new(bytes)))
    }

    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.files.insert(name.to_owned(), bytes.to_vec());
        Ok(())
    }
}

/// One document, analysed: what the builder adds, made without it.
#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    record: Vec<u8>,
    body_len: u32,
    tokens: u64,
    /// The document's terms, sorted by dictionary and term.
    terms: Vec<DocTerm>,
    /// The primary subtag of the document's language, if stated.
    lang: Option<String>,
}

/// A term's positions in one document: title, body.
type Positions = (Vec<u32>, Vec<u32>);

/// One term of an analysed document.
#[derive(Debug, Clone, Default)]
struct DocTerm {
    dict: u8,
    term: String,
    title: Vec<u32>,
    body: Vec<u32>,
    /// Its body occurrences' weights summed, in tenths, when one is not 1.
    weighted: Option<u32>,
}

/// Hashes terms eight bytes at a time (the multiply-rotate scheme of rustc's
/// FxHash). A build hashes every token of the corpus, twice, and SipHash's
/// protection against chosen keys buys nothing here: the corpus is the site
/// owner's, and a slow hash would only slow their own build. Output order
/// never depends on it (terms are sorted before they are written).
#[derive(Default)]
struct TermHasher(u64);

impl TermHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
}

type TermMap<K, V> = HashMap<K, V, BuildHasherDefault<TermHasher>>;

/// Analyses one document for [`IndexBuilder::add_analyzed`]: the costly
/// part of a build, free of shared state, so it can run on any thread.
pub fn analyze_document(doc: &Document) -> Analyzed {
    let title = analyze(&doc.title);
    let body = analyze(&doc.body);
    let mut terms: TermMap<(u8, &str), Positions> = TermMap::default();
    for (field, tokens) in [(0, &title), (1, &body)] {
        for (position, token) in tokens.iter().enumerate() {
            let position = position as u32;
            let words = dedup(token.words()).into_iter().map(|t| (WORD, t));
            let stems = dedup(stem_terms(token)).into_iter().map(|t| (STEM, t));
            for key in words.chain(stems) {
                let (t, b) = terms.entry(key).or_default();
                if field == 0 { t } else { b }.push(position);
            }
        }
    }
    let weights = body_weights(&doc.weights, body.len());
    let mut terms: Vec<DocTerm> = terms
        .into_iter()
        .map(|((dict, term), (title, body))| {
            let weighted = weights.as_ref().and_then(|w| {
                let mut sum = 0u32;
                let mut plain = true;
                for &p in &body {
                    let t = w.get(p as usize).copied().unwrap_or(10);
                    plain &= t == 10;
                    sum += u32::from(t);
                }
                (!plain).then_some(sum)
            });
            DocTerm {
                dict,
                term: term.to_owned(),
                title,
                body,
                weighted,
            }
        })
        .collect();
    terms.sort_unstable_by(|a, b| (a.dict, &a.term).cmp(&(b.dict, &b.term)));
    let mut record = Vec::with_capacity(doc.body.len() + doc.title.len() + 64);
    for field in [
        Some(doc.id.as_str()),
        Some(doc.title.as_str()),
        doc.url.as_deref(),
        doc.date.as_deref(),
        doc.source.as_deref(),
        Some(doc.body.as_str()),
    ] {
        put_str(&mut record, field.unwrap_or(""));
    }
    // Site pages' fields; a counted list each, so that a document without
    // them costs three bytes.
    put_str(&mut record, doc.lang.as_deref().unwrap_or(""));
    put_varint(&mut record, doc.meta.len() as u64);
    for (key, value) in &doc.meta {
        put_str(&mut record, key);
        put_str(&mut record, value);
    }
    put_varint(&mut record, doc.sections.len() as u64);
    for section in &doc.sections {
        put_str(&mut record, &section.anchor);
        put_str(&mut record, &section.title);
        put_varint(&mut record, u64::from(section.position));
    }
    Analyzed {
        record,
        body_len: body.len() as u32,
        tokens: (title.len() + body.len()) as u64,
        terms,
        lang: doc.lang.as_deref().and_then(format::primary_language),
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Each body token's weight in tenths, when some range weighs other than
/// one; later ranges override earlier ones (an element inside another).
fn body_weights(ranges: &[crate::corpus::Weight], tokens: usize) -> Option<Vec<u16>> {
    if ranges.iter().all(|r| r.tenths == 10) {
        return None;
    }
    let mut w = vec![10u16; tokens];
    for r in ranges {
        let end = (r.end as usize).min(tokens);
        for slot in w.iter_mut().take(end).skip(r.start as usize) {
            *slot = r.tenths;
        }
    }
    Some(w)
}

const WORD: u8 = 0;
const STEM: u8 = 1;

/// The order terms are written in: by key, the word before the stem of the
/// same key. Dictionary chunks hold both dictionaries' keys of a range, and
/// a form's word and stem postings land side by side in the postings shards.
fn term_order(a: &(u8, String), b: &(u8, String)) -> std::cmp::Ordering {
    a.1.cmp(&b.1).then(a.0.cmp(&b.0))
}
/// Estimated bytes of bookkeeping per in-memory term, beyond its key and
/// postings: the hash table's slot, its key and piece headers, spare slots.
const TERM_OVERHEAD: usize = 96;

/// A term's postings in the current run: already encoded, the first document
/// delta counted from 0.
#[derive(Debug, Default)]
struct Piece {
    count: u32,
    last_doc: u32,
    bytes: Vec<u8>,
}

/// Accumulates documents and writes the index.
pub struct IndexBuilder<O: Output = MemoryOutput> {
    options: BuildOptions,
    output: O,
    meta: Meta,
    tokens: u64,
    /// Postings of the current run, by `(dictionary, term)`.
    run: TermMap<(u8, String), Piece>,
    run_bytes: usize,
    runs: u32,
    /// The document shard being filled: its records and their offsets.
    shard_records: Vec<u8>,
    shard_offsets: Vec<u32>,
    /// Payload length of every document shard flushed to scratch.
    doc_shards: Vec<u64>,
    /// Each document's language, in runs.
    languages: format::Languages,
    hash: BuildHash,
}

impl IndexBuilder<MemoryOutput> {
    /// A builder of a single-file index in memory.
    pub fn new() -> Self {
        Self::with_output(BuildOptions::default(), MemoryOutput::default())
    }
}

impl Default for IndexBuilder<MemoryOutput> {
    fn default() -> Self {
        Self::new()
    }
}

impl<O: Output> IndexBuilder<O> {
    /// A builder with explicit options, spilling and writing shards to `output`.
    pub fn with_output(mut options: BuildOptions, output: O) -> Self {
        if let Some(s) = &mut options.shards {
            s.docs_per_shard = s.docs_per_shard.max(1);
            s.postings_bytes = s.postings_bytes.clamp(1, 1 << SHARD_OFFSET_BITS);
        }
        let mut hash = BuildHash::default();
        hash.update(&format::FORMAT_VERSION.to_le_bytes());
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(&[u8::from(options.site)]);
        if let Some(s) = &options.shards {
            hash.update(&s.docs_per_shard.to_le_bytes());
            hash.update(&(s.postings_bytes as u64).to_le_bytes());
        }
        IndexBuilder {
            options,
            output,
            meta: Meta::default(),
            tokens: 0,
            run: TermMap::default(),
            run_bytes: 0,
            runs: 0,
            shard_records: Vec::new(),
            shard_offsets: Vec::new(),
            doc_shards: Vec::new(),
            languages: format::Languages::default(),
            hash,
        }
    }

    /// Documents added so far.
    pub fn documents(&self) -> u32 {
        self.meta.doc_count
    }

    /// Adds one document; it gets the next document number.
    pub fn add(&mut self, doc: &Document) -> Result<()> {
        self.add_analyzed(analyze_document(doc))
    }

    /// Adds a document analysed by [`analyze_document`]; it gets the next number.
    pub fn add_analyzed(&mut self, doc: Analyzed) -> Result<()> {
        let number = self.meta.doc_count;
        if number == u32::MAX {
            return Err(Error::Document {
                path: String::new(),
                reason: "more than 4,294,967,294 documents: split the corpus".into(),
            });
        }
        for DocTerm {
            dict,
            term,
            title,
            body,
            weighted,
        } in doc.terms
        {
            let piece = match self.run.get_mut(&(dict, term.clone())) {
                Some(p) => p,
                None => {
                    self.run_bytes += term.capacity() + TERM_OVERHEAD;
                    self.run.entry((dict, term)).or_default()
                }
            };
            let before = piece.bytes.capacity();
            postings::encode_entry(
                &mut piece.bytes,
                number - piece.last_doc,
                doc.body_len,
                &title,
                &body,
                weighted,
            );
            piece.count += 1;
            piece.last_doc = number;
            self.run_bytes += piece.bytes.capacity() - before;
        }
        self.add_record(&doc.record)?;
        self.languages.push(number, doc.lang.as_deref());
        self.meta.doc_count += 1;
        self.meta.body_tokens += u64::from(doc.body_len);
        self.tokens += doc.tokens;
        if self.run_bytes > self.options.memory {
            self.spill()?;
        }
        Ok(())
    }

    fn docs_per_shard(&self) -> u32 {
        self.options.shards.map_or(u32::MAX, |s| s.docs_per_shard)
    }

    fn add_record(&mut self, record: &[u8]) -> Result<()> {
        let offset = u32::try_from(self.shard_records.len() + record.len())
            .map_err(|_| Error::Document {
                path: String::new(),
                reason: "the document store would exceed 4 GiB: build a sharded index (`--shards always`)".into(),
            })?;
        if self.shard_offsets.is_empty() {
            self.shard_offsets.push(0);
        }
        self.shard_records.extend_from_slice(record);
        self.shard_offsets.push(offset);
        if self.shard_offsets.len() - 1 == self.docs_per_shard() as usize {
            self.flush_doc_shard()?;
        }
        Ok(())
    }

    /// Moves the filled document shard (table, then records) to scratch.
    fn flush_doc_shard(&mut self) -> Result<()> {
        if self.shard_offsets.is_empty() {
            return Ok(());
        }
        let mut payload =
            Vec::with_capacity(4 * self.shard_offsets.len() + self.shard_records.len());
        for off in &self.shard_offsets {
            payload.extend_from_slice(&off.to_le_bytes());
        }
        payload.extend_from_slice(&self.shard_records);
        self.hash.update(&payload);
        self.output.append(Scratch::Documents, &payload)?;
        self.doc_shards.push(payload.len() as u64);
        self.shard_offsets.clear();
        self.shard_records.clear();
        Ok(())
    }

    /// Sorts the current run and appends it to scratch.
    fn spill(&mut self) -> Result<()> {
        let mut pieces: Vec<((u8, String), Piece)> =
            std::mem::take(&mut self.run).into_iter().collect();
        pieces.sort_unstable_by(|a, b| term_order(&a.0, &b.0));
        let mut buf = Vec::with_capacity(1 << 20);
        for ((dict, term), piece) in pieces {
            buf.push(dict);
            put_varint(&mut buf, term.len() as u64);
            buf.extend_from_slice(term.as_bytes());
            put_varint(&mut buf, u64::from(piece.count));
            put_varint(&mut buf, u64::from(piece.last_doc));
            put_varint(&mut buf, piece.bytes.len() as u64);
            buf.extend_from_slice(&piece.bytes);
            if buf.len() >= 1 << 20 {
                self.output.append(Scratch::Run(self.runs), &buf)?;
                buf.clear();
            }
        }
        self.output.append(Scratch::Run(self.runs), &buf)?;
        self.runs += 1;
        self.run_bytes = 0;
        Ok(())
    }

    /// Writes the index: returns the entry file, having written the shards
    /// of a sharded index to the output. An index without documents is an
    /// error: a search box over nothing is a mistake the site owner wants to
    /// hear about.
    pub fn finish(self) -> Result<(Vec<u8>, BuildStats)> {
        self.finish_with_output()
            .map(|(bytes, stats, _)| (bytes, stats))
    }

    /// [`IndexBuilder::finish`], also giving back the output.
    pub fn finish_with_output(mut self) -> Result<(Vec<u8>, BuildStats, O)> {
        if self.meta.doc_count == 0 {
            return Err(Error::EmptyCorpus);
        }
        self.flush_doc_shard()?;
        // Spill the last run unless it is the only one: then merge from memory.
        let in_memory = if self.runs == 0 {
            let mut pieces: Vec<((u8, String), Piece)> =
                std::mem::take(&mut self.run).into_iter().collect();
            pieces.sort_unstable_by(|a, b| term_order(&a.0, &b.0));
            Some(pieces)
        } else {
            if !self.run.is_empty() {
                self.spill()?;
            }
            None
        };
        let build = self.hash.finish();
        let sharded = self.options.shards;
        self.meta.shards = sharded.map(|s| Shards {
            postings: 0,
            documents: self.doc_shards.len() as u32,
            docs_per_shard: s.docs_per_shard,
            build,
        });
        let mut post = PostWriter {
            shard: sharded.map(|s| s.postings_bytes),
            build,
            buf: Vec::new(),
            shards: 0,
            shard_bytes: 0,
        };
        let mut dicts = DictWriter::new(sharded.map(|s| s.dictionary_bytes), build);
        let (mut n_words, mut n_stems) = (0, 0);
        let avg = self.meta.avg_body_len();
        let mut add_term = |dict: u8,
                            term: &[u8],
                            count: u32,
                            list: &[u8],
                            post: &mut PostWriter,
                            output: &mut O|
         -> Result<()> {
            let offset = if post.shard.is_some() && count > format::HEAD_MIN_DOCS {
                // A full list starting a shard of its own, its head alone
                // in the next (format::head_address).
                post.flush(output)?;
                let offset = post.add(list, output)?;
                post.flush(output)?;
                let at = post.add(&head(list, avg)?, output)?;
                debug_assert_eq!(at, format::head_address(offset));
                // Alone in its shard: a reader of the head reads nothing else.
                post.flush(output)?;
                offset
            } else {
                post.add(list, output)?
            };
            let value = pack_term(offset, count);
            if dict == WORD {
                n_words += 1;
            } else {
                n_stems += 1;
            }
            dicts.insert(usize::from(dict), term, value, output)
        };
        let mut list = Vec::new();
        match in_memory {
            Some(pieces) => {
                for ((dict, term), piece) in pieces {
                    list.clear();
                    put_varint(&mut list, u64::from(piece.count));
                    list.extend_from_slice(&piece.bytes);
                    add_term(
                        dict,
                        term.as_bytes(),
                        piece.count,
                        &list,
                        &mut post,
                        &mut self.output,
                    )?;
                }
            }
            None => {
                let mut readers = Vec::with_capacity(self.runs as usize);
                for r in 0..self.runs {
                    let source = self.output.read(Scratch::Run(r))?;
                    readers.push(RunReader(std::io::BufReader::with_capacity(
                        64 << 10,
                        source,
                    )));
                }
                // A k-way merge: the smallest (term, dictionary) among the runs' heads.
                let mut heads: Vec<Option<RunEntry>> = readers
                    .iter_mut()
                    .map(RunReader::next)
                    .collect::<Result<_>>()?;
                while let Some(min) = heads
                    .iter()
                    .flatten()
                    .map(|e| (e.dict, e.term.clone()))
                    .min_by(term_order)
                {
                    let mut pieces = Vec::new();
                    for (i, head) in heads.iter_mut().enumerate() {
                        if head
                            .as_ref()
                            .is_some_and(|e| (e.dict, &e.term) == (min.0, &min.1))
                        {
                            pieces.push(head.take().expect("checked"));
                            *head = readers[i].next()?;
                        }
                    }
                    let count: u32 = pieces.iter().map(|p| p.count).sum();
                    list.clear();
                    put_varint(&mut list, u64::from(count));
                    let mut last = 0u32;
                    for (i, p) in pieces.iter().enumerate() {
                        // Re-base the piece's first document on the previous piece's last.
                        let mut pos = 0;
                        let first = format::get_varint(&p.bytes, &mut pos)? as u32;
                        put_varint(
                            &mut list,
                            u64::from(if i == 0 { first } else { first - last }),
                        );
                        list.extend_from_slice(&p.bytes[pos..]);
                        last = p.last_doc;
                    }
                    add_term(
                        min.0,
                        min.1.as_bytes(),
                        count,
                        &list,
                        &mut post,
                        &mut self.output,
                    )?;
                }
            }
        }
        post.flush(&mut self.output)?;
        let dicts = dicts.finish(&mut self.output)?;
        let mut docs = self.output.read(Scratch::Documents)?;
        let mut stats = BuildStats {
            documents: self.meta.doc_count,
            words: n_words,
            stems: n_stems,
            tokens: self.tokens,
            runs: self.runs,
            ..BuildStats::default()
        };
        self.meta.site = self.options.site;
        let languages = self.languages.encode();
        let bytes = match &mut self.meta.shards {
            None => {
                let docs = read_exact(&mut docs, self.doc_shards.iter().sum::<u64>())?;
                let table_len = 4 * (self.meta.doc_count as usize + 1);
                let (docx, records) = docs.split_at(table_len.min(docs.len()));
                let sections: [(format::Kind, &[u8]); 6] = [
                    (format::WORD, &dicts.words),
                    (format::STEM, &dicts.stems),
                    (format::POST, &post.buf),
                    (format::DOCX, docx),
                    (format::DOCS, records),
                    (format::LANG, &languages),
                ];
                stats.sections = section_sizes(&sections);
                format::write(&self.meta, &sections)
            }
            Some(layout) => {
                layout.postings = post.shards;
                stats.postings_shards = (post.shards, post.shard_bytes);
                let mut total = 0u64;
                for (n, &len) in self.doc_shards.iter().enumerate() {
                    let payload = read_exact(&mut docs, len)?;
                    let file = format::shard_file(ShardKind::Documents, n as u32, build, &payload);
                    total += file.len() as u64;
                    self.output
                        .write(&shard_name(ShardKind::Documents, n as u32, build), &file)?;
                }
                stats.document_shards = (self.doc_shards.len() as u32, total);
                stats.dictionary_shards = (dicts.chunks, dicts.chunk_bytes);
                let sections: [(format::Kind, &[u8]); 2] =
                    [(format::TDIR, &dicts.directory), (format::LANG, &languages)];
                stats.sections = section_sizes(&sections);
                format::write(&self.meta, &sections)
            }
        };
        stats.total_bytes = bytes.len();
        Ok((bytes, stats, self.output))
    }
}

fn section_sizes(sections: &[(format::Kind, &[u8])]) -> Vec<(String, usize)> {
    sections
        .iter()
        .map(|(k, b)| (String::from_utf8_lossy(k).into_owned(), b.len()))
        .collect()
}

fn scratch_error(e: std::io::Error) -> Error {
    Error::Document {
        path: String::new(),
        reason: format!(
            "cannot read back the build's scratch data ({e}): check the disk and build again"
        ),
    }
}

/// The next `len` bytes of a scratch area.
fn read_exact(r: &mut dyn Read, len: u64) -> Result<Vec<u8>> {
    let mut bytes = vec![0; len as usize];
    r.read_exact(&mut bytes).map_err(scratch_error)?;
    Ok(bytes)
}

/// Writes the two dictionaries: one `fst` each for a single file, or, for a
/// sharded index, chunks of about the target size holding the words and the
/// stems of one key range, and their directory.
struct DictWriter {
    /// Target chunk size (both parts together); `None` for a single file.
    chunk: Option<usize>,
    build: u64,
    /// The word and the stem map being filled (indexed by `WORD`, `STEM`).
    maps: [fst::MapBuilder<Vec<u8>>; 2],
    /// The first and last key of each part of the chunk being filled.
    ranges: [Option<format::ChunkRange>; 2],
    /// The chunk's first key (of either part) and the last key inserted.
    first: Vec<u8>,
    last: Vec<u8>,
    directory: Vec<format::ChunkParts>,
    chunk_bytes: u64,
}

/// Finished dictionaries: the two `fst`s (single file), or the chunk
/// directory and the chunks written.
struct Written {
    words: Vec<u8>,
    stems: Vec<u8>,
    directory: Vec<u8>,
    chunks: u32,
    chunk_bytes: u64,
}

/// The first character of a key, as bytes.
fn first_char(k: &[u8]) -> Option<&[u8]> {
    let len = k.first().map_or(0, |&b| match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    });
    k.get(..len)
}

impl DictWriter {
    fn new(chunk: Option<usize>, build: u64) -> DictWriter {
        DictWriter {
            chunk,
            build,
            maps: [fst::MapBuilder::memory(), fst::MapBuilder::memory()],
            ranges: [None, None],
            first: Vec::new(),
            last: Vec::new(),
            directory: Vec::new(),
            chunk_bytes: 0,
        }
    }

    fn is_filling(&self) -> bool {
        self.ranges.iter().any(Option::is_some)
    }

    /// Adds the next key of dictionary `dict` (keys come in [`term_order`]),
    /// first closing the chunk if it is full or if the key starts with
    /// another character than the chunk's keys: keys that share a first
    /// letter let typo walks skip the chunk ([`super::dict`]), for a few
    /// more, smaller chunks (the rare letters'). A word and the stem of the
    /// same key are never split: a query looks both up.
    fn insert<O: Output>(
        &mut self,
        dict: usize,
        key: &[u8],
        value: u64,
        output: &mut O,
    ) -> Result<()> {
        if let Some(target) = self.chunk {
            if self.is_filling() && key != self.last.as_slice() {
                let written: u64 = self.maps.iter().map(|m| m.bytes_written()).sum();
                if written >= target as u64 || first_char(key) != first_char(&self.first) {
                    self.flush(output)?;
                }
            }
            if !self.is_filling() {
                self.first.clear();
                self.first.extend_from_slice(key);
            }
            self.last.clear();
            self.last.extend_from_slice(key);
            match &mut self.ranges[dict] {
                Some(r) => {
                    r.last.clear();
                    r.last.extend_from_slice(key);
                }
                None => {
                    self.ranges[dict] = Some(format::ChunkRange {
                        first: key.to_vec(),
                        last: key.to_vec(),
                    })
                }
            }
        }
        self.maps[dict].insert(key, value)?;
        Ok(())
    }

    /// Writes the chunk being filled, if it has a key.
    fn flush<O: Output>(&mut self, output: &mut O) -> Result<()> {
        if !self.is_filling() {
            return Ok(());
        }
        let [words, stems] = std::mem::take(&mut self.ranges);
        let mut part = |dict: usize, has: bool| -> Result<Vec<u8>> {
            let map = std::mem::replace(&mut self.maps[dict], fst::MapBuilder::memory());
            Ok(if has { map.into_inner()? } else { Vec::new() })
        };
        let payload = format::encode_chunk(&part(0, words.is_some())?, &part(1, stems.is_some())?);
        self.write(&payload, format::ChunkParts { words, stems }, output)
    }

    fn write<O: Output>(
        &mut self,
        payload: &[u8],
        parts: format::ChunkParts,
        output: &mut O,
    ) -> Result<()> {
        let n = self.directory.len() as u32;
        let file = format::shard_file(ShardKind::Dictionary, n, self.build, payload);
        output.write(&shard_name(ShardKind::Dictionary, n, self.build), &file)?;
        self.directory.push(parts);
        self.chunk_bytes += file.len() as u64;
        Ok(())
    }

    fn finish<O: Output>(mut self, output: &mut O) -> Result<Written> {
        if self.chunk.is_none() {
            let [words, stems] = self.maps;
            return Ok(Written {
                words: words.into_inner()?,
                stems: stems.into_inner()?,
                directory: Vec::new(),
                chunks: 0,
                chunk_bytes: 0,
            });
        }
        self.flush(output)?;
        if self.directory.is_empty() {
            // No term at all (documents without a word): one empty chunk.
            let empty = format::encode_chunk(&[], &[]);
            self.write(&empty, format::ChunkParts::default(), output)?;
        }
        Ok(Written {
            words: Vec::new(),
            stems: Vec::new(),
            directory: format::encode_directory(&self.directory),
            chunks: self.directory.len() as u32,
            chunk_bytes: self.chunk_bytes,
        })
    }
}

/// The head of a postings list (its encoding, count first): the
/// [`format::HEAD_DOCS`] documents where the term weighs most by the
/// default ranking without idf (the same for every document of a term),
/// ties to the lower document number, as a list in document order.
fn head(list: &[u8], avg_len: f64) -> Result<Vec<u8>> {
    let params = crate::rank::Params::default();
    // Counts only: positions are decoded for the chosen documents alone, so
    // a list of a million documents costs 24 bytes a document here.
    let read = postings::read(list, 0)?;
    let weight =
        |e: &postings::Entry| params.score(1.0, e.title as usize, e.body_tf(), e.body_len, avg_len);
    // The best HEAD_DOCS by (weight, then lower document) in linear time: a
    // common word of a million documents is selected, not sorted.
    let mut order: Vec<(f64, usize)> = read
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (weight(e), i))
        .collect();
    let better = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if order.len() > format::HEAD_DOCS {
        order.select_nth_unstable_by(format::HEAD_DOCS - 1, better);
        order.truncate(format::HEAD_DOCS);
    }
    let mut order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    order.sort_unstable();
    let mut chosen = Vec::with_capacity(order.len());
    for i in order {
        let (title, body) = read.positions(i)?;
        let e = &read.entries[i];
        chosen.push(postings::Posting {
            doc: e.doc,
            body_len: e.body_len,
            title,
            body,
            weighted: e.weighted,
        });
    }
    let mut out = Vec::new();
    postings::encode(&chosen, &mut out);
    Ok(out)
}

/// Appends postings lists to the `POST` section or to postings shards.
struct PostWriter {
    /// Target shard size; `None` for a single file.
    shard: Option<usize>,
    build: u64,
    buf: Vec<u8>,
    shards: u32,
    shard_bytes: u64,
}

impl PostWriter {
    /// Appends one whole list; returns its postings address.
    fn add<O: Output>(&mut self, list: &[u8], output: &mut O) -> Result<u64> {
        let Some(target) = self.shard else {
            let offset = self.buf.len() as u64;
            self.buf.extend_from_slice(list);
            return Ok(offset);
        };
        if !self.buf.is_empty() && self.buf.len() + list.len() > target {
            self.flush(output)?;
        }
        let offset = (u64::from(self.shards) << SHARD_OFFSET_BITS) | self.buf.len() as u64;
        self.buf.extend_from_slice(list);
        Ok(offset)
    }

    /// Writes the shard being filled, if any (not for a single file).
    fn flush<O: Output>(&mut self, output: &mut O) -> Result<()> {
        if self.shard.is_none() || self.buf.is_empty() {
            return Ok(());
        }
        let file = format::shard_file(ShardKind::Postings, self.shards, self.build, &self.buf);
        output.write(
            &shard_name(ShardKind::Postings, self.shards, self.build),
            &file,
        )?;
        self.shard_bytes += file.len() as u64;
        self.shards += 1;
        self.buf.clear();
        Ok(())
    }
}

/// One term's piece in a spilled run.
struct RunEntry {
    dict: u8,
    term: String,
    count: u32,
    last_doc: u32,
    bytes: Vec<u8>,
}

/// Reads a spilled run back, entry by entry, streaming.
struct RunReader(std::io::BufReader<Box<dyn Read>>);

impl RunReader {
    fn next(&mut self) -> Result<Option<RunEntry>> {
        let mut dict = [0u8];
        match self.0.read(&mut dict) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(scratch_error(e)),
        }
        let len = self.varint()?;
        let term = String::from_utf8(read_exact(&mut self.0, len)?).map_err(|_| {
            scratch_error(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a term is not UTF-8",
            ))
        })?;
        let count = self.varint()? as u32;
        let last_doc = self.varint()? as u32;
        let len = self.varint()?;
        let bytes = read_exact(&mut self.0, len)?;
        Ok(Some(RunEntry {
            dict: dict[0],
            term,
            count,
            last_doc,
            bytes,
        }))
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let mut b = [0u8];
            self.0.read_exact(&mut b).map_err(scratch_error)?;
            v |= u64::from(b[0] & 0x7f) << shift;
            if b[0] & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(scratch_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "varint too long",
        )))
    }
}

/// The stem-dictionary terms of a token: its stems. Word forms that are
/// their own stem are already in the word dictionary, where stem-tier lookups
/// also search.
fn stem_terms(token: &Token) -> impl Iterator<Item = &str> {
    token.stems.iter().map(String::as_str)
}

fn dedup<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = terms.collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(i: usize) -> Document {
        let words = [
            "كوريا",
            "روسيا",
            "الجنود",
            "بوتين",
            "اوكرانيا",
            "الكوريين",
            "business",
        ];
        let body: Vec<&str> = (0..20)
            .map(|k| words[(i * 7 + k * 3) % words.len()])
            .collect();
        Document {
            id: format!("d{i}"),
            title: format!("عنوان {}", words[i % words.len()]),
            url: None,
            date: None,
            source: None,
            body: body.join(" "),
            ..Document::default()
        }
    }

    fn build(options: BuildOptions, n: usize) -> (Vec<u8>, BuildStats, MemoryOutput) {
        let mut b = IndexBuilder::with_output(options, MemoryOutput::default());
        for i in 0..n {
            b.add(&doc(i)).unwrap();
        }
        b.finish_with_output().unwrap()
    }

    #[test]
    fn the_memory_budget_changes_the_runs_not_the_bytes() {
        let whole = build(BuildOptions::default(), 300);
        let spilled = build(
            BuildOptions {
                memory: 2_000,
                ..BuildOptions::default()
            },
            300,
        );
        assert_eq!(whole.1.runs, 0);
        assert!(spilled.1.runs > 5, "{} runs", spilled.1.runs);
        assert_eq!(whole.0, spilled.0, "same index whatever the budget");
        let sharded = |memory| {
            build(
                BuildOptions {
                    memory,
                    shards: Some(ShardOptions {
                        docs_per_shard: 7,
                        postings_bytes: 300,
                        dictionary_bytes: 200,
                    }),
                    site: false,
                },
                300,
            )
        };
        let (a, b) = (sharded(1 << 30), sharded(2_000));
        assert_eq!(a.0, b.0);
        assert_eq!(a.2.files, b.2.files);
    }

    #[test]
    fn shards_hold_whole_lists_and_whole_document_groups() {
        let (entry, stats, out) = build(
            BuildOptions {
                memory: 1 << 30,
                shards: Some(ShardOptions {
                    docs_per_shard: 7,
                    postings_bytes: 300,
                    dictionary_bytes: 200,
                }),
                site: false,
            },
            100,
        );
        assert_eq!(stats.document_shards.0, 15, "100 documents by 7");
        assert!(stats.postings_shards.0 > 3);
        let meta = format::parse(&entry).unwrap().meta.shards.unwrap();
        assert_eq!(meta.documents, 15);
        assert_eq!(meta.postings, stats.postings_shards.0);
        assert!(stats.dictionary_shards.0 > 2, "{stats:?}");
        assert_eq!(
            out.files.len() as u32,
            stats.document_shards.0 + stats.postings_shards.0 + stats.dictionary_shards.0
        );
        for name in out.files.keys() {
            assert!(name.starts_with(&format::shard_dir(meta.build)), "{name}");
        }
    }
}
