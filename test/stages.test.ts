import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32 } from '../src/kernels/hash.js';
import { resolveOptions } from '../src/options.js';
import { analyzeArticle, scanArticles } from '../src/pipeline.js';
import { align } from '../src/stages/align.js';
import { alignWords, GramCache, gramsInto } from '../src/stages/align-words.js';
import { cluster } from '../src/stages/cluster.js';
import { collapseCopies } from '../src/stages/collapse-copies.js';
import { bandColumns, indexBandColumn, type BandKeyParts } from '../src/stages/index-bands.js';
import { fromWindowMajor, windowMajor } from '../src/stages/key-bands.js';
import { normalize } from '../src/stages/normalize.js';
import { coveredLength, relationOf } from '../src/stages/relate.js';
import { segment } from '../src/stages/segment.js';
import { shingleRange, transientShingleRange } from '../src/stages/shingle.js';
import { tokenize } from '../src/stages/tokenize.js';
import { window } from '../src/stages/window.js';
import type { Alignment, ArticleAnalysis, Span, VerifiedCandidate } from '../src/types.js';

const words = (text: string): string[] => {
  const t = tokenize(normalize(text));
  return Array.from({ length: t.count }, (_, i) => text.slice(t.start[i], t.end[i]));
};

describe('normalize', () => {
  it('folds case, quotes, dashes, compatibility forms and invisible characters', () => {
    expect(normalize('“Macron’s” — Ａ\u00adB').text).toBe('"macron\'s" - ab');
  });

  it('maps every normalized character back to its original offset', () => {
    const n = normalize('ﬁne Ａ');
    expect(n.text).toBe('fine a');
    expect([...n.origin]).toEqual([0, 0, 1, 2, 3, 4, 5]);
  });

  it('is idempotent on a mixed-script sample', () => {
    const once = normalize('Ⅻ İstanbul ΣΑΣ café e\u0301 ﬀ ＡＢＣ').text;
    expect(normalize(once).text).toBe(once);
  });
});

describe('tokenize', () => {
  it('splits words in Latin script and keeps original offsets', () => {
    expect(words('Ayrault’s warning, 2017.')).toEqual(['Ayrault', 's', 'warning', '2017']);
  });

  it('treats each Han character as a token and keeps Cyrillic and Arabic words whole', () => {
    expect(words('国际英语 Москва کراچی')).toEqual(['国', '际', '英', '语', 'Москва', 'کراچی']);
  });

  it('gives equal hashes to the same word in different case and compatibility forms', () => {
    const t = tokenize(normalize('Russia RUSSIA Ｒｕｓｓｉａ'));
    expect(t.hash[0]).toBe(t.hash[1]);
    expect(t.hash[1]).toBe(t.hash[2]);
  });
});

describe('segment', () => {
  const sentences = (text: string): string[] => {
    const t = tokenize(normalize(text));
    const s = segment(text, t);
    return Array.from({ length: s.count }, (_, i) => text.slice(t.start[s.first[i]], t.end[s.last[i] - 1]));
  };

  it('ends sentences at terminal punctuation, not after abbreviations or initials', () => {
    expect(sentences('He resigned on Monday. U.S. officials said so on Feb. 15 at noon. Next one')).toEqual([
      'He resigned on Monday',
      'U.S. officials said so on Feb. 15 at noon',
      'Next one',
    ]);
  });

  it('ends sentences at line breaks unless a lower-case continuation follows', () => {
    expect(sentences('A title line\nThe body starts here and\ncontinues on the next line.')).toEqual([
      'A title line',
      'The body starts here and\ncontinues on the next line',
    ]);
  });

  it('splits Chinese text at full-width terminal punctuation', () => {
    expect(sentences('法国外长发出警告。俄罗斯否认。')).toEqual(['法国外长发出警告', '俄罗斯否认']);
  });
});

describe('window', () => {
  it('skips short sentences and slices long ones into overlapping windows', () => {
    const w = window({ count: 3, first: Int32Array.from([0, 3, 13]), last: Int32Array.from([3, 13, 113]) }, 6, 40);
    // sentence 0 (3 words) is too short; sentence 1 (10 words) is one window; sentence 2 (100 words) is sliced by 20 every 10.
    expect(w.first[0]).toBe(3);
    expect(w.last[0]).toBe(13);
    expect(w.count).toBe(1 + 9);
    expect(w.last[w.count - 1]).toBe(113);
    for (let i = 1; i < w.count; i++) expect(w.last[i] - w.first[i]).toBe(20);
  });
});

