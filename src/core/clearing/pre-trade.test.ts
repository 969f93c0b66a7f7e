/**
 * The pre-trade check's per-instrument sums: the fill-price losses an OrderLine gathers
 * in tick-lots equal the sum of each order's `fillPriceLossMinor`, in number range and
 * beyond 2^53 (where the line goes on in bigint).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillPriceLossMinor, OrderLine, type WorkingOrder } from './pre-trade.ts';

const order: fc.Arbitrary<WorkingOrder> = fc.record({
  symbol: fc.constant('TOKZ26'),
  side: fc.constantFrom('buy', 'sell'),
  leavesQtyLots: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1_000_000_000 })),
  priceTicks: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 2_000_000_000 })),
});

describe('OrderLine', () => {
  it('sums lots and fill-price losses exactly as order by order', () => {
    fc.assert(
      fc.property(
        fc.array(order, { maxLength: 30 }),
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (orders, referenceTicks, tickValueMinor) => {
          const line = new OrderLine(7);
          for (const o of orders) line.add(o, referenceTicks);
          const side = (s: 'buy' | 'sell'): WorkingOrder[] => orders.filter((o) => o.side === s);
          const loss = (list: WorkingOrder[]): bigint =>
            list.reduce((sum, o) => sum + fillPriceLossMinor(o, referenceTicks, tickValueMinor), 0n);
          expect(line.netLots).toBe(7);
          expect(line.buyLots).toBe(side('buy').reduce((sum, o) => sum + o.leavesQtyLots, 0));
          expect(line.sellLots).toBe(side('sell').reduce((sum, o) => sum + o.leavesQtyLots, 0));
          expect(line.buyLossMinor(tickValueMinor)).toBe(loss(side('buy')));
          expect(line.sellLossMinor(tickValueMinor)).toBe(loss(side('sell')));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
