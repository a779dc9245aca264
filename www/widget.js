// <fihris-search>: a search box for a Fihris index, embeddable with two lines:
//
//   <script type="module" src="/fihris/widget.js"></script>
//   <fihris-search index="/fihris/index/"></fihris-search>
//
// Attributes
//   index        folder holding fihris.idx, and the shard folder of a sharded
//                index (default: the folder index/ next to widget.js, as
//                `fihris build --site` lays them out)
//   pages        folder of the rendered document pages, where results link to
//                (default "./doc/"); a result opens <pages><id>.html?q=<query>.
//                An index built with --site links to each page's own url
//                instead, with ?q=<query>, and lists the matching sections
//                of the page under it.
//   link         "url": link to a hit's own url when the document has one
//   limit        hits per page (default 10)
//   placeholder  placeholder of the input (default: texts.placeholder)
//   param        name of a page URL parameter that fills the box on load (e.g. "q")
//   lang-filter  language of the documents searched: a tag ("en"), or "all";
//                default: the primary subtag of the page's language (the
//                closest lang="…" above the element), all when it has none
//   dir          "rtl" or "ltr"; default: the page's direction, else rtl
//   stylesheet   "none" to skip adding fihris.css to the page (bring your own)
//
// Property
//   texts        what the widget shows and announces (see TEXTS): a partial
//                table merged over the one of the page's language
//
// The element renders into the light DOM with classes prefixed "fihris-" and
// is themed with CSS custom properties prefixed "--fihris-" (see fihris.css).
// Corpus text is inserted as text nodes only, each field a bidi isolate.
// A search that fails (a shard of the index missing or damaged) shows the
// engine's message in place of the results; the next query searches again.
// Several elements can share a page (and an index): each has its own ids,
// and the `/` and Ctrl+K shortcuts focus the one used last.

import { Fihris, DEFAULTS } from './fihris.js';
import { appendMarked, directionOf, formatDate, resultCount } from './render.js';

const STYLESHEET = new URL('./fihris.css', import.meta.url).href;
/** Default of the `index` attribute: index/ next to this file. */
const INDEX = new URL('./index/', import.meta.url).href;
const DEBOUNCE_MS = 80;
/** Languages written in Arabic script: the widget speaks Arabic to them. */
const ARABIC_SCRIPT = /^(ar|arz|ary|apc|fa|ur|ps|ckb|sd|ug)(-|$)|-arab(-|$)/i;

/**
 * What the widget shows and announces, in one language. `{query}` and
 * `{suggestion}` stand for the query and the suggestion's button.
 *
 * @typedef {object} Texts
 * @property {string} label accessible name of the search box
 * @property {string} placeholder placeholder of the box (the `placeholder` attribute wins)
 * @property {string} listLabel accessible name of the list of results
 * @property {string} loading shown and announced while the index downloads
 * @property {(n: number, approximate?: boolean) => string} count "5 results",
 *   shown and announced; `approximate`: n is a lower bound
 * @property {string} noResults nothing matched `{query}`
 * @property {string} didYouMean offers `{suggestion}`
 * @property {string} error shown above the engine's message when a search fails
 * @property {(n: number, approximate?: boolean) => string} more the button
 *   that shows the next page, n hits being left
 * @property {(iso: string) => string} date a `YYYY-MM-DD` date as shown
 */

const english = new Intl.NumberFormat('en');
const englishDate = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
/** @param {number} n */
const results = (n) => (n ? `${english.format(n)} result${n === 1 ? '' : 's'}` : 'No results');

/**
 * The texts of the widget, by language: `ar` on pages in Arabic (or
 * another language written in Arabic script) and on pages that state no
 * language, `en` on the others. Change entries to change every widget of
 * the page; the `texts` property of an element overrides some for it alone.
 *
 * @type {{ ar: Texts, en: Texts }}
 */
