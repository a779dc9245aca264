#!/usr/bin/env node
// How Fihris and Pagefind grow from 10,000 to 1,000,000 documents (the large-* corpora of
// corpora.mjs: large-10k, large-1x, large-4x, large-16x, large-1m).
//
//   node bench/scale.mjs [--corpora a,b] [--memory MIB] [--pagefind-cap MIB] [--timeout S]
//                        [--try-pagefind] [--no-build] [--keep-builds] [--runs N] [--queries N]
//                        [--fihris BIN --dist DIR --commit SHA]
//
// --no-build: measure what is built; --keep-builds: build only what is missing (a Fihris index
// made by another binary is kept; its record names the commit and binary it came from).
// --fihris BIN --dist DIR --commit SHA: measure a CLI and a dist/ built from a clean checkout of
// SHA (git archive) rather than this working tree's, which may hold changes in progress.
// Per corpus:
//   build     Fihris and Pagefind indexes through build.mjs (one run, GNU time for peak RSS),
//             unless bench/work/site/<c>/build.json already has a record of the same binary
//             whose output is still there. large-1m: Fihris with --memory MIB (default 256, the CLI's own;
//             refused if the CLI has no --memory). Pagefind runs under `prlimit --as` (default
//             12288 MiB) and `timeout` (default 3600 s); when the peak RSS of its smaller builds,
//             extrapolated linearly, exceeds the cap it is not attempted (--try-pagefind: try).
//   start-up  a fresh browser context per load (empty cache), pages/scale.html loads the engine
//             and its index: every response body the server sent until it is ready, the page's
//             own HTML and script excluded.
//   queries   each query of the latency list (queries.mjs) on a page of its own, after the
//             start-up: requests and bytes until the first page of hits (10 titles and excerpts)
//             is in the DOM. Bytes to first result = start-up + query. Nothing is cached from
//             one query to the next (new context each time), so every figure is a cold one.
//   slow 4G   pages/first.html (navigation → hits of the typical query in the DOM) in a fresh
//             context under Chromium's network emulation (CDP Network.emulateNetworkConditions)
//             with Chrome DevTools' "Slow 4G" preset (SLOW_4G below); median of --runs (3).
//
// Writes bench/work/site/<corpus>/scale.json; report.mjs turns them into the Scale section.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ROOT, serveBench } from './serve-bench.mjs';
import { latencyQueries, typicalQuery } from './queries.mjs';
import { buildCorpus, corpusInfo, SCALE, scaleDocs } from './corpora.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium.mjs';
import { openFirst } from './browser.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

const SITE = join(ROOT, 'bench', 'work', 'site');
// The CLI and dist/ measured: this tree's (target/release/fihris, dist/), or with --fihris,
// --dist and --commit those built from a clean checkout of a commit.
let FIHRIS = join(ROOT, 'target', 'release', 'fihris');
let DIST = join(ROOT, 'dist');
let COMMIT = null;
const sha256 = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
export const ENGINES = ['fihris', 'pagefind'];

/**
 * Chrome DevTools' "Slow 4G" throttling preset (called "Fast 3G" before May 2024), as defined in
 * devtools-frontend front_end/core/sdk/NetworkManager.ts: ~1.6 Mbps down × 0.9, ~0.75 Mbps up × 0.9,
 * 150 ms target RTT × 3.75. Throughputs in bytes per second, latency in ms.
 */
export const SLOW_4G = {
  preset: 'Chrome DevTools "Slow 4G"',
  source: 'devtools-frontend front_end/core/sdk/NetworkManager.ts (Slow4GConditions)',
  offline: false,
  latency: 150 * 3.75, // 562.5 ms
  downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, // 180,000 B/s
  uploadThroughput: (750 * 1000) / 8 * 0.9, // 84,375 B/s
};

