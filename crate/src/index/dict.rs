//! A term dictionary: one whole `fst::Map`, or chunks of one fetched as
//! lookups need them.
//!
//! In: a verified `fst` (single-file index), or this dictionary's ranges of
//! the chunk directory ([`format::decode_directory`]) and then its parts of
//! the chunks, added one by one.
//! Out: the values of exact keys, of keys with a prefix, of keys an
//! automaton accepts, in key order — and, for a chunked dictionary, the
//! names of the chunks a lookup needed but did not have ([`Wanted`]).
//!
//! Invariant: once every chunk a lookup asked for is added, it answers
//! exactly what the whole `fst` would (same keys, same order, same limit).
//! Chunks partition the key order, so a walk over them in order is a walk
//! over the whole map.

use std::cell::RefCell;

use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::format::{self, ChunkRange, ShardKind};

/// Names of dictionary chunks that lookups needed and the index did not
/// have, in the order they were asked for (duplicates removed on read).
#[derive(Debug, Default)]
pub struct Wanted(RefCell<Vec<String>>);

impl Wanted {
    fn push(&self, name: String) {
        self.0.borrow_mut().push(name);
    }

    /// How many names were asked for so far (a mark for [`Wanted::since`]).
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether anything was asked for after `mark` (an earlier [`Wanted::len`]).
    pub fn since(&self, mark: usize) -> bool {
        self.len() > mark
    }

    /// The names, sorted, without duplicates.
    pub fn names(&self) -> Vec<String> {
        let mut names = self.0.borrow().clone();
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }
}

/// A dictionary.
pub enum Dictionary {
    /// The whole map, from a single-file index.
    Whole(Map<Vec<u8>>),
    /// A sharded index's dictionary: its parts of the chunks, and those added.
    Chunked {
        /// The shard folder's build hash.
        build: u64,
        /// Key ranges, in order, with the number of the chunk that holds each.
        directory: Vec<(ChunkRange, u32)>,
        /// Added parts, by position in `directory` (`None`: not yet).
        chunks: Vec<Option<Map<Vec<u8>>>>,
    },
}

impl Dictionary {
    /// A chunked dictionary with no part added yet: its ranges, in key
    /// order, and the chunk number of each (ascending).
    pub fn chunked(build: u64, directory: Vec<(ChunkRange, u32)>) -> Dictionary {
        Dictionary::Chunked {
            build,
            chunks: directory.iter().map(|_| None).collect(),
            directory,
        }
    }

    /// Number of ranges (1 for a whole map).
    pub fn chunk_count(&self) -> usize {
        match self {
            Dictionary::Whole(_) => 1,
            Dictionary::Chunked { chunks, .. } => chunks.len(),
        }
    }

    /// Whether chunk `n` has keys of this dictionary.
    pub fn has_part(&self, n: u32) -> bool {
        self.position(n).is_some()
    }

    fn position(&self, n: u32) -> Option<usize> {
        match self {
            Dictionary::Whole(_) => None,
            Dictionary::Chunked { directory, .. } => {
                directory.binary_search_by_key(&n, |&(_, c)| c).ok()
            }
        }
    }

    /// Keeps this dictionary's part of chunk `n` (already verified). `false`
    /// if chunk `n` has no keys of this dictionary.
    pub fn add(&mut self, n: u32, map: Map<Vec<u8>>) -> bool {
        let Some(at) = self.position(n) else {
            return false;
        };
        match self {
            Dictionary::Chunked { chunks, .. } => {
                chunks[at] = Some(map);
                true
            }
            Dictionary::Whole(_) => false,
        }
    }

    /// The names of the chunks whose part is not added yet.
    pub fn missing(&self) -> Vec<String> {
        match self {
            Dictionary::Whole(_) => Vec::new(),
            Dictionary::Chunked {
                build,
                chunks,
                directory,
            } => (0..chunks.len())
                .filter(|&n| chunks[n].is_none())
                .map(|n| format::shard_name(ShardKind::Dictionary, directory[n].1, *build))
                .collect(),
        }
    }

    /// Number of keys in the chunks at hand.
    pub fn len(&self) -> usize {
        match self {
            Dictionary::Whole(map) => map.len(),
            Dictionary::Chunked { chunks, .. } => chunks.iter().flatten().map(Map::len).sum(),
        }
    }

    /// Whether the chunks at hand hold no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The part at position `n` of the directory, or its chunk's name pushed
    /// to `wanted`.
    fn chunk(&self, n: usize, wanted: &Wanted) -> Option<&Map<Vec<u8>>> {
        match self {
            Dictionary::Whole(map) => Some(map),
            Dictionary::Chunked {
                build,
                chunks,
                directory,
            } => {
                let chunk = chunks.get(n)?.as_ref();
                if chunk.is_none() {
                    let (_, number) = directory.get(n)?;
                    wanted.push(format::shard_name(ShardKind::Dictionary, *number, *build));
                }
                chunk
            }
        }
    }