describe('shingle', () => {
  it('k-grams are position-independent and unique', () => {
    const h = Uint32Array.from([1, 2, 3, 1, 2, 3]);
    const s = shingleRange(h, 0, 6, 3);
    expect(s.length).toBe(3);
    expect([...shingleRange(h, 0, 3, 3)]).toEqual([...shingleRange(h, 3, 6, 3)]);
  });

  it('a range shorter than k is one shingle', () => {
    expect(shingleRange(Uint32Array.from([9, 8]), 0, 2, 3).length).toBe(1);
  });

  it('transient ranges equal shingleRange, and one slot\'s range stays while the other is filled', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), fc.nat(60), fc.nat(60), fc.integer({ min: 1, max: 4 }), (list, x, y, k) => {
        const h = Uint32Array.from(list);
        const [from, to] = [Math.min(x, y, h.length), Math.min(Math.max(x, y), h.length)];
        const a = transientShingleRange(h, from, to, k, 0);
        const copy = [...a];
        expect(copy).toEqual([...shingleRange(h, from, to, k)]);
        expect([...transientShingleRange(h, 0, h.length, k, 1)]).toEqual([...shingleRange(h, 0, h.length, k)]);
        expect([...a]).toEqual(copy);
      }),
    );
  });
});

describe('alignment\'s k-gram cache', () => {
  it('gives each article\'s k-grams, also once its ring has wrapped over older ones', () => {
    const fresh = (tokens: Uint32Array, k: number): number[] => [...gramsInto(tokens, k, new Uint32Array(Math.max(0, tokens.length - k + 1)))];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(7), { maxLength: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (articles, visits, capacity) => {
          const tokens = articles.map((a) => Uint32Array.from(a));
          const cache = new GramCache(capacity);
          for (const v of visits) {
            const t = tokens[v % tokens.length];
            expect([...cache.get(t, 3)]).toEqual(fresh(t, 3));
          }
        },
      ),
    );
  });
});

describe('analyze and scan (tiny corpora)', () => {
  const base =
    'The minister said on Wednesday that the country would not accept any interference in its elections. ' +
    'Officials met in the capital to discuss the security of the vote and the protection of campaign servers. ';

  it('an article is identical to itself: a copy is one duplicate pair covering everything', () => {
    const result = scanArticles([
      { id: 'a', path: 'a', text: base },
      { id: 'b', path: 'b', text: base },
    ]);
    expect(result.pairs).toHaveLength(1);
    expect(result.pairs[0].relation).toBe('duplicate');
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0].similarity).toBe(1);
  });

  it('finds a passage repeated inside one article as a repeat of two disjoint spans', () => {
    const text = `Headline\n\n${base}\nSomething else entirely about the weather and the harvest this year.\n\n${base}`;
    const result = scanArticles([{ id: 'a', path: 'a', text }]);
    expect(result.clusters).toHaveLength(1);
    const [c] = result.clusters;
    expect(c.kind).toBe('repeat');
    expect(c.members[0].end).toBeLessThanOrEqual(c.members[1].start);
  });

  it('finds nothing between unrelated articles', () => {
    const other = 'Heavy rain flooded the valley overnight, and farmers counted their losses as the river rose again. ' +
      'The harvest festival was cancelled for the first time in forty years, the mayor announced.';
    const result = scanArticles([{ id: 'a', path: 'a', text: base }, { id: 'b', path: 'b', text: other }]);
    expect(result.clusters).toEqual([]);
  });

  it('produces window signatures of numHashes values each', () => {
    const a = analyzeArticle({ id: 'a', path: 'a', text: base }, resolveOptions({ numHashes: 16, bands: 8, rows: 2 }));
    expect(a.windows.count).toBe(2);
    expect(a.signatures.values.length).toBe(2 * 16);
  });
});

