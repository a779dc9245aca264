#!/usr/bin/env node
// Builds every engine's index for the given corpora, timed, and the browser bundles of the JS peers.
//
//   node bench/build.mjs [--runs N] [--engines a,b] [--no-cargo] [--memory MIB] [--shards MODE]
//                        [--cap-mib MIB] [--timeout S] <corpus>…
//   node bench/build.mjs --libs
//
// --memory and --shards are passed to `fihris build` (refused when the CLI lacks them).
// --fihris PATH --fihris-commit SHA: measure that binary (built from a clean checkout of SHA)
// instead of target/release/fihris, and record SHA as its source.
// --cap-mib and --timeout run the builds under `prlimit --as` and `timeout`: a build that fails
// under them is recorded as not built, with the reason, instead of stopping the run.
//
// Per corpus (made first by corpora.mjs if needed), each engine is built N times (default 5), every
// run in a fresh process under GNU time for its peak RSS. Output in bench/work/site/<corpus>/:
//   fihris/index/              target/release/fihris build bench/work/corpora/<c>/fihris --out … -q
//                              (fihris.idx, and the shard files when the index is sharded)
//   pagefind/                  the pagefind 1.6.0 binary of the npm package, on corpora/<c>/html
//   peers/<engine>.json        the JS peers' own export formats
//   build.json                 times, peak memory and shipped bytes (see README.md)
// --libs writes bench/work/lib/<engine>.js (IIFE bundles registering
// globalThis.FihrisBench.engines[name] = { load, search, version }) and bench/work/lib/libs.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, CORPORA, corpusInfo, corpusNames, ensureNpm, readDocs, WORK } from './corpora.mjs';
import { sumSizes, walk } from './lib/sizes.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const SITE = path.join(WORK, 'site');
const LIB = path.join(WORK, 'lib');
// --fihris PATH measures another build of the CLI (e.g. of a clean checkout of a commit).
const TREE_FIHRIS = path.join(ROOT, 'target/release/fihris');
let FIHRIS = TREE_FIHRIS;
let FIHRIS_COMMIT = null;
const GNU_TIME = '/usr/bin/time';
const COMPRESS_LIMIT = 256 * 2 ** 20;
let CARGO_BUILT = false;

// The JS peers (engines/index.mjs), imported once ensureNpm (corpora.mjs) has installed them.
const PEERS = ['minisearch', 'lunr', 'flexsearch', 'orama'];
export const ENGINES = ['fihris', 'pagefind', ...PEERS];
let peers;

// ---- helpers --------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Runs a command under GNU time: { ms (wall, measured here), rss_kb (peak resident set of the
 * process, %M), stdout, stderr, status }. With cap: { as_mib, timeout_s }, the command runs under
 * `prlimit --as` (address space) and `timeout` (SIGTERM, then SIGKILL 10 s later); %M is then the
 * largest of prlimit/timeout and the command, i.e. the command's.
 */
function timed(cmd, args, { cwd = ROOT, cap } = {}) {
  const rssFile = path.join(os.tmpdir(), `fihris-bench-rss-${process.pid}`);
  const wrap = cap
    ? [
        ...(cap.as_mib ? ['prlimit', `--as=${cap.as_mib * 2 ** 20}`, '--'] : []),
        ...(cap.timeout_s ? ['timeout', '--kill-after=10', String(cap.timeout_s)] : []),
      ]
    : [];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, ...wrap, cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  // GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N" first.
  const rss = Number.parseInt(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop(), 10);
  fs.rmSync(rssFile, { force: true });
  return { ms, rss_kb: rss, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The options `fihris build --help` lists (e.g. '--memory', '--shards'). */
export function fihrisBuildOptions() {
  const help = execFileSync(FIHRIS, ['build', '--help'], { encoding: 'utf8' });
  return { options: new Set(help.match(/--[a-z][a-z-]*/g) || []), help };
}

function installedVersion(pkg) {
  return JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** The binary the pagefind npm wrapper runs (it prefers pagefind_extended). */
function pagefindBinary() {
  const dir = path.join(BENCH, 'node_modules/@pagefind', `${process.platform}-${os.arch()}`, 'bin');
  for (const name of ['pagefind_extended', 'pagefind']) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`no pagefind binary in ${dir}: run npm install in bench/`);
}

async function ensureSetup({ cargo }) {
  if (!fs.existsSync(GNU_TIME)) throw new Error('GNU time (/usr/bin/time) is needed: apt-get install time');
  ensureNpm();
  peers = (await import('./engines/index.mjs')).engines;
  if (Object.keys(peers).join() !== PEERS.join()) throw new Error('engines/index.mjs and PEERS in build.mjs differ');
  // The engine modules state the version they were configured for; the lock must agree.
  for (const [name, e] of Object.entries(peers)) {
    const pkg = name === 'orama' ? '@orama/orama' : name;
    if (installedVersion(pkg) !== e.version) {
      throw new Error(`${pkg} ${installedVersion(pkg)} installed, engines/${name}.mjs says ${e.version}`);
    }
  }
  if (FIHRIS === TREE_FIHRIS && (cargo || !fs.existsSync(FIHRIS))) {
    console.log('cargo build --release --bin fihris');
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'fihris'], { cwd: ROOT, stdio: 'inherit' });
    CARGO_BUILT = true;
  }
}

