import { InvalidArgumentError, Option, type Command } from 'commander';
import { evaluateFailOn, FAIL_ON_METRICS, NewsdedupError, parseFailOn, type FailOnRule, type Report } from '../index.js';
import { EXIT_FINDINGS, EXIT_OK, type CliContext } from './context.js';

export function addFailOnOption(command: Command): Command {
  return command.addOption(
    new Option('--fail-on <rule>', `exit with code 1 when a threshold is exceeded, e.g. 'duplicates>0', 'reused>0.3'; measures: ${Object.keys(FAIL_ON_METRICS).join(', ')} (repeatable)`)
      .argParser(collectRules)
      .default([] as FailOnRule[], 'none'),
  );
}

function collectRules(value: string, previous: FailOnRule[]): FailOnRule[] {
  try {
    return [...previous, ...parseFailOn(value)];
  } catch (error) {
    if (error instanceof NewsdedupError) throw new InvalidArgumentError(error.message.replace(/^option --fail-on: /, ''));
    throw error;
  }
}

/** Says on standard error which thresholds were exceeded (even with --quiet: they are why the
 *  run fails) and returns the exit code. */
export function failOnExitCode(report: Report, rules: readonly FailOnRule[], ctx: CliContext): number {
  const failed = evaluateFailOn(report, rules).filter((r) => r.failed);
  for (const r of failed) {
    const value = FAIL_ON_METRICS[r.metric].share ? `${(r.value * 100).toFixed(1)}%` : String(r.value);
    ctx.stderr.write(`newsdedup: --fail-on ${r.source}: ${r.metric} is ${value}\n`);
  }
  return failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
