// In-browser measurements of one corpus, in Debian's headless Chromium:
//
//   latency   one page loads every engine, warms up, times each query of the
//             fixed list (bench/queries.mjs) in batches; p50/p99 per engine
//   quality   the known-item set in the same page: rank of a relevant document
//             in each engine's top 10 (MRR@10, success@1) and the time of each query
//   first     per engine, a fresh browser context (cold cache) and a minimal page
//             that loads the engine + index, runs one typical query and renders
//             the hits: bytes and requests from navigation to the first rendered
//             hit (from the server's log of what it sent), time to first result;
//             over HTTP/1.1 and over HTTP/2 (TLS), the loads of the two
//             protocols and of the engines interleaved
//
//   node bench/browser.mjs <corpus> [--engines a,b] [--smoke] [--out FILE] [--site DIR]
//
// Writes bench/work/site/<corpus>/browser.json (or --out).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ROOT, serveBench } from './serve-bench.mjs';
import { KINDS, latencyQueries, qualitySet, readCorpus, typicalQuery } from './queries.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

export const ENGINES = ['fihris', 'pagefind', 'minisearch', 'lunr', 'flexsearch', 'orama'];

const percentile = (xs, p) => {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => percentile(xs, 50);

function log(...args) {
  if (!process.env.BENCH_QUIET) console.log('   ', ...args);
}

/**
 * @param {{ corpus: string, engines?: string[], smoke?: boolean, out?: string, site?: string,
 *   coldRuns?: number, qualityItems?: number }} options
 */
export async function runBrowser({ corpus, engines = ENGINES, smoke = false, out, site, coldRuns, qualityItems }) {
  const siteRoot = resolve(site || join(ROOT, 'bench', 'work', 'site'));
  const requestLog = [];
  const mounts = {
    '/dist/': join(ROOT, 'dist'),
    '/site/': siteRoot,
    '/lib/': join(ROOT, 'bench', 'work', 'lib'),
    '/pages/': join(ROOT, 'bench', 'pages'),
  };
  const server = await serveBench({ log: requestLog, mounts });
  // The same files over HTTP/2, as static hosts serve them, for the cold loads.
  const server2 = await serveBench({ log: requestLog, mounts, http2: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const result = {
    corpus,
    date: new Date().toISOString(),
    browser: browser.version(),
    smoke,
    engines: {},
    queries: [],
    quality: { items: [], kinds: KINDS },
    first: {},
    first_http2: {},
  };
  try {
    // ---- latency + quality, all engines in one page ----
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/pages/bench.html`);
    await page.waitForFunction(() => window.bench);
    const names = engines.flatMap((e) => (e === 'pagefind' ? ['pagefind', 'pagefind+data'] : [e]));
    const info = await page.evaluate(([c, n]) => window.bench.load(c, n), [corpus, names]);
    result.isolated = await page.evaluate(() => window.bench.isolated);
    result.timer_resolution_ms = await page.evaluate(() => window.bench.resolution());
    for (const [name, i] of Object.entries(info)) {
      result.engines[name] = i;
      log(`${name}: ${i.error ? `FAILED ${i.error.split('\n')[0]}` : `${i.version}, loaded in ${i.load_ms.toFixed(0)} ms`}`);
    }
    const live = names.filter((n) => !info[n].error);

    let queries = latencyQueries(corpus);
    if (smoke) queries = queries.filter((_, i) => i % 3 === 0);
    result.queries = queries;
    const lat = await page.evaluate(
      ([qs, o]) => window.bench.runList(qs, o),
      [queries.map((q) => q.query), { minReps: smoke ? 5 : 20, minMs: smoke ? 1 : 2 }],
    );
    result.latency = lat;
    for (const n of live) {
      const ms = lat[n].filter((r) => !r.error).map((r) => r.ms);
      log(`latency ${n}: p50 ${fmt(median(ms))} ms, p99 ${fmt(percentile(ms, 99))} ms, ` +
        `${lat[n].filter((r) => r.count > 0).length}/${queries.length} queries with hits`);
    }

    const docs = readCorpus(corpus);
    const qs = qualitySet(docs, { corpus, n: qualityItems ?? (smoke ? 4 : 320), perDoc: smoke ? 2 : undefined });
    let items = qs.items;
    if (smoke) items = items.slice(0, 24);
    result.quality.items = items;
    result.quality.sampled = smoke ? new Set(items.map((i) => i.doc)).size : qs.sampled;
    result.quality.plain = qs.plain;
    const ranks = Object.fromEntries(live.map((n) => [n, []]));
    const CHUNK = 150;
    for (let at = 0; at < items.length; at += CHUNK) {
      const chunk = items.slice(at, at + CHUNK);
      const r = await page.evaluate(
        ([q, o]) => window.bench.runQuality(q, o),
        [chunk.map((i) => i.query), { per: { 'pagefind+data': { minReps: 1, minMs: 0 } } }],
      );
      for (const n of live) ranks[n].push(...r[n]);
      if (!smoke && at % 600 === 0) log(`quality: ${Math.min(items.length, at + CHUNK)}/${items.length}`);
    }
    result.quality.results = {};
    for (const n of live) {
      result.quality.results[n] = ranks[n].map((r, k) => {
        if (r.error) return { error: r.error };
        const rel = new Set(items[k].relevant);
        const rank = r.ids ? r.ids.findIndex((id) => rel.has(String(id))) + 1 : null;
        return { ms: r.ms, reps: r.reps, count: r.count, rank };
      });
    }
    // Pagefind's search() returns no ids; its ranks are those of search() + data().
    if (result.quality.results.pagefind && result.quality.results['pagefind+data']) {
      result.quality.results.pagefind.forEach((r, k) => {
        r.rank = result.quality.results['pagefind+data'][k].rank;
      });
    }
    result.quality.summary = summarizeQuality(result.quality);
    for (const n of live) {
      const s = result.quality.summary[n];
      log(`quality ${n}: ` + KINDS.filter((k) => s[k]).map((k) => `${k} ${s[k].mrr.toFixed(2)}`).join(', '));
    }
    result.page_errors = errors;
    await context.close();

    // ---- cold page: bytes and time to the first rendered result ----
    const q = typicalQuery(corpus);
    const runs = coldRuns ?? (smoke ? 1 : 7);
    const coldEngines = engines.filter((e) => live.includes(e));
    const protocols = [
      { key: 'first', url: server.url, protocol: 'HTTP/1.1' },
      { key: 'first_http2', url: server2.url, protocol: 'HTTP/2' },
    ];
    const loads = Object.fromEntries(protocols.map((x) => [x.key, Object.fromEntries(coldEngines.map((e) => [e, []]))]));
    for (let run = 0; run < runs; run++) {
      for (const engine of coldEngines) for (const { key, url } of protocols) {
        const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
        const p = await ctx.newPage();
        requestLog.length = 0;
        const t0 = Date.now();
        const first = await openFirst(
          p,
          `${url}/pages/first.html?engine=${encodeURIComponent(engine)}&corpus=${encodeURIComponent(corpus)}&q=${encodeURIComponent(q)}`,
          120000,
        );
        await p.waitForTimeout(300);
        await ctx.close();
        if (first.error) {
          loads[key][engine].push({ error: first.error });
          continue;
        }
        const before = requestLog.filter((r) => r.t <= first.epoch + 1);
        const harness = before.filter((r) => r.path.startsWith('/pages/'));
        const engineReqs = before.filter((r) => !r.path.startsWith('/pages/'));
        loads[key][engine].push({
          ttfr_ms: first.ttfr,
          hits: first.hits,
          isolated: first.isolated,
          wall_ms: Date.now() - t0,
          bytes: engineReqs.reduce((a, r) => a + r.bytes, 0),
          bytes_raw: engineReqs.reduce((a, r) => a + r.raw, 0),
          requests: engineReqs.length,
          harness_bytes: harness.reduce((a, r) => a + r.bytes, 0),
          after_first: requestLog.length - before.length,
          files: engineReqs.map((r) => ({ path: r.path, bytes: r.bytes, raw: r.raw, encoding: r.encoding })),
        });
      }
    }
    for (const { key, protocol } of protocols) for (const engine of coldEngines) {
      const ok = loads[key][engine].filter((l) => !l.error);
      result[key][engine] = {
        query: q,
        protocol,
        runs: loads[key][engine].length,
        errors: loads[key][engine].filter((l) => l.error).map((l) => l.error),
        ttfr_ms_median: median(ok.map((l) => l.ttfr_ms)),
        ttfr_ms_runs: ok.map((l) => l.ttfr_ms),
        bytes_median: median(ok.map((l) => l.bytes)),
        bytes_raw_median: median(ok.map((l) => l.bytes_raw)),
        requests_median: median(ok.map((l) => l.requests)),
        harness_bytes: ok[0]?.harness_bytes ?? null,
        hits: ok[0]?.hits ?? 0,
        files: ok[0]?.files ?? [],
      };
      const f = result[key][engine];
      log(`first result ${engine} (${protocol}): ${f.errors.length ? `ERRORS ${f.errors[0].split('\n')[0]} ` : ''}` +
        `${fmt(f.ttfr_ms_median)} ms, ${kb(f.bytes_median)} in ${f.requests_median} requests (${f.hits} hits)`);
    }
  } finally {
    await browser.close();
    await server.close();
    await server2.close();
  }
  const file = out || join(siteRoot, corpus, 'browser.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 1));
  return { file, result };
}

/** MRR@10 and success@1 per engine per perturbation kind. */
export function summarizeQuality(quality) {
  const out = {};
  for (const [name, rows] of Object.entries(quality.results)) {
    const per = {};
    rows.forEach((r, k) => {
      const kind = quality.items[k].kind;
      const s = (per[kind] ||= { n: 0, rr: 0, s1: 0, found: 0, errors: 0 });
      s.n++;
      if (r.error) s.errors++;
      if (r.rank) {
        s.rr += 1 / r.rank;
        if (r.rank === 1) s.s1++;
        s.found++;
      }
    });
    for (const s of Object.values(per)) {
      s.mrr = s.rr / s.n;
      s.success1 = s.s1 / s.n;
      delete s.rr;
      delete s.s1;
    }
    out[name] = per;
  }
  return out;
}

/**
 * Navigates `page` to `url` (a first.html page) and waits for its result without touching the
 * page: the page logs `fihris-bench:first` once `window.__first` is set, and only then is it
 * read. Waiting with `waitForFunction` would evaluate Playwright's utility script in the page
 * while the engine starts, a main-thread task of tens of ms on the critical path of every
 * engine that is no part of a reader's visit.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {number} timeout ms
 * @returns {Promise<any>} `window.__first`
 */
export async function openFirst(page, url, timeout) {
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'fihris-bench:first', timeout });
  done.catch(() => {}); // a failed navigation rejects first; the wait is then not needed
  await page.goto(url, { waitUntil: 'commit', timeout });
  await done;
  return page.evaluate(() => window.__first);
}

const fmt = (x) => (x == null ? '–' : x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(2) : x.toFixed(0));
const kb = (b) => (b == null ? '–' : `${(b / 1024).toFixed(1)} KB`);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const smoke = args.includes('--smoke');
  const engines = opt('--engines')?.split(',');
  const out = opt('--out');
  const site = opt('--site');
  const corpus = args.filter((a) => !a.startsWith('--'))[0] || 'seeds';
  const { file } = await runBrowser({ corpus, engines, smoke, out, site });
  console.log(`    wrote ${file}`);
}
