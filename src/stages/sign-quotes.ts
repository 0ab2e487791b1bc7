import { fmix32, seedStream } from '../kernels/hash.js';
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
 * the signatures (a quarter of their size at the defaults). Every band's column of signQuotesBand,
 * which the join takes one at a time.
 */
export function signQuotes(offset: Int32Array, stems: Uint32Array, count: number, options: SignQuotesOptions): BandKeys {
  const bands = options.quoteBands;
  const keys = new Uint32Array(count * bands);
  const skipped: number[] = [];
  const left: number[] = [];
  for (let band = 0; band < bands; band++) {
    signQuotesBand(offset, stems, count, band, options, keys.subarray(band * count, (band + 1) * count), left);
    for (const u of left) skipped.push(band * count + u);
  }
  return { bands, keys, skipped: Uint32Array.from(skipped) };
}

/**
 * Band `band` of the quote channel's band keys (see signQuotes), one column in unit order:
 * `keys[u]` is quote `u`'s key, and `skipped` (emptied first) lists the quotes without stems, which
 * banding leaves out. Banding that takes its columns from here holds one or two of them instead of
 * every band's (at 100,000 generated articles 2.8 MB a band against 78 MB for the 28), for the same
 * hashing (each band hashes its `quoteRows` rows of every stem).
 */
export function signQuotesBand(offset: Int32Array, stems: Uint32Array, count: number, band: number, options: SignQuotesOptions, keys: Uint32Array, skipped: number[]): void {
  const rows = options.quoteRows;
  const salts = quoteSalts(options.seed, options.numHashes).subarray(band * rows, (band + 1) * rows);
  const rowValues = new Uint32Array(rows);
  skipped.length = 0;
  if (rows !== 2) {
    for (let u = 0; u < count; u++) {
      minhashInto(stems, offset[u], offset[u + 1], salts, rowValues, 0);
      // A quote without stems has an empty signature, which banding skips (see indexBands).
      if (rowValues[0] === 0xffffffff) skipped.push(u);
      else keys[u] = bandKey(rowValues, 0, band, rows);
    }
    return;
  }
  // Two rows (the default): minhashInto's loop written out, as it runs 28 times per quote here.
  const salt0 = salts[0];
  const salt1 = salts[1];
  for (let u = 0; u < count; u++) {
    let min0 = 0xffffffff;
    let min1 = 0xffffffff;
    for (let i = offset[u], end = offset[u + 1]; i < end; i++) {
      const h0 = fmix32(stems[i] ^ salt0);
      const h1 = fmix32(stems[i] ^ salt1);
      if (h0 < min0) min0 = h0;
      if (h1 < min1) min1 = h1;
    }
    if (min0 === 0xffffffff) skipped.push(u);
    else {
      rowValues[0] = min0;
      rowValues[1] = min1;
      keys[u] = bandKey(rowValues, 0, band, rows);
    }
  }
}

const saltCache = new Map<string, Uint32Array>();

/** The quote channel's `k` MinHash salts for `seed`: hash function j of a stem is `fmix32(stem ^ salts[j])`. */
export function quoteSalts(seed: number, k: number): Uint32Array {
  const key = `${seed}:${k}`;
  let salts = saltCache.get(key);
  if (!salts) saltCache.set(key, (salts = seedStream((seed ^ QUOTE_SALT) >>> 0, k)));
  return salts;
}
