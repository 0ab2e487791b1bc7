import {
  chmodSync, createReadStream, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { promises as fsp } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import {
  DEFAULT_MAX_BYTES, formatReport, NewsdedupError, readInputs, scan, scanTexts, writeFileAtomic, type ProgressEvent, type Report,
} from '../src/index.js';

/**
 * The bad-input matrix: every hostile or broken input is reported once, naming the path and the
 * reason, and the run goes on with the rest. Large and many-file cases are generated here, in a
 * temporary folder, and removed afterwards.
 */

const ARTICLE =
  'France warned Russia on Wednesday against meddling in its presidential election campaign. ' +
  'The foreign minister said Paris would not accept any interference in the vote by any state. ' +
  'Officials pointed to hundreds of cyber attacks on the campaign of the centrist candidate.';
const OTHER =
  'The central bank left interest rates unchanged on Thursday and signalled no change this year. ' +
  'Economists had expected the decision after inflation slowed for a third month in a row.';

let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'newsdedup-bad-input-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh folder under the temporary root holding `files` (name → content). */
function folder(name: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function scanIn(cwd: string, paths: string[], extra: Partial<Parameters<typeof scan>[0]> = {}): Promise<Report> {
  return scan({ paths, cwd, ...extra });
}

async function run(cwd: string, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const input = new PassThrough();
  input.end(stdin);
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(['node', 'newsdedup', ...args], { stdin: input, stdout: out, stderr: err, env: {}, cwd });
  return { code, stdout, stderr };
}

/** No user error may print a stack trace. */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/Error:/);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('bad files are reported once, with the path and the reason; the rest is scanned', () => {
  it('an empty file and a whitespace-only file', async () => {
    const dir = folder('empty', { 'good.txt': ARTICLE, 'empty.txt': '', 'blank.txt': ' \n\t\r\n  \u00a0\n' });
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([
      { path: 'blank.txt', code: 'EMPTY', message: 'file holds only whitespace' },
      { path: 'empty.txt', code: 'EMPTY', message: 'empty file' },
    ]);
  });

  it('a one-word article is read and has nothing to share', async () => {
    const dir = folder('one-word', { 'good.txt': ARTICLE, 'word.txt': 'Breaking' });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.articles.find((a) => a.id === 'word.txt')).toMatchObject({ words: 1, reusedChars: 0, duplicateOf: null });
    expect(report.clusters).toEqual([]);
  });

  it('a PNG image and a gzip archive named .txt are binary files', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const dir = folder('binary', { 'good.txt': ARTICLE, 'photo.txt': png, 'archive.txt': gzipSync(ARTICLE) });
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([
      { path: 'archive.txt', code: 'BINARY', message: 'binary file (gzip archive), not text' },
      { path: 'photo.txt', code: 'BINARY', message: 'binary file (PNG image), not text' },
    ]);
  });

  it('invalid UTF-8 is reported with the offset of the first bad byte', async () => {
    const latin1 = Buffer.from('Le ministre a déclaré mercredi que la France', 'latin1');
    const dir = folder('invalid-utf8', { 'good.txt': ARTICLE, 'latin1.txt': latin1 });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([
      { path: 'latin1.txt', code: 'ENCODING', message: `not valid UTF-8 (at byte ${latin1.indexOf(0xe9)}); convert it to UTF-8` },
    ]);
  });

  it('UTF-16 with a byte order mark is decoded, and its passages are found with offsets into the text', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${OTHER}\n\n${ARTICLE}`, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const dir = folder('utf16', { 'a-utf8.txt': ARTICLE, 'b-utf16le.txt': le, 'c-utf16be.txt': be });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.clusters).toHaveLength(1);
    const members = report.clusters[0].members;
    expect(members.map((m) => m.article)).toEqual(['a-utf8.txt', 'b-utf16le.txt', 'c-utf16be.txt']);
    for (const m of members) {
      const text = m.article === 'a-utf8.txt' ? ARTICLE : `${OTHER}\n\n${ARTICLE}`;
      expect([...text].slice(m.start, m.end).join('')).toBe(m.text);
    }
  });

  it('UTF-16 with a byte order mark but an unpaired surrogate is reported as invalid UTF-16', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Le ministre ', 'utf16le'), Buffer.from([0x3d, 0xd8]), Buffer.from(' a déclaré', 'utf16le')]);
    const dir = folder('utf16-broken', { 'good.txt': ARTICLE, 'broken.txt': broken });
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([
      { path: 'broken.txt', code: 'ENCODING', message: 'not valid UTF-16 (an unpaired surrogate or an odd number of bytes); convert it to UTF-8' },
    ]);
  });

  it('UTF-16 without a byte order mark is binary, with a hint', async () => {
    const dir = folder('utf16-no-bom', { 'good.txt': ARTICLE, 'wide.txt': Buffer.from(ARTICLE, 'utf16le') });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([
      { path: 'wide.txt', code: 'BINARY', message: 'binary file: NUL byte at offset 1 (UTF-16 without a byte order mark? convert it to UTF-8)' },
    ]);
  });

  it('NUL bytes inside text make a file binary (as git decides), named with the offset', async () => {
    const text = `${ARTICLE.slice(0, 40)}\0${ARTICLE.slice(40)}`;
    const dir = folder('nul', { 'good.txt': ARTICLE, 'nul.txt': text });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([{ path: 'nul.txt', code: 'BINARY', message: 'binary file: NUL byte at offset 40' }]);
  });

  it(`a 100 MB single-line file is skipped above --max-bytes (default ${DEFAULT_MAX_BYTES} bytes = 20 MB)`, async () => {
    expect(DEFAULT_MAX_BYTES).toBe(20 * 1024 * 1024);
    const dir = folder('huge', { 'good.txt': ARTICLE });
    const size = 100 * 1024 * 1024;
    writeFileSync(path.join(dir, 'huge.txt'), Buffer.alloc(size, 'word '));
    try {
      const report = await scanIn(dir, ['.']);
      expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
      expect(report.problems).toEqual([
        { path: 'huge.txt', code: 'TOO_LARGE', message: `file is ${size} bytes, above the limit of ${DEFAULT_MAX_BYTES} (--max-bytes)` },
      ]);
      const cli = await run(dir, ['scan', '.', '--max-bytes', '1k', '--format', 'json']);
      expect(cli.code).toBe(0);
      expect(cli.stderr).toBe(`newsdedup: huge.txt: file is ${size} bytes, above the limit of 1024 (--max-bytes)\n`);
    } finally {
      unlinkSync(path.join(dir, 'huge.txt'));
    }
  });

  it('a device that never ends is cut at --max-bytes, never read whole', async () => {
    const dir = folder('device', { 'good.txt': ARTICLE });
    const report = await scanIn(dir, ['good.txt', '/dev/zero'], { maxBytes: 64 * 1024 });
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([
      { path: path.relative(dir, '/dev/zero'), code: 'TOO_LARGE', message: 'file is more than 65536 bytes, above the limit of 65536 (--max-bytes)' },
    ]);
  });

  // Reading is what a huge folder stresses (open files, ordering); 10 000 articles through the
  // whole engine are checked below.
  it('a folder of 50 000 tiny files is read whole, in name order', async () => {
    const dir = folder('many');
    const n = 50_000;
    const name = (i: number): string => `${String(i).padStart(5, '0')}.txt`;
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, name(i)), `Brief ${i}: markets closed higher.`);
    try {
      const { articles, problems } = await readInputs(['many'], { cwd: tmp, extensions: ['.txt'], maxBytes: DEFAULT_MAX_BYTES });
      expect(problems).toEqual([]);
      expect(articles).toHaveLength(n);
      expect(articles.every((a, i) => a.id === `many/${name(i)}` && a.text === `Brief ${i}: markets closed higher.`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('deeply nested folders are walked', async () => {
    const parts = Array.from({ length: 120 }, (_, i) => `d${i}`);
    const dir = folder('deep', { [`${parts.join('/')}/bottom.txt`]: ARTICLE, 'top.txt': ARTICLE });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.articles.map((a) => a.id)).toEqual([`${parts.join('/')}/bottom.txt`, 'top.txt']);
    expect(report.summary.duplicates).toBe(1);
  });

  it('a symbolic link loop is reported once and not followed', async () => {
    const dir = folder('loop', { 'sub/good.txt': ARTICLE });
    symlinkSync('..', path.join(dir, 'sub', 'up'));
    symlinkSync('self.txt', path.join(dir, 'self.txt'));
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['sub/good.txt']);
    expect(report.problems).toEqual([
      { path: 'self.txt', code: 'LOOP', message: 'symbolic link loop; not followed' },
      { path: 'sub/up', code: 'LOOP', message: 'symbolic link loop: this folder contains itself; not followed' },
    ]);
  });

  it('a symbolic link to a file or folder outside the tree is followed, under the link\'s name', async () => {
    const outside = folder('outside', { 'far.txt': OTHER, 'shelf/near.txt': ARTICLE });
    const dir = folder('links', { 'own.txt': 'A short note of our own about nothing much at all today.' });
    symlinkSync(path.join(outside, 'far.txt'), path.join(dir, 'far.txt'));
    symlinkSync(path.join(outside, 'shelf'), path.join(dir, 'shelf'));
    symlinkSync(path.join(outside, 'gone.txt'), path.join(dir, 'dangling.txt'));
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['far.txt', 'own.txt', 'shelf/near.txt']);
    expect(report.problems).toEqual([{ path: 'dangling.txt', code: 'ENOENT', message: 'broken symbolic link: no such file or folder' }]);
  });

  it('an unreadable file (permissions) is reported; the rest is read', async () => {
    const dir = folder('locked', { 'good.txt': ARTICLE, 'locked.txt': OTHER });
    chmodSync(path.join(dir, 'locked.txt'), 0o000);
    chmodSync(dir, 0o755);
    chmodSync(tmp, 0o755);
    // Root reads every file, so as root the scan runs with the effective user id of "nobody".
    const asNobody = isRoot && typeof process.seteuid === 'function';
    if (asNobody) process.seteuid!(65534);
    let report: Report;
    try {
      report = await scanIn(dir, ['.']);
    } finally {
      if (asNobody) process.seteuid!(0);
    }
    expect(report.articles.map((a) => a.id)).toEqual(['good.txt']);
    expect(report.problems).toEqual([{ path: 'locked.txt', code: 'EACCES', message: 'permission denied' }]);
  });

  it('a file that vanishes after its folder was listed is named, and the run goes on', async () => {
    const dir = folder('vanish', { 'a.txt': ARTICLE, 'b.txt': OTHER, 'c.txt': ARTICLE });
    // The first progress event of reading comes once the folder is listed, before any file is read.
    const progress = (e: ProgressEvent): void => {
      if (e.stage === 'read' && e.done === 0) rmSync(path.join(dir, 'b.txt'), { force: true });
    };
    const report = await scanIn(dir, ['.'], { progress });
    expect(report.articles.map((a) => a.id)).toEqual(['a.txt', 'c.txt']);
    expect(report.problems).toEqual([{ path: 'b.txt', code: 'ENOENT', message: 'vanished after its folder was listed: no such file' }]);
  });

  it.each([
    ['rewritten', (file: string) => writeFileSync(file, OTHER), /got \d+ bytes/],
    ['deleted', (file: string) => rmSync(file), /could not be read again: ENOENT/],
  ])('a file %s after a large scan let its text go stops the scan, naming the file (INPUT_CHANGED)', async (name, change, what) => {
    const dir = folder(`changed-${name}`, { 'a.txt': ARTICLE, 'b.txt': `${ARTICLE}\n\n${OTHER}`, 'c.txt': OTHER });
    // releaseTextsAbove 0: every text is let go after the per-article stages, as beyond 256 MB.
    let changed = false;
    const progress = (e: ProgressEvent): void => {
      if (changed || e.stage === 'read' || e.stage === 'analyze') return;
      change(path.join(dir, 'b.txt'));
      changed = true;
    };
    const scanning = scanIn(dir, ['.'], { progress, releaseTextsAbove: 0 });
    await expect(scanning).rejects.toThrow(NewsdedupError);
    await expect(scanning).rejects.toMatchObject({ code: 'INPUT_CHANGED' });
    await expect(scanning).rejects.toThrow(/^b\.txt: changed while the run was reading it \(/);
    await expect(scanning).rejects.toThrow(what);
  });

  it('a named pipe given by name is read to its end (not as a regular file), beside regular files', async () => {
    const dir = folder('pipe', { 'a.txt': ARTICLE });
    const pipe = path.join(dir, 'p.txt');
    execFileSync('mkfifo', [pipe]);
    const writer = new Promise<void>((resolve, reject) => {
      execFile('sh', ['-c', 'cat a.txt > p.txt'], { cwd: dir }, (error) => (error ? reject(error) : resolve()));
    });
    const report = await scanIn(dir, ['a.txt', 'p.txt']);
    await writer;
    expect(report.problems).toEqual([]);
    expect(report.articles.map((a) => a.id)).toEqual(['a.txt', 'p.txt']);
    expect(report.summary.duplicates).toBe(1);
  });

  it('file names with spaces, line breaks, escapes and invalid UTF-8 bytes are read', async () => {
    const dir = folder('odd-names', { 'with space.txt': ARTICLE, 'line\nbreak.txt': ARTICLE, 'esc\x1b[2J.txt': OTHER });
    const raw = Buffer.concat([Buffer.from(dir), Buffer.from('/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]);
    writeFileSync(raw, OTHER);
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.articles.map((a) => a.id).sort()).toEqual(['caf\ufffd.txt', 'esc\x1b[2J.txt', 'line\nbreak.txt', 'with space.txt'].sort());
    expect(report.summary.duplicates).toBe(2);
    // On a terminal the names are made harmless.
    const text = formatReport(report, 'text', { color: 0, width: 100 });
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('line\nbreak');
  });

  it('a path given twice is read once, silently', async () => {
    const dir = folder('twice', { 'a.txt': ARTICLE, 'b.txt': OTHER });
    const report = await scanIn(dir, ['a.txt', 'b.txt', 'a.txt', './a.txt', '.']);
    expect(report.articles.map((a) => a.id)).toEqual(['a.txt', 'b.txt']);
    expect(report.problems).toEqual([]);
  });

  it('the same file under two names (symbolic and hard link) is read once and the second name reported', async () => {
    const dir = folder('two-names', { 'a.txt': ARTICLE, 'z.txt': OTHER });
    symlinkSync('a.txt', path.join(dir, 'b-link.txt'));
    linkSync(path.join(dir, 'z.txt'), path.join(dir, 'y-hard.txt'));
    const report = await scanIn(dir, ['.']);
    expect(report.articles.map((a) => a.id)).toEqual(['a.txt', 'y-hard.txt']);
    expect(report.problems).toEqual([
      { path: 'b-link.txt', code: 'DUPLICATE_PATH', message: 'same file as a.txt; read once' },
      { path: 'z.txt', code: 'DUPLICATE_PATH', message: 'same file as y-hard.txt; read once' },
    ]);
  });
});

describe('JSONL and path lists', () => {
  it('a broken line, a line without text and a 50 MB line are each reported with their line; the rest is read', async () => {
    const dir = folder('jsonl');
    const lines = [
      JSON.stringify({ id: 'a', text: ARTICLE }),
      '{"id": "broken", "text": "unterminated',
      JSON.stringify({ id: 'no-text', title: 'A headline only' }),
      JSON.stringify({ id: 'huge', text: 'x'.repeat(50 * 1024 * 1024) }),
      JSON.stringify({ id: 'b', text: ARTICLE }),
    ];
    writeFileSync(path.join(dir, 'corpus.jsonl'), lines.join('\n') + '\n');
    try {
      const report = await scanIn(dir, ['corpus.jsonl']);
      expect(report.articles.map((a) => a.id)).toEqual(['a', 'b']);
      expect(report.articles[1].duplicateOf).toBe('a');
      expect(report.problems.map((p) => [p.path, p.code])).toEqual([
        ['corpus.jsonl:2', 'JSONL'],
        ['corpus.jsonl:3', 'JSONL'],
        ['corpus.jsonl:4', 'TOO_LARGE'],
      ]);
      expect(report.problems[0].message).toMatch(/^not valid JSON/);
      expect(report.problems[1].message).toBe('article "no-text": missing "text"; skipped');
      expect(report.problems[2].message).toBe(`line is longer than ${DEFAULT_MAX_BYTES} bytes (--max-bytes); skipped`);
    } finally {
      unlinkSync(path.join(dir, 'corpus.jsonl'));
    }
  });

  it('--files-from listing missing files names each one; the listed files that exist are scanned', async () => {
    const dir = folder('files-from', { 'a.txt': ARTICLE, 'b.txt': ARTICLE });
    writeFileSync(path.join(dir, 'list.txt'), 'a.txt\nmissing-1.txt\nb.txt\nsub/missing-2.txt\n');
    const { code, stdout, stderr } = await run(dir, ['scan', '--files-from', 'list.txt', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('newsdedup: missing-1.txt: no such file or folder\nnewsdedup: sub/missing-2.txt: no such file or folder\n');
    const report = JSON.parse(stdout) as Report;
    expect(report.articles.map((a) => a.id)).toEqual(['a.txt', 'b.txt']);
    expect(report.summary.problems).toBe(2);
  });
});

describe('corpus sizes and scripts', () => {
  it('zero articles: exit code 2, one line naming every path and reason, no stack trace', async () => {
    const dir = folder('zero', { 'empty.txt': '', 'sub/.hidden.txt': ARTICLE });
    const { code, stdout, stderr } = await run(dir, ['scan', 'empty.txt', 'sub', 'nope.txt']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^newsdedup: no article could be read \(/);
    expect(stderr).toContain('empty.txt: empty file');
    expect(stderr).toContain('sub: folder has no .txt files');
    expect(stderr).toContain('nope.txt: no such file or folder');
    expectNoStack(stderr);
    await expect(scanIn(dir, ['empty.txt'])).rejects.toBeInstanceOf(NewsdedupError);
  });

  it('one article: a report with no pairs, exit code 0', async () => {
    const dir = folder('one', { 'only.txt': ARTICLE });
    const { code, stdout, stderr } = await run(dir, ['scan', 'only.txt', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    expect(report.summary).toMatchObject({ articles: 1, clusters: 0, pairs: 0, problems: 0 });
  });

  it('Chinese, Arabic, Urdu and Russian articles: each shared passage is found, in its language only', async () => {
    const root = path.resolve(__dirname, '..');
    const report = await scan({ paths: ['fixtures/multilingual'], cwd: root });
    expect(report.problems).toEqual([]);
    const copies = report.clusters.filter((c) => c.kind === 'copy');
    const byLanguage = new Map<string, string[]>();
    for (const c of copies) {
      const articles = [...new Set(c.members.map((m) => m.article.replace(/^.*\//, '')))];
      byLanguage.set(articles[0].slice(0, 2), articles);
    }
    expect(Object.fromEntries(byLanguage)).toEqual({
      ar: ['ar-a.txt', 'ar-b.txt'],
      ru: ['ru-a.txt', 'ru-b.txt'],
      ur: ['ur-a.txt', 'ur-b.txt'],
      zh: ['zh-a.txt', 'zh-b.txt'],
    });
    const core: Record<string, string> = {
      zh: '法国不会接受任何国家干涉其总统选举。他说，俄罗斯必须停止对法国政治生活的干预',
      ru: 'Жан-Марк Эро заявил в среду, что Париж не допустит вмешательства в президентские выборы. По его словам, Россия должна прекратить',
      ar: 'لن تقبل أي تدخل في انتخاباتها الرئاسية. وأضاف أن على روسيا أن تتوقف',
      ur: 'اپنے صدارتی انتخابات میں کسی قسم کی مداخلت قبول نہیں کرے گا۔ انہوں نے کہا کہ روس',
    };
    for (const c of copies) {
      const language = c.members[0].article.replace(/^.*\//, '').slice(0, 2);
      for (const m of c.members) {
        expect(m.text).toContain(core[language]);
        const text = readFileSync(path.join(root, m.article), 'utf8');
        expect([...text].slice(m.start, m.end).join('')).toBe(m.text);
      }
    }
    expect(report.pairs.map((p) => [p.a, p.b].map((id) => id.replace(/^.*\//, '')).join(' '))).toEqual([
      'ar-a.txt ar-b.txt', 'ru-a.txt ru-b.txt', 'ur-a.txt ur-b.txt', 'zh-a.txt zh-b.txt',
    ]);
  });

  it('text made only of quotation marks is read and has nothing to share', async () => {
    const dir = folder('quotes', { 'good.txt': ARTICLE, 'quotes.txt': '“” «» „“ ‘’ "" \'\' 「」\n' });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.articles.find((a) => a.id === 'quotes.txt')).toMatchObject({ words: 0, reusedChars: 0 });
    expect(report.clusters).toEqual([]);
  });

  it('extremely repetitive text ("the the the …") is scanned with capped buckets and does not blow up', async () => {
    const the = 'the '.repeat(100_000);
    const sentences = 'the the the the the the the the. '.repeat(5_000);
    const dir = folder('repetitive', { 'the.txt': the, 'the-again.txt': `${the}end`, 'sentences.txt': sentences, 'good.txt': ARTICLE, 'copy.txt': `Reuters: ${ARTICLE}` });
    const report = await scanIn(dir, ['.']);
    expect(report.problems).toEqual([]);
    expect(report.summary.cappedBuckets).toBeGreaterThan(0);
    // The real copy is still found.
    expect(report.pairs.find((p) => p.a === 'copy.txt' && p.b === 'good.txt')?.relation).toBe('duplicate');
    // Every cluster member quotes its text exactly.
    for (const c of report.clusters) for (const m of c.members) expect(m.end).toBeGreaterThan(m.start);
  });

  it('10 000 copies of one article make one cluster and a star of pairs, not 50 million', () => {
    const n = 10_000;
    const articles = Array.from({ length: n }, (_, i) => ({ id: `copy-${String(i).padStart(5, '0')}`, path: `copy-${i}`, text: ARTICLE }));
    const report = scanTexts(articles);
    expect(report.summary.clusters).toBe(1);
    expect(report.clusters[0].members).toHaveLength(n);
    expect(report.summary.pairs).toBe(n - 1);
    expect(report.summary.duplicates).toBe(n - 1);
    expect(report.articles.every((a, i) => a.duplicateOf === (i === 0 ? null : 'copy-00000'))).toBe(true);
  });

  it('10 000 near-copies (each with its own dateline) make one cluster per passage and at most one pair per article', () => {
    const n = 10_000;
    const articles = Array.from({ length: n }, (_, i) => ({ id: `near-${String(i).padStart(5, '0')}`, path: `near-${i}`, text: `CITY ${i} (Agency) - ${ARTICLE}` }));
    const report = scanTexts(articles);
    const big = report.clusters.filter((c) => c.members.length === n);
    expect(big.length).toBeGreaterThanOrEqual(1);
    expect(report.summary.pairs).toBeLessThanOrEqual(n - 1);
    expect(report.summary.duplicates).toBe(n - 1);
  });
});

describe('safety', () => {
  const HOSTILE =
    '\x1b]0;owned\x07\x1b[2J\x1b[HThe minister said on Wednesday that the country would not accept any interference in its elections. ' +
    '\x9b31mSecond\x1b[0m sentence with a \u202eredirected\u202c word and a bell\x07 at the end of the line in the article.';

  it('escape sequences and control characters in article text never reach the terminal raw', async () => {
    const dir = folder('escapes', { 'a.txt': HOSTILE, 'b.txt': HOSTILE.replace('Second', 'Another') });
    const { code, stdout } = await run(dir, ['scan', '.', '--full']);
    expect(code).toBe(0);
    expect(stdout).toContain('The minister said on Wednesday');
    expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    // JSON keeps the text exactly (escaped), since offsets must match the file.
    const json = await run(dir, ['scan', '.', '--format', 'json']);
    expect((JSON.parse(json.stdout) as Report).clusters[0].members[0].text).toContain('\x1b[0m');
  });

  it('a file name that tries to clear the screen is shown harmless on standard error', async () => {
    const dir = folder('escape-names', { 'good.txt': ARTICLE, 'bad\x1b]0;owned\x07\x1b[2J.txt': '' });
    const { code, stderr } = await run(dir, ['scan', '.', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^newsdedup: bad.*\.txt: empty file\n$/);
  });

  it('the report is never written inside an input folder, nor over an input', async () => {
    const dir = folder('no-write', { 'corpus/a.txt': ARTICLE, 'corpus/b.txt': ARTICLE });
    for (const target of ['corpus/report.txt', 'corpus/a.txt']) {
      const { code, stderr } = await run(dir, ['scan', 'corpus', '-o', target]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/expected a file outside the inputs/);
      expectNoStack(stderr);
    }
    expect(readdirSync(path.join(dir, 'corpus')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(path.join(dir, 'corpus/a.txt'), 'utf8')).toBe(ARTICLE);
    const ok = await run(dir, ['scan', 'corpus', '-o', 'report.txt']);
    expect(ok.code).toBe(0);
    expect(readFileSync(path.join(dir, 'report.txt'), 'utf8')).toMatch(/^newsdedup: 2 articles/);
  });

  it('a report written to a named pipe (or a device: `-o /dev/null`) goes through it, which stays what it was', async () => {
    const dir = folder('fifo');
    const fifo = path.join(dir, 'report.pipe');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      createReadStream(fifo).on('data', (c) => chunks.push(c as Buffer)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
    });
    await writeFileAtomic(fifo, ['{"piece": ', '1}\n']);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.pipe']);
    expect(await received).toBe('{"piece": 1}\n');
  });

  it('a write that fails midway leaves the previous report intact and no temporary file behind', async () => {
    const dir = folder('atomic');
    const file = path.join(dir, 'report.json');
    writeFileSync(file, '{"previous": true}');
    const realWrite = fsp.writeFile;
    const spy = vi.spyOn(fsp, 'writeFile').mockImplementation(async (target, data, ...rest) => {
      await realWrite(target, String(data).slice(0, 10), ...rest);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      await expect(writeFileAtomic(file, '{"next": true, "long": "' + 'x'.repeat(1000) + '"}')).rejects.toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(file, 'utf8')).toBe('{"previous": true}');
    expect(readdirSync(dir)).toEqual(['report.json']);
    await writeFileAtomic(file, '{"next": true}');
    expect(readFileSync(file, 'utf8')).toBe('{"next": true}');
    expect(existsSync(file)).toBe(true);
  });
});
