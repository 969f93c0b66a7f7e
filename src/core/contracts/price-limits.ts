/**
 * Daily price limits with SHFE-style escalation.
 *
 * A day's limits are prior settlement +- width, width = `widthTicksFloor(prior, limitBps)`
 * (floor, at least one tick), the lower bound never below one tick and the upper never
 * above the product's maximum price. Orders priced outside are rejected on both sides.
 *
 * Escalation (docs/contracts.md, "Daily price limits"): a day is limit-locked when it
 * settles at a limit with unfilled demand at that limit and no opposite order (see
 * `limitLockedDirection`). After k consecutive locked days in the same direction the
 * next day uses escalation step k (a wider limit and higher margin; the last step
 * holds beyond the list); after `haltAfterLockedDays` the next trading day is halted.
 * A halted day leaves the count one below the halt, so trading resumes on the widest
 * step and one more locked day halts again. A day locked the other way counts as the
 * first of a new run; an unlocked day resets to the base limit.
 * All O(1); `LimitState` is two fields, carried by the engine from day to day.
 */
import { assert, ticks, type Ticks } from '../kernel/index.ts';
import type { ProductSpec } from './product-spec.ts';
import { rejection, type Rejection } from './rejection.ts';
import { clampTicks, widthTicksFloor } from './tick-rounding.ts';

export type LimitDirection = 'up' | 'down';

export interface LimitState {
  /** Consecutive limit-locked trading days, in `direction`, that ended with the last trading day. */
  readonly lockedDays: number;
  readonly direction: LimitDirection | null;
}

export const initialLimitState: LimitState = { lockedDays: 0, direction: null };

/** How a trading day ended, for the escalation. `halted`: the day was a limit halt, no trading. */
export type DayOutcome = 'locked_up' | 'locked_down' | 'not_locked' | 'halted';

export function advanceLimitState(product: ProductSpec, state: LimitState, outcome: DayOutcome): LimitState {
  const haltAfter = product.dailyLimit.haltAfterLockedDays;
  if (outcome === 'not_locked') return initialLimitState;
  if (outcome === 'halted') {
    assert(state.lockedDays >= haltAfter, `a limit halt needs ${haltAfter} locked days, state has ${state.lockedDays}`);
    return { lockedDays: haltAfter - 1, direction: state.direction };
  }
  const direction: LimitDirection = outcome === 'locked_up' ? 'up' : 'down';
  if (state.direction !== direction) return { lockedDays: 1, direction };
  return { lockedDays: state.lockedDays + 1, direction };
}

export interface LimitLevel {
  /** 0: base; k: escalation step k. */
  readonly step: number;
  readonly limitBps: number;
  readonly initialMarginBps: number;
  readonly maintenanceMarginBps: number;
  /** The day is a limit halt: no session. */
  readonly halted: boolean;
}

export function limitLevel(product: ProductSpec, state: LimitState): LimitLevel {
  const { baseBps, escalation, haltAfterLockedDays } = product.dailyLimit;
  const halted = state.lockedDays >= haltAfterLockedDays;
  const step = Math.min(state.lockedDays, escalation.length);
  const base = { limitBps: baseBps, initialMarginBps: product.margin.initialBps, maintenanceMarginBps: product.margin.maintenanceBps };
  const at = step === 0 ? base : (escalation[step - 1] ?? base);
  return {
    step,
    limitBps: at.limitBps,
    initialMarginBps: Math.max(at.initialMarginBps, base.initialMarginBps),
    maintenanceMarginBps: Math.max(at.maintenanceMarginBps, base.maintenanceMarginBps),
    halted,
  };
}

export interface DailyLimits {
  readonly priorSettlementTicks: Ticks;
  readonly widthTicks: Ticks;
  readonly lowerTicks: Ticks;
  readonly upperTicks: Ticks;
  readonly level: LimitLevel;
}

export function dailyLimits(product: ProductSpec, priorSettlementTicks: Ticks, state: LimitState): DailyLimits {
  assert(
    priorSettlementTicks >= 1 && priorSettlementTicks <= product.priceTicksMax,
    `prior settlement out of range: ${priorSettlementTicks}`,
  );
  const level = limitLevel(product, state);
  const widthTicks = widthTicksFloor(priorSettlementTicks, level.limitBps);
  return {
    priorSettlementTicks,
    widthTicks,
    lowerTicks: ticks(Math.max(1, priorSettlementTicks - widthTicks)),
    upperTicks: ticks(Math.min(product.priceTicksMax, priorSettlementTicks + widthTicks)),
    level,
  };
}

/** Rejects a price outside the day's limits (either side), naming the field. */
export function checkDailyLimit(limits: DailyLimits, priceTicks: Ticks, field = 'priceTicks'): Rejection | null {
  if (priceTicks >= limits.lowerTicks && priceTicks <= limits.upperTicks) return null;
  const side = priceTicks > limits.upperTicks ? 'above the upper' : 'below the lower';
  const bound = priceTicks > limits.upperTicks ? limits.upperTicks : limits.lowerTicks;
  return rejection(
    'price_outside_daily_limit',
    `${field}: ${priceTicks} is ${side} daily limit ${bound} (prior settlement ${limits.priorSettlementTicks} +- ${limits.widthTicks})`,
  );
}

/** Clamps a price into the day's limits. */
export function clampToLimits(limits: DailyLimits, priceTicks: Ticks): Ticks {
  return clampTicks(priceTicks, limits.lowerTicks, limits.upperTicks);
}

/**
 * The direction a day closed limit-locked, or null. Locked up: the settlement price is
 * the upper limit, the closing best bid is at the upper limit and no offer is left.
 * Locked down: the mirror image.
 */
export function limitLockedDirection(
  limits: DailyLimits,
  close: { readonly settlementTicks: Ticks; readonly bestBidTicks: Ticks | null; readonly bestAskTicks: Ticks | null },
): LimitDirection | null {
  const { settlementTicks, bestBidTicks, bestAskTicks } = close;
  if (settlementTicks === limits.upperTicks && bestBidTicks === limits.upperTicks && bestAskTicks === null) return 'up';
  if (settlementTicks === limits.lowerTicks && bestAskTicks === limits.lowerTicks && bestBidTicks === null) return 'down';
  return null;
}
