import { NewsdedupError } from './errors.js';
import type { Report } from './types.js';

/** What a `--fail-on` rule can measure. Shares are fractions of the corpus's characters. */
export const FAIL_ON_METRICS = {
  duplicates: { share: false, describe: 'articles that are near-duplicates of another article', measure: (r: Report) => r.summary.duplicates },
  reused: { share: true, describe: "share of the corpus's characters that also stand in another article", measure: (r: Report) => share(r.summary.reusedChars, r.summary.chars) },
  repeats: { share: false, describe: 'second and later copies of passages inside one article', measure: repeatCopies },
  repeated: { share: true, describe: "share of the corpus's characters that repeat a passage of the same article", measure: (r: Report) => share(r.summary.repeatedChars, r.summary.chars) },
  pairs: { share: false, describe: 'article pairs that share text', measure: (r: Report) => r.summary.pairs },
  clusters: { share: false, describe: 'clusters of near-duplicate passages', measure: (r: Report) => r.summary.clusters },
  problems: { share: false, describe: 'inputs that could not be read', measure: (r: Report) => r.summary.problems },
} as const satisfies Record<string, { share: boolean; describe: string; measure: (r: Report) => number }>;

export type FailOnMetric = keyof typeof FAIL_ON_METRICS;
export type FailOnOperator = '>' | '>=' | '<' | '<=' | '=';

/** One threshold, e.g. `reused>0.3`: the run fails when the measured value satisfies it. */
export interface FailOnRule {
  readonly metric: FailOnMetric;
  readonly operator: FailOnOperator;
  readonly limit: number;
  /** The rule as the user wrote it. */
  readonly source: string;
}

export interface FailOnResult extends FailOnRule {
  readonly value: number;
  readonly failed: boolean;
}

const RULE = /^\s*([a-z]+)\s*(>=|<=|==|>|<|=)?\s*([^\s]*)\s*$/i;

/**
 * Parses thresholds such as `duplicates>0`, `reused>0.3`, `reused>30%` or `repeats` (short for
 * `repeats>0`); several may be joined with commas: `duplicates>0,reused>=0.25`.
 */
export function parseFailOn(text: string): FailOnRule[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw failOnError(text);
  return parts.map((part) => {
    const m = RULE.exec(part);
    if (!m) throw failOnError(part);
    const metric = m[1].toLowerCase();
    if (!(metric in FAIL_ON_METRICS)) throw failOnError(part, `a measure among ${Object.keys(FAIL_ON_METRICS).join(', ')}`);
    const spec = FAIL_ON_METRICS[metric as FailOnMetric];
    if (m[2] === undefined && m[3] === '') return { metric: metric as FailOnMetric, operator: '>', limit: 0, source: part };
    if (m[2] === undefined) throw failOnError(part);
    const operator = (m[2] === '==' ? '=' : m[2]) as FailOnOperator;
    const percent = m[3].endsWith('%');
    const limit = Number(percent ? m[3].slice(0, -1) : m[3]);
    if (m[3] === '' || m[3] === '%' || !Number.isFinite(limit) || limit < 0) throw failOnError(part, 'a number of at least 0 after the operator');
    if (percent && !spec.share) throw failOnError(part, `a count for ${metric} (percentages are for reused and repeated)`);
    const value = percent ? limit / 100 : limit;
    if (spec.share && value > 1) throw failOnError(part, `a share from 0 to 1 (or 0% to 100%) for ${metric}`);
    return { metric: metric as FailOnMetric, operator, limit: value, source: part };
  });
}

/** Measures each rule on the report; the run should fail when any result has `failed`. */
export function evaluateFailOn(report: Report, rules: readonly FailOnRule[]): FailOnResult[] {
  return rules.map((rule) => {
    const value = FAIL_ON_METRICS[rule.metric].measure(report);
    return { ...rule, value, failed: compare(value, rule.operator, rule.limit) };
  });
}

function compare(value: number, operator: FailOnOperator, limit: number): boolean {
  switch (operator) {
    case '>': return value > limit;
    case '>=': return value >= limit;
    case '<': return value < limit;
    case '<=': return value <= limit;
    case '=': return value === limit;
  }
}

/** Each passage an article prints again counts once per extra copy: a body printed twice is 1. */
function repeatCopies(report: Report): number {
  let copies = 0;
  for (const c of report.clusters) copies += c.members.length - new Set(c.members.map((m) => m.article)).size;
  return copies;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function failOnError(got: string, expected = 'MEASURE>NUMBER such as duplicates>0 or reused>0.3'): NewsdedupError {
  return new NewsdedupError('INVALID_OPTION', `option --fail-on: expected ${expected}, got ${JSON.stringify(got)}`);
}
