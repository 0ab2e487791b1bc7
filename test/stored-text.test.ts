import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_BYTES, readInputs } from '../src/io/read-inputs.js';
import { detachedSlice, excerptOf, heldTextBytes, releaseTexts, storedBytes, storedFacts, storeText, storeUtf8, withFields } from '../src/kernels/stored-text.js';
import { decodeArticle, utf16Units } from '../src/io/decode.js';
import { scan } from '../src/scan.js';
import { NewsdedupError } from '../src/errors.js';
import { withFrontMatter } from '../src/pipeline.js';
import { collapseCopies } from '../src/stages/collapse-copies.js';
import type { Article } from '../src/types.js';
import { codePointCounterOf, codePointLengthOf } from '../src/kernels/code-points.js';

const TEXTS = [
  'Plain ASCII, one line.',
  '“Curly quotes” — and a dash',
  '法国外交部长表示，法国不会容忍任何干预。',
  'Astral: 𝒜 and 😀, twice 😀',
  'Line one\r\nline two\n',
];

describe('stored texts', () => {
  it('give back the same text, encoded here or copied from UTF-8 bytes; spreading or serializing the article carries it', () => {
    for (const text of TEXTS) {
      for (const utf8 of [undefined, Buffer.from(text, 'utf8')]) {
        const article = storeText({ id: 'a', path: 'a.txt', meta: { outlet: 'AFP' } }, text, utf8);
        expect(article.text).toBe(text);
        expect(article.text.length).toBe(text.length);
        expect({ ...article }).toEqual({ id: 'a', path: 'a.txt', meta: { outlet: 'AFP' }, text });
        expect(JSON.parse(JSON.stringify(article))).toEqual({ id: 'a', path: 'a.txt', meta: { outlet: 'AFP' }, text });
        expect(Buffer.from(storedBytes(article)!).equals(Buffer.from(text, 'utf8'))).toBe(true);
      }
    }
    expect(storedBytes({ id: 'b', path: 'b', text: 'not stored' })).toBeUndefined();
  });

  it('keep their storage when metadata is added (withFields), as a plain article gets the fields spread', () => {
    const article = storeText({ id: 'a', path: 'a.txt' }, '“Text” here');
    const withMeta = withFields(article, { meta: { outlet: 'AFP' } });
    expect(withMeta).toEqual({ id: 'a', path: 'a.txt', meta: { outlet: 'AFP' }, text: '“Text” here' });
    expect(storedBytes(withMeta)).toBe(storedBytes(article));
    expect(withFields({ id: 'b', path: 'b', text: 'plain' }, { meta: { outlet: 'AFP' } })).toEqual({ id: 'b', path: 'b', text: 'plain', meta: { outlet: 'AFP' } });
  });

  it('keep every text intact across slabs, including a text larger than a slab', () => {
    const big = '“' + 'x'.repeat(9 << 20) + '”';
    const texts = [...Array.from({ length: 3000 }, (_, i) => `${i} “${'word '.repeat(i % 997)}”`), big, 'after the big one'];
    const articles = texts.map((text, i) => storeText({ id: `a${i}`, path: `a${i}` }, text));
    articles.forEach((article, i) => expect(article.text === texts[i]).toBe(true));
  });

  it('come with their code point counter and length, as a text held as a string gets them', () => {
    for (const text of TEXTS) {
      const stored = storeText({ id: 'a', path: 'a' }, text);
      const plain = { id: 'b', path: 'b', text };
      expect(codePointLengthOf(stored)).toBe([...text].length);
      expect(codePointLengthOf(stored)).toBe(codePointLengthOf(plain));
      for (let at = 0; at <= text.length; at++) expect(codePointCounterOf(stored)(at)).toBe(codePointCounterOf(plain)(at));
    }
  });

  it('stored from checked UTF-8 (a file not decoded on reading), give what a text stored as a string gives', () => {
    const check = (text: string): void => {
      const bytes = Buffer.from(text, 'utf8');
      const decoded = decodeArticle(bytes);
      if (text.trim() === '') {
        expect(decoded).toEqual({ problem: 'EMPTY', message: text === '' ? 'empty file' : 'file holds only whitespace' });
        return;
      }
      if (!('utf8' in decoded)) throw new Error(`not kept as UTF-8: ${JSON.stringify(decoded)}`);
      const fromUtf8 = storeUtf8({ id: 'a', path: 'a' }, decoded);
      const fromString = storeText({ id: 'a', path: 'a' }, text);
      expect(fromUtf8.text).toBe(text);
      expect(storedFacts(fromUtf8)).toEqual(storedFacts(fromString));
      expect(codePointLengthOf(fromUtf8)).toBe([...text].length);
      for (let at = 0; at <= text.length; at++) expect(codePointCounterOf(fromUtf8)(at)).toBe(codePointCounterOf(fromString)(at));
    };
    for (const text of [...TEXTS, '', ' \n\t', '\u00a0\u3000\u2028 ', '\u0001']) check(text);
    // Without NUL characters, which make a file binary, or a leading U+FEFF, a byte order mark in UTF-8.
    const noNul = (t: string): boolean => !t.includes('\0') && !t.startsWith('\ufeff');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }).filter(noNul), check), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(' ', '\u00a0', '\n', 'a', 'é', '€', '😀', '\u3000'), maxLength: 20 }), check), { numRuns: 300 });
  });

  it('utf16Units measures UTF-8 as decoding it does, wherever the bytes start in their buffer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(7), (text, shift) => {
        const encoded = Buffer.from(text, 'utf8');
        const within = new Uint8Array(new ArrayBuffer(encoded.length + 8), shift, encoded.length);
        within.set(encoded);
        expect(utf16Units(within)).toEqual({ units: text.length, astral: /[\ud800-\udbff]/.test(text) });
      }),
      { numRuns: 500 },
    );
  });

  it('excerptOf equals a slice of the text, stored or not', () => {
    const text = '“Curly” text 😀 and more';
    expect(excerptOf(storeText({ id: 'a', path: 'a' }, text), 1, 9)).toBe(text.slice(1, 9));
    expect(excerptOf({ id: 'b', path: 'b', text }, 1, 9)).toBe(text.slice(1, 9));
  });

  it('detachedSlice equals slice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(100), fc.nat(100), (text, a, b) => {
        expect(detachedSlice(text, a, b)).toBe(text.slice(a, b));
        expect(detachedSlice(text)).toBe(text);
      }),
    );
  });

  it('collapse into the same copies as the same texts held as strings', () => {
    const pool = ['', ' \n ', '\u00a0\u2028', 'same text', 'same text ', '“same” text', '法国', 'x'.repeat(300), 'x'.repeat(299) + 'y'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 30 }), (texts) => {
        const plain = collapseCopies(texts.map((text, i) => ({ id: `a${i}`, path: `a${i}`, text })));
        const stored = collapseCopies(texts.map((text, i) => storeText({ id: `a${i}`, path: `a${i}` }, text)));
        expect(stored.unique.map((a) => a.id)).toEqual(plain.unique.map((a) => a.id));
        expect([...stored.textOf]).toEqual([...plain.textOf]);
        expect(stored.holders).toEqual(plain.holders);
      }),
    );
    // Texts let go before the copies are looked for: the same copies, told by the facts kept with
    // the texts; only texts whose fingerprints match are read again, each once.
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 30 }), (texts) => {
        const plain = collapseCopies(texts.map((text, i) => ({ id: `a${i}`, path: `a${i}`, text })));
        const reads = new Array<number>(texts.length).fill(0);
        const released = texts.map((text, i) => storeText({ id: `a${i}`, path: `a${i}` }, text, undefined, () => (reads[i]++, Buffer.from(text, 'utf8'))));
        releaseTexts(released);
        const copies = collapseCopies(released);
        expect([...copies.textOf]).toEqual([...plain.textOf]);
        expect(copies.holders).toEqual(plain.holders);
        texts.forEach((text, i) => {
          // Fingerprints take the length and sampled bytes: texts of a length of their own are not read.
          const alone = !texts.some((other, j) => j !== i && Buffer.byteLength(other) === Buffer.byteLength(text));
          expect(reads[i]).toBeLessThanOrEqual(alone || text.trim() === '' ? 0 : 1);
        });
      }),
    );
    // Stored and plain articles together: compared as texts, so a copy is still found.
    const mixed: Article[] = [storeText({ id: 'a', path: 'a' }, 'same text'), { id: 'b', path: 'b', text: 'same text' }];
    expect(collapseCopies(mixed).holders).toEqual([[0, 1]]);
  });
});

