import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions, scan, type Cluster, type Report, type Span } from '../src/index.js';
import { findBoilerplate } from '../src/stages/find-boilerplate.js';
import { root, runCli, tempDir } from './helpers/cli.js';

const DIR = 'fixtures/boilerplate';
const expected = JSON.parse(readFileSync(path.join(root, DIR, 'expected.json'), 'utf8')) as {
  boilerplate: { outlet: string; startsWith: string; articles: string[] }[];
  copy: { from: string; to: string; passages: string[] };
  pairs: number;
  unreused: string[];
};
const ARTICLES = [...new Set(expected.boilerplate.flatMap((b) => b.articles))].sort();

let report: Report;
beforeAll(async () => {
  report = await scan({ paths: [DIR], cwd: root });
});

describe('fixtures/boilerplate (expected.json): template text of an outlet is not reuse', () => {
  it('finds each outlet\'s template text as one boilerplate cluster over its three articles', () => {
    const boilerplate = report.clusters.filter((c) => c.kind === 'boilerplate');
    expect(boilerplate).toHaveLength(expected.boilerplate.length);
    for (const want of expected.boilerplate) {
      const found = boilerplate.filter((c) => c.members.every((m) => m.text.startsWith(want.startsWith)));
      expect(found, want.startsWith).toHaveLength(1);
      expect(found[0].members.map((m) => m.article)).toEqual(want.articles);
      for (const a of want.articles) expect(report.articles.find((x) => x.id === a)!.outlet).toBe(want.outlet);
    }
  });

  it('boilerplate draws no copy edges and gives no member a source or copy role', () => {
    for (const c of report.clusters.filter((x) => x.kind === 'boilerplate')) {
      expect(c.edges).toEqual([]);
      expect(c.undetermined).toEqual([]);
      expect(c.members.every((m) => m.role === 'unknown')).toBe(true);
    }
  });

  it('the real copy stays a copy, directed by time, and is the only article pair', () => {
    const copies = report.clusters.filter((c) => c.kind === 'copy');
    expect(copies).toHaveLength(1);
    for (const p of expected.copy.passages) expect(copies[0].members.every((m) => m.text.includes(p))).toBe(true);
    expect(copies[0].edges!.map((e) => [e.from, e.to])).toEqual([[expected.copy.from, expected.copy.to]]);
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([[expected.copy.from, expected.copy.to]]);
    expect(report.summary.pairs).toBe(expected.pairs);
  });

  it('boilerplate counts as neither reused text nor copied text, nor in the outlets\' copy graph', () => {
    for (const id of expected.unreused) {
      const a = report.articles.find((x) => x.id === id)!;
      expect(a.reusedChars, id).toBe(0);
      expect(a.copiedChars, id).toBe(0);
      expect(a.originality, id).toBe(1);
    }
    const copy = report.clusters.find((c) => c.kind === 'copy')!;
    const copied = copy.members.find((m) => m.article === expected.copy.to)!;
    const to = report.articles.find((x) => x.id === expected.copy.to)!;
    expect(to.reusedChars).toBe(copied.end - copied.start);
    expect(to.copiedChars).toBe(copied.end - copied.start);
    expect(report.summary.reusedChars).toBe(copy.members.reduce((n, m) => n + m.end - m.start, 0));
    const island = report.outlets!.find((o) => o.name === 'Island Weekly')!;
    expect(island.takesFrom).toEqual([{ outlet: 'Harbour Gazette', chars: copied.end - copied.start, articles: 1 }]);
    expect(report.outlets!.every((o) => o.sharesWith.length === 0)).toBe(true);
  });

  it('without the check (boilerplateMinArticles 0) the same passages are copies that pair every article of an outlet', async () => {
    const off = await scan({ paths: [DIR], cwd: root, options: { boilerplateMinArticles: 0 } });
    expect(off.summary.clustersByKind.boilerplate).toBe(0);
    expect(off.summary.clustersByKind.copy).toBe(1 + expected.boilerplate.length);
    expect(off.summary.pairs).toBeGreaterThan(expected.pairs);
    for (const id of expected.unreused) expect(off.articles.find((x) => x.id === id)!.reusedChars).toBeGreaterThan(0);
    // Four articles of one outlet would be needed at 4.
    const four = await scan({ paths: [DIR], cwd: root, options: { boilerplateMinArticles: 4 } });
    expect(four.summary.clustersByKind.boilerplate).toBe(0);
  });

  it('does not depend on the order of the inputs', async () => {
    const reversed = await scan({ paths: [...ARTICLES].reverse(), cwd: root });
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(await scan({ paths: ARTICLES, cwd: root })));
  });
});

