/**
 * Dynamic circuit breaker over a rolling window of trade prices (CME velocity logic in
 * spirit).
 *
 * The threshold is fixed for the day: `widthTicksFloor(priorSettlement, moveBps)` ticks.
 * A trade (or a price the engine is about to trade at) trips the breaker when some
 * trade in the window (tsMs - windowMs, tsMs] is more than the threshold away from it.
 * A trip pauses the market for `pauseMs` (cancels only), then a re-opening call auction
 * collects orders for `reopenAuctionMs` and uncrosses at `auctionPrice`.
 * Trades are given as data in time order. `checkCircuitBreaker` is O(window size);
 * `detectCircuitBreaker` scans a day with a two-pointer window and monotone deques, O(n).
 */
import { assert, type Lots, type Ticks } from '../kernel/index.ts';
import type { ProductSpec } from './product-spec.ts';
import { widthTicksFloor } from './tick-rounding.ts';

export interface TradePrint {
  readonly tsMs: number;
  readonly priceTicks: Ticks;
  readonly qtyLots: Lots;
}

export interface CircuitBreakerTrip {
  readonly trippedAtMs: number;
  readonly priceTicks: Ticks;
  /** The in-window price farthest from `priceTicks`, and its time. */
  readonly farthestPriceTicks: Ticks;
  readonly farthestAtMs: number;
  readonly moveTicks: number;
  readonly thresholdTicks: Ticks;
  /** End of the pause: the re-opening auction starts collecting orders. */
  readonly auctionStartMs: number;
  /** The re-opening auction uncrosses here and continuous trading resumes. */
  readonly reopenAtMs: number;
}

export function circuitBreakerThresholdTicks(product: ProductSpec, priorSettlementTicks: Ticks): Ticks {
  return widthTicksFloor(priorSettlementTicks, product.circuitBreaker.moveBps);
}

/** Would `next` trip the breaker, given the earlier trades of the day (time order)? */
export function checkCircuitBreaker(
  product: ProductSpec,
  thresholdTicks: Ticks,
  earlier: readonly TradePrint[],
  next: { readonly tsMs: number; readonly priceTicks: Ticks },
): CircuitBreakerTrip | null {
  const from = next.tsMs - product.circuitBreaker.windowMs;
  let farthest: TradePrint | null = null;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const trade = earlier[i];
    if (trade === undefined || trade.tsMs <= from) break;
    assert(trade.tsMs <= next.tsMs, `trades out of time order at ${trade.tsMs}`);
    if (farthest === null || Math.abs(trade.priceTicks - next.priceTicks) > Math.abs(farthest.priceTicks - next.priceTicks)) {
      farthest = trade;
    }
  }
  if (farthest === null) return null;
  const moveTicks = Math.abs(farthest.priceTicks - next.priceTicks);
  if (moveTicks <= thresholdTicks) return null;
  return trip(product, thresholdTicks, next, farthest, moveTicks);
}

function trip(
  product: ProductSpec,
  thresholdTicks: Ticks,
  at: { readonly tsMs: number; readonly priceTicks: Ticks },
  farthest: TradePrint,
  moveTicks: number,
): CircuitBreakerTrip {
  const auctionStartMs = at.tsMs + product.circuitBreaker.pauseMs;
  return {
    trippedAtMs: at.tsMs,
    priceTicks: at.priceTicks,
    farthestPriceTicks: farthest.priceTicks,
    farthestAtMs: farthest.tsMs,
    moveTicks,
    thresholdTicks,
    auctionStartMs,
    reopenAtMs: auctionStartMs + product.circuitBreaker.reopenAuctionMs,
  };
}

/** The first trade of a day's prints (time order) that trips the breaker, or null. */
export function detectCircuitBreaker(
  product: ProductSpec,
  thresholdTicks: Ticks,
  trades: readonly TradePrint[],
): CircuitBreakerTrip | null {
  const windowMs = product.circuitBreaker.windowMs;
  // Indices into `trades` whose prices are decreasing (maxima) or increasing (minima).
  const maxima: number[] = [];
  const minima: number[] = [];
  let maxHead = 0;
  let minHead = 0;
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i] as TradePrint;
    assert(i === 0 || (trades[i - 1] as TradePrint).tsMs <= trade.tsMs, `trades out of time order at index ${i}`);
    const from = trade.tsMs - windowMs;
    while (maxHead < maxima.length && (trades[maxima[maxHead] as number] as TradePrint).tsMs <= from) maxHead++;
    while (minHead < minima.length && (trades[minima[minHead] as number] as TradePrint).tsMs <= from) minHead++;
    const high = maxHead < maxima.length ? (trades[maxima[maxHead] as number] as TradePrint) : null;
    const low = minHead < minima.length ? (trades[minima[minHead] as number] as TradePrint) : null;
    if (high !== null && low !== null) {
      const up = high.priceTicks - trade.priceTicks;
      const down = trade.priceTicks - low.priceTicks;
      const farthest = up >= down ? high : low;
      const moveTicks = Math.max(up, down);
      if (moveTicks > thresholdTicks) return trip(product, thresholdTicks, trade, farthest, moveTicks);
    }
    while (maxima.length > maxHead && (trades[maxima[maxima.length - 1] as number] as TradePrint).priceTicks <= trade.priceTicks)
      maxima.pop();
    maxima.push(i);
    while (minima.length > minHead && (trades[minima[minima.length - 1] as number] as TradePrint).priceTicks >= trade.priceTicks)
      minima.pop();
    minima.push(i);
  }
  return null;
}
