//! Character folding (to be written).

/// Folds a word for indexing.
pub fn fold(word: &str) -> String {
    word.to_string()
}
