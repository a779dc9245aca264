//! Site boilerplate lines: the chrome scrapers copy along with an article.
//!
//! In: one cleaned line of text.
//! Out: whether the whole line is site chrome and should leave the body.
//!
//! Rules (a line is dropped whole or kept whole, never cut):
//! - Labels and buttons that make up the entire line, punctuation aside:
//!   "عاجل", "شاركها", "share", "المساهمون", "+ الخط -", "print", …
//! - Short lines (at most [`SHORT_LINE_WORDS`] words) containing a phrase that
//!   only chrome uses: "اترك تعليقاً", "leave a comment", "Exit mobile version",
//!   "تم نسخ الرابط", "استمع إلى الملخص", "اظهر الملخص", "ابق على اطلاع
//!   بالتحديثات المجانية", "subscribe to our newsletter", …
//! - Cookie notices: a line that mentions cookies together with consent,
//!   policy, privacy or GDPR, of any length up to a long paragraph.
//!
//! Matching folds case, Arabic hamza/alef-maqsura/ta-marbuta variants and
//! diacritics, so spelling variants of the same label match.

use super::text::{contains, find_from, is_alphanumeric};

/// Lines up to this many words may be chrome when they contain a chrome phrase.
pub const SHORT_LINE_WORDS: usize = 10;
/// Longer lines are article text even when they mention cookies.
const COOKIE_NOTICE_WORDS: usize = 120;

/// Labels that are chrome when they are the whole line (after folding).
const WHOLE_LINE: &[&str] = &[
    "عاجل",
    "خبر عاجل",
    "شاركها",
    "شارك",
    "مشاركه",
    "شارك المقال",
    "شارك الخبر",
    "المساهمون",
    "الخط",
    "طباعه",
    "اعلان",
    "اقرا ايضا",
    "اقرا المزيد",
    "المزيد",
    "تابعونا",
    "share",
    "share this",
    "share this article",
    "tweet",
    "print",
    "email",
    "advertisement",
    "read more",
    "related",
    "breaking",
    "breaking news",
    "contributors",
];

/// Phrases that mark a short line as chrome wherever they appear in it.
const PHRASES: &[&str] = &[
    "اترك تعليقا",
    "اترك تعليق",
    "اضف تعليقا",
    "اضف تعليق",
    "تم نسخ الرابط",
    "نسخ الرابط",
    "استمع الي الملخص",
    "اظهر الملخص",
    "اخف الملخص",
    "ابق علي اطلاع",
    "التحديثات المجانيه",
    "اشترك في النشره",
    "جميع الحقوق محفوظه",
    "leave a comment",
    "leave a reply",
    "exit mobile version",
    "link copied",
    "copy link",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "all rights reserved",
    "skip to content",
    "skip to main content",
];

const COOKIE_WORDS: &[&str] = &["cookie", "كوكيز", "ملفات تعريف الارتباط", "الكوكيز"];
const CONSENT_WORDS: &[&str] = &[
    "consent",
    "policy",
    "privacy",
    "gdpr",
    "agree",
    "accept",
    "سياسه",
    "الخصوصيه",
    "موافق",
    "توافق",
    "قبول",
];

/// True when the whole line is site chrome.
pub fn is_boilerplate(line: &str) -> bool {
    // Each whitespace-separated piece holding a letter or digit folds to at
    // least one word, so past the longest notice no rule can match: article
    // paragraphs skip the folding.
    let words_at_least = line
        .split_whitespace()
        .filter(|w| w.chars().any(is_alphanumeric))
        .count();
    if words_at_least > COOKIE_NOTICE_WORDS {
        return false;
    }
    let folded = fold(line);
    if folded.is_empty() {
        // Only punctuation or symbols: nothing to index, nothing to show.
        return !line.is_empty();
    }
    if WHOLE_LINE.contains(&folded.as_str()) {
        return true;
    }
    let words = folded.split(' ').count();
    if words <= SHORT_LINE_WORDS && PHRASES.iter().any(|p| contains_phrase(&folded, p)) {
        return true;
    }
    words <= COOKIE_NOTICE_WORDS
        && COOKIE_WORDS.iter().any(|w| contains(&folded, w))
        && CONSENT_WORDS.iter().any(|w| contains(&folded, w))
}

/// Lowercase, Arabic letter variants folded, punctuation removed, one space
/// between words.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            '\u{0640}' | '\u{064b}'..='\u{0652}' => continue,
            c if is_alphanumeric(c) => c,
            _ => {
                space = true;
                continue;
            }
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{0600}'..='\u{06ff}').contains(&c) {
            // Arabic has no case: spare the Unicode table lookup.
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `phrase` occurs in `folded` on word boundaries.
fn contains_phrase(folded: &str, phrase: &str) -> bool {
    // Non-overlapping occurrences, left to right, as `str::match_indices`.
    let mut from = 0;
    while let Some(i) = find_from(folded, phrase, from) {
        let before = folded[..i].chars().next_back();
        let after = folded[i + phrase.len()..].chars().next();
        if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
            return true;
        }
        from = i + phrase.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines_are_dropped() {
        for line in [
            "عاجل",
            "شاركها.",
            "Share",
            "اترك تعليقاً",
            "اترك تعليقًا على هذا الخبر",
            "Leave a Comment",
            "Exit mobile version",
            "تم نسخ الرابط",
            "المساهمون",
            "+ الخط -",
            "استمع إلى الملخص",
            "اظهر الملخص",
            "أظهر الملخص",
            "ابق على اطلاع بالتحديثات المجانية",
            "ابقَ على اطّلاع بالتحديثات المجانية",
            "In order to provide you with a better service, we position cookies on our site. By using our site, you agree to our use of cookies.', '",
            "نستخدم ملفات تعريف الارتباط لتحسين تجربتك. بمتابعة التصفح فإنك توافق على سياسة الخصوصية.",
            "This site uses cookies. Accept",
            "|",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn article_text_is_kept() {
        for line in [
            "Share prices fell sharply on Monday.",
            "شارك الرئيس في القمة",
            "عاجل: الرئيس يصل إلى القاهرة",
            "وقال إن الحكومة ستترك تعليقاتها للجنة.",
            "روسيا تجندد كوريين",
            "28.04.2025 07:41",
            "She baked cookies for the children.",
            "",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }
}
