import type { Article, ArticleMeta, Problem } from '../types.js';
import { storeText } from '../kernels/stored-text.js';

/**
 * Reads articles from JSONL: one JSON object per line with `id` and `text`, and optional metadata
 *
 *   {"id": "afp-0215-1", "text": "PARIS (AFP) - France on Wednesday …", "outlet": "AFP", "published": "2017-02-15T10:12:00Z"}
 *
 * A line that is not valid UTF-8 or JSON, or lacks `id` or `text`, becomes a Problem named
 * `file.jsonl:LINE` and is skipped; the other lines are still read. Lines are split on bytes as
 * they stream in, so a corpus larger than memory allows for one string is still read.
 */
export async function readJsonl(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  maxLineBytes: number,
): Promise<{ articles: Article[]; problems: Problem[] }> {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  const firstLine = new Map<string, number>();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let line = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let oversized = false;

  const problem = (code: Problem['code'], message: string): void => {
    problems.push({ path: `${file}:${line}`, code, message });
  };

  const take = (bytes: Uint8Array): void => {
    line++;
    if (oversized) {
      problem('TOO_LARGE', `line is longer than ${maxLineBytes} bytes (--max-bytes); skipped`);
      return;
    }
    let text: string;
    try {
      // Only the first line may carry a BOM; TextDecoder drops it there and keeps it elsewhere.
      text = line === 1 ? decoder.decode(bytes) : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      problem('ENCODING', 'not valid UTF-8; skipped');
      return;
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problem('JSONL', `not valid JSON (${(error as Error).message}); skipped`);
      return;
    }
    const parsed = articleOf(value);
    if ('message' in parsed) {
      problem(parsed.code, `${parsed.message}; skipped`);
      return;
    }
    const earlier = firstLine.get(parsed.id);
    if (earlier !== undefined) {
      problem('JSONL', `id ${JSON.stringify(parsed.id)} was already used on line ${earlier}; skipped`);
      return;
    }
    firstLine.set(parsed.id, line);
    const record = value as Record<string, unknown>;
    const fields = { id: parsed.id, path: `${file}:${line}`, ...(parsed.meta ? { meta: parsed.meta } : {}), jsonl: { file, line, record } };
    // UTF-8 cannot carry a lone surrogate (JSON can, as "\ud800"): such a text stays a string.
    if (!(parsed.text as unknown as { isWellFormed(): boolean }).isWellFormed()) {
      articles.push({ ...fields, text: parsed.text });
      return;
    }
    // Kept as UTF-8 (see stored-text); the record's text is read from the article, so that the
    // text is held once and the record's fields keep their order.
    const article = storeText(fields, parsed.text);
    Object.defineProperty(record, 'text', { get: () => article.text, enumerable: true, configurable: true });
    articles.push(article);
  };

  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl < 0 ? chunk.length : nl;
      if (end > from) {
        if (pendingBytes + (end - from) > maxLineBytes) oversized = true;
        else pending.push(chunk.subarray(from, end));
        pendingBytes += end - from;
      }
      if (nl < 0) break;
      take(oversized ? new Uint8Array(0) : concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
      oversized = false;
      from = nl + 1;
    }
  }
  if (pendingBytes > 0) take(oversized ? new Uint8Array(0) : concat(pending, pendingBytes));
  return { articles, problems };
}

type Parsed = { id: string; text: string; meta?: ArticleMeta } | { code: Problem['code']; message: string };

function articleOf(value: unknown): Parsed {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { code: 'JSONL', message: `expected a JSON object with "id" and "text", got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  const record = value as Record<string, unknown>;
  const rawId = record.id;
  let id: string;
  if (typeof rawId === 'string' && rawId.trim() !== '') id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  else return { code: 'JSONL', message: rawId === undefined ? 'missing "id"' : `expected "id" to be a non-empty string or a number, got ${JSON.stringify(rawId)}` };
  const text = record.text;
  if (typeof text !== 'string') {
    return { code: 'JSONL', message: text === undefined ? `article ${JSON.stringify(id)}: missing "text"` : `article ${JSON.stringify(id)}: expected "text" to be a string, got ${typeof text}` };
  }
  if (text.trim() === '') return { code: 'EMPTY', message: `article ${JSON.stringify(id)}: "text" is empty` };
  if (text.includes('\0')) return { code: 'BINARY', message: `article ${JSON.stringify(id)}: "text" contains NUL characters` };
  const meta: ArticleMeta = {};
  const title = stringField(record, 'title');
  const url = stringField(record, 'url');
  const outlet = stringField(record, 'outlet') ?? stringField(record, 'source');
  const published = stringField(record, 'published') ?? stringField(record, 'date');
  if (title !== undefined) meta.title = title;
  if (url !== undefined) meta.url = url;
  if (outlet !== undefined) meta.outlet = outlet;
  if (published !== undefined) meta.published = published;
  return Object.keys(meta).length > 0 ? { id, text, meta } : { id, text };
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const v = record[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
