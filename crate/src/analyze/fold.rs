//! Character folding of one word.
//!
//! In: the written form of one word (letters, digits, and whatever marks,
//! tatweel, joiners and bidi controls are written inside it).
//! Out: its folded reading(s): strings made only of alphanumeric characters.
//!
//! The same folding is applied to documents and to queries, so every rule
//! here exists to make two spellings of the same word meet:
//!
//! * Marks vanish: Arabic harakat, tanween, shadda, sukun, Quranic annotation
//!   marks (U+0610–U+061A, U+064B–U+065F, U+06D6–U+06DC, U+06DF–U+06E4, U+06E8,
//!   U+06EA–U+06ED, U+0898–U+089F, U+08CA–U+08FF), Latin combining accents
//!   (U+0300–U+036F and the other combining blocks), tatweel U+0640, joiners
//!   and bidi controls (U+200B–U+200F, U+061C, U+202A–U+202E, U+2060–U+2069,
//!   U+FEFF) and the Arabic number signs (U+0600–U+0605, U+06DD, U+08E2).
//! * Decomposed hamza is recomposed: U+0654 after و gives ؤ, after ي/ى gives
//!   ئ; U+0653/U+0654/U+0655 otherwise (after ا in particular) vanish.
//! * Letter variants are unified: أ إ آ ٱ ٲ ٳ ٵ → ا; ى ی → ي; ة ھ ە ۀ → ه;
//!   ک → ك; ٶ ٷ → ؤ, ٸ → ئ. The Uthmani hamza seat ءا is read as آ, so the
//!   ء before an alef (marks between allowed) is dropped: ءَامَنُواْ → امنوا.
//! * Digits: Arabic-Indic and Extended Arabic-Indic digits become ASCII.
//! * Latin: lower-cased; accents of Latin-1 Supplement and Latin Extended-A
//!   folded by a hand-written table (é → e, ß → ss, æ → ae, ł → l), so the
//!   result is the same in wasm, which carries no normalization tables.
//! * Uthmani small letters: a word with a superscript (dagger) alef U+0670, a
//!   small waw U+06E5 or a small yeh U+06E6/U+06E7 has two readings. The
//!   *full* one writes them out: dagger alef → ا, except right after و (the و
//!   itself becomes ا: ٱلصَّلَوٰةَ → الصلاه) and right after ى/ي (it vanishes:
//!   مُوسَىٰٓ → موسي); small waw → و, small yeh → ي. The *bare* one drops them
//!   (ٱلرَّحۡمَٰنِ → الرحمن). [`fold`] returns the full reading.
//! * Arabic Presentation Forms-B (U+FE70–U+FEFC: the isolated, initial,
//!   medial and final shapes of every letter, and the lam-alef ligatures)
//!   become their letters by a hand-written table of 40 entries, in every
//!   build: text copied from old PDFs and legacy sites is written in them,
//!   and a reader may paste it into the search box.
//! * Feature `nfkc` only (native builds, i.e. documents): characters of the
//!   other compatibility blocks (Presentation Forms-A, ligatures, fullwidth
//!   forms…, see `wants_compat`) are compatibility-decomposed first, then
//!   folded like everything else. Everything a reader can type folds the
//!   same with or without the feature.
//!
//! Invariants: the output contains only alphanumeric characters (whitespace
//! produced by a compatibility decomposition, punctuation and symbols are
//! dropped); folding is one pass over the input, allocating only the output.

const TATWEEL: char = '\u{0640}';
const ALEF: char = 'ا';
const WAW: char = 'و';
const YEH: char = 'ي';
const ALEF_MAKSURA: char = 'ى';
const HAMZA: char = 'ء';
const DAGGER_ALEF: char = '\u{0670}';

/// Folds a word for indexing: its main ("full") reading. See the module doc.
pub fn fold(word: &str) -> String {
    fold_readings(word).0
}

/// Folds a word into its full reading and, for words with Uthmani small
/// letters, its bare reading (`None` when it equals the full one or is empty).
pub(crate) fn fold_readings(word: &str) -> (String, Option<String>) {
    let mut f = Folder {
        full: String::with_capacity(word.len()),
        bare: None,
        prev: None,
    };
    for c in word.chars() {
        f.feed(c);
    }
    let Folder { full, bare, .. } = f;
    let bare = bare.filter(|b| !b.is_empty() && *b != full);
    (full, bare)
}

