// The .txt files under a folder, in name order at every level: how the benchmark's own scripts
// (the floor, the npm minhash peer, the quote join) walk a generated corpus.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function* corpusFiles(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* corpusFiles(full);
    else if (e.name.endsWith('.txt')) yield full;
  }
}
