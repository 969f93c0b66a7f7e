/**
 * The wire contract of the clearing routes and private clearing channels as TypeBox
 * schemas: account, positions, margin, settlements and daily statements. One source for
 * validation, serialization, the OpenAPI and AsyncAPI documents and the SDK type test.
 *
 * Money is a decimal string in the currency's major unit ("1000.00" USD), signed where
 * it can be negative (an excess below zero is a deficit); prices and quantities are
 * decimal strings of the instrument's tick and lot; instants are Unix milliseconds.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { closed, LimitQuery } from './schemas.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

// ---- account and positions ------------------------------------------------------------

export const OpenCall = Type.Object({ callId: Type.Integer(), amount: Type.String(), deadlineMs: Type.Integer() }, closed);

export const AccountResponse = Type.Object(
  {
    account: Type.String(),
    currencies: Type.Array(
      Type.Object(
        {
          currency: Type.String(),
          collateral: Type.String(),
          equity: Type.String(),
          initialMargin: Type.String(),
          maintenanceMargin: Type.String(),
          excess: Type.String(),
        },
        closed,
      ),
    ),
    inDefault: Type.Boolean(),
    openCall: nullable(OpenCall),
  },
  closed,
);
export type AccountResponse = Static<typeof AccountResponse>;

/** A net position with the day's bought and sold quantities (since the last end-of-day cycle). */
export const PositionLine = Type.Object(
  { symbol: Type.String(), netQty: Type.String(), boughtToday: Type.String(), soldToday: Type.String() },
  closed,
);
export type PositionLine = Static<typeof PositionLine>;
export const PositionsResponse = Type.Object({ positions: Type.Array(PositionLine) }, closed);

// ---- margin -------------------------------------------------------------------------------

export const CurrencyMargin = Type.Object(
  {
    currency: Type.String(),
    /** Collateral plus variation margin pending at the reference prices. */
    equity: Type.String(),
    initialMargin: Type.String(),
    maintenanceMargin: Type.String(),
    /** Equity minus initial margin; negative is a deficit. */
    excess: Type.String(),
  },
  closed,
);

/** SPAN margin of one product's positions (all its contract months). */
export const ProductMarginLine = Type.Object(
  {
    root: Type.String(),
    currency: Type.String(),
    scanRisk: Type.String(),
    /** 1-based scenario of the largest loss; 0 when no scenario loses. */
    worstScenario: Type.Integer(),
    /** Spreads between contract months charged the intra-commodity charge. */
    spreads: Type.Integer(),
    spreadCharge: Type.String(),
    initialMargin: Type.String(),
    maintenanceMargin: Type.String(),
  },
  closed,
);

export const MarginResponse = Type.Object(
  {
    account: Type.String(),
    currencies: Type.Array(CurrencyMargin),
    products: Type.Array(ProductMarginLine),
    inDefault: Type.Boolean(),
    openCall: nullable(Type.Object({ callId: Type.Integer(), deadlineMs: Type.Integer() }, closed)),
  },
  closed,
);
export type MarginResponse = Static<typeof MarginResponse>;

// ---- settlements ------------------------------------------------------------------------

/** Variation margin one settlement cycle posted to the account: paid to it if positive, collected if negative. */
export const Settlement = Type.Object(
  {
    seq: Type.Integer(),
    tsMs: Type.Integer(),
    date: Type.String(),
    cycle: Type.Union([Type.Literal('intraday'), Type.Literal('end_of_day')]),
    currency: Type.String(),
    amount: Type.String(),
  },
  closed,
);
export type Settlement = Static<typeof Settlement>;
export const SettlementsQuery = LimitQuery;
export const SettlementsResponse = Type.Object({ settlements: Type.Array(Settlement) }, closed);

// ---- statements -------------------------------------------------------------------------

export const StatementParams = Type.Object({ date: DateString }, closed);
export const StatementQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, closed);

export const StatementPositionLine = Type.Object(
  {
    symbol: Type.String(),
    /** The currency of the P&L. */
    currency: Type.String(),
    netQty: Type.String(),
    boughtQty: Type.String(),
    soldQty: Type.String(),
    /** Average open price, truncated at four decimals beyond the tick's; null when flat. */
    averagePrice: nullable(Type.String()),
    settlementPrice: nullable(Type.String()),
    realisedPnl: Type.String(),
    unrealisedPnl: Type.String(),
  },
  closed,
);

export const StatementCashLine = Type.Object(
  {
    currency: Type.String(),
    opening: Type.String(),
    deposits: Type.String(),
    withdrawals: Type.String(),
    fees: Type.String(),
    variationMargin: Type.String(),
    finalSettlement: Type.String(),
    defaultCover: Type.String(),
    closing: Type.String(),
    initialMargin: Type.String(),
    maintenanceMargin: Type.String(),
    /** Closing minus initial margin; negative is a deficit. */
    excess: Type.String(),
  },
  closed,
);

export const StatementResponse = Type.Object(
  {
    account: Type.String(),
    member: Type.String(),
    date: Type.String(),
    /** Seq of the end-of-day cycle that froze it. */
    seq: Type.Integer(),
    tsMs: Type.Integer(),
    positions: Type.Array(StatementPositionLine),
    cash: Type.Array(StatementCashLine),
  },
  closed,
);
export type StatementResponse = Static<typeof StatementResponse>;
