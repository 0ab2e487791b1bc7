import type { ChalkInstance } from 'chalk';
import type { Report, ReportArticle, ReportCluster } from '../types.js';
import { sanitizeForTerminal } from './sanitize.js';
import { renderWordDiff, wordDiff, type WordDiffPart } from './word-diff.js';

/**
 * Text-report pieces for who copied whom: the arrow names of articles, the word-level differences
 * between a cluster's variants, and the outlet-by-outlet table.
 */

/** "AFP/The Local (001)", "Xinhua (004)", "Daily Mail (000)", "000": credits and outlet, then the short file name. */
export function arrowNames(report: Report): (id: string) => string {
  const ids = report.articles.map((a) => a.id);
  const base = ids.map((id) => id.slice(id.lastIndexOf('/') + 1).replace(/\.[a-z0-9]{1,5}$/i, ''));
  const prefix = base.map((b) => (b.indexOf('_') > 0 ? b.slice(0, b.indexOf('_')) : b));
  const tags = new Set(prefix).size === prefix.length ? prefix : new Set(base).size === base.length ? base : ids;
  const byId = new Map(report.articles.map((a, i) => [a.id, { a, tag: tags[i] }]));
  return (id) => {
    const entry = byId.get(id);
    if (!entry) return sanitizeForTerminal(id);
    const who = label(entry.a);
    return sanitizeForTerminal(who ? `${who} (${entry.tag})` : entry.tag);
  };
}

function label(a: ReportArticle): string {
  const credits = (a.credits ?? []).filter((c) => c !== a.outlet);
  const outlet = a.outlet ?? null;
  return [...credits, ...(outlet ? [outlet] : [])].join('/');
}

/**
 * For each member whose text differs from the reference member (the source when there is one,
 * else the first), its word-level differences: `[-removed-]{+added+}` without colour. Unless
 * `full`, only the changed stretches are shown, each with a few words around it.
 */
export function variantLines(cl: ReportCluster, c: ChalkInstance, width: number, full: boolean, name: (id: string) => string): string[] {
  const reference = cl.members.find((m) => m.role === 'source') ?? cl.members[0];
  const seen = new Set<string>([norm(reference.text)]);
  const out: string[] = [];
  for (const m of cl.members) {
    if (m === reference || seen.has(norm(m.text))) continue;
    seen.add(norm(m.text));
    const parts = wordDiff(reference.text, m.text);
    const shown = renderWordDiff(full ? parts : around(parts, 4), c);
    const head = `    ≠ ${name(m.article)} ${m.start}–${m.end} against ${name(reference.article)}: `;
    out.push(c.dim(head) + (full ? shown : fit(shown, Math.max(20, width - visible(head)))));
  }
  return out;
}

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The changed parts with `context` words of unchanged text on each side, " … " between. */
function around(parts: readonly WordDiffPart[], context: number): WordDiffPart[] {
  const out: WordDiffPart[] = [];
  parts.forEach((p, i) => {
    if (p.op !== 'same') {
      out.push(p);
      return;
    }
    const words = p.text.split(/(\s+)/);
    const keepHead = i > 0 ? words.slice(0, context * 2).join('') : '';
    const keepTail = i < parts.length - 1 ? words.slice(-context * 2).join('') : '';
    if (words.length <= context * 4 + 1) out.push(p);
    else out.push({ op: 'same', text: `${keepHead}${keepHead || i === 0 ? ' … ' : ''}${keepTail}` });
  });
  return out;
}

/** Outlet by outlet: its articles, how original they are, and whom it took how much from. */
export function outletTableLines(report: Report, c: ChalkInstance, width: number): string[] {
  const outlets = report.outlets;
  if (!outlets || outlets.length === 0) return [];
  const anyFlow = outlets.some((o) => o.takesFrom.length > 0 || o.sharesWith.length > 0);
  if (!anyFlow) return [];
  const nameWidth = Math.min(32, Math.max(6, ...outlets.map((o) => o.name.length)));
  const lines = [c.bold('Outlets') + c.dim('  original: share of its text not found in an earlier or upstream article')];
  for (const o of outlets) {
    const head = `  ${sanitizeForTerminal(o.name).padEnd(nameWidth).slice(0, nameWidth)}  ${String(Math.round(o.originality * 100)).padStart(3)}% original`;
    const takes = o.takesFrom.map((t) => `took ${t.chars.toLocaleString('en-US')} chars from ${sanitizeForTerminal(t.outlet)}`);
    const shares = o.sharesWith.map((s) => `shares ${s.chars.toLocaleString('en-US')} chars with ${sanitizeForTerminal(s.outlet)} (direction undetermined)`);
    const what = [...takes, ...shares];
    lines.push(fit(what.length ? `${head} · ${what.join(' · ')}` : head, width));
  }
  lines.push('');
  return lines;
}

function visible(text: string): number {
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

function fit(text: string, max: number): string {
  if (visible(text) <= max) return text;
  // Cut plain text only: coloured lines are kept whole rather than cut inside an escape sequence.
  if (/\x1b\[/.test(text)) return text;
  return [...text].slice(0, Math.max(1, max - 1)).join('') + '…';
}
