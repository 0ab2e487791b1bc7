import { Piscina } from 'piscina';
import { analyzeArticleForIndex, analyzeArticleForLeanScan, analyzeArticleForScan } from '../pipeline.js';
import type { ResolvedOptions } from '../options.js';
import { joinQuotes, type QuoteUnits } from '../stages/find-quotes.js';
import type { Article, ArticleAnalysis } from '../types.js';

/** What a worker thread receives: a batch of articles, in order (see batchTask). */
export interface AnalyzeTask {
  /** The articles; those kept as UTF-8 on the main thread (see stored-text) come without their
   *  text, which is in `utf8`. */
  readonly articles: readonly (Article | Omit<Article, 'text'>)[];
  /** Where the batch's UTF-8 texts are: article `i`'s is `length[i]` bytes at `start[i]` of
   *  `buffers[source[i]]`, or it came with its text when `source[i]` is -1 (see batchTask in pool).
   *  The buffers are the main thread's slabs, shared, and a copy of the texts held elsewhere. */
  readonly utf8: {
    readonly buffers: readonly (ArrayBuffer | SharedArrayBuffer)[];
    readonly source: Int32Array;
    readonly start: Int32Array;
    readonly length: Int32Array;
  };
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
  const analyze = STAGES[task.stages];
  const { buffers: texts, source, start, length } = task.utf8;
  for (let i = 0; i < task.articles.length; i++) {
    const wire = task.articles[i];
    const article = source[i] >= 0 ? { ...wire, text: Buffer.from(texts[source[i]], start[i], length[i]).toString('utf8') } : (wire as Article);
    const { article: _, ...rest } = analyze(article, task.options);
    parts.push(rest);
  }
  // A scan keeps every batch's arrays to the end of the analysis: in shared memory, which V8 does
  // not count as the main thread's (see SHARED_STAGES). An index lets each batch go once stored.
  const shared = SHARED_STAGES.has(task.stages);
  const buffers = pack(parts, shared);
  if (shared) return parts;
  return Piscina.move(({
    get [Piscina.transferableSymbol]() {
      return buffers;
    },
    get [Piscina.valueSymbol]() {
      return parts;
    },
  }) as unknown as Parameters<typeof Piscina.move>[0]);
}

const STAGES = { scan: analyzeArticleForScan, 'lean-scan': analyzeArticleForLeanScan, index: analyzeArticleForIndex } as const;

/**
 * Stages whose arrays come back in SharedArrayBuffers rather than transferred ArrayBuffers. V8
 * counts a transferred buffer as memory outside the heap that its owner holds, and every 64 MB
 * more of it since the last full collection starts another one: at a million articles (6–7 GB of
 * arrays) the main thread marked its whole heap, growing to several gigabytes, 99 times during the
 * analysis. A SharedArrayBuffer is not counted so (any thread may hold it), and a scan holds its
 * results until the analysis ends anyway; the lean scan collects where it lets them go.
 */
const SHARED_STAGES: ReadonlySet<AnalyzeStages> = new Set(['scan', 'lean-scan']);

const TYPED_PARTS = ['tokens', 'sentences', 'windows', 'shingles', 'signatures', 'bandKeys', 'quoteTokens', 'quoteStems', 'stored'] as const satisfies readonly (keyof AnalysisParts)[];

type Typed = Uint8Array | Int32Array | Uint32Array;

/**
 * Packs the batch's typed arrays kind by kind (every article's `shingles.values` in one buffer,
 * every `windows.first` in another, …), in SharedArrayBuffers when `shared`, and puts views of them
 * in the parts; returns the buffers (to transfer, when not shared). A dozen buffers per batch
 * instead of a dozen per article: at 100,000 articles the main thread received 1.5 million array
 * buffers, each tracked and swept by its garbage collector. Each kind is let go by the corpus
 * stages for all articles at once, so a shared buffer holds nothing longer than the articles' own
 * arrays did.
 */
function pack(parts: AnalysisParts[], shared: boolean): (ArrayBuffer | SharedArrayBuffer)[] {
  const groups = new Map<string, { arrays: Typed[]; put: ((view: Typed) => void)[] }>();
  const add = (path: string, array: Typed, put: (view: Typed) => void): void => {
    let group = groups.get(path);
    if (!group) groups.set(path, (group = { arrays: [], put: [] }));
    group.arrays.push(array);
    group.put.push(put);
  };
  for (const part of parts) {
    const mutable = part as Record<string, unknown>;
    // Quotes and credits are small plain objects: only the typed arrays' holders are walked.
    for (const key of TYPED_PARTS) {
      const value = mutable[key];
      if (value === undefined || value === null) continue;
      if (ArrayBuffer.isView(value)) {
        add(key, value as Typed, (view) => (mutable[key] = view));
        continue;
      }
      const holder = { ...(value as Record<string, unknown>) };
      mutable[key] = holder;
      for (const [inner, array] of Object.entries(holder)) {
        if (ArrayBuffer.isView(array)) add(`${key}.${inner}`, array as Typed, (view) => (holder[inner] = view));
      }
    }
  }
  const buffers: (ArrayBuffer | SharedArrayBuffer)[] = [];
  for (const { arrays, put } of groups.values()) {
    let total = 0;
    for (const a of arrays) total += a.length;
    const Kind = arrays[0].constructor as (new (length: number) => Typed) & (new (buffer: SharedArrayBuffer) => Typed) & { BYTES_PER_ELEMENT: number };
    const arena = shared ? new Kind(new SharedArrayBuffer(total * Kind.BYTES_PER_ELEMENT)) : new Kind(total);
    let at = 0;
    arrays.forEach((a, i) => {
      arena.set(a, at);
      put[i](arena.subarray(at, at + a.length));
      at += a.length;
    });
    buffers.push(arena.buffer);
  }
  return buffers;
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
