// newsmark page: the main-thread UI. One named function per feature; the annotation itself runs in
// worker.js. Article text only ever reaches the DOM through createTextNode / textContent, and styles
// change through classes or the CSSOM, so the strict Content-Security-Policy holds.

import { SAMPLES } from './samples.js';

/** Entity labels in legend order, with the names people read. */
const LABELS = [
  { id: 'PERSON', plural: 'People' },
  { id: 'ORG', plural: 'Organizations' },
  { id: 'PLACE', plural: 'Places' },
  { id: 'NORP', plural: 'Nationalities and groups' },
  { id: 'EVENT', plural: 'Events' },
  { id: 'DATE', plural: 'Dates' },
  { id: 'TIME', plural: 'Times' },
  { id: 'MONEY', plural: 'Money' },
  { id: 'PERCENT', plural: 'Percentages' },
];
const KINDS = [
  { id: 'direct', name: 'direct quotes', one: 'Direct quote' },
  { id: 'partial', name: 'partial quotes', one: 'Partial quote' },
  { id: 'scare', name: 'scare quotes', one: 'Scare quote (a term, not speech)' },
];
const STORAGE_KEY = 'newsmark:last-article';
const SHARE_PREFIX = 'article=';
/** Entries a panel section shows before a "show all" button, to keep large articles quick. */
const PANEL_PAGE = 40;
/** Quotes shown per speaker before "show more". */
const QUOTES_PER_SPEAKER = 8;

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en');

/** Everything the page knows about the current annotation. */
const state = {
  worker: null,
  ready: false,
  nextId: 1,
  inFlight: null, // id of the request the worker is working on
  queued: null, // text waiting for the worker to be free
  texts: new Map(), // request id -> text
  current: null, // {id, text, groups: Map, quotes: Map, counts, ms, words}
  render: { id: null, queue: [], scheduled: false, fresh: false, done: true, paragraphs: 0, rendered: 0, shownAt: 0, waiters: [] },
  exportWaiters: new Map(),
  selectedGroup: null,
  step: -1,
  failedText: null, // text the annotator failed on, not retried until edited
  lastLength: 0, // length of the last text sent, to pace the debounce without reading the textarea
  debounceTimer: 0,
  saveTimer: 0,
  busyTimer: 0,
};

document.addEventListener('DOMContentLoaded', main);

function main() {
  initLegend();
  initSamples();
  initInput();
  initFileDrop();
  initTooltips();
  initGroupHighlight();
  initKeyboardNavigation();
  initExport();
  initShare();
  initWorker();
  loadInitialArticle();
}

// ---------------------------------------------------------------------------------------------
// Worker and annotation requests

/** Starts the annotation worker and routes its messages. */
function initWorker() {
  try {
    state.worker = new Worker(workerScriptUrl(), { type: 'module' });
  } catch (err) {
    setStats(`This browser cannot run the annotator (${err.message}).`);
    return;
  }
  state.worker.onmessage = (event) => handleWorkerMessage(event.data);
  // Fires when the worker script or the wasm package cannot be loaded at all.
  state.worker.onerror = (event) => {
    setStats(`The annotator could not start${event.message ? ` (${event.message})` : ''}. If you built this page yourself, run \`make wasm\` first.`);
    hideBusy();
  };
}

/** The worker's URL, vouched for by the page's only Trusted Types policy (see the CSP). */
function workerScriptUrl() {
  const url = new URL('./worker.js', import.meta.url).href;
  if (!window.trustedTypes) return url;
  state.workerPolicy ??= window.trustedTypes.createPolicy('newsmark-worker', {
    createScriptURL: (candidate) => {
      if (candidate !== url) throw new TypeError(`refusing script URL ${candidate}`);
      return candidate;
    },
  });
  return state.workerPolicy.createScriptURL(url);
}

function restartWorker() {
  state.worker?.terminate();
  state.worker = null;
  state.ready = false;
  document.documentElement.dataset.ready = 'false';
  state.inFlight = null;
  clearTimeout(state.busyTimer);
  initWorker();
}

function handleWorkerMessage(msg) {
  switch (msg.type) {
    case 'ready':
      state.ready = true;
      $('core-version').textContent = msg.version ? `v${msg.version}` : '';
      document.documentElement.dataset.ready = 'true';
      annotateNow();
      break;
    case 'result':
      handleResult(msg);
      break;
    case 'groups':
      if (msg.id === state.current?.id) for (const g of msg.groups) state.current.groups.set(g.id, g);
      break;
    case 'quotes':
      if (msg.id === state.current?.id) for (const q of msg.quotes) state.current.quotes.set(q.id, q);
      break;
    case 'quote-layout':
      if (msg.id === state.current?.id) state.current.quoteLayout = msg.layout;
      break;
    case 'chunk':
      enqueueChunk(msg);
      break;
    case 'export': {
      const waiter = state.exportWaiters.get(`${msg.id}:${msg.format}`);
      if (waiter) {
        state.exportWaiters.delete(`${msg.id}:${msg.format}`);
        waiter.resolve(msg.data);
      }
      break;
    }
    case 'error':
      if (msg.id != null && msg.id === state.inFlight) {
        // A failed annotation may leave the wasm instance unusable: start a fresh worker, and
        // do not feed it the same text again until it changes.
        state.failedText = state.texts.get(msg.id) ?? null;
        restartWorker();
      }
      for (const [key, waiter] of state.exportWaiters) {
        if (key.startsWith(`${msg.id}:`)) {
          state.exportWaiters.delete(key);
          waiter.reject(new Error(msg.message));
        }
      }
      setStats(msg.message);
      hideBusy();
      break;
  }
}

