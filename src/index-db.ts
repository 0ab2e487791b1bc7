import { createHash } from 'node:crypto';
import { NewsdedupError, invalidOption } from './errors.js';
import { codePointCounter } from './kernels/code-points.js';
import { combine, fmix32 } from './kernels/hash.js';
import { resolveOptions, resolveWorkers, type Options, type ResolvedOptions } from './options.js';
import { analyzeArticle, analyzeArticleForIndex, analyzeArticleForScan, compareIds, scanArticlesParallel, withFrontMatter, type ScanDetails } from './pipeline.js';
import { buildReport } from './report/build-report.js';
import { distinctKeys, keyBands } from './stages/key-bands.js';
import { screenCandidates } from './stages/screen-candidates.js';
import { decodeSketch, sketchArticle, type Sketch } from './stages/sketch-article.js';
import { openStore } from './store/open-store.js';
import type { IndexStore, NewStoredArticle, StoreStats, StoredArticle, StoredSketch } from './store/store.js';
import type { ProgressListener } from './progress.js';
import type { Article, ArticleAnalysis, ArticleMeta, MemberRole, Problem, Report } from './types.js';
import { VERSION } from './version.js';
import { AnalysisPool, analyzeInPool } from './workers/pool.js';

/**
 * A persistent index of articles: their band keys (to find candidates without rescanning), their
 * sketches (to screen candidates without analysing them), their text (to align later) and
 * metadata, in an SQLite file or a shared PostgreSQL database.
 */

/** Options that decide the band keys stored: an index keeps the values it was built with. */
export const SIGNING_OPTIONS = ['shingleSize', 'numHashes', 'lshThreshold', 'bands', 'rows', 'seed', 'minWindowTokens', 'maxWindowTokens'] as const;
type SigningOption = (typeof SIGNING_OPTIONS)[number];

/**
 * Band-key entries stored per transaction of an add: about 128 per posting bucket. Each
 * transaction writes one new row into every bucket it touches — nearly all 65,536 of them — so its
 * cost is mostly that of rewriting a page per bucket; smaller transactions pay it again and again
 * (at 100,000 indexed articles, 10,000 more took 2.5 times as long in five transactions as in one).
 */
const BATCH_ENTRIES = 128 * 65_536;
/** Articles per transaction at most, however short: a killed add loses at most the batch in flight. */
const BATCH_ARTICLES = 20_000;
/** Articles analysed at a time by an add: the next ones are analysed while the last are stored. */
const STEP_ARTICLES = 1000;
/** Hashes asked about per query when checking which articles are stored already. */
const HASH_CHUNK = 1000;

/** Text signed when an index is opened; its band keys must not change while the index lives. */
const PROBE = [
  'The foreign minister said on Wednesday that the government would not accept any interference in the election.',
  'Officials in Paris, Berlin and Kyiv — «sans exception» — confirmed the talks would resume next week.',
  'Die Regierung erklärte, dass die Verhandlungen über den Haushalt 2017 fortgesetzt würden.',
  '外交部发言人表示，双方将继续就贸易问题进行磋商。',
].join('\n');

export interface OpenIndexInput {
  /** An SQLite file path (relative to `cwd`) or a `postgres://` URL. */
  db: string;
  cwd: string;
  /** Create the index if there is none (else that is a `STORE_MISSING` error). */
  create?: boolean;
  /** Engine options the caller set. Signing options must agree with those the index was built with
   *  (leave them out to use the index's); the others apply to this run only. */
  options?: Partial<Options>;
  /** Worker threads for analysis (default: every core for large inputs). */
  workers?: number;
  /** Screen candidates on their sketches before comparing them (default). `false` compares every
   *  indexed article that shares a band key with a new one in full: the same findings, slower. */
  screen?: boolean;
}

/** Opens an index, checking its schema version, its signing options and its engine. */
export async function openIndex(input: OpenIndexInput): Promise<ArticleIndex> {
  const given = input.options ?? {};
  const requested = resolveOptions(given);
  const store = await openStore(input.db, { cwd: input.cwd, create: input.create ?? false });
  try {
    const stored = parseSettings(await store.initMeta('settings', JSON.stringify(pickSigning(requested))), store.location);
    for (const name of SIGNING_OPTIONS) {
      const value = given[name];
      if (value !== undefined && value !== null && value !== stored[name]) {
        throw invalidOption(name, `${stored[name]} (the value ${store.location} was built with)`, value);
      }
    }
    const options = resolveOptions({ ...given, ...stored });
    const probe = probeFingerprint(options);
    const recorded = await store.initMeta('probe', probe);
    if (recorded !== probe) {
      throw new NewsdedupError(
        'STORE_VERSION',
        `${store.location}: expected an index signed by this version of the engine, got one signed differently (probe ${recorded}, now ${probe}); build a new index with index add`,
      );
    }
    const sketch = sketchFingerprint(options);
    const sketched = (await store.initMeta('sketch', sketch)) === sketch;
    return new ArticleIndex(store, options, input.workers, sketched, input.screen ?? true);
  } catch (error) {
    await store.close();
    throw error;
  }
}

