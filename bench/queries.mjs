// Queries of the benchmark.
//
// (a) latencyQueries(corpus): the fixed list timed in the browser, by category
//     (single words, two words, diacritised words, words with ال/و, prefixes of
//     2–4 letters, one-typo words, an English word).
// (b) qualitySet(docs, options): the known-item test. For each sampled document
//     a distinctive phrase — 2 to 5 consecutive words that no other document
//     contains in that order (documents with identical folded text aside), the
//     one whose rarest-common word has the highest IDF (IDF over the
//     plain-folded text of the corpus) — then perturbed the way readers type,
//     one kind at a time. A phrase found elsewhere too would not say which
//     document the reader is after. Relevant = the document, or any document
//     whose folded text is identical (the Quran repeats verses).
//
//   node bench/queries.mjs <corpus> [--items]    print the queries of a built corpus

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const KINDS = ['exact', 'no-diacritics', 'diacritics-added', 'hamza', 'article', 'typo', 'word-order'];
export const CATEGORIES = ['single', 'two-word', 'diacritics', 'article', 'prefix', 'typo', 'english'];

const SEEDS = {
  single: ['كوريا', 'روسيا', 'بوتين', 'أوكرانيا', 'موسكو', 'كورسك'],
  'two-word': ['كوريا الشمالية', 'بيونغ يانغ', 'الجيش الروسي'],
  diacritics: ['رُوسْيَا', 'كُورِيَا', 'الجُنُود'],
  article: ['والجنود', 'وروسيا', 'الحرب'],
  prefix: ['كو', 'كلاش', 'غيرا'],
  typo: ['غيراسيموق', 'زيلنسكي', 'اوكرانبا'],
  english: ['Business'],
};
const QURAN = {
  single: ['الرحمن', 'موسى', 'الجنة', 'النار', 'محمد', 'الكتاب', 'رسول', 'الأرض'],
  'two-word': ['يوم القيامة', 'الرحمن الرحيم', 'رب العالمين', 'الذين آمنوا'],
  diacritics: ['مُحَمَّدٌ', 'الرَّحْمَٰنِ', 'مُوسَىٰ', 'الْجَنَّةَ'],
  article: ['والذين', 'الصلاة', 'والأرض', 'فالله'],
  prefix: ['رسو', 'فرع', 'مؤم', 'الصاب'],
  typo: ['فرعوم', 'يوسق', 'ابراهين'],
  english: ['Moses'],
};

/**
 * The fixed latency list of a corpus: `[{ category, query }]`.
 * Quran and the large corpora (built from Quranic/tafsir text) share one list.
 *
 * @param {string} corpus
 */
export function latencyQueries(corpus) {
  const table = corpus === 'seeds' ? SEEDS : QURAN;
  const out = [];
  for (const category of CATEGORIES) for (const query of table[category]) out.push({ category, query });
  return out;
}

/** The one typical query of the cold-page measurements. */
export function typicalQuery(corpus) {
  return corpus === 'seeds' ? 'كوريا' : 'الرحمن';
}

// ---- folding --------------------------------------------------------------

const MARKS = /[\p{M}\u0640\u06E5\u06E6]/gu;
// A word starts with a letter or digit: a lone Quranic pause mark between two
// words is not one (the engines skip it too).
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}\u0640]*/gu;

