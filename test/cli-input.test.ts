import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, FIXTURE, runCli, tempDir } from './helpers/cli.js';

const SENTENCE = 'The foreign minister said on Wednesday that the country would not accept any interference in its elections.';
const OTHER = 'Heavy rain flooded the lower town overnight and the mayor asked residents to stay at home until the river fell.';

let tmp: string;
beforeAll(() => {
  tmp = tempDir('input');
  mkdirSync(path.join(tmp, 'corpus/sub'), { recursive: true });
  mkdirSync(path.join(tmp, 'corpus/.hidden'));
  mkdirSync(path.join(tmp, 'corpus/node_modules'));
  writeFileSync(path.join(tmp, 'corpus/a.txt'), `\uFEFF${SENTENCE}\r\n\r\n${OTHER}\r\n`);
  writeFileSync(path.join(tmp, 'corpus/sub/b.txt'), `${SENTENCE}\n`);
  writeFileSync(path.join(tmp, 'corpus/sub/c.md'), `${OTHER}\n`);
  writeFileSync(path.join(tmp, 'corpus/.hidden/d.txt'), SENTENCE);
  writeFileSync(path.join(tmp, 'corpus/.e.txt'), SENTENCE);
  writeFileSync(path.join(tmp, 'corpus/node_modules/f.txt'), SENTENCE);
  writeFileSync(path.join(tmp, 'corpus/image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  writeFileSync(path.join(tmp, 'corpus/latin1.txt'), Buffer.from('Le ministre a d\xe9clar\xe9 mercredi que la France ne tol\xe9rerait aucune ing\xe9rence.', 'latin1'));
  writeFileSync(
    path.join(tmp, 'articles.jsonl'),
    [
      JSON.stringify({ id: 'wire-1', text: SENTENCE, outlet: 'AFP', published: '2017-02-15T10:00:00Z', section: 'world' }),
      '{"id": "broken", "text": "unterminated',
      '',
      JSON.stringify({ id: 'paper-7', text: `${SENTENCE} ${OTHER}`, outlet: 'Daily Mail' }),
      JSON.stringify({ text: 'no id here at all, so this line is reported' }),
      JSON.stringify({ id: 'empty', text: '   ' }),
    ].join('\n') + '\n',
  );
});

function ids(stdout: string): string[] {
  return JSON.parse(stdout).articles.map((a: { id: string }) => a.id);
}

describe('input: files and folders', () => {
  it('walks folders recursively for .txt, skipping hidden entries and node_modules, and reports binary and non-UTF-8 files', () => {
    const { code, stdout, stderr } = runCli(['scan', 'corpus', '--format', 'json'], { cwd: tmp });
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual(['corpus/a.txt', 'corpus/sub/b.txt']);
    expect(stderr).toMatch(/corpus\/image\.txt: binary file \(PNG image\)/);
    expect(stderr).toMatch(/corpus\/latin1\.txt: not valid UTF-8 \(at byte \d+\)/);
    const problems = JSON.parse(stdout).problems.map((p: { path: string }) => p.path);
    expect(problems).toEqual(['corpus/image.txt', 'corpus/latin1.txt']);
  });

  it('reads UTF-8 with a BOM and CRLF line ends, and finds the sentence shared with an LF file', () => {
    const { stdout } = runCli(['scan', 'corpus', '--format', 'json'], { cwd: tmp });
    const report = JSON.parse(stdout);
    const member = report.clusters[0].members.find((m: { article: string }) => m.article === 'corpus/a.txt');
    expect(member.start).toBe(0);
    expect(member.text).toBe(SENTENCE.slice(0, -1));
  });

  it('--ext changes the file endings read in folders', () => {
    const { stdout } = runCli(['scan', 'corpus', '--ext', 'md,txt', '--format', 'json'], { cwd: tmp });
    expect(ids(stdout)).toEqual(['corpus/a.txt', 'corpus/sub/b.txt', 'corpus/sub/c.md']);
  });

  it('takes several paths at once', () => {
    const { code, stdout } = runCli(['scan', ARTICLE['000'], ARTICLE['001'], '--format', 'json']);
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual([ARTICLE['000'], ARTICLE['001']]);
  });
});

describe('input: standard input', () => {
  it('- reads one article from standard input', () => {
    const { code, stdout } = runCli(['scan', '-', 'corpus/sub/b.txt', '--format', 'json'], { cwd: tmp, stdin: SENTENCE });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(ids(stdout)).toEqual(['-', 'corpus/sub/b.txt']);
    expect(report.pairs[0].relation).toBe('duplicate');
  });

  it('--files-from - -0 reads a NUL-separated list, as find -print0 writes it', () => {
    const list = Object.values(ARTICLE).join('\0') + '\0';
    const { code, stdout } = runCli(['scan', '--files-from', '-', '-0', '--format', 'json'], { stdin: list });
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual(Object.values(ARTICLE));
  });

  it('the NUL-separated list gives the same report as naming the folder', () => {
    const list = Object.values(ARTICLE).reverse().join('\0');
    const fromList = runCli(['scan', '--files-from', '-', '--null', '--format', 'json'], { stdin: list });
    const fromFolder = runCli(['scan', FIXTURE, '--format', 'json']);
    expect(fromList.stdout).toBe(fromFolder.stdout);
  });

  it('--files-from FILE reads one path per line (CRLF too), relative to the working directory', () => {
    writeFileSync(path.join(tmp, 'list.txt'), 'corpus/a.txt\r\n\r\ncorpus/sub/b.txt\r\n');
    const { code, stdout } = runCli(['scan', '--files-from', 'list.txt', '--format', 'json'], { cwd: tmp });
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual(['corpus/a.txt', 'corpus/sub/b.txt']);
  });

  it('a path list with NUL characters but no -0 is a usage error', () => {
    const { code, stderr } = runCli(['scan', '--files-from', '-'], { stdin: `${ARTICLE['000']}\0${ARTICLE['001']}` });
    expect(code).toBe(2);
    expect(stderr).toMatch(/add -0 for NUL-separated lists/);
  });

  it('a missing --files-from file exits 2 naming it', () => {
    const { code, stderr } = runCli(['scan', '--files-from', 'no-such-list.txt'], { cwd: tmp });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--files-from no-such-list\.txt: no such file/);
  });

  it('standard input cannot be both the path list and an article', () => {
    const { code, stderr } = runCli(['scan', '-', '--files-from', '-'], { stdin: 'x' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/standard input can be read only once/);
  });

  it('no paths at all is a usage error', () => {
    const { code, stderr } = runCli(['scan']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no paths/);
  });
});

describe('input: JSONL', () => {
  it('reads one article per line, reports each broken line with its number, and scans the rest', () => {
    const { code, stdout, stderr } = runCli(['scan', 'articles.jsonl', '--format', 'json'], { cwd: tmp });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(ids(stdout)).toEqual(['paper-7', 'wire-1']);
    expect(report.articles.find((a: { id: string }) => a.id === 'wire-1').path).toBe('articles.jsonl:1');
    expect(stderr).toMatch(/articles\.jsonl:2: not valid JSON/);
    expect(stderr).toMatch(/articles\.jsonl:5: missing "id"/);
    expect(stderr).toMatch(/articles\.jsonl:6: article "empty": "text" is empty/);
    expect(report.problems.map((p: { path: string }) => p.path)).toEqual(['articles.jsonl:2', 'articles.jsonl:5', 'articles.jsonl:6']);
    expect(report.pairs).toHaveLength(1);
  });

  it('--jsonl reads JSONL from standard input', () => {
    const jsonl = [JSON.stringify({ id: 'a', text: SENTENCE }), JSON.stringify({ id: 'b', text: SENTENCE }), 'not json'].join('\n');
    const { code, stdout, stderr } = runCli(['scan', '--jsonl', '--format', 'json'], { stdin: jsonl });
    expect(code).toBe(0);
    expect(ids(stdout)).toEqual(['a', 'b']);
    expect(JSON.parse(stdout).summary.duplicates).toBe(1);
    expect(stderr).toMatch(/^newsdedup: -:3: not valid JSON/m);
  });

  it('an id used twice across inputs is reported and read once', () => {
    writeFileSync(path.join(tmp, 'more.jsonl'), JSON.stringify({ id: 'wire-1', text: OTHER }) + '\n');
    const { stdout, stderr } = runCli(['scan', 'more.jsonl', 'articles.jsonl', '--format', 'json'], { cwd: tmp });
    expect(ids(stdout)).toEqual(['paper-7', 'wire-1']);
    expect(JSON.parse(stdout).articles.find((a: { id: string }) => a.id === 'wire-1').path).toBe('articles.jsonl:1');
    expect(stderr).toMatch(/more\.jsonl:1: id "wire-1" is already used by articles\.jsonl:1/);
  });

  it('a folder walked with --ext .jsonl reads its JSONL files', () => {
    mkdirSync(path.join(tmp, 'dumps'), { recursive: true });
    writeFileSync(path.join(tmp, 'dumps/day1.jsonl'), JSON.stringify({ id: 'x', text: SENTENCE }) + '\n' + JSON.stringify({ id: 'y', text: OTHER }) + '\n');
    const { stdout } = runCli(['scan', 'dumps', '--ext', '.jsonl', '--format', 'json'], { cwd: tmp });
    expect(ids(stdout)).toEqual(['x', 'y']);
  });
});