    /// The chunk numbers whose ranges may hold keys `>= key`, from the one
    /// that would hold `key` itself.
    fn chunks_from(&self, key: &[u8]) -> std::ops::Range<usize> {
        match self {
            Dictionary::Whole(_) => 0..1,
            Dictionary::Chunked { directory, .. } => {
                directory.partition_point(|(r, _)| r.last.as_slice() < key)..directory.len()
            }
        }
    }

    /// The key range at position `n`.
    fn range(&self, n: usize) -> Option<&ChunkRange> {
        match self {
            Dictionary::Whole(_) => None,
            Dictionary::Chunked { directory, .. } => directory.get(n).map(|(r, _)| r),
        }
    }

    /// The value of `key`, if the dictionary has it.
    pub fn get(&self, key: &[u8], wanted: &Wanted) -> Option<u64> {
        let n = self.chunks_from(key).start;
        if self.range(n).is_some_and(|r| key < r.first.as_slice()) {
            return None;
        }
        self.chunk(n, wanted)?.get(key)
    }

    /// Keys starting with `prefix` and their values, in key order, at most
    /// `limit`; each chunk's walk is an automaton made by `automaton`.
    pub fn prefixed<A: Automaton>(
        &self,
        prefix: &[u8],
        limit: usize,
        automaton: impl Fn() -> A,
        wanted: &Wanted,
    ) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::new();
        let chunks = self.chunks_from(prefix);
        let mut n = chunks.start;
        while n < chunks.end && out.len() < limit {
            // Past the range: this chunk's keys all sort after the prefix's.
            if self
                .range(n)
                .is_some_and(|r| !r.first.starts_with(prefix) && r.first.as_slice() > prefix)
            {
                break;
            }
            let Some(map) = self.chunk(n, wanted) else {
                // The keys after a missing chunk would come out of order:
                // stop, asking for the next few of the range at once.
                for ahead in n + 1..chunks.end.min(n + 1 + PREFIX_CHUNKS_AHEAD) {
                    if self
                        .range(ahead)
                        .is_some_and(|r| r.first.starts_with(prefix))
                    {
                        self.chunk(ahead, wanted);
                    }
                }
                break;
            };
            collect(map.search(automaton()), limit, &mut out);
            n += 1;
        }
        out
    }

    /// Keys `automaton` accepts and their values, in key order, at most
    /// `limit`. A chunk is skipped, unfetched, when the automaton cannot
    /// get past what its keys start with ([`may_match`]).
    pub fn search<A: Automaton>(
        &self,
        automaton: &A,
        limit: usize,
        wanted: &Wanted,
    ) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::new();
        for n in 0..self.chunk_count() {
            if out.len() >= limit {
                break;
            }
            if self.range(n).is_some_and(|r| !may_match(automaton, r)) {
                continue;
            }
            if let Some(map) = self.chunk(n, wanted) {
                collect(map.search(automaton), limit, &mut out);
            }
        }
        out
    }
}

/// Most characters tried at the first position where a chunk's keys differ.
const MAX_NEXT_CHARS: u32 = 96;

/// Whether `automaton` may accept a key of the chunk `range` (whose keys all
/// start with the prefix its first and last key share): it must get through
/// that common prefix, and then through one of the characters the keys can have next —
/// every character from the first key's to the last key's, in order.
/// Typo automata die within a character or two of a word they are not near,
/// and Arabic keys mostly share only one or two letters, so the second test
/// is what skips most chunks. `true` when unsure.
fn may_match<A: Automaton>(automaton: &A, range: &ChunkRange) -> bool {
    let common = range
        .first
        .iter()
        .zip(&range.last)
        .take_while(|(a, b)| a == b)
        .count();
    // The common prefix, cut back to whole characters.
    let Some(at) = (0..=common)
        .rev()
        .find(|&i| std::str::from_utf8(&range.first[..i]).is_ok())
    else {
        return true;
    };
    let mut state = automaton.start();
    for &b in &range.first[..at] {
        if !automaton.can_match(&state) {
            return false;
        }
        state = automaton.accept(&state, b);
    }
    if !automaton.can_match(&state) {
        return false;
    }
    let next = |key: &[u8]| {
        let rest = &key[at..];
        let len = rest.len().min(4);
        (1..=len).find_map(|l| std::str::from_utf8(&rest[..l]).ok()?.chars().next())
    };
    // The first key may end here: then the others may go on with anything
    // below the last key's next character (and the first may match itself).
    if range.first.len() == at && automaton.is_match(&state) {
        return true;
    }
    let lo = next(&range.first).unwrap_or('\0');
    let Some(hi) = next(&range.last) else {
        return true;
    };
    if u32::from(hi) - u32::from(lo) > MAX_NEXT_CHARS {
        return true;
    }
    (u32::from(lo)..=u32::from(hi))
        .filter_map(char::from_u32)
        .any(|c| {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let mut s = automaton.accept(&state, bytes[0]);
            for &b in &bytes[1..] {
                s = automaton.accept(&s, b);
            }
            automaton.can_match(&s)
        })
}

