//! Tokens, sentences and paragraphs over the article as pasted (byte offsets).
//!
//! Tokens follow news-NER conventions (Penn Treebank-like): possessive `'s` and
//! contractions (`n't`, `'re`) are split off, hyphenated words (`al-Assad`, `G-20`) and
//! abbreviations (`U.S.`, `Mr.`, `Sept.`) stay whole, every other punctuation mark is its
//! own token. Nothing is rewritten: every token is a slice of the input.

use std::ops::Range;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter (may hold digits, hyphens, apostrophes, abbreviation periods).
    Word,
    /// Starts with a digit.
    Number,
    /// One punctuation mark or symbol (a run of the same mark for `...`, `--`).
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A sentence: a byte span and the tokens it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// A paragraph: a byte span (trimmed of surrounding whitespace) and its sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    pub start: usize,
    pub end: usize,
    pub sentences: Range<usize>,
    pub tokens: Range<usize>,
}

/// The article cut into tokens, sentences and paragraphs.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Para>,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str) -> Doc<'t> {
        let para_spans = paragraph_spans(text);
        // News runs about one token per 5-6 bytes; reserving for one per 4 avoids the doubling
        // that would otherwise double peak memory on long articles.
        let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
        let mut sentences = Vec::new();
        let mut paragraphs = Vec::with_capacity(para_spans.len());
        for (start, end) in para_spans {
            let first_token = tokens.len();
            tokenize_into(text, start, end, &mut tokens);
            let first_sentence = sentences.len();
            split_sentences(text, &tokens, first_token, &mut sentences);
            paragraphs.push(Para {
                start,
                end,
                sentences: first_sentence..sentences.len(),
                tokens: first_token..tokens.len(),
            });
        }
        Doc { text, tokens, sentences, paragraphs }
    }

    pub fn token_text(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// The index of the first token that ends after `byte` (i.e. contains it or follows it).
    pub fn token_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= byte)
    }

    /// The paragraph holding byte offset `byte`, if any.
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < byte);
        (i < self.paragraphs.len() && self.paragraphs[i].start <= byte).then_some(i)
    }

    /// The sentence holding byte offset `byte`, if any.
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end < byte);
        (i < self.sentences.len() && self.sentences[i].start <= byte).then_some(i)
    }
}

pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}')
}

/// Paragraph spans, trimmed. Each non-blank line is a paragraph, unless the text is
/// hard-wrapped (blank lines between blocks, and most lines inside blocks stop mid-sentence),
/// in which case each blank-line block is one.
pub fn paragraph_spans(text: &str) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new(); // trimmed, empty ones kept as (x, x)
    let mut line_start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_line_break(c) {
            lines.push(trim_span(text, line_start, i));
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = iter.peek() {
                    iter.next();
                    next = j + 1;
                }
            }
            line_start = next;
        }
    }
    lines.push(trim_span(text, line_start, text.len()));

    let blank = |l: &(usize, usize)| l.0 == l.1;
    let has_blank_separators = lines.iter().any(blank);
    let (mut inner_breaks, mut mid_sentence) = (0usize, 0usize);
    if has_blank_separators {
        for pair in lines.windows(2) {
            if !blank(&pair[0]) && !blank(&pair[1]) {
                inner_breaks += 1;
                let last = text[pair[0].0..pair[0].1].chars().next_back().unwrap_or('.');
                if !matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | '\'' | ')' | '»') {
                    mid_sentence += 1;
                }
            }
        }
    }
    let hard_wrapped = inner_breaks >= 3 && mid_sentence * 2 > inner_breaks;

    let mut out = Vec::new();
    if hard_wrapped {
        let mut block: Option<(usize, usize)> = None;
        for l in &lines {
            if blank(l) {
                out.extend(block.take());
            } else {
                block = Some(match block {
                    Some((s, _)) => (s, l.1),
                    None => *l,
                });
            }
        }
        out.extend(block);
    } else {
        out.extend(lines.into_iter().filter(|l| l.0 != l.1));
    }
    out
}

fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        (start, start)
    } else {
        (start + lead, start + lead + trimmed.len())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

/// Combining marks and joiners stay attached to the letter before them.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200C | 0x200D)
}

