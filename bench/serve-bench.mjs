// Static server for the benchmark, on 127.0.0.1, behaving like a real static
// host: gzip or brotli content-encoding for compressible types (the encoded
// bytes are computed once and cached), files already compressed (Pagefind's
// .pf_* and wasm.*.pagefind) sent as they are, and COOP/COEP headers so that
// the page is cross-origin isolated and performance.now() ticks in 5 µs.
// Over HTTP/1.1 by default; with `http2` over HTTP/2 (and TLS, the only way
// browsers speak it), as static hosts serve sites: the requests of a page share
// one connection instead of queueing for Chromium's six per host. The
// certificate is self-signed, made once by openssl in bench/work/tls/; the
// browser is told to accept it (Playwright's ignoreHTTPSErrors).
//
//   node bench/serve-bench.mjs [--port N] [--http2]     (default 8090)
//
// Mounts (longest prefix wins):
//   /dist/   → dist/           (Fihris: fihris.js, pkg/)
//   /site/   → bench/work/site/ (per corpus: fihris/, pagefind/, peers/)
//   /lib/    → bench/work/lib/  (peer bundles)
//   /pages/  → bench/pages/     (benchmark pages)

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPES, listen, send } from '../tests/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Worth compressing on the fly (a static host would): text, wasm, the Fihris index (fihris.idx
 * and, when it is sharded, its .bin shards). The log keeps the raw size next to the bytes sent.
 */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.idx', '.bin', '.svg', '.txt']);

/** @type {Map<string, { mtime: number, body: Buffer }>} */
const cache = new Map();

function encode(path, mtime, raw, encoding) {
  const key = `${encoding}:${path}`;
  const hit = cache.get(key);
  if (hit && hit.mtime === mtime) return hit.body;
  const body =
    encoding === 'br'
      ? brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        })
      : gzipSync(raw, { level: 9 });
  cache.set(key, { mtime, body });
  return body;
}

/**
 * A self-signed certificate for 127.0.0.1, made by openssl on first use and kept in
 * bench/work/tls/ (never committed).
 *
 * @returns {{ key: Buffer, cert: Buffer }}
 */
function certificate() {
  const dir = join(ROOT, 'bench', 'work', 'tls');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(key) || !existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(`cannot make the bench's TLS certificate with openssl (${error.message.split('\n')[0]}): install openssl (./build.sh bench does)`);
    }
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * @param {{ port?: number, mounts?: Record<string, string>, encoding?: 'br'|'gzip', http2?: boolean,
 *   log?: Array<{ t: number, path: string, bytes: number, raw: number, encoding: string }> }} [options]
 *   log: every response is appended (arrival time in ms since the epoch, body bytes as sent).
 *   http2: serve over HTTP/2 with TLS (https:// URL; HTTP/1.1 clients are served too).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveBench({ port = 0, mounts, encoding = 'br', log, http2 = false } = {}) {
  const table = Object.entries(
    mounts || {
      '/dist/': join(ROOT, 'dist'),
      '/site/': join(ROOT, 'bench', 'work', 'site'),
      '/lib/': join(ROOT, 'bench', 'work', 'lib'),
      '/pages/': join(ROOT, 'bench', 'pages'),
    },
  )
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);

  /** @type {import('node:http').RequestListener} */
  const handler = async (req, res) => {
    const t = Date.now();
    try {
      const url = new URL(req.url || '/', 'http://127.0.0.1');
      const pathname = decodeURIComponent(url.pathname);
      const mount = table.find(([prefix]) => pathname.startsWith(prefix));
      if (!mount) return send(res, 404, 'not found');
      const [prefix, root] = mount;
      let path = resolve(join(root, pathname.slice(prefix.length)));
      if (path !== root && !path.startsWith(root + sep)) return send(res, 403, 'forbidden');
      let info = await stat(path).catch(() => null);
      if (info && info.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path).catch(() => null);
      }
      if (!info || !info.isFile()) return send(res, 404, 'not found');
      const ext = extname(path).toLowerCase();
      const headers = {
        'content-type': TYPES[ext] || 'application/octet-stream',
        'cache-control': 'no-cache',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
        vary: 'accept-encoding',
      };
      let body = await readFile(path);
      const raw = body.length;
      const accepts = String(req.headers['accept-encoding'] || '');
      const want = encoding === 'br' && /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      if (want && COMPRESSIBLE.has(ext) && body.length > 256) {
        body = encode(path, info.mtimeMs, body, want);
        headers['content-encoding'] = want;
      }
      headers['content-length'] = body.length;
      log?.push({ t, path: pathname, bytes: body.length, raw, encoding: headers['content-encoding'] || '' });
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      send(res, 500, String(error));
    }
  };
  if (!http2) {
    const { origin, close } = await listen(createServer(handler), port);
    return { url: origin, close };
  }
  const server = createSecureServer({ ...certificate(), allowHTTP1: true }, /** @type {any} */ (handler));
  // An HTTP/2 server closes once its sessions have: end them (and HTTP/1.1 sockets) on close.
  const open = new Set();
  const track = (/** @type {any} */ x) => {
    open.add(x);
    x.once('close', () => open.delete(x));
  };
  server.on('session', track);
  server.on('secureConnection', track);
  const { origin } = await listen(/** @type {any} */ (server), port);
  return {
    url: origin.replace(/^http:/, 'https:'),
    close: () =>
      new Promise((closed) => {
        server.close(() => closed());
        for (const x of open) x.destroy();
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : 8090;
  const { url } = await serveBench({ port, http2: args.includes('--http2') });
  console.log(`bench server at ${url}/  (/dist/ /site/ /lib/ /pages/)`);
}
