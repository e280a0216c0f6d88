//! Entity grouping: one group per real-world person, organization, place, group of people or
//! event, with every mention, title and quote of it.
//!
//! Which entities get a group: PERSON, ORG, PLACE, NORP and EVENT. Dates, times, amounts and
//! percentages are values, not things that can be mentioned again or speak, so they keep
//! `group: null`.
//!
//! Merge rules, applied to mentions in text order (each has a case in `tests/cases/speakers/`):
//! - a name is compared without its titles (*President*, *Mr.*, *Foreign Minister*), a leading
//!   *the* and a possessive (*Trump's*);
//! - a person's full name joins the group whose last name matches and whose first name is the
//!   same, an initial of it, a spelling variant of it, or still unknown (*Trump* before
//!   *Donald Trump*);
//! - a one-word mention of a person joins the group whose last (or first) name it is;
//! - spelling and transliteration variants are equal names under [`similar_names`] — a
//!   general rule (case, `y`/`i`, `c`/`k`/`q`, doubled letters, vowels of long names), not a
//!   table of people;
//! - a one-word organization or place that is the surname of a person already named in full
//!   (*meet Trump* tagged ORG after *Donald Trump*) joins that person: a labelling slip;
//! - an acronym (*FBI*, *U.N.*) joins the group whose name has those initials, either way round;
//! - a one-word organization name joins the organization whose name ends with it (*the
//!   Ledger* after *the Daily Ledger*), unless the word is generic (*Department*, *Party*);
//! - other labels merge on equal names only.
//!
//! Tie-break when a one-word mention fits several people (*Clinton* after *Bill Clinton* and
//! *Hillary Clinton*): an honorific's gender (*Mrs.*, *Mr.*) when a first-name list knows both
//! genders, else the person mentioned most often so far, else the one mentioned last. Two full
//! names with different first names are never merged.
//!
//! Time: each mention is compared with the groups sharing its last word's initial letter only.
//!
//! Cost: each distinct name is parsed once into buffers the whole article shares ([`Names`]),
//! and each lookup string is hashed once, into an index of per-string [`Claims`]; so grouping
//! allocates per article, not per name or mention, apart from the output's own strings. The
//! hash maps keep std's randomly keyed SipHash: their keys are article text.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::annotation::{Entity, Group, Label, Quote};
use crate::lexicon::{is_org_suffix, is_title_modifier, is_title_word};
use crate::text::Doc;

/// Whether entities of this label get a group.
fn groupable(label: Label) -> bool {
    matches!(label, Label::Person | Label::Org | Label::Place | Label::Norp | Label::Event)
}

/// Written forms and titles kept per group: enough for any article, bounded for any input.
const MAX_FORMS: usize = 24;

/// A byte range in one of the [`Names`] buffers.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: usize,
    end: usize,
}

/// The text of `span` in `buffer` (empty if it were out of range, which it never is).
fn slice(buffer: &str, span: Span) -> &str {
    buffer.get(span.start..span.end).unwrap_or("")
}

/// Distinct names parsed into three shared buffers: parsing allocates nothing per name, and
/// the lookups borrow their keys (`&str`) from `lower` instead of owning copies.
#[derive(Default)]
struct Names {
    /// Each name's lowercase words, one space apart (so its words joined by spaces, its key,
    /// are one slice), then its acronym and initials, if any.
    lower: String,
    /// Each name's titles and written form.
    written: String,
    /// The words of every name, in `lower`; one name's words are consecutive.
    word_spans: Vec<Span>,
    parsed: Vec<Name>,
}

/// A mention's name: the written form without titles, a leading `the` and possessive, its
/// lowercase words, and the keys the lookups use. Spans are in its [`Names`].
struct Name {
    label: Label,
    /// The next name parsed from the same text with another label, if any.
    same_text: Option<usize>,
    form: Span,
    /// Titles stripped from the front (*President*, *Mr.*), in `written`.
    titles: Option<Span>,
    /// Its words are `word_spans[first_word..first_word + word_count]`.
    first_word: usize,
    word_count: usize,
    /// Its [`last_name`], in `lower` (found once: people are compared by it often).
    last_name: Option<Span>,
    /// The acronym its form is (*U.N.* → `un`), in `lower`.
    acronym: Option<Span>,
    /// The initials of its words, skipping small words (*Bank of England* → `be`), in `lower`.
    initials: Option<Span>,
    /// For a person: the spelling-key initial of the last name and, for a full name, of the
    /// first name (see [`PeopleByLetter`]).
    last_letter: Option<char>,
    first_letter: Option<char>,
}

impl Names {
    /// Forgets every name, keeping the buffers' capacity.
    fn clear(&mut self) {
        self.lower.clear();
        self.written.clear();
        self.word_spans.clear();
        self.parsed.clear();
    }

