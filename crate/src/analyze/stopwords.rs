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
    is_arabic_stop_word(term) || is_english_stop_word(term)
}

fn is_arabic_stop_word(term: &str) -> bool {
    matches!(
        term,
        "في" | "من"
            | "علي"
            | "الي"
            | "عن"
            | "ان"
            | "انه"
            | "انها"
            | "او"
            | "ام"
            | "ثم"
            | "مع"
            | "بين"
            | "حتي"
            | "منذ"
            | "عند"
            | "لدي"
            | "قبل"
            | "بعد"
            | "خلال"
            | "حول"
            | "ضد"
            | "نحو"
            | "كل"
            | "بعض"
            | "غير"
            | "ايضا"
            | "الا"
            | "اذا"
            | "اذ"
            | "لو"
            | "لكن"
            | "بل"
            | "قد"
            | "لقد"
            | "لا"
            | "لم"
            | "لن"
            | "ما"
            | "ماذا"
            | "هل"
            | "يا"
            | "ولا"
            | "هو"
            | "هي"
            | "هم"
            | "هن"
            | "هما"
            | "انا"
            | "نحن"
            | "انت"
            | "انتم"
            | "له"
            | "لها"
            | "لهم"
            | "به"
            | "بها"
            | "فيه"
            | "فيها"
            | "منه"
            | "منها"
            | "عليه"
            | "عليها"
            | "هذا"
            | "هذه"
            | "هذان"
            | "هاتان"
            | "هؤلاء"
            | "ذلك"
            | "تلك"
            | "اولئك"
            | "هناك"
            | "هنا"
            | "الذي"
            | "التي"
            | "الذين"
            | "اللذان"
            | "اللتان"
            | "اللاتي"
            | "اللواتي"
            | "كان"
            | "كانت"
            | "كانوا"
            | "يكون"
            | "تكون"
            | "ليس"
            | "ليست"
            | "و"
            | "ف"
            | "ب"
            | "ل"
            | "ك"
    )
}

fn is_english_stop_word(term: &str) -> bool {
    matches!(
        term,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "not"
            | "no"
            | "nor"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "as"
            | "into"
            | "than"
            | "then"
            | "so"
            | "if"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "do"
            | "does"
            | "did"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "it"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "there"
            | "here"
            | "which"
            | "who"
            | "whom"
            | "what"
            | "he"
            | "she"
            | "they"
            | "them"
            | "his"
            | "her"
            | "their"
            | "i"
            | "me"
            | "my"
            | "we"
            | "us"
            | "our"
            | "you"
            | "your"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::fold;

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
