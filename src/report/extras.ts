import type { Report, ReportArticle, ReportCluster, ReportMember, ReportPair } from '../types.js';

/**
 * Optional facts a report may carry (outlets, credits, dates, direction, quotes), read with
 * runtime checks: the formatters render them when present and fall back to what the engine's
 * core fields say when they are not, so a report written by an older version still renders.
 */

export interface CopyEdge {
  /** Article ids: the source and the article that took the text. */
  readonly from: string;
  readonly to: string;
  readonly confidence: number | null;
  readonly evidence: readonly string[];
}

export type MemberRole = 'source' | 'copy' | 'unknown';

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === 'string' ? v : text(field(v, 'name')) ?? text(field(v, 'text')) ?? '')).filter((v) => v !== '');
}

export function outletOf(article: ReportArticle): string | null {
  return text(field(article, 'outlet'));
}

export function creditsOf(article: ReportArticle): string[] {
  return strings(field(article, 'credits'));
}

export function publishedOf(article: ReportArticle): string | null {
  return text(field(article, 'published'));
}

export function urlOf(article: ReportArticle): string | null {
  return text(field(article, 'url'));
}

/** Only http(s) addresses may become links: anything else (`javascript:`, `data:`) stays text. */
export function isWebAddress(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

/** Share of the article's characters not found in an earlier or upstream article, when known. */
export function originalityOf(article: ReportArticle): number | null {
  const value = number(field(article, 'originality'));
  return value === null ? null : Math.min(1, Math.max(0, value));
}

export function speakerOf(cluster: ReportCluster): string | null {
  return text(field(cluster, 'speaker'));
}

export function roleOf(member: ReportMember): MemberRole | null {
  const role = field(member, 'role');
  return role === 'source' || role === 'copy' || role === 'unknown' ? role : null;
}

function edgeFrom(value: unknown): CopyEdge | null {
  const from = text(field(value, 'from'));
  const to = text(field(value, 'to'));
  if (from === null || to === null) return null;
  return { from, to, confidence: number(field(value, 'confidence')), evidence: strings(field(value, 'evidence')) };
}

/** Source → copy edges of a cluster, when the report says who copied whom. */
export function edgesOf(cluster: ReportCluster): CopyEdge[] {
  const edges = field(cluster, 'edges');
  if (!Array.isArray(edges)) return [];
  return edges.map(edgeFrom).filter((e): e is CopyEdge => e !== null);
}

/** The direction of an article pair, when the report decided one. */
export function directionOf(pair: ReportPair): CopyEdge | null {
  return edgeFrom(field(pair, 'direction'));
}

/** True when any cluster or pair of the report carries direction data. */
export function hasDirections(report: Report): boolean {
  return report.clusters.some((c) => Array.isArray(field(c, 'edges'))) || report.pairs.some((p) => field(p, 'direction') !== undefined);
}

export interface OutletSummary {
  readonly name: string;
  readonly articles: number;
  readonly originality: number | null;
  readonly takesFrom: readonly { readonly outlet: string; readonly chars: number }[];
  readonly sharesWith: readonly { readonly outlet: string; readonly chars: number }[];
}

function flows(value: unknown): { outlet: string; chars: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const outlet = text(field(v, 'outlet'));
    const chars = number(field(v, 'chars'));
    return outlet === null || chars === null ? [] : [{ outlet, chars }];
  });
}

/** The report's per-outlet summary, when it carries one. */
export function outletsOf(report: Report): OutletSummary[] {
  const outlets = field(report, 'outlets');
  if (!Array.isArray(outlets)) return [];
  return outlets.flatMap((o) => {
    const name = text(field(o, 'name'));
    if (name === null) return [];
    const articles = field(o, 'articles');
    return [{
      name,
      articles: Array.isArray(articles) ? articles.length : 0,
      originality: number(field(o, 'originality')),
      takesFrom: flows(field(o, 'takesFrom')),
      sharesWith: flows(field(o, 'sharesWith')),
    }];
  });
}

/** Article pairs of a copy cluster whose direction is undetermined, with the reasons. */
export function undeterminedOf(cluster: ReportCluster): { a: string; b: string; evidence: string[] }[] {
  const links = field(cluster, 'undetermined');
  if (!Array.isArray(links)) return [];
  return links.flatMap((l) => {
    const a = text(field(l, 'a'));
    const b = text(field(l, 'b'));
    return a === null || b === null ? [] : [{ a, b, evidence: strings(field(l, 'evidence')) }];
  });
}

/** Why a pair's direction could not be decided, when the report says. */
export function pairEvidenceOf(pair: ReportPair): string[] {
  return strings(field(pair, 'evidence'));
}
