// Orama with its Arabic tokenizer and the Snowball Arabic stemmer of @orama/stemmers, as its
// documentation sets up a language ("Stemming": https://docs.orama.com/docs/orama-js/text-analysis/stemming,
// "Supported languages": https://docs.orama.com/docs/orama-js/supported-languages).
// Search options are Orama's defaults (tolerance 0). Orama's save() includes the documents
// themselves: it cannot ship an index without them.
import { create, insertMultiple, load as oramaLoad, save, search as oramaSearch } from '@orama/orama';
import { language, stemmer } from '@orama/stemmers/arabic';

export const name = 'orama';
export const version = '3.1.18';

const make = () =>
  create({
    schema: { title: 'string', text: 'string' },
    components: { tokenizer: { language, stemming: true, stemmer } },
  });

export function build(docs) {
  const db = make();
  insertMultiple(db, docs.map((d) => ({ id: d.id, title: d.title, text: d.text })));
  return JSON.stringify(save(db));
}

export function load(serialized) {
  const db = make();
  oramaLoad(db, JSON.parse(serialized));
  return db;
}

export function search(db, query, limit = 10) {
  return oramaSearch(db, { term: query, limit }).hits.map((h) => h.id);
}
