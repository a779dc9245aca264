//! The index file format: the one place that knows the byte layout, used by
//! the writer ([`super::build`]) and the reader ([`super::read`]).
//!
//! In (writing): the encoded sections. Out: one byte vector.
//! In (reading): untrusted bytes. Out: the verified sections, or an [`Error`]
//! that says what is wrong — checked *before* any section is decoded.
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"FIHRIS\r\n"   (the \r\n catches text-mode transfers)
//! 8       4     format version (u32 LE) = FORMAT_VERSION
//! 12      4     section count n (u32 LE)
//! 16      8     total length of the file in bytes (u64 LE)
//! 24      4     CRC-32 (IEEE) of every byte after this field
//! 28      4     reserved, zero
//! 32      24*n  section table: kind (4 ASCII bytes), reserved u32, offset u64, length u64
//! ...           sections, each starting at its offset, in table order
//! ```
//!
//! Sections (all integers little-endian, `varint` = unsigned LEB128):
//! * `META` — corpus statistics and flags ([`Meta`]).
//! * `WORD` — `fst::Map` from folded word forms to a packed value
//!   `(postings offset << 24) | min(document frequency, 2^24-1)`.
//! * `STEM` — the same for light stems.
//! * `POST` — postings lists addressed by those offsets ([`super::postings`]).
//! * `DOCX` — `u32` offsets into `DOCS`, one per document plus an end offset.
//! * `DOCS` — stored documents: id, title, url, date, source, body, lang,
//!   each a varint length followed by UTF-8 bytes (empty = absent), then a
//!   varint count of metadata pairs (key, value: strings as before) and one
//!   of sections (anchor, heading: strings; varint token position).
//! * `LANG` (both layouts, last) — each document's language ([`Languages`]).
//! * `TDIR` (sharded only) — the directory of the dictionary chunks
//!   ([`encode_directory`]): for each chunk, in key order, the first and last
//!   key of its words and of its stems.
//!
//! Two layouts share this file. A **single-file** index (small corpora) has
//! all six sections. A **sharded** index has only `META` and `TDIR`
//! in this entry file — a few bytes per dictionary chunk, nothing that grows
//! with the number of documents — and moves the dictionaries, postings and
//! stored documents into shard files in a folder named by the build's hash
//! ([`shard_name`]), fetched as queries need them:
//!
//! ```text
//! <build hash, 16 hex>/<n % 16, hex>/t<n>.bin   dictionary chunk n: the words and the stems of one key range, two fst::Maps
//! <build hash, 16 hex>/<n % 16, hex>/p<n>.bin   postings shard n: postings lists, whole, in term order
//! <build hash, 16 hex>/<n % 16, hex>/d<n>.bin   document shard n: documents n·k … n·k+k−1 (k = docs per shard)
//! ```
//!
//! The dictionaries are cut into chunks of a few KiB because, for a large
//! vocabulary, they outweigh everything else a query needs: a word looks
//! up its forms in the one chunk whose key range holds each, a prefix walks
//! the chunks of its range in order, and a typo walk skips every chunk whose
//! keys' common prefix its automaton cannot extend. A chunk holds both
//! dictionaries' keys of its range ([`encode_chunk`]) because a query looks
//! every form of a word up in both: one request instead of two. Terms are
//! written in key order with the word before the stem of the same key, so
//! a form's word and stem postings are neighbours in the postings shards too.
//!
//! A sharded term's postings address is `(shard << 20) | offset in shard`: a
//! list never straddles two shards, and the reader needs no table to find it.
//! A term in more than [`HEAD_MIN_DOCS`] documents also has a **head**: the
//! [`HEAD_DOCS`] documents where it weighs most (default BM25 without idf),
//! as a postings list of their own. Its full list starts a shard `n`, and
//! its head starts shard `n + 1`, so the head's address needs no table
//! either. A one-word query's first pages are exact from the heads alone
//! (a document outside a term's head has at least `HEAD_DOCS` documents
//! above it), so a common word costs a reader the same few KB at 10,000
//! documents as at 1,000,000.
//! A document's shard is its number divided by `k`. So the entry file holds no
//! table of shards or documents, and its size follows the vocabulary, not the
//! corpus. Every shard starts with a header ([`shard_file`]): magic, format
//! version, kind, number, the build hash and a CRC-32 of its payload; a shard
//! of another build or a damaged one is refused by name.
//!
//! Invariant: the same sections give byte-identical files (no timestamps, no
//! hash-map order).

use crate::error::{Error, Result};

/// The first bytes of every index file.
pub const MAGIC: [u8; 8] = *b"FIHRIS\r\n";
/// The format this code writes and reads. Bump on any layout change.
pub const FORMAT_VERSION: u32 = 5;
const HEADER_LEN: usize = 32;
const ENTRY_LEN: usize = 24;

