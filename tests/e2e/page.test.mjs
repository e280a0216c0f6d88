// The page's features, driven in Debian Chromium against a stub annotator whose answers are known
// (fixtures/stub-newsmark.js), so these tests check the UI, not today's quality of the core.
// Real-core tests live in core.test.mjs.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchBrowser, openPage, annotate, highlightTexts, waitForResult, renderedResult } from './harness.mjs';

const ARTICLE = [
  'LISBON — Ana Lima said on Tuesday the Harbour Authority would pay €5 million to Portuguese dockworkers.',
  '“We will win this, and Lisbon knows it,” she said, “and we will do it soon.”',
  '“Nothing is settled yet,” said José Müller, whose members lost 12% of their hours since the World Cup, from 9 a.m. on.',
  'He called the plan a “quiet sale” of the port. Lima later met Müller and Zoë 😀 Ng in Lisbon.',
].join('\n\n');

let server;
let browser;
let page;
let context;
let errors;

before(async () => {
  server = await startServer({ stub: true });
  browser = await launchBrowser();
  ({ page, context, errors } = await openPage(browser, server.url, {
    contextOptions: { viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] },
  }));
  await annotate(page, ARTICLE);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Clicks an export button and saves the download under its suggested name (file:// needs the
 *  .html extension to open it as a page). */
async function downloadFrom(p, selector) {
  const [file] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
  const dir = await mkdtemp(join(tmpdir(), 'newsmark-e2e-'));
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

/** Index of the nth occurrence of `needle` in ARTICLE. */
const at = (needle, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = ARTICLE.indexOf(needle, i + 1);
  return i;
};

describe('article view', () => {
  test('entities are marks with their label, text exact', async () => {
    const byLabel = await page.evaluate(() => {
      const out = {};
      for (const m of document.querySelectorAll('#view mark.ent')) (out[m.dataset.label] ??= []).push(m.textContent);
      return out;
    });
    assert.deepEqual(byLabel.PERSON, ['Ana Lima', 'José Müller', 'Lima', 'Müller', 'Zoë 😀 Ng']);
    assert.deepEqual(byLabel.ORG, ['Harbour Authority']);
    assert.deepEqual(byLabel.PLACE, ['Lisbon', 'Lisbon']);
    assert.deepEqual(byLabel.NORP, ['Portuguese']);
    assert.deepEqual(byLabel.DATE, ['Tuesday']);
    assert.deepEqual(byLabel.MONEY, ['€5 million']);
    assert.deepEqual(byLabel.PERCENT, ['12%']);
    assert.deepEqual(byLabel.TIME, ['9 a.m.']);
    assert.deepEqual(byLabel.EVENT, ['World Cup']);
    // Each label is drawn differently: a background tint plus its own underline style.
    const looks = await page.evaluate(() => [...document.querySelectorAll('#view mark.ent')].map((m) => {
      const cs = getComputedStyle(m);
      return `${cs.backgroundColor}|${cs.borderBottomStyle}|${m.dataset.label}`;
    }));
    const perLabel = new Map(looks.map((l) => [l.split('|')[2], l.split('|').slice(0, 2).join('|')]));
    assert.equal(new Set(perLabel.values()).size, perLabel.size, 'every label looks different');
    assert.ok(looks.every((l) => !l.startsWith('rgba(0, 0, 0, 0)')), 'marks are tinted');
  });

  test('paragraphs are kept', async () => {
    assert.equal(await page.locator('#view p.para').count(), 4);
    const first = await page.locator('#view p.para').first().textContent();
    assert.equal(first, ARTICLE.split('\n\n')[0]);
  });

  test('quotes carry their kind and keep the entities inside them', async () => {
    const quotes = await page.evaluate(() => [...document.querySelectorAll('#view .quote')].map((q) => [q.dataset.kind, q.textContent]));
    assert.deepEqual(quotes, [
      ['direct', '“We will win this, and Lisbon knows it,”'],
      ['direct', '“and we will do it soon.”'],
      ['direct', '“Nothing is settled yet,”'],
      ['scare', '“quiet sale”'],
    ]);
    assert.equal(await page.locator('#view .quote mark[data-label="PLACE"]').textContent(), 'Lisbon');
    const styles = await page.evaluate(() => {
      const q = document.querySelector('#view .quote[data-kind="direct"]');
      const m = document.querySelector('#view mark.ent');
      return [getComputedStyle(q).backgroundColor, getComputedStyle(m).backgroundColor];
    });
    assert.notEqual(styles[0], styles[1], 'quotes look different from entities');
  });

  test('the stats line counts words, entities, quotes and time', async () => {
    const stats = await page.textContent('#stats');
    const words = ARTICLE.split(/\s+/).filter(Boolean).length;
    assert.match(stats, new RegExp(`^${words} words · 14 entities · 4 quotes · annotated in [\\d.,]+ ms$`));
  });
});

describe('legend', () => {
  test('one toggle per label and kind, named after it, with counts', async () => {
    for (const [name, count] of [['PERSON', '5'], ['PLACE', '2'], ['PERCENT', '1'], ['direct quotes', '3'], ['scare quotes', '1'], ['partial quotes', '0']]) {
      const button = page.getByRole('button', { name: new RegExp(`^${name} ${count}$`) });
      assert.equal(await button.count(), 1, `toggle for ${name}`);
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
    }
  });

  test('toggling hides and shows all highlights of a label at once', async () => {
    const person = page.getByRole('button', { name: /^PERSON / });
    const backgrounds = (label) => page.evaluate((l) => [...document.querySelectorAll(`#view mark[data-label="${l}"]`)].map((m) => getComputedStyle(m).backgroundColor), label);
    await person.click();
    assert.equal(await person.getAttribute('aria-pressed'), 'false');
    assert.ok((await backgrounds('PERSON')).every((b) => b === 'rgba(0, 0, 0, 0)'));
    assert.ok((await backgrounds('PLACE')).every((b) => b !== 'rgba(0, 0, 0, 0)'), 'other labels untouched');
    assert.equal(await page.locator('#view mark[data-label="PERSON"]').first().textContent(), 'Ana Lima', 'the text stays');
    await person.press('Enter');
    assert.equal(await person.getAttribute('aria-pressed'), 'true');
    assert.ok((await backgrounds('PERSON')).every((b) => b !== 'rgba(0, 0, 0, 0)'));

    const direct = page.getByRole('button', { name: /^direct quotes/ });
    await direct.click();
    const quoteBg = () => page.evaluate(() => getComputedStyle(document.querySelector('#view .quote[data-kind="direct"]')).backgroundColor);
    assert.equal(await quoteBg(), 'rgba(0, 0, 0, 0)');
    await direct.click();
    assert.notEqual(await quoteBg(), 'rgba(0, 0, 0, 0)');
  });
});

describe('tooltips and linking', () => {
  test('hovering an entity shows label, full name and roles, and lights up its group', async () => {
    await page.hover('#view mark[data-label="PERSON"] >> nth=2'); // "Lima"
    const tip = page.locator('#tooltip');
    await tip.waitFor({ state: 'visible' });
    const text = await tip.textContent();
    assert.match(text, /PERSON Ana Lima/);
    assert.match(text, /Harbour Minister/);
    const related = await page.evaluate(() => [...document.querySelectorAll('#view .is-related')].map((e) => e.dataset.id));
    assert.ok(related.includes('e0') && related.includes('q0'), 'mentions and quotes of the same person');
    assert.ok(!related.includes('e5'), 'not other people');
  });

  test('hovering a quote shows its speaker and cue and marks the speaker mention', async () => {
    await page.hover('#view .quote[data-id="q0"]', { position: { x: 5, y: 5 } });
    const text = await page.locator('#tooltip').textContent();
    assert.match(text, /Direct quote/);
    assert.match(text, /Speaker she → Ana Lima/);
    assert.match(text, /Cue said/);
    const linked = await page.evaluate(() => [...document.querySelectorAll('#view .is-linked')].map((e) => `${e.className.split(' ')[0]}:${e.textContent}`));
    assert.deepEqual(linked.sort(), ['cue:said', 'speaker:she']);
  });

  test('hovering a pronoun speaker tells whom it stands for', async () => {
    await page.hover('#view .speaker >> nth=0');
    assert.match(await page.locator('#tooltip').textContent(), /Speaker of 1 quote → Ana Lima/);
  });

  test('clicking a quote moves to its speaker', async () => {
    await page.click('#view .quote[data-id="q2"]', { position: { x: 4, y: 4 } });
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'José Müller');
    await page.keyboard.press('Escape');
  });

  test('keyboard: Tab reaches the article, arrows move, the tooltip follows focus, Enter jumps to the speaker', async () => {
    await page.mouse.move(0, 0);
    await page.focus('#clear-btn');
    let inView = false;
    for (let i = 0; i < 30 && !inView; i++) {
      await page.keyboard.press('Tab');
      inView = await page.evaluate(() => document.getElementById('view').contains(document.activeElement));
    }
    assert.ok(inView, 'Tab reaches the article');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Ana Lima');
    assert.match(await page.locator('#tooltip').textContent(), /PERSON Ana Lima/);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Tuesday');
    assert.match(await page.locator('#tooltip').textContent(), /DATE/);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement.classList.contains('quote'))); i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), 'q0');
    assert.match(await page.locator('#tooltip').textContent(), /Speaker she/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'she');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#tooltip').isHidden(), true);
  });
});

