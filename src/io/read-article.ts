import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NewsdedupError } from '../errors.js';
import type { Article } from '../types.js';
import { readInputs } from './read-inputs.js';

/**
 * Reads exactly one article: a file, a JSONL file holding one line, or `-`. Anything else — a
 * folder, several JSONL articles, an unreadable file — throws, naming the path and the reason.
 */
export async function readArticle(
  spec: string,
  options: { cwd: string; maxBytes: number; readStdin?: () => Promise<Buffer> },
): Promise<Article> {
  if (spec !== '-') {
    const stat = await fs.stat(path.resolve(options.cwd, spec)).catch(() => null);
    if (stat?.isDirectory()) throw new NewsdedupError('INVALID_OPTION', `expected a file, got the folder ${spec} (scan compares whole folders)`);
  }
  const { articles, problems } = await readInputs([spec], { ...options, extensions: [] });
  if (articles.length === 1) return articles[0];
  if (articles.length === 0) {
    throw new NewsdedupError('NO_INPUT', problems.length > 0 ? problems.map((p) => `${p.path}: ${p.message}`).join('; ') : `${spec}: no article`);
  }
  throw new NewsdedupError('INVALID_OPTION', `expected one article in ${spec}, got ${articles.length} (scan compares a whole corpus)`);
}
