import { radixSortPairs } from '../kernels/radix.js';

/**
 * The LSH index kept as posting lists (band key → articles), shared by both backends.
 *
 * A band key's high 16 bits choose its bucket; a bucket is held by a few rows, each a sorted run of
 * entries (low 16 bits of the key, article row id). An add writes one new row per bucket it
 * touches and merges it with the bucket's smaller rows, so row sizes grow geometrically (a binary
 * counter, as in size-tiered LSM compaction): a bucket has O(log n) rows and every entry is
 * rewritten O(log n) times. A lookup reads the rows of the buckets its keys fall in.
 */

export const BUCKET_SHIFT = 16;

export interface PostingRowInfo {
  readonly id: number;
  readonly bucket: number;
  readonly entries: number;
}

export interface PostingRow {
  readonly bucket: number;
  /** Ascending, then by article. */
  readonly keyLow: Uint16Array;
  readonly articles: Uint32Array;
}

export interface StoredPostingRow extends PostingRow {
  readonly id: number;
}

/** The few statements a backend runs, inside the transaction of one add or prune. */
export interface PostingWriter {
  /** Rows of these buckets the transaction may rewrite. For merging (`all` false), PostgreSQL
   *  leaves out rows another transaction holds (they are merged next time), so concurrent adds
   *  never wait on each other; for removing entries (`all` true) it waits for every row. */
  rowInfo(buckets: readonly number[], all: boolean): Promise<PostingRowInfo[]>;
  readRows(ids: readonly number[]): Promise<StoredPostingRow[]>;
  deleteRows(ids: readonly number[]): Promise<void>;
  insertRows(rows: readonly PostingRow[]): Promise<void>;
}

/** Entries of a batch: every (band key, article) once. */
export interface Entries {
  readonly keys: Uint32Array;
  readonly articles: Uint32Array;
}

/** Concatenates per-article key lists (each ascending and unique) given in ascending article order,
 *  and sorts them by key, then article (the radix sort is stable). */
export function collectEntries(perArticle: readonly { article: number; keys: Uint32Array }[]): Entries {
  let n = 0;
  for (const a of perArticle) n += a.keys.length;
  const keys = new Uint32Array(n);
  const articles = new Uint32Array(n);
  let at = 0;
  for (const a of [...perArticle].sort((x, y) => x.article - y.article)) {
    keys.set(a.keys, at);
    articles.fill(a.article, at, at + a.keys.length);
    at += a.keys.length;
  }
  const sorted = radixSortPairs(keys, articles);
  return { keys: sorted.keys, articles: sorted.payload };
}

/** Splits sorted entries into one row per bucket (a bucket is a run, since keys are sorted). */
export function rowsByBucket(entries: Entries): PostingRow[] {
  const rows: PostingRow[] = [];
  const { keys, articles } = entries;
  let from = 0;
  while (from < keys.length) {
    const bucket = keys[from] >>> BUCKET_SHIFT;
    let to = from + 1;
    while (to < keys.length && keys[to] >>> BUCKET_SHIFT === bucket) to++;
    const keyLow = new Uint16Array(to - from);
    for (let i = from; i < to; i++) keyLow[i - from] = keys[i] & 0xffff;
    rows.push({ bucket, keyLow, articles: articles.slice(from, to) });
    from = to;
  }
  return rows;
}

/**
 * Which existing rows a new row of `entries` entries is merged with: the smallest rows, in
 * ascending size, while each is at most twice what has been gathered so far. Sizes 1, 1 merge to 2;
 * 2 + 1 merge to 3; 3 stays beside a new 1; the next 1 gathers 1 + 1 + 3 = 5.
 */
export function chooseMerge(entries: number, existing: readonly PostingRowInfo[]): PostingRowInfo[] {
  const sorted = [...existing].sort((x, y) => x.entries - y.entries || x.id - y.id);
  const chosen: PostingRowInfo[] = [];
  let gathered = entries;
  for (const row of sorted) {
    if (row.entries > 2 * gathered) break;
    chosen.push(row);
    gathered += row.entries;
  }
  return chosen;
}

/** Merges rows of one bucket into one, leaving out entries of `removed` articles. */
export function mergeRows(bucket: number, rows: readonly PostingRow[], removed?: ReadonlySet<number>): PostingRow {
  let n = 0;
  for (const r of rows) n += r.keyLow.length;
  const packed = new Float64Array(n);
  let m = 0;
  for (const r of rows) {
    for (let i = 0; i < r.keyLow.length; i++) {
      if (removed?.has(r.articles[i])) continue;
      packed[m++] = r.keyLow[i] * 0x1_0000_0000 + r.articles[i];
    }
  }
  const sorted = packed.subarray(0, m).sort();
  const keyLow = new Uint16Array(m);
  const articles = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    const low = Math.floor(sorted[i] / 0x1_0000_0000);
    keyLow[i] = low;
    articles[i] = sorted[i] - low * 0x1_0000_0000;
  }
  return { bucket, keyLow, articles };
}

