//! Throughput of each pipeline stage and of the whole, in MB/s of article text, on
//! synthetic news-like text from our own templates (benches/support/newsgen.rs); and of
//! the whole pipeline at doubling sizes from 100 KB to 10 MB, to show time stays linear.
//!
//! `cargo bench --bench pipeline` (all), `cargo bench --bench pipeline -- stages` (one group).
//! `bench/run.sh` runs it with the node benchmark and the size report.

#[path = "support/newsgen.rs"]
mod newsgen;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use newsmark::{stages, text::Doc};
use std::hint::black_box;
use std::time::Duration;

/// The per-stage input: 100 KB, a few dozen articles.
const STAGE_BYTES: usize = 100 * 1000;

fn stages(c: &mut Criterion) {
    let text = newsgen::news_text(1, STAGE_BYTES);
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::BytesDecimal(text.len() as u64));
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    group.bench_function("cleanup", |b| b.iter(|| newsmark::cleanup::clean(black_box(&text)).len()));
    let cleaned = newsmark::cleanup::clean(&text);
    group.bench_function("text", |b| b.iter(|| Doc::new(black_box(&cleaned)).tokens.len()));
    let doc = Doc::new(&cleaned);
    group.bench_function("entities", |b| b.iter(|| stages::entities(black_box(&doc)).len()));
    let entities = stages::entities(&doc);
    group.bench_function("quotes", |b| b.iter(|| stages::quotes(black_box(&doc)).len()));
    let quotes = stages::quotes(&doc);
    // Attribution and grouping fill in their inputs, so each run gets a fresh copy (not timed).
    group.bench_function("attribution", |b| {
        b.iter_batched_ref(|| quotes.clone(), |q| stages::attribution(&doc, &entities, q).len(), BatchSize::LargeInput)
    });
    let mut attributed = quotes.clone();
    let speakers = stages::attribution(&doc, &entities, &mut attributed);
    group.bench_function("grouping", |b| {
        b.iter_batched_ref(
            || (entities.clone(), attributed.clone()),
            |(e, q)| stages::grouping(&doc, e, q, &speakers).len(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("annotate", |b| b.iter(|| newsmark::annotate(black_box(&text)).entities.len()));
    let annotation = newsmark::annotate(&text);
    group.bench_function("convert_offsets_utf16", |b| {
        b.iter_batched(|| annotation.clone(), |a| a.convert_offsets(&text, newsmark::OffsetUnit::Utf16).quotes.len(), BatchSize::LargeInput)
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
        let cut = largest[..size.min(largest.len())].rfind("\n\n").unwrap_or(size.min(largest.len()));
        let text = &largest[..cut];
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.measurement_time(Duration::from_secs(if size >= 3_000_000 { 8 } else { 4 }));
        group.bench_with_input(BenchmarkId::new("annotate", size), text, |b, t| b.iter(|| newsmark::annotate(black_box(t)).quotes.len()));
    }
    group.finish();
}

criterion_group!(benches, stages, scaling);
criterion_main!(benches);