describe('find-boilerplate', () => {
  // Three articles of 100 words; a member is [firstToken, lastToken).
  const span = (article: number, firstToken: number, lastToken: number): Span => ({ article, firstToken, lastToken, start: firstToken * 6, end: lastToken * 6 });
  const copy = (members: Span[]): Cluster => ({ kind: 'copy', similarity: 1, members });
  const input = { outlets: [['Gazette'], ['Gazette'], ['Gazette'], ['Weekly']], words: [100, 100, 100, 100] };
  const kind = (c: Cluster, minArticles = 3, given = input): string => findBoilerplate([c], given, minArticles)[0].kind;

  it('a closing or opening passage of three articles of one outlet is boilerplate', () => {
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)]))).toBe('boilerplate');
    expect(kind(copy([span(0, 2, 20), span(1, 2, 20), span(2, 2, 20), span(3, 40, 60)]))).toBe('copy');
    expect(kind(copy([span(0, 2, 20), span(1, 2, 20), span(2, 2, 20), span(3, 2, 20)]))).toBe('boilerplate');
  });

  it('stays a copy: two articles, the middle of an article, most of an article, other outlets, unknown outlets', () => {
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100)]))).toBe('copy');
    expect(kind(copy([span(0, 80, 100), span(1, 40, 60), span(2, 90, 100)]))).toBe('copy');
    expect(kind(copy([span(0, 10, 100), span(1, 10, 100), span(2, 10, 100)]))).toBe('copy');
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(3, 90, 100)]))).toBe('copy');
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)]), 3, { ...input, outlets: [[], [], [], []] })).toBe('copy');
  });

  it('an article held by several outlets (exact copies) counts for each, but once; 0 turns the check off; quotes are left alone', () => {
    const held = { outlets: [['Gazette', 'Weekly'], ['Gazette'], ['Weekly'], ['Weekly']], words: [100, 100, 100, 100] };
    expect(kind(copy([span(0, 80, 100), span(2, 85, 100), span(3, 90, 100)]), 3, held)).toBe('boilerplate');
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)]), 3, held)).toBe('copy');
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)]), 0)).toBe('copy');
    expect(kind(copy([span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)]), 2)).toBe('boilerplate');
    const quote: Cluster = { kind: 'quote', similarity: 0.5, members: [span(0, 80, 100), span(1, 85, 100), span(2, 90, 100)], speaker: null };
    expect(kind(quote)).toBe('quote');
  });

  it('boilerplateMinArticles is 0 or at least 2, validated once', () => {
    expect(resolveOptions({}).boilerplateMinArticles).toBe(3);
    expect(resolveOptions({ boilerplateMinArticles: 0 }).boilerplateMinArticles).toBe(0);
    expect(() => resolveOptions({ boilerplateMinArticles: 1 })).toThrow(/option boilerplateMinArticles: expected 0 \(off\) or an integer from 2 to 1000000, got 1/);
    expect(() => resolveOptions({ boilerplateMinArticles: 2.5 })).toThrow(/boilerplateMinArticles/);
  });
});

interface Entry {
  id: string;
  action: string;
  chars: number;
  keptChars: number;
  cuts: { start: number; end: number; reason: string; cluster: string; of: unknown; text: string }[];
}

function manifest(dir: string): Entry[] {
  return readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

describe('newsdedup dedup --strip-boilerplate on fixtures/boilerplate', () => {
  it('cuts every boilerplate passage from every article and records each cut in manifest.jsonl', () => {
    const out = path.join(tempDir('boilerplate'), 'clean');
    const run = runCli(['dedup', DIR, '--out', out, '--strip-boilerplate']);
    expect(run.code).toBe(0);
    const entries = manifest(out);
    expect(entries.map((e) => e.id)).toEqual(ARTICLES);
    for (const e of entries) {
      expect(e.action).toBe('edited');
      const original = [...readFileSync(path.join(root, e.id), 'utf8')];
      const want = expected.boilerplate.filter((b) => b.articles.includes(e.id));
      expect(e.cuts.map((c) => c.reason)).toEqual(want.map(() => 'boilerplate'));
      for (const cut of e.cuts) {
        expect(cut.cluster).toMatch(/^c\d+$/);
        expect(cut.of).toBeNull();
        expect(original.slice(cut.start, cut.end).join('')).toBe(cut.text);
      }
      const written = readFileSync(path.join(out, path.basename(e.id)), 'utf8');
      expect([...written].length).toBe(e.keptChars);
      for (const b of want) expect(written).not.toContain(b.startsWith);
      for (const b of want) expect(e.cuts.some((c) => c.text.includes(b.startsWith))).toBe(true);
    }
    // The story text stays: the copied paragraphs are not boilerplate.
    const commuters = readFileSync(path.join(out, path.basename(expected.copy.to)), 'utf8');
    for (const p of expected.copy.passages) expect(commuters).toContain(p);
    expect(commuters.startsWith('---\noutlet: Island Weekly')).toBe(true);
  });

  it('without the flag nothing is cut: every article is kept as it is', () => {
    const out = path.join(tempDir('boilerplate'), 'kept');
    expect(runCli(['dedup', DIR, '--out', out]).code).toBe(0);
    for (const e of manifest(out)) {
      expect(e.action).toBe('kept');
      expect(e.cuts).toEqual([]);
      expect(readFileSync(path.join(out, path.basename(e.id)), 'utf8')).toBe(readFileSync(path.join(root, e.id), 'utf8'));
    }
  });

  it('--boilerplate-min-articles 0 turns the check off; 1 is a usage error', () => {
    const off = runCli(['dedup', DIR, '--dry-run', '--strip-boilerplate', '--boilerplate-min-articles', '0', '--format', 'jsonl']);
    expect(off.code).toBe(0);
    expect(off.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).action)).toEqual(ARTICLES.map(() => 'kept'));
    const scanned = JSON.parse(runCli(['scan', DIR, '--format', 'json', '--boilerplate-min-articles', '4']).stdout) as Report;
    expect(scanned.options.boilerplateMinArticles).toBe(4);
    expect(scanned.summary.clustersByKind.boilerplate).toBe(0);
    const bad = runCli(['scan', DIR, '--boilerplate-min-articles', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected 0 \(off\) or an integer from 2 to 1000000, got "1"/);
  });
});
