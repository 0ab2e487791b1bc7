import { combine, fmix32 } from '../kernels/hash.js';
import { sortPairsInPlace } from '../kernels/radix.js';
import type { BandKeys } from '../types.js';

/** One LSH band over every window: windows sorted by band key, so a bucket is a run of equal keys. */
export interface BandIndex {
  readonly keys: Uint32Array;
  /** Global window ids, in key order (ascending id inside a bucket). */
  readonly windows: Uint32Array;
}

/**
 * The arrays a banding fills and sorts, made once for all its bands: a band's index is a view into
 * them, valid until the next band is indexed with the same buffers. The spares a sort writes
 * through are made when first needed, as long as that sort needs: a few thousand windows for
 * sharedBuckets, whose partitions are sorted one at a time (at 100,000 articles 29 MB less, beside
 * the quote join's thread), every window for the others.
 */
export class BandBuffers {
  readonly keys: Uint32Array;
  readonly ids: Uint32Array;
  private spareKeys = new Uint32Array(0);
  private spareIds = new Uint32Array(0);
  constructor(windowCount: number) {
    this.keys = new Uint32Array(windowCount);
    this.ids = new Uint32Array(windowCount);
  }
  /** Two arrays of at least `n` values, overwritten by each sort. */
  spares(n: number): { keys: Uint32Array; ids: Uint32Array } {
    if (this.spareKeys.length < n) {
      const length = Math.min(this.keys.length, Math.max(n, 2 * this.spareKeys.length));
      this.spareKeys = new Uint32Array(length);
      this.spareIds = new Uint32Array(length);
    }
    return { keys: this.spareKeys, ids: this.spareIds };
  }
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
  buffers = new BandBuffers(windowCount),
): BandIndex {
  const { keys, ids } = buffers;
  let n = 0;
  for (let w = 0; w < windowCount; w++) {
    const at = w * numHashes + band * rows;
    if (signatures[at] === 0xffffffff) continue;
    keys[n] = bandKey(signatures, at, band, rows);
    ids[n] = w;
    n++;
  }
  return sortedIndex(buffers, n);
}

/**
 * Band keys computed beforehand (see key-bands), one part per article: `parts` follow each other in
 * window order, part `i` has `windows[i]` windows.
 */
export interface BandKeyParts {
  readonly parts: readonly BandKeys[];
  readonly windows: ArrayLike<number>;
}

/**
 * The keys of bands `[band, band + columns.length)` of every window, one column per band in window
 * order, and the windows each band skips (ascending, in `skipped`). Several bands are gathered per
 * pass over the articles, as a band's keys of an article are one short run: a pass per band spent
 * its time reaching each article's keys, a pass for all bands would need a copy of all the keys.
 */
export function bandColumns(keys: BandKeyParts, band: number, columns: readonly Uint32Array[], skipped: number[][]): void {
  const { sources, source, base, skippedByBand } = layoutOf(keys);
  const windows = keys.windows;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    let g = 0;
    for (let i = 0; i < windows.length; i++) {
      const count = windows[i];
      const from = base[i] + (band + c) * count;
      const own = sources[source[i]];
      for (let w = 0; w < count; w++) column[g + w] = own[from + w];
      g += count;
    }
    const list = skipped[c];
    list.length = 0;
    for (const at of skippedByBand[band + c] ?? []) list.push(at);
  }
}

/**
 * Where each article's keys are, as numbers: the distinct buffers they are views of (a worker
 * thread hands a batch's keys back in one), and for each article its buffer and offset there; and
 * the skipped windows of each band, in global ids. Gathering a band's column then reads no
 * per-article object: going through 100,000 articles' objects for each of 21 bands (three
 * dependent reads each, most of them cache misses) was a third of banding.
 */
interface KeyLayout {
  readonly sources: readonly Uint32Array[];
  readonly source: Int32Array;
  readonly base: Int32Array;
  readonly skippedByBand: readonly number[][];
}

const layouts = new WeakMap<BandKeyParts, KeyLayout>();

function layoutOf(keys: BandKeyParts): KeyLayout {
  let layout = layouts.get(keys);
  if (layout) return layout;
  const { parts, windows } = keys;
  const sources: Uint32Array[] = [];
  const numbered = new Map<ArrayBufferLike, number>();
  const source = new Int32Array(parts.length);
  const base = new Int32Array(parts.length);
  const skippedByBand: number[][] = [];
  let g = 0;
  for (let i = 0; i < parts.length; i++) {
    const { keys: own, skipped: left } = parts[i];
    let n = numbered.get(own.buffer);
    if (n === undefined) {
      const whole = own.byteOffset === 0 && own.byteLength === own.buffer.byteLength ? own : new Uint32Array(own.buffer, 0, own.buffer.byteLength >>> 2);
      numbered.set(own.buffer, (n = sources.push(whole) - 1));
    }
    source[i] = n;
    base[i] = own.byteOffset >>> 2;
    const count = windows[i];
    for (const at of left) (skippedByBand[Math.floor(at / count)] ??= []).push(g + (at % count));
    g += count;
  }
  layout = { sources, source, base, skippedByBand };
  layouts.set(keys, layout);
  return layout;
}

