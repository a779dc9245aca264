// Fihris in the browser: load a compiled index and search it.
//
//   import { Fihris } from './fihris.js';
//   const engine = await Fihris.load({ index: './index/' });
//   const { total, hits, suggestion } = await engine.search('كوريا', { limit: 10 });
//
// The wasm module, its JS bindings and the index file are fetched in
// parallel; the wasm is compiled while it streams (WebAssembly.compileStreaming),
// before its bindings have arrived to instantiate it. A large index
// is sharded: fihris.idx then holds only the dictionaries, and each search
// fetches the few shard files (postings, stored documents) it needs from the
// index folder, in parallel, once per session. Every import is relative, so
// the files work as they are on any static host and through a bundler.

/**
 * Options of {@link Fihris.load}. Anything left out takes its value from
 * {@link DEFAULTS}.
 *
 * @typedef {object} LoadOptions
 * @property {string|URL} [index] Folder (URL ending in `/`) that holds
 *   `fihris.idx`, the index written by `fihris build --out DIR`, and, when
 *   the index is sharded, its `<build hash>/` folder of shards. Relative URLs
 *   are resolved against the page. Default `'./index/'`.
 * @property {string|URL} [wasm] URL of `fihris_bg.wasm`. Default: `pkg/fihris_bg.wasm`
 *   next to this file (resolved against `import.meta.url`, not the page).
 * @property {RequestInit} [fetchOptions] Passed to every `fetch` of the engine
 *   (the wasm, the index, and the shards searches download later), e.g.
 *   `{ credentials: 'include' }` or `{ cache: 'no-cache' }`. Default `{}`.
 * @property {AbortSignal} [signal] Aborts the downloads of the engine: the
 *   wasm and the index, and the shards of later searches (those then reject
 *   with an `AbortError`). Default none.
 * @property {number} [refresh] Milliseconds after which a search that finds
 *   nothing first asks the server whether `fihris.idx` changed (a
 *   revalidation: a few hundred bytes when it did not), and answers from the
 *   new build if the site was redeployed. `0`: every such search;
 *   `Infinity`: never. Default `60000`. A search whose shards the server no
 *   longer has switches to the new build whatever this says.
 */

/**
 * Options of {@link Fihris#search}.
 *
 * @typedef {object} SearchOptions
 * @property {number} [limit] Number of hits to return. Default `10`.
 * @property {number} [offset] Number of best hits to skip, for paging. Default `0`.
 * @property {string} [lang] A language tag (`'ar'`, `'en-US'`): only documents
 *   whose language has the same primary subtag (case-insensitive), and those
 *   of no stated language, match. Default none: every language.
 */

/**
 * One document that matches.
 *
 * @typedef {object} Hit
 * @property {string} id Path of the document relative to the corpus, without extension.
 * @property {string} title
 * @property {string} [url] Canonical address, when the document stated one.
 * @property {string} [date] Publication date, `YYYY-MM-DD`, when known.
 * @property {string} [source] Publisher, when known.
 * @property {number} score Relevance; higher is better. Only comparable within one result.
 * @property {string} excerpt Original text (diacritics kept) around the best match.
 * @property {Array<[number, number]>} highlights `[start, end)` ranges of matched
 *   words in `excerpt`, in UTF-16 code units (what `String.prototype.slice` takes).
 * @property {Array<[number, number]>} titleHighlights The same for `title`.
 * @property {string} [lang] The page's `<html lang>` as written (site indexes).
 * @property {Record<string, string>} [meta] Other fields of the page, such as
 *   `author` or `image` (site indexes).
 * @property {SubResult[]} [subResults] Up to 3 sections of the page that
 *   match, best first (site indexes).
 */

/**
 * A section of a page that matches: under a heading with an id.
 *
 * @typedef {object} SubResult
 * @property {string} title The heading.
 * @property {string} url The page's url, `#` and the heading's id.
 * @property {string} excerpt
 * @property {Array<[number, number]>} highlights As in {@link Hit}.
 */

/**
 * @typedef {object} SearchResult
 * @property {number} total Number of matching documents (all pages).
 * @property {Hit[]} hits The requested page of hits, best first.
 * @property {true} [approximate] Present when `total` is a lower bound (a
 *   one-word query on a sharded index reads only the best documents).
 * @property {string} [suggestion] A corrected query, present when little or
 *   nothing matched and a typo-tolerant alternative exists.
 * @property {boolean} partial Whether some of the query or its matches went
 *   unread: more than 512 characters or 16 words, or the per-query work
 *   budget ran out (hits may be missing; what is there is ranked as usual).
 */

