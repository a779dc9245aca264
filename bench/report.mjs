// Merge the figures of a benchmark run into a results file and a plot.
//
//   node bench/report.mjs [--site DIR] [--out FILE] [--plot FILE] [corpus…]
//   node bench/report.mjs --scale-only [--site DIR] [--out FILE] [--plot FILE]
//
// --scale-only: replace only the Scale section and the scale goals of an existing results file
// (and redraw the plot from the corpora it shows), keeping the figures of runs not repeated.
//
// Reads, for every corpus that has them, bench/work/site/<corpus>/build.json and
// browser.json; the sizes of dist/ (wasm, glue, API); criterion's estimates in
// target/criterion/search/*/new/ when present. Writes bench/RESULTS.md and
// bench/plot.svg (hand-written SVG).

import { existsSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import os from 'node:os';
import { CATEGORIES, KINDS } from './queries.mjs';
import { siteSection, writeSection } from './lib/site-report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORDER = ['fihris', 'pagefind', 'pagefind+data', 'minisearch', 'lunr', 'flexsearch', 'orama'];
const CORPUS_ORDER = ['seeds', 'quran-plain', 'quran-vocalised', 'quran-uthmani', 'large-1x', 'large-10k', 'large-4x', 'large-16x', 'large-1m'];
// The scale points, in document order (corpora.mjs SCALE).
const SCALE = ['large-1x', 'large-10k', 'large-4x', 'large-16x', 'large-1m'];
const PEERS = ORDER.filter((e) => e !== 'fihris');

// ---- formatting -------------------------------------------------------------

const ms = (x) =>
  x == null || Number.isNaN(x) ? '–' : x < 0.01 ? x.toFixed(4) : x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(1) : x.toFixed(0);
const kb = (b) => (b == null ? '–' : b >= 1048576 ? `${(b / 1048576).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} KB`);
const ratio = (peer, fihris) =>
  peer == null || fihris == null || fihris === 0 ? '–' : `×${(peer / fihris).toFixed(peer / fihris < 10 ? 2 : 0)}`;
const pct = (x) => (x == null ? '–' : x.toFixed(2));
const percentile = (xs, p) => {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);

function fileSizes(path) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

// ---- inputs -------------------------------------------------------------------

function loadRun(site, only) {
  const names = existsSync(site) ? readdirSync(site).filter((d) => statSync(join(site, d)).isDirectory()) : [];
  const corpora = names
    .filter((c) => !only.length || only.includes(c))
    .map((c) => ({ name: c, build: readJson(join(site, c, 'build.json')), browser: readJson(join(site, c, 'browser.json')) }))
    .filter((c) => c.build || c.browser);
  corpora.sort((a, b) => CORPUS_ORDER.indexOf(a.name) - CORPUS_ORDER.indexOf(b.name));
  return corpora;
}

function criterion() {
  const dir = join(ROOT, 'target', 'criterion', 'search');
  if (!existsSync(dir)) return [];
  const out = [];
  for (const d of readdirSync(dir)) {
    const est = readJson(join(dir, d, 'new', 'estimates.json'));
    const meta = readJson(join(dir, d, 'new', 'benchmark.json'));
    if (!est || !meta) continue;
    out.push({ id: meta.function_id || d, median_ns: est.median.point_estimate, mean_ns: est.mean.point_estimate });
  }
  return out;
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

// ---- derived figures ------------------------------------------------------------

/** p50/p99 of the latency list per engine (ms per query). */
function listLatency(b, engine) {
  const rows = b.latency?.[engine];
  if (!rows) return null;
  const xs = rows.filter((r) => !r.error).map((r) => r.ms);
  return { p50: percentile(xs, 50), p99: percentile(xs, 99), withHits: rows.filter((r) => r.count > 0).length, n: rows.length };
}

/** Latency of Fihris and a peer over the quality queries both answer with a relevant document in their top 10. */
function pairedLatency(b, peer) {
  const q = b.quality?.results;
  if (!q?.fihris || !q[peer]) return null;
  const f = [];
  const p = [];
  q.fihris.forEach((r, k) => {
    const o = q[peer][k];
    if (r.rank && o?.rank && r.ms != null && o.ms != null) {
      f.push(r.ms);
      p.push(o.ms);
    }
  });
  return { n: f.length, total: q.fihris.length, fihris: { p50: percentile(f, 50), p99: percentile(f, 99) }, peer: { p50: percentile(p, 50), p99: percentile(p, 99) } };
}

function pagefindRuntime(site, corpus) {
  const dir = join(site, corpus, 'pagefind');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir);
  const pick = (f) => (files.includes(f) ? fileSizes(join(dir, f)) : null);
  const wasm = files.find((f) => /^wasm\.ar\.pagefind$/.test(f)) || files.find((f) => /^wasm\..*\.pagefind$/.test(f));
  const js = pick('pagefind.js');
  const worker = pick('pagefind-worker.js');
  const w = wasm ? statSync(join(dir, wasm)).size : null; // already gzip-compressed by Pagefind
  return { js, worker, wasm: w, wasmName: wasm };
}

// ---- the report -----------------------------------------------------------------

export function report({ site = join(ROOT, 'bench', 'work', 'site'), out = join(ROOT, 'bench', 'RESULTS.md'), plot = join(ROOT, 'bench', 'plot.svg'), only = [] } = {}) {
  const corpora = loadRun(site, only);
  const L = [];
  const goals = [];
  const any = corpora.find((c) => c.browser);
  const engineNames = (c) => ORDER.filter((e) => c.browser?.engines?.[e] && !c.browser.engines[e].error);

  // header
  const cpu = os.cpus();
  const pins = readJson(join(ROOT, 'bench', 'package.json'))?.devDependencies || {};
  L.push('# Fihris benchmark results', '');
  L.push(`Generated by \`./build.sh bench\` (bench/run.mjs → bench/report.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`, '');
  L.push(table(['item', 'value'], [
    ['machine', `${cpu[0]?.model?.trim() || '?'}, ${cpu.length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`],
    ['Fihris', `commit ${git(['rev-parse', '--short', 'HEAD']) || '?'}${git(['status', '--porcelain', '--', 'crate', 'www']) ? ' (+ uncommitted changes in crate/ or www/)' : ''}`],
    ['Node', process.version],
    ['browser', `${any?.browser?.browser || '?'} (Debian Chromium, headless, playwright-core), page cross-origin isolated: ${any?.browser?.isolated ?? '?'}, timer step ${any?.browser?.timer_resolution_ms != null ? (any.browser.timer_resolution_ms * 1000).toFixed(1) + ' µs' : '?'}`],
    ['peers (bench/package.json)', Object.entries(pins).filter(([n]) => !/esbuild|quran/.test(n)).map(([n, v]) => `${n} ${v}`).join(', ')],
    ['server', 'bench/serve-bench.mjs on 127.0.0.1: brotli (q11) for text, wasm, JSON and fihris.idx, Pagefind\'s own pre-compressed files as they are, COOP/COEP; HTTP/1.1, and for the cold loads HTTP/2 too (TLS, self-signed certificate)'],
  ]), '');
  L.push('Ratios are **peer ÷ Fihris**: above 1 the peer takes longer or downloads more than Fihris, below 1 it is cheaper. ' +
    'For quality the ratio column is left out and the figures are shown side by side. Timings come from one run on a shared 2-vCPU VM; ' +
    'compare them within a table (same run, same page) rather than across runs.', '');
  L.push('![p50 latency and bytes to first result per engine and corpus](plot.svg)', '');

  // corpora
  L.push('## Corpora', '');
  L.push(table(['corpus', 'documents', 'how it was built'], corpora.map((c) => {
    const meta = readJson(join(ROOT, 'bench', 'work', 'corpora', c.name, 'corpus.json'));
    const how = meta?.params ? Object.entries(meta.params).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).filter((x) => x.length < 200).join('; ') : '';
    return [c.name, String(c.build?.docs ?? meta?.docs ?? '?'), how.replace(/\|/g, '\\|')];
  })), '');

  // runtime sizes
  L.push('## Engine code a page downloads (wasm + JS)', '');
  const dist = join(ROOT, 'dist');
  const fFiles = ['pkg/fihris_bg.wasm', 'pkg/fihris.js', 'fihris.js'].filter((f) => existsSync(join(dist, f)));
  const fs = Object.fromEntries(fFiles.map((f) => [f, fileSizes(join(dist, f))]));
  const fTotal = { raw: 0, gzip: 0, brotli: 0 };
  for (const s of Object.values(fs)) for (const k of Object.keys(fTotal)) fTotal[k] += s[k];
  const pfCorpus = corpora.find((c) => pagefindRuntime(site, c.name));
  const pf = pfCorpus ? pagefindRuntime(site, pfCorpus.name) : null;
  const rows = Object.entries(fs).map(([f, s]) => [`Fihris dist/${f}`, kb(s.raw), kb(s.gzip), kb(s.brotli)]);
  rows.push(['**Fihris total**', kb(fTotal.raw), `**${kb(fTotal.gzip)}**`, kb(fTotal.brotli)]);
  let pfGzip = null;
  if (pf) {
    if (pf.js) rows.push(['Pagefind pagefind.js', kb(pf.js.raw), kb(pf.js.gzip), kb(pf.js.brotli)]);
    if (pf.worker) rows.push(['Pagefind pagefind-worker.js', kb(pf.worker.raw), kb(pf.worker.gzip), kb(pf.worker.brotli)]);
    if (pf.wasm) rows.push([`Pagefind ${pf.wasmName} (shipped gzip-compressed)`, '–', kb(pf.wasm), kb(pf.wasm)]);
    pfGzip = (pf.js?.gzip || 0) + (pf.worker?.gzip || 0) + (pf.wasm || 0);
    rows.push(['**Pagefind total**', '–', `**${kb(pfGzip)}**`, '–']);
  }
  L.push(table(['file', 'raw', 'gzip -9', 'brotli 11'], rows), '');
  goals.push({
    goal: 'wasm + JS ≤ Pagefind\'s 84 KB gzip (59 KB wasm + 25 KB JS)',
    met: fTotal.gzip <= 84 * 1024 && (pfGzip == null || fTotal.gzip <= pfGzip),
    figures: `Fihris ${kb(fTotal.gzip)} gzip; Pagefind ${pfGzip ? kb(pfGzip) : '84 KB (issue)'} in this run`,
  });

  // build
  L.push('## Index build time (native, median) and peak memory', '');
  const builders = [...new Set(corpora.flatMap((c) => Object.keys(c.build?.engines || {})))].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const withBuild = corpora.filter((c) => c.build);
  if (withBuild.length) {
    L.push(table(['engine', ...withBuild.map((c) => c.name)], builders.map((e) => [e, ...withBuild.map((c) => {
      const x = c.build.engines[e];
      const f = c.build.engines.fihris;
      if (!x) return '–';
      return `${ms(x.build_ms_median)} ms${e === 'fihris' ? '' : ` (${ratio(x.build_ms_median, f?.build_ms_median)})`}`;
    })])), '');
    L.push(table(['peak RSS', ...withBuild.map((c) => c.name)], builders.map((e) => [e, ...withBuild.map((c) => {
      const x = c.build.engines[e];
      return x?.peak_rss_kb ? `${(x.peak_rss_kb / 1024).toFixed(0)} MB` : '–';
    })])), '');
    L.push('## Index on disk', '', 'Total of the files each engine writes for the corpus (Pagefind: its whole bundle including its JS and wasm; the JS peers: the serialized index only).', '');
    L.push(table(['engine', ...withBuild.map((c) => `${c.name} raw / brotli`)], builders.map((e) => [e, ...withBuild.map((c) => {
      const x = c.build.engines[e];
      const f = c.build.engines.fihris;
      if (!x) return '–';
      return `${kb(x.bytes_raw)} / ${kb(x.bytes_brotli)}${e === 'fihris' ? '' : ` (${ratio(x.bytes_brotli, f?.bytes_brotli)})`}${x.files > 1 ? `, ${x.files} files` : ''}`;
    })])), '');
    for (const c of withBuild.filter((c) => c.name.startsWith('quran'))) {
      const f = c.build.engines.fihris?.build_ms_median;
      const p = c.build.engines.pagefind?.build_ms_median;
      if (f != null && p != null) goals.push({ goal: `build time ≤ one fifth of Pagefind's (${c.name})`, met: f * 5 <= p, figures: `Fihris ${ms(f)} ms, Pagefind ${ms(p)} ms (×${(p / f).toFixed(2)})` });
    }
  }

  // first result
  const withBrowser = corpora.filter((c) => c.browser);
  L.push('## Cold page: bytes and time to the first result', '');
  L.push('A fresh browser context (empty cache) per load; a minimal page loads the engine and its index, runs one typical query and renders the hits. ' +
    'Bytes = every response body as sent (compressed) from navigation to the first rendered hit, the page\'s own HTML and harness script excluded; time = navigation start to the hits in the DOM, median of the cold loads; the harness does not touch the page until it logs that its hits are in (no polling script runs in the page while it loads). ' +
    'Fihris renders titles and excerpts from its index, Pagefind from its fragments (search + data() of the 10 shown hits); the JS peers ship no document store, they render ids only. ' +
    'The harness\'s script is inline in the page and its module of engine adapters preloaded, so the page adds one request before the engine\'s own. ' +
    'Each load is made twice, over HTTP/1.1 and over HTTP/2 (TLS, self-signed certificate), the protocol static hosts serve: over HTTP/1.1 Chromium opens at most six connections to a host and a round of more parallel requests waits for them; over HTTP/2 they share one. Bytes are the same over both; times are shown for both.', '');
  const cold = (c, e, key = 'first') => {
    const x = c.browser[key]?.[e];
    return !x || x.errors?.length === x.runs ? null : x;
  };
  L.push(table(['engine', ...withBrowser.map((c) => `${c.name} (${c.browser.first?.fihris?.query || ''})`)], ORDER.filter((e) => withBrowser.some((c) => c.browser.first?.[e])).map((e) => [e, ...withBrowser.map((c) => {
    const x = cold(c, e);
    const f = cold(c, 'fihris');
    if (!x) return '–';
    const x2 = cold(c, e, 'first_http2');
    const f2 = cold(c, 'fihris', 'first_http2');
    const h2 = x2 ? `; HTTP/2 ${ms(x2.ttfr_ms_median)} ms${e === 'fihris' ? '' : ` (${ratio(x2.ttfr_ms_median, f2?.ttfr_ms_median)})`}` : '';
    return `${kb(x.bytes_median)} in ${x.requests_median} req.${e === 'fihris' ? '' : ` (${ratio(x.bytes_median, f?.bytes_median)})`}; HTTP/1.1 ${ms(x.ttfr_ms_median)} ms${e === 'fihris' ? '' : ` (${ratio(x.ttfr_ms_median, f?.ttfr_ms_median)})`}${h2}`;
  })])), '');
  for (const c of withBrowser) {
    const f = cold(c, 'fihris');
    const p = cold(c, 'pagefind');
    if (f?.bytes_median != null && p?.bytes_median != null) {
      goals.push({ goal: `bytes to first result ≤ half of Pagefind's (${c.name})`, met: f.bytes_median * 2 <= p.bytes_median, figures: `Fihris ${kb(f.bytes_median)}, Pagefind ${kb(p.bytes_median)} (×${(p.bytes_median / f.bytes_median).toFixed(2)})` });
      // Met only when met over both protocols.
      const runs = [['HTTP/1.1', f, p], ['HTTP/2', cold(c, 'fihris', 'first_http2'), cold(c, 'pagefind', 'first_http2')]].filter(([, a, b]) => a?.ttfr_ms_median != null && b?.ttfr_ms_median != null);
      goals.push({
        goal: `time to first result ≤ half of Pagefind's, over HTTP/1.1 and HTTP/2 (${c.name})`,
        met: runs.every(([, a, b]) => a.ttfr_ms_median * 2 <= b.ttfr_ms_median),
        figures: runs.map(([name, a, b]) => `${name}: Fihris ${ms(a.ttfr_ms_median)} ms, Pagefind ${ms(b.ttfr_ms_median)} ms (×${(b.ttfr_ms_median / a.ttfr_ms_median).toFixed(2)})`).join('; '),
      });
    }
  }
  L.push('<details><summary>Files fetched by Fihris and Pagefind before the first result</summary>', '');
  for (const c of withBrowser) {
    for (const e of ['fihris', 'pagefind']) {
      const x = c.browser.first?.[e];
      if (!x?.files?.length) continue;
      L.push(`**${c.name}, ${e}**: ` + x.files.map((f) => `${f.path.replace(/^\/site\/[^/]+\//, '')} ${kb(f.bytes)}${f.encoding ? ` (${f.encoding}, ${kb(f.raw)} raw)` : ''}`).join(' · '), '');
    }
  }
  L.push('</details>', '');

  // latency
  L.push('## Query latency in the browser', '');
  L.push('All engines in one page, warm (each query run before it is timed; Pagefind has fetched its chunks), no network. Each query is timed over a batch of ≥ 20 calls lasting ≥ 2 ms, divided by the calls. ' +
    'Fihris: `engine.search(q, { limit: 10 })`, which also builds the 10 excerpts and highlights; peers: their search, top 10 ids; Pagefind: `search()` alone, and `search()` + `data()` of the top 10 (fragments cached). ' +
    '"hits" = queries of the list that returned anything.', '');
  L.push(table(['engine', ...withBrowser.map((c) => `${c.name} p50 / p99 ms`)], ORDER.filter((e) => withBrowser.some((c) => c.browser.latency?.[e])).map((e) => [e, ...withBrowser.map((c) => {
    const x = listLatency(c.browser, e);
    const f = listLatency(c.browser, 'fihris');
    if (!x) return '–';
    return `${ms(x.p50)} / ${ms(x.p99)}${e === 'fihris' ? '' : ` (${ratio(x.p50, f?.p50)} / ${ratio(x.p99, f?.p99)})`}; hits ${x.withHits}/${x.n}`;
  })])), '');
  L.push('### Among engines that return the expected document', '');
  L.push('Over the known-item queries (below) where both Fihris and the peer rank a relevant document in their top 10, the same queries timed for both (batches of ≥ 3 calls lasting ≥ 1 ms). Cell: peer p50 / p99 vs Fihris p50 / p99 on those queries, and ratios.', '');
  L.push(table(['peer', ...withBrowser.map((c) => c.name)], PEERS.filter((e) => withBrowser.some((c) => c.browser.quality?.results?.[e])).map((e) => [e, ...withBrowser.map((c) => {
    const x = pairedLatency(c.browser, e);
    if (!x || !x.n) return '–';
    return `${ms(x.peer.p50)} / ${ms(x.peer.p99)} vs ${ms(x.fihris.p50)} / ${ms(x.fihris.p99)} (${ratio(x.peer.p50, x.fihris.p50)} / ${ratio(x.peer.p99, x.fihris.p99)}; n=${x.n})`;
  })])), '');
  for (const c of withBrowser) {
    const lost = [];
    for (const e of PEERS) {
      if (e === 'pagefind+data') continue;
      const x = pairedLatency(c.browser, e);
      if (!x || !x.n) continue;
      if (x.fihris.p50 > x.peer.p50) lost.push(`${e} p50 ${ms(x.peer.p50)} < ${ms(x.fihris.p50)}`);
      if (x.fihris.p99 > x.peer.p99) lost.push(`${e} p99 ${ms(x.peer.p99)} < ${ms(x.fihris.p99)}`);
    }
    if (c.browser.quality?.results?.fihris) goals.push({ goal: `fastest at p50 and p99 among engines returning the expected document (${c.name})`, met: lost.length === 0, figures: lost.length ? `faster peers: ${lost.join('; ')}` : 'Fihris is fastest against every peer on the shared queries' });
  }
  L.push('### p50 by query category (ms; in brackets: queries with hits)', '');
  for (const c of withBrowser) {
    const qs = c.browser.queries || [];
    const es = engineNames(c).filter((e) => c.browser.latency?.[e]);
    L.push(`**${c.name}**`, '');
    L.push(table(['category', ...es], CATEGORIES.filter((cat) => qs.some((q) => q.category === cat)).map((cat) => [
      `${cat} (${qs.filter((q) => q.category === cat).map((q) => q.query).join('، ')})`,
      ...es.map((e) => {
        const rows = c.browser.latency[e].filter((_, i) => qs[i].category === cat);
        return `${ms(percentile(rows.map((r) => r.ms).filter((x) => x != null), 50))} [${rows.filter((r) => r.count > 0).length}/${rows.length}]`;
      }),
    ])), '');
  }

  // native
  const crit = criterion();
  if (crit.length) {
    L.push('## Native query latency (criterion, `cargo bench --bench search`)', '');
    L.push(`Index: ${process.env.FIHRIS_BENCH_INDEX_LABEL || 'the quran-plain index'}; limit 10, excerpts included.`, '');
    L.push(table(['query', 'median µs', 'mean µs'], crit.map((r) => [r.id, (r.median_ns / 1000).toFixed(1), (r.mean_ns / 1000).toFixed(1)])), '');
  }

  // quality
  L.push('## Search quality: known-item test', '');
  L.push('For each sampled document (seeds: all 5, up to 10 phrases each; other corpora: 320 documents drawn with a fixed seed) the phrase of 2–3 consecutive words with the highest minimum IDF (over the plain-folded text) is the query, ' +
    'perturbed one way at a time: `exact` as written; `no-diacritics` marks removed; `diacritics-added` plain text given regular harakat (plain corpora only); `hamza` أ/إ/آ written ا (or an initial ا written أ); ' +
    '`article` ال or و added or dropped on one word; `typo` one letter substituted, deleted or transposed in the longest word (never the first); `word-order` words reversed. ' +
    'Relevant: the document, or any document with the same folded text. A kind that changes nothing for a phrase is left out, so n varies. Cells: MRR@10 / success@1.', '');
  for (const c of withBrowser) {
    const s = c.browser.quality?.summary;
    if (!s) continue;
    const es = ORDER.filter((e) => s[e] && e !== 'pagefind+data');
    const kinds = KINDS.filter((k) => es.some((e) => s[e][k]));
    L.push(`**${c.name}** (${c.browser.quality.items.length} queries from ${c.browser.quality.sampled} documents)`, '');
    L.push(table(['kind (n)', ...es], kinds.map((k) => [`${k} (${s.fihris?.[k]?.n ?? s[es[0]][k]?.n ?? 0})`, ...es.map((e) => {
      const x = s[e][k];
      if (!x) return '–';
      const cell = `${pct(x.mrr)} / ${pct(x.success1)}`;
      return e === 'fihris' ? `**${cell}**` : cell;
    })])), '');
    if (s.fihris) {
      const low = kinds.filter((k) => s.fihris[k] && s.fihris[k].mrr < 0.95);
      const beaten = kinds.flatMap((k) => es.filter((e) => e !== 'fihris' && s[e][k] && s.fihris[k] && s[e][k].mrr > s.fihris[k].mrr + 1e-9).map((e) => `${e} on ${k} ${pct(s[e][k].mrr)} > ${pct(s.fihris[k].mrr)}`));
      goals.push({
        goal: `known-item MRR@10 ≥ 0.95 on every perturbation kind and ≥ the best peer on each (${c.name})`,
        met: !low.length && !beaten.length,
        figures: `Fihris ${kinds.map((k) => `${k} ${pct(s.fihris[k]?.mrr)}`).join(', ')}` + (low.length ? `; below 0.95: ${low.join(', ')}` : '') + (beaten.length ? `; beaten by ${beaten.join('; ')}` : ''),
      });
    }
  }

  // scale
  const sc = scaleSection(site, goals);
  L.push(...sc.lines);

  // goals
  const G = ['## Goals', '', 'The goals of the benchmark issue, held against this run\'s figures.', ''];
  G.push(table(['', 'goal', 'figures'], goals.map((g) => [g.met ? '✓' : '✗', g.goal, g.figures])), '');
  const headerEnd = L.indexOf('## Corpora');
  L.splice(headerEnd, 0, ...G);

  // Profiling notes kept by hand (before/after figures of the fixes the
  // profiles led to) are carried into every report.
  const notes = join(ROOT, 'bench', 'profiling.md');
  if (existsSync(notes)) L.push(readFileSync(notes, 'utf8').trim(), '');

  writeFileSync(out, L.join('\n') + '\n');
  // The built-website section (bench/site.mjs), from its last run's site.json.
  const siteData = readJson(join(site, 'hugo-site', 'site.json'));
  if (siteData) writeSection(out, siteSection(siteData));
  writeFileSync(plot, svgPlot(withBrowser, sc.points));
  return { out, plot, goals };
}

