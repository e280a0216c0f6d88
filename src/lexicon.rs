//! Word lists from `lexicons/*.txt`, compiled in and loaded once.
//!
//! Every lookup is case-insensitive (Unicode lowercase) and treats the typographic
//! apostrophe `’` as `'`. Multi-word entries match token sequences of a [`Doc`]: the
//! tokens' texts joined by single spaces. Lookups allocate nothing; each is a hash probe
//! (short ASCII text) or a binary search, so matching the longest entry at a token costs
//! at most `max_words` of them.
//!
//! File format and provenance: `lexicons/README.md`.

use crate::text::{Doc, Token};
use std::cmp::Ordering;
use std::sync::LazyLock;

/// A sorted, case-folded word list.
pub(crate) struct Lexicon {
    /// Entries lowercased and apostrophe-folded, sorted by that folded form.
    folded: WordSet,
    /// Tokens in the longest entry (how far [`Lexicon::longest_at`] looks ahead).
    max_words: usize,
    /// First and last words of the entries, folded and sorted: a token that is neither
    /// cannot start or end a match, which spares the longer probes.
    first_words: WordSet,
    last_words: WordSet,
}

/// Sorted folded entries plus a hash index over them, so that the common lookup (a short
/// ASCII word) is one hash probe and one comparison instead of a binary search.
struct WordSet {
    sorted: Vec<String>,
    /// Open addressing by [`fnv`] of the entry: 1 + index into `sorted`, 0 for empty.
    slots: Vec<u32>,
}

/// FNV-1a, for the [`WordSet`] index.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

impl WordSet {
    fn new(sorted: Vec<String>) -> WordSet {
        let cap = (sorted.len() * 2).next_power_of_two().max(8);
        let mut slots = vec![0u32; cap];
        for (i, entry) in sorted.iter().enumerate() {
            let mut at = fnv(entry.as_bytes()) as usize & (cap - 1);
            while slots[at] != 0 {
                at = (at + 1) & (cap - 1);
            }
            slots[at] = i as u32 + 1;
        }
        WordSet { sorted, slots }
    }

    /// Whether `folded` (already folded) is an entry.
    fn contains_folded(&self, folded: &[u8]) -> bool {
        let mask = self.slots.len() - 1;
        let mut at = fnv(folded) as usize & mask;
        loop {
            match self.slots[at] {
                0 => return false,
                k if self.sorted.get(k as usize - 1).is_some_and(|e| e.as_bytes() == folded) => return true,
                _ => at = (at + 1) & mask,
            }
        }
    }
}

fn fold(c: char) -> impl Iterator<Item = char> {
    let c = if matches!(c, '’' | 'ʼ' | '‘') { '\'' } else { c };
    c.to_lowercase()
}

