// Things that happen at the same time: fast typing, two search boxes on one
// page, typing while the index downloads, many calls to the JS API at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, site } from './browser.mjs';

// The built site, with the pages of tests/fixtures/pages/ in fixtures/.
const dir = mkdtempSync(join(tmpdir(), 'fihris-concurrency-'));
before(() => {
  assert.ok(existsSync(join(DIST, 'pkg')), `${DIST} is not built: run ./build.sh first`);
  cpSync(DIST, dir, { recursive: true });
  cpSync(join(ROOT, 'tests', 'fixtures', 'pages'), join(dir, 'fixtures'), { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ctx = site(dir);

/**
 * Record every answer a widget shows, with what the box held at that moment.
 *
 * @param {import('playwright-core').Page} page
 */
function recordAnswers(page) {
  return page.addInitScript(() => {
    const answers = [];
    Object.assign(window, { fihrisAnswers: answers });
    document.addEventListener('fihris-results', (e) => {
      const widget = /** @type {HTMLElement} */ (e.target);
      answers.push({ widget: widget.id, query: e.detail.query, typed: widget.querySelector('input').value.trim() });
    });
  });
}

/**
 * What the widget shows: the query, the live region, the titles.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} [selector]
 */
function shown(page, selector = 'fihris-search') {
  return page.locator(selector).evaluate((el) => ({
    query: /** @type {any} */ (el).shownQuery,
    typed: el.querySelector('input').value,
    live: el.querySelector('[role="status"]').textContent,
    titles: [...el.querySelectorAll('[role="option"] .fihris-title')].map((t) => t.textContent),
  }));
}

/**
 * What the widget should show for `query`, asked of the engine directly.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} query
 * @param {number} [limit]
 */
function expected(page, query, limit = 10) {
  return page.evaluate(
    async ([query, limit]) => {
      const { Fihris } = await import('/fihris.js');
      const { resultCount } = await import('/render.js');
      const result = await (await Fihris.load({ index: '/index/' })).search(query, { limit });
      return { query, typed: query, live: resultCount(result.total), titles: result.hits.map((h) => h.title) };
    },
    [query, limit],
  );
}

/** @param {import('playwright-core').Page} page @param {string} query @param {string} [selector] */
function answered(page, query, selector = 'fihris-search') {
  return page.waitForFunction(
    ([selector, query]) => {
      const el = /** @type {any} */ (document.querySelector(selector));
      return el && el.shownQuery === query && !el.querySelector('.fihris-panel').hidden;
    },
    [selector, query],
  );
}

const settle = (ms = 400) => new Promise((done) => setTimeout(done, ms));

test('a reader types, deletes and retypes fast, and sees the results of the last query only', async () => {
  const page = await ctx.page();
  await recordAnswers(page);
  await page.goto(ctx.url);
  const input = page.locator('fihris-search .fihris-input');
  await input.pressSequentially('كوريا الشمالية', { delay: 0 });
  for (let i = 0; i < 'الشمالية'.length; i++) await input.press('Backspace', { delay: 0 });
  await input.pressSequentially('روسيا', { delay: 0 });
  await answered(page, 'كوريا روسيا');
  // Then letters about as far apart as the widget waits before searching.
  await input.press('Control+a');
  await input.press('Backspace');
  await input.pressSequentially('موسك', { delay: 90 });
  await input.press('Backspace');
  await input.pressSequentially('كو', { delay: 0 });
  await answered(page, 'موسكو');
  await settle();

  assert.deepEqual(await shown(page), await expected(page, 'موسكو'));
  const answers = await page.evaluate(() => /** @type {any} */ (window).fihrisAnswers);
  assert.deepEqual(answers.at(-1).query, 'موسكو');
  for (const answer of answers) assert.equal(answer.query, answer.typed, 'an answer is never for an older query');
  assert.deepEqual(page.errors, []);
});

test('two search boxes on one page search independently, with ids of their own', async () => {
  const page = await ctx.page();
  await recordAnswers(page);
  await page.goto(`${ctx.url}fixtures/two-widgets.html`);
  await page.waitForFunction(() => document.querySelectorAll('fihris-search .fihris-input').length === 2);

  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
  assert.equal(new Set(ids).size, ids.length, `unique ids: ${ids.join(' ')}`);
  for (const id of ['first', 'second']) {
    const controlled = await page.locator(`#${id} .fihris-input`).evaluate((input) => {
      const list = document.getElementById(input.getAttribute('aria-controls') || '');
      return list?.getAttribute('role') === 'listbox' && input.closest('fihris-search').contains(list);
    });
    assert.ok(controlled, `the box of #${id} controls its own list`);
  }

  // The / key before either was used: the first box.
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('fihris-search')?.id), 'first');

  const first = page.locator('#first .fihris-input');
  const second = page.locator('#second .fihris-input');
  await first.pressSequentially('كوريا', { delay: 0 });
  await answered(page, 'كوريا', '#first');
  const before = await shown(page, '#first');
  assert.deepEqual(before, await expected(page, 'كوريا'));
  assert.deepEqual(await shown(page, '#second'), { query: '', typed: '', live: '', titles: [] });

  await second.click();
  await second.pressSequentially('موسكو', { delay: 0 });
  await answered(page, 'موسكو', '#second');
  assert.deepEqual(await shown(page, '#second'), await expected(page, 'موسكو', 2));
  assert.deepEqual(await shown(page, '#first'), before, 'the first box still shows its own results');

  await second.press('ArrowDown');
  const active = await second.getAttribute('aria-activedescendant');
  assert.ok(active && (await page.locator(`#second [id="${active}"][role="option"]`).count()) === 1, active);
  assert.equal(await first.getAttribute('aria-activedescendant'), null);
  const all = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
  assert.equal(new Set(all).size, all.length, `unique ids with results shown: ${all.join(' ')}`);

  // Ctrl+K goes back to the box used last; with it gone, to the other one.
  await page.locator('h1').click();
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('fihris-search')?.id), 'second');
  await page.evaluate(() => document.getElementById('second').remove());
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('fihris-search')?.id), 'first');

  const answers = await page.evaluate(() => /** @type {any} */ (window).fihrisAnswers);
  assert.deepEqual(
    answers.map((a) => `${a.widget} ${a.query}`),
    ['first كوريا', 'second موسكو'],
  );
  assert.deepEqual(page.errors, []);
});

