//! Telling speech (`direct`, `partial`) from `scare` quotes: terms, titles and nicknames
//! that nobody is quoted as saying.
//!
//! Rules, in order (the first that fires wins):
//! 1. a piece of a multi-paragraph quotation is speech (`direct`, or `partial` for a first
//!    piece that starts in lowercase);
//! 2. the second half of a quotation split around its attribution (*"We will win," she
//!    said, "and soon."*) is `direct`;
//! 3. *so-called "…"* is `scare`;
//! 4. a nickname between two capitalized words (*Robert "Bobby" Scott*) is `scare`;
//! 5. a Title Case span of at most eight words is `scare` next to a title word (*CBS's
//!    "Face the Nation"*, *the documentary "…"*, *"…" show*) unless a reporting verb sits
//!    right before it (*chanted "Lock Her Up"*), and also, from two words on, in a sentence
//!    without any reporting word (*the "Harbor Lights Festival"*) unless it ends a sentence;
//! 6. a span of at most three words, in a sentence without any reporting word, is `scare`,
//!    unless it ends in `!` or `?` or is a sentence of its own (*“Not again.”*);
//! 7. otherwise it is speech: `direct` when it starts with a capital at the start of a
//!    sentence or clause (after punctuation or a reporting verb) or is a full sentence of
//!    more than three words, else `partial` (*called the talks "very good"*).
//!
//! The thresholds were tuned on the PolNeAR training split, where a quote counts as speech
//! when it lies inside an annotated attribution; most quoted spans in political news are.

use super::Piece;
use crate::annotation::QuoteKind;
use crate::text::{partition_point_near, Doc, TokenKind};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Reporting verbs and nouns (*said*, *according*, *tweeted*, *denounced*…), lowercase,
/// sorted. Derived from the PolNeAR training split: words that make up at least a quarter
/// of their occurrences in annotated attribution cues (5 or more times); generic adverbs,
/// adjectives and verbs that are not about saying (*listed*, *released*, *signed*) removed;
/// the other forms of the common speech verbs added.
static CUE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| include_str!("cue_words.txt").lines().collect());

/// [`CUE_WORDS`] as [`word_key`]s in an open-addressing hash table (0 = empty slot; no key
/// is 0): a lookup is a multiplication and a probe or two, run on every word near a quote.
static CUE_TABLE: LazyLock<Vec<u128>> = LazyLock::new(|| {
    let mut table = vec![0u128; CUE_TABLE_SLOTS];
    for key in CUE_WORDS.iter().filter_map(|w| word_key(w.bytes())) {
        let mut slot = cue_slot(key);
        while table[slot] != 0 && table[slot] != key {
            slot = (slot + 1) % CUE_TABLE_SLOTS;
        }
        table[slot] = key;
    }
    table
});

/// The length of the shortest of [`CUE_WORDS`] (`ask`, `say`…).
const SHORTEST_CUE_WORD: usize = 3;

/// A power of two, at least twice the number of cue words (the table stays sparse).
const CUE_TABLE_SLOTS: usize = 1024;

fn cue_slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % CUE_TABLE_SLOTS
}

fn is_cue_key(key: u128) -> bool {
    let start = cue_slot(key);
    for k in 0..CUE_TABLE_SLOTS {
        match CUE_TABLE.get((start + k) % CUE_TABLE_SLOTS) {
            Some(&found) if found == key => return true,
            Some(&0) | None => return false,
            Some(_) => {}
        }
    }
    false
}

/// A word of up to 15 bytes packed into one integer: the bytes, then the length, so two
/// words have the same key exactly when they are equal, and no key is 0. `None` for the
/// empty word and longer ones (no cue word is that long).
fn word_key(bytes: impl ExactSizeIterator<Item = u8>) -> Option<u128> {
    let len = bytes.len();
    if len == 0 || len > 15 {
        return None;
    }
    let packed = bytes.fold(0u128, |key, b| key << 8 | u128::from(b));
    Some(packed << (8 * (16 - len)) | len as u128)
}

/// Words before a quoted title: the possessive of a network or paper, or the kind of work.
const TITLE_BEFORE: &[&str] = &[
    "'s", "album", "anthem", "article", "book", "broadcast", "column", "documentary", "entitled", "episode", "essay", "film",
    "headline", "headlined", "magazine", "memoir", "movie", "musical", "newspaper", "novel", "on", "op-ed", "play",
    "podcast", "program", "programme", "series", "show", "sitcom", "song", "titled", "’s",
];

