import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, scan, scanTexts, type Article, type Report, type ReportCluster } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const rules = (evidence: readonly string[] = []) => evidence.map((e) => e.slice(0, e.indexOf(':')));

/** Four sentences two articles share, long enough to be one copied passage. */
const SHARED = [
  'Inspectors found a series of cracks in the concrete spillway of the Kessel dam during a routine survey last week, the regional water authority said on Thursday.',
  'The authority said the cracks posed no immediate danger to villages downstream but that the reservoir would be kept at two thirds of its capacity until repairs were finished.',
  'Engineers will drill core samples from the spillway next month to find out how deep the cracks run and whether the steel reinforcement has begun to rust.',
  'The dam was completed in 1968 and supplies drinking water to about 300,000 people in the valley and the neighbouring towns.',
];
const OWN_A = 'Residents in the village of Altmoor said they had not been told about the survey until a reporter called them on Thursday afternoon.';
const OWN_B = 'A spokesman for the authority declined to say how much the repairs would cost or who would pay for them, citing talks with insurers.';

function article(id: string, body: string, meta?: Article['meta']): Article {
  return { id, path: id, text: body, ...(meta ? { meta } : {}) };
}

function only(report: Report) {
  expect(report.pairs).toHaveLength(1);
  return report.pairs[0];
}

