import { spawn } from 'node:child_process';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A scan holds every article's per-article findings on the JavaScript heap (the texts are kept
 * off it, see stored-text): 0.5–0.7 GB per 100,000 articles (a 100k scan fails under a 500 MB
 * limit and passes under 700 MB), more while it is building the report. Node's default heap limit
 * (about 4 GB on a 64-bit machine, whatever its memory) would stop a scan of roughly 500,000
 * articles with "JavaScript heap out of memory", and the limit cannot be raised once the process
 * runs. So the CLI runs itself again in a child process
 * with a limit sized to the machine (three quarters of its memory, or of the container's), unless
 * a limit was given (`node --max-old-space-size=…` or NODE_OPTIONS), the default is larger, or a
 * debugger is attached (`--inspect`: a second process would ask for the same port).
 *
 * Returns the node options for that child, or null when this process should run the CLI itself.
 */
export function heapLimitArgs(
  execArgv: readonly string[],
  nodeOptions: string,
  memoryBytes: number,
  defaultLimitMb: number,
): string[] | null {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.startsWith('--max-old-space-size') || a.startsWith('--max_old_space_size'));
  if (given || execArgv.some((a) => a.startsWith('--inspect'))) return null;
  const wanted = Math.floor((memoryBytes * HEAP_SHARE) / 2 ** 20);
  return wanted > defaultLimitMb ? [`--max-old-space-size=${wanted}`] : null;
}

/**
 * The child's environment: this process's, with two settings of glibc's malloc unless the user
 * chose them. Two arenas: by default every thread that allocates gets an arena of its own, and the
 * memory the worker threads free in theirs is not reused by the main thread (peak resident memory
 * at 100k 2.92 → 2.64 GB). A fixed mmap threshold of 128 KB: by default glibc raises it up to
 * 32 MB each time a large block is freed, after which the large typed arrays of verification and
 * alignment come from the heap, and what they leave there when freed stays resident to the end
 * of the run (2.03 → 1.75 GB at 100k, the same time; bench/RESULTS.md). Other C libraries ignore
 * both variables.
 */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? String(MALLOC_ARENAS),
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? String(MMAP_THRESHOLD),
  };
}

const MALLOC_ARENAS = 2;

/** glibc's own starting value, which it then no longer raises (see childEnv). */
const MMAP_THRESHOLD = 128 * 1024;

/** Share of the machine's memory the JavaScript heap may grow to. */
const HEAP_SHARE = 0.75;

/**
 * Runs `script` again under a larger heap limit when heapLimitArgs asks for one, with the same
 * arguments, standard streams and environment, and resolves to its exit code; resolves to null when
 * no child is needed. Signals sent to this process (a CI job's timeout) are passed on; a child
 * ended by a signal ends this process the same way.
 */
export async function runWithHeapLimit(script: string): Promise<number | null> {
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
  const memory = Math.min(os.totalmem(), constrained && constrained > 0 ? constrained : Infinity);
  const args = heapLimitArgs(process.execArgv, process.env.NODE_OPTIONS ?? '', memory, v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  if (args === null) return null;
  const env = childEnv(process.env);
  const child = spawn(process.execPath, [...process.execArgv, ...args, script, ...process.argv.slice(2)], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}

/**
 * V8's full garbage collection, for a scan to run where it has just let go of its largest arrays
 * (RunSettings.collectGarbage): exposed by setting `--expose-gc` and taking `gc` from a new
 * context, as test runners do to measure leaks. The command owns its process, so it may; the
 * library never sets V8 flags itself.
 */
export function garbageCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
