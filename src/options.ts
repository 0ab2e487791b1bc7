import { availableParallelism } from 'node:os';
import { invalidOption } from './errors.js';

/** Every tunable of the engine. Defaults live here and nowhere else. */
export interface Options {
  /** Words per shingle. 3 keeps fuzzy copies (10–20 % of words edited) above the LSH knee at
   *  sentence level, where 5-grams lose too many shingles per edit (see bench/EVAL.md). */
  shingleSize: number;
  /** MinHash values per window. */
  numHashes: number;
  /** Estimated Jaccard similarity at which a window pair becomes a candidate with probability ≈ ½;
   *  bands × rows are derived from it. */
  lshThreshold: number;
  /** Overrides of the derived banding; both or neither. */
  bands: number | null;
  rows: number | null;
  /** Seed of every hash: the same seed gives the same output. */
  seed: number;
  /** Sentences shorter than this many words get no window of their own (too common to mean reuse). */
  minWindowTokens: number;
  /** Sentences longer than this are cut into overlapping windows of half this length. */
  maxWindowTokens: number;
  /** Exact Jaccard of two windows' shingle sets needed to accept a candidate … */
  verifyThreshold: number;
  /** … or the share of the smaller window's shingles found in the larger. */
  containmentThreshold: number;
  /** Words that may separate two verified window pairs and still make one passage. */
  maxGapTokens: number;
  /** A passage shorter than this many words is not reported. */
  minPassageTokens: number;
  /** Both articles share at least this much of their text with the other: "duplicate". */
  duplicateThreshold: number;
  /** One article shares at least this much of its text with the other: "derived". */
  derivedThreshold: number;
  /** Windows kept per LSH bucket; beyond it a bucket is boilerplate-like and is capped (reported). */
  maxBucketSize: number;
  /** Names of wire agencies added to the built-in list (src/wire-agencies.ts), as credits name them. */
  wires: readonly string[];
  /** The quote channel's LSH knee on stemmed content words: translations of one quote share
   *  0.3–0.9 of their stems, so the knee sits lower than the copy channel's. */
  quoteLshThreshold: number;
  /** Exact Jaccard of two quotes' stem sets needed to join them … */
  quoteVerifyThreshold: number;
  /** … or the share of the shorter quote's stems found in the longer (a quote cut short). */
  quoteContainmentThreshold: number;
  /** Quotes with fewer content words are not compared ("unacceptable", scare quotes), and two quotes
   *  must share at least this many. */
  quoteMinStems: number;
  /** A passage at the start or end of this many different articles of one outlet is the outlet's
   *  template text (subscription footers, "Read more" lines, copyright lines), kind `boilerplate`,
   *  not reuse; 0 turns the check off. Three: two stories of one outlet sharing a closing line can
   *  be one follow-up of the other, a third is a pattern (see src/stages/find-boilerplate.ts). */
  boilerplateMinArticles: number;
}

export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze({
  shingleSize: 3,
  numHashes: 64,
  lshThreshold: 0.3,
  bands: null,
  rows: null,
  seed: 0x5eed,
  minWindowTokens: 6,
  maxWindowTokens: 60,
  verifyThreshold: 0.3,
  containmentThreshold: 0.8,
  maxGapTokens: 50,
  minPassageTokens: 8,
  duplicateThreshold: 0.8,
  derivedThreshold: 0.5,
  maxBucketSize: 200,
  wires: Object.freeze([]) as readonly string[],
  quoteLshThreshold: 0.2,
  quoteVerifyThreshold: 0.4,
  quoteContainmentThreshold: 0.75,
  quoteMinStems: 4,
  boilerplateMinArticles: 3,
});

/** Options after validation, with the banding resolved. */
export interface ResolvedOptions extends Options {
  bands: number;
  rows: number;
  /** The quote channel's banding, derived from `quoteLshThreshold`. */
  quoteBands: number;
  quoteRows: number;
}

