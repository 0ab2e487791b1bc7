import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import pg from 'pg';

/**
 * Reads an index's tables directly and checks its invariant: the posting lists hold exactly the
 * band keys of the stored articles, each (key, article) once.
 */
export interface Audit {
  integrity: string;
  articles: number;
  /** Entries an article's band keys call for that no posting row holds. */
  missing: number;
  /** Posting entries of articles that are not stored. */
  orphans: number;
  /** Posting entries held more than once. */
  duplicates: number;
}

interface Rows {
  articles: { id: number; band_keys: Uint8Array }[];
  postings: { bucket: number; key_low: Uint8Array; articles: Uint8Array }[];
}

function audit(rows: Rows, integrity: string): Audit {
  const want = new Map<string, number>();
  for (const a of rows.articles) {
    const keys = u32(a.band_keys);
    for (const k of keys) want.set(`${k}:${a.id}`, 0);
  }
  let orphans = 0;
  let duplicates = 0;
  for (const p of rows.postings) {
    const low = new Uint16Array(Uint8Array.from(p.key_low).buffer);
    const ids = u32(p.articles);
    for (let i = 0; i < low.length; i++) {
      const key = `${(p.bucket * 65536 + low[i]) >>> 0}:${ids[i]}`;
      const seen = want.get(key);
      if (seen === undefined) orphans++;
      else {
        if (seen > 0) duplicates++;
        want.set(key, seen + 1);
      }
    }
  }
  const missing = [...want.values()].filter((v) => v === 0).length;
  return { integrity, articles: rows.articles.length, missing, orphans, duplicates };
}

function u32(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(Uint8Array.from(bytes).buffer);
}

export function auditSqlite(file: string): Audit {
  if (!existsSync(file)) return { integrity: 'ok', articles: 0, missing: 0, orphans: 0, duplicates: 0 };
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    // Killed while it created the tables: the file holds nothing yet, which is consistent.
    if (!db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'newsdedup_article'`).get()) {
      return { integrity, articles: 0, missing: 0, orphans: 0, duplicates: 0 };
    }
    const rows: Rows = {
      articles: db.prepare('SELECT id, band_keys FROM newsdedup_article').all() as Rows['articles'],
      postings: db.prepare('SELECT bucket, key_low, articles FROM newsdedup_posting').all() as Rows['postings'],
    };
    return audit(rows, integrity);
  } finally {
    db.close();
  }
}

export async function auditPostgres(url: string): Promise<Audit> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const articles = (await client.query('SELECT id, band_keys FROM newsdedup_article')).rows.map((r) => ({ id: Number(r.id), band_keys: r.band_keys }));
    const postings = (await client.query('SELECT bucket, key_low, articles FROM newsdedup_posting')).rows;
    return audit({ articles, postings }, 'ok');
  } finally {
    await client.end();
  }
}
