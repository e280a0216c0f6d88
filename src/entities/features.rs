//! Feature extraction for the entity tagger: every feature is a 64-bit hash of a template
//! id and some token property, folded into a fixed table of weight rows (the hashing
//! trick), so the model needs no feature dictionary and extraction allocates nothing per
//! token.
//!
//! Per token, a handful of hashes (form, lowercase form, shapes, affixes, document facts)
//! are computed once; each feature is then one multiply-xor mix of a template id with those.

use crate::text::{Doc, TokenKind};
use std::ops::Range;

/// FNV-1a over bytes: cheap, and good enough before the final [`mix`].
#[inline]
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Combines a template id with a property hash; the result is well spread in all bits.
#[inline]
pub(crate) fn mix(template: u64, value: u64) -> u64 {
    let mut h = value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of "no token here" (before the first / after the last token of a sentence).
const PAD: u64 = 0x5bd1_e995_0000_0001;

/// What the extractor knows about one token.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokenInfo {
    pub(crate) form: u64,
    lower: u64,
    short_shape: u64,
    /// The token's bytes in the document text, for its [`OwnHashes`] when needed.
    start: u32,
    len: u32,
    /// Starts with an uppercase letter.
    pub(crate) capitalized: bool,
    /// Has an uppercase letter anywhere (*eBay*, *al-Qaeda*'s *Q*).
    pub(crate) has_upper: bool,
    /// First token of its sentence (after any opening quotes or brackets).
    sentence_initial: bool,
    /// First token of its sentence (punctuation included).
    starts_sentence: bool,
    /// Document facts about this word form (see [`doc_facts`]).
    doc: u8,
    /// Gazetteer membership bits (see [`super::gazetteer`]).
    pub(crate) gaz: u16,
    /// First-pass prediction facts for the second pass (see `set_history`).
    history: u16,
    /// This token's own first-pass tag.
    own_tag: u8,
    /// Index of the lowercase form in the document's form table (see [`doc_facts`]), so
    /// later per-form tallies need no hashing.
    form_slot: u32,
}

impl TokenInfo {
    /// Byte offsets of the token in the document text.
    pub(crate) fn span(&self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }

    /// The token as the model sees it (see [`normalized`]), from the document text.
    pub(crate) fn word<'t>(&self, text: &'t str) -> &'t str {
        let start = self.start as usize;
        normalized(text.get(start..start + self.len as usize).unwrap_or(""))
    }
}

/// Hashes of a word form's shape and affixes: only its own features use them, and those
/// are mostly cached per form (see `model::OwnSums`), so they are computed on demand.
#[derive(Clone, Copy, Default)]
pub(crate) struct OwnHashes {
    shape: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
}

/// Document facts, one bit each.
const DOC_SEEN_LOWERCASE: u8 = 1;
const DOC_SEEN_CAPITALIZED_INSIDE: u8 = 2;
const DOC_SEEN_IN_CAPITALIZED_RUN_FIRST: u8 = 4;
const DOC_SEEN_IN_CAPITALIZED_RUN_LAST: u8 = 8;
const DOC_ALL_CAPS_LINE: u8 = 16;
const DOC_SEEN_ALONE: u8 = 32;

/// Maps a char to its shape class.
#[inline]
fn shape_class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else if c.is_alphabetic() {
        b'a'
    } else if c.is_ascii() {
        c as u8
    } else {
        b'*'
    }
}

/// Lowercases `word` into `buf` (cleared first), without allocating once `buf` has grown.
fn lowercase_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The tokens of paragraphs `paras` of `doc`.
pub(crate) fn token_range(doc: &Doc, paras: &Range<usize>) -> Range<usize> {
    match (doc.paragraphs.get(paras.start), paras.end.checked_sub(1).and_then(|l| doc.paragraphs.get(l))) {
        (Some(first), Some(last)) if paras.start < paras.end => first.tokens.start..last.tokens.end,
        _ => 0..0,
    }
}

/// Typographic quotes and apostrophes read as the ASCII ones of the training data.
pub(crate) fn normalized(raw: &str) -> &str {
    match raw {
        "“" | "”" | "„" | "«" | "»" | "``" | "''" => "\"",
        "‘" | "’" | "‚" | "‹" | "›" => "'",
        "’s" => "'s",
        "’S" => "'S",
        "n’t" => "n't",
        w => w,
    }
}

