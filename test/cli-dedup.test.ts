import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, FIXTURE, root, runCli, tempDir } from './helpers/cli.js';

interface Entry {
  id?: string;
  path: string;
  action: 'kept' | 'edited' | 'dropped' | 'skipped';
  output: string | null;
  chars?: number;
  keptChars?: number;
  cuts?: { start: number; end: number; reason: string; cluster: string; of: { start: number; end: number } | null; text: string }[];
  duplicateOf?: string;
  reason?: string;
}

function manifest(dir: string): Entry[] {
  return readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  return hash.digest('hex');
}

describe('dedup on fixtures/france-russia', () => {
  let out: string;
  let run: { code: number; stdout: string; stderr: string };
  let before: string;
  beforeAll(() => {
    before = fingerprint(path.join(root, FIXTURE));
    out = path.join(tempDir('dedup'), 'clean');
    run = runCli(['dedup', FIXTURE, '--out', out]);
  });

  it('exits 0 and writes all five articles and the manifest', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual([...Object.values(ARTICLE).map((p) => path.basename(p)), 'manifest.jsonl'].sort());
  });

  it('never touches its inputs', () => {
    expect(fingerprint(path.join(root, FIXTURE))).toBe(before);
  });

  it('keeps all five articles: none is a near-duplicate of another', () => {
    const entries = manifest(out);
    expect(entries.map((e) => e.id)).toEqual(Object.values(ARTICLE));
    expect(entries.every((e) => e.action === 'kept' || e.action === 'edited')).toBe(true);
    for (const e of entries) expect(e.output).toBe(path.basename(e.path));
  });

  it('cuts the second copy of 004\'s body, and the manifest says so', () => {
    const original = readFileSync(path.join(root, ARTICLE['004']), 'utf8');
    const second = original.indexOf('PARIS, Feb. 15 (Xinhua)', original.indexOf('PARIS, Feb. 15 (Xinhua)') + 1);
    expect(second).toBeGreaterThan(0);
    const entry = manifest(out).find((e) => e.id === ARTICLE['004'])!;
    expect(entry.action).toBe('edited');
    const body = entry.cuts!.find((c) => c.reason === 'repeat' && c.end - c.start > 1000)!;
    expect(body).toBeDefined();
    expect(body.start).toBeLessThanOrEqual(second);
    expect(body.end).toBe([...original].length);
    expect(body.of!.start).toBeLessThan(second);
    expect(body.text.trim().startsWith('PARIS, Feb. 15 (Xinhua)')).toBe(true);
    expect(entry.chars! - entry.keptChars!).toBeGreaterThan(1600);

    const written = readFileSync(path.join(out, '004_e9f58710e6d47200.txt'), 'utf8');
    expect(written.split('PARIS, Feb. 15 (Xinhua)')).toHaveLength(2);
    expect(written).toBe(original.slice(0, second).trimEnd());
    expect([...written].length).toBe(entry.keptChars);
  });

  it('every cut is recorded with a reason, the cluster and the copy that stays; cuts never overlap', () => {
    for (const e of manifest(out)) {
      const original = [...readFileSync(path.join(root, e.path), 'utf8')];
      (e.cuts ?? []).forEach((cut, k, all) => {
        if (k > 0) expect(all[k - 1].end).toBeLessThanOrEqual(cut.start);
      });
      for (const cut of e.cuts ?? []) {
        expect(cut.reason).toBe('repeat');
        expect(cut.cluster).toMatch(/^c\d+$/);
        expect(cut.of!.end).toBeLessThanOrEqual(cut.start);
        expect(original.slice(cut.start, cut.end).join('')).toBe(cut.text);
      }
    }
    const untouched = manifest(out).find((e) => e.id === ARTICLE['003'])!;
    expect(untouched.action).toBe('kept');
    expect(readFileSync(path.join(out, '003_8c63bdaf32b26ab0.txt'), 'utf8')).toBe(readFileSync(path.join(root, ARTICLE['003']), 'utf8'));
  });

  it('--no-strip-repeats writes the articles unchanged', () => {
    const plain = path.join(tempDir('dedup'), 'plain');
    expect(runCli(['dedup', FIXTURE, '--out', plain, '--no-strip-repeats']).code).toBe(0);
    for (const p of Object.values(ARTICLE)) {
      expect(readFileSync(path.join(plain, path.basename(p)), 'utf8')).toBe(readFileSync(path.join(root, p), 'utf8'));
    }
    expect(manifest(plain).every((e) => e.action === 'kept')).toBe(true);
  });

  it('--dry-run prints the plan and writes nothing', () => {
    const target = path.join(tempDir('dedup'), 'never');
    const { code, stdout } = runCli(['dedup', FIXTURE, '--out', target, '--dry-run']);
    expect(code).toBe(0);
    expect(existsSync(target)).toBe(false);
    expect(stdout).toMatch(/dry run/);
    expect(stdout).toMatch(/edited\s+fixtures\/france-russia\/004_e9f58710e6d47200\.txt/);
    expect(stdout).toMatch(/cut \[\d+–3481\] repeat of \[\d+–\d+\]/);
    expect(stdout).toMatch(/would write 5 files and manifest\.jsonl/);
    const lines = runCli(['dedup', FIXTURE, '--dry-run', '--format', 'jsonl']).stdout;
    expect(lines).toBe(readFileSync(path.join(out, 'manifest.jsonl'), 'utf8'));
  });
});

