import { Chalk, type ChalkInstance } from 'chalk';
import type { Report, ReportArticle, ReportCluster } from '../types.js';
import { sanitizeForTerminal } from './sanitize.js';

export interface TextFormatOptions {
  /** Colour level: 0 none, 1 basic, 2 256 colours, 3 truecolor. */
  color: 0 | 1 | 2 | 3;
  /** Terminal width in columns. */
  width: number;
  /** Show passages whole instead of shortened in the middle. */
  full: boolean;
  /** Show at most this many clusters (null: all). */
  top: number | null;
}

export const DEFAULT_TEXT_FORMAT: TextFormatOptions = { color: 0, width: 100, full: false, top: null };

/** The readable report: summary, articles, article pairs, then each cluster with its passages. */
export function formatText(report: Report, options: Partial<TextFormatOptions> = {}): string {
  const o = { ...DEFAULT_TEXT_FORMAT, ...options };
  const c = new Chalk({ level: o.color });
  const width = Math.max(40, o.width);
  const names = shortNames(report.articles.map((a) => a.id));
  const name = (id: string): string => names.get(id) ?? id;
  const lines: string[] = [];
  const s = report.summary;

  lines.push(c.bold(`newsdedup: ${plural(s.articles, 'article')} · ${s.clusters === 0 ? 'no shared passages' : plural(s.clusters, 'cluster')}`));
  const kinds = Object.entries(s.clustersByKind).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  if (kinds.length) lines.push(`  clusters: ${kinds.join(', ')} · article pairs sharing text: ${s.pairs}`);
  lines.push(`  ${percent(s.reusedShare)} of all text also stands in another article · ${s.duplicates} near-duplicate article${s.duplicates === 1 ? '' : 's'}`);
  const folder = commonFolder(report.articles.map((a) => a.id));
  if (folder) lines.push(`  articles in ${sanitizeForTerminal(folder)}/`);
  if (s.problems > 0) lines.push(c.yellow(`  ${plural(s.problems, 'input')} could not be read (see Problems below)`));
  lines.push('');

  if (report.articles.length > 0) {
    lines.push(c.bold('Articles') + c.dim('  (reused: text also found in another article · repeated: text this article prints twice)'));
    const nameWidth = Math.min(32, Math.max(...report.articles.map((a) => name(a.id).length)));
    for (const a of report.articles) lines.push(articleLine(a, name(a.id), nameWidth, width, c));
    lines.push('');
  }

  if (report.pairs.length > 0) {
    lines.push(c.bold('Article pairs'));
    for (const p of report.pairs) {
      lines.push(
        `  ${name(p.a)} ↔ ${name(p.b)}  ${c.cyan(p.relation)}: ` +
          `${percent(p.containment.a)} of ${name(p.a)} is in ${name(p.b)}, ${percent(p.containment.b)} of ${name(p.b)} is in ${name(p.a)}`,
      );
    }
    lines.push('');
  }

  if (report.clusters.length > 0) {
    const shown = o.top === null ? report.clusters : report.clusters.slice(0, o.top);
    lines.push(c.bold('Clusters') + (shown.length < report.clusters.length ? c.dim(`  (first ${shown.length} of ${report.clusters.length}; --top to change)`) : ''));
    for (const cl of shown) lines.push(...clusterLines(cl, name, width, o.full, c), '');
  }

  if (report.problems.length > 0) {
    lines.push(c.bold('Problems'));
    for (const p of report.problems) lines.push(c.yellow(`  ${sanitizeForTerminal(p.path)}: ${p.message}`));
    lines.push('');
  }
  return lines.join('\n');
}

function articleLine(a: ReportArticle, shown: string, nameWidth: number, width: number, c: ChalkInstance): string {
  const reused = a.chars === 0 ? 0 : a.reusedChars / a.chars;
  const repeated = a.chars === 0 ? 0 : a.repeatedChars / a.chars;
  const figures = `reused ${percent(reused).padStart(4)} · repeated ${percent(repeated).padStart(4)}`;
  const dup = a.duplicateOf ? c.magenta(' duplicate') : '';
  const head = `  ${fit(shown, nameWidth).padEnd(nameWidth)}  ${figures}${dup}  `;
  const room = width - visibleLength(head);
  return head + c.dim(room > 8 ? fit(sanitizeForTerminal(a.title), room) : '');
}

function clusterLines(cl: ReportCluster, name: (id: string) => string, width: number, full: boolean, c: ChalkInstance): string[] {
  const articles = new Set(cl.members.map((m) => m.article));
  const what = cl.kind === 'repeat'
    ? `repeated ${cl.members.length} times inside ${name(cl.members[0].article)}`
    : `shared by ${plural(articles.size, 'article')}`;
  const out = [`  ${c.bold(cl.id)}  ${c.cyan(cl.kind)} · ${what} · similarity ${cl.similarity.toFixed(2)}`];
  for (const m of cl.members) {
    const head = `    ${name(m.article)} [${m.start}–${m.end}] `;
    const text = sanitizeForTerminal(m.text);
    const room = Math.max(20, width - head.length - 2);
    out.push(c.dim(head) + `“${full ? text : shortenMiddle(text, room)}”`);
  }
  return out;
}

/** Base names when they are unique, else the ids as given. */
function shortNames(ids: readonly string[]): Map<string, string> {
  const base = ids.map((id) => id.slice(id.lastIndexOf('/') + 1));
  const unique = new Set(base).size === base.length;
  return new Map(ids.map((id, i) => [id, sanitizeForTerminal(unique ? base[i] : id)]));
}

function commonFolder(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const dirs = ids.map((id) => (id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : ''));
  return dirs.every((d) => d === dirs[0]) ? dirs[0] : '';
}

/** Keeps the start and the end of a long passage: "Hollande, who is … any group or country." */
export function shortenMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keep = Math.max(2, max - 3);
  const head = Math.ceil(keep / 2);
  return chars.slice(0, head).join('').trimEnd() + ' … ' + chars.slice(chars.length - (keep - head)).join('').trimStart();
}

function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

function visibleLength(text: string): number {
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
