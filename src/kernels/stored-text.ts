import { NewsdedupError } from '../errors.js';
import type { Article } from '../types.js';
import { countCodePoints, shareCodePoints } from './code-points.js';
import { createHash } from 'node:crypto';
import { sampleHashBytes } from './hash.js';

/**
 * Article texts kept as UTF-8 bytes, off the JavaScript heap, and decoded when read.
 *
 * A scan holds every article's text from reading to the report. As JavaScript strings, texts with
 * a curly quote or a dash take two bytes a character (1.06 GB at 100,000 news articles of 5 KB),
 * and reading them made the young generation copy each one on its way to the old: 4 of the 7.5 s
 * spent reading 100,000 files went to those collections, and 14 of 26 s at 300,000. As UTF-8 in
 * shared slabs they take half the memory and no collector's time; a read costs one decode
 * (≈ 6.6 µs for 5 KB), so the stages that need a text once per article read it once.
 *
 * A text read from a file can also be let go (releaseTexts) once the stages that read every text
 * have it, and read again from its file when a later stage asks for it: on a corpus of millions of
 * articles the texts are a fifth of the memory a scan holds, and the later stages read about a
 * third of them. A file that changed in between is an error naming it, never a silently wrong text.
 */

/** Bytes per slab: texts are appended to the current slab until the next one does not fit. */
const SLAB_BYTES = 8 << 20;

/**
 * A slab is shared memory, so that the worker threads read the texts where they are (see batchTask
 * in the pool) instead of from a copy made for each batch: copying them cost the main thread 3–5 s
 * at 100,000 articles, most of it faulting in the fresh pages of each batch's buffer.
 */
function newSlab(bytes: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(bytes));
}

let slab = newSlab(0);
let used = 0;

/** Reads a text's UTF-8 again, from the file it was read from. */
export type Reread = () => Uint8Array;

/** What holds a stored article's text: its bytes, or once released, how to read them again and
 *  what they were (length and a hash), to tell a file that changed meanwhile. */
interface Holder {
  bytes: Buffer | null;
  readonly reread: Reread | null;
  readonly path: string;
  length: number;
  hash: number;
  readonly facts: StoredFacts;
}

/**
 * What the stages before analysis need of a text, kept while it is let go: which articles are
 * exact copies (collapse-copies) and which may start with front matter (withFrontMatter). A scan
 * lets texts go while it is still reading (see AnalysisStream), before those stages run.
 */
export interface StoredFacts {
  /** sampleHashBytes of the UTF-8: equal texts have equal fingerprints. */
  readonly fingerprint: number;
  /** The text is blank (`text.trim() === ''`). */
  readonly blank: boolean;
  /** The first byte of the UTF-8, -1 for an empty text. */
  readonly first: number;
}

/**
 * The holder behind a stored article, for stages that can work on bytes (see storedBytes): a
 * property of the article that is not enumerable, so spreading, serializing or sending the article
 * does not carry it. Not a WeakMap: with a million entries, collections of the young generation
 * during the old generation's marking went through all of them (a 1M scan's backtraces showed it).
 */
const HOLDER = Symbol('stored text');

const stored = {
  get: (article: Article): Holder | undefined => (article as unknown as Record<symbol, Holder | undefined>)[HOLDER],
  has: (article: Article): boolean => HOLDER in article,
};

/** The last text decoded, by its holder: a stage reading one article's text twice in a row decodes it once. */
let lastHolder: Holder | null = null;
let lastText = '';

/**
 * An article whose `text` is kept as UTF-8 and decoded on every read (an own, enumerable getter:
 * spreading the article or sending it to a worker thread copies the text as a string).
 * `utf8`, when given, must be exactly the UTF-8 encoding of `text` (a file's bytes without its
 * byte order mark); it is copied rather than encoded again. `text` must be well formed (no lone
 * surrogates, which UTF-8 cannot carry): texts decoded from files are.
 */
export function storeText(fields: Omit<Article, 'text'>, text: string, utf8?: Uint8Array, reread?: Reread): Article {
  const most = utf8 ? utf8.length : text.length * 3;
  if (slab.length - used < most) {
    slab = newSlab(Math.max(SLAB_BYTES, most));
    used = 0;
  }
  let length: number;
  if (utf8) {
    slab.set(utf8, used);
    length = utf8.length;
  } else {
    length = slab.write(text, used, 'utf8');
  }
  const bytes = slab.subarray(used, used + length);
  used += length;
  const facts = { fingerprint: sampleHashBytes(bytes), blank: isBlank(bytes, text), first: length > 0 ? bytes[0] : -1 };
  const holder: Holder = { bytes, reread: reread ?? null, path: fields.path, length, hash: 0, facts };
  const article = storedAs({ ...fields } as Article, holder);
  // Every scan converts offsets of every article: the counter is made while the text is at hand.
  countCodePoints(article, text, true);
  return article;
}

/** Whether the text is blank: trimmed only when no byte is a printable ASCII character. */
function isBlank(bytes: Uint8Array, text: string): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x20 && bytes[i] < 0x7f) return false;
  return text.trim() === '';
}

