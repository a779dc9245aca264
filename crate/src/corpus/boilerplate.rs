//! Site boilerplate: the chrome scrapers copy along with an article.
//!
//! In: one cleaned line of text.
//! Out: the line with its chrome left out (possibly nothing), and each piece
//! left out with the name of the rule that removed it ([`Removed`]).
//!
//! Invariant: article text is never removed. A rule removes a whole line only
//! when the line is nothing but chrome, and otherwise removes just the
//! sentence that is wholly a banner, keeping the rest of the line. A
//! paragraph that merely mentions cookies, privacy or GDPR is kept.
//!
//! Rules, by the name [`Removed::rule`] gives:
//! - `symbols`: a line of punctuation or symbols only (nothing to index).
//! - `label`: a label or button that is the entire line, punctuation aside:
//!   "عاجل", "شاركها", "share", "المساهمون", "+ الخط -", "print", "accept"…
//!   Also what is left of a line once its banner sentences are removed, when
//!   that is such a label ("This site uses cookies. Accept").
//! - `chrome-phrase`: a short line (at most [`SHORT_LINE_WORDS`] words)
//!   containing a phrase that only chrome uses: "اترك تعليقاً", "leave a
//!   comment", "Exit mobile version", "تم نسخ الرابط", "استمع إلى الملخص",
//!   "اظهر الملخص", "ابق على اطلاع بالتحديثات المجانية", "subscribe to our
//!   newsletter", …
//! - `cookie-banner`: the end of a sentence, at most [`BANNER_WORDS`] words,
//!   that opens as the site speaking to its reader ("we use", "by using",
//!   "this site uses", "your personal data", "نستخدم", "بمتابعة التصفح"…)
//!   and names cookies, privacy, a policy, personal data or consent. Only
//!   that part of the sentence is removed: words before the opener stay, and
//!   so does every other sentence of the line. Sentences end
//!   at `.` `!` `?` `؟` `؛` `;` `…` before a space or the end of the line,
//!   and a run of Latin-script words inside Arabic text (or the reverse) is a
//!   sentence of its own, so an English banner pasted into an Arabic
//!   paragraph goes and the paragraph stays.
//!
//! Matching folds case, Arabic hamza/alef-maqsura/ta-marbuta variants and
//! diacritics, so spelling variants of the same label match; phrases match
//! on word boundaries.

use super::text::{clean_line, contains, find_from, is_alphanumeric};

/// Text left out of a document's body as site chrome, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// What was removed, as written: the whole line, or the banner
    /// sentence(s) cut out of it.
    pub line: String,
    /// The rule that removed it: `symbols`, `label`, `chrome-phrase` or
    /// `cookie-banner` (see the module documentation of the corpus).
    pub rule: &'static str,
}

/// Every rule name, as [`Removed::rule`] gives it.
pub const RULES: &[&str] = &["symbols", "label", "chrome-phrase", "cookie-banner"];

/// Lines up to this many words may be chrome when they contain a chrome phrase.
pub const SHORT_LINE_WORDS: usize = 10;
/// Longer sentences are article text, whatever they say about cookies.
pub const BANNER_WORDS: usize = 40;

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
    "accept",
    "accept all",
    "accept cookies",
    "accept all cookies",
    "i agree",
    "got it",
    "ok",
    "موافق",
    "اوافق",
    "قبول",
    "قبول الكل",
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

/// Words of a banner's subject; a sentence needs one to be a cookie banner.
/// Matched anywhere in the folded sentence ("cookie" finds "cookies").
const BANNER_TOPICS: &[&str] = &[
    "cookie",
    "privacy",
    "policy",
    "gdpr",
    "kvkk",
    "personal data",
    "consent",
    "كوكيز",
    "الارتباط",
    "الخصوصيه",
    "سياسه",
    "بياناتك",
    "البيانات الشخصيه",
];

/// How a banner sentence opens: the site speaking to its reader. A banner
/// runs from one of these, at a word boundary, to the end of its sentence.
const BANNER_OPENERS: &[&str] = &[
    "we use",
    "we position",
    "we place",
    "we and our partners",
    "this site uses",
    "this website uses",
    "our site uses",
    "our website uses",
    "by using",
    "by continuing",
    "in order to provide you",
    "to provide you with",
    "your personal data",
    "for detailed information",
    "you can review our",
    "accept cookies",
    "accept all cookies",
    "cookie settings",
    "manage cookies",
    "نستخدم",
    "يستخدم هذا الموقع",
    "يستخدم موقعنا",
    "هذا الموقع يستخدم",
    "بمتابعه التصفح",
    "باستمرارك في التصفح",
    "باستخدامك",
];

