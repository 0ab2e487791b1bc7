/**
 * Where each value of a sequence of 32-bit hashes stands: an open-addressing table on typed
 * arrays. `first(h)` gives the lowest position holding `h` (or −1), `next[p]` the following one
 * (or −1), `count(h)` how many there are.
 */
export class GramTable {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly counts: Int32Array;
  private readonly mask: number;
  readonly next: Int32Array;

  constructor(values: Uint32Array, from = 0, to = values.length) {
    let capacity = 16;
    while (capacity < 2 * (to - from)) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.counts = new Int32Array(capacity);
    this.next = new Int32Array(values.length).fill(-1);
    // Backwards, so each chain runs in increasing positions.
    for (let p = to - 1; p >= from; p--) {
      const slot = this.slot(values[p]);
      this.keys[slot] = values[p];
      this.next[p] = this.heads[slot];
      this.heads[slot] = p;
      this.counts[slot]++;
    }
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