/// A section's four-byte kind.
pub type Kind = [u8; 4];
/// Corpus statistics.
pub const META: Kind = *b"META";
/// Word dictionary.
pub const WORD: Kind = *b"WORD";
/// Stem dictionary.
pub const STEM: Kind = *b"STEM";
/// Postings lists.
pub const POST: Kind = *b"POST";
/// Document offsets.
pub const DOCX: Kind = *b"DOCX";
/// Stored documents.
pub const DOCS: Kind = *b"DOCS";
/// Directory of the dictionary chunks (words and stems).
pub const TDIR: Kind = *b"TDIR";
/// Documents' languages ([`Languages`]).
pub const LANG: Kind = *b"LANG";
/// Every section a single-file index has, in file order.
pub const SECTIONS: [Kind; 7] = [META, WORD, STEM, POST, DOCX, DOCS, LANG];
/// The sections of a sharded index's entry file.
pub const SHARDED_SECTIONS: [Kind; 3] = [META, TDIR, LANG];
/// Bits of a sharded postings address that are the offset inside its shard.
pub const SHARD_OFFSET_BITS: u32 = 20;
/// A sharded term in more documents than this has a head (see above).
pub const HEAD_MIN_DOCS: u32 = 512;
/// Documents in a head: results up to this rank can come from heads.
pub const HEAD_DOCS: usize = 256;

/// Where the head of a sharded term whose full list is at `address` (and
/// which is in more than [`HEAD_MIN_DOCS`] documents) is: the start of the
/// next shard.
pub fn head_address(address: u64) -> u64 {
    ((address >> SHARD_OFFSET_BITS) + 1) << SHARD_OFFSET_BITS
}

/// Corpus statistics kept in `META`, and the shard layout if there is one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Meta {
    /// Number of documents.
    pub doc_count: u32,
    /// Sum of the body lengths in tokens, for BM25's average length.
    pub body_tokens: u64,
    /// Built from a website's pages (`fihris build --site`): every document's
    /// url is its page, and results open it.
    pub site: bool,
    /// How postings and documents are split into shard files, if they are.
    pub shards: Option<Shards>,
}

/// The layout of a sharded index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shards {
    /// Number of postings shards.
    pub postings: u32,
    /// Number of document shards.
    pub documents: u32,
    /// Documents per document shard (the last may have fewer).
    pub docs_per_shard: u32,
    /// Hash of every shard's payload, in order: names the shard folder.
    pub build: u64,
}

impl Meta {
    /// Average body length in tokens (at least 1), for BM25: the builder
    /// ranks heads with it, the reader scores with it.
    pub fn avg_body_len(&self) -> f64 {
        (self.body_tokens as f64 / f64::from(self.doc_count.max(1))).max(1.0)
    }

    const LEN: usize = 16;
    const SHARDED_LEN: usize = 36;
    /// Bit of the flags word: built from a website.
    const SITE: u32 = 1;

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(Self::SHARDED_LEN);
        out.extend_from_slice(&self.doc_count.to_le_bytes());
        out.extend_from_slice(&self.body_tokens.to_le_bytes());
        let flags = if self.site { Self::SITE } else { 0 };
        out.extend_from_slice(&flags.to_le_bytes());
        if let Some(s) = &self.shards {
            out.extend_from_slice(&s.postings.to_le_bytes());
            out.extend_from_slice(&s.documents.to_le_bytes());
            out.extend_from_slice(&s.docs_per_shard.to_le_bytes());
            out.extend_from_slice(&s.build.to_le_bytes());
        }
        out
    }

    fn decode(bytes: &[u8]) -> Result<Meta> {
        let shards = match bytes.len() {
            Self::LEN => None,
            Self::SHARDED_LEN => {
                let s = Shards {
                    postings: le_u32(&bytes[16..20]),
                    documents: le_u32(&bytes[20..24]),
                    docs_per_shard: le_u32(&bytes[24..28]),
                    build: le_u64(&bytes[28..36]),
                };
                let doc_count = u64::from(le_u32(&bytes[0..4]));
                let covered = u64::from(s.documents) * u64::from(s.docs_per_shard);
                if s.docs_per_shard == 0
                    || covered < doc_count
                    || covered >= doc_count + u64::from(s.docs_per_shard)
                {
                    return Err(corrupt(
                        "META's document shards do not fit the documents".into(),
                    ));
                }
                Some(s)
            }
            n => {
                return Err(corrupt(format!(
                    "META section is {n} bytes, expected {} or {}",
                    Self::LEN,
                    Self::SHARDED_LEN
                )))
            }
        };
        let flags = le_u32(&bytes[12..16]);
        if flags & !Self::SITE != 0 {
            return Err(corrupt(format!("META has unknown flags {flags:#x}")));
        }
        Ok(Meta {
            doc_count: le_u32(&bytes[0..4]),
            body_tokens: le_u64(&bytes[4..12]),
            site: flags & Self::SITE != 0,
            shards,
        })
    }
}

