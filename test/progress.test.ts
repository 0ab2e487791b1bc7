import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { scan, scanTexts, type ProgressEvent } from '../src/index.js';
import type { CliContext } from '../src/cli/context.js';
import { PROGRESS_DELAY_MS, progressBar } from '../src/cli/progress.js';

const sentence = (i: number): string => `Article ${i} reports that the harbour bridge will close for repairs after engineers found cracks in its piers.`;
const articles = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}.txt`, path: `a${i}.txt`, text: `${sentence(i)}\n\n${sentence(i + 100)} Another sentence follows here.` }));

function stream(tty: boolean): PassThrough & { isTTY?: boolean; columns?: number; text: () => string } {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text: () => string };
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  s.isTTY = tty;
  s.columns = 100;
  s.text = () => chunks.join('');
  // cli-progress moves the cursor with readline, which needs these on a TTY stream.
  Object.assign(s, { cursorTo: () => true, moveCursor: () => true, clearLine: () => true });
  return s;
}

function context(stderrTty: boolean, env: Record<string, string> = {}): CliContext & { stdout: ReturnType<typeof stream>; stderr: ReturnType<typeof stream> } {
  return { stdin: new PassThrough(), stdout: stream(true), stderr: stream(stderrTty), env, cwd: process.cwd() };
}

describe('progress', () => {
  it('the library reports every stage in order with articles done / total', () => {
    const events: ProgressEvent[] = [];
    scanTexts(articles, {}, [], { progress: (e) => events.push(e) });
    const analyze = events.filter((e) => e.stage === 'analyze');
    expect(analyze.map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(events.every((e) => e.total === 6)).toBe(true);
    const order = events.map((e) => e.stage).filter((s, i, all) => s !== all[i - 1]);
    expect(order).toEqual(['analyze', 'candidates', 'verify', 'align', 'cluster', 'relate', 'report']);
  });

  it('draws a bar on a terminal stderr after the first second, with stage, counts, rate and ETA; never on stdout', () => {
    const ctx = context(true);
    let now = 0;
    const bar = progressBar(ctx, false, () => now);
    expect(bar.listener).toBeDefined();
    bar.listener!({ stage: 'analyze', done: 0, total: 10 });
    now = 200;
    bar.listener!({ stage: 'analyze', done: 2, total: 10 });
    expect(ctx.stderr.text()).toBe('');
    now = PROGRESS_DELAY_MS + 500;
    bar.listener!({ stage: 'analyze', done: 5, total: 10 });
    bar.listener!({ stage: 'align', done: 10, total: 10 });
    bar.stop();
    const out = ctx.stderr.text();
    expect(out).toContain('analyzing articles');
    expect(out).toContain('5/10 articles');
    expect(out).toMatch(/\d+\/s · ETA/);
    expect(ctx.stdout.text()).toBe('');
  });

  it('scan() reports reading the files first, files read / found, then the article stages', async () => {
    const events: ProgressEvent[] = [];
    await scan({ paths: ['fixtures/france-russia'], cwd: path.resolve(__dirname, '..'), progress: (e) => events.push(e) });
    const read = events.filter((e) => e.stage === 'read');
    expect(read.map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(read.every((e) => e.total === 5)).toBe(true);
    const order = events.map((e) => e.stage).filter((s, i, all) => s !== all[i - 1]);
    expect(order).toEqual(['read', 'analyze', 'candidates', 'verify', 'align', 'cluster', 'relate', 'report']);
  });

  it('shows files while reading and articles while analyzing, each with its own count and rate', () => {
    const ctx = context(true);
    let now = 0;
    const bar = progressBar(ctx, false, () => now);
    bar.listener!({ stage: 'read', done: 0, total: 40 });
    now = PROGRESS_DELAY_MS + 100;
    bar.listener!({ stage: 'read', done: 30, total: 40 });
    const reading = ctx.stderr.text();
    expect(reading).toContain('reading files');
    expect(reading).toContain('30/40 files');
    now += 1000;
    bar.listener!({ stage: 'analyze', done: 0, total: 40 });
    now += 500;
    bar.listener!({ stage: 'analyze', done: 10, total: 40 });
    bar.stop();
    const analyzing = ctx.stderr.text().slice(reading.length);
    expect(analyzing).toContain('analyzing articles');
    expect(analyzing).toContain('10/40 articles · 20/s');
    expect(analyzing).toContain('ETA 2s');
    expect(ctx.stderr.text()).not.toMatch(/NULL|NaN|Infinity/);
  });

  it.each([
    ['stderr is not a terminal', context(false), false],
    ['--quiet', context(true), true],
    ['CI', context(true, { CI: 'true' }), false],
    ['a dumb terminal', context(true, { TERM: 'dumb' }), false],
  ])('draws nothing when %s', (_, ctx, quiet) => {
    let now = 0;
    const bar = progressBar(ctx, quiet, () => now);
    expect(bar.listener).toBeUndefined();
    now = 5000;
    bar.stop();
    expect(ctx.stderr.text()).toBe('');
    expect(ctx.stdout.text()).toBe('');
  });
});
