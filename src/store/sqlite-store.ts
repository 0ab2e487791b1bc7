import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { NewsdedupError } from '../errors.js';
import {
  bucketsOf, bytesToU16, bytesToU32, collectEntries, lookupEntries, removeEntries, u16ToBytes, u32ToBytes, writeEntries,
  type Entries, type PostingRow, type PostingRowInfo, type PostingWriter, type StoredPostingRow,
} from './postings.js';
import { INDEX_FORMAT, MIGRATIONS, SCHEMA_VERSION, SQLITE } from './schema.js';
import type { IndexStore, NewStoredArticle, StoreStats, StoredArticle, StoredSketch } from './store.js';
import { articleFromRow, metaJson, type ArticleRow } from './rows.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Row ids per bucket: a bucket's rows are ids [bucket × 2^24, (bucket + 1) × 2^24). Each add
 *  writes at most one row per bucket, so that is 16 million adds. */
const BUCKET_IDS = 2 ** 24;
/** Above this many buckets, reading the whole (small) bucket index beats one lookup per bucket. */
const SCAN_BUCKETS = 2048;
/** Bytes of the file a check reads through a memory map: posting rows and sketches are read
 *  without a system call and a copy per page (a third of a one-article check's lookup). */
const MMAP_BYTES = 1 << 30;

/**
 * Opens (or, with `create`, creates) an index in an SQLite file. A file that is not an SQLite
 * database, or an SQLite database of another program, is refused before anything is written.
 */
export function openSqliteStore(file: string, shown: string, create: boolean): IndexStore {
  let size = -1;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new NewsdedupError('STORE_FOREIGN', `${shown}: expected an index file, got a directory`);
    size = stat.size;
  } catch (error) {
    if (error instanceof NewsdedupError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new NewsdedupError('STORE_UNAVAILABLE', `${shown}: cannot open the index (${(error as Error).message})`);
    }
  }
  if (size < 0 && !create) throw missing(shown);
  if (size > 0) {
    const head = readHead(file, shown);
    if (!head.equals(SQLITE_HEADER.subarray(0, head.length)) || head.length < SQLITE_HEADER.length) {
      throw new NewsdedupError('STORE_FOREIGN', `${shown}: expected a newsdedup index (an SQLite database), got a file of another kind; it was not changed`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 60_000 });
  } catch (error) {
    throw new NewsdedupError('STORE_UNAVAILABLE', `${shown}: cannot open the index (${(error as Error).message})`);
  }
  try {
    const version = prepare(db, shown, create);
    return new SqliteStore(db, shown, version);
  } catch (error) {
    db.close();
    throw translate(error, shown);
  }
}

