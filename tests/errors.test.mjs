// What a reader sees when the site is not set up right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, site } from './browser.mjs';

const ctx = site();

/** A page holding only the widget, pointed at `index`. */
async function widgetPage(page, index) {
  await page.goto(ctx.url);
  await page.evaluate((index) => {
    document.body.replaceChildren();
    const widget = document.createElement('fihris-search');
    widget.setAttribute('index', index);
    document.body.append(widget);
  }, index);
}

test('a missing index shows an error message, not a blank box', async () => {
  const page = await ctx.page();
  await widgetPage(page, './no-such-index/');
  await page.locator('fihris-search .fihris-input').fill('كوريا');
  const error = page.locator('fihris-search .fihris-error');
  await error.waitFor();
  assert.ok(await error.isVisible());
  const text = await error.textContent();
  assert.match(text, /تعذّر/);
  assert.match(text, /not found at .*no-such-index\/fihris\.idx/);
  assert.match(text, /build\.sh/);
  assert.equal(await error.getAttribute('role'), 'alert');
  await page.screenshot({ path: artifact('missing-index.png') });
});

test('a corrupt index shows the engine’s message', async () => {
  const page = await ctx.page();
  // Any file that is not an index: the demo page itself, served as fihris.idx.
  await page.route('**/broken/fihris.idx', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: 'this is not an index' }),
  );
  await widgetPage(page, './broken/');
  await page.locator('fihris-search .fihris-input').fill('كوريا');
  const error = page.locator('fihris-search .fihris-error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /cannot be read: \S+/);
});

test('a damaged engine file shows that the search engine could not start', async () => {
  const page = await ctx.page();
  await page.route('**/pkg/fihris_bg.wasm', (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: 'this is not WebAssembly' }),
  );
  await widgetPage(page, './index/');
  await page.locator('fihris-search .fihris-input').fill('كوريا');
  const error = page.locator('fihris-search .fihris-error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /the search engine at \S+fihris_bg\.wasm could not start: \S+/);
});

test('a host that serves the engine file with a generic type still gets results', async () => {
  const page = await ctx.page();
  // Streaming compilation requires application/wasm; the engine then compiles the downloaded bytes.
  await page.route('**/pkg/fihris_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
  await widgetPage(page, './index/');
  await page.locator('fihris-search .fihris-input').fill('كوريا');
  await page.locator('fihris-search .fihris-hit').first().waitFor();
  assert.ok((await page.locator('fihris-search .fihris-hit').count()) > 0);
  assert.deepEqual(warnings, []);
});