/**
 * indexBands over one band's column of keys computed beforehand (see bandColumns). With
 * `sharedOnly`, only the windows whose key another window has are kept (at 100,000 articles, 12 %
 * of a band's 3.6 million windows): a caller that only pairs windows of one bucket gets the same
 * buckets of two or more (see sharedBuckets).
 */
export function indexBandColumn(
  column: Uint32Array,
  skipped: readonly number[],
  windowCount: number,
  buffers = new BandBuffers(windowCount),
  sharedOnly = false,
): BandIndex {
  if (sharedOnly && windowCount >= SMALL) return sharedBuckets(column, skipped, windowCount, buffers);
  const { keys, ids } = buffers;
  let n = 0;
  let s = 0;
  for (let w = 0; w < windowCount; w++) {
    if (s < skipped.length && skipped[s] === w) {
      s++;
      continue;
    }
    keys[n] = column[w];
    ids[n] = w;
    n++;
  }
  return sortedIndex(buffers, n);
}

/**
 * The windows of the column (skipped ones aside) whose key another window has, sorted by key and
 * then window: every bucket of two or more, as indexBandColumn sorts them, and nothing else.
 * The windows are first spread by their key's top PARTITION_BITS bits, in one pass that writes
 * each partition's windows after the one before's (256 places written in turn, in window order);
 * then in each partition, a few thousand windows that stay in the processor's caches, those whose
 * key may come twice are kept (keepRepeated), sorted, and their buckets moved to the front of the
 * buffers. One bitmap for the whole column (16 MB, read and written at random) kept about 1.7 times
 * as many windows and took a little longer on the 100k benchmark corpus's columns (bench/RESULTS.md,
 * thirteenth round).
 */
function sharedBuckets(column: Uint32Array, skipped: readonly number[], windowCount: number, buffers: BandBuffers): BandIndex {
  const { keys, ids } = buffers;
  const starts = new Int32Array(PARTITIONS + 1);
  let s = 0;
  for (let w = 0; w < windowCount; w++) {
    if (s < skipped.length && skipped[s] === w) {
      s++;
      continue;
    }
    starts[(column[w] >>> PARTITION_SHIFT) + 1]++;
  }
  for (let p = 1; p <= PARTITIONS; p++) starts[p] += starts[p - 1];
  const next = starts.slice(0, PARTITIONS);
  s = 0;
  for (let w = 0; w < windowCount; w++) {
    if (s < skipped.length && skipped[s] === w) {
      s++;
      continue;
    }
    const key = column[w];
    const at = next[key >>> PARTITION_SHIFT]++;
    keys[at] = key;
    ids[at] = w;
  }
  let n = 0;
  for (let p = 0; p < PARTITIONS; p++) {
    const from = starts[p];
    const kept = keepRepeated(keys, ids, from, starts[p + 1]);
    const to = from + kept;
    if (kept < 2) continue;
    sortPartition(keys, ids, buffers, from, to);
    // Buckets of two or more move down to `n`, which never passes where they are read.
    for (let i = from; i < to; ) {
      let j = i + 1;
      while (j < to && keys[j] === keys[i]) j++;
      if (j - i > 1) {
        for (let k = i; k < j; k++) {
          keys[n] = keys[k];
          ids[n] = ids[k];
          n++;
        }
      }
      i = j;
    }
  }
  return { keys: keys.subarray(0, n), windows: ids.subarray(0, n) };
}

/**
 * Moves to the front of `keys[from, to)` (with `ids`, in their order) the windows whose key may
 * come twice there, and returns how many: those whose next MARK_BITS bits after the partition's
 * (a bitmap of 2^16 places, two bits each, 16 KB in the first-level cache) another window has too.
 * Every key that comes twice is kept, and about one in six of the others; sorting then finds which.
 */
function keepRepeated(keys: Uint32Array, ids: Uint32Array, from: number, to: number): number {
  // A small partition is sorted whole: clearing the bitmap would cost more than what it leaves out.
  if (to - from < KEEP_ALL_BELOW) return to - from;
  seen.fill(0);
  for (let i = from; i < to; i++) {
    const bit = (keys[i] >>> MARK_SHIFT) & MARK_MASK;
    const word = bit >>> 4;
    const once = 1 << (2 * (bit & 15));
    const mark = seen[word];
    seen[word] = mark | ((mark & once) === 0 ? once : once << 1);
  }
  let n = from;
  for (let i = from; i < to; i++) {
    const bit = (keys[i] >>> MARK_SHIFT) & MARK_MASK;
    if ((seen[bit >>> 4] & (2 << (2 * (bit & 15)))) === 0) continue;
    keys[n] = keys[i];
    ids[n] = ids[i];
    n++;
  }
  return n - from;
}

