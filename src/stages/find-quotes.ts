import { createRequire } from 'node:module';
import { FNV_OFFSET, FNV_PRIME, fmix32, hashRange } from '../kernels/hash.js';
import { fewestToPass, intersectionAtLeast, lowerBound, SharedValues, sortUnique, sortUniqueRange } from '../kernels/sets.js';
import { UnionFind } from '../kernels/union-find.js';
import type { ArticleAnalysis, Cluster, QuoteStems, Span, Tokens } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { forEachBucket, pairable, type BucketVisitor, type WindowTable } from './find-candidates.js';
import { signQuotesBand } from './sign-quotes.js';

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
 *
 * A scan runs it as quoteUnits → joinQuotes (possibly on a thread of its own) → quoteClusters;
 * stem-quotes does the per-article half.
 */

/** Every compared quote of the corpus in one numbering (a unit) and its stems, in flat arrays. */
export interface QuoteUnits {
  readonly count: number;
  /** Article of each unit, and the index of its quote among the article's quotes. */
  readonly article: Int32Array;
  readonly quote: Int32Array;
  /** The quote's UTF-16 range in its article. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** `stems[offset[u] .. offset[u + 1])` are unit `u`'s sorted stem hashes. */
  readonly offset: Int32Array;
  readonly stems: Uint32Array;
}

export function quoteUnits(quotes: readonly (readonly Quote[])[], quoteStems: readonly QuoteStems[]): QuoteUnits {
  let count = 0;
  let totalStems = 0;
  for (const s of quoteStems) {
    count += s.quote.length;
    totalStems += s.stems.length;
  }
  const article = new Int32Array(count);
  const quote = new Int32Array(count);
  const offset = new Int32Array(count + 1);
  const stems = new Uint32Array(totalStems);
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  let u = 0;
  quoteStems.forEach((s, a) => {
    stems.set(s.stems, offset[u]);
    for (let i = 0; i < s.quote.length; i++, u++) {
      const q = quotes[a][s.quote[i]];
      article[u] = a;
      quote[u] = s.quote[i];
      first[u] = q.start;
      last[u] = q.end;
      offset[u + 1] = offset[u] + (s.offset[i + 1] - s.offset[i]);
    }
  });
  return { count, article, quote, first, last, offset, stems };
}

/** Which units are one quote: each unit's group (the lowest unit of it) and, for each group (at
 *  that unit), the lowest similarity of the pairs that joined it. */
export interface QuoteJoin {
  readonly group: Int32Array;
  readonly lowest: Float64Array;
}

/**
 * The numeric core of the quote channel, candidates by LSH and their verification: it needs only
 * the flat arrays of `QuoteUnits`, so a scan can run it on another thread while the copy channel
 * runs. The result does not depend on the order pairs are visited in.
 */
export function joinQuotes(units: QuoteUnits, options: Omit<QuoteChannelOptions, 'minPassageTokens'>): QuoteJoin {
  const { count, offset, stems } = units;
  const group = new Int32Array(count);
  const lowest = new Float64Array(count).fill(1);
  if (count < 2) {
    for (let i = 0; i < count; i++) group[i] = i;
    return { group, lowest };
  }
  const table: WindowTable = {
    count,
    article: units.article,
    local: Int32Array.from({ length: count }, (_, i) => i),
    first: units.first,
    last: units.last,
    signatures: new Uint32Array(0),
    numHashes: options.numHashes,
    // A band's keys are made when banding reaches it, not all held from the start.
    bandKeys: (band, keys, skipped) => signQuotesBand(offset, stems, count, band, options, keys, skipped),
  };
  const sets = new UnionFind(count);
  // The lowest similarity of a pair joined in each set, kept at its root: a set's lowest is that
  // of the two it was made of and the pair that joined them, whatever order pairs come in.
  const low = new Float64Array(count).fill(1);
  // Units x and y, with `similarity(a, b)` of the lower and the higher: joined when it is not -1.
  const verify = (x: number, y: number, similarity: (a: number, b: number) => number): void => {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    if (!pairable(table, a, b)) return;
    const jaccard = similarity(a, b);
    if (jaccard < 0) return;
    const least = Math.min(low[sets.find(a)], low[sets.find(b)], Math.round(jaccard * 1e4) / 1e4);
    sets.union(a, b);
    low[sets.find(a)] = least;
  };
  const shared = new SharedValues();
  const verifyShared = (x: number, y: number, inter: number): void =>
    verify(x, y, (a, b) => quoteSimilarity(inter, offset[a + 1] - offset[a], offset[b + 1] - offset[b], options));
  const intersect = (a: number, b: number): number => sameQuote(stems, offset, a, b, options);
  // Pairs are verified as the buckets give them: union and the lowest similarity per group do not
  // depend on order or repetition, and the quote channel's low LSH knee proposes many pairs (87
  // million for 100,000 generated articles, 2 % of them one quote), which need not be held and
  // sorted. A bucket's pairs are counted together (SharedValues) past a few members.
  const visitor: BucketVisitor = {
    bucket(members, from, to) {
      if (to - from > PAIRWISE_BUCKET) shared.forEachPair(stems, offset, members, from, to, options.quoteMinStems, verifyShared);
      else for (let i = from; i < to; i++) for (let j = i + 1; j < to; j++) visitor.pair(members[i], members[j]);
    },
    pair(x, y) {
      verify(x, y, intersect);
    },
  };
  forEachBucket(table, options.quoteBands, options.quoteRows, options.maxBucketSize, visitor);
  // Each group is named by its lowest unit, whatever root the union-find chose.
  const rootGroup = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const root = sets.find(i);
    if (rootGroup[root] === -1) {
      rootGroup[root] = i;
      lowest[i] = low[root];
    }
    group[i] = rootGroup[root];
  }
  return { group, lowest };
}

