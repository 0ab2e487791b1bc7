import { diffWordsWithSpace } from 'diff';
import { escapeHtml } from '../sanitize.js';

/**
 * Word-level differences between the passages of one cluster. Each passage is compared with the
 * cluster's reference passage (its source when the report names one, else the first):
 *
 *   reference  "We will not accept any interference whatsoever in our electoral process"
 *   other      "We will not accept any interference in our democratic process"
 *   → other shown as "… interference <del>whatsoever</del> in our <del>electoral</del><ins>democratic</ins> process"
 *   → reference shown with "whatsoever" and "electoral" marked as missing from another passage.
 */

/** A passage against the reference: its own words, with the reference's missing words struck. */
export function diffAgainst(reference: string, text: string): string {
  if (reference === text) return escapeHtml(text);
  const parts = diffWordsWithSpace(reference, text, { ignoreCase: true }).filter((p) => !(p.removed && p.value.trim() === ''));
  let out = '';
  let endsWithSpace = true;
  parts.forEach((part, i) => {
    if (!part.added && !part.removed) out += escapeHtml(part.value);
    else if (part.value.trim() === '') out += escapeHtml(part.value);
    else {
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(part.value)!;
      if (part.added) out += `${escapeHtml(lead)}<ins>${escapeHtml(core)}</ins>${escapeHtml(trail)}`;
      else {
        // A struck word is not part of the passage: it gets one space on each side it had one,
        // unless the passage's own text already puts one there.
        const next = parts[i + 1]?.value ?? '';
        out += `${lead && !endsWithSpace ? ' ' : ''}<del>${escapeHtml(core)}</del>${trail && next !== '' && !/^\s/.test(next) ? ' ' : ''}`;
      }
    }
    endsWithSpace = /\s$/.test(part.value) || (part.removed === true && endsWithSpace);
  });
  return out;
}

/** The reference passage, with the words that some other passage lacks marked. */
export function markReference(reference: string, others: readonly string[]): string {
  const missing = new Uint8Array(reference.length);
  for (const other of others) {
    if (other === reference) continue;
    let at = 0;
    for (const part of diffWordsWithSpace(reference, other, { ignoreCase: true })) {
      if (part.added) continue;
      if (part.removed && part.value.trim() !== '') missing.fill(1, at, at + part.value.length);
      at += part.value.length;
    }
  }
  let out = '';
  let i = 0;
  while (i < reference.length) {
    let j = i;
    while (j < reference.length && missing[j] === missing[i]) j++;
    const value = escapeHtml(reference.slice(i, j));
    out += missing[i] ? `<mark class="only">${value}</mark>` : value;
    i = j;
  }
  return out;
}
