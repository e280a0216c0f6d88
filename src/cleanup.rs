//! Text cleanup that keeps every byte offset: boilerplate and control characters are
//! overwritten with ASCII spaces of the same byte length, so the later stages see clean
//! text while spans still point into the article as pasted.

use std::borrow::Cow;

/// A copy of `text` with the same length and char boundaries, where
/// - control characters (NUL, bell, …; not line breaks or tabs) are spaces;
/// - ad and embed placeholders in braces (`{mosads}`, `{ad}`) are spaces.
pub fn clean(text: &str) -> Cow<'_, str> {
    let needs = text.bytes().any(|b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7f || b == b'{');
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7f {
            bytes[i] = b' ';
        } else if b == b'{' {
            if let Some(len) = placeholder_len(&bytes[i..]) {
                bytes[i..i + len].fill(b' ');
                i += len;
                continue;
            }
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so this is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// Length of a `{word}` placeholder at the start of `b`: a short run of ASCII letters,
/// digits, `_` or `-` in braces.
fn placeholder_len(b: &[u8]) -> Option<usize> {
    let close = b.iter().take(40).position(|&c| c == b'}')?;
    let inner = &b[1..close];
    (!inner.is_empty() && inner.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))).then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length_and_blanks_placeholders() {
        let text = "{adslot}The mayor\0 said {x y} é.";
        let c = clean(text);
        assert_eq!(c.len(), text.len());
        assert_eq!(c, "        The mayor  said {x y} é.");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }
}
