//! The tagger: a linear model over hashed features with BILOU tags for four entity types,
//! decoded with Viterbi under BILOU transition constraints.
//!
//! Weights are quantized to `i8` (emissions) and `i32` (transitions) with one shared scale,
//! so decoding is integer arithmetic. The binary format (little endian):
//! `b"NMK2"`, `u32` tag count, `u32` bits, `u32` two-pass flag, then `(TAGS + 1) * TAGS`
//! `i32` transitions (the last row is the start) and `2^bits * TAGS` `i8` emission weights.

use super::features::{extract_context, extract_history, extract_own, own_hashes, TokenInfo, MAX_FEATURES, MAX_HISTORY_FEATURES};
use std::cell::RefCell;
use std::ops::Range;

/// Entity types the model knows, in tag order.
pub(crate) const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// `O` plus B, I, L, U for each type.
pub(crate) const TAGS: usize = 1 + 4 * TYPES.len();
/// Row of the transition table used before the first token.
pub(crate) const START: usize = TAGS;

/// Position part of a tag.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Pos {
    O,
    B,
    I,
    L,
    U,
}

pub(crate) const fn tag_pos(tag: u8) -> Pos {
    if tag == 0 {
        return Pos::O;
    }
    match (tag - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    }
}

/// Entity type of a tag: 0 for `O`, else 1 + index in [`TYPES`].
pub(crate) const fn tag_type(tag: u8) -> u8 {
    if tag == 0 {
        0
    } else {
        (tag - 1) / 4 + 1
    }
}

/// The tag for type `ty` (1-based) at position `pos`.
#[cfg(any(test, feature = "train"))]
pub(crate) fn make_tag(ty: u8, pos: Pos) -> u8 {
    match pos {
        Pos::O => 0,
        Pos::B => 1 + (ty - 1) * 4,
        Pos::I => 2 + (ty - 1) * 4,
        Pos::L => 3 + (ty - 1) * 4,
        Pos::U => 4 + (ty - 1) * 4,
    }
}

/// Whether BILOU allows tag `b` right after `a` (`a == START` for the first token).
pub(crate) const fn allowed(a: usize, b: usize) -> bool {
    let a_open = a != START && matches!(tag_pos(a as u8), Pos::B | Pos::I);
    match tag_pos(b as u8) {
        Pos::O | Pos::B | Pos::U => !a_open,
        Pos::I | Pos::L => a_open && tag_type(a as u8) == tag_type(b as u8),
    }
}

/// [`allowed`] as a table, indexed `[a][b]`.
const ALLOWED: [[bool; TAGS]; TAGS + 1] = {
    let mut table = [[false; TAGS]; TAGS + 1];
    let mut a = 0;
    while a <= TAGS {
        let mut b = 0;
        while b < TAGS {
            table[a][b] = allowed(a, b);
            b += 1;
        }
        a += 1;
    }
    table
};

/// Whether tag `t` may end a sequence.
pub(crate) fn may_end(t: usize) -> bool {
    matches!(tag_pos(t as u8), Pos::O | Pos::L | Pos::U)
}

/// For each tag, the tags BILOU allows right before it (padded with `u8::MAX`); the tests
/// check [`CLOSERS`] and [`OPENERS`], which Viterbi uses, against it.
#[cfg(test)]
const PREDECESSORS: [[u8; TAGS]; TAGS] = {
    let mut table = [[u8::MAX; TAGS]; TAGS];
    let mut b = 0;
    while b < TAGS {
        let (mut a, mut k) = (0, 0);
        while a < TAGS {
            if allowed(a, b) {
                table[b][k] = a as u8;
                k += 1;
            }
            a += 1;
        }
        b += 1;
    }
    table
};

/// Number of closed tags (`O`, every `L`, every `U`): the predecessors of `O`, `B`, `U`.
const CLOSED: usize = 1 + 2 * TYPES.len();
/// The closed tags, `O` first.
const CLOSERS: [usize; CLOSED] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// The tags that follow closed tags: `O`, every `B`, every `U`.
const OPENERS: [usize; CLOSED] = [0, 1, 4, 5, 8, 9, 12, 13, 16];

