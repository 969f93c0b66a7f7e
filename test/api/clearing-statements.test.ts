// Margin, settlement history and daily statements through the API: GET /v1/margin,
// GET /v1/settlements and GET /v1/statements/:date (JSON and CSV) for the key's own
// account, statements of past dates after several end-of-day cycles, 404s naming the
// date, 422 without clearing, bad input naming the field, and the read model's history
// surviving snapshot, restore and recovery byte for byte.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statementCsv, type Statement } from '../../src/core/clearing/index.ts';
import { stateHashOf, type EngineCommand } from '../../src/core/engine/index.ts';
import { defaultProductsDir, loadProducts } from '../../src/contracts-data/products.ts';
import { createApiKey } from '../../src/server/auth/key-store.ts';
import { recover, type ExchangeSnapshot } from '../../src/server/exchange.ts';
import { ReadModel, readModelLimits } from '../../src/server/read-model.ts';
import { MemorySnapshotStore } from '../../src/store/memory-snapshot-store.ts';
import { limitOrder, makeHarness, signed, type Harness, setUpTestClearing } from './harness.ts';

let h: Harness;

beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => h.close());

async function setUpClearing(): Promise<void> {
  await setUpTestClearing(h);
}

/** Signed GET with its own timestamp, so repeated reads are not refused as replays. */
async function get(key: Harness['alice'], url: string) {
  h.clock.advance(1);
  return signed(h, key, 'GET', url);
}

async function operator(url: string, body: unknown): Promise<void> {
  h.clock.advance(1);
  const response = await signed(h, h.operator, 'POST', url, { body });
  expect(response.statusCode, `${url} ${response.body}`).toBe(200);
}

async function openAndFund(account: string, amount: string): Promise<void> {
  await operator('/v1/admin/clearing/accounts', { account, member: 'M1', kind: 'customer' });
  await operator('/v1/admin/clearing/collateral', { account, movement: 'deposit', currency: 'USD', amount });
}

function settle(date: string, cycle: 'intraday' | 'end_of_day', price: string): Promise<void> {
  return operator('/v1/admin/clearing/settlements', { date, cycle, prices: { TOKZ26: price } });
}

/** Bob buys 2 TOKZ26 from alice at 12.34; cycles on two days. Returns bob's statement as the house froze it on day one. */
async function tradeAndSettle(): Promise<Statement> {
  await setUpClearing();
  await openAndFund('alice', '5000.00');
  await openAndFund('bob', '5000.00');
  const sell = await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', qty: '2', clientOrderId: 's1' }) });
  expect(sell.statusCode).toBe(201);
  const buy = await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ qty: '2', clientOrderId: 'b1' }) });
  expect(buy.statusCode).toBe(201);
  await settle('2026-11-23', 'intraday', '12.40');
  await settle('2026-11-23', 'end_of_day', '12.44');
  const frozen = h.exchange.engine.clearing!.statementOf('bob')!;
  await settle('2026-11-24', 'end_of_day', '12.30');
  return frozen;
}

describe('GET /v1/margin', () => {
  it('shows per currency the requirement, equity and excess and per product the SPAN lines', async () => {
    await tradeAndSettle();
    const house = h.exchange.engine.clearing!;
    const response = await get(h.bob, '/v1/margin');
    expect(response.statusCode).toBe(200);
    const margin = house.marginOf('bob');
    const usd = margin.byCurrency.get('USD')!;
    const product = margin.byProduct[0]!;
    const cents = (minor: bigint): string => (Number(minor) / 100).toFixed(2);
    expect(usd.initialMinor).toBeGreaterThan(0n);
    expect(response.json()).toEqual({
      account: 'bob',
      currencies: [
        {
          currency: 'USD',
          // 5000 + 12 + 8 - 28: the variation margin of the three cycles.
          equity: '4992.00',
          initialMargin: cents(usd.initialMinor),
          maintenanceMargin: cents(usd.maintenanceMinor),
          excess: cents(house.excessMinor('bob', 'USD')),
        },
      ],
      products: [
        {
          root: 'TOK',
          currency: 'USD',
          scanRisk: cents(product.margin.scanRiskMinor),
          worstScenario: product.margin.worstScenario,
          spreads: 0,
          spreadCharge: '0.00',
          initialMargin: cents(product.margin.initialMinor),
          maintenanceMargin: cents(product.margin.maintenanceMinor),
        },
      ],
      inDefault: false,
      openCall: null,
    });
  });

  it('answers 404 for a key whose account is not a clearing account', async () => {
    await setUpClearing();
    const response = await get(h.alice, '/v1/margin');
    expect(response.statusCode).toBe(404);
    expect(response.json<{ message: string }>().message).toContain('account: alice');
  });
});