/** Name of the index file inside the `index` folder. */
export const INDEX_FILE = 'fihris.idx';

/**
 * Default options, in one place. Change them before the first `load` to
 * affect every engine of the page.
 */
export const DEFAULTS = {
  /** @type {string|URL} */
  index: './index/',
  /** @type {string|URL} */
  wasm: new URL('./pkg/fihris_bg.wasm', import.meta.url),
  /** @type {RequestInit} */
  fetchOptions: {},
  /** @type {number} */
  limit: 10,
  /** @type {number} */
  offset: 0,
  /** @type {number} */
  refresh: 60_000,
};

/** @type {Map<string, Promise<any>>} wasm bindings, one instance per wasm URL. */
const modules = new Map();

/**
 * Fetch, compile and instantiate the wasm module once per URL.
 *
 * @param {string|URL} wasmUrl
 * @param {RequestInit} fetchOptions
 */
function loadWasm(wasmUrl, fetchOptions) {
  const url = new URL(wasmUrl, baseUrl()).href;
  let bindings = modules.get(url);
  if (!bindings) {
    bindings = (async () => {
      if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
        throw new Error('this browser cannot run WebAssembly, which Fihris needs to search');
      }
      const cannotStart = (/** @type {unknown} */ error) =>
        new Error(`the search engine at ${url} could not start: ${messageOf(error)}`);
      // Compiling needs only the bytes, not the bindings' imports: it runs while the
      // bindings download, and they then only instantiate the compiled module.
      const compiled = fetchOk(url, fetchOptions, 'the search engine (wasm)').then((response) =>
        compileWasm(response).catch((error) => {
          throw cannotStart(error);
        }),
      );
      const [glue, module] = await Promise.all([import('./pkg/fihris.js'), compiled]);
      try {
        await glue.default({ module_or_path: module });
      } catch (error) {
        throw cannotStart(error);
      }
      return glue;
    })();
    bindings.catch(() => modules.delete(url));
    modules.set(url, bindings);
  }
  return bindings;
}

/**
 * Compile the wasm as it downloads when the server labels it `application/wasm`
 * (streaming compilation requires that type), else once it has downloaded.
 *
 * @param {Response} response
 * @returns {Promise<WebAssembly.Module>}
 */