/// Token infos for the tokens of paragraphs `paras` of `doc` (index 0 is the first token of
/// the first paragraph): per-token hashes and facts about the word forms across them.
pub(crate) fn token_infos(doc: &Doc, paras: Range<usize>) -> Vec<TokenInfo> {
    let text = doc.text;
    let tokens = token_range(doc, &paras);
    let base = tokens.start;
    let mut infos = vec![TokenInfo::default(); tokens.len()];
    let mut lower = String::new();
    for (i, t) in doc.tokens[tokens].iter().enumerate() {
        let info = &mut infos[i];
        let raw = text.as_bytes().get(t.start..t.end).unwrap_or_default();
        // Most tokens are ASCII words: hash them straight from the bytes (same hashes as
        // the general path, which `ascii_fast_path_matches_general` checks). `normalized`
        // changes no ASCII token but the doubled quote marks.
        if raw == b"``" || raw == b"''" || !ascii_info(raw, info) {
            let word = normalized(t.text(text));
            if !ascii_info(word.as_bytes(), info) {
                general_info(word, &mut lower, info);
            }
        }
        // Texts over 4 GB are cut into smaller chunks by the callers long before.
        info.start = u32::try_from(t.start).unwrap_or(u32::MAX);
        info.len = u32::try_from(t.end - t.start).unwrap_or(0);
    }
    sentence_and_doc_facts(doc, paras, base, &mut infos);
    infos
}

/// FNV-1a basis and prime, for hashes built a byte at a time.
const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// Per-token hashes and case of `word` (any text); `lower` is a reused buffer.
fn general_info(word: &str, lower: &mut String, info: &mut TokenInfo) {
    info.form = fnv(word.as_bytes());
    lowercase_into(word, lower);
    info.lower = fnv(lower.as_bytes());
    info.short_shape = shapes(word.chars().map(shape_class)).1;
    info.capitalized = word.chars().next().is_some_and(char::is_uppercase);
    info.has_upper = word.chars().any(char::is_uppercase);
}

/// The long shape (one class per char, runs capped at 4) and the short one (runs collapsed).
#[inline]
fn shapes(classes: impl Iterator<Item = u8>) -> (u64, u64) {
    let (mut long, mut short) = (BASIS, BASIS);
    let (mut last, mut run) = (0u8, 0usize);
    for k in classes {
        if k == last {
            run += 1;
        } else {
            run = 1;
            short = (short ^ k as u64).wrapping_mul(PRIME);
        }
        if run <= 4 {
            long = (long ^ k as u64).wrapping_mul(PRIME);
        }
        last = k;
    }
    (long, short)
}

/// [`shape_class`] of an ASCII byte.
#[inline]
fn ascii_class(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => b'X',
        b'a'..=b'z' => b'x',
        b'0'..=b'9' => b'd',
        _ => c,
    }
}

