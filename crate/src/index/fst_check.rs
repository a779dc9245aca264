//! A structural check of an `fst` dictionary, run once when an index is
//! opened, before the first lookup.
//!
//! In: the bytes of one dictionary section, already past its checksum.
//! Out: `Ok` if every node reachable from the root can be read within the
//! bytes and every transition leads to a node written before it, or an
//! [`Error::Corrupt`] naming the dictionary.
//!
//! Why: checksums catch accidents, not a host that edits the file and
//! recomputes them. `fst` reads its nodes with plain indexing and asserts, so
//! a damaged node panics (in the browser, a trap that kills the module), and a
//! transition that loops back makes a walk endless. This walk mirrors how
//! `fst` 0.4 decodes a node (`raw/node.rs`: the three node kinds, their pack
//! sizes and the 256-byte transition index of large nodes) with checked
//! arithmetic, so once it passes, every read `fst` makes is in bounds, and
//! since `fst` writes children before parents, requiring each transition to
//! point to a lower address rules out cycles. It visits each node once: its
//! cost is linear in the dictionary's size. (Outputs summed along a path may
//! still wrap around in a hostile file; release builds do not check overflow,
//! and postings offsets are bounds-checked where they are used.)

use crate::error::Result;

use super::format::corrupt;

/// Bytes of `fst`'s footer (version 3): length, root address, checksum.
const FOOTER: usize = 20;
/// Nodes with more transitions carry a 256-byte input index (version ≥ 2).
const TRANS_INDEX_THRESHOLD: usize = 32;

