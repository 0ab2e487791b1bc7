import type {
  ArticlePair, ArticleProfile, Attribution, ClusterAttribution, Cluster, CopyDirection, MemberRole, PairAttribution,
  ReportOutlet, Span,
} from '../types.js';
import { coveredLength } from './relate.js';

export interface AttributeInput {
  readonly clusters: readonly Cluster[];
  /** Article pairs related by copy clusters (relate over copy clusters only). */
  readonly pairs: readonly ArticlePair[];
  readonly profiles: readonly ArticleProfile[];
  /** Article ids, for outlet summaries. */
  readonly ids: readonly string[];
  /** Short names of the articles used in evidence sentences ("001"). */
  readonly tags: readonly string[];
  /** Article lengths in code points. */
  readonly lengths: readonly number[];
  /** Converts a UTF-16 offset of an article to code points. */
  readonly toCodePoint: (article: number, offset: number) => number;
  /** A cluster spanning more articles than this is judged as a star, its first article against
   *  each other, as `relate` pairs it: 10 000 copies give 9 999 decisions, not 50 million. */
  readonly maxClusterArticles?: number;
}

/*
 * Weights of the direction rules, in log-odds: the fused confidence is the logistic of their sum.
 * Time is the strongest single signal (passim, Smith et al. 2014, orders reprints by date alone);
 * a wire credit is nearly as strong, since outlets credit the agency they took the text from; the
 * layout of the shared text (containment) is weak and never decides on its own.
 */
const W_TIME = 2.2; // ≈ 0.90 alone
const W_WIRE_STORY = 1.8; // ≈ 0.86: a wire story itself against an uncredited article
const W_CREDIT = 1.4; // ≈ 0.80: an article crediting an agency against one crediting none
const W_WIRE_OVER_CREDIT = 0.8; // the agency's own story against an outlet crediting it
const W_CONTAINMENT = 0.6; // ≈ 0.65: never decides alone
/** Rules this strong or stronger contradicting each other make a pair undetermined, whatever the sum. */
const STRONG = 1.4;
/** Below this fused confidence a direction is undetermined. */
export const MIN_CONFIDENCE = 0.7;
/** Interleaving: own characters between the shared passages that make an article the copy … */
const MIN_INTERLEAVED = 200;
/** … when the other article has at most a third as many (plus this slack). */
const INTERLEAVE_SLACK = 100;

/** The evidence of a pair that shares only quoted speech. */
export const QUOTE_ONLY = 'quote: they share only quoted speech; quoting the same speaker is reporting, not copying';

interface Vote {
  /** +1: a is upstream of b; -1: b of a. */
  readonly sign: 1 | -1;
  readonly weight: number;
  readonly rule: string;
  readonly text: string;
}

/**
 * Decides, for every article pair that shares copied passages, which one is upstream, fusing:
 * publication time (earlier is the source; overlapping or unknown times do not vote), wire
 * credits (an agency's own story, or an article crediting an agency, is upstream of uncredited
 * copies; two articles crediting the same agency are two copies of one source and do not vote),
 * and containment (the source carries the shared text in one stretch, the copy interleaves it
 * with material of its own). Strong rules that contradict each other, or a fused confidence under
 * 0.7, leave the pair undetermined — with the evidence that was found.
 *
 * Then: edges and member roles for every copy cluster, each article's originality (share of its
 * characters not found in an earlier or upstream article) and a per-outlet summary.
 */
