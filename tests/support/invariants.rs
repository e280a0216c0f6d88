//! The invariants every [`Annotation`] must hold, whatever the input (issue 6). Shared by
//! tests/properties.rs, tests/hostile.rs and the fuzz targets, so each checks the same list:
//! - every span is in bounds, on char boundaries, and its `text` is the slice it names;
//! - the code-point and UTF-16 offsets from `convert_offsets` slice the same text as the
//!   bytes (and a UTF-16 span never splits a surrogate pair);
//! - ids are `e0…`, `q0…`, `g0…` in order; entities are sorted and non-overlapping;
//!   paragraphs are sorted and disjoint; quotes are sorted and nest properly;
//! - every referenced id exists, and entity ↔ group and quote ↔ group links agree.

#![allow(dead_code)] // each including crate uses a different part

use newsmark::{Annotation, OffsetUnit};
use std::collections::HashMap;

/// Checks `a`, the byte-offset annotation of `text`. The error names the first broken rule.
pub fn check(text: &str, a: &Annotation) -> Result<(), String> {
    if a.offsets != OffsetUnit::Byte {
        return Err(format!("annotate returned {:?} offsets, expected bytes", a.offsets));
    }
    let spans = all_spans(a);
    for (what, start, end, expected) in &spans {
        let slice = text
            .get(*start..*end)
            .ok_or_else(|| format!("{what} {start}..{end} is out of bounds or off a char boundary (len {})", text.len()))?;
        if let Some(expected) = expected {
            if slice != *expected {
                return Err(format!("{what} {start}..{end}: text {expected:?} but the article holds {slice:?}"));
            }
        }
    }
    check_units(text, a, &spans)?;
    check_order(a)?;
    check_references(a)
}

/// `(what, start, end, claimed text)` for every span in the annotation, in a fixed order.
fn all_spans(a: &Annotation) -> Vec<(String, usize, usize, Option<&str>)> {
    let mut out = Vec::new();
    for (i, p) in a.paragraphs.iter().enumerate() {
        out.push((format!("paragraph {i}"), p.start, p.end, None));
    }
    for e in &a.entities {
        out.push((format!("entity {}", e.id), e.start, e.end, Some(e.text.as_str())));
        if let Some(t) = &e.title {
            out.push((format!("title of {}", e.id), t.start, t.end, Some(t.text.as_str())));
        }
    }
    for q in &a.quotes {
        out.push((format!("quote {}", q.id), q.start, q.end, Some(q.text.as_str())));
        if let Some(s) = &q.speaker {
            out.push((format!("speaker of {}", q.id), s.start, s.end, Some(s.text.as_str())));
        }
        if let Some(c) = &q.cue {
            out.push((format!("cue of {}", q.id), c.start, c.end, Some(c.text.as_str())));
        }
    }
    out
}

/// Converted offsets, sliced by their own units, give the same strings as the bytes.
fn check_units(text: &str, a: &Annotation, byte_spans: &[(String, usize, usize, Option<&str>)]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16] {
        let converted = a.clone().convert_offsets(text, unit);
        if converted.offsets != unit {
            return Err(format!("convert_offsets({unit:?}) left the unit at {:?}", converted.offsets));
        }
        let unit_spans = all_spans(&converted);
        if unit_spans.len() != byte_spans.len() {
            return Err(format!("convert_offsets({unit:?}) changed the number of spans"));
        }
        for ((what, bs, be, _), (_, us, ue, _)) in byte_spans.iter().zip(&unit_spans) {
            let by_bytes = &text[*bs..*be];
            let by_units = match unit {
                OffsetUnit::Codepoint => chars.get(*us..*ue).map(|c| c.iter().collect::<String>()),
                _ => utf16.get(*us..*ue).and_then(|u| String::from_utf16(u).ok()),
            };
            match by_units {
                Some(s) if s == by_bytes => {}
                Some(s) => return Err(format!("{what}: {unit:?} {us}..{ue} slices {s:?}, bytes {bs}..{be} slice {by_bytes:?}")),
                None => return Err(format!("{what}: {unit:?} {us}..{ue} is out of bounds or splits a surrogate pair")),
            }
        }
    }
    Ok(())
}

