/**
 * The glossary, as types. Every stage speaks in these words:
 * article, outlet, passage, window, shingle, signature, band, candidate, alignment, cluster,
 * attribution, credit.
 *
 * Offsets inside the engine are UTF-16 code unit offsets into `Article.text` (what JavaScript
 * strings index by). The report converts them to Unicode code point offsets, its contract.
 */

import type { CreditFacts } from './stages/extract-credits.js';
import type { Quote } from './stages/extract-quotes.js';

/** One input document, decoded to text (UTF-8, BOM removed). */
export interface Article {
  /** Path relative to the working directory as the user named it, or a JSONL/stdin id. */
  readonly id: string;
  /** Where it came from: a file path, `-` for stdin, or `file.jsonl:LINE`. */
  readonly path: string;
  /** The text. Articles read from files and JSONL keep it as UTF-8 and decode it on each read
   *  (see kernels/stored-text): read it once per use rather than in a loop. */
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
  /** Empty (`values.length === 0`) in a scan's analyses, which keep `bandKeys` instead: the band
   *  keys are all the corpus stages need, at a fraction of the memory. */
  readonly signatures: Signatures;
  /** Each window's LSH band keys (see key-bands), computed with the per-article stages of a scan. */
  readonly bandKeys?: BandKeys;
  /** The article's quoted speech (see extract-quotes), found with the per-article stages of a scan. */
  readonly quotes?: readonly Quote[];
  /** Token range of each quote, flat: quote `q` covers tokens `[quoteTokens[2q], quoteTokens[2q + 1])`.
   *  Found with the quotes, so that a lean scan can place quote clusters without token arrays. */
  readonly quoteTokens?: Int32Array;
  /** The quotes the quote channel compares, stemmed and signed. */
  readonly quoteStems?: QuoteStems;
  /** Credits, datelines and printed times of the text (see extract-credits). */
  readonly credits?: CreditFacts;
  /** The text's title (see find-title), found with the per-article stages of a scan, so that the
   *  report need not read the text again for it. */
  readonly title?: string;
  /** What a persistent index stores of the article: its distinct band keys, ascending (the keys
   *  it is posted under), and its encoded sketch (see sketch-article). */
  readonly stored?: { readonly keys: Uint32Array; readonly sketch: Uint8Array };
}

/** `bands` keys per window, flat and band-major: window `w` of `windows`, band `b` is
 *  `keys[b * windows + w]`. `skipped` lists, ascending, the positions `b * windows + w` left out of
 *  banding (an empty signature). */
export interface BandKeys {
  readonly bands: number;
  readonly keys: Uint32Array;
  readonly skipped: Uint32Array;
}

/** Quotes of one article the quote channel compares: `quote[u]` indexes the article's quotes;
 *  `stems[offset[u] .. offset[u + 1])` are its sorted stem hashes. */
