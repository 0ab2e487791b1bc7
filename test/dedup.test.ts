import { describe, expect, it } from 'vitest';
import { applyCuts, planDedup, scanTexts, type Article, type DedupCut, type DedupEntry, type Report } from '../src/index.js';

const cut = (text: string, part: string, from = 0): DedupCut => {
  const start = text.indexOf(part, from);
  return { start, end: start + part.length, reason: 'repeat', cluster: 'c1', of: null, text: part };
};

describe('applyCuts tidies what a cut leaves', () => {
  it('a whole line goes with its line break, and one of two blank lines around it', () => {
    const text = 'Intro.\n\nRepeated line here.\n\nNext.';
    expect(applyCuts(text, [cut(text, 'Repeated line here')]).text).toBe('Intro.\n\nNext.');
  });

  it('inside a paragraph the closing punctuation and the space after go', () => {
    const text = 'One sentence. A repeated sentence. Last one.';
    const r = applyCuts(text, [cut(text, 'A repeated sentence')]);
    expect(r.text).toBe('One sentence. Last one.');
    expect(r.cuts[0].text).toBe('A repeated sentence. ');
  });

  it('at the end, the line breaks before the cut go, and a final line break stays', () => {
    expect(applyCuts('Body.\nBody.', [cut('Body.\nBody.', 'Body', 1)]).text).toBe('Body.');
    expect(applyCuts('Body.\n\nBody.\n', [cut('Body.\n\nBody.\n', 'Body', 1)]).text).toBe('Body.\n');
  });

  it('CRLF files keep CRLF; a nested cut is left to the cut around it; offsets are code points', () => {
    const text = '😀 Head.\r\n\r\nSame words again and again.\r\n\r\nTail.';
    const outer = cut(text, 'Same words again and again');
    const inner = cut(text, 'again and again');
    const cp = (c: DedupCut): DedupCut => ({ ...c, start: [...text.slice(0, c.start)].length, end: [...text.slice(0, c.end)].length });
    const r = applyCuts(text, [cp(inner), cp(outer)]);
    expect(r.text).toBe('😀 Head.\r\n\r\nTail.');
    expect(r.keptChars).toBe([...r.text].length);
    expect(r.cuts.map((c) => c.start)).toEqual([cp(outer).start]);
    expect(r.cuts[0].text).toBe('Same words again and again.\r\n\r\n');
  });
});

const BODY = 'France will not accept any interference in its elections, the foreign minister said on Wednesday. '
  + 'He warned that retaliatory measures would be taken when necessary against any state that tried. '
  + 'The warning came as aides to a leading candidate accused Russia of trying to derail his campaign.';

function report(articles: Article[]): Report {
  return scanTexts(articles);
}