describe('direction rules', () => {
  it('time: the earlier article is the source', () => {
    const r = scanTexts([
      article('a.txt', SHARED.join('\n\n') + '\n\n' + OWN_A, { published: '2024-05-11' }),
      article('b.txt', SHARED.join('\n\n') + '\n\n' + OWN_B, { published: '2024-05-10' }),
    ]);
    const p = only(r);
    expect(p.direction).toMatchObject({ from: 'b.txt', to: 'a.txt' });
    expect(rules(p.direction!.evidence)[0]).toBe('time');
    expect(p.direction!.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('time: the same day (a date against a time that day) is a tie, not a guess', () => {
    const r = scanTexts([
      article('a.txt', SHARED.join('\n\n') + '\n\n' + OWN_A, { published: '2024-05-10' }),
      article('b.txt', SHARED.join('\n\n') + '\n\n' + OWN_B, { published: '2024-05-10T09:00:00Z' }),
    ]);
    const p = only(r);
    expect(p.direction).toBeNull();
    expect(p.evidence![0]).toMatch(/^undetermined: no rule decides/);
    expect(p.evidence!.some((e) => /time: .*same time/.test(e))).toBe(true);
  });

  it('credit: an article crediting a wire agency is upstream of an uncredited copy', () => {
    const r = scanTexts([
      article('copy.txt', SHARED.join('\n\n') + '\n\n' + OWN_A),
      article('credited.txt', 'Dam cracks\n\nAFP/Rhine Courier\n\n' + SHARED.join('\n\n') + '\n\n' + OWN_B),
    ]);
    const p = only(r);
    expect(p.direction).toMatchObject({ from: 'credited.txt', to: 'copy.txt' });
    expect(p.direction!.evidence.some((e) => e.startsWith('credit:') && e.includes('AFP'))).toBe(true);
    expect(r.articles.find((a) => a.id === 'credited.txt')).toMatchObject({ outlet: 'Rhine Courier', credits: ['AFP'] });
  });

  it('wire: the agency\'s own story (a wire dateline) is upstream of an uncredited copy', () => {
    const r = scanTexts([
      article('copy.txt', SHARED.join('\n\n') + '\n\n' + OWN_A),
      article('wire.txt', 'KESSEL, May 10 (Reuters) - ' + SHARED.join('\n\n') + '\n\n' + OWN_B),
    ]);
    const p = only(r);
    expect(p.direction).toMatchObject({ from: 'wire.txt', to: 'copy.txt' });
    expect(rules(p.direction!.evidence)[0]).toBe('wire');
  });

  it('credit: two articles crediting the same agency are two copies of one source (undetermined)', () => {
    const r = scanTexts([
      article('one.txt', 'AFP/First Paper\n\n' + SHARED.join('\n\n') + '\n\n' + OWN_A),
      article('two.txt', 'AFP/Second Paper\n\n' + SHARED.join('\n\n') + '\n\n' + OWN_B),
    ]);
    const p = only(r);
    expect(p.direction).toBeNull();
    expect(p.evidence!.some((e) => e.startsWith('credit: both credit AFP'))).toBe(true);
    const copy = r.clusters.find((c) => c.kind === 'copy')!;
    expect(copy.edges).toEqual([]);
    expect(copy.undetermined).toHaveLength(1);
    expect(copy.members.every((m) => m.role === 'unknown')).toBe(true);
  });

  it('containment: interleaving with own material is weak evidence and never decides alone', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the local angle tells readers about road closures near the reservoir and the detours that drivers should take this week.`).join('\n\n');
    const source = SHARED.join(' ');
    const copy = [SHARED[0], filler(3), SHARED[1], filler(3), SHARED[2], filler(3), SHARED[3]].join('\n\n');
    const r = scanTexts([article('source.txt', source), article('copy.txt', copy)]);
    const p = only(r);
    expect(p.evidence!.some((e) => e.startsWith('containment: copy.txt interleaves') || e.startsWith('containment: copy interleaves'))).toBe(true);
    expect(p.direction).toBeNull();
    expect(p.evidence![0]).toMatch(/^undetermined: the evidence is too weak/);
  });

  it('containment adds to another rule: a credit plus interleaving is more confident than the credit alone', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the local angle tells readers about road closures near the reservoir and the detours that drivers should take this week.`).join('\n\n');
    const copy = [SHARED[0], filler(3), SHARED[1], filler(3), SHARED[2], filler(3), SHARED[3]].join('\n\n');
    const source = 'Rhine Courier\nAFP/Rhine Courier\n\n' + SHARED.join(' ');
    const withCredit = scanTexts([article('source.txt', source), article('copy.txt', copy)]);
    const creditOnly = scanTexts([article('source.txt', source), article('copy.txt', SHARED.join(' ') + ' ' + OWN_B)]);
    const d = only(withCredit).direction!;
    expect(d).toMatchObject({ from: 'source.txt', to: 'copy.txt' });
    expect(rules(d.evidence)).toEqual(expect.arrayContaining(['credit', 'containment']));
    expect(d.confidence).toBeGreaterThan(only(creditOnly).direction!.confidence);
  });

  it('missing evidence: no times, no credits, no layout difference → undetermined, saying what is missing', () => {
    const r = scanTexts([article('a.txt', SHARED.join('\n\n') + '\n\n' + OWN_A), article('b.txt', SHARED.join('\n\n') + '\n\n' + OWN_B)]);
    const p = only(r);
    expect(p.direction).toBeNull();
    expect(p.evidence).toEqual(['undetermined: no rule decides', 'time: no publication time for a and b', 'credit: neither credits a wire agency']);
  });

  it('duplicateOf names the source by the direction rules, not the lowest id', () => {
    const body = SHARED.join('\n\n') + '\n\n' + OWN_A;
    const r = scanTexts([article('a.txt', body + ' Extra words.'), article('b.txt', body, { published: '2024-05-01' }), article('c.txt', body + ' More.', { published: '2024-05-03' })]);
    const byId = new Map(r.articles.map((x) => [x.id, x]));
    expect(byId.get('b.txt')!.duplicateOf).toBeNull();
    expect(byId.get('c.txt')!.duplicateOf).toBe('b.txt');
  });
});

describe('fixtures/france-russia: who copied whom', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: ['fixtures/france-russia'], cwd: root });
  });
  const id = (n: string) => report.articles.find((a) => a.id.includes(`/${n}_`))!.id;
  const articlesOf = (c: ReportCluster) => new Set(c.members.map((m) => m.article));

  it('the AFP sentences shared by 000 and 001 go 001 → 000, with the credit as reason', () => {
    const shared = report.clusters.filter((c) => c.kind === 'copy' && articlesOf(c).has(id('000')) && articlesOf(c).has(id('001')));
    expect(shared.length).toBeGreaterThanOrEqual(4);
    for (const c of shared) {
      expect(c.edges).toHaveLength(1);
      expect(c.edges![0]).toMatchObject({ from: id('001'), to: id('000') });
      expect(c.edges![0].evidence.some((e) => e.startsWith('credit:') && e.includes('credits AFP') && e.includes('000') && e.includes('credits no agency'))).toBe(true);
      expect(c.members.filter((m) => m.article === id('001')).every((m) => m.role === 'source')).toBe(true);
      expect(c.members.filter((m) => m.article === id('000')).every((m) => m.role === 'copy')).toBe(true);
    }
    const pair = report.pairs.find((p) => p.a === id('000') && p.b === id('001'))!;
    expect(pair.direction).toMatchObject({ from: id('001'), to: id('000') });
  });

  it('quotes draw no copy edge, and pairs that share only quotes get no direction', () => {
    for (const c of report.clusters.filter((c) => c.kind === 'quote')) expect(c.edges).toEqual([]);
    const edges = report.clusters.flatMap((c) => c.edges ?? []);
    expect(edges.every((e) => e.from === id('001') && e.to === id('000'))).toBe(true);
    for (const p of report.pairs.filter((p) => !(p.a === id('000') && p.b === id('001')))) {
      expect(p.direction).toBeNull();
      expect(p.evidence![0]).toMatch(/^quote: they share only quoted speech/);
    }
  });

  it("004's repeat is a repeat, not a copy", () => {
    const inside = report.clusters.filter((c) => c.members.every((m) => m.article === id('004')));
    expect(inside.length).toBeGreaterThan(0);
    for (const c of inside) {
      expect(c.kind).toBe('repeat');
      expect(c.edges).toEqual([]);
    }
    expect(report.articles.find((a) => a.id === id('004'))).toMatchObject({ credits: ['Xinhua'], dateline: 'PARIS, Feb. 15 (Xinhua) --', originality: 1 });
  });

  it('originality and the outlet summary: 000 took text from The Local, everyone else is original', () => {
    const a000 = report.articles.find((a) => a.id === id('000'))!;
    expect(a000.originality).toBeLessThan(1);
    expect(a000.copiedChars).toBeGreaterThan(1000);
    for (const n of ['001', '002', '003', '004']) expect(report.articles.find((a) => a.id === id(n))!.originality).toBe(1);
    const local = report.outlets!.find((o) => o.name === 'The Local')!;
    expect(local.articles).toEqual([id('001')]);
    const takers = report.outlets!.filter((o) => o.takesFrom.length > 0);
    expect(takers).toHaveLength(1);
    expect(takers[0].articles).toEqual([id('000')]);
    expect(takers[0].takesFrom).toEqual([{ outlet: 'The Local', chars: a000.copiedChars, articles: 1 }]);
  });

  it('--meta outlets.csv names the outlets; the text report prints the arrow with credits and outlet', async () => {
    const named = await scan({ paths: ['fixtures/france-russia'], cwd: root, meta: 'fixtures/france-russia/outlets.csv' });
    expect(named.problems).toEqual([]);
    expect(named.articles.map((a) => a.outlet)).toEqual(['Daily Mail', 'The Local', 'VICE', 'IBTimes', 'Xinhua']);
    expect(named.articles.map((a) => a.provenance!.outlet)).toEqual(['metadata', 'metadata', 'metadata', 'metadata', 'metadata']);
    const text = formatReport(named, 'text', { width: 120 });
    expect(text).toContain('AFP/The Local (001) → Daily Mail (000)');
    expect(text).toMatch(/credit: 001 \(The Local\) credits AFP/);
    expect(text).toMatch(/Outlets/);
    expect(text).toMatch(/Daily Mail +\d+% original · took [\d,]+ chars from The Local/);
    expect(text).toMatch(/≠ .*\[-.*-\]/); // word-level differences between variants
  });

  it('dot and mermaid draw the copy graph: The Local → Daily Mail, weighted by characters', async () => {
    const named = await scan({ paths: ['fixtures/france-russia'], cwd: root, meta: 'fixtures/france-russia/outlets.csv' });
    const dot = formatReport(named, 'dot');
    expect(dot).toMatch(/^digraph newsdedup \{/);
    const node = (label: string) => new RegExp(`(n\\d+) \\[label="${label}\\\\n`).exec(dot)![1];
    expect(dot).toMatch(new RegExp(`${node('The Local')} -> ${node('Daily Mail')} \\[label="[\\d,]+ chars", penwidth=5\\.00`));
    const mermaid = formatReport(named, 'mermaid');
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toMatch(/n\d+ -->\|"[\d,]+ chars"\| n\d+/);
    expect(mermaid.split('-->').length - 1).toBe(1);
  });
});

