import { intersectionSize } from '../kernels/sets.js';
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
  for (let i = 0; i < candidates.a.length; i++) {
    const ga = candidates.a[i];
    const gb = candidates.b[i];
    const articleA = table.article[ga];
    const articleB = table.article[gb];
    const windowA = table.local[ga];
    const windowB = table.local[gb];
    const sa = analyses[articleA].shingles;
    const sb = analyses[articleB].shingles;
    const aFrom = sa.offset[windowA];
    const aTo = sa.offset[windowA + 1];
    const bFrom = sb.offset[windowB];
    const bTo = sb.offset[windowB + 1];
    const inter = intersectionSize(sa.values, aFrom, aTo, sb.values, bFrom, bTo);
    if (inter === 0) continue;
    const sizeA = aTo - aFrom;
    const sizeB = bTo - bFrom;
    const similarity = inter / (sizeA + sizeB - inter);
    const containment = inter / Math.min(sizeA, sizeB);
    if (similarity >= minJaccard || containment >= minContainment) {
      out.push({ articleA, windowA, articleB, windowB, similarity });
    }
  }
  return out;
}
