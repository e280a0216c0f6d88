//! Entity recognition: a learned tagger for people, organizations, places and other names
//! (nationalities, events), see [`model`]; dates, times, money and percentages come from
//! patterns.
//!
//! The tagger runs twice over each paragraph: the second pass sees, for every capitalized
//! word, what the first pass made of the same word elsewhere in the article, so a name
//! tagged once is tagged the same way throughout.
//!
//! Spans follow news-NER conventions: no leading *the*, no possessive *'s* (a token of its
//! own), titles outside the name.

mod features;
mod gazetteer;
pub(crate) mod model;
mod patterns;
mod titles;
#[cfg(feature = "train")]
pub mod train;

use crate::annotation::{Entity, Label};
use crate::lexicon;
use crate::text::Doc;
use model::{tag_pos, tag_type, Model, Pos};
use std::sync::LazyLock;

/// The trained weights (see `model/README.md` for how they were made).
static MODEL: LazyLock<Option<Model<'static>>> = LazyLock::new(|| Model::parse(include_bytes!("../../model/ner.bin")));

/// Entities of the document, sorted by start, non-overlapping, ids `e0…` in order.
pub(crate) fn find(doc: &Doc) -> Vec<Entity> {
    let mut spans: Vec<(usize, usize, Label)> = match MODEL.as_ref() {
        Some(model) => names(doc, model),
        None => Vec::new(),
    };
    spans.sort_by_key(|s| (s.0, s.1));
    patterns::merge(&mut spans, patterns::find(doc));
    let mut entities: Vec<Entity> = spans
        .into_iter()
        .enumerate()
        .map(|(i, (start, end, label))| Entity {
            id: crate::annotation::numbered_id('e', i),
            start,
            end,
            text: doc.text.get(start..end).unwrap_or("").to_string(),
            label,
            group: None,
            title: None,
        })
        .collect();
    titles::attach(doc, &mut entities);
    entities
}

/// Name spans (bytes) with their contract labels; model MISC spans become NORP or EVENT
/// or are dropped (see [`misc_label`]).
pub(crate) fn names(doc: &Doc, model: &Model) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    for (start, end, ty) in tag_doc(doc, model) {
        let text = &doc.text[start..end];
        let label = match ty {
            1 => Some(Label::Person),
            2 => Some(Label::Org),
            3 => Some(Label::Place),
            _ => misc_label(text),
        };
        match label {
            None if ty == 4 => {
                // A name followed by a lowercase event word is one event: *G-20 summit*.
                if let Some(word_end) = event_word_after(doc, end) {
                    out.push((start, word_end, Label::Event));
                }
            }
            Some(label) => out.push((start, end, label)),
            None => {}
        }
    }
    out
}

/// Tokens per chunk: the unit whose word forms share document facts and history. Articles
/// fit in one chunk; longer inputs are tagged chunk by chunk, so memory stays bounded.
const CHUNK_TOKENS: usize = 20_000;

/// Runs both passes and returns byte spans with model types (1 PER, 2 ORG, 3 LOC, 4 MISC).
pub(crate) fn tag_doc(doc: &Doc, model: &Model) -> Vec<(usize, usize, u8)> {
    let mut tags = vec![0u8; doc.tokens.len()];
    let mut first = 0;
    while first < doc.paragraphs.len() {
        let start = doc.paragraphs[first].tokens.start;
        let mut end = first + 1;
        while end < doc.paragraphs.len() && doc.paragraphs[end].tokens.end - start <= CHUNK_TOKENS {
            end += 1;
        }
        tag_chunk(doc, first..end, model, &mut tags);
        first = end;
    }
    spans_of_tags(doc, &tags)
}

