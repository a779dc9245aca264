//! The wasm boundary in a real browser (`wasm-pack test --headless --chrome`):
//! loading, searching, the hit shape, UTF-16 highlight offsets on a
//! diacritised excerpt, and errors on bad bytes.
#![cfg(target_arch = "wasm32")]

use fihris::corpus::parse_document;
use fihris::index::IndexBuilder;
use fihris::wasm::{highlight, SearchIndex};
use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEEDS: [(&str, &[u8]); 5] = [
    (
        "000_b7e07c32124a421f.txt",
        include_bytes!("../../seeds/000_b7e07c32124a421f.txt"),
    ),
    (
        "001_dc7e6487002a072e.txt",
        include_bytes!("../../seeds/001_dc7e6487002a072e.txt"),
    ),
    (
        "002_8251fbba6d0163f5.txt",
        include_bytes!("../../seeds/002_8251fbba6d0163f5.txt"),
    ),
    (
        "003_3c3e2ea9289a0a19.txt",
        include_bytes!("../../seeds/003_3c3e2ea9289a0a19.txt"),
    ),
    (
        "004_00098d3f5a60200f.txt",
        include_bytes!("../../seeds/004_00098d3f5a60200f.txt"),
    ),
];

fn seeds_index() -> SearchIndex {
    let mut builder = IndexBuilder::new();
    for (name, bytes) in SEEDS {
        builder.add(&parse_document(name, bytes).unwrap()).unwrap();
    }
    SearchIndex::new(builder.finish().unwrap().0).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn options(limit: u32) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"limit".into(), &JsValue::from(limit)).unwrap();
    o.into()
}

#[wasm_bindgen_test]
fn loads_and_reports_metadata() {
    let index = seeds_index();
    assert_eq!(index.document_count(), 5);
    assert_eq!(index.format_version(), fihris::index::FORMAT_VERSION);
}

#[wasm_bindgen_test]
fn search_returns_plain_objects_in_the_cli_shape() {
    let index = seeds_index();
    let result = index.search("كوريا", options(3)).unwrap();
    assert_eq!(get(&result, "total").as_f64(), Some(5.0));
    let hits: Array = get(&result, "hits").dyn_into().unwrap();
    assert_eq!(hits.length(), 3);
    let hit = hits.get(0);
    for key in ["id", "title", "excerpt"] {
        assert!(get(&hit, key).is_string(), "{key}");
    }
    assert!(get(&hit, "score").as_f64().unwrap() > 0.0);
    assert!(Array::is_array(&get(&hit, "highlights")));
    assert!(Array::is_array(&get(&hit, "titleHighlights")));
    // Defaults apply when options are omitted.
    let all = index.search("كوريا", JsValue::UNDEFINED).unwrap();
    let hits: Array = get(&all, "hits").dyn_into().unwrap();
    assert_eq!(hits.length(), 5);
}

#[wasm_bindgen_test]
fn highlights_are_utf16_offsets_into_a_diacritised_excerpt() {
    let index = seeds_index();
    let result = index.search("رسميا", JsValue::UNDEFINED).unwrap();
    let hits: Array = get(&result, "hits").dyn_into().unwrap();
    let hit = hits
        .iter()
        .find(|h| get(h, "id").as_string().unwrap().starts_with("002"))
        .expect("article 002 writes رسميًا");
    let excerpt: JsString = get(&hit, "excerpt").dyn_into().unwrap();
    let ranges: Array = get(&hit, "highlights").dyn_into().unwrap();
    let marked: Vec<String> = ranges
        .iter()
        .map(|r| {
            let r: Array = r.dyn_into().unwrap();
            let (s, e) = (r.get(0).as_f64().unwrap(), r.get(1).as_f64().unwrap());
            excerpt.substring(s as u32, e as u32).into()
        })
        .collect();
    assert!(marked.iter().any(|m| m == "رسميًا"), "{marked:?}");
}

/// A query pasted in presentation forms (ﻛﻮﺭﻳﺎ) finds what كوريا finds,
/// and marks كوريا in text: the wasm build folds them without NFKC tables.
#[wasm_bindgen_test]
fn a_query_in_presentation_forms_finds_the_plain_letters() {
    let index = seeds_index();
    let shaped = "\u{FEDB}\u{FEEE}\u{FEAD}\u{FEF3}\u{FE8E}";
    let total = |q: &str| {
        get(&index.search(q, options(10)).unwrap(), "total")
            .as_f64()
            .unwrap()
    };
    assert!(total("كوريا") > 0.0);
    assert_eq!(total(shaped), total("كوريا"));
    let ranges: Array = highlight("قالت كوريا", shaped).unwrap().dyn_into().unwrap();
    assert_eq!(ranges.length(), 1);
}

