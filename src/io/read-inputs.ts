import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Article, Problem } from '../types.js';
import { decodeArticle } from './decode.js';
import { readJsonl } from './read-jsonl.js';

export interface ReadOptions {
  /** Directory that ids are relative to. */
  cwd: string;
  /** File endings taken when walking folders (files named explicitly are always read). */
  extensions: readonly string[];
  /** Files larger than this are reported and skipped. */
  maxBytes: number;
  /** Reads all of standard input, for the path `-`. */
  readStdin?: () => Promise<Buffer>;
  /** Standard input holds JSONL (one article per line) rather than one article. */
  jsonlStdin?: boolean;
}

export interface ReadResult {
  articles: Article[];
  problems: Problem[];
}

export const DEFAULT_EXTENSIONS: readonly string[] = ['.txt'];
/** 20 MB: far above any news article, low enough that one stray dump cannot exhaust memory. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Reads articles from files, folders (recursively, in name order, skipping hidden entries and
 * node_modules) and `-` (standard input). Every unreadable input becomes a Problem naming the path
 * and the reason; the others are still read. Nothing is ever written.
 */
export async function readInputs(specs: readonly string[], options: ReadOptions): Promise<ReadResult> {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const problem = (p: string, code: Problem['code'], message: string): void => {
    problems.push({ path: p, code, message });
  };

  const readFile = async (file: string, shown: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (isJsonl(shown)) {
      // A JSONL file is a corpus, not an article: --max-bytes applies to each of its lines.
      try {
        const read = await readJsonl(createReadStream(real), shown, options.maxBytes);
        articles.push(...read.articles);
        problems.push(...read.problems);
      } catch (error) {
        problem(shown, codeOf(error), reasonOf(error));
      }
      return;
    }
    try {
      const stat = await fs.stat(real);
      if (stat.size > options.maxBytes) {
        problem(shown, 'TOO_LARGE', `file is ${stat.size} bytes, above the limit of ${options.maxBytes} (--max-bytes)`);
        return;
      }
      const bytes = await fs.readFile(real);
      const decoded = decodeArticle(bytes);
      if ('problem' in decoded) problem(shown, decoded.problem, decoded.message);
      else articles.push({ id: shown, path: shown, text: decoded.text });
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
    }
  };

  const walk = async (dir: string, shown: string, ancestors: Set<string>): Promise<number> => {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      return 0;
    }
    if (ancestors.has(real)) {
      problem(shown, 'LOOP', 'symbolic link loop: this folder contains itself; not followed');
      return 0;
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      return 0;
    }
    entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const inner = new Set(ancestors).add(real);
    let files = 0;
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      const shownChild = toId(path.join(shown, entry.name));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          problem(shownChild, codeOf(error), `broken symbolic link: ${reasonOf(error)}`);
          continue;
        }
      }
      if (isDir) files += await walk(full, shownChild, inner);
      else if (isFile && options.extensions.some((ext) => entry.name.toLowerCase().endsWith(ext.toLowerCase()))) {
        files++;
        await readFile(full, shownChild);
      }
    }
    return files;
  };

  for (const spec of specs) {
    if (spec === '-') {
      if (!options.readStdin) {
        problem('-', 'READ_ERROR', 'standard input is not available');
        continue;
      }
      if (seen.has('-')) continue;
      seen.add('-');
      if (options.jsonlStdin) {
        const read = await readJsonl([await options.readStdin()], '-', options.maxBytes);
        articles.push(...read.articles);
        problems.push(...read.problems);
        continue;
      }
      const decoded = decodeArticle(await options.readStdin());
      if ('problem' in decoded) problem('-', decoded.problem, decoded.message);
      else articles.push({ id: '-', path: '-', text: decoded.text });
      continue;
    }
    const full = path.resolve(options.cwd, spec);
    const shown = toId(path.relative(options.cwd, full) || '.');
    let stat;
    try {
      stat = await fs.stat(full);
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      continue;
    }
    if (stat.isDirectory()) {
      const found = await walk(full, shown, new Set());
      if (found === 0) {
        problem(shown, 'NO_ARTICLES', `folder has no ${options.extensions.join(' or ')} files`);
      }
    } else {
      await readFile(full, shown);
    }
  }
  return { articles: uniqueIds(articles, problems), problems };
}

function isJsonl(file: string): boolean {
  return file.toLowerCase().endsWith('.jsonl');
}

/** JSONL ids may collide with each other or with a path: the article whose path sorts first keeps
 *  the id, whatever order the inputs were named in, and the others are reported. */
function uniqueIds(articles: Article[], problems: Problem[]): Article[] {
  const byId = new Map<string, Article>();
  const clash: Article[] = [];
  for (const a of articles) {
    const held = byId.get(a.id);
    if (!held) byId.set(a.id, a);
    else if (a.path < held.path) {
      byId.set(a.id, a);
      clash.push(held);
    } else clash.push(a);
  }
  if (clash.length === 0) return articles;
  for (const a of clash) {
    problems.push({ path: a.path, code: 'DUPLICATE_PATH', message: `id ${JSON.stringify(a.id)} is already used by ${byId.get(a.id)!.path}; skipped` });
  }
  const kept = new Set(byId.values());
  return articles.filter((a) => kept.has(a));
}

/** Ids use forward slashes on every platform. */
function toId(p: string): string {
  return p.split(path.sep).join('/');
}

function codeOf(error: unknown): Problem['code'] {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'ENOENT';
  if (code === 'EACCES' || code === 'EPERM') return 'EACCES';
  if (code === 'EISDIR') return 'EISDIR';
  if (code === 'ELOOP') return 'LOOP';
  return 'READ_ERROR';
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
