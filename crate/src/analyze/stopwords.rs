//! Stop words (to be written).

/// Whether a folded term is a stop word.
pub fn is_stop_word(_term: &str) -> bool {
    false
}
