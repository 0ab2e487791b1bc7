import type { Article } from '../types.js';

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
  // Keys are the article texts themselves: V8 hashes each string once and compares equal-hash keys
  // in full, so two texts are one entry exactly when they are identical.
  const seen = new Map<string, number>();
  articles.forEach((article, i) => {
    const known = article.text.trim() === '' ? undefined : seen.get(article.text);
    if (known !== undefined) {
      textOf[i] = known;
      holders[known].push(i);
      return;
    }
    textOf[i] = unique.length;
    if (article.text.trim() !== '') seen.set(article.text, unique.length);
    unique.push(article);
    holders.push([i]);
  });
  return { unique, textOf, holders };
}
