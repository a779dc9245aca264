//! Clitic stripping and light stemming of folded words.
//!
//! In: one folded reading (output of [`super::fold`]).
//! Out: the readings with clitic prefixes removed ([`strip_clitics`]) and a
//! light stem ([`stem`]).
//!
//! Only words made entirely of Arabic letters are stripped and Arabic-stemmed;
//! words made entirely of ASCII letters get a light English stem (plural
//! and third-person -s, see [`english_stem`]);
//! stem; digits and mixed words get neither.
//!
//! Clitics (all of them are tried, every plausible stripping is kept, since
//! nothing tells وزاره "ministry" from و + زاره):
//! * the article and its combinations ال وال فال بال كال لل (= ل + ال) وبال
//!   فبال وكال فكال ولل فلل, when at least 2 letters remain;
//! * the one-letter prefixes و ف ب ك ل and the pairs وب ول وك فب فل فك, when at
//!   least 3 letters remain.
//!
//! The remainder له of an article stripping (الله, بالله, لله) is not produced:
//! it would make the name of God a match for the pronoun له; for the same
//! reason words ending in الله or equal to لله get no light stem (الل).
//!
//! Light stem: at most 2 passes; each pass removes the longest suffix of
//! ها هم هن كم كن نا وا ون ين ان ات تين تان يه ه ي ا (folded: ة is ه, ى is ي,
//! so يه covers ية) **whose removal leaves at least 3 letters**. Words of 3
//! letters or fewer are never changed, and no stem is shorter than 3 letters:
//! كوريين → كوري → كور; مقاطعه → مقاطع; بيان stays (بي would be too short).

/// Minimum letters left after a one-letter (or two-letter, no-article) prefix.
const MIN_AFTER_PREFIX: usize = 3;
/// Minimum letters left after an article combination.
const MIN_AFTER_ARTICLE: usize = 2;
/// Minimum letters of a light stem.
const MIN_STEM: usize = 3;

/// Article combinations, longest first is not needed: all are tried.
const ARTICLES: [&str; 12] = [
    "ال", "وال", "فال", "بال", "كال", "لل", "وبال", "فبال", "وكال", "فكال", "ولل", "فلل",
];
const PREFIXES: [&str; 11] = ["و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك"];
/// Suffixes by decreasing length, so the first match is the longest.
const SUFFIXES: [&str; 17] = [
    "تين", "تان", "ها", "هم", "هن", "كم", "كن", "نا", "وا", "ون", "ين", "ان", "ات", "يه", "ه", "ي",
    "ا",
];

/// Whether a folded word is made of Arabic letters only.
pub(crate) fn is_arabic_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'))
}

