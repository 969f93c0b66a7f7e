// Candles from trades: one-minute buckets, exact extremes and volumes, a trade seen twice counted once.
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../../src/client/index.ts';
import { candlesOf } from './candles.ts';

const trade = (tradeId: number, tsMs: number, price: string, qty: string): Trade => ({
  tradeId,
  seq: tradeId,
  tsMs,
  symbol: 'TOKZ26',
  price,
  qty,
  aggressorSide: 'buy',
});

describe('candles', () => {
  it('buckets trades by minute', () => {
    const trades = [
      trade(3, 61_000, '5.010', '1'),
      trade(1, 1_000, '5.000', '2'),
      trade(2, 30_000, '4.990', '3'),
      trade(2, 30_000, '4.990', '3'),
    ];
    expect(candlesOf(trades, 60, '0.001', '1')).toEqual([
      { time: 0, open: 5, high: 5, low: 4.99, close: 4.99, volume: 5, up: false },
      { time: 60, open: 5.01, high: 5.01, low: 5.01, close: 5.01, volume: 1, up: true },
    ]);
  });
});
