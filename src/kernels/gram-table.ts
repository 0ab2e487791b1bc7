/**
 * Where each value of a sequence of 32-bit hashes stands: an open-addressing table on typed
 * arrays. `first(h)` gives the lowest position holding `h` (or −1), `next[p]` the following one
 * (or −1), `count(h)` how many there are.
 */
export class GramTable {
  private keys = new Uint32Array(0);
  private heads = new Int32Array(0);
  private counts = new Int32Array(0);
  private mask = 0;
  /** `next[p]` for the positions indexed; other entries are left from an earlier fill. */
  next = new Int32Array(0);

  constructor(values?: Uint32Array, from = 0, to = values?.length ?? 0) {
    if (values) this.fill(values, from, to);
  }

  /**
   * Indexes `values[from .. to)` in place of what the table held, in its arrays while they are
   * large enough: alignment indexes each first article of a pair, 19,524 at 100,000 articles, and
   * four new arrays for each (0.57 GB in all) were memory V8 counts outside the heap and collects
   * for. The slots are those a new table would use, so lookups find the same positions.
   */
  fill(values: Uint32Array, from = 0, to = values.length): this {
    let capacity = 16;
    while (capacity < 2 * (to - from)) capacity *= 2;
    this.mask = capacity - 1;
    if (this.heads.length < capacity) {
      this.keys = new Uint32Array(capacity);
      this.heads = new Int32Array(capacity);
      this.counts = new Int32Array(capacity);
    }
    this.heads.fill(-1, 0, capacity);
    this.counts.fill(0, 0, capacity);
    if (this.next.length < values.length) this.next = new Int32Array(values.length);
    this.next.fill(-1, 0, values.length);
    // Backwards, so each chain runs in increasing positions.
    for (let p = to - 1; p >= from; p--) {
      const slot = this.slot(values[p]);
      this.keys[slot] = values[p];
      this.next[p] = this.heads[slot];
      this.heads[slot] = p;
      this.counts[slot]++;
    }
    return this;
  }

  first(value: number): number {
    return this.heads[this.slot(value)];
  }

  count(value: number): number {
    return this.counts[this.slot(value)];
  }

  /** The slot holding `value`, or the empty slot where it would go (linear probing). */
  private slot(value: number): number {
    let s = (Math.imul(value, 0x9e3779b1) >>> 0) & this.mask;
    while (this.heads[s] !== -1 && this.keys[s] !== value) s = (s + 1) & this.mask;
    return s;
  }
}
