import type { ArticleMeta } from '../types.js';
import type { Entries } from './postings.js';

/**
 * The narrow interface both index backends implement (embedded SQLite, shared PostgreSQL). It
 * stores and returns data only; signing articles and reading the findings are done above it
 * (index-db.ts), the same way for both.
 */
export interface IndexStore {
  readonly backend: 'sqlite' | 'postgres';
  /** The file path, or the URL without its password. */
  readonly location: string;
  readonly schemaVersion: number;

  /** A value of `newsdedup_meta`, or null. */
  getMeta(name: string): Promise<string | null>;
  /** Sets a value unless one is there already (two workers creating one index agree on the first);
   *  returns the value in force. */
  initMeta(name: string, value: string): Promise<string>;

  /** Of these content hashes, those already stored, with the stored article's id. */
  knownHashes(hashes: readonly string[]): Promise<Map<string, string>>;
  /**
   * Stores a batch in one transaction: either every new article of the batch with its postings is
   * in, or none is. An article whose hash is already stored (also by a concurrent add) is skipped:
   * its slot in the result is null; the others get their row id.
   */
  addArticles(batch: readonly NewStoredArticle[], addedAt: string): Promise<(number | null)[]>;
  /** Every stored (band key, article row id) entry whose key is one of `keys`, by key then article. */
  lookup(keys: Uint32Array): Promise<Entries>;
  /** The articles with these row ids (missing ids are left out), in row id order. */
  getArticles(ids: readonly number[]): Promise<StoredArticle[]>;
  /** The sketches of these articles, without their text (missing ids are left out), in row id order. */
  getSketches(ids: readonly number[]): Promise<StoredSketch[]>;
  stats(): Promise<StoreStats>;
  /** Removes the articles published before `before` (added before it, when their publication time
   *  is unknown) with their postings, in one transaction; returns how many. */
  prune(before: string, dryRun: boolean): Promise<number>;
  close(): Promise<void>;
}

export interface NewStoredArticle {
  /** SHA-256 of the text, hex. */
  readonly hash: string;
  readonly articleId: string;
  readonly path: string;
  readonly meta: ArticleMeta | null;
  /** ISO 8601, when known. */
  readonly published: string | null;
  readonly text: string;
  /** Length in code points. */
  readonly chars: number;
  readonly windows: number;
  /** Distinct band keys of all windows, ascending. */
  readonly bandKeys: Uint32Array;
  /** The encoded sketch (see sketch-article.ts). */
  readonly sketch: Uint8Array;
}

export interface StoredSketch {
  readonly rowId: number;
  readonly hash: string;
  readonly articleId: string;
  /** Null for an article stored by schema version 1. */
  readonly sketch: Uint8Array | null;
}

export interface StoredArticle {
  readonly rowId: number;
  readonly hash: string;
  readonly articleId: string;
  readonly path: string;
  readonly meta: ArticleMeta | null;
  readonly published: string | null;
  readonly addedAt: string;
  readonly text: string;
}

export interface StoreStats {
  readonly articles: number;
  readonly windows: number;
  readonly chars: number;
  /** Stored (band key, article) entries. */
  readonly entries: number;
  readonly postingRows: number;
  readonly outlets: number;
  readonly firstPublished: string | null;
  readonly lastPublished: string | null;
  readonly firstAdded: string | null;
  readonly lastAdded: string | null;
  /** Bytes on disk (SQLite: the file; PostgreSQL: the tables and their indexes). */
  readonly bytes: number;
}
