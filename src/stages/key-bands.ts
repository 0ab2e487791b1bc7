import type { BandKeys, Signatures } from '../types.js';
import { bandKey } from './index-bands.js';

/**
 * Every window's LSH band keys, as indexBands computes them, so that the signatures can be
 * dropped: `bands` 32-bit keys per window instead of `numHashes` values (21 instead of 64 at the
 * defaults). Band-major (see BandKeys), so that banding reads each band's keys of an article in
 * one run.
 * A band whose first row is empty (a window without shingles) is listed in `skipped`, as
 * indexBands skips it.
 */
export function keyBands(signatures: Signatures, bands: number, rows: number): BandKeys {
  const { numHashes, values } = signatures;
  const windows = values.length / numHashes;
  const keys = new Uint32Array(windows * bands);
  const skipped: number[] = [];
  for (let band = 0; band < bands; band++) {
    for (let w = 0; w < windows; w++) {
      const at = w * numHashes + band * rows;
      if (values[at] === 0xffffffff) skipped.push(band * windows + w);
      else keys[band * windows + w] = bandKey(values, at, band, rows);
    }
  }
  return { bands, keys, skipped: Uint32Array.from(skipped) };
}

/** Band keys window-major (window `w`, band `b` at `w * bands + b`, skipped positions likewise,
 *  ascending): the layout a stored sketch keeps. */
export function windowMajor(bandKeys: BandKeys, windows: number): { keys: Uint32Array; skipped: Uint32Array } {
  const { bands, keys, skipped } = bandKeys;
  const out = new Uint32Array(windows * bands);
  for (let band = 0; band < bands; band++) for (let w = 0; w < windows; w++) out[w * bands + band] = keys[band * windows + w];
  const moved = Uint32Array.from(skipped, (at) => (at % windows) * bands + Math.floor(at / windows)).sort();
  return { keys: out, skipped: moved };
}

/** The inverse of windowMajor. */
export function fromWindowMajor(bands: number, keys: Uint32Array, skipped: Uint32Array, windows: number): BandKeys {
  const out = new Uint32Array(windows * bands);
  for (let w = 0; w < windows; w++) for (let band = 0; band < bands; band++) out[band * windows + w] = keys[w * bands + band];
  const moved = Uint32Array.from(skipped, (at) => (at % bands) * windows + Math.floor(at / bands)).sort();
  return { bands, keys: out, skipped: moved };
}

/** The keys of every window but the skipped ones, ascending, once each: the keys an index posts an article under. */
export function distinctKeys(bandKeys: BandKeys): Uint32Array {
  const { keys, skipped } = bandKeys;
  const all = new Uint32Array(keys.length - skipped.length);
  let n = 0;
  let s = 0;
  for (let i = 0; i < keys.length; i++) {
    if (s < skipped.length && skipped[s] === i) {
      s++;
      continue;
    }
    all[n++] = keys[i];
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (m === 0 || all[i] !== all[m - 1]) all[m++] = all[i];
  return all.slice(0, m);
}
