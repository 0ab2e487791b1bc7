import { FNV_OFFSET, FNV_PRIME } from '../kernels/hash.js';
import type { Article } from '../types.js';
import { storedBytes } from '../kernels/stored-text.js';

/** Articles grouped by identical text: the engine analyzes each text once. */
export interface Copies {
  /** The first article (in the given order) of each distinct text. */
  readonly unique: readonly Article[];
  /** For each given article, the index of its text in `unique`. */
  readonly textOf: Int32Array;
  /** For each distinct text, the indexes of every given article that holds it, ascending;
   *  `holders[u][0]` is the article in `unique[u]`. */
  readonly holders: readonly (readonly number[])[];
}

/**
 * Collapses exact copies before anything is analyzed. A wire story mirrored by 10 000 sites would
 * otherwise give 10 000 identical signatures per window, buckets that must be capped, and a
 * cluster whose every two members make an article pair (50 million of them); collapsed, it costs
 * one analysis and the copies are added back by `expandCopies` in linear time.
 * Blank texts are never collapsed: they hold nothing to be a copy of.
 */
export function collapseCopies(articles: readonly Article[]): Copies {
  const unique: Article[] = [];
  const holders: number[][] = [];
  const textOf = new Int32Array(articles.length);
  // Distinct texts by a fingerprint of their length and a few sampled characters, each compared in
  // full only with the texts of the same fingerprint: a Map keyed by the texts themselves would
  // hash every character of the corpus (1 GB at 100,000 articles) to find a few copies.
  // Texts kept as UTF-8 (see stored-text) are compared as bytes, without decoding them; equal
  // texts have equal bytes. Only when every text is, since the two fingerprints differ.
  const seen = new Map<number, number[]>();
  const stored = articles.map(storedBytes);
  const bytes = stored.every((b) => b !== undefined) ? stored : null;
  const uniqueBytes: Uint8Array[] = [];
  articles.forEach((article, i) => {
    const utf8 = bytes?.[i];
    const text = utf8 ? null : article.text;
    const blank = utf8 ? isBlank(utf8, article) : text!.trim() === '';
    const key = blank ? 0 : utf8 ? fingerprintBytes(utf8) : fingerprint(text!);
    const same = blank ? undefined : seen.get(key);
    const known = same?.find((u) => (utf8 ? equalBytes(uniqueBytes[u], utf8) : unique[u].text === text));
    if (known !== undefined) {
      textOf[i] = known;
      holders[known].push(i);
      return;
    }
    textOf[i] = unique.length;
    if (!blank) {
      if (same) same.push(unique.length);
      else seen.set(key, [unique.length]);
    }
    unique.push(article);
    if (utf8) uniqueBytes.push(utf8);
    holders.push([i]);
  });
  return { unique, textOf, holders };
}

/** Characters sampled per text: enough to tell articles apart, few enough to cost nothing. */
const SAMPLES = 64;

/** FNV-1a over the text's length and SAMPLES characters spread evenly over it. */
function fingerprint(text: string): number {
  const n = text.length;
  const step = Math.max(1, Math.floor(n / SAMPLES));
  let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** fingerprint over UTF-8 bytes: the byte length and SAMPLES bytes spread evenly over them. */
function fingerprintBytes(bytes: Uint8Array): number {
  const n = bytes.length;
  const step = Math.max(1, Math.floor(n / SAMPLES));
  let h = Math.imul(FNV_OFFSET ^ n, FNV_PRIME);
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h >>> 0;
}

/** Whether the text is blank (`text.trim() === ''`): decoded only when no byte is a printable ASCII character. */
function isBlank(bytes: Uint8Array, article: Article): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x20 && bytes[i] < 0x7f) return false;
  return article.text.trim() === '';
}

function equalBytes(x: Uint8Array, y: Uint8Array): boolean {
  return Buffer.compare(x, y) === 0;
}