export interface IndexHooks {
  /** Articles analyzed / total while adding or checking. */
  readonly progress?: ProgressListener;
}

export interface AddResult {
  /** Articles stored by this add, in id order. */
  readonly added: readonly { readonly id: string; readonly windows: number }[];
  /** Articles whose text was in the index already (or earlier in this input): nothing was done. */
  readonly skipped: readonly { readonly id: string; readonly sameAs: string }[];
  readonly windows: number;
  /** (band key, article) entries written. */
  readonly entries: number;
}

export interface CheckResult {
  /** The new articles, and the indexed articles they share passages with (indexed ones first in
   *  time: they are the source unless the evidence says otherwise). */
  readonly report: Report;
  /** Ids of the articles in the report that came from the index. */
  readonly indexed: readonly string[];
  /** Every article of the report with its text, for formats that show whole articles. */
  readonly articles: readonly Article[];
  /** Indexed articles that share an LSH band key with a new one (screened on their sketches). */
  readonly candidates: number;
  /** Of those, the articles that can share a finding with a new one: read, analysed and scanned. */
  readonly compared: number;
}

export interface IndexStats extends StoreStats {
  readonly backend: 'sqlite' | 'postgres';
  readonly location: string;
  readonly schemaVersion: number;
  readonly options: Readonly<Record<SigningOption, number>>;
}

export interface PruneInput {
  /** ISO 8601 date or date-time: articles published before it go (added before it, when their
   *  publication time is unknown). */
  before: string;
  dryRun?: boolean;
}

export class ArticleIndex {
  constructor(
    readonly store: IndexStore,
    /** The engine options in force: the index's signing options and the caller's others. */
    readonly options: ResolvedOptions,
    private readonly workers?: number,
    /** Whether the stored sketches were made as this version makes them (else checks analyse the
     *  candidates' text instead of reading their sketches). */
    private readonly sketched = true,
    private readonly screened = true,
  ) {}

