// Shared by the browser scenarios: serve a built site on 127.0.0.1 and drive
// Debian's Chromium through playwright-core.
//
// The site is dist/ (built by ./build.sh) unless FIHRIS_DIST names another.

import { after, before } from 'node:test';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = resolve(process.env.FIHRIS_DIST || join(ROOT, 'dist'));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

/**
 * Copy the built site into `dir` without its index and pages, for a
 * scenario that builds them from another corpus. Returns the release CLI.
 *
 * @param {string} dir an empty folder
 * @returns {string} path of `target/release/fihris`
 */
export function siteWithoutIndex(dir) {
  const cli = join(ROOT, 'target', 'release', 'fihris');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run ./build.sh first`);
  if (!existsSync(join(DIST, 'pkg'))) throw new Error(`${DIST} is not built: run ./build.sh first`);
  for (const name of readdirSync(DIST)) {
    if (name !== 'index' && name !== 'doc') cpSync(join(DIST, name), join(dir, name), { recursive: true });
  }
  return cli;
}

/**
 * Start a server for `dir` and a browser before the file's scenarios, stop
 * them after. Returns an object filled in by the time the scenarios run.
 *
 * @param {string} [dir]
 * @param {{ headers?: Record<string, string> }} [options] passed to `serve`:
 *   response headers that replace the default ones. Default none.
 */
export function site(dir = DIST, options = {}) {
  const ctx = {
    /** @type {string} */ url: '',
    /** @type {import('playwright-core').Browser} */ browser: /** @type {any} */ (null),
    /** @type {() => Promise<void>} */ close: async () => {},
    /**
     * A new page whose uncaught errors and dialogs are recorded.
     *
     * @param {{ width?: number, height?: number, colorScheme?: 'light'|'dark' }} [viewport]
     */
    async page({ width = 1280, height = 800, colorScheme = 'light' } = {}) {
      const context = await ctx.browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      const errors = [];
      const dialogs = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => {});
      });
      return Object.assign(page, { errors, dialogs });
    },
  };
  before(async () => {
    const server = await serve(dir, 0, options);
    ctx.url = server.url;
    ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    ctx.close = server.close;
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.close();
  });
  return ctx;
}

/**
 * Type `text` into the widget's box and wait for the answer to that query.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
export async function search(page, text) {
  const input = page.locator('fihris-search .fihris-input');
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  await page.waitForFunction(
    (q) => {
      const el = document.querySelector('fihris-search');
      return el && el.shownQuery === q.trim() && !el.querySelector('.fihris-panel').hidden;
    },
    text,
  );
}

/** Where screenshots go (git-ignored). */
export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
