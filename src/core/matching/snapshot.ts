/**
 * The matching engine's state as plain data: what a snapshot stores and what the state
 * hash is computed over.
 *
 * Canonical order makes equal states serialize to equal bytes: instruments in listing
 * order; per instrument the resting orders bid side then ask side, levels best first,
 * each level in queue order; then pending stops, buy stops then sell stops, each in
 * election order. Restoring appends orders in exactly this order, which rebuilds every
 * queue and so every future match. A book in a call auction carries `auction: true`
 * after its stops; a continuous book has no such key, so snapshots taken before auctions
 * existed restore as continuous and keep their state hashes.
 */
import type { InstrumentSpec, OrderType, Side, StpMode, TimeInForce } from '../model/index.ts';

export interface OrderSnapshot {
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly tif: TimeInForce;
  readonly stpMode: StpMode;
  readonly stpGroup: number;
  readonly postOnly: boolean;
  readonly pendingStop: boolean;
  readonly priceTicks: number;
  readonly stopPriceTicks: number;
  readonly qtyLots: number;
  readonly filledQtyLots: number;
  readonly leavesQtyLots: number;
  readonly visibleQtyLots: number;
  /** Iceberg peak; 0 when the order shows everything. */
  readonly displayQtyLots: number;
  readonly expiryMs: number;
  readonly stopSeq: number;
}

export interface BookSnapshot {
  readonly spec: InstrumentSpec;
  readonly lastTradePriceTicks: number | null;
  readonly resting: readonly OrderSnapshot[];
  readonly stops: readonly OrderSnapshot[];
  /** Present (and true) only while the book collects orders for a call auction; absent means continuous. */
  readonly auction?: true;
}

export interface MatchingSnapshot {
  readonly lastOrderId: number;
  readonly lastTradeId: number;
  readonly lastStopSeq: number;
  /** Account names in the order they were first seen (their internal numbers). */
  readonly accounts: readonly string[];
  readonly books: readonly BookSnapshot[];
}
