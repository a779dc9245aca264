// The demo and the document pages under a strict Content-Security-Policy:
// no inline script, no eval (only WebAssembly compilation), no inline style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, search, site } from './browser.mjs';
import { CSP } from './serve.mjs';

const ctx = site(DIST, { headers: { 'content-security-policy': CSP } });

/**
 * Collect what the policy blocks on `page`, on this document and the next
 * ones: `securitypolicyviolation` events and the console's reports.
 *
 * @param {import('playwright-core').Page} page
 */
async function watchPolicy(page) {
  const blocked = [];
  await page.exposeFunction('fihrisBlocked', (what) => blocked.push(what));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      /** @type {any} */ (window).fihrisBlocked(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) blocked.push(message.text());
  });
  return blocked;
}

test('under a strict policy a reader searches, opens a result and sees the words highlighted', async () => {
  const page = await ctx.page();
  const blocked = await watchPolicy(page);
  const response = await page.goto(ctx.url);
  assert.equal(response.headers()['content-security-policy'], CSP);

  // An example button of the demo (demo.js), then typing.
  await page.locator('.demo-try button[data-query="اسقاط"]').click();
  await page.waitForFunction(() => document.querySelector('fihris-search').shownQuery === 'اسقاط');
  assert.ok((await page.locator('fihris-search [role="option"]').count()) > 0);
  await search(page, 'كوريا');
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 5);
  assert.ok((await page.locator('fihris-search .fihris-results mark').count()) > 0, 'highlighted excerpts');

  const first = page.locator('fihris-search [role="option"] a').first();
  const href = await first.getAttribute('href');
  await Promise.all([page.waitForURL(href), first.click()]);
  await page.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  assert.notEqual(await page.evaluate(() => document.documentElement.dataset.fihrisMarks), 'error');
  assert.ok((await page.locator('.fihris-page article mark').count()) > 0, 'the words are highlighted on the page');
  const color = await page.locator('.fihris-page article mark').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(color, 'rgba(0, 0, 0, 0)', 'fihris.css applies');
  assert.equal(await page.locator('.fihris-page-nav a').count(), 1, 'fihris-page.js ran');

  assert.deepEqual(blocked, [], 'nothing was blocked');
  assert.deepEqual(page.errors, []);

  // The watch does see what the policy blocks: a style attribute in markup.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>'));
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(blocked.some((b) => b.startsWith('style-src')), blocked.join('\n'));
});
