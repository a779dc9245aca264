//! One small sort for the query path.
//!
//! The standard library's `sort_unstable` is fast, but each element type and
//! comparator gets its own copy of a quicksort with sorting networks, about
//! 2–3 KB of wasm apiece: the ten sorts of the query path cost the module
//! ~20 KB. This heapsort is compiled once: it sees the slice only through
//! one `dyn` callback that compares or swaps two positions, so a call site
//! adds only that small callback.
//!
//! It is unstable, like `sort_unstable`; every caller orders by a total order
//! (equal elements are indistinguishable, or followed by a tie-break), so the
//! result is the same as the standard library's. It is O(n log n) in the
//! worst case; the query path sorts small lists (a page, a few documents'
//! positions, a phrase's candidate documents), where the slower comparisons
//! through the callback do not show.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, like `v.sort_unstable_by(compare)`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    heapsort(n, &mut |i, j, swap| {
        if swap {
            v.swap(i, j);
            false
        } else {
            compare(&v[i], &v[j]).is_lt()
        }
    });
}

/// Sorts `v` by `key`, like `v.sort_unstable_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, like `v.sort_unstable()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Heapsort of positions `0..n`: `at(i, j, false)` says whether the element
/// at `i` sorts before the one at `j`, `at(i, j, true)` swaps them.
fn heapsort(n: usize, at: &mut dyn FnMut(usize, usize, bool) -> bool) {
    // A max-heap of the whole slice, then its largest moved to the end, one by one.
    for node in (0..n / 2).rev() {
        sift_down(node, n, at);
    }
    for end in (1..n).rev() {
        at(0, end, true);
        sift_down(0, end, at);
    }
}

/// Moves the element at `node` down the heap of positions `0..end` until
/// neither child sorts after it.
fn sift_down(mut node: usize, end: usize, at: &mut dyn FnMut(usize, usize, bool) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && at(child, child + 1, false) {
            child += 1;
        }
        if !at(node, child, false) {
            return;
        }
        at(node, child, true);
        node = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so that the test needs no crate.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_library() {
        for n in [0, 1, 2, 3, 5, 8, 17, 33, 100, 1000] {
            for (seed, range) in [(1, 10), (7, 1000), (99, u64::MAX)] {
                let input = numbers(seed + n as u64, n, range);
                let mut ours = input.clone();
                sort(&mut ours);
                let mut std = input.clone();
                std.sort_unstable();
                assert_eq!(ours, std, "n = {n}, range = {range}");

                let mut ours = input.clone();
                sort_by(&mut ours, |a, b| b.cmp(a));
                std.reverse();
                assert_eq!(ours, std, "descending, n = {n}");
            }
        }
    }

    #[test]
    fn sorts_by_key() {
        let mut v = vec![(3, 'c'), (1, 'a'), (2, 'b'), (0, 'z')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'z'), (1, 'a'), (2, 'b'), (3, 'c')]);
    }
}