/**
 * The quote channel's verification of units `x` and `y` (see the quote channel above): the exact Jaccard of
 * their stem sets when they are one quote, else -1.
 */
export function sameQuote(
  stems: Uint32Array,
  offset: Int32Array,
  x: number,
  y: number,
  options: Pick<QuoteChannelOptions, 'quoteMinStems' | 'quoteVerifyThreshold' | 'quoteContainmentThreshold'>,
): number {
  const sizeX = offset[x + 1] - offset[x];
  const sizeY = offset[y + 1] - offset[y];
  const inter = intersectionAtLeast(stems, offset[x], offset[x + 1], stems, offset[y], offset[y + 1], fewestStems(sizeX, sizeY, options));
  return inter < 0 ? -1 : quoteSimilarity(inter, sizeX, sizeY, options);
}

/** sameQuote of two units of these sizes that share `inter` stems. */
function quoteSimilarity(
  inter: number,
  sizeX: number,
  sizeY: number,
  options: Pick<QuoteChannelOptions, 'quoteMinStems' | 'quoteVerifyThreshold' | 'quoteContainmentThreshold'>,
): number {
  if (inter < fewestStems(sizeX, sizeY, options)) return -1;
  const jaccard = inter / (sizeX + sizeY - inter);
  const containment = inter / Math.min(sizeX, sizeY);
  return jaccard >= options.quoteVerifyThreshold || containment >= options.quoteContainmentThreshold ? jaccard : -1;
}

/** The fewest stems two units of these sizes must share to be one quote. */
function fewestStems(
  sizeX: number,
  sizeY: number,
  options: Pick<QuoteChannelOptions, 'quoteMinStems' | 'quoteVerifyThreshold' | 'quoteContainmentThreshold'>,
): number {
  return Math.max(options.quoteMinStems, fewestToPass(sizeX, sizeY, options.quoteVerifyThreshold, options.quoteContainmentThreshold));
}

/** Buckets of at most this many quotes have each pair intersected; larger ones are counted by
 *  stem (see SharedValues). */
const PAIRWISE_BUCKET = 4;

/** Quote clusters from joined units: groups that span two articles or more and name a speaker. */
export function quoteClusters(
  units: Pick<QuoteUnits, 'count' | 'article' | 'quote'>,
  join: QuoteJoin,
  quotes: readonly (readonly Quote[])[],
  analyses: readonly ArticleAnalysis[],
): Cluster[] {
  const quoteOf = (unit: number): Quote => quotes[units.article[unit]][units.quote[unit]];
  const groups = new Map<number, number[]>();
  for (let i = 0; i < units.count; i++) {
    const list = groups.get(join.group[i]);
    if (list) list.push(i);
    else groups.set(join.group[i], [i]);
  }
  const clusters: Cluster[] = [];
  for (const [g, members] of groups) {
    if (units.article[members[0]] === units.article[members[members.length - 1]]) continue;
    const speaker = speakerOf(members.map((m) => quoteOf(m).speaker));
    // Words in quote marks that no article attributes to anyone stay with the copy channel.
    if (speaker === null) continue;
    const spans = members
      .map((m) => spanOf(analyses[units.article[m]], units.article[m], quoteOf(m), units.quote[m]))
      .sort((x, y) => x.article - y.article || x.start - y.start || x.end - y.end);
    clusters.push({ kind: 'quote', similarity: join.lowest[g], members: spans, speaker });
  }
  return clusters;
}

