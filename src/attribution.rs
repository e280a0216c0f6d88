//! Speaker attribution: who said each speech quote.
//!
//! For every `direct` or `partial` quote we look for a reporting verb (a *cue*, from
//! `lexicons/cue_verbs.txt`) in the text of the same sentence outside quotation marks,
//! then for the cue's subject: the noun phrase before it (`"…," Trump said`, `X, a spokesman
//! for Y, said`), after it (`said Trump`, `according to the White House`), or the subject of
//! the main clause for participles (`…, adding: "…"`). The speaker span is the mention as
//! written — a name, a noun phrase (*the White House*, *the Russian diplomat*) or a pronoun —
//! because annotators mark the pronoun, not its antecedent; the returned entity index carries
//! the resolution.
//!
//! Rules, in the order they apply (most have a case in `tests/cases/speakers/`):
//! - a transcript turn (`"PENCE: …"`) and a dash signature (`"…" ― Rosa Delgado`) name the
//!   speaker directly; `according to X` anywhere in the quote's sentence wins next;
//! - a quote ending in a comma (or in `?`/`!` before a lowercase word) looks after itself
//!   first, any other quote before; a quote ending in a period never looks after itself;
//! - after the quote the first cue decides (and a new clause, `but …`, ends the search);
//!   before it the nearest cue wins (`X said Y called it "…"` → Y), except that a pronoun
//!   repeating the clause's subject defers to it (`She said she recalls …` → She);
//! - the second piece of a split quote (`"A," X said, "B."`) takes the first piece's speaker;
//! - a quote with no cue of its own takes, in this order: the subject of its own clause when a
//!   colon or comma introduces it (`Sanders shot back, "…"`); the speaker of the piece it
//!   continues; of a later quote of its sentence; of the previous quote of its paragraph; of
//!   the next quote when only marks separate them; of the last quote of the previous paragraph
//!   when it opens its own; then the subject of its clause (its sentence for a partial quote,
//!   the sentence before for a direct one), unless that subject is vague and the same words
//!   were quoted earlier with a speaker; otherwise it stays unattributed;
//! - a pronoun resolves to the highest-scoring preceding entity of the right kind in a window of
//!   the three previous sentences: recent, in subject position, not possessive, not after a
//!   preposition, already a speaker, with the pronoun's gender when a first name or honorific
//!   tells it; ties go to the nearest. A definite role noun (*the diplomat*, *the newspaper*)
//!   resolves the same way, preferring a person whose title holds the noun; an indefinite or
//!   plural one (*a spokesman*, *the two leaders*) resolves to nobody.
//!
//! Time is linear: every look-back is bounded (sentences, tokens, entities, quotes).

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::annotation::{Entity, Label, Quote, QuoteKind, TextSpan};
use crate::lexicon::{is_demonym, is_title_modifier, is_title_word};
use crate::text::{is_title_abbreviation, partition_point_near, Doc, Token, TokenKind};

fn word_set(src: &'static str) -> HashSet<&'static str, FnvBuild> {
    src.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// Reporting verbs, lowercase; multi-word cues (`according to`) are space-separated.
static CUE_VERBS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| word_set(include_str!("../lexicons/cue_verbs.txt")));
/// The two-word cues (`according to`) as word pairs, looked up without joining the words.
static CUE_PAIRS: LazyLock<HashSet<(&'static str, &'static str), FnvBuild>> =
    LazyLock::new(|| CUE_VERBS.iter().filter_map(|c| c.split_once(' ')).collect());
/// Subject pronouns and their class (`he masculine`).
static PRONOUNS: LazyLock<HashMap<&'static str, &'static str, FnvBuild>> = LazyLock::new(|| {
    include_str!("../lexicons/pronouns.txt").lines().filter_map(|l| l.trim().split_once(' ')).collect()
});
/// Heads of noun phrases naming a person by role (*the diplomat*, *a spokesman*).
static SPEAKER_NOUNS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| word_set(include_str!("../lexicons/speaker_nouns.txt")));
/// Heads of noun phrases naming an organization (*the newspaper*, *the campaign*).
static ORG_NOUNS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| word_set(include_str!("../lexicons/org_nouns.txt")));
static MALE_NAMES: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| word_set(include_str!("../lexicons/first_names_male.txt")));
static FEMALE_NAMES: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| word_set(include_str!("../lexicons/first_names_female.txt")));

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "a", "an", "another", "both", "each", "her", "his", "its", "many", "my", "one", "our", "several", "some", "that", "the",
    "their", "these", "this", "those", "three", "two", "your",
];
/// Articles and possessives: a cue word right after one is a noun (`his claims`).
const ARTICLES: &[&str] = &["a", "an", "her", "his", "its", "my", "our", "that", "the", "their", "this", "your"];
/// Determiners that make a noun phrase refer back to someone already mentioned.
const DEFINITE: &[&str] = &["her", "his", "its", "that", "the", "their", "this", "those", "these"];
/// Words that never belong to a speaker noun phrase; capitalized at a sentence start they are
/// trimmed off a name (`But Trump said`).
const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "against", "ago", "also", "although", "and", "as", "asked", "at", "because", "before", "but", "by",
    "during", "earlier", "even", "for", "from", "however", "if", "in", "instead", "into", "is", "last", "later", "like",
    "meanwhile", "not", "now", "of", "on", "once", "or", "over", "still", "so", "speaking", "than", "that", "then",
    "there", "though", "to", "today", "tonight", "was", "were", "when", "where", "whether", "which", "while", "with",
    "yesterday", "yet", "are", "be", "been", "being", "had", "has", "have", "it", "what", "would", "will", "could",
    "should", "can", "may", "might", "must", "did", "does", "do", "said", "says", "under", "until", "since", "through",
    "between", "among", "without", "within", "upon", "toward", "towards", "onto", "per", "via", "why", "how", "who",
    "whom", "whose", "all", "here", "just", "only", "again", "too", "very", "more", "most", "no", "nor",
];
/// Prepositions: an entity right after one is not a subject.
const PREPOSITIONS: &[&str] = &[
    "about", "after", "against", "at", "before", "between", "by", "for", "from", "in", "into", "like", "of", "on", "over",
    "than", "through", "to", "toward", "under", "with", "without",
];
/// Words between a subject and its verb: `Trump also said`, `Lavrov has said`.
const VERB_MODIFIERS: &[&str] = &[
    "again", "already", "also", "finally", "first", "further", "had", "has", "have", "just", "last", "later", "never",
    "often", "once", "previously", "recently", "reportedly", "simply", "still", "then", "would", "will", "even", "later",
];
/// Words that open a new clause: after a quote they end the search for its attribution.
const CLAUSE_OPENERS: &[&str] = &["after", "although", "as", "because", "before", "but", "if", "since", "though", "when", "while"];
const WEEKDAYS: &[&str] = &["friday", "monday", "saturday", "sunday", "thursday", "tuesday", "wednesday"];
/// Name particles that join capitalized words: `Secretary of State`, `Bashar al-Assad`.
const NAME_JOINERS: &[&str] = &["al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "of", "van", "von"];
/// Words after which a sentence subject can start (`Earlier, Lavrov said`).
const SUBJECT_OPENERS: &[&str] = &[",", "and", "but", "that", "—", "–", "--", "\"", "“", "‘", "(", ":", ";", "then", "so", "because", "while", "when", "as", "if"];

/// FNV-1a, for maps keyed by our own short lexicon words, where SipHash's setup costs more
/// than the hashing. Maps keyed by the article's words keep the std hasher (no collision
/// attacks on hostile input).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    }
}

type FnvBuild = BuildHasherDefault<Fnv>;

/// Which of the word lists above a word is in, one bit per list, so that one hash probe
/// (cached per token in [`Ctx::classes`]) answers every membership test: linear scans of
/// these lists were the stage's hottest code.
mod class {
    pub const DETERMINER: u16 = 1 << 0;
    pub const ARTICLE: u16 = 1 << 1;
    pub const DEFINITE: u16 = 1 << 2;
    pub const FUNCTION: u16 = 1 << 3;
    pub const PREPOSITION: u16 = 1 << 4;
    pub const VERB_MODIFIER: u16 = 1 << 5;
    pub const CLAUSE_OPENER: u16 = 1 << 6;
    pub const WEEKDAY: u16 = 1 << 7;
    pub const NAME_JOINER: u16 = 1 << 8;
    pub const SUBJECT_OPENER: u16 = 1 << 9;
    /// A one-word cue verb (`said`).
    pub const CUE: u16 = 1 << 10;
    /// The first word of a two-word cue (`according`).
    pub const CUE_FIRST: u16 = 1 << 11;
    pub const SPEAKER_NOUN: u16 = 1 << 12;
    pub const ORG_NOUN: u16 = 1 << 13;
    /// A subject pronoun (its class from `PRONOUNS`).
    pub const PRONOUN: u16 = 1 << 14;
    /// Marks a per-token cache entry as filled.
    pub const KNOWN: u16 = 1 << 15;
}