describe('dedup refuses to put the corpus at risk (exit 2)', () => {
  it('--out equal to or inside an input folder, or holding an input', () => {
    const equal = runCli(['dedup', FIXTURE, '--out', FIXTURE]);
    expect(equal.code).toBe(2);
    expect(equal.stderr).toMatch(/expected a folder outside the inputs, got the input fixtures\/france-russia/);
    const inside = runCli(['dedup', FIXTURE, '--out', `${FIXTURE}/clean`]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/got a folder inside the input/);
    const dir = tempDir('dedup');
    writeFileSync(path.join(dir, 'a.txt'), readFileSync(path.join(root, ARTICLE['000'])));
    const holding = runCli(['dedup', 'a.txt', '--out', '.', '--force'], { cwd: dir });
    expect(holding.code).toBe(2);
    expect(holding.stderr).toMatch(/holds the input a\.txt/);
    expect(readFileSync(path.join(dir, 'a.txt'))).toEqual(readFileSync(path.join(root, ARTICLE['000'])));
  });

  it('a non-empty --out without --force; with --force the previous run\'s articles are replaced', () => {
    const out = path.join(tempDir('dedup'), 'clean');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.md'), 'mine');
    const refused = runCli(['dedup', FIXTURE, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/expected an empty or new folder, got one with 1 entry \(--force writes into it\)/);
    expect(readdirSync(out)).toEqual(['notes.md']);

    expect(runCli(['dedup', FIXTURE, '--out', out, '--force']).code).toBe(0);
    expect(readdirSync(out)).toHaveLength(7);
    // A second run over a smaller corpus removes what the first one wrote, and only that.
    expect(runCli(['dedup', ARTICLE['003'], ARTICLE['004'], '--out', out, '--force']).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['003_8c63bdaf32b26ab0.txt', '004_e9f58710e6d47200.txt', 'manifest.jsonl', 'notes.md']);
  });

  it('no --out and no --dry-run', () => {
    const { code, stderr } = runCli(['dedup', FIXTURE]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/option --out: expected a folder/);
  });
});

describe('dedup collapses near-duplicate articles', () => {
  const body = readFileSync(path.join(root, ARTICLE['003']), 'utf8');
  let dir: string;
  beforeAll(() => {
    dir = tempDir('dedup-dups');
    mkdirSync(path.join(dir, 'in'));
    writeFileSync(path.join(dir, 'in/a-short.txt'), body.slice(0, Math.floor(body.length * 0.9)));
    writeFileSync(path.join(dir, 'in/b-full.txt'), body);
    writeFileSync(path.join(dir, 'in/c-other.txt'), readFileSync(path.join(root, ARTICLE['002'])));
    writeFileSync(path.join(dir, 'in/d-broken.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xd8]));
  });

  it('keeps the longest when nothing tells the source or the dates, and records the drop', () => {
    const out = path.join(dir, 'out-default');
    const { code } = runCli(['dedup', 'in', '--out', out], { cwd: dir });
    expect(code).toBe(0);
    const entries = manifest(out);
    const dropped = entries.find((e) => e.id === 'in/a-short.txt')!;
    expect(dropped).toMatchObject({ action: 'dropped', output: null, duplicateOf: 'in/b-full.txt' });
    expect(dropped.reason).toMatch(/kept as the longest/);
    expect(entries.find((e) => e.path === 'in/d-broken.txt')).toMatchObject({ action: 'skipped', output: null });
    expect(readdirSync(out).sort()).toEqual(['b-full.txt', 'c-other.txt', 'manifest.jsonl']);
  });

  it('--keep first keeps the first in path order', () => {
    const out = path.join(dir, 'out-first');
    runCli(['dedup', 'in', '--out', out, '--keep', 'first'], { cwd: dir });
    expect(manifest(out).find((e) => e.id === 'in/b-full.txt')).toMatchObject({ action: 'dropped', duplicateOf: 'in/a-short.txt' });
  });

  it('--keep earliest uses the published dates of JSONL articles, and JSONL comes out as JSONL with every field', () => {
    const lines = [
      { id: 'late', text: body, published: '2017-02-16', outlet: 'Copier', section: 'world' },
      { id: 'early', text: body.slice(0, Math.floor(body.length * 0.9)), published: '2017-02-15', outlet: 'Wire' },
    ];
    writeFileSync(path.join(dir, 'feed.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n{oops\n');
    const out = path.join(dir, 'out-jsonl');
    const { code, stderr } = runCli(['dedup', 'feed.jsonl', '--out', out, '--keep', 'earliest'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toMatch(/feed\.jsonl:3: not valid JSON/);
    const written = readFileSync(path.join(out, 'feed.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(written).toEqual([lines[1]]);
    const entries = manifest(out);
    expect(entries.find((e) => e.id === 'early')).toMatchObject({ action: 'kept', output: 'feed.jsonl:1' });
    expect(entries.find((e) => e.id === 'late')).toMatchObject({ action: 'dropped', duplicateOf: 'early' });
    expect(entries.find((e) => e.path === 'feed.jsonl:3')).toMatchObject({ action: 'skipped' });
  });

  it('--help shows real examples', () => {
    const { stdout } = runCli(['dedup', '--help']);
    expect(stdout).toMatch(/Examples:\n\s+\$ newsdedup dedup fixtures\/france-russia --out clean/);
  });
});
