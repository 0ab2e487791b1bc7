import { NewsdedupError } from './errors.js';
import { resolveOptions, resolveWorkers, type Options, type ResolvedOptions } from './options.js';
import { align } from './stages/align.js';
import { alignWords } from './stages/align-words.js';
import { cluster } from './stages/cluster.js';
import { collapseCopies } from './stages/collapse-copies.js';
import { expandCopies } from './stages/expand-copies.js';
import { analyzeInPool, joinQuotesInWorker, type AnalysisStream } from './workers/pool.js';
import type { AnalysisParts } from './workers/analyze-worker.js';
import { findCandidates, MAX_WINDOWS, type Candidates, type WindowTable } from './stages/find-candidates.js';
import { normalize } from './stages/normalize.js';
import { codePointCounterOf, codePointLengthOf } from './kernels/code-points.js';
import { emptySlabs, heldTextBytes, releaseTexts, storedFacts, storedTextKey } from './kernels/stored-text.js';
import { readAheadTexts } from './io/read-ahead.js';
import { relate } from './stages/relate.js';
import { segment } from './stages/segment.js';
import { shingle } from './stages/shingle.js';
import { sign } from './stages/sign.js';
import { tokenize } from './stages/tokenize.js';
import { verify } from './stages/verify.js';
import { window } from './stages/window.js';
import { articleTags, attribute } from './stages/attribute.js';
import { describeArticle } from './stages/describe-article.js';
import { extractCredits } from './stages/extract-credits.js';
import { findTitle } from './stages/find-title.js';
import { extractQuotes, type Quote } from './stages/extract-quotes.js';
import { findBoilerplate, type BoilerplateInput } from './stages/find-boilerplate.js';
import { stemQuotes } from './stages/stem-quotes.js';
import { distinctKeys, keyBands } from './stages/key-bands.js';
import { encodeSketch, sketchArticle } from './stages/sketch-article.js';
import { joinQuotes, quoteClusters as findQuoteClusters, quoteTokenRanges, quoteUnits, type QuoteJoin, type QuoteUnits } from './stages/find-quotes.js';
import { readFrontMatter } from './stages/read-front-matter.js';
import { splitQuoted } from './stages/split-quoted.js';
import { compareSpans } from './stages/cluster.js';
import { wireAgencies } from './wire-agencies.js';
import type { Alignment, Article, ArticleAnalysis, ArticleProfile, BandKeys, Problem, QuoteStems, ScanResult, VerifiedCandidate } from './types.js';
import type { ProgressStage, ScanHooks } from './progress.js';

/** The only place that knows the order of the stages. */

/**
 * Per-article stages: normalize → tokenize → segment → window → shingle → sign. With
 * `transientTokens` the token arrays are the tokenizer's scratch, valid until the next article is
 * tokenized: for a caller that keeps only their count (see tokenize).
 */
export function analyzeArticle(article: Article, options: ResolvedOptions, transientTokens = false): ArticleAnalysis {
  const tokens = tokenize(normalize(article.text, true), transientTokens);
  const sentences = segment(article.text, tokens);
  const windows = window(sentences, options.minWindowTokens, options.maxWindowTokens);
  const shingles = shingle(tokens, windows, options.shingleSize);
  const signatures = sign(shingles, options.numHashes, options.seed);
  return { article, tokens, sentences, windows, shingles, signatures };
}

/**
 * analyzeArticle, plus the per-article halves of the quote channel (quotes, their stems and
 * signatures) and of attribution (credits, datelines, printed times), so that a scan runs them on
 * the worker pool rather than after it.
 */
export function analyzeArticleForScan(article: Article, options: ResolvedOptions, transientTokens = false): ArticleAnalysis {
  const quotes = extractQuotes(article.text);
  const analysis = analyzeArticle(article, options, transientTokens);
  return {
    ...analysis,
    signatures: { numHashes: options.numHashes, values: new Uint32Array(0) },
    bandKeys: keyBands(analysis.signatures, options.bands, options.rows),
    quotes,
    quoteTokens: quoteTokenRanges(analysis.tokens, quotes),
    quoteStems: stemQuotes(article.text, quotes, options),
    credits: extractCredits(article.text, agenciesOf(options)),
    title: findTitle(article.text),
  };
}