describe('GET /v1/settlements', () => {
  it('lists the variation margin of each cycle, newest first, and each account sees only its own', async () => {
    await tradeAndSettle();
    const bob = await get(h.bob, '/v1/settlements');
    expect(bob.statusCode).toBe(200);
    const rows = (list: { date: string; cycle: string; currency: string; amount: string }[]) =>
      list.map(({ date, cycle, currency, amount }) => ({ date, cycle, currency, amount }));
    const bobRows = bob.json<{ settlements: { date: string; cycle: string; currency: string; amount: string; seq: number }[] }>();
    expect(rows(bobRows.settlements)).toEqual([
      { date: '2026-11-24', cycle: 'end_of_day', currency: 'USD', amount: '-28.00' },
      { date: '2026-11-23', cycle: 'end_of_day', currency: 'USD', amount: '8.00' },
      { date: '2026-11-23', cycle: 'intraday', currency: 'USD', amount: '12.00' },
    ]);
    expect(bobRows.settlements[0]!.seq).toBeGreaterThan(bobRows.settlements[1]!.seq);
    const alice = await get(h.alice, '/v1/settlements?limit=2');
    expect(rows(alice.json<{ settlements: { date: string; cycle: string; currency: string; amount: string }[] }>().settlements)).toEqual([
      { date: '2026-11-24', cycle: 'end_of_day', currency: 'USD', amount: '28.00' },
      { date: '2026-11-23', cycle: 'end_of_day', currency: 'USD', amount: '-8.00' },
    ]);
    // An account with no clearing account has no history.
    const carol = createApiKey(h.keys, { account: 'carol' });
    expect((await get(carol, '/v1/settlements')).json()).toEqual({ settlements: [] });
  });
});

