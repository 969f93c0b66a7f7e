/**
 * One account's net position in one contract, kept in exact integers (ticks x lots).
 *
 * - `netLots`: signed (long > 0).
 * - `openCostTicksLots`: the cost of the open lots, sum of price x signed qty; average price
 *   = openCost / net, an exact rational (`averagePriceOf`).
 * - `realisedTicksLots`: trading P&L of closed lots against the average cost. When k of n
 *   open lots close, the cost they take away is openCost x k / n rounded half-even to a
 *   whole tick-lot; the remainder stays with the open lots, so realised + unrealised is
 *   always the exact total P&L (only the split between the two carries the rounding).
 * - `markBasisTicksLots`: the value at which the position was last marked: net x the last
 *   settlement price, plus price x signed qty of every trade since. The variation margin of
 *   a cycle at price S is (net x S - markBasis) x tickValue, exact; then markBasis = net x S.
 *
 * O(1) per trade. Invariant: net = 0 implies openCost = 0.
 */
import { assert } from '../kernel/index.ts';

export interface Position {
  netLots: number;
  openCostTicksLots: bigint;
  realisedTicksLots: bigint;
  markBasisTicksLots: bigint;
  /** Lots bought and sold on trading day `countsDay` (statement); the owner resets them when a new day trades. */
  boughtLots: number;
  soldLots: number;
  countsDay: number;
}

export function newPosition(): Position {
  return { netLots: 0, openCostTicksLots: 0n, realisedTicksLots: 0n, markBasisTicksLots: 0n, boughtLots: 0, soldLots: 0, countsDay: 0 };
}

/** numerator / denominator to the nearest integer, ties to even; denominator non-zero. */
export function divideHalfEvenSigned(numerator: bigint, denominator: bigint): bigint {
  assert(denominator !== 0n, 'division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Applies a trade of `signedQtyLots` (buy > 0) at `priceTicks`; returns the realised P&L in tick-lots. */
export function applyTrade(position: Position, signedQtyLots: number, priceTicks: number): bigint {
  assert(Number.isSafeInteger(signedQtyLots) && signedQtyLots !== 0, `trade qty must be a non-zero integer, got ${signedQtyLots}`);
  const price = BigInt(priceTicks);
  position.markBasisTicksLots += BigInt(signedQtyLots) * price;
  if (signedQtyLots > 0) position.boughtLots += signedQtyLots;
  else position.soldLots -= signedQtyLots;
  let realised = 0n;
  let rest = signedQtyLots;
  const net = position.netLots;
  if (net !== 0 && Math.sign(net) !== Math.sign(rest)) {
    // Close up to |net| lots; c has the sign of net.
    const c = Math.sign(net) * Math.min(Math.abs(net), Math.abs(rest));
    const removed = divideHalfEvenSigned(position.openCostTicksLots * BigInt(c), BigInt(net));
    realised = BigInt(c) * price - removed;
    position.openCostTicksLots -= removed;
    position.netLots = net - c;
    rest += c;
    if (position.netLots === 0) assert(position.openCostTicksLots === 0n, 'a flat position keeps no cost');
  }
  if (rest !== 0) {
    position.openCostTicksLots += BigInt(rest) * price;
    position.netLots += rest;
  }
  position.realisedTicksLots += realised;
  assert(Number.isSafeInteger(position.netLots), 'net position stays a safe integer');
  return realised;
}

/** Variation margin of marking the position at `priceTicks`, in tick-lots; re-bases the mark. */
export function markToMarket(position: Position, priceTicks: number): bigint {
  const value = BigInt(position.netLots) * BigInt(priceTicks);
  const vm = value - position.markBasisTicksLots;
  position.markBasisTicksLots = value;
  return vm;
}

/** Unrealised P&L against the average cost at `priceTicks`, in tick-lots. */
export function unrealisedTicksLots(position: Position, priceTicks: number): bigint {
  return BigInt(position.netLots) * BigInt(priceTicks) - position.openCostTicksLots;
}

/** The exact average price as a fraction of ticks, or null when flat. */
export function averagePriceOf(position: Position): { readonly num: bigint; readonly den: bigint } | null {
  if (position.netLots === 0) return null;
  const den = BigInt(position.netLots);
  return den > 0n ? { num: position.openCostTicksLots, den } : { num: -position.openCostTicksLots, den: -den };
}
