import { describe, expect, it } from 'vitest';
import { seedStream } from '../src/kernels/hash.js';
import { minhashInto } from '../src/kernels/minhash.js';
import { resolveOptions } from '../src/options.js';
import { analyzeArticleForScan } from '../src/pipeline.js';
import { keyBands } from '../src/stages/key-bands.js';
import { signQuotes } from '../src/stages/sign-quotes.js';
import { screenCandidates, type ScreenOptions } from '../src/stages/screen-candidates.js';
import { SKETCH_FORMAT, decodeSketch, encodeSketch, sketchArticle, type Sketch } from '../src/stages/sketch-article.js';

const TEXT = [
  'PARIS, Feb. 15 (Reuters) - The foreign minister said on Wednesday that the government would not accept interference.',
  '"We will not accept any interference whatsoever in our elections, whether by Russia or any other state," Jean-Marc Ayrault told reporters.',
  'Officials in Berlin and Kyiv confirmed that the talks on the budget would resume next week in Brussels.',
].join('\n\n');

describe('sketch-article', () => {
  it('encodes and decodes an article sketch exactly', () => {
    const options = resolveOptions({});
    const analysis = analyzeArticleForScan({ id: 'a', path: 'a', text: TEXT }, options);
    const sketch = sketchArticle(analysis, analysis.bandKeys!, analysis.quotes!, options);
    expect(sketch.windows).toBe(analysis.windows.count);
    expect(sketch.quotes.count).toBe(1);
    expect(sketch.quotes.words[0]).toBeGreaterThanOrEqual(options.minPassageTokens);
    const back = decodeSketch(encodeSketch(sketch))!;
    expect(back.windows).toBe(sketch.windows);
    expect([...back.bandKeys.keys]).toEqual([...analysis.bandKeys!.keys]);
    expect([...back.bandKeys.skipped]).toEqual([...analysis.bandKeys!.skipped]);
    expect([...back.shingles.offset]).toEqual([...analysis.shingles.offset]);
    expect([...back.shingles.values]).toEqual([...analysis.shingles.values]);
    expect([...back.quotes.stems]).toEqual([...analysis.quoteStems!.stems]);
    // The stored signatures band as the scan's quote channel bands the same stems (sign-quotes).
    const { numHashes, signatures, offset, stems } = back.quotes;
    const stored = keyBands({ numHashes, values: signatures }, options.quoteBands, options.quoteRows);
    const scanned = signQuotes(offset, stems, back.quotes.count, options);
    expect([...stored.keys]).toEqual([...scanned.keys]);
    expect([...stored.skipped]).toEqual([...scanned.skipped]);
  });

  it('reads no sketch of another layout, a damaged one or none', () => {
    const options = resolveOptions({});
    const analysis = analyzeArticleForScan({ id: 'a', path: 'a', text: TEXT }, options);
    const bytes = encodeSketch(sketchArticle(analysis, analysis.bandKeys!, analysis.quotes!, options));
    const other = new Uint8Array(bytes);
    new Uint32Array(other.buffer)[0] = SKETCH_FORMAT + 1;
    expect(decodeSketch(other)).toBeNull();
    expect(decodeSketch(bytes.subarray(0, bytes.length - 4))).toBeNull();
    expect(decodeSketch(bytes.subarray(0, 6))).toBeNull();
    expect(decodeSketch(null)).toBeNull();
  });
});

/** A sketch of one-band windows with the given keys and shingle sets, and quotes of the given stems. */
function sketch(windows: readonly [key: number, shingles: readonly number[]][], quotes: readonly (readonly number[])[] = []): Sketch {
  const offset = new Int32Array(windows.length + 1);
  windows.forEach(([, s], w) => (offset[w + 1] = offset[w] + s.length));
  const stemOffset = new Int32Array(quotes.length + 1);
  quotes.forEach((q, i) => (stemOffset[i + 1] = stemOffset[i] + q.length));
  const stems = Uint32Array.from(quotes.flatMap((q) => [...q].sort((x, y) => x - y)));
  const signatures = new Uint32Array(quotes.length * OPTIONS.numHashes);
  const salts = seedStream(99, OPTIONS.numHashes);
  quotes.forEach((_, i) => minhashInto(stems, stemOffset[i], stemOffset[i + 1], salts, signatures, i * OPTIONS.numHashes));
  return {
    windows: windows.length,
    bandKeys: { bands: 1, keys: Uint32Array.from(windows.map(([k]) => k)), skipped: new Uint32Array(0) },
    shingles: { offset, values: Uint32Array.from(windows.flatMap(([, s]) => [...s].sort((x, y) => x - y))) },
    quotes: { count: quotes.length, words: Uint32Array.from(quotes.map(() => 20)), offset: stemOffset, stems, numHashes: OPTIONS.numHashes, signatures },
  };
}

const OPTIONS: ScreenOptions = {
  numHashes: 2, bands: 1, rows: 1, maxBucketSize: 3, verifyThreshold: 0.5, containmentThreshold: 0.8,
  minPassageTokens: 8, quoteBands: 2, quoteRows: 1, quoteVerifyThreshold: 0.5, quoteContainmentThreshold: 0.8, quoteMinStems: 3,
};

describe('screen-candidates', () => {
  it('keeps the articles linked to a new one by verified windows, directly or through another, and no others', () => {
    const sketches = [
      sketch([[1, [10, 11, 12, 13]]]), // new
      sketch([[1, [10, 11, 12, 14]], [2, [20, 21, 22]]]), // verified with the new one (Jaccard 0.6)
      sketch([[2, [20, 21, 22, 23]]]), // verified with the one before only
      sketch([[1, [90, 91, 92, 10]]]), // same bucket as the new one, not verified (Jaccard 1/7)
      sketch([[3, [30, 31]]]), // nothing in common
    ];
    expect([...screenCandidates(sketches, [true, false, false, false, false], OPTIONS)]).toEqual([1, 1, 1, 0, 0]);
  });

  it('keeps an article that shares only a quote with a new one, when the run compares that quote', () => {
    const quote = [100, 101, 102, 103];
    const sketches = [sketch([[1, [10, 11]]], [quote]), sketch([[2, [20, 21]]], [quote]), sketch([[3, [30, 31]]], [[100, 101]])];
    expect([...screenCandidates(sketches, [true, false, false], OPTIONS)]).toEqual([1, 1, 0]);
    // Quotes shorter than the run's shortest passage are not compared, so they link nothing.
    expect([...screenCandidates(sketches, [true, false, false], { ...OPTIONS, minPassageTokens: 30 })]).toEqual([1, 0, 0]);
  });

  it('keeps a bucket over the cap whole once one of its articles is kept (its members are paired with neighbours only)', () => {
    const sketches = [
      sketch([[5, [1, 2, 3]]]), // new
      sketch([[5, [1, 2, 3]]]), // its neighbour in the capped bucket: verified
      sketch([[5, [7, 8, 9]]]),
      sketch([[5, [4, 5, 6]], [6, [60, 61]]]),
      sketch([[6, [60, 61]]]), // linked to the bucket's last member only
    ];
    expect([...screenCandidates(sketches, [true, false, false, false, false], OPTIONS)]).toEqual([1, 1, 1, 1, 1]);
    // Under the cap, the unverified members stay out.
    expect([...screenCandidates(sketches, [true, false, false, false, false], { ...OPTIONS, maxBucketSize: 10 })]).toEqual([1, 1, 0, 0, 0]);
  });
});
