/**
 * The wire types of the tokex API as the SDK sees them: decimals as strings, ids as
 * numbers, instants as Unix milliseconds. They mirror the server's schemas
 * (src/server/api/schemas.ts, src/server/ws/messages.ts); a type test in test/api
 * checks that both stay the same. Types only: nothing here exists at run time.
 */
import type { OrderType, Side, StpMode, TimeInForce } from '../core/model/index.ts';

export type { OrderType, Side, StpMode, TimeInForce };
export type OrderStatus = 'new' | 'partially_filled' | 'filled' | 'cancelled' | 'expired' | 'rejected';
export type Level = string[];

export interface OrderRequest {
  symbol: string;
  side: Side;
  type: OrderType;
  qty: string;
  tif: TimeInForce;
  clientOrderId: string;
  price?: string;
  stopPrice?: string;
  expireAtMs?: number;
  displayQty?: string;
  minQty?: string;
  postOnly?: boolean;
  stpMode?: StpMode;
  stpGroup?: number;
}

export interface ReplaceRequest {
  qty?: string;
  price?: string;
  stopPrice?: string;
  newClientOrderId?: string;
}

export interface Rejection {
  code: number;
  reason: string;
  message: string;
}

export interface Order {
  orderId: number | null;
  clientOrderId: string;
  account: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  status: OrderStatus;
  price: string | null;
  stopPrice: string | null;
  qty: string;
  filledQty: string;
  leavesQty: string;
  avgPrice: string | null;
  displayQty: string | null;
  minQty: string | null;
  expireAtMs: number | null;
  postOnly: boolean;
  stpMode: StpMode;
  triggered: boolean;
  endReason: string | null;
  rejection: Rejection | null;
  createdSeq: number;
  createdTsMs: number;
  updatedSeq: number;
  updatedTsMs: number;
}

export interface Fill {
  tradeId: number;
  seq: number;
  tsMs: number;
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: Side;
  price: string;
  qty: string;
  liquidity: 'maker' | 'taker';
}

export interface Trade {
  tradeId: number;
  seq: number;
  tsMs: number;
  symbol: string;
  price: string;
  qty: string;
  aggressorSide: Side;
}

export interface Instrument {
  symbol: string;
  tickSize: string;
  lotSize: string;
  priceMin: string;
  priceMax: string;
  qtyMax: string;
}

export interface Book {
  symbol: string;
  seq: number;
  bids: Level[];
  asks: Level[];
}

export interface CancelAllAfter {
  timeoutMs: number;
  triggerAtMs: number | null;
}

export interface ErrorBody extends Rejection {
  /** The rejected order, on a rejected submission. */
  order?: Order;
}

// ---- WebSocket: server -> client ----------------------------------------------------

export interface BookSnapshotMessage {
  type: 'book.snapshot';
  channel: string;
  symbol: string;
  seq: number;
  bids: Level[];
  asks: Level[];
  checksum: number;
}

export interface BookUpdateMessage {
  type: 'book.update';
  channel: string;
  symbol: string;
  seq: number;
  prevSeq: number;
  bids: Level[];
  asks: Level[];
  checksum: number;
}

export interface TradesMessage {
  type: 'trades';
  channel: string;
  symbol: string;
  seq: number;
  trades: Trade[];
}

export interface OrdersMessage {
  type: 'orders';
  channel: 'orders';
  seq: number;
  orders: Order[];
}

export interface FillsMessage {
  type: 'fills';
  channel: 'fills';
  seq: number;
  fills: Fill[];
}

export interface HeartbeatMessage {
  type: 'heartbeat';
  tsMs: number;
  seq: number;
}

export interface ResyncMessage {
  type: 'resync';
  reason: string;
  message: string;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  status: number;
  result: Order | { orders: Order[] } | CancelAllAfter;
}

export interface ErrorMessage {
  type: 'error';
  id?: number;
  status: number;
  code: number;
  reason: string;
  message: string;
  order?: Order;
}

export interface LoggedInMessage {
  type: 'loggedIn';
  id?: number;
  account: string;
  role: string;
  cancelOnDisconnect: boolean;
}

export interface AckMessage {
  type: 'subscribed' | 'unsubscribed';
  id?: number;
  channels: string[];
}

export interface PongMessage {
  type: 'pong';
  id?: number;
  tsMs: number;
}

export type ServerMessage =
  | BookSnapshotMessage
  | BookUpdateMessage
  | TradesMessage
  | OrdersMessage
  | FillsMessage
  | HeartbeatMessage
  | ResyncMessage
  | ResultMessage
  | ErrorMessage
  | LoggedInMessage
  | AckMessage
  | PongMessage;
