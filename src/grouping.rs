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

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::annotation::{Entity, Group, Label, Quote};
use crate::lexicon::{is_org_suffix, is_title_modifier, is_title_word};
use crate::text::Doc;

/// Whether entities of this label get a group.
fn groupable(label: Label) -> bool {
    matches!(label, Label::Person | Label::Org | Label::Place | Label::Norp | Label::Event)
}

/// A group being built.
struct Draft {
    label: Label,
    members: Vec<usize>,
    /// The words of the most complete name seen so far (titles stripped).
    words: Vec<String>,
    /// The written form of that name.
    name: String,
    /// The spellings of the last name and the first word of `words`, once compared.
    last_spelling: OnceCell<Spelling>,
    first_spelling: OnceCell<Spelling>,
    /// Every distinct written form and title seen (at most [`MAX_FORMS`] each).
    forms: Vec<String>,
    roles: Vec<String>,
}

/// Written forms and titles kept per group: enough for any article, bounded for any input.
const MAX_FORMS: usize = 24;

/// A mention's name: the written form without titles, `the` and possessive, and its words.
struct Name {
    form: String,
    words: Vec<String>,
    /// Titles stripped from the front (*President*, *Mr.*).
    titles: Vec<String>,
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

fn parse_name(text: &str, label: Label) -> Name {
    let mut raw: Vec<&str> = text.split_whitespace().collect();
    let mut start = 0;
    let mut titles = Vec::new();
    if raw.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        start = 1;
    }
    if label == Label::Person {
        let title_start = start;
        while start + 1 < raw.len() && (is_title_word(raw[start]) || is_title_modifier(raw[start]) || is_honorific(raw[start])) {
            start += 1;
        }
        if start > title_start {
            titles.push(raw[title_start..start].join(" "));
        }
    }
    let from = start.min(raw.len());
    let kept = &mut raw[from..];
    if let Some(last) = kept.last_mut() {
        *last = strip_possessive(last);
    }
    let form = kept.join(" ");
    let words = kept.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect();
    Name { form, words, titles }
}

fn is_honorific(w: &str) -> bool {
    matches!(w, "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms" | "Dr" | "Miss" | "Sir" | "Dame" | "Lord" | "Lady")
}

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The last name: the last word that is not a generational suffix.
/// An Arabic article before it is dropped (`al-Assad` and `Assad` are one name).
fn last_name(words: &[String]) -> Option<&str> {
    let w = words.iter().rev().find(|w| !SUFFIXES.contains(&w.as_str()))?;
    Some(["al-", "el-"].iter().find_map(|p| w.strip_prefix(p)).filter(|rest| !rest.is_empty()).unwrap_or(w))
}