/** Annotates after a pause in typing; longer articles wait a little longer. */
function scheduleAnnotate() {
  clearTimeout(state.debounceTimer);
  const length = state.lastLength;
  const delay = length < 20000 ? 120 : length < 200000 ? 350 : 700;
  state.debounceTimer = setTimeout(annotateNow, delay);
}

/** Sends the textarea's text to the worker, or queues it while the worker is busy. */
function annotateNow() {
  clearTimeout(state.debounceTimer);
  const text = $('article').value;
  if (!state.worker || !state.ready || text === state.failedText) return;
  if (state.inFlight != null) {
    state.queued = text;
    return;
  }
  sendAnnotate(text);
}

function sendAnnotate(text) {
  const id = state.nextId++;
  state.inFlight = id;
  state.lastLength = text.length;
  state.texts.set(id, text);
  scheduleSave(text);
  clearTimeout(state.busyTimer);
  state.busyTimer = setTimeout(() => showBusy('Annotating…'), 150);
  state.worker.postMessage({ type: 'annotate', id, text });
}

/** Frees the worker slot and sends the text typed meanwhile, if any. */
function finishRequest() {
  state.inFlight = null;
  clearTimeout(state.busyTimer);
  if (state.queued != null) {
    const text = state.queued;
    state.queued = null;
    if (!state.current || text !== state.current.text) sendAnnotate(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Results

/** Takes a result's summary: stats and legend counts; groups, quotes and the article follow in
 *  batches, and the panels are drawn once all has arrived. */
function handleResult(msg) {
  const text = state.texts.get(msg.id) ?? '';
  for (const id of state.texts.keys()) if (id < msg.id) state.texts.delete(id);
  state.current = {
    id: msg.id,
    text,
    ms: msg.ms,
    words: msg.words,
    counts: msg.counts,
    groups: new Map(),
    quotes: new Map(),
  };
  clearSelection();
  hideTooltip();
  const r = state.render;
  r.id = msg.id;
  r.queue = [];
  r.fresh = true;
  r.done = false;
  r.paragraphs = msg.paragraphCount;
  r.rendered = 0;
  $('view').dataset.state = 'rendering';
  renderStats();
  renderLegendCounts(msg.counts);
  finishRequest();
}

function setStats(message) {
  $('stats').textContent = message;
}

/** The stats line: words, entities, quotes and the annotation time. */
function renderStats() {
  const c = state.current;
  const plural = (n, one, many) => `${fmt.format(n)} ${n === 1 ? one : many}`;
  setStats(
    [
      plural(c.words, 'word', 'words'),
      plural(c.counts.entities, 'entity', 'entities'),
      plural(c.counts.quotes, 'quote', 'quotes'),
      `annotated in ${c.ms < 10 ? c.ms.toFixed(1) : fmt.format(Math.round(c.ms))} ms`,
    ].join(' · '),
  );
}

function showBusy(message) {
  $('busy-text').textContent = message;
  $('busy').hidden = false;
}

function hideBusy() {
  $('busy').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Article view, rendered incrementally

function enqueueChunk(msg) {
  if (msg.id !== state.render.id) return;
  state.render.queue.push(msg);
  scheduleRender();
}

function scheduleRender() {
  if (state.render.scheduled) return;
  state.render.scheduled = true;
  requestAnimationFrame(drainRenderQueue);
}

/** Builds queued paragraphs for about one frame's worth of time, then yields to the browser. */
function drainRenderQueue() {
  const r = state.render;
  r.scheduled = false;
  const started = performance.now();
  const view = $('view');
  while (r.queue.length > 0 && performance.now() - started < 6) {
    const chunk = r.queue.shift();
    // One wrapper per chunk: the browser skips laying out and painting wrappers off screen
    // (content-visibility), and has few of them to track.
    const fragment = document.createElement('div');
    fragment.className = 'chunk';
    for (const para of chunk.paragraphs) fragment.appendChild(buildParagraph(state.current.text, para));
    if (r.fresh) {
      // Swap old for new in one step, so typing never flashes an empty view.
      view.replaceChildren(fragment);
      r.fresh = false;
      if (chunk.last && chunk.paragraphs.length === 0) view.replaceChildren(emptyNote());
      setRovingStart(view.querySelector('[data-nav]'));
    } else {
      view.appendChild(fragment);
    }
    r.rendered += chunk.paragraphs.length;
    if (chunk.last) finishRender();
  }
  if (r.queue.length > 0) {
    if (started - r.shownAt > 250) {
      r.shownAt = started;
      showBusy(`Rendering… ${Math.floor((100 * r.rendered) / Math.max(1, r.paragraphs))}%`);
    }
    scheduleRender();
  }
}

/** The article is drawn: the panels follow, each in a task of its own. */
function finishRender() {
  const r = state.render;
  const id = r.id;
  if (!$('view').querySelector('[tabindex="0"]')) setRovingStart($('view').querySelector('[data-nav]'));
  setTimeout(() => {
    if (r.id !== id) return;
    renderGroupsPanel();
    setTimeout(() => {
      if (r.id !== id) return;
      renderQuotesPanel();
      r.done = true;
      $('view').dataset.state = 'done';
      $('view').dataset.result = String(id); // lets tests wait for one particular result
      if (state.inFlight == null) hideBusy();
      for (const resolve of r.waiters.splice(0)) resolve();
    });
  });
}

/** Resolves once the whole current article is in the DOM. */
function renderComplete() {
  return state.render.done ? Promise.resolve() : new Promise((resolve) => state.render.waiters.push(resolve));
}

function emptyNote() {
  const p = document.createElement('p');
  p.className = 'empty-note';
  p.textContent = 'Nothing to show yet: paste or type an article above, or pick a sample.';
  return p;
}

/** Drawing order when spans nest: quotes outside, then speakers and cues, then entities. */
const LAYER = { q: 0, sp: 1, cue: 1, e: 2 };

function layerOrder(a, b) {
  return LAYER[a.k] - LAYER[b.k] || a.start - b.start || b.end - a.end;
}

/**
 * One paragraph as DOM. Spans may nest (an entity in a quote, a quote in a quote) or, rarely,
 * straddle each other: the text is cut at every span boundary, and each piece is wrapped in the
 * chain of spans covering it, reusing open elements where the chain is unchanged and opening a
 * continuation element (data-part="cont") where a span had to be closed early.
 */
function buildParagraph(text, para) {
  const p = document.createElement('p');
  p.className = 'para';
  const spans = para.spans;
  if (spans.length === 0) {
    p.appendChild(document.createTextNode(text.slice(para.start, para.end)));
    return p;
  }
  const cuts = [para.start, para.end];
  for (const s of spans) cuts.push(s.start, s.end);
  cuts.sort((a, b) => a - b);

  const stack = []; // [{span, el}], outermost first
  const opened = new Set();
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i];
    const to = cuts[i + 1];
    if (from === to) continue;
    active = active.filter((s) => s.end > from);
    while (next < spans.length && spans[next].start <= from) {
      if (spans[next].end > from) active.push(spans[next]);
      next++;
    }
    const chain = active.length > 1 ? active.slice().sort(layerOrder) : active;
    let keep = 0;
    while (keep < stack.length && keep < chain.length && stack[keep].span === chain[keep]) keep++;
    stack.length = keep;
    for (let j = keep; j < chain.length; j++) {
      const el = spanElement(chain[j], opened.has(chain[j]));
      opened.add(chain[j]);
      (j === 0 ? p : stack[j - 1].el).appendChild(el);
      stack.push({ span: chain[j], el });
    }
    (stack.length ? stack[stack.length - 1].el : p).appendChild(document.createTextNode(text.slice(from, to)));
  }
  return p;
}

/**
 * The element for one span. Entities and quotes are keyboard stops (data-nav), except their
 * continuation pieces; tabindex is given only when one is focused (setRovingStart), which keeps
 * building a 1 MB article cheap.
 */
function spanElement(span, continuation) {
  let el;
  if (span.k === 'e') {
    el = document.createElement('mark');
    el.className = 'ent';
    el.setAttribute('data-label', span.label);
    if (span.group != null) el.setAttribute('data-group', span.group);
  } else if (span.k === 'q') {
    el = document.createElement('span');
    el.className = 'quote';
    el.setAttribute('data-kind', span.kind);
    if (span.group != null) el.setAttribute('data-speaker-group', span.group);
    if (span.cont != null) el.setAttribute('data-continues', span.cont);
  } else {
    el = document.createElement('span');
    el.className = span.k === 'sp' ? 'speaker' : 'cue';
    el.setAttribute(span.k === 'sp' ? 'data-speaker-of' : 'data-cue-of', span.of.join(' '));
  }
  if (span.id != null) el.setAttribute('data-id', span.id);
  if (continuation) el.setAttribute('data-part', 'cont');
  else if (span.k === 'e' || span.k === 'q') el.setAttribute('data-nav', '');
  return el;
}

// ---------------------------------------------------------------------------------------------
// Legend

/** One aria-pressed toggle per label and per quote kind; pressed means shown. */
function initLegend() {
  const make = (container, key, name, cls) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `toggle ${cls}`;
    button.dataset.toggle = key;
    button.setAttribute('aria-pressed', 'true');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'toggle-name';
    label.textContent = name;
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = '0';
    button.append(swatch, label, ' ', count);
    button.addEventListener('click', () => toggleHighlights(button));
    container.appendChild(button);
  };
  for (const l of LABELS) make($('legend-labels'), l.id, l.id, `label-${l.id}`);
  for (const k of KINDS) make($('legend-kinds'), k.id, k.name, `kind-${k.id}`);
}

/** Hides or shows every highlight of a label or kind with one class on the view. */
function toggleHighlights(button) {
  const shown = button.getAttribute('aria-pressed') !== 'true';
  button.setAttribute('aria-pressed', String(shown));
  $('view').classList.toggle(`hide-${button.dataset.toggle}`, !shown);
}

function renderLegendCounts(counts) {
  for (const button of document.querySelectorAll('.toggle')) {
    const key = button.dataset.toggle;
    const n = counts.labels[key] ?? counts.kinds[key] ?? 0;
    button.querySelector('.count').textContent = fmt.format(n);
    button.classList.toggle('is-empty', n === 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Panels

/** Most prominent first: mentions, then quotes, then the earliest mention. */
function byProminence(a, b) {
  return b.mentionCount - a.mentionCount || b.quoteCount - a.quoteCount || a.order - b.order;
}

/** Groups by label: canonical name, aliases, roles, counts; pressing one steps through its mentions. */
function renderGroupsPanel() {
  const panel = $('groups-panel');
  const groups = [...state.current.groups.values()].map((g, order) => ({ ...g, order }));
  const sections = [];
  for (const label of LABELS) {
    const members = groups.filter((g) => g.label === label.id).sort(byProminence);
    if (members.length === 0) continue;
    sections.push(panelSection({ title: label.plural, label: label.id, items: members, listClass: 'group-list', render: groupItem }));
  }
  if (sections.length === 0) sections.push(panelNote('No people, organizations or places found yet.'));
  panel.replaceChildren(...sections);
}

function groupItem(group) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'group-btn';
  button.dataset.group = group.id;
  button.setAttribute('aria-pressed', 'false');
  const name = document.createElement('span');
  name.className = 'group-name';
  name.textContent = group.name || '(unnamed)';
  const meta = document.createElement('span');
  meta.className = 'group-meta';
  const n = group.mentionCount;
  const q = group.quoteCount;
  meta.textContent = `${n} ${n === 1 ? 'mention' : 'mentions'}${q ? ` · ${q} ${q === 1 ? 'quote' : 'quotes'}` : ''}`;
  button.append(name, ' ', meta);
  if (group.roles.length) button.appendChild(detailLine('group-roles', group.roles.join('; ')));
  if (group.aliases.length) button.appendChild(detailLine('group-aliases', `also: ${group.aliases.join(', ')}`));
  const step = document.createElement('span');
  step.className = 'group-step';
  button.appendChild(step);
  button.addEventListener('click', () => stepThroughGroup(group.id));
  li.appendChild(button);
  return li;
}

function detailLine(cls, text) {
  const span = document.createElement('span');
  span.className = cls;
  span.textContent = text;
  return span;
}

function swatchFor(label) {
  const span = document.createElement('span');
  span.className = `swatch label-${label}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function panelNote(text) {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = text;
  return p;
}

/** Appends the first `page` items and a button that adds (many) more. */
function appendPaged(list, items, build, page = PANEL_PAGE) {
  const add = (from) => {
    const to = Math.min(items.length, from + (from === 0 ? page : PANEL_PAGE * 25));
    for (let i = from; i < to; i++) list.appendChild(build(items[i]));
    if (to < items.length) {
      const li = document.createElement('li');
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'more-btn';
      more.textContent = `Show ${fmt.format(Math.min(items.length - to, PANEL_PAGE * 25))} more`;
      more.addEventListener('click', () => {
        li.remove();
        add(to);
      });
      li.appendChild(more);
      list.appendChild(li);
    }
  };
  add(0);
}

/** Quotes under their speaker, then the unattributed ones, then scare quotes, as the worker
 *  grouped them (quoteSections in worker.js); a multi-paragraph quotation is one entry. */
function renderQuotesPanel() {
  const layout = state.current.quoteLayout ?? { speakers: [], unattributed: [], scare: [] };
  const quotes = state.current.quotes;
  const groups = state.current.groups;
  const toPieces = (ids) => ids.map((id) => quotes.get(id)).filter(Boolean);
  const speakers = layout.speakers.map((sp) => {
    const group = sp.group != null ? groups.get(sp.group) : null;
    return { name: group ? group.name : sp.name, group, items: sp.items };
  });
  const panel = $('quotes-panel');
  panel.replaceChildren();
  // Speakers a page at a time: a long report can have thousands.
  const addSpeakers = (from, where) => {
    const to = Math.min(speakers.length, from + (from === 0 ? PANEL_PAGE : PANEL_PAGE * 2));
    const sections = speakers.slice(from, to).map((sp) => quoteSection(sp.name, sp.items.map(toPieces), sp.group ? sp.group.label : null));
    if (to < speakers.length) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'more-btn';
      const next = Math.min(speakers.length - to, PANEL_PAGE * 2);
      more.textContent = `Show ${fmt.format(next)} more speakers (${fmt.format(speakers.length - to)} not shown)`;
      more.addEventListener('click', () => {
        const anchor = more.nextSibling;
        more.remove();
        addSpeakers(to, anchor);
      });
      sections.push(more);
    }
    for (const section of sections) panel.insertBefore(section, where);
  };
  addSpeakers(0, null);
  if (layout.unattributed.length) panel.appendChild(quoteSection('Unattributed', layout.unattributed.map(toPieces), null, 'unattributed'));
  if (layout.scare.length) panel.appendChild(quoteSection('Scare quotes and titles', layout.scare.map(toPieces), null, 'scare'));
  if (!panel.firstChild) panel.appendChild(panelNote('No quotations found yet.'));
}

function quoteSection(title, items, label, key) {
  return panelSection({ title, label, items, key, listClass: 'quote-list', render: quoteItem, pageSize: QUOTES_PER_SPEAKER });
}

/** A panel section: a heading with the label's swatch and a count, then a paged list. */
function panelSection({ title, label, items, key, listClass, render, pageSize }) {
  const section = document.createElement('section');
  section.className = 'panel-section';
  if (key) section.dataset.section = key;
  const heading = document.createElement('h3');
  if (label) heading.appendChild(swatchFor(label));
  heading.append(`${title} `);
  const count = document.createElement('span');
  count.className = 'count';
  count.textContent = `(${fmt.format(items.length)})`;
  heading.appendChild(count);
  const list = document.createElement('ul');
  list.className = listClass;
  appendPaged(list, items, render, pageSize);
  section.append(heading, list);
  return section;
}

/** One quotation (all its paragraph pieces) as a button that scrolls to it. */
function quoteItem(pieces) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `quote-btn kind-${pieces[0].kind}`;
  button.dataset.quote = pieces[0].id;
  const kind = document.createElement('span');
  kind.className = 'quote-kind';
  kind.textContent = pieces[0].kind;
  const text = document.createElement('span');
  text.className = 'quote-text';
  const joined = pieces.map((q) => q.text).join(' ¶ ');
  text.textContent = joined.length > 220 ? `${joined.slice(0, 219)}…` : joined;
  button.append(kind, ' ', text);
  button.addEventListener('click', () => goToQuote(pieces[0].id));
  li.appendChild(button);
  return li;
}

/** Scrolls to a quote, focuses it and flashes it. */
function goToQuote(id) {
  const el = $('view').querySelector(`.quote[data-id="${CSS.escape(id)}"][data-nav]`);
  if (!el) return;
  focusInView(el);
  flash(el);
}

/** Pressing a group: the first press highlights all its mentions and quotes, each press moves to
 *  the next mention. */
function stepThroughGroup(id) {
  const mentions = [...$('view').querySelectorAll(`.ent[data-group="${CSS.escape(id)}"][data-nav]`)];
  if (state.selectedGroup !== id) {
    selectGroup(id);
    state.step = 0;
  } else {
    state.step = mentions.length ? (state.step + 1) % mentions.length : -1;
  }
  const button = $('groups-panel').querySelector(`.group-btn[data-group="${CSS.escape(id)}"]`);
  if (mentions.length === 0) return;
  const target = mentions[state.step];
  for (const el of $('view').querySelectorAll('.is-current')) el.classList.remove('is-current');
  target.classList.add('is-current');
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  const stepText = `Mention ${state.step + 1} of ${mentions.length}`;
  if (button) button.querySelector('.group-step').textContent = stepText;
  announce(`${state.current.groups.get(id)?.name ?? ''}: ${stepText}`);
}

function announce(text) {
  $('announcer').textContent = text;
}

// ---------------------------------------------------------------------------------------------
// Group highlighting: hovering a mention lights up its group; clicking pins it.

function initGroupHighlight() {
  const view = $('view');
  let hovered = null;
  view.addEventListener('mouseover', (event) => {
    const ent = event.target.closest?.('.ent');
    const quote = event.target.closest?.('.quote');
    const key = ent ? `g:${ent.dataset.group}` : quote ? `q:${quote.dataset.id}` : null;
    if (key === hovered) return;
    hovered = key;
    clearMarks('is-related');
    clearMarks('is-linked');
    if (ent && ent.dataset.group) markGroup(ent.dataset.group, 'is-related');
    if (quote) linkSpeaker(quote.dataset.id);
  });
  view.addEventListener('mouseleave', () => {
    hovered = null;
    clearMarks('is-related');
    clearMarks('is-linked');
  });
  view.addEventListener('click', (event) => {
    const ent = event.target.closest?.('.ent');
    const quote = event.target.closest?.('.quote');
    if (ent && ent.dataset.group) {
      if (state.selectedGroup === ent.dataset.group) clearSelection();
      else selectGroup(ent.dataset.group);
    } else if (quote && !window.getSelection()?.toString()) {
      goToSpeaker(quote);
    }
  });
}

/** Moves focus to the mention that says a quote, when the core found one. */
function goToSpeaker(quote) {
  const speaker = $('view').querySelector(`.speaker[data-speaker-of~="${CSS.escape(quote.dataset.id)}"]`);
  if (!speaker) return false;
  speaker.tabIndex = -1; // focusable from script, not a tab stop
  speaker.focus({ preventScroll: true });
  speaker.scrollIntoView({ block: 'nearest' });
  speaker.classList.add('is-linked');
  flash(speaker);
  return true;
}

/** Adds `cls` to every mention of a group and every quote it speaks. */
function markGroup(id, cls) {
  const sel = CSS.escape(id);
  for (const el of $('view').querySelectorAll(`[data-group="${sel}"], .quote[data-speaker-group="${sel}"]`)) el.classList.add(cls);
}

/** Shows where a quote's speaker and cue are. */
function linkSpeaker(quoteId) {
  const sel = CSS.escape(quoteId);
  for (const el of $('view').querySelectorAll(`[data-speaker-of~="${sel}"], [data-cue-of~="${sel}"]`)) el.classList.add('is-linked');
}

function clearMarks(cls) {
  for (const el of $('view').querySelectorAll(`.${cls}`)) el.classList.remove(cls);
}

function selectGroup(id) {
  clearSelection();
  state.selectedGroup = id;
  state.step = -1;
  $('view').classList.add('has-selection');
  markGroup(id, 'is-selected');
  for (const b of document.querySelectorAll('.group-btn')) b.setAttribute('aria-pressed', String(b.dataset.group === id));
}

function clearSelection() {
  state.selectedGroup = null;
  state.step = -1;
  $('view').classList.remove('has-selection');
  clearMarks('is-selected');
  clearMarks('is-current');
  for (const b of document.querySelectorAll('.group-btn[aria-pressed="true"]')) {
    b.setAttribute('aria-pressed', 'false');
    b.querySelector('.group-step').textContent = '';
  }
}

function flash(el) {
  el.classList.remove('is-flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('is-flash');
  setTimeout(() => el.classList.remove('is-flash'), 1600);
}

// ---------------------------------------------------------------------------------------------
// Tooltips (hover and keyboard focus)

function initTooltips() {
  const view = $('view');
  view.addEventListener('mouseover', (event) => {
    const target = event.target.closest?.(TIP_TARGETS);
    if (target) showTooltip(target, event.target);
  });
  view.addEventListener('mouseout', (event) => {
    if (!event.relatedTarget || !view.contains(event.relatedTarget) || !event.relatedTarget.closest(TIP_TARGETS)) hideTooltip();
  });
  view.addEventListener('focusin', (event) => {
    const target = event.target.closest?.(TIP_TARGETS);
    if (target) showTooltip(target, event.target);
    else hideTooltip();
  });
  view.addEventListener('focusout', hideTooltip);
  window.addEventListener('scroll', hideTooltip, { passive: true });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      hideTooltip();
      clearSelection();
    }
  });
}

/** Fills the tooltip for the element under the pointer or focus: the entity, and the quote it sits in. */
function showTooltip(anchor, origin) {
  const tip = $('tooltip');
  const ent = origin.closest('.ent');
  const quote = origin.closest('.quote');
  const speaker = origin.closest('.speaker');
  const lines = [];
  if (ent) lines.push(...entityLines(ent));
  if (speaker) lines.push(speakerLine(speaker));
  if (quote) lines.push(...quoteLines(quote));
  if (lines.length === 0) return hideTooltip();
  tip.replaceChildren(...lines);
  tip.hidden = false;
  anchor.setAttribute('aria-describedby', 'tooltip');
  positionTooltip(tip, anchor);
}

function hideTooltip() {
  const tip = $('tooltip');
  if (tip.hidden) return;
  tip.hidden = true;
  for (const el of $('view').querySelectorAll('[aria-describedby="tooltip"]')) el.removeAttribute('aria-describedby');
}

/** Label, group name, roles and aliases of an entity, as tooltip lines. `textOf` gives the
 *  mention's whole text (it may be split in pieces) when the group has no name of its own. */
function entityLines(el, textOf = entityText) {
  const group = state.current?.groups.get(el.dataset.group);
  const lines = [tipLine(el.dataset.label, group && !group.synthetic ? group.name : textOf(el), `tip-title label-${el.dataset.label}`)];
  if (group?.roles.length) lines.push(tipLine('Role', group.roles.join('; ')));
  if (group?.aliases.length) lines.push(tipLine('Also', group.aliases.join(', ')));
  if (group) {
    const n = group.mentionCount;
    const q = group.quoteCount;
    lines.push(tipLine('Mentions', `${n}${q ? ` · ${q} ${q === 1 ? 'quote' : 'quotes'}` : ''}`));
  }
  return lines;
}

/** Elements that have a tooltip. */
const TIP_TARGETS = '.ent, .quote, .speaker';

/** What a speaker mention says: how many quotes, and whom it stands for when it is a pronoun. */
function speakerLine(el) {
  const ids = (el.dataset.speakerOf || '').split(' ').filter(Boolean);
  const q = state.current?.quotes.get(ids[0]);
  const group = q?.speaker_group != null ? state.current.groups.get(q.speaker_group) : null;
  const who = group && group.name !== el.textContent ? ` → ${group.name}` : '';
  return tipLine('Speaker', `of ${ids.length} ${ids.length === 1 ? 'quote' : 'quotes'}${who}`, 'tip-title tip-speaker');
}

/** Kind, speaker (the mention and whom it resolves to) and cue of a quote, as tooltip lines. */
function quoteLines(el) {
  const q = state.current?.quotes.get(el.dataset.id);
  const kind = KINDS.find((k) => k.id === el.dataset.kind);
  const lines = [tipLine(kind ? kind.one : 'Quote', '', 'tip-title tip-quote')];
  if (!q) return lines;
  const group = q.speaker_group != null ? state.current.groups.get(q.speaker_group) : null;
  let speaker = 'unattributed';
  if (q.speaker && group && group.name && group.name !== q.speaker.text) speaker = `${q.speaker.text} → ${group.name}`;
  else if (q.speaker) speaker = q.speaker.text;
  else if (group) speaker = group.name;
  if (q.kind !== 'scare' || q.speaker) lines.push(tipLine('Speaker', speaker));
  if (group?.roles.length) lines.push(tipLine('Role', group.roles[0]));
  if (q.cue) lines.push(tipLine('Cue', q.cue.text));
  if (q.continues) lines.push(tipLine('Continues', 'from the previous paragraph'));
  return lines;
}

function tipLine(name, value, cls = 'tip-line') {
  const div = document.createElement('div');
  div.className = cls;
  const strong = document.createElement('strong');
  strong.textContent = name;
  div.appendChild(strong);
  if (value) div.append(' ', value);
  return div;
}

/** All the text of an element, including its continuation pieces. */
function entityText(el) {
  const id = el.dataset.id;
  return [...$('view').querySelectorAll(`[data-id="${CSS.escape(id)}"]`)].map((e) => e.textContent).join('');
}

/** Below the anchor's first line box, kept inside the viewport. */
function positionTooltip(tip, anchor) {
  const rect = anchor.getClientRects()[0] || anchor.getBoundingClientRect();
  const tipRect = tip.getBoundingClientRect();
  const margin = 8;
  let left = Math.min(rect.left, window.innerWidth - tipRect.width - margin);
  left = Math.max(margin, left);
  let top = rect.bottom + 6;
  if (top + tipRect.height > window.innerHeight - margin) top = Math.max(margin, rect.top - tipRect.height - 6);
  tip.style.left = `${Math.round(left)}px`;
  tip.style.top = `${Math.round(top)}px`;
}

// ---------------------------------------------------------------------------------------------
// Keyboard navigation in the article: one tab stop, arrows between highlights

function initKeyboardNavigation() {
  const view = $('view');
  view.addEventListener('keydown', (event) => {
    const current = event.target.closest?.('[data-nav]');
    if (!current && !event.target.classList?.contains('speaker')) return;
    const all = () => [...view.querySelectorAll('[data-nav]')];
    let target = null;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      const list = all();
      target = list[list.indexOf(current) + 1];
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      const list = all();
      target = list[list.indexOf(current) - 1];
    } else if (event.key === 'Home') target = view.querySelector('[data-nav]');
    else if (event.key === 'End') target = all().pop();
    else if ((event.key === 'Enter' || event.key === ' ') && current?.classList.contains('quote')) {
      if (goToSpeaker(current)) event.preventDefault();
      return;
    } else if ((event.key === 'Enter' || event.key === ' ') && current?.classList.contains('ent') && current.dataset.group) {
      event.preventDefault();
      if (state.selectedGroup === current.dataset.group) clearSelection();
      else selectGroup(current.dataset.group);
      return;
    } else return;
    event.preventDefault();
    if (target) focusInView(target);
  });
}

/** Makes `el` the article's single tab stop. */
function setRovingStart(el) {
  for (const old of $('view').querySelectorAll('[data-nav][tabindex="0"]')) old.tabIndex = -1;
  if (el) el.tabIndex = 0;
}

function focusInView(el) {
  setRovingStart(el);
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
  const rect = el.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) el.scrollIntoView({ block: 'center' });
  showTooltip(el, el);
}

// ---------------------------------------------------------------------------------------------
// Input: typing, the Annotate button, samples, clear, file open and drag-and-drop

function initInput() {
  const area = $('article');
  // No reading of the value here: for a 1 MB textarea that alone takes tens of milliseconds.
  area.addEventListener('input', scheduleAnnotate);
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      annotateNow();
    }
  });
  $('annotate-btn').addEventListener('click', annotateNow);
  $('clear-btn').addEventListener('click', () => {
    setArticle('');
    area.focus();
  });
}

/** Replaces the article text, saves it and annotates it now. */
function setArticle(text) {
  $('article').value = text;
  annotateNow();
}

function initSamples() {
  const select = $('sample-select');
  for (const s of SAMPLES) {
    const option = document.createElement('option');
    option.value = s.id;
    option.textContent = s.title;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    const sample = SAMPLES.find((s) => s.id === select.value);
    if (sample) setArticle(sample.text);
    select.value = '';
  });
}

/** Opens a .txt file from the file picker or dropped anywhere on the page. */
function initFileDrop() {
  const input = $('file-input');
  input.addEventListener('change', () => {
    if (input.files && input.files[0]) readTextFile(input.files[0]);
    input.value = '';
  });
  const overlay = $('drop-overlay');
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (event) => {
    if (hasFiles(event)) event.preventDefault();
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = event.dataTransfer.files[0];
    if (file) readTextFile(file);
  });
}

async function readTextFile(file) {
  const looksText = file.type === '' || file.type.startsWith('text/') || /\.(txt|text|md)$/i.test(file.name);
  if (!looksText) {
    setStats(`“${file.name}” is not a text file; open a .txt file.`);
    return;
  }
  try {
    setArticle(await file.text());
  } catch (err) {
    setStats(`Could not read “${file.name}”: ${err.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: the last article survives a reload; private modes without storage just skip it.

function storage() {
  try {
    const s = window.localStorage;
    return s || null;
  } catch {
    return null;
  }
}

/** Saves in a task of its own, after the annotation request is on its way. */
function scheduleSave(text) {
  clearTimeout(state.saveTimer);
  state.saveTimer = setTimeout(() => saveLastArticle(text), 50);
}

function saveLastArticle(text) {
  clearTimeout(state.saveTimer);
  const s = storage();
  if (!s) return;
  try {
    if (text) s.setItem(STORAGE_KEY, text);
    else s.removeItem(STORAGE_KEY);
  } catch {
    // Quota exceeded or storage disabled: the article simply is not remembered.
  }
}

function loadLastArticle() {
  try {
    return storage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The article from a share link first, else the last one, else the first sample. */
async function loadInitialArticle() {
  const fromLink = await articleFromFragment();
  if (fromLink != null) {
    $('article').value = fromLink;
    forgetFragment();
  } else {
    const last = loadLastArticle();
    $('article').value = last ?? SAMPLES[0].text;
  }
  annotateNow();
}

// ---------------------------------------------------------------------------------------------
// Share links: the article, deflated and base64url-encoded, in the URL fragment (never sent to
// any server).

function initShare() {
  $('share-btn').addEventListener('click', shareLink);
  window.addEventListener('hashchange', async () => {
    const text = await articleFromFragment();
    if (text != null) {
      setArticle(text);
      forgetFragment();
    }
  });
}

/** Once loaded, the article leaves the address bar, so a reload keeps later edits (saved locally). */
function forgetFragment() {
  try {
    history.replaceState(null, '', location.pathname + location.search);
  } catch {
    // Some sandboxed frames refuse; the link then simply stays.
  }
}

async function shareLink() {
  const text = $('article').value;
  try {
    const url = `${location.origin}${location.pathname}#${SHARE_PREFIX}${await compressText(text)}`;
    const box = $('share-box');
    box.hidden = false;
    const input = $('share-url');
    input.value = url;
    input.focus();
    input.select();
    const copied = await copyText(url);
    $('export-status').textContent = url.length > 1_900_000
      ? 'This article is too long for a link most browsers accept; export the HTML instead.'
      : copied ? 'Share link copied to the clipboard.' : 'Share link ready: copy it from the box above.';
  } catch (err) {
    $('export-status').textContent = `Could not make a link: ${err.message}`;
  }
}

/** The article in the fragment, or null when there is none or it is unreadable. */
async function articleFromFragment() {
  const hash = location.hash.slice(1);
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  try {
    return await decompressText(hash.slice(SHARE_PREFIX.length));
  } catch {
    setStats('The article in this link could not be read (it may be cut short).');
    return null;
  }
}

async function compressText(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return base64UrlEncode(new Uint8Array(await new Response(stream).arrayBuffer()));
}

async function decompressText(encoded) {
  const stream = new Blob([base64UrlDecode(encoded)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

function base64UrlEncode(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Exports

function initExport() {
  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', () => runExport(button.dataset.export));
  }
}

async function runExport(kind) {
  const status = $('export-status');
  if (!state.current) {
    status.textContent = 'Nothing annotated yet.';
    return;
  }
  try {
    if (kind === 'json') downloadFile('newsmark-annotation.json', 'application/json', await exportFromWorker('json'));
    else if (kind === 'entities-csv') downloadFile('newsmark-entities.csv', 'text/csv', await exportFromWorker('entities-csv'));
    else if (kind === 'quotes-csv') downloadFile('newsmark-quotes.csv', 'text/csv', await exportFromWorker('quotes-csv'));
    else if (kind === 'html') downloadFile('newsmark-article.html', 'text/html', await highlightedHtml());
    else if (kind === 'copy') {
      const copied = await copyText(await exportFromWorker('json'));
      status.textContent = copied ? 'Annotation JSON copied to the clipboard.' : 'The clipboard is not available here; use the JSON download.';
      return;
    }
    status.textContent = 'Download started.';
  } catch (err) {
    status.textContent = `Export failed: ${err.message}`;
  }
}

/** Asks the worker for an export of the annotation currently shown. */
function exportFromWorker(format) {
  const id = state.current.id;
  return new Promise((resolve, reject) => {
    state.exportWaiters.set(`${id}:${format}`, { resolve, reject });
    state.worker.postMessage({ type: 'export', id, format });
  });
}

function downloadFile(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A self-contained HTML file of the article as shown: the page's stylesheet inlined, the
 * highlights with their tooltips as title attributes, no script at all. Built as a DOM document
 * and serialized, so the article text is escaped by the serializer, never by hand.
 */
async function highlightedHtml() {
  await renderComplete();
  const doc = document.implementation.createHTMLDocument('newsmark annotation');
  doc.documentElement.lang = 'en';
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const csp = doc.createElement('meta');
  csp.httpEquiv = 'Content-Security-Policy';
  csp.content = "default-src 'none'; style-src 'unsafe-inline'";
  const viewport = doc.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  doc.head.prepend(charset, csp, viewport);

  const main = doc.createElement('main');
  main.className = 'export';
  const h1 = doc.createElement('h1');
  h1.textContent = 'Annotated with newsmark';
  const stats = doc.createElement('p');
  stats.className = 'stats';
  stats.textContent = $('stats').textContent;
  const legend = doc.createElement('p');
  legend.className = 'legend export-legend';
  for (const l of LABELS) {
    const mark = doc.createElement('mark');
    mark.className = 'ent';
    mark.dataset.label = l.id;
    mark.textContent = l.plural;
    legend.append(mark, ' ');
  }
  for (const k of KINDS) {
    const span = doc.createElement('span');
    span.className = 'quote';
    span.dataset.kind = k.id;
    span.textContent = k.name;
    legend.append(span, ' ');
  }
  const article = doc.importNode($('view'), true);
  article.removeAttribute('id');
  article.removeAttribute('tabindex');
  article.classList.remove('has-selection');
  for (const el of article.querySelectorAll('[tabindex], .is-related, .is-linked, .is-selected, .is-current, .is-flash, [aria-describedby]')) {
    el.removeAttribute('tabindex');
    el.removeAttribute('aria-describedby');
    el.classList.remove('is-related', 'is-linked', 'is-selected', 'is-current', 'is-flash');
  }
  const live = [...$('view').querySelectorAll('.ent, .quote')];
  const copies = [...article.querySelectorAll('.ent, .quote')];
  const textById = new Map(); // one pass, instead of a search per mention
  for (const el of live) textById.set(el.dataset.id, (textById.get(el.dataset.id) ?? '') + el.textContent);
  const textOf = (el) => textById.get(el.dataset.id) ?? el.textContent;
  copies.forEach((el, i) => {
    const lines = live[i].classList.contains('ent') ? entityLines(live[i], textOf) : quoteLines(live[i]);
    el.title = lines.map((line) => line.textContent).join('\n');
  });
  main.append(h1, stats, legend, article);
  doc.body.appendChild(main);
  // The stylesheet is spliced in as text: a <style> element built in this document would be
  // refused by the page's own CSP. It is our CSS, never article text; "</" is escaped anyway.
  const css = pageCss().replace(/<\//g, '<\\/');
  const html = doc.documentElement.outerHTML.replace('</head>', `<style>\n${css}\n</style></head>`);
  return `<!doctype html>\n${html}\n`;
}

/** The page's own stylesheet text, read from the CSSOM (no network request). */
function pageCss() {
  const rules = [];
  for (const sheet of document.styleSheets) {
    try {
      for (const rule of sheet.cssRules) rules.push(rule.cssText);
    } catch {
      // A sheet from elsewhere cannot be read; the page has none.
    }
  }
  return rules.join('\n');
}
