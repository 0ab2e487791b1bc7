import path from 'node:path';
import { UnionFind } from './kernels/union-find.js';
import { directionOf, publishedOf } from './report/extras.js';
import { scan, type ScanInput } from './scan.js';
import type { Article, Report, ReportArticle } from './types.js';
import { VERSION } from './version.js';

export const DEDUP_SCHEMA = 'newsdedup/dedup@1';

/**
 * Which article of a group of near-duplicates is kept:
 * - `source`: the one the others were copied from, by the direction rules; else as `earliest`
 * - `earliest`: the earliest published (articles without a date come last); else as `longest`
 * - `longest`: the one with the most characters; else as `first`
 * - `first`: the first in id (path) order
 */
export type KeepPolicy = 'source' | 'earliest' | 'longest' | 'first';
export const KEEP_POLICIES: readonly KeepPolicy[] = ['source', 'earliest', 'longest', 'first'];

export interface DedupSettings {
  keep: KeepPolicy;
  /** Cut the second and later copies of a passage inside one article. */
  stripRepeats: boolean;
  /** Cut passages of clusters the report calls boilerplate, in every article. */
  stripBoilerplate: boolean;
}

export const DEFAULT_DEDUP_SETTINGS: Readonly<DedupSettings> = Object.freeze({ keep: 'source', stripRepeats: true, stripBoilerplate: false });

/** A span cut from an article; offsets are code points into the original text, end exclusive. */
export interface DedupCut {
  readonly start: number;
  readonly end: number;
  readonly reason: 'repeat' | 'boilerplate';
  /** The cluster of the report that the passage belongs to. */
  readonly cluster: string;
  /** For a repeat: the earlier copy that stays. */
  readonly of: { readonly start: number; readonly end: number } | null;
  readonly text: string;
}

/** One line of the manifest: what happened to one input. */
export type DedupEntry =
  | {
      readonly id: string;
      readonly path: string;
      readonly action: 'kept' | 'edited';
      /** Where the article is written, relative to the output folder (for JSONL: the file and line). */
      readonly output: string;
      readonly chars: number;
      readonly keptChars: number;
      readonly cuts: readonly DedupCut[];
    }
  | {
      readonly id: string;
      readonly path: string;
      readonly action: 'dropped';
      readonly output: null;
      readonly chars: number;
      readonly duplicateOf: string;
      /** Share of this article's characters found in the kept one; null when they are near-duplicates
       *  only through a third article. */
      readonly containment: number | null;
      readonly reason: string;
    }
  | {
      readonly path: string;
      readonly action: 'skipped';
      readonly output: null;
      readonly code: string;
      readonly message: string;
    };

/** A file of the deduplicated corpus, relative to the output folder. */
export interface DedupFile {
  readonly path: string;
  readonly content: string;
}

export interface DedupPlan {
  readonly schema: typeof DEDUP_SCHEMA;
  readonly tool: { readonly name: 'newsdedup'; readonly version: string };
  readonly settings: DedupSettings;
  /** Every input: articles in id order, then the inputs that could not be read. */
  readonly entries: readonly DedupEntry[];
  /** The files the articles were read from (JSONL files once), for checks before writing. */
  readonly sources: readonly string[];
  /** What to write, in path order; the manifest is not among them. */
  readonly files: readonly DedupFile[];
  readonly summary: {
    readonly articles: number;
    readonly kept: number;
    readonly edited: number;
    readonly dropped: number;
    readonly skipped: number;
    /** Characters cut from kept articles. */
    readonly cutChars: number;
    /** Characters of dropped articles. */
    readonly droppedChars: number;
  };
  /** The scan the plan was made from. */
  readonly report: Report;
}

export const MANIFEST_NAME = 'manifest.jsonl';

export interface DedupInput extends ScanInput {
  settings?: Partial<DedupSettings>;
}

/** Reads and scans a corpus, then plans its deduplicated copy. Nothing is written. */
export async function dedup(input: DedupInput): Promise<DedupPlan> {
  const articles: Article[] = [];
  const onArticle = input.onArticle;
  const report = await scan({
    ...input,
    onArticle: (article) => {
      articles.push(article);
      onArticle?.(article);
    },
  });
  return planDedup(report, articles, input.settings, input.cwd);
}

