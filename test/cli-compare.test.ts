import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTICLE, FIXTURE, runCli, tempDir } from './helpers/cli.js';

describe('newsdedup compare A B', () => {
  it('says how much of each is in the other and lists the shared passages in A\'s order, with word-level differences', () => {
    const { code, stdout, stderr } = runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--width', '100']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^A {2}fixtures\/france-russia\/000_25b08a5b48b33ed2\.txt · \d+ chars$/m);
    expect(stdout).toMatch(/^B {2}fixtures\/france-russia\/001_d8ad9760a3fe1e23\.txt · \d+ chars$/m);
    expect(stdout).toMatch(/^(partial|derived|duplicate): \d+% of A is in B · \d+% of B is in A · \d+ shared passages$/m);
    expect(stdout).toMatch(/Macron, who is married, last week denied rumours of having had a gay affair/);
    // The Daily Mail writes 'retaliation' where AFP/The Local has "…": a marked word difference.
    expect(stdout).toMatch(/\[-'-\]\{\+"\+\}/);
    expect(stdout).toMatch(/· identical$/m);
    expect(stdout).not.toMatch(/\x1b\[/);
    const starts = [...stdout.matchAll(/^\d+\. A \[(\d+)–/gm)].map((m) => Number(m[1]));
    expect(starts.length).toBeGreaterThan(3);
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
  });

  it('--format json gives the same data: containment both ways, passages with offsets and a word diff', () => {
    const { code, stdout } = runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--format', 'json']);
    expect(code).toBe(0);
    const c = JSON.parse(stdout);
    expect(c.schema).toBe('newsdedup/compare@1');
    expect(c.a.id).toBe(ARTICLE['000']);
    expect(c.b.id).toBe(ARTICLE['001']);
    // The same figures as scan gives for the pair.
    const pair = JSON.parse(runCli(['scan', ARTICLE['000'], ARTICLE['001'], '--format', 'json']).stdout).pairs[0];
    expect(c.relation).toBe(pair.relation);
    expect([c.a.containment, c.b.containment]).toEqual([pair.containment.a, pair.containment.b]);
    expect(c.a.containment).toBeGreaterThan(0.1);
    expect(c.b.containment).toBeGreaterThan(c.a.containment);
    const text = runCli(['compare', ARTICLE['000'], ARTICLE['001']]).stdout;
    expect(text).toContain(`${c.passages.length} shared passages`);
    for (const p of c.passages) {
      // The diff rebuilds both passages exactly.
      expect(p.diff.filter((d: { op: string }) => d.op !== 'added').map((d: { text: string }) => d.text).join('')).toBe(p.a.text);
      expect(p.diff.filter((d: { op: string }) => d.op !== 'removed').map((d: { text: string }) => d.text).join('')).toBe(p.b.text);
      expect(p.a.end).toBeGreaterThan(p.a.start);
    }
    expect(c.passages.some((p: { diff: { op: string }[] }) => p.diff.some((d) => d.op === 'added'))).toBe(true);
  });

  it('reads one side from standard input with -', () => {
    const text = runCli(['compare', '-', ARTICLE['004'], '--format', 'json'], { stdin: readFileSync(ARTICLE['004']) });
    const c = JSON.parse(text.stdout);
    expect(text.code).toBe(0);
    expect(c.a.id).toBe('-');
    expect(c.relation).toBe('duplicate');
  });

  it('two articles with nothing in common', () => {
    const dir = tempDir('compare');
    writeFileSync(path.join(dir, 'rain.txt'), 'Heavy rain flooded the lower town overnight and the mayor asked residents to stay at home until the river fell.');
    const { code, stdout } = runCli(['compare', 'rain.txt', path.relative(dir, path.resolve(ARTICLE['003']))], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/no shared passages/);
    const json = JSON.parse(runCli(['compare', 'rain.txt', 'rain.txt', '--format', 'json'], { cwd: dir }).stdout);
    expect(json.relation).toBe('duplicate');
  });

  it('usage and input errors exit 2 with a message naming the path', () => {
    const folder = runCli(['compare', FIXTURE, ARTICLE['000']]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/expected a file, got the folder fixtures\/france-russia/);
    const missing = runCli(['compare', 'nope.txt', ARTICLE['000']]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt: no such file or folder/);
    const stdinTwice = runCli(['compare', '-', '-'], { stdin: 'x' });
    expect(stdinTwice.code).toBe(2);
    const one = runCli(['compare', ARTICLE['000']]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/missing required argument 'b'/);
  });

  it('--help shows real examples', () => {
    const { code, stdout } = runCli(['compare', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Examples:\n\s+\$ newsdedup compare fixtures\/france-russia\/000_25b08a5b48b33ed2\.txt/);
  });
});
