import { closeSync, constants, fstatSync, openSync, promises as fs, readFileSync, readSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Problem } from '../types.js';
import { decodeArticle, hasUtf16Mark, textOf, withoutUtf8Mark } from './decode.js';
import { storeText, storeUtf8, type Reread } from '../kernels/stored-text.js';
import { readJsonl } from './read-jsonl.js';
import { ReadAhead } from './read-ahead.js';

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
  /** Called with files read / files found: once when the paths are gathered, then per file. */
  onRead?: (done: number, total: number) => void;
  /** Called with each article as soon as it is read, in the order read; an article later left
   *  out (a second name of one file, an id already taken) included. Reading waits for a promise
   *  it returns (a consumer that has enough for now). */
  onArticleRead?: (article: Article) => void | Promise<void>;
  /** Files found in folders from which on they are read ahead on a thread of their own (see
   *  ReadAhead); default READ_AHEAD_FROM. */
  readAheadFrom?: number;
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
 *
 * - Symbolic links are followed, also when they point outside the folder named; a link back into
 *   a folder being walked is reported as a loop and not followed.
 * - One file reached under two names (symbolic or hard link, or a path given twice) is read once;
 *   when the names differ the second is reported as `DUPLICATE_PATH`.
 * - Folder entries whose names are not valid UTF-8 are opened by their raw bytes; their ids show
 *   the undecodable bytes as U+FFFD.
 * - No more than `maxBytes` are ever read from one file, whatever its size claims to be (so a
 *   device or a file that grows while being read cannot exhaust memory).
 */
export async function readInputs(specs: readonly string[], options: ReadOptions): Promise<ReadResult> {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const problem = (p: string, code: Problem['code'], message: string): void => {
    problems.push({ path: p, code, message });
  };
  // Files are gathered first, read concurrently, then taken in the order gathered, so which of
  // two names of one file counts as the first does not depend on timing.
  const pending: PendingFile[] = [];

  const walk = async (dir: Buffer, shown: string, ancestors: ReadonlySet<string>): Promise<number> => {
    let identity: string;
    try {
      identity = fileIdentity(await fs.stat(dir, { bigint: true }));
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      return 0;
    }
    if (ancestors.has(identity)) {
      problem(shown, 'LOOP', 'symbolic link loop: this folder contains itself; not followed');
      return 0;
    }
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      problem(shown, codeOf(error), reasonOf(error));
      return 0;
    }
    entries.sort((x, y) => Buffer.compare(x.name, y.name));
    const inner = new Set(ancestors).add(identity);
    let files = 0;
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = Buffer.concat([dir, SEPARATOR, entry.name]);
      const shownChild = toId(path.join(shown, name));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException)?.code;
          problem(shownChild, codeOf(error), code === 'ELOOP' ? 'symbolic link loop; not followed' : `broken symbolic link: ${reasonOf(error)}`);
          continue;
        }
      }
      if (isDir) files += await walk(full, shownChild, inner);
      else if (isFile && options.extensions.some((ext) => name.toLowerCase().endsWith(ext.toLowerCase()))) {
        files++;
        pending.push({ file: full, shown: shownChild, listed: true });
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
        if (options.onArticleRead) for (const article of read.articles) await options.onArticleRead(article);
        continue;
      }
      const bytes = await options.readStdin();
      if (bytes.length > options.maxBytes) {
        problem('-', 'TOO_LARGE', `standard input holds ${bytes.length} bytes, above the limit of ${options.maxBytes} (--max-bytes)`);
        continue;
      }
      const decoded = decodeArticle(bytes);
      if ('problem' in decoded) problem('-', decoded.problem, decoded.message);
      else {
        const article = { id: '-', path: '-', text: textOf(decoded) };
        articles.push(article);
        await options.onArticleRead?.(article);
      }
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
      const found = await walk(Buffer.from(full), shown, new Set());
      if (found === 0) {
        problem(shown, 'NO_ARTICLES', `folder has no ${options.extensions.join(' or ')} files`);
      }
    } else {
      pending.push({ file: full, shown, listed: false });
    }
  }

  let read = 0;
  options.onRead?.(0, pending.length);
  // Files found in folders only: a path named by the user is looked at before it is opened (see
  // readRegularFile), and JSONL is read otherwise.
  const ahead = new ReadAhead(pending.map((p) => (p.listed && !isJsonl(p.shown) ? p.file : '')), { from: options.readAheadFrom });
  const outcomes = await mapConcurrently(pending, READ_CONCURRENCY, async (p) => {
    const outcome = readRegularFile(p, options.maxBytes) ?? (await readOne(p, options.maxBytes));
    if (options.onArticleRead) {
      for (const article of outcome.articles) {
        const wait = options.onArticleRead(article);
        if (wait) await wait;
      }
    }
    options.onRead?.(++read, pending.length);
    ahead.taken(read);
    // Regular files are read without leaving this thread: let timers (a progress bar) run now and then.
    if (read % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    return outcome;
  }).finally(() => ahead.close());
  const firstName = new Map<string, string>();
  pending.forEach((p, i) => {
    const outcome = outcomes[i];
    if (outcome.identity !== undefined) {
      const first = firstName.get(outcome.identity);
      if (first !== undefined) {
        if (first !== p.shown) problem(p.shown, 'DUPLICATE_PATH', `same file as ${first}; read once`);
        return;
      }
      firstName.set(outcome.identity, p.shown);
    }
    articles.push(...outcome.articles);
    problems.push(...outcome.problems);
  });
  return { articles: uniqueIds(articles, problems), problems };
}

