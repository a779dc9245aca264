// FlexSearch Document index over title and text. FlexSearch ships encoders for a few Latin
// languages only (no Arabic), so the default encoder is used, with `tokenize: 'forward'`, the
// README's choice for search-as-you-type ("Tokenizer (Partial Match)":
// https://github.com/nextapps-de/flexsearch#tokenizer-partial-match). Its export() hands out
// the index as (key, data) pairs; they are shipped as one JSON object.
import { Document } from 'flexsearch';

export const name = 'flexsearch';
export const version = '0.8.212';

const OPTIONS = { document: { id: 'id', index: ['title', 'text'] }, tokenize: 'forward' };

export function build(docs) {
  const index = new Document(OPTIONS);
  for (const d of docs) index.add({ id: d.id, title: d.title, text: d.text });
  const parts = {};
  // Synchronous in 0.8.212 for an in-memory index.
  index.export((key, data) => {
    parts[key] = data;
  });
  return JSON.stringify(parts);
}

export function load(serialized) {
  const index = new Document(OPTIONS);
  for (const [key, data] of Object.entries(JSON.parse(serialized))) index.import(key, data);
  return index;
}

/** `merge: true` folds the per-field result lists into one list of ids. */
export function search(index, query, limit = 10) {
  // The limit applies per field, so the merged list can be longer.
  return index.search(query, { limit, merge: true }).slice(0, limit).map((r) => r.id);
}
