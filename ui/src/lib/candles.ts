/**
 * Candles with volume from trades: each trade falls in the bucket of `intervalSec`
 * seconds that holds its time; a bucket's open is its first trade, close its last, high
 * and low the extremes, volume the sum of quantities. Prices become numbers here only to
 * be drawn (lightweight-charts takes numbers); comparisons and sums stay exact (ticks and
 * lots as bigint) so the extremes and volumes are the exact ones. Trades may arrive in any
 * order; they are merged by `tradeId` (a trade seen twice counts once).
 * O(n log n) for n trades.
 */
import type { Trade } from '../../../src/client/index.ts';
import { formatSteps, stepsOf } from './decimal.ts';

export interface Candle {
  /** Bucket start, Unix seconds. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly up: boolean;
}

interface Bucket {
  time: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

export function candlesOf(trades: readonly Trade[], intervalSec: number, tickSize: string, lotSize: string): Candle[] {
  const unique = new Map<number, Trade>();
  for (const trade of trades) unique.set(trade.tradeId, trade);
  const ordered = [...unique.values()].sort((a, b) => a.tradeId - b.tradeId);
  const buckets: Bucket[] = [];
  for (const trade of ordered) {
    const time = Math.floor(trade.tsMs / 1000 / intervalSec) * intervalSec;
    const price = stepsOf(trade.price, tickSize);
    const qty = stepsOf(trade.qty, lotSize);
    const last = buckets[buckets.length - 1];
    if (last !== undefined && last.time === time) {
      if (price > last.high) last.high = price;
      if (price < last.low) last.low = price;
      last.close = price;
      last.volume += qty;
    } else {
      buckets.push({ time, open: price, high: price, low: price, close: price, volume: qty });
    }
  }
  const toNumber = (ticks: bigint): number => Number(formatSteps(ticks, tickSize));
  return buckets.map((b) => ({
    time: b.time,
    open: toNumber(b.open),
    high: toNumber(b.high),
    low: toNumber(b.low),
    close: toNumber(b.close),
    volume: Number(formatSteps(b.volume, lotSize)),
    up: b.close >= b.open,
  }));
}