/// Which language each document is in, for a search limited to one: the
/// languages' primary subtags (lower case, ASCII), and runs of consecutive
/// documents of the same language. Pages of a site come in path order, so
/// languages come in runs (`/en/…`): the section follows the number of
/// changes of language, not the number of documents, and a sharded index
/// keeps it in its entry file.
///
/// Layout: varint count of languages, each a varint length and its bytes;
/// varint count of runs, each a varint first document (delta from the
/// previous run's) and a varint language (0: none stated, `k`: the `k`-th).
/// The first run starts at document 0; runs never repeat a language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Languages {
    /// Primary subtags, in order of first appearance.
    pub names: Vec<String>,
    /// `(first document, language)`, ascending, language 0 = none.
    pub runs: Vec<(u32, u32)>,
}

impl Languages {
    /// Records the language of the next document (`doc` = its number).
    pub fn push(&mut self, doc: u32, lang: Option<&str>) {
        let k = match lang {
            None => 0,
            Some(l) => match self.names.iter().position(|n| n == l) {
                Some(i) => i as u32 + 1,
                None => {
                    self.names.push(l.to_string());
                    self.names.len() as u32
                }
            },
        };
        if self.runs.last().is_none_or(|&(_, last)| last != k) {
            self.runs.push((doc, k));
        }
    }

    /// The language number of `name` (a primary subtag), if any document has it.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| i as u32 + 1)
    }

    /// The language number of document `doc` (0: none stated).
    pub fn of(&self, doc: u32) -> u32 {
        match self.runs.binary_search_by_key(&doc, |r| r.0) {
            Ok(i) => self.runs[i].1,
            Err(0) => 0,
            Err(i) => self.runs[i - 1].1,
        }
    }

    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_varint(&mut out, self.names.len() as u64);
        for n in &self.names {
            put_varint(&mut out, n.len() as u64);
            out.extend_from_slice(n.as_bytes());
        }
        put_varint(&mut out, self.runs.len() as u64);
        let mut prev = 0;
        for &(doc, k) in &self.runs {
            put_varint(&mut out, u64::from(doc - prev));
            put_varint(&mut out, u64::from(k));
            prev = doc;
        }
        out
    }

    /// Decodes and checks the section of an index of `doc_count` documents.
    pub fn decode(bytes: &[u8], doc_count: u32) -> Result<Languages> {
        let bad = |what: &str| corrupt(format!("LANG section {what}"));
        let mut pos = 0;
        let count = get_varint(bytes, &mut pos)?;
        if count > bytes.len() as u64 {
            return Err(bad("names more languages than it has bytes"));
        }
        let mut names = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let len = get_varint(bytes, &mut pos)? as usize;
            let name = pos
                .checked_add(len)
                .and_then(|end| bytes.get(pos..end))
                .and_then(|b| std::str::from_utf8(b).ok())
                .ok_or_else(|| bad("has a language name past its end or not UTF-8"))?;
            names.push(name.to_string());
            pos += len;
        }
        let count = get_varint(bytes, &mut pos)?;
        if count > bytes.len() as u64 {
            return Err(bad("has more runs than bytes"));
        }
        let mut runs = Vec::with_capacity(count as usize);
        let mut doc = 0u64;
        for i in 0..count {
            let delta = get_varint(bytes, &mut pos)?;
            let k = get_varint(bytes, &mut pos)?;
            doc += delta;
            if (i == 0 && delta != 0) || (i > 0 && delta == 0) || doc >= u64::from(doc_count.max(1))
            {
                return Err(bad("has runs out of order"));
            }
            if k > names.len() as u64 {
                return Err(bad("names a language it does not list"));
            }
            runs.push((doc as u32, k as u32));
        }
        if pos != bytes.len() {
            return Err(bad("has trailing bytes"));
        }
        Ok(Languages { names, runs })
    }
}

/// The primary subtag of a language tag, lower case (`en-US` → `en`), or
/// `None` when it is not one (empty, not ASCII letters, longer than 8).
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    (!primary.is_empty() && primary.len() <= 8 && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// What a shard file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShardKind {
    /// A chunk of the dictionaries: the words and stems of a key range.
    Dictionary,
    /// Postings lists.
    Postings,
    /// Stored documents.
    Documents,
}

impl ShardKind {
    /// The letter that starts its file names.
    pub fn letter(self) -> u8 {
        match self {
            ShardKind::Dictionary => b't',
            ShardKind::Postings => b'p',
            ShardKind::Documents => b'd',
        }
    }
}

/// The key range of one dictionary chunk: every key of the chunk is in
/// `first ..= last`, and chunks follow each other in key order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRange {
    /// The chunk's smallest key.
    pub first: Vec<u8>,
    /// The chunk's largest key.
    pub last: Vec<u8>,
}

/// The key ranges of one dictionary chunk: its words' and its stems'; a
/// chunk may have keys of only one dictionary (or, in an index without any
/// term, of none).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChunkParts {
    /// The range of the chunk's words, if it has any.
    pub words: Option<ChunkRange>,
    /// The range of the chunk's stems, if it has any.
    pub stems: Option<ChunkRange>,
}

