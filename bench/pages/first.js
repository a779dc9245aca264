// A minimal page per engine: load the engine and its index, run one query,
// render the hits. Records the time from navigation to the first rendered hit
// and then says so on the console (`fihris-bench:first`): the harness waits for that
// message instead of polling the page, so that nothing of the harness runs in
// the page while it loads (polling injects Playwright's utility script, a
// main-thread task of tens of ms, into the middle of every engine's start-up).
import { openEngine } from './engines.js';

const params = new URLSearchParams(location.search);
const name = params.get('engine');
const corpus = params.get('corpus');
const query = params.get('q');
const list = document.getElementById('hits');
try {
  const engine = await openEngine(name, corpus);
  const hits = await engine.first(query, 10);
  for (const hit of hits) {
    const li = document.createElement('li');
    const h = document.createElement('h3');
    h.textContent = hit.title;
    const p = document.createElement('p');
    p.textContent = hit.excerpt;
    li.append(h, p);
    list.append(li);
  }
  void list.offsetHeight; // layout done: the hits are on the page
  const ttfr = performance.now();
  window.__first = { ttfr, epoch: performance.timeOrigin + ttfr, hits: hits.length, isolated: crossOriginIsolated };
} catch (error) {
  window.__first = { error: String(error && error.stack ? error.stack : error) };
}
console.log('fihris-bench:first');
