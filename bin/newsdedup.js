#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
process.exitCode = await main(process.argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