/// Every listed word with its [`class`] bits.
static WORD_CLASSES: LazyLock<HashMap<&'static str, u16, FnvBuild>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u16, FnvBuild> = HashMap::default();
    let mut add = |words: &mut dyn Iterator<Item = &'static str>, bit: u16| {
        for w in words {
            *map.entry(w).or_insert(0) |= bit;
        }
    };
    for (list, bit) in [
        (DETERMINERS, class::DETERMINER),
        (ARTICLES, class::ARTICLE),
        (DEFINITE, class::DEFINITE),
        (FUNCTION_WORDS, class::FUNCTION),
        (PREPOSITIONS, class::PREPOSITION),
        (VERB_MODIFIERS, class::VERB_MODIFIER),
        (CLAUSE_OPENERS, class::CLAUSE_OPENER),
        (WEEKDAYS, class::WEEKDAY),
        (NAME_JOINERS, class::NAME_JOINER),
        (SUBJECT_OPENERS, class::SUBJECT_OPENER),
    ] {
        add(&mut list.iter().copied(), bit);
    }
    add(&mut CUE_VERBS.iter().copied(), class::CUE);
    add(&mut CUE_PAIRS.iter().map(|&(first, _)| first), class::CUE_FIRST);
    add(&mut SPEAKER_NOUNS.iter().copied(), class::SPEAKER_NOUN);
    add(&mut ORG_NOUNS.iter().copied(), class::ORG_NOUN);
    add(&mut PRONOUNS.keys().copied(), class::PRONOUN);
    map
});

/// The [`class`] bits of a lowercase word.
fn word_classes(w: &str) -> u16 {
    WORD_CLASSES.get(w).copied().unwrap_or(0)
}

fn in_class(w: &str, bit: u16) -> bool {
    word_classes(w) & bit != 0
}

/// Calls `f` with `word` lowercased (Unicode rules, as `str::to_lowercase`), without
/// allocating for short ASCII words, the common case.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if let Some(slot) = buf.get_mut(..word.len()).filter(|_| word.is_ascii()) {
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_lowercase();
        // ASCII stays valid UTF-8.
        return f(std::str::from_utf8(slot).unwrap_or(""));
    }
    f(&word.to_lowercase())
}

/// Grammatical person/number/gender of a pronoun speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PronounClass {
    Masculine,
    Feminine,
    Neuter,
    Plural,
    Relative,
    First,
}

