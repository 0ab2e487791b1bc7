import { Worker } from 'node:worker_threads';
import { releasedFile } from '../kernels/stored-text.js';
import type { Article } from '../types.js';
import { compiledScript } from './compiled-script.js';

/** Slots of a ReadAhead's shared state: files the reader has taken, and whether it is done. */
export const AHEAD_TAKEN = 0;
export const AHEAD_STOP = 1;

/** What a ReadAhead's thread is given: the files' paths as bytes, one after the other
 *  (`paths[offsets[i] .. offsets[i + 1])`), the shared state, and how far ahead to read. */
export interface ReadAheadData {
  readonly paths: Uint8Array;
  readonly offsets: Int32Array;
  readonly state: Int32Array;
  readonly ahead: number;
}

/** Files read ahead of the reader: about 5 MB of articles, little for the page cache to keep, and
 *  far more than the reader takes while the thread reads one. */
const AHEAD = 1024;
/** Files from which on a list is read ahead: for fewer, starting the thread costs more than it saves. */
export const READ_AHEAD_FROM = 1000;
/** The reader reports its place every so many files. */
const REPORT_EVERY = 32;

/**
 * Reads a list of files on a thread of its own, a window ahead of a reader that reads them in the
 * same order, so that the reader finds them in the page cache. On a corpus larger than the page
 * cache keeps (a million articles beside a scan's memory), a file read from the disk took 121 µs
 * of the reading thread against 17 µs cached, about half of it the kernel's work: on the main
 * thread, which is what the analysis waits for there. A list of files is read ahead only when the
 * compiled script is there (see compiledScript); otherwise nothing happens and the reader reads as
 * before.
 */
export class ReadAhead {
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();

  /** `files` in the order the reader reads them; an empty path is skipped (a file read otherwise).
   *  No thread starts for fewer than `from` files that are not. */
  constructor(files: readonly (string | Uint8Array)[], { ahead = AHEAD, from = READ_AHEAD_FROM }: { ahead?: number; from?: number } = {}) {
    const script = compiledScript(import.meta.url, 'io', 'read-ahead-worker.js');
    let named = 0;
    for (const f of files) if (f.length > 0) named++;
    if (script === null || named === 0 || named < from) return;
    const encoded = files.map((f) => (typeof f === 'string' ? Buffer.from(f) : f));
    const offsets = new Int32Array(encoded.length + 1);
    for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + encoded[i].length;
    const paths = new Uint8Array(offsets[encoded.length]);
    encoded.forEach((f, i) => paths.set(f, offsets[i]));
    const data: ReadAheadData = { paths, offsets, state: this.state, ahead };
    this.worker = new Worker(script, { workerData: data, transferList: [paths.buffer, offsets.buffer] });
    // It keeps nothing alive: a reader that fails before close() leaves it to end on its own.
    this.worker.unref();
    this.worker.on('error', () => undefined);
    const worker = this.worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Whether a thread reads ahead. */
  get active(): boolean {
    return this.worker !== null;
  }

  /** The reader has taken the first `taken` files of the list. */
  taken(taken: number): void {
    if (this.worker === null || taken % REPORT_EVERY !== 0) return;
    Atomics.store(this.state, AHEAD_TAKEN, taken);
    Atomics.notify(this.state, AHEAD_TAKEN);
  }

  /** The reader is done: the thread stops after the file it is reading. Resolves when it has; a
   *  reader that cannot wait may leave the promise, as the thread keeps nothing alive. */
  close(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return this.exited;
    this.worker = null;
    // Held until it has ended: a process with nothing else to do would otherwise end first, with
    // whatever awaits this promise unsettled.
    worker.ref();
    Atomics.store(this.state, AHEAD_STOP, 1);
    // A new value, so that a thread about to wait for the reader does not.
    Atomics.store(this.state, AHEAD_TAKEN, 0x7fffffff);
    Atomics.notify(this.state, AHEAD_TAKEN);
    return this.exited;
  }
}

/** Reads ahead the files that the texts of `articles` let go are read again from (see
 *  releasedFile), for a reader that reads those texts in this order. */
export function readAheadTexts(articles: readonly Article[]): ReadAhead {
  return new ReadAhead(articles.map(releasedFile));
}