/// Best tag sequence for `emissions` (`n * TAGS` scores) under `trans` (`(TAGS+1) * TAGS`).
/// `neg` is a score no path reaches (it marks tags a sequence cannot start with); forbidden
/// transitions are never taken, so the result is always well-formed BILOU.
#[cfg(any(test, feature = "train"))]
pub(crate) fn viterbi<S>(emissions: &[S], trans: &[S], neg: S, out: &mut Vec<u8>)
where
    S: Copy + PartialOrd + std::ops::Add<Output = S>,
{
    out.clear();
    let n = emissions.len() / TAGS;
    if n == 0 {
        return;
    }
    // Back pointers live in `out` after the first `n` bytes, so a reused `out` means no
    // allocation per sequence; the tags are written before them at the end.
    out.resize(n + n * TAGS, 0);
    let (tags, back) = out.split_at_mut(n);
    let mut score = [neg; TAGS];
    for t in 0..TAGS {
        if ALLOWED[START][t] {
            score[t] = trans[START * TAGS + t] + emissions[t];
        }
    }
    for i in 1..n {
        let mut next = [neg; TAGS];
        let em = &emissions[i * TAGS..(i + 1) * TAGS];
        let bk = &mut back[i * TAGS..(i + 1) * TAGS];
        // O, B and U follow any closed tag (O, L, U); I and L follow B or I of their type.
        for &b in &OPENERS {
            let (mut best, mut arg) = (score[0] + trans[b], 0);
            for &a in &CLOSERS[1..] {
                let s = score[a] + trans[a * TAGS + b];
                if s > best {
                    best = s;
                    arg = a;
                }
            }
            next[b] = best + em[b];
            bk[b] = arg as u8;
        }
        for ty in 0..TYPES.len() {
            let (begin, inside) = (1 + 4 * ty, 2 + 4 * ty);
            for b in [inside, inside + 1] {
                let from_begin = score[begin] + trans[begin * TAGS + b];
                let from_inside = score[inside] + trans[inside * TAGS + b];
                let (best, arg) = if from_inside > from_begin { (from_inside, inside) } else { (from_begin, begin) };
                next[b] = best + em[b];
                bk[b] = arg as u8;
            }
        }
        score = next;
    }
    let mut best: Option<(S, usize)> = None;
    for (t, &sc) in score.iter().enumerate() {
        if may_end(t) && best.map_or(true, |(bs, _)| sc > bs) {
            best = Some((sc, t));
        }
    }
    let mut t = best.map_or(0, |(_, t)| t);
    for i in (0..n).rev() {
        tags[i] = t as u8;
        if i > 0 {
            t = back[i * TAGS + t] as usize;
        }
    }
    out.truncate(n);
}

/// Transition scores rearranged for [`viterbi_i32`]: fixed-size rows (no bounds checks)
/// and, per closed tag, the scores into the opener tags in [`OPENERS`] order, so the
/// inner loop runs over a contiguous row.
pub(crate) struct Transitions {
    full: [[i32; TAGS]; TAGS + 1],
    /// `into_openers[a][j]` = score of `a` → `OPENERS[j]`, padded to [`LANES`] so the
    /// loop over `j` is whole SIMD vectors (padding lanes are computed and ignored).
    into_openers: [[i32; LANES]; TAGS],
    /// The largest difference between two closed tags' transitions into one opener: a
    /// closed tag scoring more than this below the best closed tag cannot be the best
    /// predecessor of any opener, so the max skips it.
    opener_spread: i64,
}