async function compileWasm(response) {
  const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * `fetch` that turns HTTP errors and network failures into readable messages.
 *
 * @param {string} url
 * @param {RequestInit} fetchOptions
 * @param {string} what
 * @returns {Promise<Response>}
 */
async function fetchOk(url, fetchOptions, what) {
  let response;
  try {
    response = await fetch(url, fetchOptions);
  } catch (error) {
    if (error && error.name === 'AbortError') throw error;
    throw new Error(`${what} could not be downloaded from ${url}: ${messageOf(error)}`);
  }
  if (response.status === 404) {
    throw new Error(
      `${what} not found at ${url}: run ./build.sh (or fihris build) and copy dist/ to your site`,
    );
  }
  if (!response.ok) {
    throw new Error(`${what} could not be downloaded from ${url}: HTTP ${response.status}`);
  }
  return response;
}

/**
 * The wasm `SearchIndex` of the bytes of `fihris.idx`.
 *
 * @param {any} glue the wasm module's bindings
 * @param {Uint8Array} bytes
 * @param {string} url where they came from, for the message
 */
function open(glue, bytes, url) {
  try {
    return new glue.SearchIndex(bytes);
  } catch (error) {
    throw new Error(`the index at ${url} cannot be read: ${messageOf(error)}`);
  }
}

/**
 * The CRC-32 an index file's header holds (bytes 24–27, over every later
 * byte): two builds of different content differ in it.
 *
 * @param {Uint8Array} bytes
 */
function checksumOf(bytes) {
  return bytes.length >= 28 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(24, true) : -1;
}

/** Errors of shards the server does not have (404, 410). */
const GONE = new WeakSet();

/**
 * Whether `error` is (or, for several shards, starts with) a shard the
 * server does not have.
 *
 * @param {Error} error
 */
function isGone(error) {
  return GONE.has(error) || /\(HTTP (404|410)\)/.test(error.message);
}

/** The address relative URLs are resolved against: the page, or the worker. */
function baseUrl() {
  return globalThis.document ? document.baseURI : globalThis.location.href;
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** A loaded index, ready to answer queries. Create it with {@link Fihris.load}. */
export class Fihris {
  /**
   * Download the engine and the index (in parallel) and open the index.
   *
   * Rejects with an `Error` whose message says what went wrong and how to
   * fix it: index not found, index corrupt or written by another version,
   * WebAssembly unavailable.
   *
   * @param {LoadOptions} [options]
   * @returns {Promise<Fihris>}
   */
  static async load(options = {}) {
    const opts = { ...DEFAULTS, ...options };
    const fetchOptions = { ...opts.fetchOptions, ...(opts.signal ? { signal: opts.signal } : {}) };
    let folder = new URL(opts.index, baseUrl()).href;
    if (!folder.endsWith('/')) folder += '/';
    const indexUrl = new URL(INDEX_FILE, folder).href;

    const [glue, bytes] = await Promise.all([
      loadWasm(opts.wasm, fetchOptions),
      fetchOk(indexUrl, fetchOptions, 'index').then(async (r) => new Uint8Array(await r.arrayBuffer())),
    ]);
    const engine = new Fihris(open(glue, bytes, indexUrl), indexUrl, fetchOptions);
    engine.glue = glue;
    engine.checksum = checksumOf(bytes);
    engine.refresh = Number(opts.refresh);
    engine.loadedAt = Date.now();
    return engine;
  }

  /**
   * @param {any} index the wasm `SearchIndex`
   * @param {string} url where the index came from
   * @param {RequestInit} [fetchOptions] for the shards, as for the index
   * @hideconstructor
   */
  constructor(index, url, fetchOptions = {}) {
    /** @private */
    this.index = index;
    /** Address the index was loaded from. */
    this.url = url;
    /** @private */
    this.fetchOptions = fetchOptions;
    /**
     * Shards being downloaded and added, by name: concurrent searches that
     * need the same shard share one download. An entry leaves the map once
     * its shard is added (the wasm index keeps it) or has failed (so that a
     * later search tries again).
     *
     * @private
     * @type {Map<string, Promise<void>>}
     */
    this.pending = new Map();
    /** @private the wasm module's bindings, to open a newer build */
    this.glue = null;
    /** @private the checksum of the `fihris.idx` in use */
    this.checksum = -1;
    /** @private see {@link LoadOptions} */
    this.refresh = Infinity;
    /** @private when the build in use was loaded or last checked */
    this.loadedAt = 0;
  }

  /** Number of documents in the index. */
  get documentCount() {
    return this.index.documentCount;
  }

  /** Version of the index format. */
  get formatVersion() {
    return this.index.formatVersion;
  }

  /**
   * Whether the index is sharded: `fihris.idx` holds the dictionaries, and
   * searches download the shards they need from the index folder.
   */
  get sharded() {
    return Boolean(this.index && this.index.sharded);
  }

  /**
   * Whether the index was built from a website (`fihris build --site`):
   * each hit then has the `url` of its page on the site.
   */
  get site() {
    return Boolean(this.index?.site ?? false);
  }

  /**
   * Search the index. A single-file index answers from memory; a sharded
   * one first downloads the shards the query needs that no earlier search
   * of this engine downloaded (in parallel, at most a few rounds).
   *
   * Query syntax: words are ANDed, the last word also matches as a prefix,
   * `"quoted words"` is a phrase, `-word` excludes; diacritics, hamza forms
   * and attached ال/و/ب… are ignored; typos are tolerated.
   *
   * Rejects with an `Error` naming the shard and the fix when a shard cannot
   * be downloaded or is damaged; later searches that do not need it still
   * work, and one that does tries to download it again.
   *
   * @param {string} query
   * @param {SearchOptions} [options]
   * @returns {Promise<SearchResult>}
   */
  async search(query, options = {}) {
    const text = String(query);
    const limit = options.limit ?? DEFAULTS.limit;
    const offset = options.offset ?? DEFAULTS.offset;
    /** @type {{ limit: number, offset: number, lang?: string }} */
    const opts = { limit, offset };
    if (options.lang) opts.lang = String(options.lang);
    // Rounds: the dictionary chunks of the words, their postings, those of
    // near spellings or of the suggestion, the page's documents. Each round
    // must add shards this search has not added yet, so the loop ends (the
    // CLI does the same).
    /** @type {Set<string>} */
    let added = new Set();
    let reloaded = false;
    for (;;) {
      if (!this.index) throw new Error('this Fihris engine was closed');
      const answer = this.index.search(text, opts);
      if (!answer.missing) {
        // Nothing found may be a word of a newer build of the site.
        if (answer.total > 0 || reloaded || Date.now() - this.loadedAt < this.refresh) return answer;
        reloaded = true;
        if (!(await this.reload('no-cache'))) return answer;
        added = new Set();
        continue;
      }
      const again = answer.missing.find((name) => added.has(name));
      if (again !== undefined) {
        throw new Error(
          `the query asked again for index shard ${again} after it was downloaded: ` +
            'the index folder may mix files of two builds; upload the whole index folder again',
        );
      }
      try {
        await this.addShards(answer.missing);
      } catch (error) {
        // A shard the server no longer has: the site was redeployed since
        // this page loaded fihris.idx. Answer from the new build instead.
        if (reloaded || !(error instanceof Error) || !isGone(error) || !(await this.reload('reload'))) throw error;
        reloaded = true;
        added = new Set();
        continue;
      }
      for (const name of answer.missing) added.add(name);
    }
  }

  /**
   * Downloads `fihris.idx` again and switches to it if it is another build
   * than the one in use. Resolves whether it switched.
   *
   * @private
   * @param {RequestCache} cache `reload` past every cache (the shards are
   *   gone: the build surely changed), `no-cache` to revalidate
   * @returns {Promise<boolean>}
   */
  async reload(cache) {
    if (!this.glue) return false;
    this.loadedAt = Date.now();
    let bytes;
    try {
      const response = await fetchOk(this.url, { ...this.fetchOptions, cache }, 'index');
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return false;
    }
    if (checksumOf(bytes) === this.checksum || !this.index) return false;
    const index = open(this.glue, bytes, this.url);
    this.index.free();
    this.index = index;
    this.checksum = checksumOf(bytes);
    this.pending = new Map();
    return true;
  }

  /**
   * Download and add the shards `names`, in parallel, sharing downloads
   * already under way. Rejects with the error of the first that failed,
   * once all have settled.
   *
   * @private
   * @param {string[]} names paths relative to the index folder
   */
  async addShards(names) {
    const outcomes = await Promise.allSettled(names.map((name) => this.shard(name)));
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    if (failed.length === 0) return;
    const [first] = failed;
    if (failed.length === 1 || !(first instanceof Error) || first.name === 'AbortError') throw first;
    throw new Error(`${first.message} (and ${failed.length - 1} more shard${failed.length > 2 ? 's' : ''} failed)`);
  }

  /**
   * The download of one shard, added to the index once it arrives: the one
   * under way if there is one, else a new one.
   *
   * @private
   * @param {string} name
   * @returns {Promise<void>}
   */
  shard(name) {
    let loading = this.pending.get(name);
    if (!loading) {
      loading = this.downloadShard(name).then(
        (bytes) => {
          this.pending.delete(name);
          if (!this.index) throw new Error('this Fihris engine was closed');
          try {
            this.index.addShard(name, bytes);
          } catch (error) {
            throw new Error(messageOf(error));
          }
        },
        (error) => {
          this.pending.delete(name);
          throw error;
        },
      );
      this.pending.set(name, loading);
    }
    return loading;
  }

  /**
   * @private
   * @param {string} name
   * @returns {Promise<Uint8Array>}
   */
  async downloadShard(name) {
    const folder = new URL('./', this.url).href;
    const url = new URL(name, folder).href;
    const fix = `upload the whole index folder, including its ${name.split('/')[0]}/ folder`;
    // Names come from the verified index; a shard is never fetched from outside its folder.
    if (!url.startsWith(folder)) throw new Error(`index shard ${name} is not inside the index folder ${folder}`);
    const unreachable = (/** @type {unknown} */ error) => {
      if (error && /** @type {Error} */ (error).name === 'AbortError') return error;
      return new Error(
        `index shard ${name} could not be loaded (${messageOf(error)}) from ${url}: check the connection, and ${fix}`,
      );
    };
    let response;
    try {
      response = await fetch(url, this.fetchOptions);
    } catch (error) {
      throw unreachable(error);
    }
    if (!response.ok) {
      const error = new Error(`index shard ${name} could not be loaded (HTTP ${response.status}): ${fix}`);
      if (response.status === 404 || response.status === 410) GONE.add(error);
      throw error;
    }
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw unreachable(error);
    }
  }

  /**
   * Free the memory of the index and of its shards. The engine cannot
   * search afterwards; searches under way reject.
   */
  close() {
    if (this.index) this.index.free();
    this.index = null;
  }
}

/**
 * Ranges of the words of `text` that match `query`, the way search
 * highlights them: `[start, end)` in UTF-16 code units. Loads only the wasm
 * module (not the index); the first call downloads it.
 *
 * @param {string} text
 * @param {string} query
 * @param {Pick<LoadOptions, 'wasm'|'fetchOptions'>} [options]
 * @returns {Promise<Array<[number, number]>>}
 */
export async function highlight(text, query, options = {}) {
  const opts = { ...DEFAULTS, ...options };
  const glue = await loadWasm(opts.wasm, opts.fetchOptions);
  return glue.highlight(String(text), String(query));
}

export default Fihris;
