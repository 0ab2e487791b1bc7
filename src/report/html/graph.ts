import { escapeHtml } from '../sanitize.js';

/** A node of the copy graph: an outlet, or an article when the report knows no outlets. */
export interface GraphNode {
  readonly name: string;
  readonly articles: number;
}

/** A link: directed ones are arrows from the source to the copy, weighted by copied characters;
 *  undirected ones are dashed lines between outlets that share text of undetermined direction. */
export interface GraphLink {
  readonly from: string;
  readonly to: string;
  readonly chars: number;
  readonly title: string;
  readonly directed: boolean;
}

const WIDTH = 960;
const NODE_RADIUS = 9;
/** More nodes than this make a circle of unreadable labels; the rest are listed below the graph. */
export const MAX_NODES = 24;

/**
 * Draws nodes on a circle (sorted by name, so the picture is the same every time) and links as
 * curved paths: A→B and B→A bend to different sides instead of overlapping. Stroke width grows
 * with the square root of the characters copied so one large copy does not hide the others.
 */
export function copyGraphSvg(nodes: readonly GraphNode[], links: readonly GraphLink[], label: string): string {
  const n = nodes.length;
  const height = n <= 2 ? 220 : n <= 6 ? 380 : 520;
  const cx = WIDTH / 2;
  const cy = height / 2;
  // Room for a label of about 24 characters on either side.
  const rx = n <= 1 ? 0 : WIDTH / 2 - 230;
  const ry = n <= 1 ? 0 : height / 2 - 50;
  const at = new Map<string, { x: number; y: number; angle: number }>();
  nodes.forEach((node, i) => {
    // Start at the top and go clockwise; two nodes sit left and right.
    const angle = n === 2 ? Math.PI * i + Math.PI : -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
    at.set(node.name, { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle });
  });
  const max = Math.max(1, ...links.map((l) => l.chars));
  const out: string[] = [];
  out.push(
    `<svg class="graph" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="graph-title" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="graph-title">${escapeHtml(label)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="2.6" markerHeight="2.6" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>',
  );
  for (const link of links) {
    const directed = link.directed;
    const a = at.get(link.from);
    const b = at.get(link.to);
    if (!a || !b) continue;
    const width = 1.5 + 9 * Math.sqrt(link.chars / max);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    // Bend to the right of the direction of travel; undirected links are straight.
    const bend = directed ? 0.14 * len : 0;
    const mx = (a.x + b.x) / 2 - uy * bend;
    const my = (a.y + b.y) / 2 + ux * bend;
    const gap = NODE_RADIUS + 4;
    const sx = a.x + ux * gap;
    const sy = a.y + uy * gap;
    const ex = b.x - ux * (gap + (directed ? width * 2 : 0));
    const ey = b.y - uy * (gap + (directed ? width * 2 : 0));
    const lx = directed ? (a.x + b.x) / 4 + mx / 2 : mx;
    const ly = directed ? (a.y + b.y) / 4 + my / 2 : my;
    out.push(
      `<g class="link${directed ? ' directed' : ' undetermined'}"><title>${escapeHtml(link.title)}</title>` +
        `<path d="M${f(sx)},${f(sy)} Q${f(mx)},${f(my)} ${f(ex)},${f(ey)}" stroke-width="${f(width)}"${directed ? ' marker-end="url(#arrow)"' : ''}/>` +
        `<text x="${f(lx)}" y="${f(ly - 4)}" text-anchor="middle" class="link-label">${escapeHtml(formatChars(link.chars))}</text></g>`,
    );
  }
  for (const node of nodes) {
    const p = at.get(node.name)!;
    const right = Math.cos(p.angle) > 0.2;
    const left = Math.cos(p.angle) < -0.2;
    const anchor = n <= 1 ? 'middle' : right ? 'start' : left ? 'end' : 'middle';
    const lx = p.x + (right ? 14 : left ? -14 : 0);
    const ly = p.y + (right || left || n <= 1 ? 5 : Math.sin(p.angle) < 0 ? -16 : 26);
    out.push(
      `<g class="node"><title>${escapeHtml(`${node.name}: ${node.articles} article${node.articles === 1 ? '' : 's'}`)}</title>` +
        `<circle cx="${f(p.x)}" cy="${f(p.y)}" r="${NODE_RADIUS}"/>` +
        `<text x="${f(lx)}" y="${f(n <= 1 ? p.y + 28 : ly)}" text-anchor="${anchor}">${escapeHtml(ellipsis(node.name, 24))}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

export function formatChars(chars: number): string {
  return `${chars.toLocaleString('en-US')} char${chars === 1 ? '' : 's'}`;
}

function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
