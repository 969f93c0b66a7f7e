/**
 * Clearing routes: an account's collateral, margin, positions, variation-margin history
 * and daily statements for its own key, and the operator's clearing commands (accounts,
 * collateral movements, settlement runs).
 *
 * Money on the wire is a decimal string in the currency's major unit ("1000.00" USD),
 * converted exactly to minor units (never rounded). A clearing rejection answers 422
 * with its code; with no clearing house set up the routes answer 422 `field_invalid`.
 * Statements are the read model's copies of each end-of-day cycle's frozen statement
 * (the last `readModelLimits.statementsPerAccountMax` dates); `?format=csv` answers the
 * clearing house's CSV (amounts in minor units, prices in ticks) as text/csv.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { statementCsv, type ClearingHouse } from '../../core/clearing/index.ts';
import type { EngineCommand, EngineEvent } from '../../core/engine/index.ts';
import { parseStep, parseSteps, rejectCode } from '../../core/kernel/index.ts';
import { fieldError, gatewayError, rejectionError } from '../api/api-errors.ts';
import {
  AccountResponse,
  DateString,
  MarginResponse,
  PositionsResponse,
  SettlementsQuery,
  SettlementsResponse,
  StatementParams,
  StatementQuery,
  StatementResponse,
} from '../api/clearing-schemas.ts';
import { marginSummary, minorUnits, money, positionLines, wireSettlement, wireStatement } from '../api/clearing-views.ts';
import { closed, DecimalString, ErrorBody, privateErrors, SymbolString } from '../api/schemas.ts';
import type { Principal } from '../auth/authenticator.ts';
import type { ApiContext, TypedApp } from './app.ts';

const security = [{ key: [], timestamp: [], signature: [] }];
const NameString = Type.String({ minLength: 1, maxLength: 64, pattern: '^[!-~]+$' });
const CurrencyString = Type.String({ pattern: '^[A-Z]{3}$' });
const settlementsLimitDefault = 100;

const OpenAccountRequest = Type.Object(
  { account: NameString, member: NameString, kind: Type.Union([Type.Literal('house'), Type.Literal('customer')]) },
  closed,
);
const CollateralRequest = Type.Object(
  {
    account: NameString,
    movement: Type.Union([Type.Literal('deposit'), Type.Literal('withdrawal')]),
    currency: CurrencyString,
    amount: DecimalString,
  },
  closed,
);
const SettlementRequest = Type.Object(
  {
    date: DateString,
    cycle: Type.Union([Type.Literal('intraday'), Type.Literal('end_of_day')]),
    prices: Type.Optional(
      Type.Record(SymbolString, DecimalString, {
        description: 'operator prices per symbol; omitted: the engine computes each contract price from its own trading day',
      }),
    ),
  },
  closed,
);
const Done = Type.Object({ seq: Type.Integer(), events: Type.Integer() });
function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw gatewayError('auth_missing', 'tokex-key: missing');
  return principal;
}

function houseOf(ctx: ApiContext): ClearingHouse {
  const house = ctx.exchange.engine.clearing;
  if (house === null) throw rejectionError({ code: rejectCode('field_invalid'), reason: 'field_invalid', message: 'clearing: not set up' });
  return house;
}

function toMinor(field: string, currency: string, text: string): string {
  const unit = minorUnits[currency];
  if (unit === undefined) throw fieldError('field_invalid', `currency: ${currency} is not cleared`);
  const parsed = parseSteps(text, parseStep(unit));
  if (!parsed.ok) throw fieldError('field_invalid', `${field}: ${parsed.reason}`);
  if (parsed.value <= 0) throw fieldError('field_invalid', `${field}: must be positive`);
  return String(parsed.value);
}

/** Sends a clearing command; a rejection becomes 422 with its code. */
async function sendClearing(ctx: ApiContext, command: EngineCommand): Promise<{ seq: number; events: number }> {
  const applied = await ctx.gateway.send(command);
  const refused = applied.events.find(
    (event: EngineEvent): event is Extract<EngineEvent, { type: 'ClearingCommandRejected' | 'ContractCommandRejected' }> =>
      event.type === 'ClearingCommandRejected' || event.type === 'ContractCommandRejected',
  );
  if (refused !== undefined) throw rejectionError({ code: refused.code, reason: refused.name, message: refused.reason });
  return { seq: applied.seq, events: applied.events.length };
}