    fn get(&self, at: usize) -> NameRef<'_> {
        NameRef { names: self, name: &self.parsed[at] }
    }

    /// The name parsed from `text` (whose first parsed name is `first`) with `label`, parsed
    /// now if it is the first with that label.
    fn of_label(&mut self, first: usize, text: &str, label: Label) -> usize {
        let mut at = first;
        loop {
            match self.parsed.get(at) {
                Some(name) if name.label == label => return at,
                Some(Name { same_text: Some(next), .. }) => at = *next,
                _ => break,
            }
        }
        let new = self.parse(text, label);
        if let Some(last) = self.parsed.get_mut(at) {
            last.same_text = Some(new);
        }
        new
    }

    /// Parses `text` as a name of `label` and returns its index.
    fn parse(&mut self, text: &str, label: Label) -> usize {
        // ASCII without a vertical tab (the one whitespace character that is not ASCII
        // whitespace) splits into the same words on ASCII whitespace, which is faster.
        if text.is_ascii() && !text.contains('\x0B') {
            self.parse_words(text.split_ascii_whitespace(), label)
        } else {
            self.parse_words(text.split_whitespace(), label)
        }
    }

    /// Parses a name of `label` from its words (split on whitespace).
    fn parse_words<'t>(&mut self, mut raw: impl Iterator<Item = &'t str>, label: Label) -> usize {
        let person = label == Label::Person;
        // The current word and the one after it: a title is never the last word, and only
        // the last word loses a possessive.
        let mut current = raw.next();
        if current.is_some_and(|w| w.eq_ignore_ascii_case("the")) {
            current = raw.next();
        }
        let mut following = raw.next();
        let mut titles = None;
        if person {
            let start = self.written.len();
            while let (Some(w), Some(_)) = (current, following) {
                // The honorifics first: a `match`, not a lexicon search.
                if !(is_honorific(w) || is_title_word(w) || is_title_modifier(w)) {
                    break;
                }
                if self.written.len() > start {
                    self.written.push(' ');
                }
                self.written.push_str(w);
                current = following;
                following = raw.next();
            }
            titles = (self.written.len() > start).then_some(Span { start, end: self.written.len() });
        }
        let form_start = self.written.len();
        let first_word = self.word_spans.len();
        while let Some(w) = current {
            let w = if following.is_none() { strip_possessive(w) } else { w };
            if self.written.len() > form_start {
                self.written.push(' ');
            }
            self.written.push_str(w);
            let word = w.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                if self.word_spans.len() > first_word {
                    self.lower.push(' ');
                }
                let start = self.lower.len();
                push_lowercase(&mut self.lower, word);
                self.word_spans.push(Span { start, end: self.lower.len() });
            }
            current = following;
            following = raw.next();
        }
        let form = Span { start: form_start, end: self.written.len() };
        let word_count = self.word_spans.len() - first_word;

        let start = self.lower.len();
        let acronym = push_acronym(&mut self.lower, slice(&self.written, form)).then_some(Span { start, end: self.lower.len() });

        // Initials: the first letter of each word but the small ones, for two such words or more.
        let is_small = |w: &str| matches!(w, "of" | "the" | "for" | "and" | "on" | "in");
        let words = &self.word_spans[first_word..];
        let significant = words.iter().filter(|&&s| !is_small(slice(&self.lower, s))).count();
        let mut initials = None;
        if significant >= 2 {
            let start = self.lower.len();
            for at in first_word..self.word_spans.len() {
                let word = slice(&self.lower, self.word_spans[at]);
                if let Some(first) = word.chars().next().filter(|_| !is_small(word)) {
                    self.lower.push(first);
                }
            }
            initials = Some(Span { start, end: self.lower.len() });
        }

        let words = NameWords { lower: &self.lower, spans: &self.word_spans[first_word..] };
        let last_name = last_name(words);
        let last_letter = last_name.map(|s| slice(&self.lower, s)).filter(|_| person).and_then(spelling_initial);
        let first_letter = words.iter().next().filter(|_| person && word_count >= 2).and_then(spelling_initial);
        self.parsed.push(Name {
            label,
            same_text: None,
            form,
            titles,
            first_word,
            word_count,
            last_name,
            acronym,
            initials,
            last_letter,
            first_letter,
        });
        self.parsed.len() - 1
    }
}

/// A name's words in `lower`.
#[derive(Clone, Copy)]
struct NameWords<'a> {
    lower: &'a str,
    spans: &'a [Span],
}

impl<'a> NameWords<'a> {
    fn iter(self) -> impl DoubleEndedIterator<Item = &'a str> + Clone {
        self.spans.iter().map(move |&s| slice(self.lower, s))
    }
}

/// A parsed name with the buffers its spans point into.
#[derive(Clone, Copy)]
struct NameRef<'a> {
    names: &'a Names,
    name: &'a Name,
}

impl<'a> NameRef<'a> {
    fn form(self) -> &'a str {
        slice(&self.names.written, self.name.form)
    }

    fn titles(self) -> Option<&'a str> {
        self.name.titles.map(|s| slice(&self.names.written, s))
    }

    fn words(self) -> NameWords<'a> {
        let spans = self.names.word_spans.get(self.name.first_word..self.name.first_word + self.name.word_count).unwrap_or(&[]);
        NameWords { lower: &self.names.lower, spans }
    }

    fn word_count(self) -> usize {
        self.name.word_count
    }

    /// Its first word (`""` when it has none).
    fn first_word(self) -> &'a str {
        self.words().iter().next().unwrap_or("")
    }

    /// Its words joined by spaces: the exact-name lookup key.
    fn key(self) -> &'a str {
        let spans = self.words().spans;
        match (spans.first(), spans.last()) {
            (Some(first), Some(last)) => slice(&self.names.lower, Span { start: first.start, end: last.end }),
            _ => "",
        }
    }

    fn last_name(self) -> Option<&'a str> {
        self.name.last_name.map(|s| slice(&self.names.lower, s))
    }

    fn acronym(self) -> Option<&'a str> {
        self.name.acronym.map(|s| slice(&self.names.lower, s))
    }

    fn initials(self) -> Option<&'a str> {
        self.name.initials.map(|s| slice(&self.names.lower, s))
    }
}

/// Appends `word.to_lowercase()`, without the intermediate string: `str::to_lowercase` is
/// per-character lowercasing except for the final-sigma rule, which only `Σ` needs.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else if word.contains('Σ') {
        out.push_str(&word.to_lowercase());
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    w
}

fn is_honorific(w: &str) -> bool {
    matches!(w, "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr" | "Miss" | "Sir" | "Dame" | "Lord" | "Lady")
}

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The last name: the last word that is not a generational suffix.
/// An Arabic article before it is dropped (`al-Assad` and `Assad` are one name).
fn last_name(words: NameWords) -> Option<Span> {
    let &span = words.spans.iter().rfind(|&&s| !SUFFIXES.contains(&slice(words.lower, s)))?;
    let w = slice(words.lower, span);
    let article = ["al-", "el-"].iter().find(|p| w.len() > p.len() && w.starts_with(*p)).map_or(0, |p| p.len());
    Some(Span { start: span.start + article, end: span.end })
}

