import { NewsdedupError } from './errors.js';
import { codePointCounter } from './kernels/code-points.js';
import { readArticle } from './io/read-article.js';
import { DEFAULT_MAX_BYTES } from './io/read-inputs.js';
import { resolveOptions, type Options } from './options.js';
import { scanArticles } from './pipeline.js';
import { buildReport } from './report/build-report.js';
import { findTitle } from './stages/find-title.js';
import { directionOf, edgesOf } from './report/extras.js';
import { wordDiff, type WordDiffPart } from './report/word-diff.js';
import type { Article, PairRelation, Report } from './types.js';
import { VERSION } from './version.js';

export const COMPARISON_SCHEMA = 'newsdedup/compare@1';

/** One side of a comparison. `containment` is the share of its characters found in the other. */
export interface ComparedArticle {
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly chars: number;
  readonly sharedChars: number;
  readonly containment: number;
}

/** A passage of A aligned to a passage of B; offsets are code points, end exclusive. */
export interface ComparedPassage {
  readonly a: { readonly start: number; readonly end: number; readonly text: string };
  readonly b: { readonly start: number; readonly end: number; readonly text: string };
  /** Exact Jaccard similarity of the two passages' word-shingle sets. */
  readonly similarity: number;
  /** Word-level differences from A's passage to B's. */
  readonly diff: readonly WordDiffPart[];
}

/** Which of the two was copied from the other, when the report can tell. */
export interface ComparedDirection {
  /** Article ids. */
  readonly source: string;
  readonly copy: string;
  readonly confidence: number | null;
  /** Why, in words: "credits AFP", "published 3 hours earlier" … */
  readonly evidence: readonly string[];
}

export interface Comparison {
  readonly schema: typeof COMPARISON_SCHEMA;
  readonly tool: { readonly name: 'newsdedup'; readonly version: string };
  readonly a: ComparedArticle;
  readonly b: ComparedArticle;
  /** As in the scan report's pairs, or `unrelated` when they share no passage. */
  readonly relation: PairRelation | 'unrelated';
  readonly direction: ComparedDirection | null;
  /** In A's order, then B's. */
  readonly passages: readonly ComparedPassage[];
  /** The scan of the two articles the comparison was made from: what `--fail-on` rules measure.
   *  Not part of the `newsdedup/compare@1` JSON. */
  readonly report: Report;
}

export interface CompareInput {
  /** Two files, or one of them `-` for standard input. */
  a: string;
  b: string;
  cwd: string;
  options?: Partial<Options>;
  maxBytes?: number;
  readStdin?: () => Promise<Buffer>;
}

/**
 * Reads two articles and compares them: how much of each stands in the other, and the shared
 * passages with their word-level differences. Runs in the calling thread: two articles take
 * milliseconds, far less than starting workers would.
 */
export async function compare(input: CompareInput): Promise<Comparison> {
  if (input.a === '-' && input.b === '-') {
    throw new NewsdedupError('INVALID_OPTION', 'compare: standard input can be read only once: expected at most one of A and B to be -, got both');
  }
  const options = input.options ?? {};
  resolveOptions(options);
  const read = { cwd: input.cwd, maxBytes: input.maxBytes ?? DEFAULT_MAX_BYTES, readStdin: input.readStdin };
  const [a, b] = [await readArticle(input.a, read), await readArticle(input.b, read)];
  return compareArticles(a, b.id === a.id ? { ...b, id: `${b.id}#2` } : b, options);
}

/** Compares two articles already in memory; their ids must differ. */
export function compareArticles(a: Article, b: Article, options: Partial<Options> = {}): Comparison {
  if (a.id === b.id) throw new NewsdedupError('INVALID_OPTION', `compare: expected two different article ids, got ${JSON.stringify(a.id)} twice`);
  const details = scanArticles([a, b], options);
  const report = buildReport(details, [], VERSION);
  // The engine puts articles in id order; `ia` is A's index there.
  const ia = details.articles[0].article.id === a.id ? 0 : 1;
  const ib = 1 - ia;
  const cp = [codePointCounter(details.articles[0].article.text), codePointCounter(details.articles[1].article.text)];
  const texts = [details.articles[0].article.text, details.articles[1].article.text];

  const passages: ComparedPassage[] = [];
  for (const al of details.alignments) {
    if (al.a.article === al.b.article) continue;
    const [sa, sb] = al.a.article === ia ? [al.a, al.b] : [al.b, al.a];
    const ta = texts[ia].slice(sa.start, sa.end);
    const tb = texts[ib].slice(sb.start, sb.end);
    passages.push({
      a: { start: cp[ia](sa.start), end: cp[ia](sa.end), text: ta },
      b: { start: cp[ib](sb.start), end: cp[ib](sb.end), text: tb },
      similarity: al.similarity,
      diff: wordDiff(ta, tb),
    });
  }
  passages.sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start || x.a.end - y.a.end || x.b.end - y.b.end);

  const pair = report.pairs[0];
  const side = (i: number): ComparedArticle => {
    const art = report.articles[i];
    const shared = !pair ? 0 : i === 0 ? pair.sharedChars.a : pair.sharedChars.b;
    const containment = !pair ? 0 : i === 0 ? pair.containment.a : pair.containment.b;
    return { id: art.id, path: art.path, title: art.title || findTitle(details.articles[i].article.text), chars: art.chars, sharedChars: shared, containment };
  };
  return {
    schema: COMPARISON_SCHEMA,
    tool: { name: 'newsdedup', version: VERSION },
    a: side(ia),
    b: side(ib),
    relation: pair ? pair.relation : 'unrelated',
    direction: pairDirection(report),
    passages,
    report,
  };
}

/** The direction the report decided for the pair, else one its clusters' copy edges agree on. */
function pairDirection(report: Report): ComparedDirection | null {
  const pair = report.pairs[0];
  let edge = pair ? directionOf(pair) : null;
  if (!edge) {
    const edges = report.clusters.flatMap(edgesOf).filter((e) => e.from !== e.to);
    if (edges.length > 0 && edges.every((e) => e.from === edges[0].from)) edge = edges[0];
  }
  return edge ? { source: edge.from, copy: edge.to, confidence: edge.confidence, evidence: edge.evidence } : null;
}