export interface QuoteStems {
  readonly quote: Int32Array;
  readonly offset: Int32Array;
  readonly stems: Uint32Array;
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

/** `copy`: one passage in several articles; `repeat`: printed more than once inside one article;
 *  `quote`: one quotation reported by several articles; `boilerplate`: an outlet's template text
 *  (see find-boilerplate). Quotes and boilerplate are not reuse. */
export type ClusterKind = 'repeat' | 'copy' | 'quote' | 'boilerplate';

/** A group of passages that are near-duplicates of each other. */
export interface Cluster {
  readonly kind: ClusterKind;
  /** Lowest verified similarity along the alignments that joined the cluster. */
  readonly similarity: number;
  /** Sorted by article, then start; overlapping spans of one article merged. */
  readonly members: readonly Span[];
  /** Quote clusters: the person most members name as the speaker; null when none is named. */
  readonly speaker?: string | null;
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
  | 'NO_ARTICLES'
  | 'META';

/** What the engine found, before it is rendered: offsets are still UTF-16. */
export interface ScanResult {
  readonly articles: readonly ArticleAnalysis[];
  readonly alignments: readonly Alignment[];
  readonly clusters: readonly Cluster[];
  readonly pairs: readonly ArticlePair[];
  /** Per article (same order): outlet, credits, publication time and where each came from. */
  readonly profiles?: readonly ArticleProfile[];
  /** Who copied whom: directions of pairs and cluster edges, member roles, originality, outlets. */
  readonly attribution?: Attribution;
  /** Per-article problems the stages found (unreadable metadata values); the scan went on. */
  readonly problems?: readonly Problem[];
}

/* ───── Attribution: outlets, credits, time, direction ───── */

/** Where a fact about an article came from: metadata the user gave (front matter, `--meta` CSV,
 *  JSONL fields), the article's own text (credit lines, datelines, copyright), or its file name. */
export type Provenance = 'metadata' | 'text' | 'filename';

/** A publication time as reported (`iso`, ISO 8601) and the instants it may stand for (`lo`…`hi`,
 *  ms since the epoch, inclusive): a bare date is the whole UTC day, a time to the minute that minute. */
export interface PublishedTime {
  readonly iso: string;
  readonly lo: number;
  readonly hi: number;
}

/** What is known of an article's origin. */
export interface ArticleProfile {
  readonly outlet: string | null;
  /** Wire agencies credited, by their reported names (see src/wire-agencies.ts). */
  readonly credits: readonly string[];
  /** A wire story itself: it opens with a wire dateline, or its outlet is a wire agency. */
  readonly wireStory: boolean;
  readonly dateline: string | null;
  readonly byline: string | null;
  readonly published: PublishedTime | null;
  readonly url: string | null;
  readonly title: string | null;
  readonly provenance: ArticleProvenance;
}

export interface ArticleProvenance {
  readonly outlet: Provenance | null;
  readonly credits: Provenance | null;
  readonly published: Provenance | null;
  readonly url: Provenance | null;
  readonly title: Provenance | null;
}

/** `from` (article index) is upstream of `to`: `to` took the shared text from it or from its source. */
export interface CopyDirection {
  readonly from: number;
  readonly to: number;
  /** Fused confidence in this direction, 0.5–1 (see src/stages/attribute.ts for the weights). */
  readonly confidence: number;
  /** One sentence per rule that spoke, prefixed with the rule: `credit: …`, `time: …`, `containment: …`. */
  readonly evidence: readonly string[];
}

export type MemberRole = 'source' | 'copy' | 'unknown';

export interface PairAttribution {
  readonly a: number;
  readonly b: number;
  /** Null when undetermined: the evidence is missing or conflicts (`evidence` says which). */
  readonly direction: CopyDirection | null;
  /** Every rule's finding for this pair, for or against, including why it stays undetermined. */
  readonly evidence: readonly string[];
  /** Code points of each article in the copy clusters the two share (quotes not counted). */
  readonly chars: { readonly a: number; readonly b: number };
}

export interface ClusterAttribution {
  /** Determined source → copy edges between the cluster's articles; `chars`: code points of the copy in this cluster. */
  readonly edges: readonly (CopyDirection & { readonly chars: number })[];
  /** Article pairs of the cluster whose direction is undetermined. */
  readonly undetermined: readonly { readonly a: number; readonly b: number; readonly evidence: readonly string[]; readonly chars: number }[];
  /** Per member (same order as `Cluster.members`). */
  readonly roles: readonly MemberRole[];
}

export interface Attribution {
  /** Same order as `ScanResult.pairs`. */
  readonly pairs: readonly PairAttribution[];
  /** Same order as `ScanResult.clusters`. */
  readonly clusters: readonly ClusterAttribution[];
  /** Per article: code points found in an earlier or upstream article (copy clusters only). */
  readonly copiedChars: readonly number[];
  /** Per article: share of its characters not found in an earlier or upstream article. */
  readonly originality: readonly number[];
  readonly outlets: readonly ReportOutlet[];
}

/* ───── The JSON report (`newsdedup/report@1`): the contract. Offsets are Unicode code points. ───── */

export interface Report {
  readonly schema: 'newsdedup/report@1';
  readonly tool: { readonly name: 'newsdedup'; readonly version: string };
  readonly options: Readonly<Record<string, number | string | boolean | null | readonly string[]>>;
  readonly articles: readonly ReportArticle[];
  readonly clusters: readonly ReportCluster[];
  readonly pairs: readonly ReportPair[];
  readonly problems: readonly Problem[];
  readonly summary: ReportSummary;
  /** Per outlet: how much it took from which (absent in reports of versions before 0.2). */
  readonly outlets?: readonly ReportOutlet[];
}

export interface ReportArticle {
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly chars: number;
  readonly words: number;
  readonly reusedChars: number;
  readonly repeatedChars: number;
  /** The source of its group of near-duplicates by the direction rules, else the earliest, else the lowest id; null for that article itself. */
  readonly duplicateOf: string | null;
  /* Origin (absent in reports of versions before 0.2). Metadata wins over the text, the text over the file name. */
  /** The publisher: metadata `outlet`, a credit line's outlet (`AFP/The Local`), a copyright holder, or a domain in the file name. */
  readonly outlet?: string | null;
  /** Wire agencies the article credits (`AFP`, `AP`, `Reuters`, `Xinhua` …), in order of appearance. */
  readonly credits?: readonly string[];
  /** ISO 8601 date or date-time (UTC), or null. */
  readonly published?: string | null;
  readonly url?: string | null;
  /** A wire dateline the article opens with (`PARIS, Feb. 15 (Xinhua) --`): it is a wire story. */
  readonly dateline?: string | null;
  /** The person a `By …` line names. */
  readonly byline?: string | null;
  /** Where each fact came from: `metadata`, `text` or `filename`; null when unknown. */
  readonly provenance?: ArticleProvenance;
  /** Code points found in an earlier or upstream article (copy clusters only: quotes and boilerplate are not copying). */
  readonly copiedChars?: number;
  /** Share of the article's characters not found in an earlier or upstream article, 0–1. */
  readonly originality?: number;
}

export interface ReportMember {
  readonly article: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Copy clusters: `source` (upstream of another member, copied from none), `copy` (took the text
   *  from another member) or `unknown` (undetermined, and every member of quote, repeat and boilerplate clusters). */
  readonly role?: MemberRole;
}

export interface ReportCluster {
  readonly id: string;
  readonly kind: ClusterKind;
  readonly similarity: number;
  readonly members: readonly ReportMember[];
  /** Copy clusters: source → copy edges whose direction is determined; empty for quotes, repeats and boilerplate. */
  readonly edges?: readonly ReportEdge[];
  /** Copy clusters: article pairs sharing the passage whose direction is undetermined. */
  readonly undetermined?: readonly ReportLink[];
  /** Quote clusters: who is quoted (the name most members give); null otherwise. */
  readonly speaker?: string | null;
}

/** `from` (article id) is upstream of `to`. */
export interface ReportEdge {
  readonly from: string;
  readonly to: string;
  /** 0.5–1: how sure the fused evidence is of this direction. */
  readonly confidence: number;
  /** One sentence per rule, prefixed with the rule: `credit: …`, `wire: …`, `time: …`, `containment: …`. */
  readonly evidence: readonly string[];
  /** Code points of `to` in the cluster (cluster edges) or shared with `from` (pair directions). */
  readonly chars: number;
}

/** Two articles sharing text whose direction is undetermined, and why. */
export interface ReportLink {
  readonly a: string;
  readonly b: string;
  readonly evidence: readonly string[];
  readonly chars: number;
}

/** How much an outlet (or, when its outlet is unknown, one article) took from which. */
export interface ReportOutlet {
  /** Outlet name; for an article of unknown outlet its credit label or id. */
  readonly name: string;
  /** False when `name` stands for one article of unknown outlet. */
  readonly known: boolean;
  readonly articles: readonly string[];
  readonly chars: number;
  /** Code points of its articles found in an earlier or upstream article. */
  readonly copiedChars: number;
  readonly originality: number;
  /** Determined copies: code points its articles took from each outlet, most first. */
  readonly takesFrom: readonly { readonly outlet: string; readonly chars: number; readonly articles: number }[];
  /** Text shared with each outlet whose direction is undetermined. */
  readonly sharesWith: readonly { readonly outlet: string; readonly chars: number }[];
}

export interface ReportPair {
  readonly a: string;
  readonly b: string;
  readonly relation: PairRelation;
  readonly containment: { readonly a: number; readonly b: number };
  readonly sharedChars: { readonly a: number; readonly b: number };
  /** Who copied whom, or null when undetermined (missing or conflicting evidence; see `evidence`). */
  readonly direction?: ReportEdge | null;
  /** What every direction rule found for this pair. */
  readonly evidence?: readonly string[];
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
  /** Article pairs whose direction was decided, and those left undetermined. */
  readonly directions?: { readonly determined: number; readonly undetermined: number };
}
