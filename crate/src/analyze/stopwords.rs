//! Stop words.
//!
//! In: a folded term (output of [`super::fold`]: ى is ي, ة is ه, أ إ آ are ا,
//! Latin lower-case). Out: whether it is a very frequent function word.
//!
//! Stop words are not removed from the tokens: the index keeps them and the
//! search decides what to do with them (e.g. not let them alone decide a
//! match). The lists are short on purpose: particles, prepositions, pronouns,
//! demonstratives, relatives and auxiliaries, no content words.

/// Whether a folded term is a stop word.
pub fn is_stop_word(term: &str) -> bool {
    ARABIC.binary_search(&term).is_ok() || ENGLISH.binary_search(&term).is_ok()
}

/// Arabic stop words, folded, in byte order (binary search).
const ARABIC: &[&str] = &[
    "اذ",
    "اذا",
    "الا",
    "التي",
    "الذي",
    "الذين",
    "اللاتي",
    "اللتان",
    "اللذان",
    "اللواتي",
    "الي",
    "ام",
    "ان",
    "انا",
    "انت",
    "انتم",
    "انه",
    "انها",
    "او",
    "اولئك",
    "ايضا",
    "ب",
    "بعد",
    "بعض",
    "بل",
    "به",
    "بها",
    "بين",
    "تكون",
    "تلك",
    "ثم",
    "حتي",
    "حول",
    "خلال",
    "ذلك",
    "ضد",
    "علي",
    "عليه",
    "عليها",
    "عن",
    "عند",
    "غير",
    "ف",
    "في",
    "فيه",
    "فيها",
    "قبل",
    "قد",
    "ك",
    "كان",
    "كانت",
    "كانوا",
    "كل",
    "ل",
    "لا",
    "لدي",
    "لقد",
    "لكن",
    "لم",
    "لن",
    "له",
    "لها",
    "لهم",
    "لو",
    "ليس",
    "ليست",
    "ما",
    "ماذا",
    "مع",
    "من",
    "منذ",
    "منه",
    "منها",
    "نحن",
    "نحو",
    "هؤلاء",
    "هاتان",
    "هذا",
    "هذان",
    "هذه",
    "هل",
    "هم",
    "هما",
    "هن",
    "هنا",
    "هناك",
    "هو",
    "هي",
    "و",
    "ولا",
    "يا",
    "يكون",
];

/// English stop words, in byte order (binary search).
const ENGLISH: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "his", "i",
    "if", "in", "into", "is", "it", "its", "may", "me", "might", "must", "my", "no", "nor", "not",
    "of", "on", "or", "our", "shall", "she", "should", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were",
    "what", "which", "who", "whom", "will", "with", "would", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::fold;

    #[test]
    fn the_lists_are_sorted_for_binary_search() {
        for list in [ARABIC, ENGLISH] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn arabic_stop_words_match_after_folding() {
        for w in [
            "في", "من", "على", "إلى", "عن", "أن", "إن", "التي", "الذي", "هذا", "هذه", "ذلك", "مع",
            "أو", "ثم", "كان", "قد", "لا", "ما", "هو", "هي", "حتى", "لدى",
        ] {
            assert!(is_stop_word(&fold(w)), "{w}");
        }
    }

    #[test]
    fn english_stop_words_match_after_folding() {
        for w in [
            "The", "of", "and", "a", "to", "in", "is", "our", "you", "with",
        ] {
            assert!(is_stop_word(&fold(w)), "{w}");
        }
    }

    #[test]
    fn content_words_are_not_stop_words() {
        for w in [
            "روسيا",
            "الجنود",
            "كوريا",
            "مقاطعة",
            "بيان",
            "2024",
            "korea",
            "business",
            "soldiers",
            "",
        ] {
            assert!(!is_stop_word(&fold(w)), "{w}");
        }
    }
}
