import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_AHEAD_FROM, ReadAhead } from '../src/io/read-ahead.js';
import { readInputs } from '../src/io/read-inputs.js';
import { releasedFile, releaseTexts, storeText } from '../src/kernels/stored-text.js';

/**
 * A ReadAhead only warms the page cache: what is read, and what the reader is told, is the same
 * with and without it. These tests check that, and that its thread never outlives the reader.
 */

let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'newsdedup-read-ahead-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function article(i: number): string {
  return `Article ${i}. The minister said on Monday that talks would resume in the spring, officials added. ${'word '.repeat(i % 7)}`;
}

/** A folder of `count` articles in two subfolders, plus files a reader must report. */
function corpus(name: string, count: number): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'a'), { recursive: true });
  mkdirSync(path.join(dir, 'b'), { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, i % 2 ? 'a' : 'b', `n${String(i).padStart(4, '0')}.txt`), article(i));
  writeFileSync(path.join(dir, 'a', 'empty.txt'), '');
  writeFileSync(path.join(dir, 'a', 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  writeFileSync(path.join(dir, 'b', 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article(1), 'utf16le')]));
  return dir;
}

describe('reading ahead', () => {
  it('a folder read with a ReadAhead gives the articles and problems read without one, in the same order', async () => {
    const dir = corpus('same', 300);
    const before = statSync(path.join(dir, 'a', 'n0001.txt')).mtimeMs;
    const read = (readAheadFrom: number) => readInputs(['.'], { cwd: dir, extensions: ['.txt'], maxBytes: 1 << 20, readAheadFrom });
    const ahead = await read(0);
    const plain = await read(Infinity);
    expect(ahead.articles.map((a) => [a.id, a.text])).toEqual(plain.articles.map((a) => [a.id, a.text]));
    expect(ahead.problems).toEqual(plain.problems);
    expect(ahead.articles).toHaveLength(301);
    expect(ahead.problems.map((p) => p.path).sort()).toEqual(['a/binary.txt', 'a/empty.txt']);
    // Nothing was written.
    expect(statSync(path.join(dir, 'a', 'n0001.txt')).mtimeMs).toBe(before);
    expect(readFileSync(path.join(dir, 'a', 'n0001.txt'), 'utf8')).toBe(article(1));
  });

  it('its thread starts only for a list with enough files in it, and ends when closed, also while it waits for the reader', async () => {
    expect(new ReadAhead([], { from: 0 }).active).toBe(false);
    expect(new ReadAhead(['', ''], { from: 0 }).active).toBe(false);
    await new ReadAhead([''], { from: 0 }).close();

    const dir = corpus('lifecycle', 20);
    const files = [path.join(dir, 'a', 'n0001.txt'), '', path.join(dir, 'missing.txt'), dir, path.join(dir, 'b', 'n0000.txt')];
    // A window of one file and a reader that never moves: the thread waits, and close() ends it.
    expect(new ReadAhead(files).active).toBe(false);
    const waiting = new ReadAhead(files, { ahead: 1, from: 0 });
    expect(waiting.active).toBe(true);
    await waiting.close();
    expect(waiting.active).toBe(false);
    await waiting.close();

    // A reader that took every file: the thread reads to the end (a missing file and a folder
    // are passed over) and has ended, or ends, by close().
    const through = new ReadAhead(files, { ahead: 2, from: 0 });
    for (let taken = 1; taken <= files.length; taken++) through.taken(taken);
    await through.close();
  });

  it('a released text names the file it is read again from; a held text, or one with no file, names none', async () => {
    const dir = corpus('released', 3);
    const { articles } = await readInputs(['.'], { cwd: dir, extensions: ['.txt'], maxBytes: 1 << 20 });
    const first = articles.find((a) => a.id === 'a/n0001.txt')!;
    expect(releasedFile(first)).toBe('');
    releaseTexts([first]);
    expect(Buffer.from(releasedFile(first)).toString()).toBe(path.join(dir, 'a', 'n0001.txt'));
    expect(first.text).toBe(article(1));

    const noFile = storeText({ id: 'x', path: 'x' }, 'Some text.', undefined, () => Buffer.from('Some text.'));
    releaseTexts([noFile]);
    expect(releasedFile(noFile)).toBe('');
    expect(releasedFile({ id: 'y', path: 'y', text: 'plain' })).toBe('');
  });

  it('its thread reads no further than its window ahead of the reader (seen in the files\' access times)', async (ctx) => {
    const dir = path.join(tmp, 'window');
    mkdirSync(dir);
    const files = Array.from({ length: 60 }, (_, i) => path.join(dir, `w${String(i).padStart(2, '0')}.txt`));
    // Accessed two days ago, changed an hour ago: a read sets the access time, also under `relatime`.
    const stale = (file: string): void => utimesSync(file, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 3_600_000));
    const read = (file: string): boolean => statSync(file).atimeMs > Date.now() - 86_400_000;
    for (const [i, file] of files.entries()) {
      writeFileSync(file, article(i));
      stale(file);
    }
    const control = path.join(dir, 'control.txt');
    writeFileSync(control, article(0));
    stale(control);
    readFileSync(control);
    // A file system mounted `noatime` does not tell.
    if (!read(control)) ctx.skip();
    const until = async (done: () => boolean): Promise<void> => {
      for (let waited = 0; !done() && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const ahead = new ReadAhead(files, { ahead: 20, from: 0 });
    try {
      await until(() => read(files[19]));
      // The thread waits for the reader: another 100 ms changes nothing.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(files.map(read)).toEqual(files.map((_, i) => i < 20));
      ahead.taken(32);
      await until(() => read(files[51]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(files.map(read)).toEqual(files.map((_, i) => i < 52));
    } finally {
      await ahead.close();
    }
  });

  it('the newsdedup command with --workers 1 reads a folder of READ_AHEAD_FROM files or more ahead and ends with its report', async () => {
    const dir = corpus('command', READ_AHEAD_FROM + 50);
    const out = path.join(tmp, 'command.json');
    const bin = path.resolve('bin/newsdedup.js');
    const code = await new Promise<number>((resolve) => {
      execFile(process.execPath, [bin, 'scan', dir, '--workers', '1', '--format', 'json', '-o', out, '--quiet'], (error) => resolve(error ? Number(error.code ?? 1) : 0));
    });
    // Not 13, Node's code for a process that ended with a promise still waited for.
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { articles: unknown[] };
    expect(report.articles).toHaveLength(READ_AHEAD_FROM + 51);
  }, 60_000);
});
