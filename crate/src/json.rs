//! Search results → JSON text: the one wire format of hits, printed by the
//! CLI's `--json` and handed to JavaScript by the wasm module (which parses
//! it with the browser's `JSON.parse`).
//!
//! In: a [`SearchResult`] or highlight ranges. Out: compact JSON. Written by
//! hand rather than with serde: the shape is small and fixed, and the wasm
//! module is smaller without serde's machinery and float formatting.
//!
//! Shape: `{"total":N,"hits":[{"id","title","url"?,"date"?,"source"?,
//! "score","excerpt","highlights":[[s,e],…],"titleHighlights":[[s,e],…],
//! "lang"?,"meta"?:{key:value,…},"subResults"?:[{"title","url","excerpt",
//! "highlights"}]}],
//! "suggestion"?,"approximate"?,"partial"}`; absent optional fields are
//! left out (`approximate` is there only when true).

use crate::search::{Hit, SearchResult};

impl SearchResult {
    /// The result as one JSON object.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + 512 * self.hits.len());
        out.push_str("{\"total\":");
        push_uint(&mut out, self.total as u64);
        out.push_str(",\"hits\":[");
        for (i, hit) in self.hits.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_hit(&mut out, hit);
        }
        out.push(']');
        if let Some(s) = &self.suggestion {
            out.push_str(",\"suggestion\":");
            push_str(&mut out, s);
        }
        if self.approximate {
            out.push_str(",\"approximate\":true");
        }
        out.push_str(if self.partial {
            ",\"partial\":true}"
        } else {
            ",\"partial\":false}"
        });
        out
    }
}

/// `[[start,end],…]`.
pub fn ranges_to_json(ranges: &[[u32; 2]]) -> String {
    let mut out = String::with_capacity(2 + 12 * ranges.len());
    push_ranges(&mut out, ranges);
    out
}

fn push_hit(out: &mut String, hit: &Hit) {
    out.push_str("{\"id\":");
    push_str(out, &hit.id);
    out.push_str(",\"title\":");
    push_str(out, &hit.title);
    for (key, value) in [
        ("url", &hit.url),
        ("date", &hit.date),
        ("source", &hit.source),
    ] {
        if let Some(v) = value {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            push_str(out, v);
        }
    }
    out.push_str(",\"score\":");
    push_score(out, hit.score);
    out.push_str(",\"excerpt\":");
    push_str(out, &hit.excerpt);
    out.push_str(",\"highlights\":");
    push_ranges(out, &hit.highlights);
    out.push_str(",\"titleHighlights\":");
    push_ranges(out, &hit.title_highlights);
    if let Some(lang) = &hit.lang {
        out.push_str(",\"lang\":");
        push_str(out, lang);
    }
    if !hit.meta.is_empty() {
        out.push_str(",\"meta\":{");
        for (i, (key, value)) in hit.meta.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_str(out, key);
            out.push(':');
            push_str(out, value);
        }
        out.push('}');
    }
    if !hit.sub_results.is_empty() {
        out.push_str(",\"subResults\":[");
        for (i, sub) in hit.sub_results.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"title\":");
            push_str(out, &sub.title);
            out.push_str(",\"url\":");
            push_str(out, &sub.url);
            out.push_str(",\"excerpt\":");
            push_str(out, &sub.excerpt);
            out.push_str(",\"highlights\":");
            push_ranges(out, &sub.highlights);
            out.push('}');
        }
        out.push(']');
    }
    out.push('}');
}

fn push_ranges(out: &mut String, ranges: &[[u32; 2]]) {
    out.push('[');
    for (i, [s, e]) in ranges.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_uint(out, u64::from(*s));
        out.push(',');
        push_uint(out, u64::from(*e));
        out.push(']');
    }
    out.push(']');
}

fn push_uint(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in digits[..n].iter().rev() {
        out.push(char::from(d));
    }
}

/// A score with six decimals (scores are rounded to millionths anyway).
fn push_score(out: &mut String, score: f64) {
    let micros = if score.is_finite() && score > 0.0 {
        (score * 1e6).round() as u64
    } else {
        0
    };
    push_uint(out, micros / 1_000_000);
    out.push('.');
    let frac = micros % 1_000_000;
    let mut pad = 100_000;
    while pad > 1 && frac < pad {
        out.push('0');
        pad /= 10;
    }
    push_uint(out, frac);
}

fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_valid_json_of_the_documented_shape() {
        let result = SearchResult {
            total: 12,
            approximate: true,
            hits: vec![Hit {
                id: "a/b".into(),
                title: "عنوان \"مقتبس\"".into(),
                url: None,
                date: Some("2025-04-28".into()),
                source: None,
                score: 1.0000004,
                excerpt: "سطر\nو\u{1}\\".into(),
                highlights: vec![[0, 3], [10, 2000]],
                title_highlights: vec![],
                lang: Some("ar".into()),
                meta: vec![
                    ("author".into(), "سارة \"خ\"".into()),
                    ("image".into(), "/i.png".into()),
                ],
                sub_results: vec![crate::search::SubResult {
                    title: "القسم".into(),
                    url: "/a/#qism".into(),
                    excerpt: "… نص".into(),
                    highlights: vec![[2, 4]],
                }],
            }],
            suggestion: Some("كوريا".into()),
            partial: true,
        };
        let v: serde_json::Value = serde_json::from_str(&result.to_json()).unwrap();
        assert_eq!(v["total"], 12);
        assert_eq!(v["approximate"], true);
        let hit = &v["hits"][0];
        assert_eq!(hit["title"], "عنوان \"مقتبس\"");
        assert_eq!(hit["excerpt"], "سطر\nو\u{1}\\");
        assert_eq!(hit["score"], 1.0);
        assert_eq!(hit["highlights"][1][1], 2000);
        assert_eq!(hit["titleHighlights"].as_array().unwrap().len(), 0);
        assert!(hit.get("url").is_none());
        assert_eq!(hit["lang"], "ar");
        assert_eq!(hit["meta"]["author"], "سارة \"خ\"");
        assert_eq!(hit["meta"]["image"], "/i.png");
        assert_eq!(hit["subResults"][0]["url"], "/a/#qism");
        assert_eq!(hit["subResults"][0]["highlights"][0][1], 4);
        assert_eq!(v["suggestion"], "كوريا");
        assert_eq!(v["partial"], true);
    }

    #[test]
    fn scores_keep_six_decimals() {
        for (score, text) in [
            (0.0, "0.000000"),
            (0.175322, "0.175322"),
            (12.05, "12.050000"),
        ] {
            let mut out = String::new();
            push_score(&mut out, score);
            assert_eq!(out, text);
        }
        assert_eq!(ranges_to_json(&[[1, 2]]), "[[1,2]]");
        assert_eq!(ranges_to_json(&[]), "[]");
    }
}