// ---- scale ------------------------------------------------------------------------

const int = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const mib = (k) => (k == null ? '–' : `${(k / 1024).toFixed(0)} MiB`);
const secs = (x) => (x == null ? '–' : x >= 100000 ? `${(x / 60000).toFixed(1)} min` : `${(x / 1000).toFixed(1)} s`);

/** The Scale section: Fihris and Pagefind from 10,000 to 1,000,000 documents. */
function scaleSection(site, goals) {
  const pts = SCALE.map((name) => ({
    name,
    corpus: readJson(join(ROOT, 'bench', 'work', 'corpora', name, 'corpus.json')),
    build: readJson(join(site, name, 'build.json')),
    scale: readJson(join(site, name, 'scale.json')),
  })).filter((p) => p.scale || p.build?.engines?.fihris);
  if (!pts.length) return { lines: [], points: [] };
  const L = ['## Scale: 10,000 to 1,000,000 documents', ''];
  const any = pts.find((p) => p.scale)?.scale;
  const t = any?.throttle;
  L.push('The large-* corpora are prefixes of one sequence of recombined Quran verses (see Corpora); `large-10k` and `large-1m` are the ends of the range. ' +
    'Measured by `bench/scale.mjs` for Fihris and Pagefind only, each load in a fresh browser context (empty cache), from the server\'s log of every response (bytes as sent: brotli for Fihris\'s files, Pagefind\'s own gzip for its `.pf_*`):', '');
  L.push('- **start-up**: what the page downloads until the engine is ready for a query (Fihris: `fihris.js`, the wasm glue, the wasm and the index entry file; Pagefind: `pagefind.js`, its worker, `pagefind-entry.json`, the language\'s wasm and `.pf_meta`). Median over the loads.',
    `- **bytes to first result**: start-up + what one query fetches until its first 10 hits (titles and excerpts) are in the DOM; p50 and max over the ${any?.queries?.length ?? '?'} queries of the latency list, each on a page of its own (nothing cached from one query to the next).`,
    '- **requests per query**: the requests of that query alone, after start-up (Fihris: dictionary chunks, postings shards or heads, and document shards, none with a single-file index; Pagefind: index chunks and one fragment per shown hit).',
    `- **Slow 4G**: navigation to the hits of «${any?.typical ?? ''}» in the DOM on a cold page under Chromium's network emulation (CDP \`Network.emulateNetworkConditions\`) with Chrome DevTools' "Slow 4G" preset: ` +
      (t ? `latency ${t.latency} ms, download ${int(t.downloadThroughput)} B/s (1.44 Mbit/s), upload ${int(t.uploadThroughput)} B/s (${t.source}; the preset DevTools called "Fast 3G" before May 2024)` : '?') +
      `; median of ${pts.find((p) => p.scale)?.scale?.engines?.fihris?.slow4g?.runs?.length ?? '?'} runs.` +
      (any?.worker_throttle ? ` The emulation also throttles fetches from Web Workers, where Pagefind searches (checked: one worker fetch of ${kb(any.worker_throttle.bytes_sent)} took ${any.worker_throttle.throttled_ms} ms throttled, ${any.worker_throttle.unthrottled_ms} ms not).` : ''),
    '- **build**: `bench/build.mjs`, one run under GNU time; peak RSS = `%M`. At 1,000,000 documents Fihris runs with `--memory` and under a safety `prlimit --as`; Pagefind always under `prlimit --as` and `timeout`.', '');
  L.push('Every document\'s text is drawn from the same 6,236 verses, so the vocabulary of the text is the Quran\'s at every size; only the titles\' verse ranges (e.g. «69:52–70:3») add terms as documents are added, up to the number of distinct ranges (row "words": Pagefind\'s count of indexed words). ' +
    'What grows with the documents is postings and stored text, much less the term dictionaries. A real corpus of a million documents brings new words at every size: its dictionaries would be larger than here, which for Fihris means more chunks of about 4 KiB (start-up loads only their first and last keys, a query the chunks of its words), not larger ones.', '');

  const F = (p) => p.scale?.engines?.fihris;
  const P = (p) => p.scale?.engines?.pagefind;
  const fb = (p) => p.build?.engines?.fihris;
  const pb = (p) => p.build?.engines?.pagefind;
  const na = (rec, b) => (b?.did_not_build ? 'did not build' : rec?.did_not_build ? 'not measured' : '–');
  const head = ['', ...pts.map((p) => `${p.name} (${int(p.build?.docs ?? p.corpus?.docs)} docs)`)];

  // the corpora themselves
  L.push('### Corpora and their generation', '');
  L.push(table(head, [
    ['text', ...pts.map((p) => (p.corpus ? `${(p.corpus.text_chars / 1e6).toFixed(1)} M chars` : '–'))],
    ['generation (forms written)', ...pts.map((p) => {
      const g = p.corpus?.generation;
      if (!g) return 'before generation was timed';
      return Object.values(g).map((x) => `${secs(x.ms)} (${x.forms.join('+')}, ${int(x.files)} files, ${mib(x.bytes / 1024)} in files, ${mib(x.disk_kb)} on disk)`).join('; ');
    })],
    ['words (Pagefind\'s count)', ...pts.map((p) => int(pb(p)?.words_indexed))],
  ]), '');

  // start-up
  const ratioCell = (f, pf) => (f == null || pf == null ? '–' : ratio(pf, f));
  L.push('### Start-up bytes', '');
  L.push(table(head, [
    ['Fihris', ...pts.map((p) => (F(p)?.startup?.bytes_median != null ? `${kb(F(p).startup.bytes_median)} in ${F(p).startup.requests_median} req.` : na(F(p), fb(p))))],
    ['Pagefind', ...pts.map((p) => (P(p)?.startup?.bytes_median != null ? `${kb(P(p).startup.bytes_median)} in ${P(p).startup.requests_median} req.` : na(P(p), pb(p))))],
    ['Pagefind ÷ Fihris', ...pts.map((p) => ratioCell(F(p)?.startup?.bytes_median, P(p)?.startup?.bytes_median))],
  ]), '');
  L.push('### Bytes to first result (p50 / max over the query list)', '');
  const fbytes = (e) => (e?.first_bytes?.p50 != null ? `${kb(e.first_bytes.p50)} / ${kb(e.first_bytes.max)}` : null);
  L.push(table(head, [
    ['Fihris', ...pts.map((p) => fbytes(F(p)) ?? na(F(p), fb(p)))],
    ['Pagefind', ...pts.map((p) => fbytes(P(p)) ?? na(P(p), pb(p)))],
    ['Pagefind ÷ Fihris (p50 / max)', ...pts.map((p) => (F(p)?.first_bytes && P(p)?.first_bytes ? `${ratio(P(p).first_bytes.p50, F(p).first_bytes.p50)} / ${ratio(P(p).first_bytes.max, F(p).first_bytes.max)}` : '–'))],
  ]), '');
  L.push('### Requests per query (p50 / max, after start-up)', '');
  const rq = (e) => (e?.requests_per_query?.p50 != null ? `${e.requests_per_query.p50} / ${e.requests_per_query.max}` : null);
  L.push(table(head, [
    ['Fihris', ...pts.map((p) => rq(F(p)) ?? na(F(p), fb(p)))],
    ['Pagefind', ...pts.map((p) => rq(P(p)) ?? na(P(p), pb(p)))],
  ]), '');
  L.push('### Time to first result on Slow 4G (cold page, median)', '');
  const slow = (e) => (e?.slow4g?.ttfr_ms_median != null ? `${secs(e.slow4g.ttfr_ms_median)} (${kb(e.slow4g.bytes_median)}, ${e.slow4g.requests_median} req.)` : null);
  L.push(table(head, [
    ['Fihris', ...pts.map((p) => slow(F(p)) ?? na(F(p), fb(p)))],
    ['Pagefind', ...pts.map((p) => slow(P(p)) ?? na(P(p), pb(p)))],
    ['Pagefind ÷ Fihris', ...pts.map((p) => ratioCell(F(p)?.slow4g?.ttfr_ms_median, P(p)?.slow4g?.ttfr_ms_median))],
  ]), '');

  // build
  L.push('### Build: time, peak memory, output', '');
  const bounded = (r) => (r?.memory_bound_mib ? `${mib(r.peak_rss_kb)} (bound \`--memory ${r.memory_bound_mib}\`)` : r?.peak_rss_kb ? `${mib(r.peak_rss_kb)} (CLI default --memory)` : null);
  L.push(table(head, [
    ['Fihris build time', ...pts.map((p) => (fb(p)?.build_ms_median != null ? secs(fb(p).build_ms_median) : na(null, fb(p))))],
    ['Fihris peak RSS', ...pts.map((p) => bounded(fb(p)) ?? na(null, fb(p)))],
    ['Fihris output', ...pts.map((p) => (fb(p)?.bytes_raw != null ? `${int(fb(p).files)} file${fb(p).files === 1 ? '' : 's'}, ${kb(fb(p).bytes_raw)}${fb(p).layout?.entry_bytes != null && fb(p).files > 1 ? ` (entry ${kb(fb(p).layout.entry_bytes)})` : ''}` : '–'))],
    ['Pagefind build time', ...pts.map((p) => (pb(p)?.build_ms_median != null ? `${secs(pb(p).build_ms_median)} (${ratio(pb(p).build_ms_median, fb(p)?.build_ms_median)})` : na(null, pb(p))))],
    ['Pagefind peak RSS', ...pts.map((p) => (pb(p)?.peak_rss_kb && !pb(p).did_not_build ? mib(pb(p).peak_rss_kb) : na(null, pb(p))))],
    ['Pagefind output', ...pts.map((p) => (pb(p)?.bytes_raw != null ? `${int(pb(p).files)} files, ${kb(pb(p).bytes_raw)}` : '–'))],
  ]), '');
  for (const p of pts) {
    for (const [e, r] of [['Fihris', fb(p)], ['Pagefind', pb(p)]]) if (r?.did_not_build) L.push(`- ${p.name}, ${e} did not build: ${r.did_not_build}`);
  }
  const errs = pts.flatMap((p) => ['fihris', 'pagefind'].flatMap((e) => (p.scale?.engines?.[e]?.errors || []).map((x) => `${p.name} ${e}: ${x}`)));
  if (errs.length) L.push('', `Errors: ${errs.slice(0, 8).join('; ')}${errs.length > 8 ? ` (and ${errs.length - 8} more)` : ''}`);
  L.push('', `Measured: ${pts.filter((p) => p.scale).map((p) => `${p.name} ${p.scale.date.slice(0, 16).replace('T', ' ')} (commit ${p.scale.fihris_commit}${p.scale.www_modified ? ', uncommitted changes' : ''})`).join('; ')}.`, '');

  // goals
  const lo = pts.find((p) => p.name === 'large-10k');
  const hi = pts.find((p) => p.name === 'large-1m');
  const within = (label, get) => {
    const a = lo && get(lo);
    const b = hi && get(hi);
    goals.push({
      goal: `${label} within 2× from 10,000 to 1,000,000 documents (scale)`,
      met: a != null && b != null && b <= 2 * a,
      figures: a != null && b != null ? `${kb(a)} at 10k, ${kb(b)} at 1M (×${(b / a).toFixed(2)})` : `not measured at ${[a == null && '10k', b == null && '1M'].filter(Boolean).join(' and ')}`,
    });
  };
  within('start-up bytes', (p) => F(p)?.startup?.bytes_median);
  within('bytes to first result, p50 over the query list,', (p) => F(p)?.first_bytes?.p50);
  within('bytes to first result, max over the query list,', (p) => F(p)?.first_bytes?.max);
  const both = pts.filter((p) => F(p)?.startup && P(p)?.startup);
  const worse = both.filter((p) => F(p).startup.bytes_median >= P(p).startup.bytes_median || F(p).first_bytes.p50 >= P(p).first_bytes.p50);
  goals.push({
    goal: 'start-up and first-result bytes below Pagefind\'s at every size (scale)',
    met: both.length > 0 && !worse.length,
    figures: both.length
      ? `${both.map((p) => `${p.name}: start-up ${ratio(P(p).startup.bytes_median, F(p).startup.bytes_median)}, first result ${ratio(P(p).first_bytes.p50, F(p).first_bytes.p50)}`).join('; ')} (Pagefind ÷ Fihris)` +
        (pts.some((p) => pb(p)?.did_not_build) ? `; Pagefind did not build at ${pts.filter((p) => pb(p)?.did_not_build).map((p) => p.name).join(', ')}` : '')
      : 'not measured',
  });
  const boundedRecs = pts.filter((p) => fb(p)?.memory_bound_mib && fb(p).peak_rss_kb);
  goals.push({
    goal: 'build peak memory under the configured --memory bound (scale)',
    met: boundedRecs.length > 0 && boundedRecs.every((p) => fb(p).peak_rss_kb / 1024 <= fb(p).memory_bound_mib),
    figures: boundedRecs.length ? boundedRecs.map((p) => `${p.name}: ${mib(fb(p).peak_rss_kb)} for --memory ${fb(p).memory_bound_mib}`).join('; ') : `no bounded build${hi && fb(hi)?.did_not_build ? ` (large-1m: ${fb(hi).did_not_build})` : ''}`,
  });

  const points = pts.filter((p) => p.scale).map((p) => ({
    docs: p.scale.docs,
    name: p.name,
    fihris: { startup: F(p)?.startup?.bytes_median, first: F(p)?.first_bytes?.p50 },
    pagefind: { startup: P(p)?.startup?.bytes_median, first: P(p)?.first_bytes?.p50 },
  }));
  return { lines: L, points };
}

