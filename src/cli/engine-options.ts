import { Option, type Command } from 'commander';
import { DEFAULT_OPTIONS, MAX_WORKERS, PARALLEL_MIN_ARTICLES, type Options } from '../index.js';
import { parseFraction, parseInteger, parseIntegerOrOff, parseSeed } from './parsers.js';

/** The engine's tunables as command-line options; defaults are shown from DEFAULT_OPTIONS. */
export function addEngineOptions(command: Command): Command {
  const d = DEFAULT_OPTIONS;
  return command
    .addOption(new Option('--shingle-size <words>', 'words per shingle').argParser(parseInteger(1, 16)).default(d.shingleSize))
    .addOption(new Option('--num-hashes <n>', 'MinHash values per window').argParser(parseInteger(2, 1024)).default(d.numHashes))
    .addOption(new Option('--threshold <s>', 'estimated similarity at which window pairs become candidates (LSH knee)').argParser(parseFraction).default(d.lshThreshold))
    .addOption(new Option('--verify-threshold <s>', 'exact Jaccard similarity a passage pair needs').argParser(parseFraction).default(d.verifyThreshold))
    .addOption(new Option('--min-window-tokens <words>', 'shortest sentence that gets a window').argParser(parseInteger(1, 10_000)).default(d.minWindowTokens))
    .addOption(new Option('--min-passage-tokens <words>', 'shortest passage reported').argParser(parseInteger(1, 100_000)).default(d.minPassageTokens))
    .addOption(new Option('--seed <n>', 'hash seed (same seed, same output)').argParser(parseSeed).default(d.seed, `0x${d.seed.toString(16)}`))
    .addOption(
      new Option('--boilerplate-min-articles <n>', "a passage at the start or end of this many articles of one outlet is its template text (kind boilerplate), not reuse; 0 = never")
        .argParser(parseIntegerOrOff(2, 1_000_000))
        .default(d.boilerplateMinArticles),
    );
}

export function engineOptionsFrom(opts: Record<string, unknown>): Partial<Options> {
  return {
    shingleSize: opts.shingleSize as number,
    numHashes: opts.numHashes as number,
    lshThreshold: opts.threshold as number,
    verifyThreshold: opts.verifyThreshold as number,
    minWindowTokens: opts.minWindowTokens as number,
    minPassageTokens: opts.minPassageTokens as number,
    seed: opts.seed as number,
    boilerplateMinArticles: opts.boilerplateMinArticles as number,
  };
}

/** `--workers`: how many threads analyze articles; never changes the report. */
export function addWorkersOption(command: Command): Command {
  return command.addOption(
    new Option('--workers <n>', `worker threads for the per-article stages (default: one per core from ${PARALLEL_MIN_ARTICLES} articles; 1 = no threads)`)
      .argParser(parseInteger(1, MAX_WORKERS)),
  );
}

export function workersFrom(opts: Record<string, unknown>): number | undefined {
  return opts.workers as number | undefined;
}
