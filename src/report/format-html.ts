import { createHash } from 'node:crypto';
import type { ClusterKind, Report, ReportArticle, ReportCluster, ReportMember } from '../types.js';
import {
  creditsOf, directionOf, edgesOf, hasDirections, isWebAddress, originalityOf, outletOf, outletsOf, publishedOf, roleOf, speakerOf,
  pairEvidenceOf, undeterminedOf, urlOf, type CopyEdge,
} from './extras.js';
import { highlightText, type Highlight } from './html/article-text.js';
import { copyGraphSvg, formatChars, MAX_NODES, type GraphLink, type GraphNode } from './html/graph.js';
import { diffAgainst, markReference } from './html/passages.js';
import { STYLE } from './html/style.js';
import { insights, nodeName, shortNames, type Coverage, type Insights } from './insights.js';
import { escapeHtml as h } from './sanitize.js';

export interface HtmlFormatOptions {
  /** Article texts by id, for the article view; without them it lists each article's passages. */
  texts?: ReadonlyMap<string, string>;
}

/** Passages shown side by side per cluster; the rest are listed as links. */
const MAX_SIDE_BY_SIDE = 12;
/** Links to other copies shown where a passage starts in the article view. */
const MAX_REFS = 6;

const KIND_TEXT: Record<ClusterKind, string> = {
  copy: 'the same passage in different articles',
  repeat: 'a passage one article prints more than once',
  quote: 'the same quotation reported by different articles: reporting, not copying',
  boilerplate: "an outlet's template text (footers, newsletter blurbs, copyright lines) in many of its articles: not reuse",
};
const KINDS: readonly ClusterKind[] = ['copy', 'quote', 'repeat', 'boilerplate'];

/**
 * The HTML report: one self-contained file that opens from disk. Every piece of report text is
 * escaped; the Content-Security-Policy allows nothing but the report's own stylesheet (by hash),
 * so no script, image, font or connection can come from the content even if escaping failed.
 */
