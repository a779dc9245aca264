// The JS peers, each exporting { name, version, build(docs), load(serialized), search(instance, query, limit) }.
// Fihris and Pagefind are built by their CLIs (bench/build.mjs).
import * as flexsearch from './flexsearch.mjs';
import * as lunr from './lunr.mjs';
import * as minisearch from './minisearch.mjs';
import * as orama from './orama.mjs';

export const engines = { minisearch, lunr, flexsearch, orama };
export const names = Object.keys(engines);
