import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { AHEAD_STOP, AHEAD_TAKEN, type ReadAheadData } from './read-ahead.js';

/**
 * The thread of a ReadAhead: reads each file of the list, a window ahead of the reader, into one
 * buffer it throws away. The point is the page cache: the reader's own read of the file then costs
 * what a cached one does (17 against 121 µs for a 5 KB article here, about half of the difference
 * the kernel's work, which this thread now does instead). It never writes, and never reads what
 * is not a regular file.
 */

/** Bytes read of each file: a news article is 2–20 KB, and the kernel reads ahead within a file. */
const READ_BYTES = 64 << 10;
/** A read this fast found the file cached (µs). */
const CACHED_MICROS = 25;
/** After this many cached files in a row, only every SAMPLE-th file is read until one is not. */
const CACHED_RUN = 64;
const SAMPLE = 16;

const { paths, offsets, state, ahead } = workerData as ReadAheadData;
const buffer = Buffer.allocUnsafe(READ_BYTES);
const count = offsets.length - 1;

let cachedRun = 0;
for (let i = 0; i < count; ) {
  let taken = Atomics.load(state, AHEAD_TAKEN);
  while (i >= taken + ahead && Atomics.load(state, AHEAD_STOP) === 0) {
    Atomics.wait(state, AHEAD_TAKEN, taken, 1000);
    taken = Atomics.load(state, AHEAD_TAKEN);
  }
  if (Atomics.load(state, AHEAD_STOP) !== 0) break;
  if (offsets[i + 1] === offsets[i]) {
    i++;
    continue;
  }
  const started = performance.now();
  touch(Buffer.from(paths.buffer, paths.byteOffset + offsets[i], offsets[i + 1] - offsets[i]));
  cachedRun = (performance.now() - started) * 1000 < CACHED_MICROS ? cachedRun + 1 : 0;
  // A corpus already in the page cache costs this thread a read of one file in SAMPLE.
  i += cachedRun >= CACHED_RUN ? SAMPLE : 1;
}

/** Reads the start of the file at `file` if it is a regular file; any failure is the reader's to report. */
function touch(file: Buffer): void {
  let fd: number;
  try {
    // Looked at before it is opened: opening a named pipe would wake its writer.
    if (!statSync(file).isFile()) return;
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return;
  }
  try {
    if (fstatSync(fd).isFile()) readSync(fd, buffer, 0, buffer.length, 0);
  } catch {
    // The reader reads it again and reports what went wrong.
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing was written.
    }
  }
}