/// Chunks of a prefix's range asked for beyond the first missing one: a
/// chunk holds a thousand terms or so, more than a prefix expands to, so
/// this is for short prefixes of small chunks.
const PREFIX_CHUNKS_AHEAD: usize = 3;

/// Appends the stream's keys and values to `out` until it holds `limit`.
fn collect<A: Automaton>(
    builder: fst::map::StreamBuilder<'_, A>,
    limit: usize,
    out: &mut Vec<(Vec<u8>, u64)>,
) {
    let mut stream = builder.into_stream();
    while out.len() < limit {
        let Some((key, value)) = stream.next() else {
            break;
        };
        out.push((key.to_vec(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["ا", "الكتاب", "الكتب", "كتاب", "كتب", "كوريا", "مكتب"];

    /// The keys in parts of two, as a build with tiny chunks would cut
    /// them, in chunks 0, 2, 4, 6 (the odd ones hold only the other
    /// dictionary's keys).
    fn chunked() -> (Dictionary, Vec<Map<Vec<u8>>>) {
        let mut ranges = Vec::new();
        let mut maps = Vec::new();
        for (i, pair) in KEYS.chunks(2).enumerate() {
            let map = Map::from_iter(pair.iter().map(|k| (k.as_bytes(), k.len() as u64)))
                .expect("sorted");
            let range = ChunkRange {
                first: pair[0].as_bytes().to_vec(),
                last: pair[pair.len() - 1].as_bytes().to_vec(),
            };
            ranges.push((range, 2 * i as u32));
            maps.push(map);
        }
        (Dictionary::chunked(7, ranges), maps)
    }

    fn whole() -> Dictionary {
        Dictionary::Whole(
            Map::from_iter(KEYS.iter().map(|k| (k.as_bytes(), k.len() as u64))).expect("sorted"),
        )
    }

    fn all(d: &mut Dictionary, maps: Vec<Map<Vec<u8>>>) {
        for (n, m) in maps.into_iter().enumerate() {
            assert!(!d.has_part(2 * n as u32 + 1));
            assert!(d.add(2 * n as u32, m));
        }
        assert!(d.missing().is_empty());
    }

    #[test]
    fn an_exact_lookup_asks_for_the_one_chunk_of_its_range() {
        let (mut d, maps) = chunked();
        let wanted = Wanted::default();
        assert_eq!(d.get("كتب".as_bytes(), &wanted), None);
        assert_eq!(wanted.names(), vec!["0000000000000007/4/t4.bin"]);
        assert_eq!(d.missing().len(), 4);
        // Between two ranges, or past the last: nothing to fetch.
        let none = Wanted::default();
        assert_eq!(d.get("الكتابة".as_bytes(), &none), None);
        assert_eq!(d.get("ي".as_bytes(), &none), None);
        assert!(none.is_empty());
        all(&mut d, maps);
        let done = Wanted::default();
        assert_eq!(d.get("كتب".as_bytes(), &done), Some(6));
        assert!(done.is_empty());
    }

    #[test]
    fn a_prefix_walks_the_chunks_of_its_range_in_order_and_stops_at_a_gap() {
        let (mut d, maps) = chunked();
        let prefix = |d: &Dictionary, p: &str, limit, wanted: &Wanted| {
            d.prefixed(
                p.as_bytes(),
                limit,
                || fst::automaton::Str::new(p).starts_with(),
                wanted,
            )
        };
        let wanted = Wanted::default();
        assert!(prefix(&d, "ك", 10, &wanted).is_empty());
        // The range of «ك» is parts 1 (…كتاب) and 2 (كتب…كوريا), not 3
        // (مكتب…): chunks 2 and 4.
        assert_eq!(
            wanted.names(),
            vec!["0000000000000007/2/t2.bin", "0000000000000007/4/t4.bin"]
        );
        all(&mut d, maps);
        let w = whole();
        for (p, limit) in [
            ("ك", 10),
            ("ك", 2),
            ("ال", 10),
            ("", 100),
            ("م", 1),
            ("ي", 5),
        ] {
            let wanted = Wanted::default();
            assert_eq!(
                prefix(&d, p, limit, &wanted),
                prefix(&w, p, limit, &wanted),
                "{p}"
            );
            assert!(wanted.is_empty());
        }
    }

    #[test]
    fn an_automaton_skips_chunks_whose_common_prefix_it_cannot_extend() {
        let (d, _) = chunked();
        let wanted = Wanted::default();
        let starts = fst::automaton::Str::new("مك").starts_with();
        assert!(d.search(&starts, 10, &wanted).is_empty());
        // Parts 0 (ا…الكتاب, common prefix «ا») and 2 (كتب…كوريا, «ك»)
        // are ruled out by their prefix, 1 (الكتب…كتاب) by its first
        // letters, which run from ا to ك; 3 (مكتب alone, chunk 6) is not.
        assert_eq!(wanted.names(), vec!["0000000000000007/6/t6.bin"]);
    }
}
