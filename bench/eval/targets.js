/**
 * The quality targets with default options, and the headline figures of the sweep. Each reads a
 * scoreCorpus result.
 */

const level = (r, name) => r.levels.find((l) => l.name === name);
const passages = (r, set) => (set ? r.passages?.byGrade[set] : r.passages) ?? null;

export const TARGETS = [
  {
    corpus: 'clough_stevenson',
    label: 'Clough–Stevenson: reuse (cut, light, heavy) vs non',
    measure: 'F1, any shared passage',
    value: (r) => level(r, 'any shared passage').f1,
    met: (v) => v >= 0.9,
  },
  {
    corpus: 'pan13_noobf_subset',
    label: 'PAN13 no obfuscation',
    measure: 'plagdet ≥ 0.90',
    value: (r) => passages(r)?.plagdet ?? null,
    met: (v) => v >= 0.9,
  },
  {
    corpus: 'bbc_fulltext',
    label: 'BBC exact duplicates',
    measure: 'recall = 1.0, duplicate',
    value: (r) => grade(level(r, 'duplicate'), 'exact'),
    met: (v) => v === 1,
  },
  {
    corpus: 'bbc_fulltext',
    label: 'BBC near duplicates',
    measure: 'recall ≥ 0.95, duplicate',
    value: (r) => grade(level(r, 'duplicate'), 'near'),
    met: (v) => v >= 0.95,
  },
  {
    corpus: 'bbc_fulltext',
    label: 'BBC duplicates',
    measure: 'precision ≥ 0.99, duplicate',
    value: (r) => level(r, 'duplicate').precision,
    met: (v) => v >= 0.99,
  },
  {
    corpus: 'fixture',
    label: 'fixture gold: copied passages (exact, near)',
    measure: 'recall (count) = 1.0',
    value: (r) => passages(r, 'exact+near')?.countRecall ?? null,
    met: (v) => v === 1,
  },
  {
    corpus: 'fixture',
    label: 'fixture gold: every detection',
    measure: 'precision (count) ≥ 0.95',
    value: (r) => passages(r)?.countPrecision ?? null,
    met: (v) => v >= 0.95,
  },
];

function grade(l, g) {
  const s = l.byGrade[g];
  return s && s.total > 0 ? s.flagged / s.total : null;
}

/** Columns of the sweep table. */
export const headline = [
  { corpus: 'clough_stevenson', label: 'CS F1', value: (r) => level(r, 'any shared passage').f1 },
  { corpus: 'clough_stevenson', label: 'CS P', value: (r) => level(r, 'any shared passage').precision },
  { corpus: 'clough_stevenson', label: 'CS cross-task pairs', value: (r) => r.crossGroup, digits: 0 },
  { corpus: 'clough_stevenson', label: 'CS R heavy', value: (r) => grade(level(r, 'any shared passage'), 'heavy') },
  { corpus: 'pan13_noobf_subset', label: 'PAN P', value: (r) => passages(r)?.precision ?? null },
  { corpus: 'pan13_noobf_subset', label: 'PAN R', value: (r) => passages(r)?.recall ?? null },
  { corpus: 'pan13_noobf_subset', label: 'PAN gran', value: (r) => passages(r)?.granularity ?? null },
  { corpus: 'pan13_noobf_subset', label: 'PAN plagdet', value: (r) => passages(r)?.plagdet ?? null },
  { corpus: 'bbc_fulltext', label: 'BBC dup P', value: (r) => level(r, 'duplicate').precision },
  { corpus: 'bbc_fulltext', label: 'BBC dup R', value: (r) => level(r, 'duplicate').recall },
  { corpus: 'bbc_fulltext', label: 'BBC cross-section pairs', value: (r) => r.crossGroup, digits: 0 },
  { corpus: 'bbc_fulltext', label: 'BBC near R', value: (r) => grade(level(r, 'duplicate'), 'near') },
  { corpus: 'fixture', label: 'gold R exact+near', value: (r) => passages(r, 'exact+near')?.countRecall ?? null },
  { corpus: 'fixture', label: 'gold R all', value: (r) => passages(r)?.countRecall ?? null },
  { corpus: 'fixture', label: 'gold P', value: (r) => passages(r)?.countPrecision ?? null },
];
