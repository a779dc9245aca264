// The scale measurements' page: load one engine and its index (start-up), then, when the
// harness asks, run one query and render the first page of hits (titles and excerpts).
//
//   scale.html?engine=fihris&corpus=large-1m
//   window.__loaded                → { ms, epoch } once the engine is ready, or { error }
//   await window.__query(q, limit) → { ms, epoch, hits } with the hits in the DOM
import { openEngine, renderHits } from './engines.js';

const params = new URLSearchParams(location.search);
const list = document.getElementById('hits');
let engine;
try {
  engine = await openEngine(params.get('engine'), params.get('corpus'));
  const ms = performance.now();
  window.__loaded = { ms, epoch: performance.timeOrigin + ms };
} catch (error) {
  window.__loaded = { error: String(error && error.stack ? error.stack : error) };
}

window.__query = async (query, limit = 10) => {
  const t0 = performance.now();
  const hits = await engine.first(query, limit);
  renderHits(list, hits);
  const t1 = performance.now();
  return { ms: t1 - t0, epoch: performance.timeOrigin + t1, hits: hits.length };
};