/// A spelling key: lowercase, `y`→`i`, `c`/`q`→`k`, `ph`→`f`, `x`→`ks`, doubled letters once.
fn spelling_key(w: &str) -> String {
    let lower = if w.is_ascii() { w.to_ascii_lowercase() } else { w.to_lowercase() };
    let mut out = String::with_capacity(lower.len() + 2);
    let mut chars = lower.chars().peekable();
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
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The first character of [`spelling_key`]`(w)`, without building the key.
fn spelling_initial(w: &str) -> Option<char> {
    // Per-character lowercasing agrees with `str::to_lowercase` on a first character.
    let mut lower = w.chars().flat_map(char::to_lowercase);
    let first = lower.next()?;
    if first == 'p' && lower.next() == Some('h') {
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
#[allow(dead_code)] // the rule in one call (tests); matching uses `similar_spelled`, which reuses spellings
pub(crate) fn similar_names(a: &str, b: &str) -> bool {
    a == b || Spelling::new(a).similar(&Spelling::new(b))
}

/// A name's [`spelling_key`] and consonant skeleton, for [`similar_names`]: computed when a
/// name is first compared with a different one, then kept (per group, per new name) instead
/// of being rebuilt for every comparison.
#[derive(Clone, Debug)]
struct Spelling {
    key: String,
    skeleton: String,
}

impl Spelling {
    fn new(word: &str) -> Spelling {
        let key = spelling_key(word);
        let skeleton = key.chars().filter(|c| !"aeiou".contains(*c)).collect();
        Spelling { key, skeleton }
    }

    /// [`similar_names`] once the words differ.
    fn similar(&self, other: &Spelling) -> bool {
        self.key == other.key || (self.key.chars().next() == other.key.chars().next() && self.skeleton == other.skeleton && self.skeleton.chars().count() >= 4)
    }
}

/// [`similar_names`] of `a` and `b`, their spellings computed into the cells (which hold, or
/// will hold, the spellings of exactly these words) only when the words differ.
fn similar_spelled(a: &str, a_spelling: &OnceCell<Spelling>, b: &str, b_spelling: &OnceCell<Spelling>) -> bool {
    a == b || a_spelling.get_or_init(|| Spelling::new(a)).similar(b_spelling.get_or_init(|| Spelling::new(b)))
}

/// The initials of a multi-word name, skipping small words: *Federal Bureau of Investigation* → `fbi`.
fn initials(words: &[String]) -> Option<String> {
    let significant: Vec<&String> = words.iter().filter(|w| !matches!(w.as_str(), "of" | "the" | "for" | "and" | "on" | "in")).collect();
    (significant.len() >= 2).then(|| significant.iter().filter_map(|w| w.chars().next()).collect())
}

/// The acronym a written form is, if it is one: `FBI`, `U.N.` → `fbi`, `un`.
fn acronym(form: &str) -> Option<String> {
    let letters: String = form.chars().filter(|c| *c != '.').collect();
    let ok = (2..=6).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_uppercase());
    ok.then(|| letters.to_lowercase())
}

fn female_honorific<'t>(mut titles: impl Iterator<Item = &'t str>) -> Option<bool> {
    titles.find_map(|t| match t.split_whitespace().next_back() {
        Some("Mrs." | "Ms." | "Mrs" | "Ms" | "Miss" | "Lady" | "Dame") => Some(true),
        Some("Mr." | "Mr" | "Sir" | "Lord") => Some(false),
        _ => None,
    })
}

/// Groups the entities, sets `entity.group` and `quote.speaker_group`, returns the groups.
pub(crate) fn group(doc: &Doc, entities: &mut [Entity], quotes: &mut [Quote], speakers: &[Option<usize>]) -> Vec<Group> {
    let _ = doc;
    let mut drafts: Vec<Draft> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; entities.len()];
    // Lookups that keep matching linear: exact names, acronyms, initials of names, and groups by the
    // first letter of their last name.
    // Sized for an article's names up front (no regrowth on the common size), bounded so that
    // a huge input grows them only as needed.
    let expected_names = entities.len().min(256);
    let mut by_key: HashMap<(Label, String), usize> = HashMap::with_capacity(expected_names);
    let mut by_acronym: HashMap<String, usize> = HashMap::new();
    let mut by_initials: HashMap<String, usize> = HashMap::new();
    let mut people_by_letter = ByLetter::default();
    let mut orgs_by_last_word: HashMap<String, usize> = HashMap::new();
    let mut first_names_by_letter = ByLetter::default();
    let mut full_name_by_surname: HashMap<String, usize> = HashMap::new();

    // Each distinct written form and label is parsed once (names repeat through an article),
    // and its group remembered once it has one.
    let mut parsed_of: HashMap<(&str, Label), usize> = HashMap::with_capacity(expected_names);
    let mut parsed: Vec<Parsed> = Vec::new();
    for (k, e) in entities.iter().enumerate() {
        if !groupable(e.label) {
            continue;
        }
        let pi = *parsed_of.entry((e.text.as_str(), e.label)).or_insert_with(|| {
            parsed.push(Parsed::new(&e.text, e.label));
            parsed.len() - 1
        });
        let p = &parsed[pi];
        let name = &p.name;
        if name.words.is_empty() {
            continue;
        }
        let entity_title = e.title.as_ref().map(|t| t.text.as_str());
        let first_sight = p.group.is_none();
        let g = match p.group {
            // Seen before: its key is in `by_key`, and every index below already holds it
            // (all are first-come), so only the mention itself is added.
            Some(g) => g,
            None => {
                let g = find_or_open_group(
                    &mut drafts,
                    &Lookups { by_key: &by_key, by_acronym: &by_acronym, by_initials: &by_initials, people_by_letter: &people_by_letter, first_names_by_letter: &first_names_by_letter, orgs_by_last_word: &orgs_by_last_word, full_name_by_surname: &full_name_by_surname },
                    e.label,
                    p,
                    entity_title,
                );
                by_key.entry((e.label, p.key.clone())).or_insert(g);
                if let Some(acr) = &p.acronym {
                    by_acronym.entry(acr.clone()).or_insert(g);
                }
                if let Some(init) = &p.initials {
                    by_initials.entry(init.clone()).or_insert(g);
                }
                if e.label == Label::Person && name.words.len() >= 2 {
                    if let Some(last) = last_name(&name.words) {
                        full_name_by_surname.entry(last.to_string()).or_insert(g);
                    }
                }
                if e.label == Label::Org && name.words.len() >= 2 {
                    if let Some(w) = name.words.last() {
                        orgs_by_last_word.entry(w.clone()).or_insert(g);
                    }
                }
                parsed[pi].group = Some(g);
                g
            }
        };
        let p = &parsed[pi];
        let name = &p.name;
        let d = &mut drafts[g];
        d.members.push(k);
        // A name seen before already gave its group its words, form and titles (groups only
        // gain them): only the mention's own title can be new.
        let name_titles = if first_sight { &name.titles[..] } else { &[] };
        if first_sight {
            if name.words.len() > d.words.len() {
                d.words = name.words.clone();
                d.name = name.form.clone();
                d.last_spelling = OnceCell::new();
                d.first_spelling = OnceCell::new();
            }
            if d.forms.len() < MAX_FORMS && !name.form.is_empty() && !d.forms.contains(&name.form) {
                d.forms.push(name.form.clone());
            }
        }
        for t in entity_title.into_iter().chain(name_titles.iter().map(String::as_str)) {
            if d.roles.len() < MAX_FORMS && !d.roles.iter().any(|r| r.eq_ignore_ascii_case(t)) {
                d.roles.push(t.to_string());
            }
        }
        if e.label == Label::Person {
            let (last_letter, first_letter) = (p.last_letter, p.first_letter);
            if let Some(c) = last_letter {
                let at = *parsed[pi].last_list.get_or_insert_with(|| people_by_letter.list_of(c));
                let list = &mut people_by_letter.lists[at];
                if list.last() != Some(&g) && !list.iter().rev().take(50).any(|&x| x == g) {
                    list.push(g);
                }
            }
            if let Some(c) = first_letter {
                let at = *parsed[pi].first_list.get_or_insert_with(|| first_names_by_letter.list_of(c));
                let list = &mut first_names_by_letter.lists[at];
                if !list.iter().rev().take(50).any(|&x| x == g) {
                    list.push(g);
                }
            }
        }
        group_of[k] = Some(g);
    }

    // Number the groups by first mention.
    let mut order: Vec<usize> = (0..drafts.len()).filter(|&g| !drafts[g].members.is_empty()).collect();
    order.sort_by_key(|&g| drafts[g].members[0]);
    let mut id_of = vec![None; drafts.len()];
    let mut groups: Vec<Group> = Vec::with_capacity(order.len());
    for (n, &g) in order.iter().enumerate() {
        id_of[g] = Some(n);
        let d = &mut drafts[g];
        // Names, forms and roles are not needed after this (matching quotes' speakers uses words).
        let name = std::mem::take(&mut d.name);
        let aliases: Vec<String> = std::mem::take(&mut d.forms).into_iter().filter(|f| *f != name).collect();
        let mut roles = std::mem::take(&mut d.roles);
        // Stable, like `sort_by_key`, counting each role's words once.
        roles.sort_by_cached_key(|r| std::cmp::Reverse(r.split_whitespace().count()));
        groups.push(Group {
            id: group_id(n),
            label: d.label,
            name,
            aliases,
            mentions: d.members.iter().map(|&m| entities[m].id.clone()).collect(),
            roles,
            quotes: Vec::new(),
        });
    }
    for (k, e) in entities.iter_mut().enumerate() {
        e.group = group_of[k].and_then(|g| id_of[g]).map(|n| groups[n].id.clone());
    }
    // A speaker name entity recognition missed (`Trump` in a headline) joins the group it names.
    let by_name = |text: &str| {
        if !text.chars().next().is_some_and(char::is_uppercase) || text.split_whitespace().count() > 6 {
            return None;
        }
        let name = parse_name(text, Label::Person);
        if name.words.is_empty() || crate::attribution::is_pronoun(&name.words.join(" ")) {
            return None;
        }
        [Label::Person, Label::Org, Label::Place, Label::Norp]
            .iter()
            .find_map(|&l| by_key.get(&(l, name.words.join(" "))).copied())
            .or_else(|| match_person(&drafts, &people_by_letter, &first_names_by_letter, &name, None))
    };
    // The groups are complete: the same speaker text always names the same group.
    let mut by_name_seen: HashMap<String, Option<usize>> = HashMap::new();
    for (qi, q) in quotes.iter_mut().enumerate() {
        let by_entity = speakers.get(qi).copied().flatten().and_then(|k| group_of.get(k).copied().flatten());
        let named = || {
            let text = q.speaker.as_ref()?.text.as_str();
            if let Some(&g) = by_name_seen.get(text) {
                return g;
            }
            let g = by_name(text);
            by_name_seen.insert(text.to_string(), g);
            g
        };
        let n = by_entity.or_else(named).and_then(|g| id_of[g]);
        q.speaker_group = n.map(|n| groups[n].id.clone());
        if let Some(n) = n {
            groups[n].quotes.push(q.id.clone());
        }
    }
    groups
}

