import { Command, CommanderError } from 'commander';
import { NewsdedupError, sanitizeForTerminal, VERSION } from '../index.js';
import { EXIT_USAGE, type CliContext } from './context.js';
import { makeCompareCommand } from './compare.js';
import { makeDedupCommand } from './dedup.js';
import { makeIndexCommand } from './index-command.js';
import { makeScanCommand } from './scan.js';

export function makeProgram(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('newsdedup')
    .description('Find near-duplicate passages in news articles, cluster them, and show which outlet copied from which.')
    .version(VERSION)
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(makeScanCommand(ctx, setExit), { isDefault: true });
  program.addCommand(makeCompareCommand(ctx, setExit));
  program.addCommand(makeDedupCommand(ctx, setExit));
  program.addCommand(makeIndexCommand(ctx, setExit));
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: Omit<CliContext, 'cwd'> & { cwd?: string }): Promise<number> {
  const ctx: CliContext = { ...io, cwd: io.cwd ?? process.cwd() };
  let code = 0;
  const program = makeProgram(ctx, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof NewsdedupError) {
      ctx.stderr.write(`newsdedup: ${sanitizeForTerminal(error.message)}\n`);
      return EXIT_USAGE;
    }
    if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return code;
    // A system error (disk full, output folder not writable) is the user's to fix: one line, no stack.
    if (typeof (error as NodeJS.ErrnoException)?.syscall === 'string') {
      ctx.stderr.write(`newsdedup: ${sanitizeForTerminal((error as Error).message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
