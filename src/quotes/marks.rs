//! Which characters of a paragraph are quotation marks, and which way each one faces.
//!
//! News mixes straight and curly marks, and keyboards and CMSs get curly marks wrong
//! (`“expedited review“`, `”Mr. Trump`), so the glyph alone is not trusted: a mark is
//! *opening* when it has space (or an opening bracket, dash or another mark) on its left
//! and text on its right, *closing* in the mirror case, and only when the context says
//! neither (`word"word`, `a " b`) does the glyph decide — a straight `"` is then left
//! [`Dir::Either`] for the pairing to settle.
//!
//! Single marks double as apostrophes, so they are only reported where an apostrophe
//! cannot be: never between two letters (*You’re*, *rock’n’roll*), never a `’` with space
//! on its left (*’90s*, *’em*), never a leading mark on a decade or an elision
//! (*‘90s*, *'til*). A trailing `’` after a word (*the Joneses’*) is reported as closing;
//! without an open single quote before it, the pairing ignores it.
//!
//! Marks inside markup tags (`<tweet author="…">`) or around attribute values cut off from
//! their tag (`author="…"`), inch marks (`6'3"`) and doubled apostrophes (`''`) are skipped.

/// Double marks delimit quotations; single marks only where no double quote is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Double,
    Single,
}

/// Which way a mark faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    Open,
    Close,
    /// The context does not tell (a straight mark between two words or two spaces).
    Either,
}

/// A quotation mark: its byte span in the text, family and direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub start: usize,
    pub end: usize,
    pub family: Family,
    pub dir: Dir,
}

/// Tags longer than this are not skipped (a lone `<` must not hide a paragraph's marks).
const MAX_TAG_BYTES: usize = 1000;

/// True for the double quotation marks (straight, curly, low, guillemets).
pub(crate) fn is_double_glyph(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '〝' | '〞' | '＂')
}

fn single_glyph(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‛' | '‹' | '›')
}

fn is_mark(c: char) -> bool {
    is_double_glyph(c) || single_glyph(c)
}

/// Characters after which a mark opens: start of paragraph, space, brackets, dashes, slashes.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '<' | '—' | '–' | '-' | '/' | '\u{feff}') || is_mark(c),
    }
}

/// Characters before which a mark closes: end of paragraph, space, closing punctuation.
fn closes_before(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '…' | '—' | '–' | '-' | '/' | '*')
                || is_mark(c)
        }
    }
}

fn blank(c: Option<char>) -> bool {
    c.map_or(true, char::is_whitespace)
}

/// Direction of a double mark from its neighbours, falling back on the glyph.
fn double_dir(c: char, prev: Option<char>, next: Option<char>) -> Dir {
    let left_flanking = !blank(next) && opens_after(prev);
    let right_flanking = !blank(prev) && closes_before(next);
    match (left_flanking, right_flanking) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ if prev.is_none() => Dir::Open,
        _ if next.is_none() => Dir::Close,
        _ => match c {
            '“' | '„' | '‟' | '«' | '〝' => Dir::Open,
            '”' | '»' | '〞' => Dir::Close,
            _ => Dir::Either,
        },
    }
}

/// Words that a leading apostrophe elides (`'til`, `‘em`, `'n'`).
const ELISIONS: &[&str] = &["cause", "em", "n", "nuff", "til", "tis", "twas"];

/// True when the text right after a leading single mark makes it an apostrophe:
/// a decade or year (`'90s`, `‘16`) or an elided word (`'til`).
fn leading_apostrophe(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 2 {
        // `rest[2..]` is a char boundary: two ASCII digits precede it.
        return rest[2..].chars().next().map_or(true, |c| !c.is_alphanumeric() || c == 's');
    }
    let word_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    let word = &rest[..word_len];
    let after = rest[word_len..].chars().next();
    ELISIONS.iter().any(|e| word.eq_ignore_ascii_case(e)) && after.map_or(true, |c| !c.is_alphanumeric())
}

