/**
 * Call auction price: properties against a brute force over every tick, and the
 * documented tie-breaks on small books a trader can check by hand.
 *
 * Properties: the chosen price executes the most volume of any price; among prices
 * with that volume it has the least imbalance; among those it is the closest to the
 * reference; the result does not depend on the order of the orders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auctionPrice, type AuctionOrder } from '../../src/core/contracts/index.ts';
import { lots, ticks } from '../../src/core/kernel/index.ts';

const order = (price: number, qty: number): AuctionOrder => ({ priceTicks: ticks(price), qtyLots: lots(qty) });

const orderArb = fc
  .record({ priceTicks: fc.integer({ min: 90, max: 110 }), qtyLots: fc.integer({ min: 1, max: 50 }) })
  .map((o) => order(o.priceTicks, o.qtyLots));
const bookArb = fc.record({
  bids: fc.array(orderArb, { maxLength: 12 }),
  asks: fc.array(orderArb, { maxLength: 12 }),
  reference: fc.integer({ min: 80, max: 120 }),
});

function at(bids: readonly AuctionOrder[], asks: readonly AuctionOrder[], price: number): { volume: number; imbalance: number } {
  const demand = bids.filter((b) => b.priceTicks >= price).reduce((s, b) => s + b.qtyLots, 0);
  const supply = asks.filter((a) => a.priceTicks <= price).reduce((s, a) => s + a.qtyLots, 0);
  return { volume: Math.min(demand, supply), imbalance: Math.abs(demand - supply) };
}

describe('auctionPrice (properties)', () => {
  it('maximises volume, then minimises imbalance, then is closest to the reference, over every price', () => {
    fc.assert(
      fc.property(bookArb, ({ bids, asks, reference }) => {
        const result = auctionPrice(bids, asks, ticks(reference));
        const candidates = Array.from({ length: 41 }, (_, i) => 80 + i).map((p) => ({ p, ...at(bids, asks, p) }));
        const bestVolume = Math.max(...candidates.map((c) => c.volume));
        if (bestVolume === 0) {
          expect(result.priceTicks).toBeNull();
          return;
        }
        const chosen = result.priceTicks as number;
        expect(at(bids, asks, chosen).volume).toBe(bestVolume);
        expect(result.volumeLots).toBe(bestVolume);
        const withVolume = candidates.filter((c) => c.volume === bestVolume);
        const leastImbalance = Math.min(...withVolume.map((c) => c.imbalance));
        expect(at(bids, asks, chosen).imbalance).toBe(leastImbalance);
        expect(result.imbalanceLots).toBe(leastImbalance);
        const tied = withVolume.filter((c) => c.imbalance === leastImbalance).map((c) => c.p);
        const closest = Math.min(...tied.map((p) => Math.abs(p - reference)));
        expect(Math.abs(chosen - reference)).toBe(closest);
        // The tied prices are one interval, reported as the range.
        expect([result.rangeLowTicks, result.rangeHighTicks]).toEqual([Math.min(...tied), Math.max(...tied)]);
        expect(tied.length).toBe(Math.max(...tied) - Math.min(...tied) + 1);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic under input order', () => {
    fc.assert(
      fc.property(bookArb, fc.integer(), ({ bids, asks, reference }, seed) => {
        const shuffle = <T>(items: readonly T[]): T[] => {
          const copy = [...items];
          let s = seed | 0;
          for (let i = copy.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            const j = (s >>> 0) % (i + 1);
            [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
          }
          return copy;
        };
        expect(auctionPrice(shuffle(bids), shuffle(asks), ticks(reference))).toEqual(auctionPrice(bids, asks, ticks(reference)));
      }),
    );
  });
});

describe('auctionPrice (tie-breaks by hand)', () => {
  it('returns no price when the book does not cross', () => {
    expect(auctionPrice([order(99, 10)], [order(100, 10)], ticks(100))).toMatchObject({ priceTicks: null, volumeLots: 0 });
    expect(auctionPrice([], [order(100, 10)], ticks(100)).priceTicks).toBeNull();
  });

  it('takes the reference when it lies inside the tied range, else the nearest edge', () => {
    // 10 lots trade anywhere from 95 to 105 with no imbalance.
    expect(auctionPrice([order(105, 10)], [order(95, 10)], ticks(101))).toMatchObject({
      priceTicks: 101,
      volumeLots: 10,
      imbalanceLots: 0,
    });
    expect(auctionPrice([order(105, 10)], [order(95, 10)], ticks(120)).priceTicks).toBe(105);
    expect(auctionPrice([order(105, 10)], [order(95, 10)], ticks(90)).priceTicks).toBe(95);
  });

  it('prefers the smaller imbalance over the reference', () => {
    // Volume 10 at 95..100 (supply 10; demand 25 up to 100) and at 101..105 (demand 10, supply 10).
    const result = auctionPrice([order(105, 10), order(100, 15)], [order(95, 10)], ticks(96));
    expect(result).toMatchObject({ priceTicks: 101, volumeLots: 10, imbalanceLots: 0, imbalanceSide: null });
  });
});
