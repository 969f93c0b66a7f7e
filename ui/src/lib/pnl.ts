/**
 * Profit and loss of a position from the account's own fills, first in first out: each
 * buy or sell first closes the oldest open lots of the other side (realised P&L), the
 * rest opens new lots; unrealised P&L marks the open lots at a price (the last trade).
 * All in integer ticks and lots (bigint); money = tick-lots x the tick value in minor
 * units.
 *
 * Known limits: only the fills the app loaded count (the latest page of fills, then the
 * live ones), so when their net differs from the clearing house's position the P&L is
 * reported as unknown rather than guessed; variation margin already paid or collected
 * for earlier days is not subtracted (it is in the account's collateral). O(fills).
 */
import type { Fill } from '../../../src/client/index.ts';
import { stepsOf } from './decimal.ts';

export interface PositionPnl {
  /** Net lots from the fills (positive: long). */
  readonly netLots: bigint;
  /** Sum of entry price x lots of the open lots, tick-lots (for the average entry price). */
  readonly openCostTickLots: bigint;
  readonly realisedTickLots: bigint;
  /** Null without a mark price. */
  readonly unrealisedTickLots: bigint | null;
}

interface OpenLot {
  readonly priceTicks: bigint;
  lots: bigint;
}

/** P&L of one symbol's fills (any order; sorted by trade here), marked at `markTicks`. */
export function pnlOfFills(fills: readonly Fill[], tickSize: string, lotSize: string, markTicks: bigint | null): PositionPnl {
  const ordered = [...fills].sort((a, b) => a.seq - b.seq || a.tradeId - b.tradeId);
  const open: OpenLot[] = [];
  let side: 1n | -1n = 1n;
  let realised = 0n;
  for (const fill of ordered) {
    const price = stepsOf(fill.price, tickSize);
    let lots = stepsOf(fill.qty, lotSize);
    const fillSide: 1n | -1n = fill.side === 'buy' ? 1n : -1n;
    while (lots > 0n && open.length > 0 && side !== fillSide) {
      const oldest = open[0]!;
      const closed = oldest.lots < lots ? oldest.lots : lots;
      realised += (price - oldest.priceTicks) * closed * side;
      oldest.lots -= closed;
      lots -= closed;
      if (oldest.lots === 0n) open.shift();
    }
    if (lots > 0n) {
      if (open.length === 0) side = fillSide;
      open.push({ priceTicks: price, lots });
    }
  }
  const openLots = open.reduce((sum, lot) => sum + lot.lots, 0n);
  const cost = open.reduce((sum, lot) => sum + lot.priceTicks * lot.lots, 0n);
  return {
    netLots: openLots * side,
    openCostTickLots: cost,
    realisedTickLots: realised,
    unrealisedTickLots: markTicks === null ? null : (markTicks * openLots - cost) * side,
  };
}