/**
 * analyzeArticleForScan without the per-token arrays (their count is kept): a lean scan holds no
 * article's tokens through banding and verification, and tokenizes again only the articles whose
 * windows verify (see withTokens), about a third of them on the benchmark corpus.
 */
export function analyzeArticleForLeanScan(article: Article, options: ResolvedOptions): ArticleAnalysis {
  const analysis = analyzeArticleForScan(article, options, true);
  return { ...analysis, tokens: { count: analysis.tokens.count, hash: new Uint32Array(0), start: new Int32Array(0), end: new Int32Array(0) } };
}

/**
 * What a persistent index stores of an article: analyzeArticle's window count, the band keys it is
 * posted under, and the sketch a check screens it with (band keys, shingles, quote stems; see
 * sketch-article). Tokens, shingles and signatures are left out: the index needs none of them.
 */
export function analyzeArticleForIndex(article: Article, options: ResolvedOptions): ArticleAnalysis {
  const analysis = analyzeArticle(article, options, true);
  const bandKeys = keyBands(analysis.signatures, options.bands, options.rows);
  const sketch = encodeSketch(sketchArticle(analysis, bandKeys, extractQuotes(article.text), options));
  return {
    article,
    tokens: { count: analysis.tokens.count, hash: new Uint32Array(0), start: new Int32Array(0), end: new Int32Array(0) },
    sentences: analysis.sentences,
    windows: analysis.windows,
    shingles: { offset: new Int32Array(1), values: new Uint32Array(0) },
    signatures: { numHashes: options.numHashes, values: new Uint32Array(0) },
    stored: { keys: distinctKeys(bandKeys), sketch },
  };
}

const agencyLists = new WeakMap<ResolvedOptions, ReturnType<typeof wireAgencies>>();

function agenciesOf(options: ResolvedOptions): ReturnType<typeof wireAgencies> {
  let agencies = agencyLists.get(options);
  if (!agencies) agencyLists.set(options, (agencies = wireAgencies(options.wires)));
  return agencies;
}

export interface ScanDetails extends ScanResult {
  readonly options: ResolvedOptions;
  readonly cappedBuckets: number;
}

/**
 * Corpus stages: index bands → find candidates → verify → align → align words → cluster → relate.
 * Articles are put in id order first, so the output does not depend on the order they came in;
 * exact copies are analyzed once and added back at the end (collapse-copies, expand-copies).
 */
export function scanArticles(input: readonly Article[], options: Partial<Options> = {}, hooks: ScanHooks = {}): ScanDetails {
  const resolved = resolveOptions(options);
  const articles = input.map(withFrontMatter).sort((x, y) => compareIds(x.id, y.id));
  const total = articles.length;
  const progress = (stage: ProgressStage, done = total): void => hooks.progress?.({ stage, done, total });
  progress('analyze', 0);
  const copies = collapseCopies(articles);
  let done = 0;
  const analyze = (article: Article, u: number): ArticleAnalysis => {
    const analysis = analyzeArticleForScan(article, resolved);
    done += copies.holders[u].length;
    progress('analyze', done);
    return analysis;
  };
  const analyzed = detach(copies.unique.map(analyze));
  const units = takeQuoteUnits(analyzed, resolved);
  const aligned = copyChannel(analyzed, resolved, progress);
  return finishScan(articles, copies, analyzed, aligned, units, joinQuotes(units, resolved), resolved, progress);
}