/// A decoded chunk directory: each dictionary's ranges, in key order, with
/// the number of the chunk that holds each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    /// Ranges of the word dictionary and their chunk numbers.
    pub words: Vec<(ChunkRange, u32)>,
    /// Ranges of the stem dictionary and their chunk numbers.
    pub stems: Vec<(ChunkRange, u32)>,
    /// Number of chunks.
    pub chunks: u32,
}

/// Longest key accepted in a chunk directory (the analyzer caps terms far
/// below this).
const MAX_DIRECTORY_KEY: u64 = 1024;

/// The chunk directory (`TDIR`): `varint count`, then for each chunk a flags
/// byte (1: it has words, 2: it has stems) and, for each dictionary it has,
/// `varint len, first key, varint len, last key`.
pub fn encode_directory(chunks: &[ChunkParts]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, chunks.len() as u64);
    for c in chunks {
        out.push(u8::from(c.words.is_some()) | u8::from(c.stems.is_some()) << 1);
        for r in [&c.words, &c.stems].into_iter().flatten() {
            for key in [&r.first, &r.last] {
                put_varint(&mut out, key.len() as u64);
                out.extend_from_slice(key);
            }
        }
    }
    out
}

/// Reads the chunk directory, checking that each dictionary's ranges are in
/// strict key order and that there is at least one chunk.
pub fn decode_directory(bytes: &[u8]) -> Result<Directory> {
    let bad = |what: &str| corrupt(format!("{} {what}", kind_name(TDIR)));
    let mut pos = 0;
    let count = get_varint(bytes, &mut pos)?;
    // Every chunk takes at least one byte: a count past that is a lie.
    if count == 0 || count > bytes.len() as u64 || count > u64::from(u32::MAX) {
        return Err(bad("names an impossible number of dictionary chunks"));
    }
    let mut dir = Directory {
        words: Vec::new(),
        stems: Vec::new(),
        chunks: count as u32,
    };
    let key = |pos: &mut usize| -> Result<Vec<u8>> {
        let len = get_varint(bytes, pos)?;
        if len > MAX_DIRECTORY_KEY {
            return Err(bad("has a key longer than any term"));
        }
        let end = *pos + len as usize;
        let key = bytes
            .get(*pos..end)
            .ok_or_else(|| bad("runs past its end"))?
            .to_vec();
        *pos = end;
        Ok(key)
    };
    for n in 0..count as u32 {
        let flags = *bytes.get(pos).ok_or_else(|| bad("runs past its end"))?;
        pos += 1;
        if flags > 3 {
            return Err(bad("has a chunk of an unknown kind"));
        }
        for (bit, ranges) in [(1, &mut dir.words), (2, &mut dir.stems)] {
            if flags & bit == 0 {
                continue;
            }
            let (first, last) = (key(&mut pos)?, key(&mut pos)?);
            if first > last || ranges.last().is_some_and(|(c, _)| c.last >= first) {
                return Err(bad("has dictionary chunks out of key order"));
            }
            ranges.push((ChunkRange { first, last }, n));
        }
    }
    if pos != bytes.len() {
        return Err(bad("has trailing bytes"));
    }
    Ok(dir)
}

/// A dictionary chunk's payload: `varint n`, the word `fst` (`n` bytes),
/// then the stem `fst` (the rest). A dictionary the chunk has no keys of
/// takes no bytes.
pub fn encode_chunk(words: &[u8], stems: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.len() + stems.len() + 4);
    put_varint(&mut out, words.len() as u64);
    out.extend_from_slice(words);
    out.extend_from_slice(stems);
    out
}

/// The word and stem `fst` bytes of a dictionary chunk's payload
/// ([`encode_chunk`]), unchecked.
pub fn split_chunk(payload: &[u8]) -> Result<(&[u8], &[u8])> {
    let mut pos = 0;
    let len = get_varint(payload, &mut pos)?;
    let rest = payload.get(pos..).unwrap_or_default();
    usize::try_from(len)
        .ok()
        .and_then(|len| rest.split_at_checked(len))
        .ok_or_else(|| corrupt("dictionary chunk's word part runs past its end".into()))
}

/// The magic of a shard file.
pub const SHARD_MAGIC: [u8; 8] = *b"FIHRISsh";
const SHARD_HEADER_LEN: usize = 36;

/// The folder every shard of a build lives in, inside the index folder.
pub fn shard_dir(build: u64) -> String {
    format!("{build:016x}")
}

/// Subfolders of a build's folder: shard `n` lives in subfolder `n % 16`
/// (one hexadecimal digit). Files are created in parallel only as fast as
/// their folders allow (a folder takes one new file at a time), and no
/// folder grows past a sixteenth of the shards.
pub const SHARD_FOLDERS: u32 = 16;

