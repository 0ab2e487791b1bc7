import { describe, expect, it } from 'vitest';
import { applyCuts, planDedup, scanTexts, type Article, type DedupCut, type Report } from '../src/index.js';

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

  it('CRLF files keep CRLF; nested cuts count once; offsets are code points', () => {
    const text = '😀 Head.\r\n\r\nSame words again and again.\r\n\r\nTail.';
    const outer = cut(text, 'Same words again and again');
    const inner = cut(text, 'again and again');
    const cp = (c: DedupCut): DedupCut => ({ ...c, start: [...text.slice(0, c.start)].length, end: [...text.slice(0, c.end)].length });
    const r = applyCuts(text, [cp(inner), cp(outer)]);
    expect(r.text).toBe('😀 Head.\r\n\r\nTail.');
    expect(r.keptChars).toBe([...r.text].length);
    expect(r.cuts.map((c) => c.start)).toEqual([cp(outer).start, cp(inner).start]);
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
