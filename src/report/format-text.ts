import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { ClusterKind, Report, ReportArticle, ReportCluster } from '../types.js';
import { arrowNames, outletTableLines, variantLines } from './attribution-text.js';
import { directionOf, edgesOf, outletOf, speakerOf } from './extras.js';
import { insights, shortNames, type Insights } from './insights.js';
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

/** Narrower than this, nothing useful fits on a line. */
const MIN_WIDTH = 40;

interface Ctx {
  readonly c: ChalkInstance;
  readonly width: number;
  readonly full: boolean;
  /** Short name: the outlet when it has one article here, else the file. */
  readonly name: (id: string) => string;
  /** Outlet and file. */
  readonly fullName: (id: string) => string;
  readonly facts: Insights;
  /** Credits, outlet and short file name, for copy arrows: "AFP/The Local (001)". */
  readonly arrow: (id: string) => string;
}

/**
 * The readable report: a summary first (articles, clusters by kind, most-copied outlet, least
 * original article), then articles, article pairs, the largest clusters with their passages, and
 * problems. Every line fits `width` columns (wide CJK characters count two); article text is
 * sanitized, so escape sequences in scraped content never reach the terminal.
 */
export function formatText(report: Report, options: Partial<TextFormatOptions> = {}): string {
  const o = { ...DEFAULT_TEXT_FORMAT, ...options };
  const c = new Chalk({ level: o.color });
  const width = Math.max(MIN_WIDTH, o.width);
  const names = shortNames(report.articles.map((a) => a.id));
  const byId = new Map(report.articles.map((a) => [a.id, a]));
  // An outlet that names one article only is the shortest clear name for it: "AFP → Daily Mail".
  const outletCount = new Map<string, number>();
  for (const a of report.articles) {
    const outlet = outletOf(a);
    if (outlet) outletCount.set(outlet, (outletCount.get(outlet) ?? 0) + 1);
  }
  const fullName = (id: string): string => {
    const a = byId.get(id);
    const base = sanitizeForTerminal(names.get(id) ?? id);
    const outlet = a ? outletOf(a) : null;
    return outlet ? `${sanitizeForTerminal(outlet)} (${base})` : base;
  };
  const name = (id: string): string => {
    const a = byId.get(id);
    const outlet = a ? outletOf(a) : null;
    return outlet && outletCount.get(outlet) === 1 ? sanitizeForTerminal(outlet) : fullName(id);
  };
  const ctx: Ctx = { c, width, full: o.full, name, fullName, facts: insights(report), arrow: arrowNames(report) };
  const lines: string[] = [
    ...summaryLines(report, ctx),
    ...articleLines(report, ctx),
    ...pairLines(report, ctx),
    ...clusterSection(report, ctx, o.top),
    ...outletTableLines(report, c, width),
    ...problemLines(report, ctx),
  ];
  return lines.map((line) => clip(line, width)).join('\n');
}

function summaryLines(report: Report, { c, name, facts, width }: Ctx): string[] {
  const s = report.summary;
  const kinds = KIND_ORDER.filter((k) => s.clustersByKind[k] > 0).map((k) => kindColor(c, k)(`${s.clustersByKind[k]} ${k}`));
  const lines = [
    ...joinFit([
      c.bold(`newsdedup: ${plural(s.articles, 'article')}`),
      c.bold(s.clusters === 0 ? 'no shared passages' : plural(s.clusters, 'cluster')) + (kinds.length ? ` (${kinds.join(', ')})` : ''),
    ], width, '', '  '),
    ...joinFit([
      `${percent(s.reusedShare)} of all text also stands in another article`,
      `${plural(s.pairs, 'article pair')} share${s.pairs === 1 ? 's' : ''} text`,
      `${s.duplicates === 0 ? 'no' : s.duplicates} near-duplicate article${s.duplicates === 1 ? '' : 's'}`,
    ], width, '  ', '  '),
  ];
  if (facts.mostCopied) {
    const m = facts.mostCopied;
    lines.push(...joinFit(facts.directed
      ? [`most copied:    ${c.bold(sanitizeForTerminal(m.name))}`, `${m.chars.toLocaleString('en-US')} characters taken by ${plural(m.articles, 'article')}`]
      : [`most shared:    ${c.bold(sanitizeForTerminal(m.name))}`, `text found in ${plural(m.articles, 'other article')}`], width, '  ', '                  '));
  }
  if (facts.leastOriginal) {
    const l = facts.leastOriginal;
    lines.push(...joinFit([
      `least original: ${c.bold(name(l.article))}`,
      l.measured === 'originality' ? `${percent(l.share)} original` : `only ${percent(l.share)} of its text is its own`,
    ], width, '  ', '                  '));
  }
  const folder = commonFolder(report.articles.map((a) => a.id));
  if (folder) lines.push(c.dim(`  articles in ${sanitizeForTerminal(folder)}/`));
  if (s.problems > 0) lines.push(c.yellow(`  ${plural(s.problems, 'input')} could not be read (see Problems below)`));
  lines.push('');
  return lines;
}