/// Tags the tokens of paragraphs `paras` into `tags` (indexed by token).
///
/// Only *stretches* are scored: tokens with an uppercase letter and what can join them
/// (see [`name_stretches`]). Elsewhere — runs of lowercase words, numbers and punctuation,
/// most of an article — the tag is `O` without asking the model (names are written with
/// capitals; the tests keep lowercase words inside names, *Bank of England*, in
/// stretches), and Viterbi decodes each stretch on its own between those `O`s, which is
/// exact.
fn tag_chunk(doc: &Doc, paras: std::ops::Range<usize>, model: &Model, tags: &mut [u8]) {
    let mut infos = features::token_infos(doc, paras.clone());
    gazetteer::mark(doc, paras.clone(), &mut infos);
    let first = features::token_range(doc, &paras).start;
    let local = |p: &crate::text::Para| p.tokens.start - first..p.tokens.end - first;
    // Each stretch with its paragraph, and the stretch's first row in `base`.
    let mut stretches = Vec::new();
    let mut rows = 0;
    for p in &doc.paragraphs[paras.clone()] {
        let para = local(p);
        for s in name_stretches(&infos[para.clone()], doc.text) {
            let len = s.len();
            stretches.push((para.clone(), s, rows));
            rows += len;
        }
    }
    let mut base = vec![0i32; rows * model::TAGS];
    let mut scratch = model::Scratch::default();
    let mut out = Vec::new();
    for (para, s, row) in &stretches {
        let scores = &mut base[row * model::TAGS..(row + s.len()) * model::TAGS];
        model.emissions(&infos[para.clone()], doc.text, s.clone(), scores);
        model.decode(scores, edges(para, s), &mut scratch, &mut out);
        let at = first + para.start + s.start;
        tags[at..at + out.len()].copy_from_slice(&out);
    }
    if model.two_pass {
        let scored = stretches.iter().map(|(para, s, _)| para.start + s.start..para.start + s.end);
        features::set_history_of(&mut infos, &tags[features::token_range(doc, &paras)], scored);
        for (para, s, row) in &stretches {
            let scores = &base[row * model::TAGS..(row + s.len()) * model::TAGS];
            model.decode_second(&infos[para.clone()], doc.text, s.clone(), scores, edges(para, s), &mut scratch, &mut out);
            let at = first + para.start + s.start;
            tags[at..at + out.len()].copy_from_slice(&out);
        }
    }
}

/// The stretches of a paragraph's tokens that may hold a name: maximal runs of tokens that
/// have an uppercase letter, joined across gaps of up to two tokens (*Bank of the West*),
/// with a neighbour that is a number (*Boeing 747*, *2014 Climate Assessment*) or written
/// against the name (the period of *Md.*, a closing bracket). Other neighbours — a space
/// away, lowercase or punctuation — are left `O`: the tagger all but never puts them in a
/// name (on the dev sets, scoring them changed F1 by 0.0001), and skipping them saves a
/// third of the scoring.
fn name_stretches<'a>(para: &'a [features::TokenInfo], text: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    const GAP: usize = 2;
    let upper = |i: usize| para.get(i).is_some_and(|t| t.has_upper);
    let live = move |i: usize| {
        let Some(t) = para.get(i) else { return false };
        if t.has_upper {
            return true;
        }
        let before = (1..=GAP).any(|d| i.checked_sub(d).is_some_and(upper));
        let after = (1..=GAP).any(|d| upper(i + d));
        if before && after {
            return true;
        }
        let prev = i.checked_sub(1).and_then(|p| para.get(p)).filter(|p| p.has_upper);
        let next = para.get(i + 1).filter(|n| n.has_upper);
        if prev.is_none() && next.is_none() {
            return false;
        }
        let attached = prev.is_some_and(|p| p.span().end == t.span().start) || next.is_some_and(|n| t.span().end == n.span().start);
        attached || text.as_bytes().get(t.span().start).is_some_and(u8::is_ascii_digit)
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < para.len() && !live(i) {
            i += 1;
        }
        let start = i;
        while i < para.len() && live(i) {
            i += 1;
        }
        (start < i).then_some(start..i)
    })
}

/// What surrounds stretch `s` of paragraph `para` (both relative to the chunk's tokens, `s`
/// to the paragraph's): the paragraph's start or an `O` before it, and an `O` after it
/// unless it ends the paragraph.
fn edges(para: &std::ops::Range<usize>, s: &std::ops::Range<usize>) -> model::Edges {
    model::Edges { before: if s.start == 0 { model::START } else { 0 }, o_after: s.end < para.len() }
}

/// Byte spans of well-formed BILOU runs, with a leading *the* trimmed.
pub(crate) fn spans_of_tags(doc: &Doc, tags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_pos(t) {
            Pos::U => out.push((i, i + 1, tag_type(t))),
            Pos::B => open = Some(i),
            Pos::L => {
                if let Some(s) = open.take() {
                    out.push((s, i + 1, tag_type(t)));
                }
            }
            Pos::I => {}
            Pos::O => open = None,
        }
    }
    out.into_iter()
        .map(|(mut s, e, ty)| {
            if e - s > 1 && doc.token_text(s).eq_ignore_ascii_case("the") {
                s += 1;
            }
            (doc.tokens[s].start, doc.tokens[e - 1].end, ty)
        })
        .collect()
}

