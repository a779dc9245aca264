// Using the widget from the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { search, site } from './browser.mjs';

const ctx = site();

test("arrow keys and Enter open the second result's page with the words highlighted", async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const input = page.locator('fihris-search [role="combobox"]');
  const second = page.locator('fihris-search [role="option"]').nth(1);
  const href = await second.locator('a').getAttribute('href');
  const title = (await second.locator('.fihris-title').textContent()).trim();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), await second.getAttribute('id'));
  assert.equal(await second.getAttribute('aria-selected'), 'true');
  await Promise.all([page.waitForURL(href), page.keyboard.press('Enter')]);
  assert.match(new URL(page.url()).search, /[?&]q=/);
  assert.equal((await page.locator('.fihris-page h1').textContent()).trim(), title);
  await page.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  const marks = await page.locator('.fihris-page article mark').allTextContents();
  assert.ok(marks.length > 0, 'the words are highlighted on the page');
  assert.ok(marks.every((m) => m.includes('كوري')), marks.join(' | '));
  const back = page.locator('.fihris-page-nav a');
  assert.equal(await back.count(), 1, 'a link back to the search');
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), back.click()]);
  await page.waitForFunction(() => document.querySelector('fihris-search')?.shownQuery === 'كوريا');
  assert.deepEqual(page.errors, []);
});

test('the / key and Ctrl+K focus the search box', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.ok(await page.locator('fihris-search .fihris-input').evaluate((el) => el === document.activeElement));
  assert.equal(await page.locator('fihris-search .fihris-input').inputValue(), '', 'the slash is not typed');
  await page.locator('h1').click();
  await page.keyboard.press('Control+k');
  assert.ok(await page.locator('fihris-search .fihris-input').evaluate((el) => el === document.activeElement));
});

test('Esc clears the query and closes the results', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  await page.keyboard.press('Escape');
  const input = page.locator('fihris-search [role="combobox"]');
  assert.equal(await input.inputValue(), '');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.locator('fihris-search .fihris-panel').isHidden());
});
