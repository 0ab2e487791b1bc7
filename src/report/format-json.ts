import type { Report } from '../types.js';

/** The JSON report, pretty-printed, one trailing newline: the contract users' scripts read. */
export function formatJson(report: Report): string {
  return [...formatJsonChunks(report)].join('');
}

/**
 * formatJson in pieces, byte for byte the same text once joined: the lists of the report are
 * written one element at a time, so a report of 100,000 articles (hundreds of MB) is never one
 * string in memory. Elements are pretty-printed by JSON.stringify and indented by one more level
 * (JSON.stringify escapes line breaks inside strings, so every raw line break is structure).
 * Pieces are small and many: a writer encodes them into blocks (see writeFileAtomic); joining them
 * into large strings first cost more than the encoding.
 */
export function* formatJsonChunks(report: Report): Generator<string> {
  yield '{';
  let firstKey = true;
  for (const [key, value] of Object.entries(report)) {
    if (!isSerializable(value)) continue;
    yield `${firstKey ? '' : ','}\n  ${JSON.stringify(key)}: `;
    firstKey = false;
    if (Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let i = 0; i < value.length; i++) {
        yield i === 0 ? '\n    ' : ',\n    ';
        yield indent(JSON.stringify(value[i] ?? null, null, 2) ?? 'null', '\n    ');
      }
      yield '\n  ]';
    } else {
      yield indent(JSON.stringify(value, null, 2), '\n  ');
    }
  }
  yield firstKey ? '}\n' : '\n}\n';
}

/** What JSON.stringify keeps as an object's property: not undefined, functions or symbols. */
function isSerializable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function indent(json: string, newline: string): string {
  return json.includes('\n') ? json.replaceAll('\n', newline) : json;
}
