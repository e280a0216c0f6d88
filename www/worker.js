// The annotation worker: loads the wasm core off the main thread, annotates, and sends the page
// a render plan in small chunks so that even a 1 MB article never blocks the UI. The full
// annotation stays here; exports ask for it by request id.
//
// Protocol (all messages are plain objects):
//   page → worker  {type:'annotate', id, text}
//                  {type:'export', id, format: 'json' | 'entities-csv' | 'quotes-csv'}
//   worker → page  {type:'ready', version}
//                  {type:'result', id, ms, words, counts, paragraphCount}, then
//                  {type:'groups', id, groups} and {type:'quotes', id, quotes} in batches, then
//                  {type:'quote-layout', id, layout} (the quotes panel, by speaker), then
//                  {type:'chunk', id, paragraphs: [{start, end, spans}], last} until last
//                  {type:'export', id, format, data}
//                  {type:'error', id, message}

import init, * as core from './pkg/newsmark.js';

/** Characters of text per render chunk: small enough to build in one animation frame. */
const CHUNK_CHARS = 12000;
/** Spans per render chunk, for entity-dense text. */
const CHUNK_SPANS = 200;
/** Group or quote summaries per message. */
const SUMMARY_BATCH = 500;
const LABELS = ['PERSON', 'ORG', 'PLACE', 'NORP', 'EVENT', 'DATE', 'TIME', 'MONEY', 'PERCENT'];
const KINDS = ['direct', 'partial', 'scare'];

/** The last annotation, for exports: {id, text, raw (as the core gave it), annotation (normalized)}. */
let last = null;

const ready = init()
  .then(() => {
    self.postMessage({ type: 'ready', version: typeof core.version === 'function' ? core.version() : '' });
  })
  .catch((err) => {
    self.postMessage({ type: 'error', id: null, message: `The annotator could not load: ${err && err.message ? err.message : err}` });
    throw err;
  });
ready.catch(() => {}); // reported above; messages that arrive later are dropped

self.onmessage = async (event) => {
  const msg = event.data || {};
  try {
    await ready;
  } catch {
    return;
  }
  try {
    if (msg.type === 'annotate') handleAnnotate(msg.id, String(msg.text ?? ''));
    else if (msg.type === 'export') handleExport(msg.id, msg.format);
  } catch (err) {
    self.postMessage({ type: 'error', id: msg.id, message: String(err && err.message ? err.message : err) });
  }
};

/** Annotates, keeps the result for exports, and streams the render plan to the page. */
function handleAnnotate(id, text) {
  const t0 = performance.now();
  const raw = core.annotate(text);
  const ms = performance.now() - t0;
  const annotation = normalizeAnnotation(raw, text);
  last = { id, text, raw, annotation };

  const counts = countByLabelAndKind(annotation);
  self.postMessage({
    type: 'result',
    id,
    ms,
    words: countWords(text),
    counts,
    paragraphCount: annotation.paragraphs.length,
  });
  // Batches keep each message quick to receive on the page's thread.
  for (let i = 0; i < annotation.groups.length; i += SUMMARY_BATCH) {
    self.postMessage({ type: 'groups', id, groups: annotation.groups.slice(i, i + SUMMARY_BATCH).map(groupSummary) });
  }
  for (let i = 0; i < annotation.quotes.length; i += SUMMARY_BATCH) {
    self.postMessage({ type: 'quotes', id, quotes: annotation.quotes.slice(i, i + SUMMARY_BATCH).map(quoteSummary) });
  }
  self.postMessage({ type: 'quote-layout', id, layout: quoteSections(annotation) });
  for (const chunk of planChunks(annotation)) {
    self.postMessage({ type: 'chunk', id, paragraphs: chunk.paragraphs, last: chunk.last });
  }
}

/** What the page needs of a group (its lists of ids stay here: the page finds mentions in the DOM). */
function groupSummary(g) {
  return {
    id: g.id, label: g.label, name: g.name, aliases: g.aliases, roles: g.roles,
    mentionCount: g.mentions.length, quoteCount: g.quotes.length, synthetic: Boolean(g.synthetic),
  };
}

