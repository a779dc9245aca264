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
use fst::{IntoStreamer, Map, Streamer};

use super::format::{self, corrupt, get_varint, unpack_term, Meta};
use super::fst_check;
use super::postings::{self, Posting};
use crate::corpus::Document;
use crate::error::Result;
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
    /// Offset of its postings in the `POST` section.
    pub offset: u64,
    /// Number of documents containing it.
    pub df: u32,
}

/// A loaded, verified index.
pub struct Index {
    bytes: Vec<u8>,
    meta: Meta,
    words: Map<Vec<u8>>,
    stems: Map<Vec<u8>>,
    post: Range<usize>,
    docx: Range<usize>,
    docs: Range<usize>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("documents", &self.meta.doc_count)
            .field("words", &self.words.len())
            .field("stems", &self.stems.len())
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Index {
    /// Verifies and opens an index.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Index> {
        let parsed = format::parse(&bytes)?;
        let dictionary = |kind| -> Result<Map<Vec<u8>>> {
            let section = &bytes[parsed.section(kind)?];
            format::check_fst(kind, section)?;
            fst_check::check(&format::kind_name(kind), section)?;
            Ok(Map::new(section.to_vec())?)
        };
        let words = dictionary(format::WORD)?;
        let stems = dictionary(format::STEM)?;
        let post = parsed.section(format::POST)?;
        let docx = parsed.section(format::DOCX)?;
        let docs = parsed.section(format::DOCS)?;
        let expected_docx = (parsed.meta.doc_count as usize + 1) * 4;
        if docx.len() != expected_docx {
            return Err(corrupt(format!(
                "document table has {} bytes for {} documents",
                docx.len(),
                parsed.meta.doc_count
            )));
        }
        let index = Index {
            meta: parsed.meta,
            words,
            stems,
            post,
            docx,
            docs,
            bytes,
        };
        // The document table must be ascending and end inside the store.
        let mut prev = 0;
        for i in 0..=index.meta.doc_count as usize {
            let off = index.doc_offset(i);
            if off < prev || off > index.docs.len() {
                return Err(corrupt(format!("document table entry {i} is out of order")));
            }
            prev = off;
        }
        Ok(index)
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.meta.doc_count
    }

    /// Average body length in tokens (at least 1).
    pub fn avg_body_len(&self) -> f64 {
        (self.meta.body_tokens as f64 / f64::from(self.meta.doc_count.max(1))).max(1.0)
    }

    fn map(&self, dict: Dict) -> &Map<Vec<u8>> {
        match dict {
            Dict::Word => &self.words,
            Dict::Stem => &self.stems,
        }
    }

    /// Looks up one exact term.
    pub fn get(&self, dict: Dict, term: &str) -> Option<TermInfo> {
        self.map(dict).get(term).map(|v| {
            let (offset, df) = unpack_term(v);
            TermInfo {
                dict,
                term: term.to_owned(),
                offset,
                df,
            }
        })
    }

    /// Terms starting with `prefix`, in dictionary order, at most `limit`.
    pub fn prefixed(&self, dict: Dict, prefix: &str, limit: usize) -> Vec<TermInfo> {
        let automaton = Prefix {
            prefix: prefix.as_bytes(),
            budget: Cell::new(PREFIX_BUDGET),
        };
        self.collect(dict, self.map(dict).search(automaton), limit)
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
        let Some(automaton) = Typo::new(term, distance, budget) else {
            return (Vec::new(), 0);
        };
        let found = self.collect(dict, self.map(dict).search(&automaton), limit);
        (found, automaton.spent())
    }

    fn collect<A: Automaton>(
        &self,
        dict: Dict,
        builder: fst::map::StreamBuilder<'_, A>,
        limit: usize,
    ) -> Vec<TermInfo> {
        let mut stream = builder.into_stream();
        let mut out = Vec::new();
        while let Some((key, v)) = stream.next() {
            if out.len() >= limit {
                break;
            }
            // Keys were written from `&str`; a damaged key is skipped, not trusted.
            if let Ok(term) = std::str::from_utf8(key) {
                let (offset, df) = unpack_term(v);
                out.push(TermInfo {
                    dict,
                    term: term.to_owned(),
                    offset,
                    df,
                });
            }
        }
        out
    }

    /// The postings of a term found in this index.
    pub fn postings(&self, term: &TermInfo) -> Result<Vec<Posting>> {
        let list = postings::decode(&self.bytes[self.post.clone()], term.offset)?;
        if list.last().is_some_and(|p| p.doc >= self.meta.doc_count) {
            return Err(corrupt(format!(
                "postings of «{}» name a document past the last",
                term.term
            )));
        }
        Ok(list)
    }

    fn doc_offset(&self, i: usize) -> usize {
        let at = self.docx.start + 4 * i;
        let mut a = [0; 4];
        a.copy_from_slice(&self.bytes[at..at + 4]);
        u32::from_le_bytes(a) as usize
    }

    /// The stored fields of document number `doc`, as the corpus gave them.
    pub fn document(&self, doc: u32) -> Result<Document> {
        if doc >= self.meta.doc_count {
            return Err(corrupt(format!("no document number {doc}")));
        }
        let store = &self.bytes[self.docs.clone()];
        let (start, end) = (
            self.doc_offset(doc as usize),
            self.doc_offset(doc as usize + 1),
        );
        let record = &store[start..end];
        let mut pos = 0;
        let mut fields: [String; 6] = Default::default();
        for field in fields.iter_mut() {
            let len = get_varint(record, &mut pos)? as usize;
            let bytes = pos
                .checked_add(len)
                .and_then(|e| record.get(pos..e))
                .ok_or_else(|| corrupt(format!("stored document {doc} runs past its end")))?;
            *field = std::str::from_utf8(bytes)
                .map_err(|_| corrupt(format!("stored document {doc} is not UTF-8")))?
                .to_owned();
            pos += len;
        }
        let [id, title, url, date, source, body] = fields;
        let opt = |s: String| if s.is_empty() { None } else { Some(s) };
        Ok(Document {
            id,
            title,
            url: opt(url),
            date: opt(date),
            source: opt(source),
            body,
        })
    }
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
