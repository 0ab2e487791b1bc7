import { Piscina } from 'piscina';
import { compiledScript } from '../io/compiled-script.js';
import { resolveWorkers, type ResolvedOptions } from '../options.js';
import type { Article, ArticleAnalysis } from '../types.js';
import { joinQuotes, type QuoteJoin, type QuoteUnits } from '../stages/find-quotes.js';
import type { AnalysisParts, AnalyzeStages, AnalyzeTask, JoinQuotesTask } from './analyze-worker.js';
import { heldTextBytes, pinTexts, releaseTexts, storedBytes, storedTextKey } from '../kernels/stored-text.js';

/** Articles per task: large enough that messaging costs little, small enough to balance two cores. */
const BATCH = 128;

/** Bytes of text waiting for the threads past which an AnalysisStream has reading wait, until
 *  they are half that: a few thousand articles, enough to keep the threads busy. */
const QUEUE_HIGH = 16 << 20;

/** The worker script (see compiledScript). */
function workerScript(): string | null {
  return compiledScript(import.meta.url, 'workers', 'analyze-worker.js');
}

/**
 * Worker threads that run the per-article stages, kept for several calls: an index add analyses
 * the next articles while it stores the last ones. With one worker (or no compiled worker script)
 * everything runs in this thread.
 */
export class AnalysisPool {
  private pool: Piscina | null = null;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly workers: number,
    /** What the worker threads run: must match the `analyze` given to `analyze()`. */
    private readonly stages: AnalyzeStages,
  ) {}

  /**
   * Analyzes articles. Results are placed by index, so the output is the same whatever thread
   * finishes first. A single task's worth of articles runs here: starting threads for one task
   * would cost more than it saves.
   */
  async analyze(
    articles: readonly Article[],
    analyze: (article: Article) => ArticleAnalysis,
    onBatch: (done: number) => void,
    /** Called with each batch once it is on its way to a worker thread, which has its texts. */
    sent?: (batch: readonly Article[]) => void,
  ): Promise<ArticleAnalysis[]> {
    const script = articles.length > BATCH ? this.script() : null;
    if (script === null) {
      return articles.map((article, i) => {
        const analysis = analyze(article);
        onBatch(i + 1);
        return analysis;
      });
    }
    const out = new Array<ArticleAnalysis>(articles.length);
    let done = 0;
    let next = 0;
    let running = 0;
    // Batches are made as the threads take them, a few ahead, so that texts are let go (`sent`) as
    // the work proceeds; a batch's texts not in a shared slab travel as a copy, and all batches
    // made at once held a second copy of the corpus (5 GB at a million articles, before the slabs).
    const ahead = this.ahead();
    await new Promise<void>((resolve, reject) => {
      const submit = (): void => {
        if (next >= articles.length && running === 0) resolve();
        while (running < ahead && next < articles.length) {
          const from = next;
          const batch = articles.slice(from, from + BATCH);
          next += batch.length;
          const parts = this.runBatch(script, batch);
          sent?.(batch);
          running++;
          parts
            .then((made) => {
              for (let i = 0; i < made.length; i++) out[from + i] = { article: batch[i], ...made[i] };
              done += made.length;
              running--;
              onBatch(done);
              submit();
            })
            .catch(reject);
        }
      };
      submit();
    });
    return out;
  }

  /** Batches in flight at once: enough to keep every thread busy while results come back. */
  ahead(): number {
    return 2 * this.workers + 2;
  }

  /** The worker script when this pool runs on threads (more than one worker and a compiled
   *  script), otherwise null. */
  script(): string | null {
    return this.workers > 1 ? workerScript() : null;
  }

  /** One batch on the worker threads (started on the first call); its parts, by position. The
   *  batch's texts may be let go once this returns: their slabs are kept until the batch is done. */
  runBatch(script: string, batch: readonly Article[]): Promise<AnalysisParts[]> {
    this.pool ??= new Piscina({ filename: script, minThreads: this.workers, maxThreads: this.workers, idleTimeout: 1000 });
    const { task, transferList } = batchTask(batch, this.options, this.stages);
    const unpin = pinTexts(batch);
    return (this.pool.run(task, { transferList }) as Promise<AnalysisParts[]>).then(
      (parts) => {
        unpin();
        return parts.map(shareEmpty);
      },
      (error: unknown) => {
        unpin();
        throw error;
      },
    );
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}

