import type { ArticleMeta } from '../types.js';
import type { StoredArticle } from './store.js';

/** An article row as both backends return it. */
export interface ArticleRow {
  id: number | string;
  hash: string;
  article_id: string;
  path: string;
  meta: string | null;
  published: string | null;
  added_at: string;
  text: string;
}

export function articleFromRow(row: ArticleRow): StoredArticle {
  return {
    rowId: Number(row.id),
    hash: row.hash,
    articleId: row.article_id,
    path: row.path,
    meta: row.meta ? (JSON.parse(row.meta) as ArticleMeta) : null,
    published: row.published,
    addedAt: row.added_at,
    text: row.text,
  };
}

export function metaJson(meta: ArticleMeta | null): string | null {
  if (!meta) return null;
  const kept = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(kept).length > 0 ? JSON.stringify(kept) : null;
}