const percentile = (xs, p) => {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => percentile(xs, 50);
const kb = (b) => (b == null ? '–' : `${(b / 1024).toFixed(1)} KB`);
const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
function log(...args) {
  console.log('   ', ...args);
}

// ---- builds -------------------------------------------------------------------------

function fihrisOptions() {
  try {
    return new Set(execFileSync(FIHRIS, ['build', '--help'], { encoding: 'utf8' }).match(/--[a-z][a-z-]*/g) || []);
  } catch {
    return new Set();
  }
}

/**
 * Whether build.json's record of an engine is of the current binary / output and still on disk
 * (keep: any record whose output is there, whichever binary made it; the record says which).
 */
function fresh(corpus, engine, { memory, keep } = {}) {
  const b = readJson(join(SITE, corpus, 'build.json'));
  const rec = b?.engines?.[engine];
  if (!rec || b.docs !== scaleDocs(corpus)) return null;
  if (rec.did_not_build) return rec;
  if (engine === 'fihris') {
    if (!existsSync(join(SITE, corpus, 'fihris', 'index', 'fihris.idx'))) return null;
    if (!keep && rec.source?.binary_sha256 !== sha256(FIHRIS)) return null;
    if ((rec.memory_bound_mib ?? null) !== (memory ?? null)) return null;
  }
  if (engine === 'pagefind' && !existsSync(join(SITE, corpus, 'pagefind', 'pagefind-entry.json'))) return null;
  return rec;
}

/** Peak RSS of Pagefind at `docs` documents, extrapolated from its records at other sizes. */
function pagefindForecast(docs) {
  const pts = SCALE.map((c) => ({ docs: scaleDocs(c), rec: readJson(join(SITE, c, 'build.json'))?.engines?.pagefind }))
    .filter((p) => p.rec?.peak_rss_kb && !p.rec.did_not_build && p.docs < docs);
  if (pts.length < 2) return null;
  // Least squares over (docs, peak RSS): the slope is the memory per document.
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p.docs, 0) / n;
  const my = pts.reduce((a, p) => a + p.rec.peak_rss_kb, 0) / n;
  const slope = pts.reduce((a, p) => a + (p.docs - mx) * (p.rec.peak_rss_kb - my), 0) / pts.reduce((a, p) => a + (p.docs - mx) ** 2, 0);
  return { kb: my + slope * (docs - mx), kb_per_1000_docs: slope * 1000, from: pts.map((p) => `${p.docs}: ${(p.rec.peak_rss_kb / 1024).toFixed(0)} MiB`) };
}

