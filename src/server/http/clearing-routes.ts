/**
 * Clearing routes: an account's collateral, margin and positions for its own key, and
 * the operator's clearing commands (accounts, collateral movements, settlement runs).
 *
 * Money on the wire is a decimal string in the currency's major unit ("1000.00" USD),
 * converted exactly to minor units (never rounded). A clearing rejection answers 422
 * with its code; with no clearing house set up the routes answer 422 `field_invalid`.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { ClearingHouse } from '../../core/clearing/index.ts';
import type { EngineCommand, EngineEvent } from '../../core/engine/index.ts';
import { formatSteps, parseStep, parseSteps, rejectCode } from '../../core/kernel/index.ts';
import { fieldError, gatewayError, rejectionError } from '../api/api-errors.ts';
import { closed, DecimalString, ErrorBody, privateErrors, SymbolString } from '../api/schemas.ts';
import type { Principal } from '../auth/authenticator.ts';
import type { ApiContext, TypedApp } from './app.ts';

/** Minor units per major unit, by currency (ISO 4217 exponents of the currencies we clear). */
const minorUnit: Readonly<Record<string, string>> = { USD: '0.01', CNY: '0.01', EUR: '0.01' };

const security = [{ key: [], timestamp: [], signature: [] }];
const NameString = Type.String({ minLength: 1, maxLength: 64, pattern: '^[!-~]+$' });
const CurrencyString = Type.String({ pattern: '^[A-Z]{3}$' });
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

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
    prices: Type.Record(SymbolString, DecimalString),
  },
  closed,
);
const Done = Type.Object({ seq: Type.Integer(), events: Type.Integer() });
const AccountResponse = Type.Object({
  account: Type.String(),
  currencies: Type.Array(
    Type.Object({
      currency: Type.String(),
      collateral: Type.String(),
      equity: Type.String(),
      initialMargin: Type.String(),
      maintenanceMargin: Type.String(),
      excess: Type.String(),
    }),
  ),
  inDefault: Type.Boolean(),
  openCall: Type.Union([Type.Null(), Type.Object({ callId: Type.Integer(), amount: Type.String(), deadlineMs: Type.Integer() })]),
});
const PositionsResponse = Type.Object({
  positions: Type.Array(
    Type.Object({ symbol: Type.String(), netQty: Type.String(), boughtToday: Type.String(), soldToday: Type.String() }),
  ),
});

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

function money(currency: string, amountMinor: bigint): string {
  return formatSteps(amountMinor, parseStep(minorUnit[currency] ?? '1'));
}

function toMinor(field: string, currency: string, text: string): string {
  const unit = minorUnit[currency];
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
    (event: EngineEvent): event is Extract<EngineEvent, { type: 'ClearingCommandRejected' }> => event.type === 'ClearingCommandRejected',
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
        openCall: call === null ? null : { callId: call.callId, amount: String(call.amountMinor), deadlineMs: call.deadlineMs },
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
      const { account } = principalOf(request);
      const positions = [];
      if (house.hasAccount(account)) {
        for (const symbol of ctx.exchange.engine.books.listedSymbols()) {
          if (!house.hasInstrument(symbol)) continue;
          const position = house.positionOf(account, symbol);
          const units = ctx.exchange.units(symbol);
          if (position === null || units === undefined || (position.netLots === 0 && position.boughtLots + position.soldLots === 0))
            continue;
          positions.push({
            symbol,
            netQty: units.formatQty(position.netLots),
            boughtToday: units.formatQty(position.boughtLots),
            soldToday: units.formatQty(position.soldLots),
          });
        }
      }
      return { positions };
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
        summary: 'Run a variation-margin cycle at the given settlement prices',
        body: SettlementRequest,
        response: { 200: Done, 422: ErrorBody, ...privateErrors },
      },
    },
    async (request) => {
      houseOf(ctx);
      const { date, cycle, prices } = request.body;
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