fn pronoun_class(lower: &str) -> Option<PronounClass> {
    Some(match *PRONOUNS.get(lower)? {
        "masculine" => PronounClass::Masculine,
        "feminine" => PronounClass::Feminine,
        "neuter" => PronounClass::Neuter,
        "plural" => PronounClass::Plural,
        "relative" => PronounClass::Relative,
        _ => PronounClass::First,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// What kind of mention a speaker noun phrase is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum NpKind {
    Pronoun(PronounClass),
    Name,
    /// A common-noun phrase; `definite` when it refers back (*the diplomat*), `head` the token
    /// of its last word.
    Nominal { definite: bool, head: usize },
}

/// A noun phrase over tokens `start..end`.
#[derive(Clone, Debug)]
struct Np {
    start: usize,
    end: usize,
    kind: NpKind,
}

/// What attribution found for one quote.
#[derive(Clone, Debug)]
struct Found {
    speaker: Np,
    cue: Option<(usize, usize)>,
}

/// A resolved speaker remembered for the quotes that follow.
#[derive(Clone, Debug)]
struct Attributed {
    speaker: TextSpan,
    entity: Option<usize>,
    paragraph: usize,
    /// Token where the cue starts, when the attribution has one.
    cue_token: Option<usize>,
}

struct Ctx<'a, 't> {
    doc: &'a Doc<'t>,
    entities: &'a [Entity],
    lower: &'a Lowered<'a>,
    /// Per token, its [`class`] bits once looked up ([`class::KNOWN`] set), else 0.
    classes: Vec<Cell<u16>>,
    /// Per token: the quote it lies in.
    quote_of: QuoteOf,
    gender: Vec<Option<Gender>>,
    /// Per quote: its text ends a sentence inside the marks (`"We won."`).
    ends_sentence: Vec<bool>,
    /// Lowercased words the article capitalizes inside a sentence (proper nouns); built on
    /// first use.
    proper_nouns: OnceCell<HashSet<&'a str>>,
    /// Entities already chosen as speakers, by entity index (for salience).
    speakers_seen: Vec<(usize, usize)>,
    /// Per entity: whether it is in `speakers_seen` (a scan of that list per candidate grew
    /// with the article).
    spoke: Vec<bool>,
    /// Per entity, filled by [`Ctx::facts`].
    entity_facts: Vec<OnceCell<EntityFacts>>,
    /// The last answers of the position searches (token, sentence, entity): the next search
    /// starts there, as lookups cluster around the quote at hand (see [`partition_point_near`]).
    near: Cell<[usize; 3]>,
}

/// Sets `speaker` and `cue` on speech quotes. Returns, per quote, the index in `entities`
/// of the entity the speaker resolves to (directly or through a pronoun or noun phrase).
pub(crate) fn attribute(doc: &Doc, entities: &[Entity], quotes: &mut [Quote]) -> Vec<Option<usize>> {
    let mut resolved = vec![None; quotes.len()];
    if quotes.is_empty() || doc.tokens.is_empty() {
        return resolved;
    }
    let lower = Lowered::new(doc);
    let mut quote_of = QuoteOf(vec![NO_QUOTE; doc.tokens.len()]);
    let mut quote_tokens = Vec::with_capacity(quotes.len());
    for (qi, q) in quotes.iter().enumerate() {
        // Quotes come in text order: search on from the previous one.
        let a = doc.token_at_or_after_near(q.start, quote_tokens.last().map_or(0, |&(a, _)| a));
        let b = doc.token_at_or_after_near(q.end, a);
        for slot in quote_of.0.iter_mut().take(b).skip(a) {
            *slot = qi as u32;
        }
        quote_tokens.push((a, b));
    }
    let gender = entity_genders(doc, entities);
    let ends_sentence = quotes.iter().map(|q| last_inner_char(doc.text, q).is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'))).collect();
    let classes = vec![Cell::new(0); doc.tokens.len()];
    let mut ctx = Ctx {
        doc,
        entities,
        lower: &lower,
        classes,
        quote_of,
        gender,
        ends_sentence,
        proper_nouns: OnceCell::new(),
        speakers_seen: Vec::new(),
        spoke: vec![false; entities.len()],
        entity_facts: vec![OnceCell::new(); entities.len()],
        near: Cell::new([0; 3]),
    };

    let mut done: Vec<Option<Attributed>> = vec![None; quotes.len()];
    // Each quote's paragraph, looked up once (pass 2 asks again for the quotes around each one).
    let quote_paragraphs: Vec<Option<usize>> =
        quote_tokens.iter().map(|&(a, _)| doc.paragraph_of(doc.tokens[a.min(doc.tokens.len() - 1)].start)).collect();
    let paragraph_of = |qi: usize| quote_paragraphs[qi];
    // Pass 1: quotes with a cue in their own sentence, and the second pieces of split quotes.
    let mut last: Option<usize> = None;
    for qi in 0..quotes.len() {
        let (qs, qe) = quote_tokens[qi];
        if !quotes[qi].kind.is_speech() || qs >= qe {
            continue;
        }
        let Some(para) = paragraph_of(qi) else { continue };
        // `"A," X said, "B."`: B follows A's cue with no sentence end between.
        let split_from = last.filter(|&li| {
            let le = quote_tokens[li].1;
            done[li].as_ref().is_some_and(|la| la.paragraph == para && la.cue_token.is_some_and(|c| c >= le && c < qs))
                && le <= qs
                && qs - le <= 60
                && !(le..qs).any(|t| ctx.is_boundary(t))
        });
        let att = if let Some(li) = split_from {
            done[li].clone().map(|la| Attributed { cue_token: None, ..la })
        } else if let Some(f) = ctx.find_explicit(qi, qs, qe, para, &quotes[qi]) {
            let entity = ctx.resolve(&f.speaker);
            quotes[qi].cue = f.cue.map(|(a, b)| ctx.span(a, b));
            Some(Attributed { speaker: ctx.span(f.speaker.start, f.speaker.end), entity, paragraph: para, cue_token: f.cue.map(|c| c.0) })
        } else {
            None
        };
        if let Some(a) = att {
            if let Some(e) = a.entity {
                ctx.speakers_seen.push((doc.tokens[qs].start, e));
                if let Some(spoke) = ctx.spoke.get_mut(e) {
                    *spoke = true;
                }
            }
            last = Some(qi);
            done[qi] = Some(a);
        }
    }
    // Pass 2: every other speech quote inherits or takes its clause's subject.
    let explicit: Vec<bool> = done.iter().map(Option::is_some).collect();
    let ids: HashMap<&str, usize> = quotes.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    // A quote's words, to recognize a phrase quoted again (ignoring ASCII case).
    let interior = |k: usize| doc.text.get(quotes[k].start..quotes[k].end).unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
    let mut last: Option<usize> = None;
    for qi in 0..quotes.len() {
        if done[qi].is_some() {
            last = Some(qi);
            continue;
        }
        let (qs, qe) = quote_tokens[qi];
        if !quotes[qi].kind.is_speech() || qs >= qe {
            continue;
        }
        let Some(para) = paragraph_of(qi) else { continue };
        let take = |k: usize| done[k].clone().map(|a| Attributed { paragraph: para, cue_token: None, ..a });
        // The piece this one continues (`continues`, set by quote detection).
        let continued = quotes[qi].continues.as_deref().and_then(|id| ids.get(id)).copied().filter(|&k| k < qi);
        // A later quote of the same sentence with a cue: `a "very good" talk …, the White House said`.
        let same_sentence_next = (qi + 1..if ctx.quote_ends_sentence(qi) { qi + 1 } else { quotes.len().min(qi + 5) })
            .take_while(|&n| quote_tokens[n].0 >= qe && !(qe..quote_tokens[n].0).any(|t| ctx.is_boundary(t)) && paragraph_of(n) == Some(para))
            .find(|&n| explicit[n] && quotes[n].kind.is_speech());
        // A phrase quoted again (`"very dangerous"`) comes from whoever said it first (looked
        // for only when needed).
        let repeated = || {
            let words = interior(qi);
            (qi.saturating_sub(50)..qi).rev().find(|&k| explicit[k] && !words.is_empty() && interior(k).eq_ignore_ascii_case(words))
        };
        let prev_same_para = last.filter(|&li| done[li].as_ref().is_some_and(|a| a.paragraph == para));
        // `"We won." "And we will again," she said.`: the next quote, with only marks between.
        let adjacent_next = (qi + 1 < quotes.len())
            .then_some(qi + 1)
            .filter(|&n| explicit[n] && paragraph_of(n) == Some(para))
            .filter(|&n| quote_tokens[n].0 >= qe && quote_tokens[n].0 - qe <= 3 && (qe..quote_tokens[n].0).all(|t| doc.tokens[t].kind == TokenKind::Punct));
        // A paragraph that opens with a quote continues the last speaker of the paragraph before.
        let opens_paragraph = (doc.paragraphs[para].tokens.start..qs).all(|t| doc.tokens[t].kind == TokenKind::Punct);
        let prev_para = last.filter(|&li| opens_paragraph && done[li].as_ref().is_some_and(|a| a.paragraph + 1 == para));
        // `Sanders shot back, "…"`: a quote introduced by its own clause takes that clause's subject.
        let floor = doc.paragraphs[para].tokens.start;
        let own_clause = (quotes[qi].kind == QuoteKind::Direct && ctx.introduced(qs, floor))
            .then(|| ctx.implicit_subject(qs, para, quotes[qi].kind))
            .flatten()
            .map(|np| {
                let entity = ctx.resolve(&np);
                Attributed { speaker: ctx.span(np.start, np.end), entity, paragraph: para, cue_token: None }
            });
        let att = own_clause.or_else(|| continued
            .or(same_sentence_next)
            .or(prev_same_para)
            .or(adjacent_next)
            .or(prev_para)
            .and_then(take))
            .or_else(|| {
                let implicit = ctx.implicit_subject(qs, para, quotes[qi].kind);
                // A named or pronoun subject beats a repeated phrase; a vague one does not.
                let vague = !implicit.as_ref().is_some_and(|np| !matches!(np.kind, NpKind::Nominal { .. } | NpKind::Pronoun(PronounClass::Plural)));
                if vague {
                    if let Some(a) = repeated().and_then(take) {
                        return Some(a);
                    }
                }
                implicit.map(|np| {
                    let entity = ctx.resolve(&np);
                    Attributed { speaker: ctx.span(np.start, np.end), entity, paragraph: para, cue_token: None }
                })
            });
        if let Some(a) = att {
            last = Some(qi);
            done[qi] = Some(a);
        }
    }
    for (qi, a) in done.into_iter().enumerate() {
        if let Some(a) = a {
            quotes[qi].speaker = Some(a.speaker);
            resolved[qi] = a.entity;
        }
    }
    resolved
}

impl<'a, 't> Ctx<'a, 't> {
    /// Whether token `i` lies inside a quotation (marks included).
    fn in_quote(&self, i: usize) -> bool {
        self.quote_of.0[i] != NO_QUOTE
    }

    /// The quote token `i` lies in.
    fn quote_at(&self, i: usize) -> Option<usize> {
        Some(self.quote_of.0[i]).filter(|&q| q != NO_QUOTE).map(|q| q as usize)
    }

    fn text(&self, i: usize) -> &'t str {
        self.doc.token_text(i)
    }

    fn span(&self, a: usize, b: usize) -> TextSpan {
        let (start, end) = (self.doc.tokens[a].start, self.doc.tokens[b - 1].end);
        TextSpan { start, end, text: self.doc.text.get(start..end).unwrap_or("").to_string() }
    }

    fn is_word(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The [`class`] bits of token `i`, looked up on first use.
    fn classes(&self, i: usize) -> u16 {
        let cached = self.classes[i].get();
        if cached & class::KNOWN != 0 {
            return cached;
        }
        let bits = word_classes(&self.lower[i]) | class::KNOWN;
        self.classes[i].set(bits);
        bits
    }

    /// Whether token `i` is in any of the lists in `bits`.
    fn is(&self, i: usize, bits: u16) -> bool {
        self.classes(i) & bits != 0
    }

    fn pronoun(&self, i: usize) -> Option<PronounClass> {
        self.is(i, class::PRONOUN).then(|| pronoun_class(&self.lower[i])).flatten()
    }

    /// Whether the article capitalizes token `i`'s word inside a sentence somewhere.
    fn is_proper_noun(&self, i: usize) -> bool {
        self.proper_nouns.get_or_init(|| proper_nouns(self.doc, self.lower)).contains(&self.lower[i])
    }

    /// Searches `items` for `pred`'s partition point near the last answer in slot `slot` of
    /// [`Ctx::near`].
    fn near_search<T>(&self, slot: usize, items: &[T], pred: impl Fn(&T) -> bool) -> usize {
        let mut near = self.near.get();
        near[slot] = partition_point_near(items, near[slot], pred);
        self.near.set(near);
        near[slot]
    }

    /// As [`Doc::token_at_or_after`].
    fn token_at_or_after(&self, byte: usize) -> usize {
        self.near_search(0, &self.doc.tokens, |t| t.end <= byte)
    }

    /// As [`Doc::sentence_of`].
    fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.near_search(1, &self.doc.sentences, |s| s.end < byte);
        self.doc.sentences.get(i).filter(|s| s.start <= byte).map(|_| i)
    }

    /// The number of entities that end at or before `byte`.
    fn entities_ended_by(&self, byte: usize) -> usize {
        self.near_search(2, self.entities, |e| e.end <= byte)
    }

    fn is_possessive(&self, i: usize) -> bool {
        i < self.lower.len() && matches!(&self.lower[i], "'s" | "’s" | "'" | "’")
    }

    /// A sentence-final mark outside quotation marks.
    /// Whether token `i` is the first of its sentence (`Said Ellis: "…"`).
    fn opens_sentence(&self, i: usize) -> bool {
        self.sentence_of(self.doc.tokens[i].start).is_some_and(|s| self.doc.sentences[s].tokens.start == i)
    }

    /// Not a period inside parentheses (`(D-Md.) said`) or before a lowercase word.
    fn is_boundary(&self, i: usize) -> bool {
        let t = &self.doc.tokens[i];
        let sentence_mark = t.kind == TokenKind::Punct && !self.in_quote(i) && matches!(self.text(i).chars().next(), Some('.' | '!' | '?' | '…' | ';'));
        // Inside a short parenthesis (`(D-N.Y.)`) a period ends nothing.
        let in_parens = || (i + 1..(i + 4).min(self.doc.tokens.len())).map(|k| self.text(k)).take_while(|t| *t != "(").any(|t| t == ")");
        sentence_mark
            && !in_parens()
            && !self.doc.tokens.get(i + 1).is_some_and(|n| {
                let nt = n.text(self.doc.text);
                matches!(nt, ")" | "," | "]") || (n.kind == TokenKind::Word && nt.chars().next().is_some_and(char::is_lowercase))
            })
    }

    /// True when quote `qi` ends a sentence inside its marks (`"We won."`).
    fn quote_ends_sentence(&self, qi: usize) -> bool {
        self.ends_sentence.get(qi).copied().unwrap_or(false)
    }

    /// Cue of `n` tokens starting at `i`, if any.
    fn cue_at(&self, i: usize, hi: usize) -> Option<usize> {
        // Only a listed word can be a cue; most tokens stop here, before the checks below.
        if self.in_quote(i) || !self.is_word(i) || !self.is(i, class::CUE | class::CUE_FIRST) {
            return None;
        }
        let w = &self.lower[i];
        // A capitalized cue word is a name (`Will`, `States`), except a sentence-initial `According`.
        if self.is_capitalized(i) && w != "according" && !(self.opens_sentence(i) && self.is_capitalized(i + 1)) {
            return None;
        }
        // A noun, not a verb: `his claims`, `the reports`, `Republican claims`.
        if i > 0 && (self.is(i - 1, class::ARTICLE) || self.is_possessive(i - 1) || (w.ends_with('s') && self.is_capitalized(i - 1) && is_demonym(self.text(i - 1)))) {
            return None;
        }
        if i + 1 < hi && !self.in_quote(i + 1) && self.is(i, class::CUE_FIRST) && CUE_PAIRS.contains(&(w, &self.lower[i + 1])) {
            return Some(2);
        }
        self.is(i, class::CUE).then_some(1)
    }

    fn find_explicit(&self, qi: usize, qs: usize, qe: usize, para: usize, quote: &Quote) -> Option<Found> {
        let ptoks = self.doc.paragraphs[para].tokens.clone();
        // A transcript turn: `"PENCE: Well, look, …"`.
        if quote.kind == QuoteKind::Direct && qs + 2 < qe && self.text(qs + 2) == ":" && self.is_word(qs + 1) {
            let w = self.text(qs + 1);
            if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase()) {
                return Some(Found { speaker: Np { start: qs + 1, end: qs + 2, kind: NpKind::Name }, cue: None });
            }
        }
        // Region before the quote: back to a sentence end, passing over quotes that do not end a sentence.
        let mut lo = qs;
        while lo > ptoks.start && qs - lo < 60 {
            let i = lo - 1;
            if self.is_boundary(i) {
                break;
            }
            if let Some(other) = self.quote_at(i) {
                if other != qi && self.quote_ends_sentence(other) {
                    break;
                }
            }
            lo = i;
        }
        // A paragraph that only opens with the quote, right after `X said:` ending the paragraph before.
        let mut pre = (lo, qs);
        if lo == ptoks.start && qs == ptoks.start && para > 0 {
            let prev = self.doc.paragraphs[para - 1].tokens.clone();
            if prev.end > prev.start && matches!(self.text(prev.end - 1), ":") {
                let mut s = prev.end - 1;
                while s > prev.start && !self.is_boundary(s - 1) && prev.end - s < 60 {
                    s -= 1;
                }
                pre = (s, prev.end);
            }
        }
        // Region after the quote: to a sentence end, passing over quotes.
        let mut hi = qe;
        while hi < ptoks.end && hi - qe < 40 {
            if self.is_boundary(hi) {
                break;
            }
            hi += 1;
        }
        // A signature after the closing mark, whatever ends the quote: `"…." ― Rosa Delgado`.
        if qe + 1 < ptoks.end && matches!(self.text(qe), "―" | "—" | "–" | "--" | "-") {
            let signed = |np: &Np| np.kind == NpKind::Name && (np.end >= ptoks.end || self.doc.tokens[np.end].kind == TokenKind::Punct);
            if let Some(np) = self.np_after(qe + 1, ptoks.end.min(qe + 12)).filter(signed) {
                return Some(Found { speaker: np, cue: None });
            }
        }
        // The signature as the next paragraph: `"…"` / `- Bernie Sanders.`
        if qe == ptoks.end && para + 1 < self.doc.paragraphs.len() {
            let next = self.doc.paragraphs[para + 1].tokens.clone();
            if next.end > next.start + 1 && next.end - next.start <= 8 && matches!(self.text(next.start), "―" | "—" | "–" | "--" | "-") {
                let signed = |np: &Np| np.kind == NpKind::Name && (np.end >= next.end || self.doc.tokens[np.end].kind == TokenKind::Punct);
                if let Some(np) = self.np_after(next.start + 1, next.end).filter(signed) {
                    return Some(Found { speaker: np, cue: None });
                }
            }
        }
        // After `."` a capitalized word opens a new sentence, not an attribution.
        let ends_with_period = matches!(last_inner_char(self.doc.text, quote), Some('.'));
        let post = if ends_with_period && self.is_capitalized(qe) { (qe, qe) } else { (qe, hi) };
        let comma_end = {
            let c = last_inner_char(self.doc.text, quote);
            matches!(c, Some(',' | '-' | '—' | '–')) || (matches!(c, Some('?' | '!')) && qe < hi && !self.is_capitalized(qe))
        };
        // `according to X` anywhere in the quote's sentence names the source of all of it.
        for (a, b) in [post, pre] {
            if let Some(i) = (a..b).find(|&i| &self.lower[i] == "according" && self.cue_at(i, b) == Some(2)) {
                if let Some(np) = self.np_after(i + 2, b) {
                    return Some(Found { speaker: np, cue: Some((i, i + 2)) });
                }
            }
        }
        if comma_end {
            // `X scolded him: "…," she said`: the pronoun repeats the subject before the colon.
            if let Some(f) = self.find_after(post) {
                if let NpKind::Pronoun(class) = f.speaker.kind {
                    let introduced = pre.1 > pre.0 && self.text(pre.1 - 1) == ":";
                    if let Some(main) = introduced.then(|| self.main_subject(pre.0, pre.1)).flatten().filter(|m| self.agrees(m, class) && m.kind == NpKind::Name) {
                        return Some(Found { speaker: main, cue: f.cue });
                    }
                }
                return Some(f);
            }
            self.find_before(pre)
        } else {
            self.find_before(pre).or_else(|| self.find_after(post))
        }
    }

    /// `"…," X said` / `"…," said X` / `"…," according to X`.
    fn find_after(&self, (lo, hi): (usize, usize)) -> Option<Found> {
        let mut i = lo;
        let limit = hi.min(lo + 20);
        // Tokens before the first cue that are not part of the attribution frame.
        let mut first_word = None;
        while i < limit {
            if !self.in_quote(i) && self.is_word(i) && first_word.is_none() {
                first_word = Some(i);
            }
            // A new clause after the quote (`"…," but he said`) is not its attribution.
            if !self.in_quote(i) && self.is(i, class::CLAUSE_OPENER) {
                return None;
            }
            if let Some(n) = self.cue_at(i, hi) {
                let inverted = first_word == Some(i) || &self.lower[i] == "according";
                if inverted && self.lower[i].ends_with("ing") {
                    // `"…," adding that …` / `"…," telling X` belong to the clause before the quote.
                    return None;
                }
                if inverted {
                    if let Some(np) = self.np_after(i + n, hi).or_else(|| self.name_run_after(i + n, hi)) {
                        return Some(Found { speaker: np, cue: Some((i, i + n)) });
                    }
                } else if let Some(np) = self.subject_before(i, lo) {
                    return Some(Found { speaker: np, cue: Some((i, i + n)) });
                } else if self.text(i - 1) == "," {
                    // `"…" for Clinton, said Kunin`.
                    if let Some(np) = self.np_after(i + n, hi).filter(|np| np.kind == NpKind::Name) {
                        return Some(Found { speaker: np, cue: Some((i, i + n)) });
                    }
                }
                // `"…," he said` is the only frame we accept after a quote: the first cue decides.
                return None;
            }
            i += 1;
        }
        None
    }

    /// `X said: "…"` / `X said the talks were "very good"` / `according to X, "…"`.
    fn find_before(&self, (lo, hi): (usize, usize)) -> Option<Found> {
        // The nearest cue first: it governs the quote (`X said Y called it "…"` → Y).
        for i in (lo..hi).rev() {
            let Some(n) = self.cue_at(i, hi) else { continue };
            if &self.lower[i] == "according" {
                if let Some(np) = self.np_after(i + n, hi) {
                    return Some(Found { speaker: np, cue: Some((i, i + n)) });
                }
                continue;
            }
            // A participle never takes the noun before it as subject (`tweets accusing X of …`).
            let participle = self.lower[i].ends_with("ing");
            // `with Trump tweeting that …` takes the name; `tweets accusing X` is no subject.
            if let Some(np) = self.subject_before(i, lo).filter(|np| !participle || matches!(np.kind, NpKind::Name | NpKind::Pronoun(_))) {
                // `She said she recalls …`: a pronoun that repeats the main subject defers to it.
                if let NpKind::Pronoun(class) = np.kind {
                    // Only within the pronoun's own clause: not across `but`, a dash or a semicolon.
                    let clause = (lo..np.start).rev().find(|&k| matches!(&self.lower[k], "but" | "—" | "–" | "--" | ";" | "while" | "although" | "though")).map_or(lo, |k| k + 1);
                    if let Some(main) = self.main_subject(clause, i).filter(|m| m.start < np.start && self.agrees(m, class)) {
                        return Some(Found { speaker: main, cue: Some((i, i + n)) });
                    }
                }
                return Some(Found { speaker: np, cue: Some((i, i + n)) });
            }
            // A participle (`…, adding "…"`) or a second verb (`X said … and added`): the
            // subject of the main clause.
            let coordinated = i > lo && matches!(&self.lower[i - 1], "and" | "but" | "then" | "," | "—" | "before" | "after" | "while");
            if participle || coordinated || (i > lo && &self.lower[i - 1] == "to") {
                if let Some(np) = self.main_subject(lo, i) {
                    return Some(Found { speaker: np, cue: Some((i, i + n)) });
                }
            }
            // `said Trump: "…"` — not `told Reuters`, whose object is the listener.
            if i + n < hi && self.is_capitalized(i + n) && !is_addressing_cue(&self.lower[i]) {
                if let Some(np) = self.np_after(i + n, hi) {
                    let closes = np.end >= hi || matches!(self.text(np.end), ":" | "," | "—");
                    if np.kind == NpKind::Name && closes {
                        return Some(Found { speaker: np, cue: Some((i, i + n)) });
                    }
                }
            }
        }
        // `Trump: "We will win."` (headlines, transcripts).
        if hi > lo + 1 && self.text(hi - 1) == ":" {
            if let Some(np) = self.np_before(hi - 2, lo) {
                if np.start == lo && matches!(np.kind, NpKind::Name | NpKind::Pronoun(_)) {
                    return Some(Found { speaker: np, cue: None });
                }
            }
        }
        None
    }

    /// The subject of the cue at `cue`: the noun phrase right before it, past adverbs,
    /// auxiliaries, a weekday (`on Tuesday`) and an appositive (`X, a spokesman for Y, said`).
    fn subject_before(&self, cue: usize, lo: usize) -> Option<Np> {
        let mut j = cue;
        loop {
            if j <= lo {
                return None;
            }
            let w = &self.lower[j - 1];
            if !self.is_capitalized(j - 1) && (self.is(j - 1, class::VERB_MODIFIER) || (w.ends_with("ly") && w.len() > 4)) {
                j -= 1;
            } else if self.is(j - 1, class::WEEKDAY) && j >= lo + 2 && &self.lower[j - 2] == "on" {
                j -= 2;
            } else {
                break;
            }
        }
        let e = j - 1;
        if self.in_quote(e) {
            return None;
        }
        // An adverbial phrase before the verb (`who has in the past described`): skip it.
        if let Some(np) = self.np_before(e, lo) {
            if np.start > lo && self.is(np.start - 1, class::PREPOSITION) && !matches!(np.kind, NpKind::Pronoun(_)) {
                let mut k = np.start - 1;
                while k > lo && !self.is_capitalized(k - 1) && self.is(k - 1, class::VERB_MODIFIER) {
                    k -= 1;
                }
                if k > lo {
                    if let Some(inner) = self.np_before(k - 1, lo).filter(|n| matches!(n.kind, NpKind::Pronoun(_))) {
                        return Some(inner);
                    }
                }
            }
        }
        if matches!(self.text(e), "," | "—" | "–" | "--") && self.lower[cue].ends_with("ing") {
            return None;
        }
        if matches!(self.text(e), "," | "—" | "–" | "--") {
            // Appositive: back to the comma that opens it.
            let mark = self.text(e);
            let mut k = e;
            while k > lo && e - k < 30 {
                k -= 1;
                if self.in_quote(k) || self.is_boundary(k) {
                    return None;
                }
                if self.text(k) == mark || (mark == "," && matches!(self.text(k), "—" | "(")) {
                    // An appositive holds no clause: no pronoun, no cue.
                    // A relative clause (`Clinton, who called Sanders, told …`) may hold anything.
                    let relative = k + 1 < e && matches!(&self.lower[k + 1], "who" | "which" | "whose");
                    let clause = !relative
                        && (k + 1..e).any(|t| {
                            self.pronoun(t).is_some_and(|c| c != PronounClass::Relative)
                                || (self.cue_at(t, e).is_some() && !self.lower[t].ends_with("ing"))
                        });
                    if k > lo && !clause {
                        if let Some(np) = self.np_before(k - 1, lo) {
                            if !matches!(np.kind, NpKind::Nominal { definite: false, .. }) {
                                return Some(np);
                            }
                        }
                    }
                    // `Hunter's chief of staff, Joe Kasper, told …`: the name is the appositive.
                    if e > k + 1 {
                        if let Some(np) = self.np_before(e - 1, k + 1).filter(|np| np.kind == NpKind::Name && np.start == k + 1) {
                            return Some(np);
                        }
                    }
                    return None;
                }
            }
            return None;
        }
        self.np_before(e, lo).or_else(|| self.bare_plural(e, lo))
    }

    /// A plural common noun right before the verb, with its adjectives: `former employees
    /// have called`, `researchers hope`.
    fn bare_plural(&self, e: usize, lo: usize) -> Option<Np> {
        let w = &self.lower[e];
        let plural = self.is_word(e) && !self.is_capitalized(e) && w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !self.is(e, class::FUNCTION);
        if !plural || self.in_quote(e) {
            return None;
        }
        let mut i = e;
        while i > lo && e - i < 3 && self.is_word(i - 1) && !self.is_capitalized(i - 1) && !self.is(i - 1, class::FUNCTION) && !self.is(i - 1, class::CUE) {
            i -= 1;
        }
        Some(Np { start: i, end: e + 1, kind: NpKind::Nominal { definite: false, head: e } })
    }

    /// The noun phrase ending at token `e` (inclusive), not before `lo`.
    fn np_before(&self, e: usize, lo: usize) -> Option<Np> {
        let mut e = e;
        if self.text(e) == ")" {
            let mut k = e;
            while k > lo && e - k < 12 && self.text(k) != "(" {
                k -= 1;
            }
            if self.text(k) != "(" || k <= lo {
                return None;
            }
            e = k - 1;
        }
        // `the 43-year-old` ends in a number-led word.
        let number_word = self.doc.tokens.get(e).is_some_and(|t| t.kind == TokenKind::Number) && self.lower[e].contains(|c: char| c.is_alphabetic());
        if self.in_quote(e) || !(self.is_word(e) || number_word) {
            return None;
        }
        let w = &self.lower[e];
        if let Some(class) = self.pronoun(e) {
            return Some(Np { start: e, end: e + 1, kind: NpKind::Pronoun(class) });
        }
        // `Will said` (a name) but not `After said`.
        let capitalized_head = self.is_capitalized(e) && (!self.is(e, class::FUNCTION) || matches!(w, "will" | "may" | "can" | "still" | "young"));
        if (!capitalized_head && self.is(e, class::FUNCTION | class::CUE)) || self.is(e, class::WEEKDAY) {
            return None;
        }
        if self.is_capitalized(e) {
            let mut i = e;
            while i > lo {
                let p = i - 1;
                if self.in_quote(p) {
                    break;
                }
                if self.is_capitalized(p) && !self.is(p, class::FUNCTION | class::CUE) {
                    i = p;
                } else if self.is(p, class::NAME_JOINER) && p > lo && self.is_capitalized(p - 1) && !self.is(p - 1, class::FUNCTION) {
                    i = p - 1;
                } else {
                    break;
                }
            }
            if i > lo && &self.lower[i - 1] == "the" {
                i -= 1;
            }
            return Some(Np { start: i, end: e + 1, kind: NpKind::Name });
        }
        // A common-noun phrase: back to its determiner or possessor.
        let mut i = e;
        // `Some(definite)` once a determiner or possessor opens the phrase.
        let mut determiner = None;
        let mut participle = false; // walked over an `-ed` word: only a determiner makes it a phrase
        while i > lo && e - i < 6 {
            let p = i - 1;
            if self.in_quote(p) {
                break;
            }
            let pw = &self.lower[p];
            if self.is(p, class::DETERMINER) || self.doc.tokens[p].kind == TokenKind::Number {
                i = p;
                determiner = Some(self.is(p, class::DEFINITE));
                break;
            }
            if self.is_possessive(p) && p > lo && self.is_word(p - 1) {
                // `Trump's spokeswoman`: take the possessor's name too.
                let mut k = p - 1;
                while k > lo && self.is_capitalized(k - 1) && !self.is(k - 1, class::FUNCTION) {
                    k -= 1;
                }
                if k > lo && &self.lower[k - 1] == "the" {
                    k -= 1;
                }
                i = k;
                determiner = Some(true); // as `the`
                break;
            }
            // `the secretary of state`: `of` inside the phrase.
            let inner_of = pw == "of" && p > lo && self.is_word(p - 1) && !self.is(p - 1, class::FUNCTION);
            if inner_of || (self.is_word(p) && !self.is(p, class::FUNCTION | class::CUE)) {
                participle |= pw.ends_with("ed");
                i = p;
            } else {
                break;
            }
        }
        let lexical = self.is(e, class::SPEAKER_NOUN | class::ORG_NOUN);
        if determiner.is_none() && (!lexical || participle) {
            return None;
        }
        if determiner.is_none() && i < e {
            i = e; // `sources said`: no determiner, keep the head alone
        }
        let definite = determiner.unwrap_or(false);
        Some(Np { start: i, end: e + 1, kind: NpKind::Nominal { definite, head: e } })
    }

    /// The noun phrase starting at token `s`, before `hi`: `Trump`, `Sen. Ted Cruz`,
    /// `a spokesman` (for Y), `Trump senior adviser Jason Miller`.
    fn np_after(&self, s: usize, hi: usize) -> Option<Np> {
        if s >= hi || self.in_quote(s) || !self.is_word(s) {
            return None;
        }
        if let Some(class) = self.pronoun(s) {
            return Some(Np { start: s, end: s + 1, kind: NpKind::Pronoun(class) });
        }
        if matches!(&self.lower[s], "that" | "this" | "these" | "those") {
            return None;
        }
        let mut j = s;
        while j < hi && j - s < 10 && !self.in_quote(j) {
            let w = &self.lower[j];
            let word = self.is_word(j) || self.doc.tokens[j].kind == TokenKind::Number;
            if self.is_possessive(j) && j > s {
                j += 1;
                continue;
            }
            if !word {
                break;
            }
            if self.is(j, class::NAME_JOINER) && j > s && self.is_capitalized(j - 1) && j + 1 < hi && self.is_capitalized(j + 1) {
                j += 1;
                continue;
            }
            let opening_determiner = j == s && self.is(j, class::DETERMINER);
            if !opening_determiner && self.is(j, class::FUNCTION | class::CUE | class::WEEKDAY) {
                break;
            }
            // After a name, only a title continues the phrase (`Trump senior adviser Jason Miller`).
            let after_name = j > s && self.is_capitalized(j - 1) && !self.is(j - 1, class::DETERMINER);
            if after_name && !self.is_capitalized(j) && !is_title_word(w) && !is_title_modifier(w) {
                break;
            }
            if !opening_determiner && !self.is_capitalized(j) && w.ends_with("ed") {
                break;
            }
            j += 1;
        }
        let opens_with_determiner = self.is(s, class::DETERMINER);
        // A lowercase opening is a common noun phrase (`officials`), never the start of a name.
        // Titles may open it (`former Secretary of State Hillary Clinton`).
        if !self.is_capitalized(s) && !opens_with_determiner {
            if let Some(c) = (s..j).find(|&k| self.is_capitalized(k)) {
                if !(s..c).all(|k| is_title_word(&self.lower[k]) || is_title_modifier(&self.lower[k])) {
                    j = c;
                }
            }
        }
        // A name followed by titles that lead to no other name: keep the name.
        if !opens_with_determiner && (s..j).any(|k| self.is_capitalized(k)) {
            while j > s + 1 && !self.is_capitalized(j - 1) && !self.is_possessive(j - 1) {
                j -= 1;
            }
        }
        if j == s || (j == s + 1 && self.is(s, class::DETERMINER)) {
            return None;
        }
        let last = j - 1;
        if self.is_capitalized(last) || is_title_abbreviation(self.text(last)) {
            // A lone capitalized word opening a sentence is a name only if the article also
            // capitalizes it elsewhere or an entity covers it (`Immigration is …` is not).
            let lone = j == s + 1 && self.opens_sentence(s);
            let (bs, be) = (self.doc.tokens[s].start, self.doc.tokens[last].end);
            if lone && !self.is_proper_noun(s) && self.entity_in(bs, be).is_none() {
                return None;
            }
            return Some(Np { start: s, end: j, kind: NpKind::Name });
        }
        let determiner = self.is(s, class::DETERMINER);
        if !determiner && !self.is(last, class::SPEAKER_NOUN | class::ORG_NOUN) {
            return None;
        }
        let definite = self.is(s, class::DEFINITE) || (s + 1..j).any(|k| self.is_possessive(k));
        Some(Np { start: s, end: j, kind: NpKind::Nominal { definite, head: last } })
    }

    /// The first run of capitalized words within a few tokens of `s`: `said 9/11 widow Terry
    /// Strada` → `Terry Strada`.
    fn name_run_after(&self, s: usize, hi: usize) -> Option<Np> {
        let limit = hi.min(s + 6);
        let a = (s..limit).take_while(|&k| !self.in_quote(k) && self.doc.tokens[k].kind != TokenKind::Punct).find(|&k| self.is_capitalized(k))?;
        let mut b = a;
        while b < hi && self.is_capitalized(b) {
            b += 1;
        }
        Some(Np { start: a, end: b, kind: NpKind::Name })
    }

    /// The subject of the main clause in `lo..hi`: the last noun phrase, at the start or
    /// right after a comma, that is followed by a lowercase (verb-like) word.
    /// `Preceded by Joe Arpaio, the Arizona sheriff, Trump launched …` → `Trump`.
    fn main_subject(&self, lo: usize, hi: usize) -> Option<Np> {
        let mut best = None;
        let mut s = lo;
        while s < hi && self.doc.tokens[s].kind == TokenKind::Punct {
            s += 1;
        }
        let mut starts = vec![s];
        for k in s..hi {
            let after_comma = matches!(self.text(k), "," | "—" | "–" | "--" | ":") && !self.in_quote(k);
            let after_quote = self.in_quote(k) && k + 1 < hi && !self.in_quote(k + 1);
            if after_comma || after_quote {
                let mut st = k + 1;
                while st < hi && self.doc.tokens[st].kind == TokenKind::Punct {
                    st += 1;
                }
                starts.push(st);
            }
            if starts.len() > 12 {
                break;
            }
        }
        for st in starts {
            if st >= hi || self.in_quote(st) {
                continue;
            }
            let Some(np) = self.np_after(st, hi) else { continue };
            if !matches!(np.kind, NpKind::Name | NpKind::Pronoun(_) | NpKind::Nominal { definite: true, .. }) || np.kind == NpKind::Pronoun(PronounClass::Relative) {
                continue;
            }
            let mut v = np.end;
            // `Christie, who has campaigned for Trump, blasted …`, `Sanders (Vt.), who lost, said`:
            // past up to two appositives.
            for _ in 0..2 {
                if v < hi && matches!(self.text(v), "," | "(") {
                    let close = if self.text(v) == "(" { ")" } else { "," };
                    if let Some(c) = (v + 1..hi.min(v + 25)).find(|&k| self.text(k) == close && !self.in_quote(k)) {
                        v = c + 1;
                        if close == ")" && v < hi && self.text(v) == "," && v + 1 < hi && matches!(&self.lower[v + 1], "who" | "which") {
                            continue;
                        }
                        if close == ")" && v < hi && self.text(v) == "," {
                            v += 1;
                        }
                    }
                }
            }
            while v < hi && !self.is_capitalized(v) && self.is(v, class::VERB_MODIFIER) {
                v += 1;
            }
            let verb_like = v < hi
                && self.is_word(v)
                && !self.is_capitalized(v)
                && !self.is(v, class::PREPOSITION)
                && !matches!(&self.lower[v], "and" | "or" | "who" | "which" | "that" | "whose");
            // `Caddell: Voters Are Worried …` — a name and a colon open a headline or a transcript line.
            if st == s && np.kind == NpKind::Name && np.end < hi && self.text(np.end) == ":" {
                return Some(np);
            }
            if verb_like {
                best = Some(np);
            }
        }
        best
    }

    /// Whether a main-clause subject can be what a later pronoun of `class` repeats.
    fn agrees(&self, np: &Np, class: PronounClass) -> bool {
        match (&np.kind, class) {
            (NpKind::Pronoun(c), _) => *c == class,
            (NpKind::Name, PronounClass::Masculine | PronounClass::Feminine) => {
                let first = self.text(np.start);
                let female = first_name_is_female(first);
                female.is_none() || female == Some(class == PronounClass::Feminine)
            }
            (NpKind::Name, PronounClass::Neuter | PronounClass::Plural) => true,
            _ => false,
        }
    }

    /// For a quote with no cue and nobody to inherit from: the subject of the main clause
    /// that introduces it — its own sentence for a partial quote or a quote introduced by a
    /// colon or comma (`Clinton told donors, "…"` without a known cue), else the sentence
    /// before it in the same paragraph (`Clinton touted her record. "…"`).
    fn implicit_subject(&self, qs: usize, para: usize, kind: QuoteKind) -> Option<Np> {
        let floor = self.doc.paragraphs[para].tokens.start;
        let start = self.sentence_start(qs, floor);
        if kind == QuoteKind::Partial || self.introduced(qs, floor) {
            return self.main_subject(start, qs);
        }
        let opens_sentence = (start..qs).all(|t| self.doc.tokens[t].kind == TokenKind::Punct);
        // `Clinton released the following statement:` ending the paragraph before.
        // A paragraph that is only the quote takes the subject of the sentence that ends the
        // paragraph before (`Howard continued his remarks.` / `"Eight years ago …"`), when that
        // sentence quotes nobody.
        if opens_sentence && start == floor && para > 0 {
            let prev = self.doc.paragraphs[para - 1].tokens.clone();
            if prev.end > prev.start {
                let colon = self.text(prev.end - 1) == ":";
                let last = prev.end - if colon { 1 } else { 0 };
                let mut prev_start = self.sentence_start(last.saturating_sub(1).max(prev.start), prev.start);
                // `sentence_start` stops after the period that ends the sentence itself: step past it.
                if !colon && prev_start + 1 >= last && last > prev.start + 1 {
                    prev_start = self.sentence_start(last - 2, prev.start);
                }
                if colon || (prev_start..prev.end).all(|t| !self.in_quote(t)) {
                    return self.main_subject(prev_start, last);
                }
            }
        }
        if opens_sentence && start > floor {
            let prev_start = self.sentence_start(start - 1, floor);
            if (prev_start..start).all(|t| !self.in_quote(t)) {
                return self.main_subject(prev_start, start);
            }
        }
        None
    }

    /// Whether the quote at `qs` follows a colon or comma of its own sentence (`X shot back, "…"`).
    fn introduced(&self, qs: usize, floor: usize) -> bool {
        qs > floor && matches!(self.text(qs - 1), ":" | ",") && !self.in_quote(qs - 1)
    }

    /// The first token of the sentence holding token `i`, by [`Self::is_boundary`] (which,
    /// unlike the sentence splitter, is not fooled by `(R-Tex.)`), at most 80 tokens back.
    fn sentence_start(&self, i: usize, floor: usize) -> usize {
        let mut s = i;
        while s > floor && i - s < 80 && !self.is_boundary(s - 1) {
            s -= 1;
        }
        s
    }

    // ---- resolution -------------------------------------------------------------------

    /// The entity a speaker noun phrase refers to.
    fn resolve(&self, np: &Np) -> Option<usize> {
        let (start, end) = (self.doc.tokens[np.start].start, self.doc.tokens[np.end - 1].end);
        match &np.kind {
            NpKind::Name => self.entity_in(start, end),
            NpKind::Pronoun(class) => match class {
                PronounClass::Masculine => self.antecedent(start, Want::Person(Some(Gender::Male)), None),
                PronounClass::Feminine => self.antecedent(start, Want::Person(Some(Gender::Female)), None),
                PronounClass::Neuter => self.antecedent(start, Want::Org, None),
                PronounClass::Plural => self.antecedent(start, Want::Org, None),
                PronounClass::Relative => {
                    // `X, who said …`: the entity just before the relative pronoun.
                    let lo = self.doc.tokens[np.start.saturating_sub(3)].start;
                    let i = self.entities_ended_by(start);
                    (0..i).rev().take(2).find(|&k| self.entities[k].end >= lo && speaker_label(self.entities[k].label))
                }
                PronounClass::First => None,
            },
            &NpKind::Nominal { definite, head } => {
                // A name inside the phrase (`Trump's spokeswoman Hope Hicks`) wins.
                if let Some(e) = self.entity_in(start, end).filter(|&e| self.entities[e].label == Label::Person && self.entities[e].end == end) {
                    return Some(e);
                }
                if !definite {
                    return None;
                }
                let word = &self.lower[head];
                // A plural (`the two leaders`) names several people: no single entity.
                let plural = word.ends_with('s')
                    && !self.is(head, class::SPEAKER_NOUN)
                    && in_class(&word[..word.len() - 1], class::SPEAKER_NOUN);
                if plural {
                    None
                } else if self.is(head, class::SPEAKER_NOUN) {
                    self.antecedent(start, Want::Person(None), Some(word))
                } else if self.is(head, class::ORG_NOUN) {
                    self.antecedent(start, Want::Org, Some(word))
                } else {
                    None
                }
            }
        }
    }

    /// The last person (else organization, else any speaker-like) entity inside `start..end`.
    fn entity_in(&self, start: usize, end: usize) -> Option<usize> {
        let first = self.entities_ended_by(start);
        let mut past = first;
        while past < self.entities.len() && self.entities[past].start < end {
            past += 1;
        }
        let pick = |label: Label| (first..past).rev().find(|&k| self.entities[k].label == label);
        pick(Label::Person).or_else(|| pick(Label::Org)).or_else(|| (first..past).rev().find(|&k| speaker_label(self.entities[k].label)))
    }

    /// [`EntityFacts`] of entity `k`, computed on first use.
    fn facts(&self, k: usize) -> EntityFacts {
        *self.entity_facts[k].get_or_init(|| {
            let e = &self.entities[k];
            let (mut a, b) = (self.token_at_or_after(e.title.as_ref().map_or(e.start, |t| t.start.min(e.start))), self.token_at_or_after(e.end));
            if a > 0 && &self.lower[a - 1] == "the" {
                a -= 1;
            }
            let mut position_score = 0.0;
            if b < self.lower.len() && self.is_possessive(b) {
                position_score -= 2.5;
            } else if a == 0 || self.opens_sentence(a) || self.is(a - 1, class::SUBJECT_OPENER) {
                position_score += 2.0;
            }
            if a > 0 && self.is(a - 1, class::PREPOSITION) {
                position_score -= 1.5;
            }
            EntityFacts { sentence: self.sentence_of(e.start).map(|s| s as u32), position_score }
        })
    }

    /// The most plausible preceding entity for a pronoun or a definite noun phrase at `pos`.
    fn antecedent(&self, pos: usize, want: Want, head: Option<&str>) -> Option<usize> {
        // Sentences are in text order: the last one starting at or before `pos`.
        let sent = self.sentence_of(pos).or_else(|| self.doc.sentences.partition_point(|s| s.start <= pos).checked_sub(1))?;
        let window_start = self.doc.sentences[sent.saturating_sub(3)].start;
        let end = self.near_search(2, self.entities, |e| e.start < pos);
        let mut best: Option<(f32, usize)> = None;
        // The last eight speakers and their surnames, for the salience bonus below (filled
        // for the first candidate that needs them).
        let mut recent_speakers: Option<[(usize, &str); 8]> = None;
        for k in (0..end).rev().take(40) {
            let e = &self.entities[k];
            if e.start < window_start {
                break;
            }
            if e.end > pos {
                continue;
            }
            let ok = match want {
                Want::Person(g) => e.label == Label::Person && (g.is_none() || self.gender[k].is_none() || self.gender[k] == g),
                // An organization, or anything that already spoke (`the White House` tagged as a place).
                Want::Org => e.label == Label::Org || (e.label != Label::Person && self.spoke[k]),
            };
            if !ok {
                continue;
            }
            let facts = self.facts(k);
            let distance = facts.sentence.map_or(3, |s| sent.saturating_sub(s as usize)) as f32;
            let mut score = -1.5 * distance;
            // A known matching gender beats an unknown one.
            if let Want::Person(Some(g)) = want {
                if self.gender[k] == Some(g) {
                    score += 0.75;
                }
            }
            // (Quarter steps: the sums are exact in any order.)
            score += facts.position_score;
            let recent = recent_speakers.get_or_insert_with(|| {
                let mut recent = [(usize::MAX, ""); 8];
                for (slot, &(_, s)) in recent.iter_mut().zip(self.speakers_seen.iter().rev()) {
                    *slot = (s, self.entities.get(s).map_or("", |se| last_word(&se.text)));
                }
                recent
            });
            let surname = last_word(&e.text);
            if recent.iter().any(|&(s, other)| s == k || (!surname.is_empty() && other == surname)) {
                score += 1.0;
            }
            if let (Some(h), Some(t)) = (head, &e.title) {
                if with_lowercase(&t.text, |title| title.contains(h)) {
                    score += 3.0;
                }
            }
            if !best.is_some_and(|(s, _)| score <= s) {
                best = Some((score, k));
            }
        }
        if let Some((_, k)) = best {
            return Some(k);
        }
        // Nobody in the window: the last speaker of the right kind.
        self.speakers_seen.iter().rev().take(4).map(|&(_, k)| k).find(|&k| match want {
            Want::Person(g) => self.entities[k].label == Label::Person && (g.is_none() || self.gender[k].is_none() || self.gender[k] == g),
            Want::Org => self.entities[k].label != Label::Person,
        })
    }
}

/// What [`Ctx::antecedent`] scores of an entity, whatever the pronoun: computed once per
/// entity, since every pronoun nearby scores the same entities again.
#[derive(Clone, Copy, Debug)]
struct EntityFacts {
    /// The sentence of its start.
    sentence: Option<u32>,
    /// Subject position (+2.0), possessive (-2.5), after a preposition (-1.5).
    position_score: f32,
}

#[derive(Clone, Copy, Debug)]
enum Want {
    Person(Option<Gender>),
    Org,
}

const NO_QUOTE: u32 = u32::MAX;

/// Per token, the index of the quote it lies in, or [`NO_QUOTE`] (4 bytes a token).
struct QuoteOf(Vec<u32>);

/// Every token's text, lowercased (per character, `char::to_lowercase`). One copy of the
/// article with its ASCII letters lowercased serves every token at the token's own offsets;
/// the rare token holding a non-ASCII letter that changes (`Ángel`) is lowercased after that
/// copy. Built in one pass over the bytes, not one step per token (a tenth of the stage).
struct Lowered<'d> {
    tokens: &'d [Token],
    text: String,
    /// `(token, start, end)` in `text` of the tokens lowercased after the copy, by token.
    moved: Vec<(usize, usize, usize)>,
}

