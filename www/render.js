// DOM helpers shared by the widget and the document pages. Corpus text only
// ever reaches the page as text nodes: nothing here parses HTML.

/**
 * Sort ranges, clamp them to `length` and merge the ones that touch.
 *
 * @param {Array<[number, number]>|undefined} ranges `[start, end)` in UTF-16 units
 * @param {number} length
 * @returns {Array<[number, number]>}
 */
export function normalizeRanges(ranges, length) {
  const sorted = (ranges || [])
    .map(([s, e]) => [Math.max(0, Math.min(s, length)), Math.max(0, Math.min(e, length))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  /** @type {Array<[number, number]>} */
  const merged = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/**
 * Append `text` to `parent`, wrapping the given ranges in `<mark>`.
 *
 * @param {Node} parent
 * @param {string} text
 * @param {Array<[number, number]>|undefined} ranges
 * @param {string} [markClass]
 */
export function appendMarked(parent, text, ranges, markClass = 'fihris-mark') {
  const doc = parent.ownerDocument || document;
  let at = 0;
  for (const [s, e] of normalizeRanges(ranges, text.length)) {
    if (s > at) parent.appendChild(doc.createTextNode(text.slice(at, s)));
    const mark = doc.createElement('mark');
    mark.className = markClass;
    mark.textContent = text.slice(s, e);
    parent.appendChild(mark);
    at = e;
  }
  if (at < text.length) parent.appendChild(doc.createTextNode(text.slice(at)));
}

/**
 * Split a text node in place so that the given ranges of its text sit in
 * `<mark>` elements. Returns the marks, in document order.
 *
 * @param {Text} node
 * @param {Array<[number, number]>} ranges
 * @param {string} [markClass]
 * @returns {HTMLElement[]}
 */
export function markTextNode(node, ranges, markClass = 'fihris-mark') {
  const doc = node.ownerDocument;
  const marks = [];
  // Walk backwards so earlier offsets stay valid while the node is split.
  for (const [s, e] of normalizeRanges(ranges, node.data.length).reverse()) {
    const middle = node.splitText(s);
    middle.splitText(e - s);
    const mark = doc.createElement('mark');
    mark.className = markClass;
    middle.replaceWith(mark);
    mark.appendChild(middle);
    marks.unshift(mark);
  }
  return marks;
}

const arabicDigits = new Intl.NumberFormat('ar-u-nu-arab', { useGrouping: true });

/**
 * A number in Arabic-Indic digits: 5 → "٥".
 *
 * @param {number} n
 */
export function arabicNumber(n) {
  return arabicDigits.format(n);
}

/**
 * "N results" in Arabic, with the grammatical number Arabic uses:
 * 1 نتيجة واحدة, 2 نتيجتان, 3–10 نتائج, 11 and above نتيجة.
 *
 * @param {number} n
 */
export function resultCount(n) {
  if (n === 0) return 'لا نتائج';
  if (n === 1) return 'نتيجة واحدة';
  if (n === 2) return 'نتيجتان';
  const hundreds = n % 100;
  if (hundreds >= 3 && hundreds <= 10) return `${arabicNumber(n)} نتائج`;
  return `${arabicNumber(n)} نتيجة`;
}

const dateFormat = new Intl.DateTimeFormat('ar-u-nu-arab', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/**
 * A `YYYY-MM-DD` date as Arabic readers write it ("٢٨ أبريل ٢٠٢٥"), or as
 * `format` writes it; the input unchanged when it is not such a date.
 *
 * @param {string} iso
 * @param {Intl.DateTimeFormat} [format] default: Arabic, Arabic-Indic digits
 */
export function formatDate(iso, format = dateFormat) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/**
 * Direction of a query as typed: `ltr` when it has Latin letters and no
 * Arabic ones, `rtl` when it has Arabic letters, `null` when it has neither
 * (digits, punctuation, empty).
 *
 * @param {string} text
 * @returns {'ltr'|'rtl'|null}
 */
export function directionOf(text) {
  if (/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(text)) return 'rtl';
  if (/[A-Za-z\u00C0-\u024F]/.test(text)) return 'ltr';
  return null;
}
