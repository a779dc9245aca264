//! Postings lists: for one term, the documents that contain it, how often,
//! where, and the length of each document's body (for BM25).
//!
//! In (writing): [`Posting`]s in ascending document order.
//! Out: bytes appended to the `POST` section. Reading decodes them back,
//! checking every length and offset against the section.
//!
//! ```text
//! varint  number of documents
//! per document, ascending:
//!   varint  document number minus the previous one's (the first: itself)
//!   varint  body length in tokens
//!   varint  occurrences in the title, t
//!   varint  occurrences in the body, b, times two, plus one when weighted
//!   [varint  weighted: the body occurrences' weights summed, in tenths]
//!   t × varint  title positions, each minus the previous one
//!   b × varint  body positions, each minus the previous one
//! ```
//! Title and body positions are counted separately (phrases never cross from
//! the title into the body). Keeping the body length in the postings means
//! scoring needs no per-document table, which is what lets postings be
//! sharded later without a table that grows with the corpus. The weights
//! (`data-fihris-weight`, headings of a site's pages) are summed at build
//! time for the same reason, and cost nothing where every weight is one.

use super::format::{corrupt, get_varint, put_varint};
use crate::error::Result;

/// One document's occurrences of a term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Posting {
    /// Document number (its order in the index).
    pub doc: u32,
    /// Body length of the document, in tokens.
    pub body_len: u32,
    /// Token positions in the title, ascending.
    pub title: Vec<u32>,
    /// Token positions in the body, ascending.
    pub body: Vec<u32>,
    /// The body occurrences' weights summed, in tenths, when one of them is
    /// not 1 (`None`: each counts one).
    pub weighted: Option<u32>,
}

/// Appends the encoding of `postings` (ascending `doc`, ascending positions) to `out`.
pub fn encode(postings: &[Posting], out: &mut Vec<u8>) {
    put_varint(out, postings.len() as u64);
    let mut prev_doc = 0;
    for p in postings {
        encode_entry(
            out,
            p.doc - prev_doc,
            p.body_len,
            &p.title,
            &p.body,
            p.weighted,
        );
        prev_doc = p.doc;
    }
}

/// Appends one document's entry: its number minus the previous one's, its
/// body length, and its title and body positions (each ascending). The
/// builder writes lists entry by entry with this, and merges pieces of
/// them by re-basing the first delta.
pub fn encode_entry(
    out: &mut Vec<u8>,
    doc_delta: u32,
    body_len: u32,
    title: &[u32],
    body: &[u32],
    weighted: Option<u32>,
) {
    put_varint(out, u64::from(doc_delta));
    put_varint(out, u64::from(body_len));
    put_varint(out, title.len() as u64);
    put_varint(
        out,
        (body.len() as u64) << 1 | u64::from(weighted.is_some()),
    );
    if let Some(w) = weighted {
        put_varint(out, u64::from(w));
    }
    for positions in [title, body] {
        let mut prev = 0;
        for &pos in positions {
            put_varint(out, u64::from(pos - prev));
            prev = pos;
        }
    }
}

/// One document of a [`List`]: what scoring needs, and where its positions are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Document number.
    pub doc: u32,
    /// Body length of the document, in tokens.
    pub body_len: u32,
    /// Occurrences in the title.
    pub title: u32,
    /// Occurrences in the body.
    pub body: u32,
    /// The body occurrences' weights summed, in tenths.
    pub weighted: Option<u32>,
    /// Byte offset of its first position.
    at: usize,
}

impl Entry {
    /// The body occurrences as scoring counts them: each by its weight.
    pub fn body_tf(&self) -> f64 {
        match self.weighted {
            Some(w) => f64::from(w) / 10.0,
            None => f64::from(self.body),
        }
    }
}

/// A postings list read for scoring: every document with its counts, and
/// the positions left encoded until [`List::positions`] asks for them. Most
/// documents of a common word are scored and dropped without their
/// positions ever being decoded.
#[derive(Debug, Clone)]
pub struct List<'a> {
    bytes: &'a [u8],
    /// The documents, ascending.
    pub entries: Vec<Entry>,
}

impl List<'_> {
    /// The title and body positions of entry `i`, ascending.
    pub fn positions(&self, i: usize) -> Result<(Vec<u32>, Vec<u32>)> {
        let e = self.entries[i];
        let mut pos = e.at;
        let title = positions(self.bytes, &mut pos, u64::from(e.title))?;
        let body = positions(self.bytes, &mut pos, u64::from(e.body))?;
        Ok((title, body))
    }
}

