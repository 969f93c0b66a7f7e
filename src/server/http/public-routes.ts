/**
 * Public REST routes: time, instruments, book (with its seq), recent trades.
 * Reads only; none of them reaches the sequencer.
 */
import { rejectCode } from '../../core/kernel/index.ts';
import { ApiError } from '../api/api-errors.ts';
import {
  BookQuery,
  InstrumentsResponse,
  LimitQuery,
  SymbolParams,
  TimeResponse,
  TradesResponse,
  Book,
  commonErrors,
  ErrorBody,
} from '../api/schemas.ts';
import { wireBook, wireInstrument, wireTrade } from '../api/wire-views.ts';
import type { InstrumentUnits } from '../wire.ts';
import type { ApiContext, TypedApp } from './app.ts';

export const bookDepthDefault = 20;
export const tradesLimitDefault = 100;

/** A listed instrument's units, or the 404 `unknown_instrument` every public route answers. */
export function listedUnits(ctx: ApiContext, symbol: string): InstrumentUnits {
  const units = ctx.exchange.units(symbol);
  if (units === undefined) {
    throw new ApiError(404, {
      code: rejectCode('unknown_instrument'),
      reason: 'unknown_instrument',
      message: `symbol: no instrument ${symbol}`,
    });
  }
  return units;
}

export function registerPublicRoutes(app: TypedApp, ctx: ApiContext): void {
  const unitsOf = (symbol: string): InstrumentUnits => listedUnits(ctx, symbol);

  app.get('/v1/time', { schema: { tags: ['public'], summary: 'Server time', response: { 200: TimeResponse, ...commonErrors } } }, () => ({
    timeMs: Math.floor(ctx.clock.nowMs()),
  }));

  app.get(
    '/v1/instruments',
    { schema: { tags: ['public'], summary: 'Listed instruments', response: { 200: InstrumentsResponse, ...commonErrors } } },
    () => ({ instruments: ctx.exchange.instruments().map(wireInstrument) }),
  );

  app.get(
    '/v1/book/:symbol',
    {
      schema: {
        tags: ['public'],
        summary: 'Order book levels, best first, at the sequence number `seq`',
        params: SymbolParams,
        querystring: BookQuery,
        response: { 200: Book, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => wireBook(ctx.exchange, unitsOf(request.params.symbol), request.query.depth ?? bookDepthDefault),
  );

  app.get(
    '/v1/trades/:symbol',
    {
      schema: {
        tags: ['public'],
        summary: 'Recent trades, newest first',
        params: SymbolParams,
        querystring: LimitQuery,
        response: { 200: TradesResponse, 404: ErrorBody, ...commonErrors },
      },
    },
    (request) => {
      const units = unitsOf(request.params.symbol);
      const trades = ctx.exchange.readModel.trades(units.spec.symbol, request.query.limit ?? tradesLimitDefault);
      return { symbol: units.spec.symbol, trades: trades.map((trade) => wireTrade(trade, units)) };
    },
  );
}
