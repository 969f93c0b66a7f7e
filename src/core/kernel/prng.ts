/**
 * Seeded pseudo-random numbers for simulations and tests (sfc32, 128-bit state).
 *
 * The core never draws randomness itself; a simulation seeds a `Prng` and passes the
 * values in as data, so a seed reproduces a run. The state can be saved and restored.
 *
 * Invariants: a seed is any safe integer and distinct seeds give distinct initial
 * states (the low 32 bits feed splitmix32, the high bits are folded into one word);
 * every state word is an unsigned 32-bit integer. Each call is O(1); `intBetween`
 * rejection-samples, so it draws a second word with probability below one half.
 */

const twoPow32 = 4294967296;

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    // splitmix32 spreads the low 32 bits across the four words; for seeds in
    // [0, 2^32) the high word is 0 and the fold below changes nothing.
    let s = seed >>> 0;
    const high = Math.floor(seed / twoPow32) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = (next() ^ high) >>> 0;
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness (analytics and simulation only). */
  nextFloat(): number {
    return this.nextU32() / twoPow32;
  }

  /** A uniform integer in [min, max], both inclusive safe integers; the range must fit in 32 bits. */
  intBetween(min: number, max: number): number {
    const span = max - min + 1;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || !(span > 0 && span <= twoPow32)) {
      throw new RangeError(`bad range [${min}, ${max}]`);
    }
    // Rejection sampling removes modulo bias.
    const limit = twoPow32 - (twoPow32 % span);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return min + (x % span);
  }

  state(): readonly [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  static fromState(state: readonly [number, number, number, number]): Prng {
    for (const word of state) {
      if (!Number.isInteger(word) || word < 0 || word >= twoPow32) {
        throw new RangeError(`state words must be unsigned 32-bit integers, got ${word}`);
      }
    }
    const prng = new Prng(0);
    [prng.a, prng.b, prng.c, prng.d] = state;
    return prng;
  }
}