/// Direction of a single mark, or `None` when it is an apostrophe.
fn single_dir(c: char, prev: Option<char>, next: Option<char>, rest: &str) -> Option<Dir> {
    let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if word(prev) && word(next) {
        return None; // You’re, rock’n’roll, O'Neill
    }
    match c {
        '‚' | '‛' => (!blank(next)).then_some(Dir::Open),
        '‹' => Some(Dir::Open),
        '›' => Some(Dir::Close),
        '’' => (!blank(prev) && closes_before(next) && !opens_after(prev)).then_some(Dir::Close),
        _ => {
            // `‘` and the straight `'`.
            if opens_after(prev) && !blank(next) {
                (!leading_apostrophe(rest)).then_some(Dir::Open)
            } else if c == '\'' && !blank(prev) && closes_before(next) {
                Some(Dir::Close)
            } else {
                None
            }
        }
    }
}

/// Whether byte `b` may start a quotation mark or a tag: `"`, `'`, `<`, or the lead byte of
/// a non-ASCII mark (U+00AB/BB, U+2018–201F, U+2039/3A, U+301D/E, U+FF02). Branch-free, so
/// that a block of bytes is tested at once.
const fn may_start_mark(b: u8) -> bool {
    (b == b'"') | (b == b'\'') | (b == b'<') | (b == 0xC2) | (b == 0xE2) | (b == 0xE3) | (b == 0xEF)
}

/// The first byte at or after `from` that may start a mark (see [`may_start_mark`]), or
/// `bytes.len()`. Blocks of 32 bytes are tested whole: most of a paragraph is skipped fast.
fn next_candidate(bytes: &[u8], mut from: usize) -> usize {
    const BLOCK: usize = 32;
    while let Some(block) = bytes.get(from..from + BLOCK) {
        if block.iter().fold(0u8, |any, &b| any | u8::from(may_start_mark(b))) != 0 {
            break;
        }
        from += BLOCK;
    }
    let rest = bytes.get(from..).unwrap_or(&[]);
    rest.iter().position(|&b| MAY_START_MARK[usize::from(b)]).map_or(bytes.len(), |k| from + k)
}

/// [`may_start_mark`] as a table, for the byte-by-byte search: one load per byte.
static MAY_START_MARK: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_start_mark(b as u8);
        b += 1;
    }
    table
};

/// Every quotation mark of `text[start..end]` (one paragraph), in order.
///
/// Only the chars that can be marks or open a tag are looked at; their neighbours are read
/// around them when needed.
pub(crate) fn marks_in(text: &str, start: usize, end: usize) -> Vec<Mark> {
    let Some(para) = text.get(start..end) else { return Vec::new() };
    let bytes = para.as_bytes();
    let mut out = Vec::new();
    let mut skip_until = 0usize;
    let mut doubled_apostrophes = false;
    // Position of the next `>` at or after the last search start (None = none left).
    let mut next_gt: Option<Option<usize>> = None;
    let mut from = 0;
    loop {
        let i = next_candidate(bytes, from);
        let Some(c) = para.get(i..).and_then(|r| r.chars().next()) else { break };
        from = i + c.len_utf8();
        if i < skip_until || !(is_mark(c) || c == '<') {
            // Inside a markup tag, or the second apostrophe of a `''` pair; or no mark.
            continue;
        }
        let prev = para.get(..i).and_then(|before| before.chars().next_back());
        let rest = para.get(from..).unwrap_or("");
        let next = rest.chars().next();
        if c == '\'' && next == Some('\'') {
            // Two apostrophes standing in for a double mark (old wire and archive copy):
            // not read as a quotation mark, matching the reference annotation, which only
            // counts real double marks.
            // Single marks after one are nested inside it, so none are reported.
            let run = bytes.get(i..).unwrap_or(&[]).iter().take_while(|&&b| b == b'\'').count();
            skip_until = i + run;
            doubled_apostrophes = true;
        } else if c == '"' && prev == Some('=') {
            // An attribute value of markup cut off from its tag (`author="@someone"`).
            // (Each search stops at the next `"`, so the searches never overlap.)
            if let Some(close) = rest.bytes().take(MAX_TAG_BYTES + 1).position(|b| b == b'"') {
                skip_until = i + 1 + close + 1;
            }
        } else if c == '<' && next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!') {
            let gt = match next_gt {
                Some(Some(g)) if g > i => Some(g),
                Some(None) => None,
                _ => {
                    let found = bytes.get(i..).and_then(|b| b.iter().position(|&b| b == b'>')).map(|g| g + i);
                    next_gt = Some(found);
                    found
                }
            };
            if let Some(g) = gt.filter(|g| g - i <= MAX_TAG_BYTES) {
                skip_until = g + 1;
            }
        } else if is_double_glyph(c) {
            if !(c == '"' && is_inch_mark(para, i, prev)) {
                out.push(Mark { start: start + i, end: start + from, family: Family::Double, dir: double_dir(c, prev, next) });
            }
        } else if single_glyph(c) && !doubled_apostrophes {
            if let Some(dir) = single_dir(c, prev, next, rest) {
                out.push(Mark { start: start + i, end: start + from, family: Family::Single, dir });
            }
        }
    }
    out
}