fn is_latin_word(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Calls `out` with every clitic stripping of a folded word (possibly
/// repeating one; the caller removes duplicates).
pub(crate) fn strip_clitics(word: &str, mut out: impl FnMut(&str)) {
    if !is_arabic_word(word) {
        return;
    }
    for p in ARTICLES {
        if let Some(rest) = word.strip_prefix(p) {
            if rest.chars().count() >= MIN_AFTER_ARTICLE && rest != "له" {
                out(rest);
            }
        }
    }
    for p in PREFIXES {
        if let Some(rest) = word.strip_prefix(p) {
            if rest.chars().count() >= MIN_AFTER_PREFIX {
                out(rest);
            }
        }
    }
}

/// The light stem of a folded word, or `None` when it has none (digits,
/// mixed words) or the stem is the word itself.
pub(crate) fn stem(word: &str) -> Option<String> {
    if is_arabic_word(word) {
        if word.ends_with("الله") || word == "لله" {
            return None;
        }
        let s = arabic_stem(word);
        (s.len() < word.len()).then(|| s.to_string())
    } else if is_latin_word(word) {
        english_stem(word)
    } else {
        None
    }
}

/// English light stem: the "S" stemmer's rules (Harman, 1991) for plural and
/// third-person -s: -ies → -y (not -aies, -eies), -es → -e (not -aes, -ees,
/// -oes), -s → nothing (not -is, -ss, -us); words of 3 letters or fewer are
/// left alone. Light on purpose: soldiers meets soldier, while business,
/// news-like forms and proper names mostly stay whole. (A Snowball stemmer
/// conflates more but costs the wasm module ~5 KB gzip of tables.)
fn english_stem(word: &str) -> Option<String> {
    if word.len() <= 3 {
        return None;
    }
    let w = word.as_bytes();
    let tail = |s: &str| word.ends_with(s);
    // Cut with strip_suffix, not by index: no slicing panic (and its
    // formatting) in the wasm module.
    if tail("ies") && !tail("aies") && !tail("eies") {
        return word.strip_suffix("ies").map(|w| format!("{w}y"));
    }
    if tail("es") && !tail("aes") && !tail("ees") && !tail("oes") {
        return word.strip_suffix('s').map(str::to_owned);
    }
    if w[w.len() - 1] == b's' && !matches!(w[w.len() - 2], b'i' | b's' | b'u') {
        return word.strip_suffix('s').map(str::to_owned);
    }
    None
}

/// Arabic light stem (see the module doc); a prefix slice of `word`.
pub(crate) fn arabic_stem(word: &str) -> &str {
    let mut w = word;
    let mut letters = w.chars().count();
    for _ in 0..2 {
        let Some((rest, s)) = SUFFIXES.iter().find_map(|s| {
            let rest = w.strip_suffix(*s)?;
            (letters >= MIN_STEM + s.chars().count()).then_some((rest, s))
        }) else {
            break;
        };
        w = rest;
        letters -= s.chars().count();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::fold;

    fn strippings(w: &str) -> Vec<String> {
        let mut v = Vec::new();
        strip_clitics(&fold(w), |s| v.push(s.to_string()));
        v
    }

    fn st(w: &str) -> String {
        let f = fold(w);
        stem(&f).unwrap_or(f)
    }

    #[test]
    fn clitics_are_stripped() {
        for (word, want) in [
            ("وروسيا", "روسيا"),
            ("بكوريا", "كوريا"),
            ("لكوريا", "كوريا"),
            ("الجنود", "جنود"),
            ("للجنود", "جنود"),
            ("بالجنود", "جنود"),
            ("بالجنود", "الجنود"),
            ("والبسالة", "بساله"),
            ("والبسالة", "البساله"),
            ("لروسيا", "روسيا"),
            ("وزارة", "زاره"),
            ("وقاذفات", "قاذفات"),
            ("الخنادق", "خنادق"),
            ("فالجنود", "جنود"),
            ("وللجنود", "جنود"),
            ("وبالجنود", "جنود"),
            ("وبروسيا", "روسيا"),
            ("فلروسيا", "روسيا"),
            ("كالجنود", "جنود"),
            ("الروسية", "روسيه"),
            // 2 letters left after the article is enough
            ("الرب", "رب"),
        ] {
            assert!(
                strippings(word).contains(&want.to_string()),
                "{word}: {:?}",
                strippings(word)
            );
        }
    }

    #[test]
    fn clitics_are_kept_when_too_little_remains() {
        for (word, not) in [
            ("ولد", "لد"),  // 2 letters after و
            ("بيت", "يت"),  // 2 letters after ب
            ("كلب", "لب"),  // 2 letters after ك
            ("الي", "ي"),   // 1 letter after ال
            ("الله", "له"), // the name of God is not the pronoun له
            ("بالله", "له"),
        ] {
            assert!(
                !strippings(word).contains(&not.to_string()),
                "{word}: {:?}",
                strippings(word)
            );
        }
        assert!(strippings("ولد").is_empty());
        // exactly 3 letters left after a one-letter prefix: stripped
        assert_eq!(strippings("وجند"), vec!["جند"]);
    }

    #[test]
    fn only_arabic_words_are_stripped() {
        assert!(strippings("lalala").is_empty());
        assert!(strippings("2025").is_empty());
        assert!(strippings("والkorea").is_empty());
    }

    #[test]
    fn related_forms_share_a_stem() {
        for group in [
            &["كوريين", "كوريا", "كورية", "كوري", "كوريون"][..],
            &["روسيا", "روسية", "روسي"][..],
            &["جنودًا", "جنود"][..],
            &["مقاطعة", "مقاطعه", "مقاطعات"][..],
            &["Business", "business"][..],
            &["soldiers", "soldier"][..],
            &["countries", "country"][..],
            &["houses", "house"][..],
        ] {
            let stems: Vec<String> = group.iter().map(|w| st(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
        assert_eq!(st("كوريين"), "كور");
        assert_eq!(st("روسيا"), "روس");
        assert_eq!(st("جنودًا"), "جنود");
        assert_eq!(st("مقاطعة"), "مقاطع");
        assert_eq!(st("soldiers"), "soldier");
        for unchanged in ["business", "this", "status", "bus", "analysis"] {
            assert_eq!(st(unchanged), unchanged);
        }
    }

    #[test]
    fn short_words_are_not_stemmed() {
        for w in [
            "الله",
            "ٱللَّهِ",
            "بالله",
            "والله",
            "لله",
            "من",
            "هو",
            "عن",
            "بيان",
            "عون",
            "في",
            "هي",
        ] {
            assert_eq!(stem(&fold(w)), None, "{w}");
        }
    }

    #[test]
    fn stem_keeps_at_least_three_letters() {
        for (word, want) in [
            // 3 letters: never changed, even with a suffix-looking ending
            ("بنا", "بنا"),
            ("كتب", "كتب"),
            ("اخي", "اخي"),
            // 4 letters: one letter may go
            ("كتبه", "كتب"),
            ("كتبا", "كتب"),
            ("كوري", "كور"),
            // 4 letters: a 2-letter suffix would leave 2, the 1-letter one is taken
            ("اخوا", "اخو"),
            // 5 letters, longest suffix first
            ("كتبها", "كتب"),
            ("كتبهم", "كتب"),
            ("جنودنا", "جنود"),
            // two passes at most
            ("مدرستين", "مدرس"),
            ("سياراتها", "سيار"),
            ("كوريينا", "كوري"),
        ] {
            assert_eq!(arabic_stem(&fold(word)), want, "{word}");
        }
    }

    #[test]
    fn digits_and_mixed_words_have_no_stem() {
        assert_eq!(stem("2024"), None);
        assert_eq!(stem("kn23"), None);
        assert_eq!(stem("كوريkorea"), None);
    }
}