impl Lexicon {
    /// Builds a lexicon from one entry per line (blank lines ignored).
    pub(crate) fn new(body: &str) -> Lexicon {
        let mut folded: Vec<String> =
            body.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| l.chars().flat_map(fold).collect()).collect();
        folded.sort_unstable();
        folded.dedup();
        let max_words = folded.iter().map(|e| e.split(' ').count()).max().unwrap_or(0);
        let words = |pick: fn(&str) -> Option<&str>| {
            let mut words: Vec<String> = folded.iter().filter_map(|e| pick(e)).map(str::to_string).collect();
            words.sort_unstable();
            words.dedup();
            words
        };
        let first_words = words(|e| e.split(' ').next());
        let last_words = words(|e| e.split(' ').next_back());
        Lexicon { folded: WordSet::new(folded), max_words, first_words: WordSet::new(first_words), last_words: WordSet::new(last_words) }
    }

    /// Whether token `t` is, folded, one of `words` (sorted).
    fn token_in(words: &WordSet, text: &str, t: &Token) -> bool {
        search(words, text.get(t.start..t.end).unwrap_or(""))
    }

    /// Whether `phrase` (words separated by single spaces) is an entry.
    pub(crate) fn contains(&self, phrase: &str) -> bool {
        search(&self.folded, phrase)
    }

    /// Whether the tokens `tokens` (texts joined by single spaces) make up an entry.
    pub(crate) fn contains_tokens(&self, text: &str, tokens: &[Token]) -> bool {
        if tokens.is_empty() || tokens.len() > self.max_words {
            return false;
        }
        if let [one] = tokens {
            return search(&self.folded, text.get(one.start..one.end).unwrap_or(""));
        }
        // Short ASCII phrases (the common case) are joined and lowercased into a stack
        // buffer and looked up by hash.
        let mut buf = [0u8; 64];
        let mut len = 0;
        let mut ascii = true;
        for (n, t) in tokens.iter().enumerate() {
            let word = text.as_bytes().get(t.start..t.end).unwrap_or_default();
            let sep = usize::from(n > 0);
            ascii &= word.is_ascii();
            match buf.get_mut(len..len + sep + word.len()) {
                Some(slot) if ascii => {
                    slot[..sep].fill(b' ');
                    slot[sep..].copy_from_slice(word);
                    len += sep + word.len();
                }
                _ => {
                    ascii = false;
                    break;
                }
            }
        }
        if ascii {
            buf[..len].make_ascii_lowercase();
            return self.folded.contains_folded(&buf[..len]);
        }
        self.folded
            .sorted
            .binary_search_by(|entry| {
                let query = tokens.iter().enumerate().flat_map(|(n, t)| {
                    (n > 0).then_some(' ').into_iter().chain(text.get(t.start..t.end).unwrap_or("").chars().flat_map(fold))
                });
                cmp_chars(entry.chars(), query)
            })
            .is_ok()
    }

    /// Tokens in the longest entry starting at token `i` and ending before token `limit`
    /// (0 when none does).
    pub(crate) fn longest_at(&self, doc: &Doc, i: usize, limit: usize) -> usize {
        let limit = limit.min(doc.tokens.len());
        let most = self.max_words.min(limit.saturating_sub(i));
        if most == 0 || !Self::token_in(&self.first_words, doc.text, &doc.tokens[i]) {
            return 0;
        }
        (1..=most).rev().find(|&n| self.contains_tokens(doc.text, &doc.tokens[i..i + n])).unwrap_or(0)
    }

    /// Tokens in the longest entry ending just before token `end` and starting at or after
    /// token `floor` (0 when none does).
    pub(crate) fn longest_ending_at(&self, doc: &Doc, end: usize, floor: usize) -> usize {
        let end = end.min(doc.tokens.len());
        let most = self.max_words.min(end.saturating_sub(floor));
        if most == 0 || !Self::token_in(&self.last_words, doc.text, &doc.tokens[end - 1]) {
            return 0;
        }
        (1..=most).rev().find(|&n| self.contains_tokens(doc.text, &doc.tokens[end - n..end])).unwrap_or(0)
    }

    /// Number of entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.folded.sorted.len()
    }
}

fn cmp_chars(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> Ordering {
    a.cmp(b)
}

/// Whether `word`, folded, is in `words`. Short ASCII words (the common case) are
/// lowercased into a stack buffer and looked up by hash; others by binary search.
fn search(words: &WordSet, word: &str) -> bool {
    let mut buf = [0u8; 32];
    if let Some(slot) = buf.get_mut(..word.len()).filter(|_| word.is_ascii()) {
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_lowercase();
        return words.contains_folded(slot);
    }
    words.sorted.binary_search_by(|entry| cmp_chars(entry.chars(), word.chars().flat_map(fold))).is_ok()
}

/// Titles and roles: *president*, *Sen.*, *secretary of state*, *spokesman*.
pub(crate) static TITLES: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(include_str!("../lexicons/titles.txt")));
/// Words that extend a title leftwards: *former*, *deputy*, *foreign*.
pub(crate) static TITLE_MODIFIERS: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_str!("../lexicons/title_modifiers.txt")));
/// Nationalities, religious and political groups, singular: *Russian*, *Muslim*.
pub(crate) static DEMONYMS: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(include_str!("../lexicons/demonyms.txt")));
/// Words of event names: *Summit*, *War*, *Olympics*.
pub(crate) static EVENT_WORDS: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_str!("../lexicons/event_words.txt")));
#[allow(dead_code)] // offered to the tagger's features and to grouping
/// Last words of organization names: *Inc.*, *Party*, *Ministry*.
pub(crate) static ORG_SUFFIXES: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_str!("../lexicons/org_suffixes.txt")));

/// Whether `word` is a title or role word (*President*, *Sen.*, *spokesman*), any case.
pub(crate) fn is_title_word(word: &str) -> bool {
    TITLES.contains(word)
}

/// Whether `word` can precede a title inside it (*former*, *Deputy*, *Foreign*), any case.
pub(crate) fn is_title_modifier(word: &str) -> bool {
    TITLE_MODIFIERS.contains(word)
}

