import type { Report } from '../types.js';

/** The JSON report, pretty-printed, one trailing newline: the contract users' scripts read. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
