/**
 * Commands to the matching engine, in integer units.
 *
 * A command is what the journal records and what replay feeds back: plain, immutable
 * data, with every instant it needs either inside it or in the apply context (`seq`,
 * `tsMs`). The gateway turns wire decimals into ticks and lots before a command exists.
 */
import type { Lots, Ticks } from '../kernel/index.ts';
import type { InstrumentSpec } from './instrument.ts';
import type { ExpiryScope, OrderType, Side, StpMode, TimeInForce } from './order.ts';

export interface ListInstrument {
  readonly type: 'ListInstrument';
  readonly spec: InstrumentSpec;
}

export interface SubmitOrder {
  readonly type: 'SubmitOrder';
  readonly symbol: string;
  readonly account: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly qtyLots: Lots;
  readonly tif: TimeInForce;
  /** Limit price: required for limit and stop_limit, absent otherwise. */
  readonly priceTicks?: Ticks;
  /** Trigger price: required for stop and stop_limit, absent otherwise. */
  readonly stopPriceTicks?: Ticks;
  /** GTD expiry instant in Unix milliseconds: required for gtd, absent otherwise. */
  readonly expiryMs?: number;
  /** Iceberg: the quantity shown in the book; the rest is hidden and refilled. */
  readonly displayQtyLots?: Lots;
  /** Minimum quantity that must trade on arrival, or the order is rejected. */
  readonly minQtyLots?: Lots;
  /** Rejected instead of taking liquidity. Limit orders only. */
  readonly postOnly?: boolean;
  readonly stpMode?: StpMode;
  /** Orders of several accounts sharing a positive group id do not trade with each other. */
  readonly stpGroup?: number;
}

/** Names the order by `orderId` or by the account's `clientOrderId` (exactly one). */
export interface CancelOrder {
  readonly type: 'CancelOrder';
  readonly symbol: string;
  readonly account: string;
  readonly orderId?: number;
  readonly clientOrderId?: string;
}

/**
 * Cancel/replace. `qtyLots` is the new total quantity (filled included, as FIX
 * OrderQty). A decrease alone keeps queue priority; a price change or an increase
 * loses it, and a new price that crosses trades at once.
 */
export interface ReplaceOrder {
  readonly type: 'ReplaceOrder';
  readonly symbol: string;
  readonly account: string;
  readonly orderId?: number;
  readonly clientOrderId?: string;
  readonly newClientOrderId?: string;
  readonly qtyLots?: Lots;
  readonly priceTicks?: Ticks;
  readonly stopPriceTicks?: Ticks;
}

/** Cancels every working order matching all the given filters (at least one of account, symbol). */
export interface MassCancel {
  readonly type: 'MassCancel';
  readonly account?: string;
  readonly symbol?: string;
  readonly side?: Side;
}

/**
 * Sent by the clock: `day` expires every DAY order (end of the trading day);
 * `gtd` expires every GTD order whose expiry is at or before the command's `tsMs`.
 */
export interface ExpireOrders {
  readonly type: 'ExpireOrders';
  readonly scope: ExpiryScope;
  readonly symbol?: string;
}

export type MatchingCommand = ListInstrument | SubmitOrder | CancelOrder | ReplaceOrder | MassCancel | ExpireOrders;

/** What the sequencer stamps on every command: its gapless sequence number and the time it was sequenced. */
export interface ApplyContext {
  readonly seq: number;
  readonly tsMs: number;
}
