/**
 * 32-bit hashing with exact integer arithmetic (`Math.imul`, `>>> 0`): the same input and seed
 * give the same value on every machine.
 */

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units `text[start..end)`. */
export function hashRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** MurmurHash3's finalizer: a bijection on 32-bit integers with full avalanche. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-dependent combination of two hashes (boost's hash_combine, 32-bit). */
export function combine(seed: number, value: number): number {
  return (seed ^ (value + 0x9e3779b9 + (seed << 6) + (seed >>> 2))) >>> 0;
}

/** SplitMix32-style stream of well-spread 32-bit values from one seed, for per-hash salts. */
export function seedStream(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    out[i] = fmix32(state);
  }
  return out;
}

/** Characters sampled by sampleHash: enough to tell articles apart, few enough to cost nothing. */
const SAMPLES = 64;

/** FNV-1a over the text's length and SAMPLES characters spread evenly over it: a fingerprint of a
 *  whole text at the cost of a few characters (equal texts have equal fingerprints). */
export function sampleHash(text: string): number {
  const n = text.length;
  const step = Math.max(1, Math.floor(n / SAMPLES));
  let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** sampleHash over UTF-8 bytes: the byte length and SAMPLES bytes spread evenly over them. */
export function sampleHashBytes(bytes: Uint8Array): number {
  const n = bytes.length;
  const step = Math.max(1, Math.floor(n / SAMPLES));
  let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h >>> 0;
}
