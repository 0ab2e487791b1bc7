import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openIndex } from '../src/index.js';
import { bin, root, runCli, tempDir } from './helpers/cli.js';
import { auditPostgres } from './helpers/index-audit.js';
import { corpus, indexSuite } from './helpers/index-suite.js';

/**
 * The PostgreSQL backend, against the server .ci/run starts (NEWSDEDUP_TEST_PG_URL). Without one
 * these tests are skipped, and say so.
 */
const baseUrl = process.env.NEWSDEDUP_TEST_PG_URL;
const reason = 'NEWSDEDUP_TEST_PG_URL is not set: no PostgreSQL server to test against (.ci/run starts one)';
if (!baseUrl) process.stderr.write(`\n⚠ store-postgres: SKIPPED — ${reason}\n\n`);

const created: string[] = [];
let n = 0;

/** A fresh database on the test server, so every test starts from no index. */
async function newDb(): Promise<string> {
  const name = `newsdedup_t_${process.pid}_${++n}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  created.push(name);
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.skipIf(!baseUrl)('PostgreSQL index', () => {
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  indexSuite(newDb, async (url, statements) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  });

  it('4 processes adding overlapping shards at once lose nothing and duplicate nothing', async () => {
    const url = await newDb();
    const work = tempDir('store-pg-workers');
    const own = corpus(1200);
    const shared = corpus(200, 5000);
    for (let w = 0; w < 4; w++) {
      const dir = path.join(work, `shard-${w}`);
      mkdirSync(dir);
      for (const a of [...own.filter((_, i) => i % 4 === w), ...shared]) writeFileSync(path.join(dir, a.id), a.text);
    }
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        (w) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [bin, 'index', 'add', `shard-${w}`, '--db', url, '--workers', '1', '--json', '--quiet'], { cwd: work });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => (stdout += d));
            child.stderr.on('data', (d) => (stderr += d));
            child.on('exit', (code) => resolve({ code, stdout, stderr }));
          }),
      ),
    );
    let added = 0;
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as { added: unknown[]; skipped: unknown[] };
      expect(result.added.length + result.skipped.length).toBe(500);
      added += result.added.length;
    }
    expect(added).toBe(1400);
    const audit = await auditPostgres(url);
    expect(audit).toMatchObject({ articles: 1400, missing: 0, orphans: 0, duplicates: 0 });

    // Every worker's articles are found by any other.
    const index = await openIndex({ db: url, cwd: root, workers: 1 });
    try {
      const { report, indexed } = await index.check([{ ...own[1], id: 'again-1.txt' }, { ...shared[7], id: 'again-shared.txt' }]);
      expect(indexed.map((id) => path.basename(id)).sort()).toEqual([own[1].id, shared[7].id].sort());
      expect(report.pairs.map((p) => p.relation)).toEqual(['duplicate', 'duplicate']);
    } finally {
      await index.close();
    }
  }, 180_000);

  it('CLI: shows the URL without its password, and a clear error when the server is not there', () => {
    const url = new URL(baseUrl!);
    url.password = 'secret-word';
    url.port = '1';
    const run = runCli(['index', 'stats', '--db', url.toString()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot connect to PostgreSQL/);
    expect(run.stderr).not.toMatch(/secret-word/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a newsdedup_meta table of another kind', async () => {
    const url = await newDb();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE TABLE newsdedup_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    await client.query(`INSERT INTO newsdedup_meta VALUES ('format', 'something-else')`);
    await client.end();
    await expect(openIndex({ db: url, cwd: root, create: true })).rejects.toMatchObject({ code: 'STORE_FOREIGN' });
  });
});

describe.skipIf(Boolean(baseUrl))('PostgreSQL index (not available)', () => {
  it.skip(`skipped: ${reason}`, () => undefined);
});
