//! Titles and roles next to people's names, kept apart from the name.
//!
//! News NER leaves titles out of PERSON spans (*President Donald Trump* → *Donald Trump*),
//! but grouping needs them, so [`attach`] records them in [`Entity::title`]:
//!
//! - **before the name**: the longest run of title words, modifiers and naming words that
//!   ends right before the name and ends with a title from `lexicons/titles.txt`:
//!   *President*, *Russian Foreign Minister*, *FBI Director*, *Secretary of State*,
//!   *United Nations Ambassador*, *former Secretary of State*, *Mr.*, *Sen.*,
//!   *Russia's Foreign Minister*. The run may hold other entities (*FBI*, *Russian*);
//!   it never holds a person, a date, or a capitalized word that opens the sentence
//!   unless a list knows it.
//! - **before the name, with a comma**: *the Russian foreign minister, Sergei Lavrov*.
//! - **after the name, as an appositive**: *Sergey Kislyak, the Russian ambassador to the
//!   U.S., said* → *Russian ambassador to the U.S.*: the determiner stays out (as with
//!   entity spans); the complement (*to the U.S.*, *for the Clinton campaign*) stays in
//!   when punctuation closes it, else the head alone is kept (*an adviser to …* →
//!   *adviser*); a head followed by anything else is not taken, so clauses (*, who is a
//!   senator*) and phrases like *, President Obama's adviser* never give a title.
//!
//! A title before the name wins over an appositive. A PERSON span that starts with title
//! words (a tagger's slip) is trimmed so the name stands alone.

use crate::annotation::{Entity, Label, TextSpan};
use crate::lexicon::{self, TITLES};
use crate::text::{partition_point_near, Doc, TokenKind};

/// The longest title run, in tokens, that is considered.
const MAX_TITLE_TOKENS: usize = 10;
/// The longest complement after an appositive title (*to the U.S.*), preposition included.
const MAX_COMPLEMENT_TOKENS: usize = 8;

/// Fills `title` for PERSON entities (sorted, non-overlapping), trimming title words off
/// the front of their spans.
pub(crate) fn attach(doc: &Doc, entities: &mut [Entity]) {
    let mut spans: Vec<(usize, usize, Label)> = entities.iter().map(|e| (e.start, e.end, e.label)).collect();
    // Entities come in text order, so every search starts near the previous answer: on a
    // long text, a search of the whole token list misses the cache at every step.
    let (mut near_token, mut near_sentence) = (0, 0);
    for idx in 0..entities.len() {
        if entities[idx].label != Label::Person {
            continue;
        }
        let (start, end) = (entities[idx].start, entities[idx].end);
        let first = doc.token_at_or_after_near(start, near_token);
        let last = doc.token_at_or_after_near(end, first);
        near_token = first;
        if first >= last || doc.tokens.get(first).map_or(true, |t| t.start != start) {
            continue;
        }
        let lead = leading_title_len(doc, first, last);
        let name_first = first + lead;
        if lead > 0 {
            let new_start = doc.tokens[name_first].start;
            entities[idx].start = new_start;
            entities[idx].text = doc.text.get(new_start..end).unwrap_or("").to_string();
            spans[idx].0 = new_start;
        }
        // As `Doc::sentence_of(start)`.
        near_sentence = partition_point_near(&doc.sentences, near_sentence, |s| s.end < start);
        let Some(sentence) = doc.sentences.get(near_sentence).filter(|s| s.start <= start) else { continue };
        let ctx = Context { doc, spans: &spans, near_span: idx, floor: sentence.tokens.start, ceiling: sentence.tokens.end };
        let found = ctx.before(name_first).or_else(|| ctx.before_comma(name_first)).or_else(|| ctx.after(last));
        if let Some((a, b)) = found {
            let (s, e) = (doc.tokens[a].start, doc.tokens[b - 1].end);
            entities[idx].title = Some(TextSpan { start: s, end: e, text: doc.text.get(s..e).unwrap_or("").to_string() });
        }
    }
}

