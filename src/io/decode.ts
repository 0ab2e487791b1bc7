import { isUtf8 } from 'node:buffer';
import { isBlankUtf8, type Utf8Text } from '../kernels/stored-text.js';
import type { ProblemCode } from '../types.js';

/**
 * A file's text: decoded (`text`) when the file is UTF-16; when it is UTF-8, checked but not
 * decoded (Utf8Text), as a scan stores it as UTF-8 anyway (see stored-text).
 */
export type Decoded = { text: string } | Utf8Text | { problem: ProblemCode; message: string };

/** The text of a file decodeArticle accepted. */
export function textOf(decoded: { text: string } | Utf8Text): string {
  return 'text' in decoded ? decoded.text : Buffer.from(decoded.utf8.buffer, decoded.utf8.byteOffset, decoded.utf8.length).toString('utf8');
}

const MAGIC: ReadonlyArray<[string, number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['gzip archive', [0x1f, 0x8b]],
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
];

/**
 * Decodes a file's bytes to article text: UTF-8 (a BOM is removed), or UTF-16 when it starts with
 * a UTF-16 BOM. Line ends are kept as they are, so offsets match the file. Binary files, invalid UTF-8 and empty text are
 * reported as problems rather than scanned.
 *
 * UTF-8 is validated and measured (utf16Units), not decoded: decoding every file to check it, then
 * looking through the text for NUL characters, blankness and astral characters cost the main
 * thread 17 µs a 5 KB article, a third of reading one (1.7 s at 100,000 articles); the text is
 * decoded where a stage reads it (see stored-text).
 */
export function decodeArticle(bytes: Uint8Array): Decoded {
  for (const [name, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) {
      return { problem: 'BINARY', message: `binary file (${name}), not text` };
    }
  }
  if (hasUtf16Mark(bytes)) {
    let text: string;
    try {
      text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } catch {
      return { problem: 'ENCODING', message: `not valid UTF-16 (an unpaired surrogate or an odd number of bytes); convert it to UTF-8` };
    }
    if (text.indexOf('\0') >= 0) return { problem: 'BINARY', message: 'binary file: contains NUL characters' };
    if (text.trim() === '') return { problem: 'EMPTY', message: 'file holds only whitespace' };
    return { text };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const hint = looksLikeUtf16(bytes) ? ' (UTF-16 without a byte order mark? convert it to UTF-8)' : '';
    return { problem: 'BINARY', message: `binary file: NUL byte at offset ${nul}${hint}` };
  }
  // Valid UTF-8 encodes U+0000 only as a NUL byte, which was looked for above.
  if (!isUtf8(bytes)) return { problem: 'ENCODING', message: `not valid UTF-8 (at byte ${firstInvalidUtf8(bytes)}); convert it to UTF-8` };
  const utf8 = withoutUtf8Mark(bytes);
  const { units, astral } = utf16Units(utf8);
  const decoded: Utf8Text = { utf8, units, astral };
  if (isBlankUtf8(utf8, () => textOf(decoded))) {
    return { problem: 'EMPTY', message: bytes.length === 0 ? 'empty file' : 'file holds only whitespace' };
  }
  return decoded;
}

/**
 * The length in UTF-16 code units of the text that valid UTF-8 `bytes` encode, and whether it has
 * characters beyond the Basic Multilingual Plane: every byte but a continuation byte starts a
 * character, and a four-byte character takes two units. Read four bytes at a time: a word of
 * ASCII costs one test, another a few bit operations.
 */
export function utf16Units(bytes: Uint8Array): { units: number; astral: boolean } {
  const n = bytes.length;
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  const words = (n - head) >>> 2;
  const tail = head + 4 * words;
  let continuations = 0;
  let fours = 0;
  for (let i = 0; i < head; i++) {
    continuations += continuationBytes(bytes[i]);
    fours += fourByteLeads(bytes[i]);
  }
  // With no whole word, the head may end unaligned (it is then all the bytes).
  const view = words > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + head, words) : NO_WORDS;
  for (let w = 0; w < words; w++) {
    const word = view[w];
    if ((word & 0x80808080) === 0) continue;
    continuations += continuationBytes(word);
    fours += fourByteLeads(word);
  }
  for (let i = tail; i < n; i++) {
    continuations += continuationBytes(bytes[i]);
    fours += fourByteLeads(bytes[i]);
  }
  return { units: n - continuations + fours, astral: fours > 0 };
}

const NO_WORDS = new Uint32Array(0);

/** The bytes of `word` whose top bits are 10, UTF-8's continuation bytes (0 to 4). */
function continuationBytes(word: number): number {
  // 10 becomes 11 and nothing else does: a byte counts when both its top bits are then set.
  const top = (word & 0xc0c0c0c0) ^ 0x40404040;
  return topBitsSet(top & (top << 1));
}

/** The bytes of `word` of 0xf0 or more, UTF-8's first bytes of four-byte characters (0 to 4). */
function fourByteLeads(word: number): number {
  return topBitsSet(word & (word << 1) & (word << 2) & (word << 3));
}

/** How many bytes of `word` have their top bit set. */
function topBitsSet(word: number): number {
  return Math.imul(((word & 0x80808080) >>> 7), 0x01010101) >>> 24;
}

/** The bytes start with a UTF-16 byte order mark (little- or big-endian): decodeArticle reads them as UTF-16. */
export function hasUtf16Mark(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** UTF-8 bytes without their byte order mark, if they start with one: the text decodeArticle stores. */
export function withoutUtf8Mark(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}

/** ASCII-range text in UTF-16 has a NUL in every other byte: "H\0i\0" (LE) or "\0H\0i" (BE). */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) >= 0.4 * (n / 2) && Math.min(even, odd) <= 0.05 * (n / 2);
}