/// The line without its site chrome: empty when all of it is chrome, the
/// line itself when none is. Each piece left out is appended to `removed`
/// with its rule.
///
/// Time is linear in the length of the line.
pub fn strip(line: &str, removed: &mut Vec<Removed>) -> String {
    if line.is_empty() {
        return String::new();
    }
    let mut remove = |text: &str, rule| {
        removed.push(Removed {
            line: text.to_string(),
            rule,
        });
    };
    let words = count_words(line, SHORT_LINE_WORDS + 1);
    if words == 0 {
        // Only punctuation or symbols: nothing to index, nothing to show.
        remove(line, "symbols");
        return String::new();
    }
    if words <= SHORT_LINE_WORDS {
        let folded = fold(line);
        if WHOLE_LINE.contains(&folded.as_str()) {
            remove(line, "label");
            return String::new();
        }
        if PHRASES.iter().any(|p| contains_phrase(&folded, p)) {
            remove(line, "chrome-phrase");
            return String::new();
        }
    }
    // Sentence by sentence: only a banner sentence goes.
    let mut kept = String::with_capacity(line.len());
    let mut cut: Vec<(usize, usize)> = Vec::new();
    for (s, e) in sentences(line) {
        match banner_start(&line[s..e]) {
            Some(b) => {
                kept.push_str(&line[s..s + b]);
                match cut.last_mut() {
                    Some(last) if last.1 == s && b == 0 => last.1 = e,
                    _ => cut.push((s + b, e)),
                }
                kept.push(' ');
            }
            None => kept.push_str(&line[s..e]),
        }
    }
    if cut.is_empty() {
        return line.to_string();
    }
    let kept = clean_line(&kept);
    let rest = fold(&kept);
    if rest.is_empty() || WHOLE_LINE.contains(&rest.as_str()) {
        // Banner sentences and at most a button: the line is the banner.
        remove(line, "cookie-banner");
        return String::new();
    }
    for (s, e) in cut {
        remove(line[s..e].trim(), "cookie-banner");
    }
    kept
}

/// Where the cookie banner at the end of `sentence` starts: the earliest
/// opener ([`BANNER_OPENERS`]) from which at most [`BANNER_WORDS`] words run
/// to the end of the sentence, naming a subject ([`BANNER_TOPICS`]). The
/// words before it are article text and stay.
fn banner_start(sentence: &str) -> Option<usize> {
    let starts = word_starts(sentence);
    let first = starts.len().saturating_sub(BANNER_WORDS);
    let from = *starts.get(first)?;
    let folded = fold(&sentence[from..]);
    let at = BANNER_OPENERS
        .iter()
        .filter_map(|o| find_phrase(&folded, o))
        .min()?;
    let tail = &folded[at..];
    if !BANNER_TOPICS.iter().any(|t| contains(tail, t)) {
        return None;
    }
    // Folded words are one space apart: the opener's word number.
    let word = folded[..at].bytes().filter(|&b| b == b' ').count();
    starts.get(first + word).copied()
}

/// Byte offsets where the words of `text` start, as [`fold`] splits words.
fn word_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let wordy = is_word_char(c);
        if wordy && !in_word {
            out.push(i);
        }
        in_word = wordy;
    }
    out
}

/// Byte ranges that split `line` into sentences, in order and covering it:
/// a sentence ends after `.` `!` `?` `؟` `؛` `;` `…` that come before a
/// space or the end of the line, and where a word's script (Arabic or
/// Latin) differs from the script of the sentence's earlier words.
fn sentences(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut script: Option<bool> = None;
    let mut in_word = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let wordy = is_word_char(c);
        if wordy && !in_word {
            if let Some(s) = arabic_script(c) {
                if script.is_some_and(|cur| cur != s) && i > start {
                    out.push((start, i));
                    start = i;
                }
                script = Some(s);
            }
        }
        in_word = wordy;
        if matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';' | '…')
            && chars.peek().is_none_or(|&(_, n)| n.is_whitespace())
        {
            let end = i + c.len_utf8();
            out.push((start, end));
            start = end;
            script = None;
        }
    }
    if start < line.len() {
        out.push((start, line.len()));
    }
    out
}

/// `Some(true)` for an Arabic letter, `Some(false)` for a Latin one, `None`
/// for digits and other scripts, which join the sentence they are in.
fn arabic_script(c: char) -> Option<bool> {
    match c {
        '\u{0660}'..='\u{0669}' | '\u{06f0}'..='\u{06f9}' => None,
        '\u{0600}'..='\u{06ff}'
        | '\u{0750}'..='\u{077f}'
        | '\u{08a0}'..='\u{08ff}'
        | '\u{fb50}'..='\u{fdff}'
        | '\u{fe70}'..='\u{feff}' => Some(true),
        'a'..='z' | 'A'..='Z' | '\u{00c0}'..='\u{024f}' => Some(false),
        _ => None,
    }
}

/// Part of a word as [`fold`] reads words: letters, digits, and the
/// diacritics and tatweel it drops without splitting the word.
fn is_word_char(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064b}'..='\u{0652}') || is_alphanumeric(c)
}