describe('GET /v1/statements/:date', () => {
  it('answers the statement of a past date in JSON and as the clearing house CSV', async () => {
    const frozen = await tradeAndSettle();
    const day1 = await get(h.bob, '/v1/statements/2026-11-23');
    expect(day1.statusCode).toBe(200);
    expect(day1.headers['content-type']).toContain('application/json');
    expect(day1.json()).toMatchObject({
      account: 'bob',
      member: 'M1',
      date: '2026-11-23',
      positions: [
        {
          symbol: 'TOKZ26',
          currency: 'USD',
          netQty: '2',
          boughtQty: '2',
          soldQty: '0',
          averagePrice: '12.34',
          settlementPrice: '12.44',
          realisedPnl: '0.00',
          unrealisedPnl: '20.00',
        },
      ],
      cash: [
        {
          currency: 'USD',
          opening: '0.00',
          deposits: '5000.00',
          withdrawals: '0.00',
          fees: '0.00',
          variationMargin: '20.00',
          finalSettlement: '0.00',
          defaultCover: '0.00',
          closing: '5020.00',
        },
      ],
    });
    const cash = day1.json<{ cash: { closing: string; initialMargin: string; excess: string }[] }>().cash[0]!;
    expect(Number(cash.excess)).toBeCloseTo(Number(cash.closing) - Number(cash.initialMargin), 2);

    const csv = await get(h.bob, '/v1/statements/2026-11-23?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(statementCsv(frozen));

    // The next day's statement: nothing traded, the day's variation margin, the new settlement price.
    const day2 = await get(h.bob, '/v1/statements/2026-11-24?format=json');
    expect(day2.json()).toMatchObject({
      date: '2026-11-24',
      positions: [{ symbol: 'TOKZ26', netQty: '2', boughtQty: '0', settlementPrice: '12.30', unrealisedPnl: '-8.00' }],
      cash: [{ opening: '5020.00', variationMargin: '-28.00', closing: '4992.00' }],
    });
    // Alice's statement of the same date is hers.
    const alice = await get(h.alice, '/v1/statements/2026-11-23');
    expect(alice.json()).toMatchObject({ account: 'alice', positions: [{ netQty: '-2', soldQty: '2' }], cash: [{ closing: '4980.00' }] });
  });

  it('answers 404 naming the date when there is no statement', async () => {
    await tradeAndSettle();
    const carol = createApiKey(h.keys, { account: 'carol' });
    for (const [key, url] of [
      [h.bob, '/v1/statements/2026-11-25'],
      [h.bob, '/v1/statements/2026-11-22?format=csv'],
      [carol, '/v1/statements/2026-11-23'],
    ] as const) {
      const response = await get(key, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json<{ message: string }>().message, url).toMatch(/^date: no statement of \w+ for 2026-11-2\d$/);
    }
  });
});

describe('clearing history routes', () => {
  it('answer 422 when clearing is not set up', async () => {
    for (const url of ['/v1/margin', '/v1/settlements', '/v1/statements/2026-11-23']) {
      const response = await get(h.alice, url);
      expect(response.statusCode, url).toBe(422);
      expect(response.json<{ message: string }>().message, url).toContain('clearing: not set up');
    }
  });

  it('refuse bad input with the field named', async () => {
    await setUpClearing();
    const cases: [string, string][] = [
      ['/v1/statements/23-11-2026', 'params.date'],
      ['/v1/statements/2026-11-23?format=xml', 'query.format'],
      ['/v1/statements/2026-11-23?pages=2', 'query.pages'],
      ['/v1/settlements?limit=0', 'query.limit'],
      ['/v1/settlements?limit=ten', 'query.limit'],
    ];
    for (const [url, field] of cases) {
      const response = await get(h.alice, url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ message: string }>().message, url).toContain(field);
    }
    // Traders cannot read another account's statement: the route has no account parameter at all.
    expect((await get(h.alice, '/v1/statements/2026-11-23?account=bob')).statusCode).toBe(400);
  });
});