// natural's own index loads every module it has (and logs on load); these two files are all the
// quote channel needs.
const require = createRequire(import.meta.url);
const PorterStemmer: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer.js');
const stopwords: { words: string[] } = require('natural/lib/natural/util/stopwords.js');

const STOP = new Set<string>([...stopwords.words, 's', 't', 'd', 'll', 're', 've', 'm', 'way', 'also', 'said']);

const WORDS = /[\p{L}\p{N}]+/gu;

/** Word → hash of its stem. News vocabulary is Zipfian, so most words of a quote were stemmed
 *  before (the Porter stemmer was a tenth of a scan's time); the bound keeps a long run's memory flat. */
const stemHashes = new Map<string, number>();
const MAX_CACHED_STEMS = 200_000;

/**
 * Sorted, unique hashes of the stemmed content words of a quote.
 *
 *   "We will not accept any interference whatsoever" → accept · interfer · whatsoev
 */
export function stemSet(text: string): Uint32Array {
  return stemRange(text, 0, text.length).stems;
}

/**
 * stemSet of `text[start, end)`, and the number of words there (letters and digits, before stop
 * words are dropped). ASCII text, most English quotes, takes a path that neither slices the text
 * nor makes a string per word: words are hashed as they are scanned and looked up in a table of
 * words seen before (compared character by character, so a hash collision cannot mix two words).
 */
export function stemRange(text: string, start: number, end: number): { words: number; stems: Uint32Array } {
  const ascii = asciiStems(text, start, end);
  if (ascii !== null) return ascii;
  const inside = text.slice(start, end);
  let words = 0;
  WORDS.lastIndex = 0;
  while (WORDS.exec(inside) !== null) words++;
  const out: number[] = [];
  for (const w of inside.normalize('NFKC').toLowerCase().match(WORDS) ?? []) {
    if (STOP.has(w)) continue;
    let hash = stemHashes.get(w);
    if (hash === undefined) {
      hash = stemHash(w);
      if (stemHashes.size >= MAX_CACHED_STEMS) stemHashes.clear();
      stemHashes.set(w, hash);
    }
    out.push(hash);
  }
  const values = Uint32Array.from(out);
  return { words, stems: values.subarray(0, sortUnique(values)) };
}

function stemHash(word: string): number {
  const stem = /^[a-z]+$/.test(word) ? PorterStemmer.stem(word) : word;
  return fmix32(hashRange(stem, 0, stem.length));
}

/**
 * The ASCII path's table of words seen: open addressing on the FNV-1a hash of the lower-cased word.
 * Each slot is four numbers side by side (that hash, a second hash of the word, its stem hash, and
 * flags with the word's length), so a probe reads one place and no string: a slot that kept the word
 * and compared it character by character cost three cache misses a word (the slot, the list of words,
 * the word), and the stemming of quotes took four times as long in a scan as alone. Two words are
 * taken for one when both 32-bit hashes and the length agree: some 2^-64 for two given words, far
 * less than the chance that two stems share the 32-bit stem hash the quote channel compares.
 * The table starts small and doubles at half full, so it stays the size of the vocabulary met (a
 * table of 2^19 slots from the start spread every lookup over 8 MB: a cache miss per word).
 */
const FIRST_SLOTS = 1 << 12;
const MAX_SLOTS = 1 << 19; // twice MAX_CACHED_STEMS and more: probes stay short
const SLOT = 4;
const USED = 1;
const STOP_WORD = 2;
/** flags >>> LENGTH_SHIFT is the word's length. */
const LENGTH_SHIFT = 2;
let slots = FIRST_SLOTS;
let slotMeta = new Uint32Array(SLOT * slots);
let slotsFilled = 0;
let scratch = new Uint32Array(256);

