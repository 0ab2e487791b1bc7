// The floor: read every article and tokenize it, in one thread, nothing else. No scan can be
// faster than this by more than its parallelism, so newsdedup's wall time is reported against it.
//
//   node bench/floor.js <folder> [dist]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusFiles } from './corpus-files.js';

const dist = path.resolve(process.argv[3] ?? new URL('../dist', import.meta.url).pathname);
const { normalize } = await import(pathToFileURL(path.join(dist, 'stages', 'normalize.js')).href);
const { tokenize } = await import(pathToFileURL(path.join(dist, 'stages', 'tokenize.js')).href);

let articles = 0;
let tokens = 0;
for (const file of corpusFiles(process.argv[2])) {
  tokens += tokenize(normalize(readFileSync(file, 'utf8'))).count;
  articles++;
}
console.log(JSON.stringify({ articles, tokens }));
