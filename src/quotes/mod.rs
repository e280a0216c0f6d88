//! Quotation detection: every quoted span of the article, marks included, with its kind.
//!
//! Per paragraph, the marks ([`marks`]) are paired:
//! - **Double marks** (`"` `“ ”` `„ “` `« »` `» «`) nest: an opening mark inside an open
//!   quotation opens a nested one, and the quotation ends when its depth falls back to zero
//!   (`"He said, "no," and left."` is one quotation). A closing mark with nothing open is
//!   a stray and is ignored; an ambiguous straight `"` closes when a quotation is open and
//!   opens otherwise.
//! - **Single marks** (`‘ ’`, `'`) make a quotation only where no double quotation is open
//!   (headlines: *wants ‘a better relationship’*); inside a double quotation they are
//!   nested quotes and stay part of it, and double quotations inside a single one are
//!   nested in it (*‘they shouted “never” at us’*). A single-quoted span needs two
//!   characters or more.
//! - **Paragraph ends:** no quotation runs past its paragraph. One still open at the end
//!   ends there when it goes on in the next paragraph (which opens with a mark of the same
//!   style, or whose first mark closes), and that next piece's `continues` names it.
//!   Otherwise its opening mark is a stray: it yields no quotation, and the complete
//!   quotations nested right inside it are reported instead.
//!
//! Then each piece gets its [`QuoteKind`](crate::annotation::QuoteKind) ([`kind`]).
//!
//! Time is linear in the text; nothing here panics, whatever the marks (indices come from
//! `char_indices` and every slice goes through `get`).

mod kind;
mod marks;

use crate::annotation::Quote;
#[cfg(test)]
use crate::annotation::QuoteKind;
use crate::text::Doc;
use marks::{Dir, Family, Mark};

/// Deeper nesting than this is not tracked (a run of opening marks stays one quotation).
const MAX_DEPTH: u32 = 8;

/// A quoted span found by the pairing, before it gets a kind and an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Byte span, opening mark to closing mark inclusive (or to the paragraph end).
    pub start: usize,
    pub end: usize,
    /// Byte lengths of the opening and closing marks (`close_len` 0 when left open).
    pub open_len: usize,
    pub close_len: usize,
    pub single: bool,
    /// Index of the previous piece of the same multi-paragraph quotation.
    pub continues: Option<usize>,
}

/// Quotes of the document in text order, ids `q0…`. `speaker`, `speaker_group` and `cue`
/// are left for [`crate::attribution`].
pub(crate) fn find(doc: &Doc) -> Vec<Quote> {
    let pieces = pieces(doc);
    let places = kind::piece_places(doc, &pieces);
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| Quote {
            id: quote_id(i),
            start: p.start,
            end: p.end,
            text: doc.text.get(p.start..p.end).unwrap_or_default().to_string(),
            kind: kind::classify(doc, &pieces, &places, i),
            speaker: None,
            speaker_group: None,
            cue: None,
            continues: p.continues.map(quote_id),
        })
        .collect()
}

/// `q0`, `q1`, ….
fn quote_id(index: usize) -> String {
    crate::annotation::numbered_id('q', index)
}

/// Every quoted piece of the document, in text order, linked across paragraphs.
fn pieces(doc: &Doc) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    // The piece left open at the end of the previous paragraph, if any.
    let mut open_piece: Option<usize> = None;
    let marks_of = |k: usize| doc.paragraphs.get(k).map(|p| marks::marks_in(doc.text, p.start, p.end)).unwrap_or_default();
    let mut next_marks = marks_of(0);
    for (k, para) in doc.paragraphs.iter().enumerate() {
        let marks = std::mem::replace(&mut next_marks, marks_of(k + 1));
        let next = doc.paragraphs.get(k + 1).map(|n| (n.start, next_marks.first()));
        let first = out.len();
        let left_open = pair_paragraph(doc.text, para.end, &marks, next, &mut out);
        if let (Some(prev), Some(piece)) = (open_piece.take(), out.get_mut(first)) {
            if piece.start == para.start && !piece.single {
                piece.continues = Some(prev);
            }
        }
        if left_open {
            open_piece = Some(out.len() - 1);
        }
    }
    out
}

