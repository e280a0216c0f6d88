// Shared by the e2e tests and the screenshot script: a tiny static server for www/ on 127.0.0.1,
// Debian's Chromium through playwright-core, and helpers that wait for the page's own signals.
// Not a test file itself (node --test only runs *.test.mjs here).

import { existsSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WWW = join(ROOT, 'www');
const STUB = fileURLToPath(new URL('./fixtures/stub-newsmark.js', import.meta.url));
/** Another wasm-bindgen output directory to serve as /pkg/ (e.g. a build in progress). */
const PKG_DIR = process.env.NEWSMARK_PKG ? resolve(process.env.NEWSMARK_PKG) : null;

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

/**
 * Serves www/ on a random loopback port (scripts/serve.mjs). With `stub: true` the wasm package
 * is replaced by a small deterministic JS annotator (fixtures/stub-newsmark.js), so UI tests do
 * not depend on what the core finds today. Every request path is recorded in `requests`.
 */
export async function startServer({ stub = false } = {}) {
  if (!stub && !existsSync(join(PKG_DIR ?? join(WWW, 'pkg'), 'newsmark.js'))) {
    throw new Error('www/pkg/newsmark.js is missing: run `make wasm` first');
  }
  const requests = [];
  const mapFile = (path, file) => {
    if (stub && path === '/pkg/newsmark.js') return STUB;
    if (PKG_DIR && path.startsWith('/pkg/')) return normalize(join(PKG_DIR, path.slice(5)));
    return file;
  };
  const { server, url } = await serve(WWW, 0, { onRequest: (u) => requests.push(u), mapFile });
  return { url, requests, close: () => new Promise((ok) => server.close(ok)) };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Opens the page in a fresh context and waits until the first article is annotated and drawn. */
export async function openPage(browser, url, { contextOptions = {}, clearStorage = true } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(new Error(msg.text()));
  });
  if (clearStorage) await context.addInitScript(() => {
    try { if (!sessionStorage.getItem('e2e-kept')) { localStorage.clear(); sessionStorage.setItem('e2e-kept', '1'); } } catch { /* no storage */ }
  });
  await page.goto(url);
  await waitForResult(page, 0);
  return { context, page, errors };
}

/** The id of the last result fully rendered (0 before any). */
export function renderedResult(page) {
  return page.evaluate(() => Number(document.getElementById('view').dataset.result || 0));
}

/** Waits until a result newer than `after` is fully rendered. */
export async function waitForResult(page, after, timeout = 30000) {
  await page.waitForFunction(
    (n) => {
      const v = document.getElementById('view');
      return v.dataset.state === 'done' && Number(v.dataset.result || 0) > n;
    },
    after,
    { timeout },
  );
}

/**
 * Puts `text` in the textarea and waits for it to be annotated and drawn: by default as a paste
 * does (an input event, then the debounced annotation), or by pressing Annotate (`via: 'button'`).
 */
export async function annotate(page, text, { via = 'input' } = {}) {
  const before = await renderedResult(page);
  await page.evaluate(({ t, via }) => {
    const area = document.getElementById('article');
    area.value = t;
    if (via === 'input') area.dispatchEvent(new Event('input', { bubbles: true }));
  }, { t: text, via });
  if (via === 'button') await page.click('#annotate-btn');
  await waitForResult(page, before);
}

/** For each highlighted element id, the text of all its pieces joined. */
export function highlightTexts(page, selector) {
  return page.evaluate((sel) => {
    const out = {};
    for (const el of document.querySelectorAll(`#view ${sel}`)) out[el.dataset.id] = (out[el.dataset.id] || '') + el.textContent;
    return out;
  }, selector);
}
