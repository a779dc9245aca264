// The demo on a phone and on a desktop, light and dark; screenshots in tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, search, site } from './browser.mjs';

const ctx = site();

/** Widest element sticking out of the viewport, if any. */
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.right > width + 1 || r.left < -1))
      .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    return { scroll: document.documentElement.scrollWidth - width, out };
  });
}

test('the widget is usable at 360 px', async () => {
  const page = await ctx.page({ width: 360, height: 740 });
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const { scroll, out } = await overflow(page);
  assert.equal(scroll, 0, `no horizontal scrolling: ${out.join(', ')}`);
  assert.deepEqual(out, []);
  const first = page.locator('fihris-search [role="option"]').first();
  assert.ok(await first.isVisible());
  const box = await first.boundingBox();
  assert.ok(box.width >= 300, `a result uses the width of the phone (${box.width}px)`);
  const size = await page.locator('fihris-search .fihris-excerpt').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 14, `excerpt text is readable (${size}px)`);
  assert.equal(await page.locator('fihris-search .fihris').getAttribute('dir'), 'rtl');
  await page.screenshot({ path: artifact('demo-phone.png'), fullPage: false });
});

test('the demo with results at desktop width, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await ctx.page({ width: 1280, height: 800, colorScheme });
    await page.goto(ctx.url);
    await search(page, 'كوريا الشمالية');
    assert.ok((await page.locator('fihris-search [role="option"]').count()) > 0);
    const { scroll } = await overflow(page);
    assert.equal(scroll, 0);
    const colors = await page.locator('fihris-search .fihris-excerpt').first().evaluate((el) => {
      const style = getComputedStyle(el);
      return { fg: style.color, bg: getComputedStyle(el.closest('.fihris-panel')).backgroundColor };
    });
    assert.notEqual(colors.fg, colors.bg);
    await page.locator('fihris-search .fihris-input').press('ArrowDown');
    await page.screenshot({ path: artifact(`demo-desktop-${colorScheme}.png`) });
  }
  const phoneDark = await ctx.page({ width: 360, height: 740, colorScheme: 'dark' });
  await phoneDark.goto(ctx.url);
  await search(phoneDark, 'رُوسْيَا');
  await phoneDark.screenshot({ path: artifact('demo-phone-dark.png') });
});

test('a document page is readable at 360 px', async () => {
  const page = await ctx.page({ width: 360, height: 740 });
  await page.goto(ctx.url);
  await search(page, 'كوريا');
  const hrefs = await page.locator('fihris-search [role="option"] a').evaluateAll((as) => as.map((a) => a.href));
  await page.goto(hrefs[0]);
  await page.waitForFunction(() => document.documentElement.dataset.fihrisMarks !== undefined);
  const { scroll, out } = await overflow(page);
  assert.equal(scroll, 0, out.join(', '));
  assert.equal(await page.locator('.fihris-page').getAttribute('dir'), 'rtl');
  await page.screenshot({ path: artifact('page-phone.png') });
  // Every page: a block with Arabic letters reads right-to-left, even when it starts with a Latin word.
  for (const href of hrefs) {
    await page.goto(href);
    await page.waitForFunction(() => document.querySelector('.fihris-page-nav'));
    const ltr = await page.evaluate(() =>
      [...document.querySelectorAll('.fihris-page h1, .fihris-page p')]
        .filter((el) => /[\u0600-\u06FF]/.test(el.textContent) && getComputedStyle(el).direction !== 'rtl')
        .map((el) => el.textContent.slice(0, 40)),
    );
    assert.deepEqual(ltr, [], `${href}: Arabic blocks laid out left-to-right`);
  }
});