/// Pairs the marks of one paragraph (ending at byte `end`), appending its pieces to `out`.
/// `next` is the start of the next paragraph and its first mark. Returns true when the last
/// piece was left open at the paragraph end to continue in the next paragraph.
///
/// A quotation still open at the end is kept (up to the paragraph end) only when it goes on
/// in the next paragraph: that paragraph starts with an opening mark of the same style (`"`
/// after `"`, `“` after `“`), or its first mark closes (a line break inside a quotation).
/// Otherwise the opening mark is taken for a stray, and the complete quotations nested right
/// inside it are reported instead (*"Then he shouted “stop” twice.*).
fn pair_paragraph(text: &str, end: usize, marks: &[Mark], next: Option<(usize, Option<&Mark>)>, out: &mut Vec<Piece>) -> bool {
    let mut depth = 0u32;
    let mut outer: Option<Mark> = None;
    // An open single quotation, and how many pieces `out` held when it opened: double
    // quotations that close inside it are nested in it (British style, *‘he shouted “no”’*).
    let mut single: Option<(Mark, usize)> = None;
    // Quotations closed at depth 1, directly inside the open outer one.
    let mut nested: Vec<(Mark, Mark)> = Vec::new();
    let mut nested_open: Option<Mark> = None;
    for &m in marks {
        match m.family {
            Family::Double => {
                let opens = match m.dir {
                    Dir::Open => true,
                    Dir::Close => false,
                    Dir::Either => depth == 0,
                };
                if opens {
                    match depth {
                        0 => {
                            outer = Some(m);
                            nested.clear();
                        }
                        1 => nested_open = Some(m),
                        _ => {}
                    }
                    depth = (depth + 1).min(MAX_DEPTH);
                } else if depth > 0 {
                    depth -= 1;
                    match (depth, outer, nested_open) {
                        (0, Some(o), _) => {
                            push(out, text, o.start, m.end, o.end - o.start, m.end - m.start, false);
                        }
                        (1, _, Some(n)) => {
                            nested.push((n, m));
                            nested_open = None;
                        }
                        _ => {}
                    }
                }
            }
            Family::Single if depth == 0 => match (m.dir, single) {
                (Dir::Open | Dir::Either, None) => single = Some((m, out.len())),
                (Dir::Close | Dir::Either, Some((o, first_inside))) => {
                    single = None;
                    let inside = out.split_off(first_inside.min(out.len()));
                    if !push(out, text, o.start, m.end, o.end - o.start, m.end - m.start, true) {
                        out.extend(inside);
                    }
                }
                _ => {}
            },
            Family::Single => {}
        }
    }
    match outer {
        Some(o) if depth > 0 && goes_on(text, o, next) => push(out, text, o.start, end, o.end - o.start, 0, false),
        Some(_) if depth > 0 => {
            for (o, c) in nested {
                push(out, text, o.start, c.end, o.end - o.start, c.end - c.start, false);
            }
            false
        }
        _ => false,
    }
}

/// True when the quotation opened by `open` goes on in the next paragraph, which starts at
/// byte `next.0` and whose first mark is `next.1`.
fn goes_on(text: &str, open: Mark, next: Option<(usize, Option<&Mark>)>) -> bool {
    let Some((next_start, Some(first))) = next else { return false };
    if first.family != Family::Double {
        return false;
    }
    if first.dir == Dir::Close {
        return true;
    }
    let style = |m: &Mark| match text.get(m.start..m.end) {
        Some("\"" | "＂") => 0,
        Some("«" | "»") => 1,
        _ => 2,
    };
    first.start == next_start && style(first) == style(&open)
}

