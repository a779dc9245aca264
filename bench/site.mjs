// A built website, indexed by each engine's CLI in site mode: the Hugo fixture
// (tests/fixtures/hugo, 25 pages plus Hugo's list and tag pages) built once by hugo,
// then one copy of that output per engine, each indexed in place:
//
//   Fihris    target/release/fihris build --site <copy> -q     → <copy>/fihris/ (widget, JS, wasm, index/)
//   Pagefind  pagefind_extended --site <copy>                   → <copy>/pagefind/ (1.6.0, the npm package's binary)
//
//   node bench/site.mjs [--runs N] [--cold-runs N] [--no-report] [--results FILE]
//   (node bench/run.mjs --corpora hugo-site runs it the same way)
//
// Per engine: build wall time (median of --runs, default 7; every run on a fresh copy of hugo's
// output, the engines' runs interleaved) and peak RSS (GNU time %M); bytes of what the engine wrote
// (raw, gzip -9, brotli 11): Fihris index/, wasm and JS (the CSS listed apart); Pagefind as
// build.mjs counts it (index = entry + .pf_meta + index/ + fragment/ + filter/, lib = pagefind.js,
// worker, the wasm of the site's languages; the UI bundles apart). In Chromium, cold loads of
// bench/pages/first.html?layout=site (the engine loaded from its own copy's files, as the site
// would serve it) for a few queries of tests/fixtures/hugo/FACTS.md: time and bytes from navigation
// to the rendered hits, over HTTP/1.1 and HTTP/2, --cold-runs (default 7) per query, engine and
// protocol, queries, engines and protocols interleaved, as browser.mjs measures the other corpora.
//
// Writes bench/work/site/hugo-site/site.json and the section «Built website (Hugo fixture)» of
// bench/RESULTS.md (replaced when there, else put before the Scale section), unless --no-report.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ROOT, serveBench } from './serve-bench.mjs';
import { ensureNpm } from './corpora.mjs';
import { sumSizes, walk } from './lib/sizes.mjs';
import { openFirst } from './browser.mjs';
import { siteSection, writeSection } from './lib/site-report.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium.mjs';

const BENCH = path.join(ROOT, 'bench');
export const CORPUS = 'hugo-site';
const OUT = path.join(BENCH, 'work', 'site', CORPUS);
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'hugo');
const FIHRIS = path.join(ROOT, 'target', 'release', 'fihris');
const GNU_TIME = '/usr/bin/time';

/** Queries from tests/fixtures/hugo/FACTS.md, with the lang of the page searched from. */
export const QUERIES = [
  { q: 'كلاشنيكوف', lang: 'ar', expect: '/akhbar/korea-drills/', note: 'one page body (seed 000)' },
  { q: 'الزعفران', lang: 'ar', expect: '/ma3rifa/dalil-al-tabkh/', note: 'long page, three sections with heading ids' },
  { q: 'الخطيب', lang: 'ar', expect: '/akhbar/maarad-alkitab/', note: 'data-fihris-meta author, in the body' },
  { q: 'lighthouse', lang: 'en', expect: '/ma3rifa/guiding-lights/', note: 'the English page (searched from a lang="en" page)' },
];

const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function pagefindBinary() {
  const dir = path.join(BENCH, 'node_modules/@pagefind', `${process.platform}-${os.arch()}`, 'bin');
  for (const name of ['pagefind_extended', 'pagefind']) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`no pagefind binary in ${dir}: run npm install in bench/`);
}

