import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const root = path.resolve(__dirname, '..');

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const input = new PassThrough();
  input.end(stdin);
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(['node', 'newsdedup', ...args], { stdin: input, stdout: out, stderr: err, env: {}, cwd: root });
  return { code, stdout, stderr };
}

describe('the newsdedup program (parsed in-process)', () => {
  it('scan is the default command', async () => {
    const a = await run(['fixtures/france-russia', '--format', 'json']);
    const b = await run(['scan', 'fixtures/france-russia', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).schema).toBe('newsdedup/report@1');
  });

  it('prints a readable report without colour when not on a terminal', async () => {
    const { code, stdout } = await run(['scan', 'fixtures/france-russia']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^newsdedup: 5 articles/);
    expect(stdout).not.toMatch(/\x1b\[/);
  });

  it('rejects an invalid option value with exit code 2 and says what was expected', async () => {
    const { code, stderr } = await run(['scan', 'fixtures/france-russia', '--threshold', '2']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/expected a number above 0 and at most 1, got "2"/);
  });

  it('rejects an unknown format', async () => {
    const { code, stderr } = await run(['scan', 'fixtures/france-russia', '--format', 'yaml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are/);
  });

  it('exits 2 with one line naming the path when nothing could be read', async () => {
    const { code, stderr } = await run(['scan', 'no/such/folder']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no\/such\/folder: no such file or folder/);
  });

  it('reads an article from standard input with -', async () => {
    const text = 'The minister said on Wednesday that the country would not accept any interference in its elections.';
    const { code, stdout } = await run(['scan', '-', '--format', 'json'], text);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).articles[0].id).toBe('-');
  });
});
