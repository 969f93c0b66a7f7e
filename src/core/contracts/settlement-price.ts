/**
 * Daily settlement price of one contract, with the tier that produced it.
 *
 * Tiers, first that applies (docs/contracts.md, "Daily settlement"):
 * 1. `closing_window_vwap` (CME style): the volume-weighted average price of the trades
 *    in the closing window [closingWindowStart, close); or `full_day_vwap` (SHFE style)
 *    over all the day's trades, when the product says so.
 * 2. `last_trade_clamped`: no trade in the window: the day's last trade, clamped into
 *    the closing best bid and best offer (whichever exist).
 * 3. `neighbour_change`: no trade all day: the prior settlement moved by the change, in
 *    ticks, of the neighbouring month's settlement (the caller passes the nearest month
 *    that settled in tier 1 or 2); `prior_settlement` when no neighbour is given. Also
 *    clamped into the closing best bid and offer.
 * Rounding: the VWAP sum(price x qty) / sum(qty) is rounded to the nearest tick, ties to
 * even (`divideHalfEven`, exact in bigint). Every tier's result is finally clamped into
 * the day's price limits, so the settlement is always a whole number of ticks inside
 * them; `clampedToLimits` records it when that moved the price. O(n) in the trades.
 */
import { assert, ticks, type Ticks } from '../kernel/index.ts';
import type { TradePrint } from './circuit-breaker.ts';
import type { DailyLimits } from './price-limits.ts';
import { clampToLimits } from './price-limits.ts';
import type { SettlementMethod } from './product-spec.ts';
import { divideHalfEven } from './tick-rounding.ts';

export const settlementTiers = [
  'closing_window_vwap',
  'full_day_vwap',
  'last_trade_clamped',
  'neighbour_change',
  'prior_settlement',
] as const;
export type SettlementTier = (typeof settlementTiers)[number];

export interface SettlementInputs {
  readonly method: SettlementMethod;
  /** The day's trades in time order. */
  readonly trades: readonly TradePrint[];
  /** Closing window [startMs, endMs) of the day, in Unix milliseconds. */
  readonly closingWindow: { readonly startMs: number; readonly endMs: number };
  readonly bestBidTicks: Ticks | null;
  readonly bestAskTicks: Ticks | null;
  readonly limits: DailyLimits;
  /** Prior and new settlement of the neighbouring month, when one settled on trades today. */
  readonly neighbour: { readonly symbol: string; readonly priorSettlementTicks: Ticks; readonly settlementTicks: Ticks } | null;
}

export interface SettlementPrice {
  readonly priceTicks: Ticks;
  readonly tier: SettlementTier;
  /** The tier's price before clamping into the day's limits. */
  readonly unclampedTicks: Ticks;
  readonly clampedToLimits: boolean;
  /** Trades and lots the VWAP used (0 for other tiers). */
  readonly tradesUsed: number;
  readonly volumeLots: number;
  readonly detail: string;
}

export function dailySettlementPrice(inputs: SettlementInputs): SettlementPrice {
  const window =
    inputs.method === 'full_day_vwap'
      ? inputs.trades
      : inputs.trades.filter((t) => t.tsMs >= inputs.closingWindow.startMs && t.tsMs < inputs.closingWindow.endMs);
  let notional = 0n;
  let volume = 0n;
  for (const trade of window) {
    notional += BigInt(trade.priceTicks) * BigInt(trade.qtyLots);
    volume += BigInt(trade.qtyLots);
  }
  return settlementFromSummary({
    method: inputs.method,
    vwap: { trades: window.length, notionalTicksLots: notional, volumeLots: volume },
    lastTrade: inputs.trades[inputs.trades.length - 1] ?? null,
    bestBidTicks: inputs.bestBidTicks,
    bestAskTicks: inputs.bestAskTicks,
    limits: inputs.limits,
    neighbour: inputs.neighbour,
  });
}

/**
 * The same tiers from a running summary of the day instead of its trade list: what the
 * engine keeps per contract (the sums of the VWAP's trades and the day's last trade), so
 * its state does not grow with the day's trade count.
 */
export interface SettlementSummary {
  readonly method: SettlementMethod;
  /** Sums over the trades the method's VWAP reads (the closing window, or the full day). */
  readonly vwap: { readonly trades: number; readonly notionalTicksLots: bigint; readonly volumeLots: bigint };
  readonly lastTrade: { readonly tsMs: number; readonly priceTicks: Ticks } | null;
  readonly bestBidTicks: Ticks | null;
  readonly bestAskTicks: Ticks | null;
  readonly limits: DailyLimits;
  readonly neighbour: SettlementInputs['neighbour'];
}

export function settlementFromSummary(inputs: SettlementSummary): SettlementPrice {
  const { bestBidTicks: bid, bestAskTicks: ask } = inputs;
  assert(bid === null || ask === null || bid < ask, `closing book is crossed: bid ${bid} ask ${ask}`);
  if (inputs.vwap.trades > 0) {
    const volume = inputs.vwap.volumeLots;
    assert(volume > 0n, 'settlement: trades with no volume');
    const vwap = ticks(Number(divideHalfEven(inputs.vwap.notionalTicksLots, volume)));
    const what = inputs.method === 'full_day_vwap' ? 'the full day' : 'the closing window';
    const count = inputs.vwap.trades;
    return finish(inputs, inputs.method, vwap, count, Number(volume), `VWAP of ${count} trades in ${what}`);
  }
  const last = inputs.lastTrade;
  if (last !== null) {
    const price = clampToBook(last.priceTicks, bid, ask);
    return finish(
      inputs,
      'last_trade_clamped',
      price,
      0,
      0,
      `last trade ${last.priceTicks} at ${last.tsMs} clamped to bid ${bid} ask ${ask}`,
    );
  }
  const prior = inputs.limits.priorSettlementTicks;
  if (inputs.neighbour !== null) {
    const change = inputs.neighbour.settlementTicks - inputs.neighbour.priorSettlementTicks;
    const moved = ticks(Math.max(1, prior + change));
    const price = clampToBook(moved, bid, ask);
    return finish(
      inputs,
      'neighbour_change',
      price,
      0,
      0,
      `prior ${prior} moved by ${change} ticks, the change of ${inputs.neighbour.symbol}`,
    );
  }
  return finish(inputs, 'prior_settlement', clampToBook(prior, bid, ask), 0, 0, `no trades and no neighbour: prior ${prior}`);
}

function clampToBook(price: Ticks, bid: Ticks | null, ask: Ticks | null): Ticks {
  if (bid !== null && price < bid) return bid;
  if (ask !== null && price > ask) return ask;
  return price;
}

function finish(
  inputs: SettlementSummary,
  tier: SettlementTier,
  unclampedTicks: Ticks,
  tradesUsed: number,
  volumeLots: number,
  detail: string,
): SettlementPrice {
  const priceTicks = clampToLimits(inputs.limits, unclampedTicks);
  return { priceTicks, tier, unclampedTicks, clampedToLimits: priceTicks !== unclampedTicks, tradesUsed, volumeLots, detail };
}
