//! Tokens, sentences and paragraphs over the article as pasted (byte offsets).
//!
//! Tokens follow news-NER conventions (Penn Treebank-like): possessive `'s` and
//! contractions (`n't`, `'re`) are split off, hyphenated words (`al-Assad`, `G-20`) and
//! abbreviations (`U.S.`, `Mr.`, `Sept.`) stay whole, every other punctuation mark is its
//! own token. Nothing is rewritten: every token is a slice of the input.

use std::ops::Range;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter (may hold digits, hyphens, apostrophes, abbreviation periods).
    Word,
    /// Starts with a digit.
    Number,
    /// One punctuation mark or symbol (a run of the same mark for `...`, `--`).
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A sentence: a byte span and the tokens it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// A paragraph: a byte span (trimmed of surrounding whitespace) and its sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    pub start: usize,
    pub end: usize,
    pub sentences: Range<usize>,
    pub tokens: Range<usize>,
}

/// The article cut into tokens, sentences and paragraphs.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Para>,
}

/// Spare token capacity up to this size is kept rather than shrunk away (see [`Doc::new`]).
const KEEP_SPARE_BYTES: usize = 1 << 20;

impl<'t> Doc<'t> {
    pub fn new(text: &'t str) -> Doc<'t> {
        let para_spans = paragraph_spans(text);
        // News runs about one token per 5-6 bytes; reserving for one per 4 avoids the doubling
        // that would otherwise double peak memory on long articles.
        let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
        // About one sentence per 130 bytes of news; one per 256 covers most of them (the
        // rest grow once or twice) while costing an eighth of the text's size at most.
        let mut sentences = Vec::with_capacity(text.len() / 256 + 4);
        let mut paragraphs = Vec::with_capacity(para_spans.len());
        // The tokens of the current paragraph that may end a sentence.
        let mut sentence_ends = Vec::new();
        for (start, end) in para_spans {
            let first_token = tokens.len();
            sentence_ends.clear();
            tokenize_into(text, start, end, &mut tokens, &mut sentence_ends);
            let first_sentence = sentences.len();
            split_sentences(text, &tokens, first_token, &sentence_ends, &mut sentences);
            paragraphs.push(Para {
                start,
                end,
                sentences: first_sentence..sentences.len(),
                tokens: first_token..tokens.len(),
            });
        }
        // Long articles hand back what the estimate over-reserved (a fifth of the tokens'
        // memory, which the later stages would carry at their peak). Short ones keep it: the
        // allocator then reuses the block for the next article instead of mapping fresh pages.
        if (tokens.capacity() - tokens.len()) * std::mem::size_of::<Token>() > KEEP_SPARE_BYTES {
            tokens.shrink_to_fit();
            sentences.shrink_to_fit();
        }
        Doc { text, tokens, sentences, paragraphs }
    }

    pub fn token_text(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// The index of the first token that ends after `byte` (i.e. contains it or follows it).
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= byte)
    }

    /// [`Doc::token_at_or_after`] when the answer is likely near token `near`: a few steps
    /// instead of a search of the whole article, whose every step misses the cache on a
    /// long one. Exact for any `near`.
    pub(crate) fn token_at_or_after_near(&self, byte: usize, near: usize) -> usize {
        partition_point_near(&self.tokens, near, |t| t.end <= byte)
    }

    /// The paragraph holding byte offset `byte`, if any.
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < byte);
        (i < self.paragraphs.len() && self.paragraphs[i].start <= byte).then_some(i)
    }

    /// The sentence holding byte offset `byte`, if any.
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end < byte);
        (i < self.sentences.len() && self.sentences[i].start <= byte).then_some(i)
    }
}

