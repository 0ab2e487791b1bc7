import { includesSorted } from '../kernels/sets.js';
import { BandBuffers, bandColumns, bandKey, indexBandColumn, indexBands, type BandKeyParts } from './index-bands.js';

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
  /** Band keys computed beforehand (key-bands), one part per article, or made a band at a time by
   *  a BandColumnSource. Taken by banding: forEachCandidate sets this to null, so the keys can go
   *  once banded while the table is still used to verify. */
  bandKeys?: BandKeyParts | BandColumnSource | null;
}

/** Writes band `band`'s key of every window into `keys` (in window order) and lists in `skipped`
 *  (emptied first, ascending) the windows banding leaves out. */
export type BandColumnSource = (band: number, keys: Uint32Array, skipped: number[]) => void;

export interface Candidates {
  /** Global window ids, `a[i] < b[i]`, sorted by (a, b), unique. */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  /** Buckets larger than the cap, whose members were chained instead of paired all-to-all. */
  readonly cappedBuckets: number;
}

/**
 * Buckets with more windows than this are split by a second band's key (see forEachCandidate).
 * A band key shared by many windows is most often a few common phrases that happen to hash
 * lowest (on the benchmark corpus, buckets of 50–200 windows made most of the candidates, and
 * their number grew with the square of the corpus: 0.11 million pairs at 10,000 articles, 0.34 at
 * 20,000, 6.8 at 100,000); windows copied from one another agree on the second band as well.
 */
const SPLIT_ABOVE = 32;

/** A bucket is split by the key of a partner band in its group of 7 consecutive bands: the next
 *  one, or the one before for the group's last (groups of 7 as when 7 bands' columns were gathered
 *  at once; the candidates depend on the pairing). */
const BAND_GROUP = 7;

/** Columns of band keys held at once: a band's, its partner's and one more (see forEachCandidate). */
const HELD_COLUMNS = 3;

const PAIR_SHIFT = 2 ** 26;
export const MAX_WINDOWS = PAIR_SHIFT;

/**
 * Window pairs that share at least one LSH band. A bucket of more than `maxBucketSize` windows
 * (boilerplate, or many copies of one text) pairs each member with the next one only: the copies
 * stay connected for clustering at linear cost, and the cap is counted, not hidden.
 * Overlapping windows of one article are never paired.
 */
export function findCandidates(table: WindowTable, bands: number, rows: number, maxBucketSize: number): Candidates {
  const found = new PairSet();
  const cappedBuckets = forEachCandidate(table, bands, rows, maxBucketSize, (a, b) => found.push(a, b), undefined, SPLIT_ABOVE);
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
  /** A bucket with more windows than this is split by the key of a second band (the next band
   *  of the pass, or the one before for the pass's last): windows are paired only with those that
   *  share both keys. A pair of similar windows shares most bands, a pair that met on a common
   *  phrase rarely two. Default: no split. */
  splitAbove = Infinity,
): number {
  const pair = (x: number, y: number): void => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    if (pairable(table, a, b)) visit(a, b);
  };
  const bucket = (members: Uint32Array, from: number, to: number): void => {
    for (let i = from; i < to; i++) for (let j = i + 1; j < to; j++) pair(members[i], members[j]);
  };
  return forEachBucket(table, bands, rows, maxBucketSize, { bucket, pair }, capped, splitAbove);
}

/** What forEachBucket shows a caller: the candidates in buckets, and the pairs of capped ones. */
export interface BucketVisitor {
  /** A bucket of at most maxBucketSize windows, `members[from .. to)` (valid during the call
   *  only): every two of them that are `pairable` are candidates. */
  bucket(members: Uint32Array, from: number, to: number): void;
  /** Two windows of a capped bucket, neighbours in it; not yet checked with `pairable`. */
  pair(x: number, y: number): void;
}

/** Whether windows `a < b` may pair: overlapping windows of one article never do. */
export function pairable(table: WindowTable, a: number, b: number): boolean {
  return !(table.article[a] === table.article[b] && table.first[b] < table.last[a] && table.first[a] < table.last[b]);
}

/**
 * forEachCandidate by bucket: a caller that can verify a bucket's pairs together (see joinQuotes)
 * is given each bucket whole instead of one call per pair.
 */
export function forEachBucket(
  table: WindowTable,
  bands: number,
  rows: number,
  maxBucketSize: number,
  visitor: BucketVisitor,
  capped?: (windows: Uint32Array, from: number, to: number) => void,
  splitAbove = Infinity,
): number {
  let cappedBuckets = 0;
  const buffers = new BandBuffers(table.count);
  const keyParts = table.bandKeys;
  if (keyParts === null) throw new Error('the band keys of this window table were banded already');
  if (keyParts) table.bandKeys = null;
  const group = Math.min(bands, BAND_GROUP);
  // Each band's column of keys is gathered once, into one of three arrays: a band needs its own
  // and its partner's, which is the next band's own (or the one before). Seven gathered at once
  // held 100 MB at 100,000 articles, at the scan's peak of memory.
  const columns = new ColumnCache(keyParts ?? null, table.count);
  for (let band = 0; band < bands; band++) {
    // The second band is one of this group's: the next, or for the group's last the one before.
    const groupStart = band - (band % group);
    const groupEnd = Math.min(groupStart + group, bands);
    const partner = groupEnd - groupStart < 2 ? -1 : band + 1 < groupEnd ? band + 1 : band - 1;
    const own = keyParts ? columns.take(band, partner) : null;
    const index = own
      ? indexBandColumn(own.keys, own.skipped, table.count, buffers, true)
      : indexBands(table.signatures, table.numHashes, table.count, band, rows, buffers);
    const { keys, windows } = index;
    const other = keyParts && partner >= 0 ? columns.take(partner, band) : null;
    const partnerColumn = other ? other.keys : null;
    const partnerSkipped = other ? other.skipped : null;
    const partnerKey = (w: number): number => (partnerColumn ? partnerColumn[w] : bandKey(table.signatures, w * table.numHashes + partner * rows, partner, rows));
    const lacksPartner = (w: number): boolean => (partnerSkipped ? includesSorted(partnerSkipped, w) : table.signatures[w * table.numHashes + partner * rows] === 0xffffffff);
    const pairUp = (members: Uint32Array, from: number, to: number): void => {
      if (to - from > maxBucketSize) {
        cappedBuckets++;
        capped?.(members, from, to);
        for (let i = from + 1; i < to; i++) visitor.pair(members[i - 1], members[i]);
      } else {
        visitor.bucket(members, from, to);
      }
    };
    let from = 0;
    while (from < keys.length) {
      let to = from + 1;
      while (to < keys.length && keys[to] === keys[from]) to++;
      if (to - from > splitAbove && partner >= 0) forEachSubBucket(windows, from, to, partnerKey, lacksPartner, pairUp);
      else pairUp(windows, from, to);
      from = to;
    }
  }
  return cappedBuckets;
}

