/**
 * The simulation's clock: virtual time that moves only when the simulation steps it.
 *
 * Day `d` (0-based) of a run starts at `startMs + d * 86_400_000`; its ticks are
 * `tickMs` apart from then. With a closing segment, ticks from `closing.firstTick` on
 * are placed from `startMs + closing.offsetMs`, `closing.tickMs` apart, so the last
 * ticks of each day fall in the product's closing window. Time never goes back: `at`
 * asserts it. `clockFor` builds the clock of a product's session from its times.
 */
import { minutesOfTime, type ProductSpec } from '../core/contracts/index.ts';

export const dayMs = 86_400_000;

export interface ClosingSegment {
  readonly firstTick: number;
  /** From the day's first tick to the first closing tick. */
  readonly offsetMs: number;
  readonly tickMs: number;
}

export class VirtualClock {
  readonly startMs: number;
  readonly tickMs: number;
  readonly closing: ClosingSegment | null;
  private nowMs: number;

  constructor(startMs: number, tickMs: number, closing: ClosingSegment | null = null) {
    if (!Number.isSafeInteger(startMs) || !Number.isSafeInteger(tickMs) || tickMs <= 0) throw new RangeError('bad clock');
    if (closing !== null && (closing.tickMs <= 0 || closing.offsetMs < closing.firstTick * tickMs))
      throw new RangeError('bad closing segment');
    this.startMs = startMs;
    this.tickMs = tickMs;
    this.closing = closing;
    this.nowMs = startMs;
  }

  get now(): number {
    return this.nowMs;
  }

  /** The time of day `day`, tick `tick` (no move). */
  timeOf(day: number, tick: number): number {
    const c = this.closing;
    const inDay = c !== null && tick >= c.firstTick ? c.offsetMs + (tick - c.firstTick) * c.tickMs : tick * this.tickMs;
    return this.startMs + day * dayMs + inDay;
  }

  /** Moves to day `day`, tick `tick`, and returns the time. */
  at(day: number, tick: number): number {
    const next = this.timeOf(day, tick);
    if (next < this.nowMs) throw new Error(`virtual clock went back: ${next} after ${this.nowMs}`);
    this.nowMs = next;
    return next;
  }
}

/** A product's session times in milliseconds after midnight UTC. */
export interface SessionTimes {
  readonly openMs: number;
  readonly closingWindowStartMs: number;
  readonly closeMs: number;
}

export function sessionTimesOf(product: ProductSpec): SessionTimes {
  const ms = (time: string): number => {
    const minutes = minutesOfTime(time);
    if (minutes === null) throw new Error(`product ${product.root}: session time "${time}" is not HH:MM`);
    return minutes * 60_000;
  };
  return {
    openMs: ms(product.sessions.open),
    closingWindowStartMs: ms(product.sessions.closingWindowStart),
    closeMs: ms(product.sessions.close),
  };
}

/**
 * The clock of a run from `midnightMs` (the first day's midnight UTC): `ticksPerDay`
 * ticks from the open; with `closingWindowTicks` > 0, the last that many in the closing
 * window and the others evenly before it; with 0, all evenly over open to close.
 */
export function clockFor(times: SessionTimes, midnightMs: number, ticksPerDay: number, closingWindowTicks: number): VirtualClock {
  const startMs = midnightMs + times.openMs;
  const sessionMs = times.closeMs - times.openMs;
  if (closingWindowTicks === 0) return new VirtualClock(startMs, Math.floor(sessionMs / ticksPerDay));
  const beforeMs = times.closingWindowStartMs - times.openMs;
  const firstTick = ticksPerDay - closingWindowTicks;
  const windowMs = times.closeMs - times.closingWindowStartMs;
  return new VirtualClock(startMs, Math.max(1, Math.floor(beforeMs / firstTick)), {
    firstTick,
    offsetMs: beforeMs,
    tickMs: Math.max(1, Math.floor(windowMs / closingWindowTicks)),
  });
}
