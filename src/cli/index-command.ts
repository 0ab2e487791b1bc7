import { Command, InvalidArgumentError, Option } from 'commander';
import {
  checkOutputFile, openIndex, readCorpus, sanitizeForTerminal, SIGNING_OPTIONS,
  type ArticleIndex, type FailOnRule, type IndexStats, type Options,
} from '../index.js';
import { EXIT_OK, type CliContext } from './context.js';
import { addEngineOptions, addWorkersOption, engineOptionsFrom, workersFrom } from './engine-options.js';
import { addFailOnOption, failOnExitCode } from './fail-on.js';
import { addInputOptions, corpusInputFrom } from './input-options.js';
import { addOutputOptions, writeReport, type OutputOptions } from './output.js';
import { progressBar } from './progress.js';

/** Where an engine option's value comes from on the command line (commander's attribute name). */
const CLI_NAME: Record<string, string> = { lshThreshold: 'threshold' };

export function makeIndexCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const index = new Command('index')
    .description('a persistent index: check new articles against everything added before, without rescanning it')
    .addHelpText('after', `
--db is an SQLite file (created by the first add) or a postgres:// URL (a shared index).

Examples:
  $ newsdedup index add archive/ --db news.db
  $ newsdedup index check scrape/today/ --db news.db --add --fail-on 'duplicates>0'
  $ newsdedup index stats --db news.db
  $ newsdedup index prune --before 2024-01-01 --db news.db
  $ newsdedup index add shard-3/ --db postgres://newsdedup@db.internal/news`);
  index.addCommand(makeAddCommand(ctx, setExit));
  index.addCommand(makeCheckCommand(ctx, setExit));
  index.addCommand(makeStatsCommand(ctx, setExit));
  index.addCommand(makePruneCommand(ctx, setExit));
  for (const sub of index.commands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  }
  return index;
}

function addDbOption(command: Command): Command {
  return command.addOption(new Option('--db <file|url>', 'the index: an SQLite file, or a postgres:// URL').makeOptionMandatory());
}

/**
 * Engine options the user typed. Signing options left at their defaults are not passed, so an
 * index built with other values is used with its own; typed ones must agree with the index.
 */
function givenEngineOptions(command: Command, opts: Record<string, unknown>): Partial<Options> {
  const all = engineOptionsFrom(opts) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    const signing = (SIGNING_OPTIONS as readonly string[]).includes(key);
    if (signing && command.getOptionValueSource(CLI_NAME[key] ?? key) === 'default') continue;
    out[key] = value;
  }
  return out as Partial<Options>;
}

async function withIndex<T>(
  command: Command, opts: Record<string, unknown>, ctx: CliContext, create: boolean, work: (index: ArticleIndex) => Promise<T>,
): Promise<T> {
  const index = await openIndex({
    db: opts.db as string,
    cwd: ctx.cwd,
    create,
    options: opts.shingleSize === undefined ? {} : givenEngineOptions(command, opts),
    workers: workersFrom(opts),
  });
  try {
    return await work(index);
  } finally {
    await index.close();
  }
}

function makeAddCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('add')
    .description('sign and store articles; an article whose text is in the index already is skipped')
    .argument('[paths...]', 'files, folders (searched recursively), .jsonl files, or - for standard input')
    .option('--json', 'print what was done as JSON');
  addWorkersOption(addEngineOptions(addInputOptions(addDbOption(command))));
  command.addOption(new Option('-q, --quiet', 'print nothing on standard error but errors'));
  command.action(async (paths: string[], opts: Record<string, unknown>) => {
    const corpus = await readCorpus(corpusInputFrom(paths, opts, ctx));
    reportProblems(ctx, opts, corpus.problems);
    const bar = progressBar(ctx, opts.quiet === true);
    const result = await withIndex(command, opts, ctx, true, (index) => index.add(corpus.articles, { progress: bar.listener })).finally(() => bar.stop());
    if (opts.json) {
      ctx.stdout.write(`${JSON.stringify({ ...result, problems: corpus.problems }, null, 2)}\n`);
    } else {
      ctx.stdout.write(
        `added ${count(result.added.length, 'article')} (${count(result.windows, 'window')}) to ${sanitizeForTerminal(opts.db as string)}` +
          `; ${result.skipped.length} already there` +
          (corpus.problems.length > 0 ? `; ${count(corpus.problems.length, 'file')} not read` : '') +
          '\n',
      );
    }
    setExit(EXIT_OK);
  });
  return command;
}

function makeCheckCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('check')
    .description('report the passages of new articles found in the index and among themselves (indexed articles are the earlier sources)')
    .argument('[paths...]', 'files, folders (searched recursively), .jsonl files, or - for standard input')
    .option('--add', 'store the articles in the index after checking them');
  addFailOnOption(addOutputOptions(addWorkersOption(addEngineOptions(addInputOptions(addDbOption(command))))));
  command.action(async (paths: string[], opts: OutputOptions & Record<string, unknown>) => {
    if (opts.output !== undefined && opts.output !== '-') await checkOutputFile(opts.output, paths, { cwd: ctx.cwd });
    const corpus = await readCorpus(corpusInputFrom(paths, opts, ctx));
    const bar = progressBar(ctx, opts.quiet === true);
    const { checked, added } = await withIndex(command, opts, ctx, opts.add === true, async (index) => {
      const checked = await index.check(corpus.articles, corpus.problems, { progress: bar.listener });
      const added = opts.add ? await index.add(corpus.articles) : null;
      return { checked, added };
    }).finally(() => bar.stop());
    const report = checked.report;
    if (!opts.quiet) {
      for (const p of report.problems) ctx.stderr.write(`newsdedup: ${sanitizeForTerminal(p.path)}: ${sanitizeForTerminal(p.message)}\n`);
      if (added) ctx.stderr.write(`newsdedup: added ${count(added.added.length, 'article')} to the index; ${added.skipped.length} already there\n`);
    }
    const texts = opts.format === 'html' ? new Map(checked.articles.map((a) => [a.id, a.text])) : undefined;
    await writeReport(report, opts, ctx, texts);
    setExit(failOnExitCode(report, opts.failOn as FailOnRule[], ctx));
  });
  return command;
}

function makeStatsCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('stats').description('what the index holds').option('--json', 'print the figures as JSON');
  addDbOption(command);
  command.action(async (opts: Record<string, unknown>) => {
    const stats = await withIndex(command, opts, ctx, false, (index) => index.stats());
    ctx.stdout.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
    setExit(EXIT_OK);
  });
  return command;
}

function makePruneCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('prune')
    .description('remove articles published before a date (added before it, when their publication time is unknown)')
    .addOption(new Option('--before <date>', 'a date such as 2024-05-01 or 2024-05-01T12:00:00Z').argParser(parseDate).makeOptionMandatory())
    .option('--dry-run', 'count what would be removed, remove nothing');
  addDbOption(command);
  command.action(async (opts: Record<string, unknown>) => {
    const removed = await withIndex(command, opts, ctx, false, (index) => index.prune({ before: opts.before as string, dryRun: opts.dryRun === true }));
    ctx.stdout.write(`${opts.dryRun ? 'would remove' : 'removed'} ${count(removed, 'article')} from before ${opts.before as string}\n`);
    setExit(EXIT_OK);
  });
  return command;
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError(`expected a date such as 2024-05-01 or 2024-05-01T12:00:00Z, got "${value}"`);
  }
  return value.trim();
}

function reportProblems(ctx: CliContext, opts: Record<string, unknown>, problems: readonly { path: string; message: string }[]): void {
  if (opts.quiet) return;
  for (const p of problems) ctx.stderr.write(`newsdedup: ${sanitizeForTerminal(p.path)}: ${sanitizeForTerminal(p.message)}\n`);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function formatStats(s: IndexStats): string {
  const mb = (s.bytes / 1024 / 1024).toFixed(1);
  const lines = [
    `index      ${sanitizeForTerminal(s.location)} (${s.backend}, schema version ${s.schemaVersion}, ${mb} MB)`,
    `articles   ${s.articles.toLocaleString('en-US')} (${s.chars.toLocaleString('en-US')} characters, ${s.windows.toLocaleString('en-US')} windows)`,
    `band keys  ${s.entries.toLocaleString('en-US')} in ${s.postingRows.toLocaleString('en-US')} posting rows`,
    `outlets    ${s.outlets.toLocaleString('en-US')}`,
    `published  ${s.firstPublished ?? '–'} … ${s.lastPublished ?? '–'}`,
    `added      ${s.firstAdded ?? '–'} … ${s.lastAdded ?? '–'}`,
    `signing    ${Object.entries(s.options).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
