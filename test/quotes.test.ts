import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan, scanTexts, type Report } from '../src/index.js';
import { extractQuotes, SPEECH_VERBS, speechVerbs } from '../src/stages/extract-quotes.js';
import fc from 'fast-check';
import { joinQuotes, sameQuote, stemRange, stemSet, type QuoteUnits } from '../src/stages/find-quotes.js';
import { forEachCandidate } from '../src/stages/find-candidates.js';
import { UnionFind } from '../src/kernels/union-find.js';
import { hashRange } from '../src/kernels/hash.js';
import { keyBands } from '../src/stages/key-bands.js';
import { signQuotes, signQuotesBand } from '../src/stages/sign-quotes.js';
import { signStemSets } from '../src/stages/stem-quotes.js';
import { resolveOptions } from '../src/options.js';

const root = path.resolve(__dirname, '..');
const quoted = (text: string) => extractQuotes(text).map((q) => ({ text: text.slice(q.start, q.end), speaker: q.speaker }));

describe('extractQuotes: quote styles', () => {
  it.each([
    ['straight double', 'The minister said: "We will act now." Then he left.', 'We will act now.'],
    ['curly double', 'The minister said: “We will act now.” Then he left.', 'We will act now.'],
    ['straight single', "The minister said: 'We will act now.' Then he left.", 'We will act now.'],
    ['curly single', 'The minister said: ‘We will act now.’ Then he left.', 'We will act now.'],
    ['French guillemets', 'Le ministre a déclaré : « Nous agirons maintenant. » Puis il est parti.', 'Nous agirons maintenant.'],
    ['German low-high', 'Der Minister sagte: „Wir handeln jetzt.“ Dann ging er.', 'Wir handeln jetzt.'],
    ['CJK corner brackets', '部長は「今すぐ行動する」と述べた。', '今すぐ行動する'],
  ])('%s', (_, text, inside) => {
    expect(quoted(text).map((q) => q.text)).toEqual([inside]);
  });

  it('never takes apostrophes for quote marks', () => {
    expect(quoted("Russia's Sputnik said Macron's aides were wrong in the '90s and the students' union agreed.")).toEqual([]);
    expect(quoted("It's the 'wealthy gay lobby', Russia's agency claimed.").map((q) => q.text)).toEqual(['wealthy gay lobby']);
  });

  it('runs a quote over paragraph breaks when the next paragraph opens with a quote mark again', () => {
    const text = '"The first paragraph of the statement ends here.\n\n"The second paragraph goes on," she said.';
    const [q] = quoted(text);
    expect(q.text).toBe('The first paragraph of the statement ends here.\n\n"The second paragraph goes on,');
    expect(q.speaker).toBeNull(); // "she" with no one named before
  });

  it('drops an opening mark that is never closed in its paragraph', () => {
    expect(quoted('He called it "a disaster and walked out.\n\nThe meeting ended early.')).toEqual([]);
  });
});