/**
 * Plans a deduplicated copy of a scanned corpus: near-duplicate articles (pairs the report calls
 * `duplicate`, joined transitively) collapse to the one the keep policy picks; repeated passages
 * (and boilerplate, when asked) are cut from the kept articles. `articles` are the texts the report
 * was made from; `cwd` is what their ids are relative to, for the layout of the output folder.
 */
export function planDedup(report: Report, articles: readonly Article[], settings: Partial<DedupSettings> = {}, cwd = '/'): DedupPlan {
  const s: DedupSettings = { ...DEFAULT_DEDUP_SETTINGS, ...definedOnly(settings) };
  const byId = new Map(articles.map((a) => [a.id, a]));
  const list = report.articles.filter((a) => byId.has(a.id));
  const index = new Map(list.map((a, i) => [a.id, i]));
  const texts = list.map((a) => byId.get(a.id)!);

  const keeper = chooseKeepers(report, list, texts, index, s.keep);
  const cuts = planCuts(report, index, list.length, s);

  const outputs = outputPaths(texts, cwd);
  const entries: DedupEntry[] = [];
  const files = new Map<string, string>();
  const jsonlLines = new Map<string, { line: number; json: string; entry: number }[]>();
  let cutChars = 0;
  let droppedChars = 0;
  list.forEach((a, i) => {
    const article = texts[i];
    const k = keeper[i];
    if (k.keep !== i) {
      droppedChars += a.chars;
      entries.push({ id: a.id, path: a.path, action: 'dropped', output: null, chars: a.chars, duplicateOf: list[k.keep].id, containment: k.containment, reason: k.reason });
      return;
    }
    const applied = applyCuts(article.text, cuts[i]);
    cutChars += a.chars - applied.keptChars;
    const out = outputs[i];
    if (article.jsonl) {
      const lines = jsonlLines.get(out) ?? [];
      lines.push({ line: article.jsonl.line, json: JSON.stringify({ ...article.jsonl.record, text: applied.text }), entry: entries.length });
      jsonlLines.set(out, lines);
    } else files.set(out, applied.text);
    entries.push({
      id: a.id,
      path: a.path,
      action: applied.cuts.length > 0 ? 'edited' : 'kept',
      output: out,
      chars: a.chars,
      keptChars: applied.keptChars,
      cuts: applied.cuts,
    });
  });
  for (const [file, lines] of jsonlLines) {
    lines.sort((x, y) => x.line - y.line);
    files.set(file, lines.map((l) => l.json).join('\n') + '\n');
    // A JSONL article's output names its line in the new file.
    lines.forEach((l, n) => {
      entries[l.entry] = { ...entries[l.entry], output: `${file}:${n + 1}` } as DedupEntry;
    });
  }
  for (const p of report.problems) entries.push({ path: p.path, action: 'skipped', output: null, code: p.code, message: p.message });

  const count = (action: DedupEntry['action']): number => entries.filter((e) => e.action === action).length;
  return {
    schema: DEDUP_SCHEMA,
    tool: { name: 'newsdedup', version: VERSION },
    settings: s,
    entries,
    sources: [...new Set(texts.map((a) => (a.jsonl ? a.jsonl.file : a.path)).filter((p) => p !== '-'))].sort(),
    files: [...files].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([p, content]) => ({ path: p, content })),
    summary: {
      articles: list.length,
      kept: count('kept') + count('edited'),
      edited: count('edited'),
      dropped: count('dropped'),
      skipped: count('skipped'),
      cutChars,
      droppedChars,
    },
    report,
  };
}

interface Keeper {
  keep: number;
  containment: number | null;
  reason: string;
}