/** Validates once, with precise messages, and derives bands × rows from the threshold. */
export function resolveOptions(input: Partial<Options> = {}): ResolvedOptions {
  const merged: Options = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    // Derived from quoteLshThreshold: resolved options passed in again are re-derived.
    if (key === 'quoteBands' || key === 'quoteRows') continue;
    if (!(key in DEFAULT_OPTIONS)) throw invalidOption(key, `one of ${Object.keys(DEFAULT_OPTIONS).join(', ')}`, key);
    (merged as unknown as Record<string, unknown>)[key] = value;
  }
  integer('shingleSize', merged.shingleSize, 1, 16);
  integer('numHashes', merged.numHashes, 2, 1024);
  fraction('lshThreshold', merged.lshThreshold);
  integer('seed', merged.seed, 0, 0xffffffff);
  integer('minWindowTokens', merged.minWindowTokens, 1, 10_000);
  integer('maxWindowTokens', merged.maxWindowTokens, 2, 100_000);
  if (merged.maxWindowTokens < 2 * merged.minWindowTokens) {
    throw invalidOption('maxWindowTokens', `at least twice minWindowTokens (${2 * merged.minWindowTokens})`, merged.maxWindowTokens);
  }
  fraction('verifyThreshold', merged.verifyThreshold);
  fraction('containmentThreshold', merged.containmentThreshold);
  integer('maxGapTokens', merged.maxGapTokens, 0, 10_000);
  integer('minPassageTokens', merged.minPassageTokens, 1, 100_000);
  fraction('duplicateThreshold', merged.duplicateThreshold);
  fraction('derivedThreshold', merged.derivedThreshold);
  if (merged.derivedThreshold > merged.duplicateThreshold) {
    throw invalidOption('derivedThreshold', `at most duplicateThreshold (${merged.duplicateThreshold})`, merged.derivedThreshold);
  }
  integer('maxBucketSize', merged.maxBucketSize, 2, 1_000_000);
  if (!Array.isArray(merged.wires) || merged.wires.some((w) => typeof w !== 'string' || w.trim() === '')) {
    throw invalidOption('wires', 'a list of agency names', merged.wires);
  }
  merged.wires = [...merged.wires].map((w) => w.trim());
  fraction('quoteLshThreshold', merged.quoteLshThreshold);
  fraction('quoteVerifyThreshold', merged.quoteVerifyThreshold);
  fraction('quoteContainmentThreshold', merged.quoteContainmentThreshold);
  integer('quoteMinStems', merged.quoteMinStems, 1, 1000);
  const boilerplate = merged.boilerplateMinArticles;
  if (boilerplate !== 0 && !(Number.isInteger(boilerplate) && boilerplate >= 2 && boilerplate <= 1_000_000)) {
    throw invalidOption('boilerplateMinArticles', '0 (off) or an integer from 2 to 1000000', boilerplate);
  }
  const [quoteBands, quoteRows] = optimalBanding(merged.quoteLshThreshold, merged.numHashes);

  let { bands, rows } = merged;
  if ((bands === null) !== (rows === null)) {
    throw invalidOption(bands === null ? 'bands' : 'rows', 'both bands and rows, or neither', null);
  }
  if (bands === null || rows === null) {
    [bands, rows] = optimalBanding(merged.lshThreshold, merged.numHashes);
  } else {
    integer('bands', bands, 1, merged.numHashes);
    integer('rows', rows, 1, merged.numHashes);
    if (bands * rows > merged.numHashes) {
      throw invalidOption('bands', `bands × rows ≤ numHashes (${merged.numHashes})`, `${bands} × ${rows}`);
    }
  }
  return { ...merged, bands, rows, quoteBands, quoteRows };
}

function integer(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(name, `an integer from ${min} to ${max}`, value);
  }
}

function fraction(name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw invalidOption(name, 'a number above 0 and at most 1', value);
  }
}

/** Probability that a pair with Jaccard `s` shares at least one band of `r` rows among `b`. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}

/**
 * bands × rows minimizing the equally weighted false-positive area below the threshold and
 * false-negative area above it, as datasketch's `_optimal_param` does
 * (https://github.com/ekzhu/datasketch, lsh.py).
 */
export function optimalBanding(threshold: number, numHashes: number): [number, number] {
  // Resolved once per scan, but an index check resolves options per article: remember the answer.
  const key = `${threshold}:${numHashes}`;
  const known = bandingCache.get(key);
  if (known) return [known[0], known[1]];
  let best: [number, number] = [1, 1];
  let bestError = Infinity;
  for (let b = 1; b <= numHashes; b++) {
    for (let r = 1; r <= Math.floor(numHashes / b); r++) {
      const fp = integrate((s) => candidateProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, b, r), threshold, 1);
      const error = 0.5 * fp + 0.5 * fn;
      if (error < bestError - 1e-12) {
        bestError = error;
        best = [b, r];
      }
    }
  }
  bandingCache.set(key, best);
  return [best[0], best[1]];
}

const bandingCache = new Map<string, readonly [number, number]>();

/** Composite Simpson's rule; 64 intervals are plenty for these smooth curves. */
function integrate(f: (x: number) => number, a: number, b: number): number {
  const n = 64;
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

/** Most worker threads a scan starts; beyond this, messaging costs more than it saves. */
export const MAX_WORKERS = 64;
/** Below this many articles a scan stays in one thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_ARTICLES = 256;

/**
 * Worker threads for the per-article stages: `workers` when given (validated once, 1 = this
 * thread only), else one per core for inputs of at least PARALLEL_MIN_ARTICLES articles. Not an
 * engine option: it never changes the output, so it is not recorded in the report.
 */
export function resolveWorkers(workers: number | undefined, articles: number): number {
  if (workers !== undefined) {
    integer('workers', workers, 1, MAX_WORKERS);
    return workers;
  }
  return articles < PARALLEL_MIN_ARTICLES ? 1 : Math.min(availableParallelism(), MAX_WORKERS);
}
