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
    let raw: Vec<&str> = text.split_whitespace().collect();
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
    let mut kept: Vec<&str> = raw[start.min(raw.len())..].to_vec();
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
    let lower = w.to_lowercase().replace("ph", "f");
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
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

/// Two written forms of one name (*Sergei*/*Sergey*, *Hillary*/*Hilary*, *Aleksandr*/
/// *Alexander*): equal spelling keys, or — for names of four consonants or more — the same
/// consonant skeleton with the same first letter.
pub(crate) fn similar_names(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ka, kb) = (spelling_key(a), spelling_key(b));
    if ka == kb {
        return true;
    }
    let skeleton = |k: &str| -> String { k.chars().filter(|c| !"aeiou".contains(*c)).collect() };
    let (sa, sb) = (skeleton(&ka), skeleton(&kb));
    ka.chars().next() == kb.chars().next() && sa == sb && sa.chars().count() >= 4
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

fn female_honorific(titles: &[String]) -> Option<bool> {
    titles.iter().find_map(|t| match t.split_whitespace().next_back() {
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
    let mut by_key: HashMap<(Label, String), usize> = HashMap::new();
    let mut by_acronym: HashMap<String, usize> = HashMap::new();
    let mut by_initials: HashMap<String, usize> = HashMap::new();
    let mut people_by_letter: HashMap<char, Vec<usize>> = HashMap::new();
    let mut orgs_by_last_word: HashMap<String, usize> = HashMap::new();
    let mut first_names_by_letter: HashMap<char, Vec<usize>> = HashMap::new();
    let mut full_name_by_surname: HashMap<String, usize> = HashMap::new();

    for (k, e) in entities.iter().enumerate() {
        if !groupable(e.label) {
            continue;
        }
        let mut name = parse_name(&e.text, e.label);
        if let Some(t) = &e.title {
            name.titles.insert(0, t.text.clone());
        }
        if name.words.is_empty() {
            continue;
        }
        let key = (e.label, name.words.join(" "));
        let mut target = by_key.get(&key).copied();
        if target.is_none() {
            if let Some(acr) = acronym(&name.form) {
                target = by_initials.get(&acr).copied();
            }
        }
        if target.is_none() {
            if let Some(init) = initials(&name.words) {
                target = by_acronym.get(&init).copied().filter(|&g| drafts[g].label == e.label || matches!(e.label, Label::Org | Label::Place));
            }
        }
        if target.is_none() && e.label == Label::Person {
            target = match_person(&drafts, &people_by_letter, &first_names_by_letter, &name);
        }
        // A lone surname tagged as an organization or place (`Trump` in `meet Trump`) after the
        // person's full name: entity recognition's label slip, not another entity.
        if target.is_none() && matches!(e.label, Label::Org | Label::Place) && name.words.len() == 1 {
            target = full_name_by_surname.get(&name.words[0]).copied();
        }
        // `the Ledger` after `the Daily Ledger` (not a generic last word: `Department`, `Party`).
        if target.is_none() && e.label == Label::Org && name.words.len() == 1 && !is_org_suffix(&name.words[0]) {
            target = orgs_by_last_word.get(&name.words[0]).copied();
        }
        let g = match target {
            Some(g) => g,
            None => {
                drafts.push(Draft { label: e.label, members: Vec::new(), words: Vec::new(), name: String::new(), forms: Vec::new(), roles: Vec::new() });
                drafts.len() - 1
            }
        };
        let d = &mut drafts[g];
        d.members.push(k);
        if name.words.len() > d.words.len() {
            d.words = name.words.clone();
            d.name = name.form.clone();
        }
        if d.forms.len() < MAX_FORMS && !name.form.is_empty() && !d.forms.contains(&name.form) {
            d.forms.push(name.form.clone());
        }
        for t in &name.titles {
            if d.roles.len() < MAX_FORMS && !d.roles.iter().any(|r| r.eq_ignore_ascii_case(t)) {
                d.roles.push(t.clone());
            }
        }
        by_key.insert(key, g);
        if let Some(acr) = acronym(&name.form) {
            by_acronym.entry(acr).or_insert(g);
        }
        if let Some(init) = initials(&name.words) {
            by_initials.entry(init).or_insert(g);
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
        if e.label == Label::Person {
            if let Some(c) = last_name(&name.words).and_then(|w| spelling_key(w).chars().next()) {
                let list = people_by_letter.entry(c).or_default();
                if list.last() != Some(&g) && !list.iter().rev().take(50).any(|&x| x == g) {
                    list.push(g);
                }
            }
            if name.words.len() >= 2 {
                if let Some(c) = spelling_key(&name.words[0]).chars().next() {
                    let list = first_names_by_letter.entry(c).or_default();
                    if !list.iter().rev().take(50).any(|&x| x == g) {
                        list.push(g);
                    }
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
        let aliases: Vec<String> = d.forms.iter().filter(|f| **f != d.name).cloned().collect();
        let mut roles = std::mem::take(&mut d.roles);
        roles.sort_by_key(|r| std::cmp::Reverse(r.split_whitespace().count()));
        groups.push(Group {
            id: format!("g{n}"),
            label: d.label,
            name: d.name.clone(),
            aliases,
            mentions: d.members.iter().map(|&m| entities[m].id.clone()).collect(),
            roles,
            quotes: Vec::new(),
        });
    }
    for (k, e) in entities.iter_mut().enumerate() {
        e.group = group_of[k].and_then(|g| id_of[g]).map(|n| groups[n].id.clone());
    }
    for (qi, q) in quotes.iter_mut().enumerate() {
        let by_entity = speakers.get(qi).copied().flatten().and_then(|k| group_of.get(k).copied().flatten());
        // A speaker name entity recognition missed (`Trump` in a headline) joins the group it names.
        let by_name = || {
            let sp = q.speaker.as_ref()?;
            if !sp.text.chars().next().is_some_and(char::is_uppercase) || sp.text.split_whitespace().count() > 6 {
                return None;
            }
            let name = parse_name(&sp.text, Label::Person);
            if name.words.is_empty() || crate::attribution::is_pronoun(&name.words.join(" ")) {
                return None;
            }
            [Label::Person, Label::Org, Label::Place, Label::Norp]
                .iter()
                .find_map(|&l| by_key.get(&(l, name.words.join(" "))).copied())
                .or_else(|| match_person(&drafts, &people_by_letter, &first_names_by_letter, &name))
        };
        let n = by_entity.or_else(by_name).and_then(|g| id_of[g]);
        q.speaker_group = n.map(|n| groups[n].id.clone());
        if let Some(n) = n {
            groups[n].quotes.push(q.id.clone());
        }
    }
    groups
}

/// The person group a name belongs to, by the rules in the module doc.
fn match_person(
    drafts: &[Draft],
    people_by_letter: &HashMap<char, Vec<usize>>,
    first_names_by_letter: &HashMap<char, Vec<usize>>,
    name: &Name,
) -> Option<usize> {
    let last = last_name(&name.words)?;
    let letter = spelling_key(last).chars().next()?;
    let mut candidates: Vec<usize> = Vec::new();
    let mut full_matches: Vec<usize> = Vec::new();
    let singleton = name.words.len() == 1;
    let pool = people_by_letter.get(&letter).map(Vec::as_slice).unwrap_or(&[]);
    // A one-word mention may also be a first name (*Hillary*): add the people whose first
    // name shares its initial. The most recent groups only, to stay linear.
    let mut both: Vec<usize>;
    let pool = if singleton {
        both = pool.to_vec();
        both.extend(first_names_by_letter.get(&letter).map(Vec::as_slice).unwrap_or(&[]).iter().copied().filter(|g| !pool.contains(g)));
        &both[..]
    } else {
        pool
    };
    let skip = pool.len().saturating_sub(200);
    for &g in &pool[skip..] {
        let d = &drafts[g];
        if d.label != Label::Person {
            continue;
        }
        let Some(glast) = last_name(&d.words) else { continue };
        if singleton {
            let first_name_match = d.words.len() >= 2 && similar_names(&d.words[0], last);
            if similar_names(glast, last) || first_name_match {
                candidates.push(g);
            }
            continue;
        }
        if !similar_names(glast, last) {
            continue;
        }
        if d.words.len() == 1 {
            candidates.push(g);
            continue;
        }
        let (a, b) = (&name.words[0], &d.words[0]);
        let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
        if similar_names(a, b) || initial(a, b) || initial(b, a) {
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
    if let Some(female) = female_honorific(&name.titles) {
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