describe('planDedup', () => {
  it('keeps the source the direction rules name, ahead of date and length', () => {
    const articles: Article[] = [
      { id: 'a-copy', path: 'a-copy', text: `${BODY} Extra words make this copy the longer one by far.`, meta: { published: '2017-02-14' } },
      { id: 'b-wire', path: 'b-wire', text: BODY, meta: { published: '2017-02-15' } },
    ];
    const r = report(articles);
    expect(r.pairs[0].relation).toBe('duplicate');
    const withDirection = { ...r, pairs: [{ ...r.pairs[0], direction: { from: 'b-wire', to: 'a-copy', confidence: 0.9, evidence: ['credits AFP'] } }] } as Report;
    const plan = planDedup(withDirection, articles);
    expect(plan.entries.find((e) => e.action === 'dropped')).toMatchObject({ id: 'a-copy', duplicateOf: 'b-wire' });
    // Without direction: the earliest published.
    expect(planDedup(r, articles).entries.find((e) => e.action === 'dropped')).toMatchObject({ id: 'b-wire', duplicateOf: 'a-copy' });
    expect(planDedup(r, articles, { keep: 'first' }).entries.find((e) => e.action === 'dropped')).toMatchObject({ id: 'b-wire' });
  });

  it('--strip-boilerplate cuts the members of boilerplate clusters from every article', () => {
    const footer = 'Sign up to our newsletter for the latest news delivered to your inbox every single morning.';
    const articles: Article[] = [
      { id: 'x', path: 'x.txt', text: `${BODY}\n\n${footer}\n` },
      { id: 'y', path: 'y.txt', text: `Heavy rain flooded the lower town overnight and the mayor asked residents to stay at home.\n\n${footer}\n` },
    ];
    const r = report(articles);
    const boiler = { ...r, clusters: r.clusters.map((c) => ({ ...c, kind: 'boilerplate' as const })) };
    expect(boiler.clusters).toHaveLength(1);
    const kept = planDedup(boiler, articles);
    expect(kept.entries.every((e) => e.action === 'kept')).toBe(true);
    const stripped = planDedup(boiler, articles, { stripBoilerplate: true });
    expect(stripped.entries.map((e) => e.action)).toEqual(['edited', 'edited']);
    expect(stripped.files.map((f) => f.content)).toEqual([`${BODY}\n`, 'Heavy rain flooded the lower town overnight and the mayor asked residents to stay at home.\n']);
  });

  it('lays files out below their deepest common folder; output does not depend on input order', () => {
    const articles: Article[] = [
      { id: 'data/b/two.txt', path: 'data/b/two.txt', text: BODY },
      { id: 'data/a/one.txt', path: 'data/a/one.txt', text: 'Heavy rain flooded the lower town overnight and the mayor asked residents to stay at home.' },
    ];
    const plan = planDedup(report(articles), articles, {}, '/work');
    expect(plan.files.map((f) => f.path)).toEqual(['a/one.txt', 'b/two.txt']);
    const reversed = planDedup(report([...articles].reverse()), [...articles].reverse(), {}, '/work');
    expect(JSON.stringify({ ...reversed, report: null })).toBe(JSON.stringify({ ...plan, report: null }));
  });
});

const S0 = 'France will not accept any interference in its elections, the foreign minister said on Wednesday.';
const S1 = 'He warned that retaliatory measures would be taken when necessary against any state that tried.';
const S1_EDITED = 'Paris had already complained to Moscow twice this winter, a diplomat told reporters off the record.';
const S2 = 'The warning came as aides to a leading candidate accused Russia of trying to derail his campaign.';

/** A report on one article whose clusters are given as [passage, which occurrence] lists, so the
 *  cases below do not depend on what the engine finds. */
