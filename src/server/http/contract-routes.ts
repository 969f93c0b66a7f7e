/**
 * Public contract routes: one instrument's full specification (`GET /v1/instruments/:symbol`)
 * and the listing calendar (`GET /v1/calendar`), from the loaded product files. Reads
 * only; nothing reaches the sequencer.
 *
 * An instrument is what the exchange lists (its matching spec: tick, lot, limits);
 * anything else is 404 `unknown_instrument`. When its symbol is a contract of a loaded
 * product, the answer adds the product specification, the contract's dates and what
 * the rules compute for the current UTC date, and the engine's live state (session,
 * halts, limits, band, the auction's indicative price, last settlement).
 * Without products, `product`, `contract` and `today` are null and the calendar empty.
 */
import { formatSteps, parseStep } from '../../core/kernel/index.ts';
import { daysBetween, isCivilDate } from '../../core/benchmark/index.ts';
import {
  calendarEvents,
  calendarRangeDaysMax,
  compareCalendarEvents,
  contractView,
  parseContractSymbol,
  type ProductSpec,
} from '../../core/contracts/index.ts';
import { fieldError } from '../api/api-errors.ts';
import { ErrorBody, SymbolParams, commonErrors } from '../api/schemas.ts';
import { wireInstrument } from '../api/wire-views.ts';
import { instrumentState } from '../api/instrument-state.ts';
import { civilDateUtc } from '../listing-roll.ts';
import type { ApiContext, TypedApp } from './app.ts';
import { listedUnits } from './public-routes.ts';
import {
  CalendarQuery,
  CalendarResponse,
  InstrumentDetail,
  type WireCalendar,
  type WireInstrumentDetail,
  type WireProduct,
} from './contract-schemas.ts';

export function registerContractRoutes(app: TypedApp, ctx: ApiContext): void {
  app.get(
    '/v1/instruments/:symbol',
    {
      schema: {
        tags: ['public'],
        summary: 'One instrument: its matching spec, its product specification and contract dates, and its state',
        params: SymbolParams,
        response: { 200: InstrumentDetail, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => instrumentDetail(ctx, request.params.symbol),
  );

  app.get(
    '/v1/calendar',
    {
      schema: {
        tags: ['public'],
        summary: 'Listings, last trading days and final settlements dated from `from` to `to`, by date',
        querystring: CalendarQuery,
        response: { 200: CalendarResponse, ...commonErrors },
      },
    },
    (request) => calendar(ctx.products, request.query),
  );
}

function instrumentDetail(ctx: ApiContext, symbol: string): WireInstrumentDetail {
  const units = listedUnits(ctx, symbol);
  const state = instrumentState(ctx.exchange, units);
  const parsed = parseContractSymbol(units.spec.symbol);
  const product = parsed === null ? undefined : ctx.products.find((p) => p.root === parsed.root);
  if (product === undefined) return { ...wireInstrument(units), product: null, contract: null, today: null, state };
  const view = contractView(product, units.spec.symbol, civilDateUtc(ctx.clock.nowMs()), null);
  const d = view.dates;
  const s = view.schedule;
  return {
    ...wireInstrument(units),
    product: wireProduct(product),
    contract: {
      year: d.year,
      month: d.month,
      listingDate: d.listingDate,
      lastTradingDate: d.lastTradingDate,
      finalSettlementDate: d.finalSettlementDate,
      provisional: d.provisional,
    },
    today: {
      date: view.date,
      listed: view.listed,
      tradingDay: view.tradingDay,
      calendarStatus: view.calendarStatus,
      session: s.businessDay
        ? { preOpenMs: s.preOpenMs, openMs: s.openMs, closingWindowStartMs: s.closingWindowStartMs, closeMs: s.closeMs }
        : null,
    },
    state,
  };
}

export function wireProduct(p: ProductSpec): WireProduct {
  const ltd = p.lastTradingDay;
  return {
    root: p.root,
    name: p.name,
    family: p.family,
    benchmarkId: p.benchmarkId,
    contractUnit: { ...p.contractUnit },
    quote: { ...p.quote },
    tickSize: p.tickSize,
    tickValue: formatSteps(BigInt(p.tickValueMinor), { mantissa: 1n, scale: p.quote.minorDigits }),
    tickValueMinor: p.tickValueMinor,
    lotSize: p.lotSize,
    priceMax: formatSteps(p.priceTicksMax, parseStep(p.tickSize)),
    marketProtectionTicks: p.marketProtectionTicks,
    orderQtyLotsMax: p.orderQtyLotsMax,
    blockMinLots: p.blockMinLots,
    fees: { makerPerLotMinor: p.fees.makerPerLotMinor, takerPerLotMinor: p.fees.takerPerLotMinor },
    listing: { ...p.listing },
    lastTradingDay: { rule: ltd.rule, weekday: ltd.rule === 'last_weekday' ? ltd.weekday : null },
    holidays: [...p.holidays],
    holidaysKnownThrough: p.holidaysKnownThrough,
    sessions: { ...p.sessions },
    dailyLimit: {
      baseBps: p.dailyLimit.baseBps,
      escalation: p.dailyLimit.escalation.map((step) => ({ ...step })),
      haltAfterLockedDays: p.dailyLimit.haltAfterLockedDays,
    },
    priceBand: { ...p.priceBand },
    circuitBreaker: { ...p.circuitBreaker },
    positionLimits: { ...p.positionLimits },
    settlement: { ...p.settlement },
    margin: { ...p.margin },
    finalSettlement: { ...p.finalSettlement },
  };
}

function calendar(products: readonly ProductSpec[], query: { from: string; to: string; root?: string | undefined }): WireCalendar {
  const { from, to, root } = query;
  if (!isCivilDate(from)) throw fieldError('field_invalid', `query.from: "${from}" is not a YYYY-MM-DD date`);
  if (!isCivilDate(to)) throw fieldError('field_invalid', `query.to: "${to}" is not a YYYY-MM-DD date`);
  if (from > to) throw fieldError('field_invalid', `query.to: ${to} is before query.from ${from}`);
  if (daysBetween(from, to) > calendarRangeDaysMax) {
    throw fieldError('field_invalid', `query.to: the range ${from} to ${to} is longer than ${calendarRangeDaysMax} days`);
  }
  const chosen = root === undefined ? products : products.filter((p) => p.root === root);
  if (root !== undefined && chosen.length === 0) {
    const roots = products.length === 0 ? 'no products loaded' : products.map((p) => p.root).join(', ');
    throw fieldError('field_invalid', `query.root: "${root}" is not a product root (${roots})`);
  }
  const events = chosen.flatMap((p) => calendarEvents(p, from, to).map((e) => ({ ...e, root: p.root }))).sort(compareCalendarEvents);
  return { from, to, root: root ?? null, events };
}
