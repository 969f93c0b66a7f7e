/**
 * Wire contract of `POST /v1/hedge/plan`. The request is the exposure file's JSON format
 * (docs/hedging.md) with the firm's own price either inline (`ownPrices`) or one of the
 * derived kinds (`ownPrice`: token_route, gpu_list_price; a server file path is not
 * accepted), plus the `backtest` and `orders` switches. The schema checks shapes and
 * types; the rules across fields (months increasing, after the plan date, positive
 * quantities) are exposureFromJson's, answered as 422 with the hedging reject codes.
 *
 * The answer is the plan exactly as `tokex hedge plan --json` prints it; its nested
 * parts are described in docs/hedging.md and left open here so that they serialize as
 * the CLI writes them.
 */
import { Type, type Static } from 'typebox';
import { exposureMonthsMax, priceRowsMax } from '../../core/hedging/index.ts';
import { DateString } from './clearing-schemas.ts';
import { closed, DecimalString } from './schemas.ts';

const Text = Type.String({ minLength: 1, maxLength: 200 });
const MonthString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const Parts = Type.Integer({ minimum: 0, maximum: 1000 });

export const TokenRouteOwnPrice = Type.Object(
  {
    kind: Type.Literal('token_route'),
    blend: Type.Optional(Type.Object({ inputParts: Parts, outputParts: Parts }, closed)),
    segments: Type.Array(Type.Object({ from: DateString, provider: Text, model: Text }, closed), { minItems: 1, maxItems: 50 }),
  },
  closed,
);

export const GpuListOwnPrice = Type.Object(
  {
    kind: Type.Literal('gpu_list_price'),
    provider: Text,
    gpuModel: Text,
    gpuCount: Type.Integer({ minimum: 1, maximum: 64 }),
    pricing: Type.Enum(['on_demand', 'spot']),
  },
  closed,
);

export const HedgePlanRequest = Type.Object(
  {
    firm: Text,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    product: Type.String({ minLength: 1, maxLength: 6 }),
    role: Type.Enum(['buyer', 'seller']),
    planDate: DateString,
    rounding: Type.Optional(Type.Enum(['half_even', 'toward_zero'])),
    historyFrom: Type.Optional(DateString),
    exposure: Type.Array(Type.Object({ month: MonthString, quantity: DecimalString }, closed), {
      minItems: 1,
      maxItems: exposureMonthsMax,
    }),
    ownPrice: Type.Optional(Type.Union([TokenRouteOwnPrice, GpuListOwnPrice])),
    ownPrices: Type.Optional(
      Type.Array(Type.Object({ date: DateString, price: DecimalString }, closed), { minItems: 2, maxItems: priceRowsMax }),
    ),
    backtest: Type.Optional(Type.Boolean()),
    orders: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type HedgePlanRequest = Static<typeof HedgePlanRequest>;

const Open = Type.Object({}, { additionalProperties: true });

export const HedgeOrder = Type.Object(
  {
    symbol: Type.String(),
    side: Type.Enum(['buy', 'sell']),
    type: Type.Literal('limit'),
    price: Type.String(),
    qty: Type.String(),
    tif: Type.Literal('day'),
    clientOrderId: Type.String(),
  },
  closed,
);

export const HedgeOrders = Type.Object(
  {
    orders: Type.Array(HedgeOrder),
    deferred: Type.Array(Type.Object({ symbol: Type.String(), contracts: Type.Integer(), listingDate: Type.String() }, closed)),
  },
  closed,
);

export const HedgePlanResponse = Type.Object(
  {
    kind: Type.Literal('tokex.hedge_plan'),
    version: Type.Literal(1),
    firm: Type.String(),
    description: Type.String(),
    exposureFile: Type.String(),
    planDate: Type.String(),
    role: Type.Enum(['buyer', 'seller']),
    side: Type.Enum(['buy', 'sell']),
    product: Open,
    ownPriceSource: Type.String(),
    history: Open,
    basis: Open,
    ratio: Open,
    rounding: Type.Enum(['half_even', 'toward_zero']),
    contracts: Type.Array(Open),
    totalContracts: Type.Integer(),
    varianceReduction: Open,
    referencePrice: Open,
    initialMarginUsd: Open,
    scenarios: Type.Array(Open),
    prospective: Open,
    rebalancing: Open,
    notes: Type.Array(Type.String()),
    /** With `backtest: true`: the walk-forward backtest (`tokex hedge backtest --json`). */
    backtest: Type.Optional(Open),
    /** With `orders: true`: the bodies for `POST /v1/orders` (`tokex hedge orders`) and the months not listed yet. */
    orders: Type.Optional(HedgeOrders),
  },
  closed,
);
export type HedgePlanResponse = Static<typeof HedgePlanResponse>;
