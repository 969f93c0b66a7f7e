/**
 * The wire types of the tokex API as the SDK sees them: decimals as strings, ids as
 * numbers, instants as Unix milliseconds. They mirror the server's schemas
 * (src/server/api/schemas.ts, src/server/ws/messages.ts); a type test in test/api
 * checks that both stay the same. Types only: nothing here exists at run time.
 */
import type { OrderType, Side, StpMode, TimeInForce } from '../core/model/index.ts';
import type { InstrumentState } from './reference-types.ts';

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

/** The short answer to a WebSocket submission sent with `response: 'ack'`. */
export interface OrderAck {
  orderId: number;
  clientOrderId: string;
  status: OrderStatus;
  filledQty: string;
  leavesQty: string;
  /** The seq of the order's last change. */
  updatedSeq: number;
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

// ---- clearing -----------------------------------------------------------------------
// Money is a decimal string in the currency's major unit ("1000.00" USD); an excess
// below zero is a deficit.

export interface AccountCurrency {
  currency: string;
  collateral: string;
  equity: string;
  initialMargin: string;
  maintenanceMargin: string;
  excess: string;
}

export interface Account {
  account: string;
  currencies: AccountCurrency[];
  inDefault: boolean;
  openCall: { callId: number; amount: string; deadlineMs: number } | null;
}

export interface PositionLine {
  symbol: string;
  netQty: string;
  boughtToday: string;
  soldToday: string;
}

export interface CurrencyMargin {
  currency: string;
  equity: string;
  initialMargin: string;
  maintenanceMargin: string;
  excess: string;
}

export interface ProductMarginLine {
  root: string;
  currency: string;
  scanRisk: string;
  worstScenario: number;
  spreads: number;
  spreadCharge: string;
  initialMargin: string;
  maintenanceMargin: string;
}

export interface Margin {
  account: string;
  currencies: CurrencyMargin[];
  products: ProductMarginLine[];
  inDefault: boolean;
  openCall: { callId: number; deadlineMs: number } | null;
}

export type SettlementCycle = 'intraday' | 'end_of_day';

export interface Settlement {
  seq: number;
  tsMs: number;
  date: string;
  cycle: SettlementCycle;
  currency: string;
  /** Paid to the account if positive, collected from it if negative. */
  amount: string;
}

export interface StatementPosition {
  symbol: string;
  currency: string;
  netQty: string;
  boughtQty: string;
  soldQty: string;
  averagePrice: string | null;
  settlementPrice: string | null;
  realisedPnl: string;
  unrealisedPnl: string;
}

export interface StatementCash {
  currency: string;
  opening: string;
  deposits: string;
  withdrawals: string;
  fees: string;
  variationMargin: string;
  finalSettlement: string;
  defaultCover: string;
  closing: string;
  initialMargin: string;
  maintenanceMargin: string;
  excess: string;
}

export interface Statement {
  account: string;
  member: string;
  date: string;
  seq: number;
  tsMs: number;
  positions: StatementPosition[];
  cash: StatementCash[];
}

// ---- hedging -------------------------------------------------------------------------

export type HedgeOwnPrice =
  | {
      kind: 'token_route';
      blend?: { inputParts: number; outputParts: number };
      segments: { from: string; provider: string; model: string }[];
    }
  | { kind: 'gpu_list_price'; provider: string; gpuModel: string; gpuCount: number; pricing: 'on_demand' | 'spot' };

/** Body of `POST /v1/hedge/plan`: the exposure file's JSON (docs/hedging.md), the own price inline or derived, options. */
export interface HedgePlanRequest {
  firm: string;
  description?: string;
  product: string;
  role: 'buyer' | 'seller';
  planDate: string;
  rounding?: 'half_even' | 'toward_zero';
  historyFrom?: string;
  exposure: { month: string; quantity: string }[];
  ownPrice?: HedgeOwnPrice;
  /** The firm's own price, each in force from its date until the next. */
  ownPrices?: { date: string; price: string }[];
  /** Include the walk-forward backtest. */
  backtest?: boolean;
  /** Include the orders for `POST /v1/orders`. */
  orders?: boolean;
}

export interface HedgeOrder {
  symbol: string;
  side: 'buy' | 'sell';
  type: 'limit';
  price: string;
  qty: string;
  tif: 'day';
  clientOrderId: string;
}

/**
 * The plan, as `tokex hedge plan --json` prints it (fields in docs/hedging.md); the
 * parts not typed here are passed through as the server sends them.
 */
export interface HedgePlan {
  kind: 'tokex.hedge_plan';
  version: 1;
  firm: string;
  description: string;
  exposureFile: string;
  planDate: string;
  role: 'buyer' | 'seller';
  side: 'buy' | 'sell';
  product: { [key: string]: unknown };
  ownPriceSource: string;
  history: { [key: string]: unknown };
  basis: { [key: string]: unknown };
  ratio: { [key: string]: unknown };
  rounding: 'half_even' | 'toward_zero';
  contracts: { [key: string]: unknown }[];
  totalContracts: number;
  varianceReduction: { [key: string]: unknown };
  referencePrice: { [key: string]: unknown };
  initialMarginUsd: { [key: string]: unknown };
  scenarios: { [key: string]: unknown }[];
  prospective: { [key: string]: unknown };
  rebalancing: { [key: string]: unknown };
  notes: string[];
  /** With `backtest: true`. */
  backtest?: { [key: string]: unknown };
  /** With `orders: true`: the orders to send and the months not listed yet. */
  orders?: { orders: HedgeOrder[]; deferred: { symbol: string; contracts: number; listingDate: string }[] };
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

/** `status.SYMBOL`: the instrument's live state after session, halt, auction and settlement events. */
export interface StatusMessage {
  type: 'status';
  channel: string;
  symbol: string;
  seq: number;
  /** The engine events that caused it (empty on subscribe and indicative updates). */
  events: string[];
  state: InstrumentState;
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

export interface PositionsMessage {
  type: 'positions';
  channel: 'positions';
  seq: number;
  positions: PositionLine[];
}

export interface MarginMessage {
  type: 'margin';
  channel: 'margin';
  seq: number;
  margin: Margin;
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
  result: Order | OrderAck | { orders: Order[] } | CancelAllAfter;
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
  | StatusMessage
  | OrdersMessage
  | FillsMessage
  | PositionsMessage
  | MarginMessage
  | HeartbeatMessage
  | ResyncMessage
  | ResultMessage
  | ErrorMessage
  | LoggedInMessage
  | AckMessage
  | PongMessage;
