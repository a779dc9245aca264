// The demo page's example buttons, clicked one after another while the
// results of the previous one are open above them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site } from './browser.mjs';

const ctx = site();

test('a reader clicks one example, then others below the open results, gets each query, and closes the results by clicking elsewhere', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  const shown = (q) =>
    page.waitForFunction((want) => {
      const el = document.querySelector('fihris-search');
      return el && el.shownQuery === want && !el.querySelector('.fihris-panel').hidden;
    }, q);
  await page.locator('.demo-try button[data-query="كوريا"]').click();
  await shown('كوريا');
  // The open panel pushes the examples down; clicking one must not close
  // the panel before the click lands (that moved the button away).
  for (const query of ['اسقاط', '٢٠٢٤', 'رُوسْيَا']) {
    await page.locator(`.demo-try button[data-query="${query}"]`).click();
    await shown(query);
    assert.equal(await page.locator('fihris-search .fihris-input').inputValue(), query);
  }
  // A click elsewhere on the page still closes the results.
  await page.locator('h1').first().click();
  await page.waitForFunction(() => document.querySelector('fihris-search .fihris-panel').hidden);
  assert.deepEqual(page.errors, []);
});
