// Static server for the benchmark, on 127.0.0.1, behaving like a real static
// host: gzip or brotli content-encoding for compressible types (the encoded
// bytes are computed once and cached), files already compressed (Pagefind's
// .pf_* and wasm.*.pagefind) sent as they are, and COOP/COEP headers so that
// the page is cross-origin isolated and performance.now() ticks in 5 µs.
//
//   node bench/serve-bench.mjs [--port N]     (default 8090)
//
// Mounts (longest prefix wins):
//   /dist/   → dist/           (Fihris: fihris.js, pkg/)
//   /site/   → bench/work/site/ (per corpus: fihris/, pagefind/, peers/)
//   /lib/    → bench/work/lib/  (peer bundles)
//   /pages/  → bench/pages/     (benchmark pages)

import { createServer } from 'node:http';
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
 * @param {{ port?: number, mounts?: Record<string, string>, encoding?: 'br'|'gzip',
 *   log?: Array<{ t: number, path: string, bytes: number, raw: number, encoding: string }> }} [options]
 *   log: every response is appended (arrival time in ms since the epoch, body bytes as sent).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveBench({ port = 0, mounts, encoding = 'br', log } = {}) {
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

  const server = createServer(async (req, res) => {
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
  });
  const { origin, close } = await listen(server, port);
  return { url: origin, close };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--port');
  const port = at >= 0 ? Number(args[at + 1]) : 8090;
  const { url } = await serveBench({ port });
  console.log(`bench server at ${url}/  (/dist/ /site/ /lib/ /pages/)`);
}