describe('align words (edited sentences inside related article pairs)', () => {
  const options = resolveOptions({});
  const analyze = (...texts: string[]): ArticleAnalysis[] => texts.map((text, i) => analyzeArticle({ id: String(i), path: String(i), text }, options));
  const sentence = (a: ArticleAnalysis, starts: string, last = false): number => {
    const at = last ? a.article.text.lastIndexOf(starts) : a.article.text.indexOf(starts);
    for (let w = 0; w < a.windows.count; w++) if (a.tokens.start[a.windows.first[w]] === at) return w;
    throw new Error(`no window starts with ${starts}`);
  };
  const pair = (analyses: ArticleAnalysis[], articleA: number, a: string, articleB: number, b: string): VerifiedCandidate => ({
    articleA, windowA: sentence(analyses[articleA], a), articleB, windowB: sentence(analyses[articleB], b, articleA === articleB), similarity: 0.3,
  });
  const texts = (analyses: ArticleAnalysis[], found: Alignment[]): string[][] =>
    found.map(({ a, b }) => [analyses[a.article].article.text.slice(a.start, a.end), analyses[b.article].article.text.slice(b.start, b.end)]);
  // A passage's text: from its first word to its last, without the closing punctuation.
  const bare = (text: string): string => text.replace(/[.]$/, '');
  // Every alignment after the stage: align's, some extended, then the new ones.
  const run = (analyses: ArticleAnalysis[], verified: VerifiedCandidate[]): string[][] =>
    texts(analyses, alignWords(verified, align(verified, analyses, options), analyses, options));

  const headline = 'Ministers vow tough action if rivals meddle in elections';
  const standfirst = 'Ministers promise tough action if rivals meddle in their elections';
  const body =
    'The government said on Tuesday it would respond to any attempt to sway the vote. ' +
    'Officials met in the capital to review the security of campaign servers and websites.';

  it('a headline and its rewording: three shared 3-grams, so aligned shingles make 5 words; word alignment makes the two sentences', () => {
    const analyses = analyze(`${headline}\n${standfirst}\n\n${body}`);
    const verified = [pair(analyses, 0, 'Ministers vow', 0, 'Ministers promise')];
    expect(align(verified, analyses, options)).toEqual([]);
    expect(run(analyses, verified)).toEqual([[headline, standfirst]]);
  });

  const shared = 'Opposition leaders accused the state broadcaster and two news agencies of waging a smear campaign against the former finance minister.';
  const edited =
    'Opposition leaders have also accused the state broadcaster and two news agencies - both of which run English-language sites - ' +
    'of waging a smear campaign against the former finance minister for reporting rumours about his private life.';
  const copied = 'The prime minister resigned on Monday after it was revealed that he had misled parliament over his contacts with lobbyists during the campaign.';
  const other = 'Turnout was expected to be low in the rural districts, where the weather forecast promised heavy snow.';

  it('a sentence another outlet prints with an aside inserted is one passage, aside included', () => {
    const analyses = analyze(`${copied}\n\n${body}\n\n${shared}`, `${copied}\n\n${other}\n\n${edited}`);
    // The two articles are related by the copied sentence; the edited one was no candidate.
    const verified = [pair(analyses, 0, 'The prime minister', 1, 'The prime minister')];
    expect(run(analyses, verified)).toEqual([
      [bare(copied), bare(copied)],
      [bare(shared), edited.slice(0, edited.indexOf(' for reporting'))],
    ]);
  });

  it('an edited sentence right after a passage already aligned extends it', () => {
    const analyses = analyze(`${copied}\n\n${shared}\n\n${body}`, `${other}\n\n${copied}\n\n${edited}`);
    const verified = [pair(analyses, 0, 'The prime minister', 1, 'The prime minister')];
    expect(run(analyses, verified)).toEqual([[`${copied}\n\n${bare(shared)}`, `${copied}\n\n${edited.slice(0, edited.indexOf(' for reporting'))}`]]);
  });

  it('leaves a phrase two articles share inside otherwise different sentences (no sentence edge in common)', () => {
    const one = `${copied}\n\n${body}\n\nOn Friday the party said, as part of the regional community outreach project for schools, that it would fund buses.`;
    const two = `${copied}\n\n${other}\n\nVolunteers painted classrooms as part of the regional community outreach project for schools in the north.`;
    const analyses = analyze(one, two);
    expect(run(analyses, [pair(analyses, 0, 'The prime minister', 1, 'The prime minister')])).toEqual([[bare(copied), bare(copied)]]);
  });

  it('inside one article, searches only around window pairs verification found but alignment did not keep', () => {
    // The rewording of the headline is here, but no verified window pair points at it.
    const analyses = analyze(`${headline}\n${body}\n\n${standfirst}\n\n${body}`);
    const verified = [pair(analyses, 0, 'The government', 0, 'The government')];
    const first = body.slice(0, body.indexOf('.'));
    expect(run(analyses, verified)).toEqual([[first, first]]);
  });
});