/** Plain-folded form: marks and tatweel removed, alef/yeh/teh marbuta forms unified, Latin lower-cased. */
export function fold(text) {
  return text
    .normalize('NFC')
    .replace(MARKS, '')
    .replace(/[ٱأإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .toLowerCase();
}

/** Words of a text as written (marks kept), in order. */
export function words(text) {
  return text.match(WORD) || [];
}

/** Marks removed (diacritics, Quranic signs, tatweel); ٱ (alef with wasla) written ا. */
export function stripMarks(text) {
  return text.replace(MARKS, '').replace(/ٱ/g, 'ا');
}

const ARABIC_LETTER = /[\u0621-\u064A\u0671]/;

// ---- deterministic randomness --------------------------------------------

/** mulberry32: a small seeded generator, the same on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---- perturbations --------------------------------------------------------

/** Split a word into clusters: a base character with the marks that follow it. */
function clusters(word) {
  return word.match(/[^\p{M}][\p{M}]*|[\p{M}]+/gu) || [];
}

const HARAKAT = { fatha: '\u064E', damma: '\u064F', kasra: '\u0650', sukun: '\u0652' };

/** Plain word given the common harakat a reader might type (a regular, deterministic pattern). */
function vocalise(word) {
  const chars = [...word];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    out += c;
    if (!ARABIC_LETTER.test(c) || 'اىءآ'.includes(c)) continue;
    const next = chars[i + 1];
    if (i === 1 && chars[0] === 'ا' && c === 'ل') out += HARAKAT.sukun;
    else if (next === undefined) out += HARAKAT.damma;
    else if (next === 'ا' || next === 'ى') out += HARAKAT.fatha;
    else if (next === 'ي') out += HARAKAT.kasra;
    else if (next === 'و') out += HARAKAT.damma;
    else out += HARAKAT.fatha;
  }
  return out;
}

const SUBSTITUTES = 'بتثجحخدذرزسشصضطظعغفقكلمنهوي';

/**
 * The perturbed forms of a phrase (array of words as written), by kind;
 * a kind is absent when it does not apply or changes nothing.
 *
 * @param {string[]} phrase
 * @param {() => number} random
 * @param {{ plain: boolean }} corpusInfo plain: the corpus is written without diacritics
 */
export function perturb(phrase, random, { plain }) {
  const exact = phrase.join(' ');
  const out = { exact };
  const bare = phrase.map(stripMarks);
  const add = (kind, ws) => {
    const q = ws.join(' ');
    if (q !== exact && q.trim()) out[kind] = q;
  };
  add('no-diacritics', bare);
  if (plain && phrase.some((w) => ARABIC_LETTER.test(w))) add('diacritics-added', bare.map(vocalise));

  // hamza: أ/إ/آ written ا; or, when the phrase has none, an initial ا written أ.
  if (phrase.some((w) => /[أإآ]/.test(w))) add('hamza', phrase.map((w) => w.replace(/[أإآ]/g, 'ا')));
  else {
    const j = phrase.findIndex((w) => /^ا/.test(w) && !/^ال/.test(w));
    if (j >= 0) add('hamza', phrase.map((w, k) => (k === j ? w.replace(/^ا/, 'أ') : w)));
  }

  // article: ال or و dropped or added on one word.
  {
    const ops = [];
    phrase.forEach((w, k) => {
      const b = stripMarks(w);
      if (/^وال/.test(b) && b.length > 4) ops.push([k, 'drop-w']);
      else if (/^ال/.test(b) && b.length > 3) ops.push([k, 'drop-al']);
      else if (ARABIC_LETTER.test(b[0] || '') && b.length >= 3 && !/^[وفبلك]?ال/.test(b)) {
        ops.push([k, 'add-al']);
        ops.push([k, 'add-w']);
      }
    });
    if (ops.length) {
      const [k, op] = ops[Math.floor(random() * ops.length)];
      add(
        'article',
        phrase.map((w, i) => {
          if (i !== k) return w;
          const cs = clusters(w);
          if (op === 'drop-w') return cs.slice(1).join('');
          if (op === 'drop-al') return cs.slice(2).join('');
          if (op === 'add-al') return 'ال' + w;
          return 'و' + w;
        }),
      );
    }
  }

  // typo: one letter substituted, deleted or transposed in the longest word, never the first.
  {
    let k = 0;
    bare.forEach((w, i) => {
      if ([...w].length > [...bare[k]].length) k = i;
    });
    const cs = clusters(phrase[k]);
    if (cs.length >= 4) {
      const op = ['sub', 'del', 'swap'][Math.floor(random() * 3)];
      const p = 1 + Math.floor(random() * (cs.length - (op === 'swap' ? 2 : 1)));
      const next = cs.slice();
      if (op === 'del') next.splice(p, 1);
      else if (op === 'swap') [next[p], next[p + 1]] = [next[p + 1], next[p]];
      else {
        const base = next[p][0];
        let c = base;
        while (c === base) c = SUBSTITUTES[Math.floor(random() * SUBSTITUTES.length)];
        next[p] = c + next[p].slice(1);
      }
      add('typo', phrase.map((w, i) => (i === k ? next.join('') : w)));
    }
  }

  if (phrase.length >= 2) add('word-order', phrase.slice().reverse());
  return out;
}

// ---- the known-item set ---------------------------------------------------

/**
 * @param {Array<{ id: string, title: string, text: string }>} docs
 * @param {{ corpus: string, n?: number, perDoc?: number, seed?: number, kinds?: string[] }} options
 * @returns {{ items: Array<{ doc: string, kind: string, query: string, phrase: string, relevant: string[] }>, sampled: number, plain: boolean }}
 */
export function qualitySet(docs, { corpus, n = 320, perDoc, seed = 20261123, kinds = KINDS } = /** @type {any} */ ({})) {
  const random = rng(seed);
  // Document frequencies of folded words; groups of documents with the same folded text.
  const df = new Map();
  const tokens = [];
  const groups = new Map();
  let marked = 0;
  let letters = 0;
  for (const d of docs) {
    const ws = words(d.text);
    const folded = ws.map(fold);
    // Word index → whether it stands in a line of 8 words or more. In a text of
    // several lines (a scraped article), the short ones are headings and site
    // chrome ("+ الخط -", newsletter prompts) that a reader does not search.
    const lines = d.text.split('\n');
    const sentence = [];
    for (const line of lines) {
      const n = words(line).length;
      for (let k = 0; k < n; k++) sentence.push(lines.length === 1 || n >= 8);
    }
    tokens.push({ ws, folded, sentence });
    for (const f of new Set(folded)) df.set(f, (df.get(f) || 0) + 1);
    const key = folded.join(' ');
    const g = groups.get(key);
    if (g) g.push(d.id);
    else groups.set(key, [d.id]);
    if (letters < 200000) {
      letters += d.text.length;
      marked += (d.text.match(/[\u064B-\u0652]/g) || []).length;
    }
  }
  const plain = marked / Math.max(1, letters) < 0.02;
  // Where each folded word pair occurs, to tell whether a phrase is unique.
  const pairs = new Map();
  tokens.forEach(({ folded }, d) => {
    for (let s = 0; s + 1 < folded.length; s++) {
      const key = folded[s] + ' ' + folded[s + 1];
      const at = pairs.get(key);
      if (!at) pairs.set(key, [d]);
      else if (at[at.length - 1] !== d) at.push(d);
    }
  });
  /** Documents (indices) whose folded text contains `seq` word for word. */
  const containing = (seq) =>
    (pairs.get(seq[0] + ' ' + seq[1]) || []).filter((d) => {
      const f = tokens[d].folded;
      for (let s = 0; s + seq.length <= f.length; s++) {
        if (seq.every((w, k) => f[s + k] === w)) return true;
      }
      return false;
    });
  const N = docs.length;
  const idf = (f) => Math.log(N / (df.get(f) || 1));

  const many = docs.length <= 20;
  const per = perDoc ?? (many ? 10 : 1);
  let order = docs.map((_, i) => i);
  if (!many) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const items = [];
  let sampled = 0;
  for (const i of order) {
    if (!many && sampled >= n) break;
    const { ws, folded, sentence } = tokens[i];
    if (ws.length < 3) continue;
    // Windows of 2 to 5 words, scored by the smallest IDF among their words;
    // only windows this document's group alone contains are kept.
    const group = new Set(groups.get(folded.join(' ')));
    const windows = [];
    for (const len of [2, 3, 4, 5]) {
      for (let s = 0; s + len <= ws.length; s++) {
        const f = folded.slice(s, s + len);
        if (f.some((w) => w.length < 2 || /^\d+$/.test(w))) continue;
        if (!sentence.slice(s, s + len).every(Boolean)) continue;
        // Shorter first on equal scores: readers type as little as they can.
        windows.push({ s, len, score: Math.min(...f.map(idf)) - len * 1e-9 });
      }
    }
    if (!windows.length) continue;
    windows.sort((a, b) => b.score - a.score || a.s - b.s);
    const chosen = [];
    for (const w of windows) {
      if (chosen.length >= per) break;
      if (chosen.some((c) => w.s < c.s + c.len && c.s < w.s + w.len)) continue;
      const holders = containing(folded.slice(w.s, w.s + w.len));
      if (holders.some((d) => !group.has(docs[d].id))) continue;
      chosen.push(w);
    }
    if (!chosen.length) continue;
    const relevant = groups.get(folded.join(' '));
    const doc = docs[i].id;
    for (const w of chosen) {
      const phrase = ws.slice(w.s, w.s + w.len);
      const forms = perturb(phrase, rng(hash(`${doc}:${w.s}`) ^ seed), { plain });
      for (const kind of kinds) {
        if (forms[kind]) items.push({ doc, kind, query: forms[kind], phrase: forms.exact, relevant });
      }
    }
    sampled++;
  }
  return { items, sampled, plain };
}

/** Read bench/work/corpora/<name>/docs.jsonl. */
export function readCorpus(name, root = join(ROOT, 'bench', 'work', 'corpora')) {
  const text = readFileSync(join(root, name, 'docs.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = process.argv[2] || 'seeds';
  console.log(JSON.stringify(latencyQueries(corpus), null, 0));
  if (process.argv.includes('--items')) {
    const { items, sampled, plain } = qualitySet(readCorpus(corpus), { corpus });
    console.log(`${items.length} items from ${sampled} documents (plain: ${plain})`);
    const per = {};
    for (const it of items) per[it.kind] = (per[it.kind] || 0) + 1;
    console.log(per);
    for (const it of items.slice(0, 40)) console.log(it.doc, it.kind.padEnd(16), it.query, '|', it.phrase);
  }
}
