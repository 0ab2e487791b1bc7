import { describe, expect, it } from 'vitest';
import { codePointCounter } from '../src/kernels/code-points.js';
import { fmix32, hashRange, seedStream } from '../src/kernels/hash.js';
import { estimatedJaccard, minhashInto } from '../src/kernels/minhash.js';
import { radixSortPairs } from '../src/kernels/radix.js';
import { intersectionSize, jaccard, sortUnique } from '../src/kernels/sets.js';
import { UnionFind } from '../src/kernels/union-find.js';
import { candidateProbability, optimalBanding, resolveOptions } from '../src/options.js';

describe('hash kernels', () => {
  it('FNV-1a matches the published test vectors', () => {
    // http://www.isthe.com/chongo/tech/comp/fnv/ — FNV-1a 32-bit of "" and "a" and "foobar".
    expect(hashRange('', 0, 0)).toBe(0x811c9dc5);
    expect(hashRange('a', 0, 1)).toBe(0xe40c292c);
    expect(hashRange('foobar', 0, 6)).toBe(0xbf9cf968);
  });

  it('fmix32 is MurmurHash3\'s finalizer', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it('seed streams are deterministic and differ by seed', () => {
    expect([...seedStream(7, 4)]).toEqual([...seedStream(7, 4)]);
    expect([...seedStream(7, 4)]).not.toEqual([...seedStream(8, 4)]);
  });
});

describe('set kernels', () => {
  it('sortUnique sorts and removes duplicates in place', () => {
    const v = Uint32Array.from([5, 1, 5, 3, 1]);
    const n = sortUnique(v);
    expect([...v.subarray(0, n)]).toEqual([1, 3, 5]);
  });

  it('intersection and Jaccard of sorted ranges', () => {
    const a = Uint32Array.from([1, 2, 3, 4]);
    const b = Uint32Array.from([3, 4, 5]);
    expect(intersectionSize(a, 0, 4, b, 0, 3)).toBe(2);
    expect(jaccard(a, 0, 4, b, 0, 3)).toBeCloseTo(2 / 5);
    expect(jaccard(a, 0, 0, b, 0, 0)).toBe(0);
  });
});

describe('MinHash', () => {
  it('identical sets have identical signatures; disjoint sets almost none in common', () => {
    const salts = seedStream(1, 64);
    const x = Uint32Array.from([10, 20, 30, 40]);
    const y = Uint32Array.from([50, 60, 70, 80]);
    const sx = new Uint32Array(64);
    const sx2 = new Uint32Array(64);
    const sy = new Uint32Array(64);
    minhashInto(x, 0, 4, salts, sx, 0);
    minhashInto(x, 0, 4, salts, sx2, 0);
    minhashInto(y, 0, 4, salts, sy, 0);
    expect(estimatedJaccard(sx, 0, sx2, 0, 64)).toBe(1);
    expect(estimatedJaccard(sx, 0, sy, 0, 64)).toBe(0);
  });

  it('an empty set signs as all 0xffffffff', () => {
    const out = new Uint32Array(4);
    minhashInto(new Uint32Array(0), 0, 0, seedStream(1, 4), out, 0);
    expect([...out]).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
  });

  it('estimates Jaccard within its statistical error', () => {
    // |A ∩ B| = 50, |A ∪ B| = 150 → J = 1/3; with 256 hashes the standard error is ≈ 0.03.
    const a = Uint32Array.from({ length: 100 }, (_, i) => i * 7919);
    const b = Uint32Array.from({ length: 100 }, (_, i) => (i + 50) * 7919);
    const salts = seedStream(3, 256);
    const sa = new Uint32Array(256);
    const sb = new Uint32Array(256);
    minhashInto(a, 0, 100, salts, sa, 0);
    minhashInto(b, 0, 100, salts, sb, 0);
    expect(Math.abs(estimatedJaccard(sa, 0, sb, 0, 256) - 1 / 3)).toBeLessThan(0.1);
  });
});

describe('LSH banding', () => {
  it('derives bands × rows whose knee sits near the threshold', () => {
    for (const t of [0.3, 0.5, 0.8]) {
      const [b, r] = optimalBanding(t, 128);
      expect(b * r).toBeLessThanOrEqual(128);
      const knee = (1 / b) ** (1 / r);
      expect(Math.abs(knee - t)).toBeLessThan(0.15);
      expect(candidateProbability(Math.min(1, t + 0.3), b, r)).toBeGreaterThan(0.9);
    }
  });

  it('validates options once with precise messages', () => {
    expect(() => resolveOptions({ shingleSize: 0 })).toThrow(/option shingleSize: expected an integer from 1 to 16, got 0/);
    expect(() => resolveOptions({ lshThreshold: 1.5 })).toThrow(/expected a number above 0 and at most 1, got 1.5/);
    expect(() => resolveOptions({ bands: 4 })).toThrow(/both bands and rows, or neither/);
    expect(() => resolveOptions({ bands: 40, rows: 4 })).toThrow(/bands × rows ≤ numHashes/);
    expect(resolveOptions({ bands: 16, rows: 4 })).toMatchObject({ bands: 16, rows: 4 });
  });
});

describe('radix sort', () => {
  it('sorts keys and carries the payload, stably', () => {
    const keys = Uint32Array.from([0xffff0001, 5, 0x10000, 5, 0]);
    const payload = Uint32Array.from([0, 1, 2, 3, 4]);
    const sorted = radixSortPairs(keys, payload);
    expect([...sorted.keys]).toEqual([0, 5, 5, 0x10000, 0xffff0001]);
    expect([...sorted.payload]).toEqual([4, 1, 3, 2, 0]);
    expect([...keys]).toEqual([0xffff0001, 5, 0x10000, 5, 0]);
  });
});

describe('union-find', () => {
  it('joins sets transitively', () => {
    const u = new UnionFind(5);
    u.union(0, 1);
    u.union(3, 4);
    u.union(1, 4);
    expect(u.find(0)).toBe(u.find(3));
    expect(u.find(2)).not.toBe(u.find(0));
  });
});

describe('code point offsets', () => {
  it('counts astral characters once', () => {
    const text = 'a😀b';
    const cp = codePointCounter(text);
    expect([cp(0), cp(1), cp(3), cp(4)]).toEqual([0, 1, 2, 3]);
  });
});
