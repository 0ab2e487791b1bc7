import { Command } from 'commander';
import { checkOutputFile, sanitizeForTerminal, scan, type FailOnRule } from '../index.js';
import type { CliContext } from './context.js';
import { addFailOnOption, failOnExitCode } from './fail-on.js';
import { addInputOptions, corpusInputFrom } from './input-options.js';
import { addEngineOptions, addWorkersOption, engineOptionsFrom, workersFrom } from './engine-options.js';
import { addOutputOptions, writeReport, type OutputOptions } from './output.js';
import { progressBar } from './progress.js';
import { garbageCollector } from './heap-limit.js';

export function makeScanCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('scan')
    .description('find near-duplicate passages across and inside articles, and cluster them')
    .argument('[paths...]', 'files, folders (searched recursively), .jsonl files, or - for standard input')
    .addHelpText('after', `
Examples:
  $ newsdedup scan fixtures/france-russia
  $ newsdedup scan fixtures/france-russia --format json > report.json
  $ newsdedup fixtures/france-russia --top 5 --full
  $ cat article.txt | newsdedup scan - other-articles/
  $ newsdedup scan corpus.jsonl --fail-on 'duplicates>0' --fail-on 'reused>0.3' --quiet
  $ find scraped -name '*.html.txt' -print0 | newsdedup scan --files-from - -0 --format csv > passages.csv
  $ jq -c '{id: .url, text: .body}' items.json | newsdedup scan --jsonl --format jsonl
  $ newsdedup scan fixtures/france-russia --meta fixtures/france-russia/outlets.csv --format dot | dot -Tsvg > copies.svg`);
  addFailOnOption(addOutputOptions(addWorkersOption(addEngineOptions(addInputOptions(command)))));
  command
    .option('--meta <file.csv>', 'article metadata: a CSV with id or path, outlet, published, url, title (wins over front matter)')
    .option('--wire <name>', 'count NAME as a wire agency in credits, besides the built-in list (repeatable)', (v: string, all: string[]) => [...all, v], []);
  command.action(async (paths: string[], opts: OutputOptions & Record<string, unknown>) => {
    if (opts.output !== undefined && opts.output !== '-') await checkOutputFile(opts.output, paths, { cwd: ctx.cwd });
    const texts = opts.format === 'html' ? new Map<string, string>() : undefined;
    const bar = progressBar(ctx, opts.quiet === true);
    const report = await scan({
      ...corpusInputFrom(paths, opts, ctx),
      options: { ...engineOptionsFrom(opts), wires: opts.wire as string[] },
      meta: opts.meta as string | undefined,
      workers: workersFrom(opts),
      progress: bar.listener,
      onArticle: texts && ((article) => texts.set(article.id, article.text)),
      collectGarbage: garbageCollector(),
    }).finally(() => bar.stop());
    if (!opts.quiet) for (const p of report.problems) ctx.stderr.write(`newsdedup: ${sanitizeForTerminal(p.path)}: ${sanitizeForTerminal(p.message)}\n`);
    await writeReport(report, opts, ctx, texts);
    setExit(failOnExitCode(report, opts.failOn as FailOnRule[], ctx));
  });
  return command;
}
