import { IdHash } from './id-hash.ts';

/** 2^26 bits (8 MiB): a day of 6M sealed print ids fills it to about 1% false positives. */
const BITS_LOG2 = 26;
const MASK = 2 ** BITS_LOG2 - 1;
const PROBES = 4;

/**
 * The ids of prints that have left the flow builder (sealed), as a Bloom filter. It answers "maybe"
 * for every id added and, rarely, for one that was not: a cancel whose id it may hold is also marked
 * by a scan for the id, which finds the sealed prints and, on a false positive, only the held ones.
 */
export class SealedIds {
  private bits: Int32Array | null = null;
  private readonly hash = new IdHash();
  private readonly probes = new Int32Array(PROBES);

  add(id: string): void {
    const bits = (this.bits ??= new Int32Array(2 ** (BITS_LOG2 - 5)));
    for (const i of this.probe(id)) bits[i >>> 5]! |= 1 << (i & 31);
  }

  mayHold(id: string): boolean {
    const bits = this.bits;
    if (bits === null) return false;
    for (const i of this.probe(id)) if ((bits[i >>> 5]! & (1 << (i & 31))) === 0) return false;
    return true;
  }

  /** The id's bits: double hashing over the hash's two 32-bit lanes. */
  private probe(id: string): Int32Array {
    const h = this.hash.start().text(id);
    const a = h.low;
    const b = h.high | 1;
    for (let k = 0; k < PROBES; k++) this.probes[k] = (a + Math.imul(k, b)) & MASK;
    return this.probes;
  }

  clear(): void {
    this.bits = null;
  }
}
