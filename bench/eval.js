#!/usr/bin/env node
/**
 * Detection quality on labelled corpora: `npm run eval -- [CORPUS_DIR…] [--sweep] [--set name=value…]`.
 *
 * Runs newsdedup through its library API (dist/, built by `npm run eval`) with default options
 * unless `--set` overrides one, on each corpus in the common layout of ../shared/corpora and on
 * the hand-made gold of fixtures/france-russia, and prints Markdown tables (bench/EVAL.md holds a
 * run of it). Each corpus is scanned in a child process of its own so its time and peak memory
 * are its own. `--sweep` varies the main options one at a time and prints the headline figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPTIONS, scanTexts, VERSION } from '../dist/index.js';
import { articlesOf, loadCorpus } from './eval/corpus.js';
import { formatCorpus, num, table } from './eval/format.js';
import { loadFixtureGold } from './eval/gold.js';
import { headline, TARGETS } from './eval/targets.js';
import { scoreCorpus } from './eval/score.js';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const DEFAULT_CORPORA = ['clough_stevenson', 'pan13_noobf_subset', 'bbc_fulltext'].map((c) => path.join('..', 'shared', 'corpora', c));
const FIXTURE_GOLD = path.join('fixtures', 'france-russia', 'gold.json');

function parseArgs(argv) {
  const args = { dirs: [], sweep: false, grid: [], fixture: true, options: {}, child: null, childGold: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sweep') args.sweep = true;
    else if (a === '--no-fixture') args.fixture = false;
    else if (a === '--grid') {
      const [key, list] = (argv[++i] ?? '').split('=');
      const values = (list ?? '').split(',').map(Number);
      if (!(key in DEFAULT_OPTIONS) || values.some((v) => Number.isNaN(v)) || values.length === 0) {
        throw new Error(`--grid: expected name=v1,v2,… with a name among ${Object.keys(DEFAULT_OPTIONS).join(', ')}, got ${argv[i]}`);
      }
      args.grid.push([key, values]);
    }
    else if (a === '--child') args.child = argv[++i];
    else if (a === '--child-gold') args.childGold = argv[++i];
    else if (a === '--options') args.options = JSON.parse(argv[++i]);
    else if (a === '--set') {
      const [key, value] = (argv[++i] ?? '').split('=');
      if (!(key in DEFAULT_OPTIONS) || value === undefined || Number.isNaN(Number(value))) {
        throw new Error(`--set: expected name=number with a name among ${Object.keys(DEFAULT_OPTIONS).join(', ')}, got ${argv[i]}`);
      }
      args.options[key] = Number(value);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run eval -- [CORPUS_DIR…] [--no-fixture] [--set option=value…] [--sweep]\n');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.dirs.push(a);
  }
  return args;
}

/** A folder that holds corpora (like ../shared/corpora) stands for each of them. */
function expand(dir) {
  if (existsSync(path.join(dir, 'docs.csv'))) return [dir];
  const inside = DEFAULT_CORPORA.map((c) => path.join(dir, path.basename(c))).filter((c) => existsSync(path.join(c, 'docs.csv')));
  return inside.length > 0 ? inside : [dir];
}

async function load(spec) {
  return spec.gold ? loadFixtureGold(path.resolve(root, spec.gold)) : loadCorpus(path.resolve(root, spec.dir));
}