function buildJs(args) {
  const which = ['--no-cargo', '--fihris', FIHRIS, ...(COMMIT ? ['--fihris-commit', COMMIT] : [])];
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'build.mjs'), ...which, '--runs', '1', ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build.mjs ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function writeBuildRecord(corpus, engine, rec) {
  const file = join(SITE, corpus, 'build.json');
  const b = readJson(file) || { corpus, docs: scaleDocs(corpus), runs: 1, date: new Date().toISOString(), engines: {} };
  b.engines[engine] = { ...rec, date: new Date().toISOString() };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(b, null, 2)}\n`);
}

function ensureBuilds(corpus, { memory, pagefindCap, timeout, tryPagefind, keep }) {
  const docs = scaleDocs(corpus);
  const big = corpus === 'large-1m';
  // Fihris. At a million documents the build must be bounded: --memory, or no build at all.
  const fihrisMemory = big ? memory : undefined;
  if (!fresh(corpus, 'fihris', { memory: fihrisMemory, keep })) {
    if (big && !fihrisOptions().has('--memory')) {
      const why = 'not built: this fihris CLI has no --memory option (the single-file builder holds the whole index in memory)';
      log(`${corpus} fihris: ${why}`);
      writeBuildRecord(corpus, 'fihris', { did_not_build: why });
    } else {
      buildCorpus(corpus);
      buildJs([
        '--engines', 'fihris',
        ...(fihrisMemory ? ['--memory', String(fihrisMemory)] : []),
        // A safety net well above the bound: a builder that ignores it stops here, not in swap.
        ...(big ? ['--cap-mib', String(Math.max(8192, 8 * fihrisMemory)), '--timeout', String(timeout)] : []),
        corpus,
      ]);
    }
  } else log(`${corpus} fihris: already built${keep ? ' (--keep-builds)' : ' by this binary'}`);
  // Pagefind, under an address-space cap and a time limit.
  if (!fresh(corpus, 'pagefind')) {
    const forecast = pagefindForecast(docs);
    if (forecast && forecast.kb / 1024 > pagefindCap && !tryPagefind) {
      const why = `not attempted: its peak RSS, extrapolated linearly from the smaller builds (${forecast.from.join(', ')}; ` +
        `${(forecast.kb_per_1000_docs / 1024).toFixed(1)} MiB per 1,000 documents), would be ${(forecast.kb / 2 ** 20).toFixed(1)} GiB, ` +
        `above the ${(pagefindCap / 1024).toFixed(0)} GiB cap on a ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB machine`;
      log(`${corpus} pagefind: ${why}`);
      writeBuildRecord(corpus, 'pagefind', { did_not_build: why, forecast_peak_rss_kb: Math.round(forecast.kb), cap: { as_mib: pagefindCap } });
    } else {
      buildCorpus(corpus, { forms: [...new Set([...(corpusInfo(corpus)?.forms || []), 'fihris', 'html'])] });
      buildJs(['--engines', 'pagefind', '--cap-mib', String(pagefindCap), '--timeout', String(timeout), corpus]);
    }
  } else log(`${corpus} pagefind: already built`);
  return readJson(join(SITE, corpus, 'build.json'));
}

// ---- browser --------------------------------------------------------------------------

/** The engine's share of a slice of the server's log (the benchmark page's own files left out). */
function tally(entries) {
  const e = entries.filter((r) => !r.path.startsWith('/pages/'));
  return {
    bytes: e.reduce((a, r) => a + r.bytes, 0),
    bytes_raw: e.reduce((a, r) => a + r.raw, 0),
    requests: e.length,
    files: e.map((r) => ({ path: r.path.replace(/^\/site\/[^/]+\//, ''), bytes: r.bytes, raw: r.raw })),
  };
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start-up, then one query, on a fresh context. */
async function coldQuery(browser, server, requestLog, engine, corpus, query) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    requestLog.length = 0;
    await page.goto(`${server.url}/pages/scale.html?engine=${encodeURIComponent(engine)}&corpus=${encodeURIComponent(corpus)}`);
    await page.waitForFunction(() => window.__loaded, null, { timeout: 600000 });
    const loaded = await page.evaluate(() => window.__loaded);
    if (loaded.error) return { query, error: loaded.error };
    // Anything the engine fetches on its own right after loading counts as start-up.
    await settle(150);
    const startup = tally(requestLog);
    const mark = requestLog.length;
    const r = await page.evaluate(([q]) => window.__query(q, 10), [query]);
    await settle(150);
    const q = tally(requestLog.slice(mark));
    return { query, startup, search: q, hits: r.hits, search_ms: r.ms, errors };
  } catch (error) {
    return { query, error: String(error) };
  } finally {
    await ctx.close();
  }
}

/** Navigation to the hits of `query` in the DOM under Slow 4G, cold. */
async function slowFirst(browser, server, requestLog, engine, corpus, query) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    const { preset, source, ...conditions } = SLOW_4G;
    await cdp.send('Network.emulateNetworkConditions', conditions);
    requestLog.length = 0;
    const first = await openFirst(
      page,
      `${server.url}/pages/first.html?engine=${encodeURIComponent(engine)}&corpus=${encodeURIComponent(corpus)}&q=${encodeURIComponent(query)}`,
      600000,
    );
    if (first.error) return { error: first.error };
    const t = tally(requestLog.filter((r) => r.t <= first.epoch + 1));
    return { ttfr_ms: first.ttfr, hits: first.hits, bytes: t.bytes, requests: t.requests };
  } catch (error) {
    return { error: String(error) };
  } finally {
    await ctx.close();
  }
}

/**
 * Worker fetches under the page's network emulation: Pagefind searches in a Web Worker, so a
 * throttled time that leaves out the worker's downloads would flatter it. Times one fetch of
 * `path` from a dedicated worker with and without the emulation.
 */
async function workerThrottleCheck(browser, server, path, bytes) {
  const ms = async (throttle) => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      if (throttle) {
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('Network.enable');
        const { preset, source, ...conditions } = SLOW_4G;
        await cdp.send('Network.emulateNetworkConditions', conditions);
      }
      await page.goto(`${server.url}/pages/scale.html?engine=none`);
      return await page.evaluate(async (url) => {
        const code = `onmessage = async (e) => { const t0 = performance.now(); const r = await fetch(e.data); await r.arrayBuffer(); postMessage(performance.now() - t0); };`;
        const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
        return new Promise((done) => {
          w.onmessage = (e) => done(e.data);
          w.postMessage(new URL(url, location.href).href);
        });
      }, path);
    } finally {
      await ctx.close();
    }
  };
  const fast = await ms(false);
  const slow = await ms(true);
  const expected = SLOW_4G.latency + (bytes / SLOW_4G.downloadThroughput) * 1000;
  return { path, bytes_sent: bytes, unthrottled_ms: Math.round(fast), throttled_ms: Math.round(slow), expected_ms: Math.round(expected), throttled: slow >= 0.8 * expected };
}

/**
 * A copy of dist/'s code (fihris.js and the modules next to it, pkg/): dist/ is rewritten by every
 * ./build.sh, and a measurement that lasts minutes must not see it change half-way.
 */
function snapshotDist() {
  const from = DIST;
  const to = join(ROOT, 'bench', 'work', 'scale-dist');
  for (const f of ['fihris.js', 'pkg/fihris.js', 'pkg/fihris_bg.wasm']) {
    if (!existsSync(join(from, f))) throw new Error(`${join(from, f)} is missing: build dist/ first (./build.sh)`);
  }
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (src) => !/[/\\](doc|index)$/.test(src) });
  return to;
}

export async function runScale({ corpus, engines = ENGINES, runs = 3, queries: nQueries, build }) {
  const queries = latencyQueries(corpus).slice(0, nQueries ?? Infinity);
  const typical = typicalQuery(corpus);
  const requestLog = [];
  const dist = snapshotDist();
  const server = await serveBench({
    log: requestLog,
    mounts: {
      '/dist/': dist,
      '/site/': SITE,
      '/lib/': join(ROOT, 'bench', 'work', 'lib'),
      '/pages/': join(ROOT, 'bench', 'pages'),
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const result = {
    corpus,
    docs: scaleDocs(corpus),
    date: new Date().toISOString(),
    browser: browser.version(),
    fihris_commit: COMMIT ?? git(['rev-parse', '--short', 'HEAD']),
    www_modified: COMMIT ? false : git(['status', '--porcelain', '--', 'www', 'crate']) !== '',
    ...(COMMIT ? { clean_checkout: true } : {}),
    dist: { wasm_bytes: statSync(join(dist, 'pkg', 'fihris_bg.wasm')).size, mtime: statSync(join(dist, 'pkg', 'fihris_bg.wasm')).mtime.toISOString() },
    throttle: SLOW_4G,
    queries: queries.map((q) => q.query),
    typical,
    engines: {},
  };
  try {
    for (const engine of engines) {
      const rec = build?.engines?.[engine];
      if (!rec || rec.did_not_build) {
        result.engines[engine] = { did_not_build: rec?.did_not_build ?? 'no index was built' };
        continue;
      }
      const rows = [];
      for (const { query } of queries) rows.push(await coldQuery(browser, server, requestLog, engine, corpus, query));
      const ok = rows.filter((r) => !r.error);
      const firstBytes = ok.map((r) => r.startup.bytes + r.search.bytes);
      const e = {
        errors: rows.filter((r) => r.error).map((r) => `${r.query ?? ''}: ${r.error.split('\n')[0]}`),
        startup: {
          bytes_median: median(ok.map((r) => r.startup.bytes)),
          bytes_raw_median: median(ok.map((r) => r.startup.bytes_raw)),
          requests_median: median(ok.map((r) => r.startup.requests)),
          files: ok[0]?.startup.files ?? [],
        },
        first_bytes: { p50: median(firstBytes), max: firstBytes.length ? Math.max(...firstBytes) : null },
        query_bytes: { p50: median(ok.map((r) => r.search.bytes)), max: ok.length ? Math.max(...ok.map((r) => r.search.bytes)) : null },
        requests_per_query: { p50: median(ok.map((r) => r.search.requests)), max: ok.length ? Math.max(...ok.map((r) => r.search.requests)) : null },
        rows: rows.map((r) => (r.error ? r : {
          query: r.query,
          hits: r.hits,
          search_ms: Math.round(r.search_ms * 10) / 10,
          startup_bytes: r.startup.bytes,
          startup_requests: r.startup.requests,
          query_bytes: r.search.bytes,
          query_bytes_raw: r.search.bytes_raw,
          query_requests: r.search.requests,
          query_files: r.search.files.length <= 40 ? r.search.files : `${r.search.files.length} files`,
        })),
      };
      const slow = [];
      for (let i = 0; i < runs; i++) slow.push(await slowFirst(browser, server, requestLog, engine, corpus, typical));
      const sok = slow.filter((s) => !s.error);
      e.slow4g = {
        query: typical,
        runs: slow,
        ttfr_ms_median: median(sok.map((s) => s.ttfr_ms)),
        bytes_median: median(sok.map((s) => s.bytes)),
        requests_median: median(sok.map((s) => s.requests)),
        errors: slow.filter((s) => s.error).map((s) => s.error.split('\n')[0]),
      };
      result.engines[engine] = e;
      log(`${corpus} ${engine}: start-up ${kb(e.startup.bytes_median)} in ${e.startup.requests_median} req.; ` +
        `first result p50 ${kb(e.first_bytes.p50)} (max ${kb(e.first_bytes.max)}); requests per query p50 ${e.requests_per_query.p50}, max ${e.requests_per_query.max}; ` +
        `Slow 4G ${e.slow4g.ttfr_ms_median?.toFixed(0) ?? '–'} ms` + (e.errors.length ? `; ${e.errors.length} errors (${e.errors[0]})` : ''));
    }
    // Whether the emulation reaches worker fetches (Pagefind's searches run in one).
    if (result.engines.pagefind && !result.engines.pagefind.did_not_build) {
      const f = result.engines.pagefind.startup.files.find((x) => /\.pagefind$/.test(x.path));
      if (f) result.worker_throttle = await workerThrottleCheck(browser, server, `/site/${corpus}/${f.path}`, f.bytes);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const file = join(SITE, corpus, 'scale.json');
  writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
  return { file, result };
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

// ---- smoke ---------------------------------------------------------------------------------

/**
 * For ./build.sh bench --smoke: when the CLI can shard, the five seeds built with --shards always
 * into bench/work/smoke/sharded/seeds/fihris/index/, then three queries of the seeds' list, each
 * on a cold page. Returns the problems found (none when the CLI cannot shard: nothing to check).
 */
export async function smokeSharded() {
  if (!fihrisOptions().has('--shards')) {
    log('skipped: this fihris CLI has no --shards option');
    return [];
  }
  const site = join(ROOT, 'bench', 'work', 'smoke', 'sharded');
  const out = join(site, 'seeds', 'fihris', 'index');
  rmSync(site, { recursive: true, force: true });
  const src = join(ROOT, 'bench', 'work', 'corpora', 'seeds', 'fihris');
  const r = spawnSync(FIHRIS, ['build', src, '--out', out, '--shards', 'always', '-q'], { encoding: 'utf8' });
  if (r.status !== 0) return [`fihris build --shards always on the seeds exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`];
  const files = (await import('./lib/sizes.mjs')).walk(out);
  const problems = [];
  if (files.length < 2) problems.push(`--shards always wrote ${files.length} file(s)`);
  const requestLog = [];
  const server = await serveBench({
    log: requestLog,
    mounts: { '/dist/': join(ROOT, 'dist'), '/site/': site, '/lib/': join(ROOT, 'bench', 'work', 'lib'), '/pages/': join(ROOT, 'bench', 'pages') },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const query of ['كوريا', 'بيونغ يانغ', 'غيراسيموق']) {
      const row = await coldQuery(browser, server, requestLog, 'fihris', 'seeds', query);
      if (row.error) problems.push(`sharded seeds, ${query}: ${row.error.split('\n')[0]}`);
      else if (!row.hits) problems.push(`sharded seeds, ${query}: no hit`);
      else if (row.errors.length) problems.push(`sharded seeds, ${query}: ${row.errors[0].split('\n')[0]}`);
      else log(`sharded seeds (${files.length} files), ${query}: ${row.hits} hits; start-up ${kb(row.startup.bytes)} in ${row.startup.requests} req., query ${kb(row.search.bytes)} in ${row.search.requests} req.`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return problems;
}

// ---- command line ------------------------------------------------------------------------

export async function main(argv) {
  const opt = (name, dflt) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv.splice(at, 2)[1] : dflt;
  };
  const corpora = opt('--corpora', SCALE.join(',')).split(',').flatMap((c) => (c === 'scale' ? SCALE : [c]));
  const memory = Number(opt('--memory', '256'));
  const pagefindCap = Number(opt('--pagefind-cap', '12288'));
  const timeout = Number(opt('--timeout', '3600'));
  const runs = Number(opt('--runs', '3'));
  const nQueries = opt('--queries');
  const engines = opt('--engines', ENGINES.join(',')).split(',');
  const tryPagefind = argv.includes('--try-pagefind');
  FIHRIS = resolve(opt('--fihris', FIHRIS));
  DIST = resolve(opt('--dist', DIST));
  COMMIT = opt('--commit', null);
  const noBuild = argv.includes('--no-build');
  const keep = argv.includes('--keep-builds');
  for (const c of corpora) if (!SCALE.includes(c)) throw new Error(`${c} is not a scale corpus (${SCALE.join(', ')})`);
  if (!existsSync(FIHRIS)) throw new Error('target/release/fihris is missing: cargo build --release --bin fihris');
  for (const corpus of corpora) {
    const t0 = Date.now();
    const build = noBuild ? readJson(join(SITE, corpus, 'build.json')) : ensureBuilds(corpus, { memory, pagefindCap, timeout, tryPagefind, keep });
    const { file } = await runScale({ corpus, engines, runs, queries: nQueries ? Number(nQueries) : undefined, build });
    log(`wrote ${file} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`scale.mjs: ${e.stack || e.message}`);
    process.exit(1);
  });
}
