import type { WireAgency } from '../wire-agencies.js';
import { DAY_MONTH_YEAR, MONTH_DAY_YEAR, fromParts, parsePublished, type PublishedTime } from './parse-published.js';

/** What an article's own text says about where it comes from. */
export interface CreditFacts {
  /** The publisher the text names: the outlet of a credit line (`AFP/The Local`) or a copyright holder that is not an agency. */
  readonly outlet: string | null;
  /** Wire agencies the text credits, by their reported names, in order of first appearance. */
  readonly credits: readonly string[];
  /** The article opens with a wire dateline (`PARIS, Feb. 15 (Xinhua) --`): it is a wire story. */
  readonly wireStory: boolean;
  readonly dateline: string | null;
  /** The person a `By …` line names, when it names one. */
  readonly byline: string | null;
  /** A publication time printed near the top (`15 Feb, 2017`, `Published: …`, else `Updated …`). */
  readonly published: PublishedTime | null;
}

/** Credits, datelines and bylines stand in the first lines; copyright and "contributed" lines at the end. */
const HEAD_CHARS = 1500;
const TAIL_CHARS = 1000;

/**
 * Reads wire credits, datelines, bylines, copyright lines and printed timestamps from the top and
 * bottom of an article. Short agency acronyms count only in credit positions, so "AP" or "PA" in
 * running text is never a credit.
 *
 *   "PARIS, Feb. 15 (Xinhua) -- French Foreign Minister …"  → credits [Xinhua], wire story
 *   "AFP/The Local - [email protected] • 15 Feb, 2017 …"         → outlet The Local, credits [AFP], published 2017-02-15
 *   "© Copyright IBTimes 2024. All rights reserved."         → outlet IBTimes
 */
