// Documents are named after their files, and a file name may hold characters
// that mean something in a URL (? # % and spaces): the widget's links and the
// document pages must still find each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, search, site, siteWithoutIndex } from './browser.mjs';

const NAME = 'سؤال؟ 50% #1?';
const dir = mkdtempSync(join(tmpdir(), 'fihris-names-'));
before(() => {
  const cli = siteWithoutIndex(dir);
  // The first seed under a name full of URL syntax, the second as it is.
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  const seeds = readdirSync(join(ROOT, 'seeds')).sort();
  copyFileSync(join(ROOT, 'seeds', seeds[0]), join(corpus, `${NAME}.txt`));
  copyFileSync(join(ROOT, 'seeds', seeds[1]), join(corpus, seeds[1]));
  execFileSync(cli, ['build', corpus, '--out', join(dir, 'index'), '--pages', join(dir, 'doc')], { stdio: 'pipe' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ctx = site(dir);

test('a reader opens a result whose file name holds ? # % and spaces, and its page shows the words highlighted', async () => {
  assert.ok(existsSync(join(dir, 'doc', `${NAME}.html`)), 'the page is written under the document’s name');
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const options = page.locator('fihris-search [role="option"]');
  assert.equal(await options.count(), 2);
  const ids = await options.evaluateAll((os) => os.map((o) => o.querySelector('a').getAttribute('href')));
  const at = ids.findIndex((href) => href.includes('%25'));
  assert.ok(at >= 0, `one link carries the encoded name: ${ids.join(' ')}`);
  const link = options.nth(at).locator('a');
  const title = (await options.nth(at).locator('.fihris-title').textContent()).trim();
  const url = new URL(await link.evaluate((a) => a.href));
  assert.equal(decodeURIComponent(url.pathname), `/doc/${NAME}.html`, 'the path is the name, not cut at ? or #');
  assert.match(url.search, /[?&]q=/);
  await Promise.all([page.waitForURL(url.href), link.click()]);
  assert.equal((await page.locator('.fihris-page h1').textContent()).trim(), title);
  await page.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  const marks = await page.locator('.fihris-page article mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m.includes('كوري')), marks.join(' | '));
  assert.deepEqual(page.errors, []);
});
