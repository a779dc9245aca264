// Highlighting on the pages a search result opens. Load it on any page of
// the site (`<script type="module" src="/fihris/fihris-page.js">`); the
// document pages that `fihris build --pages` writes load it themselves.
// When the page was opened from a search (`?q=…`), the words of its content
// that match the query are wrapped in <mark class="fihris-mark"> and scrolled
// into view: the first one after the element the address's #anchor names,
// else the first one. The content is every element marked
// `data-fihris-body`, else <main>, else <article>, else <body>; navigation,
// headers, footers, asides, forms, `data-fihris-ignore` and the search
// widget are left alone. On the document pages, a link leads back to the
// search. Only the wasm module is loaded (next to this file), not the index.

import { highlight } from './fihris.js';
import { directionOf, formatDate, markTextNode } from './render.js';

const BACK = 'العودة إلى البحث';

/** Text that is not content: never highlighted. */
const SKIP =
  'nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo], ' +
  '[role=complementary], [role=search], [data-fihris-ignore], script, style, noscript, template, ' +
  'textarea, select, svg, mark, fihris-search, .fihris-page-meta, .fihris-page-nav';

/** The search page: where the reader came from, else the site root. */
function searchPage(query) {
  if (document.referrer) {
    const from = new URL(document.referrer);
    if (from.origin === location.origin && from.pathname !== location.pathname) return from.href;
  }
  const root = new URL('./', import.meta.url);
  if (query) root.searchParams.set('q', query);
  return root.href;
}

function addBackLink(main, query) {
  const nav = document.createElement('nav');
  nav.className = 'fihris-page-nav';
  const link = document.createElement('a');
  link.className = 'fihris-back';
  link.href = searchPage(query);
  link.textContent = BACK;
  nav.append(link);
  main.prepend(nav);
}

/**
 * Text nodes of `roots` that hold words, outside of what SKIP names.
 *
 * @param {Element[]} roots
 * @returns {Text[]}
 */
function textNodes(roots) {
  const nodes = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (!/\S/.test(node.data)) return NodeFilter.FILTER_REJECT;
        const parent = node.parentElement;
        return parent && parent.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(/** @type {Text} */ (node));
  }
  return nodes;
}

/**
 * The content of the page: the elements marked data-fihris-body (outermost
 * only), else <main>, else <article>, else <body>.
 *
 * @returns {Element[]}
 */
function contentRoots() {
  const marked = [...document.querySelectorAll('[data-fihris-body]')];
  if (marked.length) return marked.filter((el) => !el.parentElement?.closest('[data-fihris-body]'));
  return [document.querySelector('main') || document.querySelector('article') || document.body];
}

/**
 * dir="auto" takes the direction of the first strong letter, so an Arabic
 * headline that starts with a Latin word would be laid out left-to-right,
 * and a line of digits too: only a block without Arabic letters but with
 * Latin ones reads left-to-right, the others follow the page.
 *
 * @param {Element} main
 */
function fixDirections(main) {
  const page = main.closest('[dir]')?.getAttribute('dir') === 'ltr' ? 'ltr' : 'rtl';
  for (const block of main.querySelectorAll('[dir="auto"]')) {
    if (directionOf(block.textContent || '') !== 'ltr') block.setAttribute('dir', page);
  }
}

/**
 * Dates in the metadata line as Arabic readers write them.
 *
 * @param {Element} main
 */
function formatDates(main) {
  for (const time of main.querySelectorAll('.fihris-page-meta time[datetime]')) {
    const iso = time.getAttribute('datetime') || '';
    if (time.textContent === iso) time.textContent = formatDate(iso);
  }
}

/**
 * The mark to scroll to: the first after the element the #anchor names (or
 * that element, when no mark follows it), else the first one; on a
 * document page, the first outside the title, which is in view already.
 *
 * @param {HTMLElement[]} marks
 * @param {boolean} docPage
 * @returns {Element|undefined}
 */
function scrollTarget(marks, docPage) {
  // As browsers find it: the fragment as written, else percent-decoded
  // (Hugo writes Arabic ids raw; their URLs carry them encoded).
  const id = location.hash.slice(1);
  let anchor = id && document.getElementById(id);
  try {
    anchor ||= id && document.getElementById(decodeURIComponent(id));
  } catch {
    // a malformed %-escape: no anchor
  }
  if (anchor) {
    const after = (/** @type {Node} */ mark) =>
      anchor.compareDocumentPosition(mark) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY);
    return marks.find(after) || anchor;
  }
  return (docPage && marks.find((mark) => !mark.closest('h1'))) || marks[0];
}

async function main() {
  // The document pages (crate/src/bin/fihris/pages.rs) are a <main class="fihris-page">.
  const docPage = document.querySelector('main.fihris-page');
  const query = (new URLSearchParams(location.search).get('q') || '').trim();
  if (docPage) {
    fixDirections(docPage);
    formatDates(docPage);
    addBackLink(docPage, query);
  }
  if (!query) return;
  const nodes = textNodes(docPage ? [docPage.querySelector('article') || docPage] : contentRoots());
  const ranges = await Promise.all(nodes.map((node) => highlight(node.data, query)));
  const marks = nodes.flatMap((node, i) => markTextNode(node, ranges[i]));
  document.documentElement.dataset.fihrisMarks = String(marks.length);
  scrollTarget(marks, Boolean(docPage))?.scrollIntoView({ block: 'center' });
}

main().catch((error) => {
  // Highlighting is a nicety: the page stays readable without it.
  console.warn(`fihris: the matched words could not be highlighted: ${error.message}`);
  document.documentElement.dataset.fihrisMarks = 'error';
});
