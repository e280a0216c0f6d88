//! Byte offsets → code points or UTF-16 code units, for the edges (CLI, wasm).
//!
//! A checkpoint every [`STRIDE`] bytes keeps memory at a small fraction of the text and
//! each lookup at most one stride of scanning; pure-ASCII text converts as the identity.

use crate::annotation::OffsetUnit;

const STRIDE: usize = 256;

/// Converts byte offsets of one text into another unit.
pub struct OffsetMap<'a> {
    text: &'a str,
    unit: OffsetUnit,
    /// `checkpoints[i]` = length in `unit` of `text[..i * STRIDE]` (rounded up to a char
    /// boundary, see [`Self::convert`]). Empty when the conversion is the identity.
    checkpoints: Vec<usize>,
}

impl<'a> OffsetMap<'a> {
    pub fn new(text: &'a str, unit: OffsetUnit) -> Self {
        let identity = unit == OffsetUnit::Byte || text.is_ascii();
        let mut checkpoints = Vec::new();
        if !identity {
            checkpoints.reserve(text.len() / STRIDE + 1);
            let mut units = 0;
            let mut next = 0;
            for (i, c) in text.char_indices() {
                while next <= i {
                    // `next` may fall inside the previous char: the checkpoint then counts up
                    // to `c`'s start (the next boundary), and `convert` scans from there.
                    checkpoints.push(units);
                    next += STRIDE;
                }
                units += unit_len(c, unit);
            }
            while next <= text.len() {
                checkpoints.push(units);
                next += STRIDE;
            }
        }
        OffsetMap { text, unit, checkpoints }
    }

    /// The offset in this map's unit of byte offset `byte` (clamped to the text, and rounded
    /// down to a char boundary, so it never fails).
    pub fn convert(&self, byte: usize) -> usize {
        if self.checkpoints.is_empty() {
            return byte.min(self.text.len());
        }
        let byte = floor_char_boundary(self.text, byte.min(self.text.len()));
        let slot = byte / STRIDE;
        let mut from = slot * STRIDE;
        // The checkpoint counts up to the first char boundary at or after the slot start.
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let base = self.checkpoints[slot];
        base + self.text[from..byte].chars().map(|c| unit_len(c, self.unit)).sum::<usize>()
    }
}

fn unit_len(c: char, unit: OffsetUnit) -> usize {
    match unit {
        OffsetUnit::Byte => c.len_utf8(),
        OffsetUnit::Codepoint => 1,
        OffsetUnit::Utf16 => c.len_utf16(),
    }
}

/// The largest char boundary `<= i` (`str::floor_char_boundary` is not stable yet).
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_ways(text: &str) {
        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16] {
            let map = OffsetMap::new(text, unit);
            let mut expected = 0;
            for (i, c) in text.char_indices() {
                assert_eq!(map.convert(i), expected, "{unit:?} at byte {i} of {text:?}");
                expected += unit_len(c, unit);
            }
            assert_eq!(map.convert(text.len()), expected);
        }
    }

    #[test]
    fn converts_mixed_widths() {
        all_ways("");
        all_ways("plain ascii");
        all_ways("Café “quoted” 😀 € 𝄞 done");
        let long: String = "aé😀—".repeat(500);
        all_ways(&long);
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "😀x";
        let map = OffsetMap::new(text, OffsetUnit::Utf16);
        assert_eq!(map.convert(4), 2);
        assert_eq!(map.convert(5), 3);
        // Inside a char: rounded down to its start.
        assert_eq!(map.convert(2), 0);
    }
}
