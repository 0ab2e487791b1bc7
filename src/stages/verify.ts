import { intersectionAtLeast } from '../kernels/sets.js';
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
    const sizeA = aTo - aFrom;
    const sizeB = bTo - bFrom;
    // The fewest shared shingles that could pass (see sameQuote): the intersection stops once
    // they are out of reach, as for most candidates.
    const byJaccard = Math.floor((minJaccard * (sizeA + sizeB)) / (1 + minJaccard) - 1e-9);
    const byContainment = Math.floor(minContainment * Math.min(sizeA, sizeB) - 1e-9);
    const inter = intersectionAtLeast(values[articleA], aFrom, aTo, values[articleB], bFrom, bTo, Math.max(1, Math.min(byJaccard, byContainment)));
    if (inter <= 0) continue;
    const similarity = inter / (sizeA + sizeB - inter);
    const containment = inter / Math.min(sizeA, sizeB);
    if (similarity >= minJaccard || containment >= minContainment) {
      out.push({ articleA, windowA, articleB, windowB, similarity });
    }
  }
  return out;
}
