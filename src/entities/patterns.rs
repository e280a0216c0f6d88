//! DATE, TIME, MONEY and PERCENT expressions, found by a hand-written scanner over tokens.
//!
//! Spans follow the OntoNotes conventions that spaCy users know:
//! - approximators are inside the span: *about $5 million*, *more than six years*;
//! - *the* is inside for periods named with it: *the past six years*, *the 1990s*,
//!   *the weekend*, *the end of the year*, *the summer of 2016*; a bare preposition never
//!   is (*on Wednesday* → *Wednesday*);
//! - relative dates keep their modifier: *last month*, *earlier this year*, *six years ago*;
//! - a part of day after a day is TIME: *Sunday morning*, *last night*, *10:30 a.m. ET*;
//! - durations are DATE when counted in days or longer (*six years*, *45-year-old*) and
//!   TIME in hours or shorter (*two hours*);
//! - ranges stay one span: *May 3-4*, *10-15%*, *between $30,000 and $40,000*,
//!   *$5 million to $10 million*.
//!
//! Guards against the common false friends: the months *May*, *March*, *April*, *June*
//! and *August* stand alone only after a preposition (*in May*), never as a modal verb or
//! a name; abbreviated months need a number; weekdays and months must be capitalized; a
//! bare four-digit number is a year only from 1900 to 2099 (earlier years need *in*,
//! *since*, …); a currency sign needs an amount.
//!
//! Time is linear: each token starts at most one match attempt, and every matcher looks a
//! bounded number of tokens ahead. Matches never cross a paragraph and never overlap; at a
//! given token the first matcher that succeeds wins, and scanning resumes after it.

use crate::annotation::Label;
use crate::text::{Doc, Token, TokenKind};
use std::sync::LazyLock;

/// DATE/TIME/MONEY/PERCENT spans as `(start byte, end byte, label)`, in text order.
pub(crate) fn find(doc: &Doc) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let openings = Openings::get();
    let bytes = doc.text.as_bytes();
    for para in &doc.paragraphs {
        let Some(toks) = doc.tokens.get(para.tokens.clone()) else { continue };
        let scan = Scan { text: doc.text, toks };
        let mut i = 0;
        while i < toks.len() {
            if !openings.may_open(bytes, toks, i) {
                i += 1;
                continue;
            }
            match scan.at(i) {
                Some(hit) if hit.end > i => {
                    out.push((toks[i].start, toks[hit.end - 1].end, hit.label));
                    i = hit.end;
                }
                _ => i += 1,
            }
        }
    }
    out
}

/// Adds pattern spans to `names` (both sorted by start, each non-overlapping). On overlap
/// the tagger's names win (*Theresa May*, *Sunday Times*, *2016 Olympics*), except a name
/// lying strictly inside a pattern span, which is a tagging slip (*ET* in *10:30 a.m. ET*).
/// `names` stays sorted and non-overlapping.
pub(crate) fn merge(names: &mut Vec<(usize, usize, Label)>, found: Vec<(usize, usize, Label)>) {
    if found.is_empty() {
        return;
    }
    let mut merged = Vec::with_capacity(names.len() + found.len());
    let mut next_name = 0;
    for span in found {
        while next_name < names.len() && names[next_name].1 <= span.0 {
            merged.push(names[next_name]);
            next_name += 1;
        }
        let overlapping = names[next_name..].iter().take_while(|n| n.0 < span.1).count();
        let inside = |n: &(usize, usize, Label)| span.0 <= n.0 && n.1 <= span.1 && n.1 - n.0 < span.1 - span.0;
        if names[next_name..next_name + overlapping].iter().all(inside) {
            next_name += overlapping;
            merged.push(span);
        }
    }
    merged.extend_from_slice(&names[next_name..]);
    *names = merged;
}

/// Words that can open a match (the first word of every matcher and prefix).
const OPENING_WORDS: [&[&str]; 12] = [
    &MONTHS,
    &MONTH_ABBREVIATIONS,
    &WEEKDAYS,
    &NUMBER_WORDS,
    &PLURAL_SCALES,
    &DOLLAR_PREFIXES,
    &CURRENCY_CODES,
    &APPROXIMATORS,
    &["more", "less", "fewer", "at", "up", "as", "upwards", "between", "early", "late", "mid", "earlier", "later", "the"],
    &["last", "next", "this", "past", "coming", "previous", "today", "yesterday", "tomorrow", "tonight", "noon"],
    &["midnight", "midday", "recent", "several", "many", "a", "an"],
    &SEASONS,
];

/// The words after *the* that [`Scan::after_the`] looks at (besides hyphenated words such as
/// *mid-1990s*, *twenty-first*, and tokens that are no word: *1990s*, *21st*, *’90s*).
const FOLLOW_THE: [&str; 28] = [
    "past", "last", "next", "first", "previous", "coming", "following", "end", "beginning", "start", "middle", "rest", "summer",
    "spring", "fall", "autumn", "winter", "second", "third", "fourth", "fifth", "eighteenth", "nineteenth", "twentieth", "early",
    "late", "mid", "weekend",
];

/// The words after *a* or *an* that can make them open a match (*a few weeks*, *a million*,
/// *an hour ago*), besides tokens that are no word (*A$5*).
const FOLLOW_ARTICLE: [&[&str]; 4] = [&["few"], &SCALES, &DATE_UNITS, &TIME_UNITS];

/// The words after an amount that [`Scan::counted`] looks at (besides `%`): currencies,
/// percent words, units of time, *a.m.*, *o'clock*.
const FOLLOW_AMOUNT: [&[&str]; 7] = [
    &CURRENCY_WORDS,
    &DOLLAR_NATIONS,
    &["pound", "pounds", "percent", "pct", "per", "percentage", "o'clock"],
    &CURRENCY_CODES,
    &DATE_UNITS,
    &TIME_UNITS,
    &["a.m.", "p.m.", "a.m", "p.m", "am", "pm"],
];

/// Bits of a [`WordTable`] entry: what the word is to the scanner.
const OPENS: u16 = 1;
const IS_THE: u16 = 2;
const IS_ARTICLE: u16 = 4;
const AFTER_THE: u16 = 8;
const AFTER_ARTICLE: u16 = 16;
const AFTER_AMOUNT: u16 = 32;
const NUMBER_WORD: u16 = 64;
/// Words that open a MONEY span with the currency first (*US$5*, *USD 5*).
const MONEY_FIRST: u16 = 128;

/// Slots in [`WordTable`] (a power of two, about four times the words in it).
const TABLE_SLOTS: usize = 1024;

/// The scanner's trigger words by [`word_key`], with what each is ([`OPENS`], ...): an
/// open-addressing hash table, so a lookup is one or two probes. A bit filter over the
/// opening words comes first, as most tokens are none and one bit test rejects them.
struct WordTable {
    filter: [u64; 64],
    keys: [u128; TABLE_SLOTS],
    /// The entry's bits; 0 marks an empty slot.
    bits: [u16; TABLE_SLOTS],
}

static WORD_TABLE: LazyLock<WordTable> = LazyLock::new(|| {
    let mut table = WordTable { filter: [0; 64], keys: [0; TABLE_SLOTS], bits: [0; TABLE_SLOTS] };
    let groups: [(&[&[&str]], u16); 8] = [
        (&OPENING_WORDS, OPENS),
        (&[&["the"]], IS_THE),
        (&[&["a", "an"]], IS_ARTICLE),
        (&[&FOLLOW_THE], AFTER_THE),
        (&FOLLOW_ARTICLE, AFTER_ARTICLE),
        (&FOLLOW_AMOUNT, AFTER_AMOUNT),
        (&[&NUMBER_WORDS], NUMBER_WORD),
        (&[&DOLLAR_PREFIXES, &CURRENCY_CODES], MONEY_FIRST),
    ];
    for (lists, bit) in groups {
        for key in lists.iter().flat_map(|list| list.iter()).filter_map(|w| word_key(w)) {
            table.insert(key, bit);
        }
    }
    table
});

