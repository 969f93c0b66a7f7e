/**
 * The WebSocket protocol as TypeBox schemas: what clients send (checked with the same
 * validator as REST bodies) and what the server sends. The AsyncAPI document is built
 * from these (asyncapi.ts).
 *
 * Client messages carry `type` and, for requests that get an answer, an `id` the
 * answer repeats. Order entry answers `{type: 'result', id, status, result}` with the
 * HTTP status REST would give, or `{type: 'error', id, status, code, reason, message}`.
 * A submission may ask for the short answer (`response: 'ack'`): at tens of thousands
 * of orders a second, writing and parsing the whole order is a large share of both
 * sides' work (as Binance's `newOrderRespType=ACK`).
 */
import { Type, type Static } from 'typebox';
import {
  CancelAllAfterResponse,
  ClientOrderIdString,
  Fill,
  Level,
  Order,
  OrderAck,
  OrderRequest,
  ReplaceRequest,
  SymbolString,
  Trade,
  cancelAllAfterMsMax,
} from '../api/schemas.ts';
import { MarginResponse, PositionLine } from '../api/clearing-schemas.ts';
import { InstrumentStateView } from '../http/contract-schemas.ts';

const closed = { additionalProperties: false } as const;
const RequestId = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const OrderId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const channelPattern = '^(?:(?:book|trades|status)\\.[A-Za-z0-9._-]{1,32}|orders|fills|positions|margin)$';
export const channelsPerMessageMax = 50;
const Channels = Type.Array(Type.String({ pattern: channelPattern }), { minItems: 1, maxItems: channelsPerMessageMax });

// ---- client -> server ----------------------------------------------------------------

export const clientMessageSchemas = {
  subscribe: Type.Object({ type: Type.Literal('subscribe'), id: Type.Optional(RequestId), channels: Channels }, closed),
  unsubscribe: Type.Object({ type: Type.Literal('unsubscribe'), id: Type.Optional(RequestId), channels: Channels }, closed),
  login: Type.Object(
    {
      type: Type.Literal('login'),
      id: Type.Optional(RequestId),
      key: Type.String({ minLength: 1, maxLength: 128 }),
      /** Unix milliseconds; the signature is over `String(timestamp) + 'GET' + '/v1/ws/login'`. */
      timestamp: Type.Integer({ minimum: 0 }),
      signature: Type.String({ minLength: 1, maxLength: 128 }),
      cancelOnDisconnect: Type.Optional(Type.Boolean()),
    },
    closed,
  ),
  submit: Type.Object(
    {
      type: Type.Literal('submit'),
      id: RequestId,
      order: OrderRequest,
      /** `order` (default): the whole order, as REST's 201 body; `ack`: the short OrderAck. */
      response: Type.Optional(Type.Union([Type.Literal('order'), Type.Literal('ack')])),
    },
    closed,
  ),
  cancel: Type.Object({ type: Type.Literal('cancel'), id: RequestId, orderId: OrderId }, closed),
  cancelByClientId: Type.Object({ type: Type.Literal('cancelByClientId'), id: RequestId, clientOrderId: ClientOrderIdString }, closed),
  replace: Type.Object({ type: Type.Literal('replace'), id: RequestId, orderId: OrderId, changes: ReplaceRequest }, closed),
  massCancel: Type.Object({ type: Type.Literal('massCancel'), id: RequestId, symbol: Type.Optional(SymbolString) }, closed),
  cancelAllAfter: Type.Object(
    { type: Type.Literal('cancelAllAfter'), id: RequestId, timeoutMs: Type.Integer({ minimum: 0, maximum: cancelAllAfterMsMax }) },
    closed,
  ),
  ping: Type.Object({ type: Type.Literal('ping'), id: Type.Optional(RequestId) }, closed),
} as const;

export type ClientMessageType = keyof typeof clientMessageSchemas;
export type ClientMessage = { [K in ClientMessageType]: Static<(typeof clientMessageSchemas)[K]> }[ClientMessageType];
export const clientMessageTypes = Object.keys(clientMessageSchemas) as ClientMessageType[];

// ---- server -> client ----------------------------------------------------------------

