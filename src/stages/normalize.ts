import type { NormalizedText } from '../types.js';

/**
 * Folds what varies between outlets but not between copies: Unicode compatibility forms (NFKC),
 * case, quote and dash styles, spacing and invisible characters. Each normalized code unit keeps
 * the original offset of the character it came from. With `transient`, the origin map is only
 * valid until the next transient call (see scratch).
 *
 *   normalize('“Macron’s” — Ａ') → '"macron\'s" - a'
 */
export function normalize(text: string, transient = false): NormalizedText {
  const n = text.length;
  const parts: string[] = [];
  // Folding rarely lengthens text; the map grows when it does. A transient map is scratch kept
  // from call to call (see below).
  let origin: Int32Array = transient ? (scratch.length > n ? scratch : (scratch = new Int32Array(Math.max(n + 1, 2 * scratch.length)))) : new Int32Array(n + 1);
  let length = 0;
  let i = 0;
  NON_ASCII.lastIndex = 0;
  while (i < n) {
    // ASCII runs are folded by the engine's native lower-casing: letters down, control
    // characters and tabs to spaces; each unit maps to itself.
    const hit = NON_ASCII.exec(text);
    const runEnd = hit ? hit.index : n;
    if (runEnd > i) {
      let run = text.slice(i, runEnd).toLowerCase();
      if (CONTROL.test(run)) run = run.replace(CONTROL_ALL, ' ');
      parts.push(run);
      if (length + (runEnd - i) + 1 > origin.length) origin = grow(origin, length + (runEnd - i) + 1);
      for (let k = i; k < runEnd; k++) origin[length++] = k;
      i = runEnd;
    }
    if (i >= n) break;
    // A cluster is one code point plus the combining marks that follow it.
    const c = text.charCodeAt(i);
    const start = i;
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    while (i < n && isCombiningMark(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    const folded = foldCluster(text.slice(start, i));
    parts.push(folded);
    if (length + folded.length + 1 > origin.length) origin = grow(origin, length + folded.length + 1);
    for (let k = 0; k < folded.length; k++) origin[length++] = start;
    NON_ASCII.lastIndex = i;
  }
  origin[length] = n;
  if (transient) {
    scratch = origin;
    const view = origin.subarray(0, length + 1);
    // A very long text's map is not kept for the next one.
    if (scratch.length > SCRATCH_LIMIT) scratch = new Int32Array(0);
    return { text: parts.join(''), origin: view };
  }
  return { text: parts.join(''), origin: length + 1 === origin.length ? origin : origin.slice(0, length + 1) };
}

/**
 * The origin map of the last transient normalize: a caller that tokenizes the text at once and
 * keeps nothing of the map (the per-article stages, tokenizing again for alignment) asks for one,
 * and no map of 4 bytes a character is made per article. Those maps were most of the memory
 * outside the JavaScript heap that a scan's main thread allocated while tokenizing again (20 KB
 * for a 5 KB article), and V8 ran full collections for it (6 of 190 ms while tokenizing again at
 * 100,000 articles).
 */
let scratch: Int32Array = new Int32Array(0);

/** Code units past which a transient map is not kept (4 MB). */
const SCRATCH_LIMIT = 1 << 20;

const NON_ASCII = /[^\x00-\x7f]/g;
const CONTROL = /[\x00-\x09\x0b-\x1f]/;
const CONTROL_ALL = /[\x00-\x09\x0b-\x1f]/g;

function grow(origin: Int32Array, atLeast: number): Int32Array {
  const o = new Int32Array(Math.max(atLeast, origin.length * 2));
  o.set(origin);
  return o;
}

const COMBINING = /^\p{M}/u;

function isCombiningMark(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x0300) return false;
  return COMBINING.test(text.slice(i, i + 2));
}

const cache = new Map<string, string>();

/** Folds one cluster to a fixed point, so that normalizing twice changes nothing. */
function foldCluster(cluster: string): string {
  const hit = cache.get(cluster);
  if (hit !== undefined) return hit;
  let current = cluster;
  for (let round = 0; round < 4; round++) {
    const next = foldOnce(current);
    if (next === current) break;
    current = next;
  }
  if (cache.size < 65_536) cache.set(cluster, current);
  return current;
}

function foldOnce(s: string): string {
  let t = s.normalize('NFKC').toLowerCase().normalize('NFKC');
  t = t.replace(QUOTES_SINGLE, "'").replace(QUOTES_DOUBLE, '"').replace(DASHES, '-');
  t = t.replace(INVISIBLE, '').replace(SPACES, ' ');
  return t;
}

const QUOTES_SINGLE = /[\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u0060\u00b4]/g;
const QUOTES_DOUBLE = /[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u300c\u300d\u300e\u300f]/g;
const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029]/gu;
