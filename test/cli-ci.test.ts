import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTICLE, FIXTURE, runCli, tempDir } from './helpers/cli.js';

describe('CI gate: --fail-on and exit codes', () => {
  it('0 when no threshold is exceeded', () => {
    const { code, stderr } = runCli(['scan', FIXTURE, '--fail-on', 'duplicates>0', '--fail-on', 'reused>0.5', '--quiet', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('1 when a threshold is exceeded, naming the rule and the measured value on standard error', () => {
    const { code, stdout, stderr } = runCli(['scan', FIXTURE, '--fail-on', 'reused>0.1', '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).schema).toBe('newsdedup/report@1');
    expect(stderr).toMatch(/^newsdedup: --fail-on reused>0\.1: reused is \d+\.\d%$/m);
  });

  it('repeats>0 fails on the fixture (Xinhua prints its body twice); a count or a percentage', () => {
    expect(runCli(['scan', FIXTURE, '--fail-on', 'repeats>0', '-q']).code).toBe(1);
    expect(runCli(['scan', FIXTURE, '--fail-on', 'repeats', '-q']).code).toBe(1);
    expect(runCli(['scan', FIXTURE, '--fail-on', 'repeated>=50%', '-q']).code).toBe(0);
    expect(runCli(['scan', ARTICLE['003'], '--fail-on', 'repeats>0,duplicates>0', '-q']).code).toBe(0);
  });

  it('duplicates>0 fails when two articles are near-duplicates', () => {
    const text = readFileSync(ARTICLE['004'], 'utf8');
    const { code, stderr } = runCli(['scan', '-', ARTICLE['004'], '--fail-on', 'duplicates>0', '-q'], { stdin: text });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--fail-on duplicates>0: duplicates is 1/);
  });

  it('2 for an invalid rule, an invalid option, or nothing to read', () => {
    const bad = runCli(['scan', FIXTURE, '--fail-on', 'reused>2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a share from 0 to 1/);
    const unknown = runCli(['scan', FIXTURE, '--fail-on', 'copies>0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/expected a measure among duplicates, reused, repeats/);
    expect(runCli(['scan', FIXTURE, '--format', 'yaml']).code).toBe(2);
    expect(runCli(['scan', 'missing-folder']).code).toBe(2);
  });
});

describe('CI gate: --fail-on on dedup and compare', () => {
  it('dedup exits 1 when the corpus as read exceeds a threshold, and still writes the clean copy', () => {
    const out = path.join(tempDir('ci-dedup'), 'clean');
    const { code, stdout, stderr } = runCli(['dedup', FIXTURE, '--out', out, '--fail-on', 'repeats>0', '--format', 'jsonl']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^newsdedup: --fail-on repeats>0: repeats is \d+$/m);
    expect(stdout).toBe(readFileSync(path.join(out, 'manifest.jsonl'), 'utf8'));
    expect(readFileSync(path.join(out, path.basename(ARTICLE['003'])), 'utf8')).toBe(readFileSync(ARTICLE['003'], 'utf8'));
  });

  it('dedup exits 0 under the thresholds, 1 over them with --dry-run too, even with --quiet', () => {
    const clean = runCli(['dedup', FIXTURE, '--dry-run', '--fail-on', 'duplicates>0', '--fail-on', 'reused>0.5', '--quiet']);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe('');
    const text = readFileSync(ARTICLE['004'], 'utf8');
    const dup = runCli(['dedup', '-', ARTICLE['004'], '--dry-run', '--fail-on', 'duplicates>0', '--quiet'], { stdin: text });
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('newsdedup: --fail-on duplicates>0: duplicates is 1\n');
    expect(dup.stdout).toMatch(/dropped/);
  });

  it('compare exits 1 when the two articles exceed a threshold, 0 when not', () => {
    const over = runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--fail-on', 'reused>0.1,duplicates>0', '--format', 'json']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/^newsdedup: --fail-on reused>0\.1: reused is \d+\.\d%$/m);
    expect(over.stderr).not.toMatch(/duplicates/);
    const json = JSON.parse(over.stdout);
    expect(json.schema).toBe('newsdedup/compare@1');
    expect(json).not.toHaveProperty('report');
    expect(runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--fail-on', 'duplicates>0', '-q']).code).toBe(0);
    expect(runCli(['compare', ARTICLE['000'], ARTICLE['003'], '--fail-on', 'pairs>0', '-q']).code).toBe(0);
    const text = readFileSync(ARTICLE['004'], 'utf8');
    expect(runCli(['compare', '-', ARTICLE['004'], '--fail-on', 'duplicates>0', '-q'], { stdin: text }).code).toBe(1);
  });

  it('2 for an invalid rule on dedup and compare, before anything is read or written', () => {
    const out = path.join(tempDir('ci-dedup'), 'never');
    const dedup = runCli(['dedup', FIXTURE, '--out', out, '--fail-on', 'reused>2']);
    expect(dedup.code).toBe(2);
    expect(dedup.stderr).toMatch(/expected a share from 0 to 1/);
    expect(existsSync(out)).toBe(false);
    const compare = runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--fail-on', 'copies>0']);
    expect(compare.code).toBe(2);
    expect(compare.stderr).toMatch(/expected a measure among duplicates, reused, repeats/);
  });
});

describe('CI gate: machine-readable output', () => {
  it('--format jsonl: one JSON record per line, tagged with its type', () => {
    const { code, stdout } = runCli(['scan', FIXTURE, '--format', 'jsonl']);
    expect(code).toBe(0);
    const records = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records[0]).toMatchObject({ type: 'report', schema: 'newsdedup/report@1' });
    expect(records.at(-1)).toMatchObject({ type: 'summary', articles: 5 });
    expect(records.filter((r) => r.type === 'article')).toHaveLength(5);
    const json = JSON.parse(runCli(['scan', FIXTURE, '--format', 'json']).stdout);
    expect(records.filter((r) => r.type === 'cluster')).toHaveLength(json.clusters.length);
  });

  it('--format csv: a header and one RFC 4180 row per passage', () => {
    const { code, stdout } = runCli(['scan', FIXTURE, '--format', 'csv']);
    expect(code).toBe(0);
    const rows = stdout.split('\r\n');
    expect(rows[0]).toBe('cluster,kind,similarity,article,start,end,chars,title,text');
    const json = JSON.parse(runCli(['scan', FIXTURE, '--format', 'json']).stdout);
    const members = json.clusters.reduce((n: number, c: { members: unknown[] }) => n + c.members.length, 0);
    expect(rows.filter((r) => r !== '')).toHaveLength(members + 1);
    expect(rows[1]).toMatch(/^c1,(copy|repeat|quote|boilerplate),[\d.]+,fixtures\/france-russia\/\d{3}_[0-9a-f]+\.txt,\d+,\d+,\d+,/);
  });

  it('--output FILE writes the report there and nothing to standard output', () => {
    const file = path.join(tempDir('ci'), 'report.json');
    const { code, stdout } = runCli(['scan', FIXTURE, '--format', 'json', '--output', file]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).summary.articles).toBe(5);
  });

  it('problems go to standard error, so standard output stays parseable; --quiet silences them', () => {
    const noisy = runCli(['scan', FIXTURE, 'missing.txt', '--format', 'json']);
    expect(noisy.code).toBe(0);
    expect(noisy.stderr).toMatch(/missing\.txt: no such file or folder/);
    expect(JSON.parse(noisy.stdout).problems).toHaveLength(1);
    const quiet = runCli(['scan', FIXTURE, 'missing.txt', '--format', 'json', '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(noisy.stdout);
  });

  it('no colours when standard output is not a terminal, or with NO_COLOR; --color forces them', () => {
    expect(runCli(['scan', FIXTURE]).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['scan', FIXTURE], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(['scan', FIXTURE, '--color']).stdout).toMatch(/\x1b\[/);
    expect(runCli(['compare', ARTICLE['000'], ARTICLE['001'], '--color']).stdout).toMatch(/\x1b\[/);
  });

  it('scan --help shows real examples, including a CI gate', () => {
    const { stdout } = runCli(['scan', '--help']);
    expect(stdout).toMatch(/Examples:\n\s+\$ newsdedup scan fixtures\/france-russia/);
    expect(stdout).toMatch(/--fail-on 'duplicates>0'/);
    expect(stdout).toMatch(/--files-from - -0/);
  });
});