/// Words after a quoted title (*"Meet the Press" host*).
const TITLE_AFTER: &[&str] = &[
    "album", "anchor", "book", "broadcast", "column", "documentary", "episode", "film", "finale", "host", "hosts",
    "movie", "pageant", "podcast", "premiere", "program", "programme", "reboot", "remake", "segment", "sequel",
    "series", "show", "song", "star", "trailer",
];

/// Words that, followed by *of*, *on*, *in* or *with*, announce a title (*author of "…"*,
/// *an interview with "Fox News Sunday"*).
const TITLE_OWNERS: &[&str] = &[
    "appearance", "author", "co-author", "creator", "edition", "interview", "interviews", "roles", "season", "writer",
];

/// Words that stay lowercase in a title (*Face the Nation*, *Game of Thrones*).
const TITLE_MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "the", "to", "vs", "with",
];

/// Spans of at most this many words need a reporting verb in their sentence to be speech.
const SHORT_WORDS: usize = 3;
/// How far (in tokens) before and after a quote its sentence is searched for a cue.
const CONTEXT_TOKENS: usize = 60;
/// Longest title (in words) the title rule considers.
const TITLE_MAX_WORDS: usize = 8;

fn is_cue_word(lower: &str) -> bool {
    word_key(lower.bytes()).is_some_and(is_cue_key)
}

/// What the words inside the marks look like.
struct Inside {
    words: usize,
    starts_upper: bool,
    title_case: bool,
    /// The last character before the closing mark (`.`, `!`, `?`, `,`, a letter…).
    last: Option<char>,
}

/// What the tokens from index `from` up to byte `end` look like (`start` is the byte
/// where `from` was looked up).
fn inside(doc: &Doc, from: usize, start: usize, end: usize) -> Inside {
    let (mut words, mut title_case, mut first) = (0, true, None);
    for t in doc.tokens.get(from..).unwrap_or(&[]) {
        if t.end > end {
            break;
        }
        let text = t.text(doc.text);
        let Some(c) = text.chars().next() else { continue };
        if t.kind == TokenKind::Punct || !c.is_alphanumeric() {
            continue;
        }
        words += 1;
        if first.is_none() {
            first = Some(c);
            title_case &= !c.is_lowercase();
        } else if title_case && c.is_lowercase() && !TITLE_MINOR_WORDS.contains(&text) {
            title_case = false;
        }
    }
    let last = doc.text.get(start..end).and_then(|s| s.trim_end().chars().next_back());
    Inside { words, starts_upper: first.is_some_and(char::is_uppercase), title_case: title_case && words > 0, last }
}

/// The sentence tokens around a piece, skipping the tokens of the other quotes.
struct Around {
    /// Token index range of the sentence(s) the piece sits in.
    sentence: std::ops::Range<usize>,
    /// Token index of the opening mark and one past the closing mark.
    open: usize,
    after: usize,
}

fn around(doc: &Doc, place: PiecePlace) -> Around {
    let PiecePlace { open, after, .. } = place;
    let first = place.first_sentence.and_then(|s| doc.sentences.get(s)).map_or(open, |s| s.tokens.start);
    let last = place.last_sentence.and_then(|s| doc.sentences.get(s)).map_or(after, |s| s.tokens.end);
    // Bounded, so that a sentence with thousands of quotes stays linear.
    let first = first.min(open).max(open.saturating_sub(CONTEXT_TOKENS));
    let last = last.max(after).min(after.saturating_add(CONTEXT_TOKENS));
    Around { sentence: first..last, open, after }
}

/// Where a piece sits among the tokens and sentences: the first token ending after its
/// start, after its opening mark and after its end; the sentences holding its first and
/// last byte.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PiecePlace {
    open: usize,
    inner: usize,
    after: usize,
    first_sentence: Option<usize>,
    last_sentence: Option<usize>,
}

/// The [`PiecePlace`] of every piece. Pieces are disjoint and in text order, so each lookup
/// starts from the one before, near where the answer lies ([`partition_point_near`]).
pub(crate) fn piece_places(doc: &Doc, pieces: &[Piece]) -> Vec<PiecePlace> {
    let (mut token, mut sentence) = (0, 0);
    let mut token_at_or_after = |byte: usize| {
        token = partition_point_near(&doc.tokens, token, |t| t.end <= byte);
        token
    };
    // As `Doc::sentence_of`.
    let mut sentence_of = |byte: usize| {
        sentence = partition_point_near(&doc.sentences, sentence, |s| s.end < byte);
        doc.sentences.get(sentence).filter(|s| s.start <= byte).map(|_| sentence)
    };
    pieces
        .iter()
        .map(|p| PiecePlace {
            open: token_at_or_after(p.start),
            inner: token_at_or_after(p.start + p.open_len),
            after: token_at_or_after(p.end),
            first_sentence: sentence_of(p.start),
            last_sentence: sentence_of(p.end.saturating_sub(1)),
        })
        .collect()
}

