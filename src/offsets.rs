//! Byte offsets → code points or UTF-16 code units, for the edges (CLI, wasm).
//!
//! A checkpoint every [`STRIDE`] bytes keeps memory at a small fraction of the text and
//! each lookup at most one stride of scanning; pure-ASCII text converts as the identity.

use crate::annotation::OffsetUnit;

const STRIDE: usize = 64;

/// Converts byte offsets of one text into another unit.
pub struct OffsetMap<'a> {
    text: &'a str,
    unit: OffsetUnit,
    /// `checkpoints[i]` = length in `unit` of the chars that start before byte `i * STRIDE`.
    /// Empty when the conversion is the identity.
    checkpoints: Vec<usize>,
}

impl<'a> OffsetMap<'a> {
    pub fn new(text: &'a str, unit: OffsetUnit) -> Self {
        let identity = unit == OffsetUnit::Byte || text.is_ascii();
        let mut checkpoints = Vec::new();
        if !identity {
            checkpoints.reserve(text.len() / STRIDE + 1);
            let mut units = 0;
            checkpoints.push(0);
            for chunk in text.as_bytes().chunks(STRIDE) {
                units += units_in(chunk, unit);
                checkpoints.push(units);
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
        let base = self.checkpoints.get(slot).copied().unwrap_or(0);
        base + self.text.as_bytes().get(slot * STRIDE..byte).map_or(0, |b| units_in(b, self.unit))
    }
}

/// Length in `unit` of the chars that *start* in `bytes` (a slice of UTF-8, possibly cut
/// mid-char at either end): counting lead bytes needs no decoding.
fn units_in(bytes: &[u8], unit: OffsetUnit) -> usize {
    // Per byte: 1 for a char's first byte (continuation bytes are 0x80..=0xBF, i.e. below
    // -0x40 as `i8`), plus 1 in UTF-16 for the first byte of a four-byte char (0xF0 or more).
    let weight = |b: u8| -> u8 {
        match unit {
            OffsetUnit::Byte => 1,
            OffsetUnit::Codepoint => u8::from(b as i8 >= -0x40),
            OffsetUnit::Utf16 => u8::from(b as i8 >= -0x40) + u8::from(b >= 0xF0),
        }
    };
    // Sums of at most 2 × 127 fit a `u8`, which lets the compiler count 16 bytes at a time.
    bytes.chunks(127).map(|chunk| usize::from(chunk.iter().fold(0u8, |sum, &b| sum + weight(b)))).sum()
}

#[cfg(test)]
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
