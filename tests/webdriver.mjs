// A small W3C WebDriver client for the scenarios in Firefox ESR and WebKitGTK
// (tests/cross-browser.mjs): it starts the browser's driver on 127.0.0.1,
// opens a session and speaks the protocol over fetch. No npm package: the
// handful of commands the scenarios need are a few lines each, the same for
// both drivers, and nothing here ever downloads a driver or a browser.
//
//   geckodriver      (cargo install geckodriver; $GECKODRIVER)   → Debian's firefox-esr, -headless
//   WebKitWebDriver  (Debian webkit2gtk-driver; $WEBKITDRIVER)  → WebKitGTK's MiniBrowser, on an
//                    X display: WebKitGTK has no headless mode, so without $DISPLAY an Xvfb is started.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** The element reference key of the W3C protocol. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** WebDriver key codes (https://w3c.github.io/webdriver/#keyboard-actions). */
export const KEYS = { ArrowDown: '\uE015', ArrowUp: '\uE013', Enter: '\uE007', Escape: '\uE00C' };

function firstExisting(paths) {
  return paths.find((p) => p && existsSync(p));
}

/** How each browser is started. */
export const BROWSERS = {
  firefox: {
    driver: () => firstExisting([process.env.GECKODRIVER, join(homedir(), '.cargo', 'bin', 'geckodriver'), '/usr/bin/geckodriver', '/usr/local/bin/geckodriver']),
    args: (port) => ['--host', '127.0.0.1', '--port', String(port)],
    display: false,
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX || firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']),
        args: ['-headless'],
        // No background traffic: this machine's network refuses it anyway.
        prefs: {
          'app.update.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.reportingpolicy.firstRun': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          'extensions.update.enabled': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
        },
      },
    }),
  },
  webkit: {
    driver: () => firstExisting([process.env.WEBKITDRIVER, '/usr/bin/WebKitWebDriver']),
    args: (port) => [`--port=${port}`, '--host=local'],
    display: true,
    capabilities: () => ({
      'webkitgtk:browserOptions': {
        binary:
          process.env.MINIBROWSER ||
          firstExisting([
            '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
            '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
            '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
            '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
          ]),
        args: ['--automation'],
      },
    }),
  },
};

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * An X display for a browser that needs one: $DISPLAY if set, else a new
 * Xvfb (its number chosen by Xvfb itself, -displayfd).
 *
 * @returns {Promise<{ display: string, stop: () => void }>}
 */
async function xDisplay() {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, stop: () => {} };
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  xvfb.stderr.on('data', (d) => (err += d));
  const display = await new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start in 20 s: ${err}`)), 20000);
    xvfb.once('error', (e) => fail(new Error(`cannot start Xvfb (Debian package xvfb): ${e.message}`)));
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${err}`)));
    xvfb.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        done(`:${out.trim()}`);
      }
    });
  });
  return { display, stop: () => xvfb.kill() };
}

/**
 * Start `browser`'s driver and open a session.
 *
 * @param {'firefox'|'webkit'} name
 * @returns {Promise<Session>}
 */
