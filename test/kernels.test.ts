import { describe, expect, it } from 'vitest';
import { codePointCounter } from '../src/kernels/code-points.js';
import { fmix32, hashRange, seedStream } from '../src/kernels/hash.js';
import { estimatedJaccard, minhashInto } from '../src/kernels/minhash.js';
import { radixSortPairs } from '../src/kernels/radix.js';
import { GramTable } from '../src/kernels/gram-table.js';
import { localAlign } from '../src/kernels/local-align.js';
import { intersectionAtLeast, intersectionSize, jaccard, SharedValues, sortUnique, sortUniqueRange, ValueSet } from '../src/kernels/sets.js';
import fc from 'fast-check';
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

  it('sortUniqueRange sorts and dedups a range where it stands, short (insertion) or long, and leaves the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 120 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 0xffffffff }), (values, a, b, range) => {
        const v = Uint32Array.from(values, (x) => x % range);
        const from = v.length === 0 ? 0 : a % (v.length + 1);
        const to = from + (v.length === 0 ? 0 : b % (v.length - from + 1));
        const before = [...v];
        const n = sortUniqueRange(v, from, to);
        expect([...v.subarray(from, from + n)]).toEqual([...new Set(before.slice(from, to))].sort((x, y) => x - y));
        expect([...v.subarray(0, from)]).toEqual(before.slice(0, from));
        expect([...v.subarray(to)]).toEqual(before.slice(to));
      }),
      { numRuns: 300 },
    );
  });

  it('ValueSet holds what a Set holds, use after use, as it is emptied and grows', () => {
    const set = new ValueSet();
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }), { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 50 }), (uses, probes) => {
        for (const values of uses) {
          set.clear(values.length);
          const reference = new Set<number>();
          for (const v of values) expect(set.add(v)).toBe(!reference.has(v) && reference.add(v) !== undefined);
          expect(set.size).toBe(reference.size);
          for (const v of [...values, ...probes]) expect(set.has(v)).toBe(reference.has(v));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('SharedValues gives every two sets of a group that share enough values, with their intersection size', () => {
    const shared = new SharedValues();
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }).map((v) => v.sort((x, y) => x - y));
    fc.assert(
      fc.property(fc.array(fc.array(set, { maxLength: 30 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 6 }), (groups, atLeast) => {
        // Each group is a bucket of a table of sets, its members in ascending order with others between.
        for (const sets of groups) {
          // Set 2i is `sets[i]`; set 2i + 1 holds [7, 8] and stays out of the bucket.
          const offset = new Int32Array(2 * sets.length + 1);
          const values: number[] = [];
          sets.forEach((s, i) => {
            values.push(...s);
            offset[2 * i + 1] = values.length;
            values.push(7, 8);
            offset[2 * i + 2] = values.length;
          });
          const flat = new Uint32Array(values);
          const members = Uint32Array.from([99, ...sets.map((_, i) => 2 * i), 99]);
          const seen: string[] = [];
          shared.forEachPair(flat, offset, members, 1, members.length - 1, atLeast, (x, y, n) => seen.push(`${x}-${y}:${n}`));
          const expected: string[] = [];
          for (let i = 0; i < sets.length; i++) {
            for (let j = i + 1; j < sets.length; j++) {
              const n = intersectionSize(flat, offset[2 * i], offset[2 * i + 1], flat, offset[2 * j], offset[2 * j + 1]);
              if (n >= Math.max(1, atLeast)) expected.push(`${2 * i}-${2 * j}:${n}`);
            }
          }
          expect(seen.sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('intersection and Jaccard of sorted ranges', () => {
    const a = Uint32Array.from([1, 2, 3, 4]);
    const b = Uint32Array.from([3, 4, 5]);
    expect(intersectionSize(a, 0, 4, b, 0, 3)).toBe(2);
    expect(jaccard(a, 0, 4, b, 0, 3)).toBeCloseTo(2 / 5);
    expect(jaccard(a, 0, 0, b, 0, 0)).toBe(0);
  });

  it('an intersection that stops once `need` is out of reach gives the size when it is reached, else -1', () => {
    const sorted = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }).map((v) => Uint32Array.from(v.sort((x, y) => x - y)));
    fc.assert(
      fc.property(sorted, sorted, fc.integer({ min: 0, max: 30 }), (a, b, need) => {
        const size = intersectionSize(a, 0, a.length, b, 0, b.length);
        expect(intersectionAtLeast(a, 0, a.length, b, 0, b.length, need)).toBe(size >= need ? size : -1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('gram table', () => {
  it('lists the positions of each value in increasing order, with counts', () => {
    const t = new GramTable(Uint32Array.from([7, 3, 7, 0, 7]));
    const at = (v: number): number[] => {
      const out: number[] = [];
      for (let p = t.first(v); p >= 0; p = t.next[p]) out.push(p);
      return out;
    };
    expect(at(7)).toEqual([0, 2, 4]);
    expect(at(0)).toEqual([3]);
    expect(at(5)).toEqual([]);
    expect(t.count(7)).toBe(3);
    expect(t.count(5)).toBe(0);
  });

  it('filled again, with fewer or more values, answers as a new table would', () => {
    const positions = (t: GramTable, v: number): number[] => {
      const out: number[] = [];
      for (let p = t.first(v); p >= 0; p = t.next[p]) out.push(p);
      return out;
    };
    const reused = new GramTable();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 80 }), fc.nat(80), fc.nat(80), (list, x, y) => {
        const values = Uint32Array.from(list);
        const from = Math.min(x, y, values.length);
        const to = Math.min(Math.max(x, y), values.length);
        const fresh = new GramTable(values, from, to);
        reused.fill(values, from, to);
        for (let v = 0; v <= 21; v++) {
          expect(positions(reused, v)).toEqual(positions(fresh, v));
          expect(reused.count(v)).toBe(fresh.count(v));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('local word alignment', () => {
  // Words as small integers: 1 france, 2 vows, 3 retaliation, 4 if, 5 russia, 6 meddles, 7 in,
  // 8 elections, 9 promises, 10 its; 0 and 99 are unrelated words around them.
  const words = (...w: number[]): Uint32Array => Uint32Array.from(w);
  const wide = (x: Uint32Array, y: Uint32Array) => localAlign(x, 0, x.length, y, 0, y.length, -y.length - x.length, x.length + y.length);

  it('keeps a changed first word and an added word: the two whole sentences, 7 words matched', () => {
    const x = words(1, 2, 3, 4, 5, 6, 7, 8);
    const y = words(1, 9, 3, 4, 5, 6, 7, 10, 8);
    expect(wide(x, y)).toEqual({ xFrom: 0, xTo: 8, yFrom: 0, yTo: 9, matches: 7, score: 5 });
  });

  it('begins and ends on matched words', () => {
    const x = words(0, 0, 3, 4, 5, 6, 0);
    const y = words(99, 3, 4, 5, 6, 99, 99);
    expect(wide(x, y)).toMatchObject({ xFrom: 2, xTo: 6, yFrom: 1, yTo: 5, matches: 4 });
  });

  it('bridges an aside only when more words match on either side of it than it is long', () => {
    const left = [11, 12, 13, 14, 15];
    const right = [21, 22, 23, 24, 25];
    const x = words(...left, ...right);
    const short = wide(x, words(...left, 0, 0, 0, ...right));
    expect(short).toMatchObject({ xFrom: 0, xTo: 10, yFrom: 0, yTo: 13, matches: 10 });
    const long = wide(x, words(...left, 0, 0, 0, 0, 0, 0, ...right));
    expect(long?.matches).toBe(5);
  });

  it('computes only the band of diagonals it is given, and finds nothing without a match', () => {
    const x = words(1, 2, 3, 97, 98, 99);
    const y = words(94, 95, 96, 1, 2, 3);
    expect(localAlign(x, 0, 6, y, 0, 6, 3, 3)).toMatchObject({ xFrom: 0, xTo: 3, yFrom: 3, yTo: 6, matches: 3 });
    expect(localAlign(x, 0, 6, y, 0, 6, -1, 1)).toBeNull();
    expect(wide(words(1, 2), words(3, 4))).toBeNull();
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

  it('sorts small inputs (three 11-bit passes), large ones (two 16-bit passes) and very large ones (four 8-bit passes) alike', () => {
    for (const n of [0, 1, 100, 5000, 9000, 70_000, 1_100_000]) {
      // Ties in the smallest and the largest input, so stability is seen on each path's ends.
      const keys = Uint32Array.from({ length: n }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) >>> 0) % (n < 200 ? 7 : n > 1e6 ? 300_000 : 0xffffffff));
      const payload = Uint32Array.from({ length: n }, (_, i) => i);
      const sorted = radixSortPairs(keys, payload);
      const expected = [...payload].sort((x, y) => keys[x] - keys[y] || x - y);
      expect([...sorted.payload]).toEqual(expected);
      expect([...sorted.keys]).toEqual(expected.map((i) => keys[i]));
    }
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

  it('gives at every UTF-16 offset the code points before it, lone surrogates counting one each', () => {
    const unit = fc.constantFrom('a', 'é', '😀', '\uD83D', '\uDE00', '\n', '𝔸');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const cp = codePointCounter(text);
        for (let offset = 0; offset <= text.length; offset++) {
          expect(cp(offset)).toBe([...text.slice(0, offset)].length);
        }
      }),
    );
  });
});

