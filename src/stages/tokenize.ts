import { hashRange } from '../kernels/hash.js';
import type { NormalizedText, Tokens } from '../types.js';

/**
 * Splits normalized text into word tokens for any script: a token is a run of letters, digits and
 * combining marks; in scripts written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) each
 * character is a token. Tokens carry their original offsets, so every finding can quote its source.
 *
 *   tokenize(normalize('Ayrault’s warning, 2017.')) → ayrault · s · warning · 2017
 */
export function tokenize(normalized: NormalizedText): Tokens {
  const { text, origin } = normalized;
  const n = text.length;
  const hash: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  while (i < n) {
    const kind = charKind(text, i);
    const width = text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (kind === SEPARATOR) {
      i += width;
      continue;
    }
    const from = i;
    i += width;
    if (kind === WORD) {
      while (i < n && charKind(text, i) === WORD) i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
    }
    hash.push(hashRange(text, from, i));
    start.push(origin[from]);
    end.push(originalEnd(origin, i - 1, n));
  }
  return {
    count: hash.length,
    hash: Uint32Array.from(hash),
    start: Int32Array.from(start),
    end: Int32Array.from(end),
  };
}

/** Original end offset of the character that produced normalized unit `last`. */
function originalEnd(origin: Int32Array, last: number, n: number): number {
  const from = origin[last];
  for (let k = last + 1; k <= n; k++) if (origin[k] > from) return origin[k];
  return origin[n];
}

const SEPARATOR = 0;
const WORD = 1;
const SINGLE = 2;

const LETTER = /^[\p{L}\p{N}\p{M}]/u;
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function charKind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) ? WORD : SEPARATOR;
  }
  const ch = text.slice(i, i + 2);
  if (!LETTER.test(ch)) return SEPARATOR;
  return UNSPACED.test(ch) ? SINGLE : WORD;
}
