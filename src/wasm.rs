//! The JavaScript binding: the only module that knows wasm-bindgen. It converts the core's
//! byte offsets to UTF-16 code units (JavaScript string indices) exactly once.
//!
//! Speed: the annotation crosses into JavaScript as one flat array of numbers and one string
//! of the texts that are not slices of the article; a small JavaScript builder
//! (`buildAnnotation` below) makes the plain objects with object literals. That is about five
//! times cheaper than setting fields one by one through JavaScript (serde-wasm-bindgen) or
//! `JSON.parse` of a JSON string, and span texts, sliced from the article's own JavaScript
//! string, need no UTF-8 decoding. A wasm test checks the object against `serde_json`.

use crate::annotation::{Annotation, OffsetUnit, QuoteKind, TextSpan};
use crate::OffsetMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// Builds the annotation object from what `Encoder` wrote; reads in exactly the order written.
const NONE = 0xFFFFFFFF; // an absent optional value
const ARTICLE_SLICE = 0xFFFFFFFE; // in place of a length: the span's text is the article's slice

export function buildAnnotation(article, nums, table) {
  // Rust read lone surrogates as U+FFFD (one code unit, like the surrogate); slices must too.
  // With the u flag, \p{Cs} matches only unpaired surrogates (for engines before ES2024).
  const source = typeof article.toWellFormed === 'function' ? article.toWellFormed() : article.replace(/\p{Cs}/gu, '\uFFFD');
  let n = 0;
  let t = 0;
  const text = () => {
    const len = nums[n++];
    return len === NONE ? null : table.slice(t, (t += len));
  };
  const spanText = (start, end) => {
    const len = nums[n++];
    return len === ARTICLE_SLICE ? source.slice(start, end) : table.slice(t, (t += len));
  };
  const span = () => {
    const start = nums[n++];
    if (start === NONE) return null;
    const end = nums[n++];
    return { start, end, text: spanText(start, end) };
  };
  const texts = () => {
    const out = [];
    for (let i = nums[n++]; i > 0; i--) out.push(text());
    return out;
  };
  const version = nums[n++];
  const offsets = text();
  const paragraphs = [];
  for (let i = nums[n++]; i > 0; i--) paragraphs.push({ start: nums[n++], end: nums[n++] });
  const entities = [];
  for (let i = nums[n++]; i > 0; i--) {
    const id = text();
    const start = nums[n++];
    const end = nums[n++];
    entities.push({ id, start, end, text: spanText(start, end), label: text(), group: text(), title: span() });
  }
  const groups = [];
  for (let i = nums[n++]; i > 0; i--) {
    groups.push({ id: text(), label: text(), name: text(), aliases: texts(), mentions: texts(), roles: texts(), quotes: texts() });
  }
  const quotes = [];
  for (let i = nums[n++]; i > 0; i--) {
    const id = text();
    const start = nums[n++];
    const end = nums[n++];
    quotes.push({
      id, start, end, text: spanText(start, end), kind: text(),
      speaker: span(), speaker_group: text(), cue: span(), continues: text(),
    });
  }
  return { version, offsets, paragraphs, entities, groups, quotes };
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = buildAnnotation)]
    fn build_annotation(article: &JsValue, nums: &[u32], table: &str) -> JsValue;
}

/// Annotates `text` and returns the annotation contract as a plain object whose offsets are
/// UTF-16 code units, so `text.slice(q.start, q.end)` is exactly a quote.
///
/// Lone surrogates are read as U+FFFD (one code unit each, like the surrogate), so offsets
/// stay exact for any JavaScript string. Throws only when `text` is not a string.
#[wasm_bindgen]
pub fn annotate(text: &JsValue) -> Result<JsValue, JsError> {
    let article = text.as_string().ok_or_else(|| JsError::new("annotate expects a string"))?;
    let annotation = crate::annotate(&article);
    let encoded = Encoder::encode(&annotation, &article);
    Ok(build_annotation(text, &encoded.nums, &encoded.table))
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Marks an absent optional value in `nums` (where a text length or a flag is expected).
const NONE: u32 = u32::MAX;
/// In place of a span text's length: the text is the article's own slice at the span.
const ARTICLE_SLICE: u32 = u32::MAX - 1;

/// Writes an [`Annotation`] (byte offsets) for `buildAnnotation`: numbers, UTF-16 offsets and
/// text lengths in `nums`, texts one after another in `table`, in the builder's reading order.
struct Encoder<'a> {
    article: &'a str,
    map: OffsetMap<'a>,
    nums: Vec<u32>,
    table: String,
}