export function attribute(input: AttributeInput): Attribution {
  const { clusters, profiles, lengths, toCodePoint } = input;
  const star = (articles: readonly number[]): boolean => articles.length > (input.maxClusterArticles ?? Infinity);
  const shared = sharedSpans(clusters, toCodePoint, star);
  const decisions = new Map<string, PairAttribution>();
  const pairs = input.pairs.map((p) => {
    const decision = decide(p.a, p.b, input, shared.get(`${p.a}:${p.b}`));
    decisions.set(`${p.a}:${p.b}`, decision);
    return decision;
  });
  const decisionOf = (x: number, y: number): PairAttribution => {
    const key = x < y ? `${x}:${y}` : `${y}:${x}`;
    let d = decisions.get(key);
    if (!d) {
      d = decide(Math.min(x, y), Math.max(x, y), input, shared.get(key));
      decisions.set(key, d);
    }
    return d;
  };

  const nonOriginal = profiles.map((): { start: number; end: number }[] => []);
  const clusterResults: ClusterAttribution[] = clusters.map((cluster) => {
    const articles = [...new Set(cluster.members.map((m) => m.article))].sort((x, y) => x - y);
    if (cluster.kind !== 'copy' || articles.length < 2) {
      return { edges: [], undetermined: [], roles: cluster.members.map((): MemberRole => 'unknown') };
    }
    const spansOf = new Map<number, { start: number; end: number }[]>();
    for (const m of cluster.members) {
      const list = spansOf.get(m.article) ?? [];
      list.push({ start: toCodePoint(m.article, m.start), end: toCodePoint(m.article, m.end) });
      spansOf.set(m.article, list);
    }
    const chars = new Map<number, number>();
    const charsOf = (article: number): number => {
      let c = chars.get(article);
      if (c === undefined) chars.set(article, (c = coveredLength(spansOf.get(article) ?? [])));
      return c;
    };
    const edges: (CopyDirection & { chars: number })[] = [];
    const undetermined: { a: number; b: number; evidence: readonly string[]; chars: number }[] = [];
    for (let i = 0; i < (star(articles) ? 1 : articles.length); i++) {
      for (let j = i + 1; j < articles.length; j++) {
        const d = decisionOf(articles[i], articles[j]);
        if (d.direction) edges.push({ ...d.direction, chars: charsOf(d.direction.to) });
        else undetermined.push({ a: articles[i], b: articles[j], evidence: d.evidence, chars: Math.max(charsOf(articles[i]), charsOf(articles[j])) });
      }
    }
    edges.sort((x, y) => x.from - y.from || x.to - y.to);
    const copies = new Set(edges.map((e) => e.to));
    const sources = new Set(edges.map((e) => e.from));
    const roles = cluster.members.map((m): MemberRole => (copies.has(m.article) ? 'copy' : sources.has(m.article) ? 'source' : 'unknown'));
    // Some other article is earlier than m exactly when the earliest end of a publication time is
    // before m's start (m's own end never is).
    let earliestEnd = Infinity;
    for (const o of articles) if (profiles[o].published) earliestEnd = Math.min(earliestEnd, profiles[o].published!.hi);
    for (const m of cluster.members) {
      const published = profiles[m.article].published;
      const upstream = copies.has(m.article) || (published !== null && earliestEnd < published.lo);
      if (upstream) nonOriginal[m.article].push({ start: toCodePoint(m.article, m.start), end: toCodePoint(m.article, m.end) });
    }
    return { edges, undetermined, roles };
  });

  const copiedChars = nonOriginal.map((spans) => coveredLength(spans));
  const originality = copiedChars.map((c, i) => ratio(lengths[i] - c, lengths[i], 1));
  return { pairs, clusters: clusterResults, copiedChars, originality, outlets: outletSummary(input, [...decisions.values()], copiedChars) };
}

