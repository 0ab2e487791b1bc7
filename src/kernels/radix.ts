/**
 * Stable LSD radix sort of `keys` carrying `payload` along; returns new arrays.
 * Sorting numbers in typed arrays keeps LSH banding free of string keys and object allocation.
 * Below 8,192 keys, three 11-bit passes, whose 2,048 counters cost less to clear and sum than
 * 65,536 (4,096 keys sort 3 times as fast; a check bands a few thousand windows per band); up to
 * about a million keys, two 16-bit passes; beyond, four 8-bit passes: once the arrays outgrow the
 * caches, scattering into 65,536 places at once is slower than twice the passes into 256
 * (4.5 million keys: ≈ 400 ms against ≈ 150 ms). The digits change the speed, never the order.
 */
export function radixSortPairs(keys: Uint32Array, payload: Uint32Array): { keys: Uint32Array; payload: Uint32Array } {
  const n = keys.length;
  const bits = n < 8192 ? 11 : n < 1 << 20 ? 16 : 8;
  const mask = (1 << bits) - 1;
  let k0: Uint32Array = keys;
  let p0: Uint32Array = payload;
  let k1: Uint32Array = new Uint32Array(n);
  let p1: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(mask + 2);
  for (let shift = 0; shift < 32; shift += bits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((k0[i] >>> shift) & mask) + 1]++;
    for (let d = 1; d <= mask + 1; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[(k0[i] >>> shift) & mask]++;
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
