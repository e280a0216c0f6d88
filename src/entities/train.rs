//! Offline training of the entity tagger (feature `train`, never shipped): an averaged
//! structured perceptron over the same features and Viterbi decoding the runtime uses,
//! then quantization to the runtime format (see [`super::model`]).
//!
//! The second pass is trained on first-pass predictions made by models that did not see
//! the document (two-fold jackknife), so its history features are as noisy in training as
//! they are at run time.

use super::features::{self, extract, extract_history, OwnHashes, TokenInfo, MAX_FEATURES, MAX_HISTORY_FEATURES};
use super::model::{make_tag, viterbi, Model, Pos, SECOND_PASS_SALT, START, TAGS};
use crate::text::Doc;

/// A document with gold entities in code points, as in `shared/eval/FORMAT.md`.
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    /// (start, end, type) in code points; type is 1 PER, 2 ORG, 3 LOC, 4 MISC.
    pub entities: Vec<(usize, usize, u8)>,
}

/// Parses one JSONL line of the gold format; `None` for blank or malformed lines.
pub fn parse_gold(line: &str) -> Option<GoldDoc> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let text = v.get("text")?.as_str()?.to_string();
    let id = v.get("id").and_then(|x| x.as_str()).unwrap_or("").to_string();
    let mut entities = Vec::new();
    for e in v.get("entities").and_then(|x| x.as_array()).into_iter().flatten() {
        let (Some(s), Some(en), Some(l)) = (e.get("start").and_then(|x| x.as_u64()), e.get("end").and_then(|x| x.as_u64()), e.get("label").and_then(|x| x.as_str())) else {
            continue;
        };
        let ty = match l {
            "PER" => 1,
            "ORG" => 2,
            "LOC" => 3,
            "MISC" => 4,
            _ => continue,
        };
        entities.push((s as usize, en as usize, ty));
    }
    Some(GoldDoc { id, text, entities })
}

/// Byte offset of every code point index (plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// A training document: token infos, gold tags, paragraph token ranges (the sequences
/// the tagger decodes).
struct Prepared {
    infos: Vec<TokenInfo>,
    /// Shape and affix hashes of each token, parallel to `infos`.
    own: Vec<OwnHashes>,
    gold: Vec<u8>,
    paragraphs: Vec<std::ops::Range<usize>>,
}

/// Statistics of aligning gold spans to tokens.
#[derive(Default, Debug)]
pub struct AlignStats {
    pub spans: usize,
    pub misaligned: usize,
    /// Gold spans that cross a sentence boundary of ours.
    pub crossing: usize,
}

fn prepare(doc: &GoldDoc, stats: &mut AlignStats) -> Prepared {
    let cleaned = crate::cleanup::clean(&doc.text);
    let d = Doc::new(&cleaned);
    let mut infos = features::token_infos(&d, 0..d.paragraphs.len());
    let own = infos.iter().map(|t| features::own_hashes(t.word(&cleaned))).collect();
    super::gazetteer::mark(&d, 0..d.paragraphs.len(), &mut infos);
    let c2b = char_to_byte(&doc.text);
    let mut gold = vec![0u8; d.tokens.len()];
    for &(s, e, ty) in &doc.entities {
        stats.spans += 1;
        let (Some(&bs), Some(&be)) = (c2b.get(s), c2b.get(e)) else { continue };
        let first = d.token_at_or_after(bs);
        let mut last = first;
        while last < d.tokens.len() && d.tokens[last].start < be {
            last += 1;
        }
        if first >= last {
            stats.misaligned += 1;
            continue;
        }
        if d.tokens[first].start != bs || d.tokens[last - 1].end != be {
            stats.misaligned += 1;
        }
        if let Some(si) = d.sentence_of(d.tokens[first].start) {
            if d.sentences[si].tokens.end < last {
                stats.crossing += 1;
            }
        }
        if last - first == 1 {
            gold[first] = make_tag(ty, Pos::U);
        } else {
            gold[first] = make_tag(ty, Pos::B);
            for g in &mut gold[first + 1..last - 1] {
                *g = make_tag(ty, Pos::I);
            }
            gold[last - 1] = make_tag(ty, Pos::L);
        }
    }
    let paragraphs = d.paragraphs.iter().map(|s| s.tokens.clone()).collect();
    Prepared { infos, own, gold, paragraphs }
}

/// Averaged perceptron weights for one pass (float, unquantized).
struct Perceptron {
    mask: u64,
    w: Vec<f32>,
    /// Sum of `step * update` for averaging (Daumé's trick): average = w - u / step.
    u: Vec<f32>,
    trans: Vec<f32>,
    trans_u: Vec<f32>,
    step: f32,
}