/// Appends the spelling key of `w`: lowercase, `y`→`i`, `c`/`q`→`k`, `ph`→`f`, `x`→`ks`,
/// doubled letters once.
fn push_spelling_key(out: &mut String, w: &str) {
    let start = out.len();
    if w.is_ascii() {
        push_spelling_key_of_lowercase(out, start, w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else if w.contains('Σ') {
        push_spelling_key_of_lowercase(out, start, w.to_lowercase().chars());
    } else {
        push_spelling_key_of_lowercase(out, start, w.chars().flat_map(char::to_lowercase));
    }
}

/// [`push_spelling_key`] of the characters of a lowercase word; the key starts at `start`.
fn push_spelling_key_of_lowercase(out: &mut String, start: usize, lower: impl Iterator<Item = char>) {
    let mut chars = lower.peekable();
    while let Some(c) = chars.next() {
        // `ph` reads as `f` (left to right, as `str::replace` would).
        let c = if c == 'p' && chars.peek() == Some(&'h') {
            chars.next();
            'f'
        } else {
            c
        };
        let c = match c {
            'y' => 'i',
            'c' | 'q' => 'k',
            'x' => {
                out.push('k');
                's'
            }
            'é' | 'è' | 'ë' => 'e',
            'á' | 'à' | 'ä' => 'a',
            'ó' | 'ö' => 'o',
            'í' => 'i',
            'ú' | 'ü' => 'u',
            c => c,
        };
        // A doubled letter once: compare with the key's own last character.
        if out.len() == start || !out.ends_with(c) {
            out.push(c);
        }
    }
}

/// The first character of the spelling key of `w`, without building the key.
fn spelling_initial(w: &str) -> Option<char> {
    let (first, then_h) = match w.as_bytes() {
        // An ASCII first letter (nearly always) needs no case tables; and only `H` lowercases
        // to `h`, so the next byte alone says whether it is `ph`.
        [b, rest @ ..] if b.is_ascii() => (char::from(b.to_ascii_lowercase()), rest.first().is_some_and(|c| c.eq_ignore_ascii_case(&b'h'))),
        _ => {
            // Per-character lowercasing agrees with `str::to_lowercase` on a first character.
            let mut lower = w.chars().flat_map(char::to_lowercase);
            (lower.next()?, lower.next() == Some('h'))
        }
    };
    if first == 'p' && then_h {
        return Some('f');
    }
    Some(match first {
        'y' | 'í' => 'i',
        'c' | 'q' | 'x' => 'k',
        'é' | 'è' | 'ë' => 'e',
        'á' | 'à' | 'ä' => 'a',
        'ó' | 'ö' => 'o',
        'ú' | 'ü' => 'u',
        c => c,
    })
}

/// Two written forms of one name (*Sergei*/*Sergey*, *Hillary*/*Hilary*, *Aleksandr*/
/// *Alexander*): equal spelling keys, or — for names of four consonants or more — the same
/// consonant skeleton with the same first letter.
#[allow(dead_code)] // the rule in one call (tests); matching compares spellings computed once per name
pub(crate) fn similar_names(a: &str, b: &str) -> bool {
    let mut keys = String::new();
    let (a_spelling, b_spelling) = (push_spelling(&mut keys, a), push_spelling(&mut keys, b));
    a == b || a_spelling.of(&keys).similar(b_spelling.of(&keys))
}

/// A word's spelling key and consonant skeleton (spans of [`Scratch::spelling_keys`]), for
/// [`similar_names`]: computed when the word is first compared with a different one, then
/// kept (per group, per new name) instead of being rebuilt for every comparison.
#[derive(Clone, Copy, Debug)]
struct Spelling {
    key: Span,
    /// The key without `a`, `e`, `i`, `o`, `u`.
    skeleton: Span,
    skeleton_chars: usize,
}

/// Appends the spelling key of `word` and its skeleton to `keys` and returns where they are.
fn push_spelling(keys: &mut String, word: &str) -> Spelling {
    let start = keys.len();
    push_spelling_key(keys, word);
    let key = Span { start, end: keys.len() };
    let mut skeleton_chars = 0;
    let mut at = key.start;
    while let Some(c) = keys.get(at..key.end).and_then(|rest| rest.chars().next()) {
        at += c.len_utf8();
        if !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') {
            keys.push(c);
            skeleton_chars += 1;
        }
    }
    Spelling { key, skeleton: Span { start: key.end, end: keys.len() }, skeleton_chars }
}

impl Spelling {
    fn of(self, keys: &str) -> SpellingOf<'_> {
        SpellingOf { key: slice(keys, self.key), skeleton: slice(keys, self.skeleton), skeleton_chars: self.skeleton_chars }
    }
}

/// A [`Spelling`] with its texts.
#[derive(Clone, Copy)]
struct SpellingOf<'a> {
    key: &'a str,
    skeleton: &'a str,
    skeleton_chars: usize,
}

impl SpellingOf<'_> {
    /// [`similar_names`] once the words differ.
    fn similar(self, other: SpellingOf) -> bool {
        self.key == other.key || (self.key.chars().next() == other.key.chars().next() && self.skeleton == other.skeleton && self.skeleton_chars >= 4)
    }
}

/// [`similar_names`] of `a` and `b`, their spellings computed into `keys` (and remembered in
/// the slots, which hold, or will hold, the spellings of exactly these words) only when the
/// words differ.
fn similar_spelled(a: &str, a_spelling: &mut Option<Spelling>, b: &str, b_spelling: &mut Option<Spelling>, keys: &mut String) -> bool {
    if a == b {
        return true;
    }
    let a_spelling = *a_spelling.get_or_insert_with(|| push_spelling(keys, a));
    let b_spelling = *b_spelling.get_or_insert_with(|| push_spelling(keys, b));
    a_spelling.of(keys).similar(b_spelling.of(keys))
}

/// Appends the acronym `form` is, if it is one (`FBI`, `U.N.` → `fbi`, `un`), and says whether.
fn push_acronym(out: &mut String, form: &str) -> bool {
    let mut letters = form.chars().filter(|c| *c != '.');
    let count = letters.clone().take(7).count();
    if !(2..=6).contains(&count) || !letters.clone().all(char::is_uppercase) {
        return false;
    }
    if form.contains('Σ') {
        // The final-sigma rule looks at neighbours: lowercase the letters as one string.
        out.push_str(&letters.collect::<String>().to_lowercase());
    } else {
        out.extend(letters.by_ref().flat_map(char::to_lowercase));
    }
    true
}

fn female_honorific<'t>(mut titles: impl Iterator<Item = &'t str>) -> Option<bool> {
    titles.find_map(|t| match t.split_whitespace().next_back() {
        Some("Mrs." | "Ms." | "Mrs" | "Ms" | "Miss" | "Lady" | "Dame") => Some(true),
        Some("Mr." | "Mr" | "Sir" | "Lord") => Some(false),
        _ => None,
    })
}

/// The groups that claimed one lookup string, per way of looking it up. Each is first-come:
/// the first group to claim a string that way keeps it.
#[derive(Clone, Copy, Default)]
struct Claims {
    /// As a name's words joined by spaces, per groupable label ([`label_slot`]).
    name: [Option<usize>; 5],
    /// As the acronym a name is written as (*FBI*).
    acronym: Option<usize>,
    /// As the initials of a name of several words.
    initials: Option<usize>,
    /// As the last name of a person named in full.
    surname: Option<usize>,
    /// As the last word of an organization's name of several words.
    org_last_word: Option<usize>,
}

/// Where a groupable label's group is in [`Claims::name`].
fn label_slot(label: Label) -> usize {
    match label {
        Label::Person => 0,
        Label::Org => 1,
        Label::Place => 2,
        Label::Norp => 3,
        _ => 4,
    }
}

/// A name's lookup strings as indexes of their [`Claims`]: each distinct string is hashed
/// once per article, however often it is looked up or claimed.
#[derive(Clone, Copy)]
struct NameKeys {
    /// Its words joined by spaces (for one word, that word).
    key: usize,
    acronym: Option<usize>,
    initials: Option<usize>,
    /// For a person named in full: the last name.
    surname: Option<usize>,
    /// For an organization named in several words: the last word.
    last_word: Option<usize>,
}