/// NORP or EVENT for a MISC name, `None` for other MISC names (products, languages, works).
/// Events win when both apply (*Arab Spring summit*): any event word (`lexicons/event_words.txt`)
/// makes an event; a last word that is a demonym or group (`lexicons/demonyms.txt`, plural
/// *-s* too) or ends like one makes a NORP.
fn misc_label(text: &str) -> Option<Label> {
    let mut words = text.split(char::is_whitespace).filter(|w| !w.is_empty());
    if words.clone().any(|w| lexicon::EVENT_WORDS.contains(w)) || text.split(' ').count() > 1 && lexicon::EVENT_WORDS.contains(text) {
        return Some(Label::Event);
    }
    let last = words.next_back()?;
    let singular = last.strip_suffix('s').unwrap_or(last);
    if lexicon::DEMONYMS.contains(last) || lexicon::DEMONYMS.contains(singular) || looks_like_demonym(&last.to_lowercase()) {
        return Some(Label::Norp);
    }
    None
}

/// The end of a lowercase event word (*summit*, *talks*) right after byte `end`, if any.
fn event_word_after(doc: &Doc, end: usize) -> Option<usize> {
    let i = doc.token_at_or_after(end);
    let t = doc.tokens.get(i)?;
    let word = t.text(doc.text);
    let gap = doc.text.get(end..t.start)?;
    (gap.chars().all(|c| c == ' ') && word.starts_with(|c: char| c.is_lowercase()) && lexicon::EVENT_WORDS.contains(word)).then_some(t.end)
}

/// Demonym endings (*-ian*, *-ese*, *-ish*, *-an*, *-i*) for nationalities no list holds
/// (*Freedonian*); *-man* words (*Walkman*) are products more often than peoples.
fn looks_like_demonym(lower: &str) -> bool {
    let stem = lower.strip_suffix('s').unwrap_or(lower);
    stem.chars().count() > 3
        && !stem.ends_with("man")
        && ["ian", "ean", "ese", "ish", "an", "ch", "ni", "li", "ki"].iter().any(|s| stem.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misc_names_split_into_norp_and_event() {
        assert_eq!(misc_label("G-20 summit"), Some(Label::Event));
        assert_eq!(misc_label("World War Two"), Some(Label::Event));
        assert_eq!(misc_label("Olympics"), Some(Label::Event));
        assert_eq!(misc_label("Syrian"), Some(Label::Norp));
        assert_eq!(misc_label("Democrats"), Some(Label::Norp));
        assert_eq!(misc_label("Freedonians"), Some(Label::Norp));
        assert_eq!(misc_label("Walkman"), None);
        assert_eq!(misc_label("Windows"), None);
    }

    #[test]
    fn odd_input_gives_sliceable_sorted_entities() {
        let texts = ["", "   ", "A", "’s", "The", "Ünïcödé Ñame said.", "😀 Maria 😀 Lopez", "U.S. U.N. E.U.", "'''\"\"\"", "the the the The", "A-B-C-D-E-F-G"];
        for text in texts {
            let doc = Doc::new(text);
            let found = find(&doc);
            for (i, e) in found.iter().enumerate() {
                assert_eq!(e.id, format!("e{i}"));
                assert_eq!(text.get(e.start..e.end), Some(e.text.as_str()), "{text:?}");
            }
            assert!(found.windows(2).all(|w| w[0].end <= w[1].start), "{text:?}: {found:?}");
        }
    }

    #[test]
    fn stretches_hold_names_and_what_joins_them() {
        let stretches = |text: &str| {
            let doc = Doc::new(text);
            let infos = features::token_infos(&doc, 0..doc.paragraphs.len());
            let words: Vec<&str> = doc.tokens.iter().map(|t| t.text(text)).collect();
            name_stretches(&infos, text).map(|s| words[s].join(" ")).collect::<Vec<_>>()
        };
        assert_eq!(stretches("he said Bank of the West lost money ."), ["Bank of the West"]);
        assert_eq!(stretches("we saw new Boeing 747 jets and old ones"), ["Boeing 747"]);
        assert_eq!(stretches("she lives in Towson, Md. now and then"), ["Towson , Md ."]);
        assert_eq!(stretches("a rally (in Ohio) ended early here"), ["Ohio )"]);
        assert_eq!(stretches("no names at all here , none ."), Vec::<String>::new());
    }

    #[test]
    fn model_weights_parse() {
        assert!(MODEL.is_some(), "model/ner.bin is missing or malformed");
    }
}
