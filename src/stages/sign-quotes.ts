import { seedStream } from '../kernels/hash.js';
import { minhashInto } from '../kernels/minhash.js';
import type { BandKeys } from '../types.js';
import { bandKey } from './index-bands.js';

/** Keeps quote signatures apart from window signatures made with the same seed. */
export const QUOTE_SALT = 0x71c0de5;

export interface SignQuotesOptions {
  readonly numHashes: number;
  readonly seed: number;
  readonly quoteBands: number;
  readonly quoteRows: number;
}

/**
 * The quote channel's LSH band keys of every quote's stems (`stems[offset[u] .. offset[u + 1])`),
 * band-major as key-bands lays them out: the keys the `numHashes`-value MinHash signature of the
 * stems would give, made from the `quoteBands × quoteRows` rows banding reads and without holding
 * the signatures (a quarter of their size at the defaults). Run where the quotes are joined: on a
 * large corpus that is a thread of its own, beside the copy channel.
 */
export function signQuotes(offset: Int32Array, stems: Uint32Array, count: number, options: SignQuotesOptions): BandKeys {
  const bands = options.quoteBands;
  const rows = options.quoteRows;
  const salts = quoteSalts(options.seed, options.numHashes).subarray(0, bands * rows);
  const keys = new Uint32Array(count * bands);
  const skipped: number[] = [];
  const rowValues = new Uint32Array(bands * rows);
  for (let u = 0; u < count; u++) {
    minhashInto(stems, offset[u], offset[u + 1], salts, rowValues, 0);
    for (let band = 0; band < bands; band++) {
      // A quote without stems has an empty signature, which banding skips (see indexBands).
      if (rowValues[band * rows] === 0xffffffff) skipped.push(band * count + u);
      else keys[band * count + u] = bandKey(rowValues, band * rows, band, rows);
    }
  }
  return { bands, keys, skipped: Uint32Array.from(skipped).sort() };
}

const saltCache = new Map<string, Uint32Array>();

/** The quote channel's `k` MinHash salts for `seed`: hash function j of a stem is `fmix32(stem ^ salts[j])`. */
export function quoteSalts(seed: number, k: number): Uint32Array {
  const key = `${seed}:${k}`;
  let salts = saltCache.get(key);
  if (!salts) saltCache.set(key, (salts = seedStream((seed ^ QUOTE_SALT) >>> 0, k)));
  return salts;
}
