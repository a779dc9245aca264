// The main browser scenarios in Firefox ESR and in WebKit (WebKitGTK), over
// W3C WebDriver (tests/webdriver.mjs), against the built dist/: search, a
// typo, the keyboard, opening a result, the words highlighted on the page,
// a phone's width, the strict Content-Security-Policy.
//
//   FIHRIS_BROWSER=firefox node --test tests/cross-browser.mjs
//   FIHRIS_BROWSER=webkit  node --test tests/cross-browser.mjs
//   node --test tests/cross-browser.mjs          (both, one after the other)
//
// Not named *.test.mjs: the Chromium scenarios (node --test tests/*.test.mjs)
// need no WebDriver; ./build.sh test runs this file once per browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { DIST } from './browser.mjs';
import { CSP, listen, serve } from './serve.mjs';
import { KEYS, launch } from './webdriver.mjs';

const BROWSERS = (process.env.FIHRIS_BROWSER || 'firefox,webkit').split(',').map((b) => b.trim()).filter(Boolean);

/** Reports of what the policy blocked, POSTed by the browsers to report-uri. */
const reports = [];
let reportUri = '';
let url = '';
let closeAll = async () => {};

before(async () => {
  const collector = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      // A phone-sized frame around a page of the site (see the phone scenario).
      const phone = new URL(req.url || '/', 'http://127.0.0.1').searchParams;
      if (req.method === 'GET' && phone.has('frame')) {
        const [w, h] = phone.get('size').split('x');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><body style="margin:0"><iframe src="${encodeURI(phone.get('frame'))}" width="${w}" height="${h}" style="border:0;display:block"></iframe>`);
        return;
      }
      if (req.method === 'POST') reports.push(body);
      res.writeHead(204, { 'access-control-allow-origin': '*' });
      res.end();
    });
  });
  const reporting = await listen(collector, 0);
  reportUri = `${reporting.origin}/`;
  // Every file under the project's strict policy, which reports what it blocks.
  const server = await serve(DIST, 0, { headers: { 'content-security-policy': `${CSP}; report-uri ${reportUri}` } });
  url = server.url;
  closeAll = async () => {
    await server.close();
    await reporting.close();
  };
});
after(() => closeAll());

/** Errors thrown in the page after this call (window.onerror, rejections). */
function watchErrors(s) {
  return s.evaluate(() => {
    const w = /** @type {any} */ (window);
    if (w.fihrisErrors) return;
    w.fihrisErrors = [];
    addEventListener('error', (e) => w.fihrisErrors.push(String(e.message)));
    addEventListener('unhandledrejection', (e) => w.fihrisErrors.push(String(e.reason)));
  });
}
const pageErrors = (s) => s.evaluate(() => /** @type {any} */ (window).fihrisErrors || []);

/** Type `text` into the widget's box and wait for the answer to that query. */
async function search(s, text) {
  const input = await s.find('fihris-search .fihris-input');
  // A reader clicks into the box first (WebKit will not type into a box of a
  // frame that has never had the focus).
  await s.click(input);
  await s.clear(input);
  await s.type(input, text);
  await s.waitFor(
    (q) => {
      const el = /** @type {any} */ (document.querySelector('fihris-search'));
      return el && el.shownQuery === q.trim() && !el.querySelector('.fihris-panel').hidden;
    },
    [text],
    { what: `the answer to ${text}` },
  );
  return input;
}

/** Open the demo at `width` × `height` and wait for the widget. */
async function open(s, width = 1280, height = 800) {
  await s.viewport(width, height);
  await s.goto(url);
  await s.waitFor(() => customElements.get('fihris-search') && document.querySelector('fihris-search .fihris-input'), [], {
    what: 'the widget',
  });
  await watchErrors(s);
}

/** Wait for the document page's highlighting (fihris-page.js), return the marked words. */
async function pageMarks(s) {
  const state = await s.waitFor(() => document.documentElement.dataset.fihrisMarks, [], { what: 'fihris-page.js' });
  assert.notEqual(state, 'error', 'fihris-page.js highlighted without error');
  return s.evaluate(() => [...document.querySelectorAll('.fihris-page article mark')].map((m) => m.textContent));
}

for (const browser of BROWSERS) {
  describe(browser, () => {
    /** @type {import('./webdriver.mjs').Session} */
    let s;
    before(async () => {
      s = await launch(/** @type {any} */ (browser));
    });
    after(async () => {
      await s?.quit();
    });

    test(`in ${browser} a reader types كوريا and sees the five articles with highlighted excerpts`, async () => {
      await open(s);
      await search(s, 'كوريا');
      const results = await s.evaluate(() =>
        [...document.querySelectorAll('fihris-search [role="option"]')].map((o) => ({
          title: o.querySelector('.fihris-title').textContent.trim(),
          marks: [...o.querySelectorAll('.fihris-excerpt mark, .fihris-title mark')].map((m) => m.textContent),
        })),
      );
      assert.equal(results.length, 5, JSON.stringify(results));
      for (const [i, r] of results.entries()) {
        assert.ok(r.title.length > 0, `result ${i + 1} has a title`);
        assert.ok(r.marks.length > 0, `result ${i + 1} has highlighted words`);
        assert.ok(r.marks.every((m) => m.replace(/[\u064B-\u0652\u0640]/g, '').includes('كوري')), r.marks.join(' | '));
      }
      assert.equal(await s.evaluate(() => document.querySelector('fihris-search .fihris-count').textContent.trim()), '٥ نتائج');
      assert.deepEqual(await pageErrors(s), []);
    });

    test(`in ${browser} a reader misspells غيراسيموف as غيراسيموق and still finds the article`, async () => {
      await open(s);
      await search(s, 'غيراسيموق');
      const marks = await s.evaluate(() => [...document.querySelectorAll('fihris-search [role="option"] mark')].map((m) => m.textContent));
      assert.ok(marks.length > 0, 'results with highlighted words');
      assert.ok(marks.some((m) => m.includes('غيراسيموف')), `the correctly spelt name is highlighted: ${marks.join(' | ')}`);
      assert.deepEqual(await pageErrors(s), []);
    });

    test(`in ${browser} a reader presses ↓ then Enter and the first result opens with the words highlighted`, async () => {
      await open(s);
      await search(s, 'كوريا');
      const first = await s.evaluate(() => {
        const o = document.querySelector('fihris-search [role="option"]');
        return { id: o.id, href: o.querySelector('a').href, title: o.querySelector('.fihris-title').textContent.trim() };
      });
      await s.press(KEYS.ArrowDown);
      const active = await s.evaluate(() => {
        const input = document.querySelector('fihris-search [role="combobox"]');
        return {
          focused: input === document.activeElement,
          active: input.getAttribute('aria-activedescendant'),
          selected: document.querySelector('fihris-search [role="option"]').getAttribute('aria-selected'),
        };
      });
      assert.deepEqual(active, { focused: true, active: first.id, selected: 'true' });
      await s.press(KEYS.Enter);
      await s.waitFor((href) => location.href === href && document.readyState === 'complete', [first.href], {
        what: `the page ${first.href}`,
      });
      assert.match(new URL(await s.currentUrl()).search, /[?&]q=/);
      assert.equal(await s.evaluate(() => document.querySelector('.fihris-page h1').textContent.trim()), first.title);
      const marks = await pageMarks(s);
      assert.ok(marks.length > 0, 'the words are highlighted on the page');
      assert.ok(marks.every((m) => m.includes('كوري')), marks.join(' | '));
    });

    test(`in ${browser} a reader clicks a result and sees the word highlighted on the page`, async () => {
      await open(s);
      await search(s, 'موسكو');
      const href = await s.evaluate(() => document.querySelector('fihris-search [role="option"] a').href);
      await s.click(await s.find('fihris-search [role="option"] a'));
      await s.waitFor((h) => location.href === h && document.readyState === 'complete', [href], { what: `the page ${href}` });
      const marks = await pageMarks(s);
      assert.ok(marks.length > 0, 'the word is highlighted on the page');
      assert.ok(marks.every((m) => m.includes('موسكو')), marks.join(' | '));
      const style = await s.evaluate(() => {
        const mark = document.querySelector('.fihris-page article mark');
        const r = mark.getBoundingClientRect();
        return {
          background: getComputedStyle(mark).backgroundColor,
          inView: r.bottom > 0 && r.top < innerHeight,
          back: document.querySelectorAll('.fihris-page-nav a').length,
          dir: document.querySelector('.fihris-page').getAttribute('dir'),
        };
      });
      assert.notEqual(style.background, 'rgba(0, 0, 0, 0)', 'fihris.css colours the highlight');
      assert.ok(style.inView, 'the first highlighted word is scrolled into view');
      assert.equal(style.back, 1, 'a link back to the search');
      assert.equal(style.dir, 'rtl');
    });

    test(`in ${browser} a reader on a 375 px phone sees the results fit, with no horizontal scrolling`, async () => {
      // Neither browser's window gets narrower than about 450-500 px (their
      // minimum window widths), so the demo is opened in a 375 × 740 frame:
      // its document has a 375 px viewport, media queries and all.
      await s.viewport(1280, 900);
      await s.goto(`${reportUri}?frame=${encodeURIComponent(url)}&size=375x740`);
      await s.frame(await s.find('iframe'));
      await s.waitFor(() => customElements.get('fihris-search') && document.querySelector('fihris-search .fihris-input'), [], {
        what: 'the widget in the frame',
      });
      assert.equal(await s.evaluate(() => innerWidth), 375, 'the viewport is 375 px wide');
      await watchErrors(s);
      await search(s, 'كوريا');
      const layout = await s.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('body *')]
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.right > width + 1 || r.left < -1))
          .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
        const first = document.querySelector('fihris-search [role="option"]').getBoundingClientRect();
        return {
          scroll: document.documentElement.scrollWidth - width,
          out,
          firstWidth: first.width,
          fontSize: parseFloat(getComputedStyle(document.querySelector('fihris-search .fihris-excerpt')).fontSize),
          dir: document.querySelector('fihris-search .fihris').getAttribute('dir'),
        };
      });
      assert.equal(layout.scroll, 0, `no horizontal scrolling: ${layout.out.join(', ')}`);
      assert.deepEqual(layout.out, []);
      assert.ok(layout.firstWidth >= 300, `a result uses the width of the phone (${layout.firstWidth}px)`);
      assert.ok(layout.fontSize >= 14, `excerpt text is readable (${layout.fontSize}px)`);
      assert.equal(layout.dir, 'rtl');
      assert.deepEqual(await pageErrors(s), []);
      await s.frame(null);
    });

    test(`in ${browser} under the strict policy a reader searches and opens a result, and nothing is blocked`, async () => {
      reports.length = 0;
      await open(s);
      await s.click(await s.find('.demo-try button[data-query="اسقاط"]'));
      await s.waitFor(() => /** @type {any} */ (document.querySelector('fihris-search')).shownQuery === 'اسقاط', [], {
        what: 'the example query',
      });
      await search(s, 'كوريا');
      assert.ok(await s.evaluate(() => document.querySelectorAll('fihris-search .fihris-results mark').length > 0), 'highlighted excerpts');
      await s.click(await s.find('fihris-search [role="option"] a'));
      await s.waitFor(() => /[?&]q=/.test(location.search) && document.readyState === 'complete', [], { what: 'the document page' });
      assert.ok((await pageMarks(s)).length > 0, 'the words are highlighted on the page');
      assert.equal(await s.evaluate(() => document.querySelectorAll('.fihris-page-nav a').length), 1, 'fihris-page.js ran');
      // Reports are sent in the background: give them a moment to arrive.
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(reports, [], 'nothing was blocked');

      // The browser does report what the policy blocks: a style attribute in markup.
      await s.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>'));
      const deadline = Date.now() + 15000;
      while (reports.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(reports.some((r) => /style-src/.test(r)), `a report of the blocked style: ${reports.join('\n')}`);
    });
  });
}
