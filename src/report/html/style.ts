/**
 * The report's only stylesheet, inline so the file opens from disk with no network. System fonts
 * only. Colours were chosen for WCAG AA contrast: body text #1b1f24 on white is 16:1, links
 * #0b57d0 are 6.4:1, white on each kind badge is at least 4.6:1, and marks are light tints
 * under dark text.
 */
export const STYLE = `
:root { color-scheme: light; --text: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --link: #0b57d0; --copy: #b3400a; --repeat: #1864ab; --quote: #2b8a3e; --boilerplate: #495057;
  --copy-tint: #ffe0c2; --repeat-tint: #d6e8ff; --quote-tint: #d3f2d9; --boilerplate-tint: #e9ecef; --original: #ced4da; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  color: var(--text); background: #fff; line-height: 1.5; font-size: 16px; }
body { margin: 0; }
a { color: var(--link); }
a:focus-visible, summary:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem 1rem; z-index: 2; }
header.top { background: #14213d; color: #fff; padding: 1.25rem 2rem 1rem; }
header.top h1 { margin: 0; font-size: 1.6rem; letter-spacing: .01em; }
header.top p { margin: .25rem 0 0; color: #dbe2ef; }
header.top code { color: #fff; }
nav.toc { background: #14213d; padding: 0 2rem .75rem; }
nav.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0; padding: 0; }
nav.toc a { color: #ffffff; font-weight: 600; text-decoration: none; border-bottom: 2px solid #7aa2ff; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 2rem 3rem; }
h2 { font-size: 1.35rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0 0 .4rem; }
p.note, .muted { color: var(--muted); }
p.note { margin: .25rem 0 .75rem; max-width: 60rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; margin: 1rem 0; }
dl.figures div { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; background: var(--soft); }
dl.figures dt { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl.figures dd { margin: .15rem 0 0; font-size: 1.35rem; font-weight: 700; }
dl.figures dd.long { font-size: 1rem; overflow-wrap: anywhere; }
dl.figures dd small { display: block; font-size: .85rem; font-weight: 400; color: var(--muted); overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; }
tbody th { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.title { max-width: 26rem; }
table.articles th .name, td.nowrap { white-space: nowrap; }
table .name { overflow-wrap: normal; }
.swatch.s-arrow { background: #c2571a; height: .35rem; vertical-align: .15rem; }
.swatch.s-dashed { background: none; border: none; border-top: 3px dashed #8896a5; height: 0; vertical-align: .2rem; }
.name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
svg.bar { width: 12rem; height: .9rem; display: block; border-radius: 3px; overflow: hidden; }
.bar-cell { white-space: nowrap; }
.bar-cell small { color: var(--muted); display: block; max-width: 16rem; white-space: normal; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: .25rem 0 .75rem; list-style: none; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -.1rem; margin-right: .35rem; border: 1px solid rgba(0,0,0,.15); }
.s-shared { background: var(--copy); } .s-common { background: var(--quote); } .s-repeated { background: var(--repeat); } .s-original { background: var(--original); }
.s-copy { background: var(--copy-tint); } .s-repeat { background: var(--repeat-tint); } .s-quote { background: var(--quote-tint); } .s-boilerplate { background: var(--boilerplate-tint); }
.s-ins { background: #c6efce; } .s-del { background: #ffd7d5; } .s-only { background: #fff3a3; }
rect.shared { fill: var(--copy); } rect.common { fill: var(--quote); } rect.repeated { fill: var(--repeat); } rect.original { fill: var(--original); }
figure.graph-figure { margin: .5rem 0 1rem; border: 1px solid var(--line); border-radius: 8px; padding: .5rem; background: #fff; overflow-x: auto; }
figure.graph-figure figcaption { color: var(--muted); font-size: .9rem; padding: .25rem .5rem; }
svg.graph { max-width: 100%; height: auto; display: block; margin: 0 auto; font-family: inherit; }
svg.graph .link path { fill: none; stroke: #8896a5; stroke-linecap: round; }
svg.graph .link.undetermined path { stroke-dasharray: 2 7; }
svg.graph .link.directed path { stroke: #c2571a; stroke-opacity: .85; }
svg.graph .arrow-head { fill: #c2571a; }
svg.graph .link-label { font-size: 12px; fill: #3d2a1e; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg.graph .node circle { fill: #14213d; stroke: #fff; stroke-width: 2px; }
svg.graph .node text { font-size: 13px; font-weight: 600; fill: #1b1f24; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.kinds { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: .5rem 0 1rem; }
.badge { display: inline-block; color: #fff; border-radius: 999px; padding: .05rem .6rem; font-size: .8rem; font-weight: 700; letter-spacing: .03em; text-transform: uppercase; }
.b-copy { background: var(--copy); } .b-repeat { background: var(--repeat); } .b-quote { background: var(--quote); } .b-boilerplate { background: var(--boilerplate); }
.role { font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; border: 1px solid currentColor; border-radius: 4px; padding: 0 .3rem; }
.role-source { color: #0f5132; } .role-copy { color: #8a3500; } .role-unknown { color: var(--muted); }
section.cluster { border: 1px solid var(--line); border-left: 6px solid var(--boilerplate); border-radius: 8px; padding: .9rem 1rem; margin: 0 0 1.1rem; scroll-margin-top: 1rem; }
section.cluster.k-copy { border-left-color: var(--copy); } section.cluster.k-repeat { border-left-color: var(--repeat); }
section.cluster.k-quote { border-left-color: var(--quote); }
section.cluster:target { box-shadow: 0 0 0 3px #ffbf47; }
.cluster-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem .8rem; }
.cluster-head h3 { margin: 0; }
.direction { margin: .4rem 0; }
.direction .arrow { font-weight: 700; }
ul.evidence { margin: .2rem 0 .5rem; padding-left: 1.25rem; color: var(--muted); font-size: .92rem; }
.passages { display: grid; grid-template-columns: repeat(auto-fit, minmax(19rem, 1fr)); gap: .75rem; margin-top: .6rem; }
.passage { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .75rem; margin: 0; }
.passage header { font-size: .88rem; margin-bottom: .35rem; display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: baseline; }
.passage blockquote { margin: 0; font-family: Georgia, "Noto Serif", "Liberation Serif", "Times New Roman", serif; font-size: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
ins { background: #c6efce; color: #0b3d1a; text-decoration: underline; text-decoration-color: #2b8a3e; }
del { background: #ffd7d5; color: #7a1712; text-decoration: line-through; }
mark.only { background: #fff3a3; color: inherit; }
section.article { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1.25rem; scroll-margin-top: 1rem; }
section.article .meta { font-size: .92rem; color: var(--muted); margin: .1rem 0 .6rem; }
.article-text { font-family: Georgia, "Noto Serif", "Liberation Serif", "Times New Roman", serif; font-size: 1.02rem; line-height: 1.65;
  white-space: pre-wrap; overflow-wrap: anywhere; max-width: 46rem; }
.article-text mark { color: inherit; border-radius: 2px; padding: .05em 0; }
mark.k-copy { background: var(--copy-tint); box-shadow: inset 0 -2px 0 var(--copy); }
mark.k-repeat { background: var(--repeat-tint); box-shadow: inset 0 -2px 0 var(--repeat); }
mark.k-quote { background: var(--quote-tint); box-shadow: inset 0 -2px 0 var(--quote); }
mark.k-boilerplate { background: var(--boilerplate-tint); }
.refs { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; font-size: .72rem;
  vertical-align: super; line-height: 1; white-space: nowrap; user-select: none; scroll-margin-top: 2rem; }
.refs a { text-decoration: none; border: 1px solid #9fb3c8; border-radius: 3px; padding: 0 .2rem; margin-right: .15rem; background: #fff; }
.refs:target a { background: #ffbf47; border-color: #b07d00; }
ul.passage-list { padding-left: 1.2rem; }
.problems li { margin-bottom: .25rem; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); margin-top: 2.5rem; padding-top: .75rem; }
@media (max-width: 700px) { main { padding: 1rem; } header.top, nav.toc { padding-left: 1rem; padding-right: 1rem; } svg.bar { width: 7rem; } }
@media print {
  html { font-size: 11pt; }
  header.top, nav.toc { background: none; color: #000; padding: 0 0 .5rem; }
  header.top p, header.top code { color: #000; }
  nav.toc, .skip, .refs { display: none; }
  main { max-width: none; padding: 0; }
  section.cluster, .passage, figure.graph-figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.articles-view { break-before: page; }
  a { color: inherit; text-decoration: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
