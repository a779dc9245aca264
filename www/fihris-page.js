// Loaded by the document pages that `fihris build --pages` writes. When the
// page was opened from a search (`?q=…`), the words of the article that
// match the query are wrapped in <mark> and the first one is scrolled into
// view; a link leads back to the search. Only the wasm module is loaded, not
// the index.

import { highlight } from './fihris.js';
import { directionOf, formatDate, markTextNode } from './render.js';

const BACK = 'العودة إلى البحث';

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
 * Text nodes of `root` that hold words, outside of the metadata line.
 *
 * @param {Element} root
 * @returns {Text[]}
 */
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (!/\S/.test(node.data)) return NodeFilter.FILTER_REJECT;
      const parent = node.parentElement;
      if (parent && parent.closest('.fihris-page-meta, mark, script, style')) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(/** @type {Text} */ (node));
  return nodes;
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

async function main() {
  const main = document.querySelector('.fihris-page') || document.body;
  const query = (new URLSearchParams(location.search).get('q') || '').trim();
  fixDirections(main);
  formatDates(main);
  addBackLink(main, query);
  if (!query) return;
  const article = main.querySelector('article') || main;
  const nodes = textNodes(article);
  const ranges = await Promise.all(nodes.map((node) => highlight(node.data, query)));
  const marks = nodes.flatMap((node, i) => markTextNode(node, ranges[i]));
  document.documentElement.dataset.fihrisMarks = String(marks.length);
  // The title is in view already: scroll to the first match in the text.
  const first = marks.find((mark) => !mark.closest('h1')) || marks[0];
  if (first) first.scrollIntoView({ block: 'center' });
}

main().catch((error) => {
  // Highlighting is a nicety: the page stays readable without it.
  console.warn(`fihris: the matched words could not be highlighted: ${error.message}`);
  document.documentElement.dataset.fihrisMarks = 'error';
});