function articleLines(report: Report, ctx: Ctx): string[] {
  if (report.articles.length === 0) return [];
  const { c, width, name, fullName } = ctx;
  const cap = Math.max(16, Math.floor(width * 0.4));
  // "Outlet (file)" where it fits, else the short name.
  const labels = report.articles.map((a) => (stringWidth(fullName(a.id)) <= cap ? fullName(a.id) : shortenMiddle(name(a.id), cap)));
  const nameWidth = Math.max(...labels.map((l) => stringWidth(l)));
  const lines = joinFit([c.bold('Articles') + c.dim('  reused: also in another article'), c.dim('repeated: printed twice in it')], width, '', '          ');
  report.articles.forEach((a, i) => lines.push(articleLine(a, labels[i], ctx, nameWidth)));
  lines.push('');
  return lines;
}

function articleLine(a: ReportArticle, label: string, { c, width }: Ctx, nameWidth: number): string {
  const reused = a.chars === 0 ? 0 : a.reusedChars / a.chars;
  const repeated = a.chars === 0 ? 0 : a.repeatedChars / a.chars;
  const figures = `reused ${percent(reused).padStart(4)} · repeated ${percent(repeated).padStart(4)}`;
  const dup = a.duplicateOf ? ' duplicate' : '';
  const head = `  ${pad(label, nameWidth)}  ${figures}`;
  const room = width - stringWidth(head) - stringWidth(dup) - 2;
  return head + c.magenta(dup) + (room >= 12 ? '  ' + c.dim(shortenEnd(sanitizeForTerminal(a.title), room)) : '');
}

function pairLines(report: Report, { c, width, name }: Ctx): string[] {
  if (report.pairs.length === 0) return [];
  const lines = [c.bold('Article pairs') + c.dim(width >= 60 ? '  share of each found in the other' : '')];
  const rows = report.pairs.map((p) => {
    const dir = directionOf(p);
    // With a known direction the source comes first: "AFP → Daily Mail".
    const [first, second, arrow] = dir && dir.from === p.b ? [p.b, p.a, '→'] : [p.a, p.b, dir ? '→' : '⇄'];
    const shareFirst = first === p.a ? p.containment.a : p.containment.b;
    const shareSecond = first === p.a ? p.containment.b : p.containment.a;
    return { first: name(first), second: name(second), arrow, tail: `  ${c.cyan(p.relation.padEnd(9))} ${percent(shareFirst).padStart(4)} · ${percent(shareSecond).padStart(4)}` };
  });
  const room = Math.floor((width - 2 - 3 - 27) / 2);
  const left = Math.min(room, Math.max(...rows.map((r) => stringWidth(r.first))));
  const right = Math.min(room, Math.max(...rows.map((r) => stringWidth(r.second))));
  for (const r of rows) lines.push(`  ${pad(shortenMiddle(r.first, left), left)} ${r.arrow} ${pad(shortenMiddle(r.second, right), right)}${r.tail}`);
  lines.push('');
  return lines;
}

/** Largest first: the clusters that cover the most text are the ones a reader should see. */
export function clustersBySize(clusters: readonly ReportCluster[]): ReportCluster[] {
  const size = (cl: ReportCluster): number => cl.members.reduce((n, m) => n + (m.end - m.start), 0);
  return clusters
    .map((cl, i) => ({ cl, i, size: size(cl) }))
    .sort((x, y) => y.size - x.size || x.i - y.i)
    .map((x) => x.cl);
}

function clusterSection(report: Report, ctx: Ctx, top: number | null): string[] {
  if (report.clusters.length === 0) return [];
  const { c } = ctx;
  const ordered = clustersBySize(report.clusters);
  const shown = top === null ? ordered : ordered.slice(0, top);
  const lines = [
    c.bold('Clusters') + c.dim(shown.length < ordered.length
      ? `  largest ${shown.length} of ${ordered.length}; --top to change`
      : '  largest first'),
  ];
  for (const cl of shown) lines.push(...clusterLines(cl, ctx), '');
  return lines;
}

