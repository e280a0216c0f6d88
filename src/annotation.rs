//! The annotation contract: what [`crate::annotate`] returns and what the CLI and the
//! wasm binding serialize. Field and label names are stable; extend, never rename.
//!
//! Inside the core every offset is a **byte** offset into the text as given. The
//! edges (CLI, wasm) convert once with [`Annotation::convert_offsets`].

use serde::Serialize;

/// Contract version, bumped only on a breaking change.
pub const CONTRACT_VERSION: u32 = 1;

/// The unit every `start`/`end` in an [`Annotation`] is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes (the core's own unit; Rust string indices).
    Byte,
    /// Unicode scalar values (Python string indices).
    Codepoint,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
}

impl std::str::FromStr for OffsetUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "byte" | "bytes" => Ok(OffsetUnit::Byte),
            "codepoint" | "codepoints" | "char" => Ok(OffsetUnit::Codepoint),
            "utf16" | "utf-16" => Ok(OffsetUnit::Utf16),
            other => Err(format!("unknown offset unit {other:?} (expected utf16, codepoint or byte)")),
        }
    }
}

/// Entity labels, fixed by the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Label {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "PLACE")]
    Place,
    #[serde(rename = "NORP")]
    Norp,
    #[serde(rename = "DATE")]
    Date,
    #[serde(rename = "TIME")]
    Time,
    #[serde(rename = "MONEY")]
    Money,
    #[serde(rename = "PERCENT")]
    Percent,
    #[serde(rename = "EVENT")]
    Event,
}

impl Label {
    /// Every label, in legend order.
    pub const ALL: [Label; 9] = [
        Label::Person,
        Label::Org,
        Label::Place,
        Label::Norp,
        Label::Event,
        Label::Date,
        Label::Time,
        Label::Money,
        Label::Percent,
    ];

    /// The contract's name for the label (`PERSON`, `ORG`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Place => "PLACE",
            Label::Norp => "NORP",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Money => "MONEY",
            Label::Percent => "PERCENT",
            Label::Event => "EVENT",
        }
    }
}

/// What a quotation is doing in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A quoted statement: a clause or more that somebody said or wrote.
    Direct,
    /// A quoted fragment inside reported speech: *called the talks "very good"*.
    Partial,
    /// A quoted term, title or nickname that nobody is quoted as saying.
    Scare,
}

impl QuoteKind {
    /// Direct and partial quotes are reported speech; scare quotes are not.
    pub fn is_speech(self) -> bool {
        !matches!(self, QuoteKind::Scare)
    }
}

/// An id of the contract: `prefix` and the decimal `n` (`e12`, `q3`, `g0`), written at its
/// exact size without the formatting machinery (an article has thousands of them).
pub(crate) fn numbered_id(prefix: char, n: usize) -> String {
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
    let mut id = String::with_capacity(prefix.len_utf8() + digits.len() - at);
    id.push(prefix);
    id.extend(digits[at..].iter().map(|&d| d as char));
    id
}

/// A piece of the text: `text` is exactly `article[start..end]` in the annotation's unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A paragraph of the article (blank-line or line separated), without its line breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
}

/// A named entity or a date/time/number expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// `e0`, `e1`, … in text order.
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: Label,
    /// The [`Group`] this mention belongs to, when grouping resolved it.
    pub group: Option<String>,
    /// A title or role written next to the name (*President*, *Russian Foreign Minister*),
    /// kept outside the entity span as news NER does.
    pub title: Option<TextSpan>,
}

/// One real-world person, organization, place… and everything the article says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    /// `g0`, `g1`, … in order of first mention.
    pub id: String,
    pub label: Label,
    /// The most complete form of the name.
    pub name: String,
    /// Other written forms, distinct from `name`.
    pub aliases: Vec<String>,
    /// Entity ids of every mention.
    pub mentions: Vec<String>,
    /// Titles seen with the entity, most complete first.
    pub roles: Vec<String>,
    /// Quote ids attributed to the entity.
    pub quotes: Vec<String>,
}

/// A quotation, marks included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// `q0`, `q1`, … in text order.
    pub id: String,
    /// Opening mark (inclusive) to closing mark (inclusive), or to the paragraph end when the
    /// quotation continues in the next paragraph.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    /// The mention that says it (a name, a noun phrase or a pronoun).
    pub speaker: Option<TextSpan>,
    /// The group the speaker resolves to.
    pub speaker_group: Option<String>,
    /// The reporting verb (*said*, *told*, *according to*).
    pub cue: Option<TextSpan>,
    /// The id of the previous piece of the same multi-paragraph quotation.
    pub continues: Option<String>,
}

/// Everything newsmark found in one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Annotation {
    pub version: u32,
    pub offsets: OffsetUnit,
    pub paragraphs: Vec<Paragraph>,
    pub entities: Vec<Entity>,
    pub groups: Vec<Group>,
    pub quotes: Vec<Quote>,
}

impl Annotation {
    /// Re-expresses every offset in `unit`. `text` must be the text this annotation was
    /// made from, in byte offsets. Converting twice is a no-op for the same unit.
    pub fn convert_offsets(mut self, text: &str, unit: OffsetUnit) -> Annotation {
        if unit == self.offsets {
            return self;
        }
        debug_assert_eq!(self.offsets, OffsetUnit::Byte, "convert from bytes only");
        let map = crate::offsets::OffsetMap::new(text, unit);
        let fix = |s: &mut usize, e: &mut usize| {
            *s = map.convert(*s);
            *e = map.convert(*e);
        };
        for p in &mut self.paragraphs {
            fix(&mut p.start, &mut p.end);
        }
        for e in &mut self.entities {
            fix(&mut e.start, &mut e.end);
            if let Some(t) = &mut e.title {
                fix(&mut t.start, &mut t.end);
            }
        }
        for q in &mut self.quotes {
            fix(&mut q.start, &mut q.end);
            for s in [&mut q.speaker, &mut q.cue].into_iter().flatten() {
                fix(&mut s.start, &mut s.end);
            }
        }
        self.offsets = unit;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_are_the_prefix_and_the_number() {
        for n in [0, 7, 10, 99, 12345, usize::MAX] {
            assert_eq!(numbered_id('e', n), format!("e{n}"));
        }
    }
}
