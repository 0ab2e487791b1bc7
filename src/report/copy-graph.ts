import type { Report, ReportOutlet } from '../types.js';

/** The copy graph of a report: outlets (or articles of unknown outlet) and who took how much from whom. */
export interface CopyGraph {
  readonly nodes: readonly { readonly id: string; readonly label: string; readonly known: boolean }[];
  /** Determined copies: `from` is upstream; `chars` copied characters (code points). */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly chars: number; readonly articles: number }[];
  /** Text shared with an undetermined direction, each pair once. */
  readonly links: readonly { readonly a: string; readonly b: string; readonly chars: number }[];
}

/**
 * Builds the graph from `report.outlets`; a report without them (written before directions were
 * decided) gives the articles as nodes and no edges. Node ids are `n0`, `n1` … in name order.
 */
export function copyGraph(report: Report): CopyGraph {
  const outlets: readonly ReportOutlet[] =
    report.outlets ??
    report.articles.map((a) => ({ name: a.id, known: false, articles: [a.id], chars: a.chars, copiedChars: 0, originality: 1, takesFrom: [], sharesWith: [] }));
  const idOf = new Map(outlets.map((o, i) => [o.name, `n${i}`]));
  const nodes = outlets.map((o) => ({
    id: idOf.get(o.name)!,
    label: `${o.name}\n${o.articles.length} article${o.articles.length === 1 ? '' : 's'} · ${Math.round(o.originality * 100)}% original`,
    known: o.known,
  }));
  const edges = outlets.flatMap((o) =>
    o.takesFrom.filter((t) => idOf.has(t.outlet)).map((t) => ({ from: idOf.get(t.outlet)!, to: idOf.get(o.name)!, chars: t.chars, articles: t.articles })),
  );
  const links: { a: string; b: string; chars: number }[] = [];
  for (const o of outlets) {
    for (const s of o.sharesWith) {
      if (!idOf.has(s.outlet) || !(o.name < s.outlet)) continue;
      links.push({ a: idOf.get(o.name)!, b: idOf.get(s.outlet)!, chars: s.chars });
    }
  }
  return { nodes, edges, links };
}

/** "1,566 chars" */
export function chars(n: number): string {
  return `${n.toLocaleString('en-US')} chars`;
}
