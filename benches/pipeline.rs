//! Throughput of each pipeline stage and of the whole, in MB/s of article text, on 100 KB of
//! synthetic news articles from our own templates (benches/support/newsgen.rs), each
//! annotated on its own; and of the whole pipeline on one text at doubling sizes from 100 KB
//! to 10 MB, to show time stays linear.
//!
//! `cargo bench --bench pipeline` (all), `cargo bench --bench pipeline -- stages` (one group).
//! `bench/run.sh` runs it with the node benchmark and the size report.
//!
//! `NEWSMARK_BENCH_TEXT=FILE` benchmarks the stages on your own articles instead (JSONL whose
//! lines have a `text` field, or one plain-text article), e.g. to profile on a corpus that
//! cannot be committed.

#[path = "support/newsgen.rs"]
mod newsgen;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use newsmark::{stages, text::Doc};
use std::hint::black_box;
use std::time::Duration;

/// The per-stage input: articles totalling 100 KB, each annotated on its own, as the page and
/// the CLI do.
const STAGE_BYTES: usize = 100 * 1000;

/// The articles the stage benchmarks run on: `NEWSMARK_BENCH_TEXT`, or generated news.
fn stage_articles() -> Vec<String> {
    let Some(path) = std::env::var_os("NEWSMARK_BENCH_TEXT") else {
        let mut generator = newsgen::NewsGen::new(1);
        let mut articles = Vec::new();
        let mut total = 0;
        while total < STAGE_BYTES {
            let paragraphs = 6 + generator.below(10);
            articles.push(generator.article(paragraphs));
            total += articles.last().map_or(0, String::len);
        }
        return articles;
    };
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("NEWSMARK_BENCH_TEXT {path:?}: {e}"));
    raw.lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).ok().and_then(|v| v["text"].as_str().map(str::to_string)))
        .collect::<Option<_>>()
        .unwrap_or_else(|| vec![raw.clone()])
}

fn stages(c: &mut Criterion) {
    let articles = stage_articles();
    let bytes: usize = articles.iter().map(String::len).sum();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    group.bench_function("cleanup", |b| b.iter(|| articles.iter().map(|t| newsmark::cleanup::clean(black_box(t)).len()).sum::<usize>()));
    let cleaned: Vec<_> = articles.iter().map(|t| newsmark::cleanup::clean(t)).collect();
    group.bench_function("text", |b| b.iter(|| cleaned.iter().map(|t| Doc::new(black_box(t)).tokens.len()).sum::<usize>()));
    let docs: Vec<Doc> = cleaned.iter().map(|t| Doc::new(t)).collect();
    group.bench_function("entities", |b| b.iter(|| docs.iter().map(|d| stages::entities(black_box(d)).len()).sum::<usize>()));
    let entities: Vec<_> = docs.iter().map(stages::entities).collect();
    group.bench_function("quotes", |b| b.iter(|| docs.iter().map(|d| stages::quotes(black_box(d)).len()).sum::<usize>()));
    let quotes: Vec<_> = docs.iter().map(stages::quotes).collect();
    // Attribution and grouping fill in their inputs, so each run gets a fresh copy (not timed).
    group.bench_function("attribution", |b| {
        b.iter_batched_ref(
            || quotes.clone(),
            |q| docs.iter().zip(&entities).zip(q.iter_mut()).map(|((d, e), q)| stages::attribution(d, e, q).len()).sum::<usize>(),
            BatchSize::LargeInput,
        )
    });
    let mut attributed = quotes.clone();
    let speakers: Vec<_> = docs.iter().zip(&entities).zip(attributed.iter_mut()).map(|((d, e), q)| stages::attribution(d, e, q)).collect();
    group.bench_function("grouping", |b| {
        b.iter_batched_ref(
            || (entities.clone(), attributed.clone()),
            |(e, q)| {
                let inputs = docs.iter().zip(e.iter_mut()).zip(q.iter_mut()).zip(&speakers);
                inputs.map(|(((d, e), q), s)| stages::grouping(d, e, q, s).len()).sum::<usize>()
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("annotate", |b| b.iter(|| articles.iter().map(|t| newsmark::annotate(black_box(t)).entities.len()).sum::<usize>()));
    let annotations: Vec<_> = articles.iter().map(|t| newsmark::annotate(t)).collect();
    group.bench_function("convert_offsets_utf16", |b| {
        b.iter_batched(
            || annotations.clone(),
            |all| all.into_iter().zip(&articles).map(|(a, t)| a.convert_offsets(t, newsmark::OffsetUnit::Utf16).quotes.len()).sum::<usize>(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The whole pipeline at 100 KB, doubling to 6.4 MB, and at 10 MB: MB/s should stay flat.
fn scaling(c: &mut Criterion) {
    let largest = newsgen::news_text(2, 10 * 1000 * 1000);
    let mut group = c.benchmark_group("scaling");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut sizes: Vec<usize> = (0..7).map(|k| 100_000 << k).collect();
    sizes.push(10_000_000);
    for size in sizes {
        // A prefix of one long text, cut at a paragraph break, so sizes differ only in length.
        let mut end = size.min(largest.len());
        while !largest.is_char_boundary(end) {
            end -= 1;
        }
        let cut = largest[..end].rfind("\n\n").unwrap_or(end);
        let text = &largest[..cut];
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.measurement_time(Duration::from_secs(if size >= 3_000_000 { 8 } else { 4 }));
        group.bench_with_input(BenchmarkId::new("annotate", size), text, |b, t| b.iter(|| newsmark::annotate(black_box(t)).quotes.len()));
    }
    group.finish();
}

/// Thousands of different people, each then named by surname alone: grouping compares a
/// one-word mention with the people seen so far, which must stay bounded (it once grew with
/// their number). MB/s should stay flat from 100 KB to 800 KB.
fn many_people(c: &mut Criterion) {
    let mut generator = newsgen::NewsGen::new(3);
    let mut text = String::new();
    let letters = "abcdefghijklmnopqrstuvwxyz".as_bytes();
    let word = |g: &mut newsgen::NewsGen| -> String {
        let tail: String = (0..6).map(|_| letters[g.below(letters.len())] as char).collect();
        format!("Q{tail}")
    };
    while text.len() < 800_000 {
        let (first, last) = (word(&mut generator), word(&mut generator));
        text.push_str(&format!("Mr. {first} {last} met officials on Monday. {last} said the plan was fine.\n\n"));
    }
    let mut group = c.benchmark_group("many_people");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    for size in [100_000, 200_000, 400_000, 800_000] {
        let cut = text[..size.min(text.len())].rfind("\n\n").unwrap_or(0);
        let part = &text[..cut];
        group.throughput(Throughput::BytesDecimal(part.len() as u64));
        group.bench_with_input(BenchmarkId::new("annotate", size), part, |b, t| b.iter(|| newsmark::annotate(black_box(t)).groups.len()));
    }
    group.finish();
}

criterion_group!(benches, stages, scaling, many_people);
criterion_main!(benches);
