// A sharded index: the page downloads the entry file, then only the shard
// files each query needs, once per session; a missing or damaged shard fails
// the searches that need it and no other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, search, site, siteWithoutIndex } from './browser.mjs';

// The built site with the seeds indexed as shards in index/, and the
// single-file index of dist/ in single/ to compare with.
const dir = mkdtempSync(join(tmpdir(), 'fihris-shards-'));
/** Names of the shard files, relative to the index folder: `<hash>/0/p0.bin`… */
let shards = [];
before(() => {
  const cli = siteWithoutIndex(dir);
  cpSync(join(DIST, 'index'), join(dir, 'single'), { recursive: true });
  execFileSync(cli, ['build', join(ROOT, 'seeds'), '--out', join(dir, 'index'), '--pages', join(dir, 'doc'), '--shards', 'always'], {
    stdio: 'pipe',
  });
  const folders = readdirSync(join(dir, 'index')).filter((name) => statSync(join(dir, 'index', name)).isDirectory());
  assert.equal(folders.length, 1, `one shard folder: ${folders.join(' ')}`);
  assert.match(folders[0], /^[0-9a-f]{16}$/);
  shards = readdirSync(join(dir, 'index', folders[0]), { recursive: true })
    .filter((name) => name.endsWith('.bin'))
    .map((name) => `${folders[0]}/${name}`);
  assert.ok(shards.some((s) => /\/p\d+\.bin$/.test(s)) && shards.some((s) => /\/d\d+\.bin$/.test(s)), shards.join(' '));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ctx = site(dir);

/**
 * A page whose requests for files of the index folders are logged, as
 * paths relative to the site: `index/fihris.idx`, `index/<hash>/0/p0.bin`…
 *
 * @param {import('playwright-core').Page} page
 */
function logIndexRequests(page) {
  /** @type {string[]} */
  const log = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname.slice(1);
    if (/^(index|single|broken-\w+)\//.test(path)) log.push(path);
  });
  return log;
}

/** The shard names in `log` under `folder`, as the engine names them (`<hash>/0/p0.bin`). */
function shardsIn(log, folder = 'index') {
  return log.filter((path) => path.startsWith(`${folder}/`) && path.endsWith('.bin')).map((path) => path.slice(folder.length + 1));
}

/**
 * The answers of the JS API for `queries`, each asked of a new engine on
 * `index`, with the shards each one downloaded.
 *
 * @param {string} index folder, e.g. '/index/'
 * @param {string[]} queries
 * @param {{ limit?: number, offset?: number }} [options]
 */
async function answers(index, queries, options = {}) {
  const out = [];
  for (const query of queries) {
    const page = await ctx.page();
    const log = logIndexRequests(page);
    await page.goto(ctx.url);
    const result = await page.evaluate(
      async ([index, query, options]) => {
        const { Fihris } = await import('/fihris.js');
        return (await Fihris.load({ index })).search(query, options);
      },
      [index, query, options],
    );
    out.push({ result, shards: shardsIn(log, index.replaceAll('/', '')) });
    await page.context().close();
  }
  return out;
}

/**
 * A page holding only the widget, pointed at `index`.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} index
 */
async function widgetPage(page, index) {
  await page.goto(ctx.url);
  await page.evaluate((index) => {
    document.body.replaceChildren();
    const widget = document.createElement('fihris-search');
    widget.setAttribute('index', index);
    document.body.append(widget);
  }, index);
}

/**
 * Type `query` and wait for the widget to show an error; its text.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} query
 */
async function searchFails(page, query) {
  const input = page.locator('fihris-search .fihris-input');
  await input.fill('');
  await input.fill(query);
  const error = page.locator('fihris-search .fihris-status.fihris-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 0, 'no results beside the error');
  return error.textContent();
}

/**
 * Put `query` in the widget's box at once (as the demo's example buttons
 * do, so no query typed halfway is searched) and wait for its answer.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} query
 */
async function ask(page, query) {
  await page.evaluate((query) => document.querySelector('fihris-search').setQuery(query), query);
  await page.waitForFunction((query) => {
    const el = document.querySelector('fihris-search');
    return el && el.shownQuery === query && !el.querySelector('.fihris-panel').hidden;
  }, query);
}

/** What the widget shows: the count line and the titles of the hits. */
function shown(page) {
  return page.locator('fihris-search').evaluate((el) => ({
    error: el.querySelector('.fihris-error') !== null,
    titles: [...el.querySelectorAll('[role="option"] .fihris-title')].map((t) => t.textContent),
  }));
}

/** A copy of the sharded index in `name`/, for a scenario to damage. */
function copyIndex(name) {
  cpSync(join(dir, 'index'), join(dir, name), { recursive: true });
  return join(dir, name);
}

const settle = (ms = 400) => new Promise((done) => setTimeout(done, ms));

// A word, a prefix, a typo, a phrase; and a word no document has.
const QUERIES = ['موسكو', 'كورس', 'غيراسيموق', '"كوريا الشمالية"', 'KN-23', 'زززز'];

test('a reader searches a sharded index and gets the same hits as from one file, downloading only the shards each query needs, once', async () => {
  // The JS API, each query on a new engine: the same answer as the single
  // file (every field, and the next page), from fewer shards than there are.
  const sharded = await answers('/index/', QUERIES);
  const single = await answers('/single/', QUERIES);
  const secondPage = { limit: 2, offset: 2 };
  const shardedPage2 = await answers('/index/', QUERIES.slice(0, 2), secondPage);
  const singlePage2 = await answers('/single/', QUERIES.slice(0, 2), secondPage);
  QUERIES.forEach((query, i) => {
    assert.deepEqual(sharded[i].result, single[i].result, `${query}: the same answer`);
    assert.ok(sharded[i].shards.length < shards.length, `${query}: ${sharded[i].shards.length} of ${shards.length} shards`);
    assert.equal(new Set(sharded[i].shards).size, sharded[i].shards.length, `${query}: each shard downloaded once`);
    assert.deepEqual(single[i].shards, [], 'a single-file index downloads no shard');
  });
  assert.ok(sharded.slice(0, 4).every(({ result }) => result.total > 0), 'the first four queries find something');
  const unknown = sharded.at(-1).shards;
  assert.ok(unknown.every((name) => /\/t\d+\.bin$/.test(name)), `a word no document has needs dictionary chunks only: ${unknown.join(' ')}`);
  shardedPage2.forEach(({ result }, i) => assert.deepEqual(result, singlePage2[i].result, `${QUERIES[i]}: the same second page`));

  // The widget: only the entry file until the first query, then shards.
  const page = await ctx.page();
  const log = logIndexRequests(page);
  await page.goto(ctx.url);
  await page.locator('fihris-search .fihris-input').focus(); // starts loading the engine
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/index/fihris.idx')));
  await settle();
  assert.deepEqual(log, ['index/fihris.idx'], 'only the entry file at load');

  /** @type {string[][]} */
  const fetched = [];
  for (const [i, query] of QUERIES.entries()) {
    const from = log.length;
    await ask(page, query);
    const downloaded = shardsIn(log.slice(from));
    assert.deepEqual(
      (await shown(page)).titles,
      single[i].result.hits.map((hit) => hit.title),
      `${query}: the widget shows the hits of the single file`,
    );
    assert.ok(downloaded.every((name) => shards.includes(name)), downloaded.join(' '));
    const again = downloaded.filter((name) => fetched.flat().includes(name));
    assert.deepEqual(again, [], `${query}: no shard downloaded twice`);
    fetched.push(downloaded);
  }
  const first = fetched[0];
  assert.ok(first.length > 0 && first.length < shards.length, `the first query downloads some shards: ${first.join(' ')}`);
  assert.equal(log.filter((path) => path === 'index/fihris.idx').length, 1, 'the entry file is downloaded once');

  // The same queries again: every shard is in the session already.
  const from = log.length;
  for (const [i, query] of QUERIES.entries()) {
    await ask(page, query);
    assert.deepEqual((await shown(page)).titles, single[i].result.hits.map((hit) => hit.title));
  }
  assert.deepEqual(log.slice(from), [], 'repeated queries download nothing');
  assert.deepEqual(page.errors, []);
});

test('searches running at the same time share the downloads of the shards they both need', async () => {
  const page = await ctx.page();
  const log = logIndexRequests(page);
  await page.goto(ctx.url);
  const queries = ['كوريا', 'كوريا', 'موسكو', '"كوريا الشمالية"', 'كوريا'];
  const answer = await page.evaluate(async (queries) => {
    const { Fihris } = await import('/fihris.js');
    const [sharded, single] = await Promise.all([
      Fihris.load({ index: '/index/' }),
      Fihris.load({ index: '/single/' }),
    ]);
    const together = await Promise.all(queries.map((q) => sharded.search(q)));
    const expected = await Promise.all(queries.map((q) => single.search(q)));
    const same = together.map((r, i) => JSON.stringify(r) === JSON.stringify(expected[i]));
    return { sharded: sharded.sharded, single: single.sharded, same };
  }, queries);
  assert.equal(answer.sharded, true);
  assert.equal(answer.single, false);
  assert.deepEqual(answer.same, queries.map(() => true));
  const downloaded = shardsIn(log);
  assert.ok(downloaded.length > 0);
  assert.equal(new Set(downloaded).size, downloaded.length, `each shard downloaded once: ${downloaded.join(' ')}`);
  assert.deepEqual(page.errors, []);
});

test('a missing postings shard makes the queries that need it show an error naming it, while other queries still work', async () => {
  // Which postings shard the first query needs and the second does not.
  const [failing, working] = await answers('/index/', ['كوريا', 'موسكو']);
  const gone = failing.shards.find((name) => /\/p\d+\.bin$/.test(name) && !working.shards.includes(name));
  assert.ok(gone, `a postings shard only كوريا needs: ${failing.shards.join(' ')} / ${working.shards.join(' ')}`);
  unlinkSync(join(copyIndex('broken-missing'), gone));

  const page = await ctx.page();
  const log = logIndexRequests(page);
  await widgetPage(page, './broken-missing/');
  const text = await searchFails(page, 'كوريا');
  assert.match(text, /تعذّر/);
  assert.ok(text.includes(`index shard ${gone} could not be loaded (HTTP 404)`), text);
  assert.ok(text.includes(`upload the whole index folder, including its ${gone.split('/')[0]}/ folder`), text);

  // The same page: a query that does not need it is answered.
  await search(page, 'موسكو');
  assert.deepEqual(await shown(page), { error: false, titles: working.result.hits.map((hit) => hit.title) });
  assert.equal(await page.locator('fihris-search .fihris-count').count(), 1);

  // The failed shard is not remembered as failed: asking again downloads it again.
  const from = log.length;
  assert.ok((await searchFails(page, 'كوريا ')).includes(gone));
  assert.ok(shardsIn(log.slice(from), 'broken-missing').includes(gone), 'the shard is asked for again');
  assert.deepEqual(page.errors, []);
});

test('a damaged document shard gives the engine’s “is unusable” error, and the page keeps working for other queries', async () => {
  // A documents shard the first query needs and the second does not.
  const [failing, working] = await answers('/index/', ['KN-23', 'Business']);
  const damaged = failing.shards.find((name) => /\/d\d+\.bin$/.test(name) && !working.shards.includes(name));
  assert.ok(damaged, `a documents shard only KN-23 needs: ${failing.shards.join(' ')} / ${working.shards.join(' ')}`);
  const path = join(copyIndex('broken-corrupt'), damaged);
  const bytes = readFileSync(path);
  bytes[bytes.length >> 1] ^= 0x5a;
  writeFileSync(path, bytes);

  const page = await ctx.page();
  await widgetPage(page, './broken-corrupt/');
  const text = await searchFails(page, 'KN-23');
  assert.ok(text.includes(`index shard ${damaged} is unusable`), text);
  assert.match(text, /rebuild it with `fihris build`/);

  await search(page, 'Business');
  assert.deepEqual(await shown(page), { error: false, titles: working.result.hits.map((hit) => hit.title) });
  assert.ok((await searchFails(page, 'KN-23 ')).includes(damaged), 'still an error, not a stale answer');
  await search(page, 'Business');
  assert.equal((await shown(page)).titles.length, working.result.hits.length);

  // The JS API rejects that search with the same message, and answers the next one.
  const api = await page.evaluate(async () => {
    const { Fihris } = await import('/fihris.js');
    const engine = await Fihris.load({ index: '/broken-corrupt/' });
    const failed = await engine.search('KN-23').then(
      () => '',
      (error) => error.message,
    );
    const next = await engine.search('Business');
    return { failed, total: next.total };
  });
  assert.ok(api.failed.includes(`index shard ${damaged} is unusable`), api.failed);
  assert.equal(api.total, working.result.total);
  assert.deepEqual(page.errors, []);
});

test('the answer to an older query whose shards arrive late never replaces the answer to the newer one', async () => {
  const [slow, fast] = await answers('/index/', ['KN-23', 'Business']);
  const held = slow.shards.filter((name) => !fast.shards.includes(name));
  assert.ok(held.length > 0, `shards only KN-23 needs: ${slow.shards.join(' ')} / ${fast.shards.join(' ')}`);

  const page = await ctx.page();
  /** @type {string[]} */
  const answered = [];
  await page.exposeFunction('fihrisAnswered', (query) => answered.push(query));
  await page.addInitScript(() => {
    document.addEventListener('fihris-results', (e) => /** @type {any} */ (window).fihrisAnswered(e.detail.query));
  });
  let releases = 0;
  await page.route('**/index/*/*/*.bin', async (route) => {
    if (held.some((name) => route.request().url().endsWith(`/index/${name}`))) {
      await settle(1500);
      releases++;
    }
    await route.continue();
  });
  await page.goto(ctx.url);
  const input = page.locator('fihris-search .fihris-input');
  const asked = page.waitForRequest((request) => held.some((name) => request.url().endsWith(`/index/${name}`)));
  await input.fill('KN-23');
  await asked; // the older search waits for its shards
  await page.locator('fihris-search .fihris-status.fihris-loading').waitFor();
  await input.fill('Business');
  await page.waitForFunction(() => document.querySelector('fihris-search')?.shownQuery === 'Business');
  await settle(2000);

  assert.ok(releases > 0, 'the older query did download its shards');
  assert.deepEqual(answered, ['Business'], 'one answer, for the query in the box');
  assert.deepEqual(await shown(page), { error: false, titles: fast.result.hits.map((hit) => hit.title) });
  assert.equal(await page.locator('fihris-search .fihris-loading').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('“more” on a sharded index downloads the documents of the next page and shows the hits one file gives', async () => {
  const [single] = await answers('/single/', ['كوريا']);
  const expected = single.result.hits.map((hit) => hit.title);
  assert.equal(expected.length, 5);

  const page = await ctx.page();
  const log = logIndexRequests(page);
  await page.goto(ctx.url);
  await page.evaluate(() => document.querySelector('fihris-search').setAttribute('limit', '2'));
  await ask(page, 'كوريا');
  assert.deepEqual((await shown(page)).titles, expected.slice(0, 2));
  const documents = () => shardsIn(log).filter((name) => /\/d\d+\.bin$/.test(name));
  const before = documents().length;
  assert.ok(before > 0 && before <= 2, `the first page downloads its own documents only: ${documents().join(' ')}`);

  const more = page.locator('fihris-search .fihris-more');
  for (const count of [4, 5]) {
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('fihris-search [role="option"]').length === n, count);
  }
  assert.deepEqual((await shown(page)).titles, expected);
  assert.ok(await more.isHidden(), 'nothing more to show');
  assert.ok(documents().length > before, 'the next pages downloaded their documents');
  assert.equal(new Set(documents()).size, documents().length, 'each once');
  assert.deepEqual(page.errors, []);
});
