/**
 * The wire contract of the REST API as TypeBox schemas: the one source for request
 * validation, response serialization, the OpenAPI document and (through ws-schemas.ts)
 * the AsyncAPI document.
 *
 * Conventions: decimals (prices, quantities) are strings, exact multiples of the
 * instrument's tick or lot; ids are numbers; instants are Unix milliseconds (`...Ms`).
 * Every object refuses unknown fields (`additionalProperties: false`).
 */
import { Type, type Static, type TSchema } from 'typebox';
import { limits } from '../../core/kernel/index.ts';
import { orderTypes, sides, stpModes, timesInForce } from '../../core/model/index.ts';

export const orderStatuses = ['new', 'partially_filled', 'filled', 'cancelled', 'expired', 'rejected'] as const;

/** Same grammar as kernel/decimal.ts: no exponent, no plus sign, no leading zeros. */
export const decimalPattern = '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$';
export const clientOrderIdPattern = '^[!-~]+$';
export const symbolPattern = '^[A-Za-z0-9._-]+$';

/** What a pattern means, for error messages. */
export const patternMeanings: Readonly<Record<string, string>> = {
  [decimalPattern]: 'must be a decimal string such as "12.34"',
  [clientOrderIdPattern]: 'must be printable ASCII without spaces',
  [symbolPattern]: 'must be letters, digits, ".", "_" or "-"',
};

export const closed = { additionalProperties: false } as const;

export const DecimalString = Type.String({ pattern: decimalPattern, maxLength: limits.decimalDigitsMax + 2 });
export const SymbolString = Type.String({ minLength: 1, maxLength: limits.symbolLengthMax, pattern: symbolPattern });
export const ClientOrderIdString = Type.String({ minLength: 1, maxLength: limits.clientOrderIdLengthMax, pattern: clientOrderIdPattern });
export const SideSchema = Type.Enum([...sides]);
export const OrderTypeSchema = Type.Enum([...orderTypes]);
export const TifSchema = Type.Enum([...timesInForce]);
export const StpModeSchema = Type.Enum([...stpModes]);
export const OrderStatusSchema = Type.Enum([...orderStatuses]);
const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Ms = Type.Integer({ minimum: 0, maximum: limits.expiryMsMax });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---- requests ----------------------------------------------------------------------

export const OrderRequest = Type.Object(
  {
    symbol: SymbolString,
    side: SideSchema,
    type: OrderTypeSchema,
    qty: DecimalString,
    tif: TifSchema,
    clientOrderId: ClientOrderIdString,
    price: Type.Optional(DecimalString),
    stopPrice: Type.Optional(DecimalString),
    expireAtMs: Type.Optional(Ms),
    displayQty: Type.Optional(DecimalString),
    minQty: Type.Optional(DecimalString),
    postOnly: Type.Optional(Type.Boolean()),
    stpMode: Type.Optional(StpModeSchema),
    stpGroup: Type.Optional(Type.Integer({ minimum: 0, maximum: limits.stpGroupMax })),
  },
  closed,
);
export type OrderRequest = Static<typeof OrderRequest>;

export const ReplaceRequest = Type.Object(
  {
    qty: Type.Optional(DecimalString),
    price: Type.Optional(DecimalString),
    stopPrice: Type.Optional(DecimalString),
    newClientOrderId: Type.Optional(ClientOrderIdString),
  },
  { ...closed, minProperties: 1 },
);
export type ReplaceRequest = Static<typeof ReplaceRequest>;

export const cancelAllAfterMsMax = 600_000;
export const CancelAllAfterRequest = Type.Object({ timeoutMs: Type.Integer({ minimum: 0, maximum: cancelAllAfterMsMax }) }, closed);

export const AdminMassCancelRequest = Type.Object(
  {
    account: Type.Optional(Type.String({ minLength: 1, maxLength: limits.accountNameLengthMax })),
    symbol: Type.Optional(SymbolString),
    side: Type.Optional(SideSchema),
  },
  { ...closed, minProperties: 1 },
);

export const listLimitMax = 1_000;
export const bookDepthMax = 1_000;
const Limit = Type.Integer({ minimum: 1, maximum: listLimitMax });

export const SymbolParams = Type.Object({ symbol: SymbolString }, closed);
export const OrderIdParams = Type.Object({ orderId: Id }, closed);
export const ClientOrderIdParams = Type.Object({ clientOrderId: ClientOrderIdString }, closed);
export const BookQuery = Type.Object({ depth: Type.Optional(Type.Integer({ minimum: 1, maximum: bookDepthMax })) }, closed);
export const LimitQuery = Type.Object({ limit: Type.Optional(Limit) }, closed);
export const OrdersQuery = Type.Object(
  { status: Type.Optional(Type.Enum(['open', 'all'])), symbol: Type.Optional(SymbolString), limit: Type.Optional(Limit) },
  closed,
);
export const FillsQuery = Type.Object({ symbol: Type.Optional(SymbolString), limit: Type.Optional(Limit) }, closed);
export const MassCancelQuery = Type.Object({ symbol: Type.Optional(SymbolString) }, closed);

