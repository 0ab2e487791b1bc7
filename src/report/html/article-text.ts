import type { ClusterKind } from '../../types.js';
import { escapeHtml } from '../sanitize.js';

/** One cluster member inside the article being drawn, offsets in code points. */
export interface Highlight {
  /** Stable key, `c3.1`: cluster id and member index; the id of its anchor is `p-c3-1`. */
  readonly key: string;
  readonly anchor: string;
  readonly kind: ClusterKind;
  readonly start: number;
  readonly end: number;
  /** Already-built HTML of the links shown where the passage starts. */
  readonly refs: string;
}

/** When passages of several clusters overlap, the mark takes the colour of the strongest finding. */
const KIND_RANK: Record<ClusterKind, number> = { copy: 3, quote: 2, boilerplate: 1, repeat: 0 };

/**
 * The article's whole text with its cluster passages marked. Overlapping passages split the text
 * into segments at every passage boundary; each segment's `<mark>` lists the passages covering it
 * in `data-m`, so the marks of one passage, read in order, spell exactly its text.
 */
export function highlightText(text: string, highlights: readonly Highlight[]): string {
  const toUnit = codePointToUnit(text);
  const spans = highlights
    .map((h) => ({ ...h, s: toUnit(h.start), e: toUnit(h.end) }))
    .filter((h) => h.e > h.s)
    .sort((x, y) => x.s - y.s || y.e - x.e || (x.key < y.key ? -1 : 1));
  const cuts = new Set<number>([0, text.length]);
  for (const h of spans) {
    cuts.add(h.s);
    cuts.add(h.e);
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  let out = '';
  let next = 0;
  const active: typeof spans = [];
  for (let b = 0; b < bounds.length - 1; b++) {
    const from = bounds[b];
    const to = bounds[b + 1];
    for (let i = active.length - 1; i >= 0; i--) if (active[i].e <= from) active.splice(i, 1);
    while (next < spans.length && spans[next].s === from) {
      const h = spans[next++];
      out += `<span class="refs" id="${h.anchor}">${h.refs}</span>`;
      active.push(h);
    }
    const value = escapeHtml(text.slice(from, to));
    if (active.length === 0) {
      out += value;
      continue;
    }
    const kind = active.reduce((k, h) => (KIND_RANK[h.kind] > KIND_RANK[k] ? h.kind : k), active[0].kind);
    out += `<mark class="k-${kind}" data-m="${active.map((h) => h.key).join(' ')}">${value}</mark>`;
  }
  return out;
}

/** Code point offset → UTF-16 offset (the report counts code points; JavaScript strings count units). */
function codePointToUnit(text: string): (cp: number) => number {
  const units: number[] = [];
  let i = 0;
  for (const ch of text) {
    units.push(i);
    i += ch.length;
  }
  units.push(text.length);
  return (cp) => units[Math.max(0, Math.min(cp, units.length - 1))];
}