impl<'d> Lowered<'d> {
    fn new(doc: &'d Doc) -> Lowered<'d> {
        let mut text = doc.text.to_owned();
        text.make_ascii_lowercase();
        let mut moved = Vec::new();
        let bytes = doc.text.as_bytes();
        let mut at = 0;
        // Each step lands on the first byte of a character: the search starts after an ASCII
        // byte or a whole character.
        while let Some(pos) = first_non_ascii(bytes, at) {
            let Some(c) = doc.text.get(pos..).and_then(|rest| rest.chars().next()) else { break };
            at = pos + c.len_utf8();
            // Quotation marks, dashes and currency signs (most non-ASCII in news) have no case.
            if matches!(c, '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}') {
                continue;
            }
            let mut lowered = c.to_lowercase();
            if lowered.next() == Some(c) && lowered.next().is_none() {
                continue;
            }
            let i = doc.token_at_or_after_near(pos, moved.last().map_or(0, |m: &(usize, usize, usize)| m.0));
            let Some(t) = doc.tokens.get(i).filter(|t| t.start <= pos) else { continue };
            let from = text.len();
            text.extend(t.text(doc.text).chars().flat_map(char::to_lowercase));
            moved.push((i, from, text.len()));
            at = at.max(t.end);
        }
        Lowered { tokens: &doc.tokens, text, moved }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }
}

/// The first non-ASCII byte at or after `from`, skipping ASCII 16 bytes at a time.
fn first_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while bytes.get(at..at + 16).is_some_and(<[u8]>::is_ascii) {
        at += 16;
    }
    bytes.get(at..)?.iter().position(|b| !b.is_ascii()).map(|p| at + p)
}