/// The hash of a word key: its top bits pick a filter bit and a table slot.
#[inline]
fn key_hash(key: u128) -> u64 {
    ((key as u64) ^ (key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl WordTable {
    fn insert(&mut self, key: u128, bit: u16) {
        let hash = key_hash(key);
        if bit == OPENS {
            let b = (hash >> 52) as usize;
            self.filter[b / 64] |= 1 << (b % 64);
        }
        let mut slot = (hash >> (64 - TABLE_SLOTS.trailing_zeros())) as usize;
        while self.bits[slot] != 0 && self.keys[slot] != key {
            slot = (slot + 1) % TABLE_SLOTS;
        }
        self.keys[slot] = key;
        self.bits[slot] |= bit;
    }

    /// Whether the key may be an opening word (no false negatives): most words are not,
    /// and one bit test rejects them without the table.
    #[inline]
    fn may_open(&self, key: u128) -> bool {
        let b = (key_hash(key) >> 52) as usize;
        self.filter[b / 64] & 1 << (b % 64) != 0
    }

    /// The bits of the word with this key, 0 for a word not in the table.
    #[inline]
    fn bits(&self, key: u128) -> u16 {
        let mut slot = (key_hash(key) >> (64 - TABLE_SLOTS.trailing_zeros())) as usize;
        // The table is never full: some slot is empty and ends the probe.
        loop {
            match self.bits.get(slot) {
                Some(&0) | None => return 0,
                Some(&bits) if self.keys.get(slot) == Some(&key) => return bits,
                Some(_) => slot = (slot + 1) % TABLE_SLOTS,
            }
        }
    }
}

/// An ASCII word of at most 16 bytes, lowercased and packed into an integer, so that a
/// lookup compares integers rather than strings.
fn word_key(word: &str) -> Option<u128> {
    let mut buf = [0u8; 16];
    let slot = buf.get_mut(..word.len())?;
    slot.copy_from_slice(word.as_bytes());
    if !slot.is_ascii() {
        return None;
    }
    slot.make_ascii_lowercase();
    Some(u128::from_le_bytes(buf))
}

/// The [`WordTable`] bits of `word` (0 for a word in no list).
fn word_bits(word: &str) -> u16 {
    match pack_word(word.as_bytes(), 0, word.len()) {
        PackedWord::Key(key) => WORD_TABLE.bits(key),
        PackedWord::Hyphenated | PackedWord::Other => 0,
    }
}

/// A word as [`word_key`] packs it, read as two integers straight from the text (no copy
/// to the stack, whose bytewise stores the CPU cannot forward to wide loads), or why not.
enum PackedWord {
    Key(u128),
    /// Holds a hyphen (*six-year*, *mid-2017*).
    Hyphenated,
    /// Longer than 16 bytes or not ASCII, without a hyphen: in no word list.
    Other,
}

/// `text[start..start + len]` packed (see [`PackedWord`]).
#[inline(always)]
fn pack_word(text: &[u8], start: usize, len: usize) -> PackedWord {
    if len > 16 {
        let hyphen = text.get(start..start + len).is_some_and(|w| w.contains(&b'-'));
        return if hyphen { PackedWord::Hyphenated } else { PackedWord::Other };
    }
    let low = load_le(text, start, len.min(8));
    let high = if len > 8 { load_le(text, start + 8, len - 8) } else { 0 };
    if has_byte(low, b'-') || has_byte(high, b'-') {
        return PackedWord::Hyphenated;
    }
    if (low | high) & HIGH_BITS != 0 {
        return PackedWord::Other;
    }
    PackedWord::Key(u128::from(ascii_lowercase(low)) | u128::from(ascii_lowercase(high)) << 64)
}

/// What a token may open, before [`Scan::at`] looks.
enum Opening {
    Nothing,
    /// Something: ask [`Scan::at`].
    Maybe,
    /// *the*: only with one of [`FOLLOW_THE`] after, or a hyphenated word, or no word.
    The,
    /// *a*, *an*: only with one of [`FOLLOW_ARTICLE`] after, or a hyphenated word, or no word.
    Article,
    /// An apostrophe: only a glued number after (*’90s*).
    Apostrophe,
}

/// The trigger-word table, fetched once per [`find`] rather than once per token.
struct Openings {
    table: &'static WordTable,
}

/// Eight copies of a byte, for the byte-parallel tests below.
const EACH_BYTE: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x80 * EACH_BYTE;

impl Openings {
    fn get() -> Openings {
        Openings { table: &WORD_TABLE }
    }

    /// Whether token `i` of `toks` may start a match: a cheap test, so that most tokens
    /// cost a few integer operations and [`Scan::at`] runs only where it may succeed.
    /// Numbers, currency signs, hyphenated words and opening words pass (a trailing period
    /// aside), except that the most common of them, *the*, *a*, *an* and apostrophes, need
    /// a token after them that the matchers could use. It never says no where `at` finds a
    /// match (the tests compare it with a plain version and with `at` itself).
    #[inline]
    fn may_open(&self, text: &[u8], toks: &[Token], i: usize) -> bool {
        let Some(token) = toks.get(i) else { return false };
        match self.classify(text, token) {
            Opening::Nothing => false,
            Opening::Maybe => true,
            Opening::The => self.next_may_follow(text, toks.get(i + 1), AFTER_THE),
            Opening::Article => self.next_may_follow(text, toks.get(i + 1), AFTER_ARTICLE),
            Opening::Apostrophe => toks.get(i + 1).is_some_and(|next| next.kind == TokenKind::Number && next.start == token.end),
        }
    }

    /// What one token may open (see [`Openings::may_open`]).
    #[inline]
    fn classify(&self, text: &[u8], token: &Token) -> Opening {
        let Some(word) = text.get(token.start..token.end) else { return Opening::Nothing };
        match token.kind {
            TokenKind::Number => Opening::Maybe,
            // Every currency sign and apostrophe starts with one of these bytes.
            TokenKind::Punct if !matches!(word.first(), Some(b'$' | b'\'' | 0xC2 | 0xE2)) => Opening::Nothing,
            TokenKind::Punct => match word {
                b"'" | [0xE2, 0x80, 0x98 | 0x99] => Opening::Apostrophe, // `'`, `‘`, `’`
                _ if CURRENCY_SIGNS.iter().any(|sign| sign.as_bytes() == word) => Opening::Maybe,
                _ => Opening::Nothing,
            },
            TokenKind::Word => {
                let period = word.last() == Some(&b'.');
                let key = match pack_word(text, token.start, word.len() - usize::from(period)) {
                    PackedWord::Key(key) => key,
                    PackedWord::Hyphenated => return Opening::Maybe,
                    PackedWord::Other => return Opening::Nothing,
                };
                if !self.table.may_open(key) {
                    return Opening::Nothing;
                }
                let bits = self.table.bits(key);
                match bits & (OPENS | IS_THE | IS_ARTICLE) {
                    0 => Opening::Nothing,
                    // `The.` or `A.` (an initial) goes through every matcher.
                    _ if period => Opening::Maybe,
                    b if b & IS_THE != 0 => Opening::The,
                    b if b & IS_ARTICLE != 0 => Opening::Article,
                    _ => Opening::Maybe,
                }
            }
        }
    }

    /// Whether the token after *the*, *a* or *an* may let it open a match: any token but a
    /// word, or a word with `bit` (whole, trailing period included), or a hyphenated one.
    #[inline]
    fn next_may_follow(&self, text: &[u8], next: Option<&Token>, bit: u16) -> bool {
        let Some(next) = next else { return false };
        if next.kind != TokenKind::Word {
            return true;
        }
        match pack_word(text, next.start, next.end.saturating_sub(next.start)) {
            PackedWord::Key(key) => self.table.bits(key) & bit != 0,
            PackedWord::Hyphenated => true,
            PackedWord::Other => false,
        }
    }
}

/// The first test of [`Openings::may_open`] for one token, written plainly, without the
/// look at the next token (the reference it must agree with).
#[cfg(test)]
fn may_start_plain(word: &str, kind: TokenKind) -> bool {
    match kind {
        TokenKind::Number => true,
        TokenKind::Punct => one_of(word, &CURRENCY_SIGNS) || matches!(word, "'" | "’" | "‘"),
        TokenKind::Word => {
            if word.contains('-') {
                return true;
            }
            let word = word.strip_suffix('.').unwrap_or(word);
            OPENING_WORDS.iter().any(|list| one_of(word, list))
        }
    }
}

/// `len` (at most 8) bytes of `bytes` from `from`, little-endian, zero-padded; one load
/// when eight bytes are there to read.
#[inline]
fn load_le(bytes: &[u8], from: usize, len: usize) -> u64 {
    let mask = if len >= 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
    if let Some(chunk) = bytes.get(from..from + 8) {
        return u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) & mask;
    }
    let mut buf = [0u8; 8];
    for (b, &c) in buf.iter_mut().zip(bytes.get(from..).unwrap_or(&[]).iter().take(len)) {
        *b = c;
    }
    u64::from_le_bytes(buf)
}

/// Whether any of the eight bytes of `chunk` is `byte` (`byte` nonzero).
#[inline]
fn has_byte(chunk: u64, byte: u8) -> bool {
    let x = chunk ^ (u64::from(byte) * EACH_BYTE);
    x.wrapping_sub(EACH_BYTE) & !x & HIGH_BITS != 0
}

/// `A`-`Z` to `a`-`z` in eight ASCII bytes at once (no byte has its high bit set, so the
/// additions carry into no neighbour).
#[inline]
fn ascii_lowercase(chunk: u64) -> u64 {
    let at_least_a = chunk.wrapping_add((0x80 - u64::from(b'A')) * EACH_BYTE);
    let above_z = chunk.wrapping_add((0x7F - u64::from(b'Z')) * EACH_BYTE);
    chunk | ((at_least_a & !above_z & HIGH_BITS) >> 2)
}

/// A match from the token a matcher was called at up to token `end` (exclusive) of the
/// paragraph, with how it was made.
#[derive(Clone, Copy, Debug)]
struct Hit {
    end: usize,
    label: Label,
    /// Starts with an amount (a number, a number word or a currency sign), so an
    /// approximator (*about*, *more than*) may precede it.
    counted: bool,
    /// A length of time (*six years*) rather than a point in time (*2017*).
    duration: bool,
}

impl Hit {
    fn new(end: usize, label: Label) -> Hit {
        Hit { end, label, counted: false, duration: false }
    }
    fn counted(self) -> Hit {
        Hit { counted: true, ..self }
    }
    fn duration(self) -> Hit {
        Hit { duration: true, ..self }
    }
}

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/// Month abbreviations, with or without their period; they need a number after them.
const MONTH_ABBREVIATIONS: [&str; 12] = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
/// Months that are also common words or names: alone they need a preposition before.
const AMBIGUOUS_MONTHS: [&str; 5] = ["march", "april", "may", "june", "august"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// Words before a bare ambiguous month that make it a date (*in May*, *since March*).
/// (Not *by*, *from*, *before*: *a letter from May* is about Theresa May.)
const MONTH_PREPOSITIONS: [&str; 12] =
    ["in", "since", "until", "till", "through", "during", "early", "late", "mid", "last", "next", "this"];
/// Words before a bare year from before 1900 that make it a year (*in 1776*).
const YEAR_PREPOSITIONS: [&str; 10] = ["in", "since", "until", "by", "from", "of", "before", "after", "around", "circa"];
const SEASONS: [&str; 5] = ["summer", "spring", "fall", "autumn", "winter"];
const PARTS_OF_DAY: [&str; 4] = ["morning", "afternoon", "evening", "night"];
/// Periods after *last*, *next*, *this*, *past*: *last month*, *this summer*.
const PERIODS: [&str; 14] = [
    "week", "month", "year", "decade", "century", "weekend", "summer", "spring", "fall", "autumn", "winter", "season", "quarter",
    "fortnight",
];
/// Units that make a counted length of time a DATE (singular and plural).
const DATE_UNITS: [&str; 16] = [
    "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "century", "centuries", "weekend",
    "weekends", "quarter", "quarters",
];
/// Units that make a counted length of time a TIME.
const TIME_UNITS: [&str; 6] = ["hour", "hours", "minute", "minutes", "second", "seconds"];
const NUMBER_WORDS: [&str; 29] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "dozen", "zero",
];
const SCALES: [&str; 9] = ["hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "mln", "tn"];
/// Plural scales that open *millions of dollars*, *hundreds of millions of euros*.
const PLURAL_SCALES: [&str; 6] = ["tens", "hundreds", "thousands", "millions", "billions", "trillions"];
/// Currency signs written before the amount.
const CURRENCY_SIGNS: [&str; 11] = ["$", "€", "£", "¥", "₹", "₽", "₩", "₪", "₺", "₴", "₦"];
/// Letters glued before `$` that name the dollar: *US$*, *C$*, *HK$*.
const DOLLAR_PREFIXES: [&str; 8] = ["us", "a", "c", "hk", "nz", "s", "r", "nt"];
/// ISO codes written before or after an amount: *USD 5 million*, *40 million EUR*.
const CURRENCY_CODES: [&str; 14] =
    ["usd", "eur", "gbp", "jpy", "cny", "rmb", "rub", "chf", "inr", "aud", "cad", "hkd", "sek", "nok"];
/// Currency names written after the amount: *1.5 million dollars*, *40 euros*.
const CURRENCY_WORDS: [&str; 35] = [
    "dollar", "dollars", "euro", "euros", "yen", "yuan", "renminbi", "ruble", "rubles", "rouble", "roubles", "rupee", "rupees",
    "peso", "pesos", "franc", "francs", "cent", "cents", "pence", "riyal", "riyals", "dirham", "dirhams", "dinar", "dinars", "lira",
    "shekel", "shekels", "naira", "rand", "krona", "kronor", "kroner", "zloty",
];
/// Words that make a currency word precise: *U.S. dollars*, *Canadian dollars*.
const DOLLAR_NATIONS: [&str; 6] = ["u.s.", "us", "american", "canadian", "australian", "singapore"];
/// Time zones after a clock time (*10:30 a.m. ET*).
const TIME_ZONES: [&str; 20] = [
    "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "ist",
    "jst", "msk",
];
/// One-word approximators inside quantity spans.
const APPROXIMATORS: [&str; 8] = ["about", "around", "nearly", "almost", "roughly", "approximately", "over", "some"];
/// Words that open a match only as a prefix of another (phrase approximators, *between*,
/// *early*, *earlier*): no core matcher starts with one.
const PREFIX_WORDS: [&str; 13] =
    ["more", "less", "fewer", "at", "up", "as", "upwards", "between", "early", "late", "mid", "earlier", "later"];
/// Two- and three-word approximators.
const APPROXIMATOR_PHRASES: [&[&str]; 9] = [
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["at", "least"],
    &["up", "to"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "few", "as"],
    &["upwards", "of"],
];

fn one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The month number (1-12) of a capitalized full month name.
fn full_month(word: &str) -> Option<usize> {
    if !is_capitalized(word) {
        return None;
    }
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word)).map(|p| p + 1)
}

/// A capitalized month abbreviation (*Jan.*, *Sept*).
fn month_abbreviation(word: &str) -> bool {
    is_capitalized(word) && one_of(word.strip_suffix('.').unwrap_or(word), &MONTH_ABBREVIATIONS)
}

fn is_weekday(word: &str) -> bool {
    is_capitalized(word) && one_of(word, &WEEKDAYS)
}

/// The value of a plain run of ASCII digits (at most 9 of them).
fn digits(word: &str) -> Option<u32> {
    if word.is_empty() || word.len() > 9 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

/// A day of the month: *20*, *20th*, *1st*.
fn day(word: &str) -> bool {
    let bare = ["st", "nd", "rd", "th"].iter().find_map(|s| word.strip_suffix(s)).unwrap_or(word);
    digits(bare).is_some_and(|d| (1..=31).contains(&d)) && bare.len() <= 2
}

/// A day or a range of days written as one token: *20*, *3-4*, *20th*.
fn day_or_days(word: &str) -> bool {
    match word.split_once(['-', '–']) {
        Some((a, b)) => day(a) && day(b),
        None => day(word),
    }
}

fn year(word: &str) -> Option<u32> {
    digits(word).filter(|_| word.len() == 4)
}

/// A year that needs no context: 1900-2099.
fn modern_year(word: &str) -> bool {
    year(word).is_some_and(|y| (1900..=2099).contains(&y))
}

/// Dates written as one token: *2017-05-10*, *05/10/2017*, *2016-17*, *1990s*, *2000s*.
fn date_token(word: &str) -> bool {
    // Up to three parts, and whether there are more (no allocation: it runs on every number).
    let mut split = word.split(['-', '/']);
    let parts = [split.next(), split.next(), split.next()];
    let more = split.next().is_some();
    let all_digits = parts.iter().flatten().all(|p| digits(p).is_some());
    match parts {
        [Some(single), None, _] => decade(single),
        [Some(a), Some(b), None] if all_digits => modern_year(a) && (b.len() == 2 || modern_year(b)),
        [Some(a), Some(b), Some(c)] if all_digits && !more => {
            (modern_year(a) && b.len() <= 2 && c.len() <= 2)
                || (a.len() <= 2 && b.len() <= 2 && (modern_year(c) || c.len() == 2) && word.contains('/'))
        }
        _ => false,
    }
}

/// A decade in four digits: *1990s*, *2000s*.
fn decade(word: &str) -> bool {
    word.strip_suffix('s').is_some_and(|num| num.len() == 4 && digits(num).is_some_and(|y| (1000..=2099).contains(&y) && y % 10 == 0))
}

/// A decade in two digits, *90s*; alone (no apostrophe) only *50s* to *90s*, since *the
/// mid-30s* and *their 20s* are more often ages, rates or temperatures.
fn short_decade(word: &str, after_apostrophe: bool) -> bool {
    word.strip_suffix('s').is_some_and(|num| {
        num.len() == 2 && digits(num).is_some_and(|y| y % 10 == 0 && (after_apostrophe || (50..=90).contains(&y)))
    })
}

/// An amount written in digits: *45*, *1,200.50*, *1.2*, or a range *10-15*.
fn amount(word: &str) -> bool {
    fn single(w: &str) -> bool {
        let b = w.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_digit()
            && b[b.len() - 1].is_ascii_digit()
            && b.iter().all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
    }
    match word.split_once(['-', '–']) {
        Some((a, b)) => single(a) && single(b),
        None => single(word),
    }
}

/// The value of an amount in digits (commas dropped), for comparing range ends.
fn value(word: &str) -> Option<f64> {
    if !amount(word) || word.contains(['-', '–']) {
        return None;
    }
    word.replace(',', "").parse().ok()
}

/// An amount with a glued scale, as in *$5m*, *€1.2bn*, *$300k* (after a currency only).
fn amount_with_scale(word: &str) -> bool {
    ["bn", "mn", "tn", "m", "b", "k", "K", "M", "B"].iter().any(|s| word.strip_suffix(s).is_some_and(amount))
}

/// A number word, hyphenated compounds included: *six*, *forty-five*.
fn number_word(word: &str) -> bool {
    // Every number word starts with an ASCII letter: most tokens fail this first.
    word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && word.split('-').all(|p| word_bits(p) & NUMBER_WORD != 0)
}

/// A clock time: *10:30*, *9:05*, and glued *10:30am*, *10am*, *7pm*.
/// Returns whether the meridiem is glued on.
fn clock(word: &str) -> Option<bool> {
    let glued = ["am", "pm", "AM", "PM", "a.m.", "p.m."].iter().find_map(|s| word.strip_suffix(s));
    let (core, has_meridiem) = match glued {
        Some(c) => (c, true),
        None => (word, false),
    };
    let ok = match core.split_once(':') {
        Some((h, m)) => {
            h.len() <= 2 && digits(h).is_some_and(|h| h <= 24) && m.len() == 2 && digits(m).is_some_and(|m| m < 60)
        }
        None => has_meridiem && hour(core),
    };
    ok.then_some(has_meridiem)
}

/// An hour on a 12-hour clock: *1* to *12*.
fn hour(word: &str) -> bool {
    word.len() <= 2 && digits(word).is_some_and(|h| (1..=12).contains(&h))
}

fn is_meridiem(word: &str) -> bool {
    matches!(word, "a.m." | "p.m." | "a.m" | "p.m" | "am" | "pm" | "AM" | "PM" | "A.M." | "P.M.")
}

/// A hyphenated duration adjective: *six-year*, *10-year*, *24-hour*, *45-year-old*.
fn duration_token(word: &str) -> Option<Label> {
    let mut parts = word.split('-');
    let count = parts.next()?;
    let unit = parts.next()?;
    let rest = (parts.next(), parts.next());
    if !(amount(count) || number_word(count)) {
        return None;
    }
    // Nothing more, or just *-old* or *-long*.
    if !matches!(rest, (None, _) | (Some("old" | "long"), None)) {
        return None;
    }
    if one_of(unit, &DATE_UNITS) {
        Some(Label::Date)
    } else if one_of(unit, &TIME_UNITS) {
        Some(Label::Time)
    } else {
        None
    }
}

struct Scan<'d> {
    text: &'d str,
    toks: &'d [Token],
}

impl<'d> Scan<'d> {
    /// Token `k`'s text, or "" past the paragraph's end.
    fn s(&self, k: usize) -> &'d str {
        self.toks.get(k).and_then(|t| self.text.get(t.start..t.end)).unwrap_or("")
    }

    fn is(&self, k: usize, word: &str) -> bool {
        self.s(k).eq_ignore_ascii_case(word)
    }

    fn kind(&self, k: usize) -> Option<TokenKind> {
        self.toks.get(k).map(|t| t.kind)
    }

    /// Whether tokens `k - 1` and `k` touch (no space between).
    fn glued(&self, k: usize) -> bool {
        k > 0 && matches!((self.toks.get(k - 1), self.toks.get(k)), (Some(a), Some(b)) if a.end == b.start)
    }

    fn prev_is(&self, k: usize, list: &[&str]) -> bool {
        k > 0 && one_of(self.s(k - 1), list)
    }

    /// The match starting at token `i`, trying prefixes (approximators, *between*, *early*,
    /// *earlier*, *the*) before the bare expressions.
    fn at(&self, i: usize) -> Option<Hit> {
        let word = self.s(i);
        // Every prefix below is a word: numbers and signs go straight to the bare expressions.
        if self.kind(i) != Some(TokenKind::Word) {
            let hit = self.core(i)?;
            return Some(self.range(i, hit, false).unwrap_or(hit));
        }
        // *the* is half of all opening words, and only ever opens what may follow it
        // (no approximator, prefix or core matcher starts with it).
        if word.eq_ignore_ascii_case("the") {
            return self.after_the(i + 1);
        }
        if let Some(n) = self.approximator(i) {
            if let Some(hit) = self.core(i + n).filter(|h| h.counted) {
                return Some(self.range(i, hit, false).unwrap_or(hit));
            }
        }
        if word.eq_ignore_ascii_case("between") {
            // *between $30,000 and $40,000*, *between 2016 and 2018*: only with both ends.
            if let Some(hit) = self.core(i + 1).filter(|h| h.counted || (h.label == Label::Date && !h.duration)) {
                let has_and = (i + 2..hit.end).any(|k| self.is(k, "and"));
                if let Some(hit) = if has_and { Some(hit) } else { self.range(i, hit, true) } {
                    return Some(hit);
                }
            }
        }
        if one_of(word, &["early", "late", "mid"]) {
            if let Some(hit) = self.core(i + 1).filter(|h| matches!(h.label, Label::Date | Label::Time) && !h.duration) {
                return Some(hit);
            }
        }
        if one_of(word, &["earlier", "later"]) && one_of(self.s(i + 1), &["this", "last", "next"]) {
            if let Some(hit) = self.relative(i + 1) {
                return Some(hit);
            }
        }
        // The prefixes above start no core match themselves: skip the cascade.
        if one_of(word, &APPROXIMATORS) || one_of(word, &PREFIX_WORDS) {
            return None;
        }
        let hit = self.core(i)?;
        Some(self.range(i, hit, false).unwrap_or(hit))
    }

    /// A second expression of the same kind after *to*, a dash, *through* (dates), or
    /// (after *between*) *and*: *$5 million to $10 million*, *4 percent and 5 percent*,
    /// *6 a.m. to 9 a.m.*, *Monday through Friday*, *2016 to 2018*. Lengths of time never
    /// join (*two years to six years* is rare; *six years to the day* is not a range), nor
    /// do a change's two ends (*fell $5 to $101*).
    fn range(&self, start: usize, hit: Hit, after_between: bool) -> Option<Hit> {
        const CHANGES: [&str; 16] = [
            "rose", "fell", "climbed", "dropped", "jumped", "increased", "decreased", "gained", "lost", "slipped", "edged", "rising",
            "falling", "up", "down", "cut",
        ];
        if self.prev_is(start, &CHANGES) {
            return None;
        }
        let counted = hit.counted && matches!(hit.label, Label::Money | Label::Percent | Label::Time);
        if !(counted || hit.label == Label::Date) || hit.duration {
            return None;
        }
        let joiner = self.s(hit.end);
        let joins = matches!(joiner, "-" | "–" | "—")
            || joiner.eq_ignore_ascii_case("to")
            || (hit.label == Label::Date && joiner.eq_ignore_ascii_case("through"))
            || (after_between && joiner.eq_ignore_ascii_case("and"));
        if !joins {
            return None;
        }
        let second = self.core(hit.end + 1).filter(|h| h.label == hit.label && !h.duration && (h.counted || !counted))?;
        Some(Hit { end: second.end, ..hit })
    }

    /// Tokens in an approximator at `i` (*about*, *more than*), 0 if none.
    fn approximator(&self, i: usize) -> Option<usize> {
        if one_of(self.s(i), &APPROXIMATORS) {
            return Some(1);
        }
        APPROXIMATOR_PHRASES
            .iter()
            .find(|phrase| phrase.iter().enumerate().all(|(n, w)| self.is(i + n, w)))
            .map(|phrase| phrase.len())
    }

    /// Expressions that may follow *the*: *the past six years*, *the 1990s*, *the ’90s*,
    /// *the early 1990s*, *the 21st century*, *the weekend*, *the first quarter of 2017*.
    fn after_the(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        if one_of(word, &["past", "last", "next", "first", "previous", "coming", "following"]) {
            if let Some(hit) = self.counted_period(k + 1) {
                return Some(self.of_year(hit));
            }
            // *the past decade*, *the coming weeks*.
            const UNITS: [&str; 15] = [
                "decade", "decades", "year", "years", "month", "months", "week", "weeks", "century", "quarter", "quarters", "day",
                "days", "weekend", "weekends",
            ];
            if one_of(self.s(k + 1), &UNITS) {
                return Some(self.of_year(Hit::new(k + 2, Label::Date)));
            }
        }
        // *the end of the year*, *the start of August*, *the middle of next week* (not *the
        // end of the day*, an idiom).
        if one_of(word, &["end", "beginning", "start", "middle", "rest"]) && self.is(k + 1, "of") {
            let inner = k + 2;
            if self.is(inner, "the") && one_of(self.s(inner + 1), &["year", "month", "week", "decade", "century", "season", "summer", "winter"]) {
                return Some(Hit::new(inner + 2, Label::Date));
            }
            if full_month(self.s(inner)).is_some() {
                // Any month, *May* included: *the end of* says it is a date.
                return Some(self.month(inner).unwrap_or(Hit::new(inner + 1, Label::Date)));
            }
            let dated = self.relative(inner).or_else(|| self.core(inner)).filter(|h| h.label == Label::Date && !h.duration);
            if let Some(hit) = dated {
                return Some(hit);
            }
        }
        // *the summer of 2016*.
        if one_of(word, &SEASONS) && self.is(k + 1, "of") && modern_year(self.s(k + 2)) {
            return Some(Hit::new(k + 3, Label::Date));
        }
        if one_of(word, &["second", "third", "fourth"]) && self.is(k + 1, "quarter") {
            return Some(self.of_year(Hit::new(k + 2, Label::Date)));
        }
        if one_of(word, &["early", "late", "mid"]) {
            return self.decade_at(k + 1);
        }
        if word.eq_ignore_ascii_case("weekend") {
            return Some(Hit::new(k + 1, Label::Date));
        }
        if ordinal_century(word) && one_of(self.s(k + 1), &["century", "centuries"]) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if let Some(rest) = word.strip_prefix("mid-") {
            if decade(rest) || short_decade(rest, false) || modern_year(rest) {
                return Some(Hit::new(k + 1, Label::Date));
            }
        }
        self.decade_at(k)
    }

    /// *1990s*, *’90s*, *90s* at `k`.
    fn decade_at(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        if decade(word) {
            return Some(Hit::new(k + 1, Label::Date));
        }
        if matches!(word, "'" | "’" | "‘") && self.glued(k + 1) && short_decade(self.s(k + 1), true) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if short_decade(word, false) {
            return Some(Hit::new(k + 1, Label::Date));
        }
        None
    }

    /// Extends a DATE over *of 2017*.
    fn of_year(&self, hit: Hit) -> Hit {
        if self.is(hit.end, "of") && modern_year(self.s(hit.end + 1)) {
            return Hit { end: hit.end + 2, ..hit };
        }
        hit
    }

    /// The expression starting exactly at `k`, without prefixes.
    fn core(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        if word.is_empty() {
            return None;
        }
        // A number (it starts with a numeric char) is in no word or sign list: only amounts
        // and one-token dates and times can start with it.
        if self.kind(k) == Some(TokenKind::Number) {
            return self.counted(k).or_else(|| self.single_token(k));
        }
        if let Some(hit) = self.money_before(k) {
            return Some(hit);
        }
        if let Some(hit) = self.counted(k) {
            return Some(hit);
        }
        if let Some(hit) = self.single_token(k) {
            return Some(hit);
        }
        if let Some(hit) = self.month(k) {
            return Some(hit);
        }
        if let Some(hit) = self.weekday(k) {
            return Some(hit);
        }
        if let Some(hit) = self.relative(k) {
            return Some(hit);
        }
        // *USA Today*, *Russia Today* are names.
        let named_today = word == "Today" || word == "TODAY";
        let in_name = named_today && k > 0 && is_capitalized(self.s(k - 1));
        if one_of(word, &["today", "yesterday", "tomorrow"]) && !in_name {
            if one_of(self.s(k + 1), &PARTS_OF_DAY) {
                return Some(Hit::new(k + 2, Label::Time));
            }
            return Some(Hit::new(k + 1, Label::Date));
        }
        if one_of(word, &["tonight", "noon", "midnight", "midday"]) {
            return Some(Hit::new(k + 1, Label::Time));
        }
        // *summer 2016*, *spring 2017*.
        if one_of(word, &SEASONS) && modern_year(self.s(k + 1)) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if word.eq_ignore_ascii_case("recent") && one_of(self.s(k + 1), &["years", "months", "weeks", "decades", "days"]) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if matches!(word, "'" | "’" | "‘") && self.glued(k + 1) && short_decade(self.s(k + 1), true) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        None
    }

    /// One-token dates and times: ISO dates, decades, years, clock times, *mid-2017*,
    /// *six-year*.
    fn single_token(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        match self.kind(k)? {
            TokenKind::Number => {
                if date_token(word) {
                    return Some(Hit::new(k + 1, Label::Date));
                }
                if let Some(meridiem) = clock(word) {
                    let mut end = k + 1;
                    if !meridiem && is_meridiem(self.s(end)) {
                        end += 1;
                    }
                    return Some(self.time_zone(Hit::new(end, Label::Time).counted()));
                }
                if let Some(label) = duration_token(word) {
                    return Some(Hit::new(k + 1, label).counted().duration());
                }
                if day_or_days(word) {
                    if let Some(end) = self.month_after_day(k + 1) {
                        return Some(Hit::new(end, Label::Date));
                    }
                }
                if modern_year(word) || (year(word).is_some() && self.prev_is(k, &YEAR_PREPOSITIONS)) {
                    return Some(Hit::new(k + 1, Label::Date));
                }
                None
            }
            TokenKind::Word => {
                if let Some(rest) = word.strip_prefix("mid-").or_else(|| word.strip_prefix("Mid-")) {
                    // Not *mid-30s* (an age or a rate) without *the*.
                    if modern_year(rest) || decade(rest) || full_month(rest).is_some() {
                        return Some(Hit::new(k + 1, Label::Date));
                    }
                }
                if let Some(label) = duration_token(word) {
                    return Some(Hit::new(k + 1, label).counted().duration());
                }
                if let Some((ordinal, rest)) = word.split_once('-') {
                    if ordinal_century(ordinal) && rest.eq_ignore_ascii_case("century") {
                        return Some(Hit::new(k + 1, Label::Date));
                    }
                }
                None
            }
            TokenKind::Punct => None,
        }
    }

    /// Extends a TIME over a time zone or *local time*.
    fn time_zone(&self, hit: Hit) -> Hit {
        let next = self.s(hit.end);
        if one_of(next, &TIME_ZONES) && next.chars().all(|c| c.is_ascii_uppercase()) {
            return Hit { end: hit.end + 1, ..hit };
        }
        if next == "local" && self.is(hit.end + 1, "time") {
            return Hit { end: hit.end + 2, ..hit };
        }
        // *1 p.m. Eastern*, *9 a.m. Pacific time*.
        if matches!(next, "Eastern" | "Central" | "Mountain" | "Pacific") {
            let end = if self.is(hit.end + 1, "time") { hit.end + 2 } else { hit.end + 1 };
            return Hit { end, ..hit };
        }
        hit
    }

    /// After a day number: *January*, *January 2017* (British *20 January 2017*).
    fn month_after_day(&self, k: usize) -> Option<usize> {
        let mut k = k;
        if self.is(k, "of") {
            k += 1;
        }
        if full_month(self.s(k)).is_none() && !month_abbreviation(self.s(k)) {
            return None;
        }
        Some(if modern_year(self.s(k + 1)) { k + 2 } else { k + 1 })
    }

    /// A month and what follows it: *January*, *January 20*, *Jan. 20, 2017*, *May 3-4*,
    /// *January 2017*, *May of 2017*.
    fn month(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        let full = full_month(word).is_some();
        if !full && !month_abbreviation(word) {
            return None;
        }
        let next = self.s(k + 1);
        if day_or_days(next) {
            let mut end = k + 2;
            if self.s(end) == "," && modern_year(self.s(end + 1)) {
                end += 2;
            } else if modern_year(self.s(end)) {
                end += 1;
            }
            return Some(Hit::new(end, Label::Date));
        }
        if year(next).is_some() {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if !full {
            return None;
        }
        if next.eq_ignore_ascii_case("of") && modern_year(self.s(k + 2)) {
            return Some(Hit::new(k + 3, Label::Date));
        }
        let ambiguous = one_of(word, &AMBIGUOUS_MONTHS);
        // A month alone: unambiguous names always; *May* and friends after a preposition
        // or before another month (*May to July*).
        let month_range = one_of(next, &["to", "through", "-", "–"]) && full_month(self.s(k + 2)).is_some();
        if !ambiguous || self.prev_is(k, &MONTH_PREPOSITIONS) || month_range {
            return Some(Hit::new(k + 1, Label::Date));
        }
        None
    }

    /// *Monday*, *Monday, Jan. 20*, *Monday 20 January*, *Sunday morning* (TIME).
    fn weekday(&self, k: usize) -> Option<Hit> {
        if !is_weekday(self.s(k)) {
            return None;
        }
        let next = self.s(k + 1);
        if one_of(next, &PARTS_OF_DAY) {
            return Some(Hit::new(k + 2, Label::Time));
        }
        let after = if next == "," { k + 2 } else { k + 1 };
        if let Some(hit) = self.month(after).filter(|h| h.end > after + 1) {
            return Some(hit);
        }
        if day(self.s(after)) {
            if let Some(end) = self.month_after_day(after + 1) {
                return Some(Hit::new(end, Label::Date));
            }
        }
        Some(Hit::new(k + 1, Label::Date))
    }

    /// *last month*, *next week*, *this summer*, *last Monday*, *last night* (TIME),
    /// *past six years*.
    fn relative(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        if !one_of(word, &["last", "next", "this", "past", "coming", "previous"]) {
            return None;
        }
        let next = self.s(k + 1);
        // *this past weekend*, *this coming week*.
        if word.eq_ignore_ascii_case("this") && one_of(next, &["past", "coming"]) {
            if let Some(hit) = self.relative(k + 1) {
                return Some(hit);
            }
        }
        if one_of(next, &PERIODS) {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if one_of(next, &PARTS_OF_DAY) && !word.eq_ignore_ascii_case("past") {
            return Some(Hit::new(k + 2, Label::Time));
        }
        if let Some(hit) = self.weekday(k + 1) {
            return Some(hit);
        }
        if full_month(next).is_some() {
            return Some(Hit::new(k + 2, Label::Date));
        }
        if one_of(word, &["past", "last", "next", "coming", "previous"]) {
            return self.counted_period(k + 1);
        }
        None
    }

    /// A counted period: *six years*, *a few weeks*, *several decades*, *two hours*.
    fn counted_period(&self, k: usize) -> Option<Hit> {
        let count_end = if self.is(k, "a") && self.is(k + 1, "few") {
            k + 2
        } else if one_of(self.s(k), &["several", "many", "few"]) {
            k + 1
        } else {
            self.quantity(k)?
        };
        self.unit(count_end).map(|h| h.counted())
    }

    /// A unit after a count at `k`, with *ago*, *later*, *earlier*, *old* after it.
    fn unit(&self, k: usize) -> Option<Hit> {
        let unit = self.s(k);
        let label = if one_of(unit, &DATE_UNITS) {
            Label::Date
        } else if one_of(unit, &TIME_UNITS) {
            Label::Time
        } else {
            return None;
        };
        let mut end = k + 1;
        if one_of(self.s(end), &["ago", "later", "earlier", "old"]) {
            end += 1;
        }
        Some(Hit::new(end, label).duration())
    }

    /// Tokens `k..end` of an amount: digits or number words, then scales (*1.5 million*,
    /// *two hundred thousand*), with a range (*10 to 15*, *10 and 15* after *between*).
    fn quantity(&self, k: usize) -> Option<usize> {
        let single = |k: usize| -> Option<usize> {
            let word = self.s(k);
            // *a million*: the article counts only before a scale.
            let counts = amount(word) || number_word(word) || (word.eq_ignore_ascii_case("a") && one_of(self.s(k + 1), &SCALES));
            if !counts {
                return None;
            }
            let mut end = k + 1;
            while one_of(self.s(end), &SCALES) {
                end += 1;
            }
            Some(end)
        };
        let end = single(k)?;
        if one_of(self.s(end), &["to", "-", "–", "and", "or"]) {
            if let Some(end2) = single(end + 1) {
                let and_ok = !self.is(end, "and") || self.prev_is(k, &["between"]);
                // Ranges go up (*49 to 51*); *by 2030 to 32 percent* is two things.
                let ascending = match (value(self.s(k)), value(self.s(end + 1))) {
                    (Some(a), Some(b)) => a < b,
                    _ => true,
                };
                if and_ok && ascending {
                    return Some(end2);
                }
            }
        }
        Some(end)
    }

    /// Counted expressions: MONEY (*1.5 million dollars*, *millions of dollars*), PERCENT,
    /// durations (*six years ago*), clock times (*10 a.m.*), days and years after *a*.
    fn counted(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        // The openings before the amount are all words; a number is an amount or nothing.
        let is_word = self.kind(k) == Some(TokenKind::Word);
        if is_word && one_of(word, &PLURAL_SCALES) {
            let mut end = k + 1;
            while self.is(end, "of") && one_of(self.s(end + 1), &PLURAL_SCALES) {
                end += 2;
            }
            if self.is(end, "of") {
                if let Some(cur) = self.currency_after(end + 1) {
                    return Some(Hit::new(cur, Label::Money).counted());
                }
            }
            return None;
        }
        if is_word && (one_of(word, &["several", "many"]) || (word.eq_ignore_ascii_case("a") && self.is(k + 1, "few"))) {
            return self.counted_period(k);
        }
        if is_word && one_of(word, &["a", "an"]) && !one_of(self.s(k + 1), &SCALES) {
            // *a year ago*, *an hour later*: an article counts only with a direction.
            let hit = self.unit(k + 1)?;
            return (hit.end == k + 3 && one_of(self.s(k + 2), &["ago", "later", "earlier"])).then_some(hit.counted());
        }
        let end = self.quantity(k)?;
        // Most amounts are followed by none of the words below: one lookup says so.
        if !self.may_follow_amount(end) {
            return None;
        }
        // A year or a day is not a quantity: *2017 was*, *on 20 January*.
        if let Some(cur) = self.currency_after(end) {
            return Some(Hit::new(cur, Label::Money).counted());
        }
        if let Some(pct) = self.percent_after(end) {
            return Some(Hit::new(pct, Label::Percent).counted());
        }
        if let Some(hit) = self.unit(end) {
            return Some(hit.counted());
        }
        if end == k + 1 && is_meridiem(self.s(end)) && hour(word) {
            return Some(self.time_zone(Hit::new(end + 1, Label::Time).counted()));
        }
        if end == k + 1 && self.is(end, "o'clock") {
            return Some(Hit::new(end + 1, Label::Time).counted());
        }
        None
    }

    /// Whether token `k` may be what [`Scan::counted`] looks for after an amount: `%` or
    /// a word of [`FOLLOW_AMOUNT`] (no false negatives).
    fn may_follow_amount(&self, k: usize) -> bool {
        let Some(token) = self.toks.get(k) else { return false };
        match token.kind {
            TokenKind::Word => {
                let text = self.text.as_bytes();
                let bits = match pack_word(text, token.start, token.end.saturating_sub(token.start)) {
                    PackedWord::Key(key) => WORD_TABLE.bits(key),
                    PackedWord::Hyphenated | PackedWord::Other => 0,
                };
                bits & AFTER_AMOUNT != 0
            }
            TokenKind::Punct => self.s(k) == "%",
            TokenKind::Number => false,
        }
    }

    /// End of a currency name at `k`: *dollars*, *U.S. dollars*, *pounds sterling*, *EUR*.
    fn currency_after(&self, k: usize) -> Option<usize> {
        let word = self.s(k);
        // Lowercase (or shouted): *six Euro ties* is about a tournament.
        let plain_case = !is_capitalized(word) || word.chars().all(|c| !c.is_lowercase());
        if one_of(word, &CURRENCY_WORDS) && plain_case {
            return Some(k + 1);
        }
        if one_of(word, &DOLLAR_NATIONS) && one_of(self.s(k + 1), &["dollar", "dollars"]) {
            return Some(k + 2);
        }
        if one_of(word, &["pound", "pounds"]) && self.is(k + 1, "sterling") {
            return Some(k + 2);
        }
        if one_of(word, &CURRENCY_CODES) && word.chars().all(|c| c.is_ascii_uppercase()) {
            return Some(k + 1);
        }
        None
    }

    /// End of a percent sign or word at `k`: *%*, *percent*, *per cent*, *percentage points*.
    fn percent_after(&self, k: usize) -> Option<usize> {
        let word = self.s(k);
        if word == "%" || one_of(word, &["percent", "pct"]) {
            return Some(k + 1);
        }
        if word.eq_ignore_ascii_case("per") && self.is(k + 1, "cent") {
            return Some(k + 2);
        }
        if word.eq_ignore_ascii_case("percentage") && one_of(self.s(k + 1), &["point", "points"]) {
            return Some(k + 2);
        }
        None
    }

    /// MONEY with the currency first: *$1.2 billion*, *US$5*, *€40 million*, *USD 5 million*.
    fn money_before(&self, k: usize) -> Option<Hit> {
        let word = self.s(k);
        // Signs are no words: a word must be one of the dollar prefixes or currency codes.
        if self.kind(k) == Some(TokenKind::Word) && word_bits(word) & MONEY_FIRST == 0 {
            return None;
        }
        let amount_at = if one_of(word, &CURRENCY_SIGNS) {
            k + 1
        } else if one_of(word, &DOLLAR_PREFIXES) && self.s(k + 1) == "$" && self.glued(k + 1) {
            k + 2
        } else if one_of(word, &CURRENCY_CODES) && word.chars().all(|c| c.is_ascii_uppercase()) {
            k + 1
        } else {
            return None;
        };
        let next = self.s(amount_at);
        let end = if amount_with_scale(next) && !amount(next) {
            amount_at + 1
        } else if amount(next) {
            self.quantity(amount_at)?
        } else {
            return None;
        };
        Some(Hit::new(end, Label::Money).counted())
    }
}

/// *1st*, *21st*, *19th* — the ordinal before *century*.
fn ordinal_century(word: &str) -> bool {
    let cut = word.len().saturating_sub(2);
    let ordinal_suffix = word.get(cut..).is_some_and(|s| ["st", "nd", "rd", "th"].iter().any(|o| o.eq_ignore_ascii_case(s)));
    let bare = word.get(..cut).filter(|_| ordinal_suffix);
    bare.and_then(digits).is_some_and(|n| (1..=30).contains(&n))
        || one_of(word, &["first", "second", "third", "fourth", "fifth", "eighteenth", "nineteenth", "twentieth", "twenty-first"])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern spans of `text` as (text, label) pairs.
    fn spans(text: &str) -> Vec<(&str, &'static str)> {
        let doc = Doc::new(text);
        find(&doc).into_iter().map(|(s, e, l)| (&text[s..e], l.as_str())).collect()
    }

    #[test]
    fn dates() {
        assert_eq!(spans("He was sworn in on January 20."), [("January 20", "DATE")]);
        assert_eq!(spans("It opened Jan. 20, 2017, in Paris."), [("Jan. 20, 2017", "DATE")]);
        assert_eq!(spans("Talks are set for May 3-4 in Oslo."), [("May 3-4", "DATE")]);
        assert_eq!(spans("The filing is dated 2017-05-10."), [("2017-05-10", "DATE")]);
        assert_eq!(spans("She spoke on Wednesday."), [("Wednesday", "DATE")]);
        assert_eq!(spans("Prices rose last month and fell last year."), [("last month", "DATE"), ("last year", "DATE")]);
        assert_eq!(spans("He ruled for six years."), [("six years", "DATE")]);
        assert_eq!(spans("Over the past six years, it grew."), [("the past six years", "DATE")]);
        assert_eq!(spans("It was founded in 1996."), [("1996", "DATE")]);
        assert_eq!(spans("Music of the 1990s and the ’90s."), [("the 1990s", "DATE"), ("the ’90s", "DATE")]);
        assert_eq!(spans("Back in ’90s Paris."), [("’90s", "DATE")]);
        assert_eq!(spans("He left earlier this year."), [("earlier this year", "DATE")]);
        assert_eq!(spans("It rained this past weekend."), [("this past weekend", "DATE")]);
        assert_eq!(spans("Unemployment is in the mid-30s, as in the mid-90s."), [("the mid-90s", "DATE")]);
        assert_eq!(spans("Open Monday through Friday, from May to July, between 2016 and 2018."), [("Monday through Friday", "DATE"), ("May to July", "DATE"), ("between 2016 and 2018", "DATE")]);
        assert_eq!(spans("Six years to the day, in 2016 and 2018."), [("Six years", "DATE"), ("2016", "DATE"), ("2018", "DATE")]);
        assert_eq!(spans("By the end of the year, or the end of August, in the coming weeks."), [("the end of the year", "DATE"), ("the end of August", "DATE"), ("the coming weeks", "DATE")]);
        assert_eq!(spans("In the summer of 2016 and in spring 2017, not in summer."), [("the summer of 2016", "DATE"), ("spring 2017", "DATE")]);
        assert_eq!(spans("He arrived six years ago."), [("six years ago", "DATE")]);
        assert_eq!(spans("A 45-year-old man was hurt."), [("45-year-old", "DATE")]);
        assert_eq!(spans("On 20 January 2017 he left."), [("20 January 2017", "DATE")]);
        assert_eq!(spans("It fell on Monday, Jan. 20, 2017."), [("Monday, Jan. 20, 2017", "DATE")]);
        assert_eq!(spans("Growth slowed in the mid-1990s and in early 2017."), [("the mid-1990s", "DATE"), ("early 2017", "DATE")]);
        assert_eq!(spans("It ended in the 21st century."), [("the 21st century", "DATE")]);
        assert_eq!(spans("It has lasted more than six years."), [("more than six years", "DATE")]);
    }

    #[test]
    fn false_friends_are_not_dates() {
        assert_eq!(spans("May I ask? She may leave."), []);
        assert_eq!(spans("Theresa May spoke."), []);
        assert_eq!(spans("Protesters march on the capital."), []);
        assert_eq!(spans("The March for Our Lives drew crowds."), []);
        assert_eq!(spans("He paid $ for nothing. $"), []);
        assert_eq!(spans("He counted 1,500 votes and 17 seats."), []);
        assert_eq!(spans("Jan said no."), []);
        assert_eq!(spans("He told USA Today and Russia Today."), []);
        assert_eq!(spans("Today he left."), [("Today", "DATE")]);
        assert_eq!(spans("The score was 3-4."), []);
    }

    #[test]
    fn ambiguous_months_after_prepositions() {
        assert_eq!(spans("It happened in May."), [("May", "DATE")]);
        assert_eq!(spans("Since March, prices rose."), [("March", "DATE")]);
        assert_eq!(spans("It happened in December."), [("December", "DATE")]);
        assert_eq!(spans("By May 2018 it was over."), [("May 2018", "DATE")]);
    }

    #[test]
    fn a_bare_year_is_a_date() {
        assert_eq!(spans("2016 was hard."), [("2016", "DATE")]);
        assert_eq!(spans("In 1776 it began."), [("1776", "DATE")]);
        assert_eq!(spans("Route 1776 is closed."), []);
    }

    #[test]
    fn times() {
        assert_eq!(spans("It starts at 10:30 a.m. ET on Sunday."), [("10:30 a.m. ET", "TIME"), ("Sunday", "DATE")]);
        assert_eq!(spans("We met at noon."), [("noon", "TIME")]);
        assert_eq!(spans("It was Sunday morning."), [("Sunday morning", "TIME")]);
        assert_eq!(spans("He left last night at 9pm."), [("last night", "TIME"), ("9pm", "TIME")]);
        assert_eq!(spans("It took about two hours."), [("about two hours", "TIME")]);
        assert_eq!(spans("Doors open at 7 p.m. local time."), [("7 p.m. local time", "TIME")]);
        assert_eq!(spans("The debate starts at 9 p.m. Eastern time."), [("9 p.m. Eastern time", "TIME")]);
        assert_eq!(spans("Open from 6:00 a.m. to 9:00 a.m. daily."), [("6:00 a.m. to 9:00 a.m.", "TIME")]);
        assert_eq!(spans("At the end of the day, it failed."), []);
    }

    #[test]
    fn money() {
        assert_eq!(spans("It cost $1.2 billion."), [("$1.2 billion", "MONEY")]);
        assert_eq!(spans("A €40 million deal and £5 each."), [("€40 million", "MONEY"), ("£5", "MONEY")]);
        assert_eq!(spans("They paid 1.5 million dollars."), [("1.5 million dollars", "MONEY")]);
        assert_eq!(spans("They lost about US$5m in 2017."), [("about US$5m", "MONEY"), ("2017", "DATE")]);
        assert_eq!(spans("It spent millions of dollars."), [("millions of dollars", "MONEY")]);
        assert_eq!(spans("A bill of more than $2,000 arrived."), [("more than $2,000", "MONEY")]);
        assert_eq!(spans("Fees of USD 5 million apply."), [("USD 5 million", "MONEY")]);
        assert_eq!(spans("Pay rose to between $30,000 and $40,000."), [("between $30,000 and $40,000", "MONEY")]);
        assert_eq!(spans("Bids from $5 million to $10 million came."), [("$5 million to $10 million", "MONEY")]);
        assert_eq!(spans("The bond fell C$0.45 to C$101.15."), [("C$0.45", "MONEY"), ("C$101.15", "MONEY")]);
        assert_eq!(spans("He missed six Euro ties."), []);
        assert_eq!(spans("It cost $2016."), [("$2016", "MONEY")]);
    }

    #[test]
    fn percent() {
        assert_eq!(spans("Turnout was 45% and 45 percent."), [("45%", "PERCENT"), ("45 percent", "PERCENT")]);
        assert_eq!(spans("Up 12.5 per cent, or nearly five percentage points."), [("12.5 per cent", "PERCENT"), ("nearly five percentage points", "PERCENT")]);
        assert_eq!(spans("Rates of 10-15% and between 10 and 15 percent."), [("10-15%", "PERCENT"), ("between 10 and 15 percent", "PERCENT")]);
        assert_eq!(spans("The % sign."), []);
        assert_eq!(spans("Cut emissions by 2030 to 32 percent."), [("2030", "DATE"), ("32 percent", "PERCENT")]);
    }

    #[test]
    fn names_win_unless_strictly_inside() {
        let mut names = vec![(0, 12, Label::Person), (20, 26, Label::Place), (40, 45, Label::Org)];
        let found = vec![(8, 15, Label::Date), (18, 30, Label::Time), (40, 45, Label::Date), (50, 55, Label::Money)];
        merge(&mut names, found);
        assert_eq!(names, [(0, 12, Label::Person), (18, 30, Label::Time), (40, 45, Label::Org), (50, 55, Label::Money)]);
    }

    #[test]
    fn spans_never_cross_paragraphs() {
        assert_eq!(spans("He came in January\n\n20 people left."), [("January", "DATE")]);
    }

    /// Word soup from the scanner's own vocabulary, cut short anywhere: spans stay inside
    /// the text, in order, and never overlap.
    #[test]
    fn word_soup_never_panics() {
        let vocabulary = [
            "the", "past", "last", "next", "this", "a", "few", "six", "years", "ago", "May", "3-4", ",", "2017", "$", "US", "€",
            "1.2", "billion", "dollars", "%", "percent", "per", "cent", "between", "and", "to", "-", "10:30", "a.m.", "ET",
            "Sunday", "morning", "Jan.", "20", "’", "90s", "mid-1990s", "early", "earlier", "more", "than", "about", "of",
            "millions", "45-year-old", "noon", "the", "1990s", "21st", "century", "weekend", "😀", "é", "\n\n",
        ];
        let mut random = crate::test_random::XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(random.0 % 12) {
                let r = random.next();
                text.push_str(vocabulary[(r % vocabulary.len() as u64) as usize]);
                text.push(if r & 64 == 0 { ' ' } else { '\u{a0}' });
            }
            random.0 = random.0.wrapping_mul(6364136223846793005).wrapping_add(1);
            let doc = Doc::new(&text);
            let mut last_end = 0;
            for (s, e, _) in find(&doc) {
                assert!(last_end <= s && s < e && e <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                last_end = e;
            }
        }
    }

    /// The fast first test agrees with the plain one on every token of words around its
    /// edges: case, trailing periods, hyphens, lengths 7 to 17, non-ASCII, the text's end.
    #[test]
    fn opening_filter_matches_the_plain_test() {
        let words = [
            "the", "The", "THE", "the.", "Sept.", "sept", "September", "approximately", "Approximately.", "upwards", "x", "X.",
            "a", "A", "an", "An.", "mid-2017", "six-year", "a-b", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
            "abcdefghijklmnop.", "abcdefghijklmno-", "abcdefghijklmnopq-", "Ärger", "thé", "mañana", "$", "€", "£", "’", "‘", "'",
            "—", "“", "%", "US", "us", "HK", "nzd", "USD", "Usd", "twenty-five", "Today", "tomorrow", "noon", "Noon.", "@", "[",
            "`", "z", "Z", "{", "2017", "1,200", "U.S.", "e.g.", "mid", "Mid", "MAY", "mAy", "decemberr", "Ø", "end", "few",
        ];
        let text = words.join(" ");
        let openings = Openings::get();
        let check = |text: &str| {
            for t in &Doc::new(text).tokens {
                let fast = !matches!(openings.classify(text.as_bytes(), t), Opening::Nothing);
                assert_eq!(fast, may_start_plain(t.text(text), t.kind), "{:?} in {text:?}", t.text(text));
            }
        };
        check(&text);
        // Tokens at the very end, where fewer than eight bytes follow.
        words.iter().for_each(|w| check(w));
    }

    /// [`find`] with every token that may start a match handed to [`Scan::at`], without
    /// the look at the token after *the*, *a*, *an* and apostrophes.
    fn find_plain(doc: &Doc) -> Vec<(usize, usize, Label)> {
        let mut out = Vec::new();
        for para in &doc.paragraphs {
            let toks = &doc.tokens[para.tokens.clone()];
            let scan = Scan { text: doc.text, toks };
            let mut i = 0;
            while i < toks.len() {
                match scan.at(i).filter(|hit| may_start_plain(scan.s(i), toks[i].kind) && hit.end > i) {
                    Some(hit) => {
                        out.push((toks[i].start, toks[hit.end - 1].end, hit.label));
                        i = hit.end;
                    }
                    None => i += 1,
                }
            }
        }
        out
    }

    /// Every word the matchers know (their lists and the words written in their code, kept
    /// apart from the look-ahead sets on purpose), with signs, numbers and plain words.
    fn matcher_vocabulary() -> Vec<&'static str> {
        let lists: [&[&str]; 15] = [
            &MONTHS, &MONTH_ABBREVIATIONS, &WEEKDAYS, &SEASONS, &PARTS_OF_DAY, &PERIODS, &DATE_UNITS, &TIME_UNITS, &NUMBER_WORDS,
            &SCALES, &PLURAL_SCALES, &CURRENCY_WORDS, &CURRENCY_CODES, &APPROXIMATORS, &PREFIX_WORDS,
        ];
        let mut vocabulary: Vec<&str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
        vocabulary.extend([
            "$", "€", "%", "'", "’", "‘", ",", "-", "–", "—", ".", "the", "The", "a", "A", "an", "An", "A.", "The.", "past", "last",
            "next", "first", "previous", "coming", "following", "end", "beginning", "start", "middle", "rest", "second", "third",
            "fourth", "fifth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "early", "late", "mid", "mid-1990s",
            "Mid-2017", "weekend", "weekends", "few", "several", "many", "recent", "this", "century", "centuries", "of", "ago",
            "later", "earlier", "old", "o'clock", "percent", "per", "cent", "percentage", "points", "pound", "sterling", "to",
            "and", "through", "US", "Today", "today", "noon", "90s", "1990s", "21st", "2017", "1776", "6", "12", "10:30",
            "a.m.", "six-year", "45-year-old", "x", "Smith", "é",
        ]);
        vocabulary.extend(["$", "%", "pct", "percent", "per", "percentage", "o'clock", "O'Clock", "AM", "PM", "A.M.", "P.M."]);
        vocabulary.extend(["a.m", "p.m", "am", "pm", "Pounds", "pound", "U.S.", "u.s.", "US", "American", "EUR", "Eur", "eur"]);
        vocabulary.extend(DOLLAR_NATIONS);
        vocabulary
    }

    /// The table answers as the lists do, whatever the case, and never for a near miss.
    #[test]
    fn word_table_matches_the_lists() {
        let mut words = matcher_vocabulary();
        words.extend(["", "-", "six-", "-six", "sixx", "si", "USd", "uSD", "twenty-one", "Twenty", "ZERO", "thé", "o’clock"]);
        for word in words {
            for form in [word.to_string(), word.to_uppercase(), word.to_lowercase()] {
                let bits = word_bits(&form);
                assert_eq!(bits & NUMBER_WORD != 0, one_of(&form, &NUMBER_WORDS), "{form:?}");
                let money = one_of(&form, &DOLLAR_PREFIXES) || one_of(&form, &CURRENCY_CODES);
                assert_eq!(bits & MONEY_FIRST != 0, money, "{form:?}");
                let opens = OPENING_WORDS.iter().any(|list| one_of(&form, list));
                assert_eq!(bits & OPENS != 0, opens, "{form:?}");
            }
        }
    }

    /// The look ahead after an amount skips only words where [`Scan::counted`] finds
    /// nothing: every vocabulary word after a number, in three cases.
    #[test]
    fn amount_look_ahead_skips_no_match() {
        for word in matcher_vocabulary() {
            let mut chars = word.chars();
            let capitalized = chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
            for form in [word.to_string(), word.to_uppercase(), capitalized] {
                let text = format!("in 5 {form} of the year");
                let doc = Doc::new(&text);
                let scan = Scan { text: &text, toks: &doc.tokens };
                let k = 2;
                if !scan.may_follow_amount(k) {
                    assert!(scan.currency_after(k).is_none() && scan.percent_after(k).is_none(), "{text:?}");
                    assert!(scan.unit(k).is_none() && !is_meridiem(scan.s(k)) && !scan.is(k, "o'clock"), "{text:?}");
                }
            }
        }
    }

    /// The look ahead after *the*, *a*, *an* and apostrophes skips only tokens where
    /// [`Scan::at`] finds nothing: each of them before every word the matchers know and a
    /// continuation that completes a match, then in random soup of those words.
    #[test]
    fn look_ahead_skips_no_match() {
        let vocabulary = matcher_vocabulary();
        let tails = [
            "", "of the year", "of August", "of 2017", "of last year", "quarter of 2017", "years", "six years ago", "few weeks",
            "1990s", "’90s", "century", "2017", "million dollars", "percent", "weeks ago", "hours later", "$5",
        ];
        for opener in ["the", "The", "a", "A", "an", "’", "'"] {
            let glue = if opener.len() > 1 { " " } else { "" };
            for second in &vocabulary {
                for tail in tails {
                    let text = format!("in {opener}{glue}{second} {tail}");
                    let doc = Doc::new(&text);
                    assert_eq!(find(&doc), find_plain(&doc), "{text:?}");
                }
            }
        }
        let mut random = crate::test_random::XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(random.next() % 10) {
                let r = random.next();
                text.push_str(vocabulary[(r % vocabulary.len() as u64) as usize]);
                if r & 96 != 0 {
                    text.push(' ');
                }
            }
            let doc = Doc::new(&text);
            assert_eq!(find(&doc), find_plain(&doc), "{text:?}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "$", "€", "’", "the", "the past", "May", "10:", ":30", "a.m.", "99999999999999999999 years", "mid-", "1-", "-1%", "😀 $5 😀"] {
            let doc = Doc::new(text);
            for (s, e, _) in find(&doc) {
                assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }
}
