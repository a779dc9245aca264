// The «Built website» section of bench/RESULTS.md from bench/work/site/hugo-site/site.json
// (written by bench/site.mjs). No dependencies: report.mjs puts the section back in whenever it
// rewrites RESULTS.md and that file exists.
import fs from 'node:fs';

const CORPUS = 'hugo-site';

const kb = (b) => (b == null ? '–' : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} KB`);
const ms = (x) => (x == null ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a, b) => (a == null || !b ? '–' : `×${(a / b).toFixed(2)}`);
const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function siteSection(data) {
  const { build, cold } = data;
  const f = build.engines.fihris;
  const p = build.engines.pagefind;
  const L = ['## Built website (Hugo fixture): Fihris and Pagefind with --site', ''];
  L.push(
    `Measured by \`node bench/site.mjs\` (\`node bench/run.mjs --corpora hugo-site\`) on ${data.date.slice(0, 16).replace('T', ' ')} UTC, ` +
      `${data.machine}; Fihris ${data.commit}${data.binary?.crate_or_www_modified ? ' (crate/ or www/ modified in the tree)' : ''}, ${f.version}${data.binary ? `, target/release/fihris of ${data.binary.mtime.slice(0, 16).replace('T', ' ')}` : ''}; Pagefind ${p.version}; ${build.hugo.split(' ').slice(0, 2).join(' ')}; Chromium ${cold.browser}. ` +
      `\`tests/fixtures/hugo\` built once by hugo (${build.html_pages} HTML pages: 25 articles, one of them English, and Hugo's home, section and tag lists), ` +
      'then one copy of that output per engine, each indexed in place by its CLI: `fihris build --site <copy> -q` and Pagefind\'s `pagefind_extended --site <copy>` ' +
      `(Fihris indexed ${f.pages_indexed ?? '?'} pages${f.summary ? ` — «${f.summary}»: site mode leaves out listings (home, section and tag pages) unless marked` : ''}; ` +
      `Pagefind indexed ${p.pages_indexed ?? '?'} pages, every page with a body, listings included, ${p.words_indexed ?? '?'} words, languages ${p.languages.join(', ')}: the two indexes do not hold the same pages, each is the engine's default for this site). ` +
      '**Ratios here are Fihris ÷ Pagefind** (below 1: Fihris is faster or smaller), in the same run. One run on a shared 2-vCPU VM' +
      (data.loadavg ? ` (load average ${data.loadavg.before[0]} at the start, ${data.loadavg.after[0]} at the end)` : '') +
      ': compare within the table.',
    '',
  );
  L.push('### Build and bytes written', '');
  L.push(
    `Build: wall time of the CLI process, median of ${build.runs} runs, each on a fresh copy of hugo's output, the two engines' runs interleaved; peak RSS the largest of the runs (GNU time). ` +
      'Bytes: summed over files, each compressed on its own. Fihris: `fihris/index/` + `pkg/fihris_bg.wasm` + every JS file it writes (`fihris.js`, `pkg/fihris.js`, and the widget\'s `widget.js`, `render.js`, `fihris-page.js`); its `fihris.css` apart. ' +
      'Pagefind as `build.mjs` counts it: index = `pagefind-entry.json`, `.pf_meta`, `index/`, `fragment/` (`filter/`); code = `pagefind.js`, `pagefind-worker.js` and the wasm of the site\'s languages; its UI bundles (the counterpart of Fihris\'s widget files) apart. ' +
      'Pagefind gzips its `.pf_*` and wasm files itself, so their raw bytes are already compressed.',
    '',
  );
  const row = (label, a, b, key) => [label, kb(a?.[key]), kb(b?.[key]), ratio(a?.[key], b?.[key])];
  L.push(
    table(
      ['', 'Fihris', 'Pagefind', 'Fihris ÷ Pagefind'],
      [
        ['build time (median)', `${ms(f.build_ms_median)} ms`, `${ms(p.build_ms_median)} ms`, ratio(f.build_ms_median, p.build_ms_median)],
        ['build runs (ms)', f.build_ms_runs.map(ms).join(', '), p.build_ms_runs.map(ms).join(', '), ''],
        ['peak RSS', kb(f.peak_rss_kb * 1024), kb(p.peak_rss_kb * 1024), ratio(f.peak_rss_kb, p.peak_rss_kb)],
        ['index files', String(f.index.files), String(p.index.files), ''],
        row('index, raw', f.index, p.index, 'raw'),
        row('index, brotli', f.index, p.index, 'brotli'),
        row('engine code (wasm + JS), brotli', f.lib, p.lib, 'brotli'),
        ['widget / UI files, brotli (apart)', `${kb(f.widget.brotli)} JS + ${kb(f.css.brotli)} CSS`, `${kb(p.excluded_sizes.brotli)} (${p.excluded.length} files, not counted)`, ''],
        row('**total** (index + wasm + JS), raw', f.total, p.total, 'raw'),
        row('**total**, gzip -9', f.total, p.total, 'gzip'),
        row('**total**, brotli 11', f.total, p.total, 'brotli'),
      ],
    ),
    '',
  );
  L.push(
    'Fihris\'s total includes its widget\'s JS (`widget.js`, `render.js`, `fihris-page.js`); Pagefind\'s does not include its UI (`pagefind-ui.js` and the rest): with the widget taken out, Fihris\'s is ' +
      `${kb(f.index.brotli + f.lib.brotli)} brotli (${ratio(f.index.brotli + f.lib.brotli, p.total.brotli)} of Pagefind's).`,
    '',
  );
  if (p.languages.length > 1)
    L.push(`Pagefind's code counts the wasm of each of the site's languages (${p.languages.join(', ')}), as \`build.mjs\` does; a page loads only its own language's.`, '');
  L.push('### Cold page: time and bytes to the first result', '');
  L.push(
    'As the Cold page section above: a fresh browser context (empty cache) per load of `pages/first.html`, which loads the engine and runs the query with the JS API, renders the 10 first hits (title + excerpt), and logs that they are in; ' +
      'here with `layout=site`, so that each engine is loaded from its own copy of the site, from the files its CLI wrote (Fihris: `/fihris/fihris.js` → `pkg/`, `Fihris.load({ index: …/fihris/index/ })`; Pagefind: `/pagefind/pagefind.js`, `init()`, `search()` + `data()` of the shown hits). ' +
      `Bytes as sent by \`serve-bench.mjs\` (brotli for Fihris's files, Pagefind's own gzip), the page's HTML and harness script excluded; time from navigation start. Median of ${cold.cold_runs} loads per query, engine and protocol, after one unrecorded warm-up load of each (the server compresses a file on its first request), loads interleaved (run k of every query × engine × protocol, then run k + 1). ` +
      'The page is `lang="ar"` except for «lighthouse», searched from a `lang="en"` page (Pagefind searches the index of the page\'s language; Fihris searches every language unless told one).',
    '',
  );
  if (f.index.files === 1)
    L.push(
      `Fihris's index of this site is one file (\`fihris.idx\`, ${kb(f.index.raw)} raw, ${kb(f.index.brotli)} brotli: the CLI shards only above 512 KiB of corpus files), fetched whole at start-up, so every query costs the same bytes; ` +
        'Pagefind fetches its entry, the language\'s meta, the index chunk of the query\'s words and the fragments of the hits shown. "hits": results rendered (Fihris groups a page\'s sections into one hit).',
      '',
    );
  const rows = [];
  for (const [q, r] of Object.entries(cold.results)) {
    const a = r.engines.fihris;
    const b = r.engines.pagefind;
    const cell = (x) => `${x.http1.hits} hit${x.http1.hits === 1 ? '' : 's'}, ${kb(x.http1.bytes_median)} in ${x.http1.requests_median} req.`;
    rows.push([
      `${q} (${r.lang})`,
      cell(a),
      cell(b),
      ratio(a.http1.bytes_median, b.http1.bytes_median),
      `${ms(a.http1.ttfr_ms_median)} / ${ms(a.http2.ttfr_ms_median)}`,
      `${ms(b.http1.ttfr_ms_median)} / ${ms(b.http2.ttfr_ms_median)}`,
      `${ratio(a.http1.ttfr_ms_median, b.http1.ttfr_ms_median)} / ${ratio(a.http2.ttfr_ms_median, b.http2.ttfr_ms_median)}`,
    ]);
  }
  L.push(
    table(
      ['query (page lang)', 'Fihris: bytes to first result', 'Pagefind: bytes to first result', 'bytes Fihris ÷ Pagefind', 'Fihris ms, HTTP/1.1 / HTTP/2', 'Pagefind ms, HTTP/1.1 / HTTP/2', 'time Fihris ÷ Pagefind'],
      rows,
    ),
    '',
  );
  const errs = [];
  for (const [q, r] of Object.entries(cold.results))
    for (const [e, x] of Object.entries(r.engines)) for (const k of ['http1', 'http2']) if (x[k].errors.length) errs.push(`${q} ${e} ${x[k].protocol}: ${x[k].errors.length} failed (${x[k].errors[0]})`);
  if (errs.length) L.push(`Failed loads: ${errs.join('; ')}.`, '');
  L.push('<details><summary>Files fetched before the first result (HTTP/1.1, first load)</summary>', '');
  for (const [q, r] of Object.entries(cold.results))
    for (const [e, x] of Object.entries(r.engines))
      L.push(`**${q}, ${e}**: ${x.http1.files.map((fl) => `${fl.path.replace(`/site/${CORPUS}/`, '')} ${kb(fl.bytes)}${fl.encoding ? ` (${fl.encoding}, ${kb(fl.raw)} raw)` : ''}`).join(' · ')}`, '');
  L.push('</details>', '');
  return L;
}

/** Puts the section into RESULTS.md: replaced when there, else before the Scale section (or the end). */
export function writeSection(file, lines) {
  const text = fs.readFileSync(file, 'utf8').split('\n');
  const at = text.findIndex((l) => l.startsWith('## Built website'));
  if (at >= 0) {
    let end = text.findIndex((l, i) => i > at && l.startsWith('## '));
    if (end < 0) end = text.length;
    text.splice(at, end - at, ...lines);
  } else {
    let before = text.findIndex((l) => l.startsWith('## Scale'));
    if (before < 0) before = text.findIndex((l) => l.startsWith('## Profiling'));
    if (before < 0) before = text.length;
    text.splice(before, 0, ...lines);
  }
  fs.writeFileSync(file, text.join('\n'));
}