/// The index of `text` in `interned`, a new one if it is new.
fn intern<'n>(interned: &mut HashMap<&'n str, usize>, text: &'n str) -> usize {
    let next = interned.len();
    *interned.entry(text).or_insert(next)
}

/// What a distinct name has during grouping: its lookup strings, and its group once one of
/// its mentions has been grouped.
#[derive(Clone, Copy)]
struct NameState {
    keys: NameKeys,
    group: Option<usize>,
}

/// Interns every lookup string of every name.
fn intern_names<'n>(names: &'n Names, interned: &mut HashMap<&'n str, usize>) -> Vec<NameState> {
    // Initials are only looked up as acronyms, and acronyms as initials: initials that are no
    // name's acronym can neither match nor be matched, so they are left out (compared with a
    // few acronyms directly, which is cheaper than hashing them).
    let acronyms: Vec<&str> = names.parsed.iter().filter_map(|n| n.acronym).map(|s| slice(&names.lower, s)).collect();
    let may_match = |initials: &&str| acronyms.len() > 16 || acronyms.contains(initials);
    (0..names.parsed.len())
        .map(|ni| {
            let name = names.get(ni);
            let (label, several_words) = (name.name.label, name.word_count() >= 2);
            let key = intern(interned, name.key());
            let keys = NameKeys {
                key,
                // Usually the key itself (`FBI` is the word `fbi`): no second hash then.
                acronym: name.acronym().map(|a| if a == name.key() { key } else { intern(interned, a) }),
                initials: name.initials().filter(may_match).map(|i| intern(interned, i)),
                surname: name.last_name().filter(|_| label == Label::Person && several_words).map(|w| intern(interned, w)),
                last_word: name.words().iter().next_back().filter(|_| label == Label::Org && several_words).map(|w| intern(interned, w)),
            };
            NameState { keys, group: None }
        })
        .collect()
}

/// Lists that grow one item at a time, kept as chains through one shared vector: a group's
/// written forms and roles without two vectors per group.
struct Chains<T> {
    links: Vec<(T, usize)>,
}

/// One list in [`Chains`]: its first and last link (or [`Chain::END`]) and its length.
#[derive(Clone, Copy)]
struct Chain {
    head: usize,
    tail: usize,
    len: usize,
}

impl Chain {
    const END: usize = usize::MAX;
    const EMPTY: Chain = Chain { head: Chain::END, tail: Chain::END, len: 0 };
}

impl<T: Copy> Chains<T> {
    fn with_capacity(capacity: usize) -> Self {
        Chains { links: Vec::with_capacity(capacity) }
    }

    fn push(&mut self, chain: &mut Chain, item: T) {
        let at = self.links.len();
        self.links.push((item, Chain::END));
        match self.links.get_mut(chain.tail) {
            Some(tail) => tail.1 = at,
            None => chain.head = at,
        }
        chain.tail = at;
        chain.len += 1;
    }

    fn iter(&self, chain: Chain) -> impl Iterator<Item = T> + '_ {
        let mut at = chain.head;
        std::iter::from_fn(move || {
            let &(item, next) = self.links.get(at)?;
            at = next;
            Some(item)
        })
    }
}

/// A mention's name (if it has a groupable label) and the next mention of its group.
struct MentionState {
    name: Option<usize>,
    next_in_group: usize,
}

/// A group being built. Its mentions are chained through [`MentionState::next_in_group`].
struct Draft {
    label: Label,
    /// The most complete name seen so far (most words), in the article's [`Names`].
    best: usize,
    /// The spellings of that name's last name and first word, once compared.
    last_spelling: Option<Spelling>,
    first_spelling: Option<Spelling>,
    first_mention: usize,
    latest_mention: usize,
    mention_count: usize,
    /// Every distinct written form and title seen (at most [`MAX_FORMS`] each), in `texts`.
    forms: Chain,
    roles: Chain,
}