/// The subfolder of shard `n`: `n % 16` as one hexadecimal digit, made by
/// hand because `{:x}` would bring hexadecimal formatting into the wasm
/// module.
pub fn shard_folder(n: u32) -> char {
    char::from_digit(n % SHARD_FOLDERS, SHARD_FOLDERS).unwrap_or('0')
}

/// A shard's path relative to the index folder, e.g. `3fa9…/c/p12.bin`.
pub fn shard_name(kind: ShardKind, n: u32, build: u64) -> String {
    format!(
        "{}/{}/{}{n}.bin",
        shard_dir(build),
        shard_folder(n),
        kind.letter() as char
    )
}

/// A shard file: header, then `payload`.
///
/// ```text
/// 0   8  magic b"FIHRISsh"
/// 8   4  format version
/// 12  1  kind (b't', b'p' or b'd'), 3 bytes zero
/// 16  4  shard number
/// 20  8  build hash (as in META)
/// 28  4  payload length
/// 32  4  CRC-32 of the payload
/// ```
pub fn shard_file(kind: ShardKind, n: u32, build: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(SHARD_HEADER_LEN + payload.len());
    out.extend_from_slice(&SHARD_MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[kind.letter(), 0, 0, 0]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&build.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks that `bytes` is shard `n` of `kind` of this build, whole and
/// undamaged, and returns its payload's range.
pub fn parse_shard(
    bytes: &[u8],
    kind: ShardKind,
    n: u32,
    build: u64,
) -> Result<std::ops::Range<usize>> {
    let name = shard_name(kind, n, build);
    let bad = |what: &str| Error::Shard {
        name: name.clone(),
        what: what.to_owned(),
    };
    if bytes.len() < SHARD_HEADER_LEN || bytes[..8] != SHARD_MAGIC {
        return Err(bad("it is not a Fihris shard"));
    }
    if le_u32(&bytes[8..12]) != FORMAT_VERSION {
        return Err(bad("it was written by another format version"));
    }
    if bytes[12] != kind.letter() || le_u32(&bytes[16..20]) != n {
        return Err(bad("it is another shard than its name says"));
    }
    if le_u64(&bytes[20..28]) != build {
        return Err(bad("it belongs to another build of the index"));
    }
    let len = le_u32(&bytes[28..32]) as usize;
    if bytes.len() - SHARD_HEADER_LEN != len {
        return Err(bad("it is truncated"));
    }
    if crc32(&bytes[SHARD_HEADER_LEN..]) != le_u32(&bytes[32..36]) {
        return Err(bad("its checksum does not match"));
    }
    Ok(SHARD_HEADER_LEN..bytes.len())
}

/// FNV-1a, 64 bits: the build hash that names the shard folder. Not a
/// security measure (the CRCs check integrity); it only has to change
/// whenever any shard does, so that shard URLs can be cached forever.
#[derive(Debug, Clone, Copy)]
pub struct BuildHash(u64);

impl Default for BuildHash {
    fn default() -> Self {
        BuildHash(0xcbf2_9ce4_8422_2325)
    }
}

impl BuildHash {
    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// Writes a complete index file from its sections, in [`SECTIONS`] order.
pub fn write(meta: &Meta, sections: &[(Kind, &[u8])]) -> Vec<u8> {
    let meta_bytes = meta.encode();
    let mut all: Vec<(Kind, &[u8])> = vec![(META, &meta_bytes)];
    all.extend(sections.iter().copied());
    let table_end = HEADER_LEN + ENTRY_LEN * all.len();
    let total: usize = table_end + all.iter().map(|(_, b)| b.len()).sum::<usize>();

    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(all.len() as u32).to_le_bytes());
    out.extend_from_slice(&(total as u64).to_le_bytes());
    out.extend_from_slice(&[0; 8]); // checksum and reserved, filled below
    let mut offset = table_end as u64;
    for (kind, bytes) in &all {
        out.extend_from_slice(kind);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        offset += bytes.len() as u64;
    }
    for (_, bytes) in &all {
        out.extend_from_slice(bytes);
    }
    let crc = crc32(&out[28..]);
    out[24..28].copy_from_slice(&crc.to_le_bytes());
    out
}

/// The verified parts of an index file: byte ranges of each section.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Corpus statistics.
    pub meta: Meta,
    /// `(kind, start..end)` of every section after `META`, in file order.
    pub sections: Vec<(Kind, std::ops::Range<usize>)>,
}

impl Parsed {
    /// The byte range of a section.
    pub fn section(&self, kind: Kind) -> Result<std::ops::Range<usize>> {
        self.sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, r)| r.clone())
            .ok_or_else(|| corrupt(format!("section {} is missing", kind_name(kind))))
    }
}

