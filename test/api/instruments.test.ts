// GET /v1/instruments/:symbol and GET /v1/calendar through inject: the full view of a
// product's contract (matching spec, product specification, dates, today's schedule,
// the engine's live state once the product is listed to it), an instrument of no product, unknown symbols, calendar ranges
// and every bad calendar query. Products come from the project's products/ files; the
// harness clock stands at 2026-09-21 (a Monday) 14:13 UTC.
import { afterEach, describe, expect, it } from 'vitest';
import { calendarRangeDaysMax, type ProductSpec } from '../../src/core/contracts/index.ts';
import type { Lots, Ticks } from '../../src/core/kernel/index.ts';
import type { InstrumentSpec } from '../../src/core/model/index.ts';
import type { EngineCommand } from '../../src/core/engine/index.ts';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import type { WireCalendar, WireInstrumentDetail } from '../../src/server/http/contract-schemas.ts';
import { instrumentsListedOn } from '../../src/server/listing-roll.ts';
import { makeHarness, type Harness } from './harness.ts';

const products = loadProducts(defaultProductsDir);
const productOf = (root: string): ProductSpec => {
  const product = products.find((p) => p.root === root);
  if (product === undefined) throw new Error(`no product ${root} in products/`);
  return product;
};
const harnessDate = '2026-09-21';

/** The state of an instrument the contract rules do not cover (its product not listed to the engine). */
const noRules = {
  session: null,
  haltReason: null,
  resumeAtMs: null,
  reopenAtMs: null,
  priorSettlement: null,
  referencePrice: null,
  limits: null,
  band: null,
  indicative: null,
  lastSettlement: null,
  finalSettlementPrice: null,
  dayTrades: 0,
};
const dayMs = 86_400_000;

