/**
 * Daily limits, escalation, band and order size, as a trader meets them: TOK settles at
 * 6.374 and then locks limit-up three days running.
 */
import { describe, expect, it } from 'vitest';
import {
  advanceLimitState,
  checkBlockSize,
  checkDailyLimit,
  checkOrderSize,
  checkPriceBand,
  dailyLimits,
  initialLimitState,
  limitLockedDirection,
  marginPerContractMinor,
  priceBand,
  type DailyLimits,
  type LimitState,
} from '../../src/core/contracts/index.ts';
import { ticks } from '../../src/core/kernel/index.ts';
import { TOK, fmt, px, qty } from './fixtures.ts';

function range(limits: DailyLimits): string {
  return `${fmt(TOK, limits.lowerTicks)}..${fmt(TOK, limits.upperTicks)}`;
}

/** Closes a day locked limit-up: settles at the upper limit, bids left there, no offers. */
function closeLockedUp(limits: DailyLimits, state: LimitState): LimitState {
  const close = { settlementTicks: limits.upperTicks, bestBidTicks: limits.upperTicks, bestAskTicks: null };
  expect(limitLockedDirection(limits, close)).toBe('up');
  return advanceLimitState(TOK, state, 'locked_up');
}

describe('daily price limits with SHFE-style escalation', () => {
  it('widens the limit and raises margin over three limit-up days, then halts the fourth', () => {
    // Day 1: prior settlement 6.374, base limit 10% -> 637 ticks either side.
    let state = initialLimitState;
    const day1 = dailyLimits(TOK, px(TOK, '6.374'), state);
    expect(range(day1)).toBe('5.737..7.011');
    expect(day1.level).toMatchObject({ step: 0, limitBps: 1000, initialMarginBps: 1200, halted: false });
    expect(checkDailyLimit(day1, px(TOK, '7.011'))).toBeNull();
    expect(checkDailyLimit(day1, px(TOK, '7.012'))).toEqual({
      code: 4001,
      name: 'price_outside_daily_limit',
      reason: 'priceTicks: 7012 is above the upper daily limit 7011 (prior settlement 6374 +- 637)',
    });
    expect(checkDailyLimit(day1, px(TOK, '5.736'))?.code).toBe(4001);
    state = closeLockedUp(day1, state);
    expect(state).toEqual({ lockedDays: 1, direction: 'up' });

    // Day 2: settled at 7.011; step 1 is 13% and initial margin 15%.
    const day2 = dailyLimits(TOK, px(TOK, '7.011'), state);
    expect(range(day2)).toBe('6.100..7.922');
    expect(day2.level).toMatchObject({ step: 1, limitBps: 1300, initialMarginBps: 1500, maintenanceMarginBps: 1400 });
    expect(marginPerContractMinor(TOK, day2.priorSettlementTicks, day2.level.initialMarginBps)).toBe(105_165n); // 1051.65 USD
    state = closeLockedUp(day2, state);

    // Day 3: settled at 7.922; step 2 is 16% and initial margin 18%.
    const day3 = dailyLimits(TOK, px(TOK, '7.922'), state);
    expect(range(day3)).toBe('6.655..9.189');
    expect(day3.level).toMatchObject({ step: 2, limitBps: 1600, initialMarginBps: 1800, halted: false });
    state = closeLockedUp(day3, state);
    expect(state).toEqual({ lockedDays: 3, direction: 'up' });

    // Day 4: three locked days in a row: no session.
    const day4 = dailyLimits(TOK, px(TOK, '9.189'), state);
    expect(day4.level.halted).toBe(true);
    state = advanceLimitState(TOK, state, 'halted');

    // Day 5 trades again on the widest step; one more locked day would halt again.
    const day5 = dailyLimits(TOK, px(TOK, '9.189'), state);
    expect(day5.level).toMatchObject({ step: 2, halted: false });
    expect(advanceLimitState(TOK, state, 'locked_up')).toEqual({ lockedDays: 3, direction: 'up' });
    // A day that is not locked returns to the base limit.
    state = advanceLimitState(TOK, state, 'not_locked');
    expect(dailyLimits(TOK, px(TOK, '9.000'), state).level).toMatchObject({ step: 0, limitBps: 1000 });
  });

  it('starts a new run when the lock flips direction, and needs a real lock to count', () => {
    const up = advanceLimitState(TOK, advanceLimitState(TOK, initialLimitState, 'locked_up'), 'locked_up');
    expect(advanceLimitState(TOK, up, 'locked_down')).toEqual({ lockedDays: 1, direction: 'down' });
    const limits = dailyLimits(TOK, px(TOK, '6.374'), initialLimitState);
    // Settled at the limit but offers remain: not locked.
    expect(
      limitLockedDirection(limits, { settlementTicks: limits.upperTicks, bestBidTicks: px(TOK, '7.010'), bestAskTicks: limits.upperTicks }),
    ).toBeNull();
    expect(limitLockedDirection(limits, { settlementTicks: limits.lowerTicks, bestBidTicks: null, bestAskTicks: limits.lowerTicks })).toBe(
      'down',
    );
    expect(() => advanceLimitState(TOK, initialLimitState, 'halted')).toThrow(/limit halt needs 3 locked days/);
  });

  it('never goes below one tick nor above the maximum price', () => {
    const low = dailyLimits(TOK, px(TOK, '0.003'), initialLimitState);
    expect([low.widthTicks, low.lowerTicks, low.upperTicks]).toEqual([1, 2, 4]);
    const high = dailyLimits(TOK, ticks(TOK.priceTicksMax), initialLimitState);
    expect(high.upperTicks).toBe(TOK.priceTicksMax);
  });
});

describe('price band', () => {
  it('rejects a buy above and a sell below the band around the reference, and lets passive orders rest', () => {
    const band = priceBand(TOK, px(TOK, '6.374')); // 5% -> 318 ticks
    expect([fmt(TOK, band.lowerTicks), fmt(TOK, band.upperTicks)]).toEqual(['6.056', '6.692']);
    expect(checkPriceBand(band, 'buy', px(TOK, '6.692'))).toBeNull();
    expect(checkPriceBand(band, 'buy', px(TOK, '6.693'))).toEqual({
      code: 4002,
      name: 'price_outside_band',
      reason: "priceTicks: buy at 6693 is above the band's upper edge 6692 (reference 6374 + 318)",
    });
    expect(checkPriceBand(band, 'sell', px(TOK, '6.055'))?.name).toBe('price_outside_band');
    expect(checkPriceBand(band, 'buy', px(TOK, '5.000'))).toBeNull();
    expect(checkPriceBand(band, 'sell', px(TOK, '8.000'))).toBeNull();
  });
});

describe('order size', () => {
  it('rejects above the maximum order size and blocks below the block minimum', () => {
    expect(checkOrderSize(TOK, qty(500))).toBeNull();
    expect(checkOrderSize(TOK, qty(501))).toEqual({
      code: 3007,
      name: 'qty_above_max',
      reason: 'qtyLots: 501 is above the maximum order size 500 of TOK',
    });
    expect(checkBlockSize(TOK, qty(50))).toBeNull();
    expect(checkBlockSize(TOK, qty(49))).toMatchObject({ code: 2008, name: 'block_qty_below_minimum' });
  });
});
