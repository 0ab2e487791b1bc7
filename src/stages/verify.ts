import { fewestToPass, intersectionAtLeast } from '../kernels/sets.js';
import type { ArticleAnalysis, VerifiedCandidate } from '../types.js';
import type { Candidates, WindowTable } from './find-candidates.js';

/**
 * Keeps the candidates whose windows really are alike on their exact shingle sets: Jaccard of at
 * least `minJaccard`, or at least `minContainment` of the smaller window found in the larger
 * (a sentence quoted whole inside a longer one).
 */
export function verify(
  candidates: Candidates,
  table: WindowTable,
  analyses: readonly ArticleAnalysis[],
  minJaccard: number,
  minContainment: number,
): VerifiedCandidate[] {
  const out: VerifiedCandidate[] = [];
  // Plain arrays of typed arrays: analyses come in several object shapes, and reading a property
  // of one per candidate was most of the time verification took.
  const offsets = analyses.map((a) => a.shingles.offset);
  const values = analyses.map((a) => a.shingles.values);
  for (let i = 0; i < candidates.a.length; i++) {
    const ga = candidates.a[i];
    const gb = candidates.b[i];
    const articleA = table.article[ga];
    const articleB = table.article[gb];
    const windowA = table.local[ga];
    const windowB = table.local[gb];
    const oa = offsets[articleA];
    const ob = offsets[articleB];
    const aFrom = oa[windowA];
    const aTo = oa[windowA + 1];
    const bFrom = ob[windowB];
    const bTo = ob[windowB + 1];
    const similarity = windowSimilarity(values[articleA], aFrom, aTo, values[articleB], bFrom, bTo, minJaccard, minContainment);
    if (similarity >= 0) {
      out.push({ articleA, windowA, articleB, windowB, similarity });
    }
  }
  return out;
}

/**
 * verify's test of two windows on their shingle sets `a[aFrom, aTo)` and `b[bFrom, bTo)`: their
 * Jaccard similarity when it reaches `minJaccard` or the smaller set's containment reaches
 * `minContainment` (and they share a shingle at all), else -1. The intersection stops once the
 * fewest shared shingles that could pass are out of reach, as for most candidates.
 */
export function windowSimilarity(
  a: Uint32Array, aFrom: number, aTo: number,
  b: Uint32Array, bFrom: number, bTo: number,
  minJaccard: number,
  minContainment: number,
): number {
  const sizeA = aTo - aFrom;
  const sizeB = bTo - bFrom;
  const inter = intersectionAtLeast(a, aFrom, aTo, b, bFrom, bTo, Math.max(1, fewestToPass(sizeA, sizeB, minJaccard, minContainment)));
  if (inter <= 0) return -1;
  const similarity = inter / (sizeA + sizeB - inter);
  return similarity >= minJaccard || inter / Math.min(sizeA, sizeB) >= minContainment ? similarity : -1;
}
