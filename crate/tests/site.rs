#![cfg(not(target_arch = "wasm32"))]
//! `fihris build --site` as a site owner runs it on a site generator's output.
//!
//! These need the widget's files inside the binary: `./build.sh` builds them
//! before the CLI (and `./build.sh test` before `cargo test`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fihris(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fihris"))
        .args(args)
        .output()
        .expect("fihris runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(root: &Path, rel: &str, content: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A page of a small site: its chrome is the same on every page.
fn page(title: &str, lang: &str, main: &str) -> String {
    format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | مدونة التجربة</title></head>
<body><header><a href="/">مدونة التجربة</a><nav><a href="/akhbar/">أخبار</a></nav></header>
<aside class="tags"><a>وسم-جانبي</a></aside>
<main>{main}</main>
<div class="share">شاركونا</div>
<footer>حقوق-ذيلية محفوظة</footer></body></html>"#
    )
}

fn site(name: &str) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "index.html",
        &page(
            "مدونة التجربة",
            "ar",
            "<h1>الرئيسية</h1><p>مرحبا بالقراء في المدونة</p>",
        ),
    );
    write(
        &root,
        "akhbar/korea/index.html",
        &page(
            "تدريب في كوريا",
            "ar",
            r#"<article><h1>تدريب في كوريا</h1><time datetime="2025-04-28">٢٨ أبريل</time>
<p>بثت الوزارة لقطات كلاشنيكوف في الميدان.</p>
<h2 id="tafasil">التفاصيل</h2><p>الزعفران الأول في القسم.</p>
<h2 id="ray">الرأي</h2><p>الزعفران الثاني هنا.</p>
<div data-fihris-ignore>إعلان خواتم مرصعة</div>
<span data-fihris-meta="author">كاتب المقال</span></article>"#,
        ),
    );
    write(
        &root,
        "about.html",
        &page("About", "en", "<p>The lighthouses of the coast.</p>"),
    );
    write(
        &root,
        "old/index.html",
        r#"<html><head><meta http-equiv="refresh" content="0; url=/akhbar/korea/"></head><body></body></html>"#,
    );
    write(&root, "css/site.css", "body { color: red }");
    // What an earlier build wrote is not indexed again.
    write(
        &root,
        "fihris/stale.html",
        &page("قديم", "ar", "<p>نص-قديم</p>"),
    );
    root
}

fn search(index: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search", "--index", index.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let s = fihris(&all);
    assert!(s.status.success(), "{}", text(&s.stderr));
    serde_json::from_slice(&s.stdout).unwrap()
}

fn urls(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap_or("").to_string())
        .collect()
}

fn build_site(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--site", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let b = fihris(&args);
    assert!(
        !text(&b.stderr).contains("built without the widget's files"),
        "the test binary carries no widget files: run ./build.sh first ({})",
        text(&b.stderr)
    );
    b
}

#[test]
fn a_built_site_is_indexed_with_its_own_urls_and_gets_the_widget_files() {
    let root = site("site-basic");
    let b = build_site(&root, &["--exclude-selectors", ".share"]);
    let (out, err) = (text(&b.stdout), text(&b.stderr));
    assert!(b.status.success(), "{err}");
    assert!(
        out.contains("files: 5 found = 3 indexed + 0 skipped + 1 left out"),
        "{out}"
    );
    assert!(
        err.contains("left out old/index.html: a redirect page"),
        "{err}"
    );
    assert!(
        out.contains("<script type=\"module\" src=\"/fihris/widget.js\"></script>"),
        "{out}"
    );
    for file in [
        "widget.js",
        "fihris.js",
        "render.js",
        "fihris-page.js",
        "fihris.css",
        "pkg/fihris.js",
        "pkg/fihris_bg.wasm",
        "index/fihris.idx",
    ] {
        let path = root.join("fihris").join(file);
        assert!(
            path.metadata().map(|m| m.len() > 0).unwrap_or(false),
            "{} written",
            path.display()
        );
    }
    let wasm = std::fs::read(root.join("fihris/pkg/fihris_bg.wasm")).unwrap();
    assert_eq!(&wasm[..4], b"\0asm", "the embedded wasm is a wasm module");
    let index = root.join("fihris/index");

    let hit = &search(&index, &["كلاشنيكوف"])["hits"][0];
    assert_eq!(hit["url"], "/akhbar/korea/");
    assert_eq!(hit["title"], "تدريب في كوريا");
    assert_eq!(hit["date"], "2025-04-28");
    assert_eq!(hit["lang"], "ar");
    assert_eq!(hit["meta"]["author"], "كاتب المقال");
    // The home page's title is the site name alone: the suffix is still the site's.
    assert_eq!(urls(&search(&index, &["مرحبا"])), ["/"]);
    for chrome in ["حقوق-ذيلية", "وسم-جانبي", "شاركونا", "خواتم", "نص-قديم"]
    {
        assert_eq!(
            search(&index, &[chrome])["total"],
            0,
            "{chrome} is chrome, ignored or not the site's"
        );
    }
    let subs = &search(&index, &["الزعفران"])["hits"][0]["subResults"];
    let subs: Vec<(&str, &str)> = subs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap(), s["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        subs,
        [
            ("التفاصيل", "/akhbar/korea/#tafasil"),
            ("الرأي", "/akhbar/korea/#ray")
        ]
    );

    assert_eq!(urls(&search(&index, &["lighthouse"])), ["/about.html"]);
    assert_eq!(
        urls(&search(&index, &["--lang", "en", "lighthouse"])),
        ["/about.html"]
    );
    assert_eq!(search(&index, &["--lang", "ar", "lighthouse"])["total"], 0);
    // A language no page has limits nothing.
    assert_eq!(
        urls(&search(&index, &["--lang", "fr", "lighthouse"])),
        ["/about.html"]
    );
}

