import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import {
  FORMAT_NAMES, NewsdedupError, formatReport, openIndex, readInputs, scanTexts, type Article, type ArticleIndex, type CheckResult,
} from '../../src/index.js';
// @ts-expect-error the corpus generator is plain JavaScript without type declarations
import { generateTo } from '../../bench/generate.js';
import { root } from './cli.js';

/**
 * The behaviour both index backends must share; `newDb` gives a fresh, empty index location and
 * `sql` runs statements on one (to make an index as an older version left it).
 */
export function indexSuite(newDb: () => Promise<string>, sql: (db: string, statements: readonly string[]) => Promise<void>): void {
  const open = async (db: string, create = true): Promise<ArticleIndex> => openIndex({ db, cwd: root, create, workers: 1 });

  it('stores each text once: adding it again, under any name, is a no-op', async () => {
    const db = await newDb();
    const index = await open(db);
    try {
      const first = await index.add(corpus(6));
      expect(first.added).toHaveLength(6);
      expect(first.entries).toBeGreaterThan(0);
      const again = await index.add([...corpus(6), { id: 'renamed.txt', path: 'renamed.txt', text: corpus(1)[0].text }]);
      expect(again.added).toHaveLength(0);
      expect(again.skipped.map((s) => s.id)).toEqual(['a0.txt', 'a1.txt', 'a2.txt', 'a3.txt', 'a4.txt', 'a5.txt', 'renamed.txt']);
      expect(again.skipped.find((s) => s.id === 'renamed.txt')?.sameAs).toBe('a0.txt');
      const stats = await index.stats();
      expect(stats.articles).toBe(6);
      expect(stats.entries).toBe(first.entries);
      expect(stats.windows).toBe(first.windows);
    } finally {
      await index.close();
    }
  });

  it('check finds what a scan of everything finds, for the new articles', async () => {
    const { articles } = await readInputs(['fixtures/france-russia'], { cwd: root, extensions: ['.txt'], maxBytes: 1 << 24 });
    const full = scanTexts(articles);
    for (const indexed of [[0, 1, 2], [1, 3], [0]]) {
      const db = await newDb();
      const index = await open(db);
      try {
        const old = articles.filter((_, i) => indexed.includes(i));
        const fresh = articles.filter((_, i) => !indexed.includes(i));
        await index.add(old);
        const { report, indexed: fromIndex } = await index.check(fresh);
        const freshIds = new Set(fresh.map((a) => a.id));
        const key = (p: (typeof report.pairs)[number]): string => `${p.a} ${p.b} ${p.relation} ${p.sharedChars.a} ${p.sharedChars.b}`;
        expect(report.pairs.map(key)).toEqual(full.pairs.filter((p) => freshIds.has(p.a) || freshIds.has(p.b)).map(key));
        for (const id of fromIndex) expect(freshIds.has(id)).toBe(false);
        // Every cluster concerns a new article.
        for (const c of report.clusters) expect(c.members.some((m) => freshIds.has(m.article))).toBe(true);
      } finally {
        await index.close();
      }
    }
  });

  it('the indexed article is the source of a copy unless the evidence says otherwise', async () => {
    const db = await newDb();
    const index = await open(db);
    try {
      const source = corpus(1)[0];
      await index.add([source]);
      const copy: Article = { id: 'copy.txt', path: 'copy.txt', text: `${sentences(900, 3)}\n\n${source.text}\n\n${sentences(901, 3)}` };
      const { report } = await index.check([copy]);
      expect(report.pairs).toHaveLength(1);
      const pair = report.pairs[0] as (typeof report.pairs)[number] & { direction?: { from: string; to: string; evidence: string[] } | null };
      expect(pair.direction?.from).toBe('a0.txt');
      expect(pair.direction?.to).toBe('copy.txt');
      expect(pair.direction?.evidence.join(' ')).toMatch(/index: a0\.txt was in the index/);
      for (const format of FORMAT_NAMES) {
        const out = formatReport(report, format, { color: 0, width: 100, full: false, top: null, texts: new Map([[copy.id, copy.text], [source.id, source.text]]) });
        expect(out.length, format).toBeGreaterThan(0);
      }
    } finally {
      await index.close();
    }
  });

  it('prunes articles published before a date, with their band keys', async () => {
    const db = await newDb();
    const index = await open(db);
    try {
      const dated = corpus(4).map((a, i) => ({ ...a, meta: { published: `2024-0${i + 1}-15T10:00:00Z` } }));
      await index.add(dated);
      expect(await index.prune({ before: '2024-03-01', dryRun: true })).toBe(2);
      expect((await index.stats()).articles).toBe(4);
      expect(await index.prune({ before: '2024-03-01' })).toBe(2);
      const stats = await index.stats();
      expect(stats.articles).toBe(2);
      expect(stats.firstPublished).toBe('2024-03-15T10:00:00.000Z');
      // A pruned article is no longer found; the others still are.
      const { report, indexed } = await index.check([{ ...dated[0], id: 'again0.txt' }, { ...dated[3], id: 'again3.txt' }]);
      expect(indexed).toEqual(['a3.txt']);
      expect(report.pairs.map((p) => `${p.a} ${p.b} ${p.relation}`)).toEqual(['a3.txt again3.txt duplicate']);
      await expect(index.prune({ before: 'last tuesday' })).rejects.toThrow(/before/);
    } finally {
      await index.close();
    }
  });

  it('keeps its signing options and refuses others', async () => {
    const db = await newDb();
    const first = await openIndex({ db, cwd: root, create: true, options: { shingleSize: 4 }, workers: 1 });
    await first.add(corpus(2));
    await first.close();
    const again = await open(db, false);
    expect(again.options.shingleSize).toBe(4);
    await again.close();
    await expect(openIndex({ db, cwd: root, options: { shingleSize: 3 } })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/shingleSize: expected 4 \(the value .* was built with\), got 3/),
    });
    // Options that only judge candidates may change from run to run.
    const lenient = await openIndex({ db, cwd: root, options: { verifyThreshold: 0.6, minPassageTokens: 12 } });
    expect(lenient.options.verifyThreshold).toBe(0.6);
    await lenient.close();
  });

  it('screens candidates on their sketches: only those linked to a new article are compared, and the findings are those of comparing every candidate', async () => {
    const articles = await generated(160, 11);
    const db = await newDb();
    const index = await open(db);
    const everything = await openIndex({ db, cwd: root, workers: 1, screen: false });
    try {
      await index.add(articles.slice(0, 120));
      const batches = [articles.slice(120), ...articles.slice(120, 136).map((a) => [a])];
      let candidates = 0;
      let compared = 0;
      let found = 0;
      for (const batch of batches) {
        const screened = await index.check(batch);
        const all = await everything.check(batch);
        expect(findings(screened)).toEqual(findings(all));
        expect(all.compared).toBe(all.candidates);
        expect(screened.compared).toBeLessThanOrEqual(screened.candidates);
        expect(screened.compared).toBeGreaterThanOrEqual(screened.indexed.length);
        candidates += screened.candidates;
        compared += screened.compared;
        found += screened.indexed.length;
      }
      // The generated corpus plants copies across the two halves, and shares common phrases.
      expect(found).toBeGreaterThan(0);
      expect(compared).toBeLessThan(candidates);
    } finally {
      await index.close();
      await everything.close();
    }
  }, 120_000);

  it('upgrades an index of schema version 1 (no sketches) in place; its articles are analysed to screen them', async () => {
    const articles = await generated(60, 12);
    const db = await newDb();
    let index = await open(db);
    const old = articles.slice(0, 45);
    const fresh = articles.slice(45);
    await index.add(old);
    const before = await index.check(fresh);
    await index.close();
    await sql(db, [
      'ALTER TABLE newsdedup_article DROP COLUMN sketch',
      "UPDATE newsdedup_meta SET value = '1' WHERE name = 'schema_version'",
      "DELETE FROM newsdedup_meta WHERE name = 'sketch'",
    ]);
    index = await open(db, false);
    try {
      expect((await index.stats()).schemaVersion).toBe(2);
      const after = await index.check(fresh);
      expect(findings(after)).toEqual(findings(before));
      expect(after.compared).toBe(before.compared);
      // Articles added now get sketches, beside the old ones without.
      const added = fresh.slice(0, 5);
      await index.add(added);
      const again = await index.check(added);
      expect(again.indexed.length).toBeGreaterThanOrEqual(5);
      for (const a of added) expect(again.report.pairs.some((p) => p.relation === 'duplicate' && (p.a === a.id || p.b === a.id)), a.id).toBe(true);
    } finally {
      await index.close();
    }
  }, 120_000);

  it('will not check against an index that does not exist', async () => {
    const db = await newDb();
    await expect(open(db, false)).rejects.toBeInstanceOf(NewsdedupError);
    await expect(open(db, false)).rejects.toMatchObject({ code: 'STORE_MISSING' });
  });
}