/**
 * Puts this run's Scale section and scale goals into an existing results file, leaving every other
 * figure as it was (those come from runs of other corpora), and redraws the plot with the corpora
 * that file already shows plus the scale curve.
 */
export function reportScale({ site = join(ROOT, 'bench', 'work', 'site'), out = join(ROOT, 'bench', 'RESULTS.md'), plot = join(ROOT, 'bench', 'plot.svg') } = {}) {
  const goals = [];
  const sc = scaleSection(site, goals);
  const lines = readFileSync(out, 'utf8').split('\n');
  // The section: replace it, or put it before the profiling notes (else at the end).
  const at = lines.findIndex((l) => l.startsWith('## Scale'));
  if (at >= 0) {
    let end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
    if (end < 0) end = lines.length;
    lines.splice(at, end - at, ...sc.lines);
  } else {
    let before = lines.findIndex((l) => l.startsWith('## Profiling'));
    if (before < 0) before = lines.length;
    lines.splice(before, 0, ...sc.lines);
  }
  // The goals: rows marked (scale) replaced by this run's, after the table's other rows.
  const g0 = lines.findIndex((l) => l.startsWith('## Goals'));
  const rows = [];
  let i = lines.findIndex((l, k) => k > g0 && l.startsWith('|'));
  const first = i;
  for (; i < lines.length && lines[i].startsWith('|'); i++) if (!/\(scale\) \|/.test(lines[i])) rows.push(lines[i]);
  rows.push(...goals.map((g) => `| ${g.met ? '✓' : '✗'} | ${g.goal} | ${g.figures} |`));
  lines.splice(first, i - first, ...rows);
  writeFileSync(out, lines.join('\n'));
  // The plot: the corpora of the file's Corpora table, as they were, and the scale curve.
  const c0 = lines.findIndex((l) => l.startsWith('## Corpora'));
  const shown = [];
  for (let k = c0 + 1; k < lines.length && !lines[k].startsWith('## '); k++) {
    const m = /^\| ([a-z0-9-]+) \|/.exec(lines[k]);
    if (m && m[1] !== 'corpus') shown.push(m[1]);
  }
  const withBrowser = loadRun(site, shown).filter((c) => c.browser);
  writeFileSync(plot, svgPlot(withBrowser, sc.points));
  return { out, plot, goals };
}