/// Reads the postings list starting at `offset` of `section` (the `POST`
/// section or a postings shard), skipping over the positions.
///
/// Never panics: a list that runs past the section, has too many entries or
/// numbers that overflow gives a corruption error.
pub fn read(section: &[u8], offset: u64) -> Result<List<'_>> {
    let mut pos = usize::try_from(offset)
        .ok()
        .filter(|&o| o < section.len())
        .ok_or_else(|| corrupt(format!("postings offset {offset} is outside the postings")))?;
    let n = get_varint(section, &mut pos)?;
    // Each posting takes at least 4 bytes: a longer count is a lie.
    if n > (section.len() - pos) as u64 / 4 + 1 {
        return Err(corrupt(format!("postings at {offset} claim {n} documents")));
    }
    let mut entries = Vec::with_capacity(n as usize);
    let mut doc: u32 = 0;
    for i in 0..n {
        let delta = small(get_varint(section, &mut pos)?)?;
        if i > 0 && delta == 0 {
            return Err(corrupt(format!("postings at {offset} repeat a document")));
        }
        doc = doc
            .checked_add(delta)
            .ok_or_else(|| corrupt(format!("document number overflows at {offset}")))?;
        let body_len = small(get_varint(section, &mut pos)?)?;
        let t = small(get_varint(section, &mut pos)?)?;
        let b2 = get_varint(section, &mut pos)?;
        let b = small(b2 >> 1)?;
        let weighted = if b2 & 1 == 1 {
            Some(small(get_varint(section, &mut pos)?)?)
        } else {
            None
        };
        let at = pos;
        // Skip the positions: one varint each, its last byte below 0x80.
        let mut left = u64::from(t) + u64::from(b);
        while left > 0 {
            let byte = *section
                .get(pos)
                .ok_or_else(|| corrupt(format!("positions at {offset} run past the end")))?;
            pos += 1;
            if byte < 0x80 {
                left -= 1;
            }
        }
        entries.push(Entry {
            doc,
            body_len,
            title: t,
            body: b,
            weighted,
            at,
        });
    }
    Ok(List {
        bytes: section,
        entries,
    })
}

/// Decodes a whole postings list, positions included.
pub fn decode(section: &[u8], offset: u64) -> Result<Vec<Posting>> {
    let list = read(section, offset)?;
    let mut out = Vec::with_capacity(list.entries.len());
    for (i, e) in list.entries.iter().enumerate() {
        let (title, body) = list.positions(i)?;
        out.push(Posting {
            doc: e.doc,
            body_len: e.body_len,
            title,
            body,
            weighted: e.weighted,
        });
    }
    Ok(out)
}

fn positions(section: &[u8], pos: &mut usize, n: u64) -> Result<Vec<u32>> {
    let mut out = Vec::with_capacity(n as usize);
    let mut p: u32 = 0;
    for _ in 0..n {
        p = p
            .checked_add(small(get_varint(section, pos)?)?)
            .ok_or_else(|| corrupt("token position overflows".into()))?;
        out.push(p);
    }
    Ok(out)
}

fn small(v: u64) -> Result<u32> {
    u32::try_from(v).map_err(|_| corrupt(format!("value {v} is too large")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let list = vec![
            Posting {
                doc: 0,
                body_len: 12,
                title: vec![1],
                body: vec![0, 5, 11],
                weighted: None,
            },
            Posting {
                doc: 7,
                body_len: 400,
                title: vec![],
                body: vec![399],
                weighted: None,
            },
            Posting {
                doc: 9,
                body_len: 40,
                title: vec![],
                body: vec![0, 1],
                weighted: Some(45),
            },
        ];
        let mut bytes = vec![9, 9];
        encode(&list, &mut bytes);
        assert_eq!(decode(&bytes, 2).unwrap(), list);
        let read = read(&bytes, 2).unwrap();
        assert_eq!(read.entries[0].body_tf(), 3.0);
        assert_eq!(read.entries[2].body_tf(), 4.5);
    }

    #[test]
    fn damaged_postings_are_errors_not_panics() {
        let list = vec![Posting {
            doc: 3,
            body_len: 5,
            title: vec![0],
            body: vec![1, 2, 3],
            weighted: Some(7),
        }];
        let mut bytes = Vec::new();
        encode(&list, &mut bytes);
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], 0).is_err(), "truncated to {len}");
        }
        assert!(decode(&bytes, 1000).is_err());
        assert!(decode(&[0xff, 0xff, 0xff, 0x0f], 0).is_err());
    }
}
