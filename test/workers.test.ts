import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, resolveOptions, resolveWorkers, scan, scanArticlesParallel, scanTexts, type Report } from '../src/index.js';
import { analyzeArticleForIndex, analyzeArticleForLeanScan, analyzeArticleForScan, COLLECT_FROM } from '../src/pipeline.js';
import { joinQuotes, quoteTokenRanges, quoteUnits } from '../src/stages/find-quotes.js';
import { findTitle } from '../src/stages/find-title.js';
import { AnalysisStream, analyzeInPool, joinQuotesInWorker } from '../src/workers/pool.js';
import { heldTextBytes, releaseTexts, storedBytes, storedTextKey, storeText } from '../src/kernels/stored-text.js';
import type { Article } from '../src/types.js';
// @ts-expect-error the corpus generator is plain JavaScript without type declarations
import { generateTo } from '../bench/generate.js';

const root = path.resolve(__dirname, '..');
let corpus: string;

beforeAll(() => {
  corpus = mkdtempSync(path.join(tmpdir(), 'newsdedup-workers-'));
  // 300 articles with every planted kind of reuse: three batches, so both threads get work.
  (generateTo as (out: string, size: number, seed: number) => boolean)(path.join(corpus, 'c'), 300, 7);
});
afterAll(() => rmSync(corpus, { recursive: true, force: true }));

async function both(paths: string[], cwd: string): Promise<[Report, Report]> {
  const one = await scan({ paths, cwd, workers: 1 });
  const two = await scan({ paths, cwd, workers: 2 });
  return [one, two];
}