interface PendingFile {
  /** Path to open: raw bytes for folder entries, whose names need not be valid UTF-8. */
  readonly file: string | Buffer;
  /** The path as the report shows it. */
  readonly shown: string;
  /** Found by walking a folder (so a missing file vanished after the folder was listed). */
  readonly listed: boolean;
}

interface Outcome {
  /** Device and inode: the same for every name of one file. */
  readonly identity?: string;
  readonly articles: readonly Article[];
  readonly problems: readonly Problem[];
}

const SEPARATOR = Buffer.from(path.sep);
/** Reads in flight at once: enough to hide file system latency on 50 000 small files. */
const READ_CONCURRENCY = 16;
const CHUNK_BYTES = 1 << 20;

/** Files read between two turns of the event loop. */
const YIELD_EVERY = 128;
const SCRATCH_BYTES = 1 << 16;
let scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/**
 * A regular file (not JSONL) read with blocking calls: open, fstat, one read of its size + 1,
 * close. Four asynchronous calls per file cost more than reading it (18 s against 3 s for 100,000
 * files of 5 KB with a warm cache), and a regular file does not block. For anything but a regular
 * file, null: readOne reads it (a pipe or a device is never waited on here).
 * The outcome is readOne's, problem for problem.
 */
function readRegularFile(p: PendingFile, maxBytes: number): Outcome | null {
  if (isJsonl(p.shown)) return null;
  let fd: number;
  try {
    // A path named by the user is looked at before it is opened: opening a named pipe would wake
    // its writer. One found by walking a folder was a regular file when listed (its entry, or its
    // link's target, said so): a stat per file cost as much as reading it. fstat below still
    // tells a file replaced since then.
    if (!p.listed && !statSync(p.file).isFile()) return null;
    fd = openSync(p.file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return failed(p, error);
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) return null;
    const identity = fileIdentity(stat);
    if (stat.size > BigInt(maxBytes)) return tooLarge(p, identity, String(stat.size), maxBytes);
    let total = 0;
    // One read of its size + 1; a short read is the end, and a file that grew since fstat is read
    // on in chunks, up to the limit. The bytes go to one reused buffer: a buffer per file made the
    // garbage collector a third of reading.
    let want = Math.min(Number(stat.size) + 1, maxBytes + 1);
    for (;;) {
      if (scratch.length < total + want) scratch = Buffer.concat([scratch.subarray(0, total)], Math.max(total + want, 2 * scratch.length));
      const bytesRead = readSync(fd, scratch, total, want, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return tooLarge(p, identity, `more than ${maxBytes}`, maxBytes);
      if (bytesRead < want) break;
      want = Math.min(CHUNK_BYTES, maxBytes + 1 - total);
    }
    return decoded(p, identity, scratch.subarray(0, total), Object.assign((transient?: boolean) => rereadFile(p, transient === true), { file: p.file }));
  } catch (error) {
    return failed(p, error);
  } finally {
    // A very large file's buffer is not kept for the next one.
    if (scratch.length > SCRATCH_BYTES * 16) scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    try {
      closeSync(fd);
    } catch {
      // Nothing was written: a failed close loses nothing.
    }
  }
}

function failed(p: PendingFile, error: unknown, identity?: string): Outcome {
  const vanished = p.listed && (error as NodeJS.ErrnoException)?.code === 'ENOENT';
  const message = vanished ? 'vanished after its folder was listed: no such file' : reasonOf(error);
  return { identity, articles: [], problems: [{ path: p.shown, code: codeOf(error), message }] };
}

function tooLarge(p: PendingFile, identity: string, size: string, maxBytes: number): Outcome {
  return { identity, articles: [], problems: [{ path: p.shown, code: 'TOO_LARGE', message: `file is ${size} bytes, above the limit of ${maxBytes} (--max-bytes)` }] };
}

function decoded(p: PendingFile, identity: string, bytes: Buffer, reread?: Reread): Outcome {
  const result = decodeArticle(bytes);
  if ('problem' in result) return { identity, articles: [], problems: [{ path: p.shown, code: result.problem, message: result.message }] };
  // Kept as UTF-8 (see stored-text): half the memory of a string, and none of the collector's time.
  const fields = { id: p.shown, path: p.shown };
  return { identity, articles: ['text' in result ? storeText(fields, result.text, undefined, reread) : storeUtf8(fields, result, reread)], problems: [] };
}

/** A regular file's text as UTF-8, read again (see releaseTexts): what decoded stored at first, if
 *  the file is unchanged. With `transient`, in a buffer the next transient read reuses (Reread). */
function rereadFile(p: PendingFile, transient: boolean): Uint8Array {
  const bytes = transient ? readIntoScratch(p.file) : readFileSync(p.file);
  // A file that is not UTF-16 was stored as its bytes after any UTF-8 byte order mark, and the
  // stored text checks those (length and hash): they are not decoded again to be checked here
  // (8 of the 32 µs it took to read a 5 KB article again; a 100k scan reads 70,000 files again).
  if (!hasUtf16Mark(bytes)) return withoutUtf8Mark(bytes);
  const result = decodeArticle(bytes);
  if ('problem' in result) throw new Error(result.message);
  return 'utf8' in result ? result.utf8 : Buffer.from(result.text, 'utf8');
}

let rereadScratch = Buffer.allocUnsafe(SCRATCH_BYTES);

/** A file's whole content in rereadScratch (grown as needed; one that grew very large is not kept
 *  for the next file). */
function readIntoScratch(file: string | Buffer): Buffer {
  const fd = openSync(file, 'r');
  try {
    let total = 0;
    for (;;) {
      if (rereadScratch.length === total) rereadScratch = Buffer.concat([rereadScratch.subarray(0, total)], 2 * rereadScratch.length);
      const bytesRead = readSync(fd, rereadScratch, total, rereadScratch.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    const bytes = rereadScratch.subarray(0, total);
    if (rereadScratch.length > SCRATCH_BYTES * 16) rereadScratch = Buffer.allocUnsafe(SCRATCH_BYTES);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

async function readOne(p: PendingFile, maxBytes: number): Promise<Outcome> {
  const fail = (error: unknown, identity?: string): Outcome => failed(p, error, identity);
  let handle: FileHandle;
  try {
    handle = await fs.open(p.file, 'r');
  } catch (error) {
    return fail(error);
  }
  try {
    const stat = await handle.stat({ bigint: true });
    const identity = fileIdentity(stat);
    if (stat.isDirectory()) return { identity, articles: [], problems: [{ path: p.shown, code: 'EISDIR', message: 'is a folder, expected a file' }] };
    if (isJsonl(p.shown)) {
      // A JSONL file is a corpus, not an article: --max-bytes applies to each of its lines.
      const read = await readJsonl(handle.createReadStream({ autoClose: false }), p.shown, maxBytes);
      return { identity, ...read };
    }
    if (stat.isFile() && stat.size > BigInt(maxBytes)) return tooLarge(p, identity, String(stat.size), maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in one call of its size + 1 (a short read is its end); anything
    // else (a pipe, a device) in chunks until its end or the limit.
    let want = stat.isFile() ? Number(stat.size) + 1 : CHUNK_BYTES;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return tooLarge(p, identity, `more than ${maxBytes}`, maxBytes);
      if (stat.isFile() && bytesRead < chunk.length) break;
      want = CHUNK_BYTES;
    }
    return decoded(p, identity, Buffer.concat(chunks, total));
  } catch (error) {
    return fail(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function fileIdentity(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

/** `f` over every item with at most `limit` calls in flight; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
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
    case 'ENAMETOOLONG':
      return 'path too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