impl std::ops::Index<usize> for Lowered<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        let (start, end) = match self.moved.binary_search_by_key(&i, |m| m.0) {
            Ok(k) => (self.moved[k].1, self.moved[k].2),
            Err(_) => (self.tokens[i].start, self.tokens[i].end),
        };
        self.text.get(start..end).unwrap_or("")
    }
}

/// Words capitalized after another word inside a sentence that is not in title case.
fn proper_nouns<'l>(doc: &Doc, lower: &'l Lowered) -> HashSet<&'l str> {
    let mut out = HashSet::new();
    let capitalized = |i: usize| doc.tokens[i].kind == TokenKind::Word && doc.token_text(i).chars().next().is_some_and(char::is_uppercase);
    for s in &doc.sentences {
        let words = s.tokens.clone().filter(|&i| doc.tokens[i].kind == TokenKind::Word).count();
        let caps = s.tokens.clone().filter(|&i| capitalized(i)).count();
        if caps * 5 > words * 3 {
            continue; // a title-case headline
        }
        for i in s.tokens.start + 1..s.tokens.end {
            if capitalized(i) && matches!(doc.tokens[i - 1].kind, TokenKind::Word | TokenKind::Number) {
                out.insert(&lower[i]);
            }
        }
    }
    out
}

/// The last character before the closing quotation mark.
fn last_inner_char(text: &str, quote: &Quote) -> Option<char> {
    let inner = text.get(quote.start..quote.end)?;
    let mut chars = inner.trim_end().chars().rev();
    chars.next();
    chars.next()
}

