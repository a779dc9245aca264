//! The browser boundary: an opaque [`SearchIndex`] handle over the same core
//! the CLI uses. Results cross as plain JS objects, made from the same JSON
//! the CLI's `--json` prints ([`crate::json`]); errors cross as JS exceptions
//! with the engine's message.
//!
//! A sharded index is searched in rounds: `search` answers
//! `{ missing: [names] }` when the query needs shards not added yet; the
//! JavaScript side fetches them (in parallel), hands each to `addShard`, and
//! asks again. The shards stay added for the session.

use wasm_bindgen::prelude::*;

/// The module's allocator: Talc rather than the standard library's dlmalloc,
/// which is ~8 KB of the module; Talc is a fraction of that (its speed in
/// the browser is measured by the benchmark, not by a separate test).
/// The module is single-threaded (no `atomics`), which this allocator needs.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use crate::excerpt::Matcher;
use crate::index::{Index, FORMAT_VERSION};
use crate::query::Query;
use crate::search::SearchOptions;

/// A loaded index.
#[wasm_bindgen]
pub struct SearchIndex {
    index: Index,
}

/// Reads a non-negative whole number option; absent, `null` or `undefined`
/// gives `None`, anything else is an error naming the option.
fn count_option(options: &JsValue, name: &str) -> Result<Option<usize>, JsError> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| JsError::new("search options must be an object, e.g. { limit: 10 }"))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n.min(u32::MAX as f64) as usize)),
        _ => Err(JsError::new(&format!(
            "search option `{name}` must be a whole number ≥ 0"
        ))),
    }
}

/// Reads a string option; absent, `null` or `undefined` gives `None`.
fn string_option(options: &JsValue, name: &str) -> Result<Option<String>, JsError> {
    let value = js_sys::Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| JsError::new("search options must be an object, e.g. { limit: 10 }"))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        JsError::new(&format!(
            "search option `{name}` must be a string, e.g. 'ar'"
        ))
    })
}

#[wasm_bindgen]
impl SearchIndex {
    /// Verifies and opens the bytes of `fihris.idx`. Throws on damaged or
    /// wrong-version bytes, with a message saying how to fix it.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> Result<SearchIndex, JsError> {
        Ok(SearchIndex {
            index: Index::from_bytes(bytes)?,
        })
    }

    /// Runs a query: `{ total, hits, suggestion?, partial }`, or `{ missing:
    /// [names] }` when shards must be added first. `options`: `{ limit,
    /// offset, lang }`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let defaults = SearchOptions::default();
        let options = if options.is_undefined() || options.is_null() {
            defaults
        } else {
            SearchOptions {
                limit: count_option(&options, "limit")?.unwrap_or(defaults.limit),
                offset: count_option(&options, "offset")?.unwrap_or(defaults.offset),
                lang: string_option(&options, "lang")?,
                ..defaults
            }
        };
        match self.index.search(query, &options) {
            Ok(result) => parse(&result.to_json()),
            Err(crate::Error::MissingShards { names }) => {
                let missing = js_sys::Array::new();
                for name in names {
                    missing.push(&JsValue::from_str(&name));
                }
                let out = js_sys::Object::new();
                js_sys::Reflect::set(&out, &JsValue::from_str("missing"), &missing).map_err(
                    |_| JsError::new("internal error: cannot build the missing-shards answer"),
                )?;
                Ok(out.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Adds a shard fetched from the index folder: `name` as `search` gave it,
    /// `bytes` the file. Throws, naming the shard, if it is damaged,
    /// truncated or of another build.
    #[wasm_bindgen(js_name = addShard)]
    pub fn add_shard(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        Ok(self.index.add_shard(name, bytes)?)
    }

    /// Whether the index is an entry file with shards (else a single file).
    #[wasm_bindgen(getter)]
    pub fn sharded(&self) -> bool {
        self.index.shards().is_some()
    }

    /// Whether the index was built from a website (`fihris build --site`):
    /// each hit's `url` is its page.
    #[wasm_bindgen(getter)]
    pub fn site(&self) -> bool {
        self.index.is_site()
    }

    /// Number of documents in the index.
    #[wasm_bindgen(getter, js_name = documentCount)]
    pub fn document_count(&self) -> u32 {
        self.index.doc_count()
    }

    /// The index format version.
    #[wasm_bindgen(getter, js_name = formatVersion)]
    pub fn format_version(&self) -> u32 {
        FORMAT_VERSION
    }
}

/// UTF-16 `[start, end)` ranges of the words of `text` that match `query`,
/// for highlighting a whole document without loading the index.
#[wasm_bindgen]
pub fn highlight(text: &str, query: &str) -> Result<JsValue, JsError> {
    let ranges = crate::excerpt::highlight(text, &Matcher::from_query(&Query::parse(query)));
    parse(&crate::json::ranges_to_json(&ranges))
}

/// Our JSON as a JS value (the browser's parser is fast and costs no wasm).
fn parse(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("internal error: unreadable result JSON"))
}

/// The index format version this engine reads.
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> u32 {
    FORMAT_VERSION
}
