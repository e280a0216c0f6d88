//! Property tests (issue 6): whatever the text, `annotate` does not panic and its output
//! holds the invariants listed in tests/support/invariants.rs, and is deterministic.
//!
//! Two kinds of input: arbitrary Unicode built from news-relevant pieces (quote marks of
//! every script, capitalized words, line breaks, combining marks, emoji, controls) plus
//! fully arbitrary chars; and realistic articles from our own templates
//! (benches/support/newsgen.rs) mutated the way pasted text is damaged — stray marks,
//! lost spaces, duplicated paragraphs, mixed line endings, cut-offs, all caps.
//!
//! `PROPTEST_CASES=N cargo test --test properties` runs N cases each (default 1024: about
//! 10 s in a debug build on 2 cores).

#[path = "../benches/support/newsgen.rs"]
mod newsgen;
#[path = "support/invariants.rs"]
mod invariants;

use newsgen::NewsGen;
use proptest::prelude::*;

/// Marks that open, close or look like quotation marks, across scripts.
const MARKS: &[&str] = &[
    "\"", "'", "“", "”", "‘", "’", "„", "‚", "«", "»", "‹", "›", "「", "」", "『", "』", "`", "``", "''", "″", "＂",
];

/// Pieces that news text and pasted junk are made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][a-z]{0,8}",
        4 => "[a-z]{1,8}",
        3 => prop::sample::select(MARKS).prop_map(str::to_string),
        3 => prop::sample::select(&[" ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u{a0}", "\u{2028}", "\u{2029}", "\u{85}"][..]).prop_map(str::to_string),
        2 => prop::sample::select(&[".", ",", ":", ";", "?", "!", "—", "–", "-", "...", "…", "(", ")", "'s", "n't", "Mr.", "U.S.", "$", "€", "%", "{ad}", "{"][..]).prop_map(str::to_string),
        1 => "[0-9]{1,4}",
        1 => prop::sample::select(&["e\u{301}", "\u{301}", "👩\u{200d}👩\u{200d}👧", "😀", "𝄞", "\u{200f}", "שלום", "مرحبا", "日本語", "\u{0}", "\u{feff}", "\u{fffd}", "ǅ", "İ", "ß"][..]).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn newsy_unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

/// One way pasted text gets damaged. Positions are taken modulo the text length and moved
/// down to a char boundary.
#[derive(Clone, Debug)]
enum Mutation {
    InsertMark(usize, &'static str),
    DeleteSpaces(usize, usize),
    DuplicateParagraph(usize),
    LineEndings(&'static str),
    InsertChar(usize, char),
    CutAt(usize),
    UpperCase,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), prop::sample::select(MARKS)).prop_map(|(at, m)| Mutation::InsertMark(at, m)),
        2 => (any::<usize>(), 1..20usize).prop_map(|(at, n)| Mutation::DeleteSpaces(at, n)),
        2 => any::<usize>().prop_map(Mutation::DuplicateParagraph),
        2 => prop::sample::select(&["\r\n", "\r", "\n\n\n", "\u{2029}", " \n"][..]).prop_map(Mutation::LineEndings),
        2 => (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::InsertChar(at, c)),
        1 => any::<usize>().prop_map(Mutation::CutAt),
        1 => Just(Mutation::UpperCase),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, m: &Mutation) {
    match *m {
        Mutation::InsertMark(at, mark) => {
            let i = boundary(text, at);
            text.insert_str(i, mark);
        }
        Mutation::DeleteSpaces(at, n) => {
            let from = boundary(text, at);
            let mut left = n;
            let tail: String = text[from..].chars().filter(|&c| !(c == ' ' && left > 0 && { left -= 1; true })).collect();
            text.truncate(from);
            text.push_str(&tail);
        }
        Mutation::DuplicateParagraph(which) => {
            let paragraphs: Vec<&str> = text.split("\n\n").collect();
            let i = which % paragraphs.len();
            let mut out: Vec<&str> = paragraphs.clone();
            out.insert(i, paragraphs[i]);
            *text = out.join("\n\n");
        }
        Mutation::LineEndings(ending) => *text = text.replace('\n', ending),
        Mutation::InsertChar(at, c) => {
            let i = boundary(text, at);
            text.insert(i, c);
        }
        Mutation::CutAt(at) => {
            let i = boundary(text, at);
            text.truncate(i);
        }
        Mutation::UpperCase => *text = text.to_uppercase(),
    }
}

fn mutated_article() -> impl Strategy<Value = String> {
    (any::<u64>(), 1..8usize, prop::collection::vec(mutation(), 0..8)).prop_map(|(seed, paragraphs, mutations)| {
        let mut text = NewsGen::new(seed).article(paragraphs);
        for m in &mutations {
            apply(&mut text, m);
        }
        text
    })
}

fn holds(text: &str) -> Result<(), TestCaseError> {
    invariants::annotate_checked(text).map(|_| ()).map_err(TestCaseError::fail)
}

