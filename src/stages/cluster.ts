import { UnionFind } from '../kernels/union-find.js';
import type { Alignment, Cluster, Span } from '../types.js';

/**
 * Groups aligned passages into clusters. Each alignment joins its two spans; two spans of one
 * article join when they cover mostly the same text (interval Jaccard ≥ `sameSpan`), so a sentence
 * that one article shares with a third does not drag the whole of a longer passage along.
 * Inside a cluster, overlapping spans of one article are merged into one member.
 */
export function cluster(alignments: readonly Alignment[], sameSpan = 0.5): Cluster[] {
  const spans: Span[] = [];
  for (const alignment of alignments) spans.push(alignment.a, alignment.b);
  const sets = new UnionFind(spans.length);
  for (let i = 0; i < alignments.length; i++) sets.union(2 * i, 2 * i + 1);

  const order = spans.map((_, i) => i).sort((x, y) => compareSpans(spans[x], spans[y]));
  for (let i = 0; i < order.length; i++) {
    const s = spans[order[i]];
    for (let j = i + 1; j < order.length; j++) {
      const t = spans[order[j]];
      if (t.article !== s.article || t.start >= s.end) break;
      const overlap = Math.min(s.end, t.end) - t.start;
      const union = Math.max(s.end, t.end) - s.start;
      if (overlap / union >= sameSpan) sets.union(order[i], order[j]);
    }
  }

  const groups = new Map<number, { spans: Span[]; similarity: number }>();
  for (const i of order) {
    const root = sets.find(i);
    let group = groups.get(root);
    if (!group) {
      group = { spans: [], similarity: 1 };
      groups.set(root, group);
    }
    group.spans.push(spans[i]);
  }
  for (let i = 0; i < alignments.length; i++) {
    const group = groups.get(sets.find(2 * i))!;
    group.similarity = Math.min(group.similarity, alignments[i].similarity);
  }

  const clusters: Cluster[] = [];
  for (const group of groups.values()) {
    const members = mergeOverlaps(group.spans);
    const articles = new Set(members.map((m) => m.article));
    clusters.push({ kind: articles.size === 1 ? 'repeat' : 'copy', similarity: group.similarity, members });
  }
  return clusters.sort((x, y) => compareSpans(x.members[0], y.members[0]) || x.members.length - y.members.length);
}

/** Spans sorted by article then start; overlapping spans of one article become their union. */
function mergeOverlaps(sorted: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.article === s.article && s.start < last.end) {
      if (s.end > last.end) out[out.length - 1] = { ...last, end: s.end, lastToken: s.lastToken };
    } else {
      out.push(s);
    }
  }
  return out;
}

export function compareSpans(x: Span, y: Span): number {
  return x.article - y.article || x.start - y.start || x.end - y.end;
}