  /**
   * Signs and stores articles. An article whose text is stored already is skipped; the rest go in
   * batches, each one transaction, so an interrupted add leaves whole articles or none.
   */
  async add(input: readonly Article[], hooks: IndexHooks = {}, addedAt = new Date().toISOString()): Promise<AddResult> {
    const articles = input.map(withFrontMatter).sort((x, y) => compareIds(x.id, y.id));
    const hashes = articles.map((a) => contentHash(a.text));
    const known = new Map<string, string>();
    for (let from = 0; from < hashes.length; from += HASH_CHUNK) {
      for (const [h, id] of await this.store.knownHashes(hashes.slice(from, from + HASH_CHUNK))) known.set(h, id);
    }
    const skipped: { id: string; sameAs: string }[] = [];
    const todo: { article: Article; hash: string }[] = [];
    articles.forEach((article, i) => {
      const sameAs = known.get(hashes[i]);
      if (sameAs !== undefined) skipped.push({ id: article.id, sameAs });
      else {
        known.set(hashes[i], article.id);
        todo.push({ article, hash: hashes[i] });
      }
    });

    const added: { id: string; windows: number }[] = [];
    let windows = 0;
    let entries = 0;
    const total = todo.length;
    hooks.progress?.({ stage: 'analyze', done: 0, total });
    let batch: NewStoredArticle[] = [];
    let batchEntries = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const stored = batch;
      batch = [];
      batchEntries = 0;
      const ids = await this.store.addArticles(stored, addedAt);
      stored.forEach((a, i) => {
        if (ids[i] === null) {
          skipped.push({ id: a.articleId, sameAs: '(added by another writer meanwhile)' });
        } else {
          added.push({ id: a.articleId, windows: a.windows });
          windows += a.windows;
          entries += a.bandKeys.length;
        }
      });
    };
    const pool = new AnalysisPool(this.options, resolveWorkers(this.workers, todo.length), 'index');
    const analyze = (from: number): Promise<ArticleAnalysis[]> => {
      const step = todo.slice(from, from + STEP_ARTICLES).map((t) => t.article);
      const analysed = pool.analyze(step, (a) => analyzeArticleForIndex(a, this.options), (done) => hooks.progress?.({ stage: 'analyze', done: from + done, total }));
      // Awaited in turn below; a failed store must not leave it unhandled meanwhile.
      analysed.catch(() => undefined);
      return analysed;
    };
    try {
      let next = todo.length > 0 ? analyze(0) : null;
      for (let from = 0; next !== null; from += STEP_ARTICLES) {
        const analyses = await next;
        // The workers analyse the next step while this one is stored.
        next = from + STEP_ARTICLES < todo.length ? analyze(from + STEP_ARTICLES) : null;
        for (let i = 0; i < analyses.length; i++) {
          const record = storedRecord(analyses[i], todo[from + i].hash);
          batch.push(record);
          batchEntries += record.bandKeys.length;
          if (batchEntries >= BATCH_ENTRIES || batch.length >= BATCH_ARTICLES) await flush();
        }
      }
      await flush();
    } finally {
      await pool.close();
    }
    skipped.sort((x, y) => compareIds(x.id, y.id));
    added.sort((x, y) => compareIds(x.id, y.id));
    return { added, skipped, windows, entries };
  }

  /**
   * Reports the passages of `input` found in the index and among the new articles themselves: the
   * same stages as a scan run on the new articles plus the indexed articles that share an LSH band
   * key with them; findings between indexed articles alone are left out. Of those candidates, only
   * the ones their sketches link to a new article (see screen-candidates.ts) are read, analysed and
   * scanned: the others cannot be part of a finding that concerns a new article.
   */
  async check(input: readonly Article[], problems: readonly Problem[] = [], hooks: IndexHooks = {}): Promise<CheckResult> {
    const fresh = input.map(withFrontMatter).sort((x, y) => compareIds(x.id, y.id));
    const freshAnalyses = await this.analyzeForScan(fresh, (done) => hooks.progress?.({ stage: 'analyze', done, total: fresh.length }));
    const analyzed = new Map<Article, ArticleAnalysis>(fresh.map((a, i) => [a, freshAnalyses[i]]));
    const keys = new Set<number>();
    for (const a of freshAnalyses) for (const k of distinctKeys(a.bandKeys!)) keys.add(k);
    const entries = await this.store.lookup(Uint32Array.from(keys));
    // A band key held by more indexed articles than a bucket may hold is boilerplate-like: keep the
    // earliest added, as a scan caps its buckets.
    const rowIds = new Set<number>();
    let from = 0;
    while (from < entries.keys.length) {
      let to = from + 1;
      while (to < entries.keys.length && entries.keys[to] === entries.keys[from]) to++;
      for (let i = from; i < Math.min(to, from + this.options.maxBucketSize); i++) rowIds.add(entries.articles[i]);
      from = to;
    }

    // The candidates, screened on their sketches: only those that can share a finding with a new
    // article are read and analysed (see screen-candidates.ts).
    const rows = await this.store.getSketches([...rowIds]);
    const ids = idsInCheck(rows, new Set(fresh.map((a) => a.id)));
    const loaded = new Map<number, { article: Article; row: StoredArticle }>();
    const load = async (wanted: readonly number[]): Promise<void> => {
      if (wanted.length === 0) return;
      const stored = await this.store.getArticles(wanted);
      const made = stored.map((row) => ({ article: indexedArticle(row, ids.get(row.rowId)!), row }));
      const analyses = await this.analyzeForScan(made.map((m) => m.article), () => undefined);
      made.forEach((m, i) => {
        loaded.set(m.row.rowId, m);
        analyzed.set(m.article, analyses[i]);
      });
    };
    let chosen = rows.map((r) => r.rowId);
    if (this.screened) {
      const sketches = new Map<number, Sketch>();
      for (const row of rows) {
        const sketch = this.sketched ? decodeSketch(row.sketch) : null;
        if (sketch) sketches.set(row.rowId, sketch);
      }
      // Articles stored without a sketch (by schema version 1) are analysed to screen them.
      await load(rows.filter((r) => !sketches.has(r.rowId)).map((r) => r.rowId));
      for (const [rowId, { article }] of loaded) sketches.set(rowId, sketchOf(analyzed.get(article)!, this.options));
      // (An article pruned meanwhile by another process is left out.)
      chosen = screen(rows.filter((r) => sketches.has(r.rowId)), ids, sketches, fresh, freshAnalyses.map((a) => sketchOf(a, this.options)), this.options);
    }
    await load(chosen.filter((rowId) => !loaded.has(rowId)));

    const indexed = chosen.flatMap((rowId) => loaded.get(rowId) ?? []);
    const details = await scanArticlesParallel([...indexed.map((x) => x.article), ...fresh], this.options, { progress: undefined }, { workers: this.workers, analyzed });
    const freshIds = new Set(fresh.map((a) => a.id));
    const restricted = restrictTo(details, (i) => freshIds.has(details.articles[i].article.id));
    const addedAt = new Map(indexed.map((x) => [x.article.id, x.row.addedAt]));
    const kept = indexedFirst(restricted, (i) => addedAt.get(restricted.articles[i].article.id) ?? null);
    const report = buildReport(kept, [...problems, ...(kept.problems ?? [])], VERSION);
    const indexedIds = new Set(indexed.map((x) => x.article.id));
    return {
      report,
      indexed: kept.articles.map((a) => a.article.id).filter((id) => indexedIds.has(id)),
      articles: kept.articles.map((a) => a.article),
      candidates: rows.length,
      compared: indexed.length,
    };
  }

  async stats(): Promise<IndexStats> {
    return {
      backend: this.store.backend,
      location: this.store.location,
      schemaVersion: this.store.schemaVersion,
      options: pickSigning(this.options),
      ...(await this.store.stats()),
    };
  }

  /** Removes old articles and their postings in one transaction; returns how many (would) go. */
  async prune(input: PruneInput): Promise<number> {
    const before = parseDate(input.before);
    if (before === null) throw invalidOption('before', 'a date such as 2024-05-01 or 2024-05-01T12:00:00Z', input.before);
    return this.store.prune(before, input.dryRun ?? false);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** A scan's per-article stages, on the worker pool when there are many articles. */
  private analyzeForScan(articles: readonly Article[], onBatch: (done: number) => void): Promise<ArticleAnalysis[]> {
    const workers = resolveWorkers(this.workers, articles.length);
    return analyzeInPool(articles, (a) => analyzeArticleForScan(a, this.options), this.options, workers, onBatch, 'scan');
  }
}

