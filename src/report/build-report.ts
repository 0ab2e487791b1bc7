import { UnionFind } from '../kernels/union-find.js';
import type { ScanDetails } from '../pipeline.js';
import { coveredLength } from '../stages/relate.js';
import { findTitle } from '../stages/find-title.js';
import type {
  ArticleProfile, Attribution, ClusterKind, PairRelation, Problem, Report, ReportArticle, ReportCluster, ReportEdge, ReportPair, Span,
} from '../types.js';
import { codePointCounterOf, codePointLengthOf } from '../kernels/code-points.js';
import { excerptOf } from '../kernels/stored-text.js';
import { readAheadTexts } from '../io/read-ahead.js';

export const REPORT_SCHEMA = 'newsdedup/report@1';

/**
 * Turns the engine's findings into the JSON report: article ids instead of indexes, code point
 * offsets instead of UTF-16, stable ids and order, and the per-article and corpus figures.
 */
export function buildReport(details: ScanDetails, given: readonly Problem[], version: string): Report {
  const problems = [...given, ...(details.problems ?? [])];
  const analyses = details.articles;
  const ids = analyses.map((a) => a.article.id);
  const counters = analyses.map((a) => codePointCounterOf(a.article));
  const cp = (article: number, offset: number): number => counters[article](offset);

  const { excerpts, titles } = textsByArticle(details.clusters, analyses);

  const reused = analyses.map((): Span[] => []);
  const repeated = analyses.map((): Span[] => []);
  const attribution = details.attribution;
  const clusters: ReportCluster[] = details.clusters.map((c, i) => {
    const articles = new Set(c.members.map((m) => m.article));
    const seen = new Set<number>();
    for (const m of c.members) {
      // Quotes are reporting, not reuse: quote clusters count in neither figure. Boilerplate is an
      // outlet's template text, not reuse either; a footer printed twice in one article is repeated.
      if (articles.size > 1 && c.kind !== 'quote' && c.kind !== 'boilerplate') reused[m.article].push(m);
      if (seen.has(m.article) && c.kind !== 'quote') repeated[m.article].push(m);
      seen.add(m.article);
    }
    const found = attribution?.clusters[i];
    return {
      id: `c${i + 1}`,
      kind: c.kind,
      similarity: c.similarity,
      members: c.members.map((m, k) => ({
        article: ids[m.article],
        start: cp(m.article, m.start),
        end: cp(m.article, m.end),
        text: excerpts[i][k],
        ...(found ? { role: found.roles[k] } : {}),
      })),
      ...(found
        ? {
            edges: found.edges.map((e) => ({ from: ids[e.from], to: ids[e.to], confidence: e.confidence, evidence: e.evidence, chars: e.chars })),
            undetermined: found.undetermined.map((u) => ({ a: ids[u.a], b: ids[u.b], evidence: u.evidence, chars: u.chars })),
            speaker: c.speaker ?? null,
          }
        : {}),
    };
  });

  const chars = analyses.map((a) => codePointLengthOf(a.article));
  const pairs: ReportPair[] = details.pairs.map((p, i) => {
    const sharedA = p.sharedA;
    const sharedB = p.sharedB;
    const found = attribution?.pairs[i];
    const d = found?.direction;
    const direction: ReportEdge | null = d ? { from: ids[d.from], to: ids[d.to], confidence: d.confidence, evidence: d.evidence, chars: d.to === found.a ? found.chars.a : found.chars.b } : null;
    return {
      a: ids[p.a],
      b: ids[p.b],
      relation: p.relation,
      containment: { a: ratio(sharedA, chars[p.a]), b: ratio(sharedB, chars[p.b]) },
      sharedChars: { a: sharedA, b: sharedB },
      ...(found ? { direction, evidence: found.evidence } : {}),
    };
  });

  const duplicateOf = duplicateRepresentatives(analyses.length, details.pairs.filter((p) => p.relation === 'duplicate'), details.profiles, attribution);
  const articles: ReportArticle[] = analyses.map((a, i) => ({
    id: a.article.id,
    path: a.article.path,
    title: titles[i],
    chars: chars[i],
    words: a.tokens.count,
    reusedChars: spanChars(i, reused[i]),
    repeatedChars: spanChars(i, repeated[i]),
    duplicateOf: duplicateOf[i] === i ? null : ids[duplicateOf[i]],
    ...(details.profiles && attribution ? origin(details.profiles[i], attribution, i) : {}),
  }));
  function spanChars(article: number, spans: readonly Span[]): number {
    return coveredLength(spans.map((s) => ({ start: cp(article, s.start), end: cp(article, s.end) })));
  }

  const totalChars = chars.reduce((x, y) => x + y, 0);
  const reusedChars = articles.reduce((x, a) => x + a.reusedChars, 0);
  const clustersByKind: Record<ClusterKind, number> = { copy: 0, repeat: 0, quote: 0, boilerplate: 0 };
  for (const c of clusters) clustersByKind[c.kind]++;
  const pairsByRelation: Record<PairRelation, number> = { duplicate: 0, derived: 0, partial: 0 };
  for (const p of pairs) pairsByRelation[p.relation]++;

  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'newsdedup', version },
    options: { ...details.options },
    articles,
    clusters,
    pairs,
    problems: [...problems].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.code < y.code ? -1 : 1)),
    summary: {
      articles: articles.length,
      chars: totalChars,
      reusedChars,
      repeatedChars: articles.reduce((x, a) => x + a.repeatedChars, 0),
      reusedShare: ratio(reusedChars, totalChars),
      clusters: clusters.length,
      clustersByKind,
      pairs: pairs.length,
      pairsByRelation,
      duplicates: articles.filter((a) => a.duplicateOf !== null).length,
      problems: problems.length,
      cappedBuckets: details.cappedBuckets,
      ...(attribution
        ? {
            directions: {
              determined: attribution.pairs.filter((p) => p.direction !== null).length,
              undetermined: attribution.pairs.filter((p) => p.direction === null).length,
            },
          }
        : {}),
    },
    ...(attribution ? { outlets: attribution.outlets } : {}),
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1e4) / 1e4;
}

