// Runs the newsdedup CLI from a given build (dist/ by default), so that a benchmark can time a
// fixed build while the working tree changes:  node bench/newsdedup.js <dist> scan …
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, ...args] = process.argv.slice(2);
const { main } = await import(pathToFileURL(path.resolve(dist, 'cli', 'main.js')).href);
process.exitCode = await main([process.argv[0], 'newsdedup', ...args], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
