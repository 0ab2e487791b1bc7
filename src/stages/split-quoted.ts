import { Scratch } from '../kernels/scratch.js';
import { ValueSet } from '../kernels/sets.js';
import type { Alignment, ArticleAnalysis } from '../types.js';
import type { Quote } from './extract-quotes.js';
import { hashTokens } from './shingle.js';

export interface SplitQuotedOptions {
  shingleSize: number;
  minPassageTokens: number;
}

/** Quotes shorter than this many words are scare quotes ('retaliation'), part of the narrative. */
const SPEECH_WORDS = 4;

/**
 * Two outlets quoting the same minister are reporting, not copying each other. An alignment
 * between two articles stays a copy only when the words they share outside quoted speech (quotes
 * the text attributes to a speaker, of at least four words) make a
 * passage of their own (at least `minPassageTokens - shingleSize + 1` shared shingles free of
 * quoted words); otherwise it is set aside, and the quote channel reports the speech.
 * "…,' said Foreign Minister Jean-Marc Ayrault." shares four such shingles with another outlet's
 * rendering of the same quote: a quote, not a copy. Alignments inside one article (repeats) stay.
 */
export function splitQuoted(
  alignments: readonly Alignment[],
  analyses: readonly ArticleAnalysis[],
  quotes: readonly (readonly Quote[])[],
  options: SplitQuotedOptions,
): { copy: Alignment[]; quoted: Alignment[] } {
  const k = options.shingleSize;
  const needed = Math.max(1, options.minPassageTokens - k + 1);
  const copy: Alignment[] = [];
  const quoted: Alignment[] = [];
  // Reused sets (see ValueSet): a Set of each side's shingles per alignment was half of this stage.
  const ours = new ValueSet();
  const theirs = new ValueSet();
  for (const alignment of alignments) {
    const { a, b } = alignment;
    if (a.article === b.article) {
      copy.push(alignment);
      continue;
    }
    ours.clear(a.lastToken - a.firstToken);
    const maskA = quotedTokens(analyses[a.article], quotes[a.article] ?? [], a.firstToken, a.lastToken, 0);
    forEachNarrativeShingle(analyses[a.article].tokens.hash, maskA, a.firstToken, a.lastToken, k, (h) => ours.add(h));
    theirs.clear(b.lastToken - b.firstToken);
    let shared = 0;
    const maskB = quotedTokens(analyses[b.article], quotes[b.article] ?? [], b.firstToken, b.lastToken, 1);
    forEachNarrativeShingle(analyses[b.article].tokens.hash, maskB, b.firstToken, b.lastToken, k, (h) => {
      if (theirs.add(h) && ours.has(h)) shared++;
    });
    (shared >= needed ? copy : quoted).push(alignment);
  }
  return { copy, quoted };
}

/**
 * For tokens `[from, to)`, 1 for each inside attributed quoted speech of at least SPEECH_WORDS
 * words (mask[t - from] for token t), in one of two arrays kept from call to call (`slot`), valid
 * until that slot's next use: a mask of every token for each article compared (32,000 arrays at
 * 100,000 articles) was memory V8 counts outside its heap and starts markings for.
 */
function quotedTokens(analysis: ArticleAnalysis, quotes: readonly Quote[], from: number, to: number, slot: 0 | 1): Uint8Array {
  const { count, start } = analysis.tokens;
  const mask = maskScratch.take(slot, to - from).fill(0);
  for (const q of quotes) {
    // Only speech the text attributes to someone: an unattributed block in quote marks may be a
    // title, a slogan or a document's words, which can be copied like any other text.
    if (q.speaker === null) continue;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start[mid] < q.start) lo = mid + 1;
      else hi = mid;
    }
    let t = lo;
    while (t < count && start[t] < q.end) t++;
    if (t - lo >= SPEECH_WORDS) mask.fill(1, Math.max(lo, from) - from, Math.max(Math.min(t, to), from) - from);
  }
  return mask;
}

const maskScratch = new Scratch((n) => new Uint8Array(n), 2);

/** Calls `visit` with the hash of each k-gram of `hash[from, to)` free of quoted words (`mask`,
 *  one value per token from `from`). */
function forEachNarrativeShingle(hash: Uint32Array, mask: Uint8Array, from: number, to: number, k: number, visit: (shingle: number) => void): void {
  let run = 0; // quoted tokens in the current k-gram
  for (let i = from; i < to; i++) {
    run += mask[i - from];
    if (i - from >= k) run -= mask[i - from - k];
    if (i - from >= k - 1 && run === 0) visit(hashTokens(hash, i - k + 1, k));
  }
}