/** Run settings that do not change what is found, only how fast. */
export interface RunSettings {
  /** Worker threads for the per-article stages; 1 runs them in this thread. Default: every core
   *  for inputs of a few hundred articles or more. The output is the same for any count. */
  readonly workers?: number;
  /** Hold per-token arrays only while a stage needs them: token hashes and offsets are not kept
   *  from the per-article stages but made again for the articles whose windows verify (a third of
   *  them on the benchmark corpus), and shingles go after verification; the result keeps their
   *  counts only. What a report needs; at 100,000 articles the peak is about 1 GB lower. Default: false. */
  readonly lean?: boolean;
  /** Analyses made beforehand by analyzeArticleForScan with the same options, by article: used
   *  instead of analysing those articles again (an index check has analysed them to screen). */
  readonly analyzed?: ReadonlyMap<Article, ArticleAnalysis>;
  /** Articles analyzed while they were read (see AnalysisStream): when its stages are the scan's
   *  (a lean scan's or not), its results are used, the rest is analyzed on its threads and they
   *  are closed; a stream of other stages is left as it is. */
  readonly early?: AnalysisStream;
  /** Texts read from files are let go as the per-article stages take them (a worker thread reads
   *  its batch's in the shared slabs, which go once neither thread holds them), and read again from their files by the stages that need them later (about a third of
   *  them), when the corpus's texts take more than this many bytes of UTF-8. Default:
   *  RELEASE_TEXTS_ABOVE. */
  readonly releaseTextsAbove?: number;
  /** A full garbage collection (V8's `gc`, which the `newsdedup` command gives): a lean scan of
   *  COLLECT_FROM articles or more runs it where its largest arrays have just been let go — the
   *  band keys, the shingles and the window table after verification, the token arrays once the
   *  clusters are made — before it makes the next ones (the token arrays, the report). Under a
   *  large heap limit V8 saw no reason to collect them first: at 100,000 articles 0.6 GB of dead
   *  arrays and objects were still held when the report was built (1.0 instead of 1.58 GB then).
   *  It runs once more when the analysis ends, before banding: the analyses come back in shared
   *  memory, which V8 does not count (see SHARED_STAGES in the worker), so it collects less often
   *  during the analysis, and what the analysis left was still held when banding began. */
  readonly collectGarbage?: () => void;
}

/** Articles from which a lean scan runs settings.collectGarbage (a few hundred ms at 100,000). */
export const COLLECT_FROM = 20_000;

/** 256 MB of texts, about 50,000 news articles: beyond it, a scan reads a third of its files twice
 *  rather than hold every text to the end (see releaseTexts). */
export const RELEASE_TEXTS_ABOVE = 256 << 20;

/**
 * scanArticles with the per-article stages on a pool of worker threads; the corpus stages run
 * here, on analyses put back in article order, so the result is identical to scanArticles'.
 */
export async function scanArticlesParallel(
  input: readonly Article[],
  options: Partial<Options> = {},
  hooks: ScanHooks = {},
  settings: RunSettings = {},
): Promise<ScanDetails> {
  const resolved = resolveOptions(options);
  resolveWorkers(settings.workers, input.length);
  const lean = settings.lean === true;
  const articles = input.map(withFrontMatter).sort((x, y) => compareIds(x.id, y.id));
  const total = articles.length;
  const progress = (stage: ProgressStage, done = total): void => hooks.progress?.({ stage, done, total });
  progress('analyze', 0);
  const copies = collapseCopies(articles);
  const collect = lean && articles.length >= COLLECT_FROM ? settings.collectGarbage : undefined;
  const analyzed = await analyzeCorpus(articles, copies, resolved, settings, progress);
  // What the analysis left behind, before banding adds its arrays (see RunSettings.collectGarbage).
  collect?.();
  const units = takeQuoteUnits(analyzed, resolved);
  // The quote channel's corpus half needs only its flat arrays: on a large corpus it runs on a
  // thread of its own while this one runs the copy channel.
  const kept = { count: units.count, article: units.article, quote: units.quote, quotes: units.quotes };
  const threads = resolveWorkers(settings.workers, copies.unique.length) > 1;
  let joining: Promise<QuoteJoin> | null = null;
  let aligned: ReturnType<typeof copyChannel>;
  try {
    // The join runs on a thread of its own beside the whole copy channel, from banding on. Its
    // memory is its inputs (moved, not copied), a band's keys at a time and its buckets: about
    // 60 MB at 100,000 articles, against 200 MB when every band's keys were made first, when it
    // waited for verification to end so as not to add them to the copy channel's peak.
    joining = threads && units.count >= PARALLEL_QUOTE_UNITS ? joinQuotesInWorker(units, resolved) : null;
    const verified = verifiedPairs(analyzed, resolved, progress, lean);
    collect?.();
    await nextTurn();
    analyzed.analyses = withTokens(analyzed.analyses, verified.verified);
    await nextTurn();
    aligned = alignPairs(verified, analyzed, resolved, progress);
  } catch (error) {
    await joining?.catch(() => undefined);
    throw error;
  }
  const join = joining ? await joining : joinQuotes(units, resolved);
  const details = finishScan(articles, copies, analyzed, aligned, kept, join, resolved, progress, lean);
  collect?.();
  return details;
}

