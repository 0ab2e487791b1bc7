import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, scan } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const dir = 'fixtures/france-russia';
const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.txt')).map((f) => `${dir}/${f}`);

describe('determinism', () => {
  it('two runs, files in reversed order, give byte-identical JSON and text', async () => {
    const forward = await scan({ paths: files, cwd: root });
    const reversed = await scan({ paths: [...files].reverse(), cwd: root });
    expect(formatReport(reversed, 'json')).toBe(formatReport(forward, 'json'));
    expect(formatReport(reversed, 'text', { color: 0, width: 100 })).toBe(formatReport(forward, 'text', { color: 0, width: 100 }));
  });

  it('naming the folder or its files gives the same report', async () => {
    const byFolder = await scan({ paths: [dir], cwd: root });
    const byFiles = await scan({ paths: files, cwd: root });
    expect(formatReport(byFolder, 'json')).toBe(formatReport(byFiles, 'json'));
  });

  it('a different seed is recorded in the options', async () => {
    const report = await scan({ paths: [dir], cwd: root, options: { seed: 42 } });
    expect(report.options.seed).toBe(42);
  });
});
