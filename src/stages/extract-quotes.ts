/** A stretch of quoted speech: UTF-16 offsets of the words inside the quote marks. */
export interface Quote {
  readonly start: number;
  readonly end: number;
  /** Who the text says spoke: a name as printed ("Jean-Marc Ayrault"), titles left out; null when
   *  the text names nobody. */
  readonly speaker: string | null;
}

interface Family {
  /** Characters that close a quote opened by this one. */
  readonly close: string;
  /** Straight and single marks double as apostrophes and inch signs: stricter rules apply. */
  readonly ambiguous: boolean;
}

const OPENERS: Record<string, Family> = {
  '"': { close: '"', ambiguous: true },
  '“': { close: '”“', ambiguous: false },
  '„': { close: '“”', ambiguous: false },
  '«': { close: '»', ambiguous: false },
  '‹': { close: '›', ambiguous: false },
  '「': { close: '」', ambiguous: false },
  '『': { close: '』', ambiguous: false },
  "'": { close: "'", ambiguous: true },
  '‘': { close: '’', ambiguous: true },
};

/** Words that introduce or follow quoted speech. */
export const SPEECH_VERBS =
  'said|says|say|told|tells|tell|added|adds|warned|warns|stated|states|declared|declares|explained|explains|insisted|insists|' +
  'noted|notes|wrote|writes|argued|argues|asked|asks|replied|replies|continued|continues|claimed|claims|stressed|stresses|' +
  'concluded|announced|announces|admitted|admits|acknowledged|recalled|remarked|responded|tweeted|posted|commented|' +
  'observed|urged|urges|vowed|vows|promised|pledged|conceded|cautioned|complained|suggested|added|saying|adding|warning|' +
  'telling|writing|arguing|insisting|noting|according to';
/** A sentence that starts with a speech verb: "said Foreign Minister Jean-Marc Ayrault". */
const VERB_FIRST = new RegExp(`^(?:${SPEECH_VERBS})\\s+(.+)$`, 'i');
/** The speech verbs of one word, lower-cased; "according to" is looked for apart. */
const VERB_WORDS = new Set(SPEECH_VERBS.split('|').filter((v) => !v.includes(' ')));
const PRONOUNS = /^(?:he|she|they|him|her)$/i;
/** Head nouns of descriptions that stand for a person just named ("the minister", "the French top diplomat"). */
const PERSON_ROLES = new Set([
  'minister', 'diplomat', 'president', 'premier', 'chancellor', 'spokesman', 'spokeswoman', 'spokesperson', 'official',
  'senator', 'governor', 'mayor', 'leader', 'candidate', 'secretary', 'ambassador', 'envoy', 'chief', 'head', 'director',
  'chairman', 'chairwoman', 'ceo', 'lawmaker', 'mp', 'politician', 'general', 'commander', 'king', 'queen', 'prince',
  'judge', 'prosecutor', 'lawyer', 'attorney', 'professor', 'expert', 'analyst', 'founder', 'executive', 'manager',
  'aide', 'adviser', 'advisor', 'commissioner', 'representative', 'woman', 'man', 'actor', 'actress', 'singer', 'coach',
]);
/** Capitalized words that are titles or descriptions, not names. */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'president', 'prime', 'minister', 'foreign',
  'defence', 'defense', 'interior', 'finance', 'secretary', 'chancellor', 'senator', 'sen', 'rep', 'representative',
  'governor', 'gov', 'general', 'gen', 'mayor', 'judge', 'justice', 'king', 'queen', 'prince', 'princess', 'pope',
  'chief', 'deputy', 'vice', 'spokesman', 'spokeswoman', 'spokesperson', 'ambassador', 'commissioner', 'director',
  'ceo', 'chairman', 'chairwoman', 'leader', 'mp', 'mep', 'state', 'economy', 'health', 'justice', 'kremlin',
  'white', 'house', 'first', 'lady', 'speaker', 'french', 'russian', 'german', 'british', 'american', 'us', 'u.s.',
  'chinese', 'italian', 'spanish', 'european', 'eu', 'un', 'nato', 'the', 'former', 'top', 'party', 'opposition',
]);
/** Lower-case particles inside names: "Ursula von der Leyen", "Marine Le Pen", "Ahmed al-Sharaa". */
const PARTICLES = new Set(['de', 'du', 'des', 'da', 'di', 'do', 'dos', 'van', 'von', 'der', 'den', 'ter', 'la', 'le', 'al', 'el', 'bin', 'ibn', 'y']);

