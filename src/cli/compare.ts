import { Command, Option } from 'commander';
import path from 'node:path';
import { compare, COMPARE_FORMAT_NAMES, DEFAULT_MAX_BYTES, formatComparison, writeFileAtomic, type CompareFormatName, type FailOnRule } from '../index.js';
import { readAll, type CliContext } from './context.js';
import { addEngineOptions, engineOptionsFrom } from './engine-options.js';
import { addFailOnOption, failOnExitCode } from './fail-on.js';
import { colorLevel } from './output.js';
import { parseBytes, parseInteger } from './parsers.js';

export function makeCompareCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('compare')
    .description('compare two articles: how much of each is in the other, and the shared passages with their word-level differences')
    .argument('<a>', 'first article: a file, or - for standard input')
    .argument('<b>', 'second article: a file, or - for standard input')
    .addOption(new Option('-f, --format <name>', 'output format').choices(COMPARE_FORMAT_NAMES).default('text'))
    .addOption(new Option('-o, --output <file>', 'write to a file instead of standard output'))
    .addOption(new Option('--color', 'force colours'))
    .addOption(new Option('--no-color', 'never use colours'))
    .addOption(new Option('--width <columns>', "text width (default: the terminal's, else 100)").argParser(parseInteger(40, 1000)))
    .addOption(new Option('--max-bytes <size>', 'refuse files larger than this').argParser(parseBytes).default(DEFAULT_MAX_BYTES, '20MB'))
    .addOption(new Option('-q, --quiet', 'print nothing on standard error but errors'))
    .addHelpText('after', `
Examples:
  $ newsdedup compare fixtures/france-russia/000_25b08a5b48b33ed2.txt fixtures/france-russia/001_d8ad9760a3fe1e23.txt
  $ newsdedup compare fixtures/france-russia/000_25b08a5b48b33ed2.txt fixtures/france-russia/004_e9f58710e6d47200.txt --format json
  $ curl -s https://example.org/story.txt | newsdedup compare - wire/afp-0215.txt
  $ newsdedup compare draft.txt wire/afp-0215.txt --fail-on 'reused>0.5' --quiet

Word-level differences are marked [-only in A-] {+only in B+} (red and green on a terminal).
--fail-on measures the two articles as scan would.`);
  addFailOnOption(addEngineOptions(command));
  command.action(async (a: string, b: string, opts: Record<string, unknown>) => {
    const comparison = await compare({
      a,
      b,
      cwd: ctx.cwd,
      options: engineOptionsFrom(opts),
      maxBytes: opts.maxBytes as number,
      readStdin: () => readAll(ctx.stdin),
    });
    const output = opts.output as string | undefined;
    const toFile = output !== undefined && output !== '-';
    const text = formatComparison(comparison, opts.format as CompareFormatName, {
      color: colorLevel({ format: 'text', color: opts.color as boolean | undefined }, ctx, toFile),
      width: (opts.width as number | undefined) ?? (toFile ? 100 : ctx.stdout.columns ?? 100),
    });
    if (toFile) await writeFileAtomic(path.resolve(ctx.cwd, output), text);
    else ctx.stdout.write(text);
    setExit(failOnExitCode(comparison.report, opts.failOn as FailOnRule[], ctx));
  });
  return command;
}