impl Transitions {
    fn new(trans: &[i32]) -> Transitions {
        let mut full = [[0; TAGS]; TAGS + 1];
        for (a, row) in full.iter_mut().enumerate() {
            row.copy_from_slice(&trans[a * TAGS..(a + 1) * TAGS]);
        }
        let mut into_openers = [[0; LANES]; TAGS];
        for (a, row) in into_openers.iter_mut().enumerate() {
            for (j, &b) in OPENERS.iter().enumerate() {
                row[j] = full[a][b];
            }
        }
        let opener_spread = (0..CLOSED)
            .map(|j| {
                let column = CLOSERS.iter().map(|&a| into_openers[a][j] as i64);
                column.clone().max().unwrap_or(0) - column.min().unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        Transitions { full, into_openers, opener_spread }
    }
}

/// What surrounds a sequence given to [`viterbi_i32`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edges {
    /// The tag before the first token: [`START`], or `O` (0).
    pub(crate) before: usize,
    /// Whether an `O` token follows the last one.
    pub(crate) o_after: bool,
}

impl Edges {
    /// A whole sequence: nothing before, nothing after.
    #[cfg(test)]
    pub(crate) const WHOLE: Edges = Edges { before: START, o_after: false };
}

/// [`CLOSED`] rounded up to whole 4-lane vectors.
const LANES: usize = CLOSED.div_ceil(4) * 4;

/// `viterbi` for integer scores, the hot path. The forward pass keeps only the best
/// scores (a plain max, no argmax bookkeeping) and the back pointers of the one chosen
/// path are recomputed from the stored scores with the same comparisons in the same order,
/// so the same ties win and the same tags come out (`viterbi_i32_matches_generic`).
///
/// `edges` says what surrounds the sequence: the tag before it (`START`, or `O` when it is
/// a stretch of a longer sequence) and whether an `O` follows it (whose transition then
/// counts), so a sequence cut at tokens known to be `O` decodes exactly as a whole.
/// `scores` is scratch space, reused between calls.
pub(crate) fn viterbi_i32(emissions: &[i32], trans: &Transitions, edges: Edges, scores: &mut Vec<[i32; TAGS]>, out: &mut Vec<u8>) {
    out.clear();
    scores.clear();
    let n = emissions.len() / TAGS;
    if n == 0 {
        return;
    }
    let rows = emissions.chunks_exact(TAGS).map(|r| <&[i32; TAGS]>::try_from(r).unwrap_or(&[0; TAGS]));
    let mut score = [NEG; TAGS];
    for (i, em) in rows.enumerate() {
        if i == 0 {
            for t in 0..TAGS {
                if ALLOWED[edges.before][t] {
                    score[t] = trans.full[edges.before][t].wrapping_add(em[t]);
                }
            }
            scores.push(score);
            continue;
        }
        let mut next = [NEG; TAGS];
        // O, B and U follow any closed tag. Usually one closed tag is far ahead of the
        // others; those more than `opener_spread` behind it can win no opener (exact).
        let top = CLOSERS.iter().map(|&a| score[a]).max().unwrap_or(NEG);
        let mut best = [i32::MIN; LANES];
        for &a in &CLOSERS {
            if top as i64 - score[a] as i64 <= trans.opener_spread {
                let (sa, row) = (score[a], &trans.into_openers[a]);
                for j in 0..LANES {
                    best[j] = best[j].max(sa.wrapping_add(row[j]));
                }
            }
        }
        for (j, &b) in OPENERS.iter().enumerate() {
            next[b] = best[j].wrapping_add(em[b]);
        }
        // I and L follow B or I of their type.
        for ty in 0..TYPES.len() {
            let (begin, inside) = (1 + 4 * ty, 2 + 4 * ty);
            for b in [inside, inside + 1] {
                let from_begin = score[begin].wrapping_add(trans.full[begin][b]);
                let from_inside = score[inside].wrapping_add(trans.full[inside][b]);
                next[b] = from_begin.max(from_inside).wrapping_add(em[b]);
            }
        }
        score = next;
        scores.push(score);
    }
    let closing = |t: usize| if edges.o_after { score[t].wrapping_add(trans.full[t][0]) } else { score[t] };
    let mut end = 0;
    for t in 1..TAGS {
        if may_end(t) && closing(t) > closing(end) {
            end = t;
        }
    }
    out.resize(n, 0);
    let mut t = end;
    for i in (0..n).rev() {
        out[i] = t as u8;
        if let Some(prev) = i.checked_sub(1).and_then(|p| scores.get(p)) {
            t = best_predecessor(prev, trans, t);
        }
    }
}

/// The predecessor `viterbi` picks for tag `t` given the previous token's scores `prev`:
/// the first best of the allowed ones, in its order.
fn best_predecessor(prev: &[i32; TAGS], trans: &Transitions, t: usize) -> usize {
    match tag_pos(t as u8) {
        Pos::O | Pos::B | Pos::U => {
            let (mut best, mut arg) = (prev[0].wrapping_add(trans.full[0][t]), 0);
            for &a in &CLOSERS[1..] {
                let s = prev[a].wrapping_add(trans.full[a][t]);
                if s > best {
                    best = s;
                    arg = a;
                }
            }
            arg
        }
        Pos::I | Pos::L => {
            let begin = 1 + 4 * (tag_type(t as u8) as usize - 1);
            let inside = begin + 1;
            let from_begin = prev[begin].wrapping_add(trans.full[begin][t]);
            let from_inside = prev[inside].wrapping_add(trans.full[inside][t]);
            if from_inside > from_begin {
                inside
            } else {
                begin
            }
        }
    }
}

/// Own plus context features are at most `MAX_FEATURES`, so an `i16` sum of `i8` weights
/// cannot overflow; [`Model::row_sum`] adds 16 lanes at a time (SIMD where there is any).
const _: () = assert!(TAGS == 17 && MAX_FEATURES * 128 <= i16::MAX as usize);

/// Asks the CPU to start loading `bytes[at..]` into cache (no effect where unsupported).
#[inline(always)]
fn prefetch(bytes: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(b) = bytes.get(at) {
        // SAFETY: prefetching never faults and reads no memory the program sees.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(b as *const u8 as *const i8) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (bytes, at);
}

/// A score below any real path, for integer decoding.
const NEG: i32 = i32::MIN / 4;

/// The quantized tagger. One weight table serves both passes: the second pass adds the
/// document-history features (see [`super::features::extract_history`]) to the first
/// pass's scores; training saw every sentence both with and without them.
pub(crate) struct Model<'b> {
    mask: u64,
    trans: Transitions,
    /// `i8` weights, read in place from the embedded bytes (no copy at start-up).
    weights: &'b [u8],
    /// Whether the weights know history features (run a second pass).
    pub(crate) two_pass: bool,
    /// Whether the second pass has weights of its own for every feature (salted hashes),
    /// rather than adding history features to the first pass's scores.
    separate: bool,
}

/// Salt mixed into every second-pass feature hash of a `separate` model.
pub(crate) const SECOND_PASS_SALT: u64 = 0x2b99_2ddf_a232_49d6;

/// Little-endian reader over the model bytes.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn trans(&mut self) -> Option<Vec<i32>> {
        (0..(TAGS + 1) * TAGS).map(|_| self.u32().map(|x| x as i32)).collect()
    }
}

