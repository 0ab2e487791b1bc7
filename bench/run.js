// The benchmark: newsdedup against the floor, sim_text and npm `minhash` on one generated corpus,
// in one run, with wall time, peak RSS and recall/precision against the planted truth.
//
//   npm run bench                         # 10,000 articles
//   npm run bench -- --size 100000        # 100,000 articles
//   npm run bench -- --size 1000000 --tools newsdedup,floor
//   options: --seed N, --tools a,b,c, --workers N, --dist DIR (a build other than dist/), --no-write, --help
//
// Results: bench/out/results-<size>.json, and the table for that size in bench/RESULTS.md
// (between its `<!-- bench:<size> -->` markers; the rest of the file is written by hand).
import { execFileSync, spawnSync } from 'node:child_process';
import { constants } from 'node:buffer';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateTo } from './generate.js';
import { KINDS, linksFromNewsdedup, linksFromNewsdedupFile, linksFromPairs, linksFromSimText, readTruth, score } from './score.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    tools: { type: 'string', default: 'newsdedup,floor,sim_text,minhash' },
    workers: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench -- [options]

Generates a seeded corpus with planted reuse (cached in bench/out/corpora), runs each tool on it
under /usr/bin/time and scores it against the planted truth; writes bench/out/results-<size>.json
and the table for that size in bench/RESULTS.md.

