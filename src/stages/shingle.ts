import { combine, fmix32 } from '../kernels/hash.js';
import { sortUnique } from '../kernels/sets.js';
import type { Shingles, Tokens, Windows } from '../types.js';

/**
 * Word k-gram shingles of each window as sorted, unique 32-bit hashes. A window shorter than k
 * words is one shingle of all its words.
 */
export function shingle(tokens: Tokens, windows: Windows, size: number): Shingles {
  const offset = new Int32Array(windows.count + 1);
  const parts: Uint32Array[] = [];
  let total = 0;
  for (let w = 0; w < windows.count; w++) {
    const hashes = shingleRange(tokens.hash, windows.first[w], windows.last[w], size);
    parts.push(hashes);
    total += hashes.length;
    offset[w + 1] = total;
  }
  const values = new Uint32Array(total);
  for (let w = 0; w < parts.length; w++) values.set(parts[w], offset[w]);
  return { offset, values };
}

/** Sorted, unique k-gram hashes of `tokenHashes[from..to)`. */
export function shingleRange(tokenHashes: Uint32Array, from: number, to: number, size: number): Uint32Array {
  const length = to - from;
  if (length <= 0) return new Uint32Array(0);
  const count = Math.max(1, length - size + 1);
  const span = Math.min(size, length);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = hashTokens(tokenHashes, from + i, span);
  return out.subarray(0, sortUnique(out));
}

/** Hash of the k-gram `tokenHashes[at .. at + size)`, the same wherever it stands. */
export function hashTokens(tokenHashes: Uint32Array, at: number, size: number): number {
  let h = size;
  for (let j = 0; j < size; j++) h = combine(h, tokenHashes[at + j]);
  return fmix32(h);
}
