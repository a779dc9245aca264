// Redeploying a site while readers have its page open: the index is rebuilt
// in place with a changed corpus, and the open page keeps answering, from
// the new build as soon as it needs to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, search, site, siteWithoutIndex } from './browser.mjs';

const dir = mkdtempSync(join(tmpdir(), 'fihris-redeploy-'));
const corpus = join(dir, 'corpus');
/** @type {string} */
let cli = '';

/** The word only the second build has, and its article. */
const NEW_WORD = 'السنونو';
const NEW_ARTICLE = `عودة السنونو إلى الحدائق\n\nرصد علماء الطيور عودة ${NEW_WORD} مبكرا هذا الربيع إلى حدائق المدينة بعد شتاء دافئ.`;

/**
 * Build the corpus into `folder` (relative to the site), as a deploy does.
 *
 * @param {string} folder
 * @param {string[]} [extra] more arguments of `fihris build`
 */
function deploy(folder, extra = []) {
  execFileSync(cli, ['build', corpus, '--out', join(dir, folder), '--pages', join(dir, 'doc'), '--quiet', ...extra], {
    stdio: 'pipe',
  });
}

/** The shard folders of an index folder. */
function builds(folder) {
  return readdirSync(join(dir, folder)).filter((name) => statSync(join(dir, folder, name)).isDirectory());
}

before(() => {
  cli = siteWithoutIndex(dir);
  mkdirSync(corpus);
  cpSync(join(ROOT, 'seeds'), corpus, { recursive: true });
  deploy('index', ['--shards', 'always']);
  deploy('single', ['--shards', 'never']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ctx = site(dir);

test('a reader keeps searching while the site is redeployed, and finds what the new build added', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  assert.ok((await page.locator('fihris-search [role="option"]').count()) > 0, 'results before the deploy');

  // The deploy: a new article, and no earlier build kept (the worst case:
  // a reader who kept the page open across several deploys).
  writeFileSync(join(corpus, 'swallows.txt'), NEW_ARTICLE);
  const before = builds('index');
  deploy('index', ['--shards', 'always', '--keep-builds', '0']);
  assert.notDeepEqual(builds('index'), before, 'the old shards are gone');

  // A word whose shards the page has not downloaded yet: they are not on
  // the server any more; the engine switches to the new build.
  await search(page, 'أوكرانيا');
  assert.ok((await page.locator('fihris-search [role="option"]').count()) > 0, 'results, not an error');
  assert.equal(await page.locator('fihris-search .fihris-error').count(), 0);
  await search(page, NEW_WORD);
  const titles = await page.locator('fihris-search [role="option"] .fihris-title').allTextContents();
  assert.deepEqual(titles, ['عودة السنونو إلى الحدائق']);
  assert.deepEqual(page.errors, []);
  rmSync(join(corpus, 'swallows.txt'));
  deploy('index', ['--shards', 'always']);
});

test('an open page finds a word of the new build of a single-file index once the deploy is done', async () => {
  const page = await ctx.page();
  await page.goto(ctx.url);
  await page.evaluate(async () => {
    const { Fihris } = await import('/fihris.js');
    // @ts-ignore
    window.engine = await Fihris.load({ index: '/single/', refresh: 0 });
  });
  // @ts-ignore
  const total = (q) => page.evaluate(async (q) => (await window.engine.search(q)).total, q);
  assert.equal(await total(NEW_WORD), 0, 'not in the first build');
  writeFileSync(join(corpus, 'swallows.txt'), NEW_ARTICLE);
  deploy('single', ['--shards', 'never']);
  assert.equal(await total(NEW_WORD), 1, 'found in the new build, without reloading the page');
  assert.ok((await total('كوريا')) >= 5, 'and the rest still');
  rmSync(join(corpus, 'swallows.txt'));
  deploy('single', ['--shards', 'never']);
  assert.deepEqual(page.errors, []);
});

test('a search that finds nothing does not download the index again within a minute of loading it', async () => {
  const page = await ctx.page();
  /** @type {string[]} */
  const loads = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/single/fihris.idx') loads.push(request.url());
  });
  await page.goto(ctx.url);
  const totals = await page.evaluate(async () => {
    const { Fihris } = await import('/fihris.js');
    const engine = await Fihris.load({ index: '/single/' });
    return [(await engine.search('كلمةغيرموجودة')).total, (await engine.search('أخرىغيرموجودة')).total];
  });
  assert.deepEqual(totals, [0, 0]);
  assert.equal(loads.length, 1, loads.join(' '));
});