/// Checks the dictionary `name` (for the error message) in `bytes`.
pub fn check(name: &str, bytes: &[u8]) -> Result<()> {
    let bad = |what: &str| corrupt(format!("{name} dictionary is damaged ({what})"));
    if bytes.len() < 36 {
        return Err(bad("too short"));
    }
    let version = le_u64(&bytes[..8]);
    if version != 3 {
        return Err(bad("unknown fst version"));
    }
    let end = bytes.len() - 4;
    let root = usize::try_from(le_u64(&bytes[end - 8..end])).map_err(|_| bad("root address"))?;
    if root == 0 {
        return Ok(()); // an empty dictionary
    }
    if root >= bytes.len() - FOOTER {
        return Err(bad("root address past the nodes"));
    }
    let mut seen = vec![0u64; (root + 1).div_ceil(64)];
    let mut stack = vec![root];
    while let Some(addr) = stack.pop() {
        let (word, bit) = (addr / 64, 1u64 << (addr % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        for target in node_targets(bytes, addr).ok_or_else(|| bad("a node runs out of bounds"))? {
            // Address 0 is fst's empty final node, which has no bytes.
            if target >= addr {
                return Err(bad("a transition points forward"));
            }
            if target != 0 {
                stack.push(target);
            }
        }
    }
    Ok(())
}

/// The transition targets of the node at `addr`, or `None` if reading it
/// as `fst` does would leave the bytes or break one of its assertions.
fn node_targets(bytes: &[u8], addr: usize) -> Option<Vec<usize>> {
    // A node's bytes end at its address: `fst` reads it from `data[..=addr]`.
    let data = bytes.get(..addr.checked_add(1)?)?;
    let len = data.len();
    let state = data[addr];
    match state >> 6 {
        0b11 => {
            // One transition to the node written just before, input inline
            // unless it is one of the common inputs.
            let input_len = usize::from(state & 0x3f == 0);
            let end = len.checked_sub(1 + input_len)?;
            Some(vec![end.checked_sub(1)?])
        }
        0b10 => {
            let input_len = usize::from(state & 0x3f == 0);
            let sizes = data[len.checked_sub(2 + input_len)?];
            let (tsize, osize) = pack_sizes(sizes)?;
            if tsize == 0 {
                return None;
            }
            let node_end = len.checked_sub(2 + input_len + tsize + osize)?;
            let at = addr.checked_sub(input_len + 1 + tsize)?;
            let delta = unpack(data.get(at..at + tsize)?);
            Some(vec![target(node_end, delta)?])
        }
        _ => {
            let inline_n = state & 0x3f;
            let ntrans_len = usize::from(inline_n == 0);
            let ntrans = match inline_n {
                0 => match data[len.checked_sub(2)?] {
                    1 => 256,
                    n => usize::from(n),
                },
                n => usize::from(n),
            };
            let sizes = data[len.checked_sub(2 + ntrans_len)?];
            let (tsize, osize) = pack_sizes(sizes)?;
            if ntrans > 0 && tsize == 0 {
                return None;
            }
            let index = if ntrans > TRANS_INDEX_THRESHOLD {
                256
            } else {
                0
            };
            let trans = ntrans + ntrans * tsize + index;
            let is_final = state & 0x40 != 0;
            let final_osize = if is_final { osize } else { 0 };
            let node_end =
                len.checked_sub(2 + ntrans_len + trans + ntrans * osize + final_osize)?;
            let mut targets = Vec::with_capacity(ntrans);
            for i in 0..ntrans {
                let at = addr.checked_sub(ntrans_len + 1 + index + ntrans + i * tsize + tsize)?;
                let delta = unpack(data.get(at..at + tsize)?);
                targets.push(target(node_end, delta)?);
            }
            Some(targets)
        }
    }
}

/// Transition and output sizes in bytes, each at most 8 as `fst` asserts;
/// a transition needs at least one byte.
fn pack_sizes(v: u8) -> Option<(usize, usize)> {
    let (tsize, osize) = (usize::from(v >> 4), usize::from(v & 0x0f));
    (tsize <= 8 && osize <= 8).then_some((tsize, osize))
}

/// `fst`'s delta-coded address: 0 is the empty final node, else `end - delta`.
fn target(node_end: usize, delta: u64) -> Option<usize> {
    if delta == 0 {
        return Some(0);
    }
    node_end.checked_sub(usize::try_from(delta).ok()?)
}

fn unpack(b: &[u8]) -> u64 {
    b.iter()
        .enumerate()
        .fold(0, |n, (i, &x)| n | (u64::from(x) << (8 * i)))
}

fn le_u64(b: &[u8]) -> u64 {
    unpack(&b[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::MapBuilder;

    fn dictionary(keys: &[&str]) -> Vec<u8> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        let mut b = MapBuilder::memory();
        for (i, k) in keys.iter().enumerate() {
            b.insert(k, i as u64 * 1_000_003).expect("sorted keys");
        }
        b.into_inner().expect("fst bytes")
    }

    #[test]
    fn sound_dictionaries_pass() {
        check("word", &dictionary(&[])).expect("empty");
        check(
            "word",
            &dictionary(&["كوريا", "كوري", "روسيا", "a", "ab", "abc"]),
        )
        .expect("small");
        // A node with more than 32 transitions carries the input index.
        let many: Vec<String> = (0..300u32)
            .map(|i| format!("{}{}", char::from_u32(0x600 + i).unwrap_or('x'), i))
            .collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        check("word", &dictionary(&refs)).expect("wide node");
    }

    #[test]
    fn every_single_byte_change_is_caught_or_harmless() {
        // Whatever one byte becomes, the check either refuses the dictionary
        // or `fst` can walk all of it without panicking.
        let sound = dictionary(&["كوريا", "كوري", "الكوريين", "روسيا", "Business", "2024"]);
        for at in 8..sound.len() - 4 {
            for v in [0u8, 1, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff] {
                let mut bytes = sound.clone();
                bytes[at] = v;
                if check("word", &bytes).is_ok() {
                    if let Ok(map) = fst::Map::new(bytes) {
                        use fst::{IntoStreamer, Streamer};
                        let mut s = map.stream().into_stream();
                        while s.next().is_some() {}
                        let _ = map.get("كوريا");
                    }
                }
            }
        }
    }

    #[test]
    fn a_loop_back_is_refused() {
        let mut bytes = dictionary(&["ab"]);
        // Point the root at itself: find the root address in the footer.
        let end = bytes.len() - 4;
        let root = le_u64(&bytes[end - 8..end]) as usize;
        let forward = (root + 1) as u64;
        bytes[end - 8..end].copy_from_slice(&forward.to_le_bytes());
        assert!(check("word", &bytes).is_err());
    }
}