/** An instrument no product describes. */
const plainInstrument: InstrumentSpec = {
  symbol: 'GPUIDX',
  tickSize: '0.05',
  lotSize: '2',
  priceTicksMin: 1 as Ticks,
  priceTicksMax: 200_000 as Ticks,
  orderQtyLotsMax: 50 as Lots,
  marketProtectionTicks: 100 as Ticks,
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withProducts(): Promise<Harness> {
  h = await makeHarness({ products, instruments: [...instrumentsListedOn(products, harnessDate), plainInstrument] });
  return h;
}

async function get(harness: Harness, url: string) {
  return harness.app.inject({ method: 'GET', url });
}

describe('GET /v1/instruments/:symbol', () => {
  it("shows a product contract's matching spec, product specification, dates, today and state", async () => {
    const harness = await withProducts();
    const response = await get(harness, '/v1/instruments/TOKZ26');
    expect(response.statusCode).toBe(200);
    const body = response.json<WireInstrumentDetail>();
    const tok = productOf('TOK');
    expect(body).toMatchObject({
      symbol: 'TOKZ26',
      tickSize: '0.001',
      lotSize: '1',
      priceMin: '0.001',
      priceMax: '1000.000',
      qtyMax: String(tok.orderQtyLotsMax),
    });
    expect(body.product).toMatchObject({
      root: 'TOK',
      name: tok.name,
      family: tok.family,
      benchmarkId: tok.benchmarkId,
      contractUnit: tok.contractUnit,
      quote: { currency: 'USD', minorDigits: 2, unit: tok.quote.unit },
      tickSize: '0.001',
      tickValue: '1.00',
      tickValueMinor: '100',
      lotSize: '1',
      priceMax: '1000.000',
      lastTradingDay: { rule: 'last_business_day', weekday: null },
      holidays: tok.holidays,
      holidaysKnownThrough: tok.holidaysKnownThrough,
      sessions: tok.sessions,
      dailyLimit: tok.dailyLimit,
      priceBand: tok.priceBand,
      circuitBreaker: tok.circuitBreaker,
      positionLimits: tok.positionLimits,
      settlement: tok.settlement,
      margin: { initialBps: 1200, maintenanceBps: 1100 },
      finalSettlement: { method: 'cash', against: 'benchmark_final_settlement_value', lagBusinessDays: 1 },
      orderQtyLotsMax: tok.orderQtyLotsMax,
      blockMinLots: tok.blockMinLots,
      marketProtectionTicks: tok.marketProtectionTicks,
      listing: tok.listing,
    });
    // Last business day of December 2026 is Thursday the 31st; one business day later,
    // past the New Year holiday (Friday) and the weekend, is Monday 4 January.
    expect(body.contract).toEqual({
      year: 2026,
      month: 12,
      listingDate: '2026-01-02',
      lastTradingDate: '2026-12-31',
      finalSettlementDate: '2027-01-04',
      provisional: false,
    });
    const midnight = Date.UTC(2026, 8, 21);
    expect(body.today).toEqual({
      date: harnessDate,
      listed: true,
      tradingDay: true,
      calendarStatus: 'in its trading period, last trading day 2026-12-31',
      session: {
        preOpenMs: midnight,
        openMs: midnight + 15 * 60_000,
        closingWindowStartMs: midnight + (19 * 60 + 58) * 60_000,
        closeMs: midnight + 20 * 3_600_000,
      },
    });
    expect(body.state).toMatchObject(noRules);
  });

  it("shows the engine's live state: session, limits, band and the pre-open's indicative auction price", async () => {
    const harness = await withProducts();
    const send = async (command: EngineCommand): Promise<void> => {
      const applied = await harness.exchange.submit(command);
      const refused = applied.events.find((e) => e.type.endsWith('Rejected'));
      if (refused !== undefined) throw new Error(JSON.stringify(refused));
    };
    await send({ type: 'ListProduct', spec: productOf('TOK') });
    await send({ type: 'SetPriorSettlement', symbol: 'TOKZ26', priceTicks: 6_374 });
    expect((await get(harness, '/v1/instruments/TOKZ26')).json<WireInstrumentDetail>().state).toMatchObject({ session: 'listed' });
    await send({ type: 'StartPreOpen', symbol: 'TOKZ26' });
    const order = (account: string, side: 'buy' | 'sell', qty: number, price: number): EngineCommand => ({
      type: 'SubmitOrder',
      symbol: 'TOKZ26',
      account,
      clientOrderId: `${account}-${side}`,
      side,
      orderType: 'limit',
      tif: 'day',
      qtyLots: qty as Lots,
      priceTicks: price as Ticks,
    });
    await send(order('alice', 'buy', 3, 6_400));
    await send(order('bob', 'sell', 2, 6_380));
    const state = (await get(harness, '/v1/instruments/TOKZ26')).json<WireInstrumentDetail>().state;
    // Limits 10% of 6.374 (637 ticks); band 5% (318 ticks) around the reference, the prior settlement.
    expect(state).toEqual({
      session: 'pre_open',
      haltReason: null,
      resumeAtMs: null,
      reopenAtMs: null,
      priorSettlement: '6.374',
      referencePrice: '6.374',
      limits: { lower: '5.737', upper: '7.011', step: 0, lockedDays: 0, initialMarginBps: 1200, maintenanceMarginBps: 1100 },
      band: { lower: '6.056', upper: '6.692' },
      indicative: { price: '6.380', qty: '2', imbalance: '1', imbalanceSide: 'buy' },
      lastSettlement: null,
      finalSettlementPrice: null,
      dayTrades: 0,
      dayVolume: '0',
    });
  });

  it('shows the weekday rule of a compute product and no session on a weekend', async () => {
    const harness = await withProducts();
    harness.clock.advance(5 * dayMs); // Saturday 2026-09-26
    const body = (await get(harness, '/v1/instruments/H100U26')).json<WireInstrumentDetail>();
    expect(body.product?.lastTradingDay).toEqual({ rule: 'last_weekday', weekday: 5 });
    expect(body.product?.margin).toEqual(productOf('H100').margin);
    expect(body.contract).toMatchObject({ lastTradingDate: '2026-09-25', finalSettlementDate: '2026-09-28' });
    // Still listed on the exchange (expiry is not wired); the calendar says it expired.
    expect(body.today).toEqual({
      date: '2026-09-26',
      listed: false,
      tradingDay: false,
      calendarStatus: 'expired; final settlement on 2026-09-28',
      session: null,
    });
  });

  it('shows an instrument of no product with its matching spec only', async () => {
    const harness = await withProducts();
    const response = await get(harness, '/v1/instruments/GPUIDX');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      symbol: 'GPUIDX',
      tickSize: '0.05',
      lotSize: '2',
      priceMin: '0.05',
      priceMax: '10000.00',
      qtyMax: '100',
      product: null,
      contract: null,
      today: null,
      state: { ...noRules, dayVolume: '0' },
    });
  });

  it('answers without products with the matching spec and product null', async () => {
    h = await makeHarness();
    const response = await get(h, '/v1/instruments/TOKZ26');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ symbol: 'TOKZ26', tickSize: '0.01', product: null, contract: null, today: null });
  });

  it('answers 404 unknown_instrument for a symbol the exchange does not list', async () => {
    const harness = await withProducts();
    // A contract of a product beyond the listed months, a product root, and nonsense.
    for (const symbol of ['TOKZ30', 'TOK', 'NOPE']) {
      const response = await get(harness, `/v1/instruments/${symbol}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 2001, reason: 'unknown_instrument', message: `symbol: no instrument ${symbol}` });
    }
  });

  it('refuses a malformed symbol with 400 naming params.symbol', async () => {
    const harness = await withProducts();
    const response = await get(harness, '/v1/instruments/TOK%20Z26');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 1003, reason: 'field_invalid', message: /^params\.symbol: / });
  });
});

describe('GET /v1/calendar', () => {
  it('lists every product’s events in a range, by date, then kind, then symbol', async () => {
    const harness = await withProducts();
    const response = await get(harness, '/v1/calendar?from=2026-09-25&to=2026-10-02');
    expect(response.statusCode).toBe(200);
    const body = response.json<WireCalendar>();
    expect(body.from).toBe('2026-09-25');
    expect(body.to).toBe('2026-10-02');
    expect(body.root).toBeNull();
    expect(body.events.map((e) => `${e.date} ${e.kind} ${e.symbol} ${e.root}`)).toEqual([
      '2026-09-25 last_trading_day H100U26 H100',
      '2026-09-28 listing H100U27 H100',
      '2026-09-28 final_settlement H100U26 H100',
      '2026-09-30 last_trading_day TOKLU26 TOKL',
      '2026-09-30 last_trading_day TOKU26 TOK',
      '2026-10-01 listing TOKLU27 TOKL',
      '2026-10-01 listing TOKU27 TOK',
      '2026-10-01 final_settlement TOKLU26 TOKL',
      '2026-10-01 final_settlement TOKU26 TOK',
    ]);
    expect(body.events.every((e) => !e.provisional)).toBe(true);
  });

  it('filters by root, includes both ends, and may be empty', async () => {
    const harness = await withProducts();
    const tok = (await get(harness, '/v1/calendar?from=2026-09-30&to=2026-10-01&root=TOK')).json<WireCalendar>();
    expect(tok.root).toBe('TOK');
    expect(tok.events).toEqual([
      { date: '2026-09-30', kind: 'last_trading_day', symbol: 'TOKU26', root: 'TOK', provisional: false },
      { date: '2026-10-01', kind: 'listing', symbol: 'TOKU27', root: 'TOK', provisional: false },
      { date: '2026-10-01', kind: 'final_settlement', symbol: 'TOKU26', root: 'TOK', provisional: false },
    ]);
    const weekend = await get(harness, '/v1/calendar?from=2026-09-26&to=2026-09-27');
    expect(weekend.statusCode).toBe(200);
    expect(weekend.json<WireCalendar>().events).toEqual([]);
  });

  it('marks events beyond the holiday calendar provisional and accepts the longest range', async () => {
    const harness = await withProducts();
    const to = new Date(Date.UTC(2026, 0, 1) + calendarRangeDaysMax * dayMs).toISOString().slice(0, 10);
    const response = await get(harness, `/v1/calendar?from=2026-01-01&to=${to}&root=TOK`);
    expect(response.statusCode).toBe(200);
    const events = response.json<WireCalendar>().events;
    expect(events.filter((e) => e.kind === 'last_trading_day').length).toBeGreaterThan(100);
    // A contract is provisional when its final settlement lies beyond the holiday list.
    const settles = new Map(events.filter((e) => e.kind === 'final_settlement').map((e) => [e.symbol, e.date]));
    expect(events.some((e) => e.provisional)).toBe(true);
    for (const e of events.filter((x) => settles.has(x.symbol))) {
      expect(e.provisional, e.symbol).toBe((settles.get(e.symbol) ?? '') > productOf('TOK').holidaysKnownThrough);
    }
    const dates = events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('answers an empty list without products', async () => {
    h = await makeHarness();
    const response = await get(h, '/v1/calendar?from=2026-09-01&to=2026-10-31');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ from: '2026-09-01', to: '2026-10-31', root: null, events: [] });
  });

  it('refuses bad queries with 400 naming the query field', async () => {
    const harness = await withProducts();
    const tooLong = new Date(Date.UTC(2026, 0, 1) + (calendarRangeDaysMax + 1) * dayMs).toISOString().slice(0, 10);
    const cases: [string, number, RegExp][] = [
      ['to=2026-10-01', 1002, /^query\.from: is required$/],
      ['from=2026-09-01', 1002, /^query\.to: is required$/],
      ['from=2026-02-30&to=2026-03-01', 1003, /^query\.from: "2026-02-30" is not a YYYY-MM-DD date$/],
      ['from=yesterday&to=2026-03-01', 1003, /^query\.from: "yesterday" is not a YYYY-MM-DD date$/],
      ['from=2026-03-01&to=2026-3-9', 1003, /^query\.to: "2026-3-9" is not a YYYY-MM-DD date$/],
      ['from=2026-10-02&to=2026-10-01', 1003, /^query\.to: 2026-10-01 is before query\.from 2026-10-02$/],
      [`from=2026-01-01&to=${tooLong}`, 1003, new RegExp(`^query\\.to: the range .* is longer than ${calendarRangeDaysMax} days$`)],
      ['from=2026-09-01&to=2026-10-01&root=BTC', 1003, /^query\.root: "BTC" is not a product root \(H100, TOK, TOKL\)$/],
      ['from=2026-09-01&to=2026-10-01&color=red', 1003, /^query\.color: unknown field$/],
    ];
    for (const [query, code, message] of cases) {
      const response = await get(harness, `/v1/calendar?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ code: number; reason: string; message: string }>();
      expect(body.code, query).toBe(code);
      expect(body.reason, query).toBe(code === 1002 ? 'field_missing' : 'field_invalid');
      expect(body.message, query).toMatch(message);
    }
  });
});
