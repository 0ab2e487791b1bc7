import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Article, ArticleMeta, Problem } from '../types.js';
import { withFields } from '../kernels/stored-text.js';

/** Column names accepted for each field of a metadata CSV (first row), case-insensitive. */
const COLUMNS: Record<string, keyof ArticleMeta | 'key'> = {
  id: 'key', path: 'key', file: 'key', filename: 'key',
  outlet: 'outlet', publisher: 'outlet', source: 'outlet', site: 'outlet',
  published: 'published', date: 'published', published_at: 'published', pubdate: 'published',
  url: 'url', link: 'url',
  title: 'title', headline: 'title',
};

/**
 * Reads a sidecar CSV of article metadata (`id` or `path`, `outlet`, `published`, `url`, `title`;
 * a header row names the columns, in any order) and attaches each row to the article it names: by
 * id, by path (relative to the CSV's folder or to the working directory), or by file name when
 * that is unique. Its values win over front matter and JSONL fields. An unreadable file, a CSV
 * without an id/path column, or a row that names no article is a problem; the scan goes on.
 *
 *   id,outlet,published,url
 *   fixtures/france-russia/000_25b08a5b48b33ed2.txt,Daily Mail,,https://www.dailymail.co.uk/…
 */
export async function readMeta(file: string, cwd: string, articles: readonly Article[]): Promise<{ articles: Article[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const problem = (message: string): void => {
    problems.push({ path: file, code: 'META', message });
  };
  let rows: string[][];
  try {
    const text = await fs.readFile(path.resolve(cwd, file), 'utf8');
    rows = parse(text.replace(/^\ufeff/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    problem(e.code === 'ENOENT' ? 'metadata file not found' : `cannot read the metadata CSV: ${e.message}`);
    return { articles: [...articles], problems };
  }
  if (rows.length === 0) {
    problem('the metadata CSV is empty: expected a header row such as "id,outlet,published,url,title"');
    return { articles: [...articles], problems };
  }
  const fields = rows[0].map((h) => COLUMNS[h.trim().toLowerCase()] ?? null);
  const keyColumn = fields.indexOf('key');
  if (keyColumn < 0) {
    problem(`expected an "id" or "path" column in the header, got ${JSON.stringify(rows[0].join(','))}`);
    return { articles: [...articles], problems };
  }

  const folder = path.dirname(path.resolve(cwd, file));
  const byId = new Map(articles.map((a, i) => [a.id, i]));
  const byPath = new Map(articles.map((a, i) => [path.resolve(cwd, a.path), i]));
  const byBase = new Map<string, number | null>();
  articles.forEach((a, i) => {
    const base = path.basename(a.path);
    byBase.set(base, byBase.has(base) ? null : i);
  });
  const meta = articles.map((a): ArticleMeta => ({ ...(a.meta ?? {}) }));

  rows.slice(1).forEach((row, r) => {
    const key = (row[keyColumn] ?? '').trim();
    if (key === '') return;
    const index =
      byId.get(key) ?? byPath.get(path.resolve(folder, key)) ?? byPath.get(path.resolve(cwd, key)) ?? byBase.get(path.basename(key)) ?? undefined;
    if (index === undefined || index === null) {
      problem(`row ${r + 2}: no article read has the id or path ${JSON.stringify(key)}`);
      return;
    }
    row.forEach((value, c) => {
      const field = fields[c];
      if (field === null || field === 'key' || value.trim() === '') return;
      meta[index][field] = value.trim();
    });
  });
  return { articles: articles.map((a, i) => (Object.keys(meta[i]).length === 0 ? a : withFields(a, { meta: meta[i] }))), problems };
}