function asciiStems(text: string, start: number, end: number): { words: number; stems: Uint32Array } | null {
  let words = 0;
  let n = 0;
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) return null;
    if (!isAsciiWordChar(c)) {
      i++;
      continue;
    }
    const from = i;
    let h = FNV_OFFSET;
    let second = SECOND_SEED;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c >= 0x80) return null;
      if (!isAsciiWordChar(c)) break;
      const lower = c >= 65 && c <= 90 ? c + 32 : c;
      h = Math.imul(h ^ lower, FNV_PRIME);
      second = Math.imul(second + lower, SECOND_PRIME) ^ (second >>> 15);
      i++;
    }
    words++;
    const at = SLOT * lookup(text, from, i, h >>> 0, second >>> 0);
    if ((slotMeta[at + 3] & STOP_WORD) !== 0) continue;
    if (n === scratch.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[n++] = slotMeta[at + 2];
  }
  return { words, stems: scratch.slice(0, sortUniqueRange(scratch, 0, n)) };
}

/** The second hash of a word: a multiply-and-shift mix unlike FNV-1a's. */
const SECOND_SEED = 0x2545f491;
const SECOND_PRIME = 0x5bd1e995;

function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** The slot of the lower-cased word `text[from, to)` (hashes `hash` and `second`), filled (stop
 *  word or stem hash) on first sight. */
function lookup(text: string, from: number, to: number, hash: number, second: number): number {
  let slot = fmix32(hash) & (slots - 1);
  for (let at = SLOT * slot; (slotMeta[at + 3] & USED) !== 0; at = SLOT * slot) {
    if (slotMeta[at] === hash && slotMeta[at + 1] === second && slotMeta[at + 3] >>> LENGTH_SHIFT === to - from) return slot;
    slot = (slot + 1) & (slots - 1);
  }
  if (slotsFilled >= MAX_CACHED_STEMS) {
    resize(FIRST_SLOTS, false);
    slot = fmix32(hash) & (slots - 1);
  } else if (2 * (slotsFilled + 1) > slots && slots < MAX_SLOTS) {
    resize(2 * slots, true);
    slot = fmix32(hash) & (slots - 1);
    while ((slotMeta[SLOT * slot + 3] & USED) !== 0) slot = (slot + 1) & (slots - 1);
  }
  const word = text.slice(from, to).toLowerCase();
  const stop = STOP.has(word);
  const at = SLOT * slot;
  slotMeta[at] = hash;
  slotMeta[at + 1] = second;
  slotMeta[at + 2] = stop ? 0 : stemHash(word);
  slotMeta[at + 3] = (((to - from) << LENGTH_SHIFT) | USED | (stop ? STOP_WORD : 0)) >>> 0;
  slotsFilled++;
  return slot;
}

/** A table of `size` slots, with the words seen so far moved in (`keep`) or emptied. */
function resize(size: number, keep: boolean): void {
  const old = slotMeta;
  const oldSlots = slots;
  slots = size;
  slotMeta = new Uint32Array(SLOT * size);
  slotsFilled = 0;
  if (!keep) return;
  for (let from = 0; from < oldSlots; from++) {
    if ((old[SLOT * from + 3] & USED) === 0) continue;
    let slot = fmix32(old[SLOT * from]) & (size - 1);
    while ((slotMeta[SLOT * slot + 3] & USED) !== 0) slot = (slot + 1) & (size - 1);
    slotMeta.set(old.subarray(SLOT * from, SLOT * from + SLOT), SLOT * slot);
    slotsFilled++;
  }
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

function spanOf(analysis: ArticleAnalysis, article: number, quote: Quote, q: number): Span {
  const known = analysis.quoteTokens;
  const [firstToken, lastToken] = known ? [known[2 * q], known[2 * q + 1]] : quoteTokenRange(analysis.tokens, quote);
  return { article, firstToken, lastToken, start: quote.start, end: quote.end };
}

/** Each quote's token range `[first, last)`, flat (see ArticleAnalysis.quoteTokens). */
export function quoteTokenRanges(tokens: Tokens, quotes: readonly Quote[]): Int32Array {
  const out = new Int32Array(2 * quotes.length);
  quotes.forEach((quote, q) => out.set(quoteTokenRange(tokens, quote), 2 * q));
  return out;
}

/** The tokens that end after the quote starts and start before it ends. */
function quoteTokenRange(tokens: Tokens, quote: Quote): [number, number] {
  const { start, end, count } = tokens;
  // The first token ending after the quote starts (offsets are integers).
  const first = lowerBound(end.subarray(0, count), quote.start + 1);
  let last = first;
  while (last < count && start[last] < quote.end) last++;
  return [first, last];
}
