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
//!   varint  occurrences in the body, b
//!   t × varint  title positions, each minus the previous one
//!   b × varint  body positions, each minus the previous one
//! ```
//! Title and body positions are counted separately (phrases never cross from
//! the title into the body). Keeping the body length in the postings means
//! scoring needs no per-document table, which is what lets postings be
//! sharded later without a table that grows with the corpus.

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
}

/// Appends the encoding of `postings` (ascending `doc`, ascending positions) to `out`.
pub fn encode(postings: &[Posting], out: &mut Vec<u8>) {
    put_varint(out, postings.len() as u64);
    let mut prev_doc = 0;
    for p in postings {
        put_varint(out, u64::from(p.doc - prev_doc));
        prev_doc = p.doc;
        put_varint(out, u64::from(p.body_len));
        put_varint(out, p.title.len() as u64);
        put_varint(out, p.body.len() as u64);
        for positions in [&p.title, &p.body] {
            let mut prev = 0;
            for &pos in positions.iter() {
                put_varint(out, u64::from(pos - prev));
                prev = pos;
            }
        }
    }
}

/// Decodes the postings list starting at `offset` of the `POST` section.
///
/// Never panics: a list that runs past the section, has too many entries or
/// numbers that overflow gives a corruption error.
pub fn decode(section: &[u8], offset: u64) -> Result<Vec<Posting>> {
    let mut pos = usize::try_from(offset)
        .ok()
        .filter(|&o| o < section.len())
        .ok_or_else(|| corrupt(format!("postings offset {offset} is outside the postings")))?;
    let n = get_varint(section, &mut pos)?;
    // Each posting takes at least 4 bytes: a longer count is a lie.
    if n > (section.len() - pos) as u64 / 4 + 1 {
        return Err(corrupt(format!("postings at {offset} claim {n} documents")));
    }
    let mut out = Vec::with_capacity(n as usize);
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
        let t = get_varint(section, &mut pos)?;
        let b = get_varint(section, &mut pos)?;
        if t.saturating_add(b) > (section.len() - pos) as u64 {
            return Err(corrupt(format!("positions at {offset} run past the end")));
        }
        let title = positions(section, &mut pos, t)?;
        let body = positions(section, &mut pos, b)?;
        out.push(Posting {
            doc,
            body_len,
            title,
            body,
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
            },
            Posting {
                doc: 7,
                body_len: 400,
                title: vec![],
                body: vec![399],
            },
        ];
        let mut bytes = vec![9, 9];
        encode(&list, &mut bytes);
        assert_eq!(decode(&bytes, 2).unwrap(), list);
    }

    #[test]
    fn damaged_postings_are_errors_not_panics() {
        let list = vec![Posting {
            doc: 3,
            body_len: 5,
            title: vec![0],
            body: vec![1, 2, 3],
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
