// TypeScript declarations of widget.js, the <fihris-search> element.
import type { SearchResult } from './fihris.js';

/** Texts shown to readers; replace entries to translate the widget. */
export declare const MESSAGES: {
  label: string;
  placeholder: string;
  listLabel: string;
  loading: string;
  count: (n: number) => string;
  noResults: string;
  didYouMean: string;
  error: string;
  more: (n: number) => string;
};

/** `<fihris-search index="./index/" pages="./doc/">`; see the attributes in widget.js. */
export declare class FihrisSearch extends HTMLElement {
  /** The query whose results are shown ('' when none). */
  readonly shownQuery: string;
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
