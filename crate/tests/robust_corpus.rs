#![cfg(all(unix, not(target_arch = "wasm32")))]
//! `fihris build` on a corpus of hostile and damaged files, made here: every
//! file is indexed and findable, or reported with a reason that says how to
//! fix it; the counts the command prints add up; nothing panics or hangs; and
//! two builds of the same corpus give the same bytes.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn fihris(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fihris"))
        .args(args)
        .output()
        .expect("fihris runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh directory under the target dir (permissions of a previous run's
/// locked entries restored so that it can be removed).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    for locked in LOCKED {
        let _ = std::fs::set_permissions(
            dir.join("corpus").join(locked),
            std::fs::Permissions::from_mode(0o755),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Entries made unreadable (mode 000).
const LOCKED: [&str; 2] = ["locked.txt", "locked_dir"];

/// Arabic filler with a distinctive word, long enough that one bad byte is
/// "a few" invalid sequences.
fn article(word: &str) -> String {
    format!(
        "عنوان خبر تجريبي عن {word}\n\nتداولت وزارة الدفاع مقطع فيديو يظهر تدريب الجنود في قاعدة عسكرية قرب موسكو، وقال المتحدث إن {word} جزء من التدريب. وأضاف أن الجنود سيعودون بعد انتهاء المهمة، وأن التدريب سيستمر عدة أسابيع في المنطقة.\n"
    )
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// Roughly `bytes` bytes of Arabic words on one line, no newline.
fn long_line(bytes: usize, last: &str) -> String {
    let words = [
        "كوريا",
        "روسيا",
        "الجنود",
        "الشمالية",
        "موسكو",
        "الحرب",
        "تدريب",
        "قاعدة",
    ];
    let mut s = String::with_capacity(bytes + 64);
    let mut state = 7u32;
    while s.len() < bytes {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        s.push_str(words[(state >> 16) as usize % words.len()]);
        s.push(' ');
    }
    s.push_str(last);
    s
}

struct Corpus {
    root: PathBuf,
    /// id → a word only that document holds.
    indexed: BTreeMap<String, String>,
    /// path → part of the reason it must be skipped with.
    skipped: BTreeMap<String, String>,
    ignored: usize,
}

impl Corpus {
    fn file(&mut self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
    fn doc(&mut self, rel: &str, bytes: impl AsRef<[u8]>, id: &str, word: &str) {
        self.file(rel, bytes);
        self.indexed.insert(id.into(), word.into());
    }
    fn bad(&mut self, rel: &str, bytes: impl AsRef<[u8]>, reason: &str) {
        self.file(rel, bytes);
        self.skipped.insert(rel.into(), reason.into());
    }
}

fn make_corpus(dir: &Path) -> Corpus {
    let mut c = Corpus {
        root: dir.join("corpus"),
        indexed: BTreeMap::new(),
        skipped: BTreeMap::new(),
        ignored: 0,
    };
    std::fs::create_dir_all(&c.root).unwrap();

    // Encodings.
    // One stray byte between two characters in the middle.
    let mut b = article("kelmainvalidmid").into_bytes();
    let mid = (b.len() / 2..).find(|&i| b[i] < 0x80).unwrap();
    b.insert(mid, 0xFF);
    c.doc("invalid_mid.txt", b, "invalid_mid", "kelmainvalidmid");
    let mut b = article("kelmainvalidend").into_bytes();
    b.push(0xD9); // the first byte of a two-byte Arabic letter, then the end
    c.doc("invalid_end.txt", b, "invalid_end", "kelmainvalidend");
    c.bad(
        "cp1256.txt",
        b"\xDF\xE6\xD1\xED\xC7 \xC7\xE1\xD4\xE3\xC7\xE1\xED\xC9 kelmacp",
        "not UTF-8 text (",
    );
    c.doc(
        "bom.txt",
        [&b"\xEF\xBB\xBF"[..], article("kelmabomtxt").as_bytes()].concat(),
        "bom",
        "kelmabomtxt",
    );
    c.doc(
        "bom_front.md",
        format!(
            "\u{feff}---\ntitle: عنوان بعد العلامة\n---\n{}",
            article("kelmabommd")
        ),
        "bom_front",
        "kelmabommd",
    );
    c.doc(
        "bom_page.html",
        format!(
            "\u{feff}<!doctype html><title>صفحة</title><p>{}</p>",
            article("kelmabomhtml")
        ),
        "bom_page",
        "kelmabomhtml",
    );
    c.doc(
        "utf16le.txt",
        utf16(&article("kelmautfle"), true),
        "utf16le",
        "kelmautfle",
    );
    c.doc(
        "utf16be.md",
        utf16(&format!("# عنوان\r\n\r\n{}", article("kelmautfbe")), false),
        "utf16be",
        "kelmautfbe",
    );
    c.doc(
        "crlf.txt",
        article("kelmacrlf").replace('\n', "\r\n"),
        "crlf",
        "kelmacrlf",
    );
    c.doc(
        "cr.md",
        article("kelmalonecr").replace('\n', "\r"),
        "cr",
        "kelmalonecr",
    );
    c.doc(
        "nul.txt",
        article("kelmanul").replace("تداولت", "تداولت\0\0"),
        "nul",
        "kelmanul",
    );
    c.bad(
        "image.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
        "binary file",
    );
    c.bad("empty.txt", b"", "empty file: add text or remove it");
    c.bad(
        "blank.md",
        b" \n\t\r\n  \n",
        "empty file: add text or remove it",
    );

    // Sizes and shapes that once took quadratic time.
    c.doc(
        "long.txt",
        long_line(10 << 20, "kelmalongline"),
        "long",
        "kelmalongline",
    );
    let n = 300_000;
    for (name, body) in [
        ("brackets.md", "[a".repeat(n)),
        ("angles.md", "<a".repeat(n)),
        ("ticks.md", "`a".repeat(n)),
        ("amps.html", "&a".repeat(n)),
        (
            "chain.txt",
            (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join("-"),
        ),
    ] {
        let word = format!("kelma{}", name.split('.').next().unwrap());
        c.doc(
            name,
            format!("{word} نص المقال\n\n{body}"),
            name.split('.').next().unwrap(),
            &word,
        );
    }

    // Deep directories.
    let deep = vec!["d"; 200].join("/");
    c.doc(
        &format!("{deep}/bottom.txt"),
        article("kelmadeep"),
        &format!("{deep}/bottom"),
        "kelmadeep",
    );

    // Symlinks: a loop, links inside and outside the corpus, a broken one.
    c.doc(
        "loop/inner.txt",
        article("kelmaloop"),
        "loop/inner",
        "kelmaloop",
    );
    symlink("..", c.root.join("loop/up")).unwrap();
    symlink(".", c.root.join("loop/self")).unwrap();
    symlink("crlf.txt", c.root.join("alias.txt")).unwrap();
    c.skipped.insert(
        "alias.txt".into(),
        "symlink to crlf.txt, which is indexed under its own path: remove the link".into(),
    );
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), article("gonesecret")).unwrap();
    symlink(outside.join("secret.txt"), c.root.join("secret.txt")).unwrap();
    symlink(&outside, c.root.join("elsewhere")).unwrap();
    for link in ["secret.txt", "elsewhere"] {
        c.skipped
            .insert(link.into(), "outside the corpus: not followed".into());
    }
    symlink("nowhere.md", c.root.join("dangling.md")).unwrap();
    c.skipped.insert(
        "dangling.md".into(),
        "broken symlink to \"nowhere.md\"".into(),
    );
    // A link to a file that is not itself a corpus file is that file's document.
    c.file("raw/notes.data", article("kelmalinked"));
    symlink("raw/notes.data", c.root.join("linked.txt")).unwrap();
    c.indexed.insert("linked".into(), "kelmalinked".into());
    c.ignored += 1; // raw/notes.data

    // Ids that collide.
    c.doc("same.md", article("kelmasamemd"), "same", "kelmasamemd");
    c.bad(
        "same.txt",
        article("gonesametxt"),
        "same.md has the same id \"same\": rename one of them",
    );
    c.doc(
        "Case.txt",
        article("kelmacaseupper"),
        "Case",
        "kelmacaseupper",
    );
    c.bad(
        "case.txt",
        article("gonecaselower"),
        "only in letter case or Unicode normalization",
    );
    // آ written as one code point (NFC, first in byte order) and as alef +
    // madda above (NFD).
    c.doc("مآل.txt", article("kelmanfc"), "مآل", "kelmanfc");
    c.bad(
        "ما\u{653}ل.txt",
        article("gonenfd"),
        "only in letter case or Unicode normalization",
    );

    // Names and kinds of files that cannot be read.
    let bad_name = OsStr::from_bytes(b"bad\xFFname.txt");
    std::fs::write(c.root.join(bad_name), article("gonebadname")).unwrap();
    c.skipped
        .insert("bad\u{fffd}name.txt".into(), "is not valid UTF-8".into());
    if Command::new("mkfifo")
        .arg(c.root.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success())
    {
        c.skipped
            .insert("pipe.txt".into(), "not a regular file".into());
    }
    let locked = c.file("locked.txt", article("kelmalocked"));
    c.file("locked_dir/inside.txt", article("kelmalockeddir"));
    let locked_dir = c.root.join("locked_dir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: then they are documents like the others.
    if std::fs::read(&locked).is_ok() {
        c.indexed.insert("locked".into(), "kelmalocked".into());
    } else {
        c.skipped
            .insert("locked.txt".into(), "check its permissions".into());
    }
    if std::fs::read_dir(&locked_dir).is_ok() {
        c.indexed
            .insert("locked_dir/inside".into(), "kelmalockeddir".into());
    } else {
        c.skipped
            .insert("locked_dir/".into(), "check its permissions".into());
    }

    // HTML that tries to hide text or smuggle markup.
    c.doc(
        "hostile.html",
        "<!DOCTYPE html><html><head><title>خبر <script>alert(1)</script> عاجل</title>\
         <style>.vorpalstyle{color:red}</style><script>var x = 'mimsyscript';</script></head>\
         <body><!-- borogove -- comment with -- inside --><p>نص kelmahostile عن كوريا</p>\
         <![CDATA[jubjubcdata]]><p>&#1603;&#x0644;&#X645;&#x0629; &amp; &copy; &#0; &#x110000; &#xD800; &bogus; \
         &lt;script&gt;kelmaescaped&lt;/script&gt;</p><p>نهاية</p><!-- frumious never closed <p>bandersnatch</p>",
        "hostile",
        "kelmahostile",
    );

    // Front matter gone wrong.
    c.doc(
        "fm_open.md",
        format!("---\ntitle: لا نهاية\n{}", article("kelmafmopen")),
        "fm_open",
        "kelmafmopen",
    );
    c.doc(
        "fm_dup.md",
        format!(
            "---\ntitle: العنوان الأول\ntitle: العنوان الثاني\n---\n{}",
            article("kelmafmdup")
        ),
        "fm_dup",
        "kelmafmdup",
    );
    c.doc(
        "fm_js.md",
        format!(
            "---\ntitle: رابط خطر\nurl: javascript:alert(document.cookie)\n---\n{}",
            article("kelmafmjs")
        ),
        "fm_js",
        "kelmafmjs",
    );

    // Not corpus files, and hidden ones.
    c.file("notes.csv", "a,b");
    c.file("image.png", b"\x89PNG");
    c.ignored += 2;
    c.file(".hidden.md", article("gonehidden"));
    c.file(".git/config", "[core]");
    c
}

/// The numbers of the line `files: F found = D indexed + S skipped + I ignored …`.
fn counts(stdout: &str) -> [usize; 4] {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("files: "))
        .unwrap_or_else(|| panic!("no counts in {stdout}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    [n[0], n[1], n[2], n[3]]
}

fn search(index: &Path, word: &str) -> serde_json::Value {
    let s = fihris(&[
        "search".as_ref(),
        "--index".as_ref(),
        index.as_os_str(),
        "--json".as_ref(),
        "--limit".as_ref(),
        "100".as_ref(),
        word.as_ref(),
    ]);
    assert!(s.status.success(), "{word}: {}", text(&s.stderr));
    serde_json::from_slice(&s.stdout).expect("one JSON object")
}

fn hit<'a>(result: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    result["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id)
}

#[test]
fn every_file_is_indexed_or_reported_and_the_counts_add_up() {
    let dir = scratch("robust-corpus");
    let c = make_corpus(&dir);
    let build = |name: &str| {
        let out = dir.join(name);
        let started = Instant::now();
        let b = fihris(&[
            "build".as_ref(),
            c.root.as_os_str(),
            "--out".as_ref(),
            out.join("index").as_os_str(),
            "--pages".as_ref(),
            out.join("doc").as_os_str(),
        ]);
        (b, out, started.elapsed())
    };
    let (b, out, took) = build("first");
    let (stdout, stderr) = (text(&b.stdout), text(&b.stderr));
    eprintln!("build of the whole corpus: {took:?}\n{stdout}{stderr}");
    assert_eq!(b.status.code(), Some(2), "skipped files give exit status 2");
    assert!(took < Duration::from_secs(120), "build took {took:?}");

    // Every skipped file is named, with a reason that says what to do.
    let reported: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("skipped "))
        .collect();
    for (rel, reason) in &c.skipped {
        let line = reported
            .iter()
            .find(|l| l.starts_with(&format!("{rel}: ")))
            .unwrap_or_else(|| panic!("{rel} not reported:\n{stderr}"));
        assert!(line.contains(reason.as_str()), "{rel}: {line}");
        let fix = [
            "rename", "remove", "save", "check", "copy", "fix", "split", "add",
        ];
        assert!(fix.iter().any(|f| line.contains(f)), "no fix in: {line}");
    }
    assert_eq!(reported.len(), c.skipped.len(), "{stderr}");

    // The counts add up, and match what the corpus holds.
    let [found, indexed, skipped, ignored] = counts(&stdout);
    assert_eq!(found, indexed + skipped + ignored, "{stdout}");
    assert_eq!(indexed, c.indexed.len(), "{stdout}");
    assert_eq!(skipped, c.skipped.len(), "{stdout}");
    assert_eq!(ignored, c.ignored, "{stdout}");
    assert!(stdout.contains(&format!("indexed {indexed} documents")));
    assert!(
        stderr.contains(&format!(
            "{skipped} of {} files were skipped",
            found - ignored
        )),
        "{stderr}"
    );
    assert!(
        stdout.contains("not read: 2 hidden entries (names starting with '.'): .git, .hidden.md"),
        "{stdout}"
    );
    assert!(stdout.contains("not followed: loop/self links to the corpus directory loop/"));
    assert!(stdout.contains("not followed: loop/up links to the corpus directory ."));

    // Repairs are warnings, and the documents are indexed.
    for (rel, warning) in [
        (
            "invalid_mid.txt",
            "1 invalid UTF-8 byte sequence, the first at byte",
        ),
        ("invalid_end.txt", "the file ends inside a character"),
        ("nul.txt", "2 NUL characters, the first on line 3"),
        ("hostile.html", "comment <!-- on line 1 is never closed"),
        (
            "fm_open.md",
            "front matter opened by --- on line 1 is never closed",
        ),
        (
            "fm_dup.md",
            "front matter line 3 sets `title` again: the first value is kept",
        ),
        (
            "fm_js.md",
            "url \"javascript:alert(document.cookie)\" is left out",
        ),
    ] {
        assert!(
            stderr.contains(&format!("warning {rel}: {warning}")),
            "{rel}: {stderr}"
        );
    }

    // Every document is findable by its own word.
    let index = out.join("index");
    for (id, word) in &c.indexed {
        let r = search(&index, word);
        assert!(hit(&r, id).is_some(), "{id} not found by {word}: {r}");
    }
    // …and no skipped file is.
    for word in [
        "gonesametxt",
        "gonecaselower",
        "gonenfd",
        "gonesecret",
        "gonebadname",
        "gonehidden",
    ] {
        assert_eq!(search(&index, word)["total"], 0, "{word}");
    }
    // Hidden HTML is not text; markup written with entities is.
    for word in [
        "vorpalstyle",
        "mimsyscript",
        "borogove",
        "jubjubcdata",
        "frumious",
        "bandersnatch",
    ] {
        assert!(
            hit(&search(&index, word), "hostile").is_none(),
            "{word} was indexed"
        );
    }
    let r = search(&index, "kelmaescaped");
    let h = hit(&r, "hostile").unwrap();
    assert!(
        h["excerpt"]
            .as_str()
            .unwrap()
            .contains("<script>kelmaescaped</script>"),
        "{h}"
    );
    assert_eq!(h["title"], "خبر <script>alert(1)</script> عاجل");
    let r = search(&index, "كلمة");
    assert!(
        hit(&r, "hostile").is_some(),
        "&#1603;&#x0644;… decoded: {r}"
    );
    // Front matter: first title kept, unsafe url left out, BOM no obstacle.
    let r = search(&index, "kelmafmdup");
    assert_eq!(hit(&r, "fm_dup").unwrap()["title"], "العنوان الأول");
    let r = search(&index, "kelmafmjs");
    assert!(hit(&r, "fm_js").unwrap().get("url").is_none(), "{r}");
    let r = search(&index, "kelmabommd");
    assert_eq!(hit(&r, "bom_front").unwrap()["title"], "عنوان بعد العلامة");

    // The same corpus gives the same bytes.
    let (b2, out2, _) = build("second");
    assert_eq!(b2.status.code(), Some(2));
    assert_eq!(text(&b2.stderr), stderr);
    let a = std::fs::read(out.join("index/fihris.idx")).unwrap();
    let z = std::fs::read(out2.join("index/fihris.idx")).unwrap();
    assert!(a == z, "two builds of one corpus differ");
    let deep = format!("{}/bottom.html", vec!["d"; 200].join("/"));
    assert_eq!(
        std::fs::read(out.join("doc").join(&deep)).unwrap(),
        std::fs::read(out2.join("doc").join(&deep)).unwrap()
    );

    for locked in LOCKED {
        std::fs::set_permissions(c.root.join(locked), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
}

#[test]
fn a_ten_megabyte_line_builds_in_linear_time() {
    let dir = scratch("robust-long-line");
    let times: Vec<(usize, Duration)> = [(2usize << 20), (10 << 20)]
        .into_iter()
        .map(|size| {
            let corpus = dir.join(format!("c{size}"));
            std::fs::create_dir_all(&corpus).unwrap();
            std::fs::write(corpus.join("long.txt"), long_line(size, "kelmaakhira")).unwrap();
            let started = Instant::now();
            let b = fihris(&[
                "build".as_ref(),
                corpus.as_os_str(),
                "--out".as_ref(),
                dir.join(format!("i{size}")).as_os_str(),
                "-q".as_ref(),
            ]);
            let took = started.elapsed();
            assert!(b.status.success(), "{}", text(&b.stderr));
            eprintln!("{} MiB on one line: built in {took:?}", size >> 20);
            (size, took)
        })
        .collect();
    let (_, small) = times[0];
    let (_, large) = times[1];
    // Five times the text; far less than 25 times the time (quadratic), with
    // room for a busy machine.
    assert!(
        large < small * 15 + Duration::from_secs(3),
        "2 MiB: {small:?}, 10 MiB: {large:?}"
    );
    let r = search(&dir.join(format!("i{}", 10 << 20)), "kelmaakhira");
    assert_eq!(r["total"], 1, "{r}");
}
