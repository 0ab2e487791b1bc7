import type { Cluster, Span } from '../types.js';

export interface BoilerplateInput {
  /** Per article: the known outlets it was published by (its own, and those of its exact copies). */
  readonly outlets: readonly (readonly string[])[];
  /** Per article: its number of words (tokens). */
  readonly words: readonly number[];
}

/**
 * A passage stands at the edge of its article when it begins in the article's first quarter of
 * words or ends in its last quarter: where subscription prompts, "Read more" lines, newsletter
 * blurbs and copyright lines sit.
 */
const EDGE = 0.25;
/** Template text is a small part of each article; a passage that makes up more than this share
 *  of one is the article's story (three updates of one report share most of their text). */
const MAX_SHARE = 0.5;

/**
 * Template text is not reuse. A cluster of passages shared across articles (kind `copy`) becomes
 * `boilerplate` when it is an outlet's template: it stands in at least `minArticles` different
 * articles of one known outlet (exact copies of one article count once), and every member lies
 * at the edge of its article (see EDGE) and makes up at most half of it. A footer such as
 *   "Subscribe to the Harbour Gazette for £1 a week. Read more: harbourgazette.example/news"
 * closing three Harbour Gazette stories is boilerplate; the same sentence in two stories, a
 * paragraph in the middle of three, or three updates of one story sharing most of their text stay
 * copies. Quote clusters are left alone. `minArticles` 0 turns the stage off.
 */
export function findBoilerplate(clusters: readonly Cluster[], input: BoilerplateInput, minArticles: number): Cluster[] {
  if (minArticles === 0) return [...clusters];
  return clusters.map((c) => (c.kind === 'copy' && isTemplate(c.members, input, minArticles) ? { ...c, kind: 'boilerplate' } : c));
}

function isTemplate(members: readonly Span[], { outlets, words }: BoilerplateInput, minArticles: number): boolean {
  const byOutlet = new Map<string, Set<number>>();
  for (const m of members) {
    const n = words[m.article];
    const length = m.lastToken - m.firstToken;
    const atEdge = m.firstToken < n * EDGE || m.lastToken > n * (1 - EDGE);
    if (!atEdge || length > n * MAX_SHARE) return false;
    for (const outlet of outlets[m.article]) {
      let seen = byOutlet.get(outlet);
      if (!seen) byOutlet.set(outlet, (seen = new Set()));
      seen.add(m.article);
    }
  }
  for (const seen of byOutlet.values()) if (seen.size >= minArticles) return true;
  return false;
}
