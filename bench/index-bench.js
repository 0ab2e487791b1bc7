// Benchmark of the persistent index (SQLite): checking one new article against an index of N
// articles, and adding a batch of new articles to it, against `scan` of that batch alone.
//
//   npm run build && node bench/index-bench.js                 # index of 100,000, batch of 10,000
//   node bench/index-bench.js --size 20000 --batch 2000        # a quicker run
//
// The index is built once from the generated corpus of `size` articles (seed 1) and kept in
// bench/out/index/; the batch is the generated corpus of `batch` articles with seed 2 (other texts,
// same kind). Results go to bench/RESULTS.md between `<!-- index-bench:SIZE -->` markers.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateTo } from './generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '10000' },
    checks: { type: 'string', default: '200' },
  },
});
const size = Number(values.size);
const batch = Number(values.batch);
const checks = Number(values.checks);
const bin = path.join(root, 'bin/newsdedup.js');
const out = path.join(root, 'bench/out');
const log = (s) => process.stderr.write(`index-bench: ${s}\n`);

// The machine may be shared: the load average at the start and the end goes with the figures.
const loadAtStart = os.loadavg();
const indexCorpus = path.join(out, `corpora/${size}-1`);
const batchCorpus = path.join(out, `corpora/${batch}-2`);
generateTo(indexCorpus, size, 1);
generateTo(batchCorpus, batch, 2);

/** Runs the CLI under /usr/bin/time -v when there is one: wall seconds and peak RSS in MB. */
function timed(args) {
  const hasTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`newsdedup ${args.join(' ')} failed: ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  return { wall, rssMb: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout };
}

mkdirSync(path.join(out, 'index'), { recursive: true });
const base = path.join(out, `index/news-${size}.db`);
const stats = (db) => JSON.parse(timed(['index', 'stats', '--db', db, '--json']).stdout);
let build = null;
if (!existsSync(base) || stats(base).articles < size * 0.99) {
  for (const f of [base, `${base}-wal`, `${base}-shm`]) rmSync(f, { force: true });
  log(`building the index of ${size} articles…`);
  build = timed(['index', 'add', path.join(indexCorpus, 'articles'), '--db', base, '--quiet']);
  log(`built in ${build.wall.toFixed(1)} s`);
}
const baseStats = stats(base);

// 1. Checking one new article at a time, the index open (what a service or a long CI job does).
const { openIndex } = await import(path.join(root, 'dist/index.js'));
const files = listArticles(path.join(batchCorpus, 'articles'));
const step = Math.max(1, Math.floor(files.length / checks));
const sample = files.filter((_, i) => i % step === 0).slice(0, checks);
const index = await openIndex({ db: base, cwd: root, workers: 1 });
const latencies = [];
let candidates = 0;
let compared = 0;
let reported = 0;
await index.check([{ id: 'warm-up', path: 'warm-up', text: readFileSync(sample[0], 'utf8') }]);
for (const file of sample) {
  const text = readFileSync(file, 'utf8');
  const started = process.hrtime.bigint();
  const result = await index.check([{ id: path.relative(root, file), path: file, text }]);
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  candidates += result.candidates;
  compared += result.compared;
  reported += result.indexed.length;
}
await index.close();
latencies.sort((x, y) => x - y);
const median = latencies[Math.floor(latencies.length / 2)];
const p95 = latencies[Math.floor(latencies.length * 0.95)];
log(`check one article: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);

// 2. The same from the command line, cold: process start, open, check, report.
const cold = timed(['index', 'check', sample[0], '--db', base, '--format', 'json', '--workers', '1']);

// 3. Adding the batch to a copy of the index, against scanning the batch alone.
const copy = path.join(os.tmpdir(), `newsdedup-index-bench-${process.pid}.db`);
copyIndex(base, copy);
log(`scanning the batch of ${batch}…`);
const scanRun = timed(['scan', path.join(batchCorpus, 'articles'), '--format', 'json', '--output', path.join(out, `index/scan-${batch}.json`), '--quiet']);
log(`adding the batch of ${batch} to the index of ${size}…`);
const addRun = timed(['index', 'add', path.join(batchCorpus, 'articles'), '--db', copy, '--quiet']);
const after = stats(copy);
for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
const ratio = addRun.wall / scanRun.wall;
log(`scan ${scanRun.wall.toFixed(1)} s, add ${addRun.wall.toFixed(1)} s: ${ratio.toFixed(2)} ×`);

const loadAtEnd = os.loadavg();
const loads = (l) => l.map((x) => x.toFixed(1)).join(' / ');
const mb = (b) => (b / 1024 / 1024).toFixed(0);
const fmt = (x, d = 1) => (x === null ? '–' : x.toFixed(d));
const section = [
  `<!-- index-bench:${size} -->`,
  `### Persistent index: ${size.toLocaleString('en-US')} indexed, batch of ${batch.toLocaleString('en-US')}`,
  '',
  `\`node bench/index-bench.js --size ${size} --batch ${batch}\` · ${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · SQLite backend · load average (1 / 5 / 15 min) ${loads(loadAtStart)} at the start, ${loads(loadAtEnd)} at the end`,
  '',
  '| measure | result | target |',
  '| --- | --- | --- |',
  `| check one new article (index open, ${sample.length} articles): median | **${median.toFixed(1)} ms** (p95 ${p95.toFixed(1)} ms; per check ${(candidates / sample.length).toFixed(1)} indexed articles share a band key, ${(compared / sample.length).toFixed(1)} compared in full, ${(reported / sample.length).toFixed(1)} in the report) | ≤ 50 ms ${median <= 50 ? '✓' : '✗'} |`,
  `| check one new article from the command line, cold (process start included) | ${cold.wall.toFixed(2)} s | – |`,
  `| scan of the batch alone | ${scanRun.wall.toFixed(1)} s, ${fmt(scanRun.rssMb, 0)} MB peak | – |`,
  `| add the batch to the index | **${addRun.wall.toFixed(1)} s** (${ratio.toFixed(2)} × the scan), ${fmt(addRun.rssMb, 0)} MB peak | ≤ 1.5 × the scan ${ratio <= 1.5 ? '✓' : '✗'} |`,
  build ? `| build the index of ${size.toLocaleString('en-US')} from nothing | ${build.wall.toFixed(1)} s, ${fmt(build.rssMb, 0)} MB peak | – |` : `| build the index | (cached from an earlier run) | – |`,
  `| index size | ${mb(baseStats.bytes)} MB for ${baseStats.articles.toLocaleString('en-US')} articles (${baseStats.entries.toLocaleString('en-US')} band keys in ${baseStats.postingRows.toLocaleString('en-US')} posting rows); ${mb(after.bytes)} MB after the add | – |`,
  `<!-- /index-bench:${size} -->`,
].join('\n');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const results = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
const pattern = new RegExp(`<!-- index-bench:${size} -->[\\s\\S]*?<!-- /index-bench:${size} -->`);
writeFileSync(resultsFile, pattern.test(results) ? results.replace(pattern, section) : `${results.trimEnd()}\n\n${section}\n`);
log(`results in bench/RESULTS.md`);

function listArticles(dir) {
  const outFiles = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) outFiles.push(...listArticles(full));
    else if (entry.name.endsWith('.txt')) outFiles.push(full);
  }
  return outFiles;
}

function copyIndex(from, to) {
  for (const f of [to, `${to}-wal`, `${to}-shm`]) rmSync(f, { force: true });
  // A checkpointed index is one file; its -wal (if any) is copied along.
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}