/** What the page needs of a quote for tooltips and the quotes panel; long text is cut short. */
function quoteSummary(q) {
  return {
    id: q.id, kind: q.kind, text: shorten(q.text, 240),
    speaker: q.speaker ? { text: shorten(q.speaker.text, 120) } : null, speaker_group: q.speaker_group,
    cue: q.cue ? { text: shorten(q.cue.text, 60) } : null, continues: q.continues,
  };
}

/** At most `max` UTF-16 units, never cutting a surrogate pair. */
function shorten(text, max) {
  if (text.length <= max) return text;
  let end = max - 1;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Builds an export of the last annotation (when it is still the one the page shows). */
function handleExport(id, format) {
  if (!last || last.id !== id) {
    self.postMessage({ type: 'error', id, message: 'That annotation is out of date; annotate again.' });
    return;
  }
  let data;
  if (format === 'json') data = JSON.stringify(last.raw, null, 2);
  else if (format === 'entities-csv') data = entitiesCsv(last.annotation);
  else if (format === 'quotes-csv') data = quotesCsv(last.annotation);
  else throw new Error(`unknown export format ${format}`);
  self.postMessage({ type: 'export', id, format, data });
}

// ---------------------------------------------------------------------------------------------
// Normalizing: the page must render whatever the core gives (empty lists while a stage is still
// being written, spans out of order or out of range), so everything is checked once here.

/** Returns a sanitized copy: valid sorted spans, paragraphs covering the text, a group per entity. */
function normalizeAnnotation(raw, text) {
  const n = text.length;
  const validSpan = (s) => s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= n && s.start < s.end;
  const byStart = (a, b) => a.start - b.start || b.end - a.end;

  let paragraphs = (Array.isArray(raw.paragraphs) ? raw.paragraphs : []).filter(validSpan).sort(byStart);
  if (paragraphs.length === 0 && n > 0) paragraphs = splitLines(text);

  const entities = (Array.isArray(raw.entities) ? raw.entities : [])
    .filter((e) => validSpan(e) && LABELS.includes(e.label))
    .map((e, i) => ({
      id: String(e.id ?? `e${i}`),
      start: e.start,
      end: e.end,
      text: text.slice(e.start, e.end),
      label: e.label,
      group: e.group == null ? null : String(e.group),
      title: validSpan(e.title) ? { start: e.title.start, end: e.title.end, text: text.slice(e.title.start, e.title.end) } : null,
    }))
    .sort(byStart);

  const quotes = (Array.isArray(raw.quotes) ? raw.quotes : [])
    .filter((q) => validSpan(q))
    .map((q, i) => ({
      id: String(q.id ?? `q${i}`),
      start: q.start,
      end: q.end,
      text: text.slice(q.start, q.end),
      kind: KINDS.includes(q.kind) ? q.kind : 'direct',
      speaker: validSpan(q.speaker) ? { start: q.speaker.start, end: q.speaker.end, text: text.slice(q.speaker.start, q.speaker.end) } : null,
      speaker_group: q.speaker_group == null ? null : String(q.speaker_group),
      cue: validSpan(q.cue) ? { start: q.cue.start, end: q.cue.end, text: text.slice(q.cue.start, q.cue.end) } : null,
      continues: q.continues == null ? null : String(q.continues),
    }))
    .sort(byStart);

  const groups = (Array.isArray(raw.groups) ? raw.groups : []).map((g) => ({
    id: String(g.id),
    label: LABELS.includes(g.label) ? g.label : 'PERSON',
    name: String(g.name ?? ''),
    aliases: Array.isArray(g.aliases) ? g.aliases.map(String) : [],
    mentions: Array.isArray(g.mentions) ? g.mentions.map(String) : [],
    roles: Array.isArray(g.roles) ? g.roles.map(String) : [],
    quotes: Array.isArray(g.quotes) ? g.quotes.map(String) : [],
  }));
  addMissingGroups(entities, groups, quotes);

  return { version: raw.version ?? 1, offsets: 'utf16', paragraphs, entities, groups, quotes };
}

/**
 * Gives every entity a group, so the panels work before (or without) the core's grouping:
 * ungrouped mentions with the same label and text share a synthetic group `auto-N`. Mentions
 * that name a group the core did not list are added to a synthetic group of that id.
 */
function addMissingGroups(entities, groups, quotes) {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const byKey = new Map();
  for (const e of entities) {
    if (e.group != null && byId.has(e.group)) {
      const g = byId.get(e.group);
      if (!g.mentions.includes(e.id)) g.mentions.push(e.id);
      continue;
    }
    const key = e.group ?? `${e.label}\u0000${e.text.toLowerCase()}`;
    let g = byKey.get(key);
    if (!g) {
      g = { id: e.group ?? `auto-${byKey.size}`, label: e.label, name: e.text, aliases: [], mentions: [], roles: [], quotes: [], synthetic: true };
      byKey.set(key, g);
      byId.set(g.id, g);
      groups.push(g);
    }
    e.group = g.id;
    g.mentions.push(e.id);
    if (e.title && !g.roles.includes(e.title.text)) g.roles.push(e.title.text);
  }
  for (const q of quotes) {
    const g = q.speaker_group != null ? byId.get(q.speaker_group) : null;
    if (g && !g.quotes.includes(q.id)) g.quotes.push(q.id);
  }
}

/** Paragraphs as non-blank lines, when the core gave none. */
function splitLines(text) {
  const out = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let s = start;
      let e = i;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e > s) out.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return out;
}