/// Groups the entities, sets `entity.group` and `quote.speaker_group`, returns the groups.
pub(crate) fn group(doc: &Doc, entities: &mut [Entity], quotes: &mut [Quote], speakers: &[Option<usize>]) -> Vec<Group> {
    let _ = doc;
    let mentions: &[Entity] = entities;
    // Sized for an article's names up front (no regrowth on the common size: the names' text
    // is an upper bound, as names repeat), bounded so that a huge input grows them only as
    // needed.
    let (groupable_count, groupable_bytes) = mentions.iter().filter(|e| groupable(e.label)).fold((0, 0), |(n, b), e| (n + 1, b + e.text.len()));
    let expected_names = groupable_count.min(256);
    let expected_bytes = groupable_bytes.min(256 * 24);

    // Each distinct written form and label is parsed once (names repeat through an article),
    // all before grouping, so that the lookups can borrow their keys from the parsed names.
    let mut names = Names::default();
    names.lower.reserve(expected_bytes + 16);
    names.written.reserve(expected_bytes);
    names.word_spans.reserve(expected_names + 8);
    names.parsed.reserve(expected_names);
    // Per mention: its name, and the next mention of its group (see `Draft`).
    let mut mention_states: Vec<MentionState> = Vec::with_capacity(mentions.len());
    // One hash table for two uses: first the name parsed from each text (by text alone: the
    // label is rarely another one), then, cleared, the lookup strings of the names (about
    // 1.5 per name).
    let mut table: HashMap<&str, usize> = HashMap::with_capacity(expected_names * 2);
    for e in mentions {
        let name = groupable(e.label).then(|| match table.entry(e.text.as_str()) {
            Entry::Occupied(first) => names.of_label(*first.get(), &e.text, e.label),
            Entry::Vacant(none) => *none.insert(names.parse(&e.text, e.label)),
        });
        mention_states.push(MentionState { name, next_in_group: Chain::END });
    }
    let names = names;

    // Lookups that keep matching linear: exact names, acronyms, initials, surnames and
    // organizations' last words in `claims`, and person groups by the first letter of their
    // last or first name.
    table.clear();
    table.reserve(names.parsed.len() * 2);
    let mut interned = table;
    let mut name_states = intern_names(&names, &mut interned);
    let mut claims = vec![Claims::default(); interned.len()];
    let mut drafts: Vec<Draft> = Vec::with_capacity(names.parsed.len());
    // Written forms and roles of all groups; roles borrow from the entities' titles.
    let mut texts: Chains<&str> = Chains::with_capacity(names.parsed.len() + 8);
    // Sized for the people named (each listed about once), so that they are not regrown.
    let people = names.parsed.iter().filter(|n| n.label == Label::Person).count();
    let mut people_by_letter = PeopleByLetter::with_capacity(2 * people);
    let mut scratch = Scratch::with_capacity(people);

    for (k, e) in mentions.iter().enumerate() {
        let Some(ni) = mention_states[k].name else { continue };
        let name = names.get(ni);
        if name.word_count() == 0 {
            continue;
        }
        let entity_title = e.title.as_ref().map(|t| t.text.as_str());
        let first_sight = name_states[ni].group.is_none();
        let g = match name_states[ni].group {
            // Seen before: its strings are claimed (all first-come), so only the mention
            // itself is added.
            Some(g) => g,
            None => {
                let at = Lookups {
                    names: &names,
                    name_states: &name_states,
                    claims: &claims,
                    interned: &interned,
                    people: &people_by_letter,
                };
                let g = match find_group(&mut drafts, &at, &mut scratch, e.label, ni, entity_title) {
                    Some(g) => g,
                    None => {
                        let d = Draft {
                            label: e.label,
                            best: ni,
                            last_spelling: None,
                            first_spelling: None,
                            first_mention: k,
                            latest_mention: k,
                            mention_count: 0,
                            forms: Chain::EMPTY,
                            roles: Chain::EMPTY,
                        };
                        drafts.push(d);
                        drafts.len() - 1
                    }
                };
                let keys = name_states[ni].keys;
                claims[keys.key].name[label_slot(e.label)].get_or_insert(g);
                if let Some(acronym) = keys.acronym {
                    claims[acronym].acronym.get_or_insert(g);
                }
                if let Some(initials) = keys.initials {
                    claims[initials].initials.get_or_insert(g);
                }
                if let Some(surname) = keys.surname {
                    claims[surname].surname.get_or_insert(g);
                }
                if let Some(last_word) = keys.last_word {
                    claims[last_word].org_last_word.get_or_insert(g);
                }
                name_states[ni].group = Some(g);
                g
            }
        };
        let d = &mut drafts[g];
        if d.mention_count > 0 {
            mention_states[d.latest_mention].next_in_group = k;
        }
        d.latest_mention = k;
        d.mention_count += 1;
        // A name seen before already gave its group its words, form and titles (groups only
        // gain them): only the mention's own title can be new.
        let name_titles = if first_sight { name.titles() } else { None };
        if first_sight {
            if name.word_count() > names.get(d.best).word_count() {
                d.best = ni;
                d.last_spelling = None;
                d.first_spelling = None;
            }
            let form = name.form();
            if d.forms.len < MAX_FORMS && !form.is_empty() && !texts.iter(d.forms).any(|f| f == form) {
                texts.push(&mut d.forms, form);
            }
        }
        for t in entity_title.into_iter().chain(name_titles) {
            if d.roles.len < MAX_FORMS && !texts.iter(d.roles).any(|r| r.eq_ignore_ascii_case(t)) {
                texts.push(&mut d.roles, t);
            }
        }
        if e.label == Label::Person {
            // A group is listed again only once it is out of the list's last 50.
            if let Some(c) = name.name.last_letter {
                if !people_by_letter.latest(ListedBy::LastName, c).take(50).any(|x| x == g) {
                    people_by_letter.push(ListedBy::LastName, c, g);
                }
            }
            if let Some(c) = name.name.first_letter {
                if !people_by_letter.latest(ListedBy::FirstName, c).take(50).any(|x| x == g) {
                    people_by_letter.push(ListedBy::FirstName, c, g);
                }
            }
        }
    }
    // Every name with words now has a group.
    let group_of = |k: usize| mention_states.get(k).and_then(|m| m.name).and_then(|ni| name_states[ni].group);

    // Drafts open at their first mention, in text order, so a draft's index is its number
    // (groups are numbered by first mention), and every draft has a mention.
    let mut groups: Vec<Group> = Vec::with_capacity(drafts.len());
    for (n, d) in drafts.iter().enumerate() {
        let name = names.get(d.best).form();
        let mut roles: Vec<String> = texts.iter(d.roles).map(str::to_string).collect();
        // Most complete first; stable, so equally long roles keep the order they were seen in.
        roles.sort_by_key(|r| std::cmp::Reverse(r.split_whitespace().count()));
        let mut group_mentions = Vec::with_capacity(d.mention_count);
        let mut m = d.first_mention;
        while let Some(e) = mentions.get(m) {
            group_mentions.push(e.id.clone());
            m = mention_states[m].next_in_group;
        }
        groups.push(Group {
            id: group_id(n),
            label: d.label,
            name: name.to_string(),
            aliases: texts.iter(d.forms).filter(|f| *f != name).map(str::to_string).collect(),
            mentions: group_mentions,
            roles,
            quotes: Vec::new(),
        });
    }

    // A speaker name entity recognition missed (`Trump` in a headline) joins the group it names.
    // The groups are complete: the same speaker text always names the same group.
    let at = Lookups {
        names: &names,
        name_states: &name_states,
        claims: &claims,
        interned: &interned,
        people: &people_by_letter,
    };
    // Speakers' names are parsed one at a time into the same small buffers.
    let mut speaker_names = Names::default();
    let mut by_name_seen: HashMap<&str, Option<usize>> = HashMap::new();
    for (qi, q) in quotes.iter_mut().enumerate() {
        let Quote { id, speaker, speaker_group, .. } = q;
        let speaker = &*speaker;
        let by_entity = speakers.get(qi).copied().flatten().and_then(group_of);
        let named = || {
            // Checked before the cache: most such speakers are pronouns (`he`).
            let text = speaker.as_ref().map(|s| s.text.as_str()).filter(|t| may_be_named(t))?;
            *by_name_seen.entry(text).or_insert_with(|| group_named(text, &mut drafts, &at, &mut scratch, &mut speaker_names))
        };
        let g = by_entity.or_else(named);
        *speaker_group = g.map(|g| groups[g].id.clone());
        if let Some(g) = g {
            groups[g].quotes.push(id.clone());
        }
    }

    for (k, e) in entities.iter_mut().enumerate() {
        e.group = group_of(k).map(|g| groups[g].id.clone());
    }
    groups
}

/// Whether a speaker's text may name a group: capitalized, six words at most.
fn may_be_named(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase) && text.split_whitespace().nth(6).is_none()
}

/// The group a speaker's name (not an entity; see [`may_be_named`]) names, if any: an exact
/// name of a person, organization, place or group, else a person by the rules in the module
/// doc.
fn group_named(text: &str, drafts: &mut [Draft], at: &Lookups, scratch: &mut Scratch, store: &mut Names) -> Option<usize> {
    store.clear();
    let at_name = store.parse(text, Label::Person);
    let name = store.get(at_name);
    let key = name.key();
    if name.word_count() == 0 || crate::attribution::is_pronoun(key) {
        return None;
    }
    let claims = at.interned.get(key).map(|&at_key| at.claims[at_key]).unwrap_or_default();
    [Label::Person, Label::Org, Label::Place, Label::Norp]
        .iter()
        .find_map(|&l| claims.name[label_slot(l)])
        .or_else(|| match_person(drafts, at, scratch, name, None))
}