describe('released texts', () => {
  it('are read again when asked for, checked against what was stored; only texts that can be read again are released', () => {
    const files = new Map(TEXTS.map((t, i) => [`f${i}.txt`, Buffer.from(t, 'utf8')]));
    const read = (name: string): Uint8Array => {
      const bytes = files.get(name);
      if (!bytes) throw new Error(`ENOENT: no such file or directory, open '${name}'`);
      return bytes;
    };
    const articles = TEXTS.map((t, i) => storeText({ id: `f${i}.txt`, path: `f${i}.txt` }, t, undefined, () => read(`f${i}.txt`)));
    const kept = storeText({ id: 'kept', path: 'kept' }, 'No file to read again.');
    const all = [...articles, kept];
    const bytes = TEXTS.reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(heldTextBytes(all)).toBe(bytes + Buffer.byteLength(kept.text));
    expect(releaseTexts(all)).toBe(bytes);
    expect(heldTextBytes(all)).toBe(Buffer.byteLength(kept.text));
    expect(releaseTexts(all)).toBe(0);
    articles.forEach((a, i) => {
      expect(a.text).toBe(TEXTS[i]);
      expect(Buffer.from(storedBytes(a)!).toString('utf8')).toBe(TEXTS[i]);
      expect(excerptOf(a, 1, 5)).toBe(TEXTS[i].slice(1, 5));
    });
    expect(kept.text).toBe('No file to read again.');

    files.set('f0.txt', Buffer.from('Plain ASCII, one lime.'));
    expect(() => articles[0].text).toThrow(NewsdedupError);
    expect(() => articles[0].text).toThrow(/^f0\.txt: changed while the run was reading it \(expected the 22 bytes of text read at the start, got 22 bytes that differ\)/);
    files.set('f1.txt', Buffer.from('shorter'));
    expect(() => storedBytes(articles[1])).toThrow(/^f1\.txt: changed .* got 7 bytes\)/);
    files.delete('f2.txt');
    try {
      void articles[2].text;
      expect.unreachable();
    } catch (error) {
      expect((error as NewsdedupError).code).toBe('INPUT_CHANGED');
      expect((error as Error).message).toMatch(/^f2\.txt: changed while the run was reading it \(could not be read again: /);
    }
  });

  it('leave their slab to the texts stored next, unless a worker thread is reading it (pinTexts)', async () => {
    // A module of its own: slabs the tests above filled do not count.
    vi.resetModules();
    const { emptySlabs, pinTexts, releaseTexts, storedBytes, storeText } = await import('../src/kernels/stored-text.js');
    // Texts of 1 MB: eight fill a slab. Each text can be read again from its "file".
    const text = (n: number): string => `${n} ${'ab'.repeat(1 << 19)}`.slice(0, 1 << 20);
    const store = (from: number, count: number): Article[] =>
      Array.from({ length: count }, (_, k) => {
        const utf8 = Buffer.from(text(from + k), 'utf8');
        return storeText({ id: `t${from + k}`, path: `t${from + k}` }, text(from + k), utf8, () => utf8);
      });
    const slabOf = (a: Article): ArrayBufferLike => storedBytes(a)!.buffer;
    const first = store(0, 8);
    const firstSlab = slabOf(first[0]);
    const pinnedBatch = store(8, 8);
    const pinnedSlab = slabOf(pinnedBatch[0]);
    expect(pinnedSlab).not.toBe(firstSlab);
    const pinnedView = storedBytes(pinnedBatch[0])!;
    const unpin = pinTexts(pinnedBatch);
    releaseTexts([...first, ...pinnedBatch]);
    // The first slab is filled again; the pinned one is not while pinned, and its bytes stay.
    const next = store(16, 24);
    const slabs = new Set(next.map(slabOf));
    expect(slabs.has(firstSlab)).toBe(true);
    expect(slabs.has(pinnedSlab)).toBe(false);
    expect(Buffer.from(pinnedView).toString('utf8')).toBe(text(8));
    releaseTexts(next);
    unpin();
    // Unpinned, the slab is filled again: the texts stored next go there, into no new slab.
    const later = store(40, 8);
    expect(later.every((a) => slabOf(a) === pinnedSlab)).toBe(true);
    // Every text, held or read again, is itself.
    [...first, ...pinnedBatch, ...next, ...later].forEach((a, i) => expect(a.text === text(i)).toBe(true));
    releaseTexts(later);
    emptySlabs();
  });

  it('give a scan the same report as texts held to the end', async () => {
    const cwd = path.resolve(__dirname, '..');
    const held = await scan({ paths: ['fixtures/france-russia'], cwd, workers: 1 });
    const released = await scan({ paths: ['fixtures/france-russia'], cwd, workers: 1, releaseTextsAbove: 0 });
    expect(released).toEqual(held);
  });
});

