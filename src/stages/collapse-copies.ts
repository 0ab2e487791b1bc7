import { sampleHash } from '../kernels/hash.js';
import type { Article } from '../types.js';
import { storedBytes, storedFacts } from '../kernels/stored-text.js';

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
  // Texts kept as UTF-8 (see stored-text) are compared by the facts kept with them and then as
  // bytes, without decoding them (equal texts have equal bytes), and read again from their files
  // only when two fingerprints match. Only when every text is, since the two fingerprints differ.
  const seen = new Map<number, number[]>();
  // A text with copies is read once, not once per copy, when it was let go.
  const compared = new Map<number, Uint8Array>();
  const bytesOfUnique = (u: number): Uint8Array => {
    let bytes = compared.get(u);
    if (!bytes) compared.set(u, (bytes = storedBytes(unique[u])!));
    return bytes;
  };
  const stored = articles.map(storedFacts);
  const facts = stored.every((f) => f !== undefined) ? stored : null;
  articles.forEach((article, i) => {
    const fact = facts?.[i];
    const text = fact ? null : article.text;
    const blank = fact ? fact.blank : text!.trim() === '';
    const key = blank ? 0 : fact ? fact.fingerprint : sampleHash(text!);
    const same = blank ? undefined : seen.get(key);
    const utf8 = same && fact ? storedBytes(article)! : null;
    const known = same?.find((u) => (utf8 ? equalBytes(bytesOfUnique(u), utf8) : unique[u].text === text));
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
    if (utf8) compared.set(unique.length, utf8);
    unique.push(article);
    holders.push([i]);
  });
  return { unique, textOf, holders };
}

function equalBytes(x: Uint8Array, y: Uint8Array): boolean {
  return Buffer.compare(x, y) === 0;
}