/// True when byte `pos` (near `pieces[me]`) lies inside a piece other than `pieces[me]`.
fn in_other_piece(pieces: &[Piece], me: usize, pos: usize) -> bool {
    let i = partition_point_near(pieces, me, |p| p.start <= pos);
    i > 0 && i - 1 != me && pieces[i - 1].end > pos
}

/// True when token `t` is a reporting word (any case).
fn is_cue_token(doc: &Doc, t: usize) -> bool {
    let Some(text) = doc.tokens.get(t).map(|t| t.text(doc.text)) else { return false };
    if text.len() > 24 || !text.starts_with(char::is_alphabetic) {
        return false;
    }
    if text.len() < SHORTEST_CUE_WORD && text.is_ascii() {
        // `a`, `of`, `the`…: no reporting word is that short.
        return false;
    }
    if text.is_ascii() {
        // Lowercased on the fly: no allocation for the common case.
        return word_key(text.bytes().map(|b| b.to_ascii_lowercase())).is_some_and(is_cue_key);
    }
    if text.chars().any(char::is_uppercase) {
        is_cue_word(&text.to_lowercase())
    } else {
        is_cue_word(text)
    }
}

/// Token `i` lowercased; borrowed when it is ASCII without capitals (most words).
fn lower<'t>(doc: &Doc<'t>, i: usize) -> Option<Cow<'t, str>> {
    let text = doc.tokens.get(i).and_then(|t| doc.text.get(t.start..t.end))?;
    let unchanged = text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    Some(if unchanged { Cow::Borrowed(text) } else { Cow::Owned(text.to_lowercase()) })
}

fn is_capitalized_word(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word && t.text(doc.text).starts_with(char::is_uppercase))
}