export async function launch(name) {
  const spec = BROWSERS[name];
  if (!spec) throw new Error(`unknown browser ${name}: one of ${Object.keys(BROWSERS).join(', ')}`);
  const driverPath = spec.driver();
  if (!driverPath) throw new Error(`no WebDriver for ${name}: run ./build.sh test (it installs them)`);
  const x = spec.display ? await xDisplay() : { display: process.env.DISPLAY, stop: () => {} };
  const port = await freePort();
  const env = { ...process.env, MOZ_HEADLESS: '1' };
  if (x.display) env.DISPLAY = x.display;
  const driver = spawn(driverPath, spec.args(port), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (d) => (log = (log + d).slice(-8000));
  driver.stdout.on('data', keep);
  driver.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    driver.kill();
    x.stop();
  };
  try {
    const deadline = Date.now() + 30000;
    for (;;) {
      if (driver.exitCode !== null) throw new Error(`${driverPath} exited (${driver.exitCode}): ${log}`);
      const ready = await fetch(`${base}/status`)
        .then((r) => r.json())
        .then((r) => r.value?.ready !== false)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${driverPath} not ready in 30 s: ${log}`);
      await sleep(100);
    }
    const created = await command(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { ...spec.capabilities(), pageLoadStrategy: 'normal' } },
    });
    const session = new Session(name, `${base}/session/${created.sessionId}`, () => log, stop);
    await session.send('POST', '/timeouts', { script: 60000, pageLoad: 60000, implicit: 0 });
    return session;
  } catch (error) {
    stop();
    throw error;
  }
}

async function command(url, method, path, body) {
  const response = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  }
  if (!response.ok || json.value?.error) {
    const v = json.value || {};
    throw new Error(`${method} ${path}: ${v.error || response.status}: ${v.message || text.slice(0, 500)}`);
  }
  return json.value;
}

export class Session {
  /**
   * @param {string} browser
   * @param {string} url the session's endpoint
   * @param {() => string} log the driver's last output
   * @param {() => void} stop
   */
  constructor(browser, url, log, stop) {
    this.browser = browser;
    this.url = url;
    this.log = log;
    this.stopDriver = stop;
  }

  send(method, path, body) {
    return command(this.url, method, path, body);
  }

  async quit() {
    await this.send('DELETE', '').catch(() => {});
    this.stopDriver();
  }

  goto(url) {
    return this.send('POST', '/url', { url });
  }

  currentUrl() {
    return this.send('GET', '/url');
  }

  /**
   * Run `fn` in the page with `args` (JSON values, or elements from `find`).
   *
   * @template T
   * @param {(...args: any[]) => T} fn
   * @param {...any} args
   * @returns {Promise<Awaited<T>>}
   */
  evaluate(fn, ...args) {
    return this.send('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /**
   * Wait until `fn(...args)` is truthy in the page (checked every 50 ms,
   * also across navigations); returns its value.
   */
  async waitFor(fn, args = [], { timeout = 30000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const value = await this.evaluate(fn, ...args);
        if (value) return value;
      } catch (error) {
        // A navigation in progress: the script's document went away.
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`${this.browser}: timed out after ${timeout} ms waiting for ${what}${last ? ` (${last.message})` : ''}`);
      await sleep(50);
    }
  }

  /** The first element matching `css`, as a reference for the other commands. */
  async find(css) {
    const value = await this.send('POST', '/element', { using: 'css selector', value: css });
    return value;
  }

  click(element) {
    return this.send('POST', `/element/${element[ELEMENT]}/click`, {});
  }

  clear(element) {
    return this.send('POST', `/element/${element[ELEMENT]}/clear`, {});
  }

  /** Run the next commands in the document of the <iframe> `element`; `null`: the top document. */
  frame(element) {
    return this.send('POST', '/frame', { id: element });
  }

  /** Type `text` into `element` (focusing it), a key event per character. */
  type(element, text) {
    return this.send('POST', `/element/${element[ELEMENT]}/value`, { text });
  }

  /** Press keys (KEYS values) on the focused element, one after the other. */
  press(...keys) {
    const actions = keys.flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    return this.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
      .then(() => this.send('DELETE', '/actions'));
  }

  /**
   * Size the window so that the page's viewport is `width` CSS pixels wide
   * (window chrome differs between browsers: measured, then corrected).
   */
  async viewport(width, height) {
    let w = width;
    let h = height;
    for (let i = 0; i < 4; i++) {
      await this.send('POST', '/window/rect', { width: w, height: h });
      const inner = await this.evaluate(() => ({ w: document.documentElement.clientWidth, ww: window.innerWidth, h: window.innerHeight }));
      if (inner.ww === width) return inner;
      w += width - inner.ww;
      h += height - inner.h;
    }
    return this.evaluate(() => ({ w: document.documentElement.clientWidth, ww: window.innerWidth, h: window.innerHeight }));
  }
}