/** Top bits of a key that choose its partition in sharedBuckets. */
const PARTITION_BITS = 8;
const PARTITIONS = 1 << PARTITION_BITS;
const PARTITION_SHIFT = 32 - PARTITION_BITS;

/** Bits of a key after the partition's that keepRepeated marks. */
const MARK_BITS = 16;
const MARK_MASK = (1 << MARK_BITS) - 1;
const MARK_SHIFT = PARTITION_SHIFT - MARK_BITS;
const seen = new Int32Array((1 << MARK_BITS) >>> 4);
const KEEP_ALL_BELOW = 256;

/** The rest of a key (24 bits) is sorted in two passes of this many bits: 4,096 counters, in the cache. */
const DIGIT_BITS = 12;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
const digitCounts = new Int32Array(DIGIT_MASK + 2);

/** A partition smaller than this is sorted as packed numbers: clearing and summing the counters
 *  twice would cost more than sorting it. */
const PACKED_BELOW = 2048;
const packedScratch = new Float64Array(PACKED_BELOW);

const packedIds = new Uint32Array(PACKED_BELOW);

/**
 * Sorts `keys[from, to)`, which share their top PARTITION_BITS bits, with `ids` alongside, by key
 * and then id (the ids ascend on entry): a stable radix sort of the low 24 bits through the
 * spares, or for a small partition key and position packed in one exact double (low 24 bits ×
 * PACKED_BELOW + position < 2^35) sorted without a comparator; positions ascend with the ids.
 */
function sortPartition(keys: Uint32Array, ids: Uint32Array, buffers: BandBuffers, from: number, to: number): void {
  const n = to - from;
  if (n < PACKED_BELOW) {
    const packed = packedScratch.subarray(0, n);
    for (let i = 0; i < n; i++) {
      packed[i] = (keys[from + i] & 0xffffff) * PACKED_BELOW + i;
      packedIds[i] = ids[from + i];
    }
    packed.sort();
    const high = keys[from] & ~0xffffff;
    for (let i = 0; i < n; i++) {
      const at = packed[i] % PACKED_BELOW;
      ids[from + i] = packedIds[at];
      keys[from + i] = (high | ((packed[i] - at) / PACKED_BELOW)) >>> 0;
    }
    return;
  }
  // The first pass writes the partition to the start of the spares, the second back in place.
  const spare = buffers.spares(n);
  for (let pass = 0; pass < 2; pass++) {
    const shift = pass * DIGIT_BITS;
    const inKeys = pass === 0 ? keys : spare.keys;
    const inIds = pass === 0 ? ids : spare.ids;
    const outKeys = pass === 0 ? spare.keys : keys;
    const outIds = pass === 0 ? spare.ids : ids;
    const inBase = pass === 0 ? from : 0;
    const outBase = pass === 0 ? 0 : from;
    digitCounts.fill(0);
    for (let i = inBase; i < inBase + n; i++) digitCounts[((inKeys[i] >>> shift) & DIGIT_MASK) + 1]++;
    for (let d = 1; d <= DIGIT_MASK + 1; d++) digitCounts[d] += digitCounts[d - 1];
    for (let i = inBase; i < inBase + n; i++) {
      const at = outBase + digitCounts[(inKeys[i] >>> shift) & DIGIT_MASK]++;
      outKeys[at] = inKeys[i];
      outIds[at] = inIds[i];
    }
  }
}

/** The first `n` keys and ids of the buffers, sorted by key (then id, as they were filled in id order). */
function sortedIndex(buffers: BandBuffers, n: number): BandIndex {
  const { keys, ids } = buffers;
  if (n >= SMALL) {
    const sorted = { keys: keys.subarray(0, n), windows: ids.subarray(0, n) };
    const spare = buffers.spares(n);
    sortPairsInPlace(sorted.keys, sorted.windows, spare.keys, spare.ids);
    return sorted;
  }
  // Few windows (an index check, a compare): a radix sort's passes over its counters would cost
  // more than sorting (key, position) packed in one exact double (key × 1024 + position < 2^42)
  // without a comparator. Ids ascend with the position, so a bucket comes out in id order.
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = keys[i] * SMALL + i;
  packed.sort();
  const outKeys = new Uint32Array(n);
  const outIds = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const at = packed[i] % SMALL;
    outKeys[i] = (packed[i] - at) / SMALL;
    outIds[i] = ids[at];
  }
  return { keys: outKeys, windows: outIds };
}

/** Below this many windows a typed-array sort beats the radix sort. */
const SMALL = 1024;

/** The band key of the `rows` signature values from `at` (the persistent index stores these too). */
export function bandKey(signatures: Uint32Array, at: number, band: number, rows: number): number {
  let h = combine(0x9747b28c, band);
  for (let r = 0; r < rows; r++) h = combine(h, signatures[at + r]);
  return fmix32(h);
}