/** Words as runs of non-space characters, counted without building an array. */
function countWords(text) {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 160 || c === 0x2028 || c === 0x2029 || c === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function countByLabelAndKind(annotation) {
  const labels = Object.fromEntries(LABELS.map((l) => [l, 0]));
  const kinds = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const e of annotation.entities) labels[e.label]++;
  for (const q of annotation.quotes) kinds[q.kind]++;
  return { labels, kinds, entities: annotation.entities.length, quotes: annotation.quotes.length };
}

/**
 * The quotes panel's layout, as quote ids: speech quotes by speaker (the speaker's group, else
 * the speaker's words), most quoted first; then speech quotes without a speaker; then scare
 * quotes. Each entry lists the pieces of one quotation (a multi-paragraph quote is linked by
 * `continues`, each piece naming the one before).
 */
function quoteSections(annotation) {
  const byId = new Map(annotation.quotes.map((q) => [q.id, q]));
  const headOf = new Map();
  const entries = new Map(); // head id -> [pieces]
  for (const q of annotation.quotes) {
    // Pieces come in text order, so the previous piece's head is already known.
    const prev = q.continues != null ? byId.get(q.continues) : null;
    const head = prev && headOf.has(prev.id) ? headOf.get(prev.id) : q.id;
    headOf.set(q.id, head);
    if (!entries.has(head)) entries.set(head, []);
    entries.get(head).push(q);
  }
  const speakers = new Map();
  const unattributed = [];
  const scare = [];
  for (const pieces of entries.values()) {
    const ids = pieces.map((q) => q.id);
    const said = pieces.find((q) => q.speaker || q.speaker_group != null);
    if (pieces[0].kind === 'scare') scare.push(ids);
    else if (!said) unattributed.push(ids);
    else {
      const key = said.speaker_group != null ? `g:${said.speaker_group}` : `t:${said.speaker.text.toLowerCase()}`;
      if (!speakers.has(key)) speakers.set(key, { group: said.speaker_group, name: said.speaker ? said.speaker.text : '', items: [] });
      speakers.get(key).items.push(ids);
    }
  }
  const sorted = [...speakers.values()].sort((a, b) => b.items.length - a.items.length);
  return { speakers: sorted, unattributed, scare };
}

// ---------------------------------------------------------------------------------------------
// Render plan: each paragraph with the spans inside it (clipped to it), in chunks.

