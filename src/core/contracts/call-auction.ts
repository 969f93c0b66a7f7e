/**
 * The call auction price: opening, re-opening after a circuit-breaker pause, and the
 * indicative price and imbalance published while orders are collected.
 *
 * At a price p, demand D(p) is the quantity of bids priced at or above p and supply
 * S(p) the quantity of asks at or below p; the executable volume is min(D, S) and the
 * imbalance D - S (positive: buyers left over). The auction price is, in order:
 * 1. a price with the largest executable volume (none when that volume is 0);
 * 2. among those, the smallest |imbalance|;
 * 3. among those, the price closest to the reference price (the reference itself when
 *    it qualifies).
 * The prices left after steps 1 and 2 form one interval [low, high] of ticks: D falls
 * and S rises with p, so min(D, S) is unimodal and D - S monotone. Step 3 is then
 * clamp(reference, low, high), a single price: there is no further tie to break.
 * Orders are limit orders (price, qty); the engine prices a market order at the band
 * edge of its side before it joins. The result depends only on the multiset of orders,
 * never on their order. O(n log n) for n orders (one sort), O(n) memory.
 */
import { assert, lots, ticks, type Lots, type Ticks } from '../kernel/index.ts';
import type { Side } from '../model/index.ts';
import { clampTicks } from './tick-rounding.ts';

export interface AuctionOrder {
  readonly priceTicks: Ticks;
  readonly qtyLots: Lots;
}

export interface AuctionResult {
  /** The uncrossing price, or null when nothing would trade. */
  readonly priceTicks: Ticks | null;
  readonly volumeLots: Lots;
  /** |D - S| at the price (0 when no price). */
  readonly imbalanceLots: Lots;
  /** The side with quantity left over at the price, or null when balanced or no price. */
  readonly imbalanceSide: Side | null;
  /** The interval of prices that tie on volume and imbalance (null when no price). */
  readonly rangeLowTicks: Ticks | null;
  readonly rangeHighTicks: Ticks | null;
}

interface Piece {
  readonly low: number;
  readonly high: number;
  readonly demand: number;
  readonly supply: number;
}

export function auctionPrice(bids: readonly AuctionOrder[], asks: readonly AuctionOrder[], referenceTicks: Ticks): AuctionResult {
  const pieces = piecesOf(bids, asks);
  let best: { volume: number; imbalance: number } | null = null;
  for (const piece of pieces) {
    const volume = Math.min(piece.demand, piece.supply);
    const imbalance = Math.abs(piece.demand - piece.supply);
    if (volume > 0 && (best === null || volume > best.volume || (volume === best.volume && imbalance < best.imbalance))) {
      best = { volume, imbalance };
    }
  }
  if (best === null) return noAuction;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let last = -2;
  pieces.forEach((piece, i) => {
    if (Math.min(piece.demand, piece.supply) !== best.volume || Math.abs(piece.demand - piece.supply) !== best.imbalance) return;
    assert(last === -2 || last === i - 1, 'auction: the best prices are not one interval');
    last = i;
    low = Math.min(low, piece.low);
    high = Math.max(high, piece.high);
  });
  const price = clampTicks(referenceTicks, ticks(low), ticks(high));
  const at = pieces.find((piece) => piece.low <= price && price <= piece.high);
  assert(at !== undefined, 'auction: the chosen price lies in no piece');
  const signed = at.demand - at.supply;
  return {
    priceTicks: price,
    volumeLots: lots(best.volume),
    imbalanceLots: lots(Math.abs(signed)),
    imbalanceSide: signed > 0 ? 'buy' : signed < 0 ? 'sell' : null,
    rangeLowTicks: ticks(low),
    rangeHighTicks: ticks(high),
  };
}

/** The indicative price and imbalance while the auction collects orders: the same rule, on the orders so far. */
export const indicativeAuction = auctionPrice;

const noAuction: AuctionResult = {
  priceTicks: null,
  volumeLots: lots(0),
  imbalanceLots: lots(0),
  imbalanceSide: null,
  rangeLowTicks: null,
  rangeHighTicks: null,
};

/**
 * Splits [lowest order price, highest order price] into pieces on which D and S are
 * constant: each distinct order price, and each gap of ticks strictly between two.
 */
function piecesOf(bids: readonly AuctionOrder[], asks: readonly AuctionOrder[]): Piece[] {
  const bidAt = new Map<number, number>();
  const askAt = new Map<number, number>();
  for (const bid of bids) add(bidAt, bid);
  for (const ask of asks) add(askAt, ask);
  const prices = [...new Set([...bidAt.keys(), ...askAt.keys()])].sort((a, b) => a - b);
  let demand = 0;
  for (const qty of bidAt.values()) demand += qty;
  let supply = 0;
  const pieces: Piece[] = [];
  prices.forEach((price, i) => {
    supply += askAt.get(price) ?? 0;
    pieces.push({ low: price, high: price, demand, supply });
    demand -= bidAt.get(price) ?? 0;
    const next = prices[i + 1];
    if (next !== undefined && next - price >= 2) pieces.push({ low: price + 1, high: next - 1, demand, supply });
  });
  assert(demand === 0, 'auction: demand does not sum to zero');
  return pieces;
}

function add(at: Map<number, number>, order: AuctionOrder): void {
  assert(Number.isSafeInteger(order.priceTicks) && order.priceTicks > 0, `auction: price must be positive ticks, got ${order.priceTicks}`);
  assert(Number.isSafeInteger(order.qtyLots) && order.qtyLots > 0, `auction: quantity must be positive lots, got ${order.qtyLots}`);
  const total = (at.get(order.priceTicks) ?? 0) + order.qtyLots;
  assert(Number.isSafeInteger(total), 'auction: quantity overflow');
  at.set(order.priceTicks, total);
}