function gitState() {
  try {
    const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), crate_modified: git('status', '--porcelain', '--', 'crate', 'Cargo.lock') !== '' };
  } catch {
    return {};
  }
}

// ---- one engine on one corpus ---------------------------------------------------------

/** What each engine runs for one build, and which of its output files a site ships. */
function plan(engine, corpus, out, fihrisArgs = []) {
  const src = path.join(CORPORA, corpus);
  switch (engine) {
    case 'fihris': {
      const dir = path.join(out, 'fihris/index');
      return {
        clean: path.join(out, 'fihris'),
        cmd: FIHRIS,
        args: ['build', path.join(src, 'fihris'), '--out', dir, ...fihrisArgs, '-q'],
        measured: `target/release/fihris build <corpus>/fihris --out …${fihrisArgs.length ? ` ${fihrisArgs.join(' ')}` : ''} -q (wall time of the process)`,
        // Every file the CLI wrote: fihris.idx, and the shards when it split the index.
        files: () => walk(dir),
      };
    }
    case 'pagefind': {
      const dir = path.join(out, 'pagefind');
      return {
        clean: dir,
        cmd: pagefindBinary(),
        args: ['--site', path.join(src, 'html'), '--output-path', dir],
        measured: `pagefind CLI: ${path.relative(ROOT, pagefindBinary())} (the binary the npm wrapper runs) --site <corpus>/html --output-path … (wall time of the process, writing to disk)`,
        files: () => pagefindFiles(dir),
      };
    }
    default: {
      const file = path.join(out, 'peers', `${engine}.json`);
      return {
        clean: file,
        cmd: process.execPath,
        args: [path.join(BENCH, 'lib/build-engine.mjs'), engine, path.join(src, 'docs.jsonl'), file],
        measured: 'engine.build(docs) inside a fresh node process: indexing + serializing to its export format (reading docs.jsonl and writing the file excluded)',
        files: () => [file],
      };
    }
  }
}

/**
 * Pagefind's output split by role. index: what search downloads besides the code (entry, meta,
 * index chunks, fragments, filters); lib: pagefind.js, its worker and the wasm of the site's
 * language(s); excluded: the UI bundles and the wasm of languages the pages do not use.
 */