/// Checks magic, version, length and checksum, then the section table.
pub fn parse(bytes: &[u8]) -> Result<Parsed> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::NotAnIndex {
            found: bytes.iter().take(8).copied().collect(),
        });
    }
    if bytes.len() < HEADER_LEN {
        return Err(Error::Truncated {
            expected: HEADER_LEN as u64,
            found: bytes.len() as u64,
        });
    }
    let version = le_u32(&bytes[8..12]);
    if version != FORMAT_VERSION {
        return Err(Error::FormatVersion {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let count = le_u32(&bytes[12..16]) as usize;
    let total = le_u64(&bytes[16..24]);
    if total != bytes.len() as u64 {
        return Err(Error::Truncated {
            expected: total,
            found: bytes.len() as u64,
        });
    }
    let expected_crc = le_u32(&bytes[24..28]);
    let found_crc = crc32(&bytes[28..]);
    if expected_crc != found_crc {
        return Err(Error::Checksum {
            expected: expected_crc,
            found: found_crc,
        });
    }
    let table_end = count
        .checked_mul(ENTRY_LEN)
        .and_then(|n| n.checked_add(HEADER_LEN))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| corrupt(format!("section table of {count} entries does not fit")))?;

    let mut sections = Vec::with_capacity(count);
    let mut next = table_end;
    for entry in bytes[HEADER_LEN..table_end].chunks_exact(ENTRY_LEN) {
        let kind: Kind = [entry[0], entry[1], entry[2], entry[3]];
        let start = le_u64(&entry[8..16]);
        let len = le_u64(&entry[16..24]);
        let end = start.checked_add(len);
        match end {
            Some(end) if start == next as u64 && end <= bytes.len() as u64 => {
                sections.push((kind, start as usize..end as usize));
                next = end as usize;
            }
            _ => {
                return Err(corrupt(format!(
                    "section {} at {start}+{len} is out of place",
                    kind_name(kind)
                )))
            }
        }
    }
    if next != bytes.len() {
        return Err(corrupt("trailing bytes after the last section".into()));
    }
    let kinds: Vec<Kind> = sections.iter().map(|(k, _)| *k).collect();
    let sharded = sections
        .first()
        .is_some_and(|(k, r)| *k == META && r.len() == Meta::SHARDED_LEN);
    let expected: &[Kind] = if sharded {
        &SHARDED_SECTIONS
    } else {
        &SECTIONS
    };
    if kinds != expected {
        return Err(corrupt(format!(
            "sections are [{}], expected [{}]",
            crate::join(kinds.iter().map(|k| kind_name(*k)), ", "),
            crate::join(expected.iter().map(|k| kind_name(*k)), ", ")
        )));
    }
    let meta = Meta::decode(&bytes[sections[0].1.clone()])?;
    sections.remove(0);
    Ok(Parsed { meta, sections })
}

pub(crate) fn kind_name(kind: Kind) -> String {
    kind.iter()
        .map(|&b| if b.is_ascii_graphic() { b as char } else { '?' })
        .collect()
}

/// Shorthand for a [`Error::Corrupt`].
pub fn corrupt(what: String) -> Error {
    Error::Corrupt { what }
}

fn le_u32(b: &[u8]) -> u32 {
    let mut a = [0; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a)
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Appends `v` as unsigned LEB128.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads one unsigned LEB128 value at `*pos`, advancing it.
pub fn get_varint(bytes: &[u8], pos: &mut usize) -> Result<u64> {
    let mut v: u64 = 0;
    let mut shift = 0;
    loop {
        let b = *bytes
            .get(*pos)
            .ok_or_else(|| corrupt(format!("varint runs past the end at byte {pos}")))?;
        *pos += 1;
        if shift >= 64 || (shift == 63 && b > 1) {
            return Err(corrupt(format!("varint too long at byte {pos}")));
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
    }
}

/// Packs a postings offset and document frequency into an fst value.
pub fn pack_term(offset: u64, df: u32) -> u64 {
    (offset << 24) | u64::from(df.min(0xff_ffff))
}

/// Inverse of [`pack_term`]: `(postings offset, document frequency)`.
pub fn unpack_term(value: u64) -> (u64, u32) {
    (value >> 24, (value & 0xff_ffff) as u32)
}

/// The byte-at-a-time table of a reflected CRC-32 polynomial. Built when a
/// checksum is computed (2,048 steps, nothing next to the bytes summed)
/// rather than at compile time: a table of 256 pseudo-random words does not
/// compress, and two of them would add 2 KB to the gzipped wasm module.
fn crc_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    for (i, entry) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { poly ^ (c >> 1) } else { c >> 1 };
        }
        *entry = c;
    }
    table
}

/// The reflected polynomials of CRC-32 (IEEE) and CRC-32C (Castagnoli).
const IEEE: u32 = 0xedb8_8320;
const CASTAGNOLI: u32 = 0x82f6_3b78;

