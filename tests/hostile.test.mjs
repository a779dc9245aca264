// Corpus text is text: markup inside documents is shown, never run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, search, site } from './browser.mjs';

// A copy of the built site whose index and pages come from tests/fixtures/hostile/.
const dir = mkdtempSync(join(tmpdir(), 'fihris-hostile-'));
before(() => {
  const cli = join(ROOT, 'target', 'release', 'fihris');
  assert.ok(existsSync(cli), `${cli} is missing: run ./build.sh first`);
  assert.ok(existsSync(join(DIST, 'pkg')), `${DIST} is not built: run ./build.sh first`);
  for (const name of readdirSync(DIST)) {
    if (name !== 'index' && name !== 'doc') cpSync(join(DIST, name), join(dir, name), { recursive: true });
  }
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
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 3);
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
