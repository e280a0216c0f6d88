//! Trains the entity tagger and writes `model/ner.bin`; scores it on dev sets.
//!
//! ```text
//! cargo run --release --features train --bin newsmark-train -- \
//!     --train ../shared/data/conll_train.jsonl --dev ../shared/data/conll_valid.jsonl \
//!     --out model/ner.bin
//! ```
//! Options: `--train FILE` and `--dev FILE` (repeatable), `--bits N` (first-pass hash table
//! rows = 2^N), `--mode M` (0 one pass; 1 second pass adds history features to the
//! first's scores; 2 second pass with weights of its own in the same table), `--epochs N`,
//! `--seed N`, `--prune K` (zero quantized weights of magnitude ≤ K), `--min-count N`
//! (features seen fewer times get no weight), `--out FILE`,
//! `--eval MODEL` (score an existing model, no training).

use newsmark::entities_train::{evaluate, parse_gold, train, GoldDoc, Settings};
use std::process::ExitCode;

fn load(path: &str) -> Result<Vec<GoldDoc>, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(body.lines().filter_map(parse_gold).collect())
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut train_files, mut dev_files) = (Vec::new(), Vec::new());
    let mut settings = Settings { bits: 16, mode: 2, epochs: 10, seed: 20161108, prune: 0, min_count: 1 };
    let mut out = "model/ner.bin".to_string();
    let mut eval_only: Option<String> = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let num = |v: String| v.parse::<f64>().map_err(|_| format!("{a}: not a number: {v}"));
        match a.as_str() {
            "--train" => train_files.push(value()?),
            "--dev" => dev_files.push(value()?),
            "--bits" => settings.bits = num(value()?)? as u32,
            "--epochs" => settings.epochs = num(value()?)? as usize,
            "--seed" => settings.seed = num(value()?)? as u64,
            "--mode" => settings.mode = num(value()?)? as u32,
            "--out" => out = value()?,
            "--prune" => settings.prune = num(value()?)? as i8,
            "--min-count" => settings.min_count = num(value()?)? as u32,
            "--eval" => eval_only = Some(value()?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let bytes = if let Some(path) = eval_only {
        std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))?
    } else {
        let mut docs = Vec::new();
        for f in &train_files {
            docs.extend(load(f)?);
        }
        if docs.is_empty() {
            return Err("no training documents (use --train FILE)".into());
        }
        eprintln!("training on {} documents, {settings:?}", docs.len());
        let bytes = train(&docs, &settings);
        std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {out}: {e}"))?;
        eprintln!("wrote {out} ({} bytes)", bytes.len());
        bytes
    };
    for f in &dev_files {
        let docs = load(f)?;
        let counts = evaluate(&docs, &bytes).ok_or("model bytes are malformed")?;
        println!("{f}\n{}", counts.report());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsmark-train: {e}");
            ExitCode::FAILURE
        }
    }
}