fn crc(poly: u32, bytes: &[u8]) -> u32 {
    let table = crc_table(poly);
    let mut c = !0u32;
    for &b in bytes {
        c = table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// CRC-32 (IEEE 802.3), as zlib and PNG compute it.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc(IEEE, bytes)
}

/// Checks the checksum `fst` keeps in the last four bytes of a dictionary
/// (a masked CRC-32C, as `fst::raw::Fst::verify` computes it). Done here with
/// a 1 KiB table built on the spot instead of `verify`'s 16 KiB ones, which would weigh on the
/// wasm module. `fst` may panic on a damaged dictionary, so this runs before
/// the first lookup.
pub fn check_fst(kind: Kind, bytes: &[u8]) -> Result<()> {
    let Some(split) = bytes.len().checked_sub(4) else {
        return Err(corrupt(format!("{} dictionary is empty", kind_name(kind))));
    };
    if fst_sum(&bytes[..split]) != le_u32(&bytes[split..]) {
        return Err(corrupt(format!(
            "{} dictionary fails its own checksum",
            kind_name(kind)
        )));
    }
    Ok(())
}

/// `fst`'s checksum of a dictionary's bytes before the checksum itself.
fn fst_sum(bytes: &[u8]) -> u32 {
    crc(CASTAGNOLI, bytes)
        .rotate_right(15)
        .wrapping_add(0xa282_ead8)
}

/// Recomputes the checksums of an index whose bytes were edited: the `fst`
/// checksum of each dictionary section the table locates, then the file's
/// CRC-32. For tests and fuzzing, which damage one section on purpose and
/// need the reader to get past the checksums to the decoders behind them.
/// Bytes too short for a header are left as they are.
pub fn reseal(bytes: &mut [u8]) {
    if bytes.len() < HEADER_LEN {
        return;
    }
    let n = le_u32(&bytes[12..16]) as usize;
    for i in 0..n {
        let at = HEADER_LEN + ENTRY_LEN * i;
        let Some(entry) = bytes.get(at..at + ENTRY_LEN) else {
            break;
        };
        let kind: Kind = [entry[0], entry[1], entry[2], entry[3]];
        let (offset, len) = (le_u64(&entry[8..16]), le_u64(&entry[16..24]));
        let range = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(len).ok())
            .and_then(|(o, l)| Some(o..o.checked_add(l)?));
        let Some(section) = range.and_then(|r| bytes.get_mut(r)) else {
            continue;
        };
        if kind == WORD || kind == STEM {
            reseal_fst(section);
        }
    }
    let sum = crc32(&bytes[28..]);
    bytes[24..28].copy_from_slice(&sum.to_le_bytes());
}

/// Recomputes the `fst` checksum at the end of a dictionary's bytes (a
/// section or a part of a chunk) after they were edited; bytes too short to
/// hold one are left as they are. For tests and fuzzing, like [`reseal`].
pub fn reseal_fst(bytes: &mut [u8]) {
    if let Some(split) = bytes.len().checked_sub(4) {
        let sum = fst_sum(&bytes[..split]);
        bytes[split..].copy_from_slice(&sum.to_le_bytes());
    }
}

