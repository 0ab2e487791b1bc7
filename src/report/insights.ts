import { coveredLength } from '../stages/relate.js';
import type { Report, ReportArticle } from '../types.js';
import { edgesOf, originalityOf, outletOf } from './extras.js';

/**
 * Figures the readable reports lead with, derived from the report's own fields: how much of each
 * article stands in a cluster, who took text from whom (when the report has directions), the
 * most-copied outlet and the least original article.
 */

export interface Coverage {
  /** Characters (code points) also found in another article: copies. */
  readonly shared: number;
  /** Characters of quotes other articles also report, or of the outlet's template text
   *  (boilerplate), not counted in `shared`: found elsewhere, but not copying. */
  readonly common: number;
  /** Characters of the second and later copies of a passage the article prints more than once,
   *  not counted in `shared`. */
  readonly repeatedOnly: number;
  /** Characters in neither: the article's own text. */
  readonly original: number;
  readonly chars: number;
}

export interface Flow {
  /** Node names: outlets when the report knows them, else article names. */
  readonly from: string;
  readonly to: string;
  /** Characters of the copies (code points). */
  readonly chars: number;
  readonly clusters: number;
}

export interface Insights {
  readonly coverage: ReadonlyMap<string, Coverage>;
  /** Copy flows between outlets (or articles), heaviest first; empty without directions. */
  readonly flows: readonly Flow[];
  readonly directed: boolean;
  readonly mostCopied: { readonly name: string; readonly chars: number; readonly articles: number } | null;
  readonly leastOriginal: { readonly article: string; readonly share: number; readonly measured: 'originality' | 'coverage' } | null;
}

/** The name of an article's node in the copy graph: its outlet, or its short name. */
export function nodeName(article: ReportArticle, names: ReadonlyMap<string, string>): string {
  return outletOf(article) ?? names.get(article.id) ?? article.id;
}

/** Base names when they are unique, else the ids as given. */
export function shortNames(ids: readonly string[]): Map<string, string> {
  const base = ids.map((id) => id.slice(id.lastIndexOf('/') + 1));
  const unique = new Set(base).size === base.length;
  return new Map(ids.map((id, i) => [id, unique ? base[i] : id]));
}

export function insights(report: Report): Insights {
  const names = shortNames(report.articles.map((a) => a.id));
  const byId = new Map(report.articles.map((a) => [a.id, a]));
  const all = new Map<string, { start: number; end: number }[]>();
  const shared = new Map<string, { start: number; end: number }[]>();
  const elsewhere = new Map<string, { start: number; end: number }[]>();
  for (const a of report.articles) {
    all.set(a.id, []);
    shared.set(a.id, []);
    elsewhere.set(a.id, []);
  }
  for (const c of report.clusters) {
    const across = new Set(c.members.map((m) => m.article)).size > 1;
    const seen = new Set<string>();
    for (const m of c.members) {
      // An article's first copy of a passage is its own text; later copies are what a
      // deduplicated article would cut (the report's `repeatedChars`).
      if (across || seen.has(m.article)) all.get(m.article)?.push(m);
      if (across && c.kind !== 'quote' && c.kind !== 'boilerplate') shared.get(m.article)?.push(m);
      if (across) elsewhere.get(m.article)?.push(m);
      seen.add(m.article);
    }
  }
  const coverage = new Map<string, Coverage>();
  for (const a of report.articles) {
    const covered = Math.min(a.chars, coveredLength(all.get(a.id)!));
    const sharedChars = Math.min(covered, coveredLength(shared.get(a.id)!));
    const common = Math.min(covered, coveredLength(elsewhere.get(a.id)!)) - sharedChars;
    coverage.set(a.id, { shared: sharedChars, common, repeatedOnly: covered - sharedChars - common, original: a.chars - covered, chars: a.chars });
  }

  // Spans per copying article, so a passage in two clusters is not counted twice.
  const flowMap = new Map<string, { from: string; to: string; spans: Map<string, { start: number; end: number }[]>; clusters: Set<string> }>();
  const takenFrom = new Map<string, { chars: number; articles: Set<string> }>();
  let directed = false;
  for (const c of report.clusters) {
    for (const e of edgesOf(c)) {
      directed = true;
      const source = byId.get(e.from);
      const copy = byId.get(e.to);
      if (!source || !copy) continue;
      const from = nodeName(source, names);
      const to = nodeName(copy, names);
      if (from === to) continue;
      const key = `${from}\u0000${to}`;
      const flow = flowMap.get(key) ?? { from, to, spans: new Map(), clusters: new Set<string>() };
      const spans = flow.spans.get(e.to) ?? [];
      spans.push(...c.members.filter((m) => m.article === e.to));
      flow.spans.set(e.to, spans);
      flow.clusters.add(c.id);
      flowMap.set(key, flow);
    }
  }
  for (const f of flowMap.values()) {
    const taken = takenFrom.get(f.from) ?? { chars: 0, articles: new Set<string>() };
    for (const [article, spans] of f.spans) {
      taken.chars += coveredLength(spans);
      taken.articles.add(article);
    }
    takenFrom.set(f.from, taken);
  }
  const flows = [...flowMap.values()]
    .map((f) => ({ from: f.from, to: f.to, chars: [...f.spans.values()].reduce((n, spans) => n + coveredLength(spans), 0), clusters: f.clusters.size }))
    .sort((x, y) => y.chars - x.chars || compare(x.from, y.from) || compare(x.to, y.to));

  let mostCopied: Insights['mostCopied'] = null;
  if (directed) {
    for (const [name, t] of [...takenFrom].sort((x, y) => compare(x[0], y[0]))) {
      if (!mostCopied || t.chars > mostCopied.chars) mostCopied = { name, chars: t.chars, articles: t.articles.size };
    }
  } else {
    // Without directions, the article whose text stands in the most other articles.
    const reach = new Map<string, { chars: number; articles: number }>();
    for (const p of report.pairs) {
      for (const [self, other, chars] of [[p.a, p.b, p.sharedChars.a], [p.b, p.a, p.sharedChars.b]] as const) {
        if (self === other) continue;
        const r = reach.get(self) ?? { chars: 0, articles: 0 };
        r.chars += chars;
        r.articles += 1;
        reach.set(self, r);
      }
    }
    for (const a of report.articles) {
      const r = reach.get(a.id);
      if (!r) continue;
      if (!mostCopied || r.articles > mostCopied.articles || (r.articles === mostCopied.articles && r.chars > mostCopied.chars)) {
        mostCopied = { name: nodeName(a, names), chars: r.chars, articles: r.articles };
      }
    }
  }

  let leastOriginal: Insights['leastOriginal'] = null;
  const measured = report.articles.length > 0 && report.articles.every((a) => originalityOf(a) !== null) ? 'originality' : 'coverage';
  for (const a of report.articles) {
    if (a.chars === 0) continue;
    const cov = coverage.get(a.id)!;
    const share = measured === 'originality' ? originalityOf(a)! : cov.original / a.chars;
    if (!leastOriginal || share < leastOriginal.share) leastOriginal = { article: a.id, share, measured };
  }
  if (leastOriginal && leastOriginal.share >= 1) leastOriginal = null;
  return { coverage, flows, directed, mostCopied, leastOriginal };
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