impl Perceptron {
    fn new(bits: u32) -> Perceptron {
        let rows = 1usize << bits;
        Perceptron {
            mask: rows as u64 - 1,
            w: vec![0.0; rows * TAGS],
            u: vec![0.0; rows * TAGS],
            trans: vec![0.0; (TAGS + 1) * TAGS],
            trans_u: vec![0.0; (TAGS + 1) * TAGS],
            step: 1.0,
        }
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let avg = |w: &[f32], u: &[f32]| w.iter().zip(u).map(|(w, u)| w - u / self.step).collect();
        (avg(&self.w, &self.u), avg(&self.trans, &self.trans_u))
    }
}


/// Hashed feature rows of one sequence, flattened, with per-token ends.
/// With `history`, the second pass's history features are added (and with `salt`, the
/// first-pass features are salted so the second pass has weights of its own).
/// Features seen fewer than `keep.min_count` times in training are left out, so rare
/// features get no weights.
#[allow(clippy::too_many_arguments)]
fn feature_rows(history: bool, salt: Option<u64>, seq: &[TokenInfo], own: &[OwnHashes], mask: u64, keep: &Keep, rows: &mut Vec<u32>, ends: &mut Vec<usize>) {
    rows.clear();
    ends.clear();
    let mut f = [0u64; MAX_FEATURES];
    let mut h = [0u64; MAX_HISTORY_FEATURES];
    for (i, own) in own.iter().enumerate().take(seq.len()) {
        let n = extract(seq, own, i, &mut f);
        let kept = f[..n].iter().filter(|&&x| keep.counts.is_empty() || keep.counts.get(&x).is_some_and(|&c| c >= keep.min_count));
        match salt {
            Some(salt) => rows.extend(kept.map(|&x| (features::mix(salt, x) & mask) as u32)),
            None => rows.extend(kept.map(|&x| (x & mask) as u32)),
        }
        if history {
            let n = extract_history(seq, i, &mut h);
            rows.extend(h[..n].iter().map(|&x| (x & mask) as u32));
        }
        ends.push(rows.len());
    }
}

/// Which features training uses: buckets seen at least `min_count` times.
struct Keep {
    /// Occurrences of each feature hash (empty: keep all).
    counts: std::collections::HashMap<u64, u32>,
    min_count: u32,
}

/// Emission scores: the weight rows of each token's features.
fn emissions(w: &[f32], rows: &[u32], ends: &[usize], out: &mut Vec<f32>) {
    out.clear();
    out.resize(ends.len() * TAGS, 0.0);
    let mut begin = 0;
    for (i, &end) in ends.iter().enumerate() {
        let acc = &mut out[i * TAGS..(i + 1) * TAGS];
        for &r in &rows[begin..end] {
            let base = r as usize * TAGS;
            for (a, x) in acc.iter_mut().zip(&w[base..base + TAGS]) {
                *a += x;
            }
        }
        begin = end;
    }
}

/// Tiny deterministic RNG (xorshift64*) for shuffling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// First-pass hash table rows = 2^bits.
    pub bits: u32,
    /// 0: one pass; 1: second pass adds history features to the first pass's scores;
    /// 2: second pass has its own weights for every feature (same table, salted hashes).
    pub mode: u32,
    pub epochs: usize,
    pub seed: u64,
    /// Quantized emission weights with magnitude at most this are zeroed (smaller model).
    pub prune: i8,
    /// First-pass features seen fewer times than this in training get no weight.
    pub min_count: u32,
}

/// Trains on `docs` (indices into `prepared`); with `history`, every paragraph is seen
/// twice per epoch, with and without history features, so one table serves both passes.
fn train_pass(prepared: &[Prepared], docs: &[usize], history: bool, keep: &Keep, s: &Settings, seed: u64, log: &str) -> Perceptron {
    let mut p = Perceptron::new(s.bits);
    let variants: &[bool] = if history { &[false, true] } else { &[false] };
    let mut order: Vec<(usize, usize, bool)> =
        docs.iter().flat_map(|&d| (0..prepared[d].paragraphs.len()).flat_map(move |k| variants.iter().map(move |&h| (d, k, h)))).collect();
    let mut rng = Rng(seed | 1);
    let (mut rows, mut ends, mut em, mut pred) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for epoch in 0..s.epochs {
        rng.shuffle(&mut order);
        let (mut wrong, mut total) = (0usize, 0usize);
        for &(d, k, with_history) in &order {
            let doc = &prepared[d];
            let r = doc.paragraphs[k].clone();
            if r.is_empty() {
                continue;
            }
            let seq = &doc.infos[r.clone()];
            let gold = &doc.gold[r.clone()];
            let salt = (with_history && s.mode == 2).then_some(SECOND_PASS_SALT);
            feature_rows(with_history, salt, seq, &doc.own[r.clone()], p.mask, keep, &mut rows, &mut ends);
            emissions(&p.w, &rows, &ends, &mut em);
            viterbi(&em, &p.trans, -1e30f32, &mut pred);
            total += gold.len();
            if pred.as_slice() != gold {
                let step = p.step;
                let mut begin = 0;
                for i in 0..gold.len() {
                    let end = ends[i];
                    let (g, q) = (gold[i] as usize, pred[i] as usize);
                    if g != q {
                        wrong += 1;
                        for &row in &rows[begin..end] {
                            let base = row as usize * TAGS;
                            p.w[base + g] += 1.0;
                            p.u[base + g] += step;
                            p.w[base + q] -= 1.0;
                            p.u[base + q] -= step;
                        }
                    }
                    let gp = if i == 0 { START } else { gold[i - 1] as usize };
                    let qp = if i == 0 { START } else { pred[i - 1] as usize };
                    if (gp, g) != (qp, q) {
                        p.trans[gp * TAGS + g] += 1.0;
                        p.trans_u[gp * TAGS + g] += step;
                        p.trans[qp * TAGS + q] -= 1.0;
                        p.trans_u[qp * TAGS + q] -= step;
                    }
                    begin = end;
                }
            }
            p.step += 1.0;
        }
        eprintln!("{log} epoch {epoch}: token errors {wrong}/{total}");
    }
    p
}