export function extractCredits(text: string, agencies: readonly WireAgency[]): CreditFacts {
  const find = agencyFinder(agencies);
  const head = text.slice(0, HEAD_CHARS);
  const tail = text.length > HEAD_CHARS ? text.slice(Math.max(HEAD_CHARS, text.length - TAIL_CHARS)) : '';
  const credits: string[] = [];
  const credit = (name: string | null): void => {
    if (name !== null && !credits.includes(name)) credits.push(name);
  };
  let outlet: string | null = null;
  let dateline: string | null = null;
  let byline: string | null = null;

  const headLines = head.split('\n').slice(0, 40);
  const tailLines = tail.split('\n');
  for (const raw of [...headLines, ...tailLines]) {
    const line = raw.trim();
    if (line === '' || line.length > 300) continue;

    // Most lines are running text: each pattern below runs only on a line holding the characters
    // it cannot match without (the same results, without a regular expression per line and pattern).
    const paren = line.includes('(');
    // Dateline: "PARIS, Feb. 15 (Xinhua) --", "WASHINGTON (AP) —", "Berlin (dpa) -", "LONDON, Feb 15 (Reuters) -"
    const d = paren || line.includes('/') ? DATELINE.exec(line) : null;
    if (d) {
      const named = splitNames(d[2]).map((n) => find(n, true));
      if (named.some((n) => n !== null)) {
        named.forEach(credit);
        if (dateline === null) dateline = d[0].trim();
        continue;
      }
    }

    // Credit line: "AFP/The Local - [email protected] • 15 Feb, 2017", "Reuters/AP", "dpa/jh"
    const lead = line.includes('/') ? line.split(/\s+[-–—•|]\s+|\s*[•|]\s*/)[0].trim() : '';
    if (lead.includes('/') && !/^https?:/i.test(lead)) {
      const parts = lead.split(/\s*\/\s*/).filter(Boolean);
      const named = parts.map((p) => find(p, true));
      if (named.some((n) => n !== null)) {
        named.forEach(credit);
        const other = parts.find((p, i) => named[i] === null && looksLikeName(p));
        if (outlet === null && other !== undefined) outlet = other;
        continue;
      }
    }

    // Byline: "By John Smith, Associated Press", "By REUTERS", "By AFP", "By Jane Doe and Max Muster | dpa"
    const b = /^by\s+(.{2,120})$/i.exec(line);
    if (b) {
      const parts = splitNames(b[1]);
      let person: string | null = null;
      for (const p of parts) {
        const agency = find(p, true) ?? find(p.replace(/\s+(?:staff|reporters?|correspondents?|in\s+\S+)$/i, ''), true);
        if (agency !== null) credit(agency);
        else if (person === null && looksLikeName(p)) person = p;
      }
      if (byline === null && person !== null) byline = person;
      continue;
    }

    // A line that is only a credit: "(AFP)", "— AFP", "Source: Reuters", "(with AFP)", "Reuters", "Xinhua"
    const only = /^[(\[]?\s*(?:[-–—]+\s*)?(?:(?:source|sources|credit|via|with|from|text)\s*:?\s+)?([^()\[\]]{2,60}?)\s*[)\]]?\.?$/i.exec(line);
    if (only) {
      const named = splitNames(only[1]).map((n) => find(n, true));
      if (named.length > 0 && named.every((n) => n !== null)) {
        named.forEach(credit);
        continue;
      }
    }

    // Copyright: "© Copyright IBTimes 2024. All rights reserved.", "Copyright 2017 The Associated Press."
    const c = line.includes('©') || /\(c\)|copyright/i.test(line) ? COPYRIGHT.exec(line) : null;
    if (c) {
      const holder = c[1].replace(/\s+\d{4}$/, '').replace(/\s+(?:all rights reserved|ltd|limited|inc|llc|plc|gmbh)\.?$/i, '').trim();
      const agency = find(holder, true);
      if (agency !== null) credit(agency);
      else if (outlet === null && looksLikeName(holder)) outlet = holder;
    }

    // "(AFP) —" opening a paragraph, "… he said. (AFP)" closing one, "Reuters contributed to this report."
    if (paren) {
      for (const m of line.matchAll(EDGE_CREDIT)) {
        const named = splitNames(m[1] ?? m[2]).map((n) => find(n, true));
        if (named.every((n) => n !== null)) named.forEach(credit);
      }
    }
    if (line.includes('contributed')) for (const m of line.matchAll(CONTRIBUTED)) splitNames(m[1]).forEach((n) => credit(find(n, false)));
  }

  return { outlet, credits, wireStory: dateline !== null, dateline, byline, published: printedTime(headLines.slice(0, 15).filter((l) => l.trim().length <= 160).join('\n')) };
}

