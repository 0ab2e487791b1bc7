import { Piscina } from 'piscina';
import { analyzeArticleForIndex, analyzeArticleForLeanScan, analyzeArticleForScan } from '../pipeline.js';
import type { ResolvedOptions } from '../options.js';
import { joinQuotes, type QuoteUnits } from '../stages/find-quotes.js';
import type { Article, ArticleAnalysis } from '../types.js';

/** What a worker thread receives: a batch of articles, in order. */
export interface AnalyzeTask {
  readonly articles: readonly Article[];
  readonly options: ResolvedOptions;
  /** 'scan': a scan's per-article stages (analyzeArticleForScan); 'lean-scan': the same without
   *  token arrays (analyzeArticleForLeanScan); 'index': what an index stores (analyzeArticleForIndex). */
  readonly stages: AnalyzeStages;
}

export type AnalyzeStages = 'index' | 'scan' | 'lean-scan';

/** An analysis without its article: the main thread puts its own Article object back. */
export type AnalysisParts = Omit<ArticleAnalysis, 'article'>;

/**
 * Runs the per-article stages on a batch and hands the typed arrays back by transfer, not copy.
 * Results are matched to articles by position, so the worker cannot change how output is ordered.
 */
export default function analyzeBatch(task: AnalyzeTask): unknown {
  const parts: AnalysisParts[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const analyze = STAGES[task.stages];
  for (const article of task.articles) {
    const { article: _, ...rest } = analyze(article, task.options);
    parts.push(rest);
    // Quotes and credits are small plain objects: only the typed arrays' holders are walked.
    for (const key of TYPED_PARTS) collectBuffers(rest[key], buffers, 1);
  }
  return Piscina.move(({
    get [Piscina.transferableSymbol]() {
      return [...buffers];
    },
    get [Piscina.valueSymbol]() {
      return parts;
    },
  }) as unknown as Parameters<typeof Piscina.move>[0]);
}

const STAGES = { scan: analyzeArticleForScan, 'lean-scan': analyzeArticleForLeanScan, index: analyzeArticleForIndex } as const;

const TYPED_PARTS = ['tokens', 'sentences', 'windows', 'shingles', 'signatures', 'bandKeys', 'quoteTokens', 'quoteStems', 'stored'] as const satisfies readonly (keyof AnalysisParts)[];

/** The buffers of every typed array that owns its whole buffer (a view into a shared one is copied). */
function collectBuffers(value: unknown, into: Set<ArrayBufferLike>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 3) return;
  if (ArrayBuffer.isView(value)) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && !(value.buffer instanceof SharedArrayBuffer)) into.add(value.buffer);
    return;
  }
  for (const inner of Object.values(value)) collectBuffers(inner, into, depth + 1);
}

/** What a worker thread receives to join the corpus's quotes (see joinQuotes). */
export interface JoinQuotesTask {
  readonly units: QuoteUnits;
  readonly options: ResolvedOptions;
}

/** The quote channel's candidates and verification, on a thread of its own; the result by transfer. */
export function joinQuotesTask(task: JoinQuotesTask): unknown {
  const join = joinQuotes(task.units, task.options);
  return Piscina.move(({
    get [Piscina.transferableSymbol]() {
      return [join.group.buffer, join.lowest.buffer];
    },
    get [Piscina.valueSymbol]() {
      return join;
    },
  }) as unknown as Parameters<typeof Piscina.move>[0]);
}
