// Corpus text is text: markup inside documents is shown, never run, and
// direction controls inside a field do not reorder anything outside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, search, site, siteWithoutIndex } from './browser.mjs';

// A copy of the built site whose index and pages come from tests/fixtures/hostile/.
const dir = mkdtempSync(join(tmpdir(), 'fihris-hostile-'));
before(() => {
  const cli = siteWithoutIndex(dir);
  execFileSync(cli, ['build', join(ROOT, 'tests', 'fixtures', 'hostile'), '--out', join(dir, 'index'), '--pages', join(dir, 'doc')], {
    stdio: 'pipe',
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ctx = site(dir);

test('a document whose text contains <script> renders it as text', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const results = page.locator('fihris-search .fihris-results');
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 4);
  const text = await results.textContent();
  assert.ok(text.includes('<script>alert(1)</script>'), 'the tag shows literally in the excerpt or title');
  assert.equal(await results.locator('script, img, svg, iframe').count(), 0, 'no element made from corpus text');
  // A javascript: url in front matter never becomes a link, even with link="url".
  await page.evaluate(() => document.querySelector('fihris-search').setAttribute('link', 'url'));
  await search(page, 'مقال كوريا');
  const hrefs = await page.locator('fihris-search [role="option"] a').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith('http://127.0.0.1')), hrefs.join(' '));

  for (const name of ['script-in-text', 'entities', 'front-matter']) {
    const doc = await ctx.page();
    await doc.goto(`${ctx.url}doc/${name}.html?q=${encodeURIComponent('كوريا')}`);
    await doc.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
    const article = doc.locator('.fihris-page article');
    assert.equal(await article.locator('script, img, svg, iframe').count(), 0, `${name}: no element made from corpus text`);
    assert.match(await article.textContent(), /<(script|img|svg)/, `${name}: the markup shows as text`);
    assert.ok((await article.locator('mark').count()) > 0, `${name}: the query is highlighted`);
    assert.deepEqual(doc.dialogs, [], `${name}: no script ran`);
  }
  assert.deepEqual(page.dialogs, [], 'no script ran');
  assert.deepEqual(page.errors, []);
});

/** The fields of the widget and of the document pages that hold corpus text. */
const FIELDS = '.fihris-title, .fihris-excerpt, .fihris-date, .fihris-source';

/**
 * How each element of `locator` is laid out for bidi: its tag, its computed
 * unicode-bidi and display, and its text.
 *
 * @param {import('playwright-core').Locator} locator
 */
function bidiBoxes(locator) {
  return locator.evaluateAll((els) =>
    els.map((el) => {
      const style = getComputedStyle(el);
      return { tag: el.localName, bidi: style.unicodeBidi, display: style.display, text: el.textContent };
    }),
  );
}

/**
 * True when the field is a bidi isolate in a box of its own: then even an
 * unmatched U+2069 inside it cannot close an isolate around it.
 */
function isolated({ bidi, display }) {
  return (bidi === 'isolate' || bidi === 'plaintext') && display !== 'inline';
}

/**
 * Whether `word` inside `root` is laid out left to right: the left edge of
 * its first character against that of its last.
 *
 * @param {import('playwright-core').Locator} root
 * @param {string} word
 * @returns {Promise<'ltr'|'rtl'>}
 */
function laidOut(root, word) {
  return root.evaluate((el, word) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const left = (i) => {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return range.getBoundingClientRect().left;
      };
      return left(at) < left(at + word.length - 1) ? 'ltr' : 'rtl';
    }
    throw new Error(`${word} is not in ${el.outerHTML}`);
  }, word);
}