/// Which initial a person group is listed by.
#[derive(Clone, Copy)]
enum ListedBy {
    LastName,
    FirstName,
}

/// Person groups listed by the initial of their last name and of their first name, most
/// recent last. Each list is a chain linked backwards through one shared vector (not a vector
/// per letter): lists are only ever read from their end.
struct PeopleByLetter {
    /// The last link of each list, per [`ListedBy`].
    last_links: [LastLinks; 2],
    /// A listed group and the link before it.
    links: Vec<(usize, Option<usize>)>,
}

/// The last link of each letter's list.
#[derive(Default)]
struct LastLinks {
    /// `a` to `z` (nearly all letters), found without hashing.
    ascii: [Option<usize>; 26],
    other: HashMap<char, usize>,
}

impl LastLinks {
    /// Where `letter`'s list is in `ascii`, if it is there.
    fn ascii_slot(letter: char) -> Option<usize> {
        letter.is_ascii_lowercase().then(|| letter as usize - 'a' as usize)
    }

    fn get(&self, letter: char) -> Option<usize> {
        match LastLinks::ascii_slot(letter).and_then(|slot| self.ascii.get(slot)) {
            Some(&last) => last,
            None => self.other.get(&letter).copied(),
        }
    }

    /// Makes `at` the last link of `letter`'s list and returns the one before it.
    fn replace(&mut self, letter: char, at: usize) -> Option<usize> {
        match LastLinks::ascii_slot(letter).and_then(|slot| self.ascii.get_mut(slot)) {
            Some(last) => last.replace(at),
            None => self.other.insert(letter, at),
        }
    }
}

impl PeopleByLetter {
    fn with_capacity(links: usize) -> Self {
        PeopleByLetter { last_links: Default::default(), links: Vec::with_capacity(links) }
    }

    /// The groups listed under `letter`, most recent first.
    fn latest(&self, by: ListedBy, letter: char) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.last_links[by as usize].get(letter);
        std::iter::from_fn(move || {
            let &(g, before) = self.links.get(at?)?;
            at = before;
            Some(g)
        })
    }

    /// Appends the most recent [`RECENT`] groups listed under `letter` to `out`, oldest first.
    fn recent_into(&self, by: ListedBy, letter: char, out: &mut Vec<usize>) {
        let start = out.len();
        out.extend(self.latest(by, letter).take(RECENT));
        if let Some(added) = out.get_mut(start..) {
            added.reverse();
        }
    }

    fn push(&mut self, by: ListedBy, letter: char, g: usize) {
        let before = self.last_links[by as usize].replace(letter, self.links.len());
        self.links.push((g, before));
    }
}

/// The indexes a new name is matched against (see [`group`]).
struct Lookups<'l, 'n> {
    names: &'l Names,
    name_states: &'l [NameState],
    claims: &'l [Claims],
    /// The index in `claims` of each lookup string.
    interned: &'l HashMap<&'n str, usize>,
    people: &'l PeopleByLetter,
}

/// Buffers [`match_person`] reuses from one name to the next.
struct Scratch {
    /// The spelling keys of the words compared so far (see [`Spelling`]).
    spelling_keys: String,
    pool: Vec<usize>,
    /// Per group, whether it is in the pool being built (all false between calls).
    in_pool: Vec<bool>,
    candidates: Vec<usize>,
}

impl Scratch {
    /// Buffers for an article naming `people` distinct people, sized so that they are not
    /// regrown on the common sizes (a few spellings per person, a few people per letter).
    fn with_capacity(people: usize) -> Self {
        let bounded = people.min(RECENT);
        Scratch {
            spelling_keys: String::with_capacity(people * 24),
            pool: Vec::with_capacity(bounded),
            in_pool: Vec::new(),
            candidates: Vec::with_capacity(bounded.min(16)),
        }
    }
}

/// The group a name seen for the first time joins, by the rules in the module doc, if any.
fn find_group(drafts: &mut [Draft], at: &Lookups, scratch: &mut Scratch, label: Label, ni: usize, entity_title: Option<&str>) -> Option<usize> {
    let (name, keys) = (at.names.get(ni), at.name_states[ni].keys);
    let mut target = at.claims[keys.key].name[label_slot(label)];
    if target.is_none() {
        if let Some(acronym) = keys.acronym {
            target = at.claims[acronym].initials;
        }
    }
    if target.is_none() {
        if let Some(initials) = keys.initials {
            target = at.claims[initials].acronym.filter(|&g| drafts[g].label == label || matches!(label, Label::Org | Label::Place));
        }
    }
    if target.is_none() && label == Label::Person {
        target = match_person(drafts, at, scratch, name, entity_title);
    }
    // A one-word name's key is its word.
    let single_word = name.word_count() == 1;
    // A lone surname tagged as an organization or place (`Trump` in `meet Trump`) after the
    // person's full name: entity recognition's label slip, not another entity.
    if target.is_none() && single_word && matches!(label, Label::Org | Label::Place) {
        target = at.claims[keys.key].surname;
    }
    // `the Ledger` after `the Daily Ledger` (not a generic last word: `Department`, `Party`).
    if target.is_none() && single_word && label == Label::Org && !is_org_suffix(name.first_word()) {
        target = at.claims[keys.key].org_last_word;
    }
    target
}

/// `g0`, `g1`, ….
fn group_id(n: usize) -> String {
    crate::annotation::numbered_id('g', n)
}

/// Person groups [`match_person`] considers per letter: the most recent ones.
const RECENT: usize = 200;

/// The last [`RECENT`] entries of a list.
fn recent(list: &[usize]) -> &[usize] {
    &list[list.len().saturating_sub(RECENT)..]
}