/**
 * Every distinct text's analysis, detached (see analyzeDetached): those given or made while the
 * corpus was read (withEarly), the rest on the worker threads. Texts are let go (releaseTexts) when
 * the corpus holds more than settings.releaseTextsAbove. A function of its own so that no frame
 * but analyzeDetached's holds the full analyses.
 */
async function analyzeCorpus(
  articles: readonly Article[],
  copies: ReturnType<typeof collapseCopies>,
  resolved: ResolvedOptions,
  settings: RunSettings,
  progress: (stage: ProgressStage, done?: number) => void,
): Promise<Analyzed> {
  const lean = settings.lean === true;
  const stages = lean ? 'lean-scan' : 'scan';
  const early = settings.early?.stages === stages ? settings.early : undefined;
  const known = withEarly(copies.unique, settings.analyzed, await early?.end());
  const todo: number[] = [];
  copies.unique.forEach((a, u) => known?.has(a) || todo.push(u));
  const workers = resolveWorkers(settings.workers, todo.length);
  // Holders of the articles still to analyze, summed, so progress counts articles as the serial
  // scan does; those analyzed already count as done.
  const held = new Int32Array(todo.length + 1);
  todo.forEach((u, k) => (held[k + 1] = held[k] + copies.holders[u].length));
  const before = articles.length - held[todo.length];
  if (before > 0) progress('analyze', before);
  const analyze = (a: Article): ArticleAnalysis => (lean ? analyzeArticleForLeanScan : analyzeArticleForScan)(a, resolved);
  const onBatch = (done: number): void => progress('analyze', before + held[done]);
  // Texts are let go as their batches go to the worker threads, which have them then.
  const release = heldTextBytes(articles) > (settings.releaseTextsAbove ?? RELEASE_TEXTS_ABOVE);
  const sent = release ? (batch: readonly Article[]): void => void releaseTexts(batch) : undefined;
  const rest = todo.map((u) => copies.unique[u]);
  const threads = early?.threads();
  const analyzed = await analyzeDetached(copies.unique, known, () => analyzeInPool(rest, analyze, resolved, workers, onBatch, stages, sent, threads));
  if (release) releaseTexts(articles);
  emptySlabs();
  return analyzed;
}

/**
 * The analyses of `unique`, detached: those in `known` as they are, the others from `analyzeRest`
 * (in order).
 * A function of its own so that nothing holds the full analyses once it returns: a variable set to
 * null is not enough, as the interpreter's registers of the calling frame kept the awaited array,
 * and with it every article's band keys and shingles, until the scan returned (a heap snapshot
 * taken during verification found them held by the stack: 0.3 GB of band keys at 100k).
 */
async function analyzeDetached(
  unique: readonly Article[],
  known: ReadonlyMap<Article, ArticleAnalysis> | undefined,
  analyzeRest: () => Promise<ArticleAnalysis[]>,
): Promise<Analyzed> {
  const made = await analyzeRest();
  let next = 0;
  return detach(known ? unique.map((a) => known.get(a) ?? made[next++]) : made);
}

/**
 * The analyses a scan need not make: those given (settings.analyzed) and those an AnalysisStream
 * made while the corpus was read, by stored text, each with the scan's own article object.
 */
function withEarly(
  unique: readonly Article[],
  given: ReadonlyMap<Article, ArticleAnalysis> | undefined,
  early: ReadonlyMap<object, AnalysisParts> | undefined,
): ReadonlyMap<Article, ArticleAnalysis> | undefined {
  if (!early || early.size === 0) return given;
  const known = new Map(given);
  for (const article of unique) {
    if (known.has(article)) continue;
    const key = storedTextKey(article);
    const parts = key && early.get(key);
    if (parts) known.set(article, { article, ...parts });
  }
  return known;
}

/** Below this many compared quotes, starting a thread costs more than joining them here. */
const PARALLEL_QUOTE_UNITS = 20_000;

/**
 * The per-article results as the corpus stages take them: band keys and quote stems apart from
 * the analyses, so each is let go (set to null) once its stage has run rather than held until
 * the report is built.
 */
interface Analyzed {
  analyses: readonly ArticleAnalysis[];
  bandKeys: readonly (BandKeys | undefined)[] | null;
  quoteStems: readonly (QuoteStems | undefined)[] | null;
}

