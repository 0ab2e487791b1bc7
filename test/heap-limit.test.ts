import { describe, expect, it } from 'vitest';
import { childEnv, garbageCollector, heapLimitArgs } from '../src/cli/heap-limit.js';
import { runCli } from './helpers/cli.js';

const GB = 2 ** 30;

describe('heap limit', () => {
  it('asks for three quarters of the memory when that is above the default limit', () => {
    expect(heapLimitArgs([], '', 24 * GB, 4144)).toEqual(['--max-old-space-size=18432']);
    // A small machine keeps node's default.
    expect(heapLimitArgs([], '', 4 * GB, 4144)).toBeNull();
  });

  it('leaves a limit the user gave alone, on the command line or in NODE_OPTIONS', () => {
    expect(heapLimitArgs(['--max-old-space-size=2048'], '', 24 * GB, 4144)).toBeNull();
    expect(heapLimitArgs([], '--enable-source-maps --max-old-space-size=2048', 24 * GB, 4144)).toBeNull();
    expect(heapLimitArgs([], '--max_old_space_size=2048', 24 * GB, 4144)).toBeNull();
  });

  it("holds glibc's malloc to two arenas and a fixed mmap threshold in the child, unless the user chose them", () => {
    expect(childEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(childEnv({ PATH: '/bin', MALLOC_ARENA_MAX: '8' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(childEnv({ MALLOC_MMAP_THRESHOLD_: '65536' })).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536' });
  });

  it('starts no second process under a debugger, which would want the same port', () => {
    expect(heapLimitArgs(['--inspect-brk'], '', 24 * GB, 4144)).toBeNull();
  });

  it('gives V8\'s full garbage collection, which frees what nothing holds', () => {
    const gc = garbageCollector();
    let held: object[] | null = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `value ${i}` }));
    const before = process.memoryUsage().heapUsed;
    expect(held.length).toBe(300_000);
    held = null;
    gc();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 10 * 2 ** 20);
  });

  it('runs the CLI the same way with a limit given (no second process) as without', () => {
    const args = ['scan', 'fixtures/france-russia', '--format', 'json'];
    const own = runCli(args, { env: { NODE_OPTIONS: '--max-old-space-size=1024' } });
    const relaunched = runCli(args);
    expect(own.code).toBe(0);
    expect(relaunched.code).toBe(0);
    expect(own.stdout).toBe(relaunched.stdout);
    expect(runCli(['scan', '--no-such-option'], { env: { NODE_OPTIONS: '--max-old-space-size=1024' } }).code).toBe(2);
    expect(runCli(['scan', '--no-such-option']).code).toBe(2);
  });
});