impl<'b> Model<'b> {
    /// Parses the binary format (see the module doc); `None` if it is malformed.
    pub(crate) fn parse(bytes: &'b [u8]) -> Option<Model<'b>> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != b"NMK2" || r.u32()? as usize != TAGS {
            return None;
        }
        let (bits, two_pass) = (r.u32()?, r.u32()?);
        if !(8..=24).contains(&bits) || two_pass > 2 {
            return None;
        }
        let trans = r.trans()?;
        let weights = r.take((1 << bits) * TAGS)?;
        (r.at == bytes.len()).then_some(Model { mask: (1 << bits) - 1, trans: Transitions::new(&trans), weights, two_pass: two_pass > 0, separate: two_pass == 2 })
    }

    /// First-pass emission scores of the tokens `span` of a sequence, `TAGS` per token, into
    /// `out` (features still see neighbours outside `span`); `text` is the document's.
    pub(crate) fn emissions(&self, seq: &[TokenInfo], text: &str, span: Range<usize>, out: &mut [i32]) {
        self.emissions_salted(seq, text, span, None, out);
    }

    fn emissions_salted(&self, seq: &[TokenInfo], text: &str, span: Range<usize>, salt: Option<u64>, out: &mut [i32]) {
        // Weight rows are random reads from a table larger than L2, so cache misses are the
        // cost: hash a block of tokens first and prefetch its rows, then sum them. A word
        // form's own features sum the same everywhere: [`OwnSums`] keeps them (first pass).
        const BLOCK: usize = 4;
        let mut rows = [[0usize; MAX_FEATURES]; BLOCK];
        // Per token of the block: its feature count, how many of those are its own
        // features (0 when cached), and the cached sums.
        let mut counts = [0usize; BLOCK];
        let mut owns = [0usize; BLOCK];
        let mut cached: [Option<[i16; TAGS]>; BLOCK] = [None; BLOCK];
        let mut feats = [0u64; MAX_FEATURES];
        let end = span.end.min(seq.len()).min(span.start + out.len() / TAGS);
        OWN_SUMS.with_borrow_mut(|own_sums| {
            own_sums.serve(self.weights);
            for block_start in (span.start..end).step_by(BLOCK) {
                let block = block_start..(block_start + BLOCK).min(end);
                for (k, i) in block.clone().enumerate() {
                    cached[k] = if salt.is_none() { own_sums.get(seq[i].form) } else { None };
                    owns[k] = if cached[k].is_some() { 0 } else { extract_own(&seq[i], &own_hashes(seq[i].word(text)), &mut feats) };
                    let n = extract_context(seq, i, &mut feats, owns[k]);
                    for (r, &f) in rows[k].iter_mut().zip(&feats[..n]) {
                        let f = salt.map_or(f, |salt| super::features::mix(salt, f));
                        *r = (f & self.mask) as usize * TAGS;
                        prefetch(self.weights, *r);
                    }
                    counts[k] = n;
                }
                for (k, i) in block.enumerate() {
                    let row = (i - span.start) * TAGS;
                    let scores = &mut out[row..row + TAGS];
                    let (own, context) = rows[k][..counts[k]].split_at(owns[k]);
                    let own = match cached[k] {
                        Some(sums) => sums,
                        None => {
                            let sums = self.row_sum(own).map(|x| x as i16);
                            if salt.is_none() {
                                own_sums.put(seq[i].form, sums);
                            }
                            sums
                        }
                    };
                    let context = self.row_sum(context);
                    for ((s, o), c) in scores.iter_mut().zip(own).zip(context) {
                        *s = o as i32 + c;
                    }
                }
            }
        });
    }

