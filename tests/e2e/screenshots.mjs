// Takes the README's screenshots of the page with the real wasm core: docs/screenshot-light.png
// and docs/screenshot-dark.png. Run after `make wasm`:  node tests/e2e/screenshots.mjs
// (not a test: node --test only picks up *.test.mjs).

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, waitForResult, renderedResult } from './harness.mjs';

const SAMPLE = process.env.SAMPLE || 'harbour';
const server = await startServer();
const browser = await launchBrowser();
try {
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForResult(page, 0);
    const before = await renderedResult(page);
    await page.selectOption('#sample-select', SAMPLE);
    await waitForResult(page, before);
    await page.evaluate(() => document.activeElement?.blur());
    // Point at the first attributed quote (or any highlight) so the tooltip and speaker link show.
    const target = (await page.$('#view .quote[data-speaker-group]')) || (await page.$('#view .quote')) || (await page.$('#view mark'));
    if (target) {
      // An inline element's box can span lines; point at the middle of its first line box.
      await target.scrollIntoViewIfNeeded();
      const box = await target.evaluate((el) => {
        const r = el.getClientRects()[0];
        return { x: r.left + Math.min(12, r.width / 2), y: r.top + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
    }
    const path = join(ROOT, 'docs', `screenshot-${scheme}.png`);
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
