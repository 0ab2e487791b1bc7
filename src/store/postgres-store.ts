import pg from 'pg';
import { NewsdedupError } from '../errors.js';
import {
  bucketsOf, bytesToU16, bytesToU32, collectEntries, lookupEntries, removeEntries, u16ToBytes, u32ToBytes, writeEntries,
  type Entries, type PostingRowInfo, type PostingWriter, type StoredPostingRow,
} from './postings.js';
import { INDEX_FORMAT, MIGRATIONS, POSTGRES, SCHEMA_VERSION } from './schema.js';
import { checkVersion } from './sqlite-store.js';
import type { IndexStore, NewStoredArticle, StoreStats, StoredArticle, StoredSketch } from './store.js';
import { articleFromRow, metaJson, type ArticleRow } from './rows.js';

/** Any constant: the advisory lock that serializes schema migrations of one database. */
const MIGRATION_LOCK = 0x6e657773;
/** Deadlock and serialization failures are retried: the transaction did nothing. */
const RETRY_CODES = new Set(['40P01', '40001']);
const RETRIES = 8;
const INSERT_CHUNK = 4000;

/** Removes the password from a connection URL before it is shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** Connects to a PostgreSQL index, creating its tables (with `create`) or migrating them. */
export async function openPostgresStore(url: string, create: boolean): Promise<IndexStore> {
  const shown = redactUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  client.on('error', () => {
    // A dropped connection surfaces as the error of the query in flight.
  });
  try {
    await client.connect();
  } catch (error) {
    throw new NewsdedupError('STORE_UNAVAILABLE', `${shown}: cannot connect to PostgreSQL (${(error as Error).message})`);
  }
  try {
    const version = await prepare(client, shown, create);
    return new PostgresStore(client, shown, version);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw translate(error, shown);
  }
}

