/**
 * A circuit-breaker pause and its re-opening auction, end to end in the pure rules:
 * TOK trades calmly, then a burst of selling moves it more than 3% inside a minute; the
 * market halts for two minutes, collects orders for a one-minute call auction, uncrosses
 * at the volume-maximising price and reopens.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyLifecycle,
  auctionPrice,
  checkCircuitBreaker,
  circuitBreakerThresholdTicks,
  detectCircuitBreaker,
  newLifecycle,
  orderEntry,
  type InstrumentLifecycle,
  type LifecycleCommand,
  type TradePrint,
} from '../../src/core/contracts/index.ts';
import { lots, ticks } from '../../src/core/kernel/index.ts';
import { TOK, at, fmt, px, qty } from './fixtures.ts';

const day = '2027-02-03';
const trade = (time: string, price: string, size = 5): TradePrint => ({
  tsMs: at(day, time),
  priceTicks: px(TOK, price),
  qtyLots: qty(size),
});

describe('circuit breaker', () => {
  const threshold = circuitBreakerThresholdTicks(TOK, px(TOK, '6.374')); // 3% of the prior settlement

  it('trips on a move beyond 3% inside the 60-second window, not on a slow drift', () => {
    expect(fmt(TOK, threshold)).toBe('0.191');
    const drift = [trade('14:00:00', '6.400'), trade('14:01:30', '6.300'), trade('14:03:00', '6.200'), trade('14:04:30', '6.100')];
    expect(detectCircuitBreaker(TOK, threshold, drift)).toBeNull();
    const burst = [...drift, trade('14:05:00', '6.080'), trade('14:05:20', '5.990'), trade('14:05:40', '5.880')];
    const trip = detectCircuitBreaker(TOK, threshold, burst);
    expect(trip).toMatchObject({
      trippedAtMs: at(day, '14:05:40'),
      priceTicks: px(TOK, '5.880'),
      farthestPriceTicks: px(TOK, '6.080'),
      moveTicks: 200,
      auctionStartMs: at(day, '14:07:40'),
      reopenAtMs: at(day, '14:08:40'),
    });
    // The same answer for a price about to trade, checked before it prints.
    expect(checkCircuitBreaker(TOK, threshold, burst.slice(0, -1), { tsMs: at(day, '14:05:40'), priceTicks: px(TOK, '5.880') })).toEqual(
      trip,
    );
    expect(checkCircuitBreaker(TOK, threshold, burst.slice(0, -1), { tsMs: at(day, '14:05:40'), priceTicks: px(TOK, '5.890') })).toBeNull();
  });

  it('halts, re-opens through a call auction at the price that maximises volume, and trades again', () => {
    const trades = [trade('14:05:00', '6.080'), trade('14:05:40', '5.880')];
    const trip = detectCircuitBreaker(TOK, threshold, trades);
    if (trip === null) throw new Error('expected a trip');
    let seq = 100;
    let state: InstrumentLifecycle = { ...newLifecycle('TOKH27', '2027-03-31'), state: 'open' };
    const send = (command: LifecycleCommand, tsMs: number): string => {
      const result = applyLifecycle(state, command, { seq: seq++, tsMs });
      state = result.state;
      return result.event.type === 'InstrumentStateChanged' ? `${result.event.from}->${result.event.to}` : result.event.name;
    };
    expect(
      send({ type: 'HaltTrading', symbol: 'TOKH27', reason: 'circuit_breaker', resumeAtMs: trip.auctionStartMs }, trip.trippedAtMs),
    ).toBe('open->halted');
    expect(orderEntry(state)).toMatchObject({ code: 2004, name: 'market_halted' });
    // Too early: the pause lasts two minutes.
    expect(send({ type: 'ResumeTrading', symbol: 'TOKH27' }, trip.auctionStartMs - 1)).toBe('lifecycle_transition_invalid');
    expect(send({ type: 'ResumeTrading', symbol: 'TOKH27' }, trip.auctionStartMs)).toBe('halted->pre_open');
    expect(orderEntry(state)).toBeNull();

    // Orders collected in the re-opening auction (price, lots); reference: the last trade 5.880.
    const bids = [o('5.950', 10), o('5.930', 15), o('5.900', 20), o('5.850', 30)];
    const asks = [o('5.880', 12), o('5.900', 18), o('5.920', 25), o('6.000', 40)];
    // Cumulative at 5.900: demand 45, supply 30 -> 30; at 5.920: demand 25, supply 55 -> 25.
    // Early on, 25 lots trade anywhere in 5.900..5.930; the closest to the reference is 5.900.
    const indicative = auctionPrice(bids.slice(0, 2), asks.slice(0, 2), px(TOK, '5.880'));
    expect(indicative).toMatchObject({ priceTicks: px(TOK, '5.900'), volumeLots: 25, imbalanceLots: 5, imbalanceSide: 'sell' });
    const uncross = auctionPrice(bids, asks, px(TOK, '5.880'));
    expect(uncross).toMatchObject({ volumeLots: 30, imbalanceLots: 15, imbalanceSide: 'buy' });
    expect(fmt(TOK, uncross.priceTicks ?? 0)).toBe('5.900');
    expect(send({ type: 'OpenTrading', symbol: 'TOKH27' }, trip.reopenAtMs)).toBe('pre_open->open');
  });

  it('finds the same first trip as a trade-by-trade check (random walks)', () => {
    const walk = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 30_000 }), move: fc.integer({ min: -80, max: 80 }) }), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(walk, (steps) => {
        let ts = at(day, '10:00:00');
        let price = 6374;
        const prints: TradePrint[] = steps.map((s) => {
          ts += s.gapMs;
          price = Math.max(1, price + s.move);
          return { tsMs: ts, priceTicks: ticks(price), qtyLots: lots(1) };
        });
        const fast = detectCircuitBreaker(TOK, threshold, prints);
        let slow = null;
        for (let i = 0; i < prints.length && slow === null; i++)
          slow = checkCircuitBreaker(TOK, threshold, prints.slice(0, i), prints[i] as TradePrint);
        expect(fast?.trippedAtMs ?? null).toBe(slow?.trippedAtMs ?? null);
        expect(fast?.moveTicks ?? null).toBe(slow?.moveTicks ?? null);
      }),
    );
  });
});

function o(price: string, size: number): { priceTicks: ReturnType<typeof px>; qtyLots: ReturnType<typeof qty> } {
  return { priceTicks: px(TOK, price), qtyLots: qty(size) };
}