/** SHA-256 of the text: the same text is the same article, whatever its file is called. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Distinct band keys of every window of an article, ascending: the keys a scan would bucket it by. */
export function bandKeys(analysis: ArticleAnalysis, options: ResolvedOptions): Uint32Array {
  return distinctKeys(analysis.bandKeys ?? keyBands(analysis.signatures, options.bands, options.rows));
}

function storedRecord(analysis: ArticleAnalysis, hash: string): NewStoredArticle {
  const a = analysis.article;
  return {
    hash,
    articleId: a.id,
    path: a.path,
    meta: a.meta ?? null,
    published: a.meta?.published ? parseDate(a.meta.published) : null,
    text: a.text,
    chars: codePoints(a.text),
    windows: analysis.windows.count,
    bandKeys: analysis.stored!.keys,
    sketch: analysis.stored!.sketch,
  };
}

/** The sketch of an article analysed by a scan's per-article stages. */
function sketchOf(analysis: ArticleAnalysis, options: ResolvedOptions): Sketch {
  return sketchArticle(analysis, analysis.bandKeys!, analysis.quotes!, options);
}

/**
 * The ids stored articles take in a check. They are the ids they were added under; one that a new
 * article also uses, or an indexed article of a lower row id, is told apart by its row number.
 */
function idsInCheck(rows: readonly { rowId: number; articleId: string }[], taken: ReadonlySet<string>): Map<number, string> {
  const used = new Set(taken);
  const out = new Map<number, string>();
  for (const row of rows) {
    let id = row.articleId;
    if (used.has(id)) id = `${row.articleId}@index:${row.rowId}`;
    used.add(id);
    out.set(row.rowId, id);
  }
  return out;
}

/** A stored article as an article again, under its id in the check. */
function indexedArticle(row: StoredArticle, id: string): Article {
  const meta: ArticleMeta = { ...(row.meta ?? {}) };
  return { id, path: row.path, text: row.text, meta };
}

/**
 * The candidates (by row id, ascending) that a scan of all of them with the new articles could put
 * in a finding with a new article: every article in scan order (ids ascending, exact copies once,
 * the first in that order, as collapse-copies keeps them), screened on its sketch.
 */