/** Band key columns gathered from the articles' keys (see bandColumns), at most HELD_COLUMNS at once. */
class ColumnCache {
  private readonly held: { band: number; keys: Uint32Array; skipped: number[] }[] = [];

  constructor(
    private readonly parts: BandKeyParts | BandColumnSource | null,
    private readonly count: number,
  ) {}

  /** Band `band`'s column; `keep`'s column, if held, is not reused for it. */
  take(band: number, keep: number): { keys: Uint32Array; skipped: number[] } {
    const found = this.held.find((c) => c.band === band);
    if (found) return found;
    // Bands are taken in ascending order (and a partner one above or below): the lowest other
    // than `keep` is done with.
    let slot = this.held.length < HELD_COLUMNS ? null : this.held.filter((c) => c.band !== keep).reduce((x, y) => (y.band < x.band ? y : x));
    if (slot === null) this.held.push((slot = { band, keys: new Uint32Array(this.count), skipped: [] }));
    slot.band = band;
    if (typeof this.parts === 'function') this.parts(band, slot.keys, slot.skipped);
    else bandColumns(this.parts!, band, [slot.keys], [slot.skipped]);
    return slot;
  }
}

/**
 * Splits the bucket `windows[from .. to)` by a second key: calls `pairUp` with each group of two or
 * more windows that share it, in window order. Windows without the second key (an empty
 * signature there) are left out.
 */
function forEachSubBucket(
  windows: Uint32Array,
  from: number,
  to: number,
  keyOf: (window: number) => number,
  lacksKey: (window: number) => boolean,
  pairUp: (members: Uint32Array, from: number, to: number) => void,
): void {
  // [second key, window], by key then window (the bucket's windows come in window order).
  const keyed = Array.from(windows.subarray(from, to), (w) => [keyOf(w), w]).filter(([, w]) => !lacksKey(w));
  keyed.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const sorted = Uint32Array.from(keyed, ([, w]) => w);
  let start = 0;
  while (start < keyed.length) {
    let end = start + 1;
    while (end < keyed.length && keyed[end][0] === keyed[start][0]) end++;
    if (end - start > 1) pairUp(sorted, start, end);
    start = end;
  }
}

/**
 * The distinct window pairs pushed, in a hash set of open addressing (a pair's two ids side by side
 * in one Uint32Array, linear probing), doubled at half full. A pair of copied windows comes once
 * per band they share: at 100,000 articles 5.3 million pairs came for 0.96 million distinct ones.
 * Sorting a buffer of them whenever it filled (to drop the repeats before growing it) took 1.1 s
 * there; the set takes each pair in one probe or two, and sorts the distinct ones once at the end.
 */
class PairSet {
  private slots = new Uint32Array(2 * FIRST_PAIR_SLOTS).fill(EMPTY);
  private shift = 32 - Math.log2(FIRST_PAIR_SLOTS);
  private size = 0;
  push(a: number, b: number): void {
    // Two numbers a slot: grown once the pair to come would fill more than half the slots.
    if (4 * (this.size + 1) > this.slots.length) this.grow();
    if (this.put(this.slots, this.shift, a, b)) this.size++;
  }
  /** The pairs, each once, packed as `a × PAIR_SHIFT + b` and ascending. */
  sortedUnique(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let at = 0; at < this.slots.length; at += 2) if (this.slots[at] !== EMPTY) out[n++] = this.slots[at] * PAIR_SHIFT + this.slots[at + 1];
    return out.sort();
  }
  /** Adds (a, b) to `slots` unless there; returns whether it was added. */
  private put(slots: Uint32Array, shift: number, a: number, b: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> shift; ; slot = (slot + 1) & mask) {
      const at = 2 * slot;
      if (slots[at] === EMPTY) {
        slots[at] = a;
        slots[at + 1] = b;
        return true;
      }
      if (slots[at] === a && slots[at + 1] === b) return false;
    }
  }
  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length).fill(EMPTY);
    this.shift--;
    for (let at = 0; at < old.length; at += 2) if (old[at] !== EMPTY) this.put(this.slots, this.shift, old[at], old[at + 1]);
  }
}

/** Slots of a new PairSet (it doubles at half full); window ids are below 2^26, never EMPTY. */
const FIRST_PAIR_SLOTS = 1 << 10;
const EMPTY = 0xffffffff;
