/**
 * Scores. Passage-level measures follow Potthast, Stein, Barrón-Cedeño & Rosso (2010), "An
 * Evaluation Framework for Plagiarism Detection", COLING: macro-averaged precision and recall over
 * characters, granularity, and plagdet = F1 / log2(1 + granularity).
 */

export function prf(tp, fp, fn) {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  // F1 = 2TP / (2TP + FP + FN): defined whenever there is anything to find or anything found.
  const f1 = tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  return { tp, fp, fn, precision, recall, f1 };
}

function overlap(x, y) {
  return Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
}

/**
 * A detection or case is a pair of spans `{ a, b }`, each `{ doc, start, end }`. `r` detects `s`
 * when both of its spans overlap the case's spans in the same documents (PAN: "r detects s").
 * Pairs are unordered, so the swapped orientation also counts. Returns 0 (no), 1 (as is) or
 * 2 (swapped).
 */
export function detects(r, s) {
  if (r.a.doc === s.a.doc && r.b.doc === s.b.doc && overlap(r.a, s.a) > 0 && overlap(r.b, s.b) > 0) return 1;
  if (r.a.doc === s.b.doc && r.b.doc === s.a.doc && overlap(r.a, s.b) > 0 && overlap(r.b, s.a) > 0) return 2;
  return 0;
}

function unionLength(intervals) {
  if (intervals.length === 0) return 0;
  intervals.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [start, end] = intervals[0];
  for (const [s, e] of intervals) {
    if (s > end) { total += end - start; start = s; end = e; } else if (e > end) end = e;
  }
  return total + end - start;
}

function clip(x, y) {
  return [Math.max(x.start, y.start), Math.min(x.end, y.end)];
}

function docPairKey(p) {
  return p.a.doc < p.b.doc ? `${p.a.doc}\0${p.b.doc}` : `${p.b.doc}\0${p.a.doc}`;
}

/**
 * PAN measures for cases S and detections R (both arrays of `{ a, b }`).
 * Also counts: cases detected at all (recall by count) and detections that detect a case
 * (precision by count).
 */
export function plagdet(cases, detections) {
  const byPair = new Map();
  for (const r of detections) {
    const k = docPairKey(r);
    if (!byPair.has(k)) byPair.set(k, []);
    byPair.get(k).push(r);
  }
  const hitsOfDetection = detections.map(() => ({ a: [], b: [] }));
  const index = new Map(detections.map((r, i) => [r, i]));
  let recallSum = 0;
  let granularitySum = 0;
  let detected = 0;
  const caseFound = cases.map((s) => {
    const sideA = [];
    const sideB = [];
    let count = 0;
    for (const r of byPair.get(docPairKey(s)) ?? []) {
      const how = detects(r, s);
      if (how === 0) continue;
      count++;
      const [ra, rb] = how === 1 ? [r.a, r.b] : [r.b, r.a];
      sideA.push(clip(s.a, ra));
      sideB.push(clip(s.b, rb));
      const hits = hitsOfDetection[index.get(r)];
      hits.a.push(clip(ra, s.a));
      hits.b.push(clip(rb, s.b));
    }
    const size = s.a.end - s.a.start + (s.b.end - s.b.start);
    recallSum += (unionLength(sideA) + unionLength(sideB)) / size;
    if (count > 0) { detected++; granularitySum += count; }
    return count > 0;
  });
  let precisionSum = 0;
  let correct = 0;
  detections.forEach((r, i) => {
    const hits = hitsOfDetection[i];
    if (hits.a.length > 0) correct++;
    precisionSum += (unionLength(hits.a) + unionLength(hits.b)) / (r.a.end - r.a.start + (r.b.end - r.b.start));
  });
  const recall = cases.length === 0 ? null : recallSum / cases.length;
  const precision = detections.length === 0 ? (cases.length === 0 ? null : 0) : precisionSum / detections.length;
  const granularity = detected === 0 ? 1 : granularitySum / detected;
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    cases: cases.length,
    detections: detections.length,
    precision,
    recall,
    granularity,
    plagdet: f1 === null ? null : f1 / Math.log2(1 + granularity),
    casesFound: detected,
    detectionsCorrect: correct,
    countRecall: cases.length === 0 ? null : detected / cases.length,
    countPrecision: detections.length === 0 ? null : correct / detections.length,
    caseFound,
  };
}
