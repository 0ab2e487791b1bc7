import path from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, scan, scanTexts, type Report } from '../src/index.js';
import { shortenMiddle } from '../src/report/format-text.js';
import { sampleReport } from './helpers/sample-report.js';

const root = path.resolve(__dirname, '..');

function widest(text: string): number {
  return Math.max(...text.split('\n').map((l) => stringWidth(l)));
}

describe('text report', () => {
  it.each([60, 120])('matches the reviewed snapshot at width %i with colour off', async (width) => {
    const out = formatReport(sampleReport(), 'text', { width, color: 0 });
    await expect(out).toMatchFileSnapshot(`__snapshots__/format-text-${width}.txt`);
    expect(widest(out)).toBeLessThanOrEqual(width);
    expect(out).not.toContain('\x1b');
  });

  it('starts with the summary: articles, clusters by kind, most copied outlet, least original article', () => {
    const lines = formatReport(sampleReport(), 'text', { width: 120 }).split('\n');
    expect(lines[0]).toBe('newsdedup: 3 articles · 3 clusters (1 copy, 1 quote, 1 repeat)');
    const head = lines.slice(0, lines.indexOf('')).join('\n');
    expect(head).toMatch(/most copied: +AFP · 195 characters taken by 1 article/);
    expect(head).toMatch(/least original: Daily Mail · 79% original/);
    expect(head).toContain('1 input could not be read');
    expect(lines.indexOf('Articles  reused: also in another article · repeated: printed twice in it')).toBeGreaterThan(3);
  });

  let fixture: Report;
  beforeAll(async () => {
    fixture = await scan({ paths: ['fixtures/france-russia'], cwd: root });
  });

  it.each([40, 60, 80, 120, 200])('every line of the fixture report fits width %i (wide characters count two)', (width) => {
    for (const full of [false, true]) expect(widest(formatReport(fixture, 'text', { width, full }))).toBeLessThanOrEqual(width);
  });

  it('--top N shows the N largest clusters and says how many there are', () => {
    const out = formatReport(fixture, 'text', { width: 100, top: 2 });
    expect(out).toContain(`Clusters  largest 2 of ${fixture.clusters.length}; --top to change`);
    const ids = [...out.matchAll(/^ {2}(c\d+) {2}/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    const size = (id: string): number => fixture.clusters.find((c) => c.id === id)!.members.reduce((n, m) => n + m.end - m.start, 0);
    const largest = Math.max(...fixture.clusters.map((c) => size(c.id)));
    expect(size(ids[0])).toBe(largest);
    expect(size(ids[0])).toBeGreaterThanOrEqual(size(ids[1]));
    expect(formatReport(fixture, 'text', { top: 0 })).not.toMatch(/^ {2}c\d+ {2}/m);
  });

  it('shortens long passages in the middle, and --full shows them whole', () => {
    const long = fixture.clusters.flatMap((c) => c.members).find((m) => m.text.length > 500)!;
    const short = formatReport(fixture, 'text', { width: 100 });
    const words = long.text.split(/\s+/);
    expect(short).toContain(' … ');
    expect(short).toContain(words.slice(0, 3).join(' '));
    expect(short.replace(/\s+/g, ' ')).not.toContain(long.text.replace(/\s+/g, ' '));
    const full = formatReport(fixture, 'text', { width: 100, full: true });
    expect(full.replace(/\s+/g, ' ')).toContain(long.text.replace(/\s+/g, ' ').trim());
  });

  it('colours only when asked', () => {
    expect(formatReport(sampleReport(), 'text', { color: 0 })).not.toContain('\x1b[');
    expect(formatReport(sampleReport(), 'text', { color: 1 })).toContain('\x1b[');
  });

  it('shortenMiddle keeps both ends within the columns, counting wide characters twice', () => {
    expect(shortenMiddle('Hollande, who is not himself seeking re-election, did not point the finger at any group or country.', 40))
      .toBe('Hollande, who is … any group or country.');
    const cjk = shortenMiddle('国际英语资讯国际英语资讯国际英语资讯国际英语资讯', 20);
    expect(stringWidth(cjk)).toBeLessThanOrEqual(20);
    expect(cjk.startsWith('国际')).toBe(true);
    expect(shortenMiddle('short', 40)).toBe('short');
  });

  it('an article full of escape sequences reaches the terminal without any of them', () => {
    const evil = [
      '\x1b]0;owned window title\x07\x1b[2J\x1b[H\x1b[31mThe harbour bridge will close on Monday for urgent repairs to its piers, the council said.',
      '\x1b]8;;https://evil.example\x1b\\Click here\x1b]8;;\x1b\\ \x9b2J\x9d0;title\x9c Engineers found deep cracks in two of the supporting piers last week.',
      '\x1bP+q544e\x1b\\\x1b_apc\x1b\\\u202eTrojan\u202c\x00\x08\x7f Drivers are told to expect delays of up to half an hour on the coast road.',
    ].join('\n\n');
    const copy = evil.replace('council said', 'town council said on Tuesday');
    const report = scanTexts([{ id: 'evil.txt', path: 'evil.txt', text: evil }, { id: '\x1b[31mcopy\x07.txt', path: 'copy.txt', text: copy }]);
    expect(report.clusters.length).toBeGreaterThan(0);
    for (const options of [{ full: true }, { width: 40 }, { color: 1 as const, full: true }]) {
      let out = formatReport(report, 'text', options);
      // With colour on, its own colour codes are the only escape sequences allowed.
      if ('color' in options) out = out.replace(/\x1b\[[0-9;]*m/g, '');
      expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
      if (options.full) expect(out.replace(/\s+/g, ' ')).toContain('The harbour bridge will close on Monday');
    }
  });
});