#[wasm_bindgen_test]
fn highlight_marks_words_of_any_text() {
    let ranges: Array = highlight("قال الجنود الروس", "جنود")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(ranges.length(), 1);
    let r: Array = ranges.get(0).dyn_into().unwrap();
    assert_eq!(
        (r.get(0).as_f64(), r.get(1).as_f64()),
        (Some(4.0), Some(10.0))
    );
}

#[wasm_bindgen_test]
fn bad_bytes_throw_the_engine_message() {
    for (bytes, needle) in [
        (b"<!doctype html>".to_vec(), "not a Fihris index"),
        (Vec::new(), "not a Fihris index"),
    ] {
        let err = SearchIndex::new(bytes).err().expect("an error");
        let value: JsValue = err.into();
        let message = get(&value, "message").as_string().unwrap();
        assert!(message.contains(needle), "{message}");
    }
    let mut bytes = {
        let mut builder = IndexBuilder::new();
        let (name, text) = SEEDS[0];
        builder.add(&parse_document(name, text).unwrap()).unwrap();
        builder.finish().unwrap().0
    };
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let err: JsValue = SearchIndex::new(bytes).err().expect("corrupt").into();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("corrupt"), "{message}");
}

#[wasm_bindgen_test]
fn bad_options_throw_a_message_naming_the_option() {
    let index = seeds_index();
    let o = js_sys::Object::new();
    Reflect::set(&o, &"limit".into(), &JsValue::from_str("ten")).unwrap();
    let err: JsValue = index
        .search("كوريا", o.into())
        .expect_err("an error")
        .into();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("limit"), "{message}");
}

#[wasm_bindgen_test]
fn hostile_queries_come_back_bounded_and_flagged() {
    let index = seeds_index();
    let plain = index.search("كوريا", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&plain, "partial").as_bool(), Some(false));
    // Longer than the parser reads: cut, answered, and flagged.
    let long = index
        .search(&"كوريا ".repeat(5_000), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&long, "partial").as_bool(), Some(true));
    assert!(get(&long, "total").as_f64().unwrap() > 0.0);
    // A JS string with lone surrogates crosses as U+FFFD, which is no word.
    let units: Vec<u16> = vec![0xD800, 0x0643, 0x0648, 0x0631, 0x064A, 0x0627, 0xDC00];
    let query = JsString::from_char_code(&units).as_string().unwrap();
    let result = index.search(&query, JsValue::UNDEFINED).unwrap();
    assert!(
        get(&result, "total").as_f64().unwrap() > 0.0,
        "كوريا between lone surrogates"
    );
}

#[wasm_bindgen_test]
fn a_sharded_index_asks_for_its_shards_then_answers() {
    use fihris::index::build::{BuildOptions, MemoryOutput, ShardOptions};
    let options = BuildOptions {
        shards: Some(ShardOptions {
            docs_per_shard: 2,
            postings_bytes: 1024,
            dictionary_bytes: 1024,
        }),
        ..BuildOptions::default()
    };
    let mut builder = IndexBuilder::with_output(options, MemoryOutput::default());
    for (name, bytes) in SEEDS {
        builder.add(&parse_document(name, bytes).unwrap()).unwrap();
    }
    let (entry, _, out) = builder.finish_with_output().unwrap();
    let mut index = SearchIndex::new(entry).unwrap();
    assert!(index.sharded());
    let mut rounds = 0;
    let result = loop {
        let r = index.search("كوريا", options_none()).unwrap();
        let missing = get(&r, "missing");
        if missing.is_undefined() {
            break r;
        }
        rounds += 1;
        assert!(rounds < 8);
        let names: Array = missing.dyn_into().unwrap();
        assert!(names.length() > 0);
        for name in names.iter() {
            let name = name.as_string().unwrap();
            index.add_shard(&name, out.files[&name].clone()).unwrap();
        }
    };
    assert!(rounds >= 2, "postings first, then the page's documents");
    assert_eq!(get(&result, "total").as_f64(), Some(5.0));
    // A damaged shard throws a message naming it.
    let (name, bytes) = out.files.iter().next().unwrap();
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let err: JsValue = index.add_shard(name, bad).err().expect("damaged").into();
    let message = get(&err, "message").as_string().unwrap();
    assert!(
        message.contains(name.as_str()) && message.contains("checksum"),
        "{message}"
    );
}

fn options_none() -> JsValue {
    JsValue::UNDEFINED
}
