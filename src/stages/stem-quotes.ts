import { minhashInto } from '../kernels/minhash.js';
import type { QuoteStems } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { stemRange } from './find-quotes.js';
import { quoteSalts } from './sign-quotes.js';

export interface StemQuotesOptions {
  quoteMinStems: number;
  /** Quotes shorter than this many words are not compared (the copy channel's shortest passage). */
  minPassageTokens: number;
}

/**
 * The per-article half of the quote channel, run with the other per-article stages (on the worker
 * pool): which of an article's quotes are long enough to compare and their stemmed content words,
 * in flat typed arrays. find-quotes does the corpus half; sign-quotes signs the stems there, on the
 * thread that joins the quotes (a band's keys at a time, and no signature carried from the pool).
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
  return { quote: Int32Array.from(units), ...flatStemSets(sets, total) };
}

/** Stem sets in one flat array: set `u` is `stems[offset[u] .. offset[u + 1])`. */
function flatStemSets(sets: readonly Uint32Array[], total: number): { offset: Int32Array; stems: Uint32Array } {
  const offset = new Int32Array(sets.length + 1);
  const stems = new Uint32Array(total);
  for (let u = 0; u < sets.length; u++) {
    stems.set(sets[u], offset[u]);
    offset[u + 1] = offset[u] + sets[u].length;
  }
  return { offset, stems };
}

/** Stem sets in one flat array (`stems[offset[u] .. offset[u + 1])`) with the MinHash signature of
 *  each (`numHashes` values from `signatures[u × numHashes]`), as a persistent index keeps them
 *  (sketch-article); the band keys sign-quotes makes are these signatures' keys. */
export function signStemSets(
  sets: readonly Uint32Array[],
  total: number,
  options: { readonly numHashes: number; readonly seed: number },
): { offset: Int32Array; stems: Uint32Array; signatures: Uint32Array } {
  const k = options.numHashes;
  const { offset, stems } = flatStemSets(sets, total);
  const signatures = new Uint32Array(sets.length * k);
  const salts = quoteSalts(options.seed, k);
  for (let u = 0; u < sets.length; u++) minhashInto(stems, offset[u], offset[u + 1], salts, signatures, u * k);
  return { offset, stems, signatures };
}
