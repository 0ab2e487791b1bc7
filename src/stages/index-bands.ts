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
 * them, valid until the next band is indexed with the same buffers.
 */
export class BandBuffers {
  readonly keys: Uint32Array;
  readonly ids: Uint32Array;
  readonly spareKeys: Uint32Array;
  readonly spareIds: Uint32Array;
  /** Two bits a position, interleaved: keys seen once and more than once (see sharedKeys), made
   *  when first needed. */
  marks: Int32Array | null = null;
  constructor(windowCount: number) {
    this.keys = new Uint32Array(windowCount);
    this.ids = new Uint32Array(windowCount);
    this.spareKeys = new Uint32Array(windowCount);
    this.spareIds = new Uint32Array(windowCount);
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
 * `sharedOnly`, windows whose key no other window has may be left out (most are): a caller that
 * only pairs windows of one bucket gets the same buckets of two or more, and sorts about a fifth of
 * the windows instead of all (at 100,000 articles, 12 % of a band's 3.6 million windows share a
 * key): banding alone 5.0–5.8 → 3.9–4.5 s there.
 */
export function indexBandColumn(
  column: Uint32Array,
  skipped: readonly number[],
  windowCount: number,
  buffers = new BandBuffers(windowCount),
  sharedOnly = false,
): BandIndex {
  const { keys, ids } = buffers;
  // Without the bitmap (few windows, or all asked for), every window not skipped is kept.
  const shared = sharedOnly && windowCount >= SMALL ? sharedKeys(column, skipped, windowCount, buffers) : null;
  const marks = shared?.marks;
  const shift = shared?.shift ?? 0;
  let n = 0;
  let s = 0;
  for (let w = 0; w < windowCount; w++) {
    if (s < skipped.length && skipped[s] === w) {
      s++;
      continue;
    }
    const key = column[w];
    if (marks !== undefined) {
      const bit = Math.imul(key, FIBONACCI) >>> shift;
      if ((marks[bit >>> 4] & (2 << (2 * (bit & 15)))) === 0) continue;
    }
    keys[n] = key;
    ids[n] = w;
    n++;
  }
  return sortedIndex(buffers, n);
}

/**
 * Which keys of the column (skipped windows aside) come more than once, as a bitmap over the top
 * bits of the key times a Fibonacci constant (`>>> shift`): a key seen twice has its bit set, and a
 * key seen once has it set only when another key falls on the same bit (about one in eight to
 * sixteen, the bitmap having 8 to 16 bits a window). Position `p` has two bits side by side in
 * `marks[p >>> 4]`, seen (the lower) and seen again (the higher), so that each key reaches one
 * place in memory, not one in each of two bitmaps (a cache miss each at 3.6 million windows).
 */
function sharedKeys(column: Uint32Array, skipped: readonly number[], windowCount: number, buffers: BandBuffers): { marks: Int32Array; shift: number } {
  let bits = 1 << 16;
  let shift = 16;
  while (bits < 8 * windowCount && bits < MAX_BITMAP_BITS) {
    bits *= 2;
    shift--;
  }
  if (buffers.marks === null || buffers.marks.length !== bits >>> 4) buffers.marks = new Int32Array(bits >>> 4);
  const marks = buffers.marks;
  marks.fill(0);
  let s = 0;
  for (let w = 0; w < windowCount; w++) {
    if (s < skipped.length && skipped[s] === w) {
      s++;
      continue;
    }
    const bit = Math.imul(column[w], FIBONACCI) >>> shift;
    const word = bit >>> 4;
    // Seen: the lower bit; seen before: the higher one too (1 << 1 more).
    const once = 1 << (2 * (bit & 15));
    const mark = marks[word];
    marks[word] = mark | ((mark & once) === 0 ? once : once << 1);
  }
  return { marks, shift };
}

/** 2^32 / φ: multiplying by it spreads keys that differ in any bits over the top bits. */
const FIBONACCI = 0x9e3779b9;

/** Bits of sharedKeys' bitmaps at most (8 MB each): beyond 8 million windows, more false keys kept. */
const MAX_BITMAP_BITS = 1 << 26;

/** The first `n` keys and ids of the buffers, sorted by key (then id, as they were filled in id order). */
function sortedIndex(buffers: BandBuffers, n: number): BandIndex {
  const { keys, ids } = buffers;
  if (n >= SMALL) {
    const sorted = { keys: keys.subarray(0, n), windows: ids.subarray(0, n) };
    sortPairsInPlace(sorted.keys, sorted.windows, buffers.spareKeys, buffers.spareIds);
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
