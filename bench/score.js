// Scores what a tool reported against the planted truth of a generated corpus.
//
// Every tool's output is first turned into links: two places that the tool says hold the same
// text, `{ a, aStart, aEnd, b, bStart, bEnd }` (character offsets; null spans for whole-article
// tools). A planted reuse counts as found when links between its two articles (or inside its one
// article, for repeats) cover at least half of the copied span. Precision is over article pairs:
// a reported pair is right when the two articles carry a common original paragraph (atoms.jsonl).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';

export const KINDS = ['near-copy', 'passage', 'fuzzy', 'repeat-body', 'repeat-caption'];
const FOUND_COVERAGE = 0.5;

const idOfPath = (p) => path.basename(p).replace(/\.txt$/, '');

/** Links from a newsdedup JSON report: every two members of a cluster. */
export function linksFromNewsdedup(report) {
  const links = [];
  for (const cluster of report.clusters) addClusterLinks(cluster, links);
  return links;
}

/**
 * linksFromNewsdedup of a report read from its file a block at a time: a million articles' report
 * (2.6 GB) is longer than one JavaScript string. It reads the layout newsdedup writes
 * (src/report/format-json.ts): each element of a top-level list on lines of its own, indented by
 * four spaces, the list's key on a line of its own; each cluster is parsed alone.
 */
export function linksFromNewsdedupFile(file) {
  const links = [];
  let inClusters = false;
  let sawClusters = false;
  let element = [];
  for (const line of linesOf(file)) {
    if (!inClusters) {
      if (line === '  "clusters": [') inClusters = sawClusters = true;
      else if (line.startsWith('  "clusters": []')) sawClusters = true;
      continue;
    }
    if (line === '  ]' || line === '  ],') {
      inClusters = false;
      continue;
    }
    element.push(line);
    if (line === '    }' || line === '    },') {
      addClusterLinks(JSON.parse(element.join('\n').replace(/,$/, '')), links);
      element = [];
    }
  }
  if (!sawClusters || inClusters || element.length > 0) throw new Error(`bench: ${file}: not a newsdedup JSON report as format-json writes it (its clusters list not found whole)`);
  return links;
}

function addClusterLinks(cluster, links) {
  const m = cluster.members;
  for (let i = 0; i < m.length; i++) {
    for (let j = i + 1; j < m.length; j++) {
      links.push({ a: idOfPath(m[i].article), aStart: m[i].start, aEnd: m[i].end, b: idOfPath(m[j].article), bStart: m[j].start, bEnd: m[j].end });
    }
  }
}

/** The lines of a UTF-8 file, read 16 MB at a time. */
function* linesOf(file) {
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.alloc(16 << 20);
    const decoder = new TextDecoder('utf-8');
    let rest = '';
    for (;;) {
      const read = readSync(fd, block, 0, block.length, null);
      const text = rest + decoder.decode(block.subarray(0, read), { stream: read > 0 });
      const lines = text.split('\n');
      rest = lines.pop();
      yield* lines;
      if (read === 0) break;
    }
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}

/** Links from `sim_text -n` output ("a.txt: line 3-37 |b.txt: line 39-73[931]"), lines → offsets. */
export function linksFromSimText(output, corpusDir) {
  const RUN = /^(.+?): line (\d+)-(\d+)\s*\|(.+?): line (\d+)-(\d+)\[\d+\]$/;
  const lineStarts = new Map();
  const starts = (file) => {
    let s = lineStarts.get(file);
    if (!s) {
      const text = readFileSync(path.join(corpusDir, file), 'utf8');
      s = [0, 0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) s.push(i + 1);
      s.push(text.length);
      lineStarts.set(file, s);
    }
    return s;
  };
  const span = (file, from, to) => {
    const s = starts(file);
    return [s[Math.min(from, s.length - 1)], s[Math.min(to + 1, s.length - 1)]];
  };
  const links = [];
  for (const line of output.split('\n')) {
    const m = RUN.exec(line.trim());
    if (!m) continue;
    const [aStart, aEnd] = span(m[1], Number(m[2]), Number(m[3]));
    const [bStart, bEnd] = span(m[4], Number(m[5]), Number(m[6]));
    links.push({ a: idOfPath(m[1]), aStart, aEnd, b: idOfPath(m[4]), bStart, bEnd });
  }
  return links;
}

/** Links from the minhash peer: whole-article pairs. */
export function linksFromPairs(result) {
  return result.pairs.map((p) => ({ a: p.a, aStart: null, aEnd: null, b: p.b, bStart: null, bEnd: null }));
}

export function readTruth(corpusDir) {
  const truth = readFileSync(path.join(corpusDir, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const atoms = new Map();
  for (const line of readFileSync(path.join(corpusDir, 'atoms.jsonl'), 'utf8').trim().split('\n')) {
    const { article, atoms: list } = JSON.parse(line);
    atoms.set(article, new Set(list));
  }
  return { truth, atoms };
}

/** Length of the union of intervals clipped to [from, to). */
function covered(intervals, from, to) {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = from;
  for (const [s, e] of clipped) {
    if (e <= reach) continue;
    total += e - Math.max(s, reach);
    reach = e;
  }
  return total;
}

const overlaps = (s, e, span) => s === null || (s < span[1] && e > span[0]);

export function score(links, { truth, atoms }) {
  const byPair = new Map();
  const key = (x, y) => (x < y ? `${x}|${y}` : `${y}|${x}`);
  for (const l of links) {
    const k = key(l.a, l.b);
    let list = byPair.get(k);
    if (!list) byPair.set(k, (list = []));
    list.push(l);
  }

  const perKind = Object.fromEntries(KINDS.map((k) => [k, { planted: 0, found: 0 }]));
  for (const t of truth) {
    const entry = perKind[t.kind];
    entry.planted++;
    let sides = [];
    let span;
    if (t.source) {
      span = t.targetSpan;
      for (const l of byPair.get(key(t.source, t.target)) ?? []) {
        if (l.aStart === null) {
          sides.push(span);
          continue;
        }
        const [srcS, srcE, tgtS, tgtE] = l.a === t.target ? [l.bStart, l.bEnd, l.aStart, l.aEnd] : [l.aStart, l.aEnd, l.bStart, l.bEnd];
        if (overlaps(srcS, srcE, t.sourceSpan)) sides.push([tgtS, tgtE]);
      }
    } else {
      span = t.second;
      for (const l of byPair.get(key(t.article, t.article)) ?? []) {
        if (l.aStart === null) continue;
        if (overlaps(l.aStart, l.aEnd, t.first) && overlaps(l.bStart, l.bEnd, t.second)) sides.push([l.bStart, l.bEnd]);
        else if (overlaps(l.bStart, l.bEnd, t.first) && overlaps(l.aStart, l.aEnd, t.second)) sides.push([l.aStart, l.aEnd]);
      }
    }
    if (covered(sides, span[0], span[1]) >= FOUND_COVERAGE * (span[1] - span[0])) entry.found++;
  }

  let pairs = 0;
  let right = 0;
  for (const k of byPair.keys()) {
    const [x, y] = k.split('|');
    if (x === y) continue;
    pairs++;
    const ax = atoms.get(x);
    const ay = atoms.get(y);
    if (ax && ay && [...ax].some((atom) => ay.has(atom))) right++;
  }
  const recall = Object.fromEntries(KINDS.map((k) => [k, perKind[k].planted ? perKind[k].found / perKind[k].planted : null]));
  return { recall, perKind, pairs, rightPairs: right, precision: pairs ? right / pairs : null };
}
