// P&L from fills, first in first out, in integer ticks and lots.
import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../src/client/index.ts';
import { pnlOfFills } from './pnl.ts';

let seq = 0;
const fill = (side: 'buy' | 'sell', price: string, qty: string): Fill => {
  seq += 1;
  return { tradeId: seq, seq, tsMs: seq, symbol: 'TOKZ26', orderId: seq, clientOrderId: `c${seq}`, side, price, qty, liquidity: 'taker' };
};

describe('P&L from fills', () => {
  it('realises the oldest lots first and marks the rest', () => {
    const fills = [fill('buy', '5.000', '2'), fill('buy', '5.010', '1'), fill('sell', '5.020', '2')];
    // Sold 2 bought at 5.000 at 5.020: +20 ticks x 2; 1 lot left at 5.010 marked at 5.030: +20 ticks.
    expect(pnlOfFills(fills, '0.001', '1', 5030n)).toEqual({
      netLots: 1n,
      openCostTickLots: 5010n,
      realisedTickLots: 40n,
      unrealisedTickLots: 20n,
    });
  });

  it('turns from long to short through zero', () => {
    const fills = [fill('buy', '5.000', '1'), fill('sell', '4.990', '3')];
    expect(pnlOfFills(fills, '0.001', '1', 5000n)).toEqual({
      netLots: -2n,
      openCostTickLots: 9980n,
      realisedTickLots: -10n,
      unrealisedTickLots: -20n,
    });
    expect(pnlOfFills([], '0.001', '1', null)).toEqual({
      netLots: 0n,
      openCostTickLots: 0n,
      realisedTickLots: 0n,
      unrealisedTickLots: null,
    });
  });
});
