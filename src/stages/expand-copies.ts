import type { Alignment, Article, ArticleAnalysis, ArticlePair, Cluster, ScanResult, Span } from '../types.js';
import type { Copies } from './collapse-copies.js';
import { compareSpans } from './cluster.js';

/**
 * Puts the exact copies collapsed by `collapseCopies` back into the findings, in linear time:
 * - every article gets the analysis of its text;
 * - each cluster member in a collapsed text stands in every copy of it;
 * - the copies of one text form a cluster covering the whole text (kind `copy`, similarity 1),
 *   unless a cluster already covers most of it (interval Jaccard ≥ `sameSpan`, as in `cluster`);
 * - each copy is paired with the first copy only (relation `duplicate`, all of each in the other),
 *   and pairs with other articles are those of the first copy: n copies give n − 1 pairs, not n²/2.
 * `lengths` are the distinct texts' lengths in code points.
 */
export function expandCopies(
  found: ScanResult,
  copies: Copies,
  articles: readonly Article[],
  lengths: readonly number[],
  sameSpan = 0.5,
): ScanResult {
  const { holders, textOf } = copies;
  if (holders.length === articles.length) return found;
  const first = (u: number): number => holders[u][0];

  const analyses: ArticleAnalysis[] = articles.map((article, i) => {
    const analysis = found.articles[textOf[i]];
    return analysis.article === article ? analysis : { ...analysis, article };
  });

  const moved = (s: Span): Span => ({ ...s, article: first(s.article) });
  const alignments: Alignment[] = found.alignments.map((a) => ({ ...a, a: moved(a.a), b: moved(a.b) }));

  const clusters: Cluster[] = found.clusters.map((c) => {
    const members: Span[] = [];
    for (const m of c.members) for (const g of holders[m.article]) members.push({ ...m, article: g });
    members.sort(compareSpans);
    const spread = members[0].article !== members[members.length - 1].article;
    return { ...c, kind: spread && c.kind === 'repeat' ? 'copy' : c.kind, members };
  });
  // Which copied texts a cluster already covers, in one pass over the members (not one per text).
  const covered = new Uint8Array(holders.length);
  for (const c of found.clusters) {
    for (const m of c.members) {
      if (holders[m.article].length >= 2 && !covered[m.article] && overlapShare(m, wholeText(found.articles[m.article])) >= sameSpan) covered[m.article] = 1;
    }
  }
  holders.forEach((group, u) => {
    if (group.length < 2) return;
    const whole = wholeText(found.articles[u]);
    if (!covered[u]) clusters.push({ kind: 'copy', similarity: 1, members: group.map((g) => ({ ...whole, article: g })) });
  });
  clusters.sort((x, y) => compareSpans(x.members[0], y.members[0]) || x.members.length - y.members.length);

  const pairs: ArticlePair[] = found.pairs.map((p) => ({ ...p, a: first(p.a), b: first(p.b) }));
  holders.forEach((group, u) => {
    for (let k = 1; k < group.length; k++) {
      pairs.push({ a: group[0], b: group[k], relation: 'duplicate', sharedA: lengths[u], sharedB: lengths[u] });
    }
  });
  pairs.sort((x, y) => x.a - y.a || x.b - y.b);

  return { articles: analyses, alignments, clusters, pairs };
}

/** The text from its first to its last non-blank character, as a span of the collapsed article. */
function wholeText(analysis: ArticleAnalysis): Span {
  const text = analysis.article.text;
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return { article: -1, firstToken: 0, lastToken: analysis.tokens.count, start, end };
}

function overlapShare(x: Span, y: Span): number {
  const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
  const union = Math.max(x.end, y.end) - Math.min(x.start, y.start);
  return overlap <= 0 || union <= 0 ? 0 : overlap / union;
}
