import { BandBuffers, bandColumns, indexBandColumn, indexBands, type BandKeyParts } from './index-bands.js';

/** Every window of the corpus in one numbering: the inputs of banding and verification. */
export interface WindowTable {
  readonly count: number;
  /** Article index and token range of each global window id. */
  readonly article: Int32Array;
  /** Index of the window inside its article. */
  readonly local: Int32Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** `numHashes` values per window, flat; not needed when `bandKeys` are given. */
  readonly signatures: Uint32Array;
  readonly numHashes: number;
  /** Band keys computed beforehand (key-bands), one part per article. Taken by banding:
   *  forEachCandidate sets this to null, so the keys can go once banded while the table is still
   *  used to verify. */
  bandKeys?: BandKeyParts | null;
}

export interface Candidates {
  /** Global window ids, `a[i] < b[i]`, sorted by (a, b), unique. */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  /** Buckets larger than the cap, whose members were chained instead of paired all-to-all. */
  readonly cappedBuckets: number;
}

/** Bands whose keys are gathered per pass over the articles (see bandColumns): 7 columns of 14 MB
 *  each at 100,000 articles, three passes for the default 21 bands. */
const BANDS_PER_PASS = 7;

const PAIR_SHIFT = 2 ** 26;
export const MAX_WINDOWS = PAIR_SHIFT;

/**
 * Window pairs that share at least one LSH band. A bucket of more than `maxBucketSize` windows
 * (boilerplate, or many copies of one text) pairs each member with the next one only: the copies
 * stay connected for clustering at linear cost, and the cap is counted, not hidden.
 * Overlapping windows of one article are never paired.
 */
export function findCandidates(table: WindowTable, bands: number, rows: number, maxBucketSize: number): Candidates {
  const found = new PairBuffer();
  const cappedBuckets = forEachCandidate(table, bands, rows, maxBucketSize, (a, b) => found.push(a * PAIR_SHIFT + b));
  const packed = found.sortedUnique();
  const a = new Uint32Array(packed.length);
  const b = new Uint32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    a[i] = Math.floor(packed[i] / PAIR_SHIFT);
    b[i] = packed[i] - a[i] * PAIR_SHIFT;
  }
  return { a, b, cappedBuckets };
}

/**
 * The pairs findCandidates returns, as they come out of the buckets, band after band: unsorted,
 * and a pair sharing several bands is visited once per band. For a caller whose work per pair does
 * not depend on order or repetition, this saves holding and sorting every pair. Returns the
 * number of capped buckets; `capped`, when given, is shown the windows of each
 * (`windows[from .. to)`, valid during the call only).
 */
export function forEachCandidate(
  table: WindowTable,
  bands: number,
  rows: number,
  maxBucketSize: number,
  visit: (a: number, b: number) => void,
  capped?: (windows: Uint32Array, from: number, to: number) => void,
): number {
  let cappedBuckets = 0;
  const addPair = (x: number, y: number): void => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    if (table.article[a] === table.article[b] && table.first[b] < table.last[a] && table.first[a] < table.last[b]) return;
    visit(a, b);
  };
  const buffers = new BandBuffers(table.count);
  const keyParts = table.bandKeys;
  if (keyParts === null) throw new Error('the band keys of this window table were banded already');
  if (keyParts) table.bandKeys = null;
  const group = Math.min(bands, BANDS_PER_PASS);
  const columns = keyParts ? Array.from({ length: group }, () => new Uint32Array(table.count)) : [];
  const skipped = columns.map((): number[] => []);
  for (let band = 0; band < bands; band++) {
    if (keyParts && band % group === 0) bandColumns(keyParts, band, columns.slice(0, Math.min(group, bands - band)), skipped);
    const index = keyParts
      ? indexBandColumn(columns[band % group], skipped[band % group], table.count, buffers)
      : indexBands(table.signatures, table.numHashes, table.count, band, rows, buffers);
    const { keys, windows } = index;
    let from = 0;
    while (from < keys.length) {
      let to = from + 1;
      while (to < keys.length && keys[to] === keys[from]) to++;
      const size = to - from;
      if (size > maxBucketSize) {
        cappedBuckets++;
        capped?.(windows, from, to);
        for (let i = from + 1; i < to; i++) addPair(windows[i - 1], windows[i]);
      } else {
        for (let i = from; i < to; i++) for (let j = i + 1; j < to; j++) addPair(windows[i], windows[j]);
      }
      from = to;
    }
  }
  return cappedBuckets;
}

/** A growable Float64Array of packed pairs (exact integers below 2^52). */
class PairBuffer {
  private data = new Float64Array(1024);
  private size = 0;
  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }
  sortedUnique(): Float64Array {
    const values = this.data.subarray(0, this.size).sort();
    let n = 0;
    for (let i = 0; i < values.length; i++) if (n === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
    return values.slice(0, n);
  }
}