/** How far back an earlier quote's speaker carries to a pronoun or a description ("he added"). */
const CARRY_CHARS = 600;
/** An unattributed quote this close after an attributed one continues it (the next paragraph). */
const CONTINUE_CHARS = 300;

/**
 * Finds quoted speech in straight ("…", '…'), curly (“…”, ‘…’), French («…»), German („…“) and
 * CJK (「…」) quote marks, including quotes that run over paragraph breaks (a paragraph left open
 * and the next one opening with a quote mark again), and the speaker the text names for each:
 * "…," said Foreign Minister Jean-Marc Ayrault · Ayrault told lawmakers: "…" · "…," he added
 * (the speaker of the quote before) · an unattributed quote right after an attributed one.
 * Apostrophes (Russia's, the '90s) never open or close a quote.
 */
export function extractQuotes(text: string): Quote[] {
  const spans = findSpans(text);
  const out: Quote[] = [];
  let previous: { end: number; speaker: string } | null = null;
  for (const span of spans) {
    let speaker = speakerAfter(text, span.closeEnd) ?? speakerBefore(text, span.openStart);
    if (speaker === NOBODY) {
      speaker = null;
    } else if (speaker === PRONOUN || speaker === ROLE) {
      speaker = previous !== null && span.openStart - previous.end <= CARRY_CHARS ? previous.speaker : null;
    } else if (speaker === null && previous !== null && span.openStart - previous.end <= CONTINUE_CHARS) {
      speaker = previous.speaker;
    }
    out.push({ start: span.start, end: span.end, speaker });
    if (speaker !== null) previous = { end: span.closeEnd, speaker };
  }
  return out;
}

const PRONOUN = '\u0000pronoun';
/** A speech verb whose subject is no person ("the presidency said"): look no further. */
const NOBODY = '\u0000nobody';
const ROLE = '\u0000role';