// "PARIS, Feb. 15 (Xinhua) --", "MADRID, 3 mar (EFE).-", "MOSCOW, February 15. /TASS/.", "OTTAWA — (The Canadian Press) —"
const DATELINE = /^([\p{Lu}][\p{L} .'’-]{1,40}?)(?:,\s*[^()\n/]{1,30}?)?\s*(?:[-–—]\s*)?[(/]([^()/\n]{2,60})[)/]\s*(?:\.?-|[-–—]{1,2}|:|\.)(?:\s|$)/u;
const COPYRIGHT = /(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?([\p{Lu}][^\n.,;|©]{1,60}?)\s*(?:\d{4}\s*)?(?:[.,;|]|all rights|$)/iu;
const EDGE_CREDIT = /^\(([^()]{2,40})\)\s*[-–—]|\(([^()]{2,40})\)\s*$/g;
const CONTRIBUTED = /([\p{Lu}][\p{L} .,&-]{1,60}?)\s+contributed\s+to\s+this\s+(?:report|story|article)/gu;

/** "Reuters and AFP", "AFP, dpa", "AP/Reuters" → names. */
function splitNames(text: string): string[] {
  return text
    .replace(/^(?:with|and|by|via|from|source:|sources:)\s+/i, '')
    .split(/\s*(?:,|;|\/|\||\s-\s|\band\b|&)\s*/i)
    .map((p) => p.trim().replace(/^the\s+(?=[A-Z])/, (m) => (/^the\s+(associated|canadian)/i.test(p) ? m : '')).replace(/[.:]+$/, ''))
    .filter(Boolean);
}

/** A short proper name: starts with a capital, at most six words, no sentence inside. */
function looksLikeName(text: string): boolean {
  const t = text.trim();
  return /^[\p{Lu}\p{N}]/u.test(t) && t.split(/\s+/).length <= 6 && !/[.!?]\s/.test(t) && !/@|\[email/.test(t) && t.length <= 60;
}

/**
 * `find(text, whole)`: the agency `text` names, else null. With `whole`, the text must be an
 * alias and nothing else. Aliases of up to four letters must match in case ("AP", "dpa", "PA").
 */
function agencyFinder(agencies: readonly WireAgency[]): (text: string, whole: boolean) => string | null {
  let finder = finders.get(agencies);
  if (!finder) finders.set(agencies, (finder = buildAgencyFinder(agencies)));
  return finder;
}

/** One finder per agency list: building it for every article was a tenth of credit extraction. */
const finders = new WeakMap<readonly WireAgency[], (text: string, whole: boolean) => string | null>();

function buildAgencyFinder(agencies: readonly WireAgency[]): (text: string, whole: boolean) => string | null {
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const a of agencies) {
    for (const alias of a.aliases) {
      if (alias.length <= 4) exact.set(alias, a.name);
      else folded.set(alias.toLowerCase(), a.name);
    }
  }
  const longAliases = [...folded.keys()].sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
  return (text, whole) => {
    const t = text.trim().replace(/^the\s+/i, (m) => (folded.has(text.trim().toLowerCase()) ? m : ''));
    const hit = exact.get(t) ?? folded.get(t.toLowerCase()) ?? folded.get(text.trim().toLowerCase());
    if (hit !== undefined || whole) return hit ?? null;
    const lower = text.toLowerCase();
    for (const alias of longAliases) if (lower.includes(alias)) return folded.get(alias)!;
    return null;
  };
}

const LABEL = /\b(published|posted|first published|updated|last updated|last modified|modified)\b\s*:?\s*(?:on\s+)?$/i;

/** Printed times, each with how its match reads; global patterns made once (lastIndex reset per use). */
const TIME_PATTERNS: readonly [RegExp, (m: RegExpExecArray) => PublishedTime | null][] = [
  [new RegExp(DAY_MONTH_YEAR.source, 'gi'), (m) => fromParts(m[3], m[2], m[1], m.slice(4))],
  [new RegExp(MONTH_DAY_YEAR.source, 'gi'), (m) => fromParts(m[3], m[1], m[2], m.slice(4))],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, (m) => parsePublished(m[0])],
];

/**
 * The publication time printed in the short lines at the top (not in the prose, whose dates are
 * news, not metadata): a date labelled "Published"/"Posted" first, else the
 * first unlabelled date, else an "Updated" one (the latest the article can have appeared).
 */
function printedTime(head: string): PublishedTime | null {
  const found: { at: number; label: string; time: PublishedTime }[] = [];
  for (const [pattern, read] of TIME_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(head); m !== null; m = pattern.exec(head)) {
      const time = read(m);
      if (time === null) continue;
      const before = head.slice(Math.max(0, m.index - 30), m.index);
      const label = LABEL.exec(before)?.[1].toLowerCase() ?? '';
      found.push({ at: m.index, label, time });
    }
  }
  found.sort((x, y) => x.at - y.at);
  const isUpdate = (label: string): boolean => /updated|modified/.test(label);
  return (
    found.find((f) => f.label === 'published' || f.label === 'posted' || f.label === 'first published')?.time ??
    found.find((f) => !isUpdate(f.label))?.time ??
    found[0]?.time ??
    null
  );
}