/// `items.partition_point(pred)`, searched outward from index `near` (a few items read in
/// order, then doubling steps, then bisection): a short search when the answer is close to
/// `near`. `pred` must hold for a prefix of `items`, as for [`slice::partition_point`].
pub(crate) fn partition_point_near<T>(items: &[T], near: usize, pred: impl Fn(&T) -> bool) -> usize {
    /// Items read in order before jumping: on a long document every jump misses the cache,
    /// while reading on is nearly free, and callers mostly ask a little further on.
    const SCAN: usize = 48;
    let near = near.min(items.len());
    if items.get(near).is_some_and(&pred) {
        // The answer lies after `near`.
        let scanned = items.get(near + 1..).unwrap_or_default().iter().take(SCAN).take_while(|item| pred(item)).count();
        if scanned < SCAN {
            return near + 1 + scanned;
        }
        let near = near + SCAN;
        let rest = &items[near + 1..];
        let mut bound = 1;
        while bound < rest.len() && pred(&rest[bound - 1]) {
            bound *= 2;
        }
        near + 1 + rest[..bound.min(rest.len())].partition_point(pred)
    } else {
        // The answer is `near` or before it.
        let mut bound = 1;
        while bound <= near && !pred(&items[near - bound]) {
            bound *= 2;
        }
        let low = near.saturating_sub(bound);
        low + items[low..near].partition_point(pred)
    }
}

/// Byte length of the line break starting at `bytes[i]` (`\r\n` counts as one), 0 if none.
/// `bytes` is UTF-8, so a byte 0xC2 or 0xE2 starts a char.
fn line_break_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i..).unwrap_or(&[]) {
        [b'\r', b'\n', ..] => 2,
        [b'\n' | b'\r' | 0x0B | 0x0C, ..] => 1,
        [0xC2, 0x85, ..] => 2,                 // U+0085 next line
        [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,    // U+2028, U+2029
        _ => 0,
    }
}

/// Whether the bytes `b0 b1 b2` start a line break (see [`line_break_len`]); without
/// branches, so that a block of bytes is tested at once.
fn starts_line_break(b0: u8, b1: u8, b2: u8) -> bool {
    (b0.wrapping_sub(b'\n') < 4) // `\n`, 0x0B, 0x0C, `\r`
        | ((b0 == 0xC2) & (b1 == 0x85))
        | ((b0 == 0xE2) & (b1 == 0x80) & (b2 | 1 == 0xA9))
}

/// The first byte at or after `from` that starts a line break, or `bytes.len()`.
/// Blocks of 32 bytes are tested whole (no early exit, so the test vectorizes); in the
/// block that holds a break, a mask of the bytes that start one finds it.
fn next_line_break(bytes: &[u8], mut from: usize) -> usize {
    const BLOCK: usize = 32;
    // Each block plus the two bytes after it, which a break starting in it may span.
    while let Some(window) = bytes.get(from..from + BLOCK + 2) {
        let (next, after) = (window.get(1..).unwrap_or(&[]), window.get(2..).unwrap_or(&[]));
        let triples = window.iter().zip(next).zip(after);
        if triples.clone().fold(0u8, |any, ((&b0, &b1), &b2)| any | u8::from(starts_line_break(b0, b1, b2))) != 0 {
            let starts = triples.enumerate().fold(0u32, |mask, (k, ((&b0, &b1), &b2))| mask | u32::from(starts_line_break(b0, b1, b2)) << k);
            return from + starts.trailing_zeros() as usize;
        }
        from += BLOCK;
    }
    (from..bytes.len()).find(|&i| line_break_len(bytes, i) > 0).unwrap_or(bytes.len())
}