/** For each article, the article of its group of near-duplicates that is kept. */
function chooseKeepers(report: Report, list: readonly ReportArticle[], texts: readonly Article[], index: ReadonlyMap<string, number>, policy: KeepPolicy): Keeper[] {
  const sets = new UnionFind(list.length);
  const containment = new Map<string, number>();
  const copiedFrom = new Map<number, Set<number>>();
  for (const p of report.pairs) {
    const a = index.get(p.a);
    const b = index.get(p.b);
    if (a === undefined || b === undefined) continue;
    containment.set(`${a}:${b}`, p.containment.a);
    containment.set(`${b}:${a}`, p.containment.b);
    if (p.relation !== 'duplicate') continue;
    sets.union(a, b);
    const d = directionOf(p);
    const from = d ? index.get(d.from) : undefined;
    const to = d ? index.get(d.to) : undefined;
    if (from !== undefined && to !== undefined && from !== to) {
      const sources = copiedFrom.get(to) ?? new Set<number>();
      sources.add(from);
      copiedFrom.set(to, sources);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < list.length; i++) {
    const root = sets.find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  const out: Keeper[] = list.map((_, i) => ({ keep: i, containment: 1, reason: '' }));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const { keep, why } = pick(members, policy, list, texts, copiedFrom);
    for (const i of members) {
      if (i === keep) continue;
      out[i] = { keep, containment: containment.get(`${i}:${keep}`) ?? null, reason: `near-duplicate of ${list[keep].id}, which is kept as ${why}` };
    }
  }
  return out;
}

function pick(
  members: readonly number[], policy: KeepPolicy, list: readonly ReportArticle[], texts: readonly Article[], copiedFrom: ReadonlyMap<number, ReadonlySet<number>>,
): { keep: number; why: string } {
  let candidates = [...members].sort((x, y) => x - y);
  const steps: KeepPolicy[] = policy === 'source' ? ['source', 'earliest', 'longest', 'first'] : policy === 'earliest' ? ['earliest', 'longest', 'first'] : policy === 'longest' ? ['longest', 'first'] : ['first'];
  for (const step of steps) {
    const narrowed = narrow(step, candidates, list, texts, copiedFrom, members);
    if (narrowed.length === 1) return { keep: narrowed[0], why: WHY[step] };
    candidates = narrowed;
  }
  return { keep: candidates[0], why: WHY.first };
}

const WHY: Record<KeepPolicy, string> = {
  source: 'the source the others were copied from',
  earliest: 'the earliest published',
  longest: 'the longest',
  first: 'the first in path order',
};

function narrow(
  step: KeepPolicy, candidates: number[], list: readonly ReportArticle[], texts: readonly Article[], copiedFrom: ReadonlyMap<number, ReadonlySet<number>>, group: readonly number[],
): number[] {
  switch (step) {
    case 'source': {
      const inGroup = new Set(group);
      const copies = candidates.filter((i) => [...(copiedFrom.get(i) ?? [])].some((s) => inGroup.has(s)));
      const sources = candidates.filter((i) => !copies.includes(i));
      return copies.length > 0 && sources.length > 0 ? sources : candidates;
    }
    case 'earliest': {
      const times = candidates.map((i) => Date.parse(texts[i].meta?.published ?? publishedOf(list[i]) ?? ''));
      const known = times.filter((t) => !Number.isNaN(t));
      if (known.length === 0) return candidates;
      const min = Math.min(...known);
      return candidates.filter((_, k) => times[k] === min);
    }
    case 'longest': {
      const max = Math.max(...candidates.map((i) => list[i].chars));
      return candidates.filter((i) => list[i].chars === max);
    }
    case 'first':
      return candidates.slice(0, 1);
  }
}

type Member = { readonly start: number; readonly end: number; readonly text: string };
type ClusterSpan = { readonly cluster: string; readonly start: number; readonly end: number };

/**
 * The spans to cut from each article: every member of a boilerplate cluster (when asked), and the
 * second and later copies of a passage inside one article (when asked). The copy that stays is
 * the first one that no other cluster's cut removes whole. In "A B' C. A B C. B." (a body printed
 * twice, the first time with B edited, and B printed again) the second body is cut; B's first
 * copy stands only there, so B stays at its next copy rather than being cut everywhere.
 */
function planCuts(report: Report, index: ReadonlyMap<string, number>, articles: number, s: DedupSettings): DedupCut[][] {
  const cuts = Array.from({ length: articles }, (): DedupCut[] => []);
  const repeats: { cluster: string; article: number; own: Member[] }[] = [];
  for (const cluster of report.clusters) {
    const strip = cluster.kind === 'boilerplate' && s.stripBoilerplate;
    const members = new Map<number, Member[]>();
    for (const m of cluster.members) {
      const i = index.get(m.article);
      if (i === undefined) continue;
      if (strip) cuts[i].push({ start: m.start, end: m.end, reason: 'boilerplate', cluster: cluster.id, of: null, text: m.text });
      const own = members.get(i);
      if (own) own.push(m);
      else members.set(i, [m]);
    }
    if (!s.stripRepeats || strip) continue;
    for (const [article, own] of members) {
      if (own.length < 2) continue;
      own.sort((x, y) => x.start - y.start || x.end - y.end);
      repeats.push({ cluster: cluster.id, article, own });
    }
  }
  // What each article would lose if every cluster kept its first copy, and by which cluster.
  const naive = Array.from({ length: articles }, (_, i): ClusterSpan[] => cuts[i].map((c) => ({ cluster: c.cluster, start: c.start, end: c.end })));
  for (const r of repeats) for (const m of r.own.slice(1)) naive[r.article].push({ cluster: r.cluster, start: m.start, end: m.end });
  for (const r of repeats) {
    const keep = Math.max(0, r.own.findIndex((m) => !covers(naive[r.article], m, r.cluster)));
    const first = r.own[keep];
    for (const m of r.own.slice(keep + 1)) {
      cuts[r.article].push({ start: m.start, end: m.end, reason: 'repeat', cluster: r.cluster, of: { start: first.start, end: first.end }, text: m.text });
    }
  }
  return cuts;
}

/** Whether the spans of clusters other than `except` cover all of `target`. */
function covers(spans: readonly ClusterSpan[], target: { start: number; end: number }, except: string): boolean {
  const over = spans.filter((c) => c.cluster !== except && c.start < target.end && c.end > target.start).sort((x, y) => x.start - y.start);
  let reach = target.start;
  for (const c of over) {
    if (c.start > reach) return false;
    reach = Math.max(reach, c.end);
    if (reach >= target.end) return true;
  }
  return reach >= target.end;
}

/**
 * Cuts spans from a text and tidies what is left: a cut takes the punctuation and spaces that
 * close its sentence, and a line left empty goes with it, so
 *   "Intro.\n\nRepeated line.\n\nNext." minus "Repeated line" → "Intro.\n\nNext."
 * Returned cuts are the tidied spans, in code points, sorted, and never overlap: a cut inside
 * another is left out (the outer one removes it), one that overlaps the cut before it starts
 * where that one ends, and cuts separated by nothing but spaces, line breaks and punctuation are
 * tidied as one stretch (the gap goes with the cut before it). `keptChars` counts what is left.
 */
export function applyCuts(text: string, cuts: readonly DedupCut[]): { text: string; keptChars: number; cuts: DedupCut[] } {
  const chars = [...text];
  const sorted = [...cuts].sort((x, y) => x.start - y.start || y.end - x.end || (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0));
  const disjoint: DedupCut[] = [];
  let reach = 0;
  for (const c of sorted) {
    if (c.end <= reach || c.end <= c.start) continue;
    disjoint.push({ ...c, start: Math.max(c.start, reach) });
    reach = c.end;
  }
  const tidied: DedupCut[] = [];
  for (let i = 0; i < disjoint.length; ) {
    let j = i;
    while (j + 1 < disjoint.length && onlyGap(chars, disjoint[j].end, disjoint[j + 1].start)) j++;
    const block = tidy(chars, disjoint[i].start, disjoint[j].end);
    const floor = tidied.length > 0 ? tidied[tidied.length - 1].end : 0;
    for (let k = i; k <= j; k++) {
      const start = k === i ? Math.max(block.start, floor) : disjoint[k].start;
      const end = k === j ? block.end : disjoint[k + 1].start;
      tidied.push({ ...disjoint[k], start, end, text: chars.slice(start, end).join('') });
    }
    i = j + 1;
  }
  const remove = new Uint8Array(chars.length);
  for (const c of tidied) remove.fill(1, c.start, c.end);
  let kept = '';
  let keptChars = 0;
  for (let i = 0; i < chars.length; i++) {
    if (remove[i]) continue;
    kept += chars[i];
    keptChars++;
  }
  return { text: kept, keptChars, cuts: tidied };
}

/** Nothing but spaces, line breaks and punctuation between two cuts. */
function onlyGap(chars: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = chars[i];
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r' && !OPENING.has(ch) && !CLOSING.has(ch)) return false;
  }
  return true;
}

