// The floor: read every article and tokenize it, in one thread, nothing else. No scan can be
// faster than this by more than its parallelism, so newsdedup's wall time is reported against it.
//
//   node bench/floor.js <folder> [dist]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(process.argv[3] ?? new URL('../dist', import.meta.url).pathname);
const { normalize } = await import(pathToFileURL(path.join(dist, 'stages', 'normalize.js')).href);
const { tokenize } = await import(pathToFileURL(path.join(dist, 'stages', 'tokenize.js')).href);

function* files(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(full);
    else if (e.name.endsWith('.txt')) yield full;
  }
}

let articles = 0;
let tokens = 0;
for (const file of files(process.argv[2])) {
  tokens += tokenize(normalize(readFileSync(file, 'utf8'))).count;
  articles++;
}
console.log(JSON.stringify({ articles, tokens }));