// ---- plot ---------------------------------------------------------------------

const COLORS = { fihris: '#c0392b', pagefind: '#2c7fb8', 'pagefind+data': '#7fb3d5', minisearch: '#31a354', lunr: '#8c6bb1', flexsearch: '#e6a117', orama: '#636363' };

function svgPlot(corpora, scalePoints = []) {
  const panels = [
    { title: 'Query latency in the browser, p50 over the fixed list (ms, log scale)', get: (c, e) => listLatency(c.browser, e)?.p50, log: true, unit: (v) => ms(v) },
    { title: 'Bytes from navigation to the first rendered result (KB, cold cache)', get: (c, e) => c.browser.first?.[e]?.bytes_median / 1024, log: false, unit: (v) => v.toFixed(0) },
    { title: 'Time to first result on a cold page (ms)', get: (c, e) => c.browser.first?.[e]?.ttfr_ms_median, log: false, unit: (v) => v.toFixed(0) },
  ];
  const engines = ORDER.filter((e) => corpora.some((c) => c.browser.engines?.[e] && !c.browser.engines[e].error));
  const W = 980;
  const PH = 250;
  const top = 40;
  const left = 70;
  const plotW = W - left - 20;
  const scaleH = scalePoints.length >= 2 ? PH + 60 : 0;
  const H = top + panels.length * (PH + 40) + 30 + scaleH;
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`, `<rect width="${W}" height="${H}" fill="#fff"/>`];
  // legend
  engines.forEach((e, i) => {
    const x = left + i * 125;
    out.push(`<rect x="${x}" y="12" width="12" height="12" fill="${COLORS[e] || '#999'}"/><text x="${x + 16}" y="22">${esc(e)}</text>`);
  });
  panels.forEach((p, pi) => {
    const y0 = top + pi * (PH + 40) + 20;
    out.push(`<text x="${left}" y="${y0 - 6}" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
    const vals = corpora.flatMap((c) => engines.map((e) => p.get(c, e))).filter((v) => v != null && v > 0 && Number.isFinite(v));
    if (!vals.length) return;
    const lo = p.log ? 10 ** Math.floor(Math.log10(Math.min(...vals))) : 0;
    let hi = p.log ? 10 ** Math.ceil(Math.log10(Math.max(...vals))) : Math.max(...vals) * 1.08;
    let step = 0;
    if (!p.log) {
      const raw = hi / 5;
      const mag = 10 ** Math.floor(Math.log10(raw));
      step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= raw);
      hi = Math.ceil(hi / step) * step;
    }
    if (p.log && hi === lo) hi = lo * 10;
    const scale = (v) => (p.log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo));
    const yOf = (v) => y0 + PH - scale(Math.max(v, lo)) * PH;
    // axis and grid
    const ticks = p.log ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i) : Array.from({ length: Math.round(hi / step) + 1 }, (_, i) => i * step);
    for (const t of ticks) {
      const y = yOf(t);
      out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${left - 6}" y="${y + 4}" text-anchor="end">${esc(p.log ? ms(t) : t.toFixed(0))}</text>`);
    }
    out.push(`<line x1="${left}" x2="${left}" y1="${y0}" y2="${y0 + PH}" stroke="#333"/><line x1="${left}" x2="${left + plotW}" y1="${y0 + PH}" y2="${y0 + PH}" stroke="#333"/>`);
    const groupW = plotW / corpora.length;
    const barW = Math.min(22, (groupW - 20) / engines.length);
    corpora.forEach((c, ci) => {
      const gx = left + ci * groupW + (groupW - barW * engines.length) / 2;
      out.push(`<text x="${left + ci * groupW + groupW / 2}" y="${y0 + PH + 16}" text-anchor="middle" font-weight="bold">${esc(c.name)}</text>`);
      engines.forEach((e, ei) => {
        const v = p.get(c, e);
        if (v == null || !Number.isFinite(v) || v <= 0) return;
        const x = gx + ei * barW;
        const y = yOf(v);
        out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y0 + PH - y).toFixed(1)}" fill="${COLORS[e] || '#999'}"><title>${esc(`${c.name} ${e}: ${p.unit(v)}`)}</title></rect>`);
        if (barW >= 14) out.push(`<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="start" font-size="8" transform="rotate(-90 ${(x + barW / 2 - 1).toFixed(1)} ${(y - 3).toFixed(1)})">${esc(p.unit(v))}</text>`);
      });
    });
  });
  if (scaleH) out.push(...scalePanel(scalePoints, { y0: top + panels.length * (PH + 40) + 40, left, plotW, PH, esc }));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Bytes against documents, both on log scales: start-up (dashed) and first result (solid). */
