import type { NormalizedText, Tokens } from '../types.js';

/**
 * Splits normalized text into word tokens for any script: a token is a run of letters, digits and
 * combining marks; in scripts written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) each
 * character is a token. Tokens carry their original offsets, so every finding can quote its source.
 *
 *   tokenize(normalize('Ayrault’s warning, 2017.')) → ayrault · s · warning · 2017
 */
export function tokenize(normalized: NormalizedText, transient = false): Tokens {
  const { text, origin } = normalized;
  const n = text.length;
  // A token is at least one code unit and tokens are separated or single: n is an upper bound.
  // The arrays are filled in scratch kept from call to call and copied out at their length: fresh
  // ones of n each (60 KB for a 5,000-character article, five times the tokens') were most of the
  // memory a scan's main thread allocated while tokenizing again. A text longer than
  // SCRATCH_LIMIT gets arrays of its own, so that one long file leaves no large arrays behind.
  // Transient tokens are views of the scratch itself, valid until the next call: for a caller that
  // keeps only their count (a lean scan's per-article stages, which shingle and drop them).
  if (n > SCRATCH_LIMIT) return copiedOut(text, origin, arraysFor(n), false);
  if (scratch.hash.length < n) scratch = arraysFor(Math.min(SCRATCH_LIMIT, Math.max(n, 2 * scratch.hash.length)));
  return copiedOut(text, origin, scratch, transient);
}

/** Code units: 12 MB of scratch at most. */
const SCRATCH_LIMIT = 1 << 20;

let scratch = arraysFor(0);

function arraysFor(n: number): { hash: Uint32Array; start: Int32Array; end: Int32Array } {
  return { hash: new Uint32Array(n), start: new Int32Array(n), end: new Int32Array(n) };
}

/** Tokenizes into `arrays` (at least as long as the text) and returns copies of the filled part,
 *  or views of it when `transient`. */
function copiedOut(text: string, origin: Int32Array, { hash, start, end }: { hash: Uint32Array; start: Int32Array; end: Int32Array }, transient: boolean): Tokens {
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = c < 0x80 ? ASCII_KINDS[c] : charKind(text, i, c);
    const width = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    if (kind === SEPARATOR) {
      i += width;
      continue;
    }
    // FNV-1a over the token's code units, as hashRange computes it, fused with the scan.
    let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
    if (width === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
    const from = i;
    i += width;
    if (kind === WORD) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d < 0x80 ? ASCII_KINDS[d] : charKind(text, i, d)) !== WORD) break;
        h = Math.imul(h ^ d, FNV_PRIME);
        if (d >= 0xd800 && d <= 0xdbff) {
          h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
          i += 2;
        } else i++;
      }
    }
    hash[count] = h >>> 0;
    start[count] = origin[from];
    end[count] = originalEnd(origin, i - 1, n);
    count++;
  }
  if (transient) return { count, hash: hash.subarray(0, count), start: start.subarray(0, count), end: end.subarray(0, count) };
  // The three arrays in one buffer: one allocation outside the heap per article, not three.
  const buffer = new ArrayBuffer(12 * count);
  const out = { count, hash: new Uint32Array(buffer, 0, count), start: new Int32Array(buffer, 4 * count, count), end: new Int32Array(buffer, 8 * count, count) };
  out.hash.set(hash.subarray(0, count));
  out.start.set(start.subarray(0, count));
  out.end.set(end.subarray(0, count));
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

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

const ASCII_KINDS = Uint8Array.from({ length: 0x80 }, (_, c) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) ? WORD : SEPARATOR);

/** Kinds of BMP code units, filled on first sight (0 = not yet classified, else kind + 1). */
const bmpKinds = new Uint8Array(0x10000);

function charKind(text: string, i: number, c: number): number {
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) ? WORD : SEPARATOR;
  }
  const surrogate = c >= 0xd800 && c <= 0xdfff;
  if (!surrogate) {
    const known = bmpKinds[c];
    if (known !== 0) return known - 1;
  }
  const ch = text.slice(i, i + 2);
  const kind = !LETTER.test(ch) ? SEPARATOR : UNSPACED.test(ch) ? SINGLE : WORD;
  if (!surrogate) bmpKinds[c] = kind + 1;
  return kind;
}
