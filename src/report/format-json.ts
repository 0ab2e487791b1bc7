import type { Report } from '../types.js';

/** The JSON report, pretty-printed, one trailing newline: the contract users' scripts read. */
export function formatJson(report: Report): string {
  return [...formatJsonChunks(report)].join('');
}

/**
 * formatJson in pieces, byte for byte the same text once joined: the lists of the report are
 * written a run of elements at a time, so a report of 100,000 articles (hundreds of MB) is never one
 * string in memory. A run is pretty-printed by one JSON.stringify of `{ "x": run }`, whose elements
 * then stand at the indentation a list of the report gives them; the text between its first element
 * and its closing bracket is the run as the whole report would print it. One call per element, each
 * indented again by a replacement of its line breaks, took twice as long (bench/RESULTS.md).
 * Runs grow or shrink to make pieces of roughly RUN_CHARS characters: a writer encodes them into
 * blocks (see writeFileAtomic), and a piece that fits a block needs no buffer of its own.
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
      let run = 16;
      for (let from = 0; from < value.length; ) {
        const to = Math.min(value.length, from + run);
        const text = JSON.stringify({ x: value.slice(from, to) }, null, 2);
        yield from === 0 ? '\n    ' : ',\n    ';
        yield text.slice(RUN_HEAD.length, text.length - RUN_TAIL.length);
        from = to;
        if (text.length < RUN_CHARS / 2 && run < MAX_RUN) run *= 2;
        else if (text.length > 2 * RUN_CHARS && run > 1) run = Math.max(1, run >> 1);
      }
      yield '\n  ]';
    } else {
      yield indent(JSON.stringify(value, null, 2), '\n  ');
    }
  }
  yield firstKey ? '}\n' : '\n}\n';
}

/** What `JSON.stringify({ x: run }, null, 2)` prints before the run's first element and after its last. */
const RUN_HEAD = '{\n  "x": [\n    ';
const RUN_TAIL = '\n  ]\n}';
/** Characters a run's text aims at, and the most elements in a run. */
const RUN_CHARS = 1 << 16;
const MAX_RUN = 4096;

/** What JSON.stringify keeps as an object's property: not undefined, functions or symbols. */
function isSerializable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function indent(json: string, newline: string): string {
  return json.includes('\n') ? json.replaceAll('\n', newline) : json;
}
