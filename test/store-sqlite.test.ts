import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../src/index.js';
import { bin, root, runCli, tempDir } from './helpers/cli.js';
import { corpus, indexSuite } from './helpers/index-suite.js';
import { auditSqlite } from './helpers/index-audit.js';

const dir = tempDir('store-sqlite');
let n = 0;

describe('SQLite index', () => {
  indexSuite(
    async () => path.join(dir, `index-${++n}.db`),
    async (file, statements) => {
      const db = new Database(file);
      try {
        for (const statement of statements) db.exec(statement);
      } finally {
        db.close();
      }
    },
  );
});

describe('SQLite index files', () => {
  const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

  it.each([
    ['a text file', (file: string) => writeFileSync(file, 'just some notes\n'), /expected a newsdedup index \(an SQLite database\), got a file of another kind/],
    ['random bytes', (file: string) => writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251))), /got a file of another kind/],
    ['another program\'s database', (file: string) => {
      const db = new Database(file);
      db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'Ada\')');
      db.close();
    }, /got an SQLite database of another program \(tables: customers\)/],
  ])('refuses %s and leaves it unchanged', async (_, make, message) => {
    const file = path.join(dir, `foreign-${++n}.db`);
    make(file);
    const before = sha(file);
    for (const create of [true, false]) {
      await expect(openIndex({ db: file, cwd: root, create })).rejects.toMatchObject({ code: 'STORE_FOREIGN', message: expect.stringMatching(message) });
    }
    const cli = runCli(['index', 'add', 'fixtures/france-russia', '--db', file]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(message);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(sha(file)).toBe(before);
  });

  it('says a damaged index is damaged', async () => {
    const file = path.join(dir, `damaged-${++n}.db`);
    const index = await openIndex({ db: file, cwd: root, create: true, workers: 1 });
    await index.add(corpus(40));
    await index.close();
    const bytes = readFileSync(file);
    // Keep the header, wipe every page after the first: the schema and the tables are gone.
    bytes.fill(0x5a, 4096);
    writeFileSync(file, bytes);
    const cli = runCli(['index', 'stats', '--db', file]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/the index is damaged|expected a newsdedup index/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an index written by a newer schema', async () => {
    const file = path.join(dir, `newer-${++n}.db`);
    (await openIndex({ db: file, cwd: root, create: true })).close();
    const db = new Database(file);
    db.prepare(`UPDATE newsdedup_meta SET value = '99' WHERE name = 'schema_version'`).run();
    db.close();
    await expect(openIndex({ db: file, cwd: root })).rejects.toMatchObject({ code: 'STORE_VERSION', message: expect.stringMatching(/version 2 or older, got version 99/) });
  });

  it('refuses an index signed by a different engine', async () => {
    const file = path.join(dir, `probe-${++n}.db`);
    await (await openIndex({ db: file, cwd: root, create: true })).close();
    const db = new Database(file);
    db.prepare(`UPDATE newsdedup_meta SET value = '1-deadbeef' WHERE name = 'probe'`).run();
    db.close();
    await expect(openIndex({ db: file, cwd: root })).rejects.toMatchObject({ code: 'STORE_VERSION' });
  });

  it('stays consistent when an add is killed in the middle', async () => {
    const work = tempDir('store-kill');
    const articles = corpus(3000);
    mkdirSync(path.join(work, 'in'));
    for (const a of articles) writeFileSync(path.join(work, 'in', a.id), a.text);
    const file = path.join(work, 'news.db');
    // Kill -9 at several moments: before, during and after the first transactions.
    for (const delay of [500, 1200, 2000]) {
      const child = spawn(process.execPath, [bin, 'index', 'add', 'in', '--db', file, '--workers', '1', '--quiet'], { cwd: work, stdio: 'ignore' });
      // Listen before killing: an add that finishes within the delay has exited already.
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const audit = auditSqlite(file);
      expect(audit.integrity).toBe('ok');
      expect(audit.missing, `delay ${delay}`).toBe(0);
      expect(audit.orphans, `delay ${delay}`).toBe(0);
      expect(audit.duplicates, `delay ${delay}`).toBe(0);
    }
    const finish = runCli(['index', 'add', 'in', '--db', file, '--workers', '1', '--json'], { cwd: work });
    expect(finish.code).toBe(0);
    const result = JSON.parse(finish.stdout) as { added: unknown[]; skipped: unknown[] };
    expect(result.added.length + result.skipped.length).toBe(3000);
    const audit = auditSqlite(file);
    expect(audit.articles).toBe(3000);
    expect([audit.missing, audit.orphans, audit.duplicates]).toEqual([0, 0, 0]);
  }, 180_000);

  it('CLI: add, check with --add in every format, stats, prune', () => {
    const work = tempDir('store-cli');
    const db = path.join(work, 'news.db');
    const fx = (id: string): string => path.join(root, 'fixtures/france-russia', id);
    const [a0, a1, a2, a3, a4] = ['000_25b08a5b48b33ed2.txt', '001_d8ad9760a3fe1e23.txt', '002_acc268cd3afabf47.txt', '003_8c63bdaf32b26ab0.txt', '004_e9f58710e6d47200.txt'].map(fx);
    copyFileSync(a1, path.join(work, 'yesterday.txt'));
    let run = runCli(['index', 'add', path.join(work, 'yesterday.txt'), a2, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^added 2 articles \(\d+ windows\) to .*news\.db; 0 already there\n$/);
    expect(runCli(['index', 'check', a0, '--db', path.join(work, 'missing.db')]).stderr).toMatch(/no index there/);

    for (const format of ['text', 'json', 'jsonl', 'csv', 'html']) {
      run = runCli(['index', 'check', a0, a3, '--db', db, '--format', format, '--no-color']);
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(100);
    }
    const report = JSON.parse(runCli(['index', 'check', a0, a3, '--db', db, '--format', 'json']).stdout);
    const names = report.pairs.map((p: { a: string; b: string }) => [path.basename(p.a), path.basename(p.b)].sort().join(' '));
    expect(names).toContain('000_25b08a5b48b33ed2.txt yesterday.txt');
    // Exit codes as scan: --fail-on over what the check found.
    expect(runCli(['index', 'check', a0, '--db', db, '--fail-on', 'pairs>0', '--quiet']).code).toBe(1);

    run = runCli(['index', 'check', a0, a3, a4, '--db', db, '--add', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/added 3 articles to the index; 0 already there/);
    run = runCli(['index', 'stats', '--db', db, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ backend: 'sqlite', schemaVersion: 2, articles: 5 });
    expect(runCli(['index', 'stats', '--db', db]).stdout).toMatch(/^index {6}.*news\.db \(sqlite, schema version 2, [\d.]+ MB\)\narticles {3}5 /);
    run = runCli(['index', 'prune', '--before', '2100-01-01', '--dry-run', '--db', db]);
    expect(run.stdout).toBe('would remove 5 articles from before 2100-01-01\n');
    expect(runCli(['index', 'prune', '--before', 'soon', '--db', db]).stderr).toMatch(/expected a date such as 2024-05-01/);
    expect(runCli(['index', 'prune', '--before', '2100-01-01', '--db', db]).stdout).toBe('removed 5 articles from before 2100-01-01\n');
    expect(JSON.parse(runCli(['index', 'stats', '--db', db, '--json']).stdout)).toMatchObject({ articles: 0, entries: 0, postingRows: 0 });
  }, 120_000);
});