    /// The sum of the weight rows at byte offsets `rows`: the first 16 tags in `i16` lanes,
    /// which vectorize, the 17th apart.
    #[inline(always)]
    fn row_sum(&self, rows: &[usize]) -> [i32; TAGS] {
        let mut acc = [0i16; 16];
        let mut last = 0i32;
        for &at in rows {
            if let Some(w) = self.weights.get(at..at + TAGS).and_then(|w| <&[u8; TAGS]>::try_from(w).ok()) {
                for k in 0..16 {
                    acc[k] += w[k] as i8 as i16;
                }
                last += w[16] as i8 as i32;
            }
        }
        let mut sums = [0; TAGS];
        for k in 0..16 {
            sums[k] = acc[k] as i32;
        }
        sums[16] = last;
        sums
    }

    /// Decodes first-pass scores of a sequence surrounded by `edges`.
    pub(crate) fn decode(&self, emissions: &[i32], edges: Edges, scratch: &mut Scratch, out: &mut Vec<u8>) {
        viterbi_i32(emissions, &self.trans, edges, &mut scratch.scores, out);
    }

    /// Second pass over the tokens `span` of a sequence: their first-pass scores `base`
    /// plus history features.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decode_second(&self, seq: &[TokenInfo], text: &str, span: Range<usize>, base: &[i32], edges: Edges, scratch: &mut Scratch, out: &mut Vec<u8>) {
        let sums = &mut scratch.sums;
        sums.clear();
        if self.separate {
            sums.resize(base.len(), 0);
            self.emissions_salted(seq, text, span.clone(), Some(SECOND_PASS_SALT), sums);
        } else {
            sums.extend_from_slice(base);
        }
        let mut feats = [0u64; MAX_HISTORY_FEATURES];
        let mut rows = [0usize; MAX_HISTORY_FEATURES];
        for (i, row) in span.zip(sums.chunks_exact_mut(TAGS)) {
            let n = extract_history(seq, i, &mut feats);
            if n == 0 {
                continue;
            }
            for (r, &f) in rows.iter_mut().zip(&feats[..n]) {
                *r = (f & self.mask) as usize * TAGS;
            }
            for (a, x) in row.iter_mut().zip(self.row_sum(&rows[..n])) {
                *a += x;
            }
        }
        viterbi_i32(sums, &self.trans, edges, &mut scratch.scores, out);
    }
}

