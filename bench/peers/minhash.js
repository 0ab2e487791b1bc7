// The document-level peer: npm `minhash` (MinHash + LSH in JavaScript), used as its README shows,
// on the same word 3-gram shingles as newsdedup. Writes the article pairs it reports.
//
//   node bench/peers/minhash.js <folder> <out.json>
// 128 permutations, bands of 4 rows (the package's default), pairs with an estimated Jaccard ≥ 0.3.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { corpusFiles } from '../corpus-files.js';

const require = createRequire(import.meta.url);
const { Minhash, LshIndex } = require('minhash');

const THRESHOLD = 0.3;

const [dir, out] = process.argv.slice(2);
const ids = [];
const hashes = [];
const index = new LshIndex({ bandSize: 4 });
for (const file of corpusFiles(dir)) {
  const words = readFileSync(file, 'utf8').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const shingles = new Set();
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  const m = new Minhash({ numPerm: 128 });
  for (const s of shingles) m.update(s);
  const id = String(ids.length);
  ids.push(path.basename(file, '.txt'));
  hashes.push(m);
  index.insert(id, m);
}
const pairs = [];
for (let i = 0; i < hashes.length; i++) {
  for (const key of index.query(hashes[i])) {
    const j = Number(key);
    if (j <= i) continue;
    const similarity = hashes[i].jaccard(hashes[j]);
    if (similarity >= THRESHOLD) pairs.push({ a: ids[i], b: ids[j], similarity });
  }
}
writeFileSync(out, JSON.stringify({ pairs }));
