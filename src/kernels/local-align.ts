/** The best-scoring stretch two word sequences share, with its ends and number of matched words. */
export interface LocalAlignment {
  /** `x[xFrom..xTo)` aligns with `y[yFrom..yTo)`; both ranges begin and end with a matched word. */
  readonly xFrom: number;
  readonly xTo: number;
  readonly yFrom: number;
  readonly yTo: number;
  /** Words matched in order (a common subsequence of the two ranges). */
  readonly matches: number;
  /** Matches minus substituted, inserted and deleted words. */
  readonly score: number;
}

const NONE = -1;

/**
 * Smith–Waterman local alignment of `x[xFrom..xTo)` and `y[yFrom..yTo)` over word ids, with unit
 * costs: +1 a matched word, −1 a substituted, inserted or deleted one. A stretch is kept while its
 * words match more often than not, so an aside of g words is bridged only when the stretches on
 * both sides of it score at least g (Smith & Waterman 1981, "Identification of common molecular
 * subsequences", J. Mol. Biol. 147). Only cells with `dLo ≤ j − i ≤ dHi` are computed (a band
 * around the diagonals the caller's seeds lie on), so the cost is the length times the band's
 * width. On equal scores the longer alignment wins: "France vows 'retaliation'" against "France
 * promises 'retaliation'" keeps "France" (one match, one substitution: net zero).
 * Returns null when no word matches.
 */
export function localAlign(
  x: Uint32Array, xFrom: number, xTo: number,
  y: Uint32Array, yFrom: number, yTo: number,
  dLo: number, dHi: number,
): LocalAlignment | null {
  // Diagonals outside the rectangle hold no cell.
  dLo = Math.max(dLo, yFrom - xTo);
  dHi = Math.min(dHi, yTo - xFrom);
  const width = dHi - dLo + 1;
  if (width <= 0 || xTo <= xFrom || yTo <= yFrom) return null;
  // Two rolling rows of the band, each four arrays of `stride` cells: score, first matched word
  // of the path (x, y), matches. One buffer for every call: no allocation per alignment.
  const stride = width + 1;
  if (buffer.length < 8 * stride) buffer = new Int32Array(8 * stride * 2);
  const b = buffer;
  let prev = 0;
  let cur = 4 * stride;
  b.fill(NONE, prev, prev + stride);
  let best = 0;
  let bestI = NONE;
  let bestJ = NONE;
  let bestFi = NONE;
  let bestFj = NONE;
  let bestM = 0;
  for (let i = xFrom; i <= xTo; i++) {
    const pH = prev;
    const pFi = prev + stride;
    const pFj = prev + 2 * stride;
    const pM = prev + 3 * stride;
    const cH = cur;
    const cFi = cur + stride;
    const cFj = cur + 2 * stride;
    const cM = cur + 3 * stride;
    for (let c = 0; c < width; c++) {
      const j = i + dLo + c;
      if (j < yFrom || j > yTo) {
        b[cH + c] = NONE;
        continue;
      }
      // Start afresh: an empty path scores 0.
      let h = 0;
      let fi = NONE;
      let fj = NONE;
      let m = 0;
      const match = i > xFrom && j > yFrom && x[i - 1] === y[j - 1];
      if (i > xFrom && j > yFrom) {
        // Diagonal: (i − 1, j − 1), the same band column one row up.
        if (b[pH + c] !== NONE) {
          const s = b[pH + c] + (match ? 1 : -1);
          const opens = match && b[pFi + c] === NONE;
          const pathFi = opens ? i - 1 : b[pFi + c];
          if (s > h || (s === h && pathFi !== NONE)) {
            h = s;
            fi = pathFi;
            fj = opens ? j - 1 : b[pFj + c];
            m = b[pM + c] + (match ? 1 : 0);
          }
        }
        // Deletion from x: (i − 1, j), one column right one row up.
        if (c + 1 < width && b[pH + c + 1] !== NONE && b[pFi + c + 1] !== NONE) {
          const s = b[pH + c + 1] - 1;
          if (s > h || (s === h && fi === NONE)) {
            h = s;
            fi = b[pFi + c + 1];
            fj = b[pFj + c + 1];
            m = b[pM + c + 1];
          }
        }
        // Insertion into x: (i, j − 1), one column left in this row.
        if (c > 0 && b[cH + c - 1] !== NONE && b[cFi + c - 1] !== NONE) {
          const s = b[cH + c - 1] - 1;
          if (s > h || (s === h && fi === NONE)) {
            h = s;
            fi = b[cFi + c - 1];
            fj = b[cFj + c - 1];
            m = b[cM + c - 1];
          }
        }
      }
      b[cH + c] = h;
      b[cFi + c] = fi;
      b[cFj + c] = fj;
      b[cM + c] = m;
      // A cell that ties the best ends a longer alignment (rows and columns only grow).
      if (match && h >= best && fi !== NONE) {
        best = h;
        bestI = i;
        bestJ = j;
        bestFi = fi;
        bestFj = fj;
        bestM = m;
      }
    }
    prev = cur;
    cur = pH;
  }
  if (bestI === NONE) return null;
  return { xFrom: bestFi, xTo: bestI, yFrom: bestFj, yTo: bestJ, matches: bestM, score: best };
}

let buffer = new Int32Array(1024);