/** Pagefind's output split as build.mjs splits it (pagefindFiles there). */
function pagefindFiles(dir) {
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8'));
  const wasm = new Set(Object.values(entry.languages).map((l) => l.wasm && `wasm.${l.wasm}.pagefind`));
  const out = { index: [], lib: [], excluded: [], languages: Object.keys(entry.languages) };
  for (const f of walk(dir)) {
    const rel = path.relative(dir, f);
    if (rel === 'pagefind.js' || rel === 'pagefind-worker.js' || wasm.has(rel)) out.lib.push(f);
    else if (rel === 'pagefind-entry.json' || rel.endsWith('.pf_meta') || /^(index|fragment|filter)\//.test(rel)) out.index.push(f);
    else out.excluded.push(f);
  }
  return out;
}

/** Fihris's output: index/, the code the JS API loads, the widget's files, the CSS. */
function fihrisFiles(dir) {
  const out = { index: walk(path.join(dir, 'index')), lib: [], widget: [], css: [] };
  for (const f of walk(dir)) {
    const rel = path.relative(dir, f);
    if (rel.startsWith('index/')) continue;
    if (rel === 'fihris.js' || rel === 'pkg/fihris.js' || rel === 'pkg/fihris_bg.wasm') out.lib.push(f);
    else if (rel.endsWith('.css')) out.css.push(f);
    else out.widget.push(f);
  }
  return out;
}

function timed(cmd, args) {
  const rssFile = path.join(os.tmpdir(), `fihris-site-rss-${process.pid}`);
  const gnu = fs.existsSync(GNU_TIME);
  const t0 = process.hrtime.bigint();
  const r = gnu
    ? spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  let rss = null;
  if (gnu) {
    rss = Number.parseInt(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop(), 10);
    fs.rmSync(rssFile, { force: true });
  }
  return { ms, rss_kb: rss, stdout: r.stdout };
}

const ENGINES = {
  fihris: {
    cmd: () => FIHRIS,
    args: (copy) => ['build', '--site', copy, '-q'],
    measured: 'target/release/fihris build --site <copy> -q (wall time of the process)',
  },
  pagefind: {
    cmd: pagefindBinary,
    args: (copy) => ['--site', copy],
    measured: 'pagefind_extended --site <copy> (the binary the npm wrapper runs; wall time of the process)',
  },
};

const sizes = (files) => {
  const s = sumSizes(files);
  return { files: s.files, raw: s.bytes_raw, gzip: s.bytes_gzip, brotli: s.bytes_brotli };
};

/** Builds: hugo once, then per run a fresh copy per engine, interleaved. */
export function buildSite({ runs = 7 } = {}) {
  if (!fs.existsSync(FIHRIS)) throw new Error('target/release/fihris is missing: ./build.sh');
  fs.rmSync(OUT, { recursive: true, force: true });
  const hugoOut = path.join(OUT, 'hugo');
  execFileSync('hugo', ['--source', FIXTURE, '--destination', hugoOut, '--quiet'], { stdio: 'inherit' });
  const hugoVersion = execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
  const pages = walk(hugoOut).filter((f) => f.endsWith('.html')).length;
  const rec = {};
  for (const e of Object.keys(ENGINES)) rec[e] = { ms: [], rss: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, e] of Object.entries(ENGINES)) {
      const copy = path.join(OUT, name);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(hugoOut, copy, { recursive: true });
      const t = timed(e.cmd(), e.args(copy));
      rec[name].ms.push(Math.round(t.ms * 10) / 10);
      rec[name].rss.push(t.rss_kb);
      rec[name].stdout = t.stdout;
    }
  }
  // What Fihris indexed: its summary line, from one more (untimed) build without -q.
  const probe = path.join(OUT, 'fihris-probe');
  fs.cpSync(hugoOut, probe, { recursive: true });
  const said = spawnSync(FIHRIS, ['build', '--site', probe], { encoding: 'utf8' });
  const summary = `${said.stdout}\n${said.stderr}`.split('\n').find((l) => /^files: /.test(l)) || null;
  fs.rmSync(probe, { recursive: true, force: true });
  const engines = {};
  for (const [name, e] of Object.entries(ENGINES)) {
    const r = rec[name];
    const base = {
      measured: e.measured,
      build_ms_median: median(r.ms),
      build_ms_runs: r.ms,
      peak_rss_kb: r.rss[0] == null ? null : Math.max(...r.rss),
    };
    if (name === 'fihris') {
      const f = fihrisFiles(path.join(OUT, 'fihris', 'fihris'));
      engines.fihris = {
        ...base,
        version: execFileSync(FIHRIS, ['--version'], { encoding: 'utf8' }).trim(),
        summary,
        pages_indexed: summary && /(\d+) indexed/.test(summary) ? Number(/(\d+) indexed/.exec(summary)[1]) : null,
        index: sizes(f.index),
        lib: { names: f.lib.map((x) => path.relative(path.join(OUT, 'fihris'), x)), ...sizes(f.lib) },
        widget: { names: f.widget.map((x) => path.relative(path.join(OUT, 'fihris'), x)), ...sizes(f.widget) },
        css: { names: f.css.map((x) => path.relative(path.join(OUT, 'fihris'), x)), ...sizes(f.css) },
        // The brief's total: index + wasm + every JS file (the CSS apart).
        total: sizes([...f.index, ...f.lib, ...f.widget]),
      };
    } else {
      const dir = path.join(OUT, 'pagefind', 'pagefind');
      const f = pagefindFiles(dir);
      const words = /Indexed (\d+) words?/.exec(rec.pagefind.stdout);
      const pagesIdx = /Indexed (\d+) pages?/.exec(rec.pagefind.stdout);
      engines.pagefind = {
        ...base,
        version: JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', 'pagefind', 'package.json'), 'utf8')).version,
        languages: f.languages,
        words_indexed: words ? Number(words[1]) : null,
        pages_indexed: pagesIdx ? Number(pagesIdx[1]) : null,
        index: sizes(f.index),
        lib: { names: f.lib.map((x) => path.relative(dir, x)), ...sizes(f.lib) },
        excluded: f.excluded.map((x) => path.relative(dir, x)),
        excluded_sizes: sizes(f.excluded),
        total: sizes([...f.index, ...f.lib]),
        note: '.pf_* and wasm.*.pagefind are gzip-compressed by Pagefind itself: their raw bytes are already compressed',
      };
    }
  }
  return { hugo: hugoVersion, html_pages: pages, runs, engines };
}

