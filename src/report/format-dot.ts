import type { Report } from '../types.js';
import { chars, copyGraph } from './copy-graph.js';

/**
 * The copy graph in Graphviz DOT: outlets as nodes, an arrow from each source to each outlet that
 * took text from it, as thick as the characters copied; dashed lines join outlets that share
 * text whose direction is undetermined. Render with `dot -Tsvg report.dot > copies.svg`.
 */
export function formatDot(report: Report): string {
  const graph = copyGraph(report);
  const max = Math.max(1, ...graph.edges.map((e) => e.chars), ...graph.links.map((l) => l.chars));
  const width = (n: number): string => (1 + (4 * n) / max).toFixed(2);
  const lines = [
    'digraph newsdedup {',
    '  graph [rankdir=LR, label="newsdedup: who copied whom (edge width: characters copied)", labelloc=t, fontname="Helvetica"];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f4", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const n of graph.nodes) lines.push(`  ${n.id} [label=${quote(n.label)}${n.known ? '' : ', style="rounded,dashed"'}];`);
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to} [label=${quote(chars(e.chars))}, penwidth=${width(e.chars)}, weight=${e.chars}];`);
  for (const l of graph.links) lines.push(`  ${l.a} -> ${l.b} [label=${quote(`${chars(l.chars)}, direction undetermined`)}, dir=none, style=dashed, penwidth=${width(l.chars)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A DOT string literal: backslashes and quotes escaped, line breaks as `\n`, controls dropped. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n').replace(/[\x00-\x1f\x7f]/g, '')}"`;
}
