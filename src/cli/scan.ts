import { Command } from 'commander';
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES, scan } from '../index.js';
import { readAll, EXIT_OK, type CliContext } from './context.js';
import { addEngineOptions, engineOptionsFrom } from './engine-options.js';
import { addOutputOptions, writeReport, type OutputOptions } from './output.js';
import { parseBytes, parseExtensions } from './parsers.js';

export function makeScanCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('scan')
    .description('find near-duplicate passages across and inside articles, and cluster them')
    .argument('<paths...>', 'files, folders (searched recursively) or - for standard input')
    .option('--ext <list>', 'file endings to read in folders', parseExtensions, [...DEFAULT_EXTENSIONS])
    .option('--max-bytes <size>', 'skip files larger than this', parseBytes, DEFAULT_MAX_BYTES)
    .addHelpText('after', `
Examples:
  $ newsdedup scan fixtures/france-russia
  $ newsdedup scan fixtures/france-russia --format json > report.json
  $ newsdedup fixtures/france-russia --top 5 --full
  $ cat article.txt | newsdedup scan - other-articles/`);
  addOutputOptions(addEngineOptions(command));
  command.action(async (paths: string[], opts: OutputOptions & Record<string, unknown>) => {
    const report = await scan({
      paths,
      cwd: ctx.cwd,
      options: engineOptionsFrom(opts),
      extensions: opts.ext as string[],
      maxBytes: opts.maxBytes as number,
      readStdin: () => readAll(ctx.stdin),
    });
    if (!opts.quiet) for (const p of report.problems) ctx.stderr.write(`newsdedup: ${p.path}: ${p.message}\n`);
    await writeReport(report, opts, ctx);
    setExit(EXIT_OK);
  });
  return command;
}
