/**
 * Turns a newsdedup report into predictions and scores them against a corpus's labels:
 * article pairs (reuse / no reuse, three-way relation, direction) and passages (PAN measures).
 */
import { plagdet, prf } from './metrics.js';

/** Strength of a report pair's relation; "none" for pairs the report does not list. */
const RANK = { none: 0, partial: 1, derived: 2, duplicate: 3 };

/** What each corpus grade means in the report's vocabulary (three-way: duplicate / derived /
 *  partial, or none). Clough–Stevenson answers are written from a longer source, so a reused
 *  answer stands mostly in its source: derived. A BBC revision is the same story re-issued. */
export const CLASS_OF_GRADE = {
  exact: 'duplicate',
  near: 'duplicate',
  revision: 'duplicate',
  'shared-passages': 'partial',
  cut: 'derived',
  light: 'derived',
  heavy: 'derived',
  non: 'none',
  'no-obfuscation': 'partial',
};

/** The three ways of reading a report pair as "reuse", from loosest to strictest. */
export const LEVELS = [
  { name: 'any shared passage', min: 'partial' },
  { name: 'derived or duplicate', min: 'derived' },
  { name: 'duplicate', min: 'duplicate' },
];

/**
 * The source a report names for an article pair, if it names one. Reports carry it once the
 * attribution stage is present; before that there is nothing to score.
 */
function sourceOfPair(pair) {
  if (typeof pair.source === 'string') return pair.source;
  const d = pair.direction;
  if (d && typeof d === 'object') return d.source ?? d.from ?? null;
  if (d === 'a->b' || d === 'a') return pair.a;
  if (d === 'b->a' || d === 'b') return pair.b;
  return null;
}

/** Every two members of a cluster as one detection (two spans of one article only when they do
 *  not overlap). */
export function detectionsOf(report) {
  const out = [];
  for (const c of report.clusters) {
    for (let i = 0; i < c.members.length; i++) {
      for (let j = i + 1; j < c.members.length; j++) {
        const x = c.members[i];
        const y = c.members[j];
        if (x.article === y.article && x.start < y.end && y.start < x.end) continue;
        out.push({
          a: { doc: x.article, start: x.start, end: x.end },
          b: { doc: y.article, start: y.start, end: y.end },
          kind: c.kind,
          cluster: c.id,
        });
      }
    }
  }
  return out;
}

/**
 * PAN expects one detection per passage and document pair; a report can relate the same two
 * spans through several clusters (a sentence shared with a third article is its own cluster,
 * nested in a longer passage). Detections of one document pair whose spans overlap on both
 * sides are merged into their union, as a PAN detector would output them.
 */