/// Whether `word` (or phrase, *South Korean*) names a nationality or a religious or
/// political group, singular or with a plural *-s* (*Russians*, *Democrats*). Any case:
/// callers that want proper nouns check capitalization themselves.
pub(crate) fn is_demonym(word: &str) -> bool {
    DEMONYMS.contains(word) || word.strip_suffix('s').is_some_and(|stem| stem.len() > 2 && DEMONYMS.contains(stem))
}

#[allow(dead_code)] // offered to the tagger's features and to grouping
/// Whether `word` is an event-name word (*Summit*, *Olympics*, *World Cup*), any case.
pub(crate) fn is_event_word(word: &str) -> bool {
    EVENT_WORDS.contains(word)
}

#[allow(dead_code)] // offered to the tagger's features and to grouping
/// Whether `word` ends organization names (*Inc.*, *Party*, *Ministry*), any case.
pub(crate) fn is_org_suffix(word: &str) -> bool {
    ORG_SUFFIXES.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every list in `lexicons/` (including ones added later) keeps the format that
    /// `lexicons/README.md` promises.
    #[test]
    fn lexicon_files_are_clean() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().map_or(true, |e| e != "txt") {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let body = std::fs::read_to_string(&path).unwrap();
            let mut previous: Option<&str> = None;
            let mut folded_seen = std::collections::HashSet::new();
            for (n, line) in body.lines().enumerate() {
                let at = format!("{name}:{}", n + 1);
                assert!(!line.is_empty(), "{at}: empty line");
                assert_eq!(line, line.trim(), "{at}: surrounding whitespace");
                assert!(!line.contains("  ") && !line.contains('\t'), "{at}: words must be separated by one space");
                assert!(!line.starts_with('#'), "{at}: comments belong in README.md");
                if let Some(p) = previous {
                    assert!(p < line, "{at}: {line:?} is not after {p:?} (sort with LC_ALL=C sort -u)");
                }
                assert!(folded_seen.insert(line.to_lowercase()), "{at}: {line:?} duplicates another entry ignoring case");
                previous = Some(line);
            }
            checked += 1;
        }
        assert!(checked >= 5, "expected the lexicon files in {}", dir.display());
    }

    #[test]
    fn lists_load() {
        for lex in [&TITLES, &TITLE_MODIFIERS, &DEMONYMS, &EVENT_WORDS, &ORG_SUFFIXES] {
            assert!(lex.len() > 10);
        }
    }

    #[test]
    fn lookups_fold_case_apostrophes_and_plurals() {
        assert!(is_title_word("President") && is_title_word("SEN.") && is_title_word("secretary of state"));
        assert!(!is_title_word("Donald") && !is_title_word(""));
        assert!(is_demonym("Russian") && is_demonym("Russians") && is_demonym("Democrats") && is_demonym("Sunnis"));
        assert!(is_demonym("South Korean") && !is_demonym("Russia") && !is_demonym("s"));
        assert!(is_event_word("summit") && is_event_word("Olympics") && is_org_suffix("Inc."));
        assert!(is_title_modifier("Former") && !is_title_modifier("the"));
        let lex = Lexicon::new("côte d'ivoire\nzürich\n");
        assert!(lex.contains("Côte d’Ivoire") && lex.contains("ZÜRICH") && !lex.contains("Zurich"));
    }

    #[test]
    fn token_sequences_match_longest_first() {
        let doc = Doc::new("He met Secretary of State Rex Tillerson and Sen. Warren.");
        assert_eq!(TITLES.longest_at(&doc, 2, doc.tokens.len()), 3);
        assert_eq!(TITLES.longest_ending_at(&doc, 5, 0), 3);
        assert_eq!(TITLES.longest_ending_at(&doc, 5, 4), 0); // "State" alone is not a title
        assert_eq!(TITLES.longest_at(&doc, 8, doc.tokens.len()), 1);
        assert_eq!(TITLES.longest_at(&doc, 0, 0), 0);
    }

    #[test]
    fn token_sequences_match_ascii_or_not_and_any_length() {
        let lex = Lexicon::new("côte d'ivoire\nsecretary of state\nthe republic of north china\n");
        let whole = |text: &str| {
            let doc = Doc::new(text);
            lex.contains_tokens(text, &doc.tokens)
        };
        assert!(whole("SECRETARY of State") && whole("Côte d’Ivoire") && whole("The Republic of North China"));
        assert!(whole("the republic of north china") && !whole("secretary of") && !whole("secretary of states"));
        // Longer than the stack buffer of the fast path: the general path answers.
        let long = "a".repeat(70);
        assert!(Lexicon::new(&format!("{long} b\n")).contains_tokens(&format!("{long} B"), &Doc::new(&format!("{long} B")).tokens));
    }
}