describe('speech verbs', () => {
  it('are found as the regular expression \\b(?:verbs)\\b with the i flag finds them', () => {
    const verb = new RegExp(`\\b(?:${SPEECH_VERBS})\\b`, 'gi');
    const piece = fc.constantFrom('said', 'Said', 'SAYS', 'saying', 'sayings', 'according to', 'According To', 'according', 'to', 'told', 'toldx', '_said', 'said_', 'said2', '2said', 'added', 'he', 'Ayrault', 'é', 'ſaid', 'K', 'according\tto', 'according too', 'according to_', 'according to2');
    const gap = fc.constantFrom(' ', '', ', ', '-', '\n', '\u00a0', '“', "'", 'é', '.');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, gap), { maxLength: 12 }), (parts) => {
        const text = parts.map(([p, g]) => p + g).join('');
        const expected = [...text.matchAll(verb)].map((m) => ({ index: m.index, text: m[0] }));
        expect(speechVerbs(text, false)).toEqual(expected);
        expect(speechVerbs(text, true)).toEqual(expected.slice(0, 1));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('extractQuotes: speakers', () => {
  it.each([
    ['"We will not accept it," said Foreign Minister Jean-Marc Ayrault.', 'Jean-Marc Ayrault'],
    ['"We will not accept it," Ayrault told lawmakers.', 'Ayrault'],
    ['Kremlin spokesman Dmitry Peskov said: "We never had any such intention."', 'Dmitry Peskov'],
    ['Mr Macron said: ‘I hear people saying that I have a secret life.’', 'Macron'],
    ['"It is enough to see which candidates benefit," according to Ayrault.', 'Ayrault'],
    ['Speaking at the National Assembly, Ayrault also took aim at Fillon, saying it would be better if \'certain candidates protested\'.', 'Ayrault'],
    ['"Specific vigilance measures are being taken," the presidency said.', null],
  ])('%s', (text, speaker) => {
    expect(quoted(text)[0].speaker).toBe(speaker);
  });

  it('resolves "he" and role descriptions to the speaker just quoted, and carries the speaker to the next paragraph', () => {
    const text = [
      '"We will not accept any interference whatsoever," said Foreign Minister Jean-Marc Ayrault.',
      '"After what happened in the United States, it is our responsibility to act," he told parliament.',
      'The French top diplomat warned that the country would take "retaliatory measures when that is necessary."',
      '"No foreign state can choose the future president of the Republic."',
    ].join('\n\n');
    expect(quoted(text).map((q) => q.speaker)).toEqual(['Jean-Marc Ayrault', 'Jean-Marc Ayrault', 'Jean-Marc Ayrault', 'Jean-Marc Ayrault']);
  });
});

describe('the quote channel', () => {
  it('stems content words: translations of one quote share most of them', () => {
    const a = stemSet('We will not accept any interference whatsoever in our electoral process, whether by Russia or any other state');
    const b = stemSet('We will not accept any interference whatsoever in our electoral process, no more from Russia, by the way, than from any other state');
    const shared = [...a].filter((x) => b.includes(x)).length;
    expect(shared / Math.min(a.length, b.length)).toBeGreaterThanOrEqual(0.85);
  });

  it('stems ASCII text on its fast path exactly as on the general one (same words, same stems)', () => {
    const word = fc.constantFrom('Interference', 'interference', 'INTERFERENCE', 'the', 'The', 'elections', 'electoral', 'G7', '2017', 'state', 'States', 'x', 'whatsoever', 'Ayrault', 'by', 'running', 'runs');
    const gap = fc.constantFrom(' ', ', ', '. ', '\n', ' - ', "'", ' (', ') ');
    const text = fc.array(fc.tuple(word, gap), { maxLength: 30 }).map((parts) => parts.map(([w, g]) => w + g).join(''));
    fc.assert(
      fc.property(text, fc.nat(5), (t, cut) => {
        const fast = stemRange(t, cut, t.length);
        // An em dash is not ASCII and not a word character: the same words, on the general path.
        const general = stemRange(`${t} \u2014`, cut, t.length + 2);
        expect(fast.words).toBe(general.words);
        expect([...fast.stems]).toEqual([...general.stems]);
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart words whose FNV-1a hashes, the fast path\'s table key, are equal', () => {
    // A 32-bit FNV-1a collision: the table also compares a second hash and the length. (Words the
    // stemmer leaves as they are would also share their stem hash, FNV-1a of the stem; 'dsmmekes'
    // is stemmed to 'dsmmek'.)
    for (const [x, y] of [['dsmmekes', 'vamkpxtr']]) {
      expect(hashRange(x, 0, x.length)).toBe(hashRange(y, 0, y.length));
      const t = `${x} ${y} ${x}`;
      const fast = stemRange(t, 0, t.length);
      const general = stemRange(`${t} \u2014`, 0, t.length + 2);
      expect(fast.stems.length).toBe(2);
      expect([...fast.stems]).toEqual([...general.stems]);
      expect([...stemSet(y)]).not.toEqual([...stemSet(x)]);
    }
  });

  it('stems the same through a vocabulary that grows its table of words and overflows it (cleared at 200,000 words)', () => {
    // 260,000 distinct letter-only words in chunks of 500, each stemmed on the fast path and on
    // the general one; every chunk's first word is met again in the next chunk.
    const letters = (i: number): string => {
      let w = '';
      for (let n = i + 26 * 26; n > 0; n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
      return w;
    };
    for (let from = 0; from < 260_000; from += 500) {
      const words = Array.from({ length: 500 }, (_, i) => letters(from + i));
      const t = [...words, letters(from + 500), 'running', 'The'].join(' ');
      const fast = stemRange(t, 0, t.length);
      const general = stemRange(`${t} \u2014`, 0, t.length + 2);
      expect(fast.words).toBe(503);
      expect([...fast.stems]).toEqual([...general.stems]);
    }
  });

  it('bands stem sets as their full MinHash signatures band (sign-quotes), an empty set skipped', () => {
    const options = resolveOptions({});
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }).map((v) => Uint32Array.from(v).sort());
    fc.assert(
      fc.property(fc.array(set, { minLength: 1, maxLength: 12 }), (sets) => {
        const total = sets.reduce((n, s) => n + s.length, 0);
        const { offset, stems, signatures } = signStemSets(sets, total, options);
        const full = keyBands({ numHashes: options.numHashes, values: signatures }, options.quoteBands, options.quoteRows);
        const signed = signQuotes(offset, stems, sets.length, options);
        expect([...signed.keys]).toEqual([...full.keys]);
        expect([...signed.skipped]).toEqual([...full.skipped]);
        const empty = sets.filter((s) => s.length === 0).length;
        expect(signed.skipped.length).toBe(empty * options.quoteBands);
        // One band at a time (as joinQuotes bands them): the same column and the same quotes skipped,
        // with the default two rows a band and with three.
        const count = sets.length;
        const column = new Uint32Array(count);
        const skipped: number[] = [99];
        for (const banding of [options, { ...options, quoteBands: 10, quoteRows: 3 }]) {
          const reference = signQuotes(offset, stems, count, banding);
          for (let band = 0; band < banding.quoteBands; band++) {
            signQuotesBand(offset, stems, count, band, banding, column, skipped);
            const left = [...reference.skipped].filter((at) => Math.floor(at / count) === band).map((at) => at % count);
            expect(skipped).toEqual(left);
            for (let u = 0; u < count; u++) if (!left.includes(u)) expect(column[u]).toBe(reference.keys[band * count + u]);
          }
        }
      }),
    );
  });

  it('joins quotes as verifying every candidate pair does, buckets of many quotes counted by stem', () => {
    // Few stems, so that buckets hold many quotes; quotes of one article and capped buckets too.
    const options = resolveOptions({ maxBucketSize: 24 });
    // Each quote is one of three stem sets, as it is (so that buckets of many exact copies form,
    // whose pairs meet in no other bucket) or with a few stems dropped and a few of its own added.
    const base = [[1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 7, 8, 9, 10, 11], [1, 3, 5, 12, 13, 14, 15, 16, 17]];
    const edits = fc.oneof(fc.constant([[], []] as [boolean[], number[]]), fc.tuple(fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 3 })));
    const quote = fc.tuple(fc.nat(6), fc.nat(2), edits).map(([article, b, [keep, extra]]) => [article, b, keep.length === 0 ? Array(9).fill(true) : keep, extra] as const);
    fc.assert(
      fc.property(fc.array(quote, { minLength: 2, maxLength: 60 }), (quotes) => {
        const drawn = quotes.map(([article, b, keep, extra]): [number, Uint32Array] => [
          article,
          Uint32Array.from(new Set([...base[b].filter((_, i) => keep[i]), ...extra])).sort(),
        ]);
        const units = unitsOf(drawn.sort((x, y) => x[0] - y[0]));
        const join = joinQuotes(units, options);
        // The reference: each candidate pair verified on its own (sameQuote), joined by union-find.
        const sets = new UnionFind(units.count);
        const joined: [number, number][] = [];
        forEachCandidate(tableOf(units, options), options.quoteBands, options.quoteRows, options.maxBucketSize, (x, y) => {
          const similarity = sameQuote(units.stems, units.offset, x, y, options);
          if (similarity < 0) return;
          joined.push([x, Math.round(similarity * 1e4) / 1e4]);
          sets.union(x, y);
        });
        const lowestUnit = new Map<number, number>();
        for (let u = 0; u < units.count; u++) if (!lowestUnit.has(sets.find(u))) lowestUnit.set(sets.find(u), u);
        const group = Array.from({ length: units.count }, (_, u) => lowestUnit.get(sets.find(u))!);
        const lowest = new Float64Array(units.count).fill(1);
        for (const [x, similarity] of joined) lowest[group[x]] = Math.min(lowest[group[x]], similarity);
        expect([...join.group]).toEqual(group);
        expect([...join.lowest]).toEqual([...lowest]);
      }),
      { numRuns: 150 },
    );
  });

  it('merges translation variants of one quote and keeps unrelated quotes on the same topic apart', () => {
    const body = (quote: string, who: string, extra: string) => `${extra}\n\n"${quote}," ${who} said.\n\nThe rest of the story is about something else entirely and differs between outlets ${extra}.`;
    const r = scanTexts([
      { id: 'a', path: 'a', text: body('We will not accept any interference whatsoever in our electoral process, whether by Russia or any other state', 'Ayrault', 'First outlet') },
      { id: 'b', path: 'b', text: body('We will not accept any interference in our electoral process, no more by Russia than by any other state', 'Ayrault', 'Second outlet') },
      { id: 'c', path: 'c', text: body('We never had, and do not have, the intention of interfering in the domestic affairs of other countries, and especially not in their electoral process', 'Peskov', 'Third outlet') },
      { id: 'd', path: 'd', text: body('Russian hackers will attempt to steal sensitive emails from opposition candidates during the electoral process', 'Ferrand', 'Fourth outlet') },
    ]);
    const quotes = r.clusters.filter((c) => c.kind === 'quote');
    expect(quotes).toHaveLength(1);
    expect(new Set(quotes[0].members.map((m) => m.article))).toEqual(new Set(['a', 'b']));
    expect(quotes[0].speaker).toBe('Ayrault');
    expect(quotes[0].edges).toEqual([]);
  });
});

describe('fixtures/france-russia: the Ayrault quotes', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan({ paths: ['fixtures/france-russia'], cwd: root });
  });
  const tag = (id: string) => id.slice(id.lastIndexOf('/') + 1, id.lastIndexOf('/') + 4);
  const cluster = (snippet: RegExp) => report.clusters.find((c) => c.kind === 'quote' && c.members.some((m) => snippet.test(m.text)))!;

  it.each([
    [/^We will not accept any interference/, ['000', '001', '003', '004']],
    [/^After what('s)? happened in the United States/, ['000', '001', '002', '003', '004']],
    [/no foreign state can choose the future president|not one foreign government can choose/, ['000', '003', '004']],
  ])('%s: one quote cluster over its translations, speaker Ayrault, no copy edge', (snippet, articles) => {
    const c = cluster(snippet);
    expect(c).toBeDefined();
    expect([...new Set(c.members.map((m) => tag(m.article)))].sort()).toEqual(articles);
    expect(c.speaker).toMatch(/Ayrault$/);
    expect(c.edges).toEqual([]);
    expect(c.members.every((m) => m.role === 'unknown')).toBe(true);
  });

  it('together they span all five articles', () => {
    const ayrault = report.clusters.filter((c) => c.kind === 'quote' && /Ayrault$/.test(c.speaker ?? ''));
    expect(new Set(ayrault.flatMap((c) => c.members.map((m) => tag(m.article))))).toEqual(new Set(['000', '001', '002', '003', '004']));
  });

  it('the IBTimes and Xinhua renderings differ from AFP\'s by more than a copy would (word 5-gram Jaccard under 0.5)', async () => {
    const { jaccardOfTexts } = await import('./helpers/similarity.js');
    const c = cluster(/^We will not accept any interference/);
    const afp = c.members.find((m) => tag(m.article) === '001')!.text;
    for (const other of c.members.filter((m) => ['003', '004'].includes(tag(m.article)))) {
      expect(jaccardOfTexts(afp, other.text, 5).jaccard).toBeLessThan(0.5);
    }
  });
});

/** Quote units of (article, stems) pairs in article order, each quote 10 characters long. */
function unitsOf(drawn: readonly [number, Uint32Array][]): QuoteUnits {
  const count = drawn.length;
  const offset = new Int32Array(count + 1);
  drawn.forEach(([, stems], u) => (offset[u + 1] = offset[u] + stems.length));
  const stems = new Uint32Array(offset[count]);
  drawn.forEach(([, s], u) => stems.set(s, offset[u]));
  const article = Int32Array.from(drawn, ([a]) => a);
  const quote = new Int32Array(count);
  for (let u = 1; u < count; u++) quote[u] = article[u] === article[u - 1] ? quote[u - 1] + 1 : 0;
  return { count, article, quote, first: Int32Array.from(quote, (q) => 20 * q), last: Int32Array.from(quote, (q) => 20 * q + 10), offset, stems };
}

/** The window table joinQuotes bands units with. */
function tableOf(units: QuoteUnits, options: ReturnType<typeof resolveOptions>) {
  return {
    count: units.count,
    article: units.article,
    local: Int32Array.from({ length: units.count }, (_, i) => i),
    first: units.first,
    last: units.last,
    signatures: new Uint32Array(0),
    numHashes: options.numHashes,
    bandKeys: { parts: [signQuotes(units.offset, units.stems, units.count, options)], windows: [units.count] },
  };
}