/// Abbreviations that keep their period (lowercased, without the period).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "ave", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dept", "dr",
    "e.g", "etc", "feb", "fig", "fri", "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt",
    "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "p.m", "a.m",
    "pres", "prof", "rep", "reps", "rev", "sat", "sen", "sens", "sep", "sept", "sgt", "sr", "st", "sun",
    "supt", "thu", "thurs", "tue", "tues", "u.s", "u.k", "u.n", "vs", "wed",
];

/// Titles after which a sentence never ends (`Mr. Smith`).
const TITLE_ABBREVIATIONS: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "gen", "gov", "hon", "lt", "maj", "messrs", "mr",
    "mrs", "ms", "mt", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt", "vs",
    "no",
];

fn is_abbreviation(word: &str) -> bool {
    in_lowercase_list(ABBREVIATIONS, word)
        // Initialisms: U.S, D.C, N.Y — single letters joined by periods.
        || (word.len() >= 3 && word.split('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic)))
        // An initial: `George W. Bush`.
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Whether `word`, ASCII-lowercased, is in the sorted `list` (no allocation).
fn in_lowercase_list(list: &[&str], word: &str) -> bool {
    let mut buf = [0u8; 8];
    if word.len() > buf.len() {
        return false;
    }
    for (b, w) in buf.iter_mut().zip(word.bytes()) {
        *b = w.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..word.len()]).is_ok_and(|lower| list.binary_search(&lower).is_ok())
}

/// True when the token is an abbreviation that cannot end a sentence (`Mr.`, `Dr.`, `W.`).
pub(crate) fn is_title_abbreviation(token: &str) -> bool {
    let Some(word) = token.strip_suffix('.') else { return false };
    in_lowercase_list(TITLE_ABBREVIATIONS, word) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// Length of the suffix split off a word at its last apostrophe: `Clinton|'s`, `do|n't`,
/// `you|'re`; 0 when there is none. Allocation-free: it runs on every word.
fn clitic_len(word: &str) -> usize {
    let Some((pos, apos)) = word.char_indices().rev().find(|&(_, c)| c == '\'' || c == '’') else {
        return 0;
    };
    let (before, after) = (&word[..pos], &word[pos + apos.len_utf8()..]);
    if after.eq_ignore_ascii_case("t") && before.len() > 1 && before.ends_with(['n', 'N']) {
        return word.len() - (pos - 1);
    }
    if !before.is_empty() && ["s", "re", "ve", "ll", "d", "m"].iter().any(|c| after.eq_ignore_ascii_case(c)) {
        return word.len() - pos;
    }
    0
}

/// Appends the tokens of `text[start..end]` to `out`.
fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let bytes = s.as_bytes();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() || c == '\u{feff}' {
            continue;
        }
        if is_word_char(c) && !is_combining(c) {
            let kind = if c.is_numeric() { TokenKind::Number } else { TokenKind::Word };
            let mut j = i + c.len_utf8();
            // Extend over word chars, and over inner joiners followed by a word char.
            loop {
                let rest = &s[j..];
                let mut it = rest.chars();
                let Some(n) = it.next() else { break };
                if is_word_char(n) {
                    j += n.len_utf8();
                    continue;
                }
                let joins = match n {
                    '-' | '\u{2011}' => true,
                    '\'' | '’' | 'ʼ' => kind == TokenKind::Word,
                    '.' => true,
                    ',' | ':' | '/' => kind == TokenKind::Number,
                    '&' => false,
                    _ => false,
                };
                let next_is_word = it.next().is_some_and(|m| if kind == TokenKind::Number && n != '-' && n != '.' { m.is_ascii_digit() } else { is_word_char(m) });
                if joins && next_is_word {
                    j += n.len_utf8();
                    continue;
                }
                break;
            }
            let mut word = &s[i..j];
            // Periods inside words: keep for initialisms (U.S.) and numbers (3.5), else split.
            if kind == TokenKind::Word && word.contains('.') {
                let ok = word.split('.').all(|p| p.chars().count() <= 2) || is_abbreviation(word);
                if !ok {
                    j = i + word.find('.').unwrap();
                    word = &s[i..j];
                }
            }
            // Trailing period of an abbreviation (`Mr.`, `U.S.`, `Sept.`).
            if kind == TokenKind::Word && bytes.get(j) == Some(&b'.') && is_abbreviation(word) {
                j += 1;
            }
            // Clitics.
            let clitic = if kind == TokenKind::Word { clitic_len(&s[i..j]) } else { 0 };
            // Skip the chars we consumed.
            while chars.peek().is_some_and(|&(k, _)| k < j) {
                chars.next();
            }
            if clitic > 0 && j - clitic > i {
                out.push(Token { start: start + i, end: start + j - clitic, kind });
                out.push(Token { start: start + j - clitic, end: start + j, kind: TokenKind::Word });
            } else {
                out.push(Token { start: start + i, end: start + j, kind });
            }
            continue;
        }
        // Punctuation: runs of the same mark (`...`, `--`, `!!`) stay together, and a
        // combining mark stays with whatever it follows.
        let mut j = i + c.len_utf8();
        if matches!(c, '.' | '-' | '!' | '?' | '*' | '=' | '_' | '~') {
            while s[j..].starts_with(c) {
                j += c.len_utf8();
            }
        }
        while let Some(n) = s[j..].chars().next() {
            if is_combining(n) {
                j += n.len_utf8();
            } else {
                break;
            }
        }
        while chars.peek().is_some_and(|&(k, _)| k < j) {
            chars.next();
        }
        out.push(Token { start: start + i, end: start + j, kind: TokenKind::Punct });
    }
}

fn is_closing_punct(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

/// Appends the sentences of the paragraph whose tokens start at `first` to `out`.
fn split_sentences(text: &str, tokens: &[Token], first: usize, out: &mut Vec<Sentence>) {
    let mut begin = first;
    let mut i = first;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        let ends = matches!(t.chars().next(), Some('.' | '!' | '?' | '…'))
            && tokens[i].kind == TokenKind::Punct
            || (t.len() > 1 && t.ends_with('.') && tokens[i].kind == TokenKind::Word && !is_title_abbreviation(t) && next_starts_sentence(text, tokens, i + 1) && t.contains('.') && t.split('.').count() > 2);
        if ends {
            let mut j = i + 1;
            while j < tokens.len() && is_closing_punct(tokens[j].text(text)) {
                j += 1;
            }
            let next_ok = j >= tokens.len() || next_starts_sentence(text, tokens, j);
            // A closing quote right after `.`: only a boundary when a new sentence follows.
            if next_ok {
                out.push(Sentence { start: tokens[begin].start, end: tokens[j - 1].end, tokens: begin..j });
                begin = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if begin < tokens.len() {
        out.push(Sentence { start: tokens[begin].start, end: tokens[tokens.len() - 1].end, tokens: begin..tokens.len() });
    }
}

fn next_starts_sentence(text: &str, tokens: &[Token], j: usize) -> bool {
    let Some(t) = tokens.get(j) else { return true };
    let Some(c) = t.text(text).chars().next() else { return true };
    c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let doc = Doc::new(text);
        doc.tokens.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_clitics_keeps_abbreviations() {
        assert_eq!(toks("Clinton's U.S. plan isn't Mr. Lavrov’s."), vec!["Clinton", "'s", "U.S.", "plan", "is", "n't", "Mr.", "Lavrov", "’s", "."]);
        assert_eq!(toks("al-Assad met G-20 leaders at 10:30 for $1,200.50 (45%)."), vec!["al-Assad", "met", "G-20", "leaders", "at", "10:30", "for", "$", "1,200.50", "(", "45", "%", ")", "."]);
    }

    #[test]
    fn sentences_and_paragraphs() {
        let text = "Mr. Smith went to Washington. He said \"Yes.\" Then left!\n\nA new paragraph.\nAnother one";
        let doc = Doc::new(text);
        let sents: Vec<&str> = doc.sentences.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(sents, vec!["Mr. Smith went to Washington.", "He said \"Yes.\"", "Then left!", "A new paragraph.", "Another one"]);
        let paras: Vec<&str> = doc.paragraphs.iter().map(|p| &text[p.start..p.end]).collect();
        assert_eq!(paras, vec!["Mr. Smith went to Washington. He said \"Yes.\" Then left!", "A new paragraph.", "Another one"]);
    }

    #[test]
    fn hard_wrapped_text_keeps_blocks() {
        let text = "The minister said the plan would\nchange how the city buys\nits water and power.\n\nCritics were not\nconvinced by the\nnumbers.";
        let paras = paragraph_spans(text);
        assert_eq!(paras.len(), 2);
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "   ", "\r\n\r\n", "é́́", "😀😀", "'''", "a.b.c.d.", "-", "\u{200d}", "1,", "x'"] {
            let doc = Doc::new(text);
            for t in &doc.tokens {
                assert!(t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
        }
    }
}
