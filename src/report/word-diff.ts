import type { ChalkInstance } from 'chalk';
import { diffWordsWithSpace } from 'diff';
import { sanitizeForTerminal } from './sanitize.js';

/** A run of text that both passages share, or that only the first (`removed`) or second (`added`) has. */
export interface WordDiffPart {
  readonly op: 'same' | 'removed' | 'added';
  readonly text: string;
}

/**
 * Word-level differences from passage `a` to passage `b` (jsdiff's diffWordsWithSpace: words and
 * whitespace runs are the tokens, so a changed line break shows too). Concatenating the `same` and
 * `removed` parts gives `a`; the `same` and `added` parts give `b`.
 *
 *   wordDiff('the minister said', 'the minister told')
 *   → [{op: 'same', text: 'the minister '}, {op: 'removed', text: 'said'}, {op: 'added', text: 'told'}]
 */
export function wordDiff(a: string, b: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  for (const change of diffWordsWithSpace(a, b)) {
    const op = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + change.value };
    else parts.push({ op, text: change.value });
  }
  return parts;
}

/**
 * Renders a word diff on one line of terminal text, whitespace folded. With colour, removed words
 * are red and struck through, added words green; without, they are marked as `git diff
 * --word-diff=plain` marks them: `[-removed-]{+added+}`.
 */
export function renderWordDiff(parts: readonly WordDiffPart[], c: ChalkInstance): string {
  const plain = c.level === 0;
  return parts
    .map((p) => {
      const text = sanitizeForTerminal(p.text);
      if (p.op === 'same') return text;
      if (text.trim() === '') return p.op === 'added' ? '' : text;
      if (p.op === 'removed') return plain ? `[-${text}-]` : c.red.strikethrough(text);
      return plain ? `{+${text}+}` : c.green(text);
    })
    .join('')
    .replace(/ {2,}/g, ' ');
}