/// The person group a name belongs to, by the rules in the module doc.
fn match_person(drafts: &mut [Draft], at: &Lookups, scratch: &mut Scratch, name: NameRef, entity_title: Option<&str>) -> Option<usize> {
    let last = name.last_name()?;
    let letter = spelling_initial(last)?;
    let (mut last_spelling, mut first_spelling) = (None, None);
    let singleton = name.word_count() == 1;
    let Scratch { spelling_keys: keys, pool, in_pool, candidates } = scratch;
    // The most recent groups only, so the work per mention is bounded however many people
    // an input names (all of each list made one-word mentions quadratic).
    pool.clear();
    at.people.recent_into(ListedBy::LastName, letter, pool);
    // A one-word mention may also be a first name (*Hillary*): add the people whose first
    // name shares its initial, unless already in the pool (marked, not searched for), and
    // keep the most recent of both.
    if singleton {
        let by_last_name = pool.len();
        in_pool.resize(drafts.len(), false);
        for &g in pool.iter() {
            in_pool[g] = true;
        }
        at.people.recent_into(ListedBy::FirstName, letter, pool);
        let mut kept = by_last_name;
        for at in by_last_name..pool.len() {
            let g = pool[at];
            if !in_pool[g] {
                pool[kept] = g;
                kept += 1;
            }
        }
        pool.truncate(kept);
        for &g in &pool[..by_last_name] {
            in_pool[g] = false;
        }
    }
    let pool = recent(pool);
    candidates.clear();
    let mut full_match = None;
    for &g in pool {
        let d = &mut drafts[g];
        if d.label != Label::Person {
            continue;
        }
        let group_name = at.names.get(d.best);
        let Some(glast) = group_name.last_name() else { continue };
        if singleton {
            let first_name_match = group_name.word_count() >= 2 && similar_spelled(group_name.first_word(), &mut d.first_spelling, last, &mut last_spelling, keys);
            if similar_spelled(glast, &mut d.last_spelling, last, &mut last_spelling, keys) || first_name_match {
                candidates.push(g);
            }
            continue;
        }
        if !similar_spelled(glast, &mut d.last_spelling, last, &mut last_spelling, keys) {
            continue;
        }
        if group_name.word_count() == 1 {
            candidates.push(g);
            continue;
        }
        let (a, b) = (name.first_word(), group_name.first_word());
        let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
        if similar_spelled(a, &mut first_spelling, b, &mut d.first_spelling, keys) || initial(a, b) || initial(b, a) {
            full_match = Some(g);
        }
    }
    if full_match.is_some() {
        return full_match;
    }
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    // Several people fit a one-word name: honorific gender, then most mentions, then latest.
    if let Some(female) = female_honorific(entity_title.into_iter().chain(name.titles())) {
        let mut fits = candidates.iter().copied().filter(|&g| crate::attribution::first_name_is_female(at.names.get(drafts[g].best).first_word()) == Some(female));
        if let (Some(only), None) = (fits.next(), fits.next()) {
            return Some(only);
        }
    }
    candidates.iter().copied().max_by_key(|&g| (drafts[g].mention_count, drafts[g].latest_mention))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_ignore_an_arabic_article() {
        let mut names = Names::default();
        let (bashar, el) = (names.parse("Bashar al-Assad Jr.", Label::Person), names.parse("el-", Label::Person));
        assert_eq!((names.get(bashar).last_name(), names.get(el).last_name()), (Some("assad"), Some("el")));
    }

    #[test]
    fn spelling_variants_are_similar() {
        assert!(similar_names("sergei", "sergey"));
        assert!(similar_names("hillary", "hilary"));
        assert!(similar_names("aleksandr", "alexander"));
        assert!(!similar_names("bill", "hillary"));
        assert!(!similar_names("mark", "mary"));
        assert!(!similar_names("bill", "bella"));
    }

    #[test]
    fn group_ids_are_g_and_the_number() {
        for n in [0, 7, 10, 99, 12345, usize::MAX] {
            assert_eq!(group_id(n), format!("g{n}"));
        }
    }

    #[test]
    fn acronyms_and_initials() {
        let mut names = Names::default();
        let fbi = names.parse("the Federal Bureau of Investigation's", Label::Org);
        let un = names.parse("U.N.", Label::Org);
        let trump = names.parse("Trump", Label::Org);
        assert_eq!(names.get(fbi).initials(), Some("fbi"));
        assert_eq!(names.get(un).acronym(), Some("un"));
        assert_eq!((names.get(trump).acronym(), names.get(trump).initials()), (None, None));
    }

    #[test]
    fn a_name_without_titles_article_and_possessive() {
        let mut names = Names::default();
        let at = names.parse("the Foreign Minister  Dmitri (Dima) VOLKOV's", Label::Person);
        let name = names.get(at);
        assert_eq!(name.titles(), Some("Foreign Minister"));
        assert_eq!(name.form(), "Dmitri (Dima) VOLKOV");
        assert_eq!(name.words().iter().collect::<Vec<_>>(), ["dmitri", "dima", "volkov"]);
        assert_eq!((name.key(), name.last_name()), ("dmitri dima volkov", Some("volkov")));
        // A title alone is a name, not a title; `the` alone is no name.
        let president = names.parse("President", Label::Person);
        assert_eq!((names.get(president).titles(), names.get(president).form()), (None, "President"));
        let the = names.parse("The", Label::Org);
        assert_eq!((names.get(the).word_count(), names.get(the).key()), (0, ""));
        // Lowercasing is `str::to_lowercase`'s, final sigma included.
        let greek = names.parse("ΟΔΥΣΣΕΥΣ Σ.", Label::Person);
        assert_eq!(names.get(greek).key(), "οδυσσευς σ");
    }

    #[test]
    fn spelling_keys() {
        let key = |w: &str| {
            let mut out = String::new();
            push_spelling_key(&mut out, w);
            out
        };
        assert_eq!(key("Philippe"), "filipe");
        assert_eq!(key("Alexander"), "aleksander");
        assert_eq!(key("Kxenia"), "kksenia");
        assert_eq!(key("Yoshiko"), "ioshiko");
    }
}

/// Attribution and grouping over hand-placed entities, independent of entity recognition.
#[cfg(test)]
mod with_given_entities {
    use super::*;
    use crate::annotation::Entity;

    /// Annotates `text` with every occurrence of each `(text, label)` as an entity (longer
    /// entries first; `title` is the text right before the name when it is a known title).
    fn run(text: &str, given: &[(&str, Label)]) -> (Vec<Entity>, Vec<Quote>, Vec<Group>) {
        let doc = Doc::new(text);
        let mut spans: Vec<(usize, usize, Label)> = Vec::new();
        let mut sorted: Vec<&(&str, Label)> = given.iter().collect();
        sorted.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        for (t, label) in sorted {
            for (i, _) in text.match_indices(t) {
                let (s, e) = (i, i + t.len());
                let word_edge = !text[e..].starts_with(|c: char| c.is_alphanumeric()) && !text[..s].ends_with(|c: char| c.is_alphanumeric());
                if word_edge && !spans.iter().any(|&(a, b, _)| a < e && s < b) {
                    spans.push((s, e, *label));
                }
            }
        }
        spans.sort();
        let mut entities: Vec<Entity> = spans
            .iter()
            .enumerate()
            .map(|(n, &(s, e, label))| {
                let before = &text[..s];
                let title = ["President ", "Russian Foreign Minister ", "Senator ", "Governor ", "Mrs. ", "Mr. "]
                    .iter()
                    .find(|t| before.ends_with(*t))
                    .map(|t| crate::annotation::TextSpan { start: s - t.len(), end: s - 1, text: t.trim().to_string() });
                Entity { id: format!("e{n}"), start: s, end: e, text: text[s..e].to_string(), label, group: None, title }
            })
            .collect();
        let mut quotes = crate::quotes::find(&doc);
        let speakers = crate::attribution::attribute(&doc, &entities, &mut quotes);
        let groups = group(&doc, &mut entities, &mut quotes, &speakers);
        (entities, quotes, groups)
    }

