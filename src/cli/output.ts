import { Option, type Command } from 'commander';
import path from 'node:path';
import { FORMAT_NAMES, formatReportChunks, writeFileAtomic, writePiecesTo, type FormatName, type Report } from '../index.js';
import type { CliContext } from './context.js';
import { parseInteger } from './parsers.js';

/** Options every reporting command shares: format, destination, colour, width. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <name>', 'report format').choices(FORMAT_NAMES).default('text'))
    .addOption(new Option('-o, --output <file>', 'write the report to a file instead of standard output'))
    .addOption(new Option('--color', 'force colours in the text report'))
    .addOption(new Option('--no-color', 'never use colours'))
    .addOption(new Option('--width <columns>', 'text report width (default: the terminal\'s, else 100)').argParser(parseInteger(40, 1000)))
    .addOption(new Option('--full', 'show passages whole instead of shortened'))
    .addOption(new Option('--top <n>', 'show only the first N clusters in the text report').argParser(parseInteger(0, 1_000_000)))
    .addOption(new Option('-q, --quiet', 'print nothing on standard error but errors'));
}

export interface OutputOptions {
  format: FormatName;
  output?: string;
  color?: boolean;
  width?: number;
  full?: boolean;
  top?: number;
  quiet?: boolean;
}

/** Colour only on a terminal, never with NO_COLOR, always with --color. */
export function colorLevel(opts: OutputOptions, ctx: CliContext, toFile: boolean): 0 | 1 {
  if (opts.color === false) return 0;
  if (opts.color === true) return 1;
  if (toFile) return 0;
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return 0;
  return ctx.stdout.isTTY ? 1 : 0;
}

/** `texts`: article texts by id, for the HTML report's article view. */
export async function writeReport(report: Report, opts: OutputOptions, ctx: CliContext, texts?: ReadonlyMap<string, string>): Promise<void> {
  const toFile = opts.output !== undefined && opts.output !== '-';
  const pieces = formatReportChunks(report, opts.format, {
    color: colorLevel(opts, ctx, toFile),
    width: opts.width ?? (toFile ? 100 : ctx.stdout.columns ?? 100),
    full: opts.full ?? false,
    top: opts.top ?? null,
    texts,
  });
  if (toFile) await writeFileAtomic(path.resolve(ctx.cwd, opts.output!), pieces);
  else await writePiecesTo(ctx.stdout, pieces);
}
