import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReport, scanArticlesParallel, scanTexts, type Article, type Report } from '../src/index.js';
import { buildReport } from '../src/report/build-report.js';
import { normalize } from '../src/stages/normalize.js';
import { sign } from '../src/stages/sign.js';
import { tokenize } from '../src/stages/tokenize.js';
import { VERSION } from '../src/version.js';

/**
 * Invariants of the engine, checked on generated input (fast-check shrinks any failure to a
 * small counterexample).
 */

/** 240 made-up words: random sentences built from them share no shingle by accident. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'da', 'pe', 'gu', 'bi', 'fo', 'ha'];
const VOCABULARY = SYLLABLES.flatMap((x, i) => SYLLABLES.map((y, j) => (i * 7 + j) % 4 === 0 ? `${x}${y}n` : `${x}${y}`)).slice(0, 240);
/** Pieces that make offsets hard: astral characters, combining marks, right-to-left and CJK
 *  text, compatibility forms, zero-width characters. */
const EXOTIC = ['😀', '𝔘𝔫𝔦', 'naïve', 'cafe\u0301', 'مرحبا', 'سلام', '中文字', 'Ωμέγα', 'Ｆｕｌｌ', 'zero\u200bwidth', '“quoted”', '—', 'ﬁne'];

const word = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...VOCABULARY) }, { weight: 1, arbitrary: fc.constantFrom(...EXOTIC) });
const plainSentence = fc
  .array(fc.constantFrom(...VOCABULARY), { minLength: 8, maxLength: 24 })
  .map((words) => `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`);
const sentence = fc.array(word, { minLength: 8, maxLength: 24 }).map((words) => `${words.join(' ')}.`);
const separator = fc.constantFrom(' ', '\n', '\r\n', '\n\n', '\r\n\r\n');

/** A small corpus: articles made of sentences drawn from one shared pool, so that they copy. */
const corpus = fc
  .tuple(fc.array(sentence, { minLength: 2, maxLength: 6 }), fc.integer({ min: 2, max: 5 }), separator)
  .chain(([pool, count, sep]) =>
    fc.array(fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 1, maxLength: 5 }), { minLength: count, maxLength: count })
      .map((picks) => picks.map((pick, i): Article => ({ id: `article-${i}.txt`, path: `article-${i}.txt`, text: pick.map((p) => pool[p]).join(sep) }))),
  );

function json(report: Report): string {
  return formatReport(report, 'json');
}

function codePointSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