function detach(full: readonly ArticleAnalysis[]): Analyzed {
  return {
    analyses: full.map(({ bandKeys: _keys, quoteStems: _stems, ...rest }) => rest),
    bandKeys: full.map((a) => a.bandKeys),
    quoteStems: full.map((a) => a.quoteStems),
  };
}

/** Quotes of every article, and the ones the quote channel compares in one numbering; the quote
 *  stems are let go. */
function takeQuoteUnits(analyzed: Analyzed, resolved: ResolvedOptions): QuoteUnits & { quotes: readonly (readonly Quote[])[] } {
  const quotes = analyzed.analyses.map((a) => a.quotes ?? extractQuotes(a.article.text));
  const stems = analyzed.analyses.map((a, i) => analyzed.quoteStems?.[i] ?? stemQuotes(a.article.text, quotes[i], resolved));
  analyzed.quoteStems = null;
  return { ...quoteUnits(quotes, stems), quotes };
}

/** The copy channel: index bands → find candidates → verify → align. */
function copyChannel(
  analyzed: Analyzed,
  resolved: ResolvedOptions,
  progress: (stage: ProgressStage, done?: number) => void,
): { alignments: Alignment[]; cappedBuckets: number } {
  const verified = verifiedPairs(analyzed, resolved, progress, false);
  analyzed.analyses = withTokens(analyzed.analyses, verified.verified);
  return alignPairs(verified, analyzed, resolved, progress);
}

/**
 * The copy channel up to verification. A lean scan's shingles are let go after it; the window
 * table and the candidates go when it returns, before alignment.
 */
function verifiedPairs(
  analyzed: Analyzed,
  resolved: ResolvedOptions,
  progress: (stage: ProgressStage, done?: number) => void,
  lean: boolean,
): { verified: VerifiedCandidate[]; cappedBuckets: number } {
  progress('candidates');
  const { table, candidates } = bandedCandidates(analyzed, resolved);
  progress('verify');
  const verified = verify(candidates, table, analyzed.analyses, resolved.verifyThreshold, resolved.containmentThreshold);
  if (lean) analyzed.analyses = analyzed.analyses.map(withoutShingles);
  return { verified, cappedBuckets: candidates.cappedBuckets };
}

/**
 * The window table and its candidate pairs; the band keys are let go. A function of its own so that
 * no register of the caller's frame still holds them during verification (see analyzeDetached).
 */
function bandedCandidates(analyzed: Analyzed, resolved: ResolvedOptions): { table: WindowTable; candidates: Candidates } {
  const table = windowTable(analyzed.analyses, analyzed.bandKeys ?? [], resolved);
  analyzed.bandKeys = null;
  return { table, candidates: findCandidates(table, resolved.bands, resolved.rows, resolved.maxBucketSize) };
}

/** The copy channel's alignment, on analyses that hold the token arrays of every verified pair. */
function alignPairs(
  { verified, cappedBuckets }: { verified: VerifiedCandidate[]; cappedBuckets: number },
  analyzed: Analyzed,
  resolved: ResolvedOptions,
  progress: (stage: ProgressStage, done?: number) => void,
): { alignments: Alignment[]; cappedBuckets: number } {
  progress('align');
  const alignments = alignWords(verified, align(verified, analyzed.analyses, resolved), analyzed.analyses, resolved);
  return { alignments, cappedBuckets };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Quote clusters → split quoted → cluster → relate → attribute. */
function finishScan(
  articles: readonly Article[],
  copies: ReturnType<typeof collapseCopies>,
  analyzed: Analyzed,
  { alignments, cappedBuckets }: ReturnType<typeof copyChannel>,
  units: Pick<QuoteUnits, 'count' | 'article' | 'quote'> & { quotes: readonly (readonly Quote[])[] },
  join: QuoteJoin,
  resolved: ResolvedOptions,
  progress: (stage: ProgressStage, done?: number) => void,
  lean = false,
): ScanDetails {
  let { analyses } = analyzed;
  progress('cluster');
  // Quoted speech shared by two outlets is reporting, not copying: the quote channel clusters it.
  const { quotes } = units;
  const quoteClusters = findQuoteClusters(units, join, quotes, analyses);
  const { copy, quoted } = splitQuoted(alignments, analyses, quotes, resolved);
  // The analyses' arrays and quotes are done with: profiles, relate, attribution and the report read
  // the articles, their credits, titles and word counts only. A lean scan builds a report next, which
  // would hold them to its end otherwise (0.2 GB at 100k).
  if (lean) {
    const signatures = { numHashes: resolved.numHashes, values: new Uint32Array(0) };
    analyzed.analyses = analyses = analyses.map((a) => countsOnly(a, signatures));
  }
  // Template text is told from reuse by the outlets that print it: every article's profile first.
  const described = describeArticles(articles, copies, analyses, resolved);
  const copyClusters = findBoilerplate(cluster(copy), templateInput(described.profiles, copies, analyses), resolved.boilerplateMinArticles);
  const clusters = [...copyClusters, ...quoteClusters].sort(
    (x, y) => compareSpans(x.members[0], y.members[0]) || x.members.length - y.members.length || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0),
  );
  progress('relate');
  const counters = analyses.map((a) => codePointCounterOf(a.article));
  const lengths = analyses.map((a) => codePointLengthOf(a.article));
  // Pairs still count quoted text the two articles print word for word: they do share it. An
  // outlet's template text (boilerplate) makes no pair: it is not shared in that sense.
  const sharing = [
    ...clusters.filter((c) => c.kind !== 'quote' && c.kind !== 'boilerplate'),
    ...cluster(quoted.filter((a) => a.similarity >= VERBATIM)),
  ];
  const pairs = relate(sharing, lengths, resolved, (article, offset) => counters[article](offset));
  const found = expandCopies({ articles: analyses, alignments, clusters, pairs }, copies, articles, lengths);
  return { ...found, ...attributeScan(found, described, resolved), options: resolved, cappedBuckets };
}

