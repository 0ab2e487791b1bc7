import { describe, expect, it } from 'vitest';
import { compareArticles, evaluateFailOn, NewsdedupError, parseFailOn, scanTexts } from '../src/index.js';

const SENTENCE = 'The foreign minister said on Wednesday that the country would not accept any interference in its elections.';

describe('parseFailOn', () => {
  it('reads a measure, an operator and a number; several joined by commas', () => {
    expect(parseFailOn('duplicates>0')).toEqual([{ metric: 'duplicates', operator: '>', limit: 0, source: 'duplicates>0' }]);
    expect(parseFailOn('reused >= 0.25, repeats')).toEqual([
      { metric: 'reused', operator: '>=', limit: 0.25, source: 'reused >= 0.25' },
      { metric: 'repeats', operator: '>', limit: 0, source: 'repeats' },
    ]);
    expect(parseFailOn('reused>30%')[0].limit).toBeCloseTo(0.3);
    expect(parseFailOn('pairs==3')[0].operator).toBe('=');
  });

  it.each([
    ['copies>0', /expected a measure among/],
    ['reused>1.5', /expected a share from 0 to 1/],
    ['duplicates>10%', /percentages are for reused and repeated/],
    ['duplicates>', /expected a number of at least 0/],
    ['duplicates>-1', /expected a number of at least 0/],
    ['duplicates 3', /expected MEASURE>NUMBER/],
    ['', /expected MEASURE>NUMBER/],
  ])('rejects %j with an "expected … got …" message', (rule, message) => {
    expect(() => parseFailOn(rule)).toThrow(NewsdedupError);
    expect(() => parseFailOn(rule)).toThrow(message);
  });
});

describe('evaluateFailOn', () => {
  const report = scanTexts([
    { id: 'a', path: 'a', text: `${SENTENCE}\n\n${SENTENCE}` },
    { id: 'b', path: 'b', text: SENTENCE },
  ]);

  it('measures the report: repeats count extra copies inside one article', () => {
    const results = evaluateFailOn(report, parseFailOn('repeats>0,duplicates>0,reused>0.9,pairs>=1,problems>0'));
    // The passages stop at the last word, so the final full stops are not reused text.
    const reused = report.summary.reusedChars / report.summary.chars;
    expect(reused).toBeGreaterThan(0.9);
    expect(results.map((r) => [r.metric, r.value, r.failed])).toEqual([
      ['repeats', 1, true],
      ['duplicates', 1, true],
      ['reused', reused, true],
      ['pairs', 1, true],
      ['problems', 0, false],
    ]);
  });

  it('uses exact shares, not the rounded ones of the summary', () => {
    const [r] = evaluateFailOn(report, parseFailOn('repeated<0.5'));
    expect(r.value).toBeCloseTo(report.summary.repeatedChars / report.summary.chars, 10);
    expect(r.failed).toBe(true);
  });
});

describe('evaluateFailOn on a comparison', () => {
  it('measures the scan of the two articles the comparison carries', () => {
    const comparison = compareArticles({ id: 'a', path: 'a', text: `${SENTENCE}\n\n${SENTENCE}` }, { id: 'b', path: 'b', text: SENTENCE });
    expect(comparison.report.articles.map((a) => a.id)).toEqual(['a', 'b']);
    const results = evaluateFailOn(comparison.report, parseFailOn('repeats>0,duplicates>0,pairs>1'));
    expect(results.map((r) => [r.metric, r.value, r.failed])).toEqual([
      ['repeats', 1, true],
      ['duplicates', 1, true],
      ['pairs', 1, false],
    ]);
  });
});
