import { GramTable } from '../kernels/gram-table.js';
import { localAlign } from '../kernels/local-align.js';
import { Scratch } from '../kernels/scratch.js';
import { intersectionSize } from '../kernels/sets.js';
import type { Alignment, ArticleAnalysis, Sentences, VerifiedCandidate } from '../types.js';
import { span } from './align.js';
import { hashTokens, transientShingleRange } from './shingle.js';

export interface AlignWordsOptions {
  shingleSize: number;
  minPassageTokens: number;
  verifyThreshold: number;
  containmentThreshold: number;
}

/** A k-gram found more often than this in one article (a refrain, a table's row pattern) seeds nothing. */
const COMMON_GRAM = 8;

interface Chain {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  /** Lowest and highest diagonal (b − a) of the chain's seeds. */
  dLo: number;
  dHi: number;
}

/**
 * Edited sentences the window channel misses inside article pairs it has already related (at
 * least one verified window pair): sentences too short, or edited too much, for their 3-grams to
 * pass — a headline and its rewording as the standfirst, a caption that re-uses a sentence's
 * opening, a sentence with an aside inserted.
 *
 * The two articles' shared k-grams outside the passages already aligned are seeds; seeds at most
 * `minPassageTokens` words apart on both sides make one chain, which a word-level local alignment
 * (unit costs, see kernels/local-align) extends and bounds. This is the seeding, extension and
 * filtering of PAN's text alignment task (Potthast et al. 2013, "Overview of the 5th International
 * Competition on Plagiarism Detection"), run only where the cheaper channel has found reuse.
 * A passage needs at least `minPassageTokens` words on both sides, and its words matched in order
 * must make at least `containmentThreshold` of the shorter side. Then
 * - at most `shingleSize − 1` words from a passage already aligned, on both sides and in the same
 *   order (the word or two an edit changed between them), it extends that passage, when the whole
 *   still verifies as align's passages do: the rest of a sentence past an edit is not a second
 *   passage beside the first. Further away it stays apart, so that narrative around a quote
 *   printed word for word does not dilute the quote's alignment;
 * - otherwise it is a passage of its own if it begins where a sentence begins on both sides, or
 *   ends where one ends on both: a copy editor who trims or rewords a sentence keeps its opening
 *   or its close, while phrases that merely recur inside different sentences (a stock phrase, a
 *   fragment of a longer line of web boilerplate) are not this stage's to report.
 * Inside one article only the windows verification paired but alignment left (partly) uncovered
 * are searched, against the rest of the article: a page that repeats its navigation or a list of
 * near-identical definitions would otherwise be reported item by item.
 *
 *   "France vows 'retaliation' if Russia meddles in elections"
 *   "France promises 'retaliation' if Russia meddles in its elections"
 *   → 3 shared 3-grams of 10 (trimmed to them, 5 words: too short), 7 of 8 words matched in
 *     order: one passage of the whole two sentences.
 *
 * Returns `found`, some of them extended, followed by the new alignments.
 */
