import { radixSortPairs } from '../kernels/radix.js';
import { lowerBound } from '../kernels/sets.js';

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
  /** Rewrites rows in place (same id, same bucket). */
  updateRows(rows: readonly StoredPostingRow[]): Promise<void>;
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
  // One array of low halves; each row is a view into it and into the articles, not a copy.
  const low = new Uint16Array(keys.length);
  for (let i = 0; i < keys.length; i++) low[i] = keys[i] & 0xffff;
  let from = 0;
  while (from < keys.length) {
    const bucket = keys[from] >>> BUCKET_SHIFT;
    let to = from + 1;
    while (to < keys.length && keys[to] >>> BUCKET_SHIFT === bucket) to++;
    rows.push({ bucket, keyLow: low.subarray(from, to), articles: articles.subarray(from, to) });
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

/**
 * Merges rows of one bucket into one, leaving out entries of `removed` articles. Each row is sorted
 * by (key, article), so the rows are merged two at a time, smallest first, in linear time.
 */
export function mergeRows(bucket: number, rows: readonly PostingRow[], removed?: ReadonlySet<number>): PostingRow {
  const sorted = [...rows].sort((x, y) => x.keyLow.length - y.keyLow.length);
  let keyLow: Uint16Array = sorted[0]?.keyLow ?? new Uint16Array(0);
  let articles: Uint32Array = sorted[0]?.articles ?? new Uint32Array(0);
  for (const r of sorted.slice(1)) [keyLow, articles] = mergeTwo(keyLow, articles, r.keyLow, r.articles);
  if (removed && removed.size > 0) {
    if (sorted.length === 1) [keyLow, articles] = [keyLow.slice(), articles.slice()];
    let m = 0;
    for (let i = 0; i < keyLow.length; i++) {
      if (removed.has(articles[i])) continue;
      keyLow[m] = keyLow[i];
      articles[m++] = articles[i];
    }
    [keyLow, articles] = [keyLow.slice(0, m), articles.slice(0, m)];
  }
  return { bucket, keyLow, articles };
}

function mergeTwo(ak: Uint16Array, aa: Uint32Array, bk: Uint16Array, ba: Uint32Array): [Uint16Array, Uint32Array] {
  const n = ak.length + bk.length;
  const keyLow = new Uint16Array(n);
  const articles = new Uint32Array(n);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < ak.length && j < bk.length) {
    if (ak[i] < bk[j] || (ak[i] === bk[j] && aa[i] < ba[j])) {
      keyLow[o] = ak[i];
      articles[o++] = aa[i++];
    } else {
      keyLow[o] = bk[j];
      articles[o++] = ba[j++];
    }
  }
  for (; i < ak.length; i++, o++) {
    keyLow[o] = ak[i];
    articles[o] = aa[i];
  }
  for (; j < bk.length; j++, o++) {
    keyLow[o] = bk[j];
    articles[o] = ba[j];
  }
  return [keyLow, articles];
}

/**
 * Writes a batch's entries: one row per bucket, merged with the bucket's small rows. A merged row
 * takes the place (the id) of the first row merged into it, the others are deleted: a bucket's
 * page is rewritten once, not once for a deletion and again for an insertion.
 */
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
  const inserted: PostingRow[] = [];
  const updated: StoredPostingRow[] = [];
  const deleted: number[] = [];
  for (const row of fresh) {
    const chosen = old.get(row.bucket);
    if (!chosen || chosen.length === 0) {
      inserted.push(row);
      continue;
    }
    updated.push({ ...mergeRows(row.bucket, [row, ...chosen]), id: chosen[0].id });
    for (let i = 1; i < chosen.length; i++) deleted.push(chosen[i].id);
  }
  if (deleted.length > 0) await writer.deleteRows(deleted);
  if (updated.length > 0) await writer.updateRows(updated);
  await writer.insertRows(inserted);
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

/** How a lookup reads posting rows: the keys of the rows of some buckets, then the articles of a few rows. */
export interface PostingReader {
  keyRows(buckets: readonly number[]): Promise<{ readonly id: number; readonly bucket: number; readonly keyLow: Uint16Array }[]>;
  /** The articles of these rows, by row id. */
  articles(ids: readonly number[]): Promise<Map<number, Uint32Array>>;
}

/**
 * Looks up band keys (any order, duplicates allowed). Returns every matching (key, article) entry,
 * sorted by key then article. The keys of the buckets' rows are read first, the articles only of
 * the rows that hold a wanted key: a new article's keys are mostly held by no indexed one (at
 * 100,000 indexed articles, 15 of 760 keys are held, in 16 of 1,480 rows), so this reads a third
 * of the bytes.
 */
export async function lookupEntries(keys: Uint32Array, reader: PostingReader): Promise<Entries> {
  const wanted = new Uint32Array(keys).sort();
  const rows = await reader.keyRows(bucketsOf(wanted));
  const byBucket = new Map<number, (typeof rows)[number][]>();
  for (const r of rows) {
    const list = byBucket.get(r.bucket);
    if (list) list.push(r);
    else byBucket.set(r.bucket, [r]);
  }
  // (key, row, first position, end position) of every hit.
  const hits: { key: number; row: number; from: number; to: number }[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const key = wanted[i];
    if (i > 0 && wanted[i - 1] === key) continue;
    const low = key & 0xffff;
    for (const r of byBucket.get(key >>> BUCKET_SHIFT) ?? []) {
      const from = lowerBound(r.keyLow, low);
      let to = from;
      while (to < r.keyLow.length && r.keyLow[to] === low) to++;
      if (to > from) hits.push({ key, row: r.id, from, to });
    }
  }
  const articles = hits.length > 0 ? await reader.articles([...new Set(hits.map((h) => h.row))]) : new Map<number, Uint32Array>();
  const outKeys: number[] = [];
  const outArticles: number[] = [];
  for (let h = 0; h < hits.length; ) {
    const key = hits[h].key;
    const found: number[] = [];
    for (; h < hits.length && hits[h].key === key; h++) {
      const list = articles.get(hits[h].row);
      if (!list) continue;
      for (let j = hits[h].from; j < hits[h].to; j++) found.push(list[j]);
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

/* ── Blobs: little-endian typed arrays; read in place when aligned, else copied. ── */

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
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 4));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Uint32Array(copy.buffer);
}

export function bytesToU16(bytes: Uint8Array): Uint16Array {
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 1);
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 2));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Uint16Array(copy.buffer);
}