/// First-pass tags of every paragraph of a prepared doc, with float weights.
fn tag_float(doc: &Prepared, w: &[f32], trans: &[f32], mask: u64, keep: &Keep) -> Vec<u8> {
    let (mut rows, mut ends, mut em, mut pred) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut tags = vec![0u8; doc.gold.len()];
    for r in &doc.paragraphs {
        feature_rows(false, None, &doc.infos[r.clone()], &doc.own[r.clone()], mask, keep, &mut rows, &mut ends);
        emissions(w, &rows, &ends, &mut em);
        viterbi(&em, trans, -1e30f32, &mut pred);
        tags[r.clone()].copy_from_slice(&pred);
    }
    tags
}

/// Trains both passes and returns the runtime model bytes.
pub fn train(train_docs: &[GoldDoc], s: &Settings) -> Vec<u8> {
    let mut stats = AlignStats::default();
    let mut prepared: Vec<Prepared> = train_docs.iter().map(|d| prepare(d, &mut stats)).collect();
    eprintln!("aligned {} gold spans, {} not on token boundaries, {} across sentences", stats.spans, stats.misaligned, stats.crossing);
    let all: Vec<usize> = (0..prepared.len()).collect();
    let mask = (1u64 << s.bits) - 1;
    let mut keep = Keep { counts: Default::default(), min_count: s.min_count };
    if s.min_count > 1 {
        let mut f = [0u64; MAX_FEATURES];
        for doc in &prepared {
            for r in &doc.paragraphs {
                let (seq, own) = (&doc.infos[r.clone()], &doc.own[r.clone()]);
                for (i, own) in own.iter().enumerate().take(seq.len()) {
                    let n = extract(seq, own, i, &mut f);
                    for &x in &f[..n] {
                        *keep.counts.entry(x).or_insert(0) += 1;
                    }
                }
            }
        }
        let kept = keep.counts.values().filter(|&&c| c >= s.min_count).count();
        eprintln!("{} distinct features, {kept} seen at least {} times", keep.counts.len(), s.min_count);
    }
    if s.mode > 0 {
        // Jackknife: each half gets first-pass tags from a model trained on the other half,
        // so its history features are as noisy as at run time.
        let folds: [Vec<usize>; 2] = [all.iter().copied().filter(|i| i % 2 == 0).collect(), all.iter().copied().filter(|i| i % 2 == 1).collect()];
        for k in 0..2 {
            let p = train_pass(&prepared, &folds[1 - k], false, &keep, s, s.seed ^ (k as u64 + 7), &format!("fold {k}"));
            let (w, t) = p.averaged();
            drop(p);
            for &d in &folds[k] {
                let tags = tag_float(&prepared[d], &w, &t, mask, &keep);
                features::set_history(&mut prepared[d].infos, &tags);
            }
        }
    }
    let p = train_pass(&prepared, &all, s.mode > 0, &keep, s, s.seed, "final");
    let (w, t) = p.averaged();
    drop(p);
    // The largest weight maps to 127 (no clipping: the few large weights matter most).
    let scale = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6) / 127.0;
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"NMK2");
    bytes.extend_from_slice(&(TAGS as u32).to_le_bytes());
    bytes.extend_from_slice(&s.bits.to_le_bytes());
    bytes.extend_from_slice(&s.mode.to_le_bytes());
    push_trans(&mut bytes, &t, scale);
    let mut nonzero = 0;
    for &x in &w {
        let mut q = (x / scale).round().clamp(-127.0, 127.0) as i8;
        if q.unsigned_abs() <= s.prune as u8 {
            q = 0;
        }
        nonzero += (q != 0) as usize;
        bytes.push(q as u8);
    }
    eprintln!("scale {scale:.4}, {nonzero} nonzero weights of {}", w.len());
    bytes
}