const OPENING = new Set(['"', "'", '“', '‘', '«', '(', '[', '„']);
const CLOSING = new Set(['.', '!', '?', '…', '"', "'", '”', '’', '»', ')', ']', ',', ';', ':']);

function tidy(chars: readonly string[], start: number, end: number): { start: number; end: number } {
  while (start > 0 && OPENING.has(chars[start - 1])) start--;
  while (end < chars.length && CLOSING.has(chars[end])) end++;
  while (end < chars.length && (chars[end] === ' ' || chars[end] === '\t')) end++;
  const atLineStart = start === 0 || chars[start - 1] === '\n';
  const atLineEnd = end === chars.length || chars[end] === '\n' || (chars[end] === '\r' && chars[end + 1] === '\n');
  if (!atLineStart && end === chars.length) {
    // The text ends with the cut: the spaces before it would be left trailing.
    while (start > 0 && (chars[start - 1] === ' ' || chars[start - 1] === '\t')) start--;
    return { start, end };
  }
  if (!atLineStart || !atLineEnd) return { start, end };
  const ateLineBreak = end < chars.length;
  if (ateLineBreak) end += chars[end] === '\r' ? 2 : 1;
  const lineBreakBefore = (at: number): number => (at > 0 && chars[at - 1] === '\n' ? (chars[at - 2] === '\r' ? 2 : 1) : 0);
  const blankBefore = start > 0 && lineBreakBefore(start - lineBreakBefore(start)) > 0;
  if (end === chars.length) {
    // Nothing follows: the line breaks before the cut would be left dangling at the end, but a
    // text that ended with a line break still does.
    const keep = ateLineBreak ? 1 : 0;
    const breaksBefore = (at: number): number => (lineBreakBefore(at) > 0 ? 1 + breaksBefore(at - lineBreakBefore(at)) : 0);
    while (breaksBefore(start) > keep) start -= lineBreakBefore(start);
  } else if (blankBefore) {
    // A blank line before and after: one of them goes too.
    if (chars[end] === '\n') end += 1;
    else if (chars[end] === '\r' && chars[end + 1] === '\n') end += 2;
  }
  return { start, end };
}

