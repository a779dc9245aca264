//! The near-spelling retry's ranking, merged with what the query found as
//! typed.
//!
//! In: the ranking of the query as typed, the retry's (every word also
//! matched to its near spellings), and for each entry of the retry's how
//! closely its document holds the words side by side (0: not). Out: the
//! merged ranking, or `None` when the retry adds nothing.
//!
//! Order of the merged ranking: documents where the words, some of them
//! near spellings, stand side by side first (the reader most likely meant
//! that phrase; the closer the match, the higher, then in the retry's order);
//! then what the query found as typed, in its order; then the rest of what
//! near spellings found, in theirs, scored below the last of the typed ones.

use super::DocSet;

/// Merges `retry` into `typed` (both `(document, score)`, in no order);
/// `phrased[i]` is the closeness of `retry[i]`'s words (empty when the
/// query has fewer than two words). `None` when the retry finds no more
/// documents and none with its words side by side.
pub(super) fn merge(
    typed: &[(u32, f64)],
    retry: &[(u32, f64)],
    phrased: &[u32],
) -> Option<Vec<(u32, f64)>> {
    let strength = |i: usize| phrased.get(i).copied().unwrap_or(0);
    let side_by_side: DocSet = (retry.iter().enumerate())
        .filter(|&(i, _)| strength(i) > 0)
        .map(|(_, &(d, _))| d)
        .collect();
    if retry.len() <= typed.len() && side_by_side.is_empty() {
        return None;
    }
    let found: DocSet = typed.iter().map(|&(d, _)| d).collect();
    let floor = typed
        .iter()
        .filter(|(d, _)| !side_by_side.contains(d))
        .map(|&(_, s)| s)
        .reduce(f64::min)
        .unwrap_or(f64::INFINITY);
    let best = retry
        .iter()
        .map(|&(_, s)| s)
        .fold(f64::MIN_POSITIVE, f64::max);
    let above = typed.iter().map(|&(_, s)| s).fold(best, f64::max);
    let mut ranked: Vec<(u32, f64)> = typed
        .iter()
        .copied()
        .filter(|(d, _)| !side_by_side.contains(d))
        .collect();
    for (i, &(d, s)) in retry.iter().enumerate() {
        if strength(i) > 0 {
            ranked.push((d, above * (1.0 + f64::from(strength(i))) + s));
        } else if !found.contains(&d) {
            let s = if floor.is_finite() {
                floor * 0.99 * s / best
            } else {
                s
            };
            ranked.push((d, s));
        }
    }
    Some(ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(mut ranked: Vec<(u32, f64)>) -> Vec<u32> {
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(d, _)| d).collect()
    }

    #[test]
    fn nothing_new_and_nothing_side_by_side_keeps_the_typed_ranking() {
        assert_eq!(
            merge(&[(1, 2.0), (2, 1.0)], &[(1, 5.0), (2, 4.0)], &[0, 0]),
            None
        );
        assert_eq!(merge(&[(1, 2.0)], &[(1, 5.0)], &[]), None);
    }

    #[test]
    fn side_by_side_first_then_typed_then_the_other_near_spellings() {
        // Typed: 1 and 2. Retry: 3 holds the words side by side, 4 is new,
        // 1 again (not side by side).
        let merged = merge(
            &[(1, 10.0), (2, 5.0)],
            &[(3, 1.0), (4, 9.0), (1, 20.0)],
            &[4, 0, 0],
        )
        .unwrap();
        assert_eq!(order(merged.clone()), [3, 1, 2, 4]);
        // What near spellings add alone ranks below the last typed document.
        let four = merged.iter().find(|(d, _)| *d == 4).unwrap().1;
        assert!(four < 5.0, "{four}");
    }

    #[test]
    fn closer_phrases_rank_higher_and_nothing_typed_keeps_the_retry_order() {
        let merged = merge(&[], &[(7, 1.0), (8, 1.0), (9, 3.0)], &[1, 3, 0]).unwrap();
        assert_eq!(order(merged), [8, 7, 9]);
    }
}
