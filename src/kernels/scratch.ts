/**
 * Typed arrays kept from call to call, one per slot, for a stage that needs a few arrays at a time
 * and keeps none of them: an array per call was memory V8 counts outside its heap and starts a
 * marking of the whole heap for every 64 MB of. `take(slot, n)` gives `n` values, valid until that
 * slot's next take; contents are whatever an earlier take left. A slot grown beyond `limit` values
 * (one very long text) is let go after the take that grew it, so it leaves no large array behind.
 */
export class Scratch<T extends Uint8Array | Uint32Array> {
  private readonly arrays: T[];
  constructor(
    private readonly make: (length: number) => T,
    slots: number,
    private readonly limit = Infinity,
  ) {
    this.arrays = Array.from({ length: slots }, () => make(0));
  }

  take(slot: number, n: number): T {
    let array = this.arrays[slot];
    if (array.length < n) this.arrays[slot] = array = this.make(Math.max(n, 2 * array.length));
    if (array.length > this.limit) this.arrays[slot] = this.make(0);
    return array.subarray(0, n) as T;
  }
}
