import { intersectionSize } from '../kernels/sets.js';
import type { Alignment, ArticleAnalysis, Span, VerifiedCandidate } from '../types.js';
import { hashTokens, shingleRange } from './shingle.js';

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
  if (a1 - a0 >= k && b1 - b0 >= k) {
    [a0, a1] = trim(ha, a0, a1, hb, b0, b1, k);
    [b0, b1] = trim(hb, chain.b0, chain.b1, ha, chain.a0, chain.a1, k);
  }
  if (articleA === articleB && a1 > b0) return null;
  if (Math.min(a1 - a0, b1 - b0) < options.minPassageTokens) return null;

  const sa = shingleRange(ha, a0, a1, k);
  const sb = shingleRange(hb, b0, b1, k);
  const inter = intersectionSize(sa, 0, sa.length, sb, 0, sb.length);
  const similarity = inter / (sa.length + sb.length - inter);
  const containment = inter / Math.min(sa.length, sb.length);
  if (similarity < options.verifyThreshold && containment < options.containmentThreshold) return null;
  return {
    a: span(analysisA, articleA, a0, a1),
    b: span(analysisB, articleB, b0, b1),
    similarity: Math.round(similarity * 1e4) / 1e4,
  };
}

/** Narrows `[from, to)` of `x` to the first and last k-gram that also occurs in `y[yFrom, yTo)`. */
function trim(x: Uint32Array, from: number, to: number, y: Uint32Array, yFrom: number, yTo: number, k: number): [number, number] {
  const other = new Set<number>();
  for (let j = yFrom; j + k <= yTo; j++) other.add(hashTokens(y, j, k));
  let first = -1;
  let last = -1;
  for (let i = from; i + k <= to; i++) {
    if (other.has(hashTokens(x, i, k))) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? [from, to] : [first, last + k];
}

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