    fn speaker_of<'a>(quotes: &'a [Quote], groups: &'a [Group], starts_with: &str) -> (Option<&'a str>, Option<&'a str>) {
        let q = quotes.iter().find(|q| q.text[1..].starts_with(starts_with)).unwrap_or_else(|| panic!("no quote {starts_with:?}"));
        let g = q.speaker_group.as_ref().and_then(|id| groups.iter().find(|g| &g.id == id)).map(|g| g.name.as_str());
        (q.speaker.as_ref().map(|s| s.text.as_str()), g)
    }

    const VISIT: &str = "Alvarez tells Russian envoy she wants \"a fresh start\"\n\nPresident Maria Alvarez on Thursday told Russia's top diplomat she wants to reset trade ties with Moscow, according to the White House.\n\nDuring a morning meeting with Russian Foreign Minister Dmitri Volkov, the White House said the president \"stressed her wish to build a stronger partnership between the two countries.\"\n\n\"She also raised the prospect of closer cooperation on climate finance and shipping,\" the White House said in a statement.\n\nAlvarez's meeting with Volkov came one day after she dismissed Police Commissioner Robert Haynes, who had been leading a review of the budget.\n\nAsked if the Haynes dismissal affected her talks with Volkov, Alvarez replied, \"Not in the slightest.\"\n\nEarlier in the day, Dmitry Volkov met with Trade Secretary Paul Hendry at the Commerce Department. The Russian diplomat laughed at reporters who asked him about Haynes's dismissal.\n\n\"Was he dismissed?\" he asked with a grin. \"You must be joking, you must be joking.\"";

    #[test]
    fn state_visit_quotes_and_groups() {
        use Label::*;
        let given = [
            ("Maria Alvarez", Person),
            ("Alvarez", Person),
            ("Dmitri Volkov", Person),
            ("Dmitry Volkov", Person),
            ("Volkov", Person),
            ("Robert Haynes", Person),
            ("Haynes", Person),
            ("Paul Hendry", Person),
            ("White House", Org),
            ("Commerce Department", Org),
            ("Russia", Place),
            ("Moscow", Place),
            ("Russian", Norp),
        ];
        let (entities, quotes, groups) = run(VISIT, &given);
        assert_eq!(speaker_of(&quotes, &groups, "a fresh start"), (Some("Alvarez"), Some("Maria Alvarez")));
        assert_eq!(speaker_of(&quotes, &groups, "stressed her wish"), (Some("the White House"), Some("White House")));
        assert_eq!(speaker_of(&quotes, &groups, "She also raised"), (Some("the White House"), Some("White House")));
        assert_eq!(speaker_of(&quotes, &groups, "Not in the slightest"), (Some("Alvarez"), Some("Maria Alvarez")));
        assert_eq!(speaker_of(&quotes, &groups, "Was he dismissed"), (Some("he"), Some("Dmitri Volkov")));
        assert_eq!(speaker_of(&quotes, &groups, "You must be joking"), (Some("he"), Some("Dmitri Volkov")));
        let volkov = groups.iter().find(|g| g.name == "Dmitri Volkov").unwrap();
        assert_eq!(volkov.mentions.len(), 4, "{volkov:?}");
        assert!(volkov.aliases.contains(&"Dmitry Volkov".to_string()) && volkov.roles.contains(&"Russian Foreign Minister".to_string()), "{volkov:?}");
        let alvarez = groups.iter().find(|g| g.name == "Maria Alvarez").unwrap();
        assert_eq!(alvarez.mentions.len(), 4, "{alvarez:?}");
        assert_eq!(alvarez.quotes.len(), 2, "{alvarez:?}");
        assert!(entities.iter().all(|e| e.group.is_some()));
        // Ids follow first mention.
        let ids: Vec<usize> = groups.iter().map(|g| g.id[1..].parse().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_surname_mislabelled_as_an_organization_joins_the_person() {
        use Label::*;
        let text = "Donald Trump hosted the minister on Wednesday. The minister was the first official to meet Trump since January.";
        let (entities, _, groups) = run(text, &[("Donald Trump", Person), ("Trump", Org)]);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!((groups[0].label, groups[0].mentions.len()), (Person, 2));
        assert!(entities.iter().all(|e| e.group.as_deref() == Some("g0")));
    }

    #[test]
    fn shared_surname_goes_to_the_most_mentioned() {
        use Label::*;
        let text = "Former governor Frank Morrow introduced his wife, Senator Helen Morrow, at the rally. Helen Morrow then spoke for an hour. Later, Morrow said \"the campaign goes on.\"";
        let (_, quotes, groups) = run(text, &[("Frank Morrow", Person), ("Helen Morrow", Person), ("Morrow", Person)]);
        let frank = groups.iter().find(|g| g.name == "Frank Morrow").unwrap();
        let helen = groups.iter().find(|g| g.name == "Helen Morrow").unwrap();
        assert_eq!((frank.mentions.len(), helen.mentions.len()), (1, 3));
        assert_eq!(speaker_of(&quotes, &groups, "the campaign"), (Some("Morrow"), Some("Helen Morrow")));
    }

    #[test]
    fn acronym_possessive_and_pronoun_it() {
        use Label::*;
        let text = "The Federal Bureau of Investigation (FBI) opened an inquiry on Friday. The FBI's director was not available. \"We do not comment on open cases,\" it said.";
        let (_, quotes, groups) = run(text, &[("Federal Bureau of Investigation", Org), ("FBI", Org)]);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].mentions.len(), 3);
        assert_eq!(speaker_of(&quotes, &groups, "We do not comment"), (Some("it"), Some("Federal Bureau of Investigation")));
    }

    #[test]
    fn nominal_speakers_resolve_by_title_and_kind() {
        use Label::*;
        let text = "President Ana Ruiz met Senator Tom Baker and the editors of the Daily Ledger on Monday. \"We will not cut the schools budget,\" the president said. The Ledger later printed the memo. \"The city knew for months,\" the newspaper wrote.";
        let (_, quotes, groups) = run(text, &[("Ana Ruiz", Person), ("Tom Baker", Person), ("Daily Ledger", Org), ("Ledger", Org)]);
        assert_eq!(speaker_of(&quotes, &groups, "We will not cut"), (Some("the president"), Some("Ana Ruiz")));
        assert_eq!(speaker_of(&quotes, &groups, "The city knew"), (Some("the newspaper"), Some("Daily Ledger")));
    }
}