export const TEXTS = {
  ar: {
    label: 'بحث',
    placeholder: 'ابحث في المقالات…',
    listLabel: 'نتائج البحث',
    loading: 'جارٍ تحميل الفهرس…',
    count: (n, approximate = false) => (approximate ? `${resultCount(n)} أو أكثر` : resultCount(n)),
    noResults: 'لا نتائج لـ «{query}».',
    didYouMean: 'هل تقصد {suggestion}؟',
    error: 'تعذّر تشغيل البحث.',
    more: (n, approximate = false) => `عرض المزيد (${resultCount(n)} أخرى${approximate ? ' أو أكثر' : ''})`,
    date: (iso) => formatDate(iso),
  },
  en: {
    label: 'Search',
    placeholder: 'Search…',
    listLabel: 'Search results',
    loading: 'Loading the index…',
    count: (n, approximate = false) => results(n) + (approximate ? ' or more' : ''),
    noResults: 'No results for “{query}”.',
    didYouMean: 'Did you mean {suggestion}?',
    error: 'The search could not run.',
    more: (n, approximate = false) => `Show more (${english.format(n)}${approximate ? ' or more' : ''} left)`,
    date: (iso) => formatDate(iso, englishDate),
  },
};

/** The Arabic texts (the table of TEXTS.ar), under their former name. */
export const MESSAGES = TEXTS.ar;

/** @type {Map<string, Promise<Fihris>>} engines shared by the elements that use the same index */
const engines = new Map();
let instances = 0;
/** @type {FihrisSearch|null} the element whose box had the focus last */
let lastUsed = null;

/**
 * The element the page-wide keyboard shortcut focuses: the one the reader
 * used last, else the first on the page; only a visible one.
 *
 * @returns {FihrisSearch|null}
 */
function shortcutTarget() {
  /** @param {Element} el @returns {el is FihrisSearch} */
  const shown = (el) => el instanceof FihrisSearch && el.isConnected && el.getClientRects().length > 0;
  if (lastUsed && shown(lastUsed)) return lastUsed;
  return [...document.querySelectorAll('fihris-search')].find(shown) || null;
}

/** @param {string} index */
function engineFor(index) {
  const key = new URL(index, document.baseURI).href;
  let engine = engines.get(key);
  if (!engine) {
    engine = Fihris.load({ index: key });
    engine.catch(() => engines.delete(key));
    engines.set(key, engine);
  }
  return engine;
}

