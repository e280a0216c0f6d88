//! A tiny seeded generator (xorshift64) for the randomized unit tests, so they are
//! repeatable and need no dependency.

/// The generator; `.0` is the state, which is also the last value drawn.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    /// Advances the state and returns it.
    pub(crate) fn next(&mut self) -> u64 {
        let x = &mut self.0;
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }
}
