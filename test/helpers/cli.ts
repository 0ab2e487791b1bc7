import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = path.join(root, 'bin/newsdedup.js');
export const FIXTURE = 'fixtures/france-russia';
export const ARTICLE = {
  '000': `${FIXTURE}/000_25b08a5b48b33ed2.txt`,
  '001': `${FIXTURE}/001_d8ad9760a3fe1e23.txt`,
  '002': `${FIXTURE}/002_acc268cd3afabf47.txt`,
  '003': `${FIXTURE}/003_8c63bdaf32b26ab0.txt`,
  '004': `${FIXTURE}/004_e9f58710e6d47200.txt`,
} as const;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real binary, as a user's shell or CI job would. */
export function runCli(args: readonly string[], options: { cwd?: string; stdin?: string | Buffer; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    input: options.stdin ?? '',
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `newsdedup-${prefix}-`));
}
