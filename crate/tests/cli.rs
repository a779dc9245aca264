#![cfg(not(target_arch = "wasm32"))]
//! The `fihris` command as a site owner runs it.

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

/// A fresh directory under the target dir, removed first if it exists.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seeds() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../seeds")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn build_then_search_json_gives_the_documented_shape() {
    let out = scratch("cli-json");
    let index = out.join("index");
    let pages = out.join("doc");
    let b = fihris(&[
        "build",
        &seeds(),
        "--out",
        index.to_str().unwrap(),
        "--pages",
        pages.to_str().unwrap(),
    ]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    assert!(
        text(&b.stdout).contains("indexed 5 documents"),
        "{}",
        text(&b.stdout)
    );
    assert!(pages.join("000_b7e07c32124a421f.html").is_file());

    let s = fihris(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "--limit",
        "2",
        "كوريا",
    ]);
    assert!(s.status.success(), "{}", text(&s.stderr));
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).expect("one JSON object");
    assert_eq!(v["total"], 5);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for key in ["id", "title", "score", "excerpt", "highlights"] {
        assert!(!hits[0][key].is_null(), "{key} missing in {}", hits[0]);
    }

    let none = fihris(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "xyzzyq",
    ]);
    assert!(none.status.success(), "no hits is not an error");
    let v: serde_json::Value = serde_json::from_slice(&none.stdout).unwrap();
    assert_eq!(v["total"], 0);

    let human = fihris(&["search", "--index", index.to_str().unwrap(), "KN-23"]);
    assert!(
        text(&human.stdout).starts_with("1 results"),
        "{}",
        text(&human.stdout)
    );
}

#[test]
fn bad_files_are_reported_and_the_rest_indexed() {
    let dir = scratch("cli-bad");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(
        corpus.join("good.txt"),
        "مقال جيد عن كورسك\n\nنص المقال هنا.",
    )
    .unwrap();
    std::fs::write(
        corpus.join("sub/page.html"),
        "<title>صفحة</title><p>نص عن روسيا</p>",
    )
    .unwrap();
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(corpus.join("latin1.txt"), b"caf\xe9 au lait").unwrap();
    std::fs::write(corpus.join("binary.md"), b"\x00\x01\x02\x03PNG").unwrap();
    std::fs::write(corpus.join("notes.csv"), "a,b").unwrap();
    let index = dir.join("index");
    let b = fihris(&[
        "build",
        corpus.to_str().unwrap(),
        "--out",
        index.to_str().unwrap(),
    ]);
    assert_eq!(b.status.code(), Some(2), "skipped files give exit status 2");
    let err = text(&b.stderr);
    for name in ["empty.txt", "latin1.txt", "binary.md"] {
        assert!(err.contains(name), "{name} not reported: {err}");
    }
    assert!(err.contains("3 of 5 files were skipped"), "{err}");
    assert!(text(&b.stdout).contains("indexed 2 documents"));
    let s = fihris(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "روسيا",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    assert_eq!(v["hits"][0]["id"], "sub/page");
}

#[test]
fn an_empty_corpus_is_an_error_that_says_what_to_do() {
    let dir = scratch("cli-empty");
    let b = fihris(&[
        "build",
        dir.to_str().unwrap(),
        "--out",
        dir.join("i").to_str().unwrap(),
    ]);
    assert_eq!(b.status.code(), Some(1));
    assert!(
        text(&b.stderr).contains("no indexable document"),
        "{}",
        text(&b.stderr)
    );
}

#[test]
fn a_damaged_index_gives_a_one_line_error() {
    let dir = scratch("cli-damaged");
    let index = dir.join("index");
    assert!(
        fihris(&["build", &seeds(), "--out", index.to_str().unwrap(), "-q"])
            .status
            .success()
    );
    let file = index.join("fihris.idx");
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x40;
    std::fs::write(&file, &bytes).unwrap();
    let s = fihris(&["search", "--index", index.to_str().unwrap(), "كوريا"]);
    assert_eq!(s.status.code(), Some(1));
    let err = text(&s.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("corrupt"), "{err}");

    std::fs::write(&file, &bytes[..n / 3]).unwrap();
    let s = fihris(&["search", "--index", index.to_str().unwrap(), "كوريا"]);
    assert_eq!(s.status.code(), Some(1));
    assert!(text(&s.stderr).contains("truncated"), "{}", text(&s.stderr));

    let missing = fihris(&["search", "--index", dir.join("nope").to_str().unwrap(), "x"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("fihris build"));
}

#[test]
fn every_subcommand_has_help() {
    for args in [&["--help"][..], &["build", "--help"], &["search", "--help"]] {
        let h = fihris(args);
        assert!(h.status.success());
        assert!(text(&h.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn a_rebuild_keeps_the_shard_folders_of_the_two_builds_before_it() {
    let dir = scratch("cli-keep-builds");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap().flatten() {
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    let index = dir.join("index");
    let folders = || {
        let mut names: Vec<String> = std::fs::read_dir(&index)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let mut builds: Vec<String> = Vec::new();
    for n in 0..4 {
        std::fs::write(
            corpus.join(format!("new-{n}.txt")),
            format!("خبر جديد رقم {n} عن الطقس"),
        )
        .unwrap();
        let mut args = vec![
            "build",
            corpus.to_str().unwrap(),
            "--out",
            index.to_str().unwrap(),
            "--shards",
            "always",
            "--quiet",
        ];
        if n == 3 {
            args.extend(["--keep-builds", "1"]);
        }
        let b = fihris(&args);
        assert!(b.status.success(), "{}", text(&b.stderr));
        let new: Vec<String> = folders()
            .into_iter()
            .filter(|f| !builds.contains(f))
            .collect();
        assert_eq!(
            new.len(),
            1,
            "each changed corpus gives a new build folder: {new:?}"
        );
        let current = new[0].clone();
        builds.push(current);
        let kept: Vec<String> = folders();
        let want = (n + 1).min(if n == 3 { 2 } else { 3 });
        assert_eq!(kept.len(), want, "after build {n}: {kept:?}");
        assert!(
            kept.contains(builds.last().unwrap()),
            "the new build is there"
        );
    }
    // With --keep-builds 1 after four builds: the newest and the one before it.
    assert_eq!(folders(), {
        let mut last: Vec<String> = builds[2..].to_vec();
        last.sort();
        last
    });
}