function screen(
  rows: readonly StoredSketch[],
  ids: ReadonlyMap<number, string>,
  sketches: ReadonlyMap<number, Sketch>,
  fresh: readonly Article[],
  freshSketches: readonly Sketch[],
  options: ResolvedOptions,
): number[] {
  const members = [
    ...rows.map((r) => ({ id: ids.get(r.rowId)!, hash: r.hash, blank: false, sketch: sketches.get(r.rowId)!, rowId: r.rowId })),
    ...fresh.map((a, i) => ({ id: a.id, hash: contentHash(a.text), blank: a.text.trim() === '', sketch: freshSketches[i], rowId: -1 })),
  ].sort((x, y) => compareIds(x.id, y.id));
  const unique: number[] = [];
  const group = new Int32Array(members.length);
  const first = new Map<string, number>();
  members.forEach((m, i) => {
    const seen = m.blank ? undefined : first.get(m.hash);
    if (seen !== undefined) {
      group[i] = seen;
      return;
    }
    group[i] = unique.length;
    if (!m.blank) first.set(m.hash, unique.length);
    unique.push(i);
  });
  const isFresh = new Array<boolean>(unique.length).fill(false);
  members.forEach((m, i) => {
    if (m.rowId < 0) isFresh[group[i]] = true;
  });
  const keep = screenCandidates(unique.map((i) => members[i].sketch), isFresh, options);
  return members.filter((m, i) => m.rowId >= 0 && keep[group[i]] === 1).map((m) => m.rowId).sort((x, y) => x - y);
}

/**
 * The findings that concern the new articles: clusters with a new member, pairs with a new side,
 * and the articles they name (every new article stays). Article indexes are renumbered.
 */
export function restrictTo(details: ScanDetails, isNew: (article: number) => boolean): ScanDetails {
  const n = details.articles.length;
  const keepCluster = details.clusters.map((c) => c.members.some((m) => isNew(m.article)));
  const keepPair = details.pairs.map((p) => isNew(p.a) || isNew(p.b));
  const keepArticle = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isNew(i)) keepArticle[i] = 1;
  details.clusters.forEach((c, i) => {
    if (keepCluster[i]) for (const m of c.members) keepArticle[m.article] = 1;
  });
  details.pairs.forEach((p, i) => {
    if (keepPair[i]) keepArticle[p.a] = keepArticle[p.b] = 1;
  });
  const map = new Int32Array(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) if (keepArticle[i]) map[i] = next++;
  const at = (i: number): number => map[i];
  const span = <S extends { article: number }>(s: S): S => ({ ...s, article: at(s.article) });
  const pick = <T>(list: readonly T[], keep: readonly boolean[]): T[] => list.filter((_, i) => keep[i]);
  const keepArticles = Array.from(keepArticle, (k) => k === 1);
  const attribution = details.attribution;
  return {
    ...details,
    articles: pick(details.articles, keepArticles),
    alignments: details.alignments
      .filter((x) => keepArticle[x.a.article] && keepArticle[x.b.article] && (isNew(x.a.article) || isNew(x.b.article)))
      .map((x) => ({ ...x, a: span(x.a), b: span(x.b) })),
    clusters: pick(details.clusters, keepCluster).map((c) => ({ ...c, members: c.members.map(span) })),
    pairs: pick(details.pairs, keepPair).map((p) => ({ ...p, a: at(p.a), b: at(p.b) })),
    ...(details.profiles ? { profiles: pick(details.profiles, keepArticles) } : {}),
    ...(attribution
      ? {
          attribution: {
            ...attribution,
            pairs: pick(attribution.pairs, keepPair).map((p) => ({
              ...p,
              a: at(p.a),
              b: at(p.b),
              direction: p.direction && { ...p.direction, from: at(p.direction.from), to: at(p.direction.to) },
            })),
            clusters: pick(attribution.clusters, keepCluster).map((c) => ({
              ...c,
              edges: c.edges.map((e) => ({ ...e, from: at(e.from), to: at(e.to) })),
              undetermined: c.undetermined.map((u) => ({ ...u, a: at(u.a), b: at(u.b) })),
            })),
            copiedChars: pick(attribution.copiedChars, keepArticles),
            originality: pick(attribution.originality, keepArticles),
          },
        }
      : {}),
  };
}