test('a reader types before the index has loaded, sees it loading, then gets the results of what they typed', async () => {
  const page = await ctx.page();
  await recordAnswers(page);
  let held = 0;
  await page.route('**/index/fihris.idx', async (route) => {
    held++;
    await settle(1500);
    await route.continue();
  });
  await page.goto(ctx.url);
  const input = page.locator('fihris-search .fihris-input');
  await input.pressSequentially('كورسك', { delay: 0 });
  const loading = page.locator('fihris-search .fihris-status.fihris-loading');
  await loading.waitFor();
  assert.match(await loading.textContent(), /تحميل/);
  assert.match(await page.locator('fihris-search [role="status"]').textContent(), /تحميل/, 'announced');
  assert.equal(await page.locator('fihris-search [role="option"]').count(), 0);
  // Still loading: the reader changes the query.
  await input.press('Control+a');
  await input.pressSequentially('موسكو', { delay: 0 });
  await answered(page, 'موسكو');
  await settle();

  assert.equal(held, 1, 'the index is downloaded once');
  assert.equal(await loading.count(), 0, 'the loading state is gone');
  assert.deepEqual(await shown(page), await expected(page, 'موسكو'));
  const answers = await page.evaluate(() => /** @type {any} */ (window).fihrisAnswers);
  assert.deepEqual(answers.map((a) => a.query), ['موسكو'], 'one answer, for the last query');
  assert.deepEqual(page.errors, []);
});

test('the JS API answers correctly when loaded twice at once and searched many times in a row and in parallel', async () => {
  const page = await ctx.page();
  await page.goto(`${ctx.url}fixtures/two-widgets.html`);
  const answer = await page.evaluate(async () => {
    const { Fihris, highlight } = await import('/fihris.js');
    // Nothing is loaded yet: two engines and the highlighter start together.
    const [a, b, marks] = await Promise.all([
      Fihris.load({ index: '/index/' }),
      Fihris.load({ index: '../index/' }),
      highlight('عن كوريا الشمالية', 'كوريا'),
    ]);
    const queries = ['كوريا', 'موسكو', 'KN-23', 'رُوسْيَا', 'كور', 'غيراسيموق', '"كوريا الشمالية"', 'كوريا -كورسك', '', 'زززز'];
    const pages = [
      { limit: 10, offset: 0 },
      { limit: 2, offset: 0 },
      { limit: 2, offset: 2 },
    ];
    const reference = [];
    for (const q of queries) for (const p of pages) reference.push(JSON.stringify(await a.search(q, p)));
    const ask = async (engine, i) =>
      JSON.stringify(await engine.search(queries[i % queries.length], pages[Math.floor(i / queries.length) % pages.length]));
    const expect = (i) => reference[(i % queries.length) * pages.length + (Math.floor(i / queries.length) % pages.length)];

    const wrong = [];
    for (let i = 0; i < 600; i++) if ((await ask(i % 2 ? a : b, i)) !== expect(i)) wrong.push(`loop ${i}`);
    const parallel = await Promise.all(Array.from({ length: 300 }, (_, i) => ask(i % 3 ? b : a, i)));
    parallel.forEach((r, i) => r !== expect(i) && wrong.push(`parallel ${i}`));
    const highlights = await Promise.all(queries.map((q) => highlight('عن كوريا الشمالية في موسكو', q)));

    const counts = [a.documentCount, b.documentCount];
    a.close();
    let closed = '';
    try {
      await a.search('كوريا');
    } catch (error) {
      closed = error.message;
    }
    return {
      counts,
      marks,
      highlights: highlights.map((h) => h.length),
      wrong,
      closed,
      stillOpen: JSON.stringify(await b.search('كوريا')) === reference[0],
      korea: JSON.parse(reference[0]).total,
    };
  });
  assert.deepEqual(answer.counts, [5, 5]);
  assert.deepEqual(answer.marks, [[3, 8]]);
  assert.deepEqual(answer.wrong, []);
  assert.equal(answer.korea, 5);
  assert.deepEqual(answer.highlights.slice(0, 2), [1, 1]);
  assert.match(answer.closed, /closed/);
  assert.ok(answer.stillOpen, 'closing one engine leaves the other one working');
  assert.deepEqual(page.errors, []);
});