/// Person groups listed by a letter (of a last or first name), most recent last. The lists are
/// apart from the letter index so that a name seen before reaches its list without a lookup.
#[derive(Default)]
struct ByLetter {
    index: HashMap<char, usize>,
    lists: Vec<Vec<usize>>,
}

impl ByLetter {
    fn get(&self, letter: char) -> &[usize] {
        self.index.get(&letter).map_or(&[], |&at| &self.lists[at])
    }

    /// The list of `letter`, made empty if new.
    fn list_of(&mut self, letter: char) -> usize {
        let lists = &mut self.lists;
        *self.index.entry(letter).or_insert_with(|| {
            lists.push(Vec::new());
            lists.len() - 1
        })
    }
}

/// A distinct written form of one label, parsed once, with the keys the lookups use.
struct Parsed {
    name: Name,
    /// The name's words joined by spaces (`by_key`).
    key: String,
    acronym: Option<String>,
    initials: Option<String>,
    /// For a person: the spelling-key initial of the last name and, for a full name, of the
    /// first name (`people_by_letter`, `first_names_by_letter`).
    last_letter: Option<char>,
    first_letter: Option<char>,
    /// The lists of those letters in [`ByLetter::lists`], once looked up.
    last_list: Option<usize>,
    first_list: Option<usize>,
    /// The group of its key, once one of its mentions has been grouped.
    group: Option<usize>,
}

