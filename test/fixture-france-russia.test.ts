import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan, type Report, type ReportCluster } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const DIR = 'fixtures/france-russia';
const id = (n: string): string => {
  const names: Record<string, string> = {
    '000': '000_25b08a5b48b33ed2.txt', '001': '001_d8ad9760a3fe1e23.txt', '002': '002_acc268cd3afabf47.txt',
    '003': '003_8c63bdaf32b26ab0.txt', '004': '004_e9f58710e6d47200.txt',
  };
  return `${DIR}/${names[n]}`;
};

let report: Report;
beforeAll(async () => {
  report = await scan({ paths: [DIR], cwd: root });
});

function clustersWith(snippet: string): ReportCluster[] {
  return report.clusters.filter((c) => c.members.some((m) => m.text.includes(snippet)));
}

function articlesOf(c: ReportCluster): Set<string> {
  return new Set(c.members.map((m) => m.article));
}

describe('fixtures/france-russia (the reference case)', () => {
  it('reads all five articles with ids relative to the working directory', () => {
    expect(report.articles.map((a) => a.id)).toEqual(['000', '001', '002', '003', '004'].map(id));
    expect(report.problems).toEqual([]);
  });

  it('finds the Xinhua body printed twice as one repeat of two long, disjoint copies', () => {
    const repeats = report.clusters.filter((c) => c.kind === 'repeat' && c.members.every((m) => m.article === id('004')));
    const whole = repeats.filter((c) => c.members.length === 2 && c.members.every((m) => m.end - m.start >= 1000));
    expect(whole).toHaveLength(1);
    const [first, second] = whole[0].members;
    expect(first.end).toBeLessThanOrEqual(second.start);
    expect(first.text.startsWith('PARIS, Feb. 15 (Xinhua)')).toBe(true);
    expect(second.text.startsWith('PARIS, Feb. 15 (Xinhua)')).toBe(true);
  });

  it.each([
    'Hollande, who is not himself seeking re-election',
    "Trump's national security advisor Michael Flynn resigned on Monday",
    'US intelligence agencies had already accused',
    'Macron, who is married, last week denied',
    'Half of the attacks, and there are hundreds a day',
  ])('joins the AFP sentence "%s" in the Daily Mail (000) and The Local (001)', (snippet) => {
    const joined = clustersWith(snippet).filter((c) => {
      const arts = articlesOf(c);
      return arts.has(id('000')) && arts.has(id('001'));
    });
    expect(joined.length).toBeGreaterThan(0);
  });

  it.each([
    'Putin has moved troops closer to his borders',
    "Trump's national security advisor Michael Flynn resigned on Monday",
  ])('finds the photo caption "%s" repeated inside 000', (snippet) => {
    const inside = clustersWith(snippet).filter((c) => c.members.filter((m) => m.article === id('000') && m.text.includes(snippet)).length >= 2);
    expect(inside.length).toBeGreaterThan(0);
  });

  it('joins the Ayrault quote "After what happened in the United States" in 000, 001 and 002', () => {
    const found = clustersWith('After what happened in the United States').filter((c) => {
      const arts = articlesOf(c);
      return arts.has(id('000')) && arts.has(id('001')) && arts.has(id('002'));
    });
    expect(found.length).toBeGreaterThan(0);
  });

  it('finds no boilerplate: five outlets, one article each, with or without their names from outlets.csv', async () => {
    expect(report.summary.clustersByKind.boilerplate).toBe(0);
    const named = await scan({ paths: [DIR], cwd: root, meta: `${DIR}/outlets.csv` });
    expect(named.summary.clustersByKind.boilerplate).toBe(0);
    expect(named.clusters.map((c) => c.kind)).toEqual(report.clusters.map((c) => c.kind));
  });

  it('quotes members exactly: text equals the file text at [start, end) in code points', async () => {
    const { readFileSync } = await import('node:fs');
    for (const c of report.clusters) {
      for (const m of c.members) {
        const text = [...readFileSync(path.join(root, m.article), 'utf8')];
        expect(text.slice(m.start, m.end).join('')).toBe(m.text);
      }
    }
  });

  it('clusters only passages that really share text (word 3-gram Jaccard above the threshold)', async () => {
    const { jaccardOfTexts } = await import('./helpers/similarity.js');
    for (const c of report.clusters) {
      for (let i = 0; i < c.members.length; i++) {
        for (let j = i + 1; j < c.members.length; j++) {
          const a = c.members[i];
          const b = c.members[j];
          const overlapsA = a.article === b.article && a.start < b.end && b.start < a.end;
          if (overlapsA) continue;
          // Members can be longer than the shared part (merged neighbours); containment of the
          // shorter member in the longer keeps the check fair to both.
          expect(jaccardOfTexts(a.text, b.text, 3).containment, `${c.id}: ${a.article} vs ${b.article}`).toBeGreaterThanOrEqual(0.3);
        }
      }
    }
  });
});