export function formatHtml(report: Report, options: HtmlFormatOptions = {}): string {
  const facts = insights(report);
  const names = shortNames(report.articles.map((a) => a.id));
  const ctx: Ctx = {
    report,
    facts,
    names,
    byId: new Map(report.articles.map((a) => [a.id, a])),
    anchors: new Map(report.articles.map((a, i) => [a.id, `art-${i + 1}`])),
    texts: options.texts,
  };
  const s = report.summary;
  const folder = commonFolder(report.articles.map((a) => a.id));
  const title = `Text reuse report: ${plural(s.articles, 'article')}, ${plural(s.clusters, 'cluster')}`;
  const hash = createHash('sha256').update(STYLE).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;

  const body = [
    '<a class="skip" href="#main">Skip to the report</a>',
    '<header class="top">',
    `<h1>${h(title)}</h1>`,
    `<p>${folder ? `Articles in <code>${h(folder)}/</code> · ` : ''}newsdedup ${h(report.tool.version)}</p>`,
    '</header>',
    '<nav class="toc" aria-label="Sections"><ul>',
    '<li><a href="#overview">Overview</a></li>',
    '<li><a href="#graph">Copy graph</a></li>',
    report.pairs.length ? '<li><a href="#pairs">Article pairs</a></li>' : '',
    '<li><a href="#clusters">Clusters</a></li>',
    '<li><a href="#texts">Article texts</a></li>',
    report.problems.length ? '<li><a href="#problems">Problems</a></li>' : '',
    '</ul></nav>',
    '<main id="main">',
    overview(ctx),
    graph(ctx),
    pairs(ctx),
    clusters(ctx),
    texts(ctx),
    problems(ctx),
    footer(report),
    '</main>',
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="newsdedup">',
    `<title>${h(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((line) => line !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

interface Ctx {
  readonly report: Report;
  readonly facts: Insights;
  readonly names: ReadonlyMap<string, string>;
  readonly byId: ReadonlyMap<string, ReportArticle>;
  readonly anchors: ReadonlyMap<string, string>;
  readonly texts: ReadonlyMap<string, string> | undefined;
}

/** "Daily Mail · 000_25b0….txt" when the outlet is known, else the file's name. */
function label(ctx: Ctx, id: string): string {
  const a = ctx.byId.get(id);
  const name = ctx.names.get(id) ?? id;
  const outlet = a ? outletOf(a) : null;
  return outlet ? `${outlet} · ${name}` : name;
}

function articleLink(ctx: Ctx, id: string, href = `#${ctx.anchors.get(id) ?? ''}`): string {
  return `<a class="name" href="${h(href)}">${h(label(ctx, id))}</a>`;
}

function overview(ctx: Ctx): string {
  const { report, facts } = ctx;
  const s = report.summary;
  const outlets = new Set(report.articles.map(outletOf).filter((o): o is string => o !== null));
  const kinds = KINDS.filter((k) => s.clustersByKind[k] > 0).map((k) => `${s.clustersByKind[k]} ${k}`).join(' · ');
  const cards: string[] = [
    card('Articles', String(s.articles), outlets.size ? plural(outlets.size, 'outlet') : s.problems ? `${plural(s.problems, 'input')} unreadable` : ''),
    card('Clusters', String(s.clusters), kinds || 'no shared passages'),
    card('Text found in another article', percent(s.reusedShare), `${formatChars(s.reusedChars)} of ${formatChars(s.chars)}`),
    card('Near-duplicate articles', String(s.duplicates), `${plural(s.pairs, 'article pair')} share text`),
  ];
  if (facts.mostCopied) {
    const m = facts.mostCopied;
    cards.push(facts.directed
      ? card('Most copied', m.name, `${formatChars(m.chars)} taken by ${plural(m.articles, 'article')}`)
      : card('Most shared', m.name, `text found in ${plural(m.articles, 'other article')}`));
  }
  if (facts.leastOriginal) {
    const l = facts.leastOriginal;
    cards.push(card('Least original', label(ctx, l.article),
      l.measured === 'originality' ? `${percent(l.share)} original` : `only ${percent(l.share)} of its text is its own`));
  }

  const hasOutlet = outlets.size > 0;
  const hasPublished = report.articles.some((a) => publishedOf(a) !== null);
  const hasOriginality = report.articles.some((a) => originalityOf(a) !== null);
  const rows = report.articles.map((a) => articleRow(ctx, a)).join('\n');
  return [
    '<section id="overview" aria-labelledby="overview-h">',
    '<h2 id="overview-h">Overview</h2>',
    `<dl class="figures">${cards.join('')}</dl>`,
    '<ul class="legend" aria-label="Kinds of cluster">',
    ...KINDS.map((k) => `<li><span class="badge b-${k}">${k}</span> ${h(KIND_TEXT[k])}</li>`),
    '</ul>',
    '<table class="articles">',
    '<caption>How much of each article is its own</caption>',
    '<thead><tr><th scope="col">Article</th>' +
      (hasOutlet ? '<th scope="col">Outlet</th>' : '') +
      (hasPublished ? '<th scope="col">Published</th>' : '') +
      '<th scope="col" class="num">Words</th><th scope="col">Text</th>' +
      (hasOriginality ? '<th scope="col" class="num"><abbr title="Share of the article not taken from an earlier or upstream article: text it is the source of counts as its own">Not copied</abbr></th>' : '') +
      '<th scope="col">Title</th></tr></thead>',
    `<tbody>${rows}</tbody>`,
    '</table>',
    '<ul class="legend" aria-label="Bar colours">',
    '<li><span class="swatch s-shared"></span>reused: also in another article</li>',
    '<li><span class="swatch s-common"></span>quotes other articles also report, or the outlet\'s template text</li>',
    '<li><span class="swatch s-repeated"></span>repeated inside the article</li>',
    '<li><span class="swatch s-original"></span>found nowhere else</li>',
    '</ul>',
    '</section>',
  ].join('\n');

  function articleRow(c: Ctx, a: ReportArticle): string {
    const cov = c.facts.coverage.get(a.id)!;
    const originality = originalityOf(a);
    return '<tr>' +
      `<th scope="row">${hasOutlet ? `<a class="name" href="#${c.anchors.get(a.id)}">${h(c.names.get(a.id) ?? a.id)}</a>` : articleLink(c, a.id)}${a.duplicateOf ? ` <span class="muted">(near-duplicate of ${h(label(c, a.duplicateOf))})</span>` : ''}</th>` +
      (hasOutlet ? `<td>${h(outletOf(a) ?? '—')}</td>` : '') +
      (hasPublished ? `<td class="nowrap">${h(publishedOf(a)?.replace(/T.*$/, '') ?? '—')}</td>` : '') +
      `<td class="num">${a.words.toLocaleString('en-US')}</td>` +
      `<td class="bar-cell">${bar(cov)}<small>${h(coverageText(cov))}</small></td>` +
      (hasOriginality ? `<td class="num">${originality === null ? '—' : percent(originality)}</td>` : '') +
      `<td class="title">${h(a.title)}</td>` +
      '</tr>';
  }
}

function card(term: string, value: string, detail: string): string {
  return `<div><dt>${h(term)}</dt><dd${[...value].length > 12 ? ' class="long"' : ''}>${h(value)}${detail ? `<small>${h(detail)}</small>` : ''}</dd></div>`;
}

function bar(cov: Coverage): string {
  if (cov.chars === 0) return '';
  const w = (n: number): number => Math.round((n / cov.chars) * 1000) / 10;
  const shared = w(cov.shared);
  const common = w(cov.common);
  const repeated = w(cov.repeatedOnly);
  return '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">' +
    `<rect class="original" x="0" y="0" width="100" height="10"/>` +
    `<rect class="shared" x="0" y="0" width="${shared}" height="10"/>` +
    `<rect class="common" x="${shared}" y="0" width="${common}" height="10"/>` +
    `<rect class="repeated" x="${Math.round((shared + common) * 10) / 10}" y="0" width="${repeated}" height="10"/></svg>`;
}

function coverageText(cov: Coverage): string {
  if (cov.chars === 0) return 'empty';
  const parts = [`${percent(cov.shared / cov.chars)} reused`];
  if (cov.common > 0) parts.push(`${percent(cov.common / cov.chars)} quoted or template`);
  if (cov.repeatedOnly > 0) parts.push(`${percent(cov.repeatedOnly / cov.chars)} repeated`);
  parts.push(`${percent(cov.original / cov.chars)} nowhere else`);
  return parts.join(' · ');
}

function graph(ctx: Ctx): string {
  const { report, facts, names } = ctx;
  const counts = new Map<string, number>();
  for (const a of report.articles) counts.set(nodeName(a, names), (counts.get(nodeName(a, names)) ?? 0) + 1);
  const links: GraphLink[] = facts.flows.map((f) => ({
    ...f, directed: true, title: `${f.from} → ${f.to}: ${formatChars(f.chars)} copied in ${plural(f.clusters, 'cluster')}`,
  }));
  // Pairs whose direction is undetermined (or every pair, when the report has no directions).
  const shared = new Map<string, GraphLink>();
  for (const p of report.pairs) {
    if (facts.directed && directionOf(p) !== null) continue;
    const x = nodeName(ctx.byId.get(p.a)!, names);
    const y = nodeName(ctx.byId.get(p.b)!, names);
    if (x === y) continue;
    const [from, to] = x < y ? [x, y] : [y, x];
    const key = `${from}\u0000${to}`;
    const chars = Math.max(p.sharedChars.a, p.sharedChars.b) + (shared.get(key)?.chars ?? 0);
    shared.set(key, { from, to, chars, directed: false, title: `${from} and ${to}: ${formatChars(chars)} shared, direction undetermined` });
  }
  links.push(...[...shared.values()].sort((x, y) => y.chars - x.chars || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : 1)));
  const involved = new Map<string, number>();
  for (const l of links) {
    involved.set(l.from, (involved.get(l.from) ?? 0) + l.chars);
    involved.set(l.to, (involved.get(l.to) ?? 0) + l.chars);
  }
  let nodeNames = [...counts.keys()].sort();
  let dropped = 0;
  if (nodeNames.length > MAX_NODES) {
    const kept = new Set([...nodeNames].sort((x, y) => (involved.get(y) ?? 0) - (involved.get(x) ?? 0) || (x < y ? -1 : 1)).slice(0, MAX_NODES));
    dropped = nodeNames.length - kept.size;
    nodeNames = nodeNames.filter((n) => kept.has(n));
  }
  const nodes: GraphNode[] = nodeNames.map((name) => ({ name, articles: counts.get(name) ?? 0 }));
  const kept = new Set(nodeNames);
  const drawn = links.filter((l) => kept.has(l.from) && kept.has(l.to));
  const label = facts.directed ? 'Copy graph: who took text from whom' : 'Which articles share text';
  const caption = facts.directed
    ? 'Arrows point from the source to the outlet that took its text; dashed lines join outlets that share text whose direction is undetermined. Widths grow with the characters.'
    : 'Lines join articles that share text; their width grows with the characters shared. This report does not say who copied whom, so the lines have no arrows.';
  const rows = links.map((l) => '<tr>' +
    `<td>${h(l.from)}</td><td aria-label="${l.directed ? 'copied by' : 'shares text with'}">${l.directed ? '→' : '⇄'}</td><td>${h(l.to)}</td>` +
    `<td class="num">${h(formatChars(l.chars))}</td><td>${l.directed ? 'copied' : 'shared, direction undetermined'}</td></tr>`);
  return [
    '<section id="graph" aria-labelledby="graph-h">',
    `<h2 id="graph-h">${facts.directed ? 'Copy graph' : 'Shared text between articles'}</h2>`,
    links.length === 0
      ? '<p class="note">No two articles share a passage.</p>'
      : [
        '<figure class="graph-figure">',
        copyGraphSvg(nodes, drawn, label),
        `<figcaption>${h(caption)}${dropped ? ` ${h(`The ${dropped} least connected nodes are left out of the drawing; the table lists every link.`)}` : ''}</figcaption>`,
        '</figure>',
        '<table class="flows">',
        `<caption>${h(label)}</caption>`,
        '<thead><tr><th scope="col">From</th><th scope="col"><span class="skip">link</span></th><th scope="col">To</th>' +
          '<th scope="col" class="num">Characters</th><th scope="col">What</th></tr></thead>',
        `<tbody>${rows.join('')}</tbody>`,
        '</table>',
      ].join('\n'),
    outletTable(ctx),
    '</section>',
  ].join('\n');
}

