import { readCorpus, type CorpusInput } from './io/read-corpus.js';
import { readMeta } from './io/read-meta.js';
import { resolveOptions, resolveWorkers, type Options } from './options.js';
import { RELEASE_TEXTS_ABOVE, scanArticles, scanArticlesParallel } from './pipeline.js';
import { buildReport } from './report/build-report.js';
import type { Article, Problem, Report } from './types.js';
import type { ProgressListener, ScanHooks } from './progress.js';
import { VERSION } from './version.js';
import { AnalysisStream } from './workers/pool.js';

/** Paths, `-`, `filesFrom` and `jsonlStdin` as `readCorpus` takes them, plus the engine's options. */
export interface ScanInput extends CorpusInput {
  options?: Partial<Options>;
  /** Called with the stage name and articles done / total while the scan runs. */
  progress?: ProgressListener;
  /** Called once for every article read, before the scan: the HTML report's article view needs
   *  the texts, which the JSON report does not carry. */
  onArticle?: (article: Article) => void;
  /** Worker threads for the per-article stages (1 = none); default: every core for large inputs.
   *  The report is byte-identical for any count. */
  workers?: number;
  /** A CSV of article metadata (`id` or `path`, `outlet`, `published`, `url`, `title`); it wins over
   *  front matter and JSONL fields. */
  meta?: string;
  /** Texts of more than this many bytes in all are let go as the per-article stages take them and
   *  read again from their files where needed (see RunSettings); default RELEASE_TEXTS_ABOVE (256 MB). */
  releaseTextsAbove?: number;
  /** A full garbage collection for a large scan to run where it has just let go of its largest
   *  arrays (see RunSettings.collectGarbage): the `newsdedup` command gives V8's. */
  collectGarbage?: () => void;
}

/**
 * Reads articles from paths and scans them. Per-article problems are listed in the report; a
 * NewsdedupError is thrown only when nothing could be read, the options are wrong, or a file whose
 * text was let go changed before the scan read it again (INPUT_CHANGED).
 */
export async function scan(input: ScanInput): Promise<Report> {
  // Bad options fail before any file is read.
  const resolved = resolveOptions(input.options);
  resolveWorkers(input.workers, 0);
  const progress = input.progress;
  // The worker threads analyze articles as they are read, and texts are let go as they go to them
  // when the corpus is large (see AnalysisStream).
  const releaseTextsAbove = input.releaseTextsAbove ?? RELEASE_TEXTS_ABOVE;
  const early = new AnalysisStream(resolved, input.workers, 'lean-scan', releaseTextsAbove, undefined, input.collectGarbage);
  try {
    const corpus = await readCorpus({
      ...input,
      onRead: progress && ((done, total) => progress({ stage: 'read', done, total })),
      onArticleRead: (article) => early.add(article),
    });
    let { articles } = corpus;
    const problems = [...corpus.problems];
    if (input.meta !== undefined) {
      const withMeta = await readMeta(input.meta, input.cwd, articles);
      articles = withMeta.articles;
      problems.push(...withMeta.problems);
    }
    if (input.onArticle) for (const article of articles) input.onArticle(article);
    const settings = { workers: input.workers, lean: true, releaseTextsAbove, early, collectGarbage: input.collectGarbage };
    const details = await scanArticlesParallel(articles, input.options, { progress: input.progress }, settings);
    input.progress?.({ stage: 'report', done: details.articles.length, total: details.articles.length });
    return buildReport(details, problems, VERSION);
  } finally {
    await early.close();
  }
}

/** Scans articles already in memory. */
export function scanTexts(
  articles: readonly Article[], options: Partial<Options> = {}, problems: readonly Problem[] = [], hooks: ScanHooks = {},
): Report {
  const details = scanArticles(articles, resolveOptions(options), hooks);
  hooks.progress?.({ stage: 'report', done: details.articles.length, total: details.articles.length });
  return buildReport(details, problems, VERSION);
}