export function alignWords(
  verified: readonly VerifiedCandidate[],
  found: readonly Alignment[],
  analyses: readonly ArticleAnalysis[],
  options: AlignWordsOptions,
): Alignment[] {
  const n = analyses.length;
  const key = (articleA: number, articleB: number): number => articleA * n + articleB;
  const order = Uint32Array.from(verified.keys()).sort(
    (x, y) => key(verified[x].articleA, verified[x].articleB) - key(verified[y].articleA, verified[y].articleB) || x - y,
  );
  // Alignments as they stand, by article pair; a passage found here may extend one of them.
  const current = found.slice();
  const byPair = new Map<number, number[]>();
  for (let i = 0; i < found.length; i++) {
    const at = key(found[i].a.article, found[i].b.article);
    const list = byPair.get(at);
    if (list) list.push(i);
    else byPair.set(at, [i]);
  }

  const k = options.shingleSize;
  const gap = options.minPassageTokens;
  // The first article's k-grams, in an array refilled for each (see GramCache).
  const gramsScratch = new Scratch((n) => new Uint32Array(n), 1);
  let gramsA: Uint32Array = new Uint32Array(0);
  const tableA = new GramTable();
  let indexed = -1;
  const cache = new GramCache();
  for (let from = 0; from < order.length; ) {
    const { articleA, articleB } = verified[order[from]];
    let to = from + 1;
    while (to < order.length && verified[order[to]].articleA === articleA && verified[order[to]].articleB === articleB) to++;
    const pairs = order.subarray(from, to);
    from = to;

    if (articleA !== indexed) {
      indexed = articleA;
      const hashes = analyses[articleA].tokens.hash;
      gramsA = gramsInto(hashes, k, gramsScratch.take(0, gramCount(hashes, k)));
      tableA.fill(gramsA);
    }
    const self = articleA === articleB;
    const analysisA = analyses[articleA];
    const analysisB = analyses[articleB];
    const mine = byPair.get(key(articleA, articleB)) ?? [];
    const known = mine.map((i) => current[i]);
    const gramsB = self ? gramsA : cache.get(analysisB.tokens.hash, k);
    const searched = self ? unaligned(analysisA, pairs, verified, known) : null;
    const seeds = seedPairs(tableA, gramsB, k, known, searched);
    if (seeds.length === 0) continue;
    for (const chain of chainSeeds(seeds, gramsB.length + 1, self, k, gap)) {
      const passage = extend(chain, known, analysisA, analysisB, self, options);
      if (!passage || inside(passage, known)) continue;
      // Right after or before a passage already aligned, on both sides: it extends it.
      const host = mine.find((i) => continues(current[i], passage, self, k - 1));
      const joined = host === undefined ? null : join(current[host], passage, analysisA, analysisB, options);
      if (host !== undefined && joined) {
        current[host] = joined;
      } else if (sentenceAnchored(analysisA.sentences, passage, analysisB.sentences)) {
        mine.push(current.length);
        current.push(alignment(analysisA, articleA, passage.a0, passage.a1, analysisB, articleB, passage.b0, passage.b1, k).alignment);
      }
      known.length = 0;
      for (const i of mine) known.push(current[i]);
    }
  }
  return current;
}

/** Token ranges of a passage in its two articles. */
interface Passage {
  readonly a0: number;
  readonly a1: number;
  readonly b0: number;
  readonly b1: number;
}

/** Most k-grams the cache keeps (4 bytes each): the articles last compared, for their next pairs. */
const CACHED_GRAMS = 1 << 22;

/**
 * The k-grams of articles met as the second of a pair, kept while they fit in CACHED_GRAMS: views
 * of one ring of that many values, the oldest overwritten first. An array for each article (36,625
 * at 100,000 articles, 0.11 GB) was memory V8 counts outside its heap and starts markings for.
 * A view is valid until the next `get`.
 */
