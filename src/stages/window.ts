import type { Sentences, Windows } from '../types.js';

/**
 * Chooses the spans that get signatures: each sentence of at least `minTokens` words; a sentence
 * longer than `maxTokens` (run-on text, lists, text without punctuation) is covered by
 * overlapping windows of `maxTokens / 2` words every `maxTokens / 4` words, so a copy that starts
 * anywhere inside it still shares most of one window.
 */
export function window(sentences: Sentences, minTokens: number, maxTokens: number): Windows {
  const first: number[] = [];
  const last: number[] = [];
  const size = Math.max(minTokens, Math.floor(maxTokens / 2));
  const stride = Math.max(1, Math.floor(size / 2));
  for (let s = 0; s < sentences.count; s++) {
    const from = sentences.first[s];
    const to = sentences.last[s];
    const length = to - from;
    if (length < minTokens) continue;
    if (length <= maxTokens) {
      first.push(from);
      last.push(to);
      continue;
    }
    for (let at = from; ; at += stride) {
      if (at + size >= to) {
        first.push(to - size);
        last.push(to);
        break;
      }
      first.push(at);
      last.push(at + size);
    }
  }
  return { count: first.length, first: Int32Array.from(first), last: Int32Array.from(last) };
}