function decide(a: number, b: number, input: AttributeInput, spans: { a: Span[]; b: Span[] } | undefined): PairAttribution {
  const { profiles, tags } = input;
  if (spans === undefined) {
    return { a, b, direction: null, evidence: [QUOTE_ONLY], chars: { a: 0, b: 0 } };
  }
  const chars = { a: coveredLength(spans.a), b: coveredLength(spans.b) };
  const pa = profiles[a];
  const pb = profiles[b];
  const name = (i: number): string => (profiles[i].outlet ? `${tags[i]} (${profiles[i].outlet})` : tags[i]);
  const votes: Vote[] = [];
  const notes: string[] = [];
  const vote = (sign: 1 | -1, weight: number, rule: string, text: string): void => {
    votes.push({ sign, weight, rule, text: `${rule}: ${text}` });
  };

  // Time: earlier is the source, when the two times cannot overlap.
  if (pa.published && pb.published) {
    if (pa.published.hi < pb.published.lo) vote(1, W_TIME, 'time', `${name(a)} was published ${pa.published.iso}, before ${name(b)} (${pb.published.iso})`);
    else if (pb.published.hi < pa.published.lo) vote(-1, W_TIME, 'time', `${name(b)} was published ${pb.published.iso}, before ${name(a)} (${pa.published.iso})`);
    else notes.push(`time: ${name(a)} (${pa.published.iso}) and ${name(b)} (${pb.published.iso}) may have appeared at the same time; time does not decide`);
  } else {
    const missing = [pa.published ? null : name(a), pb.published ? null : name(b)].filter(Boolean);
    notes.push(`time: no publication time for ${missing.join(' and ')}`);
  }

  // Wire credits: the agency's story and credited articles are upstream of uncredited ones.
  const level = (p: ArticleProfile): number => (p.wireStory ? 2 : p.credits.length > 0 ? 1 : 0);
  const describe = (i: number): string => {
    const p = profiles[i];
    if (p.wireStory) return `${name(i)} is a ${p.credits.join('/')} wire story${p.dateline ? ` (dateline "${p.dateline}")` : ''}`;
    if (p.credits.length > 0) return `${name(i)} credits ${p.credits.join(' and ')}, a wire agency`;
    return `${name(i)} credits no agency`;
  };
  const la = level(pa);
  const lb = level(pb);
  const common = pa.credits.filter((c) => pb.credits.includes(c));
  if (la !== lb) {
    const [hi, lo, sign] = la > lb ? [a, b, 1 as const] : [b, a, -1 as const];
    const diff = Math.abs(la - lb);
    const weight = diff === 2 ? W_WIRE_STORY : la === 0 || lb === 0 ? W_CREDIT : W_WIRE_OVER_CREDIT;
    const sameAgency = common.length > 0 ? ` (its source)` : '';
    vote(sign, weight, profiles[hi].wireStory ? 'wire' : 'credit', `${describe(hi)}; ${describe(lo)}${sameAgency}`);
  } else if (la > 0 && common.length > 0) {
    notes.push(`credit: both credit ${common.join(' and ')}: two copies of one wire story (same source), neither took it from the other`);
  } else if (la > 0) {
    notes.push(`credit: ${describe(a)}; ${describe(b)}: credits do not decide`);
  } else {
    notes.push('credit: neither credits a wire agency');
  }

  // Containment: the copy interleaves the shared text with its own material.
  if (spans && spans.a.length > 0 && spans.b.length > 0) {
    const ga = interleaved(spans.a);
    const gb = interleaved(spans.b);
    if (ga >= MIN_INTERLEAVED && ga >= 3 * gb + INTERLEAVE_SLACK) {
      vote(-1, W_CONTAINMENT, 'containment', `${name(a)} interleaves the shared text with ${count(ga)} characters of its own; ${name(b)} carries it in one stretch (${count(gb)} between)`);
    } else if (gb >= MIN_INTERLEAVED && gb >= 3 * ga + INTERLEAVE_SLACK) {
      vote(1, W_CONTAINMENT, 'containment', `${name(b)} interleaves the shared text with ${count(gb)} characters of its own; ${name(a)} carries it in one stretch (${count(ga)} between)`);
    }
  }

  votes.sort((x, y) => y.weight - x.weight || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0));
  const sum = votes.reduce((s, v) => s + v.sign * v.weight, 0);
  const confidence = Math.round((1 / (1 + Math.exp(-Math.abs(sum)))) * 100) / 100;
  const strongFor = votes.filter((v) => v.sign === 1 && v.weight >= STRONG);
  const strongAgainst = votes.filter((v) => v.sign === -1 && v.weight >= STRONG);
  const evidence = [...votes.map((v) => v.text), ...notes];

  if (strongFor.length > 0 && strongAgainst.length > 0) {
    return { a, b, direction: null, evidence: [`undetermined: the evidence conflicts (${strongFor[0].rule} against ${strongAgainst[0].rule})`, ...evidence], chars };
  }
  if (votes.length === 0) return { a, b, direction: null, evidence: ['undetermined: no rule decides', ...evidence], chars };
  if (sum === 0 || confidence < MIN_CONFIDENCE) {
    return { a, b, direction: null, evidence: [`undetermined: the evidence is too weak (confidence ${confidence.toFixed(2)})`, ...evidence], chars };
  }
  const [from, to] = sum > 0 ? [a, b] : [b, a];
  return { a, b, direction: { from, to, confidence, evidence }, evidence, chars };
}

/** Characters between the first and last shared passage that are not shared. */
function interleaved(spans: readonly Span[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spans) {
    lo = Math.min(lo, s.start);
    hi = Math.max(hi, s.end);
  }
  return hi - lo - coveredLength(spans);
}

