import type { ProblemCode } from '../types.js';

/** A decoded text; `utf8` is its UTF-8 encoding when the file was UTF-8 (the file's bytes after
 *  any byte order mark), so that it can be stored without encoding it again. */
export type Decoded = { text: string; utf8?: Uint8Array } | { problem: ProblemCode; message: string };

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
 */
export function decodeArticle(bytes: Uint8Array): Decoded {
  for (const [name, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) {
      return { problem: 'BINARY', message: `binary file (${name}), not text` };
    }
  }
  let text: string;
  let utf8: Uint8Array | undefined;
  try {
    if (hasUtf16Mark(bytes)) text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else {
      const nul = bytes.indexOf(0);
      if (nul >= 0) {
        const hint = looksLikeUtf16(bytes) ? ' (UTF-16 without a byte order mark? convert it to UTF-8)' : '';
        return { problem: 'BINARY', message: `binary file: NUL byte at offset ${nul}${hint}` };
      }
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
      utf8 = withoutUtf8Mark(bytes);
    }
  } catch {
    return { problem: 'ENCODING', message: `not valid UTF-8 (at byte ${firstInvalidUtf8(bytes)}); convert it to UTF-8` };
  }
  if (text.indexOf('\0') >= 0) return { problem: 'BINARY', message: 'binary file: contains NUL characters' };
  if (text.trim() === '') return { problem: 'EMPTY', message: bytes.length === 0 ? 'empty file' : 'file holds only whitespace' };
  return { text, utf8 };
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