export function mergeDetections(detections) {
  const groups = new Map();
  for (const r of detections) {
    const swap = r.a.doc > r.b.doc || (r.a.doc === r.b.doc && r.a.start > r.b.start);
    const d = swap ? { ...r, a: r.b, b: r.a } : r;
    const key = `${d.a.doc}\0${d.b.doc}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ ...d, a: { ...d.a }, b: { ...d.b } });
  }
  const out = [];
  for (const list of groups.values()) {
    let merged = true;
    while (merged) {
      merged = false;
      for (let i = 0; i < list.length && !merged; i++) {
        for (let j = i + 1; j < list.length && !merged; j++) {
          const x = list[i];
          const y = list[j];
          if (x.a.start < y.a.end && y.a.start < x.a.end && x.b.start < y.b.end && y.b.start < x.b.end) {
            x.a.start = Math.min(x.a.start, y.a.start);
            x.a.end = Math.max(x.a.end, y.a.end);
            x.b.start = Math.min(x.b.start, y.b.start);
            x.b.end = Math.max(x.b.end, y.b.end);
            list.splice(j, 1);
            merged = true;
          }
        }
      }
    }
    out.push(...list);
  }
  return out;
}

function sortedKey(a, b) {
  return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}

/**
 * @param corpus from loadCorpus or loadFixtureGold
 * @param report a newsdedup/report@1 object
 */
export function scoreCorpus(corpus, report) {
  // Identical documents count as one (identical_docs.csv): pairs with either copy collapse.
  const canon = (id) => corpus.identical.get(id) ?? id;
  const keyOf = (a, b) => {
    const x = canon(a);
    const y = canon(b);
    return x === y ? sortedKey(a, b) : sortedKey(x, y);
  };

  const gold = new Map();
  for (const p of corpus.pairs) {
    const key = keyOf(p.source, p.target);
    const seen = gold.get(key);
    if (!seen || p.label > seen.label) gold.set(key, p);
  }
  // Quoting the same speaker is reporting, not reuse: a pair whose only shared passages are
  // quote clusters is not a prediction of reuse.
  const copied = new Set();
  for (const c of report.clusters) {
    if (c.kind === 'quote') continue;
    const ids = [...new Set(c.members.map((m) => m.article))];
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) copied.add(sortedKey(ids[i], ids[j]));
  }
  const predicted = new Map();
  for (const p of report.pairs) {
    if (!copied.has(sortedKey(p.a, p.b))) continue;
    const key = keyOf(p.a, p.b);
    const seen = predicted.get(key);
    if (!seen || RANK[p.relation] > RANK[seen.relation]) predicted.set(key, p);
  }
  const relationOf = (key) => predicted.get(key)?.relation ?? 'none';

  const grades = [...new Set(corpus.pairs.map((p) => p.grade))];
  const levels = LEVELS.map((level) => {
    const min = RANK[level.min];
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const byGrade = Object.fromEntries(grades.map((g) => [g, { label: null, total: 0, flagged: 0 }]));
    for (const [key, p] of gold) {
      const hit = RANK[relationOf(key)] >= min;
      const g = byGrade[p.grade];
      g.label = p.label;
      g.total++;
      if (hit) g.flagged++;
      if (p.label === 1) hit ? tp++ : fn++;
      else if (hit) fp++;
    }
    let unlistedFlagged = 0;
    for (const [key, p] of predicted) {
      if (gold.has(key) || RANK[p.relation] < min) continue;
      unlistedFlagged++;
      if (corpus.unlisted === 'negative') fp++;
    }
    return { ...level, ...prf(tp, fp, fn), byGrade, unlistedFlagged };
  });

  // Report pairs across groups (Clough–Stevenson tasks, BBC sections): in Clough–Stevenson every
  // one is a false positive (answers to different questions from different sources); in BBC
  // nearly every one.
  const groupOf = new Map(corpus.docs.map((d) => [d.id, d.group]));
  let crossGroup = 0;
  for (const p of report.pairs) {
    const x = groupOf.get(p.a);
    const y = groupOf.get(p.b);
    if (x && y && x !== y) crossGroup++;
  }

  // Three-way: only where every grade (or an explicit class) says what the pair should be.
  const classOf = (p) => p.class ?? CLASS_OF_GRADE[p.grade];
  let threeWay = null;
  if (corpus.pairs.every((p) => classOf(p) !== undefined)) {
    const classes = ['duplicate', 'derived', 'partial', 'none'];
    const matrix = Object.fromEntries(classes.map((g) => [g, Object.fromEntries(classes.map((r) => [r, 0]))]));
    let right = 0;
    let total = 0;
    const add = (truth, guess) => {
      matrix[truth][guess]++;
      total++;
      if (truth === guess) right++;
    };
    for (const [key, p] of gold) add(classOf(p), relationOf(key));
    if (corpus.unlisted === 'negative') {
      for (const [key, p] of predicted) if (!gold.has(key)) add('none', p.relation);
    }
    threeWay = { matrix, accuracy: total === 0 ? null : right / total, total };
  }

  // Direction: among found, directed positive pairs, how often the report names the source.
  let direction = null;
  const directed = [...gold].filter(([key, p]) => p.label === 1 && p.directed && predicted.has(key));
  if (directed.length > 0) {
    let named = 0;
    let right = 0;
    for (const [key, p] of directed) {
      const source = sourceOfPair(predicted.get(key));
      if (source === null) continue;
      named++;
      if (canon(source) === canon(p.source)) right++;
    }
    direction = { pairs: directed.length, named, right, accuracy: named === 0 ? null : right / directed.length };
  }

  let passages = null;
  if (corpus.spans) {
    const labelled = new Set(corpus.pairs.map((p) => sortedKey(p.source, p.target)));
    let detections = detectionsOf(report).filter(
      (r) => corpus.passageScope === 'all' || labelled.has(sortedKey(r.a.doc, r.b.doc)),
    );
    const raw = plagdet(corpus.spans, detections);
    const unmerged = { precision: raw.precision, recall: raw.recall, granularity: raw.granularity, plagdet: raw.plagdet, detections: raw.detections };
    detections = mergeDetections(detections);
    const all = plagdet(corpus.spans, detections);
    const byGrade = {};
    for (const g of [...new Set(corpus.spans.map((s) => s.grade))]) {
      const { caseFound: _, ...scores } = plagdet(corpus.spans.filter((s) => s.grade === g), detections);
      byGrade[g] = scores;
    }
    for (const [name, set] of Object.entries(corpus.gradeSets ?? {})) {
      const { caseFound: _, ...scores } = plagdet(corpus.spans.filter((s) => set.includes(s.grade)), detections);
      byGrade[name] = scores;
    }
    const missed = corpus.spans.filter((_, i) => !all.caseFound[i]);
    const { caseFound: _, ...scores } = all;
    const unmatched = detections.filter((r) => !corpus.spans.some((s) => detectsAny(r, s)));
    passages = { ...scores, unmerged, byGrade, missed, unmatched };
  }

  return { corpus: corpus.name, docs: corpus.docs.length, pairs: gold.size, unlisted: corpus.unlisted, crossGroup, levels, threeWay, direction, passages };
}

function detectsAny(r, s) {
  const ov = (x, y) => x.doc === y.doc && x.start < y.end && y.start < x.end;
  return (ov(r.a, s.a) && ov(r.b, s.b)) || (ov(r.a, s.b) && ov(r.b, s.a));
}