describe('panels', () => {
  test('groups are listed by type, most mentioned first, with name, aliases, roles and counts', async () => {
    const people = await page.evaluate(() => {
      const section = [...document.querySelectorAll('#groups-panel section')].find((s) => s.querySelector('h3').textContent.startsWith('People'));
      return [...section.querySelectorAll('.group-btn')].map((b) => b.textContent);
    });
    assert.equal(people.length, 3);
    assert.match(people[0], /^Ana Lima 2 mentions · 1 quote.*Harbour Minister.*also: Lima/);
    assert.match(people[1], /^José Müller 2 mentions · 1 quote/);
    assert.match(people[2], /^Zoë 😀 Ng 1 mention/);
  });

  test('pressing a group highlights all its mentions and steps through them', async () => {
    const button = page.locator('#groups-panel .group-btn[data-group="g1"]');
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    const selected = await page.evaluate(() => [...document.querySelectorAll('#view .is-selected')].map((e) => e.textContent));
    assert.deepEqual(selected, ['“Nothing is settled yet,”', 'José Müller', 'Müller']);
    const current = () => page.evaluate(() => document.querySelector('#view .is-current')?.dataset.id);
    assert.equal(await current(), 'e6');
    assert.match(await button.textContent(), /Mention 1 of 2/);
    await button.click();
    assert.equal(await current(), 'e11');
    assert.match(await button.textContent(), /Mention 2 of 2/);
    await button.click();
    assert.equal(await current(), 'e6', 'wraps around');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#view .is-selected').count(), 0);
  });

  test('clicking a mention in the article selects its group', async () => {
    await page.click('#view mark[data-id="e0"]');
    assert.equal(await page.locator('#groups-panel .group-btn[data-group="g0"]').getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Escape');
  });

  test('quotes are listed by speaker, with unattributed and scare sections, and clicking scrolls to one', async () => {
    const sections = await page.evaluate(() => [...document.querySelectorAll('#quotes-panel section')].map((s) => [s.querySelector('h3').textContent, s.querySelectorAll('.quote-btn').length]));
    assert.deepEqual(sections, [['Ana Lima (1)', 1], ['José Müller (1)', 1], ['Unattributed (1)', 1], ['Scare quotes and titles (1)', 1]]);
    await page.setViewportSize({ width: 1280, height: 300 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#quotes-panel [data-section="unattributed"] .quote-btn');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), 'q1');
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.ok(visible, 'the quote is scrolled into view');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('exports', () => {
  const download = (selector) => downloadFrom(page, selector);

  test('the annotation JSON downloads and parses', async () => {
    const { name, path } = await download('[data-export="json"]');
    assert.equal(name, 'newsmark-annotation.json');
    const json = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(json.version, 1);
    assert.equal(json.offsets, 'utf16');
    assert.equal(json.entities.length, 14);
    for (const q of json.quotes) assert.equal(ARTICLE.slice(q.start, q.end), q.text);
  });

  test('entities and quotes CSV', async () => {
    const entities = (await readFile((await download('[data-export="entities-csv"]')).path, 'utf8')).trim().split('\r\n');
    assert.equal(entities[0], 'id,start,end,label,text,group,group_name,title');
    assert.equal(entities.length, 15);
    assert.equal(entities[1], `e0,${at('Ana Lima')},${at('Ana Lima') + 8},PERSON,Ana Lima,g0,Ana Lima,`);
    const quotes = (await readFile((await download('[data-export="quotes-csv"]')).path, 'utf8')).trim().split('\r\n');
    assert.equal(quotes[0], 'id,start,end,kind,speaker,speaker_group,speaker_name,cue,continues,text');
    assert.equal(quotes[1], `q0,${at('“We')},${at('“We') + 40},direct,she,g0,Ana Lima,said,,"“We will win this, and Lisbon knows it,”"`);
  });

  test('the highlighted HTML is self-contained and re-opens with the highlights', async () => {
    const { name, path } = await download('[data-export="html"]');
    assert.equal(name, 'newsmark-article.html');
    const html = await readFile(path, 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link/i);
    const viewer = await context.newPage();
    const requests = [];
    viewer.on('request', (r) => requests.push(r.url()));
    await viewer.goto(pathToFileURL(path).href);
    const marks = await viewer.evaluate(() => [...document.querySelectorAll('article mark.ent')].map((m) => [m.dataset.label, m.textContent, getComputedStyle(m).backgroundColor, m.title]));
    assert.equal(marks.length, 14);
    assert.deepEqual(marks[0].slice(0, 2), ['PERSON', 'Ana Lima']);
    assert.notEqual(marks[0][2], 'rgba(0, 0, 0, 0)', 'styles are inlined');
    assert.match(marks[0][3], /Harbour Minister/, 'tooltips survive as titles');
    assert.equal(await viewer.locator('article .quote[data-kind="direct"]').count(), 3);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), []);
    await viewer.close();
  });

  test('copy to clipboard', async () => {
    await page.click('[data-export="copy"]');
    await page.waitForFunction(() => /copied/.test(document.getElementById('export-status').textContent));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(copied.quotes.length, 4);
  });
});

describe('share and storage', () => {
  test('a share link carries the article in the fragment and round-trips', async () => {
    const tricky = `${ARTICLE}\n\nÉmile’s “naïve” café — 😀🇵🇹 <b>not bold</b> & done`;
    await annotate(page, tricky);
    await page.click('#share-btn');
    await page.waitForFunction(() => document.getElementById('share-url').value.includes('#article='));
    const url = await page.inputValue('#share-url');
    assert.ok(url.startsWith(`${server.url}#article=`), url);
    assert.match(url.split('#')[1], /^article=[A-Za-z0-9_-]+$/);
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(url);
    await waitForResult(other, 0);
    assert.equal(await other.inputValue('#article'), tricky);
    assert.equal(new URL(other.url()).hash, '', 'the article leaves the address bar once loaded');
    assert.equal(await other.locator('#view mark[data-label="PERSON"]').first().textContent(), 'Ana Lima');
    await fresh.close();
    assert.ok(server.requests.every((r) => !r.includes('article=')), 'the fragment never reaches the server');
    await annotate(page, ARTICLE);
  });

  test('the last article survives a reload', async () => {
    const text = 'Stored: Ana Lima spoke in Lisbon.';
    await annotate(page, text);
    await page.waitForTimeout(900); // the save is debounced
    await page.reload();
    await waitForResult(page, 0);
    assert.equal(await page.inputValue('#article'), text);
    await annotate(page, ARTICLE);
  });

  test('the page works when storage is unavailable', async () => {
    const locked = await browser.newContext();
    await locked.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    const p = await locked.newPage();
    const pageErrors = [];
    p.on('pageerror', (e) => pageErrors.push(e));
    await p.goto(server.url);
    await waitForResult(p, 0);
    assert.ok((await p.inputValue('#article')).length > 100, 'a sample is shown');
    await annotate(p, 'Ana Lima is here.');
    assert.equal(await p.locator('#view mark').count(), 1);
    assert.deepEqual(pageErrors, []);
    await locked.close();
  });
});

describe('input', () => {
  test('typing annotates after a short pause, without pressing Annotate', async () => {
    await annotate(page, 'Hello');
    const before = await renderedResult(page);
    await page.focus('#article');
    await page.keyboard.press('End');
    await page.keyboard.type(' Ana Lima', { delay: 20 });
    // A slow machine may pause mid-word and annotate a prefix first; the full name must follow.
    await waitForResult(page, before);
    await page.waitForFunction(() => document.querySelector('#view mark')?.textContent === 'Ana Lima');
    assert.equal(await page.inputValue('#article'), 'Hello Ana Lima');
  });

  test('the Annotate button annotates at once', async () => {
    await annotate(page, 'Button: José Müller.', { via: 'button' });
    assert.equal(await page.locator('#view mark').textContent(), 'José Müller');
  });

  test('samples menu, clear, open file and drop file', async () => {
    let before = await renderedResult(page);
    await page.selectOption('#sample-select', 'council');
    await waitForResult(page, before);
    assert.match(await page.inputValue('#article'), /^date 2026-06-18 KYIV/);

    before = await renderedResult(page);
    await page.click('#clear-btn');
    await waitForResult(page, before);
    assert.equal(await page.inputValue('#article'), '');
    assert.match(await page.textContent('#view'), /Nothing to show yet/);

    before = await renderedResult(page);
    await page.setInputFiles('#file-input', { name: 'story.txt', mimeType: 'text/plain', buffer: Buffer.from('From a file: Ana Lima.') });
    await waitForResult(page, before);
    assert.equal(await page.inputValue('#article'), 'From a file: Ana Lima.');

    before = await renderedResult(page);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Dropped: José Müller.'], 'dropped.txt', { type: 'text/plain' }));
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await waitForResult(page, before);
    assert.equal(await page.inputValue('#article'), 'Dropped: José Müller.');
    assert.equal(await page.locator('#drop-overlay').isHidden(), true);
    await annotate(page, ARTICLE);
  });
});

describe('safety', () => {
  test('pasted markup stays inert, visible text, in the page and in the exported HTML', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\n\n“<b>Bold</b> <svg onload=alert(1)>,” said Ana Lima. <a href="javascript:alert(1)">link</a> & &amp;';
    await annotate(page, hostile);
    const result = await page.evaluate(() => ({
      pwned: window.__pwned,
      elements: [...document.querySelectorAll('#view *')].map((e) => e.tagName.toLowerCase()),
      text: document.getElementById('view').textContent,
    }));
    assert.equal(result.pwned, undefined);
    assert.deepEqual([...new Set(result.elements)].sort(), ['div', 'mark', 'p', 'span']);
    assert.equal(result.text, hostile.replace('\n\n', ''));
    assert.ok(!server.requests.some((r) => r === '/x'), 'the img never loaded');

    const { path } = await downloadFrom(page, '[data-export="html"]');
    const viewer = await context.newPage();
    await viewer.goto(pathToFileURL(path).href);
    const exported = await viewer.evaluate(() => ({
      pwned: window.__pwned,
      tags: [...document.querySelectorAll('article *')].map((e) => e.tagName.toLowerCase()),
      text: document.querySelector('article').textContent,
    }));
    assert.equal(exported.pwned, undefined);
    assert.deepEqual([...new Set(exported.tags)].sort(), ['div', 'mark', 'p', 'span']);
    assert.equal(exported.text, hostile.replace('\n\n', ''));
    await viewer.close();
    await annotate(page, ARTICLE);
  });

  test('emoji and accented text are highlighted exactly', async () => {
    const texts = await highlightTexts(page, '[data-id]');
    assert.equal(texts.e12, 'Zoë 😀 Ng');
    assert.equal(texts.e6, 'José Müller');
    assert.equal(texts.e3, '€5 million');
  });

  test('the page has no inline script or style and keeps a strict CSP', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /default-src 'self'/);
    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src).length,
      styles: document.querySelectorAll('style').length,
    }));
    assert.deepEqual(inline, { scripts: 0, styles: 0 });
    assert.match(csp, /require-trusted-types-for 'script'/);
    const probe = await context.newPage(); // its console error must not count against `page`
    await probe.goto(server.url);
    const refused = await probe.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x>';
        return false;
      } catch (err) {
        return err instanceof TypeError;
      }
    });
    await probe.close();
    assert.ok(refused, 'the browser refuses HTML strings (Trusted Types)');
    const html = await readFile(new URL('../../www/index.html', import.meta.url), 'utf8');
    assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i);
    for (const file of ['app.js', 'worker.js']) {
      const src = await readFile(new URL(`../../www/${file}`, import.meta.url), 'utf8');
      assert.doesNotMatch(src, /innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|eval\(|new Function/, file);
    }
  });

  test('a failing annotator is reported and replaced, and the page carries on', async () => {
    await page.evaluate(() => {
      const area = document.getElementById('article');
      area.value = 'Ana Lima STUB-PANIC';
      document.getElementById('annotate-btn').click();
    });
    await page.waitForFunction(() => /unreachable/.test(document.getElementById('stats').textContent));
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await annotate(page, ARTICLE);
    assert.equal(await page.locator('#view mark.ent').count(), 14);
  });

  test('an annotator that cannot load is reported, not hidden', async () => {
    const broken = await browser.newContext();
    await broken.route('**/pkg/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const p = await broken.newPage();
    await p.goto(server.url);
    await p.waitForFunction(() => /annotator/i.test(document.getElementById('stats').textContent));
    assert.ok((await p.inputValue('#article')).length > 0, 'the text is still there');
    await broken.close();
  });

  test('nonsense spans from the core still render the exact text', async () => {
    const text = 'STUB-GARBAGE Ana and Zoë 😀 went to the “harbour” together, she said.\nA second line.';
    await annotate(page, text);
    const view = await page.evaluate(() => ({
      text: document.getElementById('view').textContent,
      marks: document.querySelectorAll('#view [data-id]').length,
    }));
    assert.equal(view.text, text, 'the one valid paragraph covers it all');
    assert.ok(view.marks > 3, 'the sane parts are drawn');
    await page.hover('#view mark >> nth=0');
    await annotate(page, ARTICLE);
  });

  test('no page errors along the way', () => {
    assert.deepEqual(errors.map(String), []);
  });
});

describe('layout', () => {
  test('fits a phone-width screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(server.url);
    await waitForResult(p, 0);
    const layout = await p.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: innerWidth,
      sidebarBelow: document.querySelector('.sidebar').getBoundingClientRect().top > document.getElementById('view').getBoundingClientRect().bottom - 1,
    }));
    assert.ok(layout.scroll <= layout.width, `page is ${layout.scroll}px wide on a ${layout.width}px screen`);
    assert.ok(layout.sidebarBelow, 'lists move below the article');
    await phone.close();
  });

  test('dark mode follows prefers-color-scheme', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const p = await dark.newPage();
    await p.goto(server.url);
    await waitForResult(p, 0);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `dark background, got ${bg}`);
    await dark.close();
  });
});