function pagefindFiles(dir) {
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8'));
  const wasm = new Set(Object.values(entry.languages).map((l) => l.wasm && `wasm.${l.wasm}.pagefind`));
  const index = [];
  const lib = [];
  const excluded = [];
  for (const f of walk(dir)) {
    const rel = path.relative(dir, f);
    if (rel === 'pagefind.js' || rel === 'pagefind-worker.js' || wasm.has(rel)) lib.push(f);
    else if (rel === 'pagefind-entry.json' || rel.endsWith('.pf_meta') || /^(index|fragment|filter)\//.test(rel)) index.push(f);
    else excluded.push(f);
  }
  return Object.assign(index, { lib, excluded });
}

/**
 * The timed builds of one engine on one corpus: `run(i)` builds once (from a clean output
 * folder), `record()` sums the runs up. The runs of several engines are interleaved by
 * buildCorpusSite, so that every engine meets the same state of the machine: on this file
 * system, creating files right after many were deleted can cost ten times more, and it changes
 * over a few minutes, which would otherwise favour whichever engine ran at the better moment.
 */
function engineRuns(engine, corpus, { fihrisArgs = [], cap } = {}) {
  const out = path.join(SITE, corpus);
  const p = plan(engine, corpus, out, engine === 'fihris' ? fihrisArgs : []);
  const capped = cap && (cap.as_mib || cap.timeout_s) ? cap : undefined;
  const ms = [];
  const rss = [];
  const wall = [];
  const warnings = [];
  let last;
  let failed = null;
  const run = (i) => {
    if (failed) return;
    fs.rmSync(p.clean, { recursive: true, force: true });
    fs.mkdirSync(path.join(out, 'peers'), { recursive: true });
    const r = timed(p.cmd, p.args, { cap: capped });
    // fihris exits 2 when it skipped some files but still wrote the index.
    if (r.status !== 0 && !(engine === 'fihris' && r.status === 2)) {
      if (capped) {
        // Under a memory cap or time limit a failure is a figure, not an error of the benchmark.
        const tail = `${r.stderr}${r.stdout}`.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
        const why =
          r.status === 124 || r.status === 137
            ? `timed out after ${capped.timeout_s} s`
            : /alloc|memory|OOM/i.test(tail) || r.status === 134 || r.status === null
              ? `out of memory under the ${capped.as_mib} MiB address-space cap`
              : `exit ${r.status}`;
        fs.rmSync(p.clean, { recursive: true, force: true });
        failed = {
          version: engine === 'fihris' ? execFileSync(FIHRIS, ['--version'], { encoding: 'utf8' }).trim() : installedVersion(engine),
          measured: p.measured,
          did_not_build: `${why} after ${(r.ms / 1000).toFixed(0)} s (peak RSS ${(r.rss_kb / 1024).toFixed(0)} MiB)${tail ? `: ${tail}` : ''}`,
          cap: capped,
          wall_ms: round(r.ms),
          peak_rss_kb: r.rss_kb,
        };
        return;
      }
      throw new Error(`${engine} on ${corpus} exited ${r.status}:\n${r.stderr}${r.stdout}`);
    }
    if (r.status === 2 && i === 0) warnings.push(`exit 2: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
    wall.push(r.ms);
    rss.push(r.rss_kb);
    ms.push(p.cmd === process.execPath ? JSON.parse(r.stdout.trim().split('\n').pop()).build_ms : r.ms);
    last = r;
  };
  return { run, record: () => failed ?? summarize() };

  function summarize() {
    const files = p.files();
    const rec = {
      version: engine === 'fihris' ? execFileSync(FIHRIS, ['--version'], { encoding: 'utf8' }).trim() : engine === 'pagefind' ? installedVersion('pagefind') : peers[engine].version,
      measured: p.measured,
      build_ms_median: round(median(ms)),
      build_ms_runs: ms.map((x) => round(x)),
      wall_ms_median: round(median(wall)),
      peak_rss_kb: Math.max(...rss),
      peak_rss_kb_runs: rss,
      // Compressing a gigabyte at brotli 11 takes longer than building it: above this, raw bytes only.
      ...sumSizes(files, { maxCompress: COMPRESS_LIMIT }),
    };
    if (capped) rec.cap = capped;
    if (engine === 'fihris') {
      const idx = path.join(out, 'fihris/index/fihris.idx');
      rec.args = fihrisArgs;
      const m = fihrisArgs.indexOf('--memory');
      if (m >= 0) rec.memory_bound_mib = Number(fihrisArgs[m + 1]);
      rec.layout = {
        files: files.length,
        entry_bytes: fs.existsSync(idx) ? fs.statSync(idx).size : null,
        sharded: files.length > 1,
      };
      // The code measured: HEAD, whether crate/ differed from it, and whether this invocation built
      // the CLI from that tree (with --no-cargo the binary may be older or newer than the tree).
      rec.source = {
        ...(FIHRIS_COMMIT ? { commit: FIHRIS_COMMIT, crate_modified: false, binary: FIHRIS } : gitState()),
        cargo_build: CARGO_BUILT,
        binary_mtime: fs.statSync(FIHRIS).mtime.toISOString(),
        binary_sha256: createHash('sha256').update(fs.readFileSync(FIHRIS)).digest('hex'),
      };
    }
    if (engine === 'pagefind') {
      rec.note = 'bytes: entry + meta + index chunks + fragments; .pf_* files are gzip-compressed by pagefind itself, so bytes_raw is already compressed';
      const words = /Indexed (\d+) words?/.exec(last.stdout);
      if (words) rec.words_indexed = Number(words[1]);
      rec.lib = { files: files.lib.map((f) => path.basename(f)), ...sumSizes(files.lib) };
      rec.bytes_index_files = files.length;
      rec.excluded = files.excluded.map((f) => path.relative(path.join(out, 'pagefind'), f));
    }
    if (p.cmd === process.execPath) rec.note = 'peak_rss_kb is the whole node process, corpus in memory included (see node_baseline_rss_kb)';
    if (engine === 'orama') rec.note = `${rec.note}; Orama's save() includes the documents themselves`;
    if (warnings.length) rec.warnings = warnings;
    return rec;
  }
}

function buildCorpusSite(corpus, { runs, engines, fihrisArgs, cap }) {
  // Pagefind reads html/, the JS peers docs.jsonl: forms a corpus may not have been written in.
  const forms = ['fihris', ...(engines.includes('pagefind') ? ['html'] : []), ...(engines.some((e) => PEERS.includes(e)) ? ['jsonl'] : [])];
  const have = corpusInfo(corpus)?.forms;
  buildCorpus(corpus, have ? { forms: [...new Set([...have, ...forms])] } : {});
  const info = corpusInfo(corpus);
  const docs = info?.docs ?? readDocs(corpus).length;
  const docsFile = path.join(CORPORA, corpus, 'docs.jsonl');
  // A node process that only parses the corpus: what every peer's peak RSS starts from.
  const base = engines.some((e) => PEERS.includes(e)) ? timed(process.execPath, [path.join(BENCH, 'lib/build-engine.mjs'), 'none', docsFile]) : null;
  const result = {
    corpus,
    docs,
    runs,
    date: new Date().toISOString(), // of this invocation; each engine record has its own
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, mem_gib: round(os.totalmem() / 2 ** 30), node: process.version },
    node_baseline_rss_kb: base?.rss_kb ?? null,
    engines: {},
  };
  // With --engines, the other engines' records of an earlier build of the same corpus are kept.
  const jsonFile = path.join(SITE, corpus, 'build.json');
  if (fs.existsSync(jsonFile)) {
    const old = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    if (old.docs === docs) {
      for (const [e, rec] of Object.entries(old.engines)) if (!engines.includes(e)) result.engines[e] = rec;
      if (result.node_baseline_rss_kb == null) result.node_baseline_rss_kb = old.node_baseline_rss_kb ?? null;
    }
  }
  const builds = engines.map((engine) => [engine, engineRuns(engine, corpus, { fihrisArgs, cap })]);
  // Run 1 of every engine, then run 2 of every engine, …: the same conditions for all.
  for (let i = 0; i < runs; i++) for (const [, b] of builds) b.run(i);
  for (const [engine, b] of builds) {
    const rec = { ...b.record(), date: new Date().toISOString() };
    result.engines[engine] = rec;
    if (rec.did_not_build) {
      console.log(`${corpus.padEnd(16)} ${engine.padEnd(10)} did not build: ${rec.did_not_build}`);
      continue;
    }
    console.log(
      `${corpus.padEnd(16)} ${engine.padEnd(10)} build ${String(rec.build_ms_median).padStart(9)} ms (median of ${runs})` +
        `  peak RSS ${String(Math.round(rec.peak_rss_kb / 1024)).padStart(5)} MiB` +
        `  ${rec.files} file(s), ${rec.bytes_raw} B raw, ${rec.bytes_gzip ?? '–'} B gzip, ${rec.bytes_brotli ?? '–'} B brotli`,
    );
  }
  result.engines = Object.fromEntries(ENGINES.filter((e) => result.engines[e]).map((e) => [e, result.engines[e]]));
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

// ---- browser bundles ---------------------------------------------------------------------

async function buildLibs() {
  const esbuild = await import('esbuild');
  fs.mkdirSync(LIB, { recursive: true });
  const sizes = {};
  for (const name of Object.keys(peers)) {
    const entry =
      `import * as e from ${JSON.stringify(`./engines/${name}.mjs`)};\n` +
      'const g = (globalThis.FihrisBench ??= {});\n' +
      '(g.engines ??= {})[e.name] = { load: e.load, search: e.search, version: e.version };\n';
    const r = await esbuild.build({
      stdin: { contents: entry, resolveDir: BENCH, sourcefile: `${name}-entry.mjs`, loader: 'js' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      write: false,
      // lunr.mjs reads import.meta.url only on its Node path (loading lunr with require()).
      define: { 'import.meta.url': '""' },
      // lunr and lunr-languages are never bundled: see below.
      external: ['lunr', 'lunr-languages/*'],
    });
    let code = r.outputFiles[0].text;
    if (name === 'lunr') {
      // lunr.ar must run as a sloppy-mode classic script (see engines/lunr.mjs): the package's
      // own minified classic scripts come first, unchanged, then the glue. None of them starts
      // with a "use strict" directive, which would make the whole concatenation strict.
      const classic = ['lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.ar.min.js']
        .map((f) => fs.readFileSync(path.join(BENCH, 'node_modules', f), 'utf8').trim());
      code = `${classic.join(';\n')};\n${code}`;
    }
    const file = path.join(LIB, `${name}.js`);
    fs.writeFileSync(file, code);
    const s = sumSizes([file]);
    sizes[name] = { version: peers[name].version, bytes_min: s.bytes_raw, bytes_gzip: s.bytes_gzip, bytes_brotli: s.bytes_brotli };
    console.log(`lib ${name.padEnd(10)} ${s.bytes_raw} B min, ${s.bytes_gzip} B min+gzip, ${s.bytes_brotli} B min+brotli`);
  }
  fs.writeFileSync(path.join(LIB, 'libs.json'), `${JSON.stringify({ esbuild: installedVersion('esbuild'), libs: sizes }, null, 2)}\n`);
}

// ---- command line ---------------------------------------------------------------------

async function main(argv) {
  let runs = 5;
  let engines = ENGINES;
  let libs = false;
  let cargo = true;
  const fihrisArgs = [];
  const cap = {};
  const corpora = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') runs = Number.parseInt(argv[++i], 10);
    else if (a === '--engines') engines = argv[++i].split(',');
    else if (a === '--libs') libs = true;
    else if (a === '--no-cargo') cargo = false;
    else if (a === '--fihris') FIHRIS = path.resolve(argv[++i]);
    else if (a === '--fihris-commit') FIHRIS_COMMIT = argv[++i];
    else if (a === '--memory' || a === '--shards') fihrisArgs.push(a, argv[++i]);
    else if (a === '--cap-mib') cap.as_mib = Number.parseInt(argv[++i], 10);
    else if (a === '--timeout') cap.timeout_s = Number.parseInt(argv[++i], 10);
    else if (a === '-h' || a === '--help') {
      const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).join('\n').replace(/^\/\/ ?/gm, ''));
      return;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else corpora.push(a);
  }
  if (!(runs >= 1)) throw new Error('--runs needs a positive number');
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (known: ${ENGINES.join(', ')})`);
  if (!libs && !corpora.length) throw new Error('name the corpora to build, or --libs (see --help)');
  await ensureSetup({ cargo: cargo && corpora.length > 0 && engines.includes('fihris') });
  if (fihrisArgs.length && engines.includes('fihris')) {
    const { options } = fihrisBuildOptions();
    for (let i = 0; i < fihrisArgs.length; i += 2) {
      if (!options.has(fihrisArgs[i])) throw new Error(`fihris build has no ${fihrisArgs[i]} option (see fihris build --help)`);
    }
  }
  if (libs) await buildLibs();
  for (const c of corpora.length ? corpusNames(corpora) : []) buildCorpusSite(c, { runs, engines, fihrisArgs, cap });
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`build.mjs: ${e.message}`);
  process.exit(1);
});