export class GramCache {
  /** Each key's k-grams, where they start in the ring, and the lap of the ring they were written in. */
  private readonly entries = new Map<Uint32Array, { grams: Uint32Array; at: number; lap: number }>();
  /** The keys in the order they came, oldest from `head` on: the next to go. Taking the oldest
   *  from the Map's own order walked past every entry deleted before it (a Map keeps their places
   *  until it is rebuilt), a tenth of alignment at 100,000 articles. */
  private order: Uint32Array[] = [];
  private head = 0;
  private ring = new Uint32Array(0);
  private tail = 0;
  private lap = 0;
  /** `capacity`: values the ring holds at most. */
  constructor(private readonly capacity = CACHED_GRAMS) {}
  /** The k-gram hashes of `tokens` (gramsInto), from the ring when they are still there. */
  get(tokens: Uint32Array, k: number): Uint32Array {
    const found = this.entries.get(tokens);
    if (found) return found.grams;
    const count = gramCount(tokens, k);
    if (count > this.capacity) return gramsInto(tokens, k, new Uint32Array(count));
    if (this.tail + count > this.ring.length) {
      if (this.ring.length < this.capacity) {
        // Grown while the articles met fit, so a small run keeps a small ring.
        const grown = new Uint32Array(Math.min(this.capacity, Math.max(2 * this.ring.length, this.tail + count, 1 << 14)));
        grown.set(this.ring.subarray(0, this.tail));
        this.ring = grown;
        for (const entry of this.entries.values()) entry.grams = grown.subarray(entry.at, entry.at + entry.grams.length);
      }
      if (this.tail + count > this.ring.length) {
        this.tail = 0;
        this.lap++;
      }
    }
    // Entries of the lap before that start before the end of the new one are overwritten.
    const end = this.tail + count;
    while (this.head < this.order.length) {
      const oldest = this.order[this.head];
      const { at, lap } = this.entries.get(oldest)!;
      if (lap === this.lap || (lap === this.lap - 1 && at >= end)) break;
      this.entries.delete(oldest);
      this.head++;
    }
    if (this.head > 1024 && 2 * this.head > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const grams = gramsInto(tokens, k, this.ring.subarray(this.tail, end));
    this.entries.set(tokens, { grams, at: this.tail, lap: this.lap });
    this.order.push(tokens);
    this.tail = end;
    return grams;
  }
}

function gramCount(tokens: Uint32Array, k: number): number {
  return Math.max(0, tokens.length - k + 1);
}

/** Hash of every k-gram, by the position of its first word, written into `out` (gramCount long). */
export function gramsInto(tokens: Uint32Array, k: number, out: Uint32Array): Uint32Array {
  for (let i = 0; i < out.length; i++) out[i] = hashTokens(tokens, i, k);
  return out;
}

/**
 * 1 for each token of a window that verification paired with another window of the same article
 * and that no alignment of the article with itself covers.
 */
function unaligned(analysis: ArticleAnalysis, pairs: Uint32Array, verified: readonly VerifiedCandidate[], known: readonly Alignment[]): Uint8Array {
  const { first, last } = analysis.windows;
  const mask = new Uint8Array(analysis.tokens.count);
  for (const p of pairs) {
    mask.fill(1, first[verified[p].windowA], last[verified[p].windowA]);
    mask.fill(1, first[verified[p].windowB], last[verified[p].windowB]);
  }
  for (const c of known) {
    mask.fill(0, c.a.firstToken, c.a.lastToken);
    mask.fill(0, c.b.firstToken, c.b.lastToken);
  }
  return mask;
}

/**
 * Positions (i in A, j in B) where the two articles share a k-gram, packed as i · stride + j and
 * sorted, leaving out those inside an alignment already found. With `searched` (one article with
 * itself), i < j and one of the two must be a searched token.
 */
function seedPairs(tableA: GramTable, gramsB: Uint32Array, k: number, known: readonly Alignment[], searched: Uint8Array | null): Float64Array {
  const stride = gramsB.length + 1;
  const seeds: number[] = [];
  for (let j = 0; j < gramsB.length; j++) {
    const h = gramsB[j];
    if (tableA.count(h) > COMMON_GRAM) continue;
    for (let i = tableA.first(h); i >= 0; i = tableA.next[i]) {
      if (searched) {
        // Inside one article, the first place comes first and the two do not overlap.
        if (i + k > j) break;
        if (!searched[i] && !searched[j]) continue;
      }
      if (isCovered(i, j, known)) continue;
      seeds.push(i * stride + j);
    }
  }
  return Float64Array.from(seeds).sort();
}

function isCovered(i: number, j: number, known: readonly Alignment[]): boolean {
  for (const c of known) {
    if (i >= c.a.firstToken && i < c.a.lastToken && j >= c.b.firstToken && j < c.b.lastToken) return true;
  }
  return false;
}

/**
 * Seeds that follow each other in both articles, at most `gap` words apart on each side, make
 * one chain (the nearest diagonal wins when several chains could take a seed).
 */
function chainSeeds(seeds: Float64Array, stride: number, self: boolean, k: number, gap: number): Chain[] {
  const open: Chain[] = [];
  const done: Chain[] = [];
  for (let s = 0; s < seeds.length; s++) {
    const i = Math.floor(seeds[s] / stride);
    const j = seeds[s] - i * stride;
    for (let c = open.length - 1; c >= 0; c--) {
      if (open[c].a1 + gap < i) done.push(...open.splice(c, 1));
    }
    let best: Chain | null = null;
    let bestSkew = Infinity;
    for (const c of open) {
      if (j < c.b0 || j > c.b1 + gap) continue;
      if (self && Math.max(c.a1, i + k) > c.b0) continue;
      const skew = Math.abs(i - c.a1 - (j - c.b1));
      if (skew < bestSkew) {
        bestSkew = skew;
        best = c;
      }
    }
    if (best) {
      best.a1 = Math.max(best.a1, i + k);
      best.b1 = Math.max(best.b1, j + k);
      best.dLo = Math.min(best.dLo, j - i);
      best.dHi = Math.max(best.dHi, j - i);
    } else {
      open.push({ a0: i, a1: i + k, b0: j, b1: j + k, dLo: j - i, dHi: j - i });
    }
  }
  return done.concat(open).sort((x, y) => x.a0 - y.a0 || x.b0 - y.b0);
}

/**
 * The word alignment around a chain: its seeds' rectangle widened by `minPassageTokens` words on
 * every side (edits near a sentence's ends break the k-grams there), in a band of as many
 * diagonals around the seeds'. It stops where a passage already aligned begins or ends on both
 * sides, so that it does not run on into it; inside one article the first place stays before
 * the second. Null unless it has `minPassageTokens` words on both sides and its words matched
 * in order make `containmentThreshold` of the shorter side.
 */
function extend(
  chain: Chain,
  known: readonly Alignment[],
  analysisA: ArticleAnalysis,
  analysisB: ArticleAnalysis,
  self: boolean,
  options: AlignWordsOptions,
): Passage | null {
  const reach = options.minPassageTokens;
  const ha = analysisA.tokens.hash;
  const hb = analysisB.tokens.hash;
  let xFrom = Math.max(0, chain.a0 - reach);
  let xTo = Math.min(ha.length, chain.a1 + reach);
  let yFrom = Math.max(0, chain.b0 - reach);
  let yTo = Math.min(hb.length, chain.b1 + reach);
  for (const { a, b } of known) {
    if (a.lastToken <= chain.a0 && b.lastToken <= chain.b0 && a.lastToken > xFrom && b.lastToken > yFrom) {
      xFrom = a.lastToken;
      yFrom = b.lastToken;
    } else if (a.firstToken >= chain.a1 && b.firstToken >= chain.b1 && a.firstToken < xTo && b.firstToken < yTo) {
      xTo = a.firstToken;
      yTo = b.firstToken;
    }
  }
  if (self && xTo > yFrom) {
    // Part at the sentence start nearest the middle between the two places.
    const split = sentenceStartNear(analysisA.sentences, chain.a1, chain.b0);
    xTo = Math.min(xTo, split);
    yFrom = Math.max(yFrom, split);
  }
  const found = localAlign(ha, xFrom, xTo, hb, yFrom, yTo, chain.dLo - reach, chain.dHi + reach);
  if (!found) return null;
  const shorter = Math.min(found.xTo - found.xFrom, found.yTo - found.yFrom);
  if (shorter < options.minPassageTokens || found.matches < options.containmentThreshold * shorter) return null;
  return { a0: found.xFrom, a1: found.xTo, b0: found.yFrom, b1: found.yTo };
}

/**
 * Whether `p` lies within `gap` words of `c` on both sides, on the same side of it in both
 * articles (inside one article, the union keeps its first place before its second).
 */
function continues(c: Alignment, p: Passage, self: boolean, gap: number): boolean {
  const distance = (from: number, to: number, first: number, last: number): number => Math.max(0, from - last, first - to);
  if (distance(p.a0, p.a1, c.a.firstToken, c.a.lastToken) > gap || distance(p.b0, p.b1, c.b.firstToken, c.b.lastToken) > gap) return false;
  if (Math.sign(p.a0 - c.a.firstToken) !== Math.sign(p.b0 - c.b.firstToken)) return false;
  return !self || Math.max(p.a1, c.a.lastToken) <= Math.min(p.b0, c.b.firstToken);
}

/** `c` widened to take in `p`, if the whole still verifies as align's passages do; else null. */
function join(c: Alignment, p: Passage, analysisA: ArticleAnalysis, analysisB: ArticleAnalysis, options: AlignWordsOptions): Alignment | null {
  const joined = alignment(
    analysisA, c.a.article, Math.min(c.a.firstToken, p.a0), Math.max(c.a.lastToken, p.a1),
    analysisB, c.b.article, Math.min(c.b.firstToken, p.b0), Math.max(c.b.lastToken, p.b1),
    options.shingleSize,
  );
  return joined.jaccard >= options.verifyThreshold || joined.containment >= options.containmentThreshold ? joined.alignment : null;
}

/** The alignment of two token ranges, with the Jaccard and containment of their shingle sets. */
function alignment(
  analysisA: ArticleAnalysis, articleA: number, a0: number, a1: number,
  analysisB: ArticleAnalysis, articleB: number, b0: number, b1: number,
  k: number,
): { alignment: Alignment; jaccard: number; containment: number } {
  const sa = transientShingleRange(analysisA.tokens.hash, a0, a1, k, 0);
  const sb = transientShingleRange(analysisB.tokens.hash, b0, b1, k, 1);
  const inter = intersectionSize(sa, 0, sa.length, sb, 0, sb.length);
  const jaccard = inter / (sa.length + sb.length - inter);
  return {
    alignment: { a: span(analysisA, articleA, a0, a1), b: span(analysisB, articleB, b0, b1), similarity: Math.round(jaccard * 1e4) / 1e4 },
    jaccard,
    containment: inter / Math.min(sa.length, sb.length),
  };
}

/** Whether the passage begins where a sentence begins on both sides, or ends where one ends on both. */
function sentenceAnchored(sa: Sentences, p: Passage, sb: Sentences): boolean {
  const begins = (s: Sentences, first: number): boolean => s.first[sentenceOf(s, first)] === first;
  const ends = (s: Sentences, last: number): boolean => s.last[sentenceOf(s, last - 1)] === last;
  return (begins(sa, p.a0) && begins(sb, p.b0)) || (ends(sa, p.a1) && ends(sb, p.b1));
}

/** Index of the sentence holding token `t`. */
function sentenceOf(sentences: Sentences, t: number): number {
  let lo = 0;
  let hi = sentences.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences.first[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The sentence start in `[from, to]` nearest their middle, else the middle. */
function sentenceStartNear(sentences: Sentences, from: number, to: number): number {
  const middle = Math.floor((from + to) / 2);
  let best = middle;
  let distance = Infinity;
  for (let s = sentenceOf(sentences, from); s < sentences.count && sentences.first[s] <= to; s++) {
    const at = sentences.first[s];
    if (at >= from && Math.abs(at - middle) < distance) {
      distance = Math.abs(at - middle);
      best = at;
    }
  }
  return best;
}

/** A passage both of whose sides lie inside one alignment already found. */
function inside(p: Passage, known: readonly Alignment[]): boolean {
  return known.some((c) => p.a0 >= c.a.firstToken && p.a1 <= c.a.lastToken && p.b0 >= c.b.firstToken && p.b1 <= c.b.lastToken);
}