/** Verdicts the direction rules leave open for want of evidence (not because evidence conflicts). */
const WEAK = /^undetermined: (no rule decides|the evidence is too weak)/;
/** Confidence of the index's default: as strong as the time rule alone would be (attribute.ts). */
const INDEX_CONFIDENCE = 0.9;

/**
 * The indexed article was there first: where the direction rules find no evidence either way, the
 * indexed article of a pair becomes the source of the new one, saying so in the evidence. Where the
 * evidence conflicts, or both or neither article came from the index, the verdict stands.
 */
export function indexedFirst(details: ScanDetails, addedAt: (article: number) => string | null): ScanDetails {
  const attribution = details.attribution;
  if (!attribution) return details;
  const tag = (i: number): string => details.articles[i].article.id;
  const decide = (a: number, b: number, evidence: readonly string[]) => {
    const ta = addedAt(a);
    const tb = addedAt(b);
    if ((ta === null) === (tb === null) || !WEAK.test(evidence[0] ?? '')) return null;
    const [from, to] = ta !== null ? [a, b] : [b, a];
    const reason = `index: ${tag(from)} was in the index (added ${addedAt(from)}) before ${tag(to)} was checked against it`;
    return { from, to, confidence: INDEX_CONFIDENCE, evidence: [reason, ...evidence.slice(1)] };
  };
  const pairs = attribution.pairs.map((p) => {
    if (p.direction) return p;
    const direction = decide(p.a, p.b, p.evidence);
    return direction ? { ...p, direction, evidence: direction.evidence } : p;
  });
  const clusters = attribution.clusters.map((c, ci) => {
    const edges = [...c.edges];
    const undetermined = c.undetermined.filter((u) => {
      const direction = decide(u.a, u.b, u.evidence);
      if (direction) edges.push({ ...direction, chars: u.chars });
      return !direction;
    });
    if (undetermined.length === c.undetermined.length) return c;
    edges.sort((x, y) => x.from - y.from || x.to - y.to);
    const copies = new Set(edges.map((e) => e.to));
    const sources = new Set(edges.map((e) => e.from));
    const roles = details.clusters[ci].members.map((m): MemberRole => (copies.has(m.article) ? 'copy' : sources.has(m.article) ? 'source' : 'unknown'));
    return { ...c, edges, undetermined, roles };
  });
  return { ...details, attribution: { ...attribution, pairs, clusters } };
}

function pickSigning(options: ResolvedOptions): Record<SigningOption, number> {
  return Object.fromEntries(SIGNING_OPTIONS.map((k) => [k, options[k]])) as Record<SigningOption, number>;
}

function parseSettings(json: string, location: string): Record<SigningOption, number> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = null;
  }
  const record = value as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || SIGNING_OPTIONS.some((k) => typeof record[k] !== 'number')) {
    throw new NewsdedupError('STORE_CORRUPT', `${location}: expected the index's signing options, got ${JSON.stringify(json).slice(0, 80)}`);
  }
  return pickSigning(record as unknown as ResolvedOptions);
}

/** Band keys of the probe text folded into one hex number: changes if any stage that signs changes. */
function probeFingerprint(options: ResolvedOptions): string {
  const keys = bandKeys(analyzeArticle({ id: 'probe', path: 'probe', text: PROBE }, options), options);
  let h = combine(0x1ded, keys.length);
  for (let i = 0; i < keys.length; i++) h = combine(h, keys[i]);
  return `${keys.length}-${(fmix32(h) >>> 0).toString(16).padStart(8, '0')}`;
}

/** Text sketched when an index is opened: sketches stored by an engine that sketches it differently are not read. */
const SKETCH_PROBE = [
  PROBE,
  '“We will not accept any interference whatsoever in our elections,” the foreign minister said on Wednesday.',
  '«Nous ne céderons sur rien, ni maintenant ni plus tard», a déclaré le ministre aux journalistes.',
].join('\n');

/** The probe's sketch folded into one hex number. */
function sketchFingerprint(options: ResolvedOptions): string {
  const bytes = analyzeArticleForIndex({ id: 'probe', path: 'probe', text: SKETCH_PROBE }, options).stored!.sketch;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let h = combine(0x5ce7, words.length);
  for (let i = 0; i < words.length; i++) h = combine(h, words[i]);
  return `${words.length}-${(fmix32(h) >>> 0).toString(16).padStart(8, '0')}`;
}

/** ISO 8601 in UTC, or null. A bare date is midnight UTC. */
function parseDate(value: string): string | null {
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function codePoints(text: string): number {
  return codePointCounter(text)(text.length);
}
