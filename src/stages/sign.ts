import { seedStream } from '../kernels/hash.js';
import { onePermutationInto } from '../kernels/minhash.js';
import type { Shingles, Signatures } from '../types.js';

/**
 * MinHash signatures of every window's shingles, `numHashes` values each, in one flat array.
 * One-permutation hashing with densification: one hash per shingle instead of `numHashes`, which
 * made signing the most expensive per-article stage (see bench/RESULTS.md).
 */
export function sign(shingles: Shingles, numHashes: number, seed: number): Signatures {
  const windows = shingles.offset.length - 1;
  const salt = saltsFor(seed, 1)[0];
  const values = new Uint32Array(windows * numHashes);
  for (let w = 0; w < windows; w++) {
    onePermutationInto(shingles.values, shingles.offset[w], shingles.offset[w + 1], salt, numHashes, values, w * numHashes);
  }
  return { numHashes, values };
}

const saltCache = new Map<string, Uint32Array>();

function saltsFor(seed: number, count: number): Uint32Array {
  const key = `${seed}:${count}`;
  let salts = saltCache.get(key);
  if (!salts) {
    salts = seedStream(seed, count);
    saltCache.set(key, salts);
  }
  return salts;
}