/// [`general_info`] for an ASCII word: chars are bytes, so no char decoding and no buffer.
/// Returns false, having set nothing, when `word` is not ASCII after all (one pass finds out).
#[inline]
fn ascii_info(word: &[u8], info: &mut TokenInfo) -> bool {
    // Most words are lowercase letters only: their lowercase form is the form, and their
    // short shape is one run of `x`.
    const LOWERCASE_WORD_SHAPE: u64 = (BASIS ^ b'x' as u64).wrapping_mul(PRIME);
    let mut form = BASIS;
    let (mut has_upper, mut all_lowercase, mut ascii) = (false, !word.is_empty(), true);
    for &c in word {
        form = (form ^ c as u64).wrapping_mul(PRIME);
        has_upper |= c.is_ascii_uppercase();
        all_lowercase &= c.is_ascii_lowercase();
        ascii &= c.is_ascii();
    }
    if !ascii {
        return false;
    }
    info.form = form;
    info.lower = if has_upper { word.iter().fold(BASIS, |h, &c| (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(PRIME)) } else { form };
    info.short_shape = if all_lowercase { LOWERCASE_WORD_SHAPE } else { shapes(word.iter().map(|&c| ascii_class(c))).1 };
    info.capitalized = word.first().is_some_and(u8::is_ascii_uppercase);
    info.has_upper = has_upper;
    true
}

/// The shape and affix hashes of `word` (as [`TokenInfo::word`] gives it).
pub(crate) fn own_hashes(word: &str) -> OwnHashes {
    if word.is_ascii() {
        ascii_own_hashes(word.as_bytes())
    } else {
        general_own_hashes(word)
    }
}

/// [`own_hashes`] of any word, over its chars.
fn general_own_hashes(word: &str) -> OwnHashes {
    let mut own = OwnHashes { shape: shapes(word.chars().map(shape_class)).0, ..OwnHashes::default() };
    let mut lower = String::new();
    lowercase_into(word, &mut lower);
    let lb = lower.as_bytes();
    // Affixes over chars of the lowercase form (byte slices on char boundaries).
    // ends[k] = byte end of the first k+1 chars, when more chars follow.
    let mut ends = [0usize; 4];
    for (k, (pos, _)) in lower.char_indices().enumerate().skip(1).take(4) {
        ends[k - 1] = pos;
    }
    for p in 0..3 {
        // Prefixes of 2, 3, 4 chars, only when the word is longer than the prefix.
        let len = p + 2;
        own.prefix[p] = match ends.get(len - 1) {
            Some(&e) if e > 0 && e < lb.len() => fnv(&lb[..e]),
            _ => PAD,
        };
    }
    let mut starts = [usize::MAX; 4];
    for (k, (pos, _)) in lower.char_indices().rev().take(4).enumerate() {
        starts[k] = pos;
    }
    for (s, (&start, suffix)) in starts.iter().zip(own.suffix.iter_mut()).enumerate() {
        // Suffixes of 1 to 4 chars; longer than one only when the word is longer.
        *suffix = match start {
            p if p != usize::MAX && (p > 0 || s == 0) => fnv(&lb[p..]),
            _ => PAD,
        };
    }
    own
}

/// [`own_hashes`] for an ASCII word: affix boundaries are byte counts.
fn ascii_own_hashes(word: &[u8]) -> OwnHashes {
    let mut own = OwnHashes { shape: shapes(word.iter().map(|&c| ascii_class(c))).0, prefix: [PAD; 3], suffix: [PAD; 4] };
    let len = word.len();
    let mut lower = BASIS;
    for (k, &c) in word.iter().enumerate() {
        // Prefixes of 2, 3, 4 chars (only when the word is longer) are FNV states of `lower`.
        if (2..=4).contains(&k) {
            own.prefix[k - 2] = lower;
        }
        lower = (lower ^ c.to_ascii_lowercase() as u64).wrapping_mul(PRIME);
    }
    // Suffixes of 1 to 4 chars; longer than one only when the word is longer.
    for (s, suffix) in own.suffix.iter_mut().enumerate() {
        if len > s + 1 || (s == 0 && len == 1) {
            *suffix = word[len - s - 1..].iter().fold(BASIS, |h, &c| (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(PRIME));
        }
    }
    own
}

/// Finishes [`token_infos`]: sentence facts and document facts.
fn sentence_and_doc_facts(doc: &Doc, paras: Range<usize>, base: usize, infos: &mut [TokenInfo]) {
    // Sentence-initial tokens: the first one that is not an opening quote or bracket.
    for p in &doc.paragraphs[paras.clone()] {
        for s in &doc.sentences[p.sentences.clone()] {
            if let Some(info) = infos.get_mut(s.tokens.start - base) {
                info.starts_sentence = true;
            }
            for i in s.tokens.clone() {
                if doc.tokens[i].kind == TokenKind::Punct {
                    continue;
                }
                infos[i - base].sentence_initial = true;
                break;
            }
        }
    }
    doc_facts(doc, paras, base, infos);
}

/// Facts about each word form across the document, so the tagger sees that *Fischler*
/// was written after *Franz* elsewhere, or that *Apple* also occurs lowercase.
/// `infos[0]` is token `base`. Only capitalized tokens and words of all-caps lines get
/// facts: the features read them for no other token.
fn doc_facts(doc: &Doc, paras: Range<usize>, base: usize, infos: &mut [TokenInfo]) {
    let text = doc.text;
    let paragraphs = &doc.paragraphs[paras];
    // All caps: at least 4 letters, all uppercase (stop at the first that is not).
    let all_caps: Vec<bool> = paragraphs
        .iter()
        .map(|p| {
            let mut letters = text[p.start..p.end].chars().filter(|c| c.is_alphabetic());
            letters.clone().take(4).count() == 4 && letters.all(char::is_uppercase)
        })
        .collect();
    // Small open-addressing table of the forms that get facts, keyed by lowercase hash (no
    // String keys); lowercase occurrences are looked up in it afterwards.
    let keyed = |(p, &caps): (&crate::text::Para, &bool)| {
        doc.tokens[p.tokens.clone()].iter().zip(&infos[p.tokens.start - base..p.tokens.end - base]).filter(|(t, i)| i.capitalized || caps && t.kind == TokenKind::Word).count()
    };
    let forms: usize = paragraphs.iter().zip(&all_caps).map(keyed).sum();
    let cap = (forms * 2).next_power_of_two().max(16);
    let mut keys = vec![0u64; cap];
    let mut facts = vec![0u8; cap];
    let mut lowercase = Vec::new();
    for (p, &all_caps) in paragraphs.iter().zip(&all_caps) {
        let toks = p.tokens.clone();
        for i in toks.clone() {
            let t = &doc.tokens[i];
            if t.kind != TokenKind::Word {
                continue;
            }
            let info = infos[i - base];
            if !info.capitalized && !all_caps {
                lowercase.push(info.lower);
                continue;
            }
            // At most `forms` keys go in, so the table stays at most half full.
            let s = probe_slot(&mut keys, info.lower);
            infos[i - base].form_slot = s as u32;
            if all_caps {
                infos[i - base].doc |= DOC_ALL_CAPS_LINE;
                continue;
            }
            if !info.sentence_initial {
                facts[s] |= DOC_SEEN_CAPITALIZED_INSIDE;
            }
            let cap_at = |j: usize| toks.contains(&j) && doc.tokens[j].kind == TokenKind::Word && infos[j - base].capitalized;
            let before = i > 0 && cap_at(i - 1) && !info.sentence_initial;
            let after = cap_at(i + 1);
            if after && !before {
                facts[s] |= DOC_SEEN_IN_CAPITALIZED_RUN_FIRST;
            }
            if before && !after {
                facts[s] |= DOC_SEEN_IN_CAPITALIZED_RUN_LAST;
            }
            if !before && !after && !info.sentence_initial {
                facts[s] |= DOC_SEEN_ALONE;
            }
        }
    }
    for h in lowercase {
        if let Some(s) = find_slot(&keys, h) {
            facts[s] |= DOC_SEEN_LOWERCASE;
        }
    }
    // Keyed words know their slot; other capitalized tokens (rare symbols) look theirs up.
    for (info, t) in infos.iter_mut().zip(&doc.tokens[base..]) {
        let word = t.kind == TokenKind::Word;
        if word && (info.capitalized || info.doc & DOC_ALL_CAPS_LINE != 0) {
            info.doc |= facts[info.form_slot as usize];
        } else if !word && info.capitalized {
            info.form_slot = probe_slot(&mut keys, info.lower) as u32;
            info.doc |= facts[info.form_slot as usize];
        }
    }
}

/// Key `h` as stored (made odd: zero marks a free slot) and the slot its probe starts at,
/// taken from well-mixed high bits (the low bits of odd keys would use half the slots).
fn start_slot(h: u64, mask: usize) -> (u64, usize) {
    let h = h | 1;
    (h, (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask)
}

/// The slot holding key `h` in a table [`probe_slot`] fills, if it is there.
fn find_slot(keys: &[u64], h: u64) -> Option<usize> {
    let mask = keys.len() - 1;
    let (h, mut i) = start_slot(h, mask);
    loop {
        match keys[i] {
            0 => return None,
            k if k == h => return Some(i),
            _ => i = (i + 1) & mask,
        }
    }
}

/// The slot of key `h` in an open-addressing table of hashes whose length is a power of
/// two and at least twice the number of keys (so a free slot always exists); claims a free
/// slot for a new key. Zero marks a free slot, so keys are made odd.
fn probe_slot(keys: &mut [u64], h: u64) -> usize {
    let mask = keys.len() - 1;
    let (h, mut i) = start_slot(h, mask);
    loop {
        if keys[i] == h || keys[i] == 0 {
            keys[i] = h;
            return i;
        }
        i = (i + 1) & mask;
    }
}

/// [`set_history_of`] over every token (training tags whole sentences).
#[cfg(feature = "train")]
pub(crate) fn set_history(infos: &mut [TokenInfo], first_pass_tags: &[u8]) {
    set_history_of(infos, first_pass_tags, std::iter::once(0..infos.len()));
}

/// First-pass facts for the second pass: the entity type (1..=4, 0 none) most often given
/// to this word form elsewhere in the document, and whether it began or ended an entity;
/// set for the tokens in the ranges `scored` (indices into `infos`), which must hold every
/// capitalized token; the others keep no history and tag `O`.
pub(crate) fn set_history_of<R: Iterator<Item = Range<usize>> + Clone>(infos: &mut [TokenInfo], first_pass_tags: &[u8], scored: R) {
    let capitalized: Vec<usize> = scored.clone().flatten().filter(|&i| infos.get(i).is_some_and(|t| t.capitalized)).collect();
    // Tallies per form, indexed by the form slots `doc_facts` gave out (fewer than twice
    // the tokens, see `probe_slot`).
    let slots = capitalized.iter().map(|&i| infos[i].form_slot as usize + 1).max().unwrap_or(0);
    let mut counts = vec![[0u16; 5]; slots];
    for &i in &capitalized {
        let ty = super::model::tag_type(first_pass_tags.get(i).copied().unwrap_or(0));
        let c = &mut counts[infos[i].form_slot as usize][ty as usize];
        *c = c.saturating_add(1);
    }
    for i in scored.flatten() {
        let (Some(info), Some(&tag)) = (infos.get_mut(i), first_pass_tags.get(i)) else { continue };
        info.own_tag = tag;
        if !info.capitalized {
            info.history = 0;
            continue;
        }
        let c = counts[info.form_slot as usize];
        let best = (1..5).max_by_key(|&k| (c[k], std::cmp::Reverse(k))).unwrap_or(0);
        info.history = if c[best] > 0 { best as u16 | if c[0] > 0 { 8 } else { 0 } } else { 0 };
    }
}

/// Most second-pass features a token can have.
pub(crate) const MAX_HISTORY_FEATURES: usize = 6;

/// The second pass's features of token `i`: the document history of its word form
/// (see [`set_history_of`]) crossed with its shape, its own first-pass tag and its
/// neighbours' history. Only capitalized tokens have any.
#[inline]
pub(crate) fn extract_history(seq: &[TokenInfo], i: usize, out: &mut [u64; MAX_HISTORY_FEATURES]) -> usize {
    let t = &seq[i];
    if !t.capitalized {
        return 0;
    }
    let prev = if i > 0 && !t.starts_sentence { seq[i - 1].history as u64 } else { 0xff };
    let next = seq.get(i + 1).filter(|n| !n.starts_sentence).map_or(0xff, |n| n.history as u64);
    let h = t.history as u64;
    out[0] = mix(tpl::HISTORY, h);
    out[1] = mix(tpl::HISTORY_SHAPE, h << 48 ^ t.short_shape);
    out[2] = mix(tpl::HISTORY_OWN, h << 8 | t.own_tag as u64);
    out[3] = mix(tpl::HISTORY_PREV, h << 8 | prev);
    out[4] = mix(tpl::HISTORY_NEXT, h << 8 | next);
    out[5] = mix(tpl::HISTORY_INITIAL, h << 8 | (t.sentence_initial as u64) << 4 | (t.doc as u64) << 16);
    6
}

/// Feature template ids (distinct constants mixed into each hash).
mod tpl {
    pub const BIAS: u64 = 1;
    pub const FORM: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SHORT_SHAPE: u64 = 5;
    pub const PREFIX: u64 = 6; // +0..3
    pub const SUFFIX: u64 = 10; // +0..4
    pub const PREV_LOWER: u64 = 20;
    pub const NEXT_LOWER: u64 = 21;
    pub const PREV2_LOWER: u64 = 22;
    pub const NEXT2_LOWER: u64 = 23;
    pub const PREV_SHAPE: u64 = 24;
    pub const NEXT_SHAPE: u64 = 25;
    pub const SHAPE_TRIGRAM: u64 = 26;
    pub const BIGRAM_PREV: u64 = 27;
    pub const BIGRAM_NEXT: u64 = 28;
    pub const INITIAL_SHAPE: u64 = 29;
    pub const DOC: u64 = 30;
    pub const DOC_SHAPE: u64 = 31;
    pub const ALL_CAPS_LOWER: u64 = 32;
    pub const GAZ: u64 = 33;
    pub const GAZ_PREV: u64 = 34;
    pub const GAZ_NEXT: u64 = 35;
    pub const HISTORY: u64 = 36;
    pub const HISTORY_SHAPE: u64 = 37;
    pub const PREV_FORM_SHAPE: u64 = 38;
    pub const NEXT_FORM_SHAPE: u64 = 39;
    pub const GAZ_SHAPE: u64 = 40;
    pub const HISTORY_OWN: u64 = 41;
    pub const HISTORY_PREV: u64 = 42;
    pub const HISTORY_NEXT: u64 = 43;
    pub const HISTORY_INITIAL: u64 = 44;
}

/// Most features a token can have (the buffer size callers need).
pub(crate) const MAX_FEATURES: usize = 40;

/// The neighbours of token `i` that its features see: previous, next, second previous,
/// second next. Context stops at sentence boundaries, as in the one-sentence-per-line
/// training data.
#[inline]
pub(crate) fn neighbours(seq: &[TokenInfo], i: usize) -> [Option<&TokenInfo>; 4] {
    let t = &seq[i];
    let prev = if i > 0 && !t.starts_sentence { Some(&seq[i - 1]) } else { None };
    let prev2 = if i > 1 && prev.is_some_and(|p| !p.starts_sentence) { Some(&seq[i - 2]) } else { None };
    let next = seq.get(i + 1).filter(|n| !n.starts_sentence);
    let next2 = if next.is_some() { seq.get(i + 2).filter(|n| !n.starts_sentence) } else { None };
    [prev, next, prev2, next2]
}

/// Writes the feature hashes of token `i` of the sequence `seq` (a sentence's infos) into
/// `out` and returns how many there are: its own features (`own` are its hashes), then its
/// context's.
#[cfg(any(test, feature = "train"))]
#[inline]
pub(crate) fn extract(seq: &[TokenInfo], own: &OwnHashes, i: usize, out: &mut [u64; MAX_FEATURES]) -> usize {
    let n = extract_own(&seq[i], own, out);
    extract_context(seq, i, out, n)
}

/// Features of the word form alone (form, case, shape, affixes), the same wherever the form
/// occurs, so their weight sum can be cached per form; into `out[..n]`, returning `n`.
#[inline]
pub(crate) fn extract_own(t: &TokenInfo, own: &OwnHashes, out: &mut [u64; MAX_FEATURES]) -> usize {
    let mut n = 0;
    let mut push = |h: u64| {
        out[n] = h;
        n += 1;
    };
    push(mix(tpl::BIAS, 0));
    push(mix(tpl::FORM, t.form));
    push(mix(tpl::LOWER, t.lower));
    push(mix(tpl::SHAPE, own.shape));
    push(mix(tpl::SHORT_SHAPE, t.short_shape));
    for (k, &p) in own.prefix.iter().enumerate() {
        if p != PAD {
            push(mix(tpl::PREFIX + k as u64, p));
        }
    }
    for (k, &s) in own.suffix.iter().enumerate() {
        if s != PAD {
            push(mix(tpl::SUFFIX + k as u64, s));
        }
    }
    n
}

/// Features of token `i` that depend on its neighbours, the document and the name lists,
/// written into `out` from index `n` on; returns the new count.
#[inline]
pub(crate) fn extract_context(seq: &[TokenInfo], i: usize, out: &mut [u64; MAX_FEATURES], mut n: usize) -> usize {
    let t = &seq[i];
    let [prev, next, prev2, next2] = neighbours(seq, i);
    let lower = |x: Option<&TokenInfo>| x.map_or(PAD, |x| x.lower);
    let sshape = |x: Option<&TokenInfo>| x.map_or(PAD, |x| x.short_shape);
    let mut push = |h: u64| {
        out[n] = h;
        n += 1;
    };
    push(mix(tpl::PREV_LOWER, lower(prev)));
    push(mix(tpl::NEXT_LOWER, lower(next)));
    push(mix(tpl::PREV2_LOWER, lower(prev2)));
    push(mix(tpl::NEXT2_LOWER, lower(next2)));
    push(mix(tpl::PREV_SHAPE, sshape(prev)));
    push(mix(tpl::NEXT_SHAPE, sshape(next)));
    push(mix(tpl::SHAPE_TRIGRAM, sshape(prev).rotate_left(7) ^ t.short_shape.rotate_left(19) ^ sshape(next)));
    push(mix(tpl::BIGRAM_PREV, lower(prev).rotate_left(11) ^ t.lower));
    push(mix(tpl::BIGRAM_NEXT, t.lower.rotate_left(13) ^ lower(next)));
    push(mix(tpl::PREV_FORM_SHAPE, prev.map_or(PAD, |p| p.form).rotate_left(5) ^ t.short_shape));
    push(mix(tpl::NEXT_FORM_SHAPE, next.map_or(PAD, |p| p.form).rotate_left(5) ^ t.short_shape));
    push(mix(tpl::INITIAL_SHAPE, (t.sentence_initial as u64).rotate_left(3) ^ t.short_shape));
    if t.capitalized || t.doc & DOC_ALL_CAPS_LINE != 0 {
        push(mix(tpl::DOC, t.doc as u64));
        push(mix(tpl::DOC_SHAPE, (t.doc as u64) << 40 ^ t.short_shape ^ (t.sentence_initial as u64) << 50));
    }
    if t.doc & DOC_ALL_CAPS_LINE != 0 {
        push(mix(tpl::ALL_CAPS_LOWER, t.lower));
    }
    if t.gaz != 0 {
        push(mix(tpl::GAZ, t.gaz as u64));
        push(mix(tpl::GAZ_SHAPE, (t.gaz as u64) << 32 ^ t.short_shape));
    }
    if let Some(p) = prev.filter(|p| p.gaz != 0) {
        push(mix(tpl::GAZ_PREV, p.gaz as u64));
    }
    if let Some(x) = next.filter(|x| x.gaz != 0) {
        push(mix(tpl::GAZ_NEXT, x.gaz as u64));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_features(text: &str) -> Vec<Vec<u64>> {
        let doc = Doc::new(text);
        let infos = token_infos(&doc, 0..doc.paragraphs.len());
        let mut out = [0u64; MAX_FEATURES];
        (0..infos.len())
            .map(|i| {
                let n = extract(&infos, &own_hashes(infos[i].word(text)), i, &mut out);
                out[..n].to_vec()
            })
            .collect()
    }

    #[test]
    fn typographic_quotes_look_like_ascii_ones() {
        assert_eq!(all_features("“We won,” Ann’s aide said."), all_features("\"We won,\" Ann's aide said."));
    }

    #[test]
    fn ascii_fast_path_matches_general() {
        let words = ["a", "I", "ab", "abc", "abcd", "abcde", "McDonald's", "U.S.", "1,234.5", "COVID-19", "aaaaaaB", "--", "n't", "'s", "\"", "x1Y2"];
        let mut buf = String::new();
        for w in words {
            let (mut fast, mut slow) = (TokenInfo::default(), TokenInfo::default());
            assert!(ascii_info(w.as_bytes(), &mut fast));
            general_info(w, &mut buf, &mut slow);
            let key = |t: &TokenInfo| (t.form, t.lower, t.short_shape, t.capitalized, t.has_upper);
            assert_eq!(key(&fast), key(&slow), "{w}");
            let own = |o: OwnHashes| (o.shape, o.prefix, o.suffix);
            assert_eq!(own(ascii_own_hashes(w.as_bytes())), own(general_own_hashes(w)), "{w}");
        }
        assert!(!ascii_info("Zürich".as_bytes(), &mut TokenInfo::default()));
    }

    #[test]
    fn words_of_all_caps_lines_get_document_facts() {
        // *'S* in the headline is a word without a capital letter first; it still learns
        // that its form is seen lowercase elsewhere, as the training data had it.
        let text = "LOCAL BANK'S CHIEF QUITS\n\nThe bank's chief quit.";
        let doc = Doc::new(text);
        let infos = token_infos(&doc, 0..doc.paragraphs.len());
        let clitic = doc.tokens.iter().position(|t| t.text(text) == "'S").unwrap();
        assert!(!infos[clitic].capitalized);
        assert_eq!(infos[clitic].doc, DOC_ALL_CAPS_LINE | DOC_SEEN_LOWERCASE);
        let bank = doc.tokens.iter().position(|t| t.text(text) == "BANK").unwrap();
        assert_eq!(infos[bank].doc & DOC_SEEN_LOWERCASE, DOC_SEEN_LOWERCASE);
    }

    #[test]
    fn context_stops_at_sentence_boundaries() {
        // "Smith" starts a sentence: its features must not depend on the previous sentence.
        let a = all_features("It rained. Smith left.");
        let b = all_features("We cheered loudly. Smith left.");
        assert_eq!(a[3..], b[4..]);
    }
}