/// Paragraph spans, trimmed. Each non-blank line is a paragraph, unless the text is
/// hard-wrapped (blank lines between blocks, and most lines inside blocks stop mid-sentence),
/// in which case each blank-line block is one.
pub fn paragraph_spans(text: &str) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new(); // trimmed, empty ones kept as (x, x)
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let mut i = 0;
    loop {
        i = next_line_break(bytes, i);
        if i >= bytes.len() {
            break;
        }
        lines.push(trim_span(text, line_start, i));
        i += line_break_len(bytes, i).max(1);
        line_start = i;
    }
    lines.push(trim_span(text, line_start, text.len()));

    let blank = |l: &(usize, usize)| l.0 == l.1;
    let has_blank_separators = lines.iter().any(blank);
    let (mut inner_breaks, mut mid_sentence) = (0usize, 0usize);
    if has_blank_separators {
        for pair in lines.windows(2) {
            if !blank(&pair[0]) && !blank(&pair[1]) {
                inner_breaks += 1;
                let last = text[pair[0].0..pair[0].1].chars().next_back().unwrap_or('.');
                if !matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | '\'' | ')' | '»') {
                    mid_sentence += 1;
                }
            }
        }
    }
    let hard_wrapped = inner_breaks >= 3 && mid_sentence * 2 > inner_breaks;

    // The paragraphs, written over the lines they come from (never past the line being
    // read), so that no second list is allocated.
    let mut kept = 0;
    let mut block: Option<(usize, usize)> = None;
    for n in 0..lines.len() {
        let line = lines[n];
        if !hard_wrapped {
            if !blank(&line) {
                lines[kept] = line;
                kept += 1;
            }
        } else if blank(&line) {
            if let Some(b) = block.take() {
                lines[kept] = b;
                kept += 1;
            }
        } else {
            block = Some(match block {
                Some((s, _)) => (s, line.1),
                None => line,
            });
        }
    }
    if let Some(b) = block {
        lines[kept] = b;
        kept += 1;
    }
    lines.truncate(kept);
    lines
}

fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    // Most lines start and end with a visible ASCII char: nothing to trim.
    if s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.as_bytes().last().is_some_and(u8::is_ascii_graphic) {
        return (start, end);
    }
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        (start, start)
    } else {
        (start + lead, start + lead + trimmed.len())
    }
}

/// Letters, digits and combining marks: what words are made of.
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // General punctuation and currency signs (curly quotes, dashes, `…`, `€`), the
        // common non-ASCII chars of news, hold no letter or digit: skip the table lookups.
        // Only the joiners U+200C and U+200D count, as combining.
        0x2000..=0x206F | 0x20A0..=0x20CF => matches!(c, '\u{200C}' | '\u{200D}'),
        _ => c.is_alphanumeric() || is_combining(c),
    }
}

/// Combining marks and joiners stay attached to the letter before them.
fn is_combining(c: char) -> bool {
    !c.is_ascii() && matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200C | 0x200D)
}

/// Abbreviations that keep their period (lowercased, without the period), sorted.
/// (Initialisms such as `u.s`, `a.m` need no entry: [`is_abbreviation`] accepts them all.)
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "ave", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dept", "dr",
    "e.g", "etc", "feb", "fig", "fri", "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt",
    "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "no", "nov", "oct",
    "pres", "prof", "rep", "reps", "rev", "sat", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "sun",
    "supt", "thu", "thurs", "tue", "tues", "vs", "wed",
];

/// Titles after which a sentence never ends (`Mr. Smith`), sorted.
///
/// `no` and `vs` are left out on purpose: an unsorted earlier list never matched them, and
/// adding them would move sentence boundaries (`No. 10`), which is a behaviour change.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "gen", "gov", "hon", "lt", "maj", "messrs", "mr",
    "mrs", "ms", "mt", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt",
];

/// The length of the longest entry of [`ABBREVIATIONS`] and [`TITLE_ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// Up to eight bytes packed big-endian into a `u64`, zero-padded: packed words compare as
/// the words do, so a sorted word list packs into a sorted key list.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        key <<= 8;
        if i < word.len() {
            key |= word[i] as u64;
        }
        i += 1;
    }
    key
}

/// `list` packed with [`pack`] (every entry is at most eight bytes).
const fn pack_all<const N: usize>(list: &[&str]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        keys[i] = pack(list[i].as_bytes());
        i += 1;
    }
    keys
}

static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = pack_all(ABBREVIATIONS);
static TITLE_ABBREVIATION_KEYS: [u64; TITLE_ABBREVIATIONS.len()] = pack_all(TITLE_ABBREVIATIONS);

