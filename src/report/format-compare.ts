import { Chalk, type ChalkInstance } from 'chalk';
import type { Comparison } from '../compare.js';
import { sanitizeForTerminal } from './sanitize.js';
import type { WordDiffPart } from './word-diff.js';

export interface CompareFormatOptions {
  /** Colour level: 0 none, 1 basic, 2 256 colours, 3 truecolor. */
  color: 0 | 1 | 2 | 3;
  /** Terminal width in columns. */
  width: number;
}

/** Output formats of `compare`: the readable side-by-side summary, and the same data as JSON
 *  (`newsdedup/compare@1`: everything but the scan report it was made from). */
export const COMPARE_FORMATS = {
  text: formatComparisonText,
  json: ({ report: _report, ...comparison }: Comparison) => JSON.stringify(comparison, null, 2) + '\n',
} satisfies Record<string, (comparison: Comparison, options: Partial<CompareFormatOptions>) => string>;

export type CompareFormatName = keyof typeof COMPARE_FORMATS;
export const COMPARE_FORMAT_NAMES = Object.keys(COMPARE_FORMATS) as CompareFormatName[];

export function formatComparison(comparison: Comparison, format: CompareFormatName, options: Partial<CompareFormatOptions> = {}): string {
  return COMPARE_FORMATS[format](comparison, options);
}

/**
 * A    fixtures/france-russia/000_25b08a5b48b33ed2.txt · 8017 chars
 *      France vows 'retaliation' if Russia meddles in elections
 * …
 * partial: 21% of A is in B · 47% of B is in A · 6 shared passages
 *
 * 1. A [858–933] · B [3298–3373] · similarity 1.00 · identical
 *    Macron, who is married, last week denied rumours of having had a gay affair
 */
export function formatComparisonText(comparison: Comparison, options: Partial<CompareFormatOptions> = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  const width = Math.max(40, options.width ?? 100);
  const { a, b } = comparison;
  const lines: string[] = [];
  for (const [label, side] of [['A', a], ['B', b]] as const) {
    lines.push(`${c.bold(label)}  ${sanitizeForTerminal(side.path)} · ${side.chars} chars`);
    if (side.title) lines.push(`   ${c.dim(fit(sanitizeForTerminal(side.title), width - 3))}`);
  }
  lines.push('');
  const n = comparison.passages.length;
  if (n === 0) {
    lines.push('no shared passages: A and B have no passage in common');
    return lines.join('\n') + '\n';
  }
  lines.push(
    `${c.cyan(comparison.relation)}: ${percent(a.containment)} of A is in B · ${percent(b.containment)} of B is in A · ` +
      `${n} shared passage${n === 1 ? '' : 's'}`,
  );
  const d = comparison.direction;
  if (d) {
    const name = (id: string): string => (id === a.id ? 'A' : id === b.id ? 'B' : sanitizeForTerminal(id));
    const confidence = d.confidence === null ? '' : c.dim(` · confidence ${d.confidence.toFixed(2)}`);
    lines.push(`direction: ${c.bold(`${name(d.copy)} copied from ${name(d.source)}`)}${confidence}`);
    for (const why of d.evidence) {
      const atoms = sanitizeForTerminal(why).split(' ').filter(Boolean).map((w) => ({ shown: w, length: [...w].length }));
      wrap(atoms, width - 5).forEach((line, k) => lines.push(`${k === 0 ? '   · ' : '     '}${c.dim(line)}`));
    }
  }
  const changed = comparison.passages.some((p) => p.diff.some((part) => part.op !== 'same' && part.text.trim() !== ''));
  if (changed) lines.push(c.dim(c.level === 0 ? 'differences: [-only in A-] {+only in B+}' : `differences: ${c.red.strikethrough('only in A')} ${c.green('only in B')}`));
  lines.push('');
  comparison.passages.forEach((p, i) => {
    const same = p.diff.every((part) => part.op === 'same' || part.text.trim() === '');
    lines.push(
      `${c.bold(`${i + 1}.`)} A [${p.a.start}–${p.a.end}] · B [${p.b.start}–${p.b.end}] · similarity ${p.similarity.toFixed(2)}` +
        (same ? ` · ${c.green('identical')}` : ''),
    );
    const indent = ' '.repeat(String(i + 1).length + 2);
    for (const line of wrap(diffAtoms(p.diff, c), width - indent.length)) lines.push(indent + line);
    lines.push('');
  });
  return lines.join('\n');
}

interface Atom {
  readonly shown: string;
  readonly length: number;
}

/** Words with their marks, whitespace folded; a run of changed words is marked as one. */
function diffAtoms(parts: readonly WordDiffPart[], c: ChalkInstance): Atom[] {
  const atoms: Atom[] = [];
  let spaceBefore = true;
  for (const part of parts) {
    const words = sanitizeForTerminal(part.text).split(' ').filter(Boolean);
    // Parts that touch ("[-said-]{+told+}", "{+elections+}.") stay one atom, as in the text.
    const glued = !spaceBefore && !/^\s/.test(part.text) && atoms.length > 0;
    if (part.op !== 'removed' || words.length > 0) spaceBefore = /\s$/.test(part.text);
    if (words.length === 0) continue;
    const style = part.op === 'removed' ? c.red.strikethrough : part.op === 'added' ? c.green : null;
    const [open, close] = part.op === 'removed' ? ['[-', '-]'] : part.op === 'added' ? ['{+', '+}'] : ['', ''];
    words.forEach((word, k) => {
      const plainWord = c.level === 0 ? `${k === 0 ? open : ''}${word}${k === words.length - 1 ? close : ''}` : word;
      const shown = style && c.level > 0 ? style(plainWord) : plainWord;
      const atom = { shown, length: [...plainWord].length };
      if (k === 0 && glued) {
        const last = atoms[atoms.length - 1];
        atoms[atoms.length - 1] = { shown: last.shown + atom.shown, length: last.length + atom.length };
      } else atoms.push(atom);
    });
  }
  return atoms;
}

function wrap(atoms: readonly Atom[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let length = 0;
  for (const atom of atoms) {
    if (length > 0 && length + 1 + atom.length > width) {
      lines.push(line);
      line = '';
      length = 0;
    }
    line += (length > 0 ? ' ' : '') + atom.shown;
    length += (length > 0 ? 1 : 0) + atom.length;
  }
  if (length > 0) lines.push(line);
  return lines;
}

function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