Options:
  --size N        articles in the corpus (default 10000; 100000 and 1000000 on request)
  --seed N        corpus seed (default 1)
  --tools LIST    comma-separated, from newsdedup, floor, sim_text, minhash (default: all four)
  --workers N     newsdedup's worker threads (default: one per core)
  --dist DIR      the newsdedup build to time (default dist/)
  --no-write      print the table, leave bench/RESULTS.md as it is
  -h, --help      this help`);
  process.exit(0);
}
const size = Number(values.size);
const seed = Number(values.seed);
const tools = values.tools.split(',');
const built = path.resolve(root, values.dist);
if (!existsSync(path.join(built, 'cli', 'main.js'))) throw new Error(`bench: no build in ${built} (npm run build)`);
// The build is timed from a copy of its own: the test suite rebuilds dist/ whenever src/ is newer
// (test/helpers/build-once.ts), and a test run during a long benchmark would otherwise change the
// code being timed halfway. Beside dist/, so that it finds package.json and node_modules as dist/ does.
const dist = path.join(root, `.bench-dist-${process.pid}`);
cpSync(built, dist, { recursive: true });
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
const out = path.join(here, 'out');
const corpus = path.join(out, 'corpora', `${size}-${seed}`);
mkdirSync(out, { recursive: true });

function ensure(command, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return true;
  console.error(`bench: installing ${pkg} (apt-get)`);
  const r = spawnSync('sh', ['-c', `(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}) >/dev/null 2>&1`]);
  return r.status === 0 && spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

if (!existsSync('/usr/bin/time') && !ensure('/usr/bin/time', 'time')) throw new Error('bench: /usr/bin/time is needed for peak RSS (apt-get install time)');
if (tools.includes('sim_text') && !ensure('sim_text', 'similarity-tester')) {
  console.error('bench: sim_text unavailable (apt-get install similarity-tester failed); skipped');
  tools.splice(tools.indexOf('sim_text'), 1);
}

let started = Date.now();
const generated = generateTo(corpus, size, seed);
console.error(`bench: corpus ${path.relative(root, corpus)} ${generated ? `generated in ${((Date.now() - started) / 1000).toFixed(1)} s` : '(cached)'}`);
const truth = readTruth(corpus);

/** Runs a command under /usr/bin/time -v; returns wall seconds and peak RSS in MB. */
function timed(command, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !wall || !rss) {
    throw new Error(`bench: ${command} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr.slice(-2000)}`);
  }
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wall: seconds, rssMB: Number(rss[1]) / 1024, stdout: r.stdout };
}

const articles = path.join(corpus, 'articles');
const runs = {
  newsdedup: () => {
    const report = path.join(out, `newsdedup-${size}.json`);
    const args = [path.join(here, 'newsdedup.js'), dist, 'scan', 'articles', '--format', 'json', '-o', report, '--quiet'];
    if (values.workers) args.push('--workers', values.workers);
    const t = timed('node', args, corpus);
    return { ...t, command: `newsdedup scan articles --format json -o report.json --quiet${values.workers ? ` --workers ${values.workers}` : ''}`, links: () => (statSync(report).size < constants.MAX_STRING_LENGTH ? linksFromNewsdedup(JSON.parse(readFileSync(report, 'utf8'))) : linksFromNewsdedupFile(report)) };
  },
  floor: () => ({ ...timed('node', [path.join(here, 'floor.js'), articles, dist], corpus), command: 'node bench/floor.js articles' }),
  sim_text: () => {
    const file = path.join(out, `sim_text-${size}.txt`);
    const t = timed('sim_text', ['-n', '-T', '-r', '8', '-o', file, '-R', 'articles'], corpus);
    return { ...t, command: 'sim_text -n -T -r 8 -R articles', links: () => linksFromSimText(readFileSync(file, 'utf8'), corpus) };
  },
  minhash: () => {
    const file = path.join(out, `minhash-${size}.json`);
    const t = timed('node', [path.join(here, 'peers', 'minhash.js'), articles, file], corpus);
    return { ...t, command: 'node bench/peers/minhash.js articles out.json', links: () => linksFromPairs(JSON.parse(readFileSync(file, 'utf8'))) };
  },
};

const results = {};
for (const tool of tools) {
  if (!runs[tool]) throw new Error(`bench: unknown tool ${tool}; expected ${Object.keys(runs).join(', ')}`);
  console.error(`bench: running ${tool} on ${size} articles …`);
  const r = runs[tool]();
  let quality = null;
  try {
    quality = r.links ? score(r.links(), truth) : null;
  } catch (error) {
    // An output longer than a JavaScript string can be (newsdedup's JSON report is read a block at
    // a time, see linksFromNewsdedupFile; another tool's at a million articles may be): the time and
    // memory still stand, the recall is not scored.
    if (error?.code !== 'ERR_STRING_TOO_LONG') throw error;
    console.error(`bench: ${tool}: its output is too large to read as one string; recall not scored`);
  }
  results[tool] = { command: r.command, wall: r.wall, rssMB: r.rssMB, quality };
  console.error(`bench: ${tool}: ${r.wall.toFixed(1)} s, ${r.rssMB.toFixed(0)} MB${quality ? `, recall ${KINDS.map((k) => `${k} ${fmt(quality.recall[k])}`).join(' · ')}, pair precision ${fmt(quality.precision)}` : ''}`);
}

function fmt(x, digits = 3) {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}

const machine = {
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
} catch {}
const summary = { size, seed, date: new Date().toISOString(), commit, machine, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), results };
writeFileSync(path.join(out, `results-${size}.json`), JSON.stringify(summary, null, 2));

const table = markdown(summary);
console.log(table);
if (!values['no-write']) {
  const file = path.join(here, 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const begin = `<!-- bench:${size} -->`;
  const end = `<!-- /bench:${size} -->`;
  const block = `${begin}\n${table}\n${end}`;
  const at = text.indexOf(begin);
  const next = at >= 0 ? text.slice(0, at) + block + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

function markdown(s) {
  const r = s.results;
  const nd = r.newsdedup;
  const lines = [];
  lines.push(`### ${s.size.toLocaleString('en')} articles (seed ${s.seed})`);
  lines.push('');
  lines.push(`${s.date.slice(0, 10)} · commit ${s.commit} · \`${s.command}\` · ${s.machine.cpus}, ${s.machine.memoryGB} GB, Node ${s.machine.node}, load average at the end ${s.machine.load}`);
  lines.push('');
  if (nd) {
    const ratio = (tool) => (r[tool] ? `**${(nd.wall / r[tool].wall).toFixed(2)}**` : 'not run');
    lines.push(`newsdedup wall ÷ sim_text ${ratio('sim_text')} · ÷ minhash ${ratio('minhash')} · ÷ floor ${ratio('floor')}`);
    lines.push('');
  }
  lines.push(`| tool | wall s | peak RSS MB | ${KINDS.map((k) => `recall ${k}`).join(' | ')} | pairs | pair precision |`);
  lines.push(`|---|---:|---:|${KINDS.map(() => '---:').join('|')}|---:|---:|`);
  for (const [tool, x] of Object.entries(r)) {
    const q = x.quality;
    lines.push(`| ${tool} | ${x.wall.toFixed(1)} | ${x.rssMB.toFixed(0)} | ${KINDS.map((k) => (q ? fmt(q.recall[k]) : '–')).join(' | ')} | ${q ? q.pairs : '–'} | ${q ? fmt(q.precision) : '–'} |`);
  }
  const planted = Object.values(r).find((x) => x.quality)?.quality.perKind;
  if (planted) lines.push('', `Planted: ${KINDS.map((k) => `${planted[k].planted} ${k}`).join(', ')}.`);
  return lines.join('\n');
}
