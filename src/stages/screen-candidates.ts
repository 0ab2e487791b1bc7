import { UnionFind } from '../kernels/union-find.js';
import { sameQuote } from './find-quotes.js';
import { forEachCandidate, type WindowTable } from './find-candidates.js';
import type { Sketch } from './sketch-article.js';
import { windowSimilarity } from './verify.js';

export interface ScreenOptions {
  numHashes: number;
  bands: number;
  rows: number;
  maxBucketSize: number;
  verifyThreshold: number;
  containmentThreshold: number;
  minPassageTokens: number;
  quoteBands: number;
  quoteRows: number;
  quoteVerifyThreshold: number;
  quoteContainmentThreshold: number;
  quoteMinStems: number;
}

/**
 * Which articles of a scan can share a finding with one of the `fresh` ones, from their sketches
 * alone: the copy channel's candidate window pairs (find-candidates, with the same bucket cap)
 * verified on their shingle sets as verify does, and the quote channel's candidate quote pairs
 * verified on their stems as find-quotes does, link two articles; an article linked to a fresh
 * one, directly or through others, is kept. A scan of the kept articles finds exactly the
 * clusters and pairs with a fresh member that a scan of all of them finds:
 * - a finding's articles are linked (an alignment needs a verified window pair, a quote cluster
 *   verified quote pairs), so every article of a finding with a fresh member is kept;
 * - the candidates among kept articles are the same in both scans, because a bucket over the cap
 *   (whose members are paired with their neighbours only, so that leaving members out would change
 *   the pairs) is kept whole as soon as one of its articles is.
 * `sketches` are in scan order (ids ascending, exact copies once). Returns 1 for each kept article.
 */
export function screenCandidates(sketches: readonly Sketch[], fresh: ArrayLike<boolean>, options: ScreenOptions): Uint8Array {
  const n = sketches.length;
  const sets = new UnionFind(n);
  const capped: Int32Array[] = [];
  const keepCapped = (article: Int32Array) => (windows: Uint32Array, from: number, to: number): void => {
    const members = new Int32Array(to - from);
    for (let i = from; i < to; i++) members[i - from] = article[windows[i]];
    capped.push(members);
  };
  const linked = (x: number, y: number): boolean => x === y || sets.find(x) === sets.find(y);

  // Copy channel: window pairs verified on their exact shingle sets.
  const windows = windowTable(sketches, options.numHashes);
  forEachCandidate(
    windows,
    options.bands,
    options.rows,
    options.maxBucketSize,
    (x, y) => {
      const ax = windows.article[x];
      const ay = windows.article[y];
      if (linked(ax, ay)) return;
      const sa = sketches[ax].shingles;
      const sb = sketches[ay].shingles;
      const wa = windows.local[x];
      const wb = windows.local[y];
      const aFrom = sa.offset[wa];
      const aTo = sa.offset[wa + 1];
      const bFrom = sb.offset[wb];
      const bTo = sb.offset[wb + 1];
      if (windowSimilarity(sa.values, aFrom, aTo, sb.values, bFrom, bTo, options.verifyThreshold, options.containmentThreshold) >= 0) sets.union(ax, ay);
    },
    keepCapped(windows.article),
  );

  // Quote channel: the quotes the run compares, paired by LSH on their stems, verified on them.
  const quotes = quoteTable(sketches, options);
  forEachCandidate(
    quotes.table,
    options.quoteBands,
    options.quoteRows,
    options.maxBucketSize,
    (x, y) => {
      const ax = quotes.table.article[x];
      const ay = quotes.table.article[y];
      if (linked(ax, ay)) return;
      if (sameQuote(quotes.stems, quotes.offset, x, y, options) >= 0) sets.union(ax, ay);
    },
    keepCapped(quotes.table.article),
  );

  // Kept: linked to a fresh article; a capped bucket with a kept member is kept whole.
  const kept = (): Uint8Array => {
    const root = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (fresh[i]) root[sets.find(i)] = 1;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = root[sets.find(i)];
    return out;
  };
  let keep = kept();
  for (let grew = true; grew; ) {
    grew = false;
    for (const members of capped) {
      if (!members.some((a) => keep[a] === 1) || members.every((a) => keep[a] === 1)) continue;
      for (const a of members) sets.union(members[0], a);
      grew = true;
    }
    if (grew) keep = kept();
  }
  return keep;
}

/** Every window of the sketches in one numbering, as find-candidates takes it (band keys given). */
function windowTable(sketches: readonly Sketch[], numHashes: number): WindowTable {
  let count = 0;
  for (const s of sketches) count += s.windows;
  const article = new Int32Array(count);
  const local = new Int32Array(count);
  let g = 0;
  sketches.forEach((s, i) => {
    for (let w = 0; w < s.windows; w++, g++) {
      article[g] = i;
      local[g] = w;
    }
  });
  const bandKeys = { parts: sketches.map((s) => s.bandKeys), windows: sketches.map((s) => s.windows) };
  // No two windows overlap (first = last = 0): pairs inside one article are skipped by the caller.
  const none = new Int32Array(count);
  return { count, article, local, first: none, last: none, signatures: new Uint32Array(0), numHashes, bandKeys };
}

/** The quotes the run compares (as stem-quotes chooses them), their stems and signatures in one numbering. */
function quoteTable(sketches: readonly Sketch[], options: ScreenOptions): { table: WindowTable; offset: Int32Array; stems: Uint32Array } {
  const k = options.numHashes;
  const unitArticle: number[] = [];
  const unitOf: number[] = [];
  let total = 0;
  sketches.forEach((s, i) => {
    const q = s.quotes;
    for (let u = 0; u < q.count; u++) {
      const size = q.offset[u + 1] - q.offset[u];
      if (q.words[u] < options.minPassageTokens || size < options.quoteMinStems) continue;
      unitArticle.push(i);
      unitOf.push(u);
      total += size;
    }
  });
  const count = unitArticle.length;
  const offset = new Int32Array(count + 1);
  const stems = new Uint32Array(total);
  const signatures = new Uint32Array(count * k);
  for (let u = 0; u < count; u++) {
    const q = sketches[unitArticle[u]].quotes;
    const from = q.offset[unitOf[u]];
    const to = q.offset[unitOf[u] + 1];
    stems.set(q.stems.subarray(from, to), offset[u]);
    offset[u + 1] = offset[u] + (to - from);
    signatures.set(q.signatures.subarray(unitOf[u] * k, (unitOf[u] + 1) * k), u * k);
  }
  const none = new Int32Array(count);
  const table: WindowTable = {
    count,
    article: Int32Array.from(unitArticle),
    local: Int32Array.from({ length: count }, (_, i) => i),
    first: none,
    last: none,
    signatures,
    numHashes: k,
  };
  return { table, offset, stems };
}