/// [`reseal_fst`] for both parts of a dictionary chunk's payload
/// ([`encode_chunk`]); a payload whose parts cannot be told apart is left
/// as it is.
pub fn reseal_chunk(payload: &mut [u8]) {
    let mut pos = 0;
    let Ok(len) = get_varint(payload, &mut pos) else {
        return;
    };
    let Some(end) = usize::try_from(len).ok().and_then(|l| pos.checked_add(l)) else {
        return;
    };
    if let Some(words) = payload.get_mut(pos..end) {
        reseal_fst(words);
    }
    if let Some(stems) = payload.get_mut(end..) {
        reseal_fst(stems);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_directory_round_trips_and_refuses_disorder() {
        let range = |a: &str, b: &str| ChunkRange {
            first: a.as_bytes().to_vec(),
            last: b.as_bytes().to_vec(),
        };
        let parts = |w: Option<(&str, &str)>, s: Option<(&str, &str)>| ChunkParts {
            words: w.map(|(a, b)| range(a, b)),
            stems: s.map(|(a, b)| range(a, b)),
        };
        let dir = vec![
            parts(Some(("ا", "الكتاب")), Some(("الك", "الك"))),
            parts(Some(("الكتب", "كتاب")), None),
            parts(None, Some(("كت", "كت"))),
            parts(Some(("مكتب", "مكتب")), Some(("مكت", "مكت"))),
        ];
        let bytes = encode_directory(&dir);
        let decoded = decode_directory(&bytes).unwrap();
        assert_eq!(decoded.chunks, 4);
        assert_eq!(
            decoded.words,
            vec![
                (range("ا", "الكتاب"), 0),
                (range("الكتب", "كتاب"), 1),
                (range("مكتب", "مكتب"), 3)
            ]
        );
        assert_eq!(
            decoded.stems,
            vec![
                (range("الك", "الك"), 0),
                (range("كت", "كت"), 2),
                (range("مكت", "مكت"), 3)
            ]
        );
        for bad in [
            vec![parts(Some(("ب", "ا")), None)],
            vec![parts(Some(("ا", "ب")), None), parts(Some(("ب", "ت")), None)],
            vec![parts(None, Some(("ت", "ت"))), parts(None, Some(("ب", "ب")))],
            vec![],
        ] {
            let err = decode_directory(&encode_directory(&bad)).unwrap_err();
            assert!(err.to_string().contains("TDIR"), "{err}");
        }
        assert!(decode_directory(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode_directory(&[0xff; 12]).is_err());
        let mut flags = encode_directory(&dir[1..2]);
        flags[1] = 4;
        assert!(decode_directory(&flags).is_err());
    }

    #[test]
    fn a_dictionary_chunk_splits_into_its_two_parts() {
        let payload = encode_chunk(b"words", b"stems!");
        assert_eq!(
            split_chunk(&payload).unwrap(),
            (&b"words"[..], &b"stems!"[..])
        );
        let none = encode_chunk(b"", b"");
        assert_eq!(split_chunk(&none).unwrap(), (&b""[..], &b""[..]));
        assert!(split_chunk(&payload[..3]).is_err());
        assert!(split_chunk(&[]).is_err());
    }

    fn sample() -> Vec<u8> {
        let meta = Meta {
            doc_count: 2,
            body_tokens: 10,
            site: true,
            shards: None,
        };
        write(
            &meta,
            &[
                (WORD, b"w"),
                (STEM, b"s"),
                (POST, b"pp"),
                (DOCX, b""),
                (DOCS, b"dd"),
                (LANG, b"\0\0"),
            ],
        )
    }

    #[test]
    fn languages_round_trip_in_runs_and_refuse_disorder() {
        let mut l = Languages::default();
        for (doc, lang) in [
            (0, Some("ar")),
            (1, Some("ar")),
            (2, None),
            (3, Some("en")),
            (4, Some("ar")),
        ] {
            l.push(doc, lang);
        }
        assert_eq!(l.runs, [(0, 1), (2, 0), (3, 2), (4, 1)]);
        let bytes = l.encode();
        let back = Languages::decode(&bytes, 5).unwrap();
        assert_eq!(back, l);
        assert_eq!(
            (back.of(1), back.of(2), back.of(3), back.of(4)),
            (1, 0, 2, 1)
        );
        assert_eq!(back.find("en"), Some(2));
        assert!(
            Languages::decode(&bytes, 4).is_err(),
            "a run past the last document"
        );
        assert!(Languages::decode(&bytes[..bytes.len() - 1], 5).is_err());
        assert_eq!(Languages::decode(&[0, 0], 0).unwrap(), Languages::default());
        assert_eq!(primary_language(" en-US "), Some("en".into()));
        assert_eq!(primary_language("AR"), Some("ar".into()));
        assert_eq!(primary_language("x1"), None);
        assert_eq!(primary_language(""), None);
    }

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc(CASTAGNOLI, b"123456789"), 0xe306_9283);
    }

    #[test]
    fn fst_checksums_are_checked_like_fst_does() {
        let map = fst::Map::from_iter([("a", 1u64), ("كوريا", 2)]).unwrap();
        let bytes = map.into_fst().into_inner();
        let fst_own = fst::raw::Fst::new(bytes.clone()).unwrap().verify().is_ok();
        assert!(fst_own);
        assert!(check_fst(WORD, &bytes).is_ok());
        let mut bad = bytes.clone();
        bad[3] ^= 1;
        assert!(check_fst(WORD, &bad).is_err());
        assert!(check_fst(WORD, &[1, 2]).is_err());
    }

    #[test]
    fn round_trip_keeps_sections_and_meta() {
        let bytes = sample();
        let parsed = parse(&bytes).unwrap();
        assert_eq!(parsed.meta.doc_count, 2);
        assert_eq!(&bytes[parsed.section(POST).unwrap()], b"pp");
        assert_eq!(&bytes[parsed.section(DOCX).unwrap()], b"");
    }

    #[test]
    fn wrong_magic_is_not_an_index() {
        let err = parse(b"<!DOCTYPE html>").unwrap_err();
        assert!(matches!(err, Error::NotAnIndex { .. }), "{err}");
    }

    #[test]
    fn other_version_names_both_versions() {
        let mut bytes = sample();
        bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let err = parse(&bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "index built by format {}, this engine reads {FORMAT_VERSION}: rebuild it with `fihris build`",
                FORMAT_VERSION + 1
            )
        );
    }

    #[test]
    fn every_truncation_and_bit_flip_is_an_error() {
        let bytes = sample();
        for len in 0..bytes.len() {
            assert!(parse(&bytes[..len]).is_err(), "truncated to {len}");
        }
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert!(parse(&b).is_err(), "flip byte {i} bit {bit}");
            }
        }
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            out.clear();
            put_varint(&mut out, v);
            let mut pos = 0;
            assert_eq!(get_varint(&out, &mut pos).unwrap(), v);
            assert_eq!(pos, out.len());
        }
        let mut pos = 0;
        assert!(get_varint(&[0xff; 11], &mut pos).is_err());
        let mut pos = 0;
        assert!(get_varint(&[0x80], &mut pos).is_err());
    }
}