describe('cluster and relate', () => {
  const span = (article: number, start: number, end: number): Span => ({ article, firstToken: 0, lastToken: 1, start, end });

  it('joins spans through alignments and mostly-overlapping spans, not through a small overlap', () => {
    const alignments: Alignment[] = [
      { a: span(0, 0, 100), b: span(1, 0, 100), similarity: 0.9 },
      { a: span(0, 10, 100), b: span(2, 0, 90), similarity: 0.8 },
      { a: span(0, 90, 110), b: span(3, 0, 20), similarity: 1 },
    ];
    const clusters = cluster(alignments);
    expect(clusters).toHaveLength(2);
    expect(clusters[0].members.map((m) => m.article)).toEqual([0, 1, 2]);
    expect(clusters[0].similarity).toBe(0.8);
    expect(clusters[1].members.map((m) => m.article)).toEqual([0, 3]);
  });

  it('covered length counts overlaps once', () => {
    expect(coveredLength([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 20, end: 25 }])).toBe(20);
  });

  it('relations follow containment both ways', () => {
    const o = { duplicateThreshold: 0.8, derivedThreshold: 0.5 };
    expect(relationOf(0.9, 0.85, o)).toBe('duplicate');
    expect(relationOf(0.9, 0.2, o)).toBe('derived');
    expect(relationOf(0.3, 0.2, o)).toBe('partial');
  });
});