/// The words of `text` as [`fold`] counts them, counting stops at `limit`.
fn count_words(text: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let wordy = is_word_char(c);
        if wordy && !in_word {
            n += 1;
            if n >= limit {
                return n;
            }
        }
        in_word = wordy;
    }
    n
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
    find_phrase(folded, phrase).is_some()
}

/// The first byte offset of `phrase` in `folded` on word boundaries.
fn find_phrase(folded: &str, phrase: &str) -> Option<usize> {
    // Non-overlapping occurrences, left to right, as `str::match_indices`.
    let mut from = 0;
    while let Some(i) = find_from(folded, phrase, from) {
        let before = folded[..i].chars().next_back();
        let after = folded[i + phrase.len()..].chars().next();
        if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
            return Some(i);
        }
        from = i + phrase.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_all(line: &str) -> (String, Vec<Removed>) {
        let mut removed = Vec::new();
        let kept = strip(line, &mut removed);
        (kept, removed)
    }

    fn is_boilerplate(line: &str) -> bool {
        let (kept, removed) = strip_all(line);
        kept.is_empty() && !removed.is_empty()
    }

    #[test]
    fn chrome_lines_are_dropped() {
        for (line, rule) in [
            ("عاجل", "label"),
            ("شاركها.", "label"),
            ("Share", "label"),
            ("اترك تعليقاً", "chrome-phrase"),
            ("اترك تعليقًا على هذا الخبر", "chrome-phrase"),
            ("Leave a Comment", "chrome-phrase"),
            ("Exit mobile version", "chrome-phrase"),
            ("تم نسخ الرابط", "chrome-phrase"),
            ("المساهمون", "label"),
            ("+ الخط -", "label"),
            ("استمع إلى الملخص", "chrome-phrase"),
            ("اظهر الملخص", "chrome-phrase"),
            ("أظهر الملخص", "chrome-phrase"),
            ("ابق على اطلاع بالتحديثات المجانية", "chrome-phrase"),
            ("ابقَ على اطّلاع بالتحديثات المجانية", "chrome-phrase"),
            ("In order to provide you with a better service, we position cookies on our site. By using our site, you agree to our use of cookies.', '", "cookie-banner"),
            ("In order to provide you with a better service, we position cookies on our site. Your personal data is collected and processed within the scope of KVKK and GDPR. For detailed information, you can review our Data Policy / Disclosure Text. By using our site, you agree to our use of cookies.', '", "cookie-banner"),
            ("نستخدم ملفات تعريف الارتباط لتحسين تجربتك. بمتابعة التصفح فإنك توافق على سياسة الخصوصية.", "cookie-banner"),
            ("This site uses cookies. Accept", "cookie-banner"),
            ("|", "symbols"),
        ] {
            let (kept, removed) = strip_all(line);
            assert_eq!(kept, "", "{line}");
            assert_eq!(
                removed,
                [Removed {
                    line: line.to_string(),
                    rule
                }],
                "{line}"
            );
            assert!(RULES.contains(&rule));
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
            "The regulator said the site's cookie policy broke the GDPR.",
            "فرضت هيئة حماية البيانات غرامة على شركة لأنها وضعت ملفات تعريف الارتباط cookies دون موافقة، وقالت إن سياسة الخصوصية privacy policy لم تشرح ذلك، في مخالفة للائحة GDPR.",
            "",
        ] {
            let (kept, removed) = strip_all(line);
            assert_eq!((kept.as_str(), removed), (line, vec![]), "{line}");
            assert!(!is_boilerplate(line));
        }
    }

    #[test]
    fn only_the_banner_sentence_goes() {
        let (kept, removed) = strip_all(
            "وصل الوفد إلى العاصمة صباح الأحد By using our site, you agree to our use of cookies واستقبله وزير الخارجية في المطار.",
        );
        assert_eq!(
            kept,
            "وصل الوفد إلى العاصمة صباح الأحد واستقبله وزير الخارجية في المطار."
        );
        assert_eq!(
            removed,
            [Removed {
                line: "By using our site, you agree to our use of cookies".into(),
                rule: "cookie-banner"
            }]
        );
        let (kept, removed) = strip_all(
            "Talks resumed on Monday. We use cookies to improve your experience. The ministers met again.",
        );
        assert_eq!(kept, "Talks resumed on Monday. The ministers met again.");
        assert_eq!(
            removed[0].line,
            "We use cookies to improve your experience."
        );
    }

    #[test]
    fn sentences_cover_the_line() {
        let line = "عاجل. Hello world؟ نص 28.04.2025 آخر";
        let parts = sentences(line);
        assert_eq!(parts.first().unwrap().0, 0);
        assert_eq!(parts.last().unwrap().1, line.len());
        assert!(parts.windows(2).all(|w| w[0].1 == w[1].0));
        let texts: Vec<&str> = parts.iter().map(|&(s, e)| line[s..e].trim()).collect();
        assert_eq!(texts, ["عاجل.", "Hello world؟", "نص 28.04.2025 آخر"]);
    }
}
