// Sanity check of built indexes: loads each engine's shipped index and prints, per query, the
// number of hits (top 10) and the first id. The JS peers are loaded twice, through their module
// in Node and through their browser bundle (bench/work/lib/<engine>.js, run as a classic script
// in a fresh vm context), and the two must agree. Fihris is asked through its CLI; Pagefind has
// no search outside a browser and is left to the browser benchmark.
//
//   node bench/engines/check.mjs [corpus…] [-- query…]     (default: every built corpus)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { engines } from './index.mjs';

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SITE = path.join(BENCH, 'work/site');
const LIB = path.join(BENCH, 'work/lib');
const FIHRIS = path.join(path.dirname(BENCH), 'target/release/fihris');

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const corpora = (dash < 0 ? args : args.slice(0, dash)).filter(Boolean);
const queries = dash < 0 ? ['الرحمن', 'موسى', 'كوريا', 'يوم القيامة'] : args.slice(dash + 1);

function bundle(name) {
  const file = path.join(LIB, `${name}.js`);
  if (!fs.existsSync(file)) return null;
  // What a page offers that the bundles use (FlexSearch's encoder cache clears itself on a timer).
  const context = vm.createContext({ console, setTimeout, clearTimeout });
  context.globalThis = context;
  vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  return context.FihrisBench.engines[name];
}

let failures = 0;
const names = corpora.length ? corpora : fs.readdirSync(SITE).filter((c) => fs.existsSync(path.join(SITE, c, 'build.json')));
for (const corpus of names) {
  const dir = path.join(SITE, corpus);
  const rows = [];
  const idx = path.join(dir, 'fihris/index/fihris.idx');
  if (fs.existsSync(idx)) {
    rows.push(['fihris', queries.map((q) => {
      const r = JSON.parse(execFileSync(FIHRIS, ['search', '--index', idx, '--json', '--limit', '10', q], { encoding: 'utf8' }));
      return `${r.hits.length}/${r.total} ${r.hits[0]?.id ?? '-'}`;
    })]);
  }
  for (const [name, engine] of Object.entries(engines)) {
    const file = path.join(dir, 'peers', `${name}.json`);
    if (!fs.existsSync(file)) continue;
    const serialized = fs.readFileSync(file, 'utf8');
    const inst = engine.load(serialized);
    const browser = bundle(name);
    const binst = browser?.load(serialized);
    rows.push([name, queries.map((q) => {
      const ids = engine.search(inst, q, 10);
      if (browser) {
        const bids = browser.search(binst, q, 10);
        if (JSON.stringify(ids) !== JSON.stringify(bids)) {
          failures++;
          return `MISMATCH node ${ids.length} / bundle ${bids.length}`;
        }
      }
      return `${ids.length} ${ids[0] ?? '-'}`;
    })]);
  }
  console.log(`\n${corpus}  (hits in top 10 [fihris: /total] and first id${fs.existsSync(LIB) ? '; peers: node module = browser bundle' : ''})`);
  console.log(['engine'.padEnd(11), ...queries.map((q) => q.padEnd(18))].join(' '));
  for (const [name, cells] of rows) console.log([name.padEnd(11), ...cells.map((c) => c.padEnd(18))].join(' '));
}
if (failures) {
  console.error(`\n${failures} query result(s) differ between a node module and its browser bundle`);
  process.exit(1);
}
