/**
 * The trading day of a listed contract in the engine (issue 5): orders wait for the
 * session, the opening call auction, a circuit-breaker pause and its re-opening auction,
 * and expiry. Each scenario replays from its journal to the same state hash.
 */
import { describe, expect, it } from 'vitest';
import { TestMarket, limit } from './market.ts';

const z26 = 'TOKZ26';

describe('instrument lifecycle in the engine', () => {
  it('refuses orders before the pre-open, collects crossing orders, and opens with one auction price', () => {
    const market = new TestMarket([z26], 6_374).at('2026-12-01 00:00');
    expect(market.apply(limit(z26, 'a', 'buy', 5, 6_400, 'early'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'market_closed' }),
    ]);
    expect(market.applyOf({ type: 'StartPreOpen', symbol: z26 }, 'InstrumentStateChanged')).toEqual([
      expect.objectContaining({ from: 'listed', to: 'pre_open' }),
    ]);
    // Crossing orders rest without trading while the auction collects.
    market.apply(limit(z26, 'a', 'buy', 5, 6_400, 'a1'));
    market.apply(limit(z26, 'b', 'sell', 3, 6_350, 'b1'));
    const collected = market.apply(limit(z26, 'c', 'sell', 4, 6_390, 'c1'));
    expect(collected.some((e) => e.type === 'OrderFilled')).toBe(false);
    // A market order cannot wait for an auction.
    expect(
      market.apply({
        type: 'SubmitOrder',
        symbol: z26,
        account: 'd',
        clientOrderId: 'm1',
        side: 'buy',
        orderType: 'market',
        tif: 'ioc',
        qtyLots: 1 as never,
      }),
    ).toEqual([expect.objectContaining({ type: 'OrderRejected', name: 'order_not_allowed_in_auction' })]);
    // Volume is 5 lots at any price in [6,390, 6,400] (imbalance 2 to sell at each); the
    // prior settlement 6,374 as reference picks the nearest, 6,390.
    const opened = market.at('2026-12-01 00:15').apply({ type: 'OpenTrading', symbol: z26 });
    expect(opened.find((e) => e.type === 'AuctionUncrossed')).toMatchObject({
      priceTicks: 6_390,
      volumeLots: 5,
      imbalanceLots: 2,
      imbalanceSide: 'sell',
      referenceTicks: 6_374,
    });
    const fills = opened.filter((e) => e.type === 'OrderFilled');
    expect(fills.map((f) => [f.priceTicks, f.qtyLots])).toEqual([
      [6_390, 3],
      [6_390, 2],
    ]);
    expect(market.engine.books.levels(z26, 'sell', 5)).toEqual([expect.objectContaining({ priceTicks: 6_390, qtyLots: 2 })]);
    expect(market.engine.books.levels(z26, 'buy', 5)).toEqual([]);
    expect(market.engine.contractState(z26)?.lifecycle.state).toBe('open');
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });

  it('pauses on a circuit-breaker trip, refuses orders, and re-opens with an auction', () => {
    const market = new TestMarket([z26], 6_374).at('2026-12-01 00:15');
    market.open(z26);
    market.at('2026-12-01 10:00:00').trade(z26, 6_374);
    // Threshold: 3% of 6,374 = 191 ticks within 60 s. A trade 226 ticks up 30 s later trips it.
    const sweep = market.at('2026-12-01 10:00:30').trade(z26, 6_600);
    expect(sweep.filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
    const trip = sweep.find((e) => e.type === 'CircuitBreakerTripped');
    expect(trip).toMatchObject({ symbol: z26, priceTicks: 6_600, farthestPriceTicks: 6_374, moveTicks: 226, thresholdTicks: 191 });
    const pauseEnds = Date.parse('2026-12-01T10:02:30Z');
    expect(trip).toMatchObject({ auctionStartMs: pauseEnds, reopenAtMs: pauseEnds + 60_000 });
    expect(sweep.find((e) => e.type === 'InstrumentStateChanged')).toMatchObject({
      to: 'halted',
      haltReason: 'circuit_breaker',
      resumeAtMs: pauseEnds,
    });
    // Halted: no new order, cancels still work; the pause cannot end early.
    market.at('2026-12-01 10:01:00');
    expect(market.apply(limit(z26, 'x', 'buy', 1, 6_500, 'h1'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'market_halted' }),
    ]);
    expect(market.apply({ type: 'ResumeTrading', symbol: z26 })).toEqual([
      expect.objectContaining({ type: 'LifecycleCommandRejected', name: 'lifecycle_transition_invalid' }),
    ]);
    market.at('2026-12-01 10:02:30').apply({ type: 'ResumeTrading', symbol: z26 });
    expect(market.engine.contractState(z26)).toMatchObject({ lifecycle: { state: 'pre_open' }, reopenAtMs: pauseEnds + 60_000 });
    market.apply(limit(z26, 'x', 'buy', 2, 6_560, 'r1'));
    market.apply(limit(z26, 'y', 'sell', 2, 6_540, 'r2'));
    const reopened = market.at('2026-12-01 10:03:30').apply({ type: 'OpenTrading', symbol: z26 });
    // Both prices trade 2 lots with no imbalance; the reference (last trade, 6,600) is above the range: 6,560.
    expect(reopened.find((e) => e.type === 'AuctionUncrossed')).toMatchObject({ priceTicks: 6_560, volumeLots: 2, referenceTicks: 6_600 });
    expect(reopened.some((e) => e.type === 'CircuitBreakerTripped')).toBe(false);
    expect(market.engine.contractState(z26)).toMatchObject({ lifecycle: { state: 'open' }, reopenAtMs: null });
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });

  it('expires a contract after its last trading day: orders cancelled, none accepted, then final settlement', () => {
    const market = new TestMarket([z26], 6_374).at('2026-12-31 00:00');
    market.open(z26);
    market.apply(limit(z26, 'a', 'buy', 1, 6_300, 'gtc1'));
    market.at('2026-12-31 20:00').close(z26);
    // The last trading day was 2026-12-31: the next session is refused, expiry cancels the order.
    market.at('2027-01-04 00:00');
    expect(market.apply({ type: 'StartPreOpen', symbol: z26 })).toEqual([
      expect.objectContaining({ type: 'LifecycleCommandRejected', name: 'instrument_expired' }),
    ]);
    const expired = market.apply({ type: 'ExpireContract', symbol: z26 });
    expect(expired.map((e) => e.type)).toEqual(['InstrumentStateChanged', 'OrderCancelled', 'BookLevelChanged']);
    expect(market.engine.books.workingOrders(z26)).toEqual([]);
    expect(market.apply(limit(z26, 'a', 'buy', 1, 6_300, 'late'))).toEqual([
      expect.objectContaining({ type: 'OrderRejected', name: 'instrument_expired' }),
    ]);
    expect(market.applyOf({ type: 'FinalSettleContract', symbol: z26, priceTicks: 6_411 as never }, 'InstrumentStateChanged')).toEqual([
      expect.objectContaining({ to: 'settled', finalSettlementTicks: 6_411 }),
    ]);
    expect(market.replayHash()).toBe(market.engine.stateHash());
  });

  it('refuses an expiry before the last trading day and lifecycle commands for unknown contracts', () => {
    const market = new TestMarket([z26], 6_374).at('2026-12-30 00:00');
    expect(market.apply({ type: 'ExpireContract', symbol: z26 })).toEqual([
      expect.objectContaining({ type: 'LifecycleCommandRejected', name: 'lifecycle_transition_invalid' }),
    ]);
    expect(market.apply({ type: 'StartPreOpen', symbol: 'NOPEZ26' })).toEqual([
      expect.objectContaining({ type: 'ContractCommandRejected', name: 'unknown_instrument' }),
    ]);
    expect(market.engine.contractState(z26)?.lifecycle.state).toBe('listed');
  });
});