/** @param {EventTarget|null} target */
function isEditable(target) {
  if (!(target instanceof Element)) return false;
  return (
    target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !==
    null
  );
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {Record<string, string>} [attrs]
 */
function el(tag, className, attrs = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export class FihrisSearch extends HTMLElement {
  static get observedAttributes() {
    return ['index', 'placeholder', 'dir', 'lang-filter'];
  }

  constructor() {
    super();
    /** Prefix of the ids of the parts, unique in the page (set by build). */
    this.uid = '';
    /** The query whose results are shown ('' when none). */
    this.shownQuery = '';
    /** increases with each query; answers to older ones are dropped */
    this.generation = 0;
    this.active = -1;
    /** @type {import('./fihris.js').Hit[]} */
    this.hits = [];
    this.total = 0;
    /** whether `total` is a lower bound (see SearchResult.approximate) */
    this.approximate = false;
    this.timer = 0;
    /** generation whose next page is being fetched, -1 when none */
    this.loadingMore = -1;
    /** whether the engine's index was built from a website (Fihris#site) */
    this.site = false;
    /** @type {Partial<Texts>} */
    this.ownTexts = {};
    // A `texts` set on the element before it was upgraded.
    if (Object.prototype.hasOwnProperty.call(this, 'texts')) {
      const texts = /** @type {any} */ (this).texts;
      delete (/** @type {any} */ (this).texts);
      this.texts = texts;
    }
    this.onDocumentKey = this.onDocumentKey.bind(this);
    this.onDocumentClick = this.onDocumentClick.bind(this);
  }

  /**
   * What the element shows and announces: the table of TEXTS for the page's
   * language, with the entries of the last object assigned here over it.
   * Assign a new (partial) object to change it.
   *
   * @type {Texts}
   */
  get texts() {
    return { ...TEXTS[ARABIC_SCRIPT.test(this.pageLang()) || !this.pageLang() ? 'ar' : 'en'], ...this.ownTexts };
  }

  set texts(value) {
    this.ownTexts = { ...value };
    if (!this.root) return;
    this.applyTexts();
    if (this.shownQuery) this.schedule(0);
  }

  /** The language of the page around the element ('' when none is stated). */
  pageLang() {
    return (this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || '').trim();
  }

  /** The `lang` option of searches: none for lang-filter="all" or a page of no language. */
  langFilter() {
    const tag = this.getAttribute('lang-filter') || this.pageLang().split('-')[0];
    return tag.toLowerCase() === 'all' ? '' : tag;
  }

  applyTexts() {
    const texts = this.texts;
    this.input.placeholder = this.getAttribute('placeholder') || texts.placeholder;
    this.input.setAttribute('aria-label', texts.label);
    this.list.setAttribute('aria-label', texts.listLabel);
  }

  /** The folder of the index: the `index` attribute, else index/ next to widget.js. */
  indexUrl() {
    return this.getAttribute('index') || INDEX;
  }

  connectedCallback() {
    if (!this.root) this.build();
    if (this.getAttribute('stylesheet') !== 'none') addStylesheet();
    this.applyDirection();
    this.applyTexts();
    document.addEventListener('keydown', this.onDocumentKey);
    document.addEventListener('click', this.onDocumentClick);
    const param = this.getAttribute('param');
    if (param && !this.input.value) {
      const initial = new URLSearchParams(location.search).get(param);
      if (initial) {
        this.input.value = initial;
        this.schedule(0);
      }
    }
  }

  disconnectedCallback() {
    if (lastUsed === this) lastUsed = null;
    document.removeEventListener('keydown', this.onDocumentKey);
    document.removeEventListener('click', this.onDocumentClick);
    clearTimeout(this.timer);
  }

  /**
   * @param {string} name
   * @param {string|null} old
   * @param {string|null} value
   */
  attributeChangedCallback(name, old, value) {
    if (!this.root || old === value) return;
    if (name === 'placeholder') this.applyTexts();
    if (name === 'dir') this.applyDirection();
    if ((name === 'index' || name === 'lang-filter') && this.query()) this.schedule(0);
  }

  /** The query as typed, trimmed. */
  query() {
    return this.input.value.trim();
  }

  /**
   * Put `query` in the box and search for it, as if typed.
   *
   * @param {string} query
   */
  setQuery(query) {
    this.input.value = query;
    this.onInput();
    this.input.focus();
  }

  /** Focus the search box and select its text. */
  focus() {
    this.input.focus();
    this.input.select();
  }

  build() {
    // ids for aria-controls and aria-activedescendant: unique even next to
    // ids the page already has.
    do {
      this.uid = `fihris-${++instances}`;
    } while (document.getElementById(`${this.uid}-list`));
    const root = el('div', 'fihris');
    const box = el('div', 'fihris-box');
    const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('class', 'fihris-icon');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z');
    icon.appendChild(path);

    const listId = `${this.uid}-list`;
    const input = el('input', 'fihris-input', {
      type: 'search',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
    });
    const kbd = el('kbd', 'fihris-kbd', { 'aria-hidden': 'true' });
    kbd.textContent = '/';
    box.append(icon, input, kbd);

    const panel = el('div', 'fihris-panel');
    panel.hidden = true;
    const status = el('div', 'fihris-status');
    const list = el('ul', 'fihris-results', { role: 'listbox', id: listId });
    const more = el('button', 'fihris-more', { type: 'button' });
    more.hidden = true;
    panel.append(status, list, more);

    const live = el('div', 'fihris-live', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    root.append(box, panel, live);
    this.appendChild(root);

    Object.assign(this, { root, input, panel, status, list, more, live });

    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('focus', () => {
      lastUsed = this;
      this.warmUp();
      if (this.query() && this.query() === this.shownQuery) this.open(true);
    });
    this.addEventListener('pointerenter', () => this.warmUp(), { once: true });
    more.addEventListener('click', () => this.loadMore());
  }

  /** Start downloading the engine before the first query needs it. */
  warmUp() {
    engineFor(this.indexUrl()).catch(() => {});
  }

  applyDirection() {
    const own = this.getAttribute('dir');
    const inherited = this.parentElement?.closest('[dir]')?.getAttribute('dir');
    this.dirValue = own === 'ltr' || own === 'rtl' ? own : inherited === 'ltr' ? 'ltr' : 'rtl';
    this.root.dir = this.dirValue;
    this.input.dir = directionOf(this.input.value) || this.dirValue;
  }

  onInput() {
    this.input.dir = directionOf(this.input.value) || this.dirValue;
    this.schedule(DEBOUNCE_MS);
  }

  /** @param {number} delay */
  schedule(delay) {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    if (!this.query()) {
      this.clearResults();
      return;
    }
    this.timer = setTimeout(() => this.run(generation), delay);
  }

  /**
   * Search for what the box holds and show the answer, unless a newer query
   * was typed meanwhile: loading the engine, and the shards a sharded index
   * downloads, take time, and answers can arrive out of order.
   *
   * @param {number} generation
   */
  async run(generation) {
    const query = this.query();
    const slow = setTimeout(() => {
      if (generation !== this.generation) return;
      const { loading } = this.texts;
      this.showStatus(loading, 'loading');
      this.announce(loading);
    }, 150);
    let result;
    try {
      const engine = await engineFor(this.indexUrl());
      if (generation !== this.generation) return; // a newer query is on its way
      result = await engine.search(query, this.searchOptions(0));
      this.site = engine.site;
    } catch (error) {
      if (generation === this.generation) this.showError(error);
      return;
    } finally {
      clearTimeout(slow);
    }
    if (generation !== this.generation) return; // answered after a newer query
    this.render(query, result);
  }

  /**
   * With the `param` attribute, keep the query in the page address, so that
   * reload and "back" from a result come back to it.
   *
   * @param {string} query
   */
  syncUrl(query) {
    const param = this.getAttribute('param');
    if (!param) return;
    const url = new URL(location.href);
    if (query) url.searchParams.set(param, query);
    else url.searchParams.delete(param);
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  /**
   * @param {number} offset
   * @returns {import('./fihris.js').SearchOptions}
   */
  searchOptions(offset) {
    const n = parseInt(this.getAttribute('limit') || '', 10);
    const lang = this.langFilter();
    return { limit: n > 0 ? n : DEFAULTS.limit, offset, ...(lang ? { lang } : {}) };
  }

  /**
   * @param {string} query
   * @param {import('./fihris.js').SearchResult} result
   */
  render(query, result) {
    this.shownQuery = query;
    this.syncUrl(query);
    this.hits = result.hits.slice();
    this.total = result.total;
    this.approximate = Boolean(result.approximate);
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.replaceChildren();
    this.status.replaceChildren();
    this.status.className = 'fihris-status';
    const texts = this.texts;

    if (result.total === 0) {
      this.status.classList.add('fihris-empty');
      this.status.append(fill(el('p'), texts.noResults, bdi(query)));
      this.announce(texts.count(0));
    } else {
      const p = el('p', 'fihris-count');
      p.textContent = texts.count(result.total, this.approximate);
      this.status.append(p);
      this.announce(p.textContent);
    }
    if (result.suggestion && result.suggestion !== query) {
      const button = el('button', 'fihris-suggest', { type: 'button' });
      button.append(bdi(result.suggestion));
      button.addEventListener('click', () => this.setQuery(result.suggestion || ''));
      this.status.append(fill(el('p', 'fihris-suggestion'), texts.didYouMean, button));
    }
    this.appendHits(result.hits);
    this.updateMore();
    this.open(true);
    this.dispatchEvent(new CustomEvent('fihris-results', { detail: { query, result }, bubbles: true }));
  }

  /**
   * One option of the list per hit, followed, for a site index, by one per
   * matching section of its page (class fihris-sub): all are options of the
   * listbox, in the order the arrow keys go through them.
   *
   * @param {import('./fihris.js').Hit[]} hits
   */
  appendHits(hits) {
    const query = this.shownQuery;
    const texts = this.texts;
    for (const hit of hits) {
      const link = this.option('', this.hrefOf(hit, query));
      const image = hit.meta?.image && webUrl(hit.meta.image);
      if (image) link.append(el('img', 'fihris-thumb', { src: image, alt: '', loading: 'lazy' }));

      link.append(this.field('span', 'fihris-title', hit.title || hit.id, hit.titleHighlights));

      if (hit.date || hit.source) {
        const meta = el('span', 'fihris-meta');
        if (hit.date) {
          const date = texts.date(hit.date);
          const time = el('time', 'fihris-date', { datetime: hit.date, dir: directionOf(date) || this.dirValue });
          time.textContent = date;
          meta.append(time);
        }
        if (hit.source) {
          const source = el('bdi', 'fihris-source');
          source.textContent = hit.source;
          meta.append(source);
        }
        link.append(meta);
      }

      if (hit.excerpt) link.append(this.field('span', 'fihris-excerpt', hit.excerpt, hit.highlights));
      for (const sub of (this.site && hit.subResults) || []) {
        const href = webUrl(sub.url, query);
        if (!href) continue;
        this.option(' fihris-sub', href).append(
          this.field('span', 'fihris-sub-title', sub.title),
          this.field('span', 'fihris-excerpt', sub.excerpt, sub.highlights),
        );
      }
    }
  }

  /**
   * Append an option to the list, and return its link.
   *
   * @param {string} kind extra classes
   * @param {string} href
   */
  option(kind, href) {
    const option = el('li', `fihris-option${kind}`, {
      role: 'option',
      id: `${this.uid}-option-${this.list.children.length}`,
      'aria-selected': 'false',
    });
    const link = el('a', 'fihris-hit', { href, tabindex: '-1' });
    option.append(link);
    option.addEventListener('pointermove', () => {
      const index = [...this.list.children].indexOf(option);
      if (this.active !== index) this.setActive(index, false);
    });
    this.list.append(option);
    return link;
  }

  /**
   * A field of corpus text, in its own direction, with its matches marked.
   *
   * @param {string} tag
   * @param {string} className
   * @param {string} text
   * @param {Array<[number, number]>} [ranges]
   */
  field(tag, className, text, ranges) {
    const node = el(tag, className, { dir: directionOf(text) || this.dirValue });
    appendMarked(node, text, ranges);
    return node;
  }

  /** Append the next page of hits of the query shown. */
  async loadMore() {
    const generation = this.generation;
    const query = this.shownQuery;
    const first = this.hits.length;
    const firstOption = this.list.children.length;
    if (this.loadingMore === generation) return; // that page is on its way
    this.loadingMore = generation;
    let result;
    try {
      const engine = await engineFor(this.indexUrl());
      result = await engine.search(query, this.searchOptions(first));
    } catch (error) {
      if (generation === this.generation) this.showError(error);
      return;
    } finally {
      if (this.loadingMore === generation) this.loadingMore = -1;
    }
    // Shown only if the same query, with the same hits, is still on screen.
    if (generation !== this.generation || query !== this.shownQuery || first !== this.hits.length) return;
    this.hits.push(...result.hits);
    // Deeper pages are counted exactly (heads cover the first ones only).
    this.total = result.total;
    this.approximate = Boolean(result.approximate);
    this.appendHits(result.hits);
    this.updateMore();
    if (result.hits.length) this.setActive(firstOption, true);
    this.input.focus();
  }

  updateMore() {
    const rest = this.total - this.hits.length;
    this.more.hidden = rest <= 0;
    if (rest > 0) this.more.textContent = this.texts.more(rest, this.approximate);
  }

  /**
   * Where a hit leads: for a site index, its page on the site with the
   * query (`?q=`, for fihris-page.js); else its rendered page with the
   * query, or its own url when the element has link="url" and the document
   * has one.
   *
   * @param {import('./fihris.js').Hit} hit
   * @param {string} query
   */
  hrefOf(hit, query) {
    const own = hit.url && (this.site ? webUrl(hit.url, query) : this.getAttribute('link') === 'url' && webUrl(hit.url));
    if (own) return own;
    let pages = this.getAttribute('pages') || './doc/';
    if (!pages.endsWith('/')) pages += '/';
    const path = hit.id.split('/').map(encodeURIComponent).join('/');
    const url = new URL(`${path}.html`, new URL(pages, document.baseURI));
    url.searchParams.set('q', query);
    return url.href;
  }

  /** @param {unknown} error */
  showError(error) {
    this.shownQuery = '';
    this.hits = [];
    this.list.replaceChildren();
    this.more.hidden = true;
    this.status.replaceChildren();
    this.status.className = 'fihris-status fihris-error';
    const title = el('p');
    title.textContent = this.texts.error;
    const detail = el('p', 'fihris-error-detail', { dir: 'ltr' });
    detail.textContent = error instanceof Error ? error.message : String(error);
    this.status.append(title, detail);
    this.live.textContent = '';
    this.status.setAttribute('role', 'alert');
    this.open(true);
  }

  /**
   * @param {string} text
   * @param {string} kind
   */
  showStatus(text, kind) {
    this.status.className = `fihris-status fihris-${kind}`;
    const p = el('p');
    p.textContent = text;
    this.status.replaceChildren(p);
    this.status.removeAttribute('role');
    this.open(true);
  }

  /** @param {string} text */
  announce(text) {
    this.status.removeAttribute('role');
    this.live.textContent = text;
  }

  clearResults() {
    this.syncUrl('');
    this.shownQuery = '';
    this.hits = [];
    this.total = 0;
    this.list.replaceChildren();
    this.status.replaceChildren();
    this.more.hidden = true;
    this.live.textContent = '';
    this.open(false);
  }

  /** @param {boolean} open */
  open(open) {
    const hasContent = this.status.childNodes.length > 0 || this.hits.length > 0;
    const show = open && hasContent;
    this.panel.hidden = !show;
    this.input.setAttribute('aria-expanded', String(show && this.hits.length > 0));
    this.classList.toggle('fihris-open', show);
    if (!show) this.setActive(-1, false);
  }

  /**
   * @param {number} index -1 for none
   * @param {boolean} scroll
   */
  setActive(index, scroll) {
    const options = this.list.children;
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute('aria-selected', 'false');
      options[this.active].classList.remove('fihris-active');
    }
    this.active = index;
    const option = index >= 0 ? options[index] : null;
    if (option) {
      option.setAttribute('aria-selected', 'true');
      option.classList.add('fihris-active');
      this.input.setAttribute('aria-activedescendant', option.id);
      if (scroll) option.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    const count = this.list.children.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!count) return;
        e.preventDefault();
        if (this.panel.hidden) this.open(true);
        const step = e.key === 'ArrowDown' ? 1 : -1;
        const next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
        this.setActive(next, true);
        break;
      }
      case 'Enter': {
        if (e.isComposing) return;
        e.preventDefault();
        clearTimeout(this.timer);
        if (this.query() !== this.shownQuery) {
          // Enter before the debounce fired: search now, open nothing yet.
          this.schedule(0);
          return;
        }
        const href = this.list.children[Math.max(this.active, 0)]?.querySelector('a')?.href;
        if (!href) return;
        if (e.ctrlKey || e.metaKey) window.open(href, '_blank', 'noopener');
        else location.assign(href);
        break;
      }
      case 'Escape': {
        e.preventDefault();
        if (this.input.value) {
          this.input.value = '';
          this.input.dir = this.dirValue;
          this.schedule(0);
        } else {
          this.input.blur();
        }
        break;
      }
      default:
    }
  }

  /**
   * `/` or Ctrl+K (⌘K) anywhere on the page focuses the search box; with
   * several on the page, the one used last (see shortcutTarget).
   *
   * @param {KeyboardEvent} e
   */
  onDocumentKey(e) {
    if (e.defaultPrevented) return;
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target);
    const ctrlK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey;
    if ((slash || ctrlK) && shortcutTarget() === this) {
      e.preventDefault();
      this.focus();
    }
  }

  /**
   * A click outside the element closes the results. On click, not on
   * pointerdown: the panel is in the page's flow, and hiding it while the
   * button is still down moves what is below it, so the click would land
   * elsewhere (or nowhere).
   *
   * @param {MouseEvent} e
   */
  onDocumentClick(e) {
    if (e.target instanceof Node && !this.contains(e.target)) this.open(false);
  }
}

