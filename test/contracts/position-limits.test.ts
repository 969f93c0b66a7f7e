/**
 * Position limits as a trader meets them in TOK (spot month 1 000, single month 3 000,
 * all months 5 000 lots; accountability 2 000; reportable 25), in February 2027 when
 * TOKG27 is the spot month.
 */
import { describe, expect, it } from 'vitest';
import { checkPositionLimits } from '../../src/core/contracts/index.ts';
import { TOK, qty } from './fixtures.ts';

const date = '2027-02-10';

describe('position limits', () => {
  it('rejects a buy that would take the spot month beyond 1 000 lots, naming the limit', () => {
    const result = checkPositionLimits(TOK, { TOKG27: 900 }, { symbol: 'TOKG27', side: 'buy', qtyLots: qty(150) }, date);
    expect(result.rejection).toEqual({
      code: 4003,
      name: 'position_limit_exceeded',
      reason:
        'positionLimits.spotMonthLots: spot month TOKG27 position would be 1050 lots, beyond the limit of 1000 (now 900, order buy 150)',
    });
    // The same order in a deferred month is fine: only the single-month limit applies there.
    expect(checkPositionLimits(TOK, { TOKH27: 900 }, { symbol: 'TOKH27', side: 'buy', qtyLots: qty(150) }, date).rejection).toBeNull();
  });

  it('applies the single-month and all-months limits, shorts included', () => {
    const single = checkPositionLimits(TOK, { TOKM27: -2900 }, { symbol: 'TOKM27', side: 'sell', qtyLots: qty(101) }, date);
    expect(single.rejection?.reason).toMatch(/^positionLimits\.singleMonthLots: single month TOKM27 position would be -3001 lots/);
    const held = { TOKH27: 2000, TOKJ27: 2000, TOKK27: 900 };
    const all = checkPositionLimits(TOK, held, { symbol: 'TOKM27', side: 'buy', qtyLots: qty(101) }, date);
    expect(all.rejection?.reason).toMatch(/^positionLimits\.allMonthsLots: all months TOK position would be 5001 lots/);
    // A calendar spread leg that reduces the net is allowed.
    expect(checkPositionLimits(TOK, held, { symbol: 'TOKM27', side: 'sell', qtyLots: qty(200) }, date).rejection).toBeNull();
  });

  it('always lets a position get smaller, even above a limit', () => {
    const over = { TOKG27: 1200 }; // e.g. built before the month became the spot month
    expect(checkPositionLimits(TOK, over, { symbol: 'TOKG27', side: 'sell', qtyLots: qty(100) }, date).rejection).toBeNull();
    expect(checkPositionLimits(TOK, over, { symbol: 'TOKG27', side: 'buy', qtyLots: qty(1) }, date).rejection?.code).toBe(4003);
  });

  it('reports the reportable and accountability levels without rejecting', () => {
    expect(checkPositionLimits(TOK, {}, { symbol: 'TOKH27', side: 'buy', qtyLots: qty(24) }, date).notices).toEqual([]);
    expect(checkPositionLimits(TOK, { TOKH27: 24 }, { symbol: 'TOKH27', side: 'buy', qtyLots: qty(1) }, date).notices).toEqual([
      { level: 'reportable', symbol: 'TOKH27', positionLots: 25, thresholdLots: 25 },
    ]);
    const big = checkPositionLimits(TOK, { TOKH27: 1990, TOKJ27: 500 }, { symbol: 'TOKH27', side: 'buy', qtyLots: qty(20) }, date);
    expect(big.rejection).toBeNull();
    expect(big.notices.map((n) => (n.level === 'accountability' ? `${n.scope} ${n.positionLots}` : n.level))).toEqual([
      'reportable',
      'single_month 2010',
      'all_months 2510',
    ]);
  });

  it('ignores positions in other products for the all-months net', () => {
    const result = checkPositionLimits(TOK, { TOKH27: 4900, H100H27: 5000 }, { symbol: 'TOKJ27', side: 'buy', qtyLots: qty(100) }, date);
    expect(result.rejection).toBeNull();
  });
});
