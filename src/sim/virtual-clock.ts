/**
 * The simulation's clock: virtual time that moves only when the simulation steps it.
 *
 * Day `d` (0-based) of a run starts at `startMs + d * 86_400_000`; its `ticksPerDay`
 * ticks are `tickMs` apart from then. Time never goes back: `at` asserts it.
 */
export const dayMs = 86_400_000;

export class VirtualClock {
  readonly startMs: number;
  readonly tickMs: number;
  private nowMs: number;

  constructor(startMs: number, tickMs: number) {
    if (!Number.isSafeInteger(startMs) || !Number.isSafeInteger(tickMs) || tickMs <= 0) throw new RangeError('bad clock');
    this.startMs = startMs;
    this.tickMs = tickMs;
    this.nowMs = startMs;
  }

  get now(): number {
    return this.nowMs;
  }

  /** Moves to day `day`, tick `tick`, and returns the time. */
  at(day: number, tick: number): number {
    const next = this.startMs + day * dayMs + tick * this.tickMs;
    if (next < this.nowMs) throw new Error(`virtual clock went back: ${next} after ${this.nowMs}`);
    this.nowMs = next;
    return next;
  }
}