/// Forms [`OwnSums`] holds; a power of two.
const OWN_SUMS_SLOTS: usize = 4096;

thread_local! {
    static OWN_SUMS: RefCell<OwnSums> = RefCell::new(OwnSums::default());
}

/// The weight sums of word forms' own features ([`extract_own`]: form, case, shape,
/// affixes), which do not depend on where a form occurs: a direct-mapped cache by form
/// hash, so a repeated word (*said*, *the*, a name) costs only its context features. It
/// lives across calls (the page re-annotates mostly the same words as someone types) and
/// belongs to one weight table at a time. Own features number at most 12, so a sum of
/// `i8` weights fits an `i16`.
#[derive(Default)]
struct OwnSums {
    /// Address of the weight table the sums come from.
    table: usize,
    keys: Vec<u64>,
    sums: Vec<[i16; TAGS]>,
}

impl OwnSums {
    /// Makes the cache serve `weights`, emptying it if it served another table.
    fn serve(&mut self, weights: &[u8]) {
        let table = weights.as_ptr() as usize;
        if self.table != table || self.keys.is_empty() {
            self.table = table;
            // An empty slot's key can never be a form stored there: its low bits differ
            // from the slot number.
            self.keys = (0..OWN_SUMS_SLOTS as u64).map(|slot| slot ^ 1).collect();
            self.sums = vec![[0; TAGS]; OWN_SUMS_SLOTS];
        }
    }

    #[inline]
    fn get(&self, form: u64) -> Option<[i16; TAGS]> {
        let slot = form as usize & (OWN_SUMS_SLOTS - 1);
        (self.keys.get(slot) == Some(&form)).then(|| self.sums[slot])
    }

    #[inline]
    fn put(&mut self, form: u64, sums: [i16; TAGS]) {
        let slot = form as usize & (OWN_SUMS_SLOTS - 1);
        if let (Some(k), Some(s)) = (self.keys.get_mut(slot), self.sums.get_mut(slot)) {
            *k = form;
            *s = sums;
        }
    }
}

const _: () = assert!(12 * 128 <= i16::MAX as usize);

/// Buffers reused across decoding calls, so decoding allocates once per document.
#[derive(Default)]
pub(crate) struct Scratch {
    scores: Vec<[i32; TAGS]>,
    sums: Vec<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_never_leaves_an_entity_open() {
        // Emissions that favour B-PER everywhere still decode to well-formed BILOU.
        let mut em = vec![0i32; 3 * TAGS];
        for i in 0..3 {
            em[i * TAGS + make_tag(1, Pos::B) as usize] = 10;
        }
        let trans = vec![0i32; (TAGS + 1) * TAGS];
        let mut out = Vec::new();
        viterbi(&em, &trans, NEG, &mut out);
        let mut open = false;
        for &t in &out {
            match tag_pos(t) {
                Pos::B => open = true,
                Pos::L => open = false,
                _ => {}
            }
        }
        assert!(!open, "{out:?}");
    }