/// Tokens at the front of `first..last` that are a title rather than the name
/// (*President* in a span *President Donald Trump*). Leaves at least one capitalized token.
pub(crate) fn leading_title_len(doc: &Doc, first: usize, last: usize) -> usize {
    let (mut k, mut title_end) = (first, first);
    while k + 1 < last {
        let n = TITLES.longest_at(doc, k, last - 1);
        if n > 0 {
            k += n;
            title_end = k;
            continue;
        }
        let word = doc.token_text(k);
        if lexicon::is_title_modifier(word) || (is_capitalized(word) && lexicon::is_demonym(word)) || is_acronym(word) {
            k += 1;
            continue;
        }
        break;
    }
    let rest_has_name = (title_end..last).any(|i| is_capitalized(doc.token_text(i)) && !TITLES.contains(doc.token_text(i)));
    if rest_has_name {
        title_end - first
    } else {
        0
    }
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// *FBI*, *U.S.*, *NATO*, *EU*: two or more capitals, maybe with periods.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.')
}

fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'" | "’")
}

/// Capitalized words that are never part of a title: days, months, sentence adverbs.
fn never_in_title(word: &str) -> bool {
    const WORDS: [&str; 24] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "i", "the", "and", "but", "yesterday",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

struct Context<'a, 'd> {
    doc: &'a Doc<'d>,
    spans: &'a [(usize, usize, Label)],
    /// The span being worked on: the ones looked up lie near it.
    near_span: usize,
    /// First token of the sentence.
    floor: usize,
    /// One past the sentence's last token.
    ceiling: usize,
}

impl Context<'_, '_> {
    fn word(&self, k: usize) -> &str {
        if k < self.floor || k >= self.ceiling {
            return "";
        }
        self.doc.token_text(k)
    }

    /// The entity that ends where token `k` ends, if any.
    fn entity_ending_at(&self, k: usize) -> Option<(usize, usize, Label)> {
        let end = self.doc.tokens.get(k)?.end;
        let i = partition_point_near(self.spans, self.near_span, |s| s.1 < end);
        self.spans.get(i).copied().filter(|s| s.1 == end)
    }

    /// The entity that starts where token `k` starts, if any.
    fn entity_starting_at(&self, k: usize) -> Option<(usize, usize, Label)> {
        let start = self.doc.tokens.get(k)?.start;
        let i = partition_point_near(self.spans, self.near_span, |s| s.0 < start);
        self.spans.get(i).copied().filter(|s| s.0 == start)
    }

    /// Whether token `k` lies inside a PERSON or number-like entity.
    fn in_excluded_entity(&self, k: usize) -> bool {
        let Some(t) = self.doc.tokens.get(k) else { return true };
        let i = partition_point_near(self.spans, self.near_span, |s| s.1 <= t.start);
        self.spans
            .get(i)
            .is_some_and(|s| s.0 < t.end && !matches!(s.2, Label::Org | Label::Place | Label::Norp | Label::Event))
    }

    /// A word that can sit inside a title run (besides the titles themselves).
    fn is_title_part(&self, k: usize) -> bool {
        let word = self.word(k);
        if word.is_empty() || self.in_excluded_entity(k) || never_in_title(word) {
            return false;
        }
        if lexicon::is_title_modifier(word) || is_acronym(word) || (is_capitalized(word) && lexicon::is_demonym(word)) {
            return true;
        }
        if let Some(prefix_less) = word.strip_prefix("then-").or_else(|| word.strip_prefix("ex-")) {
            return !prefix_less.is_empty();
        }
        // *vice-presidential*, *co-founder*'s kin: every part a title word or modifier.
        if word.contains('-') && word.split('-').all(|p| lexicon::is_title_modifier(p) || TITLES.contains(p)) {
            return true;
        }
        // Other capitalized words (*White House*, *Senate Majority*), unless they open the
        // sentence, where capitals say nothing.
        self.doc.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word) && is_capitalized(word) && k > self.floor
    }

    /// The title run ending right before token `end`, as a token range; the token before
    /// `end` must end a title. A possessor (*Russia's*) closes the run on the left.
    fn run_before(&self, end: usize) -> Option<(usize, usize)> {
        let first = TITLES.longest_ending_at(self.doc, end, self.floor);
        if first == 0 || self.in_excluded_entity(end - 1) {
            return None;
        }
        let mut k = end - first;
        while k > self.floor && end - k < MAX_TITLE_TOKENS {
            let n = TITLES.longest_ending_at(self.doc, k, self.floor);
            if n > 0 {
                k -= n;
                continue;
            }
            if let Some((s, _, label)) = self.entity_ending_at(k - 1) {
                if matches!(label, Label::Org | Label::Place | Label::Norp | Label::Event) {
                    let at = self.doc.token_at_or_after_near(s, self.floor);
                    if at >= self.floor && at < k {
                        k = at;
                        continue;
                    }
                }
                if label == Label::Person {
                    break;
                }
            }
            if self.is_title_part(k - 1) {
                k -= 1;
                continue;
            }
            if is_possessive(self.word(k - 1)) && k >= self.floor + 2 {
                let owner = k - 2;
                if let Some((s, _, label)) = self.entity_ending_at(owner) {
                    let at = self.doc.token_at_or_after_near(s, self.floor);
                    if label != Label::Person && at >= self.floor {
                        k = at;
                    }
                } else if is_capitalized(self.word(owner)) && !never_in_title(self.word(owner)) && !self.in_excluded_entity(owner) {
                    k = owner;
                }
            }
            break;
        }
        Some((k, end))
    }

    /// *Russian Foreign Minister* in *Russian Foreign Minister Sergei Lavrov*.
    fn before(&self, name_first: usize) -> Option<(usize, usize)> {
        if name_first <= self.floor {
            return None;
        }
        self.run_before(name_first)
    }

    /// *Russian foreign minister* in *the Russian foreign minister, Sergei Lavrov*; up to
    /// three lowercase words may sit between the determiner and the run (*his senior
    /// climate adviser, Brian Deese*).
    fn before_comma(&self, name_first: usize) -> Option<(usize, usize)> {
        const DETERMINERS: [&str; 8] = ["the", "its", "his", "her", "their", "our", "my", "your"];
        if name_first < self.floor + 3 || self.word(name_first - 1) != "," {
            return None;
        }
        let (mut a, b) = self.run_before(name_first - 1)?;
        if (a..b).any(|k| is_possessive(self.word(k))) {
            return Some((a, b));
        }
        for _ in 0..=3 {
            let det = self.word(a.checked_sub(1)?);
            if DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(det)) || is_possessive(det) {
                return Some((a, b));
            }
            let plain = self.doc.tokens.get(a - 1).is_some_and(|t| t.kind == TokenKind::Word) && !is_capitalized(det);
            if !plain {
                return None;
            }
            a -= 1;
        }
        None
    }

    /// *Russian ambassador to the U.S.* in *Sergey Kislyak, the Russian ambassador to the
    /// U.S., said*: `last` is the token after the name.
    fn after(&self, last: usize) -> Option<(usize, usize)> {
        if self.word(last) != "," {
            return None;
        }
        let mut k = last + 1;
        // An age first: *Pavel Sorokin, 45, the Russian ambassador*.
        let age = self.word(k);
        if age.len() <= 3 && !age.is_empty() && age.bytes().all(|b| b.is_ascii_digit()) && self.word(k + 1) == "," {
            k += 2;
        }
        if ["the", "a", "an"].iter().any(|d| d.eq_ignore_ascii_case(self.word(k))) {
            k += 1;
        }
        let start = k;
        let mut title_end = None;
        while k < self.ceiling && k - start < MAX_TITLE_TOKENS {
            let n = TITLES.longest_at(self.doc, k, self.ceiling);
            if n > 0 && !self.in_excluded_entity(k) {
                k += n;
                title_end = Some(k);
                continue;
            }
            if let Some((_, e, label)) = self.entity_starting_at(k) {
                if label == Label::Person {
                    break;
                }
                if matches!(label, Label::Org | Label::Place | Label::Norp | Label::Event) {
                    k = self.doc.token_at_or_after_near(e, self.floor);
                    continue;
                }
            }
            if self.is_title_part(k) || (k > start && is_possessive(self.word(k))) {
                k += 1;
                continue;
            }
            break;
        }
        let title_end = title_end?;
        let mut end = title_end;
        // A complement up to the closing punctuation: *to the U.S.*, *of the Federal
        // Reserve*, *for the Clinton campaign* (names of any kind may sit in it).
        let has_complement = ["of", "to", "at", "for", "in", "with"].iter().any(|p| *p == self.word(end));
        if has_complement {
            let mut j = end + 1;
            while j < self.ceiling && j - end <= MAX_COMPLEMENT_TOKENS {
                let word_like = self.doc.tokens.get(j).is_some_and(|t| t.kind == TokenKind::Word);
                if word_like || matches!(self.word(j), "&" | "'s" | "’s") {
                    j += 1;
                } else {
                    break;
                }
            }
            // Never end on a possessive (*anchor of NBC's “Nightly News”*).
            while j > end + 1 && is_possessive(self.word(j - 1)) {
                j -= 1;
            }
            if j > end + 1 && j - end <= MAX_COMPLEMENT_TOKENS {
                end = j;
            }
        }
        let closes = |end: usize| {
            end >= self.ceiling
                || self.doc.tokens.get(end).is_some_and(|t| t.kind == TokenKind::Punct && !matches!(self.word(end), "'" | "’" | "(" | "["))
        };
        // Without its complement the head still names the role (*an adviser to …*); a
        // head followed by anything else may be the start of another phrase.
        if closes(end) {
            Some((start, end))
        } else {
            (has_complement || closes(title_end)).then_some((start, title_end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles found for PERSON spans given as texts (each must occur once in `text`).
    fn titles(text: &str, people: &[&str], others: &[(&str, Label)]) -> Vec<(String, Option<String>)> {
        let doc = Doc::new(text);
        let mut entities: Vec<Entity> = people
            .iter()
            .map(|p| (*p, Label::Person))
            .chain(others.iter().copied())
            .map(|(p, label)| {
                let start = text.find(p).unwrap();
                Entity { id: String::new(), start, end: start + p.len(), text: p.to_string(), label, group: None, title: None }
            })
            .collect();
        entities.sort_by_key(|e| e.start);
        attach(&doc, &mut entities);
        entities
            .into_iter()
            .filter(|e| e.label == Label::Person)
            .map(|e| (e.text, e.title.map(|t| { assert_eq!(&text[t.start..t.end], t.text); t.text })))
            .collect()
    }

    fn one(text: &str, person: &str) -> Option<String> {
        titles(text, &[person], &[]).remove(0).1
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(one("On Monday President Donald Trump spoke.", "Donald Trump").as_deref(), Some("President"));
        assert_eq!(one("Russian Foreign Minister Sergei Lavrov spoke.", "Sergei Lavrov").as_deref(), Some("Russian Foreign Minister"));
        assert_eq!(one("He met FBI Director James Comey.", "James Comey").as_deref(), Some("FBI Director"));
        assert_eq!(one("He met Secretary of State Rex Tillerson.", "Rex Tillerson").as_deref(), Some("Secretary of State"));
        assert_eq!(one("Mr. Trump left.", "Trump").as_deref(), Some("Mr."));
        assert_eq!(one("He named vice-presidential nominee Gov. Mike Pence.", "Mike Pence").as_deref(), Some("vice-presidential nominee Gov."));
        assert_eq!(one("It was Sen. Elizabeth Warren.", "Elizabeth Warren").as_deref(), Some("Sen."));
        assert_eq!(one("He quoted former Secretary of State Henry Kissinger.", "Henry Kissinger").as_deref(), Some("former Secretary of State"));
        assert_eq!(one("So said Russia's foreign minister Sergei Lavrov.", "Sergei Lavrov").as_deref(), Some("Russia's foreign minister"));
        assert_eq!(one("So said White House press secretary Sean Spicer.", "Sean Spicer").as_deref(), Some("White House press secretary"));
    }

    #[test]
    fn titles_may_hold_other_entities() {
        let got = titles(
            "He met United Nations Ambassador Nikki Haley.",
            &["Nikki Haley"],
            &[("United Nations", Label::Org)],
        );
        assert_eq!(got[0].1.as_deref(), Some("United Nations Ambassador"));
        // At the start of a sentence an unknown capitalized word needs the tagger's word.
        let got = titles("White House press secretary Sean Spicer said.", &["Sean Spicer"], &[("White House", Label::Org)]);
        assert_eq!(got[0].1.as_deref(), Some("White House press secretary"));
    }

    #[test]
    fn appositives_after_names() {
        assert_eq!(
            one("Sergey Kislyak, the Russian ambassador to the U.S., said no.", "Sergey Kislyak").as_deref(),
            Some("Russian ambassador to the U.S.")
        );
        assert_eq!(one("Tim Cook, chief executive of Apple, spoke.", "Tim Cook").as_deref(), Some("chief executive of Apple"));
        assert_eq!(one("Jane Roe, who is a senator, spoke.", "Jane Roe"), None);
        assert_eq!(one("Pavel Sorokin, 45, a former diplomat, agreed.", "Pavel Sorokin").as_deref(), Some("former diplomat"));
        assert_eq!(
            titles("Nick Reyes, a spokesman for the Clinton campaign, said.", &["Nick Reyes", "Clinton"], &[])[0].1.as_deref(),
            Some("spokesman for the Clinton campaign")
        );
        assert_eq!(one("Ann Lee, an adviser to Vice President (then-Senator) Joe Biden, spoke.", "Ann Lee").as_deref(), Some("adviser"));
        assert_eq!(titles("Ann Lee, President Obama's adviser, spoke.", &["Ann Lee", "Obama"], &[])[0].1, None);
        assert_eq!(one("He called his senior climate adviser, Brian Deese, at once.", "Brian Deese").as_deref(), Some("senior climate adviser"));
        assert_eq!(one("It was Apple's chief executive, Tim Cook, who spoke.", "Tim Cook").as_deref(), Some("Apple's chief executive"));
        assert_eq!(one("The Russian foreign minister, Sergei Lavrov, spoke.", "Sergei Lavrov").as_deref(), Some("Russian foreign minister"));
    }

    #[test]
    fn no_title_without_a_title_word() {
        assert_eq!(one("Yesterday Donald Trump spoke.", "Donald Trump"), None);
        assert_eq!(one("Donald Trump spoke.", "Donald Trump"), None);
        assert_eq!(titles("Trump adviser Kellyanne Conway spoke.", &["Trump", "Kellyanne Conway"], &[])[1].1.as_deref(), Some("adviser"));
    }

    #[test]
    fn leading_titles_are_trimmed_off_person_spans() {
        let got = titles("Yesterday President Donald Trump spoke.", &["President Donald Trump"], &[]);
        assert_eq!(got, [("Donald Trump".to_string(), Some("President".to_string()))]);
        let got = titles("Prince spoke.", &["Prince"], &[]);
        assert_eq!(got, [("Prince".to_string(), None)]);
    }
}
