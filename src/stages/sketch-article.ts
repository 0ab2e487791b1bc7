import type { ArticleAnalysis, BandKeys, Shingles } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { stemRange } from './find-quotes.js';
import { fromWindowMajor, windowMajor } from './key-bands.js';
import { signStemSets } from './stem-quotes.js';

/**
 * What a persistent index keeps of an article so that a check can tell whether it shares a
 * verified passage or quote with a new article without analysing its text again: each window's
 * band keys and shingle set (the inputs of find-candidates and verify) and each quote's content
 * word stems with its word count (the inputs of the quote channel, before the run's
 * `minPassageTokens` and `quoteMinStems` are applied) with their signatures. About 8 KB for a 5 KB article.
 */
export interface Sketch {
  readonly windows: number;
  readonly bandKeys: BandKeys;
  readonly shingles: Shingles;
  /** Quotes with at least one content word: `stems[offset[q] .. offset[q + 1])` (sorted, unique),
   *  `words[q]`, counted as stem-quotes counts them, and the stems' MinHash signature as
   *  stem-quotes signs them (`numHashes` values from `signatures[q × numHashes]`). */
  readonly quotes: {
    readonly count: number;
    readonly words: Uint32Array;
    readonly offset: Int32Array;
    readonly stems: Uint32Array;
    readonly numHashes: number;
    readonly signatures: Uint32Array;
  };
}

/** Layout version written in every sketch; a sketch of another layout is not read (the article is analysed again). */
export const SKETCH_FORMAT = 1;

/** The sketch of an analysed article, from its windows' band keys (key-bands) and its quotes (extract-quotes). */
export function sketchArticle(
  analysis: ArticleAnalysis,
  bandKeys: BandKeys,
  quotes: readonly Quote[],
  options: { readonly numHashes: number; readonly seed: number },
): Sketch {
  const text = analysis.article.text;
  const words: number[] = [];
  const sets: Uint32Array[] = [];
  let total = 0;
  for (const quote of quotes) {
    const unit = stemRange(text, quote.start, quote.end);
    if (unit.stems.length === 0) continue;
    words.push(unit.words);
    sets.push(unit.stems);
    total += unit.stems.length;
  }
  const { offset, stems, signatures } = signStemSets(sets, total, options);
  return {
    windows: analysis.windows.count,
    bandKeys,
    shingles: analysis.shingles,
    quotes: { count: sets.length, words: Uint32Array.from(words), offset, stems, numHashes: options.numHashes, signatures },
  };
}

const HEADER = 8;

/**
 * A sketch as little-endian 32-bit words: format, windows, bands, skipped, quotes, shingles and
 * stems counts and the quotes' signature length, then the skipped positions, the band keys, the
 * shingle offsets and values, the quotes' word counts, stem offsets, stems and signatures.
 */
export function encodeSketch(sketch: Sketch): Uint8Array {
  const { windows, bandKeys, shingles, quotes } = sketch;
  const shingleCount = shingles.offset[windows] - shingles.offset[0];
  const stemCount = quotes.offset[quotes.count];
  const size = sizeOf(windows, bandKeys.bands, bandKeys.skipped.length, quotes.count, shingleCount, stemCount, quotes.numHashes);
  const out = new Uint32Array(size);
  out.set([SKETCH_FORMAT, windows, bandKeys.bands, bandKeys.skipped.length, quotes.count, shingleCount, stemCount, quotes.numHashes]);
  let at = HEADER;
  // Stored window-major, the layout of the first indexes.
  const stored = windowMajor(bandKeys, windows);
  out.set(stored.skipped, at);
  at += stored.skipped.length;
  out.set(stored.keys, at);
  at += stored.keys.length;
  for (let w = 0; w <= windows; w++) out[at + w] = shingles.offset[w] - shingles.offset[0];
  at += windows + 1;
  out.set(shingles.values.subarray(shingles.offset[0], shingles.offset[windows]), at);
  at += shingleCount;
  out.set(quotes.words, at);
  at += quotes.count;
  out.set(quotes.offset, at);
  at += quotes.count + 1;
  out.set(quotes.stems.subarray(0, stemCount), at);
  at += stemCount;
  out.set(quotes.signatures.subarray(0, quotes.count * quotes.numHashes), at);
  return new Uint8Array(out.buffer);
}

function sizeOf(windows: number, bands: number, skipped: number, quotes: number, shingles: number, stems: number, numHashes: number): number {
  return HEADER + skipped + windows * bands + (windows + 1) + shingles + quotes + (quotes + 1) + stems + quotes * numHashes;
}

/** Reads `encodeSketch`'s words (copied, so the views are aligned); null for another layout or a damaged sketch. */
export function decodeSketch(bytes: Uint8Array | null | undefined): Sketch | null {
  if (!bytes || bytes.byteLength < HEADER * 4 || bytes.byteLength % 4 !== 0) return null;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const words = new Uint32Array(copy.buffer);
  const [format, windows, bands, skipped, quoteCount, shingleCount, stemCount, numHashes] = words;
  if (format !== SKETCH_FORMAT) return null;
  if (sizeOf(windows, bands, skipped, quoteCount, shingleCount, stemCount, numHashes) !== words.length) return null;
  let at = HEADER;
  const take = (n: number): Uint32Array => words.subarray(at, (at += n));
  const skippedAt = take(skipped);
  const keys = take(windows * bands);
  const shingleOffset = new Int32Array(copy.buffer, at * 4, windows + 1);
  at += windows + 1;
  const values = take(shingleCount);
  const quoteWords = take(quoteCount);
  const stemOffset = new Int32Array(copy.buffer, at * 4, quoteCount + 1);
  at += quoteCount + 1;
  const stems = take(stemCount);
  const signatures = take(quoteCount * numHashes);
  if (shingleOffset[windows] !== shingleCount || stemOffset[quoteCount] !== stemCount) return null;
  return {
    windows,
    bandKeys: fromWindowMajor(bands, keys, skippedAt, windows),
    shingles: { offset: shingleOffset, values },
    quotes: { count: quoteCount, words: quoteWords, offset: stemOffset, stems, numHashes, signatures },
  };
}
