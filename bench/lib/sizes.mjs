// Bytes a site ships: raw, gzip -9 and brotli quality 11, per file and summed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function fileSizes(file) {
  const buf = fs.readFileSync(file);
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/**
 * Sum over files: { files, bytes_raw, bytes_gzip, bytes_brotli }. With maxCompress, when the raw
 * total is larger, only bytes_raw is summed (gzip and brotli null, compressed_skipped says why).
 */
export function sumSizes(files, { maxCompress = Infinity } = {}) {
  const out = { files: files.length, bytes_raw: 0, bytes_gzip: 0, bytes_brotli: 0 };
  let raw = 0;
  for (const f of files) raw += fs.statSync(f).size;
  if (raw > maxCompress) {
    return {
      files: files.length,
      bytes_raw: raw,
      bytes_gzip: null,
      bytes_brotli: null,
      compressed_skipped: `${(raw / 2 ** 20).toFixed(0)} MiB raw: above ${(maxCompress / 2 ** 20).toFixed(0)} MiB, compressed sizes are not computed`,
    };
  }
  for (const f of files) {
    const s = fileSizes(f);
    out.bytes_raw += s.raw;
    out.bytes_gzip += s.gzip;
    out.bytes_brotli += s.brotli;
  }
  return out;
}

/** Every file under dir, recursively, sorted (iterative: a folder may hold 100,000s of shards). */
export function walk(dir) {
  const out = [];
  const todo = [dir];
  while (todo.length) {
    const d = todo.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) todo.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}
