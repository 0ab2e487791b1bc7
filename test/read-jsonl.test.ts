import { describe, expect, it } from 'vitest';
import { readJsonl } from '../src/index.js';
import { storedBytes } from '../src/kernels/stored-text.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readJsonl', () => {
  it('reads id, text and metadata; keeps the whole record; numbers ids', async () => {
    const { articles, problems } = await readJsonl([enc('\uFEFF{"id": 7, "text": "Hello there", "source": "AFP", "date": "2017-02-15", "extra": [1]}\r\n')], 'c.jsonl', 1000);
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      {
        id: '7',
        path: 'c.jsonl:1',
        text: 'Hello there',
        meta: { outlet: 'AFP', published: '2017-02-15' },
        jsonl: { file: 'c.jsonl', line: 1, record: { id: 7, text: 'Hello there', source: 'AFP', date: '2017-02-15', extra: [1] } },
      },
    ]);
  });

  it('keeps texts as UTF-8 with the record reading its text from the article (same fields, same order); a lone surrogate stays a string', async () => {
    const line = '{"id":"a","text":"“Quoted” 😀 text","outlet":"AFP","n":[1,2]}';
    const { articles } = await readJsonl([enc(`${line}\n{"id":"b","text":"half \\ud800 pair"}\n`)], 'c.jsonl', 1000);
    expect(storedBytes(articles[0])).toBeDefined();
    expect(articles[0].text).toBe('“Quoted” 😀 text');
    expect(JSON.stringify(articles[0].jsonl!.record)).toBe(line);
    expect(JSON.stringify({ ...articles[0].jsonl!.record, text: 'new' })).toBe(line.replace('“Quoted” 😀 text', 'new'));
    expect(storedBytes(articles[1])).toBeUndefined();
    expect(articles[1].text).toBe('half \ud800 pair');
  });

  it('splits lines across chunk boundaries and reports each bad line by number', async () => {
    const text = '{"id":"a","text":"one"}\n\n{"id":"b","te' + 'xt":"two"}\n{bad}\n{"id":"a","text":"again"}\n["x"]\n{"id":"c"}\n{"id":"d","text":""}\n';
    const bytes = enc(text);
    const chunks = [bytes.subarray(0, 30), bytes.subarray(30, 31), bytes.subarray(31)];
    const { articles, problems } = await readJsonl(chunks, 'f.jsonl', 1000);
    expect(articles.map((a) => [a.id, a.path])).toEqual([['a', 'f.jsonl:1'], ['b', 'f.jsonl:3']]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['f.jsonl:4', 'JSONL'],
      ['f.jsonl:5', 'JSONL'],
      ['f.jsonl:6', 'JSONL'],
      ['f.jsonl:7', 'JSONL'],
      ['f.jsonl:8', 'EMPTY'],
    ]);
    expect(problems[1].message).toBe('id "a" was already used on line 1; skipped');
  });

  it('reports invalid UTF-8 and over-long lines without reading them, and a last line without a line break', async () => {
    const bytes = new Uint8Array([...enc('{"id":"a","text":"'), 0xc3, 0x28, ...enc('"}\n'), ...enc(`{"id":"b","text":"${'x'.repeat(100)}"}\n`), ...enc('{"id":"c","text":"ok"}')]);
    const { articles, problems } = await readJsonl([bytes], 'g.jsonl', 64);
    expect(articles.map((a) => a.id)).toEqual(['c']);
    expect(problems.map((p) => [p.path, p.code])).toEqual([['g.jsonl:1', 'ENCODING'], ['g.jsonl:2', 'TOO_LARGE']]);
  });
});
