import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled script `name` of a worker thread, for the module at `moduleUrl` (its
 * `import.meta.url`) in `folder` of the library: next to it in the compiled library, or dist/'s
 * copy when the library runs from its TypeScript sources (the test runner); null when neither is
 * there.
 */
export function compiledScript(moduleUrl: string, folder: string, name: string): string | null {
  for (const candidate of [`./${name}`, `../../dist/${folder}/${name}`]) {
    const file = fileURLToPath(new URL(candidate, moduleUrl));
    if (existsSync(file)) return file;
  }
  return null;
}
