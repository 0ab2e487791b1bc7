/**
 * The glossary, as types. Every stage speaks in these words:
 * article, outlet, passage, window, shingle, signature, band, candidate, alignment, cluster,
 * attribution, credit.
 *
 * Offsets inside the engine are UTF-16 code unit offsets into `Article.text` (what JavaScript
 * strings index by). The report converts them to Unicode code point offsets, its contract.
 */

/** One input document, decoded to text (UTF-8, BOM removed). */
export interface Article {
  /** Path relative to the working directory as the user named it, or a JSONL/stdin id. */
  readonly id: string;
  /** Where it came from: a file path, `-` for stdin, or `file.jsonl:LINE`. */
  readonly path: string;
  readonly text: string;
  /** Metadata the user supplied (front matter, sidecar CSV, JSONL fields). */
  readonly meta?: ArticleMeta;
  /** Set when the article is one line of a JSONL file, so a rewritten corpus keeps every field. */
  readonly jsonl?: JsonlOrigin;
}

/** Where a JSONL article came from: `{"id": "a1", "text": "…", "outlet": "AFP"}` on line 3 of corpus.jsonl. */
export interface JsonlOrigin {
  /** The JSONL file as the user named it, or `-` for standard input. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** The whole parsed record, including fields newsdedup does not use. */
  readonly record: Readonly<Record<string, unknown>>;
}

export interface ArticleMeta {
  outlet?: string;
  published?: string;
  url?: string;
  title?: string;
}

/** Text after normalization, with a map from each normalized code unit to its original offset. */
export interface NormalizedText {
  readonly text: string;
  /** `origin[i]` is the original offset of the character that produced normalized unit `i`;
   *  `origin[text.length]` is the original length. */
  readonly origin: Int32Array;
}

/** Tokens as parallel typed arrays: hot loops read numbers, not strings. */
export interface Tokens {
  readonly count: number;
  /** 32-bit hash of each token's normalized form (its id). */
  readonly hash: Uint32Array;
  /** Original UTF-16 offsets of each token, end exclusive. */
  readonly start: Int32Array;
  readonly end: Int32Array;
}

/** Sentences as token ranges `[first, last)` into `Tokens`. */
export interface Sentences {
  readonly count: number;
  readonly first: Int32Array;
  readonly last: Int32Array;
}

/** A window is the unit that gets a signature: a sentence, or a slice of a very long one. */
export interface Windows {
  readonly count: number;
  readonly first: Int32Array;
  readonly last: Int32Array;
}

/** Each window's shingles: sorted, unique 32-bit hashes, stored flat with offsets. */
export interface Shingles {
  /** `values[offset[w] .. offset[w + 1])` are window `w`'s shingles. */
  readonly offset: Int32Array;
  readonly values: Uint32Array;
}

/** `numHashes` MinHash values per window, flat: window `w` owns `[w * numHashes, (w+1) * numHashes)`. */
export interface Signatures {
  readonly numHashes: number;
  readonly values: Uint32Array;
}

/** Everything the corpus stages need to know about one article. */
export interface ArticleAnalysis {
  readonly article: Article;
  readonly tokens: Tokens;
  readonly sentences: Sentences;
  readonly windows: Windows;
  readonly shingles: Shingles;
  readonly signatures: Signatures;
}

/** A pair of windows that share at least one LSH band: `articleA <= articleB` (indexes into the
 *  sorted article list); inside one article `windowA < windowB`. */
export interface Candidate {
  readonly articleA: number;
  readonly windowA: number;
  readonly articleB: number;
  readonly windowB: number;
}

/** A candidate whose windows really are alike, measured on their exact shingle sets. */
export interface VerifiedCandidate extends Candidate {
  readonly similarity: number;
}

/** A span of one article: token range and original UTF-16 offsets. */
export interface Span {
  readonly article: number;
  readonly firstToken: number;
  readonly lastToken: number;
  readonly start: number;
  readonly end: number;
}

/** Two passages aligned to exact spans, one in each article (or two places in one article). */
export interface Alignment {
  readonly a: Span;
  readonly b: Span;
  /** Jaccard similarity of the two passages' shingle sets. */
  readonly similarity: number;
}

export type ClusterKind = 'repeat' | 'copy' | 'quote' | 'boilerplate';

/** A group of passages that are near-duplicates of each other. */
export interface Cluster {
  readonly kind: ClusterKind;
  /** Lowest verified similarity along the alignments that joined the cluster. */
  readonly similarity: number;
  /** Sorted by article, then start; overlapping spans of one article merged. */
  readonly members: readonly Span[];
}

export type PairRelation = 'duplicate' | 'derived' | 'partial';

/** Two articles that share at least one passage. */
export interface ArticlePair {
  readonly a: number;
  readonly b: number;
  readonly relation: PairRelation;
  /** Code points of a (b) found in the other article. */
  readonly sharedA: number;
  readonly sharedB: number;
}

/** A per-article problem: the run goes on without that article. */
export interface Problem {
  readonly path: string;
  readonly code: ProblemCode;
  readonly message: string;
}

export type ProblemCode =
  | 'ENOENT'
  | 'EACCES'
  | 'EISDIR'
  | 'EMPTY'
  | 'BINARY'
  | 'ENCODING'
  | 'TOO_LARGE'
  | 'TOO_SHORT'
  | 'JSONL'
  | 'LOOP'
  | 'DUPLICATE_PATH'
  | 'READ_ERROR'
  | 'NO_ARTICLES';

/** What the engine found, before it is rendered: offsets are still UTF-16. */
export interface ScanResult {
  readonly articles: readonly ArticleAnalysis[];
  readonly alignments: readonly Alignment[];
  readonly clusters: readonly Cluster[];
  readonly pairs: readonly ArticlePair[];
}

/* ───── The JSON report (`newsdedup/report@1`): the contract. Offsets are Unicode code points. ───── */

export interface Report {
  readonly schema: 'newsdedup/report@1';
  readonly tool: { readonly name: 'newsdedup'; readonly version: string };
  readonly options: Readonly<Record<string, number | string | boolean | null>>;
  readonly articles: readonly ReportArticle[];
  readonly clusters: readonly ReportCluster[];
  readonly pairs: readonly ReportPair[];
  readonly problems: readonly Problem[];
  readonly summary: ReportSummary;
}

export interface ReportArticle {
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly chars: number;
  readonly words: number;
  readonly reusedChars: number;
  readonly repeatedChars: number;
  readonly duplicateOf: string | null;
}

export interface ReportMember {
  readonly article: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface ReportCluster {
  readonly id: string;
  readonly kind: ClusterKind;
  readonly similarity: number;
  readonly members: readonly ReportMember[];
}

export interface ReportPair {
  readonly a: string;
  readonly b: string;
  readonly relation: PairRelation;
  readonly containment: { readonly a: number; readonly b: number };
  readonly sharedChars: { readonly a: number; readonly b: number };
}

export interface ReportSummary {
  readonly articles: number;
  readonly chars: number;
  readonly reusedChars: number;
  readonly repeatedChars: number;
  /** Share of the corpus's characters that also stand in another article. */
  readonly reusedShare: number;
  readonly clusters: number;
  readonly clustersByKind: Readonly<Record<ClusterKind, number>>;
  readonly pairs: number;
  readonly pairsByRelation: Readonly<Record<PairRelation, number>>;
  readonly duplicates: number;
  readonly problems: number;
  /** LSH buckets over the cap whose members were chained rather than paired all-to-all. */
  readonly cappedBuckets: number;
}