/** Writes a batch's entries: one row per bucket, merged with the bucket's small rows. */
export async function writeEntries(writer: PostingWriter, entries: Entries): Promise<void> {
  const fresh = rowsByBucket(entries);
  if (fresh.length === 0) return;
  const info = await writer.rowInfo(fresh.map((r) => r.bucket), false);
  const byBucket = groupInfo(info);
  const merges = new Map<number, PostingRowInfo[]>();
  for (const row of fresh) {
    const chosen = chooseMerge(row.keyLow.length, byBucket.get(row.bucket) ?? []);
    if (chosen.length > 0) merges.set(row.bucket, chosen);
  }
  const mergeIds = [...merges.values()].flat().map((r) => r.id);
  const old = groupRows(mergeIds.length > 0 ? await writer.readRows(mergeIds) : []);
  const out = fresh.map((row) => (merges.has(row.bucket) ? mergeRows(row.bucket, [row, ...(old.get(row.bucket) ?? [])]) : row));
  if (mergeIds.length > 0) await writer.deleteRows(mergeIds);
  await writer.insertRows(out);
}

/** Removes the entries of `removed` articles from the rows of `buckets` (each bucket becomes one row). */
export async function removeEntries(writer: PostingWriter, buckets: readonly number[], removed: ReadonlySet<number>): Promise<void> {
  if (buckets.length === 0 || removed.size === 0) return;
  const info = await writer.rowInfo(buckets, true);
  if (info.length === 0) return;
  const rows = groupRows(await writer.readRows(info.map((r) => r.id)));
  await writer.deleteRows(info.map((r) => r.id));
  const out: PostingRow[] = [];
  for (const [bucket, list] of rows) {
    const merged = mergeRows(bucket, list, removed);
    if (merged.keyLow.length > 0) out.push(merged);
  }
  await writer.insertRows(out);
}

/**
 * Looks up band keys (any order, duplicates allowed) in rows read for their buckets. Returns every
 * matching (key, article) entry, sorted by key then article.
 */
export function lookupEntries(keys: Uint32Array, rows: readonly PostingRow[]): Entries {
  const wanted = new Uint32Array(keys).sort();
  const byBucket = new Map<number, PostingRow[]>();
  for (const r of rows) {
    const list = byBucket.get(r.bucket);
    if (list) list.push(r);
    else byBucket.set(r.bucket, [r]);
  }
  const outKeys: number[] = [];
  const outArticles: number[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const key = wanted[i];
    if (i > 0 && wanted[i - 1] === key) continue;
    const list = byBucket.get(key >>> BUCKET_SHIFT);
    if (!list) continue;
    const low = key & 0xffff;
    const found: number[] = [];
    for (const r of list) {
      for (let j = lowerBound(r.keyLow, low); j < r.keyLow.length && r.keyLow[j] === low; j++) found.push(r.articles[j]);
    }
    found.sort((x, y) => x - y);
    for (const article of found) {
      outKeys.push(key);
      outArticles.push(article);
    }
  }
  return { keys: Uint32Array.from(outKeys), articles: Uint32Array.from(outArticles) };
}

/** Distinct buckets of some keys, ascending. */
export function bucketsOf(keys: Uint32Array): number[] {
  const buckets = new Set<number>();
  for (let i = 0; i < keys.length; i++) buckets.add(keys[i] >>> BUCKET_SHIFT);
  return [...buckets].sort((x, y) => x - y);
}

function lowerBound(values: Uint16Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupInfo(info: readonly PostingRowInfo[]): Map<number, PostingRowInfo[]> {
  const out = new Map<number, PostingRowInfo[]>();
  for (const r of info) {
    const list = out.get(r.bucket);
    if (list) list.push(r);
    else out.set(r.bucket, [r]);
  }
  return out;
}

function groupRows(rows: readonly StoredPostingRow[]): Map<number, StoredPostingRow[]> {
  const out = new Map<number, StoredPostingRow[]>();
  for (const r of [...rows].sort((x, y) => x.bucket - y.bucket || x.id - y.id)) {
    const list = out.get(r.bucket);
    if (list) list.push(r);
    else out.set(r.bucket, [r]);
  }
  return out;
}

/* ── Blobs: little-endian typed arrays, copied so the views are aligned. ── */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function u32ToBytes(values: Uint32Array): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('newsdedup indexes need a little-endian machine');
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function u16ToBytes(values: Uint16Array): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('newsdedup indexes need a little-endian machine');
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function bytesToU32(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 4));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Uint32Array(copy.buffer);
}

export function bytesToU16(bytes: Uint8Array): Uint16Array {
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 2));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Uint16Array(copy.buffer);
}
