import { Command, Option } from 'commander';
import path from 'node:path';
import {
  checkOutputDir, dedup, DEDUP_FORMAT_NAMES, formatDedup, KEEP_POLICIES, NewsdedupError, sanitizeForTerminal, writeDedup, writeFileAtomic,
  type DedupFormatName, type FailOnRule, type KeepPolicy,
} from '../index.js';
import type { CliContext } from './context.js';
import { addEngineOptions, engineOptionsFrom } from './engine-options.js';
import { addFailOnOption, failOnExitCode } from './fail-on.js';
import { addInputOptions, corpusInputFrom } from './input-options.js';
import { colorLevel } from './output.js';
import { parseInteger } from './parsers.js';
import { progressBar } from './progress.js';
import { garbageCollector } from './heap-limit.js';

export function makeDedupCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  const command = new Command('dedup')
    .description('write a deduplicated copy of a corpus: near-duplicate articles collapse to one, repeated passages are cut, and DIR/manifest.jsonl says what happened to every input')
    .argument('[paths...]', 'files, folders (searched recursively), .jsonl files, or - for standard input')
    .addOption(new Option('--out <dir>', 'folder to write the deduplicated corpus and manifest.jsonl to (new or empty)'))
    .addOption(new Option('--keep <policy>', 'which of a group of near-duplicates is kept: source (by the direction rules, else earliest, else longest), earliest, longest, first (in path order)').choices(KEEP_POLICIES).default('source'))
    .addOption(new Option('--no-strip-repeats', 'keep passages an article prints more than once (default: keep the first copy only)'))
    .addOption(new Option('--strip-boilerplate', 'also cut passages of boilerplate clusters from every article'))
    .addOption(new Option('--dry-run', 'print what would be done and write nothing'))
    .addOption(new Option('--force', 'write into a non-empty --out folder (articles a previous run listed in its manifest are replaced)'))
    .addOption(new Option('-f, --format <name>', 'how to print the plan: text, json, or jsonl (the manifest lines)').choices(DEDUP_FORMAT_NAMES).default('text'))
    .addOption(new Option('-o, --output <file>', 'write the printed plan to a file instead of standard output'))
    .addOption(new Option('--color', 'force colours'))
    .addOption(new Option('--no-color', 'never use colours'))
    .addOption(new Option('--width <columns>', "text width (default: the terminal's, else 100)").argParser(parseInteger(40, 1000)))
    .addOption(new Option('-q, --quiet', 'print nothing on standard error but errors'))
    .addHelpText('after', `
Examples:
  $ newsdedup dedup fixtures/france-russia --out clean
  $ newsdedup dedup fixtures/france-russia --dry-run
  $ newsdedup dedup scraped/ --out clean --keep longest --no-strip-repeats
  $ newsdedup dedup corpus.jsonl --out clean --force          # writes clean/corpus.jsonl
  $ find scraped -name '*.txt' -print0 | newsdedup dedup --files-from - -0 --out clean
  $ newsdedup dedup scraped/ --out clean --fail-on 'duplicates>10' --quiet

clean/manifest.jsonl has one line per input: kept, edited (which spans were cut, and why) or
dropped (a near-duplicate of which article). Inputs are never written to. --fail-on measures the
corpus as it was read, before anything is cut; the clean copy is written either way.`);
  addFailOnOption(addEngineOptions(addInputOptions(command)));
  command.action(async (paths: string[], opts: Record<string, unknown>) => {
    const out = opts.out as string | undefined;
    const dryRun = opts.dryRun === true;
    const force = opts.force === true;
    if (out === undefined && !dryRun) throw new NewsdedupError('INVALID_OPTION', 'option --out: expected a folder to write the deduplicated corpus to (or --dry-run), got nothing');
    if (out !== undefined) await checkOutputDir(out, paths, { cwd: ctx.cwd, force });
    const bar = progressBar(ctx, opts.quiet === true);
    const plan = await dedup({
      ...corpusInputFrom(paths, opts, ctx),
      options: engineOptionsFrom(opts),
      progress: bar.listener,
      collectGarbage: garbageCollector(),
      settings: {
        keep: opts.keep as KeepPolicy,
        stripRepeats: opts.stripRepeats !== false,
        stripBoilerplate: opts.stripBoilerplate === true,
      },
    }).finally(() => bar.stop());
    if (!opts.quiet) for (const p of plan.report.problems) ctx.stderr.write(`newsdedup: ${sanitizeForTerminal(p.path)}: ${sanitizeForTerminal(p.message)}\n`);
    if (out !== undefined && !dryRun) await writeDedup(plan, out, { cwd: ctx.cwd, force, inputs: [...paths, ...plan.sources] });
    const output = opts.output as string | undefined;
    const toFile = output !== undefined && output !== '-';
    const text = formatDedup(plan, opts.format as DedupFormatName, {
      color: colorLevel({ format: 'text', color: opts.color as boolean | undefined }, ctx, toFile),
      width: (opts.width as number | undefined) ?? (toFile ? 100 : ctx.stdout.columns ?? 100),
      out: out ?? null,
      dryRun,
    });
    if (toFile) await writeFileAtomic(path.resolve(ctx.cwd, output), text);
    else ctx.stdout.write(text);
    setExit(failOnExitCode(plan.report, opts.failOn as FailOnRule[], ctx));
  });
  return command;
}
