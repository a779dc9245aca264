//! Documents → index bytes.
//!
//! In: [`Document`]s, one at a time, in the order they should be numbered.
//! Out: the bytes of one index file ([`super::format`]) and a [`BuildStats`]
//! summary.
//!
//! Each document is analysed once: its title and body tokens are added to the
//! in-memory postings of their word forms and stems, and its stored fields are
//! appended to the document store right away, so only the postings grow with
//! the corpus. Terms are sorted when the index is finished (the `fst` needs
//! sorted keys), which with the documents' fixed order makes the output
//! byte-identical for the same corpus.

use std::collections::HashMap;

use super::format::{self, pack_term, put_varint, Meta};
use super::postings::{self, Posting};
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
    /// Bytes of each section, in file order.
    pub sections: Vec<(String, usize)>,
    /// Bytes of the whole file.
    pub total_bytes: usize,
}

/// Accumulates documents and writes the index.
#[derive(Default)]
pub struct IndexBuilder {
    words: HashMap<String, Vec<Posting>>,
    stems: HashMap<String, Vec<Posting>>,
    docs: Vec<u8>,
    doc_offsets: Vec<u32>,
    meta: Meta,
    tokens: u64,
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document; it gets the next document number.
    pub fn add(&mut self, doc: &Document) -> Result<()> {
        let number = self.meta.doc_count;
        let store_len = u32::try_from(self.docs.len()).map_err(|_| Error::Document {
            path: doc.id.clone(),
            reason: "the document store would exceed 4 GiB: split the corpus".into(),
        })?;
        let title = analyze(&doc.title);
        let body = analyze(&doc.body);
        let body_len = body.len() as u32;
        self.tokens += (title.len() + body.len()) as u64;
        for (field, tokens) in [(Field::Title, &title), (Field::Body, &body)] {
            for (position, token) in tokens.iter().enumerate() {
                let position = position as u32;
                for word in dedup(token.words()) {
                    add_occurrence(&mut self.words, word, number, body_len, field, position);
                }
                for stem in dedup(stem_terms(token)) {
                    add_occurrence(&mut self.stems, stem, number, body_len, field, position);
                }
            }
        }
        self.doc_offsets.push(store_len);
        for field in [
            Some(doc.id.as_str()),
            Some(doc.title.as_str()),
            doc.url.as_deref(),
            doc.date.as_deref(),
            doc.source.as_deref(),
            Some(doc.body.as_str()),
        ] {
            let s = field.unwrap_or("");
            put_varint(&mut self.docs, s.len() as u64);
            self.docs.extend_from_slice(s.as_bytes());
        }
        self.meta.doc_count += 1;
        self.meta.body_tokens += u64::from(body_len);
        Ok(())
    }

    /// Writes the index. An index without documents is an error: a search box
    /// over nothing is a mistake the site owner wants to hear about.
    pub fn finish(self) -> Result<(Vec<u8>, BuildStats)> {
        if self.meta.doc_count == 0 {
            return Err(Error::EmptyCorpus);
        }
        let docs_len = u32::try_from(self.docs.len()).map_err(|_| Error::Document {
            path: String::new(),
            reason: "the document store would exceed 4 GiB: split the corpus".into(),
        })?;
        let mut post = Vec::new();
        let words = dictionary(self.words, &mut post)?;
        let stems = dictionary(self.stems, &mut post)?;
        let mut docx = Vec::with_capacity(4 * (self.doc_offsets.len() + 1));
        for off in self.doc_offsets.iter().chain(std::iter::once(&docs_len)) {
            docx.extend_from_slice(&off.to_le_bytes());
        }
        let sections: [(format::Kind, &[u8]); 5] = [
            (format::WORD, &words.0),
            (format::STEM, &stems.0),
            (format::POST, &post),
            (format::DOCX, &docx),
            (format::DOCS, &self.docs),
        ];
        let bytes = format::write(&self.meta, &sections);
        let stats = BuildStats {
            documents: self.meta.doc_count,
            words: words.1,
            stems: stems.1,
            tokens: self.tokens,
            sections: sections
                .iter()
                .map(|(k, b)| (String::from_utf8_lossy(k).into_owned(), b.len()))
                .collect(),
            total_bytes: bytes.len(),
        };
        Ok((bytes, stats))
    }
}

#[derive(Clone, Copy)]
enum Field {
    Title,
    Body,
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

fn add_occurrence(
    map: &mut HashMap<String, Vec<Posting>>,
    term: &str,
    doc: u32,
    body_len: u32,
    field: Field,
    position: u32,
) {
    let list = match map.get_mut(term) {
        Some(list) => list,
        None => map.entry(term.to_owned()).or_default(),
    };
    if list.last().map(|p| p.doc) != Some(doc) {
        list.push(Posting {
            doc,
            body_len,
            ..Posting::default()
        });
    }
    if let Some(p) = list.last_mut() {
        match field {
            Field::Title => p.title.push(position),
            Field::Body => p.body.push(position),
        }
    }
}

/// Sorts the terms, appends their postings to `post` and builds the fst.
fn dictionary(map: HashMap<String, Vec<Posting>>, post: &mut Vec<u8>) -> Result<(Vec<u8>, usize)> {
    let mut terms: Vec<(String, Vec<Posting>)> = map.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut builder = fst::MapBuilder::memory();
    for (term, list) in &terms {
        let offset = post.len() as u64;
        postings::encode(list, post);
        builder.insert(term, pack_term(offset, list.len() as u32))?;
    }
    Ok((builder.into_inner()?, terms.len()))
}
