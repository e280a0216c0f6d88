//! newsmark annotates news articles: who is mentioned (people, organizations, places,
//! nationalities, dates, events), every quotation, and who said it.
//!
//! ```
//! let a = newsmark::annotate("\"We will win,\" Maria Lopez said.");
//! assert_eq!(a.quotes.len(), 1);
//! assert_eq!(a.quotes[0].text, "\"We will win,\"");
//! ```
//!
//! Offsets in the returned [`Annotation`] are **byte** offsets into the text as given;
//! [`Annotation::convert_offsets`] turns them into code points or UTF-16 code units.
//!
//! # Panics
//! Never: any `&str` — empty, huge, binary-looking, full of stray quotation marks — gives
//! an annotation. Time is linear in the input.
//!
//! The pipeline, one module per stage: [`cleanup`] (boilerplate blanked, offsets kept) →
//! [`text`] (tokens, sentences, paragraphs) → `entities` → `quotes` → `attribution` →
//! `grouping`.

mod annotation;
pub mod cleanup;
mod entities;
/// Entity-model training, for `src/bin/newsmark-train.rs` only (feature `train`).
#[cfg(feature = "train")]
#[doc(hidden)]
pub use entities::train as entities_train;
mod lexicon;
mod offsets;
mod quotes;
mod attribution;
mod grouping;
pub mod text;
#[cfg(test)]
mod test_random;
/// Stage-by-stage entry points for the benchmarks; not an API.
#[doc(hidden)]
pub mod stages;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use annotation::{
    Annotation, Entity, Group, Label, OffsetUnit, Paragraph, Quote, QuoteKind, TextSpan, CONTRACT_VERSION,
};
pub use offsets::OffsetMap;

/// Annotates one article. Never fails, never panics.
pub fn annotate(text: &str) -> Annotation {
    let cleaned = cleanup::clean(text);
    let doc = text::Doc::new(&cleaned);
    let mut entities = entities::find(&doc);
    let mut quotes = quotes::find(&doc);
    let speakers = attribution::attribute(&doc, &entities, &mut quotes);
    let groups = grouping::group(&doc, &mut entities, &mut quotes, &speakers);
    // Stages worked on the cleaned copy (same byte offsets); report the text as pasted.
    for e in &mut entities {
        copy_span(text, e.start, e.end, &mut e.text);
        if let Some(t) = &mut e.title {
            copy_span(text, t.start, t.end, &mut t.text);
        }
    }
    for q in &mut quotes {
        copy_span(text, q.start, q.end, &mut q.text);
        for s in [&mut q.speaker, &mut q.cue].into_iter().flatten() {
            copy_span(text, s.start, s.end, &mut s.text);
        }
    }
    Annotation {
        version: CONTRACT_VERSION,
        offsets: OffsetUnit::Byte,
        paragraphs: doc.paragraphs.iter().map(|p| Paragraph { start: p.start, end: p.end }).collect(),
        entities,
        groups,
        quotes,
    }
}

/// Makes `out` read `text[start..end]`. It usually does already (cleanup left the span
/// alone), so it is compared first: no allocation then.
fn copy_span(text: &str, start: usize, end: usize, out: &mut String) {
    if let Some(span) = text.get(start..end).filter(|span| out.as_str() != *span) {
        out.clear();
        out.push_str(span);
    }
}
