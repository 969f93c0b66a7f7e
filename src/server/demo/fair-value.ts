/**
 * The value the demo's agents quote around: each contract's benchmark reference (its
 * prior settlement, which the clearing set-up takes from the benchmark's latest value
 * computed from data/) moved by a small intraday wander, so the demo's chart is not a
 * flat line while the published benchmark stays fixed for the day.
 *
 * The wander is a mean-reverting walk in basis points, one step per `stepMs` of wall
 * time: x <- x * (1 - pull) + noise, noise with standard deviation `stepBps` (a sum of
 * three uniforms), clamped to +-`wanderBpsMax`. With the defaults its spread is about
 * 20 bps and it never leaves 1 % of the reference, inside every product's price band
 * and daily limit. Floating point, rounded once to whole ticks here (analytics only;
 * no money is computed from it). O(steps since the last call), at most `catchUpStepsMax`.
 */
import { Prng } from '../../core/kernel/prng.ts';

export interface FairValueOptions {
  readonly seed: number;
  readonly stepMs?: number;
  readonly stepBps?: number;
  readonly pull?: number;
  readonly wanderBpsMax?: number;
}

export const fairValueDefaults = { stepMs: 1_000, stepBps: 4, pull: 0.02, wanderBpsMax: 100, catchUpStepsMax: 600 } as const;

interface Walk {
  readonly referenceTicks: number;
  bps: number;
  atMs: number;
}

export class FairValues {
  private readonly prng: Prng;
  private readonly walks = new Map<string, Walk>();
  private readonly stepMs: number;
  private readonly stepBps: number;
  private readonly pull: number;
  private readonly wanderBpsMax: number;

  constructor(options: FairValueOptions) {
    this.prng = new Prng(options.seed);
    this.stepMs = options.stepMs ?? fairValueDefaults.stepMs;
    this.stepBps = options.stepBps ?? fairValueDefaults.stepBps;
    this.pull = options.pull ?? fairValueDefaults.pull;
    this.wanderBpsMax = options.wanderBpsMax ?? fairValueDefaults.wanderBpsMax;
  }

  /** Starts a contract's walk at its reference (ticks). */
  add(symbol: string, referenceTicks: number, nowMs: number): void {
    if (!Number.isSafeInteger(referenceTicks) || referenceTicks <= 0) throw new RangeError(`${symbol}: reference ${referenceTicks}`);
    this.walks.set(symbol, { referenceTicks, bps: 0, atMs: nowMs });
  }

  referenceTicks(symbol: string): number | undefined {
    return this.walks.get(symbol)?.referenceTicks;
  }

  /** The fair value of `symbol` at `nowMs`, in whole ticks (at least 1). */
  valueTicks(symbol: string, nowMs: number): number {
    const walk = this.walks.get(symbol);
    if (walk === undefined) throw new Error(`fair value: no walk for ${symbol}`);
    const steps = Math.floor((nowMs - walk.atMs) / this.stepMs);
    if (steps > 0) {
      for (let i = 0; i < Math.min(steps, fairValueDefaults.catchUpStepsMax); i++) this.step(walk);
      walk.atMs += steps * this.stepMs;
    }
    return Math.max(1, Math.round(walk.referenceTicks * (1 + walk.bps / 10_000)));
  }

  private step(walk: Walk): void {
    // Three uniforms on [-1, 1] sum to variance 1; scaled to stepBps.
    const noise = (this.prng.nextFloat() + this.prng.nextFloat() + this.prng.nextFloat()) * 2 - 3;
    const next = walk.bps * (1 - this.pull) + noise * this.stepBps;
    walk.bps = Math.max(-this.wanderBpsMax, Math.min(this.wanderBpsMax, next));
  }
}
