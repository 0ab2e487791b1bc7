import type { ArticlePair, Cluster, PairRelation, Span } from '../types.js';

export interface RelateOptions {
  duplicateThreshold: number;
  derivedThreshold: number;
  /** A cluster spanning more articles than this pairs each of them with its first article only. */
  maxBucketSize?: number;
}

/**
 * Whole-article relations from the clusters: for every two articles with a cluster in common,
 * how much of each one's text stands in the other (containment both ways), and what that makes
 * them: "duplicate" (both mostly in the other), "derived" (one mostly in the other), else "partial".
 * `lengths` are the articles' lengths in code points; `toCodePoint` converts a span offset.
 * A passage syndicated to n outlets would make n²/2 pairs (50 million for 10 000 outlets), so a
 * cluster spanning more than `maxBucketSize` articles is a star: its first article with each other.
 */
export function relate(
  clusters: readonly Cluster[],
  lengths: readonly number[],
  options: RelateOptions,
  toCodePoint: (article: number, offset: number) => number = (_, offset) => offset,
): ArticlePair[] {
  const shared = new Map<string, { a: number; b: number; spansA: Span[]; spansB: Span[] }>();
  for (const cluster of clusters) {
    const byArticle = new Map<number, Span[]>();
    for (const m of cluster.members) {
      const list = byArticle.get(m.article);
      if (list) list.push(m);
      else byArticle.set(m.article, [m]);
    }
    const articles = [...byArticle.keys()].sort((x, y) => x - y);
    const star = articles.length > (options.maxBucketSize ?? Infinity);
    for (let i = 0; i < (star ? 1 : articles.length); i++) {
      for (let j = i + 1; j < articles.length; j++) {
        const a = articles[i];
        const b = articles[j];
        const key = `${a}:${b}`;
        let entry = shared.get(key);
        if (!entry) {
          entry = { a, b, spansA: [], spansB: [] };
          shared.set(key, entry);
        }
        entry.spansA.push(...byArticle.get(a)!);
        entry.spansB.push(...byArticle.get(b)!);
      }
    }
  }
  const pairs: ArticlePair[] = [];
  for (const { a, b, spansA, spansB } of shared.values()) {
    const sharedA = coveredLength(spansA.map((s) => ({ start: toCodePoint(a, s.start), end: toCodePoint(a, s.end) })));
    const sharedB = coveredLength(spansB.map((s) => ({ start: toCodePoint(b, s.start), end: toCodePoint(b, s.end) })));
    const ca = lengths[a] === 0 ? 0 : sharedA / lengths[a];
    const cb = lengths[b] === 0 ? 0 : sharedB / lengths[b];
    pairs.push({ a, b, relation: relationOf(ca, cb, options), sharedA, sharedB });
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

export function relationOf(ca: number, cb: number, options: RelateOptions): PairRelation {
  if (Math.min(ca, cb) >= options.duplicateThreshold) return 'duplicate';
  if (Math.max(ca, cb) >= options.derivedThreshold) return 'derived';
  return 'partial';
}

/** Length of the union of spans (any order). */
export function coveredLength(spans: readonly Pick<Span, 'start' | 'end'>[]): number {
  const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end);
  let total = 0;
  let reach = -1;
  for (const s of sorted) {
    if (s.end <= reach) continue;
    total += s.end - Math.max(s.start, reach);
    reach = s.end;
  }
  return total;
}
