// The whole benchmark in one command (./build.sh bench runs it after building dist/):
// corpora → every engine's index (timed) → criterion (native latency) → the browser
// measurements of each corpus → the scale measurements of the large-* corpora (scale.mjs:
// 10,000 to 1,000,000 documents, Fihris and Pagefind) → bench/RESULTS.md and bench/plot.svg.
//
//   node bench/run.mjs [--smoke] [--corpora a,b] [--runs N] [--no-criterion]
//
// --smoke: seeds only, Fihris and MiniSearch only, one build run, a few queries and
// known items; writes bench/work/smoke/ (never RESULTS.md). Exits non-zero when a stage
// fails, an engine fails to load or answer, or Fihris's MRR on the smoke items is 0. No scale
// stage, except, when the CLI has --shards, the seeds built with --shards always and a few
// cold queries over them in the browser.
// --corpora large-1m alone: the million-document corpus, its builds and its scale figures.
// --corpora hugo-site (or --site, added to the named corpora): the Hugo fixture site indexed by
// `fihris build --site` and by Pagefind's --site on copies of the same hugo output (bench/site.mjs:
// builds, bytes, cold loads in Chromium) → the «Built website» section of RESULTS.md. Part of the
// full run (about two minutes), not of --smoke.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serve-bench.mjs';
import { latencyQueries } from './queries.mjs';
import { ensureNpm, SCALE } from './corpora.mjs';

const BENCH = join(ROOT, 'bench');
const WORK = join(BENCH, 'work');
const ALL = ['seeds', 'quran-plain', 'quran-vocalised', 'quran-uthmani', 'large-10k', 'large-1x', 'large-4x', 'large-16x', 'large-1m', 'hugo-site'];

const args = process.argv.slice(2);
const opt = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const smoke = args.includes('--smoke');
const criterion = !smoke && !args.includes('--no-criterion');
const siteFlag = !smoke && args.includes('--site');
const named = smoke ? ['seeds'] : (opt('--corpora')?.split(',') ?? (siteFlag ? [] : ALL));
// The built-website benchmark (bench/site.mjs) is not a corpus of corpora.mjs: taken out here.
const SITE_CORPUS = 'hugo-site';
const siteBench = !smoke && (siteFlag || named.includes(SITE_CORPUS));
const corpora = named.filter((c) => c !== SITE_CORPUS);
const runs = smoke ? '1' : (opt('--runs') ?? '5');
const t0 = Date.now();

