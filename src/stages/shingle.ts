import { combine, fmix32 } from '../kernels/hash.js';
import { Scratch } from '../kernels/scratch.js';
import { sortUniqueRange } from '../kernels/sets.js';
import type { Shingles, Tokens, Windows } from '../types.js';

/**
 * Word k-gram shingles of each window as sorted, unique 32-bit hashes. A window shorter than k
 * words is one shingle of all its words.
 */
export function shingle(tokens: Tokens, windows: Windows, size: number): Shingles {
  const offset = new Int32Array(windows.count + 1);
  let bound = 0;
  for (let w = 0; w < windows.count; w++) bound += Math.max(1, windows.last[w] - windows.first[w] - size + 1);
  // Every window's shingles go into one scratch array, copied out once: an array per window
  // (36 of about 90 bytes for a 5 KB article, each its own buffer) cost more to allocate and
  // collect than to fill.
  if (scratch.length < bound) scratch = new Uint32Array(Math.max(bound, 2 * scratch.length));
  let total = 0;
  for (let w = 0; w < windows.count; w++) {
    total += shingleRangeInto(tokens.hash, windows.first[w], windows.last[w], size, scratch, total);
    offset[w + 1] = total;
  }
  const values = scratch.slice(0, total);
  if (scratch.length > SCRATCH_LIMIT) scratch = new Uint32Array(0);
  return { offset, values };
}

/** Values: scratch kept beyond this (4 MB) is let go after use. */
const SCRATCH_LIMIT = 1 << 20;

let scratch = new Uint32Array(0);

/** Sorted, unique k-gram hashes of `tokenHashes[from..to)`. */
export function shingleRange(tokenHashes: Uint32Array, from: number, to: number, size: number): Uint32Array {
  const length = to - from;
  if (length <= 0) return new Uint32Array(0);
  const out = new Uint32Array(Math.max(1, length - size + 1));
  return out.subarray(0, shingleRangeInto(tokenHashes, from, to, size, out, 0));
}

/**
 * shingleRange in one of two arrays kept from call to call (`slot` 0 or 1), valid until that slot's
 * next use: for alignment, which measures two ranges at a time and keeps neither (an array for
 * each side of each passage measured was memory V8 counts outside its heap).
 */
export function transientShingleRange(tokenHashes: Uint32Array, from: number, to: number, size: number, slot: 0 | 1): Uint32Array {
  const length = to - from;
  if (length <= 0) return new Uint32Array(0);
  const out = transient.take(slot, Math.max(1, length - size + 1));
  return out.subarray(0, shingleRangeInto(tokenHashes, from, to, size, out, 0));
}

const transient = new Scratch((n) => new Uint32Array(n), 2, SCRATCH_LIMIT);

/** shingleRange written into `out` from `at` (room for max(1, to − from − size + 1) values); returns how many. */
function shingleRangeInto(tokenHashes: Uint32Array, from: number, to: number, size: number, out: Uint32Array, at: number): number {
  const length = to - from;
  if (length <= 0) return 0;
  const count = Math.max(1, length - size + 1);
  const span = Math.min(size, length);
  for (let i = 0; i < count; i++) out[at + i] = hashTokens(tokenHashes, from + i, span);
  return sortUniqueRange(out, at, at + count);
}

/** Hash of the k-gram `tokenHashes[at .. at + size)`, the same wherever it stands. */
export function hashTokens(tokenHashes: Uint32Array, at: number, size: number): number {
  let h = size;
  for (let j = 0; j < size; j++) h = combine(h, tokenHashes[at + j]);
  return fmix32(h);
}