fn check_order(a: &Annotation) -> Result<(), String> {
    for (i, e) in a.entities.iter().enumerate() {
        if e.id != format!("e{i}") {
            return Err(format!("entity {i} has id {:?}, expected e{i}", e.id));
        }
        if e.start >= e.end {
            return Err(format!("entity {} is empty ({}..{})", e.id, e.start, e.end));
        }
    }
    for w in a.entities.windows(2) {
        if w[0].end > w[1].start {
            return Err(format!("entities {} ({}..{}) and {} ({}..{}) are unsorted or overlap", w[0].id, w[0].start, w[0].end, w[1].id, w[1].start, w[1].end));
        }
    }
    for w in a.paragraphs.windows(2) {
        if w[0].start > w[0].end || w[0].end > w[1].start {
            return Err(format!("paragraphs {}..{} and {}..{} are unsorted or overlap", w[0].start, w[0].end, w[1].start, w[1].end));
        }
    }
    for (i, q) in a.quotes.iter().enumerate() {
        if q.id != format!("q{i}") {
            return Err(format!("quote {i} has id {:?}, expected q{i}", q.id));
        }
        if q.start >= q.end {
            return Err(format!("quote {} is empty ({}..{})", q.id, q.start, q.end));
        }
    }
    // Quotes in text order, and any two are disjoint or one holds the other: a stack of the
    // open outer quotes, popped once a quote starts past their end.
    let mut open: Vec<&newsmark::Quote> = Vec::new();
    for (i, q) in a.quotes.iter().enumerate() {
        if let Some(prev) = i.checked_sub(1).map(|p| &a.quotes[p]) {
            if (prev.start, std::cmp::Reverse(prev.end)) > (q.start, std::cmp::Reverse(q.end)) {
                return Err(format!("quotes {} and {} are not in text order", prev.id, q.id));
            }
        }
        while open.last().is_some_and(|o| o.end <= q.start) {
            open.pop();
        }
        if let Some(outer) = open.last() {
            if q.end > outer.end {
                return Err(format!("quotes {} ({}..{}) and {} ({}..{}) overlap without nesting", outer.id, outer.start, outer.end, q.id, q.start, q.end));
            }
        }
        open.push(q);
    }
    for (i, g) in a.groups.iter().enumerate() {
        if g.id != format!("g{i}") {
            return Err(format!("group {i} has id {:?}, expected g{i}", g.id));
        }
    }
    Ok(())
}

fn check_references(a: &Annotation) -> Result<(), String> {
    let entity_index: HashMap<&str, usize> = a.entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let quote_index: HashMap<&str, usize> = a.quotes.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    let group_index: HashMap<&str, usize> = a.groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)).collect();
    for e in &a.entities {
        if let Some(g) = &e.group {
            let gi = *group_index.get(g.as_str()).ok_or_else(|| format!("entity {} names missing group {g}", e.id))?;
            if !a.groups[gi].mentions.contains(&e.id) {
                return Err(format!("entity {} says group {g}, whose mentions do not list it", e.id));
            }
        }
    }
    for g in &a.groups {
        for m in &g.mentions {
            let ei = *entity_index.get(m.as_str()).ok_or_else(|| format!("group {} lists missing entity {m}", g.id))?;
            if a.entities[ei].group.as_deref() != Some(g.id.as_str()) {
                return Err(format!("group {} lists {m}, whose group is {:?}", g.id, a.entities[ei].group));
            }
        }
        for q in &g.quotes {
            let qi = *quote_index.get(q.as_str()).ok_or_else(|| format!("group {} lists missing quote {q}", g.id))?;
            if a.quotes[qi].speaker_group.as_deref() != Some(g.id.as_str()) {
                return Err(format!("group {} lists {q}, whose speaker group is {:?}", g.id, a.quotes[qi].speaker_group));
            }
        }
    }
    for (i, q) in a.quotes.iter().enumerate() {
        if let Some(g) = &q.speaker_group {
            let gi = *group_index.get(g.as_str()).ok_or_else(|| format!("quote {} names missing group {g}", q.id))?;
            if !a.groups[gi].quotes.contains(&q.id) {
                return Err(format!("quote {} says speaker group {g}, whose quotes do not list it", q.id));
            }
        }
        if let Some(c) = &q.continues {
            let ci = *quote_index.get(c.as_str()).ok_or_else(|| format!("quote {} continues missing quote {c}", q.id))?;
            if ci >= i {
                return Err(format!("quote {} continues {c}, which does not come before it", q.id));
            }
        }
    }
    Ok(())
}

/// Annotates `text`, checks the invariants, and that a second run gives the same result.
pub fn annotate_checked(text: &str) -> Result<Annotation, String> {
    let a = newsmark::annotate(text);
    check(text, &a)?;
    if newsmark::annotate(text) != a {
        return Err("two runs on the same text differ".to_string());
    }
    Ok(a)
}
