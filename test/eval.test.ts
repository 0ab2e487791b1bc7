import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanTexts, type Report } from '../src/index.js';
// The evaluation harness is plain JavaScript under bench/ (run by `npm run eval`).
import { articlesOf, loadCorpus } from '../bench/eval/corpus.js';
import { loadFixtureGold } from '../bench/eval/gold.js';
import { plagdet, prf } from '../bench/eval/metrics.js';
import { scoreCorpus } from '../bench/eval/score.js';

const root = path.resolve(__dirname, '..');
const CORPORA = path.resolve(root, '..', 'shared', 'corpora');

describe('PAN measures (Potthast et al. 2010) on tiny known cases', () => {
  const span = (doc: string, start: number, end: number) => ({ doc, start, end });
  const kase = { a: span('src', 0, 100), b: span('susp', 0, 100) };

  it('a detection covering half of a case on both sides: recall 0.5, precision 1, granularity 1', () => {
    const s = plagdet([kase], [{ a: span('src', 0, 50), b: span('susp', 0, 50) }]);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.precision).toBeCloseTo(1);
    expect(s.granularity).toBe(1);
    expect(s.plagdet).toBeCloseTo(2 / 3);
  });

  it('a case found in two pieces has granularity 2 and plagdet F1 / log2(3)', () => {
    const s = plagdet([kase], [
      { a: span('src', 0, 50), b: span('susp', 0, 50) },
      { a: span('src', 50, 100), b: span('susp', 50, 100) },
    ]);
    expect(s.recall).toBeCloseTo(1);
    expect(s.granularity).toBe(2);
    expect(s.plagdet).toBeCloseTo(1 / Math.log2(3));
  });

  it('a detection in other documents detects nothing; pairs match in either order', () => {
    const wrong = plagdet([kase], [{ a: span('src', 0, 100), b: span('other', 0, 100) }]);
    expect(wrong.recall).toBe(0);
    expect(wrong.precision).toBe(0);
    const swapped = plagdet([kase], [{ a: span('susp', 0, 100), b: span('src', 0, 100) }]);
    expect(swapped.plagdet).toBeCloseTo(1);
  });

  it('F1 = 2TP / (2TP + FP + FN)', () => {
    expect(prf(8, 2, 2)).toMatchObject({ precision: 0.8, recall: 0.8, f1: 0.8 });
    expect(prf(0, 0, 5).f1).toBe(0);
  });
});

describe('fixtures/france-russia/gold.json (hand-made passage gold)', () => {
  let corpus: Awaited<ReturnType<typeof loadFixtureGold>>;
  let report: Report;
  beforeAll(async () => {
    corpus = await loadFixtureGold(path.join(root, 'fixtures', 'france-russia', 'gold.json'));
    report = scanTexts(articlesOf(corpus));
  });

  it('resolves every member to a span of its article', () => {
    expect(corpus.spans.length).toBeGreaterThan(50);
    const texts = new Map(corpus.docs.map((d) => [d.id, [...d.text]]));
    for (const s of corpus.spans) {
      for (const side of [s.a, s.b]) {
        expect(side.end).toBeGreaterThan(side.start);
        expect(side.end).toBeLessThanOrEqual(texts.get(side.doc)!.length);
      }
    }
  });

  it('finds every passage copied word for word, and nothing that is not in the gold', () => {
    const r = scoreCorpus(corpus, report);
    expect(r.passages.byGrade.exact.countRecall).toBe(1);
    expect(r.passages.countPrecision).toBeGreaterThanOrEqual(0.95);
    expect(r.passages.unmatched).toEqual([]);
  });

  it('finds every passage copied with light edits: a reworded headline, a caption, an aside (the recall target)', () => {
    const r = scoreCorpus(corpus, report);
    expect(r.passages.byGrade.near.countRecall).toBe(1);
    expect(r.passages.byGrade['exact+near'].countRecall).toBe(1);
  });

  it('relates exactly the article pairs that share copied reporting (quoted speech aside)', () => {
    // 002 carries only an eight-word phrase of the AFP copy (graded heavy), which is not found.
    const any = scoreCorpus(corpus, report).levels[0];
    expect(any.fp).toBe(0);
    expect(any.byGrade.exact.flagged).toBe(any.byGrade.exact.total);
  });
});

const haveCorpora = existsSync(path.join(CORPORA, 'clough_stevenson', 'docs.csv')) && existsSync(path.join(CORPORA, 'pan13_noobf_subset', 'docs.csv'));
if (!haveCorpora) {
  console.warn(`eval.test.ts: ${CORPORA} not found — the corpus sample is skipped (npm run eval needs it too)`);
}

describe.skipIf(!haveCorpora)(`corpus sample from ${haveCorpora ? '../shared/corpora' : '../shared/corpora — SKIPPED: not found'}`, () => {
  it('Clough–Stevenson task b: most reused answers found, no answer written without the source flagged', async () => {
    const corpus = await loadCorpus(path.join(CORPORA, 'clough_stevenson'), { group: 'taskb' });
    const r = scoreCorpus(corpus, scanTexts(articlesOf(corpus)));
    const any = r.levels[0];
    expect(any.byGrade.non.flagged).toBe(0);
    expect(any.precision).toBe(1);
    expect(any.f1).toBeGreaterThanOrEqual(0.8);
  });

  it('PAN13 no obfuscation, first 60 pairs: plagdet ≥ 0.85', async () => {
    const corpus = await loadCorpus(path.join(CORPORA, 'pan13_noobf_subset'), { limitPairs: 60 });
    const r = scoreCorpus(corpus, scanTexts(articlesOf(corpus)));
    expect(r.passages.countRecall).toBeGreaterThanOrEqual(0.95);
    expect(r.passages.plagdet).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps the corpus texts out of the project (they are read in place)', () => {
    const gold = readFileSync(path.join(root, 'fixtures', 'france-russia', 'gold.json'), 'utf8');
    expect(gold).not.toContain('shared/corpora');
  });
});
