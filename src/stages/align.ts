import { Scratch } from '../kernels/scratch.js';
import { intersectionSize, ValueSet } from '../kernels/sets.js';
import type { Alignment, ArticleAnalysis, Span, VerifiedCandidate } from '../types.js';
import { hashTokens, transientShingleRange } from './shingle.js';

export interface AlignOptions {
  shingleSize: number;
  maxGapTokens: number;
  minPassageTokens: number;
  verifyThreshold: number;
  containmentThreshold: number;
}

interface Chain {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/**
 * Turns verified window pairs into maximal passage alignments with exact offsets. Per article pair,
 * window pairs that follow each other in both articles (at most `maxGapTokens` words apart) chain
 * into one passage; each passage is then trimmed to its first and last shared shingle on both sides
 * and verified again as a whole. Inside one article the first passage must end before the second
 * begins.
 */
export function align(verified: readonly VerifiedCandidate[], analyses: readonly ArticleAnalysis[], options: AlignOptions): Alignment[] {
  const ordered = verified
    .map((v) => ({
      articleA: v.articleA,
      articleB: v.articleB,
      a0: analyses[v.articleA].windows.first[v.windowA],
      a1: analyses[v.articleA].windows.last[v.windowA],
      b0: analyses[v.articleB].windows.first[v.windowB],
      b1: analyses[v.articleB].windows.last[v.windowB],
    }))
    .sort((x, y) => x.articleA - y.articleA || x.articleB - y.articleB || x.a0 - y.a0 || x.b0 - y.b0 || x.a1 - y.a1 || x.b1 - y.b1);

  const out: Alignment[] = [];
  let from = 0;
  while (from < ordered.length) {
    let to = from + 1;
    while (to < ordered.length && ordered[to].articleA === ordered[from].articleA && ordered[to].articleB === ordered[from].articleB) to++;
    const { articleA, articleB } = ordered[from];
    const chains = chainPairs(ordered.slice(from, to), articleA === articleB, options.maxGapTokens);
    for (const chain of chains) {
      const alignment = finish(chain, analyses[articleA], articleA, analyses[articleB], articleB, options);
      if (alignment) out.push(alignment);
    }
    from = to;
  }
  return out;
}

function chainPairs(pairs: readonly Chain[], self: boolean, gap: number): Chain[] {
  const open: Chain[] = [];
  const done: Chain[] = [];
  for (const p of pairs) {
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i].a1 + gap < p.a0) done.push(...open.splice(i, 1));
    }
    let best: Chain | null = null;
    let bestSkew = Infinity;
    for (const c of open) {
      if (p.a0 < c.a0 || p.b0 < c.b0) continue;
      if (p.a0 > c.a1 + gap || p.b0 > c.b1 + gap) continue;
      if (self && Math.max(c.a1, p.a1) > c.b0) continue;
      const skew = Math.abs(p.a0 - c.a1 - (p.b0 - c.b1));
      if (skew < bestSkew) {
        bestSkew = skew;
        best = c;
      }
    }
    if (best) {
      best.a1 = Math.max(best.a1, p.a1);
      best.b1 = Math.max(best.b1, p.b1);
    } else {
      open.push({ a0: p.a0, a1: p.a1, b0: p.b0, b1: p.b1 });
    }
  }
  return done.concat(open);
}

function finish(
  chain: Chain,
  analysisA: ArticleAnalysis,
  articleA: number,
  analysisB: ArticleAnalysis,
  articleB: number,
  options: AlignOptions,
): Alignment | null {
  const k = options.shingleSize;
  const ha = analysisA.tokens.hash;
  const hb = analysisB.tokens.hash;
  let { a0, a1, b0, b1 } = chain;
  let sizeA: number;
  let sizeB: number;
  let inter: number;
  if (a1 - a0 >= k && b1 - b0 >= k) {
    // Each side's k-grams are hashed once, for trimming both sides and for the similarity of
    // what is left (they were hashed six times), and compared through sets of values.
    const ga = grams(ha, a0, a1, k, 0);
    const gb = grams(hb, b0, b1, k, 1);
    const [fa, la] = matchedRange(ga, setOf(gb, 0, gb.length));
    const [fb, lb] = matchedRange(gb, setOf(ga, 0, ga.length));
    [a0, a1] = [a0 + fa, a0 + la + k];
    [b0, b1] = [b0 + fb, b0 + lb + k];
    if (articleA === articleB && a1 > b0) return null;
    if (Math.min(a1 - a0, b1 - b0) < options.minPassageTokens) return null;
    // Distinct k-grams of what is left on each side, and how many both hold.
    const kept = setOf(ga, fa, la + 1);
    otherSet.clear(lb + 1 - fb);
    inter = 0;
    for (let i = fb; i <= lb; i++) if (otherSet.add(gb[i]) && kept.has(gb[i])) inter++;
    sizeA = kept.size;
    sizeB = otherSet.size;
  } else {
    const sa = transientShingleRange(ha, a0, a1, k, 0);
    const sb = transientShingleRange(hb, b0, b1, k, 1);
    if (articleA === articleB && a1 > b0) return null;
    if (Math.min(a1 - a0, b1 - b0) < options.minPassageTokens) return null;
    sizeA = sa.length;
    sizeB = sb.length;
    inter = intersectionSize(sa, 0, sa.length, sb, 0, sb.length);
  }
  const similarity = inter / (sizeA + sizeB - inter);
  const containment = inter / Math.min(sizeA, sizeB);
  if (similarity < options.verifyThreshold && containment < options.containmentThreshold) return null;
  return {
    a: span(analysisA, articleA, a0, a1),
    b: span(analysisB, articleB, b0, b1),
    similarity: Math.round(similarity * 1e4) / 1e4,
  };
}

/** The k-gram hashes of `hashes[from, to)` in order (`to − from − k + 1` of them), in scratch `slot`. */
function grams(hashes: Uint32Array, from: number, to: number, k: number, slot: number): Uint32Array {
  const out = scratch.take(slot, to - from - k + 1);
  for (let i = 0; i < out.length; i++) out[i] = hashTokens(hashes, from + i, k);
  return out;
}

/** Sets kept from call to call: the values of one side, and the distinct values of the other. */
const valueSet = new ValueSet();
const otherSet = new ValueSet();

/** The values of `values[from, to)` as a set (valueSet, emptied first). */
function setOf(values: Uint32Array, from: number, to: number): ValueSet {
  valueSet.clear(to - from);
  for (let i = from; i < to; i++) valueSet.add(values[i]);
  return valueSet;
}

/**
 * The first and last position of `grams` whose value `others` holds: the range a passage is
 * trimmed to, so that it starts and ends on a k-gram both sides print. All of it when none is.
 */
function matchedRange(grams: Uint32Array, others: ValueSet): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < grams.length; i++) {
    if (others.has(grams[i])) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? [0, grams.length - 1] : [first, last];
}

/** Arrays kept from call to call for the grams of an alignment's two sides; one longer than 2^20
 *  values (4 MB) is let go after use. */
const scratch = new Scratch((n) => new Uint32Array(n), 2, 1 << 20);

/** The span of tokens `[firstToken, lastToken)` of an article, with their original offsets. */
export function span(analysis: ArticleAnalysis, article: number, firstToken: number, lastToken: number): Span {
  return {
    article,
    firstToken,
    lastToken,
    start: analysis.tokens.start[firstToken],
    end: analysis.tokens.end[lastToken - 1],
  };
}
