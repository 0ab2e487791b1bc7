import { Option, type Command } from 'commander';
import { DEFAULT_EXTENSIONS, DEFAULT_MAX_BYTES, type CorpusInput } from '../index.js';
import { readAll, type CliContext } from './context.js';
import { parseBytes, parseExtensions } from './parsers.js';

/** How every corpus command takes its articles: paths, `-`, --files-from, --jsonl, --ext. */
export function addInputOptions(command: Command): Command {
  return command
    .addOption(new Option('--ext <list>', 'file endings to read in folders (.jsonl files are read as JSONL)').argParser(parseExtensions).default([...DEFAULT_EXTENSIONS], DEFAULT_EXTENSIONS.join(',')))
    .addOption(new Option('--files-from <file>', 'also read the paths listed in FILE, one per line (- for standard input)'))
    .addOption(new Option('-0, --null', 'paths in --files-from end with NUL, as find -print0 writes them'))
    .addOption(new Option('--jsonl', 'standard input holds JSONL: one article per line with "id" and "text"'))
    .addOption(new Option('--max-bytes <size>', 'skip files (and JSONL lines) larger than this').argParser(parseBytes).default(DEFAULT_MAX_BYTES, '20MB'));
}

export function corpusInputFrom(paths: readonly string[], opts: Record<string, unknown>, ctx: CliContext): CorpusInput {
  return {
    paths,
    cwd: ctx.cwd,
    extensions: opts.ext as string[],
    maxBytes: opts.maxBytes as number,
    readStdin: () => readAll(ctx.stdin),
    ...(opts.filesFrom !== undefined ? { filesFrom: { from: opts.filesFrom as string, nul: opts.null === true } } : {}),
    jsonlStdin: opts.jsonl === true,
  };
}