impl Parsed {
    fn new(text: &str, label: Label) -> Parsed {
        let name = parse_name(text, label);
        let person = label == Label::Person;
        Parsed {
            key: name.words.join(" "),
            acronym: acronym(&name.form),
            initials: initials(&name.words),
            last_letter: last_name(&name.words).filter(|_| person).and_then(spelling_initial),
            first_letter: name.words.first().filter(|_| person && name.words.len() >= 2).and_then(|w| spelling_initial(w)),
            last_list: None,
            first_list: None,
            group: None,
            name,
        }
    }
}

/// The indexes a new name is matched against (see [`group`]).
struct Lookups<'m> {
    by_key: &'m HashMap<(Label, String), usize>,
    by_acronym: &'m HashMap<String, usize>,
    by_initials: &'m HashMap<String, usize>,
    people_by_letter: &'m ByLetter,
    first_names_by_letter: &'m ByLetter,
    orgs_by_last_word: &'m HashMap<String, usize>,
    full_name_by_surname: &'m HashMap<String, usize>,
}

/// The group a name seen for the first time joins, by the rules in the module doc, or a new one.
fn find_or_open_group(drafts: &mut Vec<Draft>, at: &Lookups, label: Label, p: &Parsed, entity_title: Option<&str>) -> usize {
    let name = &p.name;
    let mut target = at.by_key.get(&(label, p.key.clone())).copied();
    if target.is_none() {
        if let Some(acr) = &p.acronym {
            target = at.by_initials.get(acr).copied();
        }
    }
    if target.is_none() {
        if let Some(init) = &p.initials {
            target = at.by_acronym.get(init).copied().filter(|&g| drafts[g].label == label || matches!(label, Label::Org | Label::Place));
        }
    }
    if target.is_none() && label == Label::Person {
        target = match_person(drafts, at.people_by_letter, at.first_names_by_letter, name, entity_title);
    }
    // A lone surname tagged as an organization or place (`Trump` in `meet Trump`) after the
    // person's full name: entity recognition's label slip, not another entity.
    if target.is_none() && matches!(label, Label::Org | Label::Place) && name.words.len() == 1 {
        target = at.full_name_by_surname.get(&name.words[0]).copied();
    }
    // `the Ledger` after `the Daily Ledger` (not a generic last word: `Department`, `Party`).
    if target.is_none() && label == Label::Org && name.words.len() == 1 && !is_org_suffix(&name.words[0]) {
        target = at.orgs_by_last_word.get(&name.words[0]).copied();
    }
    target.unwrap_or_else(|| {
        drafts.push(Draft {
            label,
            members: Vec::new(),
            words: Vec::new(),
            name: String::new(),
            last_spelling: OnceCell::new(),
            first_spelling: OnceCell::new(),
            forms: Vec::new(),
            roles: Vec::new(),
        });
        drafts.len() - 1
    })
}

