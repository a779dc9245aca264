// lunr with lunr-languages' Arabic (lunr.ar: trimmer, stop words, root-and-pattern stemmer),
// as lunr-languages' README sets up a language (https://github.com/MihaiValentin/lunr-languages).
// Search uses lunr's default query parsing (terms ORed, ranked by BM25).
//
// lunr.ar only works as a sloppy-mode script: its stemmer relies on `this` being the global
// object in plain function calls, and throws inside strict-mode code (an ES module or an
// ESM-to-IIFE bundle). So lunr is never bundled into this module: in the browser the three
// classic scripts (lunr, lunr.stemmer.support, lunr.ar) run first and leave `globalThis.lunr`;
// in Node they are loaded with require(), which runs CommonJS files in sloppy mode.
export const name = 'lunr';
export const version = '2.3.9';

let lib;
function lunrLib() {
  if (lib) return lib;
  if (globalThis.lunr?.ar) return (lib = globalThis.lunr);
  const { createRequire } = globalThis.process.getBuiltinModule('node:module');
  const require = createRequire(import.meta.url);
  lib = require('lunr');
  require('lunr-languages/lunr.stemmer.support')(lib);
  require('lunr-languages/lunr.ar')(lib);
  return lib;
}

export function build(docs) {
  const lunr = lunrLib();
  const index = lunr(function () {
    this.use(lunr.ar);
    this.ref('id');
    this.field('title');
    this.field('text');
    for (const d of docs) this.add(d);
  });
  return JSON.stringify(index);
}

export function load(serialized) {
  return lunrLib().Index.load(JSON.parse(serialized));
}

export function search(index, query, limit = 10) {
  try {
    return index.search(query).slice(0, limit).map((r) => r.ref);
  } catch (e) {
    // lunr's query syntax (field:, ~, ^, +, -, *) rejects some inputs; that is no result.
    if (e?.name === 'QueryParseError') return [];
    throw e;
  }
}
