import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Vitest global setup: the end-to-end tests spawn bin/newsdedup.js, which runs dist/. Builds once
 * per test run when dist/ is missing or older than src/, so a single test file can be run alone.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const marker = path.join(root, 'dist/cli/main.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  if (existsSync(marker) && statSync(marker).mtimeMs >= newest(path.join(root, 'src'))) return;
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // tsc writes dist/ even when it reports type errors; only a missing build is fatal here.
    if (!existsSync(marker)) throw error;
    process.stderr.write(`build-once: tsc reported errors; testing the emitted dist/:\n${(error as { stdout?: Buffer }).stdout ?? ''}\n`);
  }
}