/// 1024 cases per property unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_string_gives_a_valid_annotation(text in any::<String>()) {
        holds(&text)?;
    }

    #[test]
    fn newsy_unicode_gives_a_valid_annotation(text in newsy_unicode()) {
        holds(&text)?;
    }

    #[test]
    fn mutated_articles_give_a_valid_annotation(text in mutated_article()) {
        holds(&text)?;
    }

    /// Cleanup keeps the length and every char boundary, so spans found on the cleaned copy
    /// slice the original.
    #[test]
    fn cleanup_keeps_offsets(text in newsy_unicode()) {
        let cleaned = newsmark::cleanup::clean(&text);
        prop_assert_eq!(cleaned.len(), text.len());
        for i in 0..=text.len() {
            prop_assert_eq!(cleaned.is_char_boundary(i), text.is_char_boundary(i), "boundary at {}", i);
        }
    }

    /// Tokens, sentences and paragraphs are in bounds, on char boundaries, in order, and
    /// nested (tokens in sentences in paragraphs).
    #[test]
    fn document_structure_is_well_formed(text in newsy_unicode()) {
        let doc = newsmark::text::Doc::new(&text);
        let mut last_end = 0;
        for t in &doc.tokens {
            prop_assert!(t.start < t.end && last_end <= t.start, "token {}..{} after {}", t.start, t.end, last_end);
            prop_assert!(text.get(t.start..t.end).is_some(), "token {}..{} off a char boundary", t.start, t.end);
            last_end = t.end;
        }
        for p in &doc.paragraphs {
            prop_assert!(text.get(p.start..p.end).is_some());
            for s in &doc.sentences[p.sentences.clone()] {
                prop_assert!(p.start <= s.start && s.start <= s.end && s.end <= p.end, "sentence {}..{} outside paragraph {}..{}", s.start, s.end, p.start, p.end);
                for t in &doc.tokens[s.tokens.clone()] {
                    prop_assert!(s.start <= t.start && t.end <= s.end, "token {}..{} outside sentence {}..{}", t.start, t.end, s.start, s.end);
                }
            }
        }
    }
}

/// The generator itself: articles hold quotes, names and non-ASCII text, so the mutation
/// strategy starts from something worth damaging.
#[test]
fn generated_articles_look_like_news() {
    let text = NewsGen::new(7).text_of_size(20_000);
    assert!(text.len() >= 20_000);
    assert!(text.contains('“') && text.contains('"') && text.contains('€'));
    assert!(!text.is_ascii());
    assert_eq!(text, NewsGen::new(7).text_of_size(20_000), "same seed, same text");
}

/// The checker itself: hand-made broken annotations are each rejected, so a passing
/// property means something.
#[test]
fn the_invariant_checker_catches_broken_annotations() {
    use newsmark::{Annotation, Entity, Group, Label, OffsetUnit, Paragraph, Quote, QuoteKind};
    let text = "“Ça va,” Zoë said in Zürich.";
    let span = |needle: &str| {
        let start = text.find(needle).unwrap();
        (start, start + needle.len())
    };
    let entity = |id: &str, needle: &str, label| {
        let (start, end) = span(needle);
        Entity { id: id.into(), start, end, text: needle.into(), label, group: Some("g0".into()), title: None }
    };
    let (qs, qe) = span("“Ça va,”");
    let good = Annotation {
        version: newsmark::CONTRACT_VERSION,
        offsets: OffsetUnit::Byte,
        paragraphs: vec![Paragraph { start: 0, end: text.len() }],
        entities: vec![entity("e0", "Zoë", Label::Person), entity("e1", "Zürich", Label::Place)],
        groups: vec![Group {
            id: "g0".into(),
            label: Label::Person,
            name: "Zoë".into(),
            aliases: vec![],
            mentions: vec!["e0".into(), "e1".into()],
            roles: vec![],
            quotes: vec!["q0".into()],
        }],
        quotes: vec![Quote {
            id: "q0".into(),
            start: qs,
            end: qe,
            text: "“Ça va,”".into(),
            kind: QuoteKind::Direct,
            speaker: None,
            speaker_group: Some("g0".into()),
            cue: None,
            continues: None,
        }],
    };
    invariants::check(text, &good).expect("the hand-made annotation is valid");

    type Breakage = Box<dyn Fn(&mut Annotation)>;
    let broken: Vec<(&str, Breakage)> = vec![
        ("end inside a char", Box::new(|a| a.entities[0].end -= 1)),
        ("out of bounds", Box::new(|a| a.paragraphs[0].end += 1)),
        ("text differs", Box::new(|a| a.entities[1].text = "Zurich".into())),
        ("overlapping entities", Box::new(|a| a.entities[0].end = a.entities[1].start + 1)),
        ("unsorted entities", Box::new(|a| a.entities.swap(0, 1))),
        ("dangling group", Box::new(|a| a.entities[0].group = Some("g9".into()))),
        ("one-sided group link", Box::new(|a| a.entities[1].group = None)),
        ("dangling mention", Box::new(|a| a.groups[0].mentions.push("e7".into()))),
        ("dangling quote", Box::new(|a| a.groups[0].quotes.push("q3".into()))),
        ("continues itself", Box::new(|a| a.quotes[0].continues = Some("q0".into()))),
        ("bad id", Box::new(|a| a.quotes[0].id = "q1".into())),
        ("empty quote", Box::new(|a| a.quotes[0].end = a.quotes[0].start)),
        ("partial quote overlap", Box::new(|a| {
            let mut second = a.quotes[0].clone();
            second.id = "q1".into();
            second.start = a.quotes[0].start + "“".len();
            second.end = a.quotes[0].end + 1;
            second.text = text[second.start..second.end].into();
            second.speaker_group = None;
            a.quotes.push(second);
        })),
    ];
    for (what, breaks) in broken {
        let mut a = good.clone();
        breaks(&mut a);
        assert!(invariants::check(text, &a).is_err(), "the checker missed: {what}");
    }
}
