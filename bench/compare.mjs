// Side-by-side in one node process: newsmark's wasm build (www/pkg, `make wasm`) against
// the npm package compromise (people, places, organizations, quotations) on the same
// synthetic news texts, generated from our own templates (bench/newsgen.json).
// Reports MB/s of UTF-8 text for each and the speed-up ratio.
//
//   node bench/compare.mjs [--articles N] [--seconds S] [--pkg DIR]   (DIR default www/pkg)

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  // Imported from its source as a data: URL: node would otherwise warn that www/pkg has no
  // package.json saying "module". initSync gets the bytes, so the module's URL is unused.
  const source = readFileSync(join(PKG, 'newsmark.js'));
  const mod = await import(`data:text/javascript;base64,${source.toString('base64')}`);
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

/** Runs `engine` over all texts, round after round until `seconds` have passed (at least
 *  one round), after one untimed warm-up round. Returns MB/s and what one round found. */
function measure(engine, texts, bytes, seconds) {
  const found = { people: 0, places: 0, organizations: 0, quotations: 0 };
  for (const t of texts) {
    const f = engine(t);
    for (const k in found) found[k] += f[k];
  }
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) engine(t);
    rounds++;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  return { mbPerSecond: (bytes * rounds) / elapsed / 1e6, rounds, elapsed, found };
}

const random = seeded(20240601);
const texts = Array.from({ length: ARTICLES }, () => article(random));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);

const newsmark = await loadNewsmark();
const ours = measure(newsmark, texts, bytes, SECONDS);
const theirs = measure(compromise, texts, bytes, SECONDS);
const ratio = ours.mbPerSecond / theirs.mbPerSecond;

const show = (name, r) =>
  `${name.padEnd(12)} ${r.mbPerSecond.toFixed(3).padStart(9)} MB/s  (${r.rounds} rounds in ${r.elapsed.toFixed(1)} s; ` +
  `found ${r.found.people} people, ${r.found.places} places, ${r.found.organizations} orgs, ${r.found.quotations} quotes)`;
console.log(`${texts.length} synthetic news articles, ${(bytes / 1000).toFixed(1)} KB, node ${process.version}, one process`);
console.log(show('newsmark', ours));
console.log(show('compromise', theirs));
console.log(`speed-up: newsmark wasm is ${ratio.toFixed(1)}x faster than compromise ${nlp.version}`);