interface RawSpan {
  /** Offset of the opening mark, of the first and after the last quoted character, after the closing mark. */
  openStart: number;
  start: number;
  end: number;
  closeEnd: number;
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

/** Can `text[i]` (an opening mark of family `f`) open a quote here? */
function canOpen(text: string, i: number, f: Family): boolean {
  const before = text[i - 1];
  const after = text[i + 1];
  if (isSpace(after) && f.ambiguous) return false;
  if (!f.ambiguous) return true;
  // Elisions: the '90s, 'em, 'cause, rock 'n' roll.
  if (text[i] !== '"' && /^(?:\d\ds\b|em\b|cause\b|n\b|tis\b|twas\b)/i.test(text.slice(i + 1, i + 7))) return false;
  // An apostrophe inside a word (Russia's) or after one (the students') is no opening mark.
  return before === undefined || /[\s(\[{—–\-/:;,]/.test(before) || /["“‘«]/.test(before);
}

/** Can `text[i]` close a quote opened with family `f`? */
function canClose(text: string, i: number, f: Family): boolean {
  if (!f.ambiguous) return true;
  const before = text[i - 1];
  const after = text[i + 1];
  if (isSpace(before)) return false;
  // "Russia's": a letter on both sides is an apostrophe.
  if (isLetter(before) && isLetter(after)) return false;
  return !isLetter(after);
}

function findSpans(text: string): RawSpan[] {
  const out: RawSpan[] = [];
  // An opening mark that finds no closing one up to `failedUntil` (the end of its paragraph, or
  // of the paragraphs it continued into): every later mark of that kind before that point fails
  // the same way, so it is skipped. Each kind of mark is then scanned over at most once — linear
  // time even on text full of stray quote marks.
  const failedUntil = new Map<string, number>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Only quote marks can open a quote: skip to the next one.
    i = nextMark(text, i, n);
    if (i >= n) break;
    const ch = text[i];
    const family = OPENERS[ch];
    if (family === undefined || i < (failedUntil.get(ch) ?? -1) || !canOpen(text, i, family)) {
      i++;
      continue;
    }
    const closed = closeFrom(text, i, ch, family);
    if ('failedAt' in closed) {
      failedUntil.set(ch, closed.failedAt);
      i++;
      continue;
    }
    const { end, closeEnd } = closed;
    const start = i + 1;
    // Trim spaces just inside the marks.
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (/[\p{L}\p{N}]/u.test(text.slice(s, e))) out.push({ openStart: i, start: s, end: e, closeEnd });
    i = closeEnd;
  }
  return out;
}

/**
 * The closing mark of the quote opened at `at`, looking paragraph by paragraph: a paragraph that
 * ends with the quote open continues it only when the next paragraph opens with the same mark
 * (the convention for quotes that run over several paragraphs); otherwise the mark was not a
 * quote, and `failedAt` says how far the search went.
 */
function closeFrom(text: string, at: number, open: string, f: Family): { end: number; closeEnd: number } | { failedAt: number } {
  let i = at + 1;
  const n = text.length;
  while (i < n) {
    // Only line breaks and quote marks matter here: skip to the next one.
    i = nextMark(text, i, n);
    if (i >= n) break;
    const ch = text[i];
    if (ch === '\n') {
      const next = /\n[ \t\r\n]*/y;
      next.lastIndex = i;
      const m = next.exec(text);
      const j = m ? i + m[0].length : i + 1;
      if (text[j] === open && canOpen(text, j, f)) {
        i = j + 1;
        continue;
      }
      return { failedAt: i };
    }
    if (f.close.includes(ch) && canClose(text, i, f)) return { end: i, closeEnd: i + 1 };
    i++;
  }
  return { failedAt: n };
}

/** Every opening and closing mark of OPENERS, and the line break. */
const MARK = /[\n"“”„«»‹›「」『』'‘’]/g;

/** The offset of the first line break or quote mark at or after `from`, else `n`. */
function nextMark(text: string, from: number, n: number): number {
  MARK.lastIndex = from;
  return MARK.exec(text)?.index ?? n;
}

/** `…," said Foreign Minister Jean-Marc Ayrault.` · `…," Ayrault told lawmakers.` · `…," he added.` */
function speakerAfter(text: string, from: number): string | null {
  const clause = /^[^\n"“”«»„]{0,160}/.exec(text.slice(from))![0];
  const stop = clause.search(/[.;!?](?:\s|$)|:/);
  const part = (stop >= 0 ? clause.slice(0, stop) : clause).trim().replace(/^[,–—-]\s*/, '');
  if (part === '') return null;
  // "said Foreign Minister Jean-Marc Ayrault", "according to Ayrault", "says Mr Smith"
  const verbFirst = VERB_FIRST.exec(part);
  if (verbFirst) return subject(verbFirst[1], true) ?? NOBODY;
  // "Ayrault said", "Kremlin spokesman Dmitry Peskov said", "he told parliament", "the presidency said"
  const verb = speechVerbs(part, true)[0];
  if (verb && verb.index > 0) return subject(part.slice(0, verb.index), false) ?? NOBODY;
  return null;
}

/**
 * The speech verbs of `text` in order (only the first with `first`), as the regular expression
 * `\b(?:SPEECH_VERBS)\b` with the i flag finds them one after another: a verb is a whole word of
 * ASCII letters, digits and underscores ("according to" two words), so each word is looked up once
 * instead of every verb being tried at every position (a third of extracting quotes).
 */
export function speechVerbs(text: string, first: boolean): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordCode(text.charCodeAt(i))) i++;
    if (i - start > LONGEST_VERB) continue;
    const word = text.slice(start, i).toLowerCase();
    let end = -1;
    if (VERB_WORDS.has(word)) end = i;
    else if (word === 'according' && text.charCodeAt(i) === 0x20 && (text.charCodeAt(i + 1) | 0x20) === 0x74 && (text.charCodeAt(i + 2) | 0x20) === 0x6f && !isWordCode(text.charCodeAt(i + 3))) end = i + 3;
    if (end < 0) continue;
    out.push({ index: start, text: text.slice(start, end) });
    if (first) break;
    i = end;
  }
  return out;
}

/** Letters of the longest one-word speech verb. */
const LONGEST_VERB = Math.max(...[...VERB_WORDS].map((v) => v.length), 'according'.length);

/** A character of `\w` (ASCII letters, digits, underscore); NaN past the end is none. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** `Ayrault told the French parliament: "…` · `He said France would set clear limits, '…` · `…, saying it would be better if '…` */
function speakerBefore(text: string, to: number): string | null {
  const window = text.slice(Math.max(0, to - 300), to);
  // Only the words after the sentence start and after any earlier quote in it speak for this one.
  const sentenceStart = Math.max(window.lastIndexOf('\n'), lastSentenceEnd(window), lastClosingMark(window));
  const sentence = window.slice(sentenceStart + 1);
  const verbs = speechVerbs(sentence, false);
  const verb = verbs[verbs.length - 1];
  if (verb === undefined) return null;
  const head = sentence.slice(0, verb.index);
  if (/ing$/i.test(verb.text) || /^according/i.test(verb.text)) {
    if (/^according/i.test(verb.text)) return subject(sentence.slice(verb.index + verb.text.length), true);
    // "Speaking at the National Assembly, Ayrault also took aim at Fillon, saying …": the subject
    // is the name that a verb follows.
    for (const agent of head.matchAll(AGENT)) {
      const name = nameOf(agent[1].split(/\s+/));
      if (name !== null) return name;
    }
  }
  return subject(head, false);
}

const AGENT = /([\p{Lu}][\p{L}.-]+(?:\s+(?:[\p{Lu}][\p{L}.-]+|de|von|van|le|la|al))*)(?![’'])\b,?\s+(?:also\s+|then\s+|later\s+)?(?:[a-z]+ed|took|told|said|says|wrote|spoke|made|gave|went|tells|takes|hit out|lashed out)\b/gu;

/** Offset of the last closing quote mark in `window`, else -1. */
function lastClosingMark(window: string): number {
  let last = -1;
  for (const m of window.matchAll(/[”»」』]|"(?=[\s,.;:)]|$)|(?<=[,.!?])['’](?=\s|$)/g)) last = m.index!;
  return last;
}

function lastSentenceEnd(window: string): number {
  let last = -1;
  const re = /[.!?]["'”’]?\s+(?=[\p{Lu}"“'‘])/gu;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    const word = /(\S+)$/.exec(window.slice(0, m.index))?.[1] ?? '';
    if (/^(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|[A-Z])$/.test(word)) continue;
    last = m.index + m[0].length - 1;
  }
  return last;
}

/**
 * The speaker in a phrase next to a speech verb: the last name in `phrase` (the one nearest the
 * verb), or with `leading` the first one ("said Foreign Minister Jean-Marc Ayrault in a …").
 * A pronoun or a person description ("the French top diplomat") stands for the speaker before.
 */
function subject(phrase: string, leading: boolean): string | null {
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const clean = (w: string): string => w.replace(/^[("'“‘]+|[)"'”’,.;:]+$/g, '');
  const runs: string[][] = [];
  let run: string[] = [];
  for (const raw of words) {
    const w = clean(raw);
    const capital = /^[\p{Lu}]/u.test(w);
    if (capital || (run.length > 0 && PARTICLES.has(w.toLowerCase()))) run.push(w);
    else {
      if (run.length) runs.push(run);
      run = [];
    }
    if (/[,;:]$/.test(raw) && run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);

  const lastWords = words.slice(-4).map((w) => clean(w).toLowerCase());
  const nearest = leading ? words.slice(0, 2).map((w) => clean(w).toLowerCase()) : lastWords.slice(-1);
  if (nearest.some((w) => PRONOUNS.test(w))) return PRONOUN;

  const ordered = leading ? runs : [...runs].reverse();
  for (const r of ordered) {
    const name = nameOf(r);
    if (name !== null) return name;
  }
  const tail = leading ? words.slice(0, 4).map((w) => clean(w).toLowerCase()) : lastWords;
  if (tail.some((w) => PERSON_ROLES.has(w))) return ROLE;
  return null;
}

/** The name in a run of capitalized words, titles dropped: "Foreign Minister Jean-Marc Ayrault" → "Jean-Marc Ayrault". */
function nameOf(run: readonly string[]): string | null {
  const kept: string[] = [];
  for (let i = run.length - 1; i >= 0 && kept.length < 4; i--) {
    const w = run[i];
    if (TITLES.has(w.toLowerCase().replace(/\.$/, '')) && !PARTICLES.has(w.toLowerCase())) break;
    if (/['’]s?$/.test(w)) break;
    kept.unshift(w);
  }
  while (kept.length && PARTICLES.has(kept[0].toLowerCase())) kept.shift();
  if (kept.length === 0) return null;
  const name = kept.join(' ');
  // Sentence-initial words and all-caps acronyms are not names.
  if (/^(?:The|A|An|This|That|It|In|On|At|But|And|As|After|Before|Earlier|Later|Last|Next|When|While|If|They|He|She|We|I|You|One)$/.test(name)) return null;
  // A possessive is no speaker: "Russia's Sputnik news agency said" names Sputnik.
  if (/['’]s?$/.test(name)) return null;
  if (/^[\p{Lu}.]+$/u.test(name) && name.length <= 5) return null;
  return name;
}
