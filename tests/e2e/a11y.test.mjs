// Automated accessibility scan (axe-core from npm) of the page with highlights, panels and a
// tooltip showing, in light and dark mode and at phone width. Fails on any serious or critical
// violation. axe is injected as a script tag, which the page's CSP would refuse, so these
// contexts alone bypass the CSP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, annotate, waitForResult } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARTICLE = [
  'LISBON — Ana Lima said on Tuesday the Harbour Authority would pay €5 million to Portuguese dockworkers.',
  '“We will win this, and Lisbon knows it,” she said, “and we will do it soon.”',
  '“Nothing is settled yet,” said José Müller, whose members lost 12% of their hours since the World Cup, from 9 a.m. on.',
  'He called the plan a “quiet sale” of the port.',
].join('\n\n');

let server;
let browser;

before(async () => {
  server = await startServer({ stub: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function scan(contextOptions) {
  const context = await browser.newContext({ bypassCSP: true, ...contextOptions });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForResult(page, 0);
  await annotate(page, ARTICLE);
  await page.click('#groups-panel .group-btn'); // a selection, and the step text
  await page.click('#share-btn');
  await page.focus('#view [data-nav][tabindex="0"]'); // the tooltip
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  await context.close();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return {
    bad: bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
    minor: results.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`),
  };
}

for (const [name, options] of [
  ['light', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
  ['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
  ['phone', { viewport: { width: 360, height: 740 }, isMobile: true }],
]) {
  test(`axe finds no serious or critical violation (${name})`, async () => {
    const { bad, minor } = await scan(options);
    if (minor.length) console.log(`# ${name}: minor axe findings: ${minor.join(', ')}`);
    assert.deepEqual(bad, []);
  });
}