async function prepare(client: pg.Client, shown: string, create: boolean): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const exists = (await client.query(`SELECT to_regclass('newsdedup_meta') IS NOT NULL AS present`)).rows[0].present as boolean;
    let now = 0;
    if (exists) {
      const rows = (await client.query(`SELECT name, value FROM newsdedup_meta WHERE name IN ('format', 'schema_version')`)).rows as { name: string; value: string }[];
      const meta = new Map(rows.map((r) => [r.name, r.value]));
      if (meta.get('format') !== INDEX_FORMAT) {
        throw new NewsdedupError('STORE_FOREIGN', `${shown}: expected a newsdedup index, got a newsdedup_meta table of another kind; nothing was changed`);
      }
      now = checkVersion(meta.get('schema_version'), shown);
    } else if (!create) {
      throw new NewsdedupError('STORE_MISSING', `${shown}: expected an index, got no index in this database (the first add creates one)`);
    }
    if (now < SCHEMA_VERSION) {
      for (const m of MIGRATIONS) if (m.version > now) for (const sql of m.statements(POSTGRES)) await client.query(sql);
      const set = `INSERT INTO newsdedup_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value`;
      await client.query(set, ['format', INDEX_FORMAT]);
      await client.query(set, ['schema_version', String(SCHEMA_VERSION)]);
      if (now === 0) await client.query(set, ['created_at', new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return SCHEMA_VERSION;
}

function translate(error: unknown, shown: string): unknown {
  if (error instanceof NewsdedupError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return new NewsdedupError('STORE_UNAVAILABLE', `${shown}: ${(error as Error).message} (PostgreSQL ${code})`);
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new NewsdedupError('STORE_UNAVAILABLE', `${shown}: lost the connection to PostgreSQL (${(error as Error).message})`);
  }
  return error;
}

class PostgresStore implements IndexStore {
  readonly backend = 'postgres' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: pg.Client, readonly location: string, readonly schemaVersion: number) {}

  /** One operation at a time on the connection; `transaction` retries on deadlock. */
  private run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      try {
        return await work();
      } catch (error) {
        throw translate(error, this.location);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.client.query('BEGIN');
      try {
        const result = await work();
        await this.client.query('COMMIT');
        return result;
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string })?.code;
        if (!(code && RETRY_CODES.has(code)) || attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt * (1 + Math.random())));
      }
    }
  }

  getMeta(name: string): Promise<string | null> {
    return this.run(async () => (await this.client.query(`SELECT value FROM newsdedup_meta WHERE name = $1`, [name])).rows[0]?.value ?? null);
  }

  initMeta(name: string, value: string): Promise<string> {
    return this.run(async () => {
      await this.client.query(`INSERT INTO newsdedup_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, value]);
      return (await this.client.query(`SELECT value FROM newsdedup_meta WHERE name = $1`, [name])).rows[0].value as string;
    });
  }

  knownHashes(hashes: readonly string[]): Promise<Map<string, string>> {
    return this.run(async () => {
      const rows = (await this.client.query(`SELECT hash, article_id FROM newsdedup_article WHERE hash = ANY($1::text[])`, [hashes])).rows;
      return new Map(rows.map((r: { hash: string; article_id: string }) => [r.hash, r.article_id]));
    });
  }

  addArticles(batch: readonly NewStoredArticle[], addedAt: string): Promise<(number | null)[]> {
    return this.run(() =>
      this.transaction(async () => {
        // Rows are inserted in hash order, so two adds that share articles take the unique-index
        // locks in the same order and cannot deadlock; a hash another add holds is waited for,
        // then skipped if that add commits it.
        const order = batch.map((_, i) => i).sort((x, y) => (batch[x].hash < batch[y].hash ? -1 : 1));
        const ids = new Map<string, number>();
        for (let from = 0; from < order.length; from += 500) {
          const part = order.slice(from, from + 500).map((i) => batch[i]);
          const result = await this.client.query(
            `INSERT INTO newsdedup_article (hash, article_id, path, meta, outlet, published, added_at, chars, windows, text, band_keys, sketch)
             SELECT t.hash, t.article_id, t.path, t.meta, t.outlet, t.published, $7::text, c.chars, c.windows, c.text, c.band_keys, c.sketch
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(hash, article_id, path, meta, outlet, published, n)
             JOIN unnest($8::int[], $9::int[], $10::text[], $11::bytea[], $12::bytea[]) WITH ORDINALITY AS c(chars, windows, text, band_keys, sketch, n) USING (n)
             ORDER BY t.hash
             ON CONFLICT (hash) DO NOTHING
             RETURNING id, hash`,
            [
              part.map((a) => a.hash), part.map((a) => a.articleId), part.map((a) => a.path), part.map((a) => metaJson(a.meta)),
              part.map((a) => a.meta?.outlet ?? null), part.map((a) => a.published), addedAt,
              part.map((a) => a.chars), part.map((a) => a.windows), part.map((a) => a.text), part.map((a) => u32ToBytes(a.bandKeys)),
              part.map((a) => Buffer.from(a.sketch.buffer, a.sketch.byteOffset, a.sketch.byteLength)),
            ],
          );
          for (const r of result.rows as { id: string; hash: string }[]) ids.set(r.hash, Number(r.id));
        }
        const keyed = batch.flatMap((a) => (ids.has(a.hash) ? [{ article: ids.get(a.hash)!, keys: a.bandKeys }] : []));
        await writeEntries(this.writer(), collectEntries(keyed));
        return batch.map((a) => ids.get(a.hash) ?? null);
      }),
    );
  }

  lookup(keys: Uint32Array): Promise<Entries> {
    return this.run(async () => {
      // One snapshot: the rows whose articles are read are the rows whose keys were.
      await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const entries = await lookupEntries(keys, {
          keyRows: async (buckets) => {
            const result = await this.client.query(`SELECT id, bucket, key_low FROM newsdedup_posting WHERE bucket = ANY($1::int[])`, [buckets]);
            return (result.rows as { id: string; bucket: number; key_low: Buffer }[]).map((r) => ({ id: Number(r.id), bucket: r.bucket, keyLow: bytesToU16(r.key_low) }));
          },
          articles: async (ids) => {
            const result = await this.client.query(`SELECT id, articles FROM newsdedup_posting WHERE id = ANY($1::bigint[])`, [ids]);
            return new Map((result.rows as { id: string; articles: Buffer }[]).map((r) => [Number(r.id), bytesToU32(r.articles)]));
          },
        });
        await this.client.query('COMMIT');
        return entries;
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  getArticles(ids: readonly number[]): Promise<StoredArticle[]> {
    return this.run(async () => {
      const result = await this.client.query(
        `SELECT id, hash, article_id, path, meta, published, added_at, text FROM newsdedup_article WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [[...new Set(ids)]],
      );
      return (result.rows as ArticleRow[]).map(articleFromRow);
    });
  }

  getSketches(ids: readonly number[]): Promise<StoredSketch[]> {
    return this.run(async () => {
      const result = await this.client.query(
        `SELECT id, hash, article_id, sketch FROM newsdedup_article WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [[...new Set(ids)]],
      );
      return (result.rows as { id: string; hash: string; article_id: string; sketch: Buffer | null }[]).map((r) => ({
        rowId: Number(r.id),
        hash: r.hash,
        articleId: r.article_id,
        sketch: r.sketch,
      }));
    });
  }

  stats(): Promise<StoreStats> {
    return this.run(async () => {
      const a = (
        await this.client.query(
          `SELECT count(*) AS articles, coalesce(sum(windows), 0) AS windows, coalesce(sum(chars), 0) AS chars,
                  coalesce(sum(length(band_keys)), 0) / 4 AS entries, count(DISTINCT outlet) AS outlets,
                  min(published) AS "firstPublished", max(published) AS "lastPublished",
                  min(added_at) AS "firstAdded", max(added_at) AS "lastAdded"
           FROM newsdedup_article`,
        )
      ).rows[0];
      const postingRows = (await this.client.query(`SELECT count(*) AS n FROM newsdedup_posting`)).rows[0].n;
      const bytes = (
        await this.client.query(
          `SELECT sum(pg_total_relation_size(c)) AS n FROM unnest(ARRAY['newsdedup_meta', 'newsdedup_article', 'newsdedup_posting']::regclass[]) AS c`,
        )
      ).rows[0].n;
      return {
        articles: Number(a.articles),
        windows: Number(a.windows),
        chars: Number(a.chars),
        entries: Number(a.entries),
        postingRows: Number(postingRows),
        outlets: Number(a.outlets),
        firstPublished: a.firstPublished,
        lastPublished: a.lastPublished,
        firstAdded: a.firstAdded,
        lastAdded: a.lastAdded,
        bytes: Number(bytes),
      };
    });
  }

  prune(before: string, dryRun: boolean): Promise<number> {
    return this.run(() =>
      this.transaction(async () => {
        const expired = (
          await this.client.query(
            `SELECT id, band_keys FROM newsdedup_article
             WHERE (published IS NOT NULL AND published < $1) OR (published IS NULL AND added_at < $1) ORDER BY id FOR UPDATE`,
            [before],
          )
        ).rows as { id: string; band_keys: Buffer }[];
        if (dryRun || expired.length === 0) return expired.length;
        const removed = new Set<number>();
        const buckets = new Set<number>();
        for (const e of expired) {
          removed.add(Number(e.id));
          for (const b of bucketsOf(bytesToU32(e.band_keys))) buckets.add(b);
        }
        await removeEntries(this.writer(), [...buckets].sort((x, y) => x - y), removed);
        await this.client.query(`DELETE FROM newsdedup_article WHERE id = ANY($1::bigint[])`, [[...removed]]);
        return removed.size;
      }),
    );
  }

  async close(): Promise<void> {
    await this.queue;
    await this.client.end().catch(() => undefined);
  }

  private writer(): PostingWriter {
    const client = this.client;
    return {
      rowInfo: async (buckets, all) => {
        const result = await client.query(
          `SELECT id, bucket, entries FROM newsdedup_posting WHERE bucket = ANY($1::int[]) ORDER BY id FOR UPDATE${all ? '' : ' SKIP LOCKED'}`,
          [buckets],
        );
        return (result.rows as { id: string; bucket: number; entries: number }[]).map(
          (r): PostingRowInfo => ({ id: Number(r.id), bucket: r.bucket, entries: r.entries }),
        );
      },
      readRows: async (ids) => {
        const result = await client.query(`SELECT id, bucket, key_low, articles FROM newsdedup_posting WHERE id = ANY($1::bigint[])`, [ids]);
        return (result.rows as RawRow[]).map(decodeRow);
      },
      deleteRows: async (ids) => {
        await client.query(`DELETE FROM newsdedup_posting WHERE id = ANY($1::bigint[])`, [ids]);
      },
      updateRows: async (rows) => {
        for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
          const part = rows.slice(from, from + INSERT_CHUNK);
          await client.query(
            `UPDATE newsdedup_posting AS p SET entries = u.entries, key_low = u.key_low, articles = u.articles
             FROM unnest($1::bigint[], $2::int[], $3::bytea[], $4::bytea[]) AS u(id, entries, key_low, articles) WHERE p.id = u.id`,
            [part.map((r) => r.id), part.map((r) => r.keyLow.length), part.map((r) => u16ToBytes(r.keyLow)), part.map((r) => u32ToBytes(r.articles))],
          );
        }
      },
      insertRows: async (rows) => {
        for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
          const part = rows.slice(from, from + INSERT_CHUNK);
          await client.query(
            `INSERT INTO newsdedup_posting (bucket, entries, key_low, articles) SELECT * FROM unnest($1::int[], $2::int[], $3::bytea[], $4::bytea[])`,
            [part.map((r) => r.bucket), part.map((r) => r.keyLow.length), part.map((r) => u16ToBytes(r.keyLow)), part.map((r) => u32ToBytes(r.articles))],
          );
        }
      },
    };
  }
}

interface RawRow {
  id: string;
  bucket: number;
  key_low: Buffer;
  articles: Buffer;
}

function decodeRow(r: RawRow): StoredPostingRow {
  return { id: Number(r.id), bucket: r.bucket, keyLow: bytesToU16(r.key_low), articles: bytesToU32(r.articles) };
}
