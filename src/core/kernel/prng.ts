/**
 * Seeded pseudo-random numbers for simulations and tests (sfc32, 128-bit state).
 *
 * The core never draws randomness itself; a simulation seeds a `Prng` and passes the
 * values in as data, so a seed reproduces a run. The state can be saved and restored.
 */

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed across the four words.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness (analytics and simulation only). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }

  /** A uniform integer in [min, max], both inclusive; the range must fit in 32 bits. */
  intBetween(min: number, max: number): number {
    const span = max - min + 1;
    if (!(span > 0 && span <= 4294967296)) throw new RangeError(`bad range [${min}, ${max}]`);
    // Rejection sampling removes modulo bias.
    const limit = 4294967296 - (4294967296 % span);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return min + (x % span);
  }

  state(): readonly [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  static fromState(state: readonly [number, number, number, number]): Prng {
    const prng = new Prng(0);
    [prng.a, prng.b, prng.c, prng.d] = state;
    return prng;
  }
}