/**
 * Articles analyzed while the corpus is still being read: a scan hands each article to `add` as
 * its file is read, and the worker threads analyze it meanwhile instead of waiting, idle, for the
 * whole corpus (reading 100,000 files takes 8–12 s). The results are kept by stored text (see
 * storedTextKey), so the scan takes them for the articles it ends up with, whatever it did to them
 * meanwhile (metadata added, ids checked, order sorted); an article whose text it changed (front
 * matter blanked out) has no result here and is analyzed again. Threads start only once as many
 * articles have come as a scan would start them for (resolveWorkers), and a full batch.
 */
export class AnalysisStream {
  private pool: AnalysisPool | null = null;
  private script: string | null = null;
  /** Articles not yet sent, from `head` on, and the bytes of their texts. */
  private queue: Article[] = [];
  private waitingBytes = 0;
  /** Reading, waiting for the queue to shorten (see add). */
  private readers: (() => void)[] = [];
  private head = 0;
  private seen = 0;
  private running = 0;
  private ending = false;
  private stopped = false;
  private failure: { error: unknown } | null = null;
  private drained: (() => void) | null = null;
  private made = new Map<object, AnalysisParts>();
  /** Bytes of the texts taken so far, and the articles sent while none is let go. */
  private bytes = 0;
  private releasing = false;
  private sent: Article[] = [];

  constructor(
    private readonly options: ResolvedOptions,
    /** Worker threads as a scan is given them (undefined: resolveWorkers decides by count). */
    private readonly workers: number | undefined,
    /** What the worker threads run; a scan takes the results only for the same stages. */
    readonly stages: AnalyzeStages,
    /** Once the texts taken come to more bytes than this, those sent to the threads are let go
     *  (releaseTexts), as a scan lets them go (RunSettings.releaseTextsAbove). */
    private readonly releaseAbove = Infinity,
    /** Bytes of text waiting for the threads past which reading waits (see add), until half. */
    private readonly waitAbove = QUEUE_HIGH,
    /** A full garbage collection (RunSettings.collectGarbage), run once the texts taken before
     *  `releaseAbove` was passed are let go: see release. */
    private readonly collectGarbage?: () => void,
  ) {}

  /**
   * An article just read. Only stored texts (see stored-text) are taken: they are the ones a
   * result can be found again for. Returns a promise when the texts waiting for the threads come
   * to more than `waitAbove` bytes, resolved once they are down to half that: reading waits then.
   * Reading is faster than analysing, and a queue of most of the corpus held its texts meanwhile
   * (a slab of shared memory cannot be filled again before its texts go to the threads), each
   * slab faulted in fresh (2.4 s of a 100k scan's reading) and 0.2 GB more resident.
   */
  add(article: Article): Promise<void> | undefined {
    if (this.stopped || this.ending || storedTextKey(article) === undefined) return undefined;
    const bytes = heldTextBytes([article]);
    this.queue.push(article);
    this.waitingBytes += bytes;
    this.seen++;
    this.bytes += bytes;
    if (!this.pool) this.start();
    this.pump();
    if (!this.pool || this.failure || this.waitingBytes <= this.waitAbove) return undefined;
    return new Promise<void>((resolve) => this.readers.push(resolve));
  }