/**
 * A web address (http or https) made from `url`, resolved against the page,
 * with `query` as its `q` parameter when given; null for any other scheme (a
 * javascript: or data: url from a document never becomes a link or image).
 *
 * @param {string} url
 * @param {string} [query]
 */
function webUrl(url, query) {
  let own;
  try {
    own = new URL(url, document.baseURI);
  } catch {
    return null;
  }
  if (own.protocol !== 'https:' && own.protocol !== 'http:') return null;
  if (query !== undefined) own.searchParams.set('q', query);
  return own.href;
}

/**
 * `parent` with `template` appended, `node` in place of its `{…}`.
 *
 * @param {Element} parent
 * @param {string} template
 * @param {Node} node
 */
function fill(parent, template, node) {
  const [before, after = ''] = template.split(/\{\w+\}/);
  parent.append(before, node, after);
  return parent;
}

/** @param {string} text */
function bdi(text) {
  const node = document.createElement('bdi');
  node.textContent = text;
  return node;
}

function addStylesheet() {
  const present = [...document.querySelectorAll('link[rel~="stylesheet"]')].some(
    (link) => /** @type {HTMLLinkElement} */ (link).href === STYLESHEET,
  );
  if (present) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.appendChild(link);
}

if (!customElements.get('fihris-search')) customElements.define('fihris-search', FihrisSearch);