/** What a check finds: clusters, pairs and articles (not the outlet summary, which describes every article compared). */
function findings(result: CheckResult): unknown {
  const { clusters, pairs, articles } = result.report;
  return { clusters, pairs, articles, indexed: result.indexed };
}

/** The benchmark's generated corpus (planted copies, passages, quotes), read as articles. */
async function generated(size: number, seed: number): Promise<Article[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsdedup-index-corpus-'));
  try {
    (generateTo as (out: string, size: number, seed: number) => boolean)(path.join(dir, 'c'), size, seed);
    const { articles } = await readInputs(['c/articles'], { cwd: dir, extensions: ['.txt'], maxBytes: 1 << 24 });
    return articles;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deterministic news-like articles that share nothing with each other. */
export function corpus(n: number, offset = 0): Article[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i + offset}.txt`,
    path: `a${i + offset}.txt`,
    text: sentences(i + offset, 8),
  }));
}

const SYLLABLES = 'ka lo mi ren tor vas el an dri pel sun mar quo bel tis ran vek hol zan pri mus cor del fen gat hin jor kel lum nor'.split(' ');
/** 900 two-syllable words: random sentences over them share practically no word 3-grams. */
const WORDS = SYLLABLES.flatMap((x) => SYLLABLES.map((y) => x + y));

/** Sentences of words drawn by a seeded generator: different seeds share no word 3-grams in practice. */
export function sentences(seed: number, count: number): string {
  let state = (seed * 2654435761 + 12345) >>> 0;
  const next = (): number => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state;
  };
  const out: string[] = [];
  for (let s = 0; s < count; s++) {
    const words = Array.from({ length: 10 + (next() % 8) }, () => WORDS[next() % WORDS.length]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    out.push(`${words.join(' ')} ${seed}x${s}.`);
  }
  return out.join(' ');
}
