import type { Report } from '../types.js';
import { formatCsv } from './format-csv.js';
import { formatDot } from './format-dot.js';
import { formatMermaid } from './format-mermaid.js';
import { formatHtml, type HtmlFormatOptions } from './format-html.js';
import { formatJson, formatJsonChunks } from './format-json.js';
import { formatJsonl, formatJsonlChunks } from './format-jsonl.js';
import { formatText, type TextFormatOptions } from './format-text.js';

export type FormatOptions = Partial<TextFormatOptions> & HtmlFormatOptions;
export type Formatter = (report: Report, options: FormatOptions) => string;

/** Every output format by name; the CLI offers exactly these. */
export const FORMATS = {
  text: (report: Report, options: FormatOptions) => formatText(report, options),
  json: (report: Report) => formatJson(report),
  jsonl: (report: Report) => formatJsonl(report),
  csv: (report: Report) => formatCsv(report),
  html: (report: Report, options: FormatOptions) => formatHtml(report, options),
  dot: (report: Report) => formatDot(report),
  mermaid: (report: Report) => formatMermaid(report),
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function formatReport(report: Report, format: FormatName, options: FormatOptions = {}): string {
  return FORMATS[format](report, options);
}

/**
 * formatReport in pieces, the same text once joined: JSON and JSON Lines reports come one list
 * element at a time, so writing a large report never holds it as one string; the other formats
 * come whole.
 */
export function formatReportChunks(report: Report, format: FormatName, options: FormatOptions = {}): Iterable<string> {
  if (format === 'json') return formatJsonChunks(report);
  if (format === 'jsonl') return formatJsonlChunks(report);
  return [formatReport(report, format, options)];
}
