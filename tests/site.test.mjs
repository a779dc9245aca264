// The README's quick start on a real website: a Hugo site whose layout
// already holds the two lines a site owner adds, the installed `fihris`
// binary run on its built pages (`fihris build --site public`), and readers
// searching it in a browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, artifact, search, site } from './browser.mjs';

// Made at import time: site() needs the folder to serve now, and its own
// `before` (server, browser) runs after the one below, which fills it.
const TMP = mkdtempSync(join(tmpdir(), 'fihris-site-'));
const PUBLIC = join(TMP, 'public');
mkdirSync(PUBLIC);

before(() => {
  const cli = join(ROOT, 'target', 'release', 'fihris');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run ./build.sh first`);
  // "Install" the binary: a copy outside the repository, so that it cannot
  // find the widget's files next to itself or in the working tree.
  mkdirSync(join(TMP, 'bin'));
  copyFileSync(cli, join(TMP, 'bin', 'fihris'));
  chmodSync(join(TMP, 'bin', 'fihris'), 0o755);
  execFileSync('hugo', ['--source', join(ROOT, 'tests', 'fixtures', 'hugo'), '--destination', PUBLIC, '--quiet'], {
    stdio: 'inherit',
  });
  const run = spawnSync(join(TMP, 'bin', 'fihris'), ['build', '--site', 'public'], { cwd: TMP, encoding: 'utf8' });
  assert.equal(run.status, 0, `fihris build --site public failed:\n${run.stdout}\n${run.stderr}`);
  assert.ok(existsSync(join(PUBLIC, 'fihris', 'widget.js')), 'public/fihris/widget.js');
  assert.ok(existsSync(join(PUBLIC, 'fihris', 'index', 'fihris.idx')), 'public/fihris/index/fihris.idx');
});

const ctx = site(PUBLIC);

// Runs after site()'s own `after` (browser and server stopped).
after(() => rmSync(TMP, { recursive: true, force: true }));

const OPTIONS = 'fihris-search [role="option"]';

/** The site paths the hits (not the sub-results) of the list link to. */
async function hitPaths(page) {
  const hrefs = await page.locator('fihris-search [role="option"]:not(.fihris-sub) a.fihris-hit').evaluateAll(
    (links) => links.map((a) => a.href),
  );
  return hrefs.map((href) => decodeURIComponent(new URL(href).pathname));
}

/** Wait for fihris-page.js to have highlighted the page; the number of marks. */
async function marksOf(page) {
  await page.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  return page.evaluate(() => document.documentElement.dataset.fihrisMarks);
}

/** The address of a site path on the test server. */
const at = (path) => new URL(path, ctx.url).href;

/**
 * Where the marks of `scope` are, relative to the window: for each, its text,
 * whether it follows the element of id `after` (when given) and whether it is
 * in view.
 */
async function marksIn(page, scope = 'main', after = '') {
  return page.evaluate(
    ([scope, after]) => {
      const anchor = after ? document.getElementById(after) : null;
      return [...document.querySelectorAll(`${scope} mark`)].map((mark) => {
        const box = mark.getBoundingClientRect();
        return {
          text: mark.textContent,
          after: anchor ? Boolean(anchor.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING) : true,
          inView: box.bottom > 0 && box.top < innerHeight,
        };
      });
    },
    [scope, after],
  );
}

const strip = (text) => text.replace(/[\u064B-\u0652\u0640]/g, '');

test('a reader searches a word of an article from the home page and lands on the article with the word highlighted', async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  await search(page, 'كلاشنيكوف');
  assert.deepEqual(await hitPaths(page), ['/akhbar/korea-drills/']);
  const href = await page.locator(`${OPTIONS} a.fihris-hit`).first().getAttribute('href');
  const target = new URL(href, ctx.url);
  assert.equal(target.pathname, '/akhbar/korea-drills/');
  assert.equal(target.searchParams.get('q'), 'كلاشنيكوف');
  await page.locator(`${OPTIONS} a.fihris-hit`).first().click();
  await page.waitForURL((url) => url.pathname === '/akhbar/korea-drills/');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'كلاشنيكوف');
  const count = await marksOf(page);
  assert.ok(Number(count) >= 1, `marks: ${count}`);
  const marked = await page.locator('main mark').allTextContents();
  assert.ok(marked.length >= 1 && marked.some((m) => strip(m).includes('كلاشنيكوف')), marked.join(' | '));
  assert.equal(await page.locator('header mark, nav mark, aside mark, footer mark').count(), 0, 'no mark in the chrome');
  assert.ok((await marksIn(page))[0].inView, 'the first highlighted word is scrolled into view');
  await page.screenshot({ path: artifact('site-article-highlight.png') });
  assert.deepEqual(page.errors, []);
});

test('a reader searching a word that is only in the footer finds nothing', async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  for (const word of ['زبرجد', 'محفوظة']) {
    await search(page, word);
    assert.equal(await page.locator(OPTIONS).count(), 0, `${word}: no result`);
    await page.locator('fihris-search .fihris-status.fihris-empty').waitFor();
    assert.match(await page.locator('fihris-search .fihris-status').textContent(), /لا نتائج/);
  }
  assert.deepEqual(page.errors, []);
});

test('a reader opens a sub-result and lands on its section of the long page, highlighted', async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  await search(page, 'الزعفران');
  assert.deepEqual(await hitPaths(page), ['/ma3rifa/dalil-al-tabkh/']);
  const subs = page.locator('fihris-search .fihris-sub');
  assert.ok((await subs.count()) >= 2, `${await subs.count()} sub-results`);
  const titles = (await page.locator('fihris-search .fihris-sub .fihris-sub-title').allTextContents()).map((t) => t.trim());
  assert.ok(titles.includes('الحلويات الشرقية'), titles.join(' | '));
  const anchors = await subs.locator('a').evaluateAll((links) => links.map((a) => decodeURIComponent(new URL(a.href).hash)));
  assert.deepEqual(anchors, ['#تحضير-الأرز', '#المرق-والحساء', '#halawiyat']);
  const sweets = subs.filter({ has: page.locator('.fihris-sub-title', { hasText: 'الحلويات الشرقية' }) });
  await sweets.locator('a').click();
  await page.waitForURL((url) => url.pathname === '/ma3rifa/dalil-al-tabkh/');
  const url = new URL(page.url());
  assert.equal(url.hash, '#halawiyat');
  assert.equal(url.searchParams.get('q'), 'الزعفران');
  await marksOf(page);
  const after = (await marksIn(page, 'main', 'halawiyat')).filter((mark) => mark.after);
  assert.ok(after.length >= 1, 'a mark after #halawiyat');
  assert.ok(strip(after[0].text).includes('الزعفران'), after[0].text);
  assert.ok(after[0].inView, 'the first mark of the section is scrolled into view');
  assert.deepEqual(page.errors, []);
});

test('a reader opens a sub-result whose heading has an Arabic id and lands on that section', async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  await search(page, 'الزعفران');
  const rice = page.locator('fihris-search .fihris-sub').filter({
    has: page.locator('.fihris-sub-title', { hasText: 'تحضير الأرز' }),
  });
  await rice.locator('a').click();
  await page.waitForURL((url) => url.pathname === '/ma3rifa/dalil-al-tabkh/');
  assert.equal(decodeURIComponent(new URL(page.url()).hash), '#تحضير-الأرز');
  await marksOf(page);
  const after = (await marksIn(page, 'main', 'تحضير-الأرز')).filter((mark) => mark.after);
  assert.ok(after.length >= 1, 'a mark after #تحضير-الأرز');
  assert.ok(after[0].inView, 'the first mark of the section is scrolled into view');
  assert.deepEqual(page.errors, []);
});

test('a reader does not find the part of a page marked data-fihris-ignore, but finds the rest of it', async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  for (const word of ['خواتم', 'مرصعة']) {
    await search(page, word);
    assert.equal(await page.locator(OPTIONS).count(), 0, `${word}: no result`);
  }
  // One edit from «والياكوت» elsewhere: found there, but not in the ignored part.
  await search(page, 'ياقوت');
  assert.ok(!(await hitPaths(page)).includes('/akhbar/ittifaq-tijari/'), 'ياقوت finds the ignored part');
  await search(page, 'الحمضيات');
  assert.deepEqual(await hitPaths(page), ['/akhbar/ittifaq-tijari/']);
  assert.deepEqual(page.errors, []);
});

test('a reader of the English page finds it with an English query, in English; Arabic pages search Arabic pages unless lang-filter is all', async () => {
  const page = await ctx.page();
  await page.goto(at('/ma3rifa/guiding-lights/'));
  await search(page, 'lighthouse');
  assert.deepEqual(await hitPaths(page), ['/ma3rifa/guiding-lights/']);
  assert.equal((await page.locator('fihris-search .fihris-count').textContent()).trim(), '1 result');

  await page.goto(at('/akhbar/korea-drills/'));
  await search(page, 'lighthouse');
  assert.equal(await page.locator(OPTIONS).count(), 0, 'an Arabic page searches the Arabic pages');
  await page.goto(at('/akhbar/korea-drills/'));
  await page.evaluate(() => document.querySelector('fihris-search').setAttribute('lang-filter', 'all'));
  await search(page, 'lighthouse');
  assert.deepEqual(await hitPaths(page), ['/ma3rifa/guiding-lights/']);
  assert.deepEqual(page.errors, []);
});

test("a reader sees the pages' titles without the site name and an article's picture from its metadata", async () => {
  const page = await ctx.page();
  await page.goto(at('/'));
  await search(page, 'الخطيب');
  assert.deepEqual(await hitPaths(page), ['/akhbar/maarad-alkitab/']);
  const title = (await page.locator(`${OPTIONS} .fihris-title`).first().textContent()).trim();
  assert.equal(title, 'معرض الكتاب يستقبل زواره بمشاركة أربعمئة دار نشر');
  const thumb = page.locator(`${OPTIONS} img.fihris-thumb`).first();
  assert.equal(new URL(await thumb.getAttribute('src'), ctx.url).pathname, '/img/maarad.png');
  await search(page, 'كوريا');
  const titles = await page.locator(`${OPTIONS} .fihris-title`).allTextContents();
  assert.ok(titles.length >= 3, `${titles.length} results`);
  for (const t of titles) assert.ok(!t.includes('أخبار الفهرس') && !t.includes('|'), t);
  assert.deepEqual(page.errors, []);
});
