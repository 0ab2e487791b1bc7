/**
 * Stable LSD radix sort of `keys` (two 16-bit passes) carrying `payload` along; returns new arrays.
 * Sorting numbers in typed arrays keeps LSH banding free of string keys and object allocation.
 */
export function radixSortPairs(keys: Uint32Array, payload: Uint32Array): { keys: Uint32Array; payload: Uint32Array } {
  const n = keys.length;
  let k0: Uint32Array = keys;
  let p0: Uint32Array = payload;
  let k1: Uint32Array = new Uint32Array(n);
  let p1: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(65_537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((k0[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65_536; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[(k0[i] >>> shift) & 0xffff]++;
      k1[at] = k0[i];
      p1[at] = p0[i];
    }
    const tk = k0 === keys ? new Uint32Array(n) : k0;
    const tp = p0 === payload ? new Uint32Array(n) : p0;
    k0 = k1;
    p0 = p1;
    k1 = tk;
    p1 = tp;
  }
  return { keys: k0, payload: p0 };
}