const Levels = Type.Array(Level);
/** CRC32 (unsigned) of the top 10 levels: "bidPrice:bidQty:askPrice:askQty:..." level by level, best first. */
const Checksum = Type.Integer({ minimum: 0, maximum: 0xffffffff });

export const serverMessageSchemas = {
  subscribed: Type.Object({ type: Type.Literal('subscribed'), id: Type.Optional(RequestId), channels: Type.Array(Type.String()) }, closed),
  unsubscribed: Type.Object(
    { type: Type.Literal('unsubscribed'), id: Type.Optional(RequestId), channels: Type.Array(Type.String()) },
    closed,
  ),
  loggedIn: Type.Object(
    {
      type: Type.Literal('loggedIn'),
      id: Type.Optional(RequestId),
      account: Type.String(),
      role: Type.String(),
      cancelOnDisconnect: Type.Boolean(),
    },
    closed,
  ),
  result: Type.Object(
    {
      type: Type.Literal('result'),
      id: RequestId,
      status: Type.Integer(),
      result: Type.Union([Order, OrderAck, Type.Object({ orders: Type.Array(Order) }, closed), CancelAllAfterResponse]),
    },
    closed,
  ),
  error: Type.Object(
    {
      type: Type.Literal('error'),
      id: Type.Optional(RequestId),
      status: Type.Integer(),
      code: Type.Integer(),
      reason: Type.String(),
      message: Type.String(),
      order: Type.Optional(Order),
    },
    closed,
  ),
  bookSnapshot: Type.Object(
    {
      type: Type.Literal('book.snapshot'),
      channel: Type.String(),
      symbol: Type.String(),
      seq: Type.Integer(),
      bids: Levels,
      asks: Levels,
      checksum: Checksum,
    },
    closed,
  ),
  bookUpdate: Type.Object(
    {
      type: Type.Literal('book.update'),
      channel: Type.String(),
      symbol: Type.String(),
      seq: Type.Integer(),
      /** The seq of the previous book message of this symbol; another value means one was missed. */
      prevSeq: Type.Integer(),
      bids: Levels,
      asks: Levels,
      checksum: Checksum,
    },
    closed,
  ),
  /** An instrument's live state: on subscribe, after each session, halt, auction or settlement event, and while an auction collects. */
  status: Type.Object(
    {
      type: Type.Literal('status'),
      channel: Type.String(),
      symbol: Type.String(),
      seq: Type.Integer(),
      /** The engine events of this symbol that caused the message (empty on subscribe or an indicative update). */
      events: Type.Array(Type.String()),
      state: InstrumentStateView,
    },
    closed,
  ),
  trades: Type.Object(
    { type: Type.Literal('trades'), channel: Type.String(), symbol: Type.String(), seq: Type.Integer(), trades: Type.Array(Trade) },
    closed,
  ),
  orders: Type.Object(
    { type: Type.Literal('orders'), channel: Type.Literal('orders'), seq: Type.Integer(), orders: Type.Array(Order) },
    closed,
  ),
  fills: Type.Object({ type: Type.Literal('fills'), channel: Type.Literal('fills'), seq: Type.Integer(), fills: Type.Array(Fill) }, closed),
  /** All the account's position lines (as GET /v1/positions), after a trade, a settlement cycle or a final settlement moved them. */
  positions: Type.Object(
    { type: Type.Literal('positions'), channel: Type.Literal('positions'), seq: Type.Integer(), positions: Type.Array(PositionLine) },
    closed,
  ),
  /** The account's margin summary (as GET /v1/margin), after a command whose clearing events touched the account. */
  margin: Type.Object(
    { type: Type.Literal('margin'), channel: Type.Literal('margin'), seq: Type.Integer(), margin: MarginResponse },
    closed,
  ),
  heartbeat: Type.Object({ type: Type.Literal('heartbeat'), tsMs: Type.Integer(), seq: Type.Integer() }, closed),
  pong: Type.Object({ type: Type.Literal('pong'), id: Type.Optional(RequestId), tsMs: Type.Integer() }, closed),
  resync: Type.Object({ type: Type.Literal('resync'), reason: Type.String(), message: Type.String() }, closed),
} as const;

export type ServerMessage<K extends keyof typeof serverMessageSchemas> = Static<(typeof serverMessageSchemas)[K]>;
