//! Peak memory of annotating a 10 MB article (issue 6): a small multiple of the input.
//! A separate test binary because it installs a counting global allocator, and runs its
//! one measurement alone so no other test's allocations are counted.

#[path = "../benches/support/newsgen.rs"]
mod newsgen;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes live now and the most live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The budget (issue 6): `annotate` holds at most this many times the input at its peak,
/// output included. Today ~11× on generated news as dense as political news: tokens are
/// 24 bytes per ~5 bytes of text (~5×), the result ~3×, attribution's scratch the rest.
const BUDGET_TIMES_INPUT: usize = 12;

/// The article size: 10 MB in release builds (`cargo test --release --test memory`); 2 MB in
/// debug builds, where the unoptimized pipeline is slow (the ratio to the input is what is
/// checked, and it does not depend on the size). `NEWSMARK_MEMORY_MB` overrides.
fn article_bytes() -> usize {
    let mb = std::env::var("NEWSMARK_MEMORY_MB").ok().and_then(|v| v.parse().ok());
    mb.unwrap_or(if cfg!(debug_assertions) { 2 } else { 10 }) << 20
}

/// One measurement at a time: the counters are global.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Annotates a generated article and fails if the peak reaches `budget` × its size.
fn assert_peak_below(budget: usize) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let text = newsgen::news_text(42, article_bytes());
    // Warm lazily-loaded lexicons and models first: they are a fixed cost, not per input.
    drop(newsmark::annotate("Warm up: “We will win,” Maria Lopez said in Paris."));
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let annotation = newsmark::annotate(&text);
    let peak = PEAK.load(Relaxed) - before;
    let kept = LIVE.load(Relaxed) - before;
    let times = peak as f64 / text.len() as f64;
    eprintln!(
        "{:.1} MB article: peak {:.1} MB above baseline = {times:.2}× input; result holds {:.1} MB; {} entities, {} quotes",
        text.len() as f64 / 1e6,
        peak as f64 / 1e6,
        kept as f64 / 1e6,
        annotation.entities.len(),
        annotation.quotes.len()
    );
    drop(annotation);
    if peak >= budget * text.len() {
        stage_by_stage(&text); // say which stage to blame
    }
    assert!(peak < budget * text.len(), "peak {peak} bytes is {times:.1}× the {} byte input (budget {budget}×)", text.len());
}

#[test]
fn article_peak_memory_is_a_small_multiple_of_its_size() {
    assert_peak_below(BUDGET_TIMES_INPUT);
}

/// Prints each stage's peak above what was live before it, to say where a budget overrun
/// comes from.
fn stage_by_stage(text: &str) {
    use newsmark::stages;
    let mb = |bytes: usize| bytes as f64 / 1e6;
    let mut report = Vec::new();
    let mut measure = |name: &str, before: usize| {
        report.push(format!("{name} peak +{:.1} MB, keeps +{:.1} MB", mb(PEAK.load(Relaxed) - before), mb(LIVE.load(Relaxed) - before)));
        let now = LIVE.load(Relaxed);
        PEAK.store(now, Relaxed);
        now
    };
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let cleaned = newsmark::cleanup::clean(text);
    let b = measure("cleanup", start);
    let doc = newsmark::text::Doc::new(&cleaned);
    let b = measure("text::Doc", b);
    let mut entities = stages::entities(&doc);
    let b = measure("entities", b);
    let mut quotes = stages::quotes(&doc);
    let b = measure("quotes", b);
    let speakers = stages::attribution(&doc, &entities, &mut quotes);
    let b = measure("attribution", b);
    let groups = stages::grouping(&doc, &mut entities, &mut quotes, &speakers);
    measure("grouping", b);
    eprintln!("stage by stage on {:.1} MB: {}", mb(text.len()), report.join("; "));
    drop((groups, speakers, quotes, entities, doc));
}
