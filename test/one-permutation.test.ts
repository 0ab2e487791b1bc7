import { describe, expect, it } from 'vitest';
import { fmix32 } from '../src/kernels/hash.js';
import { estimatedJaccard, onePermutationInto } from '../src/kernels/minhash.js';

const set = (from: number, to: number): Uint32Array => Uint32Array.from({ length: to - from }, (_, i) => fmix32(from + i)).sort();

describe('one-permutation MinHash with densification', () => {
  it('an empty set signs as all 0xffffffff', () => {
    const out = new Uint32Array(8);
    onePermutationInto(new Uint32Array(0), 0, 0, 7, 8, out, 0);
    expect([...out]).toEqual(new Array(8).fill(0xffffffff));
  });

  it('fills every bin, even for a set of one shingle, and a set signs the same every time', () => {
    const x = set(0, 1);
    const a = new Uint32Array(64);
    const b = new Uint32Array(64);
    onePermutationInto(x, 0, 1, 7, 64, a, 0);
    onePermutationInto(x, 0, 1, 7, 64, b, 0);
    expect(a.every((v) => v !== 0xffffffff)).toBe(true);
    expect([...a]).toEqual([...b]);
  });

  it('estimates Jaccard similarity: 150 of 250 shared → about 0.6; disjoint → about 0', () => {
    const a = set(0, 200);
    const b = set(50, 250);
    const c = set(1000, 1200);
    const sa = new Uint32Array(256);
    const sb = new Uint32Array(256);
    const sc = new Uint32Array(256);
    onePermutationInto(a, 0, a.length, 3, 256, sa, 0);
    onePermutationInto(b, 0, b.length, 3, 256, sb, 0);
    onePermutationInto(c, 0, c.length, 3, 256, sc, 0);
    expect(estimatedJaccard(sa, 0, sb, 0, 256)).toBeGreaterThan(0.5);
    expect(estimatedJaccard(sa, 0, sb, 0, 256)).toBeLessThan(0.7);
    expect(estimatedJaccard(sa, 0, sc, 0, 256)).toBeLessThan(0.05);
  });

  it('writes at the given offset and leaves the rest of the array alone', () => {
    const out = new Uint32Array(12).fill(5);
    onePermutationInto(set(0, 10), 0, 10, 1, 4, out, 4);
    expect([...out.subarray(0, 4)]).toEqual([5, 5, 5, 5]);
    expect([...out.subarray(8)]).toEqual([5, 5, 5, 5]);
  });
});