/** Cold loads of first.html?layout=site per query, engine and protocol (interleaved). */
export async function coldSite({ coldRuns = 5, queries = QUERIES } = {}) {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const { chromium } = require('playwright-core');
  const requestLog = [];
  const mounts = {
    '/site/': path.join(BENCH, 'work', 'site'),
    '/pages/': path.join(BENCH, 'pages'),
  };
  const server = await serveBench({ log: requestLog, mounts });
  const server2 = await serveBench({ log: requestLog, mounts, http2: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const protocols = [
    { key: 'http1', url: server.url, protocol: 'HTTP/1.1' },
    { key: 'http2', url: server2.url, protocol: 'HTTP/2' },
  ];
  const engines = Object.keys(ENGINES);
  const loads = {};
  const load = async (url, engine, q, lang) => {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
    const p = await ctx.newPage();
    requestLog.length = 0;
    const first = await openFirst(
      p,
      `${url}/pages/first.html?layout=site&engine=${engine}&corpus=${CORPUS}&lang=${lang}&q=${encodeURIComponent(q)}`,
      60000,
    ).catch((e) => ({ error: String(e) }));
    await p.waitForTimeout(300);
    await ctx.close();
    return first;
  };
  try {
    // Warm-up, not recorded: the server brotli-compresses a file on its first request (then
    // caches it), which would land on the first measured load of each engine.
    for (const { q, lang } of queries) for (const engine of engines) for (const { url } of protocols) await load(url, engine, q, lang);
    for (let run = 0; run < coldRuns; run++) {
      for (const { q, lang } of queries) for (const engine of engines) for (const { key, url } of protocols) {
        const first = await load(url, engine, q, lang);
        const slot = (((loads[q] ||= {})[engine] ||= {})[key] ||= []);
        if (first.error) {
          slot.push({ error: first.error });
          continue;
        }
        const before = requestLog.filter((r) => r.t <= first.epoch + 1 && !r.path.startsWith('/pages/'));
        slot.push({
          ttfr_ms: first.ttfr,
          hits: first.hits,
          bytes: before.reduce((a, r) => a + r.bytes, 0),
          bytes_raw: before.reduce((a, r) => a + r.raw, 0),
          requests: before.length,
          files: before.map((r) => ({ path: r.path, bytes: r.bytes, raw: r.raw, encoding: r.encoding })),
        });
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await server2.close();
  }
  const out = {};
  for (const { q, lang, expect, note } of queries) {
    out[q] = { lang, expect, note, engines: {} };
    for (const engine of engines) {
      const per = (out[q].engines[engine] = {});
      for (const { key, protocol } of protocols) {
        const all = loads[q][engine][key];
        const ok = all.filter((l) => !l.error);
        per[key] = {
          protocol,
          runs: all.length,
          errors: all.filter((l) => l.error).map((l) => l.error.split('\n')[0]),
          ttfr_ms_median: median(ok.map((l) => l.ttfr_ms)),
          ttfr_ms_runs: ok.map((l) => Math.round(l.ttfr_ms * 10) / 10),
          bytes_median: median(ok.map((l) => l.bytes)),
          requests_median: median(ok.map((l) => l.requests)),
          hits: ok[0]?.hits ?? 0,
          files: ok[0]?.files ?? [],
        };
      }
    }
  }
  return { browser: browser.version(), cold_runs: coldRuns, results: out };
}

const kb = (b) => (b == null ? '–' : `${(b / 1024).toFixed(1)} KB`);
const ms = (x) => (x == null ? '–' : x.toFixed(0));

function machine() {
  const cpu = os.cpus();
  return `${cpu[0]?.model.trim() ?? '?'}, ${cpu.length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}`;
}

export async function runSite({ runs = 7, coldRuns = 7, report = true, results = path.join(BENCH, 'RESULTS.md') } = {}) {
  ensureNpm();
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {}
  const load_before = os.loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(`    site: hugo, then ${runs} interleaved builds per engine`);
  const build = buildSite({ runs });
  for (const [n, e] of Object.entries(build.engines))
    console.log(`    ${n}: build ${ms(e.build_ms_median)} ms (median), total ${kb(e.total.raw)} raw / ${kb(e.total.brotli)} brotli`);
  console.log(`    site: cold loads, ${coldRuns} per query × engine × protocol`);
  const cold = await coldSite({ coldRuns });
  for (const [q, r] of Object.entries(cold.results))
    for (const [n, x] of Object.entries(r.engines))
      console.log(`    ${q} ${n}: ${x.http1.hits} hits, ${kb(x.http1.bytes_median)}, ${ms(x.http1.ttfr_ms_median)} ms (HTTP/1.1), ${ms(x.http2.ttfr_ms_median)} ms (HTTP/2)${x.http1.errors.length + x.http2.errors.length ? ` ERRORS ${x.http1.errors[0] || x.http2.errors[0]}` : ''}`);
  // Load averages (1, 5, 15 min) at the start and the end: the VM is shared.
  const loadavg = { before: load_before, after: os.loadavg().map((x) => Math.round(x * 100) / 100) };
  // The binary measured: others may rebuild it from a tree that differs from HEAD.
  const crateModified = (() => {
    try {
      return execFileSync('git', ['status', '--porcelain', '--', 'crate', 'www', 'Cargo.lock'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    } catch {
      return null;
    }
  })();
  const binary = { mtime: fs.statSync(FIHRIS).mtime.toISOString(), crate_or_www_modified: crateModified };
  const data = { corpus: CORPUS, date: new Date().toISOString(), machine: machine(), node: process.version, commit, binary, loadavg, build, cold };
  fs.writeFileSync(path.join(OUT, 'site.json'), JSON.stringify(data, null, 1));
  console.log(`    wrote ${path.relative(ROOT, path.join(OUT, 'site.json'))}`);
  const problems = [];
  for (const [q, r] of Object.entries(cold.results))
    for (const [n, x] of Object.entries(r.engines)) {
      if (x.http1.errors.length || x.http2.errors.length) problems.push(`${q} ${n}: cold load failed`);
      else if (!x.http1.hits) problems.push(`${q} ${n}: no hit`);
    }
  if (report) {
    writeSection(results, siteSection(data));
    console.log(`    wrote the «Built website» section of ${path.relative(ROOT, results)}`);
  }
  return { data, problems };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const runs = Number(opt('--runs') ?? 7);
  const coldRuns = Number(opt('--cold-runs') ?? 7);
  const results = opt('--results');
  const { problems } = await runSite({ runs, coldRuns, report: !args.includes('--no-report'), ...(results && { results: path.resolve(results) }) });
  if (problems.length) console.log(`    problems: ${problems.join('; ')}`);
}
