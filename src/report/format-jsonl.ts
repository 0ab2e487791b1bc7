import type { Report } from '../types.js';

/**
 * The report as JSON Lines, for `jq`, `grep` and streaming readers: a first line with the schema,
 * tool and options, then one line per element of every list in the report, tagged with its type
 * (`{"type":"article",…}`, `{"type":"cluster",…}`, `{"type":"pair",…}`, `{"type":"problem",…}`…),
 * and a last line with the summary. Each line carries the same fields as in the JSON report.
 */
export function formatJsonl(report: Report): string {
  return [...formatJsonlChunks(report)].join('');
}

/** formatJsonl in pieces of about 64 K characters, the same text once joined. */
export function* formatJsonlChunks(report: Report): Generator<string> {
  const head: Record<string, unknown> = { type: 'report' };
  const lists: [string, readonly unknown[]][] = [];
  let summary: unknown;
  for (const [key, value] of Object.entries(report)) {
    if (key === 'summary') summary = value;
    else if (Array.isArray(value)) lists.push([key, value]);
    else head[key] = value;
  }
  let buffer = JSON.stringify(head) + '\n';
  for (const [key, items] of lists) {
    const type = singular(key);
    for (const item of items) {
      buffer += JSON.stringify(item !== null && typeof item === 'object' && !Array.isArray(item) ? { type, ...item } : { type, value: item }) + '\n';
      if (buffer.length >= 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
  }
  if (summary !== undefined) buffer += JSON.stringify({ type: 'summary', ...(summary as object) }) + '\n';
  yield buffer;
}

/** "articles" → "article", "pairs" → "pair", "edges" → "edge", "quotes" → "quote". */
function singular(key: string): string {
  return key.endsWith('s') ? key.slice(0, -1) : key;
}