function scalePanel(points, { y0, left, plotW, PH, esc }) {
  const out = [`<text x="${left}" y="${y0 - 6}" font-size="13" font-weight="bold">Scale: start-up bytes (dashed) and bytes to first result, p50 (solid), KB against documents (log–log)</text>`];
  const series = [];
  for (const e of ['fihris', 'pagefind']) {
    for (const [k, dash] of [['startup', '5,4'], ['first', '']]) {
      const xy = points.filter((p) => p[e][k] > 0).map((p) => [p.docs, p[e][k] / 1024]);
      if (xy.length) series.push({ e, k, dash, xy });
    }
  }
  const ys = series.flatMap((s) => s.xy.map((p) => p[1]));
  if (!ys.length) return out;
  const xs = points.map((p) => p.docs);
  const [x0, x1] = [10 ** Math.floor(Math.log10(Math.min(...xs))), 10 ** Math.ceil(Math.log10(Math.max(...xs)))];
  const [ylo, yhi] = [10 ** Math.floor(Math.log10(Math.min(...ys))), 10 ** Math.ceil(Math.log10(Math.max(...ys)))];
  const X = (v) => left + ((Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0) || 1)) * plotW;
  const Y = (v) => y0 + PH - ((Math.log10(v) - Math.log10(ylo)) / (Math.log10(yhi) - Math.log10(ylo) || 1)) * PH;
  for (let v = ylo; v <= yhi * 1.001; v *= 10) out.push(`<line x1="${left}" x2="${left + plotW}" y1="${Y(v)}" y2="${Y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${Y(v) + 4}" text-anchor="end">${esc(v >= 1 ? v.toFixed(0) : v)}</text>`);
  for (const p of points) out.push(`<line x1="${X(p.docs)}" x2="${X(p.docs)}" y1="${y0}" y2="${y0 + PH}" stroke="#eee"/><text x="${X(p.docs)}" y="${y0 + PH + 16}" text-anchor="middle">${esc(p.docs >= 1e6 ? `${p.docs / 1e6}M` : `${p.docs / 1000}k`)}</text>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${y0}" y2="${y0 + PH}" stroke="#333"/><line x1="${left}" x2="${left + plotW}" y1="${y0 + PH}" y2="${y0 + PH}" stroke="#333"/>`);
  for (const s of series) {
    const d = s.xy.map(([x, y], i) => `${i ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${COLORS[s.e]}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}><title>${esc(`${s.e} ${s.k === 'first' ? 'first result p50' : 'start-up'}`)}</title></path>`);
    for (const [x, y] of s.xy) out.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3" fill="${COLORS[s.e]}"><title>${esc(`${s.e} ${s.k}: ${y.toFixed(1)} KB at ${x} docs`)}</title></circle>`);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const site = opt('--site');
  const out = opt('--out');
  const plot = opt('--plot');
  const only = args.filter((a) => !a.startsWith('--'));
  const scaleOnly = args.includes('--scale-only');
  const r = (scaleOnly ? reportScale : report)({ ...(site && { site: resolve(site) }), ...(out && { out: resolve(out) }), ...(plot && { plot: resolve(plot) }), only });
  console.log(`    wrote ${relative(process.cwd(), r.out)} and ${relative(process.cwd(), r.plot)}`);
  for (const g of r.goals) console.log(`    ${g.met ? '✓' : '✗'} ${g.goal}: ${g.figures}`);
}