#[test]
fn a_site_served_below_the_root_gets_prefixed_urls_and_the_same_bytes_twice() {
    let root = site("site-base");
    let b = build_site(
        &root,
        &[
            "--base-url",
            "blog",
            "--output-subdir",
            "assets/search",
            "--quiet",
        ],
    );
    assert!(b.status.success(), "{}", text(&b.stderr));
    let index = root.join("assets/search/index");
    assert_eq!(
        urls(&search(&index, &["كلاشنيكوف"])),
        ["/blog/akhbar/korea/"]
    );
    let first = std::fs::read(index.join("fihris.idx")).unwrap();
    let b = build_site(
        &root,
        &[
            "--base-url",
            "blog",
            "--output-subdir",
            "assets/search",
            "--quiet",
        ],
    );
    assert!(b.status.success());
    assert_eq!(
        first,
        std::fs::read(index.join("fihris.idx")).unwrap(),
        "same site, same bytes"
    );
}

#[test]
fn marked_content_wins_and_pages_without_it_are_left_out_with_a_note() {
    let root = scratch("site-marked");
    write(
        &root,
        "a.html",
        &page(
            "أ",
            "ar",
            "<p>برتقال</p><div data-fihris-body><p>تفاحة</p></div>",
        ),
    );
    write(&root, "b.html", &page("ب", "ar", "<p>صفحة-بلا-علامة</p>"));
    let b = build_site(&root, &[]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    assert!(
        text(&b.stderr).contains("left out b.html: no element with data-fihris-body"),
        "{}",
        text(&b.stderr)
    );
    assert!(
        text(&b.stdout).contains("2 found = 1 indexed + 0 skipped + 1 left out"),
        "{}",
        text(&b.stdout)
    );
    let index = root.join("fihris/index");
    assert_eq!(search(&index, &["تفاحة"])["total"], 1);
    assert_eq!(search(&index, &["برتقال"])["total"], 0);
}

#[test]
fn bad_site_input_says_what_to_change() {
    let empty = scratch("site-empty");
    write(&empty, "style.css", "x");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![empty.display().to_string()],
            "has no .html pages: pass the folder your site generator writes",
        ),
        (
            vec![empty.join("missing").display().to_string()],
            "does not exist: build your site first",
        ),
        (
            vec![
                empty.display().to_string(),
                "--output-subdir".into(),
                "..".into(),
            ],
            "must be a folder name inside the site",
        ),
        (
            vec![
                empty.display().to_string(),
                "--exclude-selectors".into(),
                "div > p".into(),
            ],
            "is not a simple selector",
        ),
        (
            vec![
                empty.display().to_string(),
                "--base-url".into(),
                "javascript:x".into(),
            ],
            "is not a path or an http(s) URL",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["build", "--site"];
        all.extend(args.iter().map(String::as_str));
        let b = fihris(&all);
        assert_eq!(b.status.code(), Some(1), "{args:?}");
        assert!(
            text(&b.stderr).contains(message),
            "{args:?}: {}",
            text(&b.stderr)
        );
    }
    // Binary bytes and broken markup: skipped or read, never a crash.
    let root = scratch("site-broken");
    write(&root, "ok.html", &page("سليمة", "ar", "<p>صفحة-سليمة</p>"));
    write(
        &root,
        "broken.html",
        "<html><main><p>نص-مكسور<h2 id=x>عنوان<div></main></nav>",
    );
    std::fs::write(
        root.join("binary.html"),
        [0u8, 1, 2, 3, 0xff, 0xfe, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9].repeat(20),
    )
    .unwrap();
    let b = build_site(&root, &[]);
    assert_eq!(
        b.status.code(),
        Some(2),
        "a skipped page: exit 2 ({})",
        text(&b.stderr)
    );
    assert!(
        text(&b.stderr).contains("skipped binary.html"),
        "{}",
        text(&b.stderr)
    );
    assert!(
        text(&b.stdout).contains("3 found = 2 indexed + 1 skipped + 0 left out"),
        "{}",
        text(&b.stdout)
    );
    assert_eq!(
        search(&root.join("fihris/index"), &["نص-مكسور"])["total"],
        1
    );
}

#[test]
fn words_in_headings_and_weighted_elements_rank_their_page_higher() {
    let root = scratch("site-weights");
    let filler = "<p>نص عادي طويل عن أشياء كثيرة متنوعة في هذه الصفحة وغيرها.</p>";
    write(
        &root,
        "a.html",
        &page(
            "أ",
            "ar",
            &format!("{filler}<p>كلمة البحر في فقرة عادية.</p>{filler}"),
        ),
    );
    write(
        &root,
        "b.html",
        &page(
            "ب",
            "ar",
            &format!("{filler}<h2 id=\"bahr\">البحر</h2>{filler}"),
        ),
    );
    write(
        &root,
        "c.html",
        &page(
            "ج",
            "ar",
            &format!(
                "{filler}<p>هامش <span data-fihris-weight=\"0.2\">البحر</span> هنا.</p>{filler}"
            ),
        ),
    );
    write(
        &root,
        "d.html",
        &page(
            "د",
            "ar",
            &format!("{filler}<p data-fihris-weight=\"6\">هذا البحر مهم.</p>{filler}"),
        ),
    );
    let b = build_site(&root, &[]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    let index = root.join("fihris/index");
    assert_eq!(
        urls(&search(&index, &["البحر"])),
        ["/d.html", "/b.html", "/a.html", "/c.html"]
    );
}