/// `g{n}`, without the formatting machinery (one per group, many groups per second).
fn group_id(n: usize) -> String {
    let mut digits = [0u8; 20];
    let (mut at, mut rest) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - at);
    id.push('g');
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

/// Person groups [`match_person`] considers per letter: the most recent ones.
const RECENT: usize = 200;

/// The last [`RECENT`] entries of a list.
fn recent(list: &[usize]) -> &[usize] {
    &list[list.len().saturating_sub(RECENT)..]
}

/// The person group a name belongs to, by the rules in the module doc.
fn match_person(
    drafts: &[Draft],
    people_by_letter: &ByLetter,
    first_names_by_letter: &ByLetter,
    name: &Name,
    entity_title: Option<&str>,
) -> Option<usize> {
    let last = last_name(&name.words)?;
    let letter = spelling_initial(last)?;
    let last_spelling = OnceCell::new();
    let first_spelling = OnceCell::new();
    let mut candidates: Vec<usize> = Vec::new();
    let mut full_matches: Vec<usize> = Vec::new();
    let singleton = name.words.len() == 1;
    // The most recent groups only, so the work per mention is bounded however many people
    // an input names (all of each list made one-word mentions quadratic).
    let pool = recent(people_by_letter.get(letter));
    // A one-word mention may also be a first name (*Hillary*): add the people whose first
    // name shares its initial.
    let mut both: Vec<usize>;
    let pool = if singleton {
        both = pool.to_vec();
        both.extend(recent(first_names_by_letter.get(letter)).iter().copied().filter(|g| !pool.contains(g)));
        recent(&both)
    } else {
        pool
    };
    for &g in pool {
        let d = &drafts[g];
        if d.label != Label::Person {
            continue;
        }
        let Some(glast) = last_name(&d.words) else { continue };
        if singleton {
            let first_name_match = d.words.len() >= 2 && similar_spelled(&d.words[0], &d.first_spelling, last, &last_spelling);
            if similar_spelled(glast, &d.last_spelling, last, &last_spelling) || first_name_match {
                candidates.push(g);
            }
            continue;
        }
        if !similar_spelled(glast, &d.last_spelling, last, &last_spelling) {
            continue;
        }
        if d.words.len() == 1 {
            candidates.push(g);
            continue;
        }
        let (a, b) = (&name.words[0], &d.words[0]);
        let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
        if similar_spelled(a, &first_spelling, b, &d.first_spelling) || initial(a, b) || initial(b, a) {
            full_matches.push(g);
        }
    }
    if let Some(&g) = full_matches.last() {
        return Some(g);
    }
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    // Several people fit a one-word name: honorific gender, then most mentions, then latest.
    if let Some(female) = female_honorific(entity_title.into_iter().chain(name.titles.iter().map(String::as_str))) {
        let fits: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&g| crate::attribution::first_name_is_female(drafts[g].words.first().map_or("", String::as_str)) == Some(female))
            .collect();
        if fits.len() == 1 {
            return Some(fits[0]);
        }
    }
    candidates.iter().copied().max_by_key(|&g| (drafts[g].members.len(), drafts[g].members.last().copied().unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_ignore_an_arabic_article() {
        let words: Vec<String> = ["bashar", "al-assad"].iter().map(|s| s.to_string()).collect();
        assert_eq!(last_name(&words), Some("assad"));
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
        let words: Vec<String> = ["federal", "bureau", "of", "investigation"].iter().map(|s| s.to_string()).collect();
        assert_eq!(initials(&words).as_deref(), Some("fbi"));
        assert_eq!(acronym("U.N.").as_deref(), Some("un"));
        assert_eq!(acronym("Trump"), None);
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
