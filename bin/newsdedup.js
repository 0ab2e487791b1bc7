#!/usr/bin/env node
// Under a heap limit sized to the machine (see src/cli/heap-limit.ts), then the CLI itself.
import { fileURLToPath } from 'node:url';
const relaunched = await (await import('../dist/cli/heap-limit.js')).runWithHeapLimit(fileURLToPath(import.meta.url));
process.exitCode = relaunched ?? (await (await import('../dist/cli/main.js')).main(process.argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }));