function clusterLines(cl: ReportCluster, ctx: Ctx): string[] {
  const { c, width, full, name } = ctx;
  const articles = new Set(cl.members.map((m) => m.article));
  const speaker = speakerOf(cl);
  const what = cl.kind === 'repeat' && articles.size === 1
    ? `${cl.members.length}× inside ${name(cl.members[0].article)}`
    : `${plural(articles.size, 'article')}`;
  const out = joinFit([
    `  ${c.bold(cl.id)}  ${kindColor(c, cl.kind)(cl.kind)}`,
    what,
    `similarity ${cl.similarity.toFixed(2)}`,
    ...(speaker ? [`speaker ${sanitizeForTerminal(speaker)}`] : []),
  ], width, '', '    ');
  for (const e of edgesOf(cl)) {
    out.push(...joinFit([`    ${ctx.arrow(e.from)} → ${ctx.arrow(e.to)}`, ...(e.confidence === null ? [] : [`confidence ${e.confidence.toFixed(2)}`])], width, '', '      '));
    for (const reason of e.evidence) out.push(...wrapIndented(c.dim, sanitizeForTerminal(reason), width, '      '));
  }
  const heads = cl.members.map((m) => `    ${name(m.article)} ${m.start}–${m.end}`);
  const headWidth = Math.max(...heads.map((h) => stringWidth(h)));
  // One line per passage with the texts aligned when there is room for them, else text below.
  const oneLine = !full && width - headWidth - 3 >= 36;
  cl.members.forEach((m, i) => {
    const text = sanitizeForTerminal(m.text).trim();
    if (full) {
      out.push(c.dim(heads[i]));
      const wrapped = wrapAnsi(`“${text}”`, Math.max(20, width - 6), { hard: true, trim: true });
      out.push(...wrapped.split('\n').map((l) => `      ${l}`));
    } else if (oneLine) out.push(`${c.dim(pad(heads[i], headWidth))} “${shortenMiddle(text, width - headWidth - 3)}”`);
    else out.push(c.dim(heads[i]), `      “${shortenMiddle(text, width - 8)}”`);
  });
  out.push(...variantLines(cl, c, width, full, name));
  return out;
}

function problemLines(report: Report, { c, width }: Ctx): string[] {
  if (report.problems.length === 0) return [];
  return [
    c.bold('Problems'),
    ...report.problems.flatMap((p) => wrapIndented(c.yellow, `${sanitizeForTerminal(p.path)}: ${sanitizeForTerminal(p.message)}`, width, '  ')),
    '',
  ];
}

const KIND_ORDER: readonly ClusterKind[] = ['copy', 'quote', 'repeat', 'boilerplate'];

function kindColor(c: ChalkInstance, kind: ClusterKind): ChalkInstance {
  return kind === 'copy' ? c.yellow : kind === 'quote' ? c.green : kind === 'repeat' ? c.cyan : c.gray;
}

function commonFolder(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const dirs = ids.map((id) => (id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : ''));
  return dirs.every((d) => d === dirs[0]) ? dirs[0] : '';
}

/**
 * Keeps the start and the end of a long text within `max` columns:
 * "Hollande, who is … any group or country." Wide (CJK) characters count two columns.
 */
export function shortenMiddle(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  const chars = [...text];
  const budget = Math.max(2, max - 3);
  let cut = 0;
  let used = 0;
  while (cut < chars.length && used + stringWidth(chars[cut]) <= Math.ceil(budget / 2)) used += stringWidth(chars[cut++]);
  // Cut between words when a space is near: "Hollande, who is … country." rather than "who is no".
  const space = chars.lastIndexOf(' ', cut);
  if (space > 0 && cut - space <= WORD_SNAP && chars[cut] !== ' ') cut = space;
  const head = chars.slice(0, cut).join('').trimEnd();
  let from = chars.length;
  let tailUsed = 0;
  const room = budget - stringWidth(head);
  while (from > cut && tailUsed + stringWidth(chars[from - 1]) <= room) tailUsed += stringWidth(chars[--from]);
  const next = chars.indexOf(' ', from);
  if (from > 0 && chars[from - 1] !== ' ' && next >= 0 && next - from < WORD_SNAP) from = next;
  return head + ' … ' + chars.slice(from).join('').trimStart();
}

/** How far a cut may move to fall between words. */
const WORD_SNAP = 10;

function shortenEnd(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > max - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** Text wrapped at word boundaries to the width, every line after `indent`, styled line by line. */
function wrapIndented(style: ChalkInstance, text: string, width: number, indent: string): string[] {
  return wrapAnsi(text, Math.max(20, width - indent.length), { hard: true, trim: true }).split('\n').map((l) => indent + style(l));
}

/** Parts joined by " · ", continued on further lines (after `indent`) where the width ends. */
function joinFit(parts: readonly string[], width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const part of parts) {
    const joined = empty ? line + part : `${line} · ${part}`;
    if (!empty && stringWidth(joined) > width) {
      lines.push(line);
      line = indent + part;
    } else line = joined;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function pad(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}

/** Cuts a line that would still overflow, keeping colour codes balanced. */
function clip(line: string, width: number): string {
  if (stringWidth(line) <= width) return line;
  let out = '';
  let used = 0;
  let styled = false;
  for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
    if (part.startsWith('\x1b[')) {
      out += part;
      styled = true;
      continue;
    }
    for (const ch of part) {
      const w = stringWidth(ch);
      if (used + w > width - 1) return out + '…' + (styled ? '\x1b[0m' : '');
      out += ch;
      used += w;
    }
  }
  return out;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
