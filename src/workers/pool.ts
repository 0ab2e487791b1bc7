import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ResolvedOptions } from '../options.js';
import type { Article, ArticleAnalysis } from '../types.js';
import type { AnalysisParts, AnalyzeStages, AnalyzeTask } from './analyze-worker.js';

/** Articles per task: large enough that messaging costs little, small enough to balance two cores. */
const BATCH = 128;

/**
 * The worker script. From the compiled library it stands next to this file; when the library runs
 * from its TypeScript sources (the test runner), the compiled copy in dist/ is used.
 */
function workerScript(): string | null {
  for (const candidate of ['./analyze-worker.js', '../../dist/workers/analyze-worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

/**
 * Analyzes articles on `workers` threads. Results are placed by index, so the output is the same
 * whatever thread finishes first; with one worker (or no compiled worker script) it runs here.
 */
export async function analyzeInPool(
  articles: readonly Article[],
  analyze: (article: Article) => ArticleAnalysis,
  options: ResolvedOptions,
  workers: number,
  onBatch: (done: number) => void,
  /** What the worker threads run: must match `analyze`. */
  stages: AnalyzeStages = 'copy',
): Promise<ArticleAnalysis[]> {
  const script = workers > 1 ? workerScript() : null;
  if (script === null) {
    return articles.map((article, i) => {
      const analysis = analyze(article);
      onBatch(i + 1);
      return analysis;
    });
  }
  const pool = new Piscina({ filename: script, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    const out = new Array<ArticleAnalysis>(articles.length);
    let done = 0;
    const tasks: Promise<void>[] = [];
    for (let from = 0; from < articles.length; from += BATCH) {
      const batch = articles.slice(from, from + BATCH);
      const task: AnalyzeTask = { articles: batch, options, stages };
      tasks.push(
        (pool.run(task) as Promise<AnalysisParts[]>).then((parts) => {
          for (let i = 0; i < parts.length; i++) out[from + i] = { article: batch[i], ...parts[i] };
          done += parts.length;
          onBatch(done);
        }),
      );
    }
    await Promise.all(tasks);
    return out;
  } finally {
    await pool.destroy();
  }
}