describe('index-bands', () => {
  it('orders a band by key, then window, leaving skipped windows out, for few and for many windows, from one part or several', () => {
    for (const count of [0, 3, 500, 3000]) {
      const bands = 2;
      // Band-major, as key-bands makes them: window w, band b at b * count + w.
      const keys = Uint32Array.from({ length: count * bands }, (_, i) => (Math.imul(i + 7, 0x9e3779b1) >>> 0) % (count < 100 ? 3 : 1 << 30));
      const skipped = Uint32Array.from({ length: count }, (_, i) => i * 7).filter((p) => p < count * bands);
      const keyOf = (w: number, band: number): number => keys[band * count + w];
      // Both bands gathered in one pass (as a scan does) or each alone index the same way.
      const indexBandKeys = (parts: BandKeyParts, band: number, windows: number) => {
        const together = [new Uint32Array(windows), new Uint32Array(windows)];
        const skippedTogether: number[][] = [[], []];
        bandColumns(parts, 0, together, skippedTogether);
        const alone = [new Uint32Array(windows)];
        const skippedAlone: number[][] = [[]];
        bandColumns(parts, band, alone, skippedAlone);
        expect([...alone[0]]).toEqual([...together[band]]);
        expect(skippedAlone[0]).toEqual(skippedTogether[band]);
        return indexBandColumn(alone[0], skippedAlone[0], windows);
      };
      for (let band = 0; band < bands; band++) {
        const index = indexBandKeys({ parts: [{ bands, keys, skipped }], windows: [count] }, band, count);
        const expected = Array.from({ length: count }, (_, w) => w)
          .filter((w) => !skipped.includes(band * count + w))
          .sort((x, y) => keyOf(x, band) - keyOf(y, band) || x - y);
        expect([...index.windows]).toEqual(expected);
        expect([...index.keys]).toEqual(expected.map((w) => keyOf(w, band)));
        // The same windows in parts (one per article, as a scan holds them) index the same way.
        const cut = [0, Math.floor(count / 3), Math.floor(count / 3), Math.floor((2 * count) / 3), count];
        const parts = cut.slice(1).map((to, p) => {
          const n = to - cut[p];
          const own = Uint32Array.from({ length: n * bands }, (_, at) => keyOf(cut[p] + (at % n), Math.floor(at / n)));
          const left = [...skipped].map((at) => ({ band: Math.floor(at / count), w: at % count })).filter(({ w }) => w >= cut[p] && w < to);
          return { bands, keys: own, skipped: Uint32Array.from(left.map(({ band: b, w }) => b * n + (w - cut[p]))).sort() };
        });
        const split = indexBandKeys({ parts, windows: cut.slice(1).map((to, p) => to - cut[p]) }, band, count);
        expect([...split.windows]).toEqual(expected);
        expect([...split.keys]).toEqual([...index.keys]);
      }
    }
  });

  it('with sharedOnly, keeps every bucket of two windows or more as it is, and no window of a key of its own from 1,024 windows', () => {
    const bucketsOf = (index: { keys: Uint32Array; windows: Uint32Array }, atLeast: number): number[][] => {
      const buckets: number[][] = [];
      for (let i = 0; i < index.keys.length; ) {
        let j = i + 1;
        while (j < index.keys.length && index.keys[j] === index.keys[i]) j++;
        if (j - i >= atLeast) buckets.push([index.keys[i], ...index.windows.subarray(i, j)]);
        i = j;
      }
      return buckets;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 0, max: 1_000_000 }), (count, range, salt) => {
        // Hashed keys, as band keys are, over a range from a handful (every key shared) to 2^30
        // (almost none); some windows skipped.
        const column = Uint32Array.from({ length: count }, (_, w) => fmix32(w + salt) % range);
        const skipped = Array.from({ length: count }, (_, w) => w).filter((w) => (w * 7 + salt) % 11 === 0);
        const full = indexBandColumn(column, skipped, count);
        const fullBuckets = bucketsOf(full, 2);
        const fullKeys = full.keys.length;
        const shared = indexBandColumn(column, skipped, count, undefined, true);
        expect(bucketsOf(shared, 2)).toEqual(fullBuckets);
        // Windows of a key of their own: all kept below 1,024 windows (sorted as they are), none from there.
        const alone = bucketsOf(shared, 1).filter((b) => b.length === 2).length;
        const fullAlone = bucketsOf(full, 1).filter((b) => b.length === 2).length;
        expect(alone).toBe(count < 1024 ? fullAlone : 0);
        expect(shared.keys.length).toBeLessThanOrEqual(fullKeys);
      }),
      { numRuns: 60 },
    );
  });

  it('with sharedOnly, sorts partitions of thousands of windows the same way (a column of 700,000)', () => {
    // 700,000 windows put about 2,700 in each of the 256 partitions of the top key bits: sorted by
    // radix there, not packed. Keys from a range of 2^24 and spread over the top bits, so that many
    // are shared; the buckets must be those of the whole column sorted.
    const count = 700_000;
    const column = Uint32Array.from({ length: count }, (_, w) => Math.imul(fmix32(w) % (1 << 24), 0x9e3779b1) >>> 0);
    const skipped = Array.from({ length: count / 7 }, (_, k) => 7 * k + 3);
    const full = indexBandColumn(column, skipped, count);
    const shared = indexBandColumn(column, skipped, count, undefined, true);
    const runs = (index: { keys: Uint32Array; windows: Uint32Array }): string[] => {
      const out: string[] = [];
      for (let i = 0; i < index.keys.length; ) {
        let j = i + 1;
        while (j < index.keys.length && index.keys[j] === index.keys[i]) j++;
        if (j - i >= 2) out.push(`${index.keys[i]}:${[...index.windows.subarray(i, j)].join(',')}`);
        i = j;
      }
      return out;
    };
    const expected = runs(full);
    expect(expected.length).toBeGreaterThan(1000);
    expect(runs(shared)).toEqual(expected);
    expect(shared.keys.length).toBe(expected.reduce((n, r) => n + r.split(',').length, 0));
  });

  it('keeps band keys band-major, and stores them window-major and back', () => {
    const windows = 5;
    const bands = 3;
    const keys = Uint32Array.from({ length: windows * bands }, (_, i) => 100 + i);
    const skipped = Uint32Array.from([1, 7, 14]);
    const stored = windowMajor({ bands, keys, skipped }, windows);
    // Band-major position b * windows + w holds window w's band b; window-major puts it at w * bands + b.
    expect(stored.keys[2 * bands + 1]).toBe(keys[1 * windows + 2]);
    expect([...stored.skipped]).toEqual([1 * bands + 0, 2 * bands + 1, 4 * bands + 2]);
    const back = fromWindowMajor(bands, stored.keys, stored.skipped, windows);
    expect([...back.keys]).toEqual([...keys]);
    expect([...back.skipped]).toEqual([...skipped]);
  });
});

describe('collapse-copies', () => {
  it('groups identical texts only, even when they agree at every sampled character; never blank ones', () => {
    const base = Array.from({ length: 640 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    // Same length, same characters at every tenth position (the sampled ones): one character apart.
    const near = base.slice(0, 5) + (base[5] === 'z' ? 'y' : 'z') + base.slice(6);
    const texts = [base, near, ' \n ', base, 'short', near, ' \n ', base.slice(1)];
    const copies = collapseCopies(texts.map((text, i) => ({ id: `a${i}`, path: `a${i}`, text })));
    expect(copies.unique.map((a) => a.id)).toEqual(['a0', 'a1', 'a2', 'a4', 'a6', 'a7']);
    expect([...copies.textOf]).toEqual([0, 1, 2, 0, 3, 1, 4, 5]);
    expect(copies.holders).toEqual([[0, 3], [1, 5], [2], [4], [6], [7]]);
  });
});
