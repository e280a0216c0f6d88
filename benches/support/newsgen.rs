//! Synthetic news-like text from our own templates (`bench/newsgen.json`), for benchmarks,
//! property tests and the memory test: names, titles, places, dates, money, curly and
//! straight quotes, accents and `€`, in paragraphs like a wire story. Deterministic per seed,
//! so runs are comparable; no third-party text.

#![allow(dead_code)] // each including crate uses a different part

use serde_json::{Map, Value};

const VOCABULARY: &str = include_str!("../../bench/newsgen.json");

/// A seeded generator of news paragraphs and articles.
pub struct NewsGen {
    vocabulary: Map<String, Value>,
    state: u64,
}

impl NewsGen {
    pub fn new(seed: u64) -> NewsGen {
        let vocabulary = match serde_json::from_str(VOCABULARY) {
            Ok(Value::Object(map)) => map,
            _ => panic!("bench/newsgen.json is not a JSON object"),
        };
        NewsGen { vocabulary, state: seed ^ 0x9E37_79B9_7F4A_7C15 }
    }

    /// splitmix64: tiny, fast, good enough to pick words.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn pick(&mut self, slot: &str) -> String {
        let count = self.vocabulary.get(slot).and_then(Value::as_array).map_or(0, Vec::len);
        assert!(count > 0, "bench/newsgen.json has no list {slot:?}");
        let i = self.below(count);
        self.vocabulary[slot][i].as_str().unwrap_or_default().to_string()
    }

    /// Expands `{slot}`s in `template` (recursively, a few levels deep) into `out`.
    fn expand(&mut self, template: &str, out: &mut String, depth: usize) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let slot = &rest[open + 1..open + close];
            let choice = self.pick(slot);
            if depth < 4 {
                self.expand(&choice, out, depth + 1);
            } else {
                out.push_str(&choice);
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
    }

    pub fn paragraph(&mut self) -> String {
        let mut out = String::new();
        self.expand("{paragraph}", &mut out, 0);
        out
    }

    /// A headline line, a dateline paragraph and `paragraphs` more, blank-line separated.
    pub fn article(&mut self, paragraphs: usize) -> String {
        let mut out = String::new();
        self.expand("{org} to {verb} {thing} as {place} talks go on\n\n{place}, {month} {day} — ", &mut out, 0);
        for i in 0..paragraphs.max(1) {
            if i > 0 {
                out.push_str("\n\n");
            }
            let p = self.paragraph();
            out.push_str(&p);
        }
        out
    }

    /// Whole articles, blank-line separated, until at least `bytes` long.
    pub fn text_of_size(&mut self, bytes: usize) -> String {
        let mut out = String::with_capacity(bytes + 4096);
        while out.len() < bytes {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            let paragraphs = 6 + self.below(10);
            let a = self.article(paragraphs);
            out.push_str(&a);
        }
        out
    }
}

/// `bytes` (or a little more) of news-like text, the same for the same `seed`.
pub fn news_text(seed: u64, bytes: usize) -> String {
    NewsGen::new(seed).text_of_size(bytes)
}