let stage = 0;
function say(text) {
  stage++;
  console.log(`\n  [bench ${stage}] ${text}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', ...options });
  if (r.status !== 0) {
    console.error(`bench: ${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

for (const f of ['dist/fihris.js', 'dist/pkg/fihris.js', 'dist/pkg/fihris_bg.wasm']) {
  if (!existsSync(join(ROOT, f))) fail(`${f} is missing: build dist/ first (./build.sh)`);
}

// ---- set-up ----
say('peers from npm (bench/package-lock.json)');
ensureNpm();

// ---- corpora and indexes ----
// large-1m is written, built and measured by the scale stage alone.
const SCALE_ONLY = new Set(['large-1m']);
if (corpora.length) say(`corpora: ${corpora.filter((c) => !SCALE_ONLY.has(c)).join(', ') || '(none before the scale stage)'}`);
if (corpora.some((c) => !SCALE_ONLY.has(c))) run('node', ['bench/corpora.mjs', ...corpora.filter((c) => !SCALE_ONLY.has(c))]);

if (corpora.length) {
  say('browser bundles of the JS peers');
  run('node', ['bench/build.mjs', '--libs']);
}

const engines = smoke ? ['fihris', 'minisearch'] : undefined;
// The smoke run builds into the shared site/seeds/; keep the full run's build.json.
const seedsBuild = join(WORK, 'site', 'seeds', 'build.json');
const saved = smoke && existsSync(seedsBuild) ? readFileSync(seedsBuild) : null;
// The growth corpora (10,000, 20,000 and 80,000 documents) are built once, by Fihris,
// Pagefind and MiniSearch only: serializing and compressing the other peers'
// indexes of that size takes longer than the whole rest of the run, and they
// are measured for build time, memory and bytes, not in the browser.
const GROWTH = new Set(['large-10k', 'large-4x', 'large-16x']);
const regular = corpora.filter((c) => !GROWTH.has(c) && !SCALE_ONLY.has(c));
const growth = corpora.filter((c) => GROWTH.has(c));
if (regular.length) {
  say(`indexes of every engine, ${runs} timed run${runs === '1' ? '' : 's'} each`);
  run('node', ['bench/build.mjs', '--runs', runs, ...(engines ? ['--engines', engines.join(',')] : []), ...regular]);
}
if (growth.length) {
  say(`growth corpora ${growth.join(', ')}: Fihris, Pagefind and MiniSearch, one run`);
  run('node', ['bench/build.mjs', '--runs', '1', '--engines', 'fihris,pagefind,minisearch', ...growth]);
}

let smokeSite;
if (smoke) {
  smokeSite = join(WORK, 'smoke', 'site');
  rmSync(join(WORK, 'smoke'), { recursive: true, force: true });
  mkdirSync(join(smokeSite, 'seeds'), { recursive: true });
  copyFileSync(seedsBuild, join(smokeSite, 'seeds', 'build.json'));
  if (saved) writeFileSync(seedsBuild, saved);
}

// ---- native latency ----
if (criterion) {
  const quran = corpora.find((c) => c.startsWith('quran-plain')) || corpora.find((c) => c.startsWith('quran'));
  if (quran) {
    say(`criterion: native query latency on ${quran}`);
    const index = join(WORK, 'site', quran, 'fihris', 'index');
    const fihris = join(ROOT, 'target', 'release', 'fihris');
    // Only queries that find something: the benchmark refuses to time a miss.
    const queries = latencyQueries(quran)
      .map((q) => q.query)
      .filter((q) => {
        try {
          return JSON.parse(execFileSync(fihris, ['search', '--index', index, '--json', '--limit', '1', q], { encoding: 'utf8' })).total > 0;
        } catch {
          return false;
        }
      });
    const file = join(WORK, 'criterion-queries.txt');
    writeFileSync(file, queries.join('\n') + '\n');
    rmSync(join(ROOT, 'target', 'criterion', 'search'), { recursive: true, force: true });
    const r = spawnSync('cargo', ['bench', '--quiet', '--bench', 'search', '--', '--warm-up-time', '1', '--measurement-time', '2', '--noplot'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, FIHRIS_BENCH_INDEX: index, FIHRIS_BENCH_QUERIES: file },
    });
    if (r.status !== 0) console.log('    criterion failed; the results file will have no native latency');
  }
}

// ---- browser ----
const { runBrowser } = await import('./browser.mjs');
const results = {};
for (const corpus of regular) {
  say(`browser: ${corpus}`);
  const { result } = await runBrowser({
    corpus,
    engines,
    smoke,
    ...(smoke ? { out: join(smokeSite, corpus, 'browser.json') } : {}),
  });
  results[corpus] = result;
}

// ---- scale: 10,000 to 1,000,000 documents ----
const scaleCorpora = corpora.filter((c) => SCALE.includes(c));
if (!smoke && scaleCorpora.length) {
  say(`scale: ${scaleCorpora.join(', ')} (Fihris and Pagefind: builds, start-up and per-query bytes, Slow 4G)`);
  run('node', ['bench/scale.mjs', '--corpora', scaleCorpora.join(',')]);
}
if (smoke) {
  say('scale smoke: the seeds as a sharded index, cold queries in the browser');
  const { smokeSharded } = await import('./scale.mjs');
  const problems = await smokeSharded();
  if (problems.length) fail(problems.join('\n       '));
}

// ---- built website: the Hugo fixture with --site ----
if (siteBench) {
  say('built website: the Hugo fixture, fihris build --site and pagefind --site (bench/site.mjs)');
  const { runSite } = await import('./site.mjs');
  // With other corpora, report.mjs rewrites RESULTS.md below and puts the section in from site.json.
  const { problems } = await runSite({ report: !corpora.length });
  if (problems.length) fail(problems.join('\n       '));
  if (!corpora.length) {
    console.log(`\n  bench done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.exit(0);
  }
}

// ---- report ----
const { report } = await import('./report.mjs');
say(smoke ? 'report (bench/work/smoke/RESULTS.md)' : 'report (bench/RESULTS.md, bench/plot.svg)');
const r = smoke
  ? report({ site: smokeSite, out: join(WORK, 'smoke', 'RESULTS.md'), plot: join(WORK, 'smoke', 'plot.svg') })
  : report({ only: corpora });
for (const g of r.goals) console.log(`    ${g.met ? '✓' : '✗'} ${g.goal}: ${g.figures}`);

if (smoke) {
  const b = results.seeds;
  const problems = [];
  for (const [name, info] of Object.entries(b.engines)) if (info.error) problems.push(`${name} did not load: ${info.error.split('\n')[0]}`);
  for (const [name, rows] of Object.entries(b.latency || {})) {
    const bad = rows.filter((x) => x.error);
    if (bad.length) problems.push(`${name}: ${bad.length} latency queries failed (${bad[0].error})`);
  }
  for (const [name, f] of Object.entries(b.first || {})) {
    if (f.errors.length) problems.push(`${name}: cold page failed (${f.errors[0].split('\n')[0]})`);
    else if (!f.hits) problems.push(`${name}: cold page rendered no hit`);
  }
  const rows = b.quality.results?.fihris || [];
  const mrr = rows.reduce((a, x) => a + (x.rank ? 1 / x.rank : 0), 0) / Math.max(1, rows.length);
  console.log(`    smoke: Fihris MRR@10 over ${rows.length} known items ${mrr.toFixed(2)}`);
  if (!rows.length || mrr === 0) problems.push('Fihris MRR@10 on the smoke items is 0');
  if (!b.isolated) problems.push('the benchmark page is not cross-origin isolated (COOP/COEP headers)');
  if (problems.length) fail(problems.join('\n       '));
}
console.log(`\n  bench done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