fn is_abbreviation(word: &str) -> bool {
    in_lowercase_list(&ABBREVIATION_KEYS, word)
        // Initialisms: U.S, D.C, N.Y — single letters joined by periods.
        || (word.len() >= 3 && word.split('.').all(|p| is_one_char(p) && p.chars().all(char::is_alphabetic)))
        // An initial: `George W. Bush`.
        || (is_one_char(word) && word.chars().all(char::is_uppercase))
}

/// Whether `s` is exactly one char; stops after two, however long `s` is (it runs on the
/// word before every period).
fn is_one_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// Whether `word`, ASCII-lowercased, is one of the packed `keys` (sorted): a few integer
/// comparisons, no allocation.
fn in_lowercase_list(keys: &[u64], word: &str) -> bool {
    // No entry is longer than `messrs`: longer words need no search.
    if word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    let mut buf = [0u8; 8];
    for (b, w) in buf.iter_mut().zip(word.bytes()) {
        *b = w.to_ascii_lowercase();
    }
    keys.binary_search(&pack(&buf)).is_ok()
}

/// True when the token is an abbreviation that cannot end a sentence (`Mr.`, `Dr.`, `W.`).
pub(crate) fn is_title_abbreviation(token: &str) -> bool {
    let Some(word) = token.strip_suffix('.') else { return false };
    in_lowercase_list(&TITLE_ABBREVIATION_KEYS, word) || (is_one_char(word) && word.chars().all(char::is_uppercase))
}

/// Length of the suffix split off a word at its last apostrophe: `Clinton|'s`, `do|n't`,
/// `you|'re`; 0 when there is none. Allocation-free: it runs on every word.
fn clitic_len(word: &str) -> usize {
    let Some((pos, apos)) = word.char_indices().rev().find(|&(_, c)| c == '\'' || c == '’') else {
        return 0;
    };
    let (before, after) = (&word[..pos], &word[pos + apos.len_utf8()..]);
    if after.eq_ignore_ascii_case("t") && before.len() > 1 && before.ends_with(['n', 'N']) {
        return word.len() - (pos - 1);
    }
    if !before.is_empty() && ["s", "re", "ve", "ll", "d", "m"].iter().any(|c| after.eq_ignore_ascii_case(c)) {
        return word.len() - pos;
    }
    0
}

/// Length of the run of ASCII letters and digits at `bytes[from..]`.
///
/// Eight bytes at a time ([`non_alphanumeric_bytes`]): a word of up to seven letters costs
/// one test, not a loop whose exit the CPU cannot predict.
fn ascii_alphanumeric_run(bytes: &[u8], from: usize) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(from + n..from + n + 8) {
        let stop = non_alphanumeric_bytes(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        if stop != 0 {
            return n + (stop.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes.get(from + n..).unwrap_or(&[]).iter().take_while(|b| b.is_ascii_alphanumeric()).count()
}

/// The high bit of each byte of `chunk` (eight bytes, little-endian) that is *not* an ASCII
/// letter or digit. Range tests per byte without carries: bytes are cut to 7 bits first,
/// and `x + (0x80 - lo)` sets the high bit exactly when `x >= lo`.
fn non_alphanumeric_bytes(chunk: u64) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * EACH;
    let ascii = !chunk & HIGH;
    let x = chunk & !HIGH;
    let at_least = |lo: u64| x.wrapping_add((0x80 - lo) * EACH);
    let digit = at_least(b'0' as u64) & !x.wrapping_add((0x7F - b'9' as u64) * EACH);
    let folded = x | (0x20 * EACH); // `A`-`Z` onto `a`-`z`
    let letter = folded.wrapping_add((0x80 - b'a' as u64) * EACH) & !folded.wrapping_add((0x7F - b'z' as u64) * EACH);
    !((digit | letter) & ascii) & HIGH
}

/// The char starting at byte `i` of `s` and its length; `None` at the end or off a char
/// boundary. ASCII, most of the text, is read without decoding.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
        Some(_) => s.get(i..).and_then(|rest| rest.chars().next()).map(|c| (c, c.len_utf8())),
        None => None,
    }
}