// ---- responses ---------------------------------------------------------------------

export const ErrorBody = Type.Object({ code: Type.Integer(), reason: Type.String(), message: Type.String() }, closed);

export const Rejection = Type.Object({ code: Type.Integer(), reason: Type.String(), message: Type.String() }, closed);

export const Order = Type.Object(
  {
    orderId: nullable(Id),
    clientOrderId: Type.String(),
    account: Type.String(),
    symbol: Type.String(),
    side: SideSchema,
    type: OrderTypeSchema,
    tif: TifSchema,
    status: OrderStatusSchema,
    price: nullable(Type.String()),
    stopPrice: nullable(Type.String()),
    qty: Type.String(),
    filledQty: Type.String(),
    leavesQty: Type.String(),
    /** Truncated toward zero to the tick's decimals plus four. */
    avgPrice: nullable(Type.String()),
    displayQty: nullable(Type.String()),
    minQty: nullable(Type.String()),
    expireAtMs: nullable(Type.Integer()),
    postOnly: Type.Boolean(),
    stpMode: StpModeSchema,
    triggered: Type.Boolean(),
    endReason: nullable(Type.String()),
    rejection: nullable(Rejection),
    createdSeq: Type.Integer(),
    createdTsMs: Type.Integer(),
    updatedSeq: Type.Integer(),
    updatedTsMs: Type.Integer(),
  },
  closed,
);
export type WireOrder = Static<typeof Order>;

/**
 * The short answer to a WebSocket submission sent with `response: 'ack'`: the order's
 * identity and state after its command, without the rest of its fields (which the
 * client sent itself, or can read with GET /v1/orders/:orderId). As with the full
 * answer, it leaves only once the command is durable.
 */
export const OrderAck = Type.Object(
  {
    orderId: Id,
    clientOrderId: Type.String(),
    status: OrderStatusSchema,
    filledQty: Type.String(),
    leavesQty: Type.String(),
    /** The seq of the order's last change. */
    updatedSeq: Type.Integer(),
  },
  closed,
);
export type WireOrderAck = Static<typeof OrderAck>;

export const OrderRejectedBody = Type.Object(
  { code: Type.Integer(), reason: Type.String(), message: Type.String(), order: Type.Optional(Order) },
  closed,
);

export const Fill = Type.Object(
  {
    tradeId: Id,
    seq: Type.Integer(),
    tsMs: Type.Integer(),
    symbol: Type.String(),
    orderId: Id,
    clientOrderId: Type.String(),
    side: SideSchema,
    price: Type.String(),
    qty: Type.String(),
    liquidity: Type.Enum(['maker', 'taker']),
  },
  closed,
);
export type WireFill = Static<typeof Fill>;

export const Trade = Type.Object(
  {
    tradeId: Id,
    seq: Type.Integer(),
    tsMs: Type.Integer(),
    symbol: Type.String(),
    price: Type.String(),
    qty: Type.String(),
    aggressorSide: SideSchema,
  },
  closed,
);
export type WireTrade = Static<typeof Trade>;

export const Instrument = Type.Object(
  {
    symbol: Type.String(),
    tickSize: Type.String(),
    lotSize: Type.String(),
    priceMin: Type.String(),
    priceMax: Type.String(),
    qtyMax: Type.String(),
  },
  closed,
);
export type WireInstrument = Static<typeof Instrument>;

/** `[price, qty]`: absolute quantity at the price; "0" deletes the level in an update. */
export const Level = Type.Array(Type.String(), { minItems: 2, maxItems: 2 });

export const Book = Type.Object({ symbol: Type.String(), seq: Type.Integer(), bids: Type.Array(Level), asks: Type.Array(Level) }, closed);
export type WireBook = Static<typeof Book>;

export const TimeResponse = Type.Object({ timeMs: Type.Integer() }, closed);
export const InstrumentsResponse = Type.Object({ instruments: Type.Array(Instrument) }, closed);
export const TradesResponse = Type.Object({ symbol: Type.String(), trades: Type.Array(Trade) }, closed);
export const OrdersResponse = Type.Object({ orders: Type.Array(Order) }, closed);
export const FillsResponse = Type.Object({ fills: Type.Array(Fill) }, closed);
export const CancelAllAfterResponse = Type.Object({ timeoutMs: Type.Integer(), triggerAtMs: nullable(Type.Integer()) }, closed);
export const AdminStatusResponse = Type.Object(
  { seq: Type.Integer(), stateHash: Type.String(), failed: Type.Boolean(), tsMs: Type.Integer() },
  closed,
);

/** The error responses every route may give, for the OpenAPI document. */
export const commonErrors = { 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody, 500: ErrorBody, 503: ErrorBody } as const;
export const privateErrors = { ...commonErrors, 401: ErrorBody, 403: ErrorBody } as const;
