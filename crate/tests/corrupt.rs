#![cfg(not(target_arch = "wasm32"))]
//! Damaged index bytes give errors, never panics.

mod common;

use fihris::index::Index;
use fihris::search::SearchOptions;
use fihris::Error;

#[test]
fn every_truncation_is_an_error() {
    let bytes = common::seeds_index_bytes();
    for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        assert!(
            Index::from_bytes(bytes[..len].to_vec()).is_err(),
            "len {len}"
        );
    }
}

#[test]
fn bit_flips_are_caught_by_the_checksum() {
    let bytes = common::seeds_index_bytes();
    for i in (0..bytes.len()).step_by(53) {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert!(Index::from_bytes(b).is_err(), "flip at {i}");
    }
}

#[test]
fn wrong_version_says_how_to_fix_it() {
    let mut bytes = common::seeds_index_bytes();
    bytes[8] = 9;
    let err = Index::from_bytes(bytes).unwrap_err();
    assert!(matches!(err, Error::FormatVersion { found: 9, .. }));
    assert!(err.to_string().contains("rebuild it with `fihris build`"));
}

/// Sections that pass the checksum but lie inside (a hostile index with a
/// recomputed checksum) must still not panic at load or search time.
#[test]
fn damaged_sections_with_a_valid_checksum_do_not_panic() {
    let bytes = common::seeds_index_bytes();
    // About 400 damaged copies spread over every section.
    for i in (32..bytes.len()).step_by(bytes.len() / 400) {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            let crc = fihris::index::format::crc32(&b[28..]);
            b[24..28].copy_from_slice(&crc.to_le_bytes());
            if let Ok(index) = Index::from_bytes(b) {
                for q in ["كوريا", "روس", "غيراسيموق", "\"كوريا الشمالية\""]
                {
                    let _ = index.search(
                        q,
                        &SearchOptions {
                            limit: 100,
                            offset: 0,
                            ..SearchOptions::default()
                        },
                    );
                }
            }
        }
    }
}