describe('normalize', () => {
  const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: anyUnit, maxLength: 200 }),
    fc.array(fc.constantFrom(...EXOTIC, ...VOCABULARY.slice(0, 5), ' ', '\t', '\r\n', '\u00a0', '\u0301', 'ﬀ', 'Å', 'ß', 'İ'), { maxLength: 60 }).map((parts) => parts.join('')),
  );

  it('normalizing twice changes nothing', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = normalize(s).text;
        expect(normalize(once).text).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('every normalized character maps back to an offset of the original, in order', () => {
    fc.assert(
      fc.property(text, (s) => {
        const { text: t, origin } = normalize(s);
        expect(origin.length).toBe(t.length + 1);
        expect(origin[t.length]).toBe(s.length);
        for (let i = 0; i < t.length; i++) {
          expect(origin[i]).toBeGreaterThanOrEqual(0);
          expect(origin[i]).toBeLessThanOrEqual(origin[i + 1]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a transient normalize and tokenize give what normalize and tokenize give, however long the texts before them', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        for (const s of texts) {
          const owned = normalize(s);
          const transient = normalize(s, true);
          expect(transient.text).toBe(owned.text);
          expect([...transient.origin]).toEqual([...owned.origin]);
          // Transient tokens (the tokenizer's scratch) are the tokens, until the next call.
          const tokens = tokenize(owned);
          const scratch = tokenize(normalize(s, true), true);
          expect([scratch.count, [...scratch.hash], [...scratch.start], [...scratch.end]]).toEqual([tokens.count, [...tokens.hash], [...tokens.start], [...tokens.end]]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('matching', () => {
  it('every article matches itself fully', () => {
    fc.assert(
      fc.property(fc.array(plainSentence, { minLength: 1, maxLength: 8 }), separator, (sentences, sep) => {
        const text = sentences.join(sep);
        // A trailing line break keeps the texts apart, so the engine really aligns them (exact
        // copies are collapsed before analysis).
        const report = scanTexts([
          { id: 'a', path: 'a', text },
          { id: 'b', path: 'b', text: `${text}\n` },
        ]);
        expect(report.pairs).toHaveLength(1);
        expect(report.pairs[0]).toMatchObject({ a: 'a', b: 'b', relation: 'duplicate' });
        // Every character from the first word to the last stands in the other article.
        for (const a of report.articles) expect(a.reusedChars).toBe(text.length - 1);
        expect(report.articles[1].duplicateOf).toBe('a');
      }),
      { numRuns: 150 },
    );
  });

  it('identical articles always become one duplicate group, whatever their text', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).filter((t) => t.trim() !== '' && !t.startsWith('---'));
    fc.assert(
      fc.property(
        text,
        fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 100, max: 199 }), fc.array(plainSentence, { minLength: 1, maxLength: 3 })), { maxLength: 3 }),
        (same, copyIds, others) => {
          const articles: Article[] = [
            ...copyIds.map((n) => ({ id: `copy-${n}`, path: `copy-${n}`, text: same })),
            ...others.map(([n, s]) => ({ id: `other-${n}`, path: `other-${n}`, text: s.join(' ') })),
          ];
          const report = scanTexts(articles);
          const copies = report.articles.filter((a) => a.id.startsWith('copy-'));
          expect(new Set(copies.map((a) => a.duplicateOf ?? a.id)).size).toBe(1);
          expect(copies.filter((a) => a.duplicateOf === null).length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('MinHash similarity estimates stay within their statistical error of the exact Jaccard', () => {
    // The estimate counts agreeing values among k; for sets with fewer than k shingles between
    // them the one-permutation bins are mostly borrowed, so the effective sample is
    // min(k, |A ∪ B|). Standard error sqrt(J(1 − J) / n) (Broder 1997); 5.5 standard errors
    // (floored at one value in n) are exceeded with probability far below 1e-6 per case.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(16, 64, 128, 256),
        fc.integer({ min: 0, max: 0xffffffff }),
        (values, cut1, cut2, k, seed) => {
          const [lo, hi] = [Math.min(cut1, cut2, values.length), Math.min(Math.max(cut1, cut2), values.length)];
          // A = values[0, hi), B = values[lo, end): they share values[lo, hi).
          const a = Uint32Array.from(values.slice(0, hi)).sort();
          const b = Uint32Array.from(values.slice(lo)).sort();
          if (a.length === 0 || b.length === 0) return;
          const inter = hi - lo;
          const union = a.length + b.length - inter;
          const exact = inter / union;
          const shingles = { offset: Int32Array.from([0, a.length, a.length + b.length]), values: new Uint32Array([...a, ...b]) };
          const { values: sig } = sign(shingles, k, seed);
          let same = 0;
          for (let j = 0; j < k; j++) if (sig[j] === sig[k + j]) same++;
          const n = Math.min(k, union);
          const error = Math.sqrt(Math.max(exact * (1 - exact), 1 / n) / n);
          expect(Math.abs(same / k - exact)).toBeLessThanOrEqual(5.5 * error);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('determinism and offsets', () => {
  it('output bytes do not depend on input order', () => {
    fc.assert(
      fc.property(corpus, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (articles, seed) => {
        const shuffled = [...articles];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const forward = scanTexts(articles);
        const mixed = scanTexts(shuffled);
        expect(json(mixed)).toBe(json(forward));
        expect(formatReport(mixed, 'text', { color: 0, width: 100 })).toBe(formatReport(forward, 'text', { color: 0, width: 100 }));
      }),
      { numRuns: 60 },
    );
  });

  it('output bytes do not depend on the number of worker threads', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, async (articles) => {
        const one = buildReport(await scanArticlesParallel(articles, {}, {}, { workers: 1 }), [], VERSION);
        const two = buildReport(await scanArticlesParallel(articles, {}, {}, { workers: 2 }), [], VERSION);
        expect(json(two)).toBe(json(one));
      }),
      { numRuns: 4 },
    );
  });

  it('offsets always satisfy text.slice(start, end) === member.text in code points', () => {
    fc.assert(
      fc.property(corpus, (articles) => {
        const report = scanTexts(articles);
        const texts = new Map(articles.map((a) => [a.id, a.text]));
        for (const c of report.clusters) {
          for (const m of c.members) {
            expect(m.start).toBeLessThan(m.end);
            expect(codePointSlice(texts.get(m.article)!, m.start, m.end)).toBe(m.text);
          }
        }
        for (const a of report.articles) expect(a.chars).toBe([...texts.get(a.id)!].length);
      }),
      { numRuns: 150 },
    );
  });
});
