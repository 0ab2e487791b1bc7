import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NewsdedupError, scan } from '../src/index.js';

let tmp: string;
const article = 'The minister said on Wednesday that the country would not accept any interference in its elections.';

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'newsdedup-errors-'));
  writeFileSync(path.join(tmp, 'good.txt'), article);
  mkdirSync(path.join(tmp, 'empty-folder'));
  writeFileSync(path.join(tmp, 'locked.txt'), article);
  chmodSync(path.join(tmp, 'locked.txt'), 0o000);
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('bad paths are problems naming the path; the rest is scanned', () => {
  it('a missing path', async () => {
    const report = await scan({ paths: ['good.txt', 'nope.txt'], cwd: tmp });
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([{ path: 'nope.txt', code: 'ENOENT', message: 'no such file or folder' }]);
  });

  it('an empty folder', async () => {
    const report = await scan({ paths: ['good.txt', 'empty-folder'], cwd: tmp });
    expect(report.problems).toEqual([{ path: 'empty-folder', code: 'NO_ARTICLES', message: 'folder has no .txt files' }]);
  });

  it.skipIf(isRoot)('an unreadable file', async () => {
    const report = await scan({ paths: ['good.txt', 'locked.txt'], cwd: tmp });
    expect(report.problems).toEqual([{ path: 'locked.txt', code: 'EACCES', message: 'permission denied' }]);
  });

  it('nothing readable at all is a NO_INPUT error that names every path', async () => {
    const error = await scan({ paths: ['nope.txt', 'empty-folder'], cwd: tmp }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewsdedupError);
    expect((error as NewsdedupError).code).toBe('NO_INPUT');
    expect((error as Error).message).toMatch(/nope\.txt: no such file or folder/);
    expect((error as Error).message).toMatch(/empty-folder: folder has no \.txt files/);
  });

  it('invalid options are an INVALID_OPTION error before anything is read', async () => {
    const error = await scan({ paths: ['good.txt'], cwd: tmp, options: { verifyThreshold: 0 } }).catch((e: unknown) => e);
    expect((error as NewsdedupError).code).toBe('INVALID_OPTION');
    expect((error as Error).message).toBe('option verifyThreshold: expected a number above 0 and at most 1, got 0');
  });
});
