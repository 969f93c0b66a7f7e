/**
 * Events out of the matching engine: immutable, in the order they happened.
 *
 * One command yields events in a fixed order: OrderAccepted (or OrderRejected and
 * nothing else), then fills with a BookLevelChanged for each price level the
 * aggressor finished with, then the remainder resting (BookLevelChanged) or
 * cancelled, then stop triggers and what they caused.
 */
import type { Lots, RejectCode, RejectName, Ticks } from '../kernel/index.ts';
import type { MatchingCommand } from './commands.ts';
import type { CancelReason, OrderType, Side, StpMode, TimeInForce } from './order.ts';

export interface InstrumentListed {
  readonly type: 'InstrumentListed';
  readonly symbol: string;
}

export interface OrderAccepted {
  readonly type: 'OrderAccepted';
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly tif: TimeInForce;
  readonly qtyLots: Lots;
  readonly priceTicks: Ticks | null;
  readonly stopPriceTicks: Ticks | null;
  readonly displayQtyLots: Lots | null;
  readonly minQtyLots: Lots | null;
  readonly expiryMs: number | null;
  readonly postOnly: boolean;
  readonly stpMode: StpMode;
  readonly stpGroup: number;
}

export interface OrderRejected {
  readonly type: 'OrderRejected';
  /** The kind of command rejected. */
  readonly command: MatchingCommand['type'];
  readonly symbol: string | null;
  readonly account: string | null;
  readonly clientOrderId: string | null;
  readonly orderId: number | null;
  readonly code: RejectCode;
  readonly name: RejectName;
  /** Names the field and says why, for example "priceTicks: 0 is below the minimum 1". */
  readonly reason: string;
}

/** One trade between a resting maker and an incoming taker, at the maker's price. */
export interface OrderFilled {
  readonly type: 'OrderFilled';
  readonly symbol: string;
  readonly tradeId: number;
  readonly priceTicks: Ticks;
  readonly qtyLots: Lots;
  readonly aggressorSide: Side;
  readonly makerOrderId: number;
  readonly makerAccount: string;
  readonly makerClientOrderId: string;
  readonly makerLeavesQtyLots: Lots;
  readonly takerOrderId: number;
  readonly takerAccount: string;
  readonly takerClientOrderId: string;
  readonly takerLeavesQtyLots: Lots;
}

export interface OrderCancelled {
  readonly type: 'OrderCancelled';
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  /** The open quantity that was cancelled. */
  readonly qtyLots: Lots;
  readonly reason: CancelReason;
}

export interface OrderExpired {
  readonly type: 'OrderExpired';
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly qtyLots: Lots;
}

export interface StopTriggered {
  readonly type: 'StopTriggered';
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly lastTradePriceTicks: Ticks;
}

export interface OrderReplaced {
  readonly type: 'OrderReplaced';
  readonly symbol: string;
  readonly orderId: number;
  readonly account: string;
  readonly clientOrderId: string;
  readonly previousClientOrderId: string;
  readonly priceTicks: Ticks | null;
  readonly stopPriceTicks: Ticks | null;
  /** New total quantity, filled included. */
  readonly qtyLots: Lots;
  readonly leavesQtyLots: Lots;
  readonly priorityKept: boolean;
}

/** Level 2: the new absolute visible quantity at a price; 0 deletes the level. */
export interface BookLevelChanged {
  readonly type: 'BookLevelChanged';
  readonly symbol: string;
  readonly side: Side;
  readonly priceTicks: Ticks;
  readonly qtyLots: Lots;
}

export type MatchingEvent =
  | InstrumentListed
  | OrderAccepted
  | OrderRejected
  | OrderFilled
  | OrderCancelled
  | OrderExpired
  | StopTriggered
  | OrderReplaced
  | BookLevelChanged;
