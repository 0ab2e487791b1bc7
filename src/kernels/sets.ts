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
  return sortUniqueRange(values, 0, values.length);
}

/**
 * Sorts `values[from, to)` in place and returns the length of its duplicate-free prefix (which
 * starts at `from`). A range of up to INSERTION_MAX values, a window's shingles or a quote's stems,
 * is sorted by insertion where it stands: the engine's sort cost a view and a call per range, more
 * than sorting two dozen values.
 */
export function sortUniqueRange(values: Uint32Array, from: number, to: number): number {
  if (to - from <= INSERTION_MAX) {
    for (let i = from + 1; i < to; i++) {
      const x = values[i];
      let j = i - 1;
      while (j >= from && values[j] > x) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = x;
    }
  } else values.subarray(from, to).sort();
  let n = from;
  for (let i = from; i < to; i++) {
    if (i === from || values[i] !== values[n - 1]) values[n++] = values[i];
  }
  return n - from;
}

const INSERTION_MAX = 48;

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

/**
 * The intersection sizes of every two of a group of sorted, duplicate-free sets, counted through an
 * index of the group's values (for each value, the sets before that hold it), so that the work is
 * the values the sets share rather than one merge per pair. A low LSH knee puts up to hundreds of
 * quotes in one bucket, most pairs of which share a value or two: merging each pair was most of the
 * quote channel's time (87 million pairs at 100,000 generated articles).
 */
export class SharedValues {
  private keys = new Uint32Array(0);
  private stamps = new Int32Array(0);
  private head = new Int32Array(0);
  private stamp = 0;
  private mask = -1;
  private next = new Int32Array(0);
  private owner = new Int32Array(0);
  private counts = new Int32Array(0);
  private touched = new Int32Array(0);

  /**
   * Calls `visit(x, y, shared)` for every two sets `x`, `y` of `members[from .. to)` (x before y
   * there) that share at least `atLeast` values (at least 1); set `s` is `values[offset[s] ..
   * offset[s + 1])`. `shared` is their exact intersection size.
   */
  forEachPair(
    values: Uint32Array,
    offset: Int32Array,
    members: Uint32Array,
    from: number,
    to: number,
    atLeast: number,
    visit: (x: number, y: number, shared: number) => void,
  ): void {
    const m = to - from;
    let total = 0;
    for (let i = from; i < to; i++) total += offset[members[i] + 1] - offset[members[i]];
    this.reserve(total, m);
    const { keys, stamps, head, next, owner, counts, touched, mask } = this;
    const stamp = this.nextStamp();
    const least = Math.max(1, atLeast);
    let postings = 0;
    for (let i = 0; i < m; i++) {
      const x = members[from + i];
      let t = 0;
      for (let v = offset[x], end = offset[x + 1]; v < end; v++) {
        const value = values[v];
        let s = (Math.imul(value, 0x9e3779b1) >>> 0) & mask;
        while (stamps[s] === stamp && keys[s] !== value) s = (s + 1) & mask;
        if (stamps[s] !== stamp) {
          stamps[s] = stamp;
          keys[s] = value;
          head[s] = -1;
        }
        for (let p = head[s]; p >= 0; p = next[p]) if (counts[owner[p]]++ === 0) touched[t++] = owner[p];
        owner[postings] = i;
        next[postings] = head[s];
        head[s] = postings++;
      }
      for (let k = 0; k < t; k++) {
        const j = touched[k];
        const shared = counts[j];
        counts[j] = 0;
        if (shared >= least) visit(members[from + j], x, shared);
      }
    }
  }

  private reserve(values: number, sets: number): void {
    if (2 * values > this.keys.length) {
      let capacity = 64;
      while (capacity < 2 * values) capacity *= 2;
      this.keys = new Uint32Array(capacity);
      this.stamps = new Int32Array(capacity);
      this.head = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.stamp = 0;
    }
    if (values > this.next.length) {
      this.next = new Int32Array(2 * values);
      this.owner = new Int32Array(2 * values);
    }
    if (sets > this.counts.length) {
      this.counts = new Int32Array(2 * sets);
      this.touched = new Int32Array(2 * sets);
    }
  }

  private nextStamp(): number {
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}
