import { lowerBound } from './sets.js';

/**
 * Converts UTF-16 offsets of `text` to Unicode code point offsets, the report's unit (so that
 * Python's `text[start:end]` quotes the same passage). Identity when the text has no astral characters.
 */
export function codePointCounter(text: string): (utf16Offset: number) => number {
  // A regular expression finds the first high surrogate about twice as fast as a charCodeAt loop.
  if (!HIGH_SURROGATE.test(text)) return identity;
  // The second halves of surrogate pairs, ascending: an offset counts one code point less for each
  // of them before it. Held per article for the whole report, so it grows with the astral
  // characters, not with the text.
  const seconds: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const before = text.charCodeAt(i - 1);
      if (before >= 0xd800 && before <= 0xdbff) seconds.push(i);
    }
  }
  const at = Int32Array.from(seconds);
  return (offset) => offset - lowerBound(at, offset);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

const identity = (offset: number): number => offset;

/** An article's code point counter and the length of its text in UTF-16 code units. */
type Counted = { readonly counter: (utf16Offset: number) => number; readonly length: number };

/** Where an article made here (`own`, see countCodePoints) keeps its counter: a property that is
 *  not enumerable. Others' articles are not given properties; theirs are in a WeakMap, which a
 *  million entries would slow (each young-generation collection during marking visits them all). */
const COUNTED = Symbol('code point counter');
const counters = new WeakMap<{ readonly text: string }, Counted>();

function keptOn(article: { readonly text: string }): Counted | undefined {
  return (article as unknown as Record<symbol, Counted | undefined>)[COUNTED];
}

function countedOf(article: { readonly text: string }): Counted {
  // One read of the text: a stored text (see stored-text) is decoded on every read.
  return keptOn(article) ?? counters.get(article) ?? countCodePoints(article, article.text);
}

/**
 * Makes codePointCounterOf's counter of an article from its text in hand: stored-text does it when
 * it stores a text, so that the counter costs no decoding later. `own`: the article was made by
 * newsdedup (stored-text), so the counter can be kept on it.
 */
export function countCodePoints(
  article: { readonly text: string },
  text: string,
  own = false,
): Counted {
  const counted = { counter: codePointCounter(text), length: text.length };
  if (own) Object.defineProperty(article, COUNTED, { value: counted, writable: true });
  else counters.set(article, counted);
  return counted;
}

/**
 * countCodePoints(article, text, true) for a text of `length` UTF-16 code units known to have no
 * surrogate pairs (see storeUtf8): its counter is the identity, and the text is not needed.
 */
export function countBmpCodePoints(article: { readonly text: string }, length: number): void {
  Object.defineProperty(article, COUNTED, { value: { counter: identity, length }, writable: true });
}

/** Gives `copy`, an article of newsdedup's own with the same text as `article` (stored-text's
 *  withFields), the counter `article` keeps, so that the copy needs neither a decode nor a WeakMap entry. */
export function shareCodePoints(article: { readonly text: string }, copy: { readonly text: string }): void {
  const counted = keptOn(article);
  if (counted) Object.defineProperty(copy, COUNTED, { value: counted, writable: true });
}

/**
 * codePointCounter of an article's text, made once per article: relate, attribution and the
 * report each convert offsets of every article.
 */
export function codePointCounterOf(article: { readonly text: string }): (utf16Offset: number) => number {
  return countedOf(article).counter;
}

/** The length of an article's text in code points, found with codePointCounterOf. */
export function codePointLengthOf(article: { readonly text: string }): number {
  const { counter, length } = countedOf(article);
  return counter(length);
}
