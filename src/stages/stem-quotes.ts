import { seedStream } from '../kernels/hash.js';
import { minhashInto } from '../kernels/minhash.js';
import type { QuoteStems } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { stemRange } from './find-quotes.js';

export interface StemQuotesOptions {
  numHashes: number;
  seed: number;
  quoteMinStems: number;
  /** Quotes shorter than this many words are not compared (the copy channel's shortest passage). */
  minPassageTokens: number;
}

/** Keeps quote signatures apart from window signatures made with the same seed. */
export const QUOTE_SALT = 0x71c0de5;

/**
 * The per-article half of the quote channel, run with the other per-article stages (on the worker
 * pool): which of an article's quotes are long enough to compare, their stemmed content words and
 * their MinHash signatures, in flat typed arrays. find-quotes does the corpus half.
 */
export function stemQuotes(text: string, quotes: readonly Quote[], options: StemQuotesOptions): QuoteStems {
  const units: number[] = [];
  const sets: Uint32Array[] = [];
  let total = 0;
  quotes.forEach((quote, q) => {
    const { words, stems } = stemRange(text, quote.start, quote.end);
    if (words < options.minPassageTokens) return;
    if (stems.length < options.quoteMinStems) return;
    units.push(q);
    sets.push(stems);
    total += stems.length;
  });
  return { quote: Int32Array.from(units), ...signStemSets(sets, total, options) };
}

/** Stem sets in one flat array (`stems[offset[u] .. offset[u + 1])`) with the MinHash signature of
 *  each (`numHashes` values from `signatures[u × numHashes]`), salted apart from window signatures. */
export function signStemSets(
  sets: readonly Uint32Array[],
  total: number,
  options: { readonly numHashes: number; readonly seed: number },
): { offset: Int32Array; stems: Uint32Array; signatures: Uint32Array } {
  const k = options.numHashes;
  const offset = new Int32Array(sets.length + 1);
  const stems = new Uint32Array(total);
  const signatures = new Uint32Array(sets.length * k);
  const salts = saltsFor(options.seed, k);
  for (let u = 0; u < sets.length; u++) {
    stems.set(sets[u], offset[u]);
    offset[u + 1] = offset[u] + sets[u].length;
    minhashInto(stems, offset[u], offset[u + 1], salts, signatures, u * k);
  }
  return { offset, stems, signatures };
}

const saltCache = new Map<string, Uint32Array>();

function saltsFor(seed: number, k: number): Uint32Array {
  const key = `${seed}:${k}`;
  let salts = saltCache.get(key);
  if (!salts) saltCache.set(key, (salts = seedStream((seed ^ QUOTE_SALT) >>> 0, k)));
  return salts;
}
