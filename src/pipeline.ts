import { NewsdedupError } from './errors.js';
import { resolveOptions, type Options, type ResolvedOptions } from './options.js';
import { align } from './stages/align.js';
import { cluster } from './stages/cluster.js';
import { collapseCopies } from './stages/collapse-copies.js';
import { expandCopies } from './stages/expand-copies.js';
import { findCandidates, MAX_WINDOWS, type WindowTable } from './stages/find-candidates.js';
import { normalize } from './stages/normalize.js';
import { codePointCounter } from './kernels/code-points.js';
import { relate } from './stages/relate.js';
import { segment } from './stages/segment.js';
import { shingle } from './stages/shingle.js';
import { sign } from './stages/sign.js';
import { tokenize } from './stages/tokenize.js';
import { verify } from './stages/verify.js';
import { window } from './stages/window.js';
import type { Article, ArticleAnalysis, ScanResult } from './types.js';
import type { ProgressStage, ScanHooks } from './progress.js';

/** The only place that knows the order of the stages. */

/** Per-article stages: normalize → tokenize → segment → window → shingle → sign. */
export function analyzeArticle(article: Article, options: ResolvedOptions): ArticleAnalysis {
  const tokens = tokenize(normalize(article.text));
  const sentences = segment(article.text, tokens);
  const windows = window(sentences, options.minWindowTokens, options.maxWindowTokens);
  const shingles = shingle(tokens, windows, options.shingleSize);
  const signatures = sign(shingles, options.numHashes, options.seed);
  return { article, tokens, sentences, windows, shingles, signatures };
}

export interface ScanDetails extends ScanResult {
  readonly options: ResolvedOptions;
  readonly cappedBuckets: number;
}

/**
 * Corpus stages: index bands → find candidates → verify → align → cluster → relate.
 * Articles are put in id order first, so the output does not depend on the order they came in;
 * exact copies are analyzed once and added back at the end (collapse-copies, expand-copies).
 */
export function scanArticles(input: readonly Article[], options: Partial<Options> = {}, hooks: ScanHooks = {}): ScanDetails {
  const resolved = resolveOptions(options);
  const articles = [...input].sort((x, y) => compareIds(x.id, y.id));
  const total = articles.length;
  const progress = (stage: ProgressStage, done = total): void => hooks.progress?.({ stage, done, total });
  progress('analyze', 0);
  const copies = collapseCopies(articles);
  let analyzed = 0;
  const analyses = copies.unique.map((article, u) => {
    const analysis = analyzeArticle(article, resolved);
    analyzed += copies.holders[u].length;
    progress('analyze', analyzed);
    return analysis;
  });
  progress('candidates');
  const table = windowTable(analyses, resolved.numHashes);
  const candidates = findCandidates(table, resolved.bands, resolved.rows, resolved.maxBucketSize);
  progress('verify');
  const verified = verify(candidates, table, analyses, resolved.verifyThreshold, resolved.containmentThreshold);
  progress('align');
  const alignments = align(verified, analyses, resolved);
  progress('cluster');
  const clusters = cluster(alignments);
  progress('relate');
  const counters = analyses.map((a) => codePointCounter(a.article.text));
  const lengths = analyses.map((a, i) => counters[i](a.article.text.length));
  const pairs = relate(clusters, lengths, resolved, (article, offset) => counters[article](offset));
  const found = expandCopies({ articles: analyses, alignments, clusters, pairs }, copies, articles, lengths);
  return { ...found, options: resolved, cappedBuckets: candidates.cappedBuckets };
}

/** Code-unit order: the same on every machine and locale. */
export function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function windowTable(analyses: readonly ArticleAnalysis[], numHashes: number): WindowTable {
  let count = 0;
  for (const a of analyses) count += a.windows.count;
  if (count >= MAX_WINDOWS) {
    throw new NewsdedupError('INVALID_OPTION', `corpus too large for one scan: expected fewer than ${MAX_WINDOWS} windows, got ${count}`);
  }
  const article = new Int32Array(count);
  const local = new Int32Array(count);
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  const signatures = new Uint32Array(count * numHashes);
  let g = 0;
  analyses.forEach((a, i) => {
    signatures.set(a.signatures.values, g * numHashes);
    for (let w = 0; w < a.windows.count; w++, g++) {
      article[g] = i;
      local[g] = w;
      first[g] = a.windows.first[w];
      last[g] = a.windows.last[w];
    }
  });
  return { count, article, local, first, last, signatures, numHashes };
}
