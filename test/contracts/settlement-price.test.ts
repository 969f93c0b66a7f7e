/**
 * Daily settlement in trader terms: the three tiers (closing-window VWAP, last trade
 * clamped to the closing bid and offer, prior settlement moved by the neighbouring
 * month), the SHFE full-day VWAP, rounding to the tick, and the property that every
 * settlement is a whole number of ticks inside the day's limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dailyLimits,
  dailySettlementPrice,
  initialLimitState,
  sessionSchedule,
  type SettlementInputs,
  type TradePrint,
} from '../../src/core/contracts/index.ts';
import { lots, parseStep, parseSteps, formatSteps, ticks, type Ticks } from '../../src/core/kernel/index.ts';
import { H100, TOK, at, fmt, px, qty } from './fixtures.ts';

const day = '2027-02-03';
const schedule = sessionSchedule(TOK, day);
const closingWindow = { startMs: schedule.closingWindowStartMs, endMs: schedule.closeMs };
const limits = dailyLimits(TOK, px(TOK, '6.374'), initialLimitState); // 5.737..7.011
const trade = (time: string, price: string, size: number): TradePrint => ({
  tsMs: at(day, time),
  priceTicks: px(TOK, price),
  qtyLots: qty(size),
});

function inputs(change: Partial<SettlementInputs>): SettlementInputs {
  return {
    method: 'closing_window_vwap',
    trades: [],
    closingWindow,
    bestBidTicks: null,
    bestAskTicks: null,
    limits,
    neighbour: null,
    ...change,
  };
}

describe('daily settlement tiers', () => {
  it('tier 1: the VWAP of the closing window (19:58 to 20:00 UTC), rounded to the tick half-even', () => {
    const trades = [
      trade('15:00:00', '6.600', 100),
      trade('19:58:00', '6.400', 10),
      trade('19:59:30', '6.410', 30),
      trade('19:59:59', '6.405', 5),
    ];
    const result = dailySettlementPrice(inputs({ trades }));
    // (6.400 x 10 + 6.410 x 30 + 6.405 x 5) / 45 = 6.40722... -> 6.407; the 15:00 trade is outside the window.
    expect(result).toMatchObject({ tier: 'closing_window_vwap', tradesUsed: 3, volumeLots: 45, clampedToLimits: false });
    expect(fmt(TOK, result.priceTicks)).toBe('6.407');
    // A tie is rounded to the even tick: (6.401 + 6.402) / 2 = 6.4015 -> 6.402; (6.402 + 6.403) / 2 -> 6.402.
    const tie = (a: string, b: string): string =>
      fmt(TOK, dailySettlementPrice(inputs({ trades: [trade('19:58:10', a, 1), trade('19:58:20', b, 1)] })).priceTicks);
    expect([tie('6.401', '6.402'), tie('6.402', '6.403')]).toEqual(['6.402', '6.402']);
    // A trade at 20:00:00 is after the close, not in the window.
    expect(dailySettlementPrice(inputs({ trades: [trade('20:00:00', '6.500', 1)] })).tier).toBe('last_trade_clamped');
  });

  it('tier 2: no trade in the window: the last trade, clamped into the closing bid and offer', () => {
    const trades = [trade('11:00:00', '6.300', 10), trade('17:45:00', '6.250', 3)];
    const inside = dailySettlementPrice(inputs({ trades, bestBidTicks: px(TOK, '6.240'), bestAskTicks: px(TOK, '6.260') }));
    expect([inside.tier, fmt(TOK, inside.priceTicks)]).toEqual(['last_trade_clamped', '6.250']);
    // The market bid up after the last trade: the settlement follows the bid.
    const bidUp = dailySettlementPrice(inputs({ trades, bestBidTicks: px(TOK, '6.280'), bestAskTicks: px(TOK, '6.290') }));
    expect(fmt(TOK, bidUp.priceTicks)).toBe('6.280');
    const offeredDown = dailySettlementPrice(inputs({ trades, bestBidTicks: null, bestAskTicks: px(TOK, '6.200') }));
    expect(fmt(TOK, offeredDown.priceTicks)).toBe('6.200');
  });

  it('tier 3: no trade all day: the prior settlement moved by the neighbouring month, or carried', () => {
    const neighbour = { symbol: 'TOKH27', priorSettlementTicks: px(TOK, '6.500'), settlementTicks: px(TOK, '6.620') };
    const moved = dailySettlementPrice(inputs({ neighbour }));
    expect(moved.tier).toBe('neighbour_change');
    expect(fmt(TOK, moved.priceTicks)).toBe('6.494'); // 6.374 + 0.120
    // ...but never through a standing offer.
    const capped = dailySettlementPrice(inputs({ neighbour, bestBidTicks: px(TOK, '6.300'), bestAskTicks: px(TOK, '6.450') }));
    expect(fmt(TOK, capped.priceTicks)).toBe('6.450');
    const carried = dailySettlementPrice(inputs({}));
    expect([carried.tier, fmt(TOK, carried.priceTicks)]).toEqual(['prior_settlement', '6.374']);
  });

  it('SHFE alternative: H100 settles on the VWAP of the whole day', () => {
    expect(H100.settlement.method).toBe('full_day_vwap');
    const trades = [trade('01:00:00', '6.600', 100), trade('19:59:00', '6.400', 100)];
    const result = dailySettlementPrice(inputs({ method: 'full_day_vwap', trades }));
    expect([result.tier, fmt(TOK, result.priceTicks), result.tradesUsed]).toEqual(['full_day_vwap', '6.500', 2]);
  });

  it('clamps into the daily limits and records it', () => {
    const neighbour = { symbol: 'TOKH27', priorSettlementTicks: px(TOK, '6.000'), settlementTicks: px(TOK, '7.500') };
    const result = dailySettlementPrice(inputs({ neighbour }));
    expect(result).toMatchObject({ tier: 'neighbour_change', unclampedTicks: px(TOK, '7.874'), clampedToLimits: true });
    expect(fmt(TOK, result.priceTicks)).toBe('7.011');
  });
});

describe('daily settlement (property)', () => {
  const priceArb = fc.integer({ min: 1, max: 20_000 });
  const tradesArb = fc.array(
    fc.record({ offsetMs: fc.integer({ min: 0, max: 86_399_999 }), price: priceArb, size: fc.integer({ min: 1, max: 500 }) }),
    { maxLength: 30 },
  );
  it('is always a whole number of ticks inside the day limits, whatever the tier', () => {
    fc.assert(
      fc.property(
        priceArb,
        tradesArb,
        fc.option(fc.tuple(priceArb, priceArb)),
        fc.option(fc.tuple(priceArb, fc.integer({ min: 1, max: 500 }))),
        fc.constantFrom('closing_window_vwap' as const, 'full_day_vwap' as const),
        (prior, rawTrades, neighbourPrices, book, method) => {
          const midnight = at(day, '00:00:00');
          const trades = rawTrades
            .map((t) => ({ tsMs: midnight + t.offsetMs, priceTicks: ticks(t.price), qtyLots: lots(t.size) }))
            .sort((a, b) => a.tsMs - b.tsMs);
          const dayLimits = dailyLimits(TOK, ticks(prior), initialLimitState);
          const [bid, ask]: [Ticks | null, Ticks | null] = book === null ? [null, null] : [ticks(book[0]), ticks(book[0] + book[1])];
          const neighbour =
            neighbourPrices === null
              ? null
              : { symbol: 'TOKH27', priorSettlementTicks: ticks(neighbourPrices[0]), settlementTicks: ticks(neighbourPrices[1]) };
          const result = dailySettlementPrice({
            method,
            trades,
            closingWindow,
            bestBidTicks: bid,
            bestAskTicks: ask,
            limits: dayLimits,
            neighbour,
          });
          expect(Number.isSafeInteger(result.priceTicks)).toBe(true);
          expect(result.priceTicks).toBeGreaterThanOrEqual(dayLimits.lowerTicks);
          expect(result.priceTicks).toBeLessThanOrEqual(dayLimits.upperTicks);
          // On the wire it is an exact multiple of the tick size.
          const tick = parseStep(TOK.tickSize);
          expect(parseSteps(formatSteps(result.priceTicks, tick), tick)).toEqual({ ok: true, value: result.priceTicks });
        },
      ),
      { numRuns: 500 },
    );
  });
});