/**
 * Where each article goes in the output folder: files keep their paths below the deepest folder
 * that holds them all (`fixtures/france-russia/004.txt` → `004.txt`); JSONL articles go back
 * into a JSONL file of the same name, standard input to `stdin.txt` or `stdin.jsonl`.
 */
function outputPaths(articles: readonly Article[], cwd: string): string[] {
  const source = articles.map((a) => (a.jsonl ? a.jsonl.file : a.path));
  const absolute = source.map((p) => (p === '-' ? null : path.resolve(cwd, p)));
  const dirs = absolute.filter((p): p is string => p !== null).map((p) => path.dirname(p).split(path.sep));
  let common = dirs[0] ?? [];
  for (const d of dirs) {
    let n = 0;
    while (n < common.length && n < d.length && common[n] === d[n]) n++;
    common = common.slice(0, n);
  }
  const root = common.join(path.sep) || path.sep;
  const taken = new Set([MANIFEST_NAME]);
  const byFile = new Map<string, string>();
  return articles.map((a, i) => {
    const key = absolute[i] ?? `-${a.jsonl ? 'jsonl' : 'txt'}`;
    let file = byFile.get(key);
    if (file === undefined) {
      const wanted = absolute[i] === null ? (a.jsonl ? 'stdin.jsonl' : 'stdin.txt') : path.relative(root, absolute[i]!).split(path.sep).join('/');
      file = wanted;
      for (let n = 2; taken.has(file); n++) file = wanted.replace(/(\.[^./]*)?$/, (ext) => `~${n}${ext}`);
      taken.add(file);
      byFile.set(key, file);
    }
    return file;
  });
}

function definedOnly<T extends object>(value: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
