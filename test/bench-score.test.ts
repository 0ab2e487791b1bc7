import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, scan, type Report } from '../src/index.js';
// The benchmark's scoring is plain JavaScript under bench/ (run by `npm run bench`).
import { linksFromNewsdedup, linksFromNewsdedupFile } from '../bench/score.js';

describe('the benchmark reads a newsdedup report too large for one string a block at a time', () => {
  let dir: string;
  let report: Report;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsdedup-bench-score-'));
    report = await scan({ paths: ['fixtures/france-russia'], cwd: path.resolve(__dirname, '..'), workers: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the links of the report parsed whole', () => {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, formatReport(report, 'json'));
    const links = linksFromNewsdedupFile(file);
    expect(report.clusters.length).toBeGreaterThan(10);
    expect(links.length).toBeGreaterThan(report.clusters.length);
    expect(links).toEqual(linksFromNewsdedup(report));
  });

  it('gives no links for a report without clusters, and refuses a file that is not a report', () => {
    const empty = path.join(dir, 'empty.json');
    writeFileSync(empty, formatReport({ ...report, clusters: [] }, 'json'));
    expect(linksFromNewsdedupFile(empty)).toEqual([]);
    const other = path.join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ clusters: report.clusters }));
    expect(() => linksFromNewsdedupFile(other)).toThrow(/not a newsdedup JSON report/);
  });
});
