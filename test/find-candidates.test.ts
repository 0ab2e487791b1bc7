import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32 } from '../src/kernels/hash.js';
import { findCandidates, forEachCandidate, type WindowTable } from '../src/stages/find-candidates.js';
import { keyBands } from '../src/stages/key-bands.js';

const EMPTY = 0xffffffff;

/** Windows of articles of their own, one row per band: `bands[b][w]` is window w's value in band b. */
function table(bands: number[][]): WindowTable {
  const count = bands[0].length;
  const signatures = new Uint32Array(count * bands.length);
  for (let w = 0; w < count; w++) for (let b = 0; b < bands.length; b++) signatures[w * bands.length + b] = bands[b][w];
  const ids = Int32Array.from({ length: count }, (_, w) => w);
  return { count, article: ids, local: new Int32Array(count), first: new Int32Array(count), last: new Int32Array(count).fill(10), signatures, numHashes: bands.length };
}

function pairs(found: { a: Uint32Array; b: Uint32Array }): string[] {
  return Array.from(found.a, (a, i) => `${a}-${found.b[i]}`);
}

function allPairs(windows: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < windows.length; i++) for (let j = i + 1; j < windows.length; j++) out.push(`${windows[i]}-${windows[j]}`);
  return out;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('find-candidates', () => {
  it('a bucket of more than 32 windows pairs only the windows that also share a second band', () => {
    // Band 0: all 40 windows in one bucket (a common phrase). Band 1: windows 0–9 agree, 10–19
    // agree, the rest differ; window 5 has no value there (an empty signature).
    const band1 = range(0, 40).map((w) => (w === 5 ? EMPTY : w < 10 ? 1 : w < 20 ? 2 : 100 + w));
    const found = findCandidates(table([range(0, 40).map(() => 7), band1]), 2, 1, 200);
    const expected = [...allPairs(range(0, 10).filter((w) => w !== 5)), ...allPairs(range(10, 20))].sort();
    expect(pairs(found).sort()).toEqual(expected);
    expect(found.cappedBuckets).toBe(0);
  });

  it('a bucket of 32 windows or fewer pairs all of them, as without a split', () => {
    const found = findCandidates(table([range(0, 32).map(() => 7), range(0, 32).map((w) => 100 + w)]), 2, 1, 200);
    expect(pairs(found).sort()).toEqual(allPairs(range(0, 32)).sort());
  });

  it('a split bucket still too large is chained and counted as capped', () => {
    const found = findCandidates(table([range(0, 40).map(() => 7), range(0, 40).map((w) => (w < 10 ? 1 : 100 + w))]), 2, 1, 5);
    // Band 0's bucket splits to windows 0–9 (chained: 10 > 5); band 1's bucket of the same windows is chained too.
    expect(pairs(found).sort()).toEqual(range(1, 10).map((w) => `${w - 1}-${w}`).sort());
    expect(found.cappedBuckets).toBe(2);
  });

  it('gives the same pairs from band keys computed beforehand (a scan) as from signatures', () => {
    const bands = [range(0, 40).map(() => 7), range(0, 40).map((w) => (w === 5 ? EMPTY : w < 10 ? 1 : w < 20 ? 2 : 100 + w)), range(0, 40).map((w) => w % 3)];
    const fromSignatures = table(bands);
    const parts = range(0, 40).map((w) => keyBands({ numHashes: 3, values: fromSignatures.signatures.slice(w * 3, w * 3 + 3) }, 3, 1));
    const fromKeys: WindowTable = { ...table(bands), bandKeys: { parts, windows: range(0, 40).map(() => 1) } };
    expect(pairs(findCandidates(fromKeys, 3, 1, 200))).toEqual(pairs(findCandidates(fromSignatures, 3, 1, 200)));
  });

  it('gives every pair of windows that share a band key, once and in order, on thousands of windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 0, max: 1_000_000 }), (count, salt) => {
        // Keys from a range of about half the windows: buckets of a few windows, none split.
        const bands = range(0, 3).map((b) => range(0, count).map((w) => ((w + salt) % 13 === 0 ? EMPTY : fmix32(w * 3 + b + salt) % Math.max(1, count >> 1))));
        const fromSignatures = table(bands);
        const parts = range(0, count).map((w) => keyBands({ numHashes: 3, values: fromSignatures.signatures.slice(w * 3, w * 3 + 3) }, 3, 1));
        const fromKeys: WindowTable = { ...table(bands), bandKeys: { parts, windows: range(0, count).map(() => 1) } };
        const expected = new Set<string>();
        for (const band of bands) {
          const buckets = new Map<number, number[]>();
          band.forEach((key, w) => key !== EMPTY && buckets.set(key, [...(buckets.get(key) ?? []), w]));
          for (const members of buckets.values()) for (const pair of allPairs(members)) expected.add(pair);
        }
        const sorted = [...expected].sort((x, y) => {
          const [xa, xb] = x.split('-').map(Number);
          const [ya, yb] = y.split('-').map(Number);
          return xa - ya || xb - yb;
        });
        expect(pairs(findCandidates(fromKeys, 3, 1, 200))).toEqual(sorted);
      }),
      { numRuns: 25 },
    );
  });

  it('forEachCandidate does not split unless asked', () => {
    const seen = new Set<string>();
    forEachCandidate(table([range(0, 40).map(() => 7), range(0, 40).map((w) => 100 + w)]), 2, 1, 200, (a, b) => seen.add(`${a}-${b}`));
    expect(seen.size).toBe((40 * 39) / 2);
  });
});