function readHead(file: string, shown: string): Buffer {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new NewsdedupError('STORE_UNAVAILABLE', `${shown}: cannot read the index (${(error as Error).message})`);
  }
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Checks the file is ours and at a version we read, migrating an older one; returns the version. */
function prepare(db: Database.Database, shown: string, create: boolean): number {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
  if (!tables.includes('newsdedup_meta')) {
    if (tables.length > 0) {
      throw new NewsdedupError(
        'STORE_FOREIGN',
        `${shown}: expected a newsdedup index, got an SQLite database of another program (tables: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}); it was not changed`,
      );
    }
    if (!create) throw missing(shown);
  } else {
    const current = readVersion(db, shown);
    if (current === SCHEMA_VERSION) return configure(db, current);
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const now = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'newsdedup_meta'`).get() ? readVersion(db, shown) : 0;
    for (const m of MIGRATIONS) if (m.version > now) for (const sql of m.statements(SQLITE)) db.exec(sql);
    const set = db.prepare(`INSERT INTO newsdedup_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`);
    set.run('format', INDEX_FORMAT);
    set.run('schema_version', String(SCHEMA_VERSION));
    if (now === 0) set.run('created_at', new Date().toISOString());
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return configure(db, SCHEMA_VERSION);
}

function readVersion(db: Database.Database, shown: string): number {
  const rows = db.prepare(`SELECT name, value FROM newsdedup_meta WHERE name IN ('format', 'schema_version')`).all() as { name: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.name, r.value]));
  if (meta.get('format') !== INDEX_FORMAT) {
    throw new NewsdedupError('STORE_FOREIGN', `${shown}: expected a newsdedup index, got an SQLite database with a newsdedup_meta table of another kind; it was not changed`);
  }
  return checkVersion(meta.get('schema_version'), shown);
}

export function checkVersion(value: string | undefined, shown: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) {
    throw new NewsdedupError('STORE_CORRUPT', `${shown}: expected a schema version in the index, got ${JSON.stringify(value ?? null)}`);
  }
  if (version > SCHEMA_VERSION) {
    throw new NewsdedupError(
      'STORE_VERSION',
      `${shown}: expected an index of schema version ${SCHEMA_VERSION} or older, got version ${version} (written by a newer newsdedup); upgrade newsdedup to use it`,
    );
  }
  return version;
}

function configure(db: Database.Database, version: number): number {
  // WAL: readers are not blocked by an add, and a killed add leaves the last committed state.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  return version;
}

function missing(shown: string): NewsdedupError {
  return new NewsdedupError('STORE_MISSING', `${shown}: expected an index, got no index there (the first add creates one)`);
}

/** SQLite's own errors about a damaged file become one clear, typed error. */
function translate(error: unknown, shown: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) {
    return new NewsdedupError('STORE_CORRUPT', `${shown}: the index is damaged (${(error as Error).message}); restore it from a copy or build it again with index add`);
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new NewsdedupError('STORE_UNAVAILABLE', `${shown}: ${(error as Error).message}`);
  }
  return error;
}

class SqliteStore implements IndexStore {
  readonly backend = 'sqlite' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly s;
  private mapped = false;

  constructor(private readonly db: Database.Database, readonly location: string, readonly schemaVersion: number) {
    this.s = {
      getMeta: db.prepare(`SELECT value FROM newsdedup_meta WHERE name = ?`).pluck(),
      initMeta: db.prepare(`INSERT INTO newsdedup_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`),
      knownHash: db.prepare(`SELECT article_id FROM newsdedup_article WHERE hash = ?`).pluck(),
      insertArticle: db.prepare(
        `INSERT INTO newsdedup_article (hash, article_id, path, meta, outlet, published, added_at, chars, windows, text, band_keys, sketch)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
      ),
      article: db.prepare(`SELECT id, hash, article_id, path, meta, published, added_at, text FROM newsdedup_article WHERE id = ?`),
      sketch: db.prepare(`SELECT id, hash, article_id, sketch FROM newsdedup_article WHERE id = ?`),
      bucketInfo: db.prepare(`SELECT id, bucket, entries FROM newsdedup_posting WHERE bucket = ?`),
      allInfo: db.prepare(`SELECT id, bucket, entries FROM newsdedup_posting ORDER BY bucket, entries, id`),
      // Row ids are bucket × 2^24 + a counter (see insertRows), so a bucket's rows are one range of
      // the table: a lookup descends the table once per bucket and reads adjacent rows.
      bucketsKeys: db.prepare(
        `SELECT p.id, p.bucket, p.key_low FROM json_each(?) AS j
         JOIN newsdedup_posting AS p ON p.id >= j.value * ${BUCKET_IDS} AND p.id < (j.value + 1) * ${BUCKET_IDS}`,
      ),
      rowArticles: db.prepare(`SELECT articles FROM newsdedup_posting WHERE id = ?`).pluck(),
      lastRowId: db.prepare(`SELECT max(id) FROM newsdedup_posting WHERE id >= ? AND id < ?`).pluck(),
      row: db.prepare(`SELECT id, bucket, key_low, articles FROM newsdedup_posting WHERE id = ?`),
      deleteRow: db.prepare(`DELETE FROM newsdedup_posting WHERE id = ?`),
      insertRow: db.prepare(`INSERT INTO newsdedup_posting (id, bucket, entries, key_low, articles) VALUES (?, ?, ?, ?, ?)`),
      updateRow: db.prepare(`UPDATE newsdedup_posting SET entries = ?, key_low = ?, articles = ? WHERE id = ?`),
      expired: db.prepare(
        `SELECT id, band_keys FROM newsdedup_article
         WHERE (published IS NOT NULL AND published < ?) OR (published IS NULL AND added_at < ?) ORDER BY id`,
      ),
      deleteArticle: db.prepare(`DELETE FROM newsdedup_article WHERE id = ?`),
    };
  }

  /** One operation at a time on the connection: a transaction spans awaits. */
  private run<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      try {
        return await work();
      } catch (error) {
        try {
          if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
        } catch {
          // The original error says more than a failed rollback; SQLite rolls back on close anyway.
        }
        throw translate(error, this.location);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  getMeta(name: string): Promise<string | null> {
    return this.run(() => (this.s.getMeta.get(name) as string | undefined) ?? null);
  }

  initMeta(name: string, value: string): Promise<string> {
    return this.run(() => {
      this.s.initMeta.run(name, value);
      return this.s.getMeta.get(name) as string;
    });
  }

  knownHashes(hashes: readonly string[]): Promise<Map<string, string>> {
    return this.run(() => {
      const out = new Map<string, string>();
      for (const h of hashes) {
        const id = this.s.knownHash.get(h) as string | undefined;
        if (id !== undefined) out.set(h, id);
      }
      return out;
    });
  }

  addArticles(batch: readonly NewStoredArticle[], addedAt: string): Promise<(number | null)[]> {
    return this.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      const ids: (number | null)[] = [];
      const keyed: { article: number; keys: Uint32Array }[] = [];
      for (const a of batch) {
        const info = this.s.insertArticle.run(
          a.hash, a.articleId, a.path, metaJson(a.meta), a.meta?.outlet ?? null, a.published, addedAt, a.chars, a.windows, a.text, u32ToBytes(a.bandKeys),
          Buffer.from(a.sketch.buffer, a.sketch.byteOffset, a.sketch.byteLength),
        );
        if (info.changes === 1) {
          const id = Number(info.lastInsertRowid);
          ids.push(id);
          keyed.push({ article: id, keys: a.bandKeys });
        } else {
          ids.push(null);
        }
      }
      await writeEntries(this.writer(), collectEntries(keyed));
      this.db.exec('COMMIT');
      return ids;
    });
  }

  lookup(keys: Uint32Array): Promise<Entries> {
    return this.run(async () => {
      this.mapForReading();
      // One read transaction: the rows whose articles are read are the rows whose keys were.
      this.db.exec('BEGIN');
      const entries = await lookupEntries(keys, {
        // One statement for every bucket: the per-call cost of hundreds of small queries is most of
        // a one-article check otherwise.
        keyRows: async (buckets) =>
          (this.s.bucketsKeys.all(JSON.stringify(buckets)) as { id: number; bucket: number; key_low: Buffer }[]).map((r) => ({
            id: r.id,
            bucket: r.bucket,
            keyLow: bytesToU16(r.key_low),
          })),
        articles: async (ids) => {
          const out = new Map<number, Uint32Array>();
          for (const id of ids) {
            const bytes = this.s.rowArticles.get(id) as Buffer | undefined;
            if (bytes) out.set(id, bytesToU32(bytes));
          }
          return out;
        },
      });
      this.db.exec('COMMIT');
      return entries;
    });
  }

  getArticles(ids: readonly number[]): Promise<StoredArticle[]> {
    return this.run(() => {
      const out: StoredArticle[] = [];
      for (const id of [...new Set(ids)].sort((x, y) => x - y)) {
        const row = this.s.article.get(id) as ArticleRow | undefined;
        if (row) out.push(articleFromRow(row));
      }
      return out;
    });
  }

  getSketches(ids: readonly number[]): Promise<StoredSketch[]> {
    return this.run(() => {
      this.mapForReading();
      const out: StoredSketch[] = [];
      for (const id of [...new Set(ids)].sort((x, y) => x - y)) {
        const row = this.s.sketch.get(id) as { id: number; hash: string; article_id: string; sketch: Buffer | null } | undefined;
        if (row) out.push({ rowId: row.id, hash: row.hash, articleId: row.article_id, sketch: row.sketch });
      }
      return out;
    });
  }

  /** Checks read through a memory map; an add, which rewrites most posting pages, does not map them
   *  (its resident memory would grow by the pages it touched). */
  private mapForReading(): void {
    if (this.mapped) return;
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    this.mapped = true;
  }

  stats(): Promise<StoreStats> {
    return this.run(() => {
      const a = this.db
        .prepare(
          `SELECT count(*) AS articles, coalesce(sum(windows), 0) AS windows, coalesce(sum(chars), 0) AS chars,
                  coalesce(sum(length(band_keys)), 0) / 4 AS entries, count(DISTINCT outlet) AS outlets,
                  min(published) AS firstPublished, max(published) AS lastPublished,
                  min(added_at) AS firstAdded, max(added_at) AS lastAdded
           FROM newsdedup_article`,
        )
        .get() as Omit<StoreStats, 'postingRows' | 'bytes'>;
      const postingRows = this.db.prepare(`SELECT count(*) FROM newsdedup_posting`).pluck().get() as number;
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      return { ...a, postingRows, bytes: pages * pageSize };
    });
  }

  prune(before: string, dryRun: boolean): Promise<number> {
    return this.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      const expired = this.s.expired.all(before, before) as { id: number; band_keys: Buffer }[];
      if (dryRun || expired.length === 0) {
        this.db.exec('ROLLBACK');
        return expired.length;
      }
      const removed = new Set<number>();
      const buckets = new Set<number>();
      for (const e of expired) {
        removed.add(e.id);
        for (const b of bucketsOf(bytesToU32(e.band_keys))) buckets.add(b);
      }
      await removeEntries(this.writer(), [...buckets].sort((x, y) => x - y), removed);
      for (const id of removed) this.s.deleteArticle.run(id);
      this.db.exec('COMMIT');
      return removed.size;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }

  private writer(): PostingWriter {
    const s = this.s;
    // The highest row id seen in each bucket this transaction: the next row takes the one after,
    // without asking (ids of rows merged away are not used again).
    const last = new Map<number, number>();
    return {
      rowInfo: async (buckets) => {
        const out: PostingRowInfo[] = [];
        if (buckets.length > SCAN_BUCKETS) {
          const wanted = new Uint8Array(1 << 16);
          for (const b of buckets) wanted[b] = 1;
          for (const r of s.allInfo.iterate() as IterableIterator<PostingRowInfo>) if (wanted[r.bucket]) out.push(r);
        } else {
          for (const b of buckets) out.push(...(s.bucketInfo.all(b) as PostingRowInfo[]));
        }
        for (const b of buckets) if (!last.has(b)) last.set(b, b * BUCKET_IDS - 1);
        for (const r of out) if (r.id > last.get(r.bucket)!) last.set(r.bucket, r.id);
        return out;
      },
      readRows: async (ids) => ids.map((id) => decodeRow(s.row.get(id) as RawRow)),
      deleteRows: async (ids) => {
        for (const id of ids) s.deleteRow.run(id);
      },
      insertRows: async (rows) => {
        for (const r of rows) {
          const first = r.bucket * BUCKET_IDS;
          const id = (last.get(r.bucket) ?? (s.lastRowId.get(first, first + BUCKET_IDS) as number | null) ?? first - 1) + 1;
          if (id >= first + BUCKET_IDS) throw new NewsdedupError('STORE_CORRUPT', `${this.location}: bucket ${r.bucket} has used all its row ids`);
          s.insertRow.run(id, r.bucket, r.keyLow.length, u16ToBytes(r.keyLow), u32ToBytes(r.articles));
          last.set(r.bucket, id);
        }
      },
      updateRows: async (rows) => {
        for (const r of rows) s.updateRow.run(r.keyLow.length, u16ToBytes(r.keyLow), u32ToBytes(r.articles), r.id);
      },
    };
  }
}

interface RawRow {
  id: number;
  bucket: number;
  key_low: Buffer;
  articles: Buffer;
}

function decodeRow(r: RawRow): StoredPostingRow {
  return { id: r.id, bucket: r.bucket, keyLow: bytesToU16(r.key_low), articles: bytesToU32(r.articles) };
}
