// Runs the newsdedup CLI from a given build (dist/ by default), so that a benchmark can time a
// fixed build while the working tree changes:  node bench/newsdedup.js <dist> scan …
// Like the newsdedup command, it runs itself under a heap limit sized to the machine when the
// build has one to offer (src/cli/heap-limit.ts), so that --size 1000000 is not stopped by Node's
// default limit.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [dist, ...args] = process.argv.slice(2);
const heapLimit = path.resolve(dist, 'cli', 'heap-limit.js');
const relaunched = existsSync(heapLimit) ? await (await import(pathToFileURL(heapLimit).href)).runWithHeapLimit(fileURLToPath(import.meta.url)) : null;
if (relaunched !== null) process.exitCode = relaunched;
else {
  const { main } = await import(pathToFileURL(path.resolve(dist, 'cli', 'main.js')).href);
  process.exitCode = await main([process.argv[0], 'newsdedup', ...args], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
}
