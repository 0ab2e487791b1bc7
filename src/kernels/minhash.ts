import { fmix32 } from './hash.js';

/**
 * Writes the MinHash signature of `shingles[from..to)` into `out[at .. at + salts.length)`.
 * Hash function k is `fmix32(x ^ salts[k])`: a seeded bijection per k, so the minimum over a set
 * estimates Jaccard similarity (Broder 1997). An empty set gets all 0xffffffff.
 */
export function minhashInto(
  shingles: Uint32Array,
  from: number,
  to: number,
  salts: Uint32Array,
  out: Uint32Array,
  at: number,
): void {
  const k = salts.length;
  out.fill(0xffffffff, at, at + k);
  for (let i = from; i < to; i++) {
    const x = shingles[i];
    for (let j = 0; j < k; j++) {
      const h = fmix32(x ^ salts[j]);
      if (h < out[at + j]) out[at + j] = h;
    }
  }
}

/** Share of equal positions in two signatures: the estimated Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, k: number): number {
  let same = 0;
  for (let j = 0; j < k; j++) if (a[aAt + j] === b[bAt + j]) same++;
  return same / k;
}
