import type { Article, ArticleProfile, Problem, Provenance, PublishedTime } from '../types.js';
import type { WireAgency } from '../wire-agencies.js';
import { extractCredits, type CreditFacts } from './extract-credits.js';
import { parsePublished } from './parse-published.js';

/**
 * What is known of an article's origin, each fact with where it came from: metadata the user gave
 * (front matter, `--meta` CSV, JSONL fields) wins over what the text says (credit lines,
 * datelines, copyright lines, printed dates), which wins over the file name (a domain such as
 * `dailymail.co.uk`, a date such as `2017-02-15`). A metadata value that cannot be read is a
 * problem of that article; the text is consulted instead.
 */
export function describeArticle(
  article: Article,
  agencies: readonly WireAgency[],
  /** `extractCredits(article.text, agencies)`, when the per-article stages already ran it. */
  facts: CreditFacts = extractCredits(article.text, agencies),
): { profile: ArticleProfile; problems: Problem[] } {
  const problems: Problem[] = [];
  const meta = article.meta ?? {};
  const file = fileFacts(article.path);

  let outlet: string | null = null;
  let outletFrom: Provenance | null = null;
  const metaOutlet = clean(meta.outlet);
  const url = clean(meta.url);
  if (metaOutlet !== null) [outlet, outletFrom] = [metaOutlet, 'metadata'];
  else if (url !== null && hostOf(url) !== null) [outlet, outletFrom] = [hostOf(url), 'metadata'];
  else if (facts.outlet !== null) [outlet, outletFrom] = [facts.outlet, 'text'];
  else if (file.outlet !== null) [outlet, outletFrom] = [file.outlet, 'filename'];

  let published: PublishedTime | null = null;
  let publishedFrom: Provenance | null = null;
  const metaPublished = clean(meta.published);
  if (metaPublished !== null) {
    published = parsePublished(metaPublished);
    if (published === null) {
      problems.push({
        path: article.path,
        code: 'META',
        message: `published: expected a date such as 2017-02-15 or 2017-02-15T10:30:00Z, got ${JSON.stringify(metaPublished)}; read from the text instead`,
      });
    } else publishedFrom = 'metadata';
  }
  if (published === null && facts.published !== null) [published, publishedFrom] = [facts.published, 'text'];
  if (published === null && file.published !== null) [published, publishedFrom] = [file.published, 'filename'];

  const credits = [...facts.credits];
  let creditsFrom: Provenance | null = credits.length > 0 ? 'text' : null;
  const outletAgency = outlet === null ? null : agencyNamed(outlet, agencies);
  if (outletAgency !== null && !credits.includes(outletAgency)) {
    credits.unshift(outletAgency);
    creditsFrom ??= outletFrom;
  }

  const title = clean(meta.title);
  return {
    profile: {
      outlet,
      credits,
      wireStory: facts.wireStory || outletAgency !== null,
      dateline: facts.dateline,
      byline: facts.byline,
      published,
      url,
      title,
      provenance: {
        outlet: outletFrom,
        credits: creditsFrom,
        published: publishedFrom,
        url: url === null ? null : 'metadata',
        title: title === null ? 'text' : 'metadata',
      },
    },
    problems,
  };
}

function clean(value: string | undefined): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

function agencyNamed(name: string, agencies: readonly WireAgency[]): string | null {
  const lower = name.toLowerCase();
  for (const a of agencies) if (a.name.toLowerCase() === lower || a.aliases.some((x) => x.toLowerCase() === lower)) return a.name;
  return null;
}

/** "https://www.dailymail.co.uk/news/…" → "dailymail.co.uk" */
export function hostOf(url: string): string | null {
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^www\d*\./, '');
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

const DOMAIN = /(?:^|[_\s-])((?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|uk|de|fr|it|es|ru|cn|in|au|ca|eu|ch|at|nl|be|jp|kr|br|news|info|io))(?=$|[_\s-])/i;
const FILE_DATE = /(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/;

/** A domain and a date in a file name: "www.dailymail.co.uk_2017-02-15_france.txt". */
export function fileFacts(path: string): { outlet: string | null; published: PublishedTime | null } {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).replace(/\.[a-z0-9]{1,5}$/i, '');
  const domain = DOMAIN.exec(base);
  const date = FILE_DATE.exec(base);
  return {
    outlet: domain ? domain[1].toLowerCase().replace(/^www\d*\./, '') : null,
    published: date ? parsePublished(`${date[1]}-${date[2]}-${date[3]}`) : null,
  };
}
