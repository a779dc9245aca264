#![no_main]
//! Fuzz target `shards`: see `crate/tests/fuzz_cases.rs`, which `cargo test` shares.

#[path = "../../tests/fuzz_cases.rs"]
mod fuzz_cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_cases::shards(data));
