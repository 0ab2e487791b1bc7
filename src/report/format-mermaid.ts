import type { Report } from '../types.js';
import { chars, copyGraph } from './copy-graph.js';

/**
 * The copy graph as a Mermaid flowchart (paste into Markdown on GitHub or mermaid.live): outlets
 * as nodes, `source --> copy` arrows labelled with the characters copied, dotted lines for text
 * shared with an undetermined direction.
 */
export function formatMermaid(report: Report): string {
  const graph = copyGraph(report);
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${n.id}${n.known ? '[' : '(['}"${escape(n.label)}"${n.known ? ']' : '])'}`);
  for (const e of graph.edges) lines.push(`  ${e.from} -->|"${escape(chars(e.chars))}"| ${e.to}`);
  for (const l of graph.links) lines.push(`  ${l.a} -.-|"${escape(`${chars(l.chars)}, undetermined`)}"| ${l.b}`);
  return lines.join('\n') + '\n';
}

/** Mermaid entity codes for what would end a label or be read as markup; line breaks as <br/>. */
function escape(text: string): string {
  return text
    .replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/\r?\n/g, '<br/>');
}
