/** Size of the intersection of two sorted, duplicate-free ranges of 32-bit values. */
export function intersectionSize(
  a: Uint32Array, aFrom: number, aTo: number,
  b: Uint32Array, bFrom: number, bTo: number,
): number {
  let i = aFrom;
  let j = bFrom;
  let n = 0;
  while (i < aTo && j < bTo) {
    const x = a[i];
    const y = b[j];
    if (x === y) { n++; i++; j++; }
    else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Sorts a typed array in place and returns the length of its duplicate-free prefix. */
export function sortUnique(values: Uint32Array): number {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
  }
  return n;
}

/** Exact Jaccard similarity of two sorted, duplicate-free ranges; 0 when both are empty. */
export function jaccard(
  a: Uint32Array, aFrom: number, aTo: number,
  b: Uint32Array, bFrom: number, bTo: number,
): number {
  const inter = intersectionSize(a, aFrom, aTo, b, bFrom, bTo);
  const union = aTo - aFrom + (bTo - bFrom) - inter;
  return union === 0 ? 0 : inter / union;
}

/**
 * The fewest common values two sets of these sizes must share to pass a Jaccard threshold
 * (inter ≥ t·(a + b)/(1 + t)) or a containment threshold (inter ≥ c·min(a, b)), rounded down a
 * little: a bound for intersectionAtLeast, the exact test being the caller's.
 */
export function fewestToPass(sizeA: number, sizeB: number, minJaccard: number, minContainment: number): number {
  const byJaccard = Math.floor((minJaccard * (sizeA + sizeB)) / (1 + minJaccard) - 1e-9);
  const byContainment = Math.floor(minContainment * Math.min(sizeA, sizeB) - 1e-9);
  return Math.min(byJaccard, byContainment);
}

/**
 * intersectionSize, or -1 as soon as fewer than `need` common values remain possible: most pairs a
 * low LSH knee proposes share a value or two, and stop after a few steps.
 */
export function intersectionAtLeast(
  a: Uint32Array, aFrom: number, aTo: number,
  b: Uint32Array, bFrom: number, bTo: number,
  need: number,
): number {
  let i = aFrom;
  let j = bFrom;
  let n = 0;
  while (i < aTo && j < bTo) {
    if (n + Math.min(aTo - i, bTo - j) < need) return -1;
    const x = a[i];
    const y = b[j];
    if (x === y) { n++; i++; j++; }
    else if (x < y) i++;
    else j++;
  }
  return n >= need ? n : -1;
}

/** The first position of the ascending `values` whose value is not below `value` (its length when none is). */
export function lowerBound(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the ascending `values` hold `value`. */
export function includesSorted(values: ArrayLike<number>, value: number): boolean {
  const at = lowerBound(values, value);
  return at < values.length && values[at] === value;
}

/**
 * A set of 32-bit values for many short uses in turn: open addressing, emptied in one step (each
 * use stamps its slots with a number of its own), grown to twice the values it is asked to hold.
 * Alignment asks, for each passage, which k-grams one side shares with the other: sorting copies
 * of both sides and searching them was half of alignment's time.
 */
export class ValueSet {
  private keys = new Uint32Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;
  private mask = -1;
  /** Values in the set. */
  size = 0;

  /** Empties the set, with room for `n` values. */
  clear(n: number): void {
    if (2 * n > this.keys.length) {
      let capacity = 16;
      while (capacity < 2 * n) capacity *= 2;
      this.keys = new Uint32Array(capacity);
      this.stamps = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.stamp = 0;
    }
    this.size = 0;
    this.stamp++;
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds `value`; whether it was not there yet. */
  add(value: number): boolean {
    let s = Math.imul(value, 0x9e3779b1) >>> 0 & this.mask;
    while (this.stamps[s] === this.stamp) {
      if (this.keys[s] === value) return false;
      s = (s + 1) & this.mask;
    }
    this.stamps[s] = this.stamp;
    this.keys[s] = value;
    this.size++;
    return true;
  }

  has(value: number): boolean {
    let s = Math.imul(value, 0x9e3779b1) >>> 0 & this.mask;
    while (this.stamps[s] === this.stamp) {
      if (this.keys[s] === value) return true;
      s = (s + 1) & this.mask;
    }
    return false;
  }
}