/// The kind of `pieces[me]`.
/// `places` holds the [`piece_places`] of `pieces`.
pub(crate) fn classify(doc: &Doc, pieces: &[Piece], places: &[PiecePlace], me: usize) -> QuoteKind {
    let (Some(piece), Some(&place)) = (pieces.get(me), places.get(me)) else { return QuoteKind::Direct };
    if piece.continues.is_some() {
        return QuoteKind::Direct;
    }
    let inner = inside(doc, place.inner, piece.start + piece.open_len, piece.end - piece.close_len);
    if pieces.get(me + 1).is_some_and(|next| next.continues == Some(me)) {
        // The first piece of a multi-paragraph quotation: a long statement by nature.
        return if inner.starts_upper { QuoteKind::Direct } else { QuoteKind::Partial };
    }
    let ctx = around(doc, place);
    let prev = ctx.open.checked_sub(1).filter(|&p| p >= ctx.sentence.start);
    let prev_word = prev.and_then(|p| lower(doc, p));
    let next_word = (ctx.after < ctx.sentence.end).then(|| lower(doc, ctx.after)).flatten();
    // The sentence around the quote, without the words of other quotes.
    // (Cue words are rare: test that first, then whether another quote holds the token.)
    let visible_cue = |t: usize| is_cue_token(doc, t) && !in_other_piece(pieces, me, doc.tokens[t].start);
    let back = |k: usize| ctx.open.checked_sub(k).filter(|&t| t >= ctx.sentence.start);
    let (last, last2, last3) = (back(1), back(2), back(3));
    let cue_at = |t: Option<usize>| t.is_some_and(|t| is_cue_token(doc, t));
    let text_at = |t: Option<usize>| t.and_then(|t| doc.tokens.get(t)).map(|t| t.text(doc.text));
    let cue_in_sentence =
        (ctx.sentence.start..ctx.open).any(visible_cue) || (ctx.after..ctx.sentence.end).any(visible_cue) || text_at(last) == Some(":");
    // A reporting verb right before the quote, possibly followed by `,` or `:`.
    let cue_adjacent = cue_at(last) || (matches!(text_at(last), Some("," | ":")) && cue_at(last2));

    // The second half of a split quotation resumes a few tokens after the first one.
    let second_half = cue_adjacent
        && me.checked_sub(1).and_then(|p| pieces.get(p).zip(places.get(p))).is_some_and(|(p, p_place)| {
            let resumes = p_place.after;
            p.close_len > 0 && resumes >= ctx.sentence.start && ctx.open.saturating_sub(resumes) <= 6
        });
    if second_half {
        return QuoteKind::Direct;
    }
    let so_called = text_at(last).is_some_and(|w| w.eq_ignore_ascii_case("so-called"))
        || (text_at(last3).is_some_and(|w| w.eq_ignore_ascii_case("so"))
            && text_at(last2) == Some("-")
            && text_at(last).is_some_and(|w| w.eq_ignore_ascii_case("called")));
    if so_called {
        return QuoteKind::Scare;
    }
    let nickname = inner.words <= 2
        && inner.title_case
        && prev.is_some_and(|p| is_capitalized_word(doc, p))
        && ctx.after < ctx.sentence.end
        && is_capitalized_word(doc, ctx.after);
    if nickname {
        return QuoteKind::Scare;
    }
    // *CBS's "…"*, *episode of "…"*, *"…" show*, *"…" radio program*.
    let word_at = |t: Option<usize>| t.filter(|&t| t >= ctx.sentence.start && t < ctx.sentence.end).and_then(|t| lower(doc, t));
    let prev2_word = word_at(prev.and_then(|p| p.checked_sub(1)));
    let next2_word = word_at(Some(ctx.after + 1));
    let title_context = prev_word.as_deref().is_some_and(|w| TITLE_BEFORE.contains(&w))
        || (matches!(prev_word.as_deref(), Some("of" | "on" | "in" | "with"))
            && prev2_word.as_deref().is_some_and(|w| [TITLE_BEFORE, TITLE_AFTER, TITLE_OWNERS].iter().any(|l| l.contains(&w))))
        || [&next_word, &next2_word].iter().any(|w| w.as_deref().is_some_and(|w| TITLE_AFTER.contains(&w)));
    // A name of two words or more in a sentence that reports nothing: a title or an event.
    let bare_title = inner.title_case && inner.words >= 2 && !cue_in_sentence && !matches!(inner.last, Some('.' | '!' | '?'));
    if inner.title_case && inner.words <= TITLE_MAX_WORDS && (title_context && !cue_adjacent || bare_title) {
        return QuoteKind::Scare;
    }
    // After the sentence start, punctuation or a symbol (`:`, `,`, a dash, an emoji), or a
    // reporting verb.
    let opens_clause = match (prev, prev_word.as_deref()) {
        (Some(p), Some(w)) => doc.tokens[p].kind == TokenKind::Punct || is_cue_word(w),
        _ => true,
    };
    let ends_sentence = matches!(inner.last, Some('.' | '!' | '?' | '…'));
    // A sentence of its own (*“Neither do I.”*) is speech however short.
    let own_sentence = inner.starts_upper && ends_sentence && opens_clause;
    let exclaims = matches!(inner.last, Some('!' | '?'));
    if inner.words <= SHORT_WORDS && !cue_in_sentence && !exclaims && !own_sentence {
        return QuoteKind::Scare;
    }
    if inner.starts_upper && (opens_clause || ends_sentence && inner.words > SHORT_WORDS) {
        QuoteKind::Direct
    } else {
        QuoteKind::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_are_sorted_unique_trimmed_lowercase() {
        for pair in CUE_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?} not sorted or duplicated");
        }
        for w in CUE_WORDS.iter() {
            assert!(!w.is_empty() && w.trim() == *w && w.to_lowercase() == *w, "{w:?}");
        }
        assert!(is_cue_word("said") && is_cue_word("according") && !is_cue_word("the"));
        // Every word is found in the hash table, and the table has room to spare.
        assert!(CUE_WORDS.iter().all(|w| is_cue_word(w)) && CUE_WORDS.len() * 2 <= CUE_TABLE_SLOTS);
        assert_eq!(CUE_WORDS.iter().map(|w| w.len()).min(), Some(SHORTEST_CUE_WORD));
        assert!(!is_cue_word("") && !is_cue_word("saidsaidsaidsaidsaid") && !is_cue_word("sai"));
    }

    #[test]
    fn word_lists_are_sorted() {
        for list in [TITLE_BEFORE, TITLE_AFTER, TITLE_OWNERS, TITLE_MINOR_WORDS] {
            assert!(list.windows(2).all(|p| p[0] < p[1]), "{list:?}");
        }
    }
}
