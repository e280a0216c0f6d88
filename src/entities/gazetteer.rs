//! Gazetteer features: which tokens start, continue, end or make up a name from one of the
//! name lists in `lexicons/` (first names, places, demonyms, organization suffixes; see
//! `lexicons/README.md` for their sources).
//!
//! Lists are matched case-sensitively on whole tokens, longest match first, so *New York*
//! marks both tokens as a place even though *York* alone is also listed. The lists only
//! give the tagger evidence; they never create an entity on their own.

use super::features::{fnv, mix, TokenInfo};
use crate::text::Doc;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::LazyLock;

/// The lists, in bit order: each gets four bits (unit, begin, inside, last).
const LISTS: [&str; 4] = [
    include_str!("../../lexicons/gaz_first_names.txt"),
    include_str!("../../lexicons/gaz_places.txt"),
    include_str!("../../lexicons/demonyms.txt"),
    include_str!("../../lexicons/org_suffixes.txt"),
];
/// Lists whose entries also match with a plural *-s* (*Syrians*).
const PLURAL_LISTS: [bool; 4] = [false, false, true, false];

/// The longest entry, in tokens, that matching considers.
const MAX_LEN: usize = 6;

/// Token-sequence hashes of every entry and of every proper prefix of an entry, each with
/// the bit set of lists holding it and [`LONGER`] when some entry continues it, so
/// matching stops at the first token no entry continues. Keys are already well-mixed
/// hashes, so the table hashes them with the identity.
struct Gazetteer {
    entries: HashMap<u64, u8, BuildHasherDefault<IdentityHasher>>,
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// Hash of a sequence of token-form hashes.
fn seq_hash(forms: impl Iterator<Item = u64>) -> u64 {
    forms.fold(SEED, mix)
}

const SEED: u64 = 0x6a2;

/// Flag of a token sequence that some longer entry starts with.
const LONGER: u8 = 0x80;
const _: () = assert!(LISTS.len() < 8);

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut entries: HashMap<u64, u8, BuildHasherDefault<IdentityHasher>> = HashMap::default();
    for (list, body) in LISTS.iter().enumerate() {
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let tokens = entry_tokens(line);
            if tokens.is_empty() || tokens.len() > MAX_LEN {
                continue;
            }
            let forms = tokens.iter().map(|t| fnv(t.as_bytes()));
            for len in 1..tokens.len() {
                *entries.entry(seq_hash(forms.clone().take(len))).or_insert(0) |= LONGER;
            }
            *entries.entry(seq_hash(forms.clone())).or_insert(0) |= 1 << list;
            if PLURAL_LISTS[list] {
                let last = tokens.len() - 1;
                let plural = format!("{}s", tokens[last]);
                let forms = forms.take(last).chain(std::iter::once(fnv(plural.as_bytes())));
                *entries.entry(seq_hash(forms)).or_insert(0) |= 1 << list;
            }
        }
    }
    Gazetteer { entries }
});

/// The tokens of a list entry, as the tokenizer would cut them in an article. Most entries
/// are plain words between single spaces, one token each: tokenizing 12,000 entries was
/// most of the start-up time (`entry_tokens_match_the_tokenizer` checks every entry).
fn entry_tokens(line: &str) -> Vec<&str> {
    let plain_words = line.split(' ').all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic));
    if plain_words {
        return line.split(' ').collect();
    }
    let doc = Doc::new(line);
    doc.tokens.iter().map(|t| t.text(line)).collect()
}

/// Sets the gazetteer bits of the tokens of paragraphs `paras` (`infos[0]` is their first
/// token): per list, leftmost-longest matches starting at capitalized tokens, within a
/// paragraph.
pub(crate) fn mark(doc: &Doc, paras: Range<usize>, infos: &mut [TokenInfo]) {
    let g = &*GAZETTEER;
    let first = super::features::token_range(doc, &paras).start;
    for p in &doc.paragraphs[paras] {
        let range = p.tokens.start - first..p.tokens.end - first;
        // Per list, the token before which the last match ends (matches do not overlap).
        let mut covered = [range.start; LISTS.len()];
        for i in range.clone() {
            if !infos[i].capitalized {
                continue;
            }
            let mut longest = [0usize; LISTS.len()];
            let mut h = SEED;
            for len in 1..=MAX_LEN.min(range.end - i) {
                h = mix(h, infos[i + len - 1].form);
                let Some(&lists) = g.entries.get(&h) else { break };
                for (list, l) in longest.iter_mut().enumerate() {
                    if lists & (1 << list) != 0 {
                        *l = len;
                    }
                }
                if lists & LONGER == 0 {
                    break;
                }
            }
            for (list, &matched) in longest.iter().enumerate() {
                if matched == 0 || i < covered[list] {
                    continue;
                }
                covered[list] = i + matched;
                let base = list * 4;
                if matched == 1 {
                    infos[i].gaz |= 1 << base;
                } else {
                    infos[i].gaz |= 1 << (base + 1);
                    for info in &mut infos[i + 1..i + matched - 1] {
                        info.gaz |= 1 << (base + 2);
                    }
                    infos[i + matched - 1].gaz |= 1 << (base + 3);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_tokens_match_the_tokenizer() {
        for line in LISTS.iter().flat_map(|body| body.lines()).map(str::trim).filter(|l| !l.is_empty()) {
            let doc = Doc::new(line);
            let tokenized: Vec<&str> = doc.tokens.iter().map(|t| t.text(line)).collect();
            assert_eq!(entry_tokens(line), tokenized, "{line}");
        }
    }
}
