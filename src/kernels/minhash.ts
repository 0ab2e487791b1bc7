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

/**
 * One-permutation MinHash with optimal densification (Li, Owen & Zhang 2012, "One Permutation
 * Hashing"; Shrivastava 2017, "Optimal Densification for Fast and Accurate Minwise Hashing",
 * ICML): each shingle is hashed once, `fmix32(x ^ salt)`, and falls into one of k equal ranges of
 * the hash (bins); a bin keeps its smallest hash. An empty bin borrows the value of the first
 * non-empty bin on its own seeded probe sequence, so two sets agree in a bin with probability equal
 * to their Jaccard similarity, as with k independent permutations, at 1/k of the hashing cost.
 * An empty set gets all 0xffffffff.
 */
export function onePermutationInto(
  shingles: Uint32Array,
  from: number,
  to: number,
  salt: number,
  k: number,
  out: Uint32Array,
  at: number,
): void {
  out.fill(0xffffffff, at, at + k);
  if (to <= from) return;
  const filled = scratch(k);
  filled.fill(0, 0, k);
  let count = 0;
  // Bin = the hash's range among k equal ranges: its top bits when k is a power of two (the
  // default 64), else h * k / 2^32, exact in a double (h * k < 2^43); the same bin either way.
  const shift = (k & (k - 1)) === 0 ? 32 - Math.log2(k) : -1;
  for (let i = from; i < to; i++) {
    const h = fmix32(shingles[i] ^ salt);
    const bin = shift >= 0 ? (shift === 32 ? 0 : h >>> shift) : Math.floor((h * k) / 4294967296);
    if (filled[bin] === 0) {
      filled[bin] = 1;
      count++;
      out[at + bin] = h;
    } else if (h < out[at + bin]) out[at + bin] = h;
  }
  if (count === k) return;
  const probes = probeTable(salt, k);
  for (let bin = 0; bin < k; bin++) {
    if (filled[bin] === 1) continue;
    let donor = -1;
    for (let a = bin * PROBES, end = a + PROBES; a < end; a++) {
      if (filled[probes[a]] === 1) {
        donor = probes[a];
        break;
      }
    }
    for (let attempt = PROBES + 1; donor < 0; attempt++) {
      const next = probe(salt, k, bin, attempt);
      if (filled[next] === 1) donor = next;
    }
    out[at + bin] = out[at + donor];
  }
}

/** The bin that empty bin `bin` looks at on its `attempt`-th try: fixed by the seed, not the set. */
function probe(salt: number, k: number, bin: number, attempt: number): number {
  return Math.floor((fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ salt) * k) / 4294967296);
}

/** The first probes of every bin, computed once per salt and k (most empty bins stop within a few). */
const PROBES = 32;
let probeSalt = -1;
let probeK = -1;
let probeCache = new Uint16Array(0);

function probeTable(salt: number, k: number): Uint16Array {
  // Compared as numbers: this runs once per window, and a string key was made each time.
  if (salt !== probeSalt || k !== probeK) {
    probeCache = new Uint16Array(k * PROBES);
    for (let bin = 0; bin < k; bin++) for (let a = 1; a <= PROBES; a++) probeCache[bin * PROBES + a - 1] = probe(salt, k, bin, a);
    probeSalt = salt;
    probeK = k;
  }
  return probeCache;
}

let filledScratch = new Uint8Array(64);

function scratch(k: number): Uint8Array {
  if (filledScratch.length < k) filledScratch = new Uint8Array(k);
  return filledScratch;
}