/**
 * For each article, the representative of its group of near-duplicates: the source by the
 * direction rules (the member no other member is upstream of), else the earliest published, else
 * the lowest index.
 */
function duplicateRepresentatives(
  n: number,
  pairs: readonly { a: number; b: number }[],
  profiles: readonly ArticleProfile[] | undefined,
  attribution: Attribution | undefined,
): number[] {
  const sets = new UnionFind(n);
  for (const p of pairs) sets.union(p.a, p.b);
  const copied = new Set<number>();
  for (const d of attribution?.pairs ?? []) {
    if (d.direction && sets.find(d.direction.from) === sets.find(d.direction.to)) copied.add(d.direction.to);
  }
  const published = (i: number): number => profiles?.[i]?.published?.lo ?? Infinity;
  const best = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    const current = best.get(root);
    if (current === undefined) {
      best.set(root, i);
      continue;
    }
    const better =
      Number(copied.has(i)) - Number(copied.has(current)) || published(i) - published(current) || i - current;
    if (better < 0) best.set(root, i);
  }
  return Array.from({ length: n }, (_, i) => best.get(sets.find(i))!);
}

/** The origin fields of one article. */
function origin(p: ArticleProfile, attribution: Attribution, i: number): Partial<ReportArticle> {
  return {
    outlet: p.outlet,
    credits: p.credits,
    published: p.published?.iso ?? null,
    url: p.url,
    dateline: p.dateline,
    byline: p.byline,
    provenance: p.provenance,
    copiedChars: attribution.copiedChars[i],
    originality: attribution.originality[i],
  };
}

/**
 * Every cluster member's text and every article's title, article by article: a stored text (see
 * stored-text) is then decoded once for all of them, not once per member and again for the title.
 */
function textsByArticle(clusters: ScanDetails['clusters'], analyses: ScanDetails['articles']): { excerpts: string[][]; titles: string[] } {
  const n = analyses.length;
  // Members grouped by article (a counting sort): `cluster[at]`, `member[at]` for `at` in [from[i], from[i + 1]).
  const from = new Int32Array(n + 1);
  for (const c of clusters) for (const m of c.members) from[m.article + 1]++;
  for (let i = 0; i < n; i++) from[i + 1] += from[i];
  const cluster = new Int32Array(from[n]);
  const member = new Int32Array(from[n]);
  const next = from.slice(0, n);
  clusters.forEach((c, ci) =>
    c.members.forEach((m, mi) => {
      const at = next[m.article]++;
      cluster[at] = ci;
      member[at] = mi;
    }),
  );
  const excerpts = clusters.map((c) => new Array<string>(c.members.length));
  // The texts let go are read again in this order: a thread reads their files ahead.
  const ahead = readAheadTexts(analyses.filter((_, i) => from[i + 1] > from[i]).map((a) => a.article));
  let taken = 0;
  try {
    const titles = analyses.map((a, i) => {
      if (from[i + 1] > from[i]) ahead.taken(++taken);
      for (let at = from[i]; at < from[i + 1]; at++) {
        const m = clusters[cluster[at]].members[member[at]];
        excerpts[cluster[at]][member[at]] = excerptOf(a.article, m.start, m.end);
      }
      // The title found with the per-article stages, when the analysis has it: the text is then read
      // only for the articles in clusters (a scan of 100,000 files read every file again for it).
      const meta = a.article.meta?.title;
      return meta !== undefined ? findTitle(meta) : (a.title ?? findTitle(a.article.text));
    });
    return { excerpts, titles };
  } finally {
    void ahead.close();
  }
}

