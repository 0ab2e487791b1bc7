import { combine, fmix32 } from '../kernels/hash.js';
import { radixSortPairs } from '../kernels/radix.js';

/** One LSH band over every window: windows sorted by band key, so a bucket is a run of equal keys. */
export interface BandIndex {
  readonly keys: Uint32Array;
  /** Global window ids, in key order (ascending id inside a bucket). */
  readonly windows: Uint32Array;
}

/**
 * Hashes rows `[band * rows, (band + 1) * rows)` of each signature into one 32-bit band key.
 * The band index is part of the key, so equal rows in different bands never collide.
 * Windows with an empty signature (no shingles) are left out.
 */
export function indexBands(
  signatures: Uint32Array,
  numHashes: number,
  windowCount: number,
  band: number,
  rows: number,
): BandIndex {
  const keys = new Uint32Array(windowCount);
  const ids = new Uint32Array(windowCount);
  let n = 0;
  for (let w = 0; w < windowCount; w++) {
    const at = w * numHashes + band * rows;
    if (signatures[at] === 0xffffffff) continue;
    keys[n] = bandKey(signatures, at, band, rows);
    ids[n] = w;
    n++;
  }
  return sortedIndex(keys, ids, n);
}

/**
 * indexBands over keys computed beforehand (see key-bands): `keys[w * bands + band]` for every
 * window `w`, the positions in `skipped` (ascending) left out.
 */
export function indexBandKeys(keys: Uint32Array, skipped: Uint32Array, bands: number, windowCount: number, band: number): BandIndex {
  const out = new Uint32Array(windowCount);
  const ids = new Uint32Array(windowCount);
  let n = 0;
  let s = 0;
  for (let w = 0; w < windowCount; w++) {
    const at = w * bands + band;
    while (s < skipped.length && skipped[s] < at) s++;
    if (s < skipped.length && skipped[s] === at) continue;
    out[n] = keys[at];
    ids[n] = w;
    n++;
  }
  return sortedIndex(out, ids, n);
}

function sortedIndex(keys: Uint32Array, ids: Uint32Array, n: number): BandIndex {
  if (n >= SMALL) {
    const sorted = radixSortPairs(keys.subarray(0, n), ids.subarray(0, n));
    return { keys: sorted.keys, windows: sorted.payload };
  }
  // Few windows (an index check, a compare): a radix sort's two 65,536-bucket passes would cost
  // more than sorting the positions by (key, id), which orders a bucket the same way.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => keys[x] - keys[y] || ids[x] - ids[y]);
  const outKeys = new Uint32Array(n);
  const outIds = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    outKeys[i] = keys[order[i]];
    outIds[i] = ids[order[i]];
  }
  return { keys: outKeys, windows: outIds };
}

/** Below this many windows a comparison sort beats the radix sort. */
const SMALL = 4096;

/** The band key of the `rows` signature values from `at` (the persistent index stores these too). */
export function bandKey(signatures: Uint32Array, at: number, band: number, rows: number): number {
  let h = combine(0x9747b28c, band);
  for (let r = 0; r < rows; r++) h = combine(h, signatures[at + r]);
  return fmix32(h);
}
