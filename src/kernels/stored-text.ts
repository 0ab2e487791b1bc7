import type { Article } from '../types.js';
import { countCodePoints } from './code-points.js';

/**
 * Article texts kept as UTF-8 bytes, off the JavaScript heap, and decoded when read.
 *
 * A scan holds every article's text from reading to the report. As JavaScript strings, texts with
 * a curly quote or a dash take two bytes a character (1.06 GB at 100,000 news articles of 5 KB),
 * and reading them made the young generation copy each one on its way to the old: 4 of the 7.5 s
 * spent reading 100,000 files went to those collections, and 14 of 26 s at 300,000. As UTF-8 in
 * shared slabs they take half the memory and no collector's time; a read costs one decode
 * (≈ 6.6 µs for 5 KB), so the stages that need a text once per article read it once.
 */

/** Bytes per slab: texts are appended to the current slab until the next one does not fit. */
const SLAB_BYTES = 8 << 20;

let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

/** The bytes behind each stored article, for stages that can work on bytes (see storedBytes). */
const stored = new WeakMap<Article, Buffer>();

/** The last text decoded, by its bytes: a stage reading one article's text twice in a row decodes it once. */
let lastBytes: Buffer | null = null;
let lastText = '';

/**
 * An article whose `text` is kept as UTF-8 and decoded on every read (an own, enumerable getter:
 * spreading the article or sending it to a worker thread copies the text as a string).
 * `utf8`, when given, must be exactly the UTF-8 encoding of `text` (a file's bytes without its
 * byte order mark); it is copied rather than encoded again. `text` must be well formed (no lone
 * surrogates, which UTF-8 cannot carry): texts decoded from files are.
 */
export function storeText(fields: Omit<Article, 'text'>, text: string, utf8?: Uint8Array): Article {
  const most = utf8 ? utf8.length : text.length * 3;
  if (slab.length - used < most) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, most));
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
  const article = storedAs({ ...fields } as Article, bytes);
  // Every scan converts offsets of every article: the counter is made while the text is at hand.
  countCodePoints(article, text);
  return article;
}

function decode(bytes: Buffer): string {
  if (bytes !== lastBytes) {
    lastText = bytes.toString('utf8');
    lastBytes = bytes;
  }
  return lastText;
}

/**
 * The article with other fields (metadata), its text kept as it was: `{ ...article, ...fields }`
 * would turn a stored text into a string.
 */
export function withFields(article: Article, fields: Partial<Omit<Article, 'text'>>): Article {
  const bytes = stored.get(article);
  if (!bytes) return { ...article, ...fields };
  const copy: Record<string, unknown> = {};
  // By key, so that the text is not decoded on the way.
  for (const key of Object.keys(article)) if (key !== 'text') copy[key] = (article as unknown as Record<string, unknown>)[key];
  return storedAs(Object.assign(copy, fields) as unknown as Article, bytes);
}

function storedAs(article: Article, bytes: Buffer): Article {
  Object.defineProperty(article, 'text', { get: () => decode(bytes), enumerable: true });
  stored.set(article, bytes);
  return article;
}

/** The UTF-8 bytes of an article made by storeText, or undefined for any other article. */
export function storedBytes(article: Article): Uint8Array | undefined {
  return stored.get(article);
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