test('a title with an unterminated right-to-left override does not reorder the next result', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);

  // The document of the fixture: whatever of its text the index holds, the
  // widget shows all of it, each field isolated.
  await search(page, 'كوريا');
  const expected = await page.evaluate(async () => {
    const { Fihris } = await import('./fihris.js');
    const engine = await Fihris.load({ index: './index/' });
    return (await engine.search('كوريا')).hits.find((hit) => hit.id === 'bidi-controls');
  });
  assert.ok(expected, 'the document with direction controls is found');
  const option = page.locator('fihris-search [role="option"]', { has: page.locator('a[href*="bidi-controls"]') });
  const fields = await bidiBoxes(option.locator(FIELDS));
  assert.deepEqual(
    fields.filter((f) => f.tag !== 'time').map((f) => f.text),
    [expected.title, expected.source, expected.excerpt],
    'the text is shown as the index holds it',
  );
  const all = await bidiBoxes(page.locator(`fihris-search :is(${FIELDS})`));
  assert.ok(all.length >= 8 && all.every(isolated), JSON.stringify(all));

  // The reader of the corpus may drop these characters: the engine is made
  // to answer with them, so the widget gets them whatever the index holds.
  const injected = await page.evaluate(async () => {
    const { Fihris } = await import('./fihris.js');
    const search = Fihris.prototype.search;
    Fihris.prototype.search = async function (query, options) {
      const result = await search.call(this, query, options);
      const [first, second] = result.hits;
      first.title += ' \u202Eمعكوس ABC \u2069\u202D';
      first.excerpt += ' \u2067عزل مفتوح';
      first.source = `\u2069\u202E${first.source || 'وكالة'}`;
      first.date = first.date || '2025-05-01';
      second.title += ' KN ABC';
      return result;
    };
    return { title: (await search.call(await Fihris.load({ index: './index/' }), 'كوريا')).hits[0].title };
  });
  await search(page, 'كوريا ');
  const first = page.locator('fihris-search [role="option"]').nth(0);
  const second = page.locator('fihris-search [role="option"]').nth(1);
  const title = await first.locator('.fihris-title').textContent();
  assert.equal(title, `${injected.title} \u202Eمعكوس ABC \u2069\u202D`, 'no character is dropped');
  assert.match(await first.locator('.fihris-source').textContent(), /^\u2069\u202E/);
  assert.ok((await bidiBoxes(first.locator(FIELDS))).every(isolated));
  // Inside its own title the override applies; the next title keeps its own direction.
  assert.equal(await laidOut(first.locator('.fihris-title'), 'ABC'), 'rtl', 'the override acts inside its field');
  assert.equal(await laidOut(second.locator('.fihris-title'), 'ABC'), 'ltr');
  assert.equal(await laidOut(second.locator('.fihris-title'), 'كوري'), 'rtl');
  assert.equal(await laidOut(page.locator('fihris-search .fihris-count'), 'نتائج'), 'rtl');

  // The document page: the title, the metadata and every paragraph are isolated.
  const doc = await ctx.page();
  await doc.goto(`${ctx.url}doc/bidi-controls.html?q=${encodeURIComponent('كوريا')}`);
  await doc.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  const blocks = await bidiBoxes(doc.locator('.fihris-page :is(h1, .fihris-page-meta > *, article > p:not(.fihris-page-meta))'));
  assert.ok(blocks.length >= 5 && blocks.every(isolated), JSON.stringify(blocks));
  const source = doc.locator('.fihris-page-meta bdi');
  assert.equal(await source.count(), 1, 'the source is in a <bdi>');
  // A stray pop-isolate then a left-to-right override in the source (put
  // there if the index dropped them) leave the link after it right-to-left.
  await source.evaluate((el) => {
    el.textContent = 'وكالة \u2069\u202Dمعكوسة XYZ';
  });
  assert.equal(await laidOut(doc.locator('.fihris-page-meta'), 'معكوسة'), 'ltr', 'the override acts inside its field');
  assert.equal(await laidOut(doc.locator('.fihris-page-meta a'), 'المصدر'), 'rtl');
  assert.equal(await laidOut(doc.locator('.fihris-page h1'), 'كوريا'), 'rtl');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(doc.errors, []);
});