/** Child: scan one corpus, print `{ result, formatted, scanMs, peakRssMB }` as JSON. */
async function child(spec, options) {
  const t0 = performance.now();
  const corpus = await load(spec);
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  const report = scanTexts(articlesOf(corpus), options);
  const scanMs = performance.now() - t1;
  const result = scoreCorpus(corpus, report);
  // resourceUsage().maxRSS is in kilobytes.
  const run = { result, scanMs, loadMs, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  const texts = new Map(corpus.docs.map((d) => [d.id, d.text]));
  const { missed, unmatched, ...passages } = result.passages ?? {};
  const slim = { ...result, passages: result.passages ? passages : null };
  process.stdout.write(JSON.stringify({ ...run, result: slim, formatted: formatCorpus(run, texts) }));
}

function runChild(spec, options) {
  const flag = spec.gold ? ['--child-gold', spec.gold] : ['--child', spec.dir];
  const out = spawnSync(process.execPath, [self, ...flag, '--options', JSON.stringify(options)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.status !== 0) throw new Error(`${spec.gold ?? spec.dir}: ${out.stderr.trim() || `exit ${out.status}`}`);
  return JSON.parse(out.stdout);
}

function specs(args) {
  const dirs = (args.dirs.length > 0 ? args.dirs : DEFAULT_CORPORA).flatMap(expand);
  const list = [];
  const missing = [];
  if (args.fixture) list.push({ gold: FIXTURE_GOLD, key: 'fixture' });
  for (const dir of dirs) {
    if (existsSync(path.resolve(root, dir, 'docs.csv'))) list.push({ dir, key: path.basename(path.resolve(root, dir)) });
    else missing.push(dir);
  }
  return { list, missing };
}

/** Which engine was measured: figures move with the code, so every table names its commit. */
function engineLine() {
  const git = (...a) => spawnSync('git', a, { cwd: root, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return `newsdedup ${VERSION}`;
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src').stdout.trim() !== '';
  return `newsdedup ${VERSION} at ${head.stdout.trim()}${dirty ? ' with uncommitted changes in src/' : ''}`;
}

function optionLine(options) {
  const set = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  return set.length === 0 ? 'default options' : `default options except ${set.join(', ')}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child({ dir: args.child }, args.options);
  if (args.childGold) return child({ gold: args.childGold }, args.options);

  const { list, missing } = specs(args);
  for (const dir of missing) process.stderr.write(`not found: ${dir} (no docs.csv there) — skipped\n`);
  if (list.length === 0) {
    process.stderr.write('nothing to evaluate\n');
    process.exitCode = 2;
    return;
  }
  if (args.sweep || args.grid.length > 0) return sweep(list, args.options, args.grid);

  const lines = [`newsdedup evaluation — ${optionLine(args.options)} — ${engineLine()}`, ''];
  if (missing.length > 0) lines.push(`Not found, skipped: ${missing.join(', ')}`, '');
  const runs = [];
  for (const spec of list) {
    const run = runChild(spec, args.options);
    runs.push({ spec, run });
    lines.push(run.formatted, '');
  }
  lines.push('### Targets', '');
  lines.push(
    table(
      ['target', 'measure', 'figure', 'met'],
      TARGETS.map((t) => {
        const run = runs.find((r) => r.spec.key === t.corpus)?.run;
        if (!run) return [t.label, t.measure, 'corpus not found', '–'];
        const value = t.value(run.result);
        return [t.label, t.measure, num(value), value !== null && t.met(value) ? 'yes' : 'no'];
      }),
    ),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * One option at a time around the defaults (`--sweep`), or every combination of the `--grid`
 * values; every corpus in this process (no memory figures).
 */
async function sweep(list, base, product) {
  const corpora = [];
  for (const spec of list) corpora.push({ spec, corpus: await load(spec) });
  const oneAtATime = [
    ['shingleSize', [2, 3, 4, 5]],
    ['lshThreshold', [0.2, 0.3, 0.4, 0.5]],
    ['verifyThreshold', [0.3, 0.35, 0.4, 0.5, 0.6]],
    ['containmentThreshold', [0.6, 0.7, 0.8, 0.9]],
    ['minWindowTokens', [4, 5, 6, 8]],
    ['maxGapTokens', [10, 25, 50]],
    ['minPassageTokens', [6, 12]],
  ];
  let configs = [{ name: 'defaults', options: { ...base } }];
  if (product.length > 0) {
    configs = [{ name: '', options: { ...base } }];
    for (const [key, values] of product) {
      configs = configs.flatMap((c) => values.map((v) => ({ name: `${c.name}${c.name ? ' ' : ''}${key}=${v}`, options: { ...c.options, [key]: v } })));
    }
  } else {
    for (const [key, values] of oneAtATime) {
      for (const v of values) if (v !== (base[key] ?? DEFAULT_OPTIONS[key])) configs.push({ name: `${key}=${v}`, options: { ...base, [key]: v } });
    }
  }
  const columns = headline.map((h) => h.label);
  const rows = [];
  for (const config of configs) {
    const figures = {};
    let ms = 0;
    for (const { spec, corpus } of corpora) {
      const t0 = performance.now();
      const report = scanTexts(articlesOf(corpus), config.options);
      ms += performance.now() - t0;
      figures[spec.key] = scoreCorpus(corpus, report);
    }
    rows.push([config.name, ...headline.map((h) => (figures[h.corpus] ? num(h.value(figures[h.corpus]), h.digits) : '–')), num(ms / 1000, 1)]);
    process.stderr.write(`${config.name} done\n`);
  }
  const what = product.length > 0 ? `Grid over ${product.map(([k]) => k).join(' × ')}, ${optionLine(base)} otherwise` : `Sweep around ${optionLine(base)}: one option changed per row`;
  process.stdout.write(`${what} (${engineLine()}).\n\n${table(['options', ...columns, 'scan s'], rows)}\n`);
}

main().catch((error) => {
  process.stderr.write(`eval: ${error.message}\n`);
  process.exitCode = 2;
});
