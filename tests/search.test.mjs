// Searching from the demo page: results, highlights, counts, suggestions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, search, site } from './browser.mjs';

const ctx = site();

test('typing كوريا shows the five articles with highlighted excerpts', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const options = page.locator('fihris-search [role="option"]');
  assert.equal(await options.count(), 5);
  for (let i = 0; i < 5; i++) {
    const option = options.nth(i);
    assert.ok((await option.locator('.fihris-title').textContent()).trim().length > 0, 'a title');
    assert.ok(
      (await option.locator('.fihris-excerpt mark, .fihris-title mark').count()) > 0,
      `result ${i + 1} has highlighted words`,
    );
  }
  const marked = await page.locator('fihris-search mark').allTextContents();
  assert.ok(marked.every((m) => m.replace(/[\u064B-\u0652\u0640]/g, '').includes('كوري')), marked.join(' | '));
  assert.equal((await page.locator('fihris-search .fihris-count').textContent()).trim(), '٥ نتائج');
  assert.equal((await page.locator('fihris-search [role="status"]').textContent()).trim(), '٥ نتائج');
  assert.equal(await page.locator('fihris-search [role="combobox"]').getAttribute('aria-expanded'), 'true');
  assert.deepEqual(page.errors, []);
});

test('a query typed with diacritics finds the undiacritised text', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'رُوسْيَا');
  const total = await page.locator('fihris-search [role="option"]').count();
  assert.ok(total >= 3, `${total} results`);
  const marked = await page.locator('fihris-search .fihris-excerpt mark').allTextContents();
  assert.ok(marked.length > 0, 'highlighted words');
  assert.ok(marked.some((m) => /روسيا/.test(m)), `undiacritised روسيا highlighted: ${marked.join(' | ')}`);
});

test('a Latin query turns the search box left-to-right and finds the Latin word', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'KN-23');
  assert.equal(await page.locator('fihris-search .fihris-input').getAttribute('dir'), 'ltr');
  assert.ok((await page.locator('fihris-search [role="option"]').count()) >= 1);
  const marked = await page.locator('fihris-search mark').allTextContents();
  assert.ok(marked.some((m) => /KN|23/i.test(m)), marked.join(' | '));
});

test('a query with no results says so and offers the suggestion as a button', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  // A misspelt name next to a word that matches nothing: the engine has
  // nothing to show and suggests a correction.
  await search(page, 'غيراسيموق زززققق');
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 0);
  assert.match(await page.locator('fihris-search .fihris-status').textContent(), /لا نتائج/);
  const suggestion = page.locator('fihris-search button.fihris-suggest');
  const offered = (await suggestion.textContent()).trim();
  // The unknown word is dropped and the misspelt name corrected.
  assert.equal(offered, 'غيراسيموف');
  await page.screenshot({ path: artifact('no-results-suggestion.png') });
  await suggestion.click();
  await page.waitForFunction((q) => document.querySelector('fihris-search').shownQuery === q, offered);
  assert.equal(await page.locator('fihris-search .fihris-input').inputValue(), offered);
  assert.ok((await page.locator('fihris-search [role="option"]').count()) > 0, 'the suggestion finds something');
});

test('the JS API loads the index and returns hits of the documented shape', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  const answer = await page.evaluate(async () => {
    const { Fihris } = await import('./fihris.js');
    const engine = await Fihris.load({ index: './index/' });
    const first = await engine.search('كوريا', { limit: 2 });
    const second = await engine.search('كوريا', { limit: 2, offset: 2 });
    return { count: engine.documentCount, version: engine.formatVersion, first, second };
  });
  assert.equal(answer.count, 5);
  assert.equal(typeof answer.version, 'number');
  assert.equal(answer.first.total, 5);
  assert.equal(answer.first.hits.length, 2);
  assert.equal(answer.second.hits.length, 2);
  const ids = [...answer.first.hits, ...answer.second.hits].map((h) => h.id);
  assert.equal(new Set(ids).size, 4, 'pages do not overlap');
  for (const hit of answer.first.hits) {
    assert.equal(typeof hit.id, 'string');
    assert.equal(typeof hit.title, 'string');
    assert.equal(typeof hit.score, 'number');
    assert.equal(typeof hit.excerpt, 'string');
    assert.ok(Array.isArray(hit.highlights) && hit.highlights.length > 0);
    for (const [s, e] of hit.highlights) assert.ok(0 <= s && s < e && e <= hit.excerpt.length);
    if (hit.date) assert.match(hit.date, /^\d{4}-\d{2}-\d{2}$/);
  }
});

test('typing fast answers only the last query', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا'); // the engine is loaded
  const answered = await page.evaluate(async () => {
    const widget = document.querySelector('fihris-search');
    const input = widget.querySelector('input');
    const queries = [];
    widget.addEventListener('fihris-results', (e) => queries.push(e.detail.query));
    for (const q of ['B', 'Bu', 'Bus', 'Business']) {
      input.value = q;
      input.dispatchEvent(new Event('input'));
      await new Promise((r) => setTimeout(r, 15));
    }
    await new Promise((r) => setTimeout(r, 400));
    return queries;
  });
  assert.deepEqual(answered, ['Business']);
  assert.ok((await page.locator('fihris-search [role="option"]').count()) >= 1);
});
