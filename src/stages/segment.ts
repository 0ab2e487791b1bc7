import type { Sentences, Tokens } from '../types.js';

/**
 * Splits an article's tokens into sentences by reading the original text between tokens.
 * A sentence ends at terminal punctuation followed by a capital, digit or quote (unless the word
 * before it is an abbreviation such as "Feb." or "U.S."), at a blank line, and at a line break
 * that is not followed by a lower-case continuation (hard-wrapped prose stays one sentence).
 *
 *   "He resigned on Monday. U.S. officials said so.\nNext" → 3 sentences
 */
export function segment(text: string, tokens: Tokens): Sentences {
  const first: number[] = [];
  const last: number[] = [];
  let open = 0;
  for (let t = 0; t + 1 < tokens.count; t++) {
    if (isBoundary(text, tokens, t)) {
      first.push(open);
      last.push(t + 1);
      open = t + 1;
    }
  }
  if (tokens.count > 0) {
    first.push(open);
    last.push(tokens.count);
  }
  return { count: first.length, first: Int32Array.from(first), last: Int32Array.from(last) };
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'prof', 'gen', 'gov', 'sen', 'rep', 'lt', 'col', 'sgt',
  'capt', 'rev', 'hon', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'vs', 'etc', 'inc', 'corp', 'ltd', 'co', 'no', 'approx', 'dept', 'est', 'fig', 'vol', 'mt',
]);

const TERMINAL = /[.!?\u2026\u3002\uff01\uff1f\u061f\u06d4\u0964]/;
const FULL_WIDTH_TERMINAL = /[\u3002\uff01\uff1f]/;

function isBoundary(text: string, tokens: Tokens, t: number): boolean {
  const gapStart = tokens.end[t];
  const gapEnd = tokens.start[t + 1];
  // Most gaps are one space or nothing (unspaced scripts): never a boundary.
  if (gapEnd === gapStart || (gapEnd - gapStart === 1 && text.charCodeAt(gapStart) === 0x20)) return false;
  const gap = text.slice(gapStart, gapEnd);
  const next = text.codePointAt(gapEnd)!;
  const nextChar = String.fromCodePoint(next);
  const nextIsLower = nextChar !== nextChar.toUpperCase() && nextChar === nextChar.toLowerCase();

  const newline = gap.indexOf('\n');
  if (newline >= 0) {
    if (gap.indexOf('\n', newline + 1) >= 0) return true;
    if (!nextIsLower) return true;
    return TERMINAL.test(gap.slice(0, newline));
  }
  if (FULL_WIDTH_TERMINAL.test(gap)) return true;
  if (!TERMINAL.test(gap) || nextIsLower) return false;
  if (gap[0] === '.') {
    const word = text.slice(tokens.start[t], tokens.end[t]);
    if (ABBREVIATIONS.has(word.toLowerCase())) return false;
    // Initials and acronyms written with dots: "U.S.", "J. K. Rowling".
    if (word.length === 1 && word !== word.toLowerCase()) return false;
  }
  return true;
}
