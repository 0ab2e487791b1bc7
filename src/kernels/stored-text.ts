import { NewsdedupError } from '../errors.js';
import type { Article } from '../types.js';
import { countBmpCodePoints, countCodePoints, shareCodePoints } from './code-points.js';
import { hash } from 'node:crypto';
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
 *
 * A slab whose texts were all let go (releaseTexts) and that no worker thread is reading (pinTexts)
 * is filled again rather than a new one made: on a corpus of more than releaseTextsAbove the texts
 * are let go while still reading, and fresh slabs for every text read cost 2.1 s per 100,000
 * articles in page faults against 0.3 s for slabs filled again.
 */
interface Slab {
  readonly buffer: Buffer;
  /** Texts stored in it and not let go. */
  live: number;
  /** Batches on the worker threads that read texts in it. */
  pins: number;
}

function newSlab(bytes: number): Slab {
  return { buffer: Buffer.from(new SharedArrayBuffer(bytes)), live: 0, pins: 0 };
}

/** Slabs free to be filled again, at most MAX_FREE_SLABS of them (64 MB), until emptySlabs. */
const MAX_FREE_SLABS = 8;
let free: Buffer[] = [];
let slab = newSlab(0);
let used = 0;

/** The current slab, with room for `bytes` more. */
function slabWithRoom(bytes: number): Slab {
  if (slab.buffer.length - used >= bytes) return slab;
  const full = slab;
  const again = bytes <= SLAB_BYTES ? free.pop() : undefined;
  slab = again ? { buffer: again, live: 0, pins: 0 } : newSlab(Math.max(SLAB_BYTES, bytes));
  used = 0;
  reuseIfFree(full);
  return slab;
}

/** Keeps a slab that holds no text anyone reads for the next texts (not the current one). */
function reuseIfFree(old: Slab): void {
  if (old === slab || old.live > 0 || old.pins > 0) return;
  if (old.buffer.length === SLAB_BYTES && free.length < MAX_FREE_SLABS) free.push(old.buffer);
}

/**
 * Lets go of the slabs kept to be filled again: a scan calls it when its texts are read (up to
 * MAX_FREE_SLABS × 8 MB would otherwise stay until the next scan).
 */
export function emptySlabs(): void {
  free = [];
  if (slab.live === 0 && slab.pins === 0) {
    slab = newSlab(0);
    used = 0;
  }
}

/**
 * Marks the slabs holding the texts of `articles` as read by a worker thread, so that none is
 * filled again while it reads them even if the texts are let go meanwhile (see batchTask in the
 * pool); the function returned ends that, once the thread is done with them.
 */
export function pinTexts(articles: readonly Article[]): () => void {
  const pinned: Slab[] = [];
  for (const article of articles) {
    const holder = stored.get(article);
    if (!holder?.bytes || !holder.slab) continue;
    holder.slab.pins++;
    pinned.push(holder.slab);
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const pinnedSlab of pinned) {
      pinnedSlab.pins--;
      reuseIfFree(pinnedSlab);
    }
  };
}

/** Reads a text's UTF-8 again, from the file it was read from: `file`, when given, so that the
 *  file can be read ahead (see releasedFile). With `transient`, the bytes may be a view of a
 *  buffer the next transient read fills again: for a caller that decodes them at once. */
export type Reread = ((transient?: boolean) => Uint8Array) & { readonly file?: string | Uint8Array };

/** What holds a stored article's text: its bytes, or once released, how to read them again and
 *  what they were (length and a hash), to tell a file that changed meanwhile. */
interface Holder {
  bytes: Buffer | null;
  /** The slab `bytes` are in, while they are held (null once let go, or for a text not in one). */
  slab: Slab | null;
  readonly reread: Reread | null;
  readonly path: string;
  readonly length: number;
  /** hashBytes of the bytes, for a text that can be let go (one with `reread`), else 0. */
  readonly hash: number;
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
  const article = slabbed(fields, utf8 ?? text, () => text, reread);
  // Every scan converts offsets of every article: the counter is made while the text is at hand.
  countCodePoints(article, text, true);
  return article;
}

/**
 * Valid UTF-8 and the facts about its text that storing it needs (see decodeArticle, which finds
 * them without decoding).
 */
export interface Utf8Text {
  readonly utf8: Uint8Array;
  /** The text's length in UTF-16 code units. */
  readonly units: number;
  /** Whether the text has characters beyond the Basic Multilingual Plane. */
  readonly astral: boolean;
}

/**
 * storeText of UTF-8 that is not decoded first: a file's text is decoded where a stage reads it,
 * and only a text with characters beyond the Basic Multilingual Plane is decoded here (its code
 * point counter needs their offsets).
 */
