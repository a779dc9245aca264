//! Replays the fuzzing regression corpus: every input a fuzz target ever
//! crashed on (and a few hand-made hostile ones), kept in
//! `crate/fuzz/regressions/<target>/`, through the same functions the fuzz
//! targets run. `./build.sh fuzz` adds new findings there.

mod fuzz_cases;

use std::path::Path;

#[test]
fn every_saved_input_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for (target, run) in fuzz_cases::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).expect("regression input is readable");
            eprintln!("{target}: {}", file.display());
            run(&data);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "the regression corpus is empty");
}

#[test]
fn the_targets_accept_the_sound_index_and_plain_text() {
    fuzz_cases::index_bytes(fuzz_cases::seeds_bytes());
    fuzz_cases::index_sections(&[0]);
    fuzz_cases::query("\u{5}كوريا الشمالية".as_bytes());
    fuzz_cases::analyze_text("الجنود الكوريين KN-23".as_bytes());
}