    #[test]
    fn viterbi_i32_matches_generic() {
        // Pseudo-random scores with many ties (small range), various lengths.
        let mut random = crate::test_random::XorShift(0x1234_5678);
        let mut next = || (random.next() % 7) as i32 - 3;
        let trans_flat: Vec<i32> = (0..(TAGS + 1) * TAGS).map(|_| next()).collect();
        let trans = Transitions::new(&trans_flat);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for n in 0..40 {
            let em: Vec<i32> = (0..n * TAGS).map(|_| next() * 5).collect();
            viterbi(&em, &trans_flat, NEG, &mut a);
            viterbi_i32(&em, &trans, Edges::WHOLE, &mut Vec::new(), &mut b);
            assert_eq!(a, b, "n = {n}");
        }
    }

    #[test]
    fn stretches_between_forced_o_tokens_decode_like_the_whole() {
        // Decoding a sequence whose tokens at `forced` can only be O (every other tag far
        // below) equals decoding the stretches between them on their own, with `Edges`.
        let mut random = crate::test_random::XorShift(0x9e37_79b9);
        let mut next = || (random.next() % 41) as i32 - 20;
        let trans_flat: Vec<i32> = (0..(TAGS + 1) * TAGS).map(|_| next()).collect();
        let trans = Transitions::new(&trans_flat);
        let (mut whole, mut part, mut scores) = (Vec::new(), Vec::new(), Vec::new());
        for n in 1..60 {
            let forced: Vec<bool> = (0..n).map(|_| next() % 3 == 0).collect();
            let mut em: Vec<i32> = (0..n * TAGS).map(|_| next() * 7).collect();
            for (i, _) in forced.iter().enumerate().filter(|f| *f.1) {
                em[i * TAGS..(i + 1) * TAGS].fill(-1_000_000);
                em[i * TAGS] = 0;
            }
            viterbi_i32(&em, &trans, Edges::WHOLE, &mut scores, &mut whole);
            let mut pieced = vec![0u8; n];
            let mut i = 0;
            while i < n {
                if forced[i] {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < n && !forced[i] {
                    i += 1;
                }
                let edges = Edges { before: if start == 0 { START } else { 0 }, o_after: i < n };
                viterbi_i32(&em[start * TAGS..i * TAGS], &trans, edges, &mut scores, &mut part);
                pieced[start..i].copy_from_slice(&part);
            }
            assert_eq!(whole, pieced, "n = {n}, forced = {forced:?}");
        }
    }

    #[test]
    fn closers_and_openers_match_bilou() {
        for a in 0..TAGS {
            assert_eq!(CLOSERS.contains(&a), may_end(a), "closer {a}");
            assert_eq!(OPENERS.contains(&a), allowed(0, a), "opener {a}");
        }
    }

    #[test]
    fn predecessor_table_matches_bilou() {
        for b in 0..TAGS {
            let n = PREDECESSORS[b].iter().take_while(|&&a| a != u8::MAX).count();
            let expected = match tag_pos(b as u8) {
                Pos::O | Pos::B | Pos::U => CLOSED,
                Pos::I | Pos::L => 2,
            };
            assert_eq!(n, expected, "tag {b}");
        }
    }

    #[test]
    fn malformed_model_bytes_are_refused() {
        assert!(Model::parse(b"").is_none());
        assert!(Model::parse(b"NMK2").is_none());
        let real = include_bytes!("../../model/ner.bin");
        assert!(Model::parse(real).is_some());
        assert!(Model::parse(&real[..real.len() - 1]).is_none());
        let mut longer = real.to_vec();
        longer.push(0);
        assert!(Model::parse(&longer).is_none());
    }

    #[test]
    fn tag_round_trip() {
        for ty in 1..=4 {
            for pos in [Pos::B, Pos::I, Pos::L, Pos::U] {
                let t = make_tag(ty, pos);
                assert_eq!((tag_type(t), tag_pos(t)), (ty, pos));
            }
        }
    }
}