/// Cues whose object is the listener or the thing described, not the speaker: `told Reuters`.
fn is_addressing_cue(w: &str) -> bool {
    matches!(w, "tell" | "tells" | "told" | "telling" | "ask" | "asks" | "asked" | "asking" | "call" | "calls" | "called" | "calling" | "described" | "describes" | "describing" | "urged" | "warned" | "accused" | "accuses")
}

fn speaker_label(label: Label) -> bool {
    matches!(label, Label::Person | Label::Org | Label::Norp | Label::Place)
}

/// The last word of a name, without a possessive (`Lavrov's` → `Lavrov`).
fn last_word(name: &str) -> &str {
    let w = if name.is_ascii() {
        // The same word as `split_whitespace` (ASCII whitespace includes \x0b here), found by
        // bytes: antecedent scoring asks for it of every candidate.
        let bytes = name.as_bytes();
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        let end = bytes.iter().rposition(|b| !space(b)).map_or(0, |p| p + 1);
        let start = bytes[..end].iter().rposition(space).map_or(0, |p| p + 1);
        &name[start..end]
    } else {
        name.split_whitespace().next_back().unwrap_or("")
    };
    ["'s", "’s", "'", "’"].iter().find_map(|p| w.strip_suffix(p)).unwrap_or(w)
}

