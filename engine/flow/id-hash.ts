/** Words of a number's float64 bits, for hashing numbers without formatting them as text. */
const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/** FNV-1a style 53-bit hash (two 32-bit lanes), fed text and numbers; the same input always gives the same id. */
export class IdHash {
  private h1 = 0;
  private h2 = 0;
  start(): this {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x01000193 ^ 0x5bd1e995;
    return this;
  }
  private mix(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ c, 0x5bd1e995) ^ (this.h2 >>> 15);
  }
  text(t: string): this {
    for (let i = 0; i < t.length; i++) this.mix(t.charCodeAt(i));
    // A separator no text contains, so ("ab", "c") and ("a", "bc") differ.
    this.mix(0x1f_ffff);
    return this;
  }
  num(x: number): this {
    f64[0] = x === 0 ? 0 : x; // -0 and 0 are one value
    this.mix(words[0]!);
    this.mix(words[1]!);
    return this;
  }
  get id(): number {
    return (this.h1 >>> 0) * 2 ** 21 + ((this.h2 >>> 0) & 0x1fffff);
  }
  /** The two 32-bit lanes, unsigned. */
  get low(): number {
    return this.h1 >>> 0;
  }
  get high(): number {
    return this.h2 >>> 0;
  }
}
