import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReport, formatReportChunks, scanTexts, type Report } from '../src/index.js';
import { findTitle } from '../src/stages/find-title.js';
import { sampleReport } from './helpers/sample-report.js';

/** The JSON and JSON Lines reports are written in pieces; joined, they must be exactly the whole text. */
describe('formatReportChunks', () => {
  it('joins to JSON.stringify(report, null, 2) plus a newline, for any report-shaped object', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const reportLike = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(value, fc.array(value, { maxLength: 5 })), { maxKeys: 6 });
    fc.assert(
      fc.property(reportLike, (object) => {
        const report = object as unknown as Report;
        expect([...formatReportChunks(report, 'json')].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
      }),
      { numRuns: 300 },
    );
  });

  it('joins to the same text for long lists of small and very large elements, whatever runs they are printed in', () => {
    // Elements from a few bytes to 300 KB, so that the runs grow and shrink (see formatJsonChunks).
    const element = (i: number): unknown =>
      i % 997 === 0 ? { big: 'x'.repeat(300_000), at: i } : i % 7 === 0 ? [i, { nested: [i, 'a\nb'] }] : i % 11 === 0 ? null : { id: `e${i}`, n: i };
    const report = { head: { a: 1 }, list: Array.from({ length: 20_000 }, (_, i) => element(i)), empty: [], tail: [{ b: [] }] } as unknown as Report;
    const pieces = [...formatReportChunks(report, 'json')];
    expect(pieces.join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    // Most pieces fit a writer's block of 1 MB of UTF-8: only the runs around the very large elements do not.
    expect(pieces.filter((p) => p.length > (1 << 20) / 3).length).toBeLessThanOrEqual(2 * 21);
  });

  it('leaves out what JSON.stringify leaves out: undefined fields, and writes null for undefined list items', () => {
    const report = { a: undefined, b: [1, undefined, { c: undefined, d: 'x\ny' }], e: {} } as unknown as Report;
    expect([...formatReportChunks(report, 'json')].join('')).toBe(JSON.stringify(report, null, 2) + '\n');
  });

  it('gives the same text as formatReport for every format, in several pieces for a large report', () => {
    const report = sampleReport();
    for (const format of ['json', 'jsonl', 'csv', 'text', 'dot', 'mermaid'] as const) {
      expect([...formatReportChunks(report, format)].join(''), format).toBe(formatReport(report, format));
    }
    const articles = Array.from({ length: 400 }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}`, path: `a${i}.txt`, text: `Article number ${i} says something of its own about the weather today. `.repeat(3) }));
    const large = scanTexts(articles);
    const pieces = [...formatReportChunks(large, 'json')];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(JSON.stringify(large, null, 2) + '\n');
    expect([...formatReportChunks(large, 'jsonl')].join('')).toBe(formatReport(large, 'jsonl'));
  });
});

describe('findTitle', () => {
  it('is the first line holding more than whitespace, whitespace folded, at most 200 characters', () => {
    const reference = (text: string): string => {
      for (const line of text.split('\n')) {
        const t = line.replace(/\s+/g, ' ').trim();
        if (t) return [...t].slice(0, 200).join('');
      }
      return '';
    };
    const piece = fc.constantFrom('\n', ' ', '\t', '\r', 'a', 'Bé', '😀', '\u2028', 'x'.repeat(150));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        expect(findTitle(parts.join(''))).toBe(reference(parts.join('')));
      }),
    );
  });
});
