import { createRequire } from 'node:module';
import { fmix32, hashRange, seedStream } from '../kernels/hash.js';
import { minhashInto } from '../kernels/minhash.js';
import { intersectionSize, sortUnique } from '../kernels/sets.js';
import { UnionFind } from '../kernels/union-find.js';
import type { ArticleAnalysis, Cluster, Span } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { findCandidates, type WindowTable } from './find-candidates.js';

export interface QuoteChannelOptions {
  numHashes: number;
  seed: number;
  quoteBands: number;
  quoteRows: number;
  quoteVerifyThreshold: number;
  quoteContainmentThreshold: number;
  quoteMinStems: number;
  /** Quotes shorter than this many words are not reported (the copy channel's shortest passage). */
  minPassageTokens: number;
  maxBucketSize: number;
}

/**
 * The quote channel: finds the same quoted speech across articles even when outlets translate it
 * differently. Word n-grams fail here — "whether by Russia or any other state" and "no more from
 * Russia, by the way, than from any other state" share almost no 5-grams (Jaccard 0.1–0.5) — so
 * each quote becomes the set of its stemmed content words (Porter stems, stop words dropped),
 * which translations of one sentence mostly share. MinHash + LSH with a low knee proposes pairs;
 * each is verified on the exact stem sets: Jaccard ≥ `quoteVerifyThreshold`, or ≥
 * `quoteContainmentThreshold` of the shorter quote's stems found in the longer one (a quote cut
 * short), and never fewer than `quoteMinStems` shared stems, so two unrelated quotes on one topic
 * do not merge. Quotes found in only one article form no cluster (that is a repeat), nor do quotes
 * no article attributes to a speaker (they stay with the copy channel).
 */
export function findQuotes(quotes: readonly (readonly Quote[])[], analyses: readonly ArticleAnalysis[], options: QuoteChannelOptions): Cluster[] {
  const units: { article: number; quote: Quote; stems: Uint32Array }[] = [];
  quotes.forEach((list, article) => {
    const text = analyses[article].article.text;
    for (const quote of list) {
      const words = text.slice(quote.start, quote.end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
      if (words < options.minPassageTokens) continue;
      const stems = stemSet(text.slice(quote.start, quote.end));
      if (stems.length >= options.quoteMinStems) units.push({ article, quote, stems });
    }
  });
  if (units.length < 2) return [];

  const k = options.numHashes;
  const salts = seedStream((options.seed ^ QUOTE_SALT) >>> 0, k);
  const signatures = new Uint32Array(units.length * k);
  const table: WindowTable = {
    count: units.length,
    article: Int32Array.from(units, (u) => u.article),
    local: Int32Array.from(units, (_, i) => i),
    first: Int32Array.from(units, (u) => u.quote.start),
    last: Int32Array.from(units, (u) => u.quote.end),
    signatures,
    numHashes: k,
  };
  units.forEach((u, i) => minhashInto(u.stems, 0, u.stems.length, salts, signatures, i * k));
  const candidates = findCandidates(table, options.quoteBands, options.quoteRows, options.maxBucketSize);

  const sets = new UnionFind(units.length);
  const lowest = new Float64Array(units.length).fill(1);
  const joins: [number, number, number][] = [];
  for (let c = 0; c < candidates.a.length; c++) {
    const x = units[candidates.a[c]];
    const y = units[candidates.b[c]];
    const inter = intersectionSize(x.stems, 0, x.stems.length, y.stems, 0, y.stems.length);
    if (inter < options.quoteMinStems) continue;
    const jaccard = inter / (x.stems.length + y.stems.length - inter);
    const containment = inter / Math.min(x.stems.length, y.stems.length);
    if (jaccard >= options.quoteVerifyThreshold || containment >= options.quoteContainmentThreshold) {
      joins.push([candidates.a[c], candidates.b[c], Math.round(jaccard * 1e4) / 1e4]);
      sets.union(candidates.a[c], candidates.b[c]);
    }
  }
  for (const [a, , similarity] of joins) {
    const root = sets.find(a);
    lowest[root] = Math.min(lowest[root], similarity);
  }

  const groups = new Map<number, number[]>();
  for (let i = 0; i < units.length; i++) {
    const root = sets.find(i);
    const list = groups.get(root);
    if (list) list.push(i);
    else groups.set(root, [i]);
  }
  const clusters: Cluster[] = [];
  for (const [root, members] of groups) {
    if (new Set(members.map((m) => units[m].article)).size < 2) continue;
    const speaker = speakerOf(members.map((m) => units[m].quote.speaker));
    // Words in quote marks that no article attributes to anyone stay with the copy channel.
    if (speaker === null) continue;
    const spans = members
      .map((m) => spanOf(analyses[units[m].article], units[m].article, units[m].quote))
      .sort((x, y) => x.article - y.article || x.start - y.start || x.end - y.end);
    clusters.push({ kind: 'quote', similarity: lowest[root], members: spans, speaker });
  }
  return clusters;
}

// natural's own index loads every module it has (and logs on load); these two files are all the
// quote channel needs.
const require = createRequire(import.meta.url);
const PorterStemmer: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer.js');
const stopwords: { words: string[] } = require('natural/lib/natural/util/stopwords.js');

/** Keeps quote signatures apart from window signatures made with the same seed. */
const QUOTE_SALT = 0x71c0de5;

const STOP = new Set<string>([...stopwords.words, 's', 't', 'd', 'll', 're', 've', 'm', 'way', 'also', 'said']);

/**
 * Sorted, unique hashes of the stemmed content words of a quote.
 *
 *   "We will not accept any interference whatsoever" → accept · interfer · whatsoev
 */
export function stemSet(text: string): Uint32Array {
  const words = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: number[] = [];
  for (const w of words) {
    if (STOP.has(w)) continue;
    const stem = /^[a-z]+$/.test(w) ? PorterStemmer.stem(w) : w;
    out.push(fmix32(hashRange(stem, 0, stem.length)));
  }
  const values = Uint32Array.from(out);
  return values.subarray(0, sortUnique(values));
}

/** The name most members give (by surname, then the fullest spelling); null when none is named. */
export function speakerOf(names: readonly (string | null)[]): string | null {
  const named = names.filter((n): n is string => n !== null);
  if (named.length === 0) return null;
  const surname = (n: string): string => n.split(' ').pop()!.toLowerCase();
  const bySurname = new Map<string, number>();
  for (const n of named) bySurname.set(surname(n), (bySurname.get(surname(n)) ?? 0) + 1);
  const best = [...bySurname.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
  const spellings = new Map<string, number>();
  for (const n of named) if (surname(n) === best) spellings.set(n, (spellings.get(n) ?? 0) + 1);
  return [...spellings.entries()].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length || (x[0] < y[0] ? -1 : 1))[0][0];
}

function spanOf(analysis: ArticleAnalysis, article: number, quote: Quote): Span {
  const { start, end } = analysis.tokens;
  let lo = 0;
  let hi = analysis.tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end[mid] <= quote.start) lo = mid + 1;
    else hi = mid;
  }
  const firstToken = lo;
  let lastToken = firstToken;
  while (lastToken < analysis.tokens.count && start[lastToken] < quote.end) lastToken++;
  return { article, firstToken, lastToken, start: quote.start, end: quote.end };
}
