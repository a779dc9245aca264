// A small static file server for dist/: correct MIME types (application/wasm
// for instantiateStreaming), bound to 127.0.0.1 only.
//
//   node tests/serve.mjs [DIR] [--port N]     (default: dist, port 8080 or $PORT)
//
// Imported by the browser scenarios: serve(dir, 0) picks a free port;
// serve(dir, 0, { headers }) adds or replaces response headers.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** MIME types by extension: `.wasm` must be application/wasm for streaming compilation. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.idx': 'application/octet-stream',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The policy every file is served with: no inline script, no eval (only the
 * compilation of WebAssembly), no inline style, nothing from elsewhere.
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/**
 * Serve `dir` on 127.0.0.1:`port` (0: any free port).
 *
 * @param {string} dir
 * @param {number} port
 * @param {{ headers?: Record<string, string> }} [options] `headers`: sent
 *   with every file, replacing the default ones of the same name (lower
 *   case), e.g. `{ 'content-security-policy': '…' }`. Default none.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve(dir, port = 0, { headers = {} } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url || '/', 'http://127.0.0.1');
      let path = resolve(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) return send(res, 403, 'forbidden');
      let info = await stat(path).catch(() => null);
      if (info && info.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` });
          return res.end();
        }
        path = join(path, 'index.html');
        info = await stat(path).catch(() => null);
      }
      if (!info || !info.isFile()) return send(res, 404, 'not found');
      res.writeHead(200, {
        'content-type': TYPES[extname(path).toLowerCase()] || 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        // The widget and the pages run under a strict policy.
        'content-security-policy': CSP,
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(path).pipe(res);
    } catch {
      send(res, 400, 'bad request');
    }
  });
  const { origin, close } = await listen(server, port);
  return { url: `${origin}/`, close };
}

/**
 * Start `server` on 127.0.0.1:`port` (0: any free port).
 *
 * @param {import('node:http').Server} server
 * @param {number} port
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 */
export function listen(server, port) {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      done({
        origin: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise((closed) => {
            server.closeAllConnections?.();
            server.close(() => closed());
          }),
      });
    });
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
export function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${status} ${text}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portAt = args.indexOf('--port');
  const port = portAt >= 0 ? Number(args.splice(portAt, 2)[1]) : Number(process.env.PORT || 8080);
  const dir = args[0] || 'dist';
  const { url } = await serve(dir, port);
  console.log(`Fihris: serving ${dir}/ at ${url}  (Ctrl+C to stop)`);
}