describe('reading files into stored texts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsdedup-stored-'));
    writeFileSync(path.join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('“Quoted” text with a BOM.')]));
    writeFileSync(path.join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('UTF-16 text 😀', 'utf16le')]));
    writeFileSync(path.join(dir, 'front.txt'), '---\noutlet: AFP\n---\nBody text of the article.\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each file as UTF-8 without its byte order mark, and still reads front matter', async () => {
    const { articles, problems } = await readInputs(['.'], { cwd: dir, extensions: ['.txt'], maxBytes: DEFAULT_MAX_BYTES });
    expect(problems).toEqual([]);
    const byId = new Map(articles.map((a) => [a.id, a]));
    expect(byId.get('bom.txt')!.text).toBe('“Quoted” text with a BOM.');
    expect(byId.get('utf16.txt')!.text).toBe('UTF-16 text 😀');
    for (const article of articles) expect(Buffer.from(storedBytes(article)!).toString('utf8')).toBe(article.text);
    // Whether a text can start with front matter is known without reading it again.
    const texts = articles.map((a) => a.text);
    releaseTexts(articles);
    const plain = byId.get('bom.txt')!;
    expect(withFrontMatter(plain)).toBe(plain);
    expect(heldTextBytes(articles)).toBe(0);
    // Read again, each file gives the text it gave at first: without its UTF-8 byte order mark, or
    // decoded from UTF-16.
    expect(articles.map((a) => a.text)).toEqual(texts);
    const front = withFrontMatter(byId.get('front.txt')!);
    expect(front.meta?.outlet).toBe('AFP');
    expect(front.text.trim()).toBe('Body text of the article.');
    expect(front.text.length).toBe('---\noutlet: AFP\n---\nBody text of the article.\n'.length);
  });
});