const NO_TOKENS = { hash: new Uint32Array(0), start: new Int32Array(0), end: new Int32Array(0) };
const NO_SHINGLES = { offset: new Int32Array(1), values: new Uint32Array(0) };
const NO_RANGES = { count: 0, first: new Int32Array(0), last: new Int32Array(0) };

function withoutShingles(a: ArticleAnalysis): ArticleAnalysis {
  return { ...a, shingles: NO_SHINGLES };
}

/** An analysis with its article, credits, title and word count, and no arrays. */
function countsOnly(a: ArticleAnalysis, signatures: ArticleAnalysis['signatures']): ArticleAnalysis {
  const { article, credits, title } = a;
  const tokens = { count: a.tokens.count, ...NO_TOKENS };
  return { article, tokens, sentences: NO_RANGES, windows: NO_RANGES, shingles: NO_SHINGLES, signatures, ...(credits ? { credits } : {}), ...(title !== undefined ? { title } : {}) };
}

/**
 * Alignment works on tokens: the articles of verified pairs that came without their token arrays
 * (a lean scan's) are tokenized again, by the same stages, so the arrays are those analyzeArticle
 * made. The others stay without. The arrays are views of three made for all of them: a buffer per
 * article (35,000 at 100,000 articles, 0.4 GB outside the heap) had V8 run full collections for
 * the memory it could not see (6 of 160 ms in `--trace-gc`).
 */
function withTokens(analyses: readonly ArticleAnalysis[], verified: readonly VerifiedCandidate[]): ArticleAnalysis[] {
  const needed = new Uint8Array(analyses.length);
  for (const v of verified) needed[v.articleA] = needed[v.articleB] = 1;
  let total = 0;
  for (let i = 0; i < analyses.length; i++) {
    if (needed[i] === 1 && analyses[i].tokens.hash.length < analyses[i].tokens.count) total += analyses[i].tokens.count;
    else needed[i] = 0;
  }
  const arena = new ArrayBuffer(12 * total);
  const hash = new Uint32Array(arena, 0, total);
  const start = new Int32Array(arena, 4 * total, total);
  const end = new Int32Array(arena, 8 * total, total);
  let at = 0;
  // The texts let go are read again in this order: a thread reads their files ahead.
  const ahead = readAheadTexts(analyses.filter((_, i) => needed[i] === 1).map((a) => a.article));
  let taken = 0;
  try {
    return analyses.map((a, i) => {
      if (needed[i] === 0) return a;
      ahead.taken(++taken);
      const made = tokenize(normalize(a.article.text, true), true);
      // The same stages on the same text: the count the per-article stages kept.
      if (made.count !== a.tokens.count) return { ...a, tokens: tokenize(normalize(a.article.text, true)) };
      const { count } = made;
      hash.set(made.hash, at);
      start.set(made.start, at);
      end.set(made.end, at);
      const tokens = { count, hash: hash.subarray(at, at + count), start: start.subarray(at, at + count), end: end.subarray(at, at + count) };
      at += count;
      return { ...a, tokens };
    });
  } finally {
    void ahead.close();
  }
}