function handMade(text: string, clusters: (readonly [string, number])[][]): { report: Report; article: Article } {
  const at = (part: string, nth: number): number => {
    let i = -1;
    for (let n = 0; n <= nth; n++) i = text.indexOf(part, i + 1);
    if (i < 0) throw new Error(`no occurrence ${nth} of ${part}`);
    return i;
  };
  const cp = (i: number): number => [...text.slice(0, i)].length;
  const report = scanTexts([{ id: 'a.txt', path: 'a.txt', text: 'Nothing to share here at all, just one short line of text.' }]);
  return {
    article: { id: 'a.txt', path: 'a.txt', text },
    report: {
      ...report,
      articles: [{ ...report.articles[0], chars: [...text].length }],
      clusters: clusters.map((members, k) => ({
        id: `c${k + 1}`, kind: 'repeat' as const, similarity: 1,
        members: members.map(([part, nth]) => {
          const start = at(part, nth);
          return { article: 'a.txt', start: cp(start), end: cp(start + part.length), text: part };
        }),
      })),
    },
  };
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

function expectDisjoint(cuts: readonly DedupCut[], text: string): void {
  const chars = [...text];
  for (let k = 0; k < cuts.length; k++) {
    expect(cuts[k].start).toBeLessThan(cuts[k].end);
    if (k > 0) expect(cuts[k - 1].end).toBeLessThanOrEqual(cuts[k].start);
    expect(chars.slice(cuts[k].start, cuts[k].end).join('')).toBe(cuts[k].text);
  }
}

describe('dedup with nested repeats: cuts never overlap, and the first occurrence stays once', () => {
  it('a body printed twice, one of its sentences also printed a third time: one cut for the body, one for the caption', () => {
    const body = `${S0} ${S1} ${S2}`;
    const text = `Headline\n\n${body}\n\n${S1}\n\n${body}\n`;
    const { report, article } = handMade(text, [[[body, 0], [body, 1]], [[S1, 0], [S1, 1], [S1, 2]]]);
    const plan = planDedup(report, [article]);
    const entry = plan.entries[0] as Extract<DedupEntry, { action: 'edited' }>;
    expectDisjoint(entry.cuts, text);
    expect(entry.cuts.map((c) => [c.cluster, c.reason])).toEqual([['c2', 'repeat'], ['c1', 'repeat']]);
    expect(entry.cuts[1].end).toBe([...text].length);
    expect(plan.files[0].content).toBe(`Headline\n\n${body}\n`);
    expect(entry.keptChars).toBe([...plan.files[0].content].length);
  });

  it('three copies, the second and third merged into one passage of a cluster and two of another: one cut', () => {
    const pair = `${S0} ${S1}`;
    const text = `Intro line.\n\n${pair}\n\n${pair}\n\n${pair}\n\nEnd.`;
    const twoAndThree = `${pair}\n\n${pair}`;
    // c1: the first copy and the second and third, aligned as one passage; c2: the second and third.
    const { report, article } = handMade(text, [[[pair, 0], [twoAndThree, 1]], [[pair, 1], [pair, 2]]]);
    const plan = planDedup(report, [article]);
    const entry = plan.entries[0] as Extract<DedupEntry, { action: 'edited' }>;
    expectDisjoint(entry.cuts, text);
    expect(entry.cuts).toHaveLength(1);
    expect(entry.cuts[0]).toMatchObject({ cluster: 'c1', reason: 'repeat' });
    expect(plan.files[0].content).toBe(`Intro line.\n\n${pair}\n\nEnd.`);
    expect(count(plan.files[0].content, S0)).toBe(1);
  });

  it('a sentence whose first copy lies inside a cut repeat stays at its next copy', () => {
    // The first body carries an edited sentence, so the sentence of the second body is not in it:
    // cutting the second body and the sentence's later copy would lose the sentence.
    const first = `${S0} ${S1_EDITED} ${S2}`;
    const second = `${S0} ${S1} ${S2}`;
    const text = `${first}\n\n${second}\n\n${S1}\n`;
    const { report, article } = handMade(text, [[[first, 0], [second, 0]], [[S1, 0], [S1, 1]]]);
    const plan = planDedup(report, [article]);
    const entry = plan.entries[0] as Extract<DedupEntry, { action: 'edited' }>;
    expectDisjoint(entry.cuts, text);
    expect(entry.cuts.map((c) => c.cluster)).toEqual(['c1']);
    expect(plan.files[0].content).toBe(`${first}\n\n${S1}\n`);
    expect(count(plan.files[0].content, S1)).toBe(1);
  });

  it.each([
    ['a body twice with a caption', `Headline here\n\n${S0} ${S1} ${S2}\n\n${S1}\n\n${S0} ${S1} ${S2}\n`],
    ['three copies in a row', `Intro line of text.\n\n${S0} ${S1}\n\n${S0} ${S1}\n\n${S0} ${S1}\n\nEnd.`],
    ['three copies in one paragraph', `${S0} ${S1} ${S2} ${S0} ${S1} ${S2} ${S0} ${S1} ${S2}`],
    ['overlapping pairs', `${S0} ${S1}\n\n${S1} ${S2}\n\n${S0} ${S1} ${S2}\n\nAnalysts expect the dispute to last for months.`],
    ['an edited first copy', `${S0} ${S1_EDITED} ${S2}\n\n${S0} ${S1} ${S2}\n\n${S1}\n`],
  ])('as scanned: %s', (_, text) => {
    const article: Article = { id: 'a.txt', path: 'a.txt', text };
    const plan = planDedup(scanTexts([article]), [article]);
    const entry = plan.entries[0] as Extract<DedupEntry, { action: 'kept' | 'edited' }>;
    expectDisjoint(entry.cuts, text);
    for (const sentence of [S0, S1, S2]) if (text.includes(sentence)) expect(count(plan.files[0].content, sentence)).toBeGreaterThanOrEqual(1);
    expect(entry.keptChars).toBe([...plan.files[0].content].length);
  });
});