export function registerClearingRoutes(app: TypedApp, ctx: ApiContext): void {
  app.get(
    '/v1/account',
    {
      config: { auth: 'trader' },
      schema: {
        tags: ['clearing'],
        security,
        summary: "Collateral, equity and margin of the key's account",
        response: { 200: AccountResponse, 404: ErrorBody, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => {
      const house = houseOf(ctx);
      const { account } = principalOf(request);
      if (!house.hasAccount(account)) throw gatewayError('route_not_found', `account: ${account} is not a clearing account`);
      const margin = house.marginOf(account).byCurrency;
      const currencies = house.currencies().map((currency) => {
        const need = margin.get(currency) ?? { initialMinor: 0n, maintenanceMinor: 0n };
        return {
          currency,
          collateral: money(currency, house.collateralMinor(account, currency)),
          equity: money(currency, house.equityMinor(account, currency)),
          initialMargin: money(currency, need.initialMinor),
          maintenanceMargin: money(currency, need.maintenanceMinor),
          excess: money(currency, house.excessMinor(account, currency)),
        };
      });
      const call = house.openCallOf(account);
      return {
        account,
        currencies,
        inDefault: house.isInDefault(account),
        openCall:
          call === null ? null : { callId: call.callId, amount: money(call.currency, call.amountMinor), deadlineMs: call.deadlineMs },
      };
    },
  );

  app.get(
    '/v1/positions',
    {
      config: { auth: 'trader' },
      schema: {
        tags: ['clearing'],
        security,
        summary: "Net positions of the key's account",
        response: { 200: PositionsResponse, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => {
      const house = houseOf(ctx);
      return { positions: positionLines(ctx.exchange, house, principalOf(request).account) };
    },
  );

  app.get(
    '/v1/margin',
    {
      config: { auth: 'trader' },
      schema: {
        tags: ['clearing'],
        security,
        summary: "Margin of the key's account: per currency the requirement, equity and excess; per product the SPAN lines",
        response: { 200: MarginResponse, 404: ErrorBody, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => {
      const house = houseOf(ctx);
      const { account } = principalOf(request);
      if (!house.hasAccount(account)) throw gatewayError('route_not_found', `account: ${account} is not a clearing account`);
      return marginSummary(house, account);
    },
  );

  app.get(
    '/v1/settlements',
    {
      config: { auth: 'trader' },
      schema: {
        tags: ['clearing'],
        security,
        summary: "Variation margin each settlement cycle posted to the key's account, newest first",
        querystring: SettlementsQuery,
        response: { 200: SettlementsResponse, 422: ErrorBody, ...privateErrors },
      },
    },
    (request) => {
      houseOf(ctx);
      const { account } = principalOf(request);
      const records = ctx.exchange.readModel.settlements(account, request.query.limit ?? settlementsLimitDefault);
      return { settlements: records.map(wireSettlement) };
    },
  );

  app.get(
    '/v1/statements/:date',
    {
      config: { auth: 'trader' },
      schema: {
        tags: ['clearing'],
        security,
        summary: "The key's account statement of a date's end-of-day cycle (JSON, or ?format=csv for text/csv)",
        params: StatementParams,
        querystring: StatementQuery,
        response: {
          200: {
            description: 'The statement; as text/csv with ?format=csv (amounts in minor units, prices in ticks)',
            content: { 'application/json': { schema: StatementResponse }, 'text/csv': { schema: Type.String() } },
          },
          404: ErrorBody,
          422: ErrorBody,
          ...privateErrors,
        },
      },
    },
    (request, reply) => {
      houseOf(ctx);
      const { account } = principalOf(request);
      const { date } = request.params;
      const record = ctx.exchange.readModel.statement(account, date);
      if (record === undefined) throw gatewayError('route_not_found', `date: no statement of ${account} for ${date}`);
      if (request.query.format === 'csv') {
        void reply.type('text/csv; charset=utf-8').send(statementCsv(record));
        return;
      }
      return wireStatement(ctx.exchange, record);
    },
  );

  const operator = { auth: 'operator' } as const;
  const tags = ['operator'];
  app.post(
    '/v1/admin/clearing/accounts',
    {
      config: operator,
      schema: {
        tags,
        security,
        summary: 'Open a clearing account (and its member if new)',
        body: OpenAccountRequest,
        response: { 200: Done, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => {
      const house = houseOf(ctx);
      const { account, member, kind } = request.body;
      if (!house.memberIds().includes(member)) await sendClearing(ctx, { type: 'AddClearingMember', member });
      return sendClearing(ctx, { type: 'OpenClearingAccount', account, member, kind });
    },
  );
  app.post(
    '/v1/admin/clearing/collateral',
    {
      config: operator,
      schema: {
        tags,
        security,
        summary: 'Deposit or withdraw collateral',
        body: CollateralRequest,
        response: { 200: Done, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => {
      houseOf(ctx);
      const { account, movement, currency, amount } = request.body;
      return sendClearing(ctx, {
        type: 'MoveCollateral',
        movement,
        party: account,
        currency,
        amountMinor: toMinor('amount', currency, amount),
      });
    },
  );
  app.post(
    '/v1/admin/clearing/settlements',
    {
      config: operator,
      schema: {
        tags,
        security,
        summary: "Run a variation-margin cycle: at the engine's settlement prices, or at the operator's when given",
        body: SettlementRequest,
        response: { 200: Done, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => {
      houseOf(ctx);
      const { date, cycle, prices } = request.body;
      if (prices === undefined) return sendClearing(ctx, { type: 'RunDailySettlement', date, cycle });
      const pairs: [string, number][] = [];
      for (const [symbol, text] of Object.entries(prices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const units = ctx.exchange.units(symbol);
        if (units === undefined) throw fieldError('field_invalid', `prices.${symbol}: not listed`);
        const price = units.price(`prices.${symbol}`, text);
        if (!price.ok) throw fieldError('field_invalid', price.rejection.message);
        pairs.push([symbol, price.value]);
      }
      return sendClearing(ctx, { type: 'RunSettlement', date, cycle, prices: pairs });
    },
  );
}
