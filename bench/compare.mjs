// Side-by-side in one node process: newsmark's wasm build (www/pkg, `make wasm`) against
// the npm package compromise (people, places, organizations, quotations) on the same
// synthetic news texts, generated from our own templates (bench/newsgen.json), or on your
// own articles (--texts FILE: JSONL whose lines have a `text` field, e.g. a corpus that
// cannot be committed). Reports MB/s of UTF-8 text for each and the speed-up ratio; the
// two take turns, so a busy machine slows both alike.
//
//   node bench/compare.mjs [--articles N] [--seconds S] [--warmup S] [--pkg DIR] [--texts FILE]
//   (DIR default www/pkg)

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}
const ARTICLES = option('--articles', 40);
const PKG = process.argv.includes('--pkg') ? process.argv[process.argv.indexOf('--pkg') + 1] : join(root, 'www/pkg');
const SECONDS = option('--seconds', 3);
const WARMUP = option('--warmup', 1);
const TEXTS = process.argv.includes('--texts') ? process.argv[process.argv.indexOf('--texts') + 1] : null;

// ---- synthetic news, the JavaScript twin of benches/support/newsgen.rs

const vocabulary = JSON.parse(readFileSync(join(root, 'bench/newsgen.json'), 'utf8'));

/** mulberry32: a tiny seeded generator, so every run benchmarks the same texts. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expand(template, random, depth = 0) {
  return template.replace(/\{(\w+)\}/g, (_, slot) => {
    const list = vocabulary[slot];
    const choice = list[Math.floor(random() * list.length)];
    return depth < 4 ? expand(choice, random, depth + 1) : choice;
  });
}

function article(random) {
  const paragraphs = [expand('{org} to {verb} {thing} as {place} talks go on', random)];
  const count = 6 + Math.floor(random() * 10);
  let first = expand('{place}, {month} {day} — ', random);
  for (let i = 0; i < count; i++) {
    paragraphs.push(first + expand('{paragraph}', random));
    first = '';
  }
  return paragraphs.join('\n\n');
}

// ---- the two engines

async function loadNewsmark() {
  // Imported from its file, since it imports its JavaScript snippets by relative path; initSync
  // gets the wasm bytes, so the module's own URL is never fetched.
  const mod = await import(pathToFileURL(join(PKG, 'newsmark.js')).href);
  mod.initSync({ module: readFileSync(join(PKG, 'newsmark_bg.wasm')) });
  return (text) => {
    const a = mod.annotate(text);
    return {
      people: a.entities.filter((e) => e.label === 'PERSON').length,
      places: a.entities.filter((e) => e.label === 'PLACE').length,
      organizations: a.entities.filter((e) => e.label === 'ORG').length,
      quotations: a.quotes.length,
    };
  };
}

function compromise(text) {
  const doc = nlp(text);
  return {
    people: doc.people().out('offset').length,
    places: doc.places().out('offset').length,
    organizations: doc.organizations().out('offset').length,
    quotations: doc.quotations().out('offset').length,
  };
}

/** What `engine` finds in one round over all texts, then untimed rounds until `seconds` have
 *  passed: both engines are measured warm. V8 optimizes wasm in the background while it runs;
 *  after one round only, the first second or so of newsmark's timing ran unoptimized code. */
function warmUp(engine, texts, seconds) {
  const total = { people: 0, places: 0, organizations: 0, quotations: 0 };
  const start = performance.now();
  for (const t of texts) {
    const f = engine(t);
    for (const k in total) total[k] += f[k];
  }
  while (performance.now() - start < seconds * 1000) {
    for (const t of texts) engine(t);
  }
  return total;
}

/** Runs the engines in turns of about `turn` seconds each, article after article (each keeps
 *  its place in the texts), until each has run for `seconds`. Taking turns, both see the same
 *  load when the machine is busy, so the ratio holds. Returns MB/s and rounds for each. */
function measureInTurns(engines, texts, seconds, turn = 0.25) {
  const sizes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  const roundBytes = sizes.reduce((a, b) => a + b, 0);
  const runs = engines.map((engine) => ({ engine, next: 0, bytes: 0, elapsed: 0 }));
  while (runs.some((r) => r.elapsed < seconds)) {
    for (const r of runs) {
      if (r.elapsed >= seconds) continue;
      const start = performance.now();
      let now;
      do {
        r.engine(texts[r.next]);
        r.bytes += sizes[r.next];
        r.next = (r.next + 1) % texts.length;
        now = performance.now();
      } while (now - start < turn * 1000);
      r.elapsed += (now - start) / 1000;
    }
  }
  return runs.map((r) => ({ mbPerSecond: r.bytes / r.elapsed / 1e6, rounds: r.bytes / roundBytes, elapsed: r.elapsed }));
}

const random = seeded(20240601);
const texts = TEXTS
  ? readFileSync(TEXTS, 'utf8').split('\n').filter((l) => l.trim()).slice(0, ARTICLES).map((l) => JSON.parse(l).text)
  : Array.from({ length: ARTICLES }, () => article(random));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);

const newsmark = await loadNewsmark();
const ourFinds = warmUp(newsmark, texts, WARMUP);
const theirFinds = warmUp(compromise, texts, WARMUP);
const [ours, theirs] = measureInTurns([newsmark, compromise], texts, SECONDS);
ours.found = ourFinds;
theirs.found = theirFinds;
const ratio = ours.mbPerSecond / theirs.mbPerSecond;

const show = (name, r) =>
  `${name.padEnd(12)} ${r.mbPerSecond.toFixed(3).padStart(9)} MB/s  (${r.rounds.toFixed(1)} rounds in ${r.elapsed.toFixed(1)} s; ` +
  `found ${r.found.people} people, ${r.found.places} places, ${r.found.organizations} orgs, ${r.found.quotations} quotes)`;
console.log(`${texts.length} ${TEXTS ? `articles from ${TEXTS}` : 'synthetic news articles'}, ${(bytes / 1000).toFixed(1)} KB, node ${process.version}, one process, engines taking turns`);
console.log(show('newsmark', ours));
console.log(show('compromise', theirs));
console.log(`speed-up: newsmark wasm is ${ratio.toFixed(1)}x faster than compromise ${nlp.version}`);
