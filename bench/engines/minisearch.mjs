// MiniSearch with an Arabic-aware tokenizer and term processing, the two hooks its README
// documents for languages the defaults do not suit ("Tokenization", "Term processing":
// https://github.com/lucaong/minisearch#tokenization). The default tokenizer splits on
// spaces and punctuation only and keeps every diacritic; here:
// - tokenize: split on anything that is not a letter, combining mark or digit (Unicode
//   classes), so that diacritics stay inside their word instead of splitting it;
// - processTerm: NFKD, then drop every combining mark (\p{M}: harakat, shadda, sukun, the
//   Quranic marks, and the hamza that NFKD takes off أ/إ/آ/ؤ/ئ), then lower-case.
// searchOptions as the README's "Search options" suggest for search-as-you-type:
// prefix on, fuzzy 0.2 (edit distance up to 20% of the term length), and AND between terms
// so that adding words narrows the results as in the other engines.
import MiniSearch from 'minisearch';

export const name = 'minisearch';
export const version = '7.2.0';

export const OPTIONS = {
  fields: ['title', 'text'],
  storeFields: [],
  tokenize: (s) => s.split(/[^\p{L}\p{M}\p{N}]+/u),
  processTerm: (term) => term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() || null,
  searchOptions: { prefix: true, fuzzy: 0.2, combineWith: 'AND' },
};

/** docs: [{ id, title, text }] → the JSON string a site would ship. */
export function build(docs) {
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(docs);
  return JSON.stringify(ms);
}

export function load(serialized) {
  return MiniSearch.loadJSON(serialized, OPTIONS);
}

/** Document ids in rank order. */
export function search(ms, query, limit = 10) {
  return ms.search(query).slice(0, limit).map((r) => r.id);
}
