import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MANIFEST_NAME, type DedupPlan } from '../dedup.js';
import { NewsdedupError } from '../errors.js';
import { formatManifest } from '../report/format-dedup.js';
import { writeFileAtomic } from './write-output.js';

/**
 * Refuses an output folder that would put the corpus at risk: one equal to or inside an input
 * folder, one that holds an input, a file, or a non-empty folder (unless `force`). Inputs that do
 * not exist are ignored here; reading reports them.
 */
export async function checkOutputDir(out: string, inputs: readonly string[], options: { cwd: string; force: boolean }): Promise<void> {
  const target = await realPathOf(path.resolve(options.cwd, out));
  for (const input of inputs) {
    if (input === '-') continue;
    const real = await fs.realpath(path.resolve(options.cwd, input)).catch(() => null);
    if (real === null) continue;
    if (target === real || isInside(target, real)) {
      throw new NewsdedupError('OUTPUT_INSIDE_INPUT', `--out ${out}: expected a folder outside the inputs, got ${target === real ? 'the input' : 'a folder inside the input'} ${input}`);
    }
    if (isInside(real, target)) {
      throw new NewsdedupError('OUTPUT_INSIDE_INPUT', `--out ${out}: expected a folder outside the inputs, got one that holds the input ${input}`);
    }
  }
  const stat = await fs.stat(target).catch(() => null);
  if (stat === null) return;
  if (!stat.isDirectory()) throw new NewsdedupError('OUTPUT_NOT_EMPTY', `--out ${out}: expected a folder, got a file`);
  const entries = await fs.readdir(target);
  if (entries.length > 0 && !options.force) {
    throw new NewsdedupError('OUTPUT_NOT_EMPTY', `--out ${out}: expected an empty or new folder, got one with ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (--force writes into it)`);
  }
}

/**
 * Writes the deduplicated corpus and its manifest. Every file is written to a temporary name and
 * renamed into place, so an interrupted run leaves whole articles only; the manifest comes last,
 * so its presence means the run finished. With `force`, the articles a previous run listed in the
 * folder's manifest are removed first, so the folder holds this run's corpus; other files stay.
 */
export async function writeDedup(plan: DedupPlan, out: string, options: { cwd: string; force: boolean; inputs: readonly string[] }): Promise<void> {
  await checkOutputDir(out, options.inputs, options);
  const dir = path.resolve(options.cwd, out);
  await fs.mkdir(dir, { recursive: true });
  if (options.force) await removePreviousRun(dir, new Set(plan.files.map((f) => f.path)));
  for (const file of plan.files) {
    const target = path.resolve(dir, file.path);
    if (!isInside(target, dir)) throw new NewsdedupError('INVALID_OPTION', `expected an output path inside ${out}, got ${file.path}`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, file.content);
  }
  await writeFileAtomic(path.join(dir, MANIFEST_NAME), formatManifest(plan));
}

async function removePreviousRun(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const manifest = await fs.readFile(path.join(dir, MANIFEST_NAME), 'utf8').catch(() => null);
  if (manifest === null) return;
  for (const line of manifest.split('\n')) {
    let output: unknown;
    try {
      output = (JSON.parse(line) as { output?: unknown }).output;
    } catch {
      continue;
    }
    if (typeof output !== 'string') continue;
    const file = output.replace(/:\d+$/, '');
    if (keep.has(file) || file === MANIFEST_NAME) continue;
    const target = path.resolve(dir, file);
    if (isInside(target, dir)) await fs.rm(target, { force: true });
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}

/** The real path of a file that may not exist yet: its deepest existing folder, resolved. */
async function realPathOf(p: string): Promise<string> {
  const rest: string[] = [];
  let at = p;
  for (;;) {
    try {
      return path.join(await fs.realpath(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return p;
      rest.push(path.basename(at));
      at = parent;
    }
  }
}