export function storeUtf8(fields: Omit<Article, 'text'>, text: Utf8Text, reread?: Reread): Article {
  const decodeCopy = (): string => Buffer.from(text.utf8.buffer, text.utf8.byteOffset, text.utf8.length).toString('utf8');
  const article = slabbed(fields, text.utf8, decodeCopy, reread);
  if (text.astral) countCodePoints(article, decodeCopy(), true);
  else countBmpCodePoints(article, text.units);
  return article;
}

/** An article whose text, UTF-8 bytes or a string encoded here, is copied into a slab; `decoded` gives it as a string, for the rare check that needs one. */
function slabbed(fields: Omit<Article, 'text'>, text: Uint8Array | string, decoded: () => string, reread: Reread | undefined): Article {
  const most = typeof text === 'string' ? text.length * 3 : text.length;
  const into = slabWithRoom(most);
  let length: number;
  if (typeof text === 'string') {
    length = into.buffer.write(text, used, 'utf8');
  } else {
    into.buffer.set(text, used);
    length = text.length;
  }
  const bytes = into.buffer.subarray(used, used + length);
  used += length;
  into.live++;
  const facts = { fingerprint: sampleHashBytes(bytes), blank: isBlankUtf8(bytes, decoded), first: length > 0 ? bytes[0] : -1 };
  // Hashed now, while the bytes are in the CPU's caches, if they may be let go: when they were let
  // go, a scan of 100,000 articles spent 2.8 s hashing them there.
  const holder: Holder = { bytes, slab: into, reread: reread ?? null, path: fields.path, length, hash: reread ? hashBytes(bytes) : 0, facts };
  return storedAs({ ...fields } as Article, holder);
}

/** Whether the text that UTF-8 `bytes` encode is blank: decoded (`text`) and trimmed only when no
 *  byte is a printable ASCII character, which is not white space. */
export function isBlankUtf8(bytes: Uint8Array, text: () => string): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x20 && bytes[i] < 0x7f) return false;
  return text().trim() === '';
}

/** The facts kept with an article's stored text (see StoredFacts), or undefined for any other article. */
export function storedFacts(article: Article): StoredFacts | undefined {
  return stored.get(article)?.facts;
}

function decode(holder: Holder): string {
  if (holder !== lastHolder) {
    // Decoded at once, so the bytes read again may be transient: a fresh buffer for each file read
    // again (3.6 GB at a million articles) was memory V8 counts outside its heap, and each 64 MB of
    // it started a marking of the whole heap.
    lastText = bytesOf(holder, true).toString('utf8');
    lastHolder = holder;
  }
  return lastText;
}

/** The holder's bytes, read again from the file when released (valid until the next transient
 *  read when `transient`, see Reread). */
function bytesOf(holder: Holder, transient = false): Buffer {
  if (holder.bytes) return holder.bytes;
  let again: Uint8Array;
  try {
    again = holder.reread!(transient);
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

/** The file a released text (see releaseTexts) is read again from, if its Reread names one; ''
 *  for any other article (its text is held, or not read from a file), as a ReadAhead skips it. */
export function releasedFile(article: Article): string | Uint8Array {
  const holder = stored.get(article);
  return holder && holder.bytes === null ? (holder.reread?.file ?? '') : '';
}

/**
 * Lets go of the texts of `articles` that were read from files (storeText's `reread`), keeping
 * their length and hash: a later read of `text` or storedBytes reads the file again and checks it.
 * A slab none of whose texts is held any more is filled again with the texts stored next (see Slab),
 * or goes with emptySlabs. Returns the bytes let go.
 */
export function releaseTexts(articles: readonly Article[]): number {
  let released = 0;
  for (const article of articles) {
    const holder = stored.get(article);
    if (!holder || !holder.bytes || !holder.reread) continue;
    released += holder.length;
    holder.bytes = null;
    const held = holder.slab;
    holder.slab = null;
    if (held && --held.live === 0) reuseIfFree(held);
  }
  return released;
}

/**
 * The first 48 bits of the bytes' SHA-1, one exact number: a stronger check than the 32-bit FNV-1a
 * it replaces, and native. One call (crypto.hash) rather than a Hash object per text: 3.5 against
 * 6.9 µs for a 5 KB text.
 */
function hashBytes(bytes: Uint8Array): number {
  return hash('sha1', bytes, 'buffer').readUIntLE(0, 6);
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

/**
 * The UTF-8 bytes of an article made by storeText (read again if released), or undefined for any
 * other article. Bytes still held are a view of their slab, valid until the text is let go
 * (releaseTexts): the slab may then be filled again with other texts (pinTexts keeps it meanwhile).
 */
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