describe('read model clearing history', () => {
  it('survives snapshot and restore, and recovery from a snapshot with an end-of-day cycle in the tail', async () => {
    await setUpClearing();
    await openAndFund('alice', '5000.00');
    await openAndFund('bob', '5000.00');
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', qty: '2', clientOrderId: 's1' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ qty: '2', clientOrderId: 'b1' }) });
    await settle('2026-11-23', 'end_of_day', '12.44');
    const snapshot: ExchangeSnapshot = { engine: h.exchange.engine.snapshot(), readModel: h.exchange.readModel.snapshot() };
    await settle('2026-11-24', 'intraday', '12.40');
    await settle('2026-11-24', 'end_of_day', '12.30');

    const live = h.exchange.readModel.snapshot();
    expect(live.statements?.map((s) => `${s.account} ${s.date}`)).toEqual([
      'alice 2026-11-23',
      'alice 2026-11-24',
      'bob 2026-11-23',
      'bob 2026-11-24',
    ]);
    expect(JSON.stringify(ReadModel.restore(live).snapshot())).toBe(JSON.stringify(live));

    const store = new MemorySnapshotStore<ExchangeSnapshot>();
    await store.open();
    await store.save({ seq: snapshot.engine.lastSeq, stateHash: stateHashOf(snapshot.engine), snapshot });
    const recovered = await recover(h.journal, store);
    expect(recovered.replayed).toBe(2);
    expect(JSON.stringify(recovered.readModel.snapshot())).toBe(JSON.stringify(live));
    expect(recovered.readModel.statement('bob', '2026-11-23')).toEqual(h.exchange.readModel.statement('bob', '2026-11-23'));
  });

  it('keeps the last 1,000 settlements and the last 31 statements per account', () => {
    const model = new ReadModel();
    const command = { type: 'EnforceMarginCalls' } as const;
    const dates = Array.from(
      { length: 40 },
      (_, i) => `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
    // A stand-in for the clearing house: the two queries the capture uses.
    let frozen = '';
    const house = {
      accountIds: () => ['bob'],
      statementOf: (account: string): Statement => ({ account, member: 'M1', date: frozen, positions: [], cash: [] }),
    } as unknown as NonNullable<Harness['exchange']['engine']['clearing']>;
    let seq = 0;
    for (const [i, date] of dates.entries()) {
      frozen = date;
      const posted = Array.from({ length: 40 }, (_, k) => ({
        type: 'VariationMarginPosted' as const,
        date,
        cycle: 'end_of_day' as const,
        account: 'bob',
        currency: 'USD',
        amountMinor: BigInt(i * 100 + k) as never,
      }));
      const done = {
        type: 'SettlementCycleCompleted' as const,
        date,
        cycle: 'end_of_day' as const,
        tsMs: i,
        accountsPosted: 1,
        totals: [],
      };
      model.apply(++seq, i, command, [...posted, done], house);
    }
    const settlements = model.settlements('bob', 5_000);
    expect(settlements.length).toBeGreaterThanOrEqual(readModelLimits.settlementsPerAccountMax);
    expect(settlements[0]!.amountMinor).toBe(String(39 * 100 + 39));
    expect(model.settlements('bob', readModelLimits.settlementsPerAccountMax)).toHaveLength(1_000);
    const kept = dates.filter((date) => model.statement('bob', date) !== undefined);
    expect(kept).toEqual(dates.slice(-readModelLimits.statementsPerAccountMax));
    expect(JSON.stringify(ReadModel.restore(model.snapshot()).snapshot())).toBe(JSON.stringify(model.snapshot()));
  });
});

describe('POST /v1/admin/clearing/settlements without prices', () => {
  it("runs the cycle at the engine's own settlement prices, and refuses it while a cleared contract has none", async () => {
    await setUpClearing();
    await openAndFund('alice', '5000.00');
    await openAndFund('bob', '5000.00');
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', qty: '2', clientOrderId: 's1' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ qty: '2', clientOrderId: 'b1' }) });
    const run = async () => {
      h.clock.advance(1);
      const date = new Date(h.clock.nowMs()).toISOString().slice(0, 10);
      return signed(h, h.operator, 'POST', '/v1/admin/clearing/settlements', { body: { date, cycle: 'end_of_day' } });
    };
    // TOKZ26 is cleared but no product lists it to the engine: no engine price, so clearing refuses, naming it.
    const refused = await run();
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ reason: 'settlement_price_missing', message: 'cycle: no settlement price for TOKZ26' });
    // Listed with a prior settlement and opened, a trade at 12.34 makes the day's price (no closing-window
    // trade: the last trade) and the cycle runs.
    const tok = loadProducts(defaultProductsDir).find((p) => p.root === 'TOK')!;
    for (const command of [
      { type: 'ListProduct', spec: tok },
      { type: 'SetPriorSettlement', symbol: 'TOKZ26', priceTicks: 1_200 },
      { type: 'StartPreOpen', symbol: 'TOKZ26' },
      { type: 'OpenTrading', symbol: 'TOKZ26' },
    ] as const satisfies readonly EngineCommand[]) {
      await h.exchange.submit(command);
    }
    await signed(h, h.alice, 'POST', '/v1/orders', { body: limitOrder({ side: 'sell', qty: '1', clientOrderId: 's2' }) });
    await signed(h, h.bob, 'POST', '/v1/orders', { body: limitOrder({ qty: '1', clientOrderId: 'b2' }) });
    expect((await run()).statusCode).toBe(200);
    expect(h.exchange.engine.contractState('TOKZ26')?.lastSettlement).toMatchObject({
      cycle: 'end_of_day',
      priceTicks: 1_234,
      tier: 'last_trade_clamped',
    });
    expect(h.exchange.engine.clearing!.positionOf('bob', 'TOKZ26')).toMatchObject({ netLots: 3 });
  });
});