impl<'a> Encoder<'a> {
    fn encode(annotation: &Annotation, article: &'a str) -> Encoder<'a> {
        debug_assert_eq!(annotation.offsets, OffsetUnit::Byte);
        let mut enc = Encoder {
            article,
            map: OffsetMap::new(article, OffsetUnit::Utf16),
            nums: Vec::with_capacity(16 + annotation.entities.len() * 12 + annotation.quotes.len() * 20),
            table: String::new(),
        };
        enc.number(annotation.version as usize);
        enc.text(Some(UTF16_UNIT_NAME));
        enc.number(annotation.paragraphs.len());
        for p in &annotation.paragraphs {
            enc.offset(p.start);
            enc.offset(p.end);
        }
        enc.number(annotation.entities.len());
        for e in &annotation.entities {
            enc.text(Some(&e.id));
            enc.span_text(e.start, e.end, &e.text);
            enc.text(Some(e.label.as_str()));
            enc.text(e.group.as_deref());
            enc.span(e.title.as_ref());
        }
        enc.number(annotation.groups.len());
        for g in &annotation.groups {
            enc.text(Some(&g.id));
            enc.text(Some(g.label.as_str()));
            enc.text(Some(&g.name));
            for list in [&g.aliases, &g.mentions, &g.roles, &g.quotes] {
                enc.number(list.len());
                for s in list {
                    enc.text(Some(s));
                }
            }
        }
        enc.number(annotation.quotes.len());
        for q in &annotation.quotes {
            enc.text(Some(&q.id));
            enc.span_text(q.start, q.end, &q.text);
            enc.text(Some(kind_name(q.kind)));
            enc.span(q.speaker.as_ref());
            enc.text(q.speaker_group.as_deref());
            enc.span(q.cue.as_ref());
            enc.text(q.continues.as_deref());
        }
        enc
    }

    fn number(&mut self, n: usize) {
        // Lossless: usize is u32 on wasm32.
        self.nums.push(n as u32);
    }

    /// A byte offset of the core, written in UTF-16 code units.
    fn offset(&mut self, byte: usize) {
        let unit = self.map.convert(byte);
        self.number(unit);
    }

    /// An optional text: [`NONE`], or its UTF-16 length (it goes to `table`).
    fn text(&mut self, s: Option<&str>) {
        match s {
            None => self.nums.push(NONE),
            Some(s) => {
                self.table.push_str(s);
                self.number(utf16_len(s));
            }
        }
    }

    /// UTF-16 start and end, then the text: the article's slice when it is one (always,
    /// today), so JavaScript slices its own string instead of decoding a copy.
    fn span_text(&mut self, start: usize, end: usize, text: &str) {
        self.offset(start);
        self.offset(end);
        if self.article.get(start..end) == Some(text) {
            self.nums.push(ARTICLE_SLICE);
        } else {
            self.text(Some(text));
        }
    }

    /// An optional span: [`NONE`], or what [`Self::span_text`] writes.
    fn span(&mut self, span: Option<&TextSpan>) {
        match span {
            None => self.nums.push(NONE),
            Some(s) => self.span_text(s.start, s.end, &s.text),
        }
    }
}

/// Length of `s` in UTF-16 code units: one per char, two for a four-byte char. Counting
/// lead bytes needs no decoding.
fn utf16_len(s: &str) -> usize {
    s.bytes().map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0)).sum()
}

/// `OffsetUnit::Utf16` as `serde` writes it (a wasm test compares with `serde_json`).
const UTF16_UNIT_NAME: &str = "utf16";

/// A [`QuoteKind`] as `serde` writes it.
fn kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Scare => "scare",
    }
}