/// Whether `n`, right after a word of `kind`, joins it to what follows (`al-Assad`,
/// `don't`, `U.S`, `3.5`, `1,200`, `10:30`, `1/2`) when the char `m` gives comes next.
/// `m` is only called after a joiner (most words end at a space).
fn joins(kind: TokenKind, n: char, m: impl FnOnce() -> Option<char>) -> bool {
    let joiner = match n {
        '-' | '\u{2011}' | '.' => true,
        '\'' | '’' | 'ʼ' => kind == TokenKind::Word,
        ',' | ':' | '/' => kind == TokenKind::Number,
        _ => false,
    };
    joiner
        && m().is_some_and(|m| {
            if kind == TokenKind::Number && n != '-' && n != '.' {
                m.is_ascii_digit()
            } else {
                is_word_char(m)
            }
        })
}

/// Appends the tokens of `text[start..end]` to `out`, and to `sentence_ends` the index of
/// each that may end a sentence (see [`split_sentences`]).
///
/// One pass over the bytes: ASCII is classified byte by byte, other chars are decoded
/// where they occur.
fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>, sentence_ends: &mut Vec<usize>) {
    let Some(s) = text.get(start..end) else { return };
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some((c, c_len)) = char_at(s, i) {
        if c == ' ' || c.is_whitespace() || c == '\u{feff}' {
            i += c_len;
            continue;
        }
        let token_start = i;
        if is_word_char(c) && !is_combining(c) {
            let kind = if c.is_numeric() { TokenKind::Number } else { TokenKind::Word };
            let mut j = i + c_len;
            // What the joiners let in, so that most words skip the checks below.
            let (mut has_period, mut has_apostrophe) = (false, false);
            // Extend over word chars, and over inner joiners followed by a word char.
            loop {
                // ASCII letters and digits first: most of every word.
                j += ascii_alphanumeric_run(bytes, j);
                let Some((n, n_len)) = char_at(s, j) else { break };
                if is_word_char(n) {
                    j += n_len;
                } else if joins(kind, n, || char_at(s, j + n_len).map(|(m, _)| m)) {
                    has_period |= n == '.';
                    has_apostrophe |= n == '\'' || n == '’';
                    j += n_len;
                } else {
                    break;
                }
            }
            if kind == TokenKind::Word {
                // Periods inside words: keep for initialisms (U.S.) and numbers (3.5), else split.
                if let Some(word) = has_period.then(|| s.get(i..j)).flatten() {
                    let ok = word.split('.').all(|p| p.chars().count() <= 2) || is_abbreviation(word);
                    if !ok {
                        j = i + word.find('.').unwrap_or(word.len());
                    }
                }
                // Trailing period of an abbreviation (`Mr.`, `U.S.`, `Sept.`).
                if bytes.get(j) == Some(&b'.') && s.get(i..j).is_some_and(is_abbreviation) {
                    j += 1;
                }
            }
            let clitic = if has_apostrophe { s.get(i..j).map_or(0, clitic_len) } else { 0 };
            if clitic > 0 && j - clitic > i {
                // A clitic never ends in a period, nor does the word before it.
                out.push(Token { start: start + i, end: start + j - clitic, kind });
                out.push(Token { start: start + j - clitic, end: start + j, kind: TokenKind::Word });
            } else {
                // Words of two bytes or more that end in a period (`U.S.`).
                if kind == TokenKind::Word && j - i > 1 && bytes.get(j - 1) == Some(&b'.') {
                    sentence_ends.push(out.len());
                }
                out.push(Token { start: start + i, end: start + j, kind });
            }
            // The space after a word, skipped here rather than by a turn of the loop.
            i = j + usize::from(bytes.get(j) == Some(&b' '));
            continue;
        }
        // Punctuation: runs of the same mark (`...`, `--`, `!!`) stay together, and a
        // combining mark stays with whatever it follows.
        let mut j = i + c_len;
        if matches!(c, '.' | '-' | '!' | '?' | '*' | '=' | '_' | '~') {
            // All ASCII: one byte each.
            while bytes.get(j) == Some(&(c as u8)) {
                j += 1;
            }
        }
        // Combining marks are U+0300 or above: lead byte 0xCC or more.
        while bytes.get(j).is_some_and(|&b| b >= 0xCC) {
            match char_at(s, j) {
                Some((n, n_len)) if is_combining(n) => j += n_len,
                _ => break,
            }
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            sentence_ends.push(out.len());
        }
        out.push(Token { start: start + token_start, end: start + j, kind: TokenKind::Punct });
        i = j;
    }
}

