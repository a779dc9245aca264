// Latency and quality of every engine, all in this one page.
//
//   await bench.load(corpus, names)            → { name: { version, load_ms } | { error } }
//   await bench.runList(queries, options)      → { name: [{ ms, reps, count, total, ids }] }
//   await bench.runQuality(items, options)     → { name: [{ ms, reps, count, ids }] }
//
// Each query is run twice first (warm-up; Pagefind fetches its chunks then),
// then in batches: a batch of `minReps` calls, grown until it lasts at least
// `minMs`, and the figure is the batch time divided by its calls, so the 5 µs
// timer resolution hides nothing.
import { openEngine } from './engines.js';

const now = () => performance.now();
const engines = {};

async function timeOne(e, q, { limit = 10, minReps = 20, minMs = 2, maxReps = 5000 }) {
  let result;
  if (e.async) {
    result = await e.search(q, limit);
    result = await e.search(q, limit);
  } else {
    result = e.search(q, limit);
    result = e.search(q, limit);
  }
  let reps = Math.max(1, minReps);
  let elapsed = 0;
  for (;;) {
    const t0 = now();
    if (e.async) for (let i = 0; i < reps; i++) await e.search(q, limit);
    else for (let i = 0; i < reps; i++) e.search(q, limit);
    elapsed = now() - t0;
    if (elapsed >= minMs || reps >= maxReps) break;
    const want = Math.ceil((reps * minMs * 1.25) / Math.max(elapsed, 0.005));
    reps = Math.min(maxReps, Math.max(reps * 2, want));
  }
  const ids = e.ids(result);
  return { ms: elapsed / reps, reps, count: e.count(result), total: e.total(result), ids: ids ? ids.slice(0, limit) : null };
}

async function run(queries, options) {
  const out = {};
  for (const name of Object.keys(engines)) {
    const e = engines[name];
    const opts = { ...options, ...(options.per?.[name] || {}) };
    // Warm-up: every query of the list a few times, so the JIT and caches are warm for the first one timed.
    for (let round = 0; round < (opts.warmRounds ?? 3); round++) {
      for (const q of queries) {
        try {
          if (e.async) await e.search(q, opts.limit ?? 10);
          else e.search(q, opts.limit ?? 10);
        } catch {
          // reported by the timed run
        }
      }
    }
    const rows = [];
    for (const q of queries) {
      try {
        rows.push(await timeOne(e, q, opts));
      } catch (error) {
        rows.push({ error: String(error) });
      }
    }
    out[name] = rows;
  }
  return out;
}

window.bench = {
  isolated: crossOriginIsolated,
  async load(corpus, names) {
    const info = {};
    for (const name of names) {
      const t0 = now();
      try {
        engines[name] = await openEngine(name, corpus);
        info[name] = { version: engines[name].version, docs: engines[name].docs, load_ms: now() - t0 };
      } catch (error) {
        info[name] = { error: String(error && error.stack ? error.stack : error) };
      }
    }
    document.getElementById('status').textContent = 'ready';
    return info;
  },
  runList: (queries, options = {}) => run(queries, options),
  runQuality: (queries, options = {}) => run(queries, { minReps: 3, minMs: 1, warmRounds: 1, ...options }),
  /** Timer resolution: the smallest non-zero step of performance.now(). */
  resolution() {
    let best = Infinity;
    for (let i = 0; i < 200; i++) {
      const a = now();
      let b = now();
      while (b === a) b = now();
      best = Math.min(best, b - a);
    }
    return best;
  },
};