/** The report's per-outlet summary, when it has one: how much each outlet took from which. */
function outletTable(ctx: Ctx): string {
  const outlets = outletsOf(ctx.report);
  if (outlets.length === 0) return '';
  const rows = outlets.map((o) => '<tr>' +
    `<th scope="row">${h(o.name)}</th><td class="num">${o.articles}</td>` +
    `<td class="num">${o.originality === null ? '—' : percent(o.originality)}</td>` +
    `<td>${o.takesFrom.map((t) => `${h(t.outlet)} <span class="muted">${h(formatChars(t.chars))}</span>`).join('<br>') || '—'}</td>` +
    `<td>${o.sharesWith.map((t) => `${h(t.outlet)} <span class="muted">${h(formatChars(t.chars))}</span>`).join('<br>') || '—'}</td></tr>`);
  return [
    '<table class="outlets">',
    '<caption>Outlets: who took how much from whom</caption>',
    '<thead><tr><th scope="col">Outlet</th><th scope="col" class="num">Articles</th><th scope="col" class="num">Original</th>' +
      '<th scope="col">Took text from</th><th scope="col">Shares text with (direction undetermined)</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function pairs(ctx: Ctx): string {
  const { report } = ctx;
  if (report.pairs.length === 0) return '';
  const directed = hasDirections(report);
  const rows = report.pairs.map((p) => {
    const dir = directionOf(p);
    return '<tr>' +
      `<td>${articleLink(ctx, p.a)}</td><td>${articleLink(ctx, p.b)}</td><td>${h(p.relation)}</td>` +
      `<td class="num">${percent(p.containment.a)}</td><td class="num">${percent(p.containment.b)}</td>` +
      (directed ? `<td>${dir ? edgeText(ctx, dir) : 'undetermined'}${evidenceList(dir ? dir.evidence : pairEvidenceOf(p))}</td>` : '') +
      '</tr>';
  });
  return [
    '<section id="pairs" aria-labelledby="pairs-h">',
    '<h2 id="pairs-h">Article pairs</h2>',
    '<p class="note"><strong>duplicate</strong>: each is mostly in the other · <strong>derived</strong>: one is mostly in the other · '
      + '<strong>partial</strong>: they share some passages.</p>',
    '<table>',
    '<caption>Every two articles that share text</caption>',
    '<thead><tr><th scope="col">Article A</th><th scope="col">Article B</th><th scope="col">Relation</th>' +
      '<th scope="col" class="num">A found in B</th><th scope="col" class="num">B found in A</th>' +
      (directed ? '<th scope="col">Direction</th>' : '') + '</tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

function evidenceList(evidence: readonly string[]): string {
  return evidence.length ? `<ul class="evidence">${evidence.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : '';
}

function edgeText(ctx: Ctx, e: CopyEdge): string {
  return `${h(label(ctx, e.from))} <span class="arrow" aria-label="copied by">→</span> ${h(label(ctx, e.to))}` +
    (e.confidence === null ? '' : ` <span class="muted">(confidence ${e.confidence.toFixed(2)})</span>`);
}

function clusters(ctx: Ctx): string {
  const { report } = ctx;
  const counts = KINDS.filter((k) => report.summary.clustersByKind[k] > 0);
  return [
    '<section id="clusters" aria-labelledby="clusters-h">',
    '<h2 id="clusters-h">Clusters</h2>',
    report.clusters.length === 0
      ? '<p class="note">No passage was found in more than one place.</p>'
      : [
        '<p class="note">Each cluster is a passage found in several places. Passages stand side by side; '
          + 'words are compared with the reference passage (the source when it is known, else the first):</p>',
        '<ul class="legend" aria-label="Word differences">',
        '<li><span class="swatch s-ins"></span>words only in this passage</li>',
        '<li><span class="swatch s-del"></span>reference words this passage lacks (struck)</li>',
        '<li><span class="swatch s-only"></span>reference words missing from another passage</li>',
        '</ul>',
        `<ul class="kinds" aria-label="Clusters by kind">${counts.map((k) => `<li><span class="badge b-${k}">${k}</span> ${report.summary.clustersByKind[k]}</li>`).join('')}</ul>`,
        ...report.clusters.map((c) => cluster(ctx, c)),
      ].join('\n'),
    '</section>',
  ].join('\n');
}

function memberAnchor(cluster: ReportCluster, index: number): string {
  return `p-${cluster.id}-${index + 1}`;
}

function cluster(ctx: Ctx, c: ReportCluster): string {
  const articles = new Set(c.members.map((m) => m.article));
  const edges = edgesOf(c);
  const speaker = speakerOf(c);
  const chars = Math.max(...c.members.map((m) => m.end - m.start));
  const facts = [
    c.kind === 'repeat' && articles.size === 1 ? `${c.members.length} times in one article` : plural(articles.size, 'article'),
    plural(c.members.length, 'passage'),
    `similarity ${c.similarity.toFixed(2)}`,
    `up to ${formatChars(chars)}`,
  ];
  let direction: string;
  const reasons: string[] = [];
  const undetermined = undeterminedOf(c);
  if (edges.length > 0 || undetermined.length > 0) {
    direction = [
      ...edges.map((e) => edgeText(ctx, e)),
      ...undetermined.map((u) => `${h(label(ctx, u.a))} <span class="arrow" aria-label="and">⇄</span> ${h(label(ctx, u.b))} <span class="muted">(direction undetermined)</span>`),
    ].join('<br>');
    for (const e of edges) reasons.push(...e.evidence);
    for (const u of undetermined) reasons.push(...u.evidence);
  } else if (c.kind === 'repeat') {
    direction = articles.size === 1
      ? `Printed ${c.members.length} times in ${articleLink(ctx, c.members[0].article)}.`
      : 'Printed more than once inside the same article.';
  } else if (c.kind === 'quote') {
    direction = speaker ? `A quotation of <strong>${h(speaker)}</strong>, reported by each article.` : 'A quotation reported by each article.';
  } else if (c.kind === 'boilerplate') {
    direction = "Template text of one outlet, at the start or end of many of its articles: not counted as reuse or copying.";
  } else {
    direction = 'Direction not determined: the report has no evidence of who copied whom.';
  }
  reasons.push(c.kind === 'quote'
    ? `similarity ${c.similarity.toFixed(2)}: the lowest similarity between two of its quotations, measured to tolerate translation variants`
    : `similarity ${c.similarity.toFixed(2)}: any two of its passages share at least ${percent(c.similarity)} of their ${shingleSize(ctx.report)}-word sequences (exact Jaccard)`);
  const roles = c.members.map(roleOf);
  const reference = Math.max(0, roles.indexOf('source'));
  const shown = c.members.slice(0, MAX_SIDE_BY_SIDE);
  const others = c.members.filter((_, i) => i !== reference).map((m) => m.text);
  const passages = shown.map((m, i) => {
    const role = roles[i];
    const body = i === reference ? markReference(m.text, others) : diffAgainst(c.members[reference].text, m.text);
    return '<figure class="passage">' +
      `<header>${articleLink(ctx, m.article, `#${memberAnchor(c, i)}`)}` +
      `<span class="muted">characters ${m.start.toLocaleString('en-US')}–${m.end.toLocaleString('en-US')}</span>` +
      (role === 'source' || role === 'copy' ? `<span class="role role-${role}">${role}</span>` : '') +
      (i === reference && c.members.length > 1 ? '<span class="muted">reference</span>' : '') +
      `</header><blockquote>${body}</blockquote></figure>`;
  });
  const rest = c.members.slice(MAX_SIDE_BY_SIDE).map((m, j) =>
    `<li>${articleLink(ctx, m.article, `#${memberAnchor(c, MAX_SIDE_BY_SIDE + j)}`)} <span class="muted">characters ${m.start}–${m.end}</span></li>`);
  return [
    `<section class="cluster k-${c.kind}" id="cluster-${h(c.id)}" aria-labelledby="cluster-${h(c.id)}-h" data-kind="${c.kind}">`,
    `<div class="cluster-head"><h3 id="cluster-${h(c.id)}-h">${h(c.id)}</h3><span class="badge b-${c.kind}">${c.kind}</span>` +
      `<span class="muted">${h(facts.join(' · '))}</span></div>`,
    `<p class="direction">${direction}</p>`,
    `<ul class="evidence" aria-label="Reasons">${reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`,
    `<div class="passages">${passages.join('\n')}</div>`,
    rest.length ? `<p class="note">${rest.length} more passages:</p><ul class="passage-list">${rest.join('')}</ul>` : '',
    '</section>',
  ].filter(Boolean).join('\n');
}

function shingleSize(report: Report): number {
  const n = report.options.shingleSize;
  return typeof n === 'number' ? n : 3;
}

function texts(ctx: Ctx): string {
  const { report } = ctx;
  const byArticle = new Map<string, { cluster: ReportCluster; member: ReportMember; index: number }[]>();
  for (const c of report.clusters) {
    c.members.forEach((member, index) => {
      const list = byArticle.get(member.article) ?? [];
      list.push({ cluster: c, member, index });
      byArticle.set(member.article, list);
    });
  }
  const sections = report.articles.map((a) => {
    const found = byArticle.get(a.id) ?? [];
    const text = ctx.texts?.get(a.id);
    const meta: string[] = [];
    if (a.title) meta.push(`<strong>${h(a.title)}</strong>`);
    const outlet = outletOf(a);
    if (outlet) meta.push(`outlet ${h(outlet)}`);
    const credits = creditsOf(a);
    if (credits.length) meta.push(`credits ${h(credits.join(', '))}`);
    const published = publishedOf(a);
    if (published) meta.push(`published ${h(published)}`);
    const url = urlOf(a);
    if (url) meta.push(isWebAddress(url) ? `<a href="${h(url)}" rel="noopener noreferrer nofollow">${h(url)}</a>` : h(url));
    meta.push(`${a.words.toLocaleString('en-US')} words`, `${plural(found.length, 'passage')} in clusters`);
    let content: string;
    if (found.length === 0) {
      content = '<p class="note">No passage of this article was found anywhere else.</p>';
    } else if (text !== undefined) {
      const highlights: Highlight[] = found.map(({ cluster: c, member, index }) => ({
        key: `${c.id}.${index + 1}`,
        anchor: memberAnchor(c, index),
        kind: c.kind,
        start: member.start,
        end: member.end,
        refs: refs(ctx, c, index),
      }));
      content = `<div class="article-text" lang="">${highlightText(text, highlights)}</div>`;
    } else {
      content = '<p class="note">The article text is not part of this report; its passages in clusters:</p><ul class="passage-list">' +
        found.map(({ cluster: c, member, index }) =>
          `<li id="${memberAnchor(c, index)}"><a href="#cluster-${h(c.id)}">${h(c.id)}</a> <span class="muted">characters ${member.start}–${member.end}</span> ` +
            `“${h(member.text)}”</li>`).join('') + '</ul>';
    }
    const anchor = ctx.anchors.get(a.id)!;
    return [
      `<section class="article" id="${anchor}" aria-labelledby="${anchor}-h">`,
      `<h3 id="${anchor}-h"><span class="name">${h(label(ctx, a.id))}</span></h3>`,
      `<p class="meta">${meta.join(' · ')}</p>`,
      `<p class="meta">${h(a.path)}</p>`,
      content,
      '</section>',
    ].join('\n');
  });
  return [
    '<section id="texts" class="articles-view" aria-labelledby="texts-h">',
    '<h2 id="texts-h">Article texts</h2>',
    '<p class="note">Passages found in a cluster are highlighted '
      + '(<span class="swatch s-copy"></span>copy, <span class="swatch s-quote"></span>quote, '
      + '<span class="swatch s-repeat"></span>repeat, <span class="swatch s-boilerplate"></span>boilerplate). '
      + 'The small links before a passage lead to its cluster and to the same passage elsewhere.</p>',
    ...sections,
    '</section>',
  ].join('\n');
}

/** Links shown where a passage starts: its cluster, then the same passage in the other places. */
function refs(ctx: Ctx, c: ReportCluster, index: number): string {
  const self = c.members[index];
  const others = c.members.map((m, i) => ({ m, i })).filter(({ i }) => i !== index);
  const links = others.slice(0, MAX_REFS).map(({ m, i }) => {
    const where = m.article === self.article ? 'again in this article' : `in ${label(ctx, m.article)}`;
    const text = m.article !== self.article ? shortLabel(ctx, m.article) : i < index ? '↑ earlier' : '↓ later';
    return `<a href="#${memberAnchor(c, i)}" aria-label="${h(`the same passage ${where}, characters ${m.start}–${m.end}`)}">${h(text)}</a>`;
  });
  const more = others.length > MAX_REFS ? `<a href="#cluster-${h(c.id)}">+${others.length - MAX_REFS}</a>` : '';
  return `<a href="#cluster-${h(c.id)}" aria-label="${h(`cluster ${c.id}, ${c.kind}`)}">${h(c.id)}</a>${links.join('')}${more}`;
}

/** "Daily Mail", or the first characters of a file name: "000_25b0…". */
function shortLabel(ctx: Ctx, id: string): string {
  const a = ctx.byId.get(id);
  const outlet = a ? outletOf(a) : null;
  const text = outlet ?? ctx.names.get(id) ?? id;
  const chars = [...text];
  return chars.length <= 14 ? text : chars.slice(0, 13).join('') + '…';
}

function problems(ctx: Ctx): string {
  const { report } = ctx;
  if (report.problems.length === 0) return '';
  return [
    '<section id="problems" class="problems" aria-labelledby="problems-h">',
    '<h2 id="problems-h">Problems</h2>',
    '<p class="note">These inputs could not be scanned; the rest of the report does not include them.</p>',
    `<ul>${report.problems.map((p) => `<li><span class="name">${h(p.path)}</span>: ${h(p.message)}</li>`).join('')}</ul>`,
    '</section>',
  ].join('\n');
}

function footer(report: Report): string {
  const settings = Object.entries(report.options).map(([k, v]) => `${k} ${v === null ? '—' : String(v)}`).join(' · ');
  return `<footer><p>Made by newsdedup ${h(report.tool.version)} (${h(report.schema)}). Similarities are exact Jaccard similarities of word sequences; `
    + `offsets count Unicode code points. Settings: ${h(settings)}.</p></footer>`;
}

function commonFolder(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const dirs = ids.map((id) => (id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : ''));
  return dirs.every((d) => d === dirs[0]) ? dirs[0] : '';
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
