/**
 * Accepted sends per recipient, for the duplicate and loss figures. A benchmark sends to a million
 * numbers: kept in a Map of strings they were a million heap objects, and every major garbage
 * collection of the simulator had to walk them — long enough (100+ ms) to hold back the requests
 * it timestamps and bunch them into one measured second. Numbers (E.164 digits: at most 15, no
 * leading zero, exact as a double) live in typed arrays instead, open addressing with linear
 * probing; anything else (a business-scoped user id) goes to a small Map.
 */
const NUMERIC = /^[1-9]\d{0,14}$/;
const INITIAL = 1 << 12;

export class RecipientCounter {
  private keys = new Float64Array(INITIAL); // 0 = empty slot (no number is 0)
  private counts = new Uint32Array(INITIAL);
  private used = 0;
  private readonly other = new Map<string, number>();

  /** Counts one more send to `recipient`; returns how many it has now. */
  add(recipient: string): number {
    if (!NUMERIC.test(recipient)) {
      const n = (this.other.get(recipient) ?? 0) + 1;
      this.other.set(recipient, n);
      return n;
    }
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const key = Number(recipient);
    const i = this.slot(this.keys, key);
    if (this.keys[i] === 0) {
      this.keys[i] = key;
      this.used++;
    }
    return ++this.counts[i]!;
  }

  get size(): number {
    return this.used + this.other.size;
  }

  /** Every recipient with its count (numbers as digit strings). */
  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== 0) yield [String(this.keys[i]), this.counts[i]!];
    yield* this.other;
  }

  clear(): void {
    this.keys = new Float64Array(INITIAL);
    this.counts = new Uint32Array(INITIAL);
    this.used = 0;
    this.other.clear();
  }

  private slot(keys: Float64Array, key: number): number {
    const mask = keys.length - 1;
    // Mix the high and low 32 bits of the number (up to 15 digits do not fit in 32).
    let i = (Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca6b)) & mask;
    while (keys[i] !== 0 && keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const counts = new Uint32Array(keys.length);
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (k === 0) continue;
      const j = this.slot(keys, k);
      keys[j] = k;
      counts[j] = this.counts[i]!;
    }
    this.keys = keys;
    this.counts = counts;
  }
}