/** The facts kept with an article's stored text (see StoredFacts), or undefined for any other article. */
export function storedFacts(article: Article): StoredFacts | undefined {
  return stored.get(article)?.facts;
}

function decode(holder: Holder): string {
  if (holder !== lastHolder) {
    lastText = bytesOf(holder).toString('utf8');
    lastHolder = holder;
  }
  return lastText;
}

/** The holder's bytes, read again from the file when released. */
function bytesOf(holder: Holder): Buffer {
  if (holder.bytes) return holder.bytes;
  let again: Uint8Array;
  try {
    again = holder.reread!();
  } catch (error) {
    throw changed(holder, `could not be read again: ${(error as Error).message}`);
  }
  if (again.length !== holder.length || hashBytes(again) !== holder.hash) {
    throw changed(holder, `expected the ${holder.length} bytes of text read at the start, got ${again.length} bytes${again.length === holder.length ? ' that differ' : ''}`);
  }
  return Buffer.from(again.buffer, again.byteOffset, again.length);
}

function changed(holder: Holder, what: string): NewsdedupError {
  return new NewsdedupError('INPUT_CHANGED', `${holder.path}: changed while the run was reading it (${what}); copy the corpus to a folder nothing writes to, or scan fewer articles at once`);
}

/**
 * Lets go of the texts of `articles` that were read from files (storeText's `reread`), keeping
 * their length and hash: a later read of `text` or storedBytes reads the file again and checks it.
 * The slabs go once no article's text is in them. Returns the bytes let go.
 */
export function releaseTexts(articles: readonly Article[]): number {
  let released = 0;
  for (const article of articles) {
    const holder = stored.get(article);
    if (!holder || !holder.bytes || !holder.reread) continue;
    holder.hash = hashBytes(holder.bytes);
    holder.length = holder.bytes.length;
    released += holder.length;
    holder.bytes = null;
  }
  slab = newSlab(0);
  used = 0;
  return released;
}

/**
 * The first 48 bits of the bytes' SHA-1, one exact number: a stronger check than the 32-bit FNV-1a
 * it replaces, and native. Over the texts of 100,000 articles both cost the main thread about 2 s
 * when the texts are no longer in the CPU's caches (2.3 s FNV-1a, 2.1 s SHA-1 in profiles); on
 * warm data SHA-1 took two thirds of FNV-1a's time.
 */
function hashBytes(bytes: Uint8Array): number {
  return createHash('sha1').update(bytes).digest().readUIntLE(0, 6);
}

/** The bytes of the texts stored and still held (not released) among `articles`. */
export function heldTextBytes(articles: readonly Article[]): number {
  let held = 0;
  for (const article of articles) held += stored.get(article)?.bytes?.length ?? 0;
  return held;
}

/**
 * The article with other fields (metadata), its text kept as it was: `{ ...article, ...fields }`
 * would turn a stored text into a string.
 */
export function withFields(article: Article, fields: Partial<Omit<Article, 'text'>>): Article {
  const holder = stored.get(article);
  if (!holder) return { ...article, ...fields };
  const copy: Record<string, unknown> = {};
  // By key, so that the text is not decoded on the way.
  for (const key of Object.keys(article)) if (key !== 'text') copy[key] = (article as unknown as Record<string, unknown>)[key];
  const kept = storedAs(Object.assign(copy, fields) as unknown as Article, holder);
  shareCodePoints(article, kept);
  return kept;
}

function storedAs(article: Article, holder: Holder): Article {
  Object.defineProperty(article, 'text', { get: () => decode(holder), enumerable: true });
  Object.defineProperty(article, HOLDER, { value: holder });
  return article;
}

/**
 * What identifies an article's stored text (storeText) across the copies made of the article
 * (withFields): the same object for every copy, another for every other text; undefined for an
 * article whose text is not stored, or was replaced. Opaque: only to look results up by.
 */
export function storedTextKey(article: Article): object | undefined {
  return stored.get(article);
}

/** The UTF-8 bytes of an article made by storeText (read again if released), or undefined for any other article. */
export function storedBytes(article: Article): Uint8Array | undefined {
  const holder = stored.get(article);
  return holder && bytesOf(holder);
}

/**
 * `article.text.slice(start, end)`, to be held after the text: a copy of its own when the text is
 * stored (a slice would keep the decoded text alive, see detachedSlice), a plain slice otherwise
 * (the article holds its text anyway, and the slice shares it).
 */
export function excerptOf(article: Article, start: number, end: number): string {
  return stored.has(article) ? detachedSlice(article.text, start, end) : article.text.slice(start, end);
}

/**
 * `text.slice(start, end)` as a string of its own. V8 makes a slice of 13 characters or more a
 * view of the whole text, which a decoded text would then keep alive as long as the slice (an
 * excerpt held by the report): 10 KB kept per excerpt of a 5 KB article. Prefixing a character
 * and slicing it off again makes V8 copy the slice alone into a string of its own first.
 */
export function detachedSlice(text: string, start = 0, end = text.length): string {
  return (' ' + text.slice(start, end)).slice(1);
}
