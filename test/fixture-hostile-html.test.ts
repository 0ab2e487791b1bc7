import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, scan, type Report } from '../src/index.js';

const root = path.resolve(__dirname, '..');
const DIR = 'fixtures/hostile-html';
const expected = JSON.parse(readFileSync(path.join(root, DIR, 'expected.json'), 'utf8')) as {
  articles: string[];
  clusters: { kind: string; articles: string[]; memberTextIncludes: string[] }[];
  direction: { from: string; to: string };
  html: { mustNotContain: string[]; visibleText: string[] };
  terminal: { mustNotContain: string[]; visibleText: string[] };
};

let report: Report;
const texts = new Map<string, string>();
beforeAll(async () => {
  report = await scan({ paths: [DIR], cwd: root, onArticle: (a) => texts.set(a.id, a.text) });
});

describe('fixtures/hostile-html (markup and escape sequences in article text)', () => {
  it('finds the shared passages like in any other article', () => {
    expect(report.articles.map((a) => a.id)).toEqual(expected.articles);
    for (const want of expected.clusters) {
      const found = report.clusters.find((c) => c.kind === want.kind
        && want.articles.every((id) => c.members.some((m) => m.article === id))
        && want.memberTextIncludes.every((s) => c.members.some((m) => m.text.includes(s))));
      expect(found, JSON.stringify(want)).toBeDefined();
    }
  });

  it('keeps offsets exact: each member text is the article text at its code point offsets', () => {
    for (const c of report.clusters) {
      for (const m of c.members) expect([...texts.get(m.article)!].slice(m.start, m.end).join('')).toBe(m.text);
    }
  });

  it('the terminal report carries no control character, in colour or not, shortened or whole', () => {
    for (const options of [{ color: 0 as const, full: false }, { color: 1 as const, full: true }, { color: 0 as const, full: true, width: 60 }]) {
      const out = formatReport(report, 'text', options);
      // Colour codes are the only escape sequences allowed, and only when colour is on.
      const withoutColour = out.replace(/\x1b\[[0-9;]*m/g, '');
      for (const bad of expected.terminal.mustNotContain) expect(withoutColour.includes(bad), JSON.stringify(bad)).toBe(false);
      expect(withoutColour).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      if (options.color === 0) expect(out).not.toContain('\x1b');
      if (options.full) for (const text of expected.terminal.visibleText) expect(withoutColour.replace(/\s+/g, ' ')).toContain(text);
    }
  });

  it('the HTML report escapes every piece of markup and keeps it readable as text', () => {
    const html = formatReport(report, 'html', { texts });
    const body = html.slice(html.indexOf('</style>'));
    for (const bad of expected.html.mustNotContain) expect(body.includes(bad), JSON.stringify(bad)).toBe(false);
    expect(body).toContain('&lt;script&gt;window.__pwned');
    // Attribute names of every tag, once quoted values (where escaped text may sit) are dropped.
    for (const tag of body.match(/<[a-z][^>]*>/gi) ?? []) expect(tag.replace(/"[^"]*"/g, '""'), tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(body).not.toMatch(/href="(?!#|https?:)/i);
  });
});