/// True when the `"` at byte `i` of `para` follows feet and digits (`6'3"`, `5’11"`): the
/// char before the run of ASCII digits ending at `i` is a foot mark.
fn is_inch_mark(para: &str, i: usize, prev: Option<char>) -> bool {
    if !prev.is_some_and(|p| p.is_ascii_digit()) {
        return false;
    }
    let before = para.as_bytes().get(..i).unwrap_or(&[]);
    let digits_start = before.iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |k| k + 1);
    let before_digits = para.get(..digits_start).and_then(|p| p.chars().next_back());
    matches!(before_digits, Some('\'' | '’' | '′'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks of `text` as (glyph, family, direction).
    fn marks(text: &str) -> Vec<(&str, Family, Dir)> {
        marks_in(text, 0, text.len()).into_iter().map(|m| (&text[m.start..m.end], m.family, m.dir)).collect()
    }

    fn dirs(text: &str) -> Vec<Dir> {
        marks(text).into_iter().map(|m| m.2).collect()
    }

    use Dir::{Close, Either, Open};

    #[test]
    fn apostrophes_are_not_marks() {
        for text in [
            "You’re kidding, Clinton’s aide said.",
            "The ’90s were loud, rock ’n’ roll too.",
            "It's the Joneses’ turn at O'Neill's.",
            "Back in the '90s, 'til dawn, rock 'n' roll.",
            "Since ‘16 and ‘til then.",
        ] {
            let singles: Vec<_> = marks(text).into_iter().filter(|m| m.1 == Family::Single && m.2 == Open).collect();
            assert!(singles.is_empty(), "{text}: {singles:?}");
        }
    }

    #[test]
    fn headline_single_quotes_face_both_ways() {
        assert_eq!(dirs("Mayor wants ‘a fresh start’ for the port"), vec![Open, Close]);
        assert_eq!(dirs("Mayor wants 'a fresh start' now"), vec![Open, Close]);
    }

    #[test]
    fn straight_doubles_take_direction_from_context() {
        assert_eq!(dirs(r#""We will win," she said, "and soon.""#), vec![Open, Close, Open, Close]);
        assert_eq!(dirs(r#"a "b" c"#), vec![Open, Close]);
        assert_eq!(dirs(r#"x"y"#), vec![Either]);
    }

    #[test]
    fn miscoded_curly_marks_follow_context() {
        // A closing quote typed as an opening one, and the reverse.
        assert_eq!(dirs("an “expedited review“ of the pipes"), vec![Open, Close]);
        assert_eq!(dirs("”Not now,” she said."), vec![Open, Close]);
        assert_eq!(dirs("“One.”“Two.”"), vec![Open, Close, Open, Close]);
    }

    #[test]
    fn guillemets_both_styles() {
        assert_eq!(dirs("il a dit « non » hier"), vec![Open, Close]);
        assert_eq!(dirs("er sagte »nein« gestern"), vec![Open, Close]);
        assert_eq!(dirs("„Nein“, sagte er."), vec![Open, Close]);
    }

    #[test]
    fn tags_and_inches_are_skipped() {
        assert!(marks(r#"<tweet author="@someone" id="12">Hi</tweet>"#).is_empty());
        assert!(marks(r#"He is 6'3" and she is 5’11" tall."#).iter().all(|m| m.1 != Family::Double));
        // Attribute values of a tag split over two lines.
        let text = r#"x" author="@someone" date="May 2""#;
        assert!(marks_in(text, 0, text.len()).iter().all(|m| m.start == 1));
        // A lone `<` does not hide later marks.
        assert_eq!(marks(r#"x <b and "y" z"#).len(), 2);
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "\"", "'", "’", "‘", "<", "<a", "“”", "'9", "‘em", "6'3\"", "é'😀\"é", "<a\"'>"] {
            let _ = marks(text);
        }
    }
}
