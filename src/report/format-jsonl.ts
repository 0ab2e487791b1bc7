import type { Report } from '../types.js';

/**
 * The report as JSON Lines, for `jq`, `grep` and streaming readers: a first line with the schema,
 * tool and options, then one line per element of every list in the report, tagged with its type
 * (`{"type":"article",…}`, `{"type":"cluster",…}`, `{"type":"pair",…}`, `{"type":"problem",…}`…),
 * and a last line with the summary. Each line carries the same fields as in the JSON report.
 */
export function formatJsonl(report: Report): string {
  const head: Record<string, unknown> = { type: 'report' };
  const lists: [string, readonly unknown[]][] = [];
  let summary: unknown;
  for (const [key, value] of Object.entries(report)) {
    if (key === 'summary') summary = value;
    else if (Array.isArray(value)) lists.push([key, value]);
    else head[key] = value;
  }
  const lines = [JSON.stringify(head)];
  for (const [key, items] of lists) {
    const type = singular(key);
    for (const item of items) {
      lines.push(JSON.stringify(item !== null && typeof item === 'object' && !Array.isArray(item) ? { type, ...item } : { type, value: item }));
    }
  }
  if (summary !== undefined) lines.push(JSON.stringify({ type: 'summary', ...(summary as object) }));
  return lines.join('\n') + '\n';
}

/** "articles" → "article", "pairs" → "pair", "edges" → "edge", "quotes" → "quote". */
function singular(key: string): string {
  return key.endsWith('s') ? key.slice(0, -1) : key;
}
