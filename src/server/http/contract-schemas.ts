/**
 * Wire schemas of the contract routes (contract-routes.ts): one instrument's full
 * specification and the listing calendar. Same conventions as api/schemas.ts: closed
 * objects, decimals as strings, instants in Unix milliseconds (`...Ms`).
 *
 * The product fields follow the product files (products/*.json, core/contracts/
 * product-spec.ts): shares are integer basis points (`...Bps`, 1 bp = 0.01%), durations
 * milliseconds, quantities whole lots (`...Lots`), session times "HH:MM" UTC. The
 * `state` part is the engine's live state of the contract (api/instrument-state.ts).
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  calendarEventKinds,
  haltReasons,
  instrumentStates,
  productFamilies,
  settlementMethods,
  settlementTiers,
} from '../../core/contracts/index.ts';
import { Instrument } from '../api/schemas.ts';

const closed = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Int = Type.Integer();
const Bps = Type.Integer({ minimum: 0, description: 'basis points (1 bp = 0.01%)' });
const CivilDate = Type.String({ description: 'YYYY-MM-DD' });
const TimeOfDay = Type.String({ description: 'HH:MM, UTC' });

export const ProductView = Type.Object(
  {
    root: Type.String(),
    name: Type.String(),
    family: Type.Enum([...productFamilies]),
    benchmarkId: Type.String({ description: 'the benchmark the contract is cash-settled against' }),
    contractUnit: Type.Object({ amount: Type.String(), unit: Type.String() }, closed),
    quote: Type.Object({ currency: Type.String(), minorDigits: Int, unit: Type.String() }, closed),
    tickSize: Type.String(),
    tickValue: Type.String({ description: 'money value of one tick on one contract, in the quote currency' }),
    tickValueMinor: Type.String({ description: 'the same in minor units (cents)' }),
    lotSize: Type.String(),
    priceMax: Type.String(),
    marketProtectionTicks: Int,
    orderQtyLotsMax: Int,
    blockMinLots: Int,
    fees: Type.Object(
      { makerPerLotMinor: Type.String(), takerPerLotMinor: Type.String() },
      { ...closed, description: 'per contract traded, in minor units of the quote currency' },
    ),
    listing: Type.Object(
      { cycle: Type.Enum(['consecutive_months']), monthsListed: Int, firstListingDate: CivilDate },
      { ...closed, description: 'contracts listed at any time, from the launch date' },
    ),
    lastTradingDay: Type.Object(
      {
        rule: Type.Enum(['last_business_day', 'last_weekday']),
        weekday: nullable(Type.Integer({ minimum: 1, maximum: 5, description: 'ISO weekday of `last_weekday`' })),
      },
      closed,
    ),
    holidays: Type.Array(CivilDate),
    holidaysKnownThrough: CivilDate,
    sessions: Type.Object({ preOpen: TimeOfDay, open: TimeOfDay, closingWindowStart: TimeOfDay, close: TimeOfDay }, closed),
    dailyLimit: Type.Object(
      {
        baseBps: Bps,
        escalation: Type.Array(Type.Object({ limitBps: Bps, initialMarginBps: Bps, maintenanceMarginBps: Bps }, closed), {
          description: 'step n applies after n consecutive limit-locked days in the same direction',
        }),
        haltAfterLockedDays: Int,
      },
      { ...closed, description: 'a share of the prior settlement price' },
    ),
    priceBand: Type.Object({ bandBps: Bps }, { ...closed, description: 'around the reference price' }),
    circuitBreaker: Type.Object({ windowMs: Int, moveBps: Bps, pauseMs: Int, reopenAuctionMs: Int }, closed),
    positionLimits: Type.Object(
      { spotMonthLots: Int, singleMonthLots: Int, allMonthsLots: Int, accountabilityLots: Int, reportableLots: Int },
      closed,
    ),
    settlement: Type.Object({ method: Type.Enum([...settlementMethods]) }, { ...closed, description: 'the daily settlement price' }),
    margin: Type.Object({ initialBps: Bps, maintenanceBps: Bps }, closed),
    finalSettlement: Type.Object(
      { method: Type.Enum(['cash']), against: Type.Enum(['benchmark_final_settlement_value']), lagBusinessDays: Int },
      closed,
    ),
  },
  closed,
);
export type WireProduct = Static<typeof ProductView>;

export const ContractDatesView = Type.Object(
  {
    year: Int,
    month: Int,
    listingDate: CivilDate,
    lastTradingDate: CivilDate,
    finalSettlementDate: CivilDate,
    provisional: Type.Boolean({ description: 'beyond the holiday calendar: may move when holidays are added' }),
  },
  closed,
);

export const TodayView = Type.Object(
  {
    date: CivilDate,
    listed: Type.Boolean({ description: 'listed on this date by the calendar' }),
    tradingDay: Type.Boolean(),
    calendarStatus: Type.String(),
    session: nullable(Type.Object({ preOpenMs: Int, openMs: Int, closingWindowStartMs: Int, closeMs: Int }, closed)),
  },
  { ...closed, description: 'computed from the product rules for the current UTC date' },
);

export const InstrumentStateView = Type.Object(
  {
    session: nullable(Type.Enum([...instrumentStates], { description: 'null: the contract rules do not apply (no listed product)' })),
    haltReason: nullable(Type.Enum([...haltReasons])),
    resumeAtMs: nullable(Int),
    reopenAtMs: nullable(Type.Integer({ description: 'end of a circuit-breaker re-opening auction' })),
    priorSettlement: nullable(Type.String()),
    referencePrice: nullable(Type.String({ description: 'the last trade, else the prior settlement: the band is around it' })),
    limits: nullable(
      Type.Object(
        {
          lower: Type.String(),
          upper: Type.String(),
          step: Type.Integer({ description: '0: base limit; k: after k limit-locked days' }),
          lockedDays: Int,
          initialMarginBps: Bps,
          maintenanceMarginBps: Bps,
        },
        closed,
      ),
    ),
    band: nullable(Type.Object({ lower: Type.String(), upper: Type.String() }, closed)),
    indicative: nullable(
      Type.Object(
        {
          price: nullable(Type.String()),
          qty: Type.String(),
          imbalance: Type.String(),
          imbalanceSide: nullable(Type.Enum(['buy', 'sell'])),
        },
        { ...closed, description: 'the call auction if it uncrossed now (pre-open only)' },
      ),
    ),
    lastSettlement: nullable(
      Type.Object(
        { date: CivilDate, cycle: Type.Enum(['intraday', 'end_of_day']), price: Type.String(), tier: Type.Enum([...settlementTiers]) },
        closed,
      ),
    ),
    finalSettlementPrice: nullable(Type.String()),
    dayTrades: Int,
    dayVolume: Type.String(),
  },
  { ...closed, description: 'live state from the engine' },
);
export type WireInstrumentState = Static<typeof InstrumentStateView>;

export const InstrumentDetail = Type.Object(
  {
    ...Instrument.properties,
    product: nullable(ProductView),
    contract: nullable(ContractDatesView),
    today: nullable(TodayView),
    state: InstrumentStateView,
  },
  closed,
);
export type WireInstrumentDetail = Static<typeof InstrumentDetail>;

export const CalendarQuery = Type.Object(
  {
    from: Type.String({ description: 'first date, YYYY-MM-DD' }),
    to: Type.String({ description: 'last date, YYYY-MM-DD (inclusive)' }),
    root: Type.Optional(Type.String({ description: 'one product only' })),
  },
  closed,
);

export const CalendarEventView = Type.Object(
  {
    date: CivilDate,
    kind: Type.Enum([...calendarEventKinds]),
    symbol: Type.String(),
    root: Type.String(),
    provisional: Type.Boolean(),
  },
  closed,
);

export const CalendarResponse = Type.Object(
  { from: CivilDate, to: CivilDate, root: nullable(Type.String()), events: Type.Array(CalendarEventView) },
  closed,
);
export type WireCalendar = Static<typeof CalendarResponse>;