  /**
   * Sends what is left and waits for every batch; returns the analyses made, by stored text. The
   * stream holds none of them afterwards. A failed batch fails this call.
   */
  async end(): Promise<ReadonlyMap<object, AnalysisParts>> {
    this.ending = true;
    this.pump();
    if (this.running > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.queue = [];
    this.waitingBytes = 0;
    this.head = 0;
    this.sent = [];
    const made = this.made;
    this.made = new Map();
    if (this.failure) throw this.failure.error;
    return made;
  }

  /** The pool the stream started, to analyze the rest on the same threads; null if it started none. */
  threads(): AnalysisPool | null {
    return this.pool;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.wakeReaders();
    await this.pool?.close();
  }

  private start(): void {
    const workers = resolveWorkers(this.workers, this.seen);
    if (workers <= 1 || this.queue.length - this.head < BATCH) return;
    const pool = new AnalysisPool(this.options, workers, this.stages);
    const script = pool.script();
    // Without a compiled worker script nothing runs early: the scan analyzes every article itself.
    if (script === null) {
      this.stopped = true;
      this.queue = [];
      this.waitingBytes = 0;
      this.head = 0;
      return;
    }
    this.pool = pool;
    this.script = script;
  }

  private pump(): void {
    const pool = this.pool;
    if (!pool || !this.script) return;
    while (!this.failure && this.running < pool.ahead()) {
      const waiting = this.queue.length - this.head;
      // A part of a batch goes too when its texts are many bytes (a few very long articles).
      if (waiting <= 0 || (waiting < BATCH && !this.ending && this.waitingBytes <= this.waitAbove)) break;
      const batch = this.queue.slice(this.head, this.head + BATCH);
      // Still held: a batch's texts are let go once it is on its way (release below).
      this.waitingBytes -= heldTextBytes(batch);
      this.head += batch.length;
      if (this.head >= 4 * BATCH && 2 * this.head >= this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.running++;
      const analyzing = pool.runBatch(this.script, batch);
      this.release(batch);
      analyzing.then(
        (parts) => {
          for (let i = 0; i < parts.length; i++) this.made.set(storedTextKey(batch[i])!, parts[i]);
          this.settled();
        },
        (error: unknown) => {
          this.failure ??= { error };
          this.settled();
        },
      );
    }
    // Reading goes on once the queue is short again, or at once if nothing will shorten it.
    if (2 * this.waitingBytes <= this.waitAbove || this.failure || this.stopped) this.wakeReaders();
  }

  private wakeReaders(): void {
    const readers = this.readers;
    this.readers = [];
    for (const resolve of readers) resolve();
  }

  /** Lets go of the texts of a batch on its way to the threads, which have them then, once the
   *  texts taken are more than releaseAbove (and of those sent before). */
  private release(batch: readonly Article[]): void {
    if (!this.releasing && this.bytes > this.releaseAbove) {
      this.releasing = true;
      releaseTexts(this.sent);
      this.sent = [];
      // Most of the slabs those texts filled are not kept to be filled again (see stored-text).
      // A slab is shared memory, which V8 does not count as this thread's, so nothing else makes
      // it collect them soon: 0.2 GB stayed held through most of a 100k scan's analysis.
      this.collectGarbage?.();
    }
    if (this.releasing) releaseTexts(batch);
    else this.sent.push(...batch);
  }

  private settled(): void {
    this.running--;
    this.pump();
    if (this.running === 0 && this.drained) this.drained();
  }
}

/**
 * The part with each empty typed array (its own, one level down) replaced by one shared per kind.
 * Five of a scan's sixteen arrays per article are mostly empty (a lean scan's tokens, the
 * signatures, the skipped band positions), and each costs the main thread's heap about a hundred
 * bytes for as long as the analysis is held: 50 MB at 100,000 articles.
 */
function shareEmpty(part: AnalysisParts): AnalysisParts {
  const out = part as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (value === null || typeof value !== 'object') continue;
    if (ArrayBuffer.isView(value)) {
      out[key] = emptyLike(value);
      continue;
    }
    if (Array.isArray(value)) continue;
    const holder = value as Record<string, unknown>;
    for (const [inner, array] of Object.entries(holder)) if (ArrayBuffer.isView(array)) holder[inner] = emptyLike(array);
  }
  return part;
}

const EMPTY = new Map<unknown, ArrayBufferView>();

function emptyLike(array: ArrayBufferView): ArrayBufferView {
  if (array.byteLength > 0) return array;
  let empty = EMPTY.get(array.constructor);
  if (!empty) EMPTY.set(array.constructor, (empty = new (array.constructor as new (length: number) => ArrayBufferView)(0)));
  return empty;
}

/**
 * A batch as a worker thread receives it, and the buffers to hand over with it. A stored article's
 * text goes as its bytes: a string would be decoded here and copied whole into the message. Bytes
 * in a shared slab (see stored-text) are read by the worker where they are; others (a text read
 * again from its file) are copied into one buffer, handed over.
 */
function batchTask(batch: readonly Article[], options: ResolvedOptions, stages: AnalyzeStages): { task: AnalyzeTask; transferList: ArrayBuffer[] } {
  const texts = batch.map(storedBytes);
  const buffers: (ArrayBuffer | SharedArrayBuffer)[] = [];
  const numbered = new Map<ArrayBufferLike, number>();
  const source = new Int32Array(batch.length).fill(-1);
  const start = new Int32Array(batch.length);
  const length = new Int32Array(batch.length);
  let copied = 0;
  texts.forEach((utf8, i) => {
    if (!utf8) return;
    length[i] = utf8.length;
    if (utf8.buffer instanceof SharedArrayBuffer) {
      let n = numbered.get(utf8.buffer);
      if (n === undefined) numbered.set(utf8.buffer, (n = buffers.push(utf8.buffer) - 1));
      source[i] = n;
      start[i] = utf8.byteOffset;
    } else {
      copied += utf8.length;
    }
  });
  const transferList: ArrayBuffer[] = [source.buffer, start.buffer, length.buffer];
  if (copied > 0) {
    const bytes = new Uint8Array(copied);
    const own = buffers.push(bytes.buffer) - 1;
    let at = 0;
    texts.forEach((utf8, i) => {
      if (!utf8 || source[i] >= 0) return;
      bytes.set(utf8, at);
      source[i] = own;
      start[i] = at;
      at += utf8.length;
    });
    transferList.push(bytes.buffer);
  }
  const articles = batch.map((article, i) => {
    if (!texts[i]) return article;
    // Not the JSONL record either, which holds the text too: the per-article stages read neither.
    const { id, path, meta } = article;
    return { id, path, ...(meta ? { meta } : {}) };
  });
  return { task: { articles, utf8: { buffers, source, start, length }, options, stages }, transferList };
}

/** Analyzes articles on `workers` threads, started for this call only (see AnalysisPool). */
export async function analyzeInPool(
  articles: readonly Article[],
  analyze: (article: Article) => ArticleAnalysis,
  options: ResolvedOptions,
  workers: number,
  onBatch: (done: number) => void,
  /** What the worker threads run: must match `analyze`. */
  stages: AnalyzeStages,
  /** Called with each batch once it is on its way to a worker thread (see AnalysisPool.analyze). */
  sent?: (batch: readonly Article[]) => void,
  /** Threads already running the same stages (an AnalysisStream's), used instead of new ones; closed too. */
  started?: AnalysisPool | null,
): Promise<ArticleAnalysis[]> {
  const pool = started ?? new AnalysisPool(options, workers, stages);
  try {
    return await pool.analyze(articles, analyze, onBatch, sent);
  } finally {
    await pool.close();
  }
}

/**
 * joinQuotes on a thread of its own, so that the main thread runs the copy channel meanwhile. The
 * units' arrays are handed over (transferred): the caller must not use them afterwards, except
 * `article` and `quote`, which are copied. Without a compiled worker script it runs here.
 */
export async function joinQuotesInWorker(units: QuoteUnits, options: ResolvedOptions): Promise<QuoteJoin> {
  const script = workerScript();
  if (script === null) return joinQuotes(units, options);
  const pool = new Piscina({ filename: script, minThreads: 1, maxThreads: 1, idleTimeout: 1000 });
  try {
    // The flat arrays only: a caller's object may carry more (a scan's holds every article's quotes,
    // which the structured clone would copy one object at a time: 7 million at a million articles).
    const { count, article, quote, first, last, offset, stems } = units;
    const task: JoinQuotesTask = { units: { count, article, quote, first, last, offset, stems }, options };
    const transferList = [units.offset.buffer, units.stems.buffer, units.first.buffer, units.last.buffer] as ArrayBuffer[];
    return (await pool.run(task, { name: 'joinQuotesTask', transferList })) as QuoteJoin;
  } finally {
    await pool.destroy();
  }
}