describe('worker threads', () => {
  it('the compiled worker script exists, so two workers really run in a pool', () => {
    expect(existsSync(path.join(root, 'dist/workers/analyze-worker.js'))).toBe(true);
  });

  it('the fixture gives byte-identical JSON and text with 1 and 2 worker threads', async () => {
    const [one, two] = await both(['fixtures/france-russia'], root);
    expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
    expect(formatReport(two, 'text', { color: 0, width: 100 })).toBe(formatReport(one, 'text', { color: 0, width: 100 }));
  });

  it('a generated corpus gives byte-identical JSON with 1 and 2 worker threads, and finds its planted reuse', async () => {
    const [one, two] = await both(['c/articles'], corpus);
    expect(one.summary.articles).toBe(300);
    expect(one.clusters.length).toBeGreaterThan(10);
    expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
  });

  it('texts let go as their batches go to the threads, and read again from the files, give the same report', async () => {
    const [, two] = await both(['c/articles'], corpus);
    const released = await scan({ paths: ['c/articles'], cwd: corpus, workers: 2, releaseTextsAbove: 0 });
    expect(formatReport(released, 'json')).toBe(formatReport(two, 'json'));
  });

  it('articles analyzed while the corpus is read give the same report, with front matter, exact copies and texts let go', async () => {
    // The generated corpus, plus exact copies under other names and articles with front matter
    // (whose text the scan changes, so they are analyzed again).
    const dir = path.join(corpus, 'mixed');
    cpSync(path.join(corpus, 'c/articles'), dir, { recursive: true });
    const names = readdirSync(dir, { recursive: true }).map(String).filter((n) => n.endsWith('.txt')).sort();
    for (const name of names.slice(0, 5)) copyFileSync(path.join(dir, name), path.join(dir, `copy-of-${path.basename(name)}`));
    for (const name of names.slice(10, 15)) writeFileSync(path.join(dir, name), `---\noutlet: Wire ${name.length}\n---\n${readFileSync(path.join(dir, name), 'utf8')}`);
    const one = await scan({ paths: ['mixed'], cwd: corpus, workers: 1 });
    expect(one.summary.articles).toBe(305);
    const analyzing: number[] = [];
    const two = await scan({ paths: ['mixed'], cwd: corpus, workers: 2, progress: (e) => void (e.stage === 'analyze' && analyzing.push(e.done)) });
    // Analyzed while read: every article but the five with front matter is done when analysis
    // starts; the copies came with their texts' analyses.
    expect(analyzing.slice(0, 2)).toEqual([0, 300]);
    expect(analyzing.at(-1)).toBe(305);
    const released = await scan({ paths: ['mixed'], cwd: corpus, workers: 2, releaseTextsAbove: 0 });
    expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
    expect(formatReport(released, 'json')).toBe(formatReport(one, 'json'));
  });

  it('an analysis stream analyzes stored texts as they come, as the per-article stages do here, and lets texts go past its limit', async () => {
    const options = resolveOptions({});
    const text = (i: number): string => `“Quote ${i},” the minister said in Paris on day ${i}. Émile wrote ${i % 7} words.`;
    const articles = Array.from({ length: 300 }, (_, i) => storeText({ id: `s${i}`, path: `s${i}` }, text(i), undefined, () => Buffer.from(text(i), 'utf8')));
    const plain: Article = { id: 'plain', path: 'plain', text: text(0) };
    let collected = 0;
    const stream = new AnalysisStream(options, 2, 'lean-scan', 0, undefined, () => void collected++);
    try {
      for (const article of [...articles, plain]) stream.add(article);
      const made = await stream.end();
      // Once, when the texts sent before the limit was passed were let go.
      expect(collected).toBe(1);
      // Stored texts only (a plain one has nothing to be found again by), every one of them.
      expect(made.size).toBe(articles.length);
      for (const article of articles) {
        const { article: _, ...here } = analyzeArticleForLeanScan(article, options);
        const there = made.get(storedTextKey(article)!)!;
        expect([there.tokens.count, [...there.shingles.values], [...there.bandKeys!.keys], there.quotes]).toEqual([here.tokens.count, [...here.shingles.values], [...here.bandKeys!.keys], here.quotes]);
      }
      // Past the limit (0 bytes) every text went as it was sent; each is read again when asked for.
      expect(heldTextBytes(articles)).toBe(0);
      expect(articles[5].text).toBe(text(5));
      // The stream holds no result once taken.
      expect((await stream.end()).size).toBe(0);
    } finally {
      await stream.close();
    }
    // One thread, or fewer articles than a scan starts threads for: nothing is analyzed early.
    for (const [workers, count] of [[1, 300], [undefined, 200]] as const) {
      const idle = new AnalysisStream(options, workers, 'lean-scan');
      for (const article of articles.slice(0, count)) idle.add(article);
      expect((await idle.end()).size).toBe(0);
      expect(idle.threads()).toBeNull();
      await idle.close();
    }
  });

  it('an analysis stream has reading wait while many bytes of text wait for its threads, and sends them even when fewer than a batch', async () => {
    const options = resolveOptions({});
    // Reading waits past 64 KB of text: texts of 2 KB, then of 100 KB, fewer than a batch of which
    // are more than that.
    const long = (i: number): string => `Article ${i}. ` + 'The minister spoke again today. '.repeat(i < 200 ? 64 : 3200);
    const articles = Array.from({ length: 260 }, (_, i) => storeText({ id: `w${i}`, path: `w${i}` }, long(i)));
    const waitAbove = 64 << 10;
    const stream = new AnalysisStream(options, 2, 'lean-scan', Infinity, waitAbove);
    try {
      let waits = 0;
      for (const article of articles) {
        const wait = stream.add(article);
        if (wait) {
          waits++;
          await wait;
        }
      }
      expect(waits).toBeGreaterThan(0);
      expect((await stream.end()).size).toBe(articles.length);
      // Every wait ended: long texts waiting, fewer than a batch, went to the threads as a part of one.
      const alone = new AnalysisStream(options, 2, 'lean-scan', Infinity, waitAbove);
      for (const article of articles.slice(0, 200)) alone.add(article);
      for (const article of articles.slice(200, 210)) await alone.add(article);
      expect((await alone.end()).size).toBe(210);
      await alone.close();
    } finally {
      await stream.close();
    }
  });

  it('the pool makes each batch once, in order, as the threads take them', async () => {
    const options = resolveOptions({});
    const articles = Array.from({ length: 1000 }, (_, i) => ({ id: `a${String(i).padStart(4, '0')}`, path: `a${i}`, text: `Article ${i} says the minister spoke on day ${i}.` }));
    const sent: string[] = [];
    const here = articles.map((a) => analyzeArticleForScan(a, options));
    const there = await analyzeInPool(articles, (a) => analyzeArticleForScan(a, options), options, 2, () => undefined, 'scan', (batch) => sent.push(...batch.map((a) => a.id)));
    expect(sent).toEqual(articles.map((a) => a.id));
    const failing = () => {
      throw new Error('progress listener failed');
    };
    await expect(analyzeInPool(articles, (a) => analyzeArticleForScan(a, options), options, 2, failing, 'scan')).rejects.toThrow('progress listener failed');
    expect(there.map((a) => [a.article.id, a.windows.count, [...a.bandKeys!.keys]])).toEqual(here.map((a) => [a.article.id, a.windows.count, [...a.bandKeys!.keys]]));
  });

  it("a scan's arrays come back from the threads in shared memory, an index's in buffers handed over, with the same values", async () => {
    const options = resolveOptions({});
    const articles = Array.from({ length: 300 }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}`, path: `a${i}`, text: `“Farmers will receive new subsidies from ${i} regional funds,” the minister said. Article ${i} says the minister spoke in Paris on day ${i}.` }));
    const scanned = await analyzeInPool(articles, (a) => analyzeArticleForLeanScan(a, options), options, 2, () => undefined, 'lean-scan');
    const here = articles.map((a) => analyzeArticleForLeanScan(a, options));
    // Empty arrays are one shared empty array per kind (see shareEmpty); every other is shared memory.
    const arrays = scanned.flatMap((a) => [a.shingles.values, a.shingles.offset, a.windows.first, a.bandKeys!.keys, a.quoteStems!.stems]).filter((x) => x.length > 0);
    expect(arrays.length).toBe(5 * articles.length);
    for (const array of arrays) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(scanned.map((a) => [a.tokens.count, [...a.shingles.values], [...a.bandKeys!.keys], [...a.quoteStems!.stems]])).toEqual(
      here.map((a) => [a.tokens.count, [...a.shingles.values], [...a.bandKeys!.keys], [...a.quoteStems!.stems]]),
    );
    const indexed = await analyzeInPool(articles, (a) => analyzeArticleForIndex(a, options), options, 2, () => undefined, 'index');
    for (const a of indexed) expect(a.stored!.sketch.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(indexed.map((a) => [...a.stored!.sketch])).toEqual(articles.map((a) => [...analyzeArticleForIndex(a, options).stored!.sketch]));
  });

  it('texts in shared slabs, texts read again from their files and plain texts reach the threads alike', async () => {
    const options = resolveOptions({});
    const text = (i: number): string => `“Quote ${i},” the minister said in Paris on day ${i}. Émile wrote ${i} words.`;
    const articles: Article[] = Array.from({ length: 300 }, (_, i) => {
      const fields = { id: `a${String(i).padStart(3, '0')}`, path: `a${i}` };
      if (i % 3 === 2) return { ...fields, text: text(i) };
      return storeText(fields, text(i), undefined, () => Buffer.from(text(i), 'utf8'));
    });
    // A third let go before the pool takes them: their bytes come from the reads again, not a slab.
    releaseTexts(articles.filter((_, i) => i % 3 === 1));
    expect(storedBytes(articles[0])!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(storedBytes(articles[1])!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const there = await analyzeInPool(articles, (a) => analyzeArticleForScan(a, options), options, 2, () => undefined, 'scan');
    const here = articles.map((a) => analyzeArticleForScan({ id: a.id, path: a.path, text: text(Number(a.path.slice(1))) }, options));
    expect(there.map((a) => [a.article.id, a.tokens.count, [...a.shingles.values], a.quotes])).toEqual(here.map((a) => [a.article.id, a.tokens.count, [...a.shingles.values], a.quotes]));
  });

  it('scan() holds no token arrays (lean), tokenizes again only what alignment needs, and still reports exactly what scanTexts finds', async () => {
    const names = readdirSync(path.join(corpus, 'c/articles'), { recursive: true }).map(String).filter((n) => n.endsWith('.txt'));
    const articles = names.map((name) => ({ id: `c/articles/${name}`, path: `c/articles/${name}`, text: readFileSync(path.join(corpus, 'c/articles', name), 'utf8') }));
    const [one] = await both(['c/articles'], corpus);
    expect(formatReport(scanTexts(articles), 'json')).toBe(formatReport(one, 'json'));
    const lean = await scanArticlesParallel(articles, {}, {}, { workers: 1, lean: true });
    expect(lean.articles.every((a) => a.tokens.hash.length === 0 && a.tokens.count > 0)).toBe(true);
    // Titles are found with the per-article stages: the report reads no text again for them.
    expect(lean.articles.every((a) => a.title === findTitle(a.article.text) && a.title.length > 0)).toBe(true);
    // Quote clusters are placed from token ranges found with the quotes, not from token arrays.
    const options = resolveOptions({});
    for (const article of articles.slice(0, 40)) {
      const full = analyzeArticleForScan(article, options);
      const thin = analyzeArticleForLeanScan(article, options);
      expect(thin.tokens.hash.length).toBe(0);
      expect([...thin.quoteTokens!]).toEqual([...quoteTokenRanges(full.tokens, full.quotes!)]);
    }
  });

  it('a lean scan of COLLECT_FROM articles or more collects garbage three times between stages, a smaller one never, with the same result', async () => {
    // Short articles, a fifth of them copies of another: banding, verification and alignment run.
    const words = ['minister', 'said', 'talks', 'border', 'election', 'vote', 'agency', 'report', 'week', 'state', 'city', 'court'];
    const text = (i: number): string => Array.from({ length: 24 }, (_, w) => `${words[(i * 7 + w * (i % 5 + 1)) % words.length]}${(i * 31 + w) % 97}`).join(' ') + '.';
    const articles = Array.from({ length: COLLECT_FROM }, (_, i) => ({ id: `a${String(i).padStart(5, '0')}`, path: `a${i}`, text: text(i % 5 === 0 && i > 0 ? i - 1 : i) }));
    let collected = 0;
    const collectGarbage = (): void => void collected++;
    const large = await scanArticlesParallel(articles, {}, {}, { workers: 1, lean: true, collectGarbage });
    expect(collected).toBe(3);
    const without = await scanArticlesParallel(articles, {}, {}, { workers: 1, lean: true });
    expect(large.pairs).toEqual(without.pairs);
    expect(large.pairs.length).toBeGreaterThan(0);
    collected = 0;
    await scanArticlesParallel(articles.slice(0, 500), {}, {}, { workers: 1, lean: true, collectGarbage });
    await scanArticlesParallel(articles, {}, {}, { workers: 1, collectGarbage });
    expect(collected).toBe(0);
  });

  it('the quote channel joins the same quotes on a thread of its own as here', async () => {
    const names = readdirSync(path.join(corpus, 'c/articles'), { recursive: true }).map(String).filter((n) => n.endsWith('.txt')).sort();
    const options = resolveOptions({});
    const analyses = names.map((name) => analyzeArticleForScan({ id: name, path: name, text: readFileSync(path.join(corpus, 'c/articles', name), 'utf8') }, options));
    const make = () => quoteUnits(analyses.map((a) => a.quotes ?? []), analyses.map((a) => a.quoteStems!));
    const here = joinQuotes(make(), options);
    expect(here.group.length).toBeGreaterThan(1000);
    expect(new Set(here.group).size).toBeLessThan(here.group.length);
    const there = await joinQuotesInWorker(make(), options);
    expect([...there.group]).toEqual([...here.group]);
    expect([...there.lowest]).toEqual([...here.lowest]);
  });

  it('validates the worker count once, with the option named', () => {
    expect(resolveWorkers(3, 10)).toBe(3);
    expect(resolveWorkers(undefined, 10)).toBe(1);
    expect(() => resolveWorkers(0, 10)).toThrow(/workers/);
    expect(() => resolveWorkers(1.5, 10)).toThrow(/workers/);
  });
});