describe.each(['published-time', 'contradicting-evidence'])('fixtures/%s (expected.json)', (name) => {
  const expected = JSON.parse(readFileSync(path.join(root, 'fixtures', name, 'expected.json'), 'utf8'));
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: [`fixtures/${name}`], cwd: root });
  });

  it('reads outlet, time and credits from front matter and text', () => {
    for (const [id, facts] of Object.entries(expected.articles)) {
      expect(report.articles.find((a) => a.id === id)).toMatchObject(facts as object);
    }
    expect(report.clusters.filter((c) => c.kind === 'copy')).toHaveLength(expected.copyClusters);
  });

  it('decides the direction as reviewed', () => {
    const p = only(report);
    if (expected.direction === null) {
      expect(p.direction).toBeNull();
      expect(rules(p.evidence)).toEqual(expected.evidenceRules);
      const copy = report.clusters.find((c) => c.kind === 'copy')!;
      expect(copy.edges).toEqual([]);
      expect(copy.undetermined).toHaveLength(1);
    } else {
      expect(p.direction).toMatchObject({ from: expected.direction.from, to: expected.direction.to });
      expect(rules(p.direction!.evidence).filter((r) => expected.direction.rules.includes(r))).toEqual(expected.direction.rules);
      expect(p.direction!.confidence).toBeGreaterThanOrEqual(expected.direction.minConfidence);
    }
  });

  it('offsets refer to the files: the front matter is blanked, not cut', () => {
    for (const c of report.clusters) {
      for (const m of c.members) {
        const text = [...readFileSync(path.join(root, m.article), 'utf8')];
        expect(text.slice(m.start, m.end).join('')).toBe(m.text);
      }
    }
  });
});