/// Whether `c` is removed by folding without leaving a trace: marks, tatweel,
/// joiners, bidi and other format controls. Such characters belong to the
/// word they are written in.
pub(crate) fn is_ignorable(c: char) -> bool {
    is_mark(c) || is_format(c)
}

/// A character that carries a word: alphanumeric and not a mark.
pub(crate) fn is_base(c: char) -> bool {
    match c {
        // Fast paths for the letters and digits that make up nearly all
        // text; the general test walks Unicode tables.
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0621}'..='\u{063A}'
        | '\u{0641}'..='\u{064A}'
        | '\u{0660}'..='\u{0669}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06F0}'..='\u{06F9}' => true,
        '\0'..='\u{7f}' => false,
        c => c.is_alphanumeric() && !is_mark(c),
    }
}

/// Combining marks (general category Mn/Me) of the scripts we fold, including
/// the Arabic superscript alef U+0670.
fn is_mark(c: char) -> bool {
    // Most characters are ASCII or Arabic letters: answer those first.
    if c < '\u{0300}' || ('\u{0621}'..='\u{064A}').contains(&c) {
        return false;
    }
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0898}'..='\u{089F}'
        | '\u{08CA}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Lower case for the capitals of the alphabets Arabic text quotes besides
/// Latin (handled with its accents): Greek, Cyrillic, Armenian and fullwidth
/// Latin. Other capitals stay as written — consistently, since documents and
/// queries are folded alike. (The full Unicode case tables would add ~12 KB
/// to the wasm module for scripts Arabic pages hardly ever contain.)
fn lower(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x0391..=0x03A9 if u != 0x03A2 => u + 0x20,
        0x0410..=0x042F | 0xFF21..=0xFF3A => u + 0x20,
        0x0400..=0x040F => u + 0x50,
        0x0531..=0x0556 => u + 0x30,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// Format controls and tatweel: invisible inside a word.
fn is_format(c: char) -> bool {
    matches!(c,
        TATWEEL
        | '\u{00AD}'
        | '\u{034F}'
        | '\u{0600}'..='\u{0605}'
        | '\u{061C}'
        | '\u{06DD}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Characters that go through compatibility decomposition under `nfkc`:
/// only blocks of compatibility characters — Arabic presentation forms,
/// Latin ligatures, full- and half-width forms, super- and subscripts,
/// letterlike and enclosed forms, mathematical alphanumerics. Nothing a
/// reader types, so the wasm build (without `nfkc`) folds every typed query
/// exactly as the native build folds documents.
#[cfg(feature = "nfkc")]
fn wants_compat(c: char) -> bool {
    matches!(c,
        '\u{2070}'..='\u{209F}'
        | '\u{2100}'..='\u{214F}'
        | '\u{2460}'..='\u{24FF}'
        | '\u{3300}'..='\u{33FF}'
        | '\u{FB00}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{1D400}'..='\u{1D7FF}')
}

struct Folder {
    full: String,
    bare: Option<String>,
    /// The previous character read (marks included; tatweel and format
    /// controls skipped), for rules that apply "right after" a letter.
    prev: Option<char>,
}

/// The letters of Arabic Presentation Forms-B from U+FE80, in code point
/// order, with how many shapes each has there (isolated and final, plus
/// initial and medial for letters that join on both sides).
const FORMS_B: [(char, u8); 36] = [
    ('ء', 1),
    ('آ', 2),
    ('أ', 2),
    ('ؤ', 2),
    ('إ', 2),
    ('ئ', 4),
    ('ا', 2),
    ('ب', 4),
    ('ة', 2),
    ('ت', 4),
    ('ث', 4),
    ('ج', 4),
    ('ح', 4),
    ('خ', 4),
    ('د', 2),
    ('ذ', 2),
    ('ر', 2),
    ('ز', 2),
    ('س', 4),
    ('ش', 4),
    ('ص', 4),
    ('ض', 4),
    ('ط', 4),
    ('ظ', 4),
    ('ع', 4),
    ('غ', 4),
    ('ف', 4),
    ('ق', 4),
    ('ك', 4),
    ('ل', 4),
    ('م', 4),
    ('ن', 4),
    ('ه', 4),
    ('و', 2),
    ('ى', 2),
    ('ي', 4),
];

/// The lam-alef ligatures U+FEF5–U+FEFC, two shapes each: ل and this alef.
const LAM_ALEF: [char; 4] = ['آ', 'أ', 'إ', 'ا'];

/// What a character of Arabic Presentation Forms-B stands for: `Some(None)`
/// for the spacing forms of marks (U+FE70–U+FE7F, nothing to index),
/// `Some(Some((letter, second)))` for a letter or a lam-alef ligature,
/// `None` for any other character.
fn forms_b(c: char) -> Option<Option<(char, Option<char>)>> {
    let n = (c as u32).checked_sub(0xFE70)?;
    if n < 0x10 {
        return Some(None);
    }
    let mut at = n.checked_sub(0x10)?;
    for (letter, shapes) in FORMS_B {
        match at.checked_sub(u32::from(shapes)) {
            Some(rest) => at = rest,
            None => return Some(Some((letter, None))),
        }
    }
    let alef = LAM_ALEF.get(at as usize / 2)?;
    Some(Some(('ل', Some(*alef))))
}

impl Folder {
    fn feed(&mut self, c: char) {
        if let Some(letters) = forms_b(c) {
            if let Some((first, second)) = letters {
                self.step(first);
                if let Some(second) = second {
                    self.step(second);
                }
            }
            return;
        }
        #[cfg(feature = "nfkc")]
        if wants_compat(c) && !is_format(c) {
            unicode_normalization::char::decompose_compatible(c, |d| self.step(d));
            return;
        }
        self.step(c);
    }

    fn step(&mut self, c: char) {
        if is_format(c) {
            return;
        }
        let prev = self.prev.replace(c);
        match c {
            // Decomposed hamza: recompose on و / ي, vanish elsewhere.
            '\u{0654}' => {
                let last = self.full.chars().next_back();
                match last {
                    Some(WAW) => self.replace_last('ؤ'),
                    Some(YEH) => self.replace_last('ئ'),
                    _ => {}
                }
            }
            DAGGER_ALEF => {
                self.start_bare();
                match prev {
                    Some(WAW) => {
                        if self.full.ends_with(WAW) {
                            self.full.pop();
                        }
                        self.full.push(ALEF);
                    }
                    Some(YEH | ALEF_MAKSURA) => {}
                    _ => self.full.push(ALEF),
                }
            }
            '\u{06E5}' => {
                self.start_bare();
                self.full.push(WAW);
            }
            '\u{06E6}' | '\u{06E7}' => {
                self.start_bare();
                self.full.push(YEH);
            }
            _ if is_mark(c) => {}
            '0'..='9' | 'a'..='z' => self.push(c),
            'A'..='Z' => self.push(c.to_ascii_lowercase()),
            '\u{0660}'..='\u{0669}' => self.push(ascii_digit(c as u32 - 0x0660)),
            '\u{06F0}'..='\u{06F9}' => self.push(ascii_digit(c as u32 - 0x06F0)),
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' | ALEF => {
                // Uthmani ءا reads as آ.
                if self.full.ends_with(HAMZA) {
                    self.full.pop();
                    if let Some(b) = &mut self.bare {
                        if b.ends_with(HAMZA) {
                            b.pop();
                        }
                    }
                }
                self.push(ALEF);
            }
            ALEF_MAKSURA | 'ی' => self.push(YEH),
            'ة' | 'ھ' | 'ە' | 'ۀ' => self.push('ه'),
            'ک' => self.push('ك'),
            'ٶ' | 'ٷ' => self.push('ؤ'),
            'ٸ' => self.push('ئ'),
            // Fast path: Arabic letters that fold to themselves (the
            // variants are matched above).
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => self.push(c),
            '\u{00C0}'..='\u{017F}' => {
                for l in latin_fold(c).chars() {
                    self.push(l);
                }
            }
            _ if c.is_alphanumeric() => self.push(lower(c)),
            _ => {}
        }
    }

    fn push(&mut self, c: char) {
        self.full.push(c);
        if let Some(b) = &mut self.bare {
            b.push(c);
        }
    }

    /// Replaces the last letter of both readings (hamza recomposition).
    fn replace_last(&mut self, c: char) {
        self.full.pop();
        self.full.push(c);
        if let Some(b) = &mut self.bare {
            if b.pop().is_some() {
                b.push(c);
            }
        }
    }

    /// The readings diverge from here: the bare one is the full one so far.
    fn start_bare(&mut self) {
        if self.bare.is_none() {
            self.bare = Some(self.full.clone());
        }
    }
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Lower-case, accent-free spelling of a Latin-1 Supplement or Latin
/// Extended-A character (U+00C0–U+017F); empty for × and ÷.
fn latin_fold(c: char) -> &'static str {
    const LATIN1: [&str; 64] = [
        // U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        // U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
        // U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        // U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
        "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    ];
    const EXT_A: [&str; 128] = [
        // U+0100 Āā Ăă Ąą Ćć Ĉĉ Ċċ Čč Ďď
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
        // U+0110 Đđ Ēē Ĕĕ Ėė Ęę Ěě Ĝĝ Ğğ
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
        // U+0120 Ġġ Ģģ Ĥĥ Ħħ Ĩĩ Īī Ĭĭ Įį
        "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
        // U+0130 İ ı Ĳĳ Ĵĵ Ķķ ĸ Ĺĺ Ļļ Ľľ Ŀ
        "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
        // U+0140 ŀ Łł Ńń Ņņ Ňň ŉ Ŋŋ Ōō Ŏŏ
        "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
        // U+0150 Őő Œœ Ŕŕ Ŗŗ Řř Śś Ŝŝ Şş
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
        // U+0160 Šš Ţţ Ťť Ŧŧ Ũũ Ūū Ŭŭ Ůů
        "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
        // U+0170 Űű Ųų Ŵŵ Ŷŷ Ÿ Źź Żż Žž ſ
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
    ];
    let cp = c as usize;
    match cp {
        0xC0..=0xFF => LATIN1[cp - 0xC0],
        0x100..=0x17F => EXT_A[cp - 0x100],
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(w: &str) -> (String, Option<String>) {
        fold_readings(w)
    }

    #[test]
    fn diacritics_vanish() {
        for (input, want) in [
            ("رُوسْيَا", "روسيا"),
            ("اسْتِعْدَادًا", "استعدادا"),
            ("رسميًا", "رسميا"),
            ("جنودًا", "جنودا"),
            ("مُحَمَّدٌ", "محمد"),
            ("مُّحَمَّدٞ", "محمد"),
            ("مُحَمَّدٖ", "محمد"),
            ("قُلۡ", "قل"),
            ("يَوۡمِ", "يوم"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn tatweel_joiners_and_bidi_vanish() {
        for (input, want) in [
            ("روســيا", "روسيا"),
            ("رو\u{200C}سيا", "روسيا"),
            ("رو\u{200D}سيا", "روسيا"),
            ("\u{200F}روسيا\u{200E}", "روسيا"),
            ("\u{061C}روسيا", "روسيا"),
            ("\u{202B}روسيا\u{202C}", "روسيا"),
            ("\u{2067}روسيا\u{2069}", "روسيا"),
            ("\u{FEFF}روسيا", "روسيا"),
            ("ـــ", ""),
        ] {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    #[test]
    fn decomposed_hamza_is_recomposed() {
        for (input, want) in [
            // و + hamza above → ؤ (رؤساء)
            ("ر\u{0648}\u{0654}ساء", "رؤساء"),
            // with a fatha between (canonical order puts it first)
            ("ر\u{0648}\u{064E}\u{0654}ساء", "رؤساء"),
            // ي / ى + hamza above → ئ (رئيس)
            ("ر\u{064A}\u{0654}يس", "رئيس"),
            ("ر\u{0649}\u{0654}يس", "رئيس"),
            // on alef: just an alef (أكد, إسقاط, آخر)
            ("\u{0627}\u{0654}كد", "اكد"),
            ("\u{0627}\u{0655}سقاط", "اسقاط"),
            ("\u{0627}\u{0653}خر", "اخر"),
            // precomposed ones stay
            ("رؤساء", "رؤساء"),
            ("رئيس", "رئيس"),
        ] {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    #[test]
    fn letter_variants_are_unified() {
        for (input, want) in [
            ("أكد", "اكد"),
            ("إسقاط", "اسقاط"),
            ("آسيوية", "اسيويه"),
            ("أبريل", "ابريل"),
            ("إبريل", "ابريل"),
            ("ٱللَّهُ", "الله"),
            ("مستوى", "مستوي"),
            ("أخرى", "اخري"),
            ("مقاطعة", "مقاطعه"),
            ("مقاطعه", "مقاطعه"),
            ("كوریا", "كوريا"),
            ("کوريا", "كوريا"),
            ("مقاطعھ", "مقاطعه"),
            ("مقاطعە", "مقاطعه"),
            ("مقاطعۀ", "مقاطعه"),
            ("ٲسيا", "اسيا"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn uthmani_hamza_before_alef() {
        assert_eq!(fold("ءَامَنُواْ"), "امنوا");
        assert_eq!(fold("آمنوا"), "امنوا");
        assert_eq!(fold("ٱلۡقُرۡءَانُ"), "القران");
        assert_eq!(fold("القرآن"), "القران");
        // a hamza not before an alef stays
        assert_eq!(fold("سماء"), "سماء");
        assert_eq!(fold("شيء"), "شيء");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(fold("٢٠٢٤"), "2024");
        assert_eq!(fold("۲۰۲۵"), "2025");
        assert_eq!(fold("2024"), "2024");
        assert_eq!(fold("٢٨"), "28");
    }

    #[test]
    fn latin_is_lowercased_and_accent_folded() {
        for (input, want) in [
            ("Korea", "korea"),
            ("Business", "business"),
            ("StratcomCentre", "stratcomcentre"),
            ("Café", "cafe"),
            ("ÉLYSÉE", "elysee"),
            ("Straße", "strasse"),
            ("Æsir", "aesir"),
            ("København", "kobenhavn"),
            ("Łódź", "lodz"),
            ("Œuvre", "oeuvre"),
            ("İstanbul", "istanbul"),
            ("Þór", "thor"),
            // decomposed accent
            ("Cafe\u{0301}", "cafe"),
            // other scripts are lower-cased by the standard library
            ("Москва", "москва"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn latin_table_folds_every_letter_to_ascii() {
        for cp in 0xC0u32..=0x17F {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let f = latin_fold(c);
            assert!(f.chars().all(|l| l.is_ascii_lowercase()), "{c} -> {f}");
            assert_eq!(f.is_empty(), !c.is_alphanumeric(), "{c}");
        }
    }

    #[test]
    fn uthmani_small_letters_give_two_readings() {
        for (input, full, bare) in [
            ("ٱلۡكِتَٰبُ", "الكتاب", Some("الكتب")),
            ("ٱلسَّمَٰوَٰتِ", "السماوات", Some("السموت")),
            ("ٱلصَّلَوٰةَ", "الصلاه", Some("الصلوه")),
            ("مُوسَىٰٓ", "موسي", None),
            ("إِبۡرَٰهِـۧمَ", "ابراهيم", Some("ابرهم")),
            ("ٱلرَّحۡمَٰنِ", "الرحمان", Some("الرحمن")),
            ("هَٰذَا", "هاذا", Some("هذا")),
            ("إِنَّهُۥ", "انهو", Some("انه")),
            ("ٱلرَّحِيمِ", "الرحيم", None),
        ] {
            let (f, b) = readings(input);
            assert_eq!(f, full, "{input}");
            assert_eq!(b.as_deref(), bare, "{input}");
        }
    }

    /// Text a reader can type folds to the same terms whether or not the
    /// `nfkc` feature is on (it is on for documents, off in the browser).
    /// Run in both configurations: `cargo test` and `--no-default-features`.
    #[test]
    fn typed_text_folds_the_same_with_and_without_nfkc() {
        for (typed, folded) in [
            ("ἀθῆναι", "ἀθῆναι"),
            ("ёлка", "ёлка"),
            ("Café", "cafe"),
            ("رُوسْيَا", "روسيا"),
            ("إسقاط", "اسقاط"),
            ("٢٠٢٤", "2024"),
            ("ŁÓDŹ", "lodz"),
        ] {
            assert_eq!(fold(typed), folded, "{typed}");
        }
    }

    #[test]
    fn greek_cyrillic_and_fullwidth_capitals_are_lowered() {
        assert_eq!(fold("МОСКВА"), fold("москва"));
        assert_eq!(fold("ЁЖ"), "ёж");
        assert_eq!(fold("ΑΘΗΝΑ"), "αθηνα");
        #[cfg(not(feature = "nfkc"))]
        assert_eq!(fold("ＫＮ"), "ｋｎ");
        #[cfg(feature = "nfkc")]
        assert_eq!(fold("ＫＮ"), "kn");
    }

    #[test]
    fn output_is_alphanumeric_only() {
        for input in ["a'b", "«روسيا»", "x\u{00A0}y", "1,000", "\u{0654}", "ٰ", "٪"] {
            assert!(fold(input).chars().all(char::is_alphanumeric), "{input:?}");
        }
    }

    #[cfg(feature = "nfkc")]
    #[test]
    fn presentation_forms_are_decomposed() {
        for (input, want) in [
            // ﺭﻭﺳﻴﺎ: presentation forms of روسيا
            ("\u{FEAD}\u{FEED}\u{FEB3}\u{FEF4}\u{FE8E}", "روسيا"),
            // ﻛﻮﺭﻳﺎ → كوريا
            ("\u{FEDB}\u{FEEE}\u{FEAD}\u{FEF3}\u{FE8E}", "كوريا"),
            // ﷲ → الله
            ("\u{FDF2}", "الله"),
            // ﻷ (lam-alef with hamza) → لا
            ("\u{FEF7}", "لا"),
            // ﺋ (yeh with hamza, initial) → ئ
            ("\u{FE8B}", "ئ"),
            // ﺔ teh marbuta final → ه
            ("\u{FE94}", "ه"),
            // ligature and fullwidth Latin
            ("\u{FB01}re", "fire"),
            ("\u{FF2B}\u{FF2E}", "kn"),
            // isolated fathatan form: a space and a mark, nothing left
            ("\u{FE70}", ""),
        ] {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    #[cfg(not(feature = "nfkc"))]
    #[test]
    fn presentation_forms_a_are_kept_without_nfkc() {
        assert_eq!(fold("\u{FDF2}"), "\u{FDF2}");
    }

    /// The hand-written table of Presentation Forms-B agrees with Unicode's
    /// compatibility decomposition on every character of the block, so a
    /// query pasted in those forms meets documents in both builds.
    #[test]
    fn presentation_forms_b_fold_like_their_letters_in_every_build() {
        for (input, want) in [
            ("\u{FEAD}\u{FEED}\u{FEB3}\u{FEF4}\u{FE8E}", "روسيا"),
            ("\u{FEDB}\u{FEEE}\u{FEAD}\u{FEF3}\u{FE8E}", "كوريا"),
            ("\u{FEF7}", "لا"),
            ("\u{FEFC}", "لا"),
            ("\u{FE80}", "ء"),
            ("\u{FE8B}", "ئ"),
            ("\u{FE94}", "ه"),
            ("\u{FEF2}", "ي"),
            ("\u{FE70}", ""),
        ] {
            assert_eq!(fold(input), want, "{input:?}");
        }
        assert_eq!(forms_b('\u{FEFD}'), None, "past the last ligature");
        assert_eq!(forms_b('\u{FE6F}'), None);
    }

    #[cfg(feature = "nfkc")]
    #[test]
    fn the_forms_b_table_matches_unicode() {
        for cp in 0xFE80..=0xFEFC_u32 {
            let c = char::from_u32(cp).expect("assigned");
            let mut nfkc = String::new();
            unicode_normalization::char::decompose_compatible(c, |d| nfkc.push(d));
            let Some(Some((first, second))) = forms_b(c) else {
                panic!("U+{cp:04X} has no entry");
            };
            let table: String = std::iter::once(first).chain(second).collect();
            // NFKC composes what NFKD leaves apart (آ from ا + U+0653).
            let composed: String =
                unicode_normalization::UnicodeNormalization::nfc(nfkc.as_str()).collect();
            assert_eq!(table, composed, "U+{cp:04X}");
        }
    }
}