fn push_trans(bytes: &mut Vec<u8>, t: &[f32], scale: f32) {
    for &x in t {
        bytes.extend_from_slice(&((x / scale).round() as i32).to_le_bytes());
    }
}

/// Exact-span scores, as `shared/eval/score.py` counts them.
#[derive(Default, Clone, Debug)]
pub struct Counts {
    /// Per type 1..=4 (index 0 unused): true positives, predicted, gold.
    pub tp: [usize; 5],
    pub pred: [usize; 5],
    pub gold: [usize; 5],
}

impl Counts {
    fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
        let p = if pred > 0 { tp as f64 / pred as f64 } else { 0.0 };
        let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }

    /// Headline 3-type (PER/ORG/LOC) micro P/R/F1.
    pub fn three_type(&self) -> (f64, f64, f64) {
        let s = |a: &[usize; 5]| a[1] + a[2] + a[3];
        Self::prf(s(&self.tp), s(&self.pred), s(&self.gold))
    }

    pub fn report(&self) -> String {
        let mut out = String::new();
        for (k, name) in ["PER", "ORG", "LOC", "MISC"].iter().enumerate() {
            let (p, r, f) = Self::prf(self.tp[k + 1], self.pred[k + 1], self.gold[k + 1]);
            out += &format!("  {name:<5} P {p:.4} R {r:.4} F1 {f:.4}  (gold {})\n", self.gold[k + 1]);
        }
        let (p, r, f) = self.three_type();
        out += &format!("  3-type P {p:.4} R {r:.4} F1 {f:.4}\n");
        out
    }
}

/// Scores the runtime pipeline (`entities::names`, labels mapped back to CoNLL types the way
/// `shared/eval/adapt.py` does) on gold documents, with the given model bytes.
pub fn evaluate(docs: &[GoldDoc], model_bytes: &[u8]) -> Option<Counts> {
    use crate::annotation::Label;
    let model = Model::parse(model_bytes)?;
    let mut c = Counts::default();
    // Diagnostics: NER_ERRORS=FILE lists every false positive and false negative.
    let mut errors = std::env::var("NER_ERRORS").ok().and_then(|p| std::fs::File::create(p).ok());
    for doc in docs {
        let cleaned = crate::cleanup::clean(&doc.text);
        let d = Doc::new(&cleaned);
        let b2c = {
            let mut v = vec![0usize; doc.text.len() + 1];
            for (ci, (bi, _)) in doc.text.char_indices().enumerate() {
                v[bi] = ci;
            }
            v[doc.text.len()] = doc.text.chars().count();
            v
        };
        let pred: Vec<(usize, usize, u8)> = super::names(&d, &model)
            .into_iter()
            .map(|(s, e, l)| {
                let ty = match l {
                    Label::Person => 1,
                    Label::Org => 2,
                    Label::Place => 3,
                    _ => 4,
                };
                (b2c[s], b2c[e], ty)
            })
            .collect();
        let gold_misc: std::collections::HashSet<(usize, usize)> = doc.entities.iter().filter(|g| g.2 == 4).map(|g| (g.0, g.1)).collect();
        let gold: std::collections::HashSet<(usize, usize, u8)> = doc.entities.iter().copied().collect();
        for g in &doc.entities {
            c.gold[g.2 as usize] += 1;
        }
        for p in &pred {
            // 3-type rule: a PER/ORG/LOC prediction exactly on a gold MISC span is ignored.
            if p.2 != 4 && gold_misc.contains(&(p.0, p.1)) {
                continue;
            }
            c.pred[p.2 as usize] += 1;
            if gold.contains(p) {
                c.tp[p.2 as usize] += 1;
            }
        }
        if let Some(f) = errors.as_mut() {
            use std::io::Write;
            let chars: Vec<char> = doc.text.chars().collect();
            let show = |s: usize, e: usize| -> String {
                let l: String = chars[s.saturating_sub(30)..s].iter().collect();
                let m: String = chars[s..e].iter().collect();
                let r: String = chars[e..(e + 30).min(chars.len())].iter().collect();
                format!("{}[[{m}]]{}", l.replace('\n', " "), r.replace('\n', " "))
            };
            let predset: std::collections::HashSet<(usize, usize, u8)> = pred.iter().copied().collect();
            for p in &pred {
                if !gold.contains(p) && !gold_misc.contains(&(p.0, p.1)) {
                    let _ = writeln!(f, "FP {} {}", p.2, show(p.0, p.1));
                }
            }
            for g in &doc.entities {
                if !predset.contains(g) {
                    let _ = writeln!(f, "FN {} {}", g.2, show(g.0, g.1));
                }
            }
        }
    }
    Some(c)
}