fn is_closing_punct(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

/// Appends the sentences of the paragraph whose tokens start at `first` to `out`.
/// `candidates` are the tokens that may end one, in order: runs of `.`, `!`, `?` and `…`
/// always do, when a new sentence follows (after closing quotes and brackets); a word
/// ending in a period (`U.S.`) does when it holds two periods or more, is no title
/// (`Mr.`), and a new sentence follows it directly.
fn split_sentences(text: &str, tokens: &[Token], first: usize, candidates: &[usize], out: &mut Vec<Sentence>) {
    let mut begin = first;
    for &i in candidates {
        let Some(token) = tokens.get(i).filter(|_| i >= begin) else { continue };
        let ends = match token.kind {
            TokenKind::Word => text.get(token.start..token.end).is_some_and(|t| {
                !is_title_abbreviation(t) && next_starts_sentence(text, tokens, i + 1) && t.split('.').count() > 2
            }),
            _ => true,
        };
        if ends {
            let mut j = i + 1;
            while j < tokens.len() && is_closing_punct(tokens[j].text(text)) {
                j += 1;
            }
            let next_ok = j >= tokens.len() || next_starts_sentence(text, tokens, j);
            // A closing quote right after `.`: only a boundary when a new sentence follows.
            if next_ok {
                out.push(Sentence { start: tokens[begin].start, end: tokens[j - 1].end, tokens: begin..j });
                begin = j;
            }
        }
    }
    if begin < tokens.len() {
        out.push(Sentence { start: tokens[begin].start, end: tokens[tokens.len() - 1].end, tokens: begin..tokens.len() });
    }
}

fn next_starts_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
    let Some(t) = tokens.get(j) else { return true };
    let Some(c) = t.text(text).chars().next() else { return true };
    c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_point_near_agrees_with_the_slice_method() {
        let items: Vec<usize> = (0..40).map(|k| k * 3).collect();
        for near in 0..45 {
            for x in 0..125 {
                assert_eq!(partition_point_near(&items, near, |&v| v < x), items.partition_point(|&v| v < x), "near {near}, x {x}");
            }
        }
        assert_eq!(partition_point_near(&[] as &[usize], 3, |&v| v < 1), 0);
        // Far answers: past the in-order reading, the doubling steps take over.
        let many: Vec<usize> = (0..1000).collect();
        for near in [0, 10, 47, 48, 49, 500, 999, 1000, 2000] {
            for x in [0, 1, 48, 49, 50, 97, 98, 99, 300, 998, 999, 1000, 5000] {
                assert_eq!(partition_point_near(&many, near, |&v| v < x), many.partition_point(|&v| v < x), "near {near}, x {x}");
            }
        }
    }

    fn toks(text: &str) -> Vec<&str> {
        let doc = Doc::new(text);
        doc.tokens.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_clitics_keeps_abbreviations() {
        assert_eq!(toks("Clinton's U.S. plan isn't Mr. Lavrov’s."), vec!["Clinton", "'s", "U.S.", "plan", "is", "n't", "Mr.", "Lavrov", "’s", "."]);
        assert_eq!(toks("al-Assad met G-20 leaders at 10:30 for $1,200.50 (45%)."), vec!["al-Assad", "met", "G-20", "leaders", "at", "10:30", "for", "$", "1,200.50", "(", "45", "%", ")", "."]);
    }

    #[test]
    fn sentences_and_paragraphs() {
        let text = "Mr. Smith went to Washington. He said \"Yes.\" Then left!\n\nA new paragraph.\nAnother one";
        let doc = Doc::new(text);
        let sents: Vec<&str> = doc.sentences.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(sents, vec!["Mr. Smith went to Washington.", "He said \"Yes.\"", "Then left!", "A new paragraph.", "Another one"]);
        let paras: Vec<&str> = doc.paragraphs.iter().map(|p| &text[p.start..p.end]).collect();
        assert_eq!(paras, vec!["Mr. Smith went to Washington. He said \"Yes.\" Then left!", "A new paragraph.", "Another one"]);
    }

    #[test]
    fn hard_wrapped_text_keeps_blocks() {
        let text = "The minister said the plan would\nchange how the city buys\nits water and power.\n\nCritics were not\nconvinced by the\nnumbers.";
        let paras = paragraph_spans(text);
        assert_eq!(paras.len(), 2);
    }

    #[test]
    fn line_breaks_are_found_where_they_start() {
        let breaks = ["\n", "\r\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{2028}", "\u{2029}"];
        let near_misses = ["\u{2027}", "\u{202a}", "\u{a0}", "é", "\t", " "];
        for (n, mark) in breaks.iter().chain(&near_misses).enumerate() {
            for at in 0..80 {
                let text = format!("{}{mark}{}", "x".repeat(at), "y".repeat(n % 3 * 20));
                let bytes = text.as_bytes();
                let naive = (0..bytes.len()).find(|&i| line_break_len(bytes, i) > 0).unwrap_or(bytes.len());
                for from in [0, at / 2, at] {
                    let expected = if naive >= from { naive } else { bytes.len() };
                    assert_eq!(next_line_break(bytes, from), expected, "{mark:?} at {at} from {from}");
                }
            }
        }
    }

    #[test]
    fn alphanumeric_runs_match_the_byte_test() {
        // Every byte value in every lane, next to letters and digits on both sides.
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut chunk = *b"aZ09mQ7x";
                chunk[lane] = b;
                let expected = chunk.iter().position(|c| !c.is_ascii_alphanumeric()).map_or(0, |k| 0x80u64 << (8 * k));
                let found = non_alphanumeric_bytes(u64::from_le_bytes(chunk));
                assert_eq!(found.trailing_zeros(), expected.trailing_zeros(), "byte {b:#x} in lane {lane}");
            }
        }
        for text in ["", "a", "abc def", "abcdefgh", "abcdefghij-k", "Straße", "x\u{80}", "1234567890123456789!"] {
            let expected = text.bytes().take_while(u8::is_ascii_alphanumeric).count();
            assert_eq!(ascii_alphanumeric_run(text.as_bytes(), 0), expected, "{text:?}");
        }
    }

    #[test]
    fn word_chars_fast_path_matches_unicode() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_combining(c), "{c:?}");
        }
    }

    #[test]
    fn abbreviation_lists_are_sorted_and_short() {
        for list in [ABBREVIATIONS, TITLE_ABBREVIATIONS] {
            assert!(list.windows(2).all(|p| p[0] < p[1]), "{list:?}");
            assert!(list.iter().all(|w| w.len() <= LONGEST_ABBREVIATION && *w == w.to_ascii_lowercase()));
        }
        assert!(is_abbreviation("Sept") && is_abbreviation("U.S") && is_abbreviation("W") && !is_abbreviation("Smith"));
        assert!(is_title_abbreviation("Mr.") && is_title_abbreviation("SEN.") && !is_title_abbreviation("Mr"));
        assert!(!is_title_abbreviation("Messrs.x") && !is_title_abbreviation("No."));
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "   ", "\r\n\r\n", "é́́", "😀😀", "'''", "a.b.c.d.", "-", "\u{200d}", "1,", "x'"] {
            let doc = Doc::new(text);
            for t in &doc.tokens {
                assert!(t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
        }
    }
}
