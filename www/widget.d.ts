// TypeScript declarations of widget.js, the <fihris-search> element.
import type { SearchResult } from './fihris.js';

/**
 * What the widget shows and announces, in one language. `{query}` and
 * `{suggestion}` stand for the query and the suggestion's button.
 */
export interface Texts {
  /** Accessible name of the search box. */
  label: string;
  /** Placeholder of the box (the `placeholder` attribute wins). */
  placeholder: string;
  /** Accessible name of the list of results. */
  listLabel: string;
  /** Shown and announced while the index downloads. */
  loading: string;
  /** "5 results", shown and announced; `approximate`: n is a lower bound. */
  count: (n: number, approximate?: boolean) => string;
  /** Nothing matched `{query}`. */
  noResults: string;
  /** Offers `{suggestion}`. */
  didYouMean: string;
  /** Shown above the engine's message when a search fails. */
  error: string;
  /** The button that shows the next page, n hits being left. */
  more: (n: number, approximate?: boolean) => string;
  /** A `YYYY-MM-DD` date as shown. */
  date: (iso: string) => string;
}

/**
 * The texts by language: `ar` on pages in Arabic (or another language in
 * Arabic script) and on pages of no stated language, `en` on the others.
 */
export declare const TEXTS: { ar: Texts; en: Texts };

/** The Arabic texts, `TEXTS.ar`, under their former name. */
export declare const MESSAGES: Texts;

/**
 * `<fihris-search index="…" pages="…" lang-filter="…">`; see the attributes in
 * widget.js. Without `index`, the index is the folder `index/` next to widget.js.
 */
export declare class FihrisSearch extends HTMLElement {
  /** The query whose results are shown ('' when none). */
  readonly shownQuery: string;
  /** Whether the index searched last was built from a website (`fihris build --site`). */
  readonly site: boolean;
  /**
   * What the element shows and announces: the table of {@link TEXTS} for the
   * page's language with the entries last assigned here over it. Assign a
   * new partial object to change some.
   */
  get texts(): Texts;
  set texts(value: Partial<Texts>);
  /** Put `query` in the box and search for it, as if typed. */
  setQuery(query: string): void;
  /** Focus the search box and select its text. */
  focus(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'fihris-search': FihrisSearch;
  }
  interface HTMLElementEventMap {
    /** Fired by <fihris-search> after each answer. */
    'fihris-results': CustomEvent<{ query: string; result: SearchResult }>;
  }
}