/** Quoted passages this alike (word-shingle Jaccard) are the same rendering, printed by both articles. */
const VERBATIM = 0.8;

/** Outlets, credits and times of every article (in `articles` order, exact copies included). */
function describeArticles(
  articles: readonly Article[],
  copies: ReturnType<typeof collapseCopies>,
  analyses: readonly ArticleAnalysis[],
  resolved: ResolvedOptions,
): { profiles: ArticleProfile[]; problems: Problem[] } {
  const agencies = agenciesOf(resolved);
  const problems: Problem[] = [];
  const profiles = articles.map((article, i) => {
    const described = describeArticle(article, agencies, analyses[copies.textOf[i]].credits);
    problems.push(...described.problems);
    return described.profile;
  });
  return { profiles, problems };
}

/** What find-boilerplate needs of each distinct text: the outlets that print it, and its words. */
function templateInput(profiles: readonly ArticleProfile[], copies: ReturnType<typeof collapseCopies>, analyses: readonly ArticleAnalysis[]): BoilerplateInput {
  return {
    outlets: copies.holders.map((held) => [...new Set(held.map((i) => profiles[i].outlet).filter((o): o is string => o !== null))]),
    words: analyses.map((a) => a.tokens.count),
  };
}

/** Who copied whom. */
function attributeScan(
  found: ScanResult,
  { profiles, problems }: { profiles: ArticleProfile[]; problems: Problem[] },
  resolved: ResolvedOptions,
): Pick<ScanResult, 'profiles' | 'attribution' | 'problems'> {
  const counters = found.articles.map((a) => codePointCounterOf(a.article));
  const ids = found.articles.map((a) => a.article.id);
  const attribution = attribute({
    clusters: found.clusters,
    pairs: found.pairs,
    profiles,
    ids,
    tags: articleTags(ids),
    lengths: found.articles.map((a) => codePointLengthOf(a.article)),
    toCodePoint: (article, offset) => counters[article](offset),
    maxClusterArticles: resolved.maxBucketSize,
  });
  return { profiles, attribution, problems };
}

/**
 * Reads a front-matter block (`---` … `---`) into the article's metadata and blanks it out of the
 * text with spaces, so it is not scanned and offsets still refer to the file. Metadata the article
 * already carries (JSONL fields, a `--meta` CSV) wins over the block.
 */
export function withFrontMatter(article: Article): Article {
  // A block starts the text with `---`: a text kept as UTF-8 that does not is not decoded (or read
  // again) to look.
  const facts = storedFacts(article);
  if (facts && facts.first !== 0x2d) return article;
  const block = readFrontMatter(article.text);
  if (block === null) return article;
  return { ...article, text: block.text, meta: { ...block.meta, ...definedFields(article.meta) } };
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

/** Code-unit order: the same on every machine and locale. */
export function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function windowTable(analyses: readonly ArticleAnalysis[], bandKeys: readonly (BandKeys | undefined)[], options: ResolvedOptions): WindowTable {
  const { numHashes, bands, rows } = options;
  const own = analyses.map((a, i) => bandKeys[i] ?? a.bandKeys ?? keyBands(a.signatures, bands, rows));
  let count = 0;
  for (const a of analyses) count += a.windows.count;
  if (count >= MAX_WINDOWS) {
    throw new NewsdedupError('INVALID_OPTION', `corpus too large for one scan: expected fewer than ${MAX_WINDOWS} windows, got ${count}`);
  }
  const article = new Int32Array(count);
  const local = new Int32Array(count);
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  let g = 0;
  for (let i = 0; i < analyses.length; i++) {
    const { count: windows, first: from, last: to } = analyses[i].windows;
    article.fill(i, g, g + windows);
    for (let w = 0; w < windows; w++, g++) {
      local[g] = w;
      first[g] = from[w];
      last[g] = to[w];
    }
  }
  const keys = { parts: own, windows: analyses.map((a) => a.windows.count) };
  return { count, article, local, first, last, signatures: new Uint32Array(0), numHashes, bandKeys: keys };
}