/** For each article pair (a < b) of the copy clusters, both articles' shared spans, in code points. */
function sharedSpans(
  clusters: readonly Cluster[],
  cp: (article: number, offset: number) => number,
  star: (articles: readonly number[]) => boolean,
): Map<string, { a: Span[]; b: Span[] }> {
  const out = new Map<string, { a: Span[]; b: Span[] }>();
  for (const cluster of clusters) {
    if (cluster.kind !== 'copy') continue;
    const byArticle = new Map<number, Span[]>();
    for (const m of cluster.members) {
      const list = byArticle.get(m.article) ?? [];
      list.push({ ...m, start: cp(m.article, m.start), end: cp(m.article, m.end) });
      byArticle.set(m.article, list);
    }
    const articles = [...byArticle.keys()].sort((x, y) => x - y);
    for (let i = 0; i < (star(articles) ? 1 : articles.length); i++) {
      for (let j = i + 1; j < articles.length; j++) {
        const key = `${articles[i]}:${articles[j]}`;
        let entry = out.get(key);
        if (!entry) out.set(key, (entry = { a: [], b: [] }));
        entry.a.push(...byArticle.get(articles[i])!);
        entry.b.push(...byArticle.get(articles[j])!);
      }
    }
  }
  return out;
}


/** The name an article goes by in outlet summaries: its outlet, else its credits, else its tag. */
export function outletKey(profile: ArticleProfile, tag: string): { name: string; known: boolean } {
  if (profile.outlet !== null) return { name: profile.outlet, known: true };
  if (profile.credits.length > 0) return { name: `${profile.credits.join('/')} (${tag})`, known: false };
  return { name: tag, known: false };
}

function outletSummary(input: AttributeInput, decisions: readonly PairAttribution[], copiedChars: readonly number[]): ReportOutlet[] {
  const { profiles, tags, ids, lengths } = input;
  const keys = profiles.map((p, i) => outletKey(p, tags[i]));
  const outlets = new Map<string, { known: boolean; articles: number[]; takes: Map<string, { chars: number; articles: Set<number> }>; shares: Map<string, number> }>();
  keys.forEach((k, i) => {
    let o = outlets.get(k.name);
    if (!o) outlets.set(k.name, (o = { known: k.known, articles: [], takes: new Map(), shares: new Map() }));
    o.articles.push(i);
  });
  for (const d of decisions) {
    const charsOf = (i: number): number => (i === d.a ? d.chars.a : d.chars.b);
    if (d.direction) {
      const taker = outlets.get(keys[d.direction.to].name)!;
      const from = keys[d.direction.from].name;
      const entry = taker.takes.get(from) ?? { chars: 0, articles: new Set<number>() };
      entry.chars += charsOf(d.direction.to);
      entry.articles.add(d.direction.to);
      taker.takes.set(from, entry);
    } else if (d.evidence[0] !== QUOTE_ONLY) {
      const chars = Math.max(d.chars.a, d.chars.b);
      for (const [x, y] of [[d.a, d.b], [d.b, d.a]]) {
        const o = outlets.get(keys[x].name)!;
        const other = keys[y].name;
        o.shares.set(other, (o.shares.get(other) ?? 0) + chars);
      }
    }
  }
  const byName = (x: { name: string }, y: { name: string }): number => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return [...outlets.entries()]
    .map(([name, o]) => {
      const chars = o.articles.reduce((s, i) => s + lengths[i], 0);
      const copied = o.articles.reduce((s, i) => s + copiedChars[i], 0);
      return {
        name,
        known: o.known,
        articles: o.articles.map((i) => ids[i]),
        chars,
        copiedChars: copied,
        originality: ratio(chars - copied, chars, 1),
        takesFrom: [...o.takes.entries()]
          .map(([outlet, t]) => ({ outlet, chars: t.chars, articles: t.articles.size }))
          .sort((x, y) => y.chars - x.chars || (x.outlet < y.outlet ? -1 : 1)),
        sharesWith: [...o.shares.entries()].map(([outlet, chars]) => ({ outlet, chars })).sort((x, y) => y.chars - x.chars || (x.outlet < y.outlet ? -1 : 1)),
      };
    })
    .sort(byName);
}

function ratio(part: number, whole: number, empty: number): number {
  return whole === 0 ? empty : Math.round((part / whole) * 1e4) / 1e4;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Short names for evidence sentences: the part of the file name before "_" when that is unique ("001"), else the file name. */
export function articleTags(ids: readonly string[]): string[] {
  const base = ids.map((id) => id.slice(id.lastIndexOf('/') + 1));
  const stem = base.map((b) => b.replace(/\.[a-z0-9]{1,5}$/i, ''));
  const prefix = stem.map((b) => (b.indexOf('_') > 0 ? b.slice(0, b.indexOf('_')) : b));
  if (new Set(prefix).size === prefix.length) return prefix;
  if (new Set(stem).size === stem.length) return stem;
  return [...ids];
}
