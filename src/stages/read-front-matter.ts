import type { ArticleMeta } from '../types.js';

export interface FrontMatter {
  readonly meta: ArticleMeta;
  /** The article's text with the block replaced by spaces (line breaks kept): same length, so
   *  every offset still refers to the file, and nothing in the block is scanned. */
  readonly text: string;
}

/** Field names accepted for each metadata field (Jekyll, Hugo and Pandoc spell them differently). */
const FIELDS: Record<string, keyof ArticleMeta> = {
  outlet: 'outlet', publisher: 'outlet', source: 'outlet', site: 'outlet', site_name: 'outlet', publication: 'outlet',
  published: 'published', date: 'published', pubdate: 'published', published_at: 'published', datepublished: 'published',
  url: 'url', link: 'url', canonical: 'url', canonical_url: 'url',
  title: 'title', headline: 'title',
};

/** A block longer than this is not front matter but text that happens to start with a rule. */
const MAX_LINES = 60;

/**
 * Reads a `---` … `---` (or `...`) block of `key: value` lines at the very top of a file. Returns
 * null when the text does not start with a closed block. Unknown keys are ignored; values may be
 * quoted.
 *
 *   ---
 *   outlet: Daily Mail
 *   published: 2017-02-15T10:30:00Z
 *   url: https://www.dailymail.co.uk/news/article-4227164
 *   title: France vows 'retaliation' if Russia meddles in elections
 *   ---
 */
export function readFrontMatter(text: string): FrontMatter | null {
  const first = /^---[ \t]*\r?\n/.exec(text);
  if (!first) return null;
  const meta: Record<string, string> = {};
  let at = first[0].length;
  for (let line = 0; line < MAX_LINES && at < text.length; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    const row = text.slice(at, end).replace(/\r?\n$/, '');
    at = end;
    if (/^(?:---|\.\.\.)[ \t]*$/.test(row)) {
      return { meta: meta as ArticleMeta, text: blank(text, at) };
    }
    if (row.trim() === '' || row.trimStart().startsWith('#')) continue;
    const kv = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(row);
    if (!kv) {
      if (/^[ \t]/.test(row) || /^-\s/.test(row)) continue; // nested YAML (lists, maps) of fields we do not read
      return null;
    }
    const field = FIELDS[kv[1].toLowerCase()];
    const value = unquote(kv[2].trim());
    if (field !== undefined && value !== '' && meta[field] === undefined) meta[field] = value;
  }
  return null;
}

function unquote(value: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"$|^'((?:[^']|'')*)'$/.exec(value);
  if (!m) return value.replace(/\s+#.*$/, '');
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].replace(/''/g, "'");
}

/** Spaces for every character of `text[0, end)` but line breaks. */
function blank(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