/**
 * Yields chunks of paragraphs, each with the spans to draw in it: entities (`e`), quotes (`q`),
 * quote speakers (`sp`) and cues (`cue`). A span crossing a paragraph boundary is cut at it.
 */
function* planChunks(annotation) {
  const spans = [];
  for (const e of annotation.entities) {
    spans.push({ k: 'e', start: e.start, end: e.end, id: e.id, label: e.label, group: e.group });
  }
  for (const q of annotation.quotes) {
    spans.push({ k: 'q', start: q.start, end: q.end, id: q.id, kind: q.kind, group: q.speaker_group, cont: q.continues });
  }
  // One element per distinct speaker or cue span, listing every quote that uses it.
  for (const role of ['speaker', 'cue']) {
    const seen = new Map();
    for (const q of annotation.quotes) {
      const s = q[role];
      if (!s) continue;
      const key = `${s.start}:${s.end}`;
      const existing = seen.get(key);
      if (existing) existing.of.push(q.id);
      else {
        const span = { k: role === 'speaker' ? 'sp' : 'cue', start: s.start, end: s.end, of: [q.id], group: role === 'speaker' ? q.speaker_group : null };
        seen.set(key, span);
        spans.push(span);
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);

  const paragraphs = annotation.paragraphs;
  let chunk = [];
  let chunkChars = 0;
  let chunkSpans = 0;
  // Spans that started in an earlier paragraph and are still open (rare: cut at boundaries).
  let carried = [];
  let next = 0;
  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi];
    const inside = [];
    const stillOpen = [];
    for (const s of carried) {
      if (s.end > p.start && s.start < p.end) inside.push(clip(s, p));
      if (s.end > p.end) stillOpen.push(s);
    }
    while (next < spans.length && spans[next].start < p.end) {
      const s = spans[next++];
      if (s.end <= p.start) continue; // between paragraphs: nothing to draw
      inside.push(clip(s, p));
      if (s.end > p.end) stillOpen.push(s);
    }
    carried = stillOpen;
    chunk.push({ start: p.start, end: p.end, spans: inside });
    chunkChars += p.end - p.start;
    chunkSpans += inside.length;
    if (chunkChars >= CHUNK_CHARS || chunkSpans >= CHUNK_SPANS) {
      yield { paragraphs: chunk, last: pi === paragraphs.length - 1 };
      chunk = [];
      chunkChars = 0;
      chunkSpans = 0;
    }
  }
  if (chunk.length > 0 || paragraphs.length === 0) yield { paragraphs: chunk, last: true };
}

function clip(span, p) {
  if (span.start >= p.start && span.end <= p.end) return span;
  return { ...span, start: Math.max(span.start, p.start), end: Math.min(span.end, p.end), cut: true };
}

// ---------------------------------------------------------------------------------------------
// Exports

/** RFC 4180 field; text that a spreadsheet would run as a formula gets a leading apostrophe. */
function csvField(value) {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRows(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function entitiesCsv(annotation) {
  // Synthetic groups are the page's own convenience, not the core's answer: left out.
  const groups = new Map(annotation.groups.filter((g) => !g.synthetic).map((g) => [g.id, g]));
  return csvRows(
    ['id', 'start', 'end', 'label', 'text', 'group', 'group_name', 'title'],
    annotation.entities.map((e) => {
      const g = groups.get(e.group);
      return [e.id, e.start, e.end, e.label, e.text, g ? g.id : '', g ? g.name : '', e.title?.text ?? ''];
    }),
  );
}

function quotesCsv(annotation) {
  const groups = new Map(annotation.groups.map((g) => [g.id, g]));
  return csvRows(
    ['id', 'start', 'end', 'kind', 'speaker', 'speaker_group', 'speaker_name', 'cue', 'continues', 'text'],
    annotation.quotes.map((q) => [
      q.id, q.start, q.end, q.kind, q.speaker?.text ?? '', q.speaker_group ?? '',
      (q.speaker_group != null && groups.get(q.speaker_group)?.name) || '', q.cue?.text ?? '', q.continues ?? '', q.text,
    ]),
  );
}