/// Whether `word` (lowercase) is a pronoun that can speak.
pub(crate) fn is_pronoun(word: &str) -> bool {
    pronoun_class(word).is_some()
}

/// Whether a first name is a woman's (`Some(true)`), a man's (`Some(false)`), or unknown.
pub(crate) fn first_name_is_female(word: &str) -> Option<bool> {
    with_lowercase(word, |w| match (FEMALE_NAMES.contains(w), MALE_NAMES.contains(w)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    })
}

/// `Mrs.`, `Ms.`, `Mrs `, `Ms ` anywhere → female, else `Mr.`, `Mr ` → male: one scan for
/// the `M`s instead of a substring search per form.
fn honorific_gender(text: &str) -> Option<Gender> {
    let mut male = false;
    for (i, _) in text.match_indices('M') {
        let rest = text.as_bytes().get(i + 1..).unwrap_or(&[]);
        if [&b"rs."[..], b"s.", b"rs ", b"s "].iter().any(|form| rest.starts_with(form)) {
            return Some(Gender::Female);
        }
        male |= rest.starts_with(b"r.") || rest.starts_with(b"r ");
    }
    male.then_some(Gender::Male)
}

/// Gender per entity from a first name or an honorific, carried over to later surname-only mentions.
fn entity_genders(doc: &Doc, entities: &[Entity]) -> Vec<Option<Gender>> {
    let mut by_surname: HashMap<String, Gender> = HashMap::new();
    let mut out = Vec::with_capacity(entities.len());
    // Title, the text just before and the name, in one buffer reused for every entity.
    let mut honorific = String::new();
    for e in entities {
        if e.label != Label::Person {
            out.push(None);
            continue;
        }
        let before = doc.text.get(e.start.saturating_sub(5)..e.start).unwrap_or("");
        honorific.clear();
        for part in [e.title.as_ref().map_or("", |t| t.text.as_str()), " ", before, " ", &e.text] {
            honorific.push_str(part);
        }
        let mut words = e.text.split_whitespace();
        let first = words.next().unwrap_or("");
        let word_count = if first.is_empty() { 0 } else { 1 + words.count() };
        let mut g = None;
        if let Some(by_honorific) = honorific_gender(&honorific) {
            g = Some(by_honorific);
        } else if word_count >= 2 {
            g = with_lowercase(first.trim_matches(|c: char| !c.is_alphanumeric()), |first| {
                if MALE_NAMES.contains(first) {
                    Some(Gender::Male)
                } else if FEMALE_NAMES.contains(first) {
                    Some(Gender::Female)
                } else {
                    None
                }
            });
        }
        with_lowercase(last_word(&e.text), |surname| match g {
            Some(g) => match by_surname.get_mut(surname) {
                Some(known) => *known = g,
                None => {
                    by_surname.insert(surname.to_string(), g);
                }
            },
            None if word_count == 1 => g = by_surname.get(surname).copied(),
            None => {}
        });
        out.push(g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_word_matches_split_whitespace() {
        for name in ["Sergei Lavrov", "  Lavrov's ", "Trump\x0bPence", "a\tb\n", "", " ", "Lavrov’s", "José Ramos", "x\u{85}y"] {
            let w = name.split_whitespace().next_back().unwrap_or("");
            let expected = ["'s", "’s", "'", "’"].iter().find_map(|p| w.strip_suffix(p)).unwrap_or(w);
            assert_eq!(last_word(name), expected, "{name:?}");
        }
    }

    #[test]
    fn lexicons_load() {
        assert!(CUE_VERBS.contains("said") && CUE_VERBS.contains("according to"));
        assert_eq!(pronoun_class("she"), Some(PronounClass::Feminine));
        assert!(MALE_NAMES.contains("donald") && FEMALE_NAMES.contains("hillary"));
    }

    /// Attribution accuracy with the gold quote spans of a polnear file, so that attribution
    /// is measured apart from quote detection (the data is not committed; point
    /// `NEWSMARK_POLNEAR` at it): `NEWSMARK_POLNEAR=…/polnear_dev.jsonl cargo test --lib
    /// gold_quote_attribution -- --ignored --nocapture`. Quotes of six words or more count
    /// as direct, shorter ones as partial.
    #[test]
    #[ignore]
    fn gold_quote_attribution() {
        let Ok(path) = std::env::var("NEWSMARK_POLNEAR") else { return };
        let data = std::fs::read_to_string(path).unwrap();
        let (mut total, mut correct, mut none) = (0, 0, 0);
        let mut report = String::new();
        for line in data.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            let cleaned = crate::cleanup::clean(text);
            let doc = Doc::new(&cleaned);
            let entities = crate::entities::find(&doc);
            let byte = |cp: u64| text.char_indices().nth(cp as usize).map_or(text.len(), |(b, _)| b);
            let mut quotes = Vec::new();
            let mut golds = Vec::new();
            for (i, q) in v["quotes"].as_array().unwrap().iter().enumerate() {
                let (s, e) = (byte(q["start"].as_u64().unwrap()), byte(q["end"].as_u64().unwrap()));
                let srcs: Vec<(usize, usize)> = q["sources"].as_array().unwrap().iter().map(|s| (byte(s["start"].as_u64().unwrap()), byte(s["end"].as_u64().unwrap()))).collect();
                let words = text[s..e].split_whitespace().count();
                quotes.push(Quote {
                    id: format!("q{i}"),
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    kind: if words >= 6 { QuoteKind::Direct } else { QuoteKind::Partial },
                    speaker: None,
                    speaker_group: None,
                    cue: None,
                    continues: None,
                });
                golds.push(srcs);
            }
            attribute(&doc, &entities, &mut quotes);
            for (q, g) in quotes.iter().zip(&golds) {
                if g.is_empty() {
                    continue;
                }
                total += 1;
                let ok = q.speaker.as_ref().is_some_and(|sp| g.iter().any(|&(a, b)| sp.start < b && a < sp.end));
                if ok {
                    correct += 1;
                } else {
                    if q.speaker.is_none() {
                        none += 1;
                    }
                    let ctx_start = text.floor_char_boundary(q.start.saturating_sub(200));
                    let ctx_end = text.floor_char_boundary((q.end + 120).min(text.len()));
                    report.push_str(&format!(
                        "Q {:?}\n  pred {:?} gold {:?}\n  ctx {:?}\n\n",
                        &q.text.chars().take(60).collect::<String>(),
                        q.speaker.as_ref().map(|s| &s.text),
                        g.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>(),
                        &text[ctx_start..ctx_end]
                    ));
                }
            }
        }
        // `NEWSMARK_FAILURES=path` keeps the misses with their context, for reading.
        if let Ok(out) = std::env::var("NEWSMARK_FAILURES") {
            std::fs::write(out, report).unwrap();
        }
        println!("gold-quote attribution: {correct}/{total} = {:.3} (no speaker: {none})", correct as f64 / total.max(1) as f64);
    }
}

