// TypeScript declarations of fihris.js. The documentation of each option is
// in fihris.js (JSDoc); this file repeats only the shapes.

/** Options of {@link Fihris.load}; anything left out comes from {@link DEFAULTS}. */
export interface LoadOptions {
  /**
   * Folder (URL ending in `/`) holding `fihris.idx` and, for a sharded index,
   * its `<build hash>/` folder of shards. Default `'./index/'`, relative to the page.
   */
  index?: string | URL;
  /** URL of `fihris_bg.wasm`. Default `pkg/fihris_bg.wasm` next to fihris.js. */
  wasm?: string | URL;
  /** Passed to every `fetch` of the engine: wasm, index, shards. Default `{}`. */
  fetchOptions?: RequestInit;
  /** Aborts the downloads of the engine: wasm, index, and the shards of later searches. */
  signal?: AbortSignal;
  /**
   * Milliseconds after which a search that finds nothing first revalidates
   * `fihris.idx` and answers from a newer build if the site was redeployed
   * (`0`: every such search, `Infinity`: never). Default `60000`. A search
   * whose shards the server no longer has switches to the new build anyway.
   */
  refresh?: number;
}

/** Options of {@link Fihris.search}. */
export interface SearchOptions {
  /** Number of hits to return. Default `10`. */
  limit?: number;
  /** Number of best hits to skip, for paging. Default `0`. */
  offset?: number;
  /**
   * A language tag (`'ar'`, `'en-US'`): only documents whose language has the
   * same primary subtag, or no stated language, match. Default: every language.
   */
  lang?: string;
}

/** `[start, end)` in UTF-16 code units. */
export type Range = [number, number];

/** One document that matches. */
export interface Hit {
  /** Path of the document relative to the corpus, without extension. */
  id: string;
  title: string;
  /** Canonical address, when the document stated one. */
  url?: string;
  /** Publication date, `YYYY-MM-DD`, when known. */
  date?: string;
  /** Publisher, when known. */
  source?: string;
  /** Relevance; higher is better. Only comparable within one result. */
  score: number;
  /** Original text (diacritics kept) around the best match. */
  excerpt: string;
  /** Matched words in `excerpt`. */
  highlights: Range[];
  /** Matched words in `title`. */
  titleHighlights: Range[];
  /** The page's `<html lang>` as written (site indexes). */
  lang?: string;
  /** Other fields of the page, e.g. `author`, `image` (site indexes). */
  meta?: Record<string, string>;
  /** Up to 3 sections of the page that match, best first (site indexes). */
  subResults?: SubResult[];
}

/** A section of a page that matches, under a heading with an id. */
export interface SubResult {
  /** The heading. */
  title: string;
  /** The page's url, `#` and the heading's id. */
  url: string;
  excerpt: string;
  /** Matched words in `excerpt`. */
  highlights: Range[];
}

export interface SearchResult {
  /** Number of matching documents (all pages). */
  total: number;
  /** The requested page of hits, best first. */
  hits: Hit[];
  /** Present when `total` is a lower bound (a one-word query on a sharded index). */
  approximate?: true;
  /** A corrected query, when little or nothing matched and one exists. */
  suggestion?: string;
  /**
   * `true` when not everything was looked at: the query was longer than 512
   * characters or 16 words (the rest was ignored), or it used up its work
   * budget before every prefix, stem and near-spelling match was read.
   */
  partial: boolean;
}

/** Name of the index file inside the `index` folder. */
export declare const INDEX_FILE: 'fihris.idx';

/** Default options, in one place. */
export declare const DEFAULTS: {
  index: string | URL;
  wasm: string | URL;
  fetchOptions: RequestInit;
  limit: number;
  offset: number;
};

/** A loaded index, ready to answer queries. */
export declare class Fihris {
  /**
   * Download the engine and the index (in parallel) and open the index.
   * Rejects with a readable `Error` (index not found, corrupt or of another
   * format version, WebAssembly unavailable).
   */
  static load(options?: LoadOptions): Promise<Fihris>;
  private constructor();
  /** Address the index was loaded from. */
  readonly url: string;
  /** Number of documents in the index. */
  readonly documentCount: number;
  /** Version of the index format. */
  readonly formatVersion: number;
  /** Whether the index is sharded: searches download the shards they need. */
  readonly sharded: boolean;
  /** Whether the index was built from a website (`fihris build --site`): hits have the `url` of their page. */
  readonly site: boolean;
  /**
   * Search the index. A sharded index first downloads the shards the query
   * needs (in parallel, once per session). Rejects with an `Error` naming
   * the shard when one cannot be downloaded or is damaged.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Free the memory of the index and its shards; the engine cannot search afterwards. */
  close(): void;
}

/** Ranges of the words of `text` that match `query`; loads only the wasm module. */
export declare function highlight(
  text: string,
  query: string,
  options?: Pick<LoadOptions, 'wasm' | 'fetchOptions'>,
): Promise<Range[]>;

export default Fihris;