/// Appends a piece unless it holds no text (`""`, a one-letter `'n'`). Returns whether
/// it was appended.
fn push(out: &mut Vec<Piece>, text: &str, start: usize, end: usize, open_len: usize, close_len: usize, single: bool) -> bool {
    let inner = text.get(start + open_len..end - close_len).unwrap_or("");
    // Two are enough to decide, whatever the length of the quotation.
    let letters = inner.chars().filter(|c| c.is_alphanumeric()).take(2).count();
    if letters == 0 || (single && letters < 2) {
        return false;
    }
    out.push(Piece { start, end, open_len, close_len, single, continues: None });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, QuoteKind, Option<String>)> {
        let doc = Doc::new(text);
        find(&doc).into_iter().map(|q| (q.text, q.kind, q.continues)).collect()
    }

    fn spans(text: &str) -> Vec<String> {
        quotes(text).into_iter().map(|q| q.0).collect()
    }

    #[test]
    fn split_around_attribution() {
        assert_eq!(spans(r#""We will win," she said, "and soon.""#), vec![r#""We will win,""#, r#""and soon.""#]);
    }

    #[test]
    fn nested_quotes_stay_inside() {
        let t = "“She told me, ‘Don’t go,’ and I went,” he said.";
        assert_eq!(spans(t), vec!["“She told me, ‘Don’t go,’ and I went,”"]);
        let t = r#""He shouted "stop" twice," she said."#;
        assert_eq!(spans(t), vec![r#""He shouted "stop" twice,""#]);
    }

    #[test]
    fn multi_paragraph_pieces_are_linked() {
        let t = "“First part of it.\n\n“Second part,” she said.\n\nNo quote here.";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "“First part of it.");
        assert_eq!(q[1].0, "“Second part,”");
        assert_eq!(q[1].2.as_deref(), Some("q0"));
    }

    #[test]
    fn a_stray_mark_stops_at_its_paragraph() {
        let t = "He said “this never ends.\n\nThe next paragraph is “fine” and plain.";
        assert_eq!(spans(t), vec!["“fine”"]);
        // The quotations inside a stray opening mark survive it.
        let t = "\"Then she called it “a mess” twice.\n\nNext.";
        assert_eq!(spans(t), vec!["“a mess”"]);
    }

    #[test]
    fn headline_single_quotes_not_apostrophes() {
        assert_eq!(spans("Mayor says port needs ‘a fresh start’"), vec!["‘a fresh start’"]);
        assert!(spans("You’re right about the ’90s and rock ’n’ roll, the Joneses’ dog said.").is_empty());
    }

    /// Random mixes of marks, letters, spaces, line breaks and multibyte characters: every
    /// piece is in order, disjoint, on char boundaries, inside one paragraph, starts with a
    /// mark, and links only to the piece right before it.
    #[test]
    fn invariants_hold_on_random_mark_soup() {
        const ALPHABET: &[&str] = &["\"", "“", "”", "‘", "’", "'", "«", "»", "„", "<a ", ">", "a", "é", "Word", " ", " ", "\n", "\n\n", ".", ",", "😀", "6'3\"", "''"];
        let mut random = crate::test_random::XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..(random.0 % 120) {
                let r = random.next();
                text.push_str(ALPHABET[(r % ALPHABET.len() as u64) as usize]);
            }
            let doc = Doc::new(&text);
            let found = find(&doc);
            let mut last_end = 0;
            for (i, q) in found.iter().enumerate() {
                assert_eq!(q.id, format!("q{i}"));
                assert!(q.start >= last_end && q.start < q.end, "{text:?}: {q:?}");
                assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
                assert_eq!(text[q.start..q.end], q.text);
                let para = doc.paragraph_of(q.start).map(|k| &doc.paragraphs[k]);
                assert!(para.is_some_and(|p| p.start <= q.start && q.end <= p.end), "{text:?}: {q:?}");
                assert!(q.text.starts_with(|c: char| marks::is_double_glyph(c) || "‘’'‚‛‹›".contains(c)));
                if let Some(prev) = &q.continues {
                    assert_eq!(Some(prev), i.checked_sub(1).map(|p| format!("q{p}")).as_ref());
                }
                last_end = q.end;
            }
        }
    }

    #[test]
    fn many_marks_linear_and_safe() {
        let t = "“".repeat(200_000) + &"\"".repeat(200_000) + &"'".repeat(1000) + "’‘";
        let _ = quotes(&t);
        for t in ["\"", "“", "”", "'", "‘x", "\"\"", "'a'", "«", "x\"y\"z", "\n\"\n\"\n"] {
            let _ = quotes(t);
        }
    }
}
