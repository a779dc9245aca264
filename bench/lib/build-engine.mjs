// One build of one JS engine, in a process of its own so that its peak memory can be read
// (bench/build.mjs runs it under /usr/bin/time).
//
//   node bench/lib/build-engine.mjs <engine|none> <docs.jsonl> [<out.json>]
//
// Prints {"build_ms": …}: the time of engine.build(docs), i.e. indexing plus serializing to the
// engine's export format; reading docs.jsonl and writing the file are outside it. `none` only
// reads the documents: the baseline memory of a Node process holding the corpus.
import fs from 'node:fs';
import { engines } from '../engines/index.mjs';

const [engineName, docsFile, outFile] = process.argv.slice(2);
const docs = fs
  .readFileSync(docsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
if (engineName === 'none') {
  process.stdout.write(`${JSON.stringify({ build_ms: 0, docs: docs.length })}\n`);
} else {
  const engine = engines[engineName];
  if (!engine) throw new Error(`unknown engine ${engineName}`);
  const t0 = performance.now();
  const serialized = engine.build(docs);
  const ms = performance.now() - t0;
  if (outFile) fs.writeFileSync(outFile, serialized);
  process.stdout.write(`${JSON.stringify({ build_ms: ms, docs: docs.length })}\n`);
}
