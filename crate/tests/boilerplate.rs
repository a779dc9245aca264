#![cfg(not(target_arch = "wasm32"))]
//! Boilerplate removal never removes article text: a paragraph about cookies
//! and privacy is indexed, a banner sentence pasted into an article line goes
//! without the article words around it, a 40,000-document corpus recombined
//! from the seeds' sentences finds its rare word in every document that holds
//! it, and the seeds' own banners and share buttons stay out of the index.

mod common;

use fihris::corpus::{parse_document, parse_file_explained, Document, BOILERPLATE_RULES};
use fihris::index::{Index, IndexBuilder};
use fihris::search::{SearchOptions, SearchResult};

fn search(index: &Index, q: &str, limit: usize) -> SearchResult {
    index
        .search(
            q,
            &SearchOptions {
                limit,
                offset: 0,
                ..SearchOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{q:?}: {e}"))
}

fn index_docs(docs: &[Document]) -> Index {
    let mut b = IndexBuilder::new();
    for d in docs {
        b.add(d).expect("added");
    }
    Index::from_bytes(b.finish().expect("built").0).expect("opens")
}

const FINE: &str = "فرضت هيئة حماية البيانات غرامة قدرها مليونا يورو على شركة اتصالات كبرى، بعدما تبين أنها وضعت ملفات تعريف الارتباط cookies على أجهزة المستخدمين دون موافقتهم. وقالت الهيئة إن سياسة الخصوصية privacy policy التي نشرتها الشركة لم تشرح كيف تستخدم البيانات، وإن ذلك يخالف اللائحة الأوروبية العامة لحماية البيانات GDPR. وأضافت أن الشركة مطالبة بتعديل سياسة الخصوصية وإتاحة رفض ملفات تعريف الارتباط خلال ثلاثين يوما، وأن الغرامة قابلة للطعن أمام القضاء.";

#[test]
fn an_article_about_cookies_and_privacy_is_indexed() {
    let file = format!("غرامة على شركة اتصالات بسبب الخصوصية\n\n{FINE}\n");
    let (parsed, removed) = parse_file_explained("news/fine.txt", file.as_bytes()).unwrap();
    assert_eq!(removed, []);
    assert_eq!(parsed.document.body, FINE);
    let index = index_docs(&[parsed.document]);
    for word in [
        "هيئة",
        "غرامة",
        "يورو",
        "cookies",
        "privacy",
        "GDPR",
        "للطعن",
    ] {
        let r = search(&index, word, 10);
        assert_eq!(r.total, 1, "{word}");
        assert_eq!(r.hits[0].id, "news/fine", "{word}");
    }
}

#[test]
fn a_banner_sentence_goes_and_its_line_stays() {
    let file = "وصول الوفد الرسمي إلى العاصمة للمشاركة في المحادثات\n\nوصل الوفد إلى العاصمة صباح الأحد By using our site, you agree to our use of cookies واستقبله وزير الخارجية في المطار قبل أن يتوجه إلى القصر الرئاسي.\n";
    let (parsed, removed) = parse_file_explained("news/visit.txt", file.as_bytes()).unwrap();
    assert_eq!(
        parsed.document.body,
        "وصل الوفد إلى العاصمة صباح الأحد واستقبله وزير الخارجية في المطار قبل أن يتوجه إلى القصر الرئاسي."
    );
    assert_eq!(removed.len(), 1);
    assert_eq!(
        removed[0].line,
        "By using our site, you agree to our use of cookies"
    );
    assert_eq!(removed[0].rule, "cookie-banner");
    let index = index_docs(&[parsed.document]);
    for word in [
        "الوفد",
        "العاصمة",
        "صباح",
        "واستقبله",
        "الخارجية",
        "الرئاسي",
    ] {
        assert_eq!(search(&index, word, 10).total, 1, "{word}");
    }
    for word in ["cookies", "agree", "site"] {
        assert_eq!(search(&index, word, 10).total, 0, "{word}");
    }
}

#[test]
fn the_seeds_banners_and_buttons_stay_out() {
    let index = common::seeds_index();
    for word in ["cookies", "cookie", "GDPR", "KVKK", "agree", "position"] {
        assert_eq!(search(&index, word, 10).total, 0, "{word}");
    }
    // What was removed is reported, with its rule.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let seed = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        parse_file_explained(name, &bytes).unwrap().1
    };
    let removed = seed("002_8251fbba6d0163f5.txt");
    assert!(
        removed.iter().any(|r| r.rule == "cookie-banner"
            && r.line
                .starts_with("In order to provide you with a better service")
            && r.line.contains("KVKK and GDPR")),
        "{removed:?}"
    );
    let removed = seed("003_3c3e2ea9289a0a19.txt");
    let pairs: Vec<(&str, &str)> = removed.iter().map(|r| (r.line.as_str(), r.rule)).collect();
    for pair in [
        ("شاركها.", "label"),
        ("اترك تعليقاً", "chrome-phrase"),
        ("Exit mobile version", "chrome-phrase"),
    ] {
        assert!(pairs.contains(&pair), "{pair:?} in {pairs:?}");
    }
    for r in removed {
        assert!(BOILERPLATE_RULES.contains(&r.rule));
    }
}

/// xorshift32: the same corpus on every run.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}

/// The seeds' article sentences, as their parsed bodies give them.
fn seed_sentences() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let doc = parse_document(&name, &std::fs::read(dir.join(&name)).unwrap()).unwrap();
        for line in doc.body.lines() {
            for s in line.split_inclusive(". ") {
                let s = s.trim();
                if s.split_whitespace().count() >= 4 {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

const RARE: &str = "زمرديوس";
const DOCS: usize = 40_000;
const PLANTED: usize = 41;

#[test]
fn a_recombined_corpus_finds_its_rare_word_in_every_document() {
    let sentences = seed_sentences();
    assert!(sentences.len() > 50, "{}", sentences.len());
    // Banner sentences pasted into the line that holds the rare word.
    let banners = [
        "By using our site, you agree to our use of cookies",
        "We use cookies to improve your experience.",
        "نستخدم ملفات تعريف الارتباط لتحسين تجربتك.",
        "In order to provide you with a better service, we position cookies on our site.",
    ];
    // Whole chrome lines, as the seeds have them.
    let chrome = [
        "شاركها.",
        "اترك تعليقاً",
        "In order to provide you with a better service, we position cookies on our site. By using our site, you agree to our use of cookies.', '",
    ];
    let planted: Vec<usize> = (0..PLANTED).map(|k| 7 + k * (DOCS / PLANTED)).collect();
    let mut rng = Rng(0x9e37_79b9);
    let mut docs = Vec::with_capacity(DOCS);
    let mut removed_banners = 0;
    for d in 0..DOCS {
        let mut text = format!("تقرير إخباري عن الأحداث الجارية في المنطقة رقم {d}\n\n");
        let paragraphs = 1 + rng.below(3);
        let rare_at = rng.below(paragraphs);
        let plant = planted.binary_search(&d).ok();
        for p in 0..paragraphs {
            let mut line: Vec<&str> = (0..1 + rng.below(3))
                .map(|_| sentences[rng.below(sentences.len())].as_str())
                .collect();
            if let (Some(k), true) = (plant, p == rare_at) {
                let rare = format!("وذكر {RARE} أن");
                let at = rng.below(line.len() + 1);
                let mut words: Vec<String> = line.iter().map(|s| s.to_string()).collect();
                words.insert(at, rare);
                // Most planted lines also carry a banner, next to the rare
                // word or further along the line; some mention cookies in
                // article words.
                match k % 4 {
                    0 => words.insert(at + 1, banners[(k / 4) % banners.len()].to_string()),
                    1 => words.insert(at, banners[(k / 4) % banners.len()].to_string()),
                    2 => words.push(banners[(k / 4) % banners.len()].to_string()),
                    _ => words.push(
                        "وانتقدت الهيئة سياسة الخصوصية privacy policy وملفات تعريف الارتباط cookies."
                            .to_string(),
                    ),
                }
                text.push_str(&words.join(" "));
            } else {
                text.push_str(&line.join(" "));
                line.clear();
            }
            text.push_str("\n\n");
            if rng.below(5) == 0 {
                text.push_str(chrome[rng.below(chrome.len())]);
                text.push_str("\n\n");
            }
        }
        let path = format!("{:02}/{d:05}.txt", d / 1000);
        let (parsed, removed) = parse_file_explained(&path, text.as_bytes()).unwrap();
        if plant.is_some() {
            assert!(
                parsed.document.body.contains(&format!("وذكر {RARE} أن")),
                "{path}: {}",
                parsed.document.body
            );
            removed_banners += removed.iter().filter(|r| r.rule == "cookie-banner").count();
        }
        docs.push(parsed.document);
    }
    assert!(removed_banners >= PLANTED * 3 / 4, "{removed_banners}");
    let index = index_docs(&docs);
    let r = search(&index, RARE, 100);
    let mut found: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    found.sort();
    let expected: Vec<String> = planted
        .iter()
        .map(|d| format!("{:02}/{d:05}", d / 1000))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(r.total, PLANTED);
    // The banners themselves are not indexed.
    for word in ["agree", "experience", "تجربتك"] {
        assert_eq!(search(&index, word, 10).total, 0, "{word}");
    }
}
